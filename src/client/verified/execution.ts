/**
 * Verified calls at a verified head (src/client/verified/call.ts) with the estimator that matches
 * the network's nodes: how an execution service (./execution-service.ts) runs calls where the EVM
 * is. The extension's service worker runs none itself: it hands them to the app host, beside the
 * execution worker (src/extension/services.ts), so this module stays out of its bundle.
 * @module
 */
import type { VigilError } from '../../core/errors.ts';
import type { BlockEnv } from '../../execution/block-env.ts';
import type { ExecutionMode } from '../../execution/engine.ts';
import type { Estimator } from '../../execution/estimate.ts';
import type { ExecutionRpc } from './execution-rpc.ts';
import { type CallExecutor, verifiedCall, type VerifiedCallParams, type VerifiedCallResult } from './call.ts';

export interface VerifiedExecutionOptions {
  rpc: ExecutionRpc;
  executor: CallExecutor;
  /** The verified hash of block `number`, an ancestor of the block `below` (BLOCKHASH). */
  blockHash?: (number: bigint, below: BlockEnv) => Promise<Uint8Array>;
  onRejected?: (error: VigilError, endpoint: string) => void;
  /** Ask the RPC for access-list hints (default true). */
  hints?: boolean;
}

export interface CallRequestParams {
  env: BlockEnv;
  mode: ExecutionMode;
  call: unknown;
  /** simulate: the batch in order (`call` is its first). */
  calls?: unknown[];
  simulateV1?: VerifiedCallParams['simulateV1'];
  stateOverride?: unknown;
  /** The wallet's own set-code transaction: its authorizationList is run (src/execution/engine.ts ExecutionTask.ownAuthorizations). */
  ownAuthorizations?: boolean;
  /** simulate: whose token balances to read before and after (src/execution/engine.ts ExecutionTask.holdings). */
  holdings?: unknown;
}

/** What runs a network's verified calls for an execution service. */
export interface CallRunner {
  run(params: CallRequestParams): Promise<VerifiedCallResult>;
}

/** A service's CallRunner over its own lane of the endpoints and its verified headers (BLOCKHASH). */
export type CallRunnerFactory = (parts: { rpc: ExecutionRpc; blockHash: (number: bigint, below: BlockEnv) => Promise<Uint8Array>; onRejected?: (error: VigilError, endpoint: string) => void }) => CallRunner;

/**
 * Calls run here: fetched over the service's RPC, executed by `executor` (the engine in-process,
 * or the execution worker's through a runner).
 * @example new ExecutionService({ config, rpc, anchors, calls: localCalls(new ExecutionEngine()) })
 */
export function localCalls(executor: CallExecutor, options: { hints?: boolean } = {}): CallRunnerFactory {
  return ({ rpc, blockHash, onRejected }) => new VerifiedExecution({ rpc, executor, blockHash, ...(onRejected ? { onRejected } : {}), ...(options.hints === false ? { hints: false } : {}) });
}

export class VerifiedExecution implements CallRunner {
  private estimator: Promise<Estimator> | undefined;

  constructor(private readonly options: VerifiedExecutionOptions) {}

  get rpc(): ExecutionRpc {
    return this.options.rpc;
  }

  async run(params: CallRequestParams): Promise<VerifiedCallResult> {
    const { blockHash, hints, onRejected } = this.options;
    return verifiedCall({
      rpc: this.options.rpc,
      executor: this.options.executor,
      env: params.env,
      mode: params.mode,
      call: params.call,
      ...(params.calls !== undefined ? { calls: params.calls } : {}),
      ...(params.simulateV1 !== undefined ? { simulateV1: params.simulateV1 } : {}),
      ...(params.stateOverride !== undefined ? { stateOverride: params.stateOverride } : {}),
      ...(params.ownAuthorizations === true ? { ownAuthorizations: true } : {}),
      ...(params.holdings !== undefined ? { holdings: params.holdings } : {}),
      ...(params.mode === 'estimateGas' ? { estimator: await this.nodeEstimator() } : {}),
      ...(blockHash ? { blockHash: (n: bigint) => blockHash(n, params.env) } : {}),
      ...(hints === false ? { hint: false } : {}),
      ...(onRejected ? { onRejected } : {}),
    });
  }

  /**
   * Which search eth_estimateGas follows: that of the node kind the endpoints run (its
   * web3_clientVersion), so a dApp sees the estimate it would have got from them. Only the choice
   * between limits at which the call was seen to succeed depends on this unverified answer.
   */
  nodeEstimator(): Promise<Estimator> {
    this.estimator ??= this.options.rpc.call('web3_clientVersion', [], 4096).then(
      ({ result }) => (typeof result === 'string' && /^hardhat/i.test(result) ? 'hardhat' : 'geth'),
      () => 'geth' as const,
    );
    return this.estimator;
  }
}
