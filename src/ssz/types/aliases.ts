/**
 * Byte vectors every consensus container uses (phase0/beacon-chain.md, "Custom types").
 * @module
 */
import { ByteVector } from './bytes.ts';

/** Version, DomainType. */
export const Bytes4 = /* @__PURE__ */ ByteVector(4);
/** ExecutionAddress. */
export const Bytes20 = /* @__PURE__ */ ByteVector(20);
/** Root, Hash32. */
export const Bytes32 = /* @__PURE__ */ ByteVector(32);
/** BLSPubkey, KZGCommitment. */
export const Bytes48 = /* @__PURE__ */ ByteVector(48);
/** BLSSignature. */
export const Bytes96 = /* @__PURE__ */ ByteVector(96);
