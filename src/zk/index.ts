/**
 * Validity-proof verification from snarkjs JSON: Groth16, PLONK and FFLONK over BN254 (the key
 * also as the Solidity verifier snarkjs exports, ./solidity-vkey.ts), and gnark's PLONK as its
 * Solidity export verifies it (./gnark-plonk.ts: Linea, SP1).
 *
 * `verifyZkProof` takes the three parsed JSON documents (verification key, proof, public signals)
 * and says whether they verify. Input that is not a proof of the named system at all (not an
 * object, missing fields, wrong types, an unsupported curve) throws InputError; a proof that is
 * well-formed but does not verify, for whatever reason (a point off the curve, a field element
 * out of range, a wrong number of public signals, a failed pairing check), is a verdict
 * `{valid: false, reason}` with the VerificationError's code.
 *
 * Everything here is pure (no I/O, no clock, no shared mutable state beyond a cache of G2
 * pairing precomputes), so it runs unchanged in a worker.
 * @module
 */
import { describe, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError, type VerificationCode, VerificationError } from '../core/errors.ts';
import { aarray, aobject } from '../core/json.ts';
import { type FflonkProof, type FflonkVerificationKey, parseFflonkProof, parseFflonkVerificationKey, verifyFflonk } from './fflonk.ts';
import { MAX_PUBLIC_SIGNALS, parsePublicSignals, readDecimal, type ZkSystem } from './format.ts';
import { type GnarkPlonkVerifyingKey, parseGnarkPlonkProof, parseGnarkPlonkSolidityVerifyingKey, verifyGnarkPlonk } from './gnark-plonk.ts';
import { gnarkShippedKey } from './gnark-shipped.ts';
import { snarkjsVkeyFromSolidity } from './solidity-vkey.ts';
import { verifySp1Shipped } from './sp1-shipped.ts';
import { RISC0_GROTH16_RELEASES, verifyRisc0Groth16Receipt } from './risc0.ts';
import { type Groth16Proof, type Groth16VerificationKey, parseGroth16Proof, parseGroth16VerificationKey, verifyGroth16 } from './groth16.ts';
import { parsePlonkProof, parsePlonkVerificationKey, type PlonkProof, type PlonkVerificationKey, verifyPlonk } from './plonk.ts';

export { type ZkSystem, ZK_SYSTEMS, parsePublicSignals } from './format.ts';
export { parseGroth16Proof, parseGroth16VerificationKey, verifyGroth16 } from './groth16.ts';
export type { Groth16Proof, Groth16VerificationKey } from './groth16.ts';
export { parsePlonkProof, parsePlonkVerificationKey, verifyPlonk } from './plonk.ts';
export type { PlonkProof, PlonkVerificationKey } from './plonk.ts';
export { parseFflonkProof, parseFflonkVerificationKey, verifyFflonk } from './fflonk.ts';
export type { FflonkProof, FflonkVerificationKey } from './fflonk.ts';
export {
  bsb22HashToField,
  gnarkPlonkKeyDigest,
  gnarkPlonkProofLength,
  parseGnarkPlonkProof,
  parseGnarkPlonkSolidityVerifyingKey,
  verifyGnarkPlonk,
  verifyGnarkPlonkSolidity,
} from './gnark-plonk.ts';
export type { GnarkPlonkProof, GnarkPlonkVerifyingKey } from './gnark-plonk.ts';
export { SP1_PLONK_RELEASES, sp1PlonkVerifier, verifySp1Plonk } from './sp1-plonk.ts';
export type { Sp1PlonkRelease, Sp1PlonkVerifier, Sp1PlonkVersion } from './sp1-plonk.ts';
export { SP1_SHIPPED_RELEASES, sp1ReleaseBySelector, verifySp1Shipped } from './sp1-shipped.ts';
export { GNARK_SHIPPED_KEYS, gnarkShippedKey, keyInCode } from './gnark-shipped.ts';
export type { GnarkShippedKey } from './gnark-shipped.ts';
export type { Sp1ShippedRelease } from './sp1-shipped.ts';
export { parseSnarkjsSolidityVerifyingKey, snarkjsSoliditySystem, snarkjsVkeyFromSolidity } from './solidity-vkey.ts';
export type { SnarkjsVkeyJson, SoliditySnarkjsKey } from './solidity-vkey.ts';

