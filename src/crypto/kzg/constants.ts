/**
 * The sizes and domain tags of consensus-specs deneb/polynomial-commitments.md and
 * fulu/polynomial-commitments-sampling.md (mainnet preset).
 * @module
 */

export { BLS_MODULUS } from './backend.ts';

export const BYTES_PER_FIELD_ELEMENT = 32;
export const FIELD_ELEMENTS_PER_BLOB = 4096;
export const BYTES_PER_BLOB = BYTES_PER_FIELD_ELEMENT * FIELD_ELEMENTS_PER_BLOB;
export const BYTES_PER_COMMITMENT = 48;
export const BYTES_PER_PROOF = 48;
export const FIELD_ELEMENTS_PER_EXT_BLOB = 2 * FIELD_ELEMENTS_PER_BLOB;
export const FIELD_ELEMENTS_PER_CELL = 64;
export const BYTES_PER_CELL = FIELD_ELEMENTS_PER_CELL * BYTES_PER_FIELD_ELEMENT;
export const CELLS_PER_EXT_BLOB = FIELD_ELEMENTS_PER_EXT_BLOB / FIELD_ELEMENTS_PER_CELL;

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
/** FIAT_SHAMIR_PROTOCOL_DOMAIN (compute_challenge). */
export const FIAT_SHAMIR_PROTOCOL_DOMAIN = /* @__PURE__ */ ascii('FSBLOBVERIFY_V1_');
/** RANDOM_CHALLENGE_KZG_BATCH_DOMAIN (verify_kzg_proof_batch). */
export const RANDOM_CHALLENGE_KZG_BATCH_DOMAIN = /* @__PURE__ */ ascii('RCKZGBATCH___V1_');
/** RANDOM_CHALLENGE_KZG_CELL_BATCH_DOMAIN (compute_verify_cell_kzg_proof_batch_challenge). */
export const RANDOM_CHALLENGE_KZG_CELL_BATCH_DOMAIN = /* @__PURE__ */ ascii('RCKZGCBATCH__V1_');
/** VERSIONED_HASH_VERSION_KZG (deneb/beacon-chain.md kzg_commitment_to_versioned_hash). */
export const VERSIONED_HASH_VERSION_KZG = 0x01;
