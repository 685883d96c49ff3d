/**
 * The exit service (src/client/exits/exit-service.ts) running the devnet rollup's exit over a fake rollup
 * contract whose slots and receipts the tests move, a scripted RollupWatch and a real ExitRepo on
 * fake-indexeddb: what start() refuses and keeps, a whole exit driven tick by tick (signed with the
 * step's summary, saved with its bytes before they are broadcast), a restarted background sending
 * the same bytes again, errors kept on the row, one pass at a time, the views, and an exit under
 * way in a version-6 database that resumes after the upgrade and finishes.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitService, type ExitServiceDeps, type ExitView } from '../../../../src/client/exits/exit-service.ts';
import type { L2AccountQuery } from '../../../../src/client/rollups/l2-accounts.ts';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import type { RollupWatch } from '../../../../src/client/rollups/watch.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { encodeEscape, encodeFreeze, encodeRequestForcedWithdrawal, vigilZkExitPlan } from '../../../../src/l2/vigil-zk/exit.ts';
import type { Account } from '../../../../src/l2/vigil-zk/tree.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { openVigilDb, VIGIL_SCHEMA, type VigilDb } from '../../../../src/storage/db.ts';
import { type DevnetExitRowV6, ExitRepo, type ExitRow } from '../../../../src/storage/exits.ts';
import { WalletError } from '../../../../src/wallet/errors.ts';
import { BATCHES, CONFIG, CONTRACT, DEADLINE, ETHER, FakeRollup, headAt, INDEX, L2, mine, OWNER, rpcProof, STATE, T0 } from '../rollups/fake-vigil-rollup.ts';

/** A finalized block above every head of these tests. */
const ALL_FINAL = 1n << 62n;

const NETWORK = 'devnet';
const OTHER_OWNER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ID = `vigil-zk-v1:${L2}:${OWNER.toLowerCase()}:${T0}`;

/** The RollupWatch methods the service uses: one followed devnet rollup whose owners' accounts are proven, its own L1 and L2 sources. */
class FakeWatch {
  accounts = new Map<number, Account>([[INDEX, mine]]);
  queries: L2AccountQuery[] = [];

  constructor(
    private readonly chain: FakeRollup,
    private readonly log: string[],
    readonly proofs: unknown[][],
    private readonly reads: { fail?: Error; gate?: Promise<void>; count: number },
  ) {}

  has(chainId: number): boolean {
    return chainId === L2;
  }

  async account(chainId: number, _head: L1HeadRef, query: L2AccountQuery) {
    if (chainId !== L2) throw new Error(`unexpected read of ${chainId}`);
    this.queries.push(query);
    if (!('owner' in query)) throw new Error('the service asks by owner');
    const found = [...this.accounts].find(([, a]) => a.owner === BigInt(query.owner));
    return { followed: { accepted: { batch: BATCHES } }, proven: found ? { index: found[0], account: found[1] } : null };
  }

  async at() {
    return { proven: undefined };
  }

  sources(_chainId: number) {
    return {
      readStorage: async (_h: L1HeadRef, address: string, keys: string[]) => {
        this.log.push(`read ${address.slice(0, 6)}`);
        if (keys.length > 1) this.reads.count++;
        await this.reads.gate;
        if (this.reads.fail) throw this.reads.fail;
        return { codeHash: '0x' + '01'.repeat(32), storage: new Map(keys.map((k) => [k, this.chain.value(k)])) };
      },
      l2Call: async (method: string, params: unknown[]) => {
        this.log.push('proof');
        expect(method).toBe('vigil_getAccountProof');
        this.proofs.push(params);
        return rpcProof(params[0] as number);
      },
    };
  }

  snapshots() {
    return [{ rollup: { adapter: { kind: 'vigil-zk-v1' }, config: CONFIG, identity: { chainId: L2, name: 'Vigil ZK devnet', liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 600 } } }, last: undefined, error: undefined }];
  }
}

const dbs: VigilDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

