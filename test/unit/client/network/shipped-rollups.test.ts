/**
 * The rollups mainnet and sepolia follow on install: every rollup Vigil ships on that L1 (found by
 * iterating src/l2/known-rollups.ts, not by name), each with a documented public L2 RPC whose
 * origin the manifest grants; the user turns one off or gives it another L2 RPC and that change
 * stays theirs across reloads; a profile stored before rollups were shipped gains them without
 * losing anything the user set.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { ENDPOINT_SOURCES } from '../../../../src/client/network/default-endpoint-sources.ts';
import { DEFAULT_L2_RPCS, defaultHostPermissions } from '../../../../src/client/network/default-endpoints.ts';
import {
  applyEdit,
  checkSettings,
  defaultSettings,
  normalizeUrls,
  rollupChainIds,
  type Settings,
  shippedL2Rpcs,
  shippedOn,
} from '../../../../src/client/network/settings.ts';
import { followedRollupConfigs } from '../../../../src/client/rollups/session.ts';
import { KNOWN_ROLLUP_NAMES, knownRollupConfig } from '../../../../src/l2/known-rollups.ts';
import { parseRollup } from '../../../../src/l2/registry.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../../extension/manifest.json', import.meta.url), 'utf8'));
const reload = (s: Settings) => checkSettings(structuredClone(s));
const l1Of = (name: string) => parseRollup(knownRollupConfig(name)).identity.l1ChainId;
const chainOf = (name: string) => parseRollup(knownRollupConfig(name)).identity.chainId;

/** Settings as an install before this release saved them: no shippedRollups anywhere. */
function legacy(edit: (s: any) => void = () => {}): unknown {
  const s = structuredClone(defaultSettings()) as any;
  for (const p of Object.values(s.profiles) as any[]) delete p.shippedRollups;
  edit(s);
  return s;
}

