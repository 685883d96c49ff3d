/**
 * Blobs on the beacon devnet at Fulu and Gloas (mainnet preset, Gloas from epoch 1): a Fulu body
 * and a Gloas bid commit to the EL block's commitments, and the Beacon API serves data column
 * sidecars (JSON and SSZ, `indices`): column i holds each blob's cell i and its cell proof, which
 * micro-eth-signer's verifyCellKzgProofBatch accepts; Fulu's inclusion proof verifies against the
 * header's body root at @lodestar/types 1.50's gindex; Gloas's sidecar names its block by slot and
 * root, and Lodestar's own roots of the Gloas state and body show the bid holding the commitments.
 */
import { ssz } from '@lodestar-next/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { gloasBody } from '../../../src/devnet/beacon/gloas-block.ts';
import { gloasTypes } from '../../../src/devnet/beacon/gloas-containers.ts';
import { DEVNET_PRESETS } from '../../../src/devnet/beacon/presets.ts';
import { devnetKzg } from '../../../src/devnet/kzg.ts';
import { type BlobChain, bundleOf, makeBlobs, startBlobChain, type TestBlob, verifyBranch } from './beacon/blobs-fixture.ts';

const l = ssz as any;
const GLOAS_SLOT = 33n;
let blobs: TestBlob[];
let t: BlobChain;
const root = (slot: bigint) => t.chain.data.bySlot(slot)!.rootHex;
const hex = (b: Uint8Array) => bytesToHex(b);

/** verify_data_column_sidecar_kzg_proofs over every cell of these sidecars. */
function cellsVerify(sidecars: { index: number | bigint; column: Uint8Array[]; kzgProofs: Uint8Array[] }[], commitments: string[]): boolean {
  const args = { commitments: [] as string[], indices: [] as number[], cells: [] as string[], proofs: [] as string[] };
  for (const s of sidecars) {
    s.column.forEach((cell, b) => {
      args.commitments.push(commitments[b]!);
      args.indices.push(Number(s.index));
      args.cells.push(hex(cell));
      args.proofs.push(hex(s.kzgProofs[b]!));
    });
  }
  return devnetKzg().verifyCellKzgProofBatch(args.commitments, args.indices, args.cells, args.proofs);
}

beforeAll(async () => {
  // Once for the file: 128 cell proofs a blob take seconds.
  blobs = makeBlobs(['first blob ', 'second blob '], true);
  t = await startBlobChain({ fork: 'fulu', gloasEpoch: 1n });
  t.el.bundles.set(2, bundleOf(blobs, 1));
  t.el.bundles.set(Number(GLOAS_SLOT), bundleOf([blobs[1]!], 1));
  while (t.chain.head.slot < GLOAS_SLOT) await t.chain.produce(t.chain.head.slot + 1n);
});
afterAll(() => t?.close());

