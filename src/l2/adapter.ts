/**
 * The rollup adapter: what Vigil must know of a rollup to follow it from proven L1 storage alone,
 * and to show it: how often to read it, how its L2 accounts are proven, its facts in words. Each
 * rollup kind implements it in `<kind>/adapter.ts` (the devnet's `vigil-zk-v1`, OP Stack,
 * Arbitrum, Scroll), configured by a JSON rollup config; nothing in src/l2 special-cases one
 * rollup, and nothing outside it asks which kind a rollup is.
 *
 * The chain of trust it serves: verified L1 head → L1 storage proofs of the rollup contract's
 * slots (which the adapter names) → the accepted L2 root (and, for validity rollups, the batch's
 * proof re-verified here against a pinned verification key, its public inputs recomputed from
 * proven L1 data) → L2 account proofs against that root.
 *
 * Pure: values arrive verified (storage proven by the caller, calldata matched to a proven hash),
 * time is passed in.
 * @module
 */
import type { ProofSystem } from '../zk/index.ts';
import type { TierVerdict } from './tier.ts';


/**
 * A slot of an L1 account to prove: a fixed slot, a `mapping(value type ⇒ …)` entry by key, or a
 * storage key the adapter computed itself (nested mappings, array elements, struct fields:
 * 32-byte 0x-hex).
 */
export type SlotRef = { slot: bigint } | { mapping: bigint; key: bigint } | { storageKey: string };

/** An L1 account to prove at a head: its slots, and its code when the adapter reads from it. */
export interface L1AccountRequest {
  address: string;
  slots: SlotRef[];
  /** Prove the code too (fetched, then hashed against the proven code hash): e.g. immutable args. */
  code?: boolean;
}

/** L1 storage the caller proved at one verified head: contract → slot (32-byte hex) → value. */
export interface ProvenL1Storage {
  blockNumber: bigint;
  blockHash: string;
  /** The L1 head's timestamp (seconds): ages are measured from it, not from the L2. */
  timestamp: bigint;
  /** Keys: lower-case addresses. `code` when it was asked for, already matched to `codeHash`. */
  accounts: Map<string, { codeHash: string; storage: Map<string, bigint>; code?: Uint8Array }>;
}

/**
 * Which L2 block header an adapter needs to turn an L1 commitment into a state root (an OP output
 * root, an Arbitrum send root): by number or hash, or the block hash an L1 event names (the newest
 * log of `topic0` (and `topic1`, when given) from `address`, data word `word`, found in verified
 * receipts). The header comes from the L2 RPC and is only a candidate: the adapter checks it
 * against proven L1 data.
 */
export type L2HeaderQuery =
  | { blockNumber: bigint; account?: string }
  | { blockHash: string }
  | { l1Event: { address: string; topic0: string; topic1?: string; word: number } }
  /** No L2 header: the newest L1 log of `address` with these topics (null: any), found in verified receipts (Linea's last finalization). */
  | { l1Log: L1LogQuery };

/**
 * An L1 log to look for: its contract and, per position, its topic (null: any); the newest within
 * `withinBlocks` blocks up to `toBlock` (default: the head), and, with `beforeTransaction`, before
 * that transaction of `toBlock` (the one it emitted or any later one in that block is not it).
 */
export interface L1LogQuery {
  address: string;
  topics: (string | null)[];
  withinBlocks: number;
  toBlock?: bigint;
  beforeTransaction?: string;
  /** Its absence is the fact asked for (e.g. no verifier change since a finalization): not found, it is null in `related`. */
  optional?: boolean;
}

/** An L1 log found in a verified block: the log, and its block's number and time and its transaction. */
export interface FoundL1Log {
  address: string;
  topics: string[];
  data: string;
  blockNumber: bigint;
  /** The block's time (seconds), from its verified header. */
  timestamp: bigint;
  transactionHash: string;
}

