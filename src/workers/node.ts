/**
 * worker_threads as pool workers (the CLI, tests). Node-only: never imported by browser code.
 * @module
 */
import { parentPort, Worker, type WorkerOptions } from 'node:worker_threads';
import type { WorkerFactory, WorkerHandle } from './pool.ts';
import type { WorkerPort } from './serve.ts';

export function nodeWorkerFactory(script: string | URL, options: WorkerOptions = {}): WorkerFactory {
  return (): WorkerHandle => {
    const worker = new Worker(script, options);
    let exited = false;
    let lastError = '';
    let onExit: (reason: string) => void = () => {};
    worker.on('error', (err) => {
      lastError = err instanceof Error ? err.message : String(err);
    });
    worker.on('exit', (code) => {
      if (exited) return;
      exited = true;
      onExit(lastError || `exit code ${code}`);
    });
    return {
      postMessage: (m) => worker.postMessage(m),
      onMessage: (fn) => worker.on('message', fn),
      onExit: (fn) => {
        onExit = fn;
      },
      terminate: () => {
        exited = true;
        void worker.terminate();
      },
    };
  };
}

/** The worker side's port under worker_threads. */
export function nodeWorkerPort(): WorkerPort {
  const port = parentPort;
  if (port === null) throw new Error('nodeWorkerPort() outside a worker thread');
  return { post: (m) => port.postMessage(m), listen: (fn) => port.on('message', fn) };
}
