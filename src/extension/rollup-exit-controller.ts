/**
 * Real rollups' forced exits as the wallet runs them in the background (OP Stack, Arbitrum,
 * Scroll: whichever kinds have an exit plan, src/l2/exit-plans.ts): started from the popup with an
 * amount at most the L2 balance proven against the root L1 accepted, moved at every verified L1
 * head and on the keep-alive alarm by the exit-plan runner (src/client/exit-plan-runner.ts), kept
 * in Dexie (src/storage/exit-plans.ts) so that a restarted browser resumes where it was. Each L1
 * transaction is signed by the wallet itself under the signing policy with the plan's summary,
 * saved, then broadcast; the popup shows every step, the wait and until when.
 *
 * Nothing here knows a rollup: a plan registered for a kind is run as it is.
 * @module
 */
import { errorSummary, InputError } from '../core/errors.ts';
import { type ExitPlanRunnerDeps, type SignedExitTx, tickExitPlan } from '../client/exit-plan-runner.ts';
import type { L1HeadRef } from '../client/rollup-follower.ts';
import type { RollupSnapshot, RollupWatch } from '../client/rollup-watch.ts';
import type { ExitL2TxRequest, ExitPlan, ExitReceiptFacts, ExitRouteStep } from '../l2/exit-plan.ts';
import { exitPlanOf } from '../l2/exit-plans.ts';
import type { ExitPlanRepo, ExitPlanRow } from '../storage/exit-plans.ts';
import { WalletError } from '../wallet/errors.ts';
import { rollupView, type RollupView } from './rollup-views.ts';

/** An exit as the popup sees it (the signed bytes left out), with whether it has ended. */
export type RollupExitView = Omit<ExitPlanRow, 'signed'> & { terminal: boolean };

/** A followed rollup with a forced-exit route: its liveness and the route with its real delays. */
export interface RollupExitRoute {
  chainId: number;
  name: string;
  kind: string;
  liveness: RollupView['liveness'];
  /** The verified L1 block the route's delays were read at (null: the config's delays, none proven yet). */
  l1BlockNumber: number | null;
  route: ExitRouteStep[];
}

/** An L2 balance proven at a verified head against the root L1 accepted (the most an exit can take). */
export interface ProvenL2Balance {
  rollupChainId: number;
  address: string;
  /** Wei, decimal. */
  balance: string;
  /** The L2 block (or batch) whose root it is proven against, and the L1 block that root was read at. */
  l2Block: number;
  l1BlockNumber: number;
}

export interface RollupExitControllerDeps {
  rollups(): RollupWatch | undefined;
  newestHead(): L1HeadRef | undefined;
  networkId(): string | undefined;
  repo: ExitPlanRepo;
  /** The plan of a rollup kind. Default: the registry's (src/l2/exit-plans.ts). */
  planOf?(kind: string): ExitPlan<any> | undefined;
  /** A verified receipt with its block number, or null while in no verified block. */
  receipt(hash: string): Promise<ExitReceiptFacts | null>;
  /** Signs an L1 transaction from `from` under the signing policy, `summary` shown (nothing broadcast). */
  sign(params: { from: string; to: string; value: bigint; data: string; summary: string }): Promise<SignedExitTx>;
  /** Signs an L2 transaction with the wallet key of `from` (never broadcast). */
  signL2(from: string, tx: ExitL2TxRequest): Promise<SignedExitTx>;
  broadcast(raw: string): Promise<void>;
  /** HTTP GET of a rollup indexer's URL (hints some plans ask for); absent: such hints stay absent. */
  httpGet?(url: string): Promise<unknown>;
  /** The verified head's base fee, when known. */
  baseFeePerGas?(head: L1HeadRef): bigint | undefined;
  /** ms since the epoch. */
  now(): number;
  /** Told when an exit changes step or sends (the popup polls; a notification may follow). */
  onChange?(exit: RollupExitView): void;
}

export class RollupExitController {
  private pass: Promise<void> | undefined;
  private readonly planOf: (kind: string) => ExitPlan<any> | undefined;

  constructor(private readonly deps: RollupExitControllerDeps) {
    this.planOf = deps.planOf ?? exitPlanOf;
  }

