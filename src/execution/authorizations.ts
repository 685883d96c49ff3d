/**
 * EIP-7702 authorizations processed as a set-code transaction processes them, before its call
 * runs (https://eips.ethereum.org/EIPS/eip-7702, "Behavior"; go-ethereum's
 * validateAuthorization/applyAuthorization read for the order of the checks). Each tuple:
 *
 * 1. chain id 0 or the chain's own; 2. nonce below 2^64 − 1 (EIP-2681: it is about to move);
 * 3. the authority recovered from the signature over keccak(0x05 ‖ rlp([chain_id, address, nonce])),
 *    with 0 < r < n, 0 < s ≤ n/2 (EIP-2) and y-parity 0 or 1;
 * 4. the authority warmed (even when a later check fails);
 * 5. its code empty or already a delegation (0xef0100 ‖ address);
 * 6. its nonce equal to the tuple's;
 * 7. PER_EMPTY_ACCOUNT_COST − PER_AUTH_BASE_COST refunded when the authority exists in the trie;
 * 8. its code set to 0xef0100 ‖ address, or cleared when address is 0; 9. its nonce incremented.
 *
 * From Amsterdam (EIP-8037, with a {@link AuthorizationMeter}) step 7 gives way to charges at
 * access: ACCOUNT_WRITE for an authority the transaction had not written yet, and state gas for a
 * new account and for a delegation indicator written where none was before; a charge the gas left
 * cannot pay ends the list, and the transaction runs out of gas.
 *
 * A tuple that fails a check is skipped: the transaction goes on. Tuples apply in order, so a later
 * one for the same authority sees the nonce and code an earlier one left. Pure: state is the run's
 * overlay over proven state (./evm-state.ts); an unproven authority makes the run a list of misses.
 *
 * The wallet's own tuple may also come unsigned, its authority named ({@link OwnAuthorization}):
 * the popup simulates a delegation before the user approved it, and nothing is signed before the
 * click (src/client/wallet/delegation/delegate.ts). Check 3 (the recovery) is then skipped; every other check applies.
 * @module
 */
