// @vitest-environment happy-dom
/**
 * The wallet tab's forced exits: each step of the machine in words (what is proven, what is
 * awaited) with its stage highlighted, the countdown to the forced deadline from the record's
 * deadline and the status' clock, the amount recovered from the escape's receipt, a problem of a
 * step under way explained as a warning, a failed exit's last note and error; where the card
 * sits in the wallet tab and when the exits are read.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExitView } from '../../../src/ui/api.ts';
import { ExitsCard, stageStates } from '../../../src/ui/components/exits-card.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { explainL2Error } from '../../../src/ui/format.ts';
import { ALICE, ESCAPE_TX, exitView, FREEZE_TX, fakeWallet, l2Account, NOW, REQUEST_TX, rollupView, walletState } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function show(exits: ExitView[], now = NOW): Element {
  const el = document.body.appendChild(document.createElement('div'));
  render(h(ExitsCard, { exits, now, state: walletState(), rollupName: (id: number) => (id === 901 ? 'Vigil ZK devnet' : undefined) }), el);
  return el;
}

/** The one exit row's stages as [stage, state] and the current (or failed) stage's words. */
function stages(el: Element) {
  const steps = allByTestId(el, 'exit-step');
  const current = steps.find((s) => s.getAttribute('aria-current') === 'step');
  return {
    states: steps.map((s) => [s.getAttribute('data-stage'), s.getAttribute('data-state')]),
    current: current?.getAttribute('data-stage'),
    text: current?.querySelector('.exit-step-text')!.textContent,
    of: (stage: string) => steps.find((s) => s.getAttribute('data-stage') === stage)!.querySelector('.exit-step-text')!.textContent,
  };
}

