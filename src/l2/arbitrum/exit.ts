/**
 * The forced exit from an Arbitrum Nitro chain (Arbitrum One, Arbitrum Sepolia) when its sequencer
 * ignores the user, as an {@link ExitPlan} (docs/research/real-rollups.md §3.4–§3.5):
 *
 * 1. `sign-l2`: the wallet signs an L2 EIP-1559 transaction `ArbSys(0x64).withdrawEth(owner)` of
 *    `amount` (its nonce and fee are the L2 RPC's hints: a wrong one only makes the transaction fail
 *    on L2, which then is seen from proven state and a new one signed). Its bytes are kept in
 *    `facts`: a restart never signs another.
 * 2. `submit`: L1 `Inbox.sendL2Message(0x04 ‖ signedTx)` (L2MessageKind_SignedTx, nitro
 *    arbos/parse_l2.go): the signature, not the L1 poster (aliased by the Inbox), names the L2
 *    sender. Its verified receipt's Bridge `MessageDelivered` log gives the delayed message, whose
 *    hash chained to the log's `beforeInboxAcc` must be the Bridge's proven `delayedInboxAccs[i]`.
 * 3. `include` / `force`: the sequencer has `delayBlocks` (min the delay buffer when
 *    delay-bufferable) L1 blocks to read it; after that anyone may call
 *    `SequencerInbox.forceInclusion` with the message's fields. A proven `totalDelayedMessagesRead`
 *    past the message ends the wait either way.
 * 4. `confirm`: the message is read by a *confirmed* L2 block (its header's nonce counts the
 *    delayed messages read, nitro arbos/block_processor.go) and the withdrawal's leaf is below that
 *    block's send count; the confirmation period (`confirmPeriodBlocks`) is then behind it.
 * 5. `execute`: L1 `Outbox.executeTransaction` with the leaf's Merkle proof (NodeInterface(0xc8)
 *    `constructOutboxProof`, a hint), recomputed here to a root whose Outbox `roots[root]` is proven,
 *    the `spent` bit proven unset; done on the receipt's `OutBoxTransactionExecuted` or a proven
 *    spent bit.
 *
 * Sources (nitro-contracts at 67487333202561b74492d07de62a4f56be28560e; nitro at
 * 6dce8d13902649a1acdfd3f2504129f1f5612358): src/bridge/AbsInbox.sol (sendL2Message →
 * _deliverMessage: InboxMessageDelivered(msgNum, data), messageDataHash = keccak256(data)),
 * src/bridge/Inbox.sol (_deliverToBridge: applyL1ToL2Alias(sender)), src/bridge/AbsBridge.sol
 * (addMessageToDelayedAccumulator: block.number, block.timestamp, block.basefee (Bridge.sol
 * _baseFeeToReport), MessageDelivered(count, prevAcc, msg.sender, kind, sender, messageDataHash,
 * baseFeeL1, timestamp)), src/bridge/Messages.sol (messageHash, accumulateInboxMessage),
 * src/bridge/SequencerInbox.sol (forceInclusion, forceInclusionDeadline, delayBufferableBlocks),
 * src/bridge/DelayBuffer.sol (calcBuffer, calcPendingBuffer), src/bridge/AbsOutbox.sol
 * (executeTransaction, recordOutputAsSpent, _calcSpentIndexOffset, calculateItemHash,
 * calculateMerkleRoot), src/libraries/MerkleLib.sol (calculateRoot), src/libraries/MessageTypes.sol
 * (L2_MSG = 3), src/libraries/AddressAliasHelper.sol (OFFSET); nitro precompiles/ArbSys.go
 * (SendTxToL1: the send hash and L2ToL1Tx), arbos/merkleAccumulator (leaves hashed once more).
 * @module
 */
import { decodeAbi, encodeFunctionCall, eventTopic } from '../../execution/abi.ts';
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, equalBytes, hexToBytes, isHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aboutDuration } from '../../core/units.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { decodeHeader } from '../../execution/header.ts';
import { decodeTransaction, recoverSender, transactionHash } from '../../execution/transactions.ts';
import type { ProvenL1Storage, SlotRef } from '../adapter.ts';
import { verifyEvmAccount } from '../evm-account.ts';
import {
  type ExitInputs,
  type ExitL2TxRequest,
  type ExitPlan,
  type ExitPlanAction,
  type ExitPlanRecord,
  type ExitReceiptFacts,
  type ExitRouteStep,
  MAX_EXIT_REVERTS,
  moveExit,
  newExitRecord,
} from '../exit-plan.ts';
import { arrayElementKey, mappingKey, packedField, storageKey } from '../slots.ts';
import { ARBITRUM_KIND, type ArbitrumConfig, type ContractName } from './config.ts';
import { checkImplementations, nitroHeaderInfo } from './follow.ts';

/** ArbSys, the L2 precompile whose withdrawEth sends ETH to L1 (nitro precompiles/ArbSys.go). */
export const ARBSYS = '0x0000000000000000000000000000000000000064';
/** NodeInterface, the L2 RPC's virtual contract answering constructOutboxProof by eth_call (nitro-contracts src/node-interface/NodeInterface.sol). */
export const NODE_INTERFACE = '0x00000000000000000000000000000000000000c8';
/** Delayed message kind L2_MSG (src/libraries/MessageTypes.sol). */
export const L2_MSG = 3;
/** The first byte of an L2 message carrying one signed transaction (nitro arbos/parse_l2.go L2MessageKind_SignedTx). */
export const L2_MESSAGE_KIND_SIGNED_TX = 4;
/** AddressAliasHelper.OFFSET: the Inbox delivers msg.sender + OFFSET (mod 2^160) as the message's sender. */
const ALIAS_OFFSET = 0x1111000000000000000000000000000000001111n;

export const WITHDRAW_ETH = 'withdrawEth(address)';
export const SEND_L2_MESSAGE = 'sendL2Message(bytes)';
export const FORCE_INCLUSION = 'forceInclusion(uint256,uint8,uint64[2],uint256,address,bytes32)';
export const EXECUTE_TRANSACTION = 'executeTransaction(bytes32[],uint256,address,address,uint256,uint256,uint256,uint256,bytes)';
export const CONSTRUCT_OUTBOX_PROOF = 'constructOutboxProof(uint64,uint64)';

