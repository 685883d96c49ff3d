/**
 * The link between the service worker (the light client, the keyring, the provider's routing) and
 * the app host (rollup following, forced exits, the L2 wallet: ./app-host.ts). Each side asks the
 * other and serves the other's asks. Chrome: runtime messages between the service worker and the
 * offscreen document (a message to a stopped service worker wakes it). Firefox and Node tests:
 * both ends in one page, called directly. Either way every message crosses as JSON, with bigints
 * and byte arrays tagged (runtime messages are JSON in Chrome), so both transports carry exactly
 * the same values.
 *
 * Over runtime messages each end answers only its counterpart, named by what the browser says of
 * the sender (never by the message): the app host only Vigil's service worker, the service
 * worker's end only the offscreen document. A content script, another Vigil page (the popup, an
 * approval window) or another extension is refused ({@link isServiceWorkerSender},
 * {@link isOffscreenSender}).
 * @module
 */
import type Browser from 'webextension-polyfill';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { errorFromWire, errorToWire, type WireError } from '../workers/errors.ts';
import type { L1Snapshot } from '../client/rollups/session.ts';
import type { DiscoverNetwork } from '../client/network/discovery.ts';
import type { ErrorView } from '../client/light-client/session-status.ts';
import type { SignInClaim } from '../client/wallet/sign-in.ts';
import type { ExitL2TxRequest } from '../l2/exit-plan.ts';
import type { ReplacedStep } from '../client/exits/plan-runner.ts';
import type { BackgroundRequest } from './messages.ts';
import { sleep } from '../core/sleep.ts';
import type { HostPrepareOptions, HostRecheckOptions } from '../client/wallet/transaction-host.ts';
import type { CallRequestParams } from '../client/verified/execution.ts';
import type { BlockEnv } from '../execution/block-env.ts';
import type { UnsignedTransaction } from '../wallet/transaction.ts';
import type { DelegationAction, DelegationParams, DelegationPlan } from '../client/wallet/delegation/delegate.ts';
import type { ReplacementKind } from '../client/wallet/replacement.ts';
import type { ActivityRow } from '../storage/wallet.ts';
import type { ChainMethod } from '../provider/chain-methods.ts';
import type { FilterMethod, PageTarget, SubscriptionMethod } from '../provider/filter-methods.ts';
import type { NumberedPush } from '../provider/page-protocol.ts';
import type { QuotaSpend } from '../provider/quotas.ts';
import type { ProfileEdit, Settings } from '../client/network/settings.ts';
import type { PendingTransaction, RequestOrigin } from '../wallet/policy.ts';
import type { BatchCall } from '../wallet/send-calls.ts';
import type { AtomicBatchAsk } from '../wallet/call-batch.ts';
import type { KeyringChange, NewSecret } from '../wallet/keyring-changes.ts';
import type { ScryptParams } from '../wallet/vault.ts';
import type { TypedDataVersion } from '../wallet/typed-data.ts';

/** A salt, a nonce (0x hex) and the scrypt cost of a vault sealed anew. */
export type HexSealRandom = { salt: string; nonce: string; params?: ScryptParams };
export type VaultRequest =
  | { work: 'seal'; secret: NewSecret; password: string; random: HexSealRandom }
  | { work: 'reseal'; record: unknown; password: string; change: KeyringChange; nonce: string }
  | { work: 'rekey'; record: unknown; password: string; newPassword: string; random: HexSealRandom }
  | { work: 'open'; record: unknown; password: string }
  | { work: 'reveal'; record: unknown; password: string; phrase: number }
  /** A new phrase's words of the service worker's entropy (0x hex). */
  | { work: 'newMnemonic'; entropy: string };

/** The popup's requests the app host answers (the service worker passes them on). */
export const APP_POPUP_REQUESTS = ['vigil:wallet:balances', 'vigil:wallet:transfers', 'vigil:wallet:addToken', 'vigil:wallet:removeToken', 'vigil:wallet:resolveName', 'vigil:wallet:lookupAddress', 'vigil:wallet:l2Accounts', 'vigil:wallet:l2Deposit', 'vigil:wallet:l2Transfer', 'vigil:wallet:l2Transfers', 'vigil:exit:start', 'vigil:exit:allowFee', 'vigil:exit:abandon', 'vigil:exit:list', 'vigil:exit:routes', 'vigil:exit:balance'] as const;
export type AppPopupRequest = Extract<BackgroundRequest, { type: (typeof APP_POPUP_REQUESTS)[number] }>;

