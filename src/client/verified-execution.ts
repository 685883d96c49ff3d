/**
 * The execution side of a network as the provider and the CLI use it: verified calls at a
 * verified head (src/client/verified-call.ts) with the estimator that matches the network's
 * nodes, and transactions broadcast to every configured endpoint.
 * @module
 */
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError, type VigilError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import type { BlockEnv } from '../execution/block-env.ts';
import type { ExecutionMode } from '../execution/engine.ts';
import type { Estimator } from '../execution/estimate.ts';
import { TransportError } from '../rpc/errors.ts';
import type { ExecutionRpc } from './execution-rpc.ts';
import { type CallExecutor, verifiedCall, type VerifiedCallParams, type VerifiedCallResult } from './verified-call.ts';

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
}

const MAX_RAW_TX_BYTES = 1024 * 1024;

export class VerifiedExecution {
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

  /**
   * eth_sendRawTransaction to every endpoint at once. The hash returned is keccak256 of the bytes
   * (computed here, not taken from a server); it resolves once one endpoint accepted them.
   * @throws TransportError ALL_ENDPOINTS_FAILED with each endpoint's refusal when none accepted
   */
  async sendRawTransaction(raw: unknown): Promise<{ hash: string; acceptedBy: string[] }> {
    const bytes = hexToBytes(raw, undefined, 'raw transaction');
    if (bytes.length === 0 || bytes.length > MAX_RAW_TX_BYTES) throw new InputError(`a raw transaction expected 1 to ${MAX_RAW_TX_BYTES} bytes`);
    const hash = bytesToHex(keccak256(bytes));
    const hex = bytesToHex(bytes);
    const rpc = this.options.rpc;
    const results = await Promise.allSettled(rpc.endpoints.map((e) => rpc.callAt(e, 'eth_sendRawTransaction', [hex], 4096).then(() => e)));
    const acceptedBy = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (acceptedBy.length > 0) return { hash, acceptedBy };
    const errors = results.flatMap((r) => (r.status === 'rejected' && r.reason instanceof TransportError ? [r.reason] : []));
    const known = errors.find((e) => e.code === 'RPC_ERROR');
    if (errors.length === 1 || known) throw known ?? errors[0]!;
    throw new TransportError('ALL_ENDPOINTS_FAILED', 'eth_sendRawTransaction: no execution endpoint accepted the transaction', { url: 'eth_sendRawTransaction', errors });
  }
}