  /**
   * Starts the forced exit of `amount` wei (decimal) of `address`'s L2 balance on the rollup.
   * @throws WalletError ROLLUP_NOT_FOLLOWED, STALE_HEAD, EXIT_NOT_AVAILABLE (no plan for its
   *   kind), EXIT_UNDER_WAY (one of this account on this rollup has not ended),
   *   L2_INSUFFICIENT_BALANCE (more than the proven L2 balance); InputError for an amount that is
   *   not a positive integer; the proofs' VerificationError.
   */
  async start(params: { rollupChainId: number; address: string; amount: string }): Promise<RollupExitView> {
    const { watch, head, networkId, snapshot, plan } = this.rollupOf(params.rollupChainId);
    if (typeof params.amount !== 'string' || !/^[0-9]{1,78}$/.test(params.amount) || BigInt(params.amount) === 0n) {
      throw new InputError(`the amount to exit expected a positive number of wei (decimal), got ${String(params.amount).slice(0, 40)}`);
    }
    if (typeof params.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(params.address)) throw new InputError('the address expected 20 bytes of 0x-hex');
    const amount = BigInt(params.amount);
    const owner = params.address.toLowerCase();
    const underWay = await this.underWay(networkId, params.rollupChainId, owner);
    if (underWay) throw new WalletError('EXIT_UNDER_WAY', `an exit of ${owner} from ${snapshot.rollup.identity.name} is under way (${underWay.step}): one at a time`);
    const { followed, account } = await watch.evmAccount(params.rollupChainId, head, owner);
    const balance = account.account.balance;
    if (amount > balance) {
      throw new WalletError('L2_INSUFFICIENT_BALANCE', `the exit of ${amount} wei is more than the L2 balance proven at L2 block ${followed.accepted.batch}`, {
        expected: `at most ${balance}`,
        got: amount.toString(),
      });
    }
    const record = plan.start(snapshot.rollup.config, { owner, amount, balance, now: Number(head.timestamp) });
    const row: ExitPlanRow = { ...record, networkId };
    const existing = await this.deps.repo.create(row, (r) => plan.terminal.has(r.step), this.deps.now());
    if (existing) throw new WalletError('EXIT_UNDER_WAY', `an exit of ${owner} from ${snapshot.rollup.identity.name} is under way (${existing.step}): one at a time`);
    const view = this.view(row);
    this.deps.onChange?.(view);
    void this.tick().catch(() => {});
    return view;
  }

  /** This network's exits of real rollups, newest first (archived ones too). */
  async list(owners?: readonly string[]): Promise<RollupExitView[]> {
    const networkId = this.deps.networkId();
    const rows = (await this.deps.repo.list()).filter((r) => r.networkId === networkId && (owners === undefined || owners.includes(r.owner)));
    return rows.map((r) => this.view(r));
  }

  /** Each followed rollup that has an exit plan: its liveness, and its route with the delays proven at the last read (else the config's). */
  routes(): RollupExitRoute[] {
    const watch = this.deps.rollups();
    if (!watch) return [];
    const out: RollupExitRoute[] = [];
    for (const snapshot of watch.snapshots()) {
      const plan = this.planOf(snapshot.rollup.adapter.kind);
      if (!plan) continue;
      const proven = snapshot.last?.followed.proven;
      let route: ExitRouteStep[];
      let at: number | null = null;
      try {
        route = plan.route(snapshot.rollup.config, proven);
        if (proven) at = Number(proven.blockNumber);
      } catch {
        // Proven storage the plan cannot read delays from: the config's delays.
        route = plan.route(snapshot.rollup.config);
      }
      const { identity } = snapshot.rollup;
      out.push({ chainId: identity.chainId, name: identity.name, kind: snapshot.rollup.adapter.kind, liveness: rollupView(snapshot).liveness, l1BlockNumber: at, route });
    }
    return out;
  }

  /** `address`'s L2 balance on the rollup, proven at the newest verified head (the most it can exit). */
  async balance(params: { rollupChainId: number; address: string }): Promise<ProvenL2Balance> {
    const { watch, head } = this.rollupOf(params.rollupChainId);
    if (typeof params.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(params.address)) throw new InputError('the address expected 20 bytes of 0x-hex');
    const { followed, account } = await watch.evmAccount(params.rollupChainId, head, params.address);
    return {
      rollupChainId: params.rollupChainId,
      address: params.address.toLowerCase(),
      balance: account.account.balance.toString(),
      l2Block: Number(followed.accepted.batch),
      l1BlockNumber: Number(head.blockNumber),
    };
  }

  /** Moves every exit under way by one step at the newest verified head (one pass at a time: a call during a pass waits for it). */
  tick(): Promise<void> {
    this.pass ??= this.runPass().finally(() => {
      this.pass = undefined;
    });
    return this.pass;
  }

