/**
 * The `eth_getProof` response (EIP-1186): strict parsing of its JSON, and a check that every
 * field it claims is what its proofs prove.
 * @module
 */
import { bigIntToHex, bytesToHex, describe, equalBytes, hexToBigInt, hexToBytes, isHex } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aarray, aobject, field, unwrapJsonRpc } from '../core/json.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from './constants.ts';
import { type Account, verifyAccountProof, verifyStorageProof } from './account.ts';

export interface StorageProofResponse {
  /** The key as the server echoed it (printed back unchanged). */
  key: string;
  /** The 32-byte slot the key names (left-padded, as clients read short keys). */
  slot: Uint8Array;
  value: bigint;
  proof: Uint8Array[];
}

export interface GetProofResponse {
  address: Uint8Array;
  balance: bigint;
  nonce: bigint;
  codeHash: Uint8Array;
  storageHash: Uint8Array;
  accountProof: Uint8Array[];
  storageProof: StorageProofResponse[];
}

export interface ProvenStorage {
  key: string;
  slot: Uint8Array;
  value: bigint;
}

export interface ProvenAccount {
  address: Uint8Array;
  account: Account;
  storage: ProvenStorage[];
}

const ZERO_HASH = new Uint8Array(32);
/** A proof of 65 nodes at 64 KiB each bounds one list; a response may hold many slots. */
const MAX_STORAGE_PROOFS = 1024;

/** Parses an `eth_getProof` result: bare, or the `result` of a JSON-RPC response. */
export function parseGetProofResponse(json: unknown): GetProofResponse {
  const obj = aobject(unwrapJsonRpc(json, 'eth_getProof'), 'eth_getProof result');
  const storageProof = aarray(field(obj, 'storageProof'), 'storageProof', MAX_STORAGE_PROOFS);
  return {
    address: hexToBytes(field(obj, 'address'), 20, 'address'),
    balance: hexToBigInt(field(obj, 'balance'), 'balance'),
    nonce: hexToBigInt(field(obj, 'nonce'), 'nonce'),
    codeHash: hexToBytes(field(obj, 'codeHash'), 32, 'codeHash'),
    storageHash: hexToBytes(field(obj, 'storageHash'), 32, 'storageHash'),
    accountProof: parseNodes(field(obj, 'accountProof'), 'accountProof'),
    storageProof: storageProof.map((entry, i) => {
      const title = `storageProof[${i}]`;
      const obj = aobject(entry, title);
      const key = field(obj, 'key', title);
      return {
        key: key as string,
        slot: parseStorageKey(key, `${title}.key`),
        value: hexToBigInt(field(obj, 'value', title), `${title}.value`),
        proof: parseNodes(field(obj, 'proof', title), `${title}.proof`),
      };
    }),
  };
}

/**
 * Verifies every proof in the response against `stateRoot`, then checks that each field the
 * server claimed equals the proven one. Throws PROOF_VALUE_MISMATCH naming the first that differs.
 */
export function verifyGetProofResponse(stateRoot: Uint8Array, response: GetProofResponse): ProvenAccount {
  const account = verifyAccountProof(stateRoot, response.address, response.accountProof);
  expectEqual('nonce', bigIntToHex(account.nonce), bigIntToHex(response.nonce));
  expectEqual('balance', bigIntToHex(account.balance), bigIntToHex(response.balance));
  // For a proven-absent account, clients differ: some report the zero hash instead of the
  // empty code hash / empty trie root. Both say "nothing"; any other value is a lie.
  const absentAlias = (claimed: Uint8Array, proven: Uint8Array) =>
    !account.exists && equalBytes(claimed, ZERO_HASH) ? proven : claimed;
  expectEqual('codeHash', bytesToHex(account.codeHash), bytesToHex(absentAlias(response.codeHash, EMPTY_CODE_HASH)));
  expectEqual(
    'storageHash',
    bytesToHex(account.storageHash),
    bytesToHex(absentAlias(response.storageHash, EMPTY_TRIE_ROOT)),
  );
  const storage = response.storageProof.map((entry, i) => {
    let value: bigint;
    try {
      value = verifyStorageProof(account.storageHash, entry.slot, entry.proof);
    } catch (err) {
      if (err instanceof VerificationError) {
        throw new VerificationError(err.code, `storageProof[${i}] (key ${entry.key}): ${err.shortMessage}`, {
          expected: err.expected,
          got: err.got,
          cause: err,
        });
      }
      throw err;
    }
    expectEqual(`storageProof[${i}].value (key ${entry.key})`, bigIntToHex(value), bigIntToHex(entry.value));
    return { key: entry.key, slot: entry.slot, value };
  });
  return { address: response.address, account, storage };
}

function expectEqual(what: string, proven: string, claimed: string): void {
  if (proven !== claimed) {
    throw new VerificationError('PROOF_VALUE_MISMATCH', `${what} differs from what the proof proves`, {
      expected: proven,
      got: claimed,
    });
  }
}

/** Storage keys are 32-byte words; clients accept and echo shorter hex, read as a number. */
export function parseStorageKey(key: unknown, title = 'storage key'): Uint8Array {
  if (!isHex(key) || key.length === 2 || key.length > 66) {
    throw new InputError(`"${title}" expected 0x-prefixed hex of at most 32 bytes, got ${describe(key)}`);
  }
  return hexToBytes('0x' + key.slice(2).padStart(64, '0'), 32, title);
}

function parseNodes(value: unknown, title: string): Uint8Array[] {
  return aarray(value, title, 1024).map((node, i) => hexToBytes(node, undefined, `${title}[${i}]`));
}
