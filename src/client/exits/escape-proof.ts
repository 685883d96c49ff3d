/**
 * The account proof an escape needs (circuits/SPEC.md "The L1 contract": escape() checks the leaf
 * and its siblings against `stateRoot`, the last root L1 accepted), from two sources:
 *
 * 1. the L2 RPC's `vigil_getAccountProof(index, batch)`: checked here against the root proven on
 *    L1 before anything is signed with it;
 * 2. when the L2 RPC is down, or its proof does not hash to the root: the whole L2 state rebuilt
 *    from L1 alone. The contract's BatchCommitted logs come from verified receipts, each commit
 *    transaction's calldata is proven through its block, `rebuildState` replays the batches
 *    (each must lead to the root it committed), and the rebuilt root must be the proven one.
 *    A batch committed in a blob (circuits/SPEC.md "Batches in blobs") is read from its blob: the
 *    commit transaction's blobs tied to a verified beacon block (`BlobRebuildSources.tie`),
 *    column 0's cell (the blob's first 64 elements) fetched from the beacon endpoints and
 *    verified with its cell proof against the proven commitment (before Fulu, the whole blob with
 *    its blob proof). When no endpoint serves it, the escape cannot be rebuilt from Ethereum
 *    alone: ESCAPE_BLOB_UNAVAILABLE says so.
 *
 * No CLI specifics: the sources are deps (`verifiedChainSources` adapts a VerifiedChain), so the
 * extension can reuse it.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { BATCH_COMMITTED_TOPIC } from '../../l2/vigil-zk/abi.ts';
import { commitBatchBlobSelector } from '../../l2/vigil-zk/calldata.ts';
import { type CommittedBatch, rebuildState } from '../../l2/vigil-zk/rebuild.ts';
import type { RollupState } from '../../l2/vigil-zk/state.ts';
import { type AccountProof, readAccountProof, verifyAccountProof } from '../../l2/vigil-zk/tree.ts';
import type { BlobEndpoint, BlobKzg, BlobSources, ProvenBlobs } from '../blobs/types.ts';
import type { VerifiedChain } from '../verified/chain.ts';

/** A log from a verified receipt (as VerifiedChain.getLogs returns it). */
export interface VerifiedLog {
  topics: string[];
  data: string;
  transactionHash: string;
  blockNumber: string;
}

/** Verified L1 data the rebuild reads. */
export interface L1RebuildSources {
  /** Logs of `address` with `topic0` in [fromBlock, toBlock], from verified receipts (a span the source accepts). */
  getLogs(query: { address: string; topic0: string; fromBlock: bigint; toBlock: bigint }): Promise<VerifiedLog[]>;
  /** A transaction proven through its block, or null when none shows it; a type-3 one with its versioned hashes. */
  transaction(hash: string): Promise<{ to: string | null; input: string; blobVersionedHashes?: string[] } | null>;
  /** Where blob batches' data comes from; without it a blob batch cannot be rebuilt (ESCAPE_BLOB_UNAVAILABLE). */
  blobs?: BlobRebuildSources;
}

/** The blob reads a rebuild needs for batches in blobs (src/client/blobs: the tie, the beacon APIs, the KZG checks). */
export type BlobRebuildSources = BlobSources;

export interface EscapeProofSources extends L1RebuildSources {
  /** The L2 RPC's `vigil_getAccountProof(index, batch)` answer, unchecked; absent when there is no L2 RPC. */
  l2AccountProof?(index: number, batch: bigint): Promise<unknown>;
  /** The L2 RPC's answer was refused (down, or a proof that does not verify): the rebuild follows. */
  onRejected?(error: VigilError, source: 'l2-rpc'): void;
}

/** What L1 says the rollup is at: the root and batch count proven at a verified block. */
export interface ProvenRollupRoot {
  root: bigint;
  batch: bigint;
  /** The verified L1 block they were proven at: logs are read up to it. */
  blockNumber: bigint;
}

