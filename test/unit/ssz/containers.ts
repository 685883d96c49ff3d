/**
 * Consensus containers written from the spec (mainnet preset) for the SSZ tests only; the
 * light client's own containers live in src/l1. Capella is complete (blocks and light-client
 * types, checked against mainnet data); the Deneb/Electra BeaconState and BeaconBlockBody field
 * lists are complete too, with their known generalized indices.
 * phase0, altair, bellatrix, capella, deneb, electra beacon-chain.md and light-client/sync-protocol.md.
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
  List,
  uint256,
  uint64,
  uint8,
  Vector,
} from '../../../src/ssz/index.ts';

export const Fork = Container({ previousVersion: Bytes4, currentVersion: Bytes4, epoch: uint64 }, { typeName: 'Fork' });
export const Checkpoint = Container({ epoch: uint64, root: Bytes32 }, { typeName: 'Checkpoint' });
export const BeaconBlockHeader = Container(
  { slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, bodyRoot: Bytes32 },
  { typeName: 'BeaconBlockHeader' },
);
export const SignedBeaconBlockHeader = Container({ message: BeaconBlockHeader, signature: Bytes96 }, { typeName: 'SignedBeaconBlockHeader' });
export const Eth1Data = Container({ depositRoot: Bytes32, depositCount: uint64, blockHash: Bytes32 }, { typeName: 'Eth1Data' });
export const ProposerSlashing = Container(
  { signedHeader1: SignedBeaconBlockHeader, signedHeader2: SignedBeaconBlockHeader },
  { typeName: 'ProposerSlashing' },
);
export const AttestationData = Container(
  { slot: uint64, index: uint64, beaconBlockRoot: Bytes32, source: Checkpoint, target: Checkpoint },
  { typeName: 'AttestationData' },
);
export const IndexedAttestation = Container(
  { attestingIndices: List(uint64, 2048), data: AttestationData, signature: Bytes96 },
  { typeName: 'IndexedAttestation' },
);
export const AttesterSlashing = Container({ attestation1: IndexedAttestation, attestation2: IndexedAttestation }, { typeName: 'AttesterSlashing' });
export const Attestation = Container(
  { aggregationBits: Bitlist(2048), data: AttestationData, signature: Bytes96 },
  { typeName: 'Attestation' },
);
export const DepositData = Container(
  { pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96 },
  { typeName: 'DepositData' },
);
export const Deposit = Container({ proof: Vector(Bytes32, 33), data: DepositData }, { typeName: 'Deposit' });
export const VoluntaryExit = Container({ epoch: uint64, validatorIndex: uint64 }, { typeName: 'VoluntaryExit' });
export const SignedVoluntaryExit = Container({ message: VoluntaryExit, signature: Bytes96 }, { typeName: 'SignedVoluntaryExit' });
export const SyncAggregate = Container({ syncCommitteeBits: Bitvector(512), syncCommitteeSignature: Bytes96 }, { typeName: 'SyncAggregate' });
export const SyncCommittee = Container({ pubkeys: Vector(Bytes48, 512), aggregatePubkey: Bytes48 }, { typeName: 'SyncCommittee' });
export const Withdrawal = Container(
  { index: uint64, validatorIndex: uint64, address: Bytes20, amount: uint64 },
  { typeName: 'Withdrawal' },
);
export const BLSToExecutionChange = Container(
  { validatorIndex: uint64, fromBlsPubkey: Bytes48, toExecutionAddress: Bytes20 },
  { typeName: 'BLSToExecutionChange' },
);
export const SignedBLSToExecutionChange = Container(
  { message: BLSToExecutionChange, signature: Bytes96 },
  { typeName: 'SignedBLSToExecutionChange' },
);

const payloadStart = {
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
};

export const ExecutionPayloadCapella = Container(
  { ...payloadStart, transactions: List(ByteList(2 ** 30), 2 ** 20), withdrawals: List(Withdrawal, 16) },
  { typeName: 'ExecutionPayload' },
);
export const ExecutionPayloadHeaderCapella = Container(
  { ...payloadStart, transactionsRoot: Bytes32, withdrawalsRoot: Bytes32 },
  { typeName: 'ExecutionPayloadHeader' },
);
export const ExecutionPayloadHeaderDeneb = Container(
  { ...payloadStart, transactionsRoot: Bytes32, withdrawalsRoot: Bytes32, blobGasUsed: uint64, excessBlobGas: uint64 },
  { typeName: 'ExecutionPayloadHeader' },
);

const bodyStart = {
  randaoReveal: Bytes96,
  eth1Data: Eth1Data,
  graffiti: Bytes32,
  proposerSlashings: List(ProposerSlashing, 16),
  attesterSlashings: List(AttesterSlashing, 2),
  attestations: List(Attestation, 128),
  deposits: List(Deposit, 16),
  voluntaryExits: List(SignedVoluntaryExit, 16),
  syncAggregate: SyncAggregate,
};

export const BeaconBlockBodyCapella = Container(
  { ...bodyStart, executionPayload: ExecutionPayloadCapella, blsToExecutionChanges: List(SignedBLSToExecutionChange, 16) },
  { typeName: 'BeaconBlockBody' },
);
export const BeaconBlockCapella = Container(
  { slot: uint64, proposerIndex: uint64, parentRoot: Bytes32, stateRoot: Bytes32, body: BeaconBlockBodyCapella },
  { typeName: 'BeaconBlock' },
);

/** Deneb body; the execution payload stands in as its header (same root, same gindex). */
export const BeaconBlockBodyDeneb = Container(
  {
    ...bodyStart,
    executionPayload: ExecutionPayloadHeaderDeneb,
    blsToExecutionChanges: List(SignedBLSToExecutionChange, 16),
    blobKzgCommitments: List(Bytes48, 4096),
  },
  { typeName: 'BeaconBlockBody' },
);

