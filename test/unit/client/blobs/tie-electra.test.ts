/**
 * The blob tie and the whole-blob endpoint before Fulu, on the devnet's Electra chain (mainnet
 * preset, fake EL): blob sidecars at the transaction's places, each one's inclusion proof into the
 * body of the root N+1 names; with none served, the block (getBlockV2) itself; the blobs served
 * whole with their proofs (the bad-cell fault: a blob whose proof fails); lies refused by code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BeaconBlobEndpoint } from '../../../../src/client/blobs/endpoints.ts';
import { type TieDeps, tieBlobs } from '../../../../src/client/blobs/tie.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { kzgReady, verifyBlobKzgProofBatch } from '../../../../src/crypto/kzg.ts';
import { type BeaconServer, startBeaconServer } from '../../../../src/devnet/beacon/server.ts';
import { RestBeaconBlobs } from '../../../../src/rpc/beacon-blobs.ts';
import { type BlobChain, bundleOf, makeBlobs, startBlobChain, type TestBlob } from '../../devnet/beacon/blobs-fixture.ts';
import { code, lying, tieChainFor, txHash } from './tie-fixture.ts';

const SLOT = 3n;
let blobs: TestBlob[];
let t: BlobChain;
let server: BeaconServer;
const faults = { withholdUpdates: false, delayUpdatesMs: 0, invalidSignature: false, finalityStall: false, participation: 1, forgedBranch: false, withholdPayload: false, withholdColumns: 'off', badCell: 'off' } as const;

beforeAll(async () => {
  await kzgReady();
  blobs = makeBlobs(['one ', 'two ', 'three '], false);
  t = await startBlobChain({ fork: 'electra' });
  t.el.bundles.set(Number(SLOT), bundleOf(blobs, 0));
  while (t.chain.head.slot < SLOT + 1n) await t.chain.produce(t.chain.head.slot + 1n);
  server = await startBeaconServer(t.chain, { ...faults }, '127.0.0.1', 0, 'mirror');
});
afterAll(async () => {
  await server?.close();
  await t?.close();
});

const n = () => t.chain.data.bySlot(SLOT)!.payload!.blockNumber;
const deps = (over: Partial<TieDeps> = {}): TieDeps => ({ chain: tieChainFor(t), config: t.chain.config, beacon: [new RestBeaconBlobs(t.server.url)], ...over });
const ours = { hash: bytesToHex(txHash(3)) };

describe('tieBlobs, Electra', () => {
  it('blob sidecars at the transaction\'s places, each proven into the body of the root N+1 names', async () => {
    const proven = await tieBlobs(deps(), { ...ours, blockNumber: n() });
    expect(proven).toMatchObject({ fork: 'electra', slot: SLOT, beaconRoot: t.chain.data.bySlot(SLOT)!.rootHex });
    expect(proven.blobs.map((b) => [b.index, bytesToHex(b.commitment)])).toEqual([
      [1, blobs[1]!.commitment],
      [2, blobs[2]!.commitment],
    ]);
    expect(proven.checked.join('\n')).toMatch(/verify_blob_sidecar_inclusion_proof/);
  });

  it('no sidecars served: the Electra block itself; a sidecar of another header or out of its body refused', async () => {
    const none = lying(t.server.url, { blobs: (j) => ({ ...j, data: [] }) });
    expect((await tieBlobs(deps({ beacon: [none] }), { ...ours, blockNumber: n() })).checked.join('\n')).toMatch(/execution payload is block/);
    const foreign = lying(t.server.url, { blobs: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, signed_block_header: { ...d.signed_block_header, message: { ...d.signed_block_header.message, proposer_index: '1' } } })) }) });
    expect(await code(tieBlobs(deps({ beacon: [foreign] }), { ...ours, blockNumber: n() }))).toBe('BLOB_TIE_ROOT_MISMATCH');
    const moved = lying(t.server.url, { blobs: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, kzg_commitment: j.data[0].kzg_commitment })) }) });
    expect(await code(tieBlobs(deps({ beacon: [moved] }), { ...ours, blockNumber: n() }))).toBe('SIDECAR_INCLUSION_PROOF_INVALID');
  });
});

describe('BeaconBlobEndpoint.wholeBlobs, Electra', () => {
  it('the transaction\'s blobs with their proofs, which verify; the bad-cell fault\'s do not; withheld: none', async () => {
    const proven = await tieBlobs(deps(), { ...ours, blockNumber: n() });
    const e = new BeaconBlobEndpoint(new RestBeaconBlobs(server.url));
    const served = await e.wholeBlobs(proven);
    expect(served.map((b) => b.blob)).toEqual([0, 1]);
    expect(bytesToHex(served[1]!.data)).toBe(blobs[2]!.blob);
    const check = (s: typeof served) => verifyBlobKzgProofBatch(s.map((b) => b.data), s.map((b) => proven.blobs[b.blob]!.commitment), s.map((b) => b.proof));
    expect(check(served)).toBe(true);
    // A server per fault (each with its own flags): the bad-cell fault's and the withholding one's.
    const bad = await startBeaconServer(t.chain, { ...faults, badCell: 'both' }, '127.0.0.1', 0, 'primary');
    const withheld = await startBeaconServer(t.chain, { ...faults, withholdColumns: 'primary' }, '127.0.0.1', 0, 'primary');
    try {
      const lied = await new BeaconBlobEndpoint(new RestBeaconBlobs(bad.url)).wholeBlobs(proven);
      expect(lied).toHaveLength(2);
      expect(check(lied)).toBe(false);
      expect(await new BeaconBlobEndpoint(new RestBeaconBlobs(withheld.url)).wholeBlobs(proven)).toEqual([]);
    } finally {
      await bad.close();
      await withheld.close();
    }
    expect(await code(e.columns(proven, [0]))).toBe('INVALID_INPUT');
    const other = lying(server.url, { blobs: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, kzg_commitment: j.data[0].kzg_commitment })) }) });
    expect(await code(new BeaconBlobEndpoint(other).wholeBlobs(proven))).toBe('BLOB_TIE_COMMITMENTS_MISMATCH');
  });
});
