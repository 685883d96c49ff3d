/**
 * The rollups one network follows, read at its verified L1 heads: one follower per rollup
 * config, each rollup followed at most once per head (concurrent asks share the read), the last
 * outcome kept for the popup, and L2 accounts proven against the accepted root.
 *
 * How often: as its adapter says ({@link RollupAdapter.followEveryMs}): the devnet rollup at every
 * head; a real rollup, whose L1 commitments move hourly or slower, at most once per its adapter's
 * period (asks in between get its newest outcome), sooner after a failure, and on demand
 * (`eager`: the popup opened). Time comes from `now`; nothing here sets a timer: the caller asks
 * at each verified head. Its L2 accounts are read as its adapter's account model says.
 *
 * When a follow fails because the rollup's L1 contracts changed (src/l2/rollup-change.ts), the
 * change is kept with the error, dated by the first head it was seen at, marked to be told once
 * (./memory.ts remembers it across restarts), and the accounts' last proven balances stay
 * readable as stale ({@link RollupWatch.staleAccount}) until a follow succeeds again.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import { errorSummary, InputError } from '../../core/errors.ts';
import type { RollupAdapter } from '../../l2/adapter.ts';
import { type RollupChange, rollupChangeOf } from '../../l2/rollup-change.ts';
import { tierJson } from '../../l2/tier.ts';
import type { ParsedRollup } from '../../l2/registry.ts';
import type { ProvenAccount } from '../../l2/vigil-zk/tree.ts';
import type { EvmAccount } from '../../l2/evm-account.ts';
import { type L2AccountQuery, type ProvenL2Account, provenL2Account, type UnprovenL2Account, unprovenL2Account } from './l2-accounts.ts';
import { TransportError } from '../../rpc/errors.ts';
import { type FollowedRollup, type L1HeadRef, RollupFollower, type RollupFollowerDeps } from './follower.ts';
import { type RememberedBalance, RollupMemory } from './memory.ts';
import { type DataSources, followedData } from './data.ts';
import type { DataReport } from '../../l2/data/location.ts';

const MINUTE = 60_000;

/** After a failed follow, the next is tried this soon (or at the kind's rate, when sooner). */
const RETRY_AFTER_FAILURE_MS = MINUTE;
/** On demand (the popup opened) a rollup is read again unless it was asked this recently. */
const EAGER_MIN_MS = MINUTE;
/** L2 accounts kept per rollup and accepted root (the wallet's addresses, the pages' asks). */
const MAX_CACHED_ACCOUNTS = 256;
/**
 * The data behind an accepted batch is read again after this long (its sampling then stands or is
 * redone as src/client/blobs/retention.ts says), else only when the accepted batch changes.
 */
const DATA_EVERY_MS = 5 * MINUTE;

export interface RollupWatchOptions {
  rollups: readonly ParsedRollup[];
  /** One rollup's data sources (L1 proofs, the commit's chain data, its L2 RPC, the proof worker). */
  sources(rollup: ParsedRollup): Omit<RollupFollowerDeps<unknown, unknown>, 'adapter' | 'config'>;
  now(): number;
  /** Overrides of the adapters' {@link RollupAdapter.followEveryMs}, by adapter kind (tests). */
  followEveryMs?: Readonly<Record<string, number>>;
  /** What is remembered across restarts (a change told of, the last proven balances); absent: nothing is (the CLI). */
  memory?: RollupMemory;
  /**
   * Where each rollup's batch data is read (the verified chain) and sampled (src/client/blobs
   * BlobChecker); absent: its data is not followed. With the rollup's own sources
   * (commit transactions, logs, storage) it makes the data rule's sources.
   */
  data?: Pick<DataSources, 'chain' | 'availability'>;
}

/** How a caller asks: `eager` reads a real rollup now (the popup opened), not at its next turn. */
export interface FollowAsk {
  eager?: boolean;
}

