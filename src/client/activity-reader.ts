/**
 * The activity's view of one network's verified chain (./activity.ts ActivityReader): receipts,
 * canonical hashes and blocks from verified headers, nonces from account proofs at those blocks.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import type { ActivityReader } from './activity.ts';
import type { ExecutionService } from './execution-service.ts';
import type { BlockTransaction } from './nonce-use.ts';
import type { AccountReader } from './verified-reads.ts';

export interface ActivityHeads {
  /** Execution block numbers of the optimistic and finalized heads. */
  optimistic?: number | undefined;
  finalized?: number | undefined;
}

type TxJson = { hash: string; from: string; nonce: string };
type ReceiptJson = { transactionHash: string; status: string; gasUsed: string };

export function activityReader(execution: ExecutionService, reader: AccountReader, heads: () => ActivityHeads): ActivityReader {
  const { headers, chain } = execution;
  return {
    getTransactionReceipt: (hash) => chain.getTransactionReceipt(hash),
    headNumber: () => optional(heads().optimistic),
    finalizedNumber: () => optional(heads().finalized),
    canonicalHash: async (number) => {
      try {
        return bytesToHex((await headers.byNumber(number)).hash);
      } catch (err) {
        if (err instanceof VerificationError && err.code === 'BLOCK_NOT_VERIFIED') return null;
        throw err;
      }
    },
    nonceAt: async (address, number) => {
      const { header } = await headers.byNumber(number);
      const proven = await reader.read({ head: { blockNumber: Number(number), stateRoot: bytesToHex(header.stateRoot) }, address: address.toLowerCase(), storageKeys: [], code: false });
      return BigInt(proven.nonce);
    },
    blockTransactions: async (number) => {
      const verified = await headers.byNumber(number);
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

const optional = (n: number | undefined) => (n === undefined ? undefined : BigInt(n));
