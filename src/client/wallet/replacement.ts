/**
 * Speed-up and cancel of a pending transaction: the same nonce, both fees at least 12.5% higher
 * and no lower than what a new transaction would pay at the verified head (the one rule of
 * src/wallet/replacement-fees.ts, which the wallet's unattended replacements follow too). A speed-up sends the same call; a cancel, nothing to oneself. The gas
 * limit is Vigil's estimate at the head again (state may have moved since). Built from the bytes
 * the wallet stored, decoded by the one transaction decoder.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { decodeTransaction } from '../../execution/transactions.ts';
import type { ActivityRow } from '../../storage/wallet.ts';
import { type ReplacedTransaction, replacementFees } from '../../wallet/replacement-fees.ts';

export type ReplacementKind = 'speedUp' | 'cancel';

/** A transaction request (src/wallet/transaction-request.ts params) for the approval window, and what it replaces. */
export interface Replacement {
  params: Record<string, unknown>;
  replaces: ReplacedTransaction;
}

/**
 * @param verified the next base fee at the verified head and the verified tip (src/execution/fee-oracle.ts).
 * @throws InputError for a row that is not waiting (nothing to replace) or bytes that are not EIP-1559.
 */
export function replacementRequest(row: ActivityRow, kind: ReplacementKind, verified: { nextBaseFee: bigint; tip: bigint }): Replacement {
  if (row.status !== 'signed' && row.status !== 'pending') throw new InputError(`only a pending transaction can be replaced; this one is ${row.status}`);
  const tx = decodeTransaction(hexToBytes(row.raw));
  if (tx.type !== 2) throw new InputError(`Vigil replaces the EIP-1559 transactions it signs; this one is of type ${tx.type}`);
  const { maxFeePerGas, maxPriorityFeePerGas } = replacementFees(tx, verified);
  const fees = { type: '0x2', nonce: bigIntToHex(tx.nonce), maxFeePerGas: bigIntToHex(maxFeePerGas), maxPriorityFeePerGas: bigIntToHex(maxPriorityFeePerGas), chainId: bigIntToHex(tx.chainId) };
  const params =
    kind === 'speedUp'
      ? {
          from: row.from,
          ...(tx.to ? { to: bytesToHex(tx.to) } : {}),
          value: bigIntToHex(tx.value),
          data: bytesToHex(tx.input),
          accessList: tx.accessList.map((e) => ({ address: bytesToHex(e.address), storageKeys: e.storageKeys.map(bytesToHex) })),
          ...fees,
        }
      : { from: row.from, to: row.from, value: '0x0', data: '0x', ...fees };
  return { params, replaces: { nonce: tx.nonce, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas } };
}
