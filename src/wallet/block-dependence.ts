/**
 * Whether what a transaction does for the user depends on the block it lands in. The simulation
 * runs it in the block after the head as Vigil can know it; when the code read a value of the
 * block it lands in that Vigil cannot know (its fee recipient, prevRandao, time, number or base
 * fee, the hash or beacon root of a block not made yet: src/execution/next-block/unknowns.ts), it also runs
 * a block late, and this compares the user's own changes in the two, whatever was read (a number
 * read alone follows the rules a fee recipient read does):
 * - an outgoing amount that rises past the tolerance, an incoming one that disappears, or an
 *   approval set only in the other block: refused before any window (EFFECTS_DEPEND_ON_BLOCK), since
 *   the window would show less than the chain may take;
 * - any other difference past the tolerance (less received but something, less sent, more
 *   received, a failure that takes nothing): the window shows both and says so;
 * - within the tolerance: nothing to say (an honest swap that reads the time for its deadline).
 * Amounts are the user's own net changes without fees (the fee is shown on its own line). Pure.
 * @module
 */
import type { AssetChange, ApprovalEffect, BlockDependence, TransactionEffects } from './transaction-effects.ts';

export interface BlockComparison {
  /** Why the transaction must be refused (empty: it may be shown). */
  refuse: string[];
  /** Differences past the tolerance the window shows (refusals included). */
  differ: string[];
}

const key = (c: Pick<AssetChange, 'asset' | 'tokenId'>) => `${c.asset}:${c.tokenId ?? ''}`;
const assetOf = (k: string) => k.slice(0, k.lastIndexOf(':'));
const approvalKey = (a: ApprovalEffect) => `${a.kind}:${a.token}:${a.spender}:${a.tokenId ?? ''}:${a.amount ?? ''}:${a.approved ?? ''}`;

/** An own change in words: "you send 5", "you receive 5", "nothing". */
const words = (amount: bigint) => (amount < 0n ? `you send ${-amount}` : amount > 0n ? `you receive ${amount}` : 'nothing');

/** `a` and `b` further apart than `toleranceBps` of `a` (any difference when `a` is 0). */
function pastTolerance(a: bigint, b: bigint, toleranceBps: number): boolean {
  const diff = a > b ? a - b : b - a;
  const scale = a < 0n ? -a : a;
  return diff * 10_000n > scale * BigInt(toleranceBps);
}

/**
 * Compares the user's effects in the block shown (`shown`) with those in another plausible one
 * (`other`). Symmetric in nothing: `shown` is what the window would show.
 * @param toleranceBps the snapshot rule's (src/wallet/effects-snapshot.ts), in basis points
 */
export function compareBlocks(shown: TransactionEffects, other: TransactionEffects, toleranceBps: number): BlockComparison {
  const refuse: string[] = [];
  const differ: string[] = [];
  const a = new Map(shown.own.map((c) => [key(c), BigInt(c.amount)]));
  const b = new Map(other.own.map((c) => [key(c), BigInt(c.amount)]));
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(k) ?? 0n;
    const is = b.get(k) ?? 0n;
    if (!pastTolerance(was, is, toleranceBps)) continue;
    const asset = assetOf(k);
    if (is < 0n && (was >= 0n || -is * 10_000n > -was * BigInt(10_000 + toleranceBps))) {
      const reason = `you would send ${-is} of ${asset} (${words(was)} in the block shown)`;
      refuse.push(reason);
      differ.push(reason);
    } else if (was > 0n && is <= 0n) {
      const reason = `you would not receive ${asset} (${words(was)} in the block shown)`;
      refuse.push(reason);
      differ.push(reason);
    } else differ.push(`${asset}: ${words(is)} there, ${words(was)} in the block shown`);
  }
  const shownApprovals = new Set(shown.approvals.map(approvalKey));
  const otherApprovals = new Set(other.approvals.map(approvalKey));
  for (const ap of other.approvals) {
    if (shownApprovals.has(approvalKey(ap))) continue;
    const reason = `it would set an approval for ${ap.spender} on ${ap.token} that the block shown does not set`;
    refuse.push(reason);
    differ.push(reason);
  }
  for (const ap of shown.approvals) if (!otherApprovals.has(approvalKey(ap))) differ.push(`it would not set the approval for ${ap.spender} on ${ap.token}`);
  if (shown.ok && !other.ok) differ.push(`it fails: ${other.revert?.reason ?? 'reverted'}`);
  return { refuse, differ };
}

/**
 * The block dependence the window shows, when the effects differ past the tolerance but nothing
 * calls for a refusal; undefined when they agree within it.
 * @returns `refusal`: the words of EFFECTS_DEPEND_ON_BLOCK, when one is called for
 */
export function blockDependence(
  shown: TransactionEffects,
  other: TransactionEffects,
  reads: readonly string[],
  block: BlockDependence['block'],
  toleranceBps: number,
): { refusal?: string; dependsOnBlock?: BlockDependence } {
  const { refuse, differ } = compareBlocks(shown, other, toleranceBps);
  if (refuse.length > 0) {
    return { refusal: `what it does depends on the block it lands in, which no one knows before it is made: it reads the block's ${reads.join(', ')}, and in another plausible block ${refuse.join('; ')}` };
  }
  if (differ.length === 0) return {};
  return {
    dependsOnBlock: {
      reads: [...reads],
      block,
      ok: other.ok,
      ...(other.revert !== undefined ? { revert: other.revert } : {}),
      own: other.own,
      approvals: other.approvals,
      differences: differ,
    },
  };
}
