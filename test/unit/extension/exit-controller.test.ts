/**
 * The background's forced-exit runner (src/extension/exit-controller.ts) over a fake rollup
 * contract whose slots and receipts the tests move, a scripted RollupWatch, and a real ExitRepo
 * on fake-indexeddb: what start() refuses and keeps, a whole exit driven tick by tick (signed with
 * the step's summary, saved with its bytes before they are broadcast), a restarted background
 * sending the same bytes again, errors kept on the row, one pass at a time, and the views.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { encodeEventTopics, type Hex } from 'viem';
import { afterEach, describe, expect, it } from 'vitest';
import type { L1HeadRef } from '../../../src/client/rollup-follower.ts';
import type { RollupWatch } from '../../../src/client/rollup-watch.ts';
import type { L2AccountQuery } from '../../../src/client/l2-accounts.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { ARTIFACTS } from '../../../src/devnet/rollup/contracts/artifacts.ts';
import { ExitController, type ExitControllerDeps, type ExitView } from '../../../src/extension/exit-controller.ts';
import { storageKey } from '../../../src/l2/slots.ts';
import { ROLLUP_SLOTS } from '../../../src/l2/vigil-zk/config.ts';
import { type ExitReceipt, type ExitStep, encodeEscape, encodeFreeze, encodeRequestForcedWithdrawal, startExit } from '../../../src/l2/vigil-zk/exit-legacy.ts';
import { RollupState } from '../../../src/l2/vigil-zk/state.ts';
import type { Account } from '../../../src/l2/vigil-zk/tree.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { openVigilDb, type VigilDb } from '../../../src/storage/db.ts';
import { ExitRepo, type ExitRow } from '../../../src/storage/exits.ts';
import { WalletError } from '../../../src/wallet/errors.ts';

const ABI = ARTIFACTS.VigilRollup.abi;
const L2 = 424242;
const NETWORK = 'devnet';
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const OTHER_OWNER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const INDEX = 3;
const ID = `${L2}:${INDEX}`;
const T0 = 1_700_000_000n;
const ETHER = 10n ** 18n;
const mine: Account = { owner: BigInt(OWNER), ax: 11n, ay: 12n, balance: 2n * ETHER, nonce: 4n };
const STATE = RollupState.empty().withAccounts([[INDEX, mine]]);
const S = ROLLUP_SLOTS;
const slot = (s: bigint) => storageKey({ slot: s });
const entry = (mapping: bigint, key: bigint) => storageKey({ mapping, key });
/** The forced deadline of the oldest queue entry (5, queued at T0 - 100). */
const DEADLINE = T0 - 100n + 3600n;

/** The rollup contract's exit slots (unset slots read 0, as eth_getProof proves them), and the verified receipts. */
class FakeRollup {
  stateRoot = STATE.root;
  queueHead = 5n;
  queueTail = 7n;
  queuedAt = new Map<bigint, bigint>([
    [5n, T0 - 100n],
    [6n, T0 - 50n],
  ]);
  frozen = false;
  forcedDeadline = 3600n;
  escaped = new Set<bigint>();
  receipts = new Map<string, ExitReceipt>();

  value(key: string): bigint {
    const fixed: [bigint, bigint][] = [
      [S.stateRoot, this.stateRoot],
      [S.queueHead, this.queueHead],
      [S.queueTail, this.queueTail],
      [S.frozen, this.frozen ? 1n : 0n],
      [S.forcedDeadline, this.forcedDeadline],
    ];
    for (const [s, v] of fixed) if (key === slot(s)) return v;
    for (const [i, at] of this.queuedAt) if (key === entry(S.queuedAt, i)) return at;
    for (const i of this.escaped) if (key === entry(S.escaped, i)) return 1n;
    return 0n;
  }

  /** requestForcedWithdrawal mined: the entry queued and its receipt with the event. */
  mineRequest(hash: string, at: bigint): void {
    const queueIndex = this.queueTail++;
    this.queuedAt.set(queueIndex, at);
    const topics = encodeEventTopics({ abi: ABI, eventName: 'ForcedWithdrawalRequested', args: { queueIndex, from: BigInt(INDEX), owner: OWNER as Hex } });
    this.receipts.set(hash, { status: '0x1', logs: [{ address: CONTRACT, topics: topics as string[], data: '0x' }] });
  }

  mineFreeze(hash: string): void {
    this.frozen = true;
    this.receipts.set(hash, { status: '0x1', logs: [] });
  }

