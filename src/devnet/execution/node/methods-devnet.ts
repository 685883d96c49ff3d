/**
 * The devnet's own methods. `devnet_mine` builds the next block with what the beacon devnet's
 * slot gives it (timestamp, the parent beacon block root, slot, fee recipient, prevRandao,
 * withdrawals) and answers its hash; `evm_mine`, `evm_increaseTime`, `evm_snapshot` and
 * `evm_revert` keep Hardhat's meaning for tests that run the node alone; `devnet_getBlobsBundle`
 * hands the beacon devnet a block's blobs, commitments and proofs for its sidecars.
 * @module
 */
import type { Block } from '@ethereumjs/block';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, concatBytes } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { aobject } from '../../../core/json.ts';
import { keccak256 } from '../../../crypto/keccak.ts';
import { parseRpcWithdrawals } from '../../../execution/withdrawals.ts';
import { address, hash32, type MethodTable, paramsOf, u64 } from './params.ts';
import { RpcError, SERVER_ERROR } from './rpc-error.ts';
import type { DevChain, MineOptions } from './types.ts';

/** The clock evm_mine reads when given no timestamp (seconds); a parameter so tests can fix it. */
export type Clock = () => bigint;
export const wallClock: Clock = () => BigInt(Math.floor(Date.now() / 1000));

/** devnet_mine, evm_mine, evm_increaseTime, evm_snapshot, evm_revert, devnet_getBlobsBundle; `clock` is evm_mine's default time. */
export function devnetMethods(chain: DevChain, clock: Clock = wallClock): MethodTable {
  /** evm_increaseTime's total: like Hardhat's, it stays added to every later default timestamp. */
  let offset = 0n;

  /**
   * Mining calls one after the other, each reading the head once the one before has built on it
   * (two evm_mine at once must not both take the same default timestamp).
   */
  let mining: Promise<unknown> = Promise.resolve();
  const mine = (options: (head: Block) => MineOptions): Promise<string> => {
    const next = mining.then(async () => {
      const head = chain.head();
      const o = options(head);
      if (o.timestamp <= head.header.timestamp) throw new RpcError(SERVER_ERROR, `timestamp ${o.timestamp} is not after the head's (${head.header.timestamp})`);
      return bytesToHex((await chain.mine(o)).hash());
    });
    mining = next.catch(() => {});
    return next;
  };

  return {
    devnet_mine: (p) => {
      const options = mineOptions(paramsOf(p, 1)[0]);
      return mine(() => options);
    },

    evm_mine: async (p) => {
      const [given] = paramsOf(p, 1);
      const timestamp = given === undefined || given === null ? undefined : seconds(given, 'timestamp');
      await mine((head) => {
        const now = clock() + offset;
        return derivedMineOptions(timestamp ?? (now > head.header.timestamp ? now : head.header.timestamp + 1n), head.header.number + 1n);
      });
      return '0x0';
    },

    evm_increaseTime: (p) => {
      offset += seconds(paramsOf(p, 1)[0], 'seconds');
      return Number(offset);
    },

    evm_snapshot: (p) => (paramsOf(p, 0), chain.snapshot()),
    evm_revert: async (p) => {
      const [id] = paramsOf(p, 1);
      if (typeof id !== 'string') throw new InputError('"snapshot id" expected a string');
      return chain.revert(id);
    },

    devnet_getBlobsBundle: (p) => {
      const bundle = chain.blobsBundle(hash32(paramsOf(p, 1)[0], 'block hash'));
      if (bundle === undefined) return null;
      return {
        commitments: bundle.commitments.map(bytesToHex),
        proofs: bundle.proofs.map(bytesToHex),
        blobs: bundle.blobs.map(bytesToHex),
        wrapperVersion: bigIntToHex(bundle.wrapperVersion),
      };
    },
  };
}

/** A number of seconds: a JSON number or a hex quantity (Hardhat takes both). */
function seconds(value: unknown, title: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  return u64(value, title);
}

/** devnet_mine's one parameter. */
function mineOptions(value: unknown): MineOptions {
  const o = aobject(value, 'mine options');
  const options: MineOptions = {
    timestamp: u64(o.timestamp, 'timestamp'),
    parentBeaconBlockRoot: hash32(o.parentBeaconBlockRoot, 'parentBeaconBlockRoot'),
    feeRecipient: address(o.feeRecipient, 'feeRecipient'),
    prevRandao: hash32(o.prevRandao, 'prevRandao'),
  };
  if (o.slotNumber !== undefined && o.slotNumber !== null) options.slotNumber = u64(o.slotNumber, 'slotNumber');
  if (o.withdrawals !== undefined && o.withdrawals !== null) options.withdrawals = parseRpcWithdrawals(o.withdrawals, 'withdrawals');
  return options;
}

/**
 * What evm_mine, run with no beacon chain behind the node, puts where the slot's fields go: the
 * parent beacon block root, fee recipient and prevRandao are each keccak256 of a label and the
 * block's timestamp (so the same timestamp gives the same block fields, and a contract reading
 * EIP-4788 at that time finds a root a test can compute), the slot number the block number.
 */
export function derivedMineOptions(timestamp: bigint, number: bigint): MineOptions {
  const derive = (label: string) => keccak256(concatBytes(new TextEncoder().encode(`vigil evm_mine ${label}`), bigIntToBytesPadded(timestamp, 8)));
  return {
    timestamp,
    parentBeaconBlockRoot: derive('parentBeaconBlockRoot'),
    feeRecipient: derive('feeRecipient').slice(12),
    prevRandao: derive('prevRandao'),
    slotNumber: number,
  };
}
