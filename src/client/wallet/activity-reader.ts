/**
 * The activity's view of one network's verified chain (./activity.ts ActivityReader): receipts,
 * canonical hashes and blocks from verified headers, nonces from account proofs at those blocks.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import type { ActivityReader } from './activity.ts';
import type { ExecutionService } from '../verified/execution-service.ts';
import { verifiedNonceReader } from '../verified/nonce-use.ts';
import type { AccountReader } from '../verified/reads.ts';

export interface ActivityHeads {
  /** Execution block numbers of the optimistic and finalized heads. */
  optimistic?: number | undefined;
  finalized?: number | undefined;
}

export function activityReader(execution: ExecutionService, reader: AccountReader, heads: () => ActivityHeads): ActivityReader {
  const { headers, chain } = execution;
  return {
    ...readerNonces(execution, reader),
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
  };
}

/** Nonces at canonical verified blocks, proven by `reader` (the worker pool). */
export function readerNonces(execution: ExecutionService, reader: AccountReader) {
  return verifiedNonceReader(execution.chain, async (address, at) => {
    const proven = await reader.read({ head: { blockNumber: Number(at.blockNumber), stateRoot: bytesToHex(at.stateRoot) }, address: address.toLowerCase(), storageKeys: [], code: false });
    return BigInt(proven.nonce);
  });
}

const optional = (n: number | undefined) => (n === undefined ? undefined : BigInt(n));
