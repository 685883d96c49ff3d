/**
 * Decoded sync-committee keys, one record per committee (by its key-cache id, see
 * BlsCommitteeRecord). A cache: a record that is malformed is skipped on load (and its keys
 * decoded again), never an error
 * that stops the light client; what a record claims is checked by the BLS front door against
 * the committee's proven keys before any point is used.
 * @module
 */
import { anumber, bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { BlsCommitteeRecord, VigilDb } from './db.ts';
import { guardDb } from './errors.ts';

/** Bytes of a committee id (a compressed G1 point, the aggregate key). */
const ID_BYTES = 48;
/** Bytes of an uncompressed G1 point. */
const POINT = 96;
/** Largest committee (mainnet's SYNC_COMMITTEE_SIZE). */
const MAX_KEYS = 512;
/** Committees kept per network: the current and next, and a few from before a re-sync. */
export const COMMITTEES_KEPT = 4;

/**
 * @example
 * const repo = new BlsCommitteeRepo(await openVigilDb());
 * await repo.save({ id, network: 'mainnet', aggregate, keys: [[3, point]], savedAt: Date.now() });
 * const [record] = await repo.load('mainnet', [id]);
 */
export class BlsCommitteeRepo {
  constructor(private readonly db: VigilDb) {}

  /**
   * The well-formed records of `network` among `ids` (in no particular order); a malformed
   * record is left out, as if it were missing.
   * @throws InputError for a bad network or id; StorageError `DB_ERROR`
   */
  async load(network: string, ids: readonly string[]): Promise<BlsCommitteeRecord[]> {
    checkNetwork(network, 'network');
    if (!Array.isArray(ids)) throw new InputError(`"ids" expected an array, got ${describe(ids)}`);
    const keys = [...new Set(ids.map((r, i) => bytesToHex(hexToBytes(r, ID_BYTES, `ids[${i}]`))))];
    const raw = await guardDb('committee keys load', () => this.db.blsCommittees.bulkGet(keys));
    return raw.flatMap((r) => {
      const record = r === undefined ? undefined : wellFormed(r);
      return record !== undefined && record.network === network ? [record] : [];
    });
  }

  /**
   * Stores `record`, keeping the points of an earlier record of the same id that it lacks
   * (two workers may have decoded different absent keys), then drops the network's oldest
   * records beyond {@link COMMITTEES_KEPT} and its malformed ones, never the one just saved.
   * One transaction.
   * @throws InputError for a malformed record; StorageError `DB_ERROR`
   */
  async save(record: BlsCommitteeRecord): Promise<void> {
    const next = checkRecord(record);
    await guardDb('committee keys save', () =>
      this.db.transaction('rw', this.db.blsCommittees, async () => {
        const old = await this.db.blsCommittees.get(next.id);
        const prev = old === undefined ? undefined : wellFormed(old);
        if (prev !== undefined && prev.network === next.network) {
          const have = new Set(next.keys.map(([i]) => i));
          for (const entry of prev.keys) if (!have.has(entry[0])) next.keys.push(entry);
          next.keys.sort((a, b) => a[0] - b[0]);
          if (next.aggregate === undefined && prev.aggregate !== undefined) next.aggregate = prev.aggregate;
        }
        await this.db.blsCommittees.put(next);
        const others = (await this.db.blsCommittees.where('network').equals(next.network).toArray()).filter((r) => r.id !== next.id);
        const kept = others.flatMap((r) => wellFormed(r) ?? []).sort((a, b) => b.savedAt - a.savedAt).slice(0, COMMITTEES_KEPT - 1);
        const keep = new Set(kept.map((r) => r.id));
        await this.db.blsCommittees.bulkDelete(others.filter((r) => !keep.has(r.id)).map((r) => r.id));
      }),
    );
  }
}


function checkNetwork(network: unknown, title: string): string {
  if (typeof network !== 'string' || network.length === 0 || network.length > 64) {
    throw new InputError(`"${title}" expected a string of 1 to 64 characters, got ${describe(network)}`);
  }
  return network;
}

function point(value: unknown, title: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== POINT) {
    throw new InputError(`"${title}" expected a ${POINT}-byte Uint8Array, got ${describe(value)}`);
  }
  return new Uint8Array(value);
}

/** Checks a record and returns a clean copy (own fields, compact bytes, lower-case id, sorted unique keys). */
function checkRecord(record: BlsCommitteeRecord): BlsCommitteeRecord {
  if (!isObject(record)) throw new InputError(`"record" expected an object, got ${describe(record)}`);
  const id = bytesToHex(hexToBytes(record.id, ID_BYTES, 'record.id'));
  const network = checkNetwork(record.network, 'record.network');
  if (!Array.isArray(record.keys) || record.keys.length > MAX_KEYS) {
    throw new InputError(`"record.keys" expected an array of at most ${MAX_KEYS} entries, got ${describe(record.keys)}`);
  }
  const seen = new Set<number>();
  const keys: [number, Uint8Array][] = record.keys.map((entry, n) => {
    if (!Array.isArray(entry) || entry.length !== 2) throw new InputError(`"record.keys[${n}]" expected [index, point]`);
    const index = anumber(entry[0], `record.keys[${n}][0]`);
    if (index >= MAX_KEYS || seen.has(index)) throw new InputError(`"record.keys[${n}][0]" expected a new index below ${MAX_KEYS}, got ${index}`);
    seen.add(index);
    return [index, point(entry[1], `record.keys[${n}][1]`)];
  });
  keys.sort((a, b) => a[0] - b[0]);
  const savedAt = anumber(record.savedAt, 'record.savedAt');
  const out: BlsCommitteeRecord = { id, network, keys, savedAt };
  if (record.aggregate !== undefined) out.aggregate = point(record.aggregate, 'record.aggregate');
  return out;
}

function wellFormed(raw: unknown): BlsCommitteeRecord | undefined {
  try {
    return checkRecord(raw as BlsCommitteeRecord);
  } catch {
    return undefined;
  }
}
