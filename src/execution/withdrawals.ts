/**
 * Beacon-chain withdrawals in execution blocks (EIP-4895, Shanghai): each is
 * rlp([index, validatorIndex, address, amount]) with the amount in gwei, committed by the
 * header's withdrawalsRoot as an ordered trie.
 * @module
 */
import { bytesToHex, equalBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import { aarray, aobject } from '../core/json.ts';
import { encodeRlp } from '../core/rlp.ts';
import { orderedTrieRoot } from '../proofs/trie-root.ts';
import { data, hexData, hexQuantity, quantity } from './rpc-json.ts';

export interface Withdrawal {
  index: bigint;
  validatorIndex: bigint;
  address: Uint8Array;
  /** Gwei. */
  amount: bigint;
}

/** MAX_WITHDRAWALS_PER_PAYLOAD is 16 on mainnet; a generous bound for other presets. */
const MAX_WITHDRAWALS = 1 << 12;

/** Reads a block's `withdrawals` array. @throws InputError */
export function parseRpcWithdrawals(value: unknown, title = 'block.withdrawals'): Withdrawal[] {
  return aarray(value, title, MAX_WITHDRAWALS).map((entry, i) => {
    const t = `${title}[${i}]`;
    const w = aobject(entry, t);
    return {
      index: quantity(w, 'index', t, 64),
      validatorIndex: quantity(w, 'validatorIndex', t, 64),
      address: data(w, 'address', t, 20),
      amount: quantity(w, 'amount', t, 64),
    };
  });
}

export function encodeWithdrawal(w: Withdrawal): Uint8Array {
  return encodeRlp([w.index, w.validatorIndex, w.address, w.amount]);
}

export function withdrawalsRoot(withdrawals: readonly Withdrawal[]): Uint8Array {
  return orderedTrieRoot(withdrawals.map(encodeWithdrawal));
}

/**
 * Throws WITHDRAWALS_ROOT_MISMATCH unless `withdrawals`, in order, rebuild `expectedRoot`.
 * @example verifyWithdrawals(header.withdrawalsRoot!, parseRpcWithdrawals(block.withdrawals))
 */
export function verifyWithdrawals(expectedRoot: Uint8Array, withdrawals: readonly Withdrawal[]): void {
  const root = withdrawalsRoot(withdrawals);
  if (!equalBytes(root, expectedRoot)) {
    throw new VerificationError('WITHDRAWALS_ROOT_MISMATCH', 'withdrawals do not rebuild the block withdrawalsRoot', {
      expected: bytesToHex(expectedRoot),
      got: bytesToHex(root),
    });
  }
}

export function withdrawalToJson(w: Withdrawal): Record<string, string> {
  return { index: hexQuantity(w.index), validatorIndex: hexQuantity(w.validatorIndex), address: hexData(w.address), amount: hexQuantity(w.amount) };
}
