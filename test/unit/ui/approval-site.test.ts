// @vitest-environment happy-dom
/**
 * The approval window and the site that asks (issue 23's pages): the origin as the browser parsed
 * it with its registrable domain in bold (punycode said to be one); a sign-in (ERC-4361) shown as
 * one; one window per site, its requests in turn ("2 of 3"), new ones joining, the window closing
 * after the last.
 */
import { h } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApprovalView } from '../../../src/ui/api.ts';
import { ApprovalApp } from '../../../src/ui/components/approval/view.ts';
import { originParts } from '../../../src/ui/components/origin-name.ts';
import { cleanup, render } from './dom.ts';
import { ALICE, fakeWallet } from './fixtures.ts';

const root = () => document.body.appendChild(document.createElement('div'));
const byTestId = (el: Element, id: string) => el.querySelector(`[data-testid="${id}"]`);
const flush = () => act(() => new Promise((r) => setTimeout(r, 10)));
const click = (el: Element, id: string) => act(async () => (byTestId(el, id) as HTMLElement).click());
const text = (el: Element, id: string) => byTestId(el, id)?.textContent;

/** Polls (up to 5 s) until `fn` holds: the window moves on after its close delay and a poll. */
async function until(what: string, fn: () => boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (fn()) return;
    await act(async () => new Promise((r) => setTimeout(r, 10)));
  }
  throw new Error(`never: ${what}`);
}

async function mount(api: ReturnType<typeof fakeWallet>, options: { close?: () => void; closeDelayMs?: number; pollMs?: number } = {}) {
  const el = root();
  await act(async () => render(h(ApprovalApp, { api, id: api.approval!.id, pollMs: options.pollMs ?? 60_000, close: options.close ?? vi.fn(), closeDelayMs: options.closeDelayMs ?? 1000, armDelayMs: 0 }), el));
  await flush();
  return el;
}

const sign = (id: string, origin: string, text: string): ApprovalView => ({ id, kind: 'personalSign', origin, status: 'pending', locked: false, network: null, details: { address: ALICE, preview: { kind: 'text', text } } });

afterEach(cleanup);

describe('the origin, as the browser parsed it', () => {
  it('splits off the registrable domain by the Public Suffix List, private suffixes included', () => {
    expect(originParts('https://login.bank.example.evil.io')).toEqual({ scheme: 'https://', subdomain: 'login.bank.example.', domain: 'evil.io', port: '', punycode: false });
    expect(originParts('https://www.example.co.uk:8443')).toMatchObject({ subdomain: 'www.', domain: 'example.co.uk', port: ':8443' });
    expect(originParts('https://alice.github.io')).toMatchObject({ subdomain: '', domain: 'alice.github.io' });
    expect(originParts('http://127.0.0.1:3000')).toMatchObject({ scheme: 'http://', subdomain: '', domain: '127.0.0.1', port: ':3000' });
    expect(originParts('http://[::1]:3000')).toMatchObject({ subdomain: '', domain: '[::1]' });
    expect(originParts('http://localhost:5173')).toMatchObject({ subdomain: '', domain: 'localhost' });
    // Whatever form it came in, the URL API's: punycode, lower case, no default port.
    expect(originParts('https://WWW.München.DE:443')).toEqual({ scheme: 'https://', subdomain: 'www.', domain: 'xn--mnchen-3ya.de', port: '', punycode: true });
    expect(originParts('vigil')).toBeUndefined();
    expect(originParts('chrome-extension://abc')).toBeUndefined();
  });

  it('shows a look-alike host in punycode with its registrable domain in bold and a note', async () => {
    const api = fakeWallet();
    // "аpple.com" with a Cyrillic а, as the browser serializes its origin.
    api.approval = sign('p1', new URL('https://login.\u0430pple.com').origin, 'hello');
    const el = await mount(api);
    expect(byTestId(el, 'approval-origin')!.textContent).toBe('https://login.xn--pple-43d.com');
    expect(byTestId(el, 'approval-origin-domain')!.textContent).toBe('xn--pple-43d.com');
    expect(byTestId(el, 'approval-origin-domain')!.tagName).toBe('STRONG');
    expect(byTestId(el, 'approval-origin-punycode')!.textContent).toContain('punycode');
  });

  it('emphasises the registrable domain of a deceptive subdomain, and says nothing of punycode when there is none', async () => {
    const api = fakeWallet();
    api.approval = sign('p1', 'https://app.uniswap.org.claim-rewards.io', 'hello');
    const el = await mount(api);
    expect(byTestId(el, 'approval-origin-domain')!.textContent).toBe('claim-rewards.io');
    expect(byTestId(el, 'approval-origin-punycode')).toBeNull();
  });
});