/** What was found for an {@link L2HeaderQuery} (the header a candidate; the log proven). */
export interface L2Hints {
  /** The RLP encoding of the L2 block header asked for by {@link RollupAdapter.l2Header}. */
  header?: Uint8Array;
  /** For an `l1Event` query: the L1 log that named the block, proven through its block's receipts. */
  l1Log?: { address: string; topics: string[]; data: string };
  /** For an `l1Log` query: the newest such log, proven through its block's receipts. */
  found?: FoundL1Log;
  /**
   * For an `l1Log` query that found none: the oldest L1 block searched, with its verified time
   * (what was looked for is older than that).
   */
  searched?: { fromBlock: bigint; fromTimestamp: bigint };
  /**
   * For a `blockNumber` query naming an `account`: the L2 RPC's eth_getProof of it (no storage
   * keys) at that block, unchecked (e.g. OP's message passer, whose storage root an output root
   * commits to where the header does not carry it).
   */
  account?: unknown;
}

/** The L2 state root L1 accepted last, with where it came from. */
export interface AcceptedState {
  root: bigint;
  /** The rollup's own numbering of what was accepted (batch, game, assertion, …). */
  batch: bigint;
  /** When L1 accepted it (seconds), from proven storage. */
  acceptedAt: bigint;
  /** How final it is: `finalized` (nothing can undo it on L1) or `claimed` (a challenge may still). */
  status: 'finalized' | 'claimed';
}

/** What the liveness rules read: every fact from proven L1 storage. */
export interface LivenessFacts {
  /** Seconds since L1 last accepted a batch (at the proven head's time). */
  lastBatchAgeSeconds: number;
  /** Seconds the oldest unprocessed L1 queue entry has waited; null when the queue is empty. */
  oldestQueuedAgeSeconds: number | null;
  /** The rollup stopped accepting batches on L1 (escape hatch open). */
  frozen: boolean;
  /**
   * Seconds the user's own oldest L2 transaction has waited for a verified batch (the wallet's
   * knowledge, not L1's); absent or null when none waits.
   */
  oldestOwnPendingAgeSeconds?: number | null;
}

export type LivenessState = 'healthy' | 'delayed' | 'stalled' | 'frozen';

/** The L1 transaction that committed a batch, with its receipt: both proven through their block. */
export interface CommitEvidence {
  /** The transaction as eth_getTransactionByHash shows it after Vigil verified it (to, input, hash, blockNumber). */
  tx: { to: string | null; input: string; hash: string; blockNumber: string; /** A blob transaction's (type 3) versioned hashes, as verified with it. */ blobVersionedHashes?: string[] };
  /** Its verified receipt (status, logs). */
  receipt: { status: string; logs: { address: string; topics: string[]; data: string }[] };
  /** The further L1 logs the adapter asked for ({@link RollupAdapter.stepLogs}), each the newest of its query in verified receipts, in order. */
  related?: (FoundL1Log | null)[];
}

/**
 * A validity proof to check (in a worker), built from proven L1 data only. For `sp1`: `vkey` is
 * `{ release, programVKey }` (a release Vigil ships the key of: src/zk/sp1-shipped.ts), `proof` the
 * proof bytes (0x-hex, selector first) and `publicSignals` the one public-values byte string.
 */
export interface ProofCheck {
  /**
   * `evm-verifier`: a verifier contract run alone on the local EVM (src/execution/verifier-contract.ts):
   * `vkey` `{ codeHash, accept }`, `proof` its runtime code (0x-hex, proven at an L1 head),
   * `publicSignals` the one calldata (0x-hex) the rollup's contract would hand it.
   */
  system: ProofSystem | 'evm-verifier';
  vkey: unknown;
  proof: unknown;
  publicSignals: string[];
}

/**
 * One step of a rollup's chain of roots whose proof rides on an L1 transaction, found by the log
 * it emitted (an OP Succinct output proposal): the caller finds the log in the verified L1 block
 * of `l1Timestamp`, then hands the transaction and receipt to {@link RollupAdapter.stepProof}.
 */
export interface ProofStep {
  /** Names the step among the rollup's (e.g. its output index): verdicts are kept by it and the root it produced. */
  id: string;
  root: bigint;
  /** The log the step's transaction emitted: its contract and every topic. */
  log: { address: string; topics: string[] };
  /** When (seconds) the L1 block holding it was made: from proven storage. */
  l1Timestamp: bigint;
  /**
   * The step's verdict when proven storage alone decides it (a Base game whose only proof is its
   * TEE proof: no ZK prover stands): its transaction is not looked up.
   */
  decided?: { kind: 'tee'; why: string };
}

