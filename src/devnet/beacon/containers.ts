/**
 * The consensus containers the devnet builds, in the spec's shapes per fork and preset:
 * BeaconState (Deneb 28 fields, Electra 37, Fulu 38), BeaconBlockBody (Deneb 12, Electra/Fulu
 * 13), ExecutionPayload. Field count and order fix the generalized indices the light client
 * checks (finalized root 105 → 169, sync committees 54/55 → 86/87, execution payload 25), so
 * these are the spec's containers field for field even where the devnet only stores defaults.
 * consensus-specs v1.6 phase0…fulu/beacon-chain.md, "Containers".
 * @module
 */
import {
  Bitlist,
  Bitvector,
  boolean,
  ByteList,
  ByteVector,
  Bytes20,
  Bytes32,
  Bytes4,
  Bytes48,
  Bytes96,
  Container,
  type ContainerType,
  List,
  uint256,
  uint64,
  uint8,
  Vector,
} from '../../ssz/index.ts';
import { BeaconBlockHeader, ExecutionPayloadHeaderDeneb, lightClientTypes } from '../../l1/containers.ts';
import type { DevnetPreset } from './presets.ts';

/** Forks the devnet can run (from genesis). */
export type DevnetFork = 'deneb' | 'electra' | 'fulu';
export const DEVNET_FORKS: readonly DevnetFork[] = ['deneb', 'electra', 'fulu'];

export const Fork = /* @__PURE__ */ Container(
  { previousVersion: Bytes4, currentVersion: Bytes4, epoch: uint64 },
  { typeName: 'Fork' },
);
export const Checkpoint = /* @__PURE__ */ Container({ epoch: uint64, root: Bytes32 }, { typeName: 'Checkpoint' });
export const Eth1Data = /* @__PURE__ */ Container(
  { depositRoot: Bytes32, depositCount: uint64, blockHash: Bytes32 },
  { typeName: 'Eth1Data' },
);
export const Validator = /* @__PURE__ */ Container(
  {
    pubkey: Bytes48,
    withdrawalCredentials: Bytes32,
    effectiveBalance: uint64,
    slashed: boolean,
    activationEligibilityEpoch: uint64,
    activationEpoch: uint64,
    exitEpoch: uint64,
    withdrawableEpoch: uint64,
  },
  { typeName: 'Validator' },
);
export const HistoricalSummary = /* @__PURE__ */ Container(
  { blockSummaryRoot: Bytes32, stateSummaryRoot: Bytes32 },
  { typeName: 'HistoricalSummary' },
);
export const Withdrawal = /* @__PURE__ */ Container(
  { index: uint64, validatorIndex: uint64, address: Bytes20, amount: uint64 },
  { typeName: 'Withdrawal' },
);
export const SignedBeaconBlockHeader = /* @__PURE__ */ Container(
  { message: BeaconBlockHeader, signature: Bytes96 },
  { typeName: 'SignedBeaconBlockHeader' },
);
export const AttestationData = /* @__PURE__ */ Container(
  { slot: uint64, index: uint64, beaconBlockRoot: Bytes32, source: Checkpoint, target: Checkpoint },
  { typeName: 'AttestationData' },
);
export const Deposit = (p: DevnetPreset) =>
  Container(
    {
      proof: Vector(Bytes32, p.DEPOSIT_CONTRACT_TREE_DEPTH + 1),
      data: Container(
        { pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96 },
        { typeName: 'DepositData' },
      ),
    },
    { typeName: 'Deposit' },
  );
export const SignedVoluntaryExit = /* @__PURE__ */ Container(
  { message: Container({ epoch: uint64, validatorIndex: uint64 }, { typeName: 'VoluntaryExit' }), signature: Bytes96 },
  { typeName: 'SignedVoluntaryExit' },
);
export const SignedBLSToExecutionChange = /* @__PURE__ */ Container(
  {
    message: Container(
      { validatorIndex: uint64, fromBlsPubkey: Bytes48, toExecutionAddress: Bytes20 },
      { typeName: 'BLSToExecutionChange' },
    ),
    signature: Bytes96,
  },
  { typeName: 'SignedBLSToExecutionChange' },
);

export const DepositRequest = /* @__PURE__ */ Container(
  { pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96, index: uint64 },
  { typeName: 'DepositRequest' },
);
export const WithdrawalRequest = /* @__PURE__ */ Container(
  { sourceAddress: Bytes20, validatorPubkey: Bytes48, amount: uint64 },
  { typeName: 'WithdrawalRequest' },
);
export const ConsolidationRequest = /* @__PURE__ */ Container(
  { sourceAddress: Bytes20, sourcePubkey: Bytes48, targetPubkey: Bytes48 },
  { typeName: 'ConsolidationRequest' },
);

