/**
 * The Beacon API light-client transport: an interface the sync loop uses, and its REST
 * implementation over several endpoints with retries, backoff and failover.
 *
 * It moves bytes and tags them with their fork; it never decides what is valid. A lying endpoint
 * can make the caller wait, never accept anything: the caller verifies every object (src/l1) and
 * calls `demote(endpoint)` when one fails, so the next request prefers another endpoint. Every
 * object returned comes whole from the single endpoint it names.
 *
 * Spec: ethereum/beacon-APIs, `apis/beacon/light_client/*.yaml`, `apis/beacon/genesis.yaml`,
 * `apis/beacon/blocks/headers.block_id.yaml`.
 * @module
 */
import { anumber, hexToBytes, bytesToHex } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { sleep } from '../core/sleep.ts';
import {
  type ForkFromDigest,
  type LightClientResponse,
  MAX_REQUEST_LIGHT_CLIENT_UPDATES,
  forkFromHeader,
  parseSingleSsz,
  parseUpdatesJson,
  parseUpdatesSsz,
  parseVersionedJson,
} from './beacon-parse.ts';
import { TransportError } from './errors.ts';
import { type HttpResponse, httpGet, mediaType, parseJsonBody } from './http.ts';

export { FORK_NAMES, MAX_REQUEST_LIGHT_CLIENT_UPDATES, isForkName } from './beacon-parse.ts';
export type { ForkFromDigest, ForkName, LightClientResponse } from './beacon-parse.ts';

export interface GenesisInfo {
  genesisTime: number;
  /** 0x-prefixed, 32 bytes, lower case. As the server claims it: compare with the network config. */
  genesisValidatorsRoot: string;
  /** 0x-prefixed, 4 bytes, lower case. */
  genesisForkVersion: string;
}

export interface FinalizedRoot {
  /** 0x-prefixed, 32 bytes, lower case. As the server claims it: a suggestion, not a checkpoint. */
  root: string;
  slot: number;
}

/** What the L1 sync loop needs from a beacon node. Implemented by REST and by replay. */
export interface BeaconApi {
  /** GET /eth/v1/beacon/light_client/bootstrap/{block_root} */
  getBootstrap(blockRoot: string): Promise<LightClientResponse>;
  /**
   * GET /eth/v1/beacon/light_client/updates?start_period=&count= — asks of more than
   * MAX_REQUEST_LIGHT_CLIENT_UPDATES are split; the result may be shorter than `count`.
   */
  getUpdates(startPeriod: number, count: number): Promise<LightClientResponse[]>;
  /** GET /eth/v1/beacon/light_client/finality_update */
  getFinalityUpdate(): Promise<LightClientResponse>;
  /** GET /eth/v1/beacon/light_client/optimistic_update */
  getOptimisticUpdate(): Promise<LightClientResponse>;
  /** GET /eth/v1/beacon/genesis */
  getGenesis(): Promise<GenesisInfo>;
  /** GET /eth/v1/beacon/headers/finalized */
  getFinalizedRoot(): Promise<FinalizedRoot>;
  /** Data from `endpoint` failed verification: prefer the other endpoints from now on. */
  demote(endpoint: string): void;
}

export interface RestBeaconApiOptions {
  /** Base URLs (`https://host:port` or with a path prefix), in order of preference. */
  endpoints: readonly string[];
  /** `ssz` asks for octet-stream and still takes JSON from a server that only speaks JSON. */
  encoding: 'json' | 'ssz';
  /** Maps the 4-byte context of an SSZ `updates` chunk to its fork (from the network config). */
  forkFromDigest: ForkFromDigest;
  /** Per request, headers and body. Default 15 s. */
  timeoutMs?: number;
  /** Largest single light-client object, in bytes; an `updates` body may hold `count` of them. Default 512 KiB. */
  maxBytes?: number;
  /** Extra passes over the endpoints after the first fails entirely. Default 2. */
  retries?: number;
  /** Wait before the second pass; doubles each pass up to `maxBackoffMs`. Default 500 ms. */
  backoffMs?: number;
  /** Default 8 s. */
  maxBackoffMs?: number;
  /** Injectable for tests. Default: setTimeout, cut short by `signal`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborts every request in flight and every wait (e.g. when the service worker shuts down). */
  signal?: AbortSignal;
}

const ACCEPT_JSON = 'application/json';
const ACCEPT_SSZ = 'application/octet-stream;q=1.0,application/json;q=0.9';
const OCTET_STREAM = 'application/octet-stream';
/** Room for the envelope around `count` objects: JSON `{"version":…,"data":…}` or SSZ framing. */
const ENVELOPE_BYTES = 1024;

/**
 * Beacon API over HTTP, failing over between endpoints.
 * @example
 * const api = new RestBeaconApi({ endpoints: ['http://127.0.0.1:5052'], encoding: 'ssz', forkFromDigest });
 * const { fork, ssz, endpoint } = await api.getFinalityUpdate();
 */
