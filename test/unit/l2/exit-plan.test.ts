/**
 * The helpers every exit plan shares (src/l2/exit-plan.ts): the start checks, a revert counted
 * once with the one error code and the one limit, problems noted and cleared, a step settled over
 * passes, the L1 slots still to prove, and a signed transaction recorded (with the step it names).
 */
import { describe, expect, it } from 'vitest';
import type { ProvenL1Storage } from '../../../src/l2/adapter.ts';
import {
  EXIT_TX_REVERTED,
  exitLog,
  exitReverted,
  exitWait,
  followSent,
  heldSlot,
  MAX_EXIT_REVERTS,
  missingL1,
  moveExit,
  recordExitSent,
  settleExit,
  startExitRecord,
  withExitError,
  withoutExitError,
} from '../../../src/l2/exit-plan.ts';
import { storageKey } from '../../../src/l2/slots.ts';
import { errorCode } from '../proofs/helpers.ts';

const OWNER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const T0 = 1_800_000_000;
const record = () => startExitRecord({ kind: 'toy-v1', rollupChainId: 10, step: 'go' }, { owner: OWNER, amount: 5n, balance: 9n, now: T0 });

describe('startExitRecord', () => {
  it('a record in its first step, the owner in lower case, the amount in decimal', () => {
    expect(record()).toEqual({
      id: `toy-v1:10:${OWNER.toLowerCase()}:${T0}`,
      kind: 'toy-v1',
      rollupChainId: 10,
      owner: OWNER.toLowerCase(),
      amount: '5',
      step: 'go',
      sent: {},
      facts: {},
      reverts: 0,
      history: [{ step: 'go', at: T0 }],
      createdAt: T0,
      updatedAt: T0,
    });
  });

  it('refuses an owner that is no address, nothing to exit, more than the proven balance', () => {
    const start = (owner: string, amount: bigint) => () => startExitRecord({ kind: 'toy-v1', rollupChainId: 10, step: 'go' }, { owner, amount, balance: 9n, now: T0 });
    expect(errorCode(start('0x12', 1n))).toBe('INVALID_INPUT');
    expect(errorCode(start(OWNER, 0n))).toBe('INVALID_INPUT');
    expect(errorCode(start(OWNER, 10n))).toBe('INVALID_INPUT');
  });
});

describe('exitReverted', () => {
  it('forgets the transaction, counts the revert, goes back to retry with EXIT_TX_REVERTED; failed at MAX_EXIT_REVERTS', () => {
    let r = recordExitSent(record(), 'go', '0xaa', T0);
    for (let i = 1; i <= MAX_EXIT_REVERTS; i++) {
      r = exitReverted(r, { label: 'go', retry: 'go', what: 'go()', now: T0 + i });
      expect(r.sent).toEqual({});
      expect(r.reverts).toBe(i);
      expect(r.error?.code).toBe(EXIT_TX_REVERTED);
      expect(r.step).toBe(i < MAX_EXIT_REVERTS ? 'go' : 'failed');
      r = recordExitSent(r, 'go', '0xaa', T0 + i);
    }
    expect(r.history.at(-2)).toEqual({ step: 'failed', at: T0 + MAX_EXIT_REVERTS, note: `go() reverted ${MAX_EXIT_REVERTS} times` });
  });

  it('moves to another retry step with a note', () => {
    const r = exitReverted(moveExit(recordExitSent(record(), 'go', '0xaa', T0), 'sent', T0), { label: 'go', retry: 'go', what: 'go()', now: T0 + 1 });
    expect(r.step).toBe('go');
    expect(r.history.at(-1)).toEqual({ step: 'go', at: T0 + 1, note: 'go() reverted; trying again' });
    expect(r.error).toEqual({ code: EXIT_TX_REVERTED, message: 'go() reverted on L1' });
  });
});

