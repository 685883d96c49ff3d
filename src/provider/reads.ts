/**
 * Verified account reads with the verification in the worker pool: the proof (and code) is
 * fetched here over the configured execution RPCs, in order of preference; the pool checks it
 * against the verified head's state root. An endpoint whose answer does not verify is demoted
 * and the next one is asked; when none verifies, the first verification error is thrown (a lie
 * outranks a timeout). A failed verification never yields a value.
 * @module
 */
import { InputError, VerificationError, VigilError } from '../core/errors.ts';
import type { ExecutionRpc } from '../client/execution-rpc.ts';
import { TransportError } from '../rpc/errors.ts';
import type { RunOptions } from '../workers/pool.ts';
import type { TaskRunner } from '../workers/runner.ts';
import type { ProvenAccountJson, VerifierTasks } from '../workers/tasks.ts';
import type { AccountReadRequest } from './handler.ts';

const PROOF_MAX_BYTES = 4 * 1024 * 1024;
const CODE_MAX_BYTES = 1024 * 1024;

export interface PooledReaderOptions {
  /** Told about each endpoint whose answer was refused. */
  onRejected?: (error: VigilError, endpoint: string) => void;
  run?: RunOptions;
}

export interface ReadResult extends ProvenAccountJson {
  /** The endpoint whose proof verified (it vouches for nothing; the proof does). */
  endpoint: string;
}

/**
 * @example
 * const reader = new PooledAccountReader(new ExecutionRpc({ endpoints }), pool);
 * const { balance } = await reader.read({ head, address, storageKeys: [], code: false });
 */
export class PooledAccountReader {
  constructor(
    private readonly rpc: ExecutionRpc,
    private readonly runner: TaskRunner<VerifierTasks>,
    private readonly options: PooledReaderOptions = {},
  ) {}

  async read(request: AccountReadRequest): Promise<ReadResult> {
    const block = '0x' + request.head.blockNumber.toString(16);
    const lies: VigilError[] = [];
    const failures: TransportError[] = [];
    for (const endpoint of this.rpc.endpoints) {
      let proof: unknown;
      let code: unknown;
      try {
        [proof, code] = await Promise.all([
          this.rpc.callAt(endpoint, 'eth_getProof', [request.address, request.storageKeys, block], PROOF_MAX_BYTES),
          request.code ? this.rpc.callAt(endpoint, 'eth_getCode', [request.address, block], CODE_MAX_BYTES) : undefined,
        ]);
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        failures.push(err);
        this.rpc.demote(endpoint);
        continue;
      }
      if (request.code && typeof code !== 'string') {
        const err = new InputError(`eth_getCode from ${endpoint} is not a hex string`);
        lies.push(err);
        this.reject(err, endpoint);
        continue;
      }
      try {
        const proven = await this.runner.run(
          'proof.account',
          {
            stateRoot: request.head.stateRoot,
            address: request.address,
            storageKeys: request.storageKeys,
            proof,
            ...(typeof code === 'string' ? { code } : {}),
          },
          this.options.run ?? { timeoutMs: 30_000 },
        );
        return { ...proven, endpoint };
      } catch (err) {
        if (!(err instanceof VerificationError || err instanceof InputError)) throw err;
        lies.push(err);
        this.reject(err, endpoint);
      }
    }
    if (lies.length > 0) throw lies[0]!;
    if (failures.length === 1) throw failures[0]!;
    throw new TransportError('ALL_ENDPOINTS_FAILED', 'eth_getProof: no execution endpoint answered', { url: 'eth_getProof', errors: failures });
  }

  private reject(err: VigilError, endpoint: string): void {
    this.rpc.demote(endpoint);
    this.options.onRejected?.(err, endpoint);
  }
}
