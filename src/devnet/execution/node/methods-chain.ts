/**
 * The chain's blocks, transactions, receipts and logs, and the two ways in for a transaction
 * (eth_sendRawTransaction, eth_sendTransaction from an unlocked dev account).
 * @module
 */
import type { Block } from '@ethereumjs/block';
import { bigIntToHex, bytesToHex } from '../../../core/bytes.ts';
import { InputError } from '../../../core/errors.ts';
import { isObject } from '../../../core/json.ts';
import { bloomMayMatch, type LogFilter, logMatches, parseLogFilter } from '../../../execution/logs.ts';
import { blockJson, blockLogs, blockTransactionJson, pendingTransactionJson, receiptsJson, verifiedBlockOf } from './json.ts';
import { address, blockRef, bytes, callRequest, findBlock, hash32, type MethodTable, paramsOf, u64 } from './params.ts';
import { RpcError, SERVER_ERROR } from './rpc-error.ts';
import type { DevChain } from './types.ts';

/** eth_getLogs answers at most this many logs (go-ethereum's default cap on a filter's results is 10,000 too). */
const MAX_LOGS = 10_000;

/** Chain identity, blocks, transactions, receipts, logs, uncles (none), eth_getBlockAccessList, and the two send methods. */
export function chainMethods(chain: DevChain, clientVersion: string): MethodTable {
  const byNumber = (value: unknown): Block | undefined => findBlock(chain, blockRef(value, false));
  const byHash = (value: unknown): Block | undefined => chain.blockByHash(hash32(value, 'block hash'));
  const block = (b: Block | undefined, full: unknown) => (b === undefined ? null : blockJson(b, chain.receipts(b.hash()), full === true));
  const txCount = (b: Block | undefined) => (b === undefined ? null : bigIntToHex(b.transactions.length));
  const txAt = (b: Block | undefined, index: unknown) => {
    const i = Number(u64(index, 'index'));
    if (b === undefined || i >= b.transactions.length) return null;
    return blockTransactionJson(verifiedBlockOf(b, chain.receipts(b.hash())), i);
  };
  const rawAt = (b: Block | undefined, index: unknown) => {
    const i = Number(u64(index, 'index'));
    return b === undefined || i >= b.transactions.length ? '0x' : bytesToHex(b.transactions[i]!.serialize());
  };
  /** A mined transaction: its block and index. */
  const mined = (hash: Uint8Array): { block: Block; index: number } | undefined => {
    const where = chain.locate(hash);
    const found = where && chain.blockByHash(where.blockHash);
    return found && { block: found, index: where.index };
  };
  const receipts = (b: Block | undefined) => {
    const stored = b && chain.receipts(b.hash());
    return b === undefined || stored === undefined ? null : receiptsJson(verifiedBlockOf(b, stored), stored);
  };

  return {
    eth_chainId: () => bigIntToHex(chain.chainId),
    net_version: () => chain.chainId.toString(),
    net_listening: () => true,
    net_peerCount: () => '0x0',
    web3_clientVersion: () => clientVersion,
    eth_syncing: () => false,
    eth_accounts: () => chain.accounts.map((a) => bytesToHex(a.address)),
    eth_blockNumber: () => bigIntToHex(chain.head().header.number),

    eth_getBlockByNumber: (p) => {
      const [tag, full] = paramsOf(p, 2);
      return tag === 'pending' ? pendingBlock(chain, full === true) : block(byNumber(tag), full);
    },
    eth_getBlockByHash: (p) => {
      const [hash, full] = paramsOf(p, 2);
      return block(byHash(hash), full);
    },
    eth_getBlockTransactionCountByNumber: (p) => txCount(byNumber(paramsOf(p, 1)[0])),
    eth_getBlockTransactionCountByHash: (p) => txCount(byHash(paramsOf(p, 1)[0])),
    eth_getTransactionByBlockNumberAndIndex: (p) => {
      const [tag, index] = paramsOf(p, 2);
      return txAt(byNumber(tag), index);
    },
    eth_getTransactionByBlockHashAndIndex: (p) => {
      const [hash, index] = paramsOf(p, 2);
      return txAt(byHash(hash), index);
    },
    eth_getRawTransactionByBlockNumberAndIndex: (p) => {
      const [tag, index] = paramsOf(p, 2);
      return rawAt(byNumber(tag), index);
    },
    eth_getRawTransactionByBlockHashAndIndex: (p) => {
      const [hash, index] = paramsOf(p, 2);
      return rawAt(byHash(hash), index);
    },
    eth_getTransactionByHash: (p) => {
      const hash = hash32(paramsOf(p, 1)[0], 'transaction hash');
      const found = mined(hash);
      if (found) return txAt(found.block, bigIntToHex(found.index));
      const pending = chain.pendingTransaction(hash);
      return pending === undefined ? null : pendingTransactionJson(pending);
    },
    eth_getRawTransactionByHash: (p) => {
      const hash = hash32(paramsOf(p, 1)[0], 'transaction hash');
      const found = mined(hash);
      const tx = found ? found.block.transactions[found.index] : chain.pendingTransaction(hash);
      return tx === undefined ? null : bytesToHex(tx.serialize());
    },
    eth_getTransactionReceipt: (p) => {
      const found = mined(hash32(paramsOf(p, 1)[0], 'transaction hash'));
      return found ? (receipts(found.block)?.[found.index] ?? null) : null;
    },
    eth_getBlockReceipts: (p) => receipts(findBlock(chain, blockRef(paramsOf(p, 1)[0], true))),

    // Post-merge blocks have no ommers.
    eth_getUncleByBlockHashAndIndex: (p) => (paramsOf(p, 2), null),
    eth_getUncleByBlockNumberAndIndex: (p) => (paramsOf(p, 2), null),
    eth_getUncleCountByBlockHash: (p) => (byHash(paramsOf(p, 1)[0]) === undefined ? null : '0x0'),
    eth_getUncleCountByBlockNumber: (p) => (byNumber(paramsOf(p, 1)[0]) === undefined ? null : '0x0'),

    eth_getLogs: (p) => getLogs(chain, paramsOf(p, 1)[0]),

    eth_getBlockAccessList: (p) => {
      const b = findBlock(chain, blockRef(paramsOf(p, 1)[0], true));
      if (b === undefined) return null;
      const list = chain.blockAccessList(b.hash());
      if (list === undefined) throw new RpcError(SERVER_ERROR, `block ${b.header.number} has no access list (it is before Amsterdam)`);
      return list;
    },

    eth_sendRawTransaction: async (p) => bytesToHex(await chain.sendRawTransaction(bytes(paramsOf(p, 1)[0], 'transaction'))),
    eth_sendTransaction: async (p) => {
      const [value] = paramsOf(p, 1);
      if (!isObject(value) || value.from === undefined || value.from === null) throw new InputError('the transaction needs "from": one of the node\'s accounts');
      address(value.from, 'from');
      return bytesToHex(await chain.sendTransaction(callRequest(value, chain.chainId)));
    },
  };
}

