/**
 * The one loop around the exit-plan runner (./plan-runner.ts tickExitPlan), run by the extension's
 * exit service (./exit-row.ts, for each exit at each verified head and on a timer) and by `vigil
 * exit` (src/cli/commands/exit-plan-loop.ts). A round: open a verified head, load the exit's
 * progress, tick the plan there (the runner gathers what it needs, signs, saves progress before
 * anything is broadcast; after a send, ticked again at the same head where the caller wants to
 * hear what the plan then waits for), and decide: the exit ended for good, a wait, a refusal the
 * user must answer (a step above what the wallet may spend unattended: FEE_ABOVE_CAP), or a
 * failed round (a throw, or a wait on a problem the plan noted with nothing of the exit on its
 * way), counted in a row up to a limit. What differs between the two callers is an option: where
 * progress is kept, what a wait, a refusal, a failure and an end do, how many failed rounds are
 * allowed, which throws are not a round's to retry, and whether the head moves within one run.
 * @module
 */
import { errorSummary, InputError } from '../../core/errors.ts';
import { type ExitPlan, type ExitPlanAction, type ExitPlanRecord, exitEnded } from '../../l2/exit-plan.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { SignedExitTx } from './needs.ts';
import { type ExitPlanRunnerDeps, type ExitPlanTick, tickExitPlan } from './plan-runner.ts';
import type { L1HeadRef } from '../rollups/follower.ts';

/** Ticks at one head when the plan is ticked until it waits: the one that sends, the one that hears what the plan then waits for. */
const TICKS_PER_HEAD = 3;

/** An exit's progress between rounds: its record and the bytes it last signed (sent again while no verified receipt shows them). */
export interface ExitProgress {
  record: ExitPlanRecord;
  signed?: SignedExitTx;
}

/** Where progress is kept: the wallet's `exits` row in the extension, the --state file in the CLI. */
export interface ExitProgressStore {
  /** The progress as kept now. */
  load(): ExitProgress | Promise<ExitProgress>;
  /** Keeps `record`, with the bytes just signed (else those kept before): called before they are broadcast. */
  save(record: ExitPlanRecord, signed?: SignedExitTx): Promise<void>;
}

/** One verified head and the runner's sources, signer and broadcaster there (all but where progress is kept). */
export interface ExitRound {
  head: L1HeadRef;
  deps: Omit<ExitPlanRunnerDeps, 'save' | 'pending'>;
  /** Before each tick at this head (the CLI forgets the escape proof the last one gathered). */
  beforeTick?(): void;
  /** When the round is over, whatever its outcome (the CLI closes the head's session). */
  close?(): void;
}

export type ExitWait = Extract<ExitPlanAction, { kind: 'wait' }>;

/** How a round ended (a throw aside). */
export type ExitRoundOutcome =
  /** The exit ended for good (exit-plan.ts exitEnded). */
  | { kind: 'ended'; record: ExitPlanRecord; tick: ExitPlanTick }
  /**
   * The plan waits. `awaiting`: a transaction of the exit is still on its way (its receipt asked at
   * this head and in no verified block), so a problem the record holds is not this head's to count.
   */
  | { kind: 'wait'; record: ExitPlanRecord; tick: ExitPlanTick; action: ExitWait; now: number; awaiting: boolean }
  /** One tick per round and the plan did not wait (it sent): the next head moves it. */
  | { kind: 'moved'; record: ExitPlanRecord; tick: ExitPlanTick };

export interface ExitLoopOptions<R, H extends ExitRound = ExitRound> {
  plan: ExitPlan<any>;
  config: unknown;
  store: ExitProgressStore;
  /** Opens the round's verified head (a throw here is a failed round). */
  openRound(): Promise<H>;
  /**
   * true: the plan is ticked at each head until it waits (after a send, again at the same head), at
   * most {@link TICKS_PER_HEAD} times, and a plan that neither waits nor ends there is at fault
   * (InputError). false: one tick per round, whatever it did (the next head moves it on).
   */
  tickUntilWait: boolean;
  /** Failed rounds in a row allowed, and what giving up after them does; absent: never given up (each is told, the next head tries again). */
  failedRounds?: { max: number; gaveUp(error: { code: string; message: string }): R };
  /** A throw that is no round's to retry: thrown on (absent: none is). */
  fatal?(err: unknown): boolean;
  /** Waits before the next round at a newer head; absent: this run has one head, and the loop ends with {@link noNextHead} where it would go on. */
  pause?(): Promise<void>;
  /** Told of each tick, with the record it started from. */
  onTick?(before: ExitPlanRecord, tick: ExitPlanTick): void;
  /** Told of each round that did not throw, before the round closes (a throw here fails the round). */
  settled?(outcome: ExitRoundOutcome): Promise<void> | void;
  /** What an exit that ended for good does (before the round closes; a throw here fails the round). */
  ended(record: ExitPlanRecord, round: H): Promise<R>;
  /** What a wait with nothing held up does: a result to stop with, or undefined to go on at the next head. */
  waited?(wait: Extract<ExitRoundOutcome, { kind: 'wait' }>): { stop: R } | undefined;
  /** The loop would go on at the next head, and this run has no other. */
  noNextHead(): R;
  /** What a step the user must allow (FEE_ABOVE_CAP: above what the wallet may spend unattended) does: never retried into. */
  refused(err: WalletError): Promise<R> | R;
  /** Told of each failed round that threw, with how many in a row. */
  roundFailed(err: unknown, failures: number): Promise<void> | void;
  /** Told of each wait on a problem the plan noted with nothing of the exit on its way (a failed round too), with how many in a row. */
  heldUp?(problem: { code: string; message: string }, failures: number): void;
}

