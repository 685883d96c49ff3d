/**
 * The forced exit's state machine (src/l2/vigil-zk/exit.ts) against the contract's rules
 * (circuits/SPEC.md "The L1 contract", src/devnet/rollup/contracts/VigilRollup.sol): the happy path
 * step by step with realistic facts, each branch, and properties over random fact sequences.
 * Calldata and event logs are built with viem from the compiled contract's ABI, and account proofs
 * with the real Poseidon tree.
 */
import fc from 'fast-check';
import { encodeAbiParameters, encodeEventTopics, encodeFunctionData, type Hex, toFunctionSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS } from '../../../src/devnet/rollup/contracts/artifacts.ts';
import {
  type ExitAction,
  type ExitFacts,
  type ExitReceipt,
  type ExitRecord,
  advanceExit,
  encodeEscape,
  encodeFreeze,
  encodeRequestForcedWithdrawal,
  MAX_REVERTS,
  recordSent,
  recoveredAmount,
  startExit,
  TERMINAL_STEPS,
} from '../../../src/l2/vigil-zk/exit.ts';
import { RollupState } from '../../../src/l2/vigil-zk/state.ts';
import { type Account, type AccountProof, verifyAccountProof } from '../../../src/l2/vigil-zk/tree.ts';

const ABI = ARTIFACTS.VigilRollup.abi;
/** Checksummed on purpose: the record keeps it lower-case and matches logs whatever their case. */
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const INDEX = 3;
const T0 = 1_700_000_000;
const FORCED_DEADLINE = 3600n;
const ETHER = 10n ** 18n;

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

function start(index = INDEX, owner = OWNER): ExitRecord {
  return startExit({ rollupChainId: 424242, contract: CONTRACT, index, owner, balance: 2n * ETHER, now: T0 });
}

function facts(over: Partial<ExitFacts> = {}): ExitFacts {
  return {
    now: T0,
    stateRoot: ROOT,
    queueHead: 7n,
    queueTail: 7n,
    oldestQueuedAt: null,
    requestQueuedAt: null,
    forcedDeadline: FORCED_DEADLINE,
    frozen: false,
    escaped: false,
    receipts: new Map(),
    ...over,
  };
}

const receipts = (...entries: [string, ExitReceipt][]) => new Map(entries.map(([h, r]) => [h.toLowerCase(), r]));

function requestedLog(queueIndex: bigint, from: bigint, owner = OWNER, address = CONTRACT) {
  const topics = encodeEventTopics({ abi: ABI, eventName: 'ForcedWithdrawalRequested', args: { queueIndex, from, owner: owner as Hex } });
  return { address, topics: topics as string[], data: '0x' };
}

function escapedLog(index: bigint, amount: bigint, owner = OWNER) {
  const topics = encodeEventTopics({ abi: ABI, eventName: 'Escaped', args: { index, owner: owner as Hex } });
  return { address: CONTRACT, topics: topics as string[], data: encodeAbiParameters([{ type: 'uint256' }], [amount]) };
}

const ok = (...logs: ExitReceipt['logs']): ExitReceipt => ({ status: '0x1', logs });
const REVERTED: ExitReceipt = { status: '0x0', logs: [] };

const viemEscape = (index: number, a: Account, siblings: readonly bigint[]) =>
  encodeFunctionData({
    abi: ABI,
    functionName: 'escape',
    args: [BigInt(index), a.owner, a.ax, a.ay, a.balance, a.nonce, siblings as unknown as readonly [bigint, bigint, bigint, bigint, bigint, bigint]],
  });

/** The record at 'waiting' (request 7 queued at T0 + 12, behind entry 5 queued at T0 - 100). */
function waitingRecord(): ExitRecord {
  const sent = recordSent(start(), 'request', H_REQUEST, T0);
  const out = advanceExit(sent, facts({ now: T0 + 12, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n))]) }));
  expect(out.record.step).toBe('waiting');
  return out.record;
}

function escapeRecord(index = INDEX, owner = OWNER): ExitRecord {
  const out = advanceExit(start(index, owner), facts({ frozen: true }));
  expect(out.record.step).toBe('escape');
  return out.record;
}