/**
 * eth_getLogs over stored receipts: a block range (default latest..latest) or one block by
 * hash; blocks whose bloom cannot match are skipped. Refusals worded as go-ethereum's.
 */
function getLogs(chain: DevChain, value: unknown): Record<string, unknown>[] {
  if (!isObject(value)) throw new InputError('the filter expected a JSON object');
  const filter: LogFilter = parseLogFilter(value);
  let blocks: Block[];
  if (value.blockHash !== undefined && value.blockHash !== null) {
    if (value.fromBlock != null || value.toBlock != null) throw new InputError('cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other');
    const found = chain.blockByHash(hash32(value.blockHash, 'blockHash'));
    if (found === undefined) throw new RpcError(SERVER_ERROR, 'unknown block');
    blocks = [found];
  } else {
    const head = chain.head().header.number;
    const from = rangeEnd(value.fromBlock, head);
    const to = rangeEnd(value.toBlock, head);
    if (from > to) throw new RpcError(-32602, 'invalid block range params');
    blocks = [];
    for (let n = from; n <= (to < head ? to : head); n++) blocks.push(chain.blockByNumber(n)!);
  }
  const out: Record<string, unknown>[] = [];
  for (const b of blocks) {
    if (!bloomMayMatch(b.header.logsBloom, filter)) continue;
    for (const placed of blockLogs(b, chain.receipts(b.hash()) ?? [])) {
      if (!logMatches(placed.log, filter)) continue;
      if (out.length >= MAX_LOGS) throw new RpcError(SERVER_ERROR, `query returned more than ${MAX_LOGS} results`);
      out.push(placed.json());
    }
  }
  return out;
}

/** A range end: a tag (latest, pending, safe, finalized: the head; earliest: 0) or a number. */
function rangeEnd(value: unknown, head: bigint): bigint {
  const ref = blockRef(value, false, 'block range');
  if ('number' in ref) return ref.number;
  return 'tag' in ref && ref.tag === 'earliest' ? 0n : head;
}

/**
 * The pending block as go-ethereum prints it: the next number on the head, no hash yet, the
 * transactions the pool would put in it (the reorg fault sends these again after a revert).
 */
function pendingBlock(chain: DevChain, full: boolean): Record<string, unknown> {
  const head = chain.head();
  const txs = chain.pending();
  return {
    ...blockJson(head, chain.receipts(head.hash()), false),
    number: bigIntToHex(head.header.number + 1n),
    hash: null,
    parentHash: bytesToHex(head.hash()),
    transactions: txs.map((tx) => (full ? pendingTransactionJson(tx) : bytesToHex(tx.hash()))),
  };
}
