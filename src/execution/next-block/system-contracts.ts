/**
 * The storage a block's system calls write before its first transaction: EIP-4788's beacon roots
 * (Cancun on) and EIP-2935's block hashes (Prague on). A real block writes them, so a run in the
 * block after a head must too: without them, code asking the beacon roots contract for the
 * block's own timestamp would be refused in the simulation and answered on chain (a tell a
 * contract could pay out on). The slots are written without proving the contract's account: only
 * its own code reads them, and where it has none (a chain that never deployed it) nothing does.
 * Pure.
 * @module
 */
import { Address } from '@ethereumjs/util';
import { bigIntToBytesPadded, hexToBytes } from '../../core/bytes.ts';
import { type BlockEnv, forkAtLeast } from '../block-env.ts';

/** EIP-4788's BEACON_ROOTS_ADDRESS. */
export const BEACON_ROOTS_ADDRESS = '0x000f3df6d732807ef1319fb7b8bb8522d0beac02';
/** EIP-4788's HISTORY_BUFFER_LENGTH: timestamps at slots [0, 8191), their roots 8191 slots above. */
export const BEACON_ROOTS_BUFFER_LENGTH = 8191n;
/** EIP-2935's history contract (as deployed on L1 at Prague and on OP Stack chains at Isthmus). */
export const HISTORY_STORAGE_ADDRESS = '0x0000f90827f1c53a10cb7a02335b175320002935';
/** EIP-2935 HISTORY_SERVE_WINDOW: the ring buffer's length in blocks. */
export const HISTORY_SERVE_WINDOW = 8191n;

/** Where the storage a writer needs lives. */
export interface StorageWriter {
  putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void>;
}

/** One slot a block's system calls write: the contract, the slot, the 32-byte value. */
export interface SystemWrite {
  address: string;
  slot: bigint;
  value: Uint8Array;
}

/**
 * What the system calls at the start of block `env` write, given the root of the beacon block
 * before it (its parent beacon block root).
 */
export function preBlockSystemWrites(env: Pick<BlockEnv, 'fork' | 'number' | 'timestamp' | 'parentHash'>, parentBeaconRoot: Uint8Array): SystemWrite[] {
  const writes: SystemWrite[] = [];
  if (forkAtLeast(env.fork, 'cancun')) {
    const at = env.timestamp % BEACON_ROOTS_BUFFER_LENGTH;
    writes.push({ address: BEACON_ROOTS_ADDRESS, slot: at, value: bigIntToBytesPadded(env.timestamp, 32) });
    writes.push({ address: BEACON_ROOTS_ADDRESS, slot: at + BEACON_ROOTS_BUFFER_LENGTH, value: parentBeaconRoot });
  }
  if (forkAtLeast(env.fork, 'prague') && env.number > 0n) {
    writes.push({ address: HISTORY_STORAGE_ADDRESS, slot: (env.number - 1n) % HISTORY_SERVE_WINDOW, value: env.parentHash });
  }
  return writes;
}

/** Writes `writes` into a run's state. */
export async function applySystemWrites(state: StorageWriter, writes: readonly SystemWrite[]): Promise<void> {
  for (const w of writes) await state.putStorage(new Address(hexToBytes(w.address, 20)), bigIntToBytesPadded(w.slot, 32), w.value);
}
