/**
 * A page's chain and execution readers, and its sends, with its origin's quotas (./quotas.ts)
 * charged: eth_getLogs takes its block span before it runs and counts its logs as they come (the
 * query ends when they pass the quota), eth_feeHistory takes its block count, eth_call /
 * eth_estimateGas / eth_createAccessList reserve their gas limit and give back what they did not
 * use, and each receipt lookup takes a block of receipts. A block read takes the headers walked
 * from the newest verified head down to it (a block named by hash: once its number is known) and,
 * unless only its header is read, its body; eth_getTransactionByHash takes the body of the block
 * it names and the walk to it. A transaction or batch takes one refused send per transaction
 * before it is prepared, given back when it reaches the user (signed, or rejected by them). A
 * request past the per-request caps goes through uncharged: the reader refuses it before fetching
 * anything.
 * @module
 */
import type { ExecutionReader } from '../client/verified/execution-reader.ts';
import type { BlockRef, LogQuery } from '../client/verified/chain.ts';
import { hexToBigInt, isHex } from '../core/bytes.ts';
import { WalletError, type WalletErrorCode } from '../wallet/errors.ts';
import type { ChainReader } from './chain-methods.ts';
import type { OriginQuotas } from './quotas.ts';
import type { WalletBackend } from './wallet-methods.ts';

/** Who pays, and the clock the buckets refill by. */
export interface Meter {
  quotas: OriginQuotas;
  origin: string;
  now(): number;
}

/** eth_getLogs' own cap (src/client/verified/chain.ts maxLogRange): a span beyond it is refused there, uncharged. */
const MAX_LOG_SPAN = 1024n;
/** The farthest the header walk goes below a verified head (src/client/verified/headers.ts maxWalk): a block beyond is refused there, uncharged. */
const MAX_WALK = 8192n;

export function meteredChain(chain: ChainReader, meter: Meter): ChainReader {
  const { quotas, origin, now } = meter;
  /**
   * The headers walked from the newest head down to block `from` (at most that: an older block may
   * be reached from the finalized head), when the reader says; 1 for a verified head itself.
   */
  const walkTo = (from: BlockRef | bigint): number => {
    if (!chain.logSpan || from === 'latest' || from === 'pending' || from === 'finalized' || from === 'safe') return 1;
    const n = typeof from === 'bigint' ? from : typeof from === 'object' && 'number' in from ? from.number : from === 'earliest' ? from : undefined;
    if (n === undefined) return 1;
    const walk = chain.logSpan({ fromBlock: n, toBlock: 'latest', filter: { addresses: [], topics: [] } });
    return walk >= 1n && walk <= MAX_WALK ? Number(walk) : 1;
  };
  /** A block's header walk and body, taken before it is read (a hash's walk once its number is known). */
  const block = async <T>(ref: BlockRef, body: boolean, read: () => Promise<T>): Promise<T> => {
    const byHash = typeof ref === 'object' && 'hash' in ref;
    quotas.take(origin, 'headerBlocks', byHash ? 1 : walkTo(ref), now());
    if (body) quotas.take(origin, 'blockBodies', 1, now());
    const result = await read();
    if (byHash) chargeWalkOf(result);
    return result;
  };
  /** What a block or transaction found by hash cost to link: the walk to its block. */
  const chargeWalkOf = (found: unknown) => {
    const number = (found as { number?: unknown; blockNumber?: unknown } | null)?.number ?? (found as { blockNumber?: unknown } | null)?.blockNumber;
    if (isHex(number) && number.length <= 18) quotas.charge(origin, 'headerBlocks', walkTo(hexToBigInt(number, 'block number')) - 1, now());
  };
  return withOverrides(chain, {
    getBlock: (ref: BlockRef, full: boolean) => block(ref, true, () => chain.getBlock(ref, full)),
    ...(chain.getHeader ? { getHeader: (ref: BlockRef) => block(ref, false, () => chain.getHeader!(ref)) } : {}),
    getBlockTransactionCount: (ref: BlockRef) => block(ref, true, () => chain.getBlockTransactionCount(ref)),
    getUncleCount: (ref: BlockRef) => block(ref, true, () => chain.getUncleCount(ref)),
    getTransactionByBlockAndIndex: (ref: BlockRef, index: number) => block(ref, true, () => chain.getTransactionByBlockAndIndex(ref, index)),
    getTransactionByHash: async (hash: Uint8Array) => {
      quotas.take(origin, 'blockBodies', 1, now());
      const tx = await chain.getTransactionByHash(hash);
      chargeWalkOf(tx);
      return tx;
    },
    getLogs: async (query: LogQuery) => {
      const span = chain.logSpan ? chain.logSpan(query) : MAX_LOG_SPAN;
      if (span >= 1n && span <= MAX_LOG_SPAN) {
        quotas.take(origin, 'logBlocks', Number(span), now());
        // The headers walked from the newest head down to the range (its blocks among them).
        if (query.blockHash === undefined) quotas.take(origin, 'headerBlocks', walkTo(query.fromBlock ?? 'latest'), now());
      }
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
      const receipt = await chain.getTransactionReceipt(hash);
      chargeWalkOf(receipt);
      return receipt;
    },
    getBlockReceipts: (ref) =>
      block(ref, true, async () => {
        quotas.take(origin, 'receiptBlocks', 1, now());
        return chain.getBlockReceipts(ref);
      }),
  });
}

/** Answers of the wallet that reached the user, or cost nothing to reach: a send that ends so gives its refused send back. */
const NOT_REFUSED: ReadonlySet<WalletErrorCode> = new Set(['USER_REJECTED', 'APPROVAL_EXPIRED', 'REJECTED_RECENTLY', 'REQUEST_PENDING']);
/** The most transactions one wallet_sendCalls is charged for (what it asks beyond is refused by its reader). */
const MAX_CHARGED_CALLS = 100;

/**
 * The wallet with a page's sends charged: each transaction (each call of a batch) takes one
 * refused send before it is prepared and simulated, and gives it back when it reaches the user;
 * a page sending what Vigil refuses runs out (-32005) instead of making the endpoints prove its
 * sender, gas and effects again and again.
 */
export function meteredWallet(wallet: WalletBackend, meter: Meter): WalletBackend {
  const { quotas, origin, now } = meter;
  const sent = async <T>(count: number, send: () => Promise<T>): Promise<T> => {
    quotas.take(origin, 'refusedSends', count, now());
    try {
      const result = await send();
      quotas.refund(origin, 'refusedSends', count, now());
      return result;
    } catch (err) {
      if (err instanceof WalletError && NOT_REFUSED.has(err.code)) quotas.refund(origin, 'refusedSends', count, now());
      throw err;
    }
  };
  return withOverrides(wallet, {
    sendTransaction: (ctx, tx) => sent(1, () => wallet.sendTransaction(ctx, tx)),
    // Reviewed with proofs before any window (a permit's tokens and spenders, a token's metadata): refused, they cost the same.
    signTypedData: (ctx, address, typedData, version) => sent(1, () => wallet.signTypedData(ctx, address, typedData, version)),
    watchAsset: (ctx, params) => sent(1, () => wallet.watchAsset(ctx, params)),
    sendCalls: (ctx, params) => {
      const calls = typeof params === 'object' && params !== null ? (params as { calls?: unknown }).calls : undefined;
      return sent(Array.isArray(calls) ? Math.min(MAX_CHARGED_CALLS, Math.max(1, calls.length)) : 1, () => wallet.sendCalls(ctx, params));
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
