/**
 * What every OP-portal forced exit shares, whichever portal (OptimismPortal2 on OP Mainnet
 * and Base, Mantle's MNT portal on an OP Succinct oracle): the deposit that makes the L2 withdraw
 * (`force`), the deposit named from its verified receipt and named again at every head until that
 * receipt's block is finalized, and the withdrawal it made found on L2 (`inclusion`); and its proof
 * under an output root L1 holds, checked before proveWithdrawalTransaction is signed. The
 * withdrawal is told from any other of the same owner and amount (an older one, or one made later)
 * by the deposit's own L2 receipt, proven under that output root's block (./l2-receipt.ts): its
 * MessagePassed is the exit's withdrawal, whatever the L2 RPC named (OP's portals); a portal
 * without that proof (Mantle's, a `finalizedPasser`) tells it from an older one only, by the
 * message passer's nonce floor at a finalized L2 state from before the deposit. What differs between
 * portals (their calldata, their deposit and withdrawal encodings, where a finalized L2 state comes
 * from) is a `ForcedDeposit`; where the root comes from, and the waits after, are each plan's. Pure.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, equalBytes, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { errorSummary, InputError, VerificationError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { verifyStorageProof } from '../../proofs/account.ts';
import {
  dropFacts,
  dropSent,
  type ExitInputs,
  type ExitL2Request,
  type ExitPlanRecord,
  type ExitReceiptFacts,
  type ExitStepOut,
  exitLog,
  exitWait,
  followSent,
  moveExit,
  sentReceipt,
  withExitError,
} from '../exit-plan.ts';
import { decodeAbi } from '../../execution/abi.ts';
import { storageKey } from '../slots.ts';
import { checkWithdrawalProof, L2_TO_L1_MESSAGE_PASSER, MESSAGE_PASSED, MESSAGE_VERSION, MSG_NONCE_SLOT, NONCE_MASK, type OutputRootProof, sentMessagesKey, TRANSACTION_DEPOSITED, WITHDRAWAL_PROVEN } from './bridge.ts';
import { type ProvenL2Block, provenReceipt, receiptRequests } from './l2-receipt.ts';
import { decodeHeader, headerHash } from '../../execution/header.ts';

const lower = (a: string) => a.toLowerCase();
/** Ethereum's slot: how the words turn L1 blocks into hours. */
export const L1_SLOT_SECONDS = 12;
const topicOf = (address: string) => bytesToHex(bigIntToBytesPadded(BigInt(address), 32));

/** A log as a receipt gives it. */
export interface PortalLog {
  topics: readonly string[];
  data: string;
}

/** What one OP portal's forced exit needs to know of its deposits and withdrawals. */
export interface ForcedDeposit {
  /** The L1 portal the deposit goes through. */
  readonly portal: string;
  /** The sequencing window: the L2 runs a deposit within this many L1 blocks, sequencer or not. */
  readonly sequencingWindowL1Blocks: number;
  /** The force transaction's calldata (no value attached) and the words the wallet shows before it is signed. */
  force(owner: string, amount: bigint): { data: string; summary: string };
  /** The opaque data of the TransactionDeposited the portal logs for this exit's deposit (its `version` topic). */
  readonly depositVersion: bigint;
  depositOpaque(owner: string, amount: bigint): Uint8Array;
  /** The L2 hash of the deposit transaction `log` makes. @throws VerificationError ABI_MALFORMED */
  depositL2Hash(log: PortalLog, l1BlockHash: string, logIndex: bigint): string;
  /**
   * A finalized L2 state the follower accepted (checked again here) from no later than `signedAt`:
   * its block and the message passer's storage root there (the nonce floor's); undefined while
   * there is none. A route without it proves the withdrawal the deposit's by the deposit's own L2
   * receipt under the output root's block (provenDepositWithdrawal): no floor is waited for.
   */
  finalizedPasser?(inputs: ExitInputs, signedAt: number): { block: bigint; storageRoot: Uint8Array } | undefined;
  /**
   * This exit's withdrawal from a MessagePassed `log` (topics: signature, nonce, sender, target) of
   * nonce `nonce`: its hash, after checking the log's fields are this exit's and the hash is theirs.
   * @throws InputError naming what is not this exit's.
   */
  withdrawalOf(log: PortalLog, owner: string, amount: bigint, nonce: bigint): string;
  /** The message passer's MessagePassed topic when it is not OP's (Mantle's carries two values). */
  readonly messagePassedTopic?: string;
}

