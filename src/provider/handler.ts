/**
 * The EIP-1193 request handling of the read side: every state value a dApp gets is proven
 * against an execution header the light client verified, or the request fails with -32099 and
 * `data.code` (the VerificationError's code). Never a value that did not verify.
 *
 * Block tags: `latest` and `pending` are the newest verified (optimistic) head; `finalized` and
 * `safe` the finalized head; an explicit number or an EIP-1898 `{blockNumber}`/`{blockHash}`
 * only when that header is one Vigil verified, else `BLOCK_NOT_VERIFIED`.
 * @module
 */
import { type CallBlock, callBlockAt, callBlockOf, type ExecutionReader } from '../client/verified/execution-reader.ts';
import type { VerifiedHeadInfo, VerifiedHeads } from '../client/light-client/session-status.ts';
import type { AccountReadResult } from '../client/verified/reads.ts';
import { bigIntToHex, hexToBigInt, hexToBytes, isHex } from '../core/bytes.ts';
import { InputError, TransportError, VerificationError, VigilError } from '../core/errors.ts';
import { CHAIN_METHODS, isChainMethod } from './chain-methods.ts';
import type { ChainCall } from './chain-call.ts';
import { FILTER_METHODS, type FilterCall, isFilterMethod, isSubscriptionMethod, type PageTarget, SUBSCRIPTION_METHODS, type SubscriptionCall } from './filter-methods.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';
import { EXECUTION_METHODS, handleExecutionMethod, isExecutionMethod } from './execution-methods.ts';
import type { OriginRegistry } from './origins.ts';
import { WalletError } from '../wallet/errors.ts';
import { handleWalletMethod, isWalletMethod, WALLET_METHODS, type WalletBackend, walletProviderError } from './wallet-methods.ts';
import { chainOption, handleL2Method, L1_SIGNING_METHODS, type L2Backend } from './l2-methods.ts';
import { type Meter, meteredExecution, meteredWallet } from './metered-reads.ts';
import { OriginQuotas, QuotaError } from './quotas.ts';
import { looksLikeName } from '../wallet/ens/looks-like-name.ts';
import { recoverPersonalMessageAddress } from '../wallet/personal-message.ts';
import type { PageName } from './page-name.ts';

export type { L2Backend, L2VerifiedBalance } from './l2-methods.ts';
export type { PageName } from './page-name.ts';
/** Declared in the client (the application builds them); here for the importers of the provider. */
export type { VerifiedHeadInfo, VerifiedHeads } from '../client/light-client/session-status.ts';

export interface AccountReadRequest {
  head: VerifiedHeadInfo;
  address: string;
  storageKeys: string[];
  code: boolean;
}

export interface VerificationFailure {
  origin: string;
  method: string;
  code: string;
  message: string;
}

/** What request handling needs from the background: the chain, its verified heads, proven reads. */
export interface ProviderBackend {
  /** The current network's chain id, or undefined when no network is set up. */
  chainId(): number | undefined;
  verifiedHeads(): VerifiedHeads;
  /** Fetches and verifies an account proof at `head`. Throws VerificationError / TransportError. */
  readAccount(request: AccountReadRequest): Promise<AccountReadResult>;
  now(): number;
  onVerificationFailure?(failure: VerificationFailure): void;
  /** Calls, estimates, fees and broadcast for the current network, when it has execution RPCs. */
  execution?(): ExecutionReader | undefined;
  /** Blocks, transactions, receipts and logs (./chain-call.ts: here, or where the chain's reads run), when the network has execution RPCs. */
  chain?(): ChainCall | undefined;
  /** Accounts, permissions and signing; absent, the provider is read-only. */
  wallet?(): WalletBackend | undefined;
  /** The current network's followed rollups; absent or undefined when it follows none. */
  l2?(): L2Backend | undefined;
  /** Pages' polling filters (./filters.ts, run where the verified L1 reads are); absent: not served. */
  filters?(): FilterCall | undefined;
  /** Pages' subscriptions (./subscriptions.ts, beside the filters); absent: not served. */
  subscriptions?(): SubscriptionCall | undefined;
  /**
   * An ENS name's address by verified call, no gateway asked, its refusals as the page's errors
   * (./page-name.ts, where the names are: the extension's app host); absent: names are not taken.
   */
  resolveName?(name: string): Promise<PageName>;
}

