// @vitest-environment happy-dom
/**
 * The home asks the background one thing at a time: a balances ask that outlasts the heads
 * between (a busy machine proving held tokens' balances) is not stacked with more of the same,
 * which would hold up an approval window's own proofs; one asked meanwhile runs once when it ends.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { cleanup, render } from './dom.ts';
import { fakeWallet } from './fixtures.ts';

const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe("the home's asks", () => {
  it('balances: heads while an ask is out add one more ask after it, not one each', async () => {
    let now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    const api = fakeWallet();
    const answer = await api.balances();
    const pending: ((v: typeof answer) => void)[] = [];
    const balances = vi.fn(() => new Promise<typeof answer>((resolve) => pending.push(resolve)));
    (api as { balances: unknown }).balances = balances;
    const el = document.body.appendChild(document.createElement('div'));
    const show = (headBlock: number) => act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, view: 'home', headBlock }), el));
    await show(100);
    await flush();
    expect(balances).toHaveBeenCalledTimes(1);
    // Three heads, each past the 4 s interval, while the first ask is still out.
    for (const head of [101, 102, 103]) {
      now += 5000;
      await show(head);
      await flush();
    }
    expect(balances).toHaveBeenCalledTimes(1);
    await act(async () => pending.shift()!(answer));
    await flush();
    // The heads asked meanwhile: one more ask, now.
    expect(balances).toHaveBeenCalledTimes(2);
    await act(async () => pending.shift()!(answer));
    await flush();
    expect(balances).toHaveBeenCalledTimes(2);
  });
});
