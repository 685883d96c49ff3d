/**
 * Drives a forced exit (an {@link ExitPlan}: src/l2/vigil-zk, op-stack, arbitrum, scroll) from
 * verified L1 heads, knowing nothing of any one rollup: at a head it hands the plan the verified
 * receipts of what the exit sent and the rollup as followed there, then gathers (./needs.ts) what the plan
 * asks for, round by round (L1 slots and code proven at the same head, receipts, the L2 RPC's
 * answers as hints, an L2 transaction signed by the wallet key, an escape proof from the L2 RPC
 * or rebuilt from L1's commits and their blobs), and performs the one action it names. An L1 transaction
 * is signed under the signing policy, its hash recorded and the record saved with its bytes, and
 * only then broadcast: a restart sends those bytes again while no receipt shows them, and never
 * signs a second transaction for a step whose first is pending. A step's transaction in no
 * verified block {@link REPLACE_AFTER_BLOCKS} blocks after it was signed is signed again at its
 * nonce, both fees +12.5% (src/wallet/replacement-fees.ts), up to what the user lets the wallet
 * spend unattended (above it the signing policy refuses with FEE_ABOVE_CAP and the user is
 * asked, the old bytes still sent meanwhile); one the user sped up from the popup is followed
 * too, and whichever of them a block includes is the step's. Shared by `vigil exit` and the
 * extension's exit service (src/client/exits/exit-service.ts).
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { decodeTransaction } from '../../execution/transactions.ts';
import type { ProvenL1Storage } from '../../l2/adapter.ts';
import {
  type ExitInputs,
  type ExitPlan,
  type ExitPlanAction,
  type ExitPlanRecord,
  type ExitReceiptFacts,
  type KeptReceipt,
  finalExitEnding,
  recordExitLanded,
  recordExitReplaced,
  recordExitSent,
  reopenedExit,
  withExitEnding,
} from '../../l2/exit-plan.ts';
import { TransportError } from '../../rpc/errors.ts';
import { blockStanding, type L1BlockFinality } from '../verified/block-finality.ts';
import { describeNeed, type ExitNeedSources, gatherNeed, type SignedExitTx } from './needs.ts';
import type { NonceUse } from '../verified/nonce-use.ts';
import type { L1HeadRef } from '../rollups/follower.ts';
import type { UserReplacement } from '../wallet/own-transactions.ts';

/** Rounds of `need` at one head before the runner gives up until the next one. */
export const MAX_NEED_ROUNDS = 8;

/**
 * Verified L1 blocks a step's transaction may be in none of before it is signed again at its nonce:
 * blocks that skip it five times over are not going to include it at those fees.
 */
export const REPLACE_AFTER_BLOCKS = 5n;

/** The step's transaction a re-signed one takes the nonce of (its fees: what the new one must beat). */
export interface ReplacedStep {
  hash: string;
  nonce: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** The most it may cost (value + fee cap × gas): it and its replacement are never both paid. */
  maxCost: bigint;
}

/** How many replacements of one transaction are followed in a row (a chain longer than this is someone else's problem). */
const MAX_FOLLOWED_REPLACEMENTS = 8;

