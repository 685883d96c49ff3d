/**
 * P-256 verification as P256VERIFY defines it (src/crypto/p256.ts, EIP-7951): signatures made by
 * @noble/curves verify, every input check of the EIP refuses, and the precompile built on it
 * (src/execution/precompiles/block.ts) answers as @ethereumjs/evm's own EIP-7951 precompile does (an
 * independent implementation) for valid inputs, their one-bit changes and random ones.
 */
import { Common, Mainnet } from '@ethereumjs/common';
import { getActivePrecompiles, type PrecompileInput } from '@ethereumjs/evm';
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToBigInt, concatBytes } from '../../../src/core/bytes.ts';
import { P256_N, p256Verify } from '../../../src/crypto/p256.ts';
import { P256VERIFY_ADDRESS, P256VERIFY_GAS_OSAKA, p256VerifyPrecompile } from '../../../src/execution/precompiles/block.ts';

const { p: P, n: N, Gx, Gy } = p256.Point.CURVE();
const be = (x: bigint) => bigIntToBytesPadded(x, 32);

/** A signature by a fixed key (32 bytes of `k`, below n for k ≤ 255 only when k < 0xff) of `hash`, as the precompile's 160 bytes. */
function signed(k: number, hash: Uint8Array, highS = false): Uint8Array {
  const secret = new Uint8Array(32).fill(k);
  const sig = p256.Signature.fromBytes(p256.sign(hash, secret, { prehash: false, lowS: true }));
  const s = highS ? N - sig.s : sig.s;
  const q = p256.Point.fromBytes(p256.getPublicKey(secret, false)).toAffine();
  return concatBytes(hash, be(sig.r), be(s), be(q.x), be(q.y));
}
const words = (input: Uint8Array) => [0, 1, 2, 3, 4].map((i) => bytesToBigInt(input.subarray(i * 32, (i + 1) * 32))) as [bigint, bigint, bigint, bigint, bigint];
const verify = (input: Uint8Array) => p256Verify(...words(input));

const HASH = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const VALID = signed(9, HASH);

describe('p256Verify (EIP-7951)', () => {
  it('verifies what @noble/curves signs, with low or high s', () => {
    expect(verify(VALID)).toBe(true);
    expect(verify(signed(9, HASH, true))).toBe(true);
    expect(verify(signed(200, new Uint8Array(32).fill(0xff)))).toBe(true);
  });

  it('takes the hash as an integer, even at or past n, and a zero hash', () => {
    expect(verify(signed(3, be(N + 5n)))).toBe(true);
    expect(verify(signed(3, new Uint8Array(32)))).toBe(true);
  });

  it('refuses each input the EIP rules out', () => {
    const [h, r, s, qx, qy] = words(VALID);
    expect(p256Verify(h ^ 1n, r, s, qx, qy)).toBe(false);
    expect(p256Verify(h, 0n, s, qx, qy)).toBe(false);
    expect(p256Verify(h, r, 0n, qx, qy)).toBe(false);
    expect(p256Verify(h, N, s, qx, qy)).toBe(false);
    expect(p256Verify(h, r + N, s, qx, qy)).toBe(false);
    expect(p256Verify(h, r, s + N, qx, qy)).toBe(false);
    expect(p256Verify(h, r, s, qx + P, qy)).toBe(false);
    expect(p256Verify(h, r, s, qx, qy + P)).toBe(false);
    expect(p256Verify(h, r, s, qx, qy ^ 1n)).toBe(false);
    expect(p256Verify(h, r, s, 0n, 0n)).toBe(false);
    // The generator as the key, with a signature of another key.
    expect(p256Verify(h, r, s, Gx, Gy)).toBe(false);
  });

  it('refuses a signature whose R′ is the point at infinity', () => {
    // With Q = G, R′ = (h + r)·s⁻¹·G is infinity when h ≡ −r (mod n).
    const r = 12345n;
    expect(p256Verify(N - r, r, 777n, Gx, Gy)).toBe(false);
  });

  it('exports the group order', () => {
    expect(P256_N).toBe(N);
  });
});

describe('the P256VERIFY precompile against @ethereumjs/evm\'s EIP-7951 precompile', () => {
  const common = new Common({ chain: Mainnet, hardfork: 'osaka' });
  const theirs = getActivePrecompiles(common).get(P256VERIFY_ADDRESS)!;
  const ours = p256VerifyPrecompile(P256VERIFY_GAS_OSAKA);
  const run = async (f: typeof ours, data: Uint8Array, gasLimit = 100_000n) => {
    const r = await f({ data, gasLimit, common, _EVM: {} } as unknown as PrecompileInput);
    return { gas: r.executionGasUsed, out: Buffer.from(r.returnValue).toString('hex'), failed: r.exceptionError !== undefined };
  };

  it('is installed where @ethereumjs/evm has its own', () => {
    expect(theirs).toBeTypeOf('function');
  });

  it('answers the same for valid inputs, their one-bit changes and wrong lengths', async () => {
    const inputs: Uint8Array[] = [VALID, signed(9, HASH, true), VALID.subarray(0, 159), concatBytes(VALID, Uint8Array.of(0)), new Uint8Array(0), new Uint8Array(160)];
    for (let bit = 0; bit < 160 * 8; bit += 13) {
      const x = VALID.slice();
      x[bit >> 3]! ^= 1 << (bit & 7);
      inputs.push(x);
    }
    for (const input of inputs) expect(await run(ours, input)).toEqual(await run(theirs, input));
  });

  it('answers the same for random words around the bounds (fast-check)', async () => {
    const near = (m: bigint) => fc.oneof(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.bigInt({ min: m - 3n, max: m + 3n }), fc.constantFrom(0n, 1n));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 200 }), near(N), near(N), near(P), near(P), fc.nat({ max: 31 }), async (k, r, s, qx, qy, pick) => {
        const base = words(signed(k, HASH));
        const mixed = base.map((w, i) => ((pick >> i) & 1 ? [w, r, s, qx, qy][i]! : w));
        const input = concatBytes(...mixed.map((w) => be(w & ((1n << 256n) - 1n))));
        expect(await run(ours, input)).toEqual(await run(theirs, input));
      }),
      { numRuns: 150 },
    );
  });

  it('fails with all the gas given when the call gives less than its price', async () => {
    expect(await run(ours, VALID, 6899n)).toEqual({ gas: 6899n, out: '', failed: true });
    expect(await run(theirs, VALID, 6899n)).toEqual({ gas: 6899n, out: '', failed: true });
  });

  it('charges the price it is built with', async () => {
    expect(await run(p256VerifyPrecompile(3450n), VALID)).toEqual({ gas: 3450n, out: '00'.repeat(31) + '01', failed: false });
  });
});
