/**
 * Whether what a transaction does for the user depends on the block it lands in. The engine runs it
 * in the block after the head and follows every value of the landing block from where it enters
 * the run (src/execution/next-block/taint.ts) over the blocks it can land in
 * (src/execution/next-block/landing.ts): the other side of each branch the block decides is run,
 * and what the user holds after it is given at each landing point where it moves
 * (src/execution/next-block/explore.ts). This judges each of those against the effects shown, by
 * the user's own changes (without fees: the fee has its own line):
 * - what the block decides that cannot be followed, an outgoing amount that rises past the
 *   tolerance, an incoming one that disappears, or an approval set only elsewhere: refused before
 *   any window (EFFECTS_DEPEND_ON_BLOCK), since the window would show less than the chain may take;
 * - another side that fails: the deadline pattern, shown plainly with when it fails ("fails if it
 *   lands at … or later");
 * - any other difference past the tolerance: the window shows the first such, with where;
 * - within the tolerance: nothing to say.
 * Pure.
 * @module
 */
import type { LandingJson, WhereJson } from '../execution/next-block/explore.ts';
import type { SimulationJson } from '../execution/engine.ts';
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

/** What a source is called in the words. */
const SOURCE_WORDS: Record<string, string> = {
  coinbase: 'fee recipient',
  timestamp: 'time',
  number: 'number',
  prevRandao: 'randomness (prevRandao)',
  gasLimit: 'gas limit',
  baseFee: 'base fee',
  blobBaseFee: 'blob base fee',
  gasPrice: 'gas price',
  slotNumber: 'slot',
  blockHash: 'hash of a block not made yet',
  beaconRoot: 'beacon root of a block not made yet',
  gas: 'gas left (whether an address is its fee recipient)',
};

export const readWords = (reads: readonly string[]): string => reads.map((r) => SOURCE_WORDS[r] ?? r).join(', ');

/**
 * Where on the landing range, in words: "if it lands at 2026-11-28 12:03:24 UTC or later", "if it
 * lands in block 1003", "if it lands between … and …", "if it lands at … or at 6 other times up to …".
 */
export function whereWords(where: WhereJson): string {
  const say = (v: bigint): string | undefined => {
    switch (where.source) {
      case 'timestamp':
        return new Date(Number(v) * 1000).toISOString().replace('T', ' ').replace('.000Z', ' UTC');
      case 'number':
        return `block ${v}`;
      case 'slotNumber':
        return `slot ${v}`;
      default:
        return undefined;
    }
  };
  const first = say(BigInt(where.value));
  if (first === undefined) return `where the block's ${readWords([where.source])} is ${BigInt(where.value)}`;
  const on = where.source === 'timestamp' ? 'at' : 'in';
  if (where.last === undefined) return `if it lands ${on} ${first} or later`;
  const last = say(BigInt(where.last))!;
  if (where.last === where.value) return `if it lands ${on} ${first}`;
  if (where.count === undefined) return where.source === 'timestamp' ? `if it lands between ${first} and ${last}` : `if it lands ${on} ${first} to ${last.replace(/^\S+ /, '')}`;
  const others = where.source === 'timestamp' ? 'times' : where.source === 'number' ? 'blocks' : 'slots';
  return `if it lands ${on} ${first} or ${on} ${where.count - 1} other ${others} up to ${last}`;
}

/** What the window does with a transaction whose effects were explored over the landing range. */
export interface LandingJudgement {
  /** The words of EFFECTS_DEPEND_ON_BLOCK, when it must be refused. */
  refusal?: string;
  /** Other effects somewhere in the range, past the tolerance: the first such. */
  dependsOnBlock?: BlockDependence;
  /** Where it fails (another side of a branch reverts): "It fails if it lands at … or later". */
  failsIf?: string[];
}

/**
 * Judges `landing` (the engine's exploration) against the effects shown.
 * @param effectsOf the user's effects of another simulation, as the shown ones were summarized
 * @param toleranceBps the snapshot rule's (src/wallet/effects-snapshot.ts), in basis points
 */
export function judgeLanding(shown: TransactionEffects, landing: LandingJson<SimulationJson>, base: SimulationJson, effectsOf: (sim: SimulationJson) => TransactionEffects, toleranceBps: number): LandingJudgement {
  const reads = landing.reads;
  const refuse = (why: string[]) => ({ refusal: `what it does depends on the block it lands in, which no one knows before it is made: it reads the block's ${readWords(reads)}, and ${why.join('; ')}` });
  if (landing.unbounded.length > 0) return refuse(landing.unbounded);
  const others: { where: string; reads: string[]; effects: TransactionEffects }[] = [
    ...landing.paths.filter((p) => p.branch.pointsOnly !== true).map((p) => ({ where: p.branch.where !== undefined ? whereWords(p.branch.where) : `where the block's ${readWords(p.branch.reads)} ${p.branch.reads.length > 1 ? 'make' : 'makes'} it branch the other way`, reads: p.branch.reads, effects: effectsOf(p.simulation) })),
    ...landing.points.map((p) => ({
      where: whereWords(p.where),
      reads: [p.where.source],
      effects: effectsOf({ ...(p.path !== undefined ? landing.paths[p.path]!.simulation : base), ...(p.holdings !== undefined ? { holdings: p.holdings } : {}), ...(p.balances !== undefined ? { balances: p.balances } : {}) }),
    })),
  ];
  const failsIf: string[] = [];
  let dependsOnBlock: BlockDependence | undefined;
  for (const o of others) {
    const { refuse: r, differ } = compareBlocks(shown, o.effects, toleranceBps);
    if (r.length > 0) return refuse([`${o.where} ${r.join('; ')}`]);
    if (!o.effects.ok) {
      // The deadline pattern: the other side fails, and takes no more than the side shown.
      const words = `It fails ${o.where}${o.effects.revert?.reason ? ` (${o.effects.revert.reason})` : ''}`;
      if (!failsIf.includes(words)) failsIf.push(words);
      continue;
    }
    if (differ.length === 0 || dependsOnBlock !== undefined) continue;
    dependsOnBlock = { reads: o.reads, readsInWords: readWords(o.reads), where: o.where, ok: true, own: o.effects.own, approvals: o.effects.approvals, differences: differ };
  }
  return { ...(dependsOnBlock !== undefined ? { dependsOnBlock } : {}), ...(failsIf.length > 0 ? { failsIf } : {}) };
}
