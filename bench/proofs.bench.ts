/**
 * Proof verification against @ethereumjs/trie on the same real mainnet proofs (deposit contract
 * at block 21,925,176: 8-node account proof and one storage proof).
 */
import { readFileSync } from 'node:fs';
import { Trie } from '@ethereumjs/trie';
import { hexToBytes } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { verifyAccountProof, verifyStorageProof } from '../src/proofs/account.ts';
import { parseGetProofResponse } from '../src/proofs/eip1186.ts';
import type { BenchGroup } from './run.ts';

await cryptoReady();
const read = (p: string) => JSON.parse(readFileSync(new URL(`../test/fixtures/${p}`, import.meta.url), 'utf8'));
const stateRoot = hexToBytes(read('mainnet-proofs/block.json').stateRoot);
const response = parseGetProofResponse(read('mainnet-proofs/proof.json'));
const storageHash = response.storageHash;
const { slot, proof: storageProof } = response.storageProof[0]!;
const reference = await Trie.create({ useKeyHashing: true });

export default [
  {
    name: 'account + storage proof verification (mainnet deposit contract)',
    anchor: {
      name: '@ethereumjs/trie verifyProof ×2',
      async: true,
      fn: async () => {
        await reference.verifyProof(stateRoot, response.address, response.accountProof);
        return reference.verifyProof(storageHash, slot, storageProof);
      },
    },
    cases: [
      {
        name: 'vigil verifyAccountProof + verifyStorageProof',
        fn: () => {
          verifyAccountProof(stateRoot, response.address, response.accountProof);
          return verifyStorageProof(storageHash, slot, storageProof);
        },
        target: 8,
      },
    ],
  },
] satisfies BenchGroup[];
