/**
 * Light-client containers per preset and fork, and the one normalized shape Vigil works with.
 *
 * Data arrives typed by its fork (Beacon API `version`, or the SSZ context digest). Like the
 * spec's `upgrade_lc_*` functions, every value is lifted at decode time into the latest shape:
 * an Altair header gets the default execution header and an all-zero branch, a Capella execution
 * header gets zero blob fields. Branches keep their own length (5/6 before Electra, 6/7 after),
 * since the spec checks them as normalized branches against the gindex of their slot.
 * consensus-specs: altair, capella, deneb, electra light-client/sync-protocol.md.
 * @module
 */
import { InputError } from '../core/errors.ts';
import {
  Bitvector,
  ByteList,
  ByteVector,
  Bytes20,
  Bytes32,
  Bytes48,
  Bytes96,
  Container,
  uint256,
  uint64,
  Vector,
  type ValueOf,
} from '../ssz/index.ts';
import type { ForkName, Preset } from './config.ts';

export const BeaconBlockHeader = /* @__PURE__ */ Container(
  { slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, bodyRoot: Bytes32 },
  { typeName: 'BeaconBlockHeader' },
);

const capellaExecutionFields = {
  parentHash: Bytes32,
  feeRecipient: Bytes20,
  stateRoot: Bytes32,
  receiptsRoot: Bytes32,
  logsBloom: ByteVector(256),
  prevRandao: Bytes32,
  blockNumber: uint64,
  gasLimit: uint64,
  gasUsed: uint64,
  timestamp: uint64,
  extraData: ByteList(32),
  baseFeePerGas: uint256,
  blockHash: Bytes32,
  transactionsRoot: Bytes32,
  withdrawalsRoot: Bytes32,
};
export const ExecutionPayloadHeaderCapella = /* @__PURE__ */ Container(capellaExecutionFields, {
  typeName: 'ExecutionPayloadHeader',
});
/** Deneb's header; Electra and Fulu keep it unchanged. */
export const ExecutionPayloadHeaderDeneb = /* @__PURE__ */ Container(
  { ...capellaExecutionFields, blobGasUsed: uint64, excessBlobGas: uint64 },
  { typeName: 'ExecutionPayloadHeader' },
);

/** EXECUTION_PAYLOAD_GINDEX in BeaconBlockBody, from Capella on. */
export const EXECUTION_PAYLOAD_GINDEX = 25;
export const FINALIZED_ROOT_GINDEX = 105;
export const CURRENT_SYNC_COMMITTEE_GINDEX = 54;
export const NEXT_SYNC_COMMITTEE_GINDEX = 55;
export const FINALIZED_ROOT_GINDEX_ELECTRA = 169;
export const CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA = 86;
export const NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA = 87;

export type ExecutionPayloadHeader = ValueOf<typeof ExecutionPayloadHeaderDeneb>;
export type BeaconBlockHeaderValue = ValueOf<typeof BeaconBlockHeader>;

export interface LightClientHeader {
  beacon: BeaconBlockHeaderValue;
  execution: ExecutionPayloadHeader;
  executionBranch: Uint8Array[];
}

export interface SyncCommittee {
  pubkeys: Uint8Array[];
  aggregatePubkey: Uint8Array;
}

export interface SyncAggregate {
  syncCommitteeBits: boolean[];
  syncCommitteeSignature: Uint8Array;
}

export interface LightClientBootstrap {
  header: LightClientHeader;
  currentSyncCommittee: SyncCommittee;
  currentSyncCommitteeBranch: Uint8Array[];
}

export interface LightClientUpdate {
  attestedHeader: LightClientHeader;
  nextSyncCommittee: SyncCommittee;
  nextSyncCommitteeBranch: Uint8Array[];
  finalizedHeader: LightClientHeader;
  finalityBranch: Uint8Array[];
  syncAggregate: SyncAggregate;
  signatureSlot: bigint;
}

export interface LightClientFinalityUpdate {
  attestedHeader: LightClientHeader;
  finalizedHeader: LightClientHeader;
  finalityBranch: Uint8Array[];
  syncAggregate: SyncAggregate;
  signatureSlot: bigint;
}

export interface LightClientOptimisticUpdate {
  attestedHeader: LightClientHeader;
  syncAggregate: SyncAggregate;
  signatureSlot: bigint;
}

/** Which container layout a fork's light-client data uses. */
export type LightClientFamily = 'altair' | 'capella' | 'deneb' | 'electra';

