/**
 * Start-up behaviour of src/crypto/backend.ts in the environments it must survive, simulated
 * by replacing the global WebAssembly before a fresh import of the front doors; and that
 * importing src/crypto starts nothing: no WebAssembly compiled or instantiated, no kernel made,
 * until a first use or an explicit ready().
 */
import { readdirSync } from 'node:fs';
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
    expect(c.hashKernel()?.simd).toBe(true);
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

  it('a bundle built without kernels (the service worker: __VIGIL_WASM_KERNELS__ false): @noble, final, nothing compiled', async () => {
    const compiled = vi.fn();
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: compiled, compile: compiled, instantiate: compiled }));
    vi.stubGlobal('__VIGIL_WASM_KERNELS__', false);
    const c = await freshCrypto();
    expect(c.WASM_KERNELS).toBe(false);
    expectCorrect(c);
    await c.cryptoReady();
    expect(c.hashBackend()).toBe('noble');
    const bls = await import('../../../src/crypto/bls.ts');
    const bn = await import('../../../src/crypto/bn254.ts');
    await Promise.all([bls.blsReady(), bn.bn254Ready()]);
    expect([bls.blsBackend(), bn.bn254Backend()]).toEqual(['noble', 'noble']);
    expect(compiled).not.toHaveBeenCalled();
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
    expect(c.hashKernel()?.simd).toBe(false);
    expectCorrect(c);
  });

  it('forceNoble switches both ways and survives the async switch-over', async () => {
    const refuse = function Module() {
      throw new RangeError('sync compile refused');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse }));
    const c = await freshCrypto();
    c.forceNoble(true);
    await c.cryptoReady();
    expect(c.hashBackend()).toBe('noble'); // the late kernel must not override the force
    const data = pseudoRandomBytes(500, 4);
    expect(toHex(c.keccak256(data))).toBe(toHex(keccak_256(data)));
    c.forceNoble(false);
    expect(c.hashBackend()).toBe('wasm');
    expect(toHex(c.keccak256(data))).toBe(toHex(keccak_256(data)));
  });
});

