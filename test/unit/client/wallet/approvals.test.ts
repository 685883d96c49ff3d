/**
 * The approval queue (src/client/wallet/approvals.ts): a request resent to a restarted background joins
 * its approval and nothing is signed twice; a request waits for the unlock. One window per origin
 * (with the extension's ApprovalWindows over fake browser windows): -32002 for a connect or a
 * switch while the origin has a request waiting, signatures queued in order, 4001 only from the
 * user, fifty requests one window, a closed window rejecting only what it showed, expiry. No site
 * keeps the user in windows: a growing cool-down after each rejection (kept across a restarted
 * service worker), at most three sites waiting, a refused request's window at most every 10 s, and
 * the extension's cap on open windows failing a request at once.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Wallet } from '../../../../src/client/wallet/wallet.ts';
import { cryptoReady } from '../../../../src/crypto/backend.ts';
import { ApprovalWindows, MAX_WINDOWS } from '../../../../src/extension/approval-windows.ts';
import { CoolDowns, coolDownMs } from '../../../../src/client/wallet/approval-cool-down.ts';
import { toProviderError } from '../../../../src/provider/handler.ts';
import { recoverPersonalMessageAddress } from '../../../../src/wallet/personal-message.ts';
import { ACCOUNT0, APP, connected, freshWorld, NOW_S, opened, OTHER, RECIPIENT, setup, windowOpened, type World } from './wallet-world.ts';
import type { WalletError } from '../../../../src/wallet/errors.ts';
import { until } from '../../../support/until.ts';

beforeAll(cryptoReady);

describe('Approvals', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('never signs twice: a request resent to a restarted background joins its approval, an approved one is sent again as the same bytes', async () => {
    const first = await connected(world);
    const pending = first.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' });
    pending.catch(() => {});
    await opened(world, 1);
    // The service worker stops; a new one wakes with the same database and session.
    const second = await setup(world, { repo: first.repo, session: first.session });
    const again = second.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' });
    expect(world.opened).toHaveLength(2); // no second window
    await second.wallet.approvals.resolve(world.opened[1]!, true);
    const hash = await again;
    expect(world.sent).toHaveLength(1);
    // A third background after the approval: it resumes by sending the same bytes, and the resent
    // request gets the same hash without a new window or signature.
    const third = await setup(world, { repo: first.repo, session: first.session });
    await third.wallet.approvals.resume();
    expect(await third.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-restart' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x2' })).toBe(hash);
    expect(new Set(world.sent).size).toBe(1);
    expect(world.opened).toHaveLength(2);
  });

  it('finishes an approval once when several callers reach it at the same time (two wake-ups resuming, the request resent)', async () => {
    const first = await connected(world);
    const pending = first.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-once' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x3' });
    pending.catch(() => {});
    const id = await opened(world, 1);
    // Approved, and the background stopped before it finished.
    expect(await first.repo.transitionApproval(id, 'pending', { status: 'approved', updatedAt: world.now })).toBe(true);
    const second = await setup(world, { repo: first.repo, session: first.session });
    const resent = second.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-once' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x3' });
    await Promise.all([second.wallet.approvals.resume(), second.wallet.approvals.resume()]);
    const hash = await resent;
    await until('the first worker to see it done', async () => (await first.repo.getApproval(id))?.status === 'done', 60_000, 10);
    expect((await first.repo.getApproval(id))?.status).toBe('done');
    // One signature, one broadcast, one answer for everyone.
    expect(world.sent).toHaveLength(1);
    expect(await second.wallet.requests.sendTransaction({ origin: APP, requestKey: 'k-once' }, { from: ACCOUNT0, to: RECIPIENT, value: '0x3' })).toBe(hash);
  });

  it('locks (no accounts to pages), makes a request wait for the unlock, backs off wrong passwords', async () => {
    const { wallet } = await connected(world);
    await wallet.keyring.lock();
    expect(await wallet.requests.accounts(APP)).toEqual([]);
    const signature = wallet.requests.personalSign({ origin: APP }, 'hi', ACCOUNT0);
    await expect(wallet.approvals.resolve(await opened(world, 1), true)).rejects.toMatchObject({ code: 'LOCKED' });
    for (let i = 0; i < 4; i++) await expect(wallet.keyring.unlock('wrong password')).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(wallet.keyring.unlock('correct horse')).rejects.toMatchObject({ code: 'PASSWORD_BACKOFF' });
    world.now += 1000;
    await wallet.keyring.unlock('correct horse');
    await wallet.approvals.resolve(world.opened[1]!, true);
    expect(recoverPersonalMessageAddress('hi', await signature)).toBe(ACCOUNT0);
  });
});

/** Browser windows as the extension's ApprovalWindows sees them: created, focused, closed. */
function fakeWindows(world: World) {
  const open = new Set<number>();
  const log = { created: [] as string[], focused: 0 };
  let next = 1;
  const store = new Map<string, unknown>();
  const windows = new ApprovalWindows({
    windows: {
      create: async (url) => {
        const id = new URL(url, 'chrome-extension://vigil/').searchParams.get('id')!;
        log.created.push(id);
        windowOpened(world, id);
        open.add(next);
        return next++;
      },
      exists: async (windowId) => open.has(windowId),
      focus: async () => void log.focused++,
    },
    session: { get: async (k) => store.get(k), set: async (k, v) => void store.set(k, v) },
    url: (id) => `approval.html?id=${id}`,
    // The world's clock, not the machine's: fifty requests on a loaded machine took past the focus interval.
    now: () => world.now,
  });
  return { windows, log, close: (windowId: number) => (open.delete(windowId), windows.closed(windowId)) };
}

