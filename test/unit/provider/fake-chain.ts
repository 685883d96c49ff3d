/**
 * Shared by the filter and subscription tests: a scripted chain whose reads stand for verified
 * ones. Blocks by number, each with its hash (the branch it is on in it) and logs; a reorg
 * replaces blocks from a number on.
 */
import { bytesToHex } from '../../../src/core/bytes.ts';
import type { ChainReader } from '../../../src/provider/chain-methods.ts';
import type { FilterChain } from '../../../src/provider/filters.ts';
import type { LogQuery } from '../../../src/client/verified/chain.ts';

export const TOKEN = '0x' + '7a'.repeat(20);
export const OTHER_TOKEN = '0x' + '7b'.repeat(20);
export type Log = Record<string, unknown>;

export class Chain {
  readonly blocks = new Map<bigint, { hash: string; logs: Log[] }>();
  readonly queries: LogQuery[] = [];
  blockReads = 0;
  headerReads = 0;
  newest = 0n;
  finalized = 0n;

  /** `headers`: the reader offers getHeader (as VerifiedChain does), else blocks only. */
  constructor(private readonly options: { headers?: boolean } = {}) {}

  build(to: bigint, branch = 'a', logsAt: Record<string, number> = {}, address = TOKEN): this {
    for (let n = this.newest + 1n; n <= to; n++) this.put(n, branch, logsAt[String(n)] ?? 0, address);
    this.newest = to;
    return this;
  }

  put(n: bigint, branch: string, count: number, address = TOKEN): void {
    const hash = '0x' + (branch.charCodeAt(0).toString(16) + n.toString(16)).padStart(64, '0');
    const logs = Array.from({ length: count }, (_, i) => ({ address, blockNumber: '0x' + n.toString(16), blockHash: hash, logIndex: '0x' + i.toString(16), data: `0x0${i}`, removed: false }));
    this.blocks.set(n, { hash, logs });
  }

  /** Blocks from `from` on replaced by branch `branch` up to `to`, with logs where given. */
  reorg(from: bigint, to: bigint, branch: string, logsAt: Record<string, number> = {}): void {
    for (const n of [...this.blocks.keys()]) if (n >= from) this.blocks.delete(n);
    for (let n = from; n <= to; n++) this.put(n, branch, logsAt[String(n)] ?? 0);
    this.newest = to;
  }

  /** The header fields of block `n` as nodes print them (the fake's few). */
  header(n: bigint): Log {
    const b = this.blocks.get(n)!;
    return { hash: b.hash, parentHash: this.blocks.get(n - 1n)?.hash ?? '0x' + '00'.repeat(32), number: '0x' + n.toString(16), timestamp: '0x' + (1000n + n * 12n).toString(16) };
  }

  reader(): ChainReader {
    const none = async () => null;
    const numberOf = (ref: unknown) => (ref as { number: bigint }).number;
    return {
      getBlock: async (ref) => {
        this.blockReads++;
        const n = numberOf(ref);
        // With the body fields a header has not: a newHeads push must leave them out.
        return this.blocks.has(n) ? { ...this.header(n), transactions: [], uncles: [], withdrawals: [], size: '0x220' } : null;
      },
      ...(this.options.headers
        ? {
            getHeader: async (ref: unknown) => {
              this.headerReads++;
              const n = numberOf(ref);
              return this.blocks.has(n) ? this.header(n) : null;
            },
          }
        : {}),
      getLogs: async (q) => {
        this.queries.push(q);
        const from = typeof q.fromBlock === 'bigint' ? q.fromBlock : 0n;
        const to = typeof q.toBlock === 'bigint' ? q.toBlock : this.newest;
        const addresses = (q.filter?.addresses ?? []).map(bytesToHex);
        return [...this.blocks.entries()]
          .filter(([n]) => n >= from && n <= to)
          .sort(([a], [b]) => Number(a - b))
          .flatMap(([, b]) => b.logs)
          .filter((l) => addresses.length === 0 || addresses.includes(String(l.address)));
      },
      getBlockTransactionCount: none,
      getUncleCount: none,
      getTransactionByHash: none,
      getTransactionByBlockAndIndex: none,
      getTransactionReceipt: none,
      getBlockReceipts: none,
    };
  }

  at(chainId = 1): FilterChain {
    return { chainId, reader: this.reader(), newest: this.newest, finalized: this.finalized };
  }

  hash(n: bigint): string {
    return this.blocks.get(n)!.hash;
  }
}
