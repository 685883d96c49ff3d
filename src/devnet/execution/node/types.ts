/**
 * The contract between the devnet's execution chain (chain.ts: blocks built by @ethereumjs/vm as
 * a client builds them) and its JSON-RPC face (rpc.ts). The chain speaks ethereumjs objects and
 * bytes; the RPC layer parses requests into these types and prints answers in the JSON-RPC shape.
 * @module
 */
import type { Block } from '@ethereumjs/block';
import type { MerkleStateManager } from '@ethereumjs/statemanager';
import type { TypedTransaction } from '@ethereumjs/tx';

/** A call or transaction request, parsed (eth_call, eth_estimateGas, eth_createAccessList, eth_sendTransaction). */
export interface CallRequest {
  from?: Uint8Array;
  to?: Uint8Array;
  gas?: bigint;
  gasPrice?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  value?: bigint;
  data?: Uint8Array;
  nonce?: bigint;
  accessList?: { address: Uint8Array; storageKeys: Uint8Array[] }[];
  authorizationList?: { chainId: bigint; address: Uint8Array; nonce: bigint; yParity: bigint; r: bigint; s: bigint }[];
  blobVersionedHashes?: Uint8Array[];
  maxFeePerBlobGas?: bigint;
}

export interface StoredLog {
  address: Uint8Array;
  topics: Uint8Array[];
  data: Uint8Array;
}

/** One transaction's receipt as the block built it, with what the JSON-RPC receipt prints besides. */
export interface StoredReceipt {
  status: 0 | 1;
  cumulativeGasUsed: bigint;
  /** What the sender paid for (after refunds). */
  gasUsed: bigint;
  logs: StoredLog[];
  logsBloom: Uint8Array;
  from: Uint8Array;
  contractAddress?: Uint8Array;
  effectiveGasPrice: bigint;
  /** Type-3 only. */
  blobGasUsed?: bigint;
  blobGasPrice?: bigint;
}

/** What a block's blob transactions carried in their network form, in block order (engine API BlobsBundle). */
export interface BlobsBundle {
  commitments: Uint8Array[];
  blobs: Uint8Array[];
  /** One KZG proof per blob (EIP-4844 wrapper, up to Prague) or CELLS_PER_EXT_BLOB cell proofs per blob (EIP-7594 wrapper, Osaka on). */
  proofs: Uint8Array[];
  /** 0: one proof per blob; 1: cell proofs (the wrapper version). */
  wrapperVersion: 0 | 1;
}

/** The fields a block takes from the consensus side (the beacon devnet's slot). */
export interface MineOptions {
  timestamp: bigint;
  /** EIP-4788: the root of the beacon block before this block's (from Cancun). */
  parentBeaconBlockRoot: Uint8Array;
  /** EIP-7843: the beacon slot (Amsterdam on). */
  slotNumber?: bigint;
  feeRecipient: Uint8Array;
  prevRandao: Uint8Array;
  withdrawals?: { index: bigint; validatorIndex: bigint; address: Uint8Array; amount: bigint }[];
}

export interface CallOutcome {
  returnValue: Uint8Array;
  gasUsed: bigint;
  /** Set when the call reverted or halted: `revert` carries the revert data. */
  error?: { kind: 'revert' | 'halt'; message: string };
}

/** Thrown by the chain for a request it refuses (a bad nonce, too low a fee, a blob wrapper of the wrong fork): the RPC layer answers it as a JSON-RPC error. */
export class NodeRequestError extends Error {
  constructor(
    message: string,
    readonly rpcCode = -32000,
    readonly data?: Uint8Array,
  ) {
    super(message);
    this.name = 'NodeRequestError';
  }
}

export interface DevChain {
  readonly chainId: bigint;
  /** The unlocked dev accounts, in order. */
  readonly accounts: readonly { address: Uint8Array; privateKey: Uint8Array }[];
  head(): Block;
  blockByNumber(n: bigint): Block | undefined;
  blockByHash(hash: Uint8Array): Block | undefined;
  /** The block's receipts, in transaction order; undefined for a block this chain does not hold. */
  receipts(blockHash: Uint8Array): StoredReceipt[] | undefined;
  /** Where a mined transaction is; undefined if it is pending or unknown. */
  locate(txHash: Uint8Array): { blockHash: Uint8Array; index: number } | undefined;
  /** A transaction waiting in the pool, by hash. */
  pendingTransaction(txHash: Uint8Array): TypedTransaction | undefined;
  /** What the next block would take from the pool now, in order. */
  pending(): TypedTransaction[];
  /** A state manager at the block's post-state: a copy, reads only. */
  stateAt(block: Block): Promise<MerkleStateManager>;
  /** eth_call as go-ethereum answers it: over the block's post-state, with the block's own header as the context. */
  call(block: Block, request: CallRequest): Promise<CallOutcome>;
  estimateGas(block: Block, request: CallRequest): Promise<bigint>;
  createAccessList(block: Block, request: CallRequest): Promise<{ accessList: { address: Uint8Array; storageKeys: Uint8Array[] }[]; gasUsed: bigint; error?: string }>;
  /** eth_sendRawTransaction: the network form (a blob transaction with its wrapper); the hash. */
  sendRawTransaction(raw: Uint8Array): Promise<Uint8Array>;
  /** eth_sendTransaction from an unlocked dev account: nonce, gas, fees filled; the hash. */
  sendTransaction(request: CallRequest): Promise<Uint8Array>;
  /** Builds the next block on the head with the pool's transactions; returns it. */
  mine(options: MineOptions): Promise<Block>;
  /** An id to come back to this head with {@link revert}. */
  snapshot(): string;
  /** Back to a snapshot's head (later blocks dropped; the pool keeps what is pending now); false for an unknown id. Uses up it and every later one. */
  revert(id: string): Promise<boolean>;
  /** Amsterdam: the block's access list as eth_getBlockAccessList prints it; undefined before Amsterdam. */
  blockAccessList(blockHash: Uint8Array): unknown;
  /** The blobs, commitments and proofs of the block's blob transactions. */
  blobsBundle(blockHash: Uint8Array): BlobsBundle | undefined;
}
