/**
 * Differential: Vigil's Gloas light-client containers and gindices against an independent
 * implementation, @lodestar/types 1.50.0 (installed as @lodestar-next/types beside the pinned
 * 1.28.1; mainnet preset). Its ssz.gloas BeaconState and BeaconBlockBody are progressive
 * containers (EIP-7688): the gindices come from its own merkleization, and the branches below are
 * cut from its own trees of real (default-filled, then marked) Gloas states and bodies.
 */
import { ssz as next } from '@lodestar-next/types';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import {
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  FINALIZED_ROOT_GINDEX_GLOAS,
  GloasLightClientHeaderType,
  lightClientTypes,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
} from '../../../src/l1/containers.ts';
import { encodeForFork } from '../../../src/l1/decode.ts';
import { isValidLightClientHeader, isValidNormalizedMerkleBranch } from '../../../src/l1/spec/helpers.ts';
import { networkConfig } from '../../../src/l1/networks.ts';
import { bytes32, gloasHeader } from './gloas-builders.ts';

const g = next.gloas as any;
const types = lightClientTypes(networkConfig('mainnet').preset);
const mainnetGloas = () => {
  const c = networkConfig('mainnet');
  return { ...c, forks: c.forks.map((f) => (f.name === 'gloas' ? { ...f, epoch: 100n } : f)) };
};

/** A branch from Lodestar's tree at `gindex`, leaf side first (Vigil's order). */
function lodestarBranch(type: any, value: any, gindex: number): Uint8Array[] {
  const view = type.toView(value);
  const proof = view.tree.getSingleProof(BigInt(gindex)) as Uint8Array[];
  return proof;
}