export interface ExitPlanRunnerDeps extends ExitNeedSources {
  /** A verified receipt (its block proven), or null while the transaction is in no verified block. */
  receipt(hash: string): Promise<ExitReceiptFacts | null>;
  /**
   * The transaction that used the owner's `nonce`: found in the verified block where the proven
   * nonce first passed it (../verified/nonce-use.ts findNonceUse, searched back from `head`); undefined when
   * that block is out of reach. Without it no sent transaction is ever taken for dropped.
   */
  nonceUse?(owner: string, nonce: bigint, head: L1HeadRef): Promise<NonceUse | undefined>;
  /**
   * The light client's finalized block number (receipts at or below it are kept in the record and
   * not proven again, and an exit that ended at a head at or below it has ended for good), and the
   * verified chain's block hash at a height (whether the head an exit ended at is still on it).
   */
  finalizedBlockNumber: L1BlockFinality['finalizedBlockNumber'];
  blockHashAt: L1BlockFinality['blockHashAt'];
  /** The verified head's base fee (wei per gas), for plans whose L1 fees are computed from block.basefee; undefined when not known. */
  baseFeePerGas?(head: L1HeadRef): bigint | undefined;
  /** The rollup as followed at `head` (accepted state, the storage and hints it was read from), or undefined. */
  followed?(head: L1HeadRef): Promise<ExitInputs['followed'] | undefined>;
  /**
   * Signs an L1 transaction from the exit's owner under the signing policy, `summary` shown to the
   * user (nothing broadcast). With `replaces`: at that transaction's nonce, its fees raised by the
   * replacement rule (still bounded by what the wallet may spend unattended: FEE_ABOVE_CAP asks).
   */
  sign(tx: { from: string; to: string; value: bigint; data: string; summary: string; replaces?: ReplacedStep }, head: L1HeadRef): Promise<SignedExitTx>;
  /**
   * The user's replacements of the exit's transactions `hashes`, and of what replaced them, if they
   * sped one up or cancelled it from the popup: keyed by the replaced hash in lower case, asked once
   * per tick. A speed-up is followed as the step's, a cancel lets the nonce go to it (the step is
   * then planned again). Absent: none is looked for (the CLI has no popup).
   */
  replacementOf?(hashes: readonly string[]): Promise<ReadonlyMap<string, UserReplacement>>;
  /** Broadcasts signed bytes (after a restart: the same bytes). */
  broadcast(raw: string): Promise<void>;
  /** Persists the record, with the bytes just signed (before they are broadcast). */
  save(record: ExitPlanRecord, signed?: SignedExitTx): Promise<void>;
  /** The bytes saved with the record when it last signed: sent again while their receipt is absent. */
  pending?: SignedExitTx;
}

export interface ExitPlanTick {
  record: ExitPlanRecord;
  action: ExitPlanAction;
  /** What was signed, saved and broadcast in this tick. */
  sent?: { label: string; hash: string };
  /** The hash of saved bytes broadcast again in this tick (no receipt yet). */
  rebroadcast?: string;
  /** A step's transaction signed again at its nonce in this tick (saved, then broadcast), and the one it replaces. */
  replaced?: { label: string; hash: string; replaces: string };
  /** How many times the plan was asked at this head. */
  rounds: number;
}

/**
 * One step of the exit at `head`. Call at every new verified head (and on a timer) until the exit
 * has ended for good (exit-plan.ts exitEnded): a terminal step reached at a head above the
 * finalized block is checked at every head until that block is finalized (action `wait` meanwhile),
 * and planned again from the step before it if the block left the chain.
 * @throws what the deps throw (a proof that does not verify, a locked wallet, a policy refusal, a
 *   broadcast that failed after the save), and TransportError NOT_AVAILABLE when the plan still
 *   needs what could not be gathered at this head: the record as saved before stays valid, and
 *   the next tick starts again from it.
 */
