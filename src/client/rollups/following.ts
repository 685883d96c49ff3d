/**
 * Following the current network's rollups (src/client/rollups/session.ts sets them up per network)
 * from the L1 session's verified heads: read again at new heads
 * (one read at a time: a slow proof skips heads, never piles up) and when the popup opens; what
 * waits on them moved on after each read (L2 transfers, forced exits); a notification when a
 * rollup holding the user's funds turns stalled or frozen, and once per change when a rollup's L1
 * contracts change to something its config does not accept (src/l2/rollup-change.ts); and the L2
 * balances pages ask for (while a rollup changed, the last proven one, marked stale with why).
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { type LivenessFacts, type LivenessState, livenessState, type NativeCurrency } from '../../l2/adapter.ts';
import type { ParsedRollup } from '../../l2/registry.ts';
import { type RollupChange, rollupChangeTitle, rollupChangeWords } from '../../l2/rollup-change.ts';
import { type TierJson, tierJson } from '../../l2/tier.ts';
import type { HeadView } from '../light-client/session-status.ts';
import { isEvmRollup, type L2Wallet } from './l2-wallet.ts';
import type { FollowedRollup, L1HeadRef } from './follower.ts';
import { headRef, type RollupSession } from './session.ts';
import { type RollupDataJson, rollupDataView } from './data.ts';
import type { RollupSnapshot, RollupWatch } from './watch.ts';

/** The batch L1 accepted of a followed rollup, as a proven L2 balance names it (the EVM reads add the adapter's kind and the batch's status). */
function followedL2(identity: ParsedRollup['identity'], followed: FollowedRollup): L2Balance['l2'] {
  return {
    name: identity.name,
    batch: Number(followed.accepted.batch),
    root: bigIntToHex(followed.accepted.root),
    acceptedAt: Number(followed.accepted.acceptedAt),
    batchAgeSeconds: followed.liveness.lastBatchAgeSeconds,
    liveness: livenessState(followed.liveness, identity.liveness),
    proof: followed.proof,
    tier: tierJson(followed.tier),
    nativeCurrency: identity.nativeCurrency,
  };
}

/** A status ask after this long without one is a popup opening (it polls every few seconds while open). */
const POPUP_OPENED_AFTER_MS = 30_000;

/** An account's balance on a followed rollup, proven against the root L1 accepted (the provider's vigil_getVerifiedBalance). */
export interface L2Balance {
  balance: string;
  nonce: string;
  chainId: string;
  /** The devnet rollup's L2 account index; absent on an EVM rollup. */
  index?: number;
  /** On an EVM rollup: the address whose account was proven. */
  address?: string;
  l2: { name: string; kind?: string; batch: number; status?: 'finalized' | 'claimed'; root: string; acceptedAt: number; batchAgeSeconds: number; liveness: string; proof: string; tier: TierJson; nativeCurrency: NativeCurrency };
  l1: { chainId: string; blockNumber: number; blockHash: string; stateRoot: string; beaconSlot: number; finalized: boolean };
  verifiedAt: number;
  /**
   * Where the data behind the accepted batch lives and, for blobs, what sampling found (src/client/rollups/data.ts
   * rollupDataView), once read: beside the provenance, never instead of it.
   */
  data?: RollupDataJson;
  /**
   * Present when the balance is not current: the rollup's L1 contracts changed to something Vigil's
   * config does not accept, so this is the last value proven before (at `l1`, `provenAgeSeconds`
   * before `verifiedAt`), never the balance now. `reason` in words, `change` as the fact.
   */
  stale?: StaleProvenance;
}

/** Why an L2 balance is not current, and how old it is. */
export interface StaleProvenance {
  reason: string;
  change: RollupChange;
  /** When it was proven: the L1 head's time (seconds), and how long before now. */
  provenAt: number;
  provenAgeSeconds: number;
}

export interface RollupFollowingDeps {
  session: RollupSession;
  /** The wallet on the rollups (absent without a wallet). */
  l2Wallet?: L2Wallet;
  /** What else moves on after each read at a new head (forced exits). */
  afterRead?(): Promise<unknown>[];
  /** A system notification (a followed rollup holding the user's funds stopped). */
  notify?(id: string, title: string, message: string): void;
}

