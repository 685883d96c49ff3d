/**
 * EIP-5792's pure parts (src/wallet/call-batch.ts): a wallet_sendCalls request read as the spec
 * writes it (viem's form), every malformed field refused with a WalletError that names it, never
 * another kind of error (property test over arbitrary JSON and over mutations of valid requests);
 * the status code from the calls' states.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchStatusCode, type CallState, MAX_BATCH_CALLS, walletCapabilities } from '../../../src/wallet/call-batch.ts';
import { parseSendCalls } from '../../../src/wallet/send-calls.ts';
import { WalletError } from '../../../src/wallet/errors.ts';

const A = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const valid = (extra: Record<string, unknown> = {}) => ({
  version: '2.0.0',
  chainId: '0x7a69',
  from: A,
  atomicRequired: false,
  calls: [{ to: A, value: '0x1' }, { to: A, data: '0xa9059cbb' }, { data: '0x6080' }],
  ...extra,
});

describe('wallet_sendCalls requests', () => {
  it('reads calls as viem sends them: absent data and value are empty, absent to creates', () => {
    expect(parseSendCalls(valid({ id: 'batch-1' }))).toEqual({
      id: 'batch-1',
      from: A,
      chainId: 31337n,
      atomicRequired: false,
      calls: [
        { to: A, data: '0x', value: 1n },
        { to: A, data: '0xa9059cbb', value: 0n },
        { to: null, data: '0x6080', value: 0n },
      ],
    });
    // viem leaves `from` out without an account and sends undefined fields as absent.
    expect(parseSendCalls(valid({ from: undefined, capabilities: undefined })).from).toBeUndefined();
  });

  it('refuses each malformed field by name, and what Vigil cannot do by its EIP-5792 code', () => {
    const code = (v: unknown) => {
      try {
        parseSendCalls(v);
        return 'accepted';
      } catch (err) {
        expect(err).toBeInstanceOf(WalletError);
        return `${(err as WalletError).code}: ${(err as WalletError).shortMessage}`;
      }
    };
    expect(code(valid({ version: '1.0' }))).toMatch(/^INVALID_TRANSACTION: .*version/);
    expect(code(valid({ chainId: 31337 }))).toMatch(/chainId/);
    expect(code(valid({ atomicRequired: 'no' }))).toMatch(/atomicRequired/);
    expect(code(valid({ from: '0x12' }))).toMatch(/from/);
    expect(code(valid({ id: '' }))).toMatch(/id expected/);
    expect(code(valid({ calls: [{ to: A, value: '12' }] }))).toMatch(/calls\[0\]\.value/);
    expect(code(valid({ calls: [{ to: A, data: '0xabc' }] }))).toMatch(/calls\[0\]\.data/);
    expect(code(valid({ calls: [{}] }))).toMatch(/calls\[0\] names no recipient and no code/);
    expect(code(valid({ calls: Array.from({ length: MAX_BATCH_CALLS + 1 }, () => ({ to: A })) }))).toMatch(/^BATCH_TOO_LARGE/);
    // Whether atomicity can be met depends on the account's proven delegation: decided where that is proven (src/client/wallet/batches/call-batches.ts).
    expect(code(valid({ atomicRequired: true }))).toBe('accepted');
    expect(code(valid({ capabilities: { paymasterService: { url: 'x' } } }))).toMatch(/^CAPABILITY_NOT_SUPPORTED: .*paymasterService/);
    expect(code(valid({ capabilities: { paymasterService: { url: 'x', optional: false } } }))).toMatch(/^CAPABILITY_NOT_SUPPORTED/);
    expect(code(valid({ calls: [{ to: A, capabilities: { permissions: {} } }] }))).toMatch(/^CAPABILITY_NOT_SUPPORTED: .*calls\[0\]\.capabilities/);
    expect(code(valid({ capabilities: { paymasterService: { url: 'x', optional: true } } }))).toBe('accepted');
    expect(code(valid({ atomicRequired: true, calls: [{ to: A }] }))).toBe('accepted');
  });

  it('property: any JSON is read or refused with a WalletError, never another error', () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const request = fc.record({
      version: fc.oneof(fc.constant('2.0.0'), json),
      chainId: fc.oneof(fc.constant('0x1'), json),
      atomicRequired: fc.oneof(fc.boolean(), json),
      from: fc.oneof(fc.constant(A), json),
      id: fc.option(fc.oneof(fc.string(), json), { nil: undefined }),
      calls: fc.oneof(fc.array(fc.record({ to: fc.oneof(fc.constant(A), json), data: fc.oneof(fc.constant('0x12'), json), value: fc.oneof(fc.constant('0x0'), json) }), { maxLength: 12 }), json),
      capabilities: fc.option(fc.dictionary(fc.string(), fc.oneof(fc.record({ optional: fc.boolean() }), json)), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.oneof(json, request), (v) => {
        try {
          const r = parseSendCalls(v);
          expect(r.calls.length).toBeGreaterThan(0);
          expect(r.calls.length).toBeLessThanOrEqual(MAX_BATCH_CALLS);
          for (const c of r.calls) expect(c.to === null || /^0x[0-9a-f]{40}$/.test(c.to)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(WalletError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('batch status codes', () => {
  it('100 while a call is under way, 200 when all are included, else 600 / 500 / 400 by what reached the chain', () => {
    const s = (...states: CallState[]) => batchStatusCode(states);
    expect(s('pending', 'waiting')).toBe(100);
    expect(s('included', 'pending')).toBe(100);
    expect(s('included', 'included')).toBe(200);
    expect(s('included', 'reverted', 'not-sent')).toBe(600);
    expect(s('included', 'not-sent')).toBe(600);
    expect(s('reverted', 'not-sent')).toBe(500);
    expect(s('dropped', 'not-sent')).toBe(400);
    // A stopped batch whose sent call went back to pending (a reorg): under way again.
    expect(s('pending', 'not-sent')).toBe(100);
  });

  it('capabilities: each chain asked with the account\'s atomic status there', () => {
    expect(walletCapabilities([{ chainId: 1n, atomic: 'unsupported' }, { chainId: 31337n, atomic: 'supported' }])).toEqual({ '0x1': { atomic: { status: 'unsupported' } }, '0x7a69': { atomic: { status: 'supported' } } });
  });
});