/**
 * The message passer nonce floor: a finalized L2 state whose block is no later than `signedAt`
 * (the force transaction's signing time: the deposit lands in a later L1 block, and no L2 block
 * older than its L1 origin holds it) predates the deposit, so the withdrawal's nonce is at least
 * msgNonce there.
 */
function floorFacts(route: ForcedDeposit, inputs: ExitInputs, signedAt: number): Record<string, string> {
  const floor = route.finalizedPasser?.(inputs, signedAt);
  return floor === undefined ? {} : { floorL2Block: floor.block.toString(), floorStorageRoot: bytesToHex(floor.storageRoot) };
}

/** What the deposit gives, read from the force receipt: its L1 block, block hash and log index, and so its L2 transaction hash. */
const DEPOSIT_FACTS = ['depositL1Block', 'depositL1BlockHash', 'depositLogIndex', 'l2DepositHash'] as const;
/** What was learned of the withdrawal on L2 and proven on L1 from the deposit's L2 transaction (each plan's, dropped together). */
const WITHDRAWAL_FACTS = ['withdrawalNonce', 'withdrawalHash', 'l2Block', 'gameIndex', 'gameProxy', 'gameL2Block', 'outputIndex', 'outputRoot'] as const;

/** The deposit of this exit in a successful force receipt, or why there is none to name (`failed`: the note of an exit that cannot go on). */
function depositFacts(route: ForcedDeposit, r: ExitPlanRecord, receipt: ExitReceiptFacts): { facts: Record<string, string> } | { code: string; message: string; failed?: string } {
  const log = receipt.logs.find(
    (l) =>
      lower(l.address) === lower(route.portal) &&
      l.topics[0]?.toLowerCase() === TRANSACTION_DEPOSITED &&
      l.topics[1]?.toLowerCase() === topicOf(r.owner) &&
      l.topics[2]?.toLowerCase() === topicOf(L2_TO_L1_MESSAGE_PASSER),
  );
  if (log === undefined) {
    // A contract account is aliased on L2 (its withdrawal would not be its own): not this exit.
    return { code: 'L2_OWNER_MISMATCH', message: `the forced transaction's receipt holds no TransactionDeposited from ${r.owner} to the message passer (a contract account is aliased on L2)`, failed: 'no deposit of this exit in the receipt' };
  }
  if (receipt.blockHash === undefined || log.logIndex === undefined) return { code: 'L2_TX_MALFORMED', message: 'the verified receipt carries no block hash or log index' };
  try {
    const [opaque] = decodeAbi(['bytes'], log.data);
    if (hexToBigInt(log.topics[3], 'version') !== route.depositVersion || !equalBytes(hexToBytes(opaque as string), route.depositOpaque(r.owner, BigInt(r.amount)))) {
      throw new VerificationError('ABI_MALFORMED', 'the deposit is not the one this exit sent');
    }
    const logIndex = hexToBigInt(log.logIndex, 'logIndex');
    return {
      facts: {
        depositL1Block: hexToBigInt(receipt.blockNumber, 'blockNumber').toString(),
        depositL1BlockHash: lower(receipt.blockHash),
        depositLogIndex: logIndex.toString(),
        l2DepositHash: route.depositL2Hash(log, receipt.blockHash, logIndex),
      },
    };
  } catch (err) {
    const e = errorSummary(err);
    return { code: e.code, message: e.message, failed: 'the deposit log is not this exit’s' };
  }
}

/**
 * The deposit named again from the force receipt while its block is not finalized: a reorg may
 * have moved the transaction to another block (another block hash and log index, so another L2
 * transaction) or dropped it. Moved: the withdrawal is looked for again from the new L2 hash.
 * Gone: back to `force`, which waits for the transaction again (or sends it again once the runner
 * found it dropped). Undefined while the record's deposit stands.
 */
