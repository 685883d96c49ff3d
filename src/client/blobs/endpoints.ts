/**
 * A beacon API as a {@link BlobEndpoint}: the cells of a tied transaction's blobs at the columns
 * asked (data column sidecars, Fulu on) or its whole blobs (blob sidecars, Deneb and Electra).
 * What it serves is checked for form and for naming this block (Fulu: the sidecar's header is the
 * proven root's and its commitments at the transaction's places are the proven ones; Gloas: its
 * beacon_block_root is the proven root) but never KZG-verified here: the sampler does that, and
 * demotes the endpoint when a cell does not verify. A column or blob it does not serve is left
 * out; an answer bounded in size (src/rpc/beacon-blobs.ts) or malformed is a TransportError, one
 * that contradicts the tie (another block, other commitments) a VerificationError, never a crash:
 * the sampler demotes the endpoint for a VerificationError as for a bad cell.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, TransportError, VerificationError } from '../../core/errors.ts';
import { BeaconBlockHeader } from '../../l1/containers.ts';
import { NUMBER_OF_COLUMNS } from '../../l1/blobs/containers.ts';
import { parseGloasColumnsAnswer, parseSidecarsAnswer } from '../../l1/blobs/sidecars.ts';
import { verifyDataColumnSidecar } from '../../l1/blobs/inclusion.ts';
import { type BeaconBlobSource, type BeaconBlobsOptions, type BeaconJson, RestBeaconBlobs } from '../../rpc/beacon-blobs.ts';
import { readAnswer } from './tie.ts';
import type { BlobEndpoint, ProvenBlobs, ServedBlob, ServedColumn } from './types.ts';

/**
 * The BlobEndpoint of a beacon API.
 * @example const endpoint = beaconBlobEndpoint('http://127.0.0.1:5052'); await endpoint.columns(proven, [3, 77])
 */
export function beaconBlobEndpoint(url: string, options?: BeaconBlobsOptions): BlobEndpoint {
  return new BeaconBlobEndpoint(new RestBeaconBlobs(url, options));
}

export class BeaconBlobEndpoint implements BlobEndpoint {
  readonly url: string;

  constructor(private readonly source: BeaconBlobSource) {
    this.url = source.url;
  }

  /**
   * @throws InputError for a column index not below 128 or a block before Fulu; TransportError
   *   (unreachable, BAD_RESPONSE); VerificationError BLOB_TIE_ROOT_MISMATCH (a sidecar of another
   *   block), BLOB_TIE_COMMITMENTS_MISMATCH (other commitments), SIDECAR_INVALID
   */
  async columns(blobs: ProvenBlobs, indices: readonly number[]): Promise<ServedColumn[]> {
    if (blobs.fork !== 'fulu' && blobs.fork !== 'gloas') throw new InputError(`data column sidecars are Fulu's on; block ${blobs.block} is ${blobs.fork}'s: ask its whole blobs`);
    const asked = new Set<number>();
    for (const i of indices) {
      if (!Number.isSafeInteger(i) || i < 0 || i >= NUMBER_OF_COLUMNS) throw new InputError(`column indices expected integers below ${NUMBER_OF_COLUMNS}, got ${i}`);
      asked.add(i);
    }
    if (asked.size === 0) return [];
    const answer = await this.source.dataColumnSidecars(blobs.beaconRoot, [...asked]);
    if (answer === null || isEmpty(answer.json)) return [];
    const root = hexToBytes(blobs.beaconRoot, 32, 'beaconRoot');
    const out = blobs.fork === 'gloas' ? gloasColumns(answer, root, blobs) : fuluColumns(answer, root, blobs);
    // A column not asked for is not this sampling's: left out (a node may ignore `indices`).
    const seen = new Set<number>();
    return out.filter((c) => {
      if (seen.has(c.column)) throw new VerificationError('SIDECAR_INVALID', `${answer.url} served column ${c.column} twice`);
      seen.add(c.column);
      return asked.has(c.column);
    });
  }

