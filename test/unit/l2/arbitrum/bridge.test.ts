/**
 * Arbitrum Nitro's bridge as the forced exit speaks it (src/l2/arbitrum/bridge.ts): selectors and
 * topics against the contracts' cited values, real mainnet logs of the Bridge and the Inbox read
 * back, nitro-contracts' Outbox test vector, and the SequencerInbox's delay buffer.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { keccak256 as viemKeccak, toEventSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { decodeAbi, functionSelector } from '../../../../src/execution/abi.ts';
import { bigIntToHex, bytesToHex, hexToBytes } from '../../../../src/core/bytes.ts';
import { parseArbitrumConfig } from '../../../../src/l2/arbitrum/config.ts';
import {
  applyL1ToL2Alias,
  CONSTRUCT_OUTBOX_PROOF,
  delayedMessageOf,
  EXECUTE_TRANSACTION,
  FORCE_INCLUSION,
  forceInclusionDelayBlocks,
  INBOX_MESSAGE_DELIVERED_TOPIC,
  L2_TO_L1_TX_TOPIC,
  MESSAGE_DELIVERED_TOPIC,
  OUTBOX_TRANSACTION_EXECUTED_TOPIC,
  outboxItemHash,
  outboxRoot,
  pendingBuffer,
  readMessageDelivered,
  SEND_L2_MESSAGE,
  WITHDRAW_ETH,
} from '../../../../src/l2/arbitrum/bridge.ts';
import { ARBITRUM_ONE } from '../../../../src/l2/arbitrum/networks.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../fixtures/arbitrum/${name}`, import.meta.url), 'utf8'));
const config = parseArbitrumConfig(ARBITRUM_ONE);
const { bridge, inbox } = config.contracts;

describe("Arbitrum's bridge", () => {
  it('selectors and topics are the contracts\' (cited values, and real logs of the Bridge and Inbox)', () => {
    expect(functionSelector(WITHDRAW_ETH)).toBe('0x25e16063');
    expect(functionSelector(SEND_L2_MESSAGE)).toBe('0xb75436bb');
    expect(functionSelector(FORCE_INCLUSION)).toBe('0xf1981578');
    expect(functionSelector(EXECUTE_TRANSACTION)).toBe('0x08635a95');
    expect(functionSelector(CONSTRUCT_OUTBOX_PROOF)).toBe('0x42696350');
    // topic0s of the recorded mainnet logs (arbitrum-sdk, NOTICE.md) and of blockscout's L2ToL1Tx constant.
    expect(MESSAGE_DELIVERED_TOPIC).toBe('0x5e3c1311ea442664e8b1611bfabef659120ea7a0a2cfc0667700bebc69cbffe1');
    expect(INBOX_MESSAGE_DELIVERED_TOPIC).toBe('0xff64905f73a67fb594e0f940a8075a860db489ad991e032f48c81123eb52d60b');
    expect(L2_TO_L1_TX_TOPIC).toBe('0x3e7aafa77dbf186b7fd488006beff893744caa3c4f6f299e8a709fa2087374fc');
    expect(OUTBOX_TRANSACTION_EXECUTED_TOPIC).toBe(toEventSelector('OutBoxTransactionExecuted(address,address,uint256,uint256)'));
  });

  it('real data: the recorded mainnet MessageDelivered and InboxMessageDelivered (arbitrum-sdk) read as the Bridge logged them', () => {
    const r = fixture('arb1-l1-retryable-receipt-15500657.json');
    const [bridgeLog, inboxLog] = [r.logs.find((l: { address: string }) => l.address.toLowerCase() === bridge), r.logs.find((l: { address: string }) => l.address.toLowerCase() === inbox)];
    const m = readMessageDelivered(bridge, bridgeLog)!;
    expect(m.messageIndex).toBe(0x504cn);
    expect(m.inbox).toBe(inbox);
    expect(m.kind).toBe(9n); // L1MessageType_submitRetryableTx
    expect(m.baseFeeL1).toBe(0x05e0fc4c58n);
    expect(m.timestamp).toBe(0x631abc80n);
    // The L1 caller (the gateway router's gateway) aliased, as the Inbox delivers it; the SDK test expects this sender.
    expect(m.sender).toBe(applyL1ToL2Alias('0xd92023e9d9911199a6711321d1277285e6d4e2db'));
    expect(m.sender).toBe('0xea3123e9d9911199a6711321d1277285e6d4f3ec');
    // messageDataHash = keccak256 of the Inbox's logged data.
    const [data] = decodeAbi(['bytes'], inboxLog.data) as [string];
    expect(m.messageDataHash).toBe(viemKeccak(data as `0x${string}`));
    // The plan's reader finds it by that hash, and refuses it for its kind (a retryable, not a signed L2 transaction).
    expect(delayedMessageOf(config, { status: '0x1', blockNumber: bigIntToHex(r.blockNumber), logs: r.logs }, data)).toEqual({ problem: 'the message is of kind 9, not L2_MSG (3)' });
    // One byte changed in the Bridge's data: not read as the same message.
    const changed = { ...bridgeLog, data: bridgeLog.data.slice(0, 100) + (bridgeLog.data[100] === '0' ? '1' : '0') + bridgeLog.data.slice(101) };
    const m2 = readMessageDelivered(bridge, changed);
    expect(m2 === undefined || JSON.stringify(m2, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) !== JSON.stringify(m, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(true);
  });

  it("real data: nitro-contracts' Outbox test vector (index 12, five nodes) hashes to the root its test stores", () => {
    const v = fixture('nitro-contracts-outbox-vector.json');
    const send = { caller: v.l2Sender, destination: v.to, arbBlockNum: BigInt(v.l2Block), ethBlockNum: BigInt(v.l1Block), timestamp: BigInt(v.l2Timestamp), callvalue: BigInt(v.value), data: v.data };
    const item = outboxItemHash(send);
    expect(bytesToHex(outboxRoot(v.proof, BigInt(v.index), item))).toBe(v.root);
    // Every one-byte change of a proof node, and every other index, leads elsewhere.
    fc.assert(
      fc.property(fc.nat({ max: 4 }), fc.nat({ max: 31 }), fc.integer({ min: 1, max: 255 }), (n, at, flip) => {
        const proof = [...v.proof];
        const bytes = hexToBytes(proof[n]);
        bytes[at]! ^= flip;
        proof[n] = bytesToHex(bytes);
        expect(bytesToHex(outboxRoot(proof, BigInt(v.index), item))).not.toBe(v.root);
      }),
      { numRuns: 100 },
    );
    for (let i = 0n; i < 32n; i++) if (i !== BigInt(v.index)) expect(bytesToHex(outboxRoot(v.proof, i, item))).not.toBe(v.root);
    expect(() => outboxRoot(v.proof, 32n, item)).toThrow(/PathNotMinimal/);
    expect(() => outboxRoot(Array(256).fill(v.root), 0n, item)).toThrow(/ProofTooLong/);
  });

  it('the delay buffer: forceInclusionDeadline − block as DelayBuffer.calcPendingBuffer makes it', () => {
    const full = { bufferBlocks: 14400n, max: 14400n, threshold: 150n, prevBlockNumber: 1000n, replenishRateInBasis: 500n, prevSequencedBlockNumber: 1010n };
    expect(forceInclusionDelayBlocks(7200n, full, 2000n)).toBe(7200n);
    // Not bufferable (all zeros): delayBlocks.
    expect(forceInclusionDelayBlocks(7200n, { bufferBlocks: 0n, max: 0n, threshold: 0n, prevBlockNumber: 0n, replenishRateInBasis: 0n, prevSequencedBlockNumber: 0n }, 2000n)).toBe(7200n);
    // Drained: the sequencer was 5000 blocks late (4850 over the threshold) over 10000 blocks: 3000 + 500 replenished − 4850 < threshold → threshold.
    const drained = { bufferBlocks: 3000n, max: 14400n, threshold: 150n, prevBlockNumber: 1000n, replenishRateInBasis: 500n, prevSequencedBlockNumber: 6000n };
    expect(pendingBuffer(drained, 11_000n)).toBe(150n);
    expect(forceInclusionDelayBlocks(7200n, drained, 11_000n)).toBe(150n);
    // Partly: 6000 + 500 − 850 = 5650.
    expect(pendingBuffer({ ...drained, bufferBlocks: 6000n, prevSequencedBlockNumber: 2000n }, 11_000n)).toBe(5650n);
    // A block before prevBlockNumber: nothing elapsed.
    expect(pendingBuffer(full, 500n)).toBe(14400n);
  });
});
