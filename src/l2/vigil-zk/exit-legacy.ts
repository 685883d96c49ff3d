/**
 * The forced exit from the devnet's validity rollup when its sequencer stalls, as a persisted
 * state machine (circuits/SPEC.md "The L1 contract"): requestForcedWithdrawal on L1 → wait for the
 * sequencer or the deadline → freeze() (anyone may, once the oldest queue entry is older than the
 * forced deadline) → escape() with the account's Merkle proof against the last finalized root →
 * done. If the sequencer processes the request first, the exit ends as a normal withdrawal (its
 * batch paid it); if the rollup is frozen already, it goes straight to escape.
 *
 * `advanceExit` is pure and idempotent: given the record and what was proven at a verified L1
 * head (the contract's slots, the verified receipts of the transactions the record sent, the
 * account's proof), it returns the next record and the one action to take. Only L1 facts move it:
 * never the L2 RPC's word. A record is written before its transaction is sent, and a sent
 * transaction is only ever followed by its verified receipt, so a restart at any point resumes.
 * @module
 */
import { bytesToHex, hexToBigInt } from '../../core/bytes.ts';
import { ESCAPED_TOPIC, encodeWords, FORCED_WITHDRAWAL_REQUESTED_TOPIC, selector } from './abi.ts';
import type { Account, AccountProof } from './tree.ts';
import { verifyAccountProof } from './tree.ts';

export type ExitStep =
  /** Send requestForcedWithdrawal(index). */
  | 'request'
  /** The request is sent; its verified receipt is awaited. */
  | 'requesting'
  /** Queued on L1: the sequencer may still process it; else the deadline comes. */
  | 'waiting'
  /** The deadline passed and the rollup is not frozen: send freeze(). */
  | 'freeze'
  | 'freezing'
  /** Frozen: send escape() with the account's proof against the last finalized root. */
  | 'escape'
  | 'escaping'
  /** Terminal: a batch processed the forced withdrawal (its commit paid the owner). */
  | 'withdrawn'
  /** Terminal: escape() paid the owner. */
  | 'escaped'
  /** Terminal: nothing can be recovered any more (see `error`). */
  | 'failed';

export const TERMINAL_STEPS: ReadonlySet<ExitStep> = new Set(['withdrawn', 'escaped', 'failed']);

/** An L1 transaction the exit sent: its hash, once signed (written before it is broadcast). */
export interface SentTx {
  hash: string;
  /** When it was signed (seconds, the L1 head's clock). */
  at: number;
}

export interface ExitRecord {
  /** `${rollupChainId}:${index}`. */
  id: string;
  rollupChainId: number;
  /** The rollup contract. */
  contract: string;
  /** The L2 account and its L1 owner (lower-case 0x-hex): the wallet account that signs. */
  index: number;
  owner: string;
  step: ExitStep;
  /** The L2 balance proven when the exit started (decimal wei). */
  startBalance: string;
  request?: SentTx & { queueIndex?: string; queuedAt?: number };
  freeze?: SentTx;
  escape?: SentTx & { amount?: string };
  /** The forced withdrawal's payout when a batch processed it (decimal wei), if it was seen. */
  withdrawn?: { amount: string | null; batch: string | null };
  /** The deadline after which freeze() is allowed (seconds), once known. */
  deadline?: number;
  /** The last problem (a reverted transaction, a proof refused); cleared when a step succeeds. */
  error?: { code: string; message: string };
  /** Transactions of this exit that reverted: after MAX_REVERTS it stops rather than pay gas again and again. */
  reverts: number;
  /** Each step taken, oldest first. */
  history: { step: ExitStep; at: number; note?: string }[];
  createdAt: number;
  updatedAt: number;
}

/** A verified receipt: status and logs, as VerifiedChain returns them. */
export interface ExitReceipt {
  status: string;
  logs: { address: string; topics: string[]; data: string }[];
}

/** What was proven at one verified L1 head. */
export interface ExitFacts {
  /** The head's timestamp (seconds). */
  now: number;
  stateRoot: bigint;
  queueHead: bigint;
  queueTail: bigint;
  /** queuedAt[queueHead] when the queue is not empty. */
  oldestQueuedAt: bigint | null;
  /** queuedAt[request.queueIndex], when the record knows its queue index. */
  requestQueuedAt: bigint | null;
  forcedDeadline: bigint;
  frozen: boolean;
  /** escaped[index]. */
  escaped: boolean;
  /** Verified receipts of the record's sent transactions by hash (absent: not yet in a verified block). */
  receipts: ReadonlyMap<string, ExitReceipt>;
  /** The account's proof against `stateRoot` (needed from step 'escape' on); from the L2 RPC or rebuilt from L1. */
  proof?: AccountProof;
}

