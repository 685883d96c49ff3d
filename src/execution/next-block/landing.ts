/**
 * The blocks a transaction previewed at head N can land in: N+1 to N+1+K, at one block per slot at
 * most, K = {@link LANDING_SLOTS}. K covers what the signing rule lets pass before the transaction
 * is broadcast (a signing head up to 60 s old: five 12 s slots) and what it may wait after (the
 * approval window's re-simulation at approval, then the mempool): 32 slots, 6 min 24 s on a 12 s
 * chain. A transaction that lands later runs on a block the window did not look at; the window
 * says so in the same K ("fails if it lands after …", src/wallet/block-dependence.ts).
 *
 * Over that range each value of the block environment is one of three kinds (./taint.ts follows
 * each from where it enters a run):
 * - known at every landing point: NUMBER (N+1+j at most one per slot: the numbers N+1 … N+1+K),
 *   TIMESTAMP (T_N + s·(1+j)), SLOTNUM (S_N + 1 + j): taints carry their value at each point and a
 *   branch that comes out the same at all of them is no dependence;
 * - bounded by a monotone rule: BASEFEE (at most ±1/8 a block, EIP-1559), GASLIMIT (at most
 *   ±1/1024 a block), GAS left (±2,500: whether one address the run touched is the landing block's
 *   fee recipient, warm by EIP-3651, or not): taints carry the two ends while what is computed from
 *   them stays monotone;
 * - not known at all: COINBASE, PREVRANDAO, BLOBBASEFEE (its excess moves with other blocks' blobs,
 *   by an exponential), the hash and beacon root of a block not made yet (BLOCKHASH, EIP-2935,
 *   EIP-4788), and so GASPRICE only where it follows the base fee.
 * CHAINID and the state of the head are the same everywhere; other transactions before this one in
 * its block are not the block's values (what the state may become is another question).
 * Pure.
 * @module
 */
import type { BlockEnv } from '../block-env.ts';
import { BEACON_ROOTS_BUFFER_LENGTH, HISTORY_SERVE_WINDOW } from './system-contracts.ts';

/** K: the landing range is the K+1 blocks N+1 … N+1+K. */
export const LANDING_SLOTS = 32;
/** What one account access costs cold and warm differ by (EIP-2929): what a landing block's fee recipient saves the run. */
export const WARM_SAVING = 2_500n;

/** A value of the block environment that varies over the landing range (./taint.ts). */
export const SOURCES = ['coinbase', 'timestamp', 'number', 'prevRandao', 'gasLimit', 'baseFee', 'blobBaseFee', 'gasPrice', 'slotNumber', 'blockHash', 'beaconRoot', 'gas'] as const;
export type Source = (typeof SOURCES)[number];

/**
 * How a tainted value varies: `points`, its value at each landing point (exact); `ends`, its value at
 * the two ends of a bounded source, the value a monotone function of that source.
 */
export interface Domain {
  readonly source: Source;
  readonly kind: 'points' | 'ends';
  /** The source's own values: K+1 points, or its two ends. */
  readonly values: readonly bigint[];
}

/** The landing range of a run in the block after head N (`env` is that block, ../block-env.ts nextBlockEnv). */
export interface Landing {
  readonly points: number;
  readonly number: Domain;
  readonly timestamp: Domain;
  readonly slotNumber?: Domain;
  readonly baseFee: Domain;
  readonly gasLimit: Domain;
  /** N: hashes of blocks after it are not known. */
  readonly headNumber: bigint;
  /** T_{N+1}: beacon roots written after it are not known. */
  readonly nextTime: bigint;
  readonly slotSeconds: bigint;
}

export function landingRange(env: Pick<BlockEnv, 'number' | 'timestamp' | 'slotNumber' | 'baseFeePerGas' | 'gasLimit' | 'upcoming'>, slots = LANDING_SLOTS): Landing {
  const s = env.upcoming?.slotSeconds ?? 12n;
  const at = (first: bigint, step: bigint) => Array.from({ length: slots + 1 }, (_, j) => first + step * BigInt(j));
  let [feeLo, feeHi, gasLo, gasHi] = [env.baseFeePerGas, env.baseFeePerGas, env.gasLimit, env.gasLimit];
  for (let j = 0; j < slots; j++) {
    feeLo -= feeLo / 8n;
    feeHi += feeHi / 8n > 1n ? feeHi / 8n : 1n;
    gasLo -= gasLo / 1024n;
    gasHi += gasHi / 1024n;
  }
  return {
    points: slots + 1,
    number: { source: 'number', kind: 'points', values: at(env.number, 1n) },
    timestamp: { source: 'timestamp', kind: 'points', values: at(env.timestamp, s) },
    ...(env.slotNumber !== undefined ? { slotNumber: { source: 'slotNumber', kind: 'points', values: at(env.slotNumber, 1n) } as Domain } : {}),
    baseFee: { source: 'baseFee', kind: 'ends', values: [feeLo, feeHi] },
    gasLimit: { source: 'gasLimit', kind: 'ends', values: [gasLo, gasHi] },
    headNumber: env.number - 1n,
    nextTime: env.timestamp,
    slotSeconds: s,
  };
}

/** The block hash BLOCKHASH(n) answers at landing block `l`: the known one while n is in its 256-block window, else 0. */
const inHashWindow = (n: bigint, l: bigint) => n < l && n + 256n >= l;

/**
 * BLOCKHASH(n) over the landing range, for a constant n whose answer in this run is `answer`:
 * undefined when it is the same at every point; `unknown` for a block after the head; else its
 * value at each landing number (the hash, or 0 once out of the window).
 */
export function blockHashOverRange(n: bigint, answer: bigint, r: Landing): 'unknown' | bigint[] | undefined {
  if (n >= r.number.values.at(-1)!) return undefined; // 0 in every landing block
  if (n > r.headNumber) return 'unknown';
  const vals = r.number.values.map((l) => (inHashWindow(n, l) ? answer : 0n));
  return vals.every((v) => v === vals[0]) ? undefined : vals;
}

/** An EIP-4788 query for time t answers differently somewhere in the range: a root written after N+1's time, or one overwritten within it (its ring keeps 8191 seconds). */
export function beaconRootVaries(t: bigint, r: Landing): boolean {
  const last = r.timestamp.values.at(-1)!;
  return t > r.nextTime || t + BEACON_ROOTS_BUFFER_LENGTH <= last;
}

/** An EIP-2935 query for block n answers differently somewhere in the range: a block after the head, or one that leaves its window within it. */
export function historyVaries(n: bigint, r: Landing): boolean {
  const last = r.number.values.at(-1)!;
  return n > r.headNumber || n + HISTORY_SERVE_WINDOW <= last;
}
