/**
 * The envelopes of the Beacon API light-client endpoints, unwrapped strictly: the JSON
 * `{version, data}` objects and the SSZ `response_chunk` framing of `updates`. Nothing inside
 * `data` or a payload is decoded here — src/l1 does that and verifies it; this file only finds
 * the fork each object belongs to and refuses envelopes that are not of the documented form.
 *
 * Spec: ethereum/beacon-APIs `apis/beacon/light_client/{bootstrap,updates,finality_update,
 * optimistic_update}.yaml`.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { TransportError } from './errors.ts';

/** The forks that have light-client objects, oldest first (the `Eth-Consensus-Version` values). */
export const FORK_NAMES = ['altair', 'bellatrix', 'capella', 'deneb', 'electra', 'fulu', 'gloas'] as const;
export type ForkName = (typeof FORK_NAMES)[number];

/** consensus-specs altair/light-client/p2p-interface.md, Configuration. */
export const MAX_REQUEST_LIGHT_CLIENT_UPDATES = 128;

/** One light-client object as a server sent it, tagged with its fork and the endpoint it came from. */
export interface LightClientResponse {
  fork: ForkName;
  /** The `data` object of a JSON answer, unchecked. */
  json?: unknown;
  /** The SSZ payload of an octet-stream answer, unchecked. */
  ssz?: Uint8Array;
  /** The endpoint (base URL) every byte of this object came from. */
  endpoint: string;
}

export type ForkFromDigest = (digest: Uint8Array) => ForkName | undefined;

export function isForkName(value: unknown): value is ForkName {
  return typeof value === 'string' && (FORK_NAMES as readonly string[]).includes(value);
}

/** A fork name from a `version` field or header; `UNKNOWN_FORK` for names we do not serve. */
export function forkFromName(value: unknown, url: string, where: string): ForkName {
  if (typeof value !== 'string') {
    throw new TransportError('BAD_RESPONSE', `${where} expected a fork name, got ${typeof value}`, { url });
  }
  const name = value.trim().toLowerCase();
  if (!isForkName(name)) {
    throw new TransportError('UNKNOWN_FORK', `${where} names an unknown light-client fork "${value.slice(0, 40)}"`, {
      url,
    });
  }
  return name;
}

/** The `Eth-Consensus-Version` header's fork, or undefined when the header is absent. */
export function forkFromHeader(headers: Headers, url: string): ForkName | undefined {
  const value = headers.get('eth-consensus-version');
  return value === null ? undefined : forkFromName(value, url, 'the Eth-Consensus-Version header');
}

/**
 * `{version, data}` → `{fork, json: data}`. With `headerFork` (the Eth-Consensus-Version header),
 * the two must agree.
 */
export function parseVersionedJson(
  value: unknown,
  url: string,
  endpoint: string,
  headerFork?: ForkName,
  where = 'the response',
): LightClientResponse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TransportError('BAD_RESPONSE', `${where} expected a {version, data} object`, { url });
  }
  const obj = value as Record<string, unknown>;
  const fork = forkFromName(obj.version, url, `${where}.version`);
  if (headerFork !== undefined && headerFork !== fork) {
    throw new TransportError(
      'BAD_RESPONSE',
      `${where}: version "${fork}" disagrees with the Eth-Consensus-Version header "${headerFork}"`,
      { url },
    );
  }
  const data = obj.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TransportError('BAD_RESPONSE', `${where}.data expected an object`, { url });
  }
  return { fork, json: data, endpoint };
}

/** The JSON `updates` answer: an array of at most `maxItems` `{version, data}` objects. */
export function parseUpdatesJson(value: unknown, url: string, endpoint: string, maxItems: number): LightClientResponse[] {
  if (!Array.isArray(value)) {
    throw new TransportError('BAD_RESPONSE', 'the updates response expected an array', { url });
  }
  if (value.length > maxItems) {
    throw new TransportError('BAD_RESPONSE', `the updates response has ${value.length} items, more than the ${maxItems} requested`, {
      url,
    });
  }
  return value.map((item, i) => parseVersionedJson(item, url, endpoint, undefined, `updates[${i}]`));
}

