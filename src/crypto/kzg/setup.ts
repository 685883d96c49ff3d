/**
 * The trusted setup as a backend's points, decoded once per backend and only when first needed:
 * the verification part shipped in ./verify-setup.ts, and the whole ceremony output for the
 * computing functions (a TrustedSetup, made by ./full-setup.ts: CLI and tests only).
 * @module
 */
import { hexToBytes } from '../../core/bytes.ts';
import type { AnyKzgBackend } from './backend.ts';
import { FIELD_ELEMENTS_PER_BLOB } from './constants.ts';
import { bitReversalPermutation } from './field.ts';
import { G1_MONOMIAL_64, G2_MONOMIAL_0_1_64 } from './verify-setup.ts';

/** The G2 points verification uses, as one backend's points. */
export interface VerifySetupG2 {
  /** KZG_SETUP_G2_MONOMIAL[0] ([1]₂). */
  g2One: unknown;
  /** KZG_SETUP_G2_MONOMIAL[1] ([τ]₂). */
  g2Tau: unknown;
  /** KZG_SETUP_G2_MONOMIAL[64] ([τ^64]₂). */
  g2TauCell: unknown;
}

/** A point of a setup we pinned: a failure is a broken build, not bad input. */
function decodeG1(be: AnyKzgBackend, hex: string): unknown {
  const d = be.g1Decompress(hexToBytes(hex, 48, 'setup G1 point'));
  if ('error' in d) throw new Error(`trusted setup G1 point ${hex}: ${d.error}`);
  return d.point;
}

function decodeG2(be: AnyKzgBackend, hex: string): unknown {
  const d = be.g2Decompress(hexToBytes(hex, 96, 'setup G2 point'));
  if ('error' in d) throw new Error(`trusted setup G2 point ${hex}: ${d.error}`);
  return d.point;
}

// Two caches, so that a bundle that only checks point evaluations (the 0x0a precompile's) drops the 64 G1 points.
const g2Setups = new Map<AnyKzgBackend, VerifySetupG2>();
const g1Setups = new Map<AnyKzgBackend, readonly unknown[]>();

/** The verification setup's G2 points on `be`, decoded at their first use. */
export function verifySetupG2(be: AnyKzgBackend): VerifySetupG2 {
  let setup = g2Setups.get(be);
  if (setup === undefined) {
    const [g2One, g2Tau, g2TauCell] = G2_MONOMIAL_0_1_64.map((h) => decodeG2(be, h));
    g2Setups.set(be, (setup = { g2One, g2Tau, g2TauCell }));
  }
  return setup;
}

/** KZG_SETUP_G1_MONOMIAL[0..63] on `be` (cell verification), decoded at first use. */
export function verifySetupG1Monomial(be: AnyKzgBackend): readonly unknown[] {
  let points = g1Setups.get(be);
  if (points === undefined) g1Setups.set(be, (points = G1_MONOMIAL_64.map((h) => decodeG1(be, h))));
  return points;
}

/** The parts of the ceremony output, as hex strings (0x-prefixed compressed points). */
export interface TrustedSetupHex {
  g1_lagrange: readonly string[];
  g1_monomial: readonly string[];
  g2_monomial: readonly string[];
}

/**
 * The whole trusted setup for computing commitments, blob proofs and cell proofs: the hex of the
 * ceremony output, decoded per backend at first use (and the FK20 table, ./fk20.ts, built at
 * first use and kept here with it).
 */
export class TrustedSetup {
  private readonly decoded = new Map<AnyKzgBackend, Map<string, unknown>>();

  /** @param hex the ceremony output, already checked against its pinned hash (./full-setup.ts) */
  constructor(readonly hex: TrustedSetupHex) {}

  /** A value derived from the setup on `be`, computed once (`key` names it). */
  cached<T>(be: AnyKzgBackend, key: string, make: () => T): T {
    let byKey = this.decoded.get(be);
    if (byKey === undefined) this.decoded.set(be, (byKey = new Map()));
    if (!byKey.has(key)) byKey.set(key, make());
    return byKey.get(key) as T;
  }

  /** bit_reversal_permutation(KZG_SETUP_G1_LAGRANGE) on `be`: what blob polynomials commit against. */
  g1LagrangeBrp(be: AnyKzgBackend): readonly unknown[] {
    return this.cached(be, 'g1LagrangeBrp', () => bitReversalPermutation(this.hex.g1_lagrange.map((h) => decodeG1(be, h))));
  }

  /** KZG_SETUP_G1_MONOMIAL on `be` (FIELD_ELEMENTS_PER_BLOB points). */
  g1Monomial(be: AnyKzgBackend): readonly unknown[] {
    return this.cached(be, 'g1Monomial', () => this.hex.g1_monomial.slice(0, FIELD_ELEMENTS_PER_BLOB).map((h) => decodeG1(be, h)));
  }
}