export function isAppPopupRequest(request: BackgroundRequest): request is AppPopupRequest {
  return (APP_POPUP_REQUESTS as readonly string[]).includes(request.type);
}

/** Which fee a lane asks (src/client/verified/execution-reader.ts ExecutionFees). */
export type FeeAsk = { fee: 'suggestedTip' } | { fee: 'tipChoice'; unattended: boolean } | { fee: 'feeHistory'; blockCount: number; newest: BlockEnv; rewardPercentiles?: number[] };

/** What the service worker asks the app host. */
export type AppRequest =
  /** The L1 session's network and heads; `newHead`: a new newest head (the rollups are read at it). Answers null. */
  | { type: 'app:adopt'; snapshot: L1Snapshot; newHead: boolean }
  /** The followed rollups' views for the popup's status (a first ask after a pause reads the rollups again). */
  | { type: 'app:rollups' }
  | { type: 'app:canRead' }
  /** A network's rollup configs, checked whole by their kinds before the service worker saves them (InputError if refused). */
  | { type: 'app:checkRollups'; configs: unknown[]; l1ChainId: number }
  /** "Add network": src/client/network/discovery.ts, run in the app host. */
  | { type: 'app:discoverNetwork'; request: Parameters<DiscoverNetwork>[0] }
  /** The profile a devnet's ready object or a previewed network (checked again) makes (src/client/network/preview.ts): a NetworkProfile, or the InputError. */
  | { type: 'app:profileOf'; network: unknown; from: 'ready' | 'preview' }
  /** The settings form's edit applied (src/client/network/settings.ts applyEdit): the new Settings, or the InputError. */
  | { type: 'app:applyEdit'; settings: Settings; edit: ProfileEdit }
  | { type: 'app:acceptedBatch'; chainId: number }
  | { type: 'app:balance'; chainId: number; address: string }
  /**
   * A page's chain method (src/provider/chain-call.ts) at the service worker's network and heads,
   * in this host's pages' lane: its answer, or the provider error its failure maps to; `budget` as
   * for a filter.
   */
  | { type: 'app:chain'; snapshot: L1Snapshot; origin: string; method: ChainMethod; params: unknown[]; budget?: Record<string, number> }
  /**
   * A lane's fees (src/client/verified/chain-execution.ts) at the service worker's network and heads: the
   * tip (a bigint), the wallet's tip choice (a TipChoice) or eth_feeHistory's object.
   */
  | { type: 'app:fees'; snapshot: L1Snapshot; lane: 'wallet' | 'pages'; ask: FeeAsk }
  /** A page's polling-filter method (src/provider/filters.ts): its answer or its ProviderRpcError; `budget`: the origin's quota levels in the service worker now. */
  | { type: 'app:filter'; origin: string; method: FilterMethod; params: unknown[]; budget?: Record<string, number> }
  /** A page's eth_subscribe / eth_unsubscribe (src/provider/subscriptions.ts): as a filter method. */
  | { type: 'app:subscribe'; origin: string; page: PageTarget; method: SubscriptionMethod; params: unknown[]; budget?: Record<string, number> }
  | { type: 'app:exitsOf'; owners: string[] }
  /** A page's ENS name for vigil_getVerifiedBalance (src/provider/page-name.ts): a PageName, or the ProviderRpcError the page gets. */
  | { type: 'app:pageName'; name: string }
  /** A personal message that claims to be a sign-in, checked for the page asking (src/client/wallet/sign-in.ts): a SignInVerdict. */
  | { type: 'app:checkSignIn'; claim: SignInClaim; origin: string; address: string }
  /** eth_signTypedData_v4's (or _v3's: `version`) typed data parsed and hashed for the verified chain (wallet/typed-data.ts): a TypedDataDigest. */
  | { type: 'app:typedDataDigest'; typedData: unknown; chainId: bigint; version?: TypedDataVersion }
  /** A token's own symbol and decimals proven at the newest head, checked against what was offered (src/client/wallet/token-proof.ts). */
  | { type: 'app:proveToken'; address: string; offered: { symbol?: unknown; decimals?: unknown } }
  /**
   * A transaction filled from verified state at the service worker's signing head and simulated for
   * its window (src/client/wallet/transaction-host.ts prepare): a HostPrepared, or its WalletError.
   */
  | { type: 'app:prepareTransaction'; snapshot: L1Snapshot; params: Record<string, unknown>; options: HostPrepareOptions }
  /** At approval: the sender proven again and the transactions simulated again (src/client/wallet/transaction-host.ts recheck): a HostRecheck. */
  | { type: 'app:recheckTransactions'; snapshot: L1Snapshot; from: string; txs: UnsignedTransaction[]; options: HostRecheckOptions }
  /** The popup's EIP-7702 delegation planned at the service worker's signing head (src/client/wallet/delegation/delegate.ts): a DelegationPlan, or its WalletError. */
  | { type: 'app:planDelegation'; snapshot: L1Snapshot; params: DelegationParams }
  /** The delegation estimated and simulated with its authorization unsigned (signed in the service worker only once approved): a PreparedDelegation. */
  | { type: 'app:prepareDelegation'; snapshot: L1Snapshot; plan: DelegationPlan; now: number }
  /** The account's delegation proven at the signing head, held to what was asked: an AccountDelegation. */
  | { type: 'app:confirmDelegation'; snapshot: L1Snapshot; from: string; action: DelegationAction; delegate: string; now: number }
  /** A page's verified eth_call / eth_estimateGas / eth_createAccessList / eth_simulateV1 at a verified block, run in this host's pages' lane (src/client/verified/execution.ts): a VerifiedCallResult. */
  | { type: 'app:run'; params: CallRequestParams }
  /** A page's wallet_sendCalls request read and checked (src/wallet/send-calls.ts): a CallBatchRequest, or its WalletError. */
  | { type: 'app:readCalls'; params: unknown }
  /** A batch's calls prepared and simulated for its window (src/client/wallet/batches/prepare.ts): a PreparedBatch, or its WalletError. */
  | { type: 'app:prepareCalls'; origin: RequestOrigin; from: string; calls: BatchCall[]; pending: PendingTransaction[]; toleranceBps?: number; atomic?: boolean }
  /** After an activity pass (and a batch's approval): the open batches moved on (src/client/wallet/batches/progress.ts). Answers null. */
  | { type: 'app:advanceBatches' }
  /** Whether an account (and `batch` of it) runs atomically, proven at the service worker's signing head (src/client/wallet/batches/atomic.ts provenAtomic): a boolean, or its WalletError. */
  | { type: 'app:atomic'; snapshot: L1Snapshot; address: string; batch: AtomicBatchAsk | undefined }
  /** wallet_getCallsStatus (src/client/wallet/batches/calls-status.ts), over the wallet's tables and this host's verified receipts. */
  | { type: 'app:callsStatus'; origin: string; id: string }
  /** A speed-up or cancel built from a pending row's bytes, priced at the signing head (src/client/wallet/transaction-host.ts replacement): a Replacement. */
  | { type: 'app:replacement'; snapshot: L1Snapshot; row: ActivityRow; kind: ReplacementKind; now: number }
  /** The devnet at its well-known local URL or at `at` (what the user typed), or null (src/client/network/local-devnet.ts). */
  | { type: 'app:findLocalDevnet'; at?: string }
  /** The fork epochs a built-in network's beacon APIs announce that this release leaves open (src/client/network/announced-schedule.ts). */
  | { type: 'app:announcedSchedule'; id: string; beaconApis: string[] }
  /** The keepalive alarm: exits move on. */
  | { type: 'app:tick' }
  /**
   * The keyring session's vault work (src/wallet/keyring-changes.ts VaultWork): the password, the
   * keyring's unlocked keys and a phrase shown again cross here; random bytes as 0x hex.
   */
  | ({ type: 'app:vault' } & VaultRequest)
  | { type: 'app:popup'; request: AppPopupRequest };

