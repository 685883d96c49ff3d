/**
 * The block and log parameters of the chain methods (eth_getBlockByNumber, eth_getLogs, …), read
 * from a dApp's JSON-RPC params into VerifiedChain's queries and checked as nodes check them.
 * Malformed parameters throw InputError in the nodes' words; the provider answers them -32602.
 * @module
 */
import { hexToBigInt, hexToBytes, isHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { type LogFilter, parseLogFilter } from '../../execution/logs.ts';
import type { BlockRef, BlockTag, LogQuery } from './chain.ts';

const TAGS: readonly string[] = ['latest', 'pending', 'safe', 'finalized', 'earliest'];

const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/** 32 bytes of 0x-hex (a block or transaction hash). */
export function hashParam(value: unknown, title: string): Uint8Array {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) throw new InputError(`${title} expected 32 bytes of 0x-hex, got ${show(value)}`);
  return hexToBytes(value, 32, title);
}

/** A 64-bit block number or index in 0x-hex (leading zeros tolerated). */
export function uint64Param(value: unknown, title: string): bigint {
  if (!isHex(value) || value.length < 3 || value.slice(2).replace(/^0+/, '').length > 16) throw new InputError(`${title} expected a 0x-hex quantity, got ${show(value)}`);
  return hexToBigInt(value, title);
}

/** A block tag or a 0x-hex block number. */
export function blockTagParam(value: unknown, title = 'block'): BlockTag | { number: bigint } {
  if (typeof value === 'string' && TAGS.includes(value)) return value as BlockTag;
  if (typeof value === 'string' && value.startsWith('0x')) return { number: uint64Param(value, title) };
  throw new InputError(`${title} expected a block number or one of ${TAGS.join(', ')}, got ${show(value)}`);
}

/** A tag, number or hash string, or an EIP-1898 object ({blockNumber} or {blockHash}). */
export function blockRefParam(value: unknown): BlockRef {
  if (typeof value === 'string' && value.length === 66) return { hash: hashParam(value, 'block') };
  if (isObject(value)) {
    if ('blockHash' in value && !('blockNumber' in value)) return { hash: hashParam(value.blockHash, 'blockHash') };
    if ('blockNumber' in value && !('blockHash' in value)) return blockTagParam(value.blockNumber, 'blockNumber');
    throw new InputError('expected exactly one of blockNumber and blockHash');
  }
  return blockTagParam(value);
}

/**
 * The filter object of eth_getLogs: a range (fromBlock/toBlock, default latest) or a blockHash
 * (EIP-234), and the addresses and topics (src/execution/logs.ts reads them).
 * @example logQueryParam({ fromBlock: '0x10', toBlock: 'latest', topics: [transferTopic] })
 */
export function logQueryParam(value: unknown): LogQuery {
  if (!isObject(value)) throw new InputError(`eth_getLogs: filter expected an object, got ${show(value)}`);
  const { fromBlock, toBlock, blockHash } = value;
  let filter: LogFilter;
  try {
    filter = parseLogFilter({ address: value.address, topics: value.topics });
  } catch (err) {
    if (err instanceof InputError) throw new InputError(`eth_getLogs: ${err.shortMessage}`, { cause: err });
    throw err;
  }
  if (blockHash !== undefined && blockHash !== null) {
    if ((fromBlock ?? null) !== null || (toBlock ?? null) !== null) {
      throw new InputError('invalid argument 0: cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other');
    }
    return { blockHash: hashParam(blockHash, 'blockHash'), filter };
  }
  const query: LogQuery = { filter };
  if (fromBlock !== undefined && fromBlock !== null) query.fromBlock = rangeEnd(fromBlock, 'fromBlock');
  if (toBlock !== undefined && toBlock !== null) query.toBlock = rangeEnd(toBlock, 'toBlock');
  if (typeof query.fromBlock === 'bigint' && typeof query.toBlock === 'bigint' && query.fromBlock > query.toBlock) throw new InputError('invalid block range params');
  return query;
}

function rangeEnd(value: unknown, title: string): BlockTag | bigint {
  const ref = blockTagParam(value, title);
  return typeof ref === 'object' ? ref.number : ref;
}