export async function tickExitPlan<Config>(deps: ExitPlanRunnerDeps, plan: ExitPlan<Config>, config: Config, stored: ExitPlanRecord, head: L1HeadRef): Promise<ExitPlanTick> {
  const now = Number(head.timestamp);
  let record = stored;
  if (plan.terminal.has(stored.step)) {
    if (stored.ending === undefined) return { record: stored, action: { kind: 'done' }, rounds: 0 };
    const checked = await checkEnding(deps, stored, now);
    if (checked.state === 'final') {
      await deps.save(checked.record);
      return { record: checked.record, action: { kind: 'done' }, rounds: 0 };
    }
    if (checked.state === 'held') return { record: stored, action: { kind: 'wait', reason: endingReason(stored) }, rounds: 0 };
    record = checked.record;
  }
  const l1: ProvenL1Storage = { blockNumber: head.blockNumber, blockHash: head.blockHash, timestamp: head.timestamp, accounts: new Map() };
  const receipts = new Map<string, ExitReceiptFacts>();
  const l2 = new Map<string, unknown>();
  const signedL2 = new Map<string, SignedExitTx>();
  const escapeProofs = new Map<string, unknown>();
  /** Receipts and L2 keys asked for at this head (found or not): asked once. */
  const askedReceipts = new Set<string>();
  const askedL2 = new Set<string>();

  // Asked of the source once at this head: each receipt (the exit's and the plan's), and the owner's nonce.
  const proofs: TickProofs = { receipt: onceEach((hash) => deps.receipt(hash)), ownerNonce: once(async () => (await deps.readStorage(head, stored.owner, [])).nonce) };
  const fetchReceipts = async (hashes: readonly string[]): Promise<boolean> => {
    let found = false;
    for (const hash of hashes) {
      // Kept under the hash as the record or the plan spells it (the plan looks it up so).
      if (askedReceipts.has(hash.toLowerCase())) continue;
      askedReceipts.add(hash.toLowerCase());
      const r = await proofs.receipt(hash);
      if (r !== null) {
        receipts.set(hash, r);
        found = true;
      }
    }
    return found;
  };
  const followed0 = await followReplacements(deps, proofs, record, deps.pending, head);
  record = followed0.record;
  let pending = followed0.pending;
  record = await provenSentReceipts(deps, proofs, record, receipts, askedReceipts);
  record = await forgetDropped(deps, proofs, record, receipts, head, pending);

  let rebroadcast: string | undefined;
  let replaced: ExitPlanTick['replaced'];
  const awaited = Object.entries(record.sent).find(([, s]) => s.hash.toLowerCase() === pending?.hash.toLowerCase());
  if (pending && awaited && !receipts.has(awaited[1].hash) && !followed0.cancelled.has(awaited[0])) {
    const [label, sent] = awaited;
    const stale = await staleStep(proofs, record, label, pending, head);
    if (stale.kind === 'unknown-block') {
      // Signed before the runner counted blocks: counted from this head.
      record = { ...record, sent: { ...record.sent, [label]: { ...sent, block: head.blockNumber.toString() } } };
      await deps.save(record);
    }
    if (stale.kind === 'stale') {
      const old = pending;
      const summary = `Speed up ${label} (nonce ${stale.replaces.nonce}): in no verified block for ${stale.blocks} blocks`;
      const signed = await deps.sign({ ...stale.call, from: record.owner, summary, replaces: stale.replaces }, head).catch(async (err: unknown) => {
        // Not re-signed (at the fee ceiling the user is asked; a locked wallet): the step's bytes
        // still go out meanwhile, as at any other tick.
        await deps.broadcast(old.raw).catch(() => {});
        throw err;
      });
      const hash = signed.hash.toLowerCase();
      record = recordExitReplaced(record, label, hash, now, head.blockNumber, `in no verified block ${stale.blocks} blocks after it was signed: signed again at nonce ${stale.replaces.nonce}, both fees raised`);
      await deps.save(record, { hash, raw: signed.raw });
      pending = { hash, raw: signed.raw };
      await deps.broadcast(signed.raw).catch(() => {});
      replaced = { label, hash, replaces: sent.hash };
    } else {
      // Saved before a restart (or a broadcast that failed): the same bytes go out again. A failure
      // here is the next head's to retry; the receipt, when it comes, is what moves the record.
      await deps.broadcast(pending.raw).catch(() => {});
      rebroadcast = pending.hash;
    }
  }
  const planned = record;
  const extra = { ...(rebroadcast !== undefined ? { rebroadcast } : {}), ...(replaced !== undefined ? { replaced } : {}) };

  const followed = deps.followed ? await deps.followed(head).catch(() => undefined) : undefined;
  const baseFee = deps.baseFeePerGas?.(head);
  const headFacts = { blockNumber: head.blockNumber, blockHash: head.blockHash, timestamp: head.timestamp, ...(baseFee !== undefined ? { baseFeePerGas: baseFee } : {}) };
  const inputs: ExitInputs = {
    head: headFacts,
    now,
    l1,
    receipts,
    l2,
    signedL2,
    escapeProofs,
    ...(followed !== undefined ? { followed } : {}),
  };

  let out = plan.advance(config, record, inputs);
  let rounds = 1;
  while (out.action.kind === 'need') {
    const need = out.action;
    if (rounds >= MAX_NEED_ROUNDS) throw new TransportError('NOT_AVAILABLE', `the ${plan.kind} exit still needed more after ${MAX_NEED_ROUNDS} rounds at block ${head.blockNumber}`, { url: 'exit plan' });
    const progress = await gatherNeed(deps, record.owner, head, need, { l1, l2, signedL2, askedL2, escapeProofs, fetchReceipts });
    if (!progress) throw new TransportError('NOT_AVAILABLE', `the ${plan.kind} exit needs ${describeNeed(need, l2, receipts)}, which could not be had at block ${head.blockNumber}`, { url: 'exit plan' });
    out = plan.advance(config, out.record, inputs);
    rounds++;
  }

  if (plan.terminal.has(out.record.step) && !plan.terminal.has(planned.step)) {
    // Ended at this head: for good only once the head's block is finalized.
    const finalized = deps.finalizedBlockNumber();
    if (finalized === undefined || head.blockNumber > finalized) {
      const ending = withExitEnding(out.record, planned, head);
      await deps.save(ending);
      return { record: ending, action: { kind: 'wait', reason: endingReason(ending) }, rounds, ...extra };
    }
  }
  const action = out.action;
  if (action.kind !== 'send') {
    if (out.record !== stored) await deps.save(out.record);
    return { record: out.record, action, rounds, ...extra };
  }
  const previous = out.record.sent[action.label];
  if (previous !== undefined && !receipts.has(previous.hash)) {
    // A plan must wait for a pending transaction's receipt: a second, different one for the same
    // step could both land. The runner never signs it.
    const waiting: ExitPlanAction = { kind: 'wait', reason: `waiting for the receipt of ${previous.hash} (${action.label}) in a verified block` };
    if (out.record !== stored) await deps.save(out.record);
    return { record: out.record, action: waiting, rounds, ...extra };
  }
  const signed = await deps.sign({ from: record.owner, to: action.to, value: action.value, data: action.data, summary: action.summary }, head);
  const hash = signed.hash.toLowerCase();
  const next = recordExitSent(out.record, action.label, hash, now, action.next, nonceOf(signed.raw), head.blockNumber);
  await deps.save(next, { hash, raw: signed.raw });
  await deps.broadcast(signed.raw);
  return { record: next, action, rounds, sent: { label: action.label, hash }, ...extra };
}

