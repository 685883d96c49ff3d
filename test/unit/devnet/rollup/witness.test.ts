import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../../src/core/errors.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { signTransaction, transaction, TX_TYPE, txDataHash } from '../../../../src/l2/vigil-zk/transactions.ts';
import { BLS_MODULUS } from '../../../../src/crypto/kzg.ts';
import { blobQuotient, buildWitness } from '../../../../src/devnet/rollup/witness.ts';
import { batchElements, bindingInputs, blobBinding, limbs, nextQueueAcc, payoutsHash } from '../../../../src/l2/vigil-zk/blob.ts';
import { ALICE, ALICE_KEY, BOB, BOB_KEY, scenario } from '../../l2/vigil-zk/scenario.ts';

/** SPEC "The circuit's inputs", in its order. */
const NAMES = [
  'oldRoot', 'newRoot', 'txDataHash', 'queueStart', 'queueEnd', 'queueAccStart', 'queueAccEnd', 'payoutsHash', 'weight', 'y',
  'type', 'from', 'to', 'amount', 'owner', 'ax', 'ay', 'sigR8x', 'sigR8y', 'sigS',
  'aOwner', 'aAx', 'aAy', 'aBalance', 'aNonce', 'aExists', 'aSiblings',
  'bOwner', 'bAx', 'bAy', 'bBalance', 'bNonce', 'bExists', 'bSiblings',
  'blobQ',
];
const SCALARS = 8;
const SLOT_COLUMNS = NAMES.slice(10, -1);

const START = RollupState.empty().withAccounts([
  [0, { owner: ALICE.owner, ax: ALICE_KEY.ax, ay: ALICE_KEY.ay, balance: 100n, nonce: 4n }],
  [1, { owner: BOB.owner, ax: BOB_KEY.ax, ay: BOB_KEY.ay, balance: 50n, nonce: 0n }],
]);