const sign = (wallet: Wallet, n: number, origin = APP) => wallet.requests.personalSign({ origin, requestKey: `k-sign-${n}` }, `message ${n}`, ACCOUNT0);

/** Waits (up to 15 s) until some request waits for the user; its id. */
async function firstWaiting(wallet: Wallet): Promise<string> {
  for (let i = 0; i < 3000; i++) {
    const [id] = await wallet.approvals.pendingIds();
    if (id !== undefined) return id;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('no request ever waited');
}

/** Waits (up to 15 s: CI runs many files at once) until approval `id`'s origin has `count` requests waiting; their ids. */
async function waiting(wallet: Wallet, id: string, count: number): Promise<string[]> {
  let pending: string[] = [];
  for (let i = 0; i < 3000; i++) {
    pending = (await wallet.approvals.queue(id)).pending;
    if (pending.length >= count) return pending;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never ${count} waiting (${pending.length})`);
}

describe('one window per origin', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  it('answers -32002 to a connect or a network switch while the origin has a request waiting, and brings that one forward', async () => {
    const { wallet } = await connected(world, { networkForChain: (id) => (id === 31337n ? 'devnet' : id === 5n ? 'goerli' : undefined) });
    const first = wallet.requests.requestAccounts({ origin: OTHER, requestKey: 'k-other-1' });
    const firstId = await opened(world, 1);
    const again = await wallet.requests.requestAccounts({ origin: OTHER, requestKey: 'k-other-2' }).catch((e: unknown) => e);
    expect(toProviderError(again).toJSON()).toMatchObject({ code: -32002, message: expect.stringContaining('request already pending'), data: { code: 'REQUEST_PENDING' } });
    const permissions = await wallet.requests.addChain({ origin: OTHER }, { chainId: '0x5' }).catch((e: unknown) => e);
    expect(toProviderError(permissions).code).toBe(-32002);
    // The waiting connect was shown again (the extension brings its window forward), and still answers.
    expect(world.opened.slice(1)).toEqual([firstId, firstId, firstId]);
    await wallet.approvals.resolve(firstId, true);
    expect(await first).toEqual([ACCOUNT0.toLowerCase()]);

    // A signature waiting: a switch is not queued behind it; the switch alone is asked once it is answered.
    const signature = sign(wallet, 1);
    const signId = await opened(world, 4);
    expect(toProviderError(await wallet.requests.switchChain({ origin: APP }, 5n).catch((e: unknown) => e)).code).toBe(-32002);
    // Other origins are not held up, and a connected origin's eth_requestAccounts needs no window.
    expect(await wallet.requests.requestAccounts({ origin: APP })).toEqual([ACCOUNT0.toLowerCase()]);
    await wallet.approvals.resolve(signId, true);
    await signature;
    const switched = wallet.requests.switchChain({ origin: APP }, 5n);
    await wallet.approvals.resolve(await opened(world, 6), true);
    await switched;
  });

  it('queues signing requests in order, each answered in turn; 4001 only for the one the user rejects', async () => {
    const { wallet } = await connected(world);
    const asked = [1, 2, 3].map((n) => sign(wallet, n).then((v) => ({ v }), (e: unknown) => ({ e })));
    const firstId = await opened(world, 1);
    const queue = await waiting(wallet, firstId, 3);
    expect(queue[0]).toBe(firstId);
    expect(await Promise.all(queue.map(async (id) => ((await wallet.approvals.get(id)).details.preview as { text: string }).text))).toEqual(['message 1', 'message 2', 'message 3']);
    await wallet.approvals.resolve(queue[1]!, false);
    expect((await wallet.approvals.queue(firstId)).pending).toEqual([queue[0], queue[2]]);
    await wallet.approvals.resolve(queue[0]!, true);
    await wallet.approvals.resolve(queue[2]!, true);
    const [one, two, three] = await Promise.all(asked);
    expect(recoverPersonalMessageAddress('message 1', (one as { v: string }).v)).toBe(ACCOUNT0);
    expect(toProviderError((two as { e: unknown }).e).code).toBe(4001);
    expect(recoverPersonalMessageAddress('message 3', (three as { v: string }).v)).toBe(ACCOUNT0);
  });

  it('a page firing 50 requests opens one window; closing it rejects what it showed (4001), and a later request gets a window of its own', async () => {
    const fake = fakeWindows(world);
    const { wallet } = await connected(world, { openApproval: (id, origin) => fake.windows.open(id, origin) });
    expect(fake.log.created).toHaveLength(1); // the connect's
    // The connect's window closed itself once answered.
    expect(await fake.close(1)).toEqual({ origin: APP, seen: [] });

    const asked = Array.from({ length: 50 }, (_, n) => sign(wallet, n).catch((e: unknown) => e));
    const firstId = await opened(world, 1);
    const queue = await waiting(wallet, firstId, 50);
    expect(queue).toHaveLength(50);
    expect(fake.log.created).toHaveLength(2); // one more window for all fifty
    expect(fake.log.focused).toBe(0); // just opened: not brought forward again for each
    // Another origin's request is its own window.
    const other = wallet.requests.requestAccounts({ origin: OTHER }).catch((e: unknown) => e);
    await opened(world, 2);
    expect(fake.log.created).toHaveLength(3);

    // The window looks at its queue (the background records what it showed), then one more request comes.
    await fake.windows.saw(APP, queue);
    const late = sign(wallet, 50);
    await waiting(wallet, firstId, 51);
    const closed = await fake.close(2);
    expect(closed?.seen).toHaveLength(50);
    await wallet.approvals.windowClosed(closed!.origin, closed!.seen);
    for (const err of await Promise.all(asked)) expect(toProviderError(err).toJSON()).toMatchObject({ code: 4001, data: { code: 'USER_REJECTED' } });
    // The late one was never shown: not rejected unseen, but given a window.
    const left = (await wallet.approvals.queue(firstId)).pending;
    expect(left).toHaveLength(1);
    expect(fake.log.created.at(-1)).toBe(left[0]);
    await wallet.approvals.resolve(left[0]!, true);
    expect(recoverPersonalMessageAddress('message 50', await late)).toBe(ACCOUNT0);
    await wallet.approvals.resolve(await opened(world, 2), false);
    expect(toProviderError(await other).code).toBe(4001);
  });

  it('a window that closes by itself (its last request answered) rejects nothing, and a request that came meanwhile gets a window of its own', async () => {
    const fake = fakeWindows(world);
    const { wallet } = await connected(world, { openApproval: (id, origin) => fake.windows.open(id, origin) });
    const first = sign(wallet, 0);
    const firstId = await firstWaiting(wallet);
    // The connect's window, still open, shows it.
    const windows = fake.log.created.length;
    expect(windows).toBe(1);
    // The window polls its queue just as a second request arrives: it saw it, then answered the first and found nothing left.
    const late = sign(wallet, 1);
    const lateQueue = await waiting(wallet, firstId, 2);
    await fake.windows.saw(APP, lateQueue);
    await wallet.approvals.resolve(firstId, true);
    expect(recoverPersonalMessageAddress('message 0', await first)).toBe(ACCOUNT0);
    // It says it closes by itself (vigil:approval:closing): the background forgets it, rejecting nothing.
    const closing = await fake.close(windows);
    await wallet.approvals.windowClosed(closing!.origin, []);
    const left = (await wallet.approvals.pendingIds()).filter((id) => id !== firstId);
    expect(left).toHaveLength(1);
    expect(fake.log.created.length).toBe(windows + 1);
    await wallet.approvals.resolve(left[0]!, true);
    expect(recoverPersonalMessageAddress('message 1', await late)).toBe(ACCOUNT0);
  });

  it('expires what the last browser session left waiting, so its site is not held at -32002', async () => {
    const first = await connected(world);
    void first.wallet.requests.requestAccounts({ origin: OTHER, requestKey: 'k-before' }).catch(() => {});
    const leftId = await opened(world, 1);
    // The browser restarts: a new background over the same database; the page that asked is gone.
    const second = await setup(world, { repo: first.repo, session: first.session });
    expect(toProviderError(await second.wallet.requests.requestAccounts({ origin: OTHER }).catch((e: unknown) => e)).code).toBe(-32002);
    await second.wallet.approvals.browserStarted();
    expect((await first.repo.listApprovals('pending')).length).toBe(0);
    expect((await first.repo.getApproval(leftId))?.error?.code).toBe('APPROVAL_EXPIRED');
    const again = second.wallet.requests.requestAccounts({ origin: OTHER });
    await second.wallet.approvals.resolve(await opened(world, 3), true);
    expect(await again).toEqual([ACCOUNT0.toLowerCase()]);
  });

  it('keeps at most 100 requests of one origin waiting', async () => {
    const { wallet } = await connected(world);
    const asked = Array.from({ length: 100 }, (_, n) => sign(wallet, n).catch(() => {}));
    await waiting(wallet, await opened(world, 1), 100);
    const over = await sign(wallet, 100).catch((e: unknown) => e);
    expect(toProviderError(over).toJSON()).toMatchObject({ code: -32002, data: { code: 'REQUEST_PENDING' } });
    void asked;
  });

  it('a request nobody answers expires after 30 minutes as unauthorized (4100), not as the user\'s rejection', async () => {
    const { wallet, repo } = await connected(world);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const asked = sign(wallet, 1).catch((e: unknown) => e);
      while ((await repo.listApprovals('pending')).length === 0) await new Promise((r) => setImmediate(r));
      await vi.advanceTimersByTimeAsync(30 * 60 * 1000);
      const err = await asked;
      expect(toProviderError(err).toJSON()).toMatchObject({ code: 4100, data: { code: 'APPROVAL_EXPIRED' } });
      expect((await repo.listApprovals('failed')).map((r) => r.error?.code)).toEqual(['APPROVAL_EXPIRED']);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('no site keeps the user in windows', () => {
  let world: World;
  beforeEach(() => {
    world = freshWorld();
  });

  const askAccounts = (wallet: Wallet, key: string, origin = OTHER) => wallet.requests.requestAccounts({ origin, requestKey: key }).then((v) => ({ v }), (e: unknown) => ({ e }));

  it('a site that asks again after each rejection cools down longer each time (3 s, 6 s, 12 s…), refused at once with when it may ask, no window; an approval forgets it', async () => {
    const { wallet } = await connected(world);
    const loop = async (n: number) => {
      const asked = askAccounts(wallet, `loop-${n}`);
      await wallet.approvals.resolve(await opened(world, world.opened.length), false);
      expect(toProviderError(((await asked) as { e: unknown }).e).code).toBe(4001);
    };
    await loop(1);
    // Asked again at once: refused without a window, 4001 with when it may ask again.
    const windows = world.opened.length;
    const again = ((await askAccounts(wallet, 'loop-again')) as { e: unknown }).e;
    expect(toProviderError(again).toJSON()).toMatchObject({ code: 4001, message: expect.stringMatching(/may ask again in 3 s/), data: { code: 'REJECTED_RECENTLY', retryAt: world.now + 3000 } });
    expect(world.opened).toHaveLength(windows);
    // Other sites are not held.
    void askAccounts(wallet, 'third-site', 'https://third.example');
    await opened(world, windows);
    await wallet.approvals.resolve(world.opened[windows]!, true);
    // After the cool-down it may ask; the next rejection doubles it.
    world.now += coolDownMs(1);
    await loop(2);
    world.now += coolDownMs(1);
    expect(toProviderError(((await askAccounts(wallet, 'early')) as { e: unknown }).e).toJSON()).toMatchObject({ code: 4001, data: { code: 'REJECTED_RECENTLY' } });
    world.now += coolDownMs(2) - coolDownMs(1);
    await loop(3);
    expect(coolDownMs(3)).toBe(12_000);
    expect(coolDownMs(30)).toBe(10 * 60 * 1000);
    // The user says yes once: the site starts again from nothing.
    world.now += coolDownMs(3);
    const no = wallet.requests.personalSign({ origin: APP, requestKey: 'other-yes' }, 'hi', ACCOUNT0).catch((e: unknown) => e);
    await wallet.approvals.resolve(await opened(world, world.opened.length), false);
    expect(toProviderError(await no).code).toBe(4001);
    world.now += coolDownMs(1);
    const signed = sign(wallet, 7);
    await wallet.approvals.resolve(await opened(world, world.opened.length), true);
    await signed;
    const after = wallet.requests.personalSign({ origin: APP, requestKey: 'after-yes' }, 'hi', ACCOUNT0).catch((e: unknown) => e);
    await wallet.approvals.resolve(await opened(world, world.opened.length), false);
    await after;
    world.now += coolDownMs(1);
    void sign(wallet, 8).catch(() => {});
    await opened(world, world.opened.length);
  });

  it('a site at the longest cool-down keeps it: the streak is forgotten only 10 minutes after a cool-down ends', async () => {
    const store = new Map<string, unknown>();
    const clock = { now: 1_000_000 };
    const coolDowns = new CoolDowns({ session: { get: async (k) => store.get(k), set: async (k, v) => void store.set(k, v) }, now: () => clock.now });
    const waits: number[] = [];
    for (let n = 1; n <= 12; n++) {
      await coolDowns.rejected(APP, clock.now, clock.now);
      const err = await coolDowns.check(APP).catch((e: unknown) => e);
      const until = Number((err as { details?: string }).details);
      waits.push(until - clock.now);
      // It asks again the moment it may.
      clock.now = until + 1;
    }
    expect(waits.slice(0, 9)).toEqual([3, 6, 12, 24, 48, 96, 192, 384, 600].map((s) => s * 1000));
    expect(waits.slice(9)).toEqual([600_000, 600_000, 600_000]);
    // Ten quiet minutes after the cool-down ended: forgotten.
    clock.now += 10 * 60 * 1000;
    await coolDowns.rejected(APP, clock.now, clock.now);
    expect(Number(((await coolDowns.check(APP).catch((e: unknown) => e)) as { details: string }).details) - clock.now).toBe(3000);
  });

  it('keeps the cool-down across a restarted service worker (storage.session)', async () => {
    const first = await connected(world);
    const asked = askAccounts(first.wallet, 'before-restart');
    await first.wallet.approvals.resolve(await opened(world, 1), false);
    await asked;
    const second = await setup(world, { repo: first.repo, session: first.session });
    expect(toProviderError(((await askAccounts(second.wallet, 'after-restart')) as { e: unknown }).e).toJSON()).toMatchObject({ code: 4001, data: { code: 'REJECTED_RECENTLY' } });
    expect(world.opened).toHaveLength(2);
  });

  it('closing a window that showed many requests counts as one rejection; a request resent with its key still joins', async () => {
    const { wallet } = await connected(world);
    const asked = Array.from({ length: 5 }, (_, n) => sign(wallet, n).catch((e: unknown) => e));
    const firstId = await opened(world, 1);
    const queue = await waiting(wallet, firstId, 5);
    await wallet.approvals.windowClosed(APP, queue);
    for (const err of await Promise.all(asked)) expect(toProviderError(err).code).toBe(4001);
    // One rejection: the first cool-down, not the fifth.
    expect(toProviderError(await sign(wallet, 9).catch((e: unknown) => e)).toJSON()).toMatchObject({ data: { code: 'REJECTED_RECENTLY', retryAt: world.now + coolDownMs(1) } });
    // The same request sent again (its key) gets its answer, not the cool-down.
    expect(toProviderError(await sign(wallet, 0).catch((e: unknown) => e)).toJSON()).toMatchObject({ data: { code: 'USER_REJECTED' } });
  });

  it('at most three sites wait for the user at once: a fourth gets -32002 until one is answered; the wallet\'s own requests are not held', async () => {
    const { wallet } = await connected(world);
    void sign(wallet, 1).catch(() => {});
    await opened(world, 1);
    for (const [i, origin] of ['https://b.example', 'https://c.example'].entries()) {
      void askAccounts(wallet, `site-${i}`, origin);
      await opened(world, i + 2);
    }
    const fourth = ((await askAccounts(wallet, 'site-4', 'https://d.example')) as { e: unknown }).e;
    expect(toProviderError(fourth).toJSON()).toMatchObject({ code: -32002, message: expect.stringContaining('3 other sites are waiting'), data: { code: 'REQUEST_PENDING' } });
    expect(world.opened).toHaveLength(4);
    // A site already waiting may queue more; the popup's own send is not a site.
    void sign(wallet, 2).catch(() => {});
    expect(await waiting(wallet, world.opened[1]!, 2)).toHaveLength(2);
    void wallet.requests.send({ from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch(() => {});
    await opened(world, 4);
    await wallet.approvals.resolve(world.opened[3]!, true);
    void askAccounts(wallet, 'site-4-again', 'https://d.example');
    await opened(world, 5);
  });

  it("fails a request at once when the extension's cap on open windows leaves none for it (not left waiting unseen)", async () => {
    const fake = fakeWindows(world);
    const { wallet } = await connected(world, { openApproval: (id, origin) => fake.windows.open(id, origin) });
    // The connect's window still open, and others' (a refusal shown, the popup's send).
    for (let i = 1; i < MAX_WINDOWS; i++) await fake.windows.open(`shown-${i}`, `https://shown-${i}.example`);
    const err = await askAccounts(wallet, 'no-room');
    expect(toProviderError((err as { e: unknown }).e).toJSON()).toMatchObject({ code: -32002, data: { code: 'REQUEST_PENDING' } });
    expect((await wallet.approvals.pendingIds())).toEqual([]);
    // A window closed: room again.
    await fake.close(1);
    void askAccounts(wallet, 'room');
    await until('the request pending', async () => (await wallet.approvals.pendingIds()).length > 0, 60_000, 5);
    expect(await wallet.approvals.pendingIds()).toHaveLength(1);
  });

  it('refused requests open at most three windows a minute per site; the page gets each refusal at once', async () => {
    const { wallet } = await connected(world);
    world.now = (NOW_S + 120) * 1000; // the head is stale: every send is refused
    const send = (key: string) => wallet.requests.sendTransaction({ origin: APP, requestKey: key }, { from: ACCOUNT0, to: RECIPIENT, value: '0x1' }).catch((e: unknown) => e);
    for (const key of ['r1', 'r2', 'r3', 'r4', 'r5']) expect(((await send(key)) as WalletError).code).toBe('STALE_HEAD');
    await new Promise((r) => setTimeout(r, 20));
    expect(world.opened).toHaveLength(4); // the connect's, and three refusals'
    world.now += 60_000;
    expect(((await send('r6')) as WalletError).code).toBe('STALE_HEAD');
    await opened(world, 4);
  });
});