  /**
   * @throws InputError from Fulu on (no blob proofs served: ask columns); as {@link columns}
   */
  async wholeBlobs(blobs: ProvenBlobs): Promise<ServedBlob[]> {
    if (blobs.fork !== 'deneb' && blobs.fork !== 'electra') throw new InputError(`blob sidecars are Deneb's and Electra's; block ${blobs.block} is ${blobs.fork}'s: ask columns`);
    const answer = await this.source.blobSidecars(blobs.beaconRoot, blobs.blobs.map((b) => b.index));
    if (answer === null || isEmpty(answer.json)) return [];
    const parsed = readAnswer(answer, () => parseSidecarsAnswer(answer.json));
    if (parsed.kind !== 'blob_sidecars') throw new TransportError('BAD_RESPONSE', 'blob_sidecars answered with data column sidecars', { url: answer.url });
    const root = hexToBytes(blobs.beaconRoot, 32, 'beaconRoot');
    const out: ServedBlob[] = [];
    for (const s of parsed.sidecars) {
      headerIs(s.signedBlockHeader.message, root, answer.url);
      const k = blobs.blobs.findIndex((b) => b.index === Number(s.index));
      if (k < 0) continue;
      if (!equalBytes(s.kzgCommitment, blobs.blobs[k]!.commitment)) {
        throw new VerificationError('BLOB_TIE_COMMITMENTS_MISMATCH', `${answer.url}: blob sidecar ${s.index} carries another commitment than the proven one`, {
          expected: bytesToHex(blobs.blobs[k]!.commitment),
          got: bytesToHex(s.kzgCommitment),
        });
      }
      if (out.some((b) => b.blob === k)) throw new VerificationError('SIDECAR_INVALID', `${answer.url} served blob sidecar ${s.index} twice`);
      out.push({ blob: k, data: s.blob, proof: s.kzgProof });
    }
    return out;
  }
}

/** Fulu: each sidecar's header is the block's, its commitments at the transaction's places the proven ones. */
function fuluColumns(answer: BeaconJson, root: Uint8Array, blobs: ProvenBlobs): ServedColumn[] {
  const parsed = readAnswer(answer, () => parseSidecarsAnswer(answer.json));
  if (parsed.kind !== 'data_column_sidecars') throw new TransportError('BAD_RESPONSE', 'data_column_sidecars answered with blob sidecars', { url: answer.url });
  return parsed.sidecars.map((s) => {
    headerIs(s.signedBlockHeader.message, root, answer.url);
    if (!verifyDataColumnSidecar(s)) throw new VerificationError('SIDECAR_INVALID', `${answer.url}: data column sidecar ${s.index} breaks verify_data_column_sidecar`);
    for (const b of blobs.blobs) {
      const served = s.kzgCommitments[b.index];
      if (served === undefined || !equalBytes(served, b.commitment)) {
        throw new VerificationError('BLOB_TIE_COMMITMENTS_MISMATCH', `${answer.url}: data column sidecar ${s.index} carries another commitment at blob ${b.index} than the proven one`, {
          expected: bytesToHex(b.commitment),
          got: served === undefined ? 'none' : bytesToHex(served),
        });
      }
    }
    return { column: Number(s.index), cells: blobs.blobs.map((b) => s.column[b.index]!), proofs: blobs.blobs.map((b) => s.kzgProofs[b.index]!) };
  });
}

/** Gloas: each sidecar names the block by root; a cell and a proof per blob of the block. */
function gloasColumns(answer: BeaconJson, root: Uint8Array, blobs: ProvenBlobs): ServedColumn[] {
  const sidecars = readAnswer(answer, () => parseGloasColumnsAnswer(answer.json));
  return sidecars.map((s) => {
    if (!equalBytes(s.beaconBlockRoot, root)) {
      throw new VerificationError('BLOB_TIE_ROOT_MISMATCH', `${answer.url}: data column sidecar ${s.index} names another block`, { expected: bytesToHex(root), got: bytesToHex(s.beaconBlockRoot) });
    }
    if (s.index >= BigInt(NUMBER_OF_COLUMNS) || s.column.length !== s.kzgProofs.length || blobs.blobs.some((b) => b.index >= s.column.length)) {
      throw new VerificationError('SIDECAR_INVALID', `${answer.url}: data column sidecar ${s.index} has an index not below ${NUMBER_OF_COLUMNS}, or fewer cells or proofs than the block's blobs`, {
        got: `${s.column.length} cells, ${s.kzgProofs.length} proofs`,
      });
    }
    return { column: Number(s.index), cells: blobs.blobs.map((b) => s.column[b.index]!), proofs: blobs.blobs.map((b) => s.kzgProofs[b.index]!) };
  });
}

function headerIs(header: Parameters<typeof BeaconBlockHeader.hashTreeRoot>[0], root: Uint8Array, url: string): void {
  const own = BeaconBlockHeader.hashTreeRoot(header);
  if (!equalBytes(own, root)) throw new VerificationError('BLOB_TIE_ROOT_MISMATCH', `${url}: a sidecar carries the header of another block`, { expected: bytesToHex(root), got: bytesToHex(own) });
}

/** `{data: []}` or `[]`: the node has none of them (pruned, or never custodied). */
function isEmpty(json: unknown): boolean {
  if (Array.isArray(json)) return json.length === 0;
  return typeof json === 'object' && json !== null && Array.isArray((json as { data?: unknown }).data) && (json as { data: unknown[] }).data.length === 0;
}
