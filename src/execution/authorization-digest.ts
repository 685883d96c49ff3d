/**
 * The EIP-7702 authorization's signed message and its authority, apart from the processing
 * (./authorizations.ts): the wallet signs over the same digest (src/wallet/set-code-authorization.ts)
 * without carrying the EVM's state machinery. https://eips.ethereum.org/EIPS/eip-7702
 * @module
 */
import { concatBytes } from '../core/bytes.ts';
import { encodeRlp } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { SECP256K1_N, secp256k1Recover } from '../crypto/secp256k1.ts';
import type { Authorization } from './transactions.ts';

/** The domain byte of an authorization's signed message. */
export const SET_CODE_AUTHORIZATION_MAGIC = 0x05;

/** The digest the authority signs: keccak256(0x05 ‖ rlp([chain_id, address, nonce])). */
export function authorizationDigest(a: Pick<Authorization, 'chainId' | 'address' | 'nonce'>): Uint8Array {
  return keccak256(concatBytes(Uint8Array.of(SET_CODE_AUTHORIZATION_MAGIC), encodeRlp([a.chainId, a.address, a.nonce])));
}

/** The authority that signed `a`, or undefined when the signature has none (out-of-range values, no point recovers). */
export function recoverAuthority(a: Authorization): Uint8Array | undefined {
  if (a.yParity !== 0 && a.yParity !== 1) return undefined;
  if (a.r <= 0n || a.r >= SECP256K1_N) return undefined;
  if (a.s <= 0n || a.s > SECP256K1_N >> 1n) return undefined;
  let publicKey: Uint8Array;
  try {
    publicKey = secp256k1Recover(authorizationDigest(a), a.r, a.s, a.yParity);
  } catch {
    return undefined;
  }
  return keccak256(publicKey.subarray(1)).slice(12);
}

