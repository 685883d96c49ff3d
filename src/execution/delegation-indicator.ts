/**
 * EIP-7702's delegation indicator, the code an authorization gives its authority: `0xef0100 ‖
 * address`, exactly 23 bytes (https://eips.ethereum.org/EIPS/eip-7702). EIP-3541 bans deployed
 * code starting 0xef, so no contract's code is mistaken for one; any other shape is not one.
 * Read by the local EVM's authorizations (./authorizations.ts) and the wallet's view of an
 * account's proven code (src/wallet/eip7702.ts).
 * @module
 */

/** The indicator's prefix; the delegate's 20-byte address follows. */
export const DELEGATION_PREFIX = /* @__PURE__ */ Uint8Array.of(0xef, 0x01, 0x00);

/** The delegate named by `code`, or undefined when `code` is not a delegation indicator. */
export function delegateOf(code: Uint8Array): Uint8Array | undefined {
  if (code.length !== 23) return undefined;
  for (let i = 0; i < 3; i++) if (code[i] !== DELEGATION_PREFIX[i]) return undefined;
  return code.slice(3);
}
