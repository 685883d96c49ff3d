/**
 * The lies the execution proxy tells, as pure rewrites of honest JSON-RPC results. Each one is
 * well-formed (it parses) so that it is the verifier, not the parser, that must catch it.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { isObject } from '../../core/json.ts';
import { decodeRlp, encodeRlp, type RlpInput, type RlpItem, rlpScalar } from '../../core/rlp.ts';
import type { ExecutionFault } from './names.ts';

export const ONE_ETHER = 10n ** 18n;

/** Bytecode served by `rpc-code` when the honest answer is empty: PUSH1 0 PUSH1 0 REVERT. */
const FAKE_CODE = '0x60006000fd';

/** The fault that rewrites the results of `method`, if it can. */
export const FAULTS_BY_METHOD: Record<string, readonly ExecutionFault[]> = {
  eth_getProof: ['proof-balance', 'proof-nonce', 'proof-storage-value', 'proof-account-node', 'proof-storage-node', 'proof-other-block'],
  eth_getBalance: ['rpc-balance'],
  eth_getCode: ['rpc-code'],
};

/**
 * Rewrites an honest `result` of `method` with the lies that are on (`proof-other-block` acts on
 * the request instead, see the proxy). Returns a new object; the input is left alone.
 */
export function lieAbout(method: string, result: unknown, on: (fault: ExecutionFault) => boolean): unknown {
  switch (method) {
    case 'eth_getProof':
      return isObject(result) ? lieAboutProof(result, on) : result;
    case 'eth_getBalance':
      return on('rpc-balance') && typeof result === 'string' ? bigIntToHex(hexToBigInt(result) + ONE_ETHER) : result;
    case 'eth_getCode':
      if (!on('rpc-code') || typeof result !== 'string') return result;
      return result === '0x' ? FAKE_CODE : result + 'fe';
    default:
      return result;
  }
}

function lieAboutProof(honest: Record<string, unknown>, on: (fault: ExecutionFault) => boolean): Record<string, unknown> {
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
