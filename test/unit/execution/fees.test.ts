import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeExponential } from '../../../src/execution/block-env.ts';
import { nextBaseFee, nextExcessBlobGas } from '../../../src/execution/fees.ts';
import { revertMessage } from '../../../src/execution/revert.ts';

describe('nextBaseFee (EIP-1559)', () => {
  it('stays at target, moves by at most 1/8 otherwise', () => {
    expect(nextBaseFee({ gasUsed: 15_000_000n, gasLimit: 30_000_000n, baseFeePerGas: 1_000_000_000n })).toBe(1_000_000_000n);
    expect(nextBaseFee({ gasUsed: 30_000_000n, gasLimit: 30_000_000n, baseFeePerGas: 1_000_000_000n })).toBe(1_125_000_000n);
    expect(nextBaseFee({ gasUsed: 0n, gasLimit: 30_000_000n, baseFeePerGas: 1_000_000_000n })).toBe(875_000_000n);
    // A full block raises even a base fee of 1 by the minimum delta of 1.
    expect(nextBaseFee({ gasUsed: 30_000_000n, gasLimit: 30_000_000n, baseFeePerGas: 1n })).toBe(2n);
    // The header of mainnet block 17463226 (test/fixtures/mainnet-call): 22079901 of 30000000 gas at
    // 13980780163 wei; 13980780163 + 13980780163·7079901/15000000/8 (the EIP's integer arithmetic).
    expect(nextBaseFee({ gasUsed: 22_079_901n, gasLimit: 30_000_000n, baseFeePerGas: 13_980_780_163n })).toBe(14_805_634_658n);
  });

  it('is monotone in gas used and bounded by ±12.5%', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 15n }), fc.bigInt({ min: 2n, max: 60_000_000n }), fc.double({ min: 0, max: 1, noNaN: true }), (fee, limit, share) => {
        const used = BigInt(Math.floor(Number(limit) * share));
        const next = nextBaseFee({ gasUsed: used, gasLimit: limit, baseFeePerGas: fee });
        expect(next * 8n).toBeGreaterThanOrEqual(fee * 7n - 8n);
        // A full block moves it most: by (limit − target)/target/8, which is 1/8 for an even limit and a
        // little more for an odd one (target = ⌊limit/2⌋: limit 3 gives 2/1/8), never less than 1.
        const target = limit / 2n;
        const most = (fee * (limit - target)) / target / 8n;
        expect(next).toBeLessThanOrEqual(fee + (most > 1n ? most : 1n));
        expect(nextBaseFee({ gasUsed: used + 1n > limit ? limit : used + 1n, gasLimit: limit, baseFeePerGas: fee })).toBeGreaterThanOrEqual(next);
      }),
    );
  });
});

describe('blob fees', () => {
  it('fake_exponential matches EIP-4844', () => {
    expect(fakeExponential(1n, 0n, 3338477n)).toBe(1n);
    // e^1 ≈ 2.718: the integer series gives 2.
    expect(fakeExponential(1n, 3338477n, 3338477n)).toBe(2n);
    // 1000·e² ≈ 7389.06, by the EIP's reference loop.
    expect(fakeExponential(1000n, 3338477n * 2n, 3338477n)).toBe(7389n);
  });

  const prague = { maxBlobs: 9n, targetBlobs: 6n, updateFraction: 5007716n, reservePrice: false };
  const osaka = { ...prague, reservePrice: true };
  const BLOB = 1n << 17n;
  it('calc_excess_blob_gas: below target resets to zero, above it carries the surplus', () => {
    expect(nextExcessBlobGas({ excessBlobGas: 0n, blobGasUsed: 3n * BLOB, baseFeePerGas: 1n }, 1n, prague)).toBe(0n);
    expect(nextExcessBlobGas({ excessBlobGas: BLOB, blobGasUsed: 9n * BLOB, baseFeePerGas: 1n }, 1n, prague)).toBe(4n * BLOB);
  });

  it('EIP-7918: while execution pays more than blobs, excess grows by used·(max−target)/max instead', () => {
    const parent = { excessBlobGas: 10n * BLOB, blobGasUsed: 9n * BLOB, baseFeePerGas: 10n ** 10n };
    expect(nextExcessBlobGas(parent, 1n, osaka)).toBe(10n * BLOB + (9n * BLOB * 3n) / 9n);
    expect(nextExcessBlobGas(parent, 1n, prague)).toBe(13n * BLOB);
  });
});

describe('revertMessage', () => {
  it('spells out Error(string) and Panic(uint256) as nodes do', () => {
    const reason = new TextEncoder().encode('VigilToken: allowance exceeded');
    const word = (n: number) => n.toString(16).padStart(64, '0');
    const error = '0x08c379a0' + word(32) + word(reason.length) + Buffer.from(reason).toString('hex').padEnd(64, '0');
    expect(revertMessage(error)).toBe('execution reverted: VigilToken: allowance exceeded');
    expect(revertMessage('0x4e487b710000000000000000000000000000000000000000000000000000000000000011')).toBe('execution reverted: arithmetic underflow or overflow');
    expect(revertMessage('0x4e487b7100000000000000000000000000000000000000000000000000000000000000ff')).toBe('execution reverted: unknown panic code: 0xff');
    expect(revertMessage('0xdeadbeef')).toBe('execution reverted');
    expect(revertMessage('0x')).toBe('execution reverted');
  });

  it('never throws on any revert data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, asError) => {
        const hex = (asError ? '0x08c379a0' : '0x') + Buffer.from(bytes).toString('hex');
        expect(revertMessage(hex).startsWith('execution reverted')).toBe(true);
      }),
    );
  });
});