/**
 * What {@link verifyZkProof} takes: snarkjs's three systems, and 'sp1' (an SP1 proof as its L1
 * verifier takes it: vkey `{release, programVKey}` naming a shipped release (./sp1-shipped.ts),
 * proof the proof bytes as 0x-hex, publicSignals `[publicValues]` as 0x-hex), and 'risc0' (a RISC
 * Zero Groth16 receipt as RiscZeroGroth16Verifier takes it: vkey `{release, imageId}` naming a
 * release of ./risc0.ts, proof the seal as 0x-hex, publicSignals `[journalDigest]` as 0x-hex), and
 * 'gnark-plonk' (gnark's PLONK as its Solidity export takes it: vkey `{key}` naming a key Vigil
 * ships (./gnark-shipped.ts: Linea's verifiers), proof the bytes `Verify` takes as 0x-hex,
 * publicSignals the public inputs as 0x-hex or decimal strings).
 */
export type ProofSystem = ZkSystem | 'sp1' | 'risc0' | 'gnark-plonk';

export type ZkVerdict =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: VerificationCode; readonly error: VerificationError };

interface System<K, P> {
  key: (json: unknown) => K;
  proof: (json: unknown) => P;
  verify: (vk: K, proof: P, publicSignals: readonly bigint[]) => void;
}

const GROTH16: System<Groth16VerificationKey, Groth16Proof> = {
  key: parseGroth16VerificationKey,
  proof: parseGroth16Proof,
  verify: verifyGroth16,
};
const PLONK: System<PlonkVerificationKey, PlonkProof> = {
  key: parsePlonkVerificationKey,
  proof: parsePlonkProof,
  verify: verifyPlonk,
};
const FFLONK: System<FflonkVerificationKey, FflonkProof> = {
  key: parseFflonkVerificationKey,
  proof: parseFflonkProof,
  verify: verifyFflonk,
};

type Parsed<T> = { ok: true; value: T } | { ok: false; error: unknown };
function attempt<T>(fn: () => T): Parsed<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * A key given as text is a snarkjs-exported Solidity verifier: read its constants into the JSON
 * key (and it must be a verifier of `system`); any other value is the JSON key itself.
 */
function jsonKey(system: ZkSystem, vkey: unknown): unknown {
  if (typeof vkey !== 'string') return vkey;
  const read = snarkjsVkeyFromSolidity(vkey);
  if (read.system !== system) throw new InputError(`the Solidity verifier is a ${read.system} verifier, not ${system}`);
  return read.vkey;
}

function run<K, P>(impl: System<K, P>, system: ZkSystem, vkey: unknown, proof: unknown, publicSignals: unknown): ZkVerdict {
  return runParsed(impl, attempt(() => impl.key(jsonKey(system, vkey))), proof, publicSignals);
}

function runParsed<K, P>(impl: System<K, P>, k: Parsed<K>, proof: unknown, publicSignals: unknown): ZkVerdict {
  const p = attempt(() => impl.proof(proof));
  const s = attempt(() => parsePublicSignals(publicSignals));
  // An input that is not a proof at all outranks a proof that does not verify.
  for (const r of [k, p, s]) if (!r.ok && !(r.error instanceof VerificationError)) throw r.error;
  try {
    if (!k.ok) throw k.error;
    if (!p.ok) throw p.error;
    if (!s.ok) throw s.error;
    impl.verify(k.value, p.value, s.value);
    return { valid: true };
  } catch (error) {
    if (error instanceof VerificationError) return { valid: false, reason: error.code, error };
    throw error;
  }
}

/**
 * Parses and verifies a snarkjs verification key, proof and public signals for `system`. The key
 * is snarkjs's JSON or, as a string, the Solidity verifier snarkjs exported from it.
 * Throws InputError when any of the three is not of the expected form (checked on all three
 * before any value is judged); otherwise returns the verdict.
 * @example
 * verifyZkProof('groth16', vkJson, proofJson, ['35']) // { valid: true }
 */
