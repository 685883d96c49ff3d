/**
 * Forced exits from real rollups (OP Stack, Arbitrum, Scroll), one plan per rollup kind: the route
 * a user takes alone when the sequencer ignores them (a transaction forced in through L1, the
 * rollup's own delays, then the withdrawal proven and paid out on L1), as a persisted state machine.
 *
 * Each plan is pure and idempotent, like the devnet rollup's (src/l2/vigil-zk/exit.ts): given the
 * record and what was proven at one verified L1 head, `advance` returns the next record and the one
 * action to take. It asks for what it needs (`need`: L1 slots to prove, receipts, L2 RPC answers,
 * an L2 transaction to sign) and the runner (src/client) gathers it and calls again with more. Only
 * proven L1 facts move a record: the L2 RPC's answers are hints the plan checks (a withdrawal proof
 * against a proven root) before anything is signed. A record is saved before its transaction is
 * broadcast, and a sent transaction is only ever followed by its verified receipt: a restart
 * anywhere resumes, never signs a second, different transaction for the same step.
 * @module
 */
import type { L1AccountRequest, ProvenL1Storage, AcceptedState, L2Hints } from './adapter.ts';

/** An L1 transaction an exit sent (its hash saved before it was broadcast). */
export interface ExitTxSent {
  hash: string;
  /** When it was signed (seconds, the L1 head's clock). */
  at: number;
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
  createdAt: number;
  updatedAt: number;
}

export const MAX_EXIT_REVERTS = 3;

/** A verified L1 receipt (status and logs, as VerifiedChain returns them) and its block. */
export interface ExitReceiptFacts {
  status: string;
  blockNumber: string;
  /** The verified block's hash (as the receipt JSON gives it): OP deposits derive their L2 transaction hash from it and the log index. */
  blockHash?: string;
  logs: { address: string; topics: string[]; data: string; logIndex?: string }[];
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
  /**
   * The rollup as the follower read it at this head, when it could: the accepted state and the
   * storage and hints it was read from (e.g. the OP game and the output root's L2 header).
   */
  followed?: { accepted: AcceptedState; proven: ProvenL1Storage; hints?: L2Hints };
}

export type ExitPlanAction =
  /** Gather these at the same head and call `advance` again with them merged into the inputs. */
  | { kind: 'need'; l1?: L1AccountRequest[]; receipts?: string[]; l2?: ExitL2Request[]; signL2?: ExitL2TxRequest }
  /** Sign (under the signing policy) and send this L1 transaction from the owner, then `recordExitSent`. */
  | { kind: 'send'; label: string; to: string; value: bigint; data: string; summary: string }
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
}

export interface ExitPlan<Config = unknown> {
  readonly kind: string;
  /** Step names after which nothing more happens. */
  readonly terminal: ReadonlySet<string>;
  /** The route and its real delays (`l1`, when given, lets the plan read delays proven at a head). */
  route(config: Config, l1?: ProvenL1Storage): ExitRouteStep[];
  /** A new exit of `amount` wei of `owner`'s L2 funds (`balance`: the L2 balance proven now). @throws InputError */
  start(config: Config, params: { owner: string; amount: bigint; balance: bigint; now: number }): ExitPlanRecord;
  /** One step at a verified head. Pure: the same record and inputs give the same answer. */
  advance(config: Config, record: ExitPlanRecord, inputs: ExitInputs): { record: ExitPlanRecord; action: ExitPlanAction };
}

/** The record once the transaction of `label` is signed (saved before it is broadcast). */
export function recordExitSent(record: ExitPlanRecord, label: string, hash: string, now: number): ExitPlanRecord {
  return {
    ...record,
    sent: { ...record.sent, [label]: { hash, at: now } },
    history: [...record.history, { step: record.step, at: now, note: `sent ${label} ${hash}` }],
    updatedAt: now,
  };
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
