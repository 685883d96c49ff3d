/**
 * The older part of a transfer scan (./scan.ts): blocks too many to test every header's bloom.
 * The endpoints' own eth_getLogs say which blocks hold the accounts' transfers; Vigil believes
 * none of their logs. Each block they name is proven (its header linked to a verified head, its
 * receipts against that header's root) and every matching log of it is taken from the proven
 * receipts, so an endpoint that drops one log of a block it names is caught by the others it
 * names there. A log an endpoint names that the proven receipts do not hold, or a block hash that
 * is not the verified one at its number, demotes that endpoint (LOG_NOT_PROVEN) and is dropped. A
 * block no endpoint names is not known to be empty: that is reconciliation's to say.
 * @module
 */
import { bytesToHex, hexToBigInt, hexToBytes } from '../../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../../core/errors.ts';
import { aarray, aobject } from '../../../core/json.ts';
import { type LogFilter, logFilterToJson } from '../../../execution/logs.ts';
import type { ProvenLog, VerifiedChain } from '../../verified/chain.ts';
import type { ExecutionRpc } from '../../verified/execution-rpc.ts';
import type { VerifiedHeader } from '../../verified/headers.ts';
import { TransportError } from '../../../rpc/errors.ts';

/** Blocks per eth_getLogs at first: many providers cap a query at 1,000 to 10,000 blocks. */
export const DEFAULT_LOG_SPAN = 1_000;
/** A span every endpoint refuses (a range or result cap) is halved down to this before it is given up. */
const MIN_LOG_SPAN = 16n;
/** JSON-RPC's "method not found". */
const METHOD_NOT_FOUND = -32601;
/** Most bytes of one eth_getLogs answer (a busy account's span). */
const LOGS_MAX_BYTES = 16 * 1024 * 1024;

export interface EndpointLogsDeps {
  chain: VerifiedChain;
  rpc: Pick<ExecutionRpc, 'endpoints' | 'demote' | 'callAt'>;
  onRejected?: ((error: VigilError, endpoint: string) => void) | undefined;
}

/** What the endpoints' logs gave over a range. */
export interface EndpointLogsResult {
  /** Every log matching a filter in the blocks some endpoint named, proven. */
  logs: ProvenLog[];
  /** Spans at least one endpoint answered and whose named blocks were all proven, ascending. */
  answered: { fromBlock: bigint; toBlock: bigint }[];
  /** Spans no endpoint answered, or with a named block Vigil could not prove (no endpoint gave it). */
  unanswered: { fromBlock: bigint; toBlock: bigint }[];
  /** Endpoints that named a log or block that did not prove. */
  demoted: string[];
}

/** One log as an endpoint names it: only where it is and what it holds matter. */
interface Claim {
  endpoint: string;
  blockNumber: bigint;
  blockHash: string;
  logIndex: number;
  address: string;
  topics: string[];
  data: string;
}

/**
 * Asks every endpoint's eth_getLogs for each filter over `from`..`to` in spans of `span` blocks
 * (halved where the endpoints refuse it), proves the blocks they name and returns their matching logs.
 * Never throws a VigilError: an endpoint's failure or lie is told (`onRejected`) and a block that
 * does not prove leaves its span unanswered.
 * @example await endpointLogs({ chain, rpc }, transferFilters([account]), 21_000_000n, 21_004_999n)
 */
