// @vitest-environment happy-dom
/**
 * The connect window proposes the account chosen in the popup (not the first), each account with
 * its proven balance; a connected site asking to change its accounts (EIP-2255
 * wallet_requestPermissions) finds the ones it sees now chosen, and the choice replaces them.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_KEY } from '../../../src/ui/account-choice.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, fakeWallet } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

async function mount(api: ReturnType<typeof fakeWallet>) {
  const el = root();
  await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: 60_000, close: vi.fn(), closeDelayMs: 1000, armDelayMs: 0 }), el));
  await flush();
  return el;
}

const connect = (details: Record<string, unknown> = {}) => ({ id: 'c1', kind: 'connect' as const, origin: 'https://app.example', status: 'pending' as const, locked: false, network: null, details });
const checked = (el: Element) => (allByTestId(el, 'approval-account') as HTMLInputElement[]).map((b) => [b.value, b.checked]);

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('the connect window', () => {
  it('proposes the account chosen in the popup, and shows each account with its proven balance', async () => {
    localStorage.setItem(ACCOUNT_KEY, BOB);
    const api = fakeWallet();
    api.approval = connect();
    const el = await mount(api);
    expect(checked(el)).toEqual([
      [ALICE, false],
      [BOB, true],
    ]);
    const shown = allByTestId(el, 'approval-account-balance').map((b) => b.textContent);
    expect(shown[0]).toMatch(/^2(\.0+)? ETH proven$/);
    expect(shown[1]).toBe('balance not proven');
    await act(async () => (byTestId(el, 'approval-approve') as HTMLElement).click());
    await flush();
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args).toEqual(['c1', true, [BOB]]);
  });

  it('proposes the first account when the popup chose none, or one the wallet no longer has', async () => {
    localStorage.setItem(ACCOUNT_KEY, '0x' + '99'.repeat(20));
    const api = fakeWallet();
    api.approval = connect();
    expect(checked(await mount(api))).toEqual([
      [ALICE, true],
      [BOB, false],
    ]);
  });

  it('a connected site asking to change its accounts finds the ones it sees chosen, and is told it sees them now', async () => {
    localStorage.setItem(ACCOUNT_KEY, ALICE);
    const api = fakeWallet();
    api.approval = connect({ granted: [BOB.toLowerCase()] });
    const el = await mount(api);
    expect(byTestId(el, 'approval-connect-ask')!.textContent).toContain('The site sees 1 of your accounts now');
    expect(checked(el)).toEqual([
      [ALICE, false],
      [BOB, true],
    ]);
    await act(async () => (allByTestId(el, 'approval-account')[0] as HTMLElement).click());
    await act(async () => (byTestId(el, 'approval-approve') as HTMLElement).click());
    await flush();
    expect(api.calls.find((c) => c.method === 'resolveApproval')!.args).toEqual(['c1', true, [ALICE, BOB]]);
  });
});
