/**
 * The fee parameters an OP Stack block runs with, read from the L1Block predeploy's storage
 * (0x4200000000000000000000000000000000000015), each proven word cut at its byte range.
 *
 * The ranges are the big-endian bytes of the 32-byte word, as the contract packs them (Solidity
 * fills a slot from its low-order end) and as op-geth and op-revm read them (OPGETH
 * `core/types/rollup_cost.go` ExtractEcotoneFeeParams/ExtractOperatorFeeParams; REVM
 * `crates/op-revm/src/constants.rs`@1e0a60fd):
 *
 * | slot | bytes | field |
 * | --- | --- | --- |
 * | 1 | [0, 32) | basefee (uint256) |
 * | 3 | [16, 20) | baseFeeScalar (uint32) |
 * | 3 | [20, 24) | blobBaseFeeScalar (uint32) |
 * | 7 | [0, 32) | blobBaseFee (uint256) |
 * | 8 | [18, 20) | daFootprintGasScalar (uint16, Jovian) |
 * | 8 | [20, 24) | operatorFeeScalar (uint32, Isthmus) |
 * | 8 | [24, 32) | operatorFeeConstant (uint64, Isthmus) |
 *
 * DIFF FROM SPEC: `isthmus/exec-engine.md` places the operator fee scalar and constant "in slot 8
 * at offset 0 / offset 4". As Solidity offsets (bytes from the low end) that is [28, 32) and
 * [20, 28), not where `setL1BlockValuesIsthmus` writes them; the prose fits only counted from byte
 * 20. The clients' byte ranges are taken. Slot 3's "offset 12 / 8" and Jovian's "offset 12" are
 * Solidity offsets and agree with the table.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt } from '../../../core/bytes.ts';
import type { L1FeeParams, OperatorFeeParams } from './l1-cost.ts';
import { auint } from './uint.ts';

export const L1_BLOCK_ADDRESS = '0x4200000000000000000000000000000000000015';

/** The storage slots the fee parameters live in. */
export const L1_BLOCK_FEE_SLOTS = { basefee: 1n, feeScalars: 3n, blobBaseFee: 7n, operatorFeeParams: 8n } as const;

/** The proven values (uint256 words) of the L1Block slots the fees need. */
export interface L1BlockFeeWords {
  readonly slot1: bigint;
  readonly slot3: bigint;
  readonly slot7: bigint;
  /** From Isthmus. */
  readonly slot8?: bigint;
}

export interface L1BlockFees extends L1FeeParams {
  /** Present when slot 8 was given. */
  readonly operator?: OperatorFeeParams;
  /** Present when slot 8 was given (zero before Jovian). */
  readonly daFootprintGasScalar?: bigint;
}

/** Bytes [from, to) of a 32-byte big-endian word, as an unsigned integer. */
function wordRange(word: bigint, from: number, to: number): bigint {
  return bytesToBigInt(bigIntToBytesPadded(word, 32).subarray(from, to));
}

/**
 * The fee parameters from L1Block's proven storage words.
 * @example decodeL1BlockFees({ slot1, slot3, slot7, slot8 }).operator?.operatorFeeScalar
 */
export function decodeL1BlockFees(words: L1BlockFeeWords): L1BlockFees {
  const slot1 = auint(words.slot1, 256, 'slot1');
  const slot3 = auint(words.slot3, 256, 'slot3');
  const slot7 = auint(words.slot7, 256, 'slot7');
  const fees: L1FeeParams = {
    l1BaseFee: slot1,
    l1BlobBaseFee: slot7,
    baseFeeScalar: wordRange(slot3, 16, 20),
    blobBaseFeeScalar: wordRange(slot3, 20, 24),
  };
  if (words.slot8 === undefined) return fees;
  const slot8 = auint(words.slot8, 256, 'slot8');
  return {
    ...fees,
    operator: { operatorFeeScalar: wordRange(slot8, 20, 24), operatorFeeConstant: wordRange(slot8, 24, 32) },
    daFootprintGasScalar: wordRange(slot8, 18, 20),
  };
}
