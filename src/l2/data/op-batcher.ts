/**
 * OP Stack (and OP Succinct chains such as Mantle): where the batcher's postings went, read from
 * verified L1 blocks. Sources (read to understand, not copied):
 * - specs.optimism.io protocol/derivation.md "Batch Submission" and "Batcher Transaction Format":
 *   a batcher transaction is one to the chain's batch inbox address signed by the batcher address
 *   of the SystemConfig; a type-3 (EIP-4844) one carries its frames in its blobs (its calldata is
 *   ignored), any other in its calldata, `version_byte ++ rollup_payload`, version 0 = frames.
 * - specs.optimism.io experimental/alt-da.md "Input Commitment Submission": version byte 1 = an
 *   alt-DA commitment, `commitment_type_byte ++ commitment` (0 keccak256 of the input stored by a
 *   DA server, 1 a DA service's: `da_layer_byte ++ payload`); Layr-Labs/hokulea (AltDACommitment:
 *   "da_layer_byte, eigenda is 0").
 *
 * What it cannot tie: an output root (or a dispute game's claim, or an OP Succinct output) names
 * an L2 block, not the L1 transactions its batches came in; tying them needs decoding the
 * channels of every posting since. So a report here is the batcher's recent postings and where
 * they went, never "the data behind this root".
 * @module
 */
import { hexToBytes } from '../../core/bytes.ts';
import { blobHashesOf, type DataLocation, type DataReport, inVerifiedBlock, type ProvenTx, provenLocation, sameAddress, unknownLocation } from './location.ts';

/** The facts a chain's batch submission is read by: who posts and where (its rollup config; SystemConfig batcherHash). */
export interface BatcherFacts {
  /** The batcher address (lower-case 0x-hex). */
  batcher: string;
  /** The batch inbox address (lower-case 0x-hex; an address without code). */
  inbox: string;
  /** Where the facts come from. */
  source: string;
  /** A DA history the chain's own records give (e.g. Mantle: EigenDA before its Arsia upgrade), said beside the report. */
  history?: string;
  /**
   * The chain's SystemConfig, whose storage names the batcher (`batcherHash`) and, since
   * op-contracts 1.3, the batch inbox: proven at the head, they replace the pinned ones (a rotated
   * batcher is followed). Absent: the pinned facts only.
   */
  systemConfig?: { address: string; batcherHashSlot: bigint; batchInboxSlot?: string };
}

/**
 * The facts with what the SystemConfig's proven storage says (`batcherHash`, the batch inbox
 * slot's value; undefined when not proven): its batcher replaces the pinned one when its hash is
 * version 0 (`bytes32(uint256(uint160(batcher)))`, SystemConfig.sol), its inbox when set.
 */
export function provenBatcherFacts(facts: BatcherFacts, proven: { batcherHash?: bigint; batchInbox?: bigint }): BatcherFacts {
  const sc = facts.systemConfig;
  if (sc === undefined || proven.batcherHash === undefined) return facts;
  if (proven.batcherHash >> 160n !== 0n || proven.batcherHash === 0n) return { ...facts, source: `${facts.source}; the SystemConfig's batcherHash is not a version-0 address hash, the pinned batcher kept` };
  const hex = (x: bigint) => '0x' + x.toString(16).padStart(40, '0');
  const batcher = hex(proven.batcherHash);
  const inbox = proven.batchInbox !== undefined && proven.batchInbox !== 0n && proven.batchInbox >> 160n === 0n ? hex(proven.batchInbox) : facts.inbox;
  const changed = batcher !== facts.batcher || inbox !== facts.inbox ? `; the registry's: batcher ${facts.batcher}, inbox ${facts.inbox}` : '';
  return { ...facts, batcher, inbox, source: `the SystemConfig ${sc.address}'s storage proven at the verified head${changed}` };
}

/** specs.optimism.io derivation.md: derivation_version_0, frames follow. */
const DERIVATION_VERSION_0 = 0x00;
/** alt-da.md: txDataVersion1, an alt-DA commitment follows. */
const ALT_DA_VERSION = 0x01;
/** alt-da.md commitment types. */
const KECCAK_COMMITMENT = 0x00;
const DA_SERVICE_COMMITMENT = 0x01;
/** DA layer bytes named by their implementations (hokulea: EigenDA is 0). */
const DA_LAYERS: Record<number, string> = { 0x00: 'EigenDA' };

