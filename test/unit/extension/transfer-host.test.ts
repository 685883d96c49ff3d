/**
 * src/extension/transfer-host.ts: asks for the held tokens at the same head (the popup's balances,
 * at each head) while one is being proven share it, so a busy machine's asks never stack verified
 * calls ahead of an approval window's; another head, other accounts or followed tokens ask anew.
 */
import { describe, expect, it, vi } from 'vitest';
import { TransferHost } from '../../../src/extension/transfer-host.ts';

function host() {
  const list = vi.fn(() => new Promise<never[]>((resolve) => setTimeout(() => resolve([]), 20)));
  const session = { profile: () => ({ chainId: 1337, tokens: [] }), heads: () => ({}), newest: () => undefined, now: () => 0, execution: () => undefined, reader: () => undefined };
  const transfers = new TransferHost({
    session: session as never,
    store: { list } as never,
    wallet: { listActivity: async () => [], getVault: async () => undefined } as never,
    l1: {} as never,
    scan: (async () => ({ transfers: [], ranges: [], demoted: [] })) as never,
    walletChain: () => {
      throw new Error('no chain');
    },
  });
  return { transfers, list };
}

const at = (blockHash: string) => ({ head: { blockHash } }) as never;

describe('TransferHost.held', () => {
  it('shares one proof among asks for the same head while it runs; asks anew after, or for another head', async () => {
    const { transfers, list } = host();
    const chain = {} as never;
    const accounts = ['0x' + '11'.repeat(20)];
    const first = transfers.held(chain, at('0xaa'), accounts, []);
    const second = transfers.held(chain, at('0xaa'), accounts, []);
    expect(second).toBe(first);
    const other = transfers.held(chain, at('0xbb'), accounts, []);
    expect(other).not.toBe(first);
    expect(await first).toEqual([]);
    await other;
    expect(list).toHaveBeenCalledTimes(2);
    // Once answered, the same head is proven again (balances move within a head's lifetime only by a reorg, which changes its hash).
    await transfers.held(chain, at('0xaa'), accounts, []);
    expect(list).toHaveBeenCalledTimes(3);
    // Other followed tokens: another ask.
    await Promise.all([transfers.held(chain, at('0xcc'), accounts, []), transfers.held(chain, at('0xcc'), accounts, ['0x' + '22'.repeat(20)])]);
    expect(list).toHaveBeenCalledTimes(5);
  });
});
