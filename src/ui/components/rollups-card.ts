/**
 * The status tab's followed rollups: each one's liveness with the proven L1 facts behind it,
 * the batch L1 accepted last and whether its validity proof was re-verified here. A rollup whose
 * last follow failed shows only the error: no liveness, batch or root it may have kept.
 * @module
 */
import { type ComponentChild, Fragment, h } from 'preact';
import type { RollupView } from '../../extension/rollup-views.ts';
import { explainL2Error, formatAge, formatNumber, LIVENESS_TONE, livenessFacts, shortHash } from '../format.ts';

/**
 * A rollup or L2 error as a note (bad, or a warning for a problem that the next head may clear):
 * the sentence, then its code (and the raw message when the sentence is not it).
 */
export function L2ErrorNote({ error, testid, tone = 'bad' }: { error: { code: string; message: string }; testid: string; tone?: 'bad' | 'warn' }): ComponentChild {
  const text = explainL2Error(error);
  return h(
    'div',
    { class: `note ${tone}`, role: tone === 'bad' ? 'alert' : 'status', 'data-testid': testid, 'data-code': error.code },
    h('div', null, text),
    h('div', { class: 'small' }, h('code', null, error.code), text === error.message ? null : `: ${error.message}`),
  );
}

export function RollupsCard({ rollups, now }: { rollups: RollupView[]; now: number }): ComponentChild {
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
      ? r.error
        ? h(L2ErrorNote, { error: r.error, testid: 'rollup-error' })
        : h('p', { class: 'note bad', 'data-testid': 'rollup-error' }, 'The last follow failed.')
      : r.state === 'waiting'
        ? h('div', { class: 'rollup-line muted', 'data-testid': 'rollup-proof' }, 'waiting for a verified L1 head')
        : h(Following, { rollup: r, now }),
    // Only the words here: the exit is started from the wallet tab, where the balances are.
    following && (r.liveness === 'stalled' || r.liveness === 'frozen')
      ? h('div', { class: 'rollup-line exit-hint', 'data-testid': 'rollup-exit-hint' }, 'Your funds on it can be recovered: Wallet → Exit to L1')
      : null,
  );
}

function Following({ rollup: r, now }: { rollup: RollupView; now: number }): ComponentChild {
  const checked = r.checkedAt === null ? '' : ` · checked ${formatAge((now - r.checkedAt) / 1000)}`;
  const l1 = r.l1 ? ` · L1 block #${formatNumber(r.l1.blockNumber)}` : '';
  return h(
    Fragment,
    null,
    r.facts ? h('div', { class: 'rollup-line', 'data-testid': 'rollup-facts' }, livenessFacts(r.facts).join(' · ')) : null,
    r.batch !== null
      ? h(
          'div',
          { class: 'rollup-line', 'data-testid': 'rollup-batch' },
          `batch ${formatNumber(r.batch)}`,
          r.root ? [' · root ', h('span', { class: 'mono', title: r.root }, shortHash(r.root, 5))] : null,
        )
      : null,
    r.status === 'claimed'
      ? h('div', { class: 'rollup-line warn', 'data-testid': 'rollup-claimed' }, 'claimed on L1, not final yet: a challenge may still undo it')
      : null,
    r.proof === 'verified'
      ? h('div', { class: 'rollup-line good', 'data-testid': 'rollup-proof', title: r.l1?.blockHash }, `✓ validity proof re-verified${l1}${checked}`)
      : h(
          'div',
          { class: 'rollup-line unproven', 'data-testid': 'rollup-proof' },
          r.proof === 'not-applicable' ? `root as L1 accepted it (no validity proof for ${r.kind})${l1}${checked}` : `validity proof not checked${l1}${checked}`,
        ),
  );
}
