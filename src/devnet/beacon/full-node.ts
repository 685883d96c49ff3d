/**
 * Light-client data as a full node derives it: consensus-specs v1.6 altair/light-client/
 * full-node.md (create_light_client_bootstrap, create_light_client_update, the best update per
 * period, the latest finality and optimistic updates), with Capella's execution header and
 * Electra's deeper branches, and Gloas's (gloas/light-client/full-node.md): data whose attested
 * header is a Gloas block is in the Gloas shape, a pre-Gloas finalized header in it upgraded
 * (block_to_light_client_header gives the same for a pre-Gloas block); earlier data keeps its
 * fork's shape. What each function needs from a block's post-state — the state root's branches
 * and the finalized checkpoint — is captured when the block is made, in its `BlockRecord`, so no
 * state is kept per block.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import {
  type AnyLightClientBootstrap,
  type AnyLightClientFinalityUpdate,
  type AnyLightClientHeader,
  type AnyLightClientOptimisticUpdate,
  type AnyLightClientUpdate,
  defaultGloasLightClientHeader,
  defaultLightClientHeader,
  type BeaconBlockHeaderValue,
  isGloasHeader,
  type SyncAggregate,
} from '../../l1/containers.ts';
import { upgradeLcHeaderToGloas } from '../../l1/spec/upgradeLcToGloas.ts';
import { isBetterUpdate } from '../../l1/spec/isBetterUpdate.ts';
import { GENESIS_SLOT, isFinalityUpdate, type LightClientContext, periodAt } from '../../l1/spec/helpers.ts';
import type { Committee } from './committee.ts';
import type { CheckpointValue } from './state.ts';

/** One block of the devnet and what the light client may ask about its post-state. */
export interface BlockRecord {
  slot: bigint;
  root: Uint8Array;
  rootHex: string;
  /** The block's header, state_root filled in. */
  header: BeaconBlockHeaderValue;
  /**
   * block_to_light_client_header: the header, the execution payload header and its branch; for a
   * Gloas block the bid's parent_block_hash and its branch.
   */
  lcHeader: AnyLightClientHeader;
  /** The execution block this slot delivered (null: a Gloas payload withheld). */
  payload: ExecutionRef | null;
  /** The last execution block delivered at or before this slot: the EL's head then. */
  elHead: ExecutionRef;
  /** The body's sync aggregate: the committee's signature over the parent block. */
  syncAggregate: SyncAggregate;
  currentCommittee: Committee;
  nextCommittee: Committee;
  currentCommitteeBranch: Uint8Array[];
  nextCommitteeBranch: Uint8Array[];
  finalizedCheckpoint: CheckpointValue;
  finalityBranch: Uint8Array[];
}

export interface ExecutionRef {
  blockNumber: bigint;
  blockHash: Uint8Array;
}

const zeroBranch = (length: number): Uint8Array[] => Array.from({ length }, () => new Uint8Array(32));
const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

/** create_light_client_bootstrap from a block and its post-state. */
export function createLightClientBootstrap(block: BlockRecord): AnyLightClientBootstrap {
  return {
    header: block.lcHeader,
    currentSyncCommittee: block.currentCommittee.value,
    currentSyncCommitteeBranch: block.currentCommitteeBranch,
  } as AnyLightClientBootstrap;
}

/**
 * create_light_client_update: `block` signs `attested` (its parent); `finalized` is the block
 * of the attested state's finalized checkpoint when it is still held (null: unavailable).
 */
export function createLightClientUpdate(
  ctx: LightClientContext,
  block: BlockRecord,
  attested: BlockRecord,
  finalized: BlockRecord | null,
): AnyLightClientUpdate {
  const signaturePeriod = periodAt(ctx, block.slot);
  const attestedPeriod = periodAt(ctx, attested.slot);
  // `next_sync_committee` is only useful if the message is signed by the current sync committee
  const withCommittee = attestedPeriod === signaturePeriod;
  const genesisFinality = isZero(attested.finalizedCheckpoint.root);
  const withFinality = finalized !== null || genesisFinality;
  const gloas = isGloasHeader(attested.lcHeader);
  // A Gloas update's finalized header is in the Gloas shape even for a block before the fork.
  const asAttested = (h: AnyLightClientHeader): AnyLightClientHeader => (gloas && !isGloasHeader(h) ? upgradeLcHeaderToGloas(ctx.config, h) : h);
  const emptyHeader = gloas ? defaultGloasLightClientHeader() : defaultLightClientHeader();
  return {
    attestedHeader: attested.lcHeader,
    nextSyncCommittee: withCommittee ? attested.nextCommittee.value : ctx.types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: withCommittee ? attested.nextCommitteeBranch : zeroBranch(attested.nextCommitteeBranch.length),
    // The genesis checkpoint's root is zero: finality is indicated with the empty header.
    finalizedHeader: finalized !== null && finalized.slot !== GENESIS_SLOT ? asAttested(finalized.lcHeader) : emptyHeader,
    finalityBranch: withFinality ? attested.finalityBranch : zeroBranch(attested.finalityBranch.length),
    syncAggregate: block.syncAggregate,
    signatureSlot: block.slot,
  } as AnyLightClientUpdate;
}

export function createLightClientFinalityUpdate(u: AnyLightClientUpdate): AnyLightClientFinalityUpdate {
  return {
    attestedHeader: u.attestedHeader,
    finalizedHeader: u.finalizedHeader,
    finalityBranch: u.finalityBranch,
    syncAggregate: u.syncAggregate,
    signatureSlot: u.signatureSlot,
  } as AnyLightClientFinalityUpdate;
}

