/**
 * The `vigil` IndexedDB database (Dexie): its tables, its schema history and how it opens.
 *
 * The schema is a list of versions, oldest first, and never rewritten: a change appends a version
 * with its new `stores` and, where old records must change shape, an `upgrade` that runs once, in
 * the upgrade transaction, on databases created by older code. IndexedDB itself is injected, so
 * the browser passes nothing (the global one) and Node tests pass fake-indexeddb's.
 * @module
 */
import { Dexie, type EntityTable, type Transaction } from 'dexie';
import { InputError } from '../core/errors.ts';
import { StorageError } from './errors.ts';
import { type DevnetExitRowV6, devnetExitRowV7, type ExitRow } from './exits.ts';
import type { CallBatchRow } from './call-batches.ts';
import type { DataCheckRow } from './data-checks.ts';
import type { L2TransferRow } from './l2-transfers.ts';
import type { TransferCursorRow, TransferRow } from './transfers.ts';
import type { ActivityRow, ApprovalRow, PermissionRow, VaultRow } from './wallet.ts';

/**
 * Where a trusted checkpoint came from: the user (typed in Settings, or given to the CLI); the
 * devnet whose start-up object set the network (`devnet`); the beacon APIs on these hosts when the
 * user added the network ("Add network": `added`); a checkpoint saved with the network before
 * Vigil kept where it came from (`settings`); or the beacon APIs on these hosts, which all answered
 * the same finalized root at the first start (`agreed`, src/client/light-client/sync.ts).
 */
export type CheckpointOrigin = { kind: 'user' } | { kind: 'devnet' } | { kind: 'settings' } | { kind: 'added'; by: string[] } | { kind: 'agreed'; by: string[] };

/** One network's light-client store, as the L1 sync loop last saved it. */
export interface LightClientStoreRecord {
  /** Network id: `mainnet`, `sepolia`, `hoodi`, `devnet`, … (the primary key). */
  network: string;
  /** Version of the serialization in `data` (src/l1's; opaque here). */
  schema: number;
  /** Slot of the store's finalized header. Never decreases, except through `replace`. */
  finalizedSlot: number;
  /** Slot of the store's optimistic header (≥ finalizedSlot). */
  optimisticSlot: number;
  /** The store, serialized by src/l1. */
  data: Uint8Array;
  /** The trusted checkpoint (finalized block root, 0x-hex, lower case) the store grew from. */
  checkpoint: string;
  /**
   * Where `checkpoint` came from, so a resumed store can still say it. Not indexed (no schema
   * version): records saved before it existed simply have none.
   */
  origin?: CheckpointOrigin;
  /** When it was saved, ms since the epoch (the caller's clock). */
  savedAt: number;
  /**
   * Who signed the store's heads (src/client/light-client/head-signers.ts). Null, or absent in a record saved
   * before Vigil kept it (version 9 sets null): not known, so no head of it counts as signed by a
   * supermajority until a new one comes.
   */
  signers?: HeadSignersRecord | null;
}

/** sum(sync_committee_bits) of a sync aggregate, and the committee's size. */
export interface ParticipationRecord {
  participants: number;
  committeeSize: number;
}

/** A header (`H`: decoded in memory, 0x-hex of src/l1's serialization when stored) and who signed it. */
export interface SignedHeaderOf<H, S> {
  header: H;
  signedBy: S;
}

/**
 * Who signed the heads of a light-client store (src/client/light-client/head-signers.ts). `checkpoint`: the
 * trusted checkpoint the store grew from, which no aggregate signed; null: not known.
 */
export interface HeadSignersOf<H> {
  /** The aggregate that signed the store's optimistic header. */
  optimistic: ParticipationRecord | null;
  /** The update that moved the store's finalized header there (a forced one's best update included). */
  finalized: ParticipationRecord | 'checkpoint' | null;
  /** The newest header signed by at least two thirds of its committee: what signatures rest on. */
  signing: SignedHeaderOf<H, ParticipationRecord> | null;
  /** The newest header finalized by an update signed by at least two thirds (or the checkpoint). */
  final: SignedHeaderOf<H, ParticipationRecord | 'checkpoint'> | null;
}

