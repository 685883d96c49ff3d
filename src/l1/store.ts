/**
 * The light-client store (LightClientStore of the sync protocol) and its persisted form. A store
 * holds one header shape: Deneb-shaped through Fulu, Gloas-shaped once upgrade_lc_store_to_gloas
 * ran (src/l1/spec/upgradeLcToGloas.ts). Each shape has its own persisted format byte.
 * @module
 */
import { describe, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aarray, aobject, field } from '../core/json.ts';
import { Bytes32, Container, List, uint64, Vector } from '../ssz/index.ts';
import {
  type AnyLightClientHeader,
  BeaconBlockHeader,
  ExecutionPayloadHeaderDeneb,
  type GloasLightClientHeader,
  GloasLightClientHeaderType,
  isGloasHeader,
  type LightClientHeader,
  type LightClientTypes,
  type LightClientUpdate,
  type SyncCommittee,
} from './containers.ts';

/** LightClientStore; `H` is the shape of every header in it (Deneb-shaped by default). */
export interface LightClientStore<H extends AnyLightClientHeader = LightClientHeader> {
  finalizedHeader: H;
  currentSyncCommittee: SyncCommittee;
  nextSyncCommittee: SyncCommittee;
  bestValidUpdate: LightClientUpdate<H> | null;
  optimisticHeader: H;
  previousMaxActiveParticipants: number;
  currentMaxActiveParticipants: number;
}

/** A store after upgrade_lc_store_to_gloas. */
export type GloasLightClientStore = LightClientStore<GloasLightClientHeader>;
export type AnyLightClientStore = LightClientStore | GloasLightClientStore;

/** Whether a store was upgraded to Gloas (its headers are all Gloas-shaped). */
export function isGloasStore(store: AnyLightClientStore): store is GloasLightClientStore {
  return isGloasHeader(store.finalizedHeader);
}

/**
 * Format 1: JSON (still read). Format 2 (written): a format byte, the preset's name, the store as
 * SSZ. No digest: IndexedDB writes a record whole or not at all, whoever could alter it could as
 * well rewrite a digest, and hashing the record on the cold hash kernel would cost a woken
 * service worker more than the binary form saves.
 */
const JSON_FORMAT = 1;
const SSZ_FORMAT = 2;
/** Format 3: as format 2, for a Gloas store (Gloas-shaped headers). */
const GLOAS_SSZ_FORMAT = 3;

/**
 * The store as one SSZ container (not a spec type: the persisted form only). Headers are kept in
 * the Deneb shape every header is lifted to; branches as lists, their lengths differing by fork.
 */
/** The Deneb-shaped LightClientHeader every stored header has. */
const StoredHeader = /* @__PURE__ */ Container({ beacon: BeaconBlockHeader, execution: ExecutionPayloadHeaderDeneb, executionBranch: Vector(Bytes32, 4) });

/**
 * A header kept beside the store (the client's record of which header signatures rest on): SSZ
 * of the Deneb shape every pre-Gloas stored header has, or of the Gloas header. Not a spec type:
 * the persisted form only. The length tells the two apart: a Gloas header has a fixed size
 * (GloasLightClientHeaderType), a Deneb-shaped one is always longer (its payload header alone is
 * 584 bytes and more).
 */
export function serializeLightClientHeader(header: AnyLightClientHeader): Uint8Array {
  return isGloasHeader(header) ? GloasLightClientHeaderType.serialize(header) : StoredHeader.serialize(header);
}

/** @throws InputError (from the SSZ decoder) for bytes that are not a serialized header */
export function deserializeLightClientHeader(bytes: Uint8Array): AnyLightClientHeader {
  return bytes.length === GloasLightClientHeaderType.fixedSize ? GloasLightClientHeaderType.deserialize(bytes) : StoredHeader.deserialize(bytes);
}

