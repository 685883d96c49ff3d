/**
 * snarkjs keys in Solidity form (src/zk/solidity-vkey.ts): the verifier contracts snarkjs 0.7
 * exports (`zKey.exportSolidityVerifier`, run offline here) read back into the JSON key, which
 * must be the key snarkjs exported as JSON and verify the same proofs. Keys: the circuits proven
 * in the test (./circom.ts, all three systems), the Groth16 fixtures (test/fixtures/groth16, the
 * Solidity rendered from their JSON by snarkjs's own template, as exportSolidityVerifier does)
 * and the devnet rollup's ceremony output (circuits/build).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as snarkjs from 'snarkjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { parseFflonkVerificationKey } from '../../../src/zk/fflonk.ts';
import { parseGroth16VerificationKey } from '../../../src/zk/groth16.ts';
import { verifyZkProof, type ZkSystem } from '../../../src/zk/index.ts';
import { parsePlonkVerificationKey } from '../../../src/zk/plonk.ts';
import { parseSnarkjsSolidityVerifyingKey, snarkjsVkeyFromSolidity } from '../../../src/zk/solidity-vkey.ts';
import { type Artifacts, compileCircuit, MAIN, proveAll, singleThreadedSnarkjs, solidityTemplates } from './circom.ts';
import { groth16Fixture } from './helpers.ts';

const ejs = createRequire(import.meta.url)('ejs') as { render(template: string, data: unknown): string };
const PARSE = { groth16: parseGroth16VerificationKey, plonk: parsePlonkVerificationKey, fflonk: parseFflonkVerificationKey };
const SYSTEMS: ZkSystem[] = ['groth16', 'plonk', 'fflonk'];

let main: Record<ZkSystem, { vkey: any; proofs: Artifacts[]; solidity: string }>;
beforeAll(async () => {
  main = await proveAll(compileCircuit('solidity-vkey', MAIN), [{ a: 3, b: 4, c: 5, d: 1 }]);
}, 300_000);

describe.each(SYSTEMS)('%s: the exported Solidity verifier', (system) => {
  it('reads back into the JSON key (the same checked key) and verifies the same proof', () => {
    const { vkey, proofs, solidity } = main[system];
    const read = snarkjsVkeyFromSolidity(solidity);
    expect(read.system).toBe(system);
    expect(PARSE[system](read.vkey)).toEqual(PARSE[system](vkey));
    expect(parseSnarkjsSolidityVerifyingKey(solidity)).toEqual({ system, key: PARSE[system](vkey) });
    const { proof, publicSignals } = proofs[0]!;
    expect(verifyZkProof(system, read.vkey, proof, publicSignals)).toEqual({ valid: true });
    const changed = publicSignals.map((s, i) => (i === 0 ? (BigInt(s) + 1n).toString() : s));
    expect(verifyZkProof(system, read.vkey, proof, changed)).toMatchObject({ valid: false, reason: 'ZK_PROOF_INVALID' });
  });

  it('a missing key constant is InputError naming it; an edited one is a different or refused key', () => {
    const { vkey, solidity } = main[system];
    const names = [...solidity.matchAll(/uint256 constant (\w+)\s*=\s*\d+;/g)].map((m) => m[1]!).filter((n) => !['q', 'qf', 'r', 'G1x', 'G1y', 'G2x1', 'G2x2', 'G2y1', 'G2y2'].includes(n) && !/^(w3_2|w4_2|w4_3|w8_[2-7])$/.test(n));
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) {
      const without = solidity.replace(new RegExp(`uint256 constant ${name}\\s*=[^;]*;`), '');
      let error: unknown;
      try {
        snarkjsVkeyFromSolidity(without);
      } catch (e) {
        error = e;
      }
      // Groth16's last IC point gone is a key with one input fewer (read, then refused by the count of signals).
      if (system === 'groth16' && /^IC\d+[xy]$/.test(name)) continue;
      expect(error, name).toBeInstanceOf(InputError);
      expect(String(error), name).toContain(name);
    }
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.bigInt({ min: 1n, max: 1000n }), (name, delta) => {
        const edited = solidity.replace(new RegExp(`(uint256 constant ${name}\\s*=\\s*)(\\d+)`), (_, head, n) => `${head}${BigInt(n) + delta}`);
        let parsed;
        try {
          parsed = parseSnarkjsSolidityVerifyingKey(edited);
        } catch (e) {
          expect(e instanceof InputError || e instanceof VerificationError, String(e)).toBe(true);
          return;
        }
        expect(parsed.key).not.toEqual(PARSE[system](vkey));
      }),
      { numRuns: 40 },
    );
  });
});

describe('Groth16 keys kept as JSON fixtures, and the devnet ceremony output', () => {
  it.each(['sp1-arithmetic', 'gnark-cubic'] as const)('%s: the Solidity snarkjs renders from it reads back to the same key, verifying its proof', (dir) => {
    const { vkey, proof, publicSignals } = groth16Fixture(dir);
    const solidity = ejs.render(solidityTemplates().groth16, vkey);
    const read = snarkjsVkeyFromSolidity(solidity);
    expect(parseGroth16VerificationKey(read.vkey)).toEqual(parseGroth16VerificationKey(vkey));
    expect(verifyZkProof('groth16', read.vkey, proof, publicSignals)).toEqual({ valid: true });
  });

  it('circuits/build/rollup_final.zkey exported to Solidity reads back to circuits/build/verification_key.json', async () => {
    await singleThreadedSnarkjs();
    const zkey = new URL('../../../circuits/build/rollup_final.zkey', import.meta.url).pathname;
    const solidity = await snarkjs.zKey.exportSolidityVerifier(zkey, solidityTemplates());
    const json = JSON.parse(readFileSync(new URL('../../../circuits/build/verification_key.json', import.meta.url), 'utf8'));
    const read = snarkjsVkeyFromSolidity(solidity);
    expect(read.system).toBe('groth16');
    expect(read.vkey.nPublic).toBe(53);
    expect(parseGroth16VerificationKey(read.vkey)).toEqual(parseGroth16VerificationKey(json));
  });
});

describe('malformed sources', () => {
  it('not a snarkjs verifier, two systems at once, expressions and duplicates are InputError', () => {
    const groth16 = main.groth16.solidity;
    const input = (src: unknown) => expect(() => snarkjsVkeyFromSolidity(src)).toThrow(InputError);
    input(42);
    input('contract Empty {}');
    input(`${groth16}\nuint256 constant Qmx = 1;`);
    input(`${groth16}\nuint256 constant alphax = 1;`);
    input(groth16.replace(/(uint256 constant alphay\s*=)[^;]*;/, '$1 q - 1;'));
    input(groth16.replace(/(uint256 constant IC1x)/, 'uint256 constant IC7x = 1;\n$1'));
    input(main.fflonk.solidity.replace(/(pBeta\),\s*mod\(keccak256\(add\(pMem, lastMem\), )\d+/, '$1100'));
    expect(() => snarkjsVkeyFromSolidity(groth16.replace('uint256 constant alphax', '// uint256 constant alphax'))).toThrow(/alphax|none of the constants/);
  });

  it('values that are not a key are VerificationError: n not a power of two, a point off the curve', () => {
    const code = (src: string) => {
      try {
        parseSnarkjsSolidityVerifyingKey(src);
        return 'ok';
      } catch (e) {
        return e instanceof VerificationError ? e.code : 'INPUT';
      }
    };
    expect(code(main.plonk.solidity.replace(/(uint32 constant n\s*=\s*)(\d+)/, '$13'))).toBe('ZK_VKEY_INVALID');
    expect(code(main.fflonk.solidity.replace(/(uint256 constant w1\s*=\s*)(\d+)/, '$15'))).toBe('ZK_VKEY_INVALID');
    expect(code(main.groth16.solidity.replace(/(uint256 constant alphay\s*=\s*)(\d+)/, '$11'))).toBe('ZK_POINT_NOT_ON_CURVE');
  });

  it('arbitrary one-character edits give a key or a typed error, never anything else', () => {
    const sources = SYSTEMS.map((s) => main[s].solidity);
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.nat(), fc.constantFrom('0', '9', ' ', ';', '/', 'x', '('), (which, at, ch) => {
        const src = sources[which]!;
        const i = at % src.length;
        try {
          parseSnarkjsSolidityVerifyingKey(src.slice(0, i) + ch + src.slice(i + 1));
        } catch (e) {
          expect(e instanceof InputError || e instanceof VerificationError, String(e)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
