/**
 * The background wallet on fake-indexeddb with a scripted verified chain: connect, sign, send,
 * refusals from the signing policy, approvals that survive a restarted background without a
 * second signature, lock and unlock, revoke.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import type { WalletChain, WalletHead } from '../../../src/client/wallet-transactions.ts';
import type { BlockEnv } from '../../../src/execution/block-env.ts';
import { decodeTransaction, recoverSender } from '../../../src/execution/transactions.ts';
import { type SessionStore, WalletController } from '../../../src/extension/wallet-controller.ts';
import type { PortEvent } from '../../../src/provider/page-protocol.ts';
import { toProviderError } from '../../../src/provider/handler.ts';
import { openVigilDb } from '../../../src/storage/db.ts';
import { WalletRepo } from '../../../src/storage/wallet.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { l2KeyMessage } from '../../../src/wallet/l2-keys.ts';
import { recoverPersonalMessageAddress } from '../../../src/wallet/personal-message.ts';

const MNEMONIC = 'test test test test test test test test test test test junk';
const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const APP = 'https://app.example';
const OTHER = 'https://other.example';
const NOW_S = 1_800_000_000;
const GWEI = 10n ** 9n;

const env: BlockEnv = {
  chainId: 31337n,
  fork: 'prague',
  number: 100n,
  hash: new Uint8Array(32).fill(0xaa),
  parentHash: new Uint8Array(32).fill(0xab),
  stateRoot: new Uint8Array(32).fill(0x22),
  timestamp: BigInt(NOW_S - 4),
  coinbase: new Uint8Array(20),
  prevRandao: new Uint8Array(32).fill(0x11),
  gasLimit: 30_000_000n,
  baseFeePerGas: 10n * GWEI,
  excessBlobGas: 0n,
};

interface World {
  head: WalletHead | undefined;
  balance: bigint;
  nonce: bigint;
  lie: boolean;
  sent: string[];
  opened: string[];
  events: { event: PortEvent; origin: string | undefined }[];
  now: number;
  /** Verified receipts by transaction hash. */
  receipts: Map<string, { blockNumber: string; blockHash: string; gasUsed: string; status: string }>;
}

function scriptedChain(world: World): WalletChain {
  return {
    network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 },
    newestHead: () => world.head,
    proveAccount: async (address, at) => {
      if (world.lie) throw new VerificationError('PROOF_VALUE_MISMATCH', 'eth_getProof claims a value its proof does not prove');
      return { address, nonce: world.nonce, balance: world.balance, blockNumber: at.head.blockNumber, blockHash: at.head.blockHash };
    },
    execution: {
      run: async () => ({ outcome: { status: 'success', returnData: '0x', gasUsed: '0x5208', gas: '0x5208' }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] }),
      sendRawTransaction: async (raw: unknown) => {
        world.sent.push(raw as string);
        return { hash: '0x' };
      },
      suggestedTip: async () => 1n * GWEI,
      feeHistory: async () => ({}),
    },
  };
}

function memorySession(): SessionStore {
  const m = new Map<string, unknown>();
  return { get: async (k) => m.get(k), set: async (k, v) => void m.set(k, v), remove: async (k) => void m.delete(k) };
}

let counter = 0;
async function setup(world: World, shared?: { repo: WalletRepo; session: SessionStore }) {
  const repo = shared?.repo ?? new WalletRepo(await openVigilDb({ name: `wallet-${counter++}`, indexedDB: new IDBFactory(), IDBKeyRange }));
  const session = shared?.session ?? memorySession();
  let seed = 1;
  const wallet = new WalletController({
    repo,
    session,
    random: (n) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) & 0xff)),
    now: () => world.now,
    openApproval: async (id) => void world.opened.push(id),
    chain: () => scriptedChain(world),
    chainReader: () => ({ getTransactionReceipt: async (hash: Uint8Array) => world.receipts.get(bytesToHex(hash)) ?? null }) as never,
    network: () => ({ id: 'devnet', chainId: 31337, name: 'Devnet' }),
    networkForChain: (id) => (id === 31337n ? 'devnet' : undefined),
    switchNetwork: async () => {},
    emit: (event, origin) => world.events.push({ event, origin }),
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
  });
  return { wallet, repo, session };
}

