/**
 * Scroll moving as a forced exit goes through it, from rollup-world.ts's scrollParts (the exit's
 * owner holding the L2 funds), with what the exit reads besides the follower (scroll-contracts
 * dfbd661): SystemConfig's messageQueueParameters, the L1 messenger and the EnforcedTxGateway (their
 * pinned implementations, not paused), and implementation code naming the gateway (L1MessageQueueV2's
 * immutable) and the L2 messenger (L1ScrollMessenger's `counterpart`). Each step mines the
 * transaction the CLI broadcast with what the contracts would log and store, and moves L2, Scroll's
 * batches and its bridge-history API as Scroll would:
 *
 * - includeSubmit: EnforcedTxGateway.sendTransaction mined (L1MessageQueueV2's QueueTransaction,
 *   the queue one longer, its enqueue time);
 * - finalizeBatch: two hours on, a batch holding the queued message finalized (the queue's
 *   unfinalized index past it, the batch's state root and withdraw root); on L2 the message ran
 *   (the L2 messenger's SentMessage as leaf 5 of the withdraw trie, L2MessageQueue counting 6 from
 *   5); the bridge API lists the claim;
 * - includeClaim: L1ScrollMessenger.relayMessageWithProof mined (RelayedMessage, isL2MessageExecuted);
 *   the owner paid on L1.
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../../src/core/bytes.ts';
import { decodeAbi, encodeAbi, functionSelector } from '../../src/execution/abi.ts';
import type { ScrollConfig } from '../../src/l2/scroll/config.ts';
import {
  l1MessageTxHash,
  QUEUE_TRANSACTION_TOPIC,
  RELAY_WITH_PROOF_SIGNATURE,
  RELAYED_MESSAGE_TOPIC,
  scrollMessageHash,
  SEND_TRANSACTION_SIGNATURE,
  SENT_MESSAGE_TOPIC,
  withdrawTrie,
} from '../../src/l2/scroll/bridge.ts';
import { storageKey } from '../../src/l2/slots.ts';
import type { Log } from '../../src/proofs/receipts.ts';
import { at, l2Header, scrollParts, tag } from './rollup-world.ts';
import { buildWorld } from './rpc-world.ts';
import { type SentTx, ScriptedL1, ScriptedL2 } from './scripted-chain.ts';

/** The L2 messenger's withdraw-trie nonce of the exit's message (five messages before it). */
const MESSAGE_NONCE = 5n;

const word = (x: bigint) => bigIntToBytesPadded(x, 32);
const pad = (address: string) => word(BigInt(address));
const topic = (hex: string) => hexToBytes(hex, 32);
/** Runtime code pushing `address` as an immutable does (PUSH32 of the left-padded address). */
const codeNaming = (address: string) => concatBytes(hexToBytes('0x6080604052'), Uint8Array.of(0x7f), new Uint8Array(12), hexToBytes(address, 20), hexToBytes('0x5056'));

export class ScrollExitWorld {
  /** The queued message, once mined. */
  queued?: { index: bigint; l2TxHash: string; amount: bigint };
  /** The claim the bridge API lists, once the batch is finalized. */
  claim?: { hash: string; batch: bigint; proof: string; nonce: bigint };

  private constructor(
    readonly config: ScrollConfig,
    readonly owner: string,
    readonly l1: ScriptedL1,
    readonly l2: ScrollL2,
    private readonly parts: Awaited<ReturnType<typeof scrollParts>>,
  ) {}

  static async create(owner: string): Promise<ScrollExitWorld> {
    const parts = await scrollParts('scroll', owner);
    const c = parts.config;
    const exit = c.exit!;
    const impl = c.slots.implementation;
    const spec = parts.l1;
    spec.account(owner, { balance: 10n ** 19n, nonce: 40n });
    const p = exit.slots;
    // messageQueueParameters: maxGasLimit 10M, an overhead of 0.001 gwei, a scalar of 0.1.
    spec.slot(c.contracts.systemConfig.address, storageKey({ slot: p.messageQueueParameters }), at(10_000_000n, p.maxGasLimit.offset) | at(1_000_000n, p.baseFeeOverhead.offset) | at(10n ** 17n, p.baseFeeScalar.offset));
    spec.slot(exit.l1Messenger.address, impl, BigInt(exit.l1Messenger.implementations[0]!));
    spec.code(exit.l1Messenger.implementations[0]!, codeNaming(exit.l2Messenger));
    spec.code(c.contracts.messageQueue.implementations[0]!, codeNaming(c.contracts.enforcedTxGateway!.address));
    spec.slot(c.contracts.enforcedTxGateway!.address, impl, BigInt(c.contracts.enforcedTxGateway!.implementations![0]!));
    const l1 = await ScriptedL1.create(spec, parts.chain);
    const l2 = new ScrollL2(parts.l2.headers[0]!, parts.l2.state);
    return new ScrollExitWorld(c, owner, l1, l2, parts);
  }

