/**
 * The pure part of atomic batches (src/wallet/smart-account/atomic-batch.ts): the batch transaction's calldata is
 * Simple7702Account's executeBatch as its published artifact's ABI encodes it (viem over
 * @account-abstraction/contracts 0.8.0's artifacts/Simple7702Account.json), decoded back whole;
 * a contract creation cannot go in; the atomic status is `supported` only for the pinned code hash
 * and never said when the delegate's code is unproven; ExecuteError reverts name the call and its reason.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeAbiParameters, encodeErrorResult, encodeFunctionData, type Abi } from 'viem';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { InputError } from '../../../src/core/errors.ts';
import { decodeRevert, revertReasonText } from '../../../src/execution/revert.ts';
import { atomicBatchCall, decodeDelegateCalls } from '../../../src/wallet/smart-account/atomic-batch.ts';
import { atomicStatusOf, runsAtomically } from '../../../src/wallet/call-batch.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { SIMPLE_7702_ACCOUNT } from '../../../src/wallet/eip7702-pin.ts';

beforeAll(cryptoReady);

const require = createRequire(import.meta.url);
const ARTIFACT = JSON.parse(readFileSync(require.resolve('@account-abstraction/contracts/artifacts/Simple7702Account.json'), 'utf8')) as { abi: Abi };
const ACCOUNT = '0x' + 'ac'.repeat(20);
const A = '0x' + '0a'.repeat(20);
const B = '0x' + '0b'.repeat(20);

describe('atomic batch calldata', () => {
  it("is executeBatch as the artifact's ABI encodes it, to the account itself with no value, and decodes back", () => {
    const calls = [
      { to: A as `0x${string}`, value: 5n, data: '0x' as `0x${string}` },
      { to: B as `0x${string}`, value: 0n, data: '0xa9059cbb0102' as `0x${string}` },
    ];
    const call = atomicBatchCall(ACCOUNT, calls);
    expect(call.to).toBe(ACCOUNT);
    expect(call.value).toBe(0n);
    expect(call.data).toBe(encodeFunctionData({ abi: ARTIFACT.abi, functionName: 'executeBatch', args: [calls.map((c) => ({ target: c.to, value: c.value, data: c.data }))] }));
    expect(decodeDelegateCalls(call.data)).toEqual(calls);
    const execute = encodeFunctionData({ abi: ARTIFACT.abi, functionName: 'execute', args: [A, 7n, '0x1234'] });
    expect(decodeDelegateCalls(execute)).toEqual([{ to: A, value: 7n, data: '0x1234' }]);
    // Its selector with arguments that do not decode whole, or another function: nothing named.
    expect(decodeDelegateCalls(call.data.slice(0, 80))).toBeUndefined();
    expect(decodeDelegateCalls('0xa9059cbb' + '00'.repeat(64))).toBeUndefined();
  });

  it('cannot carry a contract creation', () => {
    expect(() => atomicBatchCall(ACCOUNT, [{ to: null, value: 0n, data: '0x6080' }])).toThrow(InputError);
  });

  it('runs atomically: two or more calls with targets from a supported account, required or not; else one per call, or 5760 when required', () => {
    const two = [{ to: A }, { to: B }];
    const creation = [{ to: A }, { to: null }];
    const code = (f: () => boolean) => {
      try {
        return f();
      } catch (err) {
        expect(err).toBeInstanceOf(WalletError);
        return (err as WalletError).code;
      }
    };
    expect(code(() => runsAtomically('supported', ACCOUNT, { calls: two, atomicRequired: true }))).toBe(true);
    expect(code(() => runsAtomically('supported', ACCOUNT, { calls: two, atomicRequired: false }))).toBe(true);
    expect(code(() => runsAtomically('supported', ACCOUNT, { calls: creation, atomicRequired: false }))).toBe(false);
    expect(code(() => runsAtomically('supported', ACCOUNT, { calls: creation, atomicRequired: true }))).toBe('ATOMICITY_NOT_SUPPORTED');
    expect(code(() => runsAtomically('unsupported', ACCOUNT, { calls: two, atomicRequired: false }))).toBe(false);
    expect(code(() => runsAtomically('unsupported', ACCOUNT, { calls: two, atomicRequired: true }))).toBe('ATOMICITY_NOT_SUPPORTED');
    // One call is one transaction: atomic by itself, nothing to refuse.
    expect(code(() => runsAtomically('unsupported', ACCOUNT, { calls: [{ to: A }], atomicRequired: true }))).toBe(false);
  });
});

describe('atomic status of a proven delegation', () => {
  it('supported only for the pinned code hash; unsupported for another delegate, a contract, none; unknown when the delegate is unproven', () => {
    expect(atomicStatusOf({ kind: 'delegated', delegate: A, delegateCode: { codeHash: SIMPLE_7702_ACCOUNT.codeHash.toUpperCase().replace('0X', '0x') } })).toBe('supported');
    expect(atomicStatusOf({ kind: 'delegated', delegate: A, delegateCode: { codeHash: '0x' + '11'.repeat(32) } })).toBe('unsupported');
    expect(atomicStatusOf({ kind: 'none' })).toBe('unsupported');
    expect(atomicStatusOf({ kind: 'contract' })).toBe('unsupported');
    expect(atomicStatusOf({ kind: 'delegated', delegate: A, delegateCode: { error: 'PROOF_VALUE_MISMATCH: lie' } })).toBeUndefined();
  });
});

describe('ExecuteError reverts', () => {
  it("name the failing call (from 0) and its own reason", () => {
    const inner = encodeErrorResult({ abi: [{ type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] }], errorName: 'Error', args: ['VigilToken: balance too low'] });
    const data = encodeErrorResult({ abi: ARTIFACT.abi, errorName: 'ExecuteError', args: [1n, inner] });
    expect(revertReasonText(decodeRevert(data))).toBe('ExecuteError(1, VigilToken: balance too low)');
    // Its selector, arguments that do not decode: an error Vigil does not know.
    expect(decodeRevert(data.slice(0, 10) + encodeAbiParameters([{ type: 'uint256' }], [1n]).slice(2)).kind).toBe('unknown');
  });
});
