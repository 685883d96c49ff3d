/**
 * Arbitrum Nitro's bridge as the forced exit speaks it (nitro-contracts at
 * 67487333202561b74492d07de62a4f56be28560e; nitro at 6dce8d13902649a1acdfd3f2504129f1f5612358):
 * each hash as the contract computes it (the delayed inbox's message hash and accumulator, the
 * Outbox's item hash and Merkle root, the L1→L2 alias), the SequencerInbox's delay buffer, the
 * calldata of the Inbox, SequencerInbox, Outbox and ArbSys calls, the logs and L2 hints read back,
 * and the wallet's signed L2 withdrawal checked. Pure; the plan is exit.ts.
 * @module
 */
import { decodeAbi, encodeFunctionCall, eventTopic, functionSelector } from '../../execution/abi.ts';
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, describe, hexToBytes, isHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { decodeTransaction, recoverSender, transactionHash } from '../../execution/transactions.ts';
import type { ExitL2TxRequest, ExitReceiptFacts } from '../exit-plan.ts';
import { packedField } from '../slots.ts';
import type { ArbitrumConfig } from './config.ts';

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

/**
 * What a call to the Inbox deposits: depositEth() with ETH and nothing after its selector credits
 * the sender on L2 (nitro-contracts src/bridge/Inbox.sol depositEth); undefined for any other call.
 */
export function inboxDeposit(tx: { from: string; value: bigint; data: string }): { amount: bigint } | undefined {
  return tx.value > 0n && tx.data.toLowerCase() === functionSelector('depositEth()') ? { amount: tx.value } : undefined;
}
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
export const topicAddress = (t: string | undefined) => (t === undefined ? undefined : '0x' + lower(t).slice(-40));

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
  if (r.status !== undefined && r.status !== '0x1') return { problem: `the L2 RPC says the withdrawal ran and failed (status ${describe(r.status)})` };
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

