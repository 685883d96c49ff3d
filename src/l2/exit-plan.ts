/**
 * Forced exits, one plan per rollup kind (the devnet rollup, OP Stack, Arbitrum, Scroll): the
 * route a user takes alone when the sequencer ignores them (a transaction forced in through L1,
 * the rollup's own delays, then the funds proven and paid out on L1), as a persisted state machine.
 *
 * Each plan is pure and idempotent: given the record and what was proven at one verified L1 head,
 * `advance` returns the next record and the one action to take. It asks for what it needs
 * (`need`: L1 slots to prove, receipts, L2 RPC answers, an L2 transaction to sign, an escape
 * proof) and the runner (src/client/exits/plan-runner.ts) gathers it and calls again with more.
 * Only proven L1 facts move a record: the L2 RPC's answers are hints the plan checks (a withdrawal
 * proof against a proven root) before anything is signed. A record is saved before its
 * transaction is broadcast, and a sent transaction is only ever followed by its verified receipt
 * (or that of a replacement at its nonce: `ExitTxSent.replaced`): a restart anywhere resumes, never
 * signs a second, different transaction for the same step.
 *
 * The helpers below (reverts, waits, problems, proven-slot bookkeeping) are every plan's: one
 * revert limit and one error code for a reverted exit transaction.
 * @module
 */
import { InputError } from '../core/errors.ts';
import type { L1AccountRequest, ProvenL1Storage, AcceptedState, L2Hints } from './adapter.ts';
import { storageKey } from './slots.ts';

/** An L1 transaction an exit sent (its hash saved before it was broadcast). */
export interface ExitTxSent {
  hash: string;
  /** When it was signed (seconds, the L1 head's clock). */
  at: number;
  /** Its L1 nonce: once the owner's proven nonce passes it with no verified receipt of this one, it was dropped or replaced. */
  nonce?: number;
  /**
   * The verified L1 head it was signed at (decimal): with no verified receipt
   * REPLACE_AFTER_BLOCKS later, the runner signs it again at the same nonce, fees bumped
   * (src/client/exits/plan-runner.ts).
   */
  block?: string;
  /**
   * Earlier transactions of this step at the same nonce, replaced by this one (oldest first): any
   * one of them may still be the one a block includes, and the step then follows that one.
   */
  replaced?: string[];
}

export interface ExitPlanRecord {
  /** `${kind}:${rollupChainId}:${owner}:${createdAt}`. */
  id: string;
  /** The rollup kind (its adapter's `kind`): which plan reads the record. */
  kind: string;
  rollupChainId: number;
  /** The wallet account (lower-case 0x-hex): it signs on L1, and it is the L2 address whose funds leave. */
  owner: string;
  /** Wei to withdraw (decimal), at most the L2 balance proven when the exit started. */
  amount: string;
  /** The plan's step name (see its `steps`); terminal ones are in the plan's `terminal`. */
  step: string;
  /** Transactions sent, by the label of the step that sent them. */
  sent: Record<string, ExitTxSent>;
  /**
   * What the plan learned and must keep across restarts (a withdrawal hash, a message index, the
   * signed L2 transaction's bytes, …): strings, so the record stores as JSON.
   */
  facts: Record<string, string>;
  /** The last problem (a reverted transaction, a proof refused); cleared when a step succeeds. */
  error?: { code: string; message: string };
  /** Transactions of this exit that reverted: at MAX_EXIT_REVERTS it stops rather than pay gas again and again. */
  reverts: number;
  /** Each step taken, oldest first. */
  history: { step: string; at: number; note?: string }[];
  /**
   * Receipts of this exit's transactions as the runner proved them, by hash: proven again at each
   * head while their block is above the finalized one (a reorg may move or drop them); once it is
   * not, kept and read from here (a block thousands below the head is too far to prove again).
   */
  receipts?: Record<string, KeptReceipt>;
  /**
   * Set while the record's terminal step rests on a head above the finalized block: that head,
   * and the record as it stood before the step. The runner checks at every head that the block is
   * still on the verified chain; once it is finalized the ending is dropped (the exit has ended
   * for good), and if it left the chain the record goes back to `before` and is planned again.
   */
  ending?: ExitEnding;
  createdAt: number;
  updatedAt: number;
}

