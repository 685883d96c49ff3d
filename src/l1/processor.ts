/**
 * The `UpdateProcessor` contract: how the L1 sync loop (src/client/light-client/sync.ts) runs the protocol's
 * verifying functions (initialize_light_client_store, process_light_client_{,finality_,optimistic_}update),
 * BLS checks included. {@link localProcessor} runs them in the caller's thread;
 * src/workers/lc-processor.ts runs them in the worker pool. Either way this layer stays pure: the
 * processor gets the store and the response as the transport delivered them and returns the next
 * store with who signed the update (its attested header and sync-committee participation), or
 * throws the typed error the spec function threw.
 *
 * Across the Gloas fork: data is decoded in the format of its fork (the attested header's slot
 * chooses it, p2p-interface.md), a pre-Gloas store is upgraded (upgrade_lc_store_to_gloas) when
 * the first Gloas data meets it, and pre-Gloas data meeting an upgraded store is upgraded first.
 * `UpdateProcessor` (no type argument) is the pre-Gloas contract src/client holds today: it
 * refuses Gloas data with LC_UNSUPPORTED_FORK, since its heads must carry an execution payload
 * header. `UpdateProcessor<AnyLightClientStore>` ({@link localAnyProcessor}) takes both.
 * @module
 */
import { isObject } from '../core/json.ts';
import type { BlsKeyCache, PreparedKeysSnapshot } from '../crypto/bls.ts';
import { VerificationError } from '../core/errors.ts';
import { type ChainConfig, computeEpochAtSlot, type ForkName, forkEpoch, type PreGloasForkName, preGloasFork } from './config.ts';
import {
  type AnyLightClientHeader,
  BeaconBlockHeader,
  type GloasLightClientHeader,
  isGloasHeader,
  type LightClientHeader,
  type LightClientUpdate,
} from './containers.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate, type Encoded } from './decode.ts';
import { type SyncParticipation, syncParticipation } from './heads.ts';
import { createLightClientContext, type LightClientContext } from './spec/helpers.ts';
import { initializeLightClientStore } from './spec/initializeLightClientStore.ts';
import {
  finalityUpdateToUpdate,
  optimisticUpdateToUpdate,
  processLightClientUpdate,
} from './spec/processLightClientUpdate.ts';
import { upgradeLcStoreToGloas, upgradeLcUpdateToGloas } from './spec/upgradeLcToGloas.ts';
import { type AnyLightClientStore, isGloasStore, type LightClientStore } from './store.ts';

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
export interface ProcessedUpdate<S extends AnyLightClientStore = LightClientStore> {
  store: S;
  /** The update's attested header (the one its sync aggregate signed): slot and hash_tree_root. */
  attested: { slot: bigint; root: Uint8Array };
  /** How many of the committee signed it. */
  participation: SyncParticipation;
}

/**
 * A processor that keeps decoded committee keys (a BlsKeyCache, here or in each worker) can take
 * stored ones and hand back what it decoded, so the loop can persist them across restarts.
 */
export interface UpdateProcessor<S extends AnyLightClientStore = LightClientStore> {
  bootstrap(checkpoint: Uint8Array, response: LightClientResponse): Promise<S>;
  process(kind: UpdateKind, store: S, response: LightClientResponse, currentSlot: bigint): Promise<ProcessedUpdate<S>>;
  /** Offers stored keys, used (each point checked) when their committee is next needed. */
  restoreCommitteeKeys?(records: CommitteeKeys[]): void;
  /** The committees that decoded keys since the last call, each with all its decoded keys. */
  takeCommitteeKeys?(): CommitteeKeys[];
}

/**
 * The spec functions in this thread, with `ctx.keys` as the committee key cache. Pre-Gloas only:
 * Gloas data is refused with LC_UNSUPPORTED_FORK (see {@link localAnyProcessor}).
 */
export function localProcessor(ctx: LightClientContext): UpdateProcessor {
  return {
    bootstrap: async (checkpoint, r) => initializeLightClientStore(ctx, checkpoint, decodeBootstrap(ctx.types, preGloasFork(r.fork), encoded(r))),
    process: async (kind, store, r, currentSlot) => processResponse(ctx, kind, store, preGloasFork(r.fork), encoded(r), currentSlot),
    ...keyHooks(ctx),
  };
}

/** As {@link localProcessor}, across the Gloas fork: stores and heads of either shape. */
export function localAnyProcessor(ctx: LightClientContext): UpdateProcessor<AnyLightClientStore> {
  return {
    bootstrap: async (checkpoint, r) => bootstrapResponse(ctx, checkpoint, r.fork, encoded(r)),
    process: async (kind, store, r, currentSlot) => processResponse(ctx, kind, store, r.fork, encoded(r), currentSlot),
    ...keyHooks(ctx),
  };
}