/** Account proofs one name's resolution is charged (a UniversalResolver call proves a dozen accounts or so). */
const NAME_PROOFS = 20;

export interface ProviderRequest {
  method: string;
  params?: unknown;
}

export interface VerifiedBalance {
  balance: string;
  blockNumber: number;
  blockHash: string;
  stateRoot: string;
  beaconSlot: number;
  finalized: boolean;
  chainId: string;
  verifiedAt: number;
  headAgeSeconds: number;
}

export const SUPPORTED_METHODS = [
  'eth_chainId',
  'net_version',
  'eth_blockNumber',
  'eth_getBalance',
  'eth_getTransactionCount',
  'eth_getCode',
  'eth_getStorageAt',
  'vigil_getVerifiedBalance',
  'vigil_getExitStatus',
  'personal_ecRecover',
  ...WALLET_METHODS,
  ...EXECUTION_METHODS,
  ...CHAIN_METHODS,
  ...FILTER_METHODS,
  ...SUBSCRIPTION_METHODS,
] as const;

export interface RequestHandlerOptions {
  /** Each origin's quotas on the reads that cost the user's endpoints (./quotas.ts); default quotas unless given. */
  quotas?: OriginQuotas;
}

/**
 * @example
 * const handle = createRequestHandler(backend, origins);
 * await handle('https://app.example', { method: 'eth_getBalance', params: [address, 'latest'] });
 */
