/**
 * The rollups of one network read at verified heads with a toy adapter: one follow per head
 * (concurrent asks share it), the last outcome kept for the popup (a failure until a verified
 * read at the same or a newer head), a late read of an older head never replacing a newer one;
 * and the popup's view of it.
 */
import { describe, expect, it } from 'vitest';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { RollupWatch, type RollupWatchOptions } from '../../../../src/client/rollups/watch.ts';
import type { DataAvailability } from '../../../../src/l2/data/availability.ts';
import type { DataLocation } from '../../../../src/l2/data/location.ts';
import { VIGIL_BATCH_COMMITTED } from '../../../../src/l2/data/commits.ts';
import { ROLLUP_KIND } from '../../../../src/l2/kinds.ts';
import { rollupView } from '../../../../src/extension/rollup-views.ts';
import { ETHER, type L2AccountModel, type RollupAdapter } from '../../../../src/l2/adapter.ts';
import { arbitrumAdapter } from '../../../../src/l2/arbitrum/adapter.ts';
import { opStackAdapter } from '../../../../src/l2/op-stack/adapter.ts';
import { scrollAdapter } from '../../../../src/l2/scroll/adapter.ts';
import { vigilZkAdapter } from '../../../../src/l2/vigil-zk/adapter.ts';
import type { ParsedRollup } from '../../../../src/l2/registry.ts';
import { storageKey } from '../../../../src/l2/slots.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';

const CONTRACT = '0x' + 'ab'.repeat(20);
const T0 = 1_800_000_000n;

/**
 * Slot 0 the root, 1 the batch, 2 when it was accepted; the proof is "valid" when its signal is
 * the root. Its words: its commitment's age, no queue fact.
 */
const adapter: RollupAdapter<{ contract: string }, { balance: bigint }> = {
  kind: 'toy',
  followEveryMs: 0,
  accounts: 'indexed',
  words: { unit: 'L2 block', lastBatch: 'newest L1 commitment', frozen: 'frozen on L1' },
  parseConfig: (json) => json as { contract: string },
  identity: () => ({ chainId: 9, name: 'toy', l1ChainId: 1, l2Rpc: undefined, nativeCurrency: ETHER, liveness: { delayedAfterSeconds: 10, stalledAfterSeconds: 20 } }),
  l1Slots: (c) => [{ address: c.contract, slots: [{ slot: 0n }, { slot: 1n }, { slot: 2n }] }],
  acceptedState: (c, p) => {
    const s = p.accounts.get(c.contract)!.storage;
    return { root: s.get(storageKey({ slot: 0n }))!, batch: s.get(storageKey({ slot: 1n }))!, acceptedAt: s.get(storageKey({ slot: 2n }))!, status: 'finalized' };
  },
  liveness: (c, p) => ({ lastBatchAgeSeconds: Number(p.timestamp - p.accounts.get(c.contract)!.storage.get(storageKey({ slot: 2n }))!), oldestQueuedAgeSeconds: null, frozen: false }),
  verifyAccount: () => ({ balance: 0n }),
  proofOf: (_c, accepted) => ({ system: 'groth16', vkey: {}, proof: {}, publicSignals: [accepted.root.toString()] }),
};

const head = (n: number): L1HeadRef => ({ blockNumber: BigInt(n), blockHash: '0x' + n.toString(16).padStart(64, '0'), stateRoot: '0x' + '22'.repeat(32), timestamp: T0 + BigInt(n) * 12n });

/**
 * A watch over the toy rollup whose L1 reads wait until released, head by head: at head n the
 * rollup's root is 1000 + n, its batch n, accepted 15 s before the head. `fail(n, err)` makes
 * the read at head n fail.
 */
