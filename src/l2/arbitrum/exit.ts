/**
 * The forced exit from an Arbitrum Nitro chain (Arbitrum One, Arbitrum Sepolia) when its sequencer
 * ignores the user, as an {@link ExitPlan} (docs/research/real-rollups.md §3.4–§3.5):
 *
 * 1. `sign-l2`: the wallet signs an L2 EIP-1559 transaction `ArbSys(0x64).withdrawEth(owner)` of
 *    `amount`. Its fee cap is bounded by the base fee of the confirmed L2 header the follower
 *    proved (./exit-l2-tx.ts: 2 to 16 times it: the L2 RPC's
 *    gas price is taken only within those bounds, and a refused one is replaced by the floor). Its
 *    nonce is the L2 RPC's hint, never below a nonce proven before; a hint that is not a number is
 *    replaced by the owner's nonce proven in the confirmed state. A transaction the rollup read and
 *    did not run is seen from proven state at the confirmation and signed again: at the nonce that
 *    state proves (no nonce hint is taken for this exit again) and the bounded fee. Only a
 *    transaction signed at a proven nonce that still did not run counts as a failure (its fee bound
 *    doubled for the next, the exit stopping at MAX_EXIT_REVERTS): a lying L2 RPC costs a retry's
 *    wait, never the exit. Its bytes are kept in `facts`: a restart never signs another.
 * 2. `submit`: L1 `Inbox.sendL2Message(0x04 ‖ signedTx)` (L2MessageKind_SignedTx, nitro
 *    arbos/parse_l2.go): the signature, not the L1 poster (aliased by the Inbox), names the L2
 *    sender. Its verified receipt's Bridge `MessageDelivered` log gives the delayed message, whose
 *    hash chained to the log's `beforeInboxAcc` must be the Bridge's proven `delayedInboxAccs[i]`;
 *    read again at each head until the receipt's block is finalized (a reorg may move it).
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
import { decodeAbi } from '../../execution/abi.ts';
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, equalBytes, hexToBytes, isHex } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aboutDuration } from '../../core/units.ts';
import { decodeHeader } from '../../execution/header.ts';
import type { SlotRef } from '../adapter.ts';
import { verifyEvmAccount } from '../evm-account.ts';
import {
  type ExitInputs,
  type ExitPlan,
  type ExitPlanAction,
  type ExitPlanRecord,
  type ExitStartParams,
  dropFacts,
  followSent,
  exitWait as waitFor,
  heldSlot,
  MAX_EXIT_REVERTS,
  moveExit,
  sentReceipt,
  startExitRecord,
  withExitError as withError,
} from '../exit-plan.ts';
import { arrayElementKey, mappingKey, packedField } from '../slots.ts';
import {
  accumulateInboxMessage,
  applyL1ToL2Alias,
  checkSignedWithdrawal,
  type DelayedMessage,
  delayedMessageHash,
  delayedMessageOf,
  encodeConstructOutboxProof,
  encodeExecuteTransaction,
  encodeForceInclusion,
  encodeSendL2Message,
  forceInclusionDelayBlocks,
  L2_MESSAGE_KIND_SIGNED_TX,
  type L2ToL1Send,
  NODE_INTERFACE,
  OUTBOX_TRANSACTION_EXECUTED_TOPIC,
  outboxItemHash,
  outboxRoot,
  readDelayBuffer,
  spentPosition,
  topicAddress,
  withdrawalSendOf,
} from './bridge.ts';
import { ARBITRUM_KIND, type ArbitrumConfig, type ContractName } from './config.ts';
import { delays, exitSlots, route } from './exit-route.ts';
import { checkImplementations, nitroHeaderInfo } from './follow.ts';
import { confirmedBaseFee, L2_HINTS, L2_TX_LABEL, l2TxParams, SIGN_ACCOUNT } from './exit-l2-tx.ts';

export { L2_FEE_CEILING_MULTIPLE, L2_FEE_FLOOR_MULTIPLE, L2_NONCE_AHEAD, L2_TX_LABEL } from './exit-l2-tx.ts';

const lower = (s: string) => s.toLowerCase();
const hex32 = (x: bigint) => bytesToHex(bigIntToBytesPadded(x, 32));
const word = (x: bigint) => bigIntToBytesPadded(x, 32);

export type ArbitrumExitStep = 'sign-l2' | 'submit' | 'include' | 'force' | 'confirm' | 'execute' | 'done' | 'failed';

const TERMINAL: ReadonlySet<string> = new Set<ArbitrumExitStep>(['done', 'failed']);


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

/** What the submit receipt's delayed message gives the record. */
const MESSAGE_FACTS = ['messageIndex', 'kind', 'sender', 'l1Block', 'l1Time', 'baseFeeL1', 'messageDataHash'] as const;
/** What the confirmed state gives: the withdrawal's leaf and its proof to the send root. */
const SEND_FACTS = ['position', 'arbBlockNum', 'ethBlockNum', 'l2Timestamp', 'proof', 'root'] as const;

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