export interface RollupShape {
  contract: string;
  depth: number;
  batchSize: number;
}

export interface RebuildFromL1Options {
  /** First block to read logs from (the contract's deployment block when known). Default 0. */
  fromBlock?: bigint;
  /** Blocks per getLogs call. Default 1024 (VerifiedChain's default limit). */
  logRange?: bigint;
  /** Re-verify every batch's Groth16 proof with this key (L1 verified them already). */
  verificationKey?: unknown;
  /** Rebuilt states by `${batch}:${root}`: a second call for the same root reads nothing. */
  cache?: Map<string, RollupState>;
}

/**
 * The commits of batches 1..`at.batch`, from the contract's BatchCommitted logs up to `at.blockNumber`
 * (verified receipts), each with its transaction's calldata proven through its block.
 * @throws VerificationError L2_BATCH_NOT_FOUND (a batch with no commit, or its transaction on no
 *   verified block), L2_COMMIT_MISMATCH (a commit that is not a call to the contract, a batch logged twice).
 */
export async function committedBatchesFromL1(sources: L1RebuildSources, rollup: RollupShape, at: ProvenRollupRoot, options: RebuildFromL1Options = {}): Promise<CommittedBatch[]> {
  const contract = rollup.contract.toLowerCase();
  const span = options.logRange ?? 1024n;
  if (span <= 0n) throw new InputError(`"logRange" expected a positive number of blocks, got ${span}`);
  const byBatch = new Map<bigint, { hash: string; newRoot: bigint; blockNumber: bigint }>();
  for (let from = options.fromBlock ?? 0n; from <= at.blockNumber && BigInt(byBatch.size) < at.batch; from += span) {
    const to = from + span - 1n < at.blockNumber ? from + span - 1n : at.blockNumber;
    for (const log of await sources.getLogs({ address: contract, topic0: BATCH_COMMITTED_TOPIC, fromBlock: from, toBlock: to })) {
      const batch = hexToBigInt(log.topics[1], 'BatchCommitted.batch');
      if (batch < 1n || batch > at.batch) continue;
      if (byBatch.has(batch)) throw new VerificationError('L2_COMMIT_MISMATCH', `batch ${batch} is committed twice in L1's logs`);
      const data = hexToBytes(log.data, 5 * 32, 'BatchCommitted.data');
      byBatch.set(batch, { hash: log.transactionHash.toLowerCase(), newRoot: hexToBigInt(bytesToHex(data.subarray(32, 64)), 'BatchCommitted.newRoot'), blockNumber: hexToBigInt(log.blockNumber, 'blockNumber') });
    }
  }
  const batches: CommittedBatch[] = [];
  const blobSelector = bytesToHex(commitBatchBlobSelector(rollup.batchSize));
  for (let n = 1n; n <= at.batch; n++) {
    const commit = byBatch.get(n);
    if (commit === undefined) throw new VerificationError('L2_BATCH_NOT_FOUND', `no BatchCommitted log of batch ${n} up to L1 block ${at.blockNumber}`);
    const tx = await sources.transaction(commit.hash);
    if (tx === null) throw new VerificationError('L2_BATCH_NOT_FOUND', `the commit ${commit.hash} of batch ${n} is on no verified block`);
    if (tx.to?.toLowerCase() !== contract) {
      throw new VerificationError('L2_COMMIT_MISMATCH', `the commit ${commit.hash} of batch ${n} is not a call to the rollup contract`, { expected: contract, got: String(tx.to) });
    }
    if (tx.input.slice(0, 10).toLowerCase() !== blobSelector) {
      batches.push({ calldata: tx.input, root: commit.newRoot });
      continue;
    }
    const where = `batch ${n} (commit ${commit.hash})`;
    if (sources.blobs === undefined) throw unavailable(where, 'no beacon API to ask');
    const proven = await sources.blobs.tie({ hash: commit.hash, blockNumber: commit.blockNumber });
    const first = proven.blobs[0];
    const named = tx.blobVersionedHashes?.[0]?.toLowerCase();
    if (first === undefined || (named !== undefined && named !== first.versionedHash.toLowerCase())) {
      throw new VerificationError('L2_COMMIT_MISMATCH', `${where}: its first blob is not the one tied to the beacon block`, { expected: String(named), got: String(first?.versionedHash) });
    }
    const prefix = await verifiedBlobPrefix(proven, sources.blobs.endpoints, sources.blobs.kzg, where);
    batches.push({ kind: 'blob', calldata: tx.input, versionedHash: hexToBytes(first.versionedHash, 32, 'versionedHash'), prefix, root: commit.newRoot });
  }
  return batches;
}

