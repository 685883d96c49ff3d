/**
 * `vigil kzg-spectest` and `vigil blob-verify` as a user runs them (the built bin/vigil.mjs):
 * the consensus-specs KZG vectors (test/fixtures/kzg-spec, all 56 cases) pass with exit 0, a
 * copy with one output altered exits 1, an unknown handler 2; blob-verify on files made here
 * (network forms by @ethereumjs/tx, sidecars by the devnet's BlobStore, proofs by
 * micro-eth-signer) prints what it verified and exits 0, 1 for what does not verify, 2 for what
 * it cannot read.
 */
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../src/core/bytes.ts';
import { blobTransaction, computeVersionedHash, sidecarAnswers, testBlob } from '../support/blob-inputs.ts';
import { vigil } from './helpers.ts';

const VECTORS = fileURLToPath(new URL('../fixtures/kzg-spec', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-blob-cli-'));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

describe('vigil kzg-spectest', () => {
  it('runs the 56 consensus-specs KZG cases: every one passes, exit 0', async () => {
    const r = await vigil(['kzg-spectest', VECTORS], 300_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'ok   compute_cells_and_kzg_proofs: 4 run, 4 passed',
      'ok   compute_verify_cell_kzg_proof_batch_challenge: 10 run, 10 passed',
      'ok   recover_cells_and_kzg_proofs: 6 run, 6 passed',
      'ok   verify_blob_kzg_proof_batch: 4 run, 4 passed',
      'ok   verify_cell_kzg_proof_batch: 32 run, 32 passed',
    ]);
    expect(lines.at(-1)).toMatch(/^cases: 56 run, 56 passed, 0 failed, 0 not run \(KZG on (wasm|noble)/);
  });

  it('a copy with one output altered exits 1; an unknown handler exits 2', async () => {
    const root = join(dir, 'vectors');
    cpSync(join(VECTORS, 'verify_cell_kzg_proof_batch'), join(root, 'verify_cell_kzg_proof_batch'), { recursive: true });
    const data = join(root, 'verify_cell_kzg_proof_batch', 'kzg-mainnet', 'verify_cell_kzg_proof_batch_case_valid_0', 'data.yaml');
    chmodSync(data, 0o644);
    writeFileSync(data, readFileSync(data, 'utf8').replace(/^output: true$/m, 'output: false'));
    const altered = await vigil(['kzg-spectest', root], 120_000);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(/FAIL verify_cell_kzg_proof_batch: 32 run, 31 passed\n\s+FAIL verify_cell_kzg_proof_batch_case_valid_0/);

    const unknown = join(dir, 'unknown', 'verify_kzg_proof_batch', 'kzg-mainnet', 'case_0');
    mkdirSync(unknown, { recursive: true });
    writeFileSync(join(unknown, 'data.yaml'), 'input: {}\noutput: true\n');
    const u = await vigil(['kzg-spectest', join(dir, 'unknown')]);
    expect(u.code).toBe(2);
    expect(u.stdout).toMatch(/FAIL verify_kzg_proof_batch: a handler kzg-spectest does not know/);
  });
});

describe('vigil blob-verify', () => {
  let one: ReturnType<typeof testBlob>;
  beforeAll(() => {
    one = testBlob('cli blob ', true);
  });

  it('--tx: EIP-4844 and EIP-7594 network forms verify (exit 0), printing what was checked', async () => {
    for (const form of ['eip4844', 'eip7594'] as const) {
      const { raw, hash, from } = blobTransaction([one], form);
      // Hex without 0x, wrapped over lines: whitespace is ignored.
      const hex = bytesToHex(raw).slice(2).replace(/(.{4096})/g, '$1\n');
      const r = await vigil(['blob-verify', '--tx', file(`tx-${form}.hex`, hex)], 120_000);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        verified: 'transaction',
        form,
        txHash: bytesToHex(hash),
        from,
        blobs: 1,
        versionedHashes: [computeVersionedHash(bytesToHex(one.commitment) as `0x${string}`, 1)],
        proofs: form === 'eip4844' ? 'blob' : 'cell',
        proofsChecked: form === 'eip4844' ? 1 : 128,
      });
    }
  });

  it('--tx: a flipped proof byte exits 1, truncated RLP or bad hex exits 2', async () => {
    const hex = bytesToHex(blobTransaction([one], 'eip4844').raw);
    // The proof is the last 48 bytes: flip a bit in its middle.
    const at = hex.length - 48;
    const flipped = hex.slice(0, at) + (parseInt(hex[at]!, 16) ^ 1).toString(16) + hex.slice(at + 1);
    const bad = await vigil(['blob-verify', '--tx', file('flipped.hex', flipped)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^(BLOB_PROOF_INVALID|KZG_INVALID_INPUT): /);
    expect((await vigil(['blob-verify', '--tx', file('truncated.hex', hex.slice(0, -2))])).code).toBe(2);
    expect((await vigil(['blob-verify', '--tx', file('nothex.hex', hex + 'zz')])).code).toBe(2);
    expect((await vigil(['blob-verify', '--tx', join(dir, 'absent.hex')])).code).toBe(2);
  });

  it('--sidecars with --header: Electra blob sidecars and Fulu columns verify (exit 0); another header exits 1; not JSON exits 2', async () => {
    const electra = await sidecarAnswers('electra', [one]);
    const r = await vigil(['blob-verify', '--sidecars', file('blobs.json', JSON.stringify(electra.sidecars)), '--header', file('header.json', JSON.stringify(electra.header))], 120_000);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      verified: 'blob_sidecars',
      block: { slot: '12', root: bytesToHex(electra.root), bodyRoot: bytesToHex(electra.bodyRoot) },
      sidecars: 1,
      inclusionProofs: 1,
      proofsChecked: 1,
      header: 'matched',
      canonical: true,
      signature: 'not checked',
    });

    const fulu = await sidecarAnswers('fulu', [one], { columns: [3, 64] });
    const c = await vigil(['blob-verify', '--sidecars', file('columns.json', JSON.stringify(fulu.sidecars))], 120_000);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ verified: 'data_column_sidecars', indices: [3, 64], proofsChecked: 2, header: 'not given' });

    const other = await sidecarAnswers('electra', [one], { graffiti: 5 });
    const mismatch = await vigil(['blob-verify', '--sidecars', join(dir, 'blobs.json'), '--header', file('other.json', JSON.stringify(other.header))]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/^SIDECAR_HEADER_MISMATCH: /);
    expect((await vigil(['blob-verify', '--sidecars', file('broken.json', '{"data": [')])).code).toBe(2);
    expect((await vigil(['blob-verify', '--tx', join(dir, 'tx-eip4844.hex'), '--sidecars', join(dir, 'blobs.json')])).code).toBe(2);
  });
});
