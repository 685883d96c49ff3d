/**
 * The rollup circuit (circuits/rollup.circom, Rollup(6, 2)) against circuits/SPEC.md: batches
 * built by the test model (./rollup-model.ts) give a witness whose public signals are the
 * model's, each broken rule has no witness, and one batch is proven and verified with Groth16 on
 * the committed development zkey.
 *
 * Every negative case is built with the model's checks off, so its witness is consistent except
 * for the broken rule; the model must refuse it too when its checks are on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as snarkjs from 'snarkjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { poseidon2, poseidon3, poseidon5 } from 'poseidon-lite';
import { singleThreadedSnarkjs } from '../zk/circom.ts';
import { BUILD, rollupWasm, witness, witnessFailure } from './circuit.ts';
import {
  type Batch,
  type BatchOptions,
  buildBatch,
  deposit,
  forcedAmount,
  forcedWithdrawal,
  limbs3,
  ModelError,
  noop,
  publicKey,
  StateTree,
  transfer,
  type Tx,
  txMessage,
  TxType,
  sign,
  withdraw,
} from './rollup-model.ts';

const D = 6;
const ALICE = new Uint8Array(32).fill(0xa1);
const BOB = new Uint8Array(32).fill(0xb0);
const CAROL = new Uint8Array(32).fill(0xc4);
const OWNER_A = 0xa11ce00000000000000000000000000000000001n;
const OWNER_B = 0xb0b0000000000000000000000000000000000002n;
const STRANGER = 0x5700000000000000000000000000000000000003n;

/** The public signals of a witness: signals 1..53 (no outputs; public inputs in declaration order). */
const publicOf = (w: bigint[]) => w.slice(1, 54);

interface Step {
  name: string;
  txs: Tx[];
  queueStart: bigint;
}

/** A versioned hash standing for a blob (the circuit sees only the weights and y it leads to). */
/** Where the blob evaluation fails: a carry out of its range (Num2Bits's sum check), or the last column. */
const BLOB_CHECK = 'carryBits[k].in <== carry[k] + (1 << 100);';
const BLS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;

const versionedHash = (seed: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : (seed * 31 + i * 7) & 0xff));

/**
 * The valid history: two new accounts by deposit, a top-up, a signed transfer, a signed
 * withdrawal, and forced withdrawals by the owner (whole balance) and by a stranger (0).
 * Returns each batch and the state before it.
 */
function history(): { before: StateTree; step: Step; batch: Batch }[] {
  const tree = new StateTree(D);
  const out: { before: StateTree; step: Step; batch: Batch }[] = [];
  let queueAcc = 0n;
  // Batches 0, 1 and 3 in blobs, 2 and 4 in calldata; the queue accumulator chains through all.
  const run = (name: string, queueStart: bigint, make: (t: StateTree) => Tx[]) => {
    const before = tree.clone();
    const step = { name, txs: make(tree), queueStart };
    const blob = [0, 1, 3].includes(out.length) ? { versionedHash: versionedHash(out.length) } : {};
    const batch = buildBatch(tree, step.txs, { queueStart, queueAccStart: queueAcc, ...blob });
    queueAcc = batch.publicSignals[6]!;
    out.push({ before, step, batch });
  };
  run('two deposits opening accounts 0 and 1', 0n, () => [
    deposit(0, 1000n, OWNER_A, publicKey(ALICE)),
    deposit(1, 500n, OWNER_B, publicKey(BOB)),
  ]);
  run('a top-up of account 1, then a transfer 0 → 1', 2n, () => [deposit(1, 50n), transfer(ALICE, 0, 1, 300n, 0n)]);
  run('a withdrawal from account 1 and a NOOP', 3n, () => [withdraw(BOB, 1, 200n, OWNER_B, 0n)]);
  run('forced withdrawals: account 0 by its owner, account 1 by a stranger', 3n, (t) => [
    forcedWithdrawal(0, OWNER_A, forcedAmount(t, 0, OWNER_A)),
    forcedWithdrawal(1, STRANGER, forcedAmount(t, 1, STRANGER)),
  ]);
  run('an empty batch', 5n, () => []);
  return out;
}

let batches: ReturnType<typeof history>;
/** The state after the first two batches: account 0 (ALICE, 700, nonce 1), account 1 (BOB, 850, nonce 0). */
let funded: StateTree;

