/**
 * The devnet rollup's forced exit as an ExitPlan (src/l2/vigil-zk/exit.ts) against the contract's
 * rules (circuits/SPEC.md "The L1 contract", src/devnet/rollup/contracts/VigilRollup.sol): the
 * happy path step by step with realistic facts, each branch, and properties over random fact
 * sequences. The facts of a head are laid out as the contract's proven storage (the slots the plan
 * asks for), verified receipts and an escape proof under the key the plan asks it by. Calldata and
 * event logs are built with viem from the compiled contract's ABI, and account proofs with the
 * real Poseidon tree.
 */
import fc from 'fast-check';
import { encodeAbiParameters, encodeEventTopics, encodeFunctionData, type Hex, toFunctionSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { bigIntToHex } from '../../../../src/core/bytes.ts';
import { ARTIFACTS } from '../../../../src/devnet/rollup/contracts/artifacts.ts';
import type { ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { type ExitInputs, type ExitPlanAction, type ExitPlanRecord, type ExitReceiptFacts, MAX_EXIT_REVERTS, recordExitSent } from '../../../../src/l2/exit-plan.ts';
import { exitPlanOf } from '../../../../src/l2/exit-plans.ts';
import { storageKey } from '../../../../src/l2/slots.ts';
import { ROLLUP_SLOTS, type VigilZkConfig } from '../../../../src/l2/vigil-zk/config.ts';
import { encodeEscape, encodeFreeze, encodeRequestForcedWithdrawal, TERMINAL_STEPS, vigilZkExitPlan as plan } from '../../../../src/l2/vigil-zk/exit.ts';
import { RollupState } from '../../../../src/l2/vigil-zk/state.ts';
import { DEFAULT_BATCH_SIZE } from '../../../../src/l2/vigil-zk/transactions.ts';
import { type Account, type AccountProof, verifyAccountProof } from '../../../../src/l2/vigil-zk/tree.ts';

const ABI = ARTIFACTS.VigilRollup.abi;
/** Checksummed on purpose: the record keeps it lower-case and matches logs whatever their case. */
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const INDEX = 3;
const T0 = 1_700_000_000;
const FORCED_DEADLINE = 3600n;
const ETHER = 10n ** 18n;
const BATCHES = 12n;
const CONFIG = { kind: 'vigil-zk-v1', name: 'Vigil ZK devnet', chainId: 424242, contract: CONTRACT.toLowerCase(), depth: 6, batchSize: DEFAULT_BATCH_SIZE } as unknown as VigilZkConfig;

const mine: Account = { owner: BigInt(OWNER), ax: 11n, ay: 12n, balance: 2n * ETHER, nonce: 4n };
const others: Account = { owner: BigInt(OTHER), ax: 21n, ay: 22n, balance: 5n * ETHER, nonce: 0n };
const emptyMine: Account = { owner: BigInt(OWNER), ax: 31n, ay: 32n, balance: 0n, nonce: 1n };
/** The frozen state: account 0 someone else's, 3 ours, 5 ours with nothing left, 4 empty. */
const STATE = RollupState.empty().withAccounts([
  [0, others],
  [INDEX, mine],
  [5, emptyMine],
]);
const ROOT = STATE.root;
/** An earlier state (ours held 3 ether): its proofs are stale against ROOT. */
const STALE = RollupState.empty().withAccounts([
  [0, others],
  [INDEX, { ...mine, balance: 3n * ETHER, nonce: 3n }],
]);

const hash = (n: number | bigint) => `0x${BigInt(n).toString(16).padStart(64, '0')}`;
const H_REQUEST = '0x' + 'AB'.repeat(32);
const H_FREEZE = hash(0xf1);
const H_ESCAPE = hash(0xe1);
const SENT_STEP = { request: 'requesting', freeze: 'freezing', escape: 'escaping' } as const;

const index = (r: ExitPlanRecord) => Number(r.facts.index);

function start(i = INDEX, owner = OWNER, balance = 2n * ETHER): ExitPlanRecord {
  return plan.start(CONFIG, { owner, amount: balance, balance, now: T0, index: i });
}

/** What one head proves, in the words of the contract's state. */
interface Facts {
  now: number;
  stateRoot: bigint;
  queueHead: bigint;
  queueTail: bigint;
  /** queuedAt[queueHead] when the queue is not empty. */
  oldestQueuedAt: bigint | null;
  /** queuedAt of every other entry (the record's own among them); 0 when null: an unset slot. */
  requestQueuedAt: bigint | null;
  forcedDeadline: bigint;
  frozen: boolean;
  escaped: boolean;
  receipts: ReadonlyMap<string, ExitReceiptFacts>;
  /** The account's proof against `stateRoot`, when the runner has one to give. */
  proof?: AccountProof;
}

function facts(over: Partial<Facts> = {}): Facts {
  return { now: T0, stateRoot: ROOT, queueHead: 7n, queueTail: 7n, oldestQueuedAt: null, requestQueuedAt: null, forcedDeadline: FORCED_DEADLINE, frozen: false, escaped: false, receipts: new Map(), ...over };
}

const S = ROLLUP_SLOTS;
const escapeKey = (i: number, root: bigint) => `vigil-zk-escape:${i}:${bigIntToHex(root)}`;

/** The head's inputs: every exit slot of the contract proven (queue entries 0..31), the receipts, the proof under the plan's key. */
function inputsOf(r: ExitPlanRecord, f: Facts): ExitInputs {
  const storage = new Map<string, bigint>();
  const set = (ref: Parameters<typeof storageKey>[0], v: bigint) => storage.set(storageKey(ref), v);
  set({ slot: S.stateRoot }, f.stateRoot);
  set({ slot: S.batchCount }, BATCHES);
  set({ slot: S.queueHead }, f.queueHead);
  set({ slot: S.queueTail }, f.queueTail);
  set({ slot: S.frozen }, f.frozen ? 1n : 0n);
  set({ slot: S.forcedDeadline }, f.forcedDeadline);
  set({ mapping: S.escaped, key: BigInt(index(r)) }, f.escaped ? 1n : 0n);
  for (let k = 0n; k < 32n; k++) set({ mapping: S.queuedAt, key: k }, k === f.queueHead && f.oldestQueuedAt !== null ? f.oldestQueuedAt : (f.requestQueuedAt ?? 0n));
  const l1: ProvenL1Storage = { blockNumber: 100n, blockHash: hash(100), timestamp: BigInt(f.now), accounts: new Map([[CONTRACT.toLowerCase(), { codeHash: hash(1), storage }]]) };
  return {
    head: { blockNumber: 100n, blockHash: hash(100), timestamp: BigInt(f.now) },
    now: f.now,
    l1,
    receipts: f.receipts,
    l2: new Map(),
    signedL2: new Map(),
    escapeProofs: new Map(f.proof !== undefined ? [[escapeKey(index(r), f.stateRoot), f.proof]] : []),
  };
}

const advance = (r: ExitPlanRecord, f: Facts) => plan.advance(CONFIG, r, inputsOf(r, f));

/** The record once the transaction of `tx` is signed, as the runner keeps it. */
const recordSent = (r: ExitPlanRecord, tx: keyof typeof SENT_STEP, h: string, now: number) => recordExitSent(r, tx, h.toLowerCase(), now, SENT_STEP[tx]);

const needProof = (root: bigint, i = INDEX): ExitPlanAction => ({
  kind: 'need',
  escapeProof: { key: escapeKey(i, root), index: i, root, batch: BATCHES, rollup: { contract: CONTRACT.toLowerCase(), depth: 6, batchSize: DEFAULT_BATCH_SIZE } },
});

const receipts = (...entries: [string, ExitReceiptFacts][]) => new Map(entries.map(([h, r]) => [h.toLowerCase(), r]));

function requestedLog(queueIndex: bigint, from: bigint, owner = OWNER, address = CONTRACT) {
  const topics = encodeEventTopics({ abi: ABI, eventName: 'ForcedWithdrawalRequested', args: { queueIndex, from, owner: owner as Hex } });
  return { address, topics: topics as string[], data: '0x' };
}

function escapedLog(i: bigint, amount: bigint, owner = OWNER) {
  const topics = encodeEventTopics({ abi: ABI, eventName: 'Escaped', args: { index: i, owner: owner as Hex } });
  return { address: CONTRACT, topics: topics as string[], data: encodeAbiParameters([{ type: 'uint256' }], [amount]) };
}

const ok = (...logs: ExitReceiptFacts['logs']): ExitReceiptFacts => ({ status: '0x1', blockNumber: '0x64', logs });
const REVERTED: ExitReceiptFacts = { status: '0x0', blockNumber: '0x64', logs: [] };

const viemEscape = (i: number, a: Account, siblings: readonly bigint[]) =>
  encodeFunctionData({
    abi: ABI,
    functionName: 'escape',
    args: [BigInt(i), a.owner, a.ax, a.ay, a.balance, a.nonce, siblings as unknown as readonly [bigint, bigint, bigint, bigint, bigint, bigint]],
  });

/** The record at 'waiting' (request 7 queued at T0 + 12, behind entry 5 queued at T0 - 100), its request's receipt kept as final. */
function waitingRecord(): ExitPlanRecord {
  const sent = recordSent(start(), 'request', H_REQUEST, T0);
  const out = advance(sent, facts({ now: T0 + 12, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n))]) }));
  expect(out.record.step).toBe('waiting');
  return { ...out.record, receipts: { [H_REQUEST.toLowerCase()]: { ...ok(requestedLog(7n, 3n)), final: true } } };
}

