/**
 * The L1 side of the devnet rollup's proven batch: `commitBatch` sent from an unlocked dev account
 * on the node's own JSON-RPC, its receipt awaited, its `BatchCommitted` event read back; a revert
 * named by the contract's custom error. The proof comes from ./prover.ts; ./proving-loop.ts calls both.
 * @module
 */
import { decodeErrorResult, decodeEventLog, encodeFunctionData, type Hex } from 'viem';
import { hexToBigInt } from '../../core/bytes.ts';
import { sleep } from '../../core/sleep.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import type { Transaction } from '../../l2/vigil-zk/transactions.ts';
import { TX_FIELDS } from '../../l2/vigil-zk/transactions.ts';
import { ARTIFACTS } from './contracts/artifacts.ts';

const ROLLUP_ABI = ARTIFACTS.VigilRollup.abi;
const RPC = { timeoutMs: 15_000, maxBytes: 1 << 24 };

export interface BatchCommittedEvent {
  batch: bigint;
  oldRoot: bigint;
  newRoot: bigint;
  txDataHash: bigint;
  queueStart: bigint;
  queueEnd: bigint;
}

export interface CommitOptions {
  /** The node's own JSON-RPC (the dev account is unlocked there). */
  rpc: string;
  /** The unlocked dev account that sends (and pays for) commits. */
  from: string;
  contract: string;
  /** The K slots, NOOP-padded. */
  txs: readonly Transaction[];
  newRoot: bigint;
  queueEnd: bigint;
  /** snarkjs's exportSolidityCallData words. */
  words: readonly bigint[];
  timeoutMs?: number;
}

export interface Committed {
  l1TxHash: string;
  l1Block: number;
  gasUsed: bigint;
  event: BatchCommittedEvent;
}

/** A commit L1 refused: `reason` is the contract's custom error when the node names it. */
export class CommitRefused extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/**
 * `commitBatch(txs, newRoot, queueEnd, proof)` calldata from the contract's ABI: `txs[field][slot]`
 * (Solidity's uint256[K][7]) in SPEC's field order.
 */
export function commitBatchCalldata(txs: readonly Transaction[], newRoot: bigint, queueEnd: bigint, words: readonly bigint[]): Hex {
  const columns = TX_FIELDS.map((f) => txs.map((tx) => tx[f]));
  return encodeFunctionData({ abi: ROLLUP_ABI, functionName: 'commitBatch', args: [columns, newRoot, queueEnd, words] } as never);
}

/**
 * Sends the commit from `from`, waits for its receipt (a block per slot on the devnet) and returns
 * its BatchCommitted event. The gas is the node's estimate (plus a margin): a batch L1 would refuse
 * is refused here with the contract's error, before anything is sent.
 * @throws CommitRefused (estimate or receipt status 0), Error (transport, timeout).
 */
export async function commitBatchOnL1(options: CommitOptions): Promise<Committed> {
  const { rpc, from, contract } = options;
  const data = commitBatchCalldata(options.txs, options.newRoot, options.queueEnd, options.words);
  let gas: bigint;
  try {
    gas = hexToBigInt((await jsonRpcCall(rpc, 'eth_estimateGas', [{ from, to: contract, data }], RPC)) as string, 'gas');
  } catch (err) {
    const reason = revertReason(err);
    throw new CommitRefused(`commitBatch would revert: ${reason}`, reason);
  }
  const hash = (await jsonRpcCall(rpc, 'eth_sendTransaction', [{ from, to: contract, data, gas: `0x${((gas * 6n) / 5n).toString(16)}` }], RPC)) as string;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const r = (await jsonRpcCall(rpc, 'eth_getTransactionReceipt', [hash], RPC)) as ReceiptJson | null;
    if (r !== null) {
      if (Number(r.status) !== 1) throw new CommitRefused(`commitBatch ${hash} reverted in block ${Number(r.blockNumber)}`, 'reverted');
      const event = batchCommittedOf(r, contract);
      if (event === null) throw new Error(`commitBatch ${hash} succeeded without a BatchCommitted event`);
      return { l1TxHash: hash, l1Block: Number(r.blockNumber), gasUsed: BigInt(r.gasUsed), event };
    }
    if (Date.now() > deadline) throw new Error(`commitBatch ${hash} not mined within ${options.timeoutMs ?? 60_000} ms`);
    await sleep(200);
  }
}

interface ReceiptJson {
  status: string;
  blockNumber: string;
  gasUsed: string;
  logs: { address: string; topics: Hex[]; data: Hex }[];
}

/** The BatchCommitted event in a receipt's logs of `contract`, or null. */
export function batchCommittedOf(receipt: { logs: readonly { address: string; topics: readonly string[]; data: string }[] }, contract: string): BatchCommittedEvent | null {
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== contract.toLowerCase()) continue;
    try {
      const decoded = decodeEventLog({ abi: ROLLUP_ABI, data: log.data as Hex, topics: log.topics as [Hex, ...Hex[]] });
      if (decoded.eventName === 'BatchCommitted') return decoded.args as unknown as BatchCommittedEvent;
    } catch {
      // another event
    }
  }
  return null;
}

/** The contract's custom error in a JSON-RPC error's data (Hardhat passes the revert data), else the message. */
export function revertReason(err: unknown): string {
  const data = (err as { rpcData?: unknown } | null)?.rpcData;
  const hex = typeof data === 'string' ? data : typeof (data as { data?: unknown } | null)?.data === 'string' ? (data as { data: string }).data : undefined;
  if (hex !== undefined && /^0x[0-9a-fA-F]{8,}$/.test(hex)) {
    try {
      const decoded = decodeErrorResult({ abi: ROLLUP_ABI, data: hex as Hex });
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(', ')})`;
    } catch {
      return hex;
    }
  }
  return err instanceof Error ? err.message : String(err);
}
