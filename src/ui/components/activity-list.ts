/**
 * The wallet's transactions, newest first, each with what is proven of it: "included" with a
 * receipt Vigil proved against a verified block, "final" once that block is finalized, "replaced"
 * or "dropped" once the proven nonce shows which transaction took its place; until then it is
 * pending, whatever an RPC says. A pending one can be sped up or cancelled (a new approval window);
 * a forced exit's step too, whose exit then follows the speed-up, or plans the step again once the
 * cancel took its nonce. Each row says what it did in words (./activity-words.ts: "Sent 10 VTA …
 * to bob.vigil.eth …") and opens on its details: hash, block, from and to, value, the fee (paid,
 * by its verified receipt; the signed cap while it waits), status, and what was proven of it.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { ActivityView, PopupApi, TransfersView, TransferView } from '../api.ts';
import { EthAmount } from './amount.ts';
import { ActivitySummary, FeeWords } from './activity-words.ts';
import { TransferCoverage, TransferRowView } from './activity-transfers.ts';
import { errorLike, explainWalletError, formatNumber, hostOf, shortAddress, shortHash, type Tone } from '../format.ts';

/** The rows the home shows before "Show all". */
export const ACTIVITY_FIRST_ROWS = 3;

const STATUS: Record<ActivityView['status'], { label: string; tone: Tone }> = {
  signed: { label: 'Signed', tone: 'busy' },
  pending: { label: 'Pending', tone: 'busy' },
  included: { label: 'Included', tone: 'good' },
  final: { label: 'Final', tone: 'good' },
  failed: { label: 'Reverted', tone: 'bad' },
  replaced: { label: 'Replaced', tone: 'idle' },
  dropped: { label: 'Dropped', tone: 'warn' },
};

/** The line under a transaction: what is known of it, and how. */
export function activityDetail(row: ActivityView): string {
  const block = row.settledIn ? `block ${formatNumber(row.settledIn.blockNumber)}` : 'a verified block';
  const finality = row.settledIn?.final ? 'final' : 'not final yet';
  switch (row.status) {
    case 'included':
      return `in ${block}, not final yet (verified receipt)`;
    case 'final':
      return `final in ${block} (verified receipt)`;
    case 'failed':
      return `reverted in ${block}, the fee was paid (verified receipt; ${finality})`;
    case 'pending':
      if (row.waitsFor !== undefined) return `waiting for nonce ${row.waitsFor}, which none of your transactions uses (a batch stopped before it): it cannot be included until your next transaction takes that nonce`;
      return row.reorgs ? `sent; its block left the chain (reorg), waiting for a verified receipt again` : 'sent, waiting for a verified receipt';
    case 'signed':
      return 'signed, not sent yet';
    case 'replaced':
      return `replaced by ${row.replacedBy ? shortHash(row.replacedBy, 5) : 'another of your transactions'} in ${block} (proven nonce; ${finality})`;
    case 'dropped':
      return row.replacedBy
        ? `dropped: its nonce was used by ${shortHash(row.replacedBy, 5)} in ${block}, not sent from Vigil (proven nonce; ${finality})`
        : row.settledIn
          ? `dropped: its nonce was used in ${block} without a transaction of yours (proven nonce; ${finality})`
          : 'dropped: the proven nonce passed it without a receipt';
  }
}

type Item = { at: number; tx: ActivityView; transfer?: undefined } | { at: number; transfer: TransferView; tx?: undefined };

/**
 * The wallet's transactions and the proven transfers, newest first. A transfer the wallet's own
 * transaction sent is its row already (what it received back, a swap's tokens, is listed).
 */
export function activityItems(rows: readonly ActivityView[], transfers: TransfersView | null | undefined): Item[] {
  const own = new Set(rows.map((r) => r.hash.toLowerCase()));
  const items: Item[] = rows.map((tx) => ({ at: tx.createdAt, tx }));
  for (const t of transfers?.transfers ?? []) {
    if (t.direction !== 'in' && own.has(t.transactionHash.toLowerCase())) continue;
    items.push({ at: t.timestamp * 1000, transfer: t });
  }
  return items.sort((a, b) => b.at - a.at);
}

/**
 * `limit`: the newest rows shown until "Show all" (the home's list); absent, all of them.
 * `transfers`: the proven transfers beside the transactions, and where they are known.
 */
export function ActivityList({ rows, api, limit, transfers, nowMs = Date.now() }: { rows: ActivityView[] | null; api?: PopupApi; limit?: number; transfers?: TransfersView | null; nowMs?: number }): ComponentChild {
  const [all, setAll] = useState(false);
  const sorted = activityItems(rows ?? [], transfers);
  const shown = limit === undefined || all ? sorted : sorted.slice(0, limit);
  return h(
    'section',
    { class: 'card section activity', 'data-testid': 'activity' },
    h('div', { class: 'card-title' }, 'Activity'),
    rows === null
      ? h('p', { class: 'muted small' }, 'Loading…')
      : sorted.length === 0
        ? h('p', { class: 'muted small' }, 'No transactions yet.')
        : shown.map((item) => (item.tx ? h(ActivityRowView, { key: item.tx.hash, row: item.tx, api }) : h(TransferRowView, { key: item.transfer.key, t: item.transfer, nowMs }))),
    transfers && transfers.coverage.length > 0 ? h(TransferCoverage, { view: transfers }) : null,
    shown.length < sorted.length
      ? h('button', { type: 'button', class: 'link', 'data-testid': 'activity-all', onClick: () => setAll(true) }, `Show all ${sorted.length}`)
      : null,
  );
}

