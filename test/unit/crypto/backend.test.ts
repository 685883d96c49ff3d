/**
 * Start-up behaviour of src/crypto/backend.ts in the environments it must survive, simulated
 * by replacing the global WebAssembly before a fresh import of the front doors.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KECCAK256_VECTORS, pseudoRandomBytes, toHex } from './vectors.ts';

const realWasm = WebAssembly;

/** The real WebAssembly namespace with some members replaced. */
function patchedWasm(overrides: Partial<Record<keyof typeof WebAssembly, unknown>>): typeof WebAssembly {
  return Object.create(realWasm, Object.fromEntries(Object.entries(overrides).map(([k, v]) => [k, { value: v }])));
}

async function freshCrypto() {
  vi.resetModules();
  const backend = await import('../../../src/crypto/backend.ts');
  const { keccak256 } = await import('../../../src/crypto/keccak.ts');
  const { sha256, sha256Pairs } = await import('../../../src/crypto/sha256.ts');
  return { ...backend, keccak256, sha256, sha256Pairs };
}

function expectCorrect(c: Awaited<ReturnType<typeof freshCrypto>>): void {
  for (const { input, hex } of KECCAK256_VECTORS) expect(toHex(c.keccak256(input))).toBe(hex);
  const data = pseudoRandomBytes(64 * 9, 1);
  expect(toHex(c.sha256(data))).toBe(toHex(nobleSha256(data)));
  expect(toHex(c.sha256Pairs(data))).toBe(
    Array.from({ length: 9 }, (_, i) => toHex(nobleSha256(data.subarray(i * 64, i * 64 + 64)))).join(''),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('crypto backend start-up', () => {
  it('Node (like workers and service workers): WASM synchronously, from the first call', async () => {
    const c = await freshCrypto();
    expect(c.hashBackend()).toBe('wasm'); // before awaiting anything
    expect(c.activeKernel?.simd).toBe(true);
    expectCorrect(c);
    await c.cryptoReady();
    expect(c.hashBackend()).toBe('wasm');
  });

  it('page main thread (sync compile refused): @noble first, WASM once async instantiation lands', async () => {
    const refuse = function Module() {
      throw new RangeError('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse, Instance: refuse }));
    const c = await freshCrypto();
    expect(c.hashBackend()).toBe('noble');
    expectCorrect(c);
    await c.cryptoReady();
    expect(c.hashBackend()).toBe('wasm');
    expectCorrect(c);
  });

  it('no WebAssembly at all: @noble, final', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    const c = await freshCrypto();
    await c.cryptoReady();
    expect(c.hashBackend()).toBe('noble');
    expectCorrect(c);
  });

  it('WebAssembly forbidden (CSP without wasm-unsafe-eval): @noble, final, cryptoReady still resolves', async () => {
    const refuse = function Module() {
      throw new realWasm.CompileError('Wasm code generation disallowed by embedder');
    };
    vi.stubGlobal(
      'WebAssembly',
      patchedWasm({
        Module: refuse,
        compile: () => Promise.reject(new realWasm.CompileError('disallowed')),
        instantiate: () => Promise.reject(new realWasm.CompileError('disallowed')),
      }),
    );
    const c = await freshCrypto();
    await expect(c.cryptoReady()).resolves.toBeUndefined();
    expect(c.hashBackend()).toBe('noble');
    expectCorrect(c);
  });

  it('no SIMD: scalar WASM kernel for everything, batches included', async () => {
    vi.stubGlobal('WebAssembly', patchedWasm({ validate: () => false }));
    const c = await freshCrypto();
    expect(c.hashBackend()).toBe('wasm');
    expect(c.activeKernel?.simd).toBe(false);
    expectCorrect(c);
  });

  it('forceNobleHashes switches both ways and survives the async switch-over', async () => {
    const refuse = function Module() {
      throw new RangeError('sync compile refused');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse }));
    const c = await freshCrypto();
    c.forceNobleHashes(true);
    await c.cryptoReady();
    expect(c.hashBackend()).toBe('noble'); // the late kernel must not override the force
    const data = pseudoRandomBytes(500, 4);
    expect(toHex(c.keccak256(data))).toBe(toHex(keccak_256(data)));
    c.forceNobleHashes(false);
    expect(c.hashBackend()).toBe('wasm');
    expect(toHex(c.keccak256(data))).toBe(toHex(keccak_256(data)));
  });
});
