// @vitest-environment happy-dom
/**
 * The popup's components rendered with Preact in happy-dom: heads, the period progress bar,
 * problems in plain words, and the settings form (endpoints, checkpoint with the
 * weak-subjectivity warning, the window.ethereum toggle).
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProfileEdit } from '../../../src/extension/messages.ts';
import type { Status } from '../../../src/extension/messages.ts';
import type { PopupApi } from '../../../src/ui/api.ts';
import { App } from '../../../src/ui/app.ts';
import { StatusView } from '../../../src/ui/components/status-view.ts';
import { explainError, formatAge } from '../../../src/ui/format.ts';
import { defaultSettings, MAX_BATCH_EXPIRY_MINUTES, MIN_BATCH_EXPIRY_MINUTES } from '../../../src/client/network/settings.ts';
import { BATCH_EXPIRY_MINUTES } from '../../../src/ui/components/settings-view.ts';
import { cleanup, render } from './dom.ts';
import { fakeWallet, settings, status } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));

afterEach(cleanup);

function fakeApi(initial: Status) {
  let current = initial;
  let saved = settings();
  const api: PopupApi & { edits: ProfileEdit[]; hosts: string[][]; overrides: boolean[]; setStatus(s: Status): void } = {
    ...fakeWallet(),
    edits: [],
    hosts: [],
    overrides: [],
    setStatus: (s) => (current = s),
    getStatus: vi.fn(async () => current),
    getSettings: vi.fn(async () => saved),
    setNetwork: vi.fn(async () => current),
    async saveProfile(edit) {
      api.edits.push(edit);
      const p = saved.profiles[edit.id]!;
      saved = { ...saved, profiles: { ...saved.profiles, [edit.id]: { ...p, beaconApis: edit.beaconApis ?? p.beaconApis, executionRpcs: edit.executionRpcs ?? p.executionRpcs } } };
      return current;
    },
    async setOverrideWindowEthereum(value) {
      api.overrides.push(value);
      saved = { ...saved, overrideWindowEthereum: value };
      return current;
    },
    async setMaxUnattendedCost(wei) {
      const { maxUnattendedCost: _old, ...rest } = saved;
      saved = wei === null ? rest : { ...rest, maxUnattendedCost: wei };
      return current;
    },
    async setIncomingTolerance(bps) {
      const { incomingToleranceBps: _old, ...rest } = saved;
      saved = bps === null ? rest : { ...rest, incomingToleranceBps: bps };
      return current;
    },
    async setBatchExpiry(minutes) {
      const { batchExpiryMinutes: _old, ...rest } = saved;
      saved = minutes === null ? rest : { ...rest, batchExpiryMinutes: minutes };
      return current;
    },
    async requestHosts(urls) {
      api.hosts.push(urls);
      return true;
    },
  };
  return api;
}

describe('status view', () => {
  it('shows the network, the state and both verified heads with slot, block and age', () => {
    const el = root();
    render(h(StatusView, { status: status() }), el);
    expect(byTestId(el, 'network')!.textContent).toContain('Devnet');
    expect(byTestId(el, 'network')!.textContent).toContain('chain 1337');
    expect(byTestId(el, 'state')!.textContent).toBe('Verified');
    expect(byTestId(el, 'optimistic-block')!.textContent).toBe('#1,234');
    expect(byTestId(el, 'optimistic-slot')!.textContent).toBe('1,244');
    expect(byTestId(el, 'finalized-block')!.textContent).toBe('#1,200');
    expect(byTestId(el, 'optimistic')!.textContent).toContain('12 s ago');
    expect(byTestId(el, 'progress')).toBeNull();
    expect(byTestId(el, 'checkpoint')!.textContent).toContain('from your checkpoint');
  });

  it('marks a thinly signed newest head, shows the head transactions are signed against, and who signed each', () => {
    const el = root();
    const base = status();
    const thin = { ...base.optimistic!, blockHash: '0x' + '55'.repeat(32), signedBy: { participants: 16, committeeSize: 32 }, thinlySigned: true };
    const signing = { ...base.optimistic!, blockNumber: 1232, slot: 1242, signedBy: { participants: 30, committeeSize: 32 }, thinlySigned: false };
    const finalized = { ...base.finalized!, signedBy: 'checkpoint' as const, thinlySigned: false };
    render(h(StatusView, { status: status({ optimistic: thin, signing, finalized }) }), el);
    expect(byTestId(el, 'optimistic-thin')!.textContent).toBe('thinly signed');
    expect(byTestId(el, 'optimistic-signers')!.textContent).toBe('16 of 32');
    expect(byTestId(el, 'optimistic-signers')!.getAttribute('title')).toBe('16 of 32 of the sync committee');
    expect(byTestId(el, 'signing-block')!.textContent).toBe('#1,232');
    expect(byTestId(el, 'signing-signers')!.textContent).toBe('30 of 32');
    expect(byTestId(el, 'signing-thin')).toBeNull();
    expect(byTestId(el, 'finalized-signers')!.textContent).toBe('the trusted checkpoint');
    expect(el.textContent).toContain('the newest block was signed by fewer than two thirds of its sync committee');
    // None two thirds signed yet: the card says so.
    render(h(StatusView, { status: status({ optimistic: thin, signing: null }) }), el);
    expect(byTestId(el, 'signing')!.textContent).toContain('No block signed by two thirds of its committee yet');
    // The usual case: the newest head is the one signed against, no second card.
    render(h(StatusView, { status: status({ signing: base.optimistic }) }), el);
    expect(byTestId(el, 'signing')).toBeNull();
  });

  it('shows period n of m with a progress bar while catching up', () => {
    const el = root();
    render(h(StatusView, { status: status({ state: 'catching-up', period: { current: 864, head: 867, start: 862, catchingUp: true, updatesVerified: 2 } }) }), el);
    const progress = byTestId(el, 'progress')!;
    expect(progress.textContent).toContain('Period 864 of 867');
    expect(progress.textContent).toContain('40%');
    expect(progress.querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('40');
    expect(el.textContent).toContain('Following sync committees: period 864 of 867');
    expect(byTestId(el, 'progress-detail')!.textContent).toBe('3 periods to go · 2 updates verified');
  });

  it('says what went wrong in words, lies before transient trouble', () => {
    const el = root();
    const errors: Status['errors'] = [
      { source: 'sync', code: 'TIMEOUT', message: 'no answer', severity: 'warning', endpoint: 'http://127.0.0.1:5052', at: status().now - 5000 },
      { source: 'read', code: 'PROOF_VALUE_MISMATCH', message: 'balance differs', severity: 'error', endpoint: 'http://127.0.0.1:8545', origin: 'http://127.0.0.1:3000', method: 'eth_getBalance', at: status().now - 2000 },
    ];
    render(h(StatusView, { status: status({ errors, state: 'stale' }) }), el);
    const problems = [...byTestId(el, 'problems')!.querySelectorAll('.problem')];
    expect(problems.map((p) => p.getAttribute('data-code'))).toEqual(['PROOF_VALUE_MISMATCH', 'TIMEOUT']);
    expect(problems[0]!.textContent).toContain('The execution RPC (127.0.0.1:8545) sent a value its own proof contradicts (asked by 127.0.0.1:3000)');
    expect(problems[1]!.textContent).toContain('did not answer in time');
    expect(byTestId(el, 'state')!.textContent).toBe('Stale');
  });

  it('has words for the errors a user meets', () => {
    const e = (code: string, source: 'sync' | 'read' = 'sync') => explainError({ source, code, message: '9 slots without a new verified head, the last at slot 3', severity: 'error', at: 0 }, status().network.weakSubjectivity);
    expect(e('SYNC_SIGNATURE_INVALID')).toContain('did not sign');
    expect(e('LC_CHECKPOINT_TOO_OLD')).toContain('14 days');
    expect(e('STALE_HEAD')).toContain('9 slots');
    expect(e('LC_INVALID_FINALITY_BRANCH')).toContain('does not verify');
    expect(e('NO_VERIFIED_HEAD', 'read')).toContain('not verified a block yet');
    // A fork this version cannot follow (one after Gloas, at the transport or the store): said as one, the way out an update.
    for (const code of ['UNKNOWN_FORK', 'LC_UNSUPPORTED_FORK']) expect(e(code)).toMatch(/moved to a fork this version of Vigil cannot follow yet.*keeps the last block it verified.*Update Vigil/);
    // Blocks proven but built by execution rules this EVM lacks: balances stay, sending waits.
    expect(e('EXECUTION_UNSUPPORTED')).toMatch(/cannot yet run this network's new execution rules.*Balances stay proven.*sending wait/);
    // A proven header that disagrees with the fork schedule: said as a disagreement, nothing run.
    expect(e('EXECUTION_FORK_MISMATCH')).toMatch(/fork schedule disagree on which rules built it.*Balances stay proven.*sending wait/);
    expect(formatAge(0)).toBe('just now');
    expect(formatAge(75)).toBe('75 s ago');
    expect(formatAge(600)).toBe('10 min ago');
    expect(formatAge(3 * 86400)).toBe('3 days ago');
  });
});

describe('the popup app', () => {
  it('has its tabs as a tablist: one in the Tab order, the arrows, Home and End move the selection and the focus', async () => {
    const api = fakeApi(status());
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await flush();
    const list = el.querySelector('[role="tablist"]')!;
    const tabs = () => [...list.querySelectorAll('[role="tab"]')] as HTMLElement[];
    const state = () => tabs().map((t) => `${t.textContent}:${t.getAttribute('aria-selected')}:${t.tabIndex}`);
    expect(state()).toEqual(['Wallet:true:0', 'Rollups:false:-1', 'Status:false:-1', 'Settings:false:-1']);
    expect(el.querySelector('[role="tabpanel"]')!.getAttribute('aria-labelledby')).toBe('tab-wallet');
    // The panel itself is in the tab order: one that scrolls with nothing focusable in it is still scrolled from the keyboard.
    expect((el.querySelector('[role="tabpanel"]') as HTMLElement).tabIndex).toBe(0);
    const key = (k: string) => act(async () => void (document.activeElement ?? tabs()[0]!).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
    tabs()[0]!.focus();
    await key('ArrowRight');
    expect(state()).toEqual(['Wallet:false:-1', 'Rollups:true:0', 'Status:false:-1', 'Settings:false:-1']);
    expect(document.activeElement).toBe(tabs()[1]);
    expect(el.querySelector('[role="tabpanel"]')!.getAttribute('aria-labelledby')).toBe('tab-rollups');
    await key('End');
    expect(document.activeElement).toBe(tabs()[3]);
    await key('ArrowRight');
    expect(state()[0]).toBe('Wallet:true:0');
    await key('ArrowLeft');
    expect(state()[3]).toBe('Settings:true:0');
    await key('Home');
    expect(document.activeElement).toBe(tabs()[0]);
    render(null, el);
  });

  it('polls the background and re-renders as the head advances', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const api = fakeApi(status());
      const el = root();
      await act(async () => render(h(App, { api, pollMs: 1000 }), el));
      await flush();
      // The wallet is the first tab; the status is one click away.
      expect(byTestId(el, 'tab-wallet')!.className).toBe('active');
      await act(async () => (byTestId(el, 'tab-status') as HTMLElement).click());
      await flush();
      expect(byTestId(el, 'optimistic-block')!.textContent).toBe('#1,234');
      api.setStatus(status({ optimistic: { ...status().optimistic!, blockNumber: 1240 } }));
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1100);
      });
      await flush();
      expect(byTestId(el, 'optimistic-block')!.textContent).toBe('#1,240');
      render(null, el);
    } finally {
      vi.useRealTimers();
    }
  });

  it('edits endpoints and checkpoint, asking for host access first', async () => {
    const api = fakeApi(status());
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await act(async () => (byTestId(el, 'tab-settings') as HTMLElement).click());
    await flush();
    const beacon = byTestId(el, 'beacon-apis') as HTMLTextAreaElement;
    expect(beacon.value).toBe('http://127.0.0.1:5052');
    expect((byTestId(el, 'execution-rpcs') as HTMLTextAreaElement).value).toBe('http://127.0.0.1:8545\nhttp://127.0.0.1:8546');
    expect(byTestId(el, 'ws-warning')!.textContent).toContain('weak-subjectivity');
    await act(async () => {
      beacon.value = 'https://beacon.example\nhttp://127.0.0.1:5052';
      beacon.dispatchEvent(new Event('input', { bubbles: true }));
      const cp = byTestId(el, 'checkpoint-input') as HTMLInputElement;
      cp.value = '0x' + '55'.repeat(32);
      cp.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => (byTestId(el, 'save') as HTMLButtonElement).click());
    await flush();
    expect(api.hosts).toEqual([['https://beacon.example', 'http://127.0.0.1:5052', 'http://127.0.0.1:8545', 'http://127.0.0.1:8546']]);
    expect(api.edits).toEqual([
      { id: 'devnet', beaconApis: ['https://beacon.example', 'http://127.0.0.1:5052'], executionRpcs: ['http://127.0.0.1:8545', 'http://127.0.0.1:8546'], checkpoint: '0x' + '55'.repeat(32), allowOldCheckpoint: false },
    ]);
    expect(el.textContent).toContain('Saved');
  });

  it("turns a built-in network's shipped rollup off and gives another its own L2 RPC, asking for that host first", async () => {
    const api = fakeApi(status());
    const mainnet = { ...defaultSettings(), current: 'mainnet' };
    api.getSettings = vi.fn(async () => mainnet);
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await act(async () => (byTestId(el, 'tab-settings') as HTMLElement).click());
    await flush();
    const rows = [...el.querySelectorAll('[data-testid="rollup-setting"]')];
    const shipped = mainnet.profiles.mainnet!.shippedRollups!;
    expect(rows.map((r) => r.getAttribute('data-rollup'))).toEqual(shipped.map((r) => r.name));
    const row = (name: string) => rows.find((r) => r.getAttribute('data-rollup') === name)!;
    expect((row('scroll').querySelector('[data-testid="rollup-l2-rpc"]') as HTMLInputElement).value).toBe('https://rpc.scroll.io');
    await act(async () => (row('arbitrum-one').querySelector('[data-testid="rollup-enabled"]') as HTMLInputElement).click());
    await act(async () => {
      const input = row('scroll').querySelector('[data-testid="rollup-l2-rpc"]') as HTMLInputElement;
      input.value = 'https://scroll-archive.example';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => (byTestId(el, 'save') as HTMLButtonElement).click());
    await flush();
    const edit = api.edits[0]!;
    expect(edit.rollups).toEqual(shipped.map((r) => ({ name: r.name, enabled: r.name !== 'arbitrum-one', l2Rpc: r.name === 'scroll' ? 'https://scroll-archive.example' : r.l2Rpc })));
    // Only the L2 RPCs it will ask: the turned-off rollup's is not requested.
    expect(api.hosts[0]).toContain('https://scroll-archive.example');
    expect(api.hosts[0]).not.toContain(shipped.find((r) => r.name === 'arbitrum-one')!.l2Rpc);
  });

  it('switches the window.ethereum choice', async () => {
    const api = fakeApi(status());
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await act(async () => (byTestId(el, 'tab-settings') as HTMLElement).click());
    await flush();
    const toggle = byTestId(el, 'override-toggle') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    await act(async () => toggle.click());
    await flush();
    expect(api.overrides).toEqual([true]);
    expect((byTestId(el, 'override-toggle') as HTMLInputElement).checked).toBe(true);
  });

  it('sets how much less the user may receive before the window asks again: percent in, basis points saved; empty is the default; above 10% refused', async () => {
    const api = fakeApi(status());
    const spy = vi.spyOn(api, 'setIncomingTolerance');
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await act(async () => (byTestId(el, 'tab-settings') as HTMLElement).click());
    await flush();
    const set = async (text: string) => {
      const input = byTestId(el, 'incoming-tolerance') as HTMLInputElement;
      await act(async () => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await act(async () => (byTestId(el, 'incoming-tolerance-save') as HTMLElement).click());
      await flush();
    };
    await set('1.25');
    expect(spy).toHaveBeenLastCalledWith(125);
    expect(el.textContent).toContain('the approval window asks again');
    await set('');
    expect(spy).toHaveBeenLastCalledWith(null);
    await set('12');
    expect(spy).toHaveBeenCalledTimes(2);
    expect(el.textContent).toContain('a percentage from 0 to 10');
  });

  it("sets how long a batch's signed calls may still be sent: minutes; empty is the default; outside 5–1440 refused (the bounds are the client's)", async () => {
    expect(BATCH_EXPIRY_MINUTES).toEqual({ min: MIN_BATCH_EXPIRY_MINUTES, max: MAX_BATCH_EXPIRY_MINUTES });
    const api = fakeApi(status());
    const spy = vi.spyOn(api, 'setBatchExpiry');
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await act(async () => (byTestId(el, 'tab-settings') as HTMLElement).click());
    await flush();
    const set = async (text: string) => {
      const input = byTestId(el, 'batch-expiry') as HTMLInputElement;
      await act(async () => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await act(async () => (byTestId(el, 'batch-expiry-save') as HTMLElement).click());
      await flush();
    };
    await set('30');
    expect(spy).toHaveBeenLastCalledWith(30);
    expect(el.textContent).toContain('erased, never sent');
    await set('');
    expect(spy).toHaveBeenLastCalledWith(null);
    for (const bad of ['4', '1441', '1.5', 'an hour']) await set(bad);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(el.textContent).toContain('whole minutes from 5 to 1440');
  });

  it('sets the most a forced-exit step may cost without asking: ETH in, wei saved; empty is the default; a bad amount is refused', async () => {
    const api = fakeApi(status());
    const spy = vi.spyOn(api, 'setMaxUnattendedCost');
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await act(async () => (byTestId(el, 'tab-settings') as HTMLElement).click());
    await flush();
    const set = async (text: string) => {
      const input = byTestId(el, 'exit-fee-cap') as HTMLInputElement;
      await act(async () => {
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await act(async () => (byTestId(el, 'exit-fee-cap-save') as HTMLElement).click());
      await flush();
    };
    await set('0.2');
    expect(spy).toHaveBeenLastCalledWith('200000000000000000');
    expect(el.textContent).toContain('forced-exit steps above this wait for your approval');
    await set('');
    expect(spy).toHaveBeenLastCalledWith(null);
    await set('lots');
    expect(spy).toHaveBeenCalledTimes(2);
    expect(el.textContent).toContain('an amount of ETH, more than 0');
  });
});