export class RestBeaconApi implements BeaconApi {
  private order: string[];
  private readonly encoding: 'json' | 'ssz';
  private readonly forkFromDigest: ForkFromDigest;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly signal: AbortSignal | undefined;

  constructor(options: RestBeaconApiOptions) {
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) {
      throw new InputError('"endpoints" expected at least one URL');
    }
    this.order = [...new Set(options.endpoints.map(normalizeEndpoint))];
    if (options.encoding !== 'json' && options.encoding !== 'ssz') {
      throw new InputError(`"encoding" expected "json" or "ssz", got ${String(options.encoding)}`);
    }
    if (typeof options.forkFromDigest !== 'function') throw new InputError('"forkFromDigest" expected a function');
    this.encoding = options.encoding;
    this.forkFromDigest = options.forkFromDigest;
    this.timeoutMs = anumber(options.timeoutMs ?? 15_000, 'timeoutMs');
    this.maxBytes = anumber(options.maxBytes ?? 512 * 1024, 'maxBytes');
    this.retries = anumber(options.retries ?? 2, 'retries');
    this.backoffMs = anumber(options.backoffMs ?? 500, 'backoffMs');
    this.maxBackoffMs = anumber(options.maxBackoffMs ?? 8_000, 'maxBackoffMs');
    this.sleep = options.sleep ?? sleep;
    this.signal = options.signal;
  }

  /** The endpoints, most preferred first. */
  get endpoints(): readonly string[] {
    return [...this.order];
  }

  demote(endpoint: string): void {
    const i = this.order.indexOf(endpoint);
    if (i < 0) return;
    this.order.splice(i, 1);
    this.order.push(endpoint);
  }

  async getBootstrap(blockRoot: string): Promise<LightClientResponse> {
    const root = bytesToHex(hexToBytes(blockRoot, 32, 'blockRoot'));
    return this.getSingle(`/eth/v1/beacon/light_client/bootstrap/${root}`);
  }

  getFinalityUpdate(): Promise<LightClientResponse> {
    return this.getSingle('/eth/v1/beacon/light_client/finality_update');
  }

  getOptimisticUpdate(): Promise<LightClientResponse> {
    return this.getSingle('/eth/v1/beacon/light_client/optimistic_update');
  }

  async getUpdates(startPeriod: number, count: number): Promise<LightClientResponse[]> {
    anumber(startPeriod, 'startPeriod');
    anumber(count, 'count');
    anumber(startPeriod + count, 'startPeriod + count');
    const out: LightClientResponse[] = [];
    for (let start = startPeriod, left = count; left > 0; ) {
      const n = Math.min(left, MAX_REQUEST_LIGHT_CLIENT_UPDATES);
      const batch = await this.request(
        `/eth/v1/beacon/light_client/updates?start_period=${start}&count=${n}`,
        this.accept(),
        n * (this.maxBytes + ENVELOPE_BYTES),
        (res, url, endpoint) =>
          this.isSsz(res, url)
            ? parseUpdatesSsz(res.bytes, url, endpoint, n, this.forkFromDigest, this.maxBytes)
            : parseUpdatesJson(parseJsonBody(res.bytes, url), url, endpoint, n),
      );
      out.push(...batch);
      // Servers answer up to their head period; a short batch means nothing lies beyond it.
      if (batch.length < n) break;
      start += n;
      left -= n;
    }
    return out;
  }

  getGenesis(): Promise<GenesisInfo> {
    return this.request('/eth/v1/beacon/genesis', ACCEPT_JSON, 64 * 1024, (res, url) => {
      const data = jsonData(res, url);
      return {
        genesisTime: uint64Number(data.genesis_time, url, 'data.genesis_time'),
        genesisValidatorsRoot: hexField(data.genesis_validators_root, 32, url, 'data.genesis_validators_root'),
        genesisForkVersion: hexField(data.genesis_fork_version, 4, url, 'data.genesis_fork_version'),
      };
    });
  }

  getFinalizedRoot(): Promise<FinalizedRoot> {
    return this.request('/eth/v1/beacon/headers/finalized', ACCEPT_JSON, 64 * 1024, (res, url) => {
      const data = jsonData(res, url);
      const header = data.header;
      const message = isObject(header) ? header.message : undefined;
      if (!isObject(message)) throw new TransportError('BAD_RESPONSE', 'data.header.message expected an object', { url });
      return {
        root: hexField(data.root, 32, url, 'data.root'),
        slot: uint64Number(message.slot, url, 'data.header.message.slot'),
      };
    });
  }

  private getSingle(path: string): Promise<LightClientResponse> {
    return this.request(path, this.accept(), this.maxBytes + ENVELOPE_BYTES, (res, url, endpoint) =>
      this.isSsz(res, url)
        ? parseSingleSsz(res.bytes, res.headers, url, endpoint)
        : parseVersionedJson(parseJsonBody(res.bytes, url), url, endpoint, forkFromHeader(res.headers, url)),
    );
  }

  private accept(): string {
    return this.encoding === 'ssz' ? ACCEPT_SSZ : ACCEPT_JSON;
  }

  /** Whether a 200 answer is SSZ (else JSON), by its Content-Type; refuses types we did not ask for. */
  private isSsz(res: HttpResponse, url: string): boolean {
    const type = mediaType(res.headers) ?? (this.encoding === 'ssz' ? OCTET_STREAM : ACCEPT_JSON);
    if (type === ACCEPT_JSON) return false;
    if (type === OCTET_STREAM && this.encoding === 'ssz') return true;
    throw new TransportError('BAD_RESPONSE', `unexpected Content-Type "${type.slice(0, 60)}"`, { url, status: res.status });
  }

  /**
   * One GET with failover: passes over the endpoints in preference order, each failure moving
   * to the next endpoint; after a pass with no answer, waits (backoff) and passes again, at most
   * `retries` more times. An endpoint that answered definitively (404, other 4xx, unknown fork,
   * oversize) is not asked again in this call. A transport failure moves the endpoint to the back
   * of the preference order.
   */
  private async request<T>(
    path: string,
    accept: string,
    maxBytes: number,
    parse: (res: HttpResponse, url: string, endpoint: string) => T,
  ): Promise<T> {
    const errors: TransportError[] = [];
    const done = new Set<string>();
    for (let pass = 0; pass <= this.retries; pass++) {
      const candidates = this.order.filter((e) => !done.has(e));
      if (candidates.length === 0) break;
      if (pass > 0) await this.sleep(Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (pass - 1)), this.signal);
      for (const endpoint of candidates) {
        this.signal?.throwIfAborted();
        const url = endpoint + path;
        try {
          const res = await httpGet(url, { timeoutMs: this.timeoutMs, maxBytes, accept, ...this.signalOption() });
          if (res.status === 404) {
            throw new TransportError('NOT_AVAILABLE', `the server has no such object (HTTP 404)`, { url, status: 404 });
          }
          if (res.status !== 200) {
            throw new TransportError('HTTP_STATUS', `expected HTTP 200, got ${res.status}`, { url, status: res.status });
          }
          return parse(res, url, endpoint);
        } catch (err) {
          if (!(err instanceof TransportError)) throw err;
          errors.push(err);
          if (isDefinitive(err)) done.add(endpoint);
          if (isFault(err)) this.demote(endpoint);
        }
      }
    }
    const last = errors[errors.length - 1];
    if (errors.length > 0 && errors.every((e) => e.code === 'NOT_AVAILABLE')) {
      throw new TransportError('NOT_AVAILABLE', `no endpoint has ${path}`, { url: path, status: 404, errors, cause: last });
    }
    throw new TransportError('ALL_ENDPOINTS_FAILED', `${path}: every endpoint failed (${errors.length} attempts)`, {
      url: path,
      errors,
      cause: last,
      details: errors.map((e) => `${e.url ?? '?'}: ${e.code}: ${e.shortMessage}`).join('\n'),
    });
  }

  private signalOption(): { signal?: AbortSignal } {
    return this.signal ? { signal: this.signal } : {};
  }
}

