/**
 * ERC-4337 user operations asked for as typed data: recognized, so that pages never get one signed.
 *
 * EntryPoint v0.8 (@account-abstraction/contracts 0.8.0) hashes a user operation with EIP-712:
 * core/EntryPoint.sol is `EIP712(DOMAIN_NAME, DOMAIN_VERSION)` with DOMAIN_NAME "ERC4337" and
 * DOMAIN_VERSION "1" (OpenZeppelin's EIP712: the domain's chainId and verifyingContract are the
 * chain's and the EntryPoint's own), and `getUserOpHash` is that domain's digest of
 * core/UserOperationLib.sol's PACKED_USEROP_TYPEHASH struct (the signature field left out); for an
 * EIP-7702 account core/Eip7702Support.sol only replaces the initCode hash with the delegate's.
 * The pinned delegate, Simple7702Account 0.8.0, accepts a user operation whose hash the account's
 * key signed (`ECDSA.recover(userOpHash, signature) == address(this)`): once delegated, an
 * eth_signTypedData_v4 signature of that typed data IS a transaction of the account, sent by
 * whoever holds it through any bundler, with whatever calls its callData makes.
 *
 * So typed data is a user operation when its primary type is `PackedUserOperation` or its domain
 * is the EntryPoint's ("ERC4337", or the EntryPoint v0.8 address as verifying contract), whatever
 * chain, version or verifying contract it names: EIP-712's digest binds the struct's name and the
 * domain's name, so typed data without both can never hash to a user operation hash, and refusing
 * either alone also refuses a near variant a page might try.
 * @module
 */
import { isObject } from '../../core/json.ts';
import { decodeDelegateCalls, type InnerCall } from './atomic-batch.ts';
import { WalletError } from '../errors.ts';
import { TYPED_DATA_LIMITS } from '../typed-data.ts';

/** UserOperationLib.PACKED_USEROP_TYPEHASH's type (the struct signed; `signature` is not in it). */
export const PACKED_USER_OPERATION_TYPE =
  'PackedUserOperation(address sender,uint256 nonce,bytes initCode,bytes callData,bytes32 accountGasLimits,uint256 preVerificationGas,bytes32 gasFees,bytes paymasterAndData)';
/** EntryPoint.sol's DOMAIN_NAME and DOMAIN_VERSION. */
export const ENTRY_POINT_V08_DOMAIN = { name: 'ERC4337', version: '1' } as const;
/** EntryPoint v0.8's address (Simple7702Account.entryPoint()). */
export const ENTRY_POINT_V08 = '0x4337084d9e255ff0702461cf8895ce9e3b5ff108';

/** What a user operation would do, as far as its message says it. */
export interface UserOperationView {
  /** The account it runs as (the message's `sender`), when a string. */
  sender?: string;
  /** The calls its callData makes through the account's executeBatch/execute, when it decodes. */
  calls?: InnerCall[];
}

/** The typed data as a page sent it (a JSON string or an object), read loosely: only to recognize it. */
function asObject(param: unknown): Record<string, unknown> | undefined {
  if (typeof param === 'string') {
    if (param.length > TYPED_DATA_LIMITS.maxChars) return undefined;
    try {
      const v: unknown = JSON.parse(param);
      return isObject(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }
  return isObject(param) ? param : undefined;
}

/** The user operation `param` is, or undefined when it is not one (malformed typed data is left to the EIP-712 parser). */
export function userOperationOf(param: unknown): UserOperationView | undefined {
  const typed = asObject(param);
  if (typed === undefined) return undefined;
  const domain = isObject(typed.domain) ? typed.domain : {};
  const named = typed.primaryType === 'PackedUserOperation';
  const entryPoint = domain.name === ENTRY_POINT_V08_DOMAIN.name || (typeof domain.verifyingContract === 'string' && domain.verifyingContract.toLowerCase() === ENTRY_POINT_V08);
  if (!named && !entryPoint) return undefined;
  const message = isObject(typed.message) ? typed.message : {};
  const calls = typeof message.callData === 'string' && message.callData.length <= TYPED_DATA_LIMITS.maxChars ? decodeDelegateCalls(message.callData) : undefined;
  return {
    ...(typeof message.sender === 'string' ? { sender: message.sender.toLowerCase() } : {}),
    ...(calls !== undefined ? { calls } : {}),
  };
}

/**
 * Refuses a user operation asked for by a page.
 * @throws WalletError USER_OPERATION_REFUSED with what it would call, when its callData decodes
 */
export function refuseUserOperation(param: unknown): void {
  const op = userOperationOf(param);
  if (op === undefined) return;
  const calls = op.calls;
  const what =
    calls === undefined
      ? 'its calls could not be read'
      : `it would make ${calls.length} call${calls.length === 1 ? '' : 's'} from ${op.sender ?? 'the account'}: ${calls.map((c, k) => `${k + 1}. to ${c.to}, ${c.value} wei${c.data.length > 2 ? `, calling ${c.data.slice(0, 10)}` : ''}`).join('; ')}`;
  throw new WalletError(
    'USER_OPERATION_REFUSED',
    'a user operation for your smart account is a transaction: anyone holding its signature can send it through the EntryPoint, so Vigil never signs one for a site',
    { details: what },
  );
}