/** What the app host asks the service worker (the keyring, the signing policy and notifications stay there). */
export type LinkRequest =
  | { type: 'link:snapshot' }
  /** An exit step's L1 transaction, its fees bounded as signed with no window (`maxCost`: what the user allowed for it). */
  | { type: 'link:sign'; tx: { from: string; to: string; value: bigint; data: string; summary: string; maxCost?: bigint; replaces?: ReplacedStep } }
  | { type: 'link:signL2'; from: string; tx: ExitL2TxRequest }
  | { type: 'link:broadcast'; raw: string }
  | { type: 'link:addresses' }
  /** The keyring's accounts as its state says them (addresses, kinds, places, the names the user gave): what the words may call the user's own (src/client/wallet/names/own-names.ts). */
  | { type: 'link:accounts' }
  | { type: 'link:l2Secret'; address: string; rollupChainId: number }
  | { type: 'link:send'; params: { from: string; to: string; value: string; data: string } }
  | { type: 'link:notify'; id: string; title: string; message: string }
  /** A page's subscription pushes, in order: true when its bridge took them, false when it is gone. */
  | { type: 'link:push'; page: PageTarget; messages: NumberedPush[] }
  /** A complaint for the popup's status (an endpoint's lie, a rollup config that no longer parses). */
  | { type: 'link:error'; error: Omit<ErrorView, 'at' | 'severity'> }
  /** What pages' chain reads, filters and subscriptions spent of their origins' quotas here: charged to the one budget the service worker keeps (src/provider/quotas.ts). */
  | { type: 'link:spent'; spends: QuotaSpend[] };

