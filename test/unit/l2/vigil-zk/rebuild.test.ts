import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { slotPayouts } from '../../../../src/l2/vigil-zk/blob.ts';
import { encodeCommitBatch, encodeCommitBatchBlob } from '../../../../src/l2/vigil-zk/calldata.ts';
import { type CommittedBatch, rebuildState } from '../../../../src/l2/vigil-zk/rebuild.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { padBatch, transaction, TX_TYPE, txDataHash } from '../../../../src/l2/vigil-zk/transactions.ts';
import { ROLLUP_BUILD, ROLLUP_ZKEY, scenario, scenarioProof, type ScenarioBatch } from './scenario.ts';

const DUMMY_PROOF = JSON.parse(readFileSync(new URL('../../../fixtures/groth16/gnark-cubic/proof_bn254.json', import.meta.url), 'utf8'));
/** L1 checked the KZG proof; the rebuild does not read it. */
const KZG_PROOF = new Uint8Array(48).fill(0xc0);

/** One scenario batch as L1 holds it: commitBatch calldata, or commitBatchBlob calldata with the blob's column 0. */
function commit(b: ScenarioBatch, proof: unknown, over: { y?: bigint; prefix?: Uint8Array; versionedHash?: Uint8Array; payouts?: { owner: bigint; amount: bigint }[] } = {}): CommittedBatch {
  if (b.blob === undefined) return { calldata: encodeCommitBatch({ txs: padBatch(b.txs), newRoot: b.witness.state.root, queueEnd: b.queue.queueEnd, proof }) };
  const calldata = encodeCommitBatchBlob({
    newRoot: b.witness.state.root,
    queueEnd: b.queue.queueEnd,
    txDataHash: txDataHash(b.txs),
    payouts: over.payouts ?? slotPayouts(b.txs),
    y: over.y ?? b.witness.binding!.y,
    commitment: b.blob.commitment,
    kzgProof: KZG_PROOF,
    proof,
  });
  return { kind: 'blob', calldata, versionedHash: over.versionedHash ?? b.blob.versionedHash, prefix: over.prefix ?? b.blob.blob.subarray(0, 2048) };
}

/** The scenario's batches as L1 holds them (batches 1 and 3 in blobs; no signatures). */
function committed(proofs: unknown[] = []): CommittedBatch[] {
  return scenario().map((b, i) => commit(b, proofs[i] ?? DUMMY_PROOF));
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    throw error;
  }
  return undefined;
}

