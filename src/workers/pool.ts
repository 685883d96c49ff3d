/**
 * A pool of workers that run verification off the caller's thread: BLS signature checks of
 * light-client updates and Merkle-proof checks, with the WASM kernels where they exist.
 *
 * One implementation for every host: the pool only needs a {@link WorkerFactory}, which
 * src/workers/web.ts makes from Web Workers (offscreen document, Firefox background page) and
 * src/workers/node.ts from worker_threads. Tasks are typed by a {@link TaskMap}; every task has a
 * deadline, can be cancelled through an AbortSignal, and a worker that crashes, or that is
 * running a task past its deadline or a cancelled one, is terminated and replaced (a busy worker
 * cannot be interrupted any other way: verification is synchronous CPU work).
 * @module
 */
import { anumber } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { errorFromWire, PoolError } from './errors.ts';
import { isWorkerToPool, type ParamsOf, type ResultOf, type TaskMap, type TaskName } from './protocol.ts';

/** One worker as the pool sees it, whatever the host. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  /** Registers the listener for messages from the worker (called once). */
  onMessage(listener: (message: unknown) => void): void;
  /** Registers the listener for the worker's death (called once, at most once per worker). */
  onExit(listener: (reason: string) => void): void;
  terminate(): void;
}

export type WorkerFactory = () => WorkerHandle;

export interface WorkerPoolOptions {
  factory: WorkerFactory;
  /** Number of workers. Default 2. */
  size?: number;
  /** Deadline of a task (queue time included) unless `run` names another. Default 30 s. */
  timeoutMs?: number;
  /** Tasks waiting beyond this many are refused. Default 1000. */
  maxQueue?: number;
  /** Told when a worker is replaced (crash, timeout, cancel). */
  onReplace?: (reason: string) => void;
}

export interface RunOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface PoolStats {
  size: number;
  busy: number;
  queued: number;
  completed: number;
  /** Workers terminated and replaced so far (crash, timeout, cancel). */
  replaced: number;
  crashed: number;
}

interface Job {
  id: number;
  task: string;
  params: unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  cleanup: () => void;
  slot: Slot | undefined;
}

interface Slot {
  handle: WorkerHandle | undefined;
  job: Job | undefined;
}

/**
 * @example
 * const pool = new WorkerPool<VerifierTasks>({ factory: webWorkerFactory('/worker.js'), size: 2 });
 * const ok = await pool.run('bls.fastAggregateVerify', { pubkeys, bits, message, signature }, { timeoutMs: 5000 });
 */
export class WorkerPool<T extends TaskMap> {
  private readonly factory: WorkerFactory;
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly timeoutMs: number;
  private readonly maxQueue: number;
  private readonly onReplace: ((reason: string) => void) | undefined;
  private nextId = 1;
  private closed = false;
  private counts = { completed: 0, replaced: 0, crashed: 0 };

  constructor(options: WorkerPoolOptions) {
    if (typeof options.factory !== 'function') throw new InputError('"factory" expected a function');
    const size = anumber(options.size ?? 2, 'size');
    if (size < 1) throw new InputError(`"size" expected at least 1, got ${size}`);
    this.factory = options.factory;
    this.slots = Array.from({ length: size }, () => ({ handle: undefined, job: undefined }));
    this.timeoutMs = anumber(options.timeoutMs ?? 30_000, 'timeoutMs');
    this.maxQueue = anumber(options.maxQueue ?? 1000, 'maxQueue');
    this.onReplace = options.onReplace;
  }

