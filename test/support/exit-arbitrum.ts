/**
 * Arbitrum One moving as a forced exit goes through it, from rollup-world.ts's arbitrumParts (the
 * exit's owner holding the L2 funds), with a SequencerInbox delayBlocks of 600 (block for block) and
 * Arbitrum One's confirmPeriodBlocks (45818, in time). Each step mines the
 * transaction the CLI broadcast with what the contracts would log and store (nitro-contracts
 * 67487333: AbsInbox, AbsBridge, SequencerInbox, AbsOutbox) and moves L2 as Nitro would:
 *
 * - includeSubmit: Inbox.sendL2Message mined (the Bridge's MessageDelivered, the Inbox's
 *   InboxMessageDelivered; delayedInboxAccs grows by the message's accumulator);
 * - passInclusionWindow: delayBlocks of blocks, the sequencer reading nothing (a validator keeps
 *   confirming the same L2 block, so its AssertionConfirmed stays near the head);
 * - includeForce: SequencerInbox.forceInclusion mined (totalDelayedMessagesRead past the message);
 *   the L2 runs the signed withdrawal (ArbSys's L2ToL1Tx as leaf 2 000 000 of the send tree);
 * - passConfirmation: the confirmation period's time; an assertion over the L2 block that read the
 *   message is confirmed (AssertionConfirmed, the Outbox root of its send root);
 * - includeExecute: Outbox.executeTransaction mined (OutBoxTransactionExecuted, the spent bit); the
 *   owner paid on L1.
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { decodeAbi, encodeAbi, functionSelector } from '../../src/execution/abi.ts';
import { headerHash } from '../../src/execution/header.ts';
import { decodeTransaction } from '../../src/execution/transactions.ts';
import type { ArbitrumConfig } from '../../src/l2/arbitrum/config.ts';
import {
  accumulateInboxMessage,
  applyL1ToL2Alias,
  ARBSYS,
  CONSTRUCT_OUTBOX_PROOF,
  type DelayedMessage,
  delayedMessageHash,
  EXECUTE_TRANSACTION,
  FORCE_INCLUSION,
  INBOX_MESSAGE_DELIVERED_TOPIC,
  L2_MSG,
  L2_TO_L1_TX_TOPIC,
  MESSAGE_DELIVERED_TOPIC,
  outboxItemHash,
  outboxRoot,
  OUTBOX_TRANSACTION_EXECUTED_TOPIC,
  SEND_L2_MESSAGE,
  spentPosition,
} from '../../src/l2/arbitrum/bridge.ts';
import { arrayElementKey, mappingKey, storageKey } from '../../src/l2/slots.ts';
import type { Log } from '../../src/proofs/receipts.ts';
import { arbitrumParts, ASSERTION_CONFIRMED, confirmedNode, nitroHeader, tag } from './rollup-world.ts';
import { type AccountsSpec, buildWorld } from './rpc-world.ts';
import { type BlockAt, type SentTx, ScriptedL1, ScriptedL2 } from './scripted-chain.ts';

/**
 * The SequencerInbox's delayBlocks: 600 (two hours) rather than Arbitrum One's 7200, so that the
 * CLI's walks from a head down to the submit's block stay short (each tick proves that receipt
 * through every header between). The plan reads it from proven storage, whatever it is.
 */
export const DELAY_BLOCKS = 600n;
/** The rollup's confirmPeriodBlocks, Arbitrum One's (the config's cited value). */
export const CONFIRM_PERIOD_BLOCKS = 45_818n;
/** The delayed messages the Bridge holds (and the SequencerInbox read) before the exit's: its index. */
const MESSAGE_INDEX = 1_900_000n;
/** The send tree's leaves before the exit's: its position. */
const POSITION = 2_000_000n;
/** The L2 RPC's hints for the L2 withdrawal: nonce 7, 0.01 gwei, 100 000 gas. */
const L2_GAS_PRICE = 10_000_000n;

const word = (x: bigint) => bigIntToBytesPadded(x, 32);
const pad = (address: string) => word(BigInt(address));
const topic = (hex: string) => hexToBytes(hex, 32);

export class ArbitrumExitWorld {
  /** The delayed message the submit made, once mined. */
  message?: DelayedMessage;
  /** The L2→L1 send the withdrawal made, once the L2 ran it. */
  send?: { item: Uint8Array; l2Block: bigint; sendRoot: Uint8Array };
  private l2Tx?: { raw: string; hash: string; value: bigint };
  private confirmations = 0;

  private constructor(
    readonly config: ArbitrumConfig,
    readonly owner: string,
    readonly l1: ScriptedL1,
    readonly l2: ScriptedL2,
    private readonly parts: Awaited<ReturnType<typeof arbitrumParts>>,
  ) {}

