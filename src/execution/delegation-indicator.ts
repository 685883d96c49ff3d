/**
 * EIP-7702's pure pieces, apart from the EVM's processing of a list (./authorizations.ts):
 * - the delegation indicator, the code an authorization gives its authority: `0xef0100 ‖
 *   address`, exactly 23 bytes (https://eips.ethereum.org/EIPS/eip-7702). EIP-3541 bans deployed
 *   code starting 0xef, so no contract's code is mistaken for one; any other shape is not one.
 *   Read by the local EVM's authorizations and the wallet's view of an account's proven code
 *   (src/wallet/eip7702.ts);
 * - the authorization's signed message and its authority: the digest the local EVM recovers from
 *   is the one the wallet signs (src/wallet/set-code-authorization.ts), without the wallet carrying
 *   the EVM's state machinery.
 * @module
 */
import { concatBytes } from '../core/bytes.ts';
import { encodeRlp } from '../core/rlp.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { SECP256K1_N, secp256k1Recover } from '../crypto/secp256k1.ts';
import type { Authorization } from './transactions.ts';

/** The indicator's prefix; the delegate's 20-byte address follows. */
export const DELEGATION_PREFIX = /* @__PURE__ */ Uint8Array.of(0xef, 0x01, 0x00);

/** The delegate named by `code`, or undefined when `code` is not a delegation indicator. */
export function delegateOf(code: Uint8Array): Uint8Array | undefined {
  if (code.length !== 23) return undefined;
  for (let i = 0; i < 3; i++) if (code[i] !== DELEGATION_PREFIX[i]) return undefined;
  return code.slice(3);
}

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

