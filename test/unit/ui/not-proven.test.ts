// @vitest-environment happy-dom
/**
 * The home says why a balance is not proven yet, in words under the badge, from what the status
 * knows: offline, no network or no execution RPC, no beacon API answered, still syncing (and
 * where), or the execution RPC still to prove it.
 */
import { h } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BalanceHero, whyNotProven } from '../../../src/ui/components/home/balance-hero.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, NOW, status } from './fixtures.ts';

const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);

afterEach(cleanup);

const unreachable = { source: 'sync' as const, code: 'NETWORK', message: 'fetch failed', severity: 'warning' as const, endpoint: 'https://lodestar-mainnet.chainsafe.io', at: NOW - 1000 };

describe('why nothing is proven', () => {
  it('offline (an onboarding with no network): says so first', () => {
    expect(whyNotProven(status({ state: 'starting', optimistic: null, errors: [unreachable] }), false)).toBe('This computer is offline: no server can be asked, so nothing is proven yet.');
  });

  it('no beacon API answered: names the host, and that Vigil keeps trying', () => {
    expect(whyNotProven(status({ state: 'starting', optimistic: null, errors: [unreachable] }), true)).toBe(
      'No beacon API answered (lodestar-mainnet.chainsafe.io): nothing can be verified until one does. Vigil keeps trying.',
    );
  });

  it('still syncing: where it is', () => {
    expect(whyNotProven(status({ state: 'catching-up', optimistic: null, period: { current: 3, head: 5, start: 1, catchingUp: true, updatesVerified: 2 } }), true)).toBe('Still syncing: verifying sync committees, period 3 of 5.');
    expect(whyNotProven(status({ state: 'bootstrapping', optimistic: null }), true)).toBe('Still syncing: verifying the checkpoint.');
    expect(whyNotProven(status({ state: 'starting', optimistic: null }), true)).toBe('Still syncing: no block verified yet.');
  });

  it('no network, no execution RPC, a failed start, a verified head the RPC has not proven at yet', () => {
    expect(whyNotProven(status({ state: 'unconfigured', optimistic: null }), true)).toContain('No network is set up');
    const noRpc = status();
    expect(whyNotProven({ ...noRpc, network: { ...noRpc.network, executionRpcs: [] } }, true)).toBe('This network has no execution RPC: balances are proven once you add one in Settings.');
    expect(whyNotProven(status({ state: 'error', optimistic: null }), true)).toBe('The light client could not start (Status says why); retrying.');
    expect(whyNotProven(status(), true)).toBe('Waiting for the execution RPC to prove it at the newest verified block.');
    expect(whyNotProven(null, true)).toBe("Waiting for Vigil's background to answer.");
  });

  it('is shown under "Not proven yet" only, never beside a proven balance', () => {
    const el = document.body.appendChild(document.createElement('div'));
    render(h(BalanceHero, { row: { address: ALICE, error: 'no verified head or no execution RPC yet' }, at: null, why: 'No beacon API answered (x): nothing can be verified until one does.' }), el);
    expect(byTestId(el, 'home-proof')!.textContent).toBe('Not proven yet');
    expect(byTestId(el, 'home-why')!.textContent).toBe('No beacon API answered (x): nothing can be verified until one does.');
    const proven = document.body.appendChild(document.createElement('div'));
    const row = { address: ALICE, balance: '1', nonce: '0', tokens: [], delegation: { kind: 'none' } } as never;
    render(h(BalanceHero, { row, at: { blockNumber: 5, blockHash: '0x' + '22'.repeat(32), timestamp: NOW / 1000 }, why: 'should not show' }), proven);
    expect(byTestId(proven, 'home-why')).toBeNull();
  });
});
