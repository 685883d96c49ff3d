/**
 * The messages between a pool and its workers. Everything in them is JSON-safe (strings,
 * numbers, booleans, plain objects and arrays): the same messages then travel through
 * worker_threads, Web Workers and Chrome's extension messaging (which serializes as JSON, so a
 * Uint8Array would arrive as an object). Bytes travel as 0x-hex.
 * @module
 */
import type { WireError } from '../core/error-wire.ts';

/** Task name → its parameters and result. */
export type TaskMap = Record<string, { params: unknown; result: unknown }>;

export type TaskName<T extends TaskMap> = keyof T & string;
export type ParamsOf<T extends TaskMap, K extends TaskName<T>> = T[K]['params'];
export type ResultOf<T extends TaskMap, K extends TaskName<T>> = T[K]['result'];

/** Pool → worker. */
export interface TaskRequest {
  kind: 'task';
  id: number;
  task: string;
  params: unknown;
}

/** Worker → pool. */
export type TaskReply = { kind: 'result'; id: number; ok: true; result: unknown } | { kind: 'result'; id: number; ok: false; error: WireError };

/** Worker → pool, once, when its handlers are installed. */
export interface ReadyMessage {
  kind: 'ready';
  tasks: string[];
}

export type WorkerToPool = TaskReply | ReadyMessage;

/** The worker side's handlers: each gets its parameters and returns (or resolves to) its result. */
export type TaskHandlers<T extends TaskMap> = {
  [K in TaskName<T>]: (params: ParamsOf<T, K>) => ResultOf<T, K> | Promise<ResultOf<T, K>>;
};

export function isTaskRequest(value: unknown): value is TaskRequest {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'task' && typeof v.id === 'number' && typeof v.task === 'string';
}

export function isWorkerToPool(value: unknown): value is WorkerToPool {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.kind === 'result' && typeof v.id === 'number' && typeof v.ok === 'boolean') || (v.kind === 'ready' && Array.isArray(v.tasks));
}
