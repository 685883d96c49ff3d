/**
 * What the app host (./app-host.ts) tells the popup about the rollups it follows and the wallet's L2 accounts
 * (the views are declared in ./messages.ts). Plain JSON: amounts as decimal strings of wei, times
 * as ms since the epoch, ages in seconds.
 * @module
 */
import { exitPlanOf, noExitNote } from '../l2/exit-plans.ts';
import { isAddressRollup, type L2AccountRead } from '../client/rollups/l2-wallet.ts';
import type { RollupFollowing } from '../client/rollups/following.ts';
import type { RollupSession } from '../client/rollups/session.ts';
import type { FollowedRollup } from '../client/rollups/follower.ts';
import type { RollupSnapshot } from '../client/rollups/watch.ts';
import { rollupDataView } from '../client/rollups/data.ts';
import { bigIntToHex } from '../core/bytes.ts';
import { claimedUntil, type LivenessFacts, livenessState, type RollupWords } from '../l2/adapter.ts';
import type { ParsedRollup } from '../l2/registry.ts';
import type { ActivityRow } from '../storage/wallet.ts';
import { tierJson } from '../l2/tier.ts';
import { type RollupChange, rollupChangeWords } from '../l2/rollup-change.ts';
import type { ClaimWindow, L2AccountView, LivenessSignal, RollupChangeView, RollupView } from './messages.ts';

export type { RollupView };

/** Every followed rollup's view, as the popup's status shows it. */
export function followedRollupViews(session: RollupSession, following: RollupFollowing): RollupView[] {
  return session.rollups()?.snapshots().map((s) => rollupView(s, following.ownPendingSince(s.rollup.identity.chainId))) ?? [];
}

/**
 * A rollup's view: a failed newest read shows no root or state as good, even when an older read
 * verified. `ownPendingSince`: when (seconds) the oldest of the user's L2 transfers still waiting
 * for a verified batch was sent, measured against the L1 head's time.
 */
export function rollupView({ rollup, last, error, data }: RollupSnapshot, ownPendingSince?: number): RollupView {
  const { identity } = rollup;
  const none = { liveness: null, facts: null, signals: [], claim: null, batch: null, root: null, acceptedAt: null, status: null, proof: null, tier: null, l1: null, data: null };
  const kind = rollup.adapter.kind;
  const exit = exitPlanOf(kind, rollup.config) !== undefined ? ({ available: true } as const) : ({ available: false, note: noExitNote(kind, rollup.config) } as const);
  const base = { chainId: identity.chainId, name: identity.name, kind, unit: rollup.adapter.words.unit, evm: isAddressRollup(rollup), nativeCurrency: identity.nativeCurrency, exit };
  if (error) return { ...base, ...none, state: 'error', error: { code: error.code, message: error.message }, ...(error.change ? { change: rollupChangeView(error.change) } : {}), checkedAt: error.at };
  if (!last) return { ...base, ...none, state: 'waiting', error: null, checkedAt: null };
  const { followed } = last;
  const own = ownPendingSince === undefined ? null : Math.max(0, Number(followed.at.timestamp) - ownPendingSince);
  const facts = { ...followed.liveness, oldestOwnPendingAgeSeconds: own };
  return {
    ...base,
    state: 'following',
    liveness: livenessState(facts, identity.liveness),
    facts,
    signals: livenessSignals(rollup.adapter.words, facts),
    claim: claimWindow(rollup, followed),
    batch: Number(followed.accepted.batch),
    root: bigIntToHex(followed.accepted.root),
    acceptedAt: Number(followed.accepted.acceptedAt),
    status: followed.accepted.status,
    proof: followed.proof,
    tier: tierJson(followed.tier),
    l1: { blockNumber: Number(followed.at.blockNumber), blockHash: followed.at.blockHash },
    error: null,
    checkedAt: last.checkedAt,
    // The accepted batch's data as last read (a newer batch's is read in the background: it names its batch).
    data: data ? rollupDataView(data.report) : null,
  };
}

/** A change under Vigil as the popup shows it: the fact and its sentence. */
export function rollupChangeView(change: RollupChange): RollupChangeView {
  return { kind: change.kind, words: rollupChangeWords(change), l1Block: change.l1Block, expected: change.expected, got: change.got };
}

/** The liveness facts in the rollup's words (its adapter's), the user's own waiting transfer included. */
export function livenessSignals(words: RollupWords, facts: LivenessFacts): LivenessSignal[] {
  const out: LivenessSignal[] = [{ label: words.lastBatch, ageSeconds: facts.lastBatchAgeSeconds }];
  if (words.queue) {
    const { empty, waiting, waitProven } = words.queue;
    const waited = facts.oldestQueuedAgeSeconds;
    out.push(waited === null ? { label: empty } : waitProven ? { label: waiting, waitedSeconds: waited } : { label: waiting });
  }
  if (facts.oldestOwnPendingAgeSeconds !== undefined && facts.oldestOwnPendingAgeSeconds !== null) {
    out.push({ label: 'your oldest L2 transfer waited', waitedSeconds: facts.oldestOwnPendingAgeSeconds });
  }
  if (facts.frozen) out.push({ label: words.frozen });
  return out;
}

/** Until when a `claimed` root may still be undone, in its adapter's words (null while the root is `finalized`). */
export function claimWindow(rollup: ParsedRollup, followed: FollowedRollup): ClaimWindow | null {
  if (followed.accepted.status !== 'claimed') return null;
  return claimedUntil(rollup.adapter, rollup.config, followed.proven);
}

