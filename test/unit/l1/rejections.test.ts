/**
 * Each way an update or bootstrap can lie is rejected with its own code, and the store it was
 * offered to is left exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { parseNetworkConfig } from '../../../src/l1/config.ts';
import type { LightClientBootstrap, LightClientUpdate } from '../../../src/l1/containers.ts';
import { NETWORKS } from '../../../src/l1/networks.ts';
import { createLightClientContext, type LightClientContext } from '../../../src/l1/spec/helpers.ts';
import { initializeLightClientStore } from '../../../src/l1/spec/initializeLightClientStore.ts';
import { processLightClientUpdate } from '../../../src/l1/spec/processLightClientUpdate.ts';
import { serializeLightClientStore, type LightClientStore } from '../../../src/l1/store.ts';
import { CHECKPOINT, mainnetChain } from './helpers.ts';

const chain = mainnetChain();
const { ctx } = chain;
const boot = initializeLightClientStore(ctx, CHECKPOINT, chain.bootstrap);
// The store after the first update (period 862, next committee known).
const first = chain.updates[0]!;
const store862 = processLightClientUpdate(ctx, boot, first, first.signatureSlot);
const second = chain.updates[1]!;

const snapshot = (s: LightClientStore) => bytesToHex(serializeLightClientStore(ctx.types, 'mainnet', s));
const copy = <T>(v: T): T => structuredClone(v);
const flip = (bytes: Uint8Array, i: number) => {
  bytes[i] = bytes[i]! ^ 1;
};

function rejects(
  store: LightClientStore,
  update: LightClientUpdate,
  currentSlot = update.signatureSlot,
  context: LightClientContext = ctx,
): string {
  const before = snapshot(store);
  try {
    processLightClientUpdate(context, store, update, currentSlot);
  } catch (err) {
    expect(snapshot(store)).toBe(before);
    if (err instanceof VerificationError) return err.code;
    throw err;
  }
  return 'accepted';
}

function bootstrapRejects(bootstrap: LightClientBootstrap, root = CHECKPOINT): string {
  try {
    initializeLightClientStore(ctx, root, bootstrap);
  } catch (err) {
    if (err instanceof VerificationError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('light-client rejections', () => {
  it('accepts the honest update (control)', () => {
    expect(rejects(store862, second)).toBe('accepted');
  });

  it('a wrong signature', () => {
    const u = copy(second);
    flip(u.syncAggregate.syncCommitteeSignature, 20);
    expect(rejects(store862, u)).toBe('SYNC_SIGNATURE_INVALID');
    const other = copy(second);
    other.syncAggregate.syncCommitteeSignature = copy(chain.updates[2]!.syncAggregate.syncCommitteeSignature);
    expect(rejects(store862, other)).toBe('SYNC_SIGNATURE_INVALID');
  });

  it('a changed participation bit', () => {
    const u = copy(second);
    const i = u.syncAggregate.syncCommitteeBits.indexOf(true);
    u.syncAggregate.syncCommitteeBits[i] = false;
    expect(rejects(store862, u)).toBe('SYNC_SIGNATURE_INVALID');
  });

  it('a changed committee key, in the bootstrap and in an update', () => {
    const b = copy(chain.bootstrap);
    b.currentSyncCommittee.pubkeys[3] = copy(b.currentSyncCommittee.pubkeys[4]!);
    expect(bootstrapRejects(b)).toBe('LC_INVALID_SYNC_COMMITTEE_BRANCH');
    const u = copy(second);
    u.nextSyncCommittee.pubkeys[0] = copy(u.nextSyncCommittee.pubkeys[1]!);
    expect(rejects(store862, u)).toBe('LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH');
  });

  it('a cut or altered branch', () => {
    const cutFinality = copy(second);
    cutFinality.finalityBranch = cutFinality.finalityBranch.slice(1);
    expect(rejects(store862, cutFinality)).toBe('LC_INVALID_FINALITY_BRANCH');
    const altered = copy(second);
    flip(altered.finalityBranch[2]!, 0);
    expect(rejects(store862, altered)).toBe('LC_INVALID_FINALITY_BRANCH');
    const cutCommittee = copy(second);
    cutCommittee.nextSyncCommitteeBranch = cutCommittee.nextSyncCommitteeBranch.slice(0, -1);
    expect(rejects(store862, cutCommittee)).toBe('LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH');
    const execution = copy(second);
    flip(execution.attestedHeader.executionBranch[1]!, 5);
    expect(rejects(store862, execution)).toBe('LC_INVALID_HEADER');
    const lyingExecution = copy(second);
    flip(lyingExecution.attestedHeader.execution.stateRoot, 0);
    expect(rejects(store862, lyingExecution)).toBe('LC_INVALID_HEADER');
    const bootBranch = copy(chain.bootstrap);
    bootBranch.currentSyncCommitteeBranch = bootBranch.currentSyncCommitteeBranch.slice(1);
    expect(bootstrapRejects(bootBranch)).toBe('LC_INVALID_SYNC_COMMITTEE_BRANCH');
  });

  it('participation below the minimum', () => {
    const u = copy(second);
    u.syncAggregate.syncCommitteeBits = u.syncAggregate.syncCommitteeBits.map(() => false);
    expect(rejects(store862, u)).toBe('LC_INSUFFICIENT_PARTICIPATION');
  });

  it('a wrong fork version or genesis validators root', () => {
    const wrongFork = createLightClientContext(parseNetworkConfig({ ...NETWORKS.mainnet, CAPELLA_FORK_VERSION: '0x03000001' }));
    expect(rejects(store862, second, second.signatureSlot, wrongFork)).toBe('SYNC_SIGNATURE_INVALID');
    const wrongRoot = createLightClientContext(parseNetworkConfig({ ...NETWORKS.mainnet, GENESIS_VALIDATORS_ROOT: '0x' + '11'.repeat(32) }));
    expect(rejects(store862, second, second.signatureSlot, wrongRoot)).toBe('SYNC_SIGNATURE_INVALID');
  });

  it('an attested slot not after the finalized one, and a signature slot not after the attested one', () => {
    const u = copy(second);
    u.finalizedHeader.beacon.slot = u.attestedHeader.beacon.slot + 1n;
    expect(rejects(store862, u)).toBe('LC_INVALID_SLOT_ORDER');
    const v = copy(second);
    v.signatureSlot = v.attestedHeader.beacon.slot;
    expect(rejects(store862, v)).toBe('LC_INVALID_SLOT_ORDER');
  });

  it('a signature slot in the future', () => {
    expect(rejects(store862, second, second.signatureSlot - 1n)).toBe('LC_SIGNATURE_SLOT_IN_FUTURE');
  });

  it('an update for a period the store cannot verify', () => {
    expect(rejects(boot, chain.updates[2]!)).toBe('LC_UNVERIFIABLE_PERIOD');
    expect(rejects(store862, chain.updates[3]!)).toBe('LC_UNVERIFIABLE_PERIOD');
  });

  it('an update that brings nothing new', () => {
    expect(rejects(store862, first)).toBe('LC_IRRELEVANT_UPDATE');
  });

  it('a finalized header without a finality branch, and a committee without its branch', () => {
    const u = copy(second);
    u.finalityBranch = u.finalityBranch.map(() => new Uint8Array(32));
    expect(rejects(store862, u)).toBe('LC_INVALID_FINALIZED_HEADER');
    const v = copy(second);
    v.nextSyncCommitteeBranch = v.nextSyncCommitteeBranch.map(() => new Uint8Array(32));
    expect(rejects(store862, v)).toBe('LC_INVALID_NEXT_SYNC_COMMITTEE');
  });

  it('a bootstrap that does not hash to the checkpoint', () => {
    const b = copy(chain.bootstrap);
    b.header.beacon.proposerIndex += 1n;
    expect(bootstrapRejects(b)).toBe('LC_BOOTSTRAP_ROOT_MISMATCH');
    expect(bootstrapRejects(chain.bootstrap, new Uint8Array(32).fill(1))).toBe('LC_BOOTSTRAP_ROOT_MISMATCH');
    expect(bootstrapRejects(chain.bootstrap)).toBe('accepted');
  });
});
