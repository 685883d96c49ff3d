/**
 * The wallet tab's forced exits ("Exit to L1"): each exit's account and amount, its steps
 * (request → wait → freeze → escape → done) with the current one highlighted, and for each step
 * what L1 proved and what is awaited, in words. The background moves an exit only on facts
 * proven at a verified L1 head and on verified receipts (src/l2/vigil-zk/exit-legacy.ts); this card
 * says so and never claims more than the record holds. The countdown to the forced deadline is
 * the deadline (L1 seconds) against the status' clock.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { ExitStep } from '../../l2/vigil-zk/exit-legacy.ts';
import { recoveredAmount, TERMINAL_STEPS } from '../../l2/vigil-zk/exit-legacy.ts';
import type { ExitView, WalletState } from '../api.ts';
import { formatClock, formatDuration, formatEth, shortAddress, shortHash, type Tone } from '../format.ts';
import { accountName } from './accounts-card.ts';
import { L2ErrorNote } from './rollups-card.ts';

/** The five stages the popup shows; each step of the machine belongs to one. */
export type ExitStage = 'request' | 'waiting' | 'freeze' | 'escape' | 'done';

export const EXIT_STAGES: readonly ExitStage[] = ['request', 'waiting', 'freeze', 'escape', 'done'];

export const STAGE_OF: Record<ExitStep, ExitStage> = {
  request: 'request',
  requesting: 'request',
  waiting: 'waiting',
  freeze: 'freeze',
  freezing: 'freeze',
  escape: 'escape',
  escaping: 'escape',
  withdrawn: 'done',
  escaped: 'done',
  failed: 'done',
};

const STAGE_LABEL: Record<ExitStage, string> = { request: 'Request', waiting: 'Wait', freeze: 'Freeze', escape: 'Escape', done: 'Done' };

const STEP_PILL: Record<ExitStep, { label: string; tone: Tone }> = {
  request: { label: 'Requesting', tone: 'busy' },
  requesting: { label: 'Requesting', tone: 'busy' },
  waiting: { label: 'Waiting', tone: 'busy' },
  freeze: { label: 'Freezing', tone: 'busy' },
  freezing: { label: 'Freezing', tone: 'busy' },
  escape: { label: 'Escaping', tone: 'busy' },
  escaping: { label: 'Escaping', tone: 'busy' },
  withdrawn: { label: 'Withdrawn', tone: 'good' },
  escaped: { label: 'Recovered', tone: 'good' },
  failed: { label: 'Failed', tone: 'bad' },
};

/** 'done' and 'skipped' are before the current stage; 'todo' after it; a failed exit ends 'failed'. */
export type StageState = 'done' | 'current' | 'todo' | 'skipped' | 'failed';

export function isTerminal(exit: Pick<ExitView, 'step'>): boolean {
  return TERMINAL_STEPS.has(exit.step);
}

/** Each stage's state: visited (in the history) or skipped before the current one, to come after it. */
export function stageStates(exit: Pick<ExitView, 'step' | 'history'>): Record<ExitStage, StageState> {
  const current = EXIT_STAGES.indexOf(STAGE_OF[exit.step]);
  const visited = new Set(exit.history.map((e) => STAGE_OF[e.step]));
  const out = {} as Record<ExitStage, StageState>;
  EXIT_STAGES.forEach((stage, i) => {
    out[stage] = i < current ? (visited.has(stage) ? 'done' : 'skipped') : i === current ? (exit.step === 'failed' ? 'failed' : exit.step === 'escaped' || exit.step === 'withdrawn' ? 'done' : 'current') : 'todo';
  });
  return out;
}

function Tx({ hash }: { hash: string }): ComponentChild {
  return h('span', { class: 'mono', title: hash }, shortHash(hash, 4));
}

/** "in 42 s" until the deadline (L1 seconds) by the status' clock, then "now". */
function Countdown({ deadline, nowS }: { deadline: number; nowS: number }): ComponentChild {
  const left = Math.ceil(deadline - nowS);
  return h('span', { class: 'exit-countdown', 'data-testid': 'exit-countdown', 'data-deadline': deadline }, left > 0 ? `in ${formatDuration(left)}` : 'now');
}

