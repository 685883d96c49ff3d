/**
 * The L1 side of the devnet rollup's proven batch: `commitBatch` (calldata) sent from an unlocked
 * dev account on the node's own JSON-RPC, or `commitBatchBlob` in a type-3 transaction carrying
 * the batch's blob, signed here with the committer's key (the node signs no blob transaction) and
 * sent in the network form the node's fork takes; its receipt awaited, its `BatchCommitted` event
 * read back; a revert named by the contract's custom error. The proof comes from ./prover.ts, the
 * blob's proofs from ./blob-kzg.ts; ./proving-loop.ts calls them.
 * @module
 */
import type { Common } from '@ethereumjs/common';
import { createBlob4844Tx } from '@ethereumjs/tx';
import { decodeErrorResult, decodeEventLog, encodeFunctionData, type Hex } from 'viem';
import { bigIntToHex, bytesToHex, hexToBigInt } from '../../core/bytes.ts';
import { sleep } from '../../core/sleep.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import { encodeCommitBatchBlob, type Payout, wordsToProof } from '../../l2/vigil-zk/calldata.ts';
import type { Transaction } from '../../l2/vigil-zk/transactions.ts';
import { TX_FIELDS } from '../../l2/vigil-zk/transactions.ts';
import type { BatchBlob, BlobProofs, BlobWrapper } from './blob-kzg.ts';
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
  const gas = await estimate(rpc, { from, to: contract, data }, 'commitBatch');
  const hash = (await jsonRpcCall(rpc, 'eth_sendTransaction', [{ from, to: contract, data, gas: bigIntToHex((gas * 6n) / 5n) }], RPC)) as string;
  return awaitCommit(rpc, contract, hash, 'commitBatch', options.timeoutMs);
}

/** The dev account's key, and the rules its blob transactions are signed under. */
export interface BlobSigner {
  /** The committer's private key (a dev account: the devnet's mnemonic). */
  privateKey: Uint8Array;
  /** The node's chain rules (src/devnet/execution/node/genesis.ts devCommon), with its KZG. */
  common: Common;
  /** The network form the node's fork takes. */
  wrapper: BlobWrapper;
}

export interface BlobCommitOptions {
  rpc: string;
  from: string;
  contract: string;
  signer: BlobSigner;
  newRoot: bigint;
  queueEnd: bigint;
  txDataHash: bigint;
  /** K payouts in slot order (0, 0 for a slot that pays nothing). */
  payouts: readonly Payout[];
  blob: BatchBlob;
  proofs: BlobProofs;
  /** snarkjs's exportSolidityCallData words. */
  words: readonly bigint[];
  timeoutMs?: number;
}

/**
 * Sends `commitBatchBlob` in a type-3 transaction whose one blob is the batch's, waits for its
 * receipt and returns its BatchCommitted event. Gas as commitBatchOnL1 (estimated with the blob's
 * versioned hash, so a refusal names the contract's error before anything is sent); fees from the
 * node's head, with room for two blocks' rises.
 * @throws CommitRefused (estimate or receipt status 0), Error (transport, timeout, the node refusing the transaction).
 */
export async function commitBatchBlobOnL1(options: BlobCommitOptions): Promise<Committed> {
  const { rpc, from, contract, signer, blob, proofs } = options;
  const data = bytesToHex(
    encodeCommitBatchBlob({
      newRoot: options.newRoot,
      queueEnd: options.queueEnd,
      txDataHash: options.txDataHash,
      payouts: options.payouts,
      y: proofs.y,
      commitment: blob.commitment,
      kzgProof: proofs.kzgProof,
      proof: wordsToProof(options.words),
    }),
  );
  const versionedHash = bytesToHex(blob.versionedHash) as Hex;
  const [blobFee, tip, head, nonce] = await Promise.all([
    jsonRpcCall(rpc, 'eth_blobBaseFee', [], RPC).then((v) => hexToBigInt(v as string, 'blob base fee')),
    jsonRpcCall(rpc, 'eth_maxPriorityFeePerGas', [], RPC).then((v) => hexToBigInt(v as string, 'tip')),
    jsonRpcCall(rpc, 'eth_getBlockByNumber', ['latest', false], RPC) as Promise<{ baseFeePerGas?: string }>,
    jsonRpcCall(rpc, 'eth_getTransactionCount', [from, 'pending'], RPC).then((v) => hexToBigInt(v as string, 'nonce')),
  ]);
  const maxFeePerBlobGas = 2n * blobFee + 1_000_000_000n;
  const maxFeePerGas = 2n * hexToBigInt(head.baseFeePerGas ?? '0x0', 'base fee') + tip;
  const gas = await estimate(rpc, { from, to: contract, data, blobVersionedHashes: [versionedHash], maxFeePerBlobGas: bigIntToHex(maxFeePerBlobGas) }, 'commitBatchBlob');
  const tx = createBlob4844Tx(
    {
      nonce,
      to: contract as Hex,
      data: data as Hex,
      gasLimit: (gas * 6n) / 5n,
      maxFeePerGas,
      maxPriorityFeePerGas: tip,
      maxFeePerBlobGas,
      chainId: signer.common.chainId(),
      networkWrapperVersion: signer.wrapper,
      blobVersionedHashes: [versionedHash],
      blobs: [bytesToHex(blob.blob) as Hex],
      kzgCommitments: [bytesToHex(blob.commitment) as Hex],
      kzgProofs: proofs.proofs.map((p) => bytesToHex(p) as Hex),
    },
    { common: signer.common },
  ).sign(signer.privateKey);
  // The node checks the blob's proofs before it answers: seconds on a busy machine.
  const hash = (await jsonRpcCall(rpc, 'eth_sendRawTransaction', [bytesToHex(tx.serializeNetworkWrapper())], { ...RPC, timeoutMs: 120_000 })) as string;
  return awaitCommit(rpc, contract, hash, 'commitBatchBlob', options.timeoutMs);
}

/** eth_estimateGas of a commit; a revert becomes CommitRefused with the contract's error. */
async function estimate(rpc: string, call: Record<string, unknown>, name: string): Promise<bigint> {
  try {
    return hexToBigInt((await jsonRpcCall(rpc, 'eth_estimateGas', [call], RPC)) as string, 'gas');
  } catch (err) {
    const reason = revertReason(err);
    throw new CommitRefused(`${name} would revert: ${reason}`, reason);
  }
}

/** Waits for the commit's receipt (a block per slot on the devnet) and reads its BatchCommitted event. */
async function awaitCommit(rpc: string, contract: string, hash: string, name: string, timeoutMs = 60_000): Promise<Committed> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = (await jsonRpcCall(rpc, 'eth_getTransactionReceipt', [hash], RPC)) as ReceiptJson | null;
    if (r !== null) {
      if (Number(r.status) !== 1) throw new CommitRefused(`${name} ${hash} reverted in block ${Number(r.blockNumber)}`, 'reverted');
      const event = batchCommittedOf(r, contract);
      if (event === null) throw new Error(`${name} ${hash} succeeded without a BatchCommitted event`);
      return { l1TxHash: hash, l1Block: Number(r.blockNumber), gasUsed: BigInt(r.gasUsed), event };
    }
    if (Date.now() > deadline) throw new Error(`${name} ${hash} not mined within ${timeoutMs} ms`);
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
