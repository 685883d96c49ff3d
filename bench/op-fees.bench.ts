/**
 * An OP Stack transaction's fees per transaction (src/l2/op-stack/fees): the L1 data fee, its
 * FastLZ size and the operator fee, as the wallet computes them for each send it simulates.
 *
 * No JavaScript library computes these offline to compare against: viem's op-stack actions
 * (estimateL1Fee, estimateOperatorFee) ask the chain's GasPriceOracle over RPC, and solady's JS
 * flzCompress (the only FastLZ on npm that op-geth's length follows) hashes in floats and gives
 * other lengths on some inputs (test/unit/l2/op-stack/fees.test.ts). The anchor is therefore what
 * every transaction costs anyway: @noble/hashes keccak_256 of the same bytes (its hash).
 *
 * Inputs: op-geth rollup_cost_test.go's OP Mainnet contract call (345 bytes, FastLZ 202), and a
 * 16 KiB calldata-heavy transaction (the contract call's bytes repeated with noise) for the size
 * the FastLZ pass grows with.
 * @module
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { hexToBytes } from '../src/core/bytes.ts';
import { flzCompressLen } from '../src/l2/op-stack/fees/fastlz.ts';
import { l2TransactionFee } from '../src/l2/op-stack/fees/transaction-fee.ts';
import { pseudoRandomBytes } from '../test/unit/crypto/vectors.ts';
import type { BenchGroup } from './run.ts';

const call = hexToBytes(
  '0x02f901550a758302df1483be21b88304743f94f80e51afb613d764fa61751affd3313c190a86bb870151bd62fd12adb8e41ef24f3f000000000000000000000000000000000000000000000000000000000000006e000000000000000000000000af88d065e77c8cc2239327c5edb3a432268e5831000000000000000000000000000000000000000000000000000000000003c1e500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000a000000000000000000000000000000000000000000000000000000000000000148c89ed219d02f1a5be012c689b4f5b731827bebe000000000000000000000000c001a033fd89cb37c31b2cba46b6466e040c61fc9b2a3675a7f5f493ebd5ad77c497f8a07cdf65680e238392693019b4092f610222e71b7cec06449cb922b93b6a12744e',
);
const big = new Uint8Array(16 * 1024);
const noise = pseudoRandomBytes(big.length, 70);
for (let i = 0; i < big.length; i++) big[i] = i % 7 === 0 ? noise[i]! : call[i % call.length]!;

// OP Mainnet-like parameters (Ecotone scalars 5227 and 1014213, 30 gwei L1, a Jovian operator fee).
const l1 = { l1BaseFee: 30_000_000_000n, l1BlobBaseFee: 1n, baseFeeScalar: 5227n, blobBaseFeeScalar: 1_014_213n };
const operator = { operatorFeeScalar: 1439103868n, operatorFeeConstant: 1256417826609331460n };

const fee = (tx: Uint8Array, fork: 'ecotone' | 'jovian') =>
  fork === 'ecotone' ? l2TransactionFee({ fork, tx, l1 }) : l2TransactionFee({ fork, tx, l1, operator, gas: 291_903n });

export default [
  {
    name: 'OP Stack fee of a 345-byte transaction, vs hashing it',
    anchor: { name: '@noble/hashes keccak_256 (the tx hash)', fn: () => keccak_256(call) },
    cases: [
      { name: 'vigil l2TransactionFee, jovian (FastLZ + operator fee)', fn: () => fee(call, 'jovian') },
      { name: 'vigil l2TransactionFee, ecotone (zero bytes counted)', fn: () => fee(call, 'ecotone') },
      { name: 'vigil flzCompressLen alone', fn: () => flzCompressLen(call) },
    ],
  },
  {
    name: 'OP Stack fee of a 16 KiB transaction, vs hashing it',
    anchor: { name: '@noble/hashes keccak_256 (the tx hash)', fn: () => keccak_256(big) },
    cases: [{ name: 'vigil l2TransactionFee, jovian', fn: () => fee(big, 'jovian') }],
  },
] satisfies BenchGroup[];
