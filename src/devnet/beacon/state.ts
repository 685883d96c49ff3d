/**
 * The devnet's BeaconState: the fork's real container (so every generalized index is the
 * spec's), advanced by the parts of the state transition a light client can observe —
 * process_slot's root caching, justification and finalization, sync-committee rotation,
 * RANDAO mixes, historical summaries, Fulu's proposer lookahead, and each block's header and
 * execution payload header. consensus-specs v1.6 phase0/altair/capella/electra/fulu
 * beacon-chain.md (process_slots, process_epoch, process_block_header, process_randao).
 * From the Gloas fork epoch on (if scheduled) the state is upgraded (gloas/fork.md upgrade_to_gloas)
 * to the progressive Gloas container, and a block records its payload bid instead of a payload
 * header: `latest_block_hash` follows the payloads delivered (gloas/beacon-chain.md).
 *
 * The root is kept per field: a slot changes a handful of fields, and the three big vectors
 * are incremental trees, so a slot costs a few hundred hashes on either preset instead of
 * re-merkleizing the mainnet state's 80k-leaf vectors.
 * Fields the light client never reads (participation, balances, pending queues) hold constant
 * values with the right shapes. Branches come from `createBranch` over the field roots, which
 * merkleize exactly as the full container does (see `toValue` and its test).
 * @module
 */
import { equalBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { sha256 } from '../../crypto/sha256.ts';
import {
  BeaconBlockHeader,
  type BeaconBlockHeaderValue,
  type ExecutionPayloadHeader,
  CURRENT_SYNC_COMMITTEE_GINDEX,
  CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  FINALIZED_ROOT_GINDEX,
  FINALIZED_ROOT_GINDEX_ELECTRA,
  FINALIZED_ROOT_GINDEX_GLOAS,
  NEXT_SYNC_COMMITTEE_GINDEX,
  NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
} from '../../l1/containers.ts';
import { Bytes32, Container, type ContainerType, createBranch, getGeneralizedIndex, merkleize, type ValueOf } from '../../ssz/index.ts';
import { type Committee, ValidatorRegistry } from './committee.ts';
import { Checkpoint, type DevnetFork, type DevnetTypes, type Eth1Data, type Validator } from './containers.ts';
import type { GloasTypes } from './gloas-containers.ts';
import { progressiveContainerBranch, progressiveContainerGindex, progressiveContainerRoot } from '../../ssz/progressive.ts';
import { IncrementalVectorTree } from './incremental-tree.ts';
import type { DevnetPreset } from './presets.ts';

export type CheckpointValue = ValueOf<typeof Checkpoint>;

const ZERO32 = new Uint8Array(32);
const FAR_FUTURE_EPOCH = 2n ** 64n - 1n;
/** Electra's UNSET_DEPOSIT_REQUESTS_START_INDEX. */
const UNSET_DEPOSIT_REQUESTS_START_INDEX = 2n ** 64n - 1n;
/** TIMELY_SOURCE | TIMELY_TARGET | TIMELY_HEAD: every validator attests in time. */
const FULL_PARTICIPATION = 0b111;
const MAX_EFFECTIVE_BALANCE = 32_000_000_000n;

export interface GenesisParams {
  preset: DevnetPreset;
  fork: DevnetFork;
  types: DevnetTypes;
  registry: ValidatorRegistry;
  genesisTime: bigint;
  forkVersion: Uint8Array;
  /** The EL block slot 0 wraps: its header, and its hash for eth1_data and the RANDAO seed. */
  executionHeader: ExecutionPayloadHeader;
  eth1Data: ValueOf<typeof Eth1Data>;
  /** Body root of the genesis block (its execution payload is the EL genesis block). */
  genesisBodyRoot: Uint8Array;
  /** The Gloas fork, if scheduled: the state is upgraded at the first slot of `epoch` (≥ 1). */
  gloas?: { epoch: bigint; forkVersion: Uint8Array; types: GloasTypes };
}

/** A Gloas block's part of the state transition (see {@link DevnetState.processGloasBlock}). */
export interface GloasBlockFields {
  slot: bigint;
  proposerIndex: bigint;
  parentRoot: Uint8Array;
  bodyRoot: Uint8Array;
  randaoReveal: Uint8Array;
  /** The block's ExecutionPayloadBid. */
  bid: Record<string, unknown> & { parentBlockHash: Uint8Array; blockHash: Uint8Array; slot: bigint };
  /** Whether the payload of the bid before it (the parent's) was delivered. */
  parentFull: boolean;
}

export interface BlockFields {
  slot: bigint;
  proposerIndex: bigint;
  parentRoot: Uint8Array;
  bodyRoot: Uint8Array;
  randaoReveal: Uint8Array;
  executionHeader: ExecutionPayloadHeader;
  /** Index of the payload's last withdrawal, if it had any. */
  lastWithdrawalIndex?: bigint;
}

/** The spec's gindices, by fork: checked against the container at construction. */
function expectedGindices(fork: DevnetFork) {
  return fork === 'deneb'
    ? { finalized: FINALIZED_ROOT_GINDEX, current: CURRENT_SYNC_COMMITTEE_GINDEX, next: NEXT_SYNC_COMMITTEE_GINDEX }
    : { finalized: FINALIZED_ROOT_GINDEX_ELECTRA, current: CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA, next: NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA };
}

/** What {@link DevnetState.snapshot} keeps: every field's value and root, and the three trees' nodes. */
export interface DevnetStateSnapshot {
  values: Record<string, unknown>;
  fieldRoots: Record<string, Uint8Array>;
  dirty: string[];
  cachedRoot: Uint8Array | undefined;
  trees: [Uint8Array, Uint8Array, Uint8Array];
  committees: { current: Committee; next: Committee };
  gloas: boolean;
}

export class DevnetState {
  type: ContainerType<any>;
  private names: readonly string[];
  /** Same field names, every field a Bytes32: its root is the state root given the field roots. */
  private shadow: ContainerType<any>;
  private readonly preType: ContainerType<any>;
  private readonly gloas: GenesisParams['gloas'];
  /** Upgraded to Gloas: the state is a progressive container. */
  private gloasActive = false;
  private readonly preset: DevnetPreset;
  private readonly registry: ValidatorRegistry;
  private readonly fork: DevnetFork;

  /** Values of the fields that are not incremental trees or committees. */
  private readonly values: Record<string, unknown> = {};
  private readonly fieldRoots: Record<string, Uint8Array> = {};
  private readonly dirty = new Set<string>();
  private cachedRoot: Uint8Array | undefined;

  readonly blockRoots: IncrementalVectorTree;
  readonly stateRoots: IncrementalVectorTree;
  readonly randaoMixes: IncrementalVectorTree;
  private committees: { current: Committee; next: Committee };

  /** Set by the fault switchboard: no justification, hence no finalization, while true. */
  finalityStalled = false;

  constructor(params: GenesisParams) {
    const { preset, types, registry, fork } = params;
    this.preset = preset;
    this.registry = registry;
    this.fork = fork;
    this.preType = this.type = types.BeaconState;
    this.names = this.type.fieldNames;
    this.shadow = shadowOf(this.names);
    this.gloas = params.gloas;
    if (this.gloas && !(fork === 'fulu' && this.gloas.epoch >= 1n)) throw new InputError(`Gloas follows Fulu from epoch 1 on, not ${fork} at epoch ${this.gloas.epoch}`);
    const want = expectedGindices(fork);
    const got = {
      finalized: getGeneralizedIndex(this.type, 'finalized_checkpoint', 'root'),
      current: getGeneralizedIndex(this.type, 'current_sync_committee'),
      next: getGeneralizedIndex(this.type, 'next_sync_committee'),
    };
    if (got.finalized !== want.finalized || got.current !== want.current || got.next !== want.next) {
      throw new InputError(`BeaconState layout of ${fork} gives gindices ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }

    this.blockRoots = new IncrementalVectorTree(preset.SLOTS_PER_HISTORICAL_ROOT);
    this.stateRoots = new IncrementalVectorTree(preset.SLOTS_PER_HISTORICAL_ROOT);
    this.randaoMixes = new IncrementalVectorTree(preset.EPOCHS_PER_HISTORICAL_VECTOR);
    // initialize_beacon_state_from_eth1: every mix starts as the eth1 (here: EL genesis) block hash.
    this.randaoMixes.fill(params.executionHeader.blockHash);

    const n = registry.size;
    const validators = registry.pubkeys.map((pubkey) => ({
      pubkey,
      withdrawalCredentials: withdrawalCredentials(pubkey),
      effectiveBalance: MAX_EFFECTIVE_BALANCE,
      slashed: false,
      activationEligibilityEpoch: 0n,
      activationEpoch: 0n,
      exitEpoch: FAR_FUTURE_EPOCH,
      withdrawableEpoch: FAR_FUTURE_EPOCH,
    })) satisfies ValueOf<typeof Validator>[];
    const genesisValidatorsRoot = this.type.fields.validators!.hashTreeRoot(validators);
    const zeroCheckpoint: CheckpointValue = { epoch: 0n, root: ZERO32 };
    const init: Record<string, unknown> = {
      genesisTime: params.genesisTime,
      genesisValidatorsRoot,
      slot: 0n,
      fork: { previousVersion: params.forkVersion, currentVersion: params.forkVersion, epoch: 0n },
      latestBlockHeader: { slot: 0n, proposerIndex: 0n, parentRoot: ZERO32, stateRoot: ZERO32, bodyRoot: params.genesisBodyRoot },
      historicalRoots: [],
      eth1Data: params.eth1Data,
      eth1DataVotes: [],
      eth1DepositIndex: BigInt(n),
      validators,
      balances: validators.map(() => MAX_EFFECTIVE_BALANCE),
      slashings: Array.from({ length: preset.EPOCHS_PER_SLASHINGS_VECTOR }, () => 0n),
      previousEpochParticipation: validators.map(() => FULL_PARTICIPATION),
      currentEpochParticipation: validators.map(() => FULL_PARTICIPATION),
      justificationBits: [false, false, false, false],
      previousJustifiedCheckpoint: zeroCheckpoint,
      currentJustifiedCheckpoint: zeroCheckpoint,
      finalizedCheckpoint: zeroCheckpoint,
      inactivityScores: validators.map(() => 0n),
      latestExecutionPayloadHeader: params.executionHeader,
      nextWithdrawalIndex: 0n,
      nextWithdrawalValidatorIndex: 0n,
      historicalSummaries: [],
      depositRequestsStartIndex: UNSET_DEPOSIT_REQUESTS_START_INDEX,
      depositBalanceToConsume: 0n,
      exitBalanceToConsume: 0n,
      earliestExitEpoch: 0n,
      consolidationBalanceToConsume: 0n,
      earliestConsolidationEpoch: 0n,
      pendingDeposits: [],
      pendingPartialWithdrawals: [],
      pendingConsolidations: [],
      ...(fork === 'fulu' ? { proposerLookahead: this.lookahead(0n) } : {}),
    };
    for (const name of this.names) {
      if (name === 'blockRoots' || name === 'stateRoots' || name === 'randaoMixes') this.dirty.add(name);
      else if (name === 'currentSyncCommittee' || name === 'nextSyncCommittee') continue;
      else this.set(name, init[name]);
    }
    this.committees = { current: registry.committee(0n), next: registry.committee(1n) };
    this.setCommittees(this.committees.current, this.committees.next);
  }

  get slot(): bigint {
    return this.values.slot as bigint;
  }
  get genesisValidatorsRoot(): Uint8Array {
    return this.values.genesisValidatorsRoot as Uint8Array;
  }
  get latestBlockHeader(): BeaconBlockHeaderValue {
    return this.values.latestBlockHeader as BeaconBlockHeaderValue;
  }
  get finalizedCheckpoint(): CheckpointValue {
    return this.values.finalizedCheckpoint as CheckpointValue;
  }
  get currentJustifiedCheckpoint(): CheckpointValue {
    return this.values.currentJustifiedCheckpoint as CheckpointValue;
  }
  get previousJustifiedCheckpoint(): CheckpointValue {
    return this.values.previousJustifiedCheckpoint as CheckpointValue;
  }
  get currentSyncCommittee(): Committee {
    return this.committees.current;
  }
  get nextSyncCommittee(): Committee {
    return this.committees.next;
  }

  /** A copy of the whole state, to come back to it ({@link restore}: the reorg fault rewinds the chain). */
  snapshot(): DevnetStateSnapshot {
    return {
      values: structuredClone(this.values),
      fieldRoots: { ...this.fieldRoots },
      dirty: [...this.dirty],
      cachedRoot: this.cachedRoot,
      trees: [this.blockRoots.nodesCopy(), this.stateRoots.nodesCopy(), this.randaoMixes.nodesCopy()],
      committees: this.committees,
      gloas: this.gloasActive,
    };
  }

  /** The state as {@link snapshot} saw it (the snapshot stays usable). */
  restore(s: DevnetStateSnapshot): void {
    for (const key of Object.keys(this.values)) delete this.values[key];
    Object.assign(this.values, structuredClone(s.values));
    for (const key of Object.keys(this.fieldRoots)) delete this.fieldRoots[key];
    Object.assign(this.fieldRoots, s.fieldRoots);
    this.dirty.clear();
    for (const name of s.dirty) this.dirty.add(name);
    this.cachedRoot = s.cachedRoot;
    this.blockRoots.restoreNodes(s.trees[0]);
    this.stateRoots.restoreNodes(s.trees[1]);
    this.randaoMixes.restoreNodes(s.trees[2]);
    this.committees = s.committees;
    this.useLayout(s.gloas);
  }

  /** Whether the state has been upgraded to Gloas. */
  get isGloas(): boolean {
    return this.gloasActive;
  }
  /** latest_block_hash (Gloas): the last delivered execution block's hash. */
  get latestBlockHash(): Uint8Array {
    return this.values.latestBlockHash as Uint8Array;
  }

  /** hash_tree_root(state). */
  root(): Uint8Array {
    if (this.cachedRoot && this.dirty.size === 0) return this.cachedRoot;
    for (const name of this.dirty) this.fieldRoots[name] = this.computeFieldRoot(name);
    this.dirty.clear();
    const roots = concatRoots(this.names.map((n) => this.fieldRoots[n]!));
    this.cachedRoot = this.gloasActive ? progressiveContainerRoot(roots) : merkleize(roots, this.names.length);
    return this.cachedRoot;
  }

  /** Branch to `current_sync_committee` (gindex 54, or 86 from Electra on). */
  currentSyncCommitteeBranch(): Uint8Array[] {
    return this.fieldBranch('currentSyncCommittee');
  }

  /** Branch to `next_sync_committee` (gindex 55 / 87). */
  nextSyncCommitteeBranch(): Uint8Array[] {
    return this.fieldBranch('nextSyncCommittee');
  }

  /** Branch to `finalized_checkpoint.root` (gindex 105 / 169): the checkpoint's epoch chunk first. */
  finalityBranch(): Uint8Array[] {
    const inner = createBranch(Checkpoint, this.finalizedCheckpoint, 'root').branch;
    return [...inner, ...this.fieldBranch('finalizedCheckpoint')];
  }

  /**
   * process_slots up to `slot`: caches the previous state and block roots, runs the epoch
   * transition at each epoch's last slot.
   */
  processSlots(slot: bigint): void {
    if (slot <= this.slot) throw new InputError(`processSlots: slot ${slot} is not after the state's ${this.slot}`);
    while (this.slot < slot) {
      this.processSlot();
      if ((this.slot + 1n) % this.preset.SLOTS_PER_EPOCH === 0n) this.processEpoch();
      this.set('slot', this.slot + 1n);
      if (this.gloas && !this.gloasActive && this.slot === this.gloas.epoch * this.preset.SLOTS_PER_EPOCH) this.upgradeToGloas();
    }
  }

  /**
   * upgrade_to_gloas: the same values in the progressive container, the payload header replaced by
   * latest_block_hash and a bid of that block, the builder fields empty.
   *
   * DIFF FROM SPEC: ptc_window is left zero (initialize_ptc_window's committees matter to no light
   * client) and no builder is onboarded (there are no pending deposits).
   */
  private upgradeToGloas(): void {
    const { types, forkVersion } = this.gloas!;
    const header = this.values.latestExecutionPayloadHeader as ExecutionPayloadHeader;
    delete this.values.latestExecutionPayloadHeader;
    delete this.fieldRoots.latestExecutionPayloadHeader;
    this.useLayout(true);
    const fields = types.BeaconState.fields;
    const fork = this.values.fork as { currentVersion: Uint8Array };
    this.set('fork', { previousVersion: fork.currentVersion, currentVersion: forkVersion, epoch: this.epoch() });
    this.set('latestBlockHash', header.blockHash);
    // The lists that became progressive keep their values under a new root.
    for (const name of ['validators', 'balances', 'previousEpochParticipation', 'currentEpochParticipation', 'inactivityScores', 'pendingDeposits', 'pendingPartialWithdrawals', 'pendingConsolidations']) {
      this.dirty.add(name);
    }
    this.set('builders', []);
    this.set('nextWithdrawalBuilderIndex', 0n);
    this.set('executionPayloadAvailability', Array.from({ length: this.preset.SLOTS_PER_HISTORICAL_ROOT }, () => true));
    this.set('builderPendingPayments', fields.builderPendingPayments!.defaultValue());
    this.set('builderPendingWithdrawals', []);
    this.set('latestExecutionPayloadBid', {
      ...types.ExecutionPayloadBid.defaultValue(),
      blockHash: header.blockHash,
      gasLimit: header.gasLimit,
      executionRequestsRoot: types.ExecutionRequests.hashTreeRoot(types.ExecutionRequests.defaultValue()),
    });
    this.set('payloadExpectedWithdrawals', []);
    this.set('ptcWindow', fields.ptcWindow!.defaultValue());
  }

  /** The container and merkleization of the state's fork (pre-Gloas, or Gloas's progressive one). */
  private useLayout(gloas: boolean): void {
    if (gloas === this.gloasActive) return;
    this.gloasActive = gloas;
    this.type = gloas ? this.gloas!.types.BeaconState : this.preType;
    this.names = this.type.fieldNames;
    this.shadow = shadowOf(this.names);
    this.cachedRoot = undefined;
    if (!gloas) return;
    const at = (name: string) => this.names.indexOf(name);
    const got = {
      finalized: progressiveContainerGindex(at('finalizedCheckpoint')) * 2 + 1,
      current: progressiveContainerGindex(at('currentSyncCommittee')),
      next: progressiveContainerGindex(at('nextSyncCommittee')),
    };
    const want = { finalized: FINALIZED_ROOT_GINDEX_GLOAS, current: CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS, next: NEXT_SYNC_COMMITTEE_GINDEX_GLOAS };
    if (got.finalized !== want.finalized || got.current !== want.current || got.next !== want.next) {
      throw new InputError(`BeaconState layout of gloas gives gindices ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }

  /**
   * A Gloas block's visible part of process_block: process_block_header, the parent's payload
   * applied if it was delivered (latest_block_hash, execution_payload_availability), the bid
   * checked against it and recorded (process_execution_payload_bid), process_randao.
   * DIFF FROM SPEC: as {@link processBlock}; the bid is the proposer's own (self-build, unsigned).
   */
  processGloasBlock(block: GloasBlockFields): void {
    if (!this.gloasActive) throw new InputError(`processGloasBlock: the state at slot ${this.slot} is not Gloas`);
    if (block.slot !== this.slot) throw new InputError(`processGloasBlock: block slot ${block.slot} is not the state's ${this.slot}`);
    this.set('latestBlockHeader', { slot: block.slot, proposerIndex: block.proposerIndex, parentRoot: block.parentRoot, stateRoot: ZERO32, bodyRoot: block.bodyRoot });
    const parentBid = this.values.latestExecutionPayloadBid as { blockHash: Uint8Array; slot: bigint };
    if (block.parentFull) {
      this.set('latestBlockHash', parentBid.blockHash);
      const availability = [...(this.values.executionPayloadAvailability as boolean[])];
      availability[Number(parentBid.slot % BigInt(this.preset.SLOTS_PER_HISTORICAL_ROOT))] = true;
      this.set('executionPayloadAvailability', availability);
    }
    if (!equalBytes(block.bid.parentBlockHash, this.latestBlockHash)) {
      throw new InputError(`processGloasBlock: the bid's parent_block_hash is not the state's latest_block_hash`);
    }
    this.set('latestExecutionPayloadBid', block.bid);
    this.processRandao(block.randaoReveal);
  }

  /**
   * The light-client-visible part of process_block: process_block_header (state root left zero,
   * filled in by the next process_slot), process_execution_payload's header, process_randao.
   *
   * DIFF FROM SPEC: the RANDAO reveal is not the proposer's signature and the payload's
   * prev_randao is the EL's own; nothing checks either against the mixes.
   */
  processBlock(block: BlockFields): void {
    if (block.slot !== this.slot) throw new InputError(`processBlock: block slot ${block.slot} is not the state's ${this.slot}`);
    this.set('latestBlockHeader', {
      slot: block.slot,
      proposerIndex: block.proposerIndex,
      parentRoot: block.parentRoot,
      stateRoot: ZERO32,
      bodyRoot: block.bodyRoot,
    } satisfies BeaconBlockHeaderValue);
    this.set('latestExecutionPayloadHeader', block.executionHeader);
    if (block.lastWithdrawalIndex !== undefined) this.set('nextWithdrawalIndex', block.lastWithdrawalIndex + 1n);
    this.processRandao(block.randaoReveal);
  }

  private processRandao(randaoReveal: Uint8Array): void {
    const index = Number(this.epoch() % BigInt(this.preset.EPOCHS_PER_HISTORICAL_VECTOR));
    const mix = this.randaoMixes.get(index);
    const reveal = sha256(randaoReveal);
    this.randaoMixes.set(index, mix.map((b, i) => b ^ reveal[i]!));
    this.dirty.add('randaoMixes');
  }

  /** Block root at an earlier slot (get_block_root_at_slot). */
  blockRootAtSlot(slot: bigint): Uint8Array {
    const n = BigInt(this.preset.SLOTS_PER_HISTORICAL_ROOT);
    if (!(slot < this.slot && this.slot <= slot + n)) throw new InputError(`block root of slot ${slot} is not in the state at ${this.slot}`);
    return this.blockRoots.get(Number(slot % n));
  }

  /** The whole state as a value of the fork's BeaconState container (tests; costly on mainnet). */
  toValue(): Record<string, unknown> {
    const out: Record<string, unknown> = { ...this.values };
    out.blockRoots = this.blockRoots.leaves();
    out.stateRoots = this.stateRoots.leaves();
    out.randaoMixes = this.randaoMixes.leaves();
    out.currentSyncCommittee = this.committees.current.value;
    out.nextSyncCommittee = this.committees.next.value;
    return Object.fromEntries(this.names.map((n) => [n, out[n]]));
  }

  private epoch(): bigint {
    return this.slot / this.preset.SLOTS_PER_EPOCH;
  }

  /** process_slot */
  private processSlot(): void {
    const n = BigInt(this.preset.SLOTS_PER_HISTORICAL_ROOT);
    const previousStateRoot = this.root();
    this.stateRoots.set(Number(this.slot % n), previousStateRoot);
    this.dirty.add('stateRoots');
    if (equalBytes(this.latestBlockHeader.stateRoot, ZERO32)) {
      this.set('latestBlockHeader', { ...this.latestBlockHeader, stateRoot: previousStateRoot });
    }
    this.blockRoots.set(Number(this.slot % n), BeaconBlockHeader.hashTreeRoot(this.latestBlockHeader));
    this.dirty.add('blockRoots');
    if (this.gloasActive) {
      // Gloas process_slot: the next slot's payload is not yet available.
      const availability = [...(this.values.executionPayloadAvailability as boolean[])];
      availability[Number((this.slot + 1n) % n)] = false;
      this.set('executionPayloadAvailability', availability);
    }
  }

  /** The parts of process_epoch whose results the light client sees (directly or via roots). */
  private processEpoch(): void {
    const current = this.epoch();
    const next = current + 1n;
    this.processJustificationAndFinalization(current);
    // process_randao_mixes_reset
    const epv = BigInt(this.preset.EPOCHS_PER_HISTORICAL_VECTOR);
    this.randaoMixes.set(Number(next % epv), this.randaoMixes.get(Number(current % epv)));
    this.dirty.add('randaoMixes');
    // process_historical_summaries_update
    if (next % (BigInt(this.preset.SLOTS_PER_HISTORICAL_ROOT) / this.preset.SLOTS_PER_EPOCH) === 0n) {
      const summaries = this.values.historicalSummaries as unknown[];
      this.set('historicalSummaries', [...summaries, { blockSummaryRoot: this.blockRoots.root(), stateSummaryRoot: this.stateRoots.root() }]);
    }
    // process_sync_committee_updates
    if (next % this.preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD === 0n) {
      const period = next / this.preset.EPOCHS_PER_SYNC_COMMITTEE_PERIOD;
      this.setCommittees(this.committees.next, this.registry.committee(period + 1n));
      this.registry.prune(period - 8n);
    }
    // process_proposer_lookahead (Fulu)
    if (this.fork === 'fulu') this.set('proposerLookahead', this.lookahead(next));
  }

  /**
   * process_justification_and_finalization with every validator attesting to the canonical
   * chain (both epochs justified each transition), or none while finality is stalled.
   * weigh_justification_and_finalization's four finalization rules unchanged: with full
   * participation the finalized checkpoint is the first block of epoch (current − 2) from
   * epoch 4 on, (0, 0x00…) before.
   */
  private processJustificationAndFinalization(current: bigint): void {
    if (current <= 1n) return;
    const previous = current - 1n;
    const oldPrevious = this.previousJustifiedCheckpoint;
    const oldCurrent = this.currentJustifiedCheckpoint;
    this.set('previousJustifiedCheckpoint', oldCurrent);
    const bits = [false, ...(this.values.justificationBits as boolean[]).slice(0, 3)];
    if (!this.finalityStalled) {
      const spe = this.preset.SLOTS_PER_EPOCH;
      this.set('currentJustifiedCheckpoint', { epoch: previous, root: this.blockRootAtSlot(previous * spe) });
      bits[1] = true;
      this.set('currentJustifiedCheckpoint', { epoch: current, root: this.blockRootAtSlot(current * spe) });
      bits[0] = true;
    }
    this.set('justificationBits', bits);
    const all = (from: number, to: number) => bits.slice(from, to).every(Boolean);
    if (all(1, 4) && oldPrevious.epoch + 3n === current) this.set('finalizedCheckpoint', oldPrevious);
    if (all(1, 3) && oldPrevious.epoch + 2n === current) this.set('finalizedCheckpoint', oldPrevious);
    if (all(0, 3) && oldCurrent.epoch + 2n === current) this.set('finalizedCheckpoint', oldCurrent);
    if (all(0, 2) && oldCurrent.epoch + 1n === current) this.set('finalizedCheckpoint', oldCurrent);
  }

  /** Proposers of `epoch` and the next (MIN_SEED_LOOKAHEAD + 1 epochs), by the registry's rule. */
  private lookahead(epoch: bigint): bigint[] {
    const spe = this.preset.SLOTS_PER_EPOCH;
    const count = BigInt(this.preset.MIN_SEED_LOOKAHEAD + 1) * spe;
    return Array.from({ length: Number(count) }, (_, i) => BigInt(this.registry.proposerIndex(epoch * spe + BigInt(i))));
  }

  private setCommittees(current: Committee, next: Committee): void {
    this.committees = { current, next };
    this.fieldRoots.currentSyncCommittee = current.root;
    this.fieldRoots.nextSyncCommittee = next.root;
    this.cachedRoot = undefined;
  }

  private set(name: string, value: unknown): void {
    this.values[name] = value;
    this.dirty.add(name);
  }

  private computeFieldRoot(name: string): Uint8Array {
    switch (name) {
      case 'blockRoots':
        return this.blockRoots.root();
      case 'stateRoots':
        return this.stateRoots.root();
      case 'randaoMixes':
        return this.randaoMixes.root();
      default:
        return this.type.fields[name]!.hashTreeRoot(this.values[name]);
    }
  }

  private fieldBranch(name: string): Uint8Array[] {
    this.root();
    if (this.gloasActive) return progressiveContainerBranch(concatRoots(this.names.map((n) => this.fieldRoots[n]!)), this.names.indexOf(name));
    return createBranch(this.shadow, this.fieldRoots, name).branch;
  }
}

function shadowOf(names: readonly string[]): ContainerType<any> {
  return Container(Object.fromEntries(names.map((n) => [n, Bytes32])), { typeName: 'BeaconStateRoots' });
}

/** 0x01 credentials to an address derived from the key (no withdrawals happen on the devnet). */
function withdrawalCredentials(pubkey: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  out[0] = 0x01;
  out.set(sha256(pubkey).subarray(12), 12);
  return out;
}

function concatRoots(roots: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(roots.length * 32);
  roots.forEach((r, i) => out.set(r, i * 32));
  return out;
}
