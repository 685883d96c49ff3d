/**
 * Arbitrum Nitro (and Orbit chains of the same contracts): where a sequencer batch's data lives,
 * from the SequencerInbox's proven `SequencerBatchDelivered` log and its proven transaction.
 * Sources (read to understand, not copied):
 * - OffchainLabs/nitro-contracts src/bridge/ISequencerInbox.sol and IBridge.sol:
 *   `SequencerBatchDelivered(uint256 indexed batchSequenceNumber, bytes32 indexed beforeAcc,
 *   bytes32 indexed afterAcc, bytes32 delayedAcc, uint256 afterDelayedMessagesRead,
 *   TimeBounds timeBounds, BatchDataLocation dataLocation)`, the TimeBounds four uint64 words,
 *   `BatchDataLocation { TxInput, SeparateBatchEvent, NoData, Blob }`, and
 *   `SequencerBatchData(uint256 indexed batchSequenceNumber, bytes data)` for SeparateBatchEvent;
 *   `addSequencerL2BatchFromOrigin` / `addSequencerL2Batch` take `bytes data` as their second
 *   argument.
 * - OffchainLabs/nitro daprovider (header flags of the batch data's first byte): 0x00 brotli,
 *   0x20 zero-heavy, 0x80 DAS (AnyTrust certificate; 0x88 with the tree flag 0x08), 0x50 blob
 *   hashes (written by the contract for blob batches), 0x01 a DA certificate (external DA).
 *
 * What it cannot tie: the root Vigil reads is the newest confirmed assertion's, confirmed about a
 * week after it was made; its batches are older than the verified headers reach (about 27 hours).
 * So a report is the newest batches delivered, with where each one's data went.
 * @module
 */
import { hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { eventTopic } from '../../execution/abi.ts';
import { blobHashesOf, type DataLocation, inVerifiedBlock, type ProvenReceipt, type ProvenTx, provenLocation, sameAddress, unknownLocation } from './location.ts';

export const SEQUENCER_BATCH_DELIVERED = /* @__PURE__ */ eventTopic('SequencerBatchDelivered(uint256,bytes32,bytes32,bytes32,uint256,(uint64,uint64,uint64,uint64),uint8)');
export const SEQUENCER_BATCH_DATA = /* @__PURE__ */ eventTopic('SequencerBatchData(uint256,bytes)');

/** IBridge.BatchDataLocation. */
const LOCATION = { TxInput: 0n, SeparateBatchEvent: 1n, NoData: 2n, Blob: 3n } as const;
/** The dataLocation word of SequencerBatchDelivered's data: delayedAcc, afterDelayedMessagesRead, 4 time bounds, then it. */
const DATA_LOCATION_WORD = 6;

/** A SequencerBatchDelivered log found in verified receipts, with its block and transaction. */
export interface DeliveredLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: bigint;
  transactionHash: string;
}

/**
 * Where the batch of a proven SequencerBatchDelivered log put its data.
 * @example arbitrumBatch(log, tx, receipt, config.contracts.sequencerInbox).where // 'blobs'
 */