/**
 * Where an exit that ended at a head above the finalized block stands now (../verified/block-finality.ts):
 * final, held, or gone with the record back at the step before its end.
 */
async function checkEnding(deps: ExitPlanRunnerDeps, record: ExitPlanRecord, now: number): Promise<{ state: 'final' | 'gone'; record: ExitPlanRecord } | { state: 'held' }> {
  const ending = record.ending!;
  const at = await blockStanding(deps, { blockNumber: BigInt(ending.blockNumber), blockHash: ending.blockHash });
  if (at.standing !== 'gone') return at.standing === 'final' ? { state: 'final', record: finalExitEnding(record, now) } : { state: 'held' };
  const why = `block ${ending.blockNumber}, where the exit ended (${record.step}), left the chain (now ${at.now}): planned again from ${ending.before.step}`;
  return { state: 'gone', record: reopenedExit(record, now, why) };
}

function endingReason(record: ExitPlanRecord): string {
  return `ended (${record.step}) at block ${record.ending!.blockNumber}; final once the light client finalizes that block (checked at every head until then)`;
}

/**
 * The receipts of every transaction the record sent, into `receipts`, and the record with what it
 * keeps of them. A kept final receipt is not proven again; any other is proven at this head: a
 * receipt found in a block at or below the finalized one becomes final; one no longer found is
 * forgotten (its block left the chain: the plan sees the transaction as unmined again). A kept
 * receipt whose block is now too far below the head to prove again stands once the finalized head
 * passed its block (a run resumed days later); any other failure is the tick's.
 */
async function provenSentReceipts(deps: ExitPlanRunnerDeps, proofs: TickProofs, record: ExitPlanRecord, receipts: Map<string, ExitReceiptFacts>, asked: Set<string>): Promise<ExitPlanRecord> {
  const finalized = deps.finalizedBlockNumber();
  const kept: Record<string, KeptReceipt> = { ...(record.receipts ?? {}) };
  let changed = false;
  for (const { hash } of Object.values(record.sent)) {
    const key = hash.toLowerCase();
    if (asked.has(key)) continue;
    asked.add(key);
    const previous = kept[key];
    if (previous?.final) {
      receipts.set(hash, previous);
      continue;
    }
    let r: ExitReceiptFacts | null;
    try {
      r = await proofs.receipt(hash);
    } catch (err) {
      const tooFar = err instanceof VerificationError && err.code === 'HEADER_TOO_FAR';
      if (!(tooFar && previous !== undefined && finalized !== undefined && BigInt(previous.blockNumber) <= finalized)) throw err;
      r = previous;
    }
    if (r === null) {
      if (previous !== undefined) {
        delete kept[key];
        changed = true;
      }
      continue;
    }
    receipts.set(hash, r);
    const entry: KeptReceipt = { ...r, final: finalized !== undefined && BigInt(r.blockNumber) <= finalized };
    if (JSON.stringify(entry) !== JSON.stringify(previous)) {
      kept[key] = entry;
      changed = true;
    }
  }
  return changed ? { ...record, receipts: kept } : record;
}