export function createLightClientOptimisticUpdate(u: AnyLightClientUpdate): AnyLightClientOptimisticUpdate {
  return { attestedHeader: u.attestedHeader, syncAggregate: u.syncAggregate, signatureSlot: u.signatureSlot } as AnyLightClientOptimisticUpdate;
}

export interface LightClientDataOptions {
  /** Periods of history kept: best updates, and epoch-boundary blocks for bootstraps. */
  historyPeriods: number;
  /** Every block of the last this many slots is kept (bootstrap from any recent root). */
  recentSlots: number;
}

/** The blocks and derived light-client data a server answers from, bounded in memory. */
export class LightClientDataStore {
  private readonly blocks = new Map<string, BlockRecord>();
  private readonly bestByPeriod = new Map<bigint, AnyLightClientUpdate>();
  private latest: AnyLightClientUpdate | undefined;
  private latestFinality: AnyLightClientUpdate | undefined;
  private head: BlockRecord | undefined;
  /** The epoch of the last prune. */
  private prunedEpoch = -1n;
  /** Roots that were a finalized checkpoint: with an epoch's first slot missed, not on a boundary. */
  private readonly checkpointRoots = new Set<string>();

  constructor(
    private readonly ctx: LightClientContext,
    private readonly options: LightClientDataOptions,
  ) {}

  get(rootHex: string): BlockRecord | undefined {
    return this.blocks.get(rootHex.toLowerCase());
  }

  /** The held block of `slot`, if any (a linear scan: the map holds a few hundred blocks). */
  bySlot(slot: bigint): BlockRecord | undefined {
    for (const b of this.blocks.values()) if (b.slot === slot) return b;
    return undefined;
  }

  /** Records a new head; derives the update it signs for its parent (the previous head). */
  add(block: BlockRecord): void {
    const parent = this.head;
    this.blocks.set(block.rootHex, block);
    this.head = block;
    if (parent && block.syncAggregate.syncCommitteeBits.some(Boolean)) {
      const finalized = isZero(parent.finalizedCheckpoint.root)
        ? null
        : (this.blocks.get(bytesToHex(parent.finalizedCheckpoint.root)) ?? null);
      const update = createLightClientUpdate(this.ctx, block, parent, finalized);
      this.latest = update;
      if (isFinalityUpdate(update)) this.latestFinality = update;
      // Updates count for the attested period, and only when signed within it.
      const period = periodAt(this.ctx, parent.slot);
      if (period === periodAt(this.ctx, block.slot)) {
        const best = this.bestByPeriod.get(period);
        if (!best || isBetterUpdate(this.ctx, update, best)) this.bestByPeriod.set(period, update);
      }
    }
    this.prune(block);
  }

  /**
   * Back to `to` as the head (the reorg fault): the blocks after its slot, and every update they
   * signed or attested, are gone; the next {@link add} builds on `to`.
   */
  rewind(to: BlockRecord): void {
    for (const [root, b] of this.blocks) if (b.slot > to.slot) this.blocks.delete(root);
    for (const [period, u] of this.bestByPeriod) if (u.signatureSlot > to.slot) this.bestByPeriod.delete(period);
    if (this.latest && this.latest.signatureSlot > to.slot) this.latest = undefined;
    if (this.latestFinality && this.latestFinality.signatureSlot > to.slot) this.latestFinality = undefined;
    this.head = to;
  }

  /** The best update of each period from `startPeriod`, stopping at the first period without one. */
  updates(startPeriod: bigint, count: number): AnyLightClientUpdate[] {
    const out: AnyLightClientUpdate[] = [];
    for (let p = startPeriod; out.length < count; p++) {
      const u = this.bestByPeriod.get(p);
      if (!u) break;
      out.push(u);
    }
    return out;
  }

  bootstrap(rootHex: string): AnyLightClientBootstrap | undefined {
    const block = this.get(rootHex);
    return block && createLightClientBootstrap(block);
  }

  finalityUpdate(): AnyLightClientFinalityUpdate | undefined {
    return this.latestFinality && createLightClientFinalityUpdate(this.latestFinality);
  }

  optimisticUpdate(): AnyLightClientOptimisticUpdate | undefined {
    return this.latest && createLightClientOptimisticUpdate(this.latest);
  }

  /** Number of blocks held (for tests of the memory bound). */
  get size(): number {
    return this.blocks.size;
  }

  private prune(head: BlockRecord): void {
    const spe = this.ctx.config.preset.SLOTS_PER_EPOCH;
    const recentFrom = head.slot - BigInt(this.options.recentSlots);
    const headPeriod = periodAt(this.ctx, head.slot);
    const oldestPeriod = headPeriod - BigInt(this.options.historyPeriods) + 1n;
    const finalizedRoot = bytesToHex(head.finalizedCheckpoint.root);
    this.checkpointRoots.add(finalizedRoot);
    // Prune once per epoch (its first block: the epoch's first slot may be missed): the map is small between prunes.
    const epoch = head.slot / spe;
    if (epoch === this.prunedEpoch) return;
    this.prunedEpoch = epoch;
    // Before the first finalization genesis is the checkpoint: keep it bootstrappable.
    const genesisIsCheckpoint = isZero(head.finalizedCheckpoint.root);
    for (const [root, b] of this.blocks) {
      if (b.slot >= recentFrom || root === finalizedRoot || (genesisIsCheckpoint && b.slot === GENESIS_SLOT)) continue;
      if ((b.slot % spe === 0n || this.checkpointRoots.has(root)) && periodAt(this.ctx, b.slot) >= oldestPeriod) continue;
      this.blocks.delete(root);
      this.checkpointRoots.delete(root);
    }
    for (const p of this.bestByPeriod.keys()) if (p < oldestPeriod) this.bestByPeriod.delete(p);
  }
}
