/**
 * The popup's view of the proven transfers: directions, tokens named, coverage per account (a
 * failed scan said beside the range), reconciliation's unexplained amounts, and a look-alike
 * sender's zero-value or dust transfer marked (only against what was sent to before it came).
 */
import { describe, expect, it } from 'vitest';
import { sentToOf, transfersView } from '../../../../../src/client/wallet/transfers/activity-view.ts';
import type { TransferRow } from '../../../../../src/storage/transfers.ts';
import { toChecksumAddress } from '../../../../../src/wallet/keys.ts';

const ME = '0x' + 'ab'.repeat(20);
const ME2 = '0x' + 'ef'.repeat(20);
const FRIEND = '0x1234' + '56'.repeat(16) + 'abcd';
const POISON = '0x1234' + '99'.repeat(16) + 'abcd';
const TOKEN = '0x' + 'ee'.repeat(20);

function row(over: Partial<TransferRow> = {}): TransferRow {
  return { key: `k${over.logIndex ?? 0}`, chainId: 1, asset: TOKEN, standard: 'erc20', from: FRIEND, to: ME, amount: '5000000', block: 10, blockHash: '0x' + '00'.repeat(32), transactionHash: '0x' + '01'.repeat(32), transactionIndex: 0, logIndex: 0, timestamp: 1_700_000_100, found: 'bloom-scan', final: false, ...over };
}
const tokens = new Map([[TOKEN, { symbol: 'VGL', decimals: 6 }]]);
const base = { accounts: [ME, ME2], cursors: [], tokens, sentTo: [] };

describe('transfersView', () => {
  it('shows ether that moved without a log: its direction, ETH, its range and why, no sender to look like anything, never a recipient sent to', () => {
    const unlogged = (over: Partial<TransferRow>) => row({ key: 'u', asset: 'native', standard: 'native', from: '', to: ME, amount: '500', transactionHash: '', transactionIndex: -1, logIndex: -1, unlogged: { fromBlock: 8, beforeHash: '0x' + '07'.repeat(32), because: 'received by a withdrawal' }, ...over });
    const rows = [unlogged({ amount: '0' }), unlogged({ key: 'v', from: ME, to: '', unlogged: { fromBlock: 10, beforeHash: '0x', because: 'sent', missing: 2 } })];
    const view = transfersView({ ...base, sentTo: [{ address: FRIEND, at: 1 }], rows });
    expect(view.transfers.map((t) => [t.direction, t.from, t.to, t.token?.symbol, t.unlogged, t.lookAlike])).toEqual([
      ['in', '', toChecksumAddress(ME), 'ETH', { fromBlock: 8, because: 'received by a withdrawal' }, undefined],
      ['out', toChecksumAddress(ME), '', 'ETH', { fromBlock: 10, because: 'sent', missing: 2 }, undefined],
    ]);
    expect(sentToOf([], rows, [ME])).toEqual([]);
  });

  it('says each transfer\'s direction and names its token', () => {
    const view = transfersView({ ...base, rows: [row(), row({ logIndex: 1, from: ME, to: FRIEND }), row({ logIndex: 2, from: ME, to: ME2 }), row({ logIndex: 3, asset: 'native', standard: 'native' }), row({ logIndex: 4, from: FRIEND, to: POISON })] });
    expect(view.transfers.map((t) => [t.direction, t.token?.symbol])).toEqual([
      ['in', 'VGL'],
      ['out', 'VGL'],
      ['self', 'VGL'],
      ['in', 'ETH'],
    ]);
  });

  it('marks a dust or zero-value transfer from a look-alike of an address sent to before, not one sent to after', () => {
    const sentTo = [{ address: FRIEND, at: 1_700_000_000_000 }];
    const view = transfersView({
      ...base,
      sentTo,
      rows: [
        row({ from: POISON, amount: '0' }),
        row({ logIndex: 1, from: POISON, amount: '5000000' }),
        row({ logIndex: 2, from: POISON, amount: '0', timestamp: 1_600_000_000 }),
        row({ logIndex: 3, from: FRIEND, amount: '0' }),
        row({ logIndex: 4, from: POISON, amount: '99' }),
        // A zero-value transferFrom(me, look-alike, 0) any contract can emit: outgoing, marked too.
        row({ logIndex: 5, from: ME, to: POISON, amount: '0' }),
      ],
    });
    const mark = { address: toChecksumAddress(FRIEND), sentAt: 1_700_000_000_000 };
    expect(view.transfers.map((t) => t.lookAlike)).toEqual([mark, undefined, undefined, undefined, mark, mark]);
  });

  it('says where each account\'s transfers are known, a failed scan beside it', () => {
    const view = transfersView({
      ...base,
      rows: [],
      cursors: [
        { key: '1:' + ME, chainId: 1, account: ME, fromBlock: 100, toBlock: 1123, toHash: '0x', failure: { at: 5, message: 'receipts withheld' } },
        { key: '1:' + ME2, chainId: 1, account: ME2, fromBlock: 100, toBlock: 99, toHash: '', failure: { at: 5, message: 'no endpoint' } },
      ],
    });
    expect(view.coverage).toEqual([
      { account: ME, fromBlock: 100, toBlock: 1123, failure: { at: 5, message: 'receipts withheld' } },
      { account: ME2, fromBlock: null, toBlock: null, failure: { at: 5, message: 'no endpoint' } },
    ]);
  });

  it('passes on what reconciliation left unexplained, and nothing where it explained all', () => {
    const view = transfersView({
      ...base,
      rows: [],
      reconciliations: [
        { account: ME, asset: TOKEN, standard: 'erc20', fromBlock: 5n, toBlock: 900n, change: 7n, explained: 2n, unexplained: 5n, coverage: 'reconciled', because: 'transfers not reported' },
        { account: ME, asset: 'native', standard: 'native', fromBlock: 5n, toBlock: 900n, change: 2n, explained: 2n, unexplained: 0n, coverage: 'reconciled' },
      ],
    });
    expect(view.unexplained).toEqual([{ account: ME, asset: TOKEN, token: { symbol: 'VGL', decimals: 6 }, unexplained: '5', fromBlock: 5, toBlock: 900, because: 'transfers not reported' }]);
  });
});

describe('sentToOf', () => {
  it('takes the wallet\'s recipients (a token transfer\'s recipient, not the token) and its outgoing transfers\' ', () => {
    const sent = sentToOf(
      [
        { to: FRIEND.toUpperCase().replace('0X', '0x'), createdAt: 1 },
        { to: TOKEN, createdAt: 2, decoded: { kind: 'erc20-transfer', recipient: POISON } },
        { to: ME2, createdAt: 3 },
        { to: null, createdAt: 4 },
      ],
      [row({ from: ME, to: '0x' + '77'.repeat(20), timestamp: 9 })],
      [ME, ME2],
    );
    expect(sent).toEqual([
      { address: FRIEND, at: 1 },
      { address: POISON, at: 2 },
      { address: '0x' + '77'.repeat(20), at: 9000 },
    ]);
  });
});
