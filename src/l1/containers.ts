/**
 * Light-client containers per preset and fork, and the one normalized shape Vigil works with.
 *
 * Data arrives typed by its fork (Beacon API `version`, or the SSZ context digest). Like the
 * spec's `upgrade_lc_*` functions, every value is lifted at decode time into the latest shape:
 * an Altair header gets the default execution header and an all-zero branch, a Capella execution
 * header gets zero blob fields. Branches keep their own length (5/6 before Electra, 6/7 after),
 * since the spec checks them as normalized branches against the gindex of their slot.
 *
 * Gloas (EIP-7732, EIP-7688) drops the execution payload header from the header: a Gloas header
 * proves only `execution_block_hash`, so it is a shape of its own ({@link GloasLightClientHeader}),
 * never lifted into the one above. Containers are generic in the header so that one store, update
 * or bootstrap holds one header shape throughout (the spec's upgrade_lc_*_to_gloas turn a whole
 * store into the Gloas shape: src/l1/spec/upgradeLcToGloas.ts).
 * consensus-specs: altair, capella, deneb, electra, gloas light-client/sync-protocol.md.
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
/**
 * gloas/light-client/sync-protocol.md "New constants" (v1.7.0-alpha.12 on; alphas 6–11 had 832 and
 * the Electra state depths). Large because EIP-7688 makes BeaconState and BeaconBlockBody progressive.
 */
export const FINALIZED_ROOT_GINDEX_GLOAS = 735;
export const CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS = 2945;
export const NEXT_SYNC_COMMITTEE_GINDEX_GLOAS = 2946;
/** BeaconBlockBody.signed_execution_payload_bid.message.parent_block_hash */
export const EXECUTION_BLOCK_HASH_GINDEX_GLOAS = 2856;
/** capella.BeaconBlockBody.execution_payload.block_hash (the spec's EXECUTION_BLOCK_HASH_GINDEX) */
export const EXECUTION_BLOCK_HASH_GINDEX = 412;
/** deneb.BeaconBlockBody.execution_payload.block_hash (Deneb through Fulu) */
export const EXECUTION_BLOCK_HASH_GINDEX_DENEB = 812;
/** Branch lengths of the Gloas containers: floorlog2 of the gindices above. */
export const GLOAS_EXECUTION_BRANCH_DEPTH = 11;
export const GLOAS_SYNC_COMMITTEE_BRANCH_DEPTH = 11;
export const GLOAS_FINALITY_BRANCH_DEPTH = 9;

export type ExecutionPayloadHeader = ValueOf<typeof ExecutionPayloadHeaderDeneb>;
export type BeaconBlockHeaderValue = ValueOf<typeof BeaconBlockHeader>;

/** A header through Fulu, lifted to the Deneb shape (its own fork's layout is kept in its slot). */
export interface LightClientHeader {
  beacon: BeaconBlockHeaderValue;
  execution: ExecutionPayloadHeader;
  executionBranch: Uint8Array[];
}

/**
 * gloas.LightClientHeader: only the hash of the last delivered execution block, with its branch
 * (11 nodes) to the body root. Also the shape upgrade_lc_header_to_gloas gives an earlier header,
 * whose branch then runs through the old execution payload header (gindex 812 or 412, zero-padded).
 */
export interface GloasLightClientHeader {
  beacon: BeaconBlockHeaderValue;
  executionBlockHash: Uint8Array;
  executionBranch: Uint8Array[];
  execution?: undefined;
}

export type AnyLightClientHeader = LightClientHeader | GloasLightClientHeader;

/** Whether a header is in the Gloas shape (native or upgraded): it carries no execution payload header. */
export function isGloasHeader(header: AnyLightClientHeader): header is GloasLightClientHeader {
  return header.execution === undefined;
}

export interface SyncCommittee {
  pubkeys: Uint8Array[];
  aggregatePubkey: Uint8Array;
}

export interface SyncAggregate {
  syncCommitteeBits: boolean[];
  syncCommitteeSignature: Uint8Array;
}

