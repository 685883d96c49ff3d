import { describe, expect, it } from 'vitest';
import { SHIPPED_BATCHERS } from '../../../../src/l2/data/batchers.ts';
import type { ProvenTx } from '../../../../src/l2/data/location.ts';
import { opBatcherPosting, opBatcherReport, provenBatcherFacts } from '../../../../src/l2/data/op-batcher.ts';

const BASE = SHIPPED_BATCHERS[8453]!;
const MANTLE = SHIPPED_BATCHERS[5000]!;
const VH = (b: string) => '0x01' + b.repeat(31);

/** A batcher transaction of Base as the verified chain shows it. */
function posting(o: Partial<ProvenTx> = {}): ProvenTx {
  return { hash: '0x' + 'ab'.repeat(32), from: BASE.batcher, to: BASE.inbox, type: 2, input: '0x00' + 'cd'.repeat(40), blobVersionedHashes: [], blockNumber: 21_000_000n, ...o };
}

describe('OP Stack batcher postings (derivation.md Batch Submission, alt-da.md)', () => {
  it('a type-3 transaction from the batcher to the inbox: blobs, with its versioned hashes', () => {
    const at = opBatcherPosting(posting({ type: 3, input: '0x', blobVersionedHashes: [VH('11'), VH('22')] }), BASE)!;
    expect(at.where).toBe('blobs');
    expect(at.versionedHashes).toEqual([VH('11'), VH('22')]);
    expect(at.l1).toEqual({ tx: '0x' + 'ab'.repeat(32), block: 21_000_000n });
    expect(at.tie).toBe('recent');
    expect(at.words).toMatch(/^data in Ethereum blobs: 2 versioned hashes/);
  });

  it('calldata version byte 0x00: frames in calldata', () => {
    const at = opBatcherPosting(posting(), BASE)!;
    expect(at.where).toBe('calldata');
    expect(at.checked.join(' ')).toContain('40 bytes of frames');
  });

  it('calldata version byte 0x01: an alt-DA commitment, its DA layer named (EigenDA is 0)', () => {
    const eigen = opBatcherPosting(posting({ input: '0x010100' + 'ee'.repeat(64) }), BASE)!;
    expect(eigen.where).toBe('off-ethereum');
    expect(eigen.layer).toBe('EigenDA');
    expect(eigen.words).toMatch(/^data off Ethereum \(EigenDA\).*Ethereum alone cannot rebuild this rollup's state; a forced exit depends on it$/);
    const keccak = opBatcherPosting(posting({ input: '0x0100' + '12'.repeat(32) }), BASE)!;
    expect(keccak).toMatchObject({ where: 'off-ethereum', layer: 'a DA server, keccak256 commitment' });
    expect(opBatcherPosting(posting({ input: '0x01010c' + '12'.repeat(32) }), BASE)!.layer).toBe('DA layer 0x0c');
  });

  it('hostile: a calldata-looking transaction that is an alt-DA commitment is not called calldata', () => {
    // Same sender, inbox and type 2 as a calldata posting: only its version byte says otherwise.
    const at = opBatcherPosting(posting({ input: '0x010100' + '00'.repeat(200) }), BASE)!;
    expect(at.where).not.toBe('calldata');
    expect(at.where).toBe('off-ethereum');
  });

  it('another sender to the inbox, or the batcher elsewhere, is no posting (derivation ignores it)', () => {
    expect(opBatcherPosting(posting({ from: '0x' + '99'.repeat(20) }), BASE)).toBeNull();
    expect(opBatcherPosting(posting({ to: '0x' + '99'.repeat(20) }), BASE)).toBeNull();
    expect(opBatcherPosting(posting({ to: null }), BASE)).toBeNull();
  });

  it('hostile: a posting in no verified block is not proven', () => {
    const at = opBatcherPosting(posting({ type: 3, blobVersionedHashes: [VH('11')], blockNumber: null }), BASE)!;
    expect(at).toMatchObject({ where: 'unknown', l1: null, versionedHashes: [] });
    expect(at.words).toContain('in no verified block');
  });

  it('an undefined version byte or a malformed versioned hash is unknown, never guessed', () => {
    expect(opBatcherPosting(posting({ input: '0xed' + '00'.repeat(8) }), BASE)!.words).toContain('version byte 0xed');
    expect(opBatcherPosting(posting({ input: '0x' }), BASE)!.where).toBe('unknown');
    expect(opBatcherPosting(posting({ type: 3, blobVersionedHashes: ['0x02' + '11'.repeat(31)] }), BASE)!.where).toBe('unknown');
    expect(opBatcherPosting(posting({ type: 3, blobVersionedHashes: [] }), BASE)!.where).toBe('unknown');
  });

  it('the report: the newest postings first, and what it cannot tie', () => {
    const txs = [
      posting({ hash: '0x' + '01'.repeat(32), blockNumber: 10n }),
      posting({ hash: '0x' + '02'.repeat(32), from: '0x' + '77'.repeat(20), blockNumber: 12n }),
      posting({ hash: '0x' + '03'.repeat(32), type: 3, blobVersionedHashes: [VH('33')], blockNumber: 11n }),
    ];
    const report = opBatcherReport(txs, BASE, { fromBlock: 5n, toBlock: 12n });
    expect(report.batches.map((b) => b.l1?.block)).toEqual([11n, 10n]);
    expect(report.batches.map((b) => b.where)).toEqual(['blobs', 'calldata']);
    expect(report.scope).toContain('not the data behind this root');
    const none = opBatcherReport([], MANTLE, { fromBlock: 5n, toBlock: 12n });
    expect(none.batches[0]!.where).toBe('unknown');
    expect(none.scope).toContain('EigenDA until its Arsia upgrade');
  });

  it('ships the batch submitters of every OP Stack and OP Succinct chain it ships', () => {
    for (const id of [10, 11155420, 8453, 84532, 5000]) {
      expect(SHIPPED_BATCHERS[id]!.inbox).toMatch(/^0x[0-9a-f]{40}$/);
      expect(SHIPPED_BATCHERS[id]!.batcher).toMatch(/^0x[0-9a-f]{40}$/);
    }
  });
});

describe('the batcher from the SystemConfig’s proven storage', () => {
  const OP = SHIPPED_BATCHERS[10]!;
  const ROTATED = '0x' + '5b'.repeat(20);

  it('a version-0 batcherHash names the batcher; the inbox slot the inbox', () => {
    const facts = provenBatcherFacts(OP, { batcherHash: BigInt(ROTATED), batchInbox: BigInt(OP.inbox) });
    expect(facts).toMatchObject({ batcher: ROTATED, inbox: OP.inbox });
    expect(facts.source).toContain("the registry's: batcher " + OP.batcher);
    // The pinned batcher's postings no longer count; the rotated one's do.
    expect(opBatcherPosting(posting({ from: OP.batcher, to: OP.inbox }), facts)).toBeNull();
    expect(opBatcherPosting(posting({ from: ROTATED, to: OP.inbox }), facts)!.where).toBe('calldata');
  });

  it('the same as pinned: no change said; an unset inbox slot (older releases) keeps the pinned inbox', () => {
    expect(provenBatcherFacts(OP, { batcherHash: BigInt(OP.batcher), batchInbox: BigInt(OP.inbox) }).source).not.toContain("the registry's");
    expect(provenBatcherFacts(OP, { batcherHash: BigInt(ROTATED), batchInbox: 0n }).inbox).toBe(OP.inbox);
  });

  it('a batcherHash that is no version-0 address hash, or nothing proven, keeps the pinned facts', () => {
    expect(provenBatcherFacts(OP, { batcherHash: (1n << 248n) | BigInt(ROTATED) }).batcher).toBe(OP.batcher);
    expect(provenBatcherFacts(OP, { batcherHash: 0n }).batcher).toBe(OP.batcher);
    expect(provenBatcherFacts(OP, {})).toBe(OP);
    expect(provenBatcherFacts({ ...OP, systemConfig: undefined }, { batcherHash: BigInt(ROTATED) })).toMatchObject({ batcher: OP.batcher });
  });
});
