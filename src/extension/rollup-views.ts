/**
 * What the background tells the popup about the rollups it follows and the wallet's L2 accounts.
 * Plain JSON: amounts as decimal strings of wei, times as ms since the epoch, ages in seconds.
 * @module
 */
import type { RollupSnapshot } from '../client/rollup-watch.ts';
import { bigIntToHex } from '../core/bytes.ts';
import type { L2TransferRow } from '../storage/l2-transfers.ts';
import { type LivenessState, livenessState } from '../l2/adapter.ts';

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
  const none = { liveness: null, facts: null, batch: null, root: null, acceptedAt: null, status: null, proof: null, l1: null };
  const base = { chainId: identity.chainId, name: identity.name, kind: rollup.adapter.kind };
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
