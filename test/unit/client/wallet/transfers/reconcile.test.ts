/**
 * Reconciliation over a scripted chain (src/client/wallet/transfers/reconcile.ts): balances per
 * block, state that no endpoint keeps below some block, and the fork at each block.
 */
import { describe, expect, it } from 'vitest';
import { type BalanceReader, reconcileTransfers } from '../../../../../src/client/wallet/transfers/reconcile.ts';
import { VerificationError } from '../../../../../src/core/errors.ts';
import { TransportError } from '../../../../../src/rpc/errors.ts';
import type { ProvenTransfer } from '../../../../../src/wallet/transfers/types.ts';

const ME = '0x' + 'aa'.repeat(20);
const YOU = '0x' + 'bb'.repeat(20);
const TOKEN = '0x' + '70'.repeat(20);
const MULTI = '0x' + '72'.repeat(20);

/** Balances that step at given blocks; state below `pruned` is not served; Amsterdam from `amsterdam`. */
function scripted(opts: { ether: [bigint, bigint][]; nonce?: [bigint, bigint][]; tokens?: Record<string, [bigint, bigint][]>; pruned?: bigint; amsterdam?: bigint; lie?: bigint }) {
  const reads: string[] = [];
  const at = (steps: [bigint, bigint][], block: bigint) => steps.reduce((v, [b, x]) => (block >= b ? x : v), 0n);
  const check = (block: bigint) => {
    if (block === opts.lie) throw new VerificationError('PROOF_ROOT_MISMATCH', 'a lie');
    if (opts.pruned !== undefined && block < opts.pruned) throw new TransportError('RPC_ERROR', 'missing trie node', { url: 'http://e' });
  };
  const reader: BalanceReader = {
    async accountAt(_account, block) {
      reads.push(`account@${block}`);
      check(block);
      return { balance: at(opts.ether, block), nonce: at(opts.nonce ?? [], block) };
    },
    async tokenBalanceAt(key, _account, block) {
      reads.push(`${key.asset}#${key.tokenId ?? ''}@${block}`);
      check(block);
      return at(opts.tokens?.[`${key.asset}#${key.tokenId ?? ''}`] ?? [], block);
    },
    async etherLoggedAt(block) {
      return opts.amsterdam !== undefined && block >= opts.amsterdam;
    },
  };
  return { reader, reads };
}

let n = 0;
const transfer = (t: Partial<ProvenTransfer> & Pick<ProvenTransfer, 'asset' | 'standard' | 'from' | 'to' | 'amount' | 'block'>): ProvenTransfer => ({
  blockHash: '0x' + '11'.repeat(32),
  transactionHash: '0x' + (++n).toString(16).padStart(64, '0'),
  transactionIndex: 0,
  logIndex: 0,
  timestamp: 0,
  found: 'endpoint-logs',
  ...t,
});

