/**
 * The CLI's store persistence: one JSON file per network in a data directory, written atomically
 * (a temporary file renamed over the old one), refusing to move the finalized slot backwards.
 * @module
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import type { LightClientStoreRecord, StorePersistence } from '../client/light-client/store-persistence.ts';
import { StorageError } from '../storage/errors.ts';

export function defaultDataDir(): string {
  return process.env.VIGIL_DATA_DIR ?? join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'vigil');
}

export function fileStorePersistence(dir: string): StorePersistence {
  const path = (network: string) => {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(network)) throw new InputError(`network id "${network}" is not a safe file name`);
    return join(dir, `${network}.light-client.json`);
  };
  const read = (network: string): LightClientStoreRecord | undefined => {
    let text: string;
    try {
      text = readFileSync(path(network), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const json = JSON.parse(text);
      return { ...json, data: hexToBytes(json.data, undefined, 'data') };
    } catch (err) {
      throw new StorageError('CORRUPT_RECORD', `${path(network)} is not a light-client store record`, { cause: err });
    }
  };
  const write = (record: LightClientStoreRecord) => {
    mkdirSync(dir, { recursive: true });
    const target = path(record.network);
    const tmp = `${target}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...record, data: bytesToHex(record.data) }));
    renameSync(tmp, target);
  };
  return {
    async load(network) {
      return read(network);
    },
    async save(record) {
      const old = read(record.network);
      if (old && record.finalizedSlot < old.finalizedSlot) {
        throw new StorageError('FINALIZED_REGRESSION', `${record.network}: the finalized header would move backwards`, {
          expected: `finalizedSlot >= ${old.finalizedSlot}`,
          got: String(record.finalizedSlot),
        });
      }
      write(record);
    },
    async replace(record) {
      write(record);
    },
  };
}
