/**
 * Scroll's bridge as the forced exit speaks it, each piece as its contracts compute it
 * (scroll-tech/scroll-contracts dfbd661): the calls and events of EnforcedTxGateway,
 * L1MessageQueueV2, the L1 and L2 messengers, and the message hashing:
 *
 * - an L2→L1 message's hash: `keccak256(abi.encodeWithSignature("relayMessage(address,address,uint256,uint256,bytes)",
 *   from, to, value, nonce, message))` (ScrollMessengerBase._encodeXDomainCalldata; L1ScrollMessenger
 *   keys `isL2MessageExecuted` and emits RelayedMessage with it);
 * - the withdraw trie: L2MessageQueue (AppendOnlyMerkleTree) appends each message hash as leaf
 *   `nonce`; a proof is the sibling hashes bottom up, `keccak256(left ‖ right)` at each level, the
 *   leaf on the left when that bit of the nonce is 0 (WithdrawTrieVerifier.verifyMerkleProof). The
 *   tree is only as tall as its last index needs (a lone leaf is its own root); missing right
 *   subtrees hash as the zero hashes z₀ = 0, zₕ₊₁ = keccak256(zₕ ‖ zₕ);
 * - an L1 message's L2 transaction hash: `keccak256(0x7E ‖ rlp([queueIndex, gasLimit, to, value,
 *   data, sender]))` (L1MessageQueueV2.computeTransactionHash).
 * Pure.
 * @module
 */
