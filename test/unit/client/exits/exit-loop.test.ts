/**
 * The one exit loop (src/client/exits/exit-loop.ts) under both callers' options, each scenario run
 * on both sides with the toy plan and the same scripted chain: the extension's (exit-row.ts:
 * progress in the wallet's `exits` row on fake-indexeddb, one round per head) and `vigil exit`'s
 * (src/cli/commands/exit-plan-loop.ts: progress in a --state file, exit codes, JSON lines). Where
 * progress went and how a restart resumes it, what a wait does (kept on the row; exit 3, or the next
 * head), what a refusal does (the popup asked; exit 4), failed rounds (kept on the row and never
 * given up; exit 1 after five in a row, one offline), a problem the plan noted, a throw that is no
 * round's to retry, and a plan that neither waits nor ends at a head.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ExitRound, runExitLoop } from '../../../../src/client/exits/exit-loop.ts';
import { exitRowLoop, type ExitRowLoopParams } from '../../../../src/client/exits/exit-row.ts';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import { EXIT_FEE_CAP, EXIT_WAITING, MAX_FAILED_ROUNDS, planExitLoop, StateFileStore } from '../../../../src/cli/commands/exit-plan-loop.ts';
import { type PlanStateFile, readStateFile } from '../../../../src/cli/commands/exit-state.ts';
import { InputError } from '../../../../src/core/errors.ts';
import type { ExitPlan, ExitPlanRecord, ExitReceiptFacts } from '../../../../src/l2/exit-plan.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { openVigilDb, type VigilDb } from '../../../../src/storage/db.ts';
import { ExitRepo } from '../../../../src/storage/exits.ts';
import { WalletError } from '../../../../src/wallet/errors.ts';
import { CODE, CODE_HASH, CONFIG, DELAY, OWNER, SLOT0, T0, type Toy, toyPlan } from './toy-exit-plan.ts';

const ALL_FINAL = 1n << 62n;
const NETWORK = 'mainnet';
const ROLLUP = { kind: 'toy-v1', chainId: 10, name: 'Toy' };
const headAt = (n: number, timestamp = T0 + BigInt(n) * 12n): L1HeadRef => ({ blockNumber: BigInt(n), blockHash: '0x' + n.toString(16).padStart(64, '0'), stateRoot: '0x' + '22'.repeat(32), timestamp });
const CAP_COST = 60_000_000_000_000_000n;

const dir = mkdtempSync(join(tmpdir(), 'vigil-exit-loop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dbs: VigilDb[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

/** The chain, the L2 RPC and the wallet both sides talk to, logging what is signed and sent. */
class Chain {
  readonly receipts = new Map<string, ExitReceiptFacts>();
  readonly log: string[] = [];
  hint: unknown = '1000';
  /** Thrown by every L1 read while set (an endpoint down). */
  down: Error | undefined;
  /** Thrown by the signer while set (a policy refusal, a locked wallet). */
  refuse: Error | undefined;
  /** Thrown by the L2 signer while set. */
  l2Refuse: Error | undefined;
  /** Each L1 step costs more than the wallet spends unattended (50 mETH) while set. */
  costly = false;
  private n = 0;

  deps(): ExitRowLoopParams['deps'] {
    return {
      finalizedBlockNumber: () => ALL_FINAL,
      blockHashAt: async () => Promise.reject(new Error('not asked: every head is final here')),
      readStorage: async (_h, _a, keys) => {
        if (this.down) throw this.down;
        return { codeHash: CODE_HASH, storage: new Map(keys.map((k) => [k, k === SLOT0 ? DELAY : 0n])) };
      },
      readCode: async () => CODE,
      receipt: async (hash) => {
        if (this.down) throw this.down;
        return this.receipts.get(hash) ?? null;
      },
      l2Call: async () => this.hint,
      signL2: async () => {
        if (this.l2Refuse) throw this.l2Refuse;
        return { hash: '0x' + 'e2'.repeat(32), raw: '0x02l2raw' };
      },
      broadcast: async (raw) => void this.log.push(`broadcast ${raw}`),
    };
  }