/** One rollup's last verified read and, when the newest read failed, why. */
export interface RollupSnapshot {
  rollup: ParsedRollup;
  last: { followed: FollowedRollup; checkedAt: number } | undefined;
  /**
   * Cleared by a verified read at the same or a newer head. `change`: the error says the rollup's
   * L1 contracts changed to something its config does not accept (src/l2/rollup-change.ts), dated
   * by the first head it was seen at (remembered across restarts) unless the error names the block.
   */
  error: { code: string; message: string; at: number; blockNumber: bigint; change?: RollupChange } | undefined;
  /** Where the data of an accepted batch (`batch`: the newest read) lives and what sampling found (src/client/rollups/data.ts). */
  data?: { batch: bigint; report: DataReport };
}

/** An account's last proven balance while its rollup changed under Vigil: never current, with the change and when it was proven. */
export interface StaleL2Account {
  balance: RememberedBalance;
  change: RollupChange;
}

interface Entry extends RollupSnapshot {
  follower: RollupFollower<unknown, ProvenAccount>;
  sources: Omit<RollupFollowerDeps<unknown, unknown>, 'adapter' | 'config'>;
  inflight?: { blockHash: string; promise: Promise<FollowedRollup> };
  /** When (ms) the newest follow started. */
  attemptedAt?: number;
  /** The error `error` summarizes (rethrown to asks between follows). */
  failure?: unknown;
  /** The change to tell the user of (seen for the first time, restarts included), until {@link RollupWatch.changesToTell} takes it. */
  toTell?: RollupChange;
  /** The data report's batch and when (ms) it was read, and a read in flight. */
  dataRead?: { batch: bigint; at: number; retry: boolean };
  dataInflight?: Promise<void>;
  /** Accounts read at one accepted root (`key`: batch and root), by lower-case address: EVM accounts proven, or (`unproven` rollups) the L2 RPC's word. */
  accounts?: { key: string; byAddress: Map<string, { proving: Promise<EvmAccount | UnprovenL2Account>; staleAt?: number }> };
}

export class RollupWatch {
  private readonly entries = new Map<number, Entry>();
  private readonly memory: RollupMemory;

  constructor(private readonly options: RollupWatchOptions) {
    this.memory = options.memory ?? new RollupMemory(undefined, 'rollups');
    for (const rollup of options.rollups) {
      const sources = options.sources(rollup);
      const follower = new RollupFollower<unknown, ProvenAccount>({ adapter: rollup.adapter, config: rollup.config, ...sources });
      this.entries.set(rollup.identity.chainId, { rollup, follower, sources, last: undefined, error: undefined });
    }
  }

  /** The followed rollups' identities (chain id, name, L2 RPC, thresholds). */
  identities(): ParsedRollup['identity'][] {
    return [...this.entries.values()].map((e) => e.rollup.identity);
  }

  has(chainId: number): boolean {
    return this.entries.has(chainId);
  }

  /** The least time (ms) between two follows of rollups of `adapter`'s kind (0: at every head). */
  followEveryMs(adapter: Pick<RollupAdapter, 'kind' | 'followEveryMs'>): number {
    return this.options.followEveryMs?.[adapter.kind] ?? adapter.followEveryMs;
  }

