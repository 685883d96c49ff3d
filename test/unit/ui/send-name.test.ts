// @vitest-environment happy-dom
/**
 * The send form takes an ENS name: looked up by verified call as it is typed, its proven address
 * shown beside the name (never instead), the transaction sent to that address; a name with no
 * address or one ENSIP-15 refuses is not sent; a name served by a gateway is asked only after the
 * user allows that gateway (told it sees the name, the host permission asked in the same click),
 * and its answer is labelled the gateway's word.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { isNameLike } from '../../../src/ui/components/recipient-name.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, CAROL, fakeWallet } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const wait = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());
async function type(el: Element, id: string, value: string) {
  await act(async () => {
    const input = byTestId(el, id) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function sendPanel(api: ReturnType<typeof fakeWallet>) {
  const el = root();
  await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000 }), el));
  await wait(10);
  await click(el, 'home-send');
  return el;
}

afterEach(() => {
  cleanup();
  localStorage.clear();
});

describe('the send form with an ENS name', () => {
  it('tells a name from an address', () => {
    expect(isNameLike('bob.eth')).toBe(true);
    expect(isNameLike(BOB)).toBe(false);
    expect(isNameLike('bob')).toBe(false);
  });

  it('shows the proven address beside the name and sends to it', async () => {
    const api = fakeWallet();
    const el = await sendPanel(api);
    await type(el, 'send-to', 'Bob.eth');
    await wait(450);
    const note = byTestId(el, 'send-name')!;
    expect(note.getAttribute('data-kind')).toBe('proven');
    expect(note.textContent).toContain('bob.eth');
    expect(byTestId(el, 'send-name-address')!.textContent).toBe(BOB);
    expect(byTestId(el, 'send-name-provenance')!.textContent).toContain('proven at block 1234');
    // The name stays where it was typed: the address is beside it, not instead.
    expect((byTestId(el, 'send-to') as HTMLInputElement).value).toBe('Bob.eth');
    await type(el, 'send-value', '1');
    await click(el, 'send-submit');
    // The name goes along, a claim the window checks again by proof before it shows it.
    expect(api.calls.find((c) => c.method === 'send')!.args).toEqual([{ from: ALICE, to: BOB, value: '0xde0b6b3a7640000', name: 'bob.eth' }]);
  });

  it('Review clicked while the name is being looked up waits for it and goes on: no error beside the proven name, no second click', async () => {
    const api = fakeWallet();
    const el = await sendPanel(api);
    await type(el, 'send-value', '1');
    await type(el, 'send-to', 'bob.eth');
    await click(el, 'send-submit');
    expect(byTestId(el, 'send-error')).toBeNull();
    expect(byTestId(el, 'send-waiting')!.textContent).toContain('once the name is looked up');
    expect(api.calls.filter((c) => c.method === 'send')).toEqual([]);
    await wait(450);
    expect(byTestId(el, 'send-name')!.getAttribute('data-kind')).toBe('proven');
    expect(byTestId(el, 'send-error')).toBeNull();
    expect(byTestId(el, 'send-waiting')).toBeNull();
    expect(api.calls.filter((c) => c.method === 'send').map((c) => c.args)).toEqual([[{ from: ALICE, to: BOB, value: '0xde0b6b3a7640000', name: 'bob.eth' }]]);
  });

  it('a Review that waited is dropped when the recipient changes, and a stale error goes with the name it was about', async () => {
    const api = fakeWallet();
    const el = await sendPanel(api);
    await type(el, 'send-value', '1');
    await type(el, 'send-to', 'bob.eth');
    await click(el, 'send-submit');
    await type(el, 'send-to', 'nobody.eth');
    expect(byTestId(el, 'send-waiting')).toBeNull();
    await wait(450);
    expect(byTestId(el, 'send-name')!.getAttribute('data-kind')).toBe('none');
    expect(api.calls.filter((c) => c.method === 'send')).toEqual([]);
    await click(el, 'send-submit');
    expect(byTestId(el, 'send-error')!.textContent).toContain('has no address');
    await type(el, 'send-to', 'bob.eth');
    expect(byTestId(el, 'send-error')).toBeNull();
  });

  it('sends nothing for a name with no address, one ENSIP-15 refuses, or one still being looked up', async () => {
    const api = fakeWallet();
    const el = await sendPanel(api);
    await type(el, 'send-value', '1');
    await type(el, 'send-to', 'nobody.eth');
    await click(el, 'send-submit');
    expect(byTestId(el, 'send-error')).toBeNull();
    await wait(450);
    expect(byTestId(el, 'send-name')!.getAttribute('data-kind')).toBe('none');
    // The Review that waited says why not, without a second click.
    expect(byTestId(el, 'send-error')!.textContent).toContain('has no address');
    await type(el, 'send-to', 'a_b.eth');
    await wait(450);
    expect(byTestId(el, 'send-name')!.getAttribute('data-kind')).toBe('error');
    expect(byTestId(el, 'send-name')!.textContent).toContain('ENSIP-15');
    await click(el, 'send-submit');
    expect(api.calls.filter((c) => c.method === 'send')).toEqual([]);
  });

  it('asks a gateway only once the user allows it, and labels its answer the gateway\'s word', async () => {
    const api = fakeWallet();
    const requestHosts = vi.fn(async () => true);
    Object.assign(api, { requestHosts });
    const el = await sendPanel(api);
    await type(el, 'send-to', 'off.eth');
    await wait(450);
    const note = byTestId(el, 'send-name')!;
    expect(note.getAttribute('data-kind')).toBe('gateway');
    expect(note.textContent).toContain('https://gw.example');
    expect(note.textContent).toContain('will see the name');
    expect(api.calls.filter((c) => c.method === 'resolveName').map((c) => c.args)).toEqual([['off.eth', []]]);
    await click(el, 'send-name-allow');
    await wait(20);
    expect(requestHosts).toHaveBeenCalledWith(['https://gw.example']);
    expect(api.calls.filter((c) => c.method === 'resolveName').at(-1)!.args).toEqual(['off.eth', ['https://gw.example']]);
    expect(byTestId(el, 'send-name')!.getAttribute('data-kind')).toBe('gateway');
    expect(byTestId(el, 'send-name-address')!.textContent).toBe(CAROL);
    expect(byTestId(el, 'send-name-provenance')!.textContent).toContain("the gateway's word");
  });

  it('asks nothing when the user refuses the host permission', async () => {
    const api = fakeWallet();
    Object.assign(api, { requestHosts: vi.fn(async () => false) });
    const el = await sendPanel(api);
    await type(el, 'send-to', 'off.eth');
    await wait(450);
    await click(el, 'send-name-allow');
    await wait(20);
    expect(api.calls.filter((c) => c.method === 'resolveName')).toHaveLength(1);
    expect(byTestId(el, 'send-name')!.getAttribute('data-kind')).toBe('error');
  });
});

describe("the send form's balance", () => {
  it('reads as the home reads it: one short amount, the exact one on hover and focus', async () => {
    const api = fakeWallet();
    const exact = '999948927497267896787028';
    const proven = await fakeWallet().balances();
    api.balances = vi.fn(async () => ({ ...proven, accounts: [{ address: ALICE, balance: exact, nonce: '3', tokens: [], delegation: { kind: 'none' as const } }] }));
    const el = await sendPanel(api);
    await wait(10);
    const shown = byTestId(el, 'send-from-balance')!;
    expect(shown.textContent).toBe('999,948 ETH');
    expect(shown.getAttribute('title')).toBe('999,948.927497267896787028 ETH');
    expect(shown.parentElement!.textContent).toBe('999,948 ETH proven');
    expect(byTestId(el, 'send-back')).not.toBeNull();
    await click(el, 'send-back');
    expect(byTestId(el, 'home-balance')!.textContent).toBe('999,948 ETH');
  });
});