import { encodeFunctionCall, eventTopic } from '../../execution/abi.ts';
import { bytesToHex, concatBytes, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { encodeRlp } from '../../core/rlp.ts';
import { keccak256 } from '../../crypto/keccak.ts';

export const SEND_TRANSACTION_SIGNATURE = 'sendTransaction(address,uint256,uint256,bytes)';
export const SEND_MESSAGE_SIGNATURE = 'sendMessage(address,uint256,bytes,uint256)';
export const RELAY_WITH_PROOF_SIGNATURE = 'relayMessageWithProof(address,address,uint256,uint256,bytes,(uint256,bytes))';
/** IL1MessageQueueV2.QueueTransaction(address indexed sender, address indexed target, uint256 value, uint64 queueIndex, uint256 gasLimit, bytes data). */
export const QUEUE_TRANSACTION_TOPIC = /* @__PURE__ */ eventTopic('QueueTransaction(address,address,uint256,uint64,uint256,bytes)');
/** IScrollMessenger.SentMessage(address indexed sender, address indexed target, uint256 value, uint256 messageNonce, uint256 gasLimit, bytes message). */
export const SENT_MESSAGE_TOPIC = /* @__PURE__ */ eventTopic('SentMessage(address,address,uint256,uint256,uint256,bytes)');
export const RELAYED_MESSAGE_TOPIC = /* @__PURE__ */ eventTopic('RelayedMessage(bytes32)');
export const FAILED_RELAYED_MESSAGE_TOPIC = /* @__PURE__ */ eventTopic('FailedRelayedMessage(bytes32)');

/** The L2 call the forced transaction makes: L2ScrollMessenger.sendMessage(owner, amount, "", 0). */
export function l2WithdrawCalldata(owner: string, amount: bigint): string {
  return encodeFunctionCall(SEND_MESSAGE_SIGNATURE, [owner, amount, '0x', 0n]);
}

/** EnforcedTxGateway.sendTransaction(l2Messenger, amount, gasLimit, sendMessage(owner, amount, "", 0)): the forced transaction. */
export function encodeSendTransaction(l2Messenger: string, owner: string, amount: bigint, gasLimit: bigint): string {
  return encodeFunctionCall(SEND_TRANSACTION_SIGNATURE, [l2Messenger, amount, gasLimit, l2WithdrawCalldata(owner, amount)]);
}

/** L1ScrollMessenger.relayMessageWithProof(owner, owner, amount, nonce, "", (batchIndex, proof)): the claim. */
export function encodeRelayWithProof(owner: string, amount: bigint, nonce: bigint, batchIndex: bigint, proof: string): string {
  return encodeFunctionCall(RELAY_WITH_PROOF_SIGNATURE, [owner, owner, amount, nonce, '0x', [batchIndex, proof]]);
}


export const RELAY_MESSAGE_SIGNATURE = 'relayMessage(address,address,uint256,uint256,bytes)';

/** The hash L1ScrollMessenger gives an L2→L1 message (32-byte lower-case 0x-hex). */
export function scrollMessageHash(m: { from: string; to: string; value: bigint; nonce: bigint; message: string }): string {
  return bytesToHex(keccak256(hexToBytes(encodeFunctionCall(RELAY_MESSAGE_SIGNATURE, [m.from, m.to, m.value, m.nonce, m.message]))));
}

const node = (left: Uint8Array, right: Uint8Array): Uint8Array => keccak256(concatBytes(left, right));

/**
 * The withdraw-trie root a proof leads to from `leaf` at index `nonce`, as WithdrawTrieVerifier walks it.
 * @throws InputError when the proof is not a whole number of 32-byte words.
 */
export function withdrawProofRoot(leaf: string, nonce: bigint, proof: string | Uint8Array): string {
  const bytes = typeof proof === 'string' ? hexToBytes(proof, undefined, 'merkle proof') : proof;
  if (bytes.length % 32 !== 0) throw new InputError(`a withdraw-trie proof is whole 32-byte words, got ${bytes.length} bytes`);
  let hash = hexToBytes(leaf, 32, 'message hash');
  let index = nonce;
  for (let i = 0; i < bytes.length; i += 32) {
    const sibling = bytes.subarray(i, i + 32);
    hash = index % 2n === 0n ? node(hash, sibling) : node(sibling, hash);
    index /= 2n;
  }
  return bytesToHex(hash);
}

/** True when the proof leads from `leaf` at `nonce` to `root`. */
export function verifyWithdrawProof(root: string, leaf: string, nonce: bigint, proof: string | Uint8Array): boolean {
  return equalBytes(hexToBytes(withdrawProofRoot(leaf, nonce, proof), 32), hexToBytes(root, 32, 'withdraw root'));
}

/**
 * The root of the withdraw trie holding `leaves` (in nonce order) and the proof of leaf `index`, as
 * L2MessageQueue builds it: for building a proof from L2 data (every message hash up to the batch's
 * last), and for tests.
 */
export function withdrawTrie(leaves: readonly string[], index: number): { root: string; proof: string } {
  if (leaves.length === 0 || index < 0 || index >= leaves.length) throw new InputError(`no leaf ${index} among ${leaves.length}`);
  let level = leaves.map((l) => hexToBytes(l, 32, 'leaf'));
  let zero: Uint8Array = new Uint8Array(32);
  const proof: Uint8Array[] = [];
  let i = index;
  // The height is that of the last index: one level per bit of (leaves.length − 1).
  for (let last = leaves.length - 1; last > 0; last >>= 1) {
    const sibling = i ^ 1;
    proof.push(sibling < level.length ? level[sibling]! : zero);
    const next: Uint8Array[] = [];
    for (let j = 0; j < level.length; j += 2) next.push(node(level[j]!, j + 1 < level.length ? level[j + 1]! : zero));
    level = next;
    zero = node(zero, zero);
    i >>= 1;
  }
  return { root: bytesToHex(level[0]!), proof: bytesToHex(concatBytes(...proof)) };
}

/** The L2 hash of the L1 message transaction an enforced transaction becomes (L1MessageQueueV2.computeTransactionHash). */
export function l1MessageTxHash(m: { queueIndex: bigint; gasLimit: bigint; to: string; value: bigint; data: string; sender: string }): string {
  const payload = encodeRlp([m.queueIndex, m.gasLimit, hexToBytes(m.to, 20, 'to'), m.value, hexToBytes(m.data, undefined, 'data'), hexToBytes(m.sender, 20, 'sender')]);
  return bytesToHex(keccak256(concatBytes(Uint8Array.of(0x7e), payload)));
}

/**
 * Whether `code` (a contract's runtime code) pushes `address` as a 32-byte word (`PUSH32` of the
 * left-padded address) at an instruction boundary: how solc embeds an `immutable` address.
 */
export function codePushesAddress(code: Uint8Array, address: string): boolean {
  const word = concatBytes(new Uint8Array(12), hexToBytes(address, 20, 'address'));
  for (let i = 0; i < code.length; i++) {
    const op = code[i]!;
    if (op === 0x7f && i + 33 <= code.length && equalBytes(code.subarray(i + 1, i + 33), word)) return true;
    if (op >= 0x60 && op <= 0x7f) i += op - 0x5f;
  }
  return false;
}