  /**
   * The rollup at `head` (read once per head); for a rollup followed at a lower rate, its newest
   * outcome until its next turn (or, `eager`, a minute after the last ask): the read in flight,
   * the failure, or the last verified read at an older head.
   * @throws InputError for a chain id not followed; the follower's VerificationError / TransportError.
   */
  at(chainId: number, head: L1HeadRef, ask: FollowAsk = {}): Promise<FollowedRollup> {
    const entry = this.entry(chainId);
    if (entry.last?.followed.at.blockHash === head.blockHash) return Promise.resolve(entry.last.followed);
    if (entry.inflight?.blockHash === head.blockHash) return entry.inflight.promise;
    if (this.followEveryMs(entry.rollup.adapter) > 0 && (entry.inflight || !this.due(entry, ask))) {
      if (entry.inflight) return entry.inflight.promise;
      if (entry.error) return Promise.reject(entry.failure);
      if (entry.last) return Promise.resolve(entry.last.followed);
    }
    entry.attemptedAt = this.options.now();
    const promise = entry.follower.follow(head).then(
      (followed) => {
        // A read at an older head finishing late never replaces a newer one.
        if (!entry.last || entry.last.followed.at.blockNumber <= head.blockNumber) entry.last = { followed, checkedAt: this.options.now() };
        // Followed (a config that accepts the change, this run or since a restart): its notice goes by itself.
        if (!entry.error || entry.error.blockNumber <= head.blockNumber) void this.memory.followed(entry.rollup.identity.chainId);
        if (entry.error && entry.error.blockNumber <= head.blockNumber) {
          entry.error = undefined;
          delete entry.toTell;
          delete entry.failure;
        }
        this.readData(entry, followed);
        return followed;
      },
      async (err: unknown) => {
        // Nor does a late failure at an older head replace a newer one (a read of that head would then clear it).
        const newest = (!entry.last || entry.last.followed.at.blockNumber <= head.blockNumber) && (!entry.error || entry.error.blockNumber <= head.blockNumber);
        if (newest) {
          const at = this.options.now();
          const change = await this.changeOf(entry, err, head);
          entry.error = { ...errorSummary(err), at, blockNumber: head.blockNumber, ...(change ? { change } : {}) };
          entry.failure = err;
        }
        throw err;
      },
    );
    entry.inflight = { blockHash: head.blockHash, promise };
    void promise.finally(() => {
      if (entry.inflight?.promise === promise) delete entry.inflight;
    }).catch(() => {});
    return promise;
  }

  /**
   * Reads where the accepted batch's data lives, and samples it, in the background: when the
   * accepted batch changed, after {@link DATA_EVERY_MS}, or at the next head when the blobs' tie
   * waited for a block not verified yet. One read at a time per rollup.
   */
  private readData(entry: Entry, followed: FollowedRollup): void {
    const data = this.options.data;
    if (data === undefined || entry.dataInflight !== undefined) return;
    const now = this.options.now();
    const read = entry.dataRead;
    if (read !== undefined && read.batch === followed.accepted.batch && !read.retry && now - read.at < DATA_EVERY_MS) return;
    const { rollup, sources } = entry;
    const dataSources: DataSources = {
      chain: data.chain,
      commitTxOf: sources.commitTxOf,
      readStorage: sources.readStorage,
      ...(sources.newestLog ? { newestLog: sources.newestLog } : {}),
      ...(data.availability ? { availability: data.availability } : {}),
    };
    entry.dataInflight = followedData(dataSources, { kind: rollup.adapter.kind, config: rollup.config, chainId: rollup.identity.chainId }, followed, followed.at)
      .then((report) => {
        entry.data = { batch: followed.accepted.batch, report };
        const retry = report.batches.some((b) => b.availability?.status === 'untied' && b.availability.code === 'BLOB_TIE_CHILD_NOT_VERIFIED');
        entry.dataRead = { batch: followed.accepted.batch, at: this.options.now(), retry };
      })
      .catch(() => {
        // Kept as it was; tried again at the next head.
      })
      .finally(() => {
        delete entry.dataInflight;
      });
  }

