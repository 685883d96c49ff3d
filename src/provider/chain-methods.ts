/**
 * The EIP-1193 methods that read chain data: blocks, transactions, receipts, logs. Parameters
 * are checked as nodes check them (-32602 INVALID_PARAMS otherwise); answers come from a
 * `ChainReader` (src/client/verified/chain.ts implements it), where every returned value is
 * proven through a header the light client verified, in the JSON form nodes return.
 *
 * Unknown transactions, receipts and block hashes: Vigil cannot prove absence. When no endpoint
 * shows the object, the answer is null, as a node answers for an unknown one. That null is
 * unverified ("no endpoint showed one"), never a value: a dApp polling for a receipt keeps
 * polling, and a server that hides a transaction achieves no more than one that does not
 * answer. Every non-null answer is verified; anything that does not verify is an error
 * (-32099 with `data.code`), never a value.
 * @module
 */
import { blockRefParam, blockTagParam, hashParam, logQueryParam, uint64Param } from '../client/verified/chain-params.ts';
import type { BlockRef, LogQuery } from '../client/verified/chain.ts';
import { QueryError } from '../client/verified/chain.ts';
import { bigIntToHex } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { ProviderRpcError, RpcErrorCode } from './errors.ts';

type Json = Record<string, unknown>;

/** What the chain methods need from the client side. */
export interface ChainReader {
  getBlock(ref: BlockRef, fullTransactions: boolean): Promise<Json | null>;
  /** The block's header fields alone (no body fetched); filters and subscriptions read hashes and heads with it. */
  getHeader?(ref: BlockRef): Promise<Json | null>;
  getBlockTransactionCount(ref: BlockRef): Promise<number | null>;
  getUncleCount(ref: BlockRef): Promise<number | null>;
  getTransactionByHash(hash: Uint8Array): Promise<Json | null>;
  getTransactionByBlockAndIndex(ref: BlockRef, index: number): Promise<Json | null>;
  getTransactionReceipt(hash: Uint8Array): Promise<Json | null>;
  getBlockReceipts(ref: BlockRef): Promise<Json[] | null>;
  getLogs(query: LogQuery): Promise<Json[]>;
  /** The blocks a log query spans (src/client/verified/chain.ts); pages' quotas charge it before the query runs. */
  logSpan?(query: LogQuery): bigint;
}

export const CHAIN_METHODS = [
  'eth_getBlockByNumber',
  'eth_getBlockByHash',
  'eth_getBlockTransactionCountByNumber',
  'eth_getBlockTransactionCountByHash',
  'eth_getTransactionByHash',
  'eth_getTransactionByBlockNumberAndIndex',
  'eth_getTransactionByBlockHashAndIndex',
  'eth_getTransactionReceipt',
  'eth_getBlockReceipts',
  'eth_getLogs',
  'eth_getUncleCountByBlockNumber',
  'eth_getUncleCountByBlockHash',
] as const;

export type ChainMethod = (typeof CHAIN_METHODS)[number];

/** -32005, as nodes answer a query past their limits. */
export const LIMIT_EXCEEDED = RpcErrorCode.LIMIT_EXCEEDED;

export function isChainMethod(method: string): method is ChainMethod {
  return (CHAIN_METHODS as readonly string[]).includes(method);
}

/**
 * Answers one chain method. Verification and transport errors pass through for the caller to
 * map (src/provider/handler.ts `toProviderError`); bad parameters and query limits come out as
 * ProviderRpcErrors here.
 * @example
 * if (isChainMethod(method)) return handleChainMethod(chain, method, params);
 */
export async function handleChainMethod(chain: ChainReader, method: ChainMethod, params: readonly unknown[]): Promise<unknown> {
  try {
    return await dispatch(chain, method, params);
  } catch (err) {
    if (err instanceof QueryError) {
      const code = err.code === 'INVALID_BLOCK_RANGE' ? RpcErrorCode.INVALID_PARAMS : LIMIT_EXCEEDED;
      throw new ProviderRpcError(code, `${method}: ${err.shortMessage}`, { code: err.code });
    }
    throw err;
  }
}

