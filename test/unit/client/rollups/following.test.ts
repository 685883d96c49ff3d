/**
 * Following the rollups from the session's heads (src/client/rollups/following.ts) over a scripted
 * watch: one read at a time with what waits on it moved after, a read again when the popup opens,
 * one notification when a rollup holding the user's funds turns stalled or frozen (the user's own
 * waiting transfer counted), and the provider's L2 reads refused with 4900 while nothing can be
 * read (src/provider/session-backend.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { L1Session } from '../../../../src/client/l1-session.ts';
import type { L2AccountRead, L2Wallet } from '../../../../src/client/rollups/l2-wallet.ts';
import type { FollowedRollup, L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { RollupFollowing, rollupLiveness } from '../../../../src/client/rollups/following.ts';
import type { RollupSession } from '../../../../src/client/rollups/session.ts';
import type { RollupSnapshot } from '../../../../src/client/rollups/watch.ts';
import type { HeadView } from '../../../../src/client/light-client/session-status.ts';
import { createRequestHandler } from '../../../../src/provider/handler.ts';
import { sessionBackend } from '../../../../src/provider/session-backend.ts';
import type { L2TransferRow } from '../../../../src/storage/l2-transfers.ts';
import { ROLLUP_KIND, ROLLUP_SLOTS, verificationKeyHash } from '../../../../src/l2/vigil-zk/config.ts';
import { ROLLUP_ADAPTERS } from '../../../../src/l2/registry.ts';

const L2 = 31339;
const T = 1_800_000_000;
const HEAD: HeadView = { slot: 10, beaconRoot: '0x' + '01'.repeat(32), blockNumber: 100, blockHash: '0x' + 'aa'.repeat(32), stateRoot: '0x' + 'bb'.repeat(32), timestamp: T, finalized: false, verifiedAt: T * 1000, signedBy: { participants: 32, committeeSize: 32 }, thinlySigned: false };
const verificationKey = JSON.parse(readFileSync(new URL('../../../../circuits/build/verification_key.json', import.meta.url), 'utf8'));
/** The devnet's rollup config (src/devnet/rollup/rollup.ts builds the same shape). */
const CONFIG = {
  kind: ROLLUP_KIND,
  name: 'Vigil devnet rollup',
  chainId: L2,
  l1ChainId: 31337,
  contract: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
  slots: Object.fromEntries(Object.entries(ROLLUP_SLOTS).map(([k, v]) => [k, Number(v)])),
  verifier: { address: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512', codeHash: '0x' + 'ab'.repeat(32) },
  verificationKey,
  verificationKeyHash: verificationKeyHash(verificationKey),
  depth: 6,
  batchSize: 2,
  liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 300 },
};
const IDENTITY = { chainId: L2, name: 'Vigil devnet rollup', l1ChainId: 31337, liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 300 } };

function followed(lastBatchAgeSeconds: number, frozen = false): FollowedRollup {
  return {
    at: { blockNumber: 100n, blockHash: HEAD.blockHash, stateRoot: HEAD.stateRoot, timestamp: BigInt(T) },
    accepted: { root: 1n, batch: 7n, acceptedAt: BigInt(T - lastBatchAgeSeconds), status: 'finalized' },
    liveness: { lastBatchAgeSeconds, oldestQueuedAgeSeconds: null, frozen },
    proof: 'verified',
    tier: { tier: 'reverified', steps: { verified: 1, wanted: 1, anchored: false } },
  };
}