/** Bridge `MessageDelivered(uint256 indexed messageIndex, bytes32 indexed beforeInboxAcc, address inbox, uint8 kind, address sender, bytes32 messageDataHash, uint256 baseFeeL1, uint64 timestamp)` (src/bridge/IBridge.sol). */
export const MESSAGE_DELIVERED_TOPIC = /* @__PURE__ */ eventTopic('MessageDelivered(uint256,bytes32,address,uint8,address,bytes32,uint256,uint64)');
/** Inbox `InboxMessageDelivered(uint256 indexed messageNum, bytes data)` (src/bridge/IDelayedMessageProvider.sol). */
export const INBOX_MESSAGE_DELIVERED_TOPIC = /* @__PURE__ */ eventTopic('InboxMessageDelivered(uint256,bytes)');
/** ArbSys `L2ToL1Tx(address caller, address indexed destination, uint256 indexed hash, uint256 indexed position, uint256 arbBlockNum, uint256 ethBlockNum, uint256 timestamp, uint256 callvalue, bytes data)`. */
export const L2_TO_L1_TX_TOPIC = /* @__PURE__ */ eventTopic('L2ToL1Tx(address,address,uint256,uint256,uint256,uint256,uint256,uint256,bytes)');
/** Outbox `OutBoxTransactionExecuted(address indexed to, address indexed l2Sender, uint256 indexed zero, uint256 transactionIndex)` (src/bridge/IOutbox.sol). */
export const OUTBOX_TRANSACTION_EXECUTED_TOPIC = /* @__PURE__ */ eventTopic('OutBoxTransactionExecuted(address,address,uint256,uint256)');

export type ArbitrumExitStep = 'sign-l2' | 'submit' | 'include' | 'force' | 'confirm' | 'execute' | 'done' | 'failed';

const TERMINAL: ReadonlySet<string> = new Set<ArbitrumExitStep>(['done', 'failed']);

/** The wallet's label for the L2 transaction it signs (ExitL2TxRequest.label, inputs.signedL2's key). */
export const L2_TX_LABEL = 'withdraw';

// ---------------------------------------------------------------------------------------------
// Hashes (each as the contract computes it)

const hex32 = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));
const word = (x: bigint) => bigIntToBytesPadded(x, 32);
const addressBytes = (a: string) => hexToBytes(a, 20, 'address');

/** applyL1ToL2Alias: the L2 sender the Inbox names for an L1 caller. */
export function applyL1ToL2Alias(l1Address: string): string {
  const a = (BigInt(bytesToHex(addressBytes(l1Address))) + ALIAS_OFFSET) % (1n << 160n);
  return bytesToHex(bigIntToBytesPadded(a, 20));
}

/** A delayed message's fields (Messages.Message). */
export interface DelayedMessage {
  kind: number;
  /** The aliased L1 sender (lower-case 0x-hex). */
  sender: string;
  blockNumber: bigint;
  timestamp: bigint;
  inboxSeqNum: bigint;
  baseFeeL1: bigint;
  messageDataHash: string;
}

/** Messages.messageHash: keccak256(abi.encodePacked(uint8 kind, address sender, uint64 blockNumber, uint64 timestamp, uint256 inboxSeqNum, uint256 baseFeeL1, bytes32 messageDataHash)). */
export function delayedMessageHash(m: DelayedMessage): Uint8Array {
  return keccak256(
    concatBytes(
      Uint8Array.of(m.kind),
      addressBytes(m.sender),
      bigIntToBytesPadded(m.blockNumber, 8),
      bigIntToBytesPadded(m.timestamp, 8),
      word(m.inboxSeqNum),
      word(m.baseFeeL1),
      hexToBytes(m.messageDataHash, 32, 'messageDataHash'),
    ),
  );
}

/** Messages.accumulateInboxMessage: keccak256(prevAcc ‖ messageHash). */
export function accumulateInboxMessage(prevAcc: Uint8Array, messageHash: Uint8Array): Uint8Array {
  return keccak256(concatBytes(prevAcc, messageHash));
}

/** An L2→L1 send (the L2ToL1Tx event's fields; Outbox.executeTransaction's arguments). */
export interface L2ToL1Send {
  position: bigint;
  caller: string;
  destination: string;
  arbBlockNum: bigint;
  ethBlockNum: bigint;
  timestamp: bigint;
  callvalue: bigint;
  data: string;
}

/** Outbox.calculateItemHash = ArbSys's send hash: keccak256(abi.encodePacked(l2Sender, to, l2Block, l1Block, l2Timestamp, value, data)). */
export function outboxItemHash(s: Omit<L2ToL1Send, 'position'>): Uint8Array {
  return keccak256(
    concatBytes(addressBytes(s.caller), addressBytes(s.destination), word(s.arbBlockNum), word(s.ethBlockNum), word(s.timestamp), word(s.callvalue), hexToBytes(s.data)),
  );
}

/**
 * Outbox.calculateMerkleRoot: the item hashed once more (a leaf), then MerkleLib.calculateRoot
 * (bit i of `index` clear: keccak(h ‖ node), set: keccak(node ‖ h)). Refuses what
 * recordOutputAsSpent refuses: a proof of 256 nodes or more, an index ≥ 2^proof.length.
 * @throws InputError
 */
export function outboxRoot(proof: readonly string[], index: bigint, item: Uint8Array): Uint8Array {
  if (proof.length >= 256) throw new InputError(`"proof" expected fewer than 256 nodes (ProofTooLong), got ${proof.length}`);
  if (index < 0n || index >= 1n << BigInt(proof.length)) throw new InputError(`"index" expected < 2^${proof.length} (PathNotMinimal), got ${index}`);
  let h = keccak256(item);
  proof.forEach((node, i) => {
    const n = hexToBytes(node, 32, `proof[${i}]`);
    h = ((index >> BigInt(i)) & 1n) === 0n ? keccak256(concatBytes(h, n)) : keccak256(concatBytes(n, h));
  });
  return h;
}

/** The Outbox `spent` word and bit of a leaf (_calcSpentIndexOffset: index / 255, index % 255; the MSB reserved). */
export function spentPosition(index: bigint): { word: bigint; bit: bigint } {
  return { word: index / 255n, bit: index % 255n };
}

/** The SequencerInbox's delay buffer (BufferData, src/bridge/DelayBufferTypes.sol), from its two proven words. */
export interface DelayBuffer {
  bufferBlocks: bigint;
  max: bigint;
  threshold: bigint;
  prevBlockNumber: bigint;
  replenishRateInBasis: bigint;
  prevSequencedBlockNumber: bigint;
}

export function readDelayBuffer(word0: bigint, word1: bigint): DelayBuffer {
  return {
    bufferBlocks: packedField(word0, 0, 8),
    max: packedField(word0, 8, 8),
    threshold: packedField(word0, 16, 8),
    prevBlockNumber: packedField(word0, 24, 8),
    replenishRateInBasis: packedField(word1, 0, 8),
    prevSequencedBlockNumber: packedField(word1, 8, 8),
  };
}