describe('the circuit’s input JSON', () => {
  it('has SPEC’s names, K-long arrays, K×D siblings, decimal strings only', () => {
    for (const { witness } of scenario()) {
      const input = witness.input as unknown as Record<string, unknown>;
      expect(Object.keys(input)).toEqual(NAMES);
      for (const name of NAMES.slice(0, SCALARS)) expect(input[name]).toMatch(/^(0|[1-9][0-9]*)$/);
      expect(input.weight).toHaveLength(14);
      for (const row of input.weight as string[][]) expect(row).toHaveLength(3);
      expect(input.y).toHaveLength(3);
      expect(input.blobQ).toHaveLength(4);
      for (const v of [input.weight, input.y, input.blobQ].flat(2)) expect(v).toMatch(/^(0|[1-9][0-9]*)$/);
      for (const name of SLOT_COLUMNS) {
        const value = input[name] as unknown[];
        expect(value).toHaveLength(2);
        for (const v of value.flat()) expect(v).toMatch(/^(0|[1-9][0-9]*)$/);
        if (name.endsWith('Siblings')) for (const row of value) expect(row).toHaveLength(6);
      }
      expect(JSON.parse(JSON.stringify(input))).toEqual(input);
    }
  });

  it('public inputs: the roots around the batch, txDataHash, the queue range and accumulators, payoutsHash, zeros for a calldata batch', () => {
    const tx = signTransaction(ALICE.secret, transaction({ type: TX_TYPE.TRANSFER, from: 0n, to: 1n, amount: 30n }), 4n);
    const w = buildWitness(START, [tx], { queueStart: 7n, queueEnd: 7n, queueAccStart: 99n });
    expect(w.publicInputs).toEqual([START.root, w.state.root, txDataHash([tx]), 7n, 7n, 99n, 99n, payoutsHash([tx]), ...new Array(45).fill(0n)]);
    expect([w.input.oldRoot, w.input.newRoot, w.input.txDataHash, w.input.queueStart, w.input.queueEnd, w.input.queueAccStart, w.input.queueAccEnd, w.input.payoutsHash]).toEqual(w.publicInputs.slice(0, 8).map(String));
    expect([...w.input.weight.flat(), ...w.input.y, ...w.input.blobQ].every((v) => v === '0')).toBe(true);
    expect(w.binding).toBeNull();
  });

  it('a blob batch: the weights and y of blobBinding, in limbs, and the quotient that balances them', () => {
    const deposit = transaction({ type: TX_TYPE.DEPOSIT, to: 9n, amount: 5n, owner: 0xbeefn, ax: ALICE_KEY.ax, ay: ALICE_KEY.ay });
    const versionedHash = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : i));
    const w = buildWitness(START, [deposit], { queueStart: 2n, queueEnd: 3n, queueAccStart: 5n }, { blob: { versionedHash } });
    const binding = blobBinding(versionedHash, txDataHash([deposit]), [deposit]);
    expect(w.binding).toEqual(binding);
    expect(w.publicInputs.slice(8)).toEqual(bindingInputs(binding));
    expect(w.publicInputs[6]).toBe(nextQueueAcc(5n, deposit));
    expect(w.input.weight.map((l) => l.map(BigInt))).toEqual(binding.weights.map(limbs));
    const q = w.input.blobQ.map(BigInt).reduce((acc, l, i) => acc + (l << BigInt(85 * i)), 0n);
    const sum = batchElements([deposit]).reduce((acc, d, e) => acc + d * binding.weights[e]!, 0n);
    expect(q * BLS_MODULUS + binding.y).toBe(sum);
    expect(blobQuotient(batchElements([deposit]), binding.weights, binding.y + 1n)).not.toEqual(w.input.blobQ.map(BigInt));
  });

  it('TRANSFER: A is from before the slot, B is to after A; the signature is in sigR8x/sigR8y/sigS', () => {
    const tx = signTransaction(ALICE.secret, transaction({ type: TX_TYPE.TRANSFER, from: 0n, to: 1n, amount: 30n }), 4n);
    const w = buildWitness(START, [tx], { queueStart: 0n, queueEnd: 0n, queueAccStart: 0n });
    const i = w.input;
    expect([i.aOwner[0], i.aAx[0], i.aAy[0], i.aBalance[0], i.aNonce[0], i.aExists[0]]).toEqual([ALICE.owner, ALICE_KEY.ax, ALICE_KEY.ay, 100n, 4n, 1n].map(String));
    expect(i.aSiblings[0]).toEqual(START.siblings(0).map(String));
    const afterA = START.withAccounts([[0, { ...START.account(0)!, balance: 70n, nonce: 5n }]]);
    expect(i.bSiblings[0]).toEqual(afterA.siblings(1).map(String));
    expect(i.bSiblings[0]).not.toEqual(START.siblings(1).map(String));
    expect([i.bBalance[0], i.bNonce[0], i.bExists[0]]).toEqual(['50', '0', '1']);
    expect([i.sigR8x[0], i.sigR8y[0], i.sigS[0]]).toEqual([tx.signature!.R8x, tx.signature!.R8y, tx.signature!.S].map(String));
    // Slot 1 is the NOOP padding: everything 0, siblings those of index 0 in the state after slot 0.
    for (const name of SLOT_COLUMNS) {
      if (!name.endsWith('Siblings')) expect((i as unknown as Record<string, string[]>)[name]![1]).toBe('0');
    }
    expect(i.aSiblings[1]).toEqual(w.state.siblings(0).map(String));
    expect(i.bSiblings[1]).toEqual(w.state.siblings(0).map(String));
  });

  it('DEPOSIT to a new account: no A; B empty (bExists 0, fields 0); WITHDRAW: no B', () => {
    const deposit = transaction({ type: TX_TYPE.DEPOSIT, to: 9n, amount: 5n, owner: 0xbeefn, ax: 1n, ay: 2n });
    const withdraw = signTransaction(BOB.secret, transaction({ type: TX_TYPE.WITHDRAW, from: 1n, amount: 5n, owner: BOB.owner }), 0n);
    const w = buildWitness(START, [deposit, withdraw], { queueStart: 2n, queueEnd: 3n, queueAccStart: 0n });
    const i = w.input;
    expect([i.aExists[0], i.aBalance[0], i.bExists[0], i.bOwner[0], i.bBalance[0]]).toEqual(['0', '0', '0', '0', '0']);
    expect(i.bSiblings[0]).toEqual(START.siblings(9).map(String));
    expect(i.aSiblings[0]).toEqual(START.siblings(0).map(String));
    expect([i.owner[0], i.ax[0], i.ay[0]]).toEqual([String(0xbeefn), '1', '2']);
    expect([i.aExists[1], i.aBalance[1], i.aNonce[1], i.bExists[1], i.bBalance[1]]).toEqual(['1', '50', '0', '0', '0']);
    expect([i.sigR8x[0], i.sigS[0]]).toEqual(['0', '0']);
    expect(w.state.account(9)).toEqual({ owner: 0xbeefn, ax: 1n, ay: 2n, balance: 5n, nonce: 0n });
  });

  it('a batch the model refuses never becomes a witness (signatures are always checked)', () => {
    const unsigned = transaction({ type: TX_TYPE.TRANSFER, from: 0n, to: 1n, amount: 30n });
    expect(() => buildWitness(START, [unsigned], { queueStart: 0n, queueEnd: 0n, queueAccStart: 0n })).toThrowError(VerificationError);
    expect(() => buildWitness(START, [transaction({ type: TX_TYPE.DEPOSIT, to: 1n, amount: 1n })], { queueStart: 0n, queueEnd: 0n, queueAccStart: 0n })).toThrow(/queueEnd − queueStart/);
  });
});
