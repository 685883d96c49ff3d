/**
 * What a transaction is, in the window's and the activity's words: an ERC-20 transfer or approval
 * decoded, else the selector; a one-line summary. Made where the transaction is filled (the app
 * host, the CLI), so the service worker carries none of it.
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { formatEth } from '../../core/units.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';
import type { UnsignedTransaction } from '../../wallet/transaction.ts';

/** A transaction described: its call decoded (null for none) and a one-line summary. */
export interface CallSummary {
  decoded: Record<string, unknown> | null;
  summary: string;
}

const TRANSFER = '0xa9059cbb';
const APPROVE = '0x095ea7b3';

/** ERC-20 transfer and approve, decoded for the window (anything else: the selector). */
export function decodeCall(tx: Pick<UnsignedTransaction, 'to' | 'data'>): Record<string, unknown> | null {
  if (tx.data.length === 0) return null;
  const hex = bytesToHex(tx.data);
  const selector = hex.slice(0, 10);
  if ((selector === TRANSFER || selector === APPROVE) && tx.data.length === 68) {
    const who = '0x' + hex.slice(34, 74);
    const amount = BigInt('0x' + hex.slice(74, 138));
    return selector === TRANSFER
      ? { kind: 'erc20-transfer', token: tx.to, recipient: toChecksumAddress(who), amount: amount.toString() }
      : { kind: 'erc20-approve', token: tx.to, spender: toChecksumAddress(who), amount: amount.toString(), unlimited: amount === (1n << 256n) - 1n };
  }
  return { kind: 'call', selector, bytes: tx.data.length };
}

/** @example describeCall({ to: token, value: 0n, data: transferData }) // { decoded: { kind: 'erc20-transfer', … }, summary: 'Token transfer' } */
export function describeCall(tx: Pick<UnsignedTransaction, 'to' | 'data' | 'value'>): CallSummary {
  const decoded = decodeCall(tx);
  const summary =
    decoded?.kind === 'erc20-transfer'
      ? 'Token transfer'
      : decoded?.kind === 'erc20-approve'
        ? 'Token approval'
        : tx.to === null
          ? 'Contract creation'
          : decoded === null
            ? `Send ${formatEth(tx.value)}`
            : 'Contract call';
  return { decoded, summary };
}
