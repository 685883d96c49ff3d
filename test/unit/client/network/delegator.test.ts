/**
 * Where the pinned EIP-7702 delegate lives on the user's own network (a local devnet's): from the
 * well-known object and the ready object to the saved profile, parsed strictly (one 20-byte address,
 * never the zero address), never on a network Vigil ships (refused on the way in, dropped from stored
 * settings). The address is only where to look: src/client/wallet/delegation/delegate.ts proves its code.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { localDevnetObject, parseLocalDevnet } from '../../../../src/client/network/local-devnet.ts';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { checkDelegator } from '../../../../src/client/network/own-network.ts';
import { applyEdit, checkSettings, defaultSettings, profileFromReady } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';

const DELEGATOR = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0';
const delegator = DELEGATOR.toLowerCase();

const wellKnown = (over: Record<string, unknown> = {}) => ({ kind: 'vigil-devnet-v1', chainId: 31337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', ...over });
const ready = (over: Record<string, unknown> = {}, name = 'devnet') => ({
  beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', chainId: name === 'mainnet' ? 1 : 31337, checkpoint: '0x' + '11'.repeat(32),
  network: { ...NETWORKS.mainnet, CONFIG_NAME: name }, ...over,
});

const JUNK: [string, unknown][] = [
  ['an array', [delegator]],
  ['a number', 1234],
  ['19 bytes', '0x' + 'ab'.repeat(19)],
  ['21 bytes', '0x' + 'ab'.repeat(21)],
  ['not hex', '0x' + 'zz'.repeat(20)],
  ['the zero address', '0x' + '00'.repeat(20)],
];

describe("the local devnet's delegator", () => {
  it('is read from the well-known object, lower-cased; none given is none; what the devnet serves reads back', () => {
    expect(parseLocalDevnet(wellKnown({ delegator: DELEGATOR })).delegator).toBe(delegator);
    expect(parseLocalDevnet(wellKnown())).not.toHaveProperty('delegator');
    const served = localDevnetObject({ chainId: 31337, beaconApi: 'http://127.0.0.1:5052', executionRpc: 'http://127.0.0.1:8545', delegator: DELEGATOR });
    expect(parseLocalDevnet(JSON.parse(JSON.stringify(served)))).toEqual(served);
  });

  it.each(JUNK)('refuses %s with an InputError naming the field', (_, value) => {
    expect(() => parseLocalDevnet(wellKnown({ delegator: value }))).toThrow(InputError);
    expect(() => checkDelegator(value)).toThrow(/delegator/);
  });
});

describe('the delegator in network profiles', () => {
  it('is kept from the ready object and from an Add network preview', () => {
    expect(profileFromReady(ready({ delegator: DELEGATOR })).delegator).toBe(delegator);
    expect(profileFromReady(ready())).not.toHaveProperty('delegator');
    const preview = { id: 'devnet', label: 'Devnet', chainId: 31337, network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' }, beaconApi: 'http://127.0.0.1:5052', executionRpc: null, rollups: [], routers: [], delegator: DELEGATOR };
    expect(profileOf(preview, 'preview').delegator).toBe(delegator);
    expect(() => profileOf({ ...preview, delegator: '0x1234' }, 'preview')).toThrow(InputError);
  });

  it('is refused on a network Vigil ships', () => {
    expect(() => profileFromReady(ready({ delegator: DELEGATOR }, 'mainnet'))).toThrow(/only your own network/);
  });

  it("stored: kept on the user's network and through edits, dropped from a shipped one or when it no longer checks", () => {
    const devnet = profileFromReady(ready({ delegator: DELEGATOR }));
    const base = defaultSettings();
    const stored = JSON.parse(JSON.stringify({ ...base, current: 'devnet', profiles: { ...base.profiles, devnet, mainnet: { ...base.profiles.mainnet!, delegator } } }));
    const settings = checkSettings(stored);
    expect(settings.profiles.devnet!.delegator).toBe(delegator);
    expect(settings.profiles.mainnet).not.toHaveProperty('delegator');
    expect(applyEdit(settings, { id: 'devnet', checkpoint: '' }).profiles.devnet!.delegator).toBe(delegator);
    const junk = checkSettings({ ...stored, profiles: { ...stored.profiles, devnet: { ...stored.profiles.devnet, delegator: '0x12' } } });
    expect(junk.profiles.devnet).toBeDefined();
    expect(junk.profiles.devnet).not.toHaveProperty('delegator');
  });
});
