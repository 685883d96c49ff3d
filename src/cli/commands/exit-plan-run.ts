/**
 * `vigil exit` for a rollup with an exit plan (src/l2/exit-plans.ts): the exit loop the extension
 * runs too (src/client/exits/exit-loop.ts, around the exit-plan runner), with the CLI's options
 * (./exit-plan-loop.ts: progress in the --state file, exit codes 3 and 4, five failed rounds).
 *
 * A round opens a verified head (a new session each, resuming the light client), follows the
 * rollup there, starts the exit when there is none yet (else says it resumes), and hands the loop
 * the runner's deps at that head (./exit-plan-round.ts). An exit ended for good (a terminal step
 * of the plan, at a finalized block: until then the runner checks that block at each head, a wait
 * for the next one) prints the owner's L1 balance proven at the head: exit 0, or 1 when it ended
 * in 'failed'.
 * @module
 */
import { type EscapeProof, verifiedChainSources } from '../../client/exits/escape-proof.ts';
import { type ExitRound, runExitLoop } from '../../client/exits/exit-loop.ts';
import { type FollowedRollup, RollupFollower } from '../../client/rollups/follower.ts';
import { getVerifiedAccount } from '../../client/verified/reads.ts';
import { bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { VigilError } from '../../core/errors.ts';
import type { EvmAccount } from '../../l2/evm-account.ts';
import type { ExitPlan, ExitPlanRecord } from '../../l2/exit-plan.ts';
import type { ParsedRollup } from '../../l2/registry.ts';
import type { VigilZkConfig } from '../../l2/vigil-zk/config.ts';
import type { RollupState } from '../../l2/vigil-zk/state.ts';
import type { VaultRecord } from '../../wallet/vault.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import type { HeadSession } from '../verified-head.ts';
import { type AccountSource, commitFromL1, indexedAccount } from './exit-indexed.ts';
import { planExitLoop, StateFileStore } from './exit-plan-loop.ts';
import { type L2Access, openRound, type Round, roundDeps } from './exit-plan-round.ts';
import type { PlanStateFile } from './exit-state.ts';

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

/** A round of `vigil exit`: the loop's head and deps, with the session and sources they came from. */
interface PlanRound extends ExitRound {
  round: Round;
}

/** Runs the exit until it is done, waits with `until`, or fails; returns the exit code. */
export async function runPlanExit(o: PlanExitOptions): Promise<number> {
  return new PlanExitRun(o).run();
}

class PlanExitRun {
  private readonly store: StateFileStore;
  private round: Round | undefined;
  private readonly follower: RollupFollower<unknown, unknown>;
  private announced = false;
  /** L2 states rebuilt from L1, by batch and root: rebuilt once a run. */
  private readonly rebuilt = new Map<string, RollupState>();
  /** The escape proof gathered in the current tick, if one was. */
  private escape: EscapeProof | undefined;

  constructor(private readonly o: PlanExitOptions) {
    const { identity, adapter } = o.rollup;
    this.store = new StateFileStore(o.statePath, { kind: adapter.kind, chainId: identity.chainId, name: identity.name }, o.state);
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

  run(): Promise<number> {
    const { o } = this;
    return runExitLoop<number, PlanRound>({
      plan: o.plan,
      config: o.rollup.config,
      store: this.store,
      openRound: () => this.openRound(),
      ended: (record, at) => this.finish(at.round, record),
      ...planExitLoop({ store: this.store, statePath: o.statePath, offline: o.offline, pollMs: o.pollMs, maxCost: o.maxCost, escape: () => this.escape, out: o.out, warn: o.warn }),
    });
  }

  /**
   * A new verified head: the rollup followed there, the exit started when there is none yet (else
   * said to resume, once), and the runner's deps at that head. The session is closed with the round.
   */
  private async openRound(): Promise<PlanRound> {
    const { o } = this;
    const session = await o.openHead();
    const close = () => {
      this.round = undefined;
      session.close();
    };
    try {
      const round = openRound(session, o.l2);
      this.round = round;
      const followed = await this.follower.follow(round.ref);
      if (this.store.state === undefined) {
        const { balance, index, source } = await this.account(round, followed);
        const amount = o.amount ?? balance;
        const record = o.plan.start(o.rollup.config, { owner: o.owner, amount, balance, now: Number(round.ref.timestamp), ...(index !== undefined ? { index } : {}) });
        await this.store.save(record);
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
        const r = this.store.state.record;
        o.out(JSON.stringify({ step: r.step, action: 'resume', rollup: o.rollup.identity.name, owner: r.owner, ...indexOf(r), amount: r.amount }));
        this.announced = true;
      }
      const deps = roundDeps(round, o.l2, followed, {
        owner: o.owner,
        vault: o.vault,
        ...(o.vaultPath !== undefined ? { vaultPath: o.vaultPath } : {}),
        password: o.password,
        l2ChainId: o.rollup.identity.chainId,
        amount: () => BigInt(this.store.state!.record.amount),
        maxCost: o.maxCost,
      });
      return {
        round,
        head: round.ref,
        deps: {
          ...deps,
          l1History: verifiedChainSources(round.chain, round.blobs),
          rebuild: { fromBlock: o.fromBlock, cache: this.rebuilt },
          onEscapeProof: (found) => {
            this.escape = found;
            if (found.rejected !== undefined) o.warn(`refused the L2 RPC's account proof (${errorLine(found.rejected)}): rebuilding the state from L1`);
          },
        },
        beforeTick: () => {
          this.escape = undefined;
        },
        close,
      };
    } catch (err) {
      close();
      throw err;
    }
  }

  /** The owner's L2 balance proven at this head (and, for an indexed account, its index), and where the proof came from. */
  private async account(round: Round, followed: FollowedRollup): Promise<{ balance: bigint; index?: number; source: AccountSource }> {
    const { o } = this;
    if (o.plan.accounts === 'indexed') {
      return indexedAccount(this.follower, followed, o.rollup.config as VigilZkConfig, round.chain, o.l2, o.owner, { fromBlock: o.fromBlock, cache: this.rebuilt }, o.warn, round.blobs);
    }
    const proven = (await this.follower.account(followed, { address: o.owner })) as EvmAccount;
    return { balance: proven.account.balance, source: 'l2-rpc' };
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
}

/** An indexed account's index, as the record keeps it. */
const indexOf = (r: ExitPlanRecord): { index?: number } => (r.facts.index !== undefined ? { index: Number(r.facts.index) } : {});
