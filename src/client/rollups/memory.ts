/**
 * What Vigil remembers of one network's rollups across restarts (one key of the settings table):
 * per rollup, the change under Vigil it last told the user of (src/l2/rollup-change.ts: told once
 * per change, not again after a restart, again only when another change happens), and the wallet's
 * last proven L2 balances there, so that while the rollup cannot be followed its accounts show
 * their last proven value and its age, never nothing and never as current.
 *
 * What is read back is checked (a row of another shape is dropped, never believed); a failed write
 * is not fatal (the next one tries again).
 * @module
 */
import { mergeRollupChange, parseRollupChange, type RollupChange, sameRollupChange } from '../../l2/rollup-change.ts';
import type { TierJson } from '../../l2/tier.ts';

/** The key/value store the memory lives in (the settings table: src/storage/settings.ts). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** An L2 account as last proven: plain JSON. */
export interface RememberedBalance {
  /** 0x quantities. */
  balance: string;
  nonce: string;
  /** The devnet rollup's account index; null on an EVM rollup. */
  index: number | null;
  /** The accepted L2 state it was proven against: its batch (or L2 block), root (0x), when L1 accepted it (s), and its standing then. */
  l2: { batch: number; root: string; acceptedAt: number; status?: 'finalized' | 'claimed'; proof: string; tier: TierJson };
  /** The verified L1 head the rollup was read at (its time in seconds: the balance's age counts from it). */
  l1: { blockNumber: number; blockHash: string; stateRoot: string; timestamp: number };
}

interface RollupRecord {
  /** The change told of (notified), kept until the rollup can be followed again. */
  change?: RollupChange;
  /** By lower-case address. */
  balances: Record<string, RememberedBalance>;
}

/** Addresses remembered per rollup (the wallet's accounts and what pages asked; the oldest go first). */
const MAX_BALANCES = 64;

export class RollupMemory {
  private records = new Map<number, RollupRecord>();
  private loaded: Promise<void> | undefined;
  /** Writes one after another, each of the whole record set. */
  private writing: Promise<void> = Promise.resolve();

  /** @param key the network's key (one per network profile). */
  constructor(
    private readonly store: KeyValueStore | undefined,
    private readonly key: string,
  ) {}

  /** Reads the stored records once; what is not of their shape is dropped. */
  ready(): Promise<void> {
    this.loaded ??= (async () => {
      if (!this.store) return;
      let stored: unknown;
      try {
        stored = await this.store.get(this.key);
      } catch {
        return;
      }
      if (typeof stored !== 'object' || stored === null) return;
      for (const [id, raw] of Object.entries(stored as Record<string, unknown>)) {
        const chainId = Number(id);
        if (!Number.isSafeInteger(chainId) || typeof raw !== 'object' || raw === null) continue;
        const r = raw as { change?: unknown; balances?: unknown };
        const change = r.change === undefined ? undefined : (parseRollupChange(r.change) ?? undefined);
        const balances: Record<string, RememberedBalance> = {};
        if (typeof r.balances === 'object' && r.balances !== null) {
          for (const [address, b] of Object.entries(r.balances as Record<string, unknown>)) if (/^0x[0-9a-f]{40}$/.test(address) && isRemembered(b)) balances[address] = b;
        }
        this.records.set(chainId, { ...(change && change.rollup.chainId === chainId ? { change } : {}), balances });
      }
    })();
    return this.loaded;
  }

  /** The change last told of on this rollup, if it still stands. */
  change(chainId: number): RollupChange | undefined {
    return this.records.get(chainId)?.change;
  }

  /**
   * A change seen (again): merged with the one remembered (the block it was first seen by kept)
   * and kept. `tell` is true the first time this change is seen on this rollup: the caller
   * notifies then, and never again for it, after a restart too.
   */
  async changeSeen(change: RollupChange): Promise<{ change: RollupChange; tell: boolean }> {
    await this.ready();
    const record = this.record(change.rollup.chainId);
    const before = record.change;
    const merged = mergeRollupChange(before, change);
    const tell = before === undefined || !sameRollupChange(before, change);
    if (tell || merged.l1Block.number !== before?.l1Block.number || merged.l1Block.exact !== before.l1Block.exact) {
      record.change = merged;
      await this.save();
    }
    return { change: merged, tell };
  }

  /** The rollup is followed again: its change is forgotten (another one later is told of). */
  async followed(chainId: number): Promise<void> {
    await this.ready();
    const record = this.records.get(chainId);
    if (record?.change === undefined) return;
    delete record.change;
    await this.save();
  }

  /** The last proven balance of `address` on the rollup, if any. */
  balance(chainId: number, address: string): RememberedBalance | undefined {
    return this.records.get(chainId)?.balances[address.toLowerCase()];
  }

  /** Keeps a newly proven balance (a newer L1 head's only): in memory at once, stored in the background. */
  async keepBalance(chainId: number, address: string, balance: RememberedBalance): Promise<void> {
    await this.ready();
    const balances = this.record(chainId).balances;
    const a = address.toLowerCase();
    const held = balances[a];
    if (held !== undefined && (held.l1.blockNumber > balance.l1.blockNumber || (held.l1.blockHash === balance.l1.blockHash && held.balance === balance.balance && held.nonce === balance.nonce))) return;
    delete balances[a];
    balances[a] = balance;
    const addresses = Object.keys(balances);
    for (const old of addresses.slice(0, Math.max(0, addresses.length - MAX_BALANCES))) delete balances[old];
    // Not waited for: a read is not held up by the write (changes are, before they are told).
    void this.save();
  }

  private record(chainId: number): RollupRecord {
    let record = this.records.get(chainId);
    if (record === undefined) this.records.set(chainId, (record = { balances: {} }));
    return record;
  }

  private save(): Promise<void> {
    const store = this.store;
    if (!store) return Promise.resolve();
    const value = JSON.parse(JSON.stringify(Object.fromEntries(this.records))) as unknown;
    this.writing = this.writing.then(() => store.set(this.key, value)).catch(() => {});
    return this.writing;
  }
}

function isRemembered(b: unknown): b is RememberedBalance {
  if (typeof b !== 'object' || b === null) return false;
  const r = b as Record<string, any>;
  const quantity = (v: unknown) => typeof v === 'string' && /^0x[0-9a-f]{1,64}$/.test(v);
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  return (
    quantity(r.balance) &&
    quantity(r.nonce) &&
    (r.index === null || count(r.index)) &&
    typeof r.l2 === 'object' && r.l2 !== null &&
    count(r.l2.batch) && typeof r.l2.root === 'string' && count(r.l2.acceptedAt) && typeof r.l2.proof === 'string' && typeof r.l2.tier === 'object' && r.l2.tier !== null &&
    typeof r.l1 === 'object' && r.l1 !== null &&
    count(r.l1.blockNumber) && typeof r.l1.blockHash === 'string' && typeof r.l1.stateRoot === 'string' && count(r.l1.timestamp)
  );
}
