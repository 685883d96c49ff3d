/**
 * The home's balance: the account's ETH large, and its proof state as one small badge ("Proven at
 * block N", "Not proven yet", "Endpoint refused", "Endpoint unreachable") that opens the Status tab;
 * the words come from what the balances already carry (src/client/wallet/balances.ts: a value
 * proven at a verified head, or why it is left out as "CODE: sentence").
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { AccountBalances } from '../../api.ts';
import { formatNumber, shortUnits, type Tone } from '../../format.ts';
import { EthAmount } from '../amount.ts';
import { DelegationBadge } from '../delegation.ts';

type Row = AccountBalances['accounts'][number];

/** src/core/errors.ts TransportErrorCode: the endpoint gave no usable answer (not a lie). */
const UNREACHABLE = new Set(['TIMEOUT', 'TOO_LARGE', 'HTTP_STATUS', 'NETWORK', 'BAD_RESPONSE', 'RPC_ERROR', 'NOT_AVAILABLE', 'UNKNOWN_FORK', 'NOT_RECORDED', 'ALL_ENDPOINTS_FAILED']);
/** No verified block to prove at yet: waiting, nothing refused. */
const NOT_YET = new Set(['NO_VERIFIED_HEAD', 'BLOCK_NOT_VERIFIED']);

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
  const code = /^([A-Z][A-Z0-9_]+):/.exec(error)?.[1];
  if (code === undefined || NOT_YET.has(code)) return { text: 'Not proven yet', tone: 'warn', title: `Not shown until it is proven: ${error}`, kind: 'not-yet' };
  if (UNREACHABLE.has(code)) return { text: 'Endpoint unreachable', tone: 'warn', title: `The execution RPC gave no usable answer: ${error}`, kind: 'unreachable' };
  return { text: 'Endpoint refused', tone: 'bad', title: `The execution RPC's answer did not verify, so Vigil refused it: ${error}`, kind: 'refused' };
}

export function BalanceHero({ row, at, onOpenStatus, children }: { row: Row | undefined; at: AccountBalances['at']; onOpenStatus?: (() => void) | undefined; children?: ComponentChild }): ComponentChild {
  const badge = proofBadge(row, at);
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
    h(
      'button',
      { type: 'button', class: `pill small badge tone-${badge.tone}`, title: badge.title, 'data-testid': 'home-proof', 'data-kind': badge.kind, onClick: onOpenStatus, 'aria-label': `${badge.text}: open Status` },
      badge.text,
    ),
    row !== undefined && 'delegation' in row ? h(DelegationBadge, { delegation: row.delegation }) : null,
    children,
  );
}
