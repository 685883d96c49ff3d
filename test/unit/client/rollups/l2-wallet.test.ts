/**
 * The wallet's L2 side with a scripted rollup watch, a real transfer table on fake-indexeddb and
 * real keys: transfers signed with the seed-derived key after every fact they rest on is proven,
 * the nonce and balance of transfers not yet in a verified batch counted, refusals that send
 * nothing, confirmation only by a re-verified batch, and deposits' calldata.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { encodeFunctionData } from 'viem';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { L1HeadRef, FollowedRollup } from '../../../../src/client/rollups/follower.ts';
import type { RollupWatch } from '../../../../src/client/rollups/watch.ts';
import type { L2AccountQuery } from '../../../../src/client/rollups/l2-accounts.ts';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { verifyPoseidon } from '../../../../src/crypto/babyjub.ts';
import { L2Wallet, type L2WalletDeps } from '../../../../src/client/rollups/l2-wallet.ts';
import { l2AccountView } from '../../../../src/extension/rollup-views.ts';
import { ETHER } from '../../../../src/l2/adapter.ts';
import { transaction, txMessage, TX_TYPE } from '../../../../src/l2/vigil-zk/transactions.ts';
import type { Account } from '../../../../src/l2/vigil-zk/tree.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { openVigilDb, type VigilDb } from '../../../../src/storage/db.ts';
import { L2TransferRepo, type L2TransferRow } from '../../../../src/storage/l2-transfers.ts';
import { WalletError } from '../../../../src/wallet/errors.ts';
import { deriveL2Key } from '../../../../src/wallet/l2-keys.ts';
import { until } from '../../../support/until.ts';

/** Hardhat's first two accounts (the devnet's mnemonic). */
const ALICE_KEY = hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
const BOB_KEY = hexToBytes('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const BOB = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const CAROL = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const L2 = 31339;
const L2_RPC = 'http://127.0.0.1:8547';
const CONTRACT = '0x' + 'cd'.repeat(20);
const HEAD: L1HeadRef = { blockNumber: 100n, blockHash: '0x' + 'aa'.repeat(32), stateRoot: '0x' + 'bb'.repeat(32), timestamp: 1_800_000_000n };
const NOW = 1_800_000_005_000;

const keys = { alice: deriveL2Key(ALICE_KEY, BigInt(L2)).publicKey, bob: deriveL2Key(BOB_KEY, BigInt(L2)).publicKey };
const DEPOSIT_ABI = [{ type: 'function', name: 'deposit', stateMutability: 'payable', inputs: [{ name: 'to', type: 'uint256' }, { name: 'ax', type: 'uint256' }, { name: 'ay', type: 'uint256' }], outputs: [] }] as const;

function followedAt(over: Partial<FollowedRollup> = {}): FollowedRollup {
  return {
    at: HEAD,
    accepted: { root: 0x1234n, batch: 7n, acceptedAt: 1_799_999_988n, status: 'finalized' },
    liveness: { lastBatchAgeSeconds: 12, oldestQueuedAgeSeconds: null, frozen: false },
    proof: 'verified',
    tier: { tier: 'reverified', steps: { verified: 1, wanted: 1, anchored: false } },
    ...over,
  };
}

/**
 * The RollupWatch methods L2Wallet uses, over a scripted proven state: accounts by index (an
 * index with none is proven empty: L2_ACCOUNT_MISSING), owners the L2 RPC knows (else null),
 * and owners whose lookup fails with a given error.
 */
class FakeWatch {
  followed = followedAt();
  accounts = new Map<number, Account>();
  failing = new Map<string, Error>();
  l2Rpc: string | undefined = L2_RPC;
  queries: L2AccountQuery[] = [];
  /** The verified heads the rollup may be read at. */
  heads = new Set([HEAD.blockHash]);

  set(index: number, owner: string, key: { ax: bigint; ay: bigint }, balance: bigint, nonce: bigint): void {
    this.accounts.set(index, { owner: BigInt(owner), ax: key.ax, ay: key.ay, balance, nonce });
  }

  has(chainId: number): boolean {
    return chainId === L2;
  }

  identities() {
    return [{ chainId: L2, name: 'Vigil devnet rollup', l1ChainId: 31337, l2Rpc: this.l2Rpc, liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 300 }, nativeCurrency: ETHER }];
  }

  async at(chainId: number, head: L1HeadRef): Promise<FollowedRollup> {
    if (chainId !== L2 || !this.heads.has(head.blockHash)) throw new Error(`unexpected read of ${chainId} at ${head.blockHash}`);
    return this.followed;
  }

  async account(chainId: number, head: L1HeadRef, query: L2AccountQuery) {
    const followed = await this.at(chainId, head);
    this.queries.push(query);
    let index: number;
    if ('owner' in query) {
      const failure = this.failing.get(query.owner);
      if (failure) throw failure;
      const found = [...this.accounts].find(([, a]) => a.owner === BigInt(query.owner));
      if (!found) return { followed, proven: null };
      index = found[0];
    } else {
      index = query.index;
    }
    const account = this.accounts.get(index);
    if (!account) throw new VerificationError('L2_ACCOUNT_MISSING', `account ${index} is proven empty`);
    return { followed, proven: { index, account } };
  }

  snapshots() {
    const identity = this.identities()[0]!;
    return [{ rollup: { adapter: { kind: 'vigil-zk-v1' }, config: { contract: CONTRACT }, identity }, last: { followed: this.followed, checkedAt: NOW }, error: undefined }];
  }
}

