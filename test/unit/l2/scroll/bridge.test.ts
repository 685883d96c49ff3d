/**
 * Scroll's message hashing (src/l2/scroll/bridge.ts): the withdraw trie against Scroll's own test
 * vectors (test/fixtures/scroll/withdraw-trie-vectors.json), the message hash and the L1-message
 * transaction hash differentially against viem (ABI, RLP, keccak), the immutable scan, and
 * properties (every proof of a random trie verifies; any one-byte change does not).
 */
import fc from 'fast-check';
import { encodeFunctionData, keccak256 as viemKeccak, parseAbi, toRlp, concatHex, numberToHex, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { codePushesAddress, l1MessageTxHash, scrollMessageHash, verifyWithdrawProof, withdrawProofRoot, withdrawTrie } from '../../../../src/l2/scroll/bridge.ts';
import { errorCode, fixture } from '../../proofs/helpers.ts';

const vectors = fixture('scroll/withdraw-trie-vectors.json') as { cases: { root: string; hash: string; nonce: number; proof: string }[] };
const word = (n: number) => '0x' + n.toString(16).padStart(64, '0');

describe("Scroll's withdraw trie", () => {
  it("recomputes Scroll's own roots from its proofs (WithdrawTrieVerifier.t.sol)", () => {
    for (const c of vectors.cases) {
      expect(withdrawProofRoot(c.hash, BigInt(c.nonce), c.proof)).toBe(c.root);
      expect(verifyWithdrawProof(c.root, c.hash, BigInt(c.nonce), c.proof)).toBe(true);
    }
  });

  it("builds the same root and proof as L2MessageQueue for leaves 1..n appended one at a time", () => {
    const leaves = [1, 2, 3, 4].map(word);
    vectors.cases.forEach((c, i) => {
      expect(withdrawTrie(leaves.slice(0, i + 1), i)).toEqual({ root: c.root, proof: c.proof });
    });
  });

  it('every proof of a random trie verifies, and a one-byte change of proof, leaf or nonce does not', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 40 }), fc.nat(), fc.nat(), (raw, pick, flip) => {
        const leaves = raw.map(bytesToHex);
        const index = pick % leaves.length;
        const { root, proof } = withdrawTrie(leaves, index);
        expect(verifyWithdrawProof(root, leaves[index]!, BigInt(index), proof)).toBe(true);
        const p = hexToBytes(proof);
        if (p.length > 0) {
          p[flip % p.length]! ^= 1 << (flip % 8);
          expect(verifyWithdrawProof(root, leaves[index]!, BigInt(index), p)).toBe(false);
        }
        const leaf = hexToBytes(leaves[index]!);
        leaf[flip % 32]! ^= 1;
        expect(verifyWithdrawProof(root, bytesToHex(leaf), BigInt(index), proof)).toBe(false);
        if (leaves.length > 1 && new Set(leaves).size === leaves.length) {
          expect(verifyWithdrawProof(root, leaves[index]!, BigInt(index ^ 1), proof)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a proof that is not whole 32-byte words', () => {
    expect(errorCode(() => withdrawProofRoot(word(1), 0n, '0x00'))).toBe('INVALID_INPUT');
  });
});

describe('message and transaction hashes', () => {
  const relayAbi = parseAbi(['function relayMessage(address,address,uint256,uint256,bytes)']);
  it('the message hash is keccak256 of relayMessage(from, to, value, nonce, message) calldata (viem)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), fc.bigInt({ min: 0n, max: 1n << 64n }), fc.uint8Array({ maxLength: 80 }), (a, b, value, nonce, msg) => {
        const from = bytesToHex(a);
        const to = bytesToHex(b);
        const message = bytesToHex(msg);
        const expected = viemKeccak(encodeFunctionData({ abi: relayAbi, functionName: 'relayMessage', args: [from as Hex, to as Hex, value, nonce, message as Hex] }));
        expect(scrollMessageHash({ from, to, value, nonce, message })).toBe(expected);
      }),
      { numRuns: 100 },
    );
  });

  it("the L1 message's L2 hash is keccak256(0x7e ‖ rlp([queueIndex, gasLimit, to, value, data, sender])) (viem's RLP)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.bigInt({ min: 0n, max: 30_000_000n }), fc.bigInt({ min: 0n, max: 1n << 100n }), fc.uint8Array({ maxLength: 200 }), (queueIndex, gasLimit, value, data) => {
        const to = '0x781e90f1c8fc4611c9b7497c3b47f99ef6969cbc';
        const sender = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
        const q = (x: bigint): Hex => (x === 0n ? '0x' : numberToHex(x));
        const rlp = toRlp([q(queueIndex), q(gasLimit), to, q(value), bytesToHex(data) as Hex, sender]);
        expect(l1MessageTxHash({ queueIndex, gasLimit, to, value, data: bytesToHex(data), sender })).toBe(viemKeccak(concatHex(['0x7e', rlp])));
      }),
      { numRuns: 100 },
    );
  });
});

describe('codePushesAddress (an immutable address in runtime code)', () => {
  const addr = '0x72cacbcfde2d1e19122f8a36a4d6676cd39d7a5d';
  const push32 = '7f' + '00'.repeat(12) + addr.slice(2);
  it('finds PUSH32 of the padded address at an instruction boundary', () => {
    expect(codePushesAddress(hexToBytes('0x6080604052' + push32 + '5b'), addr)).toBe(true);
    expect(codePushesAddress(hexToBytes('0x' + push32), '0x' + '11'.repeat(20))).toBe(false);
  });
  it('does not count the bytes inside another push, nor a PUSH20 of it, nor a cut-off word', () => {
    // PUSH2 swallows the 0x7f: what follows is data, then the address bytes are plain instructions.
    expect(codePushesAddress(hexToBytes('0x617f00' + '00'.repeat(11) + addr.slice(2)), addr)).toBe(false);
    expect(codePushesAddress(hexToBytes('0x73' + addr.slice(2)), addr)).toBe(false);
    expect(codePushesAddress(hexToBytes('0x' + push32.slice(0, -2)), addr)).toBe(false);
  });
});
