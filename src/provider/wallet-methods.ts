/**
 * The write side of the provider: accounts and permissions (EIP-1102, EIP-2255), chains
 * (EIP-3085, EIP-3326), signing (eth_sendTransaction, personal_sign, eth_signTypedData_v4 and _v3),
 * wallet_watchAsset (EIP-747) and call batches (EIP-5792: wallet_getCapabilities, wallet_sendCalls,
 * wallet_getCallsStatus). This module checks the shape of what a page sends and hands it to
 * the wallet (src/client/wallet/requests.ts, through {@link WalletBackend}); the wallet decides
 * (approval windows, the signing policy) and signs, and its typed errors become EIP-1193 errors
 * here ({@link walletProviderError}).
 * @module
 */
import type { WalletError } from '../wallet/errors.ts';
import type { TypedDataVersion } from '../wallet/typed-data.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';

/** EIP-2255's permission object. */
export interface Eip2255Permission {
  invoker: string;
  parentCapability: 'eth_accounts';
  caveats: { type: 'restrictReturnedAccounts'; value: string[] }[];
  date: number;
}

/** Who asks: the page's origin, and a key naming this request across service-worker restarts. */
export interface WalletRequestContext {
  origin: string;
  /** Stable for one page request even when the bridge sends it again; absent in tests and the CLI. */
  requestKey?: string;
}

/** What the wallet offers the provider. Every method may wait on the user (an approval window). */
export interface WalletBackend {
  /** Accounts the origin may see, the selected one first; none while locked (as MetaMask). */
  accounts(origin: string): Promise<string[]>;
  /** Asks the user to connect (unlocking first when locked); resolves to the accounts granted. `change`: a connected site's window opens too, to change its accounts. */
  requestAccounts(ctx: WalletRequestContext, options?: { change?: boolean }): Promise<string[]>;
  getPermissions(origin: string): Promise<Eip2255Permission[]>;
  revokePermissions(origin: string, capabilities: string[]): Promise<void>;
  sendTransaction(ctx: WalletRequestContext, tx: Record<string, unknown>): Promise<string>;
  personalSign(ctx: WalletRequestContext, message: string, address: string): Promise<string>;
  /** EIP-712 typed data; 'v3' (eth_signTypedData_v3) refuses arrays, as MetaMask's v3. */
  signTypedData(ctx: WalletRequestContext, address: string, typedData: unknown, version?: TypedDataVersion): Promise<string>;
  /** Switches to a network Vigil can verify; 4902 (WalletError UNKNOWN_CHAIN) when it knows no such chain. */
  switchChain(ctx: WalletRequestContext, chainId: bigint): Promise<void>;
  /** EIP-3085: a chain is usable only when Vigil can verify it (a network profile exists). */
  addChain(ctx: WalletRequestContext, params: Record<string, unknown>): Promise<void>;
  watchAsset(ctx: WalletRequestContext, params: Record<string, unknown>): Promise<boolean>;
  /** EIP-5792: what batches can do on each chain (`address` checked against the origin's grant). */
  getCapabilities(origin: string, address: string | undefined, chainIds: readonly bigint[] | undefined): Promise<Record<string, unknown>>;
  /** EIP-5792: the batch as the page sent it (src/wallet/call-batch.ts reads it); resolves to its id once approved and signed. */
  sendCalls(ctx: WalletRequestContext, params: unknown): Promise<{ id: string }>;
  getCallsStatus(origin: string, id: string): Promise<unknown>;
}

export const WALLET_METHODS = [
  'eth_accounts',
  'eth_requestAccounts',
  'wallet_requestPermissions',
  'wallet_getPermissions',
  'wallet_revokePermissions',
  'eth_sendTransaction',
  'personal_sign',
  'eth_signTypedData_v3',
  'eth_signTypedData_v4',
  'wallet_switchEthereumChain',
  'wallet_addEthereumChain',
  'wallet_watchAsset',
  'wallet_getCapabilities',
  'wallet_sendCalls',
  'wallet_getCallsStatus',
] as const;
export type WalletMethod = (typeof WALLET_METHODS)[number];

const WALLET_METHOD_SET: ReadonlySet<string> = new Set(WALLET_METHODS);

export function isWalletMethod(method: string): method is WalletMethod {
  return WALLET_METHOD_SET.has(method);
}

/** Methods that sign or grant: answered once per request, however often the bridge resends it. */
export const APPROVAL_METHODS: ReadonlySet<string> = new Set([
  'eth_requestAccounts',
  'wallet_requestPermissions',
  'eth_sendTransaction',
  'personal_sign',
  'eth_signTypedData_v3',
  'eth_signTypedData_v4',
  'wallet_addEthereumChain',
  'wallet_switchEthereumChain',
  'wallet_watchAsset',
  'wallet_sendCalls',
]);