export function recheckDeposit(route: ForcedDeposit, r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut | undefined {
  if (r.facts.l2DepositHash === undefined) return undefined;
  const at = sentReceipt(r, 'force', inputs);
  if (at?.state === 'final') return undefined;
  const deposit = at?.state === 'held' && at.receipt.status === '0x1' ? depositFacts(route, r, at.receipt) : undefined;
  if (deposit !== undefined && 'facts' in deposit && DEPOSIT_FACTS.every((k) => deposit.facts[k] === r.facts[k])) return undefined;
  const cleared = dropFacts(r, [...DEPOSIT_FACTS, ...WITHDRAWAL_FACTS]);
  if (deposit !== undefined && 'facts' in deposit) {
    const note = `the forced transaction moved to L1 block ${deposit.facts.depositL1Block} (${deposit.facts.depositL1BlockHash}, log ${deposit.facts.depositLogIndex}): its L2 transaction is ${deposit.facts.l2DepositHash}`;
    return { record: moveExit(cleared, 'inclusion', inputs.now, note, deposit.facts) };
  }
  return { record: moveExit(cleared, 'force', inputs.now, 'the block of the forced transaction left the chain: waiting for it again') };
}

// -- the steps --------------------------------------------------------------------------------

/** The plan's own steps after `inclusion`: proving the withdrawal, and waiting for and sending its finalization. */
export interface PortalSteps {
  prove(r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut;
  /** `mature` and `finalize`. */
  mature(r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut;
}

/**
 * One step of an OP-portal exit: a deposit that moved or left the chain sends any step after
 * `force` back first (recheckDeposit); `force` and `inclusion` are this module's, `prove`, `mature`
 * and `finalize` the plan's; `done` and `failed` end it, an unknown step fails it.
 */
export function portalExitStep(route: ForcedDeposit, own: PortalSteps, r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut {
  if (r.step !== 'done' && r.step !== 'failed' && r.step !== 'force') {
    const moved = recheckDeposit(route, r, inputs);
    if (moved !== undefined) return moved;
  }
  switch (r.step) {
    case 'done':
    case 'failed':
      return { record: r, action: { kind: 'done' } };
    case 'force':
      return forceStep(route, r, inputs);
    case 'inclusion':
      return inclusionStep(route, r, inputs);
    case 'prove':
      return own.prove(r, inputs);
    case 'mature':
    case 'finalize':
      return own.mature(r, inputs);
    default:
      return { record: moveExit(r, 'failed', inputs.now, `unknown step ${r.step}`), action: { kind: 'done' } };
  }
}

/**
 * `prove` once proveWithdrawalTransaction is sent: followed until a verified block holds it; on to
 * `mature` on the portal's WithdrawalProven of this withdrawal in its receipt, else it is proven
 * again (the receipt passed without it).
 */
export function followProveSent(route: ForcedDeposit, r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut {
  const out = followSent(r, 'prove', inputs, { retry: 'prove', what: 'proveWithdrawalTransaction' });
  if (out.state === 'reverted') return { record: out.record };
  if (out.state !== 'passed') return exitWait(r, 'The proof of the withdrawal is not in a verified L1 block yet.');
  const log = exitLog(out.receipt, route.portal, WITHDRAWAL_PROVEN);
  if (log === undefined || log.topics[1]?.toLowerCase() !== r.facts.withdrawalHash) {
    return { record: withExitError(dropSent(r, 'prove'), 'L2_TX_MALFORMED', 'the proving transaction passed without a WithdrawalProven of this withdrawal: proving again', inputs.now) };
  }
  return { record: moveExit(r, 'mature', inputs.now, 'the withdrawal is proven on L1') };
}

// -- force ------------------------------------------------------------------------------------

/** `force`: send the deposit; on its verified receipt, name it and go on to `inclusion`. */
export function forceStep(route: ForcedDeposit, r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut {
  const now = inputs.now;
  if (r.sent.force === undefined) {
    const record = Object.keys(r.facts).length === 0 ? { ...r, facts: floorFacts(route, inputs, now) } : r;
    const { data, summary } = route.force(r.owner, BigInt(r.amount));
    return { record, action: { kind: 'send', label: 'force', to: route.portal, value: 0n, data, summary } };
  }
  const out = followSent(r, 'force', inputs, { retry: 'force', what: 'depositTransaction' });
  if (out.state === 'reverted') return { record: out.record };
  if (out.state !== 'passed') return exitWait(r, 'The forced transaction is not in a verified L1 block yet.');
  const deposit = depositFacts(route, r, out.receipt);
  if ('facts' in deposit) return { record: moveExit(r, 'inclusion', now, 'the forced transaction is on L1', deposit.facts) };
  if (deposit.failed === undefined) {
    return exitWait(withExitError(r, deposit.code, deposit.message, now), "The verified receipt lacks its block hash or log index: the deposit's L2 transaction cannot be named yet.");
  }
  return { record: withExitError(moveExit(r, 'failed', now, deposit.failed), deposit.code, deposit.message, now), action: { kind: 'done' } };
}

// -- inclusion --------------------------------------------------------------------------------

/**
 * This exit's withdrawal in the deposit's L2 receipt `logs`: the message passer's MessagePassed
 * (topics: signature, nonce, sender, target), from and to the owner, its nonce of version 1, its
 * fields and hash this exit's (the route's withdrawalOf).
 * @throws InputError naming what is not this exit's.
 */
function ownWithdrawal(route: ForcedDeposit, r: ExitPlanRecord, logs: readonly { address: string; topics: readonly string[]; data: unknown }[]): { nonce: bigint; hash: string } {
  const topic = route.messagePassedTopic ?? MESSAGE_PASSED;
  const passed = logs.find((l) => lower(l.address) === L2_TO_L1_MESSAGE_PASSER && l.topics[0]?.toLowerCase() === topic);
  if (passed === undefined) throw new InputError('its receipt holds no MessagePassed');
  const { topics, data } = passed;
  if (topics.length !== 4 || lower(topics[2]!) !== topicOf(r.owner) || lower(topics[3]!) !== topicOf(r.owner)) throw new InputError('its MessagePassed is not from and to the owner');
  if (typeof data !== 'string') throw new InputError('its MessagePassed has no data');
  const nonce = hexToBigInt(topics[1], 'nonce');
  if (nonce >> 240n !== MESSAGE_VERSION) throw new InputError('its withdrawal nonce is not of version 1');
  return { nonce, hash: route.withdrawalOf({ topics, data }, r.owner, BigInt(r.amount), nonce) };
}

/** JSON-RPC answers are bare results; a JSON object is all this reads. */
const l2Answer = (inputs: ExitInputs, key: string): Record<string, unknown> | undefined => {
  const v = inputs.l2.get(key);
  return isObject(v) ? (v as Record<string, unknown>) : undefined;
};

/**
 * `inclusion`: the deposit's L2 receipt (a hint) names the withdrawal; its nonce must be at least
 * the floor proven under a finalized storage root from before the deposit, and its fields this
 * exit's. Then on to `prove`, where the storage proof under a root L1 holds decides.
 */
export function inclusionStep(route: ForcedDeposit, r: ExitPlanRecord, inputs: ExitInputs): ExitStepOut {
  const now = inputs.now;
  const f = r.facts;
  const floored = route.finalizedPasser !== undefined;
  if (floored && f.floorL2Block === undefined) {
    // Without a floor, an older withdrawal of the same owner and amount could pass for this one
    // (and its payout for this exit's): one is taken now from a finalized state older than the force.
    const late = r.sent.force === undefined ? {} : floorFacts(route, inputs, r.sent.force.at);
    if (late.floorL2Block === undefined) {
      return {
        record: r,
        action: {
          kind: 'wait',
          reason: "Vigil needs a finalized L2 state from before your forced transaction to tell its withdrawal from an older one of the same amount, and the rollup as followed at this head gives none: it looks again at the next head.",
        },
      };
    }
    return { record: moveExit(r, 'inclusion', now, undefined, late) };
  }
  const receiptKey = `op-exit:l2-receipt:${f.l2DepositHash}`;
  const floorKey = `op-exit:nonce-floor:${f.floorL2Block}`;
  const requests: ExitL2Request[] = [];
  if (!inputs.l2.has(receiptKey)) requests.push({ key: receiptKey, method: 'eth_getTransactionReceipt', params: [f.l2DepositHash] });
  if (floored && f.nonceFloor === undefined && !inputs.l2.has(floorKey)) {
    requests.push({ key: floorKey, method: 'eth_getProof', params: [L2_TO_L1_MESSAGE_PASSER, [storageKey({ slot: MSG_NONCE_SLOT })], bigIntToHex(BigInt(f.floorL2Block!))] });
  }
  if (requests.length > 0) return { record: r, action: { kind: 'need', l2: requests } };
  const deadline = Number(f.depositL1Block) + route.sequencingWindowL1Blocks;
  const left = deadline - Number(inputs.head.blockNumber);
  const bound =
    left > 0
      ? `The L2 must include it by L1 block ${deadline} (about ${Math.ceil((left * L1_SLOT_SECONDS) / 3600)} h from now), sequencer or not.`
      : `Its sequencing window ended at L1 block ${deadline}: the L2 RPC may be behind or hiding it.`;

  // The nonce floor (checked once, kept): msgNonce proven under the finalized storage root recorded at
  // force time. A route that proves the deposit's receipt takes none: that proof decides.
  let floor: bigint;
  try {
    if (!floored) floor = 0n;
    else if (f.nonceFloor !== undefined) floor = BigInt(f.nonceFloor);
    else {
      const json = l2Answer(inputs, floorKey);
      const entry = Array.isArray(json?.storageProof) ? (json!.storageProof as unknown[])[0] : undefined;
      if (!isObject(entry) || !Array.isArray(entry.proof)) throw new InputError('the message passer proof has no storageProof[0]');
      floor = verifyStorageProof(hexToBytes(f.floorStorageRoot, 32), hexToBytes(storageKey({ slot: MSG_NONCE_SLOT }), 32), entry.proof.map((n, i) => hexToBytes(n, undefined, `proof[${i}]`))) & NONCE_MASK;
    }
  } catch (err) {
    const e = errorSummary(err);
    return exitWait(withExitError(r, 'L2_PROOF_INVALID', `the L2 RPC's proof of the message passer nonce does not verify: ${e.message}`, now), 'The L2 RPC sent a message passer proof that does not verify: asking again at the next head.');
  }

  const receipt = l2Answer(inputs, receiptKey);
  if (receipt === undefined) return exitWait(r, `Waiting for the L2 to run the forced transaction. ${bound}`);
  const lie = (message: string): ExitStepOut => ({
    record: withExitError(r, 'L2_PROOF_INVALID', message, now),
    action: { kind: 'wait', reason: `The L2 RPC's answer about the forced transaction does not hold up (${message}): asking again at the next head.` },
  });
  if (typeof receipt.transactionHash === 'string' && lower(receipt.transactionHash) !== f.l2DepositHash) return lie('its receipt is of another transaction');
  if (receipt.status === '0x0') {
    return {
      record: withExitError(r, 'OP_DEPOSIT_FAILED_ON_L2', 'the L2 RPC says the forced transaction failed on L2 (an L2 balance below the amount when it ran?): nothing was withdrawn', now),
      action: { kind: 'wait', reason: 'The L2 RPC says the forced transaction failed on L2, so nothing was withdrawn. Vigil cannot prove this from L1 and keeps looking in case the RPC is wrong.' },
    };
  }
  try {
    const logs = (Array.isArray(receipt.logs) ? (receipt.logs as unknown[]) : []).filter(isObject).flatMap((l) => (typeof l.address === 'string' && Array.isArray(l.topics) ? [{ address: l.address, topics: l.topics.map(String), data: l.data }] : []));
    const { nonce, hash } = ownWithdrawal(route, r, logs);
    if ((nonce & NONCE_MASK) < floor) return lie(`its withdrawal nonce ${nonce & NONCE_MASK} is older than the deposit (the message passer had counted ${floor} before it)`);
    const l2Block = hexToBigInt(receipt.blockNumber, 'blockNumber');
    return {
      record: moveExit(r, 'prove', now, 'the forced transaction ran on L2', { withdrawalNonce: nonce.toString(), withdrawalHash: hash, l2Block: l2Block.toString(), ...(floored ? { nonceFloor: floor.toString() } : {}) }),
    };
  } catch (err) {
    return lie(errorSummary(err).message);
  }
}

// -- prove: the withdrawal under an output root L1 holds ----------------------------------------

/** The follower's L2 header when it is of `block` (the adapter checked it gives the root L1 holds). */
function followedHeader(inputs: ExitInputs, block: bigint): Record<string, unknown> | undefined {
  const h = inputs.followed?.hints?.header;
  if (h === undefined || inputs.followed!.accepted.batch !== block) return undefined;
  try {
    const header = decodeHeader(h);
    return { stateRoot: bytesToHex(header.stateRoot), hash: bytesToHex(headerHash(header)) };
  } catch {
    return undefined;
  }
}

/**
 * What proveWithdrawalTransaction needs for the record's withdrawal at L2 `block`, whose output
 * root L1 holds as `root`: the root's preimage (the follower's header, else the L2 RPC's block) and
 * sentMessages[hash]'s storage proof (the L2 RPC's), checked as the portal checks them before
 * anything is signed. Else what to do: ask the L2 RPC, refuse its answer (asking again at the next
 * head), or, when the withdrawal is proven absent under the root, find it on L2 again.
 */
export function withdrawalProofAt(r: ExitPlanRecord, inputs: ExitInputs, block: bigint, root: Uint8Array): { out: ExitStepOut } | { outputProof: OutputRootProof; withdrawalProof: string[] } {
  const now = inputs.now;
  const hash = r.facts.withdrawalHash!;
  const blockHex = bigIntToHex(block);
  const blockKey = `op-exit:l2-block:${block}`;
  const proofKey = `op-exit:withdrawal-proof:${block}:${hash}`;
  const header = followedHeader(inputs, block);
  const requests: ExitL2Request[] = [];
  if (header === undefined && !inputs.l2.has(blockKey)) requests.push({ key: blockKey, method: 'eth_getBlockByNumber', params: [blockHex, false] });
  if (!inputs.l2.has(proofKey)) requests.push({ key: proofKey, method: 'eth_getProof', params: [L2_TO_L1_MESSAGE_PASSER, [sentMessagesKey(hash)], blockHex] });
  if (requests.length > 0) return { out: { record: r, action: { kind: 'need', l2: requests } } };

  const refused = (message: string) => ({
    out: {
      record: withExitError(r, 'L2_PROOF_INVALID', message, now),
      action: { kind: 'wait' as const, reason: `The L2 RPC's proof of the withdrawal does not verify (${message}): Vigil signs nothing and asks again at the next head.` },
    },
  });
  try {
    const blockJson = header ?? l2Answer(inputs, blockKey);
    const proof = l2Answer(inputs, proofKey);
    if (blockJson === undefined || proof === undefined) return refused('no L2 block or proof was returned');
    const entry = Array.isArray(proof.storageProof) ? (proof.storageProof as unknown[])[0] : undefined;
    if (!isObject(entry) || !Array.isArray(entry.proof)) return refused('the proof has no storageProof[0]');
    const outputProof: OutputRootProof = {
      version: '0x' + '00'.repeat(32),
      stateRoot: bytesToHex(hexToBytes(blockJson.stateRoot, 32, 'stateRoot')),
      messagePasserStorageRoot: bytesToHex(hexToBytes(proof.storageHash, 32, 'storageHash')),
      latestBlockhash: bytesToHex(hexToBytes(blockJson.hash, 32, 'hash')),
    };
    const withdrawalProof = entry.proof.map((n, i) => bytesToHex(hexToBytes(n, undefined, `proof[${i}]`)));
    checkWithdrawalProof(root, outputProof, hash, withdrawalProof);
    return { outputProof, withdrawalProof };
  } catch (err) {
    const e = errorSummary(err);
    if (e.code !== 'PROOF_VALUE_MISMATCH') return refused(e.message);
    // Proven absent under a root L1 holds: the L2 block or the nonce the L2 RPC named was not this
    // withdrawal's (a lie). The same answers would name it again: find it afresh at the next head.
    const message = `the withdrawal the L2 RPC named is not in the L2 state L1 holds at block ${block}`;
    const back = dropFacts(r, ['withdrawalNonce', 'withdrawalHash', 'l2Block']);
    return {
      out: {
        record: withExitError(moveExit(back, 'inclusion', now, 'the L2 RPC’s withdrawal did not verify'), 'L2_PROOF_INVALID', message, now),
        action: { kind: 'wait', reason: `The withdrawal the L2 RPC named is not in the L2 state L1 holds (${message}): Vigil signs nothing and looks for it again at the next head.` },
      },
    };
  }
}

// -- the deposit's own withdrawal, proven under an output root's block ---------------------------

/**
 * The exit's withdrawal as the forced deposit's own L2 receipt names it, that receipt proven in the
 * record's L2 block (the L2 RPC named it), linked to `top` (the block an output root L1 holds
 * commits: ./l2-receipt.ts). `ok` when it is the record's withdrawal. Else what to do: ask the L2
 * RPC; refuse its answer (asked again at the next head); take the proven withdrawal in place of
 * the one the L2 RPC named (another of the same owner and amount: an older one, or one made later);
 * or, the deposit not in that block, look for it on L2 again. Nothing is signed, and the exit never
 * ends, on a withdrawal this does not prove the deposit's.
 */
export function provenDepositWithdrawal(route: ForcedDeposit, r: ExitPlanRecord, inputs: ExitInputs, top: ProvenL2Block): { ok: true } | { out: ExitStepOut } {
  const now = inputs.now;
  const f = r.facts;
  const block = BigInt(f.l2Block!);
  const refused = (message: string): { out: ExitStepOut } => ({
    out: {
      record: withExitError(r, 'L2_PROOF_INVALID', message, now),
      action: { kind: 'wait', reason: `Vigil could not prove that the withdrawal is your forced transaction's own (${message}): it signs nothing and asks again at the next head.` },
    },
  });
  let asks: ExitL2Request[];
  try {
    asks = receiptRequests(top.number, block).filter((a) => !inputs.l2.has(a.key));
  } catch (err) {
    return refused(errorSummary(err).message);
  }
  if (asks.length > 0) return { out: { record: r, action: { kind: 'need', l2: asks } } };
  let receipt;
  try {
    receipt = provenReceipt(top, block, inputs.l2, f.l2DepositHash!);
  } catch (err) {
    return refused(errorSummary(err).message);
  }
  if (receipt === undefined) {
    // The block the L2 RPC named does not hold the deposit: found on L2 again (the same answer stays refused).
    const message = `L2 block ${block}, proven under the output root L1 holds, does not hold your forced transaction ${f.l2DepositHash}`;
    const back = dropFacts(r, ['withdrawalNonce', 'withdrawalHash', 'l2Block']);
    return { out: { record: withExitError(moveExit(back, 'inclusion', now, 'the L2 RPC named a block without the forced transaction'), 'L2_PROOF_INVALID', message, now), action: { kind: 'wait', reason: `${message}: Vigil looks for it again at the next head.` } } };
  }
  if (!receipt.status) {
    const message = `your forced transaction failed on L2 (its receipt, proven in L2 block ${block} under the output root at block ${top.number}): nothing was withdrawn`;
    return { out: { record: withExitError(r, 'OP_DEPOSIT_FAILED_ON_L2', message, now), action: { kind: 'wait', reason: `${message}. Vigil keeps watching until that output root is final.` } } };
  }
  let nonce: bigint;
  let hash: string;
  try {
    ({ nonce, hash } = ownWithdrawal(route, r, receipt.logs.map((l) => ({ address: bytesToHex(l.address), topics: l.topics.map(bytesToHex), data: bytesToHex(l.data) }))));
  } catch (err) {
    return refused(errorSummary(err).message);
  }
  if (hash === f.withdrawalHash && nonce.toString() === f.withdrawalNonce) return { ok: true };
  // The L2 RPC named another withdrawal of the same owner and amount: the proven one is the exit's.
  const note = `the L2 RPC named withdrawal ${f.withdrawalHash} (nonce ${f.withdrawalNonce}); your forced transaction's receipt, proven in L2 block ${block}, makes ${hash} (nonce ${nonce})`;
  const fixed = withExitError(moveExit(r, r.step, now, undefined, { withdrawalNonce: nonce.toString(), withdrawalHash: hash }), 'L2_PROOF_INVALID', note, now);
  return { out: { record: { ...fixed, history: [...fixed.history, { step: r.step, at: now, note }] } } };
}
