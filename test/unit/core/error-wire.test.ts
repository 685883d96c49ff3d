/**
 * The error wire's reading of what it is given: a wire error is data, possibly from a compromised
 * context. Unknown classes come out as their nearest known ancestor (VigilError at worst) with
 * their code; only strings are read, each bounded; causes to a bounded depth; no name reaches
 * anything but the table of registered classes; nothing here throws.
 * (Every class across every boundary: test/unit/extension/error-boundaries.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { MAX_WIRE_TEXT, registerErrorClass } from '../../../src/core/error-registry.ts';
import { errorFromWire, errorToWire, MAX_CAUSE_DEPTH, type WireError } from '../../../src/core/error-wire.ts';
import { InputError, TransportError, VerificationError, VigilError } from '../../../src/core/errors.ts';
import { QuotaError } from '../../../src/provider/quotas.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { MnemonicError } from '../../../src/wallet/mnemonic.ts';

const causes = (err: unknown): number => {
  let n = 0;
  for (let e = (err as Error).cause; e !== undefined; e = (e as Error).cause) n++;
  return n;
};

describe('errorFromWire', () => {
  it('rebuilds a class not loaded here as its nearest registered ancestor, with its code and its name in wireName', () => {
    const unknown = errorFromWire({ name: 'RollupFollowError', code: 'ROLLUP_GONE', message: 'the rollup went away', expected: 'a', got: 'b' });
    expect(unknown.constructor).toBe(VigilError);
    expect(unknown).toMatchObject({ code: 'ROLLUP_GONE', wireName: 'RollupFollowError', shortMessage: 'the rollup went away', expected: 'a', got: 'b' });
    const sub = errorFromWire({ name: 'KeyringLockError', kinds: ['NotRegisteredEither', 'WalletError'], code: 'LOCKED', message: 'locked' });
    expect(sub.constructor).toBe(WalletError);
    expect(sub).toMatchObject({ code: 'LOCKED', wireName: 'KeyringLockError' });
    const known = errorFromWire(errorToWire(new WalletError('LOCKED', 'locked')));
    expect(known.wireName).toBeUndefined();
  });

  it('refuses __proto__, constructor and Object\'s members as class or field names, and pollutes nothing', () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'call', 'bind']) {
      const err = errorFromWire({ name, code: 'X', message: 'm' });
      expect(err.constructor, name).toBe(VigilError);
      expect(err.code, name).toBe('X');
    }
    const hostile = JSON.parse('{"name":"__proto__","code":"X","message":"m","__proto__":{"polluted":1},"fields":{"__proto__":{"polluted":2},"constructor":"c","toString":"t","retryAt":"5"},"kinds":["__proto__","constructor"]}');
    const err = errorFromWire(hostile);
    expect(err.constructor).toBe(VigilError);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(err)).toBe(VigilError.prototype);
    const wallet = errorFromWire(JSON.parse('{"name":"WalletError","code":"PASSWORD_BACKOFF","message":"m","fields":{"__proto__":{"retryAt":"9"},"constructor":"x"}}'));
    expect(wallet).toBeInstanceOf(WalletError);
    expect((wallet as WalletError).retryAt).toBeUndefined();
  });

  it('reads only strings, each cut to size, and at most 16 fields', () => {
    const err = errorFromWire({ name: 7, code: { x: 1 }, message: ['m'], expected: 5, got: null, details: { toString: () => 'no' }, fields: 'x', cause: 'a string' });
    expect(err.constructor).toBe(VigilError);
    expect(err).toMatchObject({ code: 'VIGIL_ERROR', shortMessage: '', expected: undefined, got: undefined, details: undefined });
    const long = errorFromWire({ name: 'InputError', code: 'INVALID_INPUT', message: 'm'.repeat(1 << 20), details: 'd'.repeat(1 << 20), fields: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, 'v'])) });
    expect(long).toBeInstanceOf(InputError);
    expect(long.shortMessage).toHaveLength(MAX_WIRE_TEXT);
    expect(long.details).toHaveLength(MAX_WIRE_TEXT);
    expect(errorFromWire({ name: 'VigilError', code: 'C'.repeat(1000), message: '' }).code).toHaveLength(64);
    const wire = errorToWire(new InputError('i'.repeat(1 << 20)));
    expect(wire.message).toHaveLength(MAX_WIRE_TEXT);
  });

  it(`keeps at most ${MAX_CAUSE_DEPTH} causes, of a deep chain or a cycle, either way`, () => {
    let deep: WireError = { name: 'InputError', code: 'INVALID_INPUT', message: 'bottom' };
    for (let i = 0; i < 10_000; i++) deep = { name: 'VerificationError', code: 'PROOF_ROOT_MISMATCH', message: `level ${i}`, cause: deep };
    expect(causes(errorFromWire(deep))).toBe(MAX_CAUSE_DEPTH);
    const cyclic: Record<string, unknown> = { name: 'VigilError', code: 'X', message: 'loop' };
    cyclic.cause = cyclic;
    expect(causes(errorFromWire(cyclic))).toBe(MAX_CAUSE_DEPTH);
    const loop = new VerificationError('STALE_HEAD', 'old');
    Object.defineProperty(loop, 'cause', { value: loop });
    const sent = errorToWire(loop);
    expect(causes(errorFromWire(sent))).toBe(MAX_CAUSE_DEPTH);
  });

  it('never throws: not an object, a getter that throws, a proxy', () => {
    for (const wire of [null, undefined, 'x', 42, [], [1, 2], () => 1, Symbol('s')]) {
      const err = errorFromWire(wire);
      expect(err.constructor).toBe(VigilError);
      expect(err.code).toBe('VIGIL_ERROR');
    }
    const trap = new Proxy({}, { get: () => { throw new Error('trap'); }, ownKeys: () => { throw new Error('trap'); }, getOwnPropertyDescriptor: () => { throw new Error('trap'); } });
    expect(errorFromWire(trap)).toBeInstanceOf(VigilError);
    expect(errorFromWire({ name: 'VigilError', code: 'X', get message(): string { throw new Error('getter'); } })).toBeInstanceOf(VigilError);
    expect(errorToWire(trap)).toMatchObject({ name: 'Error', code: 'INTERNAL' });
    expect(errorToWire({ toString: () => { throw new Error('no'); } })).toMatchObject({ name: 'Error', code: 'INTERNAL' });
  });

  it("falls back to the ancestor when a class refuses its fields (an unknown quota resource, word positions that are no numbers, an EIP-1193 code that is none)", () => {
    const quota = errorFromWire({ name: 'QuotaError', code: 'QUOTA_EXCEEDED', message: 'spent', fields: { resource: 'toString', retryAfterMs: '5' } });
    expect(quota.constructor).toBe(VigilError);
    expect(quota).toMatchObject({ code: 'QUOTA_EXCEEDED', wireName: 'QuotaError' });
    expect(errorFromWire(errorToWire(new QuotaError('logBlocks', 5, 1, 100)))).toBeInstanceOf(QuotaError);
    const words = errorFromWire({ name: 'MnemonicError', kinds: ['WalletError'], code: 'INVALID_MNEMONIC', message: 'bad', fields: { problem: 'UNKNOWN_WORD', positions: '1,x' } });
    expect(words.constructor).toBe(WalletError);
    expect(words).toMatchObject({ code: 'INVALID_MNEMONIC', wireName: 'MnemonicError' });
    expect(errorFromWire(errorToWire(new MnemonicError('UNKNOWN_WORD', 'bad', { positions: [1, 3] })))).toMatchObject({ constructor: MnemonicError, positions: [1, 3] });
    const rpc = errorFromWire({ name: 'ProviderRpcError', code: 'not a number', message: 'm' });
    expect(rpc.constructor).toBe(VigilError);
    expect(rpc.code).toBe('not a number');
  });

  it('writes a thrown value that is no Vigil error as Error / INTERNAL, its name in the sentence', () => {
    expect(errorToWire(new TypeError('x is not a function'))).toEqual({ name: 'Error', code: 'INTERNAL', message: 'TypeError: x is not a function' });
    expect(errorToWire('plain')).toEqual({ name: 'Error', code: 'INTERNAL', message: 'plain' });
    const attempts = new TransportError('ALL_ENDPOINTS_FAILED', 'all failed', { errors: Array.from({ length: 50 }, (_, i) => new TransportError('TIMEOUT', `t${i}`, { url: `u${i}` })) });
    const back = errorFromWire(JSON.parse(JSON.stringify(errorToWire(attempts)))) as TransportError;
    expect(back.errors).toHaveLength(8);
    expect(back.errors[7]).toMatchObject({ code: 'TIMEOUT', url: 'u7' });
  });
});

describe('registerErrorClass', () => {
  it('refuses names the wire refuses, and a second class under a name in use', () => {
    class Odd extends VigilError {}
    for (const name of ['__proto__', 'constructor', 'toString', 'a b', '', 'x'.repeat(65)]) {
      expect(() => registerErrorClass(Odd, name, { rebuild: () => new Odd('') }), name).toThrow(TypeError);
    }
    expect(() => registerErrorClass(Odd, 'WalletError', { rebuild: () => new Odd('') })).toThrow(/two error classes/);
    expect(errorFromWire(errorToWire(new WalletError('LOCKED', 'l')))).toBeInstanceOf(WalletError);
  });
});