import { Account as EvmAccount, Address } from '@ethereumjs/util';
import { bytesToHex, concatBytes, equalBytes, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { ProvenStateManager } from './evm-state.ts';
import { DELEGATION_PREFIX, delegateOf } from './delegation-indicator.ts';
import type { Authorization } from './transactions.ts';
import { recoverAuthority } from './delegation-indicator.ts';

export { authorizationDigest, recoverAuthority, SET_CODE_AUTHORIZATION_MAGIC } from './delegation-indicator.ts';

export type { Authorization } from './transactions.ts';

/** Intrinsic gas per tuple: what making the authority's account costs, refunded in part when it exists. */
export const PER_EMPTY_ACCOUNT_COST = 25_000n;
export const PER_AUTH_BASE_COST = 12_500n;
const NONCE_LIMIT = 2n ** 64n - 1n;
const ZERO_ADDRESS = new Uint8Array(20);

/**
 * The wallet's own tuple before it is signed: the authority named rather than recovered, the
 * signature fields zero (never a valid signature: a tuple that lost `authority` is skipped as
 * `SIGNATURE`, so the run fails closed). Only the wallet's own calls carry it (the engine's
 * `ownAuthorizations`); a page's list is refused before it is parsed.
 */
export interface OwnAuthorization extends Authorization {
  authority: Uint8Array;
}

/** EIP-8037's charges, from the transaction's gas (../call.ts keeps the pools). */
export interface AuthorizationMeter {
  /** Accounts (0x-hex, lower case) the transaction already paid a write of. */
  written: Set<string>;
  params: { accountWrite: bigint; costPerStateByte: bigint; stateBytesPerNewAccount: bigint; stateBytesPerAuthBase: bigint };
  /** Charges regular gas; false: there is not that much left. */
  regular(amount: bigint): boolean;
  /** Charges state gas (the reservoir first); false: there is not that much left. */
  state(amount: bigint): boolean;
}

/** Why a tuple was skipped. */
export type AuthorizationSkip = 'CHAIN_ID' | 'NONCE_OVERFLOW' | 'SIGNATURE' | 'AUTHORITY_HAS_CODE' | 'NONCE_MISMATCH';

export type AuthorizationOutcome =
  | { applied: true; authority: Uint8Array; refunded: boolean }
  | { applied: false; reason: AuthorizationSkip; authority?: Uint8Array };

/**
 * Applies `list` to the run's state, in order.
 * @param warm marks an authority as accessed (EIP-2929) for the call that follows
 * @returns the refund the tuples earned (for the transaction's refund counter, kept even if the call reverts) and each tuple's outcome
 */
export async function applyAuthorizations(
  list: readonly Authorization[],
  chainId: bigint,
  state: ProvenStateManager,
  warm: (authority: Uint8Array) => void,
  meter?: AuthorizationMeter,
): Promise<{ refund: bigint; outcomes: AuthorizationOutcome[]; outOfGas: boolean }> {
  let refund = 0n;
  const outcomes: AuthorizationOutcome[] = [];
  const charges = meter !== undefined ? new StateCharges(meter) : undefined;
  for (const a of list) {
    const outcome = await applyAuthorization(a, chainId, state, warm, charges);
    if (outcome === 'OUT_OF_GAS') return { refund, outcomes, outOfGas: true };
    if (outcome.applied && outcome.refunded) refund += PER_EMPTY_ACCOUNT_COST - PER_AUTH_BASE_COST;
    outcomes.push(outcome);
  }
  return { refund, outcomes, outOfGas: false };
}

/**
 * What EIP-8037 charged a list so far: each authority's new account and its delegation indicator
 * once (an indicator only where the authority held none before the transaction), and never given
 * back (a set-then-clear in one list keeps the charge).
 */
class StateCharges {
  readonly #leaf = new Set<string>();
  readonly #indicator = new Set<string>();
  readonly #delegatedBefore = new Map<string, boolean>();
  constructor(readonly meter: AuthorizationMeter) {}

  charge(authority: Uint8Array, exists: boolean, delegatedNow: boolean, clearing: boolean): boolean {
    const key = bytesToHex(authority);
    if (!this.#delegatedBefore.has(key)) this.#delegatedBefore.set(key, delegatedNow);
    const { meter } = this;
    if (!meter.written.has(key)) {
      if (!meter.regular(meter.params.accountWrite)) return false;
      meter.written.add(key);
    }
    let bytes = 0n;
    if (!exists && !this.#leaf.has(key)) {
      bytes += meter.params.stateBytesPerNewAccount;
      this.#leaf.add(key);
    }
    if (!clearing && !delegatedNow && this.#delegatedBefore.get(key) !== true && !this.#indicator.has(key)) {
      bytes += meter.params.stateBytesPerAuthBase;
      this.#indicator.add(key);
    }
    return meter.state(bytes * meter.params.costPerStateByte);
  }
}

async function applyAuthorization(
  a: Authorization,
  chainId: bigint,
  state: ProvenStateManager,
  warm: (authority: Uint8Array) => void,
  charges: StateCharges | undefined,
): Promise<AuthorizationOutcome | 'OUT_OF_GAS'> {
  if (a.chainId !== 0n && a.chainId !== chainId) return { applied: false, reason: 'CHAIN_ID' };
  if (a.nonce >= NONCE_LIMIT) return { applied: false, reason: 'NONCE_OVERFLOW' };
  const authority = isOwn(a) ? a.authority : recoverAuthority(a);
  if (authority === undefined) return { applied: false, reason: 'SIGNATURE' };
  warm(authority);
  const address = new Address(authority);
  const code = await state.getCode(address);
  if (code.length > 0 && delegateOf(code) === undefined) return { applied: false, reason: 'AUTHORITY_HAS_CODE', authority };
  const account = await state.getAccount(address);
  if ((account?.nonce ?? 0n) !== a.nonce) return { applied: false, reason: 'NONCE_MISMATCH', authority };
  const clearing = equalBytes(a.address, ZERO_ADDRESS);
  if (charges !== undefined && !charges.charge(authority, account !== undefined, code.length > 0, clearing)) return 'OUT_OF_GAS';
  // Before Amsterdam an existing authority gets back the part of the intrinsic cost that made its account.
  const refunded = charges === undefined && account !== undefined;
  const next = account ?? new EvmAccount();
  next.nonce = a.nonce + 1n;
  await state.putAccount(address, next);
  // Address 0 revokes: the code is cleared (its hash back to the empty one), no indicator written.
  await state.putCode(address, clearing ? new Uint8Array(0) : concatBytes(DELEGATION_PREFIX, a.address));
  return { applied: true, authority, refunded };
}

function isOwn(a: Authorization): a is OwnAuthorization {
  return (a as Partial<OwnAuthorization>).authority instanceof Uint8Array;
}

/** At most this many tuples in one list (as in a call the engine runs). */
const MAX_AUTHORIZATIONS = 256;

/**
 * Tuples with the bounds a set-code transaction's encoding gives them (what the EVM then checks is
 * ./authorizations.ts's): each signed `{chainId, address, nonce, yParity, r, s}`, or the wallet's own
 * unsigned `{chainId, address, nonce, authority}` ({@link OwnAuthorization}), never a mix of both.
 */
export function parseAuthorizationList(list: unknown[]): Authorization[] {
  if (list.length > MAX_AUTHORIZATIONS) throw new InputError(`authorizationList expected at most ${MAX_AUTHORIZATIONS} entries`);
  return list.map((entry, i) => {
    const title = `authorizationList[${i}]`;
    if (!isObject(entry)) throw new InputError(`${title} expected {chainId, address, nonce, yParity, r, s}`);
    const uint = (name: string, bits: bigint): bigint => {
      const v = hexToBigInt(entry[name], `${title}.${name}`);
      if (v >= 1n << bits) throw new InputError(`${title}.${name} expected a ${bits}-bit quantity`);
      return v;
    };
    const tuple = { chainId: uint('chainId', 256n), address: hexToBytes(entry.address, 20, `${title}.address`), nonce: uint('nonce', 64n) };
    if (entry.authority !== undefined) {
      if (entry.yParity !== undefined || entry.r !== undefined || entry.s !== undefined) throw new InputError(`${title} expected either a signature or an authority, not both`);
      const own: OwnAuthorization = { ...tuple, yParity: 0, r: 0n, s: 0n, authority: hexToBytes(entry.authority, 20, `${title}.authority`) };
      return own;
    }
    return {
      ...tuple,
      yParity: Number(uint('yParity', 8n)),
      r: uint('r', 256n),
      s: uint('s', 256n),
    };
  });
}
