/**
 * Differential: the devnet's Gloas BeaconState and BeaconBlockBody (progressive containers built
 * by src/devnet/beacon/progressive.ts) against an independent implementation, @lodestar/types 1.50
 * (installed as @lodestar-next/types; mainnet preset, as it loads by default). The same values,
 * carried over as Beacon API JSON, must give the same hash_tree_root, and the branches the devnet
 * serves at 735, 2945, 2946 (state) and 2856 (body) must be the ones cut from Lodestar's trees.
 */
import { ssz as next } from '@lodestar-next/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { BeaconChain } from '../../../src/devnet/beacon/chain.ts';
import { executionPayloadType } from '../../../src/devnet/beacon/containers.ts';
import { ExecutionClient } from '../../../src/devnet/beacon/execution.ts';
import { executionPayloadBid, gloasBody, gloasExecutionBranch } from '../../../src/devnet/beacon/gloas-block.ts';
import { gloasTypes } from '../../../src/devnet/beacon/gloas-containers.ts';
import { DEVNET_PRESETS } from '../../../src/devnet/beacon/presets.ts';
import {
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  FINALIZED_ROOT_GINDEX_GLOAS,
  isGloasHeader,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
} from '../../../src/l1/containers.ts';
import { isValidNormalizedMerkleBranch } from '../../../src/l1/spec/helpers.ts';
import { type FakeEl, startFakeEl } from './beacon/fake-el.ts';

const g = next.gloas as any;
const mainnet = DEVNET_PRESETS.mainnet;
const types = gloasTypes(mainnet);
const hex = (nodes: Uint8Array[]) => nodes.map(bytesToHex);

/** Lodestar's branch at `gindex` of `value` (its own tree), leaf side first. */
const lodestarBranch = (type: any, value: any, gindex: number): Uint8Array[] => type.toView(value).tree.getSingleProof(BigInt(gindex));

let el: FakeEl;
let chain: BeaconChain;

beforeAll(async () => {
  el = await startFakeEl();
  chain = await BeaconChain.create({
    log: () => {},
    fork: 'fulu',
    preset: mainnet,
    secondsPerSlot: 1,
    now: Date.now,
    seed: 'gloas-lodestar',
    el: new ExecutionClient(el.url, executionPayloadType(mainnet)),
    historyPeriods: 1,
    gloasEpoch: 1n,
  });
  // Into epoch 1 (Gloas) with one payload withheld on the way, so both of the parent's cases are in the state.
  while (chain.head.slot < 36n) {
    chain.withholdPayload = chain.head.slot === 33n;
    await chain.produce(chain.head.slot + 1n);
  }
});
afterAll(async () => {
  await el?.close();
});

describe('devnet Gloas containers against @lodestar/types 1.50 (mainnet)', () => {
  it('the same BeaconState root, and the branches at 735, 2945, 2946 are Lodestar\'s', () => {
    const state = chain.state;
    expect(state.isGloas).toBe(true);
    expect(types.BeaconState.fieldNames).toHaveLength(46);
    const value = state.toValue();
    const theirs = g.BeaconState.fromJson(types.BeaconState.toJson(value));
    expect(bytesToHex(g.BeaconState.hashTreeRoot(theirs))).toBe(bytesToHex(state.root()));
    expect(bytesToHex(chain.head.header.stateRoot)).toBe(bytesToHex(state.root()));
    // What the state holds is what the chain did: the fork, the block delivered before the head
    // (the head's own payload is applied by the next block), the head's bid naming its own.
    expect(theirs.fork.epoch).toBe(1);
    expect(bytesToHex(theirs.latestBlockHash)).toBe(bytesToHex((chain.head.lcHeader as { executionBlockHash: Uint8Array }).executionBlockHash));
    expect(bytesToHex(theirs.latestExecutionPayloadBid.blockHash)).toBe(bytesToHex(chain.head.payload!.blockHash));
    expect(theirs.latestExecutionPayloadBid.slot).toBe(36);
    const head = chain.head;
    expect(hex(head.finalityBranch)).toEqual(hex(lodestarBranch(g.BeaconState, theirs, FINALIZED_ROOT_GINDEX_GLOAS)));
    expect(hex(head.currentCommitteeBranch)).toEqual(hex(lodestarBranch(g.BeaconState, theirs, CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS)));
    expect(hex(head.nextCommitteeBranch)).toEqual(hex(lodestarBranch(g.BeaconState, theirs, NEXT_SYNC_COMMITTEE_GINDEX_GLOAS)));
  });

  it('the same BeaconBlockBody root, and the branch at 2856 to the bid\'s parent_block_hash is Lodestar\'s', () => {
    const head = chain.head;
    const bid = executionPayloadBid(types, {
      slot: head.slot + 1n,
      parentRoot: head.root,
      parentBlockHash: head.elHead.blockHash,
      exec: null,
    });
    const body = gloasBody(types, { eth1Data: { depositRoot: new Uint8Array(32).fill(1), depositCount: 7n, blockHash: new Uint8Array(32).fill(2) }, graffiti: new Uint8Array(32).fill(3), syncAggregate: head.syncAggregate }, bid);
    const { root, branch } = gloasExecutionBranch(types, body);
    const theirs = g.BeaconBlockBody.fromJson(types.BeaconBlockBody.toJson(body));
    expect(bytesToHex(g.BeaconBlockBody.hashTreeRoot(theirs))).toBe(bytesToHex(root));
    expect(hex(branch)).toEqual(hex(lodestarBranch(g.BeaconBlockBody, theirs, EXECUTION_BLOCK_HASH_GINDEX_GLOAS)));
    expect(isValidNormalizedMerkleBranch(bid.parentBlockHash, branch, EXECUTION_BLOCK_HASH_GINDEX_GLOAS, root)).toBe(true);
  });

  it('every Gloas header the chain made proves its hash at 2856 against its body root', () => {
    for (let slot = 32n; slot <= chain.head.slot; slot++) {
      const b = chain.data.bySlot(slot)!;
      expect(isGloasHeader(b.lcHeader)).toBe(true);
      if (!isGloasHeader(b.lcHeader)) continue;
      expect(isValidNormalizedMerkleBranch(b.lcHeader.executionBlockHash, b.lcHeader.executionBranch, EXECUTION_BLOCK_HASH_GINDEX_GLOAS, b.header.bodyRoot)).toBe(true);
    }
    // Slot 34's payload was withheld: slots 34 and 35 prove the same block, mined at slot 33.
    const proven = (s: bigint) => bytesToHex((chain.data.bySlot(s)!.lcHeader as { executionBlockHash: Uint8Array }).executionBlockHash);
    expect(proven(35n)).toBe(proven(34n));
    expect(proven(34n)).toBe(String(el.blocks[33]!.hash));
    expect(chain.data.bySlot(34n)!.payload).toBeNull();
  });
});