/** The words for one stage of one exit: what is proven, and what is awaited. */
export function stageText(exit: ExitView, stage: ExitStage, state: StageState, nowS: number): ComponentChild {
  const { step } = exit;
  const notNeeded = step === 'withdrawn' ? 'not needed: a batch processed the request' : step === 'failed' ? 'not reached' : 'not needed: the rollup was frozen already';
  if (state === 'skipped') return notNeeded;
  switch (stage) {
    case 'request':
      if (state === 'todo') return 'the wallet asks the rollup for a forced withdrawal on L1';
      if (state === 'current') {
        if (step === 'requesting' && exit.request) return ['request sent (tx ', h(Tx, { hash: exit.request.hash }), '): waiting for its receipt in a verified block'];
        return 'sending the forced withdrawal request (requestForcedWithdrawal) on L1';
      }
      // No request sent: the rollup was frozen when the exit started, so it went straight to the escape.
      if (!exit.request) return 'not needed: the rollup was frozen already';
      return ['requested (tx ', h(Tx, { hash: exit.request.hash }), ')', exit.request.queueIndex === undefined ? '' : `: queued on L1 as entry #${exit.request.queueIndex}`];
    case 'waiting': {
      if (state === 'todo') return 'the sequencer has until the forced deadline to process the request';
      if (state === 'current') {
        const entry = exit.request?.queueIndex === undefined ? 'queued on L1' : `queued on L1 (entry #${exit.request.queueIndex})`;
        if (exit.deadline === undefined) return `${entry}; the sequencer may still process it, else freeze is allowed once the entry's time is proven at a verified head`;
        const due = exit.deadline - nowS <= 0;
        return [`${entry}; the sequencer may still process it, else freeze is allowed `, h(Countdown, { deadline: exit.deadline, nowS }), due ? ': the wallet freezes the rollup at the next verified head' : ''];
      }
      if (step === 'withdrawn') return 'the sequencer processed the request';
      return exit.history.some((x) => x.step === 'freeze') ? 'the forced deadline passed without the sequencer processing it' : 'the rollup froze before the sequencer processed it';
    }
    case 'freeze':
      if (state === 'todo') return 'if the deadline passes, the wallet freezes the rollup (anyone may)';
      if (state === 'current') {
        if (step === 'freezing' && exit.freeze) return ['freezing the rollup (tx ', h(Tx, { hash: exit.freeze.hash }), '): waiting for its receipt in a verified block'];
        return 'freezing the rollup: the deadline passed, the wallet sends freeze()';
      }
      if (step === 'withdrawn') return 'not needed in the end: a batch processed the request';
      return exit.freeze ? ['frozen (tx ', h(Tx, { hash: exit.freeze.hash }), ')'] : 'frozen (by someone else)';
    case 'escape':
      if (state === 'todo') return "escape with the account's Merkle proof against the last finalized root";
      if (state === 'current') {
        if (step === 'escaping' && exit.escape) {
          return ["escaping with the account's Merkle proof against the last finalized root (tx ", h(Tx, { hash: exit.escape.hash }), '): waiting for its receipt in a verified block'];
        }
        return "escaping with the account's Merkle proof against the last finalized root: the wallet signs escape() once the proof checks against the root proven on L1";
      }
      return exit.escape ? ['escaped (tx ', h(Tx, { hash: exit.escape.hash }), ')'] : 'escaped';
    case 'done': {
      if (state === 'todo') return 'the owner is paid on L1';
      if (step === 'escaped') {
        const amount = recoveredAmount(exit);
        return h(
          'span',
          { class: 'good', 'data-testid': 'exit-recovered' },
          amount === null ? 'escaped on L1' : `recovered ${formatEth(amount)} on L1`,
          exit.escape ? [' (escape tx ', h(Tx, { hash: exit.escape.hash }), ')'] : null,
        );
      }
      if (step === 'withdrawn') {
        const amount = recoveredAmount(exit);
        return ['the sequencer processed the request: its batch paid the owner on L1', amount === null ? '' : ` (${formatEth(amount)})`];
      }
      const note = [...exit.history].reverse().find((e) => e.note !== undefined)?.note;
      return `failed: ${note ?? 'nothing more can be recovered'}`;
    }
  }
}

