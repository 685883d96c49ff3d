/**
 * gnark's PLONK as Linea's verifier contracts check it, and the envelopes of SP1 (Groth16 and
 * PLONK) and RISC Zero (Groth16) receipts, on real proofs (test/fixtures/linea, sp1, risc0).
 *
 * The references are the published Solidity verifiers compiled by solc-js and run in
 * @ethereumjs/evm (test/unit/zk/solidity-evm.ts): 0.1–0.4 s a call, so they judge every proof
 * Vigil accepts, and a sample of refusals (2% in the campaign) for the classes where Vigil is
 * stricter. RISC Zero's Groth16Verifier.sol is GPL-3.0 and not in the repository: an accepted
 * RISC Zero receipt must be the real one (same seal, image id and journal).
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { gnarkPlonkKeyDigest, parseGnarkPlonkProof, parseGnarkPlonkSolidityVerifyingKey, verifyGnarkPlonk, type GnarkPlonkVerifyingKey } from '../../../src/zk/gnark-plonk.ts';
import { RISC0_GROTH16_RELEASES, type Risc0Groth16Version, risc0Groth16Verifier, verifyRisc0Groth16Receipt } from '../../../src/zk/risc0.ts';
import { type Sp1Groth16Version, sp1Groth16Verifier, verifySp1Groth16 } from '../../../src/zk/sp1.ts';
import { type Sp1PlonkVersion, sp1PlonkVerifier, verifySp1Plonk } from '../../../src/zk/sp1-plonk.ts';
import { gnarkPlonkReference, gnarkPlonkReferenceFromSource, type PlonkReference, type ReferenceVerifier, sp1ReferenceVerifier } from '../../unit/zk/solidity-evm.ts';
import { mutateBytes } from '../mutators/bytes.ts';
import { mutateJson } from '../mutators/json.ts';
import { mutateSoliditySource } from '../mutators/zk.ts';
import { attempt, verdictOf } from '../oracles.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type LoadOptions, type Outcome } from '../target.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');
const bin = (path: string) => new Uint8Array(readFileSync(new URL(path, FIXTURES)));

/** Share of refusals also put to the (slow) reference in the campaign. */
const REFUSAL_SAMPLE = 0.02;

/** Compiles a reference on first use (seconds each), once. */
function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

const GNARK_STRICTER: Record<string, string> = {
  ZK_POINT_AT_INFINITY: 'A proof point (0, 0), the precompiles\' point at infinity, is refused before the check (src/zk/README.md "gnark PLONK"); the contract feeds it to the pairing, where it only makes the check fail.',
  ZK_PROOF_INVALID: 'A challenge that makes a denominator zero is a refusal; the contract\'s inverse maps 0 to 0 and goes on.',
};

interface LineaSeed {
  name: string;
  source: string;
  contract: string;
  file: string;
  key: GnarkPlonkVerifyingKey;
  digest: string;
  proof: Uint8Array;
  inputs: bigint[];
  reference: () => Promise<PlonkReference>;
}

function lineaSeeds(): LineaSeed[] {
  return [
    ['mainnet', 'PlonkVerifierMainnetFull', 'linea/PlonkVerifierMainnetFull.paris.sol', 'linea/mainnet-24288348-24288678-getZkAggregatedProof.json'],
    ['sepolia', 'PlonkVerifierSepoliaFull', 'linea/PlonkVerifierSepoliaFull.beta-v4.1.sol', 'linea/sepolia-20106872-20107472-getZkAggregatedProof.json'],
  ].map(([name, contract, file, proofFile]) => {
    const source = text(file!);
    const json = JSON.parse(text(proofFile!));
    const key = parseGnarkPlonkSolidityVerifyingKey(source);
    return {
      name: name!,
      source,
      contract: contract!,
      file: file!,
      key,
      digest: bytesToHex(gnarkPlonkKeyDigest(key)),
      proof: hexToBytes(json.aggregatedProof),
      inputs: [BigInt(json.aggregatedProofPublicInput)],
      reference: lazy(() => gnarkPlonkReference(file!, contract!)),
    };
  });
}

interface Sampled {
  slice: boolean;
}

