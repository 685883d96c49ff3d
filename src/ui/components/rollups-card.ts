/**
 * The status tab's followed rollups: each one's liveness with the proven L1 facts behind it, in
 * its kind's words (the newest dispute game, the latest confirmed assertion, the last
 * finalization, the last batch), what L1 accepted last (a batch or an L2 block) and how final it
 * is, whether a validity proof was re-verified here, and where its batch data is with what sampling
 * its blobs found (./rollup-data.ts). A rollup whose last follow failed shows
 * only the error: no liveness, batch or root it may have kept.
 * @module
 */
import { type ComponentChild, Fragment, h } from 'preact';
import type { ClaimWindow, LivenessSignal, RollupView } from '../../extension/messages.ts';
import type { TierJson } from '../../l2/tier.ts';
import { RollupDataLines } from './rollup-data.ts';
import { explainL2Error, formatAge, formatDuration, formatNumber, LIVENESS_TONE, shortHash } from '../format.ts';

/** A liveness fact in words: "newest dispute game 40 min ago", "oldest L1 message waited 2 h". */
export function signalText(s: LivenessSignal): string {
  if (s.ageSeconds !== undefined) return `${s.label} ${formatAge(s.ageSeconds)}`;
  if (s.waitedSeconds !== undefined) return `${s.label} ${formatDuration(s.waitedSeconds)}`;
  return s.label;
}

