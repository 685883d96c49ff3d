/**
 * Scroll's forced exit as an {@link ExitPlan} (docs/research/real-rollups.md §4.4–§4.5;
 * scroll-tech/scroll-contracts dfbd661), for ETH of an externally owned account:
 *
 * 1. `submit` — on L1, `EnforcedTxGateway.sendTransaction(L2ScrollMessenger, amount, gasLimit,
 *    sendMessage(owner, amount, "", 0))` (selector 0x3934ce9d). The gateway queues an L2
 *    transaction *from the owner* (an EOA caller is not aliased) in L1MessageQueueV2: on L2 it
 *    calls the L2 messenger with `amount` of the owner's L2 ETH, which appends the message
 *    (from = to = owner, value = amount, empty data) to the withdraw trie. `msg.value` pays the
 *    queue's fee, `gasLimit × (block.basefee × baseFeeScalar / 1e18 + baseFeeOverhead)`
 *    (L1MessageQueueV2.estimateCrossDomainMessageFee, SystemConfig.messageQueueParameters at slot
 *    101, proven here rather than asked of an RPC): L1's base fee at inclusion is not known in
 *    advance, so the plan pays for twice the head's base fee (or a fixed ceiling) and the gateway
 *    refunds the rest to the sender in the same transaction.
 *    The L2 messenger is called directly rather than through L2GatewayRouter.withdrawETH (which
 *    ends in the same messenger through L2ETHGateway): one contract fewer whose address and
 *    behaviour the exit depends on, and on L1 the messenger, which holds bridged ETH, pays the
 *    owner itself. The L2 messenger's address is checked against the L1 messenger's immutable
 *    `counterpart`, and the gateway against L1MessageQueueV2's immutable `enforcedTxGateway`,
 *    both read from their proven implementation code, before anything is sent.
 *    Before it is sent, the L2 withdrawals' count (L2MessageQueue.nextMessageIndex, the next
 *    message's nonce) is proven under the finalized L2 state root L1 holds at that head
 *    (./exit-message.ts): the exit's message, appended later, has a nonce at or above it.
 * 2. `queued` — the QueueTransaction log of the verified receipt gives the queue index; the exit
 *    waits until L1MessageQueueV2's proven `nextUnfinalizedQueueIndex` passes it (the message is in
 *    a batch finalized with a validity proof; its L2 transaction ran in that batch). If the
 *    sequencer ignores the queue, enforced mode opens after SystemConfig's proven delays; then
 *    anyone may commit and finalize batches, but only with a validity proof, which a browser
 *    cannot produce: the plan says so and keeps waiting.
 * 3. `claim` — `L1ScrollMessenger.relayMessageWithProof(owner, owner, amount, nonce, "",
 *    (batchIndex, proof))` (0xc311b6fc). The nonce, batch and withdraw-trie proof are hints (the L2
 *    receipt of the forced transaction, whose hash is computed here; Scroll's bridge-history API):
 *    the proof is recomputed to ScrollChain's proven `withdrawRoots[batchIndex]` (slot 159) for a
 *    batch ≤ the proven last finalized one before anything is signed. The message's nonce must be
 *    at least the count proven before the force, and its batch at most the last finalized one when
 *    the queue entry was first seen finalized: a withdrawal of the same owner and amount made
 *    before the force, or after that batch, is never taken for the exit's. Done on the verified
 *    RelayedMessage(hash) log, or when the messenger's `isL2MessageExecuted[hash]` (slot 252) is
 *    proven true (relaying is permissionless: someone else may have).
 * Pure: time and storage arrive proven.
 * @module
 */
