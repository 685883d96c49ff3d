import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { encodeCommitBatch } from '../../../../src/l2/vigil-zk/calldata.ts';
import { type CommittedBatch, rebuildState } from '../../../../src/l2/vigil-zk/rebuild.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { padBatch, transaction, TX_TYPE } from '../../../../src/l2/vigil-zk/transactions.ts';
import { compileCircuit, devPtau, singleThreadedSnarkjs } from '../../zk/circom.ts';
import { scenario } from './scenario.ts';

const DUMMY_PROOF = JSON.parse(readFileSync(new URL('../../../fixtures/groth16/gnark-cubic/proof_bn254.json', import.meta.url), 'utf8'));

/** The scenario's batches as L1 holds them: commitBatch calldata (no signatures). */
function committed(proofs: unknown[] = []): CommittedBatch[] {
  return scenario().map((b, i) => ({
    calldata: encodeCommitBatch({ txs: padBatch(b.txs), newRoot: b.witness.state.root, queueEnd: b.queue.queueEnd, proof: proofs[i] ?? DUMMY_PROOF }),
  }));
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

describe('rebuilding the L2 state from L1 calldata', () => {
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
    });
    // The roots chain: each batch's old root is the new root of the one before, from the empty tree.
    expect(result.batches[0]!.oldRoot).toBe(RollupState.empty().root);
    for (let i = 1; i < result.batches.length; i++) expect(result.batches[i]!.oldRoot).toBe(result.batches[i - 1]!.newRoot);
  });

  it('resumes from a checkpoint to the same state', () => {
    const all = committed();
    const first = rebuildState(all.slice(0, 2));
    const rest = rebuildState(all.slice(2), { from: { state: first.state, batch: first.batch, queueHead: first.queueHead } });
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

  it('a batch whose transactions do not lead to its root: L2_BATCH_ROOT_MISMATCH', () => {
    const b = scenario()[0]!;
    const calldata = encodeCommitBatch({ txs: padBatch(b.txs), newRoot: b.witness.state.root + 1n, queueEnd: 2n, proof: DUMMY_PROOF });
    expect(() => rebuildState([{ calldata }])).toThrow(/batch 1: its transactions do not lead to the root it committed/);
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

/** The rollup's public inputs, bound by a toy circuit (5 public inputs, as Rollup(6, 2)). */
const TOY = `pragma circom 2.0.0;
template Toy() {
  signal input oldRoot;
  signal input newRoot;
  signal input txDataHash;
  signal input queueStart;
  signal input queueEnd;
  signal input w;
  signal a;
  signal b;
  signal c;
  a <== oldRoot * newRoot;
  b <== txDataHash * queueStart;
  c <== queueEnd * w;
}
component main {public [oldRoot, newRoot, txDataHash, queueStart, queueEnd]} = Toy();
`;

describe('with a verification key, each batch’s Groth16 proof is re-verified', { timeout: 120_000 }, () => {
  let vkey: unknown;
  let proofs: unknown[];
  beforeAll(async () => {
    await singleThreadedSnarkjs();
    const ptau = await devPtau();
    const circuit = compileCircuit('toy', TOY);
    try {
      const zkey = join(circuit.dir, 'toy.zkey');
      await snarkjs.zKey.newZKey(circuit.r1cs, ptau, zkey);
      vkey = await snarkjs.zKey.exportVerificationKey(zkey);
      proofs = [];
      for (const b of scenario()) {
        const [oldRoot, newRoot, txDataHash, queueStart, queueEnd] = b.witness.publicInputs.map(String);
        const { proof, publicSignals } = await snarkjs.groth16.fullProve({ oldRoot, newRoot, txDataHash, queueStart, queueEnd, w: '3' }, circuit.wasm, zkey);
        expect(publicSignals).toEqual(b.witness.publicInputs.map(String));
        proofs.push(proof);
      }
    } finally {
      rmSync(circuit.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('real proofs through the calldata (pB swapped and back) verify on the recomputed inputs', () => {
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
});