/**
 * The record without each sent transaction whose nonce, proven at this head, the owner has passed
 * and whose nonce the verified block where it moved shows used by another transaction: dropped,
 * or replaced (a speed-up or a cancel). No receipt is no proof (an endpoint can hide one): a use
 * by this very transaction keeps it. Each is noted in the history; its step, no longer waiting on
 * it, is planned again from this head's verified inputs. A transaction whose nonce is not known
 * (neither recorded when signed nor readable from the bytes saved with it) is never taken for
 * dropped, nor is any when the source proves no nonce or cannot say which transaction used it.
 */
async function forgetDropped(
  deps: ExitPlanRunnerDeps,
  proofs: TickProofs,
  record: ExitPlanRecord,
  receipts: ReadonlyMap<string, ExitReceiptFacts>,
  head: L1HeadRef,
  pending: SignedExitTx | undefined,
): Promise<ExitPlanRecord> {
  const unmined = Object.entries(record.sent)
    .filter(([, s]) => !receipts.has(s.hash))
    .map(([label, s]) => ({ label, hash: s.hash, nonce: s.nonce ?? (pending !== undefined && pending.hash.toLowerCase() === s.hash.toLowerCase() ? nonceOf(pending.raw) : undefined) }))
    .filter((s): s is { label: string; hash: string; nonce: number } => s.nonce !== undefined);
  if (unmined.length === 0) return record;
  const proven = await proofs.ownerNonce();
  if (proven === undefined || deps.nonceUse === undefined) return record;
  let out = record;
  for (const { label, hash, nonce } of unmined) {
    if (proven <= BigInt(nonce)) continue;
    const use = await deps.nonceUse(record.owner, BigInt(nonce), head);
    if (use === undefined || use.transaction?.hash.toLowerCase() === hash.toLowerCase()) continue;
    // Used by a transaction this one replaced (or that replaced it): that one is the step's.
    const landed = use.transaction === undefined ? undefined : (out.sent[label]?.replaced ?? []).find((h) => h.toLowerCase() === use.transaction!.hash.toLowerCase());
    if (landed !== undefined) {
      out = recordExitLanded(out, label, landed, Number(head.timestamp));
      continue;
    }
    const { [label]: _dropped, ...sent } = out.sent;
    const by = use.transaction ? `by ${use.transaction.hash}` : 'by no transaction of the owner';
    const note = `${label} transaction ${hash} dropped or replaced: nonce ${nonce} used ${by} in block ${use.blockNumber} (the owner's nonce is ${proven} at block ${head.blockNumber}); the step is planned again`;
    out = { ...out, sent, history: [...out.history, { step: out.step, at: Number(head.timestamp), note }], updatedAt: Number(head.timestamp) };
  }
  return out;
}

/**
 * The record following what replaced or landed for each sent transaction: a speed-up the user
 * signed from the popup becomes the step's transaction (its bytes the ones sent again), and an
 * earlier transaction of a step that a verified block includes is the step's again. Labels whose
 * transaction the user cancelled are named: the runner neither sends nor replaces their bytes
 * (the cancel takes the nonce, and the step is then planned again).
 */
