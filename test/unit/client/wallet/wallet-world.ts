/**
 * The wallet (src/client/wallet/wallet.ts) on fake-indexeddb with a scripted verified chain, for the
 * tests of its parts: a world the chain reads from, approval windows that open and are answered.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { expect } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import type { ActivityReader } from '../../../../src/client/wallet/activity.ts';
import { memorySessionStore, type SessionStore } from '../../../../src/client/wallet/keyring-session.ts';
import { checkSignIn } from '../../../../src/client/wallet/sign-in.ts';
import { proveToken } from '../../../../src/client/wallet/token-proof.ts';
import { Wallet, type WalletDeps } from '../../../../src/client/wallet/wallet.ts';
import type { WalletChain, WalletHead } from '../../../../src/client/wallet/transactions.ts';
import type { BlockEnv } from '../../../../src/execution/block-env.ts';
import type { PolicyHead } from '../../../../src/wallet/policy.ts';
import type { PortEvent } from '../../../../src/provider/page-protocol.ts';
import { openVigilDb, type VigilDb } from '../../../../src/storage/db.ts';
import { WalletRepo } from '../../../../src/storage/wallet.ts';
import { reviewTypedData } from '../../../../src/client/wallet/typed-data-review.ts';
import { transactionHost, type TransactionHostDeps } from '../../../../src/client/wallet/transaction-host.ts';
import type { Preview, SeenEffects } from '../../../../src/client/wallet/transaction-preview.ts';
import { repoCallsStatus } from '../../../../src/client/wallet/batches/calls-status.ts';
import { prepareBatch } from '../../../../src/client/wallet/batches/prepare.ts';
import { CallBatchProgress } from '../../../../src/client/wallet/batches/progress.ts';
import { provenAtomic } from '../../../../src/client/wallet/batches/atomic.ts';
import { CallBatchStore } from '../../../../src/storage/call-batches.ts';
import type { TransactionRequest } from '../../../../src/wallet/transaction-request.ts';
import { parseSendCalls } from '../../../../src/wallet/send-calls.ts';
import { localVaultWork } from '../../../../src/wallet/keyring-changes.ts';
import { OpenedWindows } from '../../../support/opened-windows.ts';

export const MNEMONIC = 'test test test test test test test test test test test junk';
export const ACCOUNT0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
export const RECIPIENT = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
export const APP = 'https://app.example';
export const OTHER = 'https://other.example';
export const NOW_S = 1_800_000_000;
export const GWEI = 10n ** 9n;

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
  beaconRoot: new Uint8Array(32).fill(0xbe),
};

export interface World {
  /** The head signatures rest on (signed by two thirds of its sync committee). */
  head: WalletHead | undefined;
  /** The newest verified head when newer than `head` and thinly signed. */
  newest?: PolicyHead | undefined;
  balance: bigint;
  nonce: bigint;
  lie: boolean;
  /** No execution RPC: nothing can be proven. */
  disconnected: boolean;
  sent: string[];
  /** Approval ids in the order their windows opened: `windows.ids`. */
  opened: string[];
  windows: OpenedWindows;
  events: { event: PortEvent; origin: string | undefined }[];
  now: number;
  /** Verified receipts by transaction hash. */
  receipts: Map<string, { blockNumber: string; blockHash: string; gasUsed: string; status: string; effectiveGasPrice?: string }>;
  /** The optimistic and finalized heads' block numbers (the activity's reader). */
  headNumber: number;
  finalizedNumber: number | undefined;
  /** Canonical block hashes where not the default `blockHash(n)` (a reorg rewrites them). */
  canonical: Map<number, string>;
  /** The proven nonce from each block on (ascending); before the first entry, `nonce`. */
  nonceFrom: { block: number; nonce: bigint }[];
  /** Verified blocks' transactions (the nonce search's answer). */
  blocks: Map<number, { hash: string; from: string; nonce: bigint; status: 0 | 1; gasUsed: bigint }[]>;
  /** What eth_sendRawTransaction throws, when set. */
  sendError: Error | undefined;
  /** The network the wallet (and the app host's batch progress) is on. */
  network: { id: string; chainId: number; name: string };
  /** Contracts by lower-case address: their proven code hash and what symbol() and decimals() return (0x-hex; a revert when absent). */
  tokens: Map<string, { codeHash: string; symbol?: string; decimals?: string }>;
  /** Accounts' code by lower-case address (an EIP-7702 delegation indicator, a delegate's code); its hash is the proven code hash unless `codeLie`. */
  code?: Map<string, string>;
  /** The endpoint's eth_getCode differs from the proven code hash (a reader that did not check it). */
  codeLie?: boolean;
  /** Accounts (lower-case) whose proofs the endpoint lies about, the others proven. */
  unprovable?: Set<string>;
}

