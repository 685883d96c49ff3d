/**
 * The consensus containers the devnet builds, in the spec's shapes per fork and preset:
 * BeaconState (Deneb 28 fields, Electra 37, Fulu 38); the block's (BeaconBlockBody, Deneb 12
 * fields, Electra/Fulu 13, ExecutionPayload) are src/l1/block/containers.ts's. Field count and order fix the generalized indices the light client
 * checks (finalized root 105 → 169, sync committees 54/55 → 86/87, execution payload 25), so
 * these are the spec's containers field for field even where the devnet only stores defaults.
 * consensus-specs v1.6 phase0…fulu/beacon-chain.md, "Containers".
 * @module
 */
import {
  Bitvector,
  boolean,
  Bytes32,
  Bytes4,
  Bytes48,
  Bytes96,
  Container,
  type ContainerType,
  List,
  uint64,
  uint8,
  Vector,
} from '../../ssz/index.ts';
import { blockTypes, Checkpoint, Eth1Data } from '../../l1/block/containers.ts';
import { BeaconBlockHeader, ExecutionPayloadHeaderDeneb, lightClientTypes } from '../../l1/containers.ts';
import type { DevnetPreset } from './presets.ts';

// The block's containers are the light client's (the blob tie hashes blocks with them).
export {
  AttestationData,
  Checkpoint,
  ConsolidationRequest,
  Deposit,
  DepositRequest,
  Eth1Data,
  executionPayloadType,
  SignedBeaconBlockHeader,
  SignedBLSToExecutionChange,
  SignedVoluntaryExit,
  Withdrawal,
  WithdrawalRequest,
} from '../../l1/block/containers.ts';

/** Forks the devnet can run (from genesis). */
export type DevnetFork = 'deneb' | 'electra' | 'fulu';
export const DEVNET_FORKS: readonly DevnetFork[] = ['deneb', 'electra', 'fulu'];

export const Fork = /* @__PURE__ */ Container(
  { previousVersion: Bytes4, currentVersion: Bytes4, epoch: uint64 },
  { typeName: 'Fork' },
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

function buildTypes(p: DevnetPreset, fork: DevnetFork) {
  const { BeaconBlockBody, BeaconBlock, ExecutionPayload, ExecutionRequests, SyncAggregate } = blockTypes(p, fork);
  const { SyncCommittee } = lightClientTypes(p);

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
