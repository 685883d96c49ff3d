/**
 * The devnet's beacon chain: one block per slot, each wrapping the EL block mined for that
 * slot, signed at the next slot by the sync committee, its post-state advanced by DevnetState,
 * and its light-client data recorded as a full node would derive it. From the Gloas fork epoch on
 * (`gloasEpoch`) a block carries a bid for the slot's EL block instead of the payload (EIP-7732):
 * its light-client header proves the last delivered EL block's hash, and a withheld payload (the
 * `withholdPayload` fault) is never mined, so the next bid still names the block before it.
 * A block's blob_kzg_commitments (Gloas: its bid's) are its EL block's; their blobs are kept in
 * `blobs` (blobs.ts) while the block is.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { type ChainConfig, computeEpochAtSlot, computeForkVersion, parseNetworkConfig } from '../../l1/config.ts';
import { type AnyLightClientHeader, BeaconBlockHeader, type BeaconBlockHeaderValue } from '../../l1/containers.ts';
import { computeDomain, computeSigningRoot, createLightClientContext, DOMAIN_SYNC_COMMITTEE, type LightClientContext } from '../../l1/spec/helpers.ts';
import { createBranch, type SszType, type ValueOf } from '../../ssz/index.ts';
import { BlobStore } from './blobs.ts';
import { G2_POINT_AT_INFINITY, signSyncAggregate, ValidatorRegistry } from './committee.ts';
import { type DevnetFork, devnetTypes, type DevnetTypes, type Eth1Data } from './containers.ts';
import { type ExecutionBlock, ExecutionClient } from './execution.ts';
import { type BlockRecord, type ExecutionRef, LightClientDataStore } from './full-node.ts';
import { executionPayloadBid, gloasBody, gloasExecutionBranch } from './gloas-block.ts';
import { gloasTypes } from './gloas-containers.ts';
import { devnetForkVersion, devnetNetworkConfig } from './network-config.ts';
import type { DevnetPreset } from './presets.ts';
import { DevnetState, type DevnetStateSnapshot } from './state.ts';

type Eth1DataValue = ValueOf<typeof Eth1Data>;

const GRAFFITI = /* @__PURE__ */ (() => {
  const g = new Uint8Array(32);
  g.set(new TextEncoder().encode('vigil devnet'));
  return g;
})();

/** A block's body and the BeaconBlock type that serializes it with its header's fields. */
export interface KeptBody {
  type: SszType<any>;
  body: Record<string, unknown>;
}

export interface ChainParams {
  fork: DevnetFork;
  preset: DevnetPreset;
  secondsPerSlot: number;
  /** Milliseconds since the epoch: genesis is now, in whole seconds (or the EL head's time, if later). */
  now: () => number;
  /** Genesis in seconds since the epoch instead, at or after the EL head's time (in the past: a chain with history). */
  genesisTime?: number;
  seed: string;
  el: ExecutionClient;
  historyPeriods: number;
  log: (line: string) => void;
  /** The deepest reorganisation the chain can make (the reorg fault): it keeps that many blocks' states. Default 0: none. */
  reorgDepth?: number;
  /** The Gloas fork's epoch (≥ 1, after a Fulu genesis); unset: no Gloas. */
  gloasEpoch?: bigint;
}

/** What a reorganisation dropped: its blocks, and the transactions they held and that were pending then (network bytes). */
export interface Reorganised {
  dropped: BlockRecord[];
  transactions: Uint8Array[];
  pending: Uint8Array[];
}

/**
 * How long blocks with blobs are served: the spec's MIN_EPOCHS_FOR_BLOB_SIDECARS_REQUESTS (and
 * Fulu's MIN_EPOCHS_FOR_DATA_COLUMN_SIDECARS_REQUESTS), 4096 epochs; what is kept per block is small
 * (its record, body, commitments), the blobs are read again from the EL.
 */
export const BLOB_RETENTION_EPOCHS = 4096;