/** Asking the same endpoint again would get the same answer. */
function isDefinitive(err: TransportError): boolean {
  switch (err.code) {
    case 'NOT_AVAILABLE':
    case 'UNKNOWN_FORK':
    case 'TOO_LARGE':
      return true;
    case 'HTTP_STATUS':
      return err.status !== undefined && err.status >= 400 && err.status < 500 && ![408, 425, 429].includes(err.status);
    default:
      return false;
  }
}

/** The endpoint misbehaved or is unwell (as opposed to answering "not found"). */
function isFault(err: TransportError): boolean {
  return err.code !== 'NOT_AVAILABLE';
}

function normalizeEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw new InputError(`"endpoints" expected absolute URLs, got ${JSON.stringify(String(endpoint)).slice(0, 100)}`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`"endpoints" expected http: or https: URLs, got ${url.protocol}`);
  }
  if (url.search !== '' || url.hash !== '') throw new InputError('"endpoints" expected URLs without query or fragment');
  return url.href.replace(/\/+$/, '');
}

function jsonData(res: HttpResponse, url: string): Record<string, unknown> {
  const json = parseJsonBody(res.bytes, url);
  const data = isObject(json) ? json.data : undefined;
  if (!isObject(data)) throw new TransportError('BAD_RESPONSE', 'the response expected a "data" object', { url });
  return data;
}

function uint64Number(value: unknown, url: string, name: string): number {
  if (typeof value !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new TransportError('BAD_RESPONSE', `${name} expected a decimal integer string below 2^53`, { url });
  }
  return Number(value);
}

function hexField(value: unknown, length: number, url: string, name: string): string {
  try {
    return bytesToHex(hexToBytes(value, length, name));
  } catch (cause) {
    throw new TransportError('BAD_RESPONSE', `${name} expected ${length} bytes of 0x-hex`, { url, cause });
  }
}