describe('encodings (against viem and the compiled ABI)', () => {
  it('requestForcedWithdrawal(uint256): selector and the index word', () => {
    for (const index of [0, 3, 63]) {
      const data = encodeRequestForcedWithdrawal(index);
      expect(data).toBe(encodeFunctionData({ abi: ABI, functionName: 'requestForcedWithdrawal', args: [BigInt(index)] }));
      expect(data).toBe(toFunctionSelector('requestForcedWithdrawal(uint256)') + index.toString(16).padStart(64, '0'));
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

describe('the happy path, step by step', () => {
  it('request → requesting → waiting → freeze → freezing → escape → escaping → escaped', () => {
    // request: send requestForcedWithdrawal(3) to the contract.
    const r0 = start();
    expect(r0).toMatchObject({ id: '424242:3', contract: CONTRACT.toLowerCase(), owner: OWNER.toLowerCase(), step: 'request', reverts: 0 });
    const a0 = advanceExit(r0, facts());
    expect(a0.action).toEqual({ kind: 'send', tx: 'request', to: CONTRACT.toLowerCase(), data: encodeFunctionData({ abi: ABI, functionName: 'requestForcedWithdrawal', args: [3n] }) });
    expect(a0.record).toEqual(r0);

    // requesting: the hash is saved before the broadcast; no receipt yet → wait.
    const r1 = recordSent(a0.record, 'request', H_REQUEST, T0);
    expect(r1.step).toBe('requesting');
    expect(r1.request).toEqual({ hash: H_REQUEST.toLowerCase(), at: T0 });
    const a1 = advanceExit(r1, facts({ now: T0 + 12, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) }));
    expect(a1.action.kind).toBe('wait');
    expect(a1.record.step).toBe('requesting');

    // The receipt with ForcedWithdrawalRequested(7, 3, owner) → waiting with the queue index.
    const withReceipt = receipts([H_REQUEST, ok(requestedLog(7n, 3n))]);
    const a2 = advanceExit(r1, facts({ now: T0 + 24, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), requestQueuedAt: BigInt(T0 + 12), receipts: withReceipt }));
    expect(a2.record.step).toBe('waiting');
    expect(a2.record.request).toEqual({ hash: H_REQUEST.toLowerCase(), at: T0, queueIndex: '7', queuedAt: T0 + 12 });
    // The deadline is the OLDEST entry's (5, queued at T0 - 100), not ours: that is what freeze() checks.
    const deadline = T0 - 100 + Number(FORCED_DEADLINE);
    expect(a2.record.deadline).toBe(deadline);
    expect(a2.action).toMatchObject({ kind: 'wait', until: deadline + 1 });

    // At the deadline itself freeze() would revert (block.timestamp <= deadline): still waiting.
    const atDeadline = facts({ now: deadline, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), requestQueuedAt: BigInt(T0 + 12), receipts: withReceipt });
    expect(advanceExit(a2.record, atDeadline).action).toMatchObject({ kind: 'wait', until: deadline + 1 });

    // One second later: freeze().
    const past = { ...atDeadline, now: deadline + 1 };
    const a3 = advanceExit(a2.record, past);
    expect(a3.record.step).toBe('freeze');
    expect(a3.action).toEqual({ kind: 'send', tx: 'freeze', to: CONTRACT.toLowerCase(), data: encodeFunctionData({ abi: ABI, functionName: 'freeze' }) });

    // freezing: no receipt, not frozen → wait; then frozen with the receipt → escape, which needs the proof.
    const r4 = recordSent(a3.record, 'freeze', H_FREEZE, deadline + 1);
    expect(r4.step).toBe('freezing');
    expect(advanceExit(r4, { ...past, now: deadline + 13 }).action.kind).toBe('wait');
    const frozenFacts = { ...past, now: deadline + 25, frozen: true, receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n))], [H_FREEZE, ok()]) };
    const a5 = advanceExit(r4, frozenFacts);
    expect(a5.record.step).toBe('escape');
    expect(a5.action).toEqual({ kind: 'need-proof', root: ROOT });

    // escape: the account's real proof against the frozen root → escape(...) paying 2 ether.
    const proof = STATE.proof(INDEX);
    const a6 = advanceExit(a5.record, { ...frozenFacts, proof });
    expect(a6.action).toEqual({ kind: 'send', tx: 'escape', to: CONTRACT.toLowerCase(), data: viemEscape(INDEX, mine, proof.siblings), amount: (2n * ETHER).toString() });
    expect(a6.record.step).toBe('escape');

    // escaping: no receipt → wait; the receipt's Escaped event gives the amount → escaped.
    const r7 = recordSent(a6.record, 'escape', H_ESCAPE, deadline + 25, (2n * ETHER).toString());
    expect(r7.step).toBe('escaping');
    expect(r7.escape).toEqual({ hash: H_ESCAPE, at: deadline + 25, amount: (2n * ETHER).toString() });
    expect(advanceExit(r7, { ...frozenFacts, now: deadline + 37 }).action.kind).toBe('wait');
    const done = advanceExit(r7, {
      ...frozenFacts,
      now: deadline + 49,
      escaped: true,
      receipts: new Map([...frozenFacts.receipts, [H_ESCAPE, ok(escapedLog(3n, 2n * ETHER))]]),
    });
    expect(done.action).toEqual({ kind: 'done' });
    expect(done.record.step).toBe('escaped');
    expect(done.record.escape?.amount).toBe((2n * ETHER).toString());
    expect(done.record.error).toBeUndefined();
    expect(recoveredAmount(done.record)).toBe((2n * ETHER).toString());
    expect(done.record.history.map((h) => h.step)).toEqual(['request', 'requesting', 'waiting', 'freeze', 'freezing', 'escape', 'escaping', 'escaped']);
  });

  it('the escaped amount is the Escaped event’s when there is one, the proven balance otherwise', () => {
    const r = recordSent(escapeRecord(), 'escape', H_ESCAPE, T0, '5');
    const fromEvent = advanceExit(r, facts({ frozen: true, escaped: true, receipts: receipts([H_ESCAPE, ok(escapedLog(3n, 7n))]) }));
    expect(fromEvent.record.escape?.amount).toBe('7');
    const noEvent = advanceExit(r, facts({ frozen: true, escaped: true, receipts: receipts([H_ESCAPE, ok()]) }));
    expect(noEvent.record.step).toBe('escaped');
    expect(noEvent.record.escape?.amount).toBe('5');
  });

  it('the deadline moves with the queue head: once older entries are processed, the oldest left counts', () => {
    const w = waitingRecord();
    const deadlineOf5 = T0 - 100 + Number(FORCED_DEADLINE);
    // Entry 5 processed, entry 6 (queued at T0) is now the oldest.
    const out = advanceExit(w, facts({ now: deadlineOf5 + 1, queueHead: 6n, queueTail: 8n, oldestQueuedAt: BigInt(T0), requestQueuedAt: BigInt(T0 + 12) }));
    expect(out.record.step).toBe('waiting');
    expect(out.record.deadline).toBe(T0 + Number(FORCED_DEADLINE));
    expect(out.action).toMatchObject({ kind: 'wait', until: T0 + Number(FORCED_DEADLINE) + 1 });
  });
});

