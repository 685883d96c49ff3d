/**
 * A small chain an execution RPC can serve, built with Vigil's own encoders (headers, RLP,
 * transactions, receipts, blooms, trie roots) and @ethereumjs/trie for the state (every
 * eth_getProof answer a real proof against the state root): L1 blocks linked by parent hash up to
 * a head, one of them holding a signed transaction whose receipt carries given logs; L2 headers;
 * and a JSON-RPC server answering from them, so that a CLI command runs against it as against a
 * node, live (and records what it asks with --rpc-record).
 */
import { createServer, type Server } from 'node:http';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { sha256 } from '../../src/crypto/sha256.ts';
import { blockToJson, type VerifiedBlock } from '../../src/execution/block-body.ts';
import { blockReceiptsToJson } from '../../src/execution/block-receipts.ts';
import { logsBloom } from '../../src/execution/bloom.ts';
import { type BlockHeader, EMPTY_OMMERS_HASH, headerHash, headerToJson } from '../../src/execution/header.ts';
import { type BlobTransaction, decodeTransaction, encodeTransaction, signingHash, transactionHash, transactionsRoot } from '../../src/execution/transactions.ts';
import { EMPTY_TRIE_ROOT } from '../../src/proofs/constants.ts';
import { type Log, type Receipt, receiptsRoot } from '../../src/proofs/receipts.ts';
import { signHash, signTransaction } from '../../src/wallet/transaction.ts';
import { buildWorld, type World, type WorldAccount } from '../unit/execution/world.ts';
import { listen } from '../../src/devnet/http-util.ts';

export type { World, WorldAccount };
export { buildWorld };

/** The L1 head every world is read at: a mainnet-like block number and time (2025-10-09). */
export const L1_HEAD_NUMBER = 23_456_789n;
export const L1_HEAD_TIME = 1_760_000_000n;
export const L1_SECONDS_PER_BLOCK = 12n;

/** Accounts with storage by storage key (32-byte hex), code as bytes. */
export class AccountsSpec {
  readonly accounts: Record<string, WorldAccount> = {};

  private of(address: string): WorldAccount {
    const a = address.toLowerCase();
    this.accounts[a] ??= { balance: 0n, nonce: 1n, storage: {} };
    return this.accounts[a]!;
  }

  slot(address: string, key: string, value: bigint): this {
    this.of(address).storage![key] = value;
    return this;
  }

  code(address: string, code: Uint8Array): this {
    this.of(address).code = bytesToHex(code);
    return this;
  }

  account(address: string, fields: Omit<WorldAccount, 'storage' | 'code'>): this {
    Object.assign(this.of(address), fields);
    return this;
  }
}

export interface L1Chain {
  head: VerifiedBlock;
  byNumber: Map<bigint, VerifiedBlock>;
  byHash: Map<string, VerifiedBlock>;
  receipts: Map<string, Receipt[]>;
}

/** A key for the one transaction of the event block (any scalar does). */
const SENDER_KEY = new Uint8Array(32).fill(0x42);
/** The address every world transaction is sent from (a batcher, where a world's SystemConfig names it). */
export const L1_SENDER = signHash(new Uint8Array(32).fill(1), SENDER_KEY).from.toLowerCase();

/** A signed EIP-1559 transaction to `to` and its receipt carrying `logs`. */
function transactionWithLogs(to: string, logs: Log[], data = hexToBytes('0x5e2d1c0b'), blobs?: readonly string[]): { tx: VerifiedBlock['transactions'][number]; receipt: Receipt } {
  if (blobs !== undefined) return blobTransactionWithLogs(to, logs, data, blobs);
  const signed = signTransaction(
    { type: 2, chainId: 1n, nonce: 0n, gasLimit: 300_000n, to: to as `0x${string}`, value: 0n, data, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n, accessList: [] },
    SENDER_KEY,
  );
  const encoded = hexToBytes(signed.raw);
  return {
    tx: { tx: decodeTransaction(encoded), encoded, hash: hexToBytes(signed.hash), from: hexToBytes(signed.from) },
    receipt: { type: 2, status: true, cumulativeGasUsed: 180_000n, logsBloom: logsBloom(logs), logs },
  };
}