export const LightClientHeaderCapella = Container(
  { beacon: BeaconBlockHeader, execution: ExecutionPayloadHeaderCapella, executionBranch: Vector(Bytes32, 4) },
  { typeName: 'LightClientHeader' },
);
export const LightClientBootstrapCapella = Container(
  { header: LightClientHeaderCapella, currentSyncCommittee: SyncCommittee, currentSyncCommitteeBranch: Vector(Bytes32, 5) },
  { typeName: 'LightClientBootstrap' },
);
export const LightClientFinalityUpdateCapella = Container(
  {
    attestedHeader: LightClientHeaderCapella,
    finalizedHeader: LightClientHeaderCapella,
    finalityBranch: Vector(Bytes32, 6),
    syncAggregate: SyncAggregate,
    signatureSlot: uint64,
  },
  { typeName: 'LightClientFinalityUpdate' },
);

export const Validator = Container(
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
export const HistoricalSummary = Container({ blockSummaryRoot: Bytes32, stateSummaryRoot: Bytes32 }, { typeName: 'HistoricalSummary' });

const VALIDATOR_REGISTRY_LIMIT = 2 ** 40;
const stateDeneb = {
  genesisTime: uint64,
  genesisValidatorsRoot: Bytes32,
  slot: uint64,
  fork: Fork,
  latestBlockHeader: BeaconBlockHeader,
  blockRoots: Vector(Bytes32, 8192),
  stateRoots: Vector(Bytes32, 8192),
  historicalRoots: List(Bytes32, 2 ** 24),
  eth1Data: Eth1Data,
  eth1DataVotes: List(Eth1Data, 2048),
  eth1DepositIndex: uint64,
  validators: List(Validator, VALIDATOR_REGISTRY_LIMIT),
  balances: List(uint64, VALIDATOR_REGISTRY_LIMIT),
  randaoMixes: Vector(Bytes32, 65536),
  slashings: Vector(uint64, 8192),
  previousEpochParticipation: List(uint8, VALIDATOR_REGISTRY_LIMIT),
  currentEpochParticipation: List(uint8, VALIDATOR_REGISTRY_LIMIT),
  justificationBits: Bitvector(4),
  previousJustifiedCheckpoint: Checkpoint,
  currentJustifiedCheckpoint: Checkpoint,
  finalizedCheckpoint: Checkpoint,
  inactivityScores: List(uint64, VALIDATOR_REGISTRY_LIMIT),
  currentSyncCommittee: SyncCommittee,
  nextSyncCommittee: SyncCommittee,
  latestExecutionPayloadHeader: ExecutionPayloadHeaderDeneb,
  nextWithdrawalIndex: uint64,
  nextWithdrawalValidatorIndex: uint64,
  historicalSummaries: List(HistoricalSummary, 2 ** 24),
};
export const BeaconStateDeneb = Container(stateDeneb, { typeName: 'BeaconState' });

const PendingDeposit = Container(
  { pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96, slot: uint64 },
  { typeName: 'PendingDeposit' },
);
const PendingPartialWithdrawal = Container(
  { validatorIndex: uint64, amount: uint64, withdrawableEpoch: uint64 },
  { typeName: 'PendingPartialWithdrawal' },
);
const PendingConsolidation = Container({ sourceIndex: uint64, targetIndex: uint64 }, { typeName: 'PendingConsolidation' });

/** Electra appends nine fields, which makes the tree one level deeper. */
export const BeaconStateElectra = Container(
  {
    ...stateDeneb,
    depositRequestsStartIndex: uint64,
    depositBalanceToConsume: uint64,
    exitBalanceToConsume: uint64,
    earliestExitEpoch: uint64,
    consolidationBalanceToConsume: uint64,
    earliestConsolidationEpoch: uint64,
    pendingDeposits: List(PendingDeposit, 2 ** 27),
    pendingPartialWithdrawals: List(PendingPartialWithdrawal, 2 ** 27),
    pendingConsolidations: List(PendingConsolidation, 2 ** 18),
  },
  { typeName: 'BeaconState' },
);