export function createRequestHandler(backend: ProviderBackend, origins?: OriginRegistry, options: RequestHandlerOptions = {}) {
  const quotas = options.quotas ?? new OriginQuotas();
  /** `requestKey`: the page request's identity across resends (see WalletRequestContext); `page`: where subscriptions push. */
  return async function handleRequest(origin: string, request: ProviderRequest, requestKey?: string, page?: PageTarget): Promise<unknown> {
    origins?.touch(origin);
    const method = request?.method;
    if (typeof method !== 'string') throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'expected { method: string, params? }');
    // EIP-747's wallet_watchAsset takes its object as params itself.
    const raw = request.params === undefined ? [] : request.params;
    const params = method === 'wallet_watchAsset' && typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? [raw] : raw;
    if (!Array.isArray(params)) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${method}: params expected an array`);
    try {
      const meter: Meter = { quotas, origin, now: () => backend.now() };
      return await dispatch(backend, origins, meter, { origin, ...(requestKey !== undefined ? { requestKey } : {}) }, method, params, page);
    } catch (err) {
      const mapped = toProviderError(err);
      if (mapped.code === RpcErrorCode.VERIFICATION_FAILED && typeof mapped.data === 'object') {
        backend.onVerificationFailure?.({ origin, method, code: mapped.data.code, message: mapped.message });
      }
      throw mapped;
    }
  };
}

async function dispatch(
  backend: ProviderBackend,
  origins: OriginRegistry | undefined,
  meter: Meter,
  ctx: { origin: string; requestKey?: string },
  method: string,
  params: unknown[],
  page?: PageTarget,
): Promise<unknown> {
  const { origin } = ctx;
  // A page's sends are charged as they are refused (./metered-reads.ts).
  const unmetered = backend.wallet?.();
  const wallet = unmetered === undefined ? undefined : meteredWallet(unmetered, meter);
  const l2 = backend.l2?.();
  if (method === 'personal_ecRecover') return ecRecover(params);
  if (method === 'vigil_getExitStatus') {
    // The page's own accounts only: an exit says who holds what where.
    const accounts = wallet ? await wallet.accounts(origin) : [];
    return accounts.length === 0 || !l2 ? [] : l2.exits(accounts);
  }
  if (l2?.active !== undefined) {
    // Pages see a rollup: accounts and chain switches as ever, nothing signed for L1.
    if (wallet !== undefined && isWalletMethod(method) && !L1_SIGNING_METHODS.has(method)) return handleWalletMethod(wallet, ctx, method, params);
    return handleL2Method(l2, l2.active, method, params);
  }
  if (wallet !== undefined && isWalletMethod(method)) return handleWalletMethod(wallet, ctx, method, params);
  switch (method) {
    case 'eth_chainId':
      return bigIntToHex(chainId(backend));
    case 'net_version':
      return String(chainId(backend));
    case 'eth_blockNumber':
      chainId(backend);
      return bigIntToHex(newestHead(backend).blockNumber);
    case 'eth_accounts':
      return origins?.accounts(origin) ?? [];
    case 'eth_requestAccounts':
      throw new ProviderRpcError(RpcErrorCode.UNAUTHORIZED, 'Vigil has no accounts yet: the wallet is not set up');
    case 'wallet_getPermissions':
      return [];
    case 'eth_getBalance': {
      const [address, tag] = expectParams(method, params, 1, 2);
      return (await read(backend, meter, address, tag, [], false)).account.balance;
    }
    case 'eth_getTransactionCount': {
      const [address, tag] = expectParams(method, params, 1, 2);
      return (await read(backend, meter, address, tag, [], false)).account.nonce;
    }
    case 'eth_getCode': {
      const [address, tag] = expectParams(method, params, 1, 2);
      return (await read(backend, meter, address, tag, [], true)).account.code ?? '0x';
    }
    case 'eth_getStorageAt': {
      const [address, slot, tag] = expectParams(method, params, 2, 3);
      const key = storageKey(slot);
      const { account } = await read(backend, meter, address, tag, [key], false);
      return account.storage[0]!.value;
    }
    case 'vigil_getVerifiedBalance': {
      const [given, option] = expectParams(method, params, 1, 2);
      // An ENS name: its proven address (the name goes beside it in the answer).
      const named = backend.resolveName && typeof given === 'string' && looksLikeName(given) ? await pageName(backend.resolveName, meter, given) : undefined;
      const address = named?.address ?? given;
      // `{ chainId }` of a followed rollup: the L2 balance proven from L1; of this network: as a tag.
      const asked = chainOption(option);
      if (asked !== undefined && asked !== chainId(backend)) {
        if (!l2?.has(asked)) throw new ProviderRpcError(RpcErrorCode.CHAIN_DISCONNECTED, `Vigil follows no rollup with chain id ${bigIntToHex(BigInt(asked))} on this network`);
        return handleL2Method(l2, asked, method, [address]);
      }
      const tag = asked !== undefined ? (option as { blockTag?: unknown }).blockTag : option;
      const { head, account } = await read(backend, meter, address, tag, [], false);
      const now = backend.now();
      const newest = newestHead(backend);
      const result: VerifiedBalance = {
        balance: account.balance,
        blockNumber: head.blockNumber,
        blockHash: head.blockHash,
        stateRoot: head.stateRoot,
        beaconSlot: head.slot,
        finalized: head.finalized,
        chainId: bigIntToHex(chainId(backend)),
        verifiedAt: now,
        headAgeSeconds: Math.max(0, Math.round(now / 1000 - newest.timestamp)),
      };
      return named === undefined ? result : { ...result, name: named.name, nameProvenance: named.provenance, nameBlockNumber: Number(named.at.blockNumber) };
    }
    default:
      if (isExecutionMethod(method)) {
        chainId(backend);
        const reader = meteredExecution(executionReader(backend), meter);
        return handleExecutionMethod(reader, (tag) => blockFor(backend, reader, tag), method, params);
      }
      if (isChainMethod(method)) {
        chainId(backend);
        const chain = backend.chain?.();
        if (!chain) throw noExecutionRpc();
        return chain(meter, method, params);
      }
      if (isFilterMethod(method)) {
        chainId(backend);
        const filters = backend.filters?.();
        if (!filters) throw noExecutionRpc();
        return filters(origin, method, params);
      }
      if (isSubscriptionMethod(method)) {
        chainId(backend);
        const subscriptions = backend.subscriptions?.();
        // No page to push to (a caller over HTTP): polling filters serve it.
        if (!subscriptions || page === undefined) throw new ProviderRpcError(RpcErrorCode.UNSUPPORTED_METHOD, `${method}: no page to push to here (use eth_newFilter)`);
        return subscriptions(origin, page, method, params);
      }
      throw new ProviderRpcError(RpcErrorCode.UNSUPPORTED_METHOD, `Vigil does not support ${method.slice(0, 80)} yet`);
  }
}

/** A page's ENS name (./page-name.ts, where the names are), charged to its origin first. */
function pageName(resolve: (name: string) => Promise<PageName>, meter: Meter, name: string): Promise<PageName> {
  meter.quotas.take(meter.origin, 'accountProofs', NAME_PROOFS, meter.now());
  return resolve(name);
}

function executionReader(backend: ProviderBackend): ExecutionReader {
  const reader = backend.execution?.();
  if (!reader) throw noExecutionRpc();
  return reader;
}

/** EIP-1193's 4900: no execution RPC on this network to prove anything with. */
export function noExecutionRpc(): ProviderRpcError {
  return new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil has no execution RPC for this network yet: nothing can be proven');
}

/**
 * The block a call runs in: a verified head, or an older block whose header links to one by
 * parent hashes (BLOCK_NOT_VERIFIED above the newest head or past the walk bound).
 */
async function blockFor(backend: ProviderBackend, reader: ExecutionReader, tag: unknown): Promise<CallBlock> {
  try {
    return callBlockAt(resolveBlock(backend, tag));
  } catch (err) {
    let ref: ReturnType<typeof blockRefOf>;
    try {
      ref = blockRefOf(tag);
    } catch (bad) {
      // A block parameter that is no quantity or hash ("0x"): the page's mistake, not a failed verification.
      if (bad instanceof InputError) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `block: ${bad.shortMessage}`);
      throw bad;
    }
    if (!(err instanceof VerificationError) || err.code !== 'BLOCK_NOT_VERIFIED' || ref === undefined || reader.envOfBlock === undefined) throw err;
    return callBlockOf(await reader.envOfBlock(ref));
  }
}

function blockRefOf(tag: unknown): { number: bigint } | { hash: Uint8Array } | undefined {
  if (typeof tag === 'string' && isHex(tag) && tag.length <= 18) return { number: hexToBigInt(tag, 'block number') };
  if (typeof tag === 'object' && tag !== null) {
    const t = tag as { blockNumber?: unknown; blockHash?: unknown };
    if (isHex(t.blockNumber)) return { number: hexToBigInt(t.blockNumber, 'blockNumber') };
    if (isHex(t.blockHash) && t.blockHash.length === 66) return { hash: hexToBytes(t.blockHash, 32, 'blockHash') };
  }
  return undefined;
}

function chainId(backend: ProviderBackend): number {
  const id = backend.chainId();
  if (id === undefined) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil is not connected to any network yet');
  return id;
}

function newestHead(backend: ProviderBackend): VerifiedHeadInfo {
  const { optimistic, finalized } = backend.verifiedHeads();
  const head = optimistic ?? finalized;
  if (head === undefined) {
    throw new VerificationError('NO_VERIFIED_HEAD', 'the light client has not verified any head of this network yet');
  }
  return head;
}

/** An account proven at a verified head, its proof (and slots, and code) charged to the page's origin first. */
async function read(backend: ProviderBackend, meter: Meter, address: unknown, tag: unknown, storageKeys: string[], code: boolean) {
  const addr = expectAddress(address);
  chainId(backend);
  const head = resolveBlock(backend, tag ?? 'latest');
  meter.quotas.take(meter.origin, 'accountProofs', 1 + storageKeys.length + (code ? 1 : 0), meter.now());
  const account = await backend.readAccount({ head, address: addr, storageKeys, code });
  return { head, account };
}

/** The verified head a block tag names; BLOCK_NOT_VERIFIED for a block Vigil has not verified. */
export function resolveBlock(backend: Pick<ProviderBackend, 'verifiedHeads'>, tag: unknown): VerifiedHeadInfo {
  const heads = backend.verifiedHeads();
  const all = [heads.optimistic, heads.finalized, ...heads.recent].filter((h): h is VerifiedHeadInfo => h !== undefined);
  const none = () => new VerificationError('NO_VERIFIED_HEAD', 'the light client has not verified any head of this network yet');
  if (tag === 'latest' || tag === 'pending') {
    const head = heads.optimistic ?? heads.finalized;
    if (!head) throw none();
    return head;
  }
  if (tag === 'finalized' || tag === 'safe') {
    if (!heads.finalized) throw none();
    return heads.finalized;
  }
  let byNumber: bigint | undefined;
  let byHash: string | undefined;
  if (typeof tag === 'string' && isHex(tag) && tag.length <= 18) byNumber = blockNumberParam(tag, 'block number');
  else if (tag === 'earliest') byNumber = 0n;
  else if (typeof tag === 'object' && tag !== null && 'blockNumber' in tag && isHex((tag as { blockNumber: unknown }).blockNumber)) {
    byNumber = blockNumberParam((tag as { blockNumber: string }).blockNumber, 'blockNumber');
  } else if (typeof tag === 'object' && tag !== null && 'blockHash' in tag) {
    byHash = bytesHex((tag as { blockHash: unknown }).blockHash, 32, 'blockHash');
  } else {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `expected a block tag, number or {blockHash}, got ${JSON.stringify(tag)?.slice(0, 80)}`);
  }
  const found = all.find((h) => (byHash !== undefined ? h.blockHash === byHash : BigInt(h.blockNumber) === byNumber));
  if (found) return found;
  if (all.length === 0) throw none();
  const newest = all.reduce((a, b) => (b.blockNumber > a.blockNumber ? b : a));
  throw new VerificationError('BLOCK_NOT_VERIFIED', 'the light client has not verified that block header', {
    expected: `a verified block (latest ${newest.blockNumber}, finalized ${heads.finalized?.blockNumber ?? 'none'})`,
    got: byHash ?? String(byNumber),
  });
}

/** A page's block number ("0x" is hex but no number): its InputError is the page's mistake (-32602), not a server's. */
function blockNumberParam(value: string, title: string): bigint {
  try {
    return hexToBigInt(value, title);
  } catch (err) {
    if (err instanceof InputError) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, err.shortMessage);
    throw err;
  }
}

/**
 * personal_ecRecover: who made a personal_sign signature (dApps check one with it). No key, no
 * chain: answered on any network, lowercase as MetaMask and geth answer it.
 */
function ecRecover(params: unknown[]): string {
  const [message, signature] = expectParams('personal_ecRecover', params, 2, 2);
  try {
    return recoverPersonalMessageAddress(message, signature).toLowerCase();
  } catch (err) {
    // The page's message or signature, not a server's answer: its mistake (toProviderError reads an InputError as a server's).
    if (err instanceof InputError) throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `personal_ecRecover: ${err.shortMessage}`);
    throw err;
  }
}

function expectParams(method: string, params: unknown[], min: number, max: number): unknown[] {
  if (params.length < min || params.length > max) {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${method}: expected ${min === max ? min : `${min} to ${max}`} params, got ${params.length}`);
  }
  return params;
}

