/**
 * Web Workers as pool workers: in Chrome's offscreen document and Firefox's background page
 * (an extension service worker cannot start workers). An uncaught error does not end a Web
 * Worker, but it means the worker's state can no longer be trusted: it counts as a crash.
 * @module
 */
import type { WorkerFactory, WorkerHandle } from './pool.ts';

/**
 * The extension's one worker script (worker.js, ./entry-web.ts) serves the pool that names it:
 * these are the names (`WorkerOptions.name`, read in the worker as `self.name`).
 */
export const WORKER_ROLES = { verifier: 'vigil-verifier', execution: 'vigil-execution' } as const;

export function webWorkerFactory(url: string | URL, options: WorkerOptions = {}): WorkerFactory {
  return (): WorkerHandle => {
    const worker = new Worker(url, options);
    let exited = false;
    let onExit: (reason: string) => void = () => {};
    const exit = (reason: string) => {
      if (exited) return;
      exited = true;
      onExit(reason);
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      exit(e.message || 'uncaught error in the worker');
    });
    worker.addEventListener('messageerror', () => exit('a message could not be deserialized'));
    return {
      postMessage: (m) => worker.postMessage(m),
      onMessage: (fn) => worker.addEventListener('message', (e) => fn(e.data)),
      onExit: (fn) => {
        onExit = fn;
      },
      terminate: () => {
        exited = true;
        worker.terminate();
      },
    };
  };
}