/** The reference's word on Vigil's verdict: wrong on an acceptance it refuses, a stricter class on a sampled refusal it accepts. */
async function againstReference(out: Outcome, ctx: Sampled, rng: Rng, reference: () => Promise<string>, okAnswers: readonly string[] = ['ok']): Promise<Outcome> {
  if (out.wrong) return out;
  const accepted = out.verdict === 'accepted';
  if (!accepted && (ctx.slice || !rng.chance(REFUSAL_SAMPLE))) return out;
  let answer: string;
  try {
    answer = await reference();
  } catch {
    // Not expressible as a call to the contract at all (e.g. a program key that is not 32 bytes): no word from it.
    return out;
  }
  const theirs = okAnswers.includes(answer);
  if (accepted && !theirs) return { ...out, wrong: `Vigil accepted what the Solidity verifier refuses (${answer})` };
  if (!accepted && theirs) return { ...out, stricter: out.verdict };
  return out;
}

export const gnarkPlonkProofTarget = defineTarget({
  name: 'gnark-plonk-proof',
  slice: 100,
  subject: 'verifyGnarkPlonk: Linea\'s aggregation proofs (gnark PLONK, one BSB22 gate, domain 2^25) and their public input, mutated',
  reference: 'Linea\'s PlonkVerifier contracts (mainnet, sepolia) in @ethereumjs/evm: every acceptance, 2% of refusals',
  seeds: 'a real Linea mainnet and a real Linea sepolia aggregation proof (test/fixtures/linea)',
  stricter: GNARK_STRICTER,
  async load(options: LoadOptions) {
    const seeds = lineaSeeds();
    for (const s of seeds) verifyGnarkPlonk(s.key, parseGnarkPlonkProof(s.key, s.proof), s.inputs);
    return { seeds, ...options };
  },
  async run(ctx: { seeds: LineaSeed[] } & Sampled, rng) {
    const seed = rng.pick(ctx.seeds);
    let proof = seed.proof;
    let inputs = seed.inputs;
    let op: string;
    if (rng.chance(0.85)) {
      const m = mutateBytes(rng, seed.proof, { donors: ctx.seeds.map((s) => s.proof) });
      proof = m.value;
      op = m.op;
    } else {
      const m = mutateJson(rng, inputs.map(String));
      const values = Array.isArray(m.value) ? m.value : [m.value];
      try {
        inputs = values.map((v) => BigInt(v as string));
      } catch {
        inputs = [];
      }
      if (inputs.some((v) => v < 0n)) inputs = inputs.map((v) => -v);
      op = `input:${m.op}`;
    }
    const out: Outcome = { op, ...verdictOf(attempt(() => verifyGnarkPlonk(seed.key, parseGnarkPlonkProof(seed.key, proof), inputs))) };
    return againstReference(out, ctx, rng, async () => (await seed.reference()).verify(proof, inputs), ['ok']);
  },
});

export const gnarkPlonkKeyTarget = defineTarget({
  name: 'gnark-plonk-key',
  subject: 'parseGnarkPlonkSolidityVerifyingKey + verifyGnarkPlonk: Linea\'s verifier contracts\' source mutated (constants\' digits, lines dropped or repeated, cut), the real proof verified under the key read',
  reference: 'an accepted key must be the real one (Vigil\'s key fingerprint); another key accepted is put to the mutated contract itself, compiled and run in @ethereumjs/evm',
  seeds: 'Linea\'s PlonkVerifierMainnetFull and PlonkVerifierSepoliaFull with their real proofs',
  async load(options: LoadOptions) {
    return { seeds: lineaSeeds(), ...options };
  },
  async run(ctx: { seeds: LineaSeed[] } & Sampled, rng) {
    const seed = rng.pick(ctx.seeds);
    const m = mutateSoliditySource(rng, seed.source);
    const ours = attempt(() => {
      const key = parseGnarkPlonkSolidityVerifyingKey(m.value);
      verifyGnarkPlonk(key, parseGnarkPlonkProof(key, seed.proof), seed.inputs);
      return bytesToHex(gnarkPlonkKeyDigest(key));
    });
    const out: Outcome = { op: m.op, ...verdictOf(ours) };
    if (!ours.ok || ours.value === seed.digest) return out;
    // Another key verified the real proof: only if the mutated contract does too.
    const reference = await attemptReference(() => gnarkPlonkReferenceOf(m.value, seed));
    return reference === 'ok' ? out : { ...out, wrong: `a key other than the contract's verified its proof (the mutated contract says ${reference})` };
  },
});

function gnarkPlonkReferenceOf(source: string, seed: LineaSeed): Promise<string> {
  return gnarkPlonkReferenceFromSource(seed.file, source, seed.contract).then((r) => r.verify(seed.proof, seed.inputs));
}