/** DelayBuffer.calcPendingBuffer(blockNumber) (calcBuffer with BASIS 10000). */
export function pendingBuffer(b: DelayBuffer, blockNumber: bigint): bigint {
  const start = b.prevBlockNumber;
  const elapsed = blockNumber > start ? blockNumber - start : 0n;
  const delay = b.prevSequencedBlockNumber > start ? b.prevSequencedBlockNumber - start : 0n;
  let buffer = b.bufferBlocks + (elapsed * b.replenishRateInBasis) / 10_000n;
  let unexpected = delay > b.threshold ? delay - b.threshold : 0n;
  if (unexpected > elapsed) unexpected = elapsed;
  if (buffer > unexpected) {
    buffer -= unexpected;
    if (buffer > b.threshold) return buffer > b.max ? b.max : buffer;
  }
  return b.threshold;
}

/**
 * The blocks after a delayed message's L1 block before forceInclusion takes it
 * (SequencerInbox.forceInclusionDeadline − blockNumber): `delayBlocks`, or less while a
 * delay-bufferable inbox's buffer is below it. Whether the inbox is delay-bufferable is an
 * immutable of its code, not storage; a bufferable one has a non-zero `buffer.max`
 * (isValidBufferConfig), a plain one all zeros there.
 */
export function forceInclusionDelayBlocks(delayBlocks: bigint, buffer: DelayBuffer | undefined, blockNumber: bigint): bigint {
  if (buffer === undefined || buffer.max === 0n) return delayBlocks;
  const pending = pendingBuffer(buffer, blockNumber);
  return pending < delayBlocks ? pending : delayBlocks;
}

// ---------------------------------------------------------------------------------------------
// Calldata

export const encodeWithdrawEth = (destination: string): string => encodeFunctionCall(WITHDRAW_ETH, [destination]);

/** Inbox.sendL2Message(0x04 ‖ signedTx). */
export const encodeSendL2Message = (signedTx: string): string =>
  encodeFunctionCall(SEND_L2_MESSAGE, [concatBytes(Uint8Array.of(L2_MESSAGE_KIND_SIGNED_TX), hexToBytes(signedTx))]);

/** SequencerInbox.forceInclusion(messageIndex + 1, kind, [l1Block, l1Time], baseFeeL1, sender, messageDataHash). */
export const encodeForceInclusion = (m: DelayedMessage): string =>
  encodeFunctionCall(FORCE_INCLUSION, [m.inboxSeqNum + 1n, BigInt(m.kind), [m.blockNumber, m.timestamp], m.baseFeeL1, m.sender, m.messageDataHash]);

export const encodeExecuteTransaction = (proof: readonly string[], s: L2ToL1Send): string =>
  encodeFunctionCall(EXECUTE_TRANSACTION, [proof, s.position, s.caller, s.destination, s.arbBlockNum, s.ethBlockNum, s.timestamp, s.callvalue, s.data]);

export const encodeConstructOutboxProof = (size: bigint, leaf: bigint): string => encodeFunctionCall(CONSTRUCT_OUTBOX_PROOF, [size, leaf]);

// ---------------------------------------------------------------------------------------------
// Reading logs and hints

const lower = (s: string) => s.toLowerCase();
const topicAddress = (t: string | undefined) => (t === undefined ? undefined : '0x' + lower(t).slice(-40));

/** A Bridge MessageDelivered log's fields (undefined when the log is not one of `bridge`'s, or malformed). */
export function readMessageDelivered(
  bridge: string,
  log: { address: string; topics: string[]; data: string },
): { messageIndex: bigint; beforeInboxAcc: string; inbox: string; kind: bigint; sender: string; messageDataHash: string; baseFeeL1: bigint; timestamp: bigint } | undefined {
  if (lower(log.address) !== lower(bridge) || lower(log.topics[0] ?? '') !== MESSAGE_DELIVERED_TOPIC || log.topics.length !== 3 || !log.topics.every(isHex)) return undefined;
  try {
    const [inbox, kind, sender, messageDataHash, baseFeeL1, timestamp] = decodeAbi(['address', 'uint8', 'address', 'bytes32', 'uint256', 'uint64'], log.data) as [string, bigint, string, string, bigint, bigint];
    return { messageIndex: BigInt(log.topics[1]!), beforeInboxAcc: hex32(BigInt(log.topics[2]!)), inbox, kind, sender, messageDataHash, baseFeeL1, timestamp };
  } catch {
    return undefined;
  }
}

/** The delayed message of a submit receipt: the Bridge's MessageDelivered with the Inbox's InboxMessageDelivered of the same index, for `data`. */
export function delayedMessageOf(
  config: ArbitrumConfig,
  receipt: ExitReceiptFacts,
  data: string,
): { message: DelayedMessage; beforeInboxAcc: string } | { problem: string } {
  const dataHash = bytesToHex(keccak256(hexToBytes(data)));
  for (const log of receipt.logs) {
    const m = readMessageDelivered(config.contracts.bridge, log);
    if (m === undefined || m.messageDataHash !== dataHash) continue;
    if (m.inbox !== config.contracts.inbox) return { problem: `the message came through ${m.inbox}, not the config's Inbox` };
    if (m.kind !== BigInt(L2_MSG)) return { problem: `the message is of kind ${m.kind}, not L2_MSG (${L2_MSG})` };
    const echoed = receipt.logs.some((l) => {
      if (lower(l.address) !== config.contracts.inbox || lower(l.topics[0] ?? '') !== INBOX_MESSAGE_DELIVERED_TOPIC || l.topics[1] === undefined || !isHex(l.topics[1]) || BigInt(l.topics[1]) !== m.messageIndex) return false;
      try {
        return decodeAbi(['bytes'], l.data)[0] === lower(data);
      } catch {
        return false;
      }
    });
    if (!echoed) return { problem: `the Inbox logged no InboxMessageDelivered(${m.messageIndex}) of the message` };
    return {
      message: { kind: Number(m.kind), sender: m.sender, blockNumber: BigInt(receipt.blockNumber), timestamp: m.timestamp, inboxSeqNum: m.messageIndex, baseFeeL1: m.baseFeeL1, messageDataHash: m.messageDataHash },
      beforeInboxAcc: m.beforeInboxAcc,
    };
  }
  return { problem: 'the receipt holds no MessageDelivered of the Bridge for the signed withdrawal' };
}