describe('reconcileTransfers', () => {
  it('per range and asset: an endpoint-logs range missing a transfer says it; a bloom range that adds up says nothing', async () => {
    const transfers = [transfer({ asset: TOKEN, standard: 'erc20', from: YOU, to: ME, amount: 5n, block: 150n, found: 'bloom-scan' })];
    // 7 arrived at block 50 with no log given (logs-omit), 5 at block 150 proven.
    const { reader, reads } = scripted({ ether: [[0n, 10n]], tokens: { [`${TOKEN}#`]: [[50n, 7n], [150n, 12n]] } });
    const out = await reconcileTransfers({ reader }, {
      account: ME,
      fromBlock: 1n,
      toBlock: 200n,
      transfers,
      ranges: [
        { fromBlock: 1n, toBlock: 100n, found: 'endpoint-logs' },
        { fromBlock: 101n, toBlock: 200n, found: 'bloom-scan' },
      ],
    });
    expect(out.map((r) => [r.asset, r.fromBlock, r.coverage, r.change, r.unexplained])).toEqual([
      ['native', 1n, 'reconciled', 0n, 0n],
      [TOKEN, 1n, 'reconciled', 7n, 7n],
      ['native', 101n, 'bloom-scan', 0n, 0n],
      [TOKEN, 101n, 'bloom-scan', 5n, 0n],
    ]);
    expect(out[1]!.because).toBe('transfers not reported: 7 unexplained between blocks 1 and 100');
    // Block 100 is one range's end and the next's start: read once per asset.
    expect(reads.filter((r) => r === `${TOKEN}#@100`)).toHaveLength(1);
  });

  it('an asset named but never seen in a transfer is reconciled too: every log of it left out shows', async () => {
    const { reader } = scripted({ ether: [[0n, 10n]], tokens: { [`${TOKEN}#`]: [[50n, 9n]] } });
    const out = await reconcileTransfers({ reader }, { account: ME, fromBlock: 1n, toBlock: 100n, transfers: [], assets: [{ asset: TOKEN.toUpperCase().replace('0X', '0x'), standard: 'erc20' }] });
    expect(out.map((r) => [r.asset, r.unexplained])).toEqual([['native', 0n], [TOKEN, 9n]]);
  });

  it('state not served at the old end: unreconciled, with the reach found by bisection', async () => {
    const transfers = [transfer({ asset: TOKEN, standard: 'erc20', from: YOU, to: ME, amount: 5n, block: 900n })];
    const { reader } = scripted({ ether: [[0n, 10n]], tokens: { [`${TOKEN}#`]: [[900n, 5n]] }, pruned: 777n });
    const out = await reconcileTransfers({ reader }, { account: ME, fromBlock: 1n, toBlock: 1000n, transfers });
    expect(out).toHaveLength(2);
    for (const r of out) {
      expect(r.coverage).toBe('unreconciled');
      expect(r.reach).toBe(777n);
      expect(r.change).toBeUndefined();
      expect(r.because).toMatch(/state from block 777 on/);
    }
    expect(out[1]!.explained).toBe(5n);
  });

  it('no state served at all: unreconciled without a reach; a lie is thrown, not taken for pruning', async () => {
    const none = scripted({ ether: [[0n, 1n]], pruned: 10_000n });
    const [r] = await reconcileTransfers({ reader: none.reader }, { account: ME, fromBlock: 1n, toBlock: 100n, transfers: [] });
    expect(r).toMatchObject({ coverage: 'unreconciled' });
    expect(r!.reach).toBeUndefined();
    const lying = scripted({ ether: [[0n, 1n]], lie: 0n });
    await expect(reconcileTransfers({ reader: lying.reader }, { account: ME, fromBlock: 1n, toBlock: 100n, transfers: [] })).rejects.toThrow(VerificationError);
  });

  it('ether before Amsterdam: own transactions by the proven nonce change; the rest is no-log ether, never an endpoint', async () => {
    const own = [{ transactionHash: '0x' + 'ee'.repeat(32), block: 20n, value: 3n, fee: 2n }];
    const { reader } = scripted({ ether: [[0n, 100n], [20n, 95n], [30n, 195n]], nonce: [[20n, 1n], [40n, 2n]] });
    const [r] = await reconcileTransfers({ reader }, { account: ME, fromBlock: 10n, toBlock: 50n, transfers: [], ownTransactions: own });
    expect(r).toMatchObject({ asset: 'native', change: 95n, explained: -5n, unexplained: 100n });
    expect(r!.because).toMatch(/received by a transaction, a contract call or a withdrawal \(no log records these before Amsterdam\)/);
    expect(r!.because).toMatch(/1 of the account's 2 own transactions were not found/);
  });

  it('ether from Amsterdam: its logs explain it; ERC-1155 per id', async () => {
    const transfers = [
      transfer({ asset: 'native', standard: 'native', from: YOU, to: ME, amount: 100n, block: 30n, found: 'bloom-scan' }),
      transfer({ asset: MULTI, standard: 'erc1155', from: YOU, to: ME, amount: 4n, tokenId: 3n, block: 30n, found: 'bloom-scan' }),
    ];
    const { reader } = scripted({ ether: [[0n, 100n], [30n, 200n]], tokens: { [`${MULTI}#3`]: [[30n, 4n]] }, amsterdam: 0n });
    const out = await reconcileTransfers({ reader }, { account: ME, fromBlock: 10n, toBlock: 50n, transfers, ranges: [{ fromBlock: 10n, toBlock: 50n, found: 'bloom-scan' }] });
    expect(out.map((r) => [r.asset, r.tokenId, r.unexplained, r.because])).toEqual([
      ['native', undefined, 0n, undefined],
      [MULTI, 3n, 0n, undefined],
    ]);
  });
});