function setup(o: { followEveryMs?: number; accounts?: L2AccountModel; data?: RollupWatchOptions['data']; batch?: bigint; kind?: string } = {}) {
  const reads: number[] = [];
  const gates = new Map<number, { promise: Promise<void>; open: () => void }>();
  const failures = new Map<number, Error>();
  let now = 5_000;
  const gate = (n: number) => {
    let g = gates.get(n);
    if (!g) {
      let open!: () => void;
      const promise = new Promise<void>((r) => (open = r));
      g = { promise, open };
      gates.set(n, g);
    }
    return g;
  };
  const toy = { ...adapter, ...(o.accounts !== undefined ? { accounts: o.accounts } : {}), ...(o.kind !== undefined ? { kind: o.kind } : {}) };
  const rollup: ParsedRollup = { adapter: toy, config: { contract: CONTRACT }, identity: adapter.identity({ contract: CONTRACT }) };
  const watch = new RollupWatch({
    rollups: [rollup],
    now: () => now,
    // The toy rollup at every head (the devnet's rate), unless a test sets a real rollup's.
    followEveryMs: { toy: o.followEveryMs ?? 0 },
    ...(o.data ? { data: o.data } : {}),
    sources: () => ({
      readStorage: async (h, _address, keys) => {
        const n = Number(h.blockNumber);
        reads.push(n);
        await gate(n).promise;
        const failure = failures.get(n);
        if (failure) throw failure;
        return { codeHash: '0x', storage: new Map([[keys[0]!, 1000n + h.blockNumber], [keys[1]!, o.batch ?? h.blockNumber], [keys[2]!, h.timestamp - 15n]]) };
      },
      transaction: async (hash) => ({ to: CONTRACT, input: '0x', hash, blockNumber: '0x1' }),
      receipt: async () => ({ status: '0x1', logs: [] }),
      commitTxOf: async () => '0x' + '33'.repeat(32),
      verifyProof: async () => true,
      accountProof: async () => ({}),
    }),
  });
  return {
    watch,
    reads,
    open: (n: number) => gate(n).open(),
    fail: (n: number, err: Error) => void failures.set(n, err),
    heal: (n: number) => void failures.delete(n),
    setNow: (ms: number) => void (now = ms),
    snapshot: () => watch.snapshots()[0]!,
  };
}

/** Lets settled promises' handlers run. */
const flush = () => new Promise((r) => setTimeout(r, 0));