/** What a step's verified transaction carries: a proof to re-verify, or none (an optimistic proposal). */
export type StepProof =
  | {
      kind: 'proof';
      check: ProofCheck;
      /**
       * Whether the proof, once verified, counts as re-verified here: false for a release with a
       * known soundness bug, or a program key the config does not pin (`why` says which).
       */
      trusted: boolean;
      why?: string;
      system: string;
      release: string;
      keyId: string;
    }
  | { kind: 'optimistic' }
  /** A proof Vigil cannot check (a release whose key it does not ship): L1's verdict only, `why` says so. */
  | { kind: 'unchecked'; why: string }
  /** Attested by trusted hardware only (an SGX proof with no ZK proof beside it). */
  | { kind: 'tee'; why: string };

/**
 * Runs proven code alone with `calldata` (a getter of an immutable, such as a verifier's chain
 * configuration): its return data, or null when it reverts, halts or reads state it does not hold.
 * The caller's EVM (src/execution/verifier-contract.ts readPinnedView; in the extension, the
 * execution worker), so the adapters and the app host do not load one.
 */
export type RunView = (code: Uint8Array, calldata: Uint8Array) => Promise<Uint8Array | null>;

/** A rollup's L1 deposit contract, and how a call to it reads as a deposit. */
export interface DepositBridge {
  /** Lower-case 0x-hex. */
  address: string;
  /** The contract's own name ("OptimismPortal", "Inbox"). */
  contract: string;
  /**
   * What a call from `from` with `value` wei and `data` (lower-case 0x-hex) deposits, when it is a
   * plain deposit of that ETH to the sender's own L2 account (the whole calldata decoded as one,
   * nothing else asked on L2); undefined for anything else.
   */
  deposit(tx: { from: string; value: bigint; data: string }): { amount: bigint; l2Account?: { index: string } | { opens: true } } | undefined;
}

/** What every rollup config says whatever its kind: the wallet lists, routes and watches by it. */
export interface RollupIdentity {
  /** The L2's chain id. */
  chainId: number;
  name: string;
  /** The L1 it settles on (a config is followed only from that network's verified heads). */
  l1ChainId: number;
  /** The L2 RPC, asked for hints only. */
  l2Rpc: string | undefined;
  liveness: { delayedAfterSeconds: number; stalledAfterSeconds: number };
  /** The L2's native currency (what an account's balance counts): ETH unless the config says otherwise (Mantle: MNT). */
  nativeCurrency: NativeCurrency;
}

/** A chain's native currency, as EIP-3085 names it. */
export interface NativeCurrency {
  name: string;
  symbol: string;
  decimals: number;
}

export const ETHER: NativeCurrency = { name: 'Ether', symbol: 'ETH', decimals: 18 };

/**
 * How a rollup's L2 accounts are asked for and proven:
 * - `evm`: Ethereum's accounts: the same address as on L1, proven by the L2 RPC's eth_getProof
 *   (the adapter names the request: {@link RollupAdapter.l2AccountRequest}) against the accepted
 *   state root;
 * - `indexed`: the rollup's own tree of numbered accounts, each naming its L1 owner (the devnet
 *   rollup's): asked by index, or by owner through the L2 RPC's index (a hint: the proven leaf's
 *   index and owner are checked);
 * - `unproven`: Ethereum's addresses in a tree Vigil does not prove yet (Linea's sparse Merkle trie
 *   over MiMC): an account's balance and nonce are the L2 RPC's at the accepted block, always
 *   shown as not proven ({@link RollupWords.accountNotProven}) beside the root's tier, never
 *   signed against; {@link RollupAdapter.verifyAccount} refuses.
 */
export type L2AccountModel = 'evm' | 'indexed' | 'unproven';