const slotOf = heldSlot;

function start(config: ArbitrumConfig, params: ExitStartParams): ExitPlanRecord {
  exitSlots(config);
  const record = startExitRecord({ kind: ARBITRUM_KIND, rollupChainId: config.chainId, step: 'sign-l2' }, params);
  return { ...record, facts: { balance: params.balance.toString() } };
}

type Out = { record: ExitPlanRecord; action: ExitPlanAction };

/**
 * After a revert: done when the exit stopped, else a wait with the problem shown; the step is tried
 * again (a fresh transaction) at the next head, so the user sees the revert before more gas is spent.
 */
function afterRevert(record: ExitPlanRecord): Out {
  if (record.step === 'failed') return { record, action: { kind: 'done' } };
  return waitFor(record, `${record.error?.message ?? 'the transaction reverted'}: trying again at the next verified head`);
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

  if (f.messageIndex !== undefined && !TERMINAL.has(record.step)) {
    const moved = recheckSubmit(config, record, inputs);
    if (moved !== undefined) return advance(config, moved, inputs);
  }
  switch (record.step as ArbitrumExitStep) {
    case 'done':
    case 'failed':
      return { record, action: { kind: 'done' } };

    case 'sign-l2': {
      if (f.l2Raw !== undefined) return advance(config, moveExit(record, 'submit', now), inputs);
      const params = l2TxParams(config, record, inputs);
      if ('need' in params && params.need === 'header') return waitFor(record, "waiting for the rollup's confirmed L2 state (its base fee bounds the withdrawal's fee; not followed at this head)");
      if ('need' in params) {
        // The hints, and the owner's account in the confirmed state (its nonce proven) unless a proven one is all that is signed.
        const tag = bigIntToHex(confirmedBaseFee(inputs)!.number);
        const account = f.l2NonceProven === '1' ? [] : [{ key: SIGN_ACCOUNT, method: 'eth_getProof', params: [owner, [], tag] }];
        return { record, action: { kind: 'need', l2: [...L2_HINTS(owner, amount), ...account] } };
      }
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
      const out = followSent(record, 'submit', inputs, { retry: 'submit', what: 'Inbox.sendL2Message' });
      if (out.state === 'reverted') return afterRevert(out.record);
      if (out.state !== 'passed') return waitFor(record, 'the delayed-inbox transaction is not in a verified Ethereum block yet');
      const receipt = out.receipt;
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
      const out = followSent(record, 'force', inputs, { retry: 'include', what: 'SequencerInbox.forceInclusion' });
      if (out.state === 'reverted') return afterRevert(out.record);
      if (out.state === 'passed') return waitFor(record, 'forced in, in a block after this head');
      return waitFor(record, 'the force-inclusion transaction is not in a verified Ethereum block yet');
    }

    case 'confirm':
      return confirm(config, record, inputs, s.outboxSpent, proven, upgraded);

    case 'execute':
      return execute(config, record, inputs, s.outboxSpent, proven, upgraded);
  }
  throw new InputError(`"step" expected one of the Arbitrum exit's steps, got ${record.step}`);
}

