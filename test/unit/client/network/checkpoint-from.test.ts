/**
 * Who gave a network's checkpoint (src/client/network/settings.ts checkpointFrom), so the status
 * never calls a checkpoint the user's when they gave none: the devnet's ready object, the beacon
 * APIs that named it as the network was added, the user typing it in Settings; kept across a
 * reload, a malformed note dropped rather than the profile.
 */
import { describe, expect, it } from 'vitest';
import { profileOf } from '../../../../src/client/network/preview.ts';
import { applyEdit, checkSettings, defaultSettings } from '../../../../src/client/network/settings.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';

const ROOT = '0x' + '44'.repeat(32);
const OTHER = '0x' + '55'.repeat(32);
const network = { ...NETWORKS.mainnet, CONFIG_NAME: 'mynet' };
const ready = { executionRpc: 'http://127.0.0.1:8545', beaconApi: 'http://127.0.0.1:5052', chainId: 31337, checkpoint: ROOT, network };
const preview = (checkpoint: unknown) => ({ id: 'mynet', label: 'Mynet', chainId: 31337, beaconApi: 'http://127.0.0.1:5052', moreBeaconApis: [], executionRpc: null, network, rollups: [], routers: [], tokens: [], checkpoint });

describe('who gave the checkpoint', () => {
  it("the devnet's ready object, or the beacon APIs that named it as the network was added", () => {
    expect(profileOf(ready, 'ready').checkpointFrom).toEqual({ kind: 'devnet' });
    const added = profileOf(preview({ root: ROOT, slot: 8, source: 'beacon-apis', agreedBy: ['127.0.0.1', 'localhost'] }), 'preview');
    expect(added).toMatchObject({ checkpoint: ROOT, checkpointFrom: { kind: 'added', by: ['127.0.0.1', 'localhost'] } });
    // No checkpoint: nobody gave one.
    expect(profileOf(preview(null), 'preview')).not.toHaveProperty('checkpointFrom');
  });

  it('typed by the user in Settings: theirs; the same root saved again keeps who gave it; cleared: gone with it', () => {
    const settings = { ...defaultSettings(), profiles: { ...defaultSettings().profiles, mynet: profileOf(ready, 'ready') } };
    expect(applyEdit(settings, { id: 'mynet', checkpoint: ROOT }).profiles.mynet!.checkpointFrom).toEqual({ kind: 'devnet' });
    expect(applyEdit(settings, { id: 'mynet', checkpoint: OTHER }).profiles.mynet!.checkpointFrom).toEqual({ kind: 'user' });
    const cleared = applyEdit(settings, { id: 'mynet', checkpoint: '' }).profiles.mynet!;
    expect(cleared).not.toHaveProperty('checkpoint');
    expect(cleared).not.toHaveProperty('checkpointFrom');
  });

  it('kept across a reload; a malformed note is dropped, not the profile', () => {
    const settings = { ...defaultSettings(), current: 'mynet', profiles: { ...defaultSettings().profiles, mynet: profileOf(ready, 'ready') } };
    expect(checkSettings(JSON.parse(JSON.stringify(settings))).profiles.mynet!.checkpointFrom).toEqual({ kind: 'devnet' });
    const bad = JSON.parse(JSON.stringify(settings));
    bad.profiles.mynet.checkpointFrom = { kind: 'added', by: [42] };
    const reloaded = checkSettings(bad).profiles.mynet!;
    expect(reloaded.checkpoint).toBe(ROOT);
    expect(reloaded).not.toHaveProperty('checkpointFrom');
  });
});