  static async create(owner: string): Promise<ArbitrumExitWorld> {
    const parts = await arbitrumParts('arbitrum-one', owner);
    const c = parts.config;
    const s = c.slots;
    parts.l1.account(owner, { balance: 10n ** 19n, nonce: 3n });
    // maxTimeVariation { delayBlocks, futureBlocks, delaySeconds, futureSeconds }: delayBlocks first; no delay buffer (its words are zero).
    parts.l1.slot(c.contracts.sequencerInbox, storageKey({ slot: s.sequencerInboxMaxTimeVariation! }), DELAY_BLOCKS);
    parts.l1.slot(c.contracts.rollup, storageKey({ slot: s.rollupConfirmPeriodBlocks! }), CONFIRM_PERIOD_BLOCKS);
    parts.l1.slot(c.contracts.bridge, arrayElementKey(s.bridgeDelayedInboxAccs, MESSAGE_INDEX - 1n), bytesToBigInt(tag('delayed inbox acc')));
    const l1 = await ScriptedL1.create(parts.l1, parts.chain);
    const l2 = new ScriptedL2().add(parts.l2.headers[0]!, parts.l2.state);
    l2.methods.eth_getTransactionCount = () => '0x7';
    l2.methods.eth_gasPrice = () => '0x' + L2_GAS_PRICE.toString(16);
    l2.methods.eth_estimateGas = () => '0x186a0';
    return new ArbitrumExitWorld(c, owner, l1, l2, parts);
  }

  private sent(to: string, signature: string): SentTx {
    const tx = this.l1.onlyPending();
    if (tx.to !== to || tx.data.slice(0, 10) !== functionSelector(signature)) throw new Error(`expected ${signature} to ${to}, got ${tx.data.slice(0, 10)} to ${tx.to}`);
    return tx;
  }

  /** Inbox.sendL2Message mined: the delayed message logged and accumulated in the Bridge. */
  async includeSubmit(): Promise<void> {
    const c = this.config;
    const tx = this.sent(c.contracts.inbox, SEND_L2_MESSAGE);
    const [data] = decodeAbi(['bytes'], hexToBytes(tx.data).subarray(4)) as [string];
    const raw = bytesToHex(hexToBytes(data).subarray(1));
    const l2 = decodeTransaction(hexToBytes(raw));
    this.l2Tx = { raw, hash: bytesToHex(keccak256(hexToBytes(raw))), value: l2.value };
    const before = tag('delayed inbox acc');
    await this.l1.mine({
      txs: (at) => {
        this.message = { kind: L2_MSG, sender: applyL1ToL2Alias(this.owner), blockNumber: at.number, timestamp: at.timestamp, inboxSeqNum: MESSAGE_INDEX, baseFeeL1: 1_000_000_000n, messageDataHash: bytesToHex(keccak256(hexToBytes(data))) };
        const m = this.message;
        const delivered: Log = {
          address: hexToBytes(c.contracts.bridge),
          topics: [topic(MESSAGE_DELIVERED_TOPIC), word(MESSAGE_INDEX), before],
          data: encodeAbi(['address', 'uint8', 'address', 'bytes32', 'uint256', 'uint64'], [c.contracts.inbox, BigInt(m.kind), m.sender, m.messageDataHash, m.baseFeeL1, m.timestamp]),
        };
        const echoed: Log = { address: hexToBytes(c.contracts.inbox), topics: [topic(INBOX_MESSAGE_DELIVERED_TOPIC), word(MESSAGE_INDEX)], data: encodeAbi(['bytes'], [data]) };
        return [{ tx, logs: [delivered, echoed] }];
      },
      change: (spec) => {
        const accs = c.slots.bridgeDelayedInboxAccs;
        spec.slot(c.contracts.bridge, storageKey({ slot: accs }), MESSAGE_INDEX + 1n);
        spec.slot(c.contracts.bridge, arrayElementKey(accs, MESSAGE_INDEX), bytesToBigInt(accumulateInboxMessage(before, delayedMessageHash(this.message!))));
      },
    });
  }

  /**
   * `blocks` blocks up to a new head where an assertion over the L2 block `l2Hash` is confirmed:
   * AssertionConfirmed, `_latestConfirmed`, its node, the Outbox root of its send root.
   */
  private async mineConfirmation(blocks: bigint, l2Hash: Uint8Array, sendRoot: Uint8Array, seconds = blocks * 12n): Promise<void> {
    const c = this.config;
    const assertion = tag(`assertion ${++this.confirmations}`);
    await this.l1.mine({
      blocks,
      seconds,
      events: () => [{ to: c.contracts.rollup, logs: [{ address: hexToBytes(c.contracts.rollup), topics: [ASSERTION_CONFIRMED, assertion], data: Uint8Array.from([...l2Hash, ...sendRoot]) }] }],
      change: (spec: AccountsSpec, at: BlockAt) => {
        spec.slot(c.contracts.rollup, storageKey({ slot: c.slots.rollupLatestConfirmed }), bytesToBigInt(assertion));
        spec.slot(c.contracts.rollup, mappingKey(c.slots.rollupAssertions, bytesToBigInt(assertion)), confirmedNode(at.number - CONFIRM_PERIOD_BLOCKS - 100n));
        spec.slot(c.contracts.outbox, mappingKey(c.slots.outboxRoots, bytesToBigInt(sendRoot)), bytesToBigInt(l2Hash));
      },
    });
  }