describe('RollupWatch', () => {
  it('names its rollups, and refuses a chain id it does not follow', () => {
    const { watch } = setup();
    expect(watch.identities().map((i) => i.chainId)).toEqual([9]);
    expect(watch.has(9)).toBe(true);
    expect(watch.has(10)).toBe(false);
    expect(() => watch.at(10, head(1))).toThrow(InputError);
  });

  it('reads a rollup once per head: concurrent asks share the follow, later asks get its outcome', async () => {
    const { watch, reads, open, snapshot } = setup();
    expect(snapshot()).toMatchObject({ last: undefined, error: undefined });
    const a = watch.at(9, head(10));
    const b = watch.at(9, head(10));
    const refreshed = watch.refresh(head(10));
    open(10);
    const [x, y] = await Promise.all([a, b, refreshed]);
    expect(reads).toEqual([10]);
    expect(y).toBe(x);
    expect(x).toMatchObject({ at: head(10), accepted: { root: 1010n, batch: 10n }, liveness: { lastBatchAgeSeconds: 15 }, proof: 'verified' });
    expect(await watch.at(9, head(10))).toBe(x);
    expect(reads).toEqual([10]);
    expect(snapshot()).toMatchObject({ last: { followed: x, checkedAt: 5_000 }, error: undefined });

    // A new head is read anew.
    open(11);
    expect((await watch.at(9, head(11))).accepted.root).toBe(1011n);
    expect(reads).toEqual([10, 11]);
  });

  it('keeps a failure, with its code and head, beside the last verified read; a verified read at the same head clears it', async () => {
    const { watch, open, fail, heal, setNow, snapshot } = setup();
    open(10);
    const good = await watch.at(9, head(10));

    setNow(6_000);
    fail(11, new VerificationError('L2_BATCH_PROOF_INVALID', 'the validity proof of batch 11 does not verify'));
    open(11);
    await expect(watch.at(9, head(11))).rejects.toMatchObject({ code: 'L2_BATCH_PROOF_INVALID' });
    expect(snapshot().error).toEqual({ code: 'L2_BATCH_PROOF_INVALID', message: 'the validity proof of batch 11 does not verify', at: 6_000, blockNumber: 11n });
    expect(snapshot().last?.followed).toBe(good);
    // refresh never throws, and keeps the failure.
    await expect(watch.refresh(head(11))).resolves.toBeUndefined();
    expect(snapshot().error?.code).toBe('L2_BATCH_PROOF_INVALID');

    // A failure is not a cached outcome: the same head is read again, and a verified read clears it.
    heal(11);
    const again = await watch.at(9, head(11));
    expect(again.accepted.batch).toBe(11n);
    expect(snapshot()).toMatchObject({ error: undefined, last: { followed: again } });
  });

  it('a verified read at a newer head clears the failure; one at an older head does not', async () => {
    const { watch, open, fail, snapshot } = setup();
    const older = watch.at(9, head(10));
    fail(11, new TransportError('NETWORK', 'the L1 RPC is down'));
    open(11);
    await expect(watch.at(9, head(11))).rejects.toBeInstanceOf(TransportError);
    expect(snapshot().error).toMatchObject({ code: 'NETWORK', blockNumber: 11n });

    open(10);
    await older;
    expect(snapshot().error).toMatchObject({ code: 'NETWORK', blockNumber: 11n });

    open(12);
    await watch.at(9, head(12));
    expect(snapshot().error).toBeUndefined();
    expect(snapshot().last?.followed.at.blockNumber).toBe(12n);
  });

  it('a late read of an older head replaces neither a newer verified read nor a newer failure', async () => {
    const { watch, open, fail, snapshot } = setup();
    const slow = watch.at(9, head(10));
    open(11);
    const newer = await watch.at(9, head(11));
    open(10);
    const late = await slow;
    expect(late.accepted.root).toBe(1010n); // its own asker gets its own head
    expect(snapshot().last?.followed).toBe(newer);

    // An older head failing late says nothing against the newer verified read.
    const slowFail = watch.at(9, head(9)).catch((e: unknown) => e);
    fail(9, new VerificationError('L2_STORAGE_NOT_PROVEN', 'old'));
    open(9);
    expect(await slowFail).toBeInstanceOf(VerificationError);
    expect(snapshot()).toMatchObject({ last: { followed: newer }, error: undefined });
  });

  it('a late failure at an older head does not replace a newer failure (which a read of that older head could then clear)', async () => {
    const { watch, open, fail, heal, snapshot } = setup();
    open(10);
    await watch.at(9, head(10));
    const at12 = watch.at(9, head(12)).catch((e: unknown) => e);
    const at11 = watch.at(9, head(11)).catch((e: unknown) => e);
    fail(12, new VerificationError('L2_BATCH_PROOF_INVALID', 'batch 12 does not verify'));
    fail(11, new TransportError('TIMEOUT', 'slow'));
    open(12);
    await at12;
    open(11);
    await at11;
    await flush();
    expect(snapshot().error).toMatchObject({ code: 'L2_BATCH_PROOF_INVALID', blockNumber: 12n });

    // Head 11 read fine after all: head 12's failure still stands.
    heal(11);
    await watch.at(9, head(11));
    expect(snapshot().error).toMatchObject({ code: 'L2_BATCH_PROOF_INVALID', blockNumber: 12n });
  });

  it('a real rollup is followed at most once per its rate: asks in between get the newest read, an eager ask (the popup) reads sooner', async () => {
    const MIN = 60_000;
    const { watch, reads, open, setNow } = setup({ followEveryMs: 10 * MIN });
    expect(watch.followEveryMs(adapter)).toBe(10 * MIN);
    for (let n = 10; n <= 40; n++) open(n);
    setNow(0);
    const first = await watch.at(9, head(10));
    // Heads every 12 s for nine minutes: no new read, the one at head 10 answers.
    for (let n = 11; n <= 30; n++) {
      setNow((n - 10) * 27_000);
      await watch.refresh(head(n));
      expect(await watch.at(9, head(n))).toBe(first);
    }
    expect(reads).toEqual([10]);
    // Ten minutes after the read started: the next head is read.
    setNow(10 * MIN);
    await watch.refresh(head(31));
    expect(reads).toEqual([10, 31]);
    // On demand: not within a minute of the last read, then at once.
    setNow(10 * MIN + 30_000);
    await watch.refresh(head(32), { eager: true });
    expect(reads).toEqual([10, 31]);
    setNow(11 * MIN);
    await watch.refresh(head(33), { eager: true });
    expect(reads).toEqual([10, 31, 33]);
    // The real kinds' rates, and the devnet's every head: their adapters' own.
    expect([opStackAdapter, arbitrumAdapter, scrollAdapter, vigilZkAdapter].map((a) => watch.followEveryMs(a))).toEqual([
      10 * MIN,
      15 * MIN,
      15 * MIN,
      0,
    ]);
  });

  it('at a lower rate, a failure stands (thrown to asks) until the next try, a minute later', async () => {
    const MIN = 60_000;
    const { watch, reads, open, fail, heal, setNow, snapshot } = setup({ followEveryMs: 15 * MIN });
    for (let n = 1; n <= 9; n++) open(n);
    fail(1, new TransportError('TIMEOUT', 'the L2 RPC did not answer', { url: 'http://l2' }));
    setNow(0);
    await expect(watch.at(9, head(1))).rejects.toMatchObject({ code: 'TIMEOUT' });
    setNow(30_000);
    await expect(watch.at(9, head(2))).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(reads).toEqual([1]);
    heal(1);
    setNow(MIN);
    expect((await watch.at(9, head(3))).accepted.batch).toBe(3n);
    expect(reads).toEqual([1, 3]);
    expect(snapshot().error).toBeUndefined();
  });

  it('reads L2 accounts only as its adapter says they are proven (by index or owner, or as EVM accounts)', async () => {
    const { watch } = setup({ accounts: 'evm' });
    await expect(watch.account(9, head(10), { index: 0 })).rejects.toBeInstanceOf(InputError);
    const indexed = setup();
    await expect(indexed.watch.evmAccount(9, head(10), '0x' + '11'.repeat(20))).rejects.toBeInstanceOf(InputError);
  });
});

