// @vitest-environment happy-dom
/**
 * The wallet tab's forced exits from real rollups: the route with its real delays in words,
 * shown at once for a delayed, stalled or frozen rollup and on "Show the exit route" otherwise;
 * "Start forced exit" with an amount at most the proven L2 balance (Max fills it); each exit's
 * step, what it waits for and until when as a date and time, its sent transactions, its errors in
 * words; where the card sits in the wallet tab.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RollupExitRoute, RollupExitView } from '../../../src/ui/api.ts';
import { BackgroundError } from '../../../src/ui/api.ts';
import { aboutDuration as aboutDelay } from '../../../src/core/units.ts';
import { explainExitError, RollupExitsCard } from '../../../src/ui/components/rollup-exits-card.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { ALICE, exitRoute, exitView, fakeWallet, NOW, rollupExitView, walletState } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

async function show(routes: RollupExitRoute[], exits: RollupExitView[], api = fakeWallet(), onStarted = () => {}) {
  const el = document.body.appendChild(document.createElement('div'));
  await act(async () => render(h(RollupExitsCard, { api: api as never, state: walletState(), routes, exits, now: NOW, onStarted }), el));
  await flush();
  return { el, api };
}

function type(input: Element, value: string) {
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('delays in words', () => {
  it('says about how long', () => {
    expect(aboutDelay(7 * 86_400)).toBe('about 7 days');
    expect(aboutDelay(3.5 * 86_400)).toBe('about 3.5 days');
    expect(aboutDelay(86_400)).toBe('about 24 hours');
    expect(aboutDelay(3600)).toBe('about 60 minutes');
    expect(aboutDelay(12 * 3600)).toBe('about 12 hours');
    expect(aboutDelay(60)).toBe('about 60 seconds');
    expect(aboutDelay(1)).toBe('about 1 second');
  });

  it('explains the exit refusals', () => {
    expect(explainExitError({ code: 'EXIT_UNDER_WAY', message: 'x' })).toContain('already under way');
    expect(explainExitError({ code: 'EXIT_NOT_AVAILABLE', message: 'x' })).toContain('no forced-exit route');
    expect(explainExitError({ code: 'NOT_AVAILABLE', message: "the L2 RPC's eth_getProof" })).toContain('tries again at the next verified head');
    expect(explainExitError({ code: 'L2_INSUFFICIENT_BALANCE', message: 'x' })).toContain('proven L2 balance');
  });
});

describe('a rollup with an exit route', () => {
  it('healthy: its liveness, the route behind "Show the exit route"', async () => {
    const { el } = await show([exitRoute()], []);
    expect(byTestId(el, 'rollup-exit-liveness')!.textContent).toBe('healthy');
    expect(byTestId(el, 'exit-route')).toBeNull();
    expect(byTestId(el, 'rollup-exit-start')).toBeNull();
    await act(async () => (byTestId(el, 'rollup-exit-show') as HTMLElement).click());
    const steps = allByTestId(el, 'exit-route-step');
    expect(steps.map((s) => s.getAttribute('data-step'))).toEqual(['initiate', 'prove', 'finalize']);
    expect(allByTestId(el, 'exit-route-delay').map((d) => d.textContent)).toEqual(['then about 12 hours', 'then about 7 days']);
    expect(steps[0]!.textContent).toContain('your wallet (an L1 transaction)');
    expect(el.textContent).toContain('delays read at L1 block 1234');
    expect(byTestId(el, 'rollup-exit-show')!.textContent).toBe('Hide the exit route');
  });

  for (const liveness of ['delayed', 'stalled', 'frozen'] as const) {
    it(`${liveness}: the route and the start form at once, with a warning`, async () => {
      const { el } = await show([exitRoute({ liveness })], []);
      expect(byTestId(el, 'exit-route')).not.toBeNull();
      expect(byTestId(el, 'rollup-exit-start')).not.toBeNull();
      expect(byTestId(el, 'rollup-exit-show')).toBeNull();
      expect(el.textContent).toContain(`OP Mainnet is ${liveness} (proven on L1)`);
    });
  }

  it('starts an exit of at most the proven balance: Max fills it, more is refused before asking', async () => {
    const onStarted = vi.fn();
    const { el, api } = await show([exitRoute({ liveness: 'stalled' })], [], fakeWallet(), onStarted);
    expect(api.rollupExitBalance).toHaveBeenCalledWith({ rollupChainId: 10, address: ALICE });
    expect(byTestId(el, 'rollup-exit-balance')!.textContent).toBe('2.5 ETH proven on L2 (block 123456)');
    await act(async () => type(byTestId(el, 'rollup-exit-amount')!, '2.6'));
    expect(byTestId(el, 'rollup-exit-problem')!.textContent).toBe('more than the proven L2 balance');
    expect((byTestId(el, 'rollup-exit-submit') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => (byTestId(el, 'rollup-exit-max') as HTMLElement).click());
    expect((byTestId(el, 'rollup-exit-amount') as HTMLInputElement).value).toBe('2.5');
    expect(byTestId(el, 'rollup-exit-problem')).toBeNull();
    await act(async () => (byTestId(el, 'rollup-exit-submit') as HTMLElement).click());
    await flush();
    expect(api.calls.filter((c) => c.method === 'startRollupExit').map((c) => c.args)).toEqual([[{ rollupChainId: 10, address: ALICE, amount: '2500000000000000000' }]]);
    expect(onStarted).toHaveBeenCalledTimes(1);
  });

  it("says the background's refusal in words", async () => {
    const api = fakeWallet();
    api.startRollupExitError = new BackgroundError('EXIT_UNDER_WAY', 'an exit is under way');
    const { el } = await show([exitRoute({ liveness: 'frozen' })], [], api);
    await act(async () => type(byTestId(el, 'rollup-exit-amount')!, '1'));
    await act(async () => (byTestId(el, 'rollup-exit-submit') as HTMLElement).click());
    await flush();
    const note = byTestId(el, 'rollup-exit-start-error')!;
    expect(note.getAttribute('data-code')).toBe('EXIT_UNDER_WAY');
    expect(note.textContent).toContain('already under way');
  });

  it('offers no second exit of an account whose exit is under way', async () => {
    const { el } = await show([exitRoute({ liveness: 'stalled' })], [rollupExitView()]);
    expect(byTestId(el, 'rollup-exit-problem')!.textContent).toBe('an exit of this account is under way');
    expect((byTestId(el, 'rollup-exit-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('an exit row', () => {
  it('shows the step by its route title, what it waits for until a date and time, and each sent transaction', async () => {
    const until = NOW / 1000 + 7 * 86_400;
    const { el } = await show([exitRoute()], [rollupExitView({ waiting: { reason: 'the proof waits out the challenge period', until } })]);
    const row = byTestId(el, 'rollup-exit-row')!;
    expect(byTestId(row, 'rollup-exit-step')!.textContent).toBe('Prove the withdrawal');
    expect(row.textContent).toContain('1.5 ETH · owner Account 1 · 0x90F8…c9C1');
    const waiting = byTestId(row, 'rollup-exit-waiting')!;
    expect(waiting.getAttribute('data-until')).toBe(String(until));
    expect(waiting.textContent).toBe(`Waiting: the proof waits out the challenge period — until ${new Date(until * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC (in about 7 days)`);
    const sent = byTestId(row, 'rollup-exit-sent')!;
    expect(sent.querySelector('[data-label="initiate"]')!.textContent).toMatch(/^initiate: 0xabab…abab sent \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  });

  it('a wait that is due says so; a problem of a step under way is a warning, a failed exit an error', async () => {
    const { el } = await show(
      [exitRoute()],
      [
        rollupExitView({ id: 'a', waiting: { reason: 'ready', until: NOW / 1000 - 5 }, error: { code: 'NOT_AVAILABLE', message: "the L2 RPC's eth_getProof (proof)" } }),
        rollupExitView({ id: 'b', step: 'failed', terminal: true, waiting: undefined, error: { code: 'EXIT_TX_REVERTED', message: 'reverted 3 times' } }),
      ],
    );
    const [a, b] = allByTestId(el, 'rollup-exit-row');
    expect(byTestId(a!, 'rollup-exit-until')!.textContent).toContain('due now: at the next verified head');
    expect(byTestId(a!, 'rollup-exit-error')!.className).toContain('warn');
    expect(byTestId(a!, 'rollup-exit-error')!.textContent).toContain('tries again at the next verified head');
    expect(byTestId(b!, 'rollup-exit-step')!.textContent).toBe('Failed');
    expect(byTestId(b!, 'rollup-exit-error')!.className).toContain('bad');
    expect(byTestId(b!, 'rollup-exit-error')!.textContent).toContain('reverted (its gas is spent)');
  });

  it('keeps archived exits under "Past exits", and exits of rollups not followed now apart', async () => {
    const { el } = await show([exitRoute()], [rollupExitView({ id: 'now' }), rollupExitView({ id: 'old', step: 'done', terminal: true, archivedAt: 5 }), rollupExitView({ id: 'gone', rollupChainId: 8453 })]);
    const past = byTestId(el, 'rollup-exit-past')!;
    expect(past.querySelector('summary')!.textContent).toBe('Past exits (1)');
    expect(allByTestId(past, 'rollup-exit-row').map((r) => r.getAttribute('data-exit-id'))).toEqual(['old']);
    expect(allByTestId(byTestId(el, 'rollup-exit-others')!, 'rollup-exit-row').map((r) => r.getAttribute('data-exit-id'))).toEqual(['gone']);
  });
});

describe('in the wallet tab', () => {
  async function mount(api: ReturnType<typeof fakeWallet>) {
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, now: NOW }), el));
    await flush();
    await flush();
    return el;
  }

  it('is not shown without a rollup that has an exit route or an exit', async () => {
    const api = fakeWallet();
    const el = await mount(api);
    expect(api.rollupExitRoutes).toHaveBeenCalled();
    expect(byTestId(el, 'rollup-exits-card')).toBeNull();
  });

  it("sits after the devnet's exits card, and a started exit is listed", async () => {
    const api = fakeWallet();
    api.exitRows = [exitView({ step: 'waiting' })];
    api.exitRoutes = [exitRoute({ liveness: 'frozen' })];
    const el = await mount(api);
    const card = byTestId(el, 'rollup-exits-card')!;
    expect(byTestId(el, 'exits-card')!.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await act(async () => type(byTestId(card, 'rollup-exit-amount')!, '0.5'));
    await act(async () => (byTestId(card, 'rollup-exit-submit') as HTMLElement).click());
    await flush();
    await flush();
    expect(allByTestId(el, 'rollup-exit-row').map((r) => r.getAttribute('data-step'))).toEqual(['initiate']);
  });
});
