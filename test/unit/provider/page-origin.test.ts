/**
 * Who a page is (src/provider/page-origin.ts): the browser's origin of the frame, never its URL.
 * The hostile senders: a sandboxed document at a connected site's URL (origin "null"), a frame,
 * a sender with no origin, origins of other schemes or not in serialized form.
 */
import { describe, expect, it } from 'vitest';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { pageOrigin, type PortSender } from '../../../src/provider/page-origin.ts';

function refusal(sender: PortSender | undefined): { code: number; data: unknown } {
  try {
    pageOrigin(sender);
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderRpcError);
    return (err as ProviderRpcError).toJSON() as { code: number; data: unknown };
  }
  throw new Error(`accepted ${JSON.stringify(sender)}`);
}

describe('pageOrigin', () => {
  it('is the origin the browser gives the top frame, whatever its URL says', () => {
    expect(pageOrigin({ origin: 'https://app.example', url: 'https://app.example/path?q=1', frameId: 0 })).toBe('https://app.example');
    expect(pageOrigin({ origin: 'http://127.0.0.1:8545', url: 'http://127.0.0.1:8545/' })).toBe('http://127.0.0.1:8545');
    expect(pageOrigin({ origin: 'https://xn--mnchen-3ya.example' })).toBe('https://xn--mnchen-3ya.example');
    expect(pageOrigin({ origin: 'http://[::1]:3000' })).toBe('http://[::1]:3000');
    // The URL never decides: the origin given is the one answered for (a blob: page's is its creator's).
    expect(pageOrigin({ origin: 'https://app.example', url: 'https://bank.example/' })).toBe('https://app.example');
    expect(pageOrigin({ origin: 'https://app.example', url: 'blob:https://app.example/0d1c…' })).toBe('https://app.example');
  });

  it('refuses a sandboxed page at a site\'s URL: an opaque origin is no site (4100, OPAQUE_ORIGIN)', () => {
    expect(refusal({ origin: 'null', url: 'https://app.example/user-content/page.html', frameId: 0 })).toMatchObject({ code: 4100, data: { code: 'OPAQUE_ORIGIN' } });
  });

  it('refuses a sender without an origin rather than fall back to its URL', () => {
    expect(refusal({ url: 'https://app.example/' })).toMatchObject({ code: 4100, data: { code: 'ORIGIN_UNKNOWN' } });
    expect(refusal({ origin: '', url: 'https://app.example/' })).toMatchObject({ code: 4100, data: { code: 'ORIGIN_UNKNOWN' } });
    expect(refusal(undefined)).toMatchObject({ code: 4100, data: { code: 'ORIGIN_UNKNOWN' } });
  });

  it('refuses frames: they get no provider', () => {
    expect(refusal({ origin: 'https://app.example', url: 'https://app.example/', frameId: 3 })).toMatchObject({ code: 4100, data: { code: 'FRAME_NOT_SERVED' } });
  });

  it('refuses other schemes and anything that is not a serialized origin', () => {
    for (const origin of [
      'file://',
      'chrome-extension://abcdefghijklmnop',
      'moz-extension://0b1c2d3e',
      'about:blank',
      'data:text/html,hi',
      'https://app.example/path',
      'https://user@app.example',
      'HTTPS://APP.EXAMPLE',
      'https://app.example:443',
      'https://mü nchen.example',
      'not an origin',
    ]) {
      expect(refusal({ origin, url: 'https://app.example/' }), origin).toMatchObject({ code: 4100, data: { code: expect.stringMatching(/^(NOT_HTTP_ORIGIN|OPAQUE_ORIGIN)$/) } });
    }
  });
});