const dbs: VigilDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});
beforeAll(cryptoReady);

let ids = 0;
async function setup(options: { watch?: FakeWatch | undefined; head?: L1HeadRef | undefined; addresses?: string[] } = {}) {
  const watch = 'watch' in options ? options.watch : new FakeWatch();
  const db = await openVigilDb({ name: `l2-wallet-${ids++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  const repo = new L2TransferRepo(db);
  const calls: { url: string; method: string; params: unknown[] }[] = [];
  const sends: { from: string; to: string; value: string; data: string }[] = [];
  const secrets: Uint8Array[] = [];
  const said = new Map<string, unknown>();
  let next = 1;
  const world = {
    now: NOW,
    /** What the L2 RPC answers to vigil_sendTransfer (default: a fresh id). */
    sendAnswer: undefined as unknown,
    getTransactionFails: false,
    head: HEAD,
    /** The light client's finalized block (default: above every head here) and the chain's block hashes by height (default: the heads'). */
    finalized: 1n << 62n,
    hashes: new Map<bigint, string>(),
  };
  const deps: L2WalletDeps = {
    rollups: () => watch as unknown as RollupWatch | undefined,
    newestHead: () => ('head' in options ? options.head : world.head),
    addresses: async () => options.addresses ?? [ALICE],
    l2Key: async (address, chainId) => {
      const pk = address.toLowerCase() === ALICE.toLowerCase() ? ALICE_KEY : address.toLowerCase() === BOB.toLowerCase() ? BOB_KEY : undefined;
      if (!pk) throw new WalletError('UNKNOWN_ACCOUNT', `no account ${address}`);
      const key = deriveL2Key(pk, BigInt(chainId));
      secrets.push(key.secret);
      return key;
    },
    send: async (params) => (sends.push(params), '0x' + 'ee'.repeat(32)),
    l2Call: async (url, method, params) => {
      calls.push({ url, method, params });
      if (method === 'vigil_sendTransfer') return world.sendAnswer ?? '0x' + (next++).toString(16).padStart(64, '0');
      if (method === 'vigil_getTransaction') {
        if (world.getTransactionFails) throw new TransportError('NETWORK', 'the L2 RPC is down');
        return said.get(params[0] as string) ?? { status: 'pending' };
      }
      throw new Error(`unexpected ${method}`);
    },
    transfers: repo,
    l1: {
      finalizedBlockNumber: () => world.finalized,
      blockHashAt: async (n) => world.hashes.get(n) ?? [HEAD, world.head].find((h) => h.blockNumber === n)?.blockHash ?? '0x' + n.toString(16).padStart(64, '0'),
    },
    now: () => world.now,
  };
  const wallet = new L2Wallet(deps);
  const sent = () => calls.filter((c) => c.method === 'vigil_sendTransfer');
  return { wallet, watch: watch!, repo, calls, sent, sends, secrets, said, world };
}

/** Lets a transfer's own background track() finish (a track() asked while it runs does nothing). */
async function settle(wallet: L2Wallet): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  await until('the transfer\'s track() to finish', () => !(wallet as unknown as { tracking: boolean }).tracking, 60_000, 1);
}

/** Alice holds account 3 (1000 wei, nonce 4) with her derived key; Bob account 5. */
function funded(watch: FakeWatch): void {
  watch.set(3, ALICE, keys.alice, 1000n, 4n);
  watch.set(5, BOB, keys.bob, 50n, 0n);
}

const refusal = (p: Promise<unknown>) => p.then(() => expect.fail('expected a refusal'), (e: unknown) => e as Error & { code?: string });

describe('L2Wallet.transfer', () => {
  it('signs the transfer with the derived key over (type, from, to, amount, nonce), sends it, keeps it as submitted', async () => {
    const { wallet, watch, repo, sent, secrets } = await setup();
    funded(watch);
    const row = await wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x64' });

    expect(sent()).toHaveLength(1);
    const { url, params } = sent()[0]!;
    expect(url).toBe(L2_RPC);
    const body = params[0] as { from: number; to: number; amount: string; nonce: string; signature: { R8x: string; R8y: string; S: string } };
    expect(params).toHaveLength(1);
    expect(body).toMatchObject({ from: 3, to: 5, amount: '0x64', nonce: '0x4' });
    for (const v of Object.values(body.signature)) expect(v).toMatch(/^0x[0-9a-f]+$/);
    const signature = { R8x: BigInt(body.signature.R8x), R8y: BigInt(body.signature.R8y), S: BigInt(body.signature.S) };
    const tx = transaction({ type: TX_TYPE.TRANSFER, from: 3n, to: 5n, amount: 100n });
    expect(verifyPoseidon(txMessage(tx, 4n), signature, keys.alice)).toBe(true);
    // The signature binds every field: another nonce, amount, recipient or signer does not verify.
    expect(verifyPoseidon(txMessage(tx, 5n), signature, keys.alice)).toBe(false);
    expect(verifyPoseidon(txMessage(transaction({ type: TX_TYPE.TRANSFER, from: 3n, to: 5n, amount: 101n }), 4n), signature, keys.alice)).toBe(false);
    expect(verifyPoseidon(txMessage(transaction({ type: TX_TYPE.TRANSFER, from: 3n, to: 6n, amount: 100n }), 4n), signature, keys.alice)).toBe(false);
    expect(verifyPoseidon(txMessage(tx, 4n), signature, keys.bob)).toBe(false);

    const expected: L2TransferRow = {
      id: '0x' + '1'.padStart(64, '0'),
      rollupChainId: L2,
      from: ALICE.toLowerCase(),
      to: BOB.toLowerCase(),
      fromIndex: 3,
      toIndex: 5,
      amount: '100',
      nonce: '4',
      status: 'submitted',
      createdAt: NOW,
      updatedAt: NOW,
    };
    expect(row).toEqual(expected);
    await settle(wallet);
    expect(await repo.get(expected.id)).toEqual(expected);
    // The L2 secret does not outlive the signature.
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(s.every((b) => b === 0)).toBe(true);
  });

  it('sends to an L2 account index as well (the row then names no recipient address)', async () => {
    const { wallet, watch, sent } = await setup();
    funded(watch);
    const row = await wallet.transfer({ from: ALICE.toLowerCase(), rollupChainId: L2, to: ' 5 ', value: '0xa' });
    expect(row).toMatchObject({ to: null, toIndex: 5, amount: '10' });
    expect(sent()[0]!.params[0]).toMatchObject({ from: 3, to: 5, amount: '0xa' });
    expect(watch.queries).toContainEqual({ index: 5 });
  });

  it('counts transfers not yet in a verified batch: the next nonce, and their amounts against the proven balance', async () => {
    const { wallet, watch, sent } = await setup();
    funded(watch);
    await wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x258' }); // 600
    const over = await refusal(wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x1f5' })); // 501: 1101 > 1000
    expect(over).toBeInstanceOf(WalletError);
    expect(over.code).toBe('L2_INSUFFICIENT_BALANCE');
    expect(over).toMatchObject({ expected: '≤ 1000', got: '1101' });
    expect(sent()).toHaveLength(1);

    const second = await wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x190' }); // 400: exactly the balance
    expect(second.nonce).toBe('5');
    expect(sent()[1]!.params[0]).toMatchObject({ nonce: '0x5', amount: '0x190' });
    await settle(wallet); // the transfers' own tracking saw nonce 4: both stay submitted

    // A verified batch applied the first: the proven nonce is 5 and the balance 400. Only the
    // second still waits; the next transfer takes nonce 6 and may spend nothing more.
    watch.set(3, ALICE, keys.alice, 400n, 5n);
    expect((await refusal(wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x1' }))).code).toBe('L2_INSUFFICIENT_BALANCE');
    watch.set(3, ALICE, keys.alice, 401n, 5n);
    expect((await wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x1' })).nonce).toBe('6');
  });

  it('two transfers asked at once get consecutive nonces, and the second counts the first against the balance', async () => {
    const { wallet, watch, sent } = await setup();
    funded(watch);
    const [a, b] = await Promise.all([
      wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x12c' }), // 300
      wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x12c' }),
    ]);
    expect([a.nonce, b.nonce].sort()).toEqual(['4', '5']);
    expect(sent().map((c) => (c.params[0] as { nonce: string }).nonce).sort()).toEqual(['0x4', '0x5']);
    const [c, d] = await Promise.allSettled([
      wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x12c' }), // 900 of 1000
      wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x12c' }), // 1200: refused
    ]);
    expect([c.status, d.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(((c.status === 'rejected' ? c : d) as PromiseRejectedResult).reason).toMatchObject({ code: 'L2_INSUFFICIENT_BALANCE' });
    expect(sent()).toHaveLength(3);
  });

  it('a single transfer above the proven balance is refused', async () => {
    const { wallet, watch, sent, repo, secrets } = await setup();
    funded(watch);
    const err = await refusal(wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x3e9' }));
    expect(err.code).toBe('L2_INSUFFICIENT_BALANCE');
    expect(sent()).toEqual([]);
    expect(await repo.list()).toEqual([]);
    expect(secrets.length).toBeGreaterThan(0);
    for (const s of secrets) expect(s.every((b) => b === 0)).toBe(true);
  });

  const refusals: [string, (s: Awaited<ReturnType<typeof setup>>) => void, Partial<{ to: string; value: string; rollupChainId: number }>, string | typeof InputError][] = [
    ['a rollup not followed', () => {}, { rollupChainId: 31340 }, 'ROLLUP_NOT_FOLLOWED'],
    ['a rollup without an L2 RPC', (s) => (s.watch.l2Rpc = undefined), {}, 'ROLLUP_NOT_FOLLOWED'],
    ['a frozen rollup', (s) => (s.watch.followed = followedAt({ liveness: { lastBatchAgeSeconds: 9000, oldestQueuedAgeSeconds: 9000, frozen: true } })), {}, 'ROLLUP_FROZEN'],
    ['a sender without an L2 account', (s) => s.watch.accounts.delete(3), {}, 'L2_NO_ACCOUNT'],
    ['a recipient index proven empty', () => {}, { to: '9' }, 'L2_RECIPIENT_MISSING'],
    ['a recipient the L2 RPC knows no account of', () => {}, { to: CAROL }, 'L2_RECIPIENT_MISSING'],
    ['a sender account holding another key', (s) => s.watch.set(3, ALICE, keys.bob, 1000n, 4n), {}, 'L2_KEY_MISMATCH'],
    ['a transfer to the sending account (by index)', () => {}, { to: '3' }, InputError],
    ['a transfer to the sending account (by address)', () => {}, { to: ALICE.toLowerCase() }, InputError],
    ['a recipient that is neither address nor index', () => {}, { to: 'bob.eth' }, InputError],
    ['a decimal value', () => {}, { value: '100' }, InputError],
    ['a zero value', () => {}, { value: '0x0' }, InputError],
    ['a value of 2^128 or more', () => {}, { value: '0x1' + '0'.repeat(32) }, InputError],
    ['a value that is not hex', () => {}, { value: '0xzz' }, InputError],
  ];
  it.each(refusals)('refuses %s, and sends and keeps nothing', async (_, arrange, over, expected) => {
    const s = await setup();
    funded(s.watch);
    arrange(s);
    const err = await refusal(s.wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x64', ...over }));
    if (typeof expected === 'string') {
      expect(err).toBeInstanceOf(WalletError);
      expect(err.code).toBe(expected);
    } else {
      expect(err).toBeInstanceOf(expected);
    }
    expect(s.sent()).toEqual([]);
    expect(await s.repo.list()).toEqual([]);
    // Whatever was derived for the refused transfer was wiped.
    for (const secret of s.secrets) expect(secret.every((b) => b === 0)).toBe(true);
  });

  it('lets a recipient lookup that fails for another reason fail as such, not as a missing account', async () => {
    const { wallet, watch, sent } = await setup();
    funded(watch);
    watch.failing.set(CAROL.toLowerCase(), new VerificationError('L2_OWNER_MISMATCH', 'account 7 belongs to another L1 address'));
    const err = await refusal(wallet.transfer({ from: ALICE, rollupChainId: L2, to: CAROL, value: '0x1' }));
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.code).toBe('L2_OWNER_MISMATCH');
    expect(sent()).toEqual([]);
  });

  it('refuses with nothing to read: no followed rollups, or no verified head', async () => {
    const none = await setup({ watch: undefined });
    expect((await refusal(none.wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x1' }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    const headless = await setup({ head: undefined });
    funded(headless.watch);
    expect((await refusal(headless.wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x1' }))).code).toBe('STALE_HEAD');
    expect([...none.sent(), ...headless.sent()]).toEqual([]);
  });

  it('keeps nothing when the L2 RPC answers the transfer without an id', async () => {
    const { wallet, watch, repo, world } = await setup();
    funded(watch);
    world.sendAnswer = { ok: true };
    const err = await refusal(wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x1' }));
    expect(err).toBeInstanceOf(TransportError);
    expect(err.code).toBe('BAD_RESPONSE');
    expect(await repo.list()).toEqual([]);
  });
});

describe('L2Wallet.track', () => {
  const row = (over: Partial<L2TransferRow> = {}): L2TransferRow => ({
    id: '0x' + 'ab'.repeat(32),
    rollupChainId: L2,
    from: ALICE.toLowerCase(),
    to: BOB.toLowerCase(),
    fromIndex: 3,
    toIndex: 5,
    amount: '100',
    nonce: '4',
    status: 'submitted',
    createdAt: NOW - 1000,
    updatedAt: NOW - 1000,
    ...over,
  });

  it('confirms a transfer only when the proven nonce is past it and the batch proof was re-verified, with that batch', async () => {
    const { wallet, watch, repo, world } = await setup();
    funded(watch);
    await repo.put(row());
    world.now = NOW + 1;

    await wallet.track(); // nonce still 4
    expect(await repo.get(row().id)).toEqual(row());

    watch.set(3, ALICE, keys.alice, 900n, 5n);
    watch.followed = followedAt({ proof: 'not-applicable' });
    await wallet.track(); // past it, but no validity proof re-verified
    expect((await repo.get(row().id))?.status).toBe('submitted');

    watch.followed = followedAt({ accepted: { root: 0x99n, batch: 8n, acceptedAt: 1_800_000_000n, status: 'finalized' } });
    await wallet.track();
    expect(await repo.get(row().id)).toEqual({ ...row(), status: 'confirmed', batch: 8, updatedAt: NOW + 1 });
    expect(watch.queries).toContainEqual({ index: 3 });
  });

  it('keeps a confirmation at a head not yet finalized with that head: final once finalized, back to submitted when its block left the chain', async () => {
    const { wallet, watch, repo, world } = await setup();
    funded(watch);
    await repo.put(row());
    world.finalized = 90n;
    watch.set(3, ALICE, keys.alice, 900n, 5n);
    world.now = NOW + 1;
    await wallet.track();
    const at = { blockNumber: '100', blockHash: HEAD.blockHash };
    expect(await repo.get(row().id)).toEqual({ ...row(), status: 'confirmed', batch: 7, confirmedAt: at, updatedAt: NOW + 1 });
    // Still on the chain, not final: kept as it is.
    world.head = { ...HEAD, blockNumber: 101n, blockHash: '0x' + 'a1'.repeat(32) };
    watch.heads.add(world.head.blockHash);
    world.now = NOW + 2;
    await wallet.track();
    expect((await repo.get(row().id))?.confirmedAt).toEqual(at);
    // A reorg: block 100 replaced, and the new branch's root does not apply the transfer (yet): submitted again.
    world.hashes.set(100n, '0x' + 'ff'.repeat(32));
    watch.set(3, ALICE, keys.alice, 1000n, 4n);
    world.now = NOW + 3;
    await wallet.track();
    expect(await repo.get(row().id)).toEqual({ ...row(), status: 'submitted', updatedAt: NOW + 3 });
    // Applied on the new branch, at head 101; then 101 finalized: confirmed for good.
    watch.set(3, ALICE, keys.alice, 900n, 5n);
    world.now = NOW + 4;
    await wallet.track();
    expect((await repo.get(row().id))?.confirmedAt).toEqual({ blockNumber: '101', blockHash: '0x' + 'a1'.repeat(32) });
    world.finalized = 101n;
    world.now = NOW + 5;
    await wallet.track();
    expect(await repo.get(row().id)).toEqual({ ...row(), status: 'confirmed', batch: 7, updatedAt: NOW + 5 });
  });

  it("marks a transfer dropped when the L2 RPC says so, with its reason; leaves it when it says nothing or fails", async () => {
    const { wallet, watch, repo, said, world, calls } = await setup();
    funded(watch);
    await repo.put(row());
    await repo.put(row({ id: '0x' + 'cd'.repeat(32), nonce: '5', createdAt: NOW - 500 }));

    world.getTransactionFails = true;
    await wallet.track();
    expect((await repo.submitted()).length).toBe(2);
    expect(calls.filter((c) => c.method === 'vigil_getTransaction').map((c) => [c.url, c.params])).toEqual([
      [L2_RPC, [row().id]],
      [L2_RPC, ['0x' + 'cd'.repeat(32)]],
    ]);

    world.getTransactionFails = false;
    said.set(row().id, { status: 'dropped', code: 'BAD_NONCE' });
    world.now = NOW + 2;
    await wallet.track();
    expect(await repo.get(row().id)).toEqual({ ...row(), status: 'dropped', reason: 'BAD_NONCE', updatedAt: NOW + 2 });
    expect((await repo.get('0x' + 'cd'.repeat(32)))?.status).toBe('submitted');
  });

  it('leaves transfers of rollups it does not follow, and does nothing without a head', async () => {
    const { wallet, watch, repo, calls } = await setup();
    funded(watch);
    watch.set(3, ALICE, keys.alice, 900n, 50n);
    await repo.put(row({ rollupChainId: 424242 }));
    await wallet.track();
    expect((await repo.get(row().id))?.status).toBe('submitted');
    expect(calls).toEqual([]);

    const headless = await setup({ head: undefined });
    funded(headless.watch);
    headless.watch.set(3, ALICE, keys.alice, 900n, 50n);
    await headless.repo.put(row());
    await headless.wallet.track();
    expect((await headless.repo.get(row().id))?.status).toBe('submitted');
  });

  it('confirms a transfer it sent once a verified batch applies it', async () => {
    const { wallet, watch, repo } = await setup();
    funded(watch);
    const sent = await wallet.transfer({ from: ALICE, rollupChainId: L2, to: BOB, value: '0x64' });
    await settle(wallet);
    expect((await repo.get(sent.id))?.status).toBe('submitted');
    watch.set(3, ALICE, keys.alice, 900n, 5n);
    await wallet.track();
    expect(await repo.get(sent.id)).toMatchObject({ status: 'confirmed', batch: 7 });
    expect(await wallet.transfers()).toMatchObject([{ id: sent.id, status: 'confirmed' }]);
  });
});

describe('L2Wallet.deposit', () => {
  const word = (n: bigint) => n.toString(16).padStart(64, '0');

  it('opens a new account with the derived key when none is proven', async () => {
    const { wallet, sends } = await setup();
    expect(await wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0xde0b6b3a7640000' })).toBe('0x' + 'ee'.repeat(32));
    const NEW_ACCOUNT = (1n << 256n) - 1n;
    const data = encodeFunctionData({ abi: DEPOSIT_ABI, functionName: 'deposit', args: [NEW_ACCOUNT, keys.alice.ax, keys.alice.ay] });
    expect(sends).toEqual([{ from: ALICE, to: CONTRACT, value: '0xde0b6b3a7640000', data }]);
    expect(sends[0]!.data.slice(10)).toBe('f'.repeat(64) + word(keys.alice.ax) + word(keys.alice.ay));
  });

  it('tops up the proven account holding this key; a proven account with another key gets a new one', async () => {
    const { wallet, watch, sends } = await setup();
    funded(watch);
    await wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' });
    expect(sends[0]).toEqual({ from: ALICE, to: CONTRACT, value: '0x5', data: encodeFunctionData({ abi: DEPOSIT_ABI, functionName: 'deposit', args: [3n, 0n, 0n] }) });

    const fresh = encodeFunctionData({ abi: DEPOSIT_ABI, functionName: 'deposit', args: [(1n << 256n) - 1n, keys.alice.ax, keys.alice.ay] });
    watch.set(3, ALICE, keys.bob, 1000n, 4n);
    await wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' });
    expect(sends[1]!.data).toBe(fresh);
    // Both coordinates must match.
    watch.set(3, ALICE, { ax: keys.bob.ax, ay: keys.alice.ay }, 1000n, 4n);
    await wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' });
    watch.set(3, ALICE, { ax: keys.alice.ax, ay: keys.bob.ay }, 1000n, 4n);
    await wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' });
    expect(sends.slice(2).map((s) => s.data)).toEqual([fresh, fresh]);
  });

  it('refuses a stalled rollup (a deposit could be locked in its queue), and takes one merely delayed', async () => {
    const { wallet, watch, sends } = await setup();
    watch.followed = followedAt({ liveness: { lastBatchAgeSeconds: 301, oldestQueuedAgeSeconds: null, frozen: false } });
    expect((await refusal(wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' }))).code).toBe('ROLLUP_STALLED');
    watch.followed = followedAt({ liveness: { lastBatchAgeSeconds: 12, oldestQueuedAgeSeconds: 300, frozen: false } });
    expect((await refusal(wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' }))).code).toBe('ROLLUP_STALLED');
    expect(sends).toEqual([]);
    watch.followed = followedAt({ liveness: { lastBatchAgeSeconds: 120, oldestQueuedAgeSeconds: null, frozen: false } });
    await wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' });
    expect(sends).toHaveLength(1);
  });

  it('refuses a frozen rollup and one not followed, sending nothing', async () => {
    const { wallet, watch, sends } = await setup();
    watch.followed = followedAt({ liveness: { lastBatchAgeSeconds: 1, oldestQueuedAgeSeconds: null, frozen: true } });
    expect((await refusal(wallet.deposit({ from: ALICE, rollupChainId: L2, value: '0x5' }))).code).toBe('ROLLUP_FROZEN');
    expect((await refusal(wallet.deposit({ from: ALICE, rollupChainId: 1, value: '0x5' }))).code).toBe('ROLLUP_NOT_FOLLOWED');
    expect(sends).toEqual([]);
  });
});

describe('L2Wallet.accounts, as the popup shows them (src/extension/views.ts)', () => {
  it('one row per wallet account: proven, without an account (no error), and failed (an error, no numbers)', async () => {
    const { wallet, watch } = await setup({ addresses: [ALICE, BOB] });
    watch.set(3, ALICE, keys.alice, 1000n, 4n);
    watch.failing.set(BOB.toLowerCase(), new VerificationError('L2_OWNER_MISMATCH', 'account 5 belongs to another L1 address'));
    const rows = (await wallet.accounts()).map(l2AccountView);
    const tier = { tier: 'reverified', words: 'validity proof re-verified here', fullyReverified: true, steps: { verified: 1, wanted: 1, anchored: false } };
    const proven = { batch: 7, batchAgeSeconds: 12, proof: 'verified', tier, l1BlockNumber: 100 };
    expect(rows).toEqual([
      {
        rollupChainId: L2,
        rollupName: 'Vigil devnet rollup',
        nativeCurrency: ETHER,
        address: ALICE.toLowerCase(),
        index: 3,
        balance: '1000',
        nonce: '4',
        publicKey: { ax: keys.alice.ax.toString(), ay: keys.alice.ay.toString() },
        ...proven,
        error: null,
      },
      {
        rollupChainId: L2,
        rollupName: 'Vigil devnet rollup',
        nativeCurrency: ETHER,
        address: BOB.toLowerCase(),
        index: null,
        balance: null,
        nonce: null,
        publicKey: { ax: keys.bob.ax.toString(), ay: keys.bob.ay.toString() },
        batch: null,
        batchAgeSeconds: null,
        proof: null,
        tier: null,
        l1BlockNumber: null,
        error: { code: 'L2_OWNER_MISMATCH', message: 'account 5 belongs to another L1 address' },
      },
    ]);

    watch.failing.clear();
    const [, bob] = (await wallet.accounts()).map(l2AccountView);
    expect(bob).toMatchObject({ index: null, balance: null, nonce: null, error: null, ...proven });
  });

  it('no rollups: no rows; no verified head: an error row each', async () => {
    expect(await (await setup({ watch: undefined })).wallet.accounts()).toEqual([]);
    const headless = await setup({ head: undefined });
    headless.watch.set(3, ALICE, keys.alice, 1000n, 4n);
    expect((await headless.wallet.accounts()).map(l2AccountView)).toMatchObject([{ address: ALICE.toLowerCase(), balance: null, index: null, error: { code: 'NO_VERIFIED_HEAD' } }]);
  });
});
