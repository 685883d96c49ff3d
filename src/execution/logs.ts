/**
 * Log filters as eth_getLogs takes them (execution-apis `Filter`): addresses OR'd; topics by
 * position, where null (or an empty or null-holding list) matches anything and a list matches any
 * of its entries; a log with fewer topics than the filter has positions never matches. The
 * filter is tested against a verified bloom to skip blocks, then against each verified log.
 * A log's JSON takes its place (block, transaction, index) from verified positions only.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import type { Log } from '../proofs/receipts.ts';
import { bloomContains } from './bloom.ts';
import { hexData, hexQuantity } from './rpc-json.ts';

export interface LogFilter {
  /** A log from any of these; empty: from any address. */
  addresses: Uint8Array[];
  /** Per position: null matches any topic, a list any of its entries. */
  topics: (Uint8Array[] | null)[];
}

/** geth's limits (filters.maxTopics, maxSubTopics, maxAddresses). */
const MAX_TOPIC_POSITIONS = 4;
const MAX_FILTER_ENTRIES = 1000;

/**
 * Reads the `address` and `topics` members of a filter object.
 * @throws InputError naming what is malformed.
 * @example parseLogFilter({ address: '0x…', topics: [null, ['0x…', '0x…']] })
 */
export function parseLogFilter(filter: { address?: unknown; topics?: unknown }): LogFilter {
  const addresses: Uint8Array[] = [];
  const { address, topics } = filter;
  if (address !== undefined && address !== null) {
    const list = Array.isArray(address) ? address : [address];
    if (list.length > MAX_FILTER_ENTRIES) throw new InputError(`"address" expected at most ${MAX_FILTER_ENTRIES} entries, got ${list.length}`);
    list.forEach((a, i) => addresses.push(hexToBytes(a, 20, Array.isArray(address) ? `address[${i}]` : 'address')));
  }
  const positions: (Uint8Array[] | null)[] = [];
  if (topics !== undefined && topics !== null) {
    if (!Array.isArray(topics)) throw new InputError('"topics" expected an array');
    if (topics.length > MAX_TOPIC_POSITIONS) throw new InputError(`"topics" expected at most ${MAX_TOPIC_POSITIONS} positions, got ${topics.length}`);
    topics.forEach((t, i) => {
      if (t === null) return positions.push(null);
      if (!Array.isArray(t)) return positions.push([hexToBytes(t, 32, `topics[${i}]`)]);
      if (t.length > MAX_FILTER_ENTRIES) throw new InputError(`"topics[${i}]" expected at most ${MAX_FILTER_ENTRIES} entries, got ${t.length}`);
      // A null entry makes the whole position a wildcard (as geth reads it); an empty list too.
      const parsed = t.map((x, j) => (x === null ? null : hexToBytes(x, 32, `topics[${i}][${j}]`)));
      return positions.push(parsed.length === 0 || parsed.includes(null) ? null : (parsed as Uint8Array[]));
    });
  }
  // Trailing wildcards constrain nothing but a log's topic count, which geth does check.
  return { addresses, topics: positions };
}

/** The filter as eth_getLogs takes it (the inverse of {@link parseLogFilter}): to ask an endpoint. */
export function logFilterToJson(filter: LogFilter): { address?: string[]; topics: (string[] | null)[] } {
  return {
    ...(filter.addresses.length > 0 ? { address: filter.addresses.map(bytesToHex) } : {}),
    topics: filter.topics.map((alternatives) => (alternatives === null ? null : alternatives.map(bytesToHex))),
  };
}

/**
 * False when no log matching `filter` can be in a block (or receipt) with this bloom. Only
 * addresses and topics that the filter requires are tested.
 */
export function bloomMayMatch(bloom: Uint8Array, filter: LogFilter): boolean {
  if (filter.addresses.length > 0 && !filter.addresses.some((a) => bloomContains(bloom, a))) return false;
  return filter.topics.every((alternatives) => alternatives === null || alternatives.some((t) => bloomContains(bloom, t)));
}

/** Whether `log` matches `filter`. */
export function logMatches(log: Log, filter: LogFilter): boolean {
  if (filter.addresses.length > 0 && !filter.addresses.some((a) => equalBytes(a, log.address))) return false;
  if (filter.topics.length > log.topics.length) return false;
  return filter.topics.every((alternatives, i) => alternatives === null || alternatives.some((t) => equalBytes(t, log.topics[i]!)));
}

/** A log's place, from verified data: its block, its transaction and its index in the block. */
export interface LogPosition {
  blockHash: Uint8Array;
  blockNumber: bigint;
  blockTimestamp: bigint;
  transactionHash: Uint8Array;
  transactionIndex: number;
  /** Index among all logs of the block. */
  logIndex: number;
}

/** The log as nodes print it (geth's field order); `removed` is false: it is in a verified block. */
export function logToJson(log: Log, at: LogPosition): Record<string, unknown> {
  return {
    address: hexData(log.address),
    topics: log.topics.map(hexData),
    data: hexData(log.data),
    blockNumber: hexQuantity(at.blockNumber),
    transactionHash: hexData(at.transactionHash),
    transactionIndex: hexQuantity(at.transactionIndex),
    blockHash: hexData(at.blockHash),
    blockTimestamp: hexQuantity(at.blockTimestamp),
    logIndex: hexQuantity(at.logIndex),
    removed: false,
  };
}
