/**
 * Whether a fact proven at a verified head still stands: the head's block checked against the
 * verified chain (its header linked to the light client's heads by parent hashes) until the light
 * client finalizes it. What a reorg can undo (an exit's end, an L2 transfer confirmed at a root L1
 * accepted) is kept with the head it was proven at and asked about here at every new head.
 * @module
 */
import { VerificationError } from '../../core/errors.ts';

/** What the light client says of L1 blocks: its finalized block, and the verified chain's block at a height. */
export interface L1BlockFinality {
  finalizedBlockNumber(): bigint | undefined;
  /**
   * The hash (0x-hex) of the block at `blockNumber` on the verified chain.
   * @throws VerificationError BLOCK_NOT_VERIFIED above the newest head, HEADER_TOO_FAR too far below the heads to link
   */
  blockHashAt(blockNumber: bigint): Promise<string>;
}

/** A block a fact was proven at. */
export interface ProvenAt {
  blockNumber: bigint;
  blockHash: string;
}

/**
 * 'final' once `at` is finalized and still the verified chain's block at its height; 'held' while
 * it is on the chain but not final, or not yet below the newest verified head; 'gone' when another
 * block holds its height (`now`: that block's hash). A block too far below the heads to link again
 * stands once the finalized head passed it (as a receipt kept from then does).
 * @throws what `blockHashAt` throws otherwise (an endpoint down: asked again at the next head)
 */
export async function blockStanding(l1: L1BlockFinality, at: ProvenAt): Promise<{ standing: 'final' | 'held' } | { standing: 'gone'; now: string }> {
  const finalized = l1.finalizedBlockNumber();
  const isFinal = finalized !== undefined && at.blockNumber <= finalized;
  let hash: string;
  try {
    hash = (await l1.blockHashAt(at.blockNumber)).toLowerCase();
  } catch (err) {
    if (err instanceof VerificationError && err.code === 'BLOCK_NOT_VERIFIED') return { standing: 'held' };
    if (err instanceof VerificationError && err.code === 'HEADER_TOO_FAR' && isFinal) return { standing: 'final' };
    throw err;
  }
  if (hash !== at.blockHash.toLowerCase()) return { standing: 'gone', now: hash };
  return { standing: isFinal ? 'final' : 'held' };
}