export function ExitsCard({ exits, now, rollupName, state }: { exits: ExitView[]; /** The status' clock, ms. */ now: number; rollupName?: (chainId: number) => string | undefined; state?: WalletState }): ComponentChild {
  return h(
    'section',
    { class: 'card section exits', 'data-testid': 'exits-card' },
    h('div', { class: 'card-title' }, 'Exits to L1'),
    exits.map((e) => h(ExitRow, { exit: e, nowS: now / 1000, name: rollupName?.(e.rollupChainId), state, key: e.id })),
  );
}

function ExitRow({ exit: e, nowS, name, state }: { exit: ExitView; nowS: number; name: string | undefined; state: WalletState | undefined }): ComponentChild {
  const states = stageStates(e);
  const pill = STEP_PILL[e.step] ?? { label: e.step, tone: 'idle' as Tone };
  const account = state?.accounts.find((a) => a.address.toLowerCase() === e.owner);
  const owner = account ? `${accountName(account)} · ${shortAddress(account.address)}` : shortAddress(e.owner);
  const terminal = isTerminal(e);
  return h(
    'div',
    { class: 'exit-row', 'data-testid': 'exit-row', 'data-step': e.step, 'data-exit-id': e.id },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name' }, `${name ?? 'Rollup'} · chain ${e.rollupChainId}`, h('span', { class: 'tag' }, `L2 account #${e.index}`)),
      h('span', { class: `pill small tone-${pill.tone}`, 'data-testid': 'exit-step-pill' }, pill.label),
    ),
    h('div', { class: 'address', title: e.owner }, `owner ${owner}`),
    h('div', { class: 'exit-amount', 'data-testid': 'exit-amount' }, `${formatEth(e.startBalance)}`, h('span', { class: 'muted' }, ' proven on L2 when the exit started')),
    h(
      'ol',
      { class: 'exit-steps' },
      EXIT_STAGES.map((stage) => {
        const s = states[stage];
        const label = stage === 'done' && e.step === 'failed' ? 'Failed' : STAGE_LABEL[stage];
        return h(
          'li',
          { key: stage, class: `exit-step ${s}`, 'data-testid': 'exit-step', 'data-stage': stage, 'data-state': s, ...(s === 'current' || s === 'failed' ? { 'aria-current': 'step' } : {}) },
          h('span', { class: 'exit-step-label' }, label),
          h('span', { class: 'exit-step-text' }, stageText(e, stage, s, nowS)),
        );
      }),
    ),
    // A problem of a step under way is a warning (the next head tries again); a failed exit's is final.
    e.error && !terminal ? h(L2ErrorNote, { error: e.error, testid: 'exit-error', tone: 'warn' }) : null,
    e.error && e.step === 'failed' ? h(L2ErrorNote, { error: e.error, testid: 'exit-error' }) : null,
    terminal ? null : h('div', { class: 'muted small' }, 'Each step is an L1 transaction the wallet signs itself under the signing policy, at a verified head; the popup may be closed.'),
    h(
      'details',
      { class: 'exit-history', 'data-testid': 'exit-history' },
      h('summary', null, `History (${e.history.length})${e.reverts > 0 ? ` · ${e.reverts} reverted` : ''}`),
      h(
        'ol',
        null,
        e.history.map((x, i) =>
          h('li', { key: i, 'data-testid': 'exit-history-entry', 'data-step': x.step }, h('span', { class: 'mono' }, formatClock(x.at * 1000)), ` ${x.step}`, x.note ? ` — ${x.note}` : ''),
        ),
      ),
    ),
  );
}