async function followReplacements(
  deps: ExitPlanRunnerDeps,
  proofs: TickProofs,
  stored: ExitPlanRecord,
  pending: SignedExitTx | undefined,
  head: L1HeadRef,
): Promise<{ record: ExitPlanRecord; pending: SignedExitTx | undefined; cancelled: Set<string> }> {
  const now = Number(head.timestamp);
  let record = stored;
  const cancelled = new Set<string>();
  let adopted: SignedExitTx | undefined;
  const sentHashes = Object.values(stored.sent).flatMap((s) => [s.hash, ...(s.replaced ?? [])]);
  const replacements = deps.replacementOf !== undefined && sentHashes.length > 0 ? await deps.replacementOf(sentHashes) : new Map<string, UserReplacement>();
  for (const label of Object.keys(stored.sent)) {
    // A speed-up of any of the step's transactions (the user may have sped up one the runner replaced since) becomes the step's.
    for (let i = 0; i < MAX_FOLLOWED_REPLACEMENTS; i++) {
      const current = record.sent[label]!;
      const known = [current.hash, ...(current.replaced ?? [])].map((h) => h.toLowerCase());
      let found: UserReplacement | undefined;
      for (const hash of known) {
        const by = replacements.get(hash);
        if (by?.kind === 'cancel') cancelled.add(label);
        else if (by !== undefined && !known.includes(by.hash.toLowerCase())) found ??= by;
      }
      if (found === undefined) break;
      const hash = found.hash.toLowerCase();
      record = recordExitReplaced(record, label, hash, now, found.signedAtBlock !== undefined ? BigInt(found.signedAtBlock) : head.blockNumber, 'sped up from the popup');
      if (pending !== undefined && pending.hash.toLowerCase() === current.hash.toLowerCase()) adopted = pending = { hash, raw: found.raw };
    }
    // One of the earlier transactions in a verified block: the step is that one's.
    for (const hash of record.sent[label]!.replaced ?? []) {
      if ((await proofs.receipt(hash)) !== null) {
        record = recordExitLanded(record, label, hash, now);
        break;
      }
    }
  }
  if (record !== stored) await deps.save(record, adopted);
  return { record, pending, cancelled };
}

/**
 * Whether the step's transaction (`pending`, sent as `label`) has waited {@link REPLACE_AFTER_BLOCKS}
 * verified blocks in none, its nonce still unused at the head: then what signs it again. Bytes
 * that are not an EIP-1559 transaction of the owner are only ever sent again as they are.
 */
async function staleStep(
  proofs: TickProofs,
  record: ExitPlanRecord,
  label: string,
  pending: SignedExitTx,
  head: L1HeadRef,
): Promise<{ kind: 'fresh' | 'unknown-block' } | { kind: 'stale'; blocks: bigint; call: { to: string; value: bigint; data: string }; replaces: ReplacedStep }> {
  const sent = record.sent[label]!;
  let tx;
  try {
    tx = decodeTransaction(hexToBytes(pending.raw));
  } catch {
    return { kind: 'fresh' };
  }
  if (tx.type !== 2 || tx.to === null) return { kind: 'fresh' };
  if (sent.block === undefined) return { kind: 'unknown-block' };
  const blocks = head.blockNumber - BigInt(sent.block);
  if (blocks < REPLACE_AFTER_BLOCKS) return { kind: 'fresh' };
  // A nonce the head shows used is settled by receipts and the nonce's use, not replaced.
  const proven = await proofs.ownerNonce();
  if (proven === undefined || proven > tx.nonce) return { kind: 'fresh' };
  return {
    kind: 'stale',
    blocks,
    call: { to: bytesToHex(tx.to), value: tx.value, data: bytesToHex(tx.input) },
    replaces: { hash: sent.hash, nonce: tx.nonce, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, maxCost: tx.value + tx.maxFeePerGas * tx.gas },
  };
}

/** What a tick proves of the exit's sent transactions, each asked of the source once at its head (a failure too is the tick's one answer). */
interface TickProofs {
  /** A sent transaction's verified receipt (ExitPlanRunnerDeps.receipt), by hash in any case. */
  receipt(hash: string): Promise<ExitReceiptFacts | null>;
  /** The owner's nonce proven at the head (undefined when the source proves none). */
  ownerNonce(): Promise<bigint | undefined>;
}

function once<T>(f: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
}

function onceEach<T>(f: (hash: string) => Promise<T>): (hash: string) => Promise<T> {
  const asked = new Map<string, Promise<T>>();
  return (hash) => {
    const key = hash.toLowerCase();
    let p = asked.get(key);
    if (p === undefined) asked.set(key, (p = f(hash)));
    return p;
  };
}

/** The nonce of signed transaction bytes, or undefined when they do not decode. */
function nonceOf(raw: string): number | undefined {
  try {
    return Number(decodeTransaction(hexToBytes(raw)).nonce);
  } catch {
    return undefined;
  }
}
