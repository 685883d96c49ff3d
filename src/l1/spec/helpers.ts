/**
 * Small helpers of the light-client sync protocol, named as the spec names them.
 * consensus-specs v1.6 altair/capella/deneb/electra light-client/sync-protocol.md, v1.7.0-alpha.12
 * gloas/light-client/sync-protocol.md, phase0/beacon-chain.md (compute_domain, compute_signing_root).
 * @module
 */
import { bytesToHex, concatBytes } from '../../core/bytes.ts';
import {
  Bytes32,
  computeMerkleBranchRoot,
  Container,
  floorLog2,
  getGeneralizedIndex,
  getSubtreeIndex,
  isValidNormalizedMerkleBranch as sszNormalizedBranch,
} from '../../ssz/index.ts';
import { InputError } from '../../core/errors.ts';
import { BlsKeyCache } from '../../crypto/bls.ts';
import { type ChainConfig, computeEpochAtSlot, computeForkDataRoot, computeSyncCommitteePeriodAtSlot, forkEpoch } from '../config.ts';
import {
  type AnyLightClientHeader,
  type LightClientUpdate,
  BeaconBlockHeader,
  CURRENT_SYNC_COMMITTEE_GINDEX,
  CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  EXECUTION_BLOCK_HASH_GINDEX,
  EXECUTION_BLOCK_HASH_GINDEX_DENEB,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  EXECUTION_PAYLOAD_GINDEX,
  ExecutionPayloadHeaderCapella,
  ExecutionPayloadHeaderDeneb,
  FINALIZED_ROOT_GINDEX,
  FINALIZED_ROOT_GINDEX_ELECTRA,
  FINALIZED_ROOT_GINDEX_GLOAS,
  GLOAS_EXECUTION_BRANCH_DEPTH,
  type GloasLightClientHeader,
  isGloasHeader,
  lightClientTypes,
  type LightClientTypes,
  NEXT_SYNC_COMMITTEE_GINDEX,
  NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
  type SyncCommittee,
} from '../containers.ts';
import type { LightClientStore } from '../store.ts';

/** A store or update of either header shape, for helpers that read only slots, bits and branches. */
type SomeStore = LightClientStore<AnyLightClientHeader>;
type SomeUpdate = LightClientUpdate<AnyLightClientHeader>;

export const MIN_SYNC_COMMITTEE_PARTICIPANTS = 1;
export const DOMAIN_SYNC_COMMITTEE = Uint8Array.of(7, 0, 0, 0);
export const GENESIS_SLOT = 0n;

/** What every protocol function needs besides the store: the network, its types, the key cache. */
/** What the spec functions that verify no signature need (the store's force update, its codecs). */
export interface LightClientSpecContext {
  config: ChainConfig;
  types: LightClientTypes;
}

export interface LightClientContext extends LightClientSpecContext {
  /** Committee keys, decompressed once per committee (never per update). */
  keys: BlsKeyCache;
}

export function createLightClientContext(config: ChainConfig, keys = new BlsKeyCache()): LightClientContext {
  return { config, types: lightClientTypes(config.preset), keys };
}

const SigningData = /* @__PURE__ */ Container({ objectRoot: Bytes32, domain: Bytes32 }, { typeName: 'SigningData' });

/** compute_domain */
export function computeDomain(domainType: Uint8Array, forkVersion: Uint8Array, genesisValidatorsRoot: Uint8Array): Uint8Array {
  return concatBytes(domainType, computeForkDataRoot(forkVersion, genesisValidatorsRoot).subarray(0, 28));
}

/** compute_signing_root, for an object whose hash_tree_root is `objectRoot`. */
export function computeSigningRoot(objectRoot: Uint8Array, domain: Uint8Array): Uint8Array {
  return SigningData.hashTreeRoot({ objectRoot, domain });
}

/**
 * is_valid_normalized_merkle_branch, where a branch shorter than its gindex's depth is a branch
 * that does not verify (the spec's slice fails on it), not malformed input.
 */
export function isValidNormalizedMerkleBranch(leaf: Uint8Array, branch: readonly Uint8Array[], gindex: number, root: Uint8Array): boolean {
  if (branch.length < floorLog2(gindex)) return false;
  return sszNormalizedBranch(leaf, branch, gindex, root);
}

export const sumBits = (bits: readonly boolean[]): number => bits.reduce((n, b) => n + (b ? 1 : 0), 0);

const isZeroBytes = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);
const isZeroBranch = (branch: readonly Uint8Array[]): boolean => branch.every(isZeroBytes);

/** is_sync_committee_update */
export function isSyncCommitteeUpdate(update: SomeUpdate): boolean {
  return !isZeroBranch(update.nextSyncCommitteeBranch);
}