/**
 * Where one posting's data went, or null when `tx` is not a batcher transaction of this chain
 * (another sender to the inbox, or not to the inbox: derivation ignores it).
 * @example opBatcherPosting(provenTx, { batcher, inbox, source })?.where // 'blobs'
 */
export function opBatcherPosting(tx: ProvenTx, facts: BatcherFacts): DataLocation | null {
  if (!sameAddress(tx.to, facts.inbox) || !sameAddress(tx.from, facts.batcher)) return null;
  const signed = `from the batcher ${facts.batcher} to the batch inbox ${facts.inbox} (${facts.source})`;
  if (!inVerifiedBlock(tx)) return unknownLocation('posting', 'recent', `the transaction ${tx.hash} is in no verified block`, [signed]);
  const checked = [`transaction ${signed}, in verified block ${tx.blockNumber} (its sender recovered from the signature)`];
  if (tx.type === 3) {
    const hashes = blobHashesOf(tx);
    if (hashes === null) return unknownLocation('posting', 'recent', 'a type-3 transaction without well-formed versioned hashes', checked, { tx: tx.hash, block: tx.blockNumber });
    return provenLocation('blobs', 'posting', tx, 'recent', [...checked, `type 3: its ${hashes.length} blob${hashes.length === 1 ? '' : 's'} carry the frames (derivation ignores its calldata)`], { versionedHashes: hashes });
  }
  const input = hexToBytes(tx.input, undefined, 'input');
  if (input.length === 0) return unknownLocation('posting', 'recent', 'an empty batcher transaction', checked, { tx: tx.hash, block: tx.blockNumber });
  const version = input[0]!;
  if (version === DERIVATION_VERSION_0) {
    return provenLocation('calldata', 'posting', tx, 'recent', [...checked, `calldata version byte 0x00: ${input.length - 1} bytes of frames in the transaction's input`]);
  }
  if (version === ALT_DA_VERSION) {
    const layer = altDaLayer(input);
    return provenLocation('off-ethereum', 'posting', tx, 'recent', [...checked, `calldata version byte 0x01: an alt-DA commitment (${layer}), the frames are on its DA layer`], { layer });
  }
  const hex = version.toString(16).padStart(2, '0');
  return unknownLocation('posting', 'recent', `calldata version byte 0x${hex}, which the OP derivation spec does not define`, checked, { tx: tx.hash, block: tx.blockNumber });
}

/** The layer an alt-DA commitment names (`0x01 ‖ type ‖ …`). */
function altDaLayer(input: Uint8Array): string {
  const type = input[1];
  if (type === KECCAK_COMMITMENT) return 'a DA server, keccak256 commitment';
  if (type === DA_SERVICE_COMMITMENT && input.length > 2) {
    const layer = input[2]!;
    return DA_LAYERS[layer] ?? `DA layer 0x${layer.toString(16).padStart(2, '0')}`;
  }
  return `commitment type ${type === undefined ? 'missing' : '0x' + type.toString(16).padStart(2, '0')}`;
}

/**
 * The batcher's postings among `txs` (the verified blocks searched, any order), newest first, at
 * most `max`; the report says over which blocks, and what it cannot tie.
 */
export function opBatcherReport(txs: readonly ProvenTx[], facts: BatcherFacts, searched: { fromBlock: bigint; toBlock: bigint }, max = 3): DataReport {
  const postings = txs
    .map((tx) => ({ tx, at: opBatcherPosting(tx, facts) }))
    .filter((p): p is { tx: ProvenTx; at: DataLocation } => p.at !== null)
    .sort((a, b) => Number((b.tx.blockNumber ?? -1n) - (a.tx.blockNumber ?? -1n)));
  const blocks = `L1 blocks ${searched.fromBlock}–${searched.toBlock}`;
  const history = facts.history !== undefined ? ` ${facts.history}.` : '';
  const cannot = `the root names an L2 block, not its batches: tying them needs decoding the batcher's channels, so these are the batcher's newest postings in ${blocks}, not the data behind this root.${history}`;
  if (postings.length === 0) {
    return { batches: [unknownLocation('posting', 'recent', `no posting of the batcher ${facts.batcher} to ${facts.inbox} in ${blocks} (a new batcher, or none posted)`)], scope: cannot };
  }
  return { batches: postings.slice(0, max).map((p) => p.at), scope: cannot };
}
