/**
 * Rollups whose L1 contract names each batch as it takes it (Scroll, Linea, Taiko, the devnet's
 * vigil-zk): the batch behind the accepted root is tied by proven storage or a proven log of the
 * contract, and its data is where the committing transaction put it. Sources (read to understand):
 * - Scroll: scroll-tech/scroll-contracts src/L1/rollup/ScrollChain.sol, `CommitBatch(uint256
 *   indexed batchIndex, bytes32 indexed batchHash)`; since codec v1 each committed batch reads one
 *   blob of its transaction (`blobhash(i)` for the i-th batch of a commitBatches call, codec v7),
 *   before it (codec v0) its chunks were calldata.
 * - Linea: Consensys/linea-monorepo contracts/src/rollup/LineaRollup.sol, `DataSubmittedV3(bytes32
 *   parentShnarf, bytes32 indexed shnarf, bytes32 finalStateRootHash)` from `submitBlobs` (one
 *   blob per submission entry) or `submitDataAsCalldata`; the finalization's DataFinalizedV3
 *   names the last submission's shnarf.
 * - Taiko (Shasta): taikoxyz/taiko-mono packages/protocol/contracts/layer1/core/iface/IInbox.sol
 *   `Proposed(uint48 indexed id, address indexed proposer, bytes32 parentProposalHash, uint48
 *   endOfSubmissionWindowTimestamp, uint8 basefeeSharingPctg, DerivationSource[] sources)`, a
 *   source `(bool isForcedInclusion, (bytes32[] blobHashes, uint24 offset, uint48 timestamp))`;
 *   LibBlobs.validateBlobReference reads the proposal's blob hashes with `blobhash` from its own
 *   transaction (forced inclusions: from the transaction that queued them): proposals are blobs only.
 * - vigil-zk (circuits/SPEC.md): `BatchCommitted(uint256 indexed batch, …)` from `commitBatch`,
 *   whose calldata carries the batch's transactions; issue 54 moves them to blobs, read the same way.
 * @module
 */
import { hexToBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { decodeAbi, eventTopic } from '../../execution/abi.ts';
import { blobHashesOf, type DataLocation, inVerifiedBlock, type ProvenReceipt, type ProvenTx, provenLocation, sameAddress, unknownLocation } from './location.ts';

export const SCROLL_COMMIT_BATCH = /* @__PURE__ */ eventTopic('CommitBatch(uint256,bytes32)');
export const LINEA_DATA_SUBMITTED_V3 = /* @__PURE__ */ eventTopic('DataSubmittedV3(bytes32,bytes32,bytes32)');
export const TAIKO_PROPOSED = /* @__PURE__ */ eventTopic('Proposed(uint48,address,bytes32,uint48,uint8,(bool,(bytes32[],uint24,uint48))[])');
export const VIGIL_BATCH_COMMITTED = /* @__PURE__ */ eventTopic('BatchCommitted(uint256,uint256,uint256,uint256,uint256,uint256)');

/** A log of the rollup's contract found in verified receipts (its block and transaction). */
export interface CommitLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: bigint;
  transactionHash: string;
}

type Checked = { ok: true; tx: ProvenTx & { blockNumber: bigint }; checked: string[]; index: number } | { ok: false; location: DataLocation };

/**
 * The checks every commit shares: the transaction is the log's, proven in its block, succeeded,
 * and its receipt holds the contract's event with `topic1` (`index`: the event's position among
 * that event's logs of the contract in the receipt: Scroll's blob index).
 */
