/**
 * Arbitrum batches as the SequencerInbox delivers them, encoded with viem (independently of src/)
 * from nitro-contracts' ABI: the event's data location, the calldata's header flag, blobs.
 */
import { encodeAbiParameters, encodeFunctionData, parseAbi, toEventSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { arbitrumBatch, type DeliveredLog, SEQUENCER_BATCH_DATA, SEQUENCER_BATCH_DELIVERED } from '../../../../src/l2/data/arbitrum.ts';
import type { ProvenReceipt, ProvenTx } from '../../../../src/l2/data/location.ts';
import { parseArbitrumConfig } from '../../../../src/l2/arbitrum/config.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';

const INBOX = parseArbitrumConfig(requireKnownRollup('arbitrum-one')).contracts.sequencerInbox;
const TX = '0x' + 'a1'.repeat(32);
const BLOCK = 21_500_000n;
const SEQ = 912_345n;
const h = (x: string) => x as `0x${string}`;
const word = (x: bigint) => h('0x' + x.toString(16).padStart(64, '0'));

const ABI = parseAbi([
  'function addSequencerL2BatchFromOrigin(uint256 sequenceNumber, bytes data, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount)',
  'function addSequencerL2BatchFromBlobs(uint256 sequenceNumber, uint256 afterDelayedMessagesRead, address gasRefunder, uint256 prevMessageCount, uint256 newMessageCount)',
]);

/** SequencerBatchDelivered of batch SEQ with `location` (IBridge.BatchDataLocation). */
function delivered(location: number, o: Partial<DeliveredLog> = {}): DeliveredLog {
  const data = encodeAbiParameters(
    [{ type: 'bytes32' }, { type: 'uint256' }, { type: 'tuple', components: [{ type: 'uint64' }, { type: 'uint64' }, { type: 'uint64' }, { type: 'uint64' }] }, { type: 'uint8' }],
    [h('0x' + '0d'.repeat(32)), 1_234n, [1n, 2n, 3n, 4n], location],
  );
  return { address: INBOX, topics: [SEQUENCER_BATCH_DELIVERED, word(SEQ), h('0x' + 'be'.repeat(32)), h('0x' + 'af'.repeat(32))], data, blockNumber: BLOCK, transactionHash: TX, ...o };
}

const fromOrigin = (payload: string) => encodeFunctionData({ abi: ABI, functionName: 'addSequencerL2BatchFromOrigin', args: [SEQ, h(payload), 1_234n, '0x' + '00'.repeat(20) as `0x${string}`, 10n, 20n] });
const tx = (o: Partial<ProvenTx> = {}): ProvenTx => ({ hash: TX, from: '0x' + 'c1'.repeat(20), to: INBOX, type: 2, input: fromOrigin('0x00' + '5a'.repeat(100)), blobVersionedHashes: [], blockNumber: BLOCK, ...o });
const ok: ProvenReceipt = { status: '0x1', logs: [] };

describe('Arbitrum: SequencerBatchDelivered and the batch data header flag (nitro-contracts, daprovider)', () => {
  it('the topic is the ABI signature with TimeBounds as a tuple', () => {
    expect(SEQUENCER_BATCH_DELIVERED).toBe(toEventSelector('SequencerBatchDelivered(uint256 indexed batchSequenceNumber, bytes32 indexed beforeAcc, bytes32 indexed afterAcc, bytes32 delayedAcc, uint256 afterDelayedMessagesRead, (uint64,uint64,uint64,uint64) timeBounds, uint8 dataLocation)'));
  });

  it('dataLocation Blob: the type-3 transaction’s versioned hashes', () => {
    const hashes = ['0x01' + '11'.repeat(31), '0x01' + '22'.repeat(31)];
    const input = encodeFunctionData({ abi: ABI, functionName: 'addSequencerL2BatchFromBlobs', args: [SEQ, 1_234n, h('0x' + '00'.repeat(20)), 10n, 20n] });
    const at = arbitrumBatch(delivered(3), tx({ type: 3, input, blobVersionedHashes: hashes }), ok, INBOX);
    expect(at).toMatchObject({ where: 'blobs', batch: `batch ${SEQ}`, versionedHashes: hashes, l1: { tx: TX, block: BLOCK } });
  });

  it('dataLocation TxInput with a brotli header (0x00): calldata', () => {
    const at = arbitrumBatch(delivered(0), tx(), ok, INBOX);
    expect(at.where).toBe('calldata');
    expect(at.checked.at(-1)).toContain('header flag 0x00: 100 bytes of brotli batch data');
  });

  it('dataLocation TxInput with an AnyTrust DAS header (0x88): off Ethereum', () => {
    const at = arbitrumBatch(delivered(0), tx({ input: fromOrigin('0x88' + '5a'.repeat(104)) }), ok, INBOX);
    expect(at).toMatchObject({ where: 'off-ethereum', layer: 'AnyTrust data availability committee' });
    expect(at.words).toContain("Ethereum alone cannot rebuild this rollup's state");
    expect(arbitrumBatch(delivered(0), tx({ input: fromOrigin('0x80' + '5a'.repeat(104)) }), ok, INBOX).where).toBe('off-ethereum');
    expect(arbitrumBatch(delivered(0), tx({ input: fromOrigin('0x01' + '5a'.repeat(40)) }), ok, INBOX).layer).toBe('external DA provider');
  });

  it('dataLocation SeparateBatchEvent: the SequencerBatchData log of the same receipt, from the SequencerInbox only', () => {
    const data = encodeAbiParameters([{ type: 'bytes' }], [h('0x88' + '77'.repeat(60))]);
    const own = { address: INBOX, topics: [SEQUENCER_BATCH_DATA, word(SEQ)], data };
    expect(arbitrumBatch(delivered(1), tx({ to: '0x' + 'c2'.repeat(20), input: '0x' }), { status: '0x1', logs: [own] }, INBOX).where).toBe('off-ethereum');
    const brotli = { ...own, data: encodeAbiParameters([{ type: 'bytes' }], [h('0x00' + '77'.repeat(60))]) };
    expect(arbitrumBatch(delivered(1), tx({ input: '0x' }), { status: '0x1', logs: [brotli] }, INBOX).where).toBe('calldata');
    // Hostile: the same log from another contract does not count.
    const other = { ...own, address: '0x' + 'ee'.repeat(20) };
    expect(arbitrumBatch(delivered(1), tx({ input: '0x' }), { status: '0x1', logs: [other] }, INBOX).where).toBe('unknown');
  });

  it('dataLocation NoData: only delayed messages, which L1 holds', () => {
    expect(arbitrumBatch(delivered(2), tx({ input: '0x' }), ok, INBOX)).toMatchObject({ where: 'calldata' });
  });

  it('hostile: a log of another contract, a transaction not proven in the log’s block, a blob flag without blobs', () => {
    expect(arbitrumBatch(delivered(3, { address: '0x' + 'ee'.repeat(20) }), tx({ type: 3, blobVersionedHashes: ['0x01' + '11'.repeat(31)] }), ok, INBOX).where).toBe('unknown');
    expect(arbitrumBatch(delivered(0), tx({ blockNumber: null }), ok, INBOX).words).toContain('not proven');
    expect(arbitrumBatch(delivered(0), tx({ blockNumber: BLOCK + 1n }), ok, INBOX).where).toBe('unknown');
    expect(arbitrumBatch(delivered(0), tx({ hash: '0x' + 'a2'.repeat(32) }), ok, INBOX).where).toBe('unknown');
    expect(arbitrumBatch(delivered(3), tx(), ok, INBOX).where).toBe('unknown');
    expect(arbitrumBatch(delivered(0), tx({ to: '0x' + 'c2'.repeat(20) }), ok, INBOX).where).toBe('unknown');
    expect(arbitrumBatch(delivered(7), tx(), ok, INBOX).words).toContain('dataLocation 7');
    expect(arbitrumBatch(delivered(0), tx(), { status: '0x0', logs: [] }, INBOX).where).toBe('unknown');
  });
});
