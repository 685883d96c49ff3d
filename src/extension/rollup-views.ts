/**
 * What the background tells the popup about the rollups it follows and the wallet's L2 accounts.
 * Plain JSON: amounts as decimal strings of wei, times as ms since the epoch, ages in seconds.
 * @module
 */
import type { FollowedRollup } from '../client/rollup-follower.ts';
import type { RollupSnapshot } from '../client/rollup-watch.ts';
import { bigIntToHex } from '../core/bytes.ts';
import type { L2TransferRow } from '../storage/l2-transfers.ts';
import { type LivenessFacts, type LivenessState, livenessState } from '../l2/adapter.ts';
import { ARBITRUM_KIND } from '../l2/arbitrum/config.ts';
import { OP_STACK_KIND, type OpStackConfig } from '../l2/op-stack/config.ts';
import { opStackGames } from '../l2/op-stack/follow.ts';
import type { ParsedRollup } from '../l2/registry.ts';
import { SCROLL_KIND } from '../l2/scroll/config.ts';
import { ROLLUP_KIND } from '../l2/vigil-zk/config.ts';

/**
 * One proven L1 fact a rollup's liveness rests on, in words: `label`, then (when given) an age
 * (`ageSeconds` ago) or a wait (`waitedSeconds`).
 */
export interface LivenessSignal {
  label: string;
  ageSeconds?: number;
  waitedSeconds?: number;
}

/** While the accepted root is only `claimed`: until when a challenge may still undo it (seconds; null: not known yet, `note` says until what). */
export interface ClaimWindow {
  until: number | null;
  note: string;
}

/** One followed rollup, as of the newest verified L1 head it was read at. */
export interface RollupView {
  /** The L2's chain id. */
  chainId: number;
  name: string;
  /** The adapter kind (`vigil-zk-v1`, …). */
  kind: string;
  /** 'waiting': no verified L1 head or execution RPC yet; 'error': the last follow failed (see `error`). */
  state: 'waiting' | 'following' | 'error';
  liveness: LivenessState | null;
  /** The facts the liveness rests on, all from proven L1 storage. */
  facts: { lastBatchAgeSeconds: number; oldestQueuedAgeSeconds: number | null; frozen: boolean; oldestOwnPendingAgeSeconds?: number | null } | null;
  /** What `batch` counts: the rollup's batches, or (OP Stack, Arbitrum) the accepted L2 block's number. */
  unit: 'batch' | 'L2 block';
  /** The liveness facts in words, as this kind of rollup keeps them on L1 (the newest game, the last confirmation, the last finalization, …). */
  signals: LivenessSignal[];
  /** While `status` is `claimed`. */
  claim: ClaimWindow | null;
  /** Whether its L2 accounts are Ethereum's (an address, eth_getProof): the wallet shows each of its accounts' balance there. */
  evm: boolean;
  /** The batch L1 accepted last, its root (0x-hex) and when L1 accepted it (seconds). */
  batch: number | null;
  root: string | null;
  acceptedAt: number | null;
  /** How final the accepted root is on L1: `claimed` while a challenge may still undo it (optimistic rollups). */
  status: 'finalized' | 'claimed' | null;
  /** 'verified': the batch's validity proof was re-verified here against the pinned key. */
  proof: 'verified' | 'not-applicable' | null;
  /** The verified L1 head it was read at. */
  l1: { blockNumber: number; blockHash: string } | null;
  /** Why the last follow failed (a lying L2 RPC, a proof that does not verify, an upgraded verifier, …). */
  error: { code: string; message: string } | null;
  /** When it was last read, ms. */
  checkedAt: number | null;
}

/** One wallet account's L2 account on one rollup, proven against the accepted root. */
export interface L2AccountView {
  rollupChainId: number;
  rollupName: string;
  /**
   * An EVM rollup (OP Stack, Arbitrum, Scroll): the same address on L2, its balance by
   * eth_getProof against the accepted state root; no index, key, deposit or transfer here. Absent: the devnet rollup's.
   */
  evm?: {
    /** What `batch` counts (the accepted L2 block on OP Stack and Arbitrum, the batch on Scroll). */
    unit: 'batch' | 'L2 block';
    status: 'finalized' | 'claimed' | null;
    claim: ClaimWindow | null;
    /** When L1 accepted it (seconds) and how long before the L1 head it was read at. */
    acceptedAt: number | null;
    acceptedAgeSeconds: number | null;
  };
  /** The wallet's L1 address (the account's owner). */
  address: string;
  /** The L2 account's index; null when the account has no L2 account yet (deposit to open one). */
  index: number | null;
  /** Wei and nonce, proven; null with `error` when they could not be proven. */
  balance: string | null;
  nonce: string | null;
  /** The account's L2 public key (Baby Jubjub, decimal strings) derived from the wallet's seed. */
  publicKey: { ax: string; ay: string } | null;
  batch: number | null;
  batchAgeSeconds: number | null;
  proof: 'verified' | 'not-applicable' | null;
  l1BlockNumber: number | null;
  error: { code: string; message: string } | null;
}

/** An L2 transfer the wallet signed, tracked until a verified batch includes it. */
export type L2TransferView = L2TransferRow;

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

/** Rollups whose L2 accounts are Ethereum's: asked by address, proven by eth_getProof (the adapter names the request). */
export function isEvmRollup(rollup: ParsedRollup): boolean {
  return rollup.adapter.kind !== ROLLUP_KIND && rollup.adapter.l2AccountRequest !== undefined;
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
