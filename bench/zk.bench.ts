/**
 * Validity-proof verification (src/zk, on src/crypto/bn254.ts: WASM, noble fallback) against
 * snarkjs 0.7's verifiers and against a plain @noble/curves Groth16 verifier.
 *
 * - Groth16: the real SP1 v6 wrapper proof of test/fixtures/groth16/sp1-arithmetic (5 public
 *   signals). PLONK and FFLONK: proofs of test/unit/zk/snarkjs.test.ts's circuit (3 public
 *   signals), compiled with circom2 and proven here over the cached development powers of tau.
 * - snarkjs runs single-threaded: `groth16.verify` & co. take no curve option, they call
 *   `getCurveFromName(name)`, which returns the curve cached in `globalThis.curve_bn128` when
 *   there is one; it is seeded with `getCurveFromName('bn128', {singleThread: true})`
 *   (test/unit/zk/circom.ts `singleThreadedSnarkjs`). Its verify is async: `async: true`.
 * - Every contender starts from the JSON documents, as a CLI or a worker receives them; Vigil's
 *   "key prepared" case parses the key once (points checked, G2 pairing lines cached) and each
 *   proof and public-signal list afresh.
 *
 * The targets (≥ 3× snarkjs, ≥ 5× plain noble) are the issue's, set for the WASM pairing of
 * src/crypto/bn254.ts.
 * @module
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bn254 } from '@noble/curves/bn254.js';
import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import {
  parseGroth16Proof,
  parseGroth16VerificationKey,
  parsePublicSignals,
  verifyGroth16,
  verifyZkProof,
  type ZkSystem,
} from '../src/zk/index.ts';
import { compileCircuit, MAIN, proveAll, singleThreadedSnarkjs } from '../test/unit/zk/circom.ts';
import { bn254Backend, bn254Ready } from '../src/crypto/bn254.ts';
import type { BenchGroup } from './run.ts';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/groth16/sp1-arithmetic/${name}`, import.meta.url), 'utf8'));
const vkey = load('verification_key.json');
const proof = load('proof.json');
const publicSignals: string[] = load('public.json');

await singleThreadedSnarkjs();
await bn254Ready();

/**
 * Groth16 as one would write it on @noble/curves alone: points from JSON with noble's own
 * validity checks (on the curve, G2 subgroup), the public-input sum, one pairingBatch.
 */
function nobleGroth16(vk: any, pf: any, signals: string[]): boolean {
  const { G1, G2, fields } = bn254;
  const g1 = (p: string[]) => {
    const pt = G1.Point.fromAffine({ x: BigInt(p[0]!), y: BigInt(p[1]!) });
    pt.assertValidity();
    return pt;
  };
  const g2 = (p: string[][]) => {
    const pt = G2.Point.fromAffine({
      x: fields.Fp2.fromBigTuple([BigInt(p[0]![0]!), BigInt(p[0]![1]!)]),
      y: fields.Fp2.fromBigTuple([BigInt(p[1]![0]!), BigInt(p[1]![1]!)]),
    });
    pt.assertValidity();
    return pt;
  };
  const ic = (vk.IC as string[][]).map(g1);
  const scalars = signals.map(BigInt);
  const vkX = ic[0]!.add(pippenger(G1.Point, ic.slice(1), scalars));
  const gt = bn254.pairingBatch([
    { g1: g1(pf.pi_a).negate(), g2: g2(pf.pi_b) },
    { g1: vkX, g2: g2(vk.vk_gamma_2) },
    { g1: g1(pf.pi_c), g2: g2(vk.vk_delta_2) },
    { g1: g1(vk.vk_alpha_1), g2: g2(vk.vk_beta_2) },
  ]);
  return fields.Fp12.eql(gt, fields.Fp12.ONE);
}

const preparedKey = parseGroth16VerificationKey(vkey);
const vigilGroth16 = () => verifyZkProof('groth16', vkey, proof, publicSignals).valid;
const vigilGroth16Prepared = () => {
  verifyGroth16(preparedKey, parseGroth16Proof(proof), parsePublicSignals(publicSignals));
  return true;
};

// Every contender must accept the proof before anything is timed.
const checks: [string, unknown][] = [
  ['snarkjs', await snarkjs.groth16.verify(vkey, publicSignals, proof)],
  ['noble', nobleGroth16(vkey, proof, publicSignals)],
  ['vigil', vigilGroth16()],
  ['vigil prepared', vigilGroth16Prepared()],
];

const circuit = compileCircuit('main', MAIN);
const made = await proveAll(circuit, [{ a: 3, b: 5, c: 7, d: 0 }], ['plonk', 'fflonk']);

function versusSnarkjs(system: Exclude<ZkSystem, 'groth16'>): BenchGroup {
  const { vkey: vk, proof: pf, publicSignals: pub } = made[system].proofs[0]!;
  return {
    name: `${system === 'plonk' ? 'PLONK' : 'FFLONK'} verify (3 public signals, circom2 + snarkjs proof)`,
    anchor: { name: `snarkjs.${system}.verify (single thread)`, fn: () => snarkjs[system].verify(vk, pub, pf), async: true },
    cases: [{ name: `Vigil verifyZkProof (${bn254Backend()} backend)`, fn: () => verifyZkProof(system, vk, pf, pub).valid }],
  };
}
for (const system of ['plonk', 'fflonk'] as const) {
  const { vkey: vk, proof: pf, publicSignals: pub } = made[system].proofs[0]!;
  checks.push([`snarkjs ${system}`, await snarkjs[system].verify(vk, pub, pf)]);
  checks.push([`vigil ${system}`, verifyZkProof(system, vk, pf, pub).valid]);
}
for (const [who, ok] of checks) if (ok !== true) throw new Error(`zk bench: ${who} rejects the proof`);

const groups: BenchGroup[] = [
  {
    name: 'Groth16 verify vs snarkjs (SP1 wrapper proof, 5 public signals)',
    anchor: {
      name: 'snarkjs.groth16.verify (single thread)',
      fn: () => snarkjs.groth16.verify(vkey, publicSignals, proof),
      async: true,
    },
    cases: [
      { name: `Vigil verifyZkProof (${bn254Backend()} backend)`, fn: vigilGroth16, target: 3 },
      { name: `Vigil, key prepared (${bn254Backend()} backend)`, fn: vigilGroth16Prepared },
    ],
  },
  {
    name: 'Groth16 verify vs plain @noble/curves (SP1 wrapper proof)',
    anchor: { name: 'plain @noble/curves verifier', fn: () => nobleGroth16(vkey, proof, publicSignals) },
    cases: [
      { name: `Vigil verifyZkProof (${bn254Backend()} backend)`, fn: vigilGroth16, target: 5 },
      { name: `Vigil, key prepared (${bn254Backend()} backend)`, fn: vigilGroth16Prepared },
    ],
  },
  versusSnarkjs('plonk'),
  versusSnarkjs('fflonk'),
];

export default groups;
