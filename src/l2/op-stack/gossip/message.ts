/**
 * An OP Stack unsafe-block gossip message: its encoding and its signature (specs@fd72cf79
 * specs/protocol/rollup-node-p2p.md "Block encoding", "Block signatures"; op-node p2p/gossip.go
 * and signer.go; op-alloy crates/rpc-types-engine/src/envelope.rs).
 *
 *   message = snappy_block( signature[65] = r ‖ s ‖ y_parity ‖ [parentBeaconBlockRoot[32], v3 and v4] ‖ SSZ(payload) )
 *   signed  = keccak256( bytes32(0) ‖ uint256_be(chainId) ‖ keccak256(S) ),  S = SSZ(payload) in v1/v2,
 *                                                                           parentBeaconBlockRoot ‖ SSZ(payload) in v3/v4
 *
 * A message may come snappy-compressed (as gossip carries it) or not (as a relay may serve it): a
 * well-formed snappy block is decompressed, anything else is read as it is.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes } from '../../../core/bytes.ts';
import { InputError, VerificationError } from '../../../core/errors.ts';
import { keccak256 } from '../../../crypto/keccak.ts';
import { SECP256K1_N, secp256k1Recover } from '../../../crypto/secp256k1.ts';
import { decodeExecutionPayload, type ExecutionPayload, GOSSIP_VERSIONS, type GossipVersion } from './payload.ts';
import { snappyBlockDecode } from '../../../core/snappy.ts';

/** op-node maxGossipSize: the largest message, compressed or decoded. */
export const MAX_GOSSIP_SIZE = 10 * 2 ** 20;
/** op-node minGossipSize: a signature and at least one byte to sign. */
export const MIN_GOSSIP_SIZE = 66;
const SIGNATURE_SIZE = 65;
const ROOT_SIZE = 32;
/** The signing domain of blocks (op-node SigningDomainBlocksV1): all zero. */
const BLOCK_SIGNING_DOMAIN = new Uint8Array(32);

export interface GossipSignature {
  r: bigint;
  s: bigint;
  yParity: number;
}

/** A gossip message, decoded (nothing verified yet). */
export interface GossipBlock {
  version: GossipVersion;
  /** Whether it came snappy-compressed. */
  compressed: boolean;
  signature: GossipSignature;
  /** v3 and v4: the L1 origin's parent beacon block root. */
  parentBeaconBlockRoot?: Uint8Array;
  payload: ExecutionPayload;
  /** S, what the signature's payload hash covers: the SSZ (v1/v2), or parentBeaconBlockRoot ‖ SSZ (v3/v4). */
  signedBytes: Uint8Array;
}

/**
 * The message's bytes after decompression (when it is a well-formed snappy block), bounded to 10 MiB.
 * @throws InputError for a message over 10 MiB or under 66 bytes.
 */
export function gossipMessageBytes(wire: Uint8Array): { data: Uint8Array; compressed: boolean } {
  if (wire.length > MAX_GOSSIP_SIZE) throw new InputError(`gossip message: expected at most ${MAX_GOSSIP_SIZE} bytes, got ${wire.length}`);
  const decoded = snappyBlockDecode(wire, MAX_GOSSIP_SIZE);
  const out = decoded === undefined ? { data: wire, compressed: false } : { data: decoded, compressed: true };
  if (out.data.length < MIN_GOSSIP_SIZE) throw new InputError(`gossip message: expected at least ${MIN_GOSSIP_SIZE} bytes${out.compressed ? ' decompressed' : ''}, got ${out.data.length}`);
  return out;
}

/**
 * A gossip message of topic `version`, decoded: signature, parent beacon block root (v3, v4), payload.
 * @throws InputError when it is not of the version's encoding (the spec's "block encoding is not valid").
 * @example const block = decodeGossipBlock(hexToBytes(wireHex), 4); block.payload.blockNumber
 */
