/**
 * The sampler against fake beacon endpoints, with Vigil's KZG over cells the devnet's KZG made
 * (test/fixtures/blob-sampling): honest, withholding, lying, silent, partial; random columns from
 * the random source given.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../../src/core/bytes.ts';
import { TransportError, VerificationError } from '../../../../src/core/errors.ts';
import { kzgReady, kzgToVersionedHash, verifyBlobKzgProof, verifyCellKzgProofBatch } from '../../../../src/crypto/kzg.ts';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { BlobChecker } from '../../../../src/client/blobs/checker.ts';
import { chooseColumns, EndpointDemotions, sampleBlobs, type SamplingDeps } from '../../../../src/client/blobs/sampling.ts';
import type { BlobEndpoint, BlobFork, ProvenBlobs, ServedColumn } from '../../../../src/client/blobs/types.ts';
import { parseNetworkConfig } from '../../../../src/l1/config.ts';
import { NETWORKS } from '../../../../src/l1/networks.ts';
import type { DataLocation } from '../../../../src/l2/data/location.ts';
import { MemoryDataChecks } from '../../../../src/storage/data-checks.ts';
import { sampledBlob } from '../../../fixtures/blob-sampling/blob.ts';

const fixture = JSON.parse(readFileSync(new URL('../../../fixtures/blob-sampling/cells.json', import.meta.url), 'utf8')) as {
  commitment: string;
  blobProof: string;
  columns: { column: number; cell: string; proof: string }[];
};
const commitment = hexToBytes(fixture.commitment);
const served = new Map(fixture.columns.map((c) => [c.column, { cell: hexToBytes(c.cell), proof: hexToBytes(c.proof) }]));

function proven(fork: BlobFork = 'fulu'): ProvenBlobs {
  return {
    tx: '0x' + 'ab'.repeat(32),
    block: 100n,
    timestamp: 1_000_000n,
    slot: 123n,
    beaconRoot: '0x' + '11'.repeat(32),
    fork,
    blobs: [{ index: 0, commitment, versionedHash: bytesToHex(kzgToVersionedHash(commitment)) }],
    checked: [],
  };
}

/**
 * An endpoint serving the fixture's columns it `has` (all by default), `bad` ones with a flipped
 * byte; `lies`: from its `from`th ask on (the first by default), an answer that contradicts the
 * tie, refused as ./endpoints.ts refuses it.
 */
function endpoint(
  url: string,
  o: { has?: (c: number) => boolean; bad?: (c: number) => boolean; fails?: boolean; lies?: { code: 'BLOB_TIE_ROOT_MISMATCH' | 'BLOB_TIE_COMMITMENTS_MISMATCH'; from?: number } } = {},
): BlobEndpoint & { asks: number[][] } {
  const asks: number[][] = [];
  const lie = () => {
    if (o.lies && asks.length >= (o.lies.from ?? 1)) {
      throw new VerificationError(o.lies.code, o.lies.code === 'BLOB_TIE_ROOT_MISMATCH' ? `${url}: a sidecar carries the header of another block` : `${url}: data column sidecar 0 carries another commitment at blob 0 than the proven one`);
    }
  };
  return {
    url,
    asks,
    async columns(_blobs, indices) {
      asks.push([...indices]);
      if (o.fails) throw new TransportError('HTTP_STATUS', `${url} answered 503`, { url });
      lie();
      const out: ServedColumn[] = [];
      for (const c of indices) {
        const s = served.get(c);
        if (s === undefined || (o.has && !o.has(c))) continue;
        const cell = new Uint8Array(s.cell);
        if (o.bad?.(c)) cell[100]! ^= 1;
        out.push({ column: c, cells: [cell], proofs: [s.proof] });
      }
      return out;
    },
    async wholeBlobs() {
      asks.push([]);
      if (o.fails) throw new TransportError('HTTP_STATUS', `${url} answered 503`, { url });
      lie();
      if (o.has && !o.has(0)) return [];
      const data = sampledBlob();
      if (o.bad?.(0)) data[100]! ^= 1;
      return [{ blob: 0, data, proof: hexToBytes(fixture.blobProof) }];
    },
  };
}

