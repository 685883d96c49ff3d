/**
 * `vigil exit --state <file>`: the exit kept between runs. A file holds one exit: its
 * {@link ExitPlanRecord} (the record every rollup's plan reads), the rollup it leaves, and the
 * bytes last signed (sent again while no verified receipt shows them). It is written atomically
 * (a new 0600 file beside it, synced, renamed over the old one) before anything is broadcast: a
 * run killed anywhere leaves either the old exit or the new one, never half of one.
 *
 * Files of the format before ExitPlan (`"kind": "vigil-exit"`, the devnet rollup's ExitRecord)
 * are read and converted ({@link fromOldState}): the same exit, resumed where it was.
 * @module
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { abandonedExit, type ExitPlanRecord, type ExitTxSent, type KeptReceipt } from '../../l2/exit-plan.ts';
import { devnetExitPlanRecord, type OldDevnetExit } from '../../storage/exits.ts';

export const PLAN_STATE_KIND = 'vigil-exit-plan';
/** The devnet rollup's state files before ExitPlan. */
export const OLD_STATE_KIND = 'vigil-exit';

/** A signed L1 transaction: its hash and EIP-2718 bytes (0x-hex). */
export interface SignedBytes {
  hash: string;
  raw: string;
}

export interface PlanStateFile {
  kind: typeof PLAN_STATE_KIND;
  /** The rollup the exit leaves: a resumed run must be given the same. */
  rollup: { kind: string; chainId: number; name: string };
  record: ExitPlanRecord;
  /** The bytes last signed, saved before they were broadcast. */
  signed?: SignedBytes;
  /** When (ms) the user abandoned the exit (`vigil exit --abandon`): kept as it was, never resumed. */
  abandonedAt?: number;
}

export interface OldStateFile {
  kind: typeof OLD_STATE_KIND;
  record: OldDevnetExit;
  /** Signed bytes by transaction hash. */
  raw: Record<string, string>;
}

/** Bounds on what a state file may hold (one exit: a few KiB; Arbitrum keeps a proof of ~30 nodes). */
const MAX_STATE_BYTES = 1 << 20;

/**
 * The exit kept in `path`, or undefined when there is no such file yet.
 * @throws InputError for a file that cannot be read or holds no exit of either format.
 */
export function readStateFile(path: string): PlanStateFile | OldStateFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read the state file ${path}: ${(err as Error).message}`);
  }
  if (text.length > MAX_STATE_BYTES) throw new InputError(`the state file ${path} is larger than ${MAX_STATE_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InputError(`the state file ${path} is not JSON`);
  }
  if (isObject(json) && json.kind === OLD_STATE_KIND) return oldState(json, path);
  if (!isObject(json) || json.kind !== PLAN_STATE_KIND) throw new InputError(`the state file ${path} is not a vigil exit`);
  const rollup = json.rollup;
  if (!isObject(rollup) || typeof rollup.kind !== 'string' || !Number.isSafeInteger(rollup.chainId) || typeof rollup.name !== 'string') {
    throw new InputError(`the state file ${path} names no rollup ({kind, chainId, name})`);
  }
  const state: PlanStateFile = {
    kind: PLAN_STATE_KIND,
    rollup: { kind: rollup.kind, chainId: rollup.chainId as number, name: rollup.name },
    record: planRecord(json.record, path),
  };
  if (json.signed !== undefined) state.signed = signedBytes(json.signed, `the state file ${path}: "signed"`);
  if (json.abandonedAt !== undefined) {
    if (!Number.isSafeInteger(json.abandonedAt)) throw new InputError(`the state file ${path}: "abandonedAt" expected a time in ms`);
    state.abandonedAt = json.abandonedAt as number;
  }
  return state;
}

/**
 * The exit kept in `path` abandoned by the user at `now` (ms): the file keeps it with its history
 * (a last entry says so) and is never resumed; a new exit starts with another --state file.
 * @throws InputError for no file, a file of the format before exit plans (run it once first), an
 *   exit that has ended (`terminal`: its plan's terminal steps) or was abandoned already.
 */
