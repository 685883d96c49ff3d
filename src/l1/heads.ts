/**
 * What the light client tells the rest of Vigil: a verified head. Through Fulu a head carries the
 * execution payload header every proof is checked against ({@link VerifiedHead}); from Gloas on
 * the light client proves only the execution block hash ({@link VerifiedBlockHashHead}): the
 * header must be fetched by that hash and checked (keccak256(RLP(header)) == executionBlockHash)
 * before any of its fields is used. {@link AnyVerifiedHead} is either; every head the light
 * client makes carries `executionBlockHash`.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import {
  type AnyLightClientHeader,
  BeaconBlockHeader,
  type ExecutionPayloadHeader,
  type GloasLightClientHeader,
  isGloasHeader,
  type LightClientHeader,
  type SyncAggregate,
} from './containers.ts';

/** A head through Fulu: its execution payload header was proven with it. */
export interface VerifiedHead {
  slot: bigint;
  /** hash_tree_root of the beacon block header. */
  root: Uint8Array;
  /**
   * Every field of the execution payload header, proven by the execution branch: the block
   * context of a call (fee recipient, prevRandao, gas limit, base fee, excess blob gas) needs no
   * further round trip. Blob fields are zero before Deneb.
   */
  execution: ExecutionPayloadHeader;
}

/** A pre-Gloas head as the light client makes it: with the proven block hash beside the header. */
export interface VerifiedExecutionHead extends VerifiedHead {
  /** execution.blockHash */
  executionBlockHash: Uint8Array;
}

/**
 * A head whose header is in the Gloas shape: only the execution block hash is proven (for a
 * Gloas block, the last execution block delivered before it: normally its parent slot's).
 */
export interface VerifiedBlockHashHead {
  slot: bigint;
  /** hash_tree_root of the beacon block header. */
  root: Uint8Array;
  /** The proven execution block hash; the header with this hash is not verified yet. */
  executionBlockHash: Uint8Array;
  execution?: undefined;
}

export type AnyVerifiedHead = VerifiedExecutionHead | VerifiedBlockHashHead;

/**
 * Whether a head proves only its execution block hash (a Gloas-shaped header).
 * @example if (isBlockHashHead(head)) header = await bindExecutionHeader(head.executionBlockHash)
 */
export function isBlockHashHead(head: AnyVerifiedHead): head is VerifiedBlockHashHead {
  return head.execution === undefined;
}

/** A verified head of a pre-Gloas header (Deneb-shaped: altair through fulu). */
export function verifiedHead(header: LightClientHeader): VerifiedExecutionHead {
  return {
    slot: header.beacon.slot,
    root: BeaconBlockHeader.hashTreeRoot(header.beacon),
    execution: { ...header.execution },
    executionBlockHash: header.execution.blockHash,
  };
}

/** A verified head of a header of either shape (what a store upgraded to Gloas holds). */
export function verifiedHeadOf(header: LightClientHeader): VerifiedExecutionHead;
export function verifiedHeadOf(header: GloasLightClientHeader): VerifiedBlockHashHead;
export function verifiedHeadOf(header: AnyLightClientHeader): AnyVerifiedHead;
export function verifiedHeadOf(header: AnyLightClientHeader): AnyVerifiedHead {
  if (!isGloasHeader(header)) return verifiedHead(header);
  return { slot: header.beacon.slot, root: BeaconBlockHeader.hashTreeRoot(header.beacon), executionBlockHash: header.executionBlockHash };
}

/**
 * How many of the sync committee signed a header: sum(sync_committee_bits) of the sync aggregate
 * over it, and len(sync_committee_bits) (SYNC_COMMITTEE_SIZE). The light client takes a header
 * signed by more than its safety threshold (get_safety_threshold); how many Vigil asks for before
 * it signs a transaction on one is the wallet's policy (src/wallet/signing-head.ts), not this layer's.
 */
export interface SyncParticipation {
  participants: number;
  committeeSize: number;
}

/** @example syncParticipation(update.syncAggregate) // { participants: 509, committeeSize: 512 } */
export function syncParticipation(aggregate: SyncAggregate): SyncParticipation {
  const bits = aggregate.syncCommitteeBits;
  return { participants: bits.reduce((n, b) => n + (b ? 1 : 0), 0), committeeSize: bits.length };
}

/** JSON form of either head: a block-hash head has no execution fields to show. */
export function anyHeadToJson(head: AnyVerifiedHead) {
  if (!isBlockHashHead(head)) return headToJson(head);
  return { slot: Number(head.slot), root: bytesToHex(head.root), executionBlockHash: bytesToHex(head.executionBlockHash) };
}

/** JSON form: slot and block number as numbers, hashes as 0x hex. */
export function headToJson(head: VerifiedHead) {
  return {
    slot: Number(head.slot),
    root: bytesToHex(head.root),
    execution: {
      blockNumber: Number(head.execution.blockNumber),
      blockHash: bytesToHex(head.execution.blockHash),
      stateRoot: bytesToHex(head.execution.stateRoot),
      receiptsRoot: bytesToHex(head.execution.receiptsRoot),
      timestamp: Number(head.execution.timestamp),
    },
  };
}
