/**
 * The activity's view of one network's verified chain (./activity.ts ActivityReader): receipts,
 * canonical hashes and blocks from verified headers, nonces from account proofs at those blocks.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import type { ActivityReader } from './activity.ts';
import type { Heads } from '../light-client/session-status.ts';
import type { ExecutionService } from '../verified/execution-service.ts';
import { verifiedNonceReader } from '../verified/nonce-use.ts';
import type { AccountReader } from '../verified/reads.ts';

/** `heads`: the session's optimistic and finalized heads, whose block numbers the activity settles against. */
export function activityReader(execution: ExecutionService, reader: AccountReader, heads: () => Pick<Heads, 'optimistic' | 'finalized'>): ActivityReader {
  const { headers, chain } = execution;
  return {
    ...readerNonces(execution, reader),
    getTransactionReceipt: (hash) => chain.getTransactionReceipt(hash),
    headNumber: () => optional(heads().optimistic?.blockNumber),
    finalizedNumber: () => optional(heads().finalized?.blockNumber),
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
