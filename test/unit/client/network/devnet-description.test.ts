/**
 * A Vigil devnet found wherever it describes itself (src/client/network/local-devnet.ts): the place
 * the user types in Settings (a port or a URL on this computer, anything else refused), the object
 * read there with its genesis; and "Add network" given only a devnet's beacon API carries what the
 * devnet has from the description that beacon API serves, or says what the network will lack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverNetwork } from '../../../../src/client/network/discovery.ts';
import { findLocalDevnet, LOCAL_DEVNET_PATH, localDevnetObject, localDevnetUrl, parseLocalDevnet } from '../../../../src/client/network/local-devnet.ts';
import { InputError } from '../../../../src/core/errors.ts';
import { startDiscoveryServer } from '../../../../src/devnet/discovery.ts';
import { checkRollupConfigs } from '../../../../src/l2/configs.ts';
import { type Harness, startHarness } from '../../devnet/beacon/harness.ts';

const ROUTER = '0x' + '12'.repeat(20);
const RESOLVER = '0x' + '34'.repeat(20);
const DELEGATOR = '0x' + '56'.repeat(20);
const FEED = { pair: 'ETH/USD', address: '0x' + '78'.repeat(20), heartbeat: 3600, base: 'native' as const };

describe('where the user says the devnet describes itself', () => {
  it.each([
    ['8591', 'http://127.0.0.1:8591/.well-known/vigil-devnet.json'],
    [' :8591 ', 'http://127.0.0.1:8591/.well-known/vigil-devnet.json'],
    ['localhost:8591', 'http://localhost:8591/.well-known/vigil-devnet.json'],
    ['127.0.0.1:8591', 'http://127.0.0.1:8591/.well-known/vigil-devnet.json'],
    ['http://127.0.0.1:8591/', 'http://127.0.0.1:8591/.well-known/vigil-devnet.json'],
    ['http://localhost:8591/.well-known/vigil-devnet.json', 'http://localhost:8591/.well-known/vigil-devnet.json'],
  ])('%s: %s', (typed, url) => {
    expect(localDevnetUrl(typed)).toBe(url);
  });

  it.each([
    ['another computer', 'http://192.168.1.5:8591', 'is not on this computer'],
    ['a name that is not localhost', 'devnet.example:8591', 'is not on this computer'],
    ['https on this computer', 'https://127.0.0.1:8591', 'is not on this computer'],
    ['a port out of range', '99999', 'is not a port or a URL'],
    ['nothing', '  ', 'enter where the devnet describes itself'],
  ])('refuses %s with an InputError that says what is accepted', (_, typed, why) => {
    expect(() => localDevnetUrl(typed)).toThrow(InputError);
    expect(() => localDevnetUrl(typed)).toThrow(why);
    expect(() => localDevnetUrl(typed)).toThrow('127.0.0.1 or localhost');
  });

  it('finds a devnet on the port typed, not only on the well-known one; nothing there: null; another computer: refused before any request', async () => {
    const object = localDevnetObject({ chainId: 1337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545' });
    const server = (await startDiscoveryServer({ port: 0, object }))!;
    try {
      const port = new URL(server.url).port;
      expect(await findLocalDevnet({ at: port })).toEqual(object);
      expect(await findLocalDevnet({ at: `localhost:${port}` })).toEqual(object);
      await expect(findLocalDevnet({ at: 'http://10.0.0.1:8591' })).rejects.toThrow(InputError);
    } finally {
      await server.stop();
    }
    expect(await findLocalDevnet({ at: new URL(server.url).port, timeoutMs: 5000 })).toBeNull();
  });

  it('describes its genesis and config name; an older object without them still parses, a malformed one is refused', () => {
    const network = { GENESIS_VALIDATORS_ROOT: '0x' + 'AB'.repeat(32), GENESIS_TIME: '1800000000', CONFIG_NAME: 'devnet' };
    const object = localDevnetObject({ chainId: 1337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', network });
    expect(object).toMatchObject({ genesisValidatorsRoot: '0x' + 'ab'.repeat(32), genesisTime: 1_800_000_000, configName: 'devnet' });
    expect(parseLocalDevnet(JSON.parse(JSON.stringify(object)))).toEqual(object);
    const { genesisValidatorsRoot: _r, genesisTime: _t, configName: _n, ...older } = object;
    expect(parseLocalDevnet(older)).toEqual(older);
    expect(() => parseLocalDevnet({ ...object, genesisValidatorsRoot: '0x1234' })).toThrow(InputError);
    expect(() => parseLocalDevnet({ ...object, genesisTime: -1 })).toThrow(/genesisTime/);
    expect(() => parseLocalDevnet({ ...object, configName: '../x' })).toThrow(/configName/);
  });
});

describe('"Add network" given a devnet beacon API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ fork: 'electra' });
  });
  afterAll(() => h.close());

  const describeAs = (over: Record<string, unknown> = {}) =>
    h.devnet.describe({
      ...localDevnetObject({ chainId: 31337, beaconApi: h.devnet.url, executionRpc: h.el.url, routers: [ROUTER], priceFeeds: [FEED], ensUniversalResolver: RESOLVER, delegator: DELEGATOR, network: h.devnet.networkConfig }),
      ...over,
    });

  it('undescribed: adds it as given, and the preview says it will have no rollups, ENS, named swaps or delegate', async () => {
    const preview = await discoverNetwork({ beaconApi: h.devnet.url, checkRollups: checkRollupConfigs, now: h.now });
    expect(preview.describedBy).toBeUndefined();
    expect(preview.lacks).toEqual(['rollups', 'ens', 'routers', 'delegator']);
    expect(preview.routers).toEqual([]);
    expect(preview).not.toHaveProperty('priceFeeds');
  });

  it("described: carries its router, price feed, ENS resolver and delegate from the description its beacon API serves, and lacks only what it has not", async () => {
    describeAs();
    const preview = await discoverNetwork({ beaconApi: h.devnet.url, executionRpc: h.el.url, checkRollups: checkRollupConfigs, now: h.now });
    expect(preview.describedBy).toBe(h.devnet.url + LOCAL_DEVNET_PATH);
    expect(preview.routers).toEqual([ROUTER]);
    expect(preview.priceFeeds).toEqual([FEED]);
    expect(preview.ensUniversalResolver).toBe(RESOLVER);
    expect(preview.delegator).toBe(DELEGATOR);
    expect(preview.lacks).toEqual(['rollups']);
  });

  it('a description of another chain or genesis is not carried; what the request gives is used instead of any description', async () => {
    describeAs({ genesisValidatorsRoot: '0x' + 'ee'.repeat(32) });
    expect((await discoverNetwork({ beaconApi: h.devnet.url, checkRollups: checkRollupConfigs, now: h.now })).describedBy).toBeUndefined();
    describeAs({ chainId: 1 });
    expect((await discoverNetwork({ beaconApi: h.devnet.url, checkRollups: checkRollupConfigs, now: h.now })).lacks).toHaveLength(4);
    describeAs();
    const given = await discoverNetwork({ beaconApi: h.devnet.url, routers: [DELEGATOR], checkRollups: checkRollupConfigs, now: h.now });
    expect(given.describedBy).toBeUndefined();
    expect(given.routers).toEqual([DELEGATOR]);
    expect(given).not.toHaveProperty('priceFeeds');
    // Feeds given with the request are checked as the description's are; a network Vigil ships takes none.
    const feeds = await discoverNetwork({ beaconApi: h.devnet.url, priceFeeds: [{ ...FEED, address: FEED.address.toUpperCase().replace('0X', '0x') }], checkRollups: checkRollupConfigs, now: h.now });
    expect(feeds.priceFeeds).toEqual([FEED]);
    await expect(discoverNetwork({ beaconApi: h.devnet.url, priceFeeds: [{ ...FEED, heartbeat: 0 }], checkRollups: checkRollupConfigs, now: h.now })).rejects.toThrow(/priceFeeds\[0\]\.heartbeat/);
    expect(given.ensUniversalResolver).toBeUndefined();
    expect(given.lacks).toEqual(['rollups', 'ens', 'delegator']);
  });
});
