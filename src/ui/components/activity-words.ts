/**
 * What an activity row says it did, in words with its amounts and counterparty ("Sent 10 VTA
 * (0x5FbD…0aa3) to bob.vigil.eth (0x3C44…93BC)", "Deposited 2 ETH into Vigil ZK devnet's bridge …"):
 * the approval window's headline (./approval/headline.ts) said as done, from the call the window
 * decoded, the effects it showed and the name proven for the recipient, all kept on the row. A row
 * from before they were kept, a speed-up or cancel, a forced exit's step: its summary. And the fee:
 * what was paid (gas used × the effective gas price, both from the verified receipt) once it is
 * in a block, the signed cap while it waits.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { ActivityView } from '../api.ts';
import { formatGwei, formatNumber } from '../format.ts';
import { EthAmount } from './amount.ts';
import { type DecodedJson, Headline, headline, type Part } from './approval/headline.ts';

/** The call kinds ./approval/headline.ts says; a row holding another (a newer version's) falls back to its summary. */
const KINDS = new Set(['erc20-transfer', 'erc20-approve', 'erc20-allowance', 'token-transfer-from', 'erc721-transfer', 'operator', 'erc1155-transfer', 'call']);

/** The row's headline parts as done, or null where its summary says it. */
export function activityParts(row: ActivityView): Part[] | null {
  if (row.replaces !== undefined || row.exitStep || !('decoded' in row) || row.decoded === undefined) return null;
  const decoded = row.decoded;
  if (decoded !== null && !(typeof decoded.kind === 'string' && KINDS.has(decoded.kind))) return null;
  try {
    return headline({ tx: { to: row.to, value: row.value }, decoded: decoded as DecodedJson, effects: row.effects as never, recipientName: row.recipientName }, undefined, 'done');
  } catch {
    // A row whose stored call does not read (an amount that is no integer): its summary.
    return null;
  }
}

/** The row's first line: what it did in words, each amount short with its exact value on hover and focus. */
export function ActivitySummary({ row }: { row: ActivityView }): ComponentChild {
  const parts = activityParts(row);
  return h('span', { class: 'activity-summary', 'data-testid': 'activity-summary' }, parts === null ? row.summary : h(Headline, { parts }));
}

function big(text: unknown): bigint | null {
  return typeof text === 'string' && /^\d{1,80}$/.test(text) ? BigInt(text) : null;
}

/** The fee: paid (gas used × effective gas price, verified receipt) once included; the signed cap beside it only while it waits. */
export function FeeWords({ row: r }: { row: ActivityView }): ComponentChild {
  const used = big(r.receipt?.gasUsed);
  const price = big(r.receipt?.effectiveGasPrice);
  if (used !== null && price !== null) {
    return h('span', null, h(EthAmount, { wei: used * price, rounding: 'up', testid: 'activity-fee-paid' }), ` paid (${formatNumber(Number(used))} gas × ${formatGwei(price)}, verified receipt)`);
  }
  const value = big(r.value);
  const cap = big(r.maxCost);
  const signedCap = cap !== null && value !== null && cap >= value ? cap - value : null;
  // Waiting (or a row from before the price was kept): the most it can cost, as signed.
  const usedWords = used !== null ? ` · ${formatNumber(Number(used))} gas used` : '';
  if (signedCap === null) return used !== null ? usedWords.slice(3) : '—';
  return h('span', null, 'at most ', h(EthAmount, { wei: signedCap, rounding: 'up', testid: 'activity-fee-cap' }), ` (signed cap)${usedWords}`);
}
