/**
 * One Beacon API as a source of a block's blob data: the full block (getBlockV2), its data column
 * sidecars and its blob sidecars, as JSON. It moves bytes, bounded in time and size, and reads
 * them as JSON; what they mean and whether they verify is src/l1/blobs's. A 404 (the node never
 * had the block, or pruned its blobs) is `null`: absence, not a fault.
 * Spec: ethereum/beacon-APIs `apis/beacon/blocks/block.v2.yaml` (getBlockV2: `{version, data}`,
 * `Eth-Consensus-Version`), `apis/debug/data_column_sidecars.yaml`, and the Deneb/Electra
 * `blob_sidecars` (removed from the spec by beacon-APIs#577, still served by nodes).
 * @module
 */
import { InputError } from '../core/errors.ts';
import { TransportError } from './errors.ts';
import { httpGet, mediaType, parseJsonBody } from './http.ts';

/** A JSON answer and the fork its `Eth-Consensus-Version` header names (lower case), if any. */
export interface BeaconJson {
  json: unknown;
  version: string | undefined;
  url: string;
}

/** What the blob tie and the blob endpoints ask of a beacon node. */
export interface BeaconBlobSource {
  readonly url: string;
  /** GET /eth/v2/beacon/blocks/{block_id}; null on 404. */
  block(blockId: string): Promise<BeaconJson | null>;
  /** GET /eth/v1/debug/beacon/data_column_sidecars/{block_id}?indices=…; null on 404. */
  dataColumnSidecars(blockId: string, indices: readonly number[]): Promise<BeaconJson | null>;
  /** GET /eth/v1/beacon/blob_sidecars/{block_id}?indices=…; null on 404. */
  blobSidecars(blockId: string, indices: readonly number[]): Promise<BeaconJson | null>;
}

export interface BeaconBlobsOptions {
  /** Per request, headers and body. Default 20 s. */
  timeoutMs?: number;
  /**
   * Largest block answer. Default 16 MiB: before Gloas a block holds its execution payload's
   * transactions (a 36M-gas block of calldata is ~9 MB as hex).
   */
  maxBlockBytes?: number;
  /**
   * Largest sidecars answer per column or blob asked. Default 1.2 MiB: a column holds one cell
   * (4 KiB as hex) and proof per blob, up to the 72 blobs of BPO2 and then some; a blob is 256 KiB as hex.
   */
  maxBytesPerItem?: number;
  signal?: AbortSignal;
}

const ACCEPT_JSON = 'application/json';

/**
 * The Beacon API at `url` (`http(s)://host:port`, or with a path prefix).
 * @throws InputError for a URL that is not http(s), or carries a query or fragment
 * @example const block = await new RestBeaconBlobs('http://127.0.0.1:5052').block('0x…root')
 */
export class RestBeaconBlobs implements BeaconBlobSource {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly maxBlockBytes: number;
  private readonly maxBytesPerItem: number;
  private readonly signal: AbortSignal | undefined;

  constructor(url: string, options: BeaconBlobsOptions = {}) {
    this.url = normalizeBeaconUrl(url);
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.maxBlockBytes = options.maxBlockBytes ?? 16 * 1024 * 1024;
    this.maxBytesPerItem = options.maxBytesPerItem ?? 1_200_000;
    this.signal = options.signal;
  }

  block(blockId: string): Promise<BeaconJson | null> {
    return this.get(`/eth/v2/beacon/blocks/${blockIdOf(blockId)}`, this.maxBlockBytes);
  }

  dataColumnSidecars(blockId: string, indices: readonly number[]): Promise<BeaconJson | null> {
    return this.get(`/eth/v1/debug/beacon/data_column_sidecars/${blockIdOf(blockId)}${indexQuery(indices)}`, this.maxBytesPerItem * Math.max(1, indices.length) + 64 * 1024);
  }

  blobSidecars(blockId: string, indices: readonly number[]): Promise<BeaconJson | null> {
    return this.get(`/eth/v1/beacon/blob_sidecars/${blockIdOf(blockId)}${indexQuery(indices)}`, 300 * 1024 * Math.max(1, indices.length) + 64 * 1024);
  }

  private async get(path: string, maxBytes: number): Promise<BeaconJson | null> {
    const url = this.url + path;
    const res = await httpGet(url, { timeoutMs: this.timeoutMs, maxBytes, accept: ACCEPT_JSON, redirect: 'refuse', ...(this.signal ? { signal: this.signal } : {}) });
    if (res.status === 404) return null;
    if (res.status !== 200) throw new TransportError('HTTP_STATUS', `expected HTTP 200, got ${res.status}`, { url, status: res.status });
    const type = mediaType(res.headers);
    if (type !== undefined && type !== ACCEPT_JSON) throw new TransportError('BAD_RESPONSE', `unexpected Content-Type "${type.slice(0, 60)}"`, { url, status: res.status });
    const version = res.headers.get('eth-consensus-version')?.trim().toLowerCase() || undefined;
    return { json: parseJsonBody(res.bytes, url), version, url };
  }
}

/** A block id as the Beacon API takes it: head, finalized, genesis, a slot or a 0x root. */
function blockIdOf(id: string): string {
  if (/^(head|finalized|genesis|0|[1-9][0-9]{0,19}|0x[0-9a-fA-F]{64})$/.test(id)) return id;
  throw new InputError(`block_id expected head, finalized, genesis, a slot or a 0x root, got ${JSON.stringify(id.slice(0, 80))}`);
}

function indexQuery(indices: readonly number[]): string {
  for (const i of indices) if (!Number.isSafeInteger(i) || i < 0) throw new InputError(`indices expected non-negative integers, got ${i}`);
  return indices.length === 0 ? '' : `?indices=${indices.join(',')}`;
}

/** `http(s)://host[:port][/prefix]` without a trailing slash. */
export function normalizeBeaconUrl(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw new InputError(`a beacon API expected an absolute URL, got ${JSON.stringify(String(endpoint)).slice(0, 100)}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`a beacon API expected an http: or https: URL, got ${url.protocol}`);
  if (url.search !== '' || url.hash !== '') throw new InputError('a beacon API expected a URL without query or fragment');
  return url.href.replace(/\/+$/, '');
}
