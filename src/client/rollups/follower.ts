/**
 * Follows one rollup from a verified L1 head: proves the rollup contract's slots the adapter
 * names (eth_getProof against the head's state root), reads the accepted L2 state and the
 * liveness facts from them, and for a validity rollup re-verifies the batch's proof (in a worker)
 * with public inputs recomputed from the commit transaction's verified calldata and receipt.
 * L2 accounts are then proven against that root. The L2 RPC is only asked where to look (which L1
 * transaction committed a batch, an account's Merkle proof): nothing it says is believed unchecked.
 * @module
 */
import { hexToBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import type { AcceptedState, CommitEvidence, FoundL1Log, L1AccountRequest, L1LogQuery, L2HeaderQuery, L2Hints, LivenessFacts, ProofCheck, ProofStep, ProvenL1Storage, RollupAdapter, RunView } from '../../l2/adapter.ts';
import { storageKey } from '../../l2/slots.ts';
import type { TierVerdict } from '../../l2/tier.ts';
import { verifyCode } from '../../proofs/account.ts';
import type { HeadBlock, HeadJson } from '../../l1/heads.ts';

/**
 * The verified L1 head the rollup is read at: a view of src/l1/heads.ts VerifiedHead, its block's
 * number and time, and its hash and state root in the JSON form's 0x hex (what the proofs are asked by).
 */
export type L1HeadRef = Pick<HeadBlock, 'blockNumber' | 'timestamp'> & Pick<HeadJson, 'blockHash' | 'stateRoot'>;

/** @example l1HeadRef(headToJson(head)) */
export function l1HeadRef(head: HeadJson): L1HeadRef {
  return { blockNumber: BigInt(head.blockNumber), blockHash: head.blockHash, stateRoot: head.stateRoot, timestamp: BigInt(head.timestamp) };
}

export interface RollupFollowerDeps<Config, Account> {
  adapter: RollupAdapter<Config, Account>;
  config: Config;
  /** eth_getProof of `address` with `keys` at `head`, verified: its code hash, the slots' values and (where the source gives it) its nonce. */
  readStorage(head: L1HeadRef, address: string, keys: string[]): Promise<{ codeHash: string; storage: Map<string, bigint>; nonce?: bigint }>;
  /** The code of `address` at `head` (eth_getCode: checked here against the proven code hash). Needed by adapters that read immutable args. */
  readCode?(head: L1HeadRef, address: string): Promise<Uint8Array>;
  /**
   * The L2 block header an adapter asks for, RLP-encoded (the L2 RPC's word: the adapter checks
   * it), with the L1 log that named it for an `l1Event` query (proven through verified receipts);
   * for an `l1Log` query, the log found or, when none is, the oldest block searched; null when
   * nothing is found.
   */
  l2Header?(query: L2HeaderQuery, head: L1HeadRef): Promise<L2Hints | null>;
  /** Verified L1 chain data (a transaction and its receipt proven through their block), or null when none shows it. */
  transaction(hash: string): Promise<{ to: string | null; input: string; hash: string; blockNumber: string } | null>;
  receipt(hash: string): Promise<{ status: string; logs: { address: string; topics: string[]; data: string }[] } | null>;
  /** Where the commit of `batch` is (a hint from the L2 RPC or L1 logs; checked, never believed). */
  commitTxOf(batch: bigint): Promise<string | null>;
  /**
   * The transaction that emitted `log` (its address and exact topics) in the verified L1 block
   * made at `l1Timestamp`, at or below `head` (the block's last such log); null when no such block
   * or log is found.
   */
  stepTxOf?(log: ProofStep['log'], l1Timestamp: bigint, head: L1HeadRef): Promise<string | null>;
  /** The newest L1 log of `query` in verified receipts within its `withinBlocks` blocks up to its `toBlock` (or `head`), or null. */
  newestLog?(query: L1LogQuery, head: L1HeadRef): Promise<FoundL1Log | null>;
  /** Runs a validity proof check (a worker in the extension). */
  verifyProof(check: ProofCheck): Promise<boolean>;
  /** Runs proven code alone (a verifier's getters), for the adapters whose steps read immutables; absent: those steps are not re-verified. */
  runView?: RunView;
  /** An L2 account's proof from the L2 RPC, for the adapter to verify. */
  accountProof(query: unknown, accepted: AcceptedState): Promise<unknown>;
  /** The L2 RPC (hints only), for adapters that name their own account request ({@link RollupAdapter.l2AccountRequest}). */
  l2Call?(method: string, params: unknown[]): Promise<unknown>;
}

export interface FollowedRollup {
  at: L1HeadRef;
  accepted: AcceptedState;
  liveness: LivenessFacts;
  /** 'verified': the batch's validity proof re-verified here; 'not-applicable' for rollups without one. */
  proof: 'verified' | 'not-applicable';
  /** How far the root can be trusted (./src/l2/tier.ts). */
  tier: TierVerdict;
  /** Where the proof is not re-verified here: what made L1 accept the root (the adapter's words). */
  provenance?: string;
  /** The L1 storage (and code) proven at `at` that it was read from, and the L2 hints it checked: what exit plans are handed as `followed`. */
  proven?: ProvenL1Storage;
  hints?: L2Hints;
}

// OP's game search walks back one round per lost or unknown game it meets, besides the fixed rounds.
const MAX_SLOT_ROUNDS = 8;

export class RollupFollower<Config, Account> {
  /** Proof verdicts by batch (or step) and root: each is verified once. */
  private readonly verdicts = new Map<string, StepVerdict>();
  /** Per verified batch, how many batches up to it were verified here in a row (the devnet rollup's tier). */
  private readonly batchRuns = new Map<bigint, number>();

  constructor(private readonly deps: RollupFollowerDeps<Config, Account>) {}

  /**
   * The rollup at `head`.
   * @throws VerificationError (a storage proof, a commit transaction, public inputs or a validity
   *   proof that does not verify: L2_* codes), TransportError.
   */
  async follow(head: L1HeadRef): Promise<FollowedRollup> {
    const { adapter, config } = this.deps;
    const proven: ProvenL1Storage = { blockNumber: head.blockNumber, blockHash: head.blockHash, timestamp: head.timestamp, accounts: new Map() };
    const hints: L2Hints = {};
    await this.proveSlots(head, proven);
    // An L2 header the L1 commitment covers: asked for once the slots naming it are proven, then
    // the slots it names in turn (e.g. the Outbox root of its send root).
    const query = adapter.l2Header?.(config, proven) ?? null;
    if (query !== null) {
      const found = this.deps.l2Header ? await this.deps.l2Header(query, head) : null;
      // An L1 log not found is a fact too (nothing that recent): the adapter reads `searched`.
      const none = 'l1Log' in query ? found?.found === undefined && found?.searched === undefined : found?.header === undefined;
      if (none) throw new VerificationError('L2_HEADER_NOT_FOUND', `no ${'l1Log' in query ? 'L1 log' : 'L2 header'} could be found for ${describeQuery(query)}`);
      Object.assign(hints, found);
      await this.proveSlots(head, proven, hints);
    }
    const accepted = adapter.acceptedState(config, proven, query === null ? undefined : hints);
    const liveness = adapter.liveness(config, proven, query === null ? undefined : hints);
    const read = query === null ? { proven } : { proven, hints };
    if (adapter.proofSteps !== undefined && (adapter.hasProofSteps?.(config) ?? true)) {
      const tier = await this.verifySteps(head, proven, accepted, query === null ? undefined : hints);
      const provenance = adapter.provenance?.(config, proven, accepted);
      return { at: head, accepted, liveness, proof: tier.tier === 'reverified' ? 'verified' : 'not-applicable', tier, ...(provenance !== undefined ? { provenance } : {}), ...read };
    }
    if (adapter.proofOf === undefined) {
      const provenance = adapter.provenance?.(config, proven, accepted);
      const tier = adapter.tier?.(config, proven, accepted) ?? { tier: 'sequencer', reason: 'the adapter names no tier' };
      return { at: head, accepted, liveness, proof: 'not-applicable', tier, ...(provenance !== undefined ? { provenance } : {}), ...read };
    }
    await this.verifyBatch(accepted);
    return { at: head, accepted, liveness, proof: 'verified', tier: this.batchTier(accepted), ...read };
  }

  /**
   * The devnet rollup's tier: each batch's proof shows the step from the root before, so the root
   * counts as re-verified here when the batches back to genesis were (those this follower verified,
   * contiguous) or the config's last N (`verifySteps`, default 1).
   */
  private batchTier(accepted: AcceptedState): TierVerdict {
    const wanted = (this.deps.config as { verifySteps?: number }).verifySteps ?? 1;
    const verified = accepted.batch === 0n ? 0 : (this.batchRuns.get(accepted.batch) ?? 0);
    return { tier: 'reverified', steps: { verified, wanted, anchored: BigInt(verified) === accepted.batch }, system: 'groth16' };
  }

  /**
   * Re-verifies the newest steps the adapter names, newest first, each from its own verified
   * proposal transaction; stops at the first that cannot be (not found, optimistic, an untrusted
   * release). The root's tier follows from how many were.
   * @throws VerificationError L2_BATCH_PROOF_INVALID when a proof does not verify; the adapter's codes (a swapped key, release or route).
   */
  private async verifySteps(head: L1HeadRef, proven: ProvenL1Storage, accepted: AcceptedState, hints: L2Hints | undefined): Promise<TierVerdict> {
    const { adapter, config } = this.deps;
    const named = adapter.proofSteps!(config, proven, accepted, hints);
    const { steps, wanted, anchored } = named;
    let verified = 0;
    let first: StepVerdict | undefined;
    let reason = steps.length === 0 ? named.reason : undefined;
    for (const step of steps) {
      const key = `${step.id}:${step.root}`;
      let verdict = this.verdicts.get(key);
      if (verdict === undefined) {
        verdict = await this.verifyStep(head, proven, step);
        // What the adapter decided from the step's own transaction stands (a proof, an optimistic or
        // TEE-only step, a verifier Vigil cannot check); a transaction or log not found is asked again.
        if (verdict.kind !== 'missing' || verdict.decided === true) this.verdicts.set(key, verdict);
      }
      first ??= verdict;
      if (verdict.kind !== 'proof' || !verdict.trusted) {
        reason =
          verdict.kind === 'missing' ? verdict.reason : verdict.kind === 'tee' ? verdict.why : verdict.kind === 'proof' ? (verdict.why ?? `the proof of step ${step.id} does not count as re-verified here`) : undefined;
        break;
      }
      verified++;
    }
    const about = first?.kind === 'proof' ? { system: first.system, release: first.release, keyId: first.keyId } : {};
    if (verified > 0) return { tier: 'reverified', steps: { verified, wanted, anchored: anchored && verified === steps.length }, ...about };
    if (first?.kind === 'tee') return { tier: 'tee', reason: first.why };
    if (first?.kind === 'optimistic') {
      const until = adapter.claimedUntil?.(config, proven).until ?? null;
      return accepted.status === 'finalized' ? { tier: 'optimistic-final' } : { tier: 'optimistic-open', until };
    }
    return { tier: 'l1-verifier', ...about, ...(reason !== undefined ? { reason } : {}) };
  }

  private async verifyStep(head: L1HeadRef, proven: ProvenL1Storage, step: ProofStep): Promise<StepVerdict> {
    const { adapter, config } = this.deps;
    if (step.decided !== undefined) return step.decided;
    const hash = this.deps.stepTxOf ? await this.deps.stepTxOf(step.log, step.l1Timestamp, head) : null;
    const [tx, receipt] = hash === null ? [null, null] : await Promise.all([this.deps.transaction(hash), this.deps.receipt(hash)]);
    if (tx === null || receipt === null) return { kind: 'missing', reason: `the L1 transaction of step ${step.id} was not found in a verified block` };
    const evidence: CommitEvidence = { tx, receipt };
    const related = adapter.stepLogs?.(config, step, evidence, proven);
    if (related !== undefined) {
      evidence.related = [];
      if (related.length > 0 && !this.deps.newestLog) return { kind: 'missing', reason: `the proof of step ${step.id} reads L1 logs, and nothing here searches them` };
      for (const query of related) {
        const log = await this.deps.newestLog!(query, head);
        if (log === null && query.optional !== true) return { kind: 'missing', reason: `an L1 log the proof of step ${step.id} reads (${query.topics[0]} of ${query.address}) was not found in a verified block` };
        evidence.related.push(log);
      }
    }
    for (let round = 0; ; round++) {
      const slots = (await adapter.stepSlots?.(config, step, evidence, proven, this.deps.runView)) ?? [];
      if (unprovenL1(slots, proven).length === 0) break;
      if (round >= MAX_SLOT_ROUNDS) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the slots of step ${step.id} still named new keys after ${MAX_SLOT_ROUNDS} rounds`);
      await proveL1Accounts(this.deps, head, slots, proven);
    }
    const found = await adapter.stepProof!(config, proven, step, evidence, this.deps.runView);
    if (found.kind === 'optimistic') return found;
    if (found.kind === 'unchecked') return { kind: 'missing', reason: found.why, decided: true };
    if (found.kind === 'tee') return found;
    const { check, kind: _proof, ...about } = found;
    // Verified even when it will not count (an untrusted release, an unpinned key): L1 accepted it, so a proof that fails here is an alarm.
    if (!(await this.deps.verifyProof(check))) {
      throw new VerificationError('L2_BATCH_PROOF_INVALID', `the validity proof of step ${step.id} does not verify against the pinned key (${about.release})`);
    }
    return { kind: 'proof', ...about };
  }

  /** Proves what the adapter names, in rounds: mapping entries are keyed by values proven in the round before. */
  private async proveSlots(head: L1HeadRef, proven: ProvenL1Storage, hints?: L2Hints): Promise<void> {
    const { adapter, config } = this.deps;
    for (let round = 0; ; round++) {
      const wanted = adapter.l1Slots(config, round === 0 && hints === undefined ? undefined : proven, hints);
      if (unprovenL1(wanted, proven).length === 0) return;
      if (round >= MAX_SLOT_ROUNDS) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the rollup's slots still named new keys after ${MAX_SLOT_ROUNDS} rounds`);
      await proveL1Accounts(this.deps, head, wanted, proven);
    }
  }

  /** An L2 account proven against the accepted root. */
  async account(followed: FollowedRollup, query: unknown): Promise<Account> {
    const request = this.deps.adapter.l2AccountRequest?.(this.deps.config, followed.accepted, query);
    if (request && !this.deps.l2Call) throw new VerificationError('L2_STORAGE_NOT_PROVEN', 'no L2 RPC to ask for the account proof');
    const proof = request ? await this.deps.l2Call!(request.method, request.params) : await this.deps.accountProof(query, followed.accepted);
    return this.deps.adapter.verifyAccount(this.deps.config, followed.accepted.root, proof, query);
  }

  private async verifyBatch(accepted: AcceptedState): Promise<void> {
    const key = `${accepted.batch}:${accepted.root}`;
    if (this.verdicts.has(key) || accepted.batch === 0n) return; // batch 0: the empty genesis tree, nothing to prove
    const hash = await this.deps.commitTxOf(accepted.batch);
    if (hash === null) {
      throw new VerificationError('L2_BATCH_NOT_FOUND', `no L1 transaction committing batch ${accepted.batch} could be found`);
    }
    const [tx, receipt] = await Promise.all([this.deps.transaction(hash), this.deps.receipt(hash)]);
    if (tx === null || receipt === null) {
      throw new VerificationError('L2_BATCH_NOT_FOUND', `the L1 transaction ${hash} said to commit batch ${accepted.batch} is on no verified block`);
    }
    const check = this.deps.adapter.proofOf!(this.deps.config, accepted, { tx, receipt });
    if (!(await this.deps.verifyProof(check))) {
      throw new VerificationError('L2_BATCH_PROOF_INVALID', `the validity proof of batch ${accepted.batch} does not verify against the pinned key`);
    }
    this.verdicts.set(key, { kind: 'proof', trusted: true, system: check.system, release: '', keyId: '' });
    this.batchRuns.set(accepted.batch, 1 + (this.batchRuns.get(accepted.batch - 1n) ?? 0));
  }
}

