/**
 * The extension's options of the exit loop (./exit-loop.ts), for one exit at one verified head: its
 * progress kept in the wallet's `exits` row (with the bytes last signed), one tick per round (the
 * next head or the service's timer moves it on, so a wait, a failure or a refusal each end the
 * round: nothing is given up), what the plan waits for kept on the row, a failure kept on the row
 * as the tick's (cleared once a tick goes through; a step the locked wallet holds up notified once),
 * a step above what the wallet spends unattended (FEE_ABOVE_CAP) offered to the popup with its cost
 * (`feeAsked`), and signed with what the user then allowed (`feeAllowance`) for that step only.
 * @module
 */
import { errorSummary } from '../../core/errors.ts';
import type { ExitPlan } from '../../l2/exit-plan.ts';
import type { ExitRepo, ExitRow } from '../../storage/exits.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { ExitLoopOptions } from './exit-loop.ts';
import type { SignedExitTx } from './needs.ts';
import type { ExitPlanRunnerDeps, ReplacedStep } from './plan-runner.ts';
import type { L1HeadRef } from '../rollups/follower.ts';

export interface ExitRowLoopParams {
  /** The exit's row as stored. */
  row: ExitRow;
  plan: ExitPlan<any>;
  config: unknown;
  head: L1HeadRef;
  /** The runner's deps at the head, but for where progress is kept and the signer. */
  deps: Omit<ExitPlanRunnerDeps, 'save' | 'pending' | 'sign'>;
  /** Signs an L1 transaction under the signing policy, its cost bounded by `maxCost` when the user allowed more than the unattended cap. */
  sign(params: { from: string; to: string; value: bigint; data: string; summary: string; maxCost?: bigint; replaces?: ReplacedStep }): Promise<SignedExitTx>;
  repo: Pick<ExitRepo, 'put'>;
  /** Told with the row when the exit changes step, sends, or a step saved before a failure moved it. */
  onChange?(row: ExitRow): void;
  /** A system notification (a step the locked wallet holds up). */
  notify?(id: string, title: string, message: string): void;
}

/** The loop's options for the exit in `p.row` at `p.head`: one round, its outcome kept on the row. */
export function exitRowLoop(p: ExitRowLoopParams): ExitLoopOptions<void> {
  const stored = p.row;
  // A problem this service recorded (a locked wallet, an RPC down) is the tick's, not the plan's:
  // it is left out of what the plan sees and cleared once a tick goes through.
  const { error: _ours, errorFromTick: _flag, ...clean } = stored;
  const row: ExitRow = stored.errorFromTick ? clean : stored;
  let saved: ExitRow = row;
  const put = async (next: ExitRow) => {
    saved = next;
    await p.repo.put(next);
  };

  // The record as saved stays valid; the problem is shown and the next head tries again.
  const keepError = async (err: unknown) => {
    const error = errorSummary(err);
    // A step the locked wallet holds up is the user's to unblock: told once, with its deadline when the plan gave one.
    if (error.code === 'LOCKED' && stored.error?.code !== 'LOCKED') p.notify?.(`vigil-exit-${row.id}`, 'Unlock Vigil to go on with your exit', lockedMessage(saved));
    const asked = feeAskedBy(err, saved.step);
    if (saved.error?.code !== error.code || saved.error?.message !== error.message || JSON.stringify(asked) !== JSON.stringify(saved.feeAsked)) {
      const { feeAsked: _old, ...rest } = saved;
      await put({ ...rest, error, errorFromTick: true, updatedAt: Number(p.head.timestamp), ...(asked ? { feeAsked: asked } : {}) });
    }
    // A step saved before the failure (a broadcast that threw after the save) is still a change.
    if (saved.step !== stored.step) p.onChange?.(saved);
  };

  return {
    plan: p.plan,
    config: p.config,
    store: {
      load: () => ({ record: saved, ...(saved.signed ? { signed: saved.signed } : {}) }),
      save: async (record, signed) => {
        // The plan's record as it is (an error it cleared stays cleared), with the bytes last signed.
        const { waiting: _w, errorFromTick: _e, signed: _s, ...plain } = record as ExitRow;
        const bytes = signed ?? saved.signed;
        await put({ ...plain, networkId: row.networkId, ...(bytes ? { signed: bytes } : {}) });
      },
    },
    openRound: async () => ({
      head: p.head,
      deps: { ...p.deps, sign: (tx) => p.sign({ ...tx, ...(row.feeAllowance?.step === row.step ? { maxCost: BigInt(row.feeAllowance.maxCost) } : {}) }) },
    }),
    tickUntilWait: false,
    settled: async ({ tick: out }) => {
      const waiting = out.action.kind === 'wait' ? { reason: out.action.reason, ...(out.action.until !== undefined ? { until: out.action.until } : {}) } : undefined;
      if (JSON.stringify(waiting) !== JSON.stringify(saved.waiting) || (stored.errorFromTick && saved === row)) {
        const { waiting: _old, ...rest } = saved;
        await put({ ...rest, ...(waiting ? { waiting } : {}) });
      }
      if (out.record.step !== stored.step || out.sent || out.replaced || (out.record.ending === undefined) !== (stored.ending === undefined)) p.onChange?.(saved);
    },
    ended: async () => {},
    refused: keepError,
    roundFailed: keepError,
    noNextHead: () => {},
  };
}

/** The notification's words for an exit step the locked wallet holds up. */
function lockedMessage(row: ExitRow): string {
  const until = row.waiting?.until ?? (row.facts.deadline !== undefined ? Number(row.facts.deadline) : undefined);
  const deadline = until === undefined ? '' : ` Its next deadline: ${new Date(until * 1000).toISOString().replace('.000Z', 'Z').replace('T', ' ')}.`;
  return `The forced exit's step "${row.step}" needs a signature, and the wallet is locked.${deadline}`;
}

/** What a FEE_ABOVE_CAP refusal asks the user to allow for `step`: its proven cost, a fifth more for the base fee's moves. */
function feeAskedBy(err: unknown, step: string): ExitRow['feeAsked'] {
  if (!(err instanceof WalletError) || err.code !== 'FEE_ABOVE_CAP') return undefined;
  const cost = /^(\d+) wei$/.exec(err.got ?? '');
  return cost ? { step, maxCost: ((BigInt(cost[1]!) * 6n) / 5n).toString() } : undefined;
}
