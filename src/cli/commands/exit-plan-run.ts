/**
 * `vigil exit` for a rollup with an exit plan (src/l2/exit-plans.ts): the plan driven by the
 * exit-plan runner (src/client/exits/plan-runner.ts) at verified L1 heads, one head per round.
 *
 * A round opens a verified head, follows the rollup there, and ticks the plan until it waits:
 * after a transaction is signed, saved and broadcast, it ticks once more at the same head to hear
 * what the plan waits for. Then:
 * - ended for good (a terminal step of the plan, at a finalized block: until then the runner
 *   checks that block at each head, a wait for the next one): the owner's L1 balance proven at
 *   the head is printed, exit 0, or 1 when it ended in 'failed';
 * - a wait with `until` (a deadline, a challenge period): printed with its time, exit 3 (run again
 *   later with the same --state);
 * - a wait for the next head: the next round after --poll seconds; offline (--header) there is no
 *   next head in this run, exit 3 (a step's transaction in no verified block five blocks after it
 *   was signed is signed again at its nonce, fees +12.5%, within --max-fee: exit 4 above it);
 * - a wait on a problem the plan recorded (a hint or proof it refused, a revert), with no sent
 *   transaction of the exit still awaiting its receipt, or a round that threw (a proof that does
 *   not verify, an endpoint down, a policy refusal): up to MAX_FAILED_ROUNDS rounds in a row, then
 *   exit 1 with the code (offline: at once, the same head giving the same answers).
 * @module
 */
