/**
 * An OP Stack transaction's fees (src/l2/op-stack/fees/transaction-fee.ts l2TransactionFee): the
 * transaction's bytes mutated, the fork and each fee parameter drawn from its boundaries (0, 1,
 * the top of its width, one past it, negative), the operator fields given or not.
 *
 * The reference is written here from the specs, apart from Vigil's code: which inputs a chain can
 * price (each parameter within its width, operator fields exactly from Isthmus, no deposit, a sum
 * within uint256), the zero and non-zero bytes counted, the FastLZ size as the length of a FastLZ
 * level-1 stream actually written (fastlz.c's structure at ariya/FastLZ@344eb40 with op-geth's
 * 13-bit hash) and decompressed back to the input, and the fee formulas of SPEC exec-engine.md
 * (Ecotone), fjord/ (FastLZ), isthmus/ and jovian/ (operator fee).
 */
import { hexToBytes } from '../../../src/core/bytes.ts';
import { FEE_FORKS, type FeeFork, l2TransactionFee, type TransactionFee, type TransactionFeeInput } from '../../../src/l2/op-stack/fees/transaction-fee.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

/** op-geth rollup_cost_test.go's two transactions: go-ethereum's emptyTx and OP Mainnet 0x8eb9dd4e…b594. */
const SEEDS_HEX = [
  '0xdd80808094095e7baea6a6c7c4c2dfeb977efac326af552d878080808080',
  '0x02f901550a758302df1483be21b88304743f94f80e51afb613d764fa61751affd3313c190a86bb870151bd62fd12adb8e41ef24f3f000000000000000000000000000000000000000000000000000000000000006e000000000000000000000000af88d065e77c8cc2239327c5edb3a432268e5831000000000000000000000000000000000000000000000000000000000003c1e500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000148c89ed219d02f1a5be012c689b4f5b731827bebe000000000000000000000000c001a033fd89cb37c31b2cba46b6466e040c61fc9b2a3675a7f5f493ebd5ad77c497f8a07cdf65680e238392693019b4092f610222e71b7cec06449cb922b93b6a12744e',
];

/** Values at each width's edges, and past them. */
function draw(rng: Rng, bits: number, typical: bigint): bigint {
  const top = (1n << BigInt(bits)) - 1n;
  return rng.weighted<bigint>([
    [12, typical],
    [3, 0n],
    [2, 1n],
    [3, top],
    [3, BigInt(rng.int(0x100000000)) & top],
    [0.4, top + 1n],
    [0.3, -1n],
    [0.3, 1n << 256n],
  ]);
}

/** A FastLZ level-1 stream, written byte by byte: literal runs of ≤ 32, matches split at 262. */
function fastlzCompress(ib: Uint8Array): number[] {
  const out: number[] = [];
  const len = ib.length;
  const table = new Int32Array(1 << 13);
  const read3 = (i: number) => (ib[i] ?? 0) | ((ib[i + 1] ?? 0) << 8) | ((ib[i + 2] ?? 0) << 16);
  const hash = (v: number) => Math.imul(v, 0x9e3779b9) >>> 19;
  const literals = (from: number, to: number) => {
    for (let s = from; s < to; ) {
      const run = Math.min(32, to - s);
      out.push(run - 1);
      for (let k = 0; k < run; k++) out.push(ib[s++]!);
    }
  };
  const bound = len - 4;
  const limit = len - 13;
  let anchor = 0;
  let ip = 2;
  while (ip < limit) {
    let ref = 0;
    let distance = 0;
    for (;;) {
      const seq = read3(ip);
      const h = hash(seq);
      ref = table[h]!;
      table[h] = ip;
      distance = ip - ref;
      const cmp = distance < 8192 ? read3(ref) : 0x1000000;
      if (ip >= limit) break;
      ip++;
      if (seq === cmp) break;
    }
    if (ip >= limit) break;
    ip--;
    if (ip > anchor) literals(anchor, ip);
    let p = ref + 3;
    let q = ip + 3;
    const start = p;
    while (q < bound) if (ib[p++] !== ib[q++]) break;
    let n = p - start;
    const d = distance - 1;
    for (; n > 262; n -= 262) out.push(0xe0 + (d >> 8), 253, d & 255);
    if (n < 7) out.push((n << 5) + (d >> 8), d & 255);
    else out.push(0xe0 + (d >> 8), n - 7, d & 255);
    ip += p - start;
    table[hash(read3(ip))] = ip++;
    table[hash(read3(ip))] = ip++;
    anchor = ip;
  }
  literals(anchor, len);
  return out;
}