describe('followSent', () => {
  const receipt = (status: string) => ({ status, logs: [], blockNumber: '0x7', blockHash: `0x${'07'.repeat(32)}` });
  const at = (status?: string) => ({ now: T0 + 1, receipts: new Map(status === undefined ? [] : [['0xaa', receipt(status)]]) });

  it('unsent, pending until a verified receipt, passed on status 1 in any spelling', () => {
    expect(followSent(record(), 'go', at('0x1'), { retry: 'go', what: 'go()' })).toEqual({ state: 'unsent' });
    const sent = recordExitSent(record(), 'go', '0xaa', T0);
    expect(followSent(sent, 'go', at(), { retry: 'go', what: 'go()' })).toEqual({ state: 'pending' });
    for (const ok of ['0x1', '0x01']) expect(followSent(sent, 'go', at(ok), { retry: 'go', what: 'go()' })).toEqual({ state: 'passed', receipt: receipt(ok) });
  });

  it('a revert is exitReverted: counted, forgotten, back to retry; a status that is not 1 never passes', () => {
    const sent = moveExit(recordExitSent(record(), 'go', '0xaa', T0), 'sent', T0);
    for (const bad of ['0x0', '0x', '0x10', '0x2']) {
      const out = followSent(sent, 'go', at(bad), { retry: 'go', what: 'go()' });
      expect(out).toEqual({ state: 'reverted', record: exitReverted(sent, { label: 'go', retry: 'go', what: 'go()', now: T0 + 1 }) });
    }
  });
});

describe('problems, waits and moves', () => {
  it('a problem noted once (the same record when it says so already), cleared on a move or on demand', () => {
    const r = withExitError(record(), 'X', 'x', T0 + 1);
    expect(r.error).toEqual({ code: 'X', message: 'x' });
    expect(r.updatedAt).toBe(T0 + 1);
    expect(withExitError(r, 'X', 'x', T0 + 2)).toBe(r);
    expect(moveExit(r, 'next', T0 + 3).error).toBeUndefined();
    expect(withoutExitError(r).error).toBeUndefined();
    const clean = record();
    expect(withoutExitError(clean)).toBe(clean);
  });

  it('a wait with and without a time', () => {
    const r = record();
    expect(exitWait(r, 'later')).toEqual({ record: r, action: { kind: 'wait', reason: 'later' } });
    expect(exitWait(r, 'later', 5)).toEqual({ record: r, action: { kind: 'wait', reason: 'later', until: 5 } });
  });

  it('settleExit runs a step until it names an action, and stops after eight passes', () => {
    let passes = 0;
    const out = settleExit(record(), (r) => (++passes < 3 ? { record: moveExit(r, `s${passes}`, T0) } : { record: r, action: { kind: 'done' } }));
    expect(out.record.step).toBe('s2');
    expect(out.action).toEqual({ kind: 'done' });
    expect(settleExit(record(), (r) => ({ record: r })).action).toEqual({ kind: 'wait', reason: 'settling' });
  });

  it('recordExitSent keeps the hash and time, and moves to the step the send named', () => {
    const r = recordExitSent(record(), 'go', '0xaa', T0 + 1, 'going');
    expect(r.step).toBe('going');
    expect(r.sent.go).toEqual({ hash: '0xaa', at: T0 + 1 });
    expect(r.history.at(-1)).toEqual({ step: 'going', at: T0 + 1, note: 'sent go 0xaa' });
    expect(recordExitSent(record(), 'go', '0xaa', T0 + 1).step).toBe('go');
  });
});

describe('proven L1 and logs', () => {
  const A = '0x' + 'aa'.repeat(20);
  const proven: ProvenL1Storage = { blockNumber: 1n, blockHash: '0x' + '11'.repeat(32), timestamp: 1n, accounts: new Map([[A, { codeHash: '0x' + '22'.repeat(32), storage: new Map([[storageKey({ slot: 1n }), 7n]]) }]]) };

  it('missingL1: only what is not proven, addresses in lower case, code when asked', () => {
    const upper = '0x' + 'AA'.repeat(20);
    expect(missingL1(proven, [{ address: upper, slots: [{ slot: 1n }] }])).toEqual([]);
    expect(missingL1(proven, [{ address: upper, slots: [{ slot: 1n }, { slot: 2n }], code: true }])).toEqual([{ address: A, slots: [{ slot: 2n }], code: true }]);
    expect(missingL1(proven, [{ address: '0x' + 'bb'.repeat(20), slots: [{ slot: 1n }] }])).toEqual([{ address: '0x' + 'bb'.repeat(20), slots: [{ slot: 1n }] }]);
    expect(heldSlot(proven, upper, { slot: 1n })).toBe(7n);
    expect(heldSlot(proven, A, { slot: 2n })).toBeUndefined();
    expect(heldSlot(undefined, A, { slot: 1n })).toBeUndefined();
  });

  it('exitLog finds a log of an address and topic in any case', () => {
    const receipt = { status: '0x1', blockNumber: '0x1', logs: [{ address: '0x' + 'AA'.repeat(20), topics: ['0xABCD'], data: '0x' }] };
    expect(exitLog(receipt, A, '0xabcd')).toBe(receipt.logs[0]);
    expect(exitLog(receipt, A, '0xabce')).toBeUndefined();
  });
});
