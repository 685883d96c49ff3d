/**
 * The wallet's activity: every transaction it signed, written down before it is sent, and
 * settled only by what the light client proves. A verified receipt makes it "included" (or
 * "failed"), "final" once its block is at or below the finalized head; a proven use of its nonce
 * by another transaction makes it "replaced" (by one of this wallet's) or "dropped". Until final,
 * each settlement is checked again at every head: a block that left the canonical chain sends the
 * row back to "pending". A row not yet settled has its stored bytes sent again at each new head
 * (bounded), whatever the endpoints answered before. A row above a nonce that nothing of this
 * wallet holds (no transaction, batch call or due filler: ./batches/fillers.ts) says so
 * (`waitsFor`): it cannot be included until that nonce is used, which the next transaction does.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import type { ActivityRow, SettledIn, WalletRepo } from '../../storage/wallet.ts';
import { maxCost, type SignedTransaction, type UnsignedTransaction } from '../../wallet/transaction.ts';
import type { NetworkInfo } from './approvals.ts';
import { pendingOf } from './pending.ts';
import { findNonceUse, type NonceReader, nonceSearchFrom } from '../verified/nonce-use.ts';
import type { WalletChain } from './transactions.ts';

/** The current network's verified chain, as the activity proves its rows against it. */
export interface ActivityReader extends NonceReader {
  /** A verified receipt (src/client/verified/chain.ts), null while none is proven. */
  getTransactionReceipt(hash: Uint8Array): Promise<unknown>;
  /** The optimistic head's execution block number; undefined before the first head. */
  headNumber(): bigint | undefined;
  /** The finalized head's execution block number; undefined before the first. */
  finalizedNumber(): bigint | undefined;
  /** The canonical block hash at `number` as the optimistic head sees the chain; null above it. */
  canonicalHash(number: bigint): Promise<string | null>;
}

export interface ActivityDeps {
  repo: WalletRepo;
  now(): number;
  chain(): WalletChain | undefined;
  chainReader(): ActivityReader | undefined;
  network(): NetworkInfo | undefined;
  /** After each pass: what waits on the rows it settled (a call batch's next call). */
  afterTrack?(): Promise<void>;
}

/** "Already known" and its kin: the node has these bytes already, which is no failure. */
const ALREADY_SENT = /already known|known transaction|nonce too low/i;
/** Bytes go out again at most this often, and for at most this long after signing. */
export const MAX_REBROADCASTS = 64;
export const REBROADCAST_FOR_MS = 24 * 60 * 60 * 1000;

type VerifiedReceipt = { blockNumber: string; blockHash: string; gasUsed: string; status: string; effectiveGasPrice?: string };

/** The price each unit of gas was paid at, from the verified receipt (src/execution/block-receipts.ts derives it from the verified block's base fee). */
function paidPrice(receipt: VerifiedReceipt): { effectiveGasPrice?: string } {
  const p = receipt.effectiveGasPrice;
  return typeof p === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(p) ? { effectiveGasPrice: BigInt(p).toString() } : {};
}

export class Activity {
  private tracking = false;

  constructor(private readonly deps: ActivityDeps) {}

  /** This network's activity, newest first. */
  async list(): Promise<ActivityRow[]> {
    const network = this.deps.network();
    return (await this.deps.repo.listActivity()).filter((r) => network === undefined || r.chainId === network.chainId);
  }

  /**
   * Writes a signed transaction down, before it is sent (a restart sends these bytes, it never
   * signs again). `mark.replaces`: the transaction a speed-up or cancel takes the nonce of;
   * `mark.exitStep`: a forced exit's step (its exit follows it); `mark.effects`: what its simulation
   * showed at the head it was signed against.
   */
  async recordSigned(
    network: NetworkInfo,
    signed: SignedTransaction,
    tx: UnsignedTransaction,
    origin: string,
    summary: string,
    mark: { replaces?: ActivityRow['replaces']; exitStep?: true; effects?: ActivityRow['effects']; decoded?: ActivityRow['decoded']; recipientName?: ActivityRow['recipientName'] } = {},
  ): Promise<void> {
    const now = this.deps.now();
    const head = this.deps.chain()?.signingHead();
    await this.deps.repo.putActivity({
      hash: signed.hash,
      chainId: network.chainId,
      networkId: network.id,
      from: signed.from,
      to: tx.to,
      nonce: tx.nonce.toString(),
      value: tx.value.toString(),
      maxCost: maxCost(tx).toString(),
      raw: signed.raw,
      origin,
      summary,
      status: 'signed',
      createdAt: now,
      updatedAt: now,
      ...(head ? { signedAtBlock: Number(head.head.blockNumber) } : {}),
      ...(mark.replaces ? { replaces: mark.replaces } : {}),
      ...(mark.exitStep ? { exitStep: true } : {}),
      ...(mark.effects ? { effects: mark.effects } : {}),
      ...(mark.decoded !== undefined ? { decoded: mark.decoded } : {}),
      ...(mark.recipientName ? { recipientName: mark.recipientName } : {}),
    });
  }