export async function endpointLogs(deps: EndpointLogsDeps, filters: readonly LogFilter[], from: bigint, to: bigint, span = DEFAULT_LOG_SPAN): Promise<EndpointLogsResult> {
  const out: EndpointLogsResult = { logs: [], answered: [], unanswered: [], demoted: [] };
  const demoted = new Set<string>();
  const refuse = (error: VigilError, endpoint: string) => {
    if (demoted.has(endpoint)) return;
    demoted.add(endpoint);
    deps.rpc.demote(endpoint);
    deps.onRejected?.(error, endpoint);
  };
  const queue: [bigint, bigint][] = [];
  // Newest spans first: each walk down from the verified head goes a little further than the last (the headers' cache).
  for (let hi = to; hi >= from; hi -= BigInt(span)) queue.push([max(from, hi - BigInt(span) + 1n), hi]);
  const down = new Set<string>();
  while (queue.length > 0) {
    const [lo, hi] = queue.shift()!;
    const { claims, refusedSpan } = await askAll(deps, filters, lo, hi, refuse, down);
    if (claims === undefined) {
      if (refusedSpan && hi - lo + 1n > MIN_LOG_SPAN) {
        const mid = lo + (hi - lo) / 2n;
        queue.unshift([mid + 1n, hi], [lo, mid]);
      } else out.unanswered.push({ fromBlock: lo, toBlock: hi });
      continue;
    }
    const proven = await proveClaims(deps, filters, claims, refuse);
    out.logs.push(...proven.logs);
    (proven.complete ? out.answered : out.unanswered).push({ fromBlock: lo, toBlock: hi });
  }
  out.demoted = [...demoted];
  out.answered.reverse();
  out.unanswered.reverse();
  return out;
}

/**
 * Every endpoint's claims for the span; `claims` undefined when none answered (each failure told,
 * a lie demoted). `refusedSpan`: some endpoint answered with an error (a range or result cap: a
 * smaller span may pass). An endpoint that cannot be reached, or has no eth_getLogs, is not asked
 * again in this scan.
 */
async function askAll(
  deps: EndpointLogsDeps,
  filters: readonly LogFilter[],
  lo: bigint,
  hi: bigint,
  refuse: (e: VigilError, endpoint: string) => void,
  down: Set<string>,
): Promise<{ claims: Claim[] | undefined; refusedSpan: boolean }> {
  let answered = false;
  let refusedSpan = false;
  const claims: Claim[] = [];
  for (const endpoint of deps.rpc.endpoints) {
    if (down.has(endpoint)) continue;
    try {
      const answers = await Promise.all(
        filters.map((f) => deps.rpc.callAt(endpoint, 'eth_getLogs', [{ fromBlock: hex(lo), toBlock: hex(hi), ...logFilterToJson(f) }], LOGS_MAX_BYTES)),
      );
      claims.push(...answers.flatMap((a) => parseClaims(a, endpoint, lo, hi)));
      answered = true;
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      if (!(err instanceof TransportError)) refuse(err, endpoint);
      else {
        deps.onRejected?.(err, endpoint);
        // Unreachable, or without eth_getLogs at all (-32601): no span will do.
        if (err.code === 'NETWORK' || err.code === 'TIMEOUT' || err.rpcCode === METHOD_NOT_FOUND) down.add(endpoint);
        else if (err.code === 'RPC_ERROR' || err.code === 'TOO_LARGE' || err.code === 'HTTP_STATUS') refusedSpan = true;
      }
    }
  }
  return { claims: answered ? claims : undefined, refusedSpan };
}

/** An eth_getLogs answer's logs, each placed inside [lo, hi]. @throws InputError for anything else */
function parseClaims(answer: unknown, endpoint: string, lo: bigint, hi: bigint): Claim[] {
  return aarray(answer, 'eth_getLogs').map((raw, i) => {
    const o = aobject(raw, `eth_getLogs[${i}]`);
    const blockNumber = hexToBigInt(o.blockNumber, `eth_getLogs[${i}].blockNumber`);
    if (blockNumber < lo || blockNumber > hi) throw new InputError(`eth_getLogs[${i}] is in block ${blockNumber}, outside the ${lo}..${hi} asked for`);
    const logIndex = hexToBigInt(o.logIndex, `eth_getLogs[${i}].logIndex`);
    if (logIndex > 0xffffffffn) throw new InputError(`eth_getLogs[${i}].logIndex ${logIndex} is no log index`);
    return {
      endpoint,
      blockNumber,
      blockHash: bytesToHex(hexToBytes(o.blockHash, 32, `eth_getLogs[${i}].blockHash`)),
      logIndex: Number(logIndex),
      address: bytesToHex(hexToBytes(o.address, 20, `eth_getLogs[${i}].address`)),
      topics: aarray(o.topics, `eth_getLogs[${i}].topics`, 4).map((t, k) => bytesToHex(hexToBytes(t, 32, `eth_getLogs[${i}].topics[${k}]`))),
      data: bytesToHex(hexToBytes(o.data, undefined, `eth_getLogs[${i}].data`)),
    };
  });
}

