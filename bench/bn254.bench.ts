/**
 * BN254 front door (src/crypto/bn254.ts on the WASM kernel, wasm/bn254.ts) against
 * @noble/curves' bn254 and snarkjs 0.7 (ffjavascript, single-threaded), on the real SP1 v6
 * Groth16 wrapper proof of test/fixtures/groth16/sp1-arithmetic (5 public signals).
 *
 * Fairness: a proof's G2 point B would be served from Vigil's caches (prepared lines: 32 points,
 * passed subgroup checks: 64) if the same proof were verified over and over, so every contender
 * cycles through 256 re-randomized copies of the real proof (A/t, t·B, C: same verdict, a
 * different B each time); the key's G2 points (β, γ, δ) are cached as they are for a key that
 * verifies many proofs. "Fresh" cases rotate through 256 G2 points the same way. Noble's own
 * pairing prepares every G2 point on every call.
 *
 * The issue's targets: Groth16 verify ≥ 5× a plain @noble/curves verifier and ≥ 3× snarkjs
 * single-threaded; first verify in a fresh worker, instantiation included, under 100 ms (that
 * one is logged as milliseconds, and measured as a group of whole-worker round trips).
 * @module
 */
import { pippenger } from '@noble/curves/abstract/curve.js';
import { bn254 } from '@noble/curves/bn254.js';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  BN254_R,
  type Fp12,
  type G1Point,
  type G2Point,
  bn254Backend,
  bn254Ready,
  g1Msm,
  g1Neg,
  g2IsInSubgroup,
  millerLoop,
  pairing,
  pairingCheck,
} from '../src/crypto/bn254.ts';
import { instantiateBn254Sync } from '../src/crypto/bn254/kernel.ts';
import type { BenchCase, BenchGroup } from './run.ts';

await bn254Ready();
if (bn254Backend() !== 'wasm') throw new Error(`expected the WASM BN254 backend, got ${bn254Backend()}`);

const { G1, G2, fields } = bn254;
const { Fp2, Fp12: F12, Fr } = fields;
type NG1 = InstanceType<typeof G1.Point>;
type NG2 = InstanceType<typeof G2.Point>;

