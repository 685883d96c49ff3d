/**
 * Networks that work on install: mainnet, sepolia and hoodi come with public endpoints of
 * different operators, the manifest grants exactly their origins, and stored settings keep the
 * user's lists (an emptied one too) while untouched profiles follow the defaults.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENDPOINT_SOURCES } from '../../../../src/client/network/default-endpoint-sources.ts';
import { DEFAULT_ENDPOINTS, DEFAULT_L2_RPCS, defaultEndpoints, defaultHostPermissions, isDefaultNetwork } from '../../../../src/client/network/default-endpoints.ts';
import { applyEdit, checkSettings, defaultSettings, normalizeUrls, type Settings } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../../extension/manifest.json', import.meta.url), 'utf8'));
const NETS = ['mainnet', 'sepolia', 'hoodi'] as const;
const host = (url: string) => new URL(url).hostname;

/** What the background stores and reads back (structured clone through Dexie). */
const reload = (s: Settings) => checkSettings(structuredClone(s));

/** Settings as an install before this release saved them: built-in profiles without the marker. */
function legacy(lists: Partial<Record<(typeof NETS)[number], { beaconApis: string[]; executionRpcs: string[] }>> = {}): unknown {
  const s = structuredClone(defaultSettings()) as any;
  for (const id of NETS) {
    delete s.profiles[id].endpointsFrom;
    Object.assign(s.profiles[id], lists[id] ?? { beaconApis: [], executionRpcs: [] });
  }
  return s;
}

describe('default endpoints', () => {
  it.each(NETS)('%s: https URLs in normal form, each with an operator and a source', (id) => {
    const d = DEFAULT_ENDPOINTS[id];
    for (const e of [...d.beaconApis, ...d.executionRpcs]) {
      expect(new URL(e.url).protocol).toBe('https:');
      expect(normalizeUrls([e.url], 'url')).toEqual([e.url]);
      expect(new URL(e.url).pathname).toBe('/');
      expect(e.operator.length).toBeGreaterThan(2);
      expect(ENDPOINT_SOURCES[e.url]?.length ?? 0, e.url).toBeGreaterThan(20);
    }
  });

  it('documents exactly the default URLs: no source left for a URL the lists dropped', () => {
    const urls = [...NETS.flatMap((id) => [...DEFAULT_ENDPOINTS[id].beaconApis, ...DEFAULT_ENDPOINTS[id].executionRpcs]), ...Object.values(DEFAULT_L2_RPCS)].map((e) => e.url);
    expect(Object.keys(ENDPOINT_SOURCES).sort()).toEqual([...urls].sort());
  });

  it.each(NETS)('%s: several beacon APIs and execution RPCs, each list of different operators on different hosts', (id) => {
    const d = DEFAULT_ENDPOINTS[id];
    for (const list of [d.beaconApis, d.executionRpcs]) {
      expect(list.length).toBeGreaterThanOrEqual(2);
      // One entry per operator and per host: the checkpoint agreement counts hosts.
      expect(new Set(list.map((e) => e.operator)).size).toBe(list.length);
      expect(new Set(list.map((e) => host(e.url))).size).toBe(list.length);
    }
    // The first two beacon APIs, the ones asked first, are of different operators.
    expect(d.beaconApis[0]!.operator).not.toBe(d.beaconApis[1]!.operator);
  });

  it('no URL serves two networks, and no beacon API is also an execution RPC', () => {
    const all = NETS.flatMap((id) => [...DEFAULT_ENDPOINTS[id].beaconApis, ...DEFAULT_ENDPOINTS[id].executionRpcs].map((e) => host(e.url)));
    expect(new Set(all).size).toBe(all.length);
  });

  it('defaultEndpoints hands out fresh copies, for the built-in networks only', () => {
    const a = defaultEndpoints('mainnet')!;
    a.beaconApis.pop();
    expect(defaultEndpoints('mainnet')!.beaconApis).toHaveLength(DEFAULT_ENDPOINTS.mainnet.beaconApis.length);
    expect(defaultEndpoints('devnet')).toBeUndefined();
    expect(isDefaultNetwork('toString')).toBe(false);
    expect(Object.keys(DEFAULT_ENDPOINTS).sort()).toEqual([...NETS].sort());
    for (const id of NETS) expect(NETWORKS[id]).toBeDefined();
  });

  it('the manifest grants exactly the default origins at install (no local host: the development build adds those)', () => {
    const granted: string[] = manifest.host_permissions;
    expect(granted).toEqual(defaultHostPermissions());
    expect(new Set(granted).size).toBe(granted.length);
    for (const id of NETS) {
      for (const e of [...DEFAULT_ENDPOINTS[id].beaconApis, ...DEFAULT_ENDPOINTS[id].executionRpcs]) {
        expect(granted).toContain(`https://${host(e.url)}/*`);
      }
    }
    // Any other server is still asked for when the user adds it.
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  });
});

