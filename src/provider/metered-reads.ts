/**
 * A page's chain and execution readers with its origin's quotas (./quotas.ts) charged: eth_getLogs
 * takes its block span before it runs and counts its logs as they come (the query ends when they
 * pass the quota), eth_feeHistory takes its block count, eth_call / eth_estimateGas /
 * eth_createAccessList reserve their gas limit and give back what they did not use, and each
 * receipt lookup takes a block of receipts. A request past the per-request caps goes through
 * uncharged: the reader refuses it before fetching anything.
 * @module
 */
import type { ExecutionReader } from '../client/execution-reader.ts';
import type { LogQuery } from '../client/verified-chain.ts';
import { hexToBigInt, isHex } from '../core/bytes.ts';
import type { ChainReader } from './chain-methods.ts';
import type { OriginQuotas } from './quotas.ts';

/** Who pays, and the clock the buckets refill by. */
export interface Meter {
  quotas: OriginQuotas;
  origin: string;
  now(): number;
}

/** eth_getLogs' own cap (src/client/verified-chain.ts maxLogRange): a span beyond it is refused there, uncharged. */
const MAX_LOG_SPAN = 1024n;

export function meteredChain(chain: ChainReader, meter: Meter): ChainReader {
  const { quotas, origin, now } = meter;
  return withOverrides(chain, {
    getLogs: async (query: LogQuery) => {
      const span = chain.logSpan ? chain.logSpan(query) : MAX_LOG_SPAN;
      if (span >= 1n && span <= MAX_LOG_SPAN) quotas.take(origin, 'logBlocks', Number(span), now());
      // At least one log's worth left, and the query ends once its logs pass what is left.
      if (quotas.available(origin, 'logResults', now()) < 1) quotas.take(origin, 'logResults', 1, now());
      let charged = 0;
      const logs = await chain.getLogs({
        ...query,
        onProgress: (count) => {
          query.onProgress?.(count);
          quotas.take(origin, 'logResults', count - charged, now());
          charged = count;
        },
      });
      quotas.charge(origin, 'logResults', logs.length - charged, now());
      return logs;
    },
    getTransactionReceipt: async (hash) => {
      quotas.take(origin, 'receiptBlocks', 1, now());
      return chain.getTransactionReceipt(hash);
    },
    getBlockReceipts: async (ref) => {
      quotas.take(origin, 'receiptBlocks', 1, now());
      return chain.getBlockReceipts(ref);
    },
  });
}

export function meteredExecution(reader: ExecutionReader, meter: Meter): ExecutionReader {
  const { quotas, origin, now } = meter;
  return withOverrides(reader, {
    run: async (params) => {
      const limit = params.env.gasLimit;
      // A simulation reserves the gas of each of its calls.
      const calls = params.simulateV1 !== undefined ? simulatedCalls(params.simulateV1) : (params.calls ?? [params.call]);
      const reserved = calls.reduce<number>((n, call) => {
        const asked = gasOf(call);
        return n + Number(asked !== undefined && asked < limit ? asked : limit);
      }, 0);
      quotas.take(origin, 'callGas', reserved, now());
      // A call that fails keeps what it reserved: the proofs it fetched were paid for.
      const result = await reader.run(params);
      const spent = result.outcome.simulation?.calls.map((c) => c.gasUsed) ?? [result.outcome.gasUsed];
      const used = spent.every((g) => isHex(g)) ? spent.reduce((n, g) => n + Number(hexToBigInt(g, 'gasUsed')), 0) : reserved;
      if (used < reserved) quotas.refund(origin, 'callGas', reserved - used, now());
      return result;
    },
    feeHistory: async (blockCount, newest, percentiles) => {
      quotas.take(origin, 'feeHistoryBlocks', blockCount, now());
      return reader.feeHistory(blockCount, newest, percentiles);
    },
  });
}

/** `target` with `overrides` in place of its methods of those names; its other methods called on it as they are. */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get: (t, key) => {
      if (key in overrides) return (overrides as Record<PropertyKey, unknown>)[key];
      const value: unknown = Reflect.get(t, key);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/** The `gas` a page's call object names, when it names one as a quantity (anything else the reader refuses). */
function gasOf(call: unknown): bigint | undefined {
  const gas = typeof call === 'object' && call !== null ? (call as { gas?: unknown }).gas : undefined;
  return typeof gas === 'string' && /^0x[0-9a-fA-F]{1,16}$/.test(gas) ? BigInt(gas) : undefined;
}

/** The calls of an eth_simulateV1 request, each reserving its gas (what is not a call the engine refuses). */
function simulatedCalls(options: unknown): unknown[] {
  const states = typeof options === 'object' && options !== null ? (options as { blockStateCalls?: unknown }).blockStateCalls : undefined;
  if (!Array.isArray(states)) return [];
  return states.flatMap((s) => (typeof s === 'object' && s !== null && Array.isArray((s as { calls?: unknown }).calls) ? ((s as { calls: unknown[] }).calls) : []));
}
