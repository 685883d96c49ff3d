/**
 * Blobs on the beacon devnet at Deneb and Electra: the block body commits to the EL block's
 * commitments, and the Beacon API serves blob sidecars (JSON and SSZ, `indices`) and blobs
 * (`versioned_hashes`) whose inclusion proofs verify against the header's body root at the
 * gindex @lodestar/types 1.50 gives, whose shapes Lodestar reads, and whose blobs verify against
 * their commitments with micro-eth-signer's KZG. An EL without devnet_getBlobsBundle: no blobs.
 */
import { ssz } from '@lodestar-next/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { kzgToVersionedHash } from '../../../src/devnet/beacon/blobs.ts';
import { executionPayloadType } from '../../../src/devnet/beacon/containers.ts';
import { ExecutionClient } from '../../../src/devnet/beacon/execution.ts';
import { DEVNET_PRESETS } from '../../../src/devnet/beacon/presets.ts';
import { devnetKzg } from '../../../src/devnet/kzg.ts';
import { type BlobChain, bundleOf, makeBlobs, startBlobChain, type TestBlob, verifyBranch } from './beacon/blobs-fixture.ts';

const l = ssz as any;
let blobs: TestBlob[];

beforeAll(() => {
  blobs = makeBlobs(['first blob ', 'second blob '], false);
});

