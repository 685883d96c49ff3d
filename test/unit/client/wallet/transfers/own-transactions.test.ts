/**
 * The account's own transactions by its proven nonce (src/client/wallet/transfers/own-transactions.ts):
 * each nonce's block found by bisection, value and fee from the verified transaction and receipt.
 */
import { describe, expect, it } from 'vitest';
import { findOwnTransactions } from '../../../../../src/client/wallet/transfers/own-transactions.ts';
import type { NonceReader } from '../../../../../src/client/verified/nonce-use.ts';

const ME = '0x' + 'aa'.repeat(20);
const hashOf = (nonce: number) => '0x' + (nonce + 1).toString(16).padStart(64, '0');

/** Nonce `i` used in block `sentAt[i]`; nonce 2 by an EIP-7702 authorization when `authorized`. */
function scripted(sentAt: bigint[], opts: { authorized?: number; reverted?: number; toSelf?: number } = {}) {
  const proofs: bigint[] = [];
  const nonces: NonceReader = {
    async nonceAt(_a, block) {
      proofs.push(block);
      return BigInt(sentAt.filter((b) => b <= block).length);
    },
    async blockTransactions(block) {
      const transactions = sentAt.flatMap((b, i) => (b === block && i !== opts.authorized ? [{ hash: hashOf(i), from: ME, nonce: BigInt(i), status: 1 as const, gasUsed: 21_000n }] : []));
      return { blockHash: '0x' + block.toString(16).padStart(64, '0'), transactions };
    },
  };
  const nonceOf = (hash: Uint8Array) => Number(BigInt('0x' + Buffer.from(hash).toString('hex'))) - 1;
  const chain = {
    getTransactionByHash: async (hash: Uint8Array) => ({ value: '0x' + (100 + nonceOf(hash)).toString(16), to: nonceOf(hash) === opts.toSelf ? ME.toUpperCase().replace('0X', '0x') : '0x' + 'bb'.repeat(20) }),
    getTransactionReceipt: async (hash: Uint8Array) => ({ status: nonceOf(hash) === opts.reverted ? '0x0' : '0x1', gasUsed: '0x5208', effectiveGasPrice: '0x2', blobGasUsed: nonceOf(hash) === 1 ? '0x20000' : undefined, blobGasPrice: '0x3' }),
  };
  return { deps: { nonces, chain }, proofs };
}

describe('findOwnTransactions', () => {
  it('finds each nonce\'s block and prices it: value (none when reverted), gas and blob gas', async () => {
    const { deps } = scripted([5n, 17n, 17n, 40n], { reverted: 3 });
    const own = await findOwnTransactions(deps, { account: ME, fromBlock: 1n, toBlock: 64n, nonceBefore: 0n, nonceAfter: 4n });
    expect(own).toEqual([
      { transactionHash: hashOf(0), block: 5n, value: 100n, fee: 42_000n },
      { transactionHash: hashOf(1), block: 17n, value: 101n, fee: 42_000n + 0x20000n * 3n },
      { transactionHash: hashOf(2), block: 17n, value: 102n, fee: 42_000n },
      { transactionHash: hashOf(3), block: 40n, value: 0n, fee: 42_000n },
    ]);
  });

  it('a transaction to the account itself moves no value (it came back), only its fee', async () => {
    const { deps } = scripted([5n, 9n, 12n], { toSelf: 2 });
    const own = await findOwnTransactions(deps, { account: ME, fromBlock: 1n, toBlock: 64n, nonceBefore: 0n, nonceAfter: 3n });
    expect(own.map((t) => [t.value, t.fee])).toEqual([
      [100n, 42_000n],
      [101n, 42_000n + 0x20000n * 3n],
      [0n, 42_000n],
    ]);
  });

  it('a nonce an authorization used is left out; at most `max` are looked for', async () => {
    const { deps } = scripted([5n, 9n, 12n, 30n], { authorized: 2 });
    const own = await findOwnTransactions(deps, { account: ME, fromBlock: 1n, toBlock: 64n, nonceBefore: 0n, nonceAfter: 4n });
    expect(own.map((t) => t.block)).toEqual([5n, 9n, 30n]);
    const capped = await findOwnTransactions(deps, { account: ME, fromBlock: 1n, toBlock: 64n, nonceBefore: 0n, nonceAfter: 4n, max: 2 });
    expect(capped).toHaveLength(2);
  });
});