/** A time in seconds as a date and UTC clock (a challenge window ends days away). */
export function formatUtc(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "claimed: a challenge may still undo it until …" with the date when known, else what it waits for. */
export function claimText(claim: ClaimWindow | null): string {
  return `claimed: a challenge may still undo it until ${claim?.until != null ? formatUtc(claim.until) : (claim?.note ?? 'L1 finalizes it')}`;
}

/**
 * The countdown from claimed to final: "final in 4d 23h" (days and hours; hours and minutes under
 * a day), or "final at the next verified head" once the time has passed.
 * @example finalIn(claim.until, now / 1000) // 'final in 4d 23h'
 */
export function finalIn(untilSeconds: number, nowSeconds: number): string {
  const left = Math.floor(untilSeconds - nowSeconds);
  if (left <= 0) return 'final at the next verified head';
  const d = Math.floor(left / 86_400);
  const hours = Math.floor((left % 86_400) / 3600);
  const m = Math.floor((left % 3600) / 60);
  return `final in ${d > 0 ? `${d}d ${hours}h` : hours > 0 ? `${hours}h ${m}m` : `${Math.max(m, 1)}m`}`;
}

/**
 * A rollup or L2 error as a note (bad, or a warning for a problem that the next head may clear):
 * the sentence, then its code (and the raw message when the sentence is not it).
 */
/**
 * How far a root is trusted, in the tier's words (src/l2/tier.ts): good only when every wanted
 * step was re-verified here; the reason it is not higher as a tooltip.
 */
export function TierLine({ tier, prefix = '', suffix = '', testid }: { tier: TierJson; prefix?: string; suffix?: string; testid: string }): ComponentChild {
  const full = tier.fullyReverified;
  const tone = full ? 'good' : tier.tier === 'reverified' || tier.tier === 'l1-verifier' || tier.tier === 'optimistic-final' ? '' : 'unproven';
  const about = [tier.system && tier.release ? `${tier.system} ${tier.release}` : tier.system, tier.reason].filter(Boolean).join(' · ');
  return h('div', { class: `rollup-line ${tone}`, 'data-testid': testid, 'data-tier': tier.tier, title: about || undefined }, `${full ? '✓ ' : ''}${prefix}${tier.words}${suffix}`);
}

export function L2ErrorNote({ error, testid, tone = 'bad' }: { error: { code: string; message: string }; testid: string; tone?: 'bad' | 'warn' }): ComponentChild {
  const text = explainL2Error(error);
  return h(
    'div',
    { class: `note ${tone}`, role: tone === 'bad' ? 'alert' : 'status', 'data-testid': testid, 'data-code': error.code },
    h('div', null, text),
    h('div', { class: 'small' }, h('code', null, error.code), text === error.message ? null : `: ${error.message}`),
  );
}

/**
 * The rollup's L1 contracts changed to something Vigil's config does not accept: what changed and
 * since which L1 block, in one sentence (the popup's, the notification's and the CLI's), the code below.
 */
export function RollupChangeNote({ change, code, testid }: { change: NonNullable<RollupView['change']>; code?: string; testid: string }): ComponentChild {
  const pins = change.expected !== null || change.got !== null ? `the config pins ${change.expected ?? '?'}, L1 now holds ${change.got ?? '?'}` : null;
  return h(
    'div',
    { class: 'note warn', role: 'status', 'data-testid': testid, 'data-kind': change.kind, ...(code !== undefined ? { 'data-code': code } : {}) },
    h('div', null, change.words),
    code !== undefined || pins !== null ? h('div', { class: 'small' }, code !== undefined ? h('code', null, code) : null, code !== undefined && pins !== null ? ': ' : null, pins) : null,
  );
}

export function RollupsCard({ rollups, now }: { rollups: RollupView[]; now: number }): ComponentChild {
  if (rollups.length === 0) return null;
  return h(
    'section',
    { class: 'card section rollups', 'data-testid': 'rollups' },
    h('div', { class: 'card-title' }, 'Rollups'),
    rollups.map((r) => h(RollupBlock, { rollup: r, now, key: r.chainId })),
  );
}

function RollupBlock({ rollup: r, now }: { rollup: RollupView; now: number }): ComponentChild {
  const following = r.state === 'following';
  const pill =
    following && r.liveness
      ? h('span', { class: `pill small tone-${LIVENESS_TONE[r.liveness]}`, 'data-testid': 'rollup-liveness' }, r.liveness)
      : h('span', { class: `pill small tone-${r.state === 'error' ? 'bad' : 'busy'}`, 'data-testid': 'rollup-state' }, r.state === 'error' ? 'not verified' : 'waiting');
  return h(
    'div',
    { class: 'rollup', 'data-testid': 'rollup-card', 'data-rollup-chain': r.chainId },
    h('div', { class: 'account-top' }, h('span', { class: 'account-name' }, r.name, h('span', { class: 'tag' }, `L2 chain ${r.chainId}`)), pill),
    r.state === 'error'
      ? r.change && r.error
        ? h(RollupChangeNote, { change: r.change, code: r.error.code, testid: 'rollup-change' })
        : r.error
        ? h(L2ErrorNote, { error: r.error, testid: 'rollup-error' })
        : h('p', { class: 'note bad', 'data-testid': 'rollup-error' }, 'The last follow failed.')
      : r.state === 'waiting'
        ? h('div', { class: 'rollup-line muted', 'data-testid': 'rollup-proof' }, 'waiting for a verified L1 head')
        : h(Following, { rollup: r, now }),
    // Only the words here: the exit is started from the wallet tab, where the balances are.
    following && (r.liveness === 'stalled' || r.liveness === 'frozen')
      ? r.exit.available
        ? h('div', { class: 'rollup-line exit-hint', 'data-testid': 'rollup-exit-hint' }, 'Your funds on it can be recovered: Exit to L1 on your L2 account below')
        : h('div', { class: 'rollup-line warn', 'data-testid': 'rollup-exit-hint', 'data-available': 'false' }, `Vigil cannot take your funds out of it without its sequencer yet: ${r.exit.note}.`)
      : null,
  );
}

function Following({ rollup: r, now }: { rollup: RollupView; now: number }): ComponentChild {
  const checked = r.checkedAt === null ? '' : ` · checked ${formatAge((now - r.checkedAt) / 1000)}`;
  const l1 = r.l1 ? ` · L1 block #${formatNumber(r.l1.blockNumber)}` : '';
  return h(
    Fragment,
    null,
    r.signals.length > 0 ? h('div', { class: 'rollup-line', 'data-testid': 'rollup-facts' }, r.signals.map(signalText).join(' · ')) : null,
    r.batch !== null
      ? h(
          'div',
          { class: 'rollup-line', 'data-testid': 'rollup-batch' },
          `${r.unit} ${formatNumber(r.batch)}`,
          r.root ? [' · root ', h('span', { class: 'mono', title: r.root }, shortHash(r.root, 5))] : null,
          r.status === 'finalized' && r.evm ? ' · finalized on L1' : null,
        )
      : null,
    r.status === 'claimed' ? h('div', { class: 'rollup-line warn', 'data-testid': 'rollup-claimed' }, claimText(r.claim)) : null,
    // Claimed → final, counted down (Base's games: 1 day after their second proof, 5 after their only one).
    r.status === 'claimed' && r.claim?.until != null
      ? h('div', { class: 'rollup-line muted', 'data-testid': 'rollup-final-in', 'data-until': r.claim.until }, finalIn(r.claim.until, now / 1000))
      : null,
    r.tier !== null && (r.proof === 'verified' || r.tier.tier !== 'sequencer')
      ? h(TierLine, { tier: r.tier, prefix: r.proof === 'verified' || !r.evm ? '' : 'state root proven from L1 storage · ', suffix: `${l1}${checked}`, testid: 'rollup-proof' })
      : h(
          'div',
          { class: 'rollup-line unproven', 'data-testid': 'rollup-proof' },
          r.proof === 'not-applicable'
            ? `${r.evm ? 'state root proven from L1 storage' : 'root as L1 accepted it'} (no validity proof re-verified for ${r.kind})${l1}${checked}`
            : `validity proof not checked${l1}${checked}`,
        ),
    h(RollupDataLines, { data: r.data ?? null, nowS: now / 1000 }),
  );
}
