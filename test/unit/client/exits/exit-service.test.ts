/**
 * The exit service (src/client/exits/exit-service.ts) with the toy plan of the runner's tests, a scripted
 * RollupWatch (an EVM rollup whose L2 balance is proven, its own L1 sources) and a real ExitRepo
 * on fake-indexeddb: what start() refuses,
 * one exit per account and rollup at a time, a whole exit driven tick by tick (signed with the
 * plan's summary, saved with its bytes before they are broadcast, its wait and until kept), a
 * restarted background sending the same bytes again, errors kept on the row and cleared, one pass
 * at a time, an L2 transaction outside the exit refused, routes and views.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import type { RollupWatch } from '../../../../src/client/rollups/watch.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { type ExitRoute, ExitService, type ExitServiceDeps, type ExitView, type ProvenL2Balance } from '../../../../src/client/exits/exit-service.ts';
import type { ExitBalanceView, ExitRouteView, ExitView as WireExitView } from '../../../../src/extension/messages.ts';
import type { ExitPlan, ExitReceiptFacts } from '../../../../src/l2/exit-plan.ts';
import { openVigilDb, type VigilDb } from '../../../../src/storage/db.ts';
import { ExitRepo } from '../../../../src/storage/exits.ts';
import { WalletError } from '../../../../src/wallet/errors.ts';
import { replacementFees } from '../../../../src/wallet/replacement-fees.ts';
import { signTransaction } from '../../../../src/wallet/transaction.ts';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { CODE, CODE_HASH, CONFIG, DELAY, OWNER, SLOT0, T0, toyPlan } from './toy-exit-plan.ts';

/** A finalized block above every head of these tests. */
const ALL_FINAL = 1n << 62n;

const L2 = 10;
const OTHER_L2 = 8453;
const NETWORK = 'mainnet';
const BALANCE = 5000n;

const headAt = (n: number, timestamp = T0 + BigInt(n) * 12n): L1HeadRef => ({ blockNumber: BigInt(n), blockHash: '0x' + n.toString(16).padStart(64, '0'), stateRoot: '0x' + '22'.repeat(32), timestamp });

/** The RollupWatch methods the controller uses: the toy rollup (with a plan) and one of a kind without. */
class FakeWatch {
  balances = new Map<string, bigint>([[OWNER, BALANCE]]);
  proofError: Error | undefined;
  l2Answer: unknown = '1000';
  follows: bigint[] = [];
  /** The owner's L1 nonce proven by readStorage (none unless a test sets it). */
  ownerNonce: bigint | undefined;

  has(chainId: number): boolean {
    return chainId === L2 || chainId === OTHER_L2;
  }

  snapshots() {
    const identity = (chainId: number, name: string) => ({ chainId, name, l1ChainId: 1, l2Rpc: 'http://l2', liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 600 } });
    return [
      { rollup: { adapter: { kind: 'toy-v1' }, config: CONFIG, identity: identity(L2, 'Toy') }, last: undefined, error: undefined },
      { rollup: { adapter: { kind: 'no-plan-v1' }, config: {}, identity: identity(OTHER_L2, 'Planless') }, last: undefined, error: undefined },
    ];
  }

  async evmAccount(chainId: number, _head: L1HeadRef, address: string) {
    if (chainId !== L2) throw new Error(`unexpected read of ${chainId}`);
    if (this.proofError) throw this.proofError;
    return { followed: { accepted: { batch: 77n } }, account: { account: { balance: this.balances.get(address.toLowerCase()) ?? 0n } } };
  }

  async at(_chainId: number, head: L1HeadRef) {
    this.follows.push(head.blockNumber);
    return { at: head, accepted: { root: 1n, batch: 77n, acceptedAt: 0n, status: 'claimed' }, liveness: {}, proof: 'not-applicable', proven: { blockNumber: head.blockNumber, blockHash: head.blockHash, timestamp: head.timestamp, accounts: new Map() } };
  }

  sources(_chainId: number) {
    return {
      readStorage: async (_h: L1HeadRef, a: string, keys: string[]) => ({
        codeHash: CODE_HASH,
        storage: new Map(keys.map((k) => [k, k === SLOT0 ? DELAY : 0n])),
        ...(a.toLowerCase() === OWNER && this.ownerNonce !== undefined ? { nonce: this.ownerNonce } : {}),
      }),
      readCode: async () => CODE,
      l2Call: async () => this.l2Answer,
    };
  }
}

const dbs: VigilDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

