/**
 * What the light client tells the rest of Vigil: a verified head. Through Fulu a head carries the
 * execution block every proof is checked against ({@link VerifiedHead}); from Gloas on the light
 * client proves only the execution block hash ({@link VerifiedBlockHashHead}): the header must be
 * fetched by that hash and checked (keccak256(RLP(header)) == executionBlockHash) before any of
 * its fields is used ({@link headAtBlock} then makes it a VerifiedHead). {@link AnyVerifiedHead}
 * is either; every head the light client makes carries `executionBlockHash`.
 *
 * VerifiedHead is Vigil's one head type. What other code holds is a view of it: {@link HeadRef}
 * (the part that leaves the light client) and its one JSON form {@link HeadJson}, for where a head
 * crosses a boundary (the popup, the offscreen rollup session, the provider), with one converter
 * each way; the session's HeadView, the provider's VerifiedHeadInfo, the rollup follower's
 * L1HeadRef and the signing policy's PolicyHead are built on these.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import {
  type AnyLightClientHeader,
  BeaconBlockHeader,
  type ExecutionPayloadHeader,
  type GloasLightClientHeader,
  isGloasHeader,
  type LightClientHeader,
  type SyncAggregate,
} from './containers.ts';

/**
 * The fields of an execution block every reader of a head uses: through Fulu the light client
 * proves them with the beacon block (its execution payload header); from Gloas on they come from
 * the execution header whose keccak256(RLP) is the proven block hash. Blob fields are zero before
 * Deneb.
 */
export type ExecutionBlock = Pick<
  ExecutionPayloadHeader,
  | 'parentHash'
  | 'feeRecipient'
  | 'stateRoot'
  | 'receiptsRoot'
  | 'prevRandao'
  | 'blockNumber'
  | 'gasLimit'
  | 'gasUsed'
  | 'timestamp'
  | 'baseFeePerGas'
  | 'blockHash'
  | 'blobGasUsed'
  | 'excessBlobGas'
> & {
  /**
   * EIP-7928's block access list hash: present only in a header built by Amsterdam's rules, which
   * a proven hash vouches for (a header read from the payload header, through Fulu, has none).
   */
  blockAccessListHash?: Uint8Array;
  /** EIP-7843: the beacon slot the block was built for (Amsterdam headers carry it, proven with the hash). */
  slotNumber?: bigint;
};

/**
 * The one head type of Vigil: an execution block the light client proved, and the beacon block
 * that proved it. Through Fulu the block is the beacon block's own payload; from Gloas on it is the
 * last block delivered before that beacon block (normally the previous slot's), so the block's
 * time trails the beacon slot by a slot, and stays put while payloads are withheld.
 */
export interface VerifiedHead {
  /** The beacon slot whose light-client header proved `execution`. */
  slot: bigint;
  /** hash_tree_root of that beacon block header. */
  root: Uint8Array;
  execution: ExecutionBlock;
  /**
   * The parent_beacon_block_root the next execution block carries (EIP-4788): the head's own root
   * through Fulu; from Gloas on, the head's own payload is that next block, and it carries the
   * head's parent root (consensus-specs gloas/builder.md: `block.parent_root`).
   */
  nextParentBeaconRoot: Uint8Array;
}

/** A pre-Gloas head as the light client makes it: with the proven block hash beside the block. */
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
  /** The beacon block's parent root: what its own payload carries as parent_beacon_block_root. */
  parentRoot: Uint8Array;
  /** The proven execution block hash; the header with this hash is not verified yet. */
  executionBlockHash: Uint8Array;
  execution?: undefined;
}

/**
 * The head a block-hash head becomes once the execution block under its hash is known: `block`
 * must be the block of that hash (the caller checked keccak256(RLP(header)) against it).
 * @throws VerificationError HEADER_HASH_MISMATCH when `block` is another block
 */
export function headAtBlock(head: VerifiedBlockHashHead, block: ExecutionBlock): VerifiedHead {
  if (!equalBytes(block.blockHash, head.executionBlockHash)) {
    throw new VerificationError('HEADER_HASH_MISMATCH', `the execution block of slot ${head.slot} is not the one its light-client header proves`, {
      expected: bytesToHex(head.executionBlockHash),
      got: bytesToHex(block.blockHash),
    });
  }
  return { slot: head.slot, root: head.root, execution: block, nextParentBeaconRoot: head.parentRoot };
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
  const root = BeaconBlockHeader.hashTreeRoot(header.beacon);
  return { slot: header.beacon.slot, root, execution: { ...header.execution }, nextParentBeaconRoot: root, executionBlockHash: header.execution.blockHash };
}

/** A verified head of a header of either shape (what a store upgraded to Gloas holds). */
export function verifiedHeadOf(header: LightClientHeader): VerifiedExecutionHead;
export function verifiedHeadOf(header: GloasLightClientHeader): VerifiedBlockHashHead;
export function verifiedHeadOf(header: AnyLightClientHeader): AnyVerifiedHead;
export function verifiedHeadOf(header: AnyLightClientHeader): AnyVerifiedHead {
  if (!isGloasHeader(header)) return verifiedHead(header);
  const { beacon, executionBlockHash } = header;
  return { slot: beacon.slot, root: BeaconBlockHeader.hashTreeRoot(beacon), parentRoot: beacon.parentRoot, executionBlockHash };
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

/** The execution fields every reader of a head uses: its block's number, hash, state root and time. */
export type HeadBlock = Pick<ExecutionBlock, 'blockNumber' | 'blockHash' | 'stateRoot' | 'timestamp'>;

/**
 * The part of a verified head that leaves the light client: a view of {@link VerifiedHead} (every
 * VerifiedHead is one). What a head crossing as JSON ({@link HeadJson}) comes back as.
 */
export type HeadRef = Pick<VerifiedHead, 'slot' | 'root'> & { execution: HeadBlock };

/** A value as JSON carries it: bigints as numbers (slots, block numbers and times stay under 2^53), bytes as 0x hex. */
type JsonOf<T> = { [K in keyof T]: T[K] extends bigint ? number : T[K] extends Uint8Array ? string : never };

/**
 * The one JSON form of a head, for where a head crosses a boundary (the popup's status, the
 * offscreen rollup session's snapshot, the provider): {@link HeadRef} flat, `root` as `beaconRoot`.
 * {@link headToJson} and {@link headFromJson} are its converters.
 */
export type HeadJson = JsonOf<{ slot: bigint; beaconRoot: Uint8Array } & HeadBlock>;

/** @example headToJson(head) // { slot: 96, beaconRoot: '0x…', blockNumber: 1000, blockHash: '0x…', stateRoot: '0x…', timestamp: 1700000000 } */
export function headToJson(head: HeadRef): HeadJson {
  const x = head.execution;
  return {
    slot: Number(head.slot),
    beaconRoot: bytesToHex(head.root),
    blockNumber: Number(x.blockNumber),
    blockHash: bytesToHex(x.blockHash),
    stateRoot: bytesToHex(x.stateRoot),
    timestamp: Number(x.timestamp),
  };
}

/**
 * A head back from its JSON form (one Vigil wrote: a hash of the wrong length is a bug, and throws).
 * @throws InputError for a root or hash that is not 32 bytes of 0x hex
 */
export function headFromJson(json: HeadJson): HeadRef {
  return {
    slot: BigInt(json.slot),
    root: hexToBytes(json.beaconRoot, 32),
    execution: { blockNumber: BigInt(json.blockNumber), blockHash: hexToBytes(json.blockHash, 32), stateRoot: hexToBytes(json.stateRoot, 32), timestamp: BigInt(json.timestamp) },
  };
}
