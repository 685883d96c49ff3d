import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import * as snarkjs from 'snarkjs';
import { encodeFunctionData, keccak256, toBytes, toFunctionSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../../src/core/errors.ts';
import { BLS_MODULUS } from '../../../../src/crypto/kzg.ts';
import { FIELD_ORDER } from '../../../../src/crypto/poseidon.ts';
import {
  commitBatchBlobSelector,
  commitBatchBlobSignature,
  commitBatchLength,
  commitBatchSelector,
  commitBatchSignature,
  decodeCommitBatch,
  decodeCommitBatchBlob,
  encodeCommitBatch,
  encodeCommitBatchBlob,
  proofToWords,
  wordsToProof,
} from '../../../../src/l2/vigil-zk/calldata.ts';
import { type Transaction, TX_FIELDS, txFromFields } from '../../../../src/l2/vigil-zk/transactions.ts';
import { COMMIT_BATCH_BLOB_ABI } from '../../../support/commit-batch-blob-abi.ts';

const fixture = (name: string): any => JSON.parse(readFileSync(new URL(`../../../fixtures/groth16/gnark-cubic/${name}`, import.meta.url), 'utf8'));
const PROOF = fixture('proof_bn254.json');
const PUBLIC = fixture('public.json');

/** The proof's words as snarkjs's exportSolidityCallData writes them: [pA], [[pB]], [pC], [pub]. */
async function solidityWords(proof: unknown, pub: unknown): Promise<bigint[]> {
  const exported = await (snarkjs.groth16 as unknown as { exportSolidityCallData(p: unknown, s: unknown): Promise<string> }).exportSolidityCallData(proof, pub);
  const [pA, pB, pC] = JSON.parse(`[${exported}]`) as [string[], string[][], string[]];
  return [...pA, ...pB.flat(), ...pC].map((x) => BigInt(x));
}

const word = (x: bigint): string => x.toString(16).padStart(64, '0');

/** commitBatch calldata written by hand: selector, txs[f][s] field-major, newRoot, queueEnd, proof. */
function byHand(txs: readonly Transaction[], newRoot: bigint, queueEnd: bigint, proofWords: readonly bigint[]): string {
  const selector = keccak256(toBytes('commitBatch(uint256[2][7],uint256,uint256,uint256[8])')).slice(0, 10);
  let hex = selector;
  for (const f of TX_FIELDS) for (const tx of txs) hex += word(tx[f]);
  hex += word(newRoot) + word(queueEnd);
  for (const w of proofWords) hex += word(w);
  return hex;
}

const TXS: Transaction[] = [txFromFields([1n, 0n, 5n, 1000n, 0xabcn, 77n, 88n]), txFromFields([2n, 5n, 6n, 40n, 0n, 0n, 0n])];

describe('commitBatch calldata', () => {
  it('signature, selector, length', () => {
    expect(commitBatchSignature()).toBe('commitBatch(uint256[2][7],uint256,uint256,uint256[8])');
    expect(bytesToHex(commitBatchSelector())).toBe(toFunctionSelector('commitBatch(uint256[2][7],uint256,uint256,uint256[8])'));
    expect(commitBatchLength()).toBe(4 + 32 * 24);
  });

  it('decodes calldata written by hand, with the proof in snarkjs’s JSON shape (pB swapped back)', async () => {
    const words = await solidityWords(PROOF, PUBLIC);
    // snarkjs swaps each pB pair: c1 first.
    expect(words[2]).toBe(BigInt(PROOF.pi_b[0][1]));
    expect(words[3]).toBe(BigInt(PROOF.pi_b[0][0]));
    const hex = byHand(TXS, 123n, 9n, words);
    const call = decodeCommitBatch(hex);
    expect(call.txs).toEqual(TXS);
    expect(call.newRoot).toBe(123n);
    expect(call.queueEnd).toBe(9n);
    expect(call.proofWords).toEqual(words);
    expect(call.proof).toEqual({ pi_a: PROOF.pi_a, pi_b: PROOF.pi_b, pi_c: PROOF.pi_c, protocol: 'groth16', curve: 'bn128' });
    expect(decodeCommitBatch(hexToBytes(hex))).toEqual(call);
  });

  it('Solidity’s uint256[2][7] is seven pairs: viem encodes txs[field][slot] to the same bytes', async () => {
    const words = await solidityWords(PROOF, PUBLIC);
    const abi = [
      {
        type: 'function',
        name: 'commitBatch',
        stateMutability: 'nonpayable',
        outputs: [],
        inputs: [
          { name: 'txs', type: 'uint256[2][7]' },
          { name: 'newRoot', type: 'uint256' },
          { name: 'queueEnd', type: 'uint256' },
          { name: 'proof', type: 'uint256[8]' },
        ],
      },
    ] as const;
    const fields = TX_FIELDS.map((f) => [TXS[0]![f], TXS[1]![f]] as const);
    const viemData = encodeFunctionData({ abi, functionName: 'commitBatch', args: [fields as never, 123n, 9n, words as never] });
    expect(viemData).toBe(byHand(TXS, 123n, 9n, words));
    expect(bytesToHex(encodeCommitBatch({ txs: TXS, newRoot: 123n, queueEnd: 9n, proof: PROOF }))).toBe(viemData);
  });

  it('property: decode ∘ hand-encode is the identity on field elements', () => {
    const f = fc.bigInt({ min: 0n, max: FIELD_ORDER - 1n });
    const u256 = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });
    fc.assert(
      fc.property(fc.array(fc.array(f, { minLength: 7, maxLength: 7 }), { minLength: 2, maxLength: 2 }), f, f, fc.array(u256, { minLength: 8, maxLength: 8 }), (rows, root, end, proof) => {
        const txs = rows.map(txFromFields);
        const call = decodeCommitBatch(byHand(txs, root, end, proof));
        expect(call.txs).toEqual(txs);
        expect([call.newRoot, call.queueEnd]).toEqual([root, end]);
        expect(call.proofWords).toEqual(proof);
        expect(proofToWords(call.proof)).toEqual(proof);
        expect(wordsToProof(proofToWords(call.proof))).toEqual(call.proof);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses another function, another length, values ≥ r', async () => {
    const words = await solidityWords(PROOF, PUBLIC);
    const hex = byHand(TXS, 123n, 9n, words);
    expect(() => decodeCommitBatch('0xdeadbeef' + hex.slice(10))).toThrow(/not a commitBatch call/);
    expect(() => decodeCommitBatch(hex + '00')).toThrowError(InputError);
    expect(() => decodeCommitBatch(hex.slice(0, -64))).toThrow(new InputError('"calldata" expected 772 bytes of commitBatch(uint256[2][7],uint256,uint256,uint256[8]), got 740'));
    expect(() => decodeCommitBatch('0x12')).toThrowError(InputError);
    const tooBig = txFromFields([1n, 0n, 5n, FIELD_ORDER, 0n, 0n, 0n]);
    const error = (() => {
      try {
        decodeCommitBatch(byHand([tooBig, TXS[1]!], 1n, 1n, words));
      } catch (e) {
        return e as VerificationError;
      }
    })();
    expect(error).toBeInstanceOf(VerificationError);
    expect(error?.code).toBe('L2_FIELD_OUT_OF_RANGE');
    expect(error?.message).toContain('txs[3][0] (amount of slot 0)');
    expect(() => decodeCommitBatch(byHand(TXS, FIELD_ORDER, 1n, words))).toThrow(/"newRoot" in the calldata/);
  });

  it('another K: the selector and layout follow it', () => {
    const one = [txFromFields([3n, 1n, 0n, 5n, 9n, 0n, 0n])];
    const data = encodeCommitBatch({ txs: one, newRoot: 1n, queueEnd: 2n, proof: PROOF }, 1);
    expect(data.length).toBe(commitBatchLength(1));
    expect(decodeCommitBatch(data, 1).txs).toEqual(one);
    expect(() => decodeCommitBatch(data)).toThrowError(InputError);
    expect(() => encodeCommitBatch({ txs: one, newRoot: 1n, queueEnd: 2n, proof: PROOF })).toThrow('"txs" expected exactly 2 slots, got 1');
  });

  it('a proof with a point not in affine form cannot be encoded', () => {
    expect(() => proofToWords({ ...PROOF, pi_a: [PROOF.pi_a[0], PROOF.pi_a[1], '2'] })).toThrow(/affine/);
    expect(() => proofToWords({ pi_a: [] })).toThrowError(InputError);
  });
});

describe('commitBatchBlob calldata', () => {
  const abi = COMMIT_BATCH_BLOB_ABI;
  const commitment = Uint8Array.from({ length: 48 }, (_, i) => 0xa0 + (i % 16));
  const kzgProof = Uint8Array.from({ length: 48 }, (_, i) => i + 1);
  const payouts = [
    { owner: 0n, amount: 0n },
    { owner: 0xabcn, amount: 77n },
  ];
  const viemData = (words: readonly bigint[], over: { y?: bigint; root?: bigint; c?: Uint8Array } = {}) =>
    encodeFunctionData({
      abi,
      functionName: 'commitBatchBlob',
      args: [over.root ?? 123n, 9n, 456n, payouts.map((p) => [p.owner, p.amount]) as never, over.y ?? 789n, bytesToHex(over.c ?? commitment) as `0x${string}`, bytesToHex(kzgProof) as `0x${string}`, words as never],
    });

  it('signature and selector', () => {
    expect(commitBatchBlobSignature()).toBe('commitBatchBlob(uint256,uint256,uint256,uint256[2][2],uint256,bytes,bytes,uint256[8])');
    expect(bytesToHex(commitBatchBlobSelector())).toBe(toFunctionSelector(commitBatchBlobSignature()));
  });

  it('encodes as viem does and decodes viem’s encoding', async () => {
    const words = await solidityWords(PROOF, PUBLIC);
    const data = viemData(words);
    const call = { newRoot: 123n, queueEnd: 9n, txDataHash: 456n, payouts, y: 789n, commitment, kzgProof, proof: PROOF };
    expect(bytesToHex(encodeCommitBatchBlob(call))).toBe(data);
    const decoded = decodeCommitBatchBlob(data);
    expect(decoded).toEqual({ ...call, proof: { pi_a: PROOF.pi_a, pi_b: PROOF.pi_b, pi_c: PROOF.pi_c, protocol: 'groth16', curve: 'bn128' }, proofWords: words });
    expect(decodeCommitBatchBlob(hexToBytes(data))).toEqual(decoded);
  });

  it('reads the bytes where their offsets point (another encoder’s placement)', async () => {
    const words = await solidityWords(PROOF, PUBLIC);
    const data = hexToBytes(viemData(words));
    // Swap the two bytes' places: kzgProof first, offsets updated.
    const args = data.subarray(4);
    const head = 32 * 18;
    const swapped = new Uint8Array(data.length);
    swapped.set(data.subarray(0, 4 + head));
    swapped.set(args.subarray(head + 96, head + 192), 4 + head);
    swapped.set(args.subarray(head, head + 96), 4 + head + 96);
    swapped[4 + 32 * 8 + 31] = (head + 96) & 0xff;
    swapped[4 + 32 * 8 + 30] = (head + 96) >> 8;
    swapped[4 + 32 * 9 + 31] = head & 0xff;
    swapped[4 + 32 * 9 + 30] = head >> 8;
    const call = decodeCommitBatchBlob(swapped);
    expect(call.commitment).toEqual(commitment);
    expect(call.kzgProof).toEqual(kzgProof);
  });

  it('refuses another function, bytes not 48 long or outside the data, y ≥ BLS_MODULUS, a field ≥ r', async () => {
    const words = await solidityWords(PROOF, PUBLIC);
    const data = viemData(words);
    expect(() => decodeCommitBatchBlob('0xdeadbeef' + data.slice(10))).toThrow(/not a commitBatchBlob call/);
    expect(() => decodeCommitBatchBlob(data.slice(0, 10 + 64 * 17))).toThrowError(InputError);
    expect(() => decodeCommitBatchBlob(data.slice(0, -64))).toThrow(/"kzgProof" runs past the calldata/);
    expect(() => decodeCommitBatchBlob(viemData(words, { c: commitment.subarray(0, 47) }))).toThrow('"commitment" expected 48 bytes, got 47');
    const far = hexToBytes(data);
    far[4 + 32 * 8 + 29] = 0xff;
    expect(() => decodeCommitBatchBlob(far)).toThrow(/"commitment" offset \d+ is outside the calldata/);
    const code = (hex: string) => {
      try {
        decodeCommitBatchBlob(hex);
      } catch (e) {
        return (e as VerificationError).code;
      }
      return 'none';
    };
    expect(code(viemData(words, { y: BLS_MODULUS - 1n }))).toBe('none');
    expect(code(viemData(words, { y: BLS_MODULUS }))).toBe('L2_FIELD_OUT_OF_RANGE');
    expect(code(viemData(words, { root: FIELD_ORDER }))).toBe('L2_FIELD_OUT_OF_RANGE');
    expect(() => encodeCommitBatchBlob({ newRoot: 1n, queueEnd: 1n, txDataHash: 1n, payouts: payouts.slice(1), y: 1n, commitment, kzgProof, proof: PROOF })).toThrow('"payouts" expected exactly 2 pairs, got 1');
  });
});
