/**
 * What the light client tells the rest of Vigil: a verified head, with the execution fields
 * every proof is checked against.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { BeaconBlockHeader, type ExecutionPayloadHeader, type LightClientHeader, type SyncAggregate } from './containers.ts';

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

export function verifiedHead(header: LightClientHeader): VerifiedHead {
  return {
    slot: header.beacon.slot,
    root: BeaconBlockHeader.hashTreeRoot(header.beacon),
    execution: { ...header.execution },
  };
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
