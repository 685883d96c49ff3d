/**
 * `vigil kzg-spectest` in-process on the consensus-specs KZG vectors (test/fixtures/kzg-spec,
 * c-kzg-4844's copy of consensus-spec-tests): the layouts it takes (one case, a kzg-mainnet
 * directory, a handler's, a tree), the exit codes (a case whose output was altered fails with 1,
 * an unknown handler is 2 and never a pass, a directory with no case an InputError), and the
 * runner's verdicts on made-up cases (a refusal where a value is due, a value where a refusal is).
 * The whole tree runs in test/integration/cli-blob.test.ts.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findKzgCases, kzgSpectestCommand } from '../../../src/cli/commands/kzg-spectest.ts';
import { runKzgCase } from '../../../src/cli/spectest/kzg.ts';
import { InputError } from '../../../src/core/errors.ts';

/** The vectors (test/fixtures/kzg-spec, see its NOTICE); required, not skipped. */
const VECTORS = fileURLToPath(new URL('../../fixtures/kzg-spec', import.meta.url));
const BLOB_BATCH = join(VECTORS, 'verify_blob_kzg_proof_batch');

const run = async (dir: string) => {
  const lines: string[] = [];
  const code = await kzgSpectestCommand([dir], (l) => lines.push(l));
  return { code, lines };
};

it('finds the vectors: 56 cases of five handlers', () => {
  expect(existsSync(VECTORS), `${VECTORS} (the KZG spec vectors) is missing`).toBe(true);
  const { cases, outside } = findKzgCases(VECTORS);
  expect(cases).toHaveLength(56);
  expect(outside).toEqual([]);
  expect([...new Set(cases.map((c) => c.handler))]).toEqual([
    'compute_cells_and_kzg_proofs',
    'compute_verify_cell_kzg_proof_batch_challenge',
    'recover_cells_and_kzg_proofs',
    'verify_blob_kzg_proof_batch',
    'verify_cell_kzg_proof_batch',
  ]);
});

describe('layouts and exit codes', () => {
  it('a handler directory, its kzg-mainnet directory, one case: all pass, exit 0', async () => {
    const handler = await run(BLOB_BATCH);
    expect(handler.code).toBe(0);
    expect(handler.lines[0]).toBe('ok   verify_blob_kzg_proof_batch: 4 run, 4 passed');
    expect(handler.lines.at(-1)).toMatch(/^cases: 4 run, 4 passed, 0 failed, 0 not run/);
    expect((await run(join(BLOB_BATCH, 'kzg-mainnet'))).code).toBe(0);
    const one = await run(join(BLOB_BATCH, 'kzg-mainnet', 'verify_blob_kzg_proof_batch_case_2'));
    expect(one).toMatchObject({ code: 0 });
    expect(one.lines[0]).toBe('ok   verify_blob_kzg_proof_batch: 1 run, 1 passed');
  });

  it('a copy with one output altered fails that case, naming it, exit 1', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-kzg-spectest-'));
    cpSync(BLOB_BATCH, join(root, 'verify_blob_kzg_proof_batch'), { recursive: true });
    const file = join(root, 'verify_blob_kzg_proof_batch', 'kzg-mainnet', 'verify_blob_kzg_proof_batch_case_1', 'data.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^output: true$/m);
    chmodSync(file, 0o644);
    writeFileSync(file, text.replace(/^output: true$/m, 'output: false'));
    const { code, lines } = await run(root);
    expect(code).toBe(1);
    expect(lines[0]).toBe('FAIL verify_blob_kzg_proof_batch: 4 run, 3 passed');
    expect(lines[1]).toMatch(/FAIL verify_blob_kzg_proof_batch_case_1: output: expected false, got true/);
  });

  it('an unknown handler is an error (exit 2), its cases listed as not run; the known ones still run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-kzg-spectest-'));
    cpSync(BLOB_BATCH, join(root, 'verify_blob_kzg_proof_batch'), { recursive: true });
    const unknown = join(root, 'compute_kzg_proof', 'kzg-mainnet', 'compute_kzg_proof_case_0');
    mkdirSync(unknown, { recursive: true });
    writeFileSync(join(unknown, 'data.yaml'), "input:\n  blob: '0x00'\n  z: '0x00'\noutput: null\n");
    const { code, lines } = await run(root);
    expect(code).toBe(2);
    expect(lines).toContain('FAIL compute_kzg_proof: a handler kzg-spectest does not know; its 1 case(s) not run');
    expect(lines.at(-1)).toMatch(/^cases: 4 run, 4 passed, 0 failed, 1 not run/);
    // Only the unknown handler: still exit 2, never 0.
    expect((await run(join(root, 'compute_kzg_proof'))).code).toBe(2);
  });

  it('a directory with no case, or cases out of the layout, is unusable input', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vigil-kzg-spectest-'));
    await expect(run(empty)).rejects.toThrow(InputError);
    mkdirSync(join(empty, 'loose'));
    writeFileSync(join(empty, 'loose', 'data.yaml'), 'input: {}\noutput: true\n');
    await expect(run(join(empty, 'loose'))).rejects.toThrow(/layout/);
  });

  it('a data.yaml that is not the format is a case not run (exit 2)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-kzg-spectest-'));
    const dir = join(root, 'verify_blob_kzg_proof_batch', 'kzg-mainnet', 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'data.yaml'), 'output: true\n');
    const { code, lines } = await run(root);
    expect(code).toBe(2);
    expect(lines[1]).toMatch(/not run broken: .*expected "input" and "output"/);
  });
});

describe('runKzgCase verdicts', () => {
  const empty = { blobs: [], commitments: [], proofs: [] };
  it('a value where one is due passes; another value, or a refusal, fails', () => {
    expect(runKzgCase('verify_blob_kzg_proof_batch', { input: empty, output: true }, undefined)).toEqual({ ok: true, detail: '' });
    expect(runKzgCase('verify_blob_kzg_proof_batch', { input: empty, output: false }, undefined)).toMatchObject({ ok: false });
    // Lists of different lengths: refused (InputError) where `true` was due.
    const refused = runKzgCase('verify_blob_kzg_proof_batch', { input: { ...empty, proofs: ['0x' + 'c0'.padEnd(96, '0')] }, output: true }, undefined);
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/refused: INVALID_INPUT/);
  });

  it('output null: a refusal passes, a value fails; bad hex in the input is a refusal', () => {
    const uneven = { ...empty, proofs: ['0x' + 'c0'.padEnd(96, '0')] };
    expect(runKzgCase('verify_blob_kzg_proof_batch', { input: uneven, output: null }, undefined)).toEqual({ ok: true, detail: '' });
    expect(runKzgCase('verify_blob_kzg_proof_batch', { input: empty, output: null }, undefined)).toMatchObject({ ok: false, detail: 'expected a refusal (output null), got true' });
    expect(runKzgCase('verify_blob_kzg_proof_batch', { input: { ...empty, blobs: ['0xzz'] }, output: null }, undefined).ok).toBe(true);
    expect(runKzgCase('no_such_handler', { input: empty, output: null }, undefined).ok).toBe(false);
  });
});
