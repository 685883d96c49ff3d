/**
 * The link between the service worker and the app host (src/extension/link.ts): values cross as
 * JSON with bigints and bytes tagged, typed errors come back typed, and over runtime messages each
 * end answers only its counterpart (the app host and the offscreen pool only the service worker,
 * the service worker only the offscreen document): forged senders are refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import { fromLinkJson, inPageLink, isAppPopupRequest, isOffscreenSender, isServiceWorkerSender, runtimeLink, toLinkJson } from '../../../src/extension/link.ts';
import { servePool } from '../../../src/extension/offscreen-pool.ts';
import { appProveToken, appTypedDataDigest } from '../../../src/extension/services.ts';
import { typedDataDigest } from '../../../src/wallet/typed-data.ts';
import { MAIL } from '../wallet/typed-data-examples.ts';
import { toProviderError } from '../../../src/provider/handler.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { asyncErrorCode } from '../execution/helpers.ts';

type Sender = { id?: string; url?: string; origin?: string; tab?: { id: number }; frameId?: number; documentId?: string };
type Listener = (m: unknown, sender: Sender) => Promise<unknown> | undefined;

/** What Chrome says of each sender (runtime.MessageSender). */
const SW: Sender = { id: 'vigil', url: 'chrome-extension://vigil/background.js', origin: 'chrome-extension://vigil' };
const OFFSCREEN: Sender = { id: 'vigil', url: 'chrome-extension://vigil/offscreen.html', origin: 'chrome-extension://vigil', frameId: 0, documentId: 'D-offscreen' };
const POPUP: Sender = { id: 'vigil', url: 'chrome-extension://vigil/popup.html', origin: 'chrome-extension://vigil', frameId: 0, documentId: 'D-popup' };
const APPROVAL_WINDOW: Sender = { id: 'vigil', url: 'chrome-extension://vigil/approval.html?id=1', origin: 'chrome-extension://vigil', frameId: 0, documentId: 'D-approval', tab: { id: 9 } };
const CONTENT_SCRIPT: Sender = { id: 'vigil', url: 'https://evil.example/', origin: 'https://evil.example', frameId: 0, documentId: 'D-page', tab: { id: 4 } };
const OTHER_EXTENSION: Sender = { id: 'other', url: 'chrome-extension://other/background.js', origin: 'chrome-extension://other' };

/**
 * Runtime messaging as Chrome does it: a message reaches every listener of the extension but its
 * sender's own context, each told who sent it; the first answer wins.
 */
function runtimeBus() {
  const listeners: { sender: Sender; listener: Listener }[] = [];
  const bus = {
    listeners,
    deliveries: 0,
    async deliverFrom(from: Sender, m: unknown): Promise<unknown> {
      for (const l of listeners) {
        if (l.sender === from) continue;
        const r = l.listener(m, from);
        if (r !== undefined) return r;
      }
      return undefined;
    },
    /** The runtime of one context (the service worker, the offscreen document). */
    context(self: Sender) {
      return {
        id: 'vigil',
        getURL: (p: string) => `chrome-extension://vigil/${p}`,
        onMessage: { addListener: (listener: Listener) => void listeners.push({ sender: self, listener }) },
        sendMessage: async (m: unknown) => {
          bus.deliveries++;
          return bus.deliverFrom(self, m);
        },
      };
    },
  };
  return bus;
}