/** A rollup's facts in the words of its own L1 contracts: what the wallet shows beside them. */
export interface RollupWords {
  /** What {@link AcceptedState.batch} counts: the rollup's batches, or the accepted L2 block's number. */
  unit: 'batch' | 'L2 block';
  /** What {@link LivenessFacts.lastBatchAgeSeconds} is the age of. */
  lastBatch: string;
  /**
   * The L1 queue fact ({@link LivenessFacts.oldestQueuedAgeSeconds}): `empty` when none waits,
   * `waiting` when one does, followed by how long when `waitProven` (otherwise only that it waits).
   * Absent when the adapter reads no queue.
   */
  queue?: { empty: string; waiting: string; waitProven: boolean };
  /** What {@link LivenessFacts.frozen} means on this rollup. */
  frozen: string;
  /** `unproven` accounts: what is shown beside every balance (e.g. "account not proven (Linea's trie)"). */
  accountNotProven?: string;
}

/** While an accepted root is `claimed`: until when (seconds; null: not known yet) a challenge may still undo it, and until what, in words. */
export interface ClaimedUntil {
  until: number | null;
  note: string;
}

export interface RollupAdapter<Config = unknown, Account = unknown> {
  readonly kind: string;
  /**
   * The least time (ms) between two follows of a rollup of this kind (0: at every verified L1
   * head), from how often its L1 commitments move: asks in between get the newest read.
   */
  readonly followEveryMs: number;
  /** How its L2 accounts are asked for and proven. */
  readonly accounts: L2AccountModel;
  readonly words: RollupWords;
  /** Reads and checks a rollup config of this kind (InputError naming the field otherwise). */
  parseConfig(json: unknown): Config;
  /**
   * The L1 contract that takes deposits into the rollup (the approval window names a call to it:
   * "Deposit 2 ETH into OP Mainnet's OptimismPortal"); absent for kinds whose config pins none.
   */
  depositBridge?(config: Config): DepositBridge;
  identity(config: Config): RollupIdentity;
  /**
   * The L1 accounts and slots to prove at a head to learn the accepted state and liveness. Asked
   * first without `proven`, then again with what was proven until it names nothing new (mapping
   * entries whose keys are other slots' values: at most a few rounds). With `hints`, the slots
   * those hints need proven (e.g. the Outbox root an L2 header's send root names).
   */
  l1Slots(config: Config, proven?: ProvenL1Storage, hints?: L2Hints): L1AccountRequest[];
  /**
   * Rollups whose L1 commitment covers an L2 header: which header to fetch, once the slots of
   * {@link l1Slots} are proven (null: none needed at this head).
   */
  l2Header?(config: Config, proven: ProvenL1Storage): L2HeaderQuery | null;
  /**
   * The accepted state from proven storage (and the hints it needed, checked here):
   * VerificationError when storage contradicts the config (e.g. an upgraded implementation) or a
   * hint does not match what L1 committed to.
   */
  acceptedState(config: Config, proven: ProvenL1Storage, hints?: L2Hints): AcceptedState;
  /** Liveness from proven storage (and the hints {@link acceptedState} took, checked there). */
  liveness(config: Config, proven: ProvenL1Storage, hints?: L2Hints): LivenessFacts;
  /**
   * The L2 RPC request whose answer {@link verifyAccount} checks, for `query` at `accepted` (e.g.
   * `eth_getProof` at the accepted L2 block). Absent: the caller's own request (the devnet rollup's).
   */
  l2AccountRequest?(config: Config, accepted: AcceptedState, query: unknown): { method: string; params: unknown[] };
  /**
   * An L2 account proven against an accepted root (VerificationError when the proof lies). With
   * `query`, the proof must be of what was asked (another address's proof verifies against the
   * same root, but is not the answer).
   */
  verifyAccount(config: Config, root: bigint, proof: unknown, query?: unknown): Account;
  /**
   * Validity rollups: the proof that makes `accepted` valid, with its public inputs recomputed
   * from the commit transaction's verified calldata and receipt and checked against the accepted
   * state (VerificationError when they do not match); the caller verifies it against the pinned key.
   */
  proofOf?(config: Config, accepted: AcceptedState, evidence: CommitEvidence): ProofCheck;
  /**
   * Rollups whose proofs are not re-verified here: what made L1 accept the root, in words (e.g.
   * "root accepted by the L1 verifier 0x… (code hash pinned)"), from the same proven storage.
   * @throws VerificationError when proven L1 contradicts what the config pins about it
   */
  provenance?(config: Config, proven: ProvenL1Storage, accepted: AcceptedState): string;
  /**
   * Rollups whose accepted root can be `claimed`: until when a challenge may still undo it, read
   * from the storage it was accepted from (`proven`; absent when that is not kept). Absent: a
   * claimed root stands until L1 finalizes it.
   */
  claimedUntil?(config: Config, proven: ProvenL1Storage | undefined): ClaimedUntil;
  /**
   * Rollups whose proofs are not re-verified here: the tier of `accepted` (accepted by L1's
   * verifier, optimistic, …) from the same proven storage.
   */
  tier?(config: Config, proven: ProvenL1Storage, accepted: AcceptedState): TierVerdict;
  /**
   * Rollups whose proofs ride on proposal transactions ({@link ProofStep}): the steps that led to
   * `accepted`, newest first, as many as the config wants re-verified (`wanted`), and whether the
   * oldest of them starts from the pinned anchor; with no step, `reason` says why.
   */
  proofSteps?(config: Config, proven: ProvenL1Storage, accepted: AcceptedState, hints?: L2Hints): { steps: ProofStep[]; wanted: number; anchored: boolean; reason?: string };
  /**
   * Whether {@link proofSteps} applies to this config (absent: whenever it is given). An OP Stack
   * config re-verifies steps only where it pins Base's ZK leg; its fault games keep {@link tier}.
   */
  hasProofSteps?(config: Config): boolean;
  /**
   * The L1 slots a step's proof also reads, named by its transaction and the logs of
   * {@link stepLogs} (e.g. the L1 block hash its calldata checkpoints): asked again with what was
   * proven until it names nothing new (a mapping entry whose value names another account, as a
   * verifier's address does; an immutable read by running proven code with `runView`, hence async).
   */
  stepSlots?(config: Config, step: ProofStep, evidence: CommitEvidence, proven: ProvenL1Storage, runView?: RunView): L1AccountRequest[] | Promise<L1AccountRequest[]>;
  /**
   * Further L1 logs a step's proof reads (e.g. the finalization before it, whose result its public
   * input starts from): each found as the newest in verified receipts and handed to
   * {@link stepSlots} and {@link stepProof} as `evidence.related`; the step is not re-verified
   * when one is not found, unless the query is `optional` (then null: e.g. no change of the
   * verifier since the finalization, proven over verified blocks up to the head).
   */
  stepLogs?(config: Config, step: ProofStep, evidence: CommitEvidence, proven: ProvenL1Storage): L1LogQuery[];
  /**
   * A step's proof with its public inputs rebuilt from `evidence` (verified) and proven storage;
   * VerificationError when the transaction is not the step's, or when the key, release or route
   * it uses is not the pinned one (L2_VERIFIER_CHANGED).
   */
  stepProof?(config: Config, proven: ProvenL1Storage, step: ProofStep, evidence: CommitEvidence, runView?: RunView): StepProof | Promise<StepProof>;
}

/** Until when a `claimed` root of `adapter`'s rollup may still be undone, in its words (by default: until L1 finalizes it). */
export function claimedUntil<Config>(adapter: RollupAdapter<Config, unknown>, config: Config, proven: ProvenL1Storage | undefined): ClaimedUntil {
  return adapter.claimedUntil?.(config, proven) ?? { until: null, note: 'L1 finalizes it' };
}

/** healthy / delayed / stalled / frozen, from proven facts and the config's thresholds. */
export function livenessState(facts: LivenessFacts, thresholds: { delayedAfterSeconds: number; stalledAfterSeconds: number }): LivenessState {
  if (facts.frozen) return 'frozen';
  // A queue entry waiting is the stronger signal: the sequencer ignores L1's requests. The
  // user's own transfer left out of batch after batch is one too: a sequencer censoring them.
  const waited = Math.max(facts.lastBatchAgeSeconds, facts.oldestQueuedAgeSeconds ?? 0, facts.oldestOwnPendingAgeSeconds ?? 0);
  if (waited >= thresholds.stalledAfterSeconds) return 'stalled';
  if (waited >= thresholds.delayedAfterSeconds) return 'delayed';
  return 'healthy';
}