describe('beacon devnet data columns, Fulu', () => {
  it('128 sidecars: each blob\'s cell and cell proof, the commitments and their inclusion proof to the header\'s body root', async () => {
    const res = await t.get(`/eth/v1/debug/beacon/data_column_sidecars/${root(2n)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('eth-consensus-version')).toBe('fulu');
    const json = await res.json();
    expect(json).toMatchObject({ version: 'fulu', execution_optimistic: false, finalized: false });
    expect(json.data).toHaveLength(128);
    const sidecars = json.data.map((d: unknown) => l.fulu.DataColumnSidecar.fromJson(d));
    expect(sidecars.map((s: unknown) => l.fulu.DataColumnSidecar.toJson(s))).toEqual(json.data);
    const gindex = BigInt(l.fulu.BeaconBlockBody.getPathInfo(['blobKzgCommitments']).gindex);
    const cells = blobs.map((b) => devnetKzg().computeCells(b.blob));
    sidecars.forEach((s: any, c: number) => {
      expect(Number(s.index)).toBe(c);
      expect(s.kzgCommitments.map(hex)).toEqual(blobs.map((b) => b.commitment));
      expect(s.column.map(hex)).toEqual(cells.map((row) => row[c]));
      expect(s.kzgProofs.map(hex)).toEqual(blobs.map((b) => b.cellProofs![c]));
      const header = s.signedBlockHeader.message;
      expect(hex(ssz.phase0.BeaconBlockHeader.hashTreeRoot(header))).toBe(root(2n));
      expect(s.kzgCommitmentsInclusionProof).toHaveLength(4);
      expect(verifyBranch(l.fulu.BlobKzgCommitments.hashTreeRoot(s.kzgCommitments), s.kzgCommitmentsInclusionProof, gindex, header.bodyRoot)).toBe(true);
    });
    expect(cellsVerify(sidecars, blobs.map((b) => b.commitment))).toBe(true);
    // A cell under another column's index does not verify.
    expect(cellsVerify([{ ...sidecars[0], index: 1 }], blobs.map((b) => b.commitment))).toBe(false);
  });

  it('indices, SSZ, blobs; blob sidecars are not Fulu\'s (400); a block without blobs has no columns', async () => {
    const picked = await (await t.get('/eth/v1/debug/beacon/data_column_sidecars/2?indices=127,0')).json();
    expect(picked.data.map((d: any) => d.index)).toEqual(['0', '127']);
    expect((await t.get('/eth/v1/debug/beacon/data_column_sidecars/2?indices=128')).status).toBe(400);

    const res = await t.get('/eth/v1/debug/beacon/data_column_sidecars/2?indices=5', 'ssz');
    expect(res.headers.get('eth-consensus-version')).toBe('fulu');
    const decoded = l.fulu.DataColumnSidecars.deserialize(new Uint8Array(await res.arrayBuffer()));
    const json = await (await t.get('/eth/v1/debug/beacon/data_column_sidecars/2?indices=5')).json();
    expect(l.fulu.DataColumnSidecars.toJson(decoded)).toEqual(json.data);

    expect((await (await t.get('/eth/v1/beacon/blobs/2')).json()).data).toEqual(blobs.map((b) => b.blob));
    expect((await t.get('/eth/v1/beacon/blob_sidecars/2')).status).toBe(400);
    expect((await (await t.get('/eth/v1/debug/beacon/data_column_sidecars/1')).json()).data).toEqual([]);
    expect((await t.get(`/eth/v1/debug/beacon/data_column_sidecars/0x${'cd'.repeat(32)}`)).status).toBe(404);
  });
});

describe('beacon devnet data columns, Gloas', () => {
  it('the bid holds the commitments: Lodestar\'s roots of the state and the body are the header\'s', () => {
    const head = t.chain.head;
    expect(head.slot).toBe(GLOAS_SLOT);
    const types = gloasTypes(DEVNET_PRESETS.mainnet);
    const state = t.chain.state.toValue() as any;
    const theirs = l.gloas.BeaconState.fromJson(types.BeaconState.toJson(state));
    expect(hex(l.gloas.BeaconState.hashTreeRoot(theirs))).toBe(hex(head.header.stateRoot));
    const bid = theirs.latestExecutionPayloadBid;
    expect(Number(bid.slot)).toBe(Number(GLOAS_SLOT));
    expect(bid.blobKzgCommitments.map(hex)).toEqual([blobs[1]!.commitment]);
    // The block's body, rebuilt around that bid, has the header's body root.
    const graffiti = new Uint8Array(32);
    graffiti.set(new TextEncoder().encode('vigil devnet'));
    const body = gloasBody(types, { eth1Data: state.eth1Data, graffiti, syncAggregate: head.syncAggregate }, state.latestExecutionPayloadBid);
    expect(hex(l.gloas.BeaconBlockBody.hashTreeRoot(l.gloas.BeaconBlockBody.fromJson(types.BeaconBlockBody.toJson(body))))).toBe(hex(head.header.bodyRoot));
  });

  it('128 sidecars naming the block by slot and root, their cells verifying against the bid\'s commitments; SSZ', async () => {
    const res = await t.get(`/eth/v1/debug/beacon/data_column_sidecars/head`);
    expect(res.status).toBe(200);
    expect(res.headers.get('eth-consensus-version')).toBe('gloas');
    const json = await res.json();
    expect(json.version).toBe('gloas');
    expect(json.data).toHaveLength(128);
    expect(Object.keys(json.data[0]).sort()).toEqual(['beacon_block_root', 'column', 'index', 'kzg_proofs', 'slot']);
    const sidecars = json.data.map((d: unknown) => l.gloas.DataColumnSidecar.fromJson(d));
    expect(sidecars.map((s: unknown) => l.gloas.DataColumnSidecar.toJson(s))).toEqual(json.data);
    for (const s of sidecars) {
      expect(Number(s.slot)).toBe(Number(GLOAS_SLOT));
      expect(hex(s.beaconBlockRoot)).toBe(root(GLOAS_SLOT));
      expect(s.column).toHaveLength(1);
    }
    expect(cellsVerify(sidecars, [blobs[1]!.commitment])).toBe(true);

    const bytes = new Uint8Array(await (await t.get('/eth/v1/debug/beacon/data_column_sidecars/head?indices=3,4', 'ssz')).arrayBuffer());
    const decoded = l.gloas.DataColumnSidecars.deserialize(bytes);
    expect(l.gloas.DataColumnSidecars.toJson(decoded)).toEqual(json.data.slice(3, 5));
    // Progressive lists: Lodestar's root of a served sidecar is the devnet's.
    expect(hex(l.gloas.DataColumnSidecar.hashTreeRoot(sidecars[3]))).toBe(
      hex(t.chain.blobs.types.GloasDataColumnSidecar.hashTreeRoot(t.chain.blobs.types.GloasDataColumnSidecar.fromJson(json.data[3]))),
    );
    expect((await (await t.get('/eth/v1/beacon/blobs/head')).json()).data).toEqual([blobs[1]!.blob]);
    // The first Gloas slot's EL block had none.
    expect((await (await t.get(`/eth/v1/debug/beacon/data_column_sidecars/${root(32n)}`)).json()).data).toEqual([]);
  });
});
