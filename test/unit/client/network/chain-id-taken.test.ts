/**
 * One chain id, one chain (src/client/network/chain-id-taken.ts; audit 2026-11-28 S1): a beacon API
 * calling itself mainnet on another genesis is refused with words naming Ethereum Mainnet, the real
 * mainnet is still mainnet, a chain id of the user's own is taken, and a second network of the user's
 * on another genesis with that chain id is refused naming the first; networks an older version
 * stored so are kept and followed but sign nothing; the devnet's own network keeps working.
 * "Add network" runs as the background runs it (NetworkSettings over discoverNetwork and profileOf),
 * the beacon API a fake fetchJson.
 */
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { discoverNetwork, type FetchJson } from '../../../../src/client/network/discovery.ts';
import { NetworkSettings } from '../../../../src/client/network/network-settings.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { applyEdit, checkSettings, type NetworkProfile, type Settings } from '../../../../src/client/network/settings.ts';
import { checkRollupConfigs } from '../../../../src/l2/configs.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { ready } from './devnet-objects.ts';

const BEACON = 'https://beacon.example';
const ROOT_A = `0x${'aa'.repeat(32)}`;
const ROOT_B = `0x${'bb'.repeat(32)}`;
const MAINNET = { root: NETWORKS.mainnet.GENESIS_VALIDATORS_ROOT, time: NETWORKS.mainnet.GENESIS_TIME };
const now = () => (NETWORKS.mainnet.GENESIS_TIME + 160_000 * 32 * 12) * 1000;

/** A beacon API at {@link BEACON} serving mainnet's config with `chainId`, `name` (absent: none) and the genesis given; nothing elsewhere. */
function beaconApi(genesis: { root: string; time: number }, chainId = 1, name?: string): FetchJson {
  const { GENESIS_TIME: _t, GENESIS_VALIDATORS_ROOT: _r, CONFIG_NAME: _n, ...rest } = NETWORKS.mainnet as Record<string, unknown>;
  // As /eth/v1/config/spec serves it: strings (the blob schedule's entries too).
  const asServed = (v: unknown): unknown => (Array.isArray(v) ? v.map((e: Record<string, unknown>) => Object.fromEntries(Object.entries(e).map(([a, b]) => [a, String(b)]))) : String(v));
  const spec = { ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, asServed(v)])), DEPOSIT_CHAIN_ID: String(chainId), DEPOSIT_NETWORK_ID: String(chainId), ...(name ? { CONFIG_NAME: name } : {}) };
  const routes: Record<string, unknown> = {
    '/eth/v1/config/spec': spec,
    '/eth/v1/beacon/genesis': { genesis_time: String(genesis.time), genesis_validators_root: genesis.root, genesis_fork_version: '0x00000000' },
    '/eth/v1/beacon/headers/finalized': { root: `0x${'cd'.repeat(32)}`, header: { message: { slot: '12345' } } },
  };
  return async (url) => {
    const data = url.startsWith(BEACON) ? routes[url.slice(BEACON.length)] : undefined;
    return data === undefined ? { status: 404, json: { code: 404, message: 'no route' } } : { status: 200, json: { data } };
  };
}

/** The background's settings over `stored` (what Dexie holds; undefined: a fresh install), "Add network" reading `server`. */
async function background(stored?: unknown) {
  const saved = { settings: stored as Settings | undefined };
  let server: FetchJson = beaconApi(MAINNET);
  const s = new NetworkSettings({
    loadSettings: async () => checkSettings(saved.settings),
    saveSettings: async (next) => void (saved.settings = structuredClone(next)),
    announceChain: async () => {},
    announceInjection: async () => {},
    chainChanged: () => {},
    stopFollowing: async () => {},
    follow: () => {},
    now,
    checkRollupConfigs,
    discoverNetwork: ({ knownBeaconApis, ...request }) => discoverNetwork({ ...request, knownBeaconApis: (id) => knownBeaconApis[id] ?? [], checkRollups: checkRollupConfigs, now, fetchJson: server }),
    profileOf: async (network, from) => profileOf(network, from),
    applyEdit: async (settings, edit) => applyEdit(settings, edit),
  });
  await s.load();
  /** "Add network" as the popup runs it: read, then add the preview. */
  const add = async (fetchJson: FetchJson) => {
    server = fetchJson;
    await s.addNetwork(JSON.parse(JSON.stringify(await s.discoverNetwork({ beaconApi: BEACON }))));
  };
  const read = (fetchJson: FetchJson) => ((server = fetchJson), s.discoverNetwork({ beaconApi: BEACON }));
  return { s, saved, add, read };
}

