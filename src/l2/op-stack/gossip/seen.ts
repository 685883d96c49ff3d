/**
 * The blocks seen per height, as the gossip rules count them (specs rollup-node-p2p.md "Block
 * validation": REJECT when more than 5 different blocks were seen at the height, IGNORE one seen
 * already, then mark it seen). A small immutable value the caller keeps and passes in: checking
 * changes nothing (seenBefore), marking returns the next value (markSeen).
 *
 * It also keeps the first message of each height, so that a second block signed at that height
 * comes with the evidence against the first (./equivocation.ts), and only the newest heights
 * (op-node keeps 1,000 in an LRU; the time window refuses anything older than a minute anyway).
 * @module
 */
import { VerificationError } from '../../../core/errors.ts';
import type { GossipVersion } from './payload.ts';

/**
 * More than this many different blocks seen at a height refuse the next one. op-node p2p/gossip.go
 * (`count > 5`) and kona block_validity.rs (`len() > MAX_BLOCKS_TO_KEEP`) read the rule so: five
 * seen still admit a sixth, six refuse a seventh.
 */
export const MAX_BLOCKS_PER_HEIGHT = 5;
/** Heights kept by default. */
export const KEEP_HEIGHTS = 128;

/** A message as it came, with the version it was read as and its block hash (lower-case 0x-hex). */
export interface SeenMessage {
  readonly version: GossipVersion;
  readonly wire: Uint8Array;
  readonly hash: string;
}

export interface SeenHeight {
  /** The different block hashes seen, in order. */
  readonly hashes: readonly string[];
  /** The first message seen at the height. */
  readonly first: SeenMessage;
}

export interface SeenBlocks {
  readonly heights: ReadonlyMap<bigint, SeenHeight>;
}

export const NO_BLOCKS_SEEN: SeenBlocks = { heights: new Map() };

/**
 * Whether `hash` was seen at `number` already (the spec ignores it then).
 * @throws VerificationError OP_GOSSIP_TOO_MANY_AT_HEIGHT when more than 5 different blocks were seen there.
 */
export function seenBefore(seen: SeenBlocks, number: bigint, hash: string): boolean {
  const height = seen.heights.get(number);
  if (height === undefined) return false;
  if (height.hashes.length > MAX_BLOCKS_PER_HEIGHT) {
    throw new VerificationError('OP_GOSSIP_TOO_MANY_AT_HEIGHT', `more than ${MAX_BLOCKS_PER_HEIGHT} different blocks were seen at L2 height ${number}`, {
      expected: `at most ${MAX_BLOCKS_PER_HEIGHT}`,
      got: `${height.hashes.length}`,
    });
  }
  return height.hashes.includes(hash.toLowerCase());
}

/**
 * `message`'s block (valid, at `number`) marked seen. `earlier` is the first message of the height
 * when its block is another: two blocks signed at one height.
 * @example const { seen: next, earlier } = markSeen(seen, block.number, { version, wire, hash: bytesToHex(block.hash) })
 */
export function markSeen(seen: SeenBlocks, number: bigint, message: SeenMessage, keepHeights = KEEP_HEIGHTS): { seen: SeenBlocks; earlier?: SeenMessage } {
  const hash = message.hash.toLowerCase();
  const height = seen.heights.get(number);
  if (height?.hashes.includes(hash)) return { seen };
  const heights = new Map(seen.heights);
  // The first message is kept as a copy: it may be evidence long after the caller reused its buffer.
  heights.set(number, height === undefined ? { hashes: [hash], first: { version: message.version, wire: message.wire.slice(), hash } } : { hashes: [...height.hashes, hash], first: height.first });
  // Drop the lowest heights past the bound.
  if (heights.size > keepHeights) {
    const drop = [...heights.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).slice(0, heights.size - keepHeights);
    for (const n of drop) heights.delete(n);
  }
  return height === undefined ? { seen: { heights } } : { seen: { heights }, earlier: height.first };
}
