/**
 * Light-client data as a full node derives it: consensus-specs v1.6 altair/light-client/
 * full-node.md (create_light_client_bootstrap, create_light_client_update, the best update per
 * period, the latest finality and optimistic updates), with Capella's execution header and
 * Electra's deeper branches. What each function needs from a block's post-state — the state
 * root's branches and the finalized checkpoint — is captured when the block is made, in its
 * `BlockRecord`, so no state is kept per block.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import {
  defaultLightClientHeader,
  type BeaconBlockHeaderValue,
  type LightClientBootstrap,
  type LightClientFinalityUpdate,
  type LightClientHeader,
  type LightClientOptimisticUpdate,
  type LightClientUpdate,
  type SyncAggregate,
} from '../../l1/containers.ts';
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
  /** block_to_light_client_header: the header, the execution payload header and its branch. */
  lcHeader: LightClientHeader;
  /** The body's sync aggregate: the committee's signature over the parent block. */
  syncAggregate: SyncAggregate;
  currentCommittee: Committee;
  nextCommittee: Committee;
  currentCommitteeBranch: Uint8Array[];
  nextCommitteeBranch: Uint8Array[];
  finalizedCheckpoint: CheckpointValue;
  finalityBranch: Uint8Array[];
}

const zeroBranch = (length: number): Uint8Array[] => Array.from({ length }, () => new Uint8Array(32));
const isZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

/** create_light_client_bootstrap from a block and its post-state. */
export function createLightClientBootstrap(block: BlockRecord): LightClientBootstrap {
  return {
    header: block.lcHeader,
    currentSyncCommittee: block.currentCommittee.value,
    currentSyncCommitteeBranch: block.currentCommitteeBranch,
  };
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
): LightClientUpdate {
  const signaturePeriod = periodAt(ctx, block.slot);
  const attestedPeriod = periodAt(ctx, attested.slot);
  // `next_sync_committee` is only useful if the message is signed by the current sync committee
  const withCommittee = attestedPeriod === signaturePeriod;
  const genesisFinality = isZero(attested.finalizedCheckpoint.root);
  const withFinality = finalized !== null || genesisFinality;
  return {
    attestedHeader: attested.lcHeader,
    nextSyncCommittee: withCommittee ? attested.nextCommittee.value : ctx.types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: withCommittee ? attested.nextCommitteeBranch : zeroBranch(attested.nextCommitteeBranch.length),
    // The genesis checkpoint's root is zero: finality is indicated with the empty header.
    finalizedHeader: finalized !== null && finalized.slot !== GENESIS_SLOT ? finalized.lcHeader : defaultLightClientHeader(),
    finalityBranch: withFinality ? attested.finalityBranch : zeroBranch(attested.finalityBranch.length),
    syncAggregate: block.syncAggregate,
    signatureSlot: block.slot,
  };
}

export function createLightClientFinalityUpdate(u: LightClientUpdate): LightClientFinalityUpdate {
  return {
    attestedHeader: u.attestedHeader,
    finalizedHeader: u.finalizedHeader,
    finalityBranch: u.finalityBranch,
    syncAggregate: u.syncAggregate,
    signatureSlot: u.signatureSlot,
  };
}

export function createLightClientOptimisticUpdate(u: LightClientUpdate): LightClientOptimisticUpdate {
  return { attestedHeader: u.attestedHeader, syncAggregate: u.syncAggregate, signatureSlot: u.signatureSlot };
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
  private readonly bestByPeriod = new Map<bigint, LightClientUpdate>();
  private latest: LightClientUpdate | undefined;
  private latestFinality: LightClientUpdate | undefined;
  private head: BlockRecord | undefined;

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
  updates(startPeriod: bigint, count: number): LightClientUpdate[] {
    const out: LightClientUpdate[] = [];
    for (let p = startPeriod; out.length < count; p++) {
      const u = this.bestByPeriod.get(p);
      if (!u) break;
      out.push(u);
    }
    return out;
  }

  bootstrap(rootHex: string): LightClientBootstrap | undefined {
    const block = this.get(rootHex);
    return block && createLightClientBootstrap(block);
  }

  finalityUpdate(): LightClientFinalityUpdate | undefined {
    return this.latestFinality && createLightClientFinalityUpdate(this.latestFinality);
  }

  optimisticUpdate(): LightClientOptimisticUpdate | undefined {
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
    // Prune once per epoch: the map is small between prunes.
    if (head.slot % spe !== 0n) return;
    const finalizedRoot = bytesToHex(head.finalizedCheckpoint.root);
    // Before the first finalization genesis is the checkpoint: keep it bootstrappable.
    const genesisIsCheckpoint = isZero(head.finalizedCheckpoint.root);
    for (const [root, b] of this.blocks) {
      if (b.slot >= recentFrom || root === finalizedRoot || (genesisIsCheckpoint && b.slot === GENESIS_SLOT)) continue;
      if (b.slot % spe === 0n && periodAt(this.ctx, b.slot) >= oldestPeriod) continue;
      this.blocks.delete(root);
    }
    for (const p of this.bestByPeriod.keys()) if (p < oldestPeriod) this.bestByPeriod.delete(p);
  }
}
