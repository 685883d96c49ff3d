/**
 * The forced exits the wallet runs, for every followed rollup whose kind has an exit plan (the
 * devnet rollup, OP Stack, Arbitrum, Scroll: src/l2/exit-plans.ts): started with the L2 balance
 * proven against the root L1 accepted, moved at every verified L1 head (and on a timer) by the exit
 * loop `vigil exit` runs too (./exit-loop.ts around the one runner, ./plan-runner.ts), with the
 * extension's options (./exit-row.ts): kept in the `exits` table so a restarted background
 * resumes where it was, one round per head, nothing given up. Each L1 transaction is signed by
 * the wallet under the signing policy with the plan's summary, saved, then broadcast; one in no
 * verified block for five blocks is signed again at its nonce (fees +12.5%) until what the user
 * lets the wallet spend unattended is reached, when the popup asks (`feeAsked`, `allowFee`); one
 * the user sped up or cancelled from the popup's activity is followed. The popup shows every step, what it waits for and until when.
 *
 * No browser API and no rollup's own rules here: a plan registered for a kind is run as it is
 * (its `accounts` say how the L2 balance is proven; `partial` whether an amount may be asked).
 * @module
 */
import { InputError } from '../../core/errors.ts';
import { livenessState, type LivenessState, type NativeCurrency } from '../../l2/adapter.ts';
import { abandonedExit, type ExitL2TxRequest, type ExitPlan, type ExitReceiptFacts, type ExitRouteStep, exitEnded } from '../../l2/exit-plan.ts';
import { exitPlanOf, noExitNote } from '../../l2/exit-plans.ts';
import type { RollupState } from '../../l2/vigil-zk/state.ts';
import type { ExitRepo, ExitRow } from '../../storage/exits.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { L1RebuildSources } from './escape-proof.ts';
import type { SignedExitTx } from './needs.ts';
import { runExitLoop } from './exit-loop.ts';
import { exitRowLoop, type ExitRowLoopParams } from './exit-row.ts';
import type { ExitPlanRunnerDeps, ReplacedStep } from './plan-runner.ts';
import type { L1HeadRef } from '../rollups/follower.ts';
import type { RollupSnapshot, RollupWatch } from '../rollups/watch.ts';

/**
 * An exit as the popup and pages see it (the signed bytes, kept receipts and the record before its
 * end left out), with whether it is in a terminal step and, while that step rests on a block not
 * yet finalized, that block's number (decimal).
 */
/** Where an escape proof came from: the L2 RPC's, or rebuilt from Ethereum after the L2 RPC's was refused. */
export interface EscapeProofSource {
  source: 'l2-rpc' | 'l1-rebuild';
  rejected?: { code: string; message: string };
}

export type ExitView = Omit<ExitRow, 'signed' | 'receipts' | 'ending'> & { terminal: boolean; endedAtBlock?: string; escapeProof?: EscapeProofSource };

/** A followed rollup with a forced-exit route: its liveness and the route with its real delays. */
export interface ExitRoute {
  chainId: number;
  name: string;
  kind: string;
  liveness: LivenessState | null;
  /** The verified L1 block the route's delays were read at (null: the config's delays, none proven yet). */
  l1BlockNumber: number | null;
  route: ExitRouteStep[];
  /** Whether an exit may take part of the balance (else the whole proven balance leaves). */
  partial: boolean;
  /** What the L2 balance and the exit's amount are counted in (Mantle's MNT, else ETH). */
  nativeCurrency: NativeCurrency;
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
  /** The L2 account's index, on a rollup whose accounts are numbered. */
  index?: number;
}

