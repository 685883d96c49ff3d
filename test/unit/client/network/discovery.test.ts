/**
 * "Add network" discovery: from the real beacon devnet (its preview parses to the devnet's own
 * config), and from a fake server for each refusal: not a beacon API, a spec contradicting its
 * genesis or fork schedule, an execution RPC on another chain, no finalized header, a non-http URL.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { discoverNetwork, WARN_CHECKPOINT_ONE_SERVER, WARN_NO_CHECKPOINT, WARN_NO_EXECUTION_RPC } from '../../../../src/client/network/discovery.ts';
import { parseNetworkConfig } from '../../../../src/l1/config.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { ROLLUP_KIND, ROLLUP_SLOTS, verificationKeyHash } from '../../../../src/l2/vigil-zk/config.ts';
import { type Harness, startHarness } from '../../devnet/beacon/harness.ts';
import { checkRollupConfigs } from '../../../../src/l2/configs.ts';
import { listen } from '../../../../src/devnet/http-util.ts';

describe('discoverNetwork from the beacon devnet', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ fork: 'electra' });
    await h.advanceTo(4 * 8 + 3); // past a few epochs: a finalized block after genesis
  });
  afterAll(() => h.close());

  it('reads the devnet\'s own network, chain id and finalized checkpoint', async () => {
    const preview = await discoverNetwork({ beaconApi: h.devnet.url + '/', checkRollups: checkRollupConfigs, executionRpc: h.el.url, now: h.now });
    const config = parseNetworkConfig(preview.network);
    expect(config.forks).toEqual(h.config.forks);
    expect(config.genesisTime).toBe(h.config.genesisTime);
    expect(config.genesisValidatorsRoot).toEqual(h.config.genesisValidatorsRoot);
    expect(config.preset).toEqual(h.config.preset);
    expect(config.secondsPerSlot).toBe(h.config.secondsPerSlot);
    expect(config.blobSchedule).toEqual(h.config.blobSchedule);
    expect(preview.id).toBe('devnet');
    expect(preview.label).toBe('Devnet');
    expect(preview.chainId).toBe(31337);
    expect(preview.preset).toBe('minimal');
    expect(preview.genesisValidatorsRoot).toBe(bytesToHex(h.config.genesisValidatorsRoot));
    expect(preview.beaconApi).toBe(h.devnet.url);
    expect(preview.executionRpc).toBe(h.el.url);
    expect(preview.forks.map((f) => [f.name, f.epoch, f.active])).toEqual([
      ['phase0', 0, true], ['altair', 0, true], ['bellatrix', 0, true], ['capella', 0, true],
      ['deneb', 0, true], ['electra', 0, true], ['fulu', null, false], ['gloas', null, false],
    ]);
    expect(preview.unknownForks).toEqual([]);
    expect(preview.checkpoint).toEqual({ root: h.devnet.checkpoint(), slot: expect.any(Number), source: 'beacon-api', agreedBy: [new URL(h.devnet.url).host] });
    expect(preview.checkpoint!.slot).toBeGreaterThan(0);
    expect(preview.warnings).toEqual([WARN_CHECKPOINT_ONE_SERVER]);
    // Plain JSON between background and popup.
    expect(JSON.parse(JSON.stringify(preview))).toEqual(preview);
  });

  it('without an execution RPC: a warning', async () => {
    const preview = await discoverNetwork({ beaconApi: h.devnet.url, checkRollups: checkRollupConfigs, now: h.now });
    expect(preview.executionRpc).toBeNull();
    expect(preview.warnings).toContain(WARN_NO_EXECUTION_RPC);
  });
});

// A fake beacon API: mainnet's config as `/eth/v1/config/spec` serves it (strings), with overrides.
const GENESIS_VERSION = '0x00000000';
type Routes = Record<string, { status: number; body: unknown } | undefined>;
function mainnetRoutes(): Routes {
  const { GENESIS_TIME, GENESIS_VALIDATORS_ROOT, ...rest } = NETWORKS.mainnet as Record<string, unknown>;
  const spec = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, Array.isArray(v) ? v.map((e) => Object.fromEntries(Object.entries(e).map(([a, b]) => [a, String(b)]))) : String(v)]),
  );
  return {
    '/eth/v1/config/spec': { status: 200, body: { data: spec } },
    '/eth/v1/beacon/genesis': {
      status: 200,
      body: { data: { genesis_time: String(GENESIS_TIME), genesis_validators_root: GENESIS_VALIDATORS_ROOT, genesis_fork_version: GENESIS_VERSION } },
    },
    '/eth/v1/config/fork_schedule': {
      status: 200,
      body: {
        data: [
          { previous_version: '0x00000000', current_version: '0x00000000', epoch: '0' },
          { previous_version: '0x00000000', current_version: '0x01000000', epoch: '74240' },
          { previous_version: '0x01000000', current_version: '0x02000000', epoch: '144896' },
        ],
      },
    },
    '/eth/v1/beacon/headers/finalized': {
      status: 200,
      body: { data: { root: `0x${'ab'.repeat(32)}`, header: { message: { slot: '12345' } } } },
    },
  };
}

/**
 * The routes of a network of its own: mainnet's config on another genesis, with chain id `chainId`
 * (not a shipped one: a shipped chain id on another genesis is refused, ./chain-id-taken.test.ts).
 */
