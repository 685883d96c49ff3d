import { describe, expect, it } from 'vitest';
import { type AppHostOffer, offerAppHost, takeAppHost } from '../../../src/extension/app-rendezvous.ts';

const offer = (name: string) => ({ link: { name }, runner: { name } }) as unknown as AppHostOffer;

describe("the app host rendezvous on Firefox's background page", () => {
  it('hands the offer to app.js when background.js offered first', async () => {
    const page: Record<symbol, unknown> = {};
    const o = offer('pool');
    offerAppHost(o, page);
    expect(await takeAppHost(page)).toBe(o);
  });

  it('hands the offer to app.js that asked before background.js offered (an offer made after an await)', async () => {
    const page: Record<symbol, unknown> = {};
    let got: AppHostOffer | undefined;
    const taken = takeAppHost(page).then((o) => (got = o));
    await Promise.resolve();
    expect(got).toBeUndefined();
    const o = offer('late');
    offerAppHost(o, page);
    await taken;
    expect(got).toBe(o);
  });

  it('refuses a second offer on one page and keeps the first', async () => {
    const page: Record<symbol, unknown> = {};
    const first = offer('first');
    offerAppHost(first, page);
    expect(() => offerAppHost(offer('second'), page)).toThrow(/already offered/);
    expect(await takeAppHost(page)).toBe(first);
  });

  it('keeps pages apart', async () => {
    const a: Record<symbol, unknown> = {};
    const b: Record<symbol, unknown> = {};
    const oa = offer('a');
    const ob = offer('b');
    offerAppHost(ob, b);
    offerAppHost(oa, a);
    expect(await takeAppHost(a)).toBe(oa);
    expect(await takeAppHost(b)).toBe(ob);
  });
});