function freshWorld(): World {
  return {
    head: { head: { blockNumber: 100n, blockHash: '0x' + 'aa'.repeat(32), timestamp: BigInt(NOW_S - 4) }, env, nextBaseFee: 10n * GWEI },
    balance: 10n ** 18n,
    nonce: 5n,
    lie: false,
    sent: [],
    opened: [],
    events: [],
    now: NOW_S * 1000,
    receipts: new Map(),
  };
}

/** Waits for the approval window to be "opened", then answers it. */
/** Waits (up to 5 s: CI runs many files at once) until the index-th approval window has opened. */
async function opened(world: World, index: number): Promise<string> {
  for (let i = 0; i < 1000 && world.opened.length <= index; i++) await new Promise((r) => setTimeout(r, 5));
  const id = world.opened[index];
  if (id === undefined) throw new Error(`approval window ${index} never opened`);
  return id;
}

async function answer(world: World, wallet: WalletController, approve: boolean, index = world.opened.length) {
  const id = await opened(world, index);
  return wallet.resolveApproval(id, approve);
}

async function connected(world: World) {
  const s = await setup(world);
  await s.wallet.create({ password: 'correct horse', mnemonic: MNEMONIC });
  const accounts = s.wallet.requestAccounts({ origin: APP, requestKey: 'k-connect' });
  await answer(world, s.wallet, true);
  expect(await accounts).toEqual([ACCOUNT0.toLowerCase()]);
  return s;
}

beforeAll(cryptoReady);