/** One end of the link: asks the other end, serves what it is asked. */
export interface LinkEnd<Ask, Serve> {
  request(message: Ask): Promise<unknown>;
  serve(handler: (message: Serve) => Promise<unknown>): void;
}

export type BackgroundEnd = LinkEnd<AppRequest, LinkRequest>;
export type AppEnd = LinkEnd<LinkRequest, AppRequest>;

type Reply = { ok: true; result: unknown } | { ok: false; error: WireError };

/** A value as JSON can carry it: bigints and byte arrays tagged, everything else as is. */
export function toLinkJson(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: bytesToHex(value) };
  if (Array.isArray(value)) return value.map(toLinkJson);
  if (value instanceof Map) throw new TypeError('a Map cannot cross the link: send an array of entries');
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toLinkJson(v);
    return out;
  }
  return value;
}

export function fromLinkJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromLinkJson);
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.$bigint === 'string') return BigInt(o.$bigint);
    if (keys.length === 1 && typeof o.$bytes === 'string') return hexToBytes(o.$bytes);
    return Object.fromEntries(keys.map((k) => [k, fromLinkJson(o[k])]));
  }
  return value;
}

async function answer(handler: ((message: any) => Promise<unknown>) | undefined, message: unknown): Promise<Reply> {
  if (handler === undefined) return { ok: false, error: { name: 'VigilError', code: 'NOT_AVAILABLE', message: 'the other end of the link serves nothing yet' } };
  try {
    return { ok: true, result: JSON.parse(JSON.stringify(toLinkJson((await handler(fromLinkJson(JSON.parse(JSON.stringify(message))))) ?? null))) };
  } catch (err) {
    return { ok: false, error: errorToWire(err) };
  }
}

function unwrap(reply: Reply, what: string): unknown {
  if (reply.ok) return fromLinkJson(reply.result);
  throw errorFromWire(reply.error, what);
}

/**
 * Both ends in one page (Firefox's background page, Node tests): direct calls, the same JSON on the
 * way. With `loadApp` (Firefox: app.js is put on the page when first asked for, so a wake parses
 * only background.js), the background's first ask loads the app host and waits until it serves;
 * without it, an ask before the app serves is answered NOT_AVAILABLE.
 */
export function inPageLink(loadApp?: () => Promise<void>): { background: BackgroundEnd; app: AppEnd } {
  let toApp: ((m: AppRequest) => Promise<unknown>) | undefined;
  let toBackground: ((m: LinkRequest) => Promise<unknown>) | undefined;
  let served!: () => void;
  const serving = new Promise<void>((resolve) => (served = resolve));
  let loading: Promise<void> | undefined;
  const ready = async () => {
    if (loadApp === undefined || toApp !== undefined) return;
    loading ??= loadApp().catch((err: unknown) => {
      loading = undefined; // the next ask tries again
      throw errorFromWire({ name: 'VigilError', code: 'NOT_AVAILABLE', message: `the app host did not load: ${err instanceof Error ? err.message : String(err)}` }, 'app host');
    });
    await loading;
    await serving;
  };
  return {
    background: {
      request: async (m) => {
        await ready();
        return unwrap(await answer(toApp, toLinkJson(m)), m.type);
      },
      serve: (h) => void (toBackground = h),
    },
    app: {
      request: async (m) => unwrap(await answer(toBackground, toLinkJson(m)), m.type),
      serve: (h) => {
        toApp = h;
        served();
      },
    },
  };
}

const TO_APP = 'vigil-app';
const TO_BACKGROUND = 'vigil-background';

