// @vitest-environment happy-dom
/**
 * A rollup that changed under Vigil, in the popup: its card on the Rollups tab says what changed
 * and since which L1 block (not the generic "upgraded" sentence), and the Rollups tab shows each
 * account there with its last proven balance, its age and L2 block, never as current, and no
 * exit or transfer from it.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { RollupView } from '../../../src/ui/api.ts';
import { RollupsCard } from '../../../src/ui/components/rollups-card.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { staleBalanceWords } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, fakeWallet, l2Account, rollupView, status } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

const CHANGE = {
  kind: 'game-type' as const,
  words: 'Vigil needs an update to follow OP Sepolia: its dispute games changed to type 9 by L1 block 7000123',
  l1Block: { number: 7_000_123, exact: false },
  expected: '0',
  got: '9',
};

function changed(overrides: Partial<RollupView> = {}): RollupView {
  return rollupView({
    chainId: 11155420,
    name: 'OP Sepolia',
    state: 'error',
    liveness: null,
    facts: null,
    signals: [],
    batch: null,
    root: null,
    proof: null,
    tier: null,
    l1: null,
    error: { code: 'OP_RESPECTED_GAME_TYPE_CHANGED', message: "the AnchorStateRegistry's respected game type is not the config's: expected 0, got 9" },
    change: CHANGE,
    ...overrides,
  });
}

afterEach(cleanup);

describe('a changed rollup on the Rollups tab', () => {
  it('says what changed and since which L1 block, with the code and the pins, and nothing it kept', () => {
    const el = document.body.appendChild(document.createElement('div'));
    render(h(RollupsCard, { rollups: [changed()], now: status().now }), el);
    const card = byTestId(el, 'rollup-card')!;
    const note = byTestId(card, 'rollup-change')!;
    expect(note.firstElementChild!.textContent).toBe(CHANGE.words);
    expect(note.getAttribute('data-kind')).toBe('game-type');
    expect(note.getAttribute('data-code')).toBe('OP_RESPECTED_GAME_TYPE_CHANGED');
    expect(note.textContent).toContain('the config pins 0, L1 now holds 9');
    // Not the generic sentence, and no liveness, batch or proof it may have kept.
    expect(byTestId(card, 'rollup-error')).toBeNull();
    expect(card.textContent).not.toContain('upgraded to code this version of Vigil does not know');
    expect(byTestId(card, 'rollup-liveness')).toBeNull();
    expect(byTestId(card, 'rollup-batch')).toBeNull();
    expect(byTestId(card, 'rollup-state')!.textContent).toBe('not verified');
  });

  it('keeps the generic error note for a failure that is not a change', () => {
    const el = document.body.appendChild(document.createElement('div'));
    const { change: _c, ...plain } = changed({ error: { code: 'L2_CONTRACT_MISMATCH', message: 'x' } });
    render(h(RollupsCard, { rollups: [plain as RollupView], now: status().now }), el);
    expect(byTestId(el, 'rollup-change')).toBeNull();
    expect(byTestId(el, 'rollup-error')!.getAttribute('data-code')).toBe('L2_CONTRACT_MISMATCH');
  });
});

describe('an account on a changed rollup on the Rollups tab', () => {
  it('shows the last proven balance with its age and L2 block, marked not current, and offers no exit', async () => {
    const api = fakeWallet();
    api.l2Rows = [
      l2Account({
        rollupChainId: 11155420,
        rollupName: 'OP Sepolia',
        index: null,
        publicKey: null,
        balance: '1500000000000000000',
        batch: 4242,
        proof: 'not-applicable',
        evm: { unit: 'L2 block', status: 'finalized', claim: null, acceptedAt: 1, acceptedAgeSeconds: 600 },
        stale: { l2Block: 4242, provenAt: 1_800_000_000, provenAgeSeconds: 3 * 86_400, change: CHANGE },
      }),
    ];
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, view: 'rollups' }), el));
    await flush();
    await flush();
    const row = el.querySelector('[data-testid="l2-row"]')!;
    expect(row.getAttribute('data-stale')).toBe('true');
    expect(row.getAttribute('data-address')).toBe(ALICE.toLowerCase());
    const balance = byTestId(row, 'l2-balance')!;
    expect(balance.textContent).toBe('1.5 ETH (not current)');
    expect(balance.classList.contains('unproven')).toBe(true);
    expect(byTestId(row, 'l2-stale')!.textContent).toBe('1.5 ETH, proven 3 days ago at L2 block 4,242 — not current: Vigil needs an update to follow OP Sepolia');
    expect(byTestId(row, 'l2-change')!.firstElementChild!.textContent).toBe(CHANGE.words);
    // Nothing is offered from a rollup Vigil cannot follow now, and nothing says "proven" as current.
    expect(byTestId(row, 'l2-exit')).toBeNull();
    expect(row.textContent).not.toContain('✓');
  });

  it('words a stale balance as the example does', () => {
    expect(staleBalanceWords('1.5 ETH', 3 * 86_400, 123, 'OP Sepolia')).toBe('1.5 ETH, proven 3 days ago at L2 block 123 — not current: Vigil needs an update to follow OP Sepolia');
    expect(staleBalanceWords('2 ETH', undefined, 7, 'Scroll', 'batch')).toBe('2 ETH, proven at batch 7 — not current: Vigil needs an update to follow Scroll');
  });
});