/**
 * A rollup's liveness as last read, with the user's own oldest L2 transfer still waiting for a
 * verified batch (`ownPendingSince`, seconds) measured against the L1 head's time; null while it
 * has no good read (none yet, or the last one failed).
 */
export function rollupLiveness({ rollup, last, error }: RollupSnapshot, ownPendingSince: number | undefined): { liveness: LivenessState; facts: LivenessFacts } | null {
  if (error || !last) return null;
  const own = ownPendingSince === undefined ? null : Math.max(0, Number(last.followed.at.timestamp) - ownPendingSince);
  const facts = { ...last.followed.liveness, oldestOwnPendingAgeSeconds: own };
  return { liveness: livenessState(facts, rollup.identity.liveness), facts };
}

export class RollupFollowing {
  private following = false;
  private statusAskedAt = Number.NEGATIVE_INFINITY;
  /** Per rollup, when (seconds) the oldest of the wallet's L2 transfers still waiting for a verified batch was sent. */
  private ownPending = new Map<number, number>();
  /** Liveness last seen per rollup: a notification goes out when one turns stalled or frozen. */
  private readonly livenessSeen = new Map<number, string>();

  constructor(private readonly deps: RollupFollowingDeps) {}

  /** Reads the rollups at a new head, then moves on what waits on them. */
  followAt(head: HeadView): void {
    const watch = this.deps.session.rollups();
    const ref = headRef(head);
    if (!watch || !ref || this.following) return;
    this.following = true;
    void watch
      .refresh(ref)
      .then(() => Promise.all([this.deps.l2Wallet?.track().then(() => this.noteOwnPending()), ...(this.deps.afterRead?.() ?? [])]))
      .then(() => this.warnStalled(watch))
      .finally(() => this.tellChanges(watch))
      .catch(() => {})
      .finally(() => {
        this.following = false;
      });
  }

  /**
   * The popup asked for the status: it polls while open, so the first ask after a pause is the
   * popup opening, and real rollups (followed every 10–15 min) are read again then, on demand
   * (RollupWatch throttles repeats within a minute).
   */
  statusAsked(): void {
    const now = this.deps.session.now();
    if (now - this.statusAskedAt > POPUP_OPENED_AFTER_MS) {
      const watch = this.deps.session.rollups();
      const ref = this.deps.session.newestRef();
      if (watch && ref) void watch.refresh(ref, { eager: true }).then(() => this.tellChanges(watch)).catch(() => {});
    }
    this.statusAskedAt = now;
  }

  /** When (seconds) the oldest of the wallet's L2 transfers on this rollup still waiting for a verified batch was sent. */
  ownPendingSince(chainId: number): number | undefined {
    return this.ownPending.get(chainId);
  }

  /** The batch L1 accepted last on a followed rollup, its proof re-verified. */
  async acceptedBatch(chainId: number): Promise<number> {
    const { watch, ref } = this.readable();
    return Number((await watch.at(chainId, ref)).accepted.batch);
  }

  /**
   * `address`'s balance on a followed rollup: on an EVM rollup the same address proven against the
   * state root L1 accepted (once per root), on the devnet rollup its L2 account; never on a rollup
   * whose accounts Vigil does not prove (Linea's).
   * @throws VerificationError (L2_ACCOUNT_MISSING, L2_ACCOUNT_NOT_PROVABLE, a lying L2 RPC or L1 answer); InputError when nothing can be read yet.
   */
  async balance(chainId: number, address: string): Promise<L2Balance> {
    try {
      return await this.currentBalance(chainId, address);
    } catch (err) {
      // The rollup changed under Vigil: the last proven value, said to be stale and why; else the error.
      const stale = await this.staleBalance(chainId, address).catch(() => undefined);
      if (stale !== undefined) return stale;
      throw err;
    }
  }

