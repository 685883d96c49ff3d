/**
 * The built CLI, run as a user runs it (`npm run build` first; `npm test` does it in pretest).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { encodeRlp } from '../../../src/core/rlp.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../../src/proofs/constants.ts';
import { fixture, referenceTrie } from '../proofs/helpers.ts';

const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
let n = 0;
const file = (content: unknown) => {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const vigil = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const block = fixture('mainnet-proofs/block.json');
const proof = fixture('mainnet-proofs/proof.json');
const proofFile = file(proof);
const root = block.stateRoot as string;

describe('vigil verify-proof', () => {
  it('prints what the proof proves and exits 0', () => {
    const r = vigil('verify-proof', '--state-root', root, proofFile);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      address: '0x00000000219ab540356cbb839cbe05303d7705fa',
      exists: true,
      balance: proof.balance,
      nonce: '0x1',
      codeHash: proof.codeHash,
      storageHash: proof.storageHash,
      storage: [{ key: proof.storageProof[0].key, value: proof.storageProof[0].value }],
    });
  });

  it('accepts a JSON-RPC response around the result', () => {
    const r = vigil('verify-proof', '--state-root', root, file({ jsonrpc: '2.0', id: 7, result: proof }));
    expect(r.code).toBe(0);
  });

  it('prints minimal quantities and lowercase addresses whatever the server sent', () => {
    const loud = structuredClone(proof);
    loud.address = loud.address.toUpperCase().replace('0X', '0x');
    loud.nonce = '0x0001';
    const r = vigil('verify-proof', '--state-root', root, file(loud));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ address: proof.address, nonce: '0x1' });
  });

  it.each([
    ['balance', (p: any) => (p.balance = '0x1')],
    ['nonce', (p: any) => (p.nonce = '0x5')],
    ['codeHash', (p: any) => (p.codeHash = bytesToHex(EMPTY_CODE_HASH))],
    ['storageHash', (p: any) => (p.storageHash = bytesToHex(EMPTY_TRIE_ROOT))],
    ['storageProof[0].value', (p: any) => (p.storageProof[0].value = '0x2a')],
  ])('exits 1 naming the field when %s differs from the proof', (name, lie) => {
    const copy = structuredClone(proof);
    lie(copy);
    const r = vigil('verify-proof', '--state-root', root, file(copy));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('PROOF_VALUE_MISMATCH');
    expect(r.stderr).toContain(name);
  });

  it('exits 1 on a wrong state root, a tampered node, or non-canonical RLP inside a node', () => {
    expect(vigil('verify-proof', '--state-root', '0x' + '11'.repeat(32), proofFile).code).toBe(1);
    const tampered = structuredClone(proof);
    tampered.accountProof[3] = tampered.accountProof[3].slice(0, 100) + 'ff' + tampered.accountProof[3].slice(102);
    const r = vigil('verify-proof', '--state-root', root, file(tampered));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^PROOF_NODE_HASH_MISMATCH/);
  });

  it('exits 1 on non-canonical RLP even when the node hashes correctly', async () => {
    // A one-node trie whose only node uses the long form for a short list: its hash matches the
    // root we pass, so only strict decoding can catch it.
    const state = await referenceTrie(true);
    const address = new Uint8Array(20).fill(0xab);
    await state.put(address, encodeRlp([1n, 2n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]));
    const [node] = await state.createProof(address);
    const hex = bytesToHex(node!);
    const longForm = '0xf9' + (node!.length - 2).toString(16).padStart(4, '0') + hex.slice(6); // f8 LL → f9 00LL
    const { keccak256 } = await import('../../../src/crypto/keccak.ts');
    const { hexToBytes } = await import('../../../src/core/bytes.ts');
    const r = vigil(
      'verify-proof',
      '--state-root',
      bytesToHex(keccak256(hexToBytes(longForm))),
      file({
        address: bytesToHex(address),
        balance: '0x2',
        nonce: '0x1',
        codeHash: bytesToHex(EMPTY_CODE_HASH),
        storageHash: bytesToHex(EMPTY_TRIE_ROOT),
        accountProof: [longForm],
        storageProof: [],
      }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^RLP_NON_CANONICAL/);
  });

  it('proves an absent account', async () => {
    const state = await referenceTrie(true);
    await state.put(new Uint8Array(20).fill(1), encodeRlp([1n, 2n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]));
    await state.put(new Uint8Array(20).fill(2), encodeRlp([3n, 4n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]));
    const absent = new Uint8Array(20).fill(3);
    const accountProof = (await state.createProof(absent)).map(bytesToHex);
    const r = vigil(
      'verify-proof',
      '--state-root',
      bytesToHex(state.root()),
      file({
        address: bytesToHex(absent),
        balance: '0x0',
        nonce: '0x0',
        codeHash: '0x' + '00'.repeat(32),
        storageHash: '0x' + '00'.repeat(32),
        accountProof,
        storageProof: [{ key: '0x1', value: '0x0', proof: [] }],
      }),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      address: bytesToHex(absent),
      exists: false,
      balance: '0x0',
      nonce: '0x0',
      codeHash: bytesToHex(EMPTY_CODE_HASH),
      storageHash: bytesToHex(EMPTY_TRIE_ROOT),
      storage: [{ key: '0x1', value: '0x0' }],
    });
  });

  it.each([
    ['not JSON', () => ['--state-root', root, file('{"address":')]],
    ['missing fields', () => ['--state-root', root, file({ address: proof.address })]],
    ['bad hex in a node', () => ['--state-root', root, file({ ...proof, accountProof: ['0xzz'] })]],
    ['odd-length hex', () => ['--state-root', root, file({ ...proof, codeHash: '0x123' })]],
    ['a JSON-RPC error', () => ['--state-root', root, file({ jsonrpc: '2.0', id: 1, error: { code: -32000, message: 'boom' } })]],
    ['a bad state root', () => ['--state-root', '0x1234', proofFile]],
    ['no state root', () => [proofFile]],
    ['no file', () => ['--state-root', root]],
    ['a missing file', () => ['--state-root', root, join(dir, 'nope.json')]],
    ['an unknown flag', () => ['--state-root', root, '--bogus', proofFile]],
  ])('exits 2 on %s', (_name, args) => {
    const r = vigil('verify-proof', ...args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('vigil verify-receipts', () => {
  const blockFile = file(block);
  const receipts = fixture('mainnet-proofs/receipts.json');
  const receiptsFile = file(receipts);

  it('prints the rebuilt root and count and exits 0', () => {
    const r = vigil('verify-receipts', '--block', blockFile, '--receipts', file({ jsonrpc: '2.0', id: 1, result: receipts }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ receiptsRoot: block.receiptsRoot, count: 202 });
  });

  it('exits 1 when the receipts do not rebuild the root', () => {
    const copy = structuredClone(receipts);
    copy[100].cumulativeGasUsed = '0x1';
    expect(vigil('verify-receipts', '--block', blockFile, '--receipts', file(copy)).code).toBe(1);
    expect(vigil('verify-receipts', '--block', blockFile, '--receipts', file(receipts.slice(1))).code).toBe(1);
    const other = { ...block, receiptsRoot: '0x' + '22'.repeat(32) };
    const r = vigil('verify-receipts', '--block', file(other), '--receipts', receiptsFile);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^RECEIPTS_ROOT_MISMATCH/);
  });

  it('exits 2 on unusable input', () => {
    expect(vigil('verify-receipts', '--block', blockFile).code).toBe(2);
    expect(vigil('verify-receipts', '--block', file('nope'), '--receipts', receiptsFile).code).toBe(2);
    expect(vigil('verify-receipts', '--block', blockFile, '--receipts', file({ a: 1 })).code).toBe(2);
    expect(vigil('verify-receipts', '--block', file({ number: '0x1' }), '--receipts', receiptsFile).code).toBe(2);
  });
});

describe('vigil', () => {
  it('lists its commands on --help and rejects unknown ones', () => {
    const help = vigil('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('verify-proof');
    expect(help.stdout).toContain('verify-receipts');
    expect(vigil('nonsense').code).toBe(2);
  });
});

describe('vigil balance --price-feed', () => {
  // Refused before any sync: no beacon API is asked (the one given does not exist).
  const base = ['balance', '--network', 'mainnet', '--beacon-api', 'http://127.0.0.1:9', '--execution-rpc', 'http://127.0.0.1:9', '0x' + '11'.repeat(20)];
  it.each([
    ['a feed that is no address', ['--price-feed', '0x1234'], /--price-feed/],
    ['a heartbeat without a feed', ['--price-heartbeat', '60'], /--price-heartbeat goes with --price-feed/],
    ['a heartbeat of zero', ['--price-feed', '0x' + '22'.repeat(20), '--price-heartbeat', '0'], /--price-heartbeat expected whole seconds/],
    ['a heartbeat past a week', ['--price-feed', '0x' + '22'.repeat(20), '--price-heartbeat', '604801'], /--price-heartbeat expected whole seconds/],
    ['a heartbeat in minutes', ['--price-feed', '0x' + '22'.repeat(20), '--price-heartbeat', '60m'], /--price-heartbeat expected whole seconds/],
  ])('exits 2 on %s, naming the flag', (_name, flags, why) => {
    const r = vigil(...base.slice(0, -1), ...flags, base.at(-1)!);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(why);
  });
});
