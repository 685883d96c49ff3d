/**
 * What the block a transaction lands in holds that Vigil cannot know before it is made, and the
 * second run that tests whether a transaction depends on it. The light client proves head N; the
 * transaction is shown run in block N+1 at N's time plus a slot, the block that consistently
 * follows that state (../block-env.ts nextBlockEnv). It can only land later: N+1 was made when N's
 * signature reached the light client. Its number and base fee follow from the head (EIP-1559), but
 * its fee recipient (COINBASE), its randomness (PREVRANDAO), its slot (TIMESTAMP) and number
 * (NUMBER; from Amsterdam its slot, SLOTNUM), so its base fee (BASEFEE, and GASPRICE where the price follows it), and what the blocks
 * after N write (their hashes: BLOCKHASH and EIP-2935; their beacon roots: EIP-4788) are not known.
 * A run records which of these the code read (./trace.ts wraps those opcodes' handlers: nothing is
 * paid on the others); only when it read one is the transaction run again, in
 * {@link alternateBlockEnv}, and the wallet compares what the user would get in each
 * (src/wallet/block-dependence.ts). Pure.
 *
 * Reads of a value through an argument count only where the answer is not known truthfully for the
 * block the transaction lands in ({@link blockHashUnknown}, {@link beaconRootUnknown},
 * {@link historyUnknown}): one of a block after N, or one that a block later falls out of its window.
 *
 * The second run is "a block late": number N+2 at N's time plus two slots, always (number and time
 * move together), its system calls applied after those of N+1 (truthful: the head's beacon root,
 * the head's hash), its own with made-up values (N+1's hash and beacon root are not known). Every
 * value it makes up comes from a seed the caller drew (../block-env.ts Upcoming.seed), so that no
 * contract can compute it and behave well there only. And one of each other thing it read:
 * - COINBASE: another address.
 * - PREVRANDAO: another value.
 * - BASEFEE: the lower bound of the block after the next, next − next/8 (EIP-1559: an empty next
 *   block lowers it by an eighth at most). The lower bound, not the upper: a block at the lower
 *   bound can always hold the transaction (its fee cap covers the next base fee, so it covers
 *   less), while the upper one may pass a tight fee cap and be no block the transaction could be
 *   in at all; and it moves towards zero, where code that tells a free eth_call from a real block
 *   (basefee == 0, gasprice == 0) looks.
 * - GASPRICE: what the transaction pays at that base fee (unchanged for a legacy price, or a
 *   price at its cap: then reading it tells nothing of the block, and it asks for no second run).
 * @module
 */
import { concatBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import type { BlockEnv } from '../block-env.ts';
import type { CallRequest } from '../call-request.ts';
import { lowestNextBaseFee } from '../fees.ts';
import { BEACON_ROOTS_BUFFER_LENGTH, HISTORY_SERVE_WINDOW } from './system-contracts.ts';

/** The opcodes that read what the next block holds whenever they run, by name. */
export const BLOCK_READ_OPCODES = { coinbase: 0x41, timestamp: 0x42, number: 0x43, prevRandao: 0x44, baseFee: 0x48, gasPrice: 0x3a, slotNumber: 0x4b } as const;
export type OpcodeRead = keyof typeof BLOCK_READ_OPCODES;
/** The opcode reads, each traced at every run of its opcode. */
export const BLOCK_READS = Object.keys(BLOCK_READ_OPCODES) as OpcodeRead[];
/**
 * Every read, in the order a refusal and the window name them: the opcode reads, then a block hash
 * (BLOCKHASH, EIP-2935) and a beacon root (EIP-4788) that Vigil does not know for the block the
 * transaction lands in.
 */
export const ALL_BLOCK_READS = [...BLOCK_READS, 'blockHash', 'beaconRoot'] as const;
export type BlockRead = (typeof ALL_BLOCK_READS)[number];

/** BLOCKHASH, and the call opcodes whose target and input show a query of a system contract. */
export const BLOCKHASH = 0x40;
export const QUERY_OPCODES = { call: 0xf1, callCode: 0xf2, delegateCall: 0xf4, staticCall: 0xfa } as const;

/** What a run in a block not made yet knows truthfully: the head's number and the time of the block after it. */
export interface KnownBounds {
  /** N: hashes of blocks after it are not known. */
  headNumber: bigint;
  /** T_N + slot: beacon roots written after it are not known. */
  nextTime: bigint;
  /** The number of the block the run is in. */
  number: bigint;
}

/** {@link KnownBounds} of a run in `env` (a block a late carries the block between in `upcoming.between`). */
export function knownBounds(env: Pick<BlockEnv, 'number' | 'timestamp' | 'upcoming'>): KnownBounds {
  const between = env.upcoming?.between;
  return between !== undefined ? { headNumber: env.number - 2n, nextTime: between.timestamp, number: env.number } : { headNumber: env.number - 1n, nextTime: env.timestamp, number: env.number };
}

/**
 * BLOCKHASH(n) answers what the chain will not answer where the transaction lands: n after the
 * head (0 in N+1, N+1's hash in N+2; made up a block late), or the oldest block in reach (256 back),
 * which a block later is out of it.
 */
export function blockHashUnknown(n: bigint, k: KnownBounds): boolean {
  return n > k.headNumber || n === k.number - 256n;
}

/**
 * An EIP-4788 query for time t (32 bytes of input) answers what the chain will not: a time after
 * block N+1's (the roots of blocks not made yet), or an entry a block later may overwrite (the ring
 * buffer keeps 8191 seconds).
 */
export function beaconRootUnknown(t: bigint, k: KnownBounds, slotSeconds: bigint): boolean {
  return t > k.nextTime || t + BEACON_ROOTS_BUFFER_LENGTH <= k.nextTime + slotSeconds;
}

/** An EIP-2935 query for block n answers what the chain will not: n after the head, or the oldest in its window (8191 back), gone a block later. */
export function historyUnknown(n: bigint, k: KnownBounds): boolean {
  return n > k.headNumber || n + HISTORY_SERVE_WINDOW <= k.number;
}

const tag = (text: string) => new TextEncoder().encode(text);

/** The gas price `request` pays in a block of `baseFee` (../call.ts charges it; 0 for a call with no fee fields, as eth_call). */
export function effectiveGasPrice(request: Pick<CallRequest, 'gasPrice' | 'maxFeePerGas' | 'maxPriorityFeePerGas'>, baseFee: bigint): bigint {
  if (request.gasPrice !== undefined) return request.gasPrice;
  const cap = request.maxFeePerGas ?? 0n;
  const tip = request.maxPriorityFeePerGas ?? 0n;
  if (cap === 0n && tip === 0n) return 0n;
  return baseFee + tip < cap ? baseFee + tip : cap;
}

/**
 * The block a second run uses: a block late (see the module comment), with another plausible value
 * of each other thing the first run read; undefined when the only read was a gas price that is the
 * same there (then the first run's effects are the only ones there are). `calls` decide whether
 * GASPRICE follows the base fee. Every made-up value is derived from `env.upcoming.seed` (a
 * deterministic stand-in from the head's values when the caller drew none: tests, replays).
 */
export function alternateBlockEnv(env: BlockEnv, reads: ReadonlySet<BlockRead>, calls: readonly CallRequest[]): BlockEnv | undefined {
  const up = env.upcoming;
  if (up === undefined || up.between !== undefined) throw new InputError('a second run starts from the block after a head');
  const lower = lowestNextBaseFee(env.baseFeePerGas);
  const priceMoves = reads.has('gasPrice') && calls.some((c) => effectiveGasPrice(c, lower) !== effectiveGasPrice(c, env.baseFeePerGas));
  if (![...reads].some((r) => r !== 'gasPrice') && !priceMoves) return undefined;
  const seed = up.seed ?? keccak256(concatBytes(tag('vigil: no seed drawn'), env.parentHash, env.coinbase, env.prevRandao));
  const made = (what: string) => keccak256(concatBytes(seed, tag(`vigil: ${what}`)));
  const alt: BlockEnv = {
    ...env,
    number: env.number + 1n,
    timestamp: env.timestamp + up.slotSeconds,
    // SLOTNUM (EIP-7843) moves with the time: a block late is a slot late.
    ...(env.slotNumber !== undefined ? { slotNumber: env.slotNumber + 1n } : {}),
    // Block N+1's hash and N+2's parent beacon root: not known, made up.
    parentHash: made('the hash of the block between'),
    upcoming: { ...up, parentBeaconRoot: made('the beacon root of the block between'), between: { timestamp: env.timestamp, parentHash: env.parentHash, parentBeaconRoot: up.parentBeaconRoot } },
  };
  if (reads.has('coinbase')) alt.coinbase = made('another fee recipient').slice(12);
  if (reads.has('prevRandao')) alt.prevRandao = made('another prevRandao');
  if ((reads.has('baseFee') || priceMoves) && lower !== env.baseFeePerGas) alt.baseFeePerGas = lower;
  return alt;
}

/** The block values a second run used, for the window ("in another block: …"). */
export interface AlternateBlockJson {
  number: string;
  coinbase: string;
  prevRandao: string;
  timestamp: string;
  baseFeePerGas: string;
}

/** Every read a run made, in a fixed order (the names a refusal and the window show). */
export function sortedReads(reads: Iterable<BlockRead>): BlockRead[] {
  const set = new Set(reads);
  return ALL_BLOCK_READS.filter((r) => set.has(r));
}
