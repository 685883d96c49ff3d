/**
 * The block a call runs in: every field of its context comes from an execution header the light
 * client verified (the payload header in the beacon block), and the rules from the execution fork
 * active at its slot. Pure: the caller builds it from a verified head.
 * @module
 */
import { bytesToHex, describe, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aobject, field } from '../core/json.ts';
import type { BlockHeader } from './header.ts';

/**
 * Execution forks since the merge, in order; `bpoN` are EIP-7892 blob-parameter-only forks, which
 * change no rule. Amsterdam keeps the blob parameters of the BPO fork before it
 * ({@link BlockEnv.blobFork}), so it comes after them all: only rules are compared by order.
 */
export const EXECUTION_FORKS = ['paris', 'shanghai', 'cancun', 'prague', 'osaka', 'bpo1', 'bpo2', 'bpo3', 'bpo4', 'bpo5', 'amsterdam'] as const;
export type ExecutionFork = (typeof EXECUTION_FORKS)[number];

export function forkAtLeast(fork: ExecutionFork, than: ExecutionFork): boolean {
  return EXECUTION_FORKS.indexOf(fork) >= EXECUTION_FORKS.indexOf(than);
}

/**
 * BLOB_BASE_FEE_UPDATE_FRACTION per fork (EIP-4844, EIP-7691, and the mainnet/testnet BPO
 * schedule). Absent: the blob base fee of that fork is not known here, and a call that reads
 * BLOBBASEFEE fails rather than guess.
 */
const BLOB_BASE_FEE_UPDATE_FRACTION: Partial<Record<ExecutionFork, bigint>> = {
  cancun: 3338477n,
  prague: 5007716n,
  osaka: 5007716n,
  bpo1: 8346193n,
  bpo2: 11684671n,
};
const MIN_BASE_FEE_PER_BLOB_GAS = 1n;

/** Everything the EVM reads about the block it runs in. */
export interface BlockEnv {
  chainId: bigint;
  fork: ExecutionFork;
  number: bigint;
  hash: Uint8Array;
  parentHash: Uint8Array;
  stateRoot: Uint8Array;
  timestamp: bigint;
  /** COINBASE: the payload's fee recipient. */
  coinbase: Uint8Array;
  prevRandao: Uint8Array;
  gasLimit: bigint;
  baseFeePerGas: bigint;
  /** Cancun and later. */
  excessBlobGas: bigint;
  /** The fork whose blob parameters hold, when the rules' fork keeps an earlier one's (Amsterdam: the BPO fork before it). */
  blobFork?: ExecutionFork;
  /** EIP-7843 (Amsterdam): the beacon slot the block was built for, which SLOTNUM reads. */
  slotNumber?: bigint;
  /**
   * The rules of the block after this one when the network's schedule changes them there (a head
   * that is the last block before a fork): {@link nextBlockEnv} runs that block by them.
   */
  nextRules?: NextRules;
  /** The gas the block used, when its verified header is at hand: the base fee of the block after it follows (./fees.ts nextBaseFee). */
  gasUsed?: bigint;
  /** The root of the beacon block that carries this block (a verified head's): the next block's parent beacon block root (EIP-4788). */
  beaconRoot?: Uint8Array;
  /** The excess blob gas of the block after it (a verified head's: EIP-4844's calc_excess_blob_gas by the next block's parameters). */
  nextExcessBlobGas?: bigint;
  /**
   * Set on the block after a verified head, not made yet ({@link nextBlockEnv}): its number, time and
   * base fee are those it will have; its state root is the head's (what a run starts from, proven
   * there) and its hash is not known (zeros). `slotSeconds` is SECONDS_PER_SLOT, the step of the
   * landing range (./next-block/landing.ts); `parentBeaconRoot` the root the block's system calls
   * write before its transactions run (./next-block/system-contracts.ts): the head's, for the block
   * after it.
   */
  upcoming?: Upcoming;
  /** How the chain's EVM differs from `fork`'s when it is a rollup's (its own fork table sets it); absent on L1. */
  rollup?: RollupRules;
}

/**
 * A rollup's EVM against the L1 fork its rules build on (`BlockEnv.fork`): what src/l2's fork
 * tables (src/l2/op-stack/forks) set and ./evm-pool.ts and ./call.ts apply. Plain data: it crosses
 * to the execution worker with the rest of the env.
 */
