/**
 * Shared by the devnet chain's tests: a chain per fork (Amsterdam: Osaka at genesis, Amsterdam
 * from block 2 on, so the transition is built too), blocks mined one slot apart with roots and
 * randomness derived from the slot, and a header in the JSON-RPC shape Vigil's parser reads.
 */
import type { Block } from '@ethereumjs/block';
import { bigIntToBytes, bigIntToBytesPadded, bytesToHex, concatBytes, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { createDevChain, type DevChainOptions } from '../../../../src/devnet/execution/node/chain.ts';
import type { DevChain } from '../../../../src/devnet/execution/node/types.ts';

export const GENESIS_TIME = 1_700_000_000n;
export const SLOT = 12n;
export type TestFork = 'cancun' | 'prague' | 'osaka' | 'amsterdam';
export const FORKS: readonly TestFork[] = ['cancun', 'prague', 'osaka', 'amsterdam'];

/** A chain at `fork`; `amsterdam` is Osaka with Amsterdam from the second block's timestamp. */
export function chainAt(fork: TestFork, options: Partial<DevChainOptions> = {}): Promise<DevChain> {
  return createDevChain({
    genesisTimestamp: GENESIS_TIME,
    ...(fork === 'amsterdam' ? { fork: 'osaka', amsterdamTime: GENESIS_TIME + 2n * SLOT } : { fork }),
    ...options,
  });
}

/** The beacon root the test says precedes slot `slot`. */
export const rootFor = (slot: bigint): Uint8Array => keccak256(concatBytes(new TextEncoder().encode('root'), bigIntToBytes(slot)));

/** Mines the next block one slot after the head. */
export function mineNext(chain: DevChain, slots = 1n): Promise<Block> {
  const head = chain.head();
  const slot = (head.header.timestamp - GENESIS_TIME) / SLOT + slots;
  return chain.mine({
    timestamp: GENESIS_TIME + slot * SLOT,
    parentBeaconBlockRoot: rootFor(slot),
    slotNumber: slot,
    feeRecipient: chain.accounts[9]!.address,
    prevRandao: keccak256(rootFor(slot)),
  });
}

const RPC_NAMES: Record<string, string> = { uncleHash: 'sha3Uncles', coinbase: 'miner', transactionsTrie: 'transactionsRoot', receiptTrie: 'receiptsRoot' };

/** The block's header as eth_getBlockByHash prints it (ethereumjs's names mapped to JSON-RPC's), with its hash. */
export function rpcHeader(block: Block): Record<string, string> {
  const json: Record<string, string> = { hash: bytesToHex(block.hash()) };
  for (const [key, value] of Object.entries(block.header.toJSON())) if (value !== undefined) json[RPC_NAMES[key] ?? key] = value as string;
  return json;
}

/** A contract's init code that deploys `runtime` (hex, no 0x). */
export function initCode(runtime: string): Uint8Array {
  const length = runtime.length / 2;
  if (length > 255) throw new Error('runtime too long for this init code');
  return hexToBytes(`0x60${length.toString(16).padStart(2, '0')}8060095f395ff3${runtime}`);
}

/** A 32-byte storage key. */
export const slotKey = (n: bigint): Uint8Array => bigIntToBytesPadded(n, 32);
