/**
 * "The rollup changed under Vigil": the fact behind the follower's refusals that mean the rollup's
 * L1 contracts moved away from what its config pins (the registry respects another dispute game
 * type, a game or a proxy runs code the config does not know, a pinned verifier key or route
 * differs), and its words. Everything else a follower throws (a lie, a proof that does not
 * verify, nothing found) is not such a fact and gets none.
 *
 * Pure: the error's code and fields in, the fact out; when the change happened is the L1 block the
 * error names, else the first verified L1 head Vigil saw it at (the caller passes it in).
 * @module
 */
/** What moved: the respected dispute game type, a game's code, a proxy's implementation, a proof verifier (key, release, route). */
export type RollupChangeKind = 'game-type' | 'game-code' | 'implementation' | 'verifier';

/** The codes that say the rollup's L1 contracts changed (src/core/errors.ts), and what each says changed. */
export const ROLLUP_CHANGE_CODES: Readonly<Record<string, RollupChangeKind>> = {
  OP_RESPECTED_GAME_TYPE_CHANGED: 'game-type',
  OP_GAME_UNKNOWN: 'game-code',
  L2_IMPLEMENTATION_UNKNOWN: 'implementation',
  L2_VERIFIER_CHANGED: 'verifier',
  SCROLL_VERIFIER_CHANGED: 'verifier',
};

/** A rollup whose L1 contracts changed to something its config does not accept. Plain JSON (kept in storage, sent to the popup). */
export interface RollupChange {
  kind: RollupChangeKind;
  /** The follower's error code. */
  code: string;
  rollup: { name: string; chainId: number };
  /** What the config pins and what L1 now holds (the error's own fields), when it says. */
  expected: string | null;
  got: string | null;
  /** The L1 block of the change: `exact` when the error names it, else the first verified L1 head it was seen at ("by"). */
  l1Block: { number: number; exact: boolean };
}

/**
 * The change an error says, or null when it says none.
 * @param seenAt the verified L1 head the follower read when it threw (used when the error names no block).
 * @example
 * rollupChangeOf(err, { name: 'OP Sepolia', chainId: 11155420 }, 7_000_000n)
 * // { kind: 'game-type', got: '9', l1Block: { number: 7000000, exact: false }, … }
 */
export function rollupChangeOf(err: unknown, rollup: { name: string; chainId: number }, seenAt: bigint | number): RollupChange | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { code?: unknown; expected?: unknown; got?: unknown };
  const kind = typeof e.code === 'string' ? ROLLUP_CHANGE_CODES[e.code] : undefined;
  if (kind === undefined) return null;
  const named = errorL1Block(err);
  return {
    kind,
    code: e.code as string,
    rollup: { name: rollup.name, chainId: rollup.chainId },
    expected: typeof e.expected === 'string' ? e.expected : null,
    got: typeof e.got === 'string' ? e.got : null,
    l1Block: named !== undefined ? { number: named, exact: true } : { number: Number(seenAt), exact: false },
  };
}

/**
 * The L1 block an error says the change happened at, when it carries one as an `l1Block` field (a
 * number, a bigint, or a decimal or 0x string). The followers' errors name only the block they
 * read (the first head the change was seen by, which the caller passes), so today every change is
 * worded "by L1 block N"; a follower that can date a change (an upgrade's event) sets the field.
 */
function errorL1Block(err: object): number | undefined {
  const v = (err as Record<string, unknown>).l1Block;
  const n = typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : typeof v === 'string' && /^(0x[0-9a-fA-F]{1,16}|\d{1,20})$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Whether two facts are the same change (the block aside): a notification goes out once per change. */
export function sameRollupChange(a: RollupChange, b: RollupChange): boolean {
  return a.rollup.chainId === b.rollup.chainId && a.kind === b.kind && a.code === b.code && a.expected === b.expected && a.got === b.got;
}

/**
 * The same change seen again at a later head keeps the earlier block (it was there by then); an
 * exact block named by the error wins over one seen.
 */
export function mergeRollupChange(before: RollupChange | undefined, now: RollupChange): RollupChange {
  if (before === undefined || !sameRollupChange(before, now) || now.l1Block.exact) return now;
  if (before.l1Block.exact || before.l1Block.number <= now.l1Block.number) return before;
  return now;
}

/** What changed, after "its": the sentence's own part for each kind. */
function whatChanged(c: RollupChange): string {
  const got = c.got === null ? '' : c.got;
  switch (c.kind) {
    case 'game-type':
      return got !== '' && /^\d+$/.test(got) ? `dispute games changed to type ${got}` : 'dispute games changed to another type';
    case 'game-code':
      return got !== '' && /^0x[0-9a-fA-F]{40}$/.test(got) ? `dispute games now run code this version does not know (${short(got)})` : 'dispute games now run code this version does not know';
    case 'implementation':
      return got !== '' && /^0x[0-9a-fA-F]{40}$/.test(got) ? `L1 contracts were upgraded (to ${short(got)})` : 'L1 contracts were upgraded';
    case 'verifier':
      return 'proof verifier changed (its key, release or route)';
  }
}

/**
 * The sentence the popup, the notification and the CLI say.
 * @example
 * rollupChangeWords(change) // "Vigil needs an update to follow OP Sepolia: its dispute games changed to type 9 by L1 block 7000000"
 */
export function rollupChangeWords(c: RollupChange): string {
  return `Vigil needs an update to follow ${c.rollup.name}: its ${whatChanged(c)} ${c.l1Block.exact ? 'at' : 'by'} L1 block ${c.l1Block.number}`;
}

/** A notification's title for the change. */
export function rollupChangeTitle(c: RollupChange): string {
  return `${c.rollup.name} changed: Vigil needs an update`;
}

/**
 * A stored or sent change read back: null when it is not of the shape {@link rollupChangeOf} makes.
 */
export function parseRollupChange(json: unknown): RollupChange | null {
  if (typeof json !== 'object' || json === null) return null;
  const j = json as Record<string, unknown>;
  const rollup = j.rollup as Record<string, unknown> | undefined;
  const block = j.l1Block as Record<string, unknown> | undefined;
  const str = (v: unknown) => v === null || typeof v === 'string';
  if (typeof j.code !== 'string' || ROLLUP_CHANGE_CODES[j.code] === undefined || j.kind !== ROLLUP_CHANGE_CODES[j.code]) return null;
  if (typeof rollup !== 'object' || rollup === null || typeof rollup.name !== 'string' || !Number.isSafeInteger(rollup.chainId)) return null;
  if (typeof block !== 'object' || block === null || !Number.isSafeInteger(block.number) || (block.number as number) < 0 || typeof block.exact !== 'boolean') return null;
  if (!str(j.expected) || !str(j.got)) return null;
  return {
    kind: j.kind as RollupChangeKind,
    code: j.code,
    rollup: { name: rollup.name, chainId: rollup.chainId as number },
    expected: j.expected as string | null,
    got: j.got as string | null,
    l1Block: { number: block.number as number, exact: block.exact },
  };
}

const short = (hex: string): string => `${hex.slice(0, 8)}…${hex.slice(-6)}`;
