/**
 * Light-client objects and decoded sync-committee keys as they cross a thread or extension-message
 * boundary (the verifier tasks of ./tasks.ts and the service worker's processor, ./lc-processor.ts).
 * No curve work here: the points stay bytes until a worker uses them.
 * @module
 */
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { PreparedKeysSnapshot } from '../crypto/bls.ts';
import { UNCOMPRESSED_G1_LENGTH } from '../crypto/bls/sizes.ts';
import type { ForkName } from '../l1/config.ts';
import type { CommitteeKeys } from '../l1/processor.ts';

/** A light-client object as the transport delivered it, bytes as hex. */
export interface WireLightClientResponse {
  fork: Exclude<ForkName, 'phase0'>;
  json?: unknown;
  /** 0x-hex of the SSZ payload. */
  ssz?: string;
  endpoint: string;
}

/** A committee's decoded keys (CommitteeKeys) on the wire: points uncompressed, as 0x-hex. */
export interface WireCommitteeKeys {
  /** The committee's key-cache id (its aggregate key, 0x-hex). */
  id: string;
  aggregate?: string;
  /** [index in the committee, point]. */
  keys: [number, string][];
}

/** Committees a task may carry: a network's current and next, and a few more. */
const MAX_WIRE_COMMITTEES = 8;
/** Largest committee (mainnet's SYNC_COMMITTEE_SIZE). */
const MAX_WIRE_KEYS = 512;

export function committeeKeysToWire({ id, snapshot }: CommitteeKeys): WireCommitteeKeys {
  return {
    id,
    ...(snapshot.aggregate !== undefined ? { aggregate: bytesToHex(snapshot.aggregate) } : {}),
    keys: snapshot.keys.map(([i, point]) => [i, bytesToHex(point)]),
  };
}

/**
 * Checks committee keys that crossed a thread boundary and decodes them.
 * @throws InputError naming the first malformed field
 */
export function committeeKeysFromWire(value: unknown, title = 'committees'): CommitteeKeys[] {
  if (!Array.isArray(value) || value.length > MAX_WIRE_COMMITTEES) {
    throw new InputError(`"${title}" expected an array of at most ${MAX_WIRE_COMMITTEES} committees, got ${Array.isArray(value) ? value.length : typeof value}`);
  }
  return value.map((c: unknown, n) => {
    const at = `${title}[${n}]`;
    if (!isObject(c)) throw new InputError(`"${at}" expected an object, got ${c === null ? 'null' : typeof c}`);
    const id = bytesToHex(hexToBytes(c.id, 48, `${at}.id`));
    if (!Array.isArray(c.keys) || c.keys.length > MAX_WIRE_KEYS) {
      throw new InputError(`"${at}.keys" expected an array of at most ${MAX_WIRE_KEYS} entries`);
    }
    const keys = c.keys.map((entry: unknown, k): [number, Uint8Array] => {
      const index = Array.isArray(entry) && entry.length === 2 ? entry[0] : undefined;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= MAX_WIRE_KEYS) {
        throw new InputError(`"${at}.keys[${k}]" expected [index below ${MAX_WIRE_KEYS}, point]`);
      }
      return [index, hexToBytes((entry as unknown[])[1], UNCOMPRESSED_G1_LENGTH, `${at}.keys[${k}][1]`)];
    });
    const snapshot: PreparedKeysSnapshot = { keys };
    if (c.aggregate !== undefined) snapshot.aggregate = hexToBytes(c.aggregate, UNCOMPRESSED_G1_LENGTH, `${at}.aggregate`);
    return { id, snapshot };
  });
}
