/**
 * vigil-zk-blob-batch: what the client reads of a vigil-zk-v1 batch in a blob (circuits/SPEC.md
 * "Batches in blobs"), mutated bytes:
 * - the commit's calldata: decodeCommitBatchBlob (src/l2/vigil-zk/calldata.ts), against viem's
 *   decodeFunctionData with the commitBatchBlob ABI of SPEC, plus the contract's own checks SPEC
 *   lists (newRoot, queueEnd, txDataHash and every payout below r; y below BLS_MODULUS; the two
 *   `bytes` 48 long);
 * - the blob's first elements: batchFromBlobPrefix (src/l2/vigil-zk/blob.ts), against the layout
 *   written here from SPEC (element e = 7·s + f big-endian, taken mod r; refused when ≥ 2^254 or
 *   non-zero past the batch's 14).
 * Vigil's verdict must equal the reference's: the same decoded values, or both refuse (Vigil's
 * refusal typed).
 */
import { decodeFunctionData, encodeFunctionData } from 'viem';
import { bigIntToBytesPadded, bytesToHex } from '../../../src/core/bytes.ts';
import { BLS_MODULUS } from '../../../src/crypto/kzg/constants.ts';
import { batchBlob, batchFromBlobPrefix } from '../../../src/l2/vigil-zk/blob.ts';
import { decodeCommitBatchBlob } from '../../../src/l2/vigil-zk/calldata.ts';
import { type Transaction, TX_FIELDS } from '../../../src/l2/vigil-zk/transactions.ts';
import { BN254_R, mutateBytes } from '../mutators/bytes.ts';
import { againstReference, attempt, type Reference } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';
import { Rng } from '../rng.ts';
import { COMMIT_BATCH_BLOB_ABI as ABI } from '../../support/commit-batch-blob-abi.ts';

const K = 2;

interface CallVerdict {
  newRoot: bigint;
  queueEnd: bigint;
  txDataHash: bigint;
  payouts: bigint[][];
  y: bigint;
  commitment: string;
  kzgProof: string;
  proofWords: bigint[];
}

function vigilCall(data: Uint8Array): CallVerdict {
  const c = decodeCommitBatchBlob(data, K);
  return { newRoot: c.newRoot, queueEnd: c.queueEnd, txDataHash: c.txDataHash, payouts: c.payouts.map((p) => [p.owner, p.amount]), y: c.y, commitment: bytesToHex(c.commitment), kzgProof: bytesToHex(c.kzgProof), proofWords: [...c.proofWords] };
}

/** viem's decoding, then what SPEC says the contract refuses. */
function referenceCall(data: Uint8Array): CallVerdict {
  const { args } = decodeFunctionData({ abi: ABI, data: bytesToHex(data) as `0x${string}` });
  const [newRoot, queueEnd, txDataHash, payouts, y, commitment, kzgProof, proof] = args;
  for (const v of [newRoot, queueEnd, txDataHash, ...payouts.flat()]) if (v >= BN254_R) throw new Error('field ≥ r');
  if (y >= BLS_MODULUS) throw new Error('y ≥ BLS_MODULUS');
  if ((commitment.length - 2) / 2 !== 48 || (kzgProof.length - 2) / 2 !== 48) throw new Error('not 48 bytes');
  return { newRoot, queueEnd, txDataHash, payouts: payouts.map((p) => [...p]), y, commitment: commitment.toLowerCase(), kzgProof: kzgProof.toLowerCase(), proofWords: [...proof] };
}

/** SPEC "Batches in blobs", the layout read back: element e = 7·s + f, mod r, < 2^254, zero past 7K. */
function referenceBatch(prefix: Uint8Array): Record<string, bigint>[] {
  const count = TX_FIELDS.length * K;
  if (prefix.length % 32 !== 0 || prefix.length < 32 * count) throw new Error('too short');
  const element = (e: number) => BigInt(bytesToHex(prefix.subarray(32 * e, 32 * e + 32)));
  for (let e = count; e < prefix.length / 32; e++) if (element(e) !== 0n) throw new Error('non-zero past the batch');
  return Array.from({ length: K }, (_, s) =>
    Object.fromEntries(
      TX_FIELDS.map((f, i) => {
        const v = element(TX_FIELDS.length * s + i);
        if (v >= 1n << 254n) throw new Error('≥ 2^254');
        return [f, v % BN254_R];
      }),
    ),
  );
}

