/**
 * The EVM's BN254 precompiles on Vigil's kernel against @ethereumjs/evm's default (NobleBN254):
 * the same output, error and gas for go-ethereum's and revm's vectors, edge inputs and random
 * ones, each run through a real message call to 0x06, 0x07 and 0x08.
 */
import { createEVM, type EVM } from '@ethereumjs/evm';
import { bn254 as noble } from '@noble/curves/bn254.js';
import { Address } from '@ethereumjs/util';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { BN254_P, BN254_R, bn254Backend, bn254Ready, fp2Sqrt, TWIST_B } from '../../../src/crypto/bn254.ts';
import { useBn254Precompiles, vigilBn254 } from '../../../src/execution/precompiles/bn254.ts';

let ours: EVM;
let reference: EVM;

beforeAll(async () => {
  await bn254Ready();
  ours = useBn254Precompiles(await createEVM());
  reference = await createEVM();
});

const ADD = 6;
const MUL = 7;
const PAIRING = 8;
const caller = new Address(new Uint8Array(20).fill(0x11));

interface Outcome {
  output: string;
  error: string | undefined;
  gas: bigint;
}

async function run(evm: EVM, precompile: number, input: Uint8Array, gasLimit = 10_000_000n): Promise<Outcome> {
  const to = new Address(hexToBytes('0x' + precompile.toString(16).padStart(40, '0'), 20));
  const r = await evm.runCall({ caller, to, data: input, gasLimit });
  return { output: bytesToHex(r.execResult.returnValue), error: r.execResult.exceptionError?.error, gas: r.execResult.executionGasUsed };
}

/** Runs `input` on both EVMs and expects the same outcome; returns ours. */
async function same(precompile: number, input: Uint8Array, gasLimit?: bigint): Promise<Outcome> {
  const [a, b] = [await run(ours, precompile, input, gasLimit), await run(reference, precompile, input, gasLimit)];
  expect(a, `precompile 0x0${precompile} on ${bytesToHex(input).slice(0, 80)}…`).toEqual(b);
  return a;
}

const word = (v: bigint) => v.toString(16).padStart(64, '0');
const bytes = (...words: bigint[]) => hexToBytes('0x' + words.map(word).join(''));
const G1 = noble.G1.Point;
const G2 = noble.G2.Point;
const g1Words = (p: InstanceType<typeof G1>) => (p.is0() ? [0n, 0n] : [p.toAffine().x, p.toAffine().y]);
const g2Words = (q: InstanceType<typeof G2>) => {
  if (q.is0()) return [0n, 0n, 0n, 0n];
  const { x, y } = q.toAffine();
  return [x.c1, x.c0, y.c1, y.c0];
};

/** A point on the twist outside the order-r subgroup (the twist's cofactor is ≈ 2²⁵⁴). */
function nonSubgroupG2(seed: bigint): bigint[] {
  for (let x0 = seed; ; x0++) {
    const x = { c0: x0 % BN254_P, c1: 1n };
    const Fp2 = noble.fields.Fp2;
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), TWIST_B);
    const y = fp2Sqrt(rhs.c0, rhs.c1);
    if (y === null) continue;
    const q = G2.fromAffine({ x, y });
    if (q.isTorsionFree()) continue;
    return [x.c1, x.c0, y.c1, y.c0];
  }
}

