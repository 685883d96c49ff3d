/**
 * The gnark PLONK keys Vigil ships for rollups' L1 verifiers (Linea's PlonkVerifier contracts),
 * by id: what a rollup config names and a worker verifies with. Each key is compiled in
 * (./linea-keys.ts, written from the published contracts) and checked against its pinned
 * fingerprint (`gnarkPlonkKeyDigest`) the first time it is used.
 *
 * `keyInCode` says whether a verifier's runtime code, proven at an L1 head, is of a shipped key:
 * gnark's template writes every key value as a constant, which solc places in the code as a PUSH
 * immediate or, when cheaper, as a 32-byte word it CODECOPYs. Every constant of 16 bytes or more
 * (the commitments, the SRS, ω, n⁻¹, the coset shift) must appear byte for byte; small ones (n,
 * the input count, gate indices) are bound by n⁻¹ and the fingerprint. This tells a prover
 * upgrade (another key: nothing to check it with here) from a proof that fails its own key.
 * @module
 */
import { bigIntToBytes, bytesToHex } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { type GnarkPlonkVerifyingKey, gnarkPlonkKeyDigest, parseGnarkPlonkSolidityVerifyingKey } from './gnark-plonk.ts';
import { LINEA_PLONK_KEY_CONSTANTS } from './linea-keys.ts';
import { SolidityConstants } from './solidity-constants.ts';

export interface GnarkShippedKey {
  readonly id: string;
  /** Where the key was read from: repository, commit, path. */
  readonly source: string;
  /** `gnarkPlonkKeyDigest` of the key. */
  readonly keyDigest: string;
}

/** Consensys/linea-monorepo; full commits as in test/fixtures/linea/NOTICE.md. */
export const GNARK_SHIPPED_KEYS: Readonly<Record<string, GnarkShippedKey>> = {
  'linea-mainnet-full-paris': {
    id: 'linea-mainnet-full-paris',
    source: 'Consensys/linea-monorepo 3429bd25 contracts/src/verifiers/paris/PlonkVerifierMainnetFull.sol',
    keyDigest: '0x6739e79985fde9b7dec16c9138e097fdc16ff0a2c0e51fffb2f976bc0c9fc733',
  },
  'linea-sepolia-full-beta-v4.1': {
    id: 'linea-sepolia-full-beta-v4.1',
    source: 'Consensys/linea-monorepo 456c3a8b contracts/src/verifiers/beta-v4.1/PlonkVerifierSepolia.sol',
    keyDigest: '0xc3cbdb3be5b707acf2e0af1578bb6d6ae5a42cb9a895c4b90c1ef63de5d3e70d',
  },
  // The verifiers mainnet set since (docs.linea.build's security-council record): Osaka (Dec 2025),
  // EIP-7702 (Mar 2026), small fields with a chain configuration (Mar and Apr 2026). Which address
  // holds which is not confirmed offline: the proven code decides (keyInCode).
  'linea-mainnet-osaka-beta-v4.4': {
    id: 'linea-mainnet-osaka-beta-v4.4',
    source: 'Consensys/linea-monorepo a369f55d contracts/src/verifiers/osaka/PlonkVerifierMainnetFull.sol',
    keyDigest: '0xcb583db5078c774bc19fce08354a819a1d5a7a03c9e76917f9f6fc2cd7b80de6',
  },
  'linea-mainnet-7702-v6.1.8': {
    id: 'linea-mainnet-7702-v6.1.8',
    source: 'Consensys/linea-monorepo c972ff42 contracts/src/verifiers/7702/PlonkVerifierMainnetFull.sol',
    keyDigest: '0x91adef789af3faebec076dc1adb9c4ccb2a2fb266e0d1542fa0a4645bc6c1520',
  },
  'linea-full-small-fields-7.0.7': {
    id: 'linea-full-small-fields-7.0.7',
    source: 'Consensys/linea-monorepo 988bbce2 contracts/src/verifiers/PlonkVerifierFull.sol',
    keyDigest: '0x165cd3a9cb38ac26648e7c37384c862b2056a0099a2b147e26682bbfc74a6261',
  },
  'linea-full-small-fields-ba3e9119': {
    id: 'linea-full-small-fields-ba3e9119',
    source: 'Consensys/linea-monorepo ba3e9119 contracts/src/verifiers/PlonkVerifierFull.sol (unchanged at cb180134)',
    keyDigest: '0x959ca423b4c9ebfb37be3c45ef97df310663cf395dcf91072be18f0e38150bab',
  },
};

const CONSTANTS: Readonly<Record<string, string>> = LINEA_PLONK_KEY_CONSTANTS;
const keys = new Map<string, GnarkPlonkVerifyingKey>();

function shipped(id: string): GnarkShippedKey {
  if (typeof id !== 'string' || !Object.hasOwn(GNARK_SHIPPED_KEYS, id)) {
    throw new InputError(`"key" expected a gnark PLONK key Vigil ships (${Object.keys(GNARK_SHIPPED_KEYS).join(', ')}), got ${JSON.stringify(String(id).slice(0, 60))}`);
  }
  return GNARK_SHIPPED_KEYS[id]!;
}

/**
 * The shipped key `id`, parsed and checked against its fingerprint (once).
 * @throws InputError for an id Vigil does not ship; VerificationError ZK_VKEY_INVALID when the compiled-in constants are not the pinned key.
 */
export function gnarkShippedKey(id: string): GnarkPlonkVerifyingKey {
  const pin = shipped(id);
  let key = keys.get(id);
  if (key === undefined) {
    key = parseGnarkPlonkSolidityVerifyingKey(CONSTANTS[id]);
    const digest = bytesToHex(gnarkPlonkKeyDigest(key));
    if (digest !== pin.keyDigest) throw new VerificationError('ZK_VKEY_INVALID', `the compiled-in key ${id} is not the pinned one`, { expected: pin.keyDigest, got: digest });
    keys.set(id, key);
  }
  return key;
}

/** The smallest constant whose bytes must appear in the code: 16 bytes cannot turn up by chance. */
const MIN_MATCHED_BYTES = 16;

/**
 * Whether `code` (a verifier's runtime code) carries every large constant of the shipped key `id`.
 * @example keyInCode('linea-mainnet-full-paris', provenCode) // true for a deployment of that contract
 */
export function keyInCode(id: string, code: Uint8Array): boolean {
  shipped(id);
  const c = SolidityConstants.read(CONSTANTS[id]);
  const hex = bytesToHex(code).slice(2);
  for (const name of c.names()) {
    if (!/^(VK_|G1_SRS_|G2_SRS_)/.test(name)) continue;
    const bytes = bigIntToBytes(c.get(name));
    if (bytes.length < MIN_MATCHED_BYTES) continue;
    if (!byteAligned(hex, bytesToHex(bytes).slice(2))) return false;
  }
  return true;
}

function byteAligned(haystack: string, needle: string): boolean {
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) if (at % 2 === 0) return true;
  return false;
}