/**
 * The named blocks proven and their matching logs read; each claim checked against them. A block
 * whose header or receipts no endpoint gives leaves the span incomplete (`complete` false).
 */
async function proveClaims(deps: EndpointLogsDeps, filters: readonly LogFilter[], claims: Claim[], refuse: (e: VigilError, endpoint: string) => void): Promise<{ logs: ProvenLog[]; complete: boolean }> {
  const numbers = [...new Set(claims.map((c) => c.blockNumber))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let headers: VerifiedHeader[] = [];
  let complete = true;
  if (numbers.length > 0) {
    try {
      // One walk down from the verified head for the span, not one per block.
      const walked = await deps.chain.headers.range(numbers[0]!, numbers[numbers.length - 1]!);
      const named = new Set(numbers);
      headers = walked.filter((h) => named.has(h.header.number));
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      // Some of them may still be proven (the newer ones, within the walk bound).
      for (const n of numbers) {
        try {
          headers.push(await deps.chain.headers.byNumber(n));
        } catch (e) {
          if (!(e instanceof VigilError)) throw e;
          complete = false;
        }
      }
    }
  }
  let logs: ProvenLog[];
  try {
    logs = await deps.chain.logsOfHeaders(headers, filters);
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    // One block's receipts withheld: the others still prove on their own.
    complete = false;
    logs = [];
    const read: VerifiedHeader[] = [];
    for (const h of headers) {
      try {
        logs.push(...(await deps.chain.logsOfHeaders([h], filters)));
        read.push(h);
      } catch (e) {
        if (!(e instanceof VigilError)) throw e;
      }
    }
    headers.splice(0, headers.length, ...read);
  }
  const canonical = new Map(headers.map((h) => [h.header.number, bytesToHex(h.hash)]));
  const proven = new Map(logs.map((l) => [`${l.blockNumber}:${l.logIndex}`, l]));
  for (const c of claims) {
    const hash = canonical.get(c.blockNumber);
    if (hash === undefined) continue;
    if (hash !== c.blockHash) {
      refuse(new VerificationError('LOG_NOT_PROVEN', `eth_getLogs named block ${c.blockNumber} by a hash that is not the verified one`, { expected: hash, got: c.blockHash }), c.endpoint);
      continue;
    }
    const log = proven.get(`${c.blockNumber}:${c.logIndex}`);
    if (log === undefined || !sameLog(log, c)) {
      refuse(new VerificationError('LOG_NOT_PROVEN', `eth_getLogs named log ${c.logIndex} of block ${c.blockNumber}, which its proven receipts do not hold as named`, { expected: log === undefined ? 'a matching log at that index' : describeLog(log), got: `${c.address} ${c.topics.join(',')}` }), c.endpoint);
    }
  }
  return { logs, complete };
}

const sameLog = (l: ProvenLog, c: Claim): boolean =>
  bytesToHex(l.log.address) === c.address && bytesToHex(l.log.data) === c.data && l.log.topics.length === c.topics.length && l.log.topics.every((t, i) => bytesToHex(t) === c.topics[i]);
const describeLog = (l: ProvenLog): string => `${bytesToHex(l.log.address)} ${l.log.topics.map(bytesToHex).join(',')}`;
const hex = (n: bigint): string => `0x${n.toString(16)}`;
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
