/**
 * The approval window's gates, judged again by the service worker before a yes signs (audit F5):
 * what src/ui/components/approval/view.ts waits for before it enables Approve, read here from the
 * details the background itself stored for the request, never from what the page says of them.
 *
 * - Arm delay: Approve works only a moment ({@link APPROVAL_ARM_DELAY_MS}) after the request, as
 *   it now reads, was shown. The background cannot see the window's focus; it measures from the
 *   first time it delivered the request's current details to a page (./approvals.ts `get`), which
 *   no window can show earlier.
 * - Delegation: a message or typed data (no simulation says what the account's code does with a
 *   signature) is signed only once the signer's EIP-7702 delegation is proven; the background
 *   proves it again itself, at its own head.
 * - Look-alike: a transaction whose recipient looks like one the wallet sent to (details.lookAlike)
 *   needs the user's "I checked the whole address".
 * - Words disagree: a transaction or batch whose descriptor's words disagree with its simulation,
 *   or typed data whose words disagree with its permits, needs the user's "I have read what
 *   disagrees".
 *
 * Checking only: {@link unmetGate} reads no clock and changes nothing; the caller passes the time.
 * @module
 */
import type { ApprovalKind } from '../../storage/wallet.ts';
import { WalletError } from '../../wallet/errors.ts';

/**
 * How long after a request was shown Approve may work: the window's own ARM_DELAY_MS
 * (src/ui/components/approval/armed.ts, kept equal by test/unit/client/wallet/approval-gates.test.ts).
 */
export const APPROVAL_ARM_DELAY_MS = 1000;

/** A gate of the window's: the arm delay, the signer's delegation proven, the look-alike box, the words-disagree box. */
export type ApprovalGate = 'armDelay' | 'delegation' | 'lookAlike' | 'wordsDisagree';

/** The boxes the user ticked in the window before Approve (only `true` counts). */
export interface ApprovalAcknowledgements {
  /** "I checked the whole address": the recipient that looks like one the wallet sent to. */
  lookAlike?: boolean;
  /** "I have read what disagrees": the words that disagree with the simulation or the permits. */
  wordsDisagree?: boolean;
}

/** What a request's window gates Approve on, from its stored details. */
export interface RequestGates {
  /** The account whose delegation must be proven before it signs (a message, typed data); absent for the other kinds. */
  signer?: string;
  /** The recipient looks like one the wallet sent to: the look-alike box must be ticked. */
  lookAlike: boolean;
  /** The words disagree with what the request does: the words-disagree box must be ticked. */
  wordsDisagree: boolean;
}

/**
 * The gates of a request of `kind` with these details, as the window decides them (view.ts
 * `signingAccount`, `lookAlikeOfDetails`, `disagreementsOf`). Fail closed: a look-alike or a
 * disagreement the background recorded needs its tick even where the window would not read its shape.
 * @example gatesOf('transaction', { lookAlike: { recipient: '0x…', looksLike: '0x…', at: 1 } }) // { lookAlike: true, wordsDisagree: false }
 */
export function gatesOf(kind: ApprovalKind, details: Record<string, unknown>): RequestGates {
  const address = details.address;
  const signer = (kind === 'personalSign' || kind === 'typedData') && typeof address === 'string' ? address : undefined;
  const lookAlike = kind === 'transaction' && typeof details.lookAlike === 'object' && details.lookAlike !== null;
  return { ...(signer !== undefined ? { signer } : {}), lookAlike, wordsDisagree: disagreeCount(kind, details) > 0 };
}

/** How many disagreements the request's words carry, where the window reads them (view.ts disagreementsOf). */
function disagreeCount(kind: ApprovalKind, details: Record<string, unknown>): number {
  const effects = asRecord(details.effects);
  switch (kind) {
    case 'transaction':
      return disagreementsOf(effects?.words);
    case 'typedData':
      return disagreementsOf(details.words);
    case 'calls': {
      // The batch's words (each call's, held together); a batch of one call sent as itself, its one transaction's.
      const batch = asRecord(effects?.callWords);
      if (batch !== undefined && Array.isArray(batch.disagreements)) return batch.disagreements.length;
      const one = details.atomic === undefined && Array.isArray(details.calls) && details.calls.length === 1;
      return one ? disagreementsOf(effects?.words) : 0;
    }
    default:
      return 0;
  }
}

function disagreementsOf(words: unknown): number {
  const d = asRecord(words)?.disagreements;
  return Array.isArray(d) ? d.length : 0;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}

/** A gate the approval does not meet, and why in words. */
export interface UnmetGate {
  gate: ApprovalGate;
  why: string;
}

/**
 * The first of the request's gates a yes does not meet (the delegation aside: it is proven by the
 * caller), or undefined. `shownAt`: when the background first delivered the request's current
 * details to a page (undefined: never, since this background started); `now` on the same clock.
 * @example unmetGate({ lookAlike: true, wordsDisagree: false }, { shownAt: 0, now: 5000, acknowledged: {} }) // { gate: 'lookAlike', why: … }
 */
export function unmetGate(gates: RequestGates, answer: { shownAt: number | undefined; now: number; acknowledged: ApprovalAcknowledgements | undefined }): UnmetGate | undefined {
  const { shownAt, now, acknowledged } = answer;
  if (shownAt === undefined) return { gate: 'armDelay', why: 'Approve came before the request, as it now reads, was shown' };
  const waited = now - shownAt;
  if (waited < APPROVAL_ARM_DELAY_MS) return { gate: 'armDelay', why: `Approve came ${Math.max(0, waited)} ms after the request was shown, sooner than the window's ${APPROVAL_ARM_DELAY_MS} ms` };
  if (gates.lookAlike && acknowledged?.lookAlike !== true) return { gate: 'lookAlike', why: 'the recipient looks like an address you sent to, and "I checked the whole address" was not ticked' };
  if (gates.wordsDisagree && acknowledged?.wordsDisagree !== true) return { gate: 'wordsDisagree', why: 'the words disagree with what the request does, and "I have read what disagrees" was not ticked' };
  return undefined;
}

/**
 * The refusal of a yes that skipped a gate: the request still waits for a proper answer.
 * `details` names the gate.
 */
export function gateError(unmet: UnmetGate, cause?: unknown): WalletError {
  return new WalletError('APPROVAL_GATE_NOT_MET', `not approved: ${unmet.why}`, { details: unmet.gate, ...(cause !== undefined ? { cause } : {}) });
}