export function arbitrumBatch(log: DeliveredLog, tx: ProvenTx, receipt: ProvenReceipt, sequencerInbox: string): DataLocation {
  const seq = log.topics[1] === undefined ? undefined : hexToBigInt(log.topics[1], 'batchSequenceNumber');
  const batch = seq === undefined ? 'batch ?' : `batch ${seq}`;
  if (!sameAddress(log.address, sequencerInbox) || log.topics[0]?.toLowerCase() !== SEQUENCER_BATCH_DELIVERED || seq === undefined) {
    return unknownLocation(batch, 'recent', `the log is not the SequencerInbox ${sequencerInbox}'s SequencerBatchDelivered`);
  }
  if (tx.hash.toLowerCase() !== log.transactionHash.toLowerCase() || !inVerifiedBlock(tx, log.blockNumber)) {
    return unknownLocation(batch, 'recent', `the batch's transaction ${log.transactionHash} is not proven in the log's verified block ${log.blockNumber}`);
  }
  if (receipt.status !== '0x1') return unknownLocation(batch, 'recent', 'the batch transaction failed on L1');
  const data = hexToBytes(log.data, undefined, 'SequencerBatchDelivered data');
  if (data.length < 32 * (DATA_LOCATION_WORD + 1)) return unknownLocation(batch, 'recent', `SequencerBatchDelivered data of ${data.length} bytes`);
  const location = hexToBigInt('0x' + hexWord(data, DATA_LOCATION_WORD), 'dataLocation');
  const checked = [`SequencerBatchDelivered of the SequencerInbox ${sequencerInbox}, in the verified receipts of block ${log.blockNumber}`, `its transaction ${tx.hash} proven in that block`];
  const at = { tx: tx.hash, block: tx.blockNumber };
  switch (location) {
    case LOCATION.Blob: {
      const hashes = blobHashesOf(tx);
      if (hashes === null) return unknownLocation(batch, 'recent', 'dataLocation Blob, but the transaction carries no well-formed blobs', checked, at);
      return provenLocation('blobs', batch, tx, 'recent', [...checked, `dataLocation Blob (3): the type-3 transaction's ${hashes.length} versioned hashes`], { versionedHashes: hashes });
    }
    case LOCATION.TxInput: {
      if (!sameAddress(tx.to, sequencerInbox)) return unknownLocation(batch, 'recent', `dataLocation TxInput, but the transaction is to ${tx.to}, not the SequencerInbox`, checked, at);
      const payload = batchDataArgument(hexToBytes(tx.input, undefined, 'input'));
      if (payload === null) return unknownLocation(batch, 'recent', 'dataLocation TxInput, but its input holds no batch data argument', checked, at);
      return byHeaderFlag(batch, tx, payload, [...checked, "dataLocation TxInput (0): the batch data is the call's second argument"], 'calldata');
    }
    case LOCATION.SeparateBatchEvent: {
      const own = receipt.logs.find((l) => sameAddress(l.address, sequencerInbox) && l.topics[0]?.toLowerCase() === SEQUENCER_BATCH_DATA && l.topics[1] !== undefined && hexToBigInt(l.topics[1], 'topic') === seq);
      if (own === undefined) return unknownLocation(batch, 'recent', 'dataLocation SeparateBatchEvent, but no SequencerBatchData of this batch from the SequencerInbox in its receipt', checked, at);
      const payload = bytesArgument(hexToBytes(own.data, undefined, 'SequencerBatchData data'), 0);
      if (payload === null) return unknownLocation(batch, 'recent', 'a SequencerBatchData log without its bytes', checked, at);
      return byHeaderFlag(batch, tx, payload, [...checked, 'dataLocation SeparateBatchEvent (1): the batch data is the SequencerBatchData log of its proven receipt'], 'an L1 event log');
    }
    case LOCATION.NoData:
      return provenLocation('calldata', batch, tx, 'recent', [...checked, 'dataLocation NoData (2): the batch only reads delayed messages, which L1 holds'], { via: 'delayed inbox (no batch data)' });
    default:
      return unknownLocation(batch, 'recent', `dataLocation ${location}, which nitro-contracts does not define`, checked, at);
  }
}

/** The batch data's header flag says whether the bytes are the data or a certificate for data held elsewhere. */
function byHeaderFlag(batch: string, tx: ProvenTx & { blockNumber: bigint }, payload: Uint8Array, checked: string[], via: string): DataLocation {
  const flag = payload[0];
  const hex = flag === undefined ? 'none' : '0x' + flag.toString(16).padStart(2, '0');
  if (flag === undefined) return provenLocation('calldata', batch, tx, 'recent', [...checked, 'an empty batch'], { via });
  if ((flag & 0x80) !== 0) {
    return provenLocation('off-ethereum', batch, tx, 'recent', [...checked, `header flag ${hex}: a DAS certificate, the data is held by the AnyTrust committee`], { layer: 'AnyTrust data availability committee' });
  }
  if (flag === 0x01) return provenLocation('off-ethereum', batch, tx, 'recent', [...checked, `header flag ${hex}: a DA certificate, the data is on an external DA layer`], { layer: 'external DA provider' });
  if (flag === 0x00 || flag === 0x20) return provenLocation('calldata', batch, tx, 'recent', [...checked, `header flag ${hex}: ${payload.length - 1} bytes of ${flag === 0 ? 'brotli' : 'zero-heavy'} batch data`], { via });
  return unknownLocation(batch, 'recent', `header flag ${hex}, which Vigil does not read`, checked, { tx: tx.hash, block: tx.blockNumber });
}

/** The `bytes data` second argument of a SequencerInbox batch call (selector, then ABI words). */
function batchDataArgument(input: Uint8Array): Uint8Array | null {
  return input.length < 4 ? null : bytesArgument(input.subarray(4), 1);
}

/** The `bytes` ABI argument at head word `index` of `args`, or null when its offset or length runs past the end. */
function bytesArgument(args: Uint8Array, index: number): Uint8Array | null {
  if (args.length < 32 * (index + 1)) return null;
  const offset = BigInt('0x' + hexWord(args, index));
  if (offset + 32n > BigInt(args.length)) return null;
  const length = BigInt('0x' + hexWord(args.subarray(Number(offset)), 0));
  const start = Number(offset) + 32;
  if (BigInt(start) + length > BigInt(args.length)) return null;
  return args.subarray(start, start + Number(length));
}

function hexWord(bytes: Uint8Array, index: number): string {
  return Array.from(bytes.subarray(32 * index, 32 * (index + 1)), (b) => b.toString(16).padStart(2, '0')).join('');
}
