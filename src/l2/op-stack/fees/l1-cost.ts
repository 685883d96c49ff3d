/**
 * The L1 data fee and the operator fee of an OP Stack transaction, exact (unbounded bigint, as the
 * spec's "unlimited precision" computations), from the signed transaction's EIP-2718 bytes and the
 * L1Block fee parameters of its block.
 *
 * - Ecotone (SPEC `exec-engine.md` "Ecotone L1-Cost fee changes"):
 *   `(zeroes·4 + ones·16) · (16·l1BaseFee·baseFeeScalar + l1BlobBaseFee·blobBaseFeeScalar) / 16e6`.
 * - Fjord on (SPEC `fjord/exec-engine.md`): `estimatedSizeScaled · l1FeeScaled / 1e12`, with
 *   `estimatedSizeScaled = max(100e6, −42_585_600 + 836_500·fastlzSize)`.
 * - Operator fee (SPEC `isthmus/exec-engine.md`, `jovian/exec-engine.md`): Isthmus
 *   `gas·operatorFeeScalar/1e6 + operatorFeeConstant`, Jovian on `gas·operatorFeeScalar·100 + constant`.
 *
 * Each cost also gives the gas op-geth writes to the receipt's `l1GasUsed` (OPGETH
 * `core/types/rollup_cost.go`: the calldata gas under Ecotone, `estimatedSizeScaled·16/1e6` from
 * Fjord); the spec calls that field deprecated, the fee is what is charged.
 * @module
 */
import { abytes } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { flzCompressLen } from './fastlz.ts';
import { auint } from './uint.ts';

/** Fjord's linear regression, scaled by 1e6 (SPEC `fjord/exec-engine.md`). */
export const L1_COST_INTERCEPT = -42_585_600n;
export const L1_COST_FASTLZ_COEF = 836_500n;
/** The least size in bytes Fjord counts a transaction as. */
export const MIN_TRANSACTION_SIZE = 100n;
const MIN_TRANSACTION_SIZE_SCALED = MIN_TRANSACTION_SIZE * 1_000_000n;
/** EIP-2028's calldata prices, which Ecotone's estimate is written in. */
const TX_DATA_ZERO_GAS = 4n;
const TX_DATA_NON_ZERO_GAS = 16n;
/** Jovian's factor on the operator fee scalar. */
export const OPERATOR_FEE_JOVIAN_MULTIPLIER = 100n;

/** What the L1 cost of a transaction depends on, counted once from its bytes. */
export interface RollupCostData {
  readonly zeroes: number;
  readonly ones: number;
  /** flzCompressLen of the bytes. */
  readonly fastLzSize: number;
}

/** The L1Block fee parameters of the transaction's block (ecotone and after). */
export interface L1FeeParams {
  /** uint256: the L1 origin's base fee. */
  readonly l1BaseFee: bigint;
  /** uint256: the L1 origin's blob base fee. */
  readonly l1BlobBaseFee: bigint;
  /** uint32, scaled by 1e6. */
  readonly baseFeeScalar: bigint;
  /** uint32, scaled by 1e6. */
  readonly blobBaseFeeScalar: bigint;
}

export interface OperatorFeeParams {
  /** uint32 (scaled by 1e6 under Isthmus, ×100 per gas from Jovian). */
  readonly operatorFeeScalar: bigint;
  /** uint64, in wei. */
  readonly operatorFeeConstant: bigint;
}

/** A cost and the gas op-geth reports beside it in the receipt's l1GasUsed. */
export interface L1Cost {
  readonly fee: bigint;
  readonly gasUsed: bigint;
}

/** Which operator fee formula a fork applies. */
export type OperatorFeeFormula = 'isthmus' | 'jovian';

/**
 * Counts a signed transaction's zero and non-zero bytes and its FastLZ size (op-geth's
 * NewRollupCostData). The bytes are the EIP-2718 encoding, signature included.
 * @example rollupCostData(rawTx).fastLzSize
 */
export function rollupCostData(tx: Uint8Array): RollupCostData {
  abytes(tx, undefined, 'tx');
  let zeroes = 0;
  for (let i = 0; i < tx.length; i++) if (tx[i] === 0) zeroes++;
  return { zeroes, ones: tx.length - zeroes, fastLzSize: flzCompressLen(tx) };
}