  /**
   * While the rollup's L1 contracts changed to something its config does not accept: `address`'s
   * last proven balance there, with `stale` saying so; undefined when it did not change or nothing
   * was proven of the account.
   */
  async staleBalance(chainId: number, address: string): Promise<L2Balance | undefined> {
    const watch = this.deps.session.rollups();
    const profile = this.deps.session.profile();
    if (!watch?.has(chainId) || !profile) return undefined;
    const found = await watch.staleAccount(chainId, address);
    if (found === undefined) return undefined;
    const { balance: b, change } = found;
    const identity = watch.identities().find((i) => i.chainId === chainId)!;
    const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === chainId)!;
    const now = this.deps.session.now();
    const held = this.deps.session.held(b.l1.blockHash);
    const evm = isEvmRollup(snapshot.rollup);
    return {
      balance: b.balance,
      nonce: b.nonce,
      chainId: bigIntToHex(BigInt(chainId)),
      ...(evm ? { address: address.toLowerCase() } : b.index !== null ? { index: b.index } : {}),
      l2: {
        name: identity.name,
        kind: snapshot.rollup.adapter.kind,
        batch: b.l2.batch,
        ...(b.l2.status !== undefined ? { status: b.l2.status } : {}),
        root: b.l2.root,
        acceptedAt: b.l2.acceptedAt,
        batchAgeSeconds: Math.max(0, b.l1.timestamp - b.l2.acceptedAt),
        // Not followed now: no liveness is claimed for it.
        liveness: 'unknown',
        proof: b.l2.proof,
        tier: b.l2.tier,
        nativeCurrency: identity.nativeCurrency,
      },
      l1: { chainId: bigIntToHex(BigInt(profile.chainId)), blockNumber: b.l1.blockNumber, blockHash: b.l1.blockHash, stateRoot: b.l1.stateRoot, beaconSlot: held?.slot ?? 0, finalized: held?.finalized ?? false },
      verifiedAt: now,
      stale: { reason: rollupChangeWords(change), change, provenAt: b.l1.timestamp, provenAgeSeconds: Math.max(0, Math.floor(now / 1000) - b.l1.timestamp) },
    };
  }

  private async currentBalance(chainId: number, address: string): Promise<L2Balance> {
    const { watch, ref, head } = this.readable();
    const profile = this.deps.session.profile()!;
    const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === chainId);
    if (snapshot?.rollup.adapter.accounts === 'unproven') {
      // A verified balance is asked for: the L2 RPC's word is never given as one.
      const words = snapshot.rollup.adapter.words.accountNotProven ?? 'account not proven';
      throw new VerificationError('L2_ACCOUNT_NOT_PROVABLE', `${snapshot.rollup.identity.name}: ${words}; Vigil proves its state root, not its accounts yet`);
    }
    if (snapshot && isEvmRollup(snapshot.rollup)) {
      const { identity } = snapshot.rollup;
      const { followed, account } = await watch.evmAccount(chainId, ref, address);
      return {
        balance: bigIntToHex(account.account.balance),
        nonce: bigIntToHex(account.account.nonce),
        chainId: bigIntToHex(BigInt(chainId)),
        address: address.toLowerCase(),
        l2: { ...followedL2(identity, followed), kind: snapshot.rollup.adapter.kind, status: followed.accepted.status },
        // The L1 head the rollup's contracts were proven at (a lower-rate follow: maybe older than the newest head).
        l1: l1Provenance(profile.chainId, followed.at, this.deps.session.held(followed.at.blockHash)),
        verifiedAt: this.deps.session.now(),
        ...dataOf(snapshot, followed),
      };
    }
    const { followed, proven } = await watch.account(chainId, ref, { owner: address });
    const identity = watch.identities().find((i) => i.chainId === chainId)!;
    if (!proven) throw new VerificationError('L2_ACCOUNT_MISSING', `${address} has no L2 account on ${identity.name} (the L2 RPC knows none; an absence Vigil cannot prove)`);
    return {
      balance: bigIntToHex(proven.account.balance),
      nonce: bigIntToHex(proven.account.nonce),
      chainId: bigIntToHex(BigInt(chainId)),
      index: proven.index,
      l2: followedL2(identity, followed),
      l1: { chainId: bigIntToHex(BigInt(profile.chainId)), blockNumber: head.blockNumber, blockHash: head.blockHash, stateRoot: head.stateRoot, beaconSlot: head.slot, finalized: head.finalized },
      verifiedAt: this.deps.session.now(),
      ...dataOf(watch.snapshots().find((s) => s.rollup.identity.chainId === chainId), followed),
    };
  }

  /** Whether the rollups can be read now: a verified L1 head and an execution RPC. */
  canRead(): boolean {
    return this.deps.session.rollups() !== undefined && this.deps.session.newest() !== undefined;
  }

  private readable(): { watch: RollupWatch; ref: L1HeadRef; head: HeadView } {
    const watch = this.deps.session.rollups();
    const head = this.deps.session.newest();
    const ref = headRef(head);
    if (!watch || !head || !ref) throw new InputError('Vigil has no verified L1 head and execution RPC to read the rollup from yet');
    return { watch, ref, head };
  }

  private async noteOwnPending(): Promise<void> {
    const waiting = new Map<number, number>();
    for (const t of (await this.deps.l2Wallet?.transfers()) ?? []) {
      if (t.status !== 'submitted') continue;
      const at = Math.floor(t.createdAt / 1000);
      waiting.set(t.rollupChainId, Math.min(waiting.get(t.rollupChainId) ?? at, at));
    }
    this.ownPending = waiting;
  }

  /**
   * Tells the user, once per change (RollupWatch marks a change new only the first time it is
   * seen on that rollup, restarts included), that a followed rollup changed under Vigil.
   */
  private tellChanges(watch: RollupWatch): void {
    for (const change of watch.changesToTell()) {
      this.deps.notify?.(`vigil-rollup-change-${change.rollup.chainId}`, rollupChangeTitle(change), `${rollupChangeWords(change)}. Its balances show their last proven value until then.`);
    }
  }

  /** Notifies once when a followed rollup where a wallet account holds a proven balance turns stalled or frozen. */
  private async warnStalled(watch: RollupWatch): Promise<void> {
    for (const snapshot of watch.snapshots()) {
      const { chainId, name } = snapshot.rollup.identity;
      const words = snapshot.rollup.adapter.words;
      const seen = rollupLiveness(snapshot, this.ownPending.get(chainId));
      const before = this.livenessSeen.get(chainId);
      if (seen === null) continue;
      const { liveness, facts } = seen;
      this.livenessSeen.set(chainId, liveness);
      if (liveness === before || (liveness !== 'stalled' && liveness !== 'frozen') || !this.deps.notify || !this.deps.l2Wallet) continue;
      const held = (await this.deps.l2Wallet.accounts()).filter((a) => a.rollup.identity.chainId === chainId && a.account !== null && a.account.balance > 0n);
      if (held.length === 0) continue;
      this.deps.notify(
        `vigil-rollup-${chainId}`,
        `${name} is ${liveness}`,
        liveness === 'frozen'
          ? `${sentence(words.frozen)} (proven on L1). Open Vigil: Wallet → Exit to L1 gets your funds back.`
          : `${sentence(words.lastBatch)}: ${facts.lastBatchAgeSeconds} s ago (proven on L1). Open Vigil: Wallet → Exit to L1 gets your funds back.`,
      );
    }
  }
}

/** The data of the batch the balance was proven at, when it was read for that batch. */
function dataOf(snapshot: RollupSnapshot | undefined, followed: FollowedRollup): { data?: RollupDataJson } {
  const data = snapshot?.data;
  if (data === undefined || data.batch !== followed.accepted.batch) return {};
  const view = rollupDataView(data.report);
  return view === null ? {} : { data: view };
}

/** An adapter's words at the start of a sentence. */
const sentence = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);

/** The L1 head an L2 value was proven at, as the provider reports it (beacon slot and finality when that head is still held). */
function l1Provenance(l1ChainId: number, at: L1HeadRef, held: HeadView | undefined): L2Balance['l1'] {
  return { chainId: bigIntToHex(BigInt(l1ChainId)), blockNumber: Number(at.blockNumber), blockHash: at.blockHash, stateRoot: at.stateRoot, beaconSlot: held?.slot ?? 0, finalized: held?.finalized ?? false };
}
