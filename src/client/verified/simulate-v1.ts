/**
 * eth_simulateV1 (execution-apis) answered from the local EVM over state proven at a verified
 * block: the execution engine plans the blocks, runs them and shapes the answer
 * (src/execution/simulate-v1.ts, in its worker); its refusals come back as -32602 naming the field,
 * blocks out of order with geth's own codes, and with validation on, a call that fails a
 * transaction's checks with the code the specification gives it (-38010 … -38025).
 * @module
 */
import { registerErrorClass, wireNumber } from '../../core/error-registry.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { BLOCK_NUMBERS_OUT_OF_ORDER, BLOCK_TIMES_OUT_OF_ORDER } from '../../execution/simulate-order.ts';
import type { CallBlock, ExecutionReader } from './execution-reader.ts';

/** A request eth_simulateV1 refuses, with the JSON-RPC code a node gives it (-32602; -38020 / -38021 for blocks out of order, as geth). */
export class SimulateRequestError extends InputError {
  override name = 'SimulateRequestError';
  constructor(
    readonly rpcCode: number,
    message: string,
  ) {
    super(message);
  }
}
registerErrorClass(SimulateRequestError, 'SimulateRequestError', { rebuild: (_code, f) => new SimulateRequestError(wireNumber(f.rpcCode) ?? -32602, ''), fields: (e) => ({ rpcCode: String(e.rpcCode) }) });

/** @throws SimulateRequestError */
export async function simulateV1(reader: ExecutionReader, block: CallBlock, options: unknown): Promise<unknown[]> {
  try {
    const { outcome } = await reader.run({ env: block.env, mode: 'simulate', call: firstCall(options), simulateV1: options });
    if (outcome.simulateV1Error !== undefined) throw new SimulateRequestError(outcome.simulateV1Error.code, outcome.simulateV1Error.message);
    return outcome.simulateV1 ?? [];
  } catch (err) {
    if (!(err instanceof InputError) || err instanceof SimulateRequestError) throw err;
    const m = err.shortMessage;
    throw new SimulateRequestError(m.startsWith(BLOCK_NUMBERS_OUT_OF_ORDER) ? -38020 : m.startsWith(BLOCK_TIMES_OUT_OF_ORDER) ? -38021 : -32602, m);
  }
}

/** The first call (the engine's hint of what to prove ahead), or an empty one. */
function firstCall(options: unknown): unknown {
  const states = isObject(options) && Array.isArray(options.blockStateCalls) ? options.blockStateCalls : [];
  for (const s of states) if (isObject(s) && Array.isArray(s.calls) && s.calls.length > 0) return s.calls[0];
  return {};
}