/** What became of one step: re-verified (or, from an untrusted release, not), optimistic, or its transaction not found. */
type StepVerdict =
  | { kind: 'proof'; trusted: boolean; why?: string; system: string; release: string; keyId: string }
  | { kind: 'optimistic' }
  | { kind: 'tee'; why: string }
  /** `decided`: the adapter's verdict on the step's own transaction (kept), not a transaction or log not found (asked again). */
  | { kind: 'missing'; reason: string; decided?: boolean };

/** What of `requests` is not in `proven` yet: per address (lower case), the storage keys to read, and whether its account or code is still to prove. */
export function unprovenL1(requests: readonly L1AccountRequest[], proven: ProvenL1Storage): { address: string; keys: string[]; code: boolean }[] {
  const byAddress = new Map<string, { address: string; keys: string[]; code: boolean; fresh: boolean }>();
  for (const { address, slots, code } of requests) {
    const a = address.toLowerCase();
    const held = proven.accounts.get(a);
    const w = byAddress.get(a) ?? { address: a, keys: [], code: false, fresh: held === undefined };
    for (const k of slots.map(storageKey)) if (!held?.storage.has(k) && !w.keys.includes(k)) w.keys.push(k);
    w.code ||= code === true && held?.code === undefined;
    byAddress.set(a, w);
  }
  return [...byAddress.values()].filter((w) => w.fresh || w.keys.length > 0 || w.code).map(({ address, keys, code }) => ({ address, keys, code }));
}

