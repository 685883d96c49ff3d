/**
 * The vigil-zk-v1 adapter on the model's own batches: the accepted state and liveness from
 * proven slots, the batch's proof check built from calldata + event (every disagreement refused),
 * a changed verifier refused as an upgrade, account proofs against the accepted root.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import type { CommitEvidence, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { storageKey } from '../../../../src/l2/slots.ts';
import { bindingInputs, payoutsHash, slotPayouts } from '../../../../src/l2/vigil-zk/blob.ts';
import { encodeCommitBatch, encodeCommitBatchBlob } from '../../../../src/l2/vigil-zk/calldata.ts';
import { ROLLUP_BUILD, ROLLUP_ZKEY, scenario, scenarioProof } from './scenario.ts';
import { ROLLUP_KIND, ROLLUP_SLOTS, type VigilZkConfig } from '../../../../src/l2/vigil-zk/config.ts';
import { batchProof, vigilZkAdapter } from '../../../../src/l2/vigil-zk/adapter.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { applyBatch, transaction, TX_TYPE, txDataHash } from '../../../../src/l2/vigil-zk/transactions.ts';

const CONTRACT = '0x' + 'c0'.repeat(20);
const VERIFIER = '0x' + 'fe'.repeat(20);
const VERIFIER_CODE = '0x' + '77'.repeat(32);
const config: VigilZkConfig = {
  kind: ROLLUP_KIND,
  name: 'test rollup',
  chainId: 1001,
  l1ChainId: 31337,
  contract: CONTRACT,
  slots: ROLLUP_SLOTS,
  verifier: { address: VERIFIER, codeHash: VERIFIER_CODE },
  verificationKey: { pinned: true },
  verificationKeyHash: '0x' + '00'.repeat(32),
  depth: 6,
  batchSize: 2,
  liveness: { delayedAfterSeconds: 30, stalledAfterSeconds: 120 },
};
const word = (x: bigint) => x.toString(16).padStart(64, '0');
const TOPIC = bytesToHex(keccak256(new TextEncoder().encode('BatchCommitted(uint256,uint256,uint256,uint256,uint256,uint256)')));
const ACC_TOPIC = bytesToHex(keccak256(new TextEncoder().encode('BatchQueueAcc(uint256,uint256,uint256)')));
const QUEUE_ACC = [0n, 0x1234n];
const PROOF = { pi_a: ['1', '2', '1'], pi_b: [['3', '4'], ['5', '6'], ['1', '0']], pi_c: ['7', '8', '1'], protocol: 'groth16', curve: 'bn128' };

const owner = 0xabcdefn;
const deposit = transaction({ type: TX_TYPE.DEPOSIT, to: 0n, amount: 10n ** 18n, owner, ax: 5n, ay: 6n });
const before = RollupState.empty(6);
const after = applyBatch(before, [deposit], { queueStart: 0n, queueEnd: 1n });

function evidence(over: { newRoot?: bigint; txs?: typeof deposit[]; to?: string; eventHash?: bigint; batch?: bigint; accBatch?: bigint } = {}): CommitEvidence {
  const txs = over.txs ?? [deposit];
  const input = bytesToHex(encodeCommitBatch({ txs: [...txs, ...Array(2 - txs.length).fill(transaction({ type: 0n }))], newRoot: after.root, queueEnd: 1n, proof: PROOF }));
  const data = '0x' + [before.root, over.newRoot ?? after.root, over.eventHash ?? txDataHash([deposit]), 0n, 1n].map(word).join('');
  return {
    tx: { to: over.to ?? CONTRACT, input, hash: '0x' + '11'.repeat(32), blockNumber: '0x10' },
    receipt: {
      status: '0x1',
      logs: [
        { address: CONTRACT, topics: [TOPIC, '0x' + word(over.batch ?? 1n)], data },
        { address: CONTRACT, topics: [ACC_TOPIC, '0x' + word(over.accBatch ?? over.batch ?? 1n)], data: '0x' + QUEUE_ACC.map(word).join('') },
      ],
    },
  };
}

function storage(values: Partial<Record<string, bigint>>, verifierCode = VERIFIER_CODE): ProvenL1Storage {
  const s = new Map<string, bigint>();
  const set = (slot: bigint, v: bigint) => s.set(storageKey({ slot }), v);
  set(0n, values.stateRoot ?? after.root);
  set(1n, values.batchCount ?? 1n);
  set(2n, values.lastBatchAt ?? 900n);
  set(3n, values.queueHead ?? 1n);
  set(4n, values.queueTail ?? 1n);
  set(9n, values.frozen ?? 0n);
  set(11n, values.verifier ?? BigInt(VERIFIER));
  s.set(storageKey({ mapping: 6n, key: values.queueHead ?? 1n }), values.queuedAt ?? 0n);
  return { blockNumber: 20n, blockHash: '0x' + '22'.repeat(32), timestamp: 1000n, accounts: new Map([[CONTRACT, { codeHash: '0x', storage: s }], [VERIFIER, { codeHash: verifierCode, storage: new Map() }]]) };
}

describe('the vigil-zk-v1 adapter', () => {
  it('reads the accepted root, batch and time, and liveness, from proven slots (the queue entry in a second round)', () => {
    expect(vigilZkAdapter.l1Slots(config)[0]!.slots).toHaveLength(8);
    // The forced deadline too: the exit route says its time before any exit reads it.
    expect(vigilZkAdapter.l1Slots(config)[0]!.slots).toContainEqual({ slot: 12n });
    expect(vigilZkAdapter.l1Slots(config, storage({}))[0]!.slots).toContainEqual({ mapping: 6n, key: 1n });
    expect(vigilZkAdapter.acceptedState(config, storage({}))).toEqual({ root: after.root, batch: 1n, acceptedAt: 900n, status: 'finalized' });
    expect(vigilZkAdapter.liveness(config, storage({}))).toEqual({ lastBatchAgeSeconds: 100, oldestQueuedAgeSeconds: null, frozen: false });
    expect(vigilZkAdapter.liveness(config, storage({ queueHead: 1n, queueTail: 3n, queuedAt: 700n, frozen: 1n }))).toEqual({ lastBatchAgeSeconds: 100, oldestQueuedAgeSeconds: 300, frozen: true });
  });

  it('refuses a verifier other than the pinned one (address or code): an upgrade', () => {
    expect(() => vigilZkAdapter.acceptedState(config, storage({ verifier: 0xdeadn }))).toThrow(expect.objectContaining({ code: 'L2_VERIFIER_CHANGED' }));
    expect(() => vigilZkAdapter.acceptedState(config, storage({}, '0x' + '66'.repeat(32)))).toThrow(expect.objectContaining({ code: 'L2_VERIFIER_CHANGED' }));
  });

  it('builds the proof check from calldata and event, with txDataHash recomputed', () => {
    const accepted = vigilZkAdapter.acceptedState(config, storage({}));
    const check = batchProof(config, accepted, evidence());
    expect(check.vkey).toEqual({ pinned: true });
    expect(check.publicSignals).toEqual([before.root, after.root, txDataHash([deposit]), 0n, 1n, ...QUEUE_ACC, payoutsHash([deposit]), ...bindingInputs(null)].map(String));
    expect(check.proof).toMatchObject({ pi_a: ['1', '2', '1'], pi_c: ['7', '8', '1'] });
  });

  it('refuses every disagreement between the commit, its event and L1 storage', () => {
    const accepted = vigilZkAdapter.acceptedState(config, storage({}));
    const forged = transaction({ type: TX_TYPE.DEPOSIT, to: 0n, amount: 10n ** 20n, owner, ax: 5n, ay: 6n });
    for (const e of [evidence({ to: '0x' + '99'.repeat(20) }), evidence({ newRoot: 123n }), evidence({ txs: [forged] }), evidence({ eventHash: 5n }), evidence({ batch: 2n }), evidence({ accBatch: 2n })]) {
      expect(() => batchProof(config, accepted, e)).toThrow(expect.objectContaining({ code: 'L2_COMMIT_MISMATCH' }));
    }
    const notCommit = evidence();
    notCommit.tx.input = '0x1234';
    expect(() => batchProof(config, accepted, notCommit)).toThrow(expect.objectContaining({ code: 'L2_COMMIT_MISMATCH' }));
    const failed = evidence();
    failed.receipt.status = '0x0';
    expect(() => batchProof(config, accepted, failed)).toThrow(expect.objectContaining({ code: 'L2_COMMIT_MISMATCH' }));
  });

  describe('a blob batch', () => {
    const b = scenario()[0]!; // two deposits, committed in a blob
    const blobEvidence = (proof: unknown, over: { versionedHash?: string; y?: bigint; payouts?: { owner: bigint; amount: bigint }[] } = {}): CommitEvidence => {
      const input = encodeCommitBatchBlob({
        newRoot: b.witness.state.root,
        queueEnd: 2n,
        txDataHash: txDataHash(b.txs),
        payouts: over.payouts ?? slotPayouts(b.txs),
        y: over.y ?? b.witness.binding!.y,
        commitment: b.blob!.commitment,
        kzgProof: new Uint8Array(48),
        proof,
      });
      const data = '0x' + [b.before.root, b.witness.state.root, txDataHash(b.txs), 0n, 2n].map(word).join('');
      return {
        tx: { to: CONTRACT, input: bytesToHex(input), hash: '0x' + '11'.repeat(32), blockNumber: '0x10', blobVersionedHashes: [over.versionedHash ?? bytesToHex(b.blob!.versionedHash)] },
        receipt: {
          status: '0x1',
          logs: [
            { address: CONTRACT, topics: [TOPIC, '0x' + word(1n)], data },
            { address: CONTRACT, topics: [ACC_TOPIC, '0x' + word(1n)], data: '0x' + [0n, b.witness.publicInputs[6]!].map(word).join('') },
          ],
        },
      };
    };
    const accepted = { root: b.witness.state.root, batch: 1n, acceptedAt: 900n, status: 'finalized' as const };

    it('recomputes the 53 inputs: z from the versioned hash, the weights, y and the payouts from calldata', () => {
      const check = batchProof(config, accepted, blobEvidence(PROOF));
      expect(check.publicSignals).toEqual(b.witness.publicInputs.map(String));
      expect(batchProof(config, accepted, blobEvidence(PROOF, { y: 5n })).publicSignals.slice(50)).toEqual(['5', '0', '0']);
      // another versioned hash: other weights, so the proof will not verify
      expect(batchProof(config, accepted, blobEvidence(PROOF, { versionedHash: '0x01' + '00'.repeat(31) })).publicSignals.slice(8, 50)).not.toEqual(b.witness.publicInputs.slice(8, 50).map(String));
      const noBlob = blobEvidence(PROOF);
      delete noBlob.tx.blobVersionedHashes;
      expect(() => batchProof(config, accepted, noBlob)).toThrow(expect.objectContaining({ code: 'L2_COMMIT_MISMATCH' }));
      const cut = blobEvidence(PROOF);
      cut.tx.input = cut.tx.input.slice(0, 200);
      expect(() => batchProof(config, accepted, cut)).toThrow(expect.objectContaining({ code: 'L2_COMMIT_MISMATCH' }));
    });

    it.runIf(existsSync(ROLLUP_ZKEY))('a real proof (the committed zkey) verifies on them, and not with another y or other payouts', async () => {
      const vkey = JSON.parse(readFileSync(new URL('verification_key.json', ROLLUP_BUILD), 'utf8'));
      const { proof } = await scenarioProof(0);
      const verify = (e: CommitEvidence) => snarkjs.groth16.verify(vkey, batchProof(config, accepted, e).publicSignals, proof);
      expect(await verify(blobEvidence(proof))).toBe(true);
      expect(await verify(blobEvidence(proof, { y: (b.witness.binding!.y + 1n) }))).toBe(false);
      expect(await verify(blobEvidence(proof, { payouts: [{ owner: 1n, amount: 1n }, { owner: 0n, amount: 0n }] }))).toBe(false);
      expect(await verify(blobEvidence(proof, { versionedHash: '0x01' + '00'.repeat(31) }))).toBe(false);
    });
  });

  it('proves an L2 account against the accepted root, and refuses a proof of another root', () => {
    const proof = after.proof(0);
    const json = { index: 0, leaf: { owner: bigIntToHex(owner), ax: '0x5', ay: '0x6', balance: bigIntToHex(10n ** 18n), nonce: '0x0' }, siblings: proof.siblings.map(bigIntToHex) };
    expect(vigilZkAdapter.verifyAccount(config, after.root, json).account).toMatchObject({ balance: 10n ** 18n, owner });
    expect(() => vigilZkAdapter.verifyAccount(config, before.root, json)).toThrow(expect.objectContaining({ code: 'L2_PROOF_ROOT_MISMATCH' }));
  });
});
