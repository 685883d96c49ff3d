/**
 * A signed OP Stack block checked per block (src/l2/op-stack/gossip validateBlock): decode
 * (snappy, SSZ), recompute the block hash (the transactions trie and the header), recover the
 * signer, on snappy-compressed v4 messages of 40 transactions of 300 bytes (12 kB, an OP Mainnet
 * block of a quiet moment) and of 6 transactions of 180 bytes (the size of the Unichain Sepolia
 * block in the unit tests). The anchor is the one step no check can skip: one secp256k1 recovery
 * by @noble/curves.
 * @module
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import snappy from 'snappyjs';
import { bytesToHex, hexToBytes } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { keccak256 } from '../src/crypto/keccak.ts';
import { secp256k1PublicKey } from '../src/crypto/secp256k1.ts';
import { blockSigningHash, decodeGossipBlock, recoverBlockSigner } from '../src/l2/op-stack/gossip/message.ts';
import { checkBlockHash, type ExecutionPayload } from '../src/l2/op-stack/gossip/payload.ts';
import { sealPayload, signGossipBlock } from '../src/l2/op-stack/gossip/sign.ts';
import { validateBlock } from '../src/l2/op-stack/gossip/validate.ts';
import { pseudoRandomBytes } from '../test/unit/crypto/vectors.ts';
import type { BenchGroup } from './run.ts';

await cryptoReady();

const KEY = hexToBytes('0x' + '4c'.repeat(32));
const SIGNER = bytesToHex(keccak256(secp256k1PublicKey(KEY).subarray(1)).subarray(12));
const PBBR = pseudoRandomBytes(32, 70);

function v4Message(txCount: number, txBytes: number): Uint8Array {
  const p: ExecutionPayload = {
    parentHash: pseudoRandomBytes(32, 1), feeRecipient: hexToBytes('0x4200000000000000000000000000000000000011'), stateRoot: pseudoRandomBytes(32, 2),
    receiptsRoot: pseudoRandomBytes(32, 3), logsBloom: pseudoRandomBytes(256, 4), prevRandao: pseudoRandomBytes(32, 5), blockNumber: 140_000_000n,
    gasLimit: 40_000_000n, gasUsed: 9_000_000n, timestamp: 1_780_000_000n, extraData: hexToBytes('0x01000000fa000000060000000000000000'), baseFeePerGas: 1_000_000n,
    blockHash: new Uint8Array(32), transactions: Array.from({ length: txCount }, (_, i) => pseudoRandomBytes(txBytes, 100 + i)),
    withdrawals: [], blobGasUsed: 400_000n, excessBlobGas: 0n, withdrawalsRoot: pseudoRandomBytes(32, 6),
  };
  return snappy.compress(signGossipBlock(sealPayload(p, 4, PBBR), 4, 10n, KEY, PBBR));
}

const block40 = v4Message(40, 300);
const block6 = v4Message(6, 180);
const decoded = decodeGossipBlock(block40, 4);
const digest = blockSigningHash(10n, decoded.signedBytes);
const { r, s, yParity } = decoded.signature;

const nobleRecover = { name: '@noble/curves: one secp256k1 recovery', fn: () => new secp256k1.Signature(r, s, yParity).recoverPublicKey(digest) };

export default [
  {
    name: 'OP gossip: a v4 block of 40 transactions (12 kB), checked per block',
    anchor: nobleRecover,
    cases: [
      { name: 'vigil validateBlock (decode + hash + recover)', fn: () => validateBlock(block40, 4, { chainId: 10n, signer: SIGNER }) },
      { name: 'decode (snappy + SSZ)', fn: () => decodeGossipBlock(block40, 4) },
      { name: 'block hash (transactions trie + header)', fn: () => checkBlockHash(decoded.payload, 4, decoded.parentBeaconBlockRoot) },
      { name: 'signer (signing hash + recovery)', fn: () => recoverBlockSigner(decoded, 10n) },
    ],
  },
  {
    name: 'OP gossip: a v4 block of 6 transactions, checked per block',
    anchor: nobleRecover,
    cases: [{ name: 'vigil validateBlock (decode + hash + recover)', fn: () => validateBlock(block6, 4, { chainId: 10n, signer: SIGNER }) }],
  },
] satisfies BenchGroup[];
