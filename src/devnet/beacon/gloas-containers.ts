/**
 * Gloas's BeaconState (46 fields) in the spec's shape: a ProgressiveContainer with
 * ProgressiveLists (EIP-7688, EIP-7916), the payload header gone (EIP-7732); its block's
 * containers (BeaconBlockBody, ExecutionPayloadBid) are src/l1/block/gloas.ts's. Their layout fixes the gindices the Gloas light client checks: finalized
 * root 735, sync committees 2945/2946 (state), the bid's parent_block_hash 2856 (body), so every
 * field is here even where the devnet only stores defaults. Unchanged fields reuse the Fulu
 * types. consensus-specs@a08d8a6e specs/gloas/beacon-chain.md "Containers" (v1.7.0-alpha.12 on).
 * @module
 */
import { gloasBlockTypes } from '../../l1/block/gloas.ts';
import { Bitvector, Bytes20, Bytes32, Bytes48, Container, type ContainerType, uint64, uint8, Vector } from '../../ssz/index.ts';
import { ProgressiveContainer, ProgressiveList } from '../../ssz/progressive.ts';
import { devnetTypes, Withdrawal } from './containers.ts';
import type { DevnetPreset } from './presets.ts';

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
function buildGloasTypes(p: DevnetPreset) {
  const fulu = devnetTypes(p, 'fulu');
  const block = gloasBlockTypes(p);
  const spe = Number(p.SLOTS_PER_EPOCH);
  const { ExecutionPayloadBid } = block;

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
  return { ...block, BeaconState, SyncCommittee: fulu.SyncCommittee };
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