describe.each(['deneb', 'electra'] as const)('beacon devnet blobs, %s', (fork) => {
  const types = l[fork];
  let t: BlobChain;
  /** Block roots by slot. */
  const root = (slot: bigint) => t.chain.data.bySlot(slot)!.rootHex;

  beforeAll(async () => {
    t = await startBlobChain({ fork });
    t.el.bundles.set(2, bundleOf(blobs, 0));
    t.el.bundles.set(3, bundleOf([blobs[1]!], 0));
    for (let slot = 1n; slot <= 4n; slot++) await t.chain.produce(slot);
  });
  afterAll(() => t?.close());

  it('blob sidecars: the blobs, their commitments and proofs, the signed header, inclusion proofs to its body root', async () => {
    const res = await t.get(`/eth/v1/beacon/blob_sidecars/${root(2n)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('eth-consensus-version')).toBe(fork);
    const json = await res.json();
    expect(json).toMatchObject({ version: fork, execution_optimistic: false, finalized: false });
    expect(json.data).toHaveLength(2);
    const sidecars = json.data.map((d: unknown) => types.BlobSidecar.fromJson(d));
    // Lodestar reads back what was served, field for field.
    expect(sidecars.map((s: unknown) => types.BlobSidecar.toJson(s))).toEqual(json.data);
    const gindex = (i: number) => BigInt(types.BeaconBlockBody.getPathInfo(['blobKzgCommitments', i]).gindex);
    sidecars.forEach((s: any, i: number) => {
      expect(Number(s.index)).toBe(i);
      expect(bytesToHex(s.blob)).toBe(blobs[i]!.blob);
      expect(bytesToHex(s.kzgCommitment)).toBe(blobs[i]!.commitment);
      expect(bytesToHex(s.kzgProof)).toBe(blobs[i]!.proof);
      const header = s.signedBlockHeader.message;
      expect(bytesToHex(ssz.phase0.BeaconBlockHeader.hashTreeRoot(header))).toBe(root(2n));
      expect(s.kzgCommitmentInclusionProof).toHaveLength(17);
      const leaf = types.KZGCommitment.hashTreeRoot(s.kzgCommitment);
      expect(verifyBranch(leaf, s.kzgCommitmentInclusionProof, gindex(i), header.bodyRoot)).toBe(true);
      // The same proof does not place the commitment at the other index.
      expect(verifyBranch(leaf, s.kzgCommitmentInclusionProof, gindex(1 - i), header.bodyRoot)).toBe(false);
    });
    const hex = (b: Uint8Array) => bytesToHex(b);
    expect(devnetKzg().verifyBlobProofBatch(sidecars.map((s: any) => hex(s.blob)), sidecars.map((s: any) => hex(s.kzgCommitment)), sidecars.map((s: any) => hex(s.kzgProof)))).toBe(true);
  });

  it('a block with one blob; a block with none; in SSZ, the same sidecars', async () => {
    const one = await (await t.get(`/eth/v1/beacon/blob_sidecars/3`)).json();
    expect(one.data.map((d: any) => [d.index, d.kzg_commitment])).toEqual([['0', blobs[1]!.commitment]]);
    const header = ssz.phase0.BeaconBlockHeader.fromJson(one.data[0].signed_block_header.message);
    const leaf = types.KZGCommitment.hashTreeRoot(hexToBytes(one.data[0].kzg_commitment));
    expect(verifyBranch(leaf, one.data[0].kzg_commitment_inclusion_proof.map((x: string) => hexToBytes(x)), BigInt(types.BeaconBlockBody.getPathInfo(['blobKzgCommitments', 0]).gindex), header.bodyRoot)).toBe(true);

    for (const id of ['1', '4', 'genesis', 'head']) {
      expect((await (await t.get(`/eth/v1/beacon/blob_sidecars/${id}`)).json()).data).toEqual([]);
      expect((await (await t.get(`/eth/v1/beacon/blobs/${id}`)).json()).data).toEqual([]);
    }

    const res = await t.get(`/eth/v1/beacon/blob_sidecars/${root(2n)}`, 'ssz');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('eth-consensus-version')).toBe(fork);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const decoded = types.BlobSidecars.deserialize(bytes);
    const json = await (await t.get(`/eth/v1/beacon/blob_sidecars/${root(2n)}`)).json();
    expect(types.BlobSidecars.toJson(decoded)).toEqual(json.data);
  });

  it('indices pick sidecars (repeated or comma-separated); unknown ones are left out; malformed ones are refused', async () => {
    const indices = async (query: string) => (await (await t.get(`/eth/v1/beacon/blob_sidecars/2?${query}`)).json()).data.map((d: any) => d.index);
    expect(await indices('indices=1')).toEqual(['1']);
    expect(await indices('indices=1,0')).toEqual(['0', '1']);
    expect(await indices('indices=0&indices=1')).toEqual(['0', '1']);
    expect(await indices('indices=7')).toEqual([]);
    expect((await t.get('/eth/v1/beacon/blob_sidecars/2?indices=x')).status).toBe(400);
  });

  it('blobs: all, or those of versioned_hashes, in commitment order; JSON and SSZ', async () => {
    const all = await (await t.get(`/eth/v1/beacon/blobs/${root(2n)}`)).json();
    expect(all).toEqual({ execution_optimistic: false, finalized: false, data: blobs.map((b) => b.blob) });
    const vh = (b: TestBlob) => bytesToHex(kzgToVersionedHash(hexToBytes(b.commitment)));
    const second = await (await t.get(`/eth/v1/beacon/blobs/2?versioned_hashes=${vh(blobs[1]!)}`)).json();
    expect(second.data).toEqual([blobs[1]!.blob]);
    const both = await (await t.get(`/eth/v1/beacon/blobs/2?versioned_hashes=${vh(blobs[1]!)},${vh(blobs[0]!)}`)).json();
    expect(both.data).toEqual(blobs.map((b) => b.blob));
    expect((await (await t.get(`/eth/v1/beacon/blobs/2?versioned_hashes=0x${'00'.repeat(32)}`)).json()).data).toEqual([]);
    expect((await t.get('/eth/v1/beacon/blobs/2?versioned_hashes=0x12')).status).toBe(400);
    const ssz = new Uint8Array(await (await t.get('/eth/v1/beacon/blobs/2', 'ssz')).arrayBuffer());
    expect(l.deneb.Blobs.deserialize(ssz).map(bytesToHex)).toEqual(blobs.map((b) => b.blob));
    // The versioned hash is EIP-4844's: 0x01 and sha256 of the commitment after it.
    expect(vh(blobs[0]!).slice(0, 4)).toBe('0x01');
  });

  it('unknown blocks 404, malformed ids 400, data columns are not this fork\'s (400)', async () => {
    for (const path of ['blob_sidecars', 'blobs']) {
      expect((await t.get(`/eth/v1/beacon/${path}/0x${'ab'.repeat(32)}`)).status).toBe(404);
      expect((await t.get(`/eth/v1/beacon/${path}/99`)).status).toBe(404);
      expect((await t.get(`/eth/v1/beacon/${path}/current`)).status).toBe(400);
    }
    const res = await t.get(`/eth/v1/debug/beacon/data_column_sidecars/2`);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/blob_sidecars/);
  });
});

describe('beacon devnet blobs: bundles kept for a few blocks, read again from the EL; an EL without the method', () => {
  it('an older block\'s sidecars come from the EL again, the same', async () => {
    const t = await startBlobChain({ fork: 'electra' });
    try {
      for (let n = 1; n <= 7; n++) t.el.bundles.set(n, bundleOf(n % 2 ? blobs : [blobs[0]!], 0));
      for (let slot = 1n; slot <= 7n; slot++) await t.chain.produce(slot);
      expect(t.chain.blobs.size).toBe(7);
      const asked = () => t.el.calls.filter((c) => c === 'devnet_getBlobsBundle').length;
      // Each mined block's bundle was read once, when it was mined.
      expect(asked()).toBe(7);
      const recent = await (await t.get('/eth/v1/beacon/blob_sidecars/7')).json();
      expect(asked()).toBe(7);
      const old = await (await t.get('/eth/v1/beacon/blob_sidecars/1')).json();
      expect(asked()).toBe(8);
      expect(old.data.map((d: any) => d.kzg_commitment)).toEqual(recent.data.map((d: any) => d.kzg_commitment));
      expect(old.data[1].blob).toBe(blobs[1]!.blob);
    } finally {
      await t.close();
    }
  });

  it("a block with blobs stays served by its root after the light-client store's recent blocks (an escape rebuilds from every batch's blob); one without is not", async () => {
    const t = await startBlobChain({ fork: 'electra', preset: DEVNET_PRESETS.minimal });
    try {
      t.el.bundles.set(2, bundleOf(blobs, 0));
      for (let slot = 1n; slot <= 3n; slot++) await t.chain.produce(slot);
      const [withBlobs, without] = [t.chain.data.bySlot(2n)!.rootHex, t.chain.data.bySlot(3n)!.rootHex];
      // Past 8 epochs of minimal-preset slots: the store prunes both.
      for (let slot = 4n; slot <= 80n; slot++) await t.chain.produce(slot);
      expect(t.chain.data.get(withBlobs)).toBeUndefined();
      const old = await t.get(`/eth/v1/beacon/blob_sidecars/${withBlobs}`);
      expect(old.status).toBe(200);
      expect((await old.json()).data.map((d: any) => d.blob)).toEqual(blobs.map((b) => b.blob));
      expect((await t.get(`/eth/v1/beacon/blob_sidecars/${without}`)).status).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('a bundle that does not fit its block is refused: proofs of the wrong wrapper, blobs its blob gas does not count', async () => {
    const t = await startBlobChain({ fork: 'electra' });
    try {
      t.el.bundles.set(1, { ...bundleOf(blobs, 0), wrapperVersion: '0x1' });
      await expect(t.chain.produce(1n)).rejects.toThrow(/2 blobs expected as many commitments and 128 proofs each, got 2 and 2/);
      // A wrapper version that is not a quantity of 0 or 1 (the node prints quantities).
      t.el.bundles.set(1, { ...bundleOf(blobs, 0), wrapperVersion: 0 as unknown as '0x0' });
      await expect(t.chain.produce(1n)).rejects.toThrow(/"wrapperVersion" expected 0x0 or 0x1, got number 0/);
      const el = new ExecutionClient(t.el.url, executionPayloadType(DEVNET_PRESETS.mainnet));
      // Block 1 was mined (its bundle refused): its blob gas counts two blobs, its bundle now holds one.
      t.el.bundles.set(1, bundleOf([blobs[0]!], 0));
      await expect(el.latest()).rejects.toThrow(/used 262144 blob gas, its bundle holds 1 blobs/);
      expect(await el.blobsBundle(hexToBytes('0x' + 'ee'.repeat(32)))).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