describe('rebuilding the L2 state from L1 calldata and blobs', () => {
  it('equals applying the batches (roots, accounts, queue head), batch by batch', () => {
    const batches = scenario();
    const result = rebuildState(committed());
    const last = batches[batches.length - 1]!.witness.state;
    expect(result.state.root).toBe(last.root);
    expect(result.state.accounts()).toEqual(last.accounts());
    expect(result.batch).toBe(4n);
    expect(result.queueHead).toBe(5n);
    result.batches.forEach((r, i) => {
      const b = batches[i]!;
      expect(r.batch).toBe(BigInt(i + 1));
      expect(r.publicInputs).toEqual(b.witness.publicInputs);
      expect([r.oldRoot, r.newRoot, r.queueStart, r.queueEnd]).toEqual([b.before.root, b.witness.state.root, b.queue.queueStart, b.queue.queueEnd]);
      expect([r.queueAccStart, r.queueAccEnd]).toEqual([b.queue.queueAccStart, b.witness.publicInputs[6]]);
      expect(r.binding).toEqual(b.witness.binding);
    });
    expect(result.batches.map((r) => r.binding !== null)).toEqual([true, false, true, false]);
    expect(result.queueAcc).toBe(batches[3]!.witness.publicInputs[6]);
    // The roots chain: each batch's old root is the new root of the one before, from the empty tree.
    expect(result.batches[0]!.oldRoot).toBe(RollupState.empty().root);
    for (let i = 1; i < result.batches.length; i++) expect(result.batches[i]!.oldRoot).toBe(result.batches[i - 1]!.newRoot);
  });

  it('resumes from a checkpoint to the same state', () => {
    const all = committed();
    const first = rebuildState(all.slice(0, 2));
    const rest = rebuildState(all.slice(2), { from: { state: first.state, batch: first.batch, queueHead: first.queueHead, queueAcc: first.queueAcc } });
    expect(rest.state.root).toBe(rebuildState(all).state.root);
    expect(rest.batches.map((b) => b.batch)).toEqual([3n, 4n]);
  });

  it('checks the roots L1 recorded when given', () => {
    const all = committed();
    const roots = scenario().map((b) => b.witness.state.root);
    expect(rebuildState(all.map((b, i) => ({ ...b, root: roots[i]! }))).batch).toBe(4n);
    expect(codeOf(() => rebuildState(all.map((b, i) => ({ ...b, root: i === 2 ? 5n : roots[i]! }))))).toBe('L2_BATCH_ROOT_MISMATCH');
  });

  it('a missing, repeated or reordered batch breaks the chain', () => {
    const all = committed();
    expect(codeOf(() => rebuildState([all[0]!, all[2]!, all[3]!]))).not.toBeUndefined();
    expect(codeOf(() => rebuildState([all[1]!, all[0]!]))).not.toBeUndefined();
    expect(codeOf(() => rebuildState([all[0]!, all[0]!]))).not.toBeUndefined();
    expect(codeOf(() => rebuildState(all.slice(1)))).not.toBeUndefined();
  });

  it('a blob batch is read from its blob: the prefix must hash to txDataHash, evaluate to y, pay the payouts, and be the versioned hash’s', () => {
    const [b1, , b3] = scenario() as [ScenarioBatch, ScenarioBatch, ScenarioBatch];
    const whole = commit(b1, DUMMY_PROOF, { prefix: b1.blob!.blob });
    expect(rebuildState([whole]).state.root).toBe(b1.witness.state.root);
    const otherBlob = commit(b1, DUMMY_PROOF, { prefix: b3.blob!.blob.subarray(0, 2048) });
    expect(codeOf(() => rebuildState([otherBlob]))).toBe('BLOB_BATCH_MISMATCH');
    expect(codeOf(() => rebuildState([commit(b1, DUMMY_PROOF, { y: b1.witness.binding!.y + 1n })]))).toBe('BLOB_BATCH_MISMATCH');
    expect(codeOf(() => rebuildState([commit(b1, DUMMY_PROOF, { payouts: [{ owner: 1n, amount: 1n }, { owner: 0n, amount: 0n }] })]))).toBe('BLOB_BATCH_MISMATCH');
    expect(codeOf(() => rebuildState([commit(b1, DUMMY_PROOF, { versionedHash: new Uint8Array(32).fill(1) })]))).toBe('BLOB_BATCH_MISMATCH');
    const tail = b1.blob!.blob.slice(0, 2048);
    tail[2047] = 1;
    expect(codeOf(() => rebuildState([commit(b1, DUMMY_PROOF, { prefix: tail })]))).toBe('BLOB_BATCH_MALFORMED');
    expect(() => rebuildState([commit(b1, DUMMY_PROOF, { prefix: tail.subarray(0, 100) })])).toThrow(/first 14 elements/);
  });

  it('a batch whose transactions do not lead to its root: L2_BATCH_ROOT_MISMATCH', () => {
    const b = scenario()[1]!;
    const first = rebuildState([committed()[0]!]);
    const calldata = encodeCommitBatch({ txs: padBatch(b.txs), newRoot: b.witness.state.root + 1n, queueEnd: 2n, proof: DUMMY_PROOF });
    const from = { state: first.state, batch: first.batch, queueHead: first.queueHead, queueAcc: first.queueAcc };
    expect(() => rebuildState([{ calldata }], { from })).toThrow(/batch 2: its transactions do not lead to the root it committed/);
  });

  it('a batch breaking a rule names the batch and keeps the rule’s code', () => {
    const overdraw = transaction({ type: TX_TYPE.WITHDRAW, from: 0n, amount: 1n, owner: 1n });
    const calldata = encodeCommitBatch({ txs: padBatch([overdraw]), newRoot: 1n, queueEnd: 0n, proof: DUMMY_PROOF });
    let error: VerificationError | undefined;
    try {
      rebuildState([{ calldata }]);
    } catch (e) {
      error = e as VerificationError;
    }
    expect(error?.code).toBe('L2_ACCOUNT_MISSING');
    expect(error?.message).toMatch(/^batch 1: slot 0 \(WITHDRAW\)/);
  });
});

describe.runIf(existsSync(ROLLUP_ZKEY))('with a verification key, each batch’s Groth16 proof (the committed zkey) is re-verified', { timeout: 300_000 }, () => {
  let vkey: unknown;
  let proofs: unknown[];
  beforeAll(async () => {
    vkey = JSON.parse(readFileSync(new URL('verification_key.json', ROLLUP_BUILD), 'utf8'));
    proofs = [];
    for (const [i, b] of scenario().entries()) {
      const { proof, publicSignals } = await scenarioProof(i);
      expect(publicSignals).toEqual(b.witness.publicInputs.map(String));
      proofs.push(proof);
    }
  }, 300_000);

  it('real proofs through the calldata (pB swapped and back) verify on the recomputed inputs, blob batches’ weights and y included', () => {
    expect(rebuildState(committed(proofs), { verificationKey: vkey }).batch).toBe(4n);
  });

  it('a proof of another batch’s inputs does not: L2_BATCH_PROOF_INVALID', () => {
    const swapped = [proofs[0], proofs[2], proofs[1], proofs[3]];
    let error: VerificationError | undefined;
    try {
      rebuildState(committed(swapped), { verificationKey: vkey });
    } catch (e) {
      error = e as VerificationError;
    }
    expect(error?.code).toBe('L2_BATCH_PROOF_INVALID');
    expect(error?.message).toMatch(/^batch 2: its validity proof does not verify \(ZK_PROOF_INVALID\)/);
  });

  it('nor from a checkpoint whose queue accumulator is not the contract’s', () => {
    const all = committed(proofs);
    const first = rebuildState(all.slice(0, 2), { verificationKey: vkey });
    const from = { state: first.state, batch: first.batch, queueHead: first.queueHead };
    expect(rebuildState(all.slice(2), { verificationKey: vkey, from: { ...from, queueAcc: first.queueAcc } }).batch).toBe(4n);
    expect(codeOf(() => rebuildState(all.slice(2), { verificationKey: vkey, from: { ...from, queueAcc: first.queueAcc + 1n } }))).toBe('L2_BATCH_PROOF_INVALID');
  });
});
