/**
 * A Gloas block body as the devnet's proposer builds it (EIP-7732, self-build): no payload, only
 * the bid committing to the slot's execution block, whose `parent_block_hash` is the last
 * delivered one, and the branch a light-client header proves that hash with (gindex 2856,
 * gloas/light-client/full-node.md block_to_light_client_header).
 * @module
 */
import { concatBytes } from '../../core/bytes.ts';
import { sha256 } from '../../crypto/sha256.ts';
import { EXECUTION_BLOCK_HASH_GINDEX_GLOAS, type SyncAggregate } from '../../l1/containers.ts';
import { Bytes96 } from '../../ssz/index.ts';
import { G2_POINT_AT_INFINITY } from './committee.ts';
import type { Eth1Data } from './containers.ts';
import type { ExecutionBlock } from './execution.ts';
import type { ExecutionPayloadBidValue } from '../../l1/block/gloas.ts';
import { BUILDER_INDEX_SELF_BUILD, type GloasTypes } from './gloas-containers.ts';
import { progressiveContainerBranch, progressiveContainerGindex } from '../../ssz/progressive.ts';
import type { ValueOf } from '../../ssz/index.ts';

export type { ExecutionPayloadBidValue };

export interface BidParams {
  slot: bigint;
  parentRoot: Uint8Array;
  /** The last delivered execution block's hash (the state's latest_block_hash once the parent's payload is applied). */
  parentBlockHash: Uint8Array;
  /** The execution block mined for this slot, or null: its payload is withheld and never reaches the EL. */
  exec: ExecutionBlock | null;
}

/**
 * The slot's bid, committing to its EL block's blobs too. A withheld payload's bid commits to a
 * block hash no EL block has (its builder never revealed it): a hash of the slot, so each withheld
 * slot's differs.
 */
export function executionPayloadBid(types: GloasTypes, p: BidParams): ExecutionPayloadBidValue {
  const payload = p.exec?.payload;
  return {
    parentBlockHash: p.parentBlockHash,
    parentBlockRoot: p.parentRoot,
    blockHash: payload ? payload.blockHash : withheldBlockHash(p.slot),
    prevRandao: payload ? payload.prevRandao : new Uint8Array(32),
    feeRecipient: payload ? payload.feeRecipient : new Uint8Array(20),
    gasLimit: payload ? payload.gasLimit : 0n,
    builderIndex: BUILDER_INDEX_SELF_BUILD,
    slot: p.slot,
    value: 0n,
    executionPayment: 0n,
    blobKzgCommitments: p.exec?.blobs?.commitments ?? [],
    executionRequestsRoot: types.ExecutionRequests.hashTreeRoot(types.ExecutionRequests.defaultValue()),
  };
}

export function withheldBlockHash(slot: bigint): Uint8Array {
  return sha256(concatBytes(new TextEncoder().encode('vigil devnet withheld payload '), new TextEncoder().encode(slot.toString())));
}

/** The Gloas BeaconBlockBody: empty operations, the sync aggregate, the bid (self-build: G2 identity as its signature). */
export function gloasBody(
  types: GloasTypes,
  common: { eth1Data: ValueOf<typeof Eth1Data>; graffiti: Uint8Array; syncAggregate: SyncAggregate },
  bid: ExecutionPayloadBidValue,
): Record<string, unknown> {
  return {
    randaoReveal: G2_POINT_AT_INFINITY,
    eth1Data: common.eth1Data,
    graffiti: common.graffiti,
    proposerSlashings: [],
    attesterSlashings: [],
    attestations: [],
    deposits: [],
    voluntaryExits: [],
    syncAggregate: common.syncAggregate,
    blsToExecutionChanges: [],
    signedExecutionPayloadBid: { message: bid, signature: G2_POINT_AT_INFINITY },
    payloadAttestations: [],
    parentExecutionRequests: types.ExecutionRequests.defaultValue(),
  };
}

const BID_FIELD = 'signedExecutionPayloadBid';

/**
 * hash_tree_root(body) and compute_merkle_proof(body, EXECUTION_BLOCK_HASH_GINDEX_GLOAS): the bid's
 * parent_block_hash (field 0 of the progressive bid) → `message` (field 0 of the signed bid) → the
 * body's field 10, leaf side first.
 */
export function gloasExecutionBranch(types: GloasTypes, body: Record<string, unknown>): { root: Uint8Array; branch: Uint8Array[] } {
  const bodyType = types.BeaconBlockBody;
  const index = bodyType.fieldNames.indexOf(BID_FIELD);
  const gindex = progressiveContainerGindex(index) * 2 * progressiveContainerGindex(0);
  if (gindex !== EXECUTION_BLOCK_HASH_GINDEX_GLOAS) throw new Error(`Gloas body layout gives gindex ${gindex} for the bid's parent_block_hash`);
  const signed = body[BID_FIELD] as { message: ExecutionPayloadBidValue; signature: Uint8Array };
  const bidRoots = types.ExecutionPayloadBid.leaves(signed.message);
  const bodyRoots = bodyType.leaves(body);
  const bodyChunks = bodyRoots.leaves.slice(0, bodyRoots.count * 32);
  const branch = [
    ...progressiveContainerBranch(bidRoots.leaves.slice(0, bidRoots.count * 32), 0),
    Bytes96.hashTreeRoot(signed.signature),
    ...progressiveContainerBranch(bodyChunks, index),
  ];
  return { root: bodyType.hashTreeRoot(body), branch };
}