/** The head a record reached its terminal step at (not finalized then) and the record before it. */
export interface ExitEnding {
  /** Decimal. */
  blockNumber: string;
  blockHash: string;
  before: ExitPlanRecord;
}

/** An exit stops (step 'failed') once this many of its transactions reverted, rather than pay gas again and again. */
export const MAX_EXIT_REVERTS = 3;
/** The one error code of an exit transaction that reverted on L1 (its gas spent). */
export const EXIT_TX_REVERTED = 'EXIT_TX_REVERTED';

/** A verified L1 receipt (status and logs, as VerifiedChain returns them) and its block. */
export interface ExitReceiptFacts {
  status: string;
  blockNumber: string;
  /** The verified block's hash (as the receipt JSON gives it): OP deposits derive their L2 transaction hash from it and the log index. */
  blockHash?: string;
  logs: { address: string; topics: string[]; data: string; logIndex?: string }[];
}

/** A receipt the runner proved, and whether its block was at or below the finalized head when it was. */
export interface KeptReceipt extends ExitReceiptFacts {
  final: boolean;
}

/** A request to the L2 RPC (a hint: the plan checks the answer), keyed so its answer comes back under `key`. */
export interface ExitL2Request {
  key: string;
  method: string;
  params: unknown[];
  /**
   * Optional: an HTTP GET of this URL instead of a JSON-RPC call (`method` is then 'GET'), its JSON
   * body the answer: a rollup's own indexer (Scroll's bridge-history API gives withdrawal proofs no
   * JSON-RPC method gives). A hint like any other: the plan checks it against proven L1 data.
   */
  url?: string;
}

/** An L2 transaction for the wallet to sign (never broadcast by the runner: the plan sends its bytes through L1). */
export interface ExitL2TxRequest {
  label: string;
  chainId: number;
  nonce: bigint;
  to: string;
  value: bigint;
  data: string;
  gasLimit: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
}

/**
 * An L2 account's Merkle proof for an escape hatch (the devnet rollup's escape()): the runner asks
 * the L2 RPC, and rebuilds the L2 state from L1's commit calldata when that answer is refused or
 * absent (src/client/exits/escape-proof.ts). The plan checks what comes against the root it proved.
 */
export interface ExitEscapeProofRequest {
  /** Its answer comes back under this key in `escapeProofs`. */
  key: string;
  /** The L2 account's index. */
  index: number;
  /** The state root L1 holds and the batch it is the root of, both proven at the head. */
  root: bigint;
  batch: bigint;
  /** The rollup contract (its BatchCommitted logs and commit calldata), its tree depth and batch size. */
  rollup: { contract: string; depth: number; batchSize: number };
}

/** What the runner proved and fetched at one verified head (merged across the rounds of `need`). */
export interface ExitInputs {
  /** The verified L1 head. */
  head: {
    blockNumber: bigint;
    blockHash: string;
    timestamp: bigint;
    /** Optional: the verified head's base fee (wei per gas), for fees L1 contracts compute from block.basefee. */
    baseFeePerGas?: bigint;
  };
  /** The head's time (seconds): every delay is measured on it. */
  now: number;
  /** L1 storage (and code, when asked) proven at the head for what the plan asked. */
  l1: ProvenL1Storage;
  /** Verified receipts of the record's sent transactions, by hash (absent: in no verified block yet). */
  receipts: ReadonlyMap<string, ExitReceiptFacts>;
  /** The L2 RPC's answers by request key (hints; a failed request is absent). */
  l2: ReadonlyMap<string, unknown>;
  /** L2 transactions the wallet signed for this exit, by label. */
  signedL2: ReadonlyMap<string, { hash: string; raw: string }>;
  /** Escape proofs by request key (a vigil-zk AccountProof, unchecked: the plan checks it). */
  escapeProofs?: ReadonlyMap<string, unknown>;
  /**
   * The rollup as the follower read it at this head, when it could: the accepted state and the
   * storage and hints it was read from (e.g. the OP game and the output root's L2 header).
   */
  followed?: { accepted: AcceptedState; proven: ProvenL1Storage; hints?: L2Hints };
}