// ---------------------------------------------------------------------------------------------
// The real proof and 64 re-randomized copies of it.

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../test/fixtures/groth16/sp1-arithmetic/${name}`, import.meta.url), 'utf8'));
interface SnarkVk { vk_alpha_1: string[]; vk_beta_2: string[][]; vk_gamma_2: string[][]; vk_delta_2: string[][]; IC: string[][] }
interface SnarkProof { pi_a: string[]; pi_b: string[][]; pi_c: string[]; protocol: string; curve: string }
const vkJson: SnarkVk = fixture('verification_key.json');
const proofJson: SnarkProof = fixture('proof.json');
const signals: string[] = fixture('public.json');

const g1FromJson = (p: string[]): G1Point => ({ x: BigInt(p[0]!), y: BigInt(p[1]!) });
const g2FromJson = (p: string[][]): G2Point => ({
  x: { c0: BigInt(p[0]![0]!), c1: BigInt(p[0]![1]!) },
  y: { c0: BigInt(p[1]![0]!), c1: BigInt(p[1]![1]!) },
});
const nobleG1 = (p: G1Point): NG1 => G1.Point.fromAffine(p);
const nobleG2 = (p: G2Point): NG2 =>
  G2.Point.fromAffine({ x: Fp2.fromBigTuple([p.x.c0, p.x.c1]), y: Fp2.fromBigTuple([p.y.c0, p.y.c1]) });
const g1Json = (p: NG1): string[] => {
  const a = p.toAffine();
  return [a.x.toString(), a.y.toString(), '1'];
};
const g2Json = (p: NG2): string[][] => {
  const a = p.toAffine();
  return [[a.x.c0.toString(), a.x.c1.toString()], [a.y.c0.toString(), a.y.c1.toString()], ['1', '0']];
};

const POOL = 256; // more than either cache holds: cycling through them always misses
const proofs: SnarkProof[] = Array.from({ length: POOL }, (_, i) => {
  const t = BigInt(i + 2);
  return {
    ...proofJson,
    pi_a: g1Json(nobleG1(g1FromJson(proofJson.pi_a)).multiply(Fr.inv(t))),
    pi_b: g2Json(nobleG2(g2FromJson(proofJson.pi_b)).multiply(t)),
  };
});
let next = 0;
const nextProof = (): SnarkProof => proofs[next++ % POOL]!;

// ---------------------------------------------------------------------------------------------
// Three Groth16 verifiers over the same JSON: e(A, B) = e(α, β)·e(X, γ)·e(C, δ),
// X = IC[0] + Σ sᵢ·IC[i].

function scalarsOf(sig: string[]): bigint[] {
  return sig.map((s) => {
    const v = BigInt(s);
    if (v >= BN254_R) throw new Error('public signal not below r');
    return v;
  });
}

/** Vigil: the key parsed once, e(α, β)'s Miller loop precomputed, G2 points cached by the kernel. */
const vk = {
  ic: vkJson.IC.map(g1FromJson),
  gamma: g2FromJson(vkJson.vk_gamma_2),
  delta: g2FromJson(vkJson.vk_delta_2),
  alphaBeta: millerLoop([[g1FromJson(vkJson.vk_alpha_1), g2FromJson(vkJson.vk_beta_2)]]) as Fp12,
};
function vigilVerify(proof: SnarkProof, sig: string[]): boolean {
  const x = g1Msm(vk.ic, [1n, ...scalarsOf(sig)]);
  return pairingCheck(
    [
      [g1Neg(g1FromJson(proof.pi_a)), g2FromJson(proof.pi_b)],
      [x, vk.gamma],
      [g1FromJson(proof.pi_c), vk.delta],
    ],
    vk.alphaBeta,
  );
}

/** Groth16 as one writes it on @noble/curves alone: validated points, Pippenger, one pairingBatch. */
function nobleVerify(vkj: SnarkVk, proof: SnarkProof, sig: string[]): boolean {
  const g1 = (p: string[]) => {
    const pt = nobleG1(g1FromJson(p));
    pt.assertValidity();
    return pt;
  };
  const g2 = (p: string[][]) => {
    const pt = nobleG2(g2FromJson(p));
    pt.assertValidity();
    return pt;
  };
  const ic = vkj.IC.map(g1);
  const x = ic[0]!.add(pippenger(G1.Point, ic.slice(1), scalarsOf(sig)));
  const gt = bn254.pairingBatch([
    { g1: g1(proof.pi_a).negate(), g2: g2(proof.pi_b) },
    { g1: g1(vkj.vk_alpha_1), g2: g2(vkj.vk_beta_2) },
    { g1: x, g2: g2(vkj.vk_gamma_2) },
    { g1: g1(proof.pi_c), g2: g2(vkj.vk_delta_2) },
  ]);
  return F12.eql(gt, F12.ONE);
}

for (const p of proofs.slice(0, 3)) {
  if (!vigilVerify(p, signals) || !nobleVerify(vkJson, p, signals)) throw new Error('re-randomized SP1 proof does not verify');
}
const tampered = ['1', ...signals.slice(1)];
if (vigilVerify(proofs[0]!, tampered) || nobleVerify(vkJson, proofs[0]!, tampered)) throw new Error('tampered proof verifies');

// snarkjs, single-threaded (its verify takes no curve option: it reuses globalThis.curve_bn128).
type Snarkjs = {
  curves: { getCurveFromName(name: string, opts?: { singleThread?: boolean }): Promise<unknown> };
  groth16: { verify(vk: unknown, signals: unknown, proof: unknown, logger?: unknown): Promise<boolean> };
};
let snarkjs: Snarkjs | undefined;
try {
  snarkjs = (await import('snarkjs')) as unknown as Snarkjs;
  const g = globalThis as { curve_bn128?: unknown };
  g.curve_bn128 ??= await snarkjs.curves.getCurveFromName('bn128', { singleThread: true });
  if (!(await snarkjs.groth16.verify(vkJson, signals, proofs[5]))) throw new Error('snarkjs rejects the SP1 proof');
} catch (err) {
  if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw err;
  snarkjs = undefined;
}

// ---------------------------------------------------------------------------------------------
// Pairing-level inputs: random points, fresh G2 pools.

const ps = Array.from({ length: 4 }, (_, i) => G1.Point.BASE.multiply(BigInt(1000003 * (i + 7))));
const qs = Array.from({ length: 4 }, (_, i) => G2.Point.BASE.multiply(BigInt(999331 * (i + 3))));
const pool = Array.from({ length: POOL }, (_, i) => G2.Point.BASE.multiply(BigInt(0x9e3779b97f4a7c15n) + BigInt(i)));
const toG1 = (p: NG1): G1Point => p.toAffine();
const toG2 = (p: NG2): G2Point => {
  const a = p.toAffine();
  return { x: { c0: a.x.c0, c1: a.x.c1 }, y: { c0: a.y.c0, c1: a.y.c1 } };
};
const vps = ps.map(toG1);
const vqs = qs.map(toG2);
const vpool = pool.map(toG2);
let poolNext = 0;
const freshIndex = (): number => poolNext++ % POOL;

const fourNoble = () =>
  F12.eql(bn254.pairingBatch(ps.map((p, i) => ({ g1: p, g2: i === 0 ? pool[freshIndex()]! : qs[i]! }))), F12.ONE);
const fourVigil = () => pairingCheck(vps.map((p, i) => [p, i === 0 ? vpool[freshIndex()]! : vqs[i]!] as const));
const fourVigilAllFresh = () => pairingCheck(vps.map((p) => [p, vpool[freshIndex()]!] as const));

const msmPoints = vk.ic;
const msmScalars = [1n, ...scalarsOf(signals).map((s, i) => (s === 0n ? BigInt(i + 1) * 0x123456789abcdefn : s))];
const nobleIc = msmPoints.map(nobleG1);

// ---------------------------------------------------------------------------------------------
// First verify in a fresh worker: spawn, import, instantiate (decode + compile + instantiate),
// parse the key, verify once. The worker reports its own split; the harness times the round trip.

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { kind, kernelUrl, vkJson, proof, signals } = workerData;
  (await import('tsx/esm/api')).register(); // TypeScript sources, as the bench itself runs
  const t0 = performance.now();
  let ok, t1;
  if (kind === 'vigil') {
    const { instantiateBn254Sync } = await import(kernelUrl);
    t1 = performance.now();
    const k = instantiateBn254Sync();
    const t2 = performance.now();
    const g1 = (p) => ({ x: BigInt(p[0]), y: BigInt(p[1]) });
    const g2 = (p) => ({ x: { c0: BigInt(p[0][0]), c1: BigInt(p[0][1]) }, y: { c0: BigInt(p[1][0]), c1: BigInt(p[1][1]) } });
    const x = k.g1Msm(vkJson.IC.map(g1), [1n, ...signals.map(BigInt)]);
    const a = g1(proof.pi_a);
    ok = k.pairingCheck([[{ x: a.x, y: a.y === 0n ? 0n : ${'0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47'}n - a.y }, g2(proof.pi_b)], [g1(vkJson.vk_alpha_1), g2(vkJson.vk_beta_2)], [x, g2(vkJson.vk_gamma_2)], [g1(proof.pi_c), g2(vkJson.vk_delta_2)]]);
    const t3 = performance.now();
    parentPort.postMessage({ ok, importMs: t1 - t0, instantiateMs: t2 - t1, verifyMs: t3 - t2 });
  } else {
    const { bn254 } = await import('@noble/curves/bn254.js');
    const { pippenger } = await import('@noble/curves/abstract/curve.js');
    t1 = performance.now();
    const { G1, G2, fields } = bn254;
    const g1 = (p) => { const q = G1.Point.fromAffine({ x: BigInt(p[0]), y: BigInt(p[1]) }); q.assertValidity(); return q; };
    const g2 = (p) => { const q = G2.Point.fromAffine({ x: fields.Fp2.fromBigTuple([BigInt(p[0][0]), BigInt(p[0][1])]), y: fields.Fp2.fromBigTuple([BigInt(p[1][0]), BigInt(p[1][1])]) }); q.assertValidity(); return q; };
    const ic = vkJson.IC.map(g1);
    const x = ic[0].add(pippenger(G1.Point, ic.slice(1), signals.map(BigInt)));
    const gt = bn254.pairingBatch([{ g1: g1(proof.pi_a).negate(), g2: g2(proof.pi_b) }, { g1: g1(vkJson.vk_alpha_1), g2: g2(vkJson.vk_beta_2) }, { g1: x, g2: g2(vkJson.vk_gamma_2) }, { g1: g1(proof.pi_c), g2: g2(vkJson.vk_delta_2) }]);
    ok = fields.Fp12.eql(gt, fields.Fp12.ONE);
    const t3 = performance.now();
    parentPort.postMessage({ ok, importMs: t1 - t0, instantiateMs: 0, verifyMs: t3 - t1 });
  }
})().catch((err) => parentPort.postMessage({ error: String(err && err.stack || err) }));
`;

