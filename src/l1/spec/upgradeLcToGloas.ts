/**
 * upgrade_lc_{header,bootstrap,update,finality_update,optimistic_update,store}_to_gloas: pre-Gloas
 * light-client data in the Gloas shape, so that a store synced before the fork carries on after it
 * with nothing fetched again. The network keeps each fork's own format; these run locally.
 * consensus-specs v1.7.0-alpha.12 gloas/light-client/fork.md.
 *
 * The execution proof is re-rooted: the block hash's branch inside the old execution payload header
 * (capella's or deneb's layout, by the header's slot) followed by the header's own branch to the
 * body root, zero-padded in front to the 11 nodes of a Gloas ExecutionBranch. It then checks at
 * gindex 412 (Capella) or 812 (Deneb through Fulu) against the same body root.
 * @module
 */
import { createBranch, normalizeMerkleBranch } from '../../ssz/index.ts';
import { type ChainConfig, computeEpochAtSlot, forkEpoch } from '../config.ts';
import {
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  defaultGloasLightClientHeader,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  type ExecutionPayloadHeader,
  ExecutionPayloadHeaderCapella,
  ExecutionPayloadHeaderDeneb,
  FINALIZED_ROOT_GINDEX_GLOAS,
  type GloasLightClientHeader,
  type LightClientBootstrap,
  type LightClientFinalityUpdate,
  type LightClientHeader,
  type LightClientOptimisticUpdate,
  type LightClientUpdate,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
} from '../containers.ts';
import type { GloasLightClientStore, LightClientStore } from '../store.ts';
import { isDefaultHeader } from './helpers.ts';

type Gloas = GloasLightClientHeader;

/** The Capella payload header inside a Deneb-shaped one (its blob fields dropped). */
function capellaPart(execution: ExecutionPayloadHeader) {
  const { blobGasUsed: _b, excessBlobGas: _e, ...capella } = execution;
  return capella;
}

/** upgrade_lc_header_to_gloas */
export function upgradeLcHeaderToGloas(config: ChainConfig, pre: LightClientHeader): Gloas {
  if (isDefaultHeader(pre)) return defaultGloasLightClientHeader();
  const epoch = computeEpochAtSlot(config, pre.beacon.slot);
  let inner: Uint8Array[];
  if (epoch >= forkEpoch(config, 'deneb')) {
    inner = createBranch(ExecutionPayloadHeaderDeneb, pre.execution, 'blockHash').branch;
  } else if (epoch >= forkEpoch(config, 'capella')) {
    inner = createBranch(ExecutionPayloadHeaderCapella, capellaPart(pre.execution), 'blockHash').branch;
  } else {
    return { ...defaultGloasLightClientHeader(), beacon: pre.beacon };
  }
  return {
    beacon: pre.beacon,
    executionBlockHash: pre.execution.blockHash,
    executionBranch: normalizeMerkleBranch([...inner, ...pre.executionBranch], EXECUTION_BLOCK_HASH_GINDEX_GLOAS),
  };
}

/** upgrade_lc_bootstrap_to_gloas */
export function upgradeLcBootstrapToGloas(config: ChainConfig, pre: LightClientBootstrap): LightClientBootstrap<Gloas> {
  return {
    header: upgradeLcHeaderToGloas(config, pre.header),
    currentSyncCommittee: pre.currentSyncCommittee,
    currentSyncCommitteeBranch: normalizeMerkleBranch(pre.currentSyncCommitteeBranch, CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS),
  };
}

/** upgrade_lc_update_to_gloas */
export function upgradeLcUpdateToGloas(config: ChainConfig, pre: LightClientUpdate): LightClientUpdate<Gloas> {
  return {
    attestedHeader: upgradeLcHeaderToGloas(config, pre.attestedHeader),
    nextSyncCommittee: pre.nextSyncCommittee,
    nextSyncCommitteeBranch: normalizeMerkleBranch(pre.nextSyncCommitteeBranch, NEXT_SYNC_COMMITTEE_GINDEX_GLOAS),
    finalizedHeader: upgradeLcHeaderToGloas(config, pre.finalizedHeader),
    finalityBranch: normalizeMerkleBranch(pre.finalityBranch, FINALIZED_ROOT_GINDEX_GLOAS),
    syncAggregate: pre.syncAggregate,
    signatureSlot: pre.signatureSlot,
  };
}

/** upgrade_lc_finality_update_to_gloas */
export function upgradeLcFinalityUpdateToGloas(config: ChainConfig, pre: LightClientFinalityUpdate): LightClientFinalityUpdate<Gloas> {
  return {
    attestedHeader: upgradeLcHeaderToGloas(config, pre.attestedHeader),
    finalizedHeader: upgradeLcHeaderToGloas(config, pre.finalizedHeader),
    finalityBranch: normalizeMerkleBranch(pre.finalityBranch, FINALIZED_ROOT_GINDEX_GLOAS),
    syncAggregate: pre.syncAggregate,
    signatureSlot: pre.signatureSlot,
  };
}

/** upgrade_lc_optimistic_update_to_gloas */
export function upgradeLcOptimisticUpdateToGloas(config: ChainConfig, pre: LightClientOptimisticUpdate): LightClientOptimisticUpdate<Gloas> {
  return {
    attestedHeader: upgradeLcHeaderToGloas(config, pre.attestedHeader),
    syncAggregate: pre.syncAggregate,
    signatureSlot: pre.signatureSlot,
  };
}

/**
 * upgrade_lc_store_to_gloas. The spec allows it before GLOAS_FORK_EPOCH; Vigil runs it when the
 * first Gloas-shaped data meets a pre-Gloas store (src/l1/processor.ts), so nothing changes for a
 * store until the fork's data arrives.
 */
export function upgradeLcStoreToGloas(config: ChainConfig, pre: LightClientStore): GloasLightClientStore {
  return {
    finalizedHeader: upgradeLcHeaderToGloas(config, pre.finalizedHeader),
    currentSyncCommittee: pre.currentSyncCommittee,
    nextSyncCommittee: pre.nextSyncCommittee,
    bestValidUpdate: pre.bestValidUpdate === null ? null : upgradeLcUpdateToGloas(config, pre.bestValidUpdate),
    optimisticHeader: upgradeLcHeaderToGloas(config, pre.optimisticHeader),
    previousMaxActiveParticipants: pre.previousMaxActiveParticipants,
    currentMaxActiveParticipants: pre.currentMaxActiveParticipants,
  };
}
