/**
 * Drives a forced exit (src/l2/vigil-zk/exit-legacy.ts) from verified L1 heads: proves the rollup
 * contract's exit slots at the head, fetches the verified receipts of what the exit sent, gets the
 * account's proof when the escape needs it, and performs the one action the state machine names.
 * A transaction is signed, its hash saved with the record, and only then broadcast: a restart
 * anywhere sends the same bytes again or waits for their receipt, never signs a second request.
 * Shared by `vigil exit` and the extension.
 * @module
 */
import { ROLLUP_SLOTS } from '../l2/vigil-zk/config.ts';
import { type ExitAction, type ExitFacts, type ExitReceipt, type ExitRecord, advanceExit, recordSent, TERMINAL_STEPS } from '../l2/vigil-zk/exit-legacy.ts';
import type { AccountProof } from '../l2/vigil-zk/tree.ts';
import { storageKey } from '../l2/slots.ts';
import type { L1HeadRef } from './rollup-follower.ts';

export interface ExitRunnerDeps {
  /** eth_getProof of the contract's `keys` at `head`, verified: slot (32-byte hex) → value. */
  readStorage(head: L1HeadRef, address: string, keys: string[]): Promise<Map<string, bigint>>;
  /** A verified receipt, or null while the transaction is in no verified block. */
  receipt(hash: string): Promise<ExitReceipt | null>;
  /** The account's proof against `root` (the L2 RPC's, or rebuilt from L1 calldata); checked by the machine. */
  accountProof(index: number, root: bigint): Promise<AccountProof>;
  /** Signs an L1 transaction from the exit's owner under the signing policy (nothing broadcast). */
  sign(tx: { from: string; to: string; data: string; kind: 'request' | 'freeze' | 'escape' }, head: L1HeadRef): Promise<{ hash: string; raw: string }>;
  /** Broadcasts signed bytes (again, after a restart: the same bytes). */
  broadcast(raw: string): Promise<void>;
  /** Persists the record (before any broadcast). */
  save(record: ExitRecord, raw?: string): Promise<void>;
}

export interface ExitTick {
  record: ExitRecord;
  action: ExitAction;
  /** What was sent in this tick, if anything. */
  sent?: { tx: 'request' | 'freeze' | 'escape'; hash: string };
}

const key = (slot: bigint) => storageKey({ slot });
const entry = (mapping: bigint, k: bigint) => storageKey({ mapping, key: k });

/** What the exit needs proven at `head` (without the account proof). */
export async function readExitFacts(deps: Pick<ExitRunnerDeps, 'readStorage' | 'receipt'>, record: ExitRecord, head: L1HeadRef): Promise<ExitFacts> {
  const S = ROLLUP_SLOTS;
  const fixed = [S.stateRoot, S.queueHead, S.queueTail, S.frozen, S.forcedDeadline].map(key);
  const queueIndex = record.request?.queueIndex !== undefined ? BigInt(record.request.queueIndex) : undefined;
  const first = [...fixed, entry(S.escaped, BigInt(record.index)), ...(queueIndex !== undefined ? [entry(S.queuedAt, queueIndex)] : [])];
  const values = await deps.readStorage(head, record.contract, first);
  const get = (k: string) => {
    const v = values.get(k);
    if (v === undefined) throw new Error(`slot ${k} was not proven`);
    return v;
  };
  const queueHead = get(key(S.queueHead));
  const queueTail = get(key(S.queueTail));
  let oldestQueuedAt: bigint | null = null;
  if (queueHead < queueTail) {
    const k = entry(S.queuedAt, queueHead);
    oldestQueuedAt = values.get(k) ?? (await deps.readStorage(head, record.contract, [k])).get(k) ?? null;
  }
  const hashes = [record.request?.hash, record.freeze?.hash, record.escape?.hash].filter((h): h is string => typeof h === 'string' && h.length === 66);
  const receipts = new Map<string, ExitReceipt>();
  for (const hash of hashes) {
    const r = await deps.receipt(hash);
    if (r !== null) receipts.set(hash, r);
  }
  return {
    now: Number(head.timestamp),
    stateRoot: get(key(S.stateRoot)),
    queueHead,
    queueTail,
    oldestQueuedAt,
    requestQueuedAt: queueIndex !== undefined ? (values.get(entry(S.queuedAt, queueIndex)) ?? null) : null,
    forcedDeadline: get(key(S.forcedDeadline)),
    frozen: get(key(S.frozen)) !== 0n,
    escaped: get(entry(S.escaped, BigInt(record.index))) !== 0n,
    receipts,
  };
}

/**
 * One step of the exit at `head`: the machine's next action, performed. Call at every new
 * verified head (or on a timer) until the record is terminal.
 * @throws what the deps throw (a lying RPC's VerificationError, a policy refusal): the record as
 *   saved before stays valid, and the next tick tries again.
 */
export async function tickExit(deps: ExitRunnerDeps, record: ExitRecord, head: L1HeadRef): Promise<ExitTick> {
  if (TERMINAL_STEPS.has(record.step)) return { record, action: { kind: 'done' } };
  const facts = await readExitFacts(deps, record, head);
  let out = advanceExit(record, facts);
  if (out.action.kind === 'need-proof') {
    const proof = await deps.accountProof(record.index, out.action.root);
    out = advanceExit(out.record, { ...facts, proof });
  }
  if (out.action.kind !== 'send') {
    if (out.record !== record) await deps.save(out.record);
    return out;
  }
  const { tx, to, data, amount } = out.action;
  const signed = await deps.sign({ from: record.owner, to, data, kind: tx }, head);
  const next = recordSent(out.record, tx, signed.hash, facts.now, amount);
  await deps.save(next, signed.raw);
  await deps.broadcast(signed.raw);
  return { record: next, action: out.action, sent: { tx, hash: signed.hash } };
}