beforeAll(async () => {
  await singleThreadedSnarkjs();
  rollupWasm(); // compiles once when the committed wasm is not the sources'
  batches = history();
  funded = batches[2]!.before;
}, 300_000);

describe('valid batches', () => {
  it('the model keeps the state the SPEC describes', () => {
    const last = batches.at(-1)!.before;
    expect(last.get(0)).toEqual({ owner: OWNER_A, ...publicKey(ALICE), balance: 0n, nonce: 1n });
    expect(last.get(1)).toEqual({ owner: OWNER_B, ...publicKey(BOB), balance: 650n, nonce: 1n });
    const forced = batches[3]!.step.txs;
    expect(forced.map((t) => t.amount)).toEqual([700n, 0n]);
    // the empty batch keeps the root
    expect(batches[4]!.batch.newRoot).toBe(batches[4]!.batch.oldRoot);
  });

  it('each batch has a witness whose public signals are the model\'s', async () => {
    for (const { step, batch } of batches) {
      const w = await witness(batch.input);
      expect(publicOf(w), step.name).toEqual(batch.publicSignals);
    }
    // the roots chain from the empty tree
    expect(batches[0]!.batch.oldRoot).toBe(new StateTree(D).root);
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.batch.oldRoot).toBe(batches[i - 1]!.batch.newRoot);
  });

  it('a deposit can also top up an account created in the same batch', async () => {
    const tree = new StateTree(D);
    const b = buildBatch(tree, [deposit(7, 1n, OWNER_A, publicKey(ALICE)), deposit(7, 2n)], { queueStart: 0n });
    expect(tree.get(7)?.balance).toBe(3n);
    expect(publicOf(await witness(b.input))).toEqual(b.publicSignals);
  });

  it('a forced withdrawal from an empty leaf withdraws 0 and changes nothing', async () => {
    const tree = funded.clone();
    const b = buildBatch(tree, [forcedWithdrawal(9, STRANGER, forcedAmount(tree, 9, STRANGER))], { queueStart: 4n });
    expect(b.input.amount).toEqual([0n, 0n]);
    expect(b.newRoot).toBe(b.oldRoot);
    expect(publicOf(await witness(b.input))).toEqual(b.publicSignals);
  });

  it('a whole balance moves by transfer, and the emptied account can withdraw 0', async () => {
    const tree = funded.clone();
    const b = buildBatch(tree, [transfer(ALICE, 0, 1, 700n, 1n), withdraw(ALICE, 0, 0n, OWNER_A, 2n)], { queueStart: 4n });
    expect(tree.get(0)).toMatchObject({ balance: 0n, nonce: 3n });
    expect(publicOf(await witness(b.input))).toEqual(b.publicSignals);
  });
});

/**
 * A negative case: `txs` on a copy of `state` must be refused by the model (checks on) and, built
 * without checks, by the witness generator at the constraint `fails` (the innermost frame of its
 * error, resolved to the source line), fed by `via` when given.
 */
interface Bad {
  name: string;
  state: () => StateTree;
  txs: () => Tx[];
  opts?: Partial<BatchOptions>;
  /** What the model's refusal says; absent when the model cannot see it (a spoilt witness). */
  model?: RegExp;
  /** The constraint that fails: its source line, trimmed. */
  fails: string;
  /** The line that fed the failing template, where the constraint alone is ambiguous. */
  via?: string;
}

