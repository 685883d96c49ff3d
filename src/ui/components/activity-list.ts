/**
 * The wallet's transactions, newest first. "Confirmed" appears only with a receipt Vigil proved
 * against a verified block; until then a transaction is pending, whatever an RPC says.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { ActivityView } from '../api.ts';
import { formatEth, formatNumber, hostOf, shortAddress, shortHash, type Tone } from '../format.ts';

const STATUS: Record<ActivityView['status'], { label: string; tone: Tone }> = {
  signed: { label: 'Signed', tone: 'busy' },
  pending: { label: 'Pending', tone: 'busy' },
  confirmed: { label: 'Confirmed', tone: 'good' },
  failed: { label: 'Reverted', tone: 'bad' },
  dropped: { label: 'Dropped', tone: 'warn' },
};

/** The line under a transaction: what is known of it, and how. */
export function activityDetail(row: ActivityView): string {
  switch (row.status) {
    case 'confirmed':
      return row.receipt ? `confirmed at block ${formatNumber(row.receipt.blockNumber)} (verified receipt)` : 'confirmed';
    case 'failed':
      return row.receipt ? `reverted in block ${formatNumber(row.receipt.blockNumber)}, the fee was paid (verified receipt)` : 'reverted';
    case 'pending':
      return 'sent, waiting for a verified receipt';
    case 'signed':
      return 'signed, not sent yet';
    case 'dropped':
      return 'dropped: the proven nonce passed it without a receipt';
  }
}

export function ActivityList({ rows }: { rows: ActivityView[] | null }): ComponentChild {
  const sorted = [...(rows ?? [])].sort((a, b) => b.createdAt - a.createdAt);
  return h(
    'section',
    { class: 'card section activity', 'data-testid': 'activity' },
    h('div', { class: 'card-title' }, 'Activity'),
    rows === null
      ? h('p', { class: 'muted small' }, 'Loading…')
      : sorted.length === 0
        ? h('p', { class: 'muted small' }, 'No transactions yet.')
        : sorted.map((r) => {
            const s = STATUS[r.status] ?? { label: r.status, tone: 'idle' as Tone };
            return h(
              'div',
              { class: 'activity-row', key: r.hash, 'data-testid': 'activity-row', 'data-status': r.status },
              h('div', { class: 'activity-top' }, h('span', { class: 'activity-summary' }, r.summary), h('span', { class: `pill small tone-${s.tone}` }, s.label)),
              h(
                'div',
                { class: 'activity-meta' },
                h('span', { class: 'mono', title: r.hash, 'data-testid': 'activity-hash' }, shortHash(r.hash, 5)),
                r.to ? ` → ${shortAddress(r.to)}` : ' · contract creation',
                BigInt(r.value) > 0n ? ` · ${formatEth(r.value)}` : '',
                r.origin && r.origin !== 'vigil' ? ` · from ${hostOf(r.origin)}` : '',
              ),
              h('div', { class: `activity-detail ${r.status === 'confirmed' ? 'good' : ''}`, 'data-testid': 'activity-detail' }, activityDetail(r)),
              r.lastError && (r.status === 'signed' || r.status === 'pending') ? h('div', { class: 'activity-detail bad' }, `Last broadcast failed: ${r.lastError}`) : null,
            );
          }),
  );
}
