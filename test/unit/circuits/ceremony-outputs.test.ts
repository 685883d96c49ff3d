/**
 * The committed development-ceremony outputs (circuits/build, scripts/rollup-ceremony.mjs): each
 * file matches circuits/build/SHA256SUMS, the record's circuit sources are the sources as they
 * are (a changed circuit needs a new ceremony), the verification key has the SPEC's five public
 * inputs, and the exported Solidity verifier holds that key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILD, CIRCUITS, circuitSources, recordedHashes, ROOT, sha256 } from './circuit.ts';

const COMMITTED = ['build/rollup.wasm', 'build/rollup_final.zkey', 'build/verification_key.json'];

describe('circuits/build', () => {
  const recorded = recordedHashes();

  it('SHA256SUMS covers the committed outputs, the r1cs and the circuit sources', () => {
    expect([...recorded.keys()].sort()).toEqual([...COMMITTED, 'build/rollup.r1cs', ...circuitSources()].sort());
  });

  it.each(COMMITTED)('%s matches SHA256SUMS', (file) => {
    expect(existsSync(join(CIRCUITS, file)), file).toBe(true);
    expect(sha256(join(CIRCUITS, file))).toBe(recorded.get(file));
  });

  it('the circuit sources are those the ceremony compiled', () => {
    for (const f of circuitSources()) expect(sha256(join(CIRCUITS, f)), f).toBe(recorded.get(f));
  });

  it('the r1cs, when present (it is not committed), matches SHA256SUMS', () => {
    const r1cs = join(BUILD, 'rollup.r1cs');
    if (existsSync(r1cs)) expect(sha256(r1cs)).toBe(recorded.get('build/rollup.r1cs'));
  });

  it('verification_key.json is a Groth16 BN254 key with 53 public inputs', () => {
    const vkey = JSON.parse(readFileSync(join(BUILD, 'verification_key.json'), 'utf8'));
    expect(vkey.protocol).toBe('groth16');
    expect(vkey.curve).toBe('bn128');
    expect(vkey.nPublic).toBe(53);
    expect(vkey.IC).toHaveLength(54);
  });

  it('Groth16Verifier.sol holds verification_key.json', () => {
    const sol = readFileSync(join(ROOT, 'src', 'devnet', 'rollup', 'contracts', 'Groth16Verifier.sol'), 'utf8');
    const vkey = JSON.parse(readFileSync(join(BUILD, 'verification_key.json'), 'utf8'));
    const constant = (name: string) => new RegExp(`uint256 constant ${name}\\s*=\\s*(\\d+);`).exec(sol)?.[1];
    // snarkjs's template writes G2 coordinates as (c1, c0): x1 = x[1], x2 = x[0].
    expect(constant('alphax')).toBe(vkey.vk_alpha_1[0]);
    expect(constant('alphay')).toBe(vkey.vk_alpha_1[1]);
    for (const [name, point] of [['beta', vkey.vk_beta_2], ['gamma', vkey.vk_gamma_2], ['delta', vkey.vk_delta_2]]) {
      expect(constant(`${name}x1`)).toBe(point[0][1]);
      expect(constant(`${name}x2`)).toBe(point[0][0]);
      expect(constant(`${name}y1`)).toBe(point[1][1]);
      expect(constant(`${name}y2`)).toBe(point[1][0]);
    }
    vkey.IC.forEach((p: string[], i: number) => {
      expect(constant(`IC${i}x`)).toBe(p[0]);
      expect(constant(`IC${i}y`)).toBe(p[1]);
    });
    expect(sol).toMatch(/uint\[53\] calldata _pubSignals/);
  });
});
