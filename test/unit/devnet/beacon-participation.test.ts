/**
 * The devnet's participation setting (the beacon-participation fault) against Vigil's unchanged
 * sync loop: at 100% and 70% of the 32-member committee every head is signed by two thirds and
 * is the head signatures rest on; at 50% a loop that saw the whole committee takes no 16-of-32
 * head (the spec's safety threshold), its forced update after a period without finality takes
 * one, marked thinly signed and counted neither as a signing head nor as finalized; a loop
 * bootstrapped inside a 50% period follows the thin heads (the spec lets it) and has no signing
 * head. Who signed what survives a restart; a record of older code counts as not known.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import type { L1Sync, SyncEvent } from '../../../src/client/light-client/sync.ts';
import { memoryPersistence } from '../../../src/client/light-client/store-persistence.ts';
import { signSyncAggregate, signerCount } from '../../../src/devnet/beacon/committee.ts';
import { ValidatorRegistry } from '../../../src/devnet/beacon/committee.ts';
import { DEVNET_PRESETS } from '../../../src/devnet/beacon/presets.ts';
import { fastAggregateVerify, preparePublicKeys } from '../../../src/crypto/bls.ts';
import { checkSigningHead, type PolicyHead } from '../../../src/wallet/signing-head.ts';
import type { WalletErrorCode } from '../../../src/wallet/errors.ts';
import { type Harness, rejectedCodes, startHarness } from './beacon/harness.ts';

const FULL = { participants: 32, committeeSize: 32 };
const SEVENTY = { participants: 22, committeeSize: 32 };
const HALF = { participants: 16, committeeSize: 32 };

let h: Harness;
let slot = 0;
const advance = async (slots: number) => {
  slot += slots;
  await h.advanceTo(slot);
};
const heads = (events: SyncEvent[], from = 0) =>
  events.slice(from).flatMap((e) => (e.type === 'head' ? [`${e.kind}:${e.head.slot}:${JSON.stringify(e.signedBy)}`] : e.type === 'forced' ? [`forced:${e.head.slot}:${JSON.stringify(e.signedBy)}`] : []));
const root = (x: { root: Uint8Array } | undefined) => (x ? bytesToHex(x.root) : undefined);

/** The head rule on what the loop holds, by the devnet's clock (seconds). */
function headRule(sync: L1Sync): { code: WalletErrorCode; message: string }[] {
  const refusals: { code: WalletErrorCode; message: string }[] = [];
  const policyHead = (kind: 'signing' | 'optimistic'): PolicyHead | undefined => {
    const head = sync[kind];
    const signedBy = sync.signedBy(kind);
    return head && { blockNumber: head.execution.blockNumber, blockHash: bytesToHex(head.execution.blockHash), timestamp: head.execution.timestamp, signedBy: signedBy === 'checkpoint' ? null : signedBy };
  };
  checkSigningHead(
    { now: Math.floor(h.now() / 1000), network: { name: 'devnet', maxHeadAgeSeconds: 60 }, head: policyHead('signing'), newest: policyHead('optimistic') },
    (code, message) => refusals.push({ code, message }),
  );
  return refusals;
}

beforeAll(async () => {
  h = await startHarness({ fork: 'fulu' });
  await advance(70); // period 1, finality on
});
afterAll(() => h.close());

describe('the devnet signer', () => {
  it('signs with the first round(fraction × size) members: bits and one signature by the sum of their keys', () => {
    const registry = new ValidatorRegistry(DEVNET_PRESETS.minimal, 'participation-test', 40);
    const committee = registry.committee(1n);
    const message = Uint8Array.from({ length: 32 }, (_, i) => i);
    for (const [fraction, count] of [[1, 32], [0.7, 22], [0.5, 16], [2 / 3, 21], [0, 0]] as const) {
      expect(signerCount(32, fraction)).toBe(count);
      const aggregate = signSyncAggregate(committee, message, fraction);
      expect(aggregate.syncCommitteeBits.filter(Boolean)).toHaveLength(count);
      expect(aggregate.syncCommitteeBits.indexOf(false)).toBe(count === 32 ? -1 : count);
      // The whole committee's keys and the aggregate's bits: the BLS check a light client does.
      if (count > 0) expect(fastAggregateVerify(preparePublicKeys(committee.value.pubkeys), aggregate.syncCommitteeBits, message, aggregate.syncCommitteeSignature), String(fraction)).toBe(true);
    }
    expect(() => signSyncAggregate(committee, message, 1.01)).toThrow(/fraction/);
  });
});