export function abandonStateFile(path: string, now: number, terminal: (state: PlanStateFile) => boolean): PlanStateFile {
  const read = readStateFile(path);
  if (read === undefined) throw new InputError(`there is no state file ${path}: no exit to abandon`);
  if (read.kind === OLD_STATE_KIND) throw new InputError(`the state file ${path} is of the format before exit plans: run vigil exit with it once (it is converted), then abandon it`);
  if (read.abandonedAt !== undefined) throw new InputError(`the exit in ${path} was abandoned already`);
  if (terminal(read)) throw new InputError(`the exit in ${path} has ended (${read.record.step}): there is nothing to abandon`);
  const state: PlanStateFile = { ...read, record: abandonedExit(read.record, Math.floor(now / 1000)), abandonedAt: now };
  writeStateFile(path, state);
  return state;
}

/**
 * A devnet exit of the format before ExitPlan as the devnet plan's record, as the wallet's
 * database moves its rows (src/storage/exits.ts): the bytes saved with the transaction sent last
 * become `signed`.
 */
export function fromOldState(old: OldStateFile, rollup: PlanStateFile['rollup']): PlanStateFile {
  const { record, last } = devnetExitPlanRecord(old.record, rollup.kind);
  const raw = last === undefined ? undefined : old.raw[last.hash];
  return { kind: PLAN_STATE_KIND, rollup, record, ...(last !== undefined && raw !== undefined ? { signed: { hash: last.hash, raw: raw.toLowerCase() } } : {}) };
}

