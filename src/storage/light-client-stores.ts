/**
 * The persisted light-client store, one record per network. Every write is one IndexedDB
 * transaction that reads the stored record, compares and writes, so the finalized header never
 * moves backwards (a stale writer — an older service-worker instance, a second window — is
 * refused), and a failure anywhere in it leaves the previous record as it was.
 * @module
 */
import { anumber, bytesToHex, describe, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { CheckpointOrigin, HeadSignersRecord, LightClientStoreRecord, VigilDb } from './db.ts';
import { guardDb, StorageError } from './errors.ts';

/**
 * @example
 * const repo = new LightClientStoreRepo(await openVigilDb());
 * await repo.save({ network: 'mainnet', schema: 1, finalizedSlot, optimisticSlot, data, checkpoint, savedAt: Date.now() });
 * const record = await repo.load('mainnet');
 */
export class LightClientStoreRepo {
  constructor(private readonly db: VigilDb) {}

  /** The stored record, or undefined. @throws StorageError `CORRUPT_RECORD`, `DB_ERROR`. */
  async load(network: string): Promise<LightClientStoreRecord | undefined> {
    checkNetwork(network);
    const raw = await guardDb('light-client store load', () => this.db.lightClientStores.get(network));
    return raw === undefined ? undefined : checkStored(raw, network);
  }

  /**
   * Saves `record` unless the stored one for its network has a higher finalized slot
   * (`FINALIZED_REGRESSION`) or another checkpoint (`CHECKPOINT_MISMATCH`); either way the
   * stored record is left intact. An equal finalized slot is accepted (the optimistic header
   * moved). Joins an enclosing Dexie transaction over `lightClientStores`, if any.
   * @throws InputError for a malformed record; StorageError as above, or `DB_ERROR`.
   */
  async save(record: LightClientStoreRecord): Promise<void> {
    const next = checkRecord(record);
    await guardDb('light-client store save', () =>
      this.db.transaction('rw', this.db.lightClientStores, async () => {
        const stored = await this.db.lightClientStores.get(next.network);
        if (stored !== undefined) {
          const prev = checkStored(stored, next.network);
          if (next.finalizedSlot < prev.finalizedSlot) {
            throw new StorageError('FINALIZED_REGRESSION', `${next.network}: the finalized header would move backwards`, {
              expected: `finalizedSlot >= ${prev.finalizedSlot}`,
              got: String(next.finalizedSlot),
            });
          }
          if (next.checkpoint !== prev.checkpoint) {
            throw new StorageError('CHECKPOINT_MISMATCH', `${next.network}: the store grew from another checkpoint; use replace()`, {
              expected: prev.checkpoint,
              got: next.checkpoint,
            });
          }
        }
        await this.db.lightClientStores.put(next);
      }),
    );
  }

  /**
   * Writes `record` whatever is stored: for a new checkpoint the user chose, which may be older
   * than the stored finalized header. Returns the record it replaced.
   */
  async replace(
    record: LightClientStoreRecord,
    options: { allowRegression: true },
  ): Promise<LightClientStoreRecord | undefined> {
    if (options?.allowRegression !== true) {
      throw new InputError('replace() expected { allowRegression: true }; to move forward only, use save()');
    }
    const next = checkRecord(record);
    return guardDb('light-client store replace', () =>
      this.db.transaction('rw', this.db.lightClientStores, async () => {
        const stored = await this.db.lightClientStores.get(next.network);
        await this.db.lightClientStores.put(next);
        // A damaged old record is still replaced; it is just not handed back.
        return stored !== undefined && validStored(stored) ? stored : undefined;
      }),
    );
  }

  /** Deletes the network's record; true when there was one. */
  async delete(network: string): Promise<boolean> {
    checkNetwork(network);
    return guardDb('light-client store delete', () =>
      this.db.transaction('rw', this.db.lightClientStores, async () => {
        const existed = (await this.db.lightClientStores.get(network)) !== undefined;
        await this.db.lightClientStores.delete(network);
        return existed;
      }),
    );
  }
}


function checkNetwork(network: unknown): string {
  if (typeof network !== 'string' || network.length === 0 || network.length > 64) {
    throw new InputError(`"network" expected a string of 1 to 64 characters, got ${describe(network)}`);
  }
  return network;
}

/** Checks a record to write, and returns a clean copy (own fields only, compact bytes, lower-case root). */
function checkRecord(record: LightClientStoreRecord): LightClientStoreRecord {
  if (!isObject(record)) throw new InputError(`"record" expected an object, got ${describe(record)}`);
  const network = checkNetwork(record.network);
  const schema = anumber(record.schema, 'record.schema');
  const finalizedSlot = anumber(record.finalizedSlot, 'record.finalizedSlot');
  const optimisticSlot = anumber(record.optimisticSlot, 'record.optimisticSlot');
  if (optimisticSlot < finalizedSlot) {
    throw new InputError(`"record.optimisticSlot" expected >= finalizedSlot ${finalizedSlot}, got ${optimisticSlot}`);
  }
  if (!(record.data instanceof Uint8Array)) {
    throw new InputError(`"record.data" expected Uint8Array, got ${describe(record.data)}`);
  }
  const checkpoint = bytesToHex(hexToBytes(record.checkpoint, 32, 'record.checkpoint'));
  const savedAt = anumber(record.savedAt, 'record.savedAt');
  // A view into a larger buffer would store the whole buffer: store exactly its bytes.
  const data = new Uint8Array(record.data);
  const origin = checkOrigin(record.origin);
  // Absent stays absent (a record of older code); anything else is a clean copy, or null.
  const signers = record.signers === undefined ? undefined : checkSigners(record.signers);
  return { network, schema, finalizedSlot, optimisticSlot, data, checkpoint, savedAt, ...(origin ? { origin } : {}), ...(signers !== undefined ? { signers } : {}) };
}

/** A serialized header: 0x and an even number of hex digits, a few kilobytes at most. */
const HEADER_HEX = /^0x(?:[0-9a-f]{2}){1,4096}$/;

/**
 * Who signed the store's heads, checked, or null (not known). Like the origin, a note beside the
 * verified store: one that does not parse is dropped (its heads then count as thinly signed until
 * new ones come) rather than losing the store.
 */
function checkSigners(value: unknown): HeadSignersRecord | null {
  // A participation: whole numbers (isSafeInteger is false for anything else), 0 ≤ participants ≤ size.
  const by = (x: unknown, checkpoint: boolean): boolean =>
    (checkpoint && x === 'checkpoint') ||
    (isObject(x) && Number.isSafeInteger(x.participants) && Number.isSafeInteger(x.committeeSize) && (x.participants as number) >= 0 && (x.participants as number) <= (x.committeeSize as number) && (x.committeeSize as number) > 0);
  const header = (x: unknown, checkpoint: boolean): boolean => x === null || (isObject(x) && typeof x.header === 'string' && HEADER_HEX.test(x.header) && by(x.signedBy, checkpoint));
  if (!isObject(value)) return null;
  const { optimistic, finalized, signing, final } = value;
  if (!(optimistic === null || by(optimistic, false)) || !(finalized === null || by(finalized, true)) || !header(signing, false) || !header(final, true)) return null;
  return structuredClone({ optimistic, finalized, signing, final }) as HeadSignersRecord;
}

const MAX_AGREED_HOSTS = 32;

/**
 * A clean copy of the checkpoint's origin, or undefined. Only a note on the checkpoint, not part
 * of what was verified: one that does not parse is left out rather than losing the store.
 */
function checkOrigin(value: unknown): CheckpointOrigin | undefined {
  if (!isObject(value)) return undefined;
  if (value.kind === 'user' || value.kind === 'devnet' || value.kind === 'settings') return { kind: value.kind };
  const by = value.by;
  if ((value.kind !== 'agreed' && value.kind !== 'added') || !Array.isArray(by) || by.length === 0 || by.length > MAX_AGREED_HOSTS) return undefined;
  if (!by.every((h) => typeof h === 'string' && h.length > 0 && h.length <= 255)) return undefined;
  return { kind: value.kind, by: [...by] };
}

function validStored(raw: unknown): raw is LightClientStoreRecord {
  try {
    checkRecord(raw as LightClientStoreRecord);
    return true;
  } catch {
    return false;
  }
}

function checkStored(raw: unknown, network: string): LightClientStoreRecord {
  let record: LightClientStoreRecord;
  try {
    record = checkRecord(raw as LightClientStoreRecord);
  } catch (cause) {
    throw new StorageError('CORRUPT_RECORD', `${network}: the stored light-client store record is malformed`, { cause });
  }
  if (record.network !== network) {
    throw new StorageError('CORRUPT_RECORD', `${network}: the stored record names another network`, {
      expected: network,
      got: record.network,
    });
  }
  return record;
}
