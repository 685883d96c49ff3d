import { describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { encodeRlp } from '../../../src/core/rlp.ts';
import { verifyAccountProof, verifyCode, verifyStorageProof } from '../../../src/proofs/account.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../../../src/proofs/constants.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../src/proofs/eip1186.ts';
import { errorCode, fixture, referenceTrie } from './helpers.ts';

const mainnetBlock = fixture('mainnet-proofs/block.json');
const mainnetProof = fixture('mainnet-proofs/proof.json');
const stateRoot = hexToBytes(mainnetBlock.stateRoot);

describe('real mainnet proof (deposit contract, block 21,925,176)', () => {
  it('verifies the account, its storage slot and its code', () => {
    const proven = verifyGetProofResponse(stateRoot, parseGetProofResponse(mainnetProof));
    expect(proven.account.exists).toBe(true);
    expect(bigIntToHex(proven.account.balance)).toBe(mainnetProof.balance);
    expect(bytesToHex(proven.account.storageHash)).toBe(mainnetProof.storageHash);
    expect(proven.storage.map((s) => bigIntToHex(s.value))).toEqual(mainnetProof.storageProof.map((s: any) => s.value));
    const account = fixture('mainnet-proofs/account.json');
    expect(() => verifyCode(proven.account.codeHash, hexToBytes(account.code))).not.toThrow();
    const badCode = hexToBytes(account.code);
    badCode[10] = badCode[10]! ^ 1;
    expect(errorCode(() => verifyCode(proven.account.codeHash, badCode))).toBe('CODE_HASH_MISMATCH');
  });

  it('rejects every single-bit flip, and the complement, of every byte of every node of the account and storage proofs', () => {
    const response = parseGetProofResponse(mainnetProof);
    const address = response.address;
    const storageHash = hexToBytes(mainnetProof.storageHash);
    const slot = response.storageProof[0]!.slot;
    let tried = 0;
    let rejected = 0;
    // Each byte's eight single-bit flips and its complement: every bit of every node is changed. (All
    // 255 values of every byte took 70 s for nothing more: a node is checked by its hash, and the
    // counted campaign, npm run fuzz's mpt-account, mutates bytes to arbitrary values.)
    const FLIPS = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff];
    // Some 40,000 typed rejections: their stack traces would cost more than the verification.
    const stackLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    const sweep = (proof: Uint8Array[], verify: (p: Uint8Array[]) => unknown) => {
      for (let n = 0; n < proof.length; n++) {
        const node = proof[n]!;
        const copy = proof.slice();
        for (let i = 0; i < node.length; i++) {
          const mutated = node.slice();
          copy[n] = mutated;
          for (const d of FLIPS) {
            mutated[i] = node[i]! ^ d;
            tried++;
            try {
              verify(copy);
            } catch (err) {
              if (!(err instanceof VerificationError)) throw err;
              rejected++;
            }
          }
        }
      }
    };
    sweep(response.accountProof, (p) => verifyAccountProof(stateRoot, address, p));
    sweep(response.storageProof[0]!.proof, (p) => verifyStorageProof(storageHash, slot, p));
    Error.stackTraceLimit = stackLimit;
    const bytes = [...response.accountProof, ...response.storageProof[0]!.proof].reduce((n, node) => n + node.length, 0);
    expect(response.accountProof.length).toBe(8);
    expect(tried).toBe(bytes * FLIPS.length);
    expect(rejected).toBe(tried);
  });

  it('rejects a response whose claims differ from the proof, naming the field', () => {
    const lie = (patch: (r: any) => void) => {
      const copy = structuredClone(mainnetProof);
      patch(copy);
      try {
        verifyGetProofResponse(stateRoot, parseGetProofResponse(copy));
      } catch (err) {
        if (!(err instanceof VerificationError)) throw err;
        return `${err.code} ${err.shortMessage.split(' differs')[0]}`;
      }
      return 'accepted';
    };
    expect(lie((r) => (r.balance = '0x1'))).toBe('PROOF_VALUE_MISMATCH balance');
    expect(lie((r) => (r.nonce = '0x2'))).toBe('PROOF_VALUE_MISMATCH nonce');
    expect(lie((r) => (r.codeHash = bytesToHex(EMPTY_CODE_HASH)))).toBe('PROOF_VALUE_MISMATCH codeHash');
    expect(lie((r) => (r.storageHash = bytesToHex(EMPTY_TRIE_ROOT)))).toBe('PROOF_VALUE_MISMATCH storageHash');
    expect(lie((r) => (r.storageProof[0].value = '0x1'))).toMatch(/^PROOF_VALUE_MISMATCH storageProof\[0\]\.value/);
    expect(lie((r) => (r.address = '0x00000000219ab540356cbb839cbe05303d7705fb'))).toMatch(/^PROOF_/);
    expect(lie((r) => r.accountProof.pop())).toMatch(/^PROOF_MISSING_NODE/);
    expect(lie((r) => r.accountProof.push(r.accountProof[7]))).toMatch(/^PROOF_EXTRA_NODES/);
    expect(lie((r) => r.accountProof.reverse())).toMatch(/^PROOF_ROOT_MISMATCH/);
    expect(lie((r) => (r.storageProof[0].key = '0x02'))).toMatch(/^PROOF_/);
    expect(lie(() => undefined)).toBe('accepted');
  });

  it('reads short storage keys as numbers and echoes them as given', () => {
    const copy = structuredClone(mainnetProof);
    copy.storageProof[0].key = '0x1';
    const proven = verifyGetProofResponse(stateRoot, parseGetProofResponse(copy));
    expect(proven.storage[0]!.key).toBe('0x1');
  });
});

