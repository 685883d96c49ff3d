/**
 * The devnet rollup's sequencer and the L2 state it keeps in memory (the "ledger").
 *
 * Every round (a timer, and at once when an L2 transaction arrives) the sequencer reads the
 * contract's queue from L1 (its Deposited / ForcedWithdrawalRequested events, with the counters
 * queueHead, queueTail, batchCount and frozen from storage), then forms at most one batch of
 * K = 2 slots: the queue entries not yet in a batch first, in queue order, then pending L2
 * transfers and withdrawals in arrival order, each applied with the model
 * (src/l2/vigil-zk/transactions.ts), NOOP-padded. A transaction the model refuses is dropped and
 * its reason kept (vigil_getTransaction). Batches are formed only when there is work, plus an
 * empty heartbeat batch when none was formed for `heartbeatSeconds`, so that L1's `lastBatchAt`
 * says "alive" while the L2 is idle. The batch's witness (the circuit's input) is built at once;
 * the proving loop (./proving-loop.ts) proves (./prover.ts) and commits (./commit.ts) batches in order.
 *
 * A batch posted in a blob (the default; SPEC "Batches in blobs") gets its blob and commitment
 * when formed (its witness binds the blob's versioned hash), and its blob's proofs are started
 * at once in ./blob-kzg.ts's worker. The queue accumulator (the contract's queueAcc) is chained
 * here from the queue events, as the contract chains it.
 *
 * With the switchboard's `sequencer-stall` on, no batch is formed at all (the L1 queue ages).
 * @module
 */
import { decodeEventLog, type Hex } from 'viem';
import { bigIntToHex, hexToBigInt } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { verifyPoseidon } from '../../crypto/babyjub.ts';
import { batchBlob, nextQueueAcc } from '../../l2/vigil-zk/blob.ts';
import { RollupState } from '../../l2/vigil-zk/state.ts';
import {
  DEFAULT_BATCH_SIZE,
  forcedWithdrawalAmount,
  traceTransaction,
  type Transaction,
  transaction,
  TX_TYPE,
  txMessage,
} from '../../l2/vigil-zk/transactions.ts';
import { buildWitness, type CircuitInput } from './witness.ts';
import { jsonRpcBatch, jsonRpcCall } from '../../rpc/http.ts';
import type { EdDSASignature } from '../../crypto/babyjub.ts';
import type { BatchBlob, BatchBlobKzg } from './blob-kzg.ts';
import { ARTIFACTS } from './contracts/artifacts.ts';

const ROLLUP_ABI = ARTIFACTS.VigilRollup.abi;
const RPC = { timeoutMs: 15_000, maxBytes: 1 << 24 };
/** Formed batches waiting for the prover beyond which the sequencer waits too (prover-stall). */
export const MAX_UNCOMMITTED = 16;
/** Transactions accepted and not yet in a batch, at most. */
export const MAX_MEMPOOL = 256;
/** How long a transaction whose nonce is ahead of its account's may wait for the ones before it. */
const NONCE_GAP_MS = 120_000;

/** An entry of the contract's L1 queue, as its event told it. */
export interface QueueEntry {
  index: bigint;
  /** DEPOSIT complete; FORCED_WITHDRAWAL with amount 0 (the L2 decides it when the batch is formed). */
  tx: Transaction;
  l1Block: number;
  l1TxHash: string;
}

/** An accepted L2 transaction waiting for a batch. */
export interface PendingTx {
  id: string;
  kind: 'transfer' | 'withdraw';
  from: number;
  to: number;
  amount: bigint;
  nonce: bigint;
  signature: EdDSASignature;
  receivedAt: number;
}

export type TxStatus =
  | { status: 'pending' }
  | { status: 'included'; batch: number; slot: number }
  | { status: 'dropped'; code: string; reason: string };

/** A batch from its forming to its commitment on L1. */
/** A Groth16 proof as snarkjs writes it (proof.json): what the prover (./prover.ts) attaches to a batch. */
export interface SnarkjsProof {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol: string;
  curve: string;
}

