/**
 * A recipient the user chose by name in the popup's send form, carried to the approval window and
 * the activity as a claim that is checked again: the name is resolved again by proof when the
 * window is prepared, and it is shown only when the address that proof gives is the transaction's
 * recipient (the address paid, or a token transfer's recipient). Otherwise the window shows the
 * address alone, with a warning that says why: never a name the proof did not give. And whether
 * the recipient looks like an address the wallet sent to before but is another (address
 * poisoning: src/core/look-alike.ts), from the wallet's own activity, never from what a page says.
 * @module
 */
import { lookAlikeOf, type SentTo } from '../../../core/look-alike.ts';
import { recipientOf } from '../../../core/recipient.ts';
import type { PolicyCode, Refusal } from '../../../wallet/policy.ts';

/** A name resolved by proof (src/client/wallet/ens/names.ts resolveName, or the app host's app:pageName). */
export interface ProvenName {
  name: string;
  address: string | null;
  provenance: { kind: string };
  at: { blockNumber: string; blockHash: string };
}

/** Resolves a name by proof; throws when it cannot (no address, an offchain gateway, no endpoint). */
export type ResolveName = (name: string) => Promise<ProvenName>;

/** What the window and the activity keep of a name that proved to be the recipient's. */
export interface RecipientName {
  name: string;
  /** The recipient, as the proof gave it. */
  address: string;
  /** Where the answer comes from ('proven', 'resolver-checked', 'gateway'). */
  provenance: string;
  at: { blockNumber: string; blockHash: string };
}

/** `resolve` asked once per name: what it proved (or why not) serves every ask after the first (the window's words and its recipient check rest on one proof). */
export function onceResolved(resolve: ResolveName | undefined): ResolveName | undefined {
  if (resolve === undefined) return undefined;
  const asked = new Map<string, Promise<ProvenName>>();
  return (name) => {
    let p = asked.get(name);
    if (p === undefined) asked.set(name, (p = resolve(name)));
    return p;
  };
}

/** ENS names are at most 255 bytes on the wire; a longer claim is not one. */
const MAX_NAME_LENGTH = 255;

/** The recipient of a transaction as the window describes it: a token transfer's recipient, else the address paid (src/core/recipient.ts). */
export function recipientOfDetails(details: Record<string, unknown>): string | null {
  return recipientOf((details.tx as { to?: unknown } | undefined)?.to, details.decoded);
}

/** What the window shows of a recipient that looks like one the wallet sent to (`at`: when, ms). */
export interface LookAlikeRecipient {
  recipient: string;
  looksLike: string;
  at: number;
}

/**
 * The window's details with `lookAlike` when their recipient ({@link recipientOfDetails}) is a
 * look-alike of an address in `sentTo` (the wallet's own activity on this network); else as they are.
 * @example markLookAlike(details, sentToOf(await activity.list())) // { ...details, lookAlike: { recipient: '0x1234…abcd', looksLike: '0x1234…ABCD', at: 1731400000000 } }
 */
export function markLookAlike(details: Record<string, unknown>, sentTo: readonly SentTo[]): Record<string, unknown> {
  const recipient = recipientOfDetails(details);
  const match = recipient === null ? undefined : lookAlikeOf(recipient, sentTo);
  if (recipient === null || match === undefined) return details;
  const lookAlike: LookAlikeRecipient = { recipient, looksLike: match.address, at: match.at };
  return { ...details, lookAlike };
}

/** A claimed name as the popup sent it, or undefined for none (a name too long or no string is no claim). */
export function readNameClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_NAME_LENGTH ? value : undefined;
}

/**
 * The window's details with the recipient's name, when `name` resolved again by proof gives the
 * recipient; else with a warning (RECIPIENT_NAME_CHANGED, RECIPIENT_NAME_NOT_PROVEN) and no name.
 * @example await nameRecipient(details, 'alice.vigil.eth', resolve) // { ...details, recipientName: { name: 'alice.vigil.eth', address: '0x7099…', … } }
 */
export async function nameRecipient(details: Record<string, unknown>, name: string, resolve: ResolveName | undefined): Promise<Record<string, unknown>> {
  const recipient = recipientOfDetails(details);
  const shown = name.slice(0, 80);
  if (recipient === null) return withWarning(details, 'RECIPIENT_NAME_NOT_PROVEN', `You chose the recipient as ${shown}, but this transaction pays no one Vigil can hold the name against: the name is not shown.`);
  let named: ProvenName;
  try {
    if (resolve === undefined) throw new Error('no verified name resolution here');
    named = await resolve(name);
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 200) : 'it could not be resolved';
    return withWarning(details, 'RECIPIENT_NAME_NOT_PROVEN', `${shown} could not be resolved again by proof (${why}): check the recipient's address yourself.`);
  }
  if (named.address === null || named.address.toLowerCase() !== recipient.toLowerCase()) {
    const now = named.address === null ? 'has no address now' : `now resolves to ${named.address}`;
    return withWarning(details, 'RECIPIENT_NAME_CHANGED', `${named.name.slice(0, 80)} ${now} (proven at block ${named.at.blockNumber}), not to this recipient: check the address before you approve.`, recipient, named.address ?? 'none');
  }
  const recipientName: RecipientName = { name: named.name, address: recipient, provenance: named.provenance.kind, at: named.at };
  return { ...details, recipientName };
}

function withWarning(details: Record<string, unknown>, code: PolicyCode, message: string, expected?: string, got?: string): Record<string, unknown> {
  const verdict = (details.verdict ?? { ok: true, warnings: [] }) as { warnings?: Refusal[] };
  const warning: Refusal = { code, severity: 'warning', message, ...(expected !== undefined ? { expected } : {}), ...(got !== undefined ? { got } : {}) };
  return { ...details, verdict: { ...verdict, warnings: [...(verdict.warnings ?? []), warning] } };
}

/** Kept for the activity: the name and the address it proved, nothing else. */
export function activityName(details: Record<string, unknown>): { name: string; address: string } | undefined {
  const n = details.recipientName as RecipientName | undefined;
  return n !== undefined && typeof n.name === 'string' && typeof n.address === 'string' ? { name: n.name, address: n.address } : undefined;
}

