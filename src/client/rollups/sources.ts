/**
 * Where a rollup follower's data comes from: L1 storage by eth_getProof at the verified head,
 * the commit transaction and its receipt proven through their block (VerifiedChain), and the L2
 * RPC for hints only (which L1 transaction committed a batch, an account's Merkle proof: both
 * checked by the adapter against proven L1 data). Shared by the CLI and the extension.
 * @module
 */
import { bigIntToHex, bytesToHex, describe, hexToBytes, isHex } from '../../core/bytes.ts';
import { encodeHeader, parseRpcHeader } from '../../execution/header.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { VerifiedHead } from '../../l1/heads.ts';
import type { FoundL1Log, L1LogQuery, L2Hints, ProofCheck, RunView } from '../../l2/adapter.ts';
import { httpJsonRpc, jsonRpcCall, type JsonRpcTransport } from '../../rpc/http.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { ExecutionRpc } from '../verified/execution-rpc.ts';
import type { L1HeadRef, RollupFollowerDeps } from './follower.ts';
import type { VerifiedChain } from '../verified/chain.ts';
import type { VerifiedHeader } from '../verified/headers.ts';
import { getVerifiedAccount } from '../verified/reads.ts';

const L2_RPC_OPTIONS = { timeoutMs: 15_000, maxBytes: 1 << 20 };
/** L1 blocks per verified eth_getLogs window, and how many windows back the newest event naming an L2 block is looked for (about a day at 12 s; verified headers reach 8192 blocks below the head). */
const EVENT_WINDOW_BLOCKS = 1024n;
const EVENT_WINDOWS = 7;
/** Contract code is at most 24 KiB (EIP-170); hex doubles it. */
const CODE_MAX_BYTES = 1 << 17;

export interface RollupSourceOptions {
  rpc: ExecutionRpc;
  chain: VerifiedChain;
  /**
   * How L1 storage is proven: `headOf` names the verified head (proven here, on this thread), or
   * `readStorage` does it (the extension's worker pool).
   */
  headOf?(ref: L1HeadRef): VerifiedHead;
  readStorage?: RollupFollowerDeps<unknown, unknown>['readStorage'];
  /** The rollup's L2 RPC (hints only); undefined when none is known. */
  l2Rpc: string | undefined;
  /** How the L2 RPC is asked (a recording offline). Default: HTTP. */
  l2Transport?: Pick<JsonRpcTransport, 'call'>;
  verifyProof(check: ProofCheck): Promise<boolean>;
  /** Runs proven code alone (a verifier's getters): the CLI's EVM, the extension's execution worker. */
  runView?: RunView;
  onRejected?: (error: VigilError, endpoint: string) => void;
}