import { type EscapeProof, verifiedChainSources } from '../../client/exits/escape-proof.ts';
import { type ExitPlanTick, tickExitPlan } from '../../client/exits/plan-runner.ts';
import { type FollowedRollup, RollupFollower } from '../../client/rollups/follower.ts';
import { getVerifiedAccount } from '../../client/verified/reads.ts';
import { bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { errorSummary, InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { aboutDuration } from '../../core/units.ts';
import type { EvmAccount } from '../../l2/evm-account.ts';
import { type ExitPlan, type ExitPlanAction, type ExitPlanRecord, exitEnded } from '../../l2/exit-plan.ts';
import type { ParsedRollup } from '../../l2/registry.ts';
import type { VigilZkConfig } from '../../l2/vigil-zk/config.ts';
import type { RollupState } from '../../l2/vigil-zk/state.ts';
import { TransportError } from '../../rpc/errors.ts';
import { WalletError, type WalletErrorCode } from '../../wallet/errors.ts';
import type { VaultRecord } from '../../wallet/vault.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import type { HeadSession } from '../verified-head.ts';
import { type AccountSource, commitFromL1, indexedAccount } from './exit-indexed.ts';
import { type L2Access, openRound, type Round, roundDeps } from './exit-plan-round.ts';
import { PLAN_STATE_KIND, type PlanStateFile, type SignedBytes, writeStateFile } from './exit-state.ts';
import { sleep } from '../../core/sleep.ts';

/** The exit waits: run again later with the same --state. */
export const EXIT_WAITING = 3;
/** A step would cost more than --max-fee: nothing signed; run again with a higher one, or later. */
export const EXIT_FEE_CAP = 4;
/** Rounds in a row that may fail (a head not yet fresh, an endpoint down, a refused hint) before the exit stops. */
export const MAX_FAILED_ROUNDS = 5;
/** Ticks at one head: the one that sends, the one that hears what the plan then waits for. */
const TICKS_PER_HEAD = 3;
/** Policy refusals and transient failures a later head may clear. */
const RETRYABLE_WALLET: ReadonlySet<WalletErrorCode> = new Set<WalletErrorCode>(['STALE_HEAD', 'HEAD_THINLY_SIGNED', 'NONCE_NOT_VERIFIED', 'WOULD_REVERT', 'FEE_BELOW_BASE_FEE', 'INSUFFICIENT_VERIFIED_BALANCE']);

export interface PlanExitOptions {
  rollup: ParsedRollup;
  plan: ExitPlan<unknown>;
  owner: string;
  vault: VaultRecord;
  /** The vault's file: wrong passwords are counted beside it. */
  vaultPath?: string;
  password: string;
  /** Wei to withdraw when the exit starts; undefined: the whole L2 balance proven then. */
  amount: bigint | undefined;
  l2: L2Access;
  statePath: string;
  /** The exit kept in the state file; undefined: a new exit starts at the first head. */
  state: PlanStateFile | undefined;
  /** The first L1 block an L2 state rebuilt from L1 reads logs from (a plan of 'indexed' accounts). */
  fromBlock: bigint;
  pollMs: number;
  /** The most an L1 step may cost in fees and value (wei): --max-fee. */
  maxCost: bigint;
  /** One verified head per call (the caller closes nothing: each session is closed here). */
  openHead(): Promise<HeadSession>;
  /** The head cannot move within this run (--header): it stops at the first wait. */
  offline: boolean;
  out(line: string): void;
  warn(line: string): void;
}

/** How a round ended. */
type Outcome =
  | { kind: 'end'; code: number }
  | { kind: 'wait'; action: Extract<ExitPlanAction, { kind: 'wait' }>; record: ExitPlanRecord; now: number; awaiting: boolean };

/** Runs the exit until it is done, waits with `until`, or fails; returns the exit code. */
export async function runPlanExit(o: PlanExitOptions): Promise<number> {
  return new PlanExitRun(o).run();
}

class PlanExitRun {
  private state: PlanStateFile | undefined;
  private round: Round | undefined;
  private readonly follower: RollupFollower<unknown, unknown>;
  private announced = false;
  /** The last wait printed (printed again only when it changes). */
  private lastWait = '';
  /** L2 states rebuilt from L1, by batch and root: rebuilt once a run. */
  private readonly rebuilt = new Map<string, RollupState>();
  /** The escape proof gathered in the current tick, if one was. */
  private escape: EscapeProof | undefined;

  constructor(private readonly o: PlanExitOptions) {
    this.state = o.state;
    const current = () => {
      if (this.round === undefined) throw new Error('unreachable: no round open');
      return this.round;
    };
    // One follower for the run (validity proofs are verified once); each call goes to the round's head.
    this.follower = new RollupFollower({
      adapter: o.rollup.adapter,
      config: o.rollup.config,
      readStorage: (h, a, k) => current().sources.readStorage(h, a, k),
      readCode: (h, a) => current().sources.readCode!(h, a),
      l2Header: (q, h) => current().sources.l2Header!(q, h),
      l2Call: (m, p) => current().sources.l2Call!(m, p),
      transaction: (h) => current().sources.transaction(h),
      receipt: (h) => current().sources.receipt(h),
      commitTxOf: async (batch) => {
        const r = current();
        try {
          const hint = await r.sources.commitTxOf(batch);
          if (hint !== null) return hint;
        } catch (err) {
          if (!(err instanceof VigilError) || o.plan.accounts !== 'indexed') throw err;
          o.warn(`the L2 RPC gave no commit of batch ${batch} (${errorLine(err)}): reading L1's logs`);
        }
        return o.plan.accounts === 'indexed' ? commitFromL1(r.chain, o.rollup.config as VigilZkConfig, batch, r.ref.blockNumber, o.fromBlock) : null;
      },
      verifyProof: (c) => current().sources.verifyProof(c),
      accountProof: (q, a) => current().sources.accountProof(q, a),
    });
  }

  async run(): Promise<number> {
    const { o } = this;
    let failures = 0;
    for (;;) {
      let outcome: Outcome;
      try {
        const session = await o.openHead();
        try {
          this.round = openRound(session, o.l2);
          outcome = await this.atHead(this.round);
        } finally {
          this.round = undefined;
          session.close();
        }
      } catch (err) {
        if (err instanceof WalletError && err.code === 'FEE_ABOVE_CAP') return this.overCap(err);
        if (!retryable(err)) throw err;
        failures++;
        o.warn(`round failed (${failures}/${o.offline ? 1 : MAX_FAILED_ROUNDS}): ${errorLine(err)}`);
        if (o.offline || failures >= MAX_FAILED_ROUNDS) return this.giveUp(errorSummary(err));
        await sleep(o.pollMs);
        continue;
      }
      if (outcome.kind === 'end') return outcome.code;
      const { action, record } = outcome;
      // A problem the plan noted, with nothing of the exit on its way: this head could not move it.
      const problem = record.error !== undefined && !outcome.awaiting ? record.error : undefined;
      this.printWait(record, action, outcome.now);
      if (problem !== undefined) {
        failures++;
        o.warn(`the exit is held up (${failures}/${o.offline ? 1 : MAX_FAILED_ROUNDS}): ${problem.code}: ${problem.message}`);
        if (o.offline || failures >= MAX_FAILED_ROUNDS) return this.giveUp(problem);
      } else {
        failures = 0;
        if (action.until !== undefined) {
          o.warn(`waiting until ${isoOf(action.until)} (${aboutDuration(Math.max(0, action.until - outcome.now))} from the head's time): run again then with --state ${o.statePath}`);
          return EXIT_WAITING;
        }
        if (o.offline) {
          o.warn(`waiting for a newer verified head: run again with a newer --header and --state ${o.statePath}`);
          return EXIT_WAITING;
        }
      }
      await sleep(o.pollMs);
    }
  }

  /** Follows the rollup at the round's head, starts the exit when there is none yet, and ticks until the plan waits. */
  private async atHead(round: Round): Promise<Outcome> {
    const { o } = this;
    const followed = await this.follower.follow(round.ref);
    if (this.state === undefined) {
      const { balance, index, source } = await this.account(round, followed);
      const amount = o.amount ?? balance;
      const record = o.plan.start(o.rollup.config, { owner: o.owner, amount, balance, now: Number(round.ref.timestamp), ...(index !== undefined ? { index } : {}) });
      this.save(record);
      o.out(
        JSON.stringify({
          step: record.step,
          action: 'start',
          rollup: o.rollup.identity.name,
          owner: o.owner,
          ...(index !== undefined ? { index } : {}),
          amount: record.amount,
          balance: balance.toString(),
          source,
          l2Block: Number(followed.accepted.batch),
        }),
      );
      this.announced = true;
    } else if (!this.announced) {
      const r = this.state.record;
      o.out(JSON.stringify({ step: r.step, action: 'resume', rollup: o.rollup.identity.name, owner: r.owner, ...indexOf(r), amount: r.amount }));
      this.announced = true;
    }
    const deps = roundDeps(round, o.l2, followed, {
      owner: o.owner,
      vault: o.vault,
      ...(o.vaultPath !== undefined ? { vaultPath: o.vaultPath } : {}),
      password: o.password,
      l2ChainId: o.rollup.identity.chainId,
      amount: () => BigInt(this.state!.record.amount),
      maxCost: o.maxCost,
    });
    // Bytes signed at an earlier head go out again while no receipt shows them; those signed at this one, not.
    const signedBefore = this.state!.signed;
    for (let t = 0; t < TICKS_PER_HEAD; t++) {
      const before = this.state!.record;
      round.receipts.clear();
      this.escape = undefined;
      const tick = await tickExitPlan(
        {
          ...deps,
          save: async (record, signed) => this.save(record, signed),
          ...(t === 0 && signedBefore !== undefined ? { pending: signedBefore } : {}),
          l1History: verifiedChainSources(round.chain),
          rebuild: { fromBlock: o.fromBlock, cache: this.rebuilt },
          onEscapeProof: (found) => {
            this.escape = found;
            if (found.rejected !== undefined) o.warn(`refused the L2 RPC's account proof (${errorLine(found.rejected)}): rebuilding the state from L1`);
          },
        },
        o.plan,
        o.rollup.config,
        before,
        round.ref,
      );
      this.printTick(before, tick);
      const record = tick.record;
      // A terminal step at a block not yet finalized is a wait for the next head (the runner checks the block).
      if (exitEnded(o.plan, record)) return { kind: 'end', code: await this.finish(round, record) };
      if (tick.sent !== undefined) continue;
      if (tick.action.kind === 'wait') {
        const awaiting = Object.values(record.sent).some((s) => round.receipts.get(s.hash.toLowerCase()) === false);
        return { kind: 'wait', action: tick.action, record, now: Number(round.ref.timestamp), awaiting };
      }
      throw new InputError(`the ${o.plan.kind} exit answered ${tick.action.kind} at ${record.step}, where the runner gives send or wait`);
    }
    throw new InputError(`the ${o.plan.kind} exit sent ${TICKS_PER_HEAD} transactions at one head`);
  }

  /** The owner's L2 balance proven at this head (and, for an indexed account, its index), and where the proof came from. */
  private async account(round: Round, followed: FollowedRollup): Promise<{ balance: bigint; index?: number; source: AccountSource }> {
    const { o } = this;
    if (o.plan.accounts === 'indexed') {
      return indexedAccount(this.follower, followed, o.rollup.config as VigilZkConfig, round.chain, o.l2, o.owner, { fromBlock: o.fromBlock, cache: this.rebuilt }, o.warn);
    }
    const proven = (await this.follower.account(followed, { address: o.owner })) as EvmAccount;
    return { balance: proven.account.balance, source: 'l2-rpc' };
  }

  private save(record: ExitPlanRecord, signed?: SignedBytes): void {
    const { identity, adapter } = this.o.rollup;
    const bytes = signed ?? this.state?.signed;
    this.state = { kind: PLAN_STATE_KIND, rollup: { kind: adapter.kind, chainId: identity.chainId, name: identity.name }, record, ...(bytes !== undefined ? { signed: bytes } : {}) };
    writeStateFile(this.o.statePath, this.state);
  }

  /** One line per step the tick moved through; the transaction it sent, with what it does; a re-broadcast. */
  private printTick(before: ExitPlanRecord, tick: ExitPlanTick): void {
    const { out } = this.o;
    const after = tick.record;
    if (tick.rebroadcast !== undefined) out(JSON.stringify({ step: before.step, action: 'rebroadcast', hash: tick.rebroadcast }));
    const r = tick.replaced;
    // A step's transaction in no verified block for a while, signed again at its nonce: one line for it (not its history note).
    if (r !== undefined) out(JSON.stringify({ step: before.step, action: 'replaced', label: r.label, hash: r.hash, replaces: r.replaces }));
    const fresh = after.history.slice(before.history.length).filter((h) => r === undefined || !h.note?.startsWith(`${r.label} ${r.replaces} replaced by ${r.hash}`));
    for (const [i, h] of fresh.entries()) {
      const sent = tick.sent !== undefined && i === fresh.length - 1 && tick.action.kind === 'send' ? tick.sent : undefined;
      if (sent !== undefined) {
        const summary = tick.action.kind === 'send' ? tick.action.summary : undefined;
        // An escape's account proof: where it came from, and why the L2 RPC's was refused.
        const proof = this.escape;
        out(
          JSON.stringify({
            step: h.step,
            action: 'sent',
            at: h.at,
            label: sent.label,
            hash: sent.hash,
            amount: after.amount,
            ...(summary !== undefined ? { summary } : {}),
            ...(proof !== undefined ? { proofSource: proof.source } : {}),
            ...(proof?.rejected !== undefined ? { rejected: { code: proof.rejected.code, message: proof.rejected.shortMessage } } : {}),
          }),
        );
      } else {
        out(JSON.stringify({ step: h.step, action: 'step', at: h.at, ...(h.note !== undefined ? { note: h.note } : {}) }));
      }
    }
  }

  /** The wait, with its time when it has one (printed when it changed since the last round). */
  private printWait(record: ExitPlanRecord, action: Extract<ExitPlanAction, { kind: 'wait' }>, now: number): void {
    const line: Record<string, unknown> = { step: record.step, action: 'wait', reason: action.reason };
    if (action.until !== undefined) Object.assign(line, { until: isoOf(action.until), untilSeconds: action.until, in: aboutDuration(Math.max(0, action.until - now)) });
    if (record.error !== undefined) line.error = record.error;
    const text = JSON.stringify(line);
    const key = JSON.stringify({ ...line, in: undefined });
    if (key === this.lastWait) return;
    this.lastWait = key;
    this.o.out(text);
  }

  /** The last line: the exit's end, its transactions, and the owner's L1 balance proven at this head. */
  private async finish(round: Round, record: ExitPlanRecord): Promise<number> {
    const { session } = round;
    const { account } = await getVerifiedAccount({ rpc: session.rpc, head: session.head, address: record.owner });
    const txs = Object.fromEntries(Object.entries(record.sent).map(([label, s]) => [label, s.hash]));
    // Every plan ends a lost exit in 'failed'; its other terminal steps are the ways the funds came back.
    const failed = record.step === 'failed';
    this.o.out(
      JSON.stringify({
        step: record.step,
        ...(failed && record.error !== undefined ? { error: record.error } : {}),
        // Why it failed: the note of the move to 'failed' (not the later one saying it became final).
        ...(failed ? { reason: record.history.filter((h) => h.step === 'failed' && h.note?.startsWith('final: ') !== true).at(-1)?.note } : {}),
        amount: record.amount,
        ...(record.facts.recovered !== undefined ? { recovered: record.facts.recovered } : {}),
        owner: record.owner,
        ...indexOf(record),
        txs,
        l1Balance: bigIntToHex(account.balance),
        l1: { blockNumber: Number(session.head.execution.blockNumber), blockHash: bytesToHex(session.head.execution.blockHash) },
      }),
    );
    return failed ? EXIT_UNVERIFIED : EXIT_OK;
  }

  /** A step over --max-fee: not a failure to retry into; the user decides whether to pay it, or waits for lower fees. */
  private overCap(err: WalletError): number {
    const error = { code: err.code, message: err.shortMessage, ...(err.expected !== undefined ? { expected: err.expected } : {}), ...(err.got !== undefined ? { got: err.got } : {}) };
    this.o.out(JSON.stringify({ ...(this.state !== undefined ? { step: this.state.record.step } : {}), error, maxFee: this.o.maxCost.toString() }));
    this.o.warn(`${err.shortMessage} Run again with a higher --max-fee (now ${this.o.maxCost} wei) or later, with --state ${this.o.statePath}.`);
    return EXIT_FEE_CAP;
  }

  private giveUp(error: { code: string; message: string }): number {
    this.o.out(JSON.stringify({ ...(this.state !== undefined ? { step: this.state.record.step } : {}), error }));
    return EXIT_UNVERIFIED;
  }
}

function retryable(err: unknown): err is VigilError {
  if (err instanceof TransportError || err instanceof VerificationError) return true;
  return err instanceof WalletError && RETRYABLE_WALLET.has(err.code);
}

/** An indexed account's index, as the record keeps it. */
const indexOf = (r: ExitPlanRecord): { index?: number } => (r.facts.index !== undefined ? { index: Number(r.facts.index) } : {});

const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