export function lightClientFamily(fork: ForkName): LightClientFamily {
  switch (fork) {
    case 'altair':
    case 'bellatrix':
      return 'altair';
    case 'capella':
      return 'capella';
    case 'deneb':
      return 'deneb';
    case 'electra':
    case 'fulu':
      return 'electra';
    case 'phase0':
      throw new InputError('phase0 has no light-client data');
  }
}

function buildTypes(preset: Preset) {
  const SyncCommitteeT = Container(
    { pubkeys: Vector(Bytes48, preset.SYNC_COMMITTEE_SIZE), aggregatePubkey: Bytes48 },
    { typeName: 'SyncCommittee' },
  );
  const SyncAggregateT = Container(
    { syncCommitteeBits: Bitvector(preset.SYNC_COMMITTEE_SIZE), syncCommitteeSignature: Bytes96 },
    { typeName: 'SyncAggregate' },
  );
  const headers = {
    altair: Container({ beacon: BeaconBlockHeader }, { typeName: 'LightClientHeader' }),
    capella: Container(
      { beacon: BeaconBlockHeader, execution: ExecutionPayloadHeaderCapella, executionBranch: Vector(Bytes32, 4) },
      { typeName: 'LightClientHeader' },
    ),
    deneb: Container(
      { beacon: BeaconBlockHeader, execution: ExecutionPayloadHeaderDeneb, executionBranch: Vector(Bytes32, 4) },
      { typeName: 'LightClientHeader' },
    ),
  };
  const family = (header: (typeof headers)[keyof typeof headers], electra: boolean) => {
    const committeeDepth = electra ? 6 : 5;
    const finalityDepth = electra ? 7 : 6;
    return {
      header,
      bootstrap: Container(
        { header, currentSyncCommittee: SyncCommitteeT, currentSyncCommitteeBranch: Vector(Bytes32, committeeDepth) },
        { typeName: 'LightClientBootstrap' },
      ),
      update: Container(
        {
          attestedHeader: header,
          nextSyncCommittee: SyncCommitteeT,
          nextSyncCommitteeBranch: Vector(Bytes32, committeeDepth),
          finalizedHeader: header,
          finalityBranch: Vector(Bytes32, finalityDepth),
          syncAggregate: SyncAggregateT,
          signatureSlot: uint64,
        },
        { typeName: 'LightClientUpdate' },
      ),
      finalityUpdate: Container(
        {
          attestedHeader: header,
          finalizedHeader: header,
          finalityBranch: Vector(Bytes32, finalityDepth),
          syncAggregate: SyncAggregateT,
          signatureSlot: uint64,
        },
        { typeName: 'LightClientFinalityUpdate' },
      ),
      optimisticUpdate: Container(
        { attestedHeader: header, syncAggregate: SyncAggregateT, signatureSlot: uint64 },
        { typeName: 'LightClientOptimisticUpdate' },
      ),
    };
  };
  return {
    SyncCommittee: SyncCommitteeT,
    SyncAggregate: SyncAggregateT,
    families: {
      altair: family(headers.altair, false),
      capella: family(headers.capella, false),
      deneb: family(headers.deneb, false),
      electra: family(headers.deneb, true),
    },
  };
}

export type LightClientTypes = ReturnType<typeof buildTypes>;

const typesByPreset = new Map<string, LightClientTypes>();

/** The containers of a preset, built once. */
export function lightClientTypes(preset: Preset): LightClientTypes {
  let types = typesByPreset.get(preset.name);
  if (!types) {
    types = buildTypes(preset);
    typesByPreset.set(preset.name, types);
  }
  return types;
}

const ZERO_ROOT = new Uint8Array(32);

export function defaultExecutionHeader(): ExecutionPayloadHeader {
  return ExecutionPayloadHeaderDeneb.defaultValue();
}

export function defaultLightClientHeader(): LightClientHeader {
  return {
    beacon: BeaconBlockHeader.defaultValue(),
    execution: defaultExecutionHeader(),
    executionBranch: Array.from({ length: 4 }, () => ZERO_ROOT),
  };
}

/** Lifts a header of any family into the latest shape (upgrade_lc_header_to_*). */
export function normalizeHeader(header: { beacon: BeaconBlockHeaderValue; execution?: Partial<ExecutionPayloadHeader>; executionBranch?: Uint8Array[] }): LightClientHeader {
  return {
    beacon: header.beacon,
    execution: { ...defaultExecutionHeader(), ...(header.execution ?? {}) },
    executionBranch: header.executionBranch ?? Array.from({ length: 4 }, () => ZERO_ROOT),
  };
}
