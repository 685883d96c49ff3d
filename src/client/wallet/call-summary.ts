/**
 * What a transaction is, in the window's and the activity's words: the standard token calls
 * decoded (ERC-20 transfer, approve, transferFrom, increase/decreaseAllowance; ERC-721
 * safeTransferFrom and setApprovalForAll; ERC-1155 safeTransferFrom and safeBatchTransferFrom),
 * else the selector; a one-line summary. Made where the transaction is filled (the app host, the
 * CLI). Decoded by hand from 32-byte words, not by the ABI codec: ./transactions.ts, which the
 * service worker's bundle holds, imports this. Anything not in the standard layout is a plain call.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { formatEth } from '../../core/units.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';
import type { UnsignedTransaction } from '../../wallet/transaction.ts';

/** A transaction described: its call decoded (null for none) and a one-line summary. */
export interface CallSummary {
  decoded: DecodedCall | null;
  summary: string;
}

/**
 * A call decoded (amounts and ids as decimal strings, addresses checksummed). `token-transfer-from`
 * is ERC-20's transferFrom and ERC-721's alike (one selector): `amount` is an amount or a token id,
 * which the token's proven decimals or its effects tell apart. ERC-721's approve(address,uint256)
 * shares ERC-20's selector and reads as `erc20-approve`.
 */
export type DecodedCall =
  | { kind: 'erc20-transfer'; token: string; recipient: string; amount: string }
  | { kind: 'erc20-approve'; token: string; spender: string; amount: string; unlimited: boolean }
  | { kind: 'erc20-allowance'; token: string; spender: string; amount: string; change: 'increase' | 'decrease' }
  | { kind: 'token-transfer-from'; token: string; owner: string; recipient: string; amount: string }
  | { kind: 'erc721-transfer'; token: string; owner: string; recipient: string; tokenId: string }
  | { kind: 'operator'; token: string; operator: string; approved: boolean }
  | { kind: 'erc1155-transfer'; token: string; owner: string; recipient: string; items: { id: string; amount: string }[] }
  | { kind: 'call'; selector: string; bytes: number };

/** The selectors, each checked against keccak256 of its signature in the tests. */
export const TOKEN_SELECTORS = {
  transfer: '0xa9059cbb',
  approve: '0x095ea7b3',
  transferFrom: '0x23b872dd',
  increaseAllowance: '0x39509351',
  decreaseAllowance: '0xa457c2d7',
  safeTransferFrom721: '0x42842e0e',
  safeTransferFrom721Data: '0xb88d4fde',
  setApprovalForAll: '0xa22cb465',
  safeTransferFrom1155: '0xf242432a',
  safeBatchTransferFrom: '0x2eb2c2d6',
} as const;

/** An ERC-1155 batch of more items than this is named by its selector (a window lists them all). */
export const MAX_BATCH_ITEMS = 64;

const S = TOKEN_SELECTORS;
const MAX = (1n << 256n) - 1n;

/** The call's arguments as 32-byte words (hex, after the selector); null when they are not whole words. */
class Words {
  constructor(
    private readonly hex: string,
    readonly count: number,
  ) {}
  static of(hex: string): Words | null {
    const body = hex.slice(10);
    return body.length % 64 === 0 ? new Words(body, body.length / 64) : null;
  }
  uint(i: number): bigint | null {
    return i < this.count ? BigInt('0x' + this.hex.slice(i * 64, i * 64 + 64)) : null;
  }
  /** An address word: its upper 12 bytes zero (Solidity's decoder reverts on others). */
  address(i: number): string | null {
    if (i >= this.count) return null;
    const w = this.hex.slice(i * 64, i * 64 + 64);
    return /^0{24}/.test(w) ? toChecksumAddress(('0x' + w.slice(24)) as `0x${string}`) : null;
  }
  bool(i: number): boolean | null {
    const v = this.uint(i);
    return v === 0n ? false : v === 1n ? true : null;
  }
  /** A uint256[] whose offset is in word `i` (relative to the arguments' start), bounded. */
  uintArray(i: number): bigint[] | null {
    const offset = this.uint(i);
    if (offset === null || offset % 32n !== 0n || offset / 32n >= BigInt(this.count)) return null;
    const at = Number(offset / 32n);
    const length = this.uint(at);
    if (length === null || length > BigInt(MAX_BATCH_ITEMS) || at + 1 + Number(length) > this.count) return null;
    return Array.from({ length: Number(length) }, (_, k) => this.uint(at + 1 + k)!);
  }
}

