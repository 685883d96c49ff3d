/**
 * The block a call runs in: every field of its context comes from an execution header the light
 * client verified (the payload header in the beacon block), and the rules from the execution fork
 * active at its slot. Pure: the caller builds it from a verified head.
 * @module
 */
import { bytesToHex, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aobject, field } from '../core/json.ts';

/** Execution forks since the merge, in order; `bpoN` are EIP-7892 blob-parameter-only forks. */
export const EXECUTION_FORKS = ['paris', 'shanghai', 'cancun', 'prague', 'osaka', 'bpo1', 'bpo2', 'bpo3', 'bpo4', 'bpo5'] as const;
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

/** The block's blob base fee (BLOBBASEFEE), from its verified excess blob gas. */
export function blobBaseFee(env: Pick<BlockEnv, 'fork' | 'excessBlobGas'>): bigint {
  if (!forkAtLeast(env.fork, 'cancun')) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `there is no blob base fee before Cancun (this block is ${env.fork})`);
  }
  const fraction = BLOB_BASE_FEE_UPDATE_FRACTION[env.fork];
  if (fraction === undefined) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `the blob base fee update fraction of ${env.fork} is not known to this version of Vigil`);
  }
  return fakeExponential(MIN_BASE_FEE_PER_BLOB_GAS, env.excessBlobGas, fraction);
}

/** A BlockEnv as JSON (it crosses to the execution worker): quantities and bytes as 0x-hex. */
/**
 * `env` as a transaction sent now will meet it: a later time (`seconds` on) and the verified next
 * base fee, over the same proven state (number, hashes and state root kept: what a run reads is
 * proven at `env`'s block, and BLOCKHASH answers as there). What the wallet estimates and simulates
 * its own transactions in: code that reads the time (a price accumulator, a deadline) runs as it
 * will when mined, not as in a block already past.
 */
export function nextBlockEnv(env: BlockEnv, nextBaseFee: bigint, seconds = 12n): BlockEnv {
  return { ...env, timestamp: env.timestamp + seconds, baseFeePerGas: nextBaseFee };
}

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
}

export function blockEnvToJson(env: BlockEnv): BlockEnvJson {
  const q = (v: bigint) => '0x' + v.toString(16);
  return {
    chainId: q(env.chainId),
    fork: env.fork,
    number: q(env.number),
    hash: bytesToHex(env.hash),
    parentHash: bytesToHex(env.parentHash),
    stateRoot: bytesToHex(env.stateRoot),
    timestamp: q(env.timestamp),
    coinbase: bytesToHex(env.coinbase),
    prevRandao: bytesToHex(env.prevRandao),
    gasLimit: q(env.gasLimit),
    baseFeePerGas: q(env.baseFeePerGas),
    excessBlobGas: q(env.excessBlobGas),
  };
}

export function blockEnvFromJson(value: unknown): BlockEnv {
  const json = aobject(value, 'block env');
  const fork = field(json, 'fork', 'block env');
  if (!(EXECUTION_FORKS as readonly unknown[]).includes(fork)) {
    throw new InputError(`"block env.fork" expected one of ${EXECUTION_FORKS.join(', ')}, got ${String(fork).slice(0, 40)}`);
  }
  const q = (name: keyof BlockEnvJson) => hexToBigInt(field(json, name, 'block env'), `block env.${name}`);
  const b = (name: keyof BlockEnvJson, length: number) => hexToBytes(field(json, name, 'block env'), length, `block env.${name}`);
  return {
    chainId: q('chainId'),
    fork: fork as ExecutionFork,
    number: q('number'),
    hash: b('hash', 32),
    parentHash: b('parentHash', 32),
    stateRoot: b('stateRoot', 32),
    timestamp: q('timestamp'),
    coinbase: b('coinbase', 20),
    prevRandao: b('prevRandao', 32),
    gasLimit: q('gasLimit'),
    baseFeePerGas: q('baseFeePerGas'),
    excessBlobGas: q('excessBlobGas'),
  };
}
