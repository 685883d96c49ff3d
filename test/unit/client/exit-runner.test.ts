/**
 * The forced exit's driver (src/client/exit-runner.ts) with fake deps over a fake rollup
 * contract: storage read as eth_getProof would (unset slots are 0), receipts by hash, and a log of
 * every call so the order sign → save → broadcast is checked.
 */
import { encodeEventTopics, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { type ExitRunnerDeps, readExitFacts, tickExit } from '../../../src/client/exit-runner.ts';
import type { L1HeadRef } from '../../../src/client/rollup-follower.ts';
import { ARTIFACTS } from '../../../src/devnet/rollup/contracts/artifacts.ts';
import { storageKey } from '../../../src/l2/slots.ts';
import { ROLLUP_SLOTS } from '../../../src/l2/vigil-zk/config.ts';
import { type ExitReceipt, type ExitRecord, encodeEscape, encodeFreeze, encodeRequestForcedWithdrawal, startExit } from '../../../src/l2/vigil-zk/exit-legacy.ts';
import { RollupState } from '../../../src/l2/vigil-zk/state.ts';
import type { Account, AccountProof } from '../../../src/l2/vigil-zk/tree.ts';

const ABI = ARTIFACTS.VigilRollup.abi;
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const INDEX = 3;
const T0 = 1_700_000_000n;
const ETHER = 10n ** 18n;
const mine: Account = { owner: BigInt(OWNER), ax: 11n, ay: 12n, balance: 2n * ETHER, nonce: 4n };
const STATE = RollupState.empty().withAccounts([[INDEX, mine]]);
const S = ROLLUP_SLOTS;
const slot = (s: bigint) => storageKey({ slot: s });
const entry = (mapping: bigint, key: bigint) => storageKey({ mapping, key });

/** The rollup contract's exit slots, and the receipts the chain has verified. */
class FakeRollup {
  stateRoot = STATE.root;
  queueHead = 5n;
  queueTail = 7n;
  queuedAt = new Map<bigint, bigint>([
    [5n, T0 - 100n],
    [6n, T0 - 50n],
  ]);
  frozen = false;
  forcedDeadline = 3600n;
  escaped = new Set<bigint>();
  receipts = new Map<string, ExitReceipt>();

  value(key: string): bigint {
    const fixed: [bigint, bigint][] = [
      [S.stateRoot, this.stateRoot],
      [S.queueHead, this.queueHead],
      [S.queueTail, this.queueTail],
      [S.frozen, this.frozen ? 1n : 0n],
      [S.forcedDeadline, this.forcedDeadline],
    ];
    for (const [s, v] of fixed) if (key === slot(s)) return v;
    for (const [i, at] of this.queuedAt) if (key === entry(S.queuedAt, i)) return at;
    for (const i of this.escaped) if (key === entry(S.escaped, i)) return 1n;
    return 0n; // eth_getProof proves an unset slot as 0
  }

  /** requestForcedWithdrawal mined: the entry queued and the receipt with its event. */
  mineRequest(hash: string, at: bigint): void {
    const queueIndex = this.queueTail++;
    this.queuedAt.set(queueIndex, at);
    const topics = encodeEventTopics({ abi: ABI, eventName: 'ForcedWithdrawalRequested', args: { queueIndex, from: BigInt(INDEX), owner: OWNER as Hex } });
    this.receipts.set(hash, { status: '0x1', logs: [{ address: CONTRACT, topics: topics as string[], data: '0x' }] });
  }
}

const head = (timestamp: bigint, n = 1n): L1HeadRef => ({ blockNumber: n, blockHash: `0x${n.toString(16).padStart(64, '0')}`, stateRoot: '0x' + '22'.repeat(32), timestamp });

function fakeDeps(chain: FakeRollup, over: Partial<ExitRunnerDeps> = {}) {
  const log: string[] = [];
  const saved: { record: ExitRecord; raw?: string }[] = [];
  const signed: { tx: Parameters<ExitRunnerDeps['sign']>[0] }[] = [];
  const proofs: [number, bigint][] = [];
  let n = 0;
  const deps: ExitRunnerDeps = {
    async readStorage(_head, address, keys) {
      log.push('read');
      expect(address).toBe(CONTRACT.toLowerCase());
      return new Map(keys.map((k) => [k, chain.value(k)]));
    },
    async receipt(hash) {
      log.push(`receipt ${hash.slice(0, 6)}`);
      return chain.receipts.get(hash) ?? null;
    },
    async accountProof(index, root) {
      log.push('proof');
      proofs.push([index, root]);
      return STATE.proof(index);
    },
    async sign(tx) {
      log.push(`sign ${tx.kind}`);
      signed.push({ tx });
      n++;
      return { hash: `0x${'AB'.repeat(31)}${n.toString(16).padStart(2, '0')}`, raw: `0xraw${n}` };
    },
    async broadcast(raw) {
      log.push(`broadcast ${raw}`);
    },
    async save(record, raw) {
      log.push('save');
      saved.push({ record: structuredClone(record), ...(raw !== undefined ? { raw } : {}) });
    },
    ...over,
  };
  return { deps, log, saved, signed, proofs };
}

const start = () => startExit({ rollupChainId: 424242, contract: CONTRACT, index: INDEX, owner: OWNER, balance: 2n * ETHER, now: Number(T0) });

describe('tickExit', () => {
  it('a terminal record reads nothing and does nothing', async () => {
    const refuse = async () => {
      throw new Error('no call expected');
    };
    const deps: ExitRunnerDeps = { readStorage: refuse, receipt: refuse, accountProof: refuse, sign: refuse, broadcast: refuse, save: refuse };
    for (const step of ['withdrawn', 'escaped', 'failed'] as const) {
      const record = { ...start(), step };
      const tick = await tickExit(deps, record, head(T0));
      expect(tick).toEqual({ record, action: { kind: 'done' } });
    }
  });

  it('signs, saves the record with the hash and the raw bytes, and only then broadcasts', async () => {
    const chain = new FakeRollup();
    const { deps, log, saved, signed } = fakeDeps(chain);
    const tick = await tickExit(deps, start(), head(T0));
    expect(signed).toEqual([{ tx: { from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), data: encodeRequestForcedWithdrawal(INDEX), kind: 'request' } }]);
    expect(log.slice(-3)).toEqual(['sign request', 'save', 'broadcast 0xraw1']);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.raw).toBe('0xraw1');
    expect(saved[0]!.record.step).toBe('requesting');
    expect(saved[0]!.record.request?.hash).toBe(`0x${'ab'.repeat(31)}01`);
    expect(tick.sent?.tx).toBe('request');
    expect(tick.record).toEqual(saved[0]!.record);
  });

  it('a broadcast that throws leaves the request saved; later ticks wait for its receipt and never sign a second request', async () => {
    const chain = new FakeRollup();
    const { deps, saved, signed } = fakeDeps(chain, {
      broadcast: async () => {
        throw new Error('connection reset');
      },
    });
    await expect(tickExit(deps, start(), head(T0))).rejects.toThrow('connection reset');
    const kept = saved.at(-1)!.record;
    expect(kept.step).toBe('requesting');
    const hash = kept.request!.hash;
    expect(hash).toBe(`0x${'ab'.repeat(31)}01`);

    // Restarted: the same record, no receipt yet → wait, nothing signed.
    const again = await tickExit(deps, kept, head(T0 + 12n, 2n));
    expect(again.action.kind).toBe('wait');
    expect(signed).toHaveLength(1);

    // The bytes did reach the chain (the stored raw re-sent by the wallet): the receipt moves it on.
    chain.mineRequest(hash, T0 + 12n);
    const waiting = await tickExit(deps, again.record, head(T0 + 24n, 3n));
    expect(waiting.record.step).toBe('waiting');
    expect(waiting.record.request).toMatchObject({ hash, queueIndex: '7' });
    expect(waiting.record.deadline).toBe(Number(T0 - 100n + 3600n));
    expect(waiting.action).toMatchObject({ kind: 'wait', until: Number(T0 - 100n + 3600n) + 1 });
    // The entry's own time is proven from the next tick on (its slot is known once the index is).
    const next = await tickExit(deps, waiting.record, head(T0 + 36n, 4n));
    expect(next.record.request).toMatchObject({ hash, queueIndex: '7', queuedAt: Number(T0 + 12n) });
    expect(signed.map((s) => s.tx.kind)).toEqual(['request']);
  });

  it('the whole exit: request, wait for the deadline, freeze, need-proof → one account proof → escape, escaped', async () => {
    const chain = new FakeRollup();
    const { deps, log, saved, signed, proofs } = fakeDeps(chain);
    let record = (await tickExit(deps, start(), head(T0))).record;
    chain.mineRequest(record.request!.hash, T0 + 12n);
    record = (await tickExit(deps, record, head(T0 + 12n))).record;
    expect(record.step).toBe('waiting');

    // The deadline of the oldest entry (5) passes: freeze().
    const late = T0 - 100n + 3600n + 1n;
    const frozenTick = await tickExit(deps, record, head(late));
    expect(frozenTick.sent?.tx).toBe('freeze');
    expect(signed.at(-1)!.tx).toMatchObject({ data: encodeFreeze(), kind: 'freeze' });
    record = frozenTick.record;
    expect(record.step).toBe('freezing');

    // Frozen: the escape needs the account's proof against the frozen root, asked for once.
    chain.frozen = true;
    chain.receipts.set(record.freeze!.hash, { status: '0x1', logs: [] });
    log.length = 0;
    const escapeTick = await tickExit(deps, record, head(late + 12n));
    expect(proofs).toEqual([[INDEX, STATE.root]]);
    expect(escapeTick.sent?.tx).toBe('escape');
    expect(signed.at(-1)!.tx).toEqual({ from: OWNER.toLowerCase(), to: CONTRACT.toLowerCase(), data: encodeEscape(INDEX, mine, STATE.proof(INDEX).siblings), kind: 'escape' });
    expect(log.filter((l) => l === 'proof' || l.startsWith('sign') || l === 'save' || l.startsWith('broadcast'))).toEqual(['proof', 'sign escape', 'save', 'broadcast 0xraw3']);
    record = escapeTick.record;
    expect(record.step).toBe('escaping');
    expect(record.escape?.amount).toBe((2n * ETHER).toString());

    // The Escaped receipt → escaped; afterwards a tick reads nothing.
    chain.escaped.add(BigInt(INDEX));
    const topics = encodeEventTopics({ abi: ABI, eventName: 'Escaped', args: { index: BigInt(INDEX), owner: OWNER as Hex } });
    chain.receipts.set(record.escape!.hash, { status: '0x1', logs: [{ address: CONTRACT, topics: topics as string[], data: `0x${(2n * ETHER).toString(16).padStart(64, '0')}` }] });
    const done = await tickExit(deps, record, head(late + 24n));
    expect(done.record.step).toBe('escaped');
    expect(saved.at(-1)!.record.step).toBe('escaped');
    log.length = 0;
    expect((await tickExit(deps, done.record, head(late + 36n))).action).toEqual({ kind: 'done' });
    expect(log).toEqual([]);
    expect(signed.map((s) => s.tx.kind)).toEqual(['request', 'freeze', 'escape']);
  });

  it('a lying account proof: asked once, nothing signed, the error saved, need-proof again', async () => {
    const chain = new FakeRollup();
    chain.frozen = true;
    let proofs = 0;
    const { deps, saved, signed } = fakeDeps(chain, {
      accountProof: async (index): Promise<AccountProof> => {
        proofs++;
        const p = STATE.proof(index);
        return { ...p, leaf: { ...mine, balance: mine.balance + ETHER } };
      },
    });
    const tick = await tickExit(deps, start(), head(T0));
    expect(proofs).toBe(1);
    expect(signed).toEqual([]);
    expect(tick.action).toEqual({ kind: 'need-proof', root: STATE.root });
    expect(saved.at(-1)!.record).toMatchObject({ step: 'escape', error: { code: 'L2_PROOF_ROOT_MISMATCH' } });
  });
});