/** A type-3 (EIP-4844) transaction carrying `blobs` (versioned hashes), signed by the same sender. */
function blobTransactionWithLogs(to: string, logs: Log[], data: Uint8Array, blobs: readonly string[]): { tx: VerifiedBlock['transactions'][number]; receipt: Receipt } {
  const unsigned: BlobTransaction = {
    type: 3, chainId: 1n, nonce: 0n, gas: 300_000n, to: hexToBytes(to, 20), value: 0n, input: data, maxFeePerGas: 3_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n,
    maxFeePerBlobGas: 1n, accessList: [], blobVersionedHashes: blobs.map((h) => hexToBytes(h, 32)), yParity: 0, r: 0n, s: 0n,
  };
  const sig = signHash(signingHash(unsigned), SENDER_KEY);
  const tx: BlobTransaction = { ...unsigned, yParity: sig.recovery, r: sig.r, s: sig.s };
  const encoded = encodeTransaction(tx);
  return {
    tx: { tx, encoded, hash: transactionHash(tx), from: hexToBytes(sig.from) },
    receipt: { type: 3, status: true, cumulativeGasUsed: 180_000n, logsBloom: logsBloom(logs), logs },
  };
}

/** A post-Prague L1 header at `number` (time by 12-second slots back from the head, unless given). */
export function l1Header(
  number: bigint,
  parentHash: Uint8Array,
  stateRoot: Uint8Array,
  body: { txRoot: Uint8Array; receiptRoot: Uint8Array; bloom: Uint8Array; gasUsed: bigint },
  timestamp = L1_HEAD_TIME - (L1_HEAD_NUMBER - number) * L1_SECONDS_PER_BLOCK,
): BlockHeader {
  const seed = keccak256(bigIntToBytesPadded(number, 8));
  return {
    parentHash,
    sha3Uncles: EMPTY_OMMERS_HASH,
    miner: hexToBytes('0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5'),
    stateRoot,
    transactionsRoot: body.txRoot,
    receiptsRoot: body.receiptRoot,
    logsBloom: body.bloom,
    difficulty: 0n,
    number,
    gasLimit: 45_000_000n,
    gasUsed: body.gasUsed,
    timestamp,
    extraData: new TextEncoder().encode('vigil test world'),
    mixHash: seed,
    nonce: new Uint8Array(8),
    baseFeePerGas: 1_000_000_000n,
    withdrawalsRoot: EMPTY_TRIE_ROOT,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: keccak256(seed),
    // EIP-7685: no requests, sha256 of nothing.
    requestsHash: sha256(new Uint8Array(0)),
  };
}

/** A block's one transaction: to `to` with `data`, its receipt holding `logs`. */
export interface L1Event {
  number: bigint;
  to: string;
  logs: Log[];
  data?: Uint8Array;
  /** Its transaction is type 3, carrying these versioned hashes (a batch posted in blobs). */
  blobs?: readonly string[];
}

/**
 * L1 blocks `L1_HEAD_NUMBER - depth` … `L1_HEAD_NUMBER`, linked by parent hash, all at `stateRoot`
 * (only the head's is read); the block of each event (`event`, `events`) holds its one transaction, whose receipt has its logs.
 */
export function l1Chain(stateRoot: Uint8Array, o: { depth?: number; event?: L1Event; events?: L1Event[] } = {}): L1Chain {
  const chain: L1Chain = { head: undefined as unknown as VerifiedBlock, byNumber: new Map(), byHash: new Map(), receipts: new Map() };
  let parent = keccak256(new TextEncoder().encode('the block before this world'));
  const events = [...(o.event ? [o.event] : []), ...(o.events ?? [])];
  for (let n = L1_HEAD_NUMBER - BigInt(o.depth ?? 0); n <= L1_HEAD_NUMBER; n++) {
    const event = events.find((e) => e.number === n);
    const withEvent = event ? transactionWithLogs(event.to, event.logs, event.data, event.blobs) : undefined;
    const receipts = withEvent ? [withEvent.receipt] : [];
    const header = l1Header(n, parent, stateRoot, {
      txRoot: withEvent ? transactionsRoot([withEvent.tx.encoded]) : EMPTY_TRIE_ROOT,
      receiptRoot: withEvent ? receiptsRoot(receipts) : EMPTY_TRIE_ROOT,
      bloom: logsBloom(withEvent?.receipt.logs ?? []),
      gasUsed: withEvent?.receipt.cumulativeGasUsed ?? 0n,
    });
    const hash = headerHash(header);
    const block: VerifiedBlock = { header, hash, transactions: withEvent ? [withEvent.tx] : [], withdrawals: [], uncles: [] };
    chain.byNumber.set(n, block);
    chain.byHash.set(bytesToHex(hash), block);
    chain.receipts.set(bytesToHex(hash), receipts);
    chain.head = block;
    parent = hash;
  }
  return chain;
}

