/**
 * The devnet OP chain's fee arithmetic (src/devnet/op-stack/l2-fees.ts) against Vigil's, written
 * apart (src/l2/op-stack/fees, itself held to op-geth's and FastLZ's own vectors): the FastLZ
 * length of generated inputs (repetitive, random and transaction-like), the L1 data fee, Jovian's
 * operator fee and the DA footprint.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daFootprintOf, fastLzLength, jovianOperatorFee, l1DataFee } from '../../../../src/devnet/op-stack/l2-fees.ts';
import { daFootprint } from '../../../../src/l2/op-stack/fees/base-fee.ts';
import { flzCompressLen } from '../../../../src/l2/op-stack/fees/fastlz.ts';
import { operatorFee } from '../../../../src/l2/op-stack/fees/l1-cost.ts';
import { l2TransactionFee } from '../../../../src/l2/op-stack/fees/transaction-fee.ts';

/** Bytes with structure FastLZ finds: runs, repeats of a short pattern, and noise. */
const bytes = fc.oneof(
  fc.uint8Array({ maxLength: 600 }),
  fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 200 })).map(([p, n]) => Uint8Array.from({ length: p.length * n }, (_, i) => p[i % p.length]!)),
  fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(new Uint8Array(32), new Uint8Array(300).fill(0xff))), { maxLength: 12 }).map((parts) => Uint8Array.from(parts.flatMap((p) => [...p]))),
);

describe('the devnet OP chain\'s fees, against Vigil\'s', () => {
  it('FastLZ length: the same for every input, the edges (none, below 13 bytes, 8 KiB matches, 70 KB) included', () => {
    for (const input of [new Uint8Array(0), new Uint8Array(12), new Uint8Array(13), new Uint8Array(9000).fill(7), Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 251)]) {
      expect(fastLzLength(input)).toBe(flzCompressLen(input));
    }
    fc.assert(
      fc.property(bytes, (input) => {
        expect(fastLzLength(input)).toBe(flzCompressLen(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('the L1 data fee and Jovian\'s operator fee: Vigil\'s l2TransactionFee for any transaction bytes and parameters', () => {
    fc.assert(
      fc.property(
        bytes.filter((b) => b.length > 0 && b[0] !== 0x7e),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 11n }),
        fc.bigInt({ min: 0n, max: 0xffffffffn }),
        fc.bigInt({ min: 0n, max: 0xffffffffn }),
        fc.bigInt({ min: 0n, max: 0xffffffffn }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.bigInt({ min: 21_000n, max: 30_000_000n }),
        (tx, l1BaseFee, l1BlobBaseFee, baseFeeScalar, blobBaseFeeScalar, scalar, constant, gas) => {
          const vigil = l2TransactionFee({ fork: 'jovian', tx, l1: { l1BaseFee, l1BlobBaseFee, baseFeeScalar, blobBaseFeeScalar }, operator: { operatorFeeScalar: scalar, operatorFeeConstant: constant }, gas });
          expect(l1DataFee(tx, { l1BaseFee, l1BlobBaseFee, baseFeeScalar, blobBaseFeeScalar })).toBe(vigil.l1Fee);
          expect(jovianOperatorFee(gas, scalar, constant)).toBe(vigil.operatorFee);
          expect(jovianOperatorFee(gas, scalar, constant)).toBe(operatorFee(gas, { operatorFeeScalar: scalar, operatorFeeConstant: constant }, 'jovian'));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the DA footprint of a block\'s user transactions: Vigil\'s daFootprint (deposits count none there)', () => {
    fc.assert(
      fc.property(fc.array(bytes.filter((b) => b.length > 0 && b[0] !== 0x7e), { maxLength: 8 }), fc.integer({ min: 0, max: 0xffff }), (txs, scalar) => {
        const ours = txs.reduce((sum, tx) => sum + daFootprintOf(tx, BigInt(scalar)), 0n);
        expect(ours).toBe(daFootprint([...txs, Uint8Array.of(0x7e, 1, 2)], BigInt(scalar)));
      }),
      { numRuns: 500 },
    );
  });
});