export interface RollupBatch {
  /** 1-based, the number L1 gives it when committed (batches commit in order). */
  batch: number;
  /** The K slots, NOOP-padded (TRANSFER/WITHDRAW with their signatures). */
  txs: Transaction[];
  oldRoot: bigint;
  newRoot: bigint;
  txDataHash: bigint;
  queueStart: bigint;
  queueEnd: bigint;
  /** The proof's 53 public inputs (src/l2/vigil-zk/inputs.ts). */
  publicInputs: readonly bigint[];
  /** Where its data goes on L1: the commit transaction's first blob, or its calldata. */
  posting: BatchPosting;
  /** A blob batch's blob (with its commitment) and the evaluation the commit proves: P(z) = y. */
  blob?: { data: BatchBlob; z: bigint; y: bigint };
  /** The L2 state after the batch. */
  state: RollupState;
  /** The circuit's input (the model's witness); absent for batches rebuilt from L1. */
  input?: CircuitInput;
  /** Ids of the L2 transactions in it. */
  l2Ids: string[];
  heartbeat: boolean;
  formedAt: number;
  status: 'formed' | 'proving' | 'proven' | 'committing' | 'committed';
  proof?: SnarkjsProof;
  publicSignals?: string[];
  provingMs?: number;
  /** Its proof is an earlier batch's, whose statement (public signals and witness) was the same. */
  proofReused?: boolean;
  l1TxHash?: string;
  l1Block?: number;
  committedAt?: number;
}

/** How a batch's data is posted on L1 (`vigil devnet --rollup-calldata` keeps calldata). */
export type BatchPosting = 'blob' | 'calldata';

/** The contract's counters, read each round. */
export interface L1Counters {
  batchCount: bigint;
  queueHead: bigint;
  queueTail: bigint;
  frozen: boolean;
  blockNumber: number;
}

/**
 * The L2 as the devnet knows it: the state after each committed batch (batch 0: the empty tree),
 * the formed batches, the pending head (after every formed batch), the L1 queue read so far, the
 * mempool and every transaction's fate.
 */
export class RollupLedger {
  /** batches[n - 1] is batch n. */
  readonly batches: RollupBatch[] = [];
  readonly queue = new Map<bigint, QueueEntry>();
  readonly mempool: PendingTx[] = [];
  readonly statuses = new Map<string, TxStatus>();
  /** The first queue entry no formed batch holds. */
  nextQueueIndex = 0n;

  /** The latest batch L1 accepted (0: none). */
  committedBatch = 0;
  /** Why the rollup stopped for good (a frozen contract, a batch the circuit refused), if it did. */
  halted: string | undefined;
  l1: L1Counters | undefined;
  /** queueAcc[n] for the entries read so far (queueAcc[0] = 0), as the contract chains them. */
  private readonly accs: bigint[] = [0n];

  constructor(
    readonly genesis: RollupState = RollupState.empty(),
    readonly batchSize: number = DEFAULT_BATCH_SIZE,
  ) {}

  /** The state after every formed batch: what the sequencer builds on. */
  get head(): RollupState {
    return this.batches.at(-1)?.state ?? this.genesis;
  }

  /** The state after batch `n` (0: genesis), or null when no such batch was formed. */
  stateAt(n: number): RollupState | null {
    if (n === 0) return this.genesis;
    return this.batches[n - 1]?.state ?? null;
  }

  /** The state L1 accepted last. */
  get committed(): RollupState {
    return this.stateAt(this.committedBatch)!;
  }

  /**
   * The contract's queueAcc[n] (SPEC "Queue accumulator"), chained from the queue entries 0..n−1.
   * @throws Error when an entry before n was not read from L1
   */
  queueAccAt(n: bigint): bigint {
    while (BigInt(this.accs.length - 1) < n) {
      const i = BigInt(this.accs.length - 1);
      const entry = this.queue.get(i);
      if (entry === undefined) throw new Error(`queue entry ${i} was not read from L1`);
      this.accs.push(nextQueueAcc(this.accs.at(-1)!, entry.tx));
    }
    return this.accs[Number(n)]!;
  }