/** As a store record keeps it: headers as 0x-hex. */
export type HeadSignersRecord = HeadSignersOf<string>;

/**
 * A sync committee's keys as the BLS front door decoded them (src/crypto/bls.ts
 * PreparedKeysSnapshot), so a restarted background does not decode them again. Only a cache:
 * every point is checked against the committee's own compressed key when it is used.
 */
export interface BlsCommitteeRecord {
  /** The committee's key-cache id (its aggregate_pubkey, 0x-hex, lower case; the primary key). */
  id: string;
  /** The network whose light client proved this committee. */
  network: string;
  /** The committee's aggregate key, uncompressed (96 bytes), once decoded. */
  aggregate?: Uint8Array;
  /** [index in the committee, uncompressed point (96 bytes)]. */
  keys: [number, Uint8Array][];
  /** ms since the epoch (the caller's clock); older records go first when pruning. */
  savedAt: number;
}

export interface SettingRecord {
  key: string;
  /** Any structured-cloneable value. */
  value: unknown;
}

export type VigilDb = Dexie & {
  lightClientStores: EntityTable<LightClientStoreRecord, 'network'>;
  settings: EntityTable<SettingRecord, 'key'>;
  blsCommittees: EntityTable<BlsCommitteeRecord, 'id'>;
  vault: EntityTable<VaultRow, 'id'>;
  permissions: EntityTable<PermissionRow, 'origin'>;
  activity: EntityTable<ActivityRow, 'hash'>;
  approvals: EntityTable<ApprovalRow, 'id'>;
  l2Transfers: EntityTable<L2TransferRow, 'id'>;
  exits: EntityTable<ExitRow, 'id'>;
  callBatches: EntityTable<CallBatchRow, 'key'>;
  dataChecks: EntityTable<DataCheckRow, 'key'>;
  transfers: EntityTable<TransferRow, 'key'>;
  transferCursors: EntityTable<TransferCursorRow, 'key'>;
};

export interface SchemaVersion {
  version: number;
  /** Dexie's `stores()` spec: the primary key first, then indexes; null deletes a table. */
  stores: Record<string, string | null>;
  /** Runs once when a database of an older version is opened. */
  upgrade?: (tx: Transaction) => PromiseLike<unknown> | void;
}

