/**
 * A small model of the devnet rollup (circuits/SPEC.md) for the circuit's tests: the sparse
 * state tree, the transactions' rules, and the circuit's input for a batch. It is a test helper,
 * not the production model (src/l2 has its own).
 *
 * `buildBatch` applies the slots in order. With `check: true` (the default) a transaction that
 * breaks a rule throws a `ModelError` before anything is built, as the sequencer would refuse
 * it. With `check: false` it applies every slot as the circuit's formulas would whatever the
 * rules say (balance − amount in the field, the transaction's owner and key added to the leaf's,
 * a type it does not know treated as NOOP), so the witness is consistent in every respect but the
 * broken rule and the circuit alone has to refuse it.
 *
 * @example
 *   const tree = new StateTree(6);
 *   const batch = buildBatch(tree, [deposit(0, 10n, OWNER, key)], { queueStart: 0n });
 *   // batch.input → snarkjs wtns calculate; batch.publicSignals = [oldRoot, newRoot, …]
 */
import { createRequire } from 'node:module';
import { poseidon2, poseidon3, poseidon5 } from 'poseidon-lite';
// The blob binding's numbers (z, the weights at z, y) come from the production code, whose y is
// checked against micro-eth-signer's KZG computeProof (test/unit/l2/vigil-zk/blob.test.ts); the
// model computes everything the circuit does with them (limbs, the quotient) itself.
import { blobBinding } from '../../../src/l2/vigil-zk/blob.ts';
import { txFromFields } from '../../../src/l2/vigil-zk/transactions.ts';

// @zk-kit/eddsa-poseidon 1.1.0's ESM build imports named exports from blakejs, a CommonJS
// module, which node's ESM loader refuses ("Named export 'blake2bFinal' not found"): load its
// CommonJS build instead.
const { derivePublicKey, signMessage } = createRequire(import.meta.url)('@zk-kit/eddsa-poseidon') as typeof import('@zk-kit/eddsa-poseidon');

/** The BN254 scalar field. */
export const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const mod = (x: bigint): bigint => ((x % FIELD) + FIELD) % FIELD;

export const TxType = { NOOP: 0n, DEPOSIT: 1n, TRANSFER: 2n, WITHDRAW: 3n, FORCED_WITHDRAWAL: 4n } as const;

export interface Account {
  owner: bigint;
  ax: bigint;
  ay: bigint;
  balance: bigint;
  nonce: bigint;
}

export interface Signature {
  R8x: bigint;
  R8y: bigint;
  S: bigint;
}

export interface Tx {
  type: bigint;
  from: bigint;
  to: bigint;
  amount: bigint;
  owner: bigint;
  ax: bigint;
  ay: bigint;
  sig?: Signature;
}

export class ModelError extends Error {
  override name = 'ModelError';
}

export const accountLeaf = (a: Account): bigint => poseidon5([a.owner, a.ax, a.ay, a.balance, a.nonce].map(mod));

/** The sparse Merkle tree of SPEC "State": node = Poseidon(left, right), empty leaf 0. */
export class StateTree {
  readonly depth: number;
  private readonly accounts = new Map<number, Account>();
  /** levels[0] = leaves, levels[depth] = { 0: root }; missing nodes are the empty subtree's. */
  private readonly levels: Map<number, bigint>[];
  private readonly empty: bigint[];

  constructor(depth: number) {
    this.depth = depth;
    this.levels = Array.from({ length: depth + 1 }, () => new Map<number, bigint>());
    this.empty = [0n];
    for (let i = 0; i < depth; i++) this.empty.push(poseidon2([this.empty[i]!, this.empty[i]!]));
  }

  private node(level: number, index: number): bigint {
    return this.levels[level]!.get(index) ?? this.empty[level]!;
  }

  get root(): bigint {
    return this.node(this.depth, 0);
  }

  get(index: number): Account | undefined {
    const a = this.accounts.get(index);
    return a && { ...a };
  }