export interface RollupRules {
  /** Names the rule set (`op-stack:jovian`): EVMs are kept per chain, fork and this. */
  id: string;
  /** P256VERIFY at 0x100 at this price, whatever the L1 fork has (OP Stack: RIP-7212's 3450 from Fjord to Jovian; absent, the L1 fork's: Osaka's 6900 in Karst). */
  p256VerifyGas?: bigint;
  /** The longest input in bytes each capped precompile takes, by its address as 40 lower-case hex digits. */
  inputCaps?: Record<string, number>;
  /** Blob transactions (EIP-4844) are valid on the chain. */
  blobTransactions: boolean;
  /** What BLOBBASEFEE reads, whatever the header's blob gas fields say (OP Stack: 1 from Ecotone; its chains carry no blobs). */
  blobBaseFee?: bigint;
}

/** A fork's rules from the block after a head on ({@link BlockEnv.nextRules}). */
export interface NextRules {
  fork: ExecutionFork;
  blobFork?: ExecutionFork;
  /** The slot the next block is built for, when it is the first to carry one (Amsterdam's first block). */
  slotNumber?: bigint;
}

/** What a run in a block not made yet needs beyond the header fields (see {@link BlockEnv.upcoming}). */
export interface Upcoming {
  slotSeconds: bigint;
  parentBeaconRoot: Uint8Array;
}

/**
 * fake_exponential(factor, numerator, denominator) of EIP-4844: factor · e^(numerator/denominator),
 * by its Taylor series in integers.
 */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accumulator = factor * denominator;
  while (accumulator > 0n) {
    output += accumulator;
    accumulator = (accumulator * numerator) / (denominator * i);
    i++;
  }
  return output / denominator;
}

/** BLOB_BASE_FEE_UPDATE_FRACTION of a fork; undefined before Cancun or for a fork not known here. */
export function blobBaseFeeUpdateFraction(fork: ExecutionFork): bigint | undefined {
  return BLOB_BASE_FEE_UPDATE_FRACTION[fork];
}

/** The block's blob base fee (BLOBBASEFEE), from its verified excess blob gas, or the constant a rollup's rules set. */
export function blobBaseFee(env: Pick<BlockEnv, 'fork' | 'blobFork' | 'excessBlobGas' | 'rollup'>): bigint {
  if (!forkAtLeast(env.fork, 'cancun')) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `there is no blob base fee before Cancun (this block is ${env.fork})`);
  }
  if (env.rollup?.blobBaseFee !== undefined) return env.rollup.blobBaseFee;
  const blobFork = env.blobFork ?? env.fork;
  const fraction = BLOB_BASE_FEE_UPDATE_FRACTION[blobFork];
  if (fraction === undefined) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `the blob base fee update fraction of ${blobFork} is not known to this version of Vigil`);
  }
  return fakeExponential(MIN_BASE_FEE_PER_BLOB_GAS, env.excessBlobGas, fraction);
}

/**
 * The block environment of an execution header verified by its hash, its rules' fork given: what
 * the L1 schedule (src/client/verified/execution-env.ts) and a rollup's fork table
 * (src/l2/op-stack/forks) decide, and a chain with no beacon config (the tests' reference node).
 */
export function blockEnvOfForkHeader(header: BlockHeader, hash: Uint8Array, chainId: bigint, fork: ExecutionFork): BlockEnv {
  if (header.baseFeePerGas === undefined) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `block ${header.number} is from before London: Vigil runs calls from the merge on`);
  }
  return {
    chainId,
    fork,
    number: header.number,
    hash,
    parentHash: header.parentHash,
    stateRoot: header.stateRoot,
    timestamp: header.timestamp,
    coinbase: header.miner,
    prevRandao: header.mixHash,
    gasLimit: header.gasLimit,
    baseFeePerGas: header.baseFeePerGas,
    excessBlobGas: header.excessBlobGas ?? 0n,
    ...(header.slotNumber !== undefined ? { slotNumber: header.slotNumber } : {}),
    gasUsed: header.gasUsed,
  };
}

/**
 * The block after `head`, the one block that consistently follows the proven state: number
 * head + 1 at the head's time plus a slot (the real block N+1 was made then, whatever the clock
 * says now: a later time with the same number is a block that never exists, which a contract can
 * tell from the beacon roots contract), the verified next base fee, over the head's proven state
 * (its state root: what a run reads is proven there). BLOCKHASH of the head answers the head's
 * verified hash (the parent hash here), older ones as at the head. The fee recipient and
 * prevRandao are the head's: the next block's are not known, and ./next-block/taint.ts follows
 * what a transaction does with them, and with anything else the block it lands in holds, over every
 * block it can land in. What the wallet estimates and simulates its own transactions in.
 */
