/**
 * Typed data read as the approvals it grants (src/wallet/permits.ts): EIP-2612, DAI's permit and
 * Permit2's allowances and transfers (witness forms included), each only when its type is the
 * standard's exactly; unlimited and revoking ones marked; anything else no permit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permitsOf } from '../../../src/wallet/permits.ts';

const TOKEN = '0x' + 'aa'.repeat(20);
const SPENDER = '0x' + 'bb'.repeat(20);
const OWNER = '0x' + 'cc'.repeat(20);
const PERMIT2 = '0x000000000022D473030F116dDEE9F6B43aC78BA3';
const domain712 = [{ name: 'name', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }];
const eip2612 = (value: string, fields = [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }]) => ({
  types: { EIP712Domain: domain712, Permit: fields },
  primaryType: 'Permit',
  domain: { name: 'Token', chainId: 1, verifyingContract: TOKEN },
  message: { owner: OWNER, spender: SPENDER, value, nonce: '0', deadline: '1900000000' },
});
const details = [{ name: 'token', type: 'address' }, { name: 'amount', type: 'uint160' }, { name: 'expiration', type: 'uint48' }, { name: 'nonce', type: 'uint48' }];
const permissions = [{ name: 'token', type: 'address' }, { name: 'amount', type: 'uint256' }];

describe('permitsOf', () => {
  it('reads an EIP-2612 permit: the token is the verifying contract; 2^256 − 1 is unlimited, 0 revokes', () => {
    expect(permitsOf(eip2612('1000'))).toEqual([{ kind: 'eip2612', token: TOKEN, spender: SPENDER, amount: '1000', unlimited: false, revoke: false, deadline: '1900000000' }]);
    expect(permitsOf(eip2612(((1n << 256n) - 1n).toString()))[0]).toMatchObject({ unlimited: true });
    expect(permitsOf(eip2612('0'))[0]).toMatchObject({ revoke: true });
  });

  it('any amount of 2^160 − 1 or more is unlimited, whatever the standard (no token has issued as much)', () => {
    const max160 = (1n << 160n) - 1n;
    expect(permitsOf(eip2612(max160.toString()))[0]).toMatchObject({ unlimited: true });
    expect(permitsOf(eip2612((1n << 200n).toString()))[0]).toMatchObject({ unlimited: true });
    expect(permitsOf(eip2612((max160 - 1n).toString()))[0]).toMatchObject({ unlimited: false });
    const transferFields = [{ name: 'permitted', type: 'TokenPermissions' }, { name: 'spender', type: 'address' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }];
    const transfer = (amount: bigint) => ({ types: { EIP712Domain: domain712, PermitTransferFrom: transferFields, TokenPermissions: permissions }, primaryType: 'PermitTransferFrom', domain: { name: 'Permit2', chainId: 1, verifyingContract: PERMIT2 }, message: { permitted: { token: TOKEN, amount: amount.toString() }, spender: SPENDER, nonce: '1', deadline: '3' } });
    expect(permitsOf(transfer(max160))[0]).toMatchObject({ kind: 'permit2-transfer', unlimited: true });
    expect(permitsOf(transfer(1n << 254n))[0]).toMatchObject({ unlimited: true });
  });

  it("reads DAI's permit: allowed grants everything, not allowed revokes", () => {
    const dai = (allowed: boolean) => ({
      types: { EIP712Domain: domain712, Permit: [{ name: 'holder', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'nonce', type: 'uint256' }, { name: 'expiry', type: 'uint256' }, { name: 'allowed', type: 'bool' }] },
      primaryType: 'Permit',
      domain: { name: 'Dai Stablecoin', chainId: 1, verifyingContract: TOKEN },
      message: { holder: OWNER, spender: SPENDER, nonce: 0, expiry: 0, allowed },
    });
    expect(permitsOf(dai(true))).toEqual([{ kind: 'dai', token: TOKEN, spender: SPENDER, unlimited: true, revoke: false, deadline: '0' }]);
    expect(permitsOf(dai(false))[0]).toMatchObject({ unlimited: false, revoke: true });
  });

  it("reads Permit2's PermitSingle and PermitBatch as allowances (uint160 max unlimited) and its transfers, witness forms too", () => {
    const p2 = (primaryType: string, types: Record<string, unknown>, message: Record<string, unknown>) => ({ types: { EIP712Domain: domain712, ...types }, primaryType, domain: { name: 'Permit2', chainId: 1, verifyingContract: PERMIT2 }, message });
    const single = p2('PermitSingle', { PermitSingle: [{ name: 'details', type: 'PermitDetails' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }], PermitDetails: details }, { details: { token: TOKEN, amount: ((1n << 160n) - 1n).toString(), expiration: '1900000000', nonce: '0' }, spender: SPENDER, sigDeadline: '1800000000' });
    expect(permitsOf(single)).toEqual([{ kind: 'permit2-allowance', token: TOKEN, spender: SPENDER, amount: ((1n << 160n) - 1n).toString(), unlimited: true, revoke: false, deadline: '1800000000', expiration: '1900000000' }]);
    const batch = p2('PermitBatch', { PermitBatch: [{ name: 'details', type: 'PermitDetails[]' }, { name: 'spender', type: 'address' }, { name: 'sigDeadline', type: 'uint256' }], PermitDetails: details }, { details: [{ token: TOKEN, amount: '5', expiration: '1', nonce: '0' }, { token: OWNER, amount: '6', expiration: '1', nonce: '0' }], spender: SPENDER, sigDeadline: '2' });
    expect(permitsOf(batch).map((p) => [p.token, p.amount])).toEqual([[TOKEN, '5'], [OWNER, '6']]);
    const transferFields = [{ name: 'permitted', type: 'TokenPermissions' }, { name: 'spender', type: 'address' }, { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }];
    const transfer = p2('PermitTransferFrom', { PermitTransferFrom: transferFields, TokenPermissions: permissions }, { permitted: { token: TOKEN, amount: '7' }, spender: SPENDER, nonce: '1', deadline: '3' });
    expect(permitsOf(transfer)).toEqual([{ kind: 'permit2-transfer', token: TOKEN, spender: SPENDER, amount: '7', unlimited: false, revoke: false, deadline: '3' }]);
    const witness = p2('PermitWitnessTransferFrom', { PermitWitnessTransferFrom: [...transferFields, { name: 'witness', type: 'Order' }], TokenPermissions: permissions, Order: [{ name: 'x', type: 'uint256' }] }, { permitted: { token: TOKEN, amount: '7' }, spender: SPENDER, nonce: '1', deadline: '3', witness: { x: '1' } });
    expect(permitsOf(witness)).toHaveLength(1);
    // Permit2's types from any other contract are no Permit2 approval.
    expect(permitsOf({ ...single, domain: { ...single.domain, verifyingContract: TOKEN } })).toEqual([]);
  });

  it('reads a look-alike (a field renamed, reordered or retyped) as no permit', () => {
    const f = eip2612('1').types.Permit;
    expect(permitsOf(eip2612('1', [f[1]!, f[0]!, ...f.slice(2)]))).toEqual([]);
    expect(permitsOf(eip2612('1', [...f.slice(0, 2), { name: 'value', type: 'uint128' }, ...f.slice(3)]))).toEqual([]);
    expect(permitsOf(eip2612('1', [...f.slice(0, 2), { name: 'amount', type: 'uint256' }, ...f.slice(3)]))).toEqual([]);
    expect(permitsOf({ ...eip2612('1'), domain: { name: 'Token', chainId: 1 } })).toEqual([]);
  });

  it('never throws, whatever the message holds (fast-check)', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (value, spender) => void permitsOf({ ...eip2612('1'), message: { owner: OWNER, spender, value, nonce: '0', deadline: value } })));
  });
});