/** Electra widened attestations to every committee of a slot (EIP-7549). */
function attestationTypes(p: DevnetPreset, electra: boolean) {
  const maxIndices = electra ? p.MAX_VALIDATORS_PER_COMMITTEE * p.MAX_COMMITTEES_PER_SLOT : p.MAX_VALIDATORS_PER_COMMITTEE;
  const IndexedAttestation = Container(
    { attestingIndices: List(uint64, maxIndices), data: AttestationData, signature: Bytes96 },
    { typeName: 'IndexedAttestation' },
  );
  const AttesterSlashing = Container(
    { attestation1: IndexedAttestation, attestation2: IndexedAttestation },
    { typeName: 'AttesterSlashing' },
  );
  const Attestation = electra
    ? Container(
        {
          aggregationBits: Bitlist(maxIndices),
          data: AttestationData,
          signature: Bytes96,
          committeeBits: Bitvector(p.MAX_COMMITTEES_PER_SLOT),
        },
        { typeName: 'Attestation' },
      )
    : Container({ aggregationBits: Bitlist(maxIndices), data: AttestationData, signature: Bytes96 }, { typeName: 'Attestation' });
  return { AttesterSlashing, Attestation };
}

/** ExecutionPayload (Deneb; Electra and Fulu keep it). Its root equals its header's. */
export function executionPayloadType(p: DevnetPreset) {
  return Container(
    {
      parentHash: Bytes32,
      feeRecipient: Bytes20,
      stateRoot: Bytes32,
      receiptsRoot: Bytes32,
      logsBloom: ByteVector(p.BYTES_PER_LOGS_BLOOM),
      prevRandao: Bytes32,
      blockNumber: uint64,
      gasLimit: uint64,
      gasUsed: uint64,
      timestamp: uint64,
      extraData: ByteList(p.MAX_EXTRA_DATA_BYTES),
      baseFeePerGas: uint256,
      blockHash: Bytes32,
      transactions: List(ByteList(p.MAX_BYTES_PER_TRANSACTION), p.MAX_TRANSACTIONS_PER_PAYLOAD),
      withdrawals: List(Withdrawal, p.MAX_WITHDRAWALS_PER_PAYLOAD),
      blobGasUsed: uint64,
      excessBlobGas: uint64,
    },
    { typeName: 'ExecutionPayload' },
  );
}