function buildStoreType<H extends typeof StoredHeader | typeof GloasLightClientHeaderType>(types: LightClientTypes, header: H) {
  // Branch lists: a Gloas store's branches are normalized (9, 11), a pre-Gloas store's keep their fork's length.
  const update = Container({
    attestedHeader: header,
    nextSyncCommittee: types.SyncCommittee,
    nextSyncCommitteeBranch: List(Bytes32, 16),
    finalizedHeader: header,
    finalityBranch: List(Bytes32, 16),
    syncAggregate: types.SyncAggregate,
    signatureSlot: uint64,
  });
  return Container({
    finalizedHeader: header,
    currentSyncCommittee: types.SyncCommittee,
    nextSyncCommittee: types.SyncCommittee,
    bestValidUpdate: List(update, 1),
    optimisticHeader: header,
    previousMaxActiveParticipants: uint64,
    currentMaxActiveParticipants: uint64,
  });
}

const buildBoth = (types: LightClientTypes) => ({
  deneb: buildStoreType(types, StoredHeader),
  gloas: buildStoreType(types, GloasLightClientHeaderType),
});
const storeTypes = new WeakMap<LightClientTypes, ReturnType<typeof buildBoth>>();

function storeType(types: LightClientTypes): ReturnType<typeof buildBoth> {
  let t = storeTypes.get(types);
  if (t === undefined) {
    t = buildBoth(types);
    storeTypes.set(types, t);
  }
  return t;
}

const headerFromJson = (json: unknown, title: string): LightClientHeader => {
  const o = aobject(json, title);
  return {
    beacon: BeaconBlockHeader.fromJson(field(o, 'beacon', title) as never),
    execution: ExecutionPayloadHeaderDeneb.fromJson(field(o, 'execution', title) as never),
    executionBranch: branchFromJson(field(o, 'execution_branch', title), `${title}.execution_branch`),
  };
};

const branchFromJson = (json: unknown, title: string): Uint8Array[] =>
  aarray(json, title, 8).map((node, i) => hexToBytes(node, 32, `${title}[${i}]`));

/**
 * The store as bytes for persistence: a format byte, the preset's name (checked on load), then the
 * store as SSZ (binary: a woken service worker reads it several times faster than JSON).
 */
export function serializeLightClientStore(types: LightClientTypes, presetName: string, store: AnyLightClientStore): Uint8Array {
  const name = new TextEncoder().encode(presetName);
  if (name.length > 255) throw new InputError('preset name too long');
  const gloas = isGloasStore(store);
  const type: { serialize(v: unknown): Uint8Array } = gloas ? storeType(types).gloas : storeType(types).deneb;
  const body = type.serialize({
    finalizedHeader: store.finalizedHeader,
    currentSyncCommittee: store.currentSyncCommittee,
    nextSyncCommittee: store.nextSyncCommittee,
    bestValidUpdate: store.bestValidUpdate === null ? [] : [store.bestValidUpdate],
    optimisticHeader: store.optimisticHeader,
    previousMaxActiveParticipants: BigInt(store.previousMaxActiveParticipants),
    currentMaxActiveParticipants: BigInt(store.currentMaxActiveParticipants),
  });
  const out = new Uint8Array(2 + name.length + body.length);
  out[0] = gloas ? GLOAS_SSZ_FORMAT : SSZ_FORMAT;
  out[1] = name.length;
  out.set(name, 2);
  out.set(body, 2 + name.length);
  return out;
}

/**
 * Reads a pre-Gloas store (format 2, or the JSON of format 1 stores saved by older code). A Gloas
 * store (format 3) is refused with LC_UNSUPPORTED_FORK: its heads prove only a block hash, which a
 * caller of this function cannot take; {@link deserializeAnyLightClientStore} reads both.
 */
export function deserializeLightClientStore(types: LightClientTypes, presetName: string, bytes: Uint8Array): LightClientStore {
  const store = deserializeAnyLightClientStore(types, presetName, bytes);
  if (isGloasStore(store)) throw new VerificationError('LC_UNSUPPORTED_FORK', 'a gloas store');
  return store;
}

