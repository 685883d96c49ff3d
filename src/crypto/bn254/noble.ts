/**
 * The @noble/curves implementation of the BN254 backend: the fallback where WebAssembly is
 * unavailable, and the reference the WASM kernel is tested against. Prepared G2 points
 * (noble's Miller-loop precomputes) are cached like the kernel's, so a verification key's G2
 * points are validated and prepared once here too.
 * @module
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bn254 } from '@noble/curves/bn254.js';
import { LruMap, g2Key } from './cache.ts';
import {
  type Bn254Backend,
  type Fp12,
  type G1Point,
  type G2Point,
  isG1Zero,
  isG2Zero,
  notInSubgroup,
  notOnCurve,
} from './types.ts';

const G1 = bn254.G1.Point;
const G2 = bn254.G2.Point;
const { Fp, Fp2: F2, Fp12: F12 } = bn254.fields;
type G1P = InstanceType<typeof G1>;
type G2P = InstanceType<typeof G2>;
type Precompute = ReturnType<typeof bn254.utils.calcPairingPrecomputes>;

const B1 = 3n;
const B2 = /* @__PURE__ */ F2.div(F2.fromBigTuple([3n, 0n]), F2.fromBigTuple([9n, 1n]));

function onCurve1(p: G1Point): boolean {
  if (isG1Zero(p)) return true;
  return Fp.eql(Fp.sqr(p.y), Fp.add(Fp.mul(Fp.sqr(p.x), p.x), B1));
}

function onCurve2(q: G2Point): boolean {
  if (isG2Zero(q)) return true;
  return F2.eql(F2.sqr(q.y), F2.add(F2.mul(F2.sqr(q.x), q.x), B2));
}

function toG1(p: G1Point, title: string): G1P {
  if (!onCurve1(p)) throw notOnCurve(title, 'G1');
  return G1.fromAffine({ x: p.x, y: p.y });
}

function toG2(q: G2Point, title: string): G2P {
  if (!onCurve2(q)) throw notOnCurve(title, 'G2');
  return G2.fromAffine({ x: q.x, y: q.y });
}

const fromG1 = (p: G1P): G1Point => p.toAffine();
const fromG2 = (p: G2P): G2Point => {
  const { x, y } = p.toAffine();
  return { x: { c0: x.c0, c1: x.c1 }, y: { c0: y.c0, c1: y.c1 } };
};

export class NobleBn254 implements Bn254Backend {
  readonly name = 'noble' as const;
  /** Prepared G2 points by coordinates. */
  private readonly cache = new LruMap<Precompute>(32);
  /** G2 points that recently passed the subgroup check. */
  private readonly checked = new LruMap<true>(64);

  g1Add(a: G1Point, b: G1Point): G1Point {
    return fromG1(toG1(a, 'a').add(toG1(b, 'b')));
  }

  g1Double(a: G1Point): G1Point {
    return fromG1(toG1(a, 'a').double());
  }

  g1Mul(p: G1Point, k: bigint): G1Point {
    return fromG1(toG1(p, 'p').multiplyUnsafe(k));
  }

  g1Msm(points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
    if (points.length === 0) return { x: 0n, y: 0n };
    const pts = points.map((p, i) => toG1(p, `points[${i}]`));
    return fromG1(pippenger(G1, pts, [...scalars]));
  }

  g1IsOnCurve(p: G1Point): boolean {
    return onCurve1(p);
  }

  g2Add(a: G2Point, b: G2Point): G2Point {
    return fromG2(toG2(a, 'a').add(toG2(b, 'b')));
  }

  g2Double(a: G2Point): G2Point {
    return fromG2(toG2(a, 'a').double());
  }

  g2Mul(p: G2Point, k: bigint): G2Point {
    return fromG2(toG2(p, 'p').multiplyUnsafe(k));
  }

  g2IsOnCurve(q: G2Point): boolean {
    return onCurve2(q);
  }

  g2IsInSubgroup(q: G2Point): boolean {
    const key = g2Key(q);
    if (this.checked.get(key) || this.cache.get(key)) return true;
    const ok = toG2(q, 'q').isTorsionFree();
    if (ok) this.checked.set(key, true);
    return ok;
  }

  private prepared(q: G2Point, title: string): Precompute {
    const key = g2Key(q);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const point = toG2(q, title);
    if (!this.checked.get(key) && !point.isTorsionFree()) throw notInSubgroup(title);
    const pre = bn254.utils.calcPairingPrecomputes(point);
    this.cache.set(key, pre);
    return pre;
  }

  millerLoop(pairs: readonly (readonly [G1Point, G2Point])[]): Fp12 {
    // Same order of checks as the kernel: every G1 point, then the G2 points.
    const live = pairs.map((pair, i) => [pair, i] as const).filter(([[p, q]]) => !isG1Zero(p) && !isG2Zero(q));
    for (const [[p], i] of live) toG1(p, `pairs[${i}][0]`);
    const batch = live.map(([[p, q], i]): [Precompute, bigint, bigint] => [this.prepared(q, `pairs[${i}][1]`), p.x, p.y]);
    return bn254.millerLoopBatch(batch);
  }

  finalExponentiate(f: Fp12): Fp12 {
    return F12.finalExponentiate(f as Parameters<typeof F12.finalExponentiate>[0]);
  }

  pairingCheck(pairs: readonly (readonly [G1Point, G2Point])[], extra?: Fp12): boolean {
    let f = this.millerLoop(pairs) as Parameters<typeof F12.mul>[0];
    if (extra) f = F12.mul(f, extra as typeof f);
    return F12.eql(F12.finalExponentiate(f), F12.ONE);
  }
}


/** √a in Fp (either root), or null when a is not a square: point decompression, no kernel needed. */
export function nobleFpSqrt(a: bigint): bigint | null {
  const x = Fp.create(a);
  try {
    return Fp.sqrt(x);
  } catch {
    return null; // noble throws for a non-square
  }
}

/** √(c0 + c1·u) in Fp2 (either root), or null when it is not a square. */
export function nobleFp2Sqrt(c0: bigint, c1: bigint): { c0: bigint; c1: bigint } | null {
  try {
    const r = F2.sqrt(F2.fromBigTuple([Fp.create(c0), Fp.create(c1)]));
    return { c0: r.c0, c1: r.c1 };
  } catch {
    return null;
  }
}

/** The twist's b' = 3/(9 + u), as [c0, c1]. */
export const TWIST_B: { c0: bigint; c1: bigint } = /* @__PURE__ */ { c0: B2.c0, c1: B2.c1 };