async function attemptReference(fn: () => Promise<string>): Promise<string> {
  try {
    return await fn();
  } catch (error) {
    return `not compiled: ${String(error).slice(0, 80)}`;
  }
}

const SP1_STRICTER: Record<string, string> = {
  ...GNARK_STRICTER,
  INVALID_INPUT:
    'Groth16 proof bytes longer than the release\'s layout (selector, v6\'s three words, eight proof words): SP1VerifierGroth16.sol abi-decodes the words it needs and ignores what follows; Vigil takes a proof to be exactly its layout, so that one proof has one encoding.',
};

interface Sp1Seed {
  version: string;
  vkey: Uint8Array;
  publicValues: Uint8Array;
  proof: Uint8Array;
  verify: (vkey: Uint8Array, publicValues: Uint8Array, proof: Uint8Array) => unknown;
  reference: () => Promise<ReferenceVerifier>;
}

function sp1Fixture(version: string, file: string) {
  const json = JSON.parse(text(`sp1/${version}/${file}`));
  return { vkey: hexToBytes(json.vkey, 32), publicValues: hexToBytes(json.publicValues), proof: hexToBytes(json.proof) };
}

function mutateSp1(rng: Rng, seed: Sp1Seed, seeds: readonly Sp1Seed[]): { vkey: Uint8Array; publicValues: Uint8Array; proof: Uint8Array; op: string } {
  const part = rng.weighted<string>([
    [7, 'proof'],
    [2, 'publicValues'],
    [1, 'vkey'],
  ]);
  if (part === 'proof') {
    // Words start after the 4-byte selector: exit code, vk root, nonce (v6 on), then the proof's.
    const m = mutateBytes(rng, seed.proof, { donors: seeds.map((s) => s.proof), wordBase: 4 });
    return { ...seed, proof: m.value, op: m.op };
  }
  if (part === 'publicValues') {
    const m = mutateBytes(rng, seed.publicValues, { donors: seeds.map((s) => s.publicValues) });
    return { ...seed, publicValues: m.value, op: `public-values:${m.op}` };
  }
  const m = mutateBytes(rng, seed.vkey);
  return { ...seed, vkey: m.value, op: `program-vkey:${m.op}` };
}

function sp1Target(system: 'Groth16' | 'Plonk') {
  const name = `sp1-${system.toLowerCase()}`;
  return defineTarget({
    name,
    subject: `verifySp1${system}: SP1 ${system === 'Groth16' ? 'Groth16' : 'PLONK'} proofs as SP1Verifier${system}.sol takes them (selector, exit code, vk root, nonce, proof), the program key and public values, mutated`,
    reference: `the released SP1Verifier${system}.sol with its gnark-exported verifier (v6.0.0, v4.0.0-rc.3) in @ethereumjs/evm: every acceptance, 2% of refusals`,
    seeds: `SP1's Fibonacci ${system === 'Groth16' ? 'Groth16' : 'PLONK'} fixtures of v6.0.0 and v4.0.0-rc.3 (test/fixtures/sp1)`,
    stricter: SP1_STRICTER,
    async load(options: LoadOptions) {
      const cases: [string, string][] =
        system === 'Groth16'
          ? [
              ['v6.0.0', 'fibonacci-groth16-fixture.json'],
              ['v4.0.0-rc.3', 'fibonacci-groth16-fixture.json'],
              ['v4.0.0-rc.3', 'fibonacci-groth16-fixture-sp1-4.0.0.json'],
            ]
          : [
              ['v6.0.0', 'fibonacci-plonk-fixture.json'],
              ['v4.0.0-rc.3', 'fibonacci-plonk-fixture-sp1-4.0.0.json'],
            ];
      const references = new Map<string, () => Promise<ReferenceVerifier>>();
      const seeds: Sp1Seed[] = cases.map(([version, file]) => {
        let verify: Sp1Seed['verify'];
        if (system === 'Groth16') {
          const verifier = sp1Groth16Verifier(version as Sp1Groth16Version, bin(`sp1/${version}/groth16_vk.bin`));
          verify = (k, v, p) => verifySp1Groth16(verifier, k, v, p);
        } else {
          const verifier = sp1PlonkVerifier(version as Sp1PlonkVersion, parseGnarkPlonkSolidityVerifyingKey(text(`sp1/${version}/PlonkVerifier.sol`)));
          verify = (k, v, p) => verifySp1Plonk(verifier, k, v, p);
        }
        if (!references.has(version)) references.set(version, lazy(() => sp1ReferenceVerifier(version as 'v6.0.0' | 'v4.0.0-rc.3', system)));
        return { version, ...sp1Fixture(version, file), verify, reference: references.get(version)! };
      });
      for (const s of seeds) s.verify(s.vkey, s.publicValues, s.proof);
      return { seeds, ...options };
    },
    async run(ctx: { seeds: Sp1Seed[] } & Sampled, rng) {
      const seed = rng.pick(ctx.seeds);
      const m = mutateSp1(rng, seed, ctx.seeds);
      const out: Outcome = { op: m.op, ...verdictOf(attempt(() => seed.verify(m.vkey, m.publicValues, m.proof))) };
      return againstReference(out, ctx, rng, async () => (await seed.reference()).verify(m.vkey, m.publicValues, m.proof));
    },
  });
}