describe('WalletController', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('answers 4100 at once to a connect before any wallet exists (no window that cannot be approved)', async () => {
    const { wallet } = await setup(world);
    const err = await wallet.requestAccounts({ origin: APP }).catch((e: unknown) => e);
    expect(toProviderError(err).code).toBe(4100);
    expect(world.opened).toEqual([]);
  });

  it('creates a vault, connects one origin through an approval, and no other', async () => {
    const { wallet } = await connected(world);
    expect((await wallet.state()).accounts.map((a) => a.address)).toEqual([ACCOUNT0]);
    expect(world.events).toContainEqual({ event: { event: 'accountsChanged', data: [ACCOUNT0.toLowerCase()] }, origin: APP });
    expect(await wallet.accounts(OTHER)).toEqual([]);
    expect(await wallet.getPermissions(APP)).toMatchObject([{ parentCapability: 'eth_accounts', caveats: [{ value: [ACCOUNT0.toLowerCase()] }] }]);
    // A second request of a connected origin needs no window.
    expect(await wallet.requestAccounts({ origin: APP })).toEqual([ACCOUNT0.toLowerCase()]);
    expect(world.opened).toHaveLength(1);
  });

  it('sends a transaction filled from verified state, signed once, and shows the facts it relied on', async () => {
    const { wallet, repo } = await connected(world);
    const hash = wallet.sendTransaction({ origin: APP, requestKey: 'k-send' }, { from: ACCOUNT0.toLowerCase(), to: RECIPIENT, value: '0xde0b6b3a7640' });
    const view = await wallet.getApproval(await opened(world, 1));
    expect(view.details).toMatchObject({ verdict: { ok: true, facts: { nonce: '5', balance: String(10n ** 18n), blockNumber: '100' } }, gasSource: 'verified-estimate', tipSource: 'rpc-advice' });
    await wallet.resolveApproval(view.id, true);
    const h = await hash;
    expect(world.sent).toHaveLength(1);
    const tx = decodeTransaction(hexToBytes(world.sent[0]!));
    expect(tx).toMatchObject({ type: 2, chainId: 31337n, nonce: 5n, gas: 21_000n, value: 0xde0b6b3a7640n, maxPriorityFeePerGas: GWEI, maxFeePerGas: 21n * GWEI });
    expect(bytesToHex(recoverSender(tx))).toBe(ACCOUNT0.toLowerCase());
    expect((await repo.getActivity(h))?.status).toBe('pending');
    // The next one counts the pending one: nonce 6.
    const second = wallet.sendTransaction({ origin: APP, requestKey: 'k-send-2' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
    await answer(world, wallet, true, 2);
    await second;
    expect(decodeTransaction(hexToBytes(world.sent[1]!)).nonce).toBe(6n);
  });

  it('refuses on a stale head and on an unprovable sender, with the code, and never offers to sign', async () => {
    const { wallet, repo } = await connected(world);
    world.now = (NOW_S + 120) * 1000;
    const stale = await wallet.sendTransaction({ origin: APP, requestKey: 'k-stale' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(WalletError);
    expect((stale as WalletError).code).toBe('STALE_HEAD');
    expect(toProviderError(stale).toJSON()).toMatchObject({ code: -32003, data: { code: 'STALE_HEAD' } });
    const row = await repo.getApproval(world.opened.at(-1)!);
    expect(row?.status).toBe('failed');
    await expect(wallet.resolveApproval(row!.id, true)).resolves.toMatchObject({ status: 'failed' });

    world.now = NOW_S * 1000;
    world.lie = true;
    const lie = await wallet.sendTransaction({ origin: APP, requestKey: 'k-lie' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect((lie as WalletError).code).toBe('NONCE_NOT_VERIFIED');
    world.lie = false;
    world.balance = 21_000n * 21n * GWEI; // the value does not fit
    const poor = await wallet.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect((poor as WalletError).code).toBe('INSUFFICIENT_VERIFIED_BALANCE');
    // Far beyond the balance: the policy's refusal with its numbers, not the estimator's revert.
    const far = await wallet.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0xde0b6b3a76400000' }).catch((e: unknown) => e);
    expect((far as WalletError).code).toBe('INSUFFICIENT_VERIFIED_BALANCE');
    expect(world.sent).toHaveLength(0);
  });

  it('lets no origin use an account it was not given', async () => {
    const { wallet } = await connected(world);
    const err = await wallet.sendTransaction({ origin: OTHER }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    expect(toProviderError(err).code).toBe(4100);
    const sign = await wallet.personalSign({ origin: OTHER }, '0x68656c6c6f', ACCOUNT0).catch((e: unknown) => e);
    expect(toProviderError(sign).code).toBe(4100);
  });

  it('signs a personal message the user approved, and answers 4001 to one rejected', async () => {
    const { wallet } = await connected(world);
    const signature = wallet.personalSign({ origin: APP }, '0x68656c6c6f', ACCOUNT0);
    await answer(world, wallet, true, 1);
    expect(recoverPersonalMessageAddress('0x68656c6c6f', await signature)).toBe(ACCOUNT0);
    const rejected = wallet.personalSign({ origin: APP }, 'hello', ACCOUNT0).catch((e: unknown) => e);
    await answer(world, wallet, false, 2);
    expect(toProviderError(await rejected).code).toBe(4001);
  });

  it('refuses to sign the L2 key message for any page, in text or hex, before any window opens', async () => {
    const { wallet } = await connected(world);
    const text = l2KeyMessage(31339n);
    for (const message of [text, bytesToHex(new TextEncoder().encode(text)), l2KeyMessage(1n)]) {
      const err = await wallet.personalSign({ origin: APP, requestKey: `k-${message.length}` }, message, ACCOUNT0).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WalletError);
      expect((err as WalletError).code).toBe('RESERVED_MESSAGE');
      expect(toProviderError(err).toJSON()).toMatchObject({ code: -32003, data: { code: 'RESERVED_MESSAGE' } });
    }
    expect(world.opened).toHaveLength(1); // the connect's window only
    // Any other message still gets its window.
    const other = wallet.personalSign({ origin: APP }, 'Vigil rollup', ACCOUNT0);
    await answer(world, wallet, true, 1);
    expect(recoverPersonalMessageAddress('Vigil rollup', await other)).toBe(ACCOUNT0);
  });

  it('refuses typed data of another chain before any window opens', async () => {
    const { wallet } = await connected(world);
    const typed = { types: { EIP712Domain: [{ name: 'chainId', type: 'uint256' }], M: [{ name: 'a', type: 'uint256' }] }, primaryType: 'M', domain: { chainId: 1 }, message: { a: 1 } };
    const err = await wallet.signTypedData({ origin: APP }, ACCOUNT0, typed).catch((e: unknown) => e);
    expect((err as WalletError).code).toBe('INVALID_TYPED_DATA');
    expect(world.opened).toHaveLength(1);
  });

  it('never signs twice: a request resent to a restarted background joins its approval, an approved one is sent again as the same bytes', async () => {
    const first = await connected(world);
    const pending = first.wallet.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' });
    pending.catch(() => {});
    await opened(world, 1);
    // The service worker stops; a new one wakes with the same database and session.
    const second = await setup(world, { repo: first.repo, session: first.session });
    const again = second.wallet.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' });
    expect(world.opened).toHaveLength(2); // no second window
    await second.wallet.resolveApproval(world.opened[1]!, true);
    const hash = await again;
    expect(world.sent).toHaveLength(1);
    // A third background after the approval: it resumes by sending the same bytes, and the resent
    // request gets the same hash without a new window or signature.
    const third = await setup(world, { repo: first.repo, session: first.session });
    await third.wallet.resume();
    expect(await third.wallet.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' })).toBe(hash);
    expect(new Set(world.sent).size).toBe(1);
    expect(world.opened).toHaveLength(2);
  });

  it('locks (no accounts to pages), makes a request wait for the unlock, backs off wrong passwords', async () => {
    const { wallet } = await connected(world);
    await wallet.lock();
    expect(await wallet.accounts(APP)).toEqual([]);
    const signature = wallet.personalSign({ origin: APP }, 'hi', ACCOUNT0);
    await expect(wallet.resolveApproval(await opened(world, 1), true)).rejects.toMatchObject({ code: 'LOCKED' });
    for (let i = 0; i < 4; i++) await expect(wallet.unlock('wrong password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(wallet.unlock('correct horse')).rejects.toMatchObject({ code: 'PASSWORD_BACKOFF' });
    world.now += 1000;
    await wallet.unlock('correct horse');
    await wallet.resolveApproval(world.opened[1]!, true);
    expect(recoverPersonalMessageAddress('hi', await signature)).toBe(ACCOUNT0);
  });

  it('turns a transaction confirmed only on a verified receipt, and dropped when the proven nonce passed it without one', async () => {
    const { wallet, repo } = await connected(world);
    const send = () => {
      const p = wallet.sendTransaction({ origin: APP }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' });
      return answer(world, wallet, true).then(() => p);
    };
    const first = await send();
    const second = await send();
    await wallet.trackActivity();
    expect((await repo.getActivity(first))?.status).toBe('pending');
    world.receipts.set(first, { blockNumber: '0x65', blockHash: '0x' + 'cd'.repeat(32), gasUsed: '0x5208', status: '0x1' });
    world.nonce = 7n; // both nonces used; the second one's receipt never comes
    await wallet.trackActivity();
    expect(await repo.getActivity(first)).toMatchObject({ status: 'confirmed', receipt: { blockNumber: 101, status: 1 } });
    expect((await repo.getActivity(second))?.status).toBe('dropped');
    expect((await wallet.activity()).map((r) => r.status).sort()).toEqual(['confirmed', 'dropped']);
  });

  it("signs a forced exit's own L1 transaction with its value under the policy, and its L2 transaction with the account key on the L2's chain id", async () => {
    const { wallet } = await connected(world);
    const own = await wallet.signOwn({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 7n, summary: 'Force the withdrawal in through L1' });
    const l1 = decodeTransaction(hexToBytes(own.raw));
    expect(l1).toMatchObject({ chainId: 31337n, nonce: 5n, value: 7n });
    // More than the proven balance is refused by the policy.
    await expect(wallet.signOwn({ from: ACCOUNT0, to: RECIPIENT, data: '0x', value: 2n * 10n ** 18n, summary: 'x' })).rejects.toMatchObject({ code: 'INSUFFICIENT_VERIFIED_BALANCE' });
    const l2 = await wallet.signL2Own(ACCOUNT0, { chainId: 10, nonce: 3n, to: RECIPIENT, value: 9n, data: '0xabcd', gasLimit: 100_000n, maxFeePerGas: 2n * GWEI, maxPriorityFeePerGas: GWEI });
    const tx = decodeTransaction(hexToBytes(l2.raw));
    expect(tx).toMatchObject({ type: 2, chainId: 10n, nonce: 3n, value: 9n, gas: 100_000n, maxFeePerGas: 2n * GWEI });
    expect(bytesToHex(recoverSender(tx))).toBe(ACCOUNT0.toLowerCase());
    expect(world.sent).toEqual([]);
    await wallet.lock();
    await expect(wallet.signL2Own(ACCOUNT0, { chainId: 10, nonce: 3n, to: RECIPIENT, value: 9n, data: '0x', gasLimit: 1n, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n })).rejects.toMatchObject({ code: 'LOCKED' });
  });

  it('revokes an origin: it sees no accounts and is told so', async () => {
    const { wallet } = await connected(world);
    await wallet.revokePermissions(APP, ['eth_accounts']);
    expect(await wallet.accounts(APP)).toEqual([]);
    expect(world.events.at(-1)).toEqual({ event: { event: 'accountsChanged', data: [] }, origin: APP });
  });
});
