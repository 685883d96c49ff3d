/**
 * The home's balance: the account's ETH large, and its proof state as one small badge ("Proven at
 * block N", "Not proven yet", "Endpoint refused", "Endpoint unreachable") that opens the Status tab;
 * the words come from what the balances already carry (src/client/wallet/balances.ts: a value
 * proven at a verified head, or why it is left out as "CODE: sentence"). Under the amount, its
 * value from the ether feed read at the same head (./price-line.ts).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { Status } from '../../../extension/messages.ts';
import type { AccountBalances, PriceView } from '../../api.ts';
import { formatNumber, hostOf, shortUnits, type Tone } from '../../format.ts';
import { EthAmount } from '../amount.ts';
import { DelegationBadge } from '../delegation.ts';
import { failureKind, UNREACHABLE } from './failure-kind.ts';
import { PriceLine } from './price-line.ts';

type Row = AccountBalances['accounts'][number];

export interface ProofBadge {
  text: string;
  tone: Tone;
  /** The whole reason (a tooltip). */
  title: string;
  kind: 'proven' | 'proving' | 'not-yet' | 'refused' | 'unreachable';
}

/**
 * The badge of an account's balance row. A row with an error whose code is a verification's or
 * an input's (a proof that does not verify, an answer of the wrong form) is "Endpoint refused":
 * Vigil refused what the endpoint said. One without a code (no verified head or no RPC yet) is
 * "Not proven yet".
 * @example proofBadge({ address, error: 'PROOF_VALUE_MISMATCH: the balance differs' }, null).text // 'Endpoint refused'
 */
export function proofBadge(row: Row | undefined, at: AccountBalances['at']): ProofBadge {
  if (row === undefined) return { text: 'Proving…', tone: 'busy', title: 'Vigil is proving the balance at the newest verified block.', kind: 'proving' };
  if ('balance' in row) {
    if (at === null) return { text: 'Proving…', tone: 'busy', title: 'Vigil is proving the balance at the newest verified block.', kind: 'proving' };
    return { text: `Proven at block ${formatNumber(at.blockNumber)}`, tone: 'good', title: `Proven against block ${formatNumber(at.blockNumber)} (${at.blockHash}), a block the light client verified.`, kind: 'proven' };
  }
  const error = typeof row.error === 'string' ? row.error : 'unknown';
  const kind = failureKind(error);
  if (kind === 'not-yet') return { text: 'Not proven yet', tone: 'warn', title: `Not shown until it is proven: ${error}`, kind: 'not-yet' };
  if (kind === 'unreachable') return { text: 'Endpoint unreachable', tone: 'warn', title: `The execution RPC gave no usable answer: ${error}`, kind: 'unreachable' };
  return { text: 'Endpoint refused', tone: 'bad', title: `The execution RPC's answer did not verify, so Vigil refused it: ${error}`, kind: 'refused' };
}

/**
 * Why no balance is proven yet, in words, from what the status knows: offline, no network or no
 * execution RPC, no beacon API answered, the light client still syncing (and where), or the
 * execution RPC still to prove it at a verified block.
 * @example whyNotProven(status({ state: 'catching-up', optimistic: null, period }), true) // 'Still syncing: verifying sync committees, period 3 of 5.'
 */
export function whyNotProven(status: Status | null | undefined, online: boolean): string {
  if (!online) return 'This computer is offline: no server can be asked, so nothing is proven yet.';
  if (!status) return 'Waiting for Vigil\'s background to answer.';
  if (status.state === 'unconfigured') return 'No network is set up: add a beacon API and an execution RPC in Settings.';
  if (status.network.executionRpcs.length === 0) return 'This network has no execution RPC: balances are proven once you add one in Settings.';
  if (status.optimistic === null) {
    // Newest first: the last thing the light client met.
    const unreachable = status.errors.find((e) => e.source === 'sync' && UNREACHABLE.has(e.code));
    if (unreachable && status.state !== 'catching-up') {
      const where = unreachable.endpoint ? hostOf(unreachable.endpoint) : status.network.beaconApis.map(hostOf).join(', ');
      return `No beacon API answered (${where || unreachable.code}): nothing can be verified until one does. Vigil keeps trying.`;
    }
    if (status.state === 'error') return 'The light client could not start (Status says why); retrying.';
    if (status.state === 'catching-up' && status.period) return `Still syncing: verifying sync committees, period ${status.period.current} of ${status.period.head}.`;
    if (status.state === 'bootstrapping') return 'Still syncing: verifying the checkpoint.';
    return 'Still syncing: no block verified yet.';
  }
  return 'Waiting for the execution RPC to prove it at the newest verified block.';
}

export function BalanceHero({
  row,
  at,
  why,
  onOpenStatus,
  price,
  nowMs,
  children,
}: {
  row: Row | undefined;
  at: AccountBalances['at'];
  /** The ether feed's reading at `at` (./price-line.ts): its value under the balance, or why none. */
  price?: PriceView | undefined;
  /** The clock a reading's age counts from (ms). */
  nowMs?: number | undefined;
  /** Why nothing is proven yet ({@link whyNotProven}): shown under a "Not proven yet" badge. */
  why?: string | undefined;
  onOpenStatus?: (() => void) | undefined;
  children?: ComponentChild;
}): ComponentChild {
  const badge = proofBadge(row, at);
  const reason = badge.kind === 'not-yet' && why !== undefined ? why : undefined;
  const proven = row !== undefined && 'balance' in row;
  // Short (4–6 significant digits, never more than is there), the exact value on hover and focus;
  // a large balance's integer part stays whole, so a long one steps down a size rather than wrap.
  const long = proven && shortUnits(row.balance, 18).length > 14;
  return h(
    'section',
    { class: 'card home-balance' },
    h(
      'div',
      { class: `home-amount${proven ? '' : ' unproven'}${long ? ' long' : ''}`, 'data-testid': 'home-balance' },
      proven ? h(EthAmount, { wei: row.balance }) : row === undefined ? '…' : '—',
    ),
    proven && price !== undefined ? h(PriceLine, { view: price, wei: row.balance, nowMs: nowMs ?? Date.now() }) : null,
    h(
      'button',
      { type: 'button', class: `pill small badge tone-${badge.tone}`, title: badge.title, 'data-testid': 'home-proof', 'data-kind': badge.kind, onClick: onOpenStatus, 'aria-label': `${badge.text}: open Status` },
      badge.text,
    ),
    reason !== undefined ? h('p', { class: 'small muted', 'data-testid': 'home-why' }, reason) : null,
    row !== undefined && 'delegation' in row ? h(DelegationBadge, { delegation: row.delegation }) : null,
    children,
  );
}
