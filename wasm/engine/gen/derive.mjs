/**
 * What every curve's parameter file (wasm/<curve>/gen/<curve>.mjs) derives the same way from its
 * defining numbers: Fp2 arithmetic over bigints (u² = −1), the tower's Frobenius coefficients,
 * signed digit expansions, and the writing of generated sources. Only the numbers differ between
 * curves; the derivations live here once.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invert, montLimbs } from './montgomery.mjs';

/** Fp and Fp2 = Fp[u]/(u² + 1) over bigints, for deriving constants (not for speed). */
export function fieldOf(P) {
  const mod = (a) => ((a % P) + P) % P;
  const f2mul = ([a0, a1], [b0, b1]) => [mod(a0 * b0 - a1 * b1), mod(a0 * b1 + a1 * b0)];
  const f2inv = ([a0, a1]) => {
    const n = invert(mod(a0 * a0 + a1 * a1), P);
    return [mod(a0 * n), mod(-a1 * n)];
  };
  const f2pow = (a, e) => {
    let r = [1n, 0n];
    for (let i = e.toString(2).length - 1; i >= 0; i--) {
      r = f2mul(r, r);
      if ((e >> BigInt(i)) & 1n) r = f2mul(r, a);
    }
    return r;
  };
  const fp = (x) => montLimbs(x, P);
  const fp2 = ([a, b]) => [...fp(a), ...fp(b)];
  return { mod, f2mul, f2inv, f2pow, fp, fp2 };
}

/**
 * Frobenius coefficients of Fp12 = Fp6[w]/(w² − v), Fp6 = Fp2[v]/(v³ − ξ): γ[k][i] = ξ^(i·(p^k − 1)/6)
 * for k = 1..3, i = 0..5 (k-major), since (g·w^i)^(p^k) = conj^k(g)·γ[k][i]·w^i when w⁶ = ξ.
 */
export function frobeniusCoefficients(P, xi) {
  const { f2pow } = fieldOf(P);
  const out = [];
  for (let k = 1; k <= 3; k++) {
    for (let i = 0; i < 6; i++) out.push(f2pow(xi, (BigInt(i) * (P ** BigInt(k) - 1n)) / 6n));
  }
  return out;
}

/** Signed digits, most significant first: NAF (width 2) or wNAF of the given width. */
export function wnaf(k, width) {
  const digits = [];
  const full = 1n << BigInt(width);
  while (k > 0n) {
    let d = 0n;
    if (k & 1n) {
      d = k % full;
      if (d >= full >> 1n) d -= full;
      k -= d;
    }
    digits.push(Number(d));
    k >>= 1n;
  }
  return digits.reverse();
}

/** `count` little-endian u32 words of v. */
export function words(v, count) {
  const out = [];
  for (let i = 0; i < count; i++, v >>= 32n) out.push(Number(v & 0xffffffffn));
  if (v !== 0n) throw new Error('value does not fit the words');
  return out;
}

/** `memory.data<i8>([...])` of signed digits. */
export const i8Literal = (ds) => `memory.data<i8>([${ds.join(', ')}])`;

/** Writes `text` to `path` unless it is already there; returns whether it wrote. */
export function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}

/**
 * A curve's generation step: writes fp.generated.ts and constants.generated.ts into the curve's
 * folder (the parent of its gen/ folder, given as the parameter file's import.meta.url), only
 * when their text changes, and reports when the file is run directly. Returns whether any changed.
 */
export function generateCurve(paramsUrl, fieldSource, constantsSource) {
  const dir = join(dirname(fileURLToPath(paramsUrl)), '..');
  const a = writeIfChanged(join(dir, 'fp.generated.ts'), fieldSource());
  const b = writeIfChanged(join(dir, 'constants.generated.ts'), constantsSource());
  return a || b;
}

/** For a parameter file run directly (`node wasm/<curve>/gen/<curve>.mjs`). */
export function runIfMain(name, paramsUrl, generate) {
  if (process.argv[1] && fileURLToPath(paramsUrl) === process.argv[1]) {
    console.log(generate() ? `${name}: generated sources updated` : `${name}: generated sources up to date`);
  }
}

/**
 * Short Weierstrass arithmetic y² = x³ + a·x + b over bigints (affine, null = infinity), on a
 * field given as { add, sub, mul, inv, eq, zero, one, isZero }: slow, only to check constants
 * at generation time (generators of order r, endomorphism eigenvalues, isogeny targets).
 */
export function curveOf(F, a, b) {
  const onCurve = (P) => P === null || F.eq(F.mul(P.y, P.y), F.add(F.add(F.mul(F.mul(P.x, P.x), P.x), F.mul(a, P.x)), b));
  const neg = (P) => (P === null ? null : { x: P.x, y: F.sub(F.zero, P.y) });
  function add(P, Q) {
    if (P === null) return Q;
    if (Q === null) return P;
    let l;
    if (F.eq(P.x, Q.x)) {
      if (!F.eq(P.y, Q.y) || F.isZero(P.y)) return null;
      const x2 = F.mul(P.x, P.x);
      l = F.mul(F.add(F.add(F.add(x2, x2), x2), a), F.inv(F.add(P.y, P.y)));
    } else {
      l = F.mul(F.sub(Q.y, P.y), F.inv(F.sub(Q.x, P.x)));
    }
    const x = F.sub(F.sub(F.mul(l, l), P.x), Q.x);
    return { x, y: F.sub(F.mul(l, F.sub(P.x, x)), P.y) };
  }
  function mul(P, k) {
    if (k < 0n) return mul(neg(P), -k);
    let R = null;
    for (let i = k.toString(2).length - 1; i >= 0; i--) {
      R = add(R, R);
      if ((k >> BigInt(i)) & 1n) R = add(R, P);
    }
    return R;
  }
  const eq = (P, Q) => (P === null || Q === null ? P === Q : F.eq(P.x, Q.x) && F.eq(P.y, Q.y));
  return { onCurve, neg, add, mul, eq };
}

/** The field interface of {@link curveOf} for Fp and for Fp2 (pairs), over bigints. */
export function fieldOps(P) {
  const { mod, f2mul, f2inv } = fieldOf(P);
  const fp = {
    add: (a, b) => mod(a + b),
    sub: (a, b) => mod(a - b),
    mul: (a, b) => mod(a * b),
    inv: (a) => invert(a, P),
    eq: (a, b) => mod(a) === mod(b),
    isZero: (a) => mod(a) === 0n,
    zero: 0n,
    one: 1n,
  };
  const fp2 = {
    add: (a, b) => [mod(a[0] + b[0]), mod(a[1] + b[1])],
    sub: (a, b) => [mod(a[0] - b[0]), mod(a[1] - b[1])],
    mul: f2mul,
    inv: f2inv,
    eq: (a, b) => mod(a[0]) === mod(b[0]) && mod(a[1]) === mod(b[1]),
    isZero: (a) => mod(a[0]) === 0n && mod(a[1]) === 0n,
    zero: [0n, 0n],
    one: [1n, 0n],
  };
  return { fp, fp2 };
}