function keyHooks(ctx: LightClientContext): Pick<UpdateProcessor, 'restoreCommitteeKeys' | 'takeCommitteeKeys'> {
  return {
    restoreCommitteeKeys: (records) => {
      // The cache checks every point; only a snapshot that is no object at all would trip it later.
      for (const { id, snapshot } of records) if (isObject(snapshot)) ctx.keys.restore(id, snapshot);
    },
    takeCommitteeKeys: () => ctx.keys.takeChanges(),
  };
}

/**
 * initialize_light_client_store on a bootstrap still encoded, of any fork. The bootstrap keeps
 * its fork's shape: a Gloas bootstrap gives a Gloas store.
 */
export function bootstrapResponse(ctx: LightClientContext, checkpoint: Uint8Array, fork: ForkName, data: Encoded): AnyLightClientStore {
  const bootstrap = decodeBootstrap(ctx.types, fork, data);
  checkFormatAtSlot(ctx.config, fork, bootstrap.header);
  return isGloasHeader(bootstrap.header)
    ? initializeLightClientStore(ctx, checkpoint, bootstrap as { header: GloasLightClientHeader } & typeof bootstrap)
    : initializeLightClientStore(ctx, checkpoint, bootstrap as { header: LightClientHeader } & typeof bootstrap);
}

/**
 * The format of light-client data is chosen by its (attested) header's slot: Gloas containers
 * from GLOAS_FORK_EPOCH on, earlier ones before. Data in the other format is a server's error
 * (LC_WRONG_FORK), refused before any check runs on it.
 */
function checkFormatAtSlot(config: ChainConfig, fork: ForkName, header: AnyLightClientHeader): void {
  const gloasSlot = computeEpochAtSlot(config, header.beacon.slot) >= forkEpoch(config, 'gloas');
  if (isGloasHeader(header) !== gloasSlot) {
    throw new VerificationError('LC_WRONG_FORK', `${fork} light-client data for a header at slot ${header.beacon.slot}`, {
      expected: gloasSlot ? 'gloas data' : 'pre-gloas data',
      got: fork,
    });
  }
}

/**
 * process_light_client_update (or its finality / optimistic variant, as `kind` says) on a response
 * still encoded: the one place a processor, here or in a worker, decodes and processes an update.
 * @throws the spec function's VerificationError; InputError for data that does not decode
 */
export function processResponse(ctx: LightClientContext, kind: UpdateKind, store: LightClientStore, fork: PreGloasForkName, data: Encoded, currentSlot: bigint): ProcessedUpdate;
export function processResponse(ctx: LightClientContext, kind: UpdateKind, store: AnyLightClientStore, fork: ForkName, data: Encoded, currentSlot: bigint): ProcessedUpdate<AnyLightClientStore>;
export function processResponse(ctx: LightClientContext, kind: UpdateKind, store: AnyLightClientStore, fork: ForkName, data: Encoded, currentSlot: bigint): ProcessedUpdate<AnyLightClientStore> {
  // Either shape throughout (the decoder gives one shape per fork); split below.
  const update: LightClientUpdate<AnyLightClientHeader> =
    kind === 'update'
      ? decodeUpdate(ctx.types, fork, data)
      : kind === 'finality'
        ? finalityUpdateToUpdate<AnyLightClientHeader>(ctx, decodeFinalityUpdate(ctx.types, fork, data))
        : optimisticUpdateToUpdate<AnyLightClientHeader>(ctx, decodeOptimisticUpdate(ctx.types, fork, data));
  checkFormatAtSlot(ctx.config, fork, update.attestedHeader);
  let next: AnyLightClientStore;
  if (isGloasHeader(update.attestedHeader) || isGloasStore(store)) {
    // A Gloas store processes Gloas-shaped data only: the side still pre-Gloas is upgraded.
    const gloasStore = isGloasStore(store) ? store : upgradeLcStoreToGloas(ctx.config, store);
    const gloasUpdate = isGloasHeader(update.attestedHeader)
      ? (update as LightClientUpdate<GloasLightClientHeader>)
      : upgradeLcUpdateToGloas(ctx.config, update as LightClientUpdate);
    next = processLightClientUpdate(ctx, gloasStore, gloasUpdate, currentSlot);
  } else {
    next = processLightClientUpdate(ctx, store, update as LightClientUpdate, currentSlot);
  }
  const attested = update.attestedHeader.beacon;
  return { store: next, attested: { slot: attested.slot, root: BeaconBlockHeader.hashTreeRoot(attested) }, participation: syncParticipation(update.syncAggregate) };
}

function encoded(r: LightClientResponse): Encoded {
  return r.ssz !== undefined ? { ssz: r.ssz } : { json: r.json };
}

/** {@link localAnyProcessor} over a fresh context for `config` (`keys`: a committee key cache to share). */
export function localProcessorFor(config: ChainConfig, keys?: BlsKeyCache): UpdateProcessor<AnyLightClientStore> {
  return localAnyProcessor(createLightClientContext(config, keys));
}