  /**
   * Sends signed bytes (again after a restart: the same bytes; a node that has them already is no
   * failure) and marks their activity pending. `keepError`: a failure is also written on the row.
   */
  async broadcast(chain: WalletChain, raw: string, options: { keepError?: boolean } = {}): Promise<void> {
    const hash = bytesToHex(keccak256(hexToBytes(raw)));
    const before = options.keepError ? await this.deps.repo.getActivity(hash) : undefined;
    try {
      await chain.execution.sendRawTransaction(raw);
    } catch (err) {
      if (!ALREADY_SENT.test(err instanceof Error ? err.message : String(err))) {
        if (before) await this.deps.repo.putActivity({ ...before, lastError: err instanceof Error ? err.message.slice(0, 200) : 'broadcast failed', updatedAt: this.deps.now() });
        throw err;
      }
    }
    const activity = before ?? (await this.deps.repo.getActivity(hash));
    if (activity?.status === 'signed') await this.deps.repo.putActivity({ ...activity, status: 'pending', updatedAt: this.deps.now() });
  }

  /** Settles, re-checks and rebroadcasts this network's rows against the newest verified head. */
  async track(): Promise<void> {
    // One pass at a time: heads can come faster than receipts are proven.
    if (this.tracking) return;
    this.tracking = true;
    try {
      await this.trackOnce();
    } finally {
      this.tracking = false;
    }
    await this.deps.afterTrack?.();
  }

  private async trackOnce(): Promise<void> {
    const reader = this.deps.chainReader();
    const network = this.deps.network();
    const head = reader?.headNumber();
    if (!reader || !network || head === undefined) return;
    const rows = (await this.deps.repo.notFinal(network.chainId)).sort((a, b) => Number(BigInt(a.nonce) - BigInt(b.nonce)));
    const headNonces = new Map<string, Promise<bigint>>();
    const nonceAtHead = (from: string) => {
      const key = from.toLowerCase();
      if (!headNonces.has(key)) headNonces.set(key, reader.nonceAt(from, head));
      return headNonces.get(key)!;
    };
    for (const row of rows) {
      try {
        let current = row.settledIn ? await this.recheck(reader, row) : row;
        if (current && (current.status === 'signed' || current.status === 'pending')) current = await this.settle(reader, current, head, nonceAtHead);
        if (current && (current.status === 'signed' || current.status === 'pending')) await this.rebroadcast(current, head);
      } catch {
        // Not provable now (a lying or slow RPC): tried again at the next head.
      }
    }
    await this.markWaiting(network.chainId, nonceAtHead);
  }

  /** Each unsettled row above the lowest nonce nothing of the wallet holds gets `waitsFor`; the others lose it. */
  private async markWaiting(chainId: number, nonceAtHead: (from: string) => Promise<bigint>): Promise<void> {
    const rows = await this.deps.repo.unsettled(chainId);
    for (const from of new Set(rows.map((r) => r.from.toLowerCase()))) {
      try {
        const held = new Set((await pendingOf(this.deps.repo, chainId, from, this.deps.now())).map((p) => p.nonce));
        let missing = await nonceAtHead(from);
        while (held.has(missing)) missing++;
        for (const row of rows.filter((r) => r.from.toLowerCase() === from)) {
          const waitsFor = BigInt(row.nonce) > missing ? missing.toString() : undefined;
          if (row.waitsFor === waitsFor) continue;
          const { waitsFor: _w, ...rest } = (await this.deps.repo.getActivity(row.hash)) ?? row;
          await this.put(waitsFor === undefined ? rest : { ...rest, waitsFor });
        }
      } catch {
        // Not provable now: said at the next head.
      }
    }
  }