/** The details of a transaction, each with where it comes from (what Vigil signed, what it proved). */
export function ActivityDetails({ row: r }: { row: ActivityView }): ComponentChild {
  const value = safeBig(r.value);
  const block = r.settledIn ?? (r.receipt ? { blockNumber: r.receipt.blockNumber, blockHash: r.receipt.blockHash, final: false } : undefined);
  const effects = r.effects;
  const pairs: [string, ComponentChild, string?][] = [
    ['Hash', h('span', { class: 'mono wrap' }, r.hash), 'activity-detail-hash'],
    ['Status', `${(STATUS[r.status] ?? { label: r.status }).label}${r.receipt ? (r.receipt.status === 1 ? ' (receipt: success)' : ' (receipt: reverted)') : ''}`],
    ['Block', block ? h('span', { title: block.blockHash }, `${formatNumber(block.blockNumber)}${block.final ? ', final' : ''}`) : 'not in a verified block yet', 'activity-detail-block'],
    ['From', typeof r.from === 'string' ? h('span', { class: 'mono wrap' }, r.from) : '—'],
    ['To', r.to ? h('span', { class: 'mono wrap' }, r.to) : 'a new contract'],
    ['Value', value === null ? '—' : h(EthAmount, { wei: value, rounding: 'up' })],
    ['Fee', h(FeeWords, { row: r }), 'activity-detail-fee'],
    ['Nonce', r.nonce],
    ['Proven', activityDetail(r)],
  ];
  if (effects?.at) pairs.push(['Simulated', `effects shown before signing, proven at block ${formatNumber(Number(effects.at.blockNumber))}${effects.ok ? '' : ' (it would revert)'}`]);
  if (r.origin && r.origin !== 'vigil') pairs.push(['Asked by', hostOf(r.origin)]);
  return h(
    'dl',
    { class: 'activity-details', 'data-testid': 'activity-details' },
    pairs.flatMap(([k, v, testid]) => [h('dt', { key: `${k}-t` }, k), h('dd', { key: `${k}-d`, ...(testid ? { 'data-testid': testid } : {}) }, v)]),
  );
}

function safeBig(text: unknown): bigint | null {
  if (typeof text !== 'string' || !/^\d{1,80}$/.test(text)) return null;
  return BigInt(text);
}

function ActivityRowView({ row: r, api }: { row: ActivityView; api: PopupApi | undefined }): ComponentChild {
  const [note, setNote] = useState<{ text: string; tone: Tone } | null>(null);
  const [open, setOpen] = useState(false);
  const s = STATUS[r.status] ?? { label: r.status, tone: 'idle' as Tone };
  const waiting = r.status === 'signed' || r.status === 'pending';
  const replace = async (kind: 'speedUp' | 'cancel') => {
    if (!api) return;
    setNote({ text: 'Confirm in the Vigil window…', tone: 'busy' });
    try {
      const hash = await api.replaceTransaction(r.hash, kind);
      setNote({ text: `${kind === 'cancel' ? 'Cancel' : 'Speed-up'} sent: ${shortHash(hash, 5)}`, tone: 'good' });
    } catch (err) {
      setNote({ text: explainWalletError(errorLike(err)), tone: 'bad' });
    }
  };
  return h(
    'div',
    { class: `activity-row${open ? ' open' : ''}`, 'data-testid': 'activity-row', 'data-status': r.status },
    h(
      'button',
      { type: 'button', class: 'activity-toggle', 'aria-expanded': String(open), 'data-testid': 'activity-toggle', onClick: () => setOpen(!open) },
      h('span', { class: 'activity-top' }, h(ActivitySummary, { row: r }), h('span', { class: `pill small tone-${s.tone}` }, s.label)),
      h(
        'span',
        { class: 'activity-meta' },
        h('span', { class: 'mono', title: r.hash, 'data-testid': 'activity-hash' }, shortHash(r.hash, 5)),
        r.to ? ` → ${shortAddress(r.to)}` : ' · contract creation',
        BigInt(r.value) > 0n ? [' · ', h(EthAmount, { wei: r.value, rounding: 'up', testid: 'activity-value' })] : '',
        ` · nonce ${r.nonce}`,
        r.origin && r.origin !== 'vigil' ? ` · from ${hostOf(r.origin)}` : '',
      ),
    ),
    h('div', { class: `activity-detail ${r.status === 'final' || r.status === 'included' ? 'good' : ''}`, 'data-testid': 'activity-detail' }, activityDetail(r)),
    open ? h(ActivityDetails, { row: r }) : null,
    r.lastError && waiting ? h('div', { class: 'activity-detail bad' }, `Last broadcast failed: ${r.lastError} (sent again at each new verified block)`) : null,
    waiting && api
      ? h(
          'div',
          { class: 'row gap' },
          h('button', { type: 'button', class: 'secondary small', 'data-testid': 'activity-speed-up', onClick: () => void replace('speedUp') }, 'Speed up'),
          h('button', { type: 'button', class: 'secondary small', 'data-testid': 'activity-cancel', onClick: () => void replace('cancel') }, 'Cancel'),
        )
      : null,
    waiting && api && r.exitStep ? h('p', { class: 'muted small' }, 'A step of a forced exit: it follows a speed-up; after a cancel it signs the step again.') : null,
    note ? h('p', { class: `note ${note.tone}`, 'data-testid': 'activity-note' }, note.text) : null,
  );
}