export interface ExitServiceDeps {
  rollups(): RollupWatch | undefined;
  newestHead(): L1HeadRef | undefined;
  networkId(): string | undefined;
  repo: ExitRepo;
  /** The plan of a rollup kind. Default: the registry's (src/l2/exit-plans.ts). */
  planOf?(kind: string, config?: unknown): ExitPlan<any> | undefined;
  /** A verified receipt with its block (number, hash, each log's index), or null while in no verified block. */
  receipt(hash: string): Promise<ExitReceiptFacts | null>;
  /** Which transaction used the owner's nonce (./plan-runner.ts ExitPlanRunnerDeps.nonceUse). */
  nonceUse?: ExitPlanRunnerDeps['nonceUse'];
  /** The light client's finalized block number (receipts at or below it are kept, not proven again; an exit ended at or below it has ended for good). */
  finalizedBlockNumber(): bigint | undefined;
  /** The verified chain's block hash at a height (./plan-runner.ts ExitPlanRunnerDeps.blockHashAt). */
  blockHashAt: ExitPlanRunnerDeps['blockHashAt'];
  /**
   * Signs an L1 transaction from `from` under the signing policy, `summary` shown (nothing
   * broadcast); its fees bounded as signed with no window, by `maxCost` when the user allowed more;
   * with `replaces`, at that step transaction's nonce, both fees by the replacement rule.
   */
  sign(params: { from: string; to: string; value: bigint; data: string; summary: string; maxCost?: bigint; replaces?: ReplacedStep }): Promise<SignedExitTx>;
  /** The user's speed-up or cancel of an exit's transaction from the popup (./plan-runner.ts ExitPlanRunnerDeps.replacementOf). */
  replacementOf?: ExitPlanRunnerDeps['replacementOf'];
  /** Signs an L2 transaction with the wallet key of `from` (never broadcast). */
  signL2(from: string, tx: ExitL2TxRequest): Promise<SignedExitTx>;
  broadcast(raw: string): Promise<void>;
  /** HTTP GET of a rollup indexer's URL (hints some plans ask for); absent: such hints stay absent. */
  httpGet?(url: string): Promise<unknown>;
  /** The verified head's base fee, when known. */
  baseFeePerGas?(head: L1HeadRef): bigint | undefined;
  /** Verified L1 logs and transactions, from which an escape proof is rebuilt when the L2 RPC's is refused. */
  l1History?(): L1RebuildSources | undefined;
  /** ms since the epoch. */
  now(): number;
  /** Told when an exit changes step or sends (the popup polls; a notification may follow). */
  onChange?(exit: ExitView): void;
  /** A system notification: a step that waits for the locked wallet (once per exit and step). */
  notify?(id: string, title: string, message: string): void;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export class ExitService {
  private pass: Promise<void> | undefined;
  private readonly planOf: (kind: string, config?: unknown) => ExitPlan<any> | undefined;
  /** L2 states rebuilt from L1 for escapes (by batch and root): rebuilt once. */
  private readonly rebuilt = new Map<string, RollupState>();
  /** Where each exit's escape proof came from in this session (the popup and the tests read it). */
  private readonly escapeProofs = new Map<string, EscapeProofSource>();

  constructor(private readonly deps: ExitServiceDeps) {
    this.planOf = deps.planOf ?? exitPlanOf;
  }

  /**
   * Starts the forced exit of `address`'s L2 funds on the rollup: `amount` wei (decimal), at most
   * the proven L2 balance; where the plan takes the whole balance, no amount (or exactly it). Such
   * an exit is one per account: a second start answers the one under way, or the one that closed
   * the account (an escape).
   * @throws WalletError ROLLUP_NOT_FOLLOWED, STALE_HEAD, EXIT_NOT_AVAILABLE (no plan for its kind),
   *   EXIT_UNDER_WAY (a partial exit of this account on this rollup has not ended), L2_NO_ACCOUNT,
   *   L2_INSUFFICIENT_BALANCE (more than the proven L2 balance); InputError for an address or an
   *   amount that is not one; the proofs' VerificationError.
   */
  async start(params: { rollupChainId: number; address: string; amount?: string }): Promise<ExitView> {
    const { watch, head, networkId, snapshot, plan } = this.rollupOf(params.rollupChainId);
    if (typeof params.address !== 'string' || !ADDRESS.test(params.address)) throw new InputError('the address expected 20 bytes of 0x-hex');
    const given = params.amount;
    if (given !== undefined && (typeof given !== 'string' || !/^[0-9]{1,78}$/.test(given) || BigInt(given) === 0n)) {
      throw new InputError(`the amount to exit expected a positive number of wei (decimal), got ${String(given).slice(0, 40)}`);
    }
    if (given === undefined && plan.partial) throw new InputError(`an exit from ${snapshot.rollup.identity.name} expected an amount of wei (decimal)`);
    const owner = params.address.toLowerCase();
    const name = snapshot.rollup.identity.name;
    const inTheWay = (r: ExitRow) => !exitEnded(plan, r) || plan.closing?.has(r.step) === true;
    const answer = (r: ExitRow): ExitView => {
      if (plan.partial) throw new WalletError('EXIT_UNDER_WAY', `an exit of ${owner} from ${name} is under way (${r.step}): one at a time`);
      return this.view(r);
    };
    const held = await this.current(networkId, params.rollupChainId, owner);
    if (held && inTheWay(held)) return answer(held);

    const proven = await this.provenBalance(plan, watch, params.rollupChainId, head, owner);
    const amount = given === undefined ? proven.balance : BigInt(given);
    if (amount > proven.balance) {
      throw new WalletError('L2_INSUFFICIENT_BALANCE', `the exit of ${amount} wei is more than the L2 balance proven at L2 block ${proven.l2Block}`, {
        expected: `at most ${proven.balance}`,
        got: amount.toString(),
      });
    }
    const record = plan.start(snapshot.rollup.config, { owner, amount, balance: proven.balance, now: Number(head.timestamp), ...(proven.index !== undefined ? { index: proven.index } : {}) });
    const row: ExitRow = { ...record, networkId };
    const existing = await this.deps.repo.create(row, inTheWay, this.deps.now());
    if (existing) return answer(existing);
    const view = this.view(row);
    this.deps.onChange?.(view);
    void this.tick().catch(() => {});
    return view;
  }

  /**
   * The user gives up an exit that cannot go on: archived with its history (a last entry says so)
   * and marked abandoned, it is never moved again, and a new exit of the account on the rollup
   * may start. A pass under way is waited for (a step it signs stays in the history), and the next
   * one waits for this.
   * @throws InputError for no such exit on this network, one that ended, or one archived already.
   */
  async abandon(id: string): Promise<ExitView> {
    while (this.pass) await this.pass.catch(() => {});
    const run = this.archiveAbandoned(id);
    this.pass = run.then(
      () => {},
      () => {},
    );
    try {
      return await run;
    } finally {
      this.pass = undefined;
    }
  }

  private async archiveAbandoned(id: string): Promise<ExitView> {
    const row = await this.deps.repo.get(id);
    if (!row || row.networkId !== this.deps.networkId()) throw new InputError(`no exit ${String(id).slice(0, 80)} on this network`);
    if (row.archivedAt !== undefined) throw new InputError(`the exit ${id} is archived already`);
    if (this.planOf(row.kind)?.terminal.has(row.step) === true) throw new InputError(`the exit ${id} has ended (${row.step}): there is nothing to abandon`);
    const now = this.deps.now();
    // What the last pass waited for, and a problem of the background's own, no longer stand.
    const { waiting: _w, feeAsked: _f, feeAllowance: _a, errorFromTick, error, ...rest } = row;
    const kept: ExitRow = { ...rest, ...(error !== undefined && !errorFromTick ? { error } : {}) };
    const abandoned: ExitRow = { ...abandonedExit(kept, Math.floor(now / 1000)), archivedAt: now, abandonedAt: now };
    await this.deps.repo.put(abandoned);
    const view = this.view(abandoned);
    this.deps.onChange?.(view);
    return view;
  }

  /**
   * The user's answer to a step held back as too expensive (FEE_ABOVE_CAP): that step may cost
   * what the popup offered (the exit's `feeAsked`), and the exits move on at once.
   * @throws InputError for an unknown exit, or one whose current step asked nothing
   */
  async allowFee(id: string): Promise<ExitView> {
    const row = await this.deps.repo.get(id);
    if (!row) throw new InputError(`no exit ${id.slice(0, 40)}`);
    if (row.feeAsked === undefined || row.feeAsked.step !== row.step) throw new InputError(`the exit's step ${row.step} asks for no higher fee`);
    const allowed: ExitRow = { ...row, feeAllowance: row.feeAsked };
    await this.deps.repo.put(allowed);
    await this.tick();
    return this.view((await this.deps.repo.get(id)) ?? allowed);
  }

  /** This network's exits, newest first (archived ones too), of `owners` when given. */
  async list(owners?: readonly string[]): Promise<ExitView[]> {
    const networkId = this.deps.networkId();
    const rows = (await this.deps.repo.list()).filter((r) => r.networkId === networkId && (owners === undefined || owners.includes(r.owner)));
    return rows.map((r) => this.view(r));
  }

  /** Each followed rollup that has an exit plan: its liveness, and its route with the delays proven at the last read (else the config's). */
  routes(): ExitRoute[] {
    const watch = this.deps.rollups();
    if (!watch) return [];
    const out: ExitRoute[] = [];
    for (const snapshot of watch.snapshots()) {
      const plan = this.planOf(snapshot.rollup.adapter.kind, snapshot.rollup.config);
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
      out.push({ chainId: identity.chainId, name: identity.name, kind: snapshot.rollup.adapter.kind, liveness: livenessOf(snapshot), l1BlockNumber: at, route, partial: plan.partial, nativeCurrency: identity.nativeCurrency });
    }
    return out;
  }

  /** `address`'s L2 balance on the rollup, proven at the newest verified head (the most it can exit). */
  async balance(params: { rollupChainId: number; address: string }): Promise<ProvenL2Balance> {
    const { watch, head, plan } = this.rollupOf(params.rollupChainId);
    if (typeof params.address !== 'string' || !ADDRESS.test(params.address)) throw new InputError('the address expected 20 bytes of 0x-hex');
    const proven = await this.provenBalance(plan, watch, params.rollupChainId, head, params.address.toLowerCase());
    return {
      rollupChainId: params.rollupChainId,
      address: params.address.toLowerCase(),
      balance: proven.balance.toString(),
      l2Block: proven.l2Block,
      l1BlockNumber: Number(head.blockNumber),
      ...(proven.index !== undefined ? { index: proven.index } : {}),
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
      // An exit in a terminal step is ticked on until the block it ended at is finalized.
      if (!plan || exitEnded(plan, row) || !watch.has(row.rollupChainId)) continue;
      const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === row.rollupChainId)!;
      await this.tickOne(row, plan, snapshot, watch, head);
    }
  }

