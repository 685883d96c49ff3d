/**
 * EIP-3668 (CCIP read, https://eips.ethereum.org/EIPS/eip-3668) as the client side needs it, pure:
 * an `OffchainLookup(address sender, string[] urls, bytes callData, bytes4 callbackFunction, bytes
 * extraData)` revert decoded and checked (its sender must be the contract that was called), a
 * gateway URL template filled in ({sender}, {data}; GET when it holds {data}, else POST of
 * `{"data","sender"}`), the callback's calldata, and the batch gateway Vigil plays itself when a
 * lookup names `x-batch-gateway:true` (ens-contracts CCIPBatcher.sol / IBatchGateway.sol:
 * `query((address sender, string[] urls, bytes data)[])` answered `(bool[] failures, bytes[]
 * responses)`, a failure's response an `HttpError(uint16,string)` or an `Error(string)`).
 * Fetching is src/rpc/ccip-gateway.ts's; the callback runs on the local EVM.
 * @module
 */
import { bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { decodeAbi, encodeAbi, encodeFunctionCall, functionSelector } from '../../execution/abi.ts';
import { NameError } from './errors.ts';

export const OFFCHAIN_LOOKUP_SELECTOR = functionSelector('OffchainLookup(address,string[],bytes,bytes4,bytes)');
const BATCH_QUERY = 'query((address,string[],bytes)[])';
export const BATCH_QUERY_SELECTOR = functionSelector(BATCH_QUERY);
/** ens-contracts CCIPReader.sol: the UniversalResolver's own callback when it forwards a resolver's lookup. */
const CCIP_READ_CALLBACK = functionSelector('ccipReadCallback(bytes,bytes)');

/** URLs tried per query, queries per batch: more is refused (a resolver names a few). */
export const MAX_GATEWAY_URLS = 8;
export const MAX_BATCH_QUERIES = 16;
const MAX_URL_CHARS = 2048;

export interface OffchainLookup {
  /** Lower-case 0x-hex. */
  sender: string;
  urls: string[];
  /** 0x-hex. */
  callData: string;
  /** 0x-hex, 4 bytes. */
  callbackFunction: string;
  extraData: string;
}

/** Whether revert data is an OffchainLookup (by its selector). */
export function isOffchainLookup(revertData: string): boolean {
  return revertData.slice(0, 10).toLowerCase() === OFFCHAIN_LOOKUP_SELECTOR;
}

/**
 * An OffchainLookup revert, decoded, checked against the contract that was called.
 * @throws NameError OFFCHAIN_LOOKUP_MALFORMED (it does not decode), OFFCHAIN_SENDER_MISMATCH
 *   (its sender is not `calledContract`: EIP-3668 "the client MUST ... sender field matches")
 */
export function readOffchainLookup(revertData: string, calledContract: string): OffchainLookup {
  if (!isOffchainLookup(revertData)) throw new NameError('OFFCHAIN_LOOKUP_MALFORMED', 'the revert is not an OffchainLookup');
  let fields: unknown[];
  try {
    fields = decodeAbi(['address', 'string[]', 'bytes', 'bytes4', 'bytes'], bytesToHex(hexToBytes(revertData, undefined, 'revert data').subarray(4)));
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) throw new NameError('OFFCHAIN_LOOKUP_MALFORMED', 'the OffchainLookup revert does not decode', { cause: err });
    throw err;
  }
  const [sender, urls, callData, callbackFunction, extraData] = fields as [string, string[], string, string, string];
  if (sender !== calledContract.toLowerCase()) {
    throw new NameError('OFFCHAIN_SENDER_MISMATCH', 'an OffchainLookup names another sender than the contract called', { expected: calledContract.toLowerCase(), got: sender });
  }
  return { sender, urls, callData, callbackFunction, extraData };
}

/** The callback's calldata: `callbackFunction ‖ abi.encode(bytes response, bytes extraData)` (EIP-3668). */
export function callbackCalldata(lookup: OffchainLookup, response: Uint8Array | string): string {
  return bytesToHex(concatBytes(hexToBytes(lookup.callbackFunction, 4, 'callbackFunction'), encodeAbi(['bytes', 'bytes'], [response, lookup.extraData])));
}

/** One HTTP request to a gateway. */
export interface GatewayRequest {
  url: string;
  method: 'GET' | 'POST';
  /** POST's JSON body. */
  body?: string;
}