const refusal = (p: Promise<unknown>) => p.then(() => expect.unreachable('expected a refusal'), (err: unknown) => err as VerificationError);

describe('a network on another genesis may not take a chain id', () => {
  it('a beacon API calling itself mainnet on another genesis is refused in words naming Ethereum Mainnet, when read and when added; nothing is saved', async () => {
    const { s, saved, read } = await background();
    const words = "chain id 1 belongs to Ethereum Mainnet, and this network's genesis is a different chain: a transaction signed for it would be valid on Ethereum Mainnet. Vigil does not add it";
    for (const server of [beaconApi({ root: ROOT_B, time: MAINNET.time }, 1, 'mainnet'), beaconApi({ root: MAINNET.root, time: MAINNET.time + 1 }, 1, 'mainnet'), beaconApi({ root: ROOT_B, time: 1 })]) {
      const err = await refusal(read(server));
      expect(err).toBeInstanceOf(VerificationError);
      expect(err).toMatchObject({ code: 'NETWORK_CHAIN_ID_TAKEN', shortMessage: words });
    }
    // A preview made elsewhere (not read here) is refused the same way on saving.
    const forged = { ...(await discoverNetwork({ beaconApi: BEACON, checkRollups: checkRollupConfigs, now, fetchJson: beaconApi({ root: ROOT_B, time: 1 }, 7777) })) };
    forged.chainId = 1;
    expect(await refusal(s.addNetwork(JSON.parse(JSON.stringify(forged))))).toMatchObject({ code: 'NETWORK_CHAIN_ID_TAKEN', shortMessage: expect.stringContaining('belongs to Ethereum Mainnet') });
    // So is the devnet's ready object (vigil:setNetwork) claiming chain 1.
    expect(await refusal(s.setNetwork(ready({ chainId: 1, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet', GENESIS_VALIDATORS_ROOT: ROOT_B } })))).toMatchObject({ code: 'NETWORK_CHAIN_ID_TAKEN' });
    expect(saved.settings).toBeUndefined();
    expect(Object.keys(s.get().profiles)).toEqual(['mainnet', 'sepolia', 'hoodi']);
  });

  it("the real mainnet genesis is still mainnet: read as mainnet, added, and signs", async () => {
    const { s, add, read } = await background();
    const preview = await read(beaconApi(MAINNET, 1, 'mainnet'));
    expect(preview).toMatchObject({ id: 'mainnet', label: 'Ethereum Mainnet', chainId: 1, genesisValidatorsRoot: MAINNET.root });
    await add(beaconApi(MAINNET, 1, 'mainnet'));
    expect(s.get().current).toBe('mainnet');
    expect(s.signingRefusal()).toBeUndefined();
    expect(s.networkForChain(1n)).toBe('mainnet');
  });

  it('a chain id no shipped network has is taken: added as custom-<chainId>, and signs', async () => {
    const { s, add } = await background();
    await add(beaconApi({ root: ROOT_A, time: 1 }, 7777));
    expect(s.current()).toMatchObject({ id: 'custom-7777', label: 'Custom network (chain 7777)', chainId: 7777 });
    expect(s.signingRefusal()).toBeUndefined();
    expect(s.networkForChain(7777n)).toBe('custom-7777');
  });

  it('a second network of the user on another genesis with a taken chain id is refused naming the first; the same id on a new genesis replaces it', async () => {
    const { s, saved, add, read } = await background();
    await add(beaconApi({ root: ROOT_A, time: 1 }, 7777));
    const before = structuredClone(saved.settings);
    const err = await refusal(read(beaconApi({ root: ROOT_B, time: 2 }, 7777, 'othernet')));
    expect(err).toBeInstanceOf(VerificationError);
    expect(err.code).toBe('NETWORK_CHAIN_ID_TAKEN');
    expect(err.shortMessage).toBe(
      "chain id 7777 belongs to your network Custom network (chain 7777), and this network's genesis is a different chain: a transaction signed for it would be valid on Custom network (chain 7777). Vigil does not add it",
    );
    expect(err.details).toBe(`Custom network (chain 7777)'s genesis: validators root ${ROOT_A}, time 1; this network's: validators root ${ROOT_B}, time 2`);
    // Added without being read here (a preview from elsewhere): refused on saving too.
    const elsewhere = await discoverNetwork({ beaconApi: BEACON, checkRollups: checkRollupConfigs, now, fetchJson: beaconApi({ root: ROOT_B, time: 2 }, 7777, 'othernet') });
    expect(await refusal(s.addNetwork(JSON.parse(JSON.stringify(elsewhere))))).toMatchObject({ code: 'NETWORK_CHAIN_ID_TAKEN' });
    expect(saved.settings).toEqual(before);
    // The same id on another genesis replaces the saved one (a devnet restarted); the same chain under another name takes nothing from it.
    await add(beaconApi({ root: ROOT_B, time: 2 }, 7777));
    expect(s.get().profiles['custom-7777']!.config).toMatchObject({ GENESIS_VALIDATORS_ROOT: ROOT_B });
    await add(beaconApi({ root: ROOT_B, time: 2 }, 7777, 'samechain'));
    expect(s.signingRefusal()).toBeUndefined();
    // Now genesis A is the one refused.
    expect(await refusal(read(beaconApi({ root: ROOT_A, time: 1 }, 7777, 'othernet')))).toMatchObject({ code: 'NETWORK_CHAIN_ID_TAKEN' });
  });
});

describe('networks an older version stored with a taken chain id', () => {
  const profile = (id: string, chainId: number, root: string, time: number): NetworkProfile => ({
    id,
    label: id[0]!.toUpperCase() + id.slice(1),
    chainId,
    config: { ...NETWORKS.mainnet, CONFIG_NAME: id, GENESIS_VALIDATORS_ROOT: root, GENESIS_TIME: time },
    beaconApis: [`https://${id}.example`],
    executionRpcs: [],
  });
  const stored = () => ({
    current: 'custom-1',
    profiles: {
      'custom-1': profile('custom-1', 1, ROOT_B, MAINNET.time),
      first: profile('first', 7777, ROOT_A, 1),
      second: profile('second', 7777, ROOT_B, 2),
    },
    overrideWindowEthereum: false,
  });

  it('are kept and followed, but sign nothing (NETWORK_CHAIN_ID_TAKEN, in words); the chain switch never picks them; the first of the user\'s keeps its chain id', async () => {
    const { s, saved } = await background(stored());
    expect(Object.keys(s.get().profiles)).toEqual(['mainnet', 'sepolia', 'hoodi', 'custom-1', 'first', 'second']);
    expect(s.current()!.id).toBe('custom-1');
    expect(s.signingRefusal()).toMatchObject({
      code: 'NETWORK_CHAIN_ID_TAKEN',
      shortMessage:
        "chain id 1 belongs to Ethereum Mainnet, and this network's genesis is a different chain: a transaction signed for it would be valid on Ethereum Mainnet. Vigil signs nothing on it (an older version saved it; it is kept)",
    });
    expect(s.networkForChain(1n)).toBe('mainnet');
    expect(s.networkForChain(7777n)).toBe('first');
    await s.setNetwork('second');
    expect(s.signingRefusal()).toMatchObject({ code: 'NETWORK_CHAIN_ID_TAKEN', shortMessage: expect.stringMatching(/^chain id 7777 belongs to your network First, .* valid on First\. Vigil signs nothing on it/) });
    await s.setNetwork('first');
    expect(s.signingRefusal()).toBeUndefined();
    // Nothing of the user's was dropped on the way.
    expect(Object.keys(saved.settings!.profiles)).toEqual(['mainnet', 'sepolia', 'hoodi', 'custom-1', 'first', 'second']);
  });
});

describe("the devnet's own network", () => {
  it('has chain ids no shipped network has (1337 for `vigil devnet`, src/devnet/devnet.ts; 31337 for the beacon harness), so it is added, re-added after a restart, and signs', async () => {
    const shipped = Object.values(NETWORKS).map((n) => n.DEPOSIT_CHAIN_ID as number);
    for (const chainId of [1337, 31337]) {
      expect(shipped).not.toContain(chainId);
      const { s } = await background();
      await s.setNetwork(ready({ chainId, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet', GENESIS_VALIDATORS_ROOT: ROOT_A } }));
      expect(s.signingRefusal()).toBeUndefined();
      // Restarted: a new genesis under the same id replaces it.
      await s.setNetwork(ready({ chainId, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet', GENESIS_VALIDATORS_ROOT: ROOT_B } }));
      expect(s.current()).toMatchObject({ id: 'devnet', chainId, config: { GENESIS_VALIDATORS_ROOT: ROOT_B } });
      expect(s.signingRefusal()).toBeUndefined();
    }
  });
});
