/**
 * Typed data that grants a spender tokens, read as the approval it is: EIP-2612 `Permit`, DAI's
 * `Permit` (holder, allowed), and Uniswap's Permit2 (`PermitSingle`, `PermitBatch`: allowances;
 * `PermitTransferFrom`, `PermitBatchTransferFrom` and their witness forms: one-time transfers).
 * A struct is read only when its type is exactly the standard's (names, types, order), so a
 * look-alike is shown as plain typed data, never as a smaller approval than it is. An amount at or
 * above 2^160 − 1 (Permit2's own maximum, more than any token's supply) is unlimited whatever the
 * standard; at or above the token's proven total supply it is unlimited too, which only a proof can
 * say (src/client/wallet/typed-data-review.ts). Pure: the typed data is what parseTypedData accepted.
 * @module
 */
/** Typed data as parseTypedData keeps it (./typed-data.ts TypedData; declared here so the two do not import each other). */
interface TypedDataField {
  name: string;
  type: string;
}
interface TypedData {
  types: Record<string, TypedDataField[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
}

/** Permit2, at the same address on every chain. */
const PERMIT2 = '0x000000000022d473030f116ddee9f6b43ac78ba3';
/** An amount this large is unlimited in any permit: Permit2's uint160 maximum, beyond any real supply. */
export const UNLIMITED_AMOUNT = (1n << 160n) - 1n;

export interface PermitApproval {
  kind: 'eip2612' | 'dai' | 'permit2-allowance' | 'permit2-transfer';
  /** Lower-case addresses. */
  token: string;
  spender: string;
  /** Base units (decimal); absent for DAI's all-or-nothing. */
  amount?: string;
  /** Grants all of the token (DAI's allowed, or an amount of at least 2^160 − 1). */
  unlimited: boolean;
  /** Sets the allowance to nothing. */
  revoke: boolean;
  /** Until when the signature can be used (seconds since the epoch, decimal). */
  deadline?: string;
  /** Permit2 allowances: when the allowance itself lapses. */
  expiration?: string;
}

const sig = (fields: readonly TypedDataField[]) => fields.map((f) => `${f.type} ${f.name}`).join(',');
const EIP2612 = 'address owner,address spender,uint256 value,uint256 nonce,uint256 deadline';
const DAI = 'address holder,address spender,uint256 nonce,uint256 expiry,bool allowed';
const DETAILS = 'address token,uint160 amount,uint48 expiration,uint48 nonce';
const PERMISSIONS = 'address token,uint256 amount';

/** The approvals a typed-data request grants (empty when it is no permit Vigil reads). */
export function permitsOf(typed: TypedData): PermitApproval[] {
  const fields = typed.types[typed.primaryType];
  if (fields === undefined) return [];
  const m = typed.message;
  const domain = typed.domain;
  const contract = typeof domain.verifyingContract === 'string' ? domain.verifyingContract.toLowerCase() : undefined;
  const s = sig(fields);
  try {
    if (typed.primaryType === 'Permit' && s === EIP2612 && contract !== undefined) {
      const amount = big(m.value);
      return [{ kind: 'eip2612', token: contract, spender: addr(m.spender), amount: amount.toString(), unlimited: amount >= UNLIMITED_AMOUNT, revoke: amount === 0n, deadline: big(m.deadline).toString() }];
    }
    if (typed.primaryType === 'Permit' && s === DAI && contract !== undefined) {
      const allowed = m.allowed === true || m.allowed === 'true';
      return [{ kind: 'dai', token: contract, spender: addr(m.spender), unlimited: allowed, revoke: !allowed, deadline: big(m.expiry).toString() }];
    }
    if (contract !== PERMIT2) return [];
    return permit2(typed, s);
  } catch {
    // A value the parser let through but that is no number or address here: shown as typed data.
    return [];
  }
}

function permit2(typed: TypedData, s: string): PermitApproval[] {
  const m = typed.message;
  const details = typed.types.PermitDetails === undefined ? undefined : sig(typed.types.PermitDetails);
  const permissions = typed.types.TokenPermissions === undefined ? undefined : sig(typed.types.TokenPermissions);
  const spender = () => addr(m.spender);
  const allowance = (d: Record<string, unknown>): PermitApproval => {
    const amount = big(d.amount);
    return { kind: 'permit2-allowance', token: addr(d.token), spender: spender(), amount: amount.toString(), unlimited: amount >= UNLIMITED_AMOUNT, revoke: amount === 0n, deadline: big(m.sigDeadline).toString(), expiration: big(d.expiration).toString() };
  };
  const transfer = (p: Record<string, unknown>): PermitApproval => {
    const amount = big(p.amount);
    return { kind: 'permit2-transfer', token: addr(p.token), spender: spender(), amount: amount.toString(), unlimited: amount >= UNLIMITED_AMOUNT, revoke: false, deadline: big(m.deadline).toString() };
  };
  if (details === DETAILS && typed.primaryType === 'PermitSingle' && s === 'PermitDetails details,address spender,uint256 sigDeadline') return [allowance(obj(m.details))];
  if (details === DETAILS && typed.primaryType === 'PermitBatch' && s === 'PermitDetails[] details,address spender,uint256 sigDeadline') return list(m.details).map((d) => allowance(obj(d)));
  if (permissions !== PERMISSIONS) return [];
  // The witness forms add one field after the four (PermitWitnessTransferFrom and its batch).
  const single = 'TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline';
  const batch = 'TokenPermissions[] permitted,address spender,uint256 nonce,uint256 deadline';
  const witness = (base: string) => s.startsWith(`${base},`) && s.split(',').length === base.split(',').length + 1;
  if ((typed.primaryType === 'PermitTransferFrom' && s === single) || (typed.primaryType === 'PermitWitnessTransferFrom' && witness(single))) return [transfer(obj(m.permitted))];
  if ((typed.primaryType === 'PermitBatchTransferFrom' && s === batch) || (typed.primaryType === 'PermitBatchWitnessTransferFrom' && witness(batch))) return list(m.permitted).map((p) => transfer(obj(p)));
  return [];
}

function big(v: unknown): bigint {
  if (typeof v === 'bigint') return v;
  if ((typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) || (typeof v === 'string' && /^(0x[0-9a-fA-F]+|\d+)$/.test(v))) return BigInt(v);
  throw new TypeError('not an unsigned integer');
}

function addr(v: unknown): string {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new TypeError('not an address');
  return v.toLowerCase();
}

function obj(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError('not a struct');
  return v as Record<string, unknown>;
}

function list(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new TypeError('not an array');
  return v;
}