  batch(n: number): RollupBatch | null {
    return this.batches[n - 1] ?? null;
  }

  /** Formed batches L1 has not accepted yet, in order. */
  uncommitted(): RollupBatch[] {
    return this.batches.slice(this.committedBatch);
  }

  /** Queue entries read from L1 that no formed batch holds yet. */
  waitingQueue(): number {
    let n = 0;
    for (let i = this.nextQueueIndex; this.queue.has(i); i++) n++;
    return n;
  }

  /** Whether account `index` exists in the pending head or a queued deposit opens it. */
  knownAccount(index: number): boolean {
    if (this.head.account(index) !== null) return true;
    for (const entry of this.queue.values()) if (entry.tx.type === TX_TYPE.DEPOSIT && entry.tx.to === BigInt(index)) return true;
    return false;
  }

  /**
   * The index of the account with this owner and key (any key when `key` is absent: the lowest
   * such index): in the pending head, else in a queued deposit not yet in a batch. Null when none.
   */
  accountIndex(owner: bigint, key?: { ax: bigint; ay: bigint }): number | null {
    const same = (o: bigint, ax: bigint, ay: bigint) => o === owner && (key === undefined || (ax === key.ax && ay === key.ay));
    for (const [index, a] of this.head.accounts()) if (same(a.owner, a.ax, a.ay)) return index;
    const queued = [...this.queue.values()].sort((a, b) => (a.index < b.index ? -1 : 1));
    for (const { tx } of queued) {
      // A deposit to a new account names its owner; a top-up names none (owner 0).
      if (tx.type === TX_TYPE.DEPOSIT && tx.owner !== 0n && same(tx.owner, tx.ax, tx.ay)) return Number(tx.to);
    }
    return null;
  }
}

/** Why an L2 transaction is refused at once (vigil_sendTransfer / vigil_sendWithdraw). */
export class TxRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SubmitParams {
  kind: 'transfer' | 'withdraw';
  from: number;
  /** TRANSFER only (0 for a withdrawal). */
  to: number;
  amount: bigint;
  nonce: bigint;
  signature: EdDSASignature;
  /** WITHDRAW: if given, must be the account's owner (the one the contract pays). */
  owner?: bigint;
}

export interface SequencerOptions {
  ledger: RollupLedger;
  /** The node's own JSON-RPC. */
  rpc: string;
  contract: string;
  /** The block the contract was deployed in: where its events start. */
  deployedAt: number;
  /** Whether `sequencer-stall` is on (read every round). */
  stalled: () => boolean;
  /** A batch was formed: the prover takes it. */
  onBatch: (batch: RollupBatch) => void;
  /** Round period. Default 1000 ms. */
  intervalMs?: number;
  /** An empty batch when none was formed for this long. Default 10 s. */
  heartbeatSeconds?: number;
  /** Batches in blobs (their KZG): absent, batches are posted in calldata. */
  blobKzg?: BatchBlobKzg;
  log?: (line: string) => void;
}

/**
 * @example
 * const sequencer = new Sequencer({ ledger, rpc, contract, deployedAt, stalled: () => false, onBatch });
 * sequencer.start();
 * const id = sequencer.submit({ kind: 'transfer', from: 0, to: 1, amount: 5n, nonce: 0n, signature });
 */
export class Sequencer {
  private readonly ledger: RollupLedger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private logCursor: number;
  private lastFormedAt = Date.now();
  private lastError = '';
  private stopped = false;

  constructor(private readonly options: SequencerOptions) {
    this.ledger = options.ledger;
    this.logCursor = options.deployedAt - 1;
  }

