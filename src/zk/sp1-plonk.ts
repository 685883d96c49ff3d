/**
 * SP1's PLONK proofs as its L1 verifier checks them: `SP1VerifierPlonk.verifyProof(programVKey,
 * publicValues, proofBytes)` of succinctlabs/sp1-contracts (contracts/src/<version>/
 * SP1VerifierPlonk.sol) over gnark's PLONK (./gnark-plonk.ts, the key from the release's
 * PlonkVerifier.sol).
 *
 * proofBytes = selector ‖ body, the selector being the first 4 bytes of VERIFIER_HASH():
 * - before v6 (v4.0.0-rc.3, v5.0.0): body = gnark's PLONK proof; public inputs [programVKey, digest];
 * - v6 (v6.0.0, v6.1.0): body = exitCode ‖ vkRoot ‖ nonce (32 bytes each) ‖ gnark's PLONK proof; exitCode must
 *   be 0 and vkRoot the release's VK_ROOT(); public inputs [programVKey, digest, exitCode, vkRoot, nonce];
 * with digest = sha256(publicValues) with its top three bits cleared (./sp1.ts `sp1PublicValuesDigest`).
 *
 * The key is not compiled in: the caller hands the parsed PlonkVerifier.sol key, which must have
 * the release's fingerprint (`gnarkPlonkKeyDigest`, pinned below from the released contracts).
 * VERIFIER_HASH() is sha256 of gnark's binary PLONK key (`plonk_vk.bin`), which Vigil does not
 * read yet, so the selector alone does not bind the key.
 *
 * DIFF FROM SP1VerifierPlonk.sol: as ./gnark-plonk.ts (no proof point at infinity); a proof of
 * the wrong length is InputError here, a revert ("wrong proof size") there.
 * @module
 */
