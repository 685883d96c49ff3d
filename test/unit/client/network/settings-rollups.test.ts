/**
 * Rollup configs in network profiles: the devnet's ready object carries them inline, each is
 * parsed by its kind's adapter and must settle on that network with an L2 chain id of its own;
 * stored settings keep the rollup pages see only while the current network follows it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { checkSettings, defaultSettings, profileFromReady, rollupChainIds, type NetworkProfile } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { ROLLUP_KIND, ROLLUP_SLOTS, verificationKeyHash } from '../../../../src/l2/vigil-zk/config.ts';
import { checkRollupConfigs } from '../../../../src/l2/configs.ts';

const verificationKey = JSON.parse(readFileSync(new URL('../../../../circuits/build/verification_key.json', import.meta.url), 'utf8'));
const L1 = 31337;

/** The devnet's rollup config (src/devnet/rollup/rollup.ts builds the same shape). */
function rollup(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: ROLLUP_KIND,
    name: 'Vigil devnet rollup',
    chainId: 31339,
    l1ChainId: L1,
    contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    slots: Object.fromEntries(Object.entries(ROLLUP_SLOTS).map(([k, v]) => [k, Number(v)])),
    verifier: { address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', codeHash: '0x' + 'ab'.repeat(32) },
    verificationKey,
    verificationKeyHash: verificationKeyHash(verificationKey),
    depth: 6,
    batchSize: 2,
    l2Rpc: 'http://127.0.0.1:8547',
    liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 300 },
    ...over,
  };
}

function ready(rollups?: unknown): Record<string, unknown> {
  return {
    executionRpc: 'http://127.0.0.1:8545',
    beaconApi: 'http://127.0.0.1:5052',
    chainId: L1,
    checkpoint: '0x' + '11'.repeat(32),
    network: { ...NETWORKS.mainnet, CONFIG_NAME: 'devnet' },
    ...(rollups !== undefined ? { rollups } : {}),
  };
}

const inputError = (fn: () => unknown): InputError => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  return expect.fail('expected an InputError');
};

describe('profileFromReady with rollups', () => {
  it('keeps the rollup configs as given, and names their chain ids', () => {
    const configs = [rollup(), rollup({ chainId: 31340, name: 'second' })];
    const profile = profileFromReady(ready(configs));
    expect(profile.chainId).toBe(L1);
    expect(profile.rollups).toEqual(configs);
    expect(rollupChainIds(profile)).toEqual([31339, 31340]);
  });

  it('no rollups: no field', () => {
    expect(profileFromReady(ready()).rollups).toBeUndefined();
    expect(profileFromReady(ready([])).rollups).toBeUndefined();
    expect(rollupChainIds(profileFromReady(ready()))).toEqual([]);
  });

  it('refuses a config that settles on another L1, naming it', () => {
    const err = inputError(() => profileFromReady(ready([rollup(), rollup({ chainId: 31340, l1ChainId: 1 })])));
    expect(err.shortMessage).toMatch(/"network\.rollups\[1\]" settles on chain 1, not on this network's 31337/);
  });

  it("refuses two configs of one L2 chain id, or one with the network's own", () => {
    expect(inputError(() => profileFromReady(ready([rollup(), rollup({ name: 'again' })]))).shortMessage).toMatch(/"network\.rollups\[1\]": chain id 31339 is taken/);
    expect(inputError(() => profileFromReady(ready([rollup({ chainId: L1 })]))).shortMessage).toMatch(/"network\.rollups\[0\]": chain id 31337 is taken/);
  });

  it('refuses an unknown kind or a malformed identity, naming the config and the field', () => {
    expect(inputError(() => profileFromReady(ready([rollup({ kind: 'op-stack' })]))).shortMessage).toMatch(/"network\.rollups\[0\]": "kind": Vigil follows no rollup of kind/);
    expect(inputError(() => profileFromReady(ready([rollup(), rollup({ chainId: 31340, l2Rpc: 'ftp://x' })]))).shortMessage).toMatch(/"network\.rollups\[1\]": "l2Rpc" expected an http\(s\) URL/);
    expect(inputError(() => profileFromReady(ready(rollup()))).shortMessage).toMatch(/"network\.rollups" expected an array/);
  });

  it("leaves a config its kind refuses to the kinds' whole check (the app host's), which names the config and the field", async () => {
    const configs = [rollup(), rollup({ chainId: 31340, verificationKeyHash: '0x' + '00'.repeat(32) })];
    // The service worker reads identities only: the profile takes both.
    expect(rollupChainIds(profileFromReady(ready(configs)))).toEqual([31339, 31340]);
    const refused = await checkRollupConfigs(configs, L1).then(() => undefined, (err: unknown) => err);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).shortMessage).toMatch(/"network\.rollups\[1\]": "verificationKeyHash" does not match/);
    await expect(checkRollupConfigs([rollup()], L1)).resolves.toBeUndefined();
  });
});

describe('checkSettings with rollups', () => {
  const stored = (over: Record<string, unknown> = {}) => {
    const devnet = profileFromReady(ready([rollup()]));
    return { current: 'devnet', profiles: { devnet }, overrideWindowEthereum: false, ...over };
  };

  it('keeps the rollup pages see while the current network follows it', () => {
    const settings = checkSettings(stored({ activeRollup: 31339 }));
    expect(settings.current).toBe('devnet');
    expect(settings.activeRollup).toBe(31339);
    expect(settings.profiles.devnet!.rollups).toEqual([rollup()]);
  });

  it('drops it when the current network does not follow it', () => {
    expect(checkSettings(stored({ activeRollup: 31340 })).activeRollup).toBeUndefined();
    expect(checkSettings(stored({ activeRollup: '31339' })).activeRollup).toBeUndefined();
    // Another network is current: the devnet's rollup is not what pages see there.
    const other = checkSettings(stored({ current: 'mainnet', activeRollup: 31339 }));
    expect(other.current).toBe('mainnet');
    expect(other.activeRollup).toBeUndefined();
    expect(checkSettings({ ...defaultSettings(), activeRollup: 31339 }).activeRollup).toBeUndefined();
  });

  it('keeps a network whose stored rollup config no longer reads (left out of its chain ids, reported when followed)', () => {
    const broken = { ...rollup(), chainId: 'thirty-one' };
    const s = stored();
    s.profiles.devnet = { ...s.profiles.devnet, rollups: [broken, rollup({ chainId: 31340 })] } as NetworkProfile;
    const settings = checkSettings({ ...s, activeRollup: 31340 });
    const devnet = settings.profiles.devnet!;
    expect(devnet).toBeDefined();
    expect(devnet.beaconApis).toEqual(['http://127.0.0.1:5052']);
    expect(devnet.checkpoint).toBe('0x' + '11'.repeat(32));
    expect(settings.current).toBe('devnet');
    expect(rollupChainIds(devnet)).toEqual([31340]);
    expect(settings.activeRollup).toBe(31340);
    expect(devnet.rollups).toEqual([broken, rollup({ chainId: 31340 })]);
  });

  it('drops stored configs that parse but settle elsewhere or repeat a chain id, keeping the rest', () => {
    const s = stored();
    s.profiles.devnet = { ...s.profiles.devnet, rollups: [rollup(), rollup({ name: 'again' }), rollup({ chainId: 31341, l1ChainId: 1 }), rollup({ chainId: 31342 })] } as NetworkProfile;
    const devnet = checkSettings(s).profiles.devnet!;
    expect(rollupChainIds(devnet)).toEqual([31339, 31342]);
  });
});