  leaf(index: number): bigint {
    return this.node(0, index);
  }

  siblings(index: number): bigint[] {
    this.checkIndex(index);
    return Array.from({ length: this.depth }, (_, level) => this.node(level, (index >> level) ^ 1));
  }

  /** Sets the account at `index` (undefined: the empty leaf) and rehashes its path. */
  set(index: number, account: Account | undefined): void {
    this.checkIndex(index);
    if (account) this.accounts.set(index, { ...account });
    else this.accounts.delete(index);
    let value = account ? accountLeaf(account) : 0n;
    let i = index;
    for (let level = 0; level < this.depth; level++) {
      this.levels[level]!.set(i, value);
      const left = i & 1 ? this.node(level, i ^ 1) : value;
      const right = i & 1 ? value : this.node(level, i ^ 1);
      value = poseidon2([left, right]);
      i >>= 1;
    }
    this.levels[this.depth]!.set(0, value);
  }

  clone(): StateTree {
    const t = new StateTree(this.depth);
    for (const [i, a] of this.accounts) t.set(i, a);
    return t;
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** this.depth) {
      throw new ModelError(`"index" expected an integer in [0, ${2 ** this.depth}), got ${index}`);
    }
  }
}

/** The signed message of TRANSFER and WITHDRAW: Poseidon(type, from, to, amount, nonce). */
export const txMessage = (tx: Pick<Tx, 'type' | 'from' | 'to' | 'amount'>, nonce: bigint): bigint =>
  poseidon5([tx.type, tx.from, tx.to, tx.amount, nonce].map(mod));

export function publicKey(secret: Uint8Array): { ax: bigint; ay: bigint } {
  const [ax, ay] = derivePublicKey(secret);
  return { ax: BigInt(ax), ay: BigInt(ay) };
}

export function sign(secret: Uint8Array, message: bigint): Signature {
  const s = signMessage(secret, message);
  return { R8x: BigInt(s.R8[0]), R8y: BigInt(s.R8[1]), S: BigInt(s.S) };
}

const blank = { type: 0n, from: 0n, to: 0n, amount: 0n, owner: 0n, ax: 0n, ay: 0n };
export const noop = (): Tx => ({ ...blank });
export const deposit = (to: number, amount: bigint, owner = 0n, key = { ax: 0n, ay: 0n }): Tx => ({
  ...blank,
  type: TxType.DEPOSIT,
  to: BigInt(to),
  amount,
  owner,
  ...key,
});
export const forcedWithdrawal = (from: number, owner: bigint, amount: bigint): Tx => ({
  ...blank,
  type: TxType.FORCED_WITHDRAWAL,
  from: BigInt(from),
  owner,
  amount,
});
/** A TRANSFER signed by `secret` over `nonce`. */
export function transfer(secret: Uint8Array, from: number, to: number, amount: bigint, nonce: bigint): Tx {
  const tx = { ...blank, type: TxType.TRANSFER, from: BigInt(from), to: BigInt(to), amount };
  return { ...tx, sig: sign(secret, txMessage(tx, nonce)) };
}
/** A WITHDRAW signed by `secret` over `nonce`, paying `owner`. */
export function withdraw(secret: Uint8Array, from: number, amount: bigint, owner: bigint, nonce: bigint): Tx {
  const tx = { ...blank, type: TxType.WITHDRAW, from: BigInt(from), amount, owner };
  return { ...tx, sig: sign(secret, txMessage(tx, nonce)) };
}

/** What a FORCED_WITHDRAWAL of `owner` from `from` withdraws: the whole balance if the owner asks, else 0. */
export function forcedAmount(tree: StateTree, from: number, owner: bigint): bigint {
  const a = tree.get(from);
  return a && a.owner === owner ? a.balance : 0n;
}