  private async tickOne(stored: ExitRow, plan: ExitPlan<any>, snapshot: RollupSnapshot, watch: RollupWatch, head: L1HeadRef): Promise<void> {
    const chainId = stored.rollupChainId;
    const l1History = this.deps.l1History?.();
    const deps: ExitRowLoopParams['deps'] = {
      ...watch.sources(chainId),
      receipt: this.deps.receipt,
      ...(this.deps.nonceUse ? { nonceUse: this.deps.nonceUse } : {}),
      ...(this.deps.replacementOf ? { replacementOf: this.deps.replacementOf } : {}),
      finalizedBlockNumber: this.deps.finalizedBlockNumber,
      blockHashAt: this.deps.blockHashAt,
      signL2: async (from, tx) => {
        // Only what this exit may move: from the owner, on this rollup, at most its amount.
        if (from !== stored.owner || tx.chainId !== chainId || tx.value > BigInt(stored.amount)) {
          throw new InputError(`the ${plan.kind} exit asked for an L2 transaction outside the exit (chain ${tx.chainId}, value ${tx.value})`);
        }
        return this.deps.signL2(from, tx);
      },
      followed: async (at) => {
        const f = await watch.at(chainId, at);
        return f.proven === undefined ? undefined : { accepted: f.accepted, proven: f.proven, ...(f.hints !== undefined ? { hints: f.hints } : {}) };
      },
      broadcast: this.deps.broadcast,
      ...(this.deps.httpGet ? { httpGet: this.deps.httpGet } : {}),
      ...(this.deps.baseFeePerGas ? { baseFeePerGas: this.deps.baseFeePerGas } : {}),
      ...(l1History ? { l1History } : {}),
      rebuild: { cache: this.rebuilt },
      onEscapeProof: (found) => {
        const rejected = found.rejected === undefined ? {} : { rejected: { code: String(found.rejected.code), message: found.rejected.shortMessage } };
        this.escapeProofs.set(stored.id, { source: found.source, ...rejected });
      },
    };
    await runExitLoop(
      exitRowLoop({
        row: stored,
        plan,
        config: snapshot.rollup.config,
        head,
        deps,
        sign: this.deps.sign,
        repo: this.deps.repo,
        onChange: (row) => this.deps.onChange?.(this.view(row)),
        ...(this.deps.notify ? { notify: this.deps.notify } : {}),
      }),
    );
  }