function ownNetworkRoutes(chainId = 7777): Routes {
  const r = mainnetRoutes();
  const spec = (r['/eth/v1/config/spec']!.body as { data: Record<string, unknown> }).data;
  spec.DEPOSIT_CHAIN_ID = String(chainId);
  spec.DEPOSIT_NETWORK_ID = String(chainId);
  r['/eth/v1/beacon/genesis'] = {
    status: 200,
    body: { data: { genesis_time: '1606824023', genesis_validators_root: `0x${'11'.repeat(32)}`, genesis_fork_version: GENESIS_VERSION } },
  };
  return r;
}

let routes: Routes = mainnetRoutes();
let chainIdAnswer = '0x1';
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const { id } = JSON.parse(body) as { id: number };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, result: chainIdAnswer }));
      });
      return;
    }
    const route = routes[req.url ?? ''];
    if (!route) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":404,"message":"no route"}');
    const text = typeof route.body === 'string' ? route.body : JSON.stringify(route.body);
    res.writeHead(route.status, { 'content-type': 'application/json' }).end(text);
  });
  await listen(server, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const now = () => (NETWORKS.mainnet.GENESIS_TIME + 160_000 * 32 * 12) * 1000;
async function refusal(params: Partial<Parameters<typeof discoverNetwork>[0]> = {}): Promise<unknown> {
  try {
    await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, now, ...params });
  } catch (err) {
    return err;
  } finally {
    routes = mainnetRoutes();
    chainIdAnswer = '0x1';
  }
  throw new Error('expected a refusal');
}

