/**
 * The `UpdateProcessor` contract: how the L1 sync loop (src/client/l1-sync.ts) runs the protocol's
 * verifying functions (initialize_light_client_store, process_light_client_{,finality_,optimistic_}update),
 * BLS checks included. {@link localProcessor} runs them in the caller's thread;
 * src/workers/lc-processor.ts runs them in the worker pool. Either way this layer stays pure: the
 * processor gets the store and the response as the transport delivered them and returns the next
 * store with who signed the update (its attested header and sync-committee participation), or
 * throws the typed error the spec function threw.
 * @module
 */
import { isObject } from '../core/json.ts';
import type { BlsKeyCache, PreparedKeysSnapshot } from '../crypto/bls.ts';
import type { ChainConfig, ForkName } from './config.ts';
import { BeaconBlockHeader } from './containers.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate, type Encoded } from './decode.ts';
import { type SyncParticipation, syncParticipation } from './heads.ts';
import { createLightClientContext, type LightClientContext } from './spec/helpers.ts';
import { initializeLightClientStore } from './spec/initializeLightClientStore.ts';
import {
  finalityUpdateToUpdate,
  optimisticUpdateToUpdate,
  processLightClientUpdate,
} from './spec/processLightClientUpdate.ts';
import type { LightClientStore } from './store.ts';

/** A light-client object as a transport delivered it (src/rpc's responses have this shape): unchecked. */
export interface LightClientResponse {
  fork: ForkName;
  /** The `data` object of a JSON answer. */
  json?: unknown;
  /** The SSZ payload of an octet-stream answer. */
  ssz?: Uint8Array;
  /** The endpoint (base URL) every byte of this object came from. */
  endpoint: string;
}

/** One committee's decoded keys, by its key-cache id ({@link committeeKeyId}: the aggregate key, 0x-hex). */
export interface CommitteeKeys {
  id: string;
  snapshot: PreparedKeysSnapshot;
}

export type UpdateKind = 'update' | 'finality' | 'optimistic';

/** What processing one update gave: the next store, and what the update's sync aggregate signed. */
export interface ProcessedUpdate {
  store: LightClientStore;
  /** The update's attested header (the one its sync aggregate signed): slot and hash_tree_root. */
  attested: { slot: bigint; root: Uint8Array };
  /** How many of the committee signed it. */
  participation: SyncParticipation;
}

/**
 * A processor that keeps decoded committee keys (a BlsKeyCache, here or in each worker) can take
 * stored ones and hand back what it decoded, so the loop can persist them across restarts.
 */
export interface UpdateProcessor {
  bootstrap(checkpoint: Uint8Array, response: LightClientResponse): Promise<LightClientStore>;
  process(kind: UpdateKind, store: LightClientStore, response: LightClientResponse, currentSlot: bigint): Promise<ProcessedUpdate>;
  /** Offers stored keys, used (each point checked) when their committee is next needed. */
  restoreCommitteeKeys?(records: CommitteeKeys[]): void;
  /** The committees that decoded keys since the last call, each with all its decoded keys. */
  takeCommitteeKeys?(): CommitteeKeys[];
}

/** The spec functions in this thread, with `ctx.keys` as the committee key cache. */
export function localProcessor(ctx: LightClientContext): UpdateProcessor {
  return {
    bootstrap: async (checkpoint, r) => initializeLightClientStore(ctx, checkpoint, decodeBootstrap(ctx.types, r.fork, encoded(r))),
    process: async (kind, store, r, currentSlot) => processResponse(ctx, kind, store, r.fork, encoded(r), currentSlot),
    restoreCommitteeKeys: (records) => {
      // The cache checks every point; only a snapshot that is no object at all would trip it later.
      for (const { id, snapshot } of records) if (isObject(snapshot)) ctx.keys.restore(id, snapshot);
    },
    takeCommitteeKeys: () => ctx.keys.takeChanges(),
  };
}

/**
 * process_light_client_update (or its finality / optimistic variant, as `kind` says) on a response
 * still encoded: the one place a processor, here or in a worker, decodes and processes an update.
 * @throws the spec function's VerificationError; InputError for data that does not decode
 */
export function processResponse(ctx: LightClientContext, kind: UpdateKind, store: LightClientStore, fork: ForkName, data: Encoded, currentSlot: bigint): ProcessedUpdate {
  const update =
    kind === 'update'
      ? decodeUpdate(ctx.types, fork, data)
      : kind === 'finality'
        ? finalityUpdateToUpdate(ctx, decodeFinalityUpdate(ctx.types, fork, data))
        : optimisticUpdateToUpdate(ctx, decodeOptimisticUpdate(ctx.types, fork, data));
  const next = processLightClientUpdate(ctx, store, update, currentSlot);
  const attested = update.attestedHeader.beacon;
  return { store: next, attested: { slot: attested.slot, root: BeaconBlockHeader.hashTreeRoot(attested) }, participation: syncParticipation(update.syncAggregate) };
}

function encoded(r: LightClientResponse): Encoded {
  return r.ssz !== undefined ? { ssz: r.ssz } : { json: r.json };
}

/** {@link localProcessor} over a fresh context for `config` (`keys`: a committee key cache to share). */
export function localProcessorFor(config: ChainConfig, keys?: BlsKeyCache): UpdateProcessor {
  return localProcessor(createLightClientContext(config, keys));
}
