/**
 * One runner in front of two: tasks the predicate picks go to the second, which is made on first
 * use (the execution worker loads the EVM only when a dApp first calls), the rest to the first.
 * @module
 */
import type { RunOptions } from './pool.ts';
import type { ParamsOf, ResultOf, TaskMap, TaskName } from './protocol.ts';
import type { TaskRunner } from './runner.ts';

export class SplitRunner<A extends TaskMap, B extends TaskMap> implements TaskRunner<A & B> {
  private second: TaskRunner<B> | undefined;

  constructor(
    private readonly first: TaskRunner<A>,
    private readonly makeSecond: () => TaskRunner<B>,
    private readonly isSecond: (task: string) => boolean,
  ) {}

  run<K extends TaskName<A & B>>(task: K, params: ParamsOf<A & B, K>, options?: RunOptions): Promise<ResultOf<A & B, K>> {
    if (this.isSecond(task)) {
      this.second ??= this.makeSecond();
      return this.second.run(task as never, params as never, options) as Promise<ResultOf<A & B, K>>;
    }
    return this.first.run(task as never, params as never, options) as Promise<ResultOf<A & B, K>>;
  }
}
