// @vitest-environment happy-dom
/**
 * The wallet tab's one card of forced exits, for every followed rollup with an exit route (the
 * devnet rollup and the real ones alike, from the background's data): per rollup, the route with
 * its real delays in words, shown at once for a delayed, stalled or frozen rollup and on "Show the
 * exit route" otherwise; "Start forced exit" with the proven L2 balance (an amount at most it where
 * the exit may take part of it, Max fills it). Each exit: its steps along the route with the
 * current one highlighted, what it waits for and until when (counting down against the status'
 * clock), its sent transactions, what was recovered, a problem of a step under way as a warning
 * and a failed exit's as an error, in words; its history; past exits apart. Where the card sits in
 * the wallet tab and when the exits are read.
 */
import { readFileSync } from 'node:fs';
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aboutDuration as aboutDelay } from '../../../src/core/units.ts';
import type { ExitRouteView, ExitView } from '../../../src/ui/api.ts';
import { BackgroundError } from '../../../src/ui/api.ts';
import { ExitsCard, stageStates } from '../../../src/ui/components/exits-card.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { explainExitError, explainL2Error } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, devnetRoute, ESCAPE_TX, EXIT_DEADLINE, exitRoute, exitView, FREEZE_TX, fakeWallet, l2Account, NOW, REQUEST_TX, rollupExitView, rollupView, walletState } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

async function show(routes: ExitRouteView[], exits: ExitView[], api = fakeWallet(), onStarted = () => {}, now = NOW) {
  const el = document.body.appendChild(document.createElement('div'));
  await act(async () => render(h(ExitsCard, { api: api as never, state: walletState(), routes, exits, now, onStarted }), el));
  await flush();
  return { el, api };
}

/** The devnet card with one exit (its rollup frozen: the start form shows too). */
const devnet = async (exits: ExitView[], now = NOW) => (await show([devnetRoute()], exits, fakeWallet(), () => {}, now)).el;

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

