// @vitest-environment happy-dom
/**
 * The status tab says where the trusted checkpoint came from (the user, or which beacon APIs
 * agreed on it), and the weak-subjectivity refusals say the way out in words.
 */
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Status } from '../../../src/extension/messages.ts';
import { checkpointSource, periodText, StatusView } from '../../../src/ui/components/status-view.ts';
import { explainError } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { NOW, status } from './fixtures.ts';

const ROOT = '0x' + '44'.repeat(32);
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);

afterEach(cleanup);

function shown(checkpoint: Status['checkpoint'], lastInit: 'bootstrap' | 'resume' = 'bootstrap') {
  const el = document.body.appendChild(document.createElement('div'));
  const base = status();
  render(h(StatusView, { status: { ...base, checkpoint, lifecycle: { ...base.lifecycle, lastInit } } }), el);
  return el;
}

describe('where the checkpoint came from', () => {
  it('agreed by beacon APIs: names the hosts and how to replace it', () => {
    const el = shown({ root: ROOT, source: 'beacon-apis', at: NOW, origin: { kind: 'agreed', by: ['lodestar-mainnet.chainsafe.io', 'ethereum-beacon-api.publicnode.com'] } });
    const source = byTestId(el, 'checkpoint-source')!;
    expect(source.textContent).toBe('agreed by 2 beacon APIs: lodestar-mainnet.chainsafe.io, ethereum-beacon-api.publicnode.com');
    expect(source.getAttribute('data-kind')).toBe('agreed');
    expect(source.getAttribute('title')).toContain('Settings → Checkpoint');
    expect(byTestId(el, 'checkpoint')!.textContent).toContain('Checkpoint 0x4444…4444 · ');
  });

  it('from the user', () => {
    const el = shown({ root: ROOT, source: 'user', at: NOW, origin: { kind: 'user' } });
    expect(byTestId(el, 'checkpoint-source')!.textContent).toBe('from your checkpoint (Settings)');
    expect(byTestId(el, 'checkpoint-source')!.getAttribute('data-kind')).toBe('user');
  });

  it('after a restart, still where it came from, and that the run resumed', () => {
    const el = shown({ root: ROOT, source: 'stored', at: NOW, origin: { kind: 'agreed', by: ['a.example', 'b.example'] } }, 'resume');
    expect(byTestId(el, 'checkpoint-source')!.textContent).toBe('agreed by 2 beacon APIs: a.example, b.example');
    expect(byTestId(el, 'checkpoint')!.textContent).toContain('resumed from saved state');
  });

  it('one host alone, a store saved before origins were kept, and an older background without origin', () => {
    const one = checkpointSource({ root: ROOT, source: 'beacon-apis', at: NOW, origin: { kind: 'agreed', by: ['only.example'] } });
    expect(one.text).toBe('from one beacon API only (only.example)');
    expect(checkpointSource({ root: ROOT, source: 'stored', at: NOW, origin: null })).toMatchObject({ kind: 'unrecorded', text: 'saved before Vigil recorded where it came from' });
    expect(checkpointSource({ root: ROOT, source: 'user', at: NOW }).kind).toBe('user');
    expect(checkpointSource({ root: ROOT, source: 'beacon-apis', at: NOW })).toMatchObject({ kind: 'agreed', text: 'agreed by your beacon APIs' });
    expect(checkpointSource({ root: ROOT, source: 'stored', at: NOW }).kind).toBe('unrecorded');
  });

  it('a checkpoint the user did not give is not called theirs: the devnet, the beacon APIs as the network was added, or saved before Vigil kept who gave it', () => {
    const devnet = shown({ root: ROOT, source: 'user', at: NOW, origin: { kind: 'devnet' } });
    expect(byTestId(devnet, 'checkpoint-source')!.textContent).toBe('given by the devnet when it set up this network');
    expect(byTestId(devnet, 'checkpoint-source')!.getAttribute('data-kind')).toBe('devnet');
    expect(byTestId(devnet, 'checkpoint')!.textContent).not.toContain('your checkpoint');
    expect(checkpointSource({ root: ROOT, source: 'user', at: NOW, origin: { kind: 'added', by: ['127.0.0.1'] } })).toMatchObject({ kind: 'added', text: 'named by its beacon API (127.0.0.1) when you added the network' });
    expect(checkpointSource({ root: ROOT, source: 'stored', at: NOW, origin: { kind: 'added', by: ['a.example', 'b.example'] } }).text).toBe('agreed by 2 beacon APIs when you added the network: a.example, b.example');
    const settings = checkpointSource({ root: ROOT, source: 'user', at: NOW, origin: { kind: 'settings' } });
    expect(settings).toMatchObject({ kind: 'settings', text: 'saved with this network (Settings)' });
    expect(settings.title).toContain('Settings → Checkpoint');
  });

  it('no checkpoint yet: no line', () => {
    expect(byTestId(shown(null), 'checkpoint-source')).toBeNull();
  });
});

describe('the sync-committee periods in words', () => {
  const period = (current: number, head: number, catchingUp: boolean) => ({ current, head, start: current, catchingUp, updatesVerified: 0 });

  it('one behind and not catching up is not lag: the next committee is known', () => {
    expect(periodText(period(1, 2, false))).toBe('Following sync committee period 1; the chain is in period 2: the next committee is known, so its blocks verify.');
    const el = document.body.appendChild(document.createElement('div'));
    render(h(StatusView, { status: status({ period: period(1, 2, false) }) }), el);
    expect(byTestId(el, 'period')!.textContent).toBe(periodText(period(1, 2, false)));
    expect(el.textContent).not.toContain('chain at 2');
  });

  it("in the chain's period, and catching up with how many periods to go", () => {
    expect(periodText(period(2, 2, false))).toBe("Following sync committee period 2, the chain's current one.");
    expect(periodText(period(1, 4, true))).toBe('Catching up: at sync committee period 1; the chain is in period 4: 3 periods of committees to verify before its blocks do.');
  });
});

describe('the weak-subjectivity refusal', () => {
  it.each(['LC_CHECKPOINT_TOO_OLD', 'LC_STORE_AGED_OUT'])('%s explains the way out', (code) => {
    const text = explainError({ source: 'sync', code, message: 'x', severity: 'error', at: 0 }, status().network.weakSubjectivity);
    expect(text).toContain('weak-subjectivity period (about 14 days)');
    expect(text).toContain('Enter a recent finalized block root in Settings → Checkpoint, from a source you trust');
  });

  it('is shown in the status tab with its code', () => {
    const el = document.body.appendChild(document.createElement('div'));
    render(h(StatusView, { status: status({ state: 'error', checkpoint: null, errors: [{ source: 'sync', code: 'LC_STORE_AGED_OUT', message: 'stored light-client state is older than the weak-subjectivity period', severity: 'error', at: NOW - 1000 }] }) }), el);
    const problem = byTestId(el, 'problems')!.querySelector('[data-code="LC_STORE_AGED_OUT"]')!;
    expect(problem.textContent).toContain('Settings → Checkpoint');
    expect(problem.textContent).toContain('longer than the weak-subjectivity period (about 14 days)');
  });
});