describe('rollupView', () => {
  it('waiting: nothing read yet', () => {
    const { snapshot } = setup();
    expect(rollupView(snapshot())).toEqual({
      chainId: 9,
      name: 'toy',
      kind: 'toy',
      unit: 'L2 block',
      evm: false,
      nativeCurrency: ETHER,
      // The toy kind has no exit plan: the view says so.
      exit: { available: false, note: 'Vigil has no forced-exit route for this kind of rollup' },
      state: 'waiting',
      liveness: null,
      facts: null,
      signals: [],
      claim: null,
      batch: null,
      root: null,
      acceptedAt: null,
      status: null,
      proof: null,
      tier: null,
      l1: null,
      error: null,
      checkedAt: null,
      data: null,
    });
  });

  it('following: the verified read with its liveness by the config thresholds', async () => {
    const { watch, open, snapshot } = setup();
    open(10);
    await watch.at(9, head(10));
    expect(rollupView(snapshot())).toEqual({
      chainId: 9,
      name: 'toy',
      kind: 'toy',
      unit: 'L2 block',
      evm: false,
      nativeCurrency: ETHER,
      // The toy kind has no exit plan: the view says so.
      exit: { available: false, note: 'Vigil has no forced-exit route for this kind of rollup' },
      state: 'following',
      liveness: 'delayed', // 15 s since the batch: ≥ 10, < 20
      facts: { lastBatchAgeSeconds: 15, oldestQueuedAgeSeconds: null, frozen: false, oldestOwnPendingAgeSeconds: null },
      // The toy adapter's words: its commitment's age, no queue fact.
      signals: [{ label: 'newest L1 commitment', ageSeconds: 15 }],
      claim: null,
      batch: 10,
      root: '0x3f2',
      acceptedAt: Number(T0 + 120n - 15n),
      status: 'finalized',
      proof: 'verified',
      // The toy's config asks for the newest batch's proof only (verifySteps defaults to 1).
      tier: { tier: 'reverified', words: 'validity proof re-verified here', fullyReverified: true, system: 'groth16', steps: { verified: 1, wanted: 1, anchored: false } },
      l1: { blockNumber: 10, blockHash: head(10).blockHash },
      error: null,
      checkedAt: 5_000,
      data: null,
    });
  });

  it("counts the user's own transfer waiting for a batch: left out long enough, the rollup is stalled", async () => {
    const { watch, open, snapshot } = setup();
    open(10);
    await watch.at(9, head(10));
    const now = Number(head(10).timestamp);
    expect(rollupView(snapshot(), now - 5).liveness).toBe('delayed'); // the batch's 15 s rules
    const censored = rollupView(snapshot(), now - 25);
    expect(censored.facts!.oldestOwnPendingAgeSeconds).toBe(25);
    expect(censored.liveness).toBe('stalled');
  });

  it('error: shows only the failure, no root, batch or liveness of the older verified read', async () => {
    const { watch, open, fail, setNow, snapshot } = setup();
    open(10);
    await watch.at(9, head(10));
    setNow(7_000);
    fail(11, new VerificationError('L2_BATCH_PROOF_INVALID', 'the validity proof of batch 11 does not verify'));
    open(11);
    await watch.refresh(head(11));
    expect(snapshot().last).toBeDefined();
    expect(rollupView(snapshot())).toEqual({
      chainId: 9,
      name: 'toy',
      kind: 'toy',
      unit: 'L2 block',
      evm: false,
      nativeCurrency: ETHER,
      // The toy kind has no exit plan: the view says so.
      exit: { available: false, note: 'Vigil has no forced-exit route for this kind of rollup' },
      state: 'error',
      liveness: null,
      facts: null,
      signals: [],
      claim: null,
      batch: null,
      root: null,
      acceptedAt: null,
      status: null,
      proof: null,
      tier: null,
      l1: null,
      error: { code: 'L2_BATCH_PROOF_INVALID', message: 'the validity proof of batch 11 does not verify' },
      checkedAt: 7_000,
      data: null,
    });
  });
});

