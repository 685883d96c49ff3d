/**
 * Generator of a prime-field module for AssemblyScript: Montgomery arithmetic on 29-bit limbs,
 * fully unrolled, for any odd modulus p with 64·p < R (R = 2^(29·n)). BN254's p uses 9 limbs,
 * BLS12-381's 14, from this same generator (wasm/bn254/gen, wasm/bls12381/gen).
 *
 * Why 29-bit limbs in 64-bit lanes (rather than 32-bit limbs): WebAssembly has no 64×64→128
 * multiply, and with 32-bit limbs every product must be split and its carry propagated at once.
 * With 29 bits a product is below 2^58, so up to 32 of them can be summed in a u64 before
 * anything overflows: the Montgomery loop below adds products into its accumulators and
 * propagates carries once, at the end ("delayed carries"; the technique from Gregor
 * Mitscha-Baude's ZPrize 2022 WebAssembly MSM, arXiv:2302.08486 is not copied, only the idea).
 *
 * Representation: little-endian u32 limbs of 29 bits, value in Montgomery form x·R mod p,
 * kept below 2p ("almost reduced"). Multiplication accepts inputs below 8p (so sums of two or
 * three reduced values may be multiplied without reducing them first) and returns a value below
 * 2p without a final subtraction, because (a·b + m·p)/R < 64p²/R + p < 2p. Only comparisons and
 * the export to canonical integers reduce below p.
 *
 * Every column sum the generated code accumulates in a 64-bit lane is bounded here, at generation
 * time, from the limb bounds of its inputs (`checkReduction`): a modulus or an input bound for
 * which some lane could overflow is refused, or gets the variant of the formula that fits.
 *
 * Usage: `generateField({ prefix: 'fp', className: 'Fp', modulus })` returns the source text.
 */

export const LIMB_BITS = 29;
const MASK = (1n << BigInt(LIMB_BITS)) - 1n;

/** Number of 29-bit limbs for p: enough that 64·p < R, the bound the lazy reduction needs. */
export function limbCount(modulus) {
  let n = 1;
  while (64n * modulus >= 1n << BigInt(LIMB_BITS * n)) n++;
  if (2 * n * 2 ** 58 >= 2 ** 63) throw new Error(`modulus too large for delayed carries (${n} limbs)`);
  return n;
}

/** Limbs of a non-negative integer below R. */
export function toLimbs(x, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(Number(x & MASK));
    x >>= BigInt(LIMB_BITS);
  }
  if (x !== 0n) throw new Error('value does not fit the limbs');
  return out;
}

function mod(a, m) {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** Inverse of a modulo m (extended Euclid). */
export function invert(a, m) {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return mod(s0, m);
}

/** Montgomery radix R = 2^(29·n) for this modulus. */
export function radix(modulus) {
  return 1n << BigInt(LIMB_BITS * limbCount(modulus));
}

/**
 * Largest value of each limb of an integer below `bound` (29-bit limbs, the top one holding the
 * rest): what the column bounds below start from.
 */
function limbMax(bound, n) {
  const top = (bound - 1n) >> BigInt(LIMB_BITS * (n - 1));
  return Array.from({ length: n }, (_, i) => (i < n - 1 ? MASK : top));
}

/** Bounds [lo, hi] of each of the 2n product columns Σ_{i+j=k} x_i·y_j, from limb bounds. */
function columnBounds(xLo, xHi, yLo, yHi) {
  const n = xLo.length;
  const lo = Array(2 * n).fill(0n);
  const hi = Array(2 * n).fill(0n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = [xLo[i] * yLo[j], xLo[i] * yHi[j], xHi[i] * yLo[j], xHi[i] * yHi[j]];
      lo[i + j] += c.reduce((a, b) => (b < a ? b : a));
      hi[i + j] += c.reduce((a, b) => (b > a ? b : a));
    }
  }
  return { lo, hi };
}

const addBounds = (a, b) => ({ lo: a.lo.map((v, k) => v + b.lo[k]), hi: a.hi.map((v, k) => v + b.hi[k]) });
const subBounds = (a, b) => ({ lo: a.lo.map((v, k) => v - b.hi[k]), hi: a.hi.map((v, k) => v - b.lo[k]) });

/**
 * Follows the Montgomery reduction of columns with the given bounds, as the generated code runs
 * it: at step i, m_i < 2^29 and column i + j gains m_i·p_j; each column is read (shifted into
 * the next) once all of its terms are in. Returns whether every column, at the moment it is
 * read, lies in the lane: [−2^63, 2^63) when `signed`, else [0, 2^64). The sums on the way may
 * wrap (WebAssembly integer arithmetic is modular); only the values read must be exact.
 */
export function checkReduction(bounds, P, signed) {
  const n = P.length;
  const [min, max] = signed ? [-(1n << 63n), 1n << 63n] : [0n, 1n << 64n];
  let carryLo = 0n;
  let carryHi = 0n;
  for (let k = 0; k < 2 * n; k++) {
    let red = 0n;
    for (let i = Math.max(0, k - n + 1); i <= Math.min(k, n - 1); i++) red += MASK * BigInt(P[k - i]);
    const lo = bounds.lo[k] + carryLo;
    const hi = bounds.hi[k] + red + carryHi;
    if (lo < min || hi >= max) return false;
    carryLo = lo >> BigInt(LIMB_BITS);
    carryHi = hi >> BigInt(LIMB_BITS);
  }
  return true;
}

/** Limbs of x·R mod p: how a constant x is stored. */
export function montLimbs(x, modulus) {
  return toLimbs(mod(mod(x, modulus) * radix(modulus), modulus), limbCount(modulus));
}

/** `memory.data<u32>([...])` holding the given limb groups back to back. */
export function dataLiteral(limbGroups) {
  const values = limbGroups.flat().map((v) => `0x${v.toString(16)}`);
  const lines = [];
  for (let i = 0; i < values.length; i += 10) lines.push(`  ${values.slice(i, i + 10).join(', ')},`);
  return `memory.data<u32>([\n${lines.join('\n')}\n])`;
}

/**
 * Source of the field module. Top-level functions `<prefix>Mul` etc. do the work; the class
 * `<className>` is a stateless facade over them, which the generic tower and curve code
 * (wasm/bn254/tower.ts, curve.ts) takes as a type parameter.
 */