/** The follower's data sources, minus the adapter and its config. */
export function rollupSources(o: RollupSourceOptions): Omit<RollupFollowerDeps<unknown, unknown>, 'adapter' | 'config'> {
  const l2 = async (method: string, params: unknown[]): Promise<unknown> => {
    if (o.l2Rpc === undefined) throw new TransportError('NOT_AVAILABLE', `no L2 RPC is configured to ask ${method}`, { url: method });
    return (o.l2Transport ?? httpJsonRpc).call(o.l2Rpc, method, params, L2_RPC_OPTIONS);
  };
  return {
    readStorage: o.readStorage ?? (async (ref, address, keys) => {
      if (o.headOf === undefined) throw new InputError('rollupSources expected headOf or readStorage');
      const { account, storage } = await getVerifiedAccount({
        rpc: o.rpc,
        head: o.headOf(ref),
        address,
        storageKeys: keys,
        ...(o.onRejected ? { onRejected: o.onRejected } : {}),
      });
      return {
        codeHash: bytesToHex(account.codeHash),
        storage: new Map(storage.map((s) => [bytesToHex(s.slot), s.value])),
        nonce: account.nonce,
      };
    }),
    readCode: async (ref, address) => {
      const { result } = await o.rpc.call('eth_getCode', [address, bigIntToHex(ref.blockNumber)], CODE_MAX_BYTES);
      if (!isHex(result)) throw new InputError(`eth_getCode of ${address} expected hex, got ${describe(result)}`);
      return hexToBytes(result, undefined, 'code');
    },
    l2Header: async (query, ref) => {
      if ('l1Log' in query) {
        const found = await newestVerifiedLog(o.chain, query.l1Log, ref.blockNumber);
        if (found !== undefined) return { found };
        // None that recent: the oldest block searched, so the adapter knows how old it is at least.
        const fromBlock = oldestSearched(query.l1Log, ref.blockNumber);
        const header = await o.chain.header({ number: fromBlock });
        return header === null ? null : { searched: { fromBlock, fromTimestamp: header.header.timestamp } };
      }
      let blockHash: string | null = null;
      let l1Log: L2Hints['l1Log'];
      if ('l1Event' in query) {
        // The newest such log, from verified receipts, window by window back from the head.
        const e = query.l1Event;
        const found = await newestVerifiedLog(o.chain, { address: e.address, topics: [e.topic0, ...(e.topic1 === undefined ? [] : [e.topic1])], withinBlocks: EVENT_WINDOWS * Number(EVENT_WINDOW_BLOCKS) }, ref.blockNumber);
        l1Log = found === undefined ? undefined : { address: found.address, topics: found.topics, data: found.data };
        const word = l1Log?.data.slice(2 + 64 * query.l1Event.word, 2 + 64 * (query.l1Event.word + 1));
        if (word === undefined || word.length !== 64) return null;
        blockHash = '0x' + word;
      } else if ('blockHash' in query) {
        blockHash = query.blockHash;
      }
      const block =
        blockHash !== null ? await l2('eth_getBlockByHash', [blockHash, false]) : await l2('eth_getBlockByNumber', [bigIntToHex((query as { blockNumber: bigint }).blockNumber), false]);
      if (block === null) return null;
      // A rollup's own block members (Nitro's l1BlockNumber, sendRoot) come from its header fields; the adapter checks the header's hash.
      const header = encodeHeader(parseRpcHeader(block, 'L2 block', { unknown: 'ignore' }).header);
      // An account the adapter checks against that header's state root (unchecked here).
      const account = 'account' in query && query.account !== undefined ? await l2('eth_getProof', [query.account, [], bigIntToHex(query.blockNumber)]) : undefined;
      return { header, ...(l1Log !== undefined ? { l1Log } : {}), ...(account !== undefined ? { account } : {}) };
    },
    l2Call: l2,
    transaction: async (hash) => {
      const tx = await o.chain.getTransactionByHash(hexToBytes(hash, 32, 'hash'));
      if (tx === null) return null;
      const t = tx as { to?: string | null; input?: string; hash?: string; blockNumber?: string; blobVersionedHashes?: unknown };
      const blobs = Array.isArray(t.blobVersionedHashes) ? { blobVersionedHashes: t.blobVersionedHashes.map(String) } : {};
      return { to: t.to ?? null, input: String(t.input), hash: String(t.hash), blockNumber: String(t.blockNumber), ...blobs };
    },
    receipt: async (hash) => {
      const r = await o.chain.getTransactionReceipt(hexToBytes(hash, 32, 'hash'));
      if (r === null) return null;
      const receipt = r as { status: string; logs: { address: string; topics: string[]; data: string }[] };
      return { status: receipt.status, logs: receipt.logs };
    },
    stepTxOf: async (log, l1Timestamp, ref) => {
      const block = await blockAtTimestamp(o.chain, l1Timestamp, ref);
      if (block === null) return null;
      const filter = { addresses: [hexToBytes(log.address, 20, 'address')], topics: log.topics.map((t) => [hexToBytes(t, 32, 'topic')]) };
      // The block's last such log: where one block holds several (two Taiko proves in a row), the last one set the state that was read.
      const found = (await o.chain.getLogs({ blockHash: block.hash, filter })).filter((l) => isObject(l) && typeof l.transactionHash === 'string').at(-1);
      return found === undefined ? null : String(found.transactionHash).toLowerCase();
    },
    newestLog: async (query, ref) => (await newestVerifiedLog(o.chain, query, ref.blockNumber)) ?? null,
    commitTxOf: async (batch) => {
      const answer = await l2('vigil_getBatch', [Number(batch)]);
      if (!isObject(answer) || typeof answer.l1TxHash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(answer.l1TxHash)) return null;
      return answer.l1TxHash.toLowerCase();
    },
    verifyProof: o.verifyProof,
    ...(o.runView ? { runView: o.runView } : {}),
    accountProof: async (query, accepted) => {
      if (!isObject(query) || typeof query.index !== 'number') throw new InputError('an L2 account query expected { index }');
      return l2('vigil_getAccountProof', [query.index, Number(accepted.batch)]);
    },
  };
}

/** How the L2 RPC is asked: its URL over HTTP, or a transport (a recording offline). */
export type L2Endpoint = string | { url: string; transport: Pick<JsonRpcTransport, 'call'> };

/** The index the L2 RPC gives for an L1 owner (a hint: the proven leaf's owner is checked after). */
export async function l2AccountIndex(l2: L2Endpoint, owner: string): Promise<number | null> {
  const answer =
    typeof l2 === 'string'
      ? await jsonRpcCall(l2, 'vigil_getAccountIndex', [owner], L2_RPC_OPTIONS)
      : await l2.transport.call(l2.url, 'vigil_getAccountIndex', [owner], L2_RPC_OPTIONS);
  return typeof answer === 'number' && Number.isSafeInteger(answer) && answer >= 0 ? answer : null;
}