/** The facts an EVM rollup's account row shows beside its balance. */
export function evmAccountFacts(rollup: ParsedRollup, followed: FollowedRollup): NonNullable<L2AccountView['evm']> {
  const acceptedAt = Number(followed.accepted.acceptedAt);
  return {
    unit: rollup.adapter.words.unit,
    status: followed.accepted.status,
    claim: claimWindow(rollup, followed),
    acceptedAt,
    acceptedAgeSeconds: Math.max(0, Number(followed.at.timestamp) - acceptedAt),
  };
}

/**
 * An L2 account row: what was proven fills its fields, what failed leaves them null with the
 * error; a stale one (its rollup changed) its last proven value, aged against `now` (ms).
 */
export function l2AccountView(read: L2AccountRead, now?: number): L2AccountView {
  const { rollup, followed, account, publicKey } = read;
  const view: L2AccountView = {
    rollupChainId: rollup.identity.chainId,
    rollupName: rollup.identity.name,
    nativeCurrency: rollup.identity.nativeCurrency,
    address: read.address,
    index: null,
    balance: null,
    nonce: null,
    publicKey: publicKey ? { ax: publicKey.ax.toString(), ay: publicKey.ay.toString() } : null,
    batch: null,
    batchAgeSeconds: null,
    proof: null,
    tier: null,
    l1BlockNumber: null,
    error: read.error,
  };
  if (followed) {
    Object.assign(view, {
      batch: Number(followed.accepted.batch),
      batchAgeSeconds: followed.liveness.lastBatchAgeSeconds,
      proof: followed.proof,
      tier: tierJson(followed.tier),
      l1BlockNumber: Number(followed.at.blockNumber),
    });
    if (isAddressRollup(rollup)) view.evm = evmAccountFacts(rollup, followed);
  }
  if (account) Object.assign(view, { index: account.index, balance: account.balance.toString(), nonce: account.nonce.toString() });
  if (account?.notProven !== undefined) view.notProven = account.notProven;
  if (account?.readLatest === true) view.readLatest = true;
  if (read.stale) {
    const { balance, change } = read.stale;
    // The last proven read's own facts: its batch and tier, as of then.
    Object.assign(view, { batch: balance.l2.batch, batchAgeSeconds: Math.max(0, balance.l1.timestamp - balance.l2.acceptedAt), proof: balance.l2.proof, tier: balance.l2.tier, l1BlockNumber: balance.l1.blockNumber });
    if (isAddressRollup(rollup)) {
      view.evm = { unit: rollup.adapter.words.unit, status: balance.l2.status ?? null, claim: null, acceptedAt: balance.l2.acceptedAt, acceptedAgeSeconds: Math.max(0, balance.l1.timestamp - balance.l2.acceptedAt) };
    }
    view.stale = { l2Block: balance.l2.batch, provenAt: balance.l1.timestamp, ...(now !== undefined ? { provenAgeSeconds: Math.max(0, Math.floor(now / 1000) - balance.l1.timestamp) } : {}), change: rollupChangeView(change) };
  }
  return view;
}

/** The wallet's L1 transactions still on their way or landed (a failed, replaced or dropped one is no deposit). */
const LANDING: ReadonlySet<ActivityRow['status']> = new Set(['signed', 'pending', 'included', 'final']);

/**
 * The newest L1 deposit from the row's address into its rollup's bridge, while the row has no
 * proven L2 account yet (the L2 RPC knows none, or its index is not in an accepted batch yet:
 * L2_ACCOUNT_MISSING): the popup says the deposit is on its way rather than that the account does
 * not exist. Undefined for any other row, or when the wallet sent no such deposit on this network.
 * @example depositOnTheWay(read, await wallet.listActivity(), profile.id) // { hash: '0x…', value: '1500000000000000000', blockNumber: 1234 }
 */
export function depositOnTheWay(
  read: Pick<L2AccountRead, 'rollup' | 'address' | 'account' | 'error'>,
  activity: readonly Pick<ActivityRow, 'hash' | 'networkId' | 'from' | 'to' | 'value' | 'status' | 'createdAt' | 'receipt' | 'settledIn'>[],
  networkId: string | undefined,
): L2AccountView['deposit'] {
  if (read.account !== null || isAddressRollup(read.rollup)) return undefined;
  if (read.error !== null && read.error.code !== 'L2_ACCOUNT_MISSING') return undefined;
  const bridge = read.rollup.adapter.depositBridge?.(read.rollup.config)?.address.toLowerCase();
  if (bridge === undefined || networkId === undefined) return undefined;
  const from = read.address.toLowerCase();
  let newest: (typeof activity)[number] | undefined;
  for (const a of activity) {
    if (a.networkId !== networkId || a.from.toLowerCase() !== from || a.to?.toLowerCase() !== bridge || !LANDING.has(a.status)) continue;
    if (newest === undefined || a.createdAt > newest.createdAt) newest = a;
  }
  if (newest === undefined) return undefined;
  const block = newest.status === 'included' || newest.status === 'final' ? (newest.receipt?.blockNumber ?? newest.settledIn?.blockNumber) : undefined;
  return { hash: newest.hash, value: newest.value, ...(block !== undefined ? { blockNumber: block } : {}) };
}