export type ExitPlanAction =
  /** Gather these at the same head and call `advance` again with them merged into the inputs. */
  | { kind: 'need'; l1?: L1AccountRequest[]; receipts?: string[]; l2?: ExitL2Request[]; signL2?: ExitL2TxRequest; escapeProof?: ExitEscapeProofRequest }
  /**
   * Sign (under the signing policy) and send this L1 transaction from the owner, then
   * `recordExitSent` (moving the record to `next`, when given, as it is signed).
   */
  | { kind: 'send'; label: string; to: string; value: bigint; data: string; summary: string; next?: string }
  /** Nothing to do before `until` (seconds), or before the next head when absent. */
  | { kind: 'wait'; reason: string; until?: number }
  | { kind: 'done' };

/** One step of a rollup's exit route, as the popup shows it before and during an exit. */
export interface ExitRouteStep {
  /** The step name records use. */
  step: string;
  title: string;
  /** Who acts: the user's wallet (an L1 transaction), anyone, or the rollup's own process. */
  who: 'you' | 'anyone' | 'rollup';
  /** The real delay before the next step can happen (seconds), from the config or proven storage. */
  delaySeconds?: number;
  detail: string;
  /** The record steps shown as this one (default: `step` alone), e.g. 'requesting' under 'request'. */
  steps?: string[];
}

/** How a start names the exit's L2 account and amount. */
export interface ExitStartParams {
  /** The wallet account (0x-hex): its L2 funds leave, and it signs on L1. */
  owner: string;
  /** Wei to withdraw: at most `balance` (exactly it where the plan is not `partial`). */
  amount: bigint;
  /** The L2 balance proven now. */
  balance: bigint;
  now: number;
  /** The L2 account's index, for a plan whose `accounts` are 'indexed'. */
  index?: number;
}

export interface ExitPlan<Config = unknown> {
  readonly kind: string;
  /** Step names after which nothing more happens. */
  readonly terminal: ReadonlySet<string>;
  /**
   * How the L2 account is proven before a start: 'evm', the owner's own address on an EVM L2;
   * 'indexed', an account of the rollup's own tree that the owner holds (its index given to `start`).
   */
  readonly accounts: 'evm' | 'indexed';
  /** Whether an exit may take part of the balance (else the whole proven balance leaves). */
  readonly partial: boolean;
  /**
   * Why this rollup's config gives the plan no route (e.g. a kind whose portals Vigil speaks only
   * some of), in words the popup and the CLI show; undefined when it has one.
   */
  unavailable?(config: Config): string | undefined;
  /** Terminal steps after which the account can never exit again (an escape): a new start answers that exit. */
  readonly closing?: ReadonlySet<string>;
  /** The route and its real delays (`l1`, when given, lets the plan read delays proven at a head). */
  route(config: Config, l1?: ProvenL1Storage): ExitRouteStep[];
  /** A new exit of `amount` wei of `owner`'s L2 funds (`balance`: the L2 balance proven now). @throws InputError */
  start(config: Config, params: ExitStartParams): ExitPlanRecord;
  /** One step at a verified head. Pure: the same record and inputs give the same answer. */
  advance(config: Config, record: ExitPlanRecord, inputs: ExitInputs): { record: ExitPlanRecord; action: ExitPlanAction };
}

/**
 * The record once the transaction of `label` is signed (saved before it is broadcast), in step
 * `next` when the send named one; `block`: the verified head it was signed at.
 */
export function recordExitSent(record: ExitPlanRecord, label: string, hash: string, now: number, next?: string, nonce?: number, block?: bigint): ExitPlanRecord {
  const step = next ?? record.step;
  return {
    ...record,
    step,
    sent: { ...record.sent, [label]: { hash, at: now, ...(nonce !== undefined ? { nonce } : {}), ...(block !== undefined ? { block: block.toString() } : {}) } },
    history: [...record.history, { step, at: now, note: `sent ${label} ${hash}` }],
    updatedAt: now,
  };
}

/**
 * The record once the transaction of `label` is replaced at its nonce by `hash` (signed at the
 * verified head `block`, saved before it is broadcast): the step follows the new one, and still
 * any earlier one a block includes instead. `why` is told in the history.
 */
