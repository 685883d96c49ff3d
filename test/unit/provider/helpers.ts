/** Shared by the provider tests: mainnet proof data, an in-thread task runner, a fake RPC. */
import { readFileSync } from 'node:fs';
import type { BlockEnv } from '../../../src/execution/block-env.ts';
import type { VerifiedHeadInfo } from '../../../src/provider/handler.ts';
import { TransportError } from '../../../src/rpc/errors.ts';
import { errorFromWire, errorToWire } from '../../../src/workers/errors.ts';
import type { TaskRunner } from '../../../src/workers/runner.ts';
import { verifierHandlers, type VerifierTasks } from '../../../src/workers/tasks.ts';
import { executionHandlers, type ExecutionTasks } from '../../../src/workers/execution-tasks.ts';

const json = (path: string) => JSON.parse(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8'));
export const mainnetProof = json('mainnet-proofs/proof.json');
export const mainnetBlock = json('mainnet-proofs/block.json');

export const HEAD: VerifiedHeadInfo = {
  slot: 7_000_000,
  beaconRoot: '0x' + 'ab'.repeat(32),
  blockNumber: Number(mainnetBlock.number),
  blockHash: mainnetBlock.hash,
  stateRoot: mainnetBlock.stateRoot,
  timestamp: Number(mainnetBlock.timestamp),
  finalized: false,
};

/** The verifier and execution tasks in this thread, errors round-tripped through the wire form as a pool does. */
export const inThreadRunner: TaskRunner<VerifierTasks & ExecutionTasks> = {
  async run(task, params) {
    const handlers = { ...verifierHandlers, ...executionHandlers } as Record<string, (p: unknown) => Promise<any>>;
    try {
      return await handlers[task]!(params);
    } catch (err) {
      throw errorFromWire(errorToWire(err), task);
    }
  },
};

/** An ExecutionRpc stand-in: each endpoint answers with a function of (method, params). */
export function fakeRpc(answers: Record<string, (method: string, params: readonly unknown[]) => unknown>) {
  const order = Object.keys(answers);
  const calls: string[] = [];
  return {
    calls,
    get endpoints() {
      return [...order];
    },
    demote(endpoint: string) {
      const i = order.indexOf(endpoint);
      order.splice(i, 1);
      order.push(endpoint);
    },
    async callAt(endpoint: string, method: string, params: readonly unknown[]) {
      calls.push(`${endpoint} ${method}`);
      const answer = answers[endpoint]!(method, params);
      if (answer instanceof TransportError) throw answer;
      return answer;
    },
  };
}

/** A block to run calls in (Osaka, a 30M gas limit, a blob excess of twice the target). */
export const CALL_ENV: BlockEnv = {
  chainId: 1n,
  fork: 'osaka',
  number: 100n,
  hash: new Uint8Array(32).fill(1),
  parentHash: new Uint8Array(32).fill(2),
  stateRoot: new Uint8Array(32).fill(3),
  timestamp: 1_700_000_000n,
  coinbase: new Uint8Array(20),
  prevRandao: new Uint8Array(32),
  gasLimit: 30_000_000n,
  baseFeePerGas: 1_000n,
  excessBlobGas: 5_007_716n * 2n,
};