  get heartbeatMs(): number {
    return (this.options.heartbeatSeconds ?? 10) * 1000;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.intervalMs ?? 1000);
    this.kick();
  }

  /** Stops the rounds and waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** A round now (or right after the one running). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round()
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (message !== this.lastError) this.options.log?.(`rollup: sequencer round failed: ${message}`);
        this.lastError = message;
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * Accepts a signed transfer or withdrawal into the mempool after checking it against the
   * pending head: the account exists, the signature is by its key over
   * Poseidon(type, from, to, amount, nonce), the nonce is not used yet. Returns its id (the
   * message's hash as 0x-hex: the same transaction sent twice has the same id).
   * @throws TxRefused
   */
  submit(p: SubmitParams): string {
    const ledger = this.ledger;
    if (ledger.halted !== undefined) throw new TxRefused('ROLLUP_HALTED', `the rollup takes no transactions: ${ledger.halted}`);
    const type = p.kind === 'transfer' ? TX_TYPE.TRANSFER : TX_TYPE.WITHDRAW;
    const head = ledger.head;
    const size = 2 ** head.depth;
    if (p.from >= size || p.to >= size) throw new TxRefused('L2_TX_MALFORMED', `account indices go from 0 to ${size - 1}`);
    if (p.kind === 'transfer' && p.from === p.to) throw new TxRefused('L2_SELF_TRANSFER', `"from" and "to" are both ${p.from}`);
    const account = head.account(p.from);
    if (account === null) throw new TxRefused('L2_ACCOUNT_MISSING', `account ${p.from} does not exist on the L2 (yet)`);
    if (p.kind === 'transfer' && !ledger.knownAccount(p.to)) {
      throw new TxRefused('L2_ACCOUNT_MISSING', `the recipient ${p.to} does not exist on the L2`);
    }
    if (p.kind === 'withdraw' && p.owner !== undefined && p.owner !== account.owner) {
      throw new TxRefused('L2_OWNER_MISMATCH', `"owner" ${bigIntToHex(p.owner)} is not account ${p.from}'s owner ${bigIntToHex(account.owner)}`);
    }
    const tx = transaction({ type, from: BigInt(p.from), to: BigInt(p.to), amount: p.amount });
    const message = txMessage(tx, p.nonce);
    if (!verifyPoseidon(message, p.signature, { ax: account.ax, ay: account.ay })) {
      throw new TxRefused('L2_SIGNATURE_INVALID', `the signature is not by account ${p.from}'s key over Poseidon(${type}, ${p.from}, ${p.to}, ${p.amount}, ${p.nonce})`);
    }
    // Sent again (pending or already in a batch): the same transaction, its id.
    const id = `0x${message.toString(16).padStart(64, '0')}`;
    const known = ledger.statuses.get(id);
    if (known !== undefined && known.status !== 'dropped') return id;
    if (p.nonce < account.nonce) throw new TxRefused('L2_NONCE_USED', `nonce ${p.nonce} of account ${p.from} is used (its nonce is ${account.nonce})`);
    if (ledger.mempool.length >= MAX_MEMPOOL) throw new TxRefused('MEMPOOL_FULL', `${MAX_MEMPOOL} transactions wait already`);
    ledger.mempool.push({ id, kind: p.kind, from: p.from, to: p.to, amount: p.amount, nonce: p.nonce, signature: p.signature, receivedAt: Date.now() });
    ledger.statuses.set(id, { status: 'pending' });
    this.kick();
    return id;
  }

  private async round(): Promise<void> {
    await this.readL1();
    const ledger = this.ledger;
    if (ledger.l1?.frozen && ledger.halted === undefined) {
      ledger.halted = 'the rollup contract is frozen';
      this.options.log?.('rollup: the contract is frozen; no more batches');
    }
    if (ledger.halted !== undefined || this.options.stalled()) return;
    if (ledger.uncommitted().length >= MAX_UNCOMMITTED) return;
    const batch = this.form(Date.now());
    if (batch === null) return;
    ledger.batches.push(batch);
    this.lastFormedAt = batch.formedAt;
    const kinds = batch.txs.map((t) => ['NOOP', 'DEPOSIT', 'TRANSFER', 'WITHDRAW', 'FORCED'][Number(t.type)]).join(', ');
    this.options.log?.(`rollup: batch ${batch.batch} formed [${kinds}] queue [${batch.queueStart}, ${batch.queueEnd})${batch.heartbeat ? ' (heartbeat)' : ''}`);
    this.options.onBatch(batch);
    // More work may wait (a third queue entry, more transfers): another round at once.
    if (ledger.waitingQueue() > 0 || ledger.mempool.length > 0) this.again = true;
  }

  /** Reads the counters and the new queue events from L1. */
  private async readL1(): Promise<void> {
    const { rpc, contract } = this.options;
    const slot = (n: number) => ({ method: 'eth_getStorageAt', params: [contract, bigIntToHex(n), 'latest'] });
    const answers = await jsonRpcBatch(rpc, [{ method: 'eth_blockNumber', params: [] }, slot(1), slot(3), slot(4), slot(9)], RPC);
    const values = answers.map((a, i) => {
      if (!a.ok) throw new Error(`reading the rollup contract: ${a.error.message}`);
      return hexToBigInt(a.result as string, `answer ${i}`);
    });
    const [blockNumber, batchCount, queueHead, queueTail, frozen] = values as [bigint, bigint, bigint, bigint, bigint];
    const ledger = this.ledger;
    if (Number(blockNumber) > this.logCursor) {
      const logs = (await jsonRpcCall(rpc, 'eth_getLogs', [{ address: contract, fromBlock: bigIntToHex(this.logCursor + 1), toBlock: bigIntToHex(blockNumber) }], RPC)) as LogJson[];
      for (const log of logs) {
        const entry = queueEntryOf(log);
        if (entry !== null && !ledger.queue.has(entry.index)) ledger.queue.set(entry.index, entry);
      }
      this.logCursor = Number(blockNumber);
    }
    ledger.l1 = { batchCount, queueHead, queueTail, frozen: frozen !== 0n, blockNumber: Number(blockNumber) };
  }

  /** The next batch, or null when there is nothing to do (and no heartbeat is due). */
  private form(now: number): RollupBatch | null {
    const ledger = this.ledger;
    const K = ledger.batchSize;
    const before = ledger.head;
    let working = before;
    const txs: Transaction[] = [];
    const queueStart = ledger.nextQueueIndex;
    let queueEnd = queueStart;
    for (; txs.length < K && ledger.queue.has(queueEnd); queueEnd++) {
      const queued = ledger.queue.get(queueEnd)!.tx;
      const tx = queued.type === TX_TYPE.FORCED_WITHDRAWAL ? { ...queued, amount: forcedWithdrawalAmount(working, queued.from, queued.owner) } : queued;
      try {
        working = traceTransaction(working, tx).state;
      } catch (err) {
        // Queue entries cannot be skipped: the rollup cannot go on.
        ledger.halted = `queue entry ${queueEnd} cannot be applied: ${(err as Error).message}`;
        this.options.log?.(`rollup: ${ledger.halted}`);
        return null;
      }
      txs.push(tx);
    }
    const l2Ids: string[] = [];
    const keep: PendingTx[] = [];
    const fates = new Map<string, TxStatus>();
    for (const p of ledger.mempool) {
      if (txs.length >= K) {
        keep.push(p);
        continue;
      }
      const drop = (code: string, reason: string) => fates.set(p.id, { status: 'dropped', code, reason });
      const account = working.account(p.from);
      if (account === null) {
        drop('L2_ACCOUNT_MISSING', `account ${p.from} does not exist`);
        continue;
      }
      if (p.nonce < account.nonce) {
        drop('L2_NONCE_USED', `nonce ${p.nonce} of account ${p.from} was used (its nonce is ${account.nonce})`);
        continue;
      }
      // A nonce ahead of the account's, or a recipient whose opening deposit is still queued: wait.
      const early = p.nonce > account.nonce || (p.kind === 'transfer' && working.account(p.to) === null && ledger.knownAccount(p.to));
      if (early) {
        if (now - p.receivedAt > NONCE_GAP_MS) drop('L2_TX_EXPIRED', `waited ${NONCE_GAP_MS / 1000} s for account ${p.from}'s nonce ${account.nonce} or the recipient's deposit`);
        else keep.push(p);
        continue;
      }
      const tx = transaction({
        type: p.kind === 'transfer' ? TX_TYPE.TRANSFER : TX_TYPE.WITHDRAW,
        from: BigInt(p.from),
        to: BigInt(p.to),
        amount: p.amount,
        ...(p.kind === 'withdraw' ? { owner: account.owner } : {}),
        signature: p.signature,
      });
      try {
        working = traceTransaction(working, tx).state;
      } catch (err) {
        if (!(err instanceof VerificationError)) throw err;
        drop(err.code, err.shortMessage);
        continue;
      }
      fates.set(p.id, { status: 'included', batch: ledger.batches.length + 1, slot: txs.length });
      txs.push(tx);
      l2Ids.push(p.id);
    }

    const heartbeat = txs.length === 0;
    const idle = heartbeat && (now - this.lastFormedAt < this.heartbeatMs || ledger.uncommitted().length > 0);
    let witness: ReturnType<typeof buildWitness> | undefined;
    let blob: BatchBlob | undefined;
    if (!idle) {
      try {
        blob = this.options.blobKzg?.batchBlob(batchBlob(txs, K));
        witness = buildWitness(before, txs, { queueStart, queueEnd, queueAccStart: ledger.queueAccAt(queueStart) }, { batchSize: K, ...(blob ? { blob: { versionedHash: blob.versionedHash } } : {}) });
      } catch (err) {
        // The model applied each slot above: a refusal here is a bug, not a user's mistake.
        ledger.halted = `the witness of batch ${ledger.batches.length + 1} cannot be built: ${(err as Error).message}`;
        this.options.log?.(`rollup: ${ledger.halted}`);
        return null;
      }
    }
    // No batch (nothing to do): nothing was included, so only the dropped leave the mempool.
    for (const [id, fate] of fates) ledger.statuses.set(id, fate);
    ledger.mempool.splice(0, ledger.mempool.length, ...keep);
    if (witness === undefined) return null;
    ledger.nextQueueIndex = queueEnd;
    const binding = witness.binding;
    if (blob !== undefined && binding !== null) {
      // The worker starts on the blob's proofs now; the proving loop awaits them at commit time.
      this.options.blobKzg!.proofs(blob, binding.z).catch(() => {});
    }
    return {
      batch: ledger.batches.length + 1,
      txs: [...witness.txs],
      oldRoot: witness.publicInputs[0]!,
      newRoot: witness.publicInputs[1]!,
      txDataHash: witness.publicInputs[2]!,
      queueStart,
      queueEnd,
      publicInputs: witness.publicInputs,
      posting: blob !== undefined ? 'blob' : 'calldata',
      ...(blob !== undefined && binding !== null ? { blob: { data: blob, z: binding.z, y: binding.y } } : {}),
      state: witness.state,
      input: witness.input,
      l2Ids,
      heartbeat,
      formedAt: now,
      status: 'formed',
    };
  }
}

