/**
 * EIP-5792 call batches, the small pure parts: the capabilities Vigil has, a call's states and a
 * batch's status code (a page's request is read by ./send-calls.ts, its status built by
 * src/client/wallet/batches/calls-status.ts).
 *
 * An externally owned account cannot run calls atomically: its batch is sent as one transaction
 * per call, in order, each sent only once the one before it is proven included and successful
 * (src/client/wallet/batches/call-batches.ts). An account proven delegated to the pinned EIP-7702
 * delegate runs its batch as one transaction through the delegate's batch call (./smart-account/atomic-batch.ts).
 * @module
 */
import { knownDelegate } from './eip7702.ts';
import { SIMPLE_7702_ACCOUNT } from './eip7702-pin.ts';
import { WalletError } from './errors.ts';

/** The EIP-5792 version Vigil speaks (viem's default since its 2.0.0 API). */
export const CALLS_VERSION = '2.0.0';
/** Most calls one approval covers (each a transaction the user pays for, or one call of the batch transaction). */
export const MAX_BATCH_CALLS = 10;

/**
 * EIP-5792's `atomic` capability of an account on a chain (https://eips.ethereum.org/EIPS/eip-5792,
 * "Atomic Capability"), from its proven delegation:
 * - `supported` ("the wallet will execute calls sent via wallet_sendCalls atomically"): the account
 *   is delegated to the pinned delegate (its code hash proven equal to the pin's), whose batch
 *   call Vigil runs the batch through;
 * - `unsupported`: any other delegate, or no delegation. Never `ready` ("the wallet can upgrade to
 *   supported pending user approval to upgrade their account via EIP-7702"): a page can never
 *   cause a delegation in Vigil (the user delegates from the popup only), so no approval a page's
 *   request opens could upgrade the account; `ready` would invite a request Vigil refuses.
 */
export type AtomicStatus = 'supported' | 'unsupported';

/** What of an account's delegation the status rests on (src/client/wallet/delegation/delegation.ts AccountDelegation, proven). */
export type ProvenDelegation =
  | { kind: 'none' }
  | { kind: 'contract' }
  | { kind: 'delegated'; delegate: string; delegateCode: { codeHash: string } | { error: string } };

/**
 * The atomic status of a proven delegation; undefined when it cannot be said (a delegation whose
 * delegate's code could not be proven): never guessed.
 */
export function atomicStatusOf(delegation: ProvenDelegation): AtomicStatus | undefined {
  if (delegation.kind !== 'delegated') return 'unsupported';
  if ('error' in delegation.delegateCode) return undefined;
  return knownDelegate(delegation.delegateCode.codeHash, [SIMPLE_7702_ACCOUNT]) ? 'supported' : 'unsupported';
}

/** What a batch asks of atomicity. */
export interface AtomicBatchAsk {
  calls: readonly { to: string | null }[];
  atomicRequired: boolean;
}

/**
 * Whether `from`'s batch runs as one transaction through the pinned delegate, from its proven
 * status: two or more calls, each with a target (a contract creation cannot go through
 * executeBatch). With `atomicRequired: false` such a batch runs atomically too (EIP-5792 lets the
 * wallet choose; one signature and all or nothing is what the user wants); a batch with a creation
 * then goes one transaction per call.
 * @throws WalletError ATOMICITY_NOT_SUPPORTED (5760) when atomicity is required and cannot be given
 */
export function runsAtomically(status: AtomicStatus, from: string, batch: AtomicBatchAsk): boolean {
  const creates = batch.calls.some((c) => c.to === null);
  if (batch.calls.length > 1 && status === 'supported' && !creates) return true;
  if (!batch.atomicRequired || batch.calls.length < 2) return false;
  throw new WalletError(
    'ATOMICITY_NOT_SUPPORTED',
    status === 'supported'
      ? "a call of the batch creates a contract, which the delegate's batch call cannot do: it cannot run atomically"
      : `${from} is not delegated to the delegate Vigil pins (Simple7702Account 0.8.0): Vigil sends its calls as one transaction each, one after another, and cannot run them atomically`,
  );
}

/** wallet_getCapabilities: each chain (0x-hex) with the asked account's atomic status there (atomicStatusOf). */
export function walletCapabilities(chains: readonly { chainId: bigint; atomic: AtomicStatus }[]): Record<string, { atomic: { status: AtomicStatus } }> {
  return Object.fromEntries(chains.map((c) => ['0x' + c.chainId.toString(16), { atomic: { status: c.atomic } }]));
}

/** One call of a batch, as far as it is proven. */
export type CallState =
  /** Signed, waiting for the call before it (or sent, no verified receipt yet). */
  | 'waiting'
  | 'pending'
  /** A verified receipt, status 1. */
  | 'included'
  /** A verified receipt, status 0: it reverted on chain. */
  | 'reverted'
  /** Its nonce is proven used by another transaction. */
  | 'dropped'
  /** Never sent: a call before it failed, or it would fail now. */
  | 'not-sent';

/**
 * EIP-5792's status code of a batch from its calls' states: 100 while any is under way, 200 when
 * every call is included, else (the batch stopped) 600 when some call is included, 500 when one
 * reverted on chain and none is included, 400 when nothing reached the chain.
 */
export function batchStatusCode(states: readonly CallState[]): 100 | 200 | 400 | 500 | 600 {
  if (states.every((s) => s === 'included')) return 200;
  const stopped = states.some((s) => s === 'reverted' || s === 'dropped' || s === 'not-sent');
  if (!stopped || states.some((s) => s === 'pending' || s === 'waiting')) return 100;
  if (states.some((s) => s === 'included')) return 600;
  return states.some((s) => s === 'reverted') ? 500 : 400;
}