const unavailable = (where: string, details: string) =>
  new VerificationError('ESCAPE_BLOB_UNAVAILABLE', `the escape proof cannot be rebuilt from Ethereum alone: the blob data of ${where} is not available from the endpoints`, { details });

/**
 * The first blob's first 64 elements (column 0's cell of the extended blob, EIP-7594's extension
 * being systematic; before Fulu the whole blob), from the first endpoint whose answer verifies
 * against the commitment proven through the beacon block. An endpoint that is down, withholds or
 * serves what does not verify is passed over (and named in the error's details).
 * @throws VerificationError ESCAPE_BLOB_UNAVAILABLE when none serves it
 */
export async function verifiedBlobPrefix(proven: ProvenBlobs, endpoints: readonly BlobEndpoint[], kzg: BlobKzg, where: string): Promise<Uint8Array> {
  const blob = proven.blobs[0];
  if (blob === undefined) throw new InputError(`${where}: the transaction has no blob`);
  const columns = proven.fork === 'fulu' || proven.fork === 'gloas';
  const tried: string[] = [];
  for (const endpoint of endpoints) {
    try {
      if (columns) {
        const column = (await endpoint.columns(proven, [0])).find((c) => c.column === 0);
        const [cell, proof] = [column?.cells[0], column?.proofs[0]];
        if (cell === undefined || proof === undefined) tried.push(`${endpoint.url}: served no column 0`);
        else if (await kzg.verifyCells([blob.commitment], [0], [cell], [proof])) return cell;
        else tried.push(`${endpoint.url}: column 0's cell does not verify against the commitment`);
      } else {
        const whole = (await endpoint.wholeBlobs(proven)).find((b) => b.blob === 0);
        if (whole === undefined) tried.push(`${endpoint.url}: served no blob`);
        else if (await kzg.verifyBlob(whole.data, blob.commitment, whole.proof)) return whole.data;
        else tried.push(`${endpoint.url}: the blob does not verify against the commitment`);
      }
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      tried.push(`${endpoint.url}: ${err.shortMessage}`);
    }
  }
  throw unavailable(where, tried.length === 0 ? 'no beacon API to ask' : tried.join('; '));
}

/**
 * The L2 state after batch `at.batch`, rebuilt from L1 alone; its root must be `at.root`.
 * @throws VerificationError L2_BATCH_ROOT_MISMATCH (the rebuilt root is not the proven one, or a
 *   batch does not lead to the root it committed), what committedBatchesFromL1 and rebuildState throw.
 * @example (await rebuildFromL1(verifiedChainSources(chain), config, { root, batch, blockNumber })).account(3)
 */
export async function rebuildFromL1(sources: L1RebuildSources, rollup: RollupShape, at: ProvenRollupRoot, options: RebuildFromL1Options = {}): Promise<RollupState> {
  const key = `${at.batch}:${at.root}`;
  const cached = options.cache?.get(key);
  if (cached !== undefined) return cached;
  const batches = await committedBatchesFromL1(sources, rollup, at, options);
  const rebuilt = rebuildState(batches, {
    depth: rollup.depth,
    batchSize: rollup.batchSize,
    ...(options.verificationKey !== undefined ? { verificationKey: options.verificationKey } : {}),
  });
  if (rebuilt.state.root !== at.root) {
    throw new VerificationError('L2_BATCH_ROOT_MISMATCH', `the state rebuilt from L1's ${at.batch} commits is not the root L1 holds`, {
      expected: bigIntToHex(at.root),
      got: bigIntToHex(rebuilt.state.root),
    });
  }
  options.cache?.set(key, rebuilt.state);
  return rebuilt.state;
}

