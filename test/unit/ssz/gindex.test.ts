/**
 * Generalized indices: the light client's constants from the spec, the helpers' arithmetic,
 * and agreement with @chainsafe/ssz on list, vector and bytes paths.
 */
import * as cs from '@chainsafe/ssz';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import {
  Bitlist,
  ByteList,
  Bytes32,
  concatGeneralizedIndices,
  Container,
  createBranch,
  floorLog2,
  getGeneralizedIndex,
  getSubtreeIndex,
  isValidMerkleBranch,
  List,
  uint16,
  uint64,
  Vector,
} from '../../../src/ssz/index.ts';
import { BeaconBlockBodyDeneb, BeaconStateDeneb, BeaconStateElectra, Checkpoint } from './containers.ts';

describe('light-client generalized indices (altair/electra light-client/sync-protocol.md)', () => {
  it('Deneb BeaconState: FINALIZED_ROOT 105, CURRENT/NEXT_SYNC_COMMITTEE 54/55', () => {
    expect(BeaconStateDeneb.fieldNames).toHaveLength(28);
    expect(getGeneralizedIndex(BeaconStateDeneb, 'finalized_checkpoint', 'root')).toBe(105);
    expect(getGeneralizedIndex(BeaconStateDeneb, 'finalizedCheckpoint', 'root')).toBe(105);
    expect(getGeneralizedIndex(BeaconStateDeneb, 'current_sync_committee')).toBe(54);
    expect(getGeneralizedIndex(BeaconStateDeneb, 'next_sync_committee')).toBe(55);
    expect(BeaconStateDeneb.getFieldGindex('currentSyncCommittee')).toBe(54);
    expect(BeaconStateDeneb.getFieldGindex('nextSyncCommittee')).toBe(55);
    expect(concatGeneralizedIndices(BeaconStateDeneb.getFieldGindex('finalizedCheckpoint'), Checkpoint.getFieldGindex('root'))).toBe(105);
  });

  it('Electra BeaconState: 169, 86, 87', () => {
    expect(BeaconStateElectra.fieldNames).toHaveLength(37);
    expect(getGeneralizedIndex(BeaconStateElectra, 'finalized_checkpoint', 'root')).toBe(169);
    expect(getGeneralizedIndex(BeaconStateElectra, 'current_sync_committee')).toBe(86);
    expect(getGeneralizedIndex(BeaconStateElectra, 'next_sync_committee')).toBe(87);
  });

  it('BeaconBlockBody: EXECUTION_PAYLOAD_GINDEX 25', () => {
    expect(BeaconBlockBodyDeneb.getFieldGindex('executionPayload')).toBe(25);
    expect(getGeneralizedIndex(BeaconBlockBodyDeneb, 'execution_payload')).toBe(25);
  });

  it('branch depths and subtree indices of those gindices', () => {
    expect([floorLog2(105), getSubtreeIndex(105)]).toEqual([6, 41]);
    expect([floorLog2(54), getSubtreeIndex(54)]).toEqual([5, 22]);
    expect([floorLog2(169), getSubtreeIndex(169)]).toEqual([7, 41]);
    expect([floorLog2(86), getSubtreeIndex(86)]).toEqual([6, 22]);
    expect([floorLog2(25), getSubtreeIndex(25)]).toEqual([4, 9]);
  });
});

