/**
 * An OP Stack block's base fee from its parent header, as the execution engine computes it:
 * EIP-1559 with the chain's parameters, which move into the header from Holocene on, a minimum
 * base fee from Jovian, and Jovian's DA footprint counted beside the gas.
 *
 * - Before Holocene the denominator and elasticity are the chain config's (EIP1559Denominator, or
 *   EIP1559DenominatorCanyon from Canyon; SPEC `exec-engine.md` "1559 Parameters").
 * - Holocene (SPEC `holocene/exec-engine.md`): when Holocene is active at the parent's timestamp,
 *   the parent's extraData is `version 0 ‖ u32 denominator ‖ u32 elasticity`, 9 bytes, both non-zero.
 * - Jovian (SPEC `jovian/exec-engine.md`): `version 1 ‖ u32 denominator ‖ u32 elasticity ‖ u64
 *   minBaseFee`, 17 bytes; the result is raised to minBaseFee; the header's blobGasUsed holds the
 *   block's DA footprint and the update meters `max(gasUsed, blobGasUsed)`.
 *
 * The arithmetic is op-geth's CalcBaseFee (OPGETH `consensus/misc/eip1559/eip1559.go`): a rise
 * of at least 1 wei, a fall to no less than 0, integer division at each step.
 * @module
 */
import { abytes } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { estimatedDASize } from './l1-cost.ts';
import { flzCompressLen } from './fastlz.ts';
import { auint } from './uint.ts';

export const HOLOCENE_EXTRA_DATA_VERSION = 0;
export const JOVIAN_EXTRA_DATA_VERSION = 1;

export interface Eip1559Params {
  /** uint32, non-zero: the base fee moves by at most 1/denominator a block. */
  readonly denominator: bigint;
  /** uint32, non-zero: the gas target is gasLimit/elasticity. */
  readonly elasticity: bigint;
}

export interface JovianExtraData extends Eip1559Params {
  /** uint64, in wei. */
  readonly minBaseFee: bigint;
}

/** The rules the parent's timestamp falls under. Isthmus keeps Holocene's; Karst keeps Jovian's. */
export type BaseFeeRules = { readonly fork: 'pre-holocene'; readonly params: Eip1559Params } | { readonly fork: 'holocene' } | { readonly fork: 'jovian' };

/** What of the parent header the next base fee depends on. */
export interface ParentFeeFields {
  /** uint64. */
  readonly gasLimit: bigint;
  /** uint64. */
  readonly gasUsed: bigint;
  /** uint256. */
  readonly baseFeePerGas: bigint;
  readonly extraData: Uint8Array;
  /** uint64: the block's DA footprint; required when the parent is a Jovian block. */
  readonly blobGasUsed?: bigint;
}

