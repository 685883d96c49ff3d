/**
 * The wallet as the extension puts it together (src/extension/services.ts), in Node, on a running
 * devnet: the L1 session following its beacon API, the wallet on fake-indexeddb with the Hardhat
 * phrase imported, approval windows answered by the test, the activity tracked at each head.
 */
import { randomBytes } from 'node:crypto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { delegationHost } from '../../src/client/wallet/delegation/delegate.ts';
import { memorySessionStore } from '../../src/client/wallet/keyring-session.ts';
import { checkSignIn } from '../../src/client/wallet/sign-in.ts';
import { L1Session, type L1SessionDeps } from '../../src/client/l1-session.ts';
import { memoryPersistence } from '../../src/client/light-client/store-persistence.ts';
import { proveToken } from '../../src/client/wallet/token-proof.ts';
import { previewAgainst, previewRemainders } from '../../src/client/wallet/transaction-preview.ts';
import { Wallet } from '../../src/client/wallet/wallet.ts';
import type { DevnetInfo } from '../../src/devnet/devnet.ts';
import { openVigilDb } from '../../src/storage/db.ts';
import { WalletRepo } from '../../src/storage/wallet.ts';
import { sessionDeps, sessionShared } from '../support/l1-session-deps.ts';
import { reviewTypedData } from '../../src/client/wallet/typed-data-review.ts';
import { transactionHost } from '../../src/client/wallet/transaction-host.ts';
import { repoCallsStatus } from '../../src/client/wallet/batches/calls-status.ts';
import { prepareBatch } from '../../src/client/wallet/batches/prepare.ts';
import { CallBatchProgress } from '../../src/client/wallet/batches/progress.ts';
import { provenAtomic } from '../../src/client/wallet/batches/atomic.ts';
import { CallBatchStore } from '../../src/storage/call-batches.ts';
import { parseSendCalls } from '../../src/wallet/send-calls.ts';
import { localVaultWork } from '../../src/wallet/keyring-changes.ts';
import { OpenedWindows } from '../support/opened-windows.ts';

export const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';

export interface DevnetWallet {
  session: L1Session;
  wallet: Wallet;
  repo: WalletRepo;
  /** Approval ids in the order their windows opened. */
  opened: string[];
  /** Approves the next window to open (waits for it). */
  approveNext(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The L1 session as the background builds it, following the devnet (settings and counters in
 * memory), its tasks in `runner` (this thread unless given: a benchmark passes worker threads).
 */
export async function sessionOnDevnet(info: DevnetInfo, options: { runner?: L1SessionDeps['runner']; onHead?: L1SessionDeps['onHead'] } = {}): Promise<L1Session> {
  const session = new L1Session(sessionDeps(sessionShared(), memoryPersistence(), { ...(options.runner ? { runner: options.runner } : {}), ...(options.onHead ? { onHead: options.onHead } : {}) }));
  await session.start();
  // With the devnet's own tokens, as "Add network" carries them from its well-known object into the profile.
  await session.settings.addNetwork(await session.settings.discoverNetwork({ beaconApi: info.beaconApi, executionRpc: info.executionRpc, ...(info.tokens ? { tokens: info.tokens } : {}) }));
  return session;
}

export async function walletOnDevnet(info: DevnetInfo): Promise<DevnetWallet> {
  const windows = new OpenedWindows();
  let wallet: Wallet | undefined;
  let progress: CallBatchProgress | undefined;
  const session = await sessionOnDevnet(info, { onHead: () => void wallet?.activity.track().catch(() => {}) });
  // As the app host names tokens on the user's own network: its profile's listed ones (the devnet's own).
  const knownTokens = () => ({ listed: session.profile()?.tokens ?? [] });
  const db = await openVigilDb({ name: `wallet-${randomBytes(4).toString('hex')}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const repo = new WalletRepo(db);
  wallet = new Wallet({
    repo,
    session: memorySessionStore(),
    random: (n) => new Uint8Array(randomBytes(n)),
    now: Date.now,
    openApproval: async (id) => windows.opened(id),
    chain: () => session.walletChain(),
    chainReader: () => session.activityReader(),
    network: () => {
      const p = session.profile();
      return p ? { id: p.id, chainId: p.chainId, name: p.label } : undefined;
    },
    networkForChain: (chainId) => session.settings.networkForChain(chainId),
    switchNetwork: (id) => session.settings.switchNetwork(id),
    emit: () => {},
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
    vaultWork: localVaultWork,
    checkSignIn: async (claim, origin, address) => checkSignIn(claim, origin, address, Date.now()),
    typedDataDigest: (typedData, chainId) => reviewTypedData(session.walletChain(), typedData, chainId),
    proveToken: (address, offered) => proveToken(session.walletChain()!, address, offered),
    readCalls: async (params) => parseSendCalls(params),
    prepareCalls: (origin, from, calls, pending, _toleranceBps, atomic) => {
      const chain = session.walletChain()!;
      const now = Math.floor(Date.now() / 1000);
      return prepareBatch({ chain, pending, now, simulate: async (requests) => (await previewAgainst(chain, requests, undefined, { now, knownTokens: knownTokens() })).effects }, origin, from, calls, { atomic: atomic === true });
    },
    atomic: (address, batch) => provenAtomic(session.walletChain(), address, batch),
    callsStatus: repoCallsStatus(repo, () => session.profile()?.chainId, () => session.activityReader()),
    // As the extension reads it from the network's profile: the devnet's pinned EIP-7702 delegate.
    delegator: () => info.delegator,
    delegationHost: delegationHost(() => session.walletChain()),
    advanceBatches: () => progress?.advance() ?? Promise.resolve(),
    // As the extension's app host: every transaction is simulated over proven state before the window, and again before it is signed.
    transactions: transactionHost({
      chain: () => session.walletChain(),
      preview: (chain, requests, against, options) => previewAgainst(chain, requests, against, { ...options, knownTokens: knownTokens(), ...(info.contracts?.uniswap ? { routers: new Set([info.contracts.uniswap.router]) } : {}) }),
    }),
  });
  // As the app host moves batches on, after each activity pass.
  const network = () => {
    const p = session.profile();
    return p ? { id: p.id, chainId: p.chainId, name: p.label } : undefined;
  };
  progress = new CallBatchProgress({
    batches: new CallBatchStore(db),
    repo,
    activity: wallet.activity,
    chain: () => session.walletChain(),
    network,
    now: Date.now,
    simulate: async (requests) => (await previewAgainst(session.walletChain()!, requests, undefined, { now: Math.floor(Date.now() / 1000), knownTokens: knownTokens() })).effects,
    remainders: (requests) => previewRemainders(session.walletChain()!, requests, { now: Math.floor(Date.now() / 1000), knownTokens: knownTokens() }),
  });
  await wallet.keyring.create({ password: 'correct horse battery', mnemonic: HARDHAT_MNEMONIC });
  const w = wallet;
  let answered = 0;
  return {
    session,
    wallet: w,
    repo,
    opened: windows.ids,
    async approveNext() {
      const index = answered++;
      const id = await windows.nth(index);
      await w.approvals.resolve(id, true);
    },
    stop: () => session.stop(),
  };
}
