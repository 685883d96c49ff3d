/**
 * The blob tie (src/client/blobs/tie.ts) and the beacon blob endpoints (endpoints.ts) against the
 * devnet's beacon chain (mainnet preset, Fulu, Gloas from epoch 1) over the fake EL: a Fulu block
 * tied by a column sidecar (or, columns withheld, by the whole block), a Gloas block by the whole
 * block and its bid (also across a withheld payload), and every lie refused with its code; in
 * sampling, an endpoint whose sidecars contradict the tie is demoted and the next one answers. The
 * verified chain is a stand-in holding the execution headers the beacon chain's blocks wrap.
 */
import { ssz } from '@lodestar-next/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { TransportError } from '../../../../src/core/errors.ts';
import { kzgReady, kzgToVersionedHash, verifyBlobKzgProof, verifyCellKzgProofBatch } from '../../../../src/crypto/kzg.ts';
import { BeaconBlobEndpoint } from '../../../../src/client/blobs/endpoints.ts';
import { EndpointDemotions, sampleBlobs } from '../../../../src/client/blobs/sampling.ts';
import { type TieDeps, tieBlobs } from '../../../../src/client/blobs/tie.ts';
import type { BlobEndpoint, ProvenBlobs } from '../../../../src/client/blobs/types.ts';
import { startBeaconServer, type BeaconServer } from '../../../../src/devnet/beacon/server.ts';
import { devnetKzg } from '../../../../src/devnet/kzg.ts';
import { type BeaconBlobSource, RestBeaconBlobs } from '../../../../src/rpc/beacon-blobs.ts';
import { type BlobChain, bundleOf, makeBlobs, startBlobChain, type TestBlob } from '../../devnet/beacon/blobs-fixture.ts';
import { type ChainOptions, code, lying, tieChainFor, txHash } from './tie-fixture.ts';

const FULU_SLOT = 2n;
const GLOAS_SLOT = 33n;
/** Its payload withheld: the next EL block (slot 37's) names this slot's root, whose bid is not slot 35's block N. */
const GLOAS_WITHHELD_SLOT = 36n;
let blobs: TestBlob[];
let t: BlobChain;
let primary: BeaconServer;
let mirror: BeaconServer;
const faults = { withholdUpdates: false, delayUpdatesMs: 0, invalidSignature: false, finalityStall: false, participation: 1, forgedBranch: false, withholdPayload: false, withholdColumns: 'off' as const, badCell: 'off' as const };

const record = (slot: bigint) => t.chain.data.bySlot(slot)!;
const vh = (b: TestBlob) => kzgToVersionedHash(hexToBytes(b.commitment, 48));

beforeAll(async () => {
  blobs = makeBlobs(['first blob ', 'second blob ', 'third blob '], true);
  t = await startBlobChain({ fork: 'fulu', gloasEpoch: 1n });
  t.el.bundles.set(Number(FULU_SLOT), bundleOf([blobs[0]!, blobs[1]!], 1));
  t.el.bundles.set(Number(GLOAS_SLOT), bundleOf([blobs[2]!, blobs[0]!], 1));
  t.el.bundles.set(Number(GLOAS_WITHHELD_SLOT) - 1, bundleOf([blobs[1]!, blobs[2]!], 1));
  while (t.chain.head.slot < GLOAS_WITHHELD_SLOT + 1n) {
    const slot = t.chain.head.slot + 1n;
    t.chain.withholdPayload = slot === GLOAS_WITHHELD_SLOT;
    await t.chain.produce(slot);
  }
  t.chain.withholdPayload = false;
  await kzgReady();
  // The devnet's two beacon APIs over one faults object (the fixture's own server keeps none on).
  primary = await startBeaconServer(t.chain, faults, '127.0.0.1', 0, 'primary');
  mirror = await startBeaconServer(t.chain, faults, '127.0.0.1', 0, 'mirror');
});
afterAll(async () => {
  await primary?.close();
  await mirror?.close();
  await t?.close();
});

const chainFor = (opts: ChainOptions = {}) => tieChainFor(t, opts);
const numberAt = (slot: bigint) => record(slot).payload!.blockNumber;
const deps = (over: Partial<TieDeps> = {}): TieDeps => ({ chain: chainFor(), config: t.chain.config, beacon: [new RestBeaconBlobs(t.server.url)], ...over });
const ours = { hash: bytesToHex(txHash(3)) };

