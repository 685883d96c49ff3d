/**
 * What the provider's execution methods (eth_call, eth_estimateGas, fees, broadcast) read
 * through, which ChainExecutionService implements (the service worker joins its ExecutionService
 * with fees read in the app host: executionReader) and the wallet's transactions use too; the block a
 * call runs in as the provider holds it (its environment and the fees a dApp asks about, all from
 * verified headers); and how a node words a call that did not succeed.
 * @module
 */
import { VerificationError } from '../../core/errors.ts';
import { blobBaseFee, type BlockEnv, type BlockEnvJson, blockEnvFromJson } from '../../execution/block-env.ts';
import type { ExecutionMode, ExecutionOutcome } from '../../execution/engine.ts';
import type { VerifiedCallResult } from './call.ts';

/** Calls, fees and broadcast of one network, over verified state and verified headers. */
export interface ExecutionReader {
  /** `ownAuthorizations`: the wallet's own set-code transaction (src/client/wallet/delegation/delegate.ts), its authorizationList run; never for a page's call. */
  run(params: { env: BlockEnv; mode: ExecutionMode; call: unknown; calls?: unknown[]; simulateV1?: unknown; stateOverride?: unknown; ownAuthorizations?: boolean; holdings?: unknown }): Promise<VerifiedCallResult>;
  sendRawTransaction(raw: unknown): Promise<{ hash: string }>;
  /** The endpoints' suggested priority fee per gas: advice, not verified. */
  suggestedTip(): Promise<bigint>;
  /**
   * The tip a wallet transaction is signed with, and where it comes from
   * (src/client/verified/execution-service.ts). Absent: the wallet takes {@link suggestedTip} as advice,
   * and signs nothing unattended.
   */
  tipChoice?(options: { unattended: boolean }): Promise<TipChoice>;
  /** The environment of an older block, its header linked by parent hashes to a verified head. */
  envOfBlock?(ref: { number: bigint } | { hash: Uint8Array }): Promise<BlockEnv>;
  /** eth_feeHistory over verified headers ending at `newest`. */
  feeHistory(blockCount: number, newest: BlockEnv, rewardPercentiles: number[] | undefined): Promise<Record<string, unknown>>;
}

/** The fees of an ExecutionReader, read where the verified blocks are (src/client/verified/chain-execution.ts; the extension's service worker asks its app host). */
export type ExecutionFees = Required<Pick<ExecutionReader, 'suggestedTip' | 'tipChoice' | 'feeHistory'>>;

/** An ExecutionReader of a service's calls, block environments and broadcast, and `fees`. */
export function executionReader(service: Required<Pick<ExecutionReader, 'run' | 'sendRawTransaction' | 'envOfBlock'>>, fees: ExecutionFees): ExecutionReader {
  return {
    run: (params) => service.run(params),
    sendRawTransaction: (raw) => service.sendRawTransaction(raw),
    envOfBlock: (ref) => service.envOfBlock(ref),
    suggestedTip: () => fees.suggestedTip(),
    tipChoice: (options) => fees.tipChoice(options),
    feeHistory: (blockCount, newest, rewardPercentiles) => fees.feeHistory(blockCount, newest, rewardPercentiles),
  };
}

/**
 * A wallet transaction's tip and its source: `verified`, the price oracle over the last verified
 * blocks (src/execution/fee-oracle.ts); `advice`, that tip lowered by an endpoint's
 * eth_maxPriorityFeePerGas (unproven); `verified-p25`, for a transaction signed with no window,
 * at least the 25th percentile of every tip the last verified blocks paid (no advice lowers it).
 */
export interface TipChoice {
  tip: bigint;
  source: 'verified' | 'advice' | 'verified-p25';
}

/** A block a call runs in. */
export interface CallBlock {
  readonly env: BlockEnv;
  readonly baseFeePerGas: bigint;
  /** BLOBBASEFEE, from the verified excess blob gas. @throws EXECUTION_UNSUPPORTED before Cancun */
  blobBaseFee(): bigint;
}

/** @example const block = callBlockOf(await reader.envOfBlock({ number: 100n })) */
export function callBlockOf(env: BlockEnv): CallBlock {
  return { env, baseFeePerGas: env.baseFeePerGas, blobBaseFee: () => blobBaseFee(env) };
}

/**
 * The block of a verified head.
 * @throws VerificationError EXECUTION_UNSUPPORTED for a head that carries no execution block to
 *   run calls in (before the merge)
 */
export function callBlockAt(head: { slot: number; env?: BlockEnvJson | undefined }): CallBlock {
  if (head.env === undefined) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `the verified head at slot ${head.slot} carries no execution block to run calls in`);
  }
  return callBlockOf(blockEnvFromJson(head.env));
}

/** A call that did not succeed, as a node answers it: a revert with its data, or the node's words. */
export type CallFailure = { reverted: true; message: string; data: string } | { reverted: false; message: string };

/**
 * Undefined for a call that succeeded. A revert reads "execution reverted", with the reason when
 * the revert data is an Error(string) or a Panic(uint256), as geth words it.
 */
export function callFailure(outcome: ExecutionOutcome): CallFailure | undefined {
  if (outcome.status === 'success') return undefined;
  // The engine words an eth_call's revert (src/execution/engine.ts); an estimate's carries the node's message.
  if (outcome.status === 'reverted') return { reverted: true, message: outcome.message ?? 'execution reverted', data: outcome.returnData };
  return { reverted: false, message: outcome.message ?? 'execution failed' };
}
