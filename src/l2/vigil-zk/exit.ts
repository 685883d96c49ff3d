/**
 * The forced exit from the devnet's validity rollup (`vigil-zk-v1`) when its sequencer stalls, as
 * an {@link ExitPlan} (circuits/SPEC.md "The L1 contract"): requestForcedWithdrawal on L1 → wait
 * for the sequencer or the deadline → freeze() (anyone may, once the oldest queue entry is older
 * than the forced deadline) → escape() with the account's Merkle proof against the last finalized
 * root → done. If the sequencer processes the request first, the exit ends as a normal withdrawal
 * (its batch paid it); if the rollup is frozen already, it goes straight to escape.
 *
 * Only L1 facts move it: the contract's slots proven at the head, the verified receipts of what
 * the exit sent, and the account's proof checked against the root proven there (the runner brings
 * the L2 RPC's, or one rebuilt from L1's commits and their blobs: src/client/exits/escape-proof.ts). Each send
 * names the step the record takes once signed ('requesting', 'freezing', 'escaping'), so the
 * record says which transaction it waits for.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBigInt } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { delayWords } from '../../core/units.ts';
import type { L1AccountRequest, SlotRef } from '../adapter.ts';
import {
  type ExitInputs,
  type ExitPlan,
  type ExitPlanAction,
  type ExitPlanRecord,
  type ExitReceiptFacts,
  type ExitRouteStep,
  type ExitStepOut,
  exitLog,
  followSent,
  exitWait,
  dropFacts,
  heldSlot,
  missingL1,
  moveExit,
  sentReceipt,
  settleExit,
  startExitRecord,
  withExitError,
  withoutExitError,
} from '../exit-plan.ts';
import { ESCAPED_TOPIC, encodeWords, FORCED_WITHDRAWAL_REQUESTED_TOPIC, selector } from './abi.ts';
import { ROLLUP_KIND, ROLLUP_SLOTS, type VigilZkConfig } from './config.ts';
import { type Account, type AccountProof, verifyAccountProof } from './tree.ts';

export type VigilZkExitStep =
  /** Send requestForcedWithdrawal(index). */
  | 'request'
  /** The request is signed; its verified receipt is awaited. */
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
  /** Terminal: escape() paid the owner (`facts.recovered`: the amount). */
  | 'escaped'
  /** Terminal: nothing can be recovered any more (see the record's last note and `error`). */
  | 'failed';

export const TERMINAL_STEPS: ReadonlySet<string> = new Set<VigilZkExitStep>(['withdrawn', 'escaped', 'failed']);

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

/** The wallet's words for each transaction, shown when it is signed. */
const SUMMARY = { request: 'Forced withdrawal request', freeze: 'Freeze the rollup', escape: 'Escape to L1' } as const;
const SENT_STEP = { request: 'requesting', freeze: 'freezing', escape: 'escaping' } as const;

/** The contract's exit slots proven at one head. */
interface Facts {
  stateRoot: bigint;
  batchCount: bigint;
  queueHead: bigint;
  queueTail: bigint;
  /** queuedAt[queueHead] when the queue is not empty. */
  oldestQueuedAt: bigint | null;
  /** queuedAt[facts.queueIndex], when the record knows its queue index. */
  requestQueuedAt: bigint | null;
  forcedDeadline: bigint;
  frozen: boolean;
  /** escaped[index]. */
  escaped: boolean;
}

const S = ROLLUP_SLOTS;
const FIXED: readonly (keyof typeof S)[] = ['stateRoot', 'batchCount', 'queueHead', 'queueTail', 'frozen', 'forcedDeadline'];