function world() {
  const w = {
    now: T * 1000,
    followed: followed(12),
    refreshes: [] as { ref: L1HeadRef; eager: boolean }[],
    balance: 5n,
    transfers: [] as L2TransferRow[],
    tracked: 0,
    after: 0,
    notes: [] as [string, string, string][],
    heads: true,
    adapter: { kind: 'vigil-zk-v1', accounts: 'indexed', words: ROLLUP_ADAPTERS['vigil-zk-v1']!.words } as { kind: string; accounts: string; words: object },
    data: undefined as RollupSnapshot['data'],
  };
  const snapshot = (): RollupSnapshot => ({ rollup: { adapter: w.adapter, config: {}, identity: IDENTITY } as never, last: { followed: w.followed, checkedAt: w.now }, error: undefined, ...(w.data ? { data: w.data } : {}) });
  const watch = {
    snapshots: () => [snapshot()],
    identities: () => [IDENTITY],
    account: async () => ({ followed: w.followed, proven: { index: 1, account: { balance: w.balance, nonce: 0n } } }),
    refresh: async (ref: L1HeadRef, ask: { eager?: boolean } = {}) => void w.refreshes.push({ ref, eager: ask.eager === true }),
  };
  const session = {
    now: () => w.now,
    rollups: () => watch,
    newestRef: () => ({ blockNumber: 100n, blockHash: HEAD.blockHash, stateRoot: HEAD.stateRoot, timestamp: BigInt(T) }),
    profile: () => ({ chainId: 31337, rollups: [CONFIG] }),
    newest: () => (w.heads ? HEAD : undefined),
    held: () => HEAD,
    heads: () => ({ recent: [] }),
  } as unknown as RollupSession;
  // The L1 session as the provider's backend sees it: the network, its heads, the active rollup.
  const l1 = {
    now: () => w.now,
    profile: () => ({ chainId: 31337, rollups: [CONFIG] }),
    board: { newest: () => (w.heads ? HEAD : undefined), held: () => HEAD, heads: () => ({ recent: [] }), recordPageFailure: () => {} },
    settings: { activeRollup: () => undefined },
  } as unknown as L1Session;
  const l2Wallet = {
    track: async () => void w.tracked++,
    transfers: async () => w.transfers,
    accounts: async (): Promise<L2AccountRead[]> => [{ rollup: snapshot().rollup, address: '0xa', followed: w.followed, account: { index: 1, balance: w.balance, nonce: 0n }, publicKey: null, error: null }],
  } as unknown as L2Wallet;
  const following = new RollupFollowing({
    session,
    l2Wallet,
    afterRead: () => [Promise.resolve(void w.after++)],
    notify: (id, title, message) => void w.notes.push([id, title, message]),
  });
  return { w, l1, following };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('RollupFollowing', () => {
  it('reads at each new head, then moves the L2 transfers and the exits on', async () => {
    const { w, following } = world();
    following.followAt(HEAD);
    following.followAt(HEAD); // the first read is still going: skipped, not piled up
    await settle();
    expect(w.refreshes).toEqual([{ ref: expect.objectContaining({ blockHash: HEAD.blockHash }), eager: false }]);
    expect([w.tracked, w.after]).toEqual([1, 1]);
  });

  it('reads again, eagerly, when the popup opens (a status ask after a pause), not on every poll', () => {
    const { w, following } = world();
    following.statusAsked();
    w.now += 5_000;
    following.statusAsked();
    w.now += 31_000;
    following.statusAsked();
    expect(w.refreshes.map((r) => r.eager)).toEqual([true, true]);
  });

  it('notifies once when a rollup holding funds turns stalled, and again when it freezes', async () => {
    const { w, following } = world();
    const follow = async () => {
      following.followAt(HEAD);
      await settle();
    };
    await follow();
    expect(w.notes).toEqual([]);
    w.followed = followed(400);
    await follow();
    await follow();
    expect(w.notes).toEqual([[`vigil-rollup-${L2}`, 'Vigil devnet rollup is stalled', 'Last batch: 400 s ago (proven on L1). Open Vigil: Wallet → Exit to L1 gets your funds back.']]);
    w.followed = followed(400, true);
    await follow();
    expect(w.notes.at(-1)).toEqual([`vigil-rollup-${L2}`, 'Vigil devnet rollup is frozen', 'Frozen: escape hatch open (proven on L1). Open Vigil: Wallet → Exit to L1 gets your funds back.']);
  });

  it('says nothing about a rollup where the wallet holds no proven balance', async () => {
    const { w, following } = world();
    w.balance = 0n;
    w.followed = followed(400);
    following.followAt(HEAD);
    await settle();
    expect(w.notes).toEqual([]);
  });

  it("counts the user's own transfer waiting for a batch: a sequencer censoring it is stalled", async () => {
    const { w, following } = world();
    w.transfers = [{ id: '0x01', rollupChainId: L2, from: '0xa', to: null, fromIndex: 1, toIndex: 2, amount: '1', nonce: '0', status: 'submitted', createdAt: (T - 400) * 1000, updatedAt: 0 }];
    following.followAt(HEAD);
    await settle();
    expect(following.ownPendingSince(L2)).toBe(T - 400);
    expect(w.notes.map((n) => n[1])).toEqual(['Vigil devnet rollup is stalled']);
    const snapshot = { rollup: { identity: IDENTITY }, last: { followed: w.followed, checkedAt: 0 }, error: undefined } as unknown as RollupSnapshot;
    expect(rollupLiveness(snapshot, T - 400)).toMatchObject({ liveness: 'stalled', facts: { oldestOwnPendingAgeSeconds: 400 } });
    expect(rollupLiveness({ ...snapshot, error: { code: 'X', message: 'x', at: 0, blockNumber: 1n } }, undefined)).toBeNull();
  });

  it('answers the L2 reads of pages with 4900 while there is no verified head to read at', async () => {
    const { w, l1, following } = world();
    w.heads = false;
    const handle = createRequestHandler(sessionBackend({ session: l1, rollups: following }));
    await expect(handle('https://app.example', { method: 'vigil_getVerifiedBalance', params: ['0x' + '11'.repeat(20), { chainId: '0x' + L2.toString(16) }] })).rejects.toMatchObject({ code: 4900 });
  });

  it("never answers a verified balance from a rollup whose accounts Vigil does not prove (Linea's): L2_ACCOUNT_NOT_PROVABLE, in its words", async () => {
    const { w, l1, following } = world();
    w.adapter = { kind: 'linea-v1', accounts: 'unproven', words: ROLLUP_ADAPTERS['linea-v1']!.words };
    const handle = createRequestHandler(sessionBackend({ session: l1, rollups: following }));
    const err = await handle('https://app.example', { method: 'vigil_getVerifiedBalance', params: ['0x' + '11'.repeat(20), { chainId: '0x' + L2.toString(16) }] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ data: { code: 'L2_ACCOUNT_NOT_PROVABLE' } });
    expect(String((err as Error).message)).toContain("account not proven (Linea's trie)");
  });

  it('the verified balance carries the accepted batch\'s data and what sampling found, beside its provenance', async () => {
    const { w, following } = world();
    const availability = { status: 'verified' as const, slot: 9n, beaconRoot: '0x' + '11'.repeat(32), blobs: 1, columns: { asked: 16, verified: 16, total: 128 }, endpoints: [], checkedAt: T, expiresAt: T + 100, words: '16 of 128 columns sampled from 1 endpoint, all verified, at slot 9' };
    const report = { batches: [{ where: 'blobs' as const, batch: 'batch 7', l1: { tx: '0x' + '33'.repeat(32), block: 99n }, versionedHashes: ['0x01' + '00'.repeat(31)], tie: 'root' as const, checked: [], words: 'data in Ethereum blobs …', availability }], scope: 'the accepted batch 7' };
    expect((await following.balance(L2, '0x' + '11'.repeat(20))).data).toBeUndefined();
    w.data = { batch: 7n, report };
    const got = await following.balance(L2, '0x' + '11'.repeat(20));
    expect(got.l2.batch).toBe(7);
    expect(got.data).toMatchObject({ where: 'blobs', batch: 'batch 7', l1: { block: 99 }, availability: { status: 'verified', slot: 9, words: availability.words } });
    // Data read for another batch is not this balance's.
    w.data = { batch: 6n, report };
    expect((await following.balance(L2, '0x' + '11'.repeat(20))).data).toBeUndefined();
  });
});
