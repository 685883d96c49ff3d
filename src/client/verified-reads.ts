/**
 * Verified reads: an account, its storage slots and its code, proven (EIP-1186) against the
 * state root of a head the light client verified itself, returned with their provenance.
 *
 * The proof is asked for at the head's execution block number. Whatever block the server
 * actually used, the proof only verifies against the head's own state root: a proof of another
 * block fails with PROOF_ROOT_MISMATCH. The server also has to answer for the address and the
 * storage keys asked for, in order; otherwise a valid proof of something else could pass.
 *
 * A failed verification never yields a value. With several endpoints, the one whose answer did
 * not verify is demoted and the next is asked; when none gives a verified answer the first
 * verification error is thrown (a lie outranks a timeout).
 * @module
 */
import { bigIntToHex, bytesToHex, equalBytes, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../core/errors.ts';
import type { VerifiedHead } from '../l1/heads.ts';
import { type Account, verifyCode } from '../proofs/account.ts';
import { parseGetProofResponse, parseStorageKey, type ProvenStorage, verifyGetProofResponse } from '../proofs/eip1186.ts';
import { TransportError } from '../rpc/errors.ts';
import type { ExecutionRpc } from './execution-rpc.ts';

/** Where a verified value comes from. */
export interface Provenance {
  blockNumber: bigint;
  blockHash: string;
  stateRoot: string;
  beaconSlot: bigint;
  /** hash_tree_root of the verified beacon block header. */
  beaconRoot: string;
  /** The head was the light client's finalized header (else its optimistic one). */
  finalized: boolean;
  /** When the proof was verified, milliseconds since the epoch. */
  verifiedAt: number;
  /** The RPC endpoint whose proof verified (it vouches for nothing; the proof does). */
  endpoint: string;
}

export interface VerifiedReadParams {
  rpc: ExecutionRpc;
  /** A head from the light client (L1Sync.optimistic or .finalized). */
  head: VerifiedHead;
  /** Whether `head` is the finalized header. Default false. */
  finalized?: boolean;
  address: string | Uint8Array;
  /** Storage slots to prove (32-byte hex, or shorter hex read as a number). */
  storageKeys?: readonly string[];
  /** Also fetch the code and check it against the proven code hash. */
  code?: boolean;
  /** Told about each endpoint whose answer was refused, before the next is asked. */
  onRejected?: (error: VigilError, endpoint: string) => void;
  /** Milliseconds since the epoch. Default Date.now. */
  now?: () => number;
}

export interface VerifiedAccount {
  /** Lower-case 0x hex. */
  address: string;
  account: Account;
  storage: ProvenStorage[];
  /** Present when `code` was asked for. */
  code?: Uint8Array;
  provenance: Provenance;
}

/** Account proof plus one storage proof of 65 nodes per key, as hex, with room to spare. */
const PROOF_BASE_BYTES = 1024 * 1024;
const PROOF_BYTES_PER_KEY = 256 * 1024;
/** EIP-170 caps deployed code at 24 KiB (EIP-7907 may raise it): hex doubles it. */
const CODE_MAX_BYTES = 1024 * 1024;
const MAX_STORAGE_KEYS = 1024;

/**
 * Proves an account (and optionally storage slots and code) at a verified head.
 * @throws VerificationError when no endpoint's answer verifies (the first lie's code);
 *   TransportError when none answered; InputError for a bad address or key.
 * @example
 * const { account, provenance } = await getVerifiedAccount({ rpc, head: sync.optimistic!, address });
 * account.balance // bigint, proven against provenance.stateRoot
 */
export async function getVerifiedAccount(params: VerifiedReadParams): Promise<VerifiedAccount> {
  const address = typeof params.address === 'string' ? hexToBytes(params.address, 20, 'address') : params.address;
  if (!(address instanceof Uint8Array) || address.length !== 20) throw new InputError('"address" expected 20 bytes');
  const keys = params.storageKeys ?? [];
  if (keys.length > MAX_STORAGE_KEYS) throw new InputError(`"storageKeys" expected at most ${MAX_STORAGE_KEYS}, got ${keys.length}`);
  const slots = keys.map((k, i) => parseStorageKey(k, `storageKeys[${i}]`));
  const head = params.head;
  const addressHex = bytesToHex(address);
  const block = bigIntToHex(head.execution.blockNumber);
  const { rpc } = params;

  const failures: VigilError[] = [];
  for (const endpoint of rpc.endpoints) {
    try {
      const raw = await rpc.callAt(
        endpoint,
        'eth_getProof',
        [addressHex, keys.map((k) => bytesToHex(parseStorageKey(k))), block],
        PROOF_BASE_BYTES + PROOF_BYTES_PER_KEY * keys.length,
      );
      const response = parseGetProofResponse(raw);
      expectAnswerFor(addressHex, slots, response.address, response.storageProof.map((s) => s.slot));
      const proven = verifyGetProofResponse(head.execution.stateRoot, response);
      let code: Uint8Array | undefined;
      if (params.code) {
        code = hexToBytes(await rpc.callAt(endpoint, 'eth_getCode', [addressHex, block], CODE_MAX_BYTES), undefined, 'eth_getCode result');
        verifyCode(proven.account.codeHash, code);
      }
      return {
        address: addressHex,
        account: proven.account,
        storage: proven.storage,
        ...(code !== undefined ? { code } : {}),
        provenance: {
          blockNumber: head.execution.blockNumber,
          blockHash: bytesToHex(head.execution.blockHash),
          stateRoot: bytesToHex(head.execution.stateRoot),
          beaconSlot: head.slot,
          beaconRoot: bytesToHex(head.root),
          finalized: params.finalized ?? false,
          verifiedAt: (params.now ?? Date.now)(),
          endpoint,
        },
      };
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      // An answer that does not verify, or is not even of the expected form: this endpoint lied.
      if (!(err instanceof TransportError)) rpc.demote(endpoint);
      failures.push(err);
      params.onRejected?.(err, endpoint);
    }
  }
  throw firstFailure(failures);
}

/**
 * The proven balance at a verified head.
 * @example const { value, provenance } = await getVerifiedBalance({ rpc, head, address });
 */
export async function getVerifiedBalance(params: Omit<VerifiedReadParams, 'storageKeys' | 'code'>): Promise<{ value: bigint; provenance: Provenance }> {
  const { account, provenance } = await getVerifiedAccount(params);
  return { value: account.balance, provenance };
}

/** JSON form: numbers for the slot and block number. */
export function provenanceToJson(p: Provenance) {
  return {
    blockNumber: Number(p.blockNumber),
    blockHash: p.blockHash,
    stateRoot: p.stateRoot,
    beaconSlot: Number(p.beaconSlot),
    beaconRoot: p.beaconRoot,
    finalized: p.finalized,
    verifiedAt: p.verifiedAt,
    endpoint: p.endpoint,
  };
}

/** A proof of another address or other slots can be perfectly valid: refuse it as a lie. */
function expectAnswerFor(address: string, slots: Uint8Array[], gotAddress: Uint8Array, gotSlots: Uint8Array[]): void {
  if (bytesToHex(gotAddress) !== address) {
    throw new VerificationError('PROOF_VALUE_MISMATCH', 'eth_getProof answered for another address', {
      expected: address,
      got: bytesToHex(gotAddress),
    });
  }
  if (gotSlots.length !== slots.length) {
    throw new VerificationError('PROOF_VALUE_MISMATCH', 'eth_getProof answered for another number of storage keys', {
      expected: String(slots.length),
      got: String(gotSlots.length),
    });
  }
  slots.forEach((slot, i) => {
    if (!equalBytes(slot, gotSlots[i]!)) {
      throw new VerificationError('PROOF_VALUE_MISMATCH', `storageProof[${i}] answers for another key`, {
        expected: bytesToHex(slot),
        got: bytesToHex(gotSlots[i]!),
      });
    }
  });
}

function firstFailure(failures: VigilError[]): VigilError {
  const lie = failures.find((e) => e instanceof VerificationError) ?? failures.find((e) => e instanceof InputError);
  if (lie) return lie;
  if (failures.length === 1) return failures[0]!;
  return new TransportError('ALL_ENDPOINTS_FAILED', 'eth_getProof: no execution endpoint answered', {
    url: 'eth_getProof',
    errors: failures.filter((e): e is TransportError => e instanceof TransportError),
  });
}