function escapeRecord(i = INDEX, owner = OWNER): ExitPlanRecord {
  const out = advance(start(i, owner), facts({ frozen: true }));
  expect(out.record.step).toBe('escape');
  return out.record;
}

describe('encodings (against viem and the compiled ABI)', () => {
  it('requestForcedWithdrawal(uint256): selector and the index word', () => {
    for (const i of [0, 3, 63]) {
      const data = encodeRequestForcedWithdrawal(i);
      expect(data).toBe(encodeFunctionData({ abi: ABI, functionName: 'requestForcedWithdrawal', args: [BigInt(i)] }));
      expect(data).toBe(toFunctionSelector('requestForcedWithdrawal(uint256)') + i.toString(16).padStart(64, '0'));
      expect(data.length).toBe(2 + 8 + 64);
    }
  });

  it('freeze()', () => {
    expect(encodeFreeze()).toBe(encodeFunctionData({ abi: ABI, functionName: 'freeze' }));
  });

  it('escape(uint256,uint256,uint256,uint256,uint256,uint256,uint256[6]) with a real tree proof', () => {
    const proof = STATE.proof(INDEX);
    const data = encodeEscape(INDEX, mine, proof.siblings);
    expect(data).toBe(viemEscape(INDEX, mine, proof.siblings));
    expect(data.length).toBe(2 + 8 + 12 * 64);
  });
});