export type ExitAction =
  /** `amount`: for an escape, the proven balance it pays (give it to recordSent). */
  | { kind: 'send'; tx: 'request' | 'freeze' | 'escape'; to: string; data: string; amount?: string }
  /** Nothing to do before `until` (seconds), or before the next head when undefined. */
  | { kind: 'wait'; reason: string; until?: number }
  /** The escape needs the account's proof against the root in `facts.stateRoot`. */
  | { kind: 'need-proof'; root: bigint }
  | { kind: 'done' };

const REQUEST = /* @__PURE__ */ selector('requestForcedWithdrawal(uint256)');
const FREEZE = /* @__PURE__ */ selector('freeze()');
const ESCAPE = /* @__PURE__ */ selector('escape(uint256,uint256,uint256,uint256,uint256,uint256,uint256[6])');

export function encodeRequestForcedWithdrawal(index: number): string {
  return encodeWords(REQUEST, [BigInt(index)]);
}

export function encodeFreeze(): string {
  return bytesToHex(FREEZE);
}

/** escape(index, owner, ax, ay, balance, nonce, siblings[6]): a static ABI encoding. */
export function encodeEscape(index: number, account: Account, siblings: readonly bigint[]): string {
  return encodeWords(ESCAPE, [BigInt(index), account.owner, account.ax, account.ay, account.balance, account.nonce, ...siblings]);
}

/** A new exit of `index` (owned by `owner`) with the L2 balance proven now. */
export function startExit(params: { rollupChainId: number; contract: string; index: number; owner: string; balance: bigint; now: number }): ExitRecord {
  return {
    id: `${params.rollupChainId}:${params.index}`,
    rollupChainId: params.rollupChainId,
    contract: params.contract.toLowerCase(),
    index: params.index,
    owner: params.owner.toLowerCase(),
    step: 'request',
    startBalance: params.balance.toString(),
    history: [{ step: 'request', at: params.now }],
    reverts: 0,
    createdAt: params.now,
    updatedAt: params.now,
  };
}

/** The record once the transaction of its current step is signed (write it before broadcasting). */
export function recordSent(record: ExitRecord, tx: 'request' | 'freeze' | 'escape', hash: string, now: number, amount?: string): ExitRecord {
  const sent = { hash: hash.toLowerCase(), at: now, ...(amount !== undefined ? { amount } : {}) };
  const next: ExitStep = tx === 'request' ? 'requesting' : tx === 'freeze' ? 'freezing' : 'escaping';
  return move({ ...record, [tx]: sent }, next, now);
}

function move(record: ExitRecord, step: ExitStep, now: number, note?: string): ExitRecord {
  if (record.step === step) return { ...record, updatedAt: now };
  return { ...record, step, history: [...record.history, { step, at: now, ...(note !== undefined ? { note } : {}) }], updatedAt: now };
}

function fail(record: ExitRecord, now: number, code: string, message: string): ExitRecord {
  return { ...move(record, record.step, now), error: { code, message } };
}

export const MAX_REVERTS = 3;

/** A transaction of the exit reverted: back to `retry`, or failed once MAX_REVERTS is reached. */
function reverted(record: ExitRecord, retry: ExitStep, now: number, what: string): ExitRecord {
  const reverts = record.reverts + 1;
  const r = { ...record, reverts };
  if (reverts >= MAX_REVERTS) return fail(move(r, 'failed', now, `${what} reverted ${reverts} times`), now, 'EXIT_TX_REVERTED', `${what} reverted ${reverts} times on L1`);
  return fail(move(r, retry, now, `${what} reverted; trying again`), now, 'EXIT_TX_REVERTED', `${what} reverted on L1`);
}

function logOf(receipt: ExitReceipt, contract: string, topic0: string): { topics: string[]; data: string } | undefined {
  return receipt.logs.find((l) => l.address.toLowerCase() === contract && l.topics[0]?.toLowerCase() === topic0);
}

/**
 * The next record and action from what was proven at one head. Call again after acting (or at
 * the next head): the same facts give the same answer.
 */