describe('beacon-participation against the sync loop', () => {
  const persistence = memoryPersistence();
  let loop: ReturnType<Harness['sync']>;

  it('100%: every head signed by the whole committee; the newest is the signing head', async () => {
    loop = h.sync('ssz', { checkpoint: h.genesisRoot, persistence });
    await loop.sync.init();
    // The checkpoint is trusted, not signed: finalized, never a head to sign against.
    expect(loop.sync.signedBy('finalized')).toBe('checkpoint');
    expect(loop.sync.signing).toBeUndefined();
    await loop.sync.step();
    expect(rejectedCodes(loop.events)).toEqual([]);
    expect(loop.sync.optimistic!.slot).toBe(BigInt(slot - 1));
    expect(loop.sync.signedBy('optimistic')).toEqual(FULL);
    expect(root(loop.sync.signing)).toBe(root(loop.sync.optimistic));
    expect(loop.sync.signedBy('finalized')).toEqual(FULL);
    expect(headRule(loop.sync)).toEqual([]);
  });

  it('70%: 22 of 32 sign, two thirds: heads, finality and signing go on', async () => {
    h.devnet.faults.participation = 0.7;
    const from = loop.events.length;
    const finalizedBefore = loop.sync.finalized!.slot;
    await advance(9); // past an epoch boundary: finality moves
    await loop.sync.step();
    expect(rejectedCodes(loop.events)).toEqual([]);
    expect(loop.sync.optimistic!.slot).toBe(BigInt(slot - 1));
    expect(loop.sync.signedBy('optimistic')).toEqual(SEVENTY);
    expect(root(loop.sync.signing)).toBe(root(loop.sync.optimistic));
    expect(loop.sync.finalized!.slot > finalizedBefore).toBe(true);
    expect(loop.sync.signedBy('finalized')).toEqual(SEVENTY);
    expect(heads(loop.events, from)).toEqual([
      `finalized:${loop.sync.finalized!.slot}:${JSON.stringify(SEVENTY)}`,
      `optimistic:${slot - 1}:${JSON.stringify(SEVENTY)}`,
      `signing:${slot - 1}:${JSON.stringify(SEVENTY)}`,
    ]);
    expect(headRule(loop.sync)).toEqual([]);
  });

  it('50%: no 16-of-32 head is taken (more than half the most seen is needed); the signing head ages into STALE_HEAD', async () => {
    h.devnet.faults.participation = 0.5;
    const from = loop.events.length;
    const kept = { optimistic: root(loop.sync.optimistic), signing: root(loop.sync.signing), finalized: root(loop.sync.finalized) };
    for (let i = 0; i < 5; i++) {
      await advance(8);
      await loop.sync.step();
    }
    expect(rejectedCodes(loop.events)).toEqual([]);
    expect(heads(loop.events, from)).toEqual([]);
    expect({ optimistic: root(loop.sync.optimistic), signing: root(loop.sync.signing), finalized: root(loop.sync.finalized) }).toEqual(kept);
    // The store kept a 16-of-32 update as its best, for a forced update.
    expect(loop.sync.lightClientStore!.bestValidUpdate).not.toBeNull();
    // 40 s on, the 60 s bound is passed: nothing newer to name, so plain staleness.
    await advance(30);
    await loop.sync.step();
    expect(headRule(loop.sync).map((r) => r.code)).toEqual(['STALE_HEAD']);
  });

  it('50%, a period without finality: the forced update takes a thinly signed header; not finalized, not signed against', async () => {
    const from = loop.events.length;
    const kept = { signing: root(loop.sync.signing), finalized: loop.sync.finalized! };
    for (let i = 0; i < 6 && !heads(loop.events, from).some((e) => e.includes(JSON.stringify(HALF))); i++) {
      await advance(8);
      await loop.sync.step();
    }
    const seen = heads(loop.events, from);
    const forced = seen.filter((e) => e.startsWith('forced:'));
    expect(forced.length).toBeGreaterThan(0);
    expect(forced.at(-1)).toMatch(new RegExp(`:${JSON.stringify(HALF).replace(/[{}]/g, '\\$&')}$`));
    // The store moved (its finalized header is the forced one), the rule's heads did not.
    const store = loop.sync.lightClientStore!;
    expect(store.finalizedHeader.beacon.slot > kept.finalized.slot).toBe(true);
    expect(root(loop.sync.finalized)).toBe(bytesToHex(kept.finalized.root));
    expect(root(loop.sync.signing)).toBe(kept.signing);
    // The newest head is the forced 16-of-32 one: shown (announced), marked by its signers.
    expect(loop.sync.optimistic!.slot).toBe(store.optimisticHeader.beacon.slot);
    expect(loop.sync.signedBy('optimistic')).toEqual(HALF);
    expect(seen).toContain(`optimistic:${loop.sync.optimistic!.slot}:${JSON.stringify(HALF)}`);
    expect(seen.some((e) => e.startsWith('signing:') || e.startsWith('finalized:'))).toBe(false);
    // The wallet's rule names the rule, the thin head, and the head it needs.
    const [refusal, ...more] = headRule(loop.sync);
    expect(more).toEqual([]);
    expect(refusal!.code).toBe('HEAD_THINLY_SIGNED');
    expect(refusal!.message).toContain(`(${loop.sync.optimistic!.execution.blockNumber}) was signed by fewer than two thirds of its sync committee (16 of 32)`);
    expect(refusal!.message).toContain('at least 22 of the 32 members of its sync committee, at most 60 s old');
  });

  it('a restarted loop resumes who signed its heads; back at 100%, signing and finality resume', async () => {
    const again = h.sync('ssz', { persistence, checkpoint: null });
    await again.sync.init();
    for (const kind of ['optimistic', 'signing', 'finalized'] as const) {
      expect(root(again.sync[kind]), kind).toBe(root(loop.sync[kind]));
      expect(again.sync.signedBy(kind), kind).toEqual(loop.sync.signedBy(kind));
    }
    h.devnet.faults.participation = 1;
    await advance(20);
    await again.sync.step();
    expect(again.sync.optimistic!.slot).toBe(BigInt(slot - 1));
    expect(again.sync.signedBy('optimistic')).toEqual(FULL);
    expect(root(again.sync.signing)).toBe(root(again.sync.optimistic));
    expect(again.sync.signedBy('finalized')).toEqual(FULL);
    expect(again.sync.finalized!.slot).toBe(again.sync.lightClientStore!.finalizedHeader.beacon.slot);
    expect(headRule(again.sync)).toEqual([]);
  });

  it('a record saved before signers were counted: nothing is signed against until a new head comes', async () => {
    const record = (await persistence.load('devnet'))!;
    const { signers: _, ...old } = record;
    const older = memoryPersistence();
    await older.replace(old);
    const resumed = h.sync('ssz', { persistence: older, checkpoint: null });
    await resumed.sync.init();
    expect(resumed.sync.signing).toBeUndefined();
    expect(resumed.sync.finalized).toBeUndefined();
    expect(resumed.sync.signedBy('optimistic')).toBeNull();
    expect(headRule(resumed.sync).map((r) => r.code)).toEqual(['HEAD_THINLY_SIGNED']);
    await advance(2);
    await resumed.sync.step();
    expect(resumed.sync.signedBy('optimistic')).toEqual(FULL);
    expect(root(resumed.sync.signing)).toBe(root(resumed.sync.optimistic));
    expect(headRule(resumed.sync)).toEqual([]);
  });

  it('50% for a whole period: a loop bootstrapped there follows the 16-of-32 heads (the spec lets it), each thinly signed, none a signing head', async () => {
    h.devnet.faults.participation = 0.5;
    // Into the next period and three epochs on, so the finalized checkpoint is a 50% block too.
    await advance(64 - (slot % 64) + 3 * 8 + 2);
    const fresh = h.sync('ssz', { checkpoint: h.devnet.checkpoint() });
    await fresh.sync.init();
    await fresh.sync.step();
    expect(rejectedCodes(fresh.events)).toEqual([]);
    expect(fresh.sync.optimistic!.slot).toBe(BigInt(slot - 1));
    expect(fresh.sync.signedBy('optimistic')).toEqual(HALF);
    expect(fresh.sync.signing).toBeUndefined();
    expect(fresh.sync.signedBy('finalized')).toBe('checkpoint');
    // No finality update applies at 16 of 32: the finalized head is the checkpoint still.
    expect(root(fresh.sync.finalized)).toBe(h.devnet.checkpoint());
    const refusals = headRule(fresh.sync);
    expect(refusals.map((r) => r.code)).toEqual(['HEAD_THINLY_SIGNED']);
    expect(refusals[0]!.message).toContain('and no block two thirds signed is verified yet');
    h.devnet.faults.participation = 1;
  });
});