describe('an exit row', () => {
  it('names the rollup, the L2 account, the owner and the amount proven when it started', () => {
    const el = show([exitView()]);
    const row = byTestId(el, 'exit-row')!;
    expect(row.getAttribute('data-exit-id')).toBe('901:3');
    expect(row.getAttribute('data-step')).toBe('request');
    expect(row.textContent).toContain('Vigil ZK devnet · chain 901');
    expect(row.textContent).toContain('L2 account #3');
    // The owner as the wallet names it, checksummed.
    expect(row.textContent).toContain('owner Account 1 · 0x90F8…c9C1');
    expect(byTestId(row, 'exit-amount')!.textContent).toBe('1.25 ETH proven on L2 when the exit started');
  });

  it('request: sending, nothing proven yet', () => {
    const el = show([exitView({ step: 'request' })]);
    const s = stages(el);
    expect(s.states).toEqual([
      ['request', 'current'],
      ['waiting', 'todo'],
      ['freeze', 'todo'],
      ['escape', 'todo'],
      ['done', 'todo'],
    ]);
    expect(s.text).toBe('sending the forced withdrawal request (requestForcedWithdrawal) on L1');
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Requesting');
    expect(byTestId(el, 'exit-countdown')).toBeNull();
  });

  it('requesting: the request sent, its receipt awaited in a verified block', () => {
    const el = show([exitView({ step: 'requesting' })]);
    const s = stages(el);
    expect(s.current).toBe('request');
    expect(s.text).toBe('request sent (tx 0x1234…3434): waiting for its receipt in a verified block');
    expect(el.querySelector(`[title="${REQUEST_TX}"]`)).not.toBeNull();
  });

  it('waiting: queued with its entry, the countdown to the forced deadline from the deadline and the status clock', () => {
    const el = show([exitView({ step: 'waiting' })]);
    const s = stages(el);
    expect(s.states.slice(0, 2)).toEqual([
      ['request', 'done'],
      ['waiting', 'current'],
    ]);
    expect(s.of('request')).toBe('requested (tx 0x1234…3434): queued on L1 as entry #7');
    expect(s.text).toBe('queued on L1 (entry #7); the sequencer may still process it, else freeze is allowed in 42 s');
    const countdown = byTestId(el, 'exit-countdown')!;
    expect(countdown.textContent).toBe('in 42 s');
    expect(countdown.getAttribute('data-deadline')).toBe(String(NOW / 1000 + 42));
  });

  it('counts down as the status clock moves, then says freeze is allowed now', () => {
    const exit = exitView({ step: 'waiting', deadline: NOW / 1000 + 300 });
    const el = document.body.appendChild(document.createElement('div'));
    const at = (now: number) => render(h(ExitsCard, { exits: [exit], now }), el);
    at(NOW);
    expect(byTestId(el, 'exit-countdown')!.textContent).toBe('in 5 min');
    at(NOW + 259_000);
    expect(byTestId(el, 'exit-countdown')!.textContent).toBe('in 41 s');
    at(NOW + 299_500);
    expect(byTestId(el, 'exit-countdown')!.textContent).toBe('in 1 s');
    at(NOW + 300_000);
    expect(byTestId(el, 'exit-countdown')!.textContent).toBe('now');
    expect(stages(el).text).toBe('queued on L1 (entry #7); the sequencer may still process it, else freeze is allowed now: the wallet freezes the rollup at the next verified head');
  });

  it('waiting before the entry time is proven: no countdown, the words say what is awaited', () => {
    const el = show([exitView({ step: 'waiting', deadline: undefined })]);
    expect(byTestId(el, 'exit-countdown')).toBeNull();
    expect(stages(el).text).toBe("queued on L1 (entry #7); the sequencer may still process it, else freeze is allowed once the entry's time is proven at a verified head");
  });

  it('freeze and freezing: the rollup being frozen, then the freeze transaction awaited', () => {
    let s = stages(show([exitView({ step: 'freeze' })]));
    expect(s.current).toBe('freeze');
    expect(s.text).toBe('freezing the rollup: the deadline passed, the wallet sends freeze()');
    expect(s.of('waiting')).toBe('the forced deadline passed without the sequencer processing it');
    document.body.innerHTML = '';
    s = stages(show([exitView({ step: 'freezing' })]));
    expect(s.current).toBe('freeze');
    expect(s.text).toBe('freezing the rollup (tx 0x5678…7878): waiting for its receipt in a verified block');
    expect(document.querySelector(`[title="${FREEZE_TX}"]`)).not.toBeNull();
  });

  it("escape and escaping: the account's Merkle proof against the last finalized root", () => {
    let s = stages(show([exitView({ step: 'escape' })]));
    expect(s.current).toBe('escape');
    expect(s.text).toContain("escaping with the account's Merkle proof against the last finalized root");
    expect(s.text).toContain('once the proof checks');
    expect(s.of('freeze')).toBe('frozen (tx 0x5678…7878)');
    document.body.innerHTML = '';
    s = stages(show([exitView({ step: 'escaping' })]));
    expect(s.current).toBe('escape');
    expect(s.text).toBe("escaping with the account's Merkle proof against the last finalized root (tx 0x9abc…bcbc): waiting for its receipt in a verified block");
  });

  it('escaped: the amount recovered from the escape, every stage done', () => {
    const el = show([exitView({ step: 'escaped', escape: { hash: ESCAPE_TX, at: 1, amount: '1240000000000000000' } })]);
    const s = stages(el);
    expect(s.states.every(([, state]) => state === 'done')).toBe(true);
    expect(s.current).toBeUndefined();
    // From escape.amount (the Escaped log), not the balance at the start.
    expect(byTestId(el, 'exit-recovered')!.textContent).toBe('recovered 1.24 ETH on L1 (escape tx 0x9abc…bcbc)');
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Recovered');
    expect(el.textContent).not.toContain('signs itself');
  });

  it('frozen already when it started: straight to the escape, request and wait not needed', () => {
    const exit = exitView({ step: 'escape', history: [{ step: 'request', at: 1 }, { step: 'escape', at: 2, note: 'the rollup is frozen already' }] });
    delete exit.request;
    delete exit.freeze;
    delete exit.deadline;
    const s = stages(show([exit]));
    expect(s.states.slice(0, 4)).toEqual([
      ['request', 'done'],
      ['waiting', 'skipped'],
      ['freeze', 'skipped'],
      ['escape', 'current'],
    ]);
    expect(s.of('request')).toBe('not needed: the rollup was frozen already');
    expect(s.of('waiting')).toBe('not needed: the rollup was frozen already');
  });

  it('withdrawn: the sequencer processed the request and its batch paid the owner', () => {
    const exit = exitView({ step: 'withdrawn', withdrawn: { amount: null, batch: null }, history: [{ step: 'request', at: 1 }, { step: 'requesting', at: 2 }, { step: 'waiting', at: 3 }, { step: 'withdrawn', at: 4, note: 'a batch processed the forced withdrawal' }] });
    const el = show([exit]);
    const s = stages(el);
    expect(s.states).toEqual([
      ['request', 'done'],
      ['waiting', 'done'],
      ['freeze', 'skipped'],
      ['escape', 'skipped'],
      ['done', 'done'],
    ]);
    expect(s.of('done')).toBe('the sequencer processed the request: its batch paid the owner on L1');
    expect(s.of('freeze')).toBe('not needed: a batch processed the request');
    expect(byTestId(el, 'exit-recovered')).toBeNull();
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Withdrawn');
  });

  it("failed: the history's last note and the error, as a problem", () => {
    const history = [...exitView({ step: 'freezing' }).history, { step: 'failed' as const, at: NOW / 1000, note: 'freeze() reverted 3 times' }];
    const el = show([exitView({ step: 'failed', reverts: 3, history, error: { code: 'EXIT_TX_REVERTED', message: 'freeze() reverted 3 times on L1' } })]);
    const s = stages(el);
    expect(s.current).toBe('done');
    expect(s.states.at(-1)).toEqual(['done', 'failed']);
    expect(s.text).toBe('failed: freeze() reverted 3 times');
    const error = byTestId(el, 'exit-error')!;
    expect(error.classList.contains('bad')).toBe(true);
    expect(error.getAttribute('data-code')).toBe('EXIT_TX_REVERTED');
    expect(error.textContent).toContain('stops after 3 reverts');
    expect(error.textContent).toContain('freeze() reverted 3 times on L1');
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Failed');
    expect(byTestId(el, 'exit-history')!.textContent).toContain('3 reverted');
  });

  it('shows a problem of a step under way as a warning with its code explained', () => {
    const cases: [string, string, string][] = [
      ['EXIT_TX_REVERTED', 'requestForcedWithdrawal reverted on L1', 'tries the step again at the next verified head'],
      ['L2_PROOF_ROOT_MISMATCH', 'the proof of account 3 does not hash to the root', 'does not match the root L1 accepted'],
      ['L2_OWNER_MISMATCH', 'the proof is not of account 3 owned by 0x90f8', 'belongs to another L1 address'],
      ['STALE_HEAD', 'the newest verified head is 95 s old', 'no recent verified L1 head'],
      ['INSUFFICIENT_VERIFIED_BALANCE', 'the proven balance 0 ETH does not cover the gas', 'does not cover the L1 gas'],
      ['L2_PROOF_INVALID', 'the account proof does not verify', 'Vigil signs no escape with it'],
    ];
    for (const [code, message, words] of cases) {
      document.body.innerHTML = '';
      const el = show([exitView({ step: 'escape', error: { code, message } })]);
      const error = byTestId(el, 'exit-error')!;
      expect(error.getAttribute('data-code')).toBe(code);
      expect(error.classList.contains('warn')).toBe(true);
      expect(error.textContent).toContain(words);
      expect(error.textContent).toContain(code);
      expect(error.textContent).toContain(message);
    }
  });

  it('does not show an error a finished exit kept', () => {
    const el = show([exitView({ step: 'escaped', error: { code: 'EXIT_TX_REVERTED', message: 'freeze() reverted on L1' } })]);
    expect(byTestId(el, 'exit-error')).toBeNull();
  });

  it('keeps the history collapsed, with each step and its time', () => {
    const el = show([exitView({ step: 'waiting' })]);
    const history = byTestId(el, 'exit-history') as HTMLDetailsElement;
    expect(history.tagName).toBe('DETAILS');
    expect(history.open).toBe(false);
    expect(history.querySelector('summary')!.textContent).toBe('History (3)');
    const entries = allByTestId(history, 'exit-history-entry');
    expect(entries.map((e) => e.getAttribute('data-step'))).toEqual(['request', 'requesting', 'waiting']);
    expect(entries[0]!.textContent).toMatch(/^\d\d:\d\d:\d\d request$/);
  });

  it('lists each exit in the order given (the background answers newest first)', () => {
    const el = show([exitView({ step: 'waiting' }), exitView({ rollupChainId: 902, index: 5, step: 'escaped' })]);
    const rows = allByTestId(el, 'exit-row');
    expect(rows.map((r) => [r.getAttribute('data-exit-id'), r.getAttribute('data-step')])).toEqual([
      ['901:3', 'waiting'],
      ['902:5', 'escaped'],
    ]);
    expect(rows[1]!.textContent).toContain('Rollup · chain 902');
  });

  it('places each step in its stage', () => {
    const at = (step: ExitView['step']) => Object.entries(stageStates(exitView({ step }))).find(([, s]) => s === 'current' || s === 'failed')?.[0];
    expect(['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping'].map((s) => at(s as ExitView['step']))).toEqual(['request', 'request', 'waiting', 'freeze', 'freeze', 'escape', 'escape']);
    expect(at('failed')).toBe('done');
  });
});