/** The service worker's script and the offscreen document, as extension/manifest.json and ./offscreen-runner.ts name them. */
export const SERVICE_WORKER_PATH = 'background.js';
export const OFFSCREEN_PATH = 'offscreen.html';

/** What the browser says of a message's sender, as far as these checks read it (runtime.MessageSender; documentId is Chrome's). */
interface Sender {
  id?: string;
  url?: string;
  tab?: unknown;
  frameId?: number;
  documentId?: string;
  origin?: string;
}

/** The extension's own runtime, as far as a sender check needs it. */
type OwnRuntime = Pick<Browser.Runtime.Static, 'getURL'> & { id?: string };

/** `url` without its query and fragment is this extension's page `path`. */
function isOwnPage(runtime: OwnRuntime, url: string, path: string): boolean {
  return url.split(/[?#]/, 1)[0] === runtime.getURL(path);
}

/** From this extension, in no tab (a content script, and an extension page opened in a tab, have one). */
function ownAndTabless(runtime: OwnRuntime, sender: Sender): boolean {
  return sender.tab === undefined && (runtime.id === undefined || sender.id === runtime.id);
}

/**
 * The sender is this extension's service worker: its script's URL, or (Chrome before 140 names no
 * URL for a worker) no URL and no document at all, which only a worker of the extension is (every
 * page, frame and content script has a URL, and Chrome gives each document an id).
 */
export function isServiceWorkerSender(runtime: OwnRuntime, sender: Sender | undefined): boolean {
  if (sender === undefined || !ownAndTabless(runtime, sender)) return false;
  if (sender.url === undefined) return sender.documentId === undefined && sender.frameId === undefined && (sender.origin === undefined || `${sender.origin}/` === runtime.getURL(''));
  return isOwnPage(runtime, sender.url, SERVICE_WORKER_PATH);
}

/** The sender is this extension's offscreen document (the app host in Chrome). */
export function isOffscreenSender(runtime: OwnRuntime, sender: Sender | undefined): boolean {
  return sender !== undefined && ownAndTabless(runtime, sender) && sender.url !== undefined && isOwnPage(runtime, sender.url, OFFSCREEN_PATH);
}

/**
 * One end over runtime messages. `before` runs before each ask (the service worker makes sure
 * the offscreen document exists); an ask nobody answers yet (a document still loading) is tried
 * again for up to about two seconds.
 */
export function runtimeLink<Ask extends { type: string }, Serve>(runtime: Browser.Runtime.Static, side: 'background' | 'app', before?: () => Promise<void>): LinkEnd<Ask, Serve> {
  const target = side === 'background' ? TO_APP : TO_BACKGROUND;
  const mine = side === 'background' ? TO_BACKGROUND : TO_APP;
  return {
    async request(message) {
      const wire = { target, message: toLinkJson(message) };
      for (let attempt = 0; ; attempt++) {
        await before?.();
        let reply: Reply | undefined;
        try {
          reply = (await runtime.sendMessage(wire)) as Reply | undefined;
        } catch (err) {
          if (attempt >= 20) throw err;
        }
        if (reply !== undefined) return unwrap(reply, message.type);
        if (attempt >= 20) throw errorFromWire({ name: 'VigilError', code: 'NOT_AVAILABLE', message: `no answer to ${message.type} over the link` }, message.type);
        await sleep(100);
      }
    },
    serve(handler) {
      // Only the other end speaks on the link: the app host hears the service worker, the service worker the offscreen document.
      const fromCounterpart = side === 'app' ? isServiceWorkerSender : isOffscreenSender;
      runtime.onMessage.addListener((m: unknown, sender: Browser.Runtime.MessageSender): Promise<Reply> | undefined => {
        if (!isLinkMessage(m, mine)) return undefined;
        if (!fromCounterpart(runtime, sender)) {
          return Promise.resolve({ ok: false, error: { name: 'VigilError', code: 'FORBIDDEN', message: side === 'app' ? "only Vigil's service worker speaks to the app host" : "only Vigil's offscreen document speaks to the service worker on the link" } });
        }
        return answer(handler as (message: unknown) => Promise<unknown>, m.message);
      });
    },
  };
}

export function isLinkMessage(value: unknown, target?: string): value is { target: string; message: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const t = (value as { target?: unknown }).target;
  return (target === undefined ? t === TO_APP || t === TO_BACKGROUND : t === target) && 'message' in value;
}