describe('readExitFacts', () => {
  it('proves the exit slots, the oldest entry’s time, our entry’s time, and fetches the receipts of what was sent', async () => {
    const chain = new FakeRollup();
    const reads: string[][] = [];
    const { deps } = fakeDeps(chain);
    const spy: typeof deps = {
      ...deps,
      readStorage: async (h, a, keys) => {
        reads.push(keys);
        return deps.readStorage(h, a, keys);
      },
    };
    const record: ExitRecord = { ...start(), step: 'waiting', request: { hash: '0x' + '01'.repeat(32), at: Number(T0), queueIndex: '6' } };
    const f = await readExitFacts(spy, record, head(T0 + 30n));
    expect(f).toMatchObject({
      now: Number(T0 + 30n),
      stateRoot: STATE.root,
      queueHead: 5n,
      queueTail: 7n,
      oldestQueuedAt: T0 - 100n,
      requestQueuedAt: T0 - 50n,
      forcedDeadline: 3600n,
      frozen: false,
      escaped: false,
    });
    expect(f.receipts.size).toBe(0);
    expect(reads[0]).toContain(entry(S.escaped, BigInt(INDEX)));
    expect(reads[0]).toContain(entry(S.queuedAt, 6n));
    // queuedAt[queueHead] was not among the first keys: a second read.
    expect(reads[1]).toEqual([entry(S.queuedAt, 5n)]);
    // An empty queue: no oldest entry.
    chain.queueHead = 7n;
    expect((await readExitFacts(deps, record, head(T0 + 30n))).oldestQueuedAt).toBeNull();
  });

  it('throws when a slot is not proven', async () => {
    const { deps } = fakeDeps(new FakeRollup(), { readStorage: async () => new Map() });
    await expect(readExitFacts(deps, start(), head(T0))).rejects.toThrow(/was not proven/);
  });
});