describe('BLS12-381 backend start-up (src/crypto/bls.ts)', () => {
  async function freshBls() {
    vi.resetModules();
    const b = await import('../../../src/crypto/bls.ts');
    const { forceNoble, cryptoReady } = await import('../../../src/crypto/backend.ts');
    return { ...b, forceNoble, cryptoReady };
  }
  /** One signature verified end to end, and the G2 hash of the bls12-381-tests "abc" vector. */
  function expectBlsCorrect(b: Awaited<ReturnType<typeof freshBls>>): void {
    const sk = b.keygen(new Uint8Array(32).fill(3));
    const message = new TextEncoder().encode('vigil');
    const signature = b.sign(sk, message);
    expect(b.verify(b.publicKeyFromBytes(b.getPublicKey(sk)), message, signature)).toBe(true);
    expect(b.verify(b.publicKeyFromBytes(b.getPublicKey(sk)), new Uint8Array(1), signature)).toBe(false);
    // bls12-381-tests hash_to_G2 "abc" (RFC 9380 J.10.1).
    const h = b.hashToG2(new TextEncoder().encode('abc'), 'QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_');
    expect(h.x.c0).toBe(0x02c2d18e033b960562aae3cab37a27ce00d80ccd5ba4b7fe0e7a210245129dbec7780ccc7954725f4168aff2787776e6n);
    expect(h.y.c1).toBe(0x00aa65dae3c8d732d10ecd2c50f8a1baf3001578f71c694e03866e9f3d49ac1e1ce70dd94a733534f106d4cec0eddd16n);
  }

  it('Node (like workers and service workers): the WASM kernel from the first call', async () => {
    const b = await freshBls();
    expect(b.blsBackend()).toBe('wasm');
    expectBlsCorrect(b);
  });

  it('page main thread (sync compile refused): @noble first, the kernel once instantiated', async () => {
    const refuse = function Module() {
      throw new RangeError('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse, Instance: refuse }));
    const b = await freshBls();
    expect(b.blsBackend()).toBe('noble');
    expectBlsCorrect(b);
    // Its hashing started the hash kernel's asynchronous instantiation too: let both land.
    await Promise.all([b.blsReady(), b.cryptoReady()]);
    expect(b.blsBackend()).toBe('wasm');
    expectBlsCorrect(b);
  });

  it('no WebAssembly, or WebAssembly forbidden: @noble, final, blsReady still resolves', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    let b = await freshBls();
    await b.blsReady();
    expect(b.blsBackend()).toBe('noble');
    expectBlsCorrect(b);
    vi.unstubAllGlobals();
    const refuse = function Module() {
      throw new realWasm.CompileError('Wasm code generation disallowed by embedder');
    };
    vi.stubGlobal('WebAssembly', patchedWasm({ Module: refuse, compile: () => Promise.reject(new realWasm.CompileError('disallowed')) }));
    b = await freshBls();
    await expect(b.blsReady()).resolves.toBeUndefined();
    expect(b.blsBackend()).toBe('noble');
    expectBlsCorrect(b);
  });

  it('keys prepared on one backend keep working after a switch to the other', async () => {
    const b = await freshBls();
    const sks = [1, 2, 3].map((i) => b.keygen(new Uint8Array(32).fill(i)));
    const pks = sks.map(b.getPublicKey);
    const message = new Uint8Array(32).fill(9);
    const bits = [true, false, true];
    const sig = b.aggregateSignatures([b.sign(sks[0]!, message), b.sign(sks[2]!, message)]);
    const onWasm = b.preparePublicKeys(pks, { aggregatePubkey: b.aggregatePublicKeys(pks) });
    b.forceNoble(true);
    expect(b.blsBackend()).toBe('noble');
    const onNoble = b.preparePublicKeys(pks);
    expect(b.fastAggregateVerify(onWasm, bits, message, sig)).toBe(true);
    b.forceNoble(false);
    expect(b.fastAggregateVerify(onNoble, bits, message, sig)).toBe(true);
    expect(b.fastAggregateVerify(onNoble, [true, true, true], message, sig)).toBe(false);
  });
});

describe('importing src/crypto starts nothing', () => {
  /** Every module of src/crypto, as an import path from here. */
  function cryptoModules(dir = new URL('../../../src/crypto/', import.meta.url)): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? cryptoModules(new URL(`${entry.name}/`, dir)) : entry.name.endsWith('.ts') ? [new URL(entry.name, dir).href] : [],
    );
  }

  /** The real WebAssembly, each entry point that compiles or instantiates logging its use. */
  function watchedWasm(log: string[]): typeof WebAssembly {
    const constructs = <T extends object>(name: string, target: T): T =>
      new Proxy(target, {
        construct(t, args, newTarget) {
          log.push(name);
          return Reflect.construct(t as new (...a: unknown[]) => object, args, newTarget);
        },
      });
    return patchedWasm({
      Module: constructs('Module', realWasm.Module),
      Instance: constructs('Instance', realWasm.Instance),
      Memory: constructs('Memory', realWasm.Memory),
      compile: (bytes: BufferSource) => (log.push('compile'), realWasm.compile(bytes)),
      instantiate: (m: WebAssembly.Module, imports?: WebAssembly.Imports) => (log.push('instantiate'), realWasm.instantiate(m, imports)),
      validate: (bytes: BufferSource) => (log.push('validate'), realWasm.validate(bytes)),
    });
  }

  it('compiles, instantiates and allocates nothing at import; each kernel at its first use or ready()', async () => {
    const log: string[] = [];
    vi.stubGlobal('WebAssembly', watchedWasm(log));
    vi.resetModules();
    const modules = cryptoModules();
    expect(modules.length).toBeGreaterThan(15);
    for (const module of modules) await import(module);
    expect(log).toEqual([]);

    const { keccak256 } = await import('../../../src/crypto/keccak.ts');
    const bls = await import('../../../src/crypto/bls.ts');
    const bn254 = await import('../../../src/crypto/bn254.ts');
    const { hashKernel } = await import('../../../src/crypto/backend.ts');
    expect(hashKernel()).toBeDefined(); // asking for it is a use: it exists from then on
    expect(log.filter((e) => e === 'Instance')).toHaveLength(2); // the hash kernel and its SIMD batch
    expect(toHex(keccak256(new Uint8Array()))).toBe(KECCAK256_VECTORS[0]!.hex);
    // The curves are still untouched: a script that only hashes never compiles them.
    expect(log.filter((e) => e === 'Module')).toHaveLength(2);

    await bls.blsReady();
    expect(log.filter((e) => e === 'Instance')).toHaveLength(3);
    expect(bls.blsBackend()).toBe('wasm');
    expect(bn254.bn254Backend()).toBe('wasm'); // a use
    expect(log.filter((e) => e === 'Instance')).toHaveLength(4);
    expect(bn254.pairingCheck([[bn254.G1_GENERATOR, bn254.G2_GENERATOR], [bn254.g1Neg(bn254.G1_GENERATOR), bn254.G2_GENERATOR]])).toBe(true);
    expect(log.filter((e) => e === 'Instance')).toHaveLength(4);
  });

  it('a forced @noble compiles nothing until ready() is asked for', async () => {
    const log: string[] = [];
    vi.stubGlobal('WebAssembly', watchedWasm(log));
    vi.resetModules();
    const { forceNoble, hashBackend, cryptoReady } = await import('../../../src/crypto/backend.ts');
    const { keccak256 } = await import('../../../src/crypto/keccak.ts');
    const bls = await import('../../../src/crypto/bls.ts');
    forceNoble(true);
    expect(toHex(keccak256(new Uint8Array()))).toBe(KECCAK256_VECTORS[0]!.hex);
    const sk = bls.keygen(new Uint8Array(32).fill(5));
    expect(bls.verify(bls.publicKeyFromBytes(bls.getPublicKey(sk)), new Uint8Array(3), bls.sign(sk, new Uint8Array(3)))).toBe(true);
    expect(hashBackend()).toBe('noble');
    expect(log).toEqual([]);
    await cryptoReady();
    expect(log.filter((e) => e === 'Instance')).toHaveLength(2);
    expect(hashBackend()).toBe('noble');
    forceNoble(false);
    expect(hashBackend()).toBe('wasm');
  });
});