function type(input: Element, value: string) {
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

describe('words', () => {
  it('says delays about how long', () => {
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

  it("word every code a plan, the runner or the exit service records (Scroll's refusals among them), none left as its bare message", () => {
    const sources = [
      'src/l2/exit-plan.ts',
      ...['vigil-zk', 'op-stack', 'arbitrum', 'scroll'].flatMap((k) => [`src/l2/${k}/exit.ts`, ...(k === 'vigil-zk' ? [] : [`src/l2/${k}/bridge.ts`])]),
      'src/l2/op-stack/exit-deposit.ts',
      'src/l2/op-succinct/exit.ts',
      'src/l2/op-succinct/mantle-portal.ts',
      'src/client/exits/exit-service.ts', 'src/client/exits/plan-runner.ts', 'src/client/exits/escape-proof.ts'];
    const codes = new Set<string>();
    for (const file of sources) for (const m of readFileSync(`${process.cwd()}/${file}`, 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)) codes.add(m[1]!);
    expect(codes).toContain('SCROLL_WITHDRAW_PROOF_INVALID');
    expect(codes).toContain('EXIT_TX_REVERTED');
    expect(codes).toContain('OP_OUTPUT_DELETED');
    for (const code of codes) expect(explainExitError({ code, message: 'the bare message' }), code).not.toBe('the bare message');
    // One code for a reverted exit transaction: Scroll's old one is gone.
    expect(codes).not.toContain('L1_TX_REVERTED');
  });

  it('explain the exit codes and the signing policy refusals of its steps', () => {
    expect(explainL2Error({ code: 'EXIT_TX_REVERTED', message: 'x' })).toContain('reverted (its gas is spent)');
    expect(explainL2Error({ code: 'STALE_HEAD', message: 'x' })).toContain('no recent verified L1 head');
    expect(explainL2Error({ code: 'WOULD_REVERT', message: 'x' })).toContain('signed nothing');
    expect(explainL2Error({ code: 'NONCE_NOT_VERIFIED', message: 'x' })).toContain('nonce is not proven');
    expect(explainL2Error({ code: 'FEE_BELOW_BASE_FEE', message: 'the fee cap 1 gwei is below the base fee' })).toBe('The signing policy refused to sign it: the fee cap 1 gwei is below the base fee');
    expect(explainL2Error({ code: 'TIMEOUT', message: 'the execution RPC did not answer' })).toContain('tries again at the next verified head');
  });
});

describe('a devnet exit row', () => {
  it('names the rollup, the L2 account, the owner and the amount proven when it started', async () => {
    const el = await devnet([exitView()]);
    const row = byTestId(el, 'exit-row')!;
    expect(row.getAttribute('data-exit-id')).toBe('901:3');
    expect(row.getAttribute('data-step')).toBe('request');
    expect(byTestId(el, 'exit-rollup')!.textContent).toContain('Vigil ZK devnet · chain 901');
    expect(row.textContent).toContain('L2 account #3');
    // The owner as the wallet names it, checksummed.
    expect(byTestId(row, 'exit-amount')!.textContent).toBe('1.25 ETH · owner Account 1 · 0x90F8…c9C1L2 account #3');
  });

  it('request: the wallet signs it, nothing proven yet', async () => {
    const el = await devnet([exitView({ step: 'request' })]);
    const s = stages(el);
    expect(s.states).toEqual([
      ['request', 'current'],
      ['waiting', 'todo'],
      ['freeze', 'todo'],
      ['escape', 'todo'],
      ['done', 'todo'],
    ]);
    expect(s.text).toBe('the wallet signs the next transaction at a verified head');
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Ask L1 to force your withdrawal');
    expect(byTestId(el, 'exit-until')).toBeNull();
  });

  it('requesting: the request sent, its receipt awaited in a verified block', async () => {
    const el = await devnet([exitView({ step: 'requesting' })]);
    const s = stages(el);
    expect(s.current).toBe('request');
    expect(s.text).toBe('Waiting: The forced withdrawal request is not in a verified L1 block yet.');
    expect(byTestId(el, 'exit-sent')!.querySelector(`[data-label="request"] [title="${REQUEST_TX}"]`)!.textContent).toBe('0x1234…3434');
  });

  it('waiting: queued with its entry, until the forced deadline has passed, from the plan and the status clock', async () => {
    const el = await devnet([exitView({ step: 'waiting' })]);
    const s = stages(el);
    expect(s.states.slice(0, 2)).toEqual([
      ['request', 'done'],
      ['waiting', 'current'],
    ]);
    expect(s.of('request')).toBe('sent (tx 0x1234…3434)');
    expect(s.text).toMatch(/^Waiting: Queued on L1 as entry #7: the sequencer may still process it; else anyone may freeze the rollup once the forced deadline passed\. — until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(in about 43 seconds\)$/);
    expect(byTestId(el, 'exit-until')!.getAttribute('data-until')).toBe(String(EXIT_DEADLINE + 1));
  });

  it('counts down as the status clock moves, then says it is due at the next verified head', async () => {
    const exit = exitView({ step: 'waiting', waiting: { reason: 'the deadline', until: NOW / 1000 + 300 } });
    const el = document.body.appendChild(document.createElement('div'));
    const at = (now: number) => render(h(ExitsCard, { api: fakeWallet() as never, state: walletState(), routes: [devnetRoute()], exits: [exit], now, onStarted: () => {} }), el);
    const until = () => byTestId(el, 'exit-until')!.textContent;
    await act(async () => at(NOW));
    expect(until()).toContain('(in about 5 minutes)');
    await act(async () => at(NOW + 259_000));
    expect(until()).toContain('(in about 41 seconds)');
    await act(async () => at(NOW + 299_500));
    expect(until()).toContain('(in about 1 second)');
    await act(async () => at(NOW + 300_000));
    expect(until()).toContain('(due now: at the next verified head)');
  });

  it("waiting before the entry's time is proven: no time, the words say what is awaited", async () => {
    const el = await devnet([exitView({ step: 'waiting', waiting: { reason: 'The queue entry time is not proven yet.' } })]);
    expect(byTestId(el, 'exit-until')).toBeNull();
    expect(stages(el).text).toBe('Waiting: The queue entry time is not proven yet.');
  });

  it('freeze and freezing: the rollup being frozen, then the freeze transaction awaited', async () => {
    let s = stages(await devnet([exitView({ step: 'freeze' })]));
    expect(s.current).toBe('freeze');
    expect(s.text).toBe('the wallet signs the next transaction at a verified head');
    expect(s.of('waiting')).toBe('done');
    cleanup();
    const el = await devnet([exitView({ step: 'freezing' })]);
    s = stages(el);
    expect(s.current).toBe('freeze');
    expect(s.text).toBe('Waiting: The freeze is not in a verified L1 block yet.');
    expect(el.querySelector(`[title="${FREEZE_TX}"]`)).not.toBeNull();
  });

  it('escape and escaping: the escape signed once the proof checks, then its receipt awaited', async () => {
    let s = stages(await devnet([exitView({ step: 'escape' })]));
    expect(s.current).toBe('escape');
    expect(s.of('freeze')).toBe('sent (tx 0x5678…7878)');
    cleanup();
    s = stages(await devnet([exitView({ step: 'escaping' })]));
    expect(s.current).toBe('escape');
    expect(s.text).toBe('Waiting: The escape is not in a verified L1 block yet.');
    expect(document.querySelector(`[title="${ESCAPE_TX}"]`)).not.toBeNull();
  });

  it('escaped: the amount recovered from the escape, every stage done', async () => {
    const el = await devnet([exitView({ step: 'escaped', facts: { ...exitView({ step: 'escaped' }).facts, recovered: '1240000000000000000' } })]);
    const s = stages(el);
    expect(s.states.every(([, state]) => state === 'done')).toBe(true);
    expect(s.current).toBeUndefined();
    // From the Escaped log (facts.recovered), not the balance at the start.
    expect(byTestId(el, 'exit-recovered')!.textContent).toBe('recovered 1.24 ETH on L1');
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Escaped');
    expect(byTestId(el, 'exit-row')!.textContent).not.toContain('signs itself');
  });

  it('frozen already when it started: straight to the escape, wait and freeze not needed', async () => {
    const exit = exitView({ step: 'escape', sent: {}, history: [{ step: 'request', at: 1 }, { step: 'escape', at: 2, note: 'the rollup is frozen already' }] });
    const s = stages(await devnet([exit]));
    expect(s.states.slice(0, 4)).toEqual([
      ['request', 'done'],
      ['waiting', 'skipped'],
      ['freeze', 'skipped'],
      ['escape', 'current'],
    ]);
    expect(s.of('request')).toBe('done');
    expect(s.of('waiting')).toBe('not needed');
  });

  it('withdrawn: the sequencer processed the request and its batch paid the owner', async () => {
    const exit = exitView({ step: 'withdrawn', history: [{ step: 'request', at: 1 }, { step: 'requesting', at: 2 }, { step: 'waiting', at: 3 }, { step: 'withdrawn', at: 4, note: 'a batch processed the forced withdrawal' }] });
    const el = await devnet([exit]);
    const s = stages(el);
    expect(s.states).toEqual([
      ['request', 'done'],
      ['waiting', 'done'],
      ['freeze', 'skipped'],
      ['escape', 'skipped'],
      ['done', 'done'],
    ]);
    expect(s.of('done')).toBe('ended: withdrawn');
    expect(s.of('freeze')).toBe('not needed');
    expect(byTestId(el, 'exit-recovered')).toBeNull();
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Withdrawn');
    expect(byTestId(el, 'exit-history')!.textContent).toContain('a batch processed the forced withdrawal');
  });

  it('an end at a block not yet finalized: done, with that block and why it is not final yet; none once final', async () => {
    const exit = exitView({ step: 'escaped', endedAtBlock: '1234567', facts: { ...exitView({ step: 'escaped' }).facts, recovered: '1240000000000000000' } });
    const el = await devnet([exit]);
    expect(byTestId(el, 'exit-step-pill')!.textContent).toBe('Escaped');
    expect(byTestId(el, 'exit-not-final')!.textContent).toBe(
      'In block #1,234,567: final once the light client finalizes that block (checked at every head; a reorg sends the exit back a step)',
    );
    const { endedAtBlock: _final, ...final } = exit;
    expect(byTestId(await devnet([final]), 'exit-not-final')).toBeNull();
  });

  it("failed: the history's last note and the error, as a problem", async () => {
    const history = [...exitView({ step: 'freezing' }).history, { step: 'failed', at: NOW / 1000, note: 'freeze() reverted 3 times' }];
    const el = await devnet([exitView({ step: 'failed', reverts: 3, history, error: { code: 'EXIT_TX_REVERTED', message: 'freeze() reverted 3 times on L1' } })]);
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

  it('shows a problem of a step under way as a warning with its code explained', async () => {
    const cases: [string, string, string][] = [
      ['EXIT_TX_REVERTED', 'requestForcedWithdrawal reverted on L1', 'tries the step again at the next verified head'],
      ['L2_PROOF_ROOT_MISMATCH', 'the proof of account 3 does not hash to the root', 'does not match the root L1 accepted'],
      ['L2_OWNER_MISMATCH', 'the proof is not of account 3 owned by 0x90f8', 'belongs to another L1 address'],
      ['STALE_HEAD', 'the newest verified head is 95 s old', 'no recent verified L1 head'],
      ['INSUFFICIENT_VERIFIED_BALANCE', 'the proven balance 0 ETH does not cover the gas', 'does not cover the L1 gas'],
      ['L2_PROOF_INVALID', 'the account proof does not verify', 'Vigil signs no escape with it'],
    ];
    for (const [code, message, words] of cases) {
      cleanup();
      const el = await devnet([exitView({ step: 'escape', error: { code, message } })]);
      const error = byTestId(el, 'exit-error')!;
      expect(error.getAttribute('data-code')).toBe(code);
      expect(error.classList.contains('warn')).toBe(true);
      expect(error.textContent).toContain(words);
      expect(error.textContent).toContain(code);
      expect(error.textContent).toContain(message);
    }
  });

  it('a step held back as too expensive: the proven cost in words, and a button to allow what it asks, for that step only', async () => {
    const held = exitView({ step: 'escape', error: { code: 'FEE_ABOVE_CAP', message: 'This step may cost up to 0.06 ETH (400000 gas at up to 150 gwei), more than the 0.05 ETH Vigil spends without asking you' }, feeAsked: { step: 'escape', maxCost: '72000000000000000' } });
    const api = fakeWallet();
    api.exitRows = [held];
    const refreshed = vi.fn();
    const { el } = await show([devnetRoute()], [held], api, refreshed);
    expect(byTestId(el, 'exit-error')!.textContent).toContain('more than Vigil spends without asking you');
    const button = byTestId(el, 'exit-allow-fee') as HTMLElement;
    expect(button.textContent).toBe('Allow up to 0.072 ETH for this step');
    await act(async () => button.click());
    await flush();
    expect(api.calls.filter((c) => c.method === 'allowExitFee')).toEqual([{ method: 'allowExitFee', args: [[held.id]] }]);
    expect(refreshed).toHaveBeenCalled();
    // Allowed already, or asked for another step: no button.
    cleanup();
    expect(byTestId(await devnet([{ ...held, feeAllowance: held.feeAsked! }]), 'exit-allow-fee')).toBeNull();
    cleanup();
    expect(byTestId(await devnet([{ ...held, feeAsked: { step: 'freeze', maxCost: '1' } }]), 'exit-allow-fee')).toBeNull();
  });

  it('does not show an error a finished exit kept', async () => {
    const el = await devnet([exitView({ step: 'escaped', error: { code: 'EXIT_TX_REVERTED', message: 'freeze() reverted on L1' } })]);
    expect(byTestId(el, 'exit-error')).toBeNull();
  });

  it('keeps the history collapsed, with each step and its time', async () => {
    const el = await devnet([exitView({ step: 'waiting' })]);
    const history = byTestId(el, 'exit-history') as HTMLDetailsElement;
    expect(history.tagName).toBe('DETAILS');
    expect(history.open).toBe(false);
    expect(history.querySelector('summary')!.textContent).toBe('History (3)');
    const entries = allByTestId(history, 'exit-history-entry');
    expect(entries.map((e) => e.getAttribute('data-step'))).toEqual(['request', 'requesting', 'waiting']);
    expect(entries[0]!.textContent).toMatch(/^\d\d:\d\d:\d\d request$/);
  });

  it("lists each rollup's exits in the order given (the background answers newest first), those of rollups not followed apart", async () => {
    const el = await devnet([exitView({ step: 'waiting' }), exitView({ id: '902:5', rollupChainId: 902, step: 'escaped' }), exitView({ id: '901:4', step: 'escaped' })]);
    const rows = allByTestId(byTestId(el, 'exit-rollup')!, 'exit-row');
    expect(rows.map((r) => [r.getAttribute('data-exit-id'), r.getAttribute('data-step')])).toEqual([
      ['901:3', 'waiting'],
      ['901:4', 'escaped'],
    ]);
    expect(allByTestId(byTestId(el, 'exit-others')!, 'exit-row').map((r) => r.getAttribute('data-exit-id'))).toEqual(['902:5']);
  });

  it('places each step in its stage', () => {
    const route = devnetRoute().route;
    const at = (step: string) => stageStates(exitView({ step, terminal: ['withdrawn', 'escaped', 'failed'].includes(step) }), route).find((s) => s.state === 'current' || s.state === 'failed')?.stage;
    expect(['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping'].map(at)).toEqual(['request', 'request', 'waiting', 'freeze', 'freeze', 'escape', 'escape']);
    expect(at('failed')).toBe('done');
  });

  it("starts the devnet's exit of the whole proven balance: no amount asked", async () => {
    const onStarted = vi.fn();
    const { el, api } = await show([devnetRoute()], [], fakeWallet(), onStarted);
    expect(api.exitBalance).toHaveBeenCalledWith({ rollupChainId: 901, address: ALICE });
    expect(byTestId(el, 'exit-balance')!.textContent).toBe('2.5 ETH proven on L2 (block 123456): the exit takes all of it');
    expect(byTestId(el, 'exit-amount-input')).toBeNull();
    await act(async () => (byTestId(el, 'exit-submit') as HTMLElement).click());
    await flush();
    expect(api.calls.filter((c) => c.method === 'startExit').map((c) => c.args)).toEqual([[{ rollupChainId: 901, address: ALICE }]]);
    expect(onStarted).toHaveBeenCalledTimes(1);
  });

  it('says the route in words with the forced deadline read from L1, and styles Start as the popup\'s main button', async () => {
    const { el } = await show([devnetRoute({}, 7200)], []);
    expect(allByTestId(el, 'exit-route-step').map((s) => s.querySelector('strong')!.textContent)).toEqual([
      'Ask L1 to force your withdrawal',
      'Wait up to 2 h 0 min for the rollup to include it',
      'If it does not within 2 h 0 min, anyone can freeze the rollup',
      'Then withdraw your balance from L1 with a proof from the last finalized state',
    ]);
    // The title says the time: no tag repeats it.
    expect(allByTestId(el, 'exit-route-delay')).toHaveLength(0);
    expect(byTestId(el, 'exit-route')!.textContent).not.toMatch(/requestForcedWithdrawal|freeze\(\)|escape\(\)|Merkle/);
    expect(byTestId(el, 'exit-submit')!.className).toBe('primary');
  });
});

describe('a real rollup with an exit route', () => {
  it('healthy: its liveness, the route behind "Show the exit route"', async () => {
    const { el } = await show([exitRoute()], []);
    expect(byTestId(el, 'exit-liveness')!.textContent).toBe('healthy');
    expect(byTestId(el, 'exit-route')).toBeNull();
    expect(byTestId(el, 'exit-start')).toBeNull();
    await act(async () => (byTestId(el, 'exit-route-show') as HTMLElement).click());
    const steps = allByTestId(el, 'exit-route-step');
    expect(steps.map((s) => s.getAttribute('data-step'))).toEqual(['initiate', 'prove', 'finalize']);
    expect(allByTestId(el, 'exit-route-delay').map((d) => d.textContent)).toEqual(['then about 12 hours', 'then about 7 days']);
    expect(steps[0]!.textContent).toContain('your wallet (an L1 transaction)');
    expect(el.textContent).toContain('delays read at L1 block 1234');
    expect(byTestId(el, 'exit-route-show')!.textContent).toBe('Hide the exit route');
  });

  for (const liveness of ['delayed', 'stalled', 'frozen'] as const) {
    it(`${liveness}: the route and the start form at once, with a warning`, async () => {
      const { el } = await show([exitRoute({ liveness })], []);
      expect(byTestId(el, 'exit-route')).not.toBeNull();
      expect(byTestId(el, 'exit-start')).not.toBeNull();
      expect(byTestId(el, 'exit-route-show')).toBeNull();
      expect(el.textContent).toContain(`OP Mainnet is ${liveness} (proven on L1)`);
    });
  }

  it('starts an exit of at most the proven balance: Max fills it, more is refused before asking', async () => {
    const onStarted = vi.fn();
    const { el, api } = await show([exitRoute({ liveness: 'stalled' })], [], fakeWallet(), onStarted);
    expect(api.exitBalance).toHaveBeenCalledWith({ rollupChainId: 10, address: ALICE });
    expect(byTestId(el, 'exit-balance')!.textContent).toBe('2.5 ETH proven on L2 (block 123456)');
    await act(async () => type(byTestId(el, 'exit-amount-input')!, '2.6'));
    expect(byTestId(el, 'exit-problem')!.textContent).toBe('more than the proven L2 balance');
    expect((byTestId(el, 'exit-submit') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => (byTestId(el, 'exit-max') as HTMLElement).click());
    expect((byTestId(el, 'exit-amount-input') as HTMLInputElement).value).toBe('2.5');
    expect(byTestId(el, 'exit-problem')).toBeNull();
    await act(async () => (byTestId(el, 'exit-submit') as HTMLElement).click());
    await flush();
    expect(api.calls.filter((c) => c.method === 'startExit').map((c) => c.args)).toEqual([[{ rollupChainId: 10, address: ALICE, amount: '2500000000000000000' }]]);
    expect(onStarted).toHaveBeenCalledTimes(1);
  });

  it("counts Mantle's exit in MNT: the proven balance, Max, the amount asked and each exit's row", async () => {
    const mnt = { name: 'Mantle', symbol: 'MNT', decimals: 18 };
    const route = exitRoute({ chainId: 5000, name: 'Mantle', kind: 'op-succinct-l2oo-v1', liveness: 'stalled', nativeCurrency: mnt });
    const { el, api } = await show([route], [rollupExitView({ rollupChainId: 5000, kind: 'op-succinct-l2oo-v1', owner: '0x' + '77'.repeat(20), amount: '1500000000000000000' })]);
    expect(byTestId(el, 'exit-balance')!.textContent).toBe('2.5 MNT proven on L2 (block 123456)');
    expect((byTestId(el, 'exit-amount-input') as HTMLInputElement).placeholder).toBe('MNT');
    await act(async () => (byTestId(el, 'exit-max') as HTMLElement).click());
    expect((byTestId(el, 'exit-amount-input') as HTMLInputElement).value).toBe('2.5');
    await act(async () => (byTestId(el, 'exit-submit') as HTMLElement).click());
    await flush();
    expect(api.calls.filter((c) => c.method === 'startExit').map((c) => c.args)).toEqual([[{ rollupChainId: 5000, address: ALICE, amount: '2500000000000000000' }]]);
    expect(byTestId(el, 'exit-amount')!.textContent).toMatch(/^1\.5 MNT · owner /);
  });

  it("says the background's refusal in words", async () => {
    const api = fakeWallet();
    api.startExitError = new BackgroundError('EXIT_UNDER_WAY', 'an exit is under way');
    const { el } = await show([exitRoute({ liveness: 'frozen' })], [], api);
    await act(async () => type(byTestId(el, 'exit-amount-input')!, '1'));
    await act(async () => (byTestId(el, 'exit-submit') as HTMLElement).click());
    await flush();
    const note = byTestId(el, 'exit-start-error')!;
    expect(note.getAttribute('data-code')).toBe('EXIT_UNDER_WAY');
    expect(note.textContent).toContain('already under way');
  });

  it('offers no second exit of an account whose exit is under way', async () => {
    const { el } = await show([exitRoute({ liveness: 'stalled' })], [rollupExitView()]);
    expect(byTestId(el, 'exit-problem')!.textContent).toBe('an exit of this account is under way');
    expect((byTestId(el, 'exit-submit') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('a real rollup exit row', () => {
  it('shows the step by its route title, what it waits for until a date and time, and each sent transaction', async () => {
    const until = NOW / 1000 + 7 * 86_400;
    const { el } = await show([exitRoute()], [rollupExitView({ waiting: { reason: 'the proof waits out the challenge period', until } })]);
    const row = byTestId(el, 'exit-row')!;
    expect(byTestId(row, 'exit-step-pill')!.textContent).toBe('Prove the withdrawal');
    expect(row.textContent).toContain('1.5 ETH · owner Account 1 · 0x90F8…c9C1');
    const waiting = byTestId(row, 'exit-waiting')!;
    expect(byTestId(waiting, 'exit-until')!.getAttribute('data-until')).toBe(String(until));
    expect(waiting.textContent).toBe(`Waiting: the proof waits out the challenge period — until ${new Date(until * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC (in about 7 days)`);
    const sent = byTestId(row, 'exit-sent')!;
    expect(sent.querySelector('[data-label="initiate"]')!.textContent).toMatch(/^initiate: 0xabab…abab sent \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect(stages(row).of('initiate')).toBe('sent (tx 0xabab…abab)');
  });

  it('a wait that is due says so; a problem of a step under way is a warning, a failed exit an error', async () => {
    const { el } = await show(
      [exitRoute()],
      [
        rollupExitView({ id: 'a', waiting: { reason: 'ready', until: NOW / 1000 - 5 }, error: { code: 'NOT_AVAILABLE', message: "the L2 RPC's eth_getProof (proof)" } }),
        rollupExitView({ id: 'b', step: 'failed', terminal: true, waiting: undefined, error: { code: 'EXIT_TX_REVERTED', message: 'reverted 3 times' } }),
      ],
    );
    const [a, b] = allByTestId(el, 'exit-row');
    expect(byTestId(a!, 'exit-until')!.textContent).toContain('due now: at the next verified head');
    expect(byTestId(a!, 'exit-error')!.className).toContain('warn');
    expect(byTestId(a!, 'exit-error')!.textContent).toContain('tries again at the next verified head');
    expect(byTestId(b!, 'exit-step-pill')!.textContent).toBe('Failed');
    expect(byTestId(b!, 'exit-error')!.className).toContain('bad');
    expect(byTestId(b!, 'exit-error')!.textContent).toContain('reverted (its gas is spent)');
  });

  it('abandons an exit that cannot go on, confirmed in place; an abandoned one is listed as past, stopped where it was', async () => {
    const api = fakeWallet();
    const under = rollupExitView({ id: 'stuck', waiting: { reason: 'waiting for a dispute game' } });
    api.exitRows = [under];
    const refreshed = vi.fn();
    const { el } = await show([exitRoute()], [under, rollupExitView({ id: 'ended', step: 'done', terminal: true, archivedAt: 5 })], api, refreshed);
    // Only the exit under way offers it.
    expect(allByTestId(el, 'exit-abandon')).toHaveLength(1);
    const row = el.querySelector('[data-exit-id="stuck"]')!;
    await act(async () => (byTestId(row, 'exit-abandon') as HTMLElement).click());
    expect(byTestId(row, 'exit-abandon-confirm')!.textContent).toContain('kept in the history, never resumed');
    // "Keep it": nothing asked.
    await act(async () => (byTestId(row, 'exit-abandon-no') as HTMLElement).click());
    expect(byTestId(row, 'exit-abandon-confirm')).toBeNull();
    expect(api.calls.filter((c) => c.method === 'abandonExit')).toEqual([]);
    await act(async () => (byTestId(row, 'exit-abandon') as HTMLElement).click());
    await act(async () => (byTestId(row, 'exit-abandon-yes') as HTMLElement).click());
    await flush();
    expect(api.calls.filter((c) => c.method === 'abandonExit')).toEqual([{ method: 'abandonExit', args: [['stuck']] }]);
    expect(refreshed).toHaveBeenCalled();

    // As the background lists it then: under "Past exits", 'Abandoned', stopped at its step, nothing offered, nothing awaited.
    cleanup();
    const { el: after } = await show([exitRoute()], [rollupExitView({ id: 'stuck', archivedAt: NOW, abandonedAt: NOW, history: [{ step: 'initiate', at: 1 }, { step: 'prove', at: 2, note: 'abandoned by the user: never moved again' }] })]);
    const past = byTestId(after, 'exit-past')!;
    const gone = byTestId(past, 'exit-row')!;
    expect(byTestId(gone, 'exit-step-pill')!.textContent).toBe('Abandoned');
    const s = stages(gone);
    expect(s.states).toEqual([['initiate', 'done'], ['prove', 'failed'], ['finalize', 'todo'], ['done', 'todo']]);
    expect(s.text).toBe('abandoned here by the user: never moved again');
    expect(byTestId(gone, 'exit-abandon')).toBeNull();
    expect(byTestId(gone, 'exit-waiting')).toBeNull();
  });

  it('keeps archived exits under "Past exits", and exits of rollups not followed now apart', async () => {
    const { el } = await show([exitRoute()], [rollupExitView({ id: 'now' }), rollupExitView({ id: 'old', step: 'done', terminal: true, archivedAt: 5 }), rollupExitView({ id: 'gone', rollupChainId: 8453 })]);
    const past = byTestId(el, 'exit-past')!;
    expect(past.querySelector('summary')!.textContent).toBe('Past exits (1)');
    expect(allByTestId(past, 'exit-row').map((r) => r.getAttribute('data-exit-id'))).toEqual(['old']);
    expect(allByTestId(byTestId(el, 'exit-others')!, 'exit-row').map((r) => r.getAttribute('data-exit-id'))).toEqual(['gone']);
  });
});

describe('exits in the wallet tab', () => {
  async function mount(api: ReturnType<typeof fakeWallet>, props: Record<string, unknown> = {}) {
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, view: 'rollups', now: NOW, ...props }), el));
    await flush();
    await flush();
    return el;
  }

  it('are not shown while there is no exit and no rollup with an exit route', async () => {
    const api = fakeWallet();
    api.l2Rows = [l2Account()];
    const el = await mount(api);
    expect(api.exits).toHaveBeenCalled();
    expect(api.exitRoutes).toHaveBeenCalled();
    expect(byTestId(el, 'exits-card')).toBeNull();
    expect(byTestId(el, 'l2-card')).not.toBeNull();
  });

  it('sit above the L2 accounts, named from the routes, counting against the status clock', async () => {
    const api = fakeWallet();
    api.l2Rows = [l2Account()];
    api.exitRows = [exitView({ step: 'waiting' })];
    api.routeRows = [devnetRoute({ name: 'Named by its route' })];
    const el = await mount(api, { rollups: [rollupView({ liveness: 'stalled' })], now: NOW + 30_000 });
    const card = byTestId(el, 'exits-card')!;
    const l2 = byTestId(el, 'l2-card')!;
    expect(card.compareDocumentPosition(l2) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(card.textContent).toContain('Named by its route · chain 901');
    expect(byTestId(card, 'exit-until')!.textContent).toContain('(in about 13 seconds)');
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
    await act(async () => render(h(WalletView, { api: api as never, pollMs: 1000, view: 'rollups', now: NOW, headBlock: 11 }), el));
    await flush();
    expect(reads()).toBe(settled + 1);
  });

  it('start from the L2 row: confirm in place, then the exit is listed and the row says it is under way', async () => {
    const api = fakeWallet();
    api.l2Rows = [l2Account()];
    const el = await mount(api, { rollups: [rollupView({ liveness: 'frozen', facts: { lastBatchAgeSeconds: 900, oldestQueuedAgeSeconds: 900, frozen: true } })] });
    await act(async () => (byTestId(el, 'l2-exit') as HTMLElement).click());
    expect(byTestId(el, 'l2-exit-confirm')!.textContent).toContain('takes L2 account #3 out through L1 alone, at once: the rollup is frozen');
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

  it("one card: the devnet's exit and a real rollup's route together, and a started exit listed", async () => {
    const api = fakeWallet();
    api.exitRows = [exitView({ step: 'waiting' })];
    api.routeRows = [devnetRoute(), exitRoute({ liveness: 'frozen' })];
    const el = await mount(api);
    expect(allByTestId(el, 'exits-card')).toHaveLength(1);
    const op = allByTestId(el, 'exit-rollup').find((r) => r.getAttribute('data-chain-id') === '10')!;
    await act(async () => type(byTestId(op, 'exit-amount-input')!, '0.5'));
    await act(async () => (byTestId(op, 'exit-submit') as HTMLElement).click());
    await flush();
    await flush();
    expect(allByTestId(el, 'exit-row').map((r) => r.getAttribute('data-step'))).toEqual(['waiting', 'initiate']);
  });
});