export class BeaconChain {
  readonly types: DevnetTypes;
  readonly config: ChainConfig;
  readonly networkConfig: Record<string, unknown>;
  readonly ctx: LightClientContext;
  readonly state: DevnetState;
  readonly data: LightClientDataStore;
  readonly registry: ValidatorRegistry;
  readonly genesis: BlockRecord;
  /** The blobs of the blocks held, for the blob and data column endpoints. */
  readonly blobs: BlobStore;
  /** The bodies of the blocks held, by root, for getBlockV2 (with their BeaconBlock type: Fulu's, or Gloas's). */
  private readonly bodies = new Map<string, KeptBody>();
  /**
   * The blocks with blobs, by root, for as long as their blobs are served (BLOB_RETENTION_EPOCHS),
   * beyond the light-client store's recent blocks: a rollup's escape rebuilds its state from every
   * batch's blob, and ties each to its block.
   */
  private readonly blobRecords = new Map<string, BlockRecord>();
  /**
   * The fraction of the sync committee that signs each new block (the participation fault): its
   * first round(participation × size) members. 1: all of them.
   */
  participation = 1;
  /**
   * The withheld-payload fault: while true, each Gloas slot's payload is not delivered (no EL block
   * is mined for it), so the next block's bid keeps the last delivered block's hash.
   */
  withholdPayload = false;
  private headRecord: BlockRecord;
  /** The last blocks, each with its post-state and an EL snapshot at it, oldest first (the reorg fault's way back). */
  private readonly rewindable: { record: BlockRecord; state: DevnetStateSnapshot; el: string }[] = [];
  private reorgs = 0;
  private readonly el: ExecutionClient;
  private readonly params: ChainParams;
  private readonly eth1Data: Eth1DataValue;
  readonly genesisTime: number;

  private constructor(params: ChainParams, registry: ValidatorRegistry, exec: ExecutionBlock, chainId: bigint) {
    this.params = params;
    // Slot 1's EL block must be later than the one slot 0 wraps.
    const elTime = Number(exec.payload.timestamp);
    if (params.genesisTime !== undefined && !(Number.isSafeInteger(params.genesisTime) && params.genesisTime >= elTime)) {
      throw new InputError(`"genesisTime" expected whole seconds at or after the EL head's timestamp ${elTime}, got ${params.genesisTime}`);
    }
    this.genesisTime = params.genesisTime ?? Math.max(Math.floor(params.now() / 1000), elTime);
    this.el = params.el;
    this.registry = registry;
    this.types = devnetTypes(params.preset, params.fork);
    this.blobs = new BlobStore(params.preset, (blockHash) => this.el.blobsBundle(blockHash));
    const forkOrdinal = ['altair', 'bellatrix', 'capella', 'deneb', 'electra', 'fulu'].indexOf(params.fork) + 1;
    const forkVersion = hexToBytes(devnetForkVersion(forkOrdinal), 4);
    const gloas =
      params.gloasEpoch === undefined
        ? undefined
        : { epoch: params.gloasEpoch, forkVersion: hexToBytes(devnetForkVersion(7), 4), types: gloasTypes(params.preset) };
    // No deposits ever happen: eth1_data names the EL block slot 0 wraps and the genesis validators.
    this.eth1Data = { depositRoot: new Uint8Array(32), depositCount: BigInt(registry.size), blockHash: exec.header.blockHash };

    // The genesis block's body carries the EL block slot 0 wraps and an empty sync aggregate.
    const emptyAggregate = {
      syncCommitteeBits: Array.from({ length: params.preset.SYNC_COMMITTEE_SIZE }, () => false),
      syncCommitteeSignature: G2_POINT_AT_INFINITY,
    };
    const body = this.body(exec, emptyAggregate);
    const { root: bodyRoot, branch: executionBranch } = createBranch(this.types.BeaconBlockBody, body, 'execution_payload');
    this.state = new DevnetState({
      preset: params.preset,
      fork: params.fork,
      types: this.types,
      registry,
      genesisTime: BigInt(this.genesisTime),
      forkVersion,
      executionHeader: exec.header,
      eth1Data: this.eth1Data,
      genesisBodyRoot: bodyRoot,
      ...(gloas ? { gloas } : {}),
    });
    this.networkConfig = devnetNetworkConfig({
      fork: params.fork,
      preset: params.preset,
      secondsPerSlot: params.secondsPerSlot,
      genesisTime: this.genesisTime,
      genesisValidatorsRoot: this.state.genesisValidatorsRoot,
      depositChainId: chainId,
      ...(params.gloasEpoch !== undefined ? { gloasEpoch: params.gloasEpoch } : {}),
    });
    // The chain reads its own config back through the light client's parser: one truth.
    this.config = parseNetworkConfig(this.networkConfig);
    this.ctx = createLightClientContext(this.config);
    this.data = new LightClientDataStore(this.ctx, {
      historyPeriods: params.historyPeriods,
      recentSlots: 8 * Number(params.preset.SLOTS_PER_EPOCH),
    });
    const header: BeaconBlockHeaderValue = { ...this.state.latestBlockHeader, stateRoot: this.state.root() };
    const ref = executionRef(exec);
    this.genesis = this.record(header, { beacon: header, execution: exec.header, executionBranch }, emptyAggregate, ref, ref);
    this.headRecord = this.genesis;
    this.data.add(this.genesis);
    this.keepBody(this.genesis, this.types.BeaconBlock, body);
    this.keepBlobs(this.genesis, exec, body);
  }

