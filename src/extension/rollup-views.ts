/**
 * What the background tells the popup about the rollups it follows and the wallet's L2 accounts.
 * Plain JSON: amounts as decimal strings of wei, times as ms since the epoch, ages in seconds.
 * @module
 */
import type { FollowedRollup } from '../client/rollup-follower.ts';
import type { RollupSnapshot } from '../client/rollup-watch.ts';
import { bigIntToHex } from '../core/bytes.ts';
import type { L2TransferRow } from '../storage/l2-transfers.ts';
import { claimedUntil, type LivenessFacts, type LivenessState, livenessState, type RollupWords } from '../l2/adapter.ts';
import type { ParsedRollup } from '../l2/registry.ts';

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
  const base = { chainId: identity.chainId, name: identity.name, kind: rollup.adapter.kind, unit: rollup.adapter.words.unit, evm: isEvmRollup(rollup) };
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
    signals: livenessSignals(rollup.adapter.words, facts),
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
  return rollup.adapter.accounts === 'evm';
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