function expectAddress(value: unknown): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `expected a 20-byte 0x-hex address, got ${JSON.stringify(value)?.slice(0, 60)}`);
  }
  return value.toLowerCase();
}

function storageKey(value: unknown): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(value)) {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `expected a storage slot as 0x-hex of at most 32 bytes, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  // Nodes differ on short keys (some refuse an odd number of digits): always ask for 32 bytes.
  return '0x' + value.slice(2).toLowerCase().padStart(64, '0');
}

function bytesHex(value: unknown, length: number, title: string): string {
  try {
    return '0x' + Array.from(hexToBytes(value, length, title), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${title} expected ${length} bytes of 0x-hex`);
  }
}

/** Any error as the EIP-1193 error a dApp gets. */
export function toProviderError(err: unknown): ProviderRpcError {
  if (err instanceof ProviderRpcError) return err;
  if (err instanceof WalletError) return walletProviderError(err);
  if (err instanceof QuotaError) {
    return new ProviderRpcError(RpcErrorCode.LIMIT_EXCEEDED, `limit exceeded: ${err.shortMessage}`, { code: err.code, resource: err.resource, retryAfterMs: err.retryAfterMs });
  }
  if (err instanceof VerificationError) {
    return new ProviderRpcError(RpcErrorCode.VERIFICATION_FAILED, `Vigil could not verify the answer: ${err.shortMessage}`, { code: err.code });
  }
  if (err instanceof TransportError) {
    return new ProviderRpcError(RpcErrorCode.INTERNAL, `no execution RPC answered: ${err.shortMessage}`, { code: err.code });
  }
  if (err instanceof InputError) {
    // Our parameters were checked above: malformed data here came from a server.
    return new ProviderRpcError(RpcErrorCode.VERIFICATION_FAILED, `Vigil could not verify the answer: ${err.shortMessage}`, { code: err.code });
  }
  if (err instanceof VigilError) {
    return new ProviderRpcError(RpcErrorCode.INTERNAL, err.shortMessage, { code: String(err.code) });
  }
  return new ProviderRpcError(RpcErrorCode.INTERNAL, 'internal error');
}