function commitChecks(batch: string, contract: string, name: string, topic0: string, topic1: string, tx: ProvenTx, receipt: ProvenReceipt, log?: CommitLog): Checked {
  const fail = (reason: string, checked: string[] = []) => ({ ok: false as const, location: unknownLocation(batch, 'root', reason, checked) });
  if (log !== undefined) {
    if (!sameAddress(log.address, contract) || log.topics[0]?.toLowerCase() !== topic0 || log.topics[1]?.toLowerCase() !== topic1) return fail(`the log found is not ${name} of ${contract} for ${batch}`);
    if (tx.hash.toLowerCase() !== log.transactionHash.toLowerCase()) return fail(`the transaction ${tx.hash} is not the one that emitted the ${name} log (${log.transactionHash})`);
  }
  if (!inVerifiedBlock(tx, log?.blockNumber)) return fail(`the transaction ${tx.hash} is not proven in ${log === undefined ? 'a verified block' : `the log's verified block ${log.blockNumber}`}`);
  if (receipt.status !== '0x1') return fail(`the transaction ${tx.hash} failed on L1`);
  const own = receipt.logs.filter((l) => sameAddress(l.address, contract) && l.topics[0]?.toLowerCase() === topic0);
  const index = own.findIndex((l) => l.topics[1]?.toLowerCase() === topic1);
  if (index < 0) return fail(`the receipt of ${tx.hash} holds no ${name} of ${contract} for ${batch} (a log of another contract does not count)`);
  return { ok: true, tx, index, checked: [`${name} of ${contract} for ${batch}, in the proven receipt of ${tx.hash}`, `the transaction proven in verified block ${tx.blockNumber}`] };
}

const word = (x: bigint) => '0x' + x.toString(16).padStart(64, '0');

/**
 * Scroll: the committed batch `batchIndex` (the accepted root's, from proven `miscData`), its
 * CommitBatch log and transaction.
 */
export function scrollCommit(batchIndex: bigint, log: CommitLog, tx: ProvenTx, receipt: ProvenReceipt, scrollChain: string): DataLocation {
  const batch = `batch ${batchIndex}`;
  const c = commitChecks(batch, scrollChain, 'CommitBatch', SCROLL_COMMIT_BATCH, word(batchIndex), tx, receipt, log);
  if (!c.ok) return c.location;
  const hashes = blobHashesOf(c.tx);
  if (hashes === null) return provenLocation('calldata', batch, c.tx, 'root', [...c.checked, 'not a blob transaction: the batch (codec v0) is in its calldata']);
  const own = hashes[c.index];
  if (own === undefined) return unknownLocation(batch, 'root', `the batch is the ${c.index + 1}th committed by ${tx.hash}, which carries only ${hashes.length} blobs`, c.checked, { tx: c.tx.hash, block: c.tx.blockNumber });
  return provenLocation('blobs', batch, c.tx, 'root', [...c.checked, `the ${ordinal(c.index)} CommitBatch of the transaction: its ${ordinal(c.index)} blob (one blob per batch)`], { versionedHashes: [own] });
}

/** Linea: the submission whose shnarf the finalization's DataFinalizedV3 names (its last). */
export function lineaSubmission(shnarf: string, log: CommitLog, tx: ProvenTx, receipt: ProvenReceipt, rollup: string): DataLocation {
  const batch = `submission ${shnarf.slice(0, 10)}…`;
  const c = commitChecks(batch, rollup, 'DataSubmittedV3', LINEA_DATA_SUBMITTED_V3, shnarf.toLowerCase(), tx, receipt, log);
  if (!c.ok) return c.location;
  const hashes = blobHashesOf(c.tx);
  if (hashes === null) return provenLocation('calldata', batch, c.tx, 'root', [...c.checked, 'not a blob transaction: submitDataAsCalldata, the compressed data in its calldata']);
  return provenLocation('blobs', batch, c.tx, 'root', [...c.checked, `submitBlobs: ${hashes.length} blob${hashes.length === 1 ? '' : 's'}, one per submission entry`], { versionedHashes: hashes });
}

/** Taiko: the proposal `id` (the last finalized, from proven storage), its Proposed log and transaction. */
export function taikoProposal(id: bigint, log: CommitLog, tx: ProvenTx, receipt: ProvenReceipt, inbox: string): DataLocation {
  const batch = `proposal ${id}`;
  const c = commitChecks(batch, inbox, 'Proposed', TAIKO_PROPOSED, word(id), tx, receipt, log);
  if (!c.ok) return c.location;
  let sources: { forced: boolean; hashes: string[] }[];
  try {
    const [, , , raw] = decodeAbi(['bytes32', 'uint48', 'uint8', '(bool,(bytes32[],uint24,uint48))[]'], log.data) as [string, bigint, bigint, [boolean, [string[], bigint, bigint]][]];
    sources = raw.map(([forced, [hashes]]) => ({ forced, hashes: hashes.map((h) => h.toLowerCase()) }));
  } catch (err) {
    if (err instanceof VerificationError) return unknownLocation(batch, 'root', `its Proposed log does not decode (${err.shortMessage})`, c.checked, { tx: c.tx.hash, block: c.tx.blockNumber });
    throw err;
  }
  const all = sources.flatMap((s) => s.hashes);
  if (all.length === 0) return unknownLocation(batch, 'root', 'its Proposed log names no blob', c.checked, { tx: c.tx.hash, block: c.tx.blockNumber });
  const txBlobs = new Set(c.tx.type === 3 ? c.tx.blobVersionedHashes.map((h) => h.toLowerCase()) : []);
  const own = sources.filter((s) => !s.forced).flatMap((s) => s.hashes);
  // A regular source's hashes came from `blobhash` of this very transaction: they must be its blobs.
  if (own.some((h) => !txBlobs.has(h))) return unknownLocation(batch, 'root', "a regular source names a blob that is not the proposing transaction's", c.checked, { tx: c.tx.hash, block: c.tx.blockNumber });
  const forced = all.length - own.length;
  const note = forced > 0 ? `; ${forced} of them forced inclusions' blobs, from the transactions that queued them` : '';
  return provenLocation('blobs', batch, c.tx, 'root', [...c.checked, `its ${sources.length} derivation source${sources.length === 1 ? '' : 's'} name ${all.length} blob${all.length === 1 ? '' : 's'}, the regular ones the proposing transaction's own${note}`], { versionedHashes: all });
}

/** The devnet's vigil-zk: the commit of `batch` (the accepted one), its transaction named by the L2 RPC and checked here. */
export function vigilZkCommit(batchNumber: bigint, tx: ProvenTx, receipt: ProvenReceipt, contract: string): DataLocation {
  const batch = `batch ${batchNumber}`;
  if (!sameAddress(tx.to, contract)) return unknownLocation(batch, 'root', `the transaction named for the batch is to ${tx.to}, not the rollup contract ${contract}`);
  const c = commitChecks(batch, contract, 'BatchCommitted', VIGIL_BATCH_COMMITTED, word(batchNumber), tx, receipt);
  if (!c.ok) return c.location;
  const hashes = blobHashesOf(c.tx);
  if (hashes !== null) return provenLocation('blobs', batch, c.tx, 'root', [...c.checked, `type 3: the batch's transactions in its ${hashes.length} blob${hashes.length === 1 ? '' : 's'}`], { versionedHashes: hashes });
  const input = hexToBytes(c.tx.input, undefined, 'input');
  return provenLocation('calldata', batch, c.tx, 'root', [...c.checked, `commitBatch calldata (${input.length} bytes): the batch's transactions, hashed into the proof's public input`]);
}

const ordinal = (i: number) => `${i + 1}${i === 0 ? 'st' : i === 1 ? 'nd' : i === 2 ? 'rd' : 'th'}`;