import { decodeAbi } from '../../execution/abi.ts';
import { hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { formatDuration, formatEth } from '../../core/units.ts';
import type { L1AccountRequest, ProvenL1Storage, SlotRef } from '../adapter.ts';
import {
  EXIT_TX_REVERTED,
  type ExitInputs,
  type ExitL2Request,
  type ExitPlan,
  type ExitPlanAction,
  type ExitPlanRecord,
  type ExitReceiptFacts,
  type ExitRouteStep,
  dropFacts,
  exitReverted,
  exitWait,
  followSent,
  missingL1,
  moveExit,
  sentReceipt,
  startExitRecord,
  withExitError,
} from '../exit-plan.ts';
import { packedField, provenSlot, storageKey } from '../slots.ts';
import {
  codePushesAddress,
  encodeRelayWithProof,
  encodeSendTransaction,
  FAILED_RELAYED_MESSAGE_TOPIC,
  l1MessageTxHash,
  l2WithdrawCalldata,
  QUEUE_TRANSACTION_TOPIC,
  RELAYED_MESSAGE_TOPIC,
  scrollMessageHash,
  verifyWithdrawProof,
} from './bridge.ts';
import { SCROLL_KIND, type ScrollConfig, type ScrollExitConfig } from './config.ts';
import { type ClaimHint, claimsFromApi, messageNonceFloor, nonceFromReceipt, withinExitBounds } from './exit-message.ts';
import { scrollAdapter } from './adapter.ts';
import { checkProxy, decodeMiscData, scrollStatus } from './follow.ts';

export type ScrollExitStep = 'submit' | 'queued' | 'claim' | 'done' | 'failed';

/** Without the head's base fee, the fee is paid for an L1 base fee up to this (wei per gas); the rest is refunded. */
export const L1_BASE_FEE_CEILING = 200_000_000_000n;
const PRECISION = 10n ** 18n;
/** L1MessageQueueV2: INTRINSIC_GAS_TX + APPROPRIATE_INTRINSIC_GAS_PER_BYTE per calldata byte. */
const intrinsicGas = (data: string) => 21_000n + 40n * BigInt(hexToBytes(data).length);

const TERMINAL = new Set<string>(['done', 'failed']);
const PERMISSIONLESS_BATCHES =
  "anyone may then commit and finalize batches themselves (ScrollChain.commitAndFinalizeBatch), but only with a validity proof of them, which a browser cannot produce: someone has to run Scroll's prover and its permissionless-batch tooling (l2beat's walkthrough, docs.l2beat.com/code_walkthroughs/scroll/sequencing.html, describes the mechanism). Vigil keeps watching L1 and continues as soon as a batch with your request is finalized, whoever finalizes it";

interface ExitParts {
  gateway: { address: string; implementations?: readonly string[] };
  exit: ScrollExitConfig;
}

function parts(config: ScrollConfig): ExitParts {
  const gateway = config.contracts.enforcedTxGateway;
  if (gateway === undefined || config.exit === undefined) {
    throw new InputError(`the ${config.name} config names no forced-exit contracts ("contracts.enforcedTxGateway" and "exit"): Vigil cannot guide a forced exit from it`);
  }
  return { gateway, exit: config.exit };
}

const pad = (address: string) => '0x' + '00'.repeat(12) + address.slice(2).toLowerCase();
const word = (slots: ReadonlyMap<string, bigint> | undefined, ref: SlotRef) => slots?.get(storageKey(ref));
const addressOf = (value: bigint) => '0x' + value.toString(16).padStart(40, '0');

/** The L1 calldata of `submit`. */
export function submitCalldata(config: ScrollConfig, owner: string, amount: bigint): string {
  const { exit } = parts(config);
  return encodeSendTransaction(exit.l2Messenger, owner, amount, BigInt(exit.l2GasLimit));
}

/**
 * The fee `submit` pays, from SystemConfig's proven `messageQueueParameters` (implementation
 * checked): gasLimit × (baseFeeCeiling × scalar / 1e18 + overhead), with the ceiling twice the
 * head's base fee when known. Also checks the gas limit against the queue's bounds.
 * @throws VerificationError L2_IMPLEMENTATION_UNKNOWN, L2_STORAGE_NOT_PROVEN, L2_CONTRACT_MISMATCH (gas limit out of bounds).
 */
export function forcedTransactionFee(config: ScrollConfig, proven: ProvenL1Storage, l2Data: string, baseFeePerGas?: bigint): { fee: bigint; l2BaseFee: bigint; maxGasLimit: bigint } {
  const { exit } = parts(config);
  checkProxy(config, proven, 'systemConfig', config.contracts.systemConfig);
  const params = provenSlot(proven, config.contracts.systemConfig.address, { slot: exit.slots.messageQueueParameters });
  const f = (p: { offset: number; bytes: number }) => packedField(params, p.offset, p.bytes);
  const maxGasLimit = f(exit.slots.maxGasLimit);
  const gasLimit = BigInt(exit.l2GasLimit);
  if (gasLimit > maxGasLimit || gasLimit < intrinsicGas(l2Data)) {
    throw new VerificationError('L2_CONTRACT_MISMATCH', `the forced transaction's L2 gas ${gasLimit} is outside what the queue accepts`, {
      expected: `between ${intrinsicGas(l2Data)} and SystemConfig's maxGasLimit ${maxGasLimit}`,
      got: gasLimit.toString(),
    });
  }
  const ceiling = baseFeePerGas !== undefined ? 2n * baseFeePerGas : L1_BASE_FEE_CEILING;
  const l2BaseFee = (ceiling * f(exit.slots.baseFeeScalar)) / PRECISION + f(exit.slots.baseFeeOverhead);
  return { fee: gasLimit * l2BaseFee, l2BaseFee, maxGasLimit };
}

/** The requests of `wanted` not yet answered by `l1` (slots, accounts, code). */
const missing = (wanted: L1AccountRequest[], l1: ProvenL1Storage): L1AccountRequest[] => missingL1(l1, wanted);

const implRef: (c: ScrollConfig) => SlotRef = (c) => ({ storageKey: c.slots.implementation });

/** An implementation address proven in a proxy's EIP-1967 slot, if it was proven. */
function provenImpl(config: ScrollConfig, l1: ProvenL1Storage, proxy: string): string | undefined {
  const value = word(l1.accounts.get(proxy)?.storage, implRef(config));
  return value === undefined || value >> 160n !== 0n ? undefined : addressOf(value);
}

/** What `submit` reads: the queue and its code (the gateway immutable), SystemConfig's fee word, the gateway's pause flag, the L1 messenger's code (its L2 counterpart). */
function submitRequests(config: ScrollConfig, l1: ProvenL1Storage): L1AccountRequest[] {
  const { gateway, exit } = parts(config);
  const impl = implRef(config);
  const requests: L1AccountRequest[] = [
    { address: config.contracts.messageQueue.address, slots: [impl] },
    { address: config.contracts.systemConfig.address, slots: [impl, { slot: exit.slots.messageQueueParameters }] },
    { address: exit.l1Messenger.address, slots: [impl, { slot: exit.slots.messengerPaused }] },
    ...(gateway.implementations !== undefined ? [{ address: gateway.address, slots: [impl, { slot: exit.slots.gatewayPaused }] }] : []),
  ];
  for (const proxy of [config.contracts.messageQueue.address, exit.l1Messenger.address]) {
    const at = provenImpl(config, l1, proxy);
    if (at !== undefined) requests.push({ address: at, slots: [], code: true });
  }
  return requests;
}

/** What `claim` reads before the hints: ScrollChain's progress, the messenger's implementation and pause flag. */
function claimRequests(config: ScrollConfig): L1AccountRequest[] {
  const { exit } = parts(config);
  return [
    { address: config.contracts.scrollChain.address, slots: [implRef(config), { slot: config.slots.scrollChain.miscData }] },
    { address: exit.l1Messenger.address, slots: [implRef(config), { slot: exit.slots.messengerPaused }] },
  ];
}

type Advance = { record: ExitPlanRecord; action: ExitPlanAction };

/** The record with `error` set (unchanged if it already says so), and a wait explaining it. */
function refuse(record: ExitPlanRecord, err: unknown, now: number, reason: string): Advance {
  if (!(err instanceof VerificationError || err instanceof InputError)) throw err;
  return exitWait(withExitError(record, err.code, err.message, now), `${reason}: ${err.message}`);
}

/** A sent transaction's outcome (exit-plan's followSent) as this plan reads it: a revert goes back to the same step, or ends the exit. */
function follow(record: ExitPlanRecord, label: string, inputs: ExitInputs): { record: ExitPlanRecord; receipt?: ExitReceiptFacts; pending?: true; failed?: true } {
  const out = followSent(record, label, inputs, { retry: record.step, what: `your ${label} transaction ${record.sent[label]?.hash}` });
  if (out.state === 'pending') return { record, pending: true };
  if (out.state === 'passed') return { record, receipt: out.receipt };
  if (out.state === 'unsent') return { record };
  return out.record.step === 'failed' ? { record: out.record, failed: true } : { record: out.record };
}

/** A transaction of the exit (`what`) failed on L1: counted, forgotten (a fresh one may be sent); failed at MAX_EXIT_REVERTS. */
function reverted(record: ExitPlanRecord, label: string, what: string, now: number): { record: ExitPlanRecord; failed?: true } {
  const next = exitReverted(record, { label, retry: record.step, what, now });
  return next.step === 'failed' ? { record: next, failed: true } : { record: next };
}

/** The record about to send on `step`: a refusal cleared, but a revert's error kept (the fresh transaction answers it). */
const keepRevert = (record: ExitPlanRecord, step: string, now: number): ExitPlanRecord => (record.error?.code === EXIT_TX_REVERTED ? record : moveExit(record, step, now));

const waitPending = (record: ExitPlanRecord, label: string): Advance => ({
  record,
  action: { kind: 'wait', reason: `Waiting for your ${label} transaction ${record.sent[label]!.hash} to be included in a verified L1 block.` },
});

/** This exit's QueueTransaction in a successful submit receipt: its queue index and the L2 transaction hash it makes. */
function queueEntry(config: ScrollConfig, record: ExitPlanRecord, receipt: ExitReceiptFacts): { queueIndex: string; l2TxHash: string } | undefined {
  const { exit } = parts(config);
  const owner = record.owner;
  const amount = BigInt(record.amount);
  const l2Data = l2WithdrawCalldata(owner, amount);
  const queue = config.contracts.messageQueue.address;
  const log = receipt.logs.find(
    (l) => l.address.toLowerCase() === queue && l.topics[0]?.toLowerCase() === QUEUE_TRANSACTION_TOPIC && l.topics[1]?.toLowerCase() === pad(owner) && l.topics[2]?.toLowerCase() === pad(exit.l2Messenger),
  );
  const fields = log === undefined ? undefined : decodeAbi(['uint256', 'uint64', 'uint256', 'bytes'], log.data);
  if (fields === undefined || fields[0] !== amount || fields[2] !== BigInt(exit.l2GasLimit) || fields[3] !== l2Data.toLowerCase()) return undefined;
  const queueIndex = fields[1] as bigint;
  return { queueIndex: queueIndex.toString(), l2TxHash: l1MessageTxHash({ queueIndex, gasLimit: BigInt(exit.l2GasLimit), to: exit.l2Messenger, value: amount, data: l2Data, sender: owner }) };
}

/** What the queue entry gives, and what was learned from it (its L2 message's nonce, hash and batch). */
const QUEUE_FACTS = ['queueIndex', 'l2TxHash', 'messageHash', 'messageNonce', 'batchIndex'] as const;

/**
 * The queue entry read again from the submit receipt while its block is not finalized: moved to
 * another block (another queue index, so another L2 transaction) or gone, the record goes back to
 * `submit` without it, which waits for the receipt (or sends again once the runner found the
 * transaction dropped) and reads the entry anew. Undefined while it stands.
 */
function recheckQueued(config: ScrollConfig, record: ExitPlanRecord, inputs: ExitInputs): ExitPlanRecord | undefined {
  const at = sentReceipt(record, 'submit', inputs);
  if (at?.state === 'final') return undefined;
  const receipt = at?.state === 'held' && hexToBigInt(at.receipt.status) === 1n ? at.receipt : undefined;
  const entry = receipt === undefined ? undefined : queueEntry(config, record, receipt);
  if (entry !== undefined && entry.queueIndex === record.facts.queueIndex) return undefined;
  const note = entry !== undefined ? `the forced transaction moved to L1 block ${hexToBigInt(receipt!.blockNumber)}: its queue entry is read again` : 'the block of the forced transaction left the chain: waiting for it again';
  return moveExit(dropFacts(record, QUEUE_FACTS), 'submit', inputs.now, note);
}

function advanceSubmit(config: ScrollConfig, record: ExitPlanRecord, inputs: ExitInputs): Advance {
  const { gateway, exit } = parts(config);
  const owner = record.owner;
  const amount = BigInt(record.amount);
  const l2Data = l2WithdrawCalldata(owner, amount);
  const followed = follow(record, 'submit', inputs);
  record = followed.record;
  if (followed.failed) return { record, action: { kind: 'done' } };
  if (followed.pending) return waitPending(record, 'submit');
  if (followed.receipt !== undefined) {
    const entry = queueEntry(config, record, followed.receipt);
    if (entry === undefined) {
      const err = new VerificationError('L2_CONTRACT_MISMATCH', `the verified receipt of ${record.sent.submit!.hash} holds no QueueTransaction of this exit from ${config.contracts.messageQueue.address}`);
      return refuse(record, err, inputs.now, 'Your forced transaction was mined but Vigil cannot find it in the queue');
    }
    const next = moveExit(record, 'queued', inputs.now, `queue index ${entry.queueIndex}, L2 transaction ${entry.l2TxHash}`, entry);
    return advanceQueued(config, next, inputs);
  }

  // Storage first; the implementations are checked before their code is asked for.
  const storageNeed = missing(submitRequests(config, inputs.l1).filter((r) => r.code !== true), inputs.l1);
  if (storageNeed.length > 0) return { record, action: { kind: 'need', l1: storageNeed } };
  let fee: bigint;
  try {
    checkProxy(config, inputs.l1, 'messageQueue', config.contracts.messageQueue);
    const messengerImpl = checkProxy(config, inputs.l1, 'l1Messenger', exit.l1Messenger);
    const codeNeed = missing(submitRequests(config, inputs.l1), inputs.l1);
    if (codeNeed.length > 0) return { record, action: { kind: 'need', l1: codeNeed } };
    const queueCode = inputs.l1.accounts.get(provenImpl(config, inputs.l1, config.contracts.messageQueue.address)!)!.code!;
    if (!codePushesAddress(queueCode, gateway.address)) {
      throw new VerificationError('L2_CONTRACT_MISMATCH', `L1MessageQueueV2's implementation does not name ${gateway.address} as its EnforcedTxGateway: the queue would refuse it`);
    }
    if (!codePushesAddress(inputs.l1.accounts.get(messengerImpl)!.code!, exit.l2Messenger)) {
      throw new VerificationError('L2_CONTRACT_MISMATCH', `L1ScrollMessenger's implementation does not name ${exit.l2Messenger} as its L2 counterpart: the withdrawal would not be claimable`);
    }
    if (provenSlot(inputs.l1, exit.l1Messenger.address, { slot: exit.slots.messengerPaused }) & 0xffn) {
      return { record, action: { kind: 'wait', reason: "Scroll's L1 messenger is paused by its owner: a withdrawal could not be claimed now, so nothing is sent until it is unpaused." } };
    }
    if (gateway.implementations !== undefined) {
      checkProxy(config, inputs.l1, 'enforcedTxGateway', { address: gateway.address, implementations: gateway.implementations });
      if (provenSlot(inputs.l1, gateway.address, { slot: exit.slots.gatewayPaused }) & 0xffn) {
        return { record, action: { kind: 'wait', reason: "Scroll's EnforcedTxGateway is paused by its owner: forced transactions cannot be sent until it is unpaused." } };
      }
    }
    fee = forcedTransactionFee(config, inputs.l1, l2Data, inputs.head.baseFeePerGas).fee;
  } catch (err) {
    return refuse(record, err, inputs.now, 'Vigil will not send the forced transaction');
  }
  const floor = messageNonceFloor(record, inputs);
  if ('out' in floor) return floor.out;
  return {
    record: { ...keepRevert(record, 'submit', inputs.now), facts: { ...record.facts, ...floor.facts } },
    action: {
      kind: 'send',
      label: 'submit',
      to: gateway.address,
      value: fee,
      data: submitCalldata(config, owner, amount),
      summary: `Force a withdrawal of ${formatEth(amount)} out of ${config.name} through Ethereum (EnforcedTxGateway.sendTransaction): Scroll must include it without its sequencer's consent. This pays at most ${formatEth(fee)} to Scroll's fee vault for ${exit.l2GasLimit} L2 gas; the unused part comes back in the same transaction.`,
    },
  };
}

function advanceQueued(config: ScrollConfig, record: ExitPlanRecord, inputs: ExitInputs): Advance {
  const queueIndex = BigInt(record.facts.queueIndex!);
  const first = scrollAdapter.l1Slots(config);
  let need = missing(first, inputs.l1);
  if (need.length === 0) need = missing(scrollAdapter.l1Slots(config, inputs.l1), inputs.l1);
  if (need.length > 0) return { record, action: { kind: 'need', l1: need } };
  let status;
  let next: bigint;
  try {
    status = scrollStatus(config, inputs.l1);
    next = provenSlot(inputs.l1, config.contracts.messageQueue.address, { slot: config.slots.messageQueue.nextUnfinalizedQueueIndex });
  } catch (err) {
    return refuse(record, err, inputs.now, "Vigil cannot read Scroll's queue");
  }
  if (next > queueIndex) {
    // The batch that ran it is at most the last finalized one now: a message of a later batch is not the exit's.
    const ceiling: Record<string, string> = record.facts.claimBatchCeiling !== undefined ? {} : { claimBatchCeiling: status.lastFinalizedBatchIndex.toString() };
    return advanceClaim(config, moveExit(record, 'claim', inputs.now, `queue index ${queueIndex} finalized (batch ≤ ${status.lastFinalizedBatchIndex})`, ceiling), inputs);
  }
  const now = BigInt(inputs.now);
  const base = `Your request is entry #${queueIndex} of Scroll's L1 queue. It is done once a batch that includes it is finalized on L1 with a validity proof (${next} entries are so far).`;
  if (status.enforcedMode) {
    return exitWait(record, `${base} Scroll is in enforced mode: its sequencer is bypassed, and ${PERMISSIONLESS_BATCHES}.`);
  }
  if (status.enforcedModeOpensAt > now) {
    return {
      record,
      action: {
        kind: 'wait',
        reason: `${base} If Scroll's sequencer keeps ignoring the queue, enforced mode opens in ${formatDuration(Number(status.enforcedModeOpensAt - now))} (SystemConfig: ${formatDuration(Number(status.maxDelayMessageQueue))} after the oldest waiting entry, or ${formatDuration(Number(status.maxDelayEnterEnforcedMode))} without a finalized batch); then ${PERMISSIONLESS_BATCHES}.`,
        until: Number(status.enforcedModeOpensAt),
      },
    };
  }
  return exitWait(record, `${base} Enforced mode is open (Scroll's delays passed) but nobody has used it yet: ${PERMISSIONLESS_BATCHES}.`);
}

function advanceClaim(config: ScrollConfig, record: ExitPlanRecord, inputs: ExitInputs): Advance {
  const { exit } = parts(config);
  const owner = record.owner;
  const amount = BigInt(record.amount);
  const messenger = exit.l1Messenger.address;
  const known = record.facts.messageHash;
  const followed = follow(record, 'claim', inputs);
  record = followed.record;
  if (followed.failed) return { record, action: { kind: 'done' } };
  if (followed.pending) return waitPending(record, 'claim');
  if (followed.receipt !== undefined && known !== undefined) {
    const emitted = (topic: string) => followed.receipt!.logs.some((l) => l.address.toLowerCase() === messenger && l.topics[0]?.toLowerCase() === topic && l.topics[1]?.toLowerCase() === known);
    if (emitted(RELAYED_MESSAGE_TOPIC)) return { record: moveExit(record, 'done', inputs.now, `relayed: ${formatEth(amount)} paid to ${owner} on L1`), action: { kind: 'done' } };
    const why = emitted(FAILED_RELAYED_MESSAGE_TOPIC) ? 'FailedRelayedMessage' : 'no RelayedMessage';
    const r = reverted(record, 'claim', `your claim ${record.sent.claim!.hash} (mined, but the messenger could not pay: ${why})`, inputs.now);
    record = r.record;
    if (r.failed) return { record, action: { kind: 'done' } };
  }

  let need = missing(claimRequests(config), inputs.l1);
  const l2TxHash = record.facts.l2TxHash!;
  const l2: ExitL2Request[] = [{ key: `scroll-l2-receipt:${l2TxHash}`, method: 'eth_getTransactionReceipt', params: [l2TxHash] }];
  if (exit.bridgeApi !== undefined) {
    const url = `${exit.bridgeApi}/l2/unclaimed/withdrawals?address=${owner}&page=1&page_size=100`;
    l2.push({ key: `scroll-claims:${owner}`, method: 'GET', params: [], url });
  }
  const l2Missing = l2.filter((r) => !inputs.l2.has(r.key));
  if (need.length > 0 || l2Missing.length > 0) return { record, action: { kind: 'need', ...(need.length > 0 ? { l1: need } : {}), ...(l2Missing.length > 0 ? { l2: l2Missing } : {}) } };

  let hint: ClaimHint | undefined;
  // Whether the L2 receipt named the message's nonce; otherwise only the API's word ties the entry to this exit.
  let nonceFromL2Receipt = false;
  try {
    const nonce = nonceFromReceipt(exit.l2Messenger, record, inputs.l2.get(l2[0]!.key));
    nonceFromL2Receipt = nonce !== undefined;
    const claims = exit.bridgeApi === undefined ? [] : claimsFromApi(record, inputs.l2.get(l2[1]!.key), nonce);
    hint = claims[0];
  } catch (err) {
    return refuse(record, err, inputs.now, 'Vigil will not claim from this hint');
  }
  if (hint === undefined) {
    const source = exit.bridgeApi === undefined ? 'this config names no bridge API to ask for it' : `Scroll's bridge API (${exit.bridgeApi}) does not list it yet`;
    return exitWait(record, `Your withdrawal is in a finalized batch; its claim needs the message's withdraw-trie proof, and ${source}. Vigil asks again at the next block.`);
  }
  try {
    withinExitBounds(record, hint);
  } catch (err) {
    return refuse(record, err, inputs.now, 'Vigil will not take this message for your withdrawal');
  }
  const hash = scrollMessageHash({ from: owner, to: owner, value: amount, nonce: hint.nonce, message: '0x' });
  need = missing(
    [
      { address: config.contracts.scrollChain.address, slots: [{ mapping: exit.slots.withdrawRoots, key: hint.batchIndex }] },
      { address: messenger, slots: [{ mapping: exit.slots.isL2MessageExecuted, key: hexToBigInt(hash) }] },
    ],
    inputs.l1,
  );
  if (need.length > 0) return { record, action: { kind: 'need', l1: need } };

  try {
    checkProxy(config, inputs.l1, 'scrollChain', config.contracts.scrollChain);
    checkProxy(config, inputs.l1, 'l1Messenger', exit.l1Messenger);
    if (provenSlot(inputs.l1, messenger, { mapping: exit.slots.isL2MessageExecuted, key: hexToBigInt(hash) }) & 0xffn) {
      // The API alone may pin this exit's transaction hash on an older withdrawal of the same fields, relayed long ago: never done on its word.
      if (!nonceFromL2Receipt) {
        return exitWait(record, `The bridge API names message ${hash} as your withdrawal's, and it is already relayed on L1; without the L2 receipt's SentMessage Vigil cannot tell it is yours, so it neither claims nor stops, and asks again at the next block.`);
      }
      return { record: moveExit(record, 'done', inputs.now, `message ${hash} already relayed on L1`, { messageHash: hash }), action: { kind: 'done' } };
    }
    const misc = decodeMiscData(config, provenSlot(inputs.l1, config.contracts.scrollChain.address, { slot: config.slots.scrollChain.miscData }));
    const root = provenSlot(inputs.l1, config.contracts.scrollChain.address, { mapping: exit.slots.withdrawRoots, key: hint.batchIndex });
    if (hint.batchIndex > misc.lastFinalizedBatchIndex || root === 0n) {
      throw new VerificationError('SCROLL_WITHDRAW_PROOF_INVALID', `the hint names batch ${hint.batchIndex}, which has no finalized withdraw root on L1 (last finalized: ${misc.lastFinalizedBatchIndex})`);
    }
    const rootHex = '0x' + root.toString(16).padStart(64, '0');
    if (!verifyWithdrawProof(rootHex, hash, hint.nonce, hint.proof)) {
      throw new VerificationError('SCROLL_WITHDRAW_PROOF_INVALID', `the withdraw-trie proof of message ${hash} (nonce ${hint.nonce}) does not lead to withdrawRoots[${hint.batchIndex}]`, { expected: rootHex });
    }
    if (provenSlot(inputs.l1, messenger, { slot: exit.slots.messengerPaused }) & 0xffn) {
      return exitWait(record, "Your withdrawal is proven, but Scroll's L1 messenger is paused by its owner: the claim is sent once it is unpaused.");
    }
  } catch (err) {
    return refuse(record, err, inputs.now, 'Vigil will not claim with this proof');
  }
  const facts = { messageHash: hash, messageNonce: hint.nonce.toString(), batchIndex: hint.batchIndex.toString() };
  return {
    record: { ...keepRevert(record, 'claim', inputs.now), facts: { ...record.facts, ...facts } },
    action: {
      kind: 'send',
      label: 'claim',
      to: messenger,
      value: 0n,
      data: encodeRelayWithProof(owner, amount, hint.nonce, hint.batchIndex, hint.proof),
      summary: `Claim ${formatEth(amount)} on Ethereum from ${config.name} (L1ScrollMessenger.relayMessageWithProof, message ${hash} in batch ${hint.batchIndex}, proof checked against the root L1 finalized).`,
    },
  };
}

/** SystemConfig's delays proven in `l1`, or undefined when they were not (or its implementation is not pinned). */
function provenDelays(config: ScrollConfig, l1?: ProvenL1Storage): { enter: bigint; queue: bigint } | undefined {
  if (l1 === undefined) return undefined;
  try {
    checkProxy(config, l1, 'systemConfig', config.contracts.systemConfig);
    const s = config.slots.systemConfig;
    const params = provenSlot(l1, config.contracts.systemConfig.address, { slot: s.enforcedBatchParameters });
    return { enter: packedField(params, s.maxDelayEnterEnforcedMode.offset, s.maxDelayEnterEnforcedMode.bytes), queue: packedField(params, s.maxDelayMessageQueue.offset, s.maxDelayMessageQueue.bytes) };
  } catch {
    return undefined;
  }
}

export const scrollExitPlan: ExitPlan<ScrollConfig> = {
  kind: SCROLL_KIND,
  terminal: TERMINAL,
  accounts: 'evm',
  partial: true,

  route(config, l1) {
    const delays = provenDelays(config, l1);
    const unknown = 'read from SystemConfig (slot 102) at a verified head';
    const steps: ExitRouteStep[] = [
      {
        step: 'submit',
        title: 'Force your withdrawal in through Ethereum',
        who: 'you',
        detail: `One Ethereum transaction to Scroll's EnforcedTxGateway puts an L2 transaction from your account into Scroll's L1 queue: it sends your ETH to Scroll's L2 messenger as a withdrawal to the same address on Ethereum. It costs Ethereum gas and a small queue fee (the unused part is refunded).`,
      },
      {
        step: 'queued',
        title: 'Scroll includes and finalizes it',
        who: 'rollup',
        ...(delays !== undefined ? { delaySeconds: Number(delays.queue) } : {}),
        detail: `Scroll's sequencer must include queued transactions, and a batch holding yours must be finalized on Ethereum with a validity proof; there is no challenge period. If no queued entry is finalized for ${delays !== undefined ? formatDuration(Number(delays.queue)) : `a delay ${unknown}`} (or no batch at all for ${delays !== undefined ? formatDuration(Number(delays.enter)) : 'a second delay'}), Scroll's enforced mode opens.`,
      },
      {
        step: 'enforced',
        title: 'If the sequencer ignores it: enforced mode',
        who: 'anyone',
        ...(delays !== undefined ? { delaySeconds: Number(delays.enter) } : {}),
        detail: `In enforced mode ${PERMISSIONLESS_BATCHES}.`,
      },
      {
        step: 'claim',
        title: 'Claim your ETH on Ethereum',
        who: 'you',
        delaySeconds: 0,
        detail: `Once the batch is finalized there is no further wait: one Ethereum transaction to Scroll's L1 messenger proves your withdrawal against the withdraw root Ethereum holds for that batch and pays you. Vigil checks the proof against that root before you sign.`,
      },
    ];
    return steps;
  },

  start(config, params) {
    parts(config);
    return startExitRecord({ kind: SCROLL_KIND, rollupChainId: config.chainId, step: 'submit' }, params);
  },

  advance(config, record, inputs) {
    if (record.kind !== SCROLL_KIND || record.rollupChainId !== config.chainId) {
      throw new InputError(`the exit ${record.id} is not a ${config.name} exit`);
    }
    if (record.facts.queueIndex !== undefined && !TERMINAL.has(record.step)) record = recheckQueued(config, record, inputs) ?? record;
    switch (record.step as ScrollExitStep) {
      case 'submit':
        return advanceSubmit(config, record, inputs);
      case 'queued':
        return advanceQueued(config, record, inputs);
      case 'claim':
        return advanceClaim(config, record, inputs);
      case 'done':
      case 'failed':
        return { record, action: { kind: 'done' } };
      default:
        throw new InputError(`unknown step ${JSON.stringify(record.step)} of a ${SCROLL_KIND} exit`);
    }
  },
};