describe('real sepolia proofs (block 3,445,383)', () => {
  for (const name of ['eth_getBalance_eoa', 'eth_getCode']) {
    it(`${name}: the dependent eth_getProof verifies against the beacon execution payload's state root`, () => {
      const f = fixture(`sepolia-proofs/${name}.json`);
      const root = hexToBytes(f.beacon.executionPayload.state_root);
      const dep = f.dependentRequests.find((d: any) => d.payload.method === 'eth_getProof');
      const proven = verifyGetProofResponse(root, parseGetProofResponse(dep.response));
      if (name === 'eth_getBalance_eoa') {
        expect(bigIntToHex(proven.account.balance)).toBe(f.response.result);
      } else {
        verifyCode(proven.account.codeHash, hexToBytes(f.response.result));
        expect(proven.account.codeHash).not.toEqual(EMPTY_CODE_HASH);
      }
    });
  }
});

describe('absent accounts and slots', () => {
  it('proves absence, returns the empty account, and tolerates zero hashes in the claim', async () => {
    const state = await referenceTrie(true);
    const present = hexToBytes('0x' + '11'.repeat(20));
    await state.put(present, encodeRlp([1n, 5n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]));
    await state.put(hexToBytes('0x' + '22'.repeat(20)), encodeRlp([0n, 7n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]));
    const root = state.root();
    const absent = hexToBytes('0x' + '33'.repeat(20));
    const proof = await state.createProof(absent);
    const account = verifyAccountProof(root, absent, proof);
    expect(account).toEqual({ exists: false, nonce: 0n, balance: 0n, storageHash: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH });

    const claim = (codeHash: string, storageHash: string, balance = '0x0') =>
      parseGetProofResponse({
        address: bytesToHex(absent),
        balance,
        nonce: '0x0',
        codeHash,
        storageHash,
        accountProof: proof.map(bytesToHex),
        storageProof: [{ key: '0x0', value: '0x0', proof: [] }],
      });
    const zero = '0x' + '00'.repeat(32);
    expect(verifyGetProofResponse(root, claim(zero, zero)).account.exists).toBe(false);
    expect(verifyGetProofResponse(root, claim(bytesToHex(EMPTY_CODE_HASH), bytesToHex(EMPTY_TRIE_ROOT))).storage[0]!.value).toBe(0n);
    expect(errorCode(() => verifyGetProofResponse(root, claim(zero, zero, '0x5')))).toBe('PROOF_VALUE_MISMATCH');
    expect(errorCode(() => verifyGetProofResponse(root, claim('0x' + '01'.repeat(32), zero)))).toBe('PROOF_VALUE_MISMATCH');
    // A present account must not be claimed absent.
    expect(errorCode(() => verifyAccountProof(root, present, proof))).toMatch(/^PROOF_/);
  });

  it('rejects a storage leaf that stores zero or a non-scalar', async () => {
    const trie = await referenceTrie(true);
    const slot = new Uint8Array(32);
    await trie.put(slot, encodeRlp(new Uint8Array(0)));
    await trie.put(Uint8Array.of(...new Uint8Array(31), 1), encodeRlp(5n));
    expect(errorCode(() => verifyStorageProof(trie.root(), slot, []))).toBe('PROOF_MISSING_NODE');
    const zeroTrie = await referenceTrie(true);
    await zeroTrie.put(slot, Uint8Array.of(0x80));
    const zeroProof = await zeroTrie.createProof(slot);
    expect(errorCode(() => verifyStorageProof(zeroTrie.root(), slot, zeroProof))).toBe('PROOF_INVALID_NODE');
    const listTrie = await referenceTrie(true);
    await listTrie.put(slot, encodeRlp([1n]));
    const listProof = await listTrie.createProof(slot);
    expect(errorCode(() => verifyStorageProof(listTrie.root(), slot, listProof))).toBe('PROOF_INVALID_NODE');
  });

  it('rejects an account leaf that is not an account', async () => {
    const address = new Uint8Array(20);
    const provenLeaf = async (leaf: Uint8Array) => {
      const state = await referenceTrie(true);
      await state.put(address, leaf);
      return () => verifyAccountProof(state.root(), address, []).exists;
    };
    const withProof = async (leaf: Uint8Array) => {
      const state = await referenceTrie(true);
      await state.put(address, leaf);
      const proof = await state.createProof(address);
      return errorCode(() => verifyAccountProof(state.root(), address, proof));
    };
    expect(errorCode(await provenLeaf(encodeRlp([1n, 2n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH])))).toBe('PROOF_MISSING_NODE');
    expect(await withProof(encodeRlp([1n, 2n, 3n]))).toBe('PROOF_INVALID_ACCOUNT');
    expect(await withProof(encodeRlp([1n, 2n, new Uint8Array(31), EMPTY_CODE_HASH]))).toBe('PROOF_INVALID_ACCOUNT');
    expect(await withProof(encodeRlp([Uint8Array.of(0, 1), 2n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]))).toBe('PROOF_INVALID_ACCOUNT');
    expect(await withProof(encodeRlp([1n, 2n, EMPTY_TRIE_ROOT, EMPTY_CODE_HASH]))).toBeUndefined();
  });
});