export function nextBlockEnv(head: BlockEnv, nextBaseFee: bigint, slotSeconds = 12n): BlockEnv {
  if (slotSeconds <= 0n) throw new InputError(`seconds per slot expected > 0, got ${slotSeconds}`);
  // Before Cancun no system call reads it; from Cancun on a run without it would be no real block.
  const parentBeaconRoot = head.beaconRoot ?? (forkAtLeast(head.fork, 'cancun') ? undefined : new Uint8Array(32));
  if (parentBeaconRoot === undefined) throw new InputError(`block ${head.number}'s beacon block root is not known: the block after it cannot be run as it will be`);
  const { gasUsed: _, beaconRoot: __, nextExcessBlobGas: excessBlobGas = head.excessBlobGas, nextRules, ...rest } = head;
  const slotNumber = head.slotNumber !== undefined ? head.slotNumber + 1n : nextRules?.slotNumber;
  return {
    ...rest,
    ...(nextRules !== undefined ? { fork: nextRules.fork, ...(nextRules.blobFork !== undefined ? { blobFork: nextRules.blobFork } : {}) } : {}),
    number: head.number + 1n,
    parentHash: head.hash,
    hash: new Uint8Array(32),
    timestamp: head.timestamp + slotSeconds,
    baseFeePerGas: nextBaseFee,
    excessBlobGas,
    // The block after the head is built for the slot after the head's (a missed slot only delays it: ./next-block/landing.ts).
    ...(slotNumber !== undefined ? { slotNumber } : {}),
    upcoming: { slotSeconds, parentBeaconRoot },
  };
}

/** A BlockEnv as JSON (it crosses to the execution worker): quantities and bytes as 0x-hex. */
export interface BlockEnvJson {
  chainId: string;
  fork: ExecutionFork;
  number: string;
  hash: string;
  parentHash: string;
  stateRoot: string;
  timestamp: string;
  coinbase: string;
  prevRandao: string;
  gasLimit: string;
  baseFeePerGas: string;
  excessBlobGas: string;
  blobFork?: ExecutionFork;
  slotNumber?: string;
  nextRules?: { fork: ExecutionFork; blobFork?: ExecutionFork; slotNumber?: string };
  gasUsed?: string;
  beaconRoot?: string;
  nextExcessBlobGas?: string;
  upcoming?: { slotSeconds: string; parentBeaconRoot: string };
  rollup?: { id: string; p256VerifyGas?: string; inputCaps?: Record<string, number>; blobTransactions: boolean; blobBaseFee?: string };
}

/** A BlockEnv's fields but the fork, as [name, byte length (0: a quantity), optional]. */
const FIELDS: readonly (readonly [string, number, boolean?])[] = [
  ['chainId', 0], ['number', 0], ['hash', 32], ['parentHash', 32], ['stateRoot', 32], ['timestamp', 0], ['coinbase', 20], ['prevRandao', 32],
  ['gasLimit', 0], ['baseFeePerGas', 0], ['excessBlobGas', 0], ['slotNumber', 0, true], ['gasUsed', 0, true], ['beaconRoot', 32, true], ['nextExcessBlobGas', 0, true],
];
const UPCOMING_FIELDS: typeof FIELDS = [['slotSeconds', 0], ['parentBeaconRoot', 32]];

function fieldsToJson(value: object, fields: typeof FIELDS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name] of fields) {
    const v = (value as Record<string, bigint | Uint8Array | undefined>)[name];
    if (v !== undefined) out[name] = typeof v === 'bigint' ? '0x' + v.toString(16) : bytesToHex(v);
  }
  return out;
}

function fieldsFromJson(json: Record<string, unknown>, fields: typeof FIELDS, title: string): Record<string, bigint | Uint8Array> {
  const out: Record<string, bigint | Uint8Array> = {};
  for (const [name, length, optional] of fields) {
    if (optional === true && json[name] === undefined) continue;
    const v = field(json, name, title);
    out[name] = length > 0 ? hexToBytes(v, length, `${title}.${name}`) : hexToBigInt(v, `${title}.${name}`);
  }
  return out;
}

export function blockEnvToJson(env: BlockEnv): BlockEnvJson {
  const up = env.upcoming;
  return {
    ...(fieldsToJson(env, FIELDS) as unknown as Omit<BlockEnvJson, 'fork'>),
    fork: env.fork,
    ...(env.blobFork !== undefined ? { blobFork: env.blobFork } : {}),
    ...(env.nextRules !== undefined ? { nextRules: { fork: env.nextRules.fork, ...(env.nextRules.blobFork !== undefined ? { blobFork: env.nextRules.blobFork } : {}), ...(env.nextRules.slotNumber !== undefined ? { slotNumber: '0x' + env.nextRules.slotNumber.toString(16) } : {}) } } : {}),
    ...(up !== undefined
      ? { upcoming: fieldsToJson(up, UPCOMING_FIELDS) as unknown as NonNullable<BlockEnvJson['upcoming']> }
      : {}),
    ...(env.rollup !== undefined ? { rollup: rollupToJson(env.rollup) } : {}),
  };
}

