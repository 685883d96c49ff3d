/**
 * EIP-5792 atomic batches through the pinned EIP-7702 delegate (../eip7702-pin.ts), the pure part:
 * the one transaction an atomic batch is, and the calls a delegate's batch call makes (whether an
 * account's proven delegation makes its batches atomic is ../call-batch.ts atomicStatusOf, kept
 * out of here so the service worker, which decides it, carries no ABI codec).
 *
 * The delegate is eth-infinitism's Simple7702Account 0.8.0 (@account-abstraction/contracts,
 * accounts/Simple7702Account.sol and core/BaseAccount.sol): `executeBatch(Call[] calls)` with
 * `struct Call { address target; uint256 value; bytes data; }` runs each call from the account in
 * order and reverts the whole when one fails (`ExecuteError(index, error)` for more than one call).
 * Its `_requireForExecute` lets through `msg.sender == address(this)`: a transaction the account
 * sends to itself, which runs the delegate's code on the account's own storage and balance. So the
 * batch is ONE transaction, `to` the account, value 0 (each call's value comes from the account's
 * balance inside it), signed once and included whole or not at all.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { decodeAbi, encodeAbi, functionSelector } from '../../execution/abi.ts';
import type { BatchCall } from '../send-calls.ts';

/** BaseAccount.executeBatch((address,uint256,bytes)[]): its ABI type as the artifact gives it (tuple[] of target, value, data). */
export const EXECUTE_BATCH = 'executeBatch((address,uint256,bytes)[])';
/** BaseAccount.execute(address target, uint256 value, bytes data). */
export const EXECUTE = 'execute(address,uint256,bytes)';

/**
 * The one transaction an atomic batch is: from `account` to itself, no value, calling
 * `executeBatch` with the calls in order.
 * @throws InputError for a call that creates a contract (no target: the batch call cannot deploy)
 */
export function atomicBatchCall(account: string, calls: readonly BatchCall[]): BatchCall {
  const tuples = calls.map((c) => {
    if (c.to === null) throw new InputError('a call without a target (a contract creation) cannot run through the delegate');
    return [c.to, c.value, hexToBytes(c.data)] as const;
  });
  const data = functionSelector(EXECUTE_BATCH) + bytesToHex(encodeAbi(['(address,uint256,bytes)[]'], [tuples])).slice(2);
  return { to: account.toLowerCase() as `0x${string}`, value: 0n, data: data as `0x${string}` };
}

/** A call inside a delegate's batch call, decoded. */
export interface InnerCall {
  /** Lower-case 0x hex. */
  to: string;
  value: bigint;
  data: string;
}

/**
 * The calls `executeBatch` or `execute` data makes (a user operation's callData, an atomic batch's
 * transaction), or undefined when it is neither (or does not decode whole).
 */
export function decodeDelegateCalls(data: string): InnerCall[] | undefined {
  const hex = data.toLowerCase();
  const selector = hex.slice(0, 10);
  const body = '0x' + hex.slice(10);
  try {
    if (selector === functionSelector(EXECUTE_BATCH)) {
      const [calls] = decodeAbi(['(address,uint256,bytes)[]'], body) as [[string, bigint, string][]];
      return calls.map(([to, value, d]) => ({ to: to.toLowerCase(), value, data: d }));
    }
    if (selector === functionSelector(EXECUTE)) {
      const [to, value, d] = decodeAbi(['address', 'uint256', 'bytes'], body) as [string, bigint, string];
      return [{ to: to.toLowerCase(), value, data: d }];
    }
  } catch {
    // Its selector but not its arguments: not a call Vigil can name.
  }
  return undefined;
}
