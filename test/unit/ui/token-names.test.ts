// @vitest-environment happy-dom
/**
 * Tokens in the approval window's effects are named by who they are (audit F4): every token amount
 * carries its short address; a token calling itself ETH (or USDC) says it is not ether (not that
 * USDC), an unknown token says so, and so does one whose events disagree with its balances and a
 * preview that left tokens unread. The audit's bait (a claim() that takes 1 ETH and emits a
 * Transfer of 2 "ETH" from itself) through the real summary, naming and window.
 */
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { assetAmount, EffectsBox, tokenWarnings } from '../../../src/ui/components/approval/effects.ts';
import { tokenNaming } from '../../../src/wallet/tokens/shipped.ts';
import { nameTokens } from '../../../src/wallet/tokens/identity.ts';
import { summarizeEffects, type TransactionEffects } from '../../../src/wallet/transaction-effects.ts';
import { cleanup, render } from './dom.ts';

const USER = '0x' + 'a1'.repeat(20);
const FAKE = '0x' + 'fa'.repeat(20);
const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const SPENDER = '0x' + '5e'.repeat(20);
const pad = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const TRANSFER = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
const AT = { blockNumber: '1', blockHash: '0x' + '00'.repeat(32) };

/** The bait: 1 ETH leaves the user, the contract emits Transfer(self → user, 2e18) and calls itself `symbol`. */
function bait(symbol: string): TransactionEffects {
  const sim = {
    calls: [{ status: 'success' as const, returnData: '0x', gasUsed: '0x5208', logs: [{ address: FAKE, topics: [TRANSFER, pad(FAKE), pad(USER)], data: pad('0x' + (2n * 10n ** 18n).toString(16)) }] }],
    balances: [{ address: USER, before: '0x' + (5n * 10n ** 18n).toString(16), after: '0x' + (4n * 10n ** 18n).toString(16) }],
    created: [],
    // The balances read around the run agree with the log: the fake token really credits 2e18 of itself.
    holdings: { holder: USER, read: [{ token: FAKE, standard: 'erc20' as const, before: '0x0', after: '0x' + (2n * 10n ** 18n).toString(16) }], notRead: 0 },
  };
  return summarizeEffects(sim, USER, AT, new Map([[FAKE, { symbol, decimals: 18 }]]));
}

/** The window's own lines of the user's changes, as the audit read them. */
const lines = (e: TransactionEffects) => e.own.map((c) => `${BigInt(c.amount) < 0n ? 'You send' : 'You receive'} ${assetAmount(e, c, BigInt(c.amount) < 0n ? -BigInt(c.amount) : BigInt(c.amount))}`);

function mount(effects: TransactionEffects & { tokensNotRead?: number }): HTMLElement {
  const el = document.body.appendChild(document.createElement('div'));
  render(h(EffectsBox, { effects }), el);
  return el;
}
const byTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)].map((e) => e.textContent);
/** The warnings on the user's received rows (the contract's own side of the Transfer is among the others, flagged the same). */
const onReceived = (el: HTMLElement, id: string) => [...el.querySelectorAll('[data-testid="effect-receive"]')].flatMap((row) => byTestId(row, id));

describe('a token calling itself ETH (the audit\'s fake-symbol bait)', () => {
  afterEach(cleanup);

  it('"You receive 2 ETH" never stands alone: the token\'s address is beside it, and the window says it is not ether and unknown', () => {
    const e = nameTokens(bait('ETH'), tokenNaming(1));
    expect(lines(e)).toEqual(['You send 1 ETH', 'You receive 2 ETH (0xfafa…fafa)']);
    const el = mount(e);
    const received = byTestId(el, 'effect-receive');
    expect(received).toHaveLength(1);
    expect(received[0]).not.toMatch(/^You receive 2 ETH✓/);
    expect(received[0]).toContain('2 ETH (0xfafa…fafa)');
    expect(onReceived(el, 'effect-token-impersonates')).toEqual(['not ether: a token at 0xfafa…fafa calling itself ETH']);
    expect(el.querySelector('[data-testid="effect-receive"] [data-testid="effect-token-impersonates"]')!.getAttribute('role')).toBe('alert');
    expect(onReceived(el, 'effect-token-unknown')).toEqual(['unknown token']);
    // Ether itself stays "ETH", no address and no flag.
    expect(byTestId(el, 'effect-send')).toEqual(['You send 1 ETH✓ proven']);
  });

  it('in look-alike letters too ("ΕΤΗ" in Greek capitals)', () => {
    const el = mount(nameTokens(bait('ΕΤΗ'), tokenNaming(1)));
    expect(onReceived(el, 'effect-token-impersonates')).toEqual(['not ether: a token at 0xfafa…fafa calling itself ΕΤΗ']);
  });

  it('a fake "ＵＳＤＣ" is not the USDC on the list, and is named with its own address', () => {
    const e = nameTokens(bait('ＵＳＤＣ'), tokenNaming(1));
    expect(lines(e)[1]).toBe('You receive 2 ＵＳＤＣ (0xfafa…fafa)');
    const el = mount(e);
    expect(onReceived(el, 'effect-token-impersonates')).toEqual(['not the ＵＳＤＣ at 0xa0b8…eb48: a token at 0xfafa…fafa calling itself ＵＳＤＣ']);
  });

  it("a token the user follows is named with its address and no flag; one neither followed nor listed is an unknown token", () => {
    const followed = mount(nameTokens(bait('VIG'), tokenNaming(1, [{ address: FAKE, symbol: 'VIG' }])));
    expect(byTestId(followed, 'effect-receive')).toEqual(['You receive 2 VIG (0xfafa…fafa)✓ proven']);
    cleanup();
    const unknown = mount(nameTokens(bait('VIG'), tokenNaming(1)));
    expect(byTestId(unknown, 'effect-receive')).toEqual(['You receive 2 VIG (0xfafa…fafa)unknown token✓ proven']);
    expect(onReceived(unknown, 'effect-token-impersonates')).toEqual([]);
  });
});

