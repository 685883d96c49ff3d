// @vitest-environment happy-dom
/**
 * The popup's wallet in happy-dom: onboarding (the backup check refuses wrong words), the
 * unlock form's errors in words; the home (the account's proven balance with its badge, tokens,
 * the send form's exact ETH → wei conversion, activity), the accounts behind "Manage", and
 * Settings' wallet part (connected sites, security); and the amount helpers.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import fc from 'fast-check';
import { encodeFunctionData, erc20Abi } from 'viem';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackgroundError } from '../../../src/ui/api.ts';
import { readSecret } from '../../../src/ui/components/onboarding/onboarding.ts';
import { readSend, sendAssets } from '../../../src/ui/components/send-form.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { explainWalletError, formatEth, formatUnits, parseUnits, toQuantity } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, CAROL, fakeWallet, walletState, WORDS } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());
async function type(el: Element, id: string, value: string) {
  await act(async () => {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function mount(api: ReturnType<typeof fakeWallet>, props: Record<string, unknown> = {}) {
  const el = root();
  await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, ...props }), el));
  await flush();
  return el;
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('amounts', () => {
  it('turns "1.5" ETH into 0x14d1120d7b160000 wei exactly, with bigints', () => {
    const p = parseUnits('1.5', 18);
    expect(p).toEqual({ ok: true, value: 1_500_000_000_000_000_000n });
    expect(toQuantity(1_500_000_000_000_000_000n)).toBe('0x14d1120d7b160000');
    // Digits a float would lose are kept.
    expect(parseUnits('0.123456789012345678', 18)).toEqual({ ok: true, value: 123_456_789_012_345_678n });
    expect(parseUnits('12345678901234567890.000000000000000001', 18)).toEqual({ ok: true, value: 12_345_678_901_234_567_890_000_000_000_000_000_001n });
    expect(parseUnits('.5', 18)).toEqual({ ok: true, value: 500_000_000_000_000_000n });
    expect(parseUnits('0', 18)).toEqual({ ok: true, value: 0n });
  });

  it('refuses what is not an amount, in words', () => {
    expect(parseUnits('', 18)).toMatchObject({ ok: false, reason: 'enter an amount' });
    expect(parseUnits('1e18', 18).ok).toBe(false);
    expect(parseUnits('-1', 18).ok).toBe(false);
    expect(parseUnits('1.2.3', 18).ok).toBe(false);
    expect(parseUnits('.', 18).ok).toBe(false);
    expect(parseUnits('0.0000000000000000001', 18)).toMatchObject({ ok: false, reason: 'at most 18 decimal places' });
    expect(parseUnits('1' + '0'.repeat(60), 18)).toMatchObject({ ok: false, reason: 'the amount is too large' });
  });

  it('formats wei as ETH exactly', () => {
    expect(formatEth('1500000000000000000')).toBe('1.5 ETH');
    expect(formatEth(1n)).toBe('0.000000000000000001 ETH');
    expect(formatEth(0n)).toBe('0 ETH');
    expect(formatEth(1234n * 10n ** 18n)).toBe('1,234 ETH');
    expect(formatUnits(-499958000000000000n, 18)).toBe('-0.499958');
    expect(formatUnits('1500000', 6)).toBe('1.5');
    expect(formatUnits(7n, 0)).toBe('7');
  });

  it('reads the send form: addresses and amounts checked before anything is sent', () => {
    expect(readSend({ from: ALICE, to: ` ${BOB} `, value: '1.5' })).toEqual({ ok: true, request: { from: ALICE, to: BOB, value: '0x14d1120d7b160000' } });
    expect(readSend({ from: ALICE, to: '0x1234', value: '1' })).toMatchObject({ ok: false, field: 'to' });
    expect(readSend({ from: ALICE, to: BOB, value: 'abc' })).toMatchObject({ ok: false, field: 'value' });
  });

  it('reads a token send as the ERC-20 transfer viem encodes, in the token\'s own decimals', () => {
    const token = { kind: 'token' as const, address: CAROL, symbol: 'USDC', decimals: 6 };
    const read = readSend({ from: ALICE, to: BOB, value: '12.345678' }, token);
    expect(read).toEqual({
      ok: true,
      request: { from: ALICE, to: CAROL, value: '0x0', data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, 12_345_678n] }) },
    });
    // More decimals than the token has is refused, never rounded.
    expect(readSend({ from: ALICE, to: BOB, value: '0.0000001' }, token)).toMatchObject({ ok: false, field: 'value' });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.integer({ min: 0, max: 36 }), (amount, decimals) => {
        const r = readSend({ from: ALICE, to: BOB, value: formatUnits(amount, decimals).replace(/,/g, '') }, { ...token, decimals });
        expect(r).toMatchObject({ ok: true, request: { data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [BOB, amount] }) } });
      }),
      { numRuns: 200 },
    );
  });

  it('offers ether and the followed tokens that keep the rule, never one stored against it', () => {
    const tokens = [
      { address: CAROL, symbol: 'VTA', decimals: 18 },
      { address: BOB, symbol: 'BAD', decimals: 18, problem: 'its symbol breaks the rule' },
    ];
    expect(sendAssets({ at: null, accounts: [], tokens }).map((a) => (a.kind === 'eth' ? 'ETH' : a.symbol))).toEqual(['ETH', 'VTA']);
    expect(sendAssets(null)).toEqual([{ kind: 'eth' }]);

  });

  it('tells a private key from a recovery phrase', () => {
    expect(readSecret('  ' + 'ab'.repeat(32))).toEqual({ privateKey: '0x' + 'ab'.repeat(32) });
    expect(readSecret(WORDS.join('  ').toUpperCase())).toEqual({ mnemonic: WORDS.join(' ') });
    expect(readSecret('one two three')).toHaveProperty('error');
  });
});

describe('onboarding', () => {
  it('shows 12 words, then refuses a backup check with a wrong word', async () => {
    const api = fakeWallet(walletState({ exists: false, locked: true, accounts: [] }));
    const el = await mount(api, { pickPositions: () => [2, 7, 11] });
    await click(el, 'onboard-create');
    await flush();
    expect(allByTestId(el, 'onboard-word').map((w) => w.textContent)).toEqual(WORDS);
    await click(el, 'onboard-words-done');
    expect(allByTestId(el, 'onboard-check-2')).toHaveLength(1);
    expect(el.querySelectorAll('[data-testid^="onboard-check-"]')).toHaveLength(3);
    await type(el, 'onboard-check-2', WORDS[1]!);
    await type(el, 'onboard-check-7', 'zebra');
    await type(el, 'onboard-check-11', WORDS[10]!);
    await click(el, 'onboard-verify');
    expect(byTestId(el, 'onboard-check-error')!.textContent).toContain('#7');
    expect(byTestId(el, 'onboard-password')).toBeNull();
    expect(api.calls.filter((c) => c.method === 'createWallet')).toEqual([]);
  });

  it('creates the wallet after the right words and a password of 8 or more, typed twice', async () => {
    const api = fakeWallet(walletState({ exists: false, locked: true, accounts: [] }));
    const el = await mount(api, { pickPositions: () => [1, 5, 12] });
    await click(el, 'onboard-create');
    await flush();
    await click(el, 'onboard-words-done');
    await type(el, 'onboard-check-1', ` ${WORDS[0]!.toUpperCase()} `);
    await type(el, 'onboard-check-5', WORDS[4]!);
    await type(el, 'onboard-check-12', WORDS[11]!);
    await click(el, 'onboard-verify');
    await type(el, 'onboard-password', 'short');
    await type(el, 'onboard-password2', 'short');
    await click(el, 'onboard-submit');
    expect(byTestId(el, 'onboard-password-error')!.textContent).toContain('at least 8');
    await type(el, 'onboard-password', 'a good password');
    await type(el, 'onboard-password2', 'a good passw0rd');
    await click(el, 'onboard-submit');
    expect(byTestId(el, 'onboard-password-error')!.textContent).toContain('differ');
    await type(el, 'onboard-password2', 'a good password');
    await click(el, 'onboard-submit');
    await flush();
    expect(api.calls.find((c) => c.method === 'createWallet')!.args).toEqual([{ password: 'a good password', mnemonic: WORDS.join(' ') }]);
    expect(byTestId(el, 'home-account')!.getAttribute('data-address')).toBe(ALICE);
  });

  it('imports a private key', async () => {
    const api = fakeWallet(walletState({ exists: false, locked: true, accounts: [] }));
    const el = await mount(api);
    await click(el, 'onboard-import');
    await type(el, 'onboard-secret', 'cd'.repeat(32));
    await type(el, 'onboard-password', 'a good password');
    await type(el, 'onboard-password2', 'a good password');
    await click(el, 'onboard-submit');
    await flush();
    expect(api.calls.find((c) => c.method === 'createWallet')!.args).toEqual([{ password: 'a good password', privateKey: '0x' + 'cd'.repeat(32) }]);
  });
});

describe('unlock', () => {
  it('says "Wrong password" for WRONG_PASSWORD and unlocks with the right one', async () => {
    const api = fakeWallet(walletState({ locked: true }));
    const el = await mount(api);
    await type(el, 'unlock-password', 'nope nope');
    await click(el, 'unlock-submit');
    await flush();
    const error = byTestId(el, 'unlock-error')!;
    expect(error.textContent).toBe('Wrong password');
    expect(error.getAttribute('data-code')).toBe('WRONG_PASSWORD');
    await type(el, 'unlock-password', 'correct horse');
    await click(el, 'unlock-submit');
    await flush();
    expect(byTestId(el, 'unlock-password')).toBeNull();
    expect(byTestId(el, 'home-account-select')!.querySelectorAll('option')).toHaveLength(2);
  });

  it('says until when to wait after too many tries', () => {
    const retryAt = new Date(2027, 0, 2, 13, 4, 5).getTime();
    const e = new BackgroundError('PASSWORD_BACKOFF', 'too many wrong passwords: wait before the next try', `a try at or after ${retryAt}`, `${retryAt - 4000}`);
    expect(explainWalletError(e)).toBe('Too many tries: wait until 13:04:05');
    expect(explainWalletError({ code: 'PASSWORD_BACKOFF', message: 'wait' })).toContain('Too many tries');
  });
});

describe('the unlocked wallet', () => {
  it("shows the account's proven balance large with its badge, and its tokens; another account chosen, its own", async () => {
    const api = fakeWallet();
    const el = await mount(api);
    expect(byTestId(el, 'home-account')!.getAttribute('data-address')).toBe(ALICE);
    expect(byTestId(el, 'home-balance')!.textContent).toBe('2 ETH');
    expect(byTestId(el, 'home-proof')!.textContent).toBe('Proven at block 1,234');
    expect(byTestId(el, 'home-proof')!.getAttribute('data-kind')).toBe('proven');
    expect(allByTestId(el, 'followed-token').map((t) => t.textContent)).toEqual(['USDC 0x22d4…e32b1.5 USDC']);
    // Bob's balance did not verify: not shown, and the badge says Vigil refused the endpoint's answer.
    await act(async () => {
      const select = byTestId(el, 'home-account-select') as HTMLSelectElement;
      select.value = BOB;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(byTestId(el, 'home-account')!.getAttribute('data-address')).toBe(BOB);
    expect(byTestId(el, 'home-balance')!.textContent).toBe('—');
    expect(byTestId(el, 'home-proof')!.textContent).toBe('Endpoint refused');
    expect(byTestId(el, 'home-proof')!.getAttribute('title')).toContain('PROOF_VALUE_MISMATCH');
    expect(byTestId(el, 'token-balance')).toBeNull();
    // Send starts from the account shown.
    await click(el, 'home-send');
    expect((byTestId(el, 'send-from') as HTMLSelectElement).value).toBe(BOB);
    // The choice is kept for the next opening of the popup.
    render(null, el);
    const again = await mount(api);
    expect(byTestId(again, 'home-account')!.getAttribute('data-address')).toBe(BOB);
  });

  it('lists each account with its proven balance, the block it was proven at, and tokens behind "Manage"', async () => {
    const api = fakeWallet();
    const el = await mount(api);
    expect(byTestId(el, 'wallet-account')).toBeNull();
    await click(el, 'home-manage');
    const rows = allByTestId(el, 'wallet-account');
    expect(rows.map((r) => byTestId(r, 'wallet-address')!.textContent)).toEqual([ALICE, BOB]);
    expect(rows[1]!.textContent).toContain('Savings');
    expect(byTestId(rows[0]!, 'wallet-balance')!.textContent).toBe('2 ETH');
    expect(byTestId(rows[0]!, 'wallet-provenance')!.textContent).toContain('proven at block 1,234');
    expect(byTestId(rows[0]!, 'wallet-token')!.textContent).toContain('1.5 USDC');
    // A balance that could not be proven is not shown, and says why.
    expect(byTestId(rows[1]!, 'wallet-balance')!.textContent).toBe('not proven');
    expect(byTestId(rows[1]!, 'wallet-provenance')!.textContent).toContain('PROOF_VALUE_MISMATCH');
  });

  it('sends 1.5 ETH as 0x14d1120d7b160000 wei and says to confirm in the Vigil window', async () => {
    const api = fakeWallet();
    let settle!: (hash: string) => void;
    api.sendResult = new Promise((r) => (settle = r));
    const el = await mount(api);
    await click(el, 'home-send');
    await type(el, 'send-to', 'not an address');
    await type(el, 'send-value', '1.5');
    await click(el, 'send-submit');
    expect(byTestId(el, 'send-error')!.textContent).toContain('Recipient');
    expect(api.calls.filter((c) => c.method === 'send')).toEqual([]);
    await type(el, 'send-to', BOB);
    await click(el, 'send-submit');
    expect(api.calls.find((c) => c.method === 'send')!.args).toEqual([{ from: ALICE, to: BOB, value: '0x14d1120d7b160000' }]);
    expect(byTestId(el, 'send-note')!.textContent).toContain('Confirm in the Vigil window');
    await act(async () => settle('0x' + 'cd'.repeat(32)));
    await flush();
    expect(byTestId(el, 'send-note')!.textContent).toContain('Sent: 0xcdcdcd');
  });

  it('lists activity ("included in block N" only with a verified receipt, "final" once finalized) and revokes a site', async () => {
    const api = fakeWallet();
    const base = { chainId: 1337, networkId: 'devnet', from: ALICE, to: BOB, nonce: '1', value: '1000000000000000000', maxCost: '1', raw: '0x', origin: 'vigil', summary: 'Send 1 ETH', createdAt: 1, updatedAt: 1 };
    api.activityRows = [
      { ...base, hash: '0x' + '01'.repeat(32), status: 'included', receipt: { blockNumber: 1200, blockHash: '0x' + '02'.repeat(32), gasUsed: '21000', status: 1 }, settledIn: { blockNumber: 1200, blockHash: '0x' + '02'.repeat(32), final: false } },
      { ...base, hash: '0x' + '03'.repeat(32), status: 'pending', createdAt: 2 },
      { ...base, hash: '0x' + '04'.repeat(32), status: 'pending', createdAt: 3, exitStep: true as const, summary: 'Force the withdrawal' },
    ];
    api.sites = [{ origin: 'https://app.example', accounts: [ALICE], lastUsedAt: Date.now() }];
    const el = await mount(api);
    await flush();
    // Sites are Settings'.
    expect(byTestId(el, 'site-row')).toBeNull();
    const all = allByTestId(el, 'activity-row');
    expect(all.map((r) => r.getAttribute('data-status'))).toEqual(['pending', 'pending', 'included']);
    // A forced exit's step can be sped up or cancelled too; its exit follows.
    expect(byTestId(all[0]!, 'activity-speed-up')).not.toBeNull();
    expect(byTestId(all[0]!, 'activity-cancel')).not.toBeNull();
    expect(all[0]!.textContent).toContain('A step of a forced exit: it follows a speed-up');
    expect(all[1]!.textContent).not.toContain('forced exit');
    const rows = all.slice(1);
    expect(rows[1]!.textContent).toContain('in block 1,200, not final yet (verified receipt)');
    expect(rows[0]!.textContent).not.toContain('block 1,200');
    // Only the waiting one can be sped up or cancelled.
    expect(byTestId(rows[1]!, 'activity-speed-up')).toBeNull();
    await act(async () => (byTestId(rows[0]!, 'activity-speed-up') as HTMLElement).click());
    expect(api.calls.find((c) => c.method === 'replaceTransaction')!.args).toEqual(['0x' + '03'.repeat(32), 'speedUp']);
    expect(byTestId(rows[0]!, 'activity-note')!.textContent).toContain('Confirm in the Vigil window');
    render(null, el);
    const settingsEl = await mount(api, { view: 'settings' });
    await flush();
    const site = byTestId(settingsEl, 'site-row')!;
    expect(site.textContent).toContain('https://app.example');
    expect(site.textContent).toContain('0x90F8…c9C1');
    await act(async () => (byTestId(site, 'site-revoke') as HTMLElement).click());
    await flush();
    expect(api.calls.find((c) => c.method === 'revoke')!.args).toEqual(['https://app.example']);
    expect(allByTestId(settingsEl, 'site-row')).toHaveLength(0);
  });

  it('asks the password to add an account or reveal the phrase, and locks', async () => {
    const api = fakeWallet();
    const settingsEl = await mount(api, { view: 'settings' });
    await click(settingsEl, 'reveal-open');
    await type(settingsEl, 'reveal-password', 'correct horse');
    await click(settingsEl, 'reveal-submit');
    await flush();
    expect(allByTestId(settingsEl, 'reveal-word').map((w) => w.textContent)).toEqual(WORDS);
    await click(settingsEl, 'reveal-hide');
    expect(byTestId(settingsEl, 'reveal-word')).toBeNull();
    render(null, settingsEl);
    const el = await mount(api);
    await click(el, 'home-manage');
    await click(el, 'wallet-add-account');
    await type(el, 'wallet-add-password', 'wrong one');
    await click(el, 'wallet-add-submit');
    await flush();
    expect(byTestId(el, 'wallet-add-error')!.textContent).toBe('Wrong password');
    await type(el, 'wallet-add-password', 'correct horse');
    await click(el, 'wallet-add-submit');
    await flush();
    expect(allByTestId(el, 'wallet-account')).toHaveLength(3);
    await click(el, 'accounts-back');
    expect(byTestId(el, 'home-account-select')!.querySelectorAll('option')).toHaveLength(3);
    await click(el, 'wallet-lock');
    await flush();
    expect(byTestId(el, 'unlock-password')).not.toBeNull();
  });

  it('changes the password: the repetition checked here, a wrong current one said in words, success said', async () => {
    const api = fakeWallet();
    const el = await mount(api, { view: 'settings' });
    await click(el, 'passwd-open');
    await type(el, 'passwd-current', 'wrong one');
    await type(el, 'passwd-new', 'a new good password');
    await type(el, 'passwd-again', 'a new good passwort');
    await click(el, 'passwd-submit');
    expect(byTestId(el, 'passwd-error')!.textContent).toContain('differ');
    expect(api.calls.filter((c) => c.method === 'changePassword')).toEqual([]);
    await type(el, 'passwd-again', 'a new good password');
    await click(el, 'passwd-submit');
    await flush();
    expect(byTestId(el, 'passwd-error')!.textContent).toBe('Wrong password');
    expect(byTestId(el, 'passwd-error')!.getAttribute('data-code')).toBe('WRONG_PASSWORD');
    await type(el, 'passwd-current', 'correct horse');
    await click(el, 'passwd-submit');
    await flush();
    expect(api.calls.filter((c) => c.method === 'changePassword').map((c) => c.args)).toEqual([
      ['wrong one', 'a new good password'],
      ['correct horse', 'a new good password'],
    ]);
    expect(byTestId(el, 'passwd-note')!.textContent).toContain('Password changed');
    expect(byTestId(el, 'passwd-current')).toBeNull();
  });

  it('follows a token by its address alone (its symbol and decimals are its own), and removes one', async () => {
    const api = fakeWallet();
    const el = await mount(api);
    expect(byTestId(el, 'token-remove')).toBeNull();
    await click(el, 'tokens-manage');
    expect(allByTestId(el, 'followed-token').map((t) => t.textContent)).toEqual(['USDC 0x22d4…e32b1.5 USDCRemove']);
    await click(el, 'token-open');
    await type(el, 'token-address', BOB);
    await click(el, 'token-add');
    await flush();
    expect(api.calls.find((c) => c.method === 'addToken')!.args).toEqual([{ address: BOB }]);
    await click(el, 'token-remove');
    await flush();
    expect(api.calls.find((c) => c.method === 'removeToken')!.args).toEqual([CAROL]);
  });
});

describe('hostile stored tokens', () => {
  const HUGE = 'W'.repeat(2_000_000);
  const HOSTILE = [
    { address: CAROL, symbol: HUGE, decimals: 6 },
    { address: BOB, symbol: 'USD\u202eC', decimals: 1e9 },
    { address: ALICE, symbol: { not: 'text' }, decimals: -1 },
    { address: '0x' + '11'.repeat(20), symbol: 'FINE', decimals: 1.5 },
    { address: '0x' + '22'.repeat(20), symbol: 'OK', decimals: 2 },
    { address: '0x' + '33'.repeat(20), symbol: 'MARKED', decimals: 2, problem: 'the symbol is longer than 11 characters' },
    { address: 42, symbol: 'NOADDR', decimals: 1 },
    null,
  ];

  it('offers only the stored token that keeps the rule in the send form', () => {
    expect(sendAssets({ at: null, accounts: [], tokens: HOSTILE as never }).map((a) => (a.kind === 'eth' ? 'ETH' : a.symbol))).toEqual(['ETH', 'OK']);
  });

  it('renders whatever a page stored: marked by address, in base units, nothing of the hostile text, each removable', async () => {
    const api = fakeWallet();
    vi.mocked(api.balances).mockResolvedValue({
      at: { blockNumber: 1234, blockHash: '0x' + 'ab'.repeat(32), timestamp: 1 },
      accounts: [
        {
          address: ALICE,
          balance: '2000000000000000000',
          nonce: '3',
          delegation: { kind: 'none' },
          tokens: [
            { token: CAROL, balance: '1500000' },
            { token: BOB, balance: '7' },
            { token: ALICE, balance: 'not a number' },
            { token: '0x' + '11'.repeat(20), balance: '5' },
            { token: '0x' + '22'.repeat(20), balance: '150' },
            { token: '0x' + '33'.repeat(20), balance: '9' },
            { token: '0x' + '44'.repeat(20), balance: '1' },
          ],
        },
        { address: BOB, error: 'PROOF_VALUE_MISMATCH: the proof says otherwise' },
      ],
      tokens: HOSTILE as never,
    });
    const el = await mount(api);
    await click(el, 'home-manage');
    const rows = allByTestId(allByTestId(el, 'wallet-account')[0]!, 'wallet-token');
    expect(rows.map((r) => r.textContent)).toEqual([
      '0x22d4…e32b?1,500,000 base units',
      '0xFFcf…09f0?7 base units',
      '0x90F8…c9C1??',
      '0x1111…1111?5 base units',
      'OK1.5 OK',
      '0x3333…3333?9 base units',
      '0x4444…4444?1 base units',
    ]);
    expect(allByTestId(el, 'wallet-token-marked')).toHaveLength(6);
    expect(el.textContent).not.toContain('WWWW');
    expect(el.textContent).not.toContain('\u202e');
    expect(el.textContent).not.toContain('MARKED');
    await click(el, 'accounts-back');
    await click(el, 'tokens-manage');
    expect(el.textContent).not.toContain('WWWW');
    expect(el.textContent).not.toContain('\u202e');
    expect(el.textContent).not.toContain('MARKED');
    const followed = allByTestId(el, 'followed-token');
    expect(followed.map((t) => t.textContent)).toEqual([
      '0x22d4…e32bunchecked1,500,000 base unitsRemove',
      '0xFFcf…09f0unchecked7 base unitsRemove',
      '0x90F8…c9C1unchecked?Remove',
      '0x1111…1111unchecked5 base unitsRemove',
      'OK 0x2222…22221.5 OKRemove',
      '0x3333…3333unchecked9 base unitsRemove',
    ]);
    await act(async () => (byTestId(followed[1]!, 'token-remove') as HTMLElement).click());
    await flush();
    expect(api.calls.find((c) => c.method === 'removeToken')!.args).toEqual([BOB]);
  });
});