/** A random source of zeros: the columns drawn are 0..n-1, in order. */
const zeros = (v: Uint32Array) => v.fill(0);

function deps(endpoints: BlobEndpoint[], more: Partial<SamplingDeps> = {}): SamplingDeps {
  return {
    endpoints,
    verifyCells: async (c, i, cells, p) => verifyCellKzgProofBatch(c, i, cells, p),
    verifyBlob: async (b, c, p) => verifyBlobKzgProof(b, c, p),
    random: zeros,
    now: () => 2_000_000,
    ...more,
  };
}

beforeAll(() => kzgReady());

describe('chooseColumns', () => {
  it('draws distinct columns from the random source, unbiased (values past the last whole span are drawn again)', () => {
    expect(chooseColumns(16, zeros)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const words = [5, 0xffff_ffff, 3];
    const random = (v: Uint32Array) => v.fill(words.shift()!);
    // 128 divides 2^32: no value is refused for the first draw; 2^32 - 1 is past the last whole span of 127.
    expect(chooseColumns(2, random)).toEqual([5, 1 + 3]);
    const seen = chooseColumns(128, (v) => crypto.getRandomValues(v));
    expect(new Set(seen).size).toBe(128);
    expect(() => chooseColumns(0, zeros)).toThrow(RangeError);
    expect(() => chooseColumns(129, zeros)).toThrow(RangeError);
  });
});

describe('sampleBlobs (Fulu: columns)', () => {
  it('verifies 16 random columns from one honest endpoint', async () => {
    const a = endpoint('http://a');
    const got = await sampleBlobs(proven(), deps([a]));
    expect(a.asks).toEqual([Array.from({ length: 16 }, (_, i) => i)]);
    expect(got.status).toBe('verified');
    expect(got.columns).toEqual({ asked: 16, verified: 16, total: 128 });
    expect(got.endpoints).toEqual([{ url: 'http://a', asked: 16, served: 16, verified: 16, bad: 0, demoted: false }]);
    expect(got.words).toBe('16 of 128 columns sampled from 1 endpoint, all verified, at slot 123');
    expect(got.checkedAt).toBe(2_000_000);
    expect(got.slot).toBe(123n);
  });

  it('spreads the columns over two honest endpoints', async () => {
    const a = endpoint('http://a');
    const b = endpoint('http://b');
    const got = await sampleBlobs(proven(), deps([a, b]));
    expect(a.asks[0]!.length + b.asks[0]!.length).toBe(16);
    expect(a.asks[0]!.length).toBe(8);
    expect(got.words).toBe('16 of 128 columns sampled from 2 endpoints, all verified, at slot 123');
  });

  it('one withholding, one honest: the withheld columns are asked of the honest one and verified, never called unavailable', async () => {
    const a = endpoint('http://withholds', { has: () => false });
    const b = endpoint('http://honest');
    const got = await sampleBlobs(proven(), deps([a, b]));
    expect(got.status).toBe('verified');
    expect(got.columns.verified).toBe(16);
    expect(b.asks.flat().sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(got.endpoints.find((e) => e.url === 'http://withholds')).toMatchObject({ asked: 8, served: 0, verified: 0, demoted: false });
    expect(got.words).toBe('16 of 128 columns sampled from 1 endpoint, all verified, at slot 123');
    expect(got.words).not.toMatch(/unavailable/);
  });

  it('both withholding: unsampled, in words that say the endpoints served nothing', async () => {
    const got = await sampleBlobs(proven(), deps([endpoint('http://a', { has: () => false }), endpoint('http://b', { has: () => false })]));
    expect(got.status).toBe('unsampled');
    expect(got.columns).toEqual({ asked: 16, verified: 0, total: 128 });
    expect(got.words).toBe('could not be sampled: the endpoints served no columns');
  });

  it('a silent endpoint is re-asked elsewhere; none answering says why', async () => {
    const demotions = new EndpointDemotions();
    const got = await sampleBlobs(proven(), deps([endpoint('http://down', { fails: true }), endpoint('http://honest')], { demotions }));
    expect(got.status).toBe('verified');
    expect(got.endpoints[0]!.error).toEqual({ code: 'HTTP_STATUS', message: 'http://down answered 503' });
    // Not reached is not a lie: it keeps its rank.
    expect(got.endpoints[0]!.demoted).toBe(false);
    expect(demotions.isDemoted('http://down', 2_000_000)).toBe(false);
    const none = await sampleBlobs(proven(), deps([endpoint('http://down', { fails: true })]));
    expect(none.words).toBe('could not be sampled: no endpoint answered (HTTP_STATUS)');
    expect((await sampleBlobs(proven(), deps([]))).words).toBe('could not be sampled: no beacon endpoint to ask');
  });

  it('a bad cell demotes its endpoint: nothing it served counts, its columns are asked elsewhere and verified, and it is asked last later', async () => {
    const liar = endpoint('http://liar', { bad: (c) => c === 4 });
    const honest = endpoint('http://honest');
    const demotions = new EndpointDemotions();
    const got = await sampleBlobs(proven(), deps([liar, honest], { demotions }));
    expect(got.status).toBe('verified');
    expect(got.columns.verified).toBe(16);
    expect(got.endpoints[0]).toEqual({ url: 'http://liar', asked: 8, served: 8, verified: 0, bad: 1, demoted: true });
    expect(got.endpoints[1]).toMatchObject({ url: 'http://honest', asked: 16, verified: 16 });
    expect(got.words).toBe('16 of 128 columns sampled from 1 endpoint, all verified, at slot 123; http://liar demoted: a cell it served did not verify');
    // The next sampling asks the honest one first: the liar is last in the report's order.
    expect(demotions.isDemoted('http://liar', 2_000_000 + 60)).toBe(true);
    const next = await sampleBlobs(proven(), deps([liar, honest], { demotions, now: () => 2_000_060 }));
    expect(next.endpoints.map((e) => e.url)).toEqual(['http://honest', 'http://liar']);
    expect(next.endpoints[1]).toMatchObject({ asked: 0, demoted: false, askedLast: true });
    expect(next.endpoints[0]).not.toHaveProperty('askedLast');
    expect(next.status).toBe('verified');
    // And after the demotion ends, the user's order again, and nothing said of it.
    expect(demotions.isDemoted('http://liar', 2_000_000 + 3600)).toBe(false);
    const later = await sampleBlobs(proven(), deps([liar, honest], { demotions, now: () => 2_003_600 }));
    expect(later.endpoints.map((e) => e.url)).toEqual(['http://liar', 'http://honest']);
    expect(later.endpoints.some((e) => 'askedLast' in e)).toBe(false);
  });

  it('an answer that contradicts the tie (another block\'s root) demotes its endpoint as a bad cell does: recorded by code, its columns verified from the next, asked last later', async () => {
    const liar = endpoint('http://liar', { lies: { code: 'BLOB_TIE_ROOT_MISMATCH' } });
    const honest = endpoint('http://honest');
    const demotions = new EndpointDemotions();
    const got = await sampleBlobs(proven(), deps([liar, honest], { demotions }));
    expect(got.status).toBe('verified');
    expect(got.columns.verified).toBe(16);
    expect(got.endpoints[0]).toEqual({
      url: 'http://liar',
      asked: 8,
      served: 0,
      verified: 0,
      bad: 0,
      demoted: true,
      error: { code: 'BLOB_TIE_ROOT_MISMATCH', message: 'http://liar: a sidecar carries the header of another block' },
    });
    expect(got.endpoints[1]).toMatchObject({ url: 'http://honest', asked: 16, verified: 16, demoted: false });
    expect(liar.asks).toHaveLength(1);
    expect(got.words).toBe('16 of 128 columns sampled from 1 endpoint, all verified, at slot 123; http://liar demoted: it served sidecars of another block than the proven one (BLOB_TIE_ROOT_MISMATCH)');
    // The next read of the session: the honest one first, the liar asked nothing.
    const next = await sampleBlobs(proven(), deps([liar, honest], { demotions, now: () => 2_000_060 }));
    expect(next.endpoints.map((e) => e.url)).toEqual(['http://honest', 'http://liar']);
    expect(next.endpoints[1]).toMatchObject({ asked: 0, demoted: false, askedLast: true });
    expect(liar.asks).toHaveLength(1);
    expect(next.status).toBe('verified');
  });

  it('a liar about the tie after columns of its verified: its earlier columns do not count', async () => {
    // Round 1: a serves its 8 columns, b withholds; round 2: b's columns go to a, which names another block's commitments.
    const a = endpoint('http://a', { lies: { code: 'BLOB_TIE_COMMITMENTS_MISMATCH', from: 2 } });
    const b = endpoint('http://b', { has: () => false });
    const got = await sampleBlobs(proven(), deps([a, b]));
    expect(a.asks).toHaveLength(2);
    expect(got.endpoints[0]).toMatchObject({ served: 8, verified: 0, bad: 0, demoted: true, error: { code: 'BLOB_TIE_COMMITMENTS_MISMATCH' } });
    expect(got.status).toBe('unsampled');
    expect(got.words).toBe('could not be sampled: what the endpoints served did not verify; http://a demoted: it served other commitments than the proven ones (BLOB_TIE_COMMITMENTS_MISMATCH)');
  });

  it('a liar whose cells verified in one round and failed in the next: its earlier columns do not count', async () => {
    // Round 1: a has the even columns, b withholds all; round 2: b's columns go to a, which lies about 5.
    const a = endpoint('http://a', { bad: (c) => c === 5 });
    const b = endpoint('http://b', { has: () => false });
    const got = await sampleBlobs(proven(), deps([a, b]));
    expect(got.endpoints[0]).toMatchObject({ demoted: true, verified: 0 });
    expect(got.status).toBe('unsampled');
    expect(got.words).toBe('could not be sampled: what the endpoints served did not verify; http://a demoted: a cell it served did not verify');
  });

  it('a liar alone: unsampled, never verified', async () => {
    const got = await sampleBlobs(proven(), deps([endpoint('http://liar', { bad: () => true })]));
    expect(got.status).toBe('unsampled');
    expect(got.endpoints[0]).toMatchObject({ bad: 16, demoted: true });
  });

  it('partial: the columns no endpoint served are said to be served by none, not unavailable', async () => {
    const got = await sampleBlobs(proven(), deps([endpoint('http://a', { has: (c) => c < 10 }), endpoint('http://b', { has: (c) => c < 10 })]));
    expect(got.status).toBe('partial');
    expect(got.columns).toEqual({ asked: 16, verified: 10, total: 128 });
    expect(got.words).toBe('partial: 10 of 16 columns asked verified from 2 endpoints at slot 123; 6 columns served by no endpoint (not proven unavailable)');
  });

  it('malformed cells (a wrong count) do not verify and demote', async () => {
    const odd: BlobEndpoint = { url: 'http://odd', columns: async (_b, idx) => idx.map((c) => ({ column: c, cells: [], proofs: [] })), wholeBlobs: async () => [] };
    const got = await sampleBlobs(proven(), deps([odd, endpoint('http://honest')]));
    expect(got.endpoints[0]).toMatchObject({ demoted: true });
    expect(got.status).toBe('verified');
  });
});

describe('sampleBlobs (before Fulu: whole blobs)', () => {
  it('verifies each blob whole with its blob proof', async () => {
    const got = await sampleBlobs(proven('electra'), deps([endpoint('http://a')]));
    expect(got.status).toBe('verified');
    expect(got.columns).toEqual({ asked: 128, verified: 128, total: 128 });
    expect(got.words).toBe('1 blob fetched whole from 1 endpoint, all verified, at slot 123');
  });

  it('a bad blob demotes its endpoint and the blob is taken from the next', async () => {
    const got = await sampleBlobs(proven('deneb'), deps([endpoint('http://liar', { bad: () => true }), endpoint('http://honest')]));
    expect(got.status).toBe('verified');
    expect(got.endpoints[0]).toMatchObject({ demoted: true, bad: 1 });
    expect(got.words).toMatch(/http:\/\/liar demoted: a blob it served did not verify/);
    const none = await sampleBlobs(proven('deneb'), deps([endpoint('http://a', { has: () => false })]));
    expect(none.words).toBe('could not be sampled: the endpoints served no blobs');
  });

  it('a bad blob and an answer with other commitments demote alike; the honest one\'s blob counts; the liars are not asked on the next read', async () => {
    const bad = endpoint('http://bad', { bad: () => true });
    const liar = endpoint('http://liar', { lies: { code: 'BLOB_TIE_COMMITMENTS_MISMATCH' } });
    const honest = endpoint('http://honest');
    const demotions = new EndpointDemotions();
    const got = await sampleBlobs(proven('electra'), deps([bad, liar, honest], { demotions }));
    expect(got.status).toBe('verified');
    expect(got.endpoints.map((e) => [e.url, e.demoted, e.bad, e.verified, e.error?.code])).toEqual([
      ['http://bad', true, 1, 0, undefined],
      ['http://liar', true, 0, 0, 'BLOB_TIE_COMMITMENTS_MISMATCH'],
      ['http://honest', false, 0, 1, undefined],
    ]);
    expect(got.words).toBe(
      '1 blob fetched whole from 1 endpoint, all verified, at slot 123; http://bad demoted: a blob it served did not verify; http://liar demoted: it served other commitments than the proven ones (BLOB_TIE_COMMITMENTS_MISMATCH)',
    );
    const next = await sampleBlobs(proven('electra'), deps([bad, liar, honest], { demotions, now: () => 2_000_060 }));
    expect(next.endpoints.map((e) => e.url)).toEqual(['http://honest', 'http://bad', 'http://liar']);
    expect([bad.asks.length, liar.asks.length, honest.asks.length]).toEqual([1, 1, 2]);
    expect(next.status).toBe('verified');
  });
});

describe('BlobChecker: demotions last for every read of its session', () => {
  const mainnet = parseNetworkConfig(NETWORKS.mainnet);
  const location = (n: number): DataLocation => ({ where: 'blobs', batch: `batch ${n}`, l1: { tx: '0x' + String(n).padStart(2, '0').repeat(32), block: 100n }, versionedHashes: [proven().blobs[0]!.versionedHash], tie: 'root', checked: [], words: '' });

  it('an endpoint whose answer names another block, ranked first, is demoted; the honest second answers; the next batch\'s read asks the liar last', async () => {
    const liar = endpoint('http://liar', { lies: { code: 'BLOB_TIE_ROOT_MISMATCH' } });
    const honest = endpoint('http://honest');
    const checker = new BlobChecker({
      network: 'mainnet',
      config: mainnet,
      checks: new MemoryDataChecks(),
      endpoints: [liar, honest],
      verifyCells: async (c, i, cells, p) => verifyCellKzgProofBatch(c, i, cells, p),
      verifyBlob: async (b, c, p) => verifyBlobKzgProof(b, c, p),
      random: zeros,
      now: () => 2_000_000,
      tie: async (b) => ({ ...proven(), tx: b.tx }),
    });
    const first = await checker.check(location(1))!;
    expect(first.status).toBe('verified');
    expect(first.endpoints[0]).toMatchObject({ url: 'http://liar', demoted: true, verified: 0, error: { code: 'BLOB_TIE_ROOT_MISMATCH' } });
    expect(first.endpoints[1]).toMatchObject({ url: 'http://honest', verified: 16 });
    const second = await checker.check(location(2))!;
    expect(second.status).toBe('verified');
    expect(second.endpoints.map((e) => e.url)).toEqual(['http://honest', 'http://liar']);
    expect(second.endpoints[1]).toMatchObject({ asked: 0, askedLast: true });
    expect(liar.asks).toHaveLength(1);
  });
});
