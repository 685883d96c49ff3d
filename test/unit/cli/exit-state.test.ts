/**
 * `vigil exit --state` (src/cli/commands/exit-state.ts): a state file of the format before exit
 * plans (the devnet rollup's ExitRecord, as the CLI of then wrote it) is read strictly and becomes
 * the devnet plan's record, which the plan resumes where it was; the new format round-trips,
 * written atomically; malformed files are refused naming the field.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCommand } from '../../../src/cli/commands/exit.ts';
import { fromOldState, type OldStateFile, type PlanStateFile, readStateFile, writeStateFile } from '../../../src/cli/commands/exit-state.ts';
import { bigIntToHex } from '../../../src/core/bytes.ts';
import type { ExitInputs } from '../../../src/l2/exit-plan.ts';
import { storageKey } from '../../../src/l2/slots.ts';
import { PHALA } from '../../../src/l2/op-succinct/networks.ts';
import { FORCED_WITHDRAWAL_REQUESTED_TOPIC } from '../../../src/l2/vigil-zk/abi.ts';
import { ROLLUP_SLOTS, type VigilZkConfig } from '../../../src/l2/vigil-zk/config.ts';
import { encodeFreeze, vigilZkExitPlan } from '../../../src/l2/vigil-zk/exit.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-exit-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTRACT = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const OWNER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const REQUEST = '0x' + 'ab'.repeat(32);
const RAW = '0x02f8b0820539018459682f00';
const CONFIG = { kind: 'vigil-zk-v1', name: 'Vigil ZK devnet', chainId: 424242, contract: CONTRACT, depth: 6, batchSize: 4 } as unknown as VigilZkConfig;
const ROLLUP = { kind: 'vigil-zk-v1', chainId: 424242, name: 'Vigil ZK devnet' };

/** An exit waiting for the forced deadline, as `vigil exit` before exit plans wrote its --state file. */
const OLD_WAITING = {
  kind: 'vigil-exit',
  record: {
    id: '424242:3',
    rollupChainId: 424242,
    contract: CONTRACT,
    index: 3,
    owner: OWNER,
    step: 'waiting',
    startBalance: '2000000000000000000',
    request: { hash: REQUEST, at: 1_700_000_012, queueIndex: '7', queuedAt: 1_700_000_024 },
    deadline: 1_700_003_624,
    reverts: 0,
    history: [
      { step: 'request', at: 1_700_000_000 },
      { step: 'requesting', at: 1_700_000_012 },
      { step: 'waiting', at: 1_700_000_024 },
    ],
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_024,
  },
  raw: { [REQUEST]: RAW },
};

/** The old file written as the old CLI wrote it (one JSON line) and read back. */
function oldFile(content: unknown, name: string): OldStateFile {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content) + '\n');
  const read = readStateFile(path);
  if (read?.kind !== 'vigil-exit') throw new Error(`read as ${read?.kind}`);
  return read;
}

/** L1 at a head: the rollup's slots as the plan asks for them. */
function inputs(now: number, slots: Partial<Record<keyof typeof ROLLUP_SLOTS, bigint>>, more: [string, bigint][] = []): ExitInputs {
  const storage = new Map<string, bigint>([[storageKey({ mapping: ROLLUP_SLOTS.escaped, key: 3n }), 0n], ...more]);
  for (const [name, slot] of Object.entries(ROLLUP_SLOTS)) storage.set(storageKey({ slot }), slots[name as keyof typeof ROLLUP_SLOTS] ?? 0n);
  return {
    head: { blockNumber: 500n, blockHash: '0x' + '11'.repeat(32), timestamp: BigInt(now) },
    now,
    l1: { blockNumber: 500n, blockHash: '0x' + '11'.repeat(32), timestamp: BigInt(now), accounts: new Map([[CONTRACT, { codeHash: '0x' + '00'.repeat(32), storage }]]) },
    // The request's verified receipt, as the runner brings it: ForcedWithdrawalRequested(7, 3, owner).
    receipts: new Map([[REQUEST, { status: '0x1', blockNumber: '0x10', logs: [{ address: CONTRACT, topics: [FORCED_WITHDRAWAL_REQUESTED_TOPIC, bigIntToHex(7n), bigIntToHex(3n), '0x' + OWNER.slice(2).padStart(64, '0')], data: '0x' }] }]]),
    l2: new Map(),
    signedL2: new Map(),
  };
}