let ids = 0;
async function setup(over: Partial<ExitServiceDeps> = {}, db?: VigilDb) {
  if (!db) {
    db = await openVigilDb({ name: `exits-vigil-zk-${ids++}`, indexedDB: new IDBFactory(), IDBKeyRange });
    dbs.push(db);
  }
  const repo = new ExitRepo(db);
  const chain = new FakeRollup();
  const log: string[] = [];
  const reads: { fail?: Error; gate?: Promise<void>; count: number } = { count: 0 };
  const proofs: unknown[][] = [];
  const watch = new FakeWatch(chain, log, proofs, reads);
  const world = { head: headAt(T0) as L1HeadRef | undefined, networkId: NETWORK as string | undefined, watch: watch as FakeWatch | undefined };
  const signed: Parameters<ExitServiceDeps['sign']>[0][] = [];
  const broadcasts: { raw: string; row: ExitRow | undefined }[] = [];
  const changes: ExitView[] = [];
  let n = 0;
  const deps: ExitServiceDeps = {
    // Every head final unless a test says otherwise: an exit's end is then for good at once.
    finalizedBlockNumber: () => ALL_FINAL,
    blockHashAt: async () => Promise.reject(new Error('not asked: every head is final here')),
    rollups: () => world.watch as unknown as RollupWatch | undefined,
    newestHead: () => world.head,
    networkId: () => world.networkId,
    repo,
    async receipt(hash) {
      log.push(`receipt ${hash.slice(-2)}`);
      return chain.receipts.get(hash) ?? null;
    },
    async sign(params) {
      log.push(`sign ${params.summary}`);
      signed.push(params);
      n++;
      return { hash: `0x${'ab'.repeat(31)}${n.toString(16).padStart(2, '0')}`, raw: `0xraw${n}` };
    },
    async signL2() {
      throw new Error('the devnet exit signs no L2 transaction');
    },
    async broadcast(raw) {
      log.push(`broadcast ${raw}`);
      // What the repo holds at the moment the bytes go out.
      broadcasts.push({ raw, row: (await repo.list()).find((r) => r.signed?.raw === raw) });
    },
    now: () => Number(world.head?.timestamp ?? T0) * 1000,
    onChange: (exit) => changes.push(exit),
    ...over,
  };
  const exits = new ExitService(deps);
  return { exits, repo, chain, watch, world, log, signed, broadcasts, changes, proofs, reads };
}

/** Lets the tick that start() runs in the background (if it ran one) finish. */
async function settle(exits: ExitService): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  await (exits as unknown as { pass?: Promise<void> }).pass;
}

/** A row as the service writes it, at `step` (default 'request'), created at `createdAt`. */
function row(over: Partial<ExitRow> = {}, createdAt = Number(T0)): ExitRow {
  return { ...vigilZkExitPlan.start(CONFIG, { owner: OWNER, amount: 2n * ETHER, balance: 2n * ETHER, now: createdAt, index: INDEX }), networkId: NETWORK, ...over };
}

const waitingOn = (hash: string, queueIndex = '6') => ({ sent: { request: { hash, at: Number(T0) } }, facts: { ...row().facts, queueIndex } });
/** The request's receipt kept as final (its block finalized): the queue entry it named stands without a receipt at this head. */
const finalRequest = (hash: string) => ({ receipts: { [hash]: { status: '0x1', blockNumber: '0x1', logs: [], final: true } } });
const refusal = (p: Promise<unknown>) => p.then(() => expect.fail('expected a refusal'), (e: unknown) => e as Error & { code?: string });
const strip = ({ signed: _s, ...rest }: ExitRow): ExitView => ({ ...rest, terminal: ['withdrawn', 'escaped', 'failed'].includes(rest.step) });