function fastlzDecompress(ib: readonly number[]): Uint8Array {
  const out: number[] = [];
  for (let ip = 0; ip < ib.length; ) {
    const ctrl = ib[ip++]!;
    if (ctrl < 32) {
      for (let k = 0; k <= ctrl; k++) out.push(ib[ip++]!);
      continue;
    }
    let n = (ctrl >> 5) + 2;
    if (n === 9) n += ib[ip++]!;
    let from = out.length - (((ctrl & 31) << 8) | ib[ip++]!) - 1;
    for (let k = 0; k < n; k++) out.push(out[from++]!);
  }
  return Uint8Array.from(out);
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The fees, from the specs; throws where no chain prices the input. */
function reference(input: TransactionFeeInput): TransactionFee {
  const { fork, tx, l1, operator, gas } = input;
  const within = (v: bigint, bits: number) => v >= 0n && v < 1n << BigInt(bits);
  if (!FEE_FORKS.includes(fork) || tx.length === 0 || tx[0] === 0x7e) throw new Error('not priced');
  if (!within(l1.l1BaseFee, 256) || !within(l1.l1BlobBaseFee, 256) || !within(l1.baseFeeScalar, 32) || !within(l1.blobBaseFeeScalar, 32)) throw new Error('out of width');
  const hasOperatorFee = fork === 'isthmus' || fork === 'jovian' || fork === 'karst';
  if (hasOperatorFee !== (operator !== undefined) || hasOperatorFee !== (gas !== undefined)) throw new Error('operator fields');
  let zeroes = 0n;
  for (const b of tx) if (b === 0) zeroes++;
  const ones = BigInt(tx.length) - zeroes;
  const perByte = 16n * l1.l1BaseFee * l1.baseFeeScalar + l1.l1BlobBaseFee * l1.blobBaseFeeScalar;
  let out: TransactionFee;
  if (fork === 'ecotone') {
    const gasUsed = 4n * zeroes + 16n * ones;
    out = { l1Gas: gasUsed, l1Fee: (gasUsed * perByte) / 16_000_000n };
  } else {
    const stream = fastlzCompress(tx);
    if (!sameBytes(fastlzDecompress(stream), tx)) throw new ReferenceBroken('its FastLZ stream does not decompress to the input');
    const linear = -42_585_600n + 836_500n * BigInt(stream.length);
    const size = linear > 100_000_000n ? linear : 100_000_000n;
    out = { l1Gas: (16n * size) / 1_000_000n, l1Fee: (size * perByte) / 10n ** 12n, flzLen: stream.length };
  }
  if (hasOperatorFee) {
    if (!within(gas!, 64) || !within(operator!.operatorFeeScalar, 32) || !within(operator!.operatorFeeConstant, 64)) throw new Error('out of width');
    const perGas = fork === 'isthmus' ? (gas! * operator!.operatorFeeScalar) / 1_000_000n : gas! * operator!.operatorFeeScalar * 100n;
    out = { ...out, operatorFee: perGas + operator!.operatorFeeConstant };
  }
  if (out.l1Fee + (out.operatorFee ?? 0n) >= 1n << 256n) throw new Error('past uint256');
  return out;
}

/** The reference's own FastLZ stream failed its round trip: a finding about the reference. */
class ReferenceBroken extends Error {}

interface Ctx {
  seeds: Uint8Array[];
}

export const opFeesTarget = defineTarget<Ctx>({
  name: 'op-fees',
  subject: "l2TransactionFee: an OP Stack transaction's L1 data fee, FastLZ size and operator fee, per fork",
  reference: 'the specs restated: widths, the operator fields a fork needs, zero bytes counted, a FastLZ level-1 stream written and decompressed (fastlz.c@344eb40 with the 13-bit hash), the Ecotone, Fjord, Isthmus and Jovian formulas',
  seeds: "op-geth rollup_cost_test.go's emptyTx and OP Mainnet contract call, 1,000 zero bytes, 2,000 bytes of 8 letters",
  async load() {
    const letters = new Uint8Array(2000);
    for (let i = 0; i < letters.length; i++) letters[i] = 97 + ((i * 7 + (i >> 5)) % 8);
    return { seeds: [...SEEDS_HEX.map((h) => hexToBytes(h)), new Uint8Array(1000), letters] };
  },
  run(ctx, rng): Outcome {
    const m = mutateBytes(rng, rng.pick(ctx.seeds), { donors: ctx.seeds, maxBytes: 8192 });
    const fork = rng.chance(0.03) ? ('bedrock' as FeeFork) : rng.pick(FEE_FORKS);
    const needsOperator = fork === 'isthmus' || fork === 'jovian' || fork === 'karst';
    const withOperator = rng.chance(0.05) ? !needsOperator : needsOperator;
    const input: TransactionFeeInput = {
      fork,
      tx: m.value,
      l1: {
        l1BaseFee: draw(rng, 256, 30_000_000_000n),
        l1BlobBaseFee: draw(rng, 256, 1n),
        baseFeeScalar: draw(rng, 32, 5227n),
        blobBaseFeeScalar: draw(rng, 32, 1014213n),
      },
      ...(withOperator ? { operator: { operatorFeeScalar: draw(rng, 32, 1439103868n), operatorFeeConstant: draw(rng, 64, 1256417826609331460n) }, gas: draw(rng, 64, 21_000n) } : {}),
    };
    let theirs: Reference<TransactionFee>;
    try {
      theirs = { ok: true, value: reference(input) };
    } catch (err) {
      if (err instanceof ReferenceBroken) return { op: m.op, verdict: 'REFERENCE', wrong: `the reference: ${err.message}`, input: { fork, tx: m.value } };
      theirs = { ok: false };
    }
    const op = `${m.op}:${fork}`;
    return { ...againstReference(op, attempt(() => l2TransactionFee(input)), theirs), input: { fork, tx: m.value, l1: input.l1, operator: input.operator, gas: input.gas } };
  },
});