describe('gindex helpers', () => {
  it('floorLog2 is exact up to 2^53', () => {
    expect(floorLog2(1)).toBe(0);
    expect(floorLog2(2)).toBe(1);
    expect(floorLog2(3)).toBe(1);
    for (let d = 0; d < 53; d++) {
      expect(floorLog2(2 ** d)).toBe(d);
      if (d > 1) expect(floorLog2(2 ** d - 1)).toBe(d - 1);
    }
    expect(floorLog2(Number.MAX_SAFE_INTEGER)).toBe(52);
    expect(() => floorLog2(0)).toThrow(InputError);
    expect(() => floorLog2(1.5)).toThrow(InputError);
    expect(() => floorLog2(2 ** 53)).toThrow(InputError);
  });

  it('concatGeneralizedIndices', () => {
    expect(concatGeneralizedIndices()).toBe(1);
    expect(concatGeneralizedIndices(1, 1)).toBe(1);
    expect(concatGeneralizedIndices(2, 3)).toBe(5);
    expect(concatGeneralizedIndices(25, 2, 3)).toBe(25 * 4 + 1);
    expect(() => concatGeneralizedIndices(2 ** 40, 2 ** 20)).toThrow(InputError);
  });

  it('agrees with @chainsafe/ssz getPathInfo on list, vector and bytes paths', () => {
    const Inner = Container({ a: uint16, roots: Vector(Bytes32, 3), bits: Bitlist(600) });
    const Outer = Container({ xs: List(uint64, 100), inners: List(Inner, 10), data: ByteList(1000), tag: uint16 });
    const CInner = new cs.ContainerType({
      a: new cs.UintNumberType(2),
      roots: new cs.VectorCompositeType(new cs.ByteVectorType(32), 3),
      bits: new cs.BitListType(600),
    });
    const COuter = new cs.ContainerType({
      xs: new cs.ListBasicType(new cs.UintBigintType(8), 100),
      inners: new cs.ListCompositeType(CInner, 10),
      data: new cs.ByteListType(1000),
      tag: new cs.UintNumberType(2),
    });
    const paths: (string | number)[][] = [['xs'], ['xs', 0], ['xs', 5], ['xs', 99], ['inners', 3], ['inners', 9, 'roots', 2], ['inners', 1, 'a'], ['data']];
    for (const p of paths) expect(getGeneralizedIndex(Outer, ...p)).toBe(Number(COuter.getPathInfo(p).gindex));
    // Into bytes (which @chainsafe/ssz does not walk): field 6, list ×2, 32 chunks, chunk i/32.
    expect(getGeneralizedIndex(Outer, 'data', 999)).toBe(6 * 2 * 32 + 31);
    expect(getGeneralizedIndex(Outer, 'data', 33)).toBe(6 * 2 * 32 + 1);
    // '__len__' is the right child of a list's root.
    expect(getGeneralizedIndex(Outer, 'xs', '__len__')).toBe(getGeneralizedIndex(Outer, 'xs') * 2 + 1);
    expect(getGeneralizedIndex(Outer, 'inners', 2, 'bits', '__len__')).toBe(getGeneralizedIndex(Outer, 'inners', 2, 'bits') * 2 + 1);
  });

  it('rejects paths that do not exist', () => {
    const C = Container({ a: uint64, xs: List(uint64, 4) });
    expect(() => getGeneralizedIndex(C, 'b')).toThrow(InputError);
    expect(() => getGeneralizedIndex(C, 'a', 0)).toThrow(InputError);
    expect(() => getGeneralizedIndex(C, 'xs', 4)).toThrow(InputError);
    expect(() => getGeneralizedIndex(C, 'xs', -1)).toThrow(InputError);
    expect(() => getGeneralizedIndex(C, '__len__')).toThrow(InputError);
    expect(() => C.getFieldGindex('b' as never)).toThrow(InputError);
  });
});

describe('branches out of a BeaconState-like value (what the devnet serves)', () => {
  type State = typeof BeaconStateDeneb | typeof BeaconStateElectra;
  function check(State: State, gFinal: number, gCurrent: number, gNext: number): void {
    const state = State.defaultValue();
    state.slot = 1234n;
    state.finalizedCheckpoint = { epoch: 37n, root: new Uint8Array(32).fill(0xab) };
    state.currentSyncCommittee.pubkeys = state.currentSyncCommittee.pubkeys.map((_, i) => new Uint8Array(48).fill(i & 0xff));
    state.nextSyncCommittee.aggregatePubkey = new Uint8Array(48).fill(7);
    state.balances = [32n * 10n ** 9n, 1n];
    const root = (State as typeof BeaconStateDeneb).hashTreeRoot(state);

    const fin = createBranch(State as typeof BeaconStateDeneb, state, 'finalized_checkpoint', 'root');
    expect(fin.gindex).toBe(gFinal);
    expect(bytesToHex(fin.leaf)).toBe(bytesToHex(state.finalizedCheckpoint.root));
    expect(bytesToHex(fin.root)).toBe(bytesToHex(root));
    expect(isValidMerkleBranch(fin.leaf, fin.branch, floorLog2(gFinal), getSubtreeIndex(gFinal), root)).toBe(true);

    const cur = createBranch(State as typeof BeaconStateDeneb, state, 'currentSyncCommittee');
    expect(cur.gindex).toBe(gCurrent);
    expect(bytesToHex(cur.leaf)).toBe(bytesToHex(State.fields.currentSyncCommittee.hashTreeRoot(state.currentSyncCommittee)));
    expect(isValidMerkleBranch(cur.leaf, cur.branch, floorLog2(gCurrent), getSubtreeIndex(gCurrent), root)).toBe(true);

    const next = createBranch(State as typeof BeaconStateDeneb, state, 'next_sync_committee');
    expect(next.gindex).toBe(gNext);
    expect(isValidMerkleBranch(next.leaf, next.branch, floorLog2(gNext), getSubtreeIndex(gNext), root)).toBe(true);
    // The two committees are each other's first sibling.
    expect(bytesToHex(next.branch[0]!)).toBe(bytesToHex(cur.leaf));
  }

  it('finalized_checkpoint.root and both sync committees, Deneb', () => check(BeaconStateDeneb, 105, 54, 55));
  it('finalized_checkpoint.root and both sync committees, Electra', () => check(BeaconStateElectra, 169, 86, 87));
});