  mineEscape(hash: string, amount: bigint): void {
    this.escaped.add(BigInt(INDEX));
    const topics = encodeEventTopics({ abi: ABI, eventName: 'Escaped', args: { index: BigInt(INDEX), owner: OWNER as Hex } });
    this.receipts.set(hash, { status: '0x1', logs: [{ address: CONTRACT, topics: topics as string[], data: `0x${amount.toString(16).padStart(64, '0')}` }] });
  }
}

const headAt = (timestamp: bigint, n = 1n): L1HeadRef => ({ blockNumber: n, blockHash: `0x${n.toString(16).padStart(64, '0')}`, stateRoot: '0x' + '22'.repeat(32), timestamp });

/** The RollupWatch methods the controller uses: one followed rollup whose owners' accounts are proven. */
class FakeWatch {
  accounts = new Map<number, Account>([[INDEX, mine]]);
  queries: L2AccountQuery[] = [];

  has(chainId: number): boolean {
    return chainId === L2;
  }

  async account(chainId: number, _head: L1HeadRef, query: L2AccountQuery) {
    if (chainId !== L2) throw new Error(`unexpected read of ${chainId}`);
    this.queries.push(query);
    if (!('owner' in query)) throw new Error('the controller asks by owner');
    const found = [...this.accounts].find(([, a]) => a.owner === BigInt(query.owner));
    return { followed: {}, proven: found ? { index: found[0], account: found[1] } : null };
  }

  snapshots() {
    return [{ rollup: { adapter: { kind: 'vigil-zk-v1' }, config: { contract: CONTRACT }, identity: { chainId: L2 } }, last: undefined, error: undefined }];
  }
}

const dbs: VigilDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

