/**
 * A built-in network learns its next fork's epoch from its beacon APIs: every API that answers
 * must agree; a contradiction stops the learning in words; the settings keep what was learned with
 * this release's config, and the session follows the network again when its schedule moved.
 */
import { describe, expect, it } from 'vitest';
import { announcedSchedule } from '../../../../src/client/network/announced-schedule.ts';
import type { FetchJson } from '../../../../src/client/network/discovery.ts';
import { checkSettings, defaultSettings, withShippedConfig } from '../../../../src/client/network/settings.ts';
import { forkEpoch, parseNetworkConfig } from '../../../../src/l1/config.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';

const mainnet = NETWORKS.mainnet;
const spec = (over: Record<string, string> = {}) => ({
  data: { ...Object.fromEntries(Object.entries(mainnet).filter(([, v]) => typeof v !== 'object').map(([k, v]) => [k, String(v)])), ...over },
});
const serving = (answers: Record<string, unknown>): FetchJson & { asked: string[] } => {
  const asked: string[] = [];
  const f = async (url: string) => {
    asked.push(url);
    const host = new URL(url).host;
    const answer = answers[host];
    if (answer === undefined) throw new TransportError('NOT_AVAILABLE', 'unreachable', { url });
    return { status: 200, json: answer };
  };
  return Object.assign(f, { asked });
};
const GLOAS = { GLOAS_FORK_EPOCH: '450000' };

describe('the announced schedule of a built-in network', () => {
  it('takes what every answering beacon API says alike; one that cannot be reached has no say', async () => {
    const fetch = serving({ 'a.test': spec(GLOAS), 'b.test': spec(GLOAS) });
    expect(await announcedSchedule(mainnet, ['http://a.test', 'http://b.test/', 'http://c.test'], fetch)).toEqual([{ key: 'GLOAS_FORK_EPOCH', epoch: '450000', version: '0x07000000' }]);
    expect(fetch.asked).toContain('http://b.test/eth/v1/config/spec');
  });

  it('refuses in words when the APIs disagree, when one contradicts the pins, and when none answers', async () => {
    const mismatch = expect.objectContaining({ code: 'NETWORK_FORK_SCHEDULE_MISMATCH' });
    await expect(announcedSchedule(mainnet, ['http://a.test', 'http://b.test'], serving({ 'a.test': spec(GLOAS), 'b.test': spec() }))).rejects.toEqual(mismatch);
    await expect(announcedSchedule(mainnet, ['http://a.test', 'http://b.test'], serving({ 'a.test': spec(GLOAS), 'b.test': spec({ ...GLOAS, GLOAS_FORK_VERSION: '0x07000001' }) }))).rejects.toEqual(mismatch);
    await expect(announcedSchedule(mainnet, ['http://a.test'], serving({}))).rejects.toEqual(expect.objectContaining({ code: 'NOT_AVAILABLE' }));
  });

  it("the settings keep it with this release's config: a stored copy of an older config is replaced", () => {
    const base = defaultSettings();
    const stale = { ...base.profiles.sepolia!, config: { ...NETWORKS.sepolia, GLOAS_FORK_EPOCH: '18446744073709551615' } };
    const loaded = checkSettings({ ...base, profiles: { ...base.profiles, sepolia: stale } });
    expect(forkEpoch(parseNetworkConfig(loaded.profiles.sepolia!.config), 'gloas')).toBe(353024n);

    const learned = withShippedConfig({ ...base.profiles.mainnet!, announcedForks: { forks: [{ key: 'GLOAS_FORK_EPOCH', epoch: '450000', version: '0x07000000' }], checkedAt: 5 } });
    expect(forkEpoch(parseNetworkConfig(learned.config), 'gloas')).toBe(450000n);
    const again = checkSettings(JSON.parse(JSON.stringify({ ...base, profiles: { ...base.profiles, mainnet: learned } })));
    expect(forkEpoch(parseNetworkConfig(again.profiles.mainnet!.config), 'gloas')).toBe(450000n);
    expect(again.profiles.mainnet!.announcedForks?.checkedAt).toBe(5);
    // A record this release contradicts is dropped: the shipped schedule stays.
    const bad = checkSettings({ ...base, profiles: { ...base.profiles, mainnet: { ...learned, announcedForks: { forks: [{ key: 'FULU_FORK_EPOCH', epoch: '1', version: '0x06000000' }], checkedAt: 5 } } } });
    expect(bad.profiles.mainnet!.announcedForks).toBeUndefined();
    expect(bad.profiles.mainnet!.config).toEqual(mainnet);
  });
});
