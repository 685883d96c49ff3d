/**
 * Hash front doors (src/crypto/keccak.ts, sha256.ts) against @noble/hashes and hash-wasm.
 * Sizes: 532 bytes is a typical RLP-encoded account-proof node (what MPT verification hashes
 * most), 64 bytes an SSZ chunk pair, 1024 pairs one merkleization layer of a 2048-chunk list.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { createKeccak, createSHA256 } from 'hash-wasm';
import { cryptoReady, hashBackend } from '../src/crypto/backend.ts';
import { keccak256 } from '../src/crypto/keccak.ts';
import { sha256, sha256Pair, sha256Pairs } from '../src/crypto/sha256.ts';
import { instantiateKernelSync } from '../src/crypto/wasm/kernel.ts';
import { pseudoRandomBytes } from '../test/unit/crypto/vectors.ts';
import type { BenchGroup } from './run.ts';

await cryptoReady();
if (hashBackend() !== 'wasm') throw new Error(`expected the WASM hash backend, got ${hashBackend()}`);

const node532 = pseudoRandomBytes(532, 1);
const word32 = pseudoRandomBytes(32, 2);
const pair64 = pseudoRandomBytes(64, 3);
const left = pair64.slice(0, 32);
const right = pair64.slice(32);
const layer = pseudoRandomBytes(1024 * 64, 4);
const mib = pseudoRandomBytes(1 << 20, 5);

const hwKeccak = await createKeccak(256);
const hwSha256 = await createSHA256();
const scalarKernel = instantiateKernelSync({ simd: false });

const nobleKeccak532 = { name: '@noble/hashes keccak_256', fn: () => keccak_256(node532) };
const hashWasmKeccak532 = {
  name: 'hash-wasm createKeccak(256)',
  fn: () => {
    hwKeccak.init();
    hwKeccak.update(node532);
    return hwKeccak.digest('binary');
  },
};
const vigilKeccak532 = { name: 'vigil keccak256', fn: () => keccak256(node532) };

function noblePairsLoop(input: Uint8Array): Uint8Array {
  const n = input.length / 64;
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(nobleSha256(input.subarray(i * 64, i * 64 + 64)), i * 32);
  return out;
}

function pairLoop(input: Uint8Array): Uint8Array {
  const n = input.length / 64;
  const out = new Uint8Array(n * 32);
  for (let i = 0; i < n; i++) out.set(sha256Pair(input.subarray(i * 64, i * 64 + 32), input.subarray(i * 64 + 32, i * 64 + 64)), i * 32);
  return out;
}

export default [
  {
    name: 'keccak256, 532 bytes, vs @noble/hashes',
    anchor: nobleKeccak532,
    cases: [{ ...vigilKeccak532, target: 6 }, hashWasmKeccak532],
  },
  {
    name: 'keccak256, 532 bytes, vs hash-wasm',
    anchor: hashWasmKeccak532,
    cases: [{ ...vigilKeccak532, target: 1 }],
  },
  {
    name: 'keccak256, 32 bytes (storage keys, addresses)',
    anchor: { name: '@noble/hashes keccak_256', fn: () => keccak_256(word32) },
    cases: [{ name: 'vigil keccak256', fn: () => keccak256(word32) }],
  },
  {
    name: 'sha256, 64 bytes, vs @noble/hashes',
    anchor: { name: '@noble/hashes sha256', fn: () => nobleSha256(pair64) },
    cases: [
      { name: 'vigil sha256', fn: () => sha256(pair64), target: 2 },
      { name: 'vigil sha256Pair(left, right)', fn: () => sha256Pair(left, right) },
      {
        name: 'hash-wasm createSHA256()',
        fn: () => {
          hwSha256.init();
          hwSha256.update(pair64);
          return hwSha256.digest('binary');
        },
      },
    ],
  },
  {
    name: 'sha256Pairs, 1024 pairs, vs @noble/hashes loop',
    anchor: { name: '@noble/hashes sha256 loop', fn: () => noblePairsLoop(layer) },
    cases: [
      { name: 'vigil sha256Pairs (SIMD 4 lanes)', fn: () => sha256Pairs(layer) },
      { name: 'vigil kernel sha256Pairs, scalar WASM', fn: () => scalarKernel.sha256Pairs(layer) },
      { name: 'vigil sha256Pair loop', fn: () => pairLoop(layer) },
    ],
  },
  {
    name: 'throughput, 1 MiB',
    anchor: { name: '@noble/hashes keccak_256', fn: () => keccak_256(mib) },
    cases: [
      { name: 'vigil keccak256', fn: () => keccak256(mib) },
      { name: '@noble/hashes sha256', fn: () => nobleSha256(mib) },
      { name: 'vigil sha256', fn: () => sha256(mib) },
    ],
  },
] satisfies BenchGroup[];
