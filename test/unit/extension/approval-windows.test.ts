/**
 * One approval window per origin (src/extension/approval-windows.ts) over fake browser windows:
 * remembered across a service-worker restart (storage.session), forgotten when the browser no
 * longer has it, fifty requests at once open one window, and a closed window says what it showed.
 * No page keeps the user in windows: a window is brought forward at most every 5 s however fast a
 * page asks, and at most four windows are open across sites.
 */
import { describe, expect, it } from 'vitest';
import { WALLET_ORIGIN } from '../../../src/client/wallet/permissions.ts';
import { ApprovalWindows, FOCUS_INTERVAL_MS, MAX_WINDOWS } from '../../../src/extension/approval-windows.ts';

function browserWindows() {
  const open = new Set<number>();
  const created: string[] = [];
  const focused: number[] = [];
  let next = 10;
  const api = {
    create: async (url: string) => {
      created.push(url);
      // The browser takes its time: concurrent calls must not each open one.
      await new Promise((r) => setTimeout(r, 2));
      open.add(next);
      return next++;
    },
    exists: async (id: number) => open.has(id),
    focus: async (id: number) => void focused.push(id),
  };
  return { api, open, created, focused };
}

function memorySession() {
  const store = new Map<string, unknown>();
  return { get: async (k: string) => structuredClone(store.get(k)), set: async (k: string, v: unknown) => void store.set(k, structuredClone(v)) };
}

describe('ApprovalWindows', () => {
  it('opens one window per origin however many requests arrive at once; brings it forward for a later one, at most every 5 s', async () => {
    const w = browserWindows();
    const clock = { now: 1_000_000 };
    const windows = new ApprovalWindows({ windows: w.api, session: memorySession(), url: (id) => `approval.html?id=${id}`, now: () => clock.now });
    await Promise.all(Array.from({ length: 50 }, (_, i) => windows.open(`a${i}`, 'https://a.example')));
    await windows.open('b0', 'https://b.example');
    expect(w.created).toEqual(['approval.html?id=a0', 'approval.html?id=b0']);
    // Just opened (with the focus): not brought forward again for each.
    expect(w.focused).toEqual([]);
    clock.now += FOCUS_INTERVAL_MS;
    // A page looping requests (or -32002's "bring the waiting one forward") for 7.5 s takes the focus once per interval.
    for (let i = 0; i < 150; i++) {
      await windows.open(`a-loop-${i}`, 'https://a.example');
      clock.now += 50;
    }
    expect(w.focused).toEqual([10, 10]);
  });

  it('keeps at most four windows open across sites: a fifth site gets REQUEST_PENDING until one closes (or the browser lost one)', async () => {
    const w = browserWindows();
    const windows = new ApprovalWindows({ windows: w.api, session: memorySession(), url: (id) => id });
    for (let i = 0; i < MAX_WINDOWS; i++) await windows.open(`s${i}`, `https://s${i}.example`);
    await expect(windows.open('s4', 'https://s4.example')).rejects.toMatchObject({ name: 'WalletError', code: 'REQUEST_PENDING' });
    // An open site's window still takes its requests.
    await windows.open('s0-more', 'https://s0.example');
    expect(w.created).toHaveLength(MAX_WINDOWS);
    await windows.closed(10);
    await windows.open('s4', 'https://s4.example');
    await expect(windows.open('s5', 'https://s5.example')).rejects.toMatchObject({ code: 'REQUEST_PENDING' });
    // A window the browser closed without telling frees its place.
    w.open.delete(11);
    await windows.open('s5', 'https://s5.example');
    expect(w.created).toEqual(['s0', 's1', 's2', 's3', 's4', 's5']);
    // The user's own send from the popup is never held back by sites' windows.
    await windows.open('mine', WALLET_ORIGIN);
    expect(w.created.at(-1)).toBe('mine');
  });

  it('remembers windows across a restarted service worker, forgets one the browser closed without telling', async () => {
    const w = browserWindows();
    const session = memorySession();
    const first = new ApprovalWindows({ windows: w.api, session, url: (id) => id });
    await first.open('a0', 'https://a.example');
    await first.saw('https://a.example', ['a0', 'a1']);
    const second = new ApprovalWindows({ windows: w.api, session, url: (id) => id });
    await second.open('a2', 'https://a.example');
    expect(w.created).toEqual(['a0']);
    // The window went away while no worker ran: the next request opens a new one, with nothing seen.
    w.open.clear();
    await second.open('a3', 'https://a.example');
    expect(w.created).toEqual(['a0', 'a3']);
    expect(await second.closed(11)).toEqual({ origin: 'https://a.example', seen: [] });
    expect(await second.closed(11)).toBeUndefined();
    expect(await second.closed(99)).toBeUndefined();
  });

  it('says what a closed window showed, once; a malformed record in the session store is ignored', async () => {
    const w = browserWindows();
    const session = memorySession();
    await session.set('vigil.approvalWindows', { 'https://x.example': { windowId: 'no', seen: 5 }, 'https://y.example': null });
    const windows = new ApprovalWindows({ windows: w.api, session, url: (id) => id });
    await windows.open('a0', 'https://a.example');
    await windows.saw('https://a.example', ['a0']);
    await windows.saw('https://a.example', ['a0', 'a1']);
    await windows.saw('https://nobody.example', ['z']);
    expect(await windows.closed(10)).toEqual({ origin: 'https://a.example', seen: ['a0', 'a1'] });
    expect(await session.get('vigil.approvalWindows')).toEqual({});
  });
  it('never waits forever on the browser: a call that does not answer is bounded, and the next site still gets its window', async () => {
    const never = new Promise<never>(() => {});
    const w = browserWindows();
    const clock = { now: 1_000_000 };
    const windows = new ApprovalWindows({ windows: w.api, session: memorySession(), url: (id) => id, now: () => clock.now, callMs: 20 });
    await windows.open('a0', 'https://a.example');
    // Bringing a's window forward never answers: a's request goes on, and b's window opens.
    w.api.focus = () => never;
    clock.now += FOCUS_INTERVAL_MS;
    await windows.open('a1', 'https://a.example');
    await windows.open('b0', 'https://b.example');
    expect(w.created).toEqual(['a0', 'b0']);
    // Looking a window up never answers: it is taken as gone and a new one opened for the site.
    w.api.exists = () => never;
    await windows.open('a2', 'https://a.example');
    expect(w.created).toEqual(['a0', 'b0', 'a2']);
    // Opening never answers: that request fails, saying so, and the lane moves on to the next.
    const create = w.api.create;
    w.api.create = () => never;
    await expect(windows.open('c0', 'https://c.example')).rejects.toThrow("the browser did not answer opening Vigil's approval window within 0.02 s");
    w.api.create = create;
    w.api.exists = async (id: number) => w.open.has(id);
    await windows.open('d0', 'https://d.example');
    expect(w.created).toEqual(['a0', 'b0', 'a2', 'd0']);
  });

  it('a session store that does not answer reads as empty and is let go when written: windows still open', async () => {
    const w = browserWindows();
    const windows = new ApprovalWindows({ windows: w.api, session: { get: () => new Promise(() => {}), set: () => new Promise(() => {}) }, url: (id) => id, callMs: 20 });
    await windows.open('a0', 'https://a.example');
    await windows.open('b0', 'https://b.example');
    expect(w.created).toEqual(['a0', 'b0']);
  });
});
