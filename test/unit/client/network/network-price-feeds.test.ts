/**
 * A local devnet's own price feeds, from its well-known object to the saved profile (as its tokens
 * travel: ./network-tokens.test.ts): parsed strictly (a bounded list of `{ pair, address,
 * heartbeat, base }`; anything else an InputError naming the field), carried through the "Add
 * network" preview into the user's own network, never onto a network Vigil ships (refused on the
 * way in, dropped from stored settings), and made the feeds the wallet reads there (pricesFor).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { localDevnetObject, parseLocalDevnet } from '../../../../src/client/network/local-devnet.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { checkPriceFeeds, MAX_FEED_HEARTBEAT, MAX_PRICE_FEEDS } from '../../../../src/client/network/own-network.ts';
import { applyEdit, checkSettings, defaultSettings, profileFromReady } from '../../../../src/client/network/settings.ts';
import { ownPriceFeeds, pricesFor } from '../../../../src/client/wallet/prices.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { ready, wellKnown } from './devnet-objects.ts';

const FEED = '0x5FC8d32690cc91D4c39d9d3abcBD16989F875707';
const feed = FEED.toLowerCase();
const TOKEN = '0x' + 'ab'.repeat(20);
const FEEDS = [{ pair: 'ETH/USD', address: FEED, heartbeat: 3600, base: 'native' }];
const CHECKED = [{ pair: 'ETH/USD', address: feed, heartbeat: 3600, base: 'native' }];
const nth = (i: number) => '0x' + (i + 1).toString(16).padStart(40, '0');

const JUNK: [string, unknown][] = [
  ['not an array', FEEDS[0]],
  ['a bare address', [feed]],
  ['no pair', [{ address: feed, heartbeat: 3600, base: 'native' }]],
  ['a pair in another currency', [{ pair: 'ETH/EUR', address: feed, heartbeat: 3600, base: 'native' }]],
  ['a pair with a right-to-left override', [{ pair: 'ET\u202eH/USD', address: feed, heartbeat: 3600, base: 'native' }]],
  ['a 19-byte address', [{ pair: 'ETH/USD', address: '0x' + 'ab'.repeat(19), heartbeat: 3600, base: 'native' }]],
  ['a heartbeat of zero', [{ pair: 'ETH/USD', address: feed, heartbeat: 0, base: 'native' }]],
  ['a fractional heartbeat', [{ pair: 'ETH/USD', address: feed, heartbeat: 1.5, base: 'native' }]],
  ['a heartbeat past a week', [{ pair: 'ETH/USD', address: feed, heartbeat: MAX_FEED_HEARTBEAT + 1, base: 'native' }]],
  ['a heartbeat as text', [{ pair: 'ETH/USD', address: feed, heartbeat: '3600', base: 'native' }]],
  ['no base', [{ pair: 'ETH/USD', address: feed, heartbeat: 3600 }]],
  ['a base token that is no address', [{ pair: 'VTA/USD', address: feed, heartbeat: 3600, base: { token: 'VTA' } }]],
  ['an address named twice', [FEEDS[0], { pair: 'VTA/USD', address: feed, heartbeat: 3600, base: { token: TOKEN } }]],
  ['two feeds for ether', [FEEDS[0], { pair: 'ETH/USD', address: nth(1), heartbeat: 3600, base: 'native' }]],
  ['too many', Array.from({ length: MAX_PRICE_FEEDS + 1 }, (_, i) => ({ pair: `T${i}/USD`, address: nth(i), heartbeat: 60, base: { token: nth(100 + i) } }))],
];

describe("the local devnet's price feeds", () => {
  it('are read from the well-known object, lower-cased; none given is none (the key left out)', () => {
    expect(parseLocalDevnet(wellKnown({ priceFeeds: FEEDS })).priceFeeds).toEqual(CHECKED);
    expect(parseLocalDevnet(wellKnown())).not.toHaveProperty('priceFeeds');
    const served = localDevnetObject({ chainId: 31337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', priceFeeds: CHECKED as never });
    expect(served.priceFeeds).toEqual(CHECKED);
    expect(parseLocalDevnet(JSON.parse(JSON.stringify(served)))).toEqual(served);
    expect(checkPriceFeeds([{ pair: 'VTA/USD', address: FEED, heartbeat: 60, base: { token: TOKEN.toUpperCase().replace('0X', '0x') }, decimals: 8 }])).toEqual([{ pair: 'VTA/USD', address: feed, heartbeat: 60, base: { token: TOKEN } }]);
  });

  it.each(JUNK)('refuse %s with an InputError naming the field', (_, priceFeeds) => {
    expect(() => parseLocalDevnet(wellKnown({ priceFeeds }))).toThrow(InputError);
    expect(() => parseLocalDevnet(wellKnown({ priceFeeds }))).toThrow(/priceFeeds/);
  });
});

describe('price feeds in network profiles', () => {
  it("keep the devnet's feeds in its profile, from the ready object and from an Add network preview", () => {
    expect(profileFromReady(ready({ priceFeeds: FEEDS })).priceFeeds).toEqual(CHECKED);
    expect(profileFromReady(ready())).not.toHaveProperty('priceFeeds');
    const preview = { id: 'devnet', label: 'Devnet', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, beaconApi: 'http://127.0.0.1:5052', executionRpc: null, rollups: [], routers: [], tokens: [], priceFeeds: FEEDS };
    expect(profileOf(preview, 'preview').priceFeeds).toEqual(CHECKED);
    expect(() => profileOf({ ...preview, priceFeeds: FEEDS[0] }, 'preview')).toThrow(InputError);
    expect(() => profileOf({ ...preview, priceFeeds: [{ ...FEEDS[0], heartbeat: -1 }] }, 'preview')).toThrow(/network\.priceFeeds\[0\]\.heartbeat/);
  });

  it.each(JUNK)('refuse %s in a ready object', (_, priceFeeds) => {
    expect(() => profileFromReady(ready({ priceFeeds }))).toThrow(InputError);
  });

  it("are refused on a network Vigil ships: Chainlink's table is its own", () => {
    expect(() => profileFromReady(ready({ priceFeeds: FEEDS }, 'mainnet'))).toThrow(/"network\.priceFeeds": .*only your own network/);
  });

  it("stored: kept on the user's network (and through edits), dropped from a shipped one or when they no longer check", () => {
    const devnet = profileFromReady(ready({ priceFeeds: FEEDS }));
    const base = defaultSettings();
    const stored = JSON.parse(JSON.stringify({ ...base, current: 'devnet', profiles: { ...base.profiles, devnet, mainnet: { ...base.profiles.mainnet!, priceFeeds: CHECKED } } }));
    const settings = checkSettings(stored);
    expect(settings.profiles.devnet!.priceFeeds).toEqual(CHECKED);
    expect(settings.profiles.mainnet).not.toHaveProperty('priceFeeds');
    expect(applyEdit(settings, { id: 'devnet', checkpoint: '' }).profiles.devnet!.priceFeeds).toEqual(CHECKED);
    const kept = checkSettings({ ...stored, profiles: { ...stored.profiles, devnet: { ...stored.profiles.devnet, priceFeeds: [{ ...CHECKED[0], heartbeat: 0 }] } } });
    expect(kept.profiles.devnet).toBeDefined();
    expect(kept.profiles.devnet).not.toHaveProperty('priceFeeds');
  });

  it("become the feeds the wallet reads on that network, named by the network, not as Chainlink's", () => {
    const profile = profileFromReady(ready({ priceFeeds: [...FEEDS, { pair: 'VTA/USD', address: nth(7), heartbeat: 60, base: { token: TOKEN } }] }));
    const own = ownPriceFeeds(profile);
    expect(own[0]).toEqual({ chainId: 31337, address: feed, pair: 'ETH/USD', oracle: profile.label, base: 'native', quote: 'USD', heartbeat: 3600, source: `${profile.label}'s own description (its well-known object)` });
    const f = pricesFor(31337, [TOKEN.toUpperCase().replace('0X', '0x')], own);
    expect(f.native?.address).toBe(feed);
    expect(f.tokens.get(TOKEN)?.pair).toBe('VTA/USD');
    expect(ownPriceFeeds({ chainId: 31337, label: 'x' })).toEqual([]);
  });
});

describe("a devnet object's price feeds, anything a loopback server may serve (property)", () => {
  const value = fc.oneof(fc.anything(), fc.constantFrom<unknown>('native', 'ETH/USD', 3600, '0x' + '5f'.repeat(20), { token: '0x' + '5f'.repeat(20) }, Object.create(null)));
  const entry = fc.oneof(value, fc.record({ pair: value, address: value, heartbeat: value, base: value }, { requiredKeys: [] }));
  it('checkPriceFeeds answers checked feeds or throws InputError, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.array(entry, { maxLength: MAX_PRICE_FEEDS + 2 })), (raw) => {
        let feeds: ReturnType<typeof checkPriceFeeds>;
        try {
          feeds = checkPriceFeeds(raw);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          return;
        }
        for (const f of feeds) {
          expect(f.address).toMatch(/^0x[0-9a-f]{40}$/);
          expect(Number.isSafeInteger(f.heartbeat) && f.heartbeat >= 1).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
