/**
 * Beacon API answers about a block's blobs, read strictly (src/ssz's JSON: decimal strings, 0x
 * hex of the exact size): `GET /eth/v1/beacon/blob_sidecars/{block_id}` (Deneb, Electra),
 * `GET /eth/v1/debug/beacon/data_column_sidecars/{block_id}` (Fulu) and
 * `GET /eth/v1/beacon/headers/{block_id}`. Anything else, wrong sizes included, is an InputError;
 * whether it verifies is ./verify-sidecars.ts's.
 *
 * Gloas's DataColumnSidecar (EIP-7732) names its block by slot and root only: no header, no
 * commitments, no inclusion proof (the commitments are in the block's execution payload bid).
 * From such an answer alone nothing ties the cells to a block nor checks them, so it is refused
 * with that said (consensus-specs gloas/p2p-interface.md "Modified DataColumnSidecar").
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { aarray, aobject, field, isObject } from '../../core/json.ts';
import { Bytes32 } from '../../ssz/index.ts';
import { type BlobSidecar, type DataColumnSidecar, type GloasDataColumnSidecar, MAX_BLOB_COMMITMENTS_PER_BLOCK, NUMBER_OF_COLUMNS, SIDECAR_TYPES, SignedBeaconBlockHeader, type SignedBeaconBlockHeaderValue } from './containers.ts';

export type SidecarsAnswer =
  | { kind: 'blob_sidecars'; version: string | undefined; sidecars: BlobSidecar[] }
  | { kind: 'data_column_sidecars'; version: string | undefined; sidecars: DataColumnSidecar[] };

/** A `GET /eth/v1/beacon/headers/{block_id}` answer. */
export interface HeaderAnswer {
  /** The root the server states (checked against the message by verifySidecars). */
  root: Uint8Array;
  canonical: boolean | undefined;
  header: SignedBeaconBlockHeaderValue;
}

const BLOB_FORKS = ['deneb', 'electra'];
const COLUMN_FORKS = ['fulu'];

/**
 * Reads a blob_sidecars or data_column_sidecars answer (`{version?, data: [...]}`, or the bare
 * array). Which one it is comes from the items' fields, and must agree with `version` if given.
 * @throws InputError for anything else: no sidecars, sizes, Gloas sidecars (see the module note)
 * @example parseSidecarsAnswer(JSON.parse(await res.text())).sidecars.length
 */
export function parseSidecarsAnswer(json: unknown): SidecarsAnswer {
  const version = isObject(json) && json.version !== undefined ? json.version : undefined;
  if (version !== undefined && typeof version !== 'string') throw new InputError('"version" expected a fork name');
  const data = aarray(Array.isArray(json) ? json : field(aobject(json, 'sidecars answer'), 'data'), 'data', MAX_BLOB_COMMITMENTS_PER_BLOCK);
  if (data.length === 0) throw new InputError('the sidecars answer holds no sidecars: nothing to verify (a block without blobs?)');
  const first = aobject(data[0], 'data[0]');
  if ('beacon_block_root' in first && !('signed_block_header' in first)) {
    throw new InputError(
      'Gloas data column sidecars name their block by slot and root only: they carry no header, no commitments and no inclusion proof (the commitments are in the block\'s execution payload bid), so they cannot be tied to a header by inclusion proof nor their cells checked from this answer alone',
    );
  }
  if ('blob' in first) {
    if (version !== undefined && !BLOB_FORKS.includes(version)) throw new InputError(`blob sidecars expected version ${BLOB_FORKS.join(' or ')}, got "${version}"`);
    return { kind: 'blob_sidecars', version, sidecars: data.map((d, i) => parseItem(() => SIDECAR_TYPES.BlobSidecar.fromJson(d), i)) };
  }
  if ('column' in first) {
    if (version !== undefined && !COLUMN_FORKS.includes(version)) throw new InputError(`data column sidecars expected version ${COLUMN_FORKS.join(' or ')}, got "${version}"`);
    aarray(data, 'data', NUMBER_OF_COLUMNS);
    return { kind: 'data_column_sidecars', version, sidecars: data.map((d, i) => parseItem(() => SIDECAR_TYPES.DataColumnSidecar.fromJson(d), i)) };
  }
  throw new InputError('data[0] is neither a blob sidecar (no "blob") nor a data column sidecar (no "column")');
}

function parseItem<T>(fn: () => T, i: number): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`data[${i}]: ${err.shortMessage}`, { cause: err });
    throw err;
  }
}

/**
 * Reads a `GET /eth/v1/beacon/headers/{block_id}` answer: `{data: {root, canonical, header:
 * {message, signature}}}` (or its `data` alone).
 * @throws InputError for anything else
 */
export function parseHeaderAnswer(json: unknown): HeaderAnswer {
  const obj = aobject(json, 'header answer');
  const data = aobject('data' in obj ? obj.data : obj, 'data');
  const canonical = data.canonical;
  if (canonical !== undefined && typeof canonical !== 'boolean') throw new InputError('"data.canonical" expected a boolean');
  return {
    root: Bytes32.fromJson(field(data, 'root', 'data')),
    canonical,
    header: SignedBeaconBlockHeader.fromJson(field(data, 'header', 'data')),
  };
}

/**
 * Reads a Gloas data_column_sidecars answer (`{version?, data: [...]}` or the bare array): each
 * sidecar names its block by slot and beacon_block_root, with no commitments (the bid's).
 * An empty list is an empty answer (a node without those columns).
 * @throws InputError for anything else
 */
export function parseGloasColumnsAnswer(json: unknown): GloasDataColumnSidecar[] {
  const version = isObject(json) && json.version !== undefined ? json.version : undefined;
  if (version !== undefined && version !== 'gloas') throw new InputError(`Gloas data column sidecars expected version "gloas", got ${JSON.stringify(String(version)).slice(0, 40)}`);
  const data = aarray(Array.isArray(json) ? json : field(aobject(json, 'sidecars answer'), 'data'), 'data', NUMBER_OF_COLUMNS);
  return data.map((d, i) => parseItem(() => SIDECAR_TYPES.GloasDataColumnSidecar.fromJson(d), i));
}
