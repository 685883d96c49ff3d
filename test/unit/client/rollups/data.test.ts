/**
 * The data rules run on a verified chain (its answers as VerifiedChain gives them: transactions
 * with their recovered sender and verified block, receipts proven): the batcher's postings found
 * in block bodies, a contract's log then its transaction and receipt, the L2 RPC's commit hint.
 */
import { describe, expect, it } from 'vitest';
import { TransportError, VerificationError } from '../../../../src/core/errors.ts';
import { dataJson, type DataSources, findDataLocation, followedData, provenTx, rollupDataView } from '../../../../src/client/rollups/data.ts';
import type { DataAvailability } from '../../../../src/l2/data/availability.ts';
import type { RollupDataView } from '../../../../src/extension/messages.ts';
import type { FoundL1Log } from '../../../../src/l2/adapter.ts';
import { dataQuery, INBOX_SEARCH_BLOCKS } from '../../../../src/l2/data/rules.ts';
import { VIGIL_BATCH_COMMITTED } from '../../../../src/l2/data/commits.ts';
import { ARBITRUM_KIND, OP_STACK_KIND, ROLLUP_KIND } from '../../../../src/l2/kinds.ts';
import { knownRollupConfig } from '../../../../src/l2/known-rollups.ts';
import { parseRollup } from '../../../../src/l2/registry.ts';

const HEAD = { blockNumber: 1_000n, blockHash: '0x' + '00'.repeat(32), stateRoot: '0x' + '00'.repeat(32), timestamp: 12_000n };
const FACTS = { batcher: '0x' + 'ba'.repeat(20), inbox: '0x' + 'ff'.repeat(20), source: 'a test' };
const hex = (n: bigint) => '0x' + n.toString(16);
const VH = (b: string) => '0x01' + b.repeat(31);

/** A chain of blocks `from`…HEAD whose bodies hold `txs` (by block), unknown below `from`. */
function chainOf(txs: Record<number, Record<string, unknown>[]>, from = 900n, receipts: Record<string, unknown> = {}): DataSources['chain'] & { asked: bigint[] } {
  const asked: bigint[] = [];
  const all: Record<string, unknown>[] = Object.entries(txs).flatMap(([n, list]) => list.map((t) => ({ ...t, blockNumber: hex(BigInt(n)) })));
  return {
    asked,
    transactionsTo: async (ref, to) => {
      const n = (ref as { number: bigint }).number;
      asked.push(n);
      if (n < from) throw new TransportError('NOT_AVAILABLE', `the RPC does not have block ${n}`, { url: 'test' });
      const hexTo = '0x' + Buffer.from(to).toString('hex');
      return (txs[Number(n)] ?? []).filter((t) => t.to === hexTo).map((t) => ({ ...t, blockNumber: hex(n) }));
    },
    getTransactionByHash: async (hash) => (all.find((t) => t.hash === '0x' + Buffer.from(hash).toString('hex')) as never) ?? null,
    getTransactionReceipt: async (hash) => (receipts['0x' + Buffer.from(hash).toString('hex')] as never) ?? null,
  };
}

const posting = (o: Record<string, unknown>) => ({ hash: '0x' + 'aa'.repeat(32), from: FACTS.batcher, to: FACTS.inbox, type: '0x2', input: '0x00' + '11'.repeat(20), ...o });