import { abytes, bytesToBigInt, bytesToHex, equalBytes, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { type GnarkPlonkVerifyingKey, gnarkPlonkKeyDigest, parseGnarkPlonkProof, verifyGnarkPlonk } from './gnark-plonk.ts';
import { checkSp1ProofHeader, sp1PublicValuesDigest } from './sp1.ts';

/** A released SP1VerifierPlonk contract, as pinned from succinctlabs/sp1-contracts @ d3629729. */
export interface Sp1PlonkRelease {
  readonly version: string;
  /** VERIFIER_HASH(); its first 4 bytes prefix every proof. */
  readonly verifierHash: string;
  /** VK_ROOT() from v6 on; null before (no exit code, root or nonce in the proof). */
  readonly vkRoot: string | null;
  /** `gnarkPlonkKeyDigest` of the release's PlonkVerifier.sol key. */
  readonly keyDigest: string;
}

export const SP1_PLONK_RELEASES = {
  'v4.0.0-rc.3': {
    version: 'v4.0.0-rc.3',
    verifierHash: '0x1b34fe11a637737f0c75c88241669dcf9ca3c03713659265b8241f398a2d286d',
    vkRoot: null,
    keyDigest: '0x91e40b46665e620575c7e01077fbf702c3b9a753173ce10aa9a291b585d4f953',
  },
  'v5.0.0': {
    version: 'v5.0.0',
    verifierHash: '0xd4e8ecd2357dd882209800acd6abb443d231cf287d77ba62b732ce937c8b56e7',
    vkRoot: null,
    keyDigest: '0xd85852c4a3a2479f14fec180c567cf9627c0eadc7db008ee2c2aacd0948ac11a',
  },
  'v6.0.0': {
    version: 'v6.0.0',
    verifierHash: '0xbb1a6f2930e94bfe8b35e794faf43133214534a17d2ad8e51358cad437b3c317',
    vkRoot: '0x008cd56e10c2fe24795cff1e1d1f40d3a324528d315674da45d26afb376e8670',
    keyDigest: '0xff1a59b36e37237694faedb4ad1bf997835652e8e2cd68c363c7c42888f4ce44',
  },
  'v6.1.0': {
    version: 'v6.1.0',
    verifierHash: '0x5a093a2fcb46394f5cadfe55c44d4d572fad9cec7aeb38026b0278322ef07fac',
    vkRoot: '0x002f850ee998974d6cc00e50cd0814b098c05bfade466d28573240d057f25352',
    keyDigest: '0x8546b3a3008a7432e1692459a4d38a63b8c4e1a3ed27a5ccaf621bc3f66a285f',
  },
} as const satisfies Record<string, Sp1PlonkRelease>;

export type Sp1PlonkVersion = keyof typeof SP1_PLONK_RELEASES;

/** An SP1 PLONK verifier bound to one release and its checked key. */
export interface Sp1PlonkVerifier {
  readonly release: Sp1PlonkRelease;
  readonly key: GnarkPlonkVerifyingKey;
}

const SELECTOR_LENGTH = 4;
const WORD = 32;

/**
 * A verifier for `release` with the key read from its PlonkVerifier.sol; ZK_VKEY_INVALID when
 * the key is not the release's (fingerprint) or does not take the release's number of inputs.
 * @example sp1PlonkVerifier('v6.0.0', parseGnarkPlonkSolidityVerifyingKey(source))
 */
export function sp1PlonkVerifier(release: Sp1PlonkVersion | Sp1PlonkRelease, key: GnarkPlonkVerifyingKey): Sp1PlonkVerifier {
  const r: Sp1PlonkRelease | undefined = typeof release === 'string' ? SP1_PLONK_RELEASES[release] : release;
  if (r === undefined) throw new VerificationError('ZK_VKEY_INVALID', `unknown SP1 release ${JSON.stringify(release)}`);
  const digest = bytesToHex(gnarkPlonkKeyDigest(key));
  if (digest !== r.keyDigest) {
    throw new VerificationError('ZK_VKEY_INVALID', `the PLONK key is not SP1 ${r.version}'s`, { expected: r.keyDigest, got: digest });
  }
  const inputs = r.vkRoot === null ? 2 : 5;
  if (key.nPublic !== inputs) {
    throw new VerificationError('ZK_VKEY_INVALID', `SP1 ${r.version}'s key must take ${inputs} public inputs`, {
      expected: `${inputs}`,
      got: `${key.nPublic}`,
    });
  }
  return { release: r, key };
}

/** The public inputs a verification used, and the nonce (v6) for the caller to log. */
export interface Sp1PlonkChecked {
  readonly publicInputs: readonly bigint[];
}

/**
 * `SP1VerifierPlonk.verifyProof(programVKey, publicValues, proofBytes)`. Throws VerificationError
 * when it does not verify: SP1_VERIFIER_SELECTOR_MISMATCH, SP1_EXIT_CODE_NONZERO,
 * SP1_VK_ROOT_MISMATCH, ZK_FIELD_OUT_OF_RANGE (programVKey ≥ r, an evaluation ≥ r),
 * ZK_POINT_* (a proof point), ZK_PROOF_INVALID; InputError for byte strings of the wrong length.
 * @example verifySp1Plonk(sp1PlonkVerifier('v6.0.0', key), programVKey, publicValues, proofBytes)
 */
export function verifySp1Plonk(
  verifier: Sp1PlonkVerifier,
  programVKey: Uint8Array,
  publicValues: Uint8Array,
  proofBytes: Uint8Array,
): Sp1PlonkChecked {
  abytes(programVKey, 32, 'programVKey');
  abytes(publicValues, undefined, 'publicValues');
  abytes(proofBytes, undefined, 'proofBytes');
  const { release } = verifier;
  const expected = hexToBytes(release.verifierHash, 32, 'release.verifierHash').subarray(0, SELECTOR_LENGTH);
  if (proofBytes.length >= SELECTOR_LENGTH && !equalBytes(proofBytes.subarray(0, SELECTOR_LENGTH), expected)) {
    throw new VerificationError('SP1_VERIFIER_SELECTOR_MISMATCH', `the proof is not for SP1 ${release.version}'s verifier`, {
      expected: bytesToHex(expected),
      got: bytesToHex(proofBytes.subarray(0, SELECTOR_LENGTH)),
    });
  }
  const header = release.vkRoot === null ? 0 : 3;
  if (proofBytes.length < SELECTOR_LENGTH + header * WORD) {
    throw new InputError(`"proofBytes" expected at least ${SELECTOR_LENGTH + header * WORD} bytes, got ${proofBytes.length}`);
  }
  const at = (i: number) => bytesToBigInt(proofBytes.subarray(SELECTOR_LENGTH + i * WORD, SELECTOR_LENGTH + (i + 1) * WORD));
  const publicInputs = [bytesToBigInt(programVKey), sp1PublicValuesDigest(publicValues)];
  if (release.vkRoot !== null) {
    const [exitCode, vkRoot, nonce] = [at(0), at(1), at(2)];
    checkSp1ProofHeader(release, exitCode, vkRoot);
    publicInputs.push(exitCode, vkRoot, nonce);
  }
  const body = proofBytes.subarray(SELECTOR_LENGTH + header * WORD);
  verifyGnarkPlonk(verifier.key, parseGnarkPlonkProof(verifier.key, body), publicInputs);
  return { publicInputs };
}
