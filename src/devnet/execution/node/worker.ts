/**
 * The execution node's worker thread: builds the chain at genesis, serves its JSON-RPC on
 * 127.0.0.1, and reports to ./start.ts once (`ready` with the port and dev accounts, or `failed`).
 * Writes the node's log: its start, the chain's notes, and each call when asked to.
 * @module
 */
import { appendFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { bytesToHex } from '../../../core/bytes.ts';
import { createDevChain } from './chain.ts';
import { type CallRecord, createRpc } from './rpc.ts';
import { serveRpc } from './server.ts';
import type { WorkerInput, WorkerReport } from './start.ts';

/** Params longer than this are cut in the log (a blob transaction is megabytes of hex). */
const LOGGED_PARAMS = 2_000;

async function main(input: WorkerInput): Promise<WorkerReport> {
  const log = (line: string) => appendFileSync(input.logFile, `${new Date().toISOString()} ${line}\n`);
  const started = performance.now();
  const chain = await createDevChain({ ...input.chain, debug: (message) => log(`chain: ${message}`) });
  const answer = createRpc(chain, input.logRequests ? { onCall: (call) => log(describeCall(call)) } : {});
  const server = await serveRpc(answer, input.port);
  log(`serving ${server.url}: fork ${input.chain.fork}, chain id ${chain.chainId}, genesis ${bytesToHex(chain.head().hash())} (ready in ${(performance.now() - started).toFixed(0)} ms)`);
  return { kind: 'ready', port: server.port, accounts: chain.accounts.map((a) => bytesToHex(a.address)) };
}

function describeCall(call: CallRecord): string {
  const params = JSON.stringify(call.params ?? []);
  const shown = params.length > LOGGED_PARAMS ? `${params.slice(0, LOGGED_PARAMS)}… (${params.length} chars)` : params;
  const outcome = call.error ? `error ${call.error.code}: ${call.error.message}` : 'ok';
  return `${call.method} ${shown} -> ${outcome} (${call.ms.toFixed(1)} ms)`;
}

const port = parentPort;
if (port === null) throw new Error('worker.ts runs in a worker thread (started by ./start.ts)');
main(workerData as WorkerInput).then(
  (report) => port.postMessage(report),
  (err: unknown) => port.postMessage({ kind: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReport),
);