  private sent(to: string, signature: string): SentTx {
    const tx = this.l1.onlyPending();
    if (tx.to !== to.toLowerCase() || tx.data.slice(0, 10) !== functionSelector(signature)) throw new Error(`expected ${signature} to ${to}, got ${tx.data.slice(0, 10)} to ${tx.to}`);
    return tx;
  }

  /** EnforcedTxGateway.sendTransaction mined: the queue's QueueTransaction from the owner to the L2 messenger. */
  async includeSubmit(): Promise<void> {
    const c = this.config;
    const exit = c.exit!;
    const tx = this.sent(c.contracts.enforcedTxGateway!.address, SEND_TRANSACTION_SIGNATURE);
    const [target, value, gasLimit, data] = decodeAbi(['address', 'uint256', 'uint256', 'bytes'], hexToBytes(tx.data).subarray(4)) as [string, bigint, bigint, string];
    if (target !== exit.l2Messenger) throw new Error(`the forced transaction calls ${target}, not the L2 messenger`);
    const queue = c.contracts.messageQueue.address;
    const q = c.slots.messageQueue;
    const index = 1_000_001n;
    const log: Log = { address: hexToBytes(queue), topics: [topic(QUEUE_TRANSACTION_TOPIC), pad(this.owner), pad(exit.l2Messenger)], data: encodeAbi(['uint256', 'uint64', 'uint256', 'bytes'], [value, index, gasLimit, data]) };
    await this.l1.mine({
      txs: () => [{ tx, logs: [log] }],
      change: (spec, when) => {
        spec.slot(queue, storageKey({ slot: q.nextCrossDomainMessageIndex }), index + 1n);
        spec.slot(queue, storageKey({ mapping: q.messageRollingHashes, key: index }), ((bytesToBigInt(tag('rolling hash 2')) >> 32n) << 32n) | at(when.timestamp, q.enqueueTime.offset));
      },
    });
    this.queued = { index, l2TxHash: l1MessageTxHash({ queueIndex: index, gasLimit, to: target, value, data, sender: this.owner }), amount: value };
  }