interface WorkerReport { ok: boolean; importMs: number; instantiateMs: number; verifyMs: number; error?: string }
function freshWorker(kind: 'vigil' | 'noble'): Promise<WorkerReport> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, {
      eval: true,
      workerData: {
        kind,
        kernelUrl: new URL('../src/crypto/bn254/kernel.ts', import.meta.url).href,
        vkJson,
        proof: nextProof(),
        signals,
      },
    });
    w.once('message', (m: WorkerReport) => {
      void w.terminate();
      if (m.error || !m.ok) reject(new Error(m.error ?? 'fresh worker: proof did not verify'));
      else resolve(m);
    });
    w.once('error', reject);
  });
}

const firstWorkers: WorkerReport[] = [];
for (let i = 0; i < 3; i++) firstWorkers.push(await freshWorker('vigil'));
const nobleWorker = await freshWorker('noble');
const fmt = (r: WorkerReport) =>
  `import ${r.importMs.toFixed(1)} ms, instantiate ${r.instantiateMs.toFixed(1)} ms, first verify ${r.verifyMs.toFixed(1)} ms`;
console.log(`bn254 fresh worker, vigil (1st of 3 workers): ${fmt(firstWorkers[0]!)}`);
console.log(`bn254 fresh worker, vigil (3rd): ${fmt(firstWorkers[2]!)}`);
console.log(`bn254 fresh worker, noble: ${fmt(nobleWorker)}`);