/** Writes the state file atomically: a new 0600 file beside it, synced, renamed over the old one. */
export function writeStateFile(path: string, state: PlanStateFile | OldStateFile): void {
  const tmp = join(dirname(path), `.${path.split('/').at(-1)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, 'w', 0o600);
  } catch (err) {
    throw new InputError(`cannot write the state file beside ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    writeSync(fd, JSON.stringify(state) + '\n');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

const HEX32 = /^0x[0-9a-f]{64}$/;

function signedBytes(value: unknown, where: string): SignedBytes {
  if (!isObject(value) || typeof value.hash !== 'string' || !HEX32.test(value.hash) || typeof value.raw !== 'string' || !/^0x[0-9a-f]+$/.test(value.raw)) {
    throw new InputError(`${where} expected {hash, raw} as lower-case 0x-hex`);
  }
  return { hash: value.hash, raw: value.raw };
}

/** An ExitPlanRecord read strictly: every field of its type, of its type. */
function planRecord(value: unknown, path: string): ExitPlanRecord {
  const bad = (field: string) => new InputError(`the state file ${path} holds no exit record ("record.${field}")`);
  if (!isObject(value)) throw bad('');
  const r = value;
  for (const f of ['id', 'kind', 'owner', 'amount', 'step'] as const) if (typeof r[f] !== 'string') throw bad(f);
  for (const f of ['rollupChainId', 'reverts', 'createdAt', 'updatedAt'] as const) if (!Number.isSafeInteger(r[f])) throw bad(f);
  if (!/^0x[0-9a-f]{40}$/.test(r.owner as string)) throw bad('owner');
  if (!/^[0-9]{1,78}$/.test(r.amount as string)) throw bad('amount');
  if (!isObject(r.sent)) throw bad('sent');
  const sent: Record<string, ExitTxSent> = {};
  for (const [label, s] of Object.entries(r.sent)) {
    if (!isObject(s) || typeof s.hash !== 'string' || !HEX32.test(s.hash) || !Number.isSafeInteger(s.at) || (s.nonce !== undefined && !Number.isSafeInteger(s.nonce))) throw bad(`sent.${label}`);
    if (s.block !== undefined && (typeof s.block !== 'string' || !/^[0-9]{1,20}$/.test(s.block))) throw bad(`sent.${label}.block`);
    if (s.replaced !== undefined && (!Array.isArray(s.replaced) || s.replaced.length > 64 || !s.replaced.every((h) => typeof h === 'string' && HEX32.test(h)))) throw bad(`sent.${label}.replaced`);
    sent[label] = {
      hash: s.hash,
      at: s.at as number,
      ...(s.nonce !== undefined ? { nonce: s.nonce as number } : {}),
      ...(s.block !== undefined ? { block: s.block as string } : {}),
      ...(s.replaced !== undefined ? { replaced: s.replaced as string[] } : {}),
    };
  }
  const receipts = r.receipts === undefined ? undefined : keptReceipts(r.receipts, bad);
  if (!isObject(r.facts) || !Object.values(r.facts).every((v) => typeof v === 'string')) throw bad('facts');
  if (!Array.isArray(r.history)) throw bad('history');
  const history = r.history.map((h, i) => {
    if (!isObject(h) || typeof h.step !== 'string' || !Number.isSafeInteger(h.at) || (h.note !== undefined && typeof h.note !== 'string')) throw bad(`history[${i}]`);
    return { step: h.step, at: h.at as number, ...(h.note !== undefined ? { note: h.note as string } : {}) };
  });
  let error: ExitPlanRecord['error'];
  if (r.error !== undefined) {
    if (!isObject(r.error) || typeof r.error.code !== 'string' || typeof r.error.message !== 'string') throw bad('error');
    error = { code: r.error.code, message: r.error.message };
  }
  return {
    id: r.id as string,
    kind: r.kind as string,
    rollupChainId: r.rollupChainId as number,
    owner: r.owner as string,
    amount: r.amount as string,
    step: r.step as string,
    sent,
    facts: { ...(r.facts as Record<string, string>) },
    ...(error !== undefined ? { error } : {}),
    reverts: r.reverts as number,
    history,
    ...(receipts !== undefined ? { receipts } : {}),
    createdAt: r.createdAt as number,
    updatedAt: r.updatedAt as number,
  };
}

/** The receipts an exit kept (a final one is read from here, never proven again), read as strictly. */
function keptReceipts(value: unknown, bad: (field: string) => InputError): Record<string, KeptReceipt> {
  if (!isObject(value)) throw bad('receipts');
  const out: Record<string, KeptReceipt> = {};
  for (const [hash, k] of Object.entries(value)) {
    const where = `receipts.${hash.slice(0, 70)}`;
    if (!HEX32.test(hash) || !isObject(k) || typeof k.status !== 'string' || typeof k.blockNumber !== 'string' || typeof k.final !== 'boolean' || !Array.isArray(k.logs)) throw bad(where);
    if (k.blockHash !== undefined && typeof k.blockHash !== 'string') throw bad(where);
    const logs = k.logs.map((l) => {
      if (!isObject(l) || typeof l.address !== 'string' || !Array.isArray(l.topics) || !l.topics.every((t) => typeof t === 'string') || typeof l.data !== 'string' || (l.logIndex !== undefined && typeof l.logIndex !== 'string')) throw bad(where);
      return { address: l.address, topics: [...(l.topics as string[])], data: l.data, ...(l.logIndex !== undefined ? { logIndex: l.logIndex as string } : {}) };
    });
    out[hash] = { status: k.status, blockNumber: k.blockNumber, ...(k.blockHash !== undefined ? { blockHash: k.blockHash as string } : {}), logs, final: k.final };
  }
  return out;
}

/** A file of the format before ExitPlan, read as strictly as the new one. */
function oldState(json: Record<string, unknown>, path: string): OldStateFile {
  if (!isObject(json.record) || !isObject(json.raw)) throw new InputError(`the state file ${path} is not a vigil exit`);
  const bad = (field: string) => new InputError(`the state file ${path} holds no exit record ("record.${field}")`);
  const r = json.record;
  for (const f of ['contract', 'owner', 'step', 'startBalance'] as const) if (typeof r[f] !== 'string') throw bad(f);
  for (const f of ['rollupChainId', 'index', 'reverts', 'createdAt', 'updatedAt'] as const) if (!Number.isSafeInteger(r[f])) throw bad(f);
  if (!/^0x[0-9a-fA-F]{40}$/.test(r.owner as string)) throw bad('owner');
  if (!/^0x[0-9a-fA-F]{40}$/.test(r.contract as string)) throw bad('contract');
  if (!/^[0-9]{1,78}$/.test(r.startBalance as string)) throw bad('startBalance');
  const sent = (label: 'request' | 'freeze' | 'escape') => {
    const tx = r[label];
    if (tx === undefined) return undefined;
    if (!isObject(tx) || typeof tx.hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(tx.hash) || !Number.isSafeInteger(tx.at)) throw bad(label);
    return { hash: tx.hash, at: tx.at as number };
  };
  const request = sent('request');
  const queue = isObject(r.request) ? r.request : {};
  if (queue.queueIndex !== undefined && (typeof queue.queueIndex !== 'string' || !/^[0-9]{1,78}$/.test(queue.queueIndex))) throw bad('request.queueIndex');
  if (queue.queuedAt !== undefined && !Number.isSafeInteger(queue.queuedAt)) throw bad('request.queuedAt');
  const escape = sent('escape');
  const escapeAmount = isObject(r.escape) ? r.escape.amount : undefined;
  if (escapeAmount !== undefined && (typeof escapeAmount !== 'string' || !/^[0-9]{1,78}$/.test(escapeAmount))) throw bad('escape.amount');
  const freeze = sent('freeze');
  if (r.deadline !== undefined && !Number.isSafeInteger(r.deadline)) throw bad('deadline');
  if (r.error !== undefined && (!isObject(r.error) || typeof r.error.code !== 'string' || typeof r.error.message !== 'string')) throw bad('error');
  if (!Array.isArray(r.history)) throw bad('history');
  const history = r.history.map((h, i) => {
    if (!isObject(h) || typeof h.step !== 'string' || !Number.isSafeInteger(h.at) || (h.note !== undefined && typeof h.note !== 'string')) throw bad(`history[${i}]`);
    return { step: h.step, at: h.at as number, ...(h.note !== undefined ? { note: h.note as string } : {}) };
  });
  const record: OldDevnetExit = {
    rollupChainId: r.rollupChainId as number,
    contract: (r.contract as string).toLowerCase(),
    index: r.index as number,
    owner: (r.owner as string).toLowerCase(),
    step: r.step as string,
    startBalance: r.startBalance as string,
    ...(request !== undefined ? { request: { ...request, ...(queue.queueIndex !== undefined ? { queueIndex: queue.queueIndex as string } : {}), ...(queue.queuedAt !== undefined ? { queuedAt: queue.queuedAt as number } : {}) } } : {}),
    ...(freeze !== undefined ? { freeze } : {}),
    ...(escape !== undefined ? { escape: { ...escape, ...(escapeAmount !== undefined ? { amount: escapeAmount as string } : {}) } } : {}),
    ...(r.deadline !== undefined ? { deadline: r.deadline as number } : {}),
    ...(r.error !== undefined ? { error: { code: (r.error as { code: string }).code, message: (r.error as { message: string }).message } } : {}),
    reverts: r.reverts as number,
    history,
    createdAt: r.createdAt as number,
    updatedAt: r.updatedAt as number,
  };
  const raw: Record<string, string> = {};
  for (const [k, v] of Object.entries(json.raw)) {
    if (!/^0x[0-9a-fA-F]{64}$/.test(k) || typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v)) throw bad(`raw.${k.slice(0, 70)}`);
    raw[k.toLowerCase()] = v;
  }
  return { kind: OLD_STATE_KIND, record, raw };
}
