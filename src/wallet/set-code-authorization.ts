/**
 * Signing an EIP-7702 authorization: the tuple [chain_id, address, nonce] signed by the account
 * that delegates, over keccak256(0x05 ‖ rlp([chain_id, address, nonce])) — the digest the local EVM
 * recovers authorities from (src/execution/delegation-indicator.ts `authorizationDigest`, which
 * src/execution/authorizations.ts processes tuples with: one definition for both directions). https://eips.ethereum.org/EIPS/eip-7702
 *
 * Vigil never signs a tuple with chain id 0: EIP-7702 lets one apply on every chain, so a
 * delegation meant for one network would hand the account's code to the delegate address on all of
 * them, where it may hold anything. Delegations are per chain.
 * @module
 */
import { hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { authorizationDigest, recoverAuthority } from '../execution/delegation-indicator.ts';
import { WalletError } from './errors.ts';
import { type Address, checksumAddress, parseAddress } from './transaction-request.ts';
import { type SignedAuthorization, signHash } from './transaction.ts';

/** What an authorization says before it is signed. */
export interface UnsignedAuthorization {
  /** The chain it applies on; never 0. */
  chainId: bigint;
  /** The delegate; the zero address revokes (EIP-7702 clears the code). */
  address: Address;
  /** The authority's nonce when the tuple is processed (its own transaction's nonce + 1 when it also sends it). */
  nonce: bigint;
}

const U64 = 1n << 64n;
const U256 = 1n << 256n;

/**
 * Signs the tuple with RFC 6979 k and low s (./transaction.ts signHash), and checks that it
 * recovers to the key's address as the EVM recovers it.
 * @throws WalletError AUTHORIZATION_REFUSED for chain id 0 or a field out of range; INVALID_PRIVATE_KEY
 * @example
 * signAuthorization({ chainId: 1n, address: '0x…', nonce: 1n }, privateKey) // { chainId, address, nonce, yParity, r, s }
 */
export function signAuthorization(auth: UnsignedAuthorization, privateKey: Uint8Array): SignedAuthorization {
  const { chainId, address, nonce } = checkAuthorization(auth);
  const tuple = { chainId, address: hexToBytes(address, 20), nonce };
  const sig = signHash(authorizationDigest(tuple), privateKey);
  const signed = { ...tuple, yParity: sig.recovery, r: sig.r, s: sig.s };
  const authority = recoverAuthority(signed);
  if (authority === undefined || checksumAddress(authority) !== sig.from) {
    throw new WalletError('AUTHORIZATION_REFUSED', 'the authorization does not recover to the signing key', { expected: sig.from, got: authority === undefined ? 'none' : checksumAddress(authority) });
  }
  return { chainId, address, nonce, yParity: sig.recovery, r: sig.r, s: sig.s };
}

function checkAuthorization(auth: UnsignedAuthorization): UnsignedAuthorization {
  try {
    if (typeof auth !== 'object' || auth === null) throw new InputError(`"authorization" expected an object, got ${auth === null ? 'null' : typeof auth}`);
    if (typeof auth.chainId !== 'bigint' || auth.chainId < 0n || auth.chainId >= U256) throw new InputError(`"chainId" expected a bigint in [0, 2^256), got ${String(auth.chainId)}`);
    if (auth.chainId === 0n) throw new InputError('"chainId" must not be 0: such an authorization is valid on every chain, and Vigil delegates an account on one chain at a time');
    if (typeof auth.nonce !== 'bigint' || auth.nonce < 0n || auth.nonce >= U64 - 1n) throw new InputError(`"nonce" expected a bigint in [0, 2^64 − 1), got ${String(auth.nonce)}`);
    return { chainId: auth.chainId, address: parseAddress(auth.address, 'address'), nonce: auth.nonce };
  } catch (err) {
    if (err instanceof InputError) throw new WalletError('AUTHORIZATION_REFUSED', err.shortMessage, { cause: err });
    throw err;
  }
}