/** keccak256 of no code. */
export const EMPTY_CODE = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';

/** The default canonical hash of block `n` in the scripted world. */
export const blockHash = (n: number) => '0x' + n.toString(16).padStart(64, '0');

export function scriptedChain(world: World): WalletChain {
  return {
    network: { chainId: 31337n, name: 'Devnet', maxHeadAgeSeconds: 60 },
    signingHead: () => world.head,
    newestHead: () => world.newest ?? world.head?.head,
    proveAccount: async (address, at, options) => {
      if (world.lie || world.unprovable?.has(address.toLowerCase())) throw new VerificationError('PROOF_VALUE_MISMATCH', 'eth_getProof claims a value its proof does not prove');
      const code = world.code?.get(address.toLowerCase());
      const codeHash = code !== undefined ? bytesToHex(keccak256(hexToBytes(code))) : (world.tokens.get(address.toLowerCase())?.codeHash ?? EMPTY_CODE);
      const served = world.codeLie ? '0x6001' : (code ?? '0x');
      return { address, nonce: world.nonce, balance: world.balance, codeHash, ...(options?.code ? { code: served } : {}), blockNumber: at.head.blockNumber, blockHash: at.head.blockHash };
    },
    execution: {
      run: async ({ call }) => {
        const { to, data } = call as { to?: string; data?: string };
        const token = to === undefined ? undefined : world.tokens.get(to.toLowerCase());
        const answer = token === undefined ? '0x' : data === '0x95d89b41' ? token.symbol : data === '0x313ce567' ? token.decimals : undefined;
        if (answer === undefined) return { outcome: { status: 'reverted', returnData: '0x', gasUsed: '0x5208', gas: '0x5208' }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] };
        return { outcome: { status: 'success', returnData: answer, gasUsed: '0x5208', gas: '0x5208' }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] };
      },
      sendRawTransaction: async (raw: unknown) => {
        world.sent.push(raw as string);
        if (world.sendError) throw world.sendError;
        return { hash: '0x' };
      },
      suggestedTip: async () => 1n * GWEI,
      // The verified tip, attended or not (src/client/verified/execution-service.ts tipChoice).
      tipChoice: async ({ unattended }) => (unattended ? { tip: 1n * GWEI, source: 'verified-p25' } : { tip: 1n * GWEI, source: 'verified' }),
      feeHistory: async () => ({}),
    },
  };
}

let counter = 0;
/** What a test scripts of the simulation: the effects of `requests` (and with `against`, why they differ from what was seen). */
export type ScriptedPreview = (requests: TransactionRequest[], against?: SeenEffects, options?: Parameters<NonNullable<TransactionHostDeps['preview']>>[3]) => Promise<Preview>;

