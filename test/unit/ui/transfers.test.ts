// @vitest-environment happy-dom
/**
 * Issue 56 in the popup: proven transfers beside the wallet's transactions, newest first, in words
 * ("Received 5 VGL from 0x7099…79C8", "Received VGLC #3 from …"), each marked proven with its
 * block; where the transfers are known ("Transfers known from block A to B (every block
 * checked)", a failed scan after B said) and what is unexplained; a look-alike sender's dust
 * marked in the one sentence; and on the home, tokens held without being followed: listed ones
 * shown, unlisted ones apart behind "1 unlisted token received — show", marked possibly spam,
 * each followable; at 360 px nothing widens the popup.
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ActivityView, HeldToken, TransfersView, TransferView } from '../../../src/ui/api.ts';
import { ActivityList } from '../../../src/ui/components/activity-list.ts';
import { coverageWords } from '../../../src/ui/components/activity-transfers.ts';
import { HeldTokens } from '../../../src/ui/components/home/held-tokens.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, balances, fakeWallet } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

const ME = ALICE.toLowerCase();
const SENDER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const FRIEND = '0x1234' + '56'.repeat(16) + 'abcd';
const POISON = '0x1234' + '99'.repeat(16) + 'abcd';
const VGL = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const VGLC = '0xe7f1725e7734ce288f8367e1bb143e90bb3f0512';
const NOW = Date.UTC(2026, 10, 27, 12);

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(`${process.cwd()}/extension/popup.css`, 'utf8');
  document.head.appendChild(style);
});
afterEach(cleanup);

function transfer(over: Partial<TransferView> = {}): TransferView {
  return {
    key: `k${over.logIndex ?? 0}:${over.block ?? 1200}`,
    asset: VGL,
    standard: 'erc20',
    direction: 'in',
    from: SENDER,
    to: ME,
    amount: '5000000000000000000',
    block: 1200,
    blockHash: '0x' + 'cc'.repeat(32),
    transactionHash: '0x' + 'dd'.repeat(32),
    logIndex: 0,
    timestamp: NOW / 1000 - 60,
    final: false,
    found: 'bloom-scan',
    token: { symbol: 'VGL', decimals: 18 },
    ...over,
  };
}

function txRow(over: Partial<ActivityView> = {}): ActivityView {
  return { hash: '0x' + 'aa'.repeat(32), from: ALICE, to: FRIEND, value: '1000000000000000000', maxCost: '1000021000000000000', origin: 'vigil', summary: 'Send 1 ETH', status: 'final', nonce: '0', createdAt: NOW - 3600_000, settledIn: { blockNumber: 1100, blockHash: '0x' + 'ee'.repeat(32), final: true }, ...over };
}

const view = (transfers: TransferView[], over: Partial<TransfersView> = {}): TransfersView => ({ transfers, coverage: [{ account: ME, fromBlock: 201, toBlock: 1224 }], unexplained: [], ...over });

async function list(rows: ActivityView[], transfers: TransfersView | null, limit?: number) {
  const el = document.body.appendChild(document.createElement('div'));
  el.style.width = '360px';
  await act(async () => render(h(ActivityList, { rows, transfers, nowMs: NOW, ...(limit !== undefined ? { limit } : {}) }), el));
  return el;
}

describe('transfers in the activity', () => {
  it('says each transfer in words, newest first beside the transactions, marked proven with its block', async () => {
    const el = await list(
      [txRow()],
      view([
        transfer(),
        transfer({ logIndex: 1, block: 1210, timestamp: NOW / 1000 - 30, asset: VGLC, standard: 'erc721', amount: '1', tokenId: '3', token: { symbol: 'VGLC', decimals: 0 } }),
        transfer({ logIndex: 2, block: 1000, timestamp: NOW / 1000 - 7200, direction: 'out', from: ME, to: SENDER, amount: '250000000000000000' }),
      ]),
    );
    const rows = allByTestId(el, 'transfer-row').concat(allByTestId(el, 'activity-row'));
    expect(rows).toHaveLength(4);
    const order = [...el.querySelectorAll('[data-testid="transfer-row"], [data-testid="activity-row"]')].map((r) => text(r.querySelector('[data-testid="transfer-words"], [data-testid="activity-summary"]')));
    expect(order).toEqual(['Received VGLC #3 from 0x7099…79C8', 'Received 5 VGL from 0x7099…79C8', 'Send 1 ETH', 'Sent 0.25 VGL to 0x7099…79C8']);
    const first = allByTestId(el, 'transfer-row')[0]!;
    expect(text(byTestId(first, 'transfer-proven'))).toBe('Proven');
    expect(text(byTestId(first, 'transfer-proof'))).toBe('proven in block 1,210 (its log in a verified receipt, found by the blooms of verified headers; not final yet)');
    expect(first.getAttribute('data-block')).toBe('1210');
  });

  it('says a mint and a burn as such: the zero address is no one', async () => {
    const zero = '0x' + '00'.repeat(20);
    const el = await list([], view([transfer({ from: zero, block: 1201 }), transfer({ direction: 'out', from: ME, to: zero, logIndex: 1 })]));
    expect(allByTestId(el, 'transfer-words').map(text)).toEqual(['Received 5 VGL, newly minted', 'Burned 5 VGL']);
  });

  it('names a token it cannot name by its address, in base units', async () => {
    const el = await list([], view([transfer({ token: undefined, amount: '1234' })]));
    expect(text(byTestId(el, 'transfer-words'))).toBe('Received 1,234 base units of 0x5fbd…0aa3 from 0x7099…79C8');
  });

  it("leaves out an outgoing transfer of the wallet's own transaction (its row says it), keeps what came back", async () => {
    const own = txRow({ hash: '0x' + 'dd'.repeat(32) });
    const el = await list([own], view([transfer({ direction: 'out', from: ME, to: SENDER }), transfer({ logIndex: 1 })]));
    expect(allByTestId(el, 'transfer-row').map((r) => r.getAttribute('data-direction'))).toEqual(['in']);
  });

  it('says where the transfers are known, every block checked, and a scan that failed after it', async () => {
    const el = await list([], view([], { coverage: [{ account: ME, fromBlock: 201, toBlock: 1224, failure: { at: NOW, message: 'no endpoint gave the receipts of block 1,225' } }] }));
    expect(text(byTestId(el, 'transfer-known'))).toBe('Transfers known from block 201 to 1,224 (every block checked); after block 1,224 not checked: no endpoint gave the receipts of block 1,225 (tried again at each new block).');
    expect(coverageWords({ account: ME, fromBlock: 201, toBlock: 1224 })).toBe('Transfers known from block 201 to 1,224 (every block checked).');
    expect(coverageWords({ account: ME, fromBlock: null, toBlock: null, failure: { at: 1, message: 'no execution endpoint' } })).toBe('Transfers not known yet: no execution endpoint (tried again at each new block).');
    expect(coverageWords({ account: ME, fromBlock: 9000, toBlock: 10023, skipped: { fromBlock: 1225, toBlock: 8999 } })).toBe('Transfers known from block 9,000 to 10,023 (every block checked); blocks 1,225 to 8,999 not checked (too far back when Vigil ran again).');
  });

  it('says what reconciliation left unexplained', async () => {
    const el = await list([], view([], { unexplained: [{ account: ME, asset: VGL, token: { symbol: 'VGL', decimals: 18 }, unexplained: '3000000000000000000', fromBlock: 100, toBlock: 200, because: 'transfers not reported' }] }));
    expect(text(byTestId(el, 'transfer-unexplained'))).toBe('Transfers not reported: 3 VGL unexplained between blocks 100 and 200');
  });

  it("marks a look-alike sender's dust with the one sentence", async () => {
    const el = await list([], view([transfer({ from: POISON, amount: '0', lookAlike: { address: FRIEND, sentAt: Date.UTC(2026, 10, 12, 12) } })]));
    const mark = byTestId(el, 'transfer-look-alike')!;
    expect(text(mark)).toBe('The sender looks like 0x1234…abcd you sent to on 12 Nov, but is a different address. Do not copy it from here.');
    expect(mark.getAttribute('data-looks-like')).toBe(FRIEND);
    expect(allByTestId(el, 'transfer-row')[0]!.classList.contains('look-alike')).toBe(true);
  });

  it('shows ether that came in or left without a log among the transfers, proven by the balances at both ends', async () => {
    const unlogged = (over: Partial<TransferView>, u: NonNullable<TransferView['unlogged']>): TransferView =>
      transfer({ asset: 'native', standard: 'native', token: { symbol: 'ETH', decimals: 18 }, from: '', transactionHash: '', logIndex: -1, unlogged: u, ...over });
    const el = await list(
      [txRow()],
      view([
        unlogged({ key: 'a', block: 1201, amount: '500000000000000000' }, { fromBlock: 1201, because: 'received by a transaction, a contract call or a withdrawal (no log records these before Amsterdam)' }),
        unlogged({ key: 'b', block: 1150, timestamp: NOW / 1000 - 1800, amount: '250000000000000000' }, { fromBlock: 1101, because: 'received by a withdrawal' }),
        unlogged({ key: 'c', block: 1050, timestamp: NOW / 1000 - 5400, direction: 'out', from: ME, to: '', amount: '200000000000000000' }, { fromBlock: 1040, because: 'sent by a call into code the account delegates to (EIP-7702)' }),
        unlogged({ key: 'd', block: 1000, timestamp: NOW / 1000 - 7200, direction: 'out', from: ME, to: '', amount: '10', final: true }, { fromBlock: 1000, because: 'fees', missing: 2 }),
      ]),
    );
    const rows = allByTestId(el, 'transfer-row');
    expect(rows.map((r) => [r.getAttribute('data-kind'), r.getAttribute('data-direction')])).toEqual([
      ['unlogged', 'in'],
      ['unlogged', 'in'],
      ['unlogged', 'out'],
      ['unlogged', 'out'],
    ]);
    expect(rows.map((r) => text(byTestId(r, 'transfer-words')))).toEqual([
      'Received 0.5 ETH in block 1,201',
      'Received 0.25 ETH between blocks 1,101 and 1,150',
      '0.2 ETH left this account without a transaction of this wallet in blocks 1,040–1,050',
      '<0.000001 ETH left this account in block 1,000: 2 of its transactions were not found',
    ]);
    // Newest first among the wallet's own transactions.
    const order = [...el.querySelectorAll('[data-testid="transfer-row"], [data-testid="activity-row"]')].map((r) => r.getAttribute('data-testid'));
    expect(order).toEqual(['transfer-row', 'transfer-row', 'activity-row', 'transfer-row', 'transfer-row']);
    expect(text(byTestId(rows[0]!, 'transfer-proof'))).toBe('proven by the balance at blocks 1,200 and 1,201, no log: received by a transaction, a contract call or a withdrawal (no log records these before Amsterdam); not final yet');
    expect(text(byTestId(rows[3]!, 'transfer-proof'))).toBe('proven by the balance at blocks 999 and 1,000, no log: fees; final');
    expect(byTestId(rows[0]!, 'transfer-look-alike')).toBeNull();
  });

  it('counts transfers in the home\'s first rows and "Show all"', async () => {
    const el = await list([txRow()], view([transfer(), transfer({ logIndex: 1 }), transfer({ logIndex: 2 })]), 3);
    expect(allByTestId(el, 'transfer-row')).toHaveLength(3);
    expect(allByTestId(el, 'activity-row')).toHaveLength(0);
    expect(text(byTestId(el, 'activity-all'))).toBe('Show all 4');
  });
});

const held = (over: Partial<HeldToken> = {}): HeldToken => ({ address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', standard: 'erc20', symbol: 'VGL', decimals: 18, listed: true, balances: [{ account: ME, balance: '5000000000000000000' }], ...over });
const SPAM = '0x' + '5a'.repeat(20);

describe('tokens held without being followed', () => {
  async function mount(tokens: HeldToken[]) {
    const api = { addToken: vi.fn(async () => {}) };
    const onChanged = vi.fn();
    const el = document.body.appendChild(document.createElement('div'));
    el.style.width = '360px';
    await act(async () => render(h(HeldTokens, { api, held: tokens, account: ALICE, onChanged }), el));
    return { el, api, onChanged };
  }

  it('shows a listed one with its symbol, its address and its proven balance; an unlisted one hidden until asked, marked possibly spam', async () => {
    const { el } = await mount([held(), held({ address: SPAM, symbol: 'CLAIM', listed: false, balances: [{ account: ME, balance: '1000000000000000000000' }] })]);
    const listed = byTestId(el, 'held-token')!;
    expect(text(listed)).toContain('VGL 0x5FbD…0aa3');
    expect(text(byTestId(listed, 'held-token-balance'))).toBe('5 VGL');
    expect(byTestId(el, 'unlisted-token')).toBeNull();
    expect(text(byTestId(el, 'unlisted-toggle'))).toBe('1 unlisted token received — show');
    await act(async () => (byTestId(el, 'unlisted-toggle') as HTMLElement).click());
    const spam = byTestId(el, 'unlisted-token')!;
    expect(text(byTestId(spam, 'unlisted-token-spam'))).toBe('possibly spam');
    expect(spam.getAttribute('data-address')).toBe(SPAM);
    expect(text(byTestId(el, 'unlisted-toggle'))).toBe('1 unlisted token received — hide');
    expect(text(byTestId(el, 'unlisted-why'))).toContain('possibly spam');
    expect(text(el)).not.toMatch(/\$|USD|price:/);
  });

  it('follows one from there', async () => {
    const { el, api, onChanged } = await mount([held()]);
    await act(async () => (byTestId(el, 'held-token-follow') as HTMLElement).click());
    await flush();
    expect(api.addToken).toHaveBeenCalledWith({ address: held().address });
    expect(onChanged).toHaveBeenCalled();
    expect(text(byTestId(el, 'held-token-note'))).toContain('Followed');
  });

  it("shows only the account's own non-zero balances, and a token without a proven symbol by its address", async () => {
    const { el } = await mount([held({ balances: [{ account: '0x' + '77'.repeat(20), balance: '9' }] }), held({ address: SPAM, symbol: null, decimals: null, listed: false })]);
    expect(byTestId(el, 'held-token')).toBeNull();
    await act(async () => (byTestId(el, 'unlisted-toggle') as HTMLElement).click());
    expect(text(byTestId(el, 'unlisted-token'))).toContain('0x5a5a…5a5a');
    expect(text(byTestId(el, 'unlisted-token'))).toContain('no proven symbol');
  });

  it('at 360 px, a long symbol or balance never widens the popup', async () => {
    const { el } = await mount([held({ symbol: 'ABCDEFGHIJK', balances: [{ account: ME, balance: '9'.repeat(60) }] })]);
    const row = byTestId(el, 'held-token')!;
    expect(getComputedStyle(row).display).toBe('flex');
    expect(getComputedStyle(row.querySelector('.token-name')!).overflow).toBe('hidden');
    expect(getComputedStyle(row.querySelector('.token-name')!).textOverflow).toBe('ellipsis');
  });
});

describe('the home with transfers', () => {
  it('reads the transfers with the activity and the held tokens with the balances', async () => {
    const api = fakeWallet();
    const b = balances();
    api.balances = vi.fn(async () => ({ ...b, held: [held()] }));
    (api as unknown as { transfers: () => Promise<TransfersView> }).transfers = vi.fn(async () => view([transfer()]));
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, network: { label: 'Devnet', chainId: 1337 }, now: NOW }), el));
    await flush();
    await flush();
    expect(text(byTestId(el, 'transfer-words'))).toBe('Received 5 VGL from 0x7099…79C8');
    expect(text(byTestId(el, 'transfer-known'))).toBe('Transfers known from block 201 to 1,224 (every block checked).');
    const tokens = byTestId(el, 'home-tokens')!;
    expect(text(byTestId(tokens, 'held-token'))).toContain('VGL');
    // Right under the followed ones, above the link that manages them.
    const order = [...tokens.querySelectorAll('[data-testid="followed-tokens"], [data-testid="held-tokens"], [data-testid="tokens-manage"]')].map((e) => e.getAttribute('data-testid'));
    expect(order).toEqual(['followed-tokens', 'held-tokens', 'tokens-manage']);
  });

  it('with no token followed, a held listed one stands in place of "No token followed"', async () => {
    const api = fakeWallet();
    const b = balances();
    api.balances = vi.fn(async () => ({ ...b, tokens: [], held: [held()] }));
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, network: { label: 'Devnet', chainId: 1337 }, now: NOW }), el));
    await flush();
    await flush();
    expect(text(byTestId(el, 'held-token'))).toContain('VGL');
    expect(text(byTestId(el, 'home-tokens'))).not.toContain('No token followed');
    expect(text(byTestId(el, 'held-token'))).toContain('VGL');
  });
});