/** Answers one JSON-RPC call (a thrown RpcFault is a JSON-RPC error object). */
export type Responder = (method: string, params: any[]) => unknown;

export class RpcFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const unknownMethod = (method: string) => new RpcFault(-32601, `the method ${method} does not exist/is not available`);

/** An L1 node over `state` and `chain`: proofs and code at the head only, blocks, receipts. */
export function l1Responder(state: World, chain: L1Chain): Responder {
  const atHead = (tag: unknown) => {
    if (tag !== bigIntToHex(L1_HEAD_NUMBER) && tag !== bytesToHex(chain.head.hash)) throw new RpcFault(-32000, `this node keeps the state of the head only, not of ${String(tag)}`);
  };
  const byHash = (hash: string) => chain.byHash.get(String(hash).toLowerCase());
  return (method, params) => {
    switch (method) {
      case 'eth_getProof':
        atHead(params[2]);
        return state.getProof(params[0], params[1]);
      case 'eth_getCode':
        atHead(params[1]);
        return state.getCode(params[0]);
      case 'eth_getBlockByNumber': {
        const block = chain.byNumber.get(BigInt(params[0]));
        return block ? blockToJson(block, params[1] === true) : null;
      }
      case 'eth_getBlockByHash': {
        const block = byHash(params[0]);
        return block ? blockToJson(block, params[1] === true) : null;
      }
      case 'eth_getBlockReceipts': {
        const block = byHash(params[0]);
        return block ? blockReceiptsToJson(block, chain.receipts.get(bytesToHex(block.hash))!) : null;
      }
      // Where a transaction is (the node's word: the follower proves it through its block).
      case 'eth_getTransactionByHash':
      case 'eth_getTransactionReceipt': {
        for (const block of chain.byHash.values()) {
          const json = (method === 'eth_getTransactionByHash' ? (blockToJson(block, true) as { transactions: { hash: string }[] }).transactions : (blockReceiptsToJson(block, chain.receipts.get(bytesToHex(block.hash))!) as { transactionHash: string }[])) as { hash?: string; transactionHash?: string }[];
          const found = json.find((t) => (t.hash ?? t.transactionHash)?.toLowerCase() === String(params[0]).toLowerCase());
          if (found) return found;
        }
        return null;
      }
      default:
        throw unknownMethod(method);
    }
  };
}

/** An L2 node: its headers by number and hash (the named tags too), account proofs at `proofBlock` (a number or a tag). */
export function l2Responder(state: World, headers: BlockHeader[], tags: Record<string, BlockHeader> = {}): Responder {
  const json = (h: BlockHeader | undefined) => (h === undefined ? null : { ...headerToJson(h, headerHash(h)), transactions: [], uncles: [] });
  const byTag = (tag: string) => tags[tag] ?? headers.find((h) => bigIntToHex(h.number) === tag);
  return (method, params) => {
    switch (method) {
      case 'eth_getBlockByNumber':
        return json(byTag(params[0]));
      case 'eth_getBlockByHash':
        return json(headers.find((h) => bytesToHex(headerHash(h)) === String(params[0]).toLowerCase()));
      case 'eth_getProof': {
        const header = byTag(params[2]);
        if (header === undefined) throw new RpcFault(-32000, `unknown block ${String(params[2])}`);
        return state.getProof(params[0], params[1]);
      }
      default:
        throw unknownMethod(method);
    }
  };
}

/** A JSON-RPC 2.0 server (single calls and batches) on 127.0.0.1 answering with `respond`. */
export async function serveJsonRpc(respond: Responder): Promise<{ url: string; close(): Promise<void> }> {
  const one = async (request: { id?: unknown; method: string; params?: unknown[] }) => {
    try {
      return { jsonrpc: '2.0', id: request.id, result: await respond(request.method, request.params ?? []) };
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      return { jsonrpc: '2.0', id: request.id, error: { code: err.code, message: err.message } };
    }
  };
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body);
    const answer = Array.isArray(request) ? await Promise.all(request.map(one)) : await one(request);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await listen(server, 0);
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