/**
 * The delayed message read again from the submit receipt while its block is not finalized: moved
 * to another block (another block number, maybe another index, time or base fee) or gone, the
 * record goes back to `submit` without it, which waits for the receipt (or sends again once the
 * runner found the transaction dropped) and proves the message anew. Undefined while it stands.
 */
function recheckSubmit(config: ArbitrumConfig, record: ExitPlanRecord, inputs: ExitInputs): ExitPlanRecord | undefined {
  const at = sentReceipt(record, 'submit', inputs);
  if (at?.state === 'final') return undefined;
  const data = bytesToHex(concatBytes(Uint8Array.of(L2_MESSAGE_KIND_SIGNED_TX), hexToBytes(record.facts.l2Raw!)));
  const found = at?.state === 'held' && at.receipt.status === '0x1' ? delayedMessageOf(config, at.receipt, data) : undefined;
  if (found !== undefined && !('problem' in found) && bytesToHex(delayedMessageHash(found.message)) === bytesToHex(delayedMessageHash(storedMessage(record.facts)))) return undefined;
  const note = found !== undefined && !('problem' in found) ? `the delayed-inbox transaction moved to L1 block ${found.message.blockNumber}: its message is read again` : "the delayed-inbox transaction's block left the chain: waiting for it again";
  return moveExit(dropFacts(record, [...MESSAGE_FACTS, ...SEND_FACTS]), 'submit', inputs.now, note);
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
    let proven: { nonce: bigint; balance: bigint } | undefined;
    try {
      const a = verifyEvmAccount(followed.accepted.root, account);
      if (bytesToHex(a.address) === owner) proven = a.account;
    } catch {
      proven = undefined;
    }
    const signedNonce = BigInt(f.l2Nonce!);
    if (proven !== undefined && proven.nonce < signedNonce) {
      // Proven: the message was read and its nonce is above the one the state proves next: a nonce
      // hint that was too high. Signed again at the proven nonce; the hint's failure is not the exit's.
      const why = `the rollup read your message but did not run the signed withdrawal: its nonce ${f.l2Nonce} is above your proven L2 nonce ${proven.nonce} (the L2 RPC's hint)`;
      return signAgain(record, why, { ...provenFacts(f, proven), l2NonceFloor: proven.nonce.toString(), l2NonceProven: '1' }, now, false);
    }
    if (proven !== undefined && proven.nonce === signedNonce) {
      // Proven: read, at the proven nonce, and not run (its fee below the base fee when it was read,
      // or the balance short): a failure of the exit's own, counted; the next offers twice the fee.
      const why = `the rollup read your message but did not run the signed withdrawal (your proven L2 nonce is ${proven.nonce}, the transaction's was ${f.l2Nonce})`;
      const bumps = String(Number(f.l2FeeBumps ?? '0') + 1);
      return signAgain(record, why, { ...provenFacts(f, proven), l2NonceFloor: proven.nonce.toString(), l2NonceProven: '1', l2FeeBumps: bumps }, now, true);
    }
    if (proven !== undefined && l2Receipt === null) {
      // Proven: the nonce it carried is used, and the L2 RPC knows no receipt of this withdrawal:
      // another transaction took that nonce. Signed again at the proven nonce, within the balance
      // proven with it; the L2 RPC's word alone (no receipt) counts no failure.
      const why = `your proven L2 nonce ${proven.nonce} passed the signed withdrawal's (${f.l2Nonce}), which the rollup did not run: another transaction used that nonce`;
      return signAgain(record, why, { ...provenFacts(f, proven), l2NonceFloor: proven.nonce.toString(), l2NonceProven: '1' }, now, false);
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
  // Only under a send root the Outbox holds at this head (the confirmation's block may have left the chain since the follower read it).
  const rootRef: SlotRef = { mapping: config.slots.outboxRoots, key: bytesToBigInt(root) };
  const rootValue = proven('outbox', rootRef);
  if (rootValue === undefined) return { record, action: { kind: 'need', l1: [accountRequest(config.contracts.outbox, [rootRef])] } };
  if (rootValue === 0n) {
    const problem = `the Outbox holds no confirmed block for send root ${bytesToHex(root)}`;
    return waitFor(withError(record, 'L2_SEND_ROOT_UNCONFIRMED', problem, now), problem);
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

/** What a new signature keeps of the facts: the balance proven with the nonce, and the fee bumps so far. */
function provenFacts(f: Facts, proven: { balance: bigint }): Facts {
  return { balance: proven.balance.toString(), ...(f.l2FeeBumps !== undefined ? { l2FeeBumps: f.l2FeeBumps } : {}) };
}

/**
 * The signed withdrawal did not run: it is forgotten with what followed from it, and `sign-l2`
 * signs a new one at the next head. `counted`: a failure proven of a transaction signed at a
 * proven nonce (the exit stops at MAX_EXIT_REVERTS); one a hint caused is not.
 */
function signAgain(record: ExitPlanRecord, why: string, keep: Facts, now: number, counted: boolean): Out {
  const reverts = record.reverts + (counted ? 1 : 0);
  const { submit: _s, force: _f, ...sent } = record.sent;
  const base = { ...record, sent, reverts, facts: keep };
  if (reverts >= MAX_EXIT_REVERTS) return { record: withError(moveExit(base, 'failed', now, why), 'ARB_L2_TX_DROPPED', why, now), action: { kind: 'done' } };
  const next = withError(moveExit(base, 'sign-l2', now, `${why}: signing a new one`), 'ARB_L2_TX_DROPPED', why, now);
  return { record: next, action: { kind: 'wait', reason: `${why}; a new one will be signed` } };
}

function execute(config: ArbitrumConfig, record: ExitPlanRecord, inputs: ExitInputs, outboxSpent: bigint, proven: Proven, upgraded: Upgraded): Out {
  const now = inputs.now;
  const f = record.facts;
  const owner = record.owner;
  const send = storedSend(f, owner, BigInt(record.amount));
  const proof = JSON.parse(f.proof!) as string[];
  const sent = record.sent.execute;
  if (sent !== undefined) {
    const out = followSent(record, 'execute', inputs, { retry: 'execute', what: 'Outbox.executeTransaction' });
    if (out.state === 'passed') {
      const executed = out.receipt.logs.some(
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
    // Held at the head that moved here, not at this one: the confirmation's block left the chain. Found again in what is confirmed now.
    const problem = `the Outbox holds no confirmed block for send root ${f.root} any more`;
    return waitFor(withError(moveExit(dropFacts(record, SEND_FACTS), 'confirm', now, problem), 'L2_SEND_ROOT_UNCONFIRMED', problem, now), `${problem}: looking for the withdrawal in the confirmed state again`);
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
  const out = followSent(record, 'execute', inputs, { retry: 'execute', what: 'Outbox.executeTransaction' });
  if (out.state === 'reverted') return afterRevert(out.record);
  if (out.state === 'passed') return waitFor(record, 'the claim passed in a block after this head');
  return waitFor(record, 'the claim transaction is not in a verified Ethereum block yet');
}

/** The Arbitrum Nitro forced exit (kind arbitrum-nitro-v1). */
export const arbitrumExitPlan: ExitPlan<ArbitrumConfig> = {
  kind: ARBITRUM_KIND,
  terminal: TERMINAL,
  accounts: 'evm',
  partial: true,
  route,
  start,
  advance,
};