/** Probes of a timestamp search: a secant search over verified headers needs a handful; a bound stops a chain whose times lie. */
const TIMESTAMP_PROBES = 48;

/**
 * The verified L1 block made at `timestamp` exactly (post-merge, one block per slot at most, so at
 * most one), searched below `head`: a secant search over verified headers, first stepping back at
 * 12 s a block (doubling while it overshoots). Null when no block has that time.
 */
export async function blockAtTimestamp(chain: Pick<VerifiedChain, 'header'>, timestamp: bigint, head: L1HeadRef): Promise<VerifiedHeader | null> {
  if (timestamp > head.timestamp) return null;
  let hi = { n: head.blockNumber, t: head.timestamp };
  if (timestamp === hi.t) return chain.header({ number: hi.n });
  let lo: { n: bigint; t: bigint } | undefined;
  let back = (hi.t - timestamp) / 12n > 0n ? (hi.t - timestamp) / 12n : 1n;
  for (let probe = 0; probe < TIMESTAMP_PROBES; probe++) {
    let guess: bigint;
    if (lo === undefined) {
      guess = hi.n - back > 0n ? hi.n - back : 0n;
    } else {
      if (hi.n - lo.n <= 1n) return null;
      guess = lo.n + ((timestamp - lo.t) * (hi.n - lo.n)) / (hi.t - lo.t);
      guess = guess <= lo.n ? lo.n + 1n : guess >= hi.n ? hi.n - 1n : guess;
    }
    const found = await chain.header({ number: guess });
    if (found === null) return null;
    const t = found.header.timestamp;
    if (t === timestamp) return found;
    if (t > timestamp) {
      if (guess === 0n) return null;
      hi = { n: guess, t };
      if (lo === undefined) back *= 2n;
    } else {
      lo = { n: guess, t };
    }
  }
  return null;
}

/** The oldest L1 block a search for `query` from `head` reads. */
function oldestSearched(query: L1LogQuery, head: bigint): bigint {
  const newest = query.toBlock !== undefined && query.toBlock < head ? query.toBlock : head;
  const oldest = newest - BigInt(query.withinBlocks) + 1n;
  return oldest > 0n ? oldest : 0n;
}

/**
 * The newest log of `query` (its address, topics with null for any) in verified receipts, window
 * by window back from `head`, at most `withinBlocks` blocks: with its block's number and time
 * and its transaction.
 */
async function newestVerifiedLog(chain: VerifiedChain, query: L1LogQuery, head: bigint): Promise<FoundL1Log | undefined> {
  const filter = {
    addresses: [hexToBytes(query.address, 20, 'address')],
    topics: query.topics.map((t, i) => (t === null ? null : [hexToBytes(t, 32, `topics[${i}]`)])),
  };
  const newest = query.toBlock !== undefined && query.toBlock < head ? query.toBlock : head;
  const oldest = oldestSearched(query, head);
  for (let to = newest; to >= oldest; to -= EVENT_WINDOW_BLOCKS) {
    const from = to - EVENT_WINDOW_BLOCKS + 1n > oldest ? to - EVENT_WINDOW_BLOCKS + 1n : oldest;
    let logs = await chain.getLogs({ fromBlock: from, toBlock: to, filter });
    if (query.beforeTransaction !== undefined && to === newest) {
      // Only what came before that transaction: its own logs and those after it in the block are not it.
      const wanted = query.beforeTransaction.toLowerCase();
      const cut = logs.findIndex((l) => isObject(l) && typeof l.transactionHash === 'string' && l.transactionHash.toLowerCase() === wanted);
      if (cut >= 0) logs = logs.slice(0, cut);
      else logs = logs.filter((l) => isObject(l) && isHex(l.blockNumber) && BigInt(l.blockNumber) < newest);
    }
    const last = logs.at(-1);
    if (
      isObject(last) &&
      typeof last.address === 'string' &&
      Array.isArray(last.topics) &&
      typeof last.data === 'string' &&
      isHex(last.blockNumber) &&
      isHex(last.blockTimestamp) &&
      typeof last.transactionHash === 'string'
    ) {
      return {
        address: last.address.toLowerCase(),
        topics: last.topics.map((t) => String(t).toLowerCase()),
        data: last.data.toLowerCase(),
        blockNumber: BigInt(last.blockNumber),
        timestamp: BigInt(last.blockTimestamp),
        transactionHash: last.transactionHash.toLowerCase(),
      };
    }
    if (from === oldest) break;
  }
  return undefined;
}