interface LogJson {
  address: string;
  topics: Hex[];
  data: Hex;
  blockNumber: string;
  transactionHash: string;
}

/** A queue entry from a Deposited or ForcedWithdrawalRequested log; null for other events. */
export function queueEntryOf(log: LogJson): QueueEntry | null {
  let decoded: { eventName: string; args: Record<string, unknown> };
  try {
    decoded = decodeEventLog({ abi: ROLLUP_ABI, data: log.data, topics: log.topics as [Hex, ...Hex[]] }) as never;
  } catch {
    return null;
  }
  const at = { l1Block: Number(log.blockNumber), l1TxHash: log.transactionHash };
  const a = decoded.args;
  if (decoded.eventName === 'Deposited') {
    return {
      index: a.queueIndex as bigint,
      tx: transaction({ type: TX_TYPE.DEPOSIT, to: a.to as bigint, amount: a.amount as bigint, owner: BigInt(a.owner as string), ax: a.ax as bigint, ay: a.ay as bigint }),
      ...at,
    };
  }
  if (decoded.eventName === 'ForcedWithdrawalRequested') {
    return { index: a.queueIndex as bigint, tx: transaction({ type: TX_TYPE.FORCED_WITHDRAWAL, from: a.from as bigint, owner: BigInt(a.owner as string) }), ...at };
  }
  return null;
}