/** h(i+1) = Poseidon(h(i), Poseidon(type, from, to, amount, Poseidon(owner, ax, ay))), h0 = 0. */
export function txDataHash(txs: readonly Tx[]): bigint {
  let h = 0n;
  for (const tx of txs) {
    const key = poseidon3([tx.owner, tx.ax, tx.ay].map(mod));
    h = poseidon2([h, poseidon5([tx.type, tx.from, tx.to, tx.amount, key].map(mod))]);
  }
  return h;
}

const MAX_BALANCE = 1n << 128n;
const MAX_NONCE = 1n << 32n;
const isQueue = (t: bigint) => t === TxType.DEPOSIT || t === TxType.FORCED_WITHDRAWAL;

/** Throws a ModelError when `tx` breaks a rule of SPEC "Transactions" in the state `tree`. */
export function checkTx(tree: StateTree, tx: Tx): void {
  const fail = (why: string): never => {
    throw new ModelError(`type ${tx.type}: ${why}`);
  };
  const index = (v: bigint, name: string): number => {
    if (v < 0n || v >= BigInt(2 ** tree.depth)) fail(`"${name}" ${v} is not an account index`);
    return Number(v);
  };
  if (tx.amount < 0n || tx.amount >= MAX_BALANCE) fail(`amount ${tx.amount} is not below 2^128`);
  if (tx.owner < 0n || tx.owner >= 1n << 160n) fail(`owner ${tx.owner} is not an address`);
  const signed = tx.type === TxType.TRANSFER || tx.type === TxType.WITHDRAW;
  if (!signed && tx.sig && (tx.sig.R8x || tx.sig.R8y || tx.sig.S)) fail('an unsigned type carries a signature');
  const zero = (names: (keyof Tx)[]) => {
    for (const n of names) if (tx[n] !== 0n) fail(`"${n}" must be 0`);
  };
  switch (tx.type) {
    case TxType.NOOP:
      zero(['from', 'to', 'amount', 'owner', 'ax', 'ay']);
      return;
    case TxType.DEPOSIT: {
      zero(['from']);
      const b = tree.get(index(tx.to, 'to'));
      if (b) {
        zero(['owner', 'ax', 'ay']);
        if (b.balance + tx.amount >= MAX_BALANCE) fail('the new balance is not below 2^128');
      }
      return;
    }
    case TxType.TRANSFER:
    case TxType.WITHDRAW: {
      zero(tx.type === TxType.TRANSFER ? ['owner', 'ax', 'ay'] : ['to', 'ax', 'ay']);
      const from = index(tx.from, 'from');
      const a = tree.get(from) ?? fail(`account ${from} does not exist`);
      if (tx.amount > a.balance) fail(`amount ${tx.amount} exceeds the balance ${a.balance}`);
      if (a.nonce + 1n >= MAX_NONCE) fail('the nonce would reach 2^32');
      if (tx.type === TxType.WITHDRAW && tx.owner !== a.owner) fail(`owner ${tx.owner} is not the account's ${a.owner}`);
      if (tx.type === TxType.TRANSFER) {
        const to = index(tx.to, 'to');
        if (to === from) fail('from = to');
        const b = tree.get(to) ?? fail(`account ${to} does not exist`);
        if (b.balance + tx.amount >= MAX_BALANCE) fail('the new balance is not below 2^128');
      }
      return;
    }
    case TxType.FORCED_WITHDRAWAL: {
      zero(['to', 'ax', 'ay']);
      const expected = forcedAmount(tree, index(tx.from, 'from'), tx.owner);
      if (tx.amount !== expected) fail(`amount ${tx.amount}, expected ${expected}`);
      return;
    }
    default:
      fail('unknown type');
  }
}

export interface Batch {
  /** The circuit's input (snarkjs wtns calculate / fullProve). */
  input: Record<string, bigint | bigint[] | bigint[][]>;
  /** The 53 public inputs: [oldRoot, newRoot, txDataHash, queueStart, queueEnd, queueAccStart, queueAccEnd, payoutsHash, weight limbs…, y limbs…]. */
  publicSignals: bigint[];
  oldRoot: bigint;
  newRoot: bigint;
  txDataHash: bigint;
}