  /** The data reads in flight (tests, and a caller that wants the card's data with the follow). */
  async dataSettled(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.dataInflight));
  }

  /** The change `err` says, dated by the first head it was seen at (here or before a restart); marked to be told when it is new. */
  private async changeOf(entry: Entry, err: unknown, head: L1HeadRef): Promise<RollupChange | undefined> {
    const seen = rollupChangeOf(err, entry.rollup.identity, head.blockNumber);
    if (seen === null) return undefined;
    const { change, tell } = await this.memory.changeSeen(seen);
    if (tell) entry.toTell = change;
    return change;
  }

  /** The changes not yet told of (each once: taken here), newest per rollup. */
  changesToTell(): RollupChange[] {
    const out: RollupChange[] = [];
    for (const entry of this.entries.values()) {
      if (entry.toTell === undefined) continue;
      out.push(entry.toTell);
      delete entry.toTell;
    }
    return out;
  }

  /**
   * While the rollup changed under Vigil: `address`'s last proven balance there (the last verified
   * read's account when one is held, else the one remembered from before), with the change;
   * undefined when the rollup did not change, or nothing was ever proven of that account.
   */
  async staleAccount(chainId: number, address: string): Promise<StaleL2Account | undefined> {
    const entry = this.entry(chainId);
    const change = entry.error?.change;
    if (change === undefined) return undefined;
    const wanted = address.toLowerCase();
    const { accounts } = entry.rollup.adapter;
    if (entry.last !== undefined && accounts === 'evm') {
      const followed = entry.last.followed;
      try {
        const account = (await this.perRoot(entry, followed, wanted, (a) => entry.follower.account(followed, { address: a }) as Promise<unknown> as Promise<EvmAccount>)) as EvmAccount;
        await this.keep(entry, followed, wanted, account.account, null);
      } catch {
        // Not proven at the last root now (an L2 RPC that keeps no state that old): the one remembered, if any.
      }
    }
    await this.memory.ready();
    const balance = this.memory.balance(chainId, wanted);
    return balance === undefined ? undefined : { balance, change };
  }

  /** Keeps a proven account as its rollup's last proven balance of `address`. */
  private keep(entry: Entry, followed: FollowedRollup, address: string, account: { balance: bigint; nonce: bigint }, index: number | null): Promise<void> {
    const balance: RememberedBalance = {
      balance: bigIntToHex(account.balance),
      nonce: bigIntToHex(account.nonce),
      index,
      l2: {
        batch: Number(followed.accepted.batch),
        root: bigIntToHex(followed.accepted.root),
        acceptedAt: Number(followed.accepted.acceptedAt),
        ...(followed.accepted.status !== undefined ? { status: followed.accepted.status } : {}),
        proof: followed.proof,
        tier: tierJson(followed.tier),
      },
      l1: { blockNumber: Number(followed.at.blockNumber), blockHash: followed.at.blockHash, stateRoot: followed.at.stateRoot, timestamp: Number(followed.at.timestamp) },
    };
    return this.memory.keepBalance(entry.rollup.identity.chainId, address, balance);
  }

  /** Whether a rollup followed at a lower rate is due for another read. */
  private due(entry: Entry, ask: FollowAsk): boolean {
    if (entry.attemptedAt === undefined) return true;
    const every = this.followEveryMs(entry.rollup.adapter);
    const wait = ask.eager ? Math.min(every, EAGER_MIN_MS) : entry.error ? Math.min(every, RETRY_AFTER_FAILURE_MS) : every;
    return this.options.now() - entry.attemptedAt >= wait;
  }

  /** Reads every rollup at `head` that is due (all of them, `eager`); failures are kept for the views, never thrown. */
  async refresh(head: L1HeadRef, ask: FollowAsk = {}): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.at(id, head, ask).catch(() => undefined)));
  }

  /**
   * An L2 account of a rollup of numbered accounts (`indexed`) proven at `head`: by index, or by
   * its L1 owner (null when the L2 RPC knows no account of that owner: an absence it asserts, not
   * one Vigil proved).
   * @throws InputError for a rollup whose accounts are read by address ({@link evmAccount}, {@link unprovenAccount}); the adapter's VerificationError.
   */
  async account(chainId: number, head: L1HeadRef, query: L2AccountQuery): Promise<{ followed: FollowedRollup; proven: ProvenL2Account | null }> {
    const entry = this.entry(chainId);
    const { kind, accounts } = entry.rollup.adapter;
    if (accounts !== 'indexed') throw new InputError(`L2 accounts of ${kind} rollups are read by address (eth_getProof), not by index or owner`);
    const followed = await this.at(chainId, head);
    const proven = await provenL2Account(entry.follower, followed, entry.rollup.identity.l2Rpc, query);
    if (proven !== null && 'owner' in query) await this.keep(entry, followed, query.owner, proven.account, proven.index);
    return { followed, proven };
  }

  /**
   * An EVM rollup's L2 account (OP Stack, Arbitrum, Scroll: eth_getProof from the L2 RPC) proven
   * at `head` against the state root L1 accepted.
   * @throws InputError for a rollup whose accounts are not Ethereum's (`indexed`, the devnet's: {@link account}); the adapter's VerificationError.
   */
  async evmAccount(chainId: number, head: L1HeadRef, address: string): Promise<{ followed: FollowedRollup; account: EvmAccount }> {
    const entry = this.entry(chainId);
    const { kind, accounts } = entry.rollup.adapter;
    if (accounts !== 'evm') throw new InputError(`L2 accounts of ${kind} rollups are not proven by eth_getProof`);
    const followed = await this.at(chainId, head);
    // The adapter checks the proof is of the address asked (PROOF_ADDRESS_MISMATCH), not only against the root.
    const account = (await this.perRoot(entry, followed, address, (wanted) => entry.follower.account(followed, { address: wanted }) as Promise<unknown> as Promise<EvmAccount>)) as EvmAccount;
    await this.keep(entry, followed, address, account.account, null);
    return { followed, account };
  }

  /**
   * An account of a rollup whose accounts Vigil does not prove (`unproven`: Linea's) at the block
   * L1 accepted: the L2 RPC's balance and nonce, labelled with the adapter's words, beside the
   * proven root and its tier.
   * @throws InputError for a rollup whose accounts are proven; TransportError (no L2 RPC, a malformed answer).
   */
  async unprovenAccount(chainId: number, head: L1HeadRef, address: string): Promise<{ followed: FollowedRollup; account: UnprovenL2Account }> {
    const entry = this.entry(chainId);
    const { kind, accounts, words } = entry.rollup.adapter;
    if (accounts !== 'unproven') throw new InputError(`L2 accounts of ${kind} rollups are proven, not read unproven`);
    const call = entry.sources.l2Call;
    if (call === undefined) throw new TransportError('NOT_AVAILABLE', `${entry.rollup.identity.name} has no L2 RPC to read an account from`, { url: 'l2Rpc' });
    const followed = await this.at(chainId, head);
    const account = await this.perRoot(entry, followed, address, (wanted) => unprovenL2Account(call, followed, wanted, words.accountNotProven ?? 'account not proven'));
    return { followed, account: account as UnprovenL2Account };
  }

  /** Reads an account once per accepted root and address: the popup's polls and the pages' asks in between reuse it. */
  private perRoot(entry: Entry, followed: FollowedRollup, address: string, read: (address: string) => Promise<EvmAccount | UnprovenL2Account>): Promise<EvmAccount | UnprovenL2Account> {
    const key = `${followed.accepted.batch}:${followed.accepted.root}`;
    if (entry.accounts?.key !== key) entry.accounts = { key, byAddress: new Map() };
    const cache = entry.accounts.byAddress;
    const wanted = address.toLowerCase();
    const held = cache.get(wanted);
    // A failure, or a read at the L2 RPC's latest block (it moves), stands for a minute (a
    // rate-limited L2 RPC is not asked at every poll), then is tried again.
    if (held !== undefined && (held.staleAt === undefined || this.options.now() - held.staleAt < RETRY_AFTER_FAILURE_MS)) return held.proving;
    if (cache.size >= MAX_CACHED_ACCOUNTS) cache.clear();
    const proving = read(wanted);
    const entryOf: { proving: typeof proving; staleAt?: number } = { proving };
    cache.set(wanted, entryOf);
    proving.then(
      (read) => {
        if ('l2Block' in read && read.l2Block === 'latest' && cache.get(wanted) === entryOf) entryOf.staleAt = this.options.now();
      },
      () => {
        if (cache.get(wanted) === entryOf) entryOf.staleAt = this.options.now();
      },
    );
    return proving;
  }

  /** The rollup's own data sources (L1 proofs at verified heads, code, its L2 RPC): what its forced exit reads with. */
  sources(chainId: number): Pick<RollupFollowerDeps<unknown, unknown>, 'readStorage' | 'readCode' | 'l2Call'> {
    const { readStorage, readCode, l2Call } = this.entry(chainId).sources;
    return { readStorage, ...(readCode ? { readCode } : {}), ...(l2Call ? { l2Call } : {}) };
  }

  snapshots(): RollupSnapshot[] {
    return [...this.entries.values()].map(({ rollup, last, error, data }) => ({ rollup, last, error, ...(data ? { data } : {}) }));
  }

  private entry(chainId: number): Entry {
    const entry = this.entries.get(chainId);
    if (!entry) throw new InputError(`Vigil follows no rollup with chain id ${chainId}`);
    return entry;
  }
}