describe('start and route', () => {
  it('an exit of the whole proven balance of one L2 account: its index and contract kept, the owner in lower case', () => {
    const r = start();
    expect(r).toMatchObject({ id: `vigil-zk-v1:424242:${OWNER.toLowerCase()}:${T0}`, kind: 'vigil-zk-v1', owner: OWNER.toLowerCase(), amount: (2n * ETHER).toString(), step: 'request', reverts: 0 });
    expect(r.facts).toEqual({ index: '3', contract: CONTRACT.toLowerCase() });
    expect(plan.accounts).toBe('indexed');
    expect(plan.partial).toBe(false);
    expect(plan.closing?.has('escaped')).toBe(true);
    // The registry runs it like any other plan.
    expect(exitPlanOf('vigil-zk-v1')).toBe(plan);
  });

  it('refuses no index, part of the balance, or nothing to exit', () => {
    expect(() => plan.start(CONFIG, { owner: OWNER, amount: ETHER, balance: ETHER, now: T0 })).toThrow(/index/);
    expect(() => plan.start(CONFIG, { owner: OWNER, amount: ETHER, balance: 2n * ETHER, now: T0, index: 3 })).toThrow(/whole proven L2 balance/);
    expect(() => plan.start(CONFIG, { owner: OWNER, amount: 0n, balance: 0n, now: T0, index: 3 })).toThrow(/more than 0/);
  });

  it("the route: request, the forced deadline proven on L1 (else unsaid), freeze, escape, each with its record steps", () => {
    const route = plan.route(CONFIG);
    expect(route.map((s) => [s.step, s.who, s.steps])).toEqual([
      ['request', 'you', ['request', 'requesting']],
      ['waiting', 'rollup', undefined],
      ['freeze', 'anyone', ['freeze', 'freezing']],
      ['escape', 'you', ['escape', 'escaping']],
    ]);
    expect(route[1]!.delaySeconds).toBeUndefined();
    const proven = inputsOf(start(), facts()).l1;
    expect(plan.route(CONFIG, proven)[1]!.delaySeconds).toBe(Number(FORCED_DEADLINE));
  });

  it('the route in words, with the forced deadline proven on L1 as a duration, and no function name', () => {
    const proven = inputsOf(start(), facts()).l1;
    const route = plan.route(CONFIG, proven);
    expect(route.map((s) => s.title)).toEqual([
      'Ask L1 to force your withdrawal',
      'Wait up to 1 h 0 min for the rollup to include it',
      'If it does not within 1 h 0 min, anyone can freeze the rollup',
      'Then withdraw your balance from L1 with a proof from the last finalized state',
    ]);
    expect(route[1]!.detail).toContain('within 1 h 0 min');
    // Before the deadline is read: no number made up.
    expect(plan.route(CONFIG).map((s) => s.title).join(' ')).not.toMatch(/\d+ (s|min|h|d)\b/);
    for (const s of [...route, ...plan.route(CONFIG)]) expect(`${s.title} ${s.detail}`).not.toMatch(/requestForcedWithdrawal|freeze\(|escape\(|Merkle|root/);
  });
});

describe('the happy path, step by step', () => {
  it('request → requesting → waiting → freeze → freezing → escape → escaping → escaped', () => {
    // request: send requestForcedWithdrawal(3) to the contract.
    const r0 = start();
    const a0 = advance(r0, facts());
    expect(a0.action).toEqual({
      kind: 'send',
      label: 'request',
      to: CONTRACT.toLowerCase(),
      value: 0n,
      data: encodeFunctionData({ abi: ABI, functionName: 'requestForcedWithdrawal', args: [3n] }),
      summary: 'Forced withdrawal request',
      next: 'requesting',
    });
    expect(a0.record).toEqual(r0);

    // requesting: the hash is saved before the broadcast; no receipt yet → wait.
    const r1 = recordSent(a0.record, 'request', H_REQUEST, T0);
    expect(r1.step).toBe('requesting');
    expect(r1.sent.request).toEqual({ hash: H_REQUEST.toLowerCase(), at: T0 });
    const a1 = advance(r1, facts({ now: T0 + 12, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) }));
    expect(a1.action.kind).toBe('wait');
    expect(a1.record.step).toBe('requesting');

    // The receipt with ForcedWithdrawalRequested(7, 3, owner) → waiting with the queue index and its proven time.
    const withReceipt = receipts([H_REQUEST, ok(requestedLog(7n, 3n))]);
    const a2 = advance(r1, facts({ now: T0 + 24, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), requestQueuedAt: BigInt(T0 + 12), receipts: withReceipt }));
    expect(a2.record.step).toBe('waiting');
    expect(a2.record.sent.request).toEqual({ hash: H_REQUEST.toLowerCase(), at: T0 });
    expect(a2.record.facts).toMatchObject({ queueIndex: '7', queuedAt: String(T0 + 12) });
    // The deadline is the OLDEST entry's (5, queued at T0 - 100), not ours: that is what freeze() checks.
    const deadline = T0 - 100 + Number(FORCED_DEADLINE);
    expect(Number(a2.record.facts.deadline)).toBe(deadline);
    expect(a2.action).toMatchObject({ kind: 'wait', until: deadline + 1 });

    // At the deadline itself freeze() would revert (block.timestamp <= deadline): still waiting.
    const atDeadline = facts({ now: deadline, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), requestQueuedAt: BigInt(T0 + 12), receipts: withReceipt });
    expect(advance(a2.record, atDeadline).action).toMatchObject({ kind: 'wait', until: deadline + 1 });

    // One second later: freeze().
    const past = { ...atDeadline, now: deadline + 1 };
    const a3 = advance(a2.record, past);
    expect(a3.record.step).toBe('freeze');
    expect(a3.action).toMatchObject({ kind: 'send', label: 'freeze', to: CONTRACT.toLowerCase(), data: encodeFunctionData({ abi: ABI, functionName: 'freeze' }), summary: 'Freeze the rollup', next: 'freezing' });

    // freezing: no receipt, not frozen → wait; then frozen with the receipt → escape, which needs the proof.
    const r4 = recordSent(a3.record, 'freeze', H_FREEZE, deadline + 1);
    expect(r4.step).toBe('freezing');
    expect(advance(r4, { ...past, now: deadline + 13 }).action.kind).toBe('wait');
    const frozenFacts = { ...past, now: deadline + 25, frozen: true, receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n))], [H_FREEZE, ok()]) };
    const a5 = advance(r4, frozenFacts);
    expect(a5.record.step).toBe('escape');
    expect(a5.action).toEqual(needProof(ROOT));

    // escape: the account's real proof against the frozen root → escape(...) paying 2 ether.
    const proof = STATE.proof(INDEX);
    const a6 = advance(a5.record, { ...frozenFacts, proof });
    expect(a6.action).toMatchObject({ kind: 'send', label: 'escape', to: CONTRACT.toLowerCase(), data: viemEscape(INDEX, mine, proof.siblings), summary: 'Escape to L1', next: 'escaping' });
    expect(a6.record.step).toBe('escape');
    expect(a6.record.facts.escapeAmount).toBe((2n * ETHER).toString());

    // escaping: no receipt → wait; the receipt's Escaped event gives the amount → escaped.
    const r7 = recordSent(a6.record, 'escape', H_ESCAPE, deadline + 25);
    expect(r7.step).toBe('escaping');
    expect(r7.sent.escape).toEqual({ hash: H_ESCAPE, at: deadline + 25 });
    expect(advance(r7, { ...frozenFacts, now: deadline + 37 }).action.kind).toBe('wait');
    const done = advance(r7, {
      ...frozenFacts,
      now: deadline + 49,
      escaped: true,
      receipts: new Map([...frozenFacts.receipts, [H_ESCAPE, ok(escapedLog(3n, 2n * ETHER))]]),
    });
    expect(done.action).toEqual({ kind: 'done' });
    expect(done.record.step).toBe('escaped');
    expect(done.record.facts.recovered).toBe((2n * ETHER).toString());
    expect(done.record.error).toBeUndefined();
    expect(done.record.history.map((h) => h.step)).toEqual(['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping', 'escaped']);
  });

  it('the escaped amount is the Escaped event’s when there is one, the proven balance otherwise', () => {
    const r = recordSent({ ...escapeRecord(), facts: { ...escapeRecord().facts, escapeAmount: '5' } }, 'escape', H_ESCAPE, T0);
    const fromEvent = advance(r, facts({ frozen: true, escaped: true, receipts: receipts([H_ESCAPE, ok(escapedLog(3n, 7n))]) }));
    expect(fromEvent.record.facts.recovered).toBe('7');
    const noEvent = advance(r, facts({ frozen: true, escaped: true, receipts: receipts([H_ESCAPE, ok()]) }));
    expect(noEvent.record.step).toBe('escaped');
    expect(noEvent.record.facts.recovered).toBe('5');
  });

  it('the deadline moves with the queue head: once older entries are processed, the oldest left counts', () => {
    const w = waitingRecord();
    const deadlineOf5 = T0 - 100 + Number(FORCED_DEADLINE);
    // Entry 5 processed, entry 6 (queued at T0) is now the oldest.
    const out = advance(w, facts({ now: deadlineOf5 + 1, queueHead: 6n, queueTail: 8n, oldestQueuedAt: BigInt(T0), requestQueuedAt: BigInt(T0 + 12) }));
    expect(out.record.step).toBe('waiting');
    expect(Number(out.record.facts.deadline)).toBe(T0 + Number(FORCED_DEADLINE));
    expect(out.action).toMatchObject({ kind: 'wait', until: T0 + Number(FORCED_DEADLINE) + 1 });
  });

  it('asks for the exit slots it reads: the fixed ones and its own entries, then the oldest entry once the queue head is proven', () => {
    const w = waitingRecord();
    const bare: ExitInputs = { ...inputsOf(w, facts()), l1: { blockNumber: 100n, blockHash: hash(100), timestamp: BigInt(T0), accounts: new Map() } };
    const first = plan.advance(CONFIG, w, bare).action;
    expect(first.kind).toBe('need');
    const wanted = first.kind === 'need' ? first.l1![0]!.slots.map(storageKey) : [];
    expect(wanted).toContain(storageKey({ mapping: S.escaped, key: BigInt(INDEX) }));
    expect(wanted).toContain(storageKey({ mapping: S.queuedAt, key: 7n }));
    expect(wanted).not.toContain(storageKey({ mapping: S.queuedAt, key: 5n }));
    const storage = new Map<string, bigint>(wanted.map((k) => [k, 0n]));
    storage.set(storageKey({ slot: S.queueHead }), 5n);
    storage.set(storageKey({ slot: S.queueTail }), 8n);
    const second = plan.advance(CONFIG, w, { ...bare, l1: { ...bare.l1, accounts: new Map([[CONTRACT.toLowerCase(), { codeHash: hash(1), storage }]]) } }).action;
    expect(second).toEqual({ kind: 'need', l1: [{ address: CONTRACT.toLowerCase(), slots: [{ mapping: S.queuedAt, key: 5n }] }] });
  });
});