export function verifyZkProof(system: ProofSystem, vkey: unknown, proof: unknown, publicSignals: unknown): ZkVerdict {
  switch (system) {
    case 'sp1':
      return verifySp1(attempt(() => readSp1Key(vkey)), proof, publicSignals);
    case 'risc0':
      return verifyRisc0(attempt(() => readRisc0Key(vkey)), proof, publicSignals);
    case 'gnark-plonk':
      return verifyGnarkParsed(attempt(() => readGnarkKey(vkey)), proof, publicSignals);
    case 'groth16':
      return run(GROTH16, 'groth16', vkey, proof, publicSignals);
    case 'plonk':
      return run(PLONK, 'plonk', vkey, proof, publicSignals);
    case 'fflonk':
      return run(FFLONK, 'fflonk', vkey, proof, publicSignals);
    default:
      throw new InputError(`unknown proof system ${JSON.stringify(system)}`);
  }
}

const SYSTEMS = { groth16: GROTH16, plonk: PLONK, fflonk: FFLONK } as const;

/**
 * A verifier bound to one key: the key is parsed and checked once (its points, and for Groth16
 * e(α, β)), then every proof is verified against it. Throws InputError at once for a key that is
 * not a key at all; a key that parses but is invalid gives `{valid:false}` for every proof.
 * @example const verify = zkVerifier('groth16', vkeyJson); verify(proofJson, publicJson)
 */
export function zkVerifier(system: ProofSystem, vkey: unknown): (proof: unknown, publicSignals: unknown) => ZkVerdict {
  if (system === 'sp1') {
    const key = attempt(() => readSp1Key(vkey));
    if (!key.ok) throw key.error;
    return (proof, publicSignals) => verifySp1(key, proof, publicSignals);
  }
  if (system === 'risc0') {
    const key = attempt(() => readRisc0Key(vkey));
    if (!key.ok) throw key.error;
    return (proof, publicSignals) => verifyRisc0(key, proof, publicSignals);
  }
  if (system === 'gnark-plonk') {
    const key = attempt(() => readGnarkKey(vkey));
    if (!key.ok && !(key.error instanceof VerificationError)) throw key.error;
    return (proof, publicSignals) => verifyGnarkParsed(key, proof, publicSignals);
  }
  const impl = (SYSTEMS as Record<string, System<unknown, unknown>>)[system];
  if (!impl) throw new InputError(`unknown proof system ${JSON.stringify(system)}`);
  const key = attempt(() => impl.key(jsonKey(system, vkey)));
  if (!key.ok && !(key.error instanceof VerificationError)) throw key.error;
  return (proof, publicSignals) => runParsed(impl, key, proof, publicSignals);
}

/** Public inputs as JSON: an array of decimal strings or 0x-hex strings (Linea writes hex). */
function readPublicInputs(json: unknown): bigint[] {
  return aarray(json, 'publicInputs', MAX_PUBLIC_SIGNALS).map((v, i) =>
    typeof v === 'string' && v.startsWith('0x') ? hexToBigInt(v, `publicInputs[${i}]`) : readDecimal(v, `publicInputs[${i}]`),
  );
}

function readProofBytes(proof: unknown): Uint8Array {
  if (proof instanceof Uint8Array) return proof;
  if (typeof proof === 'string') return hexToBytes(proof, undefined, 'proof');
  throw new InputError(`"proof" expected bytes or a 0x-hex string, got ${describe(proof)}`);
}

/**
 * gnark's PLONK as its Solidity export verifies it: `source` the exported verifier contract
 * (Linea's PlonkVerifier*, SP1's PlonkVerifier.sol), `proof` the bytes `Verify` takes (or their
 * 0x-hex), `publicInputs` a JSON array of decimal or 0x-hex strings. InputError when one of the
 * three is not of its form; otherwise the verdict.
 * @example verifyGnarkPlonkProof(lineaVerifierSol, aggregatedProofHex, [aggregatedProofPublicInput])
 */
export function verifyGnarkPlonkProof(source: unknown, proof: unknown, publicInputs: unknown): ZkVerdict {
  return verifyGnarkParsed(attempt(() => parseGnarkPlonkSolidityVerifyingKey(source)), proof, publicInputs);
}

