/**
 * `vigil zk-verify`, run in-process through the CLI's `main` (as bin/vigil.mjs runs it, without
 * needing a build): stdout, stderr and the exit code for each kind of input.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { groth16Fixture, OFF_CURVE_G1, plus, replaced } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-zk-cli-'));
let n = 0;
const file = (content: unknown): string => {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

const { vkey, proof, publicSignals } = groth16Fixture('sp1-arithmetic');
const vkeyFile = file(vkey);
const proofFile = file(proof);
const publicFile = file(publicSignals);

let stdout = '';
let stderr = '';
beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

const vigil = async (...args: string[]) => {
  const code = await main(['zk-verify', ...args]);
  return { code, stdout, stderr };
};
const args = (v = vkeyFile, p = proofFile, s = publicFile, system = 'groth16') =>
  ['--system', system, '--vkey', v, '--proof', p, '--public', s] as const;

describe('vigil zk-verify', () => {
  it('prints {"valid":true} and exits 0 for a proof that verifies', async () => {
    const r = await vigil(...args());
    expect(r).toEqual({ code: 0, stdout: '{"valid":true}\n', stderr: '' });
  });

  it('prints {"valid":false,"reason"} and exits 1 for a well-formed proof that does not verify', async () => {
    const cases: [string[], string][] = [
      [[...args(vkeyFile, proofFile, file(replaced(publicSignals, 0, plus(publicSignals[0]!, 1n))))], 'ZK_PROOF_INVALID'],
      [[...args(vkeyFile, file({ ...proof, pi_a: OFF_CURVE_G1 }))], 'ZK_POINT_NOT_ON_CURVE'],
      [[...args(vkeyFile, proofFile, file(publicSignals.slice(1)))], 'ZK_PUBLIC_INPUT_COUNT'],
      [[...args(vkeyFile, proofFile, file(replaced(publicSignals, 2, '9'.repeat(80))))], 'ZK_FIELD_OUT_OF_RANGE'],
      [[...args(vkeyFile, file({ ...proof, pi_b: [['0', '0'], ['1', '0'], ['0', '0']] }))], 'ZK_POINT_AT_INFINITY'],
    ];
    for (const [argv, reason] of cases) {
      stdout = '';
      stderr = '';
      const r = await vigil(...argv);
      expect(r.code, reason).toBe(1);
      expect(r.stdout).toBe(`${JSON.stringify({ valid: false, reason })}\n`);
      expect(r.stderr.startsWith(`${reason}: `)).toBe(true);
      expect(r.stderr.trimEnd().includes('\n')).toBe(false);
    }
  });

  it('exits 2 with one line on stderr for input that is not a proof', async () => {
    const { pi_c: _, ...noC } = proof;
    const cases: (readonly string[])[] = [
      args(vkeyFile, file('{"pi_a": ')),
      args(vkeyFile, file(noC)),
      args(file({ ...vkey, nPublic: 'five' })),
      args(vkeyFile, proofFile, file({ signals: publicSignals })),
      args(vkeyFile, proofFile, file(publicSignals.map(Number))),
      args(vkeyFile, proofFile, publicFile, 'marlin'),
      args(vkeyFile, proofFile, publicFile, 'plonk'),
      args(join(dir, 'missing.json')),
      ['--system', 'groth16', '--vkey', vkeyFile, '--proof', proofFile],
      [...args(), '--verbose'],
      [...args(), 'extra'],
    ];
    for (const argv of cases) {
      stderr = '';
      stdout = '';
      const r = await vigil(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    stderr = '';
    const r = await vigil(...args(vkeyFile, file('{"pi_a": ')));
    expect(r.stderr).toMatch(/^INVALID_INPUT: proof file .* is not JSON/);
  });

  it('is listed in the help', async () => {
    await main(['--help']);
    expect(stdout).toContain('vigil zk-verify --system groth16|plonk|fflonk');
  });
});

describe('vigil zk-verify: keys in Solidity form and gnark PLONK', () => {
  const fixtures = new URL('../../fixtures/', import.meta.url);
  const text = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');
  const solFile = (content: string) => {
    const path = join(dir, `f${n++}.sol`);
    writeFileSync(path, content);
    return path;
  };
  const linea = JSON.parse(text('linea/mainnet-24288348-24288678-getZkAggregatedProof.json'));
  const lineaKey = solFile(text('linea/PlonkVerifierMainnetFull.paris.sol'));
  const lineaProof = file(linea.aggregatedProof);
  const lineaPublic = file([linea.aggregatedProofPublicInput]);

  it("gnark-plonk: Linea's mainnet verifier and a real aggregation proof verify; a changed input does not", async () => {
    expect(await vigil(...args(lineaKey, lineaProof, lineaPublic, 'gnark-plonk'))).toEqual({ code: 0, stdout: '{"valid":true}\n', stderr: '' });
    stdout = '';
    const other = file([(BigInt(linea.aggregatedProofPublicInput) + 1n).toString()]);
    const r = await vigil(...args(lineaKey, lineaProof, other, 'gnark-plonk'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('{"valid":false,"reason":"ZK_PROOF_INVALID"}\n');
  });

  it('gnark-plonk: a proof that is not hex, a key that is not gnark\'s, inputs that are not strings exit 2', async () => {
    for (const argv of [
      args(lineaKey, file('not hex'), lineaPublic, 'gnark-plonk'),
      args(solFile('contract C {}'), lineaProof, lineaPublic, 'gnark-plonk'),
      args(lineaKey, lineaProof, file([1]), 'gnark-plonk'),
      args(lineaKey, file(`${linea.aggregatedProof}00`), lineaPublic, 'gnark-plonk'),
    ]) {
      stdout = '';
      stderr = '';
      const r = await vigil(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('groth16 with --vkey <file>.sol: the Solidity verifier snarkjs renders from the key verifies the same proof', async () => {
    const ejs = createRequire(import.meta.url)('ejs') as { render(template: string, data: unknown): string };
    const template = readFileSync(new URL('../../../node_modules/snarkjs/templates/verifier_groth16.sol.ejs', import.meta.url), 'utf8');
    const sol = solFile(ejs.render(template, vkey));
    expect(await vigil(...args(sol))).toEqual({ code: 0, stdout: '{"valid":true}\n', stderr: '' });
    stdout = '';
    expect((await vigil(...args(sol, proofFile, publicFile, 'plonk'))).code).toBe(2);
  });
});
