import { describe, expect, it } from 'vitest';
import { blockStanding, type L1BlockFinality } from '../../../../src/client/verified/block-finality.ts';
import { VerificationError } from '../../../../src/core/errors.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';

const A = '0x' + 'aa'.repeat(32);
const B = '0x' + 'bb'.repeat(32);
const chain = (finalized: bigint | undefined, hashAt: (n: bigint) => Promise<string>): L1BlockFinality => ({ finalizedBlockNumber: () => finalized, blockHashAt: hashAt });

describe('blockStanding', () => {
  it('held while on the chain and above the finalized block; final at or below it (any hex case)', async () => {
    expect(await blockStanding(chain(9n, async () => A), { blockNumber: 10n, blockHash: A })).toEqual({ standing: 'held' });
    expect(await blockStanding(chain(undefined, async () => A), { blockNumber: 10n, blockHash: A })).toEqual({ standing: 'held' });
    expect(await blockStanding(chain(10n, async () => A.toUpperCase().replace('0X', '0x')), { blockNumber: 10n, blockHash: A })).toEqual({ standing: 'final' });
  });

  it('gone when another block holds the height, finalized or not', async () => {
    for (const finalized of [9n, 10n, 20n]) expect(await blockStanding(chain(finalized, async () => B), { blockNumber: 10n, blockHash: A })).toEqual({ standing: 'gone', now: B });
  });

  it('held above the newest verified head; final when too far below to link but finalized; otherwise the error', async () => {
    const throwing = (err: Error) => async () => Promise.reject(err);
    expect(await blockStanding(chain(5n, throwing(new VerificationError('BLOCK_NOT_VERIFIED', 'above'))), { blockNumber: 10n, blockHash: A })).toEqual({ standing: 'held' });
    expect(await blockStanding(chain(20_000n, throwing(new VerificationError('HEADER_TOO_FAR', 'far'))), { blockNumber: 10n, blockHash: A })).toEqual({ standing: 'final' });
    await expect(blockStanding(chain(5n, throwing(new VerificationError('HEADER_TOO_FAR', 'far'))), { blockNumber: 10n, blockHash: A })).rejects.toThrow('far');
    await expect(blockStanding(chain(20n, throwing(new TransportError('TIMEOUT', 'slow'))), { blockNumber: 10n, blockHash: A })).rejects.toThrow('slow');
    await expect(blockStanding(chain(20n, throwing(new VerificationError('HEADER_HASH_MISMATCH', 'lie'))), { blockNumber: 10n, blockHash: A })).rejects.toThrow('lie');
  });
});