export const sp1Groth16Target = sp1Target('Groth16');
export const sp1PlonkTarget = sp1Target('Plonk');

/** `NAME = hex"…"` of a Solidity library (the test receipts of risc0-ethereum). */
function solidityHex(source: string, name: string): Uint8Array {
  const m = new RegExp(`\\b${name}\\s*=\\s*hex"([0-9a-fA-F]*)"`).exec(source);
  if (!m) throw new Error(`no constant ${name}`);
  return hexToBytes(`0x${m[1]}`);
}

interface Risc0Seed {
  version: Risc0Groth16Version;
  seal: Uint8Array;
  imageId: Uint8Array;
  journal: Uint8Array;
}

export const risc0Target = defineTarget({
  name: 'risc0-groth16',
  subject: 'verifyRisc0Groth16Receipt: RISC Zero Groth16 receipts (selector ‖ seal, image id, journal) of releases 2.0–3.0, mutated',
  reference: 'an accepted receipt must be a real one, unchanged (same seal, image id and journal): the Solidity verifier is GPL-3.0 and not in the repository',
  seeds: 'risc0-ethereum\'s test receipts of the four Groth16 verifier releases (test/fixtures/risc0)',
  async load() {
    const versions = Object.keys(RISC0_GROTH16_RELEASES) as Risc0Groth16Version[];
    const seeds = versions.map((version): Risc0Seed => {
      const source = text(`risc0/TestReceipt${version.replace('.', '_').toUpperCase()}.sol`);
      return { version, seal: solidityHex(source, 'SEAL'), imageId: solidityHex(source, 'IMAGE_ID'), journal: solidityHex(source, 'JOURNAL') };
    });
    const verifiers = new Map(versions.map((v) => [v, risc0Groth16Verifier(RISC0_GROTH16_RELEASES[v])]));
    for (const s of seeds) verifyRisc0Groth16Receipt(s, verifiers.get(s.version));
    return { seeds, verifiers };
  },
  run(ctx: { seeds: Risc0Seed[]; verifiers: Map<Risc0Groth16Version, ReturnType<typeof risc0Groth16Verifier>> }, rng): Outcome {
    const seed = rng.pick(ctx.seeds);
    const part = rng.weighted<string>([
      [6, 'seal'],
      [2, 'journal'],
      [1, 'imageId'],
      [1, 'release'],
    ]);
    const r = { seal: seed.seal, imageId: seed.imageId, journal: seed.journal };
    let version = seed.version;
    let op: string;
    if (part === 'release') {
      version = rng.pick([...ctx.verifiers.keys()]);
      op = 'release';
    } else {
      const m = mutateBytes(rng, r[part as 'seal' | 'journal' | 'imageId'], { donors: ctx.seeds.map((s) => s[part as 'seal']), wordBase: part === 'seal' ? 4 : 0 });
      r[part as 'seal' | 'journal' | 'imageId'] = m.value;
      op = `${part}:${m.op}`;
    }
    const out: Outcome = { op, ...verdictOf(attempt(() => verifyRisc0Groth16Receipt(r, ctx.verifiers.get(version)))) };
    if (out.verdict !== 'accepted') return out;
    const real = ctx.seeds.find((s) => bytesToHex(s.seal) === bytesToHex(r.seal) && bytesToHex(s.imageId) === bytesToHex(r.imageId) && bytesToHex(s.journal) === bytesToHex(r.journal));
    if (!real) return { ...out, wrong: 'a receipt other than a real one was accepted' };
    return out;
  },
});