/** What the exit reads at the head, or the slots still to prove (the oldest entry's once the queue head is known). */
function readFacts(r: ExitPlanRecord, inputs: ExitInputs): Facts | { need: L1AccountRequest[] } {
  const contract = r.facts.contract!;
  const queueIndex = r.facts.queueIndex !== undefined ? BigInt(r.facts.queueIndex) : undefined;
  const own: SlotRef[] = [...FIXED.map((name) => ({ slot: S[name] })), { mapping: S.escaped, key: BigInt(r.facts.index!) }];
  if (queueIndex !== undefined) own.push({ mapping: S.queuedAt, key: queueIndex });
  const first = missingL1(inputs.l1, [{ address: contract, slots: own }]);
  if (first.length > 0) return { need: first };
  const get = (ref: SlotRef) => heldSlot(inputs.l1, contract, ref)!;
  const queueHead = get({ slot: S.queueHead });
  const queueTail = get({ slot: S.queueTail });
  let oldestQueuedAt: bigint | null = null;
  if (queueHead < queueTail) {
    const oldest: SlotRef = { mapping: S.queuedAt, key: queueHead };
    const second = missingL1(inputs.l1, [{ address: contract, slots: [oldest] }]);
    if (second.length > 0) return { need: second };
    oldestQueuedAt = get(oldest);
  }
  return {
    stateRoot: get({ slot: S.stateRoot }),
    batchCount: get({ slot: S.batchCount }),
    queueHead,
    queueTail,
    oldestQueuedAt,
    requestQueuedAt: queueIndex !== undefined ? get({ mapping: S.queuedAt, key: queueIndex }) : null,
    forcedDeadline: get({ slot: S.forcedDeadline }),
    frozen: get({ slot: S.frozen }) !== 0n,
    escaped: get({ mapping: S.escaped, key: BigInt(r.facts.index!) }) !== 0n,
  };
}

/** Moved to `step`, a problem kept (only a step that succeeds clears one). */
function move(r: ExitPlanRecord, step: VigilZkExitStep, now: number, note?: string): ExitPlanRecord {
  const moved = moveExit(r, step, now, note);
  return r.error === undefined || moved === r ? moved : { ...moved, error: r.error };
}

const withFacts = (r: ExitPlanRecord, facts: Record<string, string>): ExitPlanRecord => ({ ...r, facts: { ...r.facts, ...facts } });

function send(r: ExitPlanRecord, tx: keyof typeof SUMMARY, data: string): ExitPlanAction {
  return { kind: 'send', label: tx, to: r.facts.contract!, value: 0n, data, summary: SUMMARY[tx], next: SENT_STEP[tx] };
}

const done: ExitPlanAction = { kind: 'done' };

/** A proof that does not fit: nothing sent, the problem kept, asked for again at the next head. */
function refused(r: ExitPlanRecord, now: number, code: string, message: string): ExitStepOut {
  return exitWait(withExitError(r, code, message, now), `The account proof does not verify against the root L1 holds (${message}): Vigil signs nothing and asks again at the next head.`);
}

/** The queue index of this account's request in a successful request receipt. */
function requestId(r: ExitPlanRecord, receipt: ExitReceiptFacts): string | undefined {
  const log = exitLog(receipt, r.facts.contract!, FORCED_WITHDRAWAL_REQUESTED_TOPIC);
  const queueIndex = log?.topics[1];
  if (queueIndex === undefined || log?.topics[2] === undefined || hexToBigInt(log.topics[2], 'from') !== BigInt(r.facts.index!)) return undefined;
  return hexToBigInt(queueIndex, 'queueIndex').toString();
}

/** What the request's queue entry gives: its index, when it was queued, the deadline counted from the oldest entry. */
const REQUEST_FACTS = ['queueIndex', 'queuedAt', 'deadline'] as const;

/**
 * The request id read again from the request receipt while its block is not finalized: moved to
 * another block (another queue entry) or gone, the record goes back to 'requesting' without it,
 * which reads it anew, waits for the receipt, or sends again once the runner found the request
 * dropped. Undefined while it stands (a wrong index could take another entry's processing for ours).
 */
function recheckRequest(r: ExitPlanRecord, inputs: ExitInputs): ExitPlanRecord | undefined {
  const at = sentReceipt(r, 'request', inputs);
  if (at?.state === 'final') return undefined;
  const receipt = at?.state === 'held' && at.receipt.status === '0x1' ? at.receipt : undefined;
  const id = receipt === undefined ? undefined : requestId(r, receipt);
  if (id !== undefined && id === r.facts.queueIndex) return undefined;
  const note = id !== undefined ? `the request moved to L1 block ${hexToBigInt(receipt!.blockNumber, 'blockNumber')}: its queue entry is read again` : "the request's block left the chain: waiting for it again";
  return move(dropFacts(r, REQUEST_FACTS), 'requesting', inputs.now, note);
}