function checkParams(p: L1FeeParams): void {
  auint(p.l1BaseFee, 256, 'l1BaseFee');
  auint(p.l1BlobBaseFee, 256, 'l1BlobBaseFee');
  auint(p.baseFeeScalar, 32, 'baseFeeScalar');
  auint(p.blobBaseFeeScalar, 32, 'blobBaseFeeScalar');
}

function checkCostData(c: RollupCostData): void {
  for (const [k, v] of [['zeroes', c.zeroes], ['ones', c.ones], ['fastLzSize', c.fastLzSize]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new InputError(`"${k}" expected a non-negative safe integer, got ${String(v)}`);
  }
}

/**
 * Ecotone's L1 cost: the calldata gas of the bytes priced at both L1 fees. The division by 16
 * (gas per byte) is kept for the end, as the spec does, so no precision is lost before it.
 * @example l1CostEcotone(rollupCostData(rawTx), params).fee
 */
export function l1CostEcotone(cost: RollupCostData, params: L1FeeParams): L1Cost {
  checkCostData(cost);
  checkParams(params);
  const gasUsed = BigInt(cost.zeroes) * TX_DATA_ZERO_GAS + BigInt(cost.ones) * TX_DATA_NON_ZERO_GAS;
  const perByte = 16n * params.l1BaseFee * params.baseFeeScalar + params.l1BlobBaseFee * params.blobBaseFeeScalar;
  return { fee: (gasUsed * perByte) / 16_000_000n, gasUsed };
}

/**
 * Fjord's size estimate of the transaction in a compressed batch, in bytes scaled by 1e6, never
 * below 100 bytes.
 */
export function estimatedDASizeScaled(fastLzSize: number): bigint {
  checkCostData({ zeroes: 0, ones: 0, fastLzSize });
  const est = L1_COST_INTERCEPT + L1_COST_FASTLZ_COEF * BigInt(fastLzSize);
  return est < MIN_TRANSACTION_SIZE_SCALED ? MIN_TRANSACTION_SIZE_SCALED : est;
}

/**
 * The same estimate in whole bytes (rounded down): what Jovian's DA footprint counts per transaction.
 * @example estimatedDASize(31) // 100n (the minimum)
 */
export function estimatedDASize(fastLzSize: number): bigint {
  return estimatedDASizeScaled(fastLzSize) / 1_000_000n;
}

/**
 * Fjord's L1 cost (and every fork after it: Isthmus, Jovian and Karst change only the operator
 * fee). `gasUsed` is the estimate at 16 gas per byte, as op-geth's receipts report it.
 * @example l1CostFjord(rollupCostData(rawTx), params).fee
 */
export function l1CostFjord(cost: RollupCostData, params: L1FeeParams): L1Cost {
  checkCostData(cost);
  checkParams(params);
  const l1FeeScaled = params.baseFeeScalar * params.l1BaseFee * 16n + params.blobBaseFeeScalar * params.l1BlobBaseFee;
  const size = estimatedDASizeScaled(cost.fastLzSize);
  return { fee: (size * l1FeeScaled) / 1_000_000_000_000n, gasUsed: (size * TX_DATA_NON_ZERO_GAS) / 1_000_000n };
}

/**
 * The operator fee for `gas` (the gas limit when gas is bought, the gas used once refunded).
 * Deposits pay none; that is the caller's to know.
 * @example operatorFee(1618n, { operatorFeeScalar: 1439103868n, operatorFeeConstant: 1256417826609331460n }, 'jovian')
 */
export function operatorFee(gas: bigint, params: OperatorFeeParams, formula: OperatorFeeFormula): bigint {
  auint(gas, 64, 'gas');
  const scalar = auint(params.operatorFeeScalar, 32, 'operatorFeeScalar');
  const constant = auint(params.operatorFeeConstant, 64, 'operatorFeeConstant');
  if (formula === 'isthmus') return (gas * scalar) / 1_000_000n + constant;
  if (formula === 'jovian') return gas * scalar * OPERATOR_FEE_JOVIAN_MULTIPLIER + constant;
  throw new InputError(`"formula" expected 'isthmus' or 'jovian', got ${String(formula)}`);
}