describe('tieBlobs, Fulu', () => {
  it('ties the transaction\'s blob to N+1\'s parentBeaconBlockRoot through a column sidecar', async () => {
    const proven = await tieBlobs(deps(), { ...ours, blockNumber: numberAt(FULU_SLOT) });
    expect(proven).toMatchObject({ block: numberAt(FULU_SLOT), slot: FULU_SLOT, beaconRoot: record(FULU_SLOT).rootHex, fork: 'fulu', tx: ours.hash });
    expect(proven.blobs).toEqual([{ index: 1, commitment: hexToBytes(blobs[1]!.commitment, 48), versionedHash: bytesToHex(vh(blobs[1]!)) }]);
    expect(proven.checked.join('\n')).toMatch(/verify_data_column_sidecar_inclusion_proof/);
  });

  it('columns withheld: the block itself (getBlockV2) proves the commitments', async () => {
    faults.withholdColumns = 'primary' as never;
    try {
      const proven = await tieBlobs(deps({ beacon: [new RestBeaconBlobs(primary.url)] }), { ...ours, blockNumber: numberAt(FULU_SLOT) });
      expect(proven.beaconRoot).toBe(record(FULU_SLOT).rootHex);
      expect(proven.checked.join('\n')).toMatch(/hash_tree_root is the proven root; its execution payload is block/);
    } finally {
      faults.withholdColumns = 'off' as never;
    }
  });

  it('N+1 not verified yet: BLOB_TIE_CHILD_NOT_VERIFIED, a wait, not a guess', async () => {
    const n = numberAt(FULU_SLOT);
    expect(await code(tieBlobs(deps({ chain: chainFor({ verifiedUpTo: n }) }), { ...ours, blockNumber: n }))).toBe('BLOB_TIE_CHILD_NOT_VERIFIED');
  });

  it('refuses a sidecar of another block, commitments not in its body, a versioned hash that does not match, a transaction not in the block', async () => {
    const n = numberAt(FULU_SLOT);
    // Another block's header: its root is not the proven one.
    const foreign = lying(t.server.url, { columns: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, signed_block_header: { ...d.signed_block_header, message: { ...d.signed_block_header.message, slot: '3' } } })) }) });
    expect(await code(tieBlobs(deps({ beacon: [foreign] }), { ...ours, blockNumber: n }))).toBe('BLOB_TIE_ROOT_MISMATCH');
    const swapped = lying(t.server.url, { columns: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, kzg_commitments: [...d.kzg_commitments].reverse() })) }) });
    expect(await code(tieBlobs(deps({ beacon: [swapped] }), { ...ours, blockNumber: n }))).toBe('SIDECAR_INCLUSION_PROOF_INVALID');
    const wrongHash = chainFor({ ourHashes: (hs) => hs.map((h) => Uint8Array.from(h, (x, i) => (i === 31 ? x ^ 1 : x))) });
    expect(await code(tieBlobs(deps({ chain: wrongHash }), { ...ours, blockNumber: n }))).toBe('BLOB_VERSIONED_HASH_MISMATCH');
    expect(await code(tieBlobs(deps(), { hash: bytesToHex(txHash(9)), blockNumber: n }))).toBe('BLOB_TIE_NOT_IN_BLOCK');
    expect(await code(tieBlobs(deps(), { hash: bytesToHex(txHash(1)), blockNumber: n }))).toBe('BLOB_TIE_NOT_IN_BLOCK');
    // A block whose transactions hold fewer blobs than its beacon block commits to.
    const fewer = chainFor({ ourHashes: () => [] });
    expect(await code(tieBlobs(deps({ chain: fewer, beacon: [lying(t.server.url, { columns: () => ({ data: [] }) })] }), { hash: bytesToHex(txHash(2)), blockNumber: n }))).toBe('BLOB_COUNT_MISMATCH');
  });

  it('a lying endpoint first: told to onRejected, the next one proves it', async () => {
    const rejected: string[] = [];
    const swapped = lying(t.server.url, { columns: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, kzg_commitments: [...d.kzg_commitments].reverse() })) }) });
    const proven = await tieBlobs(deps({ beacon: [swapped, new RestBeaconBlobs(mirror.url)], onRejected: (e, url) => rejected.push(`${url} ${String(e.code)}`) }), { ...ours, blockNumber: numberAt(FULU_SLOT) });
    expect(proven.checked.join('\n')).toContain(mirror.url);
    expect(rejected).toEqual([`${swapped.url} SIDECAR_INCLUSION_PROOF_INVALID`]);
  });

  it('an answer that is JSON null (not "none served"): the endpoint\'s BAD_RESPONSE, typed, and the next one proves it', async () => {
    // The fuzz campaign from seed 20261128 (blob-tie #3248) found null read as an object: an untyped TypeError.
    const rejected: string[] = [];
    const nulled = lying(t.server.url, { columns: () => null });
    const proven = await tieBlobs(deps({ beacon: [nulled, new RestBeaconBlobs(mirror.url)], onRejected: (e, url) => rejected.push(`${url} ${String(e.code)}`) }), { ...ours, blockNumber: numberAt(FULU_SLOT) });
    expect(proven.checked.join('\n')).toContain(mirror.url);
    expect(rejected).toEqual([`${nulled.url} BAD_RESPONSE`]);
  });

  it('nothing served anywhere: BLOB_TIE_COMMITMENTS_UNPROVEN', async () => {
    const empty: BeaconBlobSource = { url: 'http://127.0.0.1:1', block: async () => null, dataColumnSidecars: async () => null, blobSidecars: async () => null };
    expect(await code(tieBlobs(deps({ beacon: [empty] }), { ...ours, blockNumber: numberAt(FULU_SLOT) }))).toBe('BLOB_TIE_COMMITMENTS_UNPROVEN');
  });
});