export interface EscapeProof {
  proof: AccountProof;
  source: 'l2-rpc' | 'l1-rebuild';
  /** Why the L2 RPC's proof was not used, when it was asked and refused. */
  rejected?: VigilError;
}

/**
 * The proof of account `index` against `at.root`: the L2 RPC's when it hashes to that root, else
 * rebuilt from L1. What it returns verifies against `at.root` (checked here).
 * @throws what rebuildFromL1 throws when the L2 RPC's proof is not usable and the rebuild fails.
 * @example const { proof } = await escapeProof(sources, config, { root, batch, blockNumber }, index)
 */
export async function escapeProof(sources: EscapeProofSources, rollup: RollupShape, at: ProvenRollupRoot, index: number, options: RebuildFromL1Options = {}): Promise<EscapeProof> {
  let rejected: VigilError | undefined;
  if (sources.l2AccountProof !== undefined) {
    try {
      const proof = readAccountProof(await sources.l2AccountProof(index, at.batch), rollup.depth);
      const proven = verifyAccountProof(at.root, proof, rollup.depth);
      if (proven.index !== index) throw new VerificationError('L2_PROOF_ROOT_MISMATCH', `the L2 RPC proved account ${proven.index}, not ${index}`);
      return { proof: { index: proof.index, leaf: proof.leaf, siblings: proof.siblings }, source: 'l2-rpc' };
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      rejected = err;
      sources.onRejected?.(err, 'l2-rpc');
    }
  }
  const state = await rebuildFromL1(sources, rollup, at, options);
  const proof: AccountProof = { index, leaf: state.account(index), siblings: state.siblings(index) };
  verifyAccountProof(at.root, proof, rollup.depth);
  return { proof, source: 'l1-rebuild', ...(rejected !== undefined ? { rejected } : {}) };
}

/** The lowest index `owner` (0x-hex) owns in `state`, or null. */
export function ownedAccountIndex(state: RollupState, owner: string): number | null {
  const o = hexToBigInt(owner, 'owner');
  for (const [index, account] of state.accounts()) if (account.owner === o) return index;
  return null;
}

/** The rebuild's sources from a VerifiedChain (its getLogs over verified receipts, its proven transactions), and where blob batches come from. */
export function verifiedChainSources(chain: VerifiedChain, blobs?: BlobRebuildSources): L1RebuildSources {
  return {
    ...(blobs !== undefined ? { blobs } : {}),
    getLogs: async ({ address, topic0, fromBlock, toBlock }) => {
      const logs = await chain.getLogs({ fromBlock, toBlock, filter: { addresses: [hexToBytes(address, 20, 'address')], topics: [[hexToBytes(topic0, 32, 'topic0')]] } });
      return logs.map((l) => {
        if (!isObject(l) || !Array.isArray(l.topics)) throw new Error('unreachable: a verified log that is not an object');
        return { topics: l.topics.map(String), data: String(l.data), transactionHash: String(l.transactionHash), blockNumber: String(l.blockNumber) };
      });
    },
    transaction: async (hash) => {
      const tx = await chain.getTransactionByHash(hexToBytes(hash, 32, 'hash'));
      if (!isObject(tx)) return null;
      // A transaction with no block is pending or past every verified head: not proven in a block.
      if (tx.blockHash === null || tx.blockHash === undefined) return null;
      const hashes = Array.isArray(tx.blobVersionedHashes) ? { blobVersionedHashes: tx.blobVersionedHashes.map(String) } : {};
      return { to: typeof tx.to === 'string' ? tx.to : null, input: String(tx.input), ...hashes };
    },
  };
}