describe('branches', () => {
  it('the sequencer processes the request before the deadline → withdrawn', () => {
    const out = advanceExit(waitingRecord(), facts({ now: T0 + 100, queueHead: 8n, queueTail: 8n }));
    expect(out.record.step).toBe('withdrawn');
    expect(out.action).toEqual({ kind: 'done' });
    expect(out.record.withdrawn).toEqual({ amount: null, batch: null });
    expect(recoveredAmount(out.record)).toBeNull();
  });

  it('frozen by someone else at request time → escape, without a request', () => {
    const out = advanceExit(start(), facts({ frozen: true }));
    expect(out.record.step).toBe('escape');
    expect(out.record.request).toBeUndefined();
    expect(out.action).toEqual({ kind: 'need-proof', root: ROOT });
    const sent = advanceExit(out.record, facts({ frozen: true, proof: STATE.proof(INDEX) }));
    expect(sent.action).toMatchObject({ kind: 'send', tx: 'escape' });
  });

  it('frozen while requesting (no receipt yet) → escape', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    expect(advanceExit(r, facts({ frozen: true })).action).toEqual({ kind: 'need-proof', root: ROOT });
  });

  it('the request reverted because the rollup froze first → escape, no revert counted', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    const out = advanceExit(r, facts({ frozen: true, receipts: receipts([H_REQUEST, REVERTED]) }));
    expect(out.record.step).toBe('escape');
    expect(out.record.reverts).toBe(0);
    expect(out.action.kind).toBe('need-proof');
  });

  it('frozen while waiting → escape', () => {
    const out = advanceExit(waitingRecord(), facts({ now: T0 + 100, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100), frozen: true }));
    expect(out.record.step).toBe('escape');
    expect(out.action.kind).toBe('need-proof');
  });

  it('frozen by someone else at the freeze step, or while our freeze is pending → escape', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const f = advanceExit(w, late);
    expect(f.record.step).toBe('freeze');
    expect(advanceExit(f.record, { ...late, frozen: true }).record.step).toBe('escape');
    const freezing = recordSent(f.record, 'freeze', H_FREEZE, T0 + 4000);
    // Our freeze lost the race: its receipt reverted, but the rollup is frozen.
    for (const rs of [new Map(), receipts([H_FREEZE, REVERTED])]) {
      const out = advanceExit(freezing, { ...late, now: T0 + 4012, frozen: true, receipts: rs });
      expect(out.record.step).toBe('escape');
      expect(out.record.reverts).toBe(0);
      expect(out.action.kind).toBe('need-proof');
    }
  });

  it('a reverted request (not frozen) is counted and sent again; MAX_REVERTS → failed', () => {
    let r = start();
    for (let i = 1; i <= MAX_REVERTS; i++) {
      const a = advanceExit(r, facts({ now: T0 + i }));
      expect(a.action).toMatchObject({ kind: 'send', tx: 'request' });
      const sent = recordSent(a.record, 'request', hash(i), T0 + i);
      const out = advanceExit(sent, facts({ now: T0 + i, receipts: receipts([hash(i), REVERTED]) }));
      expect(out.record.reverts).toBe(i);
      expect(out.record.error?.code).toBe('EXIT_TX_REVERTED');
      expect(out.record.request).toBeUndefined();
      if (i < MAX_REVERTS) {
        expect(out.record.step).toBe('request');
        expect(out.action).toMatchObject({ kind: 'send', tx: 'request' });
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
    const freezing = recordSent(advanceExit(w, late).record, 'freeze', H_FREEZE, T0 + 4000);
    // Entry 5 was processed meanwhile and entry 6 is younger: the freeze reverted (DeadlineNotPassed).
    const after = advanceExit(freezing, { ...late, now: T0 + 4012, queueHead: 6n, oldestQueuedAt: BigInt(T0 + 1000), receipts: receipts([H_FREEZE, REVERTED]) });
    expect(after.record.step).toBe('waiting');
    expect(after.record.reverts).toBe(1);
    expect(after.record.freeze).toBeUndefined();
    expect(after.action).toMatchObject({ kind: 'wait', until: T0 + 1000 + Number(FORCED_DEADLINE) + 1 });

    const escaping = recordSent(escapeRecord(), 'escape', H_ESCAPE, T0, '1');
    const back = advanceExit(escaping, facts({ frozen: true, receipts: receipts([H_ESCAPE, REVERTED]) }));
    expect(back.record.step).toBe('escape');
    expect(back.record.escape).toBeUndefined();
    expect(back.record.reverts).toBe(1);
    expect(back.action).toEqual({ kind: 'need-proof', root: ROOT });
  });

  it('escaped already → failed; a second exit of the same account is refused', () => {
    expect(advanceExit(start(), facts({ escaped: true })).record.step).toBe('failed');
    expect(advanceExit(start(), facts({ escaped: true, frozen: true })).action).toEqual({ kind: 'done' });
    const atEscape = advanceExit(escapeRecord(), facts({ frozen: true, escaped: true, proof: STATE.proof(INDEX) }));
    expect(atEscape.record.step).toBe('failed');
    expect(atEscape.action).toEqual({ kind: 'done' });
    // Our escape reverted because the account escaped already (AlreadyEscaped).
    const escaping = recordSent(escapeRecord(), 'escape', H_ESCAPE, T0, '1');
    const out = advanceExit(escaping, facts({ frozen: true, escaped: true, receipts: receipts([H_ESCAPE, REVERTED]) }));
    expect(out.record.step).toBe('failed');
    // Escaped on L1 but our receipt not verified yet: wait for it (it may well be ours).
    expect(advanceExit(escaping, facts({ frozen: true, escaped: true })).action.kind).toBe('wait');
  });

  describe('a proof that does not fit → no send, the error set, need-proof again', () => {
    const cases: [string, ExitRecord, AccountProof, bigint, string][] = [
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
        const out = advanceExit(record, facts({ frozen: true, stateRoot: root, proof }));
        expect(out.action).toEqual({ kind: 'need-proof', root });
        expect(out.record.step).toBe('escape');
        expect(out.record.error?.code).toBe(code);
        // A good proof afterwards clears the error.
        if (record.index === INDEX && root === ROOT) {
          const good = advanceExit(out.record, facts({ frozen: true, proof: STATE.proof(INDEX) }));
          expect(good.action).toMatchObject({ kind: 'send', tx: 'escape' });
          expect(good.record.error).toBeUndefined();
        }
      });
    }
  });

  it('the queue moved while at the freeze step: processed → withdrawn; a younger oldest entry → waiting again', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const atFreeze = advanceExit(w, late).record;
    expect(atFreeze.step).toBe('freeze');
    // A batch processed entries 5..7 (ours among them), and someone froze on a later overdue entry.
    for (const frozen of [false, true]) {
      const out = advanceExit(atFreeze, { ...late, queueHead: 8n, queueTail: 9n, oldestQueuedAt: BigInt(T0 + 1), frozen });
      expect(out.record.step).toBe('withdrawn');
      expect(out.action).toEqual({ kind: 'done' });
    }
    // Entry 5 processed, 6 younger: freeze() would revert with DeadlineNotPassed.
    const younger = advanceExit(atFreeze, { ...late, queueHead: 6n, oldestQueuedAt: BigInt(T0 + 1000) });
    expect(younger.record.step).toBe('waiting');
    expect(younger.action).toMatchObject({ kind: 'wait', until: T0 + 1000 + Number(FORCED_DEADLINE) + 1 });
  });

  it('freezing: a batch paid us before a freeze on another entry → withdrawn, not an escape of 0', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const freezing = recordSent(advanceExit(w, late).record, 'freeze', H_FREEZE, T0 + 4000);
    const out = advanceExit(freezing, { ...late, now: T0 + 4012, queueHead: 8n, queueTail: 9n, oldestQueuedAt: BigInt(T0 + 300), frozen: true, receipts: receipts([H_FREEZE, ok()]) });
    expect(out.record.step).toBe('withdrawn');
  });

  it('freezing: a successful freeze receipt from a block after the head is no revert', () => {
    const w = waitingRecord();
    const late = facts({ now: T0 + 4000, queueHead: 5n, queueTail: 8n, oldestQueuedAt: BigInt(T0 - 100) });
    const freezing = recordSent(advanceExit(w, late).record, 'freeze', H_FREEZE, T0 + 4000);
    const out = advanceExit(freezing, { ...late, receipts: receipts([H_FREEZE, ok()]) });
    expect(out.record.step).toBe('freezing');
    expect(out.record.reverts).toBe(0);
    expect(out.action.kind).toBe('wait');
  });

  it('waiting: a request receipt newer than the head (the entry not in its queue, queuedAt reading 0) → wait, no freeze', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    const out = advanceExit(r, facts({ now: T0 + 10_000, queueHead: 7n, queueTail: 7n, requestQueuedAt: 0n, receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n))]) }));
    expect(out.record.step).toBe('waiting');
    expect(out.action.kind).toBe('wait');
  });

  it('escape: a head that does not prove the freeze never sends escape()', () => {
    const out = advanceExit(escapeRecord(), facts({ frozen: false, proof: STATE.proof(INDEX) }));
    expect(out.record.step).toBe('escape');
    expect(out.action.kind).toBe('wait');
  });

  it('a zero balance → failed, nothing sent', () => {
    const out = advanceExit(escapeRecord(5), facts({ frozen: true, proof: STATE.proof(5) }));
    expect(out.record.step).toBe('failed');
    expect(out.action).toEqual({ kind: 'done' });
  });

  it('a request receipt without our ForcedWithdrawalRequested → failed (another contract’s log, another account)', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    for (const log of [requestedLog(7n, 3n, OWNER, OTHER), requestedLog(7n, 4n)]) {
      const out = advanceExit(r, facts({ queueTail: 8n, receipts: receipts([H_REQUEST, ok(log)]) }));
      expect(out.record.step).toBe('failed');
      expect(out.action).toEqual({ kind: 'done' });
    }
    // The contract's address in the log in another case still matches.
    const lower = advanceExit(r, facts({ queueTail: 8n, receipts: receipts([H_REQUEST, ok(requestedLog(7n, 3n, OWNER, CONTRACT.toLowerCase()))]) }));
    expect(lower.record.step).toBe('waiting');
  });

  it('no double request across restarts: a recorded request hash with no receipt only waits', () => {
    const r = recordSent(start(), 'request', H_REQUEST, T0);
    for (let i = 0; i < 5; i++) {
      const out = advanceExit(r, facts({ now: T0 + 12 * i, queueTail: BigInt(i) }));
      expect(out.action.kind).toBe('wait');
      expect(out.record.request?.hash).toBe(H_REQUEST.toLowerCase());
    }
  });

  it('terminal steps are always done and unchanged', () => {
    const withdrawn = advanceExit(waitingRecord(), facts({ queueHead: 8n, queueTail: 8n })).record;
    const failed = advanceExit(start(), facts({ escaped: true })).record;
    const escaped = advanceExit(recordSent(escapeRecord(), 'escape', H_ESCAPE, T0, '1'), facts({ frozen: true, receipts: receipts([H_ESCAPE, ok()]) })).record;
    for (const r of [withdrawn, failed, escaped]) {
      expect(TERMINAL_STEPS.has(r.step)).toBe(true);
      for (const f of [facts(), facts({ frozen: true, proof: STATE.proof(INDEX) }), facts({ escaped: true, now: T0 + 1e6, receipts: receipts([H_REQUEST, REVERTED], [H_ESCAPE, REVERTED]) })]) {
        const out = advanceExit(r, f);
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

/** Random records reachable by the machine: indices 3 (2 ether), 4 (empty) and 5 (0 balance), all ours. */
const exitIndex = fc.constantFrom(INDEX, INDEX, 4, 5);

function proofOf(kind: ProofKind, index: number): AccountProof | undefined {
  switch (kind) {
    case 'none':
      return undefined;
    case 'good':
      return STATE.proof(index);
    case 'other-index':
      return STATE.proof(0);
    case 'empty':
      return STATE.proof(4);
    case 'stale':
      return STALE.proof(index);
    case 'lying': {
      const p = STATE.proof(index);
      return { ...p, leaf: { ...(p.leaf ?? mine), balance: (p.leaf?.balance ?? 0n) + 1n } };
    }
    case 'short':
      return { ...STATE.proof(index), siblings: STATE.proof(index).siblings.slice(1) };
  }
}

function materialize(r: ExitRecord, s: FactSpec, now: number): ExitFacts {
  const rs = new Map<string, ExitReceipt>();
  const put = (hashOf: string | undefined, kind: ReceiptKind, log: () => ExitReceipt['logs'][number]) => {
    if (hashOf === undefined || kind === 'none') return;
    rs.set(hashOf, kind === 'revert' ? REVERTED : kind === 'ok' ? ok(log()) : ok());
  };
  put(r.request?.hash, s.request, () => requestedLog(BigInt(s.logQueueIndex), BigInt(r.index)));
  put(r.freeze?.hash, s.freeze, () => ({ address: CONTRACT, topics: [hash(1)], data: '0x' }));
  put(r.escape?.hash, s.escape, () => escapedLog(BigInt(r.index), 2n * ETHER));
  const queueHead = BigInt(s.queueHead);
  const queueTail = queueHead + BigInt(s.queueLen);
  return {
    now,
    stateRoot: s.staleRoot ? STALE.root : ROOT,
    queueHead,
    queueTail,
    oldestQueuedAt: queueHead < queueTail ? BigInt(Math.max(0, now - s.oldestAge)) : null,
    requestQueuedAt: r.request?.queueIndex !== undefined && s.requestAge !== null ? BigInt(Math.max(0, now - s.requestAge)) : null,
    forcedDeadline: BigInt(s.forcedDeadline),
    frozen: s.frozen,
    escaped: s.escaped,
    receipts: rs,
    ...(s.proof !== 'none' ? { proof: proofOf(s.proof, r.index)! } : {}),
  };
}

interface Step {
  before: ExitRecord;
  facts: ExitFacts;
  out: { record: ExitRecord; action: ExitAction };
}

/** Drives the machine as the runner does (send → recordSent, unless the driver "crashes"). */
function drive(index: number, specs: FactSpec[]): Step[] {
  let r = start(index);
  let now = T0;
  let n = 0;
  const steps: Step[] = [];
  for (const s of specs) {
    now += s.dt;
    const f = materialize(r, s, now);
    const out = advanceExit(r, f);
    steps.push({ before: r, facts: f, out });
    if (out.action.kind !== 'send' || s.crash === 'kept') r = out.record;
    else if (s.crash === 'no') r = recordSent(out.record, out.action.tx, hash(++n), now, out.action.amount);
  }
  return steps;
}

const runs = fc.tuple(exitIndex, fc.array(factSpec, { minLength: 1, maxLength: 25 }));
const PROPERTY_RUNS = { numRuns: 150 };

describe('properties', () => {
  it('random fact sequences never throw, and advanceExit is idempotent on its own output', () => {
    fc.assert(
      fc.property(runs, ([index, specs]) => {
        for (const { facts: f, out } of drive(index, specs)) {
          expect(advanceExit(out.record, f)).toEqual(out);
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('an escape is sent only when frozen, with a proof of the record’s account and owner against facts.stateRoot', () => {
    fc.assert(
      fc.property(runs, ([index, specs]) => {
        for (const { before, facts: f, out } of drive(index, specs)) {
          if (out.action.kind !== 'send' || out.action.tx !== 'escape') continue;
          expect(f.frozen).toBe(true);
          expect(f.escaped).toBe(false);
          expect(f.proof).toBeDefined();
          const proven = verifyAccountProof(f.stateRoot, f.proof!);
          expect(proven.index).toBe(before.index);
          expect(proven.account?.owner).toBe(BigInt(before.owner));
          expect(proven.account!.balance > 0n).toBe(true);
          expect(out.action.data).toBe(viemEscape(before.index, proven.account!, f.proof!.siblings));
          expect(out.action.amount).toBe(proven.account!.balance.toString());
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('a request is sent only while none is recorded, or after the recorded one’s verified receipt reverted', () => {
    fc.assert(
      fc.property(runs, ([index, specs]) => {
        for (const { before, facts: f, out } of drive(index, specs)) {
          if (out.action.kind !== 'send' || out.action.tx !== 'request') continue;
          expect(f.frozen).toBe(false);
          if (before.request !== undefined) expect(f.receipts.get(before.request.hash)?.status).toBe('0x0');
          expect(out.action.data).toBe(encodeRequestForcedWithdrawal(before.index));
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('a freeze is sent only when the contract would accept it in a later block, and our request is still queued', () => {
    fc.assert(
      fc.property(runs, ([index, specs]) => {
        for (const { facts: f, out } of drive(index, specs)) {
          if (out.action.kind !== 'send' || out.action.tx !== 'freeze') continue;
          expect(f.frozen).toBe(false);
          expect(f.queueHead < f.queueTail).toBe(true);
          expect(f.oldestQueuedAt).not.toBeNull();
          expect(BigInt(f.now) > f.oldestQueuedAt! + f.forcedDeadline).toBe(true);
          expect(f.queueHead <= BigInt(out.record.request!.queueIndex!)).toBe(true);
          expect(BigInt(out.record.request!.queueIndex!) < f.queueTail).toBe(true);
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('history only grows, terminal steps stay put, and done means terminal', () => {
    fc.assert(
      fc.property(runs, ([index, specs]) => {
        for (const { before, out } of drive(index, specs)) {
          expect(out.record.history.slice(0, before.history.length)).toEqual(before.history);
          expect(out.record.history.at(-1)!.step).toBe(out.record.step);
          expect(out.record.reverts >= before.reverts).toBe(true);
          expect(out.record.reverts <= MAX_REVERTS).toBe(true);
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
      fc.property(factSpec, exitIndex, (s, index) => {
        const r = recordSent(start(index), 'request', H_REQUEST, T0);
        const out = advanceExit(r, materialize(r, { ...s, request: 'none' }, T0 + s.dt));
        expect(out.action.kind === 'send' && out.action.tx === 'request').toBe(false);
        if (out.action.kind !== 'send' && !TERMINAL_STEPS.has(out.record.step) && out.record.step !== 'escape') expect(out.record.request?.hash).toBe(H_REQUEST.toLowerCase());
      }),
      PROPERTY_RUNS,
    );
  });
});