describe('settings with default endpoints', () => {
  it('a fresh install: every built-in network has its defaults in order, no checkpoint', () => {
    const s = defaultSettings();
    expect(s.current).toBe('mainnet');
    for (const id of NETS) {
      expect(s.profiles[id]).toMatchObject({ ...defaultEndpoints(id), endpointsFrom: 'defaults' });
      expect(s.profiles[id]!.checkpoint).toBeUndefined();
    }
    expect(s.profiles.mainnet!.beaconApis[0]).toBe('https://lodestar-mainnet.chainsafe.io');
    expect(reload(s)).toEqual(s);
  });

  it('an install from before the defaults: a profile with both lists empty gets them', () => {
    const s = checkSettings(legacy());
    for (const id of NETS) expect(s.profiles[id]).toMatchObject({ ...defaultEndpoints(id), endpointsFrom: 'defaults' });
  });

  it('an install from before the defaults: lists the user set are kept, even one list alone', () => {
    const own = { beaconApis: ['https://beacon.mine.example'], executionRpcs: ['https://rpc.mine.example'] };
    const halfSet = { beaconApis: ['https://beacon.mine.example'], executionRpcs: [] };
    const s = checkSettings(legacy({ mainnet: own, sepolia: halfSet }));
    expect(s.profiles.mainnet).toMatchObject({ ...own, endpointsFrom: 'user' });
    expect(s.profiles.sepolia).toMatchObject({ ...halfSet, endpointsFrom: 'user' });
    expect(s.profiles.hoodi).toMatchObject({ ...defaultEndpoints('hoodi'), endpointsFrom: 'defaults' });
  });

  it('lists the user empties in Settings stay empty across reloads', () => {
    const emptied = applyEdit(defaultSettings(), { id: 'mainnet', beaconApis: [], executionRpcs: [] });
    expect(emptied.profiles.mainnet).toMatchObject({ beaconApis: [], executionRpcs: [], endpointsFrom: 'user' });
    const again = reload(reload(emptied));
    expect(again.profiles.mainnet).toMatchObject({ beaconApis: [], executionRpcs: [], endpointsFrom: 'user' });
    // The other networks keep following the defaults.
    expect(again.profiles.sepolia!.endpointsFrom).toBe('defaults');
  });

  it('a removed or reordered default stays as the user left it', () => {
    const [first, second, ...rest] = defaultEndpoints('sepolia')!.beaconApis;
    const edited = applyEdit(defaultSettings(), { id: 'sepolia', beaconApis: [second!, first!] });
    expect(reload(edited).profiles.sepolia).toMatchObject({ beaconApis: [second, first], executionRpcs: defaultEndpoints('sepolia')!.executionRpcs, endpointsFrom: 'user' });
    expect(rest.length).toBeGreaterThan(0);
    const trimmed = applyEdit(defaultSettings(), { id: 'mainnet', executionRpcs: defaultEndpoints('mainnet')!.executionRpcs.slice(1) });
    expect(reload(trimmed).profiles.mainnet!.executionRpcs).toEqual(defaultEndpoints('mainnet')!.executionRpcs.slice(1));
  });

  it('saving the form unchanged (say, only a checkpoint) keeps following the defaults', () => {
    const d = defaultEndpoints('hoodi')!;
    const s = applyEdit(defaultSettings(), { id: 'hoodi', ...d, checkpoint: '0x' + '11'.repeat(32) });
    expect(s.profiles.hoodi).toMatchObject({ ...d, endpointsFrom: 'defaults', checkpoint: '0x' + '11'.repeat(32) });
  });

  it('a profile on the defaults follows this release\'s list, whatever an older release saved', () => {
    const old = structuredClone(defaultSettings()) as any;
    old.profiles.mainnet.beaconApis = ['https://retired.example'];
    old.profiles.mainnet.executionRpcs = [];
    expect(checkSettings(old).profiles.mainnet).toMatchObject({ ...defaultEndpoints('mainnet'), endpointsFrom: 'defaults' });
  });

  it('a custom network is never given defaults', () => {
    const s = structuredClone(defaultSettings()) as any;
    s.profiles.devnet = { id: 'devnet', label: 'Devnet', chainId: 1337, config: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, beaconApis: [], executionRpcs: [] };
    expect(checkSettings(s).profiles.devnet).toMatchObject({ beaconApis: [], executionRpcs: [] });
    expect(checkSettings(s).profiles.devnet!.endpointsFrom).toBeUndefined();
  });
});
