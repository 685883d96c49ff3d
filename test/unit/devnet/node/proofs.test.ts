/**
 * Every past state of the devnet chain stays readable and provable (the trie is never pruned):
 * eth_getProof-style EIP-1186 objects built from the state manager's getMerkleStateProof at old
 * blocks are accepted by Vigil's own verifier (src/proofs/eip1186.ts) against those blocks' state
 * roots, with the values each block had.
 */
import { getMerkleStateProof } from '@ethereumjs/statemanager';
import { Address } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import type { DevChain } from '../../../../src/devnet/execution/node/types.ts';
import type { Block } from '@ethereumjs/block';
import { chainAt, FORKS, initCode, mineNext, slotKey } from './helpers.ts';

/** SSTORE(NUMBER, TIMESTAMP): each block's poke writes a new slot. */
const RUNTIME = '424355' + '00';

async function proveAt(chain: DevChain, block: Block, address: Uint8Array, slots: bigint[]) {
  const state = await chain.stateAt(block);
  const proof = await getMerkleStateProof(state, new Address(address), slots.map(slotKey));
  return verifyGetProofResponse(block.header.stateRoot, parseGetProofResponse(JSON.parse(JSON.stringify(proof))));
}

describe.each(FORKS)('devnet chain proofs at %s', (fork) => {
  it('proves accounts and storage at past blocks, as they were then', async () => {
    const chain = await chainAt(fork);
    const [dev, other] = chain.accounts;
    const deploy = await chain.sendTransaction({ from: dev!.address, data: initCode(RUNTIME) });
    await mineNext(chain);
    const where = chain.locate(deploy)!;
    const contract = chain.receipts(where.blockHash)![where.index]!.contractAddress!;
    for (let i = 0; i < 6; i++) {
      await chain.sendTransaction({ from: dev!.address, to: contract, gas: 1_000_000n });
      await chain.sendTransaction({ from: other!.address, to: chain.accounts[7]!.address, value: 1000n });
      await mineNext(chain);
    }
    const head = chain.head().header.number;
    for (const n of [2n, 4n, head]) {
      const block = chain.blockByNumber(n)!;
      const proven = await proveAt(chain, block, contract, [2n, 4n, head, 99n]);
      expect(proven.account.nonce).toBe(1n);
      expect(proven.storage.map((s) => s.value)).toEqual([2n, 4n, head, 99n].map((slot) => (slot <= n && slot >= 2n ? chain.blockByNumber(slot)!.header.timestamp : 0n)));
      const receiver = await proveAt(chain, block, chain.accounts[7]!.address, []);
      expect(receiver.account.balance).toBe(10n ** 24n + 1000n * (n - 1n));
    }
    // An absent account proves absent.
    const absent = await proveAt(chain, chain.blockByNumber(3n)!, new Uint8Array(20).fill(0x42), []);
    expect(absent.account.exists).toBe(false);
  });
});