describe('the OP Stack rule on verified block bodies', () => {
  const query = { by: 'inbox' as const, facts: FACTS, withinBlocks: INBOX_SEARCH_BLOCKS };

  it('finds the batcher’s postings newest first: blobs, calldata frames, an alt-DA commitment', async () => {
    const chain = chainOf({
      998: [posting({ hash: '0x' + '01'.repeat(32), type: '0x3', input: '0x', blobVersionedHashes: [VH('11'), VH('12')] })],
      995: [posting({ hash: '0x' + '02'.repeat(32) })],
      990: [posting({ hash: '0x' + '03'.repeat(32), input: '0x010100' + '22'.repeat(40) }), posting({ hash: '0x' + '04'.repeat(32), from: '0x' + '66'.repeat(20) })],
    });
    const report = await findDataLocation({ chain }, query, HEAD);
    expect(report.batches.map((b) => [b.where, b.l1?.block])).toEqual([['blobs', 998n], ['calldata', 995n], ['off-ethereum', 990n]]);
    expect(report.batches[0]!.versionedHashes).toEqual([VH('11'), VH('12')]);
    expect(report.batches[2]!.layer).toBe('EigenDA');
    // Every block of the window read, newest first, and no more.
    expect(chain.asked.length).toBe(INBOX_SEARCH_BLOCKS);
    expect(chain.asked[0]).toBe(1_000n);
    const json = dataJson(report);
    expect(json).toMatchObject({ where: 'blobs', tie: 'recent', l1: { tx: '0x' + '01'.repeat(32), block: 998 } });
    expect((json.more as unknown[]).length).toBe(2);
  });

  it('reads the batcher from the SystemConfig’s storage proven at the head when it can', async () => {
    const sc = { address: '0x' + '5c'.repeat(20), batcherHashSlot: 103n, batchInboxSlot: '0x71ac12829d66ee73d8d95bff50b3589745ce57edae70a3fb111a2342464dc597' };
    const rotated = '0x' + '5b'.repeat(20);
    const asked: string[][] = [];
    const readStorage = async (_head: unknown, address: string, keys: string[]) => {
      asked.push([address, ...keys]);
      return { codeHash: '0x', storage: new Map([[keys[0]!, BigInt(rotated)], [keys[1]!, BigInt(FACTS.inbox)]]) };
    };
    const chain = chainOf({ 999: [posting({ from: rotated }), posting({ hash: '0x' + '09'.repeat(32) })] });
    const report = await findDataLocation({ chain, readStorage }, { ...query, facts: { ...FACTS, systemConfig: sc } }, HEAD);
    expect(asked).toEqual([[sc.address, '0x' + (103n).toString(16).padStart(64, '0'), sc.batchInboxSlot]]);
    // Only the proven batcher's posting counts (the pinned one's no longer does).
    expect(report.batches.map((b) => b.l1?.tx)).toEqual(['0x' + 'aa'.repeat(32)]);
    expect(report.batches[0]!.checked[0]).toContain(`from the batcher ${rotated}`);
  });

  it('stops where no endpoint serves a block, and says which blocks it read', async () => {
    const report = await findDataLocation({ chain: chainOf({}, 995n) }, query, HEAD);
    expect(report.batches[0]!.words).toContain('in L1 blocks 995–1000');
  });

  it('a verification failure is not swallowed as "not served"', async () => {
    const chain = { ...chainOf({}), transactionsTo: async () => { throw new VerificationError('PROOF_ROOT_MISMATCH', 'a forged block'); } } as DataSources['chain'];
    await expect(findDataLocation({ chain }, query, HEAD)).rejects.toThrow(/forged block/);
    // followedData reports it beside the balance, with its code, rather than dropping the balance.
    const report = await followedData({ chain }, { kind: OP_STACK_KIND, config: parseRollup(knownRollupConfig('base')).config, chainId: 8453 }, { accepted: { root: 1n, batch: 1n, acceptedAt: 0n, status: 'finalized' } }, HEAD);
    expect(report.batches[0]!.words).toContain('PROOF_ROOT_MISMATCH');
  });
});