function rollupToJson(r: RollupRules): NonNullable<BlockEnvJson['rollup']> {
  return {
    id: r.id,
    ...(r.p256VerifyGas !== undefined ? { p256VerifyGas: '0x' + r.p256VerifyGas.toString(16) } : {}),
    ...(r.inputCaps !== undefined ? { inputCaps: { ...r.inputCaps } } : {}),
    blobTransactions: r.blobTransactions,
    ...(r.blobBaseFee !== undefined ? { blobBaseFee: '0x' + r.blobBaseFee.toString(16) } : {}),
  };
}

function rollupFromJson(json: Record<string, unknown>): RollupRules {
  const id = field(json, 'id', 'block env.rollup');
  if (typeof id !== 'string' || id === '') throw new InputError(`"block env.rollup.id" expected a name, got ${describe(id)}`);
  const blobTransactions = field(json, 'blobTransactions', 'block env.rollup');
  if (typeof blobTransactions !== 'boolean') throw new InputError(`"block env.rollup.blobTransactions" expected a boolean, got ${describe(blobTransactions)}`);
  let inputCaps: Record<string, number> | undefined;
  if (json.inputCaps !== undefined) {
    inputCaps = {};
    for (const [address, cap] of Object.entries(aobject(json.inputCaps, 'block env.rollup.inputCaps'))) {
      if (!/^[0-9a-f]{40}$/.test(address)) throw new InputError(`"block env.rollup.inputCaps" expected 40 lower-case hex digits as a key, got ${describe(address)}`);
      if (typeof cap !== 'number' || !Number.isSafeInteger(cap) || cap < 0) throw new InputError(`"block env.rollup.inputCaps.${address}" expected a byte count, got ${describe(cap)}`);
      inputCaps[address] = cap;
    }
  }
  return {
    id,
    ...(json.p256VerifyGas !== undefined ? { p256VerifyGas: hexToBigInt(json.p256VerifyGas, 'block env.rollup.p256VerifyGas') } : {}),
    ...(inputCaps !== undefined ? { inputCaps } : {}),
    blobTransactions,
    ...(json.blobBaseFee !== undefined ? { blobBaseFee: hexToBigInt(json.blobBaseFee, 'block env.rollup.blobBaseFee') } : {}),
  };
}

export function blockEnvFromJson(value: unknown): BlockEnv {
  const json = aobject(value, 'block env');
  const fork = forkFromJson(field(json, 'fork', 'block env'), 'fork');
  return {
    ...(fieldsFromJson(json, FIELDS, 'block env') as unknown as Omit<BlockEnv, 'fork'>),
    fork,
    ...(json.blobFork !== undefined ? { blobFork: forkFromJson(json.blobFork, 'blobFork') } : {}),
    ...(json.nextRules !== undefined ? { nextRules: nextRulesFromJson(aobject(json.nextRules, 'block env.nextRules')) } : {}),
    ...(json.upcoming !== undefined ? { upcoming: upcomingFromJson(aobject(json.upcoming, 'block env.upcoming')) } : {}),
    ...(json.rollup !== undefined ? { rollup: rollupFromJson(aobject(json.rollup, 'block env.rollup')) } : {}),
  };
}

function nextRulesFromJson(json: Record<string, unknown>): NextRules {
  return {
    fork: forkFromJson(field(json, 'fork', 'block env.nextRules'), 'nextRules.fork'),
    ...(json.blobFork !== undefined ? { blobFork: forkFromJson(json.blobFork, 'nextRules.blobFork') } : {}),
    ...(json.slotNumber !== undefined ? { slotNumber: hexToBigInt(json.slotNumber, 'block env.nextRules.slotNumber') } : {}),
  };
}

function forkFromJson(fork: unknown, name: string): ExecutionFork {
  if (!(EXECUTION_FORKS as readonly unknown[]).includes(fork)) {
    throw new InputError(`"block env.${name}" expected one of ${EXECUTION_FORKS.join(', ')}, got ${describe(fork)}`);
  }
  return fork as ExecutionFork;
}

function upcomingFromJson(json: Record<string, unknown>): Upcoming {
  return fieldsFromJson(json, UPCOMING_FIELDS, 'block env.upcoming') as unknown as Upcoming;
}