export function generateField({ prefix, className, modulus, description, quadNonResidue, twistB3Xi }) {
  const n = limbCount(modulus);
  const R = radix(modulus);
  const size = 4 * n;
  const P = toLimbs(modulus, n);
  const P2 = toLimbs(2n * modulus, n);
  const mu = Number(mod(-invert(modulus, 1n << BigInt(LIMB_BITS)), 1n << BigInt(LIMB_BITS)));
  const bits = modulus.toString(2).length;
  const words = Math.ceil(bits / 32);
  const L = (v) => `0x${v.toString(16)}`;
  const range = (k) => Array.from({ length: k }, (_, i) => i);
  const fn = (name) => `${prefix}${name}`;
  const out = [];
  const emit = (s = '') => out.push(s);

  // Lane bounds of every fused routine, for its documented input range (see checkReduction).
  const max8p = limbMax(8n * modulus, n);
  const max4p = limbMax(4n * modulus, n);
  const zeros = Array(n).fill(0n);
  if (!checkReduction(columnBounds(zeros, max8p, zeros, max8p), P, false)) throw new Error('mul: a column could overflow');
  const cross = addBounds(columnBounds(zeros, max4p, zeros, max4p), columnBounds(zeros, max4p, zeros, max4p));
  if (!checkReduction(cross, P, false)) throw new Error('mulQuad: the u-coefficient could overflow');
  const square4p = columnBounds(zeros, max4p, zeros, max4p);
  if (!checkReduction(subBounds(square4p, square4p), P, true)) throw new Error('mulQuad: the real coefficient could overflow');
  // (a0 + a1)(a0 − a1) saves nothing over a0² − a1² but needs wider lanes; used where it fits.
  const sqrQuadBySum = checkReduction(
    columnBounds(zeros, max4p.map((v) => 2n * v), max4p.map((v) => -v), max4p),
    P,
    true,
  );

  emit(`// Generated by wasm/engine/gen/montgomery.mjs. Do not edit: run \`npm run build:wasm\`.`);
  emit(`/**`);
  emit(` * ${description}`);
  emit(` * p = ${L(modulus)} (${bits} bits), ${n} limbs of ${LIMB_BITS} bits, R = 2^${LIMB_BITS * n}.`);
  emit(` * Elements are ${size} bytes: u32 limbs, little-endian, Montgomery form, value below 2p.`);
  emit(` * Every \`o\` may alias an input: inputs are read completely before \`o\` is written.`);
  emit(` */`);
  emit();
  emit(`/** Bytes per element. */`);
  emit(`export const ${prefix.toUpperCase()}_SIZE: usize = ${size};`);
  emit(`/** Limbs per element. */`);
  emit(`export const ${prefix.toUpperCase()}_LIMBS: i32 = ${n};`);
  emit(`/** 32-bit words of a canonical integer (the host's import/export format). */`);
  emit(`export const ${prefix.toUpperCase()}_WORDS: i32 = ${words};`);
  emit(`const ${prefix.toUpperCase()}_ONE: usize = ${dataLiteral([toLimbs(R % modulus, n)])};`);
  emit(`const ${prefix.toUpperCase()}_R2: usize = ${dataLiteral([toLimbs((R * R) % modulus, n)])};`);
  emit(`/** p − 2 as ${words} little-endian u32 words (Fermat inversion). */`);
  emit(`const ${prefix.toUpperCase()}_PM2: usize = ${dataLiteral([wordsOf(modulus - 2n, words)])};`);
  emit();

  // --- mul: product scanning (all n² products into 2n column sums), then Montgomery
  // reduction column by column. Measured faster in V8 than the interleaved (CIOS) order, whose
  // reduction factor m waits on every previous step: here the n² products are independent.
  emit(`/** o = a·b/R mod p. Inputs below 8p, output below 2p. */`);
  emit(`export function ${fn('Mul')}(o: usize, a: usize, b: usize): void {`);
  for (const i of range(n)) emit(`  const a${i} = <u64>load<u32>(a, ${4 * i});`);
  for (const i of range(n)) emit(`  const b${i} = <u64>load<u32>(b, ${4 * i});`);
  for (const k of range(2 * n)) {
    const terms = [];
    for (let i = 0; i < n; i++) {
      const j = k - i;
      if (j < 0 || j >= n) continue;
      terms.push(`a${i} * b${j}`);
    }
    emit(`  let c${k}: u64 = ${terms.length ? terms.join(' + ') : '0'};`);
  }
  emitReduce();
  emit(`}`);
  emit();

  function emitReduce() {
    emit(`  let m: u64;`);
    for (const i of range(n)) {
      emit(`  m = ((c${i} & ${L(Number(MASK))}) * ${mu}) & ${L(Number(MASK))};`);
      emit(`  c${i + 1} += (c${i} + m * ${L(P[0])}) >> ${LIMB_BITS};`);
      for (const j of range(n).slice(1)) emit(`  c${i + j} += m * ${L(P[j])};`);
    }
    emitNormalizeStore('c', n, n);
  }

  // --- sqr: symmetric product, then Montgomery reduction of the 2n columns.
  emit(`/** o = a²/R mod p. Input below 8p, output below 2p. */`);
  emit(`export function ${fn('Sqr')}(o: usize, a: usize): void {`);
  for (const i of range(n)) emit(`  const a${i} = <u64>load<u32>(a, ${4 * i});`);
  for (const i of range(n - 1)) emit(`  const d${i} = a${i} << 1;`);
  for (const k of range(2 * n)) {
    const terms = [];
    for (let i = 0; i < n; i++) {
      const j = k - i;
      if (j <= i || j >= n) continue;
      terms.push(`d${i} * a${j}`);
    }
    if (k % 2 === 0 && k / 2 < n) terms.push(`a${k / 2} * a${k / 2}`);
    emit(`  let c${k}: u64 = ${terms.length ? terms.join(' + ') : '0'};`);
  }
  emitReduce();
  emit(`}`);
  emit();

  function emitNormalizeStore(v, from, count) {
    for (let k = from; k < from + count - 1; k++) {
      emit(`  ${v}${k + 1} += ${v}${k} >> ${LIMB_BITS};`);
    }
    for (let k = from; k < from + count; k++) {
      const val = k < from + count - 1 ? `${v}${k} & ${L(Number(MASK))}` : `${v}${k}`;
      emit(`  store<u32>(o, <u32>(${val}), ${4 * (k - from)});`);
    }
  }

  // --- Fp2 = Fp[u]/(u² + 1) multiplication and squaring, fused: column sums of all products
  // (i64 lanes, Karatsuba), then two Montgomery reductions interleaved step by step so their
  // dependency chains overlap. The u-coefficient's columns are sums of products of non-negative
  // limbs, so they are read as unsigned; the real coefficient's may be negative and are read
  // signed. The bounds checked above say both fit.
  const loadLimbs = (name, ptr, offset) =>
    range(n).forEach((i) => emit(`  const ${name}${i} = <i64>load<u32>(${ptr}, ${offset + 4 * i});`));
  const columns = (name, x, y) => {
    for (const k of range(2 * n)) {
      const terms = [];
      for (let i = 0; i < n; i++) {
        const j = k - i;
        if (j >= 0 && j < n) terms.push(`${x}${i} * ${y}${j}`);
      }
      emit(`  let ${name}${k}: i64 = ${terms.length ? terms.join(' + ') : '0'};`);
    }
  };
  /** Columns of x², from the doubled limbs `d` of x (d_i = 2x_i). */
  const squareColumns = (name, x, d) => {
    for (const k of range(2 * n)) {
      const terms = [];
      for (let i = 0; i < n; i++) {
        const j = k - i;
        if (j <= i || j >= n) continue;
        terms.push(`${d}${i} * ${x}${j}`);
      }
      if (k % 2 === 0 && k / 2 < n) terms.push(`${x}${k / 2} * ${x}${k / 2}`);
      emit(`  let ${name}${k}: i64 = ${terms.length ? terms.join(' + ') : '0'};`);
    }
  };
  /** lanes: [{ v, signed, offset }]; reduces each column set and stores it at o + offset. */
  function emitReduceLanes(lanes) {
    emit(`  let m: i64;`);
    for (const i of range(n)) {
      for (const { v, signed } of lanes) {
        const shr = signed ? '>>' : '>>>';
        emit(`  m = (${v}${i} * ${mu}) & ${L(Number(MASK))};`);
        emit(`  ${v}${i + 1} += (${v}${i} + m * ${L(P[0])}) ${shr} ${LIMB_BITS};`);
        for (const j of range(n).slice(1)) emit(`  ${v}${i + j} += m * ${L(P[j])};`);
      }
    }
    for (const { v, signed, offset } of lanes) {
      const shr = signed ? '>>' : '>>>';
      for (let k = n; k < 2 * n - 1; k++) emit(`  ${v}${k + 1} += ${v}${k} ${shr} ${LIMB_BITS}; ${v}${k} &= ${L(Number(MASK))};`);
      if (signed) {
        // A negative result (in (−p, 0)) gets p added.
        emit(`  const neg${v} = ${v}${2 * n - 1} >> 63;`);
        emit(`  ${v}${n} += ${L(P[0])} & neg${v};`);
        for (let k = n + 1; k < 2 * n; k++) {
          emit(`  ${v}${k} += (${L(P[k - n])} & neg${v}) + (${v}${k - 1} >> ${LIMB_BITS}); ${v}${k - 1} &= ${L(Number(MASK))};`);
        }
      }
      for (let k = n; k < 2 * n; k++) emit(`  store<u32>(o, <u32>${v}${k}, ${offset + 4 * (k - n)});`);
    }
  }
  emit(`/**`);
  emit(` * o = a·b in Fp2 = Fp[u]/(u² + 1), Karatsuba: c0 = a0b0 − a1b1, c1 = (a0 + a1)(b0 + b1) − a0b0 − a1b1,`);
  emit(` * with limb-wise (uncarried) sums so that every column of c1 is exact. Coefficients below 4p in,`);
  emit(` * below 2p out.`);
  emit(` */`);
  emit(`export function ${fn('MulQuad')}(o: usize, a: usize, b: usize): void {`);
  loadLimbs('x', 'a', 0);
  loadLimbs('y', 'a', size);
  loadLimbs('z', 'b', 0);
  loadLimbs('w', 'b', size);
  range(n).forEach((i) => emit(`  const s${i} = x${i} + y${i};`));
  range(n).forEach((i) => emit(`  const t${i} = z${i} + w${i};`));
  columns('A', 'x', 'z');
  columns('B', 'y', 'w');
  columns('C', 's', 't');
  // C may wrap in its lane before the subtraction; the difference (the cross terms) is exact.
  range(2 * n).forEach((k) => emit(`  C${k} -= A${k} + B${k}; A${k} -= B${k};`));
  emitReduceLanes([
    { v: 'A', signed: true, offset: 0 },
    { v: 'C', signed: false, offset: size },
  ]);
  emit(`}`);
  emit();
  if (!checkReduction(columnBounds(zeros, max4p.map((v) => 2n * v), zeros, max4p), P, false)) {
    throw new Error('sqrQuad: the u-coefficient could overflow');
  }
  emit(
    sqrQuadBySum
      ? `/** o = a² in Fp2: c0 = (a0 + a1)(a0 − a1), c1 = 2a0a1 (limb-wise sums and differences). Below 4p in. */`
      : `/** o = a² in Fp2: c0 = a0² − a1² (each squared by symmetry), c1 = 2a0a1. Below 4p in. */`,
  );
  emit(`export function ${fn('SqrQuad')}(o: usize, a: usize): void {`);
  loadLimbs('x', 'a', 0);
  loadLimbs('y', 'a', size);
  range(n).forEach((i) => emit(`  const e${i} = x${i} << 1;`));
  if (sqrQuadBySum) {
    range(n).forEach((i) => emit(`  const s${i} = x${i} + y${i};`));
    range(n).forEach((i) => emit(`  const d${i} = x${i} - y${i};`));
    columns('A', 's', 'd');
  } else {
    range(n).forEach((i) => emit(`  const f${i} = y${i} << 1;`));
    squareColumns('A', 'x', 'e');
    squareColumns('B', 'y', 'f');
    range(2 * n).forEach((k) => emit(`  A${k} -= B${k};`));
  }
  columns('C', 'e', 'y');
  emitReduceLanes([
    { v: 'A', signed: true, offset: 0 },
    { v: 'C', signed: false, offset: size },
  ]);
  emit(`}`);
  emit();

  // --- add/sub modulo 2p on i32 limbs, for one element and for the two coefficients of an
  // Fp2 element at once (`…Quad`: the two carry chains interleave, one call instead of two).
  function lockstep(k, body) {
    // body(v, off) returns the lines for one coefficient; k coefficients are emitted interleaved.
    const parts = range(k).map((c) => body(k === 1 ? 's' : `s${c}_`, 4 * n * c));
    const len = Math.max(...parts.map((x) => x.length));
    for (let i = 0; i < len; i++) for (const x of parts) if (i < x.length) emit(x[i]);
  }
  const carryLines = (v) => range(n - 1).map((i) => `  ${v}${i + 1} += ${v}${i} >> ${LIMB_BITS}; ${v}${i} &= ${L(Number(MASK))};`);
  const selectLines = (v, M, off) => [
    `  let ${v}d0 = ${v}0 - ${L(M[0])};`,
    ...range(n).slice(1).map((i) => `  let ${v}d${i} = ${v}${i} - ${L(M[i])} + (${v}d${i - 1} >> ${LIMB_BITS}); ${v}d${i - 1} &= ${L(Number(MASK))};`),
    `  const ${v}keep = ${v}d${n - 1} < 0;`,
    ...range(n).map((i) => `  store<u32>(o, <u32>select(${v}${i}, ${v}d${i}, ${v}keep), ${off + 4 * i});`),
  ];
  const add2pLines = (v, off) => [
    `  const ${v}neg = ${v}${n - 1} >> 31;`,
    `  ${v}0 += ${L(P2[0])} & ${v}neg;`,
    ...range(n).slice(1).map((i) => `  ${v}${i} += (${L(P2[i])} & ${v}neg) + (${v}${i - 1} >> ${LIMB_BITS}); ${v}${i - 1} &= ${L(Number(MASK))};`),
    ...range(n).map((i) => `  store<u32>(o, <u32>${v}${i}, ${off + 4 * i});`),
  ];
  const storeLines = (v, off) => range(n).map((i) => `  store<u32>(o, <u32>${v}${i}, ${off + 4 * i});`);
  const loadSum = (v, off, expr) => range(n).map((i) => `  let ${v}${i} = ${expr(`${off + 4 * i}`)};`);
  for (const [suffix, k, what] of [['', 1, 'a'], ['Quad', 2, 'each coefficient of a']]) {
    emit(`/** o = a + b, reduced below 2p (${what}, inputs below 2p). */`);
    emit(`export function ${fn('Add' + suffix)}(o: usize, a: usize, b: usize): void {`);
    lockstep(k, (v, off) => [
      ...loadSum(v, off, (o) => `<i32>load<u32>(a, ${o}) + <i32>load<u32>(b, ${o})`),
      ...carryLines(v),
      ...selectLines(v, P2, off),
    ]);
    emit(`}`);
    emit();
    emit(`/** o = 2a, reduced below 2p (${what} below 2p). */`);
    emit(`export function ${fn('Dbl' + suffix)}(o: usize, a: usize): void {`);
    lockstep(k, (v, off) => [...loadSum(v, off, (o) => `<i32>load<u32>(a, ${o}) << 1`), ...carryLines(v), ...selectLines(v, P2, off)]);
    emit(`}`);
    emit();
    emit(`/** o = a + b without reduction (${what} below 4p for inputs below 2p): only as a multiplication input. */`);
    emit(`export function ${fn('AddNR' + suffix)}(o: usize, a: usize, b: usize): void {`);
    lockstep(k, (v, off) => [
      ...loadSum(v, off, (o) => `<i32>load<u32>(a, ${o}) + <i32>load<u32>(b, ${o})`),
      ...carryLines(v),
      ...storeLines(v, off),
    ]);
    emit(`}`);
    emit();
    emit(`/** o = a − b, reduced below 2p (${what}, inputs below 2p). */`);
    emit(`export function ${fn('Sub' + suffix)}(o: usize, a: usize, b: usize): void {`);
    lockstep(k, (v, off) => [
      ...loadSum(v, off, (o) => `<i32>load<u32>(a, ${o}) - <i32>load<u32>(b, ${o})`),
      ...carryLines(v),
      ...add2pLines(v, off),
    ]);
    emit(`}`);
    emit();
    emit(`/** o = −a, below 2p (${what} below 2p). */`);
    emit(`export function ${fn('Neg' + suffix)}(o: usize, a: usize): void {`);
    lockstep(k, (v, off) => [...loadSum(v, off, (o) => `-<i32>load<u32>(a, ${o})`), ...carryLines(v), ...add2pLines(v, off)]);
    emit(`}`);
    emit();
  }
  // --- Small linear combinations of Fp2 elements, ξ-multiples included, reduced below 2p in one
  // pass: the tower's additions come in chains (a − b − c, 3a − 2b, a + ξb), and one pass each
  // instead of a pass per operation roughly halves their cost. Per coefficient: the signed sum in
  // i64 limbs plus K·p (K = 2·Σ|negative k|, so it is non-negative), carries, then q·p subtracted
  // with q estimated from the top two limbs: q ≤ v/p < q + 1 + ε, so the result is below 2p.
  const linearOps = [];
  if (quadNonResidue !== undefined) {
    const c = BigInt(quadNonResidue);
    const D = BigInt(P[n - 1]) * (1n << BigInt(LIMB_BITS)) + BigInt(P[n - 2]) + 1n;
    /** k·x as terms [k, arg, coefficient] of the two output coefficients. */
    const plain = (k, arg) => [[[k, arg, 0]], [[k, arg, 1]]];
    /** k·ξ·x: ξ(x0 + x1u) = (c·x0 − x1) + (x0 + c·x1)u. */
    const xi = (k, arg) => [[[k * c, arg, 0], [-k, arg, 1]], [[k, arg, 0], [k * c, arg, 1]]];
    const sum = (...parts) => [parts.flatMap((t) => t[0]), parts.flatMap((t) => t[1])];
    const defs = [
      ['MulXi', 'ξa', ['a'], sum(xi(1n, 'a'))],
      ['AddXi', 'a + ξb', ['a', 'b'], sum(plain(1n, 'a'), xi(1n, 'b'))],
      ['Sub2', 'a − b − c', ['a', 'b', 'c'], sum(plain(1n, 'a'), plain(-1n, 'b'), plain(-1n, 'c'))],
      ['Sub2Add', 'a − b − c + d', ['a', 'b', 'c', 'd'], sum(plain(1n, 'a'), plain(-1n, 'b'), plain(-1n, 'c'), plain(1n, 'd'))],
      ['Sub2Xi', 'a − b − ξc', ['a', 'b', 'c'], sum(plain(1n, 'a'), plain(-1n, 'b'), xi(-1n, 'c'))],
      ['Add3Sub2', 'a + b + c − d − e', ['a', 'b', 'c', 'd', 'e'], sum(plain(1n, 'a'), plain(1n, 'b'), plain(1n, 'c'), plain(-1n, 'd'), plain(-1n, 'e'))],
      ['SubAdd', 'a − b + c', ['a', 'b', 'c'], sum(plain(1n, 'a'), plain(-1n, 'b'), plain(1n, 'c'))],
      ['Sub2AddXi', 'a − b − c + ξd', ['a', 'b', 'c', 'd'], sum(plain(1n, 'a'), plain(-1n, 'b'), plain(-1n, 'c'), xi(1n, 'd'))],
      ['XiSub2Add', 'ξ(a − b − c) + d', ['a', 'b', 'c', 'd'], sum(xi(1n, 'a'), xi(-1n, 'b'), xi(-1n, 'c'), plain(1n, 'd'))],
      ['XiSubAdd', 'ξ(a − b) + c', ['a', 'b', 'c'], sum(xi(1n, 'a'), xi(-1n, 'b'), plain(1n, 'c'))],
      ['Dbl2', '2(a + b)', ['a', 'b'], sum(plain(2n, 'a'), plain(2n, 'b'))],
      // Granger–Scott's outputs from an Fp4 square (xx = x², yy = y², ss = (x + y)²) and the old g.
      ['CycX', '3(a + ξb) − 2c', ['a', 'b', 'c'], sum(plain(3n, 'a'), xi(3n, 'b'), plain(-2n, 'c'))],
      ['CycY', '3(a − b − c) + 2d', ['a', 'b', 'c', 'd'], sum(plain(3n, 'a'), plain(-3n, 'b'), plain(-3n, 'c'), plain(2n, 'd'))],
      ['CycYXi', '3ξ(a − b − c) + 2d', ['a', 'b', 'c', 'd'], sum(xi(3n, 'a'), xi(-3n, 'b'), xi(-3n, 'c'), plain(2n, 'd'))],
    ];
    // Ops for the curve formulas, whose coordinates are Fp (G1) or Fp2 (G2): generated for both.
    defs.push(
      ['Sub2Dbl', '2(a − b − c)', ['a', 'b', 'c'], sum(plain(2n, 'a'), plain(-2n, 'b'), plain(-2n, 'c'))],
      ['Triple', '3a', ['a'], sum(plain(3n, 'a'))],
      ['SubDbl', 'a − 2b', ['a', 'b'], sum(plain(1n, 'a'), plain(-2n, 'b'))],
      ['Sub8', 'a − 8b', ['a', 'b'], sum(plain(1n, 'a'), plain(-8n, 'b'))],
      ['SubDbl2', 'a − b − 2c', ['a', 'b', 'c'], sum(plain(1n, 'a'), plain(-1n, 'b'), plain(-2n, 'c'))],
      ['DblSub', '2(a − b)', ['a', 'b'], sum(plain(2n, 'a'), plain(-2n, 'b'))],
      ['SubTriple', 'a − 3b', ['a', 'b'], sum(plain(1n, 'a'), plain(-3n, 'b'))],
      ['NegTriple', '−3a', ['a'], sum(plain(-3n, 'a'))],
      ['AddSubDbl', 'a + b − 2c', ['a', 'b', 'c'], sum(plain(1n, 'a'), plain(1n, 'b'), plain(-2n, 'c'))],
    );
    // A twist whose 3b' is a small multiple of ξ (BLS12-381: 3·4(1 + u) = 12ξ) multiplies by it in
    // one pass instead of an Fp2 multiplication (the Miller loop's doubling step does, 63 times a point).
    if (twistB3Xi !== undefined) defs.push(['MulTwistB3', `3b'·a = ${twistB3Xi}ξa`, ['a'], sum(xi(BigInt(twistB3Xi), 'a'))]);
    /** True when each output coefficient takes only the same coefficient of the inputs (no ξ). */
    const isPlain = (outputs) => outputs.every((terms, co) => terms.every(([, , c]) => c === co));
    for (const [name, formula, args, outputs] of defs) {
      const lineFor = (terms, v, off) => {
        const neg = terms.reduce((acc, [k]) => acc + (k < 0n ? -k : 0n), 0n);
        const pos = terms.reduce((acc, [k]) => acc + (k > 0n ? k : 0n), 0n);
        const K = 2n * neg;
        const max = (2n * pos + K) * modulus;
        const vMax = max >> BigInt(LIMB_BITS * (n - 2));
        // q = floor(V/D) must be within one of floor(v/p): (vMax + 1)/(D − 1) − vMax/D < 1.
        if (!(D + vMax < D * (D - 1n)) || vMax >= 1n << 62n) throw new Error(`${name}: quotient estimate out of range`);
        const Kp = toLimbs(K * modulus, n + 1);
        const lines = [];
        for (const i of range(n)) {
          const parts = terms.map(([k, arg, co]) => `<i64>load<u32>(${arg}, ${co * size + 4 * i}) * ${k}`);
          const extra = Kp[i] + (i === n - 1 ? Kp[n] * 2 ** LIMB_BITS : 0);
          lines.push(`  let ${v}${i}: i64 = ${parts.join(' + ')} + ${extra};`);
        }
        for (const i of range(n - 1)) lines.push(`  ${v}${i + 1} += ${v}${i} >> ${LIMB_BITS}; ${v}${i} &= ${L(Number(MASK))};`);
        lines.push(`  const ${v}q = ((${v}${n - 1} << ${LIMB_BITS}) + ${v}${n - 2}) / ${D};`);
        lines.push(`  let ${v}t: i64 = ${v}0 - ${v}q * ${L(P[0])};`);
        lines.push(`  let ${v}r0 = <i32>(${v}t & ${L(Number(MASK))});`);
        for (const i of range(n).slice(1)) {
          lines.push(`  ${v}t = ${v}${i} - ${v}q * ${L(P[i])} + (${v}t >> ${LIMB_BITS});`);
          lines.push(`  let ${v}r${i} = <i32>(${v}t & ${L(Number(MASK))});`);
        }
        for (const i of range(n)) lines.push(`  store<u32>(o, <u32>${v}r${i}, ${off + 4 * i});`);
        return lines;
      };
      const params = args.map((a) => `${a}: usize`).join(', ');
      emit(`/** o = ${formula} in Fp2, ξ = ${c} + u (coefficients below 2p in and out). */`);
      emit(`export function ${fn(name + 'Quad')}(o: usize, ${params}): void {`);
      lockstep(2, (v, off) => lineFor(outputs[off === 0 ? 0 : 1], v, off));
      emit(`}`);
      emit();
      linearOps.push([name + 'Quad', args]);
      if (isPlain(outputs)) {
        emit(`/** o = ${formula} in Fp (below 2p in and out). */`);
        emit(`export function ${fn(name)}(o: usize, ${params}): void {`);
        lockstep(1, (v, off) => lineFor(outputs[0], v, off));
        emit(`}`);
        emit();
        linearOps.push([name, args]);
      }
    }
  }
  emit(`/** o = a/2 mod p, below 2p (input below 2p): an odd value gets p added first. */`);
  emit(`export function ${fn('Half')}(o: usize, a: usize): void {`);
  emit(`  const odd = -(<i32>load<u32>(a) & 1);`);
  for (const i of range(n)) emit(`  let s${i} = <i32>load<u32>(a, ${4 * i}) + (${L(P[i])} & odd);`);
  emitCarry('s');
  for (const i of range(n)) {
    const hi = i < n - 1 ? ` | ((s${i + 1} & 1) << ${LIMB_BITS - 1})` : '';
    emit(`  store<u32>(o, <u32>((s${i} >> 1)${hi}), ${4 * i});`);
  }
  emit(`}`);
  emit();
  emit(`/** o = a mod p: the canonical representative (input below 2p). */`);
  emit(`export function ${fn('Reduce')}(o: usize, a: usize): void {`);
  for (const i of range(n)) emit(`  let s${i} = <i32>load<u32>(a, ${4 * i});`);
  emitSubtractAndSelect('s', P);
  emit(`}`);
  emit();

  function emitCarry(v) {
    for (let i = 0; i < n - 1; i++) {
      emit(`  ${v}${i + 1} += ${v}${i} >> ${LIMB_BITS}; ${v}${i} &= ${L(Number(MASK))};`);
    }
  }
  function emitSubtractAndSelect(v, M) {
    // d = s − M with borrows; keep s where d is negative.
    emit(`  let d0 = s0 - ${L(M[0])};`);
    for (let i = 1; i < n; i++) {
      emit(`  let d${i} = ${v}${i} - ${L(M[i])} + (d${i - 1} >> ${LIMB_BITS}); d${i - 1} &= ${L(Number(MASK))};`);
    }
    emit(`  const keep = d${n - 1} < 0;`);
    for (const i of range(n)) emit(`  store<u32>(o, <u32>select(${v}${i}, d${i}, keep), ${4 * i});`);
  }
  // --- comparisons, constants, conversions, inversion.
  emit(`/** True when a ≡ 0 (mod p) (input below 2p). */`);
  emit(`export function ${fn('IsZero')}(a: usize): bool {`);
  emit(`  let any: u32 = 0, isP: u32 = 1;`);
  for (const i of range(n)) {
    emit(`  const x${i} = load<u32>(a, ${4 * i}); any |= x${i}; isP &= <u32>(x${i} == ${L(P[i])});`);
  }
  emit(`  return any == 0 || isP != 0;`);
  emit(`}`);
  emit();
  emit(`/** True when a ≡ b (mod p) (inputs below 2p). */`);
  emit(`export function ${fn('Eq')}(a: usize, b: usize): bool {`);
  emit(`  const t = ${fn('Scratch')};`);
  emit(`  ${fn('Sub')}(t, a, b);`);
  emit(`  return ${fn('IsZero')}(t);`);
  emit(`}`);
  emit(`const ${fn('Scratch')}: usize = memory.data(${size}, 8);`);
  emit();
  emit(`export function ${fn('Copy')}(o: usize, a: usize): void {`);
  emit(`  memory.copy(o, a, ${size});`);
  emit(`}`);
  emit();
  emit(`export function ${fn('SetZero')}(o: usize): void {`);
  emit(`  memory.fill(o, 0, ${size});`);
  emit(`}`);
  emit();
  emit(`/** o = 1 (R mod p in Montgomery form). */`);
  emit(`export function ${fn('SetOne')}(o: usize): void {`);
  emit(`  memory.copy(o, ${prefix.toUpperCase()}_ONE, ${size});`);
  emit(`}`);
  emit();
  emit(`/**`);
  emit(` * Reads a canonical integer (${words} little-endian u32 words at \`w\`) into Montgomery form at \`o\`.`);
  emit(` * Returns false, leaving \`o\` unspecified, when the integer is not below p.`);
  emit(` */`);
  emit(`export function ${fn('FromWords')}(o: usize, w: usize): bool {`);
  emit(`  let x0: u64 = 0;`);
  // Split words into 29-bit limbs with a 64-bit bit buffer.
  {
    emit(`  let acc: u64 = 0;`);
    emit(`  let bits: u32 = 0;`);
    emit(`  let wi: usize = 0;`);
    emit(`  const t = ${fn('Scratch')};`);
    emit(`  for (let i = 0; i < ${n}; i++) {`);
    emit(`    if (bits < ${LIMB_BITS} && wi < ${words}) { acc |= (<u64>load<u32>(w + (wi << 2))) << bits; bits += 32; wi++; }`);
    emit(`    store<u32>(t + (<usize>i << 2), <u32>(acc & ${L(Number(MASK))}));`);
    emit(`    acc >>= ${LIMB_BITS};`);
    emit(`    bits = bits > ${LIMB_BITS} ? bits - ${LIMB_BITS} : 0;`);
    emit(`  }`);
    emit(`  x0 = acc;`);
    if (words * 32 > n * LIMB_BITS) throw new Error('words wider than limbs');
    // Compare with p: t − p must borrow.
    emit(`  let d: i32 = 0;`);
    for (const i of range(n)) emit(`  d = (<i32>load<u32>(t, ${4 * i}) - ${L(P[i])} + d) >> ${LIMB_BITS};`);
    emit(`  if (d >= 0 || x0 != 0) return false;`);
    emit(`  ${fn('Mul')}(o, t, ${prefix.toUpperCase()}_R2);`);
    emit(`  return true;`);
  }
  emit(`}`);
  emit();
  emit(`/** Writes the canonical integer of a (${words} little-endian u32 words) to \`w\`. */`);
  emit(`export function ${fn('ToWords')}(w: usize, a: usize): void {`);
  emit(`  const t = ${fn('Scratch')};`);
  emit(`  memory.fill(t, 0, ${size});`);
  emit(`  store<u32>(t, 1);`);
  emit(`  ${fn('Mul')}(t, a, t);`);
  emit(`  ${fn('Reduce')}(t, t);`);
  emit(`  let acc: u64 = 0;`);
  emit(`  let bits: u32 = 0;`);
  emit(`  let li: usize = 0;`);
  emit(`  for (let i = 0; i < ${words}; i++) {`);
  emit(`    while (bits < 32 && li < ${n}) { acc |= (<u64>load<u32>(t + (li << 2))) << bits; bits += ${LIMB_BITS}; li++; }`);
  emit(`    store<u32>(w + (<usize>i << 2), <u32>acc);`);
  emit(`    acc >>= 32;`);
  emit(`    bits = bits > 32 ? bits - 32 : 0;`);
  emit(`  }`);
  emit(`}`);
  emit();
  emit(`const ${fn('PowTable')}: usize = memory.data(${16 * size}, 8);`);
  emit(`const ${fn('PowAcc')}: usize = memory.data(${size}, 8);`);
  emit(`/**`);
  emit(` * o = a^e for an exponent of \`nwords\` little-endian u32 words at \`e\` (4-bit fixed window,`);
  emit(` * leading zero digits skipped). Not constant-time: exponents here are public constants.`);
  emit(` */`);
  emit(`export function ${fn('Pow')}(o: usize, a: usize, e: usize, nwords: i32): void {`);
  emit(`  const tab = ${fn('PowTable')};`);
  emit(`  ${fn('SetOne')}(tab);`);
  emit(`  ${fn('Copy')}(tab + ${size}, a);`);
  emit(`  for (let i: usize = 2; i < 16; i++) ${fn('Mul')}(tab + i * ${size}, tab + (i - 1) * ${size}, a);`);
  emit(`  const r = ${fn('PowAcc')};`);
  emit(`  ${fn('SetOne')}(r);`);
  emit(`  let started = false;`);
  emit(`  for (let i = nwords * 8 - 1; i >= 0; i--) {`);
  emit(`    const nib = (load<u32>(e + (<usize>(i >> 3) << 2)) >> ((<u32>i & 7) << 2)) & 15;`);
  emit(`    if (started) { ${fn('Sqr')}(r, r); ${fn('Sqr')}(r, r); ${fn('Sqr')}(r, r); ${fn('Sqr')}(r, r); }`);
  emit(`    if (nib != 0) { ${fn('Mul')}(r, r, tab + <usize>nib * ${size}); started = true; }`);
  emit(`  }`);
  emit(`  ${fn('Copy')}(o, r);`);
  emit(`}`);
  emit();
  // --- Inversion by Bernstein–Yang divsteps ("Fast constant-time gcd computation and modular
  // inversion", 2019), variable-time (inputs here are public), in batches of 29 divsteps on our own
  // 29-bit limbs, so that the division by 2^29 of each batch drops one limb. A batch needs only the
  // low 29 bits of f and g; its 2×2 matrix (entries ≤ 2^29) then updates the full f, g and the
  // coefficients d, e (kept with d·a ≡ f, e·a ≡ g mod p; their division by 2^29 mod p adds m·p,
  // as a Montgomery reduction does). When g = 0, f = ±1 and ±d is 1/a. About 30 batches for
  // BLS12-381's p instead of ~470 multiplications for a^(p−2).
  {
    // BY: g = 0 after at most ⌊(49·bits + 80)/17⌋ divsteps (δ = 1); each batch grows |d|, |e| by
    // at most p, so they stay below (batches + 1)·p.
    const maxBatches = Math.ceil(Math.floor((49 * bits + 80) / 17) / LIMB_BITS);
    const K = 2n * BigInt(maxBatches + 2);
    const R3 = toLimbs((R * R * R) % modulus, n);
    const D = BigInt(P[n - 1]) * (1n << BigInt(LIMB_BITS)) + BigInt(P[n - 2]) + 1n;
    const vMax = (K * modulus) >> BigInt(LIMB_BITS * (n - 2));
    if (!(D + vMax < D * (D - 1n)) || vMax >= 1n << 62n) throw new Error('inv: final reduction out of range');
    const Kp = toLimbs(K * modulus, n + 1);
    emit(`const ${fn('InvR3')}: usize = ${dataLiteral([R3])};`);
    emit(`/** p as ${n} i64 limbs, for the divstep updates. */`);
    emit(`const ${fn('InvP')}: usize = memory.data<i64>([${P.map((x) => `${x}`).join(', ')}]);`);
    emit(`const ${fn('InvKP')}: usize = memory.data<i64>([${Kp.slice(0, n - 1).map((x) => `${x}`).join(', ')}, ${BigInt(Kp[n - 1]) + (BigInt(Kp[n]) << BigInt(LIMB_BITS))}]);`);
    emit(`/** f, g, d, e: ${n} i64 limbs each (29-bit lower limbs, the top one signed). */`);
    emit(`const ${fn('InvState')}: usize = memory.data(${4 * n * 8}, 8);`);
    emit(`/**`);
    emit(` * o = 1/a (0 for a ≡ 0): divsteps on the integer a·R (Montgomery form, below 2p), then one`);
    emit(` * multiplication by R³ turns (aR)⁻¹ into a⁻¹R.`);
    emit(` */`);
    emit(`export function ${fn('Inv')}(o: usize, a: usize): void {`);
    emit(`  if (${fn('IsZero')}(a)) { ${fn('SetZero')}(o); return; }`);
    emit(`  const f = ${fn('InvState')}, g = f + ${8 * n}, d = g + ${8 * n}, e = d + ${8 * n};`);
    emit(`  for (let i: usize = 0; i < ${n}; i++) {`);
    emit(`    store<i64>(f + (i << 3), load<i64>(${fn('InvP')} + (i << 3)));`);
    emit(`    store<i64>(g + (i << 3), <i64>load<u32>(a + (i << 2)));`);
    emit(`    store<i64>(d + (i << 3), 0);`);
    emit(`    store<i64>(e + (i << 3), <i64>(i == 0));`);
    emit(`  }`);
    emit(`  let delta: i32 = 1;`);
    emit(`  for (let batch = 0; batch < ${maxBatches + 1}; batch++) {`);
    emit(`    // 29 divsteps on the low bits; 2^29·f' = u·f + v·g, 2^29·g' = q·f + r·g.`);
    emit(`    let fl = load<i64>(f), gl = load<i64>(g);`);
    emit(`    let u: i64 = 1, v: i64 = 0, q: i64 = 0, r: i64 = 1;`);
    emit(`    for (let i = 0; i < ${LIMB_BITS}; i++) {`);
    emit(`      if (gl & 1) {`);
    emit(`        if (delta > 0) {`);
    emit(`          const t = gl; gl = (gl - fl) >> 1; fl = t;`);
    emit(`          const u2 = q << 1, v2 = r << 1; q -= u; r -= v; u = u2; v = v2;`);
    emit(`          delta = 1 - delta;`);
    emit(`        } else {`);
    emit(`          gl = (gl + fl) >> 1; q += u; r += v; u <<= 1; v <<= 1;`);
    emit(`          delta = 1 + delta;`);
    emit(`        }`);
    emit(`      } else {`);
    emit(`        gl >>= 1; u <<= 1; v <<= 1;`);
    emit(`        delta = 1 + delta;`);
    emit(`      }`);
    emit(`    }`);
    emit(`    // f, g ← (u·f + v·g)/2^29, (q·f + r·g)/2^29: exact, the low limb is zero.`);
    emit(`    let cf: i64 = 0, cg: i64 = 0, cd: i64 = 0, ce: i64 = 0;`);
    emit(`    const d0 = load<i64>(d), e0 = load<i64>(e);`);
    emit(`    const md = ((u * d0 + v * e0) * ${mu}) & ${L(Number(MASK))};`);
    emit(`    const me = ((q * d0 + r * e0) * ${mu}) & ${L(Number(MASK))};`);
    emit(`    let zero = true;`);
    emit(`    for (let i: usize = 0; i < ${n}; i++) {`);
    emit(`      const at = i << 3;`);
    emit(`      const fi = load<i64>(f + at), gi = load<i64>(g + at), di = load<i64>(d + at), ei = load<i64>(e + at), pi = load<i64>(${fn('InvP')} + at);`);
    emit(`      cf += u * fi + v * gi;`);
    emit(`      cg += q * fi + r * gi;`);
    emit(`      cd += u * di + v * ei + md * pi;`);
    emit(`      ce += q * di + r * ei + me * pi;`);
    emit(`      if (i > 0) {`);
    emit(`        const low = at - 8;`);
    emit(`        const gv = cg & ${L(Number(MASK))};`);
    emit(`        store<i64>(f + low, cf & ${L(Number(MASK))});`);
    emit(`        store<i64>(g + low, gv);`);
    emit(`        store<i64>(d + low, cd & ${L(Number(MASK))});`);
    emit(`        store<i64>(e + low, ce & ${L(Number(MASK))});`);
    emit(`        if (gv != 0) zero = false;`);
    emit(`      }`);
    emit(`      cf >>= ${LIMB_BITS}; cg >>= ${LIMB_BITS}; cd >>= ${LIMB_BITS}; ce >>= ${LIMB_BITS};`);
    emit(`    }`);
    emit(`    store<i64>(f + ${8 * (n - 1)}, cf);`);
    emit(`    store<i64>(g + ${8 * (n - 1)}, cg);`);
    emit(`    store<i64>(d + ${8 * (n - 1)}, cd);`);
    emit(`    store<i64>(e + ${8 * (n - 1)}, ce);`);
    emit(`    if (zero && cg == 0) break;`);
    emit(`  }`);
    emit(`  // f = ±1, so 1/(aR) = ±d, with |d| < ${K / 2n}p: add ${K}p (negated first if f = −1), reduce.`);
    emit(`  const sign: i64 = load<i64>(f + ${8 * (n - 1)}) < 0 ? -1 : 1;`);
    emit(`  const t = ${fn('Scratch')};`);
    emit(`  let c: i64 = 0;`);
    emit(`  for (let i: usize = 0; i < ${n}; i++) {`);
    emit(`    c += sign * load<i64>(d + (i << 3)) + load<i64>(${fn('InvKP')} + (i << 3));`);
    emit(`    store<i64>(d + (i << 3), i < ${n - 1} ? c & ${L(Number(MASK))} : c);`);
    emit(`    if (i < ${n - 1}) c >>= ${LIMB_BITS};`);
    emit(`  }`);
    emit(`  const q = ((load<i64>(d + ${8 * (n - 1)}) << ${LIMB_BITS}) + load<i64>(d + ${8 * (n - 2)})) / ${D};`);
    emit(`  c = 0;`);
    emit(`  for (let i: usize = 0; i < ${n}; i++) {`);
    emit(`    c += load<i64>(d + (i << 3)) - q * load<i64>(${fn('InvP')} + (i << 3));`);
    emit(`    store<u32>(t + (i << 2), <u32>(c & ${L(Number(MASK))}));`);
    emit(`    c >>= ${LIMB_BITS};`);
    emit(`  }`);
    emit(`  ${fn('Mul')}(o, t, ${fn('InvR3')});`);
    emit(`}`);
    emit();
  }
  const sqrtExp = modulus % 4n === 3n;
  if (sqrtExp) {
    // p ≡ 3 (mod 4): a^((p+1)/4) is a square root of a whenever a has one.
    emit(`/** (p + 1)/4 and (p − 3)/4 as ${words} little-endian u32 words each. */`);
    emit(`const ${prefix.toUpperCase()}_SQRT_EXP: usize = ${dataLiteral([wordsOf((modulus + 1n) / 4n, words)])};`);
    emit(`const ${prefix.toUpperCase()}_PM3D4: usize = ${dataLiteral([wordsOf((modulus - 3n) / 4n, words)])};`);
    emit(`/** o = a^((p+1)/4); true when that is a square root of a (a is a square), false otherwise. */`);
    emit(`export function ${fn('Sqrt')}(o: usize, a: usize): bool {`);
    emit(`  const t = ${fn('SqrtScratch')};`);
    emit(`  const u = t + ${size};`);
    emit(`  ${fn('Pow')}(t, a, ${prefix.toUpperCase()}_SQRT_EXP, ${words});`);
    emit(`  ${fn('Sqr')}(u, t);`);
    emit(`  const ok = ${fn('Eq')}(u, a);`);
    emit(`  ${fn('Copy')}(o, t);`);
    emit(`  return ok;`);
    emit(`}`);
    emit(`const ${fn('SqrtScratch')}: usize = memory.data(${2 * size}, 8);`);
    emit();
    emit(`/** o = a^((p−3)/4): with c = a^((p−3)/4), c·a is a's square root candidate and c·(c²a) its inverse. */`);
    emit(`export function ${fn('PowPm3d4')}(o: usize, a: usize): void {`);
    emit(`  ${fn('Pow')}(o, a, ${prefix.toUpperCase()}_PM3D4, ${words});`);
    emit(`}`);
    emit();
  }

  // --- facade class
  emit(`/** Stateless facade over the functions above, for generic code: \`changetype<${className}>(0).mul(o, a, b)\`. */`);
  emit(`@final`);
  emit(`export class ${className} {`);
  const methods = [
    ['get SIZE(): usize', `return ${size};`],
    ['mul(o: usize, a: usize, b: usize): void', `${fn('Mul')}(o, a, b);`],
    ['sqr(o: usize, a: usize): void', `${fn('Sqr')}(o, a);`],
    ['mulQuad(o: usize, a: usize, b: usize): void', `${fn('MulQuad')}(o, a, b);`],
    ['sqrQuad(o: usize, a: usize): void', `${fn('SqrQuad')}(o, a);`],
    ['add(o: usize, a: usize, b: usize): void', `${fn('Add')}(o, a, b);`],
    ['addQuad(o: usize, a: usize, b: usize): void', `${fn('AddQuad')}(o, a, b);`],
    ['addNRQuad(o: usize, a: usize, b: usize): void', `${fn('AddNRQuad')}(o, a, b);`],
    ['subQuad(o: usize, a: usize, b: usize): void', `${fn('SubQuad')}(o, a, b);`],
    ['dblQuad(o: usize, a: usize): void', `${fn('DblQuad')}(o, a);`],
    ['negQuad(o: usize, a: usize): void', `${fn('NegQuad')}(o, a);`],
    ['addNR(o: usize, a: usize, b: usize): void', `${fn('AddNR')}(o, a, b);`],
    ['sub(o: usize, a: usize, b: usize): void', `${fn('Sub')}(o, a, b);`],
    ['dbl(o: usize, a: usize): void', `${fn('Dbl')}(o, a);`],
    ['neg(o: usize, a: usize): void', `${fn('Neg')}(o, a);`],
    ['half(o: usize, a: usize): void', `${fn('Half')}(o, a);`],
    ['reduce(o: usize, a: usize): void', `${fn('Reduce')}(o, a);`],
    ['inv(o: usize, a: usize): void', `${fn('Inv')}(o, a);`],
    ['pow(o: usize, a: usize, e: usize, nwords: i32): void', `${fn('Pow')}(o, a, e, nwords);`],
    ...(sqrtExp
      ? [
          ['sqrt(o: usize, a: usize): bool', `return ${fn('Sqrt')}(o, a);`],
          ['powPm3d4(o: usize, a: usize): void', `${fn('PowPm3d4')}(o, a);`],
        ]
      : []),
    ['isZero(a: usize): bool', `return ${fn('IsZero')}(a);`],
    ['eq(a: usize, b: usize): bool', `return ${fn('Eq')}(a, b);`],
    ['copy(o: usize, a: usize): void', `${fn('Copy')}(o, a);`],
    ['setZero(o: usize): void', `${fn('SetZero')}(o);`],
    ['setOne(o: usize): void', `${fn('SetOne')}(o);`],
    ...linearOps.map(([name, args]) => [
      `${name[0].toLowerCase()}${name.slice(1)}(o: usize, ${args.map((a) => `${a}: usize`).join(', ')}): void`,
      `${fn(name)}(o, ${args.join(', ')});`,
    ]),
  ];
  for (const [sig, body] of methods) {
    emit(`  // @ts-ignore: decorator`);
    emit(`  @inline ${sig} { ${body} }`);
  }
  emit(`}`);
  return `${out.join('\n')}\n`;
}

function wordsOf(x, count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    out.push(Number(x & 0xffffffffn));
    x >>= 32n;
  }
  return out;
}