  /**
   * Runs `task` on the next free worker.
   * @throws PoolError `TASK_TIMEOUT`, `WORKER_CRASHED`, `POOL_CLOSED`, `UNKNOWN_TASK`,
   *   `TASK_FAILED`; the signal's reason when aborted; whatever typed error the task threw
   *   (VerificationError with its code, InputError, …).
   */
  run<K extends TaskName<T>>(task: K, params: ParamsOf<T, K>, options: RunOptions = {}): Promise<ResultOf<T, K>> {
    if (this.closed) return Promise.reject(new PoolError('POOL_CLOSED', 'the worker pool is closed', { task }));
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new PoolError('TASK_FAILED', `the pool queue is full (${this.maxQueue} tasks waiting)`, { task }));
    }
    const timeoutMs = anumber(options.timeoutMs ?? this.timeoutMs, 'timeoutMs');
    return new Promise<ResultOf<T, K>>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        task,
        params,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer: undefined,
        cleanup: () => {},
        slot: undefined,
      };
      job.timer = setTimeout(
        () => this.fail(job, new PoolError('TASK_TIMEOUT', `task ${task} did not finish within ${timeoutMs} ms`, { task }), 'timeout'),
        timeoutMs,
      );
      if (signal) {
        const onAbort = () =>
          this.fail(job, signal.reason ?? new PoolError('TASK_CANCELLED', `task ${task} was cancelled`, { task }), 'cancelled');
        signal.addEventListener('abort', onAbort, { once: true });
        job.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  get stats(): PoolStats {
    return {
      size: this.slots.length,
      busy: this.slots.filter((s) => s.job !== undefined).length,
      queued: this.queue.length,
      ...this.counts,
    };
  }

  /** Terminates every worker; tasks waiting or running reject with `POOL_CLOSED`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const job of [...this.queue]) this.settle(job, new PoolError('POOL_CLOSED', 'the worker pool was closed', { task: job.task }));
    for (const slot of this.slots) {
      if (slot.job) this.settle(slot.job, new PoolError('POOL_CLOSED', 'the worker pool was closed', { task: slot.job.task }));
      slot.handle?.terminate();
      slot.handle = undefined;
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0 || this.closed) return;
      if (slot.job !== undefined) continue;
      const job = this.queue.shift()!;
      const handle = slot.handle ?? this.spawn(slot);
      slot.job = job;
      job.slot = slot;
      try {
        handle.postMessage({ kind: 'task', id: job.id, task: job.task, params: job.params });
      } catch (cause) {
        // Not cloneable, or the worker is gone: this task fails, the worker stays.
        slot.job = undefined;
        job.slot = undefined;
        this.settle(job, new PoolError('TASK_FAILED', `task ${job.task} could not be sent to a worker`, { task: job.task, cause }));
      }
    }
  }

  private spawn(slot: Slot): WorkerHandle {
    const handle = this.factory();
    slot.handle = handle;
    handle.onMessage((message) => {
      if (slot.handle !== handle || !isWorkerToPool(message) || message.kind !== 'result') return;
      const job = slot.job;
      if (job === undefined || job.id !== message.id) return;
      slot.job = undefined;
      job.slot = undefined;
      this.counts.completed++;
      if (message.ok) this.settle(job, undefined, message.result);
      else this.settle(job, errorFromWire(message.error, job.task));
      this.pump();
    });
    handle.onExit((reason) => {
      if (slot.handle !== handle) return; // terminated by us, already replaced
      slot.handle = undefined;
      this.counts.crashed++;
      this.counts.replaced++;
      this.onReplace?.(`crashed: ${reason}`);
      const job = slot.job;
      slot.job = undefined;
      if (job) {
        job.slot = undefined;
        this.settle(job, new PoolError('WORKER_CRASHED', `the worker running ${job.task} crashed (${reason})`, { task: job.task }));
      }
      this.pump();
    });
    return handle;
  }

  /** A task's deadline passed or its caller aborted: drop it from the queue, or stop its worker. */
  private fail(job: Job, err: unknown, why: 'timeout' | 'cancelled'): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    const slot = job.slot;
    if (slot !== undefined && slot.job === job) {
      slot.job = undefined;
      job.slot = undefined;
      slot.handle?.terminate();
      slot.handle = undefined;
      this.counts.replaced++;
      this.onReplace?.(`${why}: ${job.task}`);
    }
    this.settle(job, err);
    this.pump();
  }

  private settle(job: Job, err: unknown, result?: unknown): void {
    if (job.timer !== undefined) clearTimeout(job.timer);
    job.timer = undefined;
    job.cleanup();
    const { resolve, reject } = job;
    job.resolve = job.reject = () => {};
    if (err !== undefined) reject(err);
    else resolve(result);
  }
}