describe('the link', () => {
  it('carries bigints and bytes through JSON exactly (fast-check)', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(fc.bigInt(), fc.uint8Array({ maxLength: 40 }), fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(fc.string().filter((k) => k !== '__proto__'), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(fromLinkJson(JSON.parse(JSON.stringify(toLinkJson(v))))).toEqual(v);
      }),
    );
    expect(() => toLinkJson({ m: new Map() })).toThrow(/Map/);
  });

  it("passes the popup's exit requests to the app host, which runs the exits (abandon among them)", () => {
    for (const type of ['vigil:exit:start', 'vigil:exit:allowFee', 'vigil:exit:abandon', 'vigil:exit:list', 'vigil:exit:routes', 'vigil:exit:balance']) {
      expect(isAppPopupRequest({ type } as never), type).toBe(true);
    }
    expect(isAppPopupRequest({ type: 'vigil:wallet:send' } as never)).toBe(false);
  });

  it('asks the other end in one page, both ways; a typed error comes back typed with its code', async () => {
    const { background, app } = inPageLink();
    expect(await asyncErrorCode(background.request({ type: 'app:canRead' }))).toBe('NOT_AVAILABLE');
    app.serve(async (m) => {
      if (m.type === 'app:balance') throw new VerificationError('L2_ACCOUNT_MISSING', `${m.address} has no L2 account`);
      return m.type === 'app:canRead' ? true : null;
    });
    background.serve(async (m) => (m.type === 'link:sign' ? { hash: '0x01', raw: `0x${m.tx.value.toString(16)}` } : null));
    expect(await background.request({ type: 'app:canRead' })).toBe(true);
    await expect(background.request({ type: 'app:balance', chainId: 1, address: '0xa' })).rejects.toMatchObject({ name: 'VerificationError', code: 'L2_ACCOUNT_MISSING' });
    expect(await app.request({ type: 'link:sign', tx: { from: '0xa', to: '0xb', value: 255n, data: '0x', summary: 's' } })).toEqual({ hash: '0x01', raw: '0xff' });
  });

  it("loads the app host on the first ask when told how (Firefox's app.js), once, and waits until it serves; a failed load is NOT_AVAILABLE and tried again", async () => {
    let loads = 0;
    let fail = true;
    let app: ReturnType<typeof inPageLink>['app'] | undefined;
    const link = inPageLink(async () => {
      loads++;
      if (fail) throw new Error('404');
      // The script runs later than its load event's promise: serving comes after a turn.
      setTimeout(() => app!.serve(async (m) => (m.type === 'app:canRead' ? true : null)), 5);
    });
    app = link.app;
    expect(await asyncErrorCode(link.background.request({ type: 'app:canRead' }))).toBe('NOT_AVAILABLE');
    expect(loads).toBe(1);
    fail = false;
    const answers = await Promise.all([link.background.request({ type: 'app:canRead' }), link.background.request({ type: 'app:canRead' })]);
    expect(answers).toEqual([true, true]);
    expect(await link.background.request({ type: 'app:canRead' })).toBe(true);
    expect(loads).toBe(2);
  });

  it('over runtime messages: answers its own target from its counterpart only, and retries an ask nobody answers yet', async () => {
    const bus = runtimeBus();
    const swRuntime = bus.context(SW);
    const offscreenRuntime = bus.context(OFFSCREEN);
    const listeners = bus.listeners;
    const sw = runtimeLink(swRuntime as never, 'background');
    let made = 0;
    const app = runtimeLink(offscreenRuntime as never, 'app', async () => void made++);
    const deliveries = () => bus.deliveries;
    // Nobody serves the app's asks yet: tried again, then NOT_AVAILABLE.
    expect(await asyncErrorCode((app as ReturnType<typeof runtimeLink<{ type: string }, unknown>>).request({ type: 'link:addresses' }))).toBe('NOT_AVAILABLE');
    expect(deliveries()).toBe(21);
    expect(made).toBe(21);
    sw.serve(async (m) => (m as { type: string }).type);
    app.serve(async () => 'app');
    expect(await app.request({ type: 'link:addresses' })).toBe('link:addresses');
    expect(await sw.request({ type: 'app:tick' })).toBe('app');
    // A content script (a web page's URL) is refused.
    const reply = await listeners[0]!.listener({ target: 'vigil-background', message: { type: 'link:l2Secret' } }, { url: 'https://evil.example/', tab: { id: 1 } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it("the app host answers only Vigil's service worker: a content script, the popup, an approval window or another extension forging the link's message is refused", async () => {
    const bus = runtimeBus();
    let served = 0;
    runtimeLink(bus.context(OFFSCREEN) as never, 'app').serve(async () => (served++, 'secret'));
    const ask = { target: 'vigil-app', message: { type: 'app:popup', request: { type: 'vigil:exit:start' } } };
    for (const forged of [CONTENT_SCRIPT, POPUP, APPROVAL_WINDOW, OTHER_EXTENSION, { ...SW, url: 'chrome-extension://other/background.js' }, { id: 'vigil', documentId: 'D-frame' }]) {
      expect(await bus.deliverFrom(forged, ask), JSON.stringify(forged)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(served).toBe(0);
    expect(await bus.deliverFrom(SW, ask)).toEqual({ ok: true, result: 'secret' });
    // Chrome before 140 names no URL for a service worker: no URL and no document is the worker.
    expect(await bus.deliverFrom({ id: 'vigil', origin: 'chrome-extension://vigil' }, ask)).toEqual({ ok: true, result: 'secret' });
    expect(served).toBe(2);
  });

  it("the service worker's end answers only the offscreen document (the app host)", async () => {
    const bus = runtimeBus();
    let served = 0;
    runtimeLink(bus.context(SW) as never, 'background').serve(async () => (served++, ['0xabc']));
    const ask = { target: 'vigil-background', message: { type: 'link:l2Secret', address: '0x' + '11'.repeat(20), rollupChainId: 1 } };
    for (const forged of [CONTENT_SCRIPT, POPUP, APPROVAL_WINDOW, OTHER_EXTENSION, { ...OFFSCREEN, tab: { id: 2 } }]) {
      expect(await bus.deliverFrom(forged, ask), JSON.stringify(forged)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(served).toBe(0);
    expect(await bus.deliverFrom(OFFSCREEN, ask)).toMatchObject({ ok: true });
    expect(served).toBe(1);
  });

  it("the offscreen document's pool runs tasks for the service worker only", async () => {
    const bus = runtimeBus();
    const ran: string[] = [];
    servePool(bus.context(OFFSCREEN) as never, { run: async (task: string) => (ran.push(task), 'done') } as never);
    const task = { target: 'vigil-offscreen', type: 'pool-run', id: 1, task: 'ping', params: null, timeoutMs: 1000 };
    for (const forged of [CONTENT_SCRIPT, POPUP, APPROVAL_WINDOW, OTHER_EXTENSION]) {
      expect(await bus.deliverFrom(forged, task), JSON.stringify(forged)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(ran).toEqual([]);
    expect(await bus.deliverFrom(SW, task)).toEqual({ ok: true, result: 'done' });
    expect(ran).toEqual(['ping']);
  });

  it('names senders by what the browser says of them', () => {
    const runtime = { id: 'vigil', getURL: (p: string) => `chrome-extension://vigil/${p}` };
    expect(isServiceWorkerSender(runtime, SW)).toBe(true);
    expect(isServiceWorkerSender(runtime, { ...SW, url: 'chrome-extension://vigil/background.js?x#y' })).toBe(true);
    expect(isServiceWorkerSender(runtime, { id: 'vigil' })).toBe(true);
    expect(isServiceWorkerSender(runtime, { id: 'vigil', documentId: 'D1' })).toBe(false);
    expect(isServiceWorkerSender(runtime, { id: 'vigil', frameId: 0 })).toBe(false);
    expect(isServiceWorkerSender(runtime, { id: 'vigil', origin: 'https://evil.example' })).toBe(false);
    expect(isServiceWorkerSender(runtime, { ...SW, tab: { id: 3 } } as never)).toBe(false);
    expect(isServiceWorkerSender(runtime, undefined)).toBe(false);
    for (const s of [CONTENT_SCRIPT, POPUP, APPROVAL_WINDOW, OTHER_EXTENSION, OFFSCREEN]) expect(isServiceWorkerSender(runtime, s), JSON.stringify(s)).toBe(false);
    expect(isOffscreenSender(runtime, OFFSCREEN)).toBe(true);
    for (const s of [CONTENT_SCRIPT, POPUP, APPROVAL_WINDOW, OTHER_EXTENSION, SW, { id: 'vigil' }]) expect(isOffscreenSender(runtime, s), JSON.stringify(s)).toBe(false);
  });

  it("brings a token proof's refusal back from the app host as the WalletError it was: -32602 to the page, not -32603", async () => {
    const { background, app } = inPageLink();
    app.serve(async (m) => {
      if (m.type !== 'app:proveToken') return null;
      if ((m.offered as { symbol?: string }).symbol === 'USDT') throw new WalletError('TOKEN_METADATA_MISMATCH', "the symbol offered is not the token's own", { expected: '"USDC"', got: '"USDT"' });
      return { address: m.address, symbol: 'USDC', decimals: 6, provenAt: { blockNumber: '1', blockHash: '0x' + '00'.repeat(32) } };
    });
    expect(await appProveToken(background, '0x' + '11'.repeat(20), { symbol: 'USDC' })).toMatchObject({ symbol: 'USDC', decimals: 6 });
    const err = await appProveToken(background, '0x' + '11'.repeat(20), { symbol: 'USDT' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect(err).toMatchObject({ code: 'TOKEN_METADATA_MISMATCH', expected: '"USDC"', got: '"USDT"' });
    expect(toProviderError(err).toJSON()).toMatchObject({ code: -32602, data: { code: 'TOKEN_METADATA_MISMATCH' } });
  });

  it("brings typed data's refusal back from the app host as the WalletError it was: -32602 to the page, and the digest of typed data it takes", async () => {
    const { background, app } = inPageLink();
    app.serve(async (m) => (m.type === 'app:typedDataDigest' ? typedDataDigest(m.typedData, m.chainId) : null));
    const mail = MAIL;
    const digest = await appTypedDataDigest(background, mail, 1n);
    expect(digest.hash).toBe(typedDataDigest(mail, 1n).hash);
    const err = await appTypedDataDigest(background, mail, 5n).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WalletError);
    expect(err).toMatchObject({ code: 'INVALID_TYPED_DATA' });
    expect(toProviderError(err).toJSON()).toMatchObject({ code: -32602, data: { code: 'INVALID_TYPED_DATA' } });
  });

  it('carries eth_signTypedData_v3 to the app host as v3: an array refused there, v4 untouched', async () => {
    const { background, app } = inPageLink();
    const seen: unknown[] = [];
    app.serve(async (m) => (m.type === 'app:typedDataDigest' ? (seen.push(m.version), typedDataDigest(m.typedData, m.chainId, m.version)) : null));
    const withArray = { ...MAIL, types: { ...MAIL.types, Mail: [...MAIL.types.Mail, { name: 'cc', type: 'address[]' }] }, message: { ...MAIL.message, cc: [] } };
    expect((await appTypedDataDigest(background, withArray, 1n)).hash).toBe(typedDataDigest(withArray, 1n).hash);
    const err = await appTypedDataDigest(background, withArray, 1n, 'v3').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_TYPED_DATA' });
    expect((await appTypedDataDigest(background, MAIL, 1n, 'v3')).hash).toBe(typedDataDigest(MAIL, 1n).hash);
    // v4 goes as it always did: no version in the message.
    expect(seen).toEqual([undefined, 'v3', 'v3']);
  });
});
