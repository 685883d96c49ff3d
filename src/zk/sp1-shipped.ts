/**
 * The SP1 releases Vigil ships keys for, named `<system>-<version>` ('plonk-v6.1.0'), and one
 * call that verifies a proof of any of them: what a rollup config pins and what a worker runs.
 *
 * Each release's key is compiled in (./sp1-keys.ts) and checked against the release's
 * pin the first time it is used (Groth16: sha256 of gnark's key = VERIFIER_HASH(); PLONK: the key's
 * fingerprint, ./sp1-plonk.ts). `trusted` is false for releases with a published soundness bug:
 * v3.0.0 predates the Plonky3 fix (SP1 v4), so a v3 proof is a test vector here and, on a chain,
 * counts as "accepted by L1's verifier", never as "re-verified here".
 * @module
 */
import { hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { parseGnarkPlonkSolidityVerifyingKey } from './gnark-plonk.ts';
import { SP1_GROTH16_RELEASES, sp1Groth16Verifier, type Sp1Groth16Verifier, verifySp1Groth16 } from './sp1.ts';
import { SP1_GROTH16_KEY_BYTES, SP1_PLONK_KEY_CONSTANTS } from './sp1-keys.ts';
import { SP1_PLONK_RELEASES, sp1PlonkVerifier, type Sp1PlonkVerifier, verifySp1Plonk } from './sp1-plonk.ts';

export interface Sp1ShippedRelease {
  /** `<system>-<version>`: the name configs pin. */
  readonly id: string;
  readonly system: 'groth16' | 'plonk';
  readonly version: string;
  /** The first 4 bytes of VERIFIER_HASH(), 0x-hex: every proof of the release starts with them. */
  readonly selector: string;
  readonly verifierHash: string;
  readonly vkRoot: string | null;
  /** Whether a proof of this release may count as re-verified here. */
  readonly trusted: boolean;
}

/** Releases with a published soundness bug: their proofs never count as re-verified here. */
const UNTRUSTED = new Set(['v3.0.0']);

function shipped(system: Sp1ShippedRelease['system'], r: { version: string; verifierHash: string; vkRoot: string | null }): Sp1ShippedRelease {
  return {
    id: `${system}-${r.version}`,
    system,
    version: r.version,
    selector: r.verifierHash.slice(0, 10),
    verifierHash: r.verifierHash,
    vkRoot: r.vkRoot,
    trusted: !UNTRUSTED.has(r.version),
  };
}

export const SP1_SHIPPED_RELEASES: Readonly<Record<string, Sp1ShippedRelease>> = Object.freeze(
  Object.fromEntries(
    [
      ...Object.values(SP1_GROTH16_RELEASES).map((r) => shipped('groth16', r)),
      ...Object.values(SP1_PLONK_RELEASES).map((r) => shipped('plonk', r)),
    ].map((r) => [r.id, r]),
  ),
);

/** The shipped release whose proofs start with `selector` (0x + 8 hex), if any. */
export function sp1ReleaseBySelector(selector: string): Sp1ShippedRelease | undefined {
  const s = selector.toLowerCase();
  return Object.values(SP1_SHIPPED_RELEASES).find((r) => r.selector === s);
}

// Keys are parsed and checked once per release: the only state here, and it only caches pure results.
const verifiers = new Map<string, Sp1Groth16Verifier | Sp1PlonkVerifier>();

function verifierOf(release: Sp1ShippedRelease): Sp1Groth16Verifier | Sp1PlonkVerifier {
  let v = verifiers.get(release.id);
  if (v === undefined) {
    v =
      release.system === 'groth16'
        ? sp1Groth16Verifier(release.version as keyof typeof SP1_GROTH16_RELEASES, hexToBytes(SP1_GROTH16_KEY_BYTES[release.version]!))
        : sp1PlonkVerifier(release.version as keyof typeof SP1_PLONK_RELEASES, parseGnarkPlonkSolidityVerifyingKey(SP1_PLONK_KEY_CONSTANTS[release.version]));
    verifiers.set(release.id, v);
  }
  return v;
}

/**
 * `ISP1Verifier.verifyProof(programVKey, publicValues, proofBytes)` with shipped release `id`'s
 * verifier. Throws VerificationError when the proof does not verify (as ./sp1.ts and
 * ./sp1-plonk.ts), InputError for a release Vigil does not ship or bytes of the wrong form.
 * @example verifySp1Shipped('plonk-v6.0.0', vkey, publicValues, proofBytes)
 */
export function verifySp1Shipped(id: string, programVKey: Uint8Array, publicValues: Uint8Array, proofBytes: Uint8Array): void {
  const release = SP1_SHIPPED_RELEASES[id];
  if (release === undefined) throw new InputError(`Vigil ships no SP1 release ${JSON.stringify(id)}`);
  const v = verifierOf(release);
  if (release.system === 'groth16') verifySp1Groth16(v as Sp1Groth16Verifier, programVKey, publicValues, proofBytes);
  else verifySp1Plonk(v as Sp1PlonkVerifier, programVKey, publicValues, proofBytes);
}