describe('branches', () => {
  it('the sequencer processes the request before the deadline → withdrawn', () => {
    const out = advance(waitingRecord(), facts({ now: T0 + 100, queueHead: 8n, queueTail: 8n }));
    expect(out.record.step).toBe('withdrawn');
    expect(out.action).toEqual({ kind: 'done' });
    expect(out.record.facts.recovered).toBeUndefined();
  });

  it('frozen by someone else at request time → escape, without a request', () => {
    const out = advance(start(), facts({ frozen: true }));
    expect(out.record.step).toBe('escape');
    expect(out.record.sent.request).toBeUndefined();
    expect(out.action).toEqual(needProof(ROOT));
    const sent = advance(out.record, facts({ frozen: true, proof: STATE.proof(INDEX) }));
    expect(sent.action).toMatchObject({ kind: 'send', label: 'escape' });
  });

  it('frozen while requesting (no receipt yet) → escape', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    expect(advance(r, facts({ frozen: true })).action).toEqual(needProof(ROOT));
  });

  it('the request reverted because the rollup froze first → escape, no revert counted', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    const out = advance(r, facts({ frozen: true, receipts: receipts([H_REQUEST, REVERTED]) }));
    expect(out.record.step).toBe('escape');
    expect(out.record.reverts).toBe(0);
    expect(out.action.kind).toBe('need');
  });

  it('frozen while waiting → escape', () => {
    const out = advance(waitingRecord(), facts({ now: T0 + 100, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), frozen: true }));
    expect(out.record.step).toBe('escape');
    expect(out.action.kind).toBe('need');
  });

  it('frozen by someone else at the freeze step, or while our freeze is pending → escape', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const f = advance(w, late);
    expect(f.record.step).toBe('freeze');
    expect(advance(f.record, { ...late, frozen: true }).record.step).toBe('escape');
    const freezing = recordSent(f.record, 'freeze', H_FREEZE, T0 + 4000);
    // Our freeze lost the race: its receipt reverted, but the rollup is frozen.
    for (const rs of [new Map(), receipts([H_FREEZE, REVERTED])]) {
      const out = advance(freezing, { ...late, now: T0 + 4012, frozen: true, receipts: rs });
      expect(out.record.step).toBe('escape');
      expect(out.record.reverts).toBe(0);
      expect(out.action.kind).toBe('need');
    }
  });

  it('a reverted request (not frozen) is counted and sent again; MAX_EXIT_REVERTS → failed', () => {
    let r = start();
    for (let i = 1; i <= MAX_EXIT_REVERTS; i++) {
      const a = advance(r, facts({ now: T0 + i }));
      expect(a.action).toMatchObject({ kind: 'send', label: 'request' });
      const sent = recordSent(a.record, 'request', hash(i), T0 + i);
      const out = advance(sent, facts({ now: T0 + i, receipts: receipts([hash(i), REVERTED]) }));
      expect(out.record.reverts).toBe(i);
      expect(out.record.error?.code).toBe('EXIT_TX_REVERTED');
      expect(out.record.sent.request).toBeUndefined();
      if (i < MAX_EXIT_REVERTS) {
        expect(out.record.step).toBe('request');
        expect(out.action).toMatchObject({ kind: 'send', label: 'request' });
      } else {
        expect(out.record.step).toBe('failed');
        expect(out.action).toEqual({ kind: 'done' });
      }
      r = out.record;
    }
  });

  it('a reverted freeze (not frozen) goes back to waiting; a reverted escape back to escape', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const freezing = recordSent(advance(w, late).record, 'freeze', H_FREEZE, T0 + 4000);
    // Entry 5 was processed meanwhile and entry 6 is younger: the freeze reverted (DeadlineNotPassed).
    const after = advance(freezing, { ...late, now: T0 + 4012, queueHead: 6n, oldestQueuedAt: BigInt(T0 + 1000), receipts: receipts([H_FREEZE, REVERTED]) });
    expect(after.record.step).toBe('waiting');
    expect(after.record.reverts).toBe(1);
    expect(after.record.sent.freeze).toBeUndefined();
    expect(after.action).toMatchObject({ kind: 'wait', until: T0 + 1000 + Number(FORCED_DEADLINE) + 1 });

    const escaping = recordSent(escapeRecord(), 'escape', H_ESCAPE, T0);
    const back = advance(escaping, facts({ frozen: true, receipts: receipts([H_ESCAPE, REVERTED]) }));
    expect(back.record.step).toBe('escape');
    expect(back.record.sent.escape).toBeUndefined();
    expect(back.record.reverts).toBe(1);
    expect(back.action).toEqual(needProof(ROOT));
  });

  it('escaped already → failed; a second exit of the same account is refused', () => {
    expect(advance(start(), facts({ escaped: true })).record.step).toBe('failed');
    expect(advance(start(), facts({ escaped: true, frozen: true })).action).toEqual({ kind: 'done' });
    const atEscape = advance(escapeRecord(), facts({ frozen: true, escaped: true, proof: STATE.proof(INDEX) }));
    expect(atEscape.record.step).toBe('failed');
    expect(atEscape.action).toEqual({ kind: 'done' });
    // Our escape reverted because the account escaped already (AlreadyEscaped).
    const escaping = recordSent(escapeRecord(), 'escape', H_ESCAPE, T0);
    const out = advance(escaping, facts({ frozen: true, escaped: true, receipts: receipts([H_ESCAPE, REVERTED]) }));
    expect(out.record.step).toBe('failed');
    // Escaped on L1 but our receipt not verified yet: wait for it (it may well be ours).
    expect(advance(escaping, facts({ frozen: true, escaped: true })).action.kind).toBe('wait');
  });

  describe('a proof that does not fit → no send, the error set, a wait (asked again at the next head)', () => {
    const cases: [string, ExitPlanRecord, AccountProof, bigint, string][] = [
      ['of another index', escapeRecord(), STATE.proof(0), ROOT, 'L2_OWNER_MISMATCH'],
      ['of an empty leaf', escapeRecord(4), STATE.proof(4), ROOT, 'L2_OWNER_MISMATCH'],
      ['of another owner (account 0 asked for by us)', escapeRecord(0), STATE.proof(0), ROOT, 'L2_OWNER_MISMATCH'],
      ['stale (an earlier root)', escapeRecord(), STALE.proof(INDEX), ROOT, 'L2_PROOF_ROOT_MISMATCH'],
      ['lying (balance + 1 ether)', escapeRecord(), { ...STATE.proof(INDEX), leaf: { ...mine, balance: mine.balance + ETHER } }, ROOT, 'L2_PROOF_ROOT_MISMATCH'],
      ['lying (another owner, same root)', escapeRecord(), { ...STATE.proof(INDEX), leaf: { ...mine, owner: BigInt(OTHER) } }, ROOT, 'L2_PROOF_ROOT_MISMATCH'],
      ['against a wrong root (the proof is right, the facts’ root another)', escapeRecord(), STATE.proof(INDEX), STALE.root, 'L2_PROOF_ROOT_MISMATCH'],
      ['with 5 siblings', escapeRecord(), { ...STATE.proof(INDEX), siblings: STATE.proof(INDEX).siblings.slice(0, 5) }, ROOT, 'INVALID_INPUT'],
    ];
    for (const [name, record, proof, root, code] of cases) {
      it(name, () => {
        const out = advance(record, facts({ frozen: true, stateRoot: root, proof }));
        expect(out.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('signs nothing') });
        expect(out.record.step).toBe('escape');
        expect(out.record.error?.code).toBe(code);
        // A good proof afterwards clears the error.
        if (index(record) === INDEX && root === ROOT) {
          const good = advance(out.record, facts({ frozen: true, proof: STATE.proof(INDEX) }));
          expect(good.action).toMatchObject({ kind: 'send', label: 'escape' });
          expect(good.record.error).toBeUndefined();
        }
      });
    }
  });

  it('the queue moved while at the freeze step: processed → withdrawn; a younger oldest entry → waiting again', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const atFreeze = advance(w, late).record;
    expect(atFreeze.step).toBe('freeze');
    // A batch processed entries 5..7 (ours among them), and someone froze on a later overdue entry.
    for (const frozen of [false, true]) {
      const out = advance(atFreeze, { ...late, queueHead: 8n, queueTail: 9n, oldestQueuedAt: BigInt(T0 + 1), frozen });
      expect(out.record.step).toBe('withdrawn');
      expect(out.action).toEqual({ kind: 'done' });
    }
    // Entry 5 processed, 6 younger: freeze() would revert with DeadlineNotPassed.
    const younger = advance(atFreeze, { ...late, queueHead: 6n, oldestQueuedAt: BigInt(T0 + 1000) });
    expect(younger.record.step).toBe('waiting');
    expect(younger.action).toMatchObject({ kind: 'wait', until: T0 + 1000 + Number(FORCED_DEADLINE) + 1 });
  });

  it('freezing: a batch paid us before a freeze on another entry → withdrawn, not an escape of 0', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const freezing = recordSent(advance(w, late).record, 'freeze', H_FREEZE, T0 + 4000);
    const out = advance(freezing, { ...late, now: T0 + 4012, queueHead: 8n, queueTail: 9n, oldestQueuedAt: BigInt(T0 + 300), frozen: true, receipts: receipts([H_FREEZE, ok()]) });
    expect(out.record.step).toBe('withdrawn');
  });

  it('freezing: a successful freeze receipt from a block after the head is no revert', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const freezing = recordSent(advance(w, late).record, 'freeze', H_FREEZE, T0 + 4000);
    const out = advance(freezing, { ...late, receipts: receipts([H_FREEZE, ok()]) });
    expect(out.record.step).toBe('freezing');
    expect(out.record.reverts).toBe(0);
    expect(out.action.kind).toBe('wait');
  });

  it('waiting: a request receipt newer than the head (the entry not in its queue, queuedAt reading 0) → wait, no freeze', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    const out = advance(r, facts({ now: T0 + 10_000, queueHead: 7n, queueTail: 7n, requestQueuedAt: 0n, receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n))]) }));
    expect(out.record.step).toBe('waiting');
    expect(out.action.kind).toBe('wait');
  });

  it('a reorg moves the request to another queue entry: the request id is read again, and the old entry processed is not taken for ours', () => {
    const sent = recordSent(start(), 'request', H_REQUEST, T0);
    const first = advance(sent, facts({ now: T0 + 12, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n))]) }));
    expect(first.record.facts.queueIndex).toBe('7');
    // The next head: the request was mined again behind another one, as entry 8; entry 7 (someone else's) is processed.
    const moved = receipts([H_REQUEST, { ...ok(requestedLog(8n, 3n)), blockNumber: '0x66', blockHash: hash(0x66) }]);
    const next = advance(first.record, facts({ now: T0 + 24, queueHead: 8n, queueTail: 9n, oldestQueuedAt: BigInt(T0 + 20), requestQueuedAt: BigInt(T0 + 20), receipts: moved }));
    expect(next.record.step).toBe('waiting');
    expect(next.record.facts).toMatchObject({ queueIndex: '8', queuedAt: String(T0 + 20), deadline: String(T0 + 20 + Number(FORCED_DEADLINE)) });
    expect(next.record.history.some((h) => h.step === 'requesting' && h.note?.includes('moved to L1 block 102'))).toBe(true);
    // No verified block holds it: back to requesting, waiting for its receipt (nothing sent while it may land).
    const gone = advance(next.record, facts({ now: T0 + 36, queueHead: 8n, queueTail: 9n, oldestQueuedAt: BigInt(T0 + 20) }));
    expect(gone.record.step).toBe('requesting');
    expect(gone.record.facts.queueIndex).toBeUndefined();
    expect(gone.action).toMatchObject({ kind: 'wait', reason: expect.stringContaining('not in a verified L1 block yet') });
  });

  it('escape: a head that does not prove the freeze never sends escape(); the freeze left the chain, so the exit goes back to where it is decided', () => {
    // Frozen by someone else before any request: back to the request.
    const out = advance(escapeRecord(), facts({ frozen: false, proof: STATE.proof(INDEX) }));
    expect(out.record.step).toBe('request');
    expect(out.action).toMatchObject({ kind: 'send', label: 'request' });
    expect(out.record.history.at(-1)!.note).toContain('freeze left the chain');
    // Queued: back to waiting for the sequencer or the deadline.
    const queued = { ...waitingRecord(), step: 'escape' };
    const again = advance(queued, facts({ now: T0 + 24, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), requestQueuedAt: BigInt(T0 + 12), proof: STATE.proof(INDEX) }));
    expect(again.record.step).toBe('waiting');
    expect(again.action.kind).toBe('wait');
  });

  it('a zero balance → failed, nothing sent', () => {
    const out = advance(escapeRecord(5), facts({ frozen: true, proof: STATE.proof(5) }));
    expect(out.record.step).toBe('failed');
    expect(out.action).toEqual({ kind: 'done' });
  });

  it('a request receipt without our ForcedWithdrawalRequested → failed (another contract’s log, another account)', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    for (const log of [requestedLog(7n, 3n, OWNER, OTHER), requestedLog(7n, 4n)]) {
      const out = advance(r, facts({ queueTail: 8n, receipts: receipts([H_REQUEST, ok(log)]) }));
      expect(out.record.step).toBe('failed');
      expect(out.action).toEqual({ kind: 'done' });
    }
    // The contract's address in the log in another case still matches (entry 7 queued now: the deadline is ahead).
    const lower = advance(r, facts({ queueTail: 8n, oldestQueuedAt: BigInt(T0), receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n, OWNER, CONTRACT.toLowerCase()))]) }));
    expect(lower.record.step).toBe('waiting');
  });

  it('no double request across restarts: a recorded request hash with no receipt only waits', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    for (let i = 0; i < 5; i++) {
      const out = advance(r, facts({ now: T0 + 12 * i, queueTail: BigInt(i) }));
      expect(out.action.kind).toBe('wait');
      expect(out.record.sent.request?.hash).toBe(H_REQUEST.toLowerCase());
    }
  });

  it('terminal steps are always done and unchanged', () => {
    const withdrawn = advance(waitingRecord(), facts({ queueHead: 8n, queueTail: 8n })).record;
    const failed = advance(start(), facts({ escaped: true })).record;
    const escaped = advance(recordSent(escapeRecord(), 'escape', H_ESCAPE, T0), facts({ frozen: true, receipts: receipts([H_ESCAPE, ok()]) })).record;
    for (const r of [withdrawn, failed, escaped]) {
      expect(TERMINAL_STEPS.has(r.step)).toBe(true);
      for (const f of [facts(), facts({ frozen: true, proof: STATE.proof(INDEX) }), facts({ escaped: true, now: T0 + 1e6, receipts: receipts([H_REQUEST, REVERTED], [H_ESCAPE, REVERTED]) })]) {
        const out = advance(r, f);
        expect(out.action).toEqual({ kind: 'done' });
        expect(out.record).toBe(r);
      }
    }
  });
});