  /** Blocks up to `until` (the plan's time; at least delayBlocks): nothing read, the same L2 block confirmed again near the head. */
  async passInclusionWindow(until: number): Promise<void> {
    const header = this.parts.l2.headers[0]!;
    await this.mineConfirmation((BigInt(until) - this.l1.head.header.timestamp + 11n) / 12n, headerHash(header), this.parts.sendRoot);
  }

  /** SequencerInbox.forceInclusion mined; the L2 reads the message and runs the withdrawal. */
  async includeForce(): Promise<void> {
    const c = this.config;
    const tx = this.sent(c.contracts.sequencerInbox, FORCE_INCLUSION);
    const block = await this.l1.mine({ txs: () => [{ tx }], change: (spec) => spec.slot(c.contracts.sequencerInbox, storageKey({ slot: c.slots.sequencerInboxTotalDelayedMessagesRead }), MESSAGE_INDEX + 1n) });
    // On L2: ArbSys.withdrawEth(owner) with the amount; its fee from the owner's balance.
    const { raw, hash, value } = this.l2Tx!;
    const signed = decodeTransaction(hexToBytes(raw));
    const accounts = this.parts.l2.accounts.accounts[this.owner]!;
    accounts.balance! -= value + 80_000n * L2_GAS_PRICE;
    accounts.nonce = signed.nonce + 1n;
    const l2Block = this.parts.accepted.l2Block + 1000n;
    const fields = { caller: this.owner, destination: this.owner, arbBlockNum: l2Block, ethBlockNum: block.header.number, timestamp: block.header.timestamp + 5n, callvalue: value, data: '0x' };
    const item = outboxItemHash(fields);
    this.send = { item, l2Block, sendRoot: outboxRoot(SIBLINGS, POSITION, item) };
    this.l2.receipts.set(hash, {
      transactionHash: hash,
      status: '0x1',
      blockNumber: '0x' + l2Block.toString(16),
      logs: [
        {
          address: ARBSYS,
          topics: [topic(L2_TO_L1_TX_TOPIC), pad(this.owner), item, word(POSITION)].map(bytesToHex),
          data: bytesToHex(encodeAbi(['address', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'], [this.owner, fields.arbBlockNum, fields.ethBlockNum, fields.timestamp, value, '0x'])),
        },
      ],
    });
  }

  /**
   * The confirmation period passed (in time: the plan counts it from the message's time, and a
   * few blocks keep the CLI's walks down to the exit's receipts short); an assertion over an L2
   * block that read the message (its send tree holding the withdrawal) confirmed.
   */
  async passConfirmation(until: number): Promise<void> {
    const { l2Block, sendRoot, item } = this.send!;
    const state = await buildWorld(this.parts.l2.accounts.accounts);
    const header = nitroHeader(l2Block + 50n, state.stateRoot, { sendRoot, sendCount: POSITION + 1n, l1Block: this.l1.head.header.number, delayedRead: MESSAGE_INDEX + 1n, timestamp: this.l1.head.header.timestamp + 600n });
    this.l2.add(header, state);
    // NodeInterface.constructOutboxProof(size, leaf): (send, root, proof).
    this.l2.methods.eth_call = (params) => {
      const call = params[0] as { to: string; data: string };
      if (call.to.toLowerCase() !== '0x00000000000000000000000000000000000000c8' || call.data.slice(0, 10) !== functionSelector(CONSTRUCT_OUTBOX_PROOF)) throw new Error(`unexpected eth_call ${JSON.stringify(call)}`);
      return bytesToHex(encodeAbi(['bytes32', 'bytes32', 'bytes32[]'], [bytesToHex(item), bytesToHex(sendRoot), SIBLINGS]));
    };
    await this.mineConfirmation(4n, headerHash(header), sendRoot, BigInt(until) - this.l1.head.header.timestamp + 60n);
  }

  /** Outbox.executeTransaction mined: OutBoxTransactionExecuted, the leaf's spent bit, the owner paid. */
  async includeExecute(): Promise<void> {
    const c = this.config;
    const tx = this.sent(c.contracts.outbox, EXECUTE_TRANSACTION);
    const { word: spentWord, bit } = spentPosition(POSITION);
    const log: Log = { address: hexToBytes(c.contracts.outbox), topics: [topic(OUTBOX_TRANSACTION_EXECUTED_TOPIC), pad(this.owner), pad(this.owner), word(0n)], data: word(POSITION) };
    await this.l1.mine({
      txs: () => [{ tx, logs: [log] }],
      change: (spec) => {
        spec.slot(c.contracts.outbox, mappingKey(c.slots.outboxSpent!, spentWord), 1n << bit);
        spec.accounts[this.owner]!.balance! += this.l2Tx!.value;
      },
    });
  }
}

/** The send tree's sibling hashes of leaf POSITION, bottom up (21 levels hold 2 000 001 leaves). */
const SIBLINGS = Array.from({ length: 21 }, (_, i) => bytesToHex(tag(`send tree node ${i}`)));