describe('the log rules, their transaction and receipt proven', () => {
  it('Arbitrum: the newest SequencerBatchDelivered; a transaction in no verified block is unknown', async () => {
    const parsed = parseRollup(knownRollupConfig('arbitrum-one'));
    const query = dataQuery(ARBITRUM_KIND, parsed.config, 42161, { accepted: { root: 1n, batch: 1n, acceptedAt: 0n, status: 'finalized' } });
    expect(query.by).toBe('log');
    if (query.by !== 'log') return;
    const inbox = query.log.address;
    const word = (n: bigint) => n.toString(16).padStart(64, '0');
    const log: FoundL1Log = { address: inbox, topics: [query.log.topics[0]!, '0x' + word(77n), '0x' + word(1n), '0x' + word(2n)], data: '0x' + word(0n).repeat(6) + word(3n), blockNumber: 990n, timestamp: 0n, transactionHash: '0x' + 'bb'.repeat(32) };
    const tx = { hash: log.transactionHash, from: '0x' + 'c1'.repeat(20), to: inbox, type: '0x3', input: '0x', blobVersionedHashes: [VH('44')] };
    const receipt = { status: '0x1', logs: [] };
    const chain = chainOf({ 990: [tx] }, 0n, { [log.transactionHash]: receipt });
    const found = await findDataLocation({ chain, newestLog: async (q) => (q.address === inbox ? log : null) }, query, HEAD);
    expect(found.batches[0]).toMatchObject({ where: 'blobs', batch: 'batch 77', versionedHashes: [VH('44')], l1: { block: 990n } });
    // The same transaction pending (in no verified block): not proven.
    const pending = { ...chainOf({}, 0n, { [log.transactionHash]: receipt }), getTransactionByHash: async () => ({ ...tx, blockNumber: null }) } as DataSources['chain'];
    expect((await findDataLocation({ chain: pending, newestLog: async () => log }, query, HEAD)).batches[0]!.where).toBe('unknown');
    // No receipt: on no verified block.
    expect((await findDataLocation({ chain: chainOf({ 990: [tx] }), newestLog: async () => log }, query, HEAD)).batches[0]!.words).toContain('on no verified block');
    // No log found within the window.
    expect((await findDataLocation({ chain, newestLog: async () => null }, query, HEAD)).batches[0]!.where).toBe('unknown');
  });

  it('the devnet rollup: the L2 RPC names the commit, checked against its BatchCommitted (calldata today, blobs with issue 54)', async () => {
    const config = { contract: '0x' + '7a'.repeat(20) };
    const query = dataQuery(ROLLUP_KIND, config, 1337, { accepted: { root: 1n, batch: 5n, acceptedAt: 0n, status: 'finalized' } });
    const hash = '0x' + 'cc'.repeat(32);
    const receipt = { status: '0x1', logs: [{ address: config.contract, topics: [VIGIL_BATCH_COMMITTED, '0x' + (5n).toString(16).padStart(64, '0')], data: '0x' }] };
    const calldata = chainOf({ 950: [{ hash, from: '0x' + '01'.repeat(20), to: config.contract, type: '0x2', input: '0xdeadbeef' }] }, 0n, { [hash]: receipt });
    expect((await findDataLocation({ chain: calldata, commitTxOf: async () => hash }, query, HEAD)).batches[0]).toMatchObject({ where: 'calldata', tie: 'root', batch: 'batch 5' });
    const blobs = chainOf({ 950: [{ hash, from: '0x' + '01'.repeat(20), to: config.contract, type: '0x3', input: '0x', blobVersionedHashes: [VH('55')] }] }, 0n, { [hash]: receipt });
    expect((await findDataLocation({ chain: blobs, commitTxOf: async () => hash }, query, HEAD)).batches[0]).toMatchObject({ where: 'blobs', versionedHashes: [VH('55')] });
    expect((await findDataLocation({ chain: blobs, commitTxOf: async () => null }, query, HEAD)).batches[0]!.where).toBe('unknown');
    // Batch 0 is the genesis tree: nothing was committed.
    expect(dataQuery(ROLLUP_KIND, config, 1337, { accepted: { root: 0n, batch: 0n, acceptedAt: 0n, status: 'finalized' } }).by).toBe('none');
  });
});

describe('every shipped rollup has a rule', () => {
  it.each(['op-mainnet', 'op-sepolia', 'base', 'base-sepolia', 'mantle', 'arbitrum-one', 'arbitrum-sepolia', 'scroll', 'scroll-sepolia', 'linea'])('%s', (name) => {
    const parsed = parseRollup(knownRollupConfig(name));
    const query = dataQuery(parsed.adapter.kind, parsed.config, parsed.identity.chainId, { accepted: { root: 1n, batch: 9n, acceptedAt: 0n, status: 'finalized' } });
    // OP chains Vigil ships name their batcher; Linea needs its finalization's log (absent here: said so).
    if (name === 'base-sepolia' || name === 'op-mainnet' || name === 'op-sepolia' || name === 'base' || name === 'mantle') expect(query.by).toBe('inbox');
    else if (name === 'linea') expect(query).toMatchObject({ by: 'none' });
    else expect(query.by).toBe('log');
  });

  it('an OP Stack chain Vigil knows no batcher of is unknown, said so', () => {
    const parsed = parseRollup(knownRollupConfig('base'));
    const query = dataQuery(OP_STACK_KIND, parsed.config, 999_999, { accepted: { root: 1n, batch: 9n, acceptedAt: 0n, status: 'finalized' } });
    expect(query.by === 'none' && query.report.batches[0]!.words).toContain('knows no batcher');
  });

  it('reads the verified chain’s transaction JSON', () => {
    expect(provenTx({ hash: '0xAB', from: '0xCD', to: null, type: '0x3', input: '0x', blobVersionedHashes: ['0x01AA'], blockNumber: null })).toEqual({ hash: '0xab', from: '0xcd', to: null, type: 3, input: '0x', blobVersionedHashes: ['0x01aa'], blockNumber: null });
  });
});