// In-process cold start: a new kernel from the embedded base64 (compile cache dropped by V8 only
// across processes), every cache empty, then one verify with nothing prepared.
function coldKernelVerify(): boolean {
  const k = instantiateBn254Sync();
  const proof = nextProof();
  const x = k.g1Msm(vk.ic, [1n, ...scalarsOf(signals)]);
  const a = g1FromJson(proof.pi_a);
  return k.pairingCheck([
    [g1Neg(a), g2FromJson(proof.pi_b)],
    [g1FromJson(vkJson.vk_alpha_1), g2FromJson(vkJson.vk_beta_2)],
    [x, vk.gamma],
    [g1FromJson(proof.pi_c), vk.delta],
  ]);
}

const nobleGroth16: BenchCase = { name: 'plain @noble/curves Groth16 verify (pairingBatch of 4)', fn: () => nobleVerify(vkJson, nextProof(), signals) };
const vigilGroth16: BenchCase = { name: 'vigil Groth16 verify (key prepared: e(α,β) and G2 lines)', fn: () => vigilVerify(nextProof(), signals) };

export default [
  {
    name: 'bn254 pairing e(P, Q)',
    anchor: { name: '@noble/curves bn254.pairing', fn: () => bn254.pairing(ps[0]!, pool[freshIndex()]!) },
    cases: [
      { name: 'vigil pairing, fresh Q (subgroup check + preparation)', fn: () => pairing(vps[0]!, vpool[freshIndex()]!) },
      { name: 'vigil pairing, Q prepared', fn: () => pairing(vps[0]!, vqs[0]!) },
    ],
  },
  {
    name: 'bn254 4-pair pairingCheck (Groth16 shape)',
    anchor: { name: '@noble/curves pairingBatch ×4 + eql', fn: fourNoble },
    cases: [
      { name: 'vigil pairingCheck, 3 G2 prepared + 1 fresh', fn: fourVigil, target: 5 },
      { name: 'vigil pairingCheck, 4 fresh G2', fn: fourVigilAllFresh },
    ],
  },
  {
    name: 'bn254 G1 MSM 1+5 (Groth16 public inputs, SP1 key)',
    anchor: { name: '@noble/curves IC[0] + pippenger(5)', fn: () => nobleIc[0]!.add(pippenger(G1.Point, nobleIc.slice(1), msmScalars.slice(1))) },
    cases: [{ name: 'vigil g1Msm (6 points)', fn: () => g1Msm(msmPoints, msmScalars) }],
  },
  {
    name: 'bn254 G2 subgroup check',
    anchor: { name: '@noble/curves isTorsionFree', fn: () => pool[freshIndex()]!.isTorsionFree() },
    cases: [{ name: 'vigil g2IsInSubgroup ([x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q))', fn: () => g2IsInSubgroup(vpool[freshIndex()]!) }],
  },
  {
    name: 'bn254 Groth16 verify, SP1 wrapper proof (5 public signals), vs plain @noble/curves',
    anchor: nobleGroth16,
    cases: [
      { ...vigilGroth16, target: 5 },
      { name: 'vigil, cold: new kernel instance, nothing prepared', fn: coldKernelVerify },
    ],
  },
  ...(snarkjs
    ? [
        {
          name: 'bn254 Groth16 verify, SP1 wrapper proof, vs snarkjs 0.7 single-threaded',
          anchor: { name: 'snarkjs.groth16.verify', fn: () => snarkjs!.groth16.verify(vkJson, signals, nextProof()), async: true },
          cases: [{ ...vigilGroth16, target: 3 }, nobleGroth16],
        },
      ]
    : []),
  {
    name: 'bn254 Groth16 first verify in a fresh worker_thread (spawn + tsx import + instantiate + verify)',
    anchor: { name: 'noble in a fresh worker', fn: () => freshWorker('noble'), async: true },
    cases: [{ name: 'vigil (kernel) in a fresh worker', fn: () => freshWorker('vigil'), async: true }],
  },
] satisfies BenchGroup[];
