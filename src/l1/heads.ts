/**
 * What the light client tells the rest of Vigil: a verified head, with the execution fields
 * every proof is checked against.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { BeaconBlockHeader, type LightClientHeader } from './containers.ts';

export interface VerifiedHead {
  slot: bigint;
  /** hash_tree_root of the beacon block header. */
  root: Uint8Array;
  execution: {
    blockNumber: bigint;
    blockHash: Uint8Array;
    stateRoot: Uint8Array;
    receiptsRoot: Uint8Array;
    timestamp: bigint;
  };
}

export function verifiedHead(header: LightClientHeader): VerifiedHead {
  const e = header.execution;
  return {
    slot: header.beacon.slot,
    root: BeaconBlockHeader.hashTreeRoot(header.beacon),
    execution: {
      blockNumber: e.blockNumber,
      blockHash: e.blockHash,
      stateRoot: e.stateRoot,
      receiptsRoot: e.receiptsRoot,
      timestamp: e.timestamp,
    },
  };
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