  /** Genesis: slot 0 wraps the EL's latest block (its genesis on a fresh EL). */
  static async create(params: ChainParams): Promise<BeaconChain> {
    const registry = new ValidatorRegistry(params.preset, params.seed);
    const [exec, chainId] = await Promise.all([params.el.latest(), params.el.chainId()]);
    const chain = new BeaconChain(params, registry, exec, chainId);
    await chain.keepRewindable(chain.genesis);
    return chain;
  }

  get head(): BlockRecord {
    return this.headRecord;
  }

  /** The finalized block, or genesis before the first finalization. */
  get finalized(): BlockRecord {
    const root = this.state.finalizedCheckpoint.root;
    return this.data.get(bytesToHex(root)) ?? this.genesis;
  }

  timestampAt(slot: bigint): bigint {
    return BigInt(this.genesisTime) + slot * BigInt(this.params.secondsPerSlot);
  }

  /** Whether `slot` is at or after the Gloas fork. */
  isGloasSlot(slot: bigint): boolean {
    return this.params.gloasEpoch !== undefined && computeEpochAtSlot(this.config, slot) >= this.params.gloasEpoch;
  }

  /**
   * Builds the block of `slot` (after the head's; the slots between, if any, stay empty: missed):
   * mines its EL block (unless a Gloas payload is withheld), signs the parent.
   */
  async produce(slot: bigint): Promise<BlockRecord> {
    const parent = this.headRecord;
    if (slot <= parent.slot) throw new Error(`produce(${slot}) after head ${parent.slot}: slots are produced in order`);
    const gloas = this.isGloasSlot(slot);
    const exec = gloas && this.withholdPayload ? null : await this.el.mine(this.timestampAt(slot), { parentBeaconBlockRoot: parent.root, slot });
    if (exec) this.checkExecutionContinuity(slot, parent, exec);

    this.state.processSlots(slot);
    // process_sync_aggregate: the current committee signs the previous slot's block root with
    // the fork version of the previous slot's epoch.
    const previousSlot = slot - 1n;
    const domain = computeDomain(
      DOMAIN_SYNC_COMMITTEE,
      computeForkVersion(this.config, computeEpochAtSlot(this.config, previousSlot)),
      this.config.genesisValidatorsRoot,
    );
    const syncAggregate = signSyncAggregate(this.state.currentSyncCommittee, computeSigningRoot(parent.root, domain), this.participation);
    if (gloas) return this.produceGloas(slot, parent, exec, syncAggregate);
    if (!exec) throw new Error('unreachable: a pre-Gloas payload is always delivered');

    const body = this.body(exec, syncAggregate);
    const { root: bodyRoot, branch: executionBranch } = createBranch(this.types.BeaconBlockBody, body, 'execution_payload');
    const proposerIndex = BigInt(this.registry.proposerIndex(slot));
    this.state.processBlock({
      slot,
      proposerIndex,
      parentRoot: parent.root,
      bodyRoot,
      randaoReveal: G2_POINT_AT_INFINITY,
      executionHeader: exec.header,
      ...(exec.lastWithdrawalIndex !== undefined ? { lastWithdrawalIndex: exec.lastWithdrawalIndex } : {}),
    });
    const header: BeaconBlockHeaderValue = { slot, proposerIndex, parentRoot: parent.root, stateRoot: this.state.root(), bodyRoot };
    const ref = executionRef(exec);
    const record = this.record(header, { beacon: header, execution: exec.header, executionBranch }, syncAggregate, ref, ref);
    this.keepBody(record, this.types.BeaconBlock, body);
    this.keepBlobs(record, exec, body);
    return this.addHead(record);
  }