export function recordExitReplaced(record: ExitPlanRecord, label: string, hash: string, now: number, block: bigint, why: string): ExitPlanRecord {
  const sent = record.sent[label];
  if (sent === undefined) throw new InputError(`the exit sent nothing as ${label}: there is nothing to replace`);
  const replaced = [...(sent.replaced ?? []), sent.hash];
  return {
    ...record,
    sent: { ...record.sent, [label]: { ...sent, hash, at: now, block: block.toString(), replaced } },
    history: [...record.history, { step: record.step, at: now, note: `${label} ${sent.hash} replaced by ${hash}: ${why}` }],
    updatedAt: now,
  };
}

/**
 * The record following `hash`, one of the transactions `label` replaced, as the one a block
 * included (the others at its nonce can no longer be); unchanged when it is the current one.
 */
export function recordExitLanded(record: ExitPlanRecord, label: string, hash: string, now: number): ExitPlanRecord {
  const sent = record.sent[label];
  if (sent === undefined || sent.hash.toLowerCase() === hash.toLowerCase()) return record;
  const replaced = (sent.replaced ?? []).filter((h) => h.toLowerCase() !== hash.toLowerCase());
  return {
    ...record,
    sent: { ...record.sent, [label]: { ...sent, hash, replaced: [...replaced, sent.hash] } },
    history: [...record.history, { step: record.step, at: now, note: `${label}: ${hash} is the one a verified block included (it was replaced by ${sent.hash})` }],
    updatedAt: now,
  };
}

/** Whether the exit has ended for good: a terminal step, resting on a finalized block (no `ending` left to check). */
export function exitEnded(plan: Pick<ExitPlan, 'terminal'>, record: ExitPlanRecord): boolean {
  return plan.terminal.has(record.step) && record.ending === undefined;
}

/** `record` (in a terminal step) as reached at the head `at`, above the finalized block: `before` is kept to go back to. */
export function withExitEnding(record: ExitPlanRecord, before: ExitPlanRecord, at: { blockNumber: bigint; blockHash: string }): ExitPlanRecord {
  const { ending: _none, ...prior } = before;
  return { ...record, ending: { blockNumber: at.blockNumber.toString(), blockHash: at.blockHash.toLowerCase(), before: prior } };
}

/** The record whose ending block was finalized: ended for good, a last history entry saying so. */
export function finalExitEnding(record: ExitPlanRecord, now: number): ExitPlanRecord {
  const { ending, ...rest } = record;
  if (ending === undefined) return record;
  return { ...rest, history: [...record.history, { step: record.step, at: now, note: `final: block ${ending.blockNumber} is finalized` }], updatedAt: now };
}

/**
 * The record back where it stood before its terminal step, whose block left the verified chain (a
 * reorg): the plan plans from there again. The history keeps the step that was undone and says
 * why; receipts are the ones kept since (the runner proves them again at the next head).
 */
export function reopenedExit(record: ExitPlanRecord, now: number, why: string): ExitPlanRecord {
  const ending = record.ending;
  if (ending === undefined) return record;
  return {
    ...ending.before,
    ...(record.receipts !== undefined ? { receipts: record.receipts } : {}),
    history: [...record.history, { step: ending.before.step, at: now, note: why }],
    updatedAt: now,
  };
}

/** The record as the user abandoned it (`now`: seconds): its step kept where it stopped, a last history entry saying so. */
export function abandonedExit<R extends ExitPlanRecord>(record: R, now: number): R {
  return { ...record, history: [...record.history, { step: record.step, at: now, note: 'abandoned by the user: never moved again' }], updatedAt: now };
}

/** A new record in `step` (plans call it from `start`). */
export function newExitRecord(params: { kind: string; rollupChainId: number; owner: string; amount: bigint; step: string; now: number }): ExitPlanRecord {
  const owner = params.owner.toLowerCase();
  return {
    id: `${params.kind}:${params.rollupChainId}:${owner}:${params.now}`,
    kind: params.kind,
    rollupChainId: params.rollupChainId,
    owner,
    amount: params.amount.toString(),
    step: params.step,
    sent: {},
    facts: {},
    reverts: 0,
    history: [{ step: params.step, at: params.now }],
    createdAt: params.now,
    updatedAt: params.now,
  };
}