/** is_finality_update */
export function isFinalityUpdate(update: SomeUpdate): boolean {
  return !isZeroBranch(update.finalityBranch);
}

/**
 * Whether a committee is the default (all-zero) SyncCommittee, compared byte by byte rather than
 * by serializing two 24 KiB committees: the protocol asks this of every update.
 */
export function isDefaultSyncCommittee(committee: SyncCommittee): boolean {
  if (!isZeroBytes(committee.aggregatePubkey)) return false;
  for (const key of committee.pubkeys) for (let i = 0; i < key.length; i++) if (key[i] !== 0) return false;
  return true;
}

/** is_next_sync_committee_known */
export function isNextSyncCommitteeKnown(_ctx: LightClientSpecContext, store: SomeStore): boolean {
  return !isDefaultSyncCommittee(store.nextSyncCommittee);
}

/** get_safety_threshold */
export function getSafetyThreshold(store: SomeStore): number {
  return Math.floor(Math.max(store.previousMaxActiveParticipants, store.currentMaxActiveParticipants) / 2);
}

export function isDefaultHeader(header: AnyLightClientHeader): boolean {
  if (!BeaconBlockHeader.equals(header.beacon, BeaconBlockHeader.defaultValue()) || !isZeroBranch(header.executionBranch)) return false;
  return isGloasHeader(header)
    ? isZeroBytes(header.executionBlockHash)
    : ExecutionPayloadHeaderDeneb.equals(header.execution, ExecutionPayloadHeaderDeneb.defaultValue());
}

const epochOf = (config: ChainConfig, slot: bigint) => computeEpochAtSlot(config, slot);

/** finalized_root_gindex_at_slot (Electra and Gloas moved the finalized checkpoint deeper). */
export function finalizedRootGindexAtSlot(config: ChainConfig, slot: bigint): number {
  const epoch = epochOf(config, slot);
  if (epoch >= forkEpoch(config, 'gloas')) return FINALIZED_ROOT_GINDEX_GLOAS;
  return epoch >= forkEpoch(config, 'electra') ? FINALIZED_ROOT_GINDEX_ELECTRA : FINALIZED_ROOT_GINDEX;
}

/** current_sync_committee_gindex_at_slot */
export function currentSyncCommitteeGindexAtSlot(config: ChainConfig, slot: bigint): number {
  const epoch = epochOf(config, slot);
  if (epoch >= forkEpoch(config, 'gloas')) return CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS;
  return epoch >= forkEpoch(config, 'electra') ? CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA : CURRENT_SYNC_COMMITTEE_GINDEX;
}

/** next_sync_committee_gindex_at_slot */
export function nextSyncCommitteeGindexAtSlot(config: ChainConfig, slot: bigint): number {
  const epoch = epochOf(config, slot);
  if (epoch >= forkEpoch(config, 'gloas')) return NEXT_SYNC_COMMITTEE_GINDEX_GLOAS;
  return epoch >= forkEpoch(config, 'electra') ? NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA : NEXT_SYNC_COMMITTEE_GINDEX;
}

/** get_generalized_index({capella,deneb}.ExecutionPayloadHeader, "block_hash"): 28 and 44. */
export const PAYLOAD_BLOCK_HASH_GINDEX_CAPELLA = /* @__PURE__ */ getGeneralizedIndex(ExecutionPayloadHeaderCapella, 'blockHash');
export const PAYLOAD_BLOCK_HASH_GINDEX_DENEB = /* @__PURE__ */ getGeneralizedIndex(ExecutionPayloadHeaderDeneb, 'blockHash');

/**
 * get_lc_execution_root: the execution payload header's root in the layout of the header's own
 * fork (a Gloas header: its block hash). An upgraded header's root is rebuilt from the inner part
 * of its branch, the block hash's path through the old payload header.
 */
