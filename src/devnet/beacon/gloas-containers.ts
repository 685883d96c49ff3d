/**
 * Gloas's BeaconState (46 fields), BeaconBlockBody (13) and ExecutionPayloadBid (12) in the spec's
 * shapes: ProgressiveContainers and ProgressiveLists (EIP-7688, EIP-7916), the payload header gone
 * from both (EIP-7732). Their layout fixes the gindices the Gloas light client checks: finalized
 * root 735, sync committees 2945/2946 (state), the bid's parent_block_hash 2856 (body), so every
 * field is here even where the devnet only stores defaults. Unchanged fields reuse the Fulu
 * types. consensus-specs@a08d8a6e specs/gloas/beacon-chain.md "Containers" (v1.7.0-alpha.12 on).
 * @module
 */
import { Bitvector, boolean, Bytes20, Bytes32, Bytes48, Bytes96, Container, type ContainerType, uint64, uint8, Vector } from '../../ssz/index.ts';
import {
  AttestationData,
  ConsolidationRequest,
  Deposit,
  DepositRequest,
  devnetTypes,
  SignedBeaconBlockHeader,
  SignedBLSToExecutionChange,
  SignedVoluntaryExit,
  Withdrawal,
  WithdrawalRequest,
} from './containers.ts';
import type { DevnetPreset } from './presets.ts';
import { ProgressiveBitlist, ProgressiveContainer, ProgressiveList } from './progressive.ts';

/** BUILDER_INDEX_SELF_BUILD: the proposer builds its own payload (no builder, no payment). */
export const BUILDER_INDEX_SELF_BUILD = 2n ** 64n - 1n;

const BuilderPendingWithdrawal = /* @__PURE__ */ Container(
  { feeRecipient: Bytes20, amount: uint64, builderIndex: uint64 },
  { typeName: 'BuilderPendingWithdrawal' },
);
const BuilderPendingPayment = /* @__PURE__ */ Container(
  { weight: uint64, withdrawal: BuilderPendingWithdrawal, proposerIndex: uint64 },
  { typeName: 'BuilderPendingPayment' },
);
const Builder = /* @__PURE__ */ Container(
  { pubkey: Bytes48, version: uint8, executionAddress: Bytes20, balance: uint64, depositEpoch: uint64, withdrawableEpoch: uint64 },
  { typeName: 'Builder' },
);
const PayloadAttestationData = /* @__PURE__ */ Container(
  { beaconBlockRoot: Bytes32, slot: uint64, payloadPresent: boolean, blobDataAvailable: boolean },
  { typeName: 'PayloadAttestationData' },
);

