/**
 * A blob transaction in its network form: what a wallet or a rollup's batcher sends to
 * eth_sendRawTransaction and what the execution layer's mempool gossips, the blobs still attached.
 *   EIP-4844: 0x03 ‖ rlp([tx_payload_body, blobs, commitments, proofs]) (one proof per blob);
 *   EIP-7594: 0x03 ‖ rlp([tx_payload_body, wrapper_version = 1, blobs, commitments, cell_proofs])
 *             (CELLS_PER_EXT_BLOB cell proofs per blob, blob-major).
 * Decoding is strict and says nothing about whether it verifies (./verify.ts does): whatever it
 * cannot read (not hex, not canonical RLP, trailing bytes, another shape, a field of the wrong
 * size) is an InputError, as is the transaction body's own RLP (src/execution/transactions.ts).
 * EIP-4844 "Networking"; EIP-7594 "Networking".
 * @module
 */
import { bytesToHex, concatBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { decodeRlp, encodeRlp, rlpBytes, rlpList, type RlpItem } from '../../core/rlp.ts';
import { BYTES_PER_BLOB, BYTES_PER_COMMITMENT, BYTES_PER_PROOF } from '../../crypto/kzg.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { type BlobTransaction, decodeTransaction } from '../transactions.ts';

/** EIP-2718 type of a blob transaction. */
export const BLOB_TX_TYPE = 0x03;
/** The only wrapper version EIP-7594 defines (cell proofs). */
export const CELL_PROOFS_WRAPPER_VERSION = 1;
/** Largest network form read: 256 blobs (a block holds far fewer; a transaction at most 6 from Osaka). */
const MAX_NETWORK_FORM_BYTES = 256 * (BYTES_PER_BLOB + 128 * BYTES_PER_PROOF + 64) + 1024 * 1024;

export interface BlobTransactionNetworkForm {
  /** 'eip4844': one blob proof per blob; 'eip7594': cell proofs. */
  form: 'eip4844' | 'eip7594';
  /** The transaction as a block holds it (without its blobs). */
  tx: BlobTransaction;
  /** Its EIP-2718 bytes, 0x03 ‖ rlp(tx_payload_body): what its hash is of. */
  txBytes: Uint8Array;
  /** keccak256(txBytes). */
  txHash: Uint8Array;
  blobs: Uint8Array[];
  commitments: Uint8Array[];
  /** Blob proofs (one per blob) or cell proofs (128 per blob, blob-major), as sent: counts are ./verify.ts's to check. */
  proofs: Uint8Array[];
}

/** The wrapper, the body, its access list, an entry, the entry's keys: five lists deep, no deeper. */
const NETWORK_FORM_DEPTH = 5;

/**
 * Reads a blob transaction's network form.
 * @throws InputError for anything that is not one (counts that disagree are read: they do not verify)
 * @example decodeBlobTransactionNetworkForm(hexToBytes(rawFromBatcher)).tx.blobVersionedHashes
 */
export function decodeBlobTransactionNetworkForm(bytes: Uint8Array): BlobTransactionNetworkForm {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new InputError('"blob transaction" expected non-empty bytes');
  if (bytes[0] !== BLOB_TX_TYPE) {
    throw new InputError(`blob transaction: type byte expected 0x03, got 0x${bytes[0]!.toString(16).padStart(2, '0')}`);
  }
  const outer = unreadable('blob transaction network form', () => rlpList(decodeRlp(bytes.subarray(1), { maxBytes: MAX_NETWORK_FORM_BYTES, maxDepth: NETWORK_FORM_DEPTH }), 'network form'));
  let form: BlobTransactionNetworkForm['form'];
  let rest: RlpItem[];
  if (outer.length === 4) {
    form = 'eip4844';
    rest = outer.slice(1);
  } else if (outer.length === 5) {
    form = 'eip7594';
    const version = unreadable('wrapper_version', () => rlpBytes(outer[1], 'wrapper_version'));
    if (version.length !== 1 || version[0] !== CELL_PROOFS_WRAPPER_VERSION) {
      throw new InputError(`blob transaction: wrapper_version expected 1 (EIP-7594), got ${bytesToHex(version)}`);
    }
    rest = outer.slice(2);
  } else {
    throw new InputError(
      `blob transaction: the network form is [tx, blobs, commitments, proofs] (EIP-4844) or [tx, 1, blobs, commitments, cell_proofs] (EIP-7594), got a list of ${outer.length} items` +
        (Array.isArray(outer[0]) ? '' : ' (a bare transaction, without its blobs?)'),
    );
  }
  if (!Array.isArray(outer[0])) throw new InputError('blob transaction: tx_payload_body must be an RLP list');
  const txBytes = concatBytes(Uint8Array.of(BLOB_TX_TYPE), encodeRlp(outer[0]));
  const tx = unreadable('tx_payload_body', () => decodeTransaction(txBytes));
  if (tx.type !== 3) throw new InputError(`blob transaction: tx_payload_body is not of type 3`);
  const [blobs, commitments, proofs] = (['blobs', 'commitments', form === 'eip4844' ? 'proofs' : 'cell_proofs'] as const).map((what, i) =>
    sized(rest[i], what, what === 'blobs' ? BYTES_PER_BLOB : what === 'commitments' ? BYTES_PER_COMMITMENT : BYTES_PER_PROOF),
  ) as [Uint8Array[], Uint8Array[], Uint8Array[]];
  return { form, tx, txBytes, txHash: keccak256(txBytes), blobs, commitments, proofs };
}

/** A list of byte strings of `size` bytes each. */
function sized(item: RlpItem | undefined, what: string, size: number): Uint8Array[] {
  const list = unreadable(what, () => rlpList(item, what));
  return list.map((entry, i) => {
    const bytes = unreadable(`${what}[${i}]`, () => rlpBytes(entry, `${what}[${i}]`));
    if (bytes.length !== size) throw new InputError(`blob transaction: ${what}[${i}] expected ${size} bytes, got ${bytes.length}`);
    return bytes;
  });
}

/**
 * RLP's and the transaction decoder's errors are VerificationErrors (a proof node that does not
 * decode is a lie); here the bytes are the input itself, so they are unreadable input.
 */
function unreadable<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof VerificationError) throw new InputError(`blob transaction: ${what} is not readable: ${err.shortMessage}`, { cause: err });
    throw err;
  }
}
