// @vitest-environment happy-dom
/**
 * The exit card's fixes (src/ui/components/exits-card.ts and its popup.css section), with the
 * extension's own stylesheet loaded: a step's title on its own line above its words (a 50 px
 * label column broke titles one word a line over the text beside them), a status pill that wraps
 * (a long step title in a nowrap pill scrolled the popup sideways), the start form picking first
 * an account with something on the rollup (from the L2 views the popup holds), and an account with
 * no L2 account there said calmly in words, not as a red error code.
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExitRouteView, ExitView, L2AccountView } from '../../../src/ui/api.ts';
import { BackgroundError } from '../../../src/ui/api.ts';
import { defaultExitAccount, ExitsCard } from '../../../src/ui/components/exits-card.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, devnetRoute, exitRoute, exitView, fakeWallet, l2Account, NOW, walletState } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

beforeAll(() => {
  const style = document.createElement('style');
  style.textContent = readFileSync(`${process.cwd()}/extension/popup.css`, 'utf8');
  document.head.appendChild(style);
});

afterEach(cleanup);

async function show(routes: ExitRouteView[], exits: ExitView[], api = fakeWallet(), l2Accounts?: L2AccountView[]) {
  const el = document.body.appendChild(document.createElement('div'));
  await act(async () => render(h(ExitsCard, { api: api as never, state: walletState(), routes, exits, now: NOW, onStarted: () => {}, ...(l2Accounts ? { l2Accounts } : {}) }), el));
  await flush();
  return { el, api };
}

describe('the steps of an exit at 360 px', () => {
  it("puts each step's title on its own line above its words, with no fixed narrow width", async () => {
    const { el } = await show([devnetRoute()], [exitView({ step: 'waiting' })]);
    const step = allByTestId(el, 'exit-step')[0]!;
    const label = step.querySelector('.exit-step-label')!;
    expect(getComputedStyle(step).flexDirection).toBe('column');
    expect(getComputedStyle(label).width).not.toBe('50px');
    expect(getComputedStyle(label).flexBasis ?? '').not.toBe('50px');
    // The words can break anywhere rather than push the card wider.
    expect(getComputedStyle(step.querySelector('.exit-step-text')!).overflowWrap).toBe('anywhere');
  });

  it('lets the status pill and its line wrap instead of scrolling the popup sideways', async () => {
    const { el } = await show([devnetRoute()], [exitView({ step: 'waiting' })]);
    const pill = byTestId(el, 'exit-step-pill')!;
    expect(pill.textContent!.length).toBeGreaterThan(0);
    expect(getComputedStyle(pill).whiteSpace).not.toBe('nowrap');
    expect(getComputedStyle(pill.parentElement!).flexWrap).toBe('wrap');
    // The rollup's own liveness pill and line too.
    expect(getComputedStyle(byTestId(el, 'exit-liveness')!).whiteSpace).not.toBe('nowrap');
    expect(getComputedStyle(byTestId(el, 'exit-liveness')!.parentElement!).flexWrap).toBe('wrap');
  });
});

describe('the account the start form picks first', () => {
  it('is the first account with a balance on that rollup, from the L2 views', async () => {
    const views = [l2Account({ address: ALICE, rollupChainId: 10, balance: '0' }), l2Account({ address: BOB, rollupChainId: 10, balance: '7' }), l2Account({ address: ALICE, rollupChainId: 901 })];
    const { el, api } = await show([exitRoute({ liveness: 'stalled' })], [], fakeWallet(), views);
    expect((byTestId(el, 'exit-account') as HTMLSelectElement).value).toBe(BOB);
    expect(api.exitBalance).toHaveBeenCalledWith({ rollupChainId: 10, address: BOB });
    expect(api.exitBalance).not.toHaveBeenCalledWith({ rollupChainId: 10, address: ALICE });
  });

  it('ignores a stale or unread balance and other rollups; with none funded, the first account', () => {
    const state = walletState();
    const stale = l2Account({ address: ALICE, rollupChainId: 10, balance: '5', stale: { l2Block: 1, provenAt: 1, change: {} as never } });
    expect(defaultExitAccount(state, 10, [stale, l2Account({ address: BOB, rollupChainId: 10, balance: '1' })])).toBe(BOB);
    expect(defaultExitAccount(state, 10, [l2Account({ address: BOB, rollupChainId: 10, balance: null })])).toBe(ALICE);
    expect(defaultExitAccount(state, 10, [l2Account({ address: BOB, rollupChainId: 901, balance: '9' })])).toBe(ALICE);
    expect(defaultExitAccount(state, 10, undefined)).toBe(ALICE);
    expect(defaultExitAccount(walletState({ accounts: [] }), 10, [])).toBe('');
  });

  it("keeps the user's own pick when the L2 views come later", async () => {
    const api = fakeWallet();
    const el = document.body.appendChild(document.createElement('div'));
      const card = (l2Accounts: L2AccountView[]) => h(ExitsCard, { api: api as never, state: walletState(), routes: [exitRoute({ liveness: 'stalled' })], exits: [], now: NOW, onStarted: () => {}, l2Accounts });
    await act(async () => render(card([]), el));
    await flush();
    expect((byTestId(el, 'exit-account') as HTMLSelectElement).value).toBe(ALICE);
    // The views arrive: the default follows them until the user picks.
    await act(async () => render(card([l2Account({ address: BOB, rollupChainId: 10, balance: '7' })]), el));
    await flush();
    expect((byTestId(el, 'exit-account') as HTMLSelectElement).value).toBe(BOB);
    const select = byTestId(el, 'exit-account') as HTMLSelectElement;
    select.value = ALICE;
    await act(async () => void select.dispatchEvent(new Event('change', { bubbles: true })));
    await act(async () => render(card([l2Account({ address: BOB, rollupChainId: 10, balance: '8' })]), el));
    await flush();
    expect((byTestId(el, 'exit-account') as HTMLSelectElement).value).toBe(ALICE);
  });
});

describe('an account with nothing on the rollup', () => {
  it('is said in words, calmly, with no red error and no code; Start stays off', async () => {
    const api = fakeWallet();
    vi.mocked(api.exitBalance).mockImplementation(async () => {
      throw new BackgroundError('L2_NO_ACCOUNT', 'no L2 account of 0x90f8… on chain 901');
    });
    const { el } = await show([devnetRoute()], [], api);
    const balance = byTestId(el, 'exit-balance')!;
    expect(balance.textContent).toBe('This account has nothing on Vigil ZK devnet.');
    expect(balance.getAttribute('role')).toBe('status');
    expect(byTestId(el, 'exit-start-error')).toBeNull();
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(el.textContent).not.toContain('L2_NO_ACCOUNT');
    expect(byTestId(el, 'exit-problem')).toBeNull();
    expect((byTestId(el, 'exit-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('goes when another account is picked, whose balance is then proven', async () => {
    const api = fakeWallet();
    vi.mocked(api.exitBalance).mockImplementation(async (p: { rollupChainId: number; address: string }) => {
      if (p.address === ALICE) throw new BackgroundError('L2_NO_ACCOUNT', 'no L2 account');
      return { rollupChainId: p.rollupChainId, address: p.address.toLowerCase(), balance: '2500000000000000000', l2Block: 123456, l1BlockNumber: 1234 };
    });
    const { el } = await show([devnetRoute()], [], api);
    expect(byTestId(el, 'exit-balance')!.getAttribute('data-nothing')).toBe('true');
    const select = byTestId(el, 'exit-account') as HTMLSelectElement;
    select.value = BOB;
    await act(async () => void select.dispatchEvent(new Event('change', { bubbles: true })));
    await flush();
    expect(byTestId(el, 'exit-balance')!.textContent).toBe('2.5 ETH proven on L2 (block 123456): the exit takes all of it');
    expect(byTestId(el, 'exit-balance')!.getAttribute('data-nothing')).toBeNull();
    expect((byTestId(el, 'exit-submit') as HTMLButtonElement).disabled).toBe(false);
  });

  it('other refusals stay errors, in words with their code', async () => {
    const api = fakeWallet();
    vi.mocked(api.exitBalance).mockImplementation(async () => {
      throw new BackgroundError('L2_PROOF_INVALID', 'the proof does not verify');
    });
    const { el } = await show([devnetRoute()], [], api);
    expect(byTestId(el, 'exit-start-error')!.getAttribute('data-code')).toBe('L2_PROOF_INVALID');
  });
});