  /** A settled row: final once its block is canonical and finalized; back to pending when its block left the chain. */
  private async recheck(reader: ActivityReader, row: ActivityRow): Promise<ActivityRow | undefined> {
    const settled = row.settledIn!;
    const canonical = await reader.canonicalHash(BigInt(settled.blockNumber));
    if (canonical !== null && canonical.toLowerCase() === settled.blockHash.toLowerCase()) {
      const finalized = reader.finalizedNumber();
      if (finalized === undefined || BigInt(settled.blockNumber) > finalized) return undefined;
      await this.put({ ...row, status: row.status === 'included' ? 'final' : row.status, settledIn: { ...settled, final: true } });
      return undefined;
    }
    // Its block is no longer on the chain the light client follows (or not yet on the new branch).
    const { receipt: _r, settledIn: _s, replacedBy: _b, ...rest } = row;
    const back: ActivityRow = { ...rest, status: 'pending', reorgs: (row.reorgs ?? 0) + 1 };
    await this.put(back);
    return back;
  }

  /** An unsettled row: its verified receipt, or the proven use of its nonce by another transaction. */
  private async settle(reader: ActivityReader, row: ActivityRow, head: bigint, nonceAtHead: (from: string) => Promise<bigint>): Promise<ActivityRow | undefined> {
    const receipt = (await reader.getTransactionReceipt(hexToBytes(row.hash, 32))) as VerifiedReceipt | null;
    const finalized = reader.finalizedNumber();
    const isFinal = (n: bigint) => finalized !== undefined && n <= finalized;
    if (receipt !== null) {
      const blockNumber = BigInt(receipt.blockNumber);
      const ok = receipt.status === '0x1';
      const final = isFinal(blockNumber);
      await this.put({
        ...row,
        status: ok ? (final ? 'final' : 'included') : 'failed',
        receipt: { blockNumber: Number(blockNumber), blockHash: receipt.blockHash, gasUsed: BigInt(receipt.gasUsed).toString(), status: ok ? 1 : 0, ...paidPrice(receipt) },
        settledIn: { blockNumber: Number(blockNumber), blockHash: receipt.blockHash, final },
      });
      return undefined;
    }
    const nonce = BigInt(row.nonce);
    if ((await nonceAtHead(row.from)) <= nonce) return row;
    // The nonce is used, and no endpoint showed this one's receipt: prove which transaction used it.
    const from = row.signedAtBlock !== undefined ? BigInt(row.signedAtBlock) : nonceSearchFrom(head);
    const use = await findNonceUse(reader, row.from, nonce, from, head);
    if (use === undefined) return row;
    const settledIn: SettledIn = { blockNumber: Number(use.blockNumber), blockHash: use.blockHash, final: isFinal(use.blockNumber) };
    const by = use.transaction;
    if (by && by.hash.toLowerCase() === row.hash.toLowerCase()) {
      // Its own receipt, proven in the block where the nonce moved (the endpoints hid it).
      await this.put({
        ...row,
        status: by.status === 1 ? (settledIn.final ? 'final' : 'included') : 'failed',
        receipt: { blockNumber: settledIn.blockNumber, blockHash: settledIn.blockHash, gasUsed: by.gasUsed.toString(), status: by.status },
        settledIn,
      });
      return undefined;
    }
    const ours = by ? await this.deps.repo.getActivity(by.hash.toLowerCase()) : undefined;
    await this.put({ ...row, status: ours ? 'replaced' : 'dropped', settledIn, ...(by ? { replacedBy: by.hash.toLowerCase() } : {}) });
    return undefined;
  }

  /** Sends the stored bytes again, once per new head, within the bounds. "Already known" and its kin prove nothing either way. */
  private async rebroadcast(row: ActivityRow, head: bigint): Promise<void> {
    const chain = this.deps.chain();
    const at = head.toString();
    if (!chain || row.lastBroadcastHead === at) return;
    if ((row.rebroadcasts ?? 0) >= MAX_REBROADCASTS || this.deps.now() - row.createdAt > REBROADCAST_FOR_MS) return;
    let lastError: string | undefined;
    try {
      await chain.execution.sendRawTransaction(row.raw);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!ALREADY_SENT.test(message)) lastError = message.slice(0, 200);
    }
    const { lastError: _e, ...rest } = row;
    await this.put({
      ...rest,
      status: lastError === undefined && row.status === 'signed' ? 'pending' : row.status,
      rebroadcasts: (row.rebroadcasts ?? 0) + 1,
      lastBroadcastHead: at,
      ...(lastError !== undefined ? { lastError } : {}),
    });
  }

  private put(row: ActivityRow): Promise<void> {
    return this.deps.repo.putActivity({ ...row, updatedAt: this.deps.now() });
  }
}
