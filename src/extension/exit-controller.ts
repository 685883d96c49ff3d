/**
 * The forced exits the wallet runs in the background: started from the popup on a rollup the
 * user holds funds on, moved at every verified L1 head (and on the keep-alive alarm) by the exit
 * runner, kept in Dexie so that a browser restart or a stopped service worker resumes where it
 * was. Each step's transaction is signed under the signing policy by the wallet itself (the user
 * started the exit; the popup shows every step), saved, then broadcast.
 * @module
 */
import { errorSummary } from '../core/errors.ts';
import type { L1HeadRef } from '../client/rollup-follower.ts';
import type { RollupWatch } from '../client/rollup-watch.ts';
import { type ExitRunnerDeps, tickExit } from '../client/exit-runner.ts';
import { type ExitRecord, startExit, TERMINAL_STEPS } from '../l2/vigil-zk/exit-legacy.ts';
import type { AccountProof } from '../l2/vigil-zk/tree.ts';
import type { ExitRepo, ExitRow } from '../storage/exits.ts';
import { WalletError } from '../wallet/errors.ts';

/** An exit as the popup and pages see it (the signed bytes left out). */
export type ExitView = Omit<ExitRow, 'raw'>;

export interface ExitControllerDeps {
  rollups(): RollupWatch | undefined;
  newestHead(): L1HeadRef | undefined;
  networkId(): string | undefined;
  repo: ExitRepo;
  /** The runner's L1 sources (proofs in the worker pool, verified receipts). */
  readStorage: ExitRunnerDeps['readStorage'];
  receipt: ExitRunnerDeps['receipt'];
  /** The account's proof against a root (checked by the exit machine before anything is signed). */
  accountProof(rollupChainId: number, index: number, root: bigint): Promise<AccountProof>;
  sign(params: { from: string; to: string; data: string; summary: string }): Promise<{ hash: string; raw: string }>;
  broadcast(raw: string): Promise<void>;
  now(): number;
  /** Told when an exit changes step (the popup polls; a notification may follow). */
  onChange?(exit: ExitView): void;
}

const SUMMARY = { request: 'Forced withdrawal request', freeze: 'Freeze the rollup', escape: 'Escape to L1' } as const;

export class ExitController {
  private ticking = false;

  constructor(private readonly deps: ExitControllerDeps) {}

  /**
   * Starts the exit of `address`'s L2 account on the rollup (or answers the one already under way).
   * @throws WalletError ROLLUP_NOT_FOLLOWED, L2_NO_ACCOUNT; the proofs' errors.
   */
  async start(params: { rollupChainId: number; address: string }): Promise<ExitView> {
    const watch = this.deps.rollups();
    const head = this.deps.newestHead();
    const networkId = this.deps.networkId();
    if (!watch?.has(params.rollupChainId) || networkId === undefined) throw new WalletError('ROLLUP_NOT_FOLLOWED', `Vigil follows no rollup with chain id ${params.rollupChainId} on this network`);
    if (!head) throw new WalletError('STALE_HEAD', 'no verified L1 head yet: the rollup cannot be read');
    const owner = params.address.toLowerCase();
    const { proven } = await watch.account(params.rollupChainId, head, { owner });
    if (!proven) throw new WalletError('L2_NO_ACCOUNT', `${params.address} has no L2 account on this rollup: there is nothing to exit`);
    const existing = await this.deps.repo.get(`${params.rollupChainId}:${proven.index}`);
    // Never overwritten: an exit under way (or an escape, which ends the account on L1) is answered
    // as it is; a withdrawn or failed one is kept under its own id and a new exit begins.
    if (existing && existing.step !== 'withdrawn' && existing.step !== 'failed') return view(existing);
    if (existing) await this.deps.repo.archive(existing);
    const snapshot = watch.snapshots().find((s) => s.rollup.identity.chainId === params.rollupChainId)!;
    const contract = (snapshot.rollup.config as { contract: string }).contract;
    const record = startExit({ rollupChainId: params.rollupChainId, contract, index: proven.index, owner, balance: proven.account.balance, now: Number(head.timestamp) });
    const row: ExitRow = { ...record, networkId };
    await this.deps.repo.put(row);
    this.deps.onChange?.(view(row));
    void this.tick().catch(() => {});
    return view(row);
  }

  /** This network's exits, newest first. */
  async list(owners?: readonly string[]): Promise<ExitView[]> {
    const networkId = this.deps.networkId();
    const rows = (await this.deps.repo.list()).filter((r) => r.networkId === networkId && (owners === undefined || owners.includes(r.owner)));
    return rows.map(view);
  }

  /** Moves every exit under way by one step at the newest verified head (one pass at a time). */
  async tick(): Promise<void> {
    const head = this.deps.newestHead();
    const networkId = this.deps.networkId();
    if (!head || networkId === undefined || this.ticking) return;
    this.ticking = true;
    try {
      for (const row of await this.deps.repo.list()) {
        if (row.networkId !== networkId || TERMINAL_STEPS.has(row.step)) continue;
        await this.tickOne(row, head);
      }
    } finally {
      this.ticking = false;
    }
  }

  private async tickOne(stored: ExitRow, head: L1HeadRef): Promise<void> {
    // A problem this controller recorded (a locked wallet, an RPC down) is the tick's, not the
    // machine's: it is left out of what the machine sees and cleared once a tick goes through.
    const { error: _ours, errorFromTick: _flag, ...clean } = stored;
    const row: ExitRow = stored.errorFromTick ? clean : stored;
    let saved: ExitRow = row;
    const runner: ExitRunnerDeps = {
      readStorage: this.deps.readStorage,
      receipt: this.deps.receipt,
      accountProof: (index, root) => this.deps.accountProof(row.rollupChainId, index, root),
      sign: (tx) => this.deps.sign({ from: tx.from, to: tx.to, data: tx.data, summary: SUMMARY[tx.kind] }),
      broadcast: this.deps.broadcast,
      save: async (record: ExitRecord, raw?: string) => {
        saved = { ...record, networkId: row.networkId, ...(raw !== undefined ? { raw } : saved.raw !== undefined ? { raw: saved.raw } : {}) };
        await this.deps.repo.put(saved);
      },
    };
    try {
      // Bytes signed before a restart whose receipt is still awaited go out again (never re-signed).
      if (row.raw !== undefined && ['requesting', 'freezing', 'escaping'].includes(row.step)) await this.deps.broadcast(row.raw).catch(() => {});
      const out = await tickExit(runner, row, head);
      if (stored.errorFromTick && saved === row) await this.deps.repo.put(row);
      if (out.record.step !== row.step || out.sent) this.deps.onChange?.(view(saved));
    } catch (err) {
      // The record as saved stays valid; the problem is shown and the next head tries again.
      const error = errorSummary(err);
      if (saved.error?.code !== error.code || saved.error?.message !== error.message) {
        saved = { ...saved, error, errorFromTick: true, updatedAt: Number(head.timestamp) };
        await this.deps.repo.put(saved);
      }
      // A step saved before the failure (a broadcast that threw after the save) is still a change.
      if (saved.step !== row.step) this.deps.onChange?.(view(saved));
    }
  }
}

function view(row: ExitRow): ExitView {
  const { raw: _raw, ...rest } = row;
  return rest;
}