export function decodeGossipBlock(wire: Uint8Array, version: GossipVersion): GossipBlock {
  if (!GOSSIP_VERSIONS.includes(version)) throw new InputError(`"version" expected 1, 2, 3 or 4, got ${String(version)}`);
  return blockOf(gossipMessageBytes(wire), version);
}

function blockOf({ data, compressed }: { data: Uint8Array; compressed: boolean }, version: GossipVersion): GossipBlock {
  const sig = data.subarray(0, SIGNATURE_SIZE);
  const signedBytes = data.slice(SIGNATURE_SIZE);
  const withRoot = version >= 3;
  if (withRoot && signedBytes.length < ROOT_SIZE) throw new InputError(`gossip message (v${version}): expected a parent beacon block root of ${ROOT_SIZE} bytes, got ${signedBytes.length}`);
  const ssz = withRoot ? signedBytes.subarray(ROOT_SIZE) : signedBytes;
  const block: GossipBlock = {
    version,
    compressed,
    signature: { r: bytesToBigInt(sig.subarray(0, 32)), s: bytesToBigInt(sig.subarray(32, 64)), yParity: sig[64]! },
    payload: decodeExecutionPayload(ssz, version),
    signedBytes,
  };
  if (withRoot) block.parentBeaconBlockRoot = signedBytes.slice(0, ROOT_SIZE);
  return block;
}

/**
 * The versions whose encoding the message fits. The layouts differ in where the extraData offset
 * sits and what it must say, so a real message fits one; a list of two or none means the version
 * must be given.
 * @throws InputError only when the message is no gossip message at all (size).
 */
export function gossipVersionsOf(wire: Uint8Array): GossipVersion[] {
  const bytes = gossipMessageBytes(wire);
  return GOSSIP_VERSIONS.filter((v) => {
    try {
      blockOf(bytes, v);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * op-node's BlockSigningHash: keccak256(domain ‖ uint256_be(chainId) ‖ keccak256(S)), the domain zero.
 * @example blockSigningHash(10n, block.signedBytes)
 */
export function blockSigningHash(chainId: bigint, signedBytes: Uint8Array): Uint8Array {
  if (chainId < 0n || chainId >= 1n << 256n) throw new InputError(`"chainId" expected a uint256, got ${chainId}`);
  return keccak256(concatBytes(BLOCK_SIGNING_DOMAIN, bigIntToBytesPadded(chainId, 32), keccak256(signedBytes)));
}

/**
 * The address (lower-case 0x-hex) whose key signed the block for `chainId`. The spec asks y_parity
 * of 0 or 1; r and s must lie in [1, n) (a high s recovers as in op-node's crypto.SigToPub).
 * @throws VerificationError OP_GOSSIP_SIGNATURE_INVALID when the signature has no signer.
 */
export function recoverBlockSigner(block: Pick<GossipBlock, 'signature' | 'signedBytes'>, chainId: bigint): string {
  const { r, s, yParity } = block.signature;
  const invalid = (details: string, cause?: unknown) => new VerificationError('OP_GOSSIP_SIGNATURE_INVALID', 'the block signature has no signer', { details, cause });
  if (yParity !== 0 && yParity !== 1) throw invalid(`y_parity ${yParity}, expected 0 or 1`);
  if (r <= 0n || r >= SECP256K1_N) throw invalid('r out of range');
  if (s <= 0n || s >= SECP256K1_N) throw invalid('s out of range');
  const digest = blockSigningHash(chainId, block.signedBytes);
  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1Recover(digest, r, s, yParity);
  } catch (cause) {
    throw invalid('no public key recovers', cause);
  }
  return bytesToHex(keccak256(publicKey.subarray(1)).subarray(12));
}

/**
 * The message bytes (uncompressed) of a block and its signature: what a sequencer gossips before
 * snappy. For tests, fixtures and a devnet's sequencer.
 */
export function encodeGossipMessage(signature: GossipSignature, signedBytes: Uint8Array): Uint8Array {
  return concatBytes(bigIntToBytesPadded(signature.r, 32), bigIntToBytesPadded(signature.s, 32), Uint8Array.of(signature.yParity), signedBytes);
}