  /** The L2 balance the plan's account model proves: the owner's own address, or the rollup account it holds. */
  private async provenBalance(plan: ExitPlan<any>, watch: RollupWatch, chainId: number, head: L1HeadRef, owner: string): Promise<{ balance: bigint; l2Block: number; index?: number }> {
    if (plan.accounts === 'indexed') {
      const { followed, proven } = await watch.account(chainId, head, { owner });
      if (!proven) throw new WalletError('L2_NO_ACCOUNT', `${owner} has no L2 account on this rollup: there is nothing to exit`);
      return { balance: proven.account.balance, l2Block: Number(followed.accepted.batch), index: proven.index };
    }
    const { followed, account } = await watch.evmAccount(chainId, head, owner);
    return { balance: account.account.balance, l2Block: Number(followed.accepted.batch) };
  }

  /** The exit of this account on this rollup that is not archived, if any. */
  private async current(networkId: string, rollupChainId: number, owner: string): Promise<ExitRow | undefined> {
    return (await this.deps.repo.list()).find((r) => r.networkId === networkId && r.rollupChainId === rollupChainId && r.owner === owner && r.archivedAt === undefined);
  }

  private rollupOf(rollupChainId: number) {
    const watch = this.deps.rollups();
    const head = this.deps.newestHead();
    const networkId = this.deps.networkId();
    if (!watch?.has(rollupChainId) || networkId === undefined) throw new WalletError('ROLLUP_NOT_FOLLOWED', `Vigil follows no rollup with chain id ${rollupChainId} on this network`);
    if (!head) throw new WalletError('STALE_HEAD', 'no verified L1 head yet: the rollup cannot be read');
    const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === rollupChainId)!;
    const plan = this.planOf(snapshot.rollup.adapter.kind, snapshot.rollup.config);
    if (!plan) throw new WalletError('EXIT_NOT_AVAILABLE', `Vigil has no forced-exit route for ${snapshot.rollup.identity.name} (${snapshot.rollup.adapter.kind}): ${noExitNote(snapshot.rollup.adapter.kind, snapshot.rollup.config)}`);
    return { watch, head, networkId, snapshot, plan };
  }

  private view(row: ExitRow): ExitView {
    // The signed bytes and the kept receipts are the runner's, not the popup's.
    const { signed: _signed, receipts: _receipts, ending, ...rest } = row;
    const plan = this.planOf(row.kind);
    const escapeProof = this.escapeProofs.get(row.id);
    return {
      ...rest,
      terminal: plan !== undefined && plan.terminal.has(row.step),
      ...(ending !== undefined ? { endedAtBlock: ending.blockNumber } : {}),
      ...(escapeProof !== undefined ? { escapeProof } : {}),
    };
  }
}

/** The rollup's liveness at its last read (null before one, or when it failed). */
function livenessOf({ rollup, last, error }: RollupSnapshot): LivenessState | null {
  if (error || !last) return null;
  return livenessState(last.followed.liveness, rollup.identity.liveness);
}
