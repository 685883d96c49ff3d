/**
 * Where a followed rollup's batch data is and what sampling its blobs found, in a person's words
 * (RollupView.data: src/extension/messages.ts RollupDataView; the statuses' meaning in
 * src/l2/data/availability.ts): one line on the rollup card, the facts behind it in a
 * disclosure, and what it means for a forced exit before the user starts one.
 *
 * Missing cells are never called "unavailable": an endpoint that served nothing is not proof the
 * data was withheld, so the words say what could not be sampled, not that the data is gone. An
 * exit whose escape proof Vigil cannot say is rebuildable from Ethereum alone (data off Ethereum,
 * not sampled or only in part, past retention unchecked, untied, unknown) is started only after
 * the user ticks that they understand.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { AvailabilityView, RollupDataView } from '../../extension/messages.ts';
import { formatNumber, hostOf } from '../format.ts';

/** `data-status` of the data line and the exit's note: the availability's status, or where the data is when sampling does not apply. */
export type DataStatus = AvailabilityView['status'] | 'not-sampled' | 'calldata' | 'off-ethereum' | 'unknown' | 'not-read';

/** The card's tones ('' is the line's muted default). */
export type DataTone = 'good' | 'warn' | 'bad' | '';

/** A rollup's data in words: the card's line, what it means for an exit, and whether an exit must be acknowledged. */
export interface DataSummary {
  status: DataStatus;
  tone: DataTone;
  /** The card's line: "Data: Ethereum blobs · 16 of 128 columns sampled from 2 endpoints, all verified · slot 1,234". */
  text: string;
  /** Before a forced exit: where the data is and what follows for the escape proof. */
  exit: string;
  exitTone: DataTone;
  /** The exit starts only once the user acknowledged `exit`: Vigil cannot say the escape proof can be rebuilt from Ethereum alone. */
  ack: boolean;
  /** Endpoints whose answers did not verify, by host ("127.0.0.1:5053"), or null. */
  demoted: string | null;
}

/** "12 Nov" (UTC), with the year when it is not `nowS`'s. */
export function dayWords(seconds: number, nowS: number): string {
  const d = new Date(seconds * 1000);
  const day = `${d.getUTCDate()} ${d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })}`;
  return d.getUTCFullYear() === new Date(nowS * 1000).getUTCFullYear() ? day : `${day} ${d.getUTCFullYear()}`;
}