/** Reads any persisted store: format 3 (Gloas), format 2, or format 1's JSON. */
export function deserializeAnyLightClientStore(types: LightClientTypes, presetName: string, bytes: Uint8Array): AnyLightClientStore {
  if (bytes[0] !== SSZ_FORMAT && bytes[0] !== GLOAS_SSZ_FORMAT) return deserializeJsonStore(types, presetName, bytes);
  const gloas = bytes[0] === GLOAS_SSZ_FORMAT;
  const length = bytes[1] ?? 0;
  const preset = new TextDecoder().decode(bytes.subarray(2, 2 + length));
  if (preset !== presetName) {
    throw new VerificationError('LC_STORE_MISMATCH', 'stored light-client store belongs to another preset', { expected: presetName, got: preset });
  }
  const body = bytes.subarray(2 + length);
  return gloas ? fromStored(storeType(types).gloas.deserialize(body)) : fromStored(storeType(types).deneb.deserialize(body));
}

interface StoredBody<H extends AnyLightClientHeader> extends Omit<LightClientStore<H>, 'bestValidUpdate' | 'previousMaxActiveParticipants' | 'currentMaxActiveParticipants'> {
  bestValidUpdate: LightClientUpdate<H>[];
  previousMaxActiveParticipants: bigint;
  currentMaxActiveParticipants: bigint;
}

function fromStored<H extends AnyLightClientHeader>(v: StoredBody<H>): LightClientStore<H> {
  const count = (x: bigint, name: string): number => {
    if (x > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(`stored ${name} is not a count`);
    return Number(x);
  };
  return {
    finalizedHeader: v.finalizedHeader,
    currentSyncCommittee: v.currentSyncCommittee,
    nextSyncCommittee: v.nextSyncCommittee,
    bestValidUpdate: v.bestValidUpdate[0] ?? null,
    optimisticHeader: v.optimisticHeader,
    previousMaxActiveParticipants: count(v.previousMaxActiveParticipants, 'previous_max_active_participants'),
    currentMaxActiveParticipants: count(v.currentMaxActiveParticipants, 'current_max_active_participants'),
  };
}

function deserializeJsonStore(types: LightClientTypes, presetName: string, bytes: Uint8Array): LightClientStore {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new InputError('stored light-client store is not JSON', { cause: err });
  }
  const o = aobject(json, 'store');
  if (o.format !== JSON_FORMAT) throw new InputError(`stored light-client store has format ${describe(o.format)}, expected ${JSON_FORMAT}, ${SSZ_FORMAT} or ${GLOAS_SSZ_FORMAT}`);
  if (o.preset !== presetName) {
    throw new VerificationError('LC_STORE_MISMATCH', 'stored light-client store belongs to another preset', { expected: presetName, got: String(o.preset) });
  }
  const committee = types.SyncCommittee;
  const u = o.best_valid_update;
  let bestValidUpdate: LightClientUpdate | null = null;
  if (u !== null && u !== undefined) {
    const uo = aobject(u, 'best_valid_update');
    bestValidUpdate = {
      attestedHeader: headerFromJson(field(uo, 'attested_header'), 'attested_header'),
      nextSyncCommittee: committee.fromJson(field(uo, 'next_sync_committee') as never),
      nextSyncCommitteeBranch: branchFromJson(field(uo, 'next_sync_committee_branch'), 'next_sync_committee_branch'),
      finalizedHeader: headerFromJson(field(uo, 'finalized_header'), 'finalized_header'),
      finalityBranch: branchFromJson(field(uo, 'finality_branch'), 'finality_branch'),
      syncAggregate: types.SyncAggregate.fromJson(field(uo, 'sync_aggregate') as never),
      signatureSlot: BigInt(String(field(uo, 'signature_slot'))),
    };
  }
  const count = (name: string) => {
    const v = field(o, name);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InputError(`stored ${name} is not a count`);
    return v;
  };
  return {
    finalizedHeader: headerFromJson(field(o, 'finalized_header'), 'finalized_header'),
    currentSyncCommittee: committee.fromJson(field(o, 'current_sync_committee') as never),
    nextSyncCommittee: committee.fromJson(field(o, 'next_sync_committee') as never),
    bestValidUpdate,
    optimisticHeader: headerFromJson(field(o, 'optimistic_header'), 'optimistic_header'),
    previousMaxActiveParticipants: count('previous_max_active_participants'),
    currentMaxActiveParticipants: count('current_max_active_participants'),
  };
}