describe('Gloas light client against @lodestar/types 1.50 (ssz.gloas)', () => {
  it('the gindices are Lodestar\'s paths in the progressive BeaconState and BeaconBlockBody', () => {
    expect(Number(g.BeaconState.getPathInfo(['finalizedCheckpoint', 'root']).gindex)).toBe(FINALIZED_ROOT_GINDEX_GLOAS);
    expect(Number(g.BeaconState.getPathInfo(['currentSyncCommittee']).gindex)).toBe(CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS);
    expect(Number(g.BeaconState.getPathInfo(['nextSyncCommittee']).gindex)).toBe(NEXT_SYNC_COMMITTEE_GINDEX_GLOAS);
    expect(Number(g.BeaconBlockBody.getPathInfo(['signedExecutionPayloadBid', 'message', 'parentBlockHash']).gindex)).toBe(EXECUTION_BLOCK_HASH_GINDEX_GLOAS);
  });

  it('branches cut from Lodestar\'s Gloas state and body verify in Vigil at 735, 2945, 2946 and 2856', () => {
    const state = g.BeaconState.defaultValue();
    state.slot = 3200;
    state.finalizedCheckpoint = { epoch: 99, root: bytes32('finalized') };
    state.currentSyncCommittee = { pubkeys: Array.from({ length: 512 }, (_, i) => Uint8Array.from({ length: 48 }, (_, j) => (i + j) & 0xff)), aggregatePubkey: new Uint8Array(48).fill(7) };
    state.nextSyncCommittee = { pubkeys: Array.from({ length: 512 }, (_, i) => Uint8Array.from({ length: 48 }, (_, j) => (i * 3 + j) & 0xff)), aggregatePubkey: new Uint8Array(48).fill(9) };
    const stateRoot = g.BeaconState.hashTreeRoot(state) as Uint8Array;
    const committeeRoot = (c: any) => types.SyncCommittee.hashTreeRoot(c);
    // Vigil's SyncCommittee root is Lodestar's.
    expect(bytesToHex(committeeRoot(state.currentSyncCommittee))).toBe(bytesToHex(g.SyncCommittee.hashTreeRoot(state.currentSyncCommittee)));
    const cases: [number, Uint8Array][] = [
      [FINALIZED_ROOT_GINDEX_GLOAS, bytes32('finalized')],
      [CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS, committeeRoot(state.currentSyncCommittee)],
      [NEXT_SYNC_COMMITTEE_GINDEX_GLOAS, committeeRoot(state.nextSyncCommittee)],
    ];
    for (const [gindex, leaf] of cases) {
      const branch = lodestarBranch(g.BeaconState, state, gindex);
      expect(isValidNormalizedMerkleBranch(leaf, branch, gindex, stateRoot)).toBe(true);
      expect(isValidNormalizedMerkleBranch(bytes32('not it'), branch, gindex, stateRoot)).toBe(false);
    }

    const body = g.BeaconBlockBody.defaultValue();
    body.signedExecutionPayloadBid.message.parentBlockHash = bytes32('parent block hash');
    body.signedExecutionPayloadBid.message.blockHash = bytes32('own block hash');
    const bodyRoot = g.BeaconBlockBody.hashTreeRoot(body) as Uint8Array;
    const executionBranch = lodestarBranch(g.BeaconBlockBody, body, EXECUTION_BLOCK_HASH_GINDEX_GLOAS);
    const header = { beacon: { slot: 3200n, proposerIndex: 1n, parentRoot: bytes32('p'), stateRoot, bodyRoot }, executionBlockHash: bytes32('parent block hash'), executionBranch };
    expect(isValidLightClientHeader(mainnetGloas(), header)).toBe(true);
    // The bid's own block_hash is not what the header proves (full-node.md: parent_block_hash).
    expect(isValidLightClientHeader(mainnetGloas(), { ...header, executionBlockHash: bytes32('own block hash') })).toBe(false);
  });

  it('hash_tree_root and serialization of the same Gloas objects agree, each kind', () => {
    const attested = gloasHeader(3300n, 'a');
    const finalized = gloasHeader(3232n, 'f');
    const committee = { pubkeys: Array.from({ length: 512 }, (_, i) => bytes32(`k${i}`).subarray(0, 16)).map((h) => Uint8Array.of(...h, ...h, ...h)), aggregatePubkey: new Uint8Array(48).fill(3) };
    const syncAggregate = { syncCommitteeBits: Array.from({ length: 512 }, (_, i) => i % 3 !== 0), syncCommitteeSignature: new Uint8Array(96).fill(0xaa) };
    const values = {
      bootstrap: { header: finalized, currentSyncCommittee: committee, currentSyncCommitteeBranch: Array.from({ length: 11 }, (_, i) => bytes32(`c${i}`)) },
      update: { attestedHeader: attested, nextSyncCommittee: committee, nextSyncCommitteeBranch: Array.from({ length: 11 }, (_, i) => bytes32(`n${i}`)), finalizedHeader: finalized, finalityBranch: Array.from({ length: 9 }, (_, i) => bytes32(`f${i}`)), syncAggregate, signatureSlot: 3301n },
      finalityUpdate: { attestedHeader: attested, finalizedHeader: finalized, finalityBranch: Array.from({ length: 9 }, (_, i) => bytes32(`f${i}`)), syncAggregate, signatureSlot: 3301n },
      optimisticUpdate: { attestedHeader: attested, syncAggregate, signatureSlot: 3301n },
    } as const;
    const theirs = { bootstrap: g.LightClientBootstrap, update: g.LightClientUpdate, finalityUpdate: g.LightClientFinalityUpdate, optimisticUpdate: g.LightClientOptimisticUpdate };
    for (const kind of ['bootstrap', 'update', 'finalityUpdate', 'optimisticUpdate'] as const) {
      const ours = encodeForFork(types, 'gloas', kind, values[kind] as never);
      const parsed = theirs[kind].deserialize(ours.ssz);
      expect(bytesToHex(theirs[kind].serialize(parsed))).toBe(bytesToHex(ours.ssz));
      expect(bytesToHex(theirs[kind].hashTreeRoot(parsed))).toBe(bytesToHex((types.families.gloas[kind] as any).hashTreeRoot(values[kind])));
      // Beacon API JSON: Lodestar reads ours and writes the same.
      expect(theirs[kind].toJson(theirs[kind].fromJson(ours.json))).toEqual(ours.json);
    }
    expect(bytesToHex(g.LightClientHeader.hashTreeRoot(g.LightClientHeader.deserialize(GloasLightClientHeaderType.serialize(attested))))).toBe(bytesToHex(GloasLightClientHeaderType.hashTreeRoot(attested)));
  });
});