describe('shipped rollups on the built-in networks', () => {
  it('mainnet and sepolia follow every rollup Vigil ships on them, on, with its default L2 RPC', () => {
    const s = defaultSettings();
    for (const [id, chainId] of [['mainnet', 1], ['sepolia', 11155111]] as const) {
      const names = KNOWN_ROLLUP_NAMES.filter((n) => l1Of(n) === chainId);
      expect(names.length).toBeGreaterThanOrEqual(3);
      const profile = s.profiles[id]!;
      expect(profile.shippedRollups!.map((r) => r.name)).toEqual(names);
      for (const r of profile.shippedRollups!) expect(r).toEqual({ name: r.name, enabled: true, l2Rpc: expect.stringMatching(/^https:\/\//), from: 'defaults' });
      expect(rollupChainIds(profile)).toEqual(names.map(chainOf));
      // Each followed config is the shipped one with the entry's L2 RPC, and parses.
      for (const [i, json] of followedRollupConfigs(profile).entries()) {
        const { identity } = parseRollup(json);
        expect(identity.l2Rpc).toBe(profile.shippedRollups![i]!.l2Rpc);
        expect(identity.l1ChainId).toBe(chainId);
      }
    }
    expect(shippedOn(1).map((r) => r.name)).toEqual(expect.arrayContaining(['op-mainnet', 'arbitrum-one', 'scroll']));
    expect(shippedOn(11155111).map((r) => r.name)).toEqual(expect.arrayContaining(['op-sepolia', 'arbitrum-sepolia', 'scroll-sepolia']));
    expect(s.profiles.hoodi!.shippedRollups).toBeUndefined();
    expect(reload(s)).toEqual(s);
  });

  it('every shipped rollup has a documented default L2 RPC: https, normal form, a source', () => {
    for (const name of [...shippedOn(1), ...shippedOn(11155111)].map((r) => r.name)) {
      const entry = DEFAULT_L2_RPCS[name];
      expect(entry, `${name} has no entry in DEFAULT_L2_RPCS`).toBeDefined();
      expect(new URL(entry!.url).protocol).toBe('https:');
      expect(normalizeUrls([entry!.url], 'url')).toEqual([entry!.url]);
      expect(ENDPOINT_SOURCES[entry!.url]).toMatch(/https:\/\/docs\./);
    }
  });

  it('the manifest grants exactly the default origins, the L2 RPCs of the shipped rollups among them', () => {
    const granted: string[] = manifest.host_permissions;
    expect(granted).toEqual(defaultHostPermissions());
    for (const url of shippedL2Rpcs()) expect(granted).toContain(`https://${new URL(url).hostname}/*`);
    for (const e of Object.values(DEFAULT_L2_RPCS)) expect(granted).toContain(`https://${new URL(e.url).hostname}/*`);
  });

  it('a rollup turned off, or given another L2 RPC, stays so across reloads; the others follow the release', () => {
    const s = applyEdit(defaultSettings(), { id: 'mainnet', rollups: [{ name: 'arbitrum-one', enabled: false }, { name: 'scroll', l2Rpc: ' https://scroll.mine.example/ ' }] });
    const again = reload(reload(s));
    const by = (n: string) => again.profiles.mainnet!.shippedRollups!.find((r) => r.name === n)!;
    expect(by('arbitrum-one')).toEqual({ name: 'arbitrum-one', enabled: false, l2Rpc: DEFAULT_L2_RPCS['arbitrum-one']!.url, from: 'user' });
    expect(by('scroll')).toEqual({ name: 'scroll', enabled: true, l2Rpc: 'https://scroll.mine.example', from: 'user' });
    expect(by('op-mainnet').from).toBe('defaults');
    expect(rollupChainIds(again.profiles.mainnet!)).not.toContain(chainOf('arbitrum-one'));
    expect(parseRollup(followedRollupConfigs(again.profiles.mainnet!).find((c) => parseRollup(c).identity.chainId === chainOf('scroll'))).identity.l2Rpc).toBe('https://scroll.mine.example');
    // An L2 RPC emptied on purpose stays empty: the rollup is followed without one (and says so).
    const none = reload(applyEdit(again, { id: 'mainnet', rollups: [{ name: 'op-mainnet', l2Rpc: '' }] }));
    expect(none.profiles.mainnet!.shippedRollups!.find((r) => r.name === 'op-mainnet')).toMatchObject({ l2Rpc: null, from: 'user', enabled: true });
    expect(parseRollup(followedRollupConfigs(none.profiles.mainnet!)[0]).identity.l2Rpc).toBeUndefined();
  });

  it('an edit that changes nothing keeps the release as owner; a stored entry the release would refresh is refreshed', () => {
    const same = applyEdit(defaultSettings(), { id: 'mainnet', rollups: [{ name: 'op-mainnet', enabled: true, l2Rpc: DEFAULT_L2_RPCS['op-mainnet']!.url }] });
    expect(same.profiles.mainnet!.shippedRollups![0]!.from).toBe('defaults');
    const stale = legacy((x) => {
      x.profiles.mainnet.shippedRollups = [{ name: 'op-mainnet', enabled: false, l2Rpc: 'https://old.example', from: 'defaults' }, { name: 'gone-rollup', enabled: true, l2Rpc: null, from: 'user' }];
    });
    const s = checkSettings(stale);
    expect(s.profiles.mainnet!.shippedRollups![0]).toEqual({ name: 'op-mainnet', enabled: true, l2Rpc: DEFAULT_L2_RPCS['op-mainnet']!.url, from: 'defaults' });
    expect(s.profiles.mainnet!.shippedRollups!.map((r) => r.name)).not.toContain('gone-rollup');
  });

  it('bad edits are refused with the field named; nothing is changed', () => {
    const s = defaultSettings();
    expect(() => applyEdit(s, { id: 'mainnet', rollups: [{ name: 'op-sepolia', enabled: false }] })).toThrow(InputError);
    expect(() => applyEdit(s, { id: 'mainnet', rollups: [{ name: 'scroll', l2Rpc: 'ftp://x.example' }] })).toThrow(/rollups\[scroll\]\.l2Rpc/);
    expect(s).toEqual(defaultSettings());
  });

  it('a profile stored before rollups were shipped gains them, and keeps its own lists, checkpoint and rollup configs', () => {
    const own = { beaconApis: ['https://beacon.mine.example'], executionRpcs: ['https://rpc.mine.example'] };
    // The user's own config of OP Mainnet (another L2 RPC) takes its chain id: the shipped one stays out.
    const mine = { ...knownRollupConfig('op-mainnet')!, l2Rpc: 'https://op.mine.example', name: 'My OP' };
    const stored = legacy((x) => {
      Object.assign(x.profiles.mainnet, own, { endpointsFrom: 'user', checkpoint: '0x' + '11'.repeat(32), rollups: [mine] });
      x.current = 'sepolia';
      x.overrideWindowEthereum = true;
    });
    const s = checkSettings(stored);
    expect(s.current).toBe('sepolia');
    expect(s.overrideWindowEthereum).toBe(true);
    expect(s.profiles.mainnet).toMatchObject({ ...own, endpointsFrom: 'user', checkpoint: '0x' + '11'.repeat(32), rollups: [mine] });
    const names = s.profiles.mainnet!.shippedRollups!.map((r) => r.name);
    expect(names).not.toContain('op-mainnet');
    expect(names).toEqual(expect.arrayContaining(['arbitrum-one', 'scroll']));
    const followed = followedRollupConfigs(s.profiles.mainnet!).map((c) => parseRollup(c).identity);
    expect(followed[0]).toMatchObject({ name: 'My OP', l2Rpc: 'https://op.mine.example' });
    expect(new Set(followed.map((i) => i.chainId)).size).toBe(followed.length);
    expect(s.profiles.sepolia!.shippedRollups!.length).toBeGreaterThanOrEqual(3);
    // The stored rollup the pages see survives when the network follows it.
    const active = checkSettings(legacy((x) => Object.assign(x, { current: 'mainnet', activeRollup: chainOf('arbitrum-one') })));
    expect(active.activeRollup).toBe(chainOf('arbitrum-one'));
  });
});