export interface BatchOptions {
  queueStart: bigint;
  /** Default: queueStart + the number of queue slots. */
  queueEnd?: bigint;
  /** Refuse a slot that breaks a rule (default true). */
  check?: boolean;
  /** Called before each slot's input is recorded, to spoil it for a negative test. */
  tamper?: (slot: number, fields: Record<string, bigint | bigint[]>) => void;
  /** The contract's queueAcc[queueStart] (default 0). */
  queueAccStart?: bigint;
  /** A blob batch: the versioned hash of its blob (default: a calldata batch, weights and y 0). */
  versionedHash?: Uint8Array;
}

const BLS_MODULUS = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n;
const LIMB = (1n << 85n) - 1n;
/** Three 85-bit limbs, least significant first. */
export const limbs3 = (v: bigint): bigint[] => [v & LIMB, (v >> 85n) & LIMB, v >> 170n];

/** queueAcc' = Poseidon(queueAcc, Poseidon(type, from, to, amount (0 for FORCED_WITHDRAWAL), Poseidon(owner, ax, ay))). */
export const queueAccNext = (acc: bigint, t: Tx): bigint =>
  poseidon2([acc, poseidon5([t.type, t.from, t.to, t.type === TxType.FORCED_WITHDRAWAL ? 0n : t.amount, poseidon3([t.owner, t.ax, t.ay])].map(mod))]);

/** The blob evaluation's inputs: weight[14][3], y[3] and the quotient's four limbs. */
export function blobInputs(slots: readonly Tx[], versionedHash: Uint8Array | undefined, hash: bigint): { weight: bigint[][]; y: bigint[]; blobQ: bigint[] } {
  const elements = slots.flatMap((t) => [t.type, t.from, t.to, t.amount, t.owner, t.ax, t.ay].map(mod));
  if (versionedHash === undefined) return { weight: elements.map(() => [0n, 0n, 0n]), y: [0n, 0n, 0n], blobQ: [0n, 0n, 0n, 0n] };
  const txs = slots.map((t) => txFromFields([t.type, t.from, t.to, t.amount, t.owner, t.ax, t.ay].map(mod)));
  const { weights, y } = blobBinding(versionedHash, hash, txs, slots.length);
  const sum = elements.reduce((acc, a, e) => acc + a * weights[e]!, 0n);
  if ((sum - y) % BLS_MODULUS !== 0n) throw new ModelError('y is not the blob evaluation');
  const q = (sum - y) / BLS_MODULUS;
  return { weight: weights.map(limbs3), y: limbs3(y), blobQ: [...limbs3(q & ((1n << 255n) - 1n)), q >> 255n] };
}

/**
 * Applies `txs` (padded with NOOPs to `k` slots) to `tree`, which it changes, and returns the
 * circuit's input and public signals.
 */