// ---- properties over random fact sequences ----

type ReceiptKind = 'none' | 'ok' | 'ok-nolog' | 'revert';
type ProofKind = 'none' | 'good' | 'other-index' | 'empty' | 'stale' | 'lying' | 'short';
interface FactSpec {
  dt: number;
  frozen: boolean;
  escaped: boolean;
  queueHead: number;
  queueLen: number;
  oldestAge: number;
  requestAge: number | null;
  forcedDeadline: number;
  logQueueIndex: number;
  request: ReceiptKind;
  freeze: ReceiptKind;
  escape: ReceiptKind;
  proof: ProofKind;
  staleRoot: boolean;
  /** 'lost': the driver fails before saving the sent record (it keeps the one before);
   * 'kept': it saved the advanced record, then failed to sign (a policy refusal). */
  crash: 'no' | 'lost' | 'kept';
}

const receiptKind = fc.constantFrom<ReceiptKind>('none', 'none', 'ok', 'ok-nolog', 'revert');
const factSpec: fc.Arbitrary<FactSpec> = fc.record({
  dt: fc.integer({ min: 0, max: 3000 }),
  frozen: fc.boolean(),
  escaped: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
  queueHead: fc.integer({ min: 0, max: 10 }),
  queueLen: fc.integer({ min: 0, max: 3 }),
  oldestAge: fc.integer({ min: 0, max: 8000 }),
  requestAge: fc.option(fc.integer({ min: 0, max: 8000 }), { nil: null }),
  forcedDeadline: fc.integer({ min: 1, max: 5000 }),
  logQueueIndex: fc.integer({ min: 5, max: 9 }),
  request: receiptKind,
  freeze: receiptKind,
  escape: receiptKind,
  proof: fc.constantFrom<ProofKind>('none', 'good', 'good', 'other-index', 'empty', 'stale', 'lying', 'short'),
  staleRoot: fc.boolean(),
  crash: fc.constantFrom<FactSpec['crash']>('no', 'no', 'lost', 'kept'),
});

