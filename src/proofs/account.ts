/**
 * Account, storage and code verification against a state root (EIP-1186).
 * @module
 */
import { abytes, bytesToHex, equalBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import { decodeRlp, rlpBytes, rlpList, rlpScalar } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from './constants.ts';
import { verifyMptProof } from './mpt.ts';

export interface Account {
  /** False when the proof shows no account at the address. */
  exists: boolean;
  nonce: bigint;
  balance: bigint;
  storageHash: Uint8Array;
  codeHash: Uint8Array;
}

/**
 * Proves an account (or its absence) in the state trie.
 * @example
 * const account = verifyAccountProof(header.stateRoot, address, proof.accountProof);
 * account.exists && account.balance
 */
export function verifyAccountProof(
  stateRoot: Uint8Array,
  address: Uint8Array,
  accountProof: readonly Uint8Array[],
): Account {
  abytes(stateRoot, 32, 'stateRoot');
  abytes(address, 20, 'address');
  const leaf = verifyMptProof(stateRoot, keccak256(address), accountProof);
  if (leaf === null) {
    return { exists: false, nonce: 0n, balance: 0n, storageHash: EMPTY_TRIE_ROOT, codeHash: EMPTY_CODE_HASH };
  }
  return { exists: true, ...decodeAccount(leaf) };
}

/** Decodes the RLP account [nonce, balance, storageRoot, codeHash] held in a state-trie leaf. */
export function decodeAccount(encoded: Uint8Array): Omit<Account, 'exists'> {
  try {
    const fields = rlpList(decodeRlp(encoded, { maxDepth: 1 }), 'account', 4);
    const storageHash = rlpBytes(fields[2], 'account storageRoot');
    const codeHash = rlpBytes(fields[3], 'account codeHash');
    if (storageHash.length !== 32 || codeHash.length !== 32) {
      throw new VerificationError('PROOF_INVALID_ACCOUNT', 'account hashes must be 32 bytes', {
        expected: '32 and 32 bytes',
        got: `${storageHash.length} and ${codeHash.length} bytes`,
      });
    }
    return {
      nonce: rlpScalar(fields[0], 'account nonce'),
      balance: rlpScalar(fields[1], 'account balance'),
      storageHash,
      codeHash,
    };
  } catch (err) {
    if (err instanceof VerificationError && err.code === 'PROOF_INVALID_ACCOUNT') throw err;
    throw new VerificationError('PROOF_INVALID_ACCOUNT', 'proven leaf is not an account', { cause: err });
  }
}

/**
 * Proves one storage slot; an absent slot is proven zero. `slot` is the 32-byte slot key
 * (the trie key is its keccak256).
 */
export function verifyStorageProof(
  storageHash: Uint8Array,
  slot: Uint8Array,
  proof: readonly Uint8Array[],
): bigint {
  abytes(storageHash, 32, 'storageHash');
  abytes(slot, 32, 'slot');
  const leaf = verifyMptProof(storageHash, keccak256(slot), proof);
  if (leaf === null) return 0n;
  let value: bigint;
  try {
    value = rlpScalar(decodeRlp(leaf, { maxDepth: 0 }), 'storage value');
  } catch (err) {
    throw new VerificationError('PROOF_INVALID_NODE', 'proven storage leaf is not an RLP integer', { cause: err });
  }
  // A slot set to zero is deleted from the trie, so a stored zero is not canonical.
  if (value === 0n) throw new VerificationError('PROOF_INVALID_NODE', 'storage leaf holds zero');
  if (value >= 1n << 256n) throw new VerificationError('PROOF_INVALID_NODE', 'storage value exceeds 32 bytes');
  return value;
}

/** Checks that `code` hashes to the account's `codeHash`. */
export function verifyCode(codeHash: Uint8Array, code: Uint8Array): void {
  abytes(codeHash, 32, 'codeHash');
  abytes(code, undefined, 'code');
  const got = keccak256(code);
  if (!equalBytes(got, codeHash)) {
    throw new VerificationError('CODE_HASH_MISMATCH', 'code does not hash to the account codeHash', {
      expected: bytesToHex(codeHash),
      got: bytesToHex(got),
    });
  }
}
