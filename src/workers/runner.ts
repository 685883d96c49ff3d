/**
 * What callers of verification need: something that runs a task. The pool is one; in Chrome's
 * service worker, a client that forwards tasks to the pool in the offscreen document is another.
 * @module
 */
import type { RunOptions } from './pool.ts';
import type { ParamsOf, ResultOf, TaskMap, TaskName } from './protocol.ts';

export interface TaskRunner<T extends TaskMap> {
  run<K extends TaskName<T>>(task: K, params: ParamsOf<T, K>, options?: RunOptions): Promise<ResultOf<T, K>>;
}