export interface LightClientBootstrap<H extends AnyLightClientHeader = LightClientHeader> {
  header: H;
  currentSyncCommittee: SyncCommittee;
  currentSyncCommitteeBranch: Uint8Array[];
}

export interface LightClientUpdate<H extends AnyLightClientHeader = LightClientHeader> {
  attestedHeader: H;
  nextSyncCommittee: SyncCommittee;
  nextSyncCommitteeBranch: Uint8Array[];
  finalizedHeader: H;
  finalityBranch: Uint8Array[];
  syncAggregate: SyncAggregate;
  signatureSlot: bigint;
}

export interface LightClientFinalityUpdate<H extends AnyLightClientHeader = LightClientHeader> {
  attestedHeader: H;
  finalizedHeader: H;
  finalityBranch: Uint8Array[];
  syncAggregate: SyncAggregate;
  signatureSlot: bigint;
}

export interface LightClientOptimisticUpdate<H extends AnyLightClientHeader = LightClientHeader> {
  attestedHeader: H;
  syncAggregate: SyncAggregate;
  signatureSlot: bigint;
}

export type AnyLightClientBootstrap = LightClientBootstrap | LightClientBootstrap<GloasLightClientHeader>;
export type AnyLightClientUpdate = LightClientUpdate | LightClientUpdate<GloasLightClientHeader>;
export type AnyLightClientFinalityUpdate = LightClientFinalityUpdate | LightClientFinalityUpdate<GloasLightClientHeader>;
export type AnyLightClientOptimisticUpdate = LightClientOptimisticUpdate | LightClientOptimisticUpdate<GloasLightClientHeader>;

/** Which container layout a fork's light-client data uses (p2p-interface.md's tables). */
export type LightClientFamily = 'altair' | 'capella' | 'deneb' | 'electra' | 'gloas';

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
    case 'gloas':
      return 'gloas';
    case 'phase0':
      throw new InputError('phase0 has no light-client data');
  }
}

/** gloas.LightClientHeader as SSZ: fixed size (496 bytes), unlike Electra's with its extra_data. */
export const GloasLightClientHeaderType = /* @__PURE__ */ Container(
  { beacon: BeaconBlockHeader, executionBlockHash: Bytes32, executionBranch: Vector(Bytes32, GLOAS_EXECUTION_BRANCH_DEPTH) },
  { typeName: 'LightClientHeader' },
);

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
    gloas: GloasLightClientHeaderType,
  };
  const family = <H extends (typeof headers)[keyof typeof headers]>(header: H, committeeDepth: number, finalityDepth: number) => {
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
      altair: family(headers.altair, 5, 6),
      capella: family(headers.capella, 5, 6),
      deneb: family(headers.deneb, 5, 6),
      electra: family(headers.deneb, 6, 7),
      gloas: family(headers.gloas, GLOAS_SYNC_COMMITTEE_BRANCH_DEPTH, GLOAS_FINALITY_BRANCH_DEPTH),
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

/** The default gloas.LightClientHeader (what upgrade_lc_header_to_gloas gives a pre-Capella header). */
export function defaultGloasLightClientHeader(): GloasLightClientHeader {
  return {
    beacon: BeaconBlockHeader.defaultValue(),
    executionBlockHash: ZERO_ROOT,
    executionBranch: Array.from({ length: GLOAS_EXECUTION_BRANCH_DEPTH }, () => ZERO_ROOT),
  };
}

/** Lifts a header of any pre-Gloas family into the Deneb shape (upgrade_lc_header_to_deneb). */
export function normalizeHeader(header: { beacon: BeaconBlockHeaderValue; execution?: Partial<ExecutionPayloadHeader>; executionBranch?: Uint8Array[] }): LightClientHeader {
  return {
    beacon: header.beacon,
    execution: { ...defaultExecutionHeader(), ...(header.execution ?? {}) },
    executionBranch: header.executionBranch ?? Array.from({ length: 4 }, () => ZERO_ROOT),
  };
}