describe('exits in the wallet tab', () => {
  async function mount(api: ReturnType<typeof fakeWallet>, props: Record<string, unknown> = {}) {
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, now: NOW, ...props }), el));
    await flush();
    await flush();
    return el;
  }

  it('are not shown while there are none', async () => {
    const api = fakeWallet();
    api.l2Rows = [l2Account()];
    const el = await mount(api);
    expect(api.exits).toHaveBeenCalled();
    expect(byTestId(el, 'exits-card')).toBeNull();
    expect(byTestId(el, 'l2-card')).not.toBeNull();
  });

  it('sit above the L2 accounts, named from the status rollups, counting against the status clock', async () => {
    const api = fakeWallet();
    api.l2Rows = [l2Account()];
    api.exitRows = [exitView({ step: 'waiting' })];
    const el = await mount(api, { rollups: [rollupView({ name: 'Named by status', liveness: 'stalled' })], now: NOW + 30_000 });
    const card = byTestId(el, 'exits-card')!;
    const l2 = byTestId(el, 'l2-card')!;
    expect(card.compareDocumentPosition(l2) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(card.textContent).toContain('Named by status · chain 901');
    expect(byTestId(card, 'exit-countdown')!.textContent).toBe('in 12 s');
    // The account's exit is under way: the row offers no second one.
    expect(byTestId(l2, 'l2-exit-underway')!.getAttribute('data-step')).toBe('waiting');
    expect(byTestId(l2, 'l2-exit')).toBeNull();
    expect(byTestId(l2, 'l2-exit-action')).toBeNull();
  });

  it('are read every 2 polls while one is under way, and on head changes only once all ended', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const api = fakeWallet();
    api.exitRows = [exitView({ step: 'waiting' })];
    const el = await mount(api, { pollMs: 1000, headBlock: 10 });
    const reads = () => vi.mocked(api.exits).mock.calls.length;
    const first = reads();
    await act(async () => void vi.advanceTimersByTime(2000));
    await flush();
    expect(reads()).toBe(first + 1);
    expect(byTestId(el, 'exit-row')!.getAttribute('data-step')).toBe('waiting');

    // The background moved it to its end: the next read shows it, and the 2 s reads stop.
    api.exitRows = [exitView({ step: 'escaped' })];
    await act(async () => void vi.advanceTimersByTime(2000));
    await flush();
    expect(byTestId(el, 'exit-row')!.getAttribute('data-step')).toBe('escaped');
    const settled = reads();
    await act(async () => void vi.advanceTimersByTime(10_000));
    await flush();
    expect(reads()).toBe(settled);

    // A new verified head reads them again.
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 1000, now: NOW, headBlock: 11 }), el));
    await flush();
    expect(reads()).toBe(settled + 1);
  });

  it('start from the L2 row: confirm in place, then the exit is listed and the row says it is under way', async () => {
    const api = fakeWallet();
    api.l2Rows = [l2Account()];
    const el = await mount(api, { rollups: [rollupView({ liveness: 'frozen', facts: { lastBatchAgeSeconds: 900, oldestQueuedAgeSeconds: 900, frozen: true } })] });
    await act(async () => (byTestId(el, 'l2-exit') as HTMLElement).click());
    expect(byTestId(el, 'l2-exit-confirm')!.textContent).toContain('escapes at once');
    expect(api.calls.filter((c) => c.method === 'startExit')).toEqual([]);
    await act(async () => (byTestId(el, 'l2-exit-start') as HTMLElement).click());
    await flush();
    expect(api.calls.filter((c) => c.method === 'startExit').map((c) => c.args)).toEqual([[{ rollupChainId: 901, address: ALICE }]]);
    const row = byTestId(el, 'exit-row')!;
    expect(row.getAttribute('data-exit-id')).toBe('901:3');
    expect(row.getAttribute('data-step')).toBe('request');
    expect(byTestId(el, 'l2-exit-confirm')).toBeNull();
    expect(byTestId(el, 'l2-exit-underway')).not.toBeNull();
  });
});

describe('exit error words', () => {
  it('explain the exit codes and the signing policy refusals of its steps', () => {
    expect(explainL2Error({ code: 'EXIT_TX_REVERTED', message: 'x' })).toContain('reverted (its gas is spent)');
    expect(explainL2Error({ code: 'STALE_HEAD', message: 'x' })).toContain('no recent verified L1 head');
    expect(explainL2Error({ code: 'WOULD_REVERT', message: 'x' })).toContain('signed nothing');
    expect(explainL2Error({ code: 'NONCE_NOT_VERIFIED', message: 'x' })).toContain('nonce is not proven');
    expect(explainL2Error({ code: 'FEE_BELOW_BASE_FEE', message: 'the fee cap 1 gwei is below the base fee' })).toBe('The signing policy refused to sign it: the fee cap 1 gwei is below the base fee');
    expect(explainL2Error({ code: 'TIMEOUT', message: 'the execution RPC did not answer' })).toContain('tries again at the next verified head');
  });
});