/** The record moved to `step` (history kept; a problem cleared), or unchanged when it is there already. */
export function moveExit(record: ExitPlanRecord, step: string, now: number, note?: string, facts?: Record<string, string>): ExitPlanRecord {
  if (record.step === step && facts === undefined && record.error === undefined) return record;
  const { error: _cleared, ...rest } = record;
  return {
    ...rest,
    step,
    facts: facts === undefined ? record.facts : { ...record.facts, ...facts },
    history: record.step === step ? record.history : [...record.history, { step, at: now, ...(note !== undefined ? { note } : {}) }],
    updatedAt: now,
  };
}

/**
 * A new record of `kind` in `step`, after the start checks every plan makes: a 20-byte owner, an
 * amount above 0 and at most the proven balance.
 * @throws InputError
 */
export function startExitRecord(plan: { kind: string; rollupChainId: number; step: string }, params: ExitStartParams): ExitPlanRecord {
  const { owner, amount, balance, now } = params;
  if (typeof owner !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(owner)) throw new InputError(`"owner" expected a 20-byte 0x-hex address, got ${String(owner).slice(0, 50)}`);
  if (amount <= 0n) throw new InputError(`"amount" expected more than 0 wei, got ${amount}`);
  if (amount > balance) throw new InputError(`"amount" expected at most the proven L2 balance (${balance} wei), got ${amount}`);
  return newExitRecord({ ...plan, owner, amount, now });
}

/** A step's answer: the next record with the action to take, or the record alone (the plan looks again at once). */
export type ExitStepOut = { record: ExitPlanRecord; action: ExitPlanAction } | { record: ExitPlanRecord };

/** Runs `step` until it names an action (a few passes settle what one head's facts allow). */
export function settleExit(record: ExitPlanRecord, step: (record: ExitPlanRecord) => ExitStepOut): { record: ExitPlanRecord; action: ExitPlanAction } {
  let r = record;
  for (let pass = 0; pass < 8; pass++) {
    const out = step(r);
    if ('action' in out) return out;
    r = out.record;
  }
  return { record: r, action: { kind: 'wait', reason: 'settling' } };
}

/** Nothing to do before `until` (seconds), or before the next head. */
export function exitWait(record: ExitPlanRecord, reason: string, until?: number): { record: ExitPlanRecord; action: ExitPlanAction } {
  return { record, action: { kind: 'wait', reason, ...(until !== undefined ? { until } : {}) } };
}

/** The record with a problem noted (not a move); unchanged when it says so already. */
export function withExitError(record: ExitPlanRecord, code: string, message: string, now: number): ExitPlanRecord {
  if (record.error?.code === code && record.error.message === message) return record;
  return { ...record, error: { code, message }, updatedAt: now };
}

/** The record without its problem (unchanged when it has none). */
export function withoutExitError(record: ExitPlanRecord): ExitPlanRecord {
  if (record.error === undefined) return record;
  const { error: _cleared, ...rest } = record;
  return rest;
}

/** The record forgetting the transaction sent as `label` (a fresh one may be sent). */
export function dropSent(record: ExitPlanRecord, label: string): ExitPlanRecord {
  const { [label]: _dropped, ...sent } = record.sent;
  return { ...record, sent };
}

/** The record forgetting the facts `names`. */
export function dropFacts(record: ExitPlanRecord, names: readonly string[]): ExitPlanRecord {
  const facts = { ...record.facts };
  for (const n of names) delete facts[n];
  return { ...record, facts };
}

/**
 * The transaction sent as `label` (`what`, e.g. 'freeze()') reverted on L1: it is forgotten, the
 * revert counted, and the exit goes back to `retry`, or to 'failed' at MAX_EXIT_REVERTS; either
 * way with the problem EXIT_TX_REVERTED.
 */
export function exitReverted(record: ExitPlanRecord, p: { label: string; retry: string; what: string; now: number }): ExitPlanRecord {
  const reverts = record.reverts + 1;
  const base = { ...dropSent(record, p.label), reverts };
  if (reverts >= MAX_EXIT_REVERTS) {
    const moved = moveExit(base, 'failed', p.now, `${p.what} reverted ${reverts} times`);
    return withExitError(moved, EXIT_TX_REVERTED, `${p.what} reverted ${reverts} times on L1: the exit stops rather than pay gas again`, p.now);
  }
  return withExitError(moveExit(base, p.retry, p.now, `${p.what} reverted; trying again`), EXIT_TX_REVERTED, `${p.what} reverted on L1`, p.now);
}

