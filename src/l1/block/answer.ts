/**
 * A `GET /eth/v2/beacon/blocks/{block_id}` answer (getBlockV2, JSON `{version, data: {message,
 * signature}}`) read strictly for a fork that carries blobs, and what the blob tie needs of it:
 * its root (hash_tree_root of the message), slot, parent, the execution block it commits to and
 * the blob commitments. Deneb through Fulu: the body's execution_payload.block_hash and
 * blob_kzg_commitments; Gloas (EIP-7732): the bid's block_hash and blob_kzg_commitments.
 * The signature is not checked (it needs the proposer's key from a state the light client does
 * not hold): the root, compared with a proven one, is what binds the block.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { aobject, field, isObject } from '../../core/json.ts';
import { BeaconBlockHeader, type BeaconBlockHeaderValue } from '../containers.ts';
import { blockTypes, type PayloadFork } from './containers.ts';
import { gloasBlockTypes } from './gloas.ts';
import type { BlockPreset } from './presets.ts';

/** The forks whose blocks carry blobs. */
export type BlobBlockFork = PayloadFork | 'gloas';
export const BLOB_BLOCK_FORKS: readonly BlobBlockFork[] = ['deneb', 'electra', 'fulu', 'gloas'];

/** What the blob tie reads of a served block. */
export interface ServedBeaconBlock {
  fork: BlobBlockFork;
  /** hash_tree_root(message): equal to the header's root. */
  root: Uint8Array;
  header: BeaconBlockHeaderValue;
  /** The execution block the block commits to: its payload's hash (Gloas: the bid's block_hash). */
  executionBlockHash: Uint8Array;
  /** blob_kzg_commitments of the body (Gloas: of the bid). */
  commitments: Uint8Array[];
}

/**
 * Reads a getBlockV2 answer of fork `fork` (the one the slot's epoch has: the answer's `version`,
 * and the header's if given, must name it).
 * @throws InputError for another fork, or anything that is not such a block
 * @example parseBlockAnswer(json, 'gloas', BLOCK_PRESETS.mainnet).commitments
 */
export function parseBlockAnswer(json: unknown, fork: BlobBlockFork, preset: BlockPreset, headerVersion?: string): ServedBeaconBlock {
  const obj = aobject(json, 'block answer');
  const version = obj.version;
  if (version !== undefined && version !== fork) throw new InputError(`the block answer's "version" expected "${fork}", got ${JSON.stringify(String(version)).slice(0, 40)}`);
  if (headerVersion !== undefined && headerVersion !== fork) throw new InputError(`the block answer's Eth-Consensus-Version expected "${fork}", got ${JSON.stringify(headerVersion.slice(0, 40))}`);
  const data = aobject(field(obj, 'data', 'block answer'), 'data');
  const message = field(data, 'message', 'data');
  if (!isObject(message)) throw new InputError('"data.message" expected a block object');
  if (fork === 'gloas') {
    const types = gloasBlockTypes(preset);
    const block = types.BeaconBlock.fromJson(message) as BeaconBlockValue<{ signedExecutionPayloadBid: { message: { blockHash: Uint8Array; blobKzgCommitments: Uint8Array[] } } }>;
    const bid = block.body.signedExecutionPayloadBid.message;
    return { fork, ...rootOf(block, types.BeaconBlockBody.hashTreeRoot(block.body)), executionBlockHash: bid.blockHash, commitments: bid.blobKzgCommitments };
  }
  const types = blockTypes(preset, fork);
  const block = types.BeaconBlock.fromJson(message) as BeaconBlockValue<{ executionPayload: { blockHash: Uint8Array }; blobKzgCommitments: Uint8Array[] }>;
  return { fork, ...rootOf(block, types.BeaconBlockBody.hashTreeRoot(block.body)), executionBlockHash: block.body.executionPayload.blockHash, commitments: block.body.blobKzgCommitments };
}

interface BeaconBlockValue<B> {
  slot: bigint;
  proposerIndex: bigint;
  parentRoot: Uint8Array;
  stateRoot: Uint8Array;
  body: B;
}

/** hash_tree_root(block) is its header's root (the body in by its root). */
function rootOf(block: BeaconBlockValue<unknown>, bodyRoot: Uint8Array): { root: Uint8Array; header: BeaconBlockHeaderValue } {
  const header = { slot: block.slot, proposerIndex: block.proposerIndex, parentRoot: block.parentRoot, stateRoot: block.stateRoot, bodyRoot };
  return { root: BeaconBlockHeader.hashTreeRoot(header), header };
}