const plural = (n: number, word: string) => `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
const RETENTION = 'past the ~18-day blob retention window';
const NOT_FROM_L1 = 'Vigil cannot say the escape proof can be rebuilt from Ethereum alone: the exit may then depend on the L2 RPC serving the state';

/** Why no verified cell came: nothing to ask, no answer, nothing that verified, or no columns served. */
export function unsampledWhy(a: AvailabilityView): string {
  if (a.endpoints.length === 0) return 'no beacon API to ask';
  // Before "did not answer": an endpoint whose answer contradicted the proven block answered, and lied.
  if (a.endpoints.some((e) => e.bad > 0 || e.demoted)) return a.endpoints.length === 1 ? 'what the endpoint served did not verify' : 'what the endpoints served did not verify';
  if (a.endpoints.every((e) => e.error !== undefined && e.served === 0)) return a.endpoints.length === 1 ? 'the endpoint did not answer' : 'no endpoint answered';
  return a.endpoints.length === 1 ? 'the endpoint served no columns' : 'the endpoints served no columns';
}

/**
 * The hosts whose answers did not verify (a cell, or sidecars that contradict the proven block), in
 * this sampling or an earlier one not yet forgiven: asked last.
 */
function demotedWords(a: AvailabilityView | null): string | null {
  const hosts = (a?.endpoints ?? []).filter((e) => e.demoted || e.bad > 0 || e.askedLast === true).map((e) => hostOf(e.url));
  if (hosts.length === 0) return null;
  return `what ${hosts.join(', ')} served did not verify: ${hosts.length === 1 ? 'that endpoint is' : 'those endpoints are'} asked last`;
}

/** What the blobs' sampling found, for the card and the exit. */
function blobsSummary(a: AvailabilityView | null, nowS: number): Omit<DataSummary, 'demoted'> {
  const at = a?.slot != null ? ` · slot ${formatNumber(a.slot)}` : '';
  if (a === null) {
    return { status: 'not-sampled', tone: '', text: 'Ethereum blobs · not sampled yet', exit: "Its data is in Ethereum blobs, not sampled yet: whether nodes serve them is not known yet.", exitTone: '', ack: false };
  }
  const { asked, verified, total } = a.columns;
  // Before Fulu whole blobs are fetched, and count as every column (or none while one is missing).
  const whole = asked === total;
  switch (a.status) {
    case 'verified': {
      // A demoted endpoint's cells count for nothing.
      const from = a.endpoints.filter((e) => !e.demoted && e.verified > 0).length || a.endpoints.length;
      const sampled = whole ? 'whole blobs fetched' : `${formatNumber(verified)} of ${formatNumber(total)} columns sampled`;
      return {
        status: a.status,
        tone: 'good',
        text: `Ethereum blobs · ${sampled} from ${plural(from, 'endpoint')}, all verified${at}`,
        exit: `Its data is in Ethereum blobs, sampled and verified (${whole ? 'whole blobs' : `${formatNumber(verified)} of ${formatNumber(total)} columns`}${at.replace(' ·', ',')}): the escape proof can be rebuilt from Ethereum.`,
        exitTone: 'good',
        ack: false,
      };
    }
    case 'partial': {
      const part = whole && verified === 0 ? `some of its ${plural(a.blobs, 'blob')} were served and verified, others by no endpoint` : `${formatNumber(verified)} of ${formatNumber(asked)} columns asked were served and verified, ${formatNumber(asked - verified)} served by no endpoint`;
      return {
        status: a.status,
        tone: 'warn',
        text: `Ethereum blobs · partly sampled: ${part}${at}`,
        exit: `Its data is in Ethereum blobs, only partly sampled (${part}): the escape proof can be rebuilt from Ethereum only if nodes serve the rest; otherwise the exit depends on the L2 RPC serving the state.`,
        exitTone: 'warn',
        ack: true,
      };
    }
    case 'unsampled': {
      const why = unsampledWhy(a);
      return {
        status: a.status,
        tone: 'warn',
        text: `Ethereum blobs · could not be sampled: ${why}`,
        exit: `Its data is in Ethereum blobs, but they could not be sampled (${why}; that is not proof the data is withheld). ${NOT_FROM_L1}.`,
        exitTone: 'warn',
        ack: true,
      };
    }
    case 'expired-checked': {
      const when = a.checkedAt != null ? ` on ${dayWords(a.checkedAt, nowS)}` : '';
      return {
        status: a.status,
        tone: '',
        text: `Ethereum blobs · ${RETENTION}: available when checked${when}`,
        exit: `Its data was in Ethereum blobs, verified available when checked${when}; it is now ${RETENTION}, so nodes may have dropped it: the escape proof is rebuilt from what was kept of it.`,
        exitTone: 'warn',
        ack: false,
      };
    }
    case 'expired-unchecked':
      return {
        status: a.status,
        tone: 'warn',
        text: `Ethereum blobs · ${RETENTION}: not checked before it expired`,
        exit: `Its data is in Ethereum blobs ${RETENTION}, not checked before it expired: nodes may have dropped it. ${NOT_FROM_L1}.`,
        exitTone: 'warn',
        ack: true,
      };
    case 'untied': {
      const why = a.reason ?? a.words;
      return {
        status: a.status,
        tone: 'warn',
        text: `Ethereum blobs · not tied to a verified beacon block: ${why}`,
        exit: `Its data is in Ethereum blobs that could not be tied to a verified beacon block (${why}): nothing about them was proven. ${NOT_FROM_L1}.`,
        exitTone: 'warn',
        ack: true,
      };
    }
  }
}

/** "data location unknown: why" → "why". */
const unknownWhy = (words: string) => words.replace(/^data location unknown:\s*/, '');

/**
 * The summary of a rollup's data, or of none read yet (`null`).
 * @example dataSummary(rollup.data, now / 1000).text // 'Data: Ethereum blobs · 16 of 128 columns sampled from 2 endpoints, all verified · slot 1,234'
 */
export function dataSummary(data: RollupDataView | null, nowS: number): DataSummary {
  if (data === null) {
    return { status: 'not-read', tone: '', text: 'Data: not read yet', exit: "Where this rollup's data is has not been read yet.", exitTone: '', ack: false, demoted: null };
  }
  const lead = data.tie === 'recent' ? 'Data (newest postings): ' : 'Data: ';
  switch (data.where) {
    case 'blobs': {
      const s = blobsSummary(data.availability, nowS);
      return { ...s, text: lead + s.text, demoted: demotedWords(data.availability) };
    }
    case 'calldata':
      return {
        status: 'calldata',
        tone: 'good',
        text: `${lead}Ethereum calldata · anyone can rebuild the state from Ethereum alone`,
        exit: 'Its data is in Ethereum calldata: the escape proof can be rebuilt from Ethereum alone.',
        exitTone: 'good',
        ack: false,
        demoted: null,
      };
    case 'off-ethereum': {
      const layer = data.layer ?? 'another data layer';
      return {
        status: 'off-ethereum',
        tone: 'warn',
        text: `${lead}off Ethereum, on ${layer} · Ethereum alone cannot rebuild the state: a forced exit depends on ${layer} serving it`,
        exit: `Its data is off Ethereum, on ${layer}: the escape proof cannot be rebuilt from Ethereum alone. This exit depends on ${layer} or the L2 RPC serving the state.`,
        exitTone: 'warn',
        ack: true,
        demoted: null,
      };
    }
    case 'unknown': {
      const why = unknownWhy(data.words);
      return {
        status: 'unknown',
        tone: 'warn',
        text: `${lead}location unknown · ${why}`,
        exit: `Where its data is could not be read from L1 (${why}). ${NOT_FROM_L1}.`,
        exitTone: 'warn',
        ack: true,
        demoted: null,
      };
    }
  }
}

/** "2026-11-12 10:00 UTC". */
const utc = (seconds: number) => `${new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The facts behind the line, one a row: the batch and its tie, the L1 tx, the beacon block, the columns, each endpoint, the times. */
function detailRows(data: RollupDataView): ComponentChild[] {
  const a = data.availability;
  const rows: ComponentChild[] = [h('li', { key: 'batch' }, `${data.batch}: ${data.scope}`)];
  if (data.l1) rows.push(h('li', { key: 'tx' }, `L1 tx `, h('span', { class: 'mono' }, data.l1.tx), ` in block #${formatNumber(data.l1.block)}`));
  if (a?.beaconRoot) rows.push(h('li', { key: 'beacon' }, `beacon block `, h('span', { class: 'mono' }, a.beaconRoot), a.slot != null ? ` at slot ${formatNumber(a.slot)}` : ''));
  if (a && a.status !== 'untied') {
    rows.push(h('li', { key: 'cols' }, `${plural(a.blobs, 'blob')}: ${formatNumber(a.columns.asked)} of ${formatNumber(a.columns.total)} columns asked, ${formatNumber(a.columns.verified)} verified`));
  }
  for (const e of a?.endpoints ?? []) {
    rows.push(
      h(
        'li',
        { key: `e:${e.url}`, 'data-testid': 'rollup-data-endpoint', 'data-demoted': e.demoted || e.askedLast === true ? 'true' : 'false' },
        h('span', { class: 'mono' }, e.url),
        `: asked ${e.asked}, served ${e.served}, verified ${e.verified}`,
        e.bad > 0 ? `, ${e.bad} did not verify` : '',
        e.demoted || e.askedLast === true ? ' (asked last)' : '',
        e.error ? ` · no answer: ${e.error.code} ${e.error.message}` : '',
      ),
    );
  }
  if (a?.checkedAt != null) rows.push(h('li', { key: 'checked' }, `checked ${utc(a.checkedAt)}`));
  if (a?.expiresAt != null) rows.push(h('li', { key: 'expires' }, `nodes may drop the blobs after ${utc(a.expiresAt)}`));
  if (a?.code) rows.push(h('li', { key: 'code' }, h('code', null, a.code), a.reason ? `: ${a.reason}` : ''));
  return rows;
}

/**
 * The rollup card's data lines: the summary (`rollup-data-status`, `data-status`), a demoted
 * endpoint named, and the facts in a disclosure. Nothing while no data was read (an older
 * background, or before the first read).
 */
export function RollupDataLines({ data, nowS }: { data: RollupDataView | null; nowS: number }): ComponentChild {
  if (data === null) return null;
  const s = dataSummary(data, nowS);
  return h(
    'div',
    { class: 'rollup-data', 'data-testid': 'rollup-data', 'data-where': data.where },
    h('div', { class: s.tone === '' ? 'rollup-line' : `rollup-line ${s.tone}`, 'data-testid': 'rollup-data-status', 'data-status': s.status }, s.text),
    s.demoted !== null ? h('div', { class: 'rollup-line bad', 'data-testid': 'rollup-data-demoted' }, s.demoted) : null,
    h('details', { class: 'rollup-data-details', 'data-testid': 'rollup-data-details' }, h('summary', null, 'How the data was checked'), h('ul', null, detailRows(data))),
  );
}

/** The user's acknowledgement of a summary's status: a change of status (say, unsampled → off Ethereum) asks again. */
export function useDataAck(status: DataStatus): { acked: boolean; setAcked: (acked: boolean) => void } {
  const [ackedFor, setAckedFor] = useState<DataStatus | null>(null);
  return { acked: ackedFor === status, setAcked: (acked) => setAckedFor(acked ? status : null) };
}

/**
 * Before a forced exit: where the rollup's data is and what it means for the escape proof; when
 * Vigil cannot say the proof can be rebuilt from Ethereum alone, a box the user ticks
 * (`exit-data-ack`) before Start is enabled. The acknowledgement is the caller's state
 * (`acked`), so a change of status asks again.
 */
export function ExitDataNote({ summary: s, acked, onAck, testid = 'exit-data' }: { summary: DataSummary; acked: boolean; onAck: (acked: boolean) => void; testid?: string }): ComponentChild {
  const tone = s.exitTone === '' ? 'muted small' : `note small ${s.exitTone}`;
  return h(
    'div',
    { class: `exit-data ${tone}`, role: 'status', 'data-testid': testid, 'data-status': s.status, 'data-ack': s.ack ? 'required' : 'none' },
    h('div', null, s.exit),
    s.ack
      ? h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', 'data-testid': `${testid}-ack`, checked: acked, onChange: (ev: Event) => onAck((ev.currentTarget as HTMLInputElement).checked) }),
          h('span', null, "I understand: this exit may depend on others serving the rollup's state."),
        )
      : null,
  );
}
