/**
 * Groth16, PLONK and FFLONK (src/zk verifyZkProof) against snarkjs 0.7.6: proofs and public
 * signals mutated under a valid key, and keys (JSON, and the Solidity verifier snarkjs exports)
 * mutated under a valid proof. Every proof Vigil accepts also has its points checked with
 * @noble/curves (on the curve; G2 in the subgroup).
 */
import { bn254 } from '@noble/curves/bn254.js';
import { snarkjsVkeyFromSolidity, verifyZkProof, type ZkSystem } from '../../../src/zk/index.ts';
import { snarkjsVerdict } from '../../unit/zk/circom.ts';
import { mutateJson } from '../mutators/json.ts';
import { mutateSoliditySource, mutateZkDoc } from '../mutators/zk.ts';
import { attempt, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { type ZkSeeds, zkSeeds } from '../seeds/zk.ts';
import { defineTarget, type FuzzTarget, type Outcome } from '../target.ts';

/** src/zk/README.md "Where Vigil is stricter than snarkjs 0.7.6", by the code Vigil refuses with. */
const ZK_STRICTER: Record<string, string> = {
  ZK_PUBLIC_INPUT_COUNT: 'Public signals must be exactly nPublic (src/zk/README.md class 1): snarkjs\'s Groth16 uses as many IC points as there are signals, so dropping trailing zero signals still verifies there.',
  ZK_POINT_NOT_IN_SUBGROUP: 'Every G2 point must be in the order-r subgroup (class 2): snarkjs checks the proof\'s B only for being on the curve, and the key\'s G2 points not at all.',
  ZK_POINT_AT_INFINITY: 'No proof point, Groth16 key point, FFLONK C0 or X_2 may be the point at infinity (class 3); snarkjs accepts them, which lets a degenerate key verify anything.',
  ZK_FIELD_OUT_OF_RANGE: 'Coordinates ≥ p and evaluations, key scalars or public signals ≥ r are refused (classes 4, 5); snarkjs reduces them and accepts, so one proof would have many encodings.',
  ZK_POINT_NOT_AFFINE: 'Points must be affine (z = 1) or the canonical infinity [0, 1, 0] (class 7); snarkjs reads Jacobian coordinates too.',
  INVALID_INPUT: 'Numbers must be decimal strings and the curve exactly bn128/bn254, as snarkjs writes them (classes 7, 8); snarkjs also reads 0x-hex, JSON numbers and other spellings of the curve. Fields snarkjs does not read (a renamed or retyped vk_alphabeta_12, FFLONK evaluations.inv) are still checked for their form.',
  ZK_VKEY_INVALID: 'Keys are checked for consistency (class 6): IC holds nPublic + 1 points, power ≤ 28, nPublic ≤ 2^power, ω, k1, k2 and FFLONK\'s roots of unity are what the domain needs; snarkjs takes the key as it comes.',
  ZK_POINT_NOT_ON_CURVE: 'Key points are checked for being on the curve (class 6); snarkjs never checks the key, and a point off the curve in a part of the key a given proof\'s pairing does not weigh can leave snarkjs\'s verdict true.',
  ZK_PROOF_INVALID: 'A challenge that makes a denominator zero (class 9) is a refusal; snarkjs divides by zero as if it were not.',
};

/** Keys whose loops would take snarkjs hours (it loops to nPublic and 2^power): Vigil refuses them; the reference is not run. */
function referenceRunnable(vkey: unknown): boolean {
  if (typeof vkey !== 'object' || vkey === null) return true;
  const { nPublic, power } = vkey as { nPublic?: unknown; power?: unknown };
  const small = (v: unknown, max: number) => v === undefined || (typeof v === 'number' && v >= 0 && v <= max) || (typeof v === 'string' && v.length < 12 && Number(v) <= max);
  return small(nPublic, 1 << 16) && small(power, 28);
}

/** Every point of a snarkjs proof valid in @noble/curves (affine G1, G2 in the subgroup). */
function noblePointsValid(proof: unknown): boolean {
  const visit = (v: unknown): boolean => {
    if (Array.isArray(v) && v.length === 3 && v.every((c) => typeof c === 'string')) {
      const [x, y, z] = v.map(BigInt) as [bigint, bigint, bigint];
      if (z !== 1n) return false;
      bn254.G1.Point.fromAffine({ x, y }).assertValidity();
      return true;
    }
    if (Array.isArray(v) && v.length === 3 && v.every((c) => Array.isArray(c) && c.length === 2)) {
      const [[x0, x1], [y0, y1], [z0, z1]] = (v as string[][]).map((c) => c.map(BigInt)) as [[bigint, bigint], [bigint, bigint], [bigint, bigint]];
      if (z0 !== 1n || z1 !== 0n) return false;
      const Fp2 = bn254.fields.Fp2;
      const point = bn254.G2.Point.fromAffine({ x: Fp2.fromBigTuple([x0, x1]), y: Fp2.fromBigTuple([y0, y1]) });
      point.assertValidity();
      return point.isTorsionFree();
    }
    if (Array.isArray(v)) return v.every(visit);
    if (typeof v === 'object' && v !== null) return Object.entries(v).every(([k, c]) => k === 'evaluations' || visit(c));
    return true;
  };
  try {
    return visit(proof);
  } catch {
    return false;
  }
}

interface ZkCase {
  vkey: unknown;
  proof: unknown;
  publicSignals: unknown;
  op: string;
  /** The key Vigil reads (differs from `vkey` when the key is Solidity source). */
  referenceKey?: unknown;
}

async function judgeZk(system: ZkSystem, c: ZkCase): Promise<Outcome> {
  const ours = attempt(() => verifyZkProof(system, c.vkey, c.proof, c.publicSignals));
  let verdict: Outcome;
  if (!ours.ok) verdict = { op: c.op, ...verdictOf(ours) };
  else verdict = { op: c.op, verdict: ours.value.valid ? 'accepted' : ours.value.reason };
  if (verdict.wrong) return verdict;
  const key = c.referenceKey ?? c.vkey;
  if (!referenceRunnable(key)) return verdict;
  const accepted = verdict.verdict === 'accepted';
  // The Solidity form: the reference is snarkjs on the key Vigil read from it (only when it read one).
  if (typeof c.vkey === 'string' && c.referenceKey === undefined) return accepted ? { ...verdict, wrong: 'accepted a key read from no source' } : verdict;
  const theirs = await snarkjsVerdict(system, key, c.publicSignals, c.proof);
  if (accepted && !theirs) return { ...verdict, wrong: 'Vigil accepted a proof snarkjs refuses' };
  if (accepted && !noblePointsValid(c.proof)) return { ...verdict, wrong: 'Vigil accepted a proof with a point @noble/curves refuses' };
  if (!accepted && theirs) return { ...verdict, stricter: verdict.verdict };
  return verdict;
}

function mutateProofCase(rng: Rng, seeds: ZkSeeds, system: ZkSystem): ZkCase {
  const a = rng.pick(seeds.proofs[system]);
  const pick = rng.weighted<string>([
    [7, 'proof'],
    [2, 'public'],
    [1, 'foreign'],
  ]);
  if (pick === 'proof') {
    const m = mutateZkDoc(rng, a.proof);
    return { vkey: a.vkey, proof: m.value, publicSignals: a.publicSignals, op: m.op };
  }
  if (pick === 'public') {
    const m = mutateJson(rng, a.publicSignals);
    return { vkey: a.vkey, proof: a.proof, publicSignals: m.value, op: `public:${m.op}` };
  }
  // Another seed's proof or signals under this key: valid documents, another statement.
  const b = rng.pick(seeds.proofs[system]);
  return rng.chance(0.5)
    ? { vkey: a.vkey, proof: b.proof, publicSignals: a.publicSignals, op: 'foreign-proof' }
    : { vkey: a.vkey, proof: a.proof, publicSignals: b.publicSignals, op: 'foreign-signals' };
}

function mutateKeyCase(rng: Rng, seeds: ZkSeeds, system: ZkSystem): ZkCase {
  // The MAIN circuit's proofs come first: their key has a Solidity form too.
  const main = seeds.proofs[system].slice(0, 2);
  if (rng.chance(0.15)) {
    const a = rng.pick(main);
    const m = mutateSoliditySource(rng, seeds.solidity[system]);
    let referenceKey: unknown;
    try {
      referenceKey = snarkjsVkeyFromSolidity(m.value).vkey;
    } catch {
      referenceKey = undefined;
    }
    return { vkey: m.value, proof: a.proof, publicSignals: a.publicSignals, op: m.op, ...(referenceKey !== undefined ? { referenceKey } : {}) };
  }
  const a = rng.pick(seeds.proofs[system]);
  const m = mutateZkDoc(rng, a.vkey);
  return { vkey: m.value, proof: a.proof, publicSignals: a.publicSignals, op: m.op };
}

function zkTargets(system: ZkSystem, label: string): [FuzzTarget<ZkSeeds>, FuzzTarget<ZkSeeds>] {
  const load = async () => {
    const seeds = await zkSeeds();
    for (const a of seeds.proofs[system]) {
      const v = verifyZkProof(system, a.vkey, a.proof, a.publicSignals);
      if (!v.valid || !(await snarkjsVerdict(system, a.vkey, a.publicSignals, a.proof))) throw new Error(`a ${system} seed does not verify`);
    }
    return seeds;
  };
  const seedsText =
    (system === 'groth16' ? 'SP1 v6\'s Groth16 wrapper proof and gnark\'s cubic circuit exported to snarkjs (real fixtures); ' : '') +
    `the zk tests' two circuits (three public signals; none) set up and proven with snarkjs${system === 'plonk' ? ' (PLONK: the first only, snarkjs 0.7.6 cannot prove the second)' : ''}`;
  return [
    defineTarget({
      name: `${system}-proof`,
      slice: 100,
      subject: `verifyZkProof('${system}', …): ${label} proofs and public signals mutated under a valid key`,
      reference: 'snarkjs 0.7.6 verify (a throw counts as a refusal); @noble/curves on every point of an accepted proof',
      seeds: seedsText,
      stricter: ZK_STRICTER,
      load,
      run: (seeds, rng) => judgeZk(system, mutateProofCase(rng, seeds, system)),
    }),
    defineTarget({
      name: `${system}-key`,
      slice: 100,
      subject: `verifyZkProof('${system}', …): ${label} verification keys mutated under a valid proof, as snarkjs JSON and as the Solidity verifier snarkjs exports`,
      reference: 'snarkjs 0.7.6 verify with the mutated key (for Solidity, the key Vigil read from it); @noble/curves on the proof',
      seeds: seedsText,
      stricter: ZK_STRICTER,
      load,
      run: (seeds, rng) => judgeZk(system, mutateKeyCase(rng, seeds, system)),
    }),
  ];
}

export const [groth16ProofTarget, groth16KeyTarget] = zkTargets('groth16', 'Groth16');
export const [plonkProofTarget, plonkKeyTarget] = zkTargets('plonk', 'PLONK');
export const [fflonkProofTarget, fflonkKeyTarget] = zkTargets('fflonk', 'FFLONK');
