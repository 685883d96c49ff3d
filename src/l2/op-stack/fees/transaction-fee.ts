/**
 * What an OP Stack chain charges a transaction beside its execution gas, by fork: the L1 data fee
 * (with the gas op-geth reports as the receipt's l1GasUsed) and, from Isthmus, the operator fee.
 * The one front door for a transaction's fee; the formulas are in ./l1-cost.ts.
 *
 * | fork | L1 fee | operator fee |
 * | --- | --- | --- |
 * | ecotone | calldata gas | none |
 * | fjord, granite, holocene | FastLZ estimate | none |
 * | isthmus | FastLZ estimate | gas·scalar/1e6 + constant |
 * | jovian, karst | FastLZ estimate | gas·scalar·100 + constant |
 *
 * Karst changes no fee (SPEC `karst/exec-engine.md`@fd72cf79 lowers only the bn256Pairing input
 * cap), so it is Jovian's row.
 * @module
 */
import { abytes } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { type L1FeeParams, l1CostEcotone, l1CostFjord, type OperatorFeeFormula, type OperatorFeeParams, operatorFee, rollupCostData } from './l1-cost.ts';

export type FeeFork = 'ecotone' | 'fjord' | 'granite' | 'holocene' | 'isthmus' | 'jovian' | 'karst';

export const FEE_FORKS: readonly FeeFork[] = ['ecotone', 'fjord', 'granite', 'holocene', 'isthmus', 'jovian', 'karst'];

/** The operator fee formula of a fork, or null before Isthmus. */
export function operatorFeeFormula(fork: FeeFork): OperatorFeeFormula | null {
  if (fork === 'isthmus') return 'isthmus';
  if (fork === 'jovian' || fork === 'karst') return 'jovian';
  return null;
}

export interface TransactionFeeInput {
  readonly fork: FeeFork;
  /** The signed transaction's EIP-2718 bytes (a deposit, type 0x7e, pays neither fee). */
  readonly tx: Uint8Array;
  readonly l1: L1FeeParams;
  /** Required from Isthmus on, refused before it. */
  readonly operator?: OperatorFeeParams;
  /** uint64: the gas the operator fee is taken on (the gas limit when gas is bought). */
  readonly gas?: bigint;
}

export interface TransactionFee {
  /** The gas op-geth writes to the receipt's l1GasUsed for this fork. */
  readonly l1Gas: bigint;
  readonly l1Fee: bigint;
  /** From Fjord: the FastLZ size the fee was estimated from. */
  readonly flzLen?: number;
  /** From Isthmus. */
  readonly operatorFee?: bigint;
}

const DEPOSIT_TX_TYPE = 0x7e;
const UINT256_LIMIT = 1n << 256n;

/**
 * A transaction's L1 data fee (and operator fee, from Isthmus) under `fork`.
 * @example l2TransactionFee({ fork: 'jovian', tx, l1, operator, gas: 21000n }).l1Fee
 */
export function l2TransactionFee(input: TransactionFeeInput): TransactionFee {
  const { fork, l1 } = input;
  if (!FEE_FORKS.includes(fork)) throw new InputError(`"fork" expected one of ${FEE_FORKS.join(', ')}, got ${String(fork)}`);
  const tx = abytes(input.tx, undefined, 'tx');
  if (tx.length === 0) throw new InputError('"tx" expected a signed transaction, got no bytes');
  if (tx[0] === DEPOSIT_TX_TYPE) throw new InputError('"tx" is a deposit transaction (type 0x7e): it pays no L1 or operator fee');

  const cost = rollupCostData(tx);
  const l1Cost = fork === 'ecotone' ? l1CostEcotone(cost, l1) : l1CostFjord(cost, l1);
  const formula = operatorFeeFormula(fork);
  let out: TransactionFee = { l1Gas: l1Cost.gasUsed, l1Fee: l1Cost.fee, ...(fork === 'ecotone' ? {} : { flzLen: cost.fastLzSize }) };
  if (formula === null) {
    if (input.operator !== undefined || input.gas !== undefined) throw new InputError(`"operator" ${fork} has no operator fee (Isthmus brings it): expected no operator fee parameters`);
  } else {
    if (input.operator === undefined) throw new InputError(`"operator" ${fork} charges an operator fee: expected operatorFeeScalar and operatorFeeConstant`);
    if (input.gas === undefined) throw new InputError(`"gas" ${fork} charges an operator fee per gas: expected the gas to charge it on`);
    out = { ...out, operatorFee: operatorFee(input.gas, input.operator, formula) };
  }
  // op-geth adds both in uint256 and panics past it: no chain charges such a fee.
  if (out.l1Fee + (out.operatorFee ?? 0n) >= UINT256_LIMIT) throw new InputError('the fee exceeds uint256: the L1 fees given are past what a chain can charge');
  return out;
}
