// @vitest-environment happy-dom
/**
 * An account's EIP-7702 delegation in the popup and the approval window: the home says to whom the
 * account is delegated (the delegate's proven code hash on hover, known or not); every request that
 * signs for an account delegated to code Vigil does not know carries a warning, and one delegated
 * to the pinned Simple7702Account, or not delegated, carries none. Until the delegation is proven
 * (balances not come, refused, or the account's row an error) the window says "delegation not
 * checked" and a signature request cannot be approved.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountBalances, AccountDelegation, ApprovalView } from '../../../src/ui/api.ts';
import { AccountsCard } from '../../../src/ui/components/accounts-card.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { DelegationBadge } from '../../../src/ui/components/delegation.ts';
import { BalanceHero } from '../../../src/ui/components/home/balance-hero.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../src/wallet/eip7702-pin.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, balances, fakeWallet, transactionApproval, walletState } from './fixtures.ts';

const DELEGATE = '0x' + '5e'.repeat(20);
const HASH = '0x' + '77'.repeat(32);
const UNKNOWN: AccountDelegation = { kind: 'delegated', delegate: DELEGATE, delegateCode: { codeHash: HASH, known: null } };
const KNOWN: AccountDelegation = { kind: 'delegated', delegate: DELEGATE, delegateCode: { codeHash: SIMPLE_7702_ACCOUNT.codeHash, known: SIMPLE_7702_ACCOUNT.name } };

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(cleanup);

function withDelegation(delegation: AccountDelegation): AccountBalances {
  const b = balances();
  b.accounts = b.accounts.map((a) => (a.address === ALICE && 'balance' in a ? { ...a, delegation } : a));
  return b;
}

describe('the badge', () => {
  it('an unknown delegate: its short address, warned, its proven code hash on hover', async () => {
    const el = root();
    await act(async () => render(h(DelegationBadge, { delegation: UNKNOWN }), el));
    const badge = byTestId(el, 'account-delegation')!;
    expect(badge.textContent).toBe('Delegated to 0x5e5e…5e5e · unknown delegate');
    expect(badge.className).toContain('warn');
    expect(badge.dataset.known).toBe('false');
    expect(badge.title).toContain(HASH);
    expect(badge.title).toContain(DELEGATE);
    expect(badge.title).toContain('does not know');
  });

  it('the pinned delegator: named, known, not warned', async () => {
    const el = root();
    await act(async () => render(h(DelegationBadge, { delegation: KNOWN }), el));
    const badge = byTestId(el, 'account-delegation')!;
    expect(badge.textContent).toBe('Delegated to Simple7702Account (eth-infinitism, v0.8.0) · known to Vigil');
    expect(badge.className).not.toContain('warn');
    expect(badge.title).toContain(SIMPLE_7702_ACCOUNT.codeHash);
  });

  it('a delegate whose code could not be proven is unknown, with why on hover', async () => {
    const el = root();
    await act(async () => render(h(DelegationBadge, { delegation: { kind: 'delegated', delegate: DELEGATE, delegateCode: { error: 'PROOF_VALUE_MISMATCH: no' } } }), el));
    expect(byTestId(el, 'account-delegation')!.dataset.known).toBe('false');
    expect(byTestId(el, 'account-delegation')!.title).toContain('PROOF_VALUE_MISMATCH');
  });

  it("the account row shows it for the delegated account only", async () => {
    const api = fakeWallet();
    const el = root();
    await act(async () => render(h(AccountsCard, { api, state: walletState(), balances: withDelegation(UNKNOWN), onState: () => {} }), el));
    const rows = [...el.querySelectorAll<HTMLElement>('[data-testid="wallet-account"]')];
    const alice = rows.find((r) => r.dataset.address === ALICE)!;
    expect(alice.querySelector('[data-testid="account-delegation"]')!.textContent).toContain('unknown delegate');
    expect(rows.filter((r) => r.querySelector('[data-testid="account-delegation"]') !== null)).toHaveLength(1);
  });

  it('the home shows it under the balance; nothing for an account without a delegation', async () => {
    const at = { blockNumber: 1234, blockHash: '0x' + 'ab'.repeat(32), timestamp: 1 };
    const el = root();
    await act(async () => render(h(BalanceHero, { row: { address: ALICE, balance: '1', nonce: '0', tokens: [], delegation: UNKNOWN }, at }), el));
    expect(byTestId(el, 'account-delegation')!.textContent).toContain('unknown delegate');
    await act(async () => render(h(BalanceHero, { row: { address: ALICE, balance: '1', nonce: '0', tokens: [], delegation: { kind: 'none' } }, at }), el));
    expect(byTestId(el, 'account-delegation')).toBeNull();
  });
});

describe('the approval window', () => {
  async function mount(view: ApprovalView, delegation: AccountDelegation) {
    const api = fakeWallet();
    api.approval = view;
    vi.mocked(api.balances).mockResolvedValue(withDelegation(delegation));
    const el = root();
    await act(async () => render(h(ApprovalApp, { api, id: view.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
    await flush();
    await flush();
    return { el, api };
  }
  const message = (kind: 'personalSign' | 'typedData'): ApprovalView => ({
    id: 'm1',
    kind,
    origin: 'https://app.example',
    status: 'pending',
    locked: false,
    network: null,
    details: kind === 'personalSign' ? { address: ALICE, preview: { kind: 'text', text: 'hello' } } : { address: ALICE, preview: { primaryType: 'Mail', domain: {}, message: [] } },
  });

  it('flags a transaction, a message and typed data signed for an account delegated to an unknown delegate', async () => {
    for (const view of [transactionApproval(), message('personalSign'), message('typedData')]) {
      const { el } = await mount(view, UNKNOWN);
      const flag = byTestId(el, 'approval-unknown-delegate');
      expect(flag, view.kind).not.toBeNull();
      expect(flag!.textContent).toContain('0x5e5e…5e5e');
      expect(flag!.getAttribute('role')).toBe('alert');
      cleanup();
    }
  });

  it('no flag for the pinned delegator or for an account without a delegation', async () => {
    for (const delegation of [KNOWN, { kind: 'none' } as const]) {
      const { el } = await mount(transactionApproval(), delegation);
      expect(byTestId(el, 'approval-unknown-delegate')).toBeNull();
      cleanup();
    }
  });

  const approve = (el: Element) => byTestId(el, 'approval-approve') as HTMLButtonElement;

  it('fails closed: when the account\'s code cannot be proven the window says "delegation not checked", and a signature cannot be approved', async () => {
    const withheld = balances();
    withheld.accounts = withheld.accounts.map((a) => (a.address === ALICE ? { address: ALICE, error: 'CODE_HASH_MISMATCH: the endpoint served other code than proven' } : a));
    for (const view of [message('personalSign'), message('typedData')]) {
      const api = fakeWallet();
      api.approval = view;
      vi.mocked(api.balances).mockResolvedValue(withheld);
      const el = root();
      await act(async () => render(h(ApprovalApp, { api, id: view.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
      await flush();
      await flush();
      const note = byTestId(el, 'approval-delegation-unchecked');
      expect(note, view.kind).not.toBeNull();
      expect(note!.textContent).toMatch(/^Delegation not checked/);
      expect(note!.textContent).toContain('CODE_HASH_MISMATCH');
      expect(byTestId(el, 'approval-unknown-delegate')).toBeNull();
      expect(approve(el).disabled).toBe(true);
      expect(approve(el).dataset.armed).toBe('false');
      // A click on it anyway answers nothing.
      await act(async () => approve(el).click());
      expect(api.calls.filter((c) => c.method === 'resolveApproval')).toEqual([]);
      cleanup();
    }
  });

  it('says so when the balances could not be read at all, and for a transaction too', async () => {
    for (const view of [message('personalSign'), transactionApproval()]) {
      const api = fakeWallet();
      api.approval = view;
      vi.mocked(api.balances).mockRejectedValue(new Error('the app host did not answer'));
      const el = root();
      await act(async () => render(h(ApprovalApp, { api, id: view.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
      await flush();
      await flush();
      expect(byTestId(el, 'approval-delegation-unchecked')?.textContent, view.kind).toMatch(/^Delegation not checked: /);
      if (view.kind === 'personalSign') expect(approve(el).disabled).toBe(true);
      cleanup();
    }
  });

  it('arms Approve of a signature only once the delegation has come, and shows the warning it brings', async () => {
    const api = fakeWallet();
    const view = message('typedData');
    api.approval = view;
    let arrive: (b: AccountBalances) => void = () => {};
    vi.mocked(api.balances).mockReturnValue(new Promise((r) => (arrive = r)));
    const el = root();
    await act(async () => render(h(ApprovalApp, { api, id: view.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
    await flush();
    await flush();
    expect(byTestId(el, 'approval-delegation-unchecked')!.textContent).toMatch(/^Delegation not checked yet/);
    expect(approve(el).disabled).toBe(true);
    await act(async () => arrive(withDelegation(UNKNOWN)));
    await flush();
    expect(byTestId(el, 'approval-delegation-unchecked')).toBeNull();
    expect(byTestId(el, 'approval-unknown-delegate')).not.toBeNull();
    expect(approve(el).disabled).toBe(false);
  });

  it('warns that a 32-byte message may authorize a transaction for a delegated account (a user operation hash), for no other', async () => {
    const bare = (): ApprovalView => ({ ...message('personalSign'), details: { address: ALICE, preview: { kind: 'hex', hex: '0x' + 'ab'.repeat(32) }, bareHash: true } });
    for (const delegation of [UNKNOWN, KNOWN]) {
      const { el } = await mount(bare(), delegation);
      const flag = byTestId(el, 'approval-bare-hash');
      expect(flag).not.toBeNull();
      expect(flag!.textContent).toContain('may authorize a transaction');
      expect(flag!.getAttribute('role')).toBe('alert');
      cleanup();
    }
    // Not delegated, or not 32 bytes: no such warning.
    const { el: plain } = await mount(bare(), { kind: 'none' });
    expect(byTestId(plain, 'approval-bare-hash')).toBeNull();
    cleanup();
    const { el: text } = await mount(message('personalSign'), UNKNOWN);
    expect(byTestId(text, 'approval-bare-hash')).toBeNull();
  });

  it('a request that signs nothing (connect) flags no delegation; it reads the balances once, to show them beside the accounts', async () => {
    const { el, api } = await mount({ id: 'c1', kind: 'connect', origin: 'https://app.example', status: 'pending', locked: false, network: null, details: {} }, UNKNOWN);
    expect(byTestId(el, 'approval-unknown-delegate')).toBeNull();
    expect(api.balances).toHaveBeenCalledTimes(1);
  });
});
