/**
 * What came in and went out, proven (issue 56): every transfer of ether (EIP-7708's logs) and of
 * tokens to or from the user's accounts over a block range, each a log of receipts proven against
 * a header linked to a verified head. The newest blocks (`bloomWindow`) are scanned by the
 * verified blooms: nothing matching can be left out there, and an endpoint that withholds
 * receipts makes the scan throw, never return fewer. Older blocks come from the endpoints'
 * eth_getLogs, proven block by block (./endpoint-logs.ts): complete only as far as some endpoint
 * named each block, which the result's `ranges` say (`endpoint-logs`) for reconciliation to check.
 * @module
 */
import { InputError, type VigilError } from '../../../core/errors.ts';
import type { LogFilter } from '../../../execution/logs.ts';
import { placedLog, transfersOfLogs } from '../../../wallet/transfers/decode.ts';
import { transferFilters } from '../../../wallet/transfers/filters.ts';
import type { ProvenTransfer, TransferFound } from '../../../wallet/transfers/types.ts';
import type { ProvenLog, VerifiedChain } from '../../verified/chain.ts';
import type { ExecutionRpc } from '../../verified/execution-rpc.ts';
import { DEFAULT_LOG_SPAN, endpointLogs } from './endpoint-logs.ts';

export interface TransferScanDeps {
  /** Verified headers, receipts, logs. */
  chain: VerifiedChain;
  /** The endpoints' own eth_getLogs, further back than the bloom window. */
  rpc: Pick<ExecutionRpc, 'endpoints' | 'demote' | 'callAt'>;
  /** Told of each endpoint whose answer was refused (a lie, or a transport failure). */
  onRejected?: (error: VigilError, endpoint: string) => void;
}

export interface TransferScanRequest {
  /** 0x-addresses. */
  accounts: string[];
  fromBlock: bigint;
  /** At most the verified head. */
  toBlock: bigint;
  /** The newest blocks of the range scanned by blooms. Default 1024. */
  bloomWindow?: number;
  /** Blocks per eth_getLogs asked of an endpoint further back (halved where every endpoint refuses a span). Default 1000. */
  logSpan?: number;
}

/** One part of the range and how it was covered. */
export interface TransferScanRange {
  fromBlock: bigint;
  toBlock: bigint;
  found: TransferFound;
}

export interface TransferScanResult {
  /** By block, then logIndex (an ERC-1155 batch's ids in its order). */
  transfers: ProvenTransfer[];
  /** How each part was covered, ascending; adjacent parts covered alike are one. */
  ranges: TransferScanRange[];
  /**
   * Parts no endpoint's eth_getLogs answered, or where a block an endpoint named could not be
   * proven (its header or receipts given by none): nothing is known of them; ascending.
   */
  unanswered: { fromBlock: bigint; toBlock: bigint }[];
  /** Endpoints whose logs did not prove (demoted). */
  demoted: string[];
}

/** Bloom-scanned blocks per verified read (bounds the headers held at once). */
const BLOOM_CHUNK = 256n;
const DEFAULT_BLOOM_WINDOW = 1024;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Every transfer to or from `accounts` in `fromBlock`..`toBlock`, proven.
 * @throws InputError for a bad account, range or window, or `toBlock` past the verified head;
 * VerificationError NO_VERIFIED_HEAD before any head; the fetch's error when no endpoint gives
 * a bloom-matching block's receipts in the bloom window (the scan is never silently shorter)
 * @example await scanTransfers({ chain, rpc }, { accounts: ['0xa1…'], fromBlock: head - 5000n, toBlock: head })
 */
export async function scanTransfers(deps: TransferScanDeps, request: TransferScanRequest): Promise<TransferScanResult> {
  const { accounts, fromBlock, toBlock } = request;
  if (!Array.isArray(accounts) || accounts.length === 0) throw new InputError('scanTransfers expected at least one account');
  const bad = accounts.find((a) => typeof a !== 'string' || !ADDRESS.test(a));
  if (bad !== undefined) throw new InputError(`scanTransfers expected 0x-addresses, got ${JSON.stringify(bad).slice(0, 60)}`);
  if (fromBlock < 0n || fromBlock > toBlock) throw new InputError(`scanTransfers expected 0 <= fromBlock <= toBlock, got ${fromBlock}..${toBlock}`);
  const window = request.bloomWindow ?? DEFAULT_BLOOM_WINDOW;
  if (!Number.isSafeInteger(window) || window < 0) throw new InputError(`scanTransfers expected bloomWindow to be a non-negative integer, got ${window}`);
  const span = request.logSpan ?? DEFAULT_LOG_SPAN;
  if (!Number.isSafeInteger(span) || span < 1) throw new InputError(`scanTransfers expected logSpan to be a positive integer, got ${span}`);
  const head = deps.chain.headers.allAnchors()[0]!.blockNumber;
  if (toBlock > head) throw new InputError(`scanTransfers expected toBlock at most the verified head ${head}, got ${toBlock}`);

  const lower = accounts.map((a) => a.toLowerCase());
  const filters = transferFilters(lower);
  const bloomFrom = max(fromBlock, toBlock - BigInt(window) + 1n);
  const ranges: TransferScanRange[] = [];
  const transfers: ProvenTransfer[] = [];
  let unanswered: TransferScanResult['unanswered'] = [];
  let demoted: string[] = [];

  if (fromBlock < bloomFrom) {
    const older = await endpointLogs({ chain: deps.chain, rpc: deps.rpc, onRejected: deps.onRejected }, filters, fromBlock, bloomFrom - 1n, span);
    transfers.push(...decode(older.logs, lower, 'endpoint-logs'));
    for (const r of older.answered) ranges.push({ ...r, found: 'endpoint-logs' });
    unanswered = older.unanswered;
    demoted = older.demoted;
  }
  if (bloomFrom <= toBlock) {
    transfers.push(...decode(await bloomScan(deps.chain, filters, bloomFrom, toBlock), lower, 'bloom-scan'));
    ranges.push({ fromBlock: bloomFrom, toBlock, found: 'bloom-scan' });
  }
  transfers.sort((a, b) => (a.block !== b.block ? (a.block < b.block ? -1 : 1) : a.logIndex - b.logIndex));
  return { transfers, ranges: merged(ranges), unanswered: merged(unanswered), demoted };
}

/** The verified blocks' matching logs, chunk by chunk. */
async function bloomScan(chain: VerifiedChain, filters: readonly LogFilter[], from: bigint, to: bigint): Promise<ProvenLog[]> {
  const out: ProvenLog[] = [];
  for (let lo = from; lo <= to; lo += BLOOM_CHUNK) out.push(...(await chain.logsMatchingAny(lo, min(to, lo + BLOOM_CHUNK - 1n), filters)));
  return out;
}

const decode = (logs: readonly ProvenLog[], accounts: readonly string[], found: TransferFound): ProvenTransfer[] =>
  transfersOfLogs(logs.map(({ log, ...at }) => placedLog(log, at)), accounts, found);

/** Sorted by fromBlock, adjacent ones covered alike joined. */
function merged<R extends { fromBlock: bigint; toBlock: bigint; found?: TransferFound }>(ranges: readonly R[]): R[] {
  const out: R[] = [];
  for (const r of [...ranges].sort((a, b) => (a.fromBlock < b.fromBlock ? -1 : a.fromBlock > b.fromBlock ? 1 : 0))) {
    const last = out[out.length - 1];
    if (last !== undefined && last.found === r.found && last.toBlock + 1n === r.fromBlock) out[out.length - 1] = { ...last, toBlock: r.toBlock };
    else out.push({ ...r });
  }
  return out;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