const u32 = (b: Uint8Array, at: number) => BigInt(((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0);

function eip1559Params(extra: Uint8Array, fork: string): Eip1559Params {
  const denominator = u32(extra, 1);
  const elasticity = u32(extra, 5);
  // The header must carry the parameters in force: zeros ask for the defaults in
  // PayloadAttributes only, and a zero elasticity would divide by zero.
  if (denominator === 0n || elasticity === 0n) {
    throw new InputError(`"extraData" ${fork} EIP-1559 parameters must be non-zero`, { expected: 'denominator > 0 and elasticity > 0', got: `denominator ${denominator}, elasticity ${elasticity}` });
  }
  return { denominator, elasticity };
}

/**
 * A Holocene header's EIP-1559 parameters.
 * @example decodeHoloceneExtraData(hexToBytes('0x00000000fa00000006')) // { denominator: 250n, elasticity: 6n }
 */
export function decodeHoloceneExtraData(extraData: Uint8Array): Eip1559Params {
  const extra = abytes(extraData, undefined, 'extraData');
  if (extra.length !== 9) throw new InputError('"extraData" Holocene extraData has the wrong length', { expected: '9 bytes', got: `${extra.length} bytes` });
  if (extra[0] !== HOLOCENE_EXTRA_DATA_VERSION) throw new InputError('"extraData" Holocene extraData has the wrong version', { expected: '0', got: String(extra[0]) });
  return eip1559Params(extra, 'Holocene');
}

/**
 * A Jovian header's EIP-1559 parameters and minimum base fee.
 * @example decodeJovianExtraData(extra).minBaseFee
 */
export function decodeJovianExtraData(extraData: Uint8Array): JovianExtraData {
  const extra = abytes(extraData, undefined, 'extraData');
  if (extra.length !== 17) throw new InputError('"extraData" Jovian extraData has the wrong length', { expected: '17 bytes', got: `${extra.length} bytes` });
  if (extra[0] !== JOVIAN_EXTRA_DATA_VERSION) throw new InputError('"extraData" Jovian extraData has the wrong version', { expected: '1', got: String(extra[0]) });
  return { ...eip1559Params(extra, 'Jovian'), minBaseFee: (u32(extra, 9) << 32n) | u32(extra, 13) };
}

/**
 * A block's DA footprint, which Jovian writes as its header's blobGasUsed: per non-deposit
 * transaction, max(100, its Fjord size estimate) bytes times the daFootprintGasScalar (uint16;
 * the L1 attributes already carry the default 400 where the SystemConfig says 0).
 * @example daFootprint(block.transactions, 400n)
 */
export function daFootprint(transactions: readonly Uint8Array[], daFootprintGasScalar: bigint): bigint {
  const scalar = auint(daFootprintGasScalar, 16, 'daFootprintGasScalar');
  if (!Array.isArray(transactions)) throw new InputError(`"transactions" expected an array, got ${typeof transactions}`);
  let total = 0n;
  for (const [i, tx] of transactions.entries()) {
    abytes(tx, undefined, `transactions[${i}]`);
    if (tx.length === 0) throw new InputError(`"transactions[${i}]" expected a transaction, got no bytes`);
    if (tx[0] === 0x7e) continue; // deposits take no DA space of the batch
    total += estimatedDASize(flzCompressLen(tx));
  }
  return total * scalar;
}

/**
 * The base fee of the block after `parent` (op-geth's CalcBaseFee for an OP chain past London).
 * @example calcBaseFee(parent, { fork: 'jovian' })
 */
export function calcBaseFee(parent: ParentFeeFields, rules: BaseFeeRules): bigint {
  const gasLimit = auint(parent.gasLimit, 64, 'gasLimit');
  const gasUsed = auint(parent.gasUsed, 64, 'gasUsed');
  const baseFee = auint(parent.baseFeePerGas, 256, 'baseFeePerGas');
  let params: Eip1559Params;
  let minBaseFee = 0n;
  let metered = gasUsed;
  if (rules.fork === 'pre-holocene') {
    params = { denominator: auint(rules.params.denominator, 64, 'denominator'), elasticity: auint(rules.params.elasticity, 64, 'elasticity') };
    if (params.denominator === 0n || params.elasticity === 0n) throw new InputError('"params" the chain\'s EIP-1559 denominator and elasticity must be non-zero');
  } else if (rules.fork === 'holocene') {
    params = decodeHoloceneExtraData(parent.extraData);
  } else if (rules.fork === 'jovian') {
    const j = decodeJovianExtraData(parent.extraData);
    params = j;
    minBaseFee = j.minBaseFee;
    if (parent.blobGasUsed === undefined) throw new InputError('"blobGasUsed" a Jovian parent carries its DA footprint in blobGasUsed: expected it');
    const footprint = auint(parent.blobGasUsed, 64, 'blobGasUsed');
    if (footprint > metered) metered = footprint;
  } else {
    throw new InputError(`"rules" expected fork 'pre-holocene', 'holocene' or 'jovian', got ${String((rules as { fork?: unknown }).fork)}`);
  }

  const target = gasLimit / params.elasticity;
  let next: bigint;
  if (metered === target) {
    next = baseFee;
  } else {
    // op-geth divides by the target: a gas limit below the elasticity leaves none to divide by.
    if (target === 0n) throw new InputError('"gasLimit" is below the elasticity: the gas target is zero', { expected: `gasLimit >= ${params.elasticity}`, got: String(gasLimit) });
    if (metered > target) {
      const delta = (baseFee * (metered - target)) / target / params.denominator;
      next = baseFee + (delta < 1n ? 1n : delta);
    } else {
      const delta = (baseFee * (target - metered)) / target / params.denominator;
      next = baseFee - delta; // delta ≤ baseFee·target/target: never below zero
    }
  }
  return next < minBaseFee ? minBaseFee : next;
}