  /**
   * Two hours on: a batch holding the message finalized; the message ran on L2; the bridge API lists
   * its claim. With `substitute`, withdrawal 3 was the owner's too, of the same amount, relayed on L1
   * long ago, and the L2 RPC's receipt and the bridge API name that one for the exit's transaction.
   */
  async finalizeBatch(o: { substitute?: boolean } = {}): Promise<void> {
    const c = this.config;
    const exit = c.exit!;
    const { index, l2TxHash, amount } = this.queued!;
    const batch = this.parts.batch + 1n;
    const accounts = this.parts.l2.accounts.accounts[this.owner]!;
    accounts.balance! -= amount;
    // The message appended: L2MessageQueue counts one more.
    this.parts.l2.accounts.slot('0x5300000000000000000000000000000000000000', storageKey({ slot: 1n }), MESSAGE_NONCE + 1n);
    const state = await buildWorld(this.parts.l2.accounts.accounts);
    this.l2.finalize(l2Header(22_000_900n, state.stateRoot, { timestamp: this.l1.head.header.timestamp + 7000n }), state);
    const messageOf = (nonce: bigint) => scrollMessageHash({ from: this.owner, to: this.owner, value: amount, nonce, message: '0x' });
    const hash = messageOf(MESSAGE_NONCE);
    const older = messageOf(3n);
    const leaves = [...Array.from({ length: Number(MESSAGE_NONCE) }, (_, i) => (o.substitute && i === 3 ? older : bytesToHex(tag(`withdrawal ${i}`)))), hash];
    const named = o.substitute ? 3n : MESSAGE_NONCE;
    const trie = withdrawTrie(leaves, Number(named));
    this.claim = { hash: o.substitute ? older : hash, batch, proof: trie.proof, nonce: named };
    this.l2.receipts.set(l2TxHash, {
      transactionHash: l2TxHash,
      status: '0x1',
      logs: [
        {
          address: exit.l2Messenger,
          topics: [topic(SENT_MESSAGE_TOPIC), pad(this.owner), pad(this.owner)].map(bytesToHex),
          data: bytesToHex(encodeAbi(['uint256', 'uint256', 'uint256', 'bytes'], [amount, named, 0n, '0x'])),
        },
      ],
    });
    const s = c.slots;
    const m = s.miscData;
    await this.l1.mine({
      seconds: 7200n,
      change: (spec, when) => {
        const chain = c.contracts.scrollChain.address;
        spec.slot(chain, storageKey({ slot: s.scrollChain.miscData }), at(batch + 4n, m.lastCommittedBatchIndex.offset) | at(batch, m.lastFinalizedBatchIndex.offset) | at(when.timestamp - 30n, m.lastFinalizeTimestamp.offset));
        spec.slot(chain, storageKey({ mapping: s.scrollChain.finalizedStateRoots, key: batch }), bytesToBigInt(state.stateRoot));
        spec.slot(chain, storageKey({ mapping: exit.slots.withdrawRoots, key: batch }), hexToBigInt(trie.root));
        spec.slot(c.contracts.messageQueue.address, storageKey({ slot: s.messageQueue.nextUnfinalizedQueueIndex }), index + 1n);
        if (o.substitute) spec.slot(exit.l1Messenger.address, storageKey({ mapping: exit.slots.isL2MessageExecuted, key: hexToBigInt(older) }), 1n);
      },
    });
  }

  /** Scroll's bridge-history API: the owner's unclaimed withdrawals (only the exit's, once its batch is final). */
  bridgeApi(path: string): unknown {
    const url = new URL(path, 'http://api');
    if (url.pathname !== '/api/l2/unclaimed/withdrawals' || url.searchParams.get('address') !== this.owner) return null;
    const results =
      this.claim === undefined
        ? []
        : [{ hash: this.queued!.l2TxHash, claim_info: { from: this.owner, to: this.owner, value: this.queued!.amount.toString(), nonce: this.claim.nonce.toString(), message: '0x', proof: { batch_index: this.claim.batch.toString(), merkle_proof: this.claim.proof } } }];
    return { errcode: 0, errmsg: 'ok', data: { results, total: results.length } };
  }

  /** L1ScrollMessenger.relayMessageWithProof mined: RelayedMessage, isL2MessageExecuted, the owner paid. */
  async includeClaim(): Promise<void> {
    const exit = this.config.exit!;
    const tx = this.sent(exit.l1Messenger.address, RELAY_WITH_PROOF_SIGNATURE);
    const { hash } = this.claim!;
    const log: Log = { address: hexToBytes(exit.l1Messenger.address), topics: [topic(RELAYED_MESSAGE_TOPIC), hexToBytes(hash, 32)], data: new Uint8Array(0) };
    await this.l1.mine({
      txs: () => [{ tx, logs: [log] }],
      change: (spec) => {
        spec.slot(exit.l1Messenger.address, storageKey({ mapping: exit.slots.isL2MessageExecuted, key: hexToBigInt(hash) }), 1n);
        spec.accounts[this.owner]!.balance! += this.queued!.amount;
      },
    });
  }
}

/** Scroll's L2 RPC: its `finalized` block moves with the batches. */
class ScrollL2 extends ScriptedL2 {
  constructor(header: Parameters<ScriptedL2['add']>[0], state: Parameters<ScriptedL2['add']>[1]) {
    super();
    this.add(header, state);
    this.tags.finalized = header.number;
  }

  finalize(header: Parameters<ScriptedL2['add']>[0], state: Parameters<ScriptedL2['add']>[1]): void {
    this.add(header, state);
    this.tags.finalized = header.number;
  }
}
