/**
 * The SP1 releases Vigil ships keys for (src/zk/sp1-shipped.ts, sp1-keys.ts): each pin
 * against the released contract's VERIFIER_HASH() and VK_ROOT() (test/fixtures/sp1, NOTICE.md),
 * each shipped key against the released key files, and real proofs through the one front door
 * verifyZkProof('sp1', …) that rollup configs and the worker use.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import { gnarkPlonkKeyDigest, parseGnarkPlonkSolidityVerifyingKey } from '../../../src/zk/gnark-plonk.ts';
import { verifyZkProof } from '../../../src/zk/index.ts';
import { SP1_GROTH16_KEY_BYTES, SP1_PLONK_KEY_CONSTANTS } from '../../../src/zk/sp1-keys.ts';
import { SP1_SHIPPED_RELEASES, sp1ReleaseBySelector, verifySp1Shipped } from '../../../src/zk/sp1-shipped.ts';
// @ts-expect-error: a plain .mjs script, no types
import { render } from '../../../scripts/sp1-keys.mjs';

const FIXTURES = new URL('../../fixtures/sp1/', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

/** A `function NAME() … returns (bytes32) { return 0x…; }` of a released SP1Verifier*.sol. */
function constantOf(source: string, name: string): string | null {
  const m = new RegExp(`function ${name}\\(\\)[^{]*\\{\\s*return (0x[0-9a-fA-F]{64});`).exec(source);
  return m === null ? null : m[1]!.toLowerCase();
}

const contractOf = (system: 'groth16' | 'plonk', version: string) => text(`${version}/SP1Verifier${system === 'groth16' ? 'Groth16' : 'Plonk'}.sol`);

interface Proof {
  release: string;
  file: string;
}
const PROOFS: Proof[] = [
  { release: 'groth16-v6.0.0', file: 'v6.0.0/fibonacci-groth16-fixture.json' },
  { release: 'groth16-v4.0.0-rc.3', file: 'v4.0.0-rc.3/fibonacci-groth16-fixture.json' },
  { release: 'plonk-v6.0.0', file: 'v6.0.0/fibonacci-plonk-fixture.json' },
  { release: 'plonk-v4.0.0-rc.3', file: 'v4.0.0-rc.3/fibonacci-plonk-fixture-sp1-4.0.0.json' },
];
const read = (p: Proof) => {
  const json = JSON.parse(text(p.file)) as { vkey: string; publicValues: string; proof: string };
  return { vkey: { release: p.release, programVKey: json.vkey }, publicValues: json.publicValues, proof: json.proof };
};
const verdict = (release: string, vkey: string, publicValues: string, proof: string) => {
  const v = verifyZkProof('sp1', { release, programVKey: vkey }, proof, [publicValues]);
  return v.valid ? 'ok' : v.reason;
};

describe('shipped SP1 releases', () => {
  it('ships Groth16 v3.0.0 to v6.1.0 and PLONK v4.0.0-rc.3 to v6.1.0, v3.0.0 alone untrusted (it predates the Plonky3 fix)', () => {
    expect(Object.keys(SP1_SHIPPED_RELEASES).sort()).toEqual([
      'groth16-v3.0.0',
      'groth16-v4.0.0-rc.3',
      'groth16-v5.0.0',
      'groth16-v6.0.0',
      'groth16-v6.1.0',
      'plonk-v4.0.0-rc.3',
      'plonk-v5.0.0',
      'plonk-v6.0.0',
      'plonk-v6.1.0',
    ]);
    expect(Object.values(SP1_SHIPPED_RELEASES).filter((r) => !r.trusted).map((r) => r.id)).toEqual(['groth16-v3.0.0']);
  });

  it.each(Object.values(SP1_SHIPPED_RELEASES))('$id: the pinned hash, root and selector are the released contract\'s', (r) => {
    const source = contractOf(r.system, r.version);
    expect(constantOf(source, 'VERIFIER_HASH')).toBe(r.verifierHash);
    expect(constantOf(source, 'VK_ROOT')).toBe(r.vkRoot);
    expect(new RegExp(`return "${r.version.replace(/\./g, '\\.')}";`).test(source)).toBe(true);
    expect(r.selector).toBe(r.verifierHash.slice(0, 10));
    expect(sp1ReleaseBySelector(r.selector.toUpperCase().replace('0X', '0x'))).toBe(r);
  });

  it('each shipped Groth16 key is the released groth16_vk.bin, whose sha256 is VERIFIER_HASH()', () => {
    for (const r of Object.values(SP1_SHIPPED_RELEASES).filter((x) => x.system === 'groth16')) {
      const bin = new Uint8Array(readFileSync(new URL(`${r.version}/groth16_vk.bin`, FIXTURES)));
      expect(SP1_GROTH16_KEY_BYTES[r.version]).toBe(bytesToHex(bin));
      expect(bytesToHex(sha256(bin))).toBe(r.verifierHash);
    }
  });

  it("each shipped PLONK key is the released PlonkVerifier.sol's, value for value", () => {
    for (const r of Object.values(SP1_SHIPPED_RELEASES).filter((x) => x.system === 'plonk')) {
      const full = parseGnarkPlonkSolidityVerifyingKey(text(`${r.version}/PlonkVerifier.sol`));
      const shipped = parseGnarkPlonkSolidityVerifyingKey(SP1_PLONK_KEY_CONSTANTS[r.version]);
      expect(bytesToHex(gnarkPlonkKeyDigest(shipped))).toBe(bytesToHex(gnarkPlonkKeyDigest(full)));
      expect(shipped.nPublic).toBe(r.vkRoot === null ? 2 : 5);
    }
  });

  it('src/zk/sp1-keys.ts is what scripts/sp1-keys.mjs writes from the fixtures', () => {
    expect(readFileSync(new URL('../../../src/zk/sp1-keys.ts', import.meta.url), 'utf8')).toBe(render());
  });
});

