/**
 * The ENS UniversalResolver a network resolves names through: Vigil's own on mainnet and sepolia
 * (viem's chain definitions), none on hoodi; on the user's own network, the one its profile carries
 * (from a local devnet's well-known object through "Add network"), checked as an address, never
 * accepted onto a network Vigil ships, kept across the settings' load and dropped when it no longer checks.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { checkEnsUniversalResolver, universalResolverOf } from '../../../../src/client/network/ens-resolver.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { checkSettings, defaultSettings, profileFromReady } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { ready } from './devnet-objects.ts';

const UR = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const ur = UR.toLowerCase();
describe('the ENS UniversalResolver of a network', () => {
  it("is Vigil's own on mainnet and sepolia, none on hoodi", () => {
    const base = defaultSettings();
    expect(universalResolverOf(base.profiles.mainnet!)).toBe('0xeeeeeeee14d718c2b47d9923deab1335e144eeee');
    expect(universalResolverOf(base.profiles.sepolia!)).toBe('0xeeeeeeee14d718c2b47d9923deab1335e144eeee');
    expect(universalResolverOf(base.profiles.hoodi!)).toBeUndefined();
    // A profile cannot change a shipped network's.
    expect(universalResolverOf({ id: 'mainnet', ensUniversalResolver: ur })).toBe('0xeeeeeeee14d718c2b47d9923deab1335e144eeee');
  });

  it("is the devnet's on the user's own network, from the ready object and from an Add network preview", () => {
    const profile = profileFromReady(ready({ ensUniversalResolver: UR }));
    expect(profile.ensUniversalResolver).toBe(ur);
    expect(universalResolverOf(profile)).toBe(ur);
    expect(universalResolverOf(profileFromReady(ready()))).toBeUndefined();
    // The devnet's ready object carries it in its `ens`.
    expect(profileFromReady(ready({ ens: { universalResolver: UR, registry: '0x' + '11'.repeat(20) } })).ensUniversalResolver).toBe(ur);
    expect(() => profileFromReady(ready({ ens: { universalResolver: 'nope' } }))).toThrow(InputError);
    const preview = { id: 'devnet', label: 'Devnet', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, beaconApi: 'http://127.0.0.1:5052', executionRpc: null, rollups: [], ensUniversalResolver: UR };
    expect(profileOf(preview, 'preview').ensUniversalResolver).toBe(ur);
    expect(() => profileOf({ ...preview, ensUniversalResolver: '0x1234' }, 'preview')).toThrow(InputError);
  });

  it('refuses what is not an address, and one for a network Vigil ships', () => {
    for (const junk of [42, '0x1234', ur.slice(2), ` ${ur}`, [ur], { address: ur }]) expect(() => checkEnsUniversalResolver(junk)).toThrow(InputError);
    expect(() => profileFromReady(ready({ ensUniversalResolver: UR }, 'mainnet'))).toThrow(/only your own network/);
  });

  it("stored: kept on the user's network, dropped from a shipped one or when it no longer checks", () => {
    const devnet = profileFromReady(ready({ ensUniversalResolver: UR }));
    const base = defaultSettings();
    const stored = JSON.parse(JSON.stringify({ ...base, current: 'devnet', profiles: { ...base.profiles, devnet, mainnet: { ...base.profiles.mainnet!, ensUniversalResolver: ur } } }));
    const settings = checkSettings(stored);
    expect(settings.profiles.devnet!.ensUniversalResolver).toBe(ur);
    expect(settings.profiles.mainnet).not.toHaveProperty('ensUniversalResolver');
    const junk = checkSettings({ ...stored, profiles: { ...stored.profiles, devnet: { ...stored.profiles.devnet, ensUniversalResolver: '0x12' } } });
    expect(junk.profiles.devnet).toBeDefined();
    expect(junk.profiles.devnet).not.toHaveProperty('ensUniversalResolver');
  });
});
