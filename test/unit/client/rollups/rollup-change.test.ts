/**
 * A rollup changing under Vigil, end to end in the client (src/client/rollups/watch.ts,
 * rollup-following.ts, rollup-memory.ts, l2-wallet.ts): a follower that raises
 * OP_RESPECTED_GAME_TYPE_CHANGED keeps the last proven balance with its age (the provider's
 * vigil_getVerifiedBalance says stale and why; eth_getBalance refuses), the user is told once per
 * change (not again at the next head, not again after a restart over the same storage, again for
 * another change), and once the follower can go on the notice goes by itself.
 */
import { describe, expect, it } from 'vitest';
import { L2Wallet } from '../../../../src/client/rollups/l2-wallet.ts';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { RollupFollowing } from '../../../../src/client/rollups/following.ts';
import { type KeyValueStore, RollupMemory } from '../../../../src/client/rollups/memory.ts';
import type { RollupSession } from '../../../../src/client/rollups/session.ts';
import { RollupWatch } from '../../../../src/client/rollups/watch.ts';
import type { HeadView } from '../../../../src/client/light-client/session-status.ts';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { l2AccountView } from '../../../../src/extension/rollup-views.ts';
import { ETHER, type RollupAdapter } from '../../../../src/l2/adapter.ts';
import { evmAccountRequest } from '../../../../src/l2/evm-account.ts';
import type { ParsedRollup } from '../../../../src/l2/registry.ts';
import { storageKey } from '../../../../src/l2/slots.ts';
import { handleL2Method, type L2Backend } from '../../../../src/provider/l2-methods.ts';

const CONTRACT = '0x' + 'ab'.repeat(20);
const ME = '0x' + '11'.repeat(20);
const L2 = 11155420;
const T0 = 1_800_000_000;
const DAY = 86_400;

/** The world L1 and the L2 RPC show: the respected game type, the accepted root, the account's balance there. */
interface World {
  gameType: number;
  root: bigint;
  balance: bigint;
  now: number;
  notes: [string, string, string][];
  store: Map<string, unknown>;
}

/** A toy OP-like rollup: slot 0 the root; its config pins game type 0 and refuses another as OP's adapter does. */
function adapterOf(w: World): RollupAdapter<{ contract: string }, unknown> {
  return {
    kind: 'toy-op',
    followEveryMs: 0,
    accounts: 'evm',
    words: { unit: 'L2 block', lastBatch: 'newest dispute game', frozen: 'paused' },
    parseConfig: (json) => json as { contract: string },
    identity: () => ({ chainId: L2, name: 'OP Sepolia', l1ChainId: 11155111, l2Rpc: 'http://l2', nativeCurrency: ETHER, liveness: { delayedAfterSeconds: 3600, stalledAfterSeconds: 86_400 } }),
    l1Slots: (c) => [{ address: c.contract, slots: [{ slot: 0n }] }],
    acceptedState: (c, p) => {
      if (w.gameType !== 0) throw new VerificationError('OP_RESPECTED_GAME_TYPE_CHANGED', "the AnchorStateRegistry's respected game type is not the config's", { expected: '0', got: String(w.gameType) });
      return { root: p.accounts.get(c.contract)!.storage.get(storageKey({ slot: 0n }))!, batch: 4242n, acceptedAt: BigInt(T0 - 600), status: 'finalized' };
    },
    liveness: () => ({ lastBatchAgeSeconds: 600, oldestQueuedAgeSeconds: null, frozen: false }),
    l2AccountRequest: (_c, accepted, query) => evmAccountRequest(query, '0x' + accepted.batch.toString(16)),
    verifyAccount: (_c, root, proof) => {
      const p = proof as { address: string; balance: bigint; root: bigint };
      if (p.root !== root) throw new VerificationError('L2_PROOF_ROOT_MISMATCH', 'root');
      return { address: hexToBytes(p.address, 20), account: { exists: true, nonce: 3n, balance: p.balance, storageHash: new Uint8Array(32), codeHash: new Uint8Array(32) }, storage: [] };
    },
  };
}