describe('a batch in blobs, sampled', () => {
  const config = { contract: '0x' + 'cc'.repeat(20) };
  const hash = '0x' + '0b'.repeat(32);
  const receipt = { status: '0x1', logs: [{ address: config.contract, topics: [VIGIL_BATCH_COMMITTED, '0x' + (5n).toString(16).padStart(64, '0')], data: '0x' }] };
  const chain = chainOf({ 950: [{ hash, from: '0x' + '01'.repeat(20), to: '0x' + 'cc'.repeat(20), type: '0x3', input: '0x', blobVersionedHashes: [VH('55'), VH('56')] }] }, 0n, { [hash]: receipt });
  const verified: DataAvailability = {
    status: 'verified',
    slot: 321n,
    beaconRoot: '0x' + '33'.repeat(32),
    blobs: 2,
    columns: { asked: 16, verified: 16, total: 128 },
    endpoints: [
      { url: 'http://a', asked: 8, served: 8, verified: 8, bad: 0, demoted: false },
      { url: 'http://b', asked: 8, served: 0, verified: 0, bad: 0, demoted: false, error: { code: 'TIMEOUT', message: 'slow' } },
    ],
    checkedAt: 1_000,
    expiresAt: 2_000,
    words: '16 of 128 columns sampled from 2 endpoints, all verified, at slot 321',
  };

  it('carries what sampling found: in the location, its words, dataJson and the popup view', async () => {
    const asked: string[] = [];
    const sources: DataSources = { chain, commitTxOf: async () => hash, availability: (l) => (asked.push(l.l1!.tx), Promise.resolve(verified)) };
    const report = await followedData(sources, { kind: ROLLUP_KIND, config, chainId: 1337 }, { accepted: { root: 1n, batch: 5n, acceptedAt: 0n, status: 'finalized' } }, HEAD);
    expect(asked).toEqual([hash]);
    const b = report.batches[0]!;
    expect(b.availability).toBe(verified);
    expect(b.words).toBe(`data in Ethereum blobs: 2 versioned hashes (L1 tx ${hash.slice(0, 10)}… in block 950); 16 of 128 columns sampled from 2 endpoints, all verified, at slot 321`);
    const json = dataJson(report);
    expect(json.availability).toEqual({ ...verified, slot: 321 });
    const view: RollupDataView | null = rollupDataView(report);
    expect(view).toEqual({
      where: 'blobs',
      batch: 'batch 5',
      tie: 'root',
      l1: { tx: hash, block: 950 },
      words: b.words,
      scope: report.scope,
      availability: { ...verified, slot: 321 },
    });
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('no sampling where it does not apply; unsampled and untied views keep their nulls and code', async () => {
    const sources: DataSources = { chain, commitTxOf: async () => hash, availability: () => undefined };
    const report = await followedData(sources, { kind: ROLLUP_KIND, config, chainId: 1337 }, { accepted: { root: 1n, batch: 5n, acceptedAt: 0n, status: 'finalized' } }, HEAD);
    expect(report.batches[0]!.availability).toBeUndefined();
    expect(rollupDataView(report)!.availability).toBeNull();
    expect(report.batches[0]!.words).toContain('not sampled (no beacon API to ask)');
    const untied: DataAvailability = { status: 'untied', blobs: 2, columns: { asked: 0, verified: 0, total: 128 }, endpoints: [], code: 'BLOB_COUNT_MISMATCH', reason: 'two', words: 'not sampled: …' };
    const view = rollupDataView({ ...report, batches: [{ ...report.batches[0]!, availability: untied }] })!;
    expect(view.availability).toEqual({ status: 'untied', slot: null, beaconRoot: null, blobs: 2, columns: { asked: 0, verified: 0, total: 128 }, endpoints: [], checkedAt: null, expiresAt: null, code: 'BLOB_COUNT_MISMATCH', reason: 'two', words: 'not sampled: …' });
    expect(rollupDataView({ batches: [], scope: 'x' })).toBeNull();
  });

  it('a sampling that could not run is said so beside the location, never in place of the report', async () => {
    const sources: DataSources = { chain, commitTxOf: async () => hash, availability: () => Promise.reject(new TransportError('TIMEOUT', 'the KZG worker took too long', { url: 'worker' })) };
    const report = await followedData(sources, { kind: ROLLUP_KIND, config, chainId: 1337 }, { accepted: { root: 1n, batch: 5n, acceptedAt: 0n, status: 'finalized' } }, HEAD);
    expect(report.batches[0]).toMatchObject({ where: 'blobs', availability: { status: 'unsampled', code: 'TIMEOUT', words: 'could not be sampled: TIMEOUT the KZG worker took too long' } });
  });
});