const word = (v: bigint) => bigIntToBytesPadded(v, 32);
const DICTIONARY = [BN254_R, BN254_R - 1n, BN254_R + 1n, BLS_MODULUS, BLS_MODULUS - 1n, (1n << 254n) - 1n, 1n << 254n, (1n << 256n) - 1n, 48n, 0n, 32n * 18n, 32n * 21n].map(word);

const tx = (rng: Rng, type: bigint): Transaction => ({ type, from: BigInt(rng.int(100)), to: BigInt(rng.int(100)), amount: rng.bigint(64), owner: rng.bigint(160), ax: rng.bigint(250) % BN254_R, ay: BN254_R - 1n });

interface Ctx {
  calls: Uint8Array[];
  prefixes: Uint8Array[];
}

export const vigilZkBlobBatchTarget = defineTarget<Ctx>({
  name: 'vigil-zk-blob-batch',
  subject: 'vigil-zk-v1 batches in blobs: decodeCommitBatchBlob (the commit\'s calldata) and batchFromBlobPrefix (the batch read from its blob\'s first elements)',
  reference: 'viem decodeFunctionData with SPEC\'s commitBatchBlob ABI plus the contract\'s range checks of SPEC (fields < r, y < BLS_MODULUS, bytes 48 long); the blob layout written here from SPEC "Batches in blobs" (7·s + f big-endian, mod r, refused ≥ 2^254 or non-zero past 7K)',
  seeds: 'two commitBatchBlob calldata viem encodes (values at and below the fields\' bounds); a two-slot batch\'s blob (batchBlob) cut at its 14 elements and at column 0\'s cell (64 elements)',
  async load() {
    const rng = new Rng(54);
    const calls = [0, 1].map((i) =>
      Uint8Array.from(
        Buffer.from(
          encodeFunctionData({
            abi: ABI,
            functionName: 'commitBatchBlob',
            args: [
              i ? BN254_R - 1n : 123n,
              9n,
              rng.bigint(250),
              [
                [0n, 0n],
                [rng.bigint(160), i ? BN254_R - 1n : 77n],
              ],
              i ? BLS_MODULUS - 1n : rng.bigint(250),
              bytesToHex(rng.bytes(48)) as `0x${string}`,
              bytesToHex(rng.bytes(48)) as `0x${string}`,
              Array.from({ length: 8 }, () => rng.bigint(254)) as never,
            ],
          }).slice(2),
          'hex',
        ),
      ),
    );
    const blob = batchBlob([tx(rng, 2n), tx(rng, 3n)], K);
    const prefixes = [blob.slice(0, 32 * 7 * K), blob.slice(0, 32 * 64)];
    for (const c of calls) if (againstReference('seed', attempt(() => vigilCall(c)), { ok: true, value: referenceCall(c) }).verdict !== 'accepted') throw new Error('a calldata seed differs');
    for (const p of prefixes) if (againstReference('seed', attempt(() => batchFromBlobPrefix(p, K)), { ok: true, value: referenceBatch(p) }).verdict !== 'accepted') throw new Error('a blob seed differs');
    return { calls, prefixes };
  },
  run(ctx, rng): Outcome {
    if (rng.chance(0.5)) {
      const m = mutateBytes(rng, rng.pick(ctx.calls), { donors: ctx.calls, dictionary: DICTIONARY, wordBase: 4, maxBytes: 4096 });
      const ours = attempt(() => vigilCall(m.value));
      let theirs: Reference<CallVerdict>;
      try {
        theirs = { ok: true, value: referenceCall(m.value) };
      } catch {
        theirs = { ok: false };
      }
      return againstReference(`calldata:${m.op}`, ours, theirs);
    }
    const m = mutateBytes(rng, rng.pick(ctx.prefixes), { donors: ctx.prefixes, dictionary: DICTIONARY, maxBytes: 8192 });
    const ours = attempt(() => batchFromBlobPrefix(m.value, K).map((t) => ({ ...t })));
    let theirs: Reference<Record<string, bigint>[]>;
    try {
      theirs = { ok: true, value: referenceBatch(m.value) };
    } catch {
      theirs = { ok: false };
    }
    return againstReference(`blob:${m.op}`, ours, theirs);
  },
});