/** Vigil's schema history. Append, never edit: a shipped version is in users' browsers. */
export const VIGIL_SCHEMA: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      lightClientStores: 'network',
      settings: 'key',
    },
  },
  {
    // Decoded sync-committee keys (a cache; nothing to migrate).
    version: 2,
    stores: {
      blsCommittees: 'id, network',
    },
  },
  {
    // The wallet (src/storage/wallet.ts): new tables, nothing to migrate.
    version: 3,
    stores: {
      vault: 'id',
      permissions: 'origin',
      activity: 'hash, status, createdAt, from',
      approvals: 'id, requestKey, status',
    },
  },
  {
    // L2 transfers the wallet signed (src/storage/l2-transfers.ts): a new table.
    version: 4,
    stores: {
      l2Transfers: 'id, status, createdAt, rollupChainId',
    },
  },
  {
    // Forced exits (src/storage/exits.ts): a new table.
    version: 5,
    stores: {
      exits: 'id, step, createdAt',
    },
  },
  {
    // Real rollups' forced exits (their own repository then): a new table beside `exits`, whose
    // devnet records are of another shape (an L2 index, a contract): nothing to migrate.
    version: 6,
    stores: {
      exitPlans: 'id, createdAt, [rollupChainId+owner]',
    },
  },
  {
    // One table of exits for every rollup (src/storage/exits.ts): the devnet rollup's exit is an
    // exit plan like the others now. Its rows of version 5 take the plans' shape; the plans' rows
    // move over as they are; `exitPlans` goes.
    version: 7,
    stores: {
      exits: 'id, createdAt, [rollupChainId+owner]',
      exitPlans: null,
    },
    upgrade: async (tx) => {
      const exits = tx.table<ExitRow | DevnetExitRowV6, string>('exits');
      const devnet = (await exits.toArray()) as DevnetExitRowV6[];
      const plans = (await tx.table<ExitRow, string>('exitPlans').toArray()) as ExitRow[];
      await exits.clear();
      const taken = new Set<string>();
      for (const row of [...plans, ...devnet.map(devnetExitRowV7)]) {
        // Two exits of one owner begun in the same second (two L2 accounts): told apart by the index.
        const id = taken.has(row.id) ? `${row.id}:${row.facts.index ?? taken.size}` : row.id;
        taken.add(id);
        await exits.add({ ...row, id });
      }
    },
  },
  {
    // Activity states follow finality (src/storage/wallet.ts): a row confirmed by a receipt is
    // "included" until its block is proven final (re-checked at each head), a failed one likewise.
    version: 8,
    stores: {},
    upgrade: async (tx) => {
      await tx
        .table<Omit<ActivityRow, 'status'> & { status: string }, string>('activity')
        .toCollection()
        .modify((row) => {
          if ((row.status === 'confirmed' || row.status === 'failed') && row.receipt) {
            row.settledIn = { blockNumber: row.receipt.blockNumber, blockHash: row.receipt.blockHash, final: false };
            if (row.status === 'confirmed') row.status = 'included';
          }
        });
    },
  },
  {
    // Light-client stores keep who signed their heads (`signers`): the records of older code did
    // not count, so theirs is unknown (null) and no head of theirs is signed against until a new
    // one comes (src/wallet/signing-head.ts).
    version: 9,
    stores: {},
    upgrade: async (tx) => {
      await tx
        .table<LightClientStoreRecord, string>('lightClientStores')
        .toCollection()
        .modify((row) => {
          if (row.signers === undefined) row.signers = null;
        });
    },
  },
  {
    // EIP-5792 call batches (src/storage/call-batches.ts): a new table.
    version: 10,
    stores: {
      callBatches: 'key, createdAt',
    },
  },
  {
    // What blob sampling found per batch (src/storage/data-checks.ts): a new table.
    version: 11,
    stores: {
      dataChecks: 'key, savedAt',
    },
  },
  {
    // Proven transfers of the wallet's accounts and how far each account's are known
    // (src/storage/transfers.ts): new tables, nothing to migrate.
    version: 12,
    stores: {
      transfers: 'key, chainId, block',
      transferCursors: 'key, chainId',
    },
  },
];

export const VIGIL_DB_NAME = 'vigil';

export interface OpenVigilDbOptions {
  /** Default `vigil`. */
  name?: string;
  /** Default: the global `indexedDB`. Node tests pass fake-indexeddb's `IDBFactory`. */
  indexedDB?: { open: Function };
  /** Default: the global `IDBKeyRange`. */
  IDBKeyRange?: { bound: Function; lowerBound: Function; upperBound: Function };
  /** Default VIGIL_SCHEMA. Tests pass a longer history to exercise a migration. */
  schema?: readonly SchemaVersion[];
}

/**
 * Opens (creating or upgrading) the database.
 * @throws StorageError `DB_OPEN_FAILED` (with the Dexie error as `cause`).
 * @example
 * const db = await openVigilDb(); // in the extension
 * const db = await openVigilDb({ indexedDB: new IDBFactory(), IDBKeyRange }); // in Node tests
 */
export async function openVigilDb(options: OpenVigilDbOptions = {}): Promise<VigilDb> {
  const schema = options.schema ?? VIGIL_SCHEMA;
  checkSchema(schema);
  const db = new Dexie(options.name ?? VIGIL_DB_NAME, {
    autoOpen: false,
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as VigilDb;
  for (const v of schema) {
    const version = db.version(v.version).stores(v.stores);
    if (v.upgrade) version.upgrade(v.upgrade);
  }
  try {
    await db.open();
  } catch (cause) {
    db.close();
    const name = cause instanceof Error ? cause.name : typeof cause;
    throw new StorageError('DB_OPEN_FAILED', `cannot open the "${db.name}" database (${name})`, { cause });
  }
  return db;
}

function checkSchema(schema: readonly SchemaVersion[]): void {
  let last = 0;
  for (const v of schema) {
    if (!Number.isInteger(v.version) || v.version <= last) {
      throw new InputError(`"schema" versions expected positive integers in increasing order, got ${v.version} after ${last}`);
    }
    last = v.version;
  }
  if (last === 0) throw new InputError('"schema" expected at least one version');
}