describe('ExitService.start (the devnet rollup)', () => {
  it('refuses a rollup it does not follow, a network it does not know, no head and an owner without an L2 account; writes nothing', async () => {
    const { exits, repo, world, signed } = await setup();
    expect((await refusal(exits.start({ rollupChainId: 1, address: OWNER }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    world.networkId = undefined;
    expect((await refusal(exits.start({ rollupChainId: L2, address: OWNER }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    world.networkId = NETWORK;
    const watch = world.watch;
    world.watch = undefined;
    expect((await refusal(exits.start({ rollupChainId: L2, address: OWNER }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    world.watch = watch;
    world.head = undefined;
    expect((await refusal(exits.start({ rollupChainId: L2, address: OWNER }))).code).toBe('STALE_HEAD');
    world.head = headAt(T0);
    const none = await refusal(exits.start({ rollupChainId: L2, address: OTHER_OWNER }));
    expect(none).toBeInstanceOf(WalletError);
    expect(none.code).toBe('L2_NO_ACCOUNT');
    // Part of the balance: the devnet's exit takes all of it.
    expect((await refusal(exits.start({ rollupChainId: L2, address: OWNER, amount: '1' }))).code).toBe('INVALID_INPUT');
    await settle(exits);
    expect(await repo.list()).toEqual([]);
    expect(signed).toEqual([]);
  });

  it('creates the record at step request with the proven balance, the owner in lower case and the network, asked by the owner in lower case', async () => {
    const { exits, repo, world, changes } = await setup();
    const view = await exits.start({ rollupChainId: L2, address: OWNER });
    expect(view).toEqual({
      id: ID,
      kind: 'vigil-zk-v1',
      rollupChainId: L2,
      owner: OWNER.toLowerCase(),
      amount: (2n * ETHER).toString(),
      step: 'request',
      sent: {},
      facts: { index: String(INDEX), contract: CONTRACT.toLowerCase() },
      history: [{ step: 'request', at: Number(T0) }],
      reverts: 0,
      createdAt: Number(T0),
      updatedAt: Number(T0),
      networkId: NETWORK,
      terminal: false,
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
      const hash = '0x' + '01'.repeat(32);
      const held = row({ step, ...waitingOn(hash, '7'), signed: { hash, raw: '0xsigned' }, updatedAt: Number(T0) + 5 }, Number(T0) - 1000);
      await repo.put(held);
      world.head = headAt(T0 + 120n, 9n);
      const view = await exits.start({ rollupChainId: L2, address: OWNER });
      expect(view).toEqual(strip(held));
      expect(view).not.toHaveProperty('signed');
      await settle(exits);
      expect(await repo.list()).toEqual([held]);
      expect(signed).toEqual([]);
      expect(log).toEqual([]);
    }
  });

  it('keeps a withdrawn or failed exit (archived, still listed) and begins a new one', async () => {
    for (const step of ['withdrawn', 'failed'] as const) {
      const { exits, repo, world } = await setup();
      const old = row({ step, error: { code: 'EXIT_TX_REVERTED', message: 'escape() reverted 3 times on L1' } }, Number(T0) - 1000);
      await repo.put(old);
      world.head = headAt(T0 + 120n, 9n);
      const view = await exits.start({ rollupChainId: L2, address: OWNER });
      expect(view).toMatchObject({ step: 'request', createdAt: Number(T0 + 120n), history: [{ step: 'request', at: Number(T0 + 120n) }] });
      expect(view.id).not.toBe(old.id);
      expect(view).not.toHaveProperty('error');
      await settle(exits);
      expect(await repo.get(old.id)).toEqual({ ...old, archivedAt: Number(T0 + 120n) * 1000 });
      const listed = await exits.list();
      expect(listed.map((e) => [e.id, e.step])).toEqual([
        [view.id, 'requesting'],
        [old.id, step],
      ]);
    }
  });
});

describe('ExitService.tick (the devnet rollup)', () => {
  it('drives a whole exit: request → waiting → freeze → escape → escaped, each step signed with its summary and saved with its bytes before the broadcast', async () => {
    const { exits, repo, chain, world, log, signed, broadcasts, changes, proofs } = await setup();
    await exits.start({ rollupChainId: L2, address: OWNER });
    await settle(exits);

    // The request: signed from the owner to the contract, saved with its raw bytes, then broadcast.
    expect(signed).toEqual([{ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), value: 0n, data: encodeRequestForcedWithdrawal(INDEX), summary: 'Forced withdrawal request' }]);
    expect(broadcasts.map((b) => b.raw)).toEqual(['0xraw1']);
    expect(broadcasts[0]!.row).toMatchObject({ step: 'requesting', signed: { raw: '0xraw1' }, sent: { request: { hash: `0x${'ab'.repeat(31)}01` } } });
    let held = (await repo.get(ID))!;
    expect(held.networkId).toBe(NETWORK);

    // No receipt yet: the same bytes go out again, nothing is signed.
    world.head = headAt(T0 + 12n, 2n);
    await exits.tick();
    expect(signed).toHaveLength(1);
    expect(broadcasts.map((b) => b.raw)).toEqual(['0xraw1', '0xraw1']);
    expect((await repo.get(ID))!.step).toBe('requesting');

    // Mined: waiting for the sequencer or the deadline, until then.
    chain.mineRequest(held.sent.request!.hash, T0 + 12n);
    world.head = headAt(T0 + 24n, 3n);
    await exits.tick();
    held = (await repo.get(ID))!;
    expect(held).toMatchObject({ step: 'waiting', facts: { queueIndex: '7', deadline: String(DEADLINE) }, waiting: { until: Number(DEADLINE) + 1 } });
    expect(signed).toHaveLength(1);

    // Before the deadline nothing happens.
    world.head = headAt(DEADLINE, 4n);
    await exits.tick();
    expect((await repo.get(ID))!.step).toBe('waiting');

    // Past it: freeze().
    world.head = headAt(DEADLINE + 1n, 5n);
    await exits.tick();
    expect(signed.at(-1)).toEqual({ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), value: 0n, data: encodeFreeze(), summary: 'Freeze the rollup' });
    expect(broadcasts.at(-1)!.raw).toBe('0xraw2');
    expect(broadcasts.at(-1)!.row).toMatchObject({ step: 'freezing', signed: { raw: '0xraw2' }, sent: { freeze: { hash: `0x${'ab'.repeat(31)}02` } } });
    held = (await repo.get(ID))!;

    // Frozen: the account's proof against the frozen root, then escape().
    chain.mineFreeze(held.sent.freeze!.hash);
    world.head = headAt(DEADLINE + 13n, 6n);
    log.length = 0;
    await exits.tick();
    expect(proofs).toEqual([[INDEX, Number(BATCHES)]]);
    expect(signed.at(-1)).toEqual({ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), value: 0n, data: encodeEscape(INDEX, mine, STATE.proof(INDEX).siblings), summary: 'Escape to L1' });
    // The freeze's receipt is verified: its bytes are not sent again.
    expect(log.filter((l) => l === 'proof' || l.startsWith('sign') || l.startsWith('broadcast'))).toEqual(['proof', 'sign Escape to L1', 'broadcast 0xraw3']);
    expect(broadcasts.at(-1)!.row).toMatchObject({ step: 'escaping', signed: { raw: '0xraw3' }, sent: { escape: { hash: `0x${'ab'.repeat(31)}03` } }, facts: { escapeAmount: (2n * ETHER).toString() } });
    held = (await repo.get(ID))!;

    // The Escaped receipt: done.
    chain.mineEscape(held.sent.escape!.hash, 2n * ETHER);
    world.head = headAt(DEADLINE + 25n, 7n);
    await exits.tick();
    held = (await repo.get(ID))!;
    expect(held.step).toBe('escaped');
    expect(held.facts.recovered).toBe((2n * ETHER).toString());
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
    for (const c of changes) expect(c).not.toHaveProperty('signed');
  });

  it('a restarted background sends the saved bytes of a step under way again and never signs it again', async () => {
    for (const [step, label] of [
      ['requesting', 'request'],
      ['freezing', 'freeze'],
      ['escaping', 'escape'],
    ] as const) {
      const { exits, repo, chain, signed, log } = await setup();
      // A queued request (so 'freezing' does not fall back to waiting); the step's own receipt not verified yet.
      const hash = '0x' + 'cc'.repeat(32);
      if (step === 'escaping') chain.frozen = true;
      const base = label === 'request' ? waitingOn(hash) : { ...waitingOn('0x' + 'dd'.repeat(32)), ...finalRequest('0x' + 'dd'.repeat(32)) };
      const held = row({ step, ...base, sent: { ...base.sent, [label]: { hash, at: Number(T0) } }, signed: { hash, raw: '0xsaved' } });
      await repo.put(held);
      await exits.tick();
      expect(log.filter((l) => l.startsWith('broadcast') || l.startsWith('sign'))).toEqual(['broadcast 0xsaved']);
      expect(signed).toEqual([]);
      const after = (await repo.get(held.id))!;
      expect(after.step).toBe(step);
      expect(after.signed).toEqual({ hash, raw: '0xsaved' });
    }
  });

  it('a re-broadcast that fails (already known, node down) does not stop the tick', async () => {
    const { exits, repo } = await setup({
      broadcast: async () => {
        throw new TransportError('NETWORK', 'the node is down');
      },
    });
    const hash = '0x' + 'cc'.repeat(32);
    await repo.put(row({ step: 'requesting', sent: { request: { hash, at: Number(T0) } }, signed: { hash, raw: '0xsaved' } }));
    await exits.tick();
    const after = (await repo.get(ID))!;
    expect(after.step).toBe('requesting');
    expect(after.waiting?.reason).toMatch(/not in a verified L1 block yet/);
    expect(after).not.toHaveProperty('error');
  });

  it('bytes held for a transaction whose receipt is verified are not broadcast', async () => {
    const { exits, repo, chain, log } = await setup();
    const hash = '0x' + 'cc'.repeat(32);
    chain.mineRequest(hash, T0 - 10n);
    await repo.put(row({ step: 'waiting', ...waitingOn(hash), signed: { hash, raw: '0xold' } }));
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
    expect(after.sent).toEqual({});
    expect(broadcasts).toEqual([]);
    expect(changes).toEqual([]);
    expect((await exits.list())[0]!.error).toEqual({ code: 'LOCKED', message: 'the wallet is locked' });

    locked = false;
    await exits.tick();
    const signed = (await repo.get(ID))!;
    expect(signed).toMatchObject({ step: 'requesting', signed: { raw: '0xok1' } });
    // The lock was the tick's problem, not the exit's: gone once a tick went through.
    expect(signed.error).toBeUndefined();
    expect(signed.errorFromTick).toBeUndefined();
    expect(broadcasts.map((b) => b.raw)).toEqual(['0xok1']);
  });

  it("clears the tick's own error at the next tick that goes through, even when nothing moves", async () => {
    const { exits, repo, reads } = await setup();
    reads.fail = new TransportError('NETWORK', 'connection refused');
    const hash = '0x' + 'cc'.repeat(32);
    await repo.put(row({ step: 'waiting', ...waitingOn(hash), ...finalRequest(hash) }));
    await exits.tick();
    expect((await repo.get(ID))!.error).toEqual({ code: 'NETWORK', message: 'connection refused' });
    delete reads.fail;
    await exits.tick();
    const after = (await repo.get(ID))!;
    expect(after.step).toBe('waiting');
    expect(after.error).toBeUndefined();
  });

  it('a lying storage proof (VerificationError) leaves the step and records the error (its short message), stamped with the head', async () => {
    const { exits, repo, world, signed, reads } = await setup();
    reads.fail = new VerificationError('PROOF_ROOT_MISMATCH', 'the storage proof does not hash to the state root', { details: 'node 2 of 5' });
    const held = row({ step: 'waiting', ...waitingOn('0x' + 'cc'.repeat(32)), signed: { hash: '0x' + 'cc'.repeat(32), raw: '0xold' } });
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
    expect(after).toMatchObject({ step: 'requesting', signed: { raw: '0xraw1' }, error: { code: 'NETWORK' } });
    expect(changes.map((c) => c.step)).toEqual(['requesting']);
    expect(changes[0]!.error?.code).toBe('NETWORK');
    expect(changes[0]).not.toHaveProperty('signed');
  });

  it('two overlapping ticks run an exit once: the second waits for the pass under way', async () => {
    let release!: () => void;
    const { exits, repo, signed, reads } = await setup();
    reads.gate = new Promise<void>((r) => (release = r));
    await repo.put(row());
    let firstDone = false;
    let secondDone = false;
    const first = exits.tick().then(() => (firstDone = true));
    const second = exits.tick().then(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 10));
    expect([firstDone, secondDone]).toEqual([false, false]);
    expect(signed).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(reads.count).toBe(1);
    expect(signed).toHaveLength(1);
    expect((await repo.get(ID))!.step).toBe('requesting');
    // Once the pass ended, the next one runs.
    await exits.tick();
    expect(reads.count).toBe(2);
    expect(signed).toHaveLength(1);
  });

  it('leaves exits of another network and terminal exits alone', async () => {
    const { exits, repo, log, world } = await setup();
    const elsewhere = row({ networkId: 'sepolia' });
    const finished = (['withdrawn', 'escaped', 'failed'] as const).map((step, i) => row({ id: `done-${i}`, step, signed: { hash: '0x' + 'dd'.repeat(32), raw: '0xdone' } }));
    await repo.put(elsewhere);
    for (const f of finished) await repo.put(f);
    await exits.tick();
    expect(log).toEqual([]);
    expect(await repo.get(ID)).toEqual(elsewhere);
    for (const f of finished) expect(await repo.get(f.id)).toEqual(f);

    // Without a head or a network nothing is read either.
    await repo.put(row({ id: 'fresh' }));
    world.head = undefined;
    await exits.tick();
    world.head = headAt(T0);
    world.networkId = undefined;
    await exits.tick();
    expect(log).toEqual([]);
  });
});

describe('ExitService.list', () => {
  it("this network's exits only, newest first, filtered by owners, without the signed bytes", async () => {
    const { exits, repo } = await setup();
    const a = row({ id: 'a', signed: { hash: '0x' + 'aa'.repeat(32), raw: '0xa' } }, 100);
    const b = row({ id: 'b', owner: OTHER_OWNER, step: 'waiting', signed: { hash: '0x' + 'bb'.repeat(32), raw: '0xb' } }, 300);
    const c = row({ id: 'c', step: 'escaped' }, 200);
    const d = row({ id: 'd', networkId: 'sepolia' }, 400);
    for (const r of [a, b, c, d]) await repo.put(r);

    const all = await exits.list();
    expect(all).toEqual([strip(b), strip(c), strip(a)]);
    for (const e of all) expect(e).not.toHaveProperty('signed');
    expect((await exits.list([OWNER.toLowerCase()])).map((e) => e.id)).toEqual([c.id, a.id]);
    expect((await exits.list([OTHER_OWNER])).map((e) => e.id)).toEqual([b.id]);
    expect(await exits.list([])).toEqual([]);
  });

  it('the routes: the devnet rollup with its plan (the whole balance), and its L2 account proven by owner', async () => {
    const { exits } = await setup();
    expect(exits.routes()).toEqual([{ chainId: L2, name: 'Vigil ZK devnet', kind: 'vigil-zk-v1', liveness: null, l1BlockNumber: null, route: vigilZkExitPlan.route(CONFIG), partial: false }]);
    expect(await exits.balance({ rollupChainId: L2, address: OWNER })).toEqual({ rollupChainId: L2, address: OWNER.toLowerCase(), balance: (2n * ETHER).toString(), l2Block: Number(BATCHES), l1BlockNumber: 1, index: INDEX });
  });
});

describe('an exit under way in a version-6 database', () => {
  it('resumes after the upgrade to version 7 and finishes: freeze, escape, escaped', async () => {
    const indexedDB = new IDBFactory();
    const v6 = await openVigilDb({ name: 'vigil', indexedDB, IDBKeyRange, schema: VIGIL_SCHEMA.filter((v) => v.version <= 6) });
    const request = '0x' + 'ce'.repeat(32);
    // Waiting on request 7 (queued at T0 + 12), its bytes kept, as the old background left it.
    const old: DevnetExitRowV6 = {
      id: `${L2}:${INDEX}`,
      rollupChainId: L2,
      contract: CONTRACT,
      index: INDEX,
      owner: OWNER.toLowerCase(),
      step: 'waiting',
      startBalance: (2n * ETHER).toString(),
      request: { hash: request, at: Number(T0), queueIndex: '7', queuedAt: Number(T0 + 12n) },
      deadline: Number(DEADLINE),
      reverts: 0,
      history: [
        { step: 'request', at: Number(T0) },
        { step: 'requesting', at: Number(T0) },
        { step: 'waiting', at: Number(T0 + 24n) },
      ],
      createdAt: Number(T0),
      updatedAt: Number(T0 + 24n),
      networkId: NETWORK,
      raw: '0xrequest',
    };
    await v6.table('exits').put(old);
    v6.close();

    const v7 = await openVigilDb({ name: 'vigil', indexedDB, IDBKeyRange });
    dbs.push(v7);
    const { exits, repo, chain, world, signed } = await setup({}, v7);
    chain.mineRequest(request, T0 + 12n);
    const [resumed] = await exits.list();
    expect(resumed).toMatchObject({ id: ID, kind: 'vigil-zk-v1', step: 'waiting', facts: { queueIndex: '7', deadline: String(DEADLINE) }, terminal: false });

    world.head = headAt(DEADLINE + 1n, 5n);
    await exits.tick();
    expect((await repo.get(ID))!.step).toBe('freezing');
    chain.mineFreeze((await repo.get(ID))!.sent.freeze!.hash);
    world.head = headAt(DEADLINE + 13n, 6n);
    await exits.tick();
    const escaping = (await repo.get(ID))!;
    expect(escaping.step).toBe('escaping');
    chain.mineEscape(escaping.sent.escape!.hash, 2n * ETHER);
    world.head = headAt(DEADLINE + 25n, 7n);
    await exits.tick();
    const done = (await exits.list())[0]!;
    expect(done).toMatchObject({ step: 'escaped', terminal: true, facts: { recovered: (2n * ETHER).toString() } });
    expect(done.history.map((h) => h.step)).toEqual(['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping', 'escaped']);
    expect(signed.map((s) => s.summary)).toEqual(['Freeze the rollup', 'Escape to L1']);
  });
});