describe('tieBlobs, Gloas', () => {
  it('ties through the whole block: hash_tree_root the proven root, the bid naming N, its commitments', async () => {
    const proven = await tieBlobs(deps(), { ...ours, blockNumber: numberAt(GLOAS_SLOT) });
    expect(proven).toMatchObject({ slot: GLOAS_SLOT, beaconRoot: record(GLOAS_SLOT).rootHex, fork: 'gloas' });
    expect(proven.blobs.map((b) => b.index)).toEqual([1]);
    expect(proven.blobs[0]!.versionedHash).toBe(bytesToHex(vh(blobs[0]!)));
  });

  it('across a withheld payload: N+1 names the withheld slot\'s block, whose parent\'s bid is N', async () => {
    const n = numberAt(GLOAS_WITHHELD_SLOT - 1n);
    expect(record(GLOAS_WITHHELD_SLOT).payload).toBeNull();
    const proven = await tieBlobs(deps(), { ...ours, blockNumber: n });
    expect(proven.slot).toBe(GLOAS_WITHHELD_SLOT - 1n);
    expect(proven.beaconRoot).toBe(record(GLOAS_WITHHELD_SLOT - 1n).rootHex);
    expect(proven.blobs[0]!.versionedHash).toBe(bytesToHex(vh(blobs[2]!)));
    expect(proven.checked.join('\n')).toMatch(/withheld/);
  });

  it('refuses a block of another root and a bid with other commitments (its root changes)', async () => {
    const n = numberAt(GLOAS_SLOT);
    const otherSlot = lying(t.server.url, { block: (j) => ({ ...j, data: { ...j.data, message: { ...j.data.message, proposer_index: '7' } } }) });
    expect(await code(tieBlobs(deps({ beacon: [otherSlot] }), { ...ours, blockNumber: n }))).toBe('BLOB_TIE_ROOT_MISMATCH');
    const otherCommitments = lying(t.server.url, {
      block: (j) => {
        const bid = j.data.message.body.signed_execution_payload_bid.message;
        bid.blob_kzg_commitments = [...bid.blob_kzg_commitments].reverse();
        return j;
      },
    });
    expect(await code(tieBlobs(deps({ beacon: [otherCommitments] }), { ...ours, blockNumber: n }))).toBe('BLOB_TIE_ROOT_MISMATCH');
    const malformed = lying(t.server.url, { block: (j) => ({ ...j, data: { message: { slot: 'x' } } }) });
    const rejected: string[] = [];
    expect(await code(tieBlobs(deps({ beacon: [malformed], onRejected: (e) => rejected.push(String(e.code)) }), { ...ours, blockNumber: n }))).toBe('BLOB_TIE_COMMITMENTS_UNPROVEN');
    expect(rejected).toEqual(['BAD_RESPONSE']);
  });

  it('the served block hashes, with @lodestar/types 1.50\'s Gloas BeaconBlock, to the chain\'s root', async () => {
    const json = await (await t.get(`/eth/v2/beacon/blocks/${record(GLOAS_SLOT).rootHex}`)).json();
    expect(json.version).toBe('gloas');
    const l = (ssz as any).gloas.BeaconBlock;
    expect(bytesToHex(l.hashTreeRoot(l.fromJson(json.data.message)))).toBe(record(GLOAS_SLOT).rootHex);
    const fulu = await (await t.get(`/eth/v2/beacon/blocks/${FULU_SLOT}`)).json();
    const lf = (ssz as any).fulu.BeaconBlock;
    expect(bytesToHex(lf.hashTreeRoot(lf.fromJson(fulu.data.message)))).toBe(record(FULU_SLOT).rootHex);
  });
});