async function dispatch(chain: ChainReader, method: ChainMethod, params: readonly unknown[]): Promise<unknown> {
  switch (method) {
    case 'eth_getBlockByNumber': {
      const [tag, full] = expectParams(method, params, 2);
      return chain.getBlock(blockTag(tag), bool(full, 'fullTransactions'));
    }
    case 'eth_getBlockByHash': {
      const [hash, full] = expectParams(method, params, 2);
      return chain.getBlock({ hash: hash32(hash, 'blockHash') }, bool(full, 'fullTransactions'));
    }
    case 'eth_getBlockTransactionCountByNumber':
      return quantityOrNull(await chain.getBlockTransactionCount(blockTag(expectParams(method, params, 1)[0])));
    case 'eth_getBlockTransactionCountByHash':
      return quantityOrNull(await chain.getBlockTransactionCount({ hash: hash32(expectParams(method, params, 1)[0], 'blockHash') }));
    case 'eth_getUncleCountByBlockNumber':
      return quantityOrNull(await chain.getUncleCount(blockTag(expectParams(method, params, 1)[0])));
    case 'eth_getUncleCountByBlockHash':
      return quantityOrNull(await chain.getUncleCount({ hash: hash32(expectParams(method, params, 1)[0], 'blockHash') }));
    case 'eth_getTransactionByHash':
      return chain.getTransactionByHash(hash32(expectParams(method, params, 1)[0], 'transactionHash'));
    case 'eth_getTransactionByBlockNumberAndIndex': {
      const [tag, index] = expectParams(method, params, 2);
      return chain.getTransactionByBlockAndIndex(blockTag(tag), indexParam(index));
    }
    case 'eth_getTransactionByBlockHashAndIndex': {
      const [hash, index] = expectParams(method, params, 2);
      return chain.getTransactionByBlockAndIndex({ hash: hash32(hash, 'blockHash') }, indexParam(index));
    }
    case 'eth_getTransactionReceipt':
      return chain.getTransactionReceipt(hash32(expectParams(method, params, 1)[0], 'transactionHash'));
    case 'eth_getBlockReceipts':
      return chain.getBlockReceipts(blockNumberOrHash(expectParams(method, params, 1)[0]));
    case 'eth_getLogs':
      return chain.getLogs(logQuery(expectParams(method, params, 1)[0]));
  }
}

function invalid(message: string): ProviderRpcError {
  return new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, message);
}

/** A parameter read by `read`: its InputError is the dApp's mistake, -32602 (unlike malformed data from a server). */
function param<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof InputError) throw invalid(err.shortMessage);
    throw err;
  }
}

function expectParams(method: string, params: readonly unknown[], count: number): readonly unknown[] {
  if (params.length !== count) throw invalid(`${method}: expected ${count} param${count === 1 ? '' : 's'}, got ${params.length}`);
  return params;
}

const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 80) ?? String(value);

function bool(value: unknown, title: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${title} expected a boolean, got ${show(value)}`);
  return value;
}

const hash32 = (value: unknown, title: string): Uint8Array => param(() => hashParam(value, title));
const blockTag = (value: unknown): BlockRef => param(() => blockTagParam(value));
const blockNumberOrHash = (value: unknown): BlockRef => param(() => blockRefParam(value));
const logQuery = (value: unknown): LogQuery => param(() => logQueryParam(value));

function indexParam(value: unknown): number {
  const index = param(() => uint64Param(value, 'index'));
  if (index > 0xffffffffn) throw invalid(`index expected a 32-bit quantity, got ${show(value)}`);
  return Number(index);
}

function quantityOrNull(value: number | null): string | null {
  return value === null ? null : bigIntToHex(value);
}
