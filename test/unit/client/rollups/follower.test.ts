import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { RollupFollower, type RollupFollowerDeps } from '../../../../src/client/rollups/follower.ts';
import { ETHER, type RollupAdapter } from '../../../../src/l2/adapter.ts';
import { storageKey } from '../../../../src/l2/slots.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';

const CONTRACT = '0x' + 'ab'.repeat(20);
const head = { blockNumber: 10n, blockHash: '0x' + '11'.repeat(32), stateRoot: '0x' + '22'.repeat(32), timestamp: 1000n };

/** A toy adapter: slot 0 the root, slot 1 the batch, slot 2 its time; the proof is "valid" when its signal is the root. */
const adapter: RollupAdapter<{ contract: string }, { balance: bigint }> = {
  kind: 'toy',
  followEveryMs: 0,
  accounts: 'indexed',
  words: { unit: 'batch', lastBatch: 'last batch', frozen: 'frozen' },
  parseConfig: (json) => json as { contract: string },
  identity: () => ({ chainId: 9, name: 'toy', l1ChainId: 1, l2Rpc: undefined, nativeCurrency: ETHER, liveness: { delayedAfterSeconds: 10, stalledAfterSeconds: 20 } }),
  l1Slots: (c) => [{ address: c.contract, slots: [{ slot: 0n }, { slot: 1n }, { slot: 2n }] }],
  acceptedState: (c, p) => {
    const s = p.accounts.get(c.contract)!.storage;
    return { root: s.get(storageKey({ slot: 0n }))!, batch: s.get(storageKey({ slot: 1n }))!, acceptedAt: s.get(storageKey({ slot: 2n }))!, status: 'finalized' };
  },
  liveness: (c, p) => ({ lastBatchAgeSeconds: Number(p.timestamp - p.accounts.get(c.contract)!.storage.get(storageKey({ slot: 2n }))!), oldestQueuedAgeSeconds: null, frozen: false }),
  verifyAccount: (_c, root, proof) => {
    if ((proof as { root: bigint }).root !== root) throw new VerificationError('PROOF_ROOT_MISMATCH', 'not this root');
    return { balance: (proof as { balance: bigint }).balance };
  },
  proofOf: (_c, accepted, evidence) => ({ system: 'groth16', vkey: {}, proof: evidence.tx.input, publicSignals: [accepted.root.toString()] }),
};

function deps(over: Partial<RollupFollowerDeps<{ contract: string }, { balance: bigint }>> = {}) {
  const calls = { reads: [] as string[][], proofs: 0 };
  const d: RollupFollowerDeps<{ contract: string }, { balance: bigint }> = {
    adapter,
    config: { contract: CONTRACT },
    readStorage: async (_h, _a, keys) => {
      calls.reads.push(keys);
      return { codeHash: '0x', storage: new Map([[keys[0]!, 77n], [keys[1]!, 3n], [keys[2]!, 990n]]) };
    },
    transaction: async (hash) => ({ to: CONTRACT, input: '0xproof', hash, blockNumber: '0x9' }),
    receipt: async () => ({ status: '0x1', logs: [] }),
    commitTxOf: async () => '0x' + '33'.repeat(32),
    verifyProof: async (check) => (calls.proofs++, check.proof === '0xproof' && check.publicSignals[0] === '77'),
    accountProof: async () => ({ root: 77n, balance: 5n }),
    ...over,
  };
  return { d, calls };
}

describe('RollupFollower', () => {
  it('reads the accepted state from proven slots, verifies the batch proof once, proves accounts against the root', async () => {
    const { d, calls } = deps();
    const follower = new RollupFollower(d);
    const followed = await follower.follow(head);
    expect(followed).toMatchObject({ accepted: { root: 77n, batch: 3n, acceptedAt: 990n }, liveness: { lastBatchAgeSeconds: 10 }, proof: 'verified' });
    expect(calls.reads).toEqual([[storageKey({ slot: 0n }), storageKey({ slot: 1n }), storageKey({ slot: 2n })]]);
    await follower.follow(head);
    expect(calls.proofs).toBe(1);
    expect(await follower.account(followed, 'someone')).toEqual({ balance: 5n });
  });

  it('refuses a batch whose proof does not verify, or whose commit is on no verified block', async () => {
    const bad = new RollupFollower(deps({ verifyProof: async () => false }).d);
    await expect(bad.follow(head)).rejects.toMatchObject({ code: 'L2_BATCH_PROOF_INVALID' });
    const missing = new RollupFollower(deps({ transaction: async () => null }).d);
    await expect(missing.follow(head)).rejects.toMatchObject({ code: 'L2_BATCH_NOT_FOUND' });
    const unknown = new RollupFollower(deps({ commitTxOf: async () => null }).d);
    await expect(unknown.follow(head)).rejects.toMatchObject({ code: 'L2_BATCH_NOT_FOUND' });
  });

  it('refuses an account proof of another root', async () => {
    const follower = new RollupFollower(deps({ accountProof: async () => ({ root: 1n, balance: 10n ** 30n }) }).d);
    const followed = await follower.follow(head);
    await expect(follower.account(followed, 'x')).rejects.toBeInstanceOf(VerificationError);
  });
});