const headAt = (n: number): HeadView => ({
  slot: n * 2,
  beaconRoot: '0x' + '01'.repeat(32),
  blockNumber: n,
  blockHash: '0x' + n.toString(16).padStart(64, '0'),
  stateRoot: '0x' + 'bb'.repeat(32),
  timestamp: T0 + (n - 100) * DAY,
  finalized: false,
  verifiedAt: 0,
  signedBy: { participants: 32, committeeSize: 32 },
  thinlySigned: false,
});
const refOf = (h: HeadView): L1HeadRef => ({ blockNumber: BigInt(h.blockNumber), blockHash: h.blockHash, stateRoot: h.stateRoot, timestamp: BigInt(h.timestamp) });

/** Vigil as started once: a watch over the world, the memory in `w.store`, the following that notifies. */
function start(w: World) {
  const adapter = adapterOf(w);
  const rollup: ParsedRollup = { adapter, config: { contract: CONTRACT }, identity: adapter.identity({ contract: CONTRACT }) };
  const store: KeyValueStore = { get: async (k) => structuredClone(w.store.get(k)), set: async (k, v) => void w.store.set(k, structuredClone(v)) };
  const watch = new RollupWatch({
    rollups: [rollup],
    now: () => w.now,
    memory: new RollupMemory(store, 'rollupMemory.sepolia'),
    sources: () => ({
      readStorage: async (_h, _a, keys) => ({ codeHash: '0x' + '00'.repeat(32), storage: new Map(keys.map((k) => [k, w.root])) }),
      transaction: async () => null,
      receipt: async () => null,
      commitTxOf: async () => null,
      verifyProof: async () => true,
      accountProof: async () => ({}),
      l2Call: async (_m, params) => ({ address: params[0], balance: w.balance, root: w.root }),
    }),
  });
  let newest = headAt(100);
  const session = {
    now: () => w.now,
    rollups: () => watch,
    newest: () => newest,
    newestRef: () => refOf(newest),
    held: (hash: string) => (hash === newest.blockHash ? newest : undefined),
    profile: () => ({ id: 'sepolia', chainId: 11155111 }),
  } as unknown as RollupSession;
  const following = new RollupFollowing({ session, notify: (id, title, message) => void w.notes.push([id, title, message]) });
  const wallet = new L2Wallet({ rollups: () => watch, newestHead: () => refOf(newest), addresses: async () => [ME] } as never);
  /** A new verified head: the rollup read there, and what it says told. */
  const at = async (n: number) => {
    newest = headAt(n);
    w.now = newest.timestamp * 1000;
    following.followAt(newest);
    await new Promise((r) => setTimeout(r, 20));
  };
  const backend: L2Backend = { active: L2, has: (id) => id === L2, balance: (id, a) => following.balance(id, a), acceptedBatch: async () => 0, exits: async () => [] };
  return { watch, following, wallet, at, backend };
}

const world = (): World => ({ gameType: 0, root: 77n, balance: 1_500_000_000_000_000_000n, now: T0 * 1000, notes: [], store: new Map() });

