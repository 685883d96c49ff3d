/**
 * "The proof answers what was asked": an `eth_getProof` answer can be a perfectly valid proof of
 * another account or of other slots, which verifies against the right state root and still
 * answers nothing the caller asked. Every caller that asks for a proof checks the answer here,
 * before or after `verifyGetProofResponse`, and treats a mismatch as a lie.
 *
 * Codes: another address is PROOF_ADDRESS_MISMATCH; other storage keys (another count, another
 * key, another order) are PROOF_VALUE_MISMATCH, as a field of the answer that differs from the
 * request. Keys are compared as 32-byte slots, so `0x1` asked and `0x00…01` echoed are the same.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import { parseStorageKey } from './eip1186.ts';

/** What one eth_getProof request asked for. */
export interface GetProofRequest {
  /** 20 bytes, or 0x-hex of them (any case). */
  address: string | Uint8Array;
  /**
   * The keys in the order asked: 32-byte slots, or hex of at most 32 bytes read as a number.
   * Absent: only the address is checked, for a caller that takes no storage value from the answer
   * (the L2 account reads of a query without keys; whatever storage proofs come are still verified).
   */
  storageKeys?: readonly (string | Uint8Array)[];
}

/** The fields of a parsed answer (src/proofs/eip1186.ts `GetProofResponse`) that say what it answers. */
export interface GetProofAnswer {
  address: Uint8Array;
  storageProof: readonly { slot: Uint8Array }[];
}

/**
 * Throws unless `answer` is about `request.address` and proves exactly `request.storageKeys`, in
 * order (when given).
 * @throws VerificationError PROOF_ADDRESS_MISMATCH or PROOF_VALUE_MISMATCH; InputError for a
 *   malformed address or key in `request`.
 * @example
 * const response = parseGetProofResponse(json);
 * expectAnswerTo({ address, storageKeys: keys }, response);
 * const proven = verifyGetProofResponse(stateRoot, response);
 */
export function expectAnswerTo(request: GetProofRequest, answer: GetProofAnswer): void {
  const address = typeof request.address === 'string' ? hexToBytes(request.address, 20, 'address') : request.address;
  if (!equalBytes(address, answer.address)) {
    throw new VerificationError('PROOF_ADDRESS_MISMATCH', 'eth_getProof answered for another address', {
      expected: bytesToHex(address),
      got: bytesToHex(answer.address),
    });
  }
  if (request.storageKeys === undefined) return;
  const slots = request.storageKeys.map((key, i) => (typeof key === 'string' ? parseStorageKey(key, `storageKeys[${i}]`) : key));
  if (answer.storageProof.length !== slots.length) {
    throw new VerificationError('PROOF_VALUE_MISMATCH', 'eth_getProof answered for another number of storage keys', {
      expected: String(slots.length),
      got: String(answer.storageProof.length),
    });
  }
  slots.forEach((slot, i) => {
    const got = answer.storageProof[i]!.slot;
    if (!equalBytes(slot, got)) {
      throw new VerificationError('PROOF_VALUE_MISMATCH', `storageProof[${i}] answers for another key`, {
        expected: bytesToHex(slot),
        got: bytesToHex(got),
      });
    }
  });
}