/**
 * The request a gateway URL template makes for (`sender`, `data`), or undefined when the URL is not
 * http(s) (EIP-3668 names no other scheme; a contract's `file:` or `javascript:` is skipped) or too long.
 * @example gatewayRequest('https://gw.example/{sender}/{data}.json', '0xabc…', '0x1234')
 *   // { url: 'https://gw.example/0xabc…/0x1234.json', method: 'GET' }
 */
export function gatewayRequest(template: string, sender: string, data: string): GatewayRequest | undefined {
  const url = template.replaceAll('{sender}', sender.toLowerCase()).replaceAll('{data}', data.toLowerCase());
  if (url.length > MAX_URL_CHARS) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (template.includes('{data}')) return { url, method: 'GET' };
  return { url, method: 'POST', body: JSON.stringify({ data: data.toLowerCase(), sender: sender.toLowerCase() }) };
}

/** The origin (`scheme://host[:port]`) of a gateway URL, what the user allows; undefined for none of http(s). */
export function gatewayOrigin(template: string): string | undefined {
  try {
    const u = new URL(template.replaceAll('{sender}', 'sender').replaceAll('{data}', 'data'));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** One query of a batch gateway request. */
export interface BatchQuery {
  /** The contract that raised the lookup and whose callback gets the answer (lower-case). */
  sender: string;
  urls: string[];
  data: string;
}

/**
 * The queries of a batch gateway call `query((address,string[],bytes)[])`.
 * @throws NameError OFFCHAIN_LOOKUP_MALFORMED (not that call), OFFCHAIN_LIMIT (more than MAX_BATCH_QUERIES)
 */
export function readBatchQuery(callData: string): BatchQuery[] {
  if (callData.slice(0, 10).toLowerCase() !== BATCH_QUERY_SELECTOR) throw new NameError('OFFCHAIN_LOOKUP_MALFORMED', 'the batch gateway lookup does not call query((address,string[],bytes)[])', { got: callData.slice(0, 10) });
  let queries: unknown[];
  try {
    [queries] = decodeAbi(['(address,string[],bytes)[]'], bytesToHex(hexToBytes(callData, undefined, 'callData').subarray(4))) as [unknown[]];
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) throw new NameError('OFFCHAIN_LOOKUP_MALFORMED', 'the batch gateway query does not decode', { cause: err });
    throw err;
  }
  if (queries.length > MAX_BATCH_QUERIES) throw new NameError('OFFCHAIN_LIMIT', 'a batch gateway query asks too many lookups at once', { expected: `at most ${MAX_BATCH_QUERIES}`, got: String(queries.length) });
  return (queries as [string, string[], string][]).map(([sender, urls, data]) => ({ sender, urls, data }));
}

/** What one query came to: the gateway's bytes, or the failure the contract is told. */
export type BatchAnswer = { ok: true; data: Uint8Array } | { ok: false; status?: number; message: string };

/** The batch gateway's answer `abi.encode(bool[] failures, bytes[] responses)`, in the queries' order. */
export function encodeBatchAnswers(answers: readonly BatchAnswer[]): Uint8Array {
  const failures = answers.map((a) => !a.ok);
  const responses = answers.map((a) => (a.ok ? a.data : failureData(a)));
  return encodeAbi(['bool[]', 'bytes[]'], [failures, responses]);
}

/** A failure as CCIPBatcher's callers read it: HttpError(status, message) with an HTTP status, else Error(message). */
function failureData(a: { status?: number; message: string }): string {
  const message = a.message.slice(0, 256);
  if (a.status !== undefined && a.status > 0 && a.status < 65536) return encodeFunctionCall('HttpError(uint16,string)', [BigInt(a.status), message]);
  return encodeFunctionCall('Error(string)', [message]);
}

/**
 * The contracts that will judge the gateway's answer to a lookup the UniversalResolver raised: each
 * query's sender in a batch; for a lookup the UniversalResolver forwards from one resolver (its
 * CCIPReader `ccipReadCallback`), that resolver, read from the forwarded context; otherwise the
 * sender itself. Provenance rests on these (src/client/wallet/ens/names.ts).
 */
export function answerJudges(lookup: OffchainLookup, batch: readonly BatchQuery[] | undefined): string[] {
  if (batch !== undefined) return [...new Set(batch.map((q) => q.sender))];
  if (lookup.callbackFunction === CCIP_READ_CALLBACK) {
    try {
      // CCIPReader.Context(address target, bytes4 callbackFunction, bytes extraData, bytes4, bytes4, bytes)
      const [context] = decodeAbi(['(address,bytes4,bytes,bytes4,bytes4,bytes)'], lookup.extraData) as [[string]];
      return [context[0]];
    } catch {
      return [lookup.sender];
    }
  }
  return [lookup.sender];
}
