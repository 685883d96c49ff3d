/**
 * The rollup side of a network (src/client/rollups/session.ts): it holds the heads the L1 session
 * hands it, builds the rollups' services for the network once and again only when the network
 * changed, follows nothing without an execution RPC, and reports a config that no longer parses
 * instead of following it.
 */
import { describe, expect, it } from 'vitest';
import { followedRollupConfigs, RollupSession, headRef } from '../../../../src/client/rollups/session.ts';
import type { HeadView } from '../../../../src/client/light-client/session-status.ts';
import { defaultSettings, type NetworkProfile } from '../../../../src/client/network/settings.ts';

const head = (n: number, finalized = false): HeadView => ({
  slot: n * 2,
  beaconRoot: '0x' + n.toString(16).padStart(64, '0'),
  blockNumber: n,
  blockHash: '0x' + (n + 0x1000).toString(16).padStart(64, '0'),
  stateRoot: '0x' + 'bb'.repeat(32),
  timestamp: 1_800_000_000 + n * 12,
  finalized,
  verifiedAt: 0,
  signedBy: { participants: 32, committeeSize: 32 },
  thinlySigned: false,
});

function session() {
  const errors: string[] = [];
  const readers: unknown[] = [];
  const s = new RollupSession({
    runner: { run: async () => Promise.reject(new Error('no task here')) } as never,
    accountReader: (rpc) => (readers.push(rpc), { read: async () => Promise.reject(new Error('no read here')) }),
    now: () => 0,
    onError: (e) => void errors.push(`${e.source} ${e.code}`),
  });
  return { s, errors, readers };
}

const mainnet = (): NetworkProfile => {
  const p = defaultSettings().profiles.mainnet!;
  return { ...p, executionRpcs: ['http://127.0.0.1:1'], shippedRollups: (p.shippedRollups ?? []).map((r) => ({ ...r, enabled: true })) };
};

describe('RollupSession', () => {
  it('holds the heads it is handed: newest, finalized, recent, each by its hash; it stands on the signing head', () => {
    const { s } = session();
    expect(s.newest()).toBeUndefined();
    const thin = { ...head(11), signedBy: { participants: 16, committeeSize: 32 }, thinlySigned: true };
    s.adopt({ profile: undefined, heads: { finalized: head(8, true), optimistic: thin, signing: head(10), recent: [head(9), head(10), thin] } });
    // Exits and L2 transfers are signed on what is read at it: the newest head two thirds signed, not the thin one.
    expect(s.newest()?.blockNumber).toBe(10);
    expect(s.newestRef()).toEqual(headRef(head(10)));
    expect(s.held(thin.blockHash)?.thinlySigned).toBe(true);
    // With no head two thirds signed, the rollup side reads nothing.
    s.adopt({ profile: undefined, heads: { finalized: head(8, true), optimistic: thin, signing: undefined, recent: [thin] } });
    expect(s.newest()).toBeUndefined();
    s.adopt({ profile: undefined, heads: { finalized: head(8, true), optimistic: head(10), signing: head(10), recent: [head(9), head(10)] } });
    expect(s.held(head(9).blockHash)?.blockNumber).toBe(9);
    expect(s.held(head(8).blockHash)?.finalized).toBe(true);
    expect(s.held(head(7).blockHash)).toBeUndefined();
    expect(s.rollups()).toBeUndefined();
  });

  it("builds the network's rollups once, again only when the network changed", () => {
    const { s, readers } = session();
    const profile = mainnet();
    const expected = followedRollupConfigs(profile).length;
    expect(expected).toBeGreaterThan(0);
    s.adopt({ profile, heads: { finalized: undefined, optimistic: head(1), recent: [] } });
    const watch = s.rollups();
    expect(watch?.identities()).toHaveLength(expected);
    expect(s.execution()).toBeDefined();
    // A new head on the same network: the same services.
    s.adopt({ profile: structuredClone(profile), heads: { finalized: undefined, optimistic: head(2), recent: [] } });
    expect(s.rollups()).toBe(watch);
    expect(readers).toHaveLength(1);
    // Another endpoint: built again.
    s.adopt({ profile: { ...profile, executionRpcs: ['http://127.0.0.1:2'] }, heads: { finalized: undefined, optimistic: head(3), recent: [] } });
    expect(s.rollups()).not.toBe(watch);
    expect(readers).toHaveLength(2);
    // No network: nothing followed, nothing of the old one kept.
    s.adopt({ profile: undefined, heads: { finalized: undefined, optimistic: undefined, recent: [] } });
    expect(s.rollups()).toBeUndefined();
    expect(s.execution()).toBeUndefined();
  });

  it('follows nothing without an execution RPC, and reports a rollup config that no longer parses', () => {
    const { s, errors } = session();
    s.adopt({ profile: { ...mainnet(), executionRpcs: [] }, heads: { finalized: undefined, optimistic: head(1), recent: [] } });
    expect(s.rollups()).toBeUndefined();
    expect(s.execution()).toBeUndefined();
    s.adopt({ profile: { ...mainnet(), shippedRollups: [], rollups: [{ kind: 'no-such-kind' }] }, heads: { finalized: undefined, optimistic: head(1), recent: [] } });
    expect(errors).toEqual(['settings INVALID_INPUT']);
    expect(s.rollups()).toBeUndefined();
  });
});