  readonly sign: ExitRowLoopParams['sign'] = async (tx) => {
    if (this.refuse) throw this.refuse;
    const cap = tx.maxCost ?? 50_000_000_000_000_000n;
    if (this.costly && cap < CAP_COST) throw new WalletError('FEE_ABOVE_CAP', 'This step may cost up to 0.06 ETH', { expected: `at most ${cap} wei`, got: `${CAP_COST} wei` });
    this.n++;
    this.log.push(`sign ${tx.summary}`);
    return { hash: '0x' + 'ab'.repeat(31) + this.n.toString(16).padStart(2, '0'), raw: `0x02beef${this.n.toString(16).padStart(2, '0')}` };
  };

  mine(hash: string): void {
    this.receipts.set(hash, { status: '0x1', blockNumber: '0x10', logs: [] });
  }
}

const started = (): ExitPlanRecord => toyPlan().start(CONFIG, { owner: OWNER, amount: 1000n, balance: 5000n, now: Number(T0) });

/** The extension's side: the exit's row in the wallet's database, one pass of the service at a head each call. */
async function extension(chain: Chain, plan: ExitPlan<Toy> = toyPlan()) {
  const db = await openVigilDb({ name: `exit-loop-${dbs.length}-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  const repo = new ExitRepo(db);
  const record = started();
  await repo.put({ ...record, networkId: NETWORK });
  const changes: string[] = [];
  const notes: string[] = [];
  return {
    repo,
    changes,
    notes,
    row: async () => (await repo.get(record.id))!,
    /** One pass at `head`: what the loop returned (the extension's loop returns nothing). */
    pass: async (head: L1HeadRef): Promise<unknown> =>
      runExitLoop(
        exitRowLoop({
          row: (await repo.get(record.id))!,
          plan,
          config: CONFIG,
          head,
          deps: chain.deps(),
          sign: chain.sign,
          repo,
          onChange: (r) => void changes.push(r.step),
          notify: (_id, title) => void notes.push(title),
        }),
      ),
  };
}

let files = 0;
/** The CLI's side: the exit in a state file, a run of rounds at `heads` (each opened in turn; the last one again when they run out). */
function cli(chain: Chain, plan: ExitPlan<Toy> = toyPlan()) {
  const path = join(dir, `state-${files++}.json`);
  let state: PlanStateFile | undefined;
  const lines: Record<string, any>[] = [];
  const warnings: string[] = [];
  return {
    path,
    lines,
    warnings,
    file: () => readStateFile(path) as PlanStateFile,
    run: async (heads: L1HeadRef[], offline = false, between?: (round: number) => void): Promise<{ code: number; rounds: number }> => {
      const store = new StateFileStore(path, ROLLUP, state);
      if (store.state === undefined) await store.save(started());
      let rounds = 0;
      try {
        const code = await runExitLoop<number>({
          plan,
          config: CONFIG,
          store,
          openRound: async (): Promise<ExitRound> => {
            between?.(rounds);
            const head = heads[Math.min(rounds, heads.length - 1)]!;
            rounds++;
            return { head, deps: { ...chain.deps(), sign: (tx) => chain.sign(tx) } };
          },
          ended: async () => 0,
          ...planExitLoop({ store, statePath: path, offline, pollMs: 0, maxCost: 50_000_000_000_000_000n, escape: () => undefined, out: (l) => void lines.push(JSON.parse(l)), warn: (l) => void warnings.push(l) }),
        });
        return { code, rounds };
      } finally {
        state = store.state;
      }
    },
  };
}

describe('where progress is kept, and a restart resumes it', () => {
  it('extension: the row holds the step and the signed bytes after one tick; the next pass sends the same bytes again, signing nothing', async () => {
    const chain = new Chain();
    const x = await extension(chain);
    expect(await x.pass(headAt(1))).toBeUndefined();
    let row = await x.row();
    expect(row.step).toBe('initiating');
    expect(row.signed).toEqual({ hash: row.sent.initiate!.hash, raw: '0x02beef01' });
    // One tick a round: what it then waits for is the next head's to say.
    expect(row.waiting).toBeUndefined();
    expect(x.changes).toEqual(['initiating']);
    await x.pass(headAt(2));
    row = await x.row();
    expect(row.waiting).toEqual({ reason: 'waiting for the receipt' });
    expect(chain.log).toEqual(['sign Force the withdrawal in through L1', 'broadcast 0x02beef01', 'broadcast 0x02beef01']);
  });

  it('CLI: the state file holds the step and the signed bytes; the same head is ticked again to hear the wait; a run again sends the same bytes, signing nothing', async () => {
    const chain = new Chain();
    const c = cli(chain);
    expect(await c.run([headAt(1)], true)).toEqual({ code: EXIT_WAITING, rounds: 1 });
    const file = c.file();
    expect(file.record.step).toBe('initiating');
    expect(file.signed).toEqual({ hash: file.record.sent.initiate!.hash, raw: '0x02beef01' });
    expect(c.lines.map((l) => l.action)).toEqual(['step', 'sent', 'wait']);
    expect(c.lines[1]).toMatchObject({ step: 'initiating', action: 'sent', label: 'initiate', hash: file.signed!.hash, summary: 'Force the withdrawal in through L1' });
    expect(c.lines[2]).toEqual({ step: 'initiating', action: 'wait', reason: 'waiting for the receipt' });
    expect(c.warnings.at(-1)).toContain('waiting for a newer verified head');
    expect(await c.run([headAt(2)], true)).toEqual({ code: EXIT_WAITING, rounds: 1 });
    expect(c.lines.slice(-2)).toEqual([
      { step: 'initiating', action: 'rebroadcast', hash: file.signed!.hash },
      { step: 'initiating', action: 'wait', reason: 'waiting for the receipt' },
    ]);
    expect(chain.log).toEqual(['sign Force the withdrawal in through L1', 'broadcast 0x02beef01', 'broadcast 0x02beef01']);
  });
});

describe('what a wait does', () => {
  it('extension: a wait with its until is kept on the row and the pass returns; each wait is a round of its own', async () => {
    const chain = new Chain();
    const x = await extension(chain);
    await x.pass(headAt(1));
    chain.mine((await x.row()).sent.initiate!.hash);
    await x.pass(headAt(2));
    const until = Number(headAt(2).timestamp + DELAY);
    expect(await x.row()).toMatchObject({ step: 'waiting', waiting: { reason: 'the challenge period', until } });
    // The wait's end: the next pass finalizes.
    await x.pass(headAt(3, BigInt(until)));
    expect((await x.row()).step).toBe('finalizing');
  });

  it('CLI: a wait for the next head polls a newer one; a wait with until stops with exit 3, printed with its time', async () => {
    const chain = new Chain();
    const c = cli(chain);
    // Head 1 sends; the receipt shows at head 3: heads 1, 2 wait for the next head, head 3 waits until a time.
    const first = await c.run([headAt(1), headAt(2), headAt(3)], false, (round) => {
      if (round === 2) chain.mine(c.file().record.sent.initiate!.hash);
    });
    expect(first).toEqual({ code: EXIT_WAITING, rounds: 3 });
    const until = Number(headAt(3).timestamp + DELAY);
    expect(c.lines.at(-1)).toMatchObject({ step: 'waiting', action: 'wait', reason: 'the challenge period', untilSeconds: until, in: 'about 7 days' });
    expect(c.warnings.at(-1)).toMatch(/^waiting until .* run again then with --state /);
    expect(c.file().record.step).toBe('waiting');
    // The same wait at the next head is printed once; the run at the wait's end finalizes.
    const again = await c.run([headAt(4, BigInt(until)), headAt(5, BigInt(until + 12))], false, (round) => {
      if (round === 1) chain.mine(c.file().record.sent.finalize!.hash);
    });
    expect(again).toEqual({ code: 0, rounds: 2 });
    expect(c.file().record.step).toBe('done');
  });
});

describe('what a refusal does (a step above what the wallet spends unattended)', () => {
  it('extension: kept on the row with the cost offered to the popup; signed once the user allows it', async () => {
    const chain = new Chain();
    chain.costly = true;
    const x = await extension(chain);
    // The unattended cap is below the step's cost: refused, nothing signed.
    await x.pass(headAt(1));
    let row = await x.row();
    expect(row).toMatchObject({ step: 'prove', error: { code: 'FEE_ABOVE_CAP' }, errorFromTick: true, feeAsked: { step: 'prove', maxCost: ((CAP_COST * 6n) / 5n).toString() } });
    expect(chain.log).toEqual([]);
    await x.repo.put({ ...row, feeAllowance: row.feeAsked! });
    await x.pass(headAt(2));
    row = await x.row();
    expect(row.step).toBe('initiating');
    expect(row.error).toBeUndefined();
    expect(chain.log).toEqual(['sign Force the withdrawal in through L1', 'broadcast 0x02beef01']);
  });

  it('CLI: exit 4 at once with the proven numbers and --max-fee, nothing signed, no second round', async () => {
    const chain = new Chain();
    chain.costly = true;
    const c = cli(chain);
    expect(await c.run([headAt(1), headAt(2)])).toEqual({ code: EXIT_FEE_CAP, rounds: 1 });
    expect(c.lines.at(-1)).toEqual({ step: 'prove', error: { code: 'FEE_ABOVE_CAP', message: `This step may cost up to 0.06 ETH: expected at most 50000000000000000 wei, got ${CAP_COST} wei`, expected: 'at most 50000000000000000 wei', got: `${CAP_COST} wei` }, maxFee: '50000000000000000' });
    expect(c.warnings.at(-1)).toContain('Run again with a higher --max-fee');
    expect(chain.log).toEqual([]);
    expect(c.file().record.step).toBe('prove');
  });
});

describe('failed rounds', () => {
  const down = () => new TransportError('NOT_AVAILABLE', 'the endpoint is down', { url: 'http://l1' });

  it('extension: each failed pass is kept on the row, never given up; a locked wallet is told once; the first pass that goes through clears it', async () => {
    const chain = new Chain();
    chain.refuse = new WalletError('LOCKED', 'the wallet is locked: unlock it first');
    const x = await extension(chain);
    await x.pass(headAt(1));
    chain.refuse = undefined;
    chain.down = down();
    for (let n = 2; n <= MAX_FAILED_ROUNDS + 2; n++) expect(await x.pass(headAt(n))).toBeUndefined();
    expect(await x.row()).toMatchObject({ step: 'prove', error: { code: 'NOT_AVAILABLE' }, errorFromTick: true });
    expect(x.notes).toEqual(['Unlock Vigil to go on with your exit']);
    chain.down = undefined;
    await x.pass(headAt(10));
    const row = await x.row();
    expect(row.step).toBe('initiating');
    expect(row.error).toBeUndefined();
    expect(row.errorFromTick).toBeUndefined();
  });

  it(`CLI: exit 1 after ${MAX_FAILED_ROUNDS} failed rounds in a row, with the code; offline after one`, async () => {
    const chain = new Chain();
    chain.down = down();
    const c = cli(chain);
    expect(await c.run([headAt(1)])).toEqual({ code: 1, rounds: MAX_FAILED_ROUNDS });
    expect(c.warnings.map((w) => w.slice(0, 16))).toEqual(Array.from({ length: MAX_FAILED_ROUNDS }, (_, i) => `round failed (${i + 1}/`));
    expect(c.warnings.at(-1)).toContain(`(${MAX_FAILED_ROUNDS}/${MAX_FAILED_ROUNDS})`);
    expect(c.lines.at(-1)).toEqual({ step: 'prove', error: { code: 'NOT_AVAILABLE', message: 'the endpoint is down' } });
    const offline = cli(chain);
    expect(await offline.run([headAt(1)], true)).toEqual({ code: 1, rounds: 1 });
    expect(offline.warnings).toEqual([expect.stringContaining('round failed (1/1)')]);
  });

  it('CLI: failures are counted in a row: a round that goes through starts the count again', async () => {
    const chain = new Chain();
    const c = cli(chain);
    chain.down = down();
    // Four rounds fail, the fifth goes through (sends), then four more fail and the source is back.
    const { code, rounds } = await c.run([headAt(1)], false, (round) => {
      chain.down = round < MAX_FAILED_ROUNDS - 1 || (round >= MAX_FAILED_ROUNDS && round < 2 * MAX_FAILED_ROUNDS - 1) ? down() : undefined;
      if (round === 2 * MAX_FAILED_ROUNDS) chain.mine(c.file().record.sent.initiate!.hash);
    });
    expect(code).toBe(EXIT_WAITING);
    expect(rounds).toBe(2 * MAX_FAILED_ROUNDS + 1);
    expect(c.file().record.step).toBe('waiting');
  });

  it('a problem the plan noted with nothing on its way: a wait kept on the row (extension), a failed round counted to exit 1 (CLI)', async () => {
    const chain = new Chain();
    chain.hint = '999';
    const x = await extension(chain);
    for (let n = 1; n <= MAX_FAILED_ROUNDS + 1; n++) await x.pass(headAt(n));
    expect(await x.row()).toMatchObject({ step: 'prove', error: { code: 'HINT_REFUSED' }, waiting: { reason: 'lying hint' } });
    expect((await x.row()).errorFromTick).toBeUndefined();
    const c = cli(chain);
    expect(await c.run([headAt(1)])).toEqual({ code: 1, rounds: MAX_FAILED_ROUNDS });
    expect(c.lines[0]).toEqual({ step: 'prove', action: 'wait', reason: 'lying hint', error: { code: 'HINT_REFUSED', message: 'lying hint' } });
    // The same wait is printed once.
    expect(c.lines.filter((l) => l.action === 'wait')).toHaveLength(1);
    expect(c.warnings.at(-1)).toBe(`the exit is held up (${MAX_FAILED_ROUNDS}/${MAX_FAILED_ROUNDS}): HINT_REFUSED: lying hint`);
    expect(c.lines.at(-1)).toEqual({ step: 'prove', error: { code: 'HINT_REFUSED', message: 'lying hint' } });
  });

  it('a throw that is no round to retry (an L2 transaction refused as outside the exit): kept on the row (extension), the run ends with it (CLI)', async () => {
    const chain = new Chain();
    chain.l2Refuse = new InputError('the exit asked for an L2 transaction outside the exit');
    const x = await extension(chain);
    await x.pass(headAt(1));
    expect(await x.row()).toMatchObject({ step: 'prove', error: { code: 'INVALID_INPUT' }, errorFromTick: true });
    const c = cli(chain);
    await expect(c.run([headAt(1)])).rejects.toBe(chain.l2Refuse);
    expect(c.file().record.step).toBe('prove');
  });
});

describe('a plan that neither waits nor ends at a head', () => {
  const stuck = (): ExitPlan<Toy> => ({ ...toyPlan(), advance: (_c, r) => ({ record: r, action: { kind: 'done' } }) });

  it('extension: the plan at fault shown on the row (its step kept), tried again at the next head; CLI: refused (InputError)', async () => {
    const chain = new Chain();
    const x = await extension(chain, stuck());
    const before = await x.row();
    await x.pass(headAt(1));
    const after = await x.row();
    expect(after.step).toBe(before.step);
    expect(after.error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(after.error!.message).toMatch(/where the runner gives send or wait/);
    const c = cli(chain, stuck());
    await expect(c.run([headAt(1)])).rejects.toThrow('where the runner gives send or wait');
  });
});