  /**
   * A Gloas block: its bid commits to this slot's EL block (`exec`; null: withheld) on top of the
   * last delivered one, which its light-client header proves (block_to_light_client_header).
   */
  private async produceGloas(slot: bigint, parent: BlockRecord, exec: ExecutionBlock | null, syncAggregate: BlockRecord['syncAggregate']): Promise<BlockRecord> {
    const types = gloasTypes(this.params.preset);
    const bid = executionPayloadBid(types, { slot, parentRoot: parent.root, parentBlockHash: parent.elHead.blockHash, exec });
    const body = gloasBody(types, { eth1Data: this.eth1Data, graffiti: GRAFFITI, syncAggregate }, bid);
    const { root: bodyRoot, branch: executionBranch } = gloasExecutionBranch(types, body);
    const proposerIndex = BigInt(this.registry.proposerIndex(slot));
    // A Fulu parent's payload was in its body: delivered.
    this.state.processGloasBlock({ slot, proposerIndex, parentRoot: parent.root, bodyRoot, randaoReveal: G2_POINT_AT_INFINITY, bid, parentFull: parent.payload !== null });
    const header: BeaconBlockHeaderValue = { slot, proposerIndex, parentRoot: parent.root, stateRoot: this.state.root(), bodyRoot };
    const payload = exec && executionRef(exec);
    if (!payload) this.params.log(`slot ${slot}: payload withheld (its bid names ${bytesToHex(bid.blockHash).slice(0, 10)}…, never mined)`);
    const lcHeader = { beacon: header, executionBlockHash: bid.parentBlockHash, executionBranch };
    const record = this.record(header, lcHeader, syncAggregate, payload, payload ?? parent.elHead);
    this.keepBody(record, types.BeaconBlock, body);
    if (exec) this.keepBlobs(record, exec, null);
    return this.addHead(record);
  }

  /**
   * Records the blobs `exec` carried in the block `record` (`body`: its body before Gloas, whose
   * blob_kzg_commitments the sidecars prove; null: a Gloas block, whose bid holds them).
   */
  private keepBlobs(record: BlockRecord, exec: ExecutionBlock, body: Record<string, unknown> | null): void {
    if (!exec.blobs) return;
    this.blobRecords.set(record.rootHex, record);
    const common = { slot: record.slot, root: record.root, blockHash: exec.payload.blockHash, commitments: exec.blobs.commitments };
    if (!body) return this.blobs.add({ ...common, fork: 'gloas' }, exec.blobs);
    const commitmentsBranch = createBranch(this.types.BeaconBlockBody, body, 'blob_kzg_commitments').branch;
    this.blobs.add({ ...common, fork: this.params.fork, header: record.header, commitmentsBranch }, exec.blobs);
  }

  /** A block held: by the light-client store (recent blocks, checkpoints), or a block with blobs within their retention. */
  blockRecord(rootHex: string): BlockRecord | undefined {
    return this.data.get(rootHex) ?? this.blobRecords.get(rootHex.toLowerCase());
  }

  /** The body of a block held (and its BeaconBlock type), for getBlockV2; undefined once the block is dropped. */
  blockOf(rootHex: string): KeptBody | undefined {
    return this.bodies.get(rootHex);
  }

  private keepBody(record: BlockRecord, type: SszType<any>, body: Record<string, unknown>): void {
    this.bodies.set(record.rootHex, { type, body });
  }

  /**
   * Blobs and bodies of the blocks the light-client store still holds, and of the blocks with blobs
   * within BLOB_RETENTION_EPOCHS of the head (none after the head: a reorganisation drops them).
   */
  private retain(): void {
    const head = this.headRecord.slot;
    const from = head - BigInt(BLOB_RETENTION_EPOCHS * Number(this.params.preset.SLOTS_PER_EPOCH));
    for (const [root, r] of this.blobRecords) if (r.slot > head || r.slot < from) this.blobRecords.delete(root);
    const held = (root: string) => this.data.get(root) !== undefined || this.blobRecords.has(root);
    this.blobs.retain(held);
    for (const root of this.bodies.keys()) if (!held(root)) this.bodies.delete(root);
  }

  private async addHead(record: BlockRecord): Promise<BlockRecord> {
    this.headRecord = record;
    this.data.add(record);
    this.retain();
    await this.keepRewindable(record);
    return record;
  }