export function advanceExit(record: ExitRecord, facts: ExitFacts): { record: ExitRecord; action: ExitAction } {
  let r = record;
  const now = facts.now;
  // Each pass moves at most one step; a few passes settle what one head's facts allow.
  for (let pass = 0; pass < 8; pass++) {
    const out = step(r, facts, now);
    if ('action' in out) return { record: out.record, action: out.action };
    r = out.record;
  }
  return { record: r, action: { kind: 'wait', reason: 'settling' } };
}

type StepOut = { record: ExitRecord; action: ExitAction } | { record: ExitRecord };

function step(r: ExitRecord, f: ExitFacts, now: number): StepOut {
  switch (r.step) {
    case 'withdrawn':
    case 'escaped':
    case 'failed':
      return { record: r, action: { kind: 'done' } };

    case 'request':
      if (f.escaped) return { record: move(r, 'failed', now, 'the account escaped already') };
      // Frozen already (someone else froze first): straight to the escape.
      if (f.frozen) return { record: move(r, 'escape', now, 'the rollup is frozen already') };
      return { record: r, action: { kind: 'send', tx: 'request', to: r.contract, data: encodeRequestForcedWithdrawal(r.index) } };

    case 'requesting': {
      const receipt = f.receipts.get(r.request!.hash);
      if (receipt === undefined) {
        if (f.frozen) return { record: move(r, 'escape', now, 'frozen while the request was pending') };
        return { record: r, action: { kind: 'wait', reason: 'the request is not in a verified block yet' } };
      }
      if (receipt.status !== '0x1') {
        // A freeze that came first makes the request revert (RollupFrozen): escape instead.
        if (f.frozen) return { record: move(r, 'escape', now, 'the request reverted: the rollup is frozen') };
        const { request: _dropped, ...rest } = r;
        return { record: reverted(rest, 'request', now, 'requestForcedWithdrawal') };
      }
      const log = logOf(receipt, r.contract, FORCED_WITHDRAWAL_REQUESTED_TOPIC);
      const queueIndex = log?.topics[1];
      if (queueIndex === undefined || log?.topics[2] === undefined || hexToBigInt(log.topics[2], 'from') !== BigInt(r.index)) {
        return { record: move(r, 'failed', now, 'the request receipt holds no ForcedWithdrawalRequested of this account'), action: { kind: 'done' } };
      }
      const { error: _cleared, ...rest } = r;
      return { record: move({ ...rest, request: { ...r.request!, queueIndex: hexToBigInt(queueIndex, 'queueIndex').toString() } }, 'waiting', now) };
    }

    case 'waiting': {
      const queueIndex = BigInt(r.request!.queueIndex!);
      // The sequencer processed it: the batch's commit paid the owner (a FORCED_WITHDRAWAL of the whole balance).
      if (f.queueHead > queueIndex) return { record: move({ ...r, withdrawn: { amount: null, batch: null } }, 'withdrawn', now, 'a batch processed the forced withdrawal') };
      if (f.frozen) return { record: move(r, 'escape', now, 'the rollup is frozen') };
      // The receipt may be from a block after this head: until the head holds the entry (its queuedAt reads 0), wait.
      if (f.queueTail <= queueIndex) return { record: r, action: { kind: 'wait', reason: 'the request is not queued at this head yet' } };
      const queuedAt = f.requestQueuedAt ?? null;
      const withTime = queuedAt !== null ? { ...r, request: { ...r.request!, queuedAt: Number(queuedAt) } } : r;
      // freeze() looks at the oldest entry, which waited at least as long as ours.
      const oldest = f.oldestQueuedAt ?? queuedAt;
      if (oldest === null) return { record: withTime, action: { kind: 'wait', reason: 'the queue entry time is not proven yet' } };
      const deadline = Number(oldest + f.forcedDeadline);
      const timed = { ...withTime, deadline };
      if (now > deadline) return { record: move(timed, 'freeze', now, 'the forced deadline passed') };
      return { record: timed, action: { kind: 'wait', reason: 'waiting for the sequencer or the forced deadline', until: deadline + 1 } };
    }

    case 'freeze': {
      // The queue moved since 'waiting' chose to freeze (our entry processed, or the oldest entry
      // younger): freeze() would revert, or a batch paid us already. 'waiting' decides again.
      const queueIndex = BigInt(r.request!.queueIndex!);
      const oldest = f.oldestQueuedAt ?? f.requestQueuedAt ?? null;
      if (f.queueHead > queueIndex) return { record: move(r, 'waiting', now, 'a batch processed the request') };
      if (f.frozen) return { record: move(r, 'escape', now, 'frozen by someone else') };
      if (f.queueTail <= queueIndex || oldest === null || now <= Number(oldest + f.forcedDeadline)) {
        return { record: move(r, 'waiting', now, 'freeze() is not allowed at this head') };
      }
      return { record: r, action: { kind: 'send', tx: 'freeze', to: r.contract, data: encodeFreeze() } };
    }

    case 'freezing': {
      // A batch processed the request before the freeze (which may then pass on a younger overdue entry): it paid us.
      if (f.queueHead > BigInt(r.request!.queueIndex!)) return { record: move(r, 'waiting', now, 'a batch processed the request') };
      if (f.frozen) {
        const { error: _cleared, ...rest } = r;
        return { record: move(rest, 'escape', now) };
      }
      const receipt = f.receipts.get(r.freeze!.hash);
      if (receipt === undefined) return { record: r, action: { kind: 'wait', reason: 'the freeze is not in a verified block yet' } };
      // It passed in a block after this head (freeze() sets frozen, and nothing unsets it): not a revert.
      if (receipt.status === '0x1') return { record: r, action: { kind: 'wait', reason: 'the freeze passed after this head' } };
      // Reverted and not frozen (too early by the block's clock, or processed meanwhile): look again.
      const { freeze: _dropped, ...rest } = r;
      return { record: reverted(rest, 'waiting', now, 'freeze()') };
    }

    case 'escape': {
      if (f.escaped) return { record: move(r, 'failed', now, 'the account escaped already'), action: { kind: 'done' } };
      // escape() reverts unless frozen (NotFrozen): only a head that proves the freeze moves on.
      if (!f.frozen) return { record: r, action: { kind: 'wait', reason: 'the rollup is not frozen at this head' } };
      if (f.proof === undefined) return { record: r, action: { kind: 'need-proof', root: f.stateRoot } };
      let proven;
      try {
        proven = verifyAccountProof(f.stateRoot, f.proof);
      } catch (err) {
        const e = err as { code?: string; shortMessage?: string; message?: string };
        return { record: fail(r, now, e.code ?? 'L2_PROOF_INVALID', e.shortMessage ?? e.message ?? 'the account proof does not verify'), action: { kind: 'need-proof', root: f.stateRoot } };
      }
      if (proven.index !== r.index || proven.account === null || proven.account.owner !== hexToBigInt(r.owner, 'owner')) {
        return { record: fail(r, now, 'L2_OWNER_MISMATCH', `the proof is not of account ${r.index} owned by ${r.owner}`), action: { kind: 'need-proof', root: f.stateRoot } };
      }
      if (proven.account.balance === 0n) return { record: move(r, 'failed', now, 'the L2 balance is 0: nothing to escape'), action: { kind: 'done' } };
      const { error: _cleared, ...rest } = r;
      return {
        record: rest,
        action: { kind: 'send', tx: 'escape', to: r.contract, data: encodeEscape(r.index, proven.account, f.proof.siblings), amount: proven.account.balance.toString() },
      };
    }

    case 'escaping': {
      const receipt = f.receipts.get(r.escape!.hash);
      if (receipt !== undefined && receipt.status === '0x1') {
        const log = logOf(receipt, r.contract, ESCAPED_TOPIC);
        const amount = log ? hexToBigInt(log.data, 'amount').toString() : r.escape!.amount;
        const { error: _cleared, ...rest } = r;
        return { record: move({ ...rest, escape: { ...r.escape!, ...(amount !== undefined ? { amount } : {}) } }, 'escaped', now), action: { kind: 'done' } };
      }
      if (receipt === undefined) {
        if (f.escaped) return { record: r, action: { kind: 'wait', reason: 'escaped on L1; the receipt is not verified yet' } };
        return { record: r, action: { kind: 'wait', reason: 'the escape is not in a verified block yet' } };
      }
      // Reverted: a stale proof (the root cannot move once frozen, so a lie slipped through) or escaped already.
      if (f.escaped) return { record: move(r, 'failed', now, 'the account escaped already'), action: { kind: 'done' } };
      const { escape: _dropped, ...rest } = r;
      return { record: reverted(rest, 'escape', now, 'escape()') };
    }
  }
}

/** The amount recovered (decimal wei) when the exit ended, else null. */
export function recoveredAmount(record: ExitRecord): string | null {
  if (record.step === 'escaped') return record.escape?.amount ?? null;
  if (record.step === 'withdrawn') return record.withdrawn?.amount ?? null;
  return null;
}
