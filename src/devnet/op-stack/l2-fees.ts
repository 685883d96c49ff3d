/**
 * What the devnet OP chain charges a user transaction outside the EVM, and the DA footprint Jovian
 * meters, as op-geth computes them (core/types/rollup_cost.go: FlzCompressLen, the Fjord L1 cost
 * function, the operator cost; jovian/exec-engine.md): the L1 data fee on the FastLZ size of the
 * signed transaction, Jovian's operator fee, and each transaction's DA footprint. The devnet's own,
 * written apart from Vigil's src/l2/op-stack/fees so that the chain Vigil is tested on does not
 * share its arithmetic (the "an independent check, not a mirror"); the two are held to each
 * other by test/unit/devnet/op-stack/l2-fees.test.ts.
 * @module
 */

/** Fjord's linear fit of a transaction's size in a compressed batch (scaled by 1e6), and its floor of 100 bytes. */
const INTERCEPT = -42_585_600n;
const FASTLZ_COEF = 836_500n;
const MIN_SIZE_SCALED = 100n * 1_000_000n;

/**
 * The length of FastLZ level 1's output for `input`, counted without writing it: op-geth's
 * FlzCompressLen step for step (a 13-bit hash table of 3-byte windows, matches within 8 KiB).
 */
export function fastLzLength(input: Uint8Array): number {
  const table = new Uint32Array(8192);
  const at3 = (i: number) => input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16);
  // Go's uint32 product, wrapped, then the top 13 bits of 32.
  const slot = (v: number) => (Math.imul(2654435769 | 0, v) >>> 19) & 0x1fff;
  let out = 0;
  const literals = (run: number) => {
    out += 0x21 * Math.floor(run / 0x20);
    if (run % 0x20 !== 0) out += (run % 0x20) + 1;
  };
  const match = (len: number) => {
    const l = len - 1;
    out += 3 * Math.floor(l / 262) + (l % 262 >= 6 ? 3 : 2);
  };
  const limit = input.length < 13 ? 0 : input.length - 13;
  let anchor = 0;
  let ip = 2;
  while (ip < limit) {
    let ref = 0;
    for (;;) {
      const seq = at3(ip);
      const h = slot(seq);
      ref = table[h]!;
      table[h] = ip;
      if (ip >= limit) break;
      ip++;
      if (ip - 1 - ref <= 0x1fff && seq === at3(ref)) break;
    }
    if (ip >= limit) break;
    ip--;
    if (ip > anchor) literals(ip - anchor);
    // The match runs on from both windows' ends up to the limit; as in op-geth (and solady's LibZip),
    // the first differing byte still counts one, and match() takes it off again.
    let len = 0;
    for (let end = limit + 9 - (ip + 3); len < end; len++) if (input[ref + 3 + len] !== input[ip + 3 + len]) end = 0;
    match(len);
    ip += len;
    table[slot(at3(ip))] = ip;
    ip++;
    table[slot(at3(ip))] = ip;
    ip++;
    anchor = ip;
  }
  literals(input.length - anchor);
  return out;
}

/** The L1 fee parameters L1Block holds after the block's L1-info deposit. */
export interface L1FeeInputs {
  l1BaseFee: bigint;
  l1BlobBaseFee: bigint;
  baseFeeScalar: bigint;
  blobBaseFeeScalar: bigint;
}

/** The size estimate (bytes × 1e6, at least 100 bytes) of a transaction whose FastLZ length is `flz`. */
function sizeScaled(flz: number): bigint {
  const s = INTERCEPT + FASTLZ_COEF * BigInt(flz);
  return s < MIN_SIZE_SCALED ? MIN_SIZE_SCALED : s;
}

/** Fjord's (and every later fork's) L1 data fee of a signed transaction's EIP-2718 bytes. */
export function l1DataFee(signedTx: Uint8Array, p: L1FeeInputs): bigint {
  const perByteScaled = p.baseFeeScalar * p.l1BaseFee * 16n + p.blobBaseFeeScalar * p.l1BlobBaseFee;
  return (sizeScaled(fastLzLength(signedTx)) * perByteScaled) / 1_000_000_000_000n;
}

/** Jovian's operator fee on `gas` (the gas limit when gas is bought, the gas used when it is settled). */
export function jovianOperatorFee(gas: bigint, scalar: bigint, constant: bigint): bigint {
  return gas * scalar * 100n + constant;
}

/** Jovian's DA footprint of one user transaction: its size estimate in whole bytes times the scalar. */
export function daFootprintOf(signedTx: Uint8Array, daFootprintGasScalar: bigint): bigint {
  return (sizeScaled(fastLzLength(signedTx)) / 1_000_000n) * daFootprintGasScalar;
}
