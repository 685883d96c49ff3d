// @vitest-environment happy-dom
/**
 * The popup's words for how old a checkpoint may be and how long Vigil may stay away follow the
 * network's fork: 14 days before Gloas, about 6.6 days after (src/l1/weak-subjectivity.ts), from
 * the background's status (src/client/light-client/session-status.ts weakSubjectivityView) to the text.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { weakSubjectivityView } from '../../../src/client/light-client/session-status.ts';
import type { Status } from '../../../src/extension/messages.ts';
import { parseNetworkConfig } from '../../../src/l1/config.ts';
import { NETWORKS, networkConfig } from '../../../src/l1/networks.ts';
import type { PopupApi } from '../../../src/ui/api.ts';
import { App } from '../../../src/ui/app.ts';
import { checkpointWarning } from '../../../src/ui/components/settings-view.ts';
import { StatusView } from '../../../src/ui/components/status-view.ts';
import { explainError } from '../../../src/ui/format.ts';
import { cleanup, render } from './dom.ts';
import { fakeWallet, settings, status } from './fixtures.ts';

const BEFORE = { seconds: 14 * 24 * 3600, gloas: false };
const AFTER = { seconds: 1484 * 384, gloas: true };
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const refusal = (code: string) => ({ source: 'sync' as const, code, message: 'x', severity: 'error' as const, at: 0 });

afterEach(cleanup);

describe("the background's period", () => {
  it('is 14 days on mainnet today, and 6.6 days from a scheduled Gloas fork on', () => {
    const mainnet = networkConfig('mainnet');
    const at = (config: typeof mainnet, epoch: number) => weakSubjectivityView(config, (config.genesisTime + epoch * 384) * 1000);
    expect(at(mainnet, 450_000)).toEqual(BEFORE);
    const gloas = parseNetworkConfig({ ...NETWORKS.mainnet, GLOAS_FORK_EPOCH: 450_000 });
    expect(at(gloas, 449_999)).toEqual(BEFORE);
    expect(at(gloas, 450_000)).toEqual(AFTER);
    expect(weakSubjectivityView(undefined, 0)).toEqual(BEFORE);
  });
});

describe('the refusals', () => {
  it.each(['LC_CHECKPOINT_TOO_OLD', 'LC_STORE_AGED_OUT'])('%s names the period of the network: 14 days, then 6.6 from Glamsterdam on', (code) => {
    expect(explainError(refusal(code), BEFORE)).toContain('the weak-subjectivity period (about 14 days)');
    const after = explainError(refusal(code), AFTER);
    expect(after).toContain("the weak-subjectivity period (about 6.6 days, shorter since this network's Glamsterdam upgrade)");
    expect(after).not.toContain('14 days');
    // An older background sends no period: no number rather than a wrong one.
    expect(explainError(refusal(code), undefined)).toMatch(/the weak-subjectivity period[,:]/);
  });

  it('the status tab shows the one of its network', () => {
    const el = document.body.appendChild(document.createElement('div'));
    const base = status();
    render(h(StatusView, { status: { ...base, network: { ...base.network, weakSubjectivity: AFTER }, errors: [{ ...refusal('LC_STORE_AGED_OUT'), at: base.now }] } }), el);
    expect(byTestId(el, 'problems')!.textContent).toContain('Vigil was away for longer than the weak-subjectivity period (about 6.6 days, shorter since');
  });
});

describe("the settings' checkpoint warning", () => {
  it('says how old a checkpoint may be, rounded down, and that being away as long needs a new one', () => {
    expect(checkpointWarning(BEFORE)).toBe(
      'Use a checkpoint less than 14 days old, from a source you trust. Older ones are outside the weak-subjectivity period (about 14 days): validators who have since left could sign a false chain from there. Vigil also needs a new one if it stays closed for longer than that.',
    );
    expect(checkpointWarning(AFTER)).toContain("Use a checkpoint less than 6 days old, from a source you trust. Older ones are outside the weak-subjectivity period (about 6.6 days, shorter since this network's Glamsterdam upgrade)");
    expect(checkpointWarning(undefined)).toContain('Use a recent checkpoint, from a source you trust.');
  });

  it("the popup's settings tab takes the period from the status", async () => {
    const withPeriod = (ws: typeof AFTER): Status => {
      const base = status();
      return { ...base, network: { ...base.network, weakSubjectivity: ws } };
    };
    let current = withPeriod(AFTER);
    const api = { ...fakeWallet(), getStatus: vi.fn(async () => current), getSettings: vi.fn(async () => settings()) } as unknown as PopupApi;
    const el = document.body.appendChild(document.createElement('div'));
    await act(async () => render(h(App, { api, pollMs: 20 }), el));
    await act(async () => (byTestId(el, 'tab-settings') as HTMLElement).click());
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect(byTestId(el, 'ws-warning')!.textContent).toContain('less than 6 days old');
    current = withPeriod(BEFORE);
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(byTestId(el, 'ws-warning')!.textContent).toContain('less than 14 days old');
  });
});
