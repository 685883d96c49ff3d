import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { encodeRlp } from '../../../src/core/rlp.ts';
import { orderedTrieRoot } from '../../../src/proofs/trie-root.ts';
import { fixture } from './helpers.ts';

describe('orderedTrieRoot on real sepolia block 3,445,383', () => {
  const f = fixture('sepolia-proofs/eth_getBlock_with_no_accessList.json');
  const payload = f.beacon.executionPayload;
  const block = f.response.result;

  it("rebuilds transactionsRoot from the payload's 49 raw transactions", () => {
    const txs = (payload.transactions as string[]).map((t) => hexToBytes(t));
    expect(txs).toHaveLength(49);
    expect(bytesToHex(orderedTrieRoot(txs))).toBe(block.transactionsRoot);
    expect(bytesToHex(orderedTrieRoot(txs.slice(1)))).not.toBe(block.transactionsRoot);
  });

  it('rebuilds withdrawalsRoot (EIP-4895) from its 16 withdrawals', () => {
    const withdrawals = (payload.withdrawals as any[]).map((w) =>
      encodeRlp([BigInt(w.index), BigInt(w.validator_index), hexToBytes(w.address), BigInt(w.amount)]),
    );
    expect(bytesToHex(orderedTrieRoot(withdrawals))).toBe(block.withdrawalsRoot);
  });
});
