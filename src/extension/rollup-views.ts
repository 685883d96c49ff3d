/**
 * What the background tells the popup about the rollups it follows and the wallet's L2 accounts
 * (the views are declared in ./messages.ts). Plain JSON: amounts as decimal strings of wei, times
 * as ms since the epoch, ages in seconds.
 * @module
 */
import { isEvmRollup } from '../client/l2-wallet.ts';
import type { FollowedRollup } from '../client/rollup-follower.ts';
import type { RollupSnapshot } from '../client/rollup-watch.ts';
import { bigIntToHex } from '../core/bytes.ts';
import { type LivenessFacts, livenessState } from '../l2/adapter.ts';
import { ARBITRUM_KIND } from '../l2/arbitrum/config.ts';
import { OP_STACK_KIND, type OpStackConfig } from '../l2/op-stack/config.ts';
import { opStackGames } from '../l2/op-stack/follow.ts';
import type { ParsedRollup } from '../l2/registry.ts';
import { SCROLL_KIND } from '../l2/scroll/config.ts';
import { ROLLUP_KIND } from '../l2/vigil-zk/config.ts';
import type { ClaimWindow, L2AccountView, LivenessSignal, RollupView } from './messages.ts';

export type { RollupView };

/**
 * A rollup's view: a failed newest read shows no root or state as good, even when an older read
 * verified. `ownPendingSince`: when (seconds) the oldest of the user's L2 transfers still waiting
 * for a verified batch was sent, measured against the L1 head's time.
 */
export function rollupView({ rollup, last, error }: RollupSnapshot, ownPendingSince?: number): RollupView {
  const { identity } = rollup;
  const none = { liveness: null, facts: null, signals: [], claim: null, batch: null, root: null, acceptedAt: null, status: null, proof: null, l1: null };
  const base = { chainId: identity.chainId, name: identity.name, kind: rollup.adapter.kind, unit: kindWords(rollup.adapter.kind).unit, evm: isEvmRollup(rollup) };
  if (error) return { ...base, ...none, state: 'error', error: { code: error.code, message: error.message }, checkedAt: error.at };
  if (!last) return { ...base, ...none, state: 'waiting', error: null, checkedAt: null };
  const { followed } = last;
  const own = ownPendingSince === undefined ? null : Math.max(0, Number(followed.at.timestamp) - ownPendingSince);
  const facts = { ...followed.liveness, oldestOwnPendingAgeSeconds: own };
  return {
    ...base,
    state: 'following',
    liveness: livenessState(facts, identity.liveness),
    facts,
    signals: livenessSignals(rollup.adapter.kind, facts),
    claim: claimWindow(rollup, followed),
    batch: Number(followed.accepted.batch),
    root: bigIntToHex(followed.accepted.root),
    acceptedAt: Number(followed.accepted.acceptedAt),
    status: followed.accepted.status,
    proof: followed.proof,
    l1: { blockNumber: Number(followed.at.blockNumber), blockHash: followed.at.blockHash },
    error: null,
    checkedAt: last.checkedAt,
  };
}

interface KindWords {
  unit: 'batch' | 'L2 block';
  /** What `lastBatchAgeSeconds` is the age of, on this kind's L1 contracts. */
  age: string;
  /** The L1 queue fact (null: no queue entry waits; a number: the oldest waited that long), or undefined when this kind's adapter does not read one. */
  queue?: (waited: number | null) => LivenessSignal;
  frozen: string;
}

const KIND_WORDS: Readonly<Record<string, KindWords>> = {
  [ROLLUP_KIND]: {
    unit: 'batch',
    age: 'last batch',
    queue: (w) => (w === null ? { label: 'L1 queue empty' } : { label: 'oldest queued L1 request waited', waitedSeconds: w }),
    frozen: 'frozen: escape hatch open',
  },
  // The adapter reads the factory's newest games (src/l2/op-stack/follow.ts liveness); deposits
  // not seen on L2 are not in L1 storage, so no queue fact.
  [OP_STACK_KIND]: { unit: 'L2 block', age: 'newest dispute game', frozen: 'paused on L1' },
  // The latest confirmed assertion's creation (its AssertionNode); the delayed inbox's unread
  // messages are proven, their age is not (0 is a lower bound).
  [ARBITRUM_KIND]: {
    unit: 'L2 block',
    age: 'latest confirmed assertion created',
    queue: (w) => (w === null ? { label: 'delayed inbox: every message read' } : { label: 'delayed inbox: messages waiting (their age is not proven)' }),
    frozen: 'paused on L1: nothing is confirmed',
  },
  // miscData.lastFinalizeTimestamp; the oldest unfinalized L1 message's enqueue time.
  [SCROLL_KIND]: {
    unit: 'batch',
    age: 'last finalization',
    queue: (w) => (w === null ? { label: 'L1 message queue empty' } : { label: 'oldest L1 message waited', waitedSeconds: w }),
    frozen: 'frozen on L1',
  },
};

const OTHER_KIND: KindWords = { unit: 'L2 block', age: 'newest L1 commitment', frozen: 'frozen on L1' };

function kindWords(kind: string): KindWords {
  return KIND_WORDS[kind] ?? OTHER_KIND;
}

/** The liveness facts in this kind's words (the user's own waiting transfer included). */
export function livenessSignals(kind: string, facts: LivenessFacts): LivenessSignal[] {
  const words = kindWords(kind);
  const out: LivenessSignal[] = [{ label: words.age, ageSeconds: facts.lastBatchAgeSeconds }];
  if (words.queue) out.push(words.queue(facts.oldestQueuedAgeSeconds));
  if (facts.oldestOwnPendingAgeSeconds !== undefined && facts.oldestOwnPendingAgeSeconds !== null) {
    out.push({ label: 'your oldest L2 transfer waited', waitedSeconds: facts.oldestOwnPendingAgeSeconds });
  }
  if (facts.frozen) out.push({ label: words.frozen });
  return out;
}

/**
 * Until when a `claimed` root may still be undone. OP Stack: the game's resolution time plus the
 * finality delay (AnchorStateRegistry.isGameFinalized), or, while the game runs, "its game is
 * resolved and the delay passes". Other kinds: until L1 finalizes it.
 */
export function claimWindow(rollup: ParsedRollup, followed: FollowedRollup): ClaimWindow | null {
  if (followed.accepted.status !== 'claimed') return null;
  if (rollup.adapter.kind === OP_STACK_KIND) {
    const config = rollup.config as OpStackConfig;
    const delay = config.delays.disputeGameFinalityDelaySeconds;
    const days = `${Math.round((delay / 86_400) * 10) / 10} days`;
    let resolvedAt = 0n;
    try {
      if (followed.proven) resolvedAt = opStackGames(config, followed.proven).chosen.resolvedAt;
    } catch {
      // The storage it was read from no longer names the game: the words below still hold.
    }
    if (resolvedAt > 0n) return { until: Number(resolvedAt) + delay, note: `its game was resolved and ${days} pass` };
    return { until: null, note: `its dispute game is resolved and ${days} more pass` };
  }
  return { until: null, note: 'L1 finalizes it' };
}

/** The facts an EVM rollup's account row shows beside its balance. */
export function evmAccountFacts(rollup: ParsedRollup, followed: FollowedRollup): NonNullable<L2AccountView['evm']> {
  const acceptedAt = Number(followed.accepted.acceptedAt);
  return {
    unit: kindWords(rollup.adapter.kind).unit,
    status: followed.accepted.status,
    claim: claimWindow(rollup, followed),
    acceptedAt,
    acceptedAgeSeconds: Math.max(0, Number(followed.at.timestamp) - acceptedAt),
  };
}