describe('a rollup changing under Vigil', () => {
  it('keeps the last proven balance with its age, tells once, and not again after a restart', async () => {
    const w = world();
    const first = start(w);
    await first.at(100);
    const current = await first.following.balance(L2, ME);
    expect(current.balance).toBe('0x14d1120d7b160000');
    expect(current.stale).toBeUndefined();

    // The registry respects game type 9 from the next head on.
    w.gameType = 9;
    w.balance = 0n; // whatever the L2 says now is not proven: never shown
    await first.at(102);
    expect(w.notes).toEqual([
      [`vigil-rollup-change-${L2}`, 'OP Sepolia changed: Vigil needs an update', 'Vigil needs an update to follow OP Sepolia: its dispute games changed to type 9 by L1 block 102. Its balances show their last proven value until then.'],
    ]);
    const stale = await first.following.balance(L2, ME);
    expect(stale.balance).toBe('0x14d1120d7b160000');
    expect(stale.l2.batch).toBe(4242);
    expect(stale.l1.blockNumber).toBe(100);
    expect(stale.stale).toMatchObject({ reason: 'Vigil needs an update to follow OP Sepolia: its dispute games changed to type 9 by L1 block 102', provenAt: T0, provenAgeSeconds: 2 * DAY });
    expect(stale.stale!.change).toMatchObject({ kind: 'game-type', got: '9', l1Block: { number: 102, exact: false } });
    // The provider: vigil_getVerifiedBalance says stale and why; a bare eth_getBalance refuses rather than give it as current.
    expect(await handleL2Method(first.backend, L2, 'vigil_getVerifiedBalance', [ME])).toMatchObject({ balance: '0x14d1120d7b160000', stale: { provenAgeSeconds: 2 * DAY } });
    await expect(handleL2Method(first.backend, L2, 'eth_getBalance', [ME, 'latest'])).rejects.toMatchObject({ code: 4901 });

    // The wallet's row: the last proven value, stale, no error.
    const [row] = await first.wallet.accounts();
    expect(row!.error).toBeNull();
    expect(row!.account?.balance).toBe(1_500_000_000_000_000_000n);
    const view = l2AccountView(row!, w.now);
    expect(view.stale).toMatchObject({ l2Block: 4242, provenAt: T0, provenAgeSeconds: 2 * DAY, change: { kind: 'game-type', words: expect.stringContaining('by L1 block 102') } });
    expect(view.evm?.unit).toBe('L2 block');

    // The next heads: the same change, not told again, still dated by the first head it was seen at.
    await first.at(103);
    await first.at(104);
    expect(w.notes).toHaveLength(1);
    expect(first.watch.snapshots()[0]!.error?.change?.l1Block).toEqual({ number: 102, exact: false });

    // A restart over the same storage: the follower raises the change at once, nothing was read before.
    const second = start(w);
    await second.at(105);
    expect(w.notes).toHaveLength(1);
    const after = await second.following.balance(L2, ME);
    expect(after.balance).toBe('0x14d1120d7b160000');
    expect(after.stale).toMatchObject({ provenAt: T0, provenAgeSeconds: 5 * DAY });
    expect(after.stale!.change.l1Block).toEqual({ number: 102, exact: false });

    // Another change: told again.
    w.gameType = 1;
    await second.at(106);
    expect(w.notes).toHaveLength(2);
    expect(w.notes[1]![2]).toContain('its dispute games changed to type 1 by L1 block 106');
  });

  it('drops the notice by itself once the follower can go on, and tells of a later change again', async () => {
    const w = world();
    const vigil = start(w);
    await vigil.at(100);
    w.gameType = 9;
    await vigil.at(101);
    expect(w.notes).toHaveLength(1);
    // The config now accepts what L1 holds (here: L1 went back): followed, current, no notice.
    w.gameType = 0;
    w.root = 78n;
    w.balance = 2n;
    await vigil.at(102);
    const now = await vigil.following.balance(L2, ME);
    expect(now.stale).toBeUndefined();
    expect(now.balance).toBe('0x2');
    expect(vigil.watch.snapshots()[0]!.error).toBeUndefined();
    const [row] = await vigil.wallet.accounts();
    expect(row!.stale).toBeUndefined();
    // Forgotten in storage too: the same change later is a new one, told again (after a restart as well).
    w.gameType = 9;
    const restarted = start(w);
    await restarted.at(103);
    expect(w.notes).toHaveLength(2);
    expect(w.notes[1]![2]).toContain('by L1 block 103');
  });

  it('forgets a change told before a restart once a restarted Vigil can follow the rollup (an updated config)', async () => {
    const w = world();
    w.gameType = 9;
    const before = start(w);
    await before.at(100);
    expect(w.notes).toHaveLength(1);
    // Restarted with a config that accepts it (here: L1 back to the pinned type): its first good read forgets the change.
    w.gameType = 0;
    const updated = start(w);
    await updated.at(101);
    expect(updated.watch.snapshots()[0]!.error).toBeUndefined();
    expect(JSON.stringify([...w.store.values()])).not.toContain('OP_RESPECTED_GAME_TYPE_CHANGED');
    w.gameType = 9;
    await updated.at(102);
    expect(w.notes).toHaveLength(2);
  });

  it('gives no balance where none was ever proven: the error stands', async () => {
    const w = world();
    w.gameType = 9;
    const vigil = start(w);
    await vigil.at(100);
    expect(w.notes).toHaveLength(1);
    await expect(vigil.following.balance(L2, ME)).rejects.toMatchObject({ code: 'OP_RESPECTED_GAME_TYPE_CHANGED' });
    const [row] = await vigil.wallet.accounts();
    expect(row!.error?.code).toBe('OP_RESPECTED_GAME_TYPE_CHANGED');
    expect(row!.account).toBeNull();
  });

  it('does not take an error that is not a change for one: no notice, no stale balance', async () => {
    const w = world();
    const vigil = start(w);
    await vigil.at(100);
    await vigil.following.balance(L2, ME);
    w.root = 99n; // the L2 RPC's proof no longer matches the root: a lie, not a change
    const adapter = vigil.watch.snapshots()[0]!.rollup.adapter;
    const verify = adapter.verifyAccount!;
    adapter.verifyAccount = (c, root, proof, q) => verify(c, root, { ...(proof as object), root: 1n }, q);
    await vigil.at(101);
    expect(w.notes).toHaveLength(0);
    await expect(vigil.following.balance(L2, ME)).rejects.toMatchObject({ code: 'L2_PROOF_ROOT_MISMATCH' });
  });
});