/** The L2ToL1Tx of `owner` withdrawing `amount` to itself in an L2 receipt (a hint: its leaf is checked against a proven root later). */
export function withdrawalSendOf(receipt: unknown, txHash: string, owner: string, amount: bigint): L2ToL1Send | { problem: string } {
  if (receipt === null || typeof receipt !== 'object') return { problem: 'the L2 RPC has no receipt of the withdrawal' };
  const r = receipt as { transactionHash?: unknown; status?: unknown; logs?: unknown };
  if (typeof r.transactionHash === 'string' && lower(r.transactionHash) !== txHash) return { problem: 'the L2 RPC answered with the receipt of another transaction' };
  if (r.status !== undefined && r.status !== '0x1') return { problem: `the L2 RPC says the withdrawal ran and failed (status ${String(r.status)})` };
  if (!Array.isArray(r.logs)) return { problem: 'the L2 receipt has no logs' };
  for (const log of r.logs as { address?: unknown; topics?: unknown; data?: unknown }[]) {
    if (typeof log?.address !== 'string' || lower(log.address) !== ARBSYS || !Array.isArray(log.topics) || log.topics.length !== 4) continue;
    const topics = log.topics as string[];
    if (!topics.every(isHex) || lower(topics[0]!) !== L2_TO_L1_TX_TOPIC || !isHex(log.data)) continue;
    let fields;
    try {
      fields = decodeAbi(['address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], log.data);
    } catch {
      continue;
    }
    const [caller, arbBlockNum, ethBlockNum, timestamp, callvalue, data] = fields as [string, bigint, bigint, bigint, bigint, string];
    const send: L2ToL1Send = { position: BigInt(topics[3]!), caller, destination: topicAddress(topics[1])!, arbBlockNum, ethBlockNum, timestamp, callvalue, data };
    if (send.caller !== owner || send.destination !== owner || send.callvalue !== amount || send.data !== '0x') continue;
    if (BigInt(topics[2]!) !== bytesToBigInt(outboxItemHash(send))) return { problem: "the L2ToL1Tx's hash is not the hash of its own fields" };
    return send;
  }
  return { problem: `the L2 receipt holds no L2ToL1Tx of ${amount} wei from ${owner} to itself` };
}

// ---------------------------------------------------------------------------------------------
// Record facts

type Facts = Record<string, string>;

function storedMessage(f: Facts): DelayedMessage {
  return {
    kind: Number(f.kind),
    sender: f.sender!,
    blockNumber: BigInt(f.l1Block!),
    timestamp: BigInt(f.l1Time!),
    inboxSeqNum: BigInt(f.messageIndex!),
    baseFeeL1: BigInt(f.baseFeeL1!),
    messageDataHash: f.messageDataHash!,
  };
}

function storedSend(f: Facts, owner: string, amount: bigint): L2ToL1Send {
  return {
    position: BigInt(f.position!),
    caller: owner,
    destination: owner,
    arbBlockNum: BigInt(f.arbBlockNum!),
    ethBlockNum: BigInt(f.ethBlockNum!),
    timestamp: BigInt(f.l2Timestamp!),
    callvalue: amount,
    data: '0x',
  };
}

// ---------------------------------------------------------------------------------------------
// The plan

const slotOf = (l1: ProvenL1Storage | undefined, address: string, ref: SlotRef): bigint | undefined => l1?.accounts.get(address)?.storage.get(storageKey(ref));

function exitSlots(config: ArbitrumConfig) {
  const { outboxSpent, sequencerInboxMaxTimeVariation, sequencerInboxBuffer, rollupConfirmPeriodBlocks } = config.slots;
  if (outboxSpent === undefined || sequencerInboxMaxTimeVariation === undefined || sequencerInboxBuffer === undefined || rollupConfirmPeriodBlocks === undefined) {
    throw new InputError(`the rollup config "${config.name}" names no exit slots (slots.outboxSpent, sequencerInboxMaxTimeVariation, sequencerInboxBuffer, rollupConfirmPeriodBlocks): no forced exit`);
  }
  return { outboxSpent, sequencerInboxMaxTimeVariation, sequencerInboxBuffer, rollupConfirmPeriodBlocks };
}

/** The force-inclusion delay (blocks) and confirmation period (blocks): proven when `l1` holds them, else the config's cited values. */
function delays(config: ArbitrumConfig, l1?: ProvenL1Storage): { delayBlocks?: bigint; delayProven: boolean; confirmBlocks?: bigint; confirmProven: boolean } {
  const s = exitSlots(config);
  const mtv = slotOf(l1, config.contracts.sequencerInbox, { slot: s.sequencerInboxMaxTimeVariation });
  const cpb = slotOf(l1, config.contracts.rollup, { slot: s.rollupConfirmPeriodBlocks });
  const fallbackDelay = config.exit?.forceInclusionDelayBlocks;
  const fallbackConfirm = config.exit?.confirmPeriodBlocks;
  return {
    ...(mtv !== undefined ? { delayBlocks: packedField(mtv, 0, 8) } : fallbackDelay !== undefined ? { delayBlocks: BigInt(fallbackDelay) } : {}),
    delayProven: mtv !== undefined,
    ...(cpb !== undefined ? { confirmBlocks: packedField(cpb, 0, 8) } : fallbackConfirm !== undefined ? { confirmBlocks: BigInt(fallbackConfirm) } : {}),
    confirmProven: cpb !== undefined,
  };
}

function route(config: ArbitrumConfig, l1?: ProvenL1Storage): ExitRouteStep[] {
  const d = delays(config, l1);
  const perBlock = config.liveness.l1SecondsPerBlock;
  const delaySeconds = d.delayBlocks !== undefined ? Number(d.delayBlocks) * perBlock : undefined;
  const confirmSeconds = d.confirmBlocks !== undefined ? Number(d.confirmBlocks) * perBlock : undefined;
  const delayWords =
    d.delayBlocks !== undefined
      ? `${d.delayBlocks} Ethereum blocks (${aboutDuration(delaySeconds!)}${d.delayProven ? ', read from the SequencerInbox at the verified head' : ", the config's cited value"}; less while the sequencer's delay buffer is drained)`
      : 'the SequencerInbox\'s delayBlocks (read from Ethereum when the exit runs)';
  const confirmWords =
    d.confirmBlocks !== undefined
      ? `${d.confirmBlocks} Ethereum blocks (${aboutDuration(confirmSeconds!)}${d.confirmProven ? ', read from the rollup at the verified head' : ", the config's cited value"})`
      : "the rollup's confirmPeriodBlocks (read from Ethereum when the exit runs)";
  return [
    {
      step: 'sign-l2',
      title: `Sign the withdrawal on ${config.name}`,
      who: 'you',
      detail:
        `Your wallet signs an ${config.name} transaction that withdraws the amount to your own address on Ethereum (ArbSys.withdrawEth). ` +
        `It is not sent to the sequencer: it goes in through Ethereum next. Its nonce and fee are suggestions from the ${config.name} RPC; ` +
        'a wrong suggestion only makes this transaction fail on the rollup, which costs no funds: Vigil sees from proven state that it did not run and asks you to sign a new one.',
    },
    {
      step: 'submit',
      title: "Send it through Ethereum's delayed inbox",
      who: 'you',
      ...(delaySeconds !== undefined ? { delaySeconds } : {}),
      detail:
        'An Ethereum transaction (Inbox.sendL2Message) puts your signed withdrawal in the rollup\'s delayed inbox; you pay Ethereum gas. ' +
        `The sequencer then has ${delayWords} to include it.`,
    },
    {
      step: 'include',
      title: 'Wait for the sequencer, or for the inclusion window to pass',
      who: 'rollup',
      ...(delaySeconds !== undefined ? { delaySeconds } : {}),
      detail: `If the sequencer includes your message, the exit moves on by itself. If it ignores it for ${delayWords}, anyone may force it in.`,
    },
    {
      step: 'force',
      title: 'Force it into the rollup',
      who: 'anyone',
      detail:
        'An Ethereum transaction (SequencerInbox.forceInclusion) makes the rollup read your message, without the sequencer. Vigil sends it from your account when nobody else has; you pay Ethereum gas.',
    },
    {
      step: 'confirm',
      title: 'Wait for the withdrawal to be confirmed on Ethereum',
      who: 'rollup',
      ...(confirmSeconds !== undefined ? { delaySeconds: confirmSeconds } : {}),
      detail:
        `The rollup's validators post the state that holds your withdrawal to Ethereum; it is confirmed when nobody disputed it for ${confirmWords}. ` +
        'Vigil waits until the confirmed state it follows holds your withdrawal.',
    },
    {
      step: 'execute',
      title: 'Claim the ETH on Ethereum',
      who: 'you',
      detail:
        'An Ethereum transaction (Outbox.executeTransaction) pays the amount to your address, with a Merkle proof Vigil checks against the root Ethereum confirmed; you pay Ethereum gas. Anyone may send it: if someone did, the exit is done.',
    },
  ];
}

function start(config: ArbitrumConfig, params: { owner: string; amount: bigint; balance: bigint; now: number }): ExitPlanRecord {
  exitSlots(config);
  if (!/^0x[0-9a-fA-F]{40}$/.test(params.owner)) throw new InputError(`"owner" expected a 20-byte 0x-hex address, got ${String(params.owner)}`);
  if (params.amount <= 0n) throw new InputError(`"amount" expected more than 0 wei, got ${params.amount}`);
  if (params.amount > params.balance) throw new InputError(`"amount" expected at most the L2 balance (${params.balance} wei), got ${params.amount}`);
  const record = newExitRecord({ kind: ARBITRUM_KIND, rollupChainId: config.chainId, owner: params.owner, amount: params.amount, step: 'sign-l2', now: params.now });
  return { ...record, facts: { balance: params.balance.toString() } };
}

type Out = { record: ExitPlanRecord; action: ExitPlanAction };

const waitFor = (record: ExitPlanRecord, reason: string, until?: number): Out => ({ record, action: { kind: 'wait', reason, ...(until !== undefined ? { until } : {}) } });

/** The record with a problem noted (not a move); unchanged when the same problem is noted already. */
function withError(record: ExitPlanRecord, code: string, message: string, now: number): ExitPlanRecord {
  if (record.error?.code === code && record.error.message === message) return record;
  return { ...record, error: { code, message }, updatedAt: now };
}

/** A sent transaction of `label` reverted: forget it and go back to `retry`, or fail at MAX_EXIT_REVERTS. */
function reverted(record: ExitPlanRecord, label: string, retry: ArbitrumExitStep, now: number, what: string): ExitPlanRecord {
  const { [label]: _dropped, ...sent } = record.sent;
  const reverts = record.reverts + 1;
  const base = { ...record, sent, reverts };
  if (reverts >= MAX_EXIT_REVERTS) {
    return withError(moveExit(base, 'failed', now, `${what} reverted; ${reverts} reverts in all: stopped`), 'EXIT_TX_REVERTED', `${what} reverted on L1 (${reverts} reverts: the exit stopped rather than pay gas again)`, now);
  }
  return withError(moveExit(base, retry, now, `${what} reverted; trying again`), 'EXIT_TX_REVERTED', `${what} reverted on L1`, now);
}

/**
 * After a revert: done when the exit stopped, else a wait with the problem shown; the step is tried
 * again (a fresh transaction) at the next head, so the user sees the revert before more gas is spent.
 */
function afterRevert(record: ExitPlanRecord): Out {
  if (record.step === 'failed') return { record, action: { kind: 'done' } };
  return waitFor(record, `${record.error?.message ?? 'the transaction reverted'}: trying again at the next verified head`);
}

/** The L2 transaction's parameters from the L2 RPC's hints (undefined until they came; a problem when they are unusable). */
function l2TxParams(config: ArbitrumConfig, record: ExitPlanRecord, inputs: ExitInputs): ExitL2TxRequest | undefined | { problem: string } {
  const nonce = inputs.l2.get('nonce');
  const gasPrice = inputs.l2.get('gasPrice');
  const estimate = inputs.l2.get('estimate');
  if (nonce === undefined || gasPrice === undefined || estimate === undefined) return undefined;
  if (!isHex(nonce) || !isHex(gasPrice) || !isHex(estimate) || nonce.length < 3 || gasPrice.length < 3 || estimate.length < 3) return { problem: 'the L2 RPC answered nonce, gas price or gas estimate with something not a hex quantity' };
  const n = BigInt(nonce);
  const price = BigInt(gasPrice);
  const gas = BigInt(estimate);
  if (n >= 1n << 64n) return { problem: `the L2 RPC's nonce ${n} is out of range` };
  // ArbSys.withdrawEth costs tens of thousands of gas; an estimate outside these bounds is refused rather than signed.
  if (gas < 21_000n || gas > 5_000_000n) return { problem: `the L2 RPC's gas estimate ${gas} is not a withdrawal's (21000 to 5000000)` };
  if (price === 0n || price > 10n ** 13n) return { problem: `the L2 RPC's gas price ${price} is out of range (1 wei to 10000 gwei)` };
  const amount = BigInt(record.amount);
  // Headroom: the message may be read a day later, at another base fee; unused gas is not charged.
  const gasLimit = (gas * 3n) / 2n;
  const maxFeePerGas = price * 2n;
  const fee = gasLimit * maxFeePerGas;
  const balance = BigInt(record.facts.balance ?? record.amount);
  if (amount + fee > balance) {
    return { problem: `the amount plus the L2 fee (${fee} wei at most) exceeds the L2 balance (${balance} wei): start a new exit of at most ${balance - fee > 0n ? balance - fee : 0n} wei` };
  }
  return { label: L2_TX_LABEL, chainId: config.chainId, nonce: n, to: ARBSYS, value: amount, data: encodeWithdrawEth(record.owner), gasLimit, maxFeePerGas, maxPriorityFeePerGas: 0n };
}

const L2_HINTS = (owner: string, amount: bigint) => [
  { key: 'nonce', method: 'eth_getTransactionCount', params: [owner, 'latest'] },
  { key: 'gasPrice', method: 'eth_gasPrice', params: [] },
  { key: 'estimate', method: 'eth_estimateGas', params: [{ from: owner, to: ARBSYS, value: bigIntToHex(amount), data: encodeWithdrawEth(owner) }] },
];

/**
 * The signed L2 transaction checked: canonical EIP-1559 bytes whose hash is `hash` (when given),
 * signed by the owner for this rollup's chain id, calling withdrawEth(owner) with the amount, and
 * (when `params` is given) with exactly the nonce, gas and fees asked for.
 */
export function checkSignedWithdrawal(config: ArbitrumConfig, owner: string, amount: bigint, raw: string, hash?: string, params?: ExitL2TxRequest): { problem: string } | { hash: string; nonce: bigint } {
  let tx;
  try {
    tx = decodeTransaction(hexToBytes(raw));
  } catch (err) {
    return { problem: `the signed L2 transaction does not decode: ${(err as Error).message}` };
  }
  const computed = bytesToHex(transactionHash(tx));
  if (hash !== undefined && lower(hash) !== computed) return { problem: `the signed L2 transaction hashes to ${computed}, not ${hash}` };
  if (tx.type !== 2) return { problem: `the signed L2 transaction is of type ${tx.type}, not 2 (EIP-1559)` };
  if (tx.chainId !== BigInt(config.chainId)) return { problem: `the signed L2 transaction is for chain ${tx.chainId}, not ${config.chainId}` };
  if (tx.to === null || bytesToHex(tx.to) !== ARBSYS || tx.value !== amount || bytesToHex(tx.input) !== encodeWithdrawEth(owner)) {
    return { problem: `the signed L2 transaction is not ArbSys.withdrawEth(${owner}) of ${amount} wei` };
  }
  if (params !== undefined && (tx.nonce !== params.nonce || tx.gas !== params.gasLimit || tx.maxFeePerGas !== params.maxFeePerGas || tx.maxPriorityFeePerGas !== params.maxPriorityFeePerGas)) {
    return { problem: 'the signed L2 transaction has another nonce, gas or fee than asked' };
  }
  let sender;
  try {
    sender = bytesToHex(recoverSender(tx));
  } catch (err) {
    return { problem: `the signed L2 transaction has no signer: ${(err as Error).message}` };
  }
  if (sender !== owner) return { problem: `the signed L2 transaction is signed by ${sender}, not ${owner}` };
  return { hash: computed, nonce: tx.nonce };
}

const accountRequest = (address: string, slots: SlotRef[]) => ({ address, slots });

function advance(config: ArbitrumConfig, record: ExitPlanRecord, inputs: ExitInputs): Out {
  const s = exitSlots(config);
  const now = inputs.now;
  const owner = record.owner;
  const amount = BigInt(record.amount);
  const f = record.facts;
  const impl: SlotRef = { storageKey: config.implementationSlot };
  const proven = (contract: ContractName, ref: SlotRef) => slotOf(inputs.l1, config.contracts[contract], ref);
  /** checkImplementations, as a record problem rather than a throw. */
  const upgraded = (contracts: ContractName[]): string | undefined => {
    try {
      checkImplementations(config, inputs.l1, contracts);
      return undefined;
    } catch (err) {
      return (err as Error).message;
    }
  };

  switch (record.step as ArbitrumExitStep) {
    case 'done':
    case 'failed':
      return { record, action: { kind: 'done' } };

    case 'sign-l2': {
      if (f.l2Raw !== undefined) return advance(config, moveExit(record, 'submit', now), inputs);
      const params = l2TxParams(config, record, inputs);
      if (params === undefined) return { record, action: { kind: 'need', l2: L2_HINTS(owner, amount) } };
      if ('problem' in params) return waitFor(withError(record, 'ARB_L2_HINT_REFUSED', params.problem, now), params.problem);
      const signed = inputs.signedL2.get(L2_TX_LABEL);
      if (signed === undefined) return { record, action: { kind: 'need', signL2: params } };
      const checked = checkSignedWithdrawal(config, owner, amount, signed.raw, signed.hash, params);
      if ('problem' in checked) return waitFor(withError(record, 'ARB_L2_TX_INVALID', checked.problem, now), checked.problem);
      const facts = { l2Raw: lower(signed.raw), l2Hash: checked.hash, l2Nonce: params.nonce.toString() };
      return advance(config, moveExit(record, 'submit', now, `signed L2 withdrawal ${checked.hash} (nonce ${params.nonce})`, facts), inputs);
    }

    case 'submit': {
      const raw = f.l2Raw!;
      const data = bytesToHex(concatBytes(Uint8Array.of(L2_MESSAGE_KIND_SIGNED_TX), hexToBytes(raw)));
      const sent = record.sent.submit;
      if (sent === undefined) {
        const checked = checkSignedWithdrawal(config, owner, amount, raw, f.l2Hash);
        if ('problem' in checked) return { record: withError(moveExit(record, 'failed', now, 'the stored L2 transaction is not valid'), 'ARB_L2_TX_INVALID', checked.problem, now), action: { kind: 'done' } };
        return {
          record,
          action: {
            kind: 'send',
            label: 'submit',
            to: config.contracts.inbox,
            value: 0n,
            data: encodeSendL2Message(raw),
            summary: `Send your signed ${config.name} withdrawal of ${amount} wei (L2 transaction ${checked.hash}) into the rollup through its Ethereum delayed inbox (Inbox.sendL2Message).`,
          },
        };
      }
      const receipt = inputs.receipts.get(sent.hash);
      if (receipt === undefined) return waitFor(record, 'the delayed-inbox transaction is not in a verified Ethereum block yet');
      if (receipt.status !== '0x1') return afterRevert(reverted(record, 'submit', 'submit', now, 'Inbox.sendL2Message'));
      if (BigInt(receipt.blockNumber) > inputs.head.blockNumber) return waitFor(record, 'the delayed-inbox transaction is in a block after the verified head');
      const found = delayedMessageOf(config, receipt, data);
      if ('problem' in found) return waitFor(withError(record, 'ARB_DELAYED_MESSAGE_MISMATCH', found.problem, now), found.problem);
      const { message, beforeInboxAcc } = found;
      if (message.sender !== applyL1ToL2Alias(owner)) {
        const problem = `the delayed message's sender ${message.sender} is not ${owner} aliased`;
        return waitFor(withError(record, 'ARB_DELAYED_MESSAGE_MISMATCH', problem, now), problem);
      }
      const accRef: SlotRef = { storageKey: arrayElementKey(config.slots.bridgeDelayedInboxAccs, message.inboxSeqNum) };
      const acc = proven('bridge', accRef);
      const bridgeImpl = proven('bridge', impl);
      if (acc === undefined || bridgeImpl === undefined) return { record, action: { kind: 'need', l1: [accountRequest(config.contracts.bridge, [impl, accRef])] } };
      const upgrade = upgraded(['bridge']);
      if (upgrade !== undefined) return waitFor(withError(record, 'L2_IMPLEMENTATION_UNKNOWN', upgrade, now), upgrade);
      const expected = accumulateInboxMessage(hexToBytes(beforeInboxAcc, 32), delayedMessageHash(message));
      if (!equalBytes(expected, word(acc))) {
        const problem = `the Bridge's proven delayedInboxAccs[${message.inboxSeqNum}] is ${hex32(acc)}, not the accumulator of this message (${bytesToHex(expected)})`;
        return waitFor(withError(record, 'ARB_DELAYED_MESSAGE_MISMATCH', problem, now), problem);
      }
      const facts = {
        messageIndex: message.inboxSeqNum.toString(),
        kind: String(message.kind),
        sender: message.sender,
        l1Block: message.blockNumber.toString(),
        l1Time: message.timestamp.toString(),
        baseFeeL1: message.baseFeeL1.toString(),
        messageDataHash: message.messageDataHash,
      };
      return advance(config, moveExit(record, 'include', now, `delayed message ${message.inboxSeqNum} proven in the Bridge`, facts), inputs);
    }

    case 'include':
    case 'force': {
      const message = storedMessage(f);
      const w1: SlotRef = { slot: s.sequencerInboxBuffer + 1n };
      const refs: SlotRef[] = [impl, { slot: config.slots.sequencerInboxTotalDelayedMessagesRead }, { slot: s.sequencerInboxMaxTimeVariation }, { slot: s.sequencerInboxBuffer }, w1];
      const values = refs.map((r) => proven('sequencerInbox', r));
      if (values.some((v) => v === undefined)) return { record, action: { kind: 'need', l1: [accountRequest(config.contracts.sequencerInbox, refs)] } };
      const upgrade = upgraded(['sequencerInbox']);
      if (upgrade !== undefined) return waitFor(withError(record, 'L2_IMPLEMENTATION_UNKNOWN', upgrade, now), upgrade);
      const [, read, mtv, b0, b1] = values as bigint[];
      if (read! > message.inboxSeqNum) {
        return advance(config, moveExit(record, 'confirm', now, `the rollup read delayed message ${message.inboxSeqNum} (${read} read)`), inputs);
      }
      const delay = forceInclusionDelayBlocks(packedField(mtv!, 0, 8), readDelayBuffer(b0!, b1!), message.blockNumber);
      // forceInclusion reverts while l1Block + delay ≥ block.number; the transaction lands after the head.
      const allowedAt = message.blockNumber + delay + 1n;
      const sent = record.sent.force;
      if (record.step === 'include') {
        if (inputs.head.blockNumber + 1n >= allowedAt) return advance(config, moveExit(record, 'force', now, 'the inclusion window passed'), inputs);
        const until = Number(message.timestamp) + Number(delay + 1n) * config.liveness.l1SecondsPerBlock;
        return waitFor(
          record,
          `waiting for the sequencer to include your message; from Ethereum block ${allowedAt} (${aboutDuration(Math.max(0, until - now))} from now) anyone may force it in`,
          until,
        );
      }
      if (sent === undefined) {
        if (inputs.head.blockNumber + 1n < allowedAt) return waitFor(moveExit(record, 'include', now, 'not yet allowed at this head'), 'the inclusion window has not passed at this head');
        return {
          record,
          action: {
            kind: 'send',
            label: 'force',
            to: config.contracts.sequencerInbox,
            value: 0n,
            data: encodeForceInclusion(message),
            summary: `Force your ${config.name} withdrawal (delayed message ${message.inboxSeqNum}) into the rollup: the sequencer ignored it past its window (SequencerInbox.forceInclusion).`,
          },
        };
      }
      const receipt = inputs.receipts.get(sent.hash);
      if (receipt === undefined) return waitFor(record, 'the force-inclusion transaction is not in a verified Ethereum block yet');
      if (receipt.status === '0x1') return waitFor(record, 'forced in, in a block after this head');
      return afterRevert(reverted(record, 'force', 'include', now, 'SequencerInbox.forceInclusion'));
    }

    case 'confirm':
      return confirm(config, record, inputs, s.outboxSpent, proven, upgraded);

    case 'execute':
      return execute(config, record, inputs, s.outboxSpent, proven, upgraded);
  }
  throw new InputError(`"step" expected one of the Arbitrum exit's steps, got ${record.step}`);
}

type Proven = (contract: ContractName, ref: SlotRef) => bigint | undefined;
type Upgraded = (contracts: ContractName[]) => string | undefined;

function confirm(config: ArbitrumConfig, record: ExitPlanRecord, inputs: ExitInputs, outboxSpent: bigint, proven: Proven, upgraded: Upgraded): Out {
  const now = inputs.now;
  const f = record.facts;
  const owner = record.owner;
  const amount = BigInt(record.amount);
  const messageIndex = BigInt(f.messageIndex!);
  const confirmBlocks = delays(config, inputs.l1).confirmBlocks;
  const until = confirmBlocks !== undefined ? Number(f.l1Time) + Number(confirmBlocks) * config.liveness.l1SecondsPerBlock : undefined;
  const followed = inputs.followed;
  if (followed?.hints?.header === undefined) return waitFor(record, "waiting for the rollup's confirmed state (not followed at this head)", until);
  let header;
  let info;
  try {
    header = decodeHeader(followed.hints.header);
    info = nitroHeaderInfo(header);
  } catch (err) {
    return waitFor(withError(record, 'L2_HEADER_INVALID', (err as Error).message, now), 'the confirmed L2 header does not decode');
  }
  if (header.number !== followed.accepted.batch || bytesToBigInt(header.stateRoot) !== followed.accepted.root) {
    return waitFor(record, 'the followed L2 header is not the accepted state');
  }
  // The Nitro header's nonce counts the delayed messages read up to this block (arbos/block_processor.go).
  const delayedRead = bytesToBigInt(header.nonce);
  if (delayedRead <= messageIndex) {
    return waitFor(
      record,
      `your message is in the rollup; waiting for a confirmed state that holds it (the newest confirmed block ${header.number} read ${delayedRead} delayed messages, yours is number ${messageIndex + 1n}); confirmation takes ${confirmBlocks !== undefined ? aboutDuration(Number(confirmBlocks) * config.liveness.l1SecondsPerBlock) : 'the confirmation period'} after an assertion is posted`,
      until !== undefined && until > now ? until : undefined,
    );
  }
  const blockTag = bigIntToHex(header.number);
  const l2Receipt = inputs.l2.get('receipt');
  const account = inputs.l2.get('account');
  if (!inputs.l2.has('receipt') || !inputs.l2.has('account')) {
    return {
      record,
      action: {
        kind: 'need',
        l2: [
          { key: 'receipt', method: 'eth_getTransactionReceipt', params: [f.l2Hash] },
          { key: 'account', method: 'eth_getProof', params: [owner, [], blockTag] },
        ],
      },
    };
  }
  const send = withdrawalSendOf(l2Receipt, f.l2Hash!, owner, amount);
  if ('problem' in send) {
    // Did the signed transaction run at all? The owner's nonce, proven in the confirmed state that read the message, says.
    let nonce: bigint | undefined;
    try {
      const a = verifyEvmAccount(followed.accepted.root, account);
      if (bytesToHex(a.address) === owner) nonce = a.account.nonce;
    } catch {
      nonce = undefined;
    }
    if (nonce !== undefined && nonce <= BigInt(f.l2Nonce!)) {
      // Proven: the message was read, and the nonce it carried was never used: the rollup dropped it (a wrong nonce or fee hint).
      const reverts = record.reverts + 1;
      const { submit: _s, force: _f, ...sent } = record.sent;
      const keep = { balance: f.balance! };
      const base = { ...record, sent, reverts, facts: keep };
      const why = `the rollup read your message but did not run the signed withdrawal (your proven L2 nonce is ${nonce}, the transaction's was ${f.l2Nonce})`;
      if (reverts >= MAX_EXIT_REVERTS) return { record: withError(moveExit(base, 'failed', now, why), 'ARB_L2_TX_DROPPED', why, now), action: { kind: 'done' } };
      const next = withError(moveExit(base, 'sign-l2', now, `${why}: signing a new one`), 'ARB_L2_TX_DROPPED', why, now);
      return { record: next, action: { kind: 'wait', reason: `${why}; a new one will be signed` } };
    }
    return waitFor(withError(record, 'ARB_L2_HINT_REFUSED', send.problem, now), send.problem);
  }
  if (send.position >= info.sendCount) {
    return waitFor(record, `the withdrawal (leaf ${send.position}) is not in the confirmed send tree yet (${info.sendCount} leaves)`, until !== undefined && until > now ? until : undefined);
  }
  if (!inputs.l2.has('outboxProof')) {
    return {
      record,
      action: { kind: 'need', l2: [{ key: 'outboxProof', method: 'eth_call', params: [{ to: NODE_INTERFACE, data: encodeConstructOutboxProof(info.sendCount, send.position) }, 'latest'] }] },
    };
  }
  let proof: string[];
  let root: Uint8Array;
  try {
    const [sendHash, , nodes] = decodeAbi(['bytes32', 'bytes32', 'bytes32[]'], String(inputs.l2.get('outboxProof'))) as [string, string, string[]];
    if (sendHash !== bytesToHex(outboxItemHash(send))) throw new InputError('the proof is of another send');
    proof = nodes;
    root = outboxRoot(proof, send.position, outboxItemHash(send));
  } catch (err) {
    const problem = `the L2 RPC's outbox proof is refused: ${(err as Error).message}`;
    return waitFor(withError(record, 'ARB_L2_HINT_REFUSED', problem, now), problem);
  }
  if (bytesToHex(root) !== info.sendRoot) {
    const problem = `the L2 RPC's outbox proof leads to ${bytesToHex(root)}, not the confirmed send root ${info.sendRoot}`;
    return waitFor(withError(record, 'ARB_L2_HINT_REFUSED', problem, now), problem);
  }
  const facts = {
    position: send.position.toString(),
    arbBlockNum: send.arbBlockNum.toString(),
    ethBlockNum: send.ethBlockNum.toString(),
    l2Timestamp: send.timestamp.toString(),
    proof: JSON.stringify(proof),
    root: bytesToHex(root),
  };
  return execute(config, moveExit(record, 'execute', now, `withdrawal leaf ${send.position} under the confirmed send root`, facts), inputs, outboxSpent, proven, upgraded);
}

function execute(config: ArbitrumConfig, record: ExitPlanRecord, inputs: ExitInputs, outboxSpent: bigint, proven: Proven, upgraded: Upgraded): Out {
  const now = inputs.now;
  const f = record.facts;
  const owner = record.owner;
  const send = storedSend(f, owner, BigInt(record.amount));
  const proof = JSON.parse(f.proof!) as string[];
  const sent = record.sent.execute;
  if (sent !== undefined) {
    const receipt = inputs.receipts.get(sent.hash);
    if (receipt?.status === '0x1') {
      const executed = receipt.logs.some(
        (l) =>
          lower(l.address) === config.contracts.outbox &&
          lower(l.topics[0] ?? '') === OUTBOX_TRANSACTION_EXECUTED_TOPIC &&
          topicAddress(l.topics[1]) === owner &&
          topicAddress(l.topics[2]) === owner &&
          isHex(l.data) &&
          l.data.length === 66 &&
          BigInt(l.data) === send.position,
      );
      if (executed) return { record: moveExit(record, 'done', now, `paid out: OutBoxTransactionExecuted(${send.position})`), action: { kind: 'done' } };
    }
  }
  const { word: spentWord, bit } = spentPosition(send.position);
  const spentRef: SlotRef = { storageKey: mappingKey(outboxSpent, spentWord) };
  const rootRef: SlotRef = { mapping: config.slots.outboxRoots, key: BigInt(f.root!) };
  const impl: SlotRef = { storageKey: config.implementationSlot };
  const spent = proven('outbox', spentRef);
  const rootValue = proven('outbox', rootRef);
  if (spent === undefined || rootValue === undefined || proven('outbox', impl) === undefined) {
    return { record, action: { kind: 'need', l1: [accountRequest(config.contracts.outbox, [impl, rootRef, spentRef])] } };
  }
  if (((spent >> bit) & 1n) === 1n) return { record: moveExit(record, 'done', now, `the Outbox marks withdrawal ${send.position} spent`), action: { kind: 'done' } };
  const upgrade = upgraded(['outbox']);
  if (upgrade !== undefined) return waitFor(withError(record, 'L2_IMPLEMENTATION_UNKNOWN', upgrade, now), upgrade);
  if (rootValue === 0n) {
    const problem = `the Outbox holds no confirmed block for send root ${f.root}`;
    return waitFor(withError(record, 'L2_SEND_ROOT_UNCONFIRMED', problem, now), problem);
  }
  if (sent === undefined) {
    return {
      record,
      action: {
        kind: 'send',
        label: 'execute',
        to: config.contracts.outbox,
        value: 0n,
        data: encodeExecuteTransaction(proof, send),
        summary: `Claim ${record.amount} wei withdrawn from ${config.name} to your address (Outbox.executeTransaction of withdrawal ${send.position}, proven against the confirmed send root).`,
      },
    };
  }
  const receipt = inputs.receipts.get(sent.hash);
  if (receipt === undefined) return waitFor(record, 'the claim transaction is not in a verified Ethereum block yet');
  if (receipt.status === '0x1') return waitFor(record, 'the claim passed in a block after this head');
  return afterRevert(reverted(record, 'execute', 'execute', now, 'Outbox.executeTransaction'));
}

/** The Arbitrum Nitro forced exit (kind arbitrum-nitro-v1). */
export const arbitrumExitPlan: ExitPlan<ArbitrumConfig> = {
  kind: ARBITRUM_KIND,
  terminal: TERMINAL,
  route,
  start,
  advance,
};
