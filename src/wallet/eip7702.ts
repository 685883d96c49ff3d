/**
 * EIP-7702 delegation, the pure part: what an account's proven code says about it, and the one
 * delegate Vigil knows.
 *
 * EIP-7702 (https://eips.ethereum.org/EIPS/eip-7702) sets a delegating account's code to the
 * delegation indicator `0xef0100 ‖ address`, exactly 23 bytes; the 0xef prefix is banned for
 * deployed code by EIP-3541, so no contract's code can be mistaken for it. Code of any other shape
 * (including 0xef0100 followed by more or fewer than 20 bytes) is not a delegation.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { delegateOf } from '../execution/delegation-indicator.ts';

/** An account's code, classified. */
export type CodeKind =
  /** No code: an externally owned account, not delegated. */
  | { kind: 'none' }
  /** A delegation indicator; `delegate` is lower-case 0x hex (may be the zero address: see EIP-7702, calls then run no code). */
  | { kind: 'delegated'; delegate: string }
  /** Any other code: a contract. */
  | { kind: 'contract' };

/**
 * Classifies proven code (already checked against the account's proven code hash).
 * @example
 * classifyCode(hexToBytes('0xef0100' + '11'.repeat(20))) // { kind: 'delegated', delegate: '0x1111…' }
 */
export function classifyCode(code: Uint8Array): CodeKind {
  if (code.length === 0) return { kind: 'none' };
  const delegate = delegateOf(code);
  return delegate === undefined ? { kind: 'contract' } : { kind: 'delegated', delegate: bytesToHex(delegate) };
}

/** The delegate Vigil pins (./eip7702-pin.ts holds its hash and where it comes from). */
export interface KnownDelegate {
  name: string;
  /** keccak256 of its runtime code, lower-case 0x hex. */
  codeHash: string;
}

/**
 * Whether a delegate's proven code hash is one Vigil knows: the name it is shown by, or undefined
 * (an unknown delegate, to be flagged wherever the account signs).
 */
export function knownDelegate(codeHash: string, pinned: readonly KnownDelegate[]): KnownDelegate | undefined {
  const hash = codeHash.toLowerCase();
  return pinned.find((d) => d.codeHash === hash);
}