describe.each(PROOFS)('verifyZkProof("sp1") on the real $release proof ($file)', (p) => {
  const f = read(p);

  it('verifies, and not under another release of the same system', () => {
    expect(verdict(p.release, f.vkey.programVKey, f.publicValues, f.proof)).toBe('ok');
    const system = p.release.split('-')[0];
    for (const other of Object.values(SP1_SHIPPED_RELEASES).filter((r) => r.system === system && r.id !== p.release)) {
      expect(verdict(other.id, f.vkey.programVKey, f.publicValues, f.proof)).toBe('SP1_VERIFIER_SELECTOR_MISMATCH');
    }
  });

  it('refuses a one-byte change of the program key, the public values or the proof (fast-check)', () => {
    const parts = { vkey: hexToBytes(f.vkey.programVKey), publicValues: hexToBytes(f.publicValues), proof: hexToBytes(f.proof) };
    fc.assert(
      fc.property(fc.constantFrom('vkey', 'publicValues', 'proof'), fc.nat(), fc.integer({ min: 1, max: 255 }), (which, at, mask) => {
        const changed = { ...parts, [which]: parts[which as keyof typeof parts].slice() };
        const bytes = changed[which as keyof typeof parts];
        bytes[at % bytes.length]! ^= mask;
        let result: string;
        try {
          result = verdict(p.release, bytesToHex(changed.vkey), bytesToHex(changed.publicValues), bytesToHex(changed.proof));
        } catch (e) {
          // A change can make the bytes unreadable (a wrong length is impossible here; a key ≥ r is a verdict).
          if (e instanceof InputError) return;
          throw e;
        }
        expect(result).not.toBe('ok');
      }),
      { numRuns: 24, seed: 24 },
    );
  });
});

describe('verifyZkProof("sp1"): input that is not an SP1 proof of a shipped release', () => {
  const f = read(PROOFS[2]!);
  it('an unknown release, a key of the wrong length, public values not as [hex]: InputError', () => {
    expect(() => verifyZkProof('sp1', { release: 'plonk-v9.9.9', programVKey: f.vkey.programVKey }, f.proof, [f.publicValues])).toThrow(InputError);
    expect(() => verifyZkProof('sp1', { release: 'plonk-v6.0.0', programVKey: '0x1234' }, f.proof, [f.publicValues])).toThrow(InputError);
    expect(() => verifyZkProof('sp1', { release: 'plonk-v6.0.0', programVKey: f.vkey.programVKey }, f.proof, f.publicValues)).toThrow(InputError);
    expect(() => verifyZkProof('sp1', { release: 'plonk-v6.0.0', programVKey: f.vkey.programVKey }, f.proof, [f.publicValues, f.publicValues])).toThrow(InputError);
    expect(() => verifySp1Shipped('groth16-v7', new Uint8Array(32), new Uint8Array(), new Uint8Array(4))).toThrow(InputError);
  });

  it("v3.0.0's key loads (its bytes hash to the pin) and judges a proof carrying its selector", () => {
    const v3 = SP1_SHIPPED_RELEASES['groth16-v3.0.0']!;
    const proof = v3.selector + '00'.repeat(256);
    // All-zero proof points: the point at infinity, refused as a proof point, not as a key.
    expect(verdict(v3.id, '0x' + '00'.repeat(32), '0x', proof)).toBe('ZK_POINT_AT_INFINITY');
  });
});