describe('vigilBn254 (Vigil kernel behind 0x06–0x08) vs NobleBN254', () => {
  it('runs on the WASM kernel, plugged into one EVM and not the other', () => {
    expect(bn254Backend()).toBe('wasm');
    expect((ours as unknown as { _bn254: unknown })._bn254).toBe(vigilBn254);
    expect((reference as unknown as { _bn254: unknown })._bn254).not.toBe(vigilBn254);
  });

  it("answers go-ethereum's and revm's vectors as the default does, and as the vectors say", async () => {
    const file = JSON.parse(readFileSync(new URL('../../fixtures/precompiles/precompiles.json', import.meta.url), 'utf8')) as {
      precompiles: { address: string; valid: { input: string; output: string }[]; invalid?: { input: string }[] }[];
    };
    let count = 0;
    for (const p of file.precompiles) {
      const n = Number(BigInt(p.address));
      if (n < ADD || n > PAIRING) continue;
      for (const v of p.valid) {
        const got = await same(n, hexToBytes(v.input));
        expect(got.error).toBeUndefined();
        expect(got.output).toBe(v.output.toLowerCase());
        count++;
      }
      for (const v of p.invalid ?? []) {
        expect((await same(n, hexToBytes(v.input))).error).toBeDefined();
        count++;
      }
    }
    expect(count).toBeGreaterThan(6);
  });

  it('edge inputs: infinity, off-curve, coordinates ≥ p, non-subgroup G2, scalars ≥ r, empty, short and long inputs', async () => {
    const g = g1Words(G1.BASE);
    const q = g2Words(G2.BASE);
    const bad = nonSubgroupG2(5n);
    // ecAdd
    expect((await same(ADD, bytes(0n, 0n, 0n, 0n))).output).toBe('0x' + '00'.repeat(64));
    expect((await same(ADD, bytes(...g, 0n, 0n))).output).toBe('0x' + word(1n) + word(2n));
    expect((await same(ADD, bytes(...g, g[0]!, BN254_P - g[1]!))).output).toBe('0x' + '00'.repeat(64));
    expect((await same(ADD, bytes(1n, 3n, ...g))).error).toBe('revert');
    expect((await same(ADD, bytes(1n + BN254_P, 2n, ...g))).error).toBe('revert');
    expect((await same(ADD, bytes(0n, 1n, ...g))).error).toBe('revert');
    await same(ADD, new Uint8Array(0));
    await same(ADD, bytes(...g).subarray(0, 40));
    await same(ADD, new Uint8Array([...bytes(...g, ...g), 0xff, 0xff]));
    // ecMul
    for (const k of [0n, 1n, 2n, BN254_R - 1n, BN254_R, BN254_R + 1n, (1n << 256n) - 1n]) await same(MUL, bytes(...g, k));
    expect((await same(MUL, bytes(1n, 3n, 0n))).error).toBe('revert');
    await same(MUL, bytes(0n, 0n, 5n));
    await same(MUL, bytes(...g).subarray(0, 64));
    await same(MUL, new Uint8Array([...bytes(...g, 9n), 1, 2, 3]));
    // ecPairing
    expect((await same(PAIRING, new Uint8Array(0))).output).toBe('0x' + word(1n));
    expect((await same(PAIRING, bytes(0n, 0n, ...q))).output).toBe('0x' + word(1n));
    expect((await same(PAIRING, bytes(...g, 0n, 0n, 0n, 0n))).output).toBe('0x' + word(1n));
    expect((await same(PAIRING, bytes(...g, ...q))).output).toBe('0x' + word(0n));
    expect((await same(PAIRING, bytes(...g, ...q, g[0]!, BN254_P - g[1]!, ...q))).output).toBe('0x' + word(1n));
    expect((await same(PAIRING, bytes(...g, ...bad))).error).toBe('revert');
    expect((await same(PAIRING, bytes(0n, 0n, ...bad))).error).toBe('revert');
    expect((await same(PAIRING, bytes(...g, q[0]!, q[1]!, q[2]!, q[3]! + 1n))).error).toBe('revert');
    expect((await same(PAIRING, bytes(...g, q[0]! + BN254_P, q[1]!, q[2]!, q[3]!))).error).toBe('fp point not in field');
    expect((await same(PAIRING, bytes(1n, 3n, ...q))).error).toBe('revert');
    // The first failing pair decides, each G1 before its G2.
    expect((await same(PAIRING, bytes(...g, ...bad, ...g, BN254_P, 0n, 0n, 0n))).error).toBe('revert');
    expect((await same(PAIRING, bytes(...g, BN254_P, 0n, 0n, 0n, 1n, 3n, ...q))).error).toBe('fp point not in field');
    expect((await same(PAIRING, bytes(1n, 3n, BN254_P, 0n, 0n, 0n))).error).toBe('revert');
    expect((await same(PAIRING, bytes(...g, ...q).subarray(0, 191))).error).toBeDefined();
    // Not enough gas for the pairing: both run out alike.
    expect((await same(PAIRING, bytes(...g, ...q), 50_000n)).error).toBe('out of gas');
  });

  it('answers the interface directly with the framed sizes', () => {
    expect(vigilBn254.add(new Uint8Array(128))).toHaveLength(64);
    expect(vigilBn254.mul(bytes(1n, 2n, 3n))).toHaveLength(64);
    expect(bytesToHex(vigilBn254.pairing(new Uint8Array(0)))).toBe('0x' + word(1n));
  });

  it('random valid and invalid inputs give the same output, error and gas (property)', async () => {
    const scalar = fc.bigInt({ min: 1n, max: BN254_R - 1n });
    const anyWord = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
    const g1 = fc.oneof(
      { weight: 4, arbitrary: scalar.map((k) => g1Words(G1.BASE.multiply(k))) },
      { weight: 1, arbitrary: fc.constant([0n, 0n]) },
      { weight: 1, arbitrary: fc.tuple(anyWord, anyWord).map(([x, y]) => [x, y]) },
    );
    const g2 = fc.oneof(
      { weight: 4, arbitrary: scalar.map((k) => g2Words(G2.BASE.multiply(k))) },
      { weight: 1, arbitrary: fc.constant([0n, 0n, 0n, 0n]) },
      { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 1n << 64n }).map(nonSubgroupG2) },
      { weight: 1, arbitrary: fc.tuple(anyWord, anyWord, anyWord, anyWord) },
    );
    /** k pairs that multiply to 1: (aᵢ·G1, bᵢ·G2) and (−Σaᵢbᵢ·G1, G2). */
    const balanced = fc.array(fc.tuple(scalar, scalar), { minLength: 1, maxLength: 3 }).map((ab) => {
      const words = ab.flatMap(([a, b]) => [...g1Words(G1.BASE.multiply(a)), ...g2Words(G2.BASE.multiply(b))]);
      const s = ab.reduce((acc, [a, b]) => (acc + a * b) % BN254_R, 0n);
      return [...words, ...g1Words(G1.BASE.multiply(BN254_R - s)), ...g2Words(G2.BASE)];
    });
    const input = fc.oneof(
      fc.tuple(fc.constant(ADD), fc.tuple(g1, g1).map(([a, b]) => bytes(...a, ...b))),
      fc.tuple(fc.constant(MUL), fc.tuple(g1, anyWord).map(([a, k]) => bytes(...a, k))),
      fc.tuple(fc.constant(PAIRING), fc.array(fc.tuple(g1, g2), { maxLength: 3 }).map((ps) => bytes(...ps.flatMap(([a, b]) => [...a, ...b])))),
      fc.tuple(fc.constant(PAIRING), balanced.map((w) => bytes(...w))),
      fc.tuple(fc.constantFrom(ADD, MUL, PAIRING), fc.uint8Array({ maxLength: 200 })),
    );
    let ones = 0;
    await fc.assert(
      fc.asyncProperty(input, async ([precompile, data]) => {
        const got = await same(precompile, data);
        if (precompile === PAIRING && got.output === '0x' + word(1n) && data.length > 0) ones++;
      }),
      { numRuns: 60 },
    );
    expect(ones).toBeGreaterThan(0);
  });
});