describe('the other token warnings', () => {
  afterEach(cleanup);

  it("an approval's token, the other accounts' changes and a token without a symbol carry the address and the flags", () => {
    const e = nameTokens(
      {
        at: AT,
        ok: true,
        own: [],
        approvals: [{ kind: 'erc20', token: FAKE, owner: USER, spender: SPENDER, amount: '1000000', unlimited: false, revoke: false }],
        others: [{ account: SPENDER, asset: USDC, standard: 'erc20', amount: '-5000000' }, { account: SPENDER, asset: FAKE, standard: 'erc20', amount: '7' }],
        created: [],
        tokens: { [FAKE]: { symbol: 'USDC', decimals: 6 }, [USDC]: { symbol: 'USDC', decimals: 6 } },
      },
      tokenNaming(1),
    );
    const el = mount(e);
    const approvals = el.querySelector('[data-testid="approval-effects-approvals"]')!.textContent;
    expect(approvals).toContain('Allow 0x5e5e…5e5e to spend 1 USDC (0xfafa…fafa)');
    expect(approvals).toContain('not the USDC at 0xa0b8…eb48: a token at 0xfafa…fafa calling itself USDC');
    const others = [...el.querySelectorAll('[data-testid="approval-effects-others"] li')].map((li) => li.textContent);
    expect(others).toEqual(['0x5e5e…5e5e: −5 USDC (0xa0b8…eb48)', '0x5e5e…5e5e: +0.000007 USDC (0xfafa…fafa)not the USDC at 0xa0b8…eb48: a token at 0xfafa…fafa calling itself USDCunknown token']);
    // A token with no proven symbol is an amount of "token 0x…" (in base units where its decimals are not proven either).
    expect(assetAmount({ ...e, tokens: {} }, { asset: FAKE, standard: 'erc20' }, 7n)).toBe('7 base units of token 0xfafa…fafa');
    expect(assetAmount({ ...e, tokens: { [FAKE]: { decimals: 3 } } }, { asset: FAKE, standard: 'erc20' }, 100_000_000n)).toBe('100,000 token 0xfafa…fafa');
    expect(assetAmount(e, { asset: FAKE, standard: 'erc721', tokenId: '3' }, 1n)).toBe('USDC #3 (0xfafa…fafa)');
  });

  it('a token with no symbol is an amount of "token 0x…" in the approvals and the changes, never bare base units', () => {
    const e: TransactionEffects = {
      at: AT,
      ok: true,
      own: [{ asset: FAKE, standard: 'erc20', amount: '100000' }],
      approvals: [{ kind: 'erc20', token: FAKE, owner: USER, spender: SPENDER, amount: '100000', unlimited: false, revoke: false }],
      others: [],
      created: [],
      tokens: {},
    };
    const el = mount(e);
    expect(el.querySelector('[data-testid="approval-effects-approvals"]')!.textContent).toContain('Allow 0x5e5e…5e5e to spend 100,000 base units of token 0xfafa…fafa');
    expect(el.querySelector('[data-testid="effect-receive"]')!.textContent).toContain('100,000 base units of token 0xfafa…fafa');
  });

  it("a token whose events disagree with its balances says so, even with no change to show; tokens left unread are counted", () => {
    const e: TransactionEffects & { tokensNotRead?: number } = {
      at: AT,
      ok: true,
      own: [
        { asset: USDC, standard: 'erc20', amount: '0', flags: { eventsDisagree: true } },
        { asset: USDC, standard: 'erc20', amount: '-1000000', flags: { eventsDisagree: true } },
      ],
      approvals: [],
      others: [],
      created: [],
      tokens: { [USDC]: { symbol: 'USDC', decimals: 6 } },
      tokensNotRead: 3,
    };
    const el = mount(e);
    expect(byTestId(el, 'effect-token-flagged')).toEqual(['USDC (0xa0b8…eb48)its events do not match its balances']);
    expect(byTestId(el, 'effect-send')).toEqual(['You send 1 USDC (0xa0b8…eb48)its events do not match its balances✓ proven']);
    expect(byTestId(el, 'effect-tokens-not-read')).toEqual(['3 tokens it touches were not read: what it does with them is not shown.']);
    cleanup();
    expect(byTestId(mount({ ...e, tokensNotRead: 1 }), 'effect-tokens-not-read')).toEqual(['1 token it touches was not read: what it does with it is not shown.']);
    cleanup();
    expect(byTestId(mount({ ...e, tokensNotRead: 0 }), 'effect-tokens-not-read')).toEqual([]);
    expect(tokenWarnings(e, { asset: 'native', flags: { unknown: true } })).toEqual([]);
  });
});