describe('BeaconBlobEndpoint', () => {
  let fulu: ProvenBlobs;
  let gloas: ProvenBlobs;
  beforeAll(async () => {
    fulu = await tieBlobs(deps(), { ...ours, blockNumber: numberAt(FULU_SLOT) });
    gloas = await tieBlobs(deps(), { ...ours, blockNumber: numberAt(GLOAS_SLOT) });
  });
  const verifies = (p: ProvenBlobs, cols: { column: number; cells: Uint8Array[]; proofs: Uint8Array[] }[]) =>
    verifyCellKzgProofBatch(
      cols.flatMap((c) => p.blobs.map((b) => b.commitment)),
      cols.flatMap((c) => c.cells.map(() => c.column)),
      cols.flatMap((c) => c.cells),
      cols.flatMap((c) => c.proofs),
    );

  it('serves the transaction\'s cells at the columns asked, from both endpoints, Fulu and Gloas', async () => {
    for (const url of [primary.url, mirror.url]) {
      const e = new BeaconBlobEndpoint(new RestBeaconBlobs(url));
      for (const p of [fulu, gloas]) {
        const cols = await e.columns(p, [5, 77, 127]);
        expect(cols.map((c) => c.column)).toEqual([5, 77, 127]);
        expect(cols.every((c) => c.cells.length === 1 && c.proofs.length === 1)).toBe(true);
        expect(bytesToHex(cols[1]!.cells[0]!)).toBe(devnetKzg().computeCells(blobs[p === fulu ? 1 : 0]!.blob)[77]);
        expect(verifies(p, cols)).toBe(true);
      }
    }
  });

  it('withheld: none (not an error); a bad cell: still served, its proof fails; each on the endpoint named only', async () => {
    const first = new BeaconBlobEndpoint(new RestBeaconBlobs(primary.url));
    const other = new BeaconBlobEndpoint(new RestBeaconBlobs(mirror.url));
    try {
      faults.withholdColumns = 'mirror' as never;
      expect(await other.columns(fulu, [1, 2])).toEqual([]);
      expect(await first.columns(fulu, [1, 2])).toHaveLength(2);
      faults.withholdColumns = 'off' as never;
      faults.badCell = 'primary' as never;
      for (const p of [fulu, gloas]) {
        const bad = await first.columns(p, [3]);
        expect(bad).toHaveLength(1);
        expect(verifies(p, bad)).toBe(false);
        expect(verifies(p, await other.columns(p, [3]))).toBe(true);
      }
    } finally {
      faults.withholdColumns = 'off' as never;
      faults.badCell = 'off' as never;
    }
  });

  it('refuses a sidecar naming another block or other commitments, malformed and oversize answers', async () => {
    const gloasOther = lying(t.server.url, { columns: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, beacon_block_root: record(FULU_SLOT).rootHex })) }) });
    expect(await code(new BeaconBlobEndpoint(gloasOther).columns(gloas, [0]))).toBe('BLOB_TIE_ROOT_MISMATCH');
    const fuluOther = lying(t.server.url, { columns: (j) => ({ ...j, data: j.data.map((d: any) => ({ ...d, kzg_commitments: [...d.kzg_commitments].reverse() })) }) });
    expect(await code(new BeaconBlobEndpoint(fuluOther).columns(fulu, [0]))).toBe('BLOB_TIE_COMMITMENTS_MISMATCH');
    const malformed = lying(t.server.url, { columns: (j) => ({ ...j, data: [{ index: '0', column: 'nope' }] }) });
    const err = await new BeaconBlobEndpoint(malformed).columns(fulu, [0]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).code).toBe('BAD_RESPONSE');
    // 20 columns of 2 cells (4 KiB each as hex) past 20 × 100 bytes and the envelope's 64 KiB.
    const small = new BeaconBlobEndpoint(new RestBeaconBlobs(t.server.url, { maxBytesPerItem: 100 }));
    expect(await code(small.columns(fulu, Array.from({ length: 20 }, (_, i) => i)))).toBe('TOO_LARGE');
    expect(await code(new BeaconBlobEndpoint(new RestBeaconBlobs(t.server.url)).columns(fulu, [128]))).toBe('INVALID_INPUT');
    expect(await code(new BeaconBlobEndpoint(new RestBeaconBlobs(t.server.url)).wholeBlobs(fulu))).toBe('INVALID_INPUT');
  });

  it('in sampling, an endpoint whose sidecars contradict the tie (another root, other commitments, fewer of them) ranked first is demoted, the honest second answers, and the next read asks it last', async () => {
    const counted = (e: BlobEndpoint) => {
      const c = { url: e.url, asks: 0, columns: (b: ProvenBlobs, i: readonly number[]) => (c.asks++, e.columns(b, i)), wholeBlobs: (b: ProvenBlobs) => (c.asks++, e.wholeBlobs(b)) };
      return c;
    };
    const sidecars = (f: (d: any) => any) => (j: any) => ({ ...j, data: j.data.map(f) });
    const cases = [
      { proven: () => fulu, code: 'BLOB_TIE_ROOT_MISMATCH', columns: sidecars((d) => ({ ...d, signed_block_header: { ...d.signed_block_header, message: { ...d.signed_block_header.message, slot: '3' } } })) },
      { proven: () => gloas, code: 'BLOB_TIE_ROOT_MISMATCH', columns: sidecars((d) => ({ ...d, beacon_block_root: record(FULU_SLOT).rootHex })) },
      { proven: () => fulu, code: 'BLOB_TIE_COMMITMENTS_MISMATCH', columns: sidecars((d) => ({ ...d, kzg_commitments: [...d.kzg_commitments].reverse() })) },
      // The first blob's cell, proof and commitment only: the transaction's blob (index 1) is not there.
      { proven: () => fulu, code: 'BLOB_TIE_COMMITMENTS_MISMATCH', columns: sidecars((d) => ({ ...d, column: d.column.slice(0, 1), kzg_proofs: d.kzg_proofs.slice(0, 1), kzg_commitments: d.kzg_commitments.slice(0, 1) })) },
    ];
    for (const c of cases) {
      const liar = counted(new BeaconBlobEndpoint(lying(t.server.url, { columns: c.columns })));
      const honest = counted(new BeaconBlobEndpoint(new RestBeaconBlobs(mirror.url)));
      const demotions = new EndpointDemotions();
      const sample = (now: number) =>
        sampleBlobs(c.proven(), { endpoints: [liar, honest], verifyCells: async (...a) => verifyCellKzgProofBatch(...a), verifyBlob: async (...a) => verifyBlobKzgProof(...a), random: (v) => v.fill(0), now: () => now, demotions });
      const first = await sample(2_000_000);
      expect(first.status).toBe('verified');
      expect(first.columns.verified).toBe(16);
      expect(first.endpoints[0]).toMatchObject({ url: liar.url, demoted: true, verified: 0, error: { code: c.code } });
      // The message names the endpoint by the request it answered (the lying source's url is the server's plus '/lying').
      expect(first.endpoints[0]!.error!.message.startsWith(`${t.server.url}/eth/v1/debug/beacon/data_column_sidecars/`)).toBe(true);
      expect(first.endpoints[1]).toMatchObject({ url: mirror.url, verified: 16, demoted: false });
      expect(first.words).toContain(`${liar.url} demoted: `);
      const asked = liar.asks;
      const second = await sample(2_000_060);
      expect(second.status).toBe('verified');
      expect(second.endpoints.map((e) => e.url)).toEqual([mirror.url, liar.url]);
      expect(second.endpoints[1]).toMatchObject({ asked: 0, askedLast: true });
      expect(liar.asks).toBe(asked);
    }
  });
});