  private async runPass(): Promise<void> {
    const head = this.deps.newestHead();
    const networkId = this.deps.networkId();
    const watch = this.deps.rollups();
    if (!head || networkId === undefined || !watch) return;
    for (const row of await this.deps.repo.list()) {
      if (row.networkId !== networkId || row.archivedAt !== undefined) continue;
      const plan = this.planOf(row.kind);
      // A kind whose plan this version lacks, or a rollup no longer followed: kept as it is, moved when they are back.
      if (!plan || plan.terminal.has(row.step) || !watch.has(row.rollupChainId)) continue;
      const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === row.rollupChainId)!;
      await this.tickOne(row, plan, snapshot, watch, head);
    }
  }

  private async tickOne(stored: ExitPlanRow, plan: ExitPlan<any>, snapshot: RollupSnapshot, watch: RollupWatch, head: L1HeadRef): Promise<void> {
    // A problem this controller recorded (a locked wallet, an RPC down) is the tick's, not the
    // plan's: it is left out of what the plan sees and cleared once a tick goes through.
    const { error: _ours, errorFromTick: _flag, ...clean } = stored;
    const row: ExitPlanRow = stored.errorFromTick ? clean : stored;
    let saved: ExitPlanRow = row;
    const chainId = row.rollupChainId;
    const sources = watch.sources(chainId);
    const runner: ExitPlanRunnerDeps = {
      ...sources,
      receipt: this.deps.receipt,
      signL2: async (from, tx) => {
        // Only what this exit may move: from the owner, on this rollup, at most its amount.
        if (from !== row.owner || tx.chainId !== chainId || tx.value > BigInt(row.amount)) {
          throw new InputError(`the ${plan.kind} exit asked for an L2 transaction outside the exit (chain ${tx.chainId}, value ${tx.value})`);
        }
        return this.deps.signL2(from, tx);
      },
      followed: async (at) => {
        const f = await watch.at(chainId, at);
        return f.proven === undefined ? undefined : { accepted: f.accepted, proven: f.proven, ...(f.hints !== undefined ? { hints: f.hints } : {}) };
      },
      sign: (tx) => this.deps.sign(tx),
      broadcast: this.deps.broadcast,
      ...(this.deps.httpGet ? { httpGet: this.deps.httpGet } : {}),
      ...(this.deps.baseFeePerGas ? { baseFeePerGas: this.deps.baseFeePerGas } : {}),
      save: async (record, signed) => {
        // The plan's record as it is (an error it cleared stays cleared), with the bytes last signed.
        const { waiting: _w, errorFromTick: _e, signed: _s, ...plain } = record as ExitPlanRow;
        const bytes = signed ?? saved.signed;
        saved = { ...plain, networkId: row.networkId, ...(bytes ? { signed: bytes } : {}) };
        await this.deps.repo.put(saved);
      },
      ...(row.signed ? { pending: row.signed } : {}),
    };
    try {
      const out = await tickExitPlan(runner, plan, snapshot.rollup.config, row, head);
      const waiting = out.action.kind === 'wait' ? { reason: out.action.reason, ...(out.action.until !== undefined ? { until: out.action.until } : {}) } : undefined;
      if (JSON.stringify(waiting) !== JSON.stringify(saved.waiting) || (stored.errorFromTick && saved === row)) {
        const { waiting: _old, ...rest } = saved;
        saved = { ...rest, ...(waiting ? { waiting } : {}) };
        await this.deps.repo.put(saved);
      }
      if (out.record.step !== stored.step || out.sent) this.deps.onChange?.(this.view(saved));
    } catch (err) {
      // The record as saved stays valid; the problem is shown and the next head tries again.
      const error = errorSummary(err);
      if (saved.error?.code !== error.code || saved.error?.message !== error.message) {
        saved = { ...saved, error, errorFromTick: true, updatedAt: Number(head.timestamp) };
        await this.deps.repo.put(saved);
      }
      if (saved.step !== stored.step) this.deps.onChange?.(this.view(saved));
    }
  }

  private async underWay(networkId: string, rollupChainId: number, owner: string): Promise<ExitPlanRow | undefined> {
    return (await this.deps.repo.list()).find((r) => {
      if (r.networkId !== networkId || r.rollupChainId !== rollupChainId || r.owner !== owner || r.archivedAt !== undefined) return false;
      const plan = this.planOf(r.kind);
      return plan === undefined || !plan.terminal.has(r.step);
    });
  }

  private rollupOf(rollupChainId: number) {
    const watch = this.deps.rollups();
    const head = this.deps.newestHead();
    const networkId = this.deps.networkId();
    if (!watch?.has(rollupChainId) || networkId === undefined) throw new WalletError('ROLLUP_NOT_FOLLOWED', `Vigil follows no rollup with chain id ${rollupChainId} on this network`);
    if (!head) throw new WalletError('STALE_HEAD', 'no verified L1 head yet: the rollup cannot be read');
    const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === rollupChainId)!;
    const plan = this.planOf(snapshot.rollup.adapter.kind);
    if (!plan) throw new WalletError('EXIT_NOT_AVAILABLE', `Vigil has no forced-exit route for ${snapshot.rollup.identity.name} (${snapshot.rollup.adapter.kind})`);
    return { watch, head, networkId, snapshot, plan };
  }

  private view(row: ExitPlanRow): RollupExitView {
    const { signed: _signed, ...rest } = row;
    const plan = this.planOf(row.kind);
    return { ...rest, terminal: plan !== undefined && plan.terminal.has(row.step) };
  }
}