describe('vigil exit: state files', () => {
  it('reads a file of the format before exit plans and converts it to the devnet plan’s record', () => {
    const converted = fromOldState(oldFile(OLD_WAITING, 'waiting.json'), ROLLUP);
    expect(converted).toEqual<PlanStateFile>({
      kind: 'vigil-exit-plan',
      rollup: ROLLUP,
      record: {
        id: `vigil-zk-v1:424242:${OWNER}:1700000000`,
        kind: 'vigil-zk-v1',
        rollupChainId: 424242,
        owner: OWNER,
        amount: '2000000000000000000',
        step: 'waiting',
        sent: { request: { hash: REQUEST, at: 1_700_000_012 } },
        facts: { index: '3', contract: CONTRACT, queueIndex: '7', queuedAt: '1700000024', deadline: '1700003624' },
        reverts: 0,
        history: OLD_WAITING.record.history,
        createdAt: 1_700_000_000,
        updatedAt: 1_700_000_024,
      },
      signed: { hash: REQUEST, raw: RAW },
    });
  });

  it('the devnet plan resumes a converted exit where it was: the deadline passed, it freezes', () => {
    const { record } = fromOldState(oldFile(OLD_WAITING, 'resume.json'), ROLLUP);
    const queuedAt = storageKey({ mapping: ROLLUP_SLOTS.queuedAt, key: 7n });
    const at = inputs(1_700_003_700, { stateRoot: 5n, batchCount: 9n, queueHead: 7n, queueTail: 8n, forcedDeadline: 3600n }, [[queuedAt, 1_700_000_024n]]);
    const out = vigilZkExitPlan.advance(CONFIG, record, at);
    expect(out.action).toMatchObject({ kind: 'send', label: 'freeze', to: CONTRACT, data: encodeFreeze() });
    expect(out.record.step).toBe('freeze');
    expect(out.record.sent.request!.hash).toBe(REQUEST);
    // Before the deadline: the same wait as before, with its time.
    const early = vigilZkExitPlan.advance(CONFIG, record, inputs(1_700_000_100, { stateRoot: 5n, batchCount: 9n, queueHead: 7n, queueTail: 8n, forcedDeadline: 3600n }, [[queuedAt, 1_700_000_024n]]));
    expect(early.action).toMatchObject({ kind: 'wait', until: 1_700_003_625 });
  });

  it('converts an escape under way (its amount, its bytes) and an ended one (what was recovered)', () => {
    const ESCAPE = '0x' + 'ee'.repeat(32);
    const FREEZE = '0x' + 'ff'.repeat(32);
    const escaping = {
      ...OLD_WAITING,
      record: { ...OLD_WAITING.record, step: 'escaping', freeze: { hash: FREEZE, at: 1_700_004_000 }, escape: { hash: ESCAPE, at: 1_700_004_100, amount: '1999' }, error: { code: 'EXIT_TX_REVERTED', message: 'freeze() reverted on L1' }, reverts: 1 },
      raw: { [REQUEST]: RAW, [FREEZE]: '0x02aa', [ESCAPE]: '0x02bb' },
    };
    const under = fromOldState(oldFile(escaping, 'escaping.json'), ROLLUP);
    expect(under.record.sent).toEqual({ request: { hash: REQUEST, at: 1_700_000_012 }, freeze: { hash: FREEZE, at: 1_700_004_000 }, escape: { hash: ESCAPE, at: 1_700_004_100 } });
    expect(under.record.facts.escapeAmount).toBe('1999');
    expect(under.record.facts.recovered).toBeUndefined();
    expect(under.record.error).toEqual({ code: 'EXIT_TX_REVERTED', message: 'freeze() reverted on L1' });
    expect(under.record.reverts).toBe(1);
    expect(under.signed).toEqual({ hash: ESCAPE, raw: '0x02bb' });
    const ended = fromOldState(oldFile({ ...escaping, record: { ...escaping.record, step: 'escaped' } }, 'escaped.json'), ROLLUP);
    expect(ended.record.facts.recovered).toBe('1999');
    expect(vigilZkExitPlan.terminal.has(ended.record.step)).toBe(true);
  });

  it('refuses an old file with a field of the wrong kind, naming it', () => {
    const bad = (change: (r: Record<string, any>) => void, field: string) => {
      const copy = structuredClone(OLD_WAITING) as { record: Record<string, any> };
      change(copy.record);
      const path = join(dir, `bad-${field}.json`);
      writeFileSync(path, JSON.stringify(copy));
      expect(() => readStateFile(path)).toThrow(field);
    };
    bad((r) => (r.owner = 'alice'), 'record.owner');
    bad((r) => (r.index = '3'), 'record.index');
    bad((r) => (r.request.hash = '0x12'), 'record.request');
    bad((r) => (r.request.queueIndex = 7), 'record.request.queueIndex');
    bad((r) => (r.startBalance = '-1'), 'record.startBalance');
    bad((r) => r.history.push({ step: 3 }), 'record.history[3]');
  });

  it('writes the new format atomically and reads it back as it was; refuses one that is not an exit', () => {
    const path = join(dir, 'plan.json');
    const state = fromOldState(oldFile(OLD_WAITING, 'again.json'), ROLLUP);
    writeStateFile(path, state);
    expect(readStateFile(path)).toEqual(state);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(readStateFile(join(dir, 'none.json'))).toBeUndefined();
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ kind: 'something' }));
    expect(() => readStateFile(join(dir, 'other.json'))).toThrow('is not a vigil exit');
    writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...state, record: { ...state.record, amount: 12 } }));
    expect(() => readStateFile(join(dir, 'broken.json'))).toThrow('record.amount');
    writeFileSync(join(dir, 'signed.json'), JSON.stringify({ ...state, signed: { hash: bigIntToHex(5n), raw: RAW } }));
    expect(() => readStateFile(join(dir, 'signed.json'))).toThrow('"signed"');
    expect(existsSync(path)).toBe(true);
  });

  it('vigil exit --abandon: the exit kept as it was, a last history entry saying so; never resumed, nor abandoned twice; nothing else taken', async () => {
    const path = join(dir, 'abandon.json');
    const state = fromOldState(oldFile(OLD_WAITING, 'abandon-old.json'), ROLLUP);
    writeStateFile(path, state);
    const lines: string[] = [];
    const before = Date.now();
    expect(await exitCommand(['--abandon', '--state', path], (l) => lines.push(l))).toBe(0);
    const read = readStateFile(path) as PlanStateFile;
    expect(read.abandonedAt).toBeGreaterThanOrEqual(before);
    expect(read.record.step).toBe('waiting');
    expect(read.record.history.slice(0, -1)).toEqual(state.record.history);
    expect(read.record.history.at(-1)).toEqual({ step: 'waiting', at: Math.floor(read.abandonedAt! / 1000), note: 'abandoned by the user: never moved again' });
    expect(read.signed).toEqual(state.signed);
    expect(JSON.parse(lines[0]!)).toEqual({ step: 'waiting', action: 'abandon', at: Math.floor(read.abandonedAt! / 1000), owner: OWNER, amount: '2000000000000000000', rollup: 'Vigil ZK devnet', txs: { request: REQUEST } });
    await expect(exitCommand(['--abandon', '--state', path], () => {})).rejects.toThrow('abandoned already');
    // A run with that file refuses before anything else is read.
    await expect(exitCommand(['--rollup-config', 'op-mainnet', '--vault', join(dir, 'no-vault.json'), '--state', path, OWNER], () => {})).rejects.toThrow('never resumed');
    // --abandon takes --state only; an exit that ended has nothing to abandon; an old-format file is converted first.
    await expect(exitCommand(['--abandon', '--state', path, '--amount', '1'], () => {})).rejects.toThrow('--abandon takes --state only');
    const ended = join(dir, 'ended.json');
    writeStateFile(ended, { ...state, record: { ...state.record, step: 'escaped' } });
    await expect(exitCommand(['--abandon', '--state', ended], () => {})).rejects.toThrow('has ended');
    const old = join(dir, 'old-abandon.json');
    writeFileSync(old, JSON.stringify(OLD_WAITING));
    await expect(exitCommand(['--abandon', '--state', old], () => {})).rejects.toThrow('run vigil exit with it once');
  });

  it('keeps what the runner kept across runs: each sent transaction’s nonce, the block it was signed at and those it replaced, and the receipts it proved (a final one is never proven again)', () => {
    const path = join(dir, 'kept.json');
    const state = fromOldState(oldFile(OLD_WAITING, 'kept-old.json'), ROLLUP);
    const receipt = { status: '0x1', blockNumber: '0x10', blockHash: '0x' + '5b'.repeat(32), logs: [{ address: CONTRACT, topics: [FORCED_WITHDRAWAL_REQUESTED_TOPIC], data: '0x', logIndex: '0x2' }], final: true };
    const kept: PlanStateFile = { ...state, record: { ...state.record, sent: { request: { ...state.record.sent.request!, nonce: 41, block: '1234', replaced: ['0x' + '7e'.repeat(32)] } }, receipts: { [REQUEST]: receipt } } };
    writeStateFile(path, kept);
    expect(readStateFile(path)).toEqual(kept);
    writeFileSync(path, JSON.stringify({ ...kept, record: { ...kept.record, receipts: { [REQUEST]: { ...receipt, final: 'yes' } } } }));
    expect(() => readStateFile(path)).toThrow('record.receipts.');
    writeFileSync(path, JSON.stringify({ ...kept, record: { ...kept.record, sent: { request: { ...kept.record.sent.request, nonce: '41' } } } }));
    expect(() => readStateFile(path)).toThrow('record.sent.request');
    writeFileSync(path, JSON.stringify({ ...kept, record: { ...kept.record, sent: { request: { ...kept.record.sent.request, block: 1234 } } } }));
    expect(() => readStateFile(path)).toThrow('record.sent.request.block');
    writeFileSync(path, JSON.stringify({ ...kept, record: { ...kept.record, sent: { request: { ...kept.record.sent.request, replaced: ['0x12'] } } } }));
    expect(() => readStateFile(path)).toThrow('record.sent.request.replaced');
  });
});

describe('vigil exit on a rollup Vigil has no forced-exit plan for', () => {
  it.each([
    // Phala's portal is upstream OP's: the kind's plan speaks Mantle's alone, and Phala's config names no portal.
    ['phala', /Phala's config names no portal whose bridge Vigil speaks/],
    ['taiko', /forced-inclusion queue \(taikoxyz\/taiko-mono b9c5bb2a/],
  ])('%s: EXIT_NOT_AVAILABLE, naming the route its contracts offer and why Vigil does not take it, before reading anything else', async (name, route) => {
    const config = name === 'phala' ? join(dir, 'phala-config.json') : name;
    if (name === 'phala') writeFileSync(config, JSON.stringify(PHALA));
    const error = await Promise.resolve()
      .then(() => exitCommand(['--rollup-config', config, '--state', join(dir, `${name}.json`), '--vault', join(dir, 'none.json')], () => {}))
      .catch((e) => e);
    expect(error).toMatchObject({ code: 'EXIT_NOT_AVAILABLE' });
    expect(String(error.message)).toMatch(route);
  });
});
