/**
 * The light-client store (LightClientStore of the sync protocol) and its persisted form.
 * @module
 */
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { aarray, aobject, field } from '../core/json.ts';
import { BeaconBlockHeader, ExecutionPayloadHeaderDeneb, type LightClientHeader, type LightClientTypes, type LightClientUpdate } from './containers.ts';

export interface LightClientStore {
  finalizedHeader: LightClientHeader;
  currentSyncCommittee: import('./containers.ts').SyncCommittee;
  nextSyncCommittee: import('./containers.ts').SyncCommittee;
  bestValidUpdate: LightClientUpdate | null;
  optimisticHeader: LightClientHeader;
  previousMaxActiveParticipants: number;
  currentMaxActiveParticipants: number;
}

const STORE_FORMAT = 1;

const headerToJson = (h: LightClientHeader) => ({
  beacon: BeaconBlockHeader.toJson(h.beacon),
  execution: ExecutionPayloadHeaderDeneb.toJson(h.execution),
  execution_branch: h.executionBranch.map(bytesToHex),
});

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

/** The store as bytes for persistence (versioned JSON; the preset is recorded and checked). */
export function serializeLightClientStore(types: LightClientTypes, presetName: string, store: LightClientStore): Uint8Array {
  const committee = types.SyncCommittee;
  const update = store.bestValidUpdate;
  const json = {
    format: STORE_FORMAT,
    preset: presetName,
    finalized_header: headerToJson(store.finalizedHeader),
    current_sync_committee: committee.toJson(store.currentSyncCommittee),
    next_sync_committee: committee.toJson(store.nextSyncCommittee),
    best_valid_update: update && {
      attested_header: headerToJson(update.attestedHeader),
      next_sync_committee: committee.toJson(update.nextSyncCommittee),
      next_sync_committee_branch: update.nextSyncCommitteeBranch.map(bytesToHex),
      finalized_header: headerToJson(update.finalizedHeader),
      finality_branch: update.finalityBranch.map(bytesToHex),
      sync_aggregate: types.SyncAggregate.toJson(update.syncAggregate),
      signature_slot: update.signatureSlot.toString(),
    },
    optimistic_header: headerToJson(store.optimisticHeader),
    previous_max_active_participants: store.previousMaxActiveParticipants,
    current_max_active_participants: store.currentMaxActiveParticipants,
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

export function deserializeLightClientStore(types: LightClientTypes, presetName: string, bytes: Uint8Array): LightClientStore {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new InputError('stored light-client store is not JSON', { cause: err });
  }
  const o = aobject(json, 'store');
  if (o.format !== STORE_FORMAT) throw new InputError(`stored light-client store has format ${String(o.format)}, expected ${STORE_FORMAT}`);
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
