/**
 * Reconciliation's arithmetic (src/wallet/transfers/reconcile.ts): change, explained and
 * unexplained per asset, ERC-1155 per id, ether with the account's own transactions, and the words.
 */
import { describe, expect, it } from 'vitest';
import { assetsOf, reconcileAsset, transferDelta } from '../../../../src/wallet/transfers/reconcile.ts';
import type { ProvenTransfer } from '../../../../src/wallet/transfers/types.ts';

const ME = '0x' + 'aa'.repeat(20);
const YOU = '0x' + 'bb'.repeat(20);
const TOKEN = '0x' + '70'.repeat(20);
const NFT = '0x' + '71'.repeat(20);
const MULTI = '0x' + '72'.repeat(20);
let n = 0;
const transfer = (t: Partial<ProvenTransfer> & Pick<ProvenTransfer, 'asset' | 'standard' | 'from' | 'to' | 'amount'>): ProvenTransfer => ({
  block: 10n,
  blockHash: '0x' + '11'.repeat(32),
  transactionHash: '0x' + (++n).toString(16).padStart(64, '0'),
  transactionIndex: 0,
  logIndex: n,
  timestamp: 0,
  found: 'bloom-scan',
  ...t,
});

describe('reconcileAsset', () => {
  const transfers = [
    transfer({ asset: TOKEN, standard: 'erc20', from: YOU, to: ME, amount: 500n }),
    transfer({ asset: TOKEN, standard: 'erc20', from: ME, to: YOU, amount: 800n }),
    transfer({ asset: TOKEN, standard: 'erc20', from: ME, to: ME, amount: 7n }),
    transfer({ asset: NFT, standard: 'erc721', from: YOU, to: ME, amount: 1n, tokenId: 9n }),
    transfer({ asset: MULTI, standard: 'erc1155', from: YOU, to: ME, amount: 30n, tokenId: 1n }),
    transfer({ asset: MULTI, standard: 'erc1155', from: ME, to: YOU, amount: 4n, tokenId: 2n }),
  ];

  it('a token whose transfers explain its change: negative change, nothing unexplained, no words', () => {
    const r = reconcileAsset({ account: ME, key: { asset: TOKEN, standard: 'erc20' }, fromBlock: 5n, toBlock: 20n, before: 1000n, after: 700n, transfers, coverage: 'bloom-scan' });
    expect(r).toEqual({ asset: TOKEN, standard: 'erc20', fromBlock: 5n, toBlock: 20n, change: -300n, explained: -300n, unexplained: 0n, coverage: 'bloom-scan' });
  });

  it('endpoint logs that leave one out: "transfers not reported: X unexplained between blocks A and B"', () => {
    const r = reconcileAsset({ account: ME, key: { asset: TOKEN, standard: 'erc20' }, fromBlock: 5n, toBlock: 20n, before: 1000n, after: 1700n, transfers, coverage: 'reconciled' });
    expect(r.unexplained).toBe(1000n);
    expect(r.because).toBe('transfers not reported: 1000 unexplained between blocks 5 and 20');
  });

  it('a bloom-scanned token that moved without logs is said (rebasing), not blamed on an endpoint', () => {
    const r = reconcileAsset({ account: ME, key: { asset: TOKEN, standard: 'erc20' }, fromBlock: 5n, toBlock: 20n, before: 1000n, after: 701n, transfers, coverage: 'bloom-scan' });
    expect(r.unexplained).toBe(1n);
    expect(r.because).toMatch(/changes balances without Transfer logs/);
    expect(r.because).not.toMatch(/not reported/);
  });

  it('ERC-1155 per id, ERC-721 by count', () => {
    expect(transferDelta(ME, { asset: MULTI, standard: 'erc1155', tokenId: 1n }, transfers)).toBe(30n);
    expect(transferDelta(ME, { asset: MULTI, standard: 'erc1155', tokenId: 2n }, transfers)).toBe(-4n);
    const r = reconcileAsset({ account: ME, key: { asset: MULTI, standard: 'erc1155', tokenId: 2n }, fromBlock: 1n, toBlock: 2n, before: 10n, after: 6n, transfers, coverage: 'reconciled' });
    expect(r).toMatchObject({ tokenId: 2n, change: -4n, unexplained: 0n });
    expect(transferDelta(ME, { asset: NFT, standard: 'erc721' }, transfers)).toBe(1n);
    expect(assetsOf(transfers).map((k) => [k.asset, k.tokenId])).toEqual([['native', undefined], [TOKEN, undefined], [NFT, undefined], [MULTI, 1n], [MULTI, 2n]]);
  });

  it('ether before Amsterdam: own value and fees subtracted, the rest said as no-log receipts', () => {
    const own = [{ transactionHash: '0x' + 'ee'.repeat(32), value: 100n, fee: 21n }];
    const r = reconcileAsset({ account: ME, key: { asset: 'native', standard: 'native' }, fromBlock: 5n, toBlock: 20n, before: 1000n, after: 1379n, transfers: [], ownTransactions: own, ownTransactionCount: 1n, coverage: 'bloom-scan', etherLogged: false });
    expect(r).toMatchObject({ change: 379n, explained: -121n, unexplained: 500n });
    expect(r.because).toBe('500 wei unexplained between blocks 5 and 20: received by a transaction, a contract call or a withdrawal (no log records these before Amsterdam)');
  });

  it('ether from Amsterdam: an own transaction\'s value is its EIP-7708 log (not counted twice); missing own transactions are said', () => {
    const hash = '0x' + 'ef'.repeat(32);
    const logged = [transfer({ asset: 'native', standard: 'native', from: ME, to: YOU, amount: 100n, transactionHash: hash })];
    const r = reconcileAsset({ account: ME, key: { asset: 'native', standard: 'native' }, fromBlock: 5n, toBlock: 20n, before: 1000n, after: 879n, transfers: logged, ownTransactions: [{ transactionHash: hash, value: 100n, fee: 21n }], ownTransactionCount: 1n, coverage: 'bloom-scan', etherLogged: true });
    expect(r).toMatchObject({ change: -121n, explained: -121n, unexplained: 0n });
    expect(r.because).toBeUndefined();
    const short = reconcileAsset({ account: ME, key: { asset: 'native', standard: 'native' }, fromBlock: 5n, toBlock: 20n, before: 1000n, after: 800n, transfers: logged, ownTransactions: [], ownTransactionCount: 2n, coverage: 'reconciled', etherLogged: true });
    expect(short.unexplained).toBe(-100n);
    expect(short.because).toMatch(/^-100 wei unexplained between blocks 5 and 20: transfers not reported, or withdrawals/);
    expect(short.because).toMatch(/2 of the account's 2 own transactions were not found/);
  });

  it('balances not proven: unreconciled, with the reach when known', () => {
    const r = reconcileAsset({ account: ME, key: { asset: TOKEN, standard: 'erc20' }, fromBlock: 5n, toBlock: 20n, transfers, coverage: 'reconciled', reach: 12n });
    expect(r).toMatchObject({ coverage: 'unreconciled', reach: 12n, explained: -300n });
    expect(r.change).toBeUndefined();
    expect(r.unexplained).toBeUndefined();
    expect(r.because).toMatch(/from block 12 on/);
  });
});
