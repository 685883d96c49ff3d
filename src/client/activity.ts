/**
 * The wallet's activity: every transaction it signed, written down before it is sent, and
 * settled only by what the light client proves: "confirmed" (or "failed") on a receipt proven
 * against a verified block, "dropped" when the proven nonce passed it without one.
 * @module
 */
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { keccak256 } from '../crypto/keccak.ts';
import type { ActivityRow, WalletRepo } from '../storage/wallet.ts';
import { maxCost, type SignedTransaction, type UnsignedTransaction } from '../wallet/transaction.ts';
import type { NetworkInfo } from './approvals.ts';
import type { WalletChain } from './wallet-transactions.ts';

/** Verified receipts of the current network (the provider's chain reader). */
export interface ReceiptReader {
  getTransactionReceipt(hash: Uint8Array): Promise<unknown>;
}

export interface ActivityDeps {
  repo: WalletRepo;
  now(): number;
  chain(): WalletChain | undefined;
  chainReader(): ReceiptReader | undefined;
  network(): NetworkInfo | undefined;
}

/** "Already known" and its kin: the node has these bytes already, which is no failure. */
const ALREADY_SENT = /already known|known transaction|nonce too low/i;

export class Activity {
  private tracking = false;

  constructor(private readonly deps: ActivityDeps) {}

  /** This network's activity, newest first. */
  async list(): Promise<ActivityRow[]> {
    const network = this.deps.network();
    return (await this.deps.repo.listActivity()).filter((r) => network === undefined || r.chainId === network.chainId);
  }

  /** Writes a signed transaction down, before it is sent (a restart sends these bytes, it never signs again). */
  async recordSigned(network: NetworkInfo, signed: SignedTransaction, tx: UnsignedTransaction, origin: string, summary: string): Promise<void> {
    const now = this.deps.now();
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

  /**
   * Settles pending transactions: "confirmed" (or "failed") only on a receipt proven against a
   * verified block; "dropped" when the proven nonce passed it without one.
   */
  async track(): Promise<void> {
    // One pass at a time: heads can come faster than receipts are proven.
    if (this.tracking) return;
    this.tracking = true;
    try {
      await this.trackOnce();
    } finally {
      this.tracking = false;
    }
  }

  private async trackOnce(): Promise<void> {
    const reader = this.deps.chainReader();
    const network = this.deps.network();
    if (!reader || !network) return;
    for (const row of await this.deps.repo.unsettled(network.chainId)) {
      try {
        const receipt = (await reader.getTransactionReceipt(hexToBytes(row.hash, 32))) as { blockNumber: string; blockHash: string; gasUsed: string; status: string } | null;
        if (receipt === null) {
          // No receipt, and the proven nonce has passed it: another transaction took its nonce.
          const chain = this.deps.chain();
          const newest = chain?.newestHead();
          if (chain && newest) {
            const account = await chain.proveAccount(row.from, newest);
            const again = account.nonce > BigInt(row.nonce) ? await reader.getTransactionReceipt(hexToBytes(row.hash, 32)) : receipt;
            if (account.nonce > BigInt(row.nonce) && again === null) {
              await this.deps.repo.putActivity({ ...row, status: 'dropped', updatedAt: this.deps.now() });
            }
          }
          continue;
        }
        await this.deps.repo.putActivity({
          ...row,
          status: receipt.status === '0x1' ? 'confirmed' : 'failed',
          receipt: { blockNumber: Number(receipt.blockNumber), blockHash: receipt.blockHash, gasUsed: receipt.gasUsed, status: receipt.status === '0x1' ? 1 : 0 },
          updatedAt: this.deps.now(),
        });
      } catch {
        // Not provable now (a lying or slow RPC): tried again on the next tick.
      }
    }
  }
}