/** What became of the transaction sent as `label`, as far as this head's verified receipts tell. */
export type SentOutcome =
  | { state: 'unsent' }
  | { state: 'pending' }
  | { state: 'passed'; receipt: ExitReceiptFacts }
  | { state: 'reverted'; record: ExitPlanRecord };

/**
 * Follows the transaction sent as `label` (`what`, e.g. 'freeze()'): no receipt yet, a receipt
 * that passed, or a revert, which is counted and forgotten with the exit back to `retry`
 * (exitReverted). Every plan reads a sent transaction through this, so a revert counts the same
 * everywhere.
 */
export function followSent(record: ExitPlanRecord, label: string, inputs: Pick<ExitInputs, 'receipts' | 'now'>, revert: { retry: string; what: string }): SentOutcome {
  const sent = record.sent[label];
  if (sent === undefined) return { state: 'unsent' };
  const receipt = inputs.receipts.get(sent.hash);
  if (receipt === undefined) return { state: 'pending' };
  if (/^0x0*1$/i.test(receipt.status)) return { state: 'passed', receipt };
  return { state: 'reverted', record: exitReverted(record, { label, retry: revert.retry, what: revert.what, now: inputs.now }) };
}

/**
 * The verified receipt of the transaction sent as `label` at this head: 'final' once its block is
 * at or below the finalized head (what a plan took from it holds for good), 'held' while its block
 * is verified but not final (what was taken from it is taken again and compared at every head),
 * 'gone' when no verified block holds it (its block left the chain, or it was dropped: what was
 * taken from it stands no more). Undefined when nothing was sent as `label`.
 */
export function sentReceipt(record: ExitPlanRecord, label: string, inputs: Pick<ExitInputs, 'receipts'>): { state: 'final' | 'held'; receipt: ExitReceiptFacts } | { state: 'gone' } | undefined {
  const sent = record.sent[label];
  if (sent === undefined) return undefined;
  const kept = record.receipts?.[sent.hash.toLowerCase()];
  const receipt = inputs.receipts.get(sent.hash);
  if (kept?.final === true) return { state: 'final', receipt: receipt ?? kept };
  return receipt === undefined ? { state: 'gone' } : { state: 'held', receipt };
}

/** The first log of `address` with `topic0` in a verified receipt (addresses and topics in any case). */
export function exitLog(receipt: ExitReceiptFacts, address: string, topic0: string): ExitReceiptFacts['logs'][number] | undefined {
  const a = address.toLowerCase();
  return receipt.logs.find((l) => l.address.toLowerCase() === a && l.topics[0]?.toLowerCase() === topic0);
}

/** The requests among `wanted` whose slots (or code) `proven` lacks, each with only what is missing. */
export function missingL1(proven: ProvenL1Storage, wanted: readonly L1AccountRequest[]): L1AccountRequest[] {
  const out: L1AccountRequest[] = [];
  for (const req of wanted) {
    const address = req.address.toLowerCase();
    const held = proven.accounts.get(address);
    const slots = req.slots.filter((s) => held?.storage.has(storageKey(s)) !== true);
    const code = req.code === true && held?.code === undefined;
    if (held === undefined || slots.length > 0 || code) out.push({ address, slots: held === undefined ? req.slots : slots, ...(code ? { code: true } : {}) });
  }
  return out;
}

/** A slot proven at the head, or undefined when it was not proven. */
export function heldSlot(proven: ProvenL1Storage | undefined, address: string, ref: Parameters<typeof storageKey>[0]): bigint | undefined {
  return proven?.accounts.get(address.toLowerCase())?.storage.get(storageKey(ref));
}

/** L1 storage at one head: the follower's and what the plan asked for (both proven at the head), merged. */
export function exitStorage(inputs: Pick<ExitInputs, 'l1' | 'followed'>): ProvenL1Storage {
  const f = inputs.followed?.proven;
  if (f === undefined || f.blockHash.toLowerCase() !== inputs.l1.blockHash.toLowerCase()) return inputs.l1;
  const accounts = new Map(f.accounts);
  for (const [a, held] of inputs.l1.accounts) {
    const other = accounts.get(a);
    accounts.set(a, other === undefined ? held : { ...other, ...held, storage: new Map([...other.storage, ...held.storage]), code: held.code ?? other.code });
  }
  return { ...inputs.l1, accounts };
}