function decodeToken(token: string, selector: string, w: Words, exact: (n: number) => boolean): DecodedCall | null {
  switch (selector) {
    case S.transfer: {
      const recipient = w.address(0);
      const amount = w.uint(1);
      return exact(2) && recipient !== null && amount !== null ? { kind: 'erc20-transfer', token, recipient, amount: amount.toString() } : null;
    }
    case S.approve: {
      const spender = w.address(0);
      const amount = w.uint(1);
      return exact(2) && spender !== null && amount !== null ? { kind: 'erc20-approve', token, spender, amount: amount.toString(), unlimited: amount === MAX } : null;
    }
    case S.increaseAllowance:
    case S.decreaseAllowance: {
      const spender = w.address(0);
      const amount = w.uint(1);
      const change = selector === S.increaseAllowance ? 'increase' : 'decrease';
      return exact(2) && spender !== null && amount !== null ? { kind: 'erc20-allowance', token, spender, amount: amount.toString(), change } : null;
    }
    case S.transferFrom:
    case S.safeTransferFrom721:
    case S.safeTransferFrom721Data: {
      const owner = w.address(0);
      const recipient = w.address(1);
      const amount = w.uint(2);
      // safeTransferFrom(…, bytes): its data's offset and bytes follow; the three words are what it moves.
      const shaped = selector === S.safeTransferFrom721Data ? w.count >= 5 : exact(3);
      if (!shaped || owner === null || recipient === null || amount === null) return null;
      return selector === S.transferFrom ? { kind: 'token-transfer-from', token, owner, recipient, amount: amount.toString() } : { kind: 'erc721-transfer', token, owner, recipient, tokenId: amount.toString() };
    }
    case S.setApprovalForAll: {
      const operator = w.address(0);
      const approved = w.bool(1);
      return exact(2) && operator !== null && approved !== null ? { kind: 'operator', token, operator, approved } : null;
    }
    case S.safeTransferFrom1155: {
      const owner = w.address(0);
      const recipient = w.address(1);
      const id = w.uint(2);
      const amount = w.uint(3);
      if (w.count < 6 || owner === null || recipient === null || id === null || amount === null) return null;
      return { kind: 'erc1155-transfer', token, owner, recipient, items: [{ id: id.toString(), amount: amount.toString() }] };
    }
    case S.safeBatchTransferFrom: {
      const owner = w.address(0);
      const recipient = w.address(1);
      const ids = w.uintArray(2);
      const amounts = w.uintArray(3);
      if (owner === null || recipient === null || ids === null || amounts === null || ids.length !== amounts.length || ids.length === 0) return null;
      return { kind: 'erc1155-transfer', token, owner, recipient, items: ids.map((id, k) => ({ id: id.toString(), amount: amounts[k]!.toString() })) };
    }
    default:
      return null;
  }
}

/** The standard token calls decoded for the window (anything else: the selector). */
export function decodeCall(tx: Pick<UnsignedTransaction, 'to' | 'data'>): DecodedCall | null {
  if (tx.data.length === 0) return null;
  const hex = bytesToHex(tx.data);
  const selector = hex.slice(0, 10);
  const words = tx.to !== null && tx.data.length >= 4 ? Words.of(hex) : null;
  const decoded = words !== null ? decodeToken(tx.to!, selector, words, (n) => words.count === n) : null;
  return decoded ?? { kind: 'call', selector, bytes: tx.data.length };
}

/** The addresses a decoded token call names besides its token: its spender, operator, owner and recipient. */
export function tokenCallParties(decoded: DecodedCall): string[] {
  const d = decoded as Partial<Record<'spender' | 'operator' | 'owner' | 'recipient', string>>;
  return [d.spender, d.operator, d.owner, d.recipient].filter((a): a is string => a !== undefined);
}

const SUMMARY: Record<Exclude<DecodedCall['kind'], 'call'>, string> = {
  'erc20-transfer': 'Token transfer',
  'erc20-approve': 'Token approval',
  'erc20-allowance': 'Token allowance change',
  'token-transfer-from': 'Token transfer',
  'erc721-transfer': 'NFT transfer',
  operator: 'Operator approval',
  'erc1155-transfer': 'Token transfer',
};

/** @example describeCall({ to: token, value: 0n, data: transferData }) // { decoded: { kind: 'erc20-transfer', … }, summary: 'Token transfer' } */
export function describeCall(tx: Pick<UnsignedTransaction, 'to' | 'data' | 'value'>): CallSummary {
  const decoded = decodeCall(tx);
  const summary = decoded !== null && decoded.kind !== 'call' ? SUMMARY[decoded.kind] : tx.to === null ? 'Contract creation' : decoded === null ? `Send ${formatEth(tx.value)}` : 'Contract call';
  return { decoded, summary };
}
