// @vitest-environment happy-dom
/**
 * The popup's home in happy-dom: Receive (the EIP-681 URI carrying the chain, its QR code as an
 * SVG image, no innerHTML), the balance's proof badge in words from what the balances carry, copy
 * with a visible "Copied", the network picker switching from the header, the badge opening Status,
 * activity rows that open on their details, and Settings' Advanced closed until opened.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActivityView, PopupApi } from '../../../src/ui/api.ts';
import { App } from '../../../src/ui/app.ts';
import { proofBadge } from '../../../src/ui/components/home/balance-hero.ts';
import { eip681Uri, qrDataUrl } from '../../../src/ui/components/home/receive-panel.ts';
import { WalletView } from '../../../src/ui/components/wallet-view.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, BOB, fakeWallet, settings, status } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const allByTestId = (el: Element, id: string) => [...el.querySelectorAll(`[data-testid="${id}"]`)];
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());

afterEach(() => {
  cleanup();
  localStorage.clear();
});

async function mount(api: ReturnType<typeof fakeWallet>, props: Record<string, unknown> = {}) {
  const el = root();
  await act(async () => render(h(WalletView, { api: api as never, pollMs: 60_000, network: { label: 'Devnet', chainId: 1337 }, ...props }), el));
  await flush();
  return el;
}

function appApi() {
  const s = status();
  const api: PopupApi = {
    ...fakeWallet(),
    getStatus: vi.fn(async () => s),
    getSettings: vi.fn(async () => settings()),
    setNetwork: vi.fn(async () => s),
    saveProfile: vi.fn(async () => s),
    setOverrideWindowEthereum: vi.fn(async () => s),
    setMaxUnattendedCost: vi.fn(async () => s),
    setIncomingTolerance: vi.fn(async () => s),
    setBatchExpiry: vi.fn(async () => s),
    requestHosts: vi.fn(async () => true),
  };
  return api;
}

describe('Receive', () => {
  it('is the EIP-681 URI of the address with its chain: ethereum:<address>@<chain id>', () => {
    expect(eip681Uri(ALICE, 1337)).toBe(`ethereum:${ALICE}@1337`);
    expect(eip681Uri(ALICE, 1)).toBe(`ethereum:${ALICE}@1`);
  });

  it('refuses what is not an address or a chain id, rather than encode it', () => {
    for (const bad of ['', '0x1234', `${ALICE}00`, ALICE.slice(2), `${ALICE}@1`, 'ethereum:0x0', ` ${ALICE}`]) expect(() => eip681Uri(bad, 1)).toThrow(/address/);
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 53]) expect(() => eip681Uri(ALICE, bad)).toThrow(/chainId/);
  });

  it("draws the URI's QR code as an SVG data: URL", () => {
    const url = qrDataUrl(eip681Uri(ALICE, 1337));
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const svg = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1">/);
    expect(svg).toMatch(/<path fill="#000000" d="M\d/);
    // Another URI, another code.
    expect(qrDataUrl(eip681Uri(BOB, 1337))).not.toBe(url);
  });

  it('shows the address in full, the code of the URI with the chain, and copies the address', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const el = await mount(fakeWallet());
    await click(el, 'home-receive');
    expect(byTestId(el, 'receive-address')!.textContent).toBe(ALICE);
    const img = byTestId(el, 'receive-qr') as HTMLImageElement;
    expect(img.getAttribute('data-uri')).toBe(`ethereum:${ALICE}@1337`);
    expect(img.getAttribute('src')).toBe(qrDataUrl(`ethereum:${ALICE}@1337`));
    expect(byTestId(el, 'receive')!.textContent).toContain('Devnet (chain 1337)');
    await click(el, 'receive-copy');
    await flush();
    expect(writeText).toHaveBeenCalledWith(ALICE);
    expect(byTestId(el, 'receive-copy')!.textContent).toBe('Copied');
    await click(el, 'receive-back');
    expect(byTestId(el, 'home-balance')).not.toBeNull();
  });

  it('says to select the address when the clipboard refuses', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => Promise.reject(new Error('Document is not focused'))) }, configurable: true });
    const el = await mount(fakeWallet());
    await click(el, 'home-copy');
    await flush();
    expect(byTestId(el, 'home-copy')!.textContent).toBe('Select it to copy');
  });
});

describe("the balance's proof badge", () => {
  const at = { blockNumber: 1234, blockHash: '0x' + 'ab'.repeat(32), timestamp: 1 };
  it('says from what the balances carry: proven at a block, not proven yet, refused, unreachable', () => {
    expect(proofBadge({ address: ALICE, balance: '1', nonce: '0', tokens: [], delegation: { kind: 'none' } }, at)).toMatchObject({ text: 'Proven at block 1,234', kind: 'proven', tone: 'good' });
    expect(proofBadge(undefined, null)).toMatchObject({ kind: 'proving' });
    expect(proofBadge({ address: ALICE, error: 'no verified head or no execution RPC yet' }, null)).toMatchObject({ text: 'Not proven yet', kind: 'not-yet' });
    expect(proofBadge({ address: ALICE, error: 'NO_VERIFIED_HEAD: nothing verified' }, null)).toMatchObject({ text: 'Not proven yet' });
    expect(proofBadge({ address: ALICE, error: 'PROOF_NODE_HASH_MISMATCH: a node does not hash to its reference' }, at)).toMatchObject({ text: 'Endpoint refused', kind: 'refused', tone: 'bad' });
    expect(proofBadge({ address: ALICE, error: 'ALL_ENDPOINTS_FAILED: every RPC failed' }, at)).toMatchObject({ text: 'Endpoint unreachable', kind: 'unreachable' });
    // What a hostile background could send is never shown as proven.
    expect(proofBadge({ address: ALICE, error: 42 } as never, at)).toMatchObject({ kind: 'not-yet' });
  });

  it('opens the Status tab', async () => {
    const el = root();
    await act(async () => render(h(App, { api: appApi(), pollMs: 60_000 }), el));
    await flush();
    await flush();
    expect(byTestId(el, 'home-proof')!.textContent).toBe('Proven at block 1,234');
    await click(el, 'home-proof');
    await flush();
    expect(byTestId(el, 'tab-status')!.getAttribute('aria-selected')).toBe('true');
    expect(byTestId(el, 'optimistic-block')!.textContent).toBe('#1,234');
  });
});

describe('the home header', () => {
  it('names the network and switches it as Settings does', async () => {
    const api = appApi();
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await flush();
    await flush();
    const select = byTestId(el, 'home-network') as HTMLSelectElement;
    expect(select.value).toBe('devnet');
    expect([...select.options].map((o) => o.textContent)).toContain('Devnet · 1337');
    await act(async () => {
      select.value = 'mainnet';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(api.setNetwork).toHaveBeenCalledWith('mainnet');
    expect(api.getSettings).toHaveBeenCalledTimes(2);
  });

  it('says why the network did not switch', async () => {
    const api = appApi();
    api.setNetwork = vi.fn(async () => Promise.reject(new Error('no such network')));
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await flush();
    await flush();
    const select = byTestId(el, 'home-network') as HTMLSelectElement;
    await act(async () => {
      select.value = 'mainnet';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await flush();
    expect(el.textContent).toContain('The network did not switch: no such network');
  });

  it('has Rollups as its own tab: the rollups, then the L2 accounts or why there are none', async () => {
    const el = root();
    await act(async () => render(h(App, { api: appApi(), pollMs: 60_000 }), el));
    await flush();
    await click(el, 'tab-rollups');
    await flush();
    expect(byTestId(el, 'rollups-none')!.textContent).toContain('follows no rollup');
    expect(byTestId(el, 'l2-none')).not.toBeNull();
  });
});

describe('activity on the home', () => {
  const row = (i: number, over: Partial<ActivityView> = {}): ActivityView => ({
    hash: '0x' + String(i).padStart(2, '0').repeat(32),
    from: ALICE,
    to: BOB,
    value: '1000000000000000000',
    maxCost: '1000042000000000000',
    nonce: String(i),
    origin: 'https://app.example',
    summary: `Send 1 ETH #${i}`,
    status: 'final',
    receipt: { blockNumber: 1200 + i, blockHash: '0x' + 'cd'.repeat(32), gasUsed: '21000', status: 1 },
    settledIn: { blockNumber: 1200 + i, blockHash: '0x' + 'cd'.repeat(32), final: true },
    effects: { at: { blockNumber: String(1190 + i), blockHash: '0x' + 'ef'.repeat(32) }, ok: true },
    createdAt: i,
    ...over,
  });

  it('shows the newest three, then all; a row opens on its hash, block, from, to, value, fee and what was proven', async () => {
    const api = fakeWallet();
    api.activityRows = [row(1), row(2), row(3), row(4)];
    const el = await mount(api);
    await flush();
    expect(allByTestId(el, 'activity-row').map((r) => r.textContent!.slice(0, 12))).toEqual(['Send 1 ETH #', 'Send 1 ETH #', 'Send 1 ETH #']);
    expect(allByTestId(el, 'activity-row')[0]!.textContent).toContain('#4');
    await click(el, 'activity-all');
    expect(allByTestId(el, 'activity-row')).toHaveLength(4);
    const first = allByTestId(el, 'activity-row')[0]!;
    expect(byTestId(first, 'activity-details')).toBeNull();
    await act(async () => (byTestId(first, 'activity-toggle') as HTMLElement).click());
    expect(byTestId(first, 'activity-toggle')!.getAttribute('aria-expanded')).toBe('true');
    const details = byTestId(first, 'activity-details')!;
    expect(byTestId(details, 'activity-detail-hash')!.textContent).toBe('0x' + '04'.repeat(32));
    expect(byTestId(details, 'activity-detail-block')!.textContent).toBe('1,204, final');
    expect(details.textContent).toContain(ALICE);
    expect(details.textContent).toContain(BOB);
    expect(byTestId(details, 'activity-detail-fee')!.textContent).toBe('at most 0.000042 ETH (signed cap) · 21,000 gas used');
    expect(details.textContent).toContain('final in block 1,204 (verified receipt)');
    expect(details.textContent).toContain('effects shown before signing, proven at block 1,194');
    expect(details.textContent).toContain('app.example');
  });

  it('shows a row the background sent without its cost or sender as unknown, never made up', async () => {
    const api = fakeWallet();
    const { from: _f, maxCost: _m, effects: _e, ...bare } = row(1, { status: 'pending', receipt: undefined, settledIn: undefined } as never);
    api.activityRows = [{ ...bare, maxCost: 'lots' } as never];
    const el = await mount(api);
    await flush();
    await act(async () => (byTestId(el, 'activity-toggle') as HTMLElement).click());
    const details = byTestId(el, 'activity-details')!;
    expect(byTestId(details, 'activity-detail-fee')!.textContent).toBe('—');
    expect(byTestId(details, 'activity-detail-block')!.textContent).toBe('not in a verified block yet');
  });

  it('says what each did in words, with the amount and the counterparty by its proven name: "Sent 10 VTA … to bob.vigil.eth …", "Deposited …"', async () => {
    const api = fakeWallet();
    const VTA = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
    const at = { blockNumber: '1190', blockHash: '0x' + 'ef'.repeat(32) };
    api.activityRows = [
      row(1, { to: VTA, value: '0', decoded: { kind: 'erc20-transfer', token: VTA, recipient: BOB, amount: '10000000000000000000', symbol: 'VTA', decimals: 18 }, recipientName: { name: 'bob.vigil.eth', address: BOB } }),
      row(2, { to: '0x' + 'a2'.repeat(20), value: '2000000000000000000', decoded: { kind: 'call', selector: '0x12345678', bytes: 36 }, effects: { at, ok: true, call: { kind: 'deposit', rollup: 'Vigil ZK devnet', contract: 'rollup contract', address: '0x' + 'a2'.repeat(20), amount: '2000000000000000000' } } }),
      row(3, { decoded: null }),
      // An older row (no decoded call kept), a speed-up, a kind this version does not know: their summaries.
      row(4, { summary: 'Speed up nonce 3', decoded: null, replaces: { hash: '0x' + '01'.repeat(32), kind: 'speedUp' } }),
      row(5, { decoded: { kind: 'erc9999-something', token: VTA } }),
      row(6),
    ];
    const el = await mount(api);
    await flush();
    await click(el, 'activity-all');
    const said = allByTestId(el, 'activity-summary').map((s) => s.textContent);
    expect(said).toEqual([
      'Send 1 ETH #6',
      'Send 1 ETH #5',
      'Speed up nonce 3',
      'Sent 1 ETH to 0xFFcf…09f0',
      "Deposited 2 ETH into Vigil ZK devnet's bridge (its rollup contract 0xa2a2…a2a2)",
      'Sent 10 VTA (0x5fbd…0aa3) to bob.vigil.eth (0xFFcf…09f0)',
    ]);
    // Each amount is short, its exact value on hover.
    expect(allByTestId(el, 'activity-summary')[5]!.querySelector('.amount')!.getAttribute('title')).toBe('10 VTA (0x5fbd…0aa3)');
  });

  it('the fee is what was paid (gas used × effective gas price, verified receipt); the signed cap only while it waits', async () => {
    const api = fakeWallet();
    const paid = row(1, { receipt: { blockNumber: 1201, blockHash: '0x' + 'cd'.repeat(32), gasUsed: '21000', status: 1, effectiveGasPrice: '1000000007' } });
    const waiting = row(2, { status: 'pending', receipt: undefined, settledIn: undefined });
    api.activityRows = [paid, waiting];
    const el = await mount(api);
    await flush();
    const fee = async (k: number) => {
      const r = allByTestId(el, 'activity-row')[k]!;
      await act(async () => (byTestId(r, 'activity-toggle') as HTMLElement).click());
      return byTestId(r, 'activity-detail-fee')!;
    };
    const waitingFee = await fee(0);
    expect(waitingFee.textContent).toBe('at most 0.000042 ETH (signed cap)');
    const paidFee = await fee(1);
    expect(paidFee.textContent).toBe('0.00002101 ETH paid (21,000 gas × 1.000000007 gwei, verified receipt)');
    expect(byTestId(paidFee, 'activity-fee-paid')!.getAttribute('title')).toBe('0.000021000000147 ETH');
    expect(paidFee.textContent).not.toContain('signed cap');
  });
});

describe('Settings', () => {
  it('leads with the network, then sites and security; endpoints and limits wait closed under Advanced', async () => {
    const el = root();
    await act(async () => render(h(App, { api: appApi(), pollMs: 60_000 }), el));
    await click(el, 'tab-settings');
    await flush();
    await flush();
    const order = ['network-select', 'sites', 'settings-advanced'].map((id) => byTestId(el, id)!);
    expect(order[0]!.compareDocumentPosition(order[1]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(order[1]!.compareDocumentPosition(order[2]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const advanced = byTestId(el, 'settings-advanced') as HTMLDetailsElement;
    expect(advanced.open).toBe(false);
    for (const id of ['beacon-apis', 'execution-rpcs', 'checkpoint-input', 'autolock-minutes', 'exit-fee-cap', 'incoming-tolerance', 'batch-expiry']) expect(advanced.contains(byTestId(el, id)), id).toBe(true);
    expect(advanced.contains(byTestId(el, 'network-select'))).toBe(false);
  });

  it('sets auto-lock under Advanced, refusing what is not whole minutes from 1 to 1440', async () => {
    const api = appApi();
    const spy = vi.spyOn(api, 'setAutoLock');
    const el = root();
    await act(async () => render(h(App, { api, pollMs: 60_000 }), el));
    await click(el, 'tab-settings');
    await flush();
    await flush();
    const set = async (text: string) => {
      await act(async () => {
        const input = byTestId(el, 'autolock-minutes') as HTMLInputElement;
        input.value = text;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await click(el, 'autolock-save');
      await flush();
    };
    await set('0');
    await set('1.5');
    expect(spy).not.toHaveBeenCalled();
    expect(byTestId(el, 'autolock-note')!.textContent).toContain('from 1 to 1440');
    await set('5');
    expect(spy).toHaveBeenCalledWith(5);
    expect(byTestId(el, 'autolock-note')!.textContent).toBe('Vigil locks after 5 min without use.');
  });
});