describe('a sign-in (ERC-4361)', () => {
  it('is shown as a sign-in: domain, account, statement, chain id, nonce, expiry, resources; an expired one warned', async () => {
    const api = fakeWallet();
    const text = 'app.example wants you to sign in with your Ethereum account:\n…';
    api.approval = {
      ...sign('s1', 'https://app.example', text),
      details: {
        address: ALICE,
        preview: { kind: 'text', text },
        siwe: { domain: 'app.example', address: ALICE, statement: 'Sign in to the app', uri: 'https://app.example/login', version: '1', chainId: '1', nonce: 'abcdef12', issuedAt: '2027-01-15T08:00:00Z', expirationTime: '2027-01-15T08:10:00Z', expired: true, resources: ['ipfs://bafy'] },
      },
    };
    const el = await mount(api);
    expect(byTestId(el, 'approval-what')!.textContent).toBe('Sign in to app.example');
    expect(byTestId(el, 'approval-siwe-address')!.textContent).toBe(ALICE);
    expect(byTestId(el, 'approval-siwe-statement')!.textContent).toBe('Sign in to the app');
    expect(byTestId(el, 'approval-siwe-chain')!.textContent).toBe('1');
    expect(byTestId(el, 'approval-siwe-nonce')!.textContent).toBe('abcdef12');
    expect(byTestId(el, 'approval-siwe-expiry')!.textContent).toBe('2027-01-15T08:10:00Z');
    expect(byTestId(el, 'approval-siwe-resources')!.textContent).toBe('ipfs://bafy');
    expect(byTestId(el, 'approval-siwe-expired')).not.toBeNull();
    expect(byTestId(el, 'approval-message')!.textContent).toBe(text);
    expect(byTestId(el, 'approval-approve')!.textContent).toBe('Sign');
  });
});