function buildGloasTypes(p: DevnetPreset) {
  const fulu = devnetTypes(p, 'fulu');
  const spe = Number(p.SLOTS_PER_EPOCH);
  const maxAttesters = p.MAX_VALIDATORS_PER_COMMITTEE * p.MAX_COMMITTEES_PER_SLOT;

  const ExecutionRequests = ProgressiveContainer(
    {
      deposits: ProgressiveList(DepositRequest, p.MAX_DEPOSIT_REQUESTS_PER_PAYLOAD),
      withdrawals: ProgressiveList(WithdrawalRequest, p.MAX_WITHDRAWAL_REQUESTS_PER_PAYLOAD),
      consolidations: ProgressiveList(ConsolidationRequest, p.MAX_CONSOLIDATION_REQUESTS_PER_PAYLOAD),
      builderDeposits: ProgressiveList(
        Container({ pubkey: Bytes48, withdrawalCredentials: Bytes32, amount: uint64, signature: Bytes96 }, { typeName: 'BuilderDepositRequest' }),
        p.MAX_BUILDER_DEPOSIT_REQUESTS_PER_PAYLOAD,
      ),
      builderExits: ProgressiveList(
        Container({ sourceAddress: Bytes20, pubkey: Bytes48 }, { typeName: 'BuilderExitRequest' }),
        p.MAX_BUILDER_EXIT_REQUESTS_PER_PAYLOAD,
      ),
    },
    { typeName: 'ExecutionRequests' },
  );
  const ExecutionPayloadBid = ProgressiveContainer(
    {
      parentBlockHash: Bytes32,
      parentBlockRoot: Bytes32,
      blockHash: Bytes32,
      prevRandao: Bytes32,
      feeRecipient: Bytes20,
      gasLimit: uint64,
      builderIndex: uint64,
      slot: uint64,
      value: uint64,
      executionPayment: uint64,
      blobKzgCommitments: ProgressiveList(Bytes48, p.MAX_BLOB_COMMITMENTS_PER_BLOCK),
      executionRequestsRoot: Bytes32,
    },
    { typeName: 'ExecutionPayloadBid' },
  );
  const SignedExecutionPayloadBid = Container({ message: ExecutionPayloadBid, signature: Bytes96 }, { typeName: 'SignedExecutionPayloadBid' });

  const IndexedAttestation = ProgressiveContainer(
    { attestingIndices: ProgressiveList(uint64, maxAttesters), data: AttestationData, signature: Bytes96 },
    { typeName: 'IndexedAttestation' },
  );
  const Attestation = ProgressiveContainer(
    { aggregationBits: ProgressiveBitlist(maxAttesters), data: AttestationData, signature: Bytes96, committeeBits: Bitvector(p.MAX_COMMITTEES_PER_SLOT) },
    { typeName: 'Attestation' },
  );
  const PayloadAttestation = ProgressiveContainer(
    { aggregationBits: Bitvector(p.PTC_SIZE), data: PayloadAttestationData, signature: Bytes96 },
    { typeName: 'PayloadAttestation' },
  );

  const BeaconBlockBody: ContainerType<any> = ProgressiveContainer(
    {
      randaoReveal: Bytes96,
      eth1Data: fulu.BeaconBlockBody.fields.eth1Data!,
      graffiti: Bytes32,
      proposerSlashings: ProgressiveList(
        Container({ signedHeader1: SignedBeaconBlockHeader, signedHeader2: SignedBeaconBlockHeader }, { typeName: 'ProposerSlashing' }),
        p.MAX_PROPOSER_SLASHINGS,
      ),
      attesterSlashings: ProgressiveList(
        Container({ attestation1: IndexedAttestation, attestation2: IndexedAttestation }, { typeName: 'AttesterSlashing' }),
        p.MAX_ATTESTER_SLASHINGS_ELECTRA,
      ),
      attestations: ProgressiveList(Attestation, p.MAX_ATTESTATIONS_ELECTRA),
      deposits: ProgressiveList(Deposit(p), p.MAX_DEPOSITS),
      voluntaryExits: ProgressiveList(SignedVoluntaryExit, p.MAX_VOLUNTARY_EXITS),
      syncAggregate: fulu.SyncAggregate,
      blsToExecutionChanges: ProgressiveList(SignedBLSToExecutionChange, p.MAX_BLS_TO_EXECUTION_CHANGES),
      signedExecutionPayloadBid: SignedExecutionPayloadBid,
      payloadAttestations: ProgressiveList(PayloadAttestation, p.MAX_PAYLOAD_ATTESTATIONS),
      parentExecutionRequests: ExecutionRequests,
    },
    { typeName: 'BeaconBlockBody' },
  );

  const f = fulu.BeaconState.fields;
  const progressive = (name: string) => ProgressiveList((f[name] as { elementType: any }).elementType, (f[name] as { limit: number }).limit);
  const BeaconState: ContainerType<any> = ProgressiveContainer(
    {
      genesisTime: f.genesisTime!,
      genesisValidatorsRoot: f.genesisValidatorsRoot!,
      slot: f.slot!,
      fork: f.fork!,
      latestBlockHeader: f.latestBlockHeader!,
      blockRoots: f.blockRoots!,
      stateRoots: f.stateRoots!,
      historicalRoots: f.historicalRoots!,
      eth1Data: f.eth1Data!,
      eth1DataVotes: f.eth1DataVotes!,
      eth1DepositIndex: f.eth1DepositIndex!,
      validators: progressive('validators'),
      balances: progressive('balances'),
      randaoMixes: f.randaoMixes!,
      slashings: f.slashings!,
      previousEpochParticipation: progressive('previousEpochParticipation'),
      currentEpochParticipation: progressive('currentEpochParticipation'),
      justificationBits: f.justificationBits!,
      previousJustifiedCheckpoint: f.previousJustifiedCheckpoint!,
      currentJustifiedCheckpoint: f.currentJustifiedCheckpoint!,
      finalizedCheckpoint: f.finalizedCheckpoint!,
      inactivityScores: progressive('inactivityScores'),
      currentSyncCommittee: f.currentSyncCommittee!,
      nextSyncCommittee: f.nextSyncCommittee!,
      latestBlockHash: Bytes32,
      nextWithdrawalIndex: f.nextWithdrawalIndex!,
      nextWithdrawalValidatorIndex: f.nextWithdrawalValidatorIndex!,
      historicalSummaries: f.historicalSummaries!,
      depositRequestsStartIndex: f.depositRequestsStartIndex!,
      depositBalanceToConsume: f.depositBalanceToConsume!,
      exitBalanceToConsume: f.exitBalanceToConsume!,
      earliestExitEpoch: f.earliestExitEpoch!,
      consolidationBalanceToConsume: f.consolidationBalanceToConsume!,
      earliestConsolidationEpoch: f.earliestConsolidationEpoch!,
      pendingDeposits: progressive('pendingDeposits'),
      pendingPartialWithdrawals: progressive('pendingPartialWithdrawals'),
      pendingConsolidations: progressive('pendingConsolidations'),
      proposerLookahead: f.proposerLookahead!,
      builders: ProgressiveList(Builder, p.VALIDATOR_REGISTRY_LIMIT),
      nextWithdrawalBuilderIndex: uint64,
      executionPayloadAvailability: Bitvector(p.SLOTS_PER_HISTORICAL_ROOT),
      builderPendingPayments: Vector(BuilderPendingPayment, 2 * spe),
      builderPendingWithdrawals: ProgressiveList(BuilderPendingWithdrawal, p.VALIDATOR_REGISTRY_LIMIT),
      latestExecutionPayloadBid: ExecutionPayloadBid,
      payloadExpectedWithdrawals: ProgressiveList(Withdrawal, p.MAX_WITHDRAWALS_PER_PAYLOAD),
      ptcWindow: Vector(Vector(uint64, p.PTC_SIZE), (2 + p.MIN_SEED_LOOKAHEAD) * spe),
    },
    { typeName: 'BeaconState' },
  );
  return { BeaconState, BeaconBlockBody, ExecutionPayloadBid, SignedExecutionPayloadBid, ExecutionRequests, SyncAggregate: fulu.SyncAggregate, SyncCommittee: fulu.SyncCommittee };
}

export type GloasTypes = ReturnType<typeof buildGloasTypes>;

const cache = new Map<string, GloasTypes>();

/** Gloas's containers for a preset, built once. */
export function gloasTypes(preset: DevnetPreset): GloasTypes {
  let types = cache.get(preset.name);
  if (!types) {
    types = buildGloasTypes(preset);
    cache.set(preset.name, types);
  }
  return types;
}
