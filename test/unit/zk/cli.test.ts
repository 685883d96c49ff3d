/**
 * `vigil zk-verify`, run in-process through the CLI's `main` (as bin/vigil.mjs runs it, without
 * needing a build): stdout, stderr and the exit code for each kind of input.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
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
