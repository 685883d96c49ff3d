/**
 * Shared by the zk tests: fixtures, JSON surgery on proofs, and points that are bad on purpose.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { readFileSync } from 'node:fs';

export const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
export const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export function groth16Fixture(dir: 'sp1-arithmetic' | 'gnark-cubic'): { vkey: any; proof: any; publicSignals: string[] } {
  const load = (name: string) =>
    JSON.parse(readFileSync(new URL(`../../fixtures/groth16/${dir}/${name}`, import.meta.url), 'utf8'));
  return dir === 'gnark-cubic'
    ? { vkey: load('verification_key_bn254.json'), proof: load('proof_bn254.json'), publicSignals: load('public.json') }
    : { vkey: load('verification_key.json'), proof: load('proof.json'), publicSignals: load('public.json') };
}

export type Path = (string | number)[];

/** Paths to every string leaf (every number snarkjs writes) under `value`. */
export function stringLeaves(value: unknown, path: Path = []): Path[] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringLeaves(v, [...path, i]));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  }
  return [];
}

export function getAt(value: any, path: Path): any {
  return path.reduce((v, k) => v[k], value);
}

/** A deep copy of `value` with the leaf at `path` replaced. */
export function setAt<T>(value: T, path: Path, leaf: unknown): T {
  const copy: any = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1));
  parent[path[path.length - 1]!] = leaf;
  return copy;
}

const { Fp2 } = bn254.fields;

/**
 * A point on the G2 twist outside the order-r subgroup, in snarkjs JSON: the first x = k + 0·u
 * (k = 1, 2, …) for which x³ + b' is a square gives a point whose order is not r (the twist's
 * cofactor is ≈ p, so a random point is in the subgroup with probability ≈ 1/p).
 */
export function nonSubgroupG2(): string[][] {
  const b = bn254.G2.Point.CURVE().b;
  for (let k = 1n; ; k++) {
    const x = Fp2.fromBigTuple([k, 0n]);
    let y;
    try {
      y = Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(x), x), b));
    } catch {
      continue;
    }
    if (!Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), b))) continue;
    const point = bn254.G2.Point.fromAffine({ x, y });
    if (point.isTorsionFree()) continue;
    return [
      [x.c0.toString(), x.c1.toString()],
      [y.c0.toString(), y.c1.toString()],
      ['1', '0'],
    ];
  }
}

/** (1, 3) is not on y² = x³ + 3 (9 ≠ 4). */
export const OFF_CURVE_G1 = ['1', '3', '1'];
export const G1_INFINITY = ['0', '1', '0'];
export const G2_INFINITY = [
  ['0', '0'],
  ['1', '0'],
  ['0', '0'],
];

/** v + delta, as a decimal string. */
export const plus = (v: string, delta: bigint): string => (BigInt(v) + delta).toString();

/** A copy of `list` with entry `i` replaced (Array.prototype.with is ES2023, past our lib). */
export const replaced = <T>(list: readonly T[], i: number, value: T): T[] => list.map((v, k) => (k === i ? value : v));
