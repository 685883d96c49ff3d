/**
 * The sequencer's side of a gossip message: a payload sealed with its block hash, and signed for a
 * chain (op-node p2p/gossip.go PublishL2Payload, signer.go). For a devnet's sequencer, fixtures and
 * tests; a wallet never signs blocks.
 * @module
 */
import { concatBytes } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { secp256k1Sign } from '../../../crypto/secp256k1.ts';
import { headerHash } from '../../../execution/header.ts';
import { blockSigningHash, encodeGossipMessage, type GossipSignature } from './message.ts';
import { encodeExecutionPayload, type ExecutionPayload, type GossipVersion, payloadHeader } from './payload.ts';

/** `payload` with its blockHash set to the hash of the header it builds. */
export function sealPayload(payload: ExecutionPayload, version: GossipVersion, parentBeaconBlockRoot?: Uint8Array): ExecutionPayload {
  return { ...payload, blockHash: headerHash(payloadHeader(payload, version, parentBeaconBlockRoot)) };
}

/**
 * The gossip message (uncompressed) of `payload` as `version` encodes it, signed with `privateKey` for `chainId`.
 * @example const wire = snappy.compress(signGossipBlock(sealPayload(p, 4, pbbr), 4, 10n, key, pbbr))
 */
export function signGossipBlock(payload: ExecutionPayload, version: GossipVersion, chainId: bigint, privateKey: Uint8Array, parentBeaconBlockRoot?: Uint8Array): Uint8Array {
  const ssz = encodeExecutionPayload(payload, version);
  let signed = ssz;
  if (version >= 3) {
    if (parentBeaconBlockRoot?.length !== 32) throw new InputError(`a v${version} message needs a parent beacon block root of 32 bytes`);
    signed = concatBytes(parentBeaconBlockRoot, ssz);
  }
  const { r, s, recovery } = secp256k1Sign(blockSigningHash(chainId, signed), privateKey);
  const signature: GossipSignature = { r, s, yParity: recovery! };
  return encodeGossipMessage(signature, signed);
}