export function buildBatch(tree: StateTree, txs: readonly Tx[], opts: BatchOptions, k = 2): Batch {
  if (txs.length > k) throw new ModelError(`a batch holds ${k} transactions, got ${txs.length}`);
  const slots = [...txs, ...Array.from({ length: k - txs.length }, noop)];
  const check = opts.check ?? true;
  if (check) {
    for (let i = 1; i < k; i++) {
      if (isQueue(slots[i]!.type) && !isQueue(slots[i - 1]!.type)) throw new ModelError(`slot ${i}: a queue transaction after a non-queue one`);
    }
  }
  const queued = BigInt(slots.filter((t) => isQueue(t.type)).length);
  const queueEnd = opts.queueEnd ?? opts.queueStart + queued;
  if (check && queueEnd - opts.queueStart !== queued) throw new ModelError(`queue range holds ${queueEnd - opts.queueStart}, the batch ${queued}`);

  const oldRoot = tree.root;
  const rows: Record<string, bigint | bigint[]>[] = [];
  for (const [i, tx] of slots.entries()) {
    if (check) checkTx(tree, tx);
    const updatesA = tx.type === TxType.TRANSFER || tx.type === TxType.WITHDRAW || tx.type === TxType.FORCED_WITHDRAWAL;
    const updatesB = tx.type === TxType.DEPOSIT || tx.type === TxType.TRANSFER;
    const signed = tx.type === TxType.TRANSFER || tx.type === TxType.WITHDRAW;
    const row: Record<string, bigint | bigint[]> = {
      type: tx.type,
      from: tx.from,
      to: tx.to,
      amount: tx.amount,
      owner: tx.owner,
      ax: tx.ax,
      ay: tx.ay,
      sigR8x: tx.sig?.R8x ?? 0n,
      sigR8y: tx.sig?.R8y ?? 0n,
      sigS: tx.sig?.S ?? 0n,
    };

    // Update A: `from`, as the circuit computes it.
    const aIndex = updatesA ? Number(tx.from) : 0;
    const a = updatesA ? tree.get(aIndex) : undefined;
    Object.assign(row, fields('a', a), { aSiblings: tree.siblings(aIndex) });
    if (a) {
      tree.set(aIndex, { ...a, balance: mod(a.balance - tx.amount), nonce: a.nonce + (signed ? 1n : 0n) });
    }

    // Update B: `to`, in the state after A.
    const bIndex = updatesB ? Number(tx.to) : 0;
    const b = updatesB ? tree.get(bIndex) : undefined;
    Object.assign(row, fields('b', b), { bSiblings: tree.siblings(bIndex) });
    if (updatesB) {
      const base = b ?? { owner: 0n, ax: 0n, ay: 0n, balance: 0n, nonce: 0n };
      tree.set(bIndex, {
        owner: mod(base.owner + tx.owner),
        ax: mod(base.ax + tx.ax),
        ay: mod(base.ay + tx.ay),
        balance: mod(base.balance + tx.amount),
        nonce: base.nonce,
      });
    }
    opts.tamper?.(i, row);
    rows.push(row);
  }

  const input: Batch['input'] = {};
  const hash = txDataHash(slots);
  const queueAccStart = opts.queueAccStart ?? 0n;
  const queueAccEnd = slots.filter((t) => isQueue(t.type)).reduce(queueAccNext, queueAccStart);
  const payouts = slots.reduce((p, t) => {
    const pays = t.type === TxType.WITHDRAW || t.type === TxType.FORCED_WITHDRAWAL;
    return poseidon3([p, pays ? t.owner : 0n, pays ? t.amount : 0n].map(mod));
  }, 0n);
  const blob = blobInputs(slots, opts.versionedHash, hash);
  Object.assign(input, { oldRoot, newRoot: tree.root, txDataHash: hash, queueStart: opts.queueStart, queueEnd, queueAccStart, queueAccEnd, payoutsHash: payouts, weight: blob.weight, y: blob.y });
  for (const name of Object.keys(rows[0]!)) input[name] = rows.map((r) => r[name]) as bigint[] | bigint[][];
  input.blobQ = blob.blobQ;
  return {
    input,
    publicSignals: [oldRoot, tree.root, hash, opts.queueStart, queueEnd, queueAccStart, queueAccEnd, payouts, ...blob.weight.flat(), ...blob.y],
    oldRoot,
    newRoot: tree.root,
    txDataHash: hash,
  };
}

function fields(prefix: 'a' | 'b', account: Account | undefined): Record<string, bigint> {
  const a = account ?? { owner: 0n, ax: 0n, ay: 0n, balance: 0n, nonce: 0n };
  return {
    [`${prefix}Owner`]: a.owner,
    [`${prefix}Ax`]: a.ax,
    [`${prefix}Ay`]: a.ay,
    [`${prefix}Balance`]: a.balance,
    [`${prefix}Nonce`]: a.nonce,
    [`${prefix}Exists`]: account ? 1n : 0n,
  };
}
