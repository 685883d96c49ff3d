/**
 * A store synced before the Gloas fork carries on after it with nothing fetched again: bootstrap
 * and a Fulu update (real BLS signatures of a devnet committee, minimal preset), then a Gloas
 * update signed under the Gloas fork version. The processor upgrades the store when the first
 * Gloas data meets it; the fork context of each update is its attested header's slot.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { isGloasHeader } from '../../../src/l1/containers.ts';
import { encodeForFork } from '../../../src/l1/decode.ts';
import { isBlockHashHead, verifiedHeadOf } from '../../../src/l1/heads.ts';
import { localAnyProcessor, localProcessor, processResponse } from '../../../src/l1/processor.ts';
import { createLightClientContext } from '../../../src/l1/spec/helpers.ts';
import { upgradeLcStoreToGloas } from '../../../src/l1/spec/upgradeLcToGloas.ts';
import { deserializeAnyLightClientStore, deserializeLightClientStore, isGloasStore, serializeLightClientStore } from '../../../src/l1/store.ts';
import { crossForkChain, forkingConfig, gloasHeader, preGloasHeader, registry, signedBy } from './gloas-builders.ts';

const config = forkingConfig(); // Gloas at epoch 16: slot 128, period 2 (64 slots a period)
const ctx = createLightClientContext(config);
const reg = registry();
const committee = (p: bigint) => reg.committee(p);

// Fulu bootstrap at 64; Fulu update 100/80 signed by period 1; Gloas update 140/136 signed by period 2.
const { checkpoint, bootstrap, fuluUpdate, gloasUpdate } = crossForkChain(config, reg);

const fulu = (kind: 'update' | 'optimisticUpdate', v: any) => ({ ssz: encodeForFork(ctx.types, 'fulu', kind, v).ssz });
const gloas = (kind: 'update' | 'finalityUpdate' | 'optimisticUpdate', v: any) => ({ ssz: encodeForFork(ctx.types, 'gloas', kind, v).ssz });

async function syncedBeforeFork() {
  const processor = localAnyProcessor(ctx);
  const store0 = await processor.bootstrap(checkpoint, { fork: 'fulu', ssz: bootstrap.ssz, endpoint: 'test:' });
  const processed = processResponse(ctx, 'update', store0, 'fulu', fulu('update', fuluUpdate), 101n);
  return processed.store;
}

describe('a store synced before the Gloas fork', () => {
  it('continues after it with a Gloas update: upgraded in place, finalized at a Gloas header, next committee learned', async () => {
    const before = await syncedBeforeFork();
    expect(isGloasStore(before)).toBe(false);
    expect(before.finalizedHeader.beacon.slot).toBe(80n);
    expect(bytesToHex(ctx.types.SyncCommittee.hashTreeRoot(before.nextSyncCommittee))).toBe(bytesToHex(committee(2n).root));

    // What a restarted client reads from its storage: the same store, nothing fetched again.
    const stored = deserializeAnyLightClientStore(ctx.types, 'minimal', serializeLightClientStore(ctx.types, 'minimal', before));
    const { store: after, attested, participation } = processResponse(ctx, 'update', stored, 'gloas', gloas('update', gloasUpdate), 141n);
    expect(isGloasStore(after)).toBe(true);
    expect(after.finalizedHeader.beacon.slot).toBe(136n);
    expect(after.optimisticHeader.beacon.slot).toBe(140n);
    expect(bytesToHex(ctx.types.SyncCommittee.hashTreeRoot(after.currentSyncCommittee))).toBe(bytesToHex(committee(2n).root));
    expect(bytesToHex(ctx.types.SyncCommittee.hashTreeRoot(after.nextSyncCommittee))).toBe(bytesToHex(committee(3n).root));
    expect(attested.slot).toBe(140n);
    expect(participation).toEqual({ participants: 32, committeeSize: 32 });

    const head = verifiedHeadOf(after.finalizedHeader);
    expect(isBlockHashHead(head)).toBe(true);
    expect(bytesToHex(head.executionBlockHash)).toBe(bytesToHex(gloasUpdate.finalizedHeader.executionBlockHash));

    // The Gloas store persists as format 3 and comes back the same; the pre-Gloas reader refuses it.
    const bytes = serializeLightClientStore(ctx.types, 'minimal', after);
    expect(bytes[0]).toBe(3);
    expect(deserializeAnyLightClientStore(ctx.types, 'minimal', bytes)).toEqual(after);
    expect(() => deserializeLightClientStore(ctx.types, 'minimal', bytes)).toThrow(expect.objectContaining({ code: 'LC_UNSUPPORTED_FORK' }));

    // And a Gloas optimistic update goes on from the Gloas store.
    const attested2 = gloasHeader(150n, 'gloas-later');
    const optimistic = { attestedHeader: attested2, syncAggregate: signedBy(config, reg, 2n, attested2, 151n), signatureSlot: 151n };
    const next = processResponse(ctx, 'optimistic', after, 'gloas', gloas('optimisticUpdate', optimistic), 151n).store;
    expect(next.optimisticHeader.beacon.slot).toBe(150n);
  });

  it('upgraded before the fork (the spec allows it), it still takes pre-Gloas updates, upgrading each', async () => {
    const processor = localAnyProcessor(ctx);
    const store0 = await processor.bootstrap(checkpoint, { fork: 'fulu', ssz: bootstrap.ssz, endpoint: 'test:' });
    if (isGloasStore(store0)) throw new Error('a Fulu bootstrap gives a pre-Gloas store');
    const early = upgradeLcStoreToGloas(config, store0);
    const viaUpgraded = processResponse(ctx, 'update', early, 'fulu', fulu('update', fuluUpdate), 101n).store;
    const plain = processResponse(ctx, 'update', store0, 'fulu', fulu('update', fuluUpdate), 101n).store;
    expect(isGloasStore(viaUpgraded)).toBe(true);
    if (isGloasStore(plain)) throw new Error('a Fulu update leaves a pre-Gloas store so');
    expect(viaUpgraded).toEqual(upgradeLcStoreToGloas(config, plain));
    // The upgraded finalized header is still a valid header of its own (Fulu) slot.
    expect(isGloasHeader(viaUpgraded.finalizedHeader)).toBe(true);
    expect(viaUpgraded.finalizedHeader.executionBranch).toHaveLength(11);
  });

  it('the fork context of data is its attested header slot: the wrong format is LC_WRONG_FORK', async () => {
    const before = await syncedBeforeFork();
    // Gloas containers for a pre-fork attested header, and Fulu containers past the fork.
    const early = { attestedHeader: gloasHeader(120n, 'early'), syncAggregate: fuluUpdate.syncAggregate, signatureSlot: 121n };
    expect(() => processResponse(ctx, 'optimistic', before, 'gloas', gloas('optimisticUpdate', early), 121n)).toThrow(expect.objectContaining({ code: 'LC_WRONG_FORK' }));
    const late = { attestedHeader: preGloasHeader(130n, 'late'), syncAggregate: fuluUpdate.syncAggregate, signatureSlot: 131n };
    expect(() => processResponse(ctx, 'optimistic', before, 'fulu', fulu('optimisticUpdate', late), 131n)).toThrow(expect.objectContaining({ code: 'LC_WRONG_FORK' }));
  });

  it('refuses what does not hold after the fork, the store unchanged: forged branches, a wrong hash, a pre-fork signature domain', async () => {
    const before = await syncedBeforeFork();
    const snapshot = serializeLightClientStore(ctx.types, 'minimal', before);
    const attempt = (u: typeof gloasUpdate) => () => processResponse(ctx, 'update', before, 'gloas', gloas('update', u), 141n);
    const hash = Uint8Array.from(gloasUpdate.attestedHeader.executionBlockHash, (b) => b ^ 0xff);
    expect(attempt({ ...gloasUpdate, attestedHeader: { ...gloasUpdate.attestedHeader, executionBlockHash: hash } })).toThrow(expect.objectContaining({ code: 'LC_INVALID_HEADER' }));
    const badFinality = gloasUpdate.finalityBranch.map((n, i) => (i === 8 ? new Uint8Array(32).fill(1) : n));
    expect(attempt({ ...gloasUpdate, finalityBranch: badFinality })).toThrow(expect.objectContaining({ code: 'LC_INVALID_FINALITY_BRANCH' }));
    const badNext = gloasUpdate.nextSyncCommitteeBranch.map((n, i) => (i === 10 ? new Uint8Array(32).fill(1) : n));
    expect(attempt({ ...gloasUpdate, nextSyncCommitteeBranch: badNext })).toThrow(expect.objectContaining({ code: 'LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH' }));
    // Signed under the Fulu version (as a client not knowing Gloas would check it): refused.
    const fuluDomain = forkingConfig(1000n);
    const wrongDomain = { ...gloasUpdate, syncAggregate: signedBy(fuluDomain, reg, 2n, gloasUpdate.attestedHeader, 141n) };
    expect(attempt(wrongDomain)).toThrow(expect.objectContaining({ code: 'SYNC_SIGNATURE_INVALID' }));
    expect(serializeLightClientStore(ctx.types, 'minimal', before)).toEqual(snapshot);
  });

  it('the pre-Gloas processor (src/client\'s today) keeps its typed refusal for Gloas data', async () => {
    const before = await syncedBeforeFork();
    const processor = localProcessor(ctx);
    const response = { fork: 'gloas' as const, ssz: gloas('update', gloasUpdate).ssz, endpoint: 'test:' };
    await expect(processor.process('update', before as never, response, 141n)).rejects.toThrow(VerificationError);
    await expect(processor.process('update', before as never, response, 141n)).rejects.toMatchObject({ code: 'LC_UNSUPPORTED_FORK' });
  });
});