describe('RollupFollower with code and an L2 header (optimistic rollups)', () => {
  // A toy "optimistic" adapter: slot 0 names an L2 block number; the game's code holds the
  // commitment (keccak of the header); with the header in hand, slot 1 keyed by the header's
  // first byte must be proven too; the accepted root is the header's last 32 bytes.
  const GAME = '0x' + 'cd'.repeat(20);
  const code = new Uint8Array([0x60, 0x01, 0x60, 0x02]);
  const header = new Uint8Array(40).fill(7);
  type C = { contract: string };
  const optimistic: RollupAdapter<C, unknown> = {
    kind: 'toy-optimistic',
    followEveryMs: 0,
    accounts: 'evm',
    words: { unit: 'L2 block', lastBatch: 'newest claim', frozen: 'paused' },
    parseConfig: (json) => json as C,
    identity: adapter.identity as never,
    l1Slots: (c, proven, hints) => [
      { address: c.contract, slots: hints?.header ? [{ slot: 0n }, { mapping: 1n, key: BigInt(hints.header[0]!) }] : [{ slot: 0n }] },
      ...(proven ? [{ address: GAME, slots: [], code: true }] : []),
    ],
    l2Header: (c, proven) => ({ blockNumber: proven.accounts.get(c.contract)!.storage.get(storageKey({ slot: 0n }))! }),
    acceptedState: (c, proven, hints) => {
      const committed = proven.accounts.get(c.contract)!.storage.get(storageKey({ mapping: 1n, key: BigInt(hints!.header![0]!) }));
      if (committed !== 1n || proven.accounts.get(GAME)?.code?.length !== code.length) throw new VerificationError('L2_COMMIT_MISMATCH', 'not committed');
      return { root: BigInt('0x' + Buffer.from(hints!.header!.slice(8)).toString('hex')), batch: 5n, acceptedAt: 1n, status: 'claimed' };
    },
    liveness: () => ({ lastBatchAgeSeconds: 0, oldestQueuedAgeSeconds: null, frozen: false }),
    verifyAccount: () => ({}),
  };
  const codeHash = '0x' + Buffer.from(keccak256(code)).toString('hex');

  function optimisticDeps(over: Partial<RollupFollowerDeps<C, unknown>> = {}) {
    const asked: unknown[] = [];
    const d: RollupFollowerDeps<C, unknown> = {
      ...deps().d,
      adapter: optimistic,
      readStorage: async (_h, address, keys) => ({ codeHash: address === GAME ? codeHash : '0x' + '00'.repeat(32), storage: new Map(keys.map((k) => [k, k === storageKey({ slot: 0n }) ? 5n : 1n])) }),
      readCode: async () => code,
      l2Header: async (query) => (asked.push(query), { header }),
      ...over,
    } as RollupFollowerDeps<C, unknown>;
    return { d, asked };
  }

  it('proves code against its hash, asks for the header the slots name, proves the slots the header names', async () => {
    const { d, asked } = optimisticDeps();
    const followed = await new RollupFollower(d).follow(head);
    expect(asked).toEqual([{ blockNumber: 5n }]);
    expect(followed).toMatchObject({ accepted: { batch: 5n, status: 'claimed' }, proof: 'not-applicable' });
    expect(followed.accepted.root).toBe(BigInt('0x' + '07'.repeat(32)));
  });

  it('refuses code that does not hash to the proven code hash, and a header found nowhere', async () => {
    await expect(new RollupFollower(optimisticDeps({ readCode: async () => new Uint8Array([0x60, 0x01, 0x60, 0x03]) }).d).follow(head)).rejects.toMatchObject({ code: 'CODE_HASH_MISMATCH' });
    await expect(new RollupFollower(optimisticDeps({ l2Header: async () => null }).d).follow(head)).rejects.toMatchObject({ code: 'L2_HEADER_NOT_FOUND' });
    const noReader = optimisticDeps();
    delete (noReader.d as { readCode?: unknown }).readCode;
    await expect(new RollupFollower(noReader.d).follow(head)).rejects.toMatchObject({ code: 'L2_STORAGE_NOT_PROVEN' });
  });
});

describe('RollupFollower: the devnet rollup tier from batches verified in a row', () => {
  it('counts the batches verified here back from the accepted one; reaching batch 0 anchors it', async () => {
    let batch = 1n;
    const { d } = deps({ readStorage: async (_h, _a, keys) => ({ codeHash: '0x', storage: new Map([[keys[0]!, 77n], [keys[1]!, batch], [keys[2]!, 990n]]) }) });
    const follower = new RollupFollower(d);
    for (const b of [1n, 2n, 3n]) {
      batch = b;
      expect((await follower.follow(head)).tier.steps).toEqual({ verified: Number(b), wanted: 1, anchored: true });
    }
    batch = 5n; // batch 4 was never seen here
    expect((await follower.follow(head)).tier.steps).toEqual({ verified: 1, wanted: 1, anchored: false });
  });
});
