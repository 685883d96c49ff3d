/**
 * The link between the service worker and the app host (src/extension/link.ts): values cross as
 * JSON with bigints and bytes tagged, typed errors come back typed, and over runtime messages only
 * the extension's own pages and service worker are answered (a content script is refused).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import { fromLinkJson, inPageLink, isAppPopupRequest, runtimeLink, toLinkJson } from '../../../src/extension/link.ts';
import { appProveToken, appTypedDataDigest } from '../../../src/extension/services.ts';
import { typedDataDigest } from '../../../src/wallet/typed-data.ts';
import { MAIL } from '../wallet/typed-data-examples.ts';
import { toProviderError } from '../../../src/provider/handler.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { asyncErrorCode } from '../execution/helpers.ts';

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

  it('over runtime messages: answers its own target from extension pages only, and retries an ask nobody answers yet', async () => {
    const listeners: ((m: unknown, sender: { url?: string }) => Promise<unknown> | undefined)[] = [];
    let deliveries = 0;
    const runtime = {
      getURL: (p: string) => `chrome-extension://vigil/${p}`,
      onMessage: { addListener: (l: (typeof listeners)[number]) => void listeners.push(l) },
      // Delivered to every listener but the sender's own; the first that answers wins.
      sendMessage: async (m: unknown) => {
        deliveries++;
        for (const l of listeners) {
          const r = l(m, { url: 'chrome-extension://vigil/offscreen.html' });
          if (r !== undefined) return r;
        }
        return undefined;
      },
    };
    const sw = runtimeLink(runtime as never, 'background');
    let made = 0;
    const app = runtimeLink(runtime as never, 'app', async () => void made++);
    // Nobody serves the app's asks yet: tried again, then NOT_AVAILABLE.
    expect(await asyncErrorCode((app as ReturnType<typeof runtimeLink<{ type: string }, unknown>>).request({ type: 'link:addresses' }))).toBe('NOT_AVAILABLE');
    expect(deliveries).toBe(21);
    expect(made).toBe(21);
    sw.serve(async (m) => (m as { type: string }).type);
    app.serve(async () => 'app');
    expect(await app.request({ type: 'link:addresses' })).toBe('link:addresses');
    expect(await sw.request({ type: 'app:tick' })).toBe('app');
    // A content script (a web page's URL) is refused.
    const reply = await listeners[0]!({ target: 'vigil-background', message: { type: 'link:l2Secret' } }, { url: 'https://evil.example/' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
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
});
