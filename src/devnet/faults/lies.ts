/**
 * The lies the execution proxy tells, as pure rewrites of honest JSON-RPC results. Each one is
 * well-formed (it parses) so that it is the verifier, not the parser, that must catch it.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes, isHex } from '../../core/bytes.ts';
import { isObject } from '../../core/json.ts';
import { decodeRlp, encodeRlp, type RlpInput, type RlpItem, rlpScalar } from '../../core/rlp.ts';
import type { ExecutionLayerFault } from './names.ts';

export const ONE_ETHER = 10n ** 18n;

/** Bytecode served by `rpc-code` when the honest answer is empty: PUSH1 0 PUSH1 0 REVERT. */
const FAKE_CODE = '0x60006000fd';

/** The faults that rewrite the results of `method`. */
export const FAULTS_BY_METHOD: Record<string, readonly ExecutionLayerFault[]> = {
  eth_getProof: ['proof-balance', 'proof-nonce', 'proof-storage-value', 'proof-account-node', 'proof-storage-node', 'proof-other-block'],
  eth_getBalance: ['rpc-balance'],
  eth_getCode: ['rpc-code'],
  eth_createAccessList: ['access-list-omit'],
  eth_getBlockByNumber: ['header-unlinked', 'tx-forge'],
  eth_getBlockByHash: ['header-unlinked', 'tx-forge'],
  eth_getTransactionByHash: ['tx-forge'],
  eth_getTransactionByBlockHashAndIndex: ['tx-forge'],
  eth_getTransactionByBlockNumberAndIndex: ['tx-forge'],
  eth_getTransactionReceipt: ['receipt-forge', 'logs-drop', 'receipts-withhold'],
  eth_getBlockReceipts: ['receipt-forge', 'logs-drop', 'receipts-withhold'],
  eth_getLogs: ['logs-drop', 'logs-omit'],
  eth_call: ['call-result'],
  eth_estimateGas: ['estimate-gas'],
  eth_maxPriorityFeePerGas: ['fee-inflate'],
  eth_gasPrice: ['fee-inflate'],
  eth_feeHistory: ['fee-inflate'],
};

/**
 * Rewrites an honest `result` of `method` with the lies that are on (`proof-other-block` acts on
 * the request instead, see the proxy). Returns a new object; the input is left alone.
 * @example lieAbout('eth_estimateGas', '0x5208', (f) => f === 'estimate-gas') // '0x55f0'
 */
export function lieAbout(method: string, result: unknown, on: (fault: ExecutionLayerFault) => boolean): unknown {
  switch (method) {
    case 'eth_getProof':
      return isObject(result) ? lieAboutProof(result, on) : result;
    case 'eth_getBalance':
      return on('rpc-balance') && typeof result === 'string' ? bigIntToHex(hexToBigInt(result) + ONE_ETHER) : result;
    case 'eth_getCode':
      if (!on('rpc-code') || typeof result !== 'string') return result;
      return result === '0x' ? FAKE_CODE : result + 'fe';
    case 'eth_createAccessList':
      return on('access-list-omit') && isObject(result) ? omitFromAccessList(result) : result;
    case 'eth_getBlockByNumber':
    case 'eth_getBlockByHash':
      return isObject(result) ? lieAboutBlock(result, on) : result;
    case 'eth_getTransactionByHash':
    case 'eth_getTransactionByBlockHashAndIndex':
    case 'eth_getTransactionByBlockNumberAndIndex':
      return on('tx-forge') && isObject(result) ? forgeTransaction(result) : result;
    case 'eth_getTransactionReceipt':
      if (on('receipts-withhold')) return null;
      return isObject(result) ? lieAboutReceipt(result, on) : result;
    case 'eth_getBlockReceipts':
      if (on('receipts-withhold')) return null;
      return Array.isArray(result) ? result.map((r: unknown) => (isObject(r) ? lieAboutReceipt(r, on) : r)) : result;
    case 'eth_getLogs': {
      if (!Array.isArray(result)) return result;
      const dropped = on('logs-drop') ? dropFirstLogs(result) : result;
      return on('logs-omit') ? omitLastBlock(dropped) : dropped;
    }
    case 'eth_call':
      return on('call-result') && isHex(result) ? flipLastByte(result) : result;
    case 'eth_estimateGas':
      return on('estimate-gas') && isHex(result) ? bigIntToHex(hexToBigInt(result) + ESTIMATE_EXTRA) : result;
    case 'eth_maxPriorityFeePerGas':
      return on('fee-inflate') && isHex(result) ? bigIntToHex(INFLATED_TIP) : result;
    case 'eth_gasPrice':
      return on('fee-inflate') && isHex(result) ? bigIntToHex(hexToBigInt(result) + INFLATED_TIP) : result;
    case 'eth_feeHistory':
      if (!on('fee-inflate') || !isObject(result) || !Array.isArray(result.reward)) return result;
      return { ...result, reward: result.reward.map((row: unknown) => (Array.isArray(row) ? row.map(() => bigIntToHex(INFLATED_TIP)) : row)) };
    default:
      return result;
  }
}