let ids = 0;
async function setup(over: Partial<ExitControllerDeps> = {}) {
  const db = await openVigilDb({ name: `exit-controller-${ids++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  const repo = new ExitRepo(db);
  const chain = new FakeRollup();
  const watch = new FakeWatch();
  const world = { head: headAt(T0) as L1HeadRef | undefined, networkId: NETWORK as string | undefined, watch: watch as FakeWatch | undefined };
  const log: string[] = [];
  const signed: Parameters<ExitControllerDeps['sign']>[0][] = [];
  const broadcasts: { raw: string; row: ExitRow | undefined }[] = [];
  const changes: ExitView[] = [];
  const proofs: [number, number, bigint][] = [];
  let n = 0;
  const deps: ExitControllerDeps = {
    rollups: () => world.watch as unknown as RollupWatch | undefined,
    newestHead: () => world.head,
    networkId: () => world.networkId,
    repo,
    async readStorage(_head, address, keys) {
      log.push(`read ${address.slice(0, 6)}`);
      return new Map(keys.map((k) => [k, chain.value(k)]));
    },
    async receipt(hash) {
      log.push(`receipt ${hash.slice(-2)}`);
      return chain.receipts.get(hash) ?? null;
    },
    async accountProof(rollupChainId, index, root) {
      log.push('proof');
      proofs.push([rollupChainId, index, root]);
      return STATE.proof(index);
    },
    async sign(params) {
      log.push(`sign ${params.summary}`);
      signed.push(params);
      n++;
      return { hash: `0x${'ab'.repeat(31)}${n.toString(16).padStart(2, '0')}`, raw: `0xraw${n}` };
    },
    async broadcast(raw) {
      log.push(`broadcast ${raw}`);
      // What the repo holds at the moment the bytes go out.
      broadcasts.push({ raw, row: await repo.get(ID) });
    },
    now: () => Number(world.head?.timestamp ?? T0) * 1000,
    onChange: (exit) => changes.push(exit),
    ...over,
  };
  const exits = new ExitController(deps);
  return { exits, repo, chain, watch, world, log, signed, broadcasts, changes, proofs };
}

/** Lets the tick that start() runs in the background finish. */
async function settle(exits: ExitController): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  for (let i = 0; i < 500 && (exits as unknown as { ticking: boolean }).ticking; i++) await new Promise((r) => setTimeout(r, 1));
  expect((exits as unknown as { ticking: boolean }).ticking).toBe(false);
}

/** A row as the controller writes it, at `step` (default 'request'), created at `createdAt`. */
function row(over: Partial<ExitRow> = {}, createdAt = Number(T0)): ExitRow {
  return { ...startExit({ rollupChainId: L2, contract: CONTRACT, index: INDEX, owner: OWNER, balance: 2n * ETHER, now: createdAt }), networkId: NETWORK, ...over };
}

const refusal = (p: Promise<unknown>) => p.then(() => expect.fail('expected a refusal'), (e: unknown) => e as Error & { code?: string });

describe('ExitController.start', () => {
  it('refuses a rollup it does not follow, a network it does not know, no head and an owner without an L2 account; writes nothing', async () => {
    const { exits, repo, world, signed } = await setup();
    expect((await refusal(exits.start({ rollupChainId: 1, address: OWNER }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    world.networkId = undefined;
    expect((await refusal(exits.start({ rollupChainId: L2, address: OWNER }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    world.networkId = NETWORK;
    world.watch = undefined;
    expect((await refusal(exits.start({ rollupChainId: L2, address: OWNER }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    world.watch = new FakeWatch();
    world.head = undefined;
    expect((await refusal(exits.start({ rollupChainId: L2, address: OWNER }))).code).toBe('STALE_HEAD');
    world.head = headAt(T0);
    const none = await refusal(exits.start({ rollupChainId: L2, address: OTHER_OWNER }));
    expect(none).toBeInstanceOf(WalletError);
    expect(none.code).toBe('L2_NO_ACCOUNT');
    await settle(exits);
    expect(await repo.list()).toEqual([]);
    expect(signed).toEqual([]);
  });

  it('creates the record at step request with the proven balance, the owner in lower case and the network, asked by the owner in lower case', async () => {
    const { exits, repo, world, changes } = await setup();
    const view = await exits.start({ rollupChainId: L2, address: OWNER });
    expect(view).toEqual({
      id: ID,
      rollupChainId: L2,
      contract: CONTRACT.toLowerCase(),
      index: INDEX,
      owner: OWNER.toLowerCase(),
      step: 'request',
      startBalance: (2n * ETHER).toString(),
      history: [{ step: 'request', at: Number(T0) }],
      reverts: 0,
      createdAt: Number(T0),
      updatedAt: Number(T0),
      networkId: NETWORK,
    });
    expect(world.watch!.queries).toEqual([{ owner: OWNER.toLowerCase() }]);
    expect(changes[0]).toEqual(view);
    await settle(exits);
    // The background tick it started sent the request.
    expect((await repo.get(ID))?.step).toBe('requesting');
  });

  it('answers the exit under way (or escaped) on a second start: no second record, nothing overwritten', async () => {
    for (const step of ['requesting', 'waiting', 'freezing', 'escaping', 'escaped'] as const) {
      const { exits, repo, world, signed, log } = await setup();
      const held = row({ step, request: { hash: '0x' + '01'.repeat(32), at: Number(T0), queueIndex: '7' }, raw: '0xsigned', updatedAt: Number(T0) + 5 }, Number(T0) - 1000);
      await repo.put(held);
      world.head = headAt(T0 + 120n, 9n);
      const view = await exits.start({ rollupChainId: L2, address: OWNER });
      const { raw: _raw, ...expected } = held;
      expect(view).toEqual(expected);
      expect(view).not.toHaveProperty('raw');
      await settle(exits);
      expect(await repo.list()).toEqual([held]);
      expect(signed).toEqual([]);
      expect(log).toEqual([]);
    }
  });

  it('keeps a withdrawn or failed exit under `${id}@${createdAt}` (still listed) and begins a new one', async () => {
    for (const step of ['withdrawn', 'failed'] as const) {
      const { exits, repo, world } = await setup();
      const old = row({ step, error: { code: 'EXIT_TX_REVERTED', message: 'escape() reverted 3 times on L1' } }, Number(T0) - 1000);
      await repo.put(old);
      world.head = headAt(T0 + 120n, 9n);
      const view = await exits.start({ rollupChainId: L2, address: OWNER });
      expect(view).toMatchObject({ id: ID, step: 'request', createdAt: Number(T0 + 120n), history: [{ step: 'request', at: Number(T0 + 120n) }] });
      expect(view).not.toHaveProperty('error');
      await settle(exits);
      const archivedId = `${ID}@${Number(T0) - 1000}`;
      expect(await repo.get(archivedId)).toEqual({ ...old, id: archivedId });
      const listed = await exits.list();
      expect(listed.map((e) => [e.id, e.step])).toEqual([
        [ID, 'requesting'],
        [archivedId, step],
      ]);
    }
  });
});

describe('ExitController.tick', () => {
  it('drives a whole exit: request → waiting → freeze → escape → escaped, each step signed with its summary and saved with its bytes before the broadcast', async () => {
    const { exits, repo, chain, world, log, signed, broadcasts, changes, proofs } = await setup();
    await exits.start({ rollupChainId: L2, address: OWNER });
    await settle(exits);

    // The request: signed from the owner to the contract, saved with its raw bytes, then broadcast.
    expect(signed).toEqual([{ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), data: encodeRequestForcedWithdrawal(INDEX), summary: 'Forced withdrawal request' }]);
    expect(broadcasts.map((b) => b.raw)).toEqual(['0xraw1']);
    expect(broadcasts[0]!.row).toMatchObject({ step: 'requesting', raw: '0xraw1', request: { hash: `0x${'ab'.repeat(31)}01` } });
    let held = (await repo.get(ID))!;
    expect(held.networkId).toBe(NETWORK);

    // No receipt yet: the same bytes go out again, nothing is signed.
    world.head = headAt(T0 + 12n, 2n);
    await exits.tick();
    expect(signed).toHaveLength(1);
    expect((await repo.get(ID))!.step).toBe('requesting');

    // Mined: waiting for the sequencer or the deadline.
    chain.mineRequest(held.request!.hash, T0 + 12n);
    world.head = headAt(T0 + 24n, 3n);
    await exits.tick();
    held = (await repo.get(ID))!;
    expect(held).toMatchObject({ step: 'waiting', request: { queueIndex: '7' }, deadline: Number(DEADLINE) });
    expect(signed).toHaveLength(1);

    // Before the deadline nothing happens.
    world.head = headAt(DEADLINE, 4n);
    await exits.tick();
    expect((await repo.get(ID))!.step).toBe('waiting');

    // Past it: freeze().
    world.head = headAt(DEADLINE + 1n, 5n);
    await exits.tick();
    expect(signed.at(-1)).toEqual({ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), data: encodeFreeze(), summary: 'Freeze the rollup' });
    expect(broadcasts.at(-1)!.raw).toBe('0xraw2');
    expect(broadcasts.at(-1)!.row).toMatchObject({ step: 'freezing', raw: '0xraw2', freeze: { hash: `0x${'ab'.repeat(31)}02` } });
    held = (await repo.get(ID))!;

    // Frozen: the account's proof against the frozen root, then escape().
    chain.mineFreeze(held.freeze!.hash);
    world.head = headAt(DEADLINE + 13n, 6n);
    log.length = 0;
    await exits.tick();
    expect(proofs).toEqual([[L2, INDEX, STATE.root]]);
    expect(signed.at(-1)).toEqual({ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), data: encodeEscape(INDEX, mine, STATE.proof(INDEX).siblings), summary: 'Escape to L1' });
    // The freezing row's bytes went out once more before the tick moved on.
    expect(log.filter((l) => l === 'proof' || l.startsWith('sign') || l.startsWith('broadcast'))).toEqual(['broadcast 0xraw2', 'proof', 'sign Escape to L1', 'broadcast 0xraw3']);
    expect(broadcasts.at(-1)!.row).toMatchObject({ step: 'escaping', raw: '0xraw3', escape: { hash: `0x${'ab'.repeat(31)}03`, amount: (2n * ETHER).toString() } });
    held = (await repo.get(ID))!;

    // The Escaped receipt: done.
    chain.mineEscape(held.escape!.hash, 2n * ETHER);
    world.head = headAt(DEADLINE + 25n, 7n);
    await exits.tick();
    held = (await repo.get(ID))!;
    expect(held.step).toBe('escaped');
    expect(held.history.map((h) => h.step)).toEqual(['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping', 'escaped']);
    expect(held).not.toHaveProperty('error');

    // Terminal: the next tick reads nothing, signs nothing, sends nothing.
    log.length = 0;
    world.head = headAt(DEADLINE + 37n, 8n);
    await exits.tick();
    expect(log).toEqual([]);
    expect(signed.map((s) => s.summary)).toEqual(['Forced withdrawal request', 'Freeze the rollup', 'Escape to L1']);

    // Told at every step change (after the start), never with the bytes.
    expect(changes.map((c) => c.step)).toEqual(['request', 'requesting', 'waiting', 'freezing', 'escaping', 'escaped']);
    for (const c of changes) expect(c).not.toHaveProperty('raw');
  });

  it('a restarted background sends the saved bytes of a step under way again and never signs it again', async () => {
    for (const [step, field] of [
      ['requesting', 'request'],
      ['freezing', 'freeze'],
      ['escaping', 'escape'],
    ] as const) {
      const { exits, repo, chain, signed, log } = await setup();
      // A queued request (so 'freezing' does not fall back to waiting); the step's own receipt not verified yet.
      const hash = '0x' + 'cc'.repeat(32);
      const request = { hash: field === 'request' ? hash : '0x' + 'dd'.repeat(32), at: Number(T0), queueIndex: '6' };
      if (step === 'escaping') chain.frozen = true;
      const held = row({ step, request, ...(field !== 'request' ? { [field]: { hash, at: Number(T0) } } : {}), raw: '0xsaved' });
      await repo.put(held);
      await exits.tick();
      expect(log.filter((l) => l.startsWith('broadcast') || l.startsWith('sign'))).toEqual(['broadcast 0xsaved']);
      expect(signed).toEqual([]);
      const after = (await repo.get(ID))!;
      expect(after.step).toBe(step);
      expect(after.raw).toBe('0xsaved');
    }
  });

  it('a re-broadcast that fails (already known, node down) does not stop the tick', async () => {
    const { exits, repo, chain } = await setup({
      broadcast: async () => {
        throw new TransportError('NETWORK', 'the node is down');
      },
    });
    const hash = '0x' + 'cc'.repeat(32);
    await repo.put(row({ step: 'requesting', request: { hash, at: Number(T0) }, raw: '0xsaved' }));
    chain.mineRequest(hash, T0);
    await exits.tick();
    const after = (await repo.get(ID))!;
    expect(after.step).toBe('waiting');
    expect(after).not.toHaveProperty('error');
  });

  it('a row holding bytes at a step that sends nothing is not broadcast', async () => {
    const { exits, repo, log } = await setup();
    await repo.put(row({ step: 'waiting', request: { hash: '0x' + 'cc'.repeat(32), at: Number(T0), queueIndex: '6' }, raw: '0xold' }));
    await exits.tick();
    expect(log.filter((l) => l.startsWith('broadcast'))).toEqual([]);
    expect(log.some((l) => l.startsWith('read'))).toBe(true);
  });

  it('a signer that refuses (LOCKED) leaves the step as it was and records the error on the row; the next tick signs', async () => {
    let locked = true;
    let n = 0;
    const { exits, repo, broadcasts, changes } = await setup({
      sign: async () => {
        if (locked) throw new WalletError('LOCKED', 'the wallet is locked');
        n++;
        return { hash: `0x${'ef'.repeat(31)}${n.toString(16).padStart(2, '0')}`, raw: `0xok${n}` };
      },
    });
    await repo.put(row());
    await exits.tick();
    const after = (await repo.get(ID))!;
    expect(after.step).toBe('request');
    expect(after.error).toEqual({ code: 'LOCKED', message: 'the wallet is locked' });
    expect(after).not.toHaveProperty('request');
    expect(broadcasts).toEqual([]);
    expect(changes).toEqual([]);
    expect((await exits.list())[0]!.error).toEqual({ code: 'LOCKED', message: 'the wallet is locked' });

    locked = false;
    await exits.tick();
    const signed = (await repo.get(ID))!;
    expect(signed).toMatchObject({ step: 'requesting', raw: '0xok1' });
    // The lock was the tick's problem, not the exit's: gone once a tick went through.
    expect(signed.error).toBeUndefined();
    expect(signed.errorFromTick).toBeUndefined();
    expect(broadcasts.map((b) => b.raw)).toEqual(['0xok1']);
  });

  it("clears the tick's own error at the next tick that goes through, even when nothing moves", async () => {
    let down = true;
    const held: { chain?: { value(k: string): bigint } } = {};
    const { exits, repo, chain } = await setup({
      readStorage: async (_head, _address, keys) => {
        if (down) throw new TransportError('NETWORK', 'connection refused');
        return new Map(keys.map((k) => [k, held.chain!.value(k)]));
      },
    });
    held.chain = chain;
    await repo.put(row({ step: 'waiting', request: { hash: '0x' + 'cc'.repeat(32), at: Number(T0), queueIndex: '6' } }));
    await exits.tick();
    expect((await repo.get(ID))!.error).toEqual({ code: 'NETWORK', message: 'connection refused' });
    down = false;
    await exits.tick();
    const after = (await repo.get(ID))!;
    expect(after.step).toBe('waiting');
    expect(after.error).toBeUndefined();
  });

  it('a lying storage proof (VerificationError) leaves the step and records the error (its short message), stamped with the head', async () => {
    const { exits, repo, world, signed } = await setup({
      readStorage: async () => {
        throw new VerificationError('PROOF_ROOT_MISMATCH', 'the storage proof does not hash to the state root', { details: 'node 2 of 5' });
      },
    });
    const held = row({ step: 'waiting', request: { hash: '0x' + 'cc'.repeat(32), at: Number(T0), queueIndex: '6' }, raw: '0xold' });
    await repo.put(held);
    world.head = headAt(T0 + 60n, 6n);
    await exits.tick();
    const after = (await repo.get(ID))!;
    expect(after).toEqual({ ...held, error: { code: 'PROOF_ROOT_MISMATCH', message: 'the storage proof does not hash to the state root' }, errorFromTick: true, updatedAt: Number(T0 + 60n) });
    expect(signed).toEqual([]);
  });

  it('a broadcast that fails after the save keeps the signed step and its bytes, records the error and tells the change', async () => {
    const { exits, repo, changes } = await setup({
      broadcast: async () => {
        throw new TransportError('NETWORK', 'connection reset');
      },
    });
    await repo.put(row());
    await exits.tick();
    const after = (await repo.get(ID))!;
    expect(after).toMatchObject({ step: 'requesting', raw: '0xraw1', error: { code: 'NETWORK' } });
    expect(changes.map((c) => c.step)).toEqual(['requesting']);
    expect(changes[0]!.error?.code).toBe('NETWORK');
    expect(changes[0]).not.toHaveProperty('raw');
  });

  it('two overlapping ticks run an exit once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Passes that read the exit's slots (a pass may read once more for the oldest queue entry).
    let reads = 0;
    const chain = new FakeRollup();
    const { exits, repo, signed } = await setup({
      readStorage: async (_head, _address, keys) => {
        if (keys.length > 1) reads++;
        await gate;
        return new Map(keys.map((k) => [k, chain.value(k)]));
      },
    });
    await repo.put(row());
    const first = exits.tick();
    let secondDone = false;
    const second = exits.tick().then(() => (secondDone = true));
    await second;
    // The second returned at once, while the first waits on its read.
    expect(secondDone).toBe(true);
    expect(signed).toEqual([]);
    release();
    await first;
    expect(reads).toBe(1);
    expect(signed).toHaveLength(1);
    expect((await repo.get(ID))!.step).toBe('requesting');
    // Once the pass ended, the next one runs.
    await exits.tick();
    expect(reads).toBe(2);
    expect(signed).toHaveLength(1);
  });

  it('leaves exits of another network and terminal exits alone', async () => {
    const { exits, repo, log, world } = await setup();
    const elsewhere = row({ networkId: 'sepolia' });
    const finished = (['withdrawn', 'escaped', 'failed'] as ExitStep[]).map((step, i) => row({ id: `${L2}:${10 + i}`, index: 10 + i, step, raw: '0xdone' }));
    await repo.put(elsewhere);
    for (const f of finished) await repo.put(f);
    await exits.tick();
    expect(log).toEqual([]);
    expect(await repo.get(ID)).toEqual(elsewhere);
    for (const f of finished) expect(await repo.get(f.id)).toEqual(f);

    // Without a head or a network nothing is read either.
    await repo.put(row({ id: `${L2}:20`, index: 20 }));
    world.head = undefined;
    await exits.tick();
    world.head = headAt(T0);
    world.networkId = undefined;
    await exits.tick();
    expect(log).toEqual([]);
  });
});

describe('ExitController.list', () => {
  it("this network's exits only, newest first, filtered by owners, without the signed bytes", async () => {
    const { exits, repo } = await setup();
    const a = row({ id: `${L2}:1`, index: 1, raw: '0xa' }, 100);
    const b = row({ id: `${L2}:2`, index: 2, owner: OTHER_OWNER, step: 'waiting', raw: '0xb' }, 300);
    const c = row({ id: `${L2}:3`, index: 3, step: 'escaped' }, 200);
    const d = row({ id: `${L2}:4`, index: 4, networkId: 'sepolia' }, 400);
    for (const r of [a, b, c, d]) await repo.put(r);
    const strip = ({ raw: _raw, ...rest }: ExitRow) => rest;

    const all = await exits.list();
    expect(all).toEqual([strip(b), strip(c), strip(a)]);
    for (const e of all) expect(e).not.toHaveProperty('raw');
    expect((await exits.list([OWNER.toLowerCase()])).map((e) => e.id)).toEqual([c.id, a.id]);
    expect((await exits.list([OTHER_OWNER])).map((e) => e.id)).toEqual([b.id]);
    expect(await exits.list([])).toEqual([]);
  });
});