export function getLcExecutionRoot(config: ChainConfig, header: AnyLightClientHeader): Uint8Array {
  const epoch = epochOf(config, header.beacon.slot);
  if (!isGloasHeader(header)) {
    if (epoch >= forkEpoch(config, 'deneb')) return ExecutionPayloadHeaderDeneb.hashTreeRoot(header.execution);
    if (epoch >= forkEpoch(config, 'capella')) return ExecutionPayloadHeaderCapella.hashTreeRoot(header.execution);
    return new Uint8Array(32);
  }
  if (epoch >= forkEpoch(config, 'gloas')) return header.executionBlockHash;
  let blockHashGindex: number;
  if (epoch >= forkEpoch(config, 'deneb')) {
    if (header.beacon.slot === GENESIS_SLOT) return ExecutionPayloadHeaderDeneb.hashTreeRoot(ExecutionPayloadHeaderDeneb.defaultValue());
    blockHashGindex = PAYLOAD_BLOCK_HASH_GINDEX_DENEB;
  } else if (epoch >= forkEpoch(config, 'capella')) {
    if (header.beacon.slot === GENESIS_SLOT) return ExecutionPayloadHeaderCapella.hashTreeRoot(ExecutionPayloadHeaderCapella.defaultValue());
    blockHashGindex = PAYLOAD_BLOCK_HASH_GINDEX_CAPELLA;
  } else {
    return new Uint8Array(32);
  }
  const inner = header.executionBranch.slice(0, header.executionBranch.length - floorLog2(EXECUTION_PAYLOAD_GINDEX));
  const depth = floorLog2(blockHashGindex);
  if (inner.length < depth) throw new InputError(`"execution_branch" expected at least ${depth + floorLog2(EXECUTION_PAYLOAD_GINDEX)} nodes, got ${header.executionBranch.length}`);
  return computeMerkleBranchRoot(header.executionBlockHash, inner.slice(inner.length - depth), depth, getSubtreeIndex(blockHashGindex));
}

/**
 * is_valid_light_client_header, for either header shape. A Deneb-shaped header (Altair through
 * Fulu) is checked as Deneb's spec checks it; a Gloas-shaped one as Gloas's, whose pre-Gloas
 * branches (upgraded headers) prove the block hash through the old payload header (812, 412).
 * DIFF FROM SPEC: a Deneb-shaped header at a Gloas slot is invalid (no such header can prove it),
 * and a Gloas-shaped header's branch must have exactly the 11 nodes of its SSZ type.
 */
export function isValidLightClientHeader(config: ChainConfig, header: AnyLightClientHeader): boolean {
  const epoch = epochOf(config, header.beacon.slot);
  if (isGloasHeader(header)) return isValidGloasHeader(config, header, epoch);
  if (epoch >= forkEpoch(config, 'gloas')) return false;
  if (epoch < forkEpoch(config, 'deneb')) {
    if (header.execution.blobGasUsed !== 0n || header.execution.excessBlobGas !== 0n) return false;
  }
  if (epoch < forkEpoch(config, 'capella')) {
    return ExecutionPayloadHeaderDeneb.equals(header.execution, ExecutionPayloadHeaderDeneb.defaultValue()) && isZeroBranch(header.executionBranch);
  }
  if (header.executionBranch.length !== floorLog2(EXECUTION_PAYLOAD_GINDEX)) return false;
  return isValidNormalizedMerkleBranch(
    getLcExecutionRoot(config, header),
    header.executionBranch,
    EXECUTION_PAYLOAD_GINDEX,
    header.beacon.bodyRoot,
  );
}

function isValidGloasHeader(config: ChainConfig, header: GloasLightClientHeader, epoch: bigint): boolean {
  if (header.executionBranch.length !== GLOAS_EXECUTION_BRANCH_DEPTH) return false;
  let gindex: number;
  if (epoch >= forkEpoch(config, 'gloas')) gindex = EXECUTION_BLOCK_HASH_GINDEX_GLOAS;
  else if (epoch >= forkEpoch(config, 'deneb')) gindex = EXECUTION_BLOCK_HASH_GINDEX_DENEB;
  else if (epoch >= forkEpoch(config, 'capella')) gindex = EXECUTION_BLOCK_HASH_GINDEX;
  else return isZeroBytes(header.executionBlockHash) && isZeroBranch(header.executionBranch);
  return isValidNormalizedMerkleBranch(header.executionBlockHash, header.executionBranch, gindex, header.beacon.bodyRoot);
}

/** Sync-committee period of a slot, in the store's network. */
export const periodAt = (ctx: LightClientSpecContext, slot: bigint): bigint => computeSyncCommitteePeriodAtSlot(ctx.config, slot);

/**
 * How the key cache (and its stored records) names a committee: its aggregate_pubkey, 0x-hex.
 * A function of the keys, like the committee's root, but free to compute: a woken service worker
 * would otherwise hash 512 keys to find its committee. The cache compares the keys on every hit,
 * so a name can never bring another committee's keys.
 */
export function committeeKeyId(committee: SyncCommittee): string {
  return bytesToHex(committee.aggregatePubkey);
}

const committeeRoots = new WeakMap<SyncCommittee, string>();

/** hash_tree_root of a committee, remembered per committee object (committees are never mutated). */
export function syncCommitteeId(ctx: LightClientContext, committee: SyncCommittee): string {
  let id = committeeRoots.get(committee);
  if (id === undefined) {
    id = bytesToHex(ctx.types.SyncCommittee.hashTreeRoot(committee));
    committeeRoots.set(committee, id);
  }
  return id;
}
