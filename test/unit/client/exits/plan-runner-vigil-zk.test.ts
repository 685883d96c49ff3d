/**
 * The one exit runner (src/client/exits/plan-runner.ts) driving the devnet rollup's plan
 * (src/l2/vigil-zk/exit.ts) with fake deps over a fake rollup contract: storage read as
 * eth_getProof would (unset slots are 0), receipts by hash, the escape proof gathered like any
 * other need (the L2 RPC's, or one rebuilt from L1), and a log of every call so the order
 * sign → save → broadcast is checked.
 */
import { encodeEventTopics, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import type { EscapeProof } from '../../../../src/client/exits/escape-proof.ts';
import type { SignedExitTx } from '../../../../src/client/exits/needs.ts';
import { type ExitPlanRunnerDeps, tickExitPlan } from '../../../../src/client/exits/plan-runner.ts';
import type { L1HeadRef } from '../../../../src/client/rollups/follower.ts';
import type { ExitPlanRecord } from '../../../../src/l2/exit-plan.ts';
import { ROLLUP_SLOTS } from '../../../../src/l2/vigil-zk/config.ts';
import { encodeEscape, encodeFreeze, encodeRequestForcedWithdrawal, vigilZkExitPlan as plan } from '../../../../src/l2/vigil-zk/exit.ts';
import { TransportError } from '../../../../src/rpc/errors.ts';
import { ABI, BATCHES, CONFIG, CONTRACT, entry, ETHER, FakeRollup, headAt as head, INDEX, mine, OWNER, rpcProof, STATE, T0 } from '../rollups/fake-vigil-rollup.ts';

/** A finalized block above every head of these tests. */
const ALL_FINAL = 1n << 62n;

const S = ROLLUP_SLOTS;

function fakeDeps(chain: FakeRollup, over: Partial<ExitPlanRunnerDeps> = {}) {
  const log: string[] = [];
  const saved: { record: ExitPlanRecord; signed?: SignedExitTx }[] = [];
  const signed: Parameters<ExitPlanRunnerDeps['sign']>[0][] = [];
  const proofs: unknown[][] = [];
  let n = 0;
  let pending: SignedExitTx | undefined;
  const deps: ExitPlanRunnerDeps = {
    // Every head final unless a test says otherwise: an exit's end is then for good at once.
    finalizedBlockNumber: () => ALL_FINAL,
    blockHashAt: async () => Promise.reject(new Error('not asked: every head is final here')),
    async readStorage(_head, address, keys) {
      log.push('read');
      expect(address).toBe(CONTRACT.toLowerCase());
      return { codeHash: '0x' + '01'.repeat(32), storage: new Map(keys.map((k) => [k, chain.value(k)])) };
    },
    async receipt(hash) {
      log.push(`receipt ${hash.slice(0, 6)}`);
      return chain.receipts.get(hash) ?? null;
    },
    async l2Call(method, params) {
      log.push('proof');
      expect(method).toBe('vigil_getAccountProof');
      proofs.push(params);
      return rpcProof(params[0] as number);
    },
    async sign(tx) {
      log.push(`sign ${tx.summary}`);
      signed.push(tx);
      n++;
      return { hash: `0x${'AB'.repeat(31)}${n.toString(16).padStart(2, '0')}`, raw: `0xraw${n}` };
    },
    async broadcast(raw) {
      log.push(`broadcast ${raw}`);
    },
    async save(record, s) {
      log.push('save');
      if (s) pending = s;
      saved.push({ record: structuredClone(record), ...(s !== undefined ? { signed: s } : {}) });
    },
    ...over,
  };
  /** The deps as a restarted background has them: the bytes saved with the record last. */
  const withPending = (): ExitPlanRunnerDeps => ({ ...deps, ...(pending ? { pending } : {}) });
  return { deps, withPending, log, saved, signed, proofs };
}

const start = () => plan.start(CONFIG, { owner: OWNER, amount: 2n * ETHER, balance: 2n * ETHER, now: Number(T0), index: INDEX });
const tick = (deps: ExitPlanRunnerDeps, record: ExitPlanRecord, at: L1HeadRef) => tickExitPlan(deps, plan, CONFIG, record, at);

describe('tickExitPlan with the devnet rollup’s plan', () => {
  it('a terminal record reads nothing and does nothing', async () => {
    const refuse = async () => {
      throw new Error('no call expected');
    };
    const deps: ExitPlanRunnerDeps = { readStorage: refuse, receipt: refuse, l2Call: refuse, sign: refuse, broadcast: refuse, save: refuse, finalizedBlockNumber: () => ALL_FINAL, blockHashAt: refuse };
    for (const step of ['withdrawn', 'escaped', 'failed'] as const) {
      const record = { ...start(), step };
      expect(await tick(deps, record, head(T0))).toEqual({ record, action: { kind: 'done' }, rounds: 0 });
    }
  });

  it('signs, saves the record with the hash and the raw bytes, and only then broadcasts', async () => {
    const chain = new FakeRollup();
    const { deps, log, saved, signed } = fakeDeps(chain);
    const out = await tick(deps, start(), head(T0));
    expect(signed).toEqual([{ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), value: 0n, data: encodeRequestForcedWithdrawal(INDEX), summary: 'Forced withdrawal request' }]);
    expect(log.slice(-3)).toEqual(['sign Forced withdrawal request', 'save', 'broadcast 0xraw1']);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.signed).toEqual({ hash: `0x${'ab'.repeat(31)}01`, raw: '0xraw1' });
    expect(saved[0]!.record.step).toBe('requesting');
    expect(saved[0]!.record.sent.request?.hash).toBe(`0x${'ab'.repeat(31)}01`);
    expect(out.sent?.label).toBe('request');
    expect(out.record).toEqual(saved[0]!.record);
  });

  it('a broadcast that throws leaves the request saved; later ticks send the same bytes, wait for their receipt and never sign a second request', async () => {
    const chain = new FakeRollup();
    let down = true;
    const { deps, withPending, saved, signed, log } = fakeDeps(chain, {
      broadcast: async (raw) => {
        if (down) throw new Error('connection reset');
        log.push(`broadcast ${raw}`);
      },
    });
    await expect(tick(deps, start(), head(T0))).rejects.toThrow('connection reset');
    const kept = saved.at(-1)!.record;
    expect(kept.step).toBe('requesting');
    const hash = kept.sent.request!.hash;
    expect(hash).toBe(`0x${'ab'.repeat(31)}01`);

    // Restarted: the same record, no receipt yet → the saved bytes again, a wait, nothing signed.
    down = false;
    const again = await tick(withPending(), kept, head(T0 + 12n, 2n));
    expect(again.action.kind).toBe('wait');
    expect(again.rebroadcast).toBe(hash);
    expect(log).toContain('broadcast 0xraw1');
    expect(signed).toHaveLength(1);

    // The bytes did reach the chain: the receipt moves it on, and the entry's own time is proven at once.
    chain.mineRequest(hash, T0 + 12n);
    const waiting = await tick(withPending(), again.record, head(T0 + 24n, 3n));
    expect(waiting.record.step).toBe('waiting');
    expect(waiting.record.facts).toMatchObject({ queueIndex: '7', queuedAt: String(T0 + 12n), deadline: String(T0 - 100n + 3600n) });
    expect(waiting.record.sent.request?.hash).toBe(hash);
    expect(waiting.action).toMatchObject({ kind: 'wait', until: Number(T0 - 100n + 3600n) + 1 });
    expect(signed.map((s) => s.summary)).toEqual(['Forced withdrawal request']);
  });

  it('the whole exit: request, wait for the deadline, freeze, the escape proof gathered once → escape, escaped', async () => {
    const chain = new FakeRollup();
    const { deps, log, saved, signed, proofs } = fakeDeps(chain);
    let record = (await tick(deps, start(), head(T0))).record;
    chain.mineRequest(record.sent.request!.hash, T0 + 12n);
    record = (await tick(deps, record, head(T0 + 12n))).record;
    expect(record.step).toBe('waiting');

    // The deadline of the oldest entry (5) passes: freeze().
    const late = T0 - 100n + 3600n + 1n;
    const frozenTick = await tick(deps, record, head(late));
    expect(frozenTick.sent?.label).toBe('freeze');
    expect(signed.at(-1)).toMatchObject({ data: encodeFreeze(), summary: 'Freeze the rollup' });
    record = frozenTick.record;
    expect(record.step).toBe('freezing');

    // Frozen: the escape needs the account's proof against the frozen root, asked for once (index and batch).
    chain.frozen = true;
    chain.receipts.set(record.sent.freeze!.hash, { status: '0x1', blockNumber: '0x11', logs: [] });
    log.length = 0;
    const escapeTick = await tick(deps, record, head(late + 12n));
    expect(proofs).toEqual([[INDEX, Number(BATCHES)]]);
    expect(escapeTick.sent?.label).toBe('escape');
    expect(signed.at(-1)).toEqual({ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), value: 0n, data: encodeEscape(INDEX, mine, STATE.proof(INDEX).siblings), summary: 'Escape to L1' });
    expect(log.filter((l) => l === 'proof' || l.startsWith('sign') || l === 'save' || l.startsWith('broadcast'))).toEqual(['proof', 'sign Escape to L1', 'save', 'broadcast 0xraw3']);
    record = escapeTick.record;
    expect(record.step).toBe('escaping');
    expect(record.facts.escapeAmount).toBe((2n * ETHER).toString());

    // The Escaped receipt → escaped; afterwards a tick reads nothing.
    chain.escaped.add(BigInt(INDEX));
    const topics = encodeEventTopics({ abi: ABI, eventName: 'Escaped', args: { index: BigInt(INDEX), owner: OWNER as Hex } });
    chain.receipts.set(record.sent.escape!.hash, { status: '0x1', blockNumber: '0x12', logs: [{ address: CONTRACT, topics: topics as string[], data: `0x${(2n * ETHER).toString(16).padStart(64, '0')}` }] });
    const done = await tick(deps, record, head(late + 24n));
    expect(done.record.step).toBe('escaped');
    expect(done.record.facts.recovered).toBe((2n * ETHER).toString());
    expect(saved.at(-1)!.record.step).toBe('escaped');
    log.length = 0;
    expect((await tick(deps, done.record, head(late + 36n))).action).toEqual({ kind: 'done' });
    expect(log).toEqual([]);
    expect(signed.map((s) => s.summary)).toEqual(['Forced withdrawal request', 'Freeze the rollup', 'Escape to L1']);
  });

  it('a lying L2 RPC proof and no L1 history to rebuild from: asked once, nothing signed, NOT_AVAILABLE', async () => {
    const chain = new FakeRollup();
    chain.frozen = true;
    let asked = 0;
    const { deps, signed } = fakeDeps(chain, {
      l2Call: async (_m, params) => {
        asked++;
        return rpcProof(params[0] as number, ETHER);
      },
    });
    const error = await tick(deps, start(), head(T0)).catch((e: unknown) => e);
    expect(asked).toBe(1);
    expect(signed).toEqual([]);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('NOT_AVAILABLE');
  });

  it('the L2 RPC down: the proof is rebuilt from L1 (a cached rebuild of the root reads no log), and told where it came from', async () => {
    const chain = new FakeRollup();
    chain.frozen = true;
    const told: EscapeProof[] = [];
    let reads = 0;
    const { deps, signed } = fakeDeps(chain, {
      l2Call: async () => {
        throw new TransportError('NETWORK', 'connection refused', { url: 'http://l2' });
      },
      l1History: {
        getLogs: async () => (reads++, []),
        transaction: async () => (reads++, null),
      },
      rebuild: { cache: new Map([[`${BATCHES}:${STATE.root}`, STATE]]) },
      onEscapeProof: (p) => void told.push(p),
    });
    const out = await tick(deps, start(), head(T0));
    expect(out.sent?.label).toBe('escape');
    expect(reads).toBe(0);
    expect(told.map((p) => [p.source, p.rejected?.code])).toEqual([['l1-rebuild', 'NETWORK']]);
    expect(signed.at(-1)!.data).toBe(encodeEscape(INDEX, mine, STATE.proof(INDEX).siblings));
  });

  it('proves the exit slots and its own entries first, then the oldest entry once the queue head is known', async () => {
    const chain = new FakeRollup();
    const reads: string[][] = [];
    const { deps } = fakeDeps(chain);
    const spy: ExitPlanRunnerDeps = {
      ...deps,
      readStorage: async (h, a, keys) => {
        reads.push(keys);
        return deps.readStorage(h, a, keys);
      },
    };
    const request = '0x' + '01'.repeat(32);
    // The request's receipt kept as final: its queue entry stands.
    const record: ExitPlanRecord = { ...start(), step: 'waiting', sent: { request: { hash: request, at: Number(T0) } }, facts: { ...start().facts, queueIndex: '6' }, receipts: { [request]: { status: '0x1', blockNumber: '0x1', logs: [], final: true } } };
    const out = await tick(spy, record, head(T0 + 30n));
    expect(reads[0]).toContain(entry(S.escaped, BigInt(INDEX)));
    expect(reads[0]).toContain(entry(S.queuedAt, 6n));
    // queuedAt[queueHead] was not among the first keys: a second read.
    expect(reads[1]).toEqual([entry(S.queuedAt, 5n)]);
    expect(out.record.facts).toMatchObject({ queuedAt: String(T0 - 50n), deadline: String(T0 - 100n + 3600n) });
    // An empty queue: no oldest entry to read.
    chain.queueHead = 7n;
    reads.length = 0;
    await tick(spy, record, head(T0 + 30n));
    expect(reads).toHaveLength(1);
  });
});