/** The tip `fee-inflate` claims: 5000 gwei (a 400k-gas step would pay 2 ETH of tip). */
export const INFLATED_TIP = 5000n * 10n ** 9n;

/** What `estimate-gas` adds. */
export const ESTIMATE_EXTRA = 1000n;

/** `access-list-omit`: the last address gone, every other entry without its storage keys. */
function omitFromAccessList(honest: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(honest.accessList)) return honest;
  const kept = honest.accessList.slice(0, -1).map((t: unknown) => (isObject(t) ? { ...t, storageKeys: [] } : t));
  return { ...honest, accessList: kept };
}

function lieAboutBlock(honest: Record<string, unknown>, on: (fault: ExecutionLayerFault) => boolean): Record<string, unknown> {
  const b: Record<string, unknown> = { ...honest };
  // The claimed `hash` is kept: only hashing the header again shows the change.
  if (on('header-unlinked') && isHex(b.stateRoot)) b.stateRoot = flipLastBit(b.stateRoot);
  if (on('tx-forge') && Array.isArray(b.transactions)) {
    b.transactions = b.transactions.map((tx: unknown) => (isObject(tx) ? forgeTransaction(tx) : tx));
  }
  return b;
}

/** `tx-forge`: value + 1 ether under the same hash, signature and everything else. */
function forgeTransaction(honest: Record<string, unknown>): Record<string, unknown> {
  return isHex(honest.value) ? { ...honest, value: bigIntToHex(hexToBigInt(honest.value) + ONE_ETHER) } : honest;
}

function lieAboutReceipt(honest: Record<string, unknown>, on: (fault: ExecutionLayerFault) => boolean): Record<string, unknown> {
  let r: Record<string, unknown> = { ...honest };
  if (on('logs-drop') && Array.isArray(r.logs)) r.logs = r.logs.filter((log: unknown) => !isFirstOfBlock(log));
  if (on('receipt-forge')) r = forgeReceipt(r);
  return r;
}

/** `receipt-forge`: one bit of the first byte of the first log data; cumulativeGasUsed + 1 without any. */
function forgeReceipt(r: Record<string, unknown>): Record<string, unknown> {
  const logs = Array.isArray(r.logs) ? r.logs : [];
  const i = logs.findIndex((log: unknown) => isObject(log) && isHex(log.data) && log.data.length > 2);
  if (i < 0) return isHex(r.cumulativeGasUsed) ? { ...r, cumulativeGasUsed: bigIntToHex(hexToBigInt(r.cumulativeGasUsed) + 1n) } : r;
  const log = logs[i] as Record<string, unknown> & { data: string };
  const data = hexToBytes(log.data);
  data[0]! ^= 1;
  return { ...r, logs: logs.map((l: unknown, j: number) => (j === i ? { ...log, data: bytesToHex(data) } : l)) };
}

/** `logs-drop` on eth_getLogs: each block's first log; the answer's first when it holds none. */
function dropFirstLogs(logs: unknown[]): unknown[] {
  const kept = logs.filter((log) => !isFirstOfBlock(log));
  return kept.length < logs.length ? kept : logs.slice(1);
}