  /**
   * Drops the last `depth` blocks, beacon and execution alike (the reorg fault): the head is the
   * block `depth` below, its state and the EL's as they were then; blocks mined from now on have
   * another fee recipient, so a new branch differs from the old even where it holds the same
   * transactions. The caller builds the new branch (and sends the dropped transactions again or not).
   * @throws InputError for a depth the chain cannot go back (kept states), or that reaches the finalized block.
   */
  async reorg(depth: number): Promise<Reorganised> {
    const n = this.rewindable.length;
    if (!this.params.reorgDepth) throw new InputError('this devnet keeps no states to reorganise from (start it with --faults)');
    if (!Number.isSafeInteger(depth) || depth < 1 || depth >= n) throw new InputError(`reorg "depth" expected 1..${Math.max(1, n - 1)} (the blocks kept), got ${String(depth)}`);
    const sinceFinalized = this.headRecord.elHead.blockNumber - this.finalized.elHead.blockNumber;
    if (BigInt(depth) >= sinceFinalized) {
      throw new InputError(`reorg "depth" expected fewer than the ${sinceFinalized} blocks since the finalized one, got ${depth}`);
    }
    const point = this.rewindable[n - 1 - depth]!;
    const dropped = this.rewindable.slice(n - depth).map((e) => e.record);
    const transactions: Uint8Array[] = [];
    for (const b of dropped) if (b.payload) transactions.push(...(await this.el.rawTransactions(b.payload.blockNumber)));
    const pending = await this.el.rawTransactions('pending');
    await this.el.revert(point.el);
    point.el = await this.el.snapshot();
    this.state.restore(point.state);
    this.headRecord = point.record;
    this.data.rewind(point.record);
    this.retain();
    this.rewindable.length = n - depth;
    this.reorgs++;
    this.el.branch(this.reorgs);
    this.params.log(`reorg: dropped slots ${dropped[0]!.slot}..${dropped.at(-1)!.slot} (EL #${dropped[0]!.elHead.blockNumber}..), head back at slot ${point.record.slot}`);
    return { dropped, transactions, pending };
  }

  private async keepRewindable(record: BlockRecord): Promise<void> {
    const depth = this.params.reorgDepth ?? 0;
    if (depth === 0) return;
    this.rewindable.push({ record, state: this.state.snapshot(), el: await this.el.snapshot() });
    if (this.rewindable.length > depth + 1) this.rewindable.shift();
  }

  /** Blocks mined on the EL by someone else break the 1:1 slot/block picture: say so, carry on. */
  private checkExecutionContinuity(slot: bigint, parent: BlockRecord, exec: ExecutionBlock): void {
    const previous = parent.elHead.blockNumber;
    const { blockNumber, timestamp } = exec.payload;
    if (blockNumber !== previous + 1n) {
      this.params.log(`slot ${slot}: EL blocks #${previous + 1n}..#${blockNumber - 1n} were mined outside the beacon devnet`);
    }
    if (timestamp !== this.timestampAt(slot)) {
      this.params.log(`slot ${slot}: EL block #${blockNumber} has timestamp ${timestamp}, the slot's is ${this.timestampAt(slot)}`);
    }
  }

  private record(
    header: BeaconBlockHeaderValue,
    lcHeader: AnyLightClientHeader,
    syncAggregate: BlockRecord['syncAggregate'],
    payload: ExecutionRef | null,
    elHead: ExecutionRef,
  ): BlockRecord {
    const root = BeaconBlockHeader.hashTreeRoot(header);
    return {
      slot: header.slot,
      root,
      rootHex: bytesToHex(root),
      header,
      lcHeader,
      payload,
      elHead,
      syncAggregate,
      currentCommittee: this.state.currentSyncCommittee,
      nextCommittee: this.state.nextSyncCommittee,
      currentCommitteeBranch: this.state.currentSyncCommitteeBranch(),
      nextCommitteeBranch: this.state.nextSyncCommitteeBranch(),
      finalizedCheckpoint: this.state.finalizedCheckpoint,
      finalityBranch: this.state.finalityBranch(),
    };
  }

  private body(exec: ExecutionBlock, syncAggregate: BlockRecord['syncAggregate']): Record<string, unknown> {
    const body: Record<string, unknown> = {
      randaoReveal: G2_POINT_AT_INFINITY,
      eth1Data: this.eth1Data,
      graffiti: GRAFFITI,
      proposerSlashings: [],
      attesterSlashings: [],
      attestations: [],
      deposits: [],
      voluntaryExits: [],
      syncAggregate,
      executionPayload: exec.payload,
      blsToExecutionChanges: [],
      blobKzgCommitments: exec.blobs?.commitments ?? [],
    };
    if (this.params.fork !== 'deneb') body.executionRequests = { deposits: [], withdrawals: [], consolidations: [] };
    return body;
  }
}

function executionRef(exec: ExecutionBlock): ExecutionRef {
  return { blockNumber: exec.payload.blockNumber, blockHash: exec.payload.blockHash };
}
