/**
 * A call's answer as Vigil and a node both give it, so that the tests comparing them
 * (test/integration/execution-calls.test.ts, execution-reference.test.ts) compare like with like:
 * the return data or a failure with its revert data, an estimate or a failure, an access list in
 * one order.
 */
import type { ExecutionOutcome } from '../../src/execution/engine.ts';
import { jsonRpcBatch, type JsonRpcOutcome, type JsonRpcRequest } from '../../src/rpc/http.ts';

/** The return data, or a failure with its revert data. */
export type Answer = { ok: true; data: string } | { ok: false; data: string };

/** Vigil's answer. */
export function ours(o: ExecutionOutcome): Answer {
  return o.status === 'success' ? { ok: true, data: o.returnData } : { ok: false, data: o.returnData };
}

/** The node's answer: its result, or its error's revert data (Hardhat puts it in `data.data`; a bare string elsewhere). */
export function theirs(o: JsonRpcOutcome): Answer {
  if (o.ok) return { ok: true, data: o.result as string };
  if (o.error.code !== 'RPC_ERROR') throw o.error;
  const d = o.error.rpcData;
  const data = typeof d === 'string' ? d : typeof d === 'object' && d !== null && typeof (d as { data?: unknown }).data === 'string' ? (d as { data: string }).data : '0x';
  return { ok: false, data };
}

/** Vigil's eth_estimateGas answer: the gas, or `fails: <status> <revert data>`. */
export function ourEstimate(o: ExecutionOutcome): string {
  return o.gas !== undefined ? o.gas : `fails: ${o.status} ${o.returnData}`;
}

/** The node's eth_estimateGas answer: the gas, or `fails: reverted <revert data>`. */
export function theirEstimate(o: JsonRpcOutcome): string {
  return o.ok ? (o.result as string) : `fails: reverted ${theirs(o).data}`;
}

export interface AccessTupleJson {
  address: string;
  storageKeys: string[];
}

/** An access list in one order: addresses and keys lower case and sorted. */
export function normalAccessList(list: readonly AccessTupleJson[]): AccessTupleJson[] {
  return list
    .map((e) => ({ address: e.address.toLowerCase(), storageKeys: e.storageKeys.map((k) => k.toLowerCase()).sort() }))
    .sort((a, b) => (a.address < b.address ? -1 : 1));
}

/** Many requests to one endpoint, in batches of 100. */
export async function batch(url: string, requests: readonly JsonRpcRequest[]): Promise<JsonRpcOutcome[]> {
  const out: JsonRpcOutcome[] = [];
  for (let i = 0; i < requests.length; i += 100) {
    out.push(...(await jsonRpcBatch(url, requests.slice(i, i + 100), { timeoutMs: 60_000, maxBytes: 1 << 26 })));
  }
  return out;
}

/** A histogram of small numbers, `value:count` ascending (engine steps per call). */
export function histogram(xs: readonly number[]): string {
  const m = new Map<number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' ');
}