function step(config: VigilZkConfig, r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut {
  if (TERMINAL_STEPS.has(r.step)) return { record: r, action: done };
  if (r.facts.queueIndex !== undefined && ['waiting', 'freeze', 'freezing'].includes(r.step)) {
    const moved = recheckRequest(r, inputs);
    if (moved !== undefined) return { record: moved };
  }
  const f = readFacts(r, inputs);
  if ('need' in f) return { record: r, action: { kind: 'need', l1: f.need } };
  const now = inputs.now;
  const index = Number(r.facts.index);
  const contract = r.facts.contract!;

  switch (r.step as VigilZkExitStep) {
    case 'request':
      if (f.escaped) return { record: move(r, 'failed', now, 'the account escaped already') };
      // Frozen already (someone else froze first): straight to the escape.
      if (f.frozen) return { record: move(r, 'escape', now, 'the rollup is frozen already') };
      return { record: r, action: send(r, 'request', encodeRequestForcedWithdrawal(index)) };

    case 'requesting': {
      const sent = r.sent.request;
      if (sent === undefined) return { record: move(r, 'request', now, 'no request was signed') };
      const out = followSent(r, 'request', inputs, { retry: 'request', what: 'requestForcedWithdrawal' });
      // A freeze that came first makes the request revert (RollupFrozen): escape instead.
      if (out.state === 'reverted') return { record: f.frozen ? move(r, 'escape', now, 'the request reverted: the rollup is frozen') : out.record };
      if (out.state !== 'passed') {
        if (f.frozen) return { record: move(r, 'escape', now, 'frozen while the request was pending') };
        return exitWait(r, 'The forced withdrawal request is not in a verified L1 block yet.');
      }
      const receipt = out.receipt;
      const queueIndex = requestId(r, receipt);
      if (queueIndex === undefined) return { record: move(r, 'failed', now, 'the request receipt holds no ForcedWithdrawalRequested of this account'), action: done };
      return { record: moveExit(r, 'waiting', now, undefined, { queueIndex }) };
    }

    case 'waiting': {
      const queueIndex = BigInt(r.facts.queueIndex!);
      // The sequencer processed it: the batch's commit paid the owner (a FORCED_WITHDRAWAL of the whole balance).
      if (f.queueHead > queueIndex) return { record: move(r, 'withdrawn', now, 'a batch processed the forced withdrawal') };
      if (f.frozen) return { record: move(r, 'escape', now, 'the rollup is frozen') };
      // The receipt may be from a block after this head: until the head holds the entry (its queuedAt reads 0), wait.
      if (f.queueTail <= queueIndex) return exitWait(r, `Queued on L1 as entry #${queueIndex}, in a block after this head: waiting for a verified head that holds it.`);
      const withTime = f.requestQueuedAt !== null ? withFacts(r, { queuedAt: f.requestQueuedAt.toString() }) : r;
      // freeze() looks at the oldest entry, which waited at least as long as ours.
      const oldest = f.oldestQueuedAt ?? f.requestQueuedAt;
      if (oldest === null) return exitWait(withTime, 'The queue entry time is not proven yet.');
      const deadline = Number(oldest + f.forcedDeadline);
      const timed = withFacts(withTime, { deadline: String(deadline) });
      if (now > deadline) return { record: move(timed, 'freeze', now, 'the forced deadline passed') };
      return exitWait(timed, `Queued on L1 as entry #${queueIndex}: the sequencer may still process it; else anyone may freeze the rollup once the forced deadline passed.`, deadline + 1);
    }

    case 'freeze': {
      // The queue moved since 'waiting' chose to freeze (our entry processed, or the oldest entry
      // younger): freeze() would revert, or a batch paid us already. 'waiting' decides again.
      const queueIndex = BigInt(r.facts.queueIndex!);
      const oldest = f.oldestQueuedAt ?? f.requestQueuedAt;
      if (f.queueHead > queueIndex) return { record: move(r, 'waiting', now, 'a batch processed the request') };
      if (f.frozen) return { record: move(r, 'escape', now, 'frozen by someone else') };
      if (f.queueTail <= queueIndex || oldest === null || now <= Number(oldest + f.forcedDeadline)) {
        return { record: move(r, 'waiting', now, 'freeze() is not allowed at this head') };
      }
      return { record: r, action: send(r, 'freeze', encodeFreeze()) };
    }

    case 'freezing': {
      // A batch processed the request before the freeze (which may then pass on a younger overdue entry): it paid us.
      if (f.queueHead > BigInt(r.facts.queueIndex!)) return { record: move(r, 'waiting', now, 'a batch processed the request') };
      if (f.frozen) return { record: moveExit(r, 'escape', now) };
      const sent = r.sent.freeze;
      if (sent === undefined) return { record: move(r, 'freeze', now, 'no freeze was signed') };
      const out = followSent(r, 'freeze', inputs, { retry: 'waiting', what: 'freeze()' });
      // Reverted and not frozen (too early by the block's clock, or processed meanwhile): look again.
      if (out.state === 'reverted') return { record: out.record };
      // Passed in a block after this head (freeze() sets frozen, and nothing unsets it): not a revert.
      if (out.state === 'passed') return exitWait(r, 'The freeze passed in a block after this head.');
      return exitWait(r, 'The freeze is not in a verified L1 block yet.');
    }

    case 'escape': {
      if (f.escaped) return { record: move(r, 'failed', now, 'the account escaped already'), action: done };
      // escape() reverts unless frozen (NotFrozen). Nothing unfreezes the rollup but a reorg that
      // dropped the freeze: the exit goes back to where the freeze is decided.
      if (!f.frozen) {
        const back = r.facts.queueIndex !== undefined ? 'waiting' : r.sent.request !== undefined ? 'requesting' : 'request';
        return { record: move(r, back, now, 'the rollup is not frozen at this head: the freeze left the chain') };
      }
      const key = `vigil-zk-escape:${index}:${bigIntToHex(f.stateRoot)}`;
      const proof = inputs.escapeProofs?.get(key) as AccountProof | undefined;
      if (proof === undefined) {
        const rollup = { contract, depth: config.depth, batchSize: config.batchSize };
        return { record: r, action: { kind: 'need', escapeProof: { key, index, root: f.stateRoot, batch: f.batchCount, rollup } } };
      }
      let proven;
      try {
        proven = verifyAccountProof(f.stateRoot, proof, config.depth);
      } catch (err) {
        const e = err as { code?: string; shortMessage?: string; message?: string };
        return refused(r, now, e.code ?? 'L2_PROOF_INVALID', e.shortMessage ?? e.message ?? 'the account proof does not verify');
      }
      if (proven.index !== index || proven.account === null || proven.account.owner !== hexToBigInt(r.owner, 'owner')) {
        return refused(r, now, 'L2_OWNER_MISMATCH', `the proof is not of account ${index} owned by ${r.owner}`);
      }
      if (proven.account.balance === 0n) return { record: move(r, 'failed', now, 'the L2 balance is 0: nothing to escape'), action: done };
      const ready = withFacts(withoutExitError(r), { escapeAmount: proven.account.balance.toString() });
      return { record: ready, action: send(r, 'escape', encodeEscape(index, proven.account, proof.siblings)) };
    }

    case 'escaping': {
      const sent = r.sent.escape;
      if (sent === undefined) return { record: move(r, 'escape', now, 'no escape was signed') };
      const out = followSent(r, 'escape', inputs, { retry: 'escape', what: 'escape()' });
      if (out.state === 'passed') {
        const log = exitLog(out.receipt, contract, ESCAPED_TOPIC);
        const amount = log ? hexToBigInt(log.data, 'amount').toString() : r.facts.escapeAmount;
        return { record: moveExit(r, 'escaped', now, undefined, amount !== undefined ? { recovered: amount } : undefined), action: done };
      }
      if (out.state === 'reverted') {
        // A stale proof (the root cannot move once frozen, so a lie slipped through) or escaped already.
        if (f.escaped) return { record: move(r, 'failed', now, 'the account escaped already'), action: done };
        return { record: dropFacts(out.record, ['escapeAmount']) };
      }
      if (f.escaped) return exitWait(r, 'Escaped on L1; the receipt is not verified yet.');
      return exitWait(r, 'The escape is not in a verified L1 block yet.');
    }
  }
  return { record: move(r, 'failed', now, `unknown step ${r.step}`), action: done };
}

/**
 * The route in a person's words, with the forced deadline proven on L1 (the contract's slot at
 * the head) as a duration; "the forced deadline" while it is not read yet.
 */
function route(config: VigilZkConfig, l1?: ExitInputs['l1']): ExitRouteStep[] {
  const deadline = heldSlot(l1, config.contract, { slot: S.forcedDeadline });
  const within = deadline !== undefined ? delayWords(Number(deadline)) : undefined;
  return [
    {
      step: 'request',
      title: 'Ask L1 to force your withdrawal',
      who: 'you',
      steps: ['request', 'requesting'],
      detail: `Your wallet sends one transaction to ${config.name}'s contract on L1, asking it to pay out your whole L2 balance: the request joins the rollup's L1 queue, which the rollup must take in order.`,
    },
    {
      step: 'waiting',
      title: within !== undefined ? `Wait up to ${within} for the rollup to include it` : 'Wait for the rollup to include it, up to its forced deadline',
      who: 'rollup',
      ...(deadline !== undefined ? { delaySeconds: Number(deadline) } : {}),
      detail: `If the rollup includes your request ${within !== undefined ? `within ${within} (the forced deadline its L1 contract holds)` : 'before the forced deadline its L1 contract holds'}, it pays your whole L2 balance to your address on L1 and the exit is done.`,
    },
    {
      step: 'freeze',
      title: within !== undefined ? `If it does not within ${within}, anyone can freeze the rollup` : 'If it does not in time, anyone can freeze the rollup',
      who: 'anyone',
      steps: ['freeze', 'freezing'],
      detail: 'Your wallet sends the transaction that freezes it, unless someone did first: the rollup then takes no new batches, and its last finalized state stays final.',
    },
    {
      step: 'escape',
      title: 'Then withdraw your balance from L1 with a proof from the last finalized state',
      who: 'you',
      steps: ['escape', 'escaping'],
      detail: "Your wallet proves your account in the rollup's last finalized state (the proof checked here first: from the L2 RPC, or rebuilt from Ethereum alone from each batch's data) and the contract pays your whole L2 balance to your address on L1, at once.",
    },
  ];
}

/** The devnet rollup's forced exit (kind vigil-zk-v1): the whole proven balance of an L2 account the wallet's address owns. */
export const vigilZkExitPlan: ExitPlan<VigilZkConfig> = {
  kind: ROLLUP_KIND,
  terminal: TERMINAL_STEPS,
  accounts: 'indexed',
  partial: false,
  // An escape ends the account on L1 for good (escaped[index]): a new exit could only fail.
  closing: new Set(['escaped']),
  route,

  start(config, params) {
    const { index, amount, balance } = params;
    if (index === undefined || !Number.isSafeInteger(index) || index < 0) throw new InputError(`"index" expected the L2 account's index, got ${String(index)}`);
    if (amount !== balance) throw new InputError(`"amount" expected the whole proven L2 balance (${balance} wei): a forced exit of ${config.name} takes all of it, got ${amount}`);
    const record = startExitRecord({ kind: ROLLUP_KIND, rollupChainId: config.chainId, step: 'request' }, params);
    return { ...record, facts: { index: String(index), contract: config.contract.toLowerCase() } };
  },

  advance: (config, record, inputs) => settleExit(record, (r) => step(config, r, inputs)),
};
