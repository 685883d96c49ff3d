/**
 * The devnet node's transaction pool: what eth_sendRawTransaction and eth_sendTransaction left for
 * the next blocks. Each sender's transactions wait by nonce; a block takes them as go-ethereum's
 * miner does, each sender's in nonce order, across senders the best tip first (the earlier arrival
 * on a tie). The sender is recovered once, on entry. A same-nonce transaction replaces the waiting
 * one only for 10% more fee cap and tip (100% for a blob transaction, as go-ethereum's blob pool).
 * @module
 */
import type { TypedTransaction } from '@ethereumjs/tx';
import { bytesToHex } from '../../../core/bytes.ts';
import { NodeRequestError } from './types.ts';

/** A blob transaction's network form, kept for eth_getBlobs-style reads after its block. */
export interface BlobSidecar {
  blobs: Uint8Array[];
  commitments: Uint8Array[];
  proofs: Uint8Array[];
  wrapperVersion: 0 | 1;
}

export interface PoolEntry {
  tx: TypedTransaction;
  hash: string;
  /** Lower-case hex. */
  sender: string;
  sidecar?: BlobSidecar;
  /** Arrival order: the tie-break between equal tips. */
  seq: number;
}

const PRICE_BUMP_PERCENT = 10n;
const BLOB_PRICE_BUMP_PERCENT = 100n;

function feeCap(tx: TypedTransaction): bigint {
  return 'maxFeePerGas' in tx ? tx.maxFeePerGas : tx.gasPrice;
}
function tipCap(tx: TypedTransaction): bigint {
  return 'maxPriorityFeePerGas' in tx ? tx.maxPriorityFeePerGas : tx.gasPrice;
}
/** What the block's fee recipient gets per gas at `baseFee`; undefined when the fee cap does not pay the base fee. */
export function effectiveTip(tx: TypedTransaction, baseFee: bigint): bigint | undefined {
  const cap = feeCap(tx);
  if (cap < baseFee) return undefined;
  const tip = tipCap(tx);
  return cap - baseFee < tip ? cap - baseFee : tip;
}

/** See {@link TxPool.cursor}. */
export interface PoolCursor {
  /** The next transaction to try; undefined when none is left. */
  next(): PoolEntry | undefined;
  /** The rest of this sender's transactions wait for a later block. */
  skipSender(sender: string): void;
}

export class TxPool {
  private readonly byHash = new Map<string, PoolEntry>();
  /** sender → nonce → entry. */
  private readonly bySender = new Map<string, Map<bigint, PoolEntry>>();
  /** The state nonce of each sender with waiting transactions, as the chain last told. */
  private readonly stateNonces = new Map<string, bigint>();
  private seq = 0;

  get size(): number {
    return this.byHash.size;
  }

  get(hash: string): PoolEntry | undefined {
    return this.byHash.get(hash);
  }

  /** The senders with waiting transactions. */
  senders(): string[] {
    return [...this.bySender.keys()];
  }

  /** The nonce after the sender's transactions that follow its state nonce without a gap (eth_getTransactionCount "pending"). */
  pendingNonce(sender: string, stateNonce: bigint): bigint {
    const waiting = this.bySender.get(sender);
    let nonce = stateNonce;
    while (waiting?.has(nonce) === true) nonce++;
    return nonce;
  }

  /**
   * Adds a transaction whose sender's state nonce is `stateNonce`; returns the entry it replaced.
   * @throws NodeRequestError "already known", "nonce too low…", "replacement transaction underpriced"
   */
  add(entry: Omit<PoolEntry, 'seq'>, stateNonce: bigint): PoolEntry | undefined {
    if (this.byHash.has(entry.hash)) throw new NodeRequestError('already known');
    const nonce = entry.tx.nonce;
    if (nonce < stateNonce) throw new NodeRequestError(`nonce too low: next nonce ${stateNonce}, tx nonce ${nonce}`);
    let waiting = this.bySender.get(entry.sender);
    const old = waiting?.get(nonce);
    if (old !== undefined) {
      const bump = old.sidecar !== undefined || entry.sidecar !== undefined ? BLOB_PRICE_BUMP_PERCENT : PRICE_BUMP_PERCENT;
      const enough = (was: bigint, now: bigint) => now * 100n >= was * (100n + bump);
      if (!enough(feeCap(old.tx), feeCap(entry.tx)) || !enough(tipCap(old.tx), tipCap(entry.tx))) {
        throw new NodeRequestError('replacement transaction underpriced');
      }
      this.byHash.delete(old.hash);
    }
    if (waiting === undefined) {
      waiting = new Map();
      this.bySender.set(entry.sender, waiting);
    }
    const added = { ...entry, seq: this.seq++ };
    waiting.set(nonce, added);
    this.byHash.set(entry.hash, added);
    this.stateNonces.set(entry.sender, stateNonce);
    return old;
  }

  /** Takes a transaction out (mined, or refused by the builder). */
  remove(hash: string): PoolEntry | undefined {
    const entry = this.byHash.get(hash);
    if (entry === undefined) return undefined;
    this.byHash.delete(hash);
    const waiting = this.bySender.get(entry.sender);
    waiting?.delete(entry.tx.nonce);
    if (waiting?.size === 0) {
      this.bySender.delete(entry.sender);
      this.stateNonces.delete(entry.sender);
    }
    return entry;
  }

  /** Records a sender's state nonce after a block; its transactions below it can never be mined: dropped. */
  setStateNonce(sender: string, nonce: bigint): void {
    const waiting = this.bySender.get(sender);
    if (waiting === undefined) return;
    for (const [n, entry] of waiting) if (n < nonce) this.remove(entry.hash);
    if (this.bySender.has(sender)) this.stateNonces.set(sender, nonce);
  }

  /**
   * The executable transactions in block order at `baseFee`, one at a time: from each sender the
   * run of nonces from its state nonce, across senders the best tip first. A transaction whose fee
   * cap is below the base fee ends its sender's run; so does {@link PoolCursor.skipSender} (the
   * block builder: it does not fit, or it failed).
   */
  cursor(baseFee: bigint): PoolCursor {
    const next = new Map<string, bigint>();
    for (const sender of this.bySender.keys()) next.set(sender, this.stateNonces.get(sender) ?? 0n);
    return {
      next: () => {
        let best: { entry: PoolEntry; tip: bigint } | undefined;
        for (const [sender, nonce] of next) {
          const entry = this.bySender.get(sender)?.get(nonce);
          const tip = entry === undefined ? undefined : effectiveTip(entry.tx, baseFee);
          if (entry === undefined || tip === undefined) {
            next.delete(sender);
            continue;
          }
          if (best === undefined || tip > best.tip || (tip === best.tip && entry.seq < best.entry.seq)) best = { entry, tip };
        }
        if (best !== undefined) next.set(best.entry.sender, best.entry.tx.nonce + 1n);
        return best?.entry;
      },
      skipSender: (sender) => void next.delete(sender),
    };
  }

  /** A copy to come back to (snapshot/revert): entries are shared, they are never changed. */
  clone(): TxPool {
    const copy = new TxPool();
    for (const [hash, entry] of this.byHash) copy.byHash.set(hash, entry);
    for (const [sender, waiting] of this.bySender) copy.bySender.set(sender, new Map(waiting));
    for (const [sender, nonce] of this.stateNonces) copy.stateNonces.set(sender, nonce);
    copy.seq = this.seq;
    return copy;
  }
}

/** The pool's key of a transaction hash. */
export const hashKey = (hash: Uint8Array): string => bytesToHex(hash);