const atFunded = () => funded.clone();
const BAD: Bad[] = [
  {
    name: 'a transfer over the balance',
    state: atFunded,
    txs: () => [transfer(ALICE, 0, 1, 701n, 1n)],
    model: /exceeds the balance/,
    fails: 'signed * (1 - enough.out) === 0;',
  },
  {
    name: 'a transfer signed by another key',
    state: atFunded,
    txs: () => [transfer(BOB, 0, 1, 10n, 1n)],
    fails: '(1 - isz.out)*enabled === 0;',
    via: 'eqCheckX.in[1] <== addRight.xout;',
  },
  {
    name: 'a transfer signed over a spent nonce (a replay)',
    state: atFunded,
    txs: () => [transfer(ALICE, 0, 1, 10n, 0n)],
    fails: '(1 - isz.out)*enabled === 0;',
    via: 'eqCheckX.in[1] <== addRight.xout;',
  },
  {
    name: 'a transfer without a signature',
    state: atFunded,
    txs: () => [{ ...transfer(ALICE, 0, 1, 10n, 1n), sig: { R8x: 0n, R8y: 0n, S: 0n } }],
    fails: '(1 - isz.out)*enabled === 0;',
    // S·B8 is the identity (0, 1) and R8 + X has x = 0 when R8 = (0, 0): y tells them apart.
    via: 'eqCheckY.in[1] <== addRight.yout;',
  },
  {
    name: 'a withdrawal carrying a transfer\'s signature',
    state: atFunded,
    txs: () => [{ ...withdraw(BOB, 1, 10n, OWNER_B, 0n), sig: transfer(BOB, 1, 0, 10n, 0n).sig! }],
    fails: '(1 - isz.out)*enabled === 0;',
    via: 'eqCheckX.in[1] <== addRight.xout;',
  },
  {
    name: 'a transfer from an account that does not exist',
    state: atFunded,
    txs: () => [transfer(CAROL, 5, 1, 0n, 0n)],
    model: /account 5 does not exist/,
    fails: 'signed * (1 - aExists) === 0;',
  },
  {
    name: 'a transfer to an account that does not exist',
    state: atFunded,
    txs: () => [transfer(ALICE, 0, 9, 10n, 1n)],
    model: /account 9 does not exist/,
    fails: 'isTransfer * (1 - bExists) === 0;',
  },
  {
    name: 'a transfer to itself',
    state: atFunded,
    txs: () => [transfer(ALICE, 0, 0, 10n, 1n)],
    model: /from = to/,
    fails: 'isTransfer * sameAccount.out === 0;',
  },
  {
    name: 'a deposit carrying an owner and a key to an existing account',
    state: atFunded,
    txs: () => [deposit(1, 10n, STRANGER, publicKey(CAROL))],
    model: /"owner" must be 0/,
    fails: 'bExists * owner === 0;',
  },
  {
    name: 'a deposit carrying only a key to an existing account',
    state: atFunded,
    txs: () => [deposit(1, 10n, 0n, publicKey(CAROL))],
    model: /"ax" must be 0/,
    fails: 'bExists * ax === 0;',
  },
  {
    name: 'a withdrawal paying an owner other than the leaf\'s',
    state: atFunded,
    txs: () => [withdraw(BOB, 1, 10n, STRANGER, 0n)],
    model: /is not the account's/,
    fails: 'isWithdraw * (owner - aOwner) === 0;',
  },
  {
    name: 'a withdrawal over the balance',
    state: atFunded,
    txs: () => [withdraw(BOB, 1, 851n, OWNER_B, 0n)],
    model: /exceeds the balance/,
    fails: 'signed * (1 - enough.out) === 0;',
  },
  {
    name: 'a forced withdrawal with a non-zero amount when the owner differs',
    state: atFunded,
    txs: () => [forcedWithdrawal(1, STRANGER, 10n)],
    model: /expected 0/,
    fails: 'isForced * (amount - wholeBalance) === 0;',
  },
  {
    name: 'a forced withdrawal by the owner of less than the whole balance',
    state: atFunded,
    txs: () => [forcedWithdrawal(1, OWNER_B, 849n)],
    model: /expected 850/,
    fails: 'isForced * (amount - wholeBalance) === 0;',
  },
  {
    name: 'a forced withdrawal from an empty leaf with a non-zero amount',
    state: atFunded,
    txs: () => [forcedWithdrawal(9, STRANGER, 1n)],
    model: /expected 0/,
    fails: 'isForced * (amount - wholeBalance) === 0;',
  },
  {
    name: 'a queue range longer than the batch\'s queue transactions',
    state: atFunded,
    txs: () => [deposit(1, 10n)],
    opts: { queueEnd: 2n },
    model: /queue range holds 2, the batch 1/,
    fails: 'queued === queueEnd - queueStart;',
  },
  {
    name: 'a queue range shorter than the batch\'s queue transactions',
    state: atFunded,
    txs: () => [deposit(1, 10n), deposit(0, 10n)],
    opts: { queueEnd: 1n },
    model: /queue range holds 1, the batch 2/,
    fails: 'queued === queueEnd - queueStart;',
  },
  {
    name: 'a transfer before a deposit',
    state: atFunded,
    txs: () => [transfer(ALICE, 0, 1, 10n, 1n), deposit(1, 10n)],
    model: /queue transaction after a non-queue one/,
    fails: 'slot[k].isQueue * (1 - slot[k - 1].isQueue) === 0;',
  },
  {
    name: 'a NOOP before a forced withdrawal',
    state: atFunded,
    txs: () => [noop(), forcedWithdrawal(1, STRANGER, 0n)],
    model: /queue transaction after a non-queue one/,
    fails: 'slot[k].isQueue * (1 - slot[k - 1].isQueue) === 0;',
  },
  {
    name: 'type 5',
    state: atFunded,
    txs: () => [{ ...noop(), type: 5n }],
    model: /unknown type/,
    fails: 'count === 1;',
  },
  {
    name: 'a NOOP with an amount',
    state: atFunded,
    txs: () => [{ ...noop(), amount: 1n }],
    model: /"amount" must be 0/,
    fails: 'isNoop * amount === 0;',
  },
  {
    name: 'a deposit of 2^128 opening an account',
    state: atFunded,
    txs: () => [deposit(2, 1n << 128n, STRANGER, publicKey(CAROL))],
    model: /not below 2\^128/,
    fails: 'lc1 === in;',
    via: 'amountBits.in <== amount;',
  },
  {
    name: 'a deposit taking a balance to 2^128',
    state: atFunded,
    txs: () => [deposit(1, (1n << 128n) - 850n)],
    model: /new balance is not below 2\^128/,
    fails: 'lc1 === in;',
    via: 'bNewBalanceBits.in <== bNewBalance;',
  },
  {
    name: 'a deposit to index 64',
    state: atFunded,
    txs: () => [deposit(0, 1n)],
    opts: { tamper: (_, row) => void (row.to = 64n) },
    fails: 'lc1 === in;',
    via: 'bits.in <== index;',
  },
  {
    name: 'a transfer with a wrong sibling',
    state: atFunded,
    txs: () => [transfer(ALICE, 0, 1, 10n, 1n)],
    opts: {
      tamper: (_, row) => {
        const s = row.aSiblings as bigint[];
        s[3] = s[3]! + 1n;
      },
    },
    fails: 'enabled * (before.root - oldRoot) === 0;',
    via: 'aPath.newLeaf <== aNew.leaf;',
  },
  {
    name: 'a deposit with a wrong sibling',
    state: atFunded,
    txs: () => [deposit(1, 10n)],
    opts: {
      tamper: (_, row) => {
        const s = row.bSiblings as bigint[];
        s[0] = s[0]! + 1n;
      },
    },
    fails: 'enabled * (before.root - oldRoot) === 0;',
    via: 'bPath.newLeaf <== bNew.leaf;',
  },
  {
    name: 'a deposit that claims an existing account is empty',
    state: atFunded,
    txs: () => [deposit(1, 10n)],
    opts: {
      tamper: (_, row) => {
        Object.assign(row, { bOwner: 0n, bAx: 0n, bAy: 0n, bBalance: 0n, bNonce: 0n, bExists: 0n });
      },
    },
    fails: 'enabled * (before.root - oldRoot) === 0;',
    via: 'bPath.newLeaf <== bNew.leaf;',
  },
  {
    name: 'an empty leaf with a balance',
    state: atFunded,
    txs: () => [deposit(5, 10n, STRANGER, publicKey(CAROL))],
    opts: { tamper: (_, row) => void (row.bBalance = 100n) },
    fails: '(1 - exists) * balance === 0;',
    via: 'bOld.nonce <== bNonce;',
  },
  {
    name: 'an existence bit of 2',
    state: atFunded,
    txs: () => [forcedWithdrawal(5, STRANGER, 0n)],
    opts: { tamper: (_, row) => void (row.aExists = 2n) },
    fails: 'exists * (exists - 1) === 0;',
    via: 'aOld.nonce <== aNonce;',
  },
  {
    name: 'a forced withdrawal carrying a signature',
    state: atFunded,
    txs: () => [forcedWithdrawal(1, OWNER_B, 850n)],
    opts: {
      tamper: (_, row) => {
        const s = sign(BOB, txMessage({ type: TxType.FORCED_WITHDRAWAL, from: 1n, to: 0n, amount: 850n }, 0n));
        Object.assign(row, { sigR8x: s.R8x, sigR8y: s.R8y, sigS: s.S });
      },
    },
    fails: '(1 - signed) * sigR8x === 0;',
  },
  {
    name: 'a transfer that misstates its recipient\'s balance',
    state: atFunded,
    txs: () => [transfer(ALICE, 0, 1, 10n, 1n)],
    opts: { tamper: (_, row) => void (row.bBalance = 849n) },
    fails: 'enabled * (before.root - oldRoot) === 0;',
    via: 'bPath.newLeaf <== bNew.leaf;',
  },
];