/** Random records reachable by the plan: indices 3 (2 ether), 4 (empty) and 5 (0 balance), all ours. */
const exitIndex = fc.constantFrom(INDEX, INDEX, 4, 5);

function proofOf(kind: ProofKind, i: number): AccountProof | undefined {
  switch (kind) {
    case 'none':
      return undefined;
    case 'good':
      return STATE.proof(i);
    case 'other-index':
      return STATE.proof(0);
    case 'empty':
      return STATE.proof(4);
    case 'stale':
      return STALE.proof(i);
    case 'lying': {
      const p = STATE.proof(i);
      return { ...p, leaf: { ...(p.leaf ?? mine), balance: (p.leaf?.balance ?? 0n) + 1n } };
    }
    case 'short':
      return { ...STATE.proof(i), siblings: STATE.proof(i).siblings.slice(1) };
  }
}

function materialize(r: ExitPlanRecord, s: FactSpec, now: number): Facts {
  const rs = new Map<string, ExitReceiptFacts>();
  const put = (hashOf: string | undefined, kind: ReceiptKind, log: () => ExitReceiptFacts['logs'][number]) => {
    if (hashOf === undefined || kind === 'none') return;
    rs.set(hashOf, kind === 'revert' ? REVERTED : kind === 'ok' ? ok(log()) : ok());
  };
  put(r.sent.request?.hash, s.request, () => requestedLog(BigInt(s.logQueueIndex), BigInt(index(r))));
  put(r.sent.freeze?.hash, s.freeze, () => ({ address: CONTRACT, topics: [hash(1)], data: '0x' }));
  put(r.sent.escape?.hash, s.escape, () => escapedLog(BigInt(index(r)), 2n * ETHER));
  const queueHead = BigInt(s.queueHead);
  const queueTail = queueHead + BigInt(s.queueLen);
  return {
    now,
    stateRoot: s.staleRoot ? STALE.root : ROOT,
    queueHead,
    queueTail,
    oldestQueuedAt: queueHead < queueTail ? BigInt(Math.max(0, now - s.oldestAge)) : null,
    requestQueuedAt: s.requestAge !== null ? BigInt(Math.max(0, now - s.requestAge)) : null,
    forcedDeadline: BigInt(s.forcedDeadline),
    frozen: s.frozen,
    escaped: s.escaped,
    receipts: rs,
    ...(s.proof !== 'none' ? { proof: proofOf(s.proof, index(r))! } : {}),
  };
}