let ids = 0;
async function setup(over: Partial<ExitServiceDeps> = {}, shared?: { repo: ExitRepo; receipts: Map<string, ExitReceiptFacts> }) {
  let repo = shared?.repo;
  if (!repo) {
    const db = await openVigilDb({ name: `exits-${ids++}`, indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
    repo = new ExitRepo(db);
  }
  const watch = new FakeWatch();
  const receipts = shared?.receipts ?? new Map<string, ExitReceiptFacts>();
  const world = { head: headAt(1) as L1HeadRef | undefined, networkId: NETWORK as string | undefined, watch: watch as FakeWatch | undefined };
  const log: string[] = [];
  const signed: Parameters<ExitServiceDeps['sign']>[0][] = [];
  const changes: ExitView[] = [];
  const stored = repo;
  let n = 0;
  const deps: ExitServiceDeps = {
    // Every head final unless a test says otherwise: an exit's end is then for good at once.
    finalizedBlockNumber: () => ALL_FINAL,
    blockHashAt: async () => Promise.reject(new Error('not asked: every head is final here')),
    rollups: () => world.watch as unknown as RollupWatch | undefined,
    newestHead: () => world.head,
    networkId: () => world.networkId,
    repo,
    planOf: (kind) => (kind === 'toy-v1' ? toyPlan() : undefined),
    async receipt(hash) {
      return receipts.get(hash) ?? null;
    },
    async sign(tx) {
      log.push(`sign ${tx.summary}`);
      signed.push(tx);
      n++;
      return { hash: '0x' + 'ab'.repeat(31) + n.toString(16).padStart(2, '0'), raw: `0x02raw${n}` };
    },
    async signL2(from, tx) {
      log.push(`signL2 ${tx.label}`);
      return { hash: '0x' + 'e2'.repeat(32), raw: `0x02l2${from.slice(2, 6)}` };
    },
    async broadcast(raw) {
      // Saved before it goes out: the row holds these bytes already.
      const rows = await stored.list();
      log.push(`broadcast ${raw} saved=${rows.some((r) => r.signed?.raw === raw)}`);
    },
    now: () => 1_000,
    onChange: (e) => changes.push(e),
    ...over,
  };
  const controller = new ExitService(deps);
  const mine = (hash: string, status = '0x1') => receipts.set(hash, { status, blockNumber: '0x10', logs: [] });
  return { controller, repo, watch, world, log, signed, changes, receipts, mine };
}

const start = (c: ExitService, amount = '1000') => c.start({ rollupChainId: L2, address: OWNER.toUpperCase().replace('0X', '0x'), amount });
const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('start', () => {
  it('refuses a rollup not followed, no head yet, a kind with no plan, a bad amount, more than the proven balance', async () => {
    const s = await setup();
    const code = async (p: Promise<unknown>) => ((await errorOf(p)) as WalletError).code;
    expect(await code(s.controller.start({ rollupChainId: 1, address: OWNER, amount: '1' }))).toBe('ROLLUP_NOT_FOLLOWED');
    expect(await code(s.controller.start({ rollupChainId: OTHER_L2, address: OWNER, amount: '1' }))).toBe('EXIT_NOT_AVAILABLE');
    for (const amount of ['0', '-1', '1.5', '0x10', '']) expect(await errorOf(start(s.controller, amount))).toBeInstanceOf(InputError);
    // This plan takes part of the balance: an amount is asked for.
    expect(await errorOf(s.controller.start({ rollupChainId: L2, address: OWNER }))).toBeInstanceOf(InputError);
    const over = (await errorOf(start(s.controller, (BALANCE + 1n).toString()))) as WalletError;
    expect(over.code).toBe('L2_INSUFFICIENT_BALANCE');
    expect(over.expected).toBe(`at most ${BALANCE}`);
    s.world.head = undefined;
    expect(await code(start(s.controller))).toBe('STALE_HEAD');
    s.world.head = headAt(1);
    s.world.networkId = undefined;
    expect(await code(start(s.controller))).toBe('ROLLUP_NOT_FOLLOWED');
    expect(await s.repo.list()).toEqual([]);
  });

  it("stores nothing when the L2 balance's proof fails", async () => {
    const s = await setup();
    s.watch.proofError = new VerificationError('L2_OWNER_MISMATCH', 'another account');
    expect(await errorOf(start(s.controller))).toBe(s.watch.proofError);
    expect(await s.repo.list()).toEqual([]);
  });

  it('starts an exit of the proven balance at most, one per account and rollup at a time; a finished one is archived by the next', async () => {
    const s = await setup();
    const view = await start(s.controller, BALANCE.toString());
    expect(view).toMatchObject({ kind: 'toy-v1', rollupChainId: L2, owner: OWNER, amount: '5000', step: 'prove', networkId: NETWORK, terminal: false });
    expect(s.changes[0]!.id).toBe(view.id);
    const again = (await errorOf(start(s.controller, '1'))) as WalletError;
    expect(again.code).toBe('EXIT_UNDER_WAY');
    // Finished: the next exit starts, the old one is kept, archived.
    const row = (await s.repo.get(view.id))!;
    await s.repo.put({ ...row, step: 'done' });
    s.world.head = headAt(2);
    const next = await start(s.controller, '10');
    expect(next.id).not.toBe(view.id);
    const listed = await s.controller.list();
    expect(listed.map((e) => [e.id, e.step, e.archivedAt !== undefined, e.terminal])).toEqual([
      [next.id, next.step, false, false],
      [view.id, 'done', true, true],
    ]);
  });
});

describe('tick', () => {
  it('drives the exit: signed with the summary, saved with its bytes before the broadcast, the wait and its until kept, done', async () => {
    const s = await setup();
    const { id } = await start(s.controller);
    await s.controller.tick();
    expect(s.log).toEqual(['signL2 withdraw', 'sign Force the withdrawal in through L1', 'broadcast 0x02raw1 saved=true']);
    expect(s.signed[0]).toEqual({ from: OWNER, to: CONFIG.portal, value: 0n, data: '0x02l27099', summary: 'Force the withdrawal in through L1' });
    let row = (await s.repo.get(id))!;
    expect(row.step).toBe('initiating');
    expect(row.signed).toEqual({ hash: row.sent.initiate!.hash, raw: '0x02raw1' });
    expect(row.waiting).toBeUndefined();
    expect(s.changes.at(-1)!.step).toBe('initiating');
    // The view never carries the bytes.
    expect('signed' in (await s.controller.list())[0]!).toBe(false);

    s.world.head = headAt(2);
    await s.controller.tick();
    row = (await s.repo.get(id))!;
    expect(row.waiting).toEqual({ reason: 'waiting for the receipt' });
    s.mine(row.sent.initiate!.hash);
    s.world.head = headAt(3);
    await s.controller.tick();
    row = (await s.repo.get(id))!;
    const until = Number(headAt(3).timestamp + DELAY);
    expect(row.step).toBe('waiting');
    expect(row.waiting).toEqual({ reason: 'the challenge period', until });
    s.world.head = headAt(4, BigInt(until));
    await s.controller.tick();
    row = (await s.repo.get(id))!;
    expect(row.step).toBe('finalizing');
    expect(row.waiting).toBeUndefined();
    s.mine(row.sent.finalize!.hash);
    s.world.head = headAt(5, BigInt(until + 12));
    await s.controller.tick();
    const done = (await s.controller.list())[0]!;
    expect(done.step).toBe('done');
    expect(done.terminal).toBe(true);
    expect(s.signed.map((t) => t.summary)).toEqual(['Force the withdrawal in through L1', 'Finalize the withdrawal']);
    // The follow at each head was asked for (the plan's `followed`).
    expect(s.watch.follows).toEqual([1n, 2n, 3n, 4n, 5n]);
    // A terminal exit is not touched again.
    s.log.length = 0;
    s.world.head = headAt(6);
    await s.controller.tick();
    expect(s.log).toEqual([]);
  });

  it('keeps an exit that ended at a block not yet finalized under way: shown with that block, ticked at every head, in the way of a new one, then final; a reorg sends it back', async () => {
    const chain = { finalized: 0n, hashes: new Map<bigint, string>() };
    const s = await setup({ finalizedBlockNumber: () => chain.finalized, blockHashAt: async (n) => chain.hashes.get(n) ?? headAt(Number(n)).blockHash });
    const record = toyPlan().start(CONFIG, { owner: OWNER, amount: 1000n, balance: 5000n, now: Number(T0) });
    const finalize = '0x' + 'ab'.repeat(31) + '09';
    await s.repo.put({ ...record, networkId: NETWORK, step: 'finalizing', sent: { initiate: { hash: '0x' + '01'.repeat(32), at: 1 }, finalize: { hash: finalize, at: 2 } } });
    s.mine('0x' + '01'.repeat(32));
    s.mine(finalize);
    s.world.head = headAt(2);
    await s.controller.tick();
    let view = (await s.controller.list())[0]!;
    expect(view).toMatchObject({ step: 'done', terminal: true, endedAtBlock: '2', waiting: { reason: expect.stringContaining('final once the light client finalizes') } });
    expect('ending' in view).toBe(false);
    expect(s.changes.at(-1)!.endedAtBlock).toBe('2');
    expect(((await errorOf(start(s.controller, '1'))) as WalletError).code).toBe('EXIT_UNDER_WAY');
    // A reorg: block 2 replaced, the finalize in no verified block: back to finalizing, its bytes out again.
    chain.hashes.set(2n, '0x' + '77'.repeat(32));
    s.receipts.delete(finalize);
    s.world.head = headAt(3);
    await s.controller.tick();
    view = (await s.controller.list())[0]!;
    expect(view).toMatchObject({ step: 'finalizing', terminal: false });
    expect(view.endedAtBlock).toBeUndefined();
    // Mined again in block 4's head, finalized: done for good, not ticked again.
    s.mine(finalize);
    s.world.head = headAt(4);
    await s.controller.tick();
    expect((await s.controller.list())[0]).toMatchObject({ step: 'done', endedAtBlock: '4' });
    chain.finalized = 4n;
    s.world.head = headAt(5);
    await s.controller.tick();
    view = (await s.controller.list())[0]!;
    expect(view.step).toBe('done');
    expect(view.endedAtBlock).toBeUndefined();
    expect(view.history.at(-1)!.note).toBe('final: block 4 is finalized');
    expect(s.changes.at(-1)!.endedAtBlock).toBeUndefined();
    expect(s.signed.map((t) => t.summary)).toEqual([]);
  });

  it('after a restart: the saved bytes go out again, nothing is signed again', async () => {
    const first = await setup();
    await start(first.controller);
    await first.controller.tick();
    const restarted = await setup({}, { repo: first.repo, receipts: first.receipts });
    restarted.world.head = headAt(2);
    await restarted.controller.tick();
    expect(restarted.log).toEqual(['broadcast 0x02raw1 saved=true']);
    expect(restarted.signed).toEqual([]);
  });

  it('keeps an error of the tick on the row (the record as saved), and clears it once a tick goes through; a locked wallet is notified once', async () => {
    let locked = true;
    const notes: string[][] = [];
    const s = await setup({
      sign: async () => {
        if (locked) throw new WalletError('LOCKED', 'the wallet is locked: unlock it first');
        return { hash: '0x' + 'cd'.repeat(32), raw: '0x02ok' };
      },
      notify: (...note) => void notes.push(note),
    });
    const { id } = await start(s.controller);
    await s.controller.tick();
    await s.controller.tick();
    expect(notes).toEqual([[`vigil-exit-${id}`, 'Unlock Vigil to go on with your exit', 'The forced exit\'s step "prove" needs a signature, and the wallet is locked.']]);
    let row = (await s.repo.get(id))!;
    expect(row.step).toBe('prove');
    expect(row.error).toEqual({ code: 'LOCKED', message: 'the wallet is locked: unlock it first' });
    expect(row.errorFromTick).toBe(true);
    expect(row.sent).toEqual({});
    locked = false;
    s.world.head = headAt(2);
    await s.controller.tick();
    row = (await s.repo.get(id))!;
    expect(row.step).toBe('initiating');
    expect(row.error).toBeUndefined();
    expect(row.errorFromTick).toBeUndefined();
  });

  it('holds a step the policy finds too expensive (FEE_ABOVE_CAP), offers its cost with a fifth more, and signs it once the user allows that', async () => {
    const asked: (bigint | undefined)[] = [];
    const s = await setup({
      sign: async (tx) => {
        asked.push(tx.maxCost);
        const cost = 60_000_000_000_000_000n;
        if ((tx.maxCost ?? 50_000_000_000_000_000n) < cost) {
          throw new WalletError('FEE_ABOVE_CAP', 'This step may cost up to 0.06 ETH', { expected: 'at most 50000000000000000 wei', got: `${cost} wei` });
        }
        return { hash: '0x' + 'cd'.repeat(32), raw: '0x02ok' };
      },
    });
    const { id } = await start(s.controller);
    await expect(s.controller.allowFee(id)).rejects.toBeInstanceOf(InputError); // nothing asked yet
    await s.controller.tick();
    let row = (await s.repo.get(id))!;
    expect(row.error?.code).toBe('FEE_ABOVE_CAP');
    expect(row.feeAsked).toEqual({ step: 'prove', maxCost: '72000000000000000' });
    expect(row.sent).toEqual({});
    // The next head: still held, nothing allowed.
    s.world.head = headAt(2);
    await s.controller.tick();
    expect(asked).toEqual([undefined, undefined]);
    const view = await s.controller.allowFee(id);
    expect(view.feeAllowance).toEqual({ step: 'prove', maxCost: '72000000000000000' });
    expect(asked.at(-1)).toBe(72_000_000_000_000_000n);
    row = (await s.repo.get(id))!;
    expect(row.error).toBeUndefined();
    expect(Object.keys(row.sent)).toHaveLength(1);
  });

  it('signs a step in no verified block for five blocks again at its nonce (+12.5%); at the unattended cap it asks the popup, and re-signs once the user allows', async () => {
    const KEY = hexToBytes('0x' + '4d'.repeat(32));
    const GWEI = 10n ** 9n;
    const CAP = 2_200_000_000_000_000n;
    const asked: { maxCost?: bigint; replaces?: unknown }[] = [];
    const s = await setup({
      sign: async (tx) => {
        asked.push({ ...(tx.maxCost !== undefined ? { maxCost: tx.maxCost } : {}), ...(tx.replaces ? { replaces: tx.replaces } : {}) });
        const fees = tx.replaces ? replacementFees(tx.replaces, { nextBaseFee: 10n * GWEI, tip: GWEI }) : { maxFeePerGas: 21n * GWEI, maxPriorityFeePerGas: GWEI };
        const cost = 100_000n * fees.maxFeePerGas;
        if (cost > (tx.maxCost ?? CAP)) throw new WalletError('FEE_ABOVE_CAP', 'This step may cost more than Vigil spends without asking you', { expected: `at most ${tx.maxCost ?? CAP} wei`, got: `${cost} wei` });
        const signed = signTransaction({ type: 2, chainId: 1n, nonce: tx.replaces?.nonce ?? 7n, gasLimit: 100_000n, ...fees, to: tx.to as `0x${string}`, value: tx.value, data: hexToBytes('0x02abcd'), accessList: [] }, KEY);
        return { hash: signed.hash, raw: signed.raw };
      },
    });
    s.watch.ownerNonce = 7n;
    const { id } = await start(s.controller);
    await s.controller.tick();
    const original = (await s.repo.get(id))!.sent.initiate!;
    expect(original.block).toBe('1');
    // Four blocks on: waited for.
    s.world.head = headAt(5);
    await s.controller.tick();
    expect(asked).toHaveLength(1);
    // Five: re-signed at its nonce with the original's fees to beat; over the cap, so held and asked.
    s.world.head = headAt(6);
    await s.controller.tick();
    let row = (await s.repo.get(id))!;
    expect(asked[1]).toMatchObject({ replaces: { hash: original.hash, nonce: 7n, maxFeePerGas: 21n * GWEI, maxPriorityFeePerGas: GWEI } });
    const bumped = 100_000n * (21n * GWEI + (21n * GWEI) / 8n);
    expect(row.error?.code).toBe('FEE_ABOVE_CAP');
    expect(row.feeAsked).toEqual({ step: 'initiating', maxCost: ((bumped * 6n) / 5n).toString() });
    expect(row.sent.initiate!.hash).toBe(original.hash);
    // The user allows it: signed at once with that allowance, the step following the new transaction.
    await s.controller.allowFee(id);
    expect(asked.at(-1)!.maxCost).toBe((bumped * 6n) / 5n);
    row = (await s.repo.get(id))!;
    expect(row.error).toBeUndefined();
    expect(row.sent.initiate).toMatchObject({ replaced: [original.hash], block: '6' });
    expect(row.signed?.hash).toBe(row.sent.initiate!.hash);
    expect(s.changes.at(-1)!.sent.initiate!.hash).toBe(row.sent.initiate!.hash);
  });

  it('refuses to sign an L2 transaction outside the exit (more than its amount)', async () => {
    const greedy: ExitPlan<typeof CONFIG> = {
      ...toyPlan(),
      advance: (c, r, i) => ({ record: r, action: i.signedL2.size > 0 ? { kind: 'done' } : { kind: 'need', signL2: { label: 'x', chainId: c.l2ChainId, nonce: 0n, to: OWNER, value: BigInt(r.amount) + 1n, data: '0x', gasLimit: 1n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n } } }),
    };
    const s = await setup({ planOf: (kind) => (kind === 'toy-v1' ? greedy : undefined) });
    const { id } = await start(s.controller);
    await s.controller.tick();
    expect(s.log).toEqual([]);
    expect((await s.repo.get(id))!.error?.code).toBe('INVALID_INPUT');
  });

  it('runs one pass at a time, and only on its network', async () => {
    const s = await setup();
    const { id } = await start(s.controller);
    await Promise.all([s.controller.tick(), s.controller.tick()]);
    expect(s.signed.length).toBe(1);
    const row = (await s.repo.get(id))!;
    await s.repo.put({ ...row, id: 'sepolia-one', networkId: 'sepolia', step: 'prove', sent: {} });
    s.world.head = headAt(2);
    await s.controller.tick();
    expect(s.signed.length).toBe(1);
    expect((await s.controller.list()).map((e) => e.id)).toEqual([id]);
    expect(await s.controller.list(['0x' + '11'.repeat(20)])).toEqual([]);
  });
});

describe('abandon', () => {
  it('archives an exit that cannot go on with its history, never moves it again, and lets a new one of the account start', async () => {
    const s = await setup();
    // The pass start() began is under way: abandon waits for it, and no pass saves over the abandoned row.
    const { id } = await start(s.controller);
    const view = await s.controller.abandon(id);
    expect(s.signed).toHaveLength(1);
    const row = (await s.repo.get(id))!;
    expect(row).toMatchObject({ step: 'initiating', archivedAt: 1_000, abandonedAt: 1_000 });
    expect(row.sent.initiate).toBeDefined();
    expect(row.history.at(-1)).toEqual({ step: 'initiating', at: 1, note: 'abandoned by the user: never moved again' });
    expect(row).not.toHaveProperty('waiting');
    expect(view).toMatchObject({ id, abandonedAt: 1_000, terminal: false });
    expect(view).not.toHaveProperty('signed');
    expect(s.changes.at(-1)).toEqual(view);
    // Its transaction lands: nothing moves it any more.
    s.mine(row.sent.initiate!.hash);
    s.world.head = headAt(2);
    await s.controller.tick();
    expect(await s.repo.get(id)).toEqual(row);
    // A new exit of the same account on the same rollup starts (the abandoned one no longer in the way).
    const next = await start(s.controller);
    expect(next.id).not.toBe(id);
    await s.controller.tick();
    expect((await s.controller.list()).map((e) => [e.id, e.abandonedAt])).toEqual([
      [next.id, undefined],
      [id, 1_000],
    ]);
  });

  it('refuses an exit of no kind known here, another network, one that ended, or one archived already', async () => {
    const s = await setup();
    const { id } = await start(s.controller);
    await s.controller.tick();
    await expect(s.controller.abandon('nope')).rejects.toBeInstanceOf(InputError);
    const row = (await s.repo.get(id))!;
    await s.repo.put({ ...row, id: 'elsewhere', networkId: 'sepolia' });
    await expect(s.controller.abandon('elsewhere')).rejects.toBeInstanceOf(InputError);
    await s.repo.put({ ...row, id: 'ended', step: 'done' });
    await expect(s.controller.abandon('ended')).rejects.toThrow('has ended');
    await s.controller.abandon(id);
    await expect(s.controller.abandon(id)).rejects.toThrow('archived already');
  });
});

describe('routes and balance', () => {
  it('lists the followed rollups that have a plan, with its route and delays', async () => {
    const s = await setup();
    expect(s.controller.routes()).toEqual([{ chainId: L2, name: 'Toy', kind: 'toy-v1', liveness: null, l1BlockNumber: null, route: toyPlan().route(CONFIG), partial: true }]);
    s.world.watch = undefined;
    expect(s.controller.routes()).toEqual([]);
  });

  it("answers the owner's proven L2 balance", async () => {
    const s = await setup();
    expect(await s.controller.balance({ rollupChainId: L2, address: OWNER })).toEqual({ rollupChainId: L2, address: OWNER, balance: '5000', l2Block: 77, l1BlockNumber: 1 });
  });
});

describe('the runtime messages', () => {
  it('answer data of the shapes messages.ts declares for the popup', () => {
    expectTypeOf<ExitView>().toExtend<WireExitView>();
    expectTypeOf<ExitRoute>().toExtend<ExitRouteView>();
    expectTypeOf<ProvenL2Balance>().toExtend<ExitBalanceView>();
  });
});
