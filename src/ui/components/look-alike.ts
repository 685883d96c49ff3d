/**
 * A recipient that looks like one the wallet sent to but is another address (address poisoning,
 * src/core/look-alike.ts): the one sentence the activity, the send form and the approval window
 * say it in, and the warning both forms show near the recipient with a box the user ticks ("I
 * checked the whole address") before they may go on. The tick belongs to one recipient: another
 * recipient asks again.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { SentTo } from '../../core/look-alike.ts';
import { shortAddress } from '../format.ts';

/**
 * "12 Nov" in the user's time zone (a send is remembered by the user's own day), with the year
 * when it is not `nowMs`'s.
 */
export function sentDayWords(ms: number, nowMs: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'an unknown day';
  const day = `${d.getDate()} ${d.toLocaleString('en-US', { month: 'short' })}`;
  return d.getFullYear() === new Date(nowMs).getFullYear() ? day : `${day} ${d.getFullYear()}`;
}

/**
 * The sentence: "looks like 0x1234…abcd you sent to on 12 Nov, but is a different address", after
 * whatever names the look-alike ("This address", "The sender").
 * @example lookAlikeWords({ address: '0x1234…abcd', at: Date.UTC(2026, 10, 12, 12) }, Date.UTC(2026, 10, 27)) // 'looks like 0x1234…abcd you sent to on 12 Nov, but is a different address'
 */
export function lookAlikeWords(match: SentTo, nowMs: number): string {
  return `looks like ${shortAddress(match.address)} you sent to on ${sentDayWords(match.at, nowMs)}, but is a different address`;
}

/**
 * `address` in one case (lower, so the two lines compare letter by letter whatever case each was
 * typed or checksummed in), the characters where it differs from `other` marked: the part a
 * look-alike hides in the middle.
 */
export function markedDifferences(address: string, other: string): ComponentChild[] {
  const a = address.toLowerCase();
  const b = other.toLowerCase();
  const out: ComponentChild[] = [];
  let run = '';
  let differs = false;
  const flush = () => {
    if (run !== '') out.push(differs ? h('mark', { key: out.length }, run) : run);
    run = '';
  };
  for (let i = 0; i < a.length; i++) {
    const d = a[i] !== b[i];
    if (d !== differs) {
      flush();
      differs = d;
    }
    run += a[i];
  }
  flush();
  return out;
}

/** The user's tick, held for one recipient (lower-cased): a change of recipient clears it. */
export function useLookAlikeAck(recipient: string | undefined): { acked: boolean; setAcked: (acked: boolean) => void } {
  const [ackedFor, setAckedFor] = useState<string | null>(null);
  const key = recipient?.toLowerCase();
  return { acked: key !== undefined && ackedFor === key, setAcked: (acked) => setAckedFor(acked && key !== undefined ? key : null) };
}

/**
 * The warning near the recipient: the sentence, both whole addresses one above the other, and —
 * when `onAck` is given — the box to tick (`${testid}-ack`). `data-looks-like`: the address mimicked.
 */
export function LookAlikeWarning({
  address,
  match,
  nowMs,
  acked,
  onAck,
  disabled = false,
  testid,
}: {
  address: string;
  match: SentTo;
  nowMs: number;
  acked: boolean;
  onAck?: ((acked: boolean) => void) | undefined;
  /** The box takes no tick yet (the approval window before it is armed: a key meant for another window ticks nothing). */
  disabled?: boolean;
  testid: string;
}): ComponentChild {
  return h(
    'div',
    { class: 'note warn look-alike', role: 'alert', 'data-testid': testid, 'data-looks-like': match.address },
    h('p', { 'data-testid': `${testid}-words` }, h('strong', null, 'Check the whole address. '), `This address ${lookAlikeWords(match, nowMs)}.`),
    h(
      'dl',
      { class: 'small' },
      h('dt', null, 'You sent to'),
      h('dd', { class: 'mono wrap' }, ...markedDifferences(match.address, address)),
      h('dt', null, 'This address'),
      h('dd', { class: 'mono wrap', 'data-testid': `${testid}-address` }, ...markedDifferences(address, match.address)),
    ),
    onAck
      ? h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', 'data-testid': `${testid}-ack`, checked: acked, disabled, onChange: (ev: Event) => onAck((ev.currentTarget as HTMLInputElement).checked) }),
          h('span', null, 'I checked the whole address'),
        )
      : null,
  );
}
