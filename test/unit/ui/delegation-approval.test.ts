// @vitest-environment happy-dom
/**
 * The popup's EIP-7702 delegation (issue 41) in the UI: the approval window's own view of it (what
 * the code is and becomes, the chain it applies on, delegations per chain; a refusal offers only
 * Close), the unknown-delegate warning on every kind of approval that signs for an account (a batch
 * and a delegation too, beside the transaction and message kinds test/unit/ui/delegation.test.ts
 * covers), and the account card's one button: "Make this a smart account" where the network names a
 * pinned delegate, "Revoke delegation" for a delegated account.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AccountBalances, AccountDelegation, ApprovalView } from '../../../src/ui/api.ts';
import { AccountsCard } from '../../../src/ui/components/accounts-card.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../src/wallet/eip7702-pin.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, balances, fakeWallet, transactionApproval, walletState } from './fixtures.ts';

const DELEGATE = '0x' + '5e'.repeat(20);
const PINNED = '0x' + '9f'.repeat(20);
const UNKNOWN: AccountDelegation = { kind: 'delegated', delegate: DELEGATE, delegateCode: { codeHash: '0x' + '77'.repeat(32), known: null } };
const KNOWN: AccountDelegation = { kind: 'delegated', delegate: PINNED, delegateCode: { codeHash: SIMPLE_7702_ACCOUNT.codeHash, known: SIMPLE_7702_ACCOUNT.name } };

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(cleanup);

function withDelegation(delegation: AccountDelegation): AccountBalances {
  const b = balances();
  b.accounts = b.accounts.map((a) => (a.address === ALICE && 'balance' in a ? { ...a, delegation } : a));
  return b;
}

function delegationView(over: Record<string, unknown> = {}): ApprovalView {
  return {
    id: 'd1',
    kind: 'delegation',
    origin: 'vigil',
    status: 'pending',
    locked: false,
    network: { id: 'devnet', chainId: 31337, name: 'Vigil devnet' },
    details: {
      from: ALICE, action: 'delegate', chainId: 31337, chainName: 'Vigil devnet', before: { kind: 'none' },
      after: { kind: 'delegated', delegate: PINNED, known: SIMPLE_7702_ACCOUNT.name }, delegate: PINNED, delegateName: SIMPLE_7702_ACCOUNT.name,
      authorizationNonce: '6', maxCost: '1000000000000000', verdict: { ok: true, facts: {}, refusals: [], warnings: [] }, ...over,
    },
  } as ApprovalView;
}

async function mount(view: ApprovalView, delegation: AccountDelegation) {
  const api = fakeWallet();
  api.approval = view;
  vi.mocked(api.balances).mockResolvedValue(withDelegation(delegation));
  const el = root();
  await act(async () => render(h(ApprovalApp, { api, id: view.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
  await flush();
  await flush();
  return el;
}

describe('the delegation window', () => {
  it('says what the code is and becomes, on which chain, and that delegations are per chain', async () => {
    const el = await mount(delegationView(), { kind: 'none' });
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Make 0x90F8…c9C1 a smart account on Vigil devnet');
    expect(byTestId(el, 'delegation-before')!.textContent).toBe('No code: a plain account');
    expect(byTestId(el, 'delegation-after')!.textContent).toContain(SIMPLE_7702_ACCOUNT.name);
    expect(byTestId(el, 'delegation-chain')!.textContent).toBe('Vigil devnet (chain 31337)');
    expect(byTestId(el, 'delegation-per-chain')!.textContent).toContain('Delegations are per chain: this one applies on Vigil devnet (chain 31337) only');
    expect(byTestId(el, 'approval-approve')).not.toBeNull();
  });

  it('a revocation names address 0 and what the account becomes', async () => {
    const el = await mount(delegationView({ action: 'revoke', before: { kind: 'delegated', delegate: DELEGATE, known: null }, after: { kind: 'none' }, delegate: '0x' + '00'.repeat(20) }), UNKNOWN);
    expect(byTestId(el, 'approval-what')!.textContent).toContain('Revoke the delegation');
    expect(byTestId(el, 'delegation-before')!.textContent).toContain('unknown code');
    expect(byTestId(el, 'delegation-after')!.textContent).toBe('No code: a plain account');
  });

  it('a refused one offers only Close, with the refusal in words', async () => {
    const el = await mount(delegationView({ verdict: { ok: false, facts: {}, refusals: [{ code: 'INSUFFICIENT_VERIFIED_BALANCE', severity: 'refusal', message: 'not enough' }], warnings: [] } }), { kind: 'none' });
    expect(byTestId(el, 'approval-approve')).toBeNull();
    expect(byTestId(el, 'approval-close')).not.toBeNull();
    expect(el.textContent).toContain('not enough');
  });
});

describe('the unknown-delegate warning on every approval that signs', () => {
  const one = transactionApproval().details;
  const calls = transactionApproval({ id: 'b1', kind: 'calls' }, { batchId: '0xb1', from: ALICE, calls: [one], maxCost: '1', verdict: { ok: true, facts: {}, warnings: [] } });

  it('a batch and a delegation (a revocation of the unknown delegate) carry it', async () => {
    for (const view of [calls, delegationView({ action: 'revoke', before: { kind: 'delegated', delegate: DELEGATE, known: null }, after: { kind: 'none' } })]) {
      const el = await mount(view, UNKNOWN);
      expect(byTestId(el, 'approval-unknown-delegate'), view.kind).not.toBeNull();
      cleanup();
    }
  });

  it('none for the pinned delegate', async () => {
    const el = await mount(delegationView(), KNOWN);
    expect(byTestId(el, 'approval-unknown-delegate')).toBeNull();
  });
});

describe("the account card's delegation button", () => {
  async function card(delegation: AccountDelegation, offered: boolean) {
    const api = { ...fakeWallet(), delegate: vi.fn(() => new Promise<string>(() => {})) };
    const el = root();
    await act(async () => render(h(AccountsCard, { api, state: walletState(), balances: withDelegation(delegation), onState: () => {}, delegationOffered: offered }), el));
    const alice = [...el.querySelectorAll<HTMLElement>('[data-testid="wallet-account"]')].find((r) => r.dataset.address === ALICE)!;
    return { api, alice };
  }

  it('offers "Make this a smart account" where the network names a pinned delegate, and asks the background', async () => {
    const { api, alice } = await card({ kind: 'none' }, true);
    const button = alice.querySelector<HTMLButtonElement>('[data-testid="account-delegate"]')!;
    expect(button.textContent).toBe('Make this a smart account');
    await act(async () => button.click());
    expect(api.delegate).toHaveBeenCalledWith({ from: ALICE, action: 'delegate' });
    expect(alice.querySelector('[data-testid="delegation-asked"]')).not.toBeNull();
  });

  it('offers nothing to delegate where the network names none', async () => {
    const { alice } = await card({ kind: 'none' }, false);
    expect(alice.querySelector('[data-testid="account-delegate"]')).toBeNull();
  });

  it('offers "Revoke delegation" for a delegated account, known or not, wherever it is', async () => {
    for (const d of [UNKNOWN, KNOWN]) {
      const { api, alice } = await card(d, false);
      const button = alice.querySelector<HTMLButtonElement>('[data-testid="account-revoke-delegation"]')!;
      expect(button.textContent).toBe('Revoke delegation');
      await act(async () => button.click());
      expect(api.delegate).toHaveBeenCalledWith({ from: ALICE, action: 'revoke' });
      cleanup();
    }
  });
});