/** `logs-omit`: every log of the highest-numbered block the answer names; the others untouched. */
function omitLastBlock(logs: unknown[]): unknown[] {
  const numberOf = (log: unknown): bigint | undefined => (isObject(log) && isHex(log.blockNumber) ? hexToBigInt(log.blockNumber) : undefined);
  let last: bigint | undefined;
  for (const log of logs) {
    const n = numberOf(log);
    if (n !== undefined && (last === undefined || n > last)) last = n;
  }
  return last === undefined ? logs : logs.filter((log) => numberOf(log) !== last);
}

const isFirstOfBlock = (log: unknown): boolean => isObject(log) && isHex(log.logIndex) && hexToBigInt(log.logIndex) === 0n;

/** `call-result`: the last byte flipped, or one zero byte for an empty result. */
function flipLastByte(hex: string): string {
  const bytes = hexToBytes(hex);
  if (bytes.length === 0) return '0x00';
  bytes[bytes.length - 1]! ^= 0xff;
  return bytesToHex(bytes);
}

function flipLastBit(hex: string): string {
  const bytes = hexToBytes(hex);
  if (bytes.length === 0) return hex;
  bytes[bytes.length - 1]! ^= 1;
  return bytesToHex(bytes);
}

function lieAboutProof(honest: Record<string, unknown>, on: (fault: ExecutionLayerFault) => boolean): Record<string, unknown> {
  const r: Record<string, unknown> = { ...honest };
  if (on('proof-balance')) r.balance = bigIntToHex(hexToBigInt(r.balance) + ONE_ETHER);
  if (on('proof-nonce')) r.nonce = bigIntToHex(hexToBigInt(r.nonce) + 1n);
  if (on('proof-account-node') && Array.isArray(r.accountProof)) {
    const nodes = [...(r.accountProof as string[])];
    const last = nodes.length - 1;
    const rewritten = last >= 0 ? rewriteLeaf(nodes[last]!, (value) => {
      const account = decodeRlp(value) as RlpItem[];
      const balance = rlpScalar(account[1], 'balance') + ONE_ETHER;
      r.balance = bigIntToHex(balance);
      return encodeRlp([account[0] as Uint8Array, balance, account[2] as Uint8Array, account[3] as Uint8Array]);
    }) : undefined;
    // No leaf (the account is absent): corrupt the last node instead.
    nodes[last] = rewritten ?? flipByte(nodes[last]!);
    r.accountProof = nodes;
  }
  if (Array.isArray(r.storageProof)) {
    r.storageProof = (r.storageProof as unknown[]).map((entry) => {
      if (!isObject(entry)) return entry;
      const e: Record<string, unknown> = { ...entry };
      if (on('proof-storage-value')) e.value = bigIntToHex(hexToBigInt(e.value) + 1n);
      if (on('proof-storage-node') && Array.isArray(e.proof) && e.proof.length > 0) {
        const nodes = [...(e.proof as string[])];
        const last = nodes.length - 1;
        const rewritten = rewriteLeaf(nodes[last]!, (value) => {
          const v = rlpScalar(decodeRlp(value), 'storage value') + 1n;
          e.value = bigIntToHex(v);
          return encodeRlp(v);
        });
        nodes[last] = rewritten ?? flipByte(nodes[last]!);
        e.proof = nodes;
      }
      return e;
    });
  }
  return r;
}

/** A leaf node `[hex-prefix path, value]` with its value replaced, or undefined if `node` is not a leaf. */
function rewriteLeaf(nodeHex: string, rewrite: (value: Uint8Array) => Uint8Array): string | undefined {
  const node = decodeRlp(hexToBytes(nodeHex));
  if (!Array.isArray(node) || node.length !== 2) return undefined;
  const [path, value] = node;
  if (!(path instanceof Uint8Array) || !(value instanceof Uint8Array) || path.length === 0) return undefined;
  const isLeaf = (path[0]! >> 4) >= 2;
  if (!isLeaf) return undefined;
  return bytesToHex(encodeRlp([path, rewrite(value)] as RlpInput[]));
}

/** Flips one bit in the middle of a hex string's bytes. */
function flipByte(hex: string): string {
  const bytes = hexToBytes(hex);
  if (bytes.length === 0) return '0x00';
  bytes[bytes.length >> 1]! ^= 1;
  return bytesToHex(bytes);
}