describe('discoverNetwork from a fake beacon API', () => {
  it('mainnet as a server serves it: id mainnet, forks active by the clock, the checkpoint', async () => {
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, executionRpc: base, now });
    expect(preview.id).toBe('mainnet');
    expect(preview.label).toBe('Ethereum Mainnet');
    expect(preview.chainId).toBe(1);
    expect(preview.forks.find((f) => f.name === 'capella')).toEqual({ name: 'capella', epoch: 194048, active: false });
    expect(preview.forks.find((f) => f.name === 'bellatrix')).toEqual({ name: 'bellatrix', epoch: 144896, active: true });
    expect(preview.checkpoint).toEqual({ root: `0x${'ab'.repeat(32)}`, slot: 12345, source: 'beacon-api', agreedBy: [new URL(base).host] });
    expect(parseNetworkConfig(preview.network).genesisValidatorsRoot).toEqual(parseNetworkConfig(NETWORKS.mainnet).genesisValidatorsRoot);
  });

  // The same fake server under another host name stands for a second operator.
  const other = () => base.replace('127.0.0.1', 'localhost');
  const atSlot = (root: string) => ({ status: 200, body: { data: { root, header: { message: { slot: '12345' } } } } });

  it('other beacon APIs with the same block at the checkpoint slot: agreed by every host, no one-server warning', async () => {
    routes['/eth/v1/beacon/headers/12345'] = atSlot(`0x${'ab'.repeat(32)}`);
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, moreBeaconApis: [other(), base], executionRpc: base, now });
    routes = mainnetRoutes();
    expect(preview.moreBeaconApis).toEqual([other()]);
    expect(preview.checkpoint).toEqual({ root: `0x${'ab'.repeat(32)}`, slot: 12345, source: 'beacon-apis', agreedBy: [new URL(base).host, new URL(other()).host] });
    expect(preview.warnings).toEqual([]);
  });

  it('another beacon API with another block, or none, at the checkpoint slot: NETWORK_CHECKPOINT_DISAGREEMENT', async () => {
    routes['/eth/v1/beacon/headers/12345'] = atSlot(`0x${'cd'.repeat(32)}`);
    let err = await refusal({ moreBeaconApis: [other()] });
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('NETWORK_CHECKPOINT_DISAGREEMENT');
    expect((err as Error).message).toContain(`block 0x${'cd'.repeat(32)} at slot 12345`);
    err = await refusal({ moreBeaconApis: [other()] }); // no route: 404
    expect((err as VerificationError).code).toBe('NETWORK_CHECKPOINT_DISAGREEMENT');
    expect((err as Error).message).toContain('no block (HTTP 404)');
  });

  it('another beacon API on another genesis: NETWORK_GENESIS_MISMATCH; one the user gave that is down: the transport error', async () => {
    const fetchJson = async (url: string) => {
      // The other (localhost) answers another genesis.
      if (url.endsWith('/eth/v1/beacon/genesis') && url.includes('localhost')) {
        return { status: 200, json: { data: { genesis_time: '1', genesis_validators_root: `0x${'11'.repeat(32)}`, genesis_fork_version: GENESIS_VERSION } } };
      }
      const res = await fetch(url);
      return { status: res.status, json: await res.json() };
    };
    const err = await refusal({ moreBeaconApis: [other()], fetchJson });
    expect((err as VerificationError).code).toBe('NETWORK_GENESIS_MISMATCH');
    expect((err as Error).message).toContain('serves another network');
    const down = await refusal({ moreBeaconApis: ['http://127.0.0.1:1'] });
    expect(down).not.toBeInstanceOf(VerificationError);
    expect(down).toBeInstanceOf(Error);
  });

  it("a known network's own beacon APIs confirm it; one that is down is only noted; one that disagrees refuses", async () => {
    routes['/eth/v1/beacon/headers/12345'] = atSlot(`0x${'ab'.repeat(32)}`);
    const asked: string[] = [];
    const knownBeaconApis = (id: string) => (asked.push(id), [other(), 'http://127.0.0.1:1']);
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, executionRpc: base, knownBeaconApis, now });
    expect(asked).toEqual(['mainnet']);
    expect(preview.moreBeaconApis).toEqual([]); // not saved with the network: they are the profile's already
    expect(preview.checkpoint!.source).toBe('beacon-apis');
    expect(preview.warnings).toEqual([expect.stringMatching(/^http:\/\/127\.0\.0\.1:1 could not confirm the checkpoint/)]);
    routes['/eth/v1/beacon/headers/12345'] = atSlot(`0x${'cd'.repeat(32)}`);
    const err = await refusal({ knownBeaconApis });
    expect((err as VerificationError).code).toBe('NETWORK_CHECKPOINT_DISAGREEMENT');
  });

  it('rollup configs are listed when they settle on this chain, refused otherwise', async () => {
    const vk = JSON.parse(readFileSync(new URL('../../../../circuits/build/verification_key.json', import.meta.url), 'utf8'));
    const rollup = (l1ChainId: number) => ({
      kind: ROLLUP_KIND, name: 'Vigil devnet rollup', chainId: 31339, l1ChainId,
      contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      slots: Object.fromEntries(Object.entries(ROLLUP_SLOTS).map(([k, v]) => [k, Number(v)])),
      verifier: { address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', codeHash: '0x' + 'ab'.repeat(32) },
      verificationKey: vk, verificationKeyHash: verificationKeyHash(vk), depth: 6, batchSize: 2,
      l2Rpc: 'http://127.0.0.1:8547', liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 300 },
    });
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, rollups: [rollup(1)], now });
    expect(preview.rollups.map(({ config: _, ...r }) => r)).toEqual([{ kind: ROLLUP_KIND, chainId: 31339, label: 'Vigil devnet rollup' }]);
    expect(preview.rollups[0]!.config).toEqual(rollup(1));
    const err = await refusal({ rollups: [rollup(5)] });
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/settles on chain 5/);
  });

  it("a network's own Uniswap V2 routers are listed, lower-cased; junk, or a list for a network Vigil ships, is refused", async () => {
    const router = '0x68B1D87F95878fE05B998F19b66F4baba5De1aed';
    routes = ownNetworkRoutes();
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, routers: [router], now });
    routes = mainnetRoutes();
    expect(preview.id).toBe('custom-7777');
    expect(preview.routers).toEqual([router.toLowerCase()]);
    expect((await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, now })).routers).toEqual([]);
    const shipped = await refusal({ routers: [router] });
    expect(shipped).toBeInstanceOf(InputError);
    expect((shipped as Error).message).toMatch(/mainnet has the routers Vigil ships/);
    expect(await refusal({ routers: ['0x1234'] })).toBeInstanceOf(InputError);
  });

  it("a network's own tokens are listed, lower-cased; junk, a hostile symbol, or a list for a network Vigil ships, is refused", async () => {
    const tokens = [{ address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', symbol: 'VTA' }];
    routes = ownNetworkRoutes();
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, tokens, now });
    routes = mainnetRoutes();
    expect(preview.id).toBe('custom-7777');
    expect(preview.tokens).toEqual([{ address: tokens[0]!.address.toLowerCase(), symbol: 'VTA' }]);
    expect((await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, now })).tokens).toEqual([]);
    const shipped = await refusal({ tokens });
    expect(shipped).toBeInstanceOf(InputError);
    expect((shipped as Error).message).toMatch(/mainnet has the tokens Vigil ships/);
    expect(await refusal({ tokens: [{ address: '0x1234', symbol: 'VTA' }] })).toMatchObject({ name: 'InputError', message: expect.stringMatching(/tokens\[0\]\.address/) });
    expect(await refusal({ tokens: [{ address: tokens[0]!.address, symbol: 'US\u202eDC' }] })).toMatchObject({ name: 'InputError', message: expect.stringMatching(/tokens\[0\]\.symbol/) });
  });

  it("a network's pinned EIP-7702 delegate is carried, lower-cased; junk, the zero address, or one for a network Vigil ships, is refused", async () => {
    const delegator = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
    routes = ownNetworkRoutes();
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, delegator, now });
    expect(preview.delegator).toBe(delegator.toLowerCase());
    expect(await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, now })).not.toHaveProperty('delegator');
    expect(await refusal({ delegator: '0x' + '00'.repeat(20) })).toBeInstanceOf(InputError);
    routes = mainnetRoutes();
    const shipped = await refusal({ delegator });
    expect(shipped).toBeInstanceOf(InputError);
    expect((shipped as Error).message).toMatch(/no delegate on mainnet/);
    expect(await refusal({ delegator: '0x1234' })).toBeInstanceOf(InputError);
  });

  it('a server calling itself mainnet on another genesis and chain id is saved as custom-<chainId>', async () => {
    routes = ownNetworkRoutes();
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, now });
    routes = mainnetRoutes();
    expect(preview.id).toBe('custom-7777');
    expect(preview.network.CONFIG_NAME).toBe('custom-7777');
    expect(preview.label).toBe('Custom network (chain 7777)');
  });

  it("a server calling itself mainnet on another genesis with mainnet's chain id: NETWORK_CHAIN_ID_TAKEN, in words naming Ethereum Mainnet", async () => {
    routes['/eth/v1/beacon/genesis'] = {
      status: 200,
      body: { data: { genesis_time: '1606824023', genesis_validators_root: `0x${'11'.repeat(32)}`, genesis_fork_version: GENESIS_VERSION } },
    };
    const err = await refusal();
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('NETWORK_CHAIN_ID_TAKEN');
    expect((err as VerificationError).shortMessage).toBe(
      "chain id 1 belongs to Ethereum Mainnet, and this network's genesis is a different chain: a transaction signed for it would be valid on Ethereum Mainnet. Vigil does not add it",
    );
    expect((err as VerificationError).details).toBe(
      `Ethereum Mainnet's genesis: validators root ${NETWORKS.mainnet.GENESIS_VALIDATORS_ROOT}, time 1606824023; this network's: validators root 0x${'11'.repeat(32)}, time 1606824023`,
    );
  });

  it('no finalized header: checkpoint null with a warning; no fork_schedule endpoint is tolerated', async () => {
    routes['/eth/v1/beacon/headers/finalized'] = undefined;
    routes['/eth/v1/config/fork_schedule'] = undefined;
    const preview = await discoverNetwork({ beaconApi: base, checkRollups: checkRollupConfigs, now });
    routes = mainnetRoutes();
    expect(preview.checkpoint).toBeNull();
    expect(preview.warnings).toEqual([WARN_NO_EXECUTION_RPC, WARN_NO_CHECKPOINT]);
  });

  it('not a beacon API: HTTP error, not JSON, no data', async () => {
    routes['/eth/v1/config/spec'] = undefined;
    let err = await refusal();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/is not a beacon API: \/eth\/v1\/config\/spec answered HTTP 404/);
    routes['/eth/v1/beacon/genesis'] = { status: 200, body: '<html>hello</html>' };
    err = await refusal();
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/not a beacon API: \/eth\/v1\/beacon\/genesis answered something that is not JSON/);
    routes['/eth/v1/config/spec'] = { status: 200, body: { result: {} } };
    err = await refusal();
    expect((err as Error).message).toMatch(/without "data"/);
  });

  it('a spec contradicting its genesis', async () => {
    const spec = (routes['/eth/v1/config/spec']!.body as { data: Record<string, unknown> }).data;
    spec.GENESIS_FORK_VERSION = '0x90000069';
    const err = await refusal();
    expect(err).toBeInstanceOf(VerificationError);
    expect((err as VerificationError).code).toBe('NETWORK_GENESIS_MISMATCH');
    expect((err as VerificationError).expected).toBe(GENESIS_VERSION);
  });

  it('a fork schedule contradicting the spec', async () => {
    const schedule = (routes['/eth/v1/config/fork_schedule']!.body as { data: { epoch: string }[] }).data;
    schedule[1]!.epoch = '74241';
    let err = await refusal();
    expect((err as VerificationError).code).toBe('NETWORK_FORK_SCHEDULE_MISMATCH');
    expect((err as Error).message).toMatch(/altair \(0x01000000\) at another epoch than the config\/spec: expected 74240, got 74241/);
    (routes['/eth/v1/config/fork_schedule']!.body as { data: { current_version: string }[] }).data[2]!.current_version = '0x77000000';
    err = await refusal();
    expect((err as VerificationError).code).toBe('NETWORK_FORK_SCHEDULE_MISMATCH');
  });

  it('an execution RPC on another chain: says which', async () => {
    chainIdAnswer = '0xaa36a7';
    const err = await refusal({ executionRpc: base });
    expect((err as VerificationError).code).toBe('NETWORK_CHAIN_ID_MISMATCH');
    expect((err as Error).message).toMatch(/execution RPC serves chain 11155111, but the beacon API's network has DEPOSIT_CHAIN_ID 1/);
  });

  it('a URL that is not http(s)', async () => {
    expect(await refusal({ beaconApi: 'ftp://example.org' })).toBeInstanceOf(InputError);
    expect(await refusal({ executionRpc: 'file:///etc/passwd' })).toBeInstanceOf(InputError);
    expect(await refusal({ beaconApi: 'not a url' })).toBeInstanceOf(InputError);
  });
});