describe('invalid batches have no witness', () => {
  it.each(BAD)('$name', async (bad) => {
    const opts = { queueStart: 0n, ...bad.opts };
    if (bad.model) expect(() => buildBatch(bad.state(), bad.txs(), { ...opts, tamper: undefined })).toThrow(bad.model);
    if (bad.model) expect(() => buildBatch(bad.state(), bad.txs(), { ...opts, tamper: undefined })).toThrow(ModelError);
    const batch = buildBatch(bad.state(), bad.txs(), { ...opts, check: false });
    const { message, frames } = await witnessFailure(batch.input);
    expect(frames[0]?.source, message).toBe(bad.fails);
    if (bad.via) expect(frames[1]?.source, message).toBe(bad.via);
  });

  it('a newRoot other than the batch\'s', async () => {
    const b = buildBatch(atFunded(), [transfer(ALICE, 0, 1, 10n, 1n)], { queueStart: 0n });
    const { frames } = await witnessFailure({ ...b.input, newRoot: b.newRoot + 1n });
    expect(frames[0]?.source).toBe('newRoot === slot[K - 1].rootOut;');
  });

  it('a txDataHash other than the batch\'s', async () => {
    const b = buildBatch(atFunded(), [transfer(ALICE, 0, 1, 10n, 1n)], { queueStart: 0n });
    const { frames } = await witnessFailure({ ...b.input, txDataHash: b.txDataHash + 1n });
    expect(frames[0]?.source).toBe('txDataHash === data[K - 1].next;');
  });
});