describe('one window per site', () => {
  it('shows the site\'s requests in turn ("1 of 3"), a new one joining, and closes after the last', async () => {
    const api = fakeWallet();
    const origin = 'https://app.example';
    api.approval = sign('a', origin, 'first');
    api.queued = [sign('b', origin, 'second'), sign('x', 'https://other.example', 'not this site'), sign('c', origin, 'third')];
    const close = vi.fn();
    const el = await mount(api, { close, closeDelayMs: 5, pollMs: 20 });
    expect(byTestId(el, 'approval-position')!.textContent).toBe('1 of 3');
    expect(byTestId(el, 'approval-message')!.textContent).toBe('first');
    await click(el, 'approval-approve');
    await until('the second request', () => text(el, 'approval-message') === 'second');
    expect(text(el, 'approval-position')).toBe('2 of 3');
    // The site asks once more while the window is open: it joins the queue.
    api.queued.push(sign('d', origin, 'fourth'));
    await until('the fourth request counted', () => text(el, 'approval-position') === '2 of 4');
    await click(el, 'approval-reject');
    await until('the third request', () => text(el, 'approval-message') === 'third');
    expect(text(el, 'approval-position')).toBe('3 of 4');
    await click(el, 'approval-approve');
    await until('the fourth request', () => text(el, 'approval-message') === 'fourth');
    expect(text(el, 'approval-position')).toBe('4 of 4');
    expect(close).not.toHaveBeenCalled();
    await click(el, 'approval-approve');
    await until('the window closed', () => close.mock.calls.length > 0);
    expect(close).toHaveBeenCalledTimes(1);
    expect(api.calls.filter((c) => c.method === 'resolveApproval').map((c) => c.args.slice(0, 2))).toEqual([['a', true], ['b', false], ['c', true], ['d', true]]);
    expect(api.queued.find((q) => q.id === 'x')!.status).toBe('pending');
  });

  it('a refusal waits for Next when more requests wait, and a single request shows no count', async () => {
    const api = fakeWallet();
    const origin = 'https://app.example';
    api.approval = { ...sign('a', origin, 'refused one'), status: 'failed', error: { code: 'SIWE_DOMAIN_MISMATCH', message: 'for another site' } };
    api.queued = [sign('b', origin, 'next one')];
    const close = vi.fn();
    const el = await mount(api, { close, closeDelayMs: 5 });
    expect(byTestId(el, 'approval-position')!.textContent).toBe('1 of 2');
    expect(byTestId(el, 'approval-close')!.textContent).toBe('Next');
    await click(el, 'approval-close');
    await until('the next request', () => text(el, 'approval-message') === 'next one');
    expect(text(el, 'approval-position')).toBe('2 of 2');
    await click(el, 'approval-reject');
    await until('the window closed', () => close.mock.calls.length > 0);
    expect(close).toHaveBeenCalledTimes(1);
    render(null, el);
    api.approval = sign('z', origin, 'alone');
    api.queued = [];
    const alone = await mount(api);
    expect(byTestId(alone, 'approval-position')).toBeNull();
  });
});

describe('answers that arrive out of order', () => {
  /**
   * The background answers the window's reads in any order: a poll asked while the request was
   * being sent ("approved") can arrive after the answer that says it is done. The window stayed on
   * "done" with the site's next request waiting, never moving on (a clean clone's e2e hang, issue
   * 67): the stale "approved" cancelled the move to the next request, and "done" again did not
   * start it anew.
   */
  it('moves on to the next request when a poll older than the answer arrives after it', async () => {
    const api = fakeWallet();
    const origin = 'https://app.example';
    api.approval = sign('a', origin, 'first');
    api.queued = [sign('b', origin, 'second')];
    // Each read of "a" once answered: held back until released, and answering what it read when asked.
    const held: (() => void)[] = [];
    let answered = false;
    const getApproval = api.getApproval.bind(api);
    api.getApproval = async (id) => {
      const view = await getApproval(id);
      if (id !== 'a' || !answered) return view;
      const asked = { ...view, status: 'approved' as const };
      return new Promise((resolve) => held.push(() => resolve(asked)));
    };
    const close = vi.fn();
    // Long enough a pause after "done" that the stale read lands within it.
    const el = await mount(api, { close, closeDelayMs: 300, pollMs: 20 });
    expect(text(el, 'approval-position')).toBe('1 of 2');
    const resolve = api.resolveApproval.bind(api);
    api.resolveApproval = async (id, approve, accounts) => {
      answered = true;
      // A poll is asked while the request is being sent, and answers only after the request's own answer.
      await until('a poll asked while sending', () => held.length > 0);
      return resolve(id, approve, accounts);
    };
    await click(el, 'approval-approve');
    await until('done shown', () => el.querySelector('[data-status="done"]') !== null);
    // The stale read ("approved") lands after "done".
    await act(async () => held.splice(0).forEach((release) => release()));
    answered = false;
    await until('the second request', () => text(el, 'approval-message') === 'second');
    expect(text(el, 'approval-position')).toBe('2 of 2');
    expect(close).not.toHaveBeenCalled();
  });
});