describe('RollupMemory', () => {
  const change = { kind: 'game-type', code: 'OP_RESPECTED_GAME_TYPE_CHANGED', rollup: { name: 'OP Sepolia', chainId: L2 }, expected: '0', got: '9', l1Block: { number: 102, exact: false } } as const;
  const balance = {
    balance: '0x5',
    nonce: '0x1',
    index: null,
    l2: { batch: 7, root: '0x01', acceptedAt: 1, status: 'finalized' as const, proof: 'not-applicable', tier: { tier: 'optimistic-final' as const, words: 'optimistic (finalized)', fullyReverified: false } },
    l1: { blockNumber: 100, blockHash: '0x' + 'aa'.repeat(32), stateRoot: '0x' + 'bb'.repeat(32), timestamp: T0 },
  };

  it('reads back only rows of its shape: a change or balance of another shape is dropped, never believed', async () => {
    const stored = {
      [L2]: { change: { ...change, got: 9 }, balances: { [ME]: { ...balance, balance: 'lots' }, ['0x' + '22'.repeat(20)]: balance, NOT_AN_ADDRESS: balance } },
      10: { change: { ...change, rollup: { name: 'OP Sepolia', chainId: L2 } }, balances: {} },
      x: 'junk',
    };
    const memory = new RollupMemory({ get: async () => stored, set: async () => {} }, 'k');
    await memory.ready();
    expect(memory.change(L2)).toBeUndefined();
    // A change filed under another rollup's id is not that rollup's.
    expect(memory.change(10)).toBeUndefined();
    expect(memory.balance(L2, ME)).toBeUndefined();
    expect(memory.balance(L2, '0x' + '22'.repeat(20))).toEqual(balance);
  });

  it('tells a change once and keeps working when the store fails', async () => {
    const memory = new RollupMemory({ get: async () => Promise.reject(new Error('db closed')), set: async () => Promise.reject(new Error('db closed')) }, 'k');
    expect((await memory.changeSeen({ ...change, l1Block: { number: 102, exact: false } })).tell).toBe(true);
    const again = await memory.changeSeen({ ...change, l1Block: { number: 110, exact: false } });
    expect(again).toEqual({ change: { ...change, l1Block: { number: 102, exact: false } }, tell: false });
    await memory.keepBalance(L2, ME, balance);
    // An older head's read does not replace a newer one.
    await memory.keepBalance(L2, ME, { ...balance, balance: '0x9', l1: { ...balance.l1, blockNumber: 50 } });
    expect(memory.balance(L2, ME)?.balance).toBe('0x5');
    await memory.followed(L2);
    expect(memory.change(L2)).toBeUndefined();
  });
});