/** Runs rounds of the exit until an option stops it; returns what that option gave. */
export async function runExitLoop<R, H extends ExitRound = ExitRound>(o: ExitLoopOptions<R, H>): Promise<R> {
  let failures = 0;
  for (;;) {
    let outcome: ExitRoundOutcome;
    let end: { value: R } | undefined;
    try {
      const round = await o.openRound();
      try {
        outcome = await exitRound(o, round);
        await o.settled?.(outcome);
        if (outcome.kind === 'ended') end = { value: await o.ended(outcome.record, round) };
      } finally {
        round.close?.();
      }
    } catch (err) {
      if (err instanceof WalletError && err.code === 'FEE_ABOVE_CAP') return o.refused(err);
      if (o.fatal?.(err) === true) throw err;
      failures++;
      await o.roundFailed(err, failures);
      if (o.failedRounds !== undefined && failures >= o.failedRounds.max) return o.failedRounds.gaveUp(errorSummary(err));
      if (o.pause === undefined) return o.noNextHead();
      await o.pause();
      continue;
    }
    if (end !== undefined) return end.value;
    // A problem the plan noted, with nothing of the exit on its way: this head could not move it.
    const problem = outcome.kind === 'wait' && !outcome.awaiting ? outcome.record.error : undefined;
    if (problem !== undefined) {
      failures++;
      o.heldUp?.(problem, failures);
      if (o.failedRounds !== undefined && failures >= o.failedRounds.max) return o.failedRounds.gaveUp(problem);
    } else {
      failures = 0;
      const stop = outcome.kind === 'wait' ? o.waited?.(outcome) : undefined;
      if (stop !== undefined) return stop.stop;
    }
    if (o.pause === undefined) return o.noNextHead();
    await o.pause();
  }
}

/** The ticks of one round at `round`'s head, from the progress as kept. */
async function exitRound<R, H extends ExitRound>(o: ExitLoopOptions<R, H>, round: H): Promise<ExitRoundOutcome> {
  // Bytes signed at an earlier head go out again while no receipt shows them; those signed at this one, not.
  const { signed: signedBefore } = await o.store.load();
  // Receipts asked for in the current tick, by lower-case hash: found (true) or in no verified block yet (false).
  const asked = new Map<string, boolean>();
  const deps: ExitPlanRunnerDeps = {
    ...round.deps,
    receipt: async (hash) => {
      const r = await round.deps.receipt(hash);
      asked.set(hash.toLowerCase(), r !== null);
      return r;
    },
    save: (record, signed) => o.store.save(record, signed),
  };
  const ticks = o.tickUntilWait ? TICKS_PER_HEAD : 1;
  for (let t = 0; t < ticks; t++) {
    const before = (await o.store.load()).record;
    asked.clear();
    round.beforeTick?.();
    const tick = await tickExitPlan(t === 0 && signedBefore !== undefined ? { ...deps, pending: signedBefore } : deps, o.plan, o.config, before, round.head);
    o.onTick?.(before, tick);
    const record = tick.record;
    // A terminal step at a block not yet finalized is a wait for the next head (the runner checks the block).
    if (exitEnded(o.plan, record)) return { kind: 'ended', record, tick };
    if (tick.action.kind === 'wait') {
      const awaiting = Object.values(record.sent).some((s) => asked.get(s.hash.toLowerCase()) === false);
      return { kind: 'wait', record, tick, action: tick.action, now: Number(round.head.timestamp), awaiting };
    }
    // Neither a send nor a wait nor the end: the plan is at fault, said (a failed round), never passed over at every head.
    if (tick.sent === undefined) throw new InputError(`the ${o.plan.kind} exit answered ${tick.action.kind} at ${record.step}, where the runner gives send or wait`);
    if (!o.tickUntilWait) return { kind: 'moved', record, tick };
  }
  throw new InputError(`the ${o.plan.kind} exit sent ${TICKS_PER_HEAD} transactions at one head`);
}
