/**
 * Runs a target's mutations and counts what came: verdicts by code, mutations by family, the
 * classes where Vigil is stricter than its reference, and every wrong verdict (with its index,
 * which replays it alone). Shared by the campaign (./run.ts) and the unit slice (./slice.test.ts).
 */
import { describeError } from './oracles.ts';
import { Rng, streamOf } from './rng.ts';
import type { FuzzTarget, Outcome } from './target.ts';

export interface WrongVerdict {
  index: number;
  op: string;
  verdict: string;
  message: string;
  /** The mutated input, when the target gave it (printed by replays). */
  input?: unknown;
}

export interface TargetStats {
  name: string;
  seed: number;
  /** The first mutation's index (a replay starts past 0). */
  from: number;
  count: number;
  /** Milliseconds the mutations took (loading the seeds not counted). */
  ms: number;
  verdicts: Record<string, number>;
  ops: Record<string, number>;
  stricter: Record<string, number>;
  wrongCount: number;
  /** The first wrong verdicts (at most 50 kept). */
  wrong: WrongVerdict[];
}

export interface RunOptions {
  seed: number;
  count: number;
  from?: number;
  /** Called every `every` mutations (progress lines of the campaign). */
  progress?: (done: number, stats: TargetStats) => void;
  every?: number;
}

const bump = (record: Record<string, number>, key: string) => {
  record[key] = (record[key] ?? 0) + 1;
};

/** Runs `count` mutations of `target` (its seeds loaded by the caller: `ctx`). */
export async function runTarget<Ctx>(target: FuzzTarget<Ctx>, ctx: Ctx, options: RunOptions): Promise<TargetStats> {
  const from = options.from ?? 0;
  const stats: TargetStats = { name: target.name, seed: options.seed, from, count: 0, ms: 0, verdicts: {}, ops: {}, stricter: {}, wrongCount: 0, wrong: [] };
  const stream = streamOf(target.name);
  const started = performance.now();
  for (let index = from; index < from + options.count; index++) {
    let outcome: Outcome;
    try {
      outcome = await target.run(ctx, new Rng(options.seed, stream, index));
    } catch (error) {
      // A throw out of `run` escaped every oracle: Vigil's untyped error or the harness's own.
      outcome = { verdict: 'UNTYPED', op: 'unknown', wrong: `escaped the target: ${describeError(error)}` };
    }
    stats.count++;
    bump(stats.verdicts, outcome.verdict);
    bump(stats.ops, outcome.op.split(':').slice(0, 2).join(':'));
    let wrong = outcome.wrong;
    if (outcome.stricter !== undefined) {
      bump(stats.stricter, outcome.stricter);
      if (!target.stricter?.[outcome.stricter] && wrong === undefined) wrong = `Vigil refused (${outcome.verdict}) what the reference accepted, in a class FUZZ.md does not list: ${outcome.stricter}`;
    }
    if (wrong !== undefined) {
      stats.wrongCount++;
      if (stats.wrong.length < 50) stats.wrong.push({ index, op: outcome.op, verdict: outcome.verdict, message: wrong, ...(outcome.input !== undefined ? { input: outcome.input } : {}) });
    }
    if (options.progress && options.every && (index - from + 1) % options.every === 0) {
      stats.ms = performance.now() - started;
      options.progress(index - from + 1, stats);
    }
  }
  stats.ms = performance.now() - started;
  return stats;
}