interface Step {
  before: ExitPlanRecord;
  facts: Facts;
  out: { record: ExitPlanRecord; action: ExitPlanAction };
}

/** Drives the plan as the runner does (send → recordExitSent, unless the driver "crashes"). */
function drive(i: number, specs: FactSpec[]): Step[] {
  let r = start(i);
  let now = T0;
  let n = 0;
  const steps: Step[] = [];
  for (const s of specs) {
    now += s.dt;
    const f = materialize(r, s, now);
    const out = advance(r, f);
    steps.push({ before: r, facts: f, out });
    if (out.action.kind !== 'send' || s.crash === 'kept') r = out.record;
    else if (s.crash === 'no') r = recordExitSent(out.record, out.action.label, hash(++n), now, out.action.next);
  }
  return steps;
}

/** The queued time the plan reads for entry `k` at this head. */
const queuedAtOf = (f: Facts, k: bigint) => (k === f.queueHead && f.oldestQueuedAt !== null ? f.oldestQueuedAt : (f.requestQueuedAt ?? 0n));

const runs = fc.tuple(exitIndex, fc.array(factSpec, { minLength: 1, maxLength: 25 }));
const PROPERTY_RUNS = { numRuns: 150 };

describe('properties', () => {
  it('random fact sequences never throw, and advance is idempotent on its own output', () => {
    fc.assert(
      fc.property(runs, ([i, specs]) => {
        for (const { facts: f, out } of drive(i, specs)) {
          expect(advance(out.record, f)).toEqual(out);
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('an escape is sent only when frozen, with a proof of the record’s account and owner against the proven state root', () => {
    fc.assert(
      fc.property(runs, ([i, specs]) => {
        for (const { before, facts: f, out } of drive(i, specs)) {
          if (out.action.kind !== 'send' || out.action.label !== 'escape') continue;
          expect(f.frozen).toBe(true);
          expect(f.escaped).toBe(false);
          expect(f.proof).toBeDefined();
          const proven = verifyAccountProof(f.stateRoot, f.proof!);
          expect(proven.index).toBe(index(before));
          expect(proven.account?.owner).toBe(BigInt(before.owner));
          expect(proven.account!.balance > 0n).toBe(true);
          expect(out.action.data).toBe(viemEscape(index(before), proven.account!, f.proof!.siblings));
          expect(out.record.facts.escapeAmount).toBe(proven.account!.balance.toString());
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('a request is sent only while none is recorded, or after the recorded one’s verified receipt reverted', () => {
    fc.assert(
      fc.property(runs, ([i, specs]) => {
        for (const { before, facts: f, out } of drive(i, specs)) {
          if (out.action.kind !== 'send' || out.action.label !== 'request') continue;
          expect(f.frozen).toBe(false);
          if (before.sent.request !== undefined) expect(f.receipts.get(before.sent.request.hash)?.status).toBe('0x0');
          expect(out.action.data).toBe(encodeRequestForcedWithdrawal(index(before)));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('a freeze is sent only when the contract would accept it in a later block, and our request is still queued', () => {
    fc.assert(
      fc.property(runs, ([i, specs]) => {
        for (const { facts: f, out } of drive(i, specs)) {
          if (out.action.kind !== 'send' || out.action.label !== 'freeze') continue;
          const queueIndex = BigInt(out.record.facts.queueIndex!);
          expect(f.frozen).toBe(false);
          expect(f.queueHead < f.queueTail).toBe(true);
          expect(f.oldestQueuedAt).not.toBeNull();
          expect(BigInt(f.now) > queuedAtOf(f, f.queueHead) + f.forcedDeadline).toBe(true);
          expect(f.queueHead <= queueIndex).toBe(true);
          expect(queueIndex < f.queueTail).toBe(true);
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('history only grows, terminal steps stay put, and done means terminal', () => {
    fc.assert(
      fc.property(runs, ([i, specs]) => {
        for (const { before, out } of drive(i, specs)) {
          expect(out.record.history.slice(0, before.history.length)).toEqual(before.history);
          expect(out.record.history.at(-1)!.step).toBe(out.record.step);
          expect(out.record.reverts >= before.reverts).toBe(true);
          expect(out.record.reverts <= MAX_EXIT_REVERTS).toBe(true);
          if (TERMINAL_STEPS.has(before.step)) {
            expect(out.record).toBe(before);
            expect(out.action).toEqual({ kind: 'done' });
          }
          expect(out.action.kind === 'done').toBe(TERMINAL_STEPS.has(out.record.step));
          if (out.action.kind === 'send') expect(out.action.to).toBe(CONTRACT.toLowerCase());
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('a recorded request with no receipt never yields another request, whatever else is proven', () => {
    fc.assert(
      fc.property(factSpec, exitIndex, (s, i) => {
        const r = recordSent(start(i), 'request', H_REQUEST, T0);
        const out = advance(r, materialize(r, { ...s, request: 'none' }, T0 + s.dt));
        expect(out.action.kind === 'send' && out.action.label === 'request').toBe(false);
        if (out.action.kind !== 'send' && !TERMINAL_STEPS.has(out.record.step) && out.record.step !== 'escape') expect(out.record.sent.request?.hash).toBe(H_REQUEST.toLowerCase());
      }),
      PROPERTY_RUNS,
    );
  });
});