/** Bytes of one response_chunk before its payload: an 8-byte length, then a 4-byte fork digest. */
const LENGTH_BYTES = 8;
const CONTEXT_BYTES = 4;

/**
 * The SSZ `updates` answer: zero or more chunks, each
 * `uint64 LE length ‖ context (4-byte ForkDigest) ‖ payload`, the length covering context and
 * payload. Refuses a length that is short or runs past the body, an unknown digest
 * (`UNKNOWN_FORK`), an empty payload or one over `maxPayloadBytes`, more than `maxItems`
 * chunks, and bytes after the last chunk.
 * @example parseUpdatesSsz(body, url, endpoint, 4, forkFromDigest, 1 << 20)
 */
export function parseUpdatesSsz(
  body: Uint8Array,
  url: string,
  endpoint: string,
  maxItems: number,
  forkFromDigest: ForkFromDigest,
  maxPayloadBytes: number,
): LightClientResponse[] {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const out: LightClientResponse[] = [];
  let offset = 0;
  while (offset < body.length) {
    const at = `response_chunk ${out.length} at byte ${offset}`;
    const remaining = body.length - offset;
    if (remaining < LENGTH_BYTES) {
      const what = out.length === 0 ? 'truncated length prefix' : 'trailing bytes after the last chunk';
      throw new TransportError('BAD_RESPONSE', `${at}: ${what} (${remaining} bytes, a length prefix takes ${LENGTH_BYTES})`, {
        url,
      });
    }
    if (out.length === maxItems) {
      throw new TransportError('BAD_RESPONSE', `the updates response has more than the ${maxItems} items requested`, { url });
    }
    const length = view.getBigUint64(offset, true);
    const available = BigInt(remaining - LENGTH_BYTES);
    if (length > available) {
      throw new TransportError('BAD_RESPONSE', `${at}: length ${length} runs past the body (${available} bytes left)`, { url });
    }
    const n = Number(length);
    if (n <= CONTEXT_BYTES) {
      throw new TransportError('BAD_RESPONSE', `${at}: length ${n} leaves no payload after the ${CONTEXT_BYTES}-byte context`, {
        url,
      });
    }
    if (n - CONTEXT_BYTES > maxPayloadBytes) {
      throw new TransportError('TOO_LARGE', `${at}: payload of ${n - CONTEXT_BYTES} bytes, over the limit of ${maxPayloadBytes}`, {
        url,
      });
    }
    const start = offset + LENGTH_BYTES;
    const digest = body.slice(start, start + CONTEXT_BYTES);
    const fork = forkFromDigest(digest);
    if (fork === undefined) {
      throw new TransportError('UNKNOWN_FORK', `${at}: unknown fork digest ${bytesToHex(digest)}`, { url });
    }
    if (!isForkName(fork)) {
      throw new TransportError('UNKNOWN_FORK', `${at}: forkFromDigest returned a non-fork "${String(fork)}"`, { url });
    }
    out.push({ fork, ssz: body.slice(start + CONTEXT_BYTES, start + n), endpoint });
    offset = start + n;
  }
  return out;
}

/** One SSZ object whose fork comes from the (required) Eth-Consensus-Version header. */
export function parseSingleSsz(body: Uint8Array, headers: Headers, url: string, endpoint: string): LightClientResponse {
  const fork = forkFromHeader(headers, url);
  if (fork === undefined) {
    throw new TransportError('BAD_RESPONSE', 'an SSZ response without an Eth-Consensus-Version header', { url });
  }
  if (body.length === 0) throw new TransportError('BAD_RESPONSE', 'an empty SSZ response', { url });
  return { fork, ssz: body, endpoint };
}
