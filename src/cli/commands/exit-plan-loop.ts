/**
 * `vigil exit`'s options of the exit loop (src/client/exits/exit-loop.ts): progress kept in the
 * --state file ({@link StateFileStore}), the plan ticked at each head until it waits, and one JSON
 * line for each step, transaction and wait. Then:
 * - a wait with `until` (a deadline, a challenge period): printed with its time, exit 3 (run again
 *   later with the same --state);
 * - a wait for the next head: the next round after --poll seconds; offline (--header) there is no
 *   next head in this run, exit 3;
 * - a step above --max-fee (FEE_ABOVE_CAP): exit 4, nothing signed;
 * - a wait on a problem the plan recorded (a hint or proof it refused, a revert) with no sent
 *   transaction of the exit still awaiting its receipt, or a round that threw a transport or
 *   verification error or a policy refusal a later head may clear: up to MAX_FAILED_ROUNDS rounds
 *   in a row, then exit 1 with the code (offline: at once, the same head giving the same answers);
 *   any other throw ends the run.
 * @module
 */
import type { EscapeProof } from '../../client/exits/escape-proof.ts';
import type { ExitLoopOptions, ExitProgress, ExitProgressStore } from '../../client/exits/exit-loop.ts';
import type { ExitPlanTick } from '../../client/exits/plan-runner.ts';
import { VerificationError, type VigilError } from '../../core/errors.ts';
import { aboutDuration } from '../../core/units.ts';
import type { ExitPlanAction, ExitPlanRecord } from '../../l2/exit-plan.ts';
import { TransportError } from '../../rpc/errors.ts';
import { sleep } from '../../core/sleep.ts';
import { WalletError, type WalletErrorCode } from '../../wallet/errors.ts';
import { EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { PLAN_STATE_KIND, type PlanStateFile, type SignedBytes, writeStateFile } from './exit-state.ts';

/** The exit waits: run again later with the same --state. */
export const EXIT_WAITING = 3;
/** A step would cost more than --max-fee: nothing signed; run again with a higher one, or later. */
export const EXIT_FEE_CAP = 4;
/** Rounds in a row that may fail (a head not yet fresh, an endpoint down, a refused hint) before the exit stops. */
export const MAX_FAILED_ROUNDS = 5;
/** Policy refusals and transient failures a later head may clear. */
const RETRYABLE_WALLET: ReadonlySet<WalletErrorCode> = new Set<WalletErrorCode>(['STALE_HEAD', 'HEAD_THINLY_SIGNED', 'NONCE_NOT_VERIFIED', 'WOULD_REVERT', 'FEE_BELOW_BASE_FEE', 'INSUFFICIENT_VERIFIED_BALANCE']);

/** The exit kept in the --state file, written atomically at each save (./exit-state.ts). */
export class StateFileStore implements ExitProgressStore {
  constructor(
    private readonly path: string,
    private readonly rollup: PlanStateFile['rollup'],
    /** The file as last written (or read); undefined until the exit starts. */
    public state: PlanStateFile | undefined,
  ) {}

  load(): ExitProgress {
    if (this.state === undefined) throw new Error('unreachable: the exit is started before its first tick');
    return { record: this.state.record, ...(this.state.signed !== undefined ? { signed: this.state.signed } : {}) };
  }

  async save(record: ExitPlanRecord, signed?: SignedBytes): Promise<void> {
    const bytes = signed ?? this.state?.signed;
    this.state = { kind: PLAN_STATE_KIND, rollup: this.rollup, record, ...(bytes !== undefined ? { signed: bytes } : {}) };
    writeStateFile(this.path, this.state);
  }
}

export interface PlanExitLoopParams {
  store: StateFileStore;
  statePath: string;
  /** The head cannot move within this run (--header): it stops at the first wait, and gives up at the first failed round. */
  offline: boolean;
  pollMs: number;
  /** --max-fee (wei), named in the line of a step above it. */
  maxCost: bigint;
  /** The escape proof the current tick gathered, if one was (printed with the transaction it went into). */
  escape(): EscapeProof | undefined;
  out(line: string): void;
  warn(line: string): void;
}

/** The CLI's options of the loop: all but the plan, where progress is kept, how a head is opened and what the end prints. */
export type PlanExitLoopOptions = Pick<
  ExitLoopOptions<number>,
  'tickUntilWait' | 'failedRounds' | 'fatal' | 'pause' | 'onTick' | 'settled' | 'waited' | 'noNextHead' | 'refused' | 'roundFailed' | 'heldUp'
>;

export function planExitLoop(p: PlanExitLoopParams): PlanExitLoopOptions {
  const max = p.offline ? 1 : MAX_FAILED_ROUNDS;
  const step = () => (p.store.state !== undefined ? { step: p.store.state.record.step } : {});
  /** The last wait printed (printed again only when it changes). */
  let lastWait = '';
  const printWait = (record: ExitPlanRecord, action: Extract<ExitPlanAction, { kind: 'wait' }>, now: number) => {
    const line: Record<string, unknown> = { step: record.step, action: 'wait', reason: action.reason };
    if (action.until !== undefined) Object.assign(line, { until: isoOf(action.until), untilSeconds: action.until, in: aboutDuration(Math.max(0, action.until - now)) });
    if (record.error !== undefined) line.error = record.error;
    const text = JSON.stringify(line);
    const key = JSON.stringify({ ...line, in: undefined });
    if (key === lastWait) return;
    lastWait = key;
    p.out(text);
  };
  return {
    tickUntilWait: true,
    failedRounds: {
      max,
      gaveUp: (error) => {
        p.out(JSON.stringify({ ...step(), error }));
        return EXIT_UNVERIFIED;
      },
    },
    fatal: (err) => !retryable(err),
    ...(p.offline ? {} : { pause: () => sleep(p.pollMs) }),
    onTick: (before, tick) => printTick(p, before, tick),
    settled: (outcome) => {
      if (outcome.kind === 'wait') printWait(outcome.record, outcome.action, outcome.now);
    },
    waited: ({ action, now }) => {
      if (action.until === undefined) return undefined;
      p.warn(`waiting until ${isoOf(action.until)} (${aboutDuration(Math.max(0, action.until - now))} from the head's time): run again then with --state ${p.statePath}`);
      return { stop: EXIT_WAITING };
    },
    noNextHead: () => {
      p.warn(`waiting for a newer verified head: run again with a newer --header and --state ${p.statePath}`);
      return EXIT_WAITING;
    },
    // A step over --max-fee: not a failure to retry into; the user decides whether to pay it, or waits for lower fees.
    refused: (err) => {
      const error = { code: err.code, message: err.shortMessage, ...(err.expected !== undefined ? { expected: err.expected } : {}), ...(err.got !== undefined ? { got: err.got } : {}) };
      p.out(JSON.stringify({ ...step(), error, maxFee: p.maxCost.toString() }));
      p.warn(`${err.shortMessage} Run again with a higher --max-fee (now ${p.maxCost} wei) or later, with --state ${p.statePath}.`);
      return EXIT_FEE_CAP;
    },
    roundFailed: (err, failures) => p.warn(`round failed (${failures}/${max}): ${errorLine(err)}`),
    heldUp: (problem, failures) => p.warn(`the exit is held up (${failures}/${max}): ${problem.code}: ${problem.message}`),
  };
}

/** One line per step the tick moved through; the transaction it sent, with what it does; a re-broadcast. */
function printTick(p: PlanExitLoopParams, before: ExitPlanRecord, tick: ExitPlanTick): void {
  const { out } = p;
  const after = tick.record;
  if (tick.rebroadcast !== undefined) out(JSON.stringify({ step: before.step, action: 'rebroadcast', hash: tick.rebroadcast }));
  const r = tick.replaced;
  // A step's transaction in no verified block for a while, signed again at its nonce: one line for it (not its history note).
  if (r !== undefined) out(JSON.stringify({ step: before.step, action: 'replaced', label: r.label, hash: r.hash, replaces: r.replaces }));
  const fresh = after.history.slice(before.history.length).filter((h) => r === undefined || !h.note?.startsWith(`${r.label} ${r.replaces} replaced by ${r.hash}`));
  for (const [i, h] of fresh.entries()) {
    const sent = tick.sent !== undefined && i === fresh.length - 1 && tick.action.kind === 'send' ? tick.sent : undefined;
    if (sent !== undefined) {
      const summary = tick.action.kind === 'send' ? tick.action.summary : undefined;
      // An escape's account proof: where it came from, and why the L2 RPC's was refused.
      const proof = p.escape();
      out(
        JSON.stringify({
          step: h.step,
          action: 'sent',
          at: h.at,
          label: sent.label,
          hash: sent.hash,
          amount: after.amount,
          ...(summary !== undefined ? { summary } : {}),
          ...(proof !== undefined ? { proofSource: proof.source } : {}),
          ...(proof?.rejected !== undefined ? { rejected: { code: proof.rejected.code, message: proof.rejected.shortMessage } } : {}),
        }),
      );
    } else {
      out(JSON.stringify({ step: h.step, action: 'step', at: h.at, ...(h.note !== undefined ? { note: h.note } : {}) }));
    }
  }
}

function retryable(err: unknown): err is VigilError {
  if (err instanceof TransportError || err instanceof VerificationError) return true;
  return err instanceof WalletError && RETRYABLE_WALLET.has(err.code);
}

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