describe('the queue accumulator, the payouts and the blob binding', () => {
  const blobBatch = () => batches[0]!.batch; // two deposits with keys, in a blob
  const forcedBatch = () => batches[3]!.batch; // two forced withdrawals (700 and 0), in a blob
  const bump = (v: bigint[][] | bigint[], at: number[]): unknown => {
    const copy = structuredClone(v) as unknown as bigint[][];
    if (at.length === 1) (copy as unknown as bigint[])[at[0]!]! += 1n;
    else copy[at[0]!]![at[1]!]! += 1n;
    return copy;
  };

  it('the blob batches bind y: their weights and y are not 0', () => {
    for (const i of [0, 1, 3]) expect(batches[i]!.batch.publicSignals.slice(8).some((x) => x !== 0n)).toBe(true);
    for (const i of [2, 4]) expect(batches[i]!.batch.publicSignals.slice(8).every((x) => x === 0n)).toBe(true);
  });

  it('a queueAccEnd other than the chain of the queue slots', async () => {
    const b = blobBatch();
    const { frames } = await witnessFailure({ ...b.input, queueAccEnd: (b.input.queueAccEnd as bigint) + 1n });
    expect(frames[0]?.source).toBe('queueAccEnd === queue[K - 1].next;');
  });

  it('a queueAccStart other than the one the chain started from', async () => {
    const b = forcedBatch();
    expect(b.input.queueAccStart).not.toBe(0n);
    const { frames } = await witnessFailure({ ...b.input, queueAccStart: 0n });
    expect(frames[0]?.source).toBe('queueAccEnd === queue[K - 1].next;');
  });

  it("a forced withdrawal's queue entry hashed with its amount (the queue holds 0)", async () => {
    const b = forcedBatch();
    const [first, second] = batches[3]!.step.txs as [Tx, Tx];
    expect(first.amount).toBe(700n);
    const withAmount = [first, second].reduce((acc, t) => poseidon2([acc, poseidon5([t.type, t.from, t.to, t.amount, poseidon3([t.owner, t.ax, t.ay])])]), b.input.queueAccStart as bigint);
    expect(withAmount).not.toBe(b.input.queueAccEnd);
    const { frames } = await witnessFailure({ ...b.input, queueAccEnd: withAmount });
    expect(frames[0]?.source).toBe('queueAccEnd === queue[K - 1].next;');
  });

  it('a non-queue slot leaves the accumulator as it is', () => {
    const b = batches[2]!.batch; // a withdrawal and a NOOP
    expect(b.publicSignals[6]).toBe(b.publicSignals[5]);
  });

  it('a payoutsHash other than the payouts of the withdrawals', async () => {
    for (const b of [forcedBatch(), batches[2]!.batch]) {
      const { frames } = await witnessFailure({ ...b.input, payoutsHash: (b.input.payoutsHash as bigint) + 1n });
      expect(frames[0]?.source).toBe('payoutsHash === payout[K - 1].next;');
    }
  });

  it('a y other than the blob evaluation, in any limb', async () => {
    const b = blobBatch();
    for (const l of [0, 1, 2]) {
      const { frames, message } = await witnessFailure({ ...b.input, y: bump(b.input.y as bigint[], [l]) });
      expect(frames.map((f) => f.source), message).toContain(BLOB_CHECK);
    }
  });

  it('a weight other than the challenge\'s, for an element that is 0 and one that is not', async () => {
    const b = blobBatch();
    // element 0 (type 1) and element 2 (`to` of slot 0, index 0): the sum changes only with a non-zero element
    const { frames, message } = await witnessFailure({ ...b.input, weight: bump(b.input.weight as bigint[][], [0, 1]) });
    expect(frames.map((f) => f.source), message).toContain(BLOB_CHECK);
    const zero = { ...b.input, weight: bump(b.input.weight as bigint[][], [2, 0]) };
    expect(publicOf(await witness(zero))[8 + 6]).toBe((b.input.weight as bigint[][])[2]![0]! + 1n);
  });

  it('a quotient off by one, or a y shifted by BLS_MODULUS with the quotient made up for it', async () => {
    const b = blobBatch();
    const q = b.input.blobQ as bigint[];
    const { frames } = await witnessFailure({ ...b.input, blobQ: [q[0]! + 1n, q[1]!, q[2]!, q[3]!] });
    expect(frames.map((f) => f.source)).toContain(BLOB_CHECK);
    // y + P in limbs balances q − 1: the circuit accepts it; the contract refuses y ≥ BLS_MODULUS (SPEC), so no proof for it reaches L1
    const y = (b.input.y as bigint[]).reduce((acc, l, i) => acc + (l << BigInt(85 * i)), 0n);
    const qValue = q.reduce((acc, l, i) => acc + (l << BigInt(85 * i)), 0n);
    expect(qValue).toBeGreaterThan(0n);
    const shifted = { ...b.input, y: limbs3(y + BLS), blobQ: [...limbs3((qValue - 1n) & ((1n << 255n) - 1n)), (qValue - 1n) >> 255n] };
    expect(await witness(shifted)).toBeDefined();
  });

  it('a calldata batch with a y that is not 0', async () => {
    const b = batches[2]!.batch;
    const { frames } = await witnessFailure({ ...b.input, y: [1n, 0n, 0n] });
    expect(frames.map((f) => f.source)).toContain(BLOB_CHECK);
  });
});

describe('Groth16 on the committed development zkey', () => {
  const zkey = join(BUILD, 'rollup_final.zkey');
  it.runIf(existsSync(zkey))('proves a batch and verifies it with verification_key.json', async () => {
    const { batch } = batches[1]!; // a deposit and a signed transfer
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(batch.input, rollupWasm(), zkey);
    expect(publicSignals).toEqual(batch.publicSignals.map(String));
    const vkey = JSON.parse(readFileSync(join(BUILD, 'verification_key.json'), 'utf8'));
    expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);
    // and not for another root
    const wrong = [...publicSignals];
    wrong[1] = batches[2]!.batch.newRoot.toString();
    expect(await snarkjs.groth16.verify(vkey, wrong, proof)).toBe(false);
  }, 300_000);
});