export async function handleWalletMethod(wallet: WalletBackend, ctx: WalletRequestContext, method: WalletMethod, params: unknown[]): Promise<unknown> {
  switch (method) {
    case 'eth_accounts':
      return wallet.accounts(ctx.origin);
    case 'eth_requestAccounts':
      return wallet.requestAccounts(ctx);
    case 'wallet_requestPermissions': {
      const [requested] = expect(method, params, 1, 1);
      const names = capabilities(method, requested);
      if (names.length !== 1 || names[0] !== 'eth_accounts') {
        throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${method}: Vigil grants only eth_accounts, got ${names.join(', ').slice(0, 80) || 'nothing'}`);
      }
      // EIP-2255: asked by a connected site too, to change the accounts it sees.
      await wallet.requestAccounts(ctx, { change: true });
      return wallet.getPermissions(ctx.origin);
    }
    case 'wallet_getPermissions':
      return wallet.getPermissions(ctx.origin);
    case 'wallet_revokePermissions': {
      const [requested] = expect(method, params, 1, 1);
      await wallet.revokePermissions(ctx.origin, capabilities(method, requested));
      return null;
    }
    case 'eth_sendTransaction': {
      const [tx] = expect(method, params, 1, 1);
      return wallet.sendTransaction(ctx, object(method, tx, 'transaction'));
    }
    case 'personal_sign': {
      const [message, address] = expect(method, params, 2, 3);
      if (typeof message !== 'string') throw invalid(method, 'the message expected a string (0x-hex bytes or text)');
      return wallet.personalSign(ctx, message, address_(method, address));
    }
    case 'eth_signTypedData_v3':
    case 'eth_signTypedData_v4': {
      const [address, data] = expect(method, params, 2, 2);
      if (typeof data !== 'string' && (typeof data !== 'object' || data === null)) throw invalid(method, 'the typed data expected a JSON string or an object');
      return wallet.signTypedData(ctx, address_(method, address), data, method === 'eth_signTypedData_v3' ? 'v3' : 'v4');
    }
    case 'wallet_switchEthereumChain': {
      const [p] = expect(method, params, 1, 1);
      const { chainId } = object(method, p, 'parameter');
      return wallet.switchChain(ctx, chainIdOf(method, chainId)).then(() => null);
    }
    case 'wallet_addEthereumChain': {
      const [p] = expect(method, params, 1, 1);
      const o = object(method, p, 'parameter');
      chainIdOf(method, o.chainId);
      return wallet.addChain(ctx, o).then(() => null);
    }
    case 'wallet_watchAsset': {
      // EIP-747 passes an object (the handler wraps it); some dApps wrap it in an array themselves.
      const [p] = expect(method, params, 1, 1);
      return wallet.watchAsset(ctx, erc20Asset(object(method, p, 'parameter')));
    }
    case 'wallet_getCapabilities': {
      // viem sends [address?] or [address?, [chainId]]; an absent address arrives as null.
      const [address, chainIds] = expect(method, params, 0, 2);
      const account = address === undefined || address === null ? undefined : address_(method, address);
      if (chainIds !== undefined && chainIds !== null && !Array.isArray(chainIds)) throw invalid(method, 'chain ids expected an array');
      const chains = Array.isArray(chainIds) ? chainIds.map((c) => chainIdOf(method, c)) : undefined;
      return wallet.getCapabilities(ctx.origin, account, chains);
    }
    case 'wallet_sendCalls': {
      const [p] = expect(method, params, 1, 1);
      return wallet.sendCalls(ctx, p);
    }
    case 'wallet_getCallsStatus': {
      const [id] = expect(method, params, 1, 1);
      if (typeof id !== 'string' || id.length === 0 || id.length > 4096) throw invalid(method, 'expected the batch id wallet_sendCalls returned');
      return wallet.getCallsStatus(ctx.origin, id);
    }
  }
}

function expect(method: string, params: unknown[], min: number, max: number): unknown[] {
  if (params.length < min || params.length > max) throw invalid(method, `expected ${min === max ? min : `${min} to ${max}`} params, got ${params.length}`);
  return params;
}

function invalid(method: string, message: string): ProviderRpcError {
  return new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, `${method}: ${message}`);
}

function object(method: string, value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(method, `the ${what} expected an object`);
  return value as Record<string, unknown>;
}

function address_(method: string, value: unknown): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw invalid(method, `expected a 20-byte 0x-hex address, got ${JSON.stringify(value)?.slice(0, 60)}`);
  return value;
}

/**
 * EIP-747's parameter for an ERC-20 (the only kind Vigil follows), its address checked. Decimals
 * given as a string of decimal digits are read as that number, as MetaMask reads them (its own
 * test dApp sends an input's value, "4"); any other value goes on as given, for the token rule.
 */
function erc20Asset(params: Record<string, unknown>): Record<string, unknown> {
  const options = (params.options ?? {}) as Record<string, unknown>;
  if (params.type !== 'ERC20' || typeof options.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(options.address)) {
    throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'wallet_watchAsset: expected { type: "ERC20", options: { address, symbol?, decimals? } }');
  }
  const { decimals } = options;
  return typeof decimals === 'string' && /^[0-9]{1,3}$/.test(decimals) ? { ...params, options: { ...options, decimals: Number(decimals) } } : params;
}

function capabilities(method: string, value: unknown): string[] {
  const o = object(method, value, 'permission request');
  const names = Object.keys(o);
  if (names.length === 0) throw invalid(method, 'expected at least one permission');
  return names;
}

function chainIdOf(method: string, value: unknown): bigint {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(value) || /^0x0[0-9a-fA-F]/.test(value)) {
    throw invalid(method, `chainId expected a 0x-hex quantity without leading zeros, got ${JSON.stringify(value)?.slice(0, 40)}`);
  }
  return BigInt(value);
}

/** EIP-5792's codes for what a batch asks that Vigil cannot do. */
const BATCH_CODES: Partial<Record<WalletError['code'], number>> = {
  CAPABILITY_NOT_SUPPORTED: RpcErrorCode.UNSUPPORTED_CAPABILITY,
  BATCH_CHAIN_UNSUPPORTED: RpcErrorCode.UNSUPPORTED_CHAIN,
  BATCH_ID_EXISTS: RpcErrorCode.DUPLICATE_BATCH_ID,
  BATCH_NOT_FOUND: RpcErrorCode.UNKNOWN_BATCH_ID,
  BATCH_TOO_LARGE: RpcErrorCode.BATCH_TOO_LARGE,
  ATOMICITY_NOT_SUPPORTED: RpcErrorCode.ATOMICITY_NOT_SUPPORTED,
};

/**
 * The wallet's refusals as dApps expect them: the user's no is 4001 (and nothing else is), a
 * missing grant or an unanswered window 4100, a request while another of the site's waits -32002, a bad
 * request -32602, and a signing-policy refusal EIP-1474's -32003 "transaction rejected", with
 * Vigil's code (STALE_HEAD, NONCE_NOT_VERIFIED, …) in `data.code`. (Not -32000: viem reads that
 * as invalid input and tries the same request again under another method name.)
 */
export function walletProviderError(err: WalletError): ProviderRpcError {
  const data = { code: err.code, ...(err.details !== undefined ? { details: err.details } : {}) };
  const batch = BATCH_CODES[err.code];
  if (batch !== undefined) return new ProviderRpcError(batch, err.shortMessage, data);
  switch (err.code) {
    case 'USER_REJECTED':
      return new ProviderRpcError(RpcErrorCode.USER_REJECTED, err.shortMessage, data);
    case 'REJECTED_RECENTLY':
      // As the user's no, with when the site may ask again.
      return new ProviderRpcError(RpcErrorCode.USER_REJECTED, err.shortMessage, { code: err.code, retryAt: Number(err.details) });
    case 'DISCONNECTED':
      return new ProviderRpcError(RpcErrorCode.DISCONNECTED, err.shortMessage, data);
    case 'UNKNOWN_CHAIN':
      return new ProviderRpcError(RpcErrorCode.UNRECOGNIZED_CHAIN, err.shortMessage, data);
    case 'REQUEST_PENDING':
      return new ProviderRpcError(RpcErrorCode.RESOURCE_UNAVAILABLE, `request already pending: ${err.shortMessage}`, data);
    case 'NOT_PERMITTED':
    case 'UNKNOWN_ACCOUNT':
    case 'LOCKED':
    case 'APPROVAL_EXPIRED':
      return new ProviderRpcError(RpcErrorCode.UNAUTHORIZED, err.shortMessage, data);
    case 'INVALID_TRANSACTION':
    case 'INVALID_TYPED_DATA':
    case 'TOKEN_NOT_A_CONTRACT':
    case 'TOKEN_METADATA_INVALID':
    case 'TOKEN_METADATA_MISMATCH':
      return new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, err.shortMessage, data);
    case 'DELEGATION_NOT_PROVEN':
      // Not a refusal to sign: what the page asked could not be proven now.
      return new ProviderRpcError(RpcErrorCode.VERIFICATION_FAILED, err.shortMessage, data);
    case 'WOULD_REVERT':
      // As a node's eth_estimateGas answers: code 3 with the revert data.
      return new ProviderRpcError(RpcErrorCode.EXECUTION_REVERTED, err.shortMessage, err.details?.startsWith('0x') ? err.details : data);
    default:
      return new ProviderRpcError(RpcErrorCode.TRANSACTION_REJECTED, `Vigil refused to sign: ${err.shortMessage}`, data);
  }
}
