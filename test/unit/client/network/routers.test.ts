/**
 * A local devnet's Uniswap V2 routers, from its well-known object to the saved profile: parsed
 * strictly (a handful of 20-byte addresses, anything else an InputError), carried through the
 * "Add network" preview into the user's own network, never onto a network Vigil ships (refused on
 * the way in, dropped from stored settings), and kept across the settings form's edits.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { localDevnetObject, parseLocalDevnet } from '../../../../src/client/network/local-devnet.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { checkRouters, MAX_ROUTERS } from '../../../../src/client/network/own-network.ts';
import { applyEdit, checkSettings, defaultSettings, profileFromReady } from '../../../../src/client/network/settings.ts';
import { knownRouters } from '../../../../src/client/wallet/transaction-preview.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { KNOWN_ROUTERS } from '../../../../src/wallet/transaction-effects.ts';
import { ready, wellKnown } from './devnet-objects.ts';

/** The devnet's Router02 as `vigil devnet --uniswap` deploys it (checksummed, as the devnet prints it). */
const ROUTER = '0x68B1D87F95878fE05B998F19b66F4baba5De1aed';
const router = ROUTER.toLowerCase();

/** Junk a loopback server might serve as its routers, each refused. */
const JUNK: [string, unknown][] = [
  ['not an array', router],
  ['an object', { router }],
  ['a number', [1234]],
  ['19 bytes', ['0x' + 'ab'.repeat(19)]],
  ['21 bytes', ['0x' + 'ab'.repeat(21)]],
  ['no 0x', [router.slice(2)]],
  ['not hex', ['0x' + 'zz'.repeat(20)]],
  ['padded', [` ${router}`]],
  ['an {address, name} object', [{ address: router, name: 'Uniswap V2' }]],
  ['too many', Array.from({ length: MAX_ROUTERS + 1 }, (_, i) => '0x' + (i + 1).toString(16).padStart(40, '0'))],
];

describe("the local devnet's routers", () => {
  it('are read from the well-known object, lower-cased, without repeats; none given is none', () => {
    expect(parseLocalDevnet(wellKnown({ routers: [ROUTER, router] })).routers).toEqual([router]);
    expect(parseLocalDevnet(wellKnown()).routers).toEqual([]);
    // What the devnet serves reads back as it was made.
    const served = localDevnetObject({ chainId: 31337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', routers: [ROUTER] });
    expect(parseLocalDevnet(JSON.parse(JSON.stringify(served)))).toEqual(served);
    expect(served.routers).toEqual([router]);
  });

  it.each(JUNK)('refuses %s with an InputError naming the field', (_, routers) => {
    expect(() => parseLocalDevnet(wellKnown({ routers }))).toThrow(InputError);
    expect(() => parseLocalDevnet(wellKnown({ routers }))).toThrow(/routers/);
  });

  it('allows a handful', () => {
    const many = Array.from({ length: MAX_ROUTERS }, (_, i) => '0x' + (i + 1).toString(16).padStart(40, '0'));
    expect(checkRouters(many)).toEqual(many);
  });
});

describe('routers in network profiles', () => {
  it("keep the devnet's routers in its profile, from the ready object and from an Add network preview", () => {
    expect(profileFromReady(ready({ routers: [ROUTER] })).routers).toEqual([router]);
    expect(profileFromReady(ready())).not.toHaveProperty('routers');
    const preview = { id: 'devnet', label: 'Devnet', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, beaconApi: 'http://127.0.0.1:5052', executionRpc: null, rollups: [], routers: [ROUTER] };
    expect(profileOf(preview, 'preview').routers).toEqual([router]);
    expect(() => profileOf({ ...preview, routers: router }, 'preview')).toThrow(InputError);
    expect(() => profileOf({ ...preview, routers: ['0x1234'] }, 'preview')).toThrow(InputError);
  });

  it.each(JUNK)('refuse %s in a ready object', (_, routers) => {
    expect(() => profileFromReady(ready({ routers }))).toThrow(InputError);
  });

  it('are refused on a network Vigil ships: its list is its own', () => {
    expect(() => profileFromReady(ready({ routers: [ROUTER] }, 'mainnet'))).toThrow(/only your own network/);
    // Without a list, mainnet's ready object still makes a profile.
    expect(profileFromReady(ready({}, 'mainnet')).id).toBe('mainnet');
  });

  it('stored: kept on the user\'s network (and through the settings form\'s edits), dropped from a shipped one or when they no longer check', () => {
    const devnet = profileFromReady(ready({ routers: [ROUTER] }));
    const base = defaultSettings();
    const stored = JSON.parse(JSON.stringify({ ...base, current: 'devnet', profiles: { ...base.profiles, devnet, mainnet: { ...base.profiles.mainnet!, routers: [router] } } }));
    const settings = checkSettings(stored);
    expect(settings.profiles.devnet!.routers).toEqual([router]);
    expect(settings.profiles.mainnet).not.toHaveProperty('routers');
    expect(applyEdit(settings, { id: 'devnet', checkpoint: '' }).profiles.devnet!.routers).toEqual([router]);
    const junk = checkSettings({ ...stored, profiles: { ...stored.profiles, devnet: { ...stored.profiles.devnet, routers: ['0x12'] } } });
    expect(junk.profiles.devnet).toBeDefined();
    expect(junk.profiles.devnet).not.toHaveProperty('routers');
  });

  it("are known beside Vigil's own: the union, lower-cased", () => {
    expect([...knownRouters(31337, [ROUTER])]).toEqual([router]);
    expect([...knownRouters(1, [ROUTER])]).toEqual([...KNOWN_ROUTERS[1]!, router]);
    expect([...knownRouters(1)]).toEqual([...KNOWN_ROUTERS[1]!]);
    expect([...knownRouters(31337)]).toEqual([]);
  });
});
