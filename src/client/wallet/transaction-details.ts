/**
 * What an approval keeps and the window shows of a transaction: its fields, the verified facts
 * and refusals it was prepared with, an ERC-20 call decoded, as JSON (bigints as decimal strings,
 * bytes as hex) that survives a runtime message and Dexie, and the transaction read back from it.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { WalletError, type WalletErrorCode } from '../../wallet/errors.ts';
import type { PolicyVerdict } from '../../wallet/policy.ts';
import { maxCost, type UnsignedTransaction } from '../../wallet/transaction.ts';
import type { PreparedTransaction } from './transactions.ts';

/** What the transaction window shows, as JSON: the fields, the verified facts, the refusals. */
export function transactionDetails(prepared: PreparedTransaction, from: string, now: number): Record<string, unknown> {
  const tx = prepared.tx;
  const verdict: PolicyVerdict = prepared.verdict;
  return toJson({
    from,
    tx: { ...tx, data: bytesToHex(tx.data), ...('accessList' in tx ? { accessList: tx.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map(bytesToHex) })) } : {}) },
    maxCost: maxCost(tx),
    gasSource: prepared.gasSource,
    tipSource: prepared.tipSource,
    at: prepared.facts.head,
    verdict,
    decoded: prepared.described.decoded,
    summary: prepared.described.summary,
    ...(prepared.facts.proofError !== undefined ? { proofError: prepared.facts.proofError } : {}),
    preparedAt: now,
  });
}

/** The transaction {@link transactionDetails} wrote down (an approval read back after a restart). */
export function transactionFromDetails(details: Record<string, unknown>): UnsignedTransaction {
  const t = details.tx as Record<string, unknown>;
  const big = (k: string) => BigInt(t[k] as string);
  const common = { chainId: big('chainId'), nonce: big('nonce'), gasLimit: big('gasLimit'), to: (t.to as `0x${string}` | null) ?? null, value: big('value'), data: hexToBytes(t.data as string) };
  const accessList = ((t.accessList as { address: `0x${string}`; storageKeys: string[] }[] | undefined) ?? []).map((e) => ({ address: e.address, storageKeys: e.storageKeys.map((k) => hexToBytes(k, 32)) }));
  if (t.type === 0) return { ...common, type: 0, gasPrice: big('gasPrice') };
  if (t.type === 1) return { ...common, type: 1, gasPrice: big('gasPrice'), accessList };
  return { ...common, type: 2, maxFeePerGas: big('maxFeePerGas'), maxPriorityFeePerGas: big('maxPriorityFeePerGas'), accessList };
}

/** bigints → decimal strings, Uint8Arrays → hex: what survives a runtime message and Dexie. */
export function toJson(value: unknown): any {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

/** An approval's stored failure as the error its request gets again. */
export function storedError(e: { code: string; message: string } | undefined): WalletError {
  if (!e) return new WalletError('USER_REJECTED', 'the request failed');
  return new WalletError(e.code as WalletErrorCode, e.message);
}