/** `{key}`: a gnark PLONK key Vigil ships, parsed and checked against its pin. */
function readGnarkKey(vkey: unknown): GnarkPlonkVerifyingKey {
  const o = aobject(vkey, 'vkey');
  if (typeof o['key'] !== 'string') throw new InputError(`"vkey.key" expected a shipped key id, got ${describe(o['key'])}`);
  return gnarkShippedKey(o['key']);
}

function verifyGnarkParsed(key: Parsed<GnarkPlonkVerifyingKey>, proof: unknown, publicSignals: unknown): ZkVerdict {
  const bytes = attempt(() => readProofBytes(proof));
  const inputs = attempt(() => readPublicInputs(publicSignals));
  for (const r of [key, bytes, inputs]) if (!r.ok && !(r.error instanceof VerificationError)) throw r.error;
  try {
    if (!key.ok) throw key.error;
    if (!bytes.ok) throw bytes.error;
    if (!inputs.ok) throw inputs.error;
    verifyGnarkPlonk(key.value, parseGnarkPlonkProof(key.value, bytes.value), inputs.value);
    return { valid: true };
  } catch (error) {
    if (error instanceof VerificationError) return { valid: false, reason: error.code, error };
    throw error;
  }
}

interface Sp1Key {
  release: string;
  programVKey: Uint8Array;
}

function readSp1Key(vkey: unknown): Sp1Key {
  const o = aobject(vkey, 'vkey');
  if (typeof o['release'] !== 'string') throw new InputError(`"vkey.release" expected a release name, got ${describe(o['release'])}`);
  if (typeof o['programVKey'] !== 'string') throw new InputError(`"vkey.programVKey" expected 0x-hex, got ${describe(o['programVKey'])}`);
  return { release: o['release'], programVKey: hexToBytes(o['programVKey'], 32, 'vkey.programVKey') };
}

function readPublicValues(publicSignals: unknown): Uint8Array {
  const list = aarray(publicSignals, 'publicSignals', 1);
  if (list.length !== 1 || typeof list[0] !== 'string') throw new InputError('"publicSignals" expected [publicValues as 0x-hex]');
  return hexToBytes(list[0], undefined, 'publicSignals[0]');
}

function verifySp1(key: Parsed<Sp1Key>, proof: unknown, publicSignals: unknown): ZkVerdict {
  const bytes = attempt(() => readProofBytes(proof));
  const values = attempt(() => readPublicValues(publicSignals));
  if (!key.ok) throw key.error;
  if (!bytes.ok) throw bytes.error;
  if (!values.ok) throw values.error;
  try {
    verifySp1Shipped(key.value.release, key.value.programVKey, values.value, bytes.value);
    return { valid: true };
  } catch (error) {
    if (error instanceof VerificationError) return { valid: false, reason: error.code, error };
    throw error;
  }
}

interface Risc0Key {
  release: keyof typeof RISC0_GROTH16_RELEASES;
  imageId: Uint8Array;
}

function readRisc0Key(vkey: unknown): Risc0Key {
  const o = aobject(vkey, 'vkey');
  const release = o['release'];
  if (typeof release !== 'string' || !Object.hasOwn(RISC0_GROTH16_RELEASES, release)) {
    throw new InputError(`"vkey.release" expected a RISC Zero verifier release (${Object.keys(RISC0_GROTH16_RELEASES).join(', ')}), got ${describe(release)}`);
  }
  if (typeof o['imageId'] !== 'string') throw new InputError(`"vkey.imageId" expected 0x-hex, got ${describe(o['imageId'])}`);
  return { release: release as Risc0Key['release'], imageId: hexToBytes(o['imageId'], 32, 'vkey.imageId') };
}

function verifyRisc0(key: Parsed<Risc0Key>, proof: unknown, publicSignals: unknown): ZkVerdict {
  const seal = attempt(() => readProofBytes(proof));
  const digest = attempt(() => readPublicValues(publicSignals));
  if (!key.ok) throw key.error;
  if (!seal.ok) throw seal.error;
  if (!digest.ok) throw digest.error;
  try {
    verifyRisc0Groth16Receipt({ seal: seal.value, imageId: key.value.imageId, journalDigest: digest.value }, RISC0_GROTH16_RELEASES[key.value.release]);
    return { valid: true };
  } catch (error) {
    if (error instanceof VerificationError) return { valid: false, reason: error.code, error };
    throw error;
  }
}