function buildTypes(p: DevnetPreset, fork: DevnetFork) {
  const electra = fork !== 'deneb';
  const { AttesterSlashing, Attestation } = attestationTypes(p, electra);
  const ExecutionPayload = executionPayloadType(p);
  const { SyncCommittee, SyncAggregate } = lightClientTypes(p);

  const ExecutionRequests = Container(
    {
      deposits: List(DepositRequest, p.MAX_DEPOSIT_REQUESTS_PER_PAYLOAD),
      withdrawals: List(WithdrawalRequest, p.MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD),
      consolidations: List(ConsolidationRequest, p.MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD),
    },
    { typeName: 'ExecutionRequests' },
  );

  const bodyFields = {
    randaoReveal: Bytes96,
    eth1Data: Eth1Data,
    graffiti: Bytes32,
    proposerSlashings: List(
      Container({ signedHeader1: SignedBeaconBlockHeader, signedHeader2: SignedBeaconBlockHeader }, { typeName: 'ProposerSlashing' }),
      p.MAX_PROPOSER_SLASHINGS,
    ),
    attesterSlashings: List(AttesterSlashing, electra ? p.MAX_ATTESTER_SLASHINGS_ELECTRA : p.MAX_ATTESTER_SLASHINGS),
    attestations: List(Attestation, electra ? p.MAX_ATTESTATIONS_ELECTRA : p.MAX_ATTESTATIONS),
    deposits: List(Deposit(p), p.MAX_DEPOSITS),
    voluntaryExits: List(SignedVoluntaryExit, p.MAX_VOLUNTARY_EXITS),
    syncAggregate: SyncAggregate,
    executionPayload: ExecutionPayload,
    blsToExecutionChanges: List(SignedBLSToExecutionChange, p.MAX_BLS_TO_EXECUTION_CHANGES),
    blobKzgCommitments: List(Bytes48, p.MAX_BLOB_COMMITMENTS_PER_BLOCK),
  };
  const BeaconBlockBody: ContainerType<any> = electra
    ? Container({ ...bodyFields, executionRequests: ExecutionRequests }, { typeName: 'BeaconBlockBody' })
    : Container(bodyFields, { typeName: 'BeaconBlockBody' });

  const stateFields = {
    genesisTime: uint64,
    genesisValidatorsRoot: Bytes32,
    slot: uint64,
    fork: Fork,
    latestBlockHeader: BeaconBlockHeader,
    blockRoots: Vector(Bytes32, p.SLOTS_PER_HISTORICAL_ROOT),
    stateRoots: Vector(Bytes32, p.SLOTS_PER_HISTORICAL_ROOT),
    historicalRoots: List(Bytes32, p.HISTORICAL_ROOTS_LIMIT),
    eth1Data: Eth1Data,
    eth1DataVotes: List(Eth1Data, p.EPOCHS_PER_ETH1_VOTING_PERIOD * Number(p.SLOTS_PER_EPOCH)),
    eth1DepositIndex: uint64,
    validators: List(Validator, p.VALIDATOR_REGISTRY_LIMIT),
    balances: List(uint64, p.VALIDATOR_REGISTRY_LIMIT),
    randaoMixes: Vector(Bytes32, p.EPOCHS_PER_HISTORICAL_VECTOR),
    slashings: Vector(uint64, p.EPOCHS_PER_SLASHINGS_VECTOR),
    previousEpochParticipation: List(uint8, p.VALIDATOR_REGISTRY_LIMIT),
    currentEpochParticipation: List(uint8, p.VALIDATOR_REGISTRY_LIMIT),
    justificationBits: Bitvector(4),
    previousJustifiedCheckpoint: Checkpoint,
    currentJustifiedCheckpoint: Checkpoint,
    finalizedCheckpoint: Checkpoint,
    inactivityScores: List(uint64, p.VALIDATOR_REGISTRY_LIMIT),
    currentSyncCommittee: SyncCommittee,
    nextSyncCommittee: SyncCommittee,
    latestExecutionPayloadHeader: ExecutionPayloadHeaderDeneb,
    nextWithdrawalIndex: uint64,
    nextWithdrawalValidatorIndex: uint64,
    historicalSummaries: List(HistoricalSummary, p.HISTORICAL_ROOTS_LIMIT),
  };
  const electraStateFields = {
    depositRequestsStartIndex: uint64,
    depositBalanceToConsume: uint64,
    exitBalanceToConsume: uint64,
    earliestExitEpoch: uint64,
    consolidationBalanceToConsume: uint64,
    earliestConsolidationEpoch: uint64,
    pendingDeposits: List(
      Container(
        { pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96, slot: uint64 },
        { typeName: 'PendingDeposit' },
      ),
      p.PENDING_DEPOSITS_LIMIT,
    ),
    pendingPartialWithdrawals: List(
      Container({ validatorIndex: uint64, amount: uint64, withdrawableEpoch: uint64 }, { typeName: 'PendingPartialWithdrawal' }),
      p.PENDING_PARTIAL_WITHDRAWALS_LIMIT,
    ),
    pendingConsolidations: List(
      Container({ sourceIndex: uint64, targetIndex: uint64 }, { typeName: 'PendingConsolidation' }),
      p.PENDING_CONSOLIDATIONS_LIMIT,
    ),
  };
  const fuluStateFields = {
    proposerLookahead: Vector(uint64, (p.MIN_SEED_LOOKAHEAD + 1) * Number(p.SLOTS_PER_EPOCH)),
  };
  const BeaconState: ContainerType<any> =
    fork === 'deneb'
      ? Container(stateFields, { typeName: 'BeaconState' })
      : fork === 'electra'
        ? Container({ ...stateFields, ...electraStateFields }, { typeName: 'BeaconState' })
        : Container({ ...stateFields, ...electraStateFields, ...fuluStateFields }, { typeName: 'BeaconState' });

  const BeaconBlock = Container(
    { slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, body: BeaconBlockBody },
    { typeName: 'BeaconBlock' },
  );
  return { BeaconState, BeaconBlockBody, BeaconBlock, ExecutionPayload, ExecutionRequests, SyncCommittee, SyncAggregate };
}

export type DevnetTypes = ReturnType<typeof buildTypes>;

const cache = new Map<string, DevnetTypes>();

/** The containers of a fork and preset, built once. */
export function devnetTypes(preset: DevnetPreset, fork: DevnetFork): DevnetTypes {
  const key = `${preset.name}/${fork}`;
  let types = cache.get(key);
  if (!types) {
    types = buildTypes(preset, fork);
    cache.set(key, types);
  }
  return types;
}