/**
 * Proves at `head` what of `requests` is not in `proven` yet, into `proven`: the slots by
 * eth_getProof (verified by `readStorage`), and the code, when asked, hashed against the proven
 * code hash (VerificationError otherwise). The one way rollup followers and exit plans prove L1.
 * @throws VerificationError (a proof or code that does not verify; L2_STORAGE_NOT_PROVEN when code is asked and nothing reads it), TransportError.
 */
export async function proveL1Accounts(
  deps: Pick<RollupFollowerDeps<unknown, unknown>, 'readStorage' | 'readCode'>,
  head: L1HeadRef,
  requests: readonly L1AccountRequest[],
  proven: ProvenL1Storage,
): Promise<void> {
  await Promise.all(
    unprovenL1(requests, proven).map(async ({ address, keys, code }) => {
      const read = await deps.readStorage(head, address, keys);
      const held = proven.accounts.get(address);
      const account = held ?? { codeHash: read.codeHash, storage: new Map<string, bigint>() };
      for (const [k, v] of read.storage) account.storage.set(k, v);
      if (code) {
        if (!deps.readCode) throw new VerificationError('L2_STORAGE_NOT_PROVEN', `the code of ${address} is needed and nothing here can read it`);
        const bytes = await deps.readCode(head, address);
        verifyCode(hexToBytes(account.codeHash, 32, 'codeHash'), bytes);
        account.code = bytes;
      }
      if (!held) proven.accounts.set(address, account);
    }),
  );
}

function describeQuery(query: L2HeaderQuery): string {
  if ('blockNumber' in query) return `L2 block ${query.blockNumber}`;
  if ('blockHash' in query) return `L2 block ${query.blockHash}`;
  if ('l1Log' in query) return `the newest ${query.l1Log.topics[0]} log of ${query.l1Log.address}`;
  return `the block hash in ${query.l1Event.topic0} logs of ${query.l1Event.address}`;
}
