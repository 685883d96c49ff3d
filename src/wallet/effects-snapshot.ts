/**
 * Signing against a snapshot: whether the effects of a transaction simulated again at approval
 * differ from those the approval window showed enough to ask the user again. Pure, and apart from
 * ./transaction-effects.ts so the service worker, which signs, carries this rule and not the
 * decoders (the simulation and its summary run in the app host).
 * @module
 */
import type { ApprovalEffect, AssetChange, TransactionEffects } from './transaction-effects.ts';

/** Default tolerance on what the user receives between the simulation shown and the one signed against: 0.5%. */
export const DEFAULT_INCOMING_TOLERANCE_BPS = 50;

/**
 * Why the effects at approval (`now`) differ from those the user saw (`seen`) enough to ask again:
 * it reverts now; an outgoing amount rose; an incoming amount fell by more than `toleranceBps`;
 * the set of assets or of approvals changed; it now depends on the block it lands in where the
 * window did not say so; it now carries a warning the window did not (more tokens left unread, a
 * token it sends newly left unread, a token newly flagged: events that disagree with balances,
 * unknown, impersonating). Empty when the user's yes still stands. Effects are compared without
 * fees (the fee is not among `own`: it is bounded by the signed max fee, as the policy bounds it).
 */
export function effectsChanged(seen: TransactionEffects, now: TransactionEffects, toleranceBps = DEFAULT_INCOMING_TOLERANCE_BPS): string[] {
  const reasons: string[] = [];
  if (!now.ok) reasons.push(`it now fails: ${now.revert?.reason ?? 'reverted'}`);
  const key = (c: AssetChange) => `${c.asset}:${c.tokenId ?? ''}`;
  const before = new Map(seen.own.map((c) => [key(c), BigInt(c.amount)]));
  const after = new Map(now.own.map((c) => [key(c), BigInt(c.amount)]));
  if ([...before.keys()].sort().join() !== [...after.keys()].sort().join()) reasons.push('the assets it moves for you changed');
  for (const [k, was] of before) {
    const is = after.get(k);
    if (is === undefined) continue;
    if (was < 0n && is < was) reasons.push(`you would send more of ${k.split(':')[0]} (${-is} instead of ${-was})`);
    if (was > 0n && is * 10_000n < was * BigInt(10_000 - toleranceBps)) reasons.push(`you would receive less of ${k.split(':')[0]} (${is} instead of ${was})`);
    if (was > 0n && is <= 0n) reasons.push(`you would no longer receive ${k.split(':')[0]}`);
  }
  const approvalKey = (a: ApprovalEffect) => `${a.kind}:${a.token}:${a.spender}:${a.tokenId ?? ''}:${a.amount ?? ''}:${a.approved ?? ''}`;
  if (seen.approvals.map(approvalKey).sort().join() !== now.approvals.map(approvalKey).sort().join()) reasons.push('the approvals it sets changed');
  if (now.dependsOnBlock !== undefined && seen.dependsOnBlock === undefined) reasons.push(`what it does now depends on the block it lands in (it reads the block's ${now.dependsOnBlock.readsInWords ?? now.dependsOnBlock.reads.join(', ')})`);
  // A deadline that now falls within the blocks it can land in: the window did not say when it fails.
  for (const f of now.failsIf ?? []) if (!(seen.failsIf ?? []).includes(f)) reasons.push(f.charAt(0).toLowerCase() + f.slice(1));
  // A warning the window did not show is a change the user has not said yes to.
  if ((now.tokensNotRead ?? 0) > (seen.tokensNotRead ?? 0)) reasons.push(`it now touches ${now.tokensNotRead} tokens whose balances were not read`);
  // Not a count: a token it sends that is now unread, whichever it is (signing refuses it: src/wallet/policy.ts effectsRefusals).
  for (const t of now.outgoingNotRead ?? []) if (!(seen.outgoingNotRead ?? []).includes(t)) reasons.push(`it now sends ${t}, whose balance was not read`);
  const flagsOf = (rows: readonly (AssetChange | ApprovalEffect)[]) => new Set(rows.flatMap((r) => Object.keys(r.flags ?? {}).filter((f) => f !== 'impersonating').map((f) => `${'asset' in r ? key(r) : r.token}:${f}`)));
  const seenFlags = flagsOf([...seen.own, ...seen.approvals]);
  for (const f of flagsOf([...now.own, ...now.approvals])) {
    if (!seenFlags.has(f)) reasons.push(`${f.slice(0, f.indexOf(':'))} is now flagged: ${f.slice(f.lastIndexOf(':') + 1)}`);
  }
  return reasons;
}