export async function setup(world: World, shared?: { repo: WalletRepo; session: SessionStore; db?: VigilDb }, options: Partial<WalletDeps> & { previewTransactions?: ScriptedPreview } = {}) {
  const { previewTransactions, ...overrides } = options;
  const db = shared ? shared.db : await openVigilDb({ name: `wallet-${counter++}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const repo = shared?.repo ?? new WalletRepo(db!);
  const session = shared?.session ?? memorySessionStore();
  let seed = 1;
  // As the app host moves batches on: over the same tables and chain, after each activity pass.
  let progress: CallBatchProgress | undefined;
  const wallet: Wallet = new Wallet({
    repo,
    session,
    // The state's high byte (the low byte alone repeats every 256 bytes: approval ids would collide).
    random: (n) => Uint8Array.from({ length: n }, () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24),
    now: () => world.now,
    openApproval: async (id) => windowOpened(world, id),
    chain: () => (world.disconnected ? undefined : scriptedChain(world)),
    chainReader: () => (world.disconnected ? undefined : scriptedReader(world)),
    network: () => world.network,
    networkForChain: (id) => (id === 31337n ? 'devnet' : undefined),
    switchNetwork: async () => {},
    emit: (event, origin) => world.events.push({ event, origin }),
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
    vaultWork: localVaultWork,
    checkSignIn: async (claim, origin, address) => checkSignIn(claim, origin, address, world.now),
    typedDataDigest: (typedData, chainId, version) => reviewTypedData(world.disconnected ? undefined : scriptedChain(world), typedData, chainId, version),
    proveToken: (address, offered) => proveToken(scriptedChain(world), address, offered),
    // As the app host fills, simulates (with the simulation the test scripts, if any) and proves again.
    transactions: transactionHost({
      chain: () => (world.disconnected ? undefined : scriptedChain(world)),
      ...(previewTransactions ? { preview: (_chain, requests, against, options) => previewTransactions(requests, against, options) } : {}),
    }),
    readCalls: async (params) => parseSendCalls(params),
    // As the app host prepares a batch: over the same chain, with the simulation the test scripts (if any).
    prepareCalls: (origin, from, calls, pending, _toleranceBps, atomic) =>
      prepareBatch({ chain: scriptedChain(world), pending, now: Math.floor(world.now / 1000), ...(previewTransactions ? { simulate: async (r) => (await previewTransactions!(r)).effects } : {}) }, origin, from, calls, { atomic: atomic === true }),
    atomic: (address, batch) => provenAtomic(world.disconnected ? undefined : scriptedChain(world), address, batch),
    callsStatus: repoCallsStatus(repo, () => 31337, () => (world.disconnected ? undefined : scriptedReader(world))),
    advanceBatches: () => progress?.advance() ?? Promise.resolve(),
    ...overrides,
  });
  // (A restart that shares only the repository moves no batch on.)
  progress = db && new CallBatchProgress({
    batches: new CallBatchStore(db),
    repo,
    activity: wallet.activity,
    chain: () => (world.disconnected ? undefined : scriptedChain(world)),
    network: () => world.network,
    now: () => world.now,
    ...(previewTransactions
      ? {
          simulate: async (r: TransactionRequest[]) => (await previewTransactions!(r)).effects,
          // Each remainder as the scripted simulation answers the calls left.
          remainders: async (r: TransactionRequest[]) => {
            const out = [];
            for (let k = 1; k < r.length; k++) out.push((await previewTransactions!(r.slice(k))).effects);
            return out;
          },
        }
      : {}),
  });
  return { wallet, repo, session, db: db! };
}

export function freshWorld(): World {
  const windows = new OpenedWindows();
  return {
    head: { head: { blockNumber: 100n, blockHash: '0x' + 'aa'.repeat(32), timestamp: BigInt(NOW_S - 4), signedBy: { participants: 30, committeeSize: 32 } }, env, nextBaseFee: 10n * GWEI },
    balance: 10n ** 18n,
    nonce: 5n,
    lie: false,
    disconnected: false,
    sent: [],
    windows,
    opened: windows.ids,
    events: [],
    now: NOW_S * 1000,
    receipts: new Map(),
    headNumber: 100,
    finalizedNumber: 90,
    canonical: new Map(),
    nonceFrom: [],
    blocks: new Map(),
    sendError: undefined,
    network: { id: 'devnet', chainId: 31337, name: 'Devnet' },
    tokens: new Map(),
  };
}

/** The activity's reader over the world: canonical hashes, nonces by block, blocks' transactions. */
export function scriptedReader(world: World): ActivityReader {
  const nonceAt = (n: number) => world.nonceFrom.filter((e) => e.block <= n).at(-1)?.nonce ?? (world.nonceFrom.length > 0 ? 0n : world.nonce);
  return {
    getTransactionReceipt: async (hash: Uint8Array) => world.receipts.get(bytesToHex(hash)) ?? null,
    headNumber: () => BigInt(world.headNumber),
    finalizedNumber: () => (world.finalizedNumber === undefined ? undefined : BigInt(world.finalizedNumber)),
    canonicalHash: async (n) => (Number(n) > world.headNumber ? null : (world.canonical.get(Number(n)) ?? blockHash(Number(n)))),
    nonceAt: async (_address, n) => {
      if (world.lie) throw new VerificationError('PROOF_VALUE_MISMATCH', 'eth_getProof claims a value its proof does not prove');
      return nonceAt(Number(n));
    },
    blockTransactions: async (n) => ({ blockHash: world.canonical.get(Number(n)) ?? blockHash(Number(n)), transactions: world.blocks.get(Number(n)) ?? [] }),
  };
}

/** Records that approval `id`'s window opened, waking whoever waits for it. */
export function windowOpened(world: World, id: string): void {
  world.windows.opened(id);
}

/** Waits until the index-th approval window has opened (../../../support/opened-windows.ts). */
export function opened(world: World, index: number): Promise<string> {
  return world.windows.nth(index);
}

export async function answer(world: World, wallet: Wallet, approve: boolean, index = world.opened.length) {
  const id = await opened(world, index);
  return wallet.approvals.resolve(id, approve);
}

export async function connected(world: World, overrides: Parameters<typeof setup>[2] = {}) {
  const s = await setup(world, undefined, overrides);
  await s.wallet.keyring.create({ password: 'correct horse', mnemonic: MNEMONIC });
  const accounts = s.wallet.requests.requestAccounts({ origin: APP, requestKey: 'k-connect' });
  await answer(world, s.wallet, true);
  expect(await accounts).toEqual([ACCOUNT0.toLowerCase()]);
  return s;
}
