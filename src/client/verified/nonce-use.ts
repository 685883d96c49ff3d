/**
 * Which transaction used a nonce: the verified block where the sender's proven nonce first
 * passed it, and the transaction of that sender with that nonce in it. A missing receipt proves
 * nothing (an endpoint can hide one); this search proves both where the nonce moved and by what.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import type { VerifiedBlocks } from './blocks.ts';
/** The verified chain as the search reads it (../wallet/activity.ts ActivityReader has these). */
export interface NonceReader {
  /** The sender's nonce proven at the canonical verified block `number`. */
  nonceAt(address: string, number: bigint): Promise<bigint>;
  /** The canonical verified block's hash and transactions (recovered sender, nonce, receipt outcome). */
  blockTransactions(number: bigint): Promise<{ blockHash: string; transactions: BlockTransaction[] }>;
}

export interface BlockTransaction {
  hash: string;
  from: string;
  nonce: bigint;
  /** Its verified receipt's status and gas used. */
  status: 0 | 1;
  gasUsed: bigint;
}

export interface NonceUse {
  blockNumber: bigint;
  blockHash: string;
  /** The sender's transaction with that nonce; undefined when none in that block used it (an EIP-7702 authorization did). */
  transaction?: BlockTransaction;
}

/** Where a search starts when the head at signing is not known: 256 blocks (under an hour) below `head`. */
export function nonceSearchFrom(head: bigint): bigint {
  return head > 256n ? head - 256n : 0n;
}

/** How far below the starting block the search reaches back (the header walk's own bound). */
const MAX_BACK = 8192n;

/**
 * The first canonical block in (`from`, `head`] whose post-state nonce of `address` is above
 * `nonce`, with the transaction that used it. `from` is where the search starts (the head when
 * the transaction was signed); when the nonce had passed there already, the search goes back
 * further, doubling, up to {@link MAX_BACK} blocks. The caller has proven the nonce at `head`
 * above `nonce`. Undefined when the block lies further back than the search reaches.
 */
export async function findNonceUse(reader: NonceReader, address: string, nonce: bigint, from: bigint, head: bigint): Promise<NonceUse | undefined> {
  let lo = from < head ? from : head - 1n;
  let step = head - lo;
  while (lo >= 0n && (await reader.nonceAt(address, lo)) > nonce) {
    if (head - lo >= MAX_BACK || lo === 0n) return undefined;
    step *= 2n;
    lo = head - step < 0n ? 0n : head - step;
  }
  // nonceAt(lo) <= nonce < nonceAt(hi)
  let hi = head;
  while (hi - lo > 1n) {
    const mid = lo + (hi - lo) / 2n;
    if ((await reader.nonceAt(address, mid)) > nonce) hi = mid;
    else lo = mid;
  }
  const block = await reader.blockTransactions(hi);
  const transaction = block.transactions.find((t) => t.from.toLowerCase() === address.toLowerCase() && t.nonce === nonce);
  return { blockNumber: hi, blockHash: block.blockHash, ...(transaction ? { transaction } : {}) };
}

type TxJson = { hash: string; from: string; nonce: string };
type ReceiptJson = { transactionHash: string; status: string; gasUsed: string };

/**
 * A {@link NonceReader} over verified headers and bodies: `prove` proves the address's nonce
 * against a canonical header's state root (a worker pool in the extension, this thread in the CLI).
 */
export function verifiedNonceReader(chain: VerifiedBlocks, prove: (address: string, at: { blockNumber: bigint; stateRoot: Uint8Array }) => Promise<bigint>): NonceReader {
  return {
    nonceAt: async (address, number) => prove(address, { blockNumber: number, stateRoot: (await chain.headers.byNumber(number)).header.stateRoot }),
    blockTransactions: async (number) => {
      const verified = await chain.headers.byNumber(number);
      const block = (await chain.getBlock({ hash: verified.hash }, true)) as { transactions: TxJson[] } | null;
      const receipts = (await chain.getBlockReceipts({ hash: verified.hash })) as ReceiptJson[] | null;
      if (block === null || receipts === null) throw new VerificationError('BLOCK_NOT_VERIFIED', `no endpoint gives the verified block ${number}`);
      const outcome = new Map(receipts.map((r) => [r.transactionHash.toLowerCase(), r]));
      const transactions: BlockTransaction[] = block.transactions.map((t) => {
        const r = outcome.get(t.hash.toLowerCase())!;
        return { hash: t.hash.toLowerCase(), from: t.from, nonce: BigInt(t.nonce), status: r.status === '0x1' ? 1 : 0, gasUsed: BigInt(r.gasUsed) };
      });
      return { blockHash: bytesToHex(verified.hash), transactions };
    },
  };
}