describe('RollupWatch: the accepted batch\'s data', () => {
  const verified: DataAvailability = { status: 'verified', slot: 5n, beaconRoot: '0x' + '11'.repeat(32), blobs: 1, columns: { asked: 16, verified: 16, total: 128 }, endpoints: [], checkedAt: 1, words: '16 of 128 columns sampled from 1 endpoint, all verified, at slot 5' };
  const TX = '0x' + '33'.repeat(32);
  // The devnet rollup's rule: the commit transaction the L2 RPC names (the toy's commitTxOf), its BatchCommitted log of the accepted batch.
  let batch = 7n;
  const chain = {
    getTransactionByHash: async () => ({ hash: TX, from: '0x' + '01'.repeat(20), to: CONTRACT, type: '0x3', input: '0x', blobVersionedHashes: ['0x01' + '55'.repeat(31)], blockNumber: '0x9' }),
    getTransactionReceipt: async () => ({ status: '0x1', logs: [{ address: CONTRACT, topics: [VIGIL_BATCH_COMMITTED, '0x' + batch.toString(16).padStart(64, '0')], data: '0x' }] }),
    transactionsTo: async () => [],
  };

  it('is read when the accepted batch changes or after a while, not at every head, and shown in the view', async () => {
    const asked: DataLocation[] = [];
    batch = 7n;
    const t = setup({ batch: 7n, kind: ROLLUP_KIND, data: { chain, availability: (l) => (asked.push(l), Promise.resolve(verified)) } });
    t.open(10);
    await t.watch.at(9, head(10));
    await t.watch.dataSettled();
    expect(asked.length).toBe(1);
    expect(t.snapshot().data?.batch).toBe(7n);
    expect(asked[0]).toMatchObject({ where: 'blobs', batch: 'batch 7', l1: { tx: TX, block: 9n } });
    const view = rollupView(t.snapshot());
    expect(view.data).toMatchObject({ where: 'blobs', batch: 'batch 7', availability: { status: 'verified', slot: 5, words: verified.words } });
    expect(view.data?.words).toContain(verified.words);
    t.open(11);
    await t.watch.at(9, head(11));
    await t.watch.dataSettled();
    expect(asked.length).toBe(1);
    t.setNow(5_000 + 5 * 60_000);
    t.open(12);
    await t.watch.at(9, head(12));
    await t.watch.dataSettled();
    expect(asked.length).toBe(2);
  });

  it('a new accepted batch is read at once; a tie waiting for the next block is tried at the next head', async () => {
    let n = 0;
    const waiting: DataAvailability = { status: 'untied', blobs: 1, columns: { asked: 0, verified: 0, total: 128 }, endpoints: [], code: 'BLOB_TIE_CHILD_NOT_VERIFIED', reason: 'next block', words: 'not sampled: …' };
    const t = setup({ kind: ROLLUP_KIND, data: { chain, availability: () => (n++, Promise.resolve(n === 2 ? waiting : verified)) } });
    for (const h of [10, 11, 12]) {
      batch = BigInt(h);
      t.open(h);
      await t.watch.at(9, head(h));
      await t.watch.dataSettled();
    }
    // Batches 10, 11, 12: one read each.
    expect(n).toBe(3);
    batch = 3n;
    const same = setup({ batch: 3n, kind: ROLLUP_KIND, data: { chain, availability: () => (n++, Promise.resolve(waiting)) } });
    n = 0;
    for (const h of [10, 11]) {
      same.open(h);
      await same.watch.at(9, head(h));
      await same.watch.dataSettled();
    }
    expect(n).toBe(2);
  });
});
