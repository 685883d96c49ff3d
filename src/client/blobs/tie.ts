/**
 * A blob transaction's blobs tied to a verified beacon block (issue 54):
 *
 * 1. The beacon block root. The verified chain proves execution block N+1, linked to N by
 *    parentHash; its `parentBeaconBlockRoot` is the root of the beacon block before N+1's.
 *    Before Gloas every beacon block carries a payload and N+1's parent carried N (N+1's parent
 *    hash is the state's latest payload's), so that root is N's block (deneb…fulu/beacon-chain.md
 *    process_execution_payload: parent_beacon_block_root=state.latest_block_header.parent_root).
 *    From Gloas (EIP-7732) the payload of slot S is processed on the state after S's block with
 *    the same parent_beacon_block_root, S's block's parent, and versioned hashes of the bid of
 *    S's own block (committed_bid.blob_kzg_commitments): N's parent beacon root is N+1's block's
 *    parent, whose bid is N only if its payload was delivered. With payloads withheld in
 *    between, the bid naming N (block_hash == N's hash) is found by walking parent roots back,
 *    each block proven by the root its child named (gloas/beacon-chain.md
 *    process_execution_payload; the devnet's src/devnet/beacon/chain.ts produceGloas).
 *    N+1 not verified yet: BLOB_TIE_CHILD_NOT_VERIFIED (retry later), never a guess.
 * 2. The commitments, proven against that root: Fulu, one data column sidecar (its header's
 *    root, its commitments' inclusion proof); Deneb/Electra, the blob sidecars at the
 *    transaction's places (each one's inclusion proof); else, and always from Gloas (its column
 *    sidecars carry no commitments), the whole block (getBlockV2), hash_tree_root(block) == root,
 *    its body's (Gloas: its bid's) blob_kzg_commitments.
 * 3. The transaction's blobs: its versioned hashes sit in the block's blob list after those of
 *    the block's earlier type-3 transactions (the body is proven by the verified chain); each must
 *    be kzg_to_versioned_hash of the commitment at its place.
 *
 * What the beacon endpoints serve is proven, so any of them may give it: they are tried in turn;
 * one whose answer does not verify is told to `onRejected` and the next is asked.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, TransportError, VerificationError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import type { VerifiedBlock } from '../../execution/block-body.ts';
import { type BlobBlockFork, BLOB_BLOCK_FORKS, parseBlockAnswer, type ServedBeaconBlock } from '../../l1/block/answer.ts';
import { BLOCK_PRESETS, type BlockPreset } from '../../l1/block/presets.ts';
import type { DataColumnSidecar } from '../../l1/blobs/containers.ts';
import { parseSidecarsAnswer } from '../../l1/blobs/sidecars.ts';
import { type BlobPlaces, blobPlaces, blobSidecarCommitment, checkCommitmentCount, columnSidecarCommitments, matchVersionedHashes } from '../../l1/blobs/tie.ts';
import { type ChainConfig, forkAtSlot } from '../../l1/config.ts';
import type { BeaconBlobSource, BeaconJson } from '../../rpc/beacon-blobs.ts';
import type { VerifiedHeader } from '../verified/headers.ts';
import type { ProvenBlobs } from './types.ts';

/** What the tie needs of the verified chain. */
export interface TieChain {
  /** The canonical verified header at `number`. @throws VerificationError BLOCK_NOT_VERIFIED above every verified head */
  header(number: bigint): Promise<VerifiedHeader>;
  /** Its body, proven against it (transactions in order, hashes). */
  block(header: VerifiedHeader): Promise<VerifiedBlock>;
}

export interface TieDeps {
  chain: TieChain;
  /** The network's config: genesis time, slot length, fork schedule, preset. */
  config: ChainConfig;
  /** Beacon APIs, in preference order. */
  beacon: readonly BeaconBlobSource[];
  /** Columns asked for the Fulu tie (any one ties the whole list). Default [0, 1, 2, 3]. */
  tieColumns?: readonly number[];
  /** Most Gloas blocks walked back from N+1's parent root to the bid naming N (withheld payloads between). Default 64. */
  maxWalk?: number;
  /** Told of each endpoint whose answer did not verify or could not be read, before the next is asked. */
  onRejected?: (error: VigilError, url: string) => void;
}

/** The blob transaction: its hash and its verified block. */
export interface TieTarget {
  hash: string;
  blockNumber: bigint;
}

/** What proved the commitments. */
interface Commitments {
  slot: bigint;
  /** The beacon block that carries N (Gloas: may be below the root N+1 names). */
  root: Uint8Array;
  /** The whole list, when it was proven (block, column); else by place (blob sidecars). */
  all?: Uint8Array[];
  byPlace: Map<number, Uint8Array>;
  url: string;
  lines: string[];
}

/**
 * Ties transaction `target.hash` of verified block `target.blockNumber` to its beacon block.
 * @throws VerificationError BLOB_TIE_CHILD_NOT_VERIFIED (block N+1 not verified yet: retry),
 *   BLOB_TIE_NOT_IN_BLOCK, BLOB_TIE_ROOT_MISMATCH, BLOB_TIE_COMMITMENTS_UNPROVEN (no endpoint
 *   proved them; the first lie's code if one lied), BLOB_COUNT_MISMATCH, BLOB_VERSIONED_HASH_MISMATCH;
 *   InputError for a block before Deneb or a malformed hash; the verified chain's errors
 * @example const proven = await tieBlobs({ chain: tieChainOf(verified), config, beacon: [new RestBeaconBlobs(url)] }, { hash, blockNumber })
 */
export async function tieBlobs(deps: TieDeps, target: TieTarget): Promise<ProvenBlobs> {
  const txHash = hexToBytes(target.hash, 32, 'hash');
  const n = target.blockNumber;
  const child = await childHeader(deps.chain, n);
  const own = await deps.chain.header(n);
  if (!equalBytes(child.header.parentHash, own.hash)) {
    throw new VerificationError('HEADER_NOT_LINKED', `verified block ${n + 1n} is not the child of verified block ${n}`, { expected: bytesToHex(own.hash), got: bytesToHex(child.header.parentHash) });
  }
  const root = child.header.parentBeaconBlockRoot;
  if (root === undefined) throw new InputError(`block ${n + 1n} names no parentBeaconBlockRoot (before Cancun): it carries no blobs`);
  const places = blobPlaces((await deps.chain.block(own)).transactions, txHash);
  const timestamp = own.header.timestamp;
  const slot = (timestamp - BigInt(deps.config.genesisTime)) / BigInt(deps.config.secondsPerSlot);
  const fork = forkAtSlot(deps.config, slot).name;
  if (!(BLOB_BLOCK_FORKS as readonly string[]).includes(fork)) throw new InputError(`block ${n} is at slot ${slot}, a ${fork} slot: blobs are Deneb's on`);
  const blobFork = fork as BlobBlockFork;

  const proven = await commitmentsOf(deps, { fork: blobFork, root, slot, blockHash: own.hash, places, n });
  if (proven.all) checkCommitmentCount(proven.all, places);
  const tied = matchVersionedHashes(places, (i) => proven.byPlace.get(i));
  return {
    tx: bytesToHex(txHash),
    block: n,
    timestamp,
    slot: proven.slot,
    beaconRoot: bytesToHex(proven.root),
    fork: blobFork,
    blobs: tied.map((b) => ({ index: b.index, commitment: b.commitment, versionedHash: bytesToHex(b.versionedHash) })),
    checked: [
      `execution block ${n + 1n} (verified, its parentHash block ${n}'s hash) names parentBeaconBlockRoot ${bytesToHex(root)}`,
      ...proven.lines,
      `transaction ${bytesToHex(txHash)} (index ${places.txIndex} of block ${n}) holds blobs ${places.positions.join(', ')} of the block's ${places.total}, after the blobs of its earlier type-3 transactions`,
      `each of its ${tied.length} versioned hashes is 0x01 ‖ sha256(commitment)[1:] of the commitment at its place`,
    ],
  };
}

/** The verified chain's reads, for the tie. */
export function tieChainOf(chain: { headers: { byNumber(n: bigint): Promise<VerifiedHeader> }; verifiedBlock(header: VerifiedHeader): Promise<VerifiedBlock> }): TieChain {
  return { header: (n) => chain.headers.byNumber(n), block: (h) => chain.verifiedBlock(h) };
}

async function childHeader(chain: TieChain, n: bigint): Promise<VerifiedHeader> {
  try {
    return await chain.header(n + 1n);
  } catch (err) {
    if (err instanceof VerificationError && err.code === 'BLOCK_NOT_VERIFIED') {
      throw new VerificationError('BLOB_TIE_CHILD_NOT_VERIFIED', `block ${n + 1n}, whose parentBeaconBlockRoot names block ${n}'s beacon block, is not verified yet: try again after the next head`, { cause: err });
    }
    throw err;
  }
}

interface Want {
  fork: BlobBlockFork;
  root: Uint8Array;
  slot: bigint;
  blockHash: Uint8Array;
  places: BlobPlaces;
  n: bigint;
}

/** The commitments from the first endpoint whose answer proves them. */
async function commitmentsOf(deps: TieDeps, want: Want): Promise<Commitments> {
  if (deps.beacon.length === 0) throw new InputError('the blob tie expected at least one beacon API');
  if (want.fork === 'gloas') return gloasCommitments(deps, want);
  return firstProven(deps, want.root, async (source) => {
    const viaSidecars = want.fork === 'fulu' ? await fromColumn(deps, source, want) : await fromBlobSidecars(source, want);
    return viaSidecars ?? (await fromBlock(deps, source, want.root, want));
  });
}

/**
 * Gloas: from the block N+1 names back through parent roots to the one whose bid commits to N.
 * Each step's block is proven by the root its child named.
 */
async function gloasCommitments(deps: TieDeps, want: Want): Promise<Commitments> {
  const maxWalk = deps.maxWalk ?? 64;
  let root = want.root;
  const walked: string[] = [];
  for (let step = 0; step <= maxWalk; step++) {
    const block = await firstProven(deps, root, async (source) => {
      const json = await source.block(bytesToHex(root));
      return json && { served: servedBlock(json, 'gloas', BLOCK_PRESETS[deps.config.preset.name], root), url: source.url };
    });
    const { served, url } = block;
    if (equalBytes(served.executionBlockHash, want.blockHash)) {
      return {
        ...provenList(served.commitments),
        slot: served.header.slot,
        root,
        url,
        lines: [
          ...walked,
          `beacon block ${bytesToHex(root)} (slot ${served.header.slot}, gloas) from ${url}: its hash_tree_root is the proven root; its bid commits to block ${want.n} (block_hash ${bytesToHex(want.blockHash)})`,
          `the bid's ${served.commitments.length} blob_kzg_commitments, in the block hashed`,
        ],
      };
    }
    if (served.header.slot <= want.slot) {
      throw new VerificationError('BLOB_TIE_ROOT_MISMATCH', `no beacon block from ${bytesToHex(want.root)} back to slot ${want.slot} commits to execution block ${want.n}`, { expected: bytesToHex(want.blockHash), got: bytesToHex(served.executionBlockHash) });
    }
    walked.push(`beacon block ${bytesToHex(root)} (slot ${served.header.slot}) from ${url}: proven by its root; its payload was not block ${want.n} (withheld), so its parent root is followed`);
    root = served.header.parentRoot;
  }
  throw new VerificationError('BLOB_TIE_ROOT_MISMATCH', `no bid committing to execution block ${want.n} within ${maxWalk} beacon blocks of ${bytesToHex(want.root)}`);
}

/** Fulu: one column sidecar of the block, its header the root's and its commitments in its body. null: none served. */
async function fromColumn(deps: TieDeps, source: BeaconBlobSource, want: Want): Promise<Commitments | null> {
  const answer = await source.dataColumnSidecars(bytesToHex(want.root), deps.tieColumns ?? [0, 1, 2, 3]);
  const sidecars = answer && columnsOf(answer);
  if (!sidecars || sidecars.length === 0) return null;
  const sidecar = sidecars[0]!;
  const commitments = columnSidecarCommitments(sidecar, want.root);
  return {
    ...provenList(commitments),
    slot: sidecar.signedBlockHeader.message.slot,
    root: want.root,
    url: source.url,
    lines: [
      `beacon block ${bytesToHex(want.root)} (slot ${sidecar.signedBlockHeader.message.slot}, fulu): data column sidecar ${sidecar.index} from ${source.url} carries its header (hash_tree_root equal)`,
      `its ${commitments.length} kzg_commitments are the body's blob_kzg_commitments (verify_data_column_sidecar_inclusion_proof into body_root)`,
    ],
  };
}

/** Deneb/Electra: the blob sidecars at the transaction's places, each proven into the root's body. null: not all served. */
async function fromBlobSidecars(source: BeaconBlobSource, want: Want): Promise<Commitments | null> {
  const answer = await source.blobSidecars(bytesToHex(want.root), want.places.positions);
  if (!answer) return null;
  if (servedNone(answer.json)) return null;
  const parsed = readAnswer(answer, () => parseSidecarsAnswer(answer.json));
  if (parsed.kind !== 'blob_sidecars') throw new TransportError('BAD_RESPONSE', 'blob_sidecars answered with data column sidecars', { url: answer.url });
  const byPlace = new Map<number, Uint8Array>();
  let slot = 0n;
  for (const s of parsed.sidecars) {
    byPlace.set(Number(s.index), blobSidecarCommitment(s, want.root));
    slot = s.signedBlockHeader.message.slot;
  }
  if (want.places.positions.some((p) => !byPlace.has(p))) return null;
  return {
    byPlace,
    slot,
    root: want.root,
    url: source.url,
    lines: [
      `beacon block ${bytesToHex(want.root)} (slot ${slot}, ${want.fork}): blob sidecars ${want.places.positions.join(', ')} from ${source.url} carry its header (hash_tree_root equal)`,
      `each one's commitment is blob_kzg_commitments[index] of the body (verify_blob_sidecar_inclusion_proof into body_root)`,
    ],
  };
}

/** The whole block (getBlockV2): its root the proven one, its payload N. null: not served. */
async function fromBlock(deps: TieDeps, source: BeaconBlobSource, root: Uint8Array, want: Want): Promise<Commitments | null> {
  const json = await source.block(bytesToHex(root));
  if (!json) return null;
  const served = servedBlock(json, want.fork, BLOCK_PRESETS[deps.config.preset.name], root);
  if (!equalBytes(served.executionBlockHash, want.blockHash)) {
    throw new VerificationError('BLOB_TIE_ROOT_MISMATCH', `beacon block ${bytesToHex(root)} carries another execution payload than block ${want.n}`, { expected: bytesToHex(want.blockHash), got: bytesToHex(served.executionBlockHash) });
  }
  return {
    ...provenList(served.commitments),
    slot: served.header.slot,
    root,
    url: source.url,
    lines: [
      `beacon block ${bytesToHex(root)} (slot ${served.header.slot}, ${want.fork}) from ${source.url}: its hash_tree_root is the proven root; its execution payload is block ${want.n}`,
      `the body's ${served.commitments.length} blob_kzg_commitments, in the block hashed`,
    ],
  };
}

/**
 * A block answer read and hashed; its root must be `root`.
 * @throws TransportError BAD_RESPONSE for what is not a block of its form; VerificationError BLOB_TIE_ROOT_MISMATCH
 */
export function servedBlock(answer: BeaconJson, fork: BlobBlockFork, preset: BlockPreset, root: Uint8Array): ServedBeaconBlock {
  const served = readAnswer(answer, () => parseBlockAnswer(answer.json, fork, preset, answer.version));
  if (!equalBytes(served.root, root)) {
    throw new VerificationError('BLOB_TIE_ROOT_MISMATCH', `${answer.url} served another block than the one asked`, { expected: bytesToHex(root), got: bytesToHex(served.root) });
  }
  return served;
}

/**
 * A data column sidecars answer read: none when it is empty (the next endpoint is asked).
 * @throws TransportError BAD_RESPONSE for what is not a column sidecar list
 */
export function columnsOf(answer: BeaconJson): DataColumnSidecar[] {
  if (servedNone(answer.json)) return [];
  const parsed = readAnswer(answer, () => parseSidecarsAnswer(answer.json));
  if (parsed.kind !== 'data_column_sidecars') throw new TransportError('BAD_RESPONSE', 'data_column_sidecars answered with blob sidecars', { url: answer.url });
  return parsed.sidecars;
}

/**
 * Whether a sidecars answer holds none (`{"data": []}` or `[]`): the endpoint has not got them, the
 * next is asked. Any other value, `null` included, is read, and what is not an answer is BAD_RESPONSE.
 */
function servedNone(json: unknown): boolean {
  const data = isObject(json) ? json.data : json;
  return Array.isArray(data) && data.length === 0;
}

/** A server's answer that is not of its form is its transport's failure (BAD_RESPONSE), not the caller's input. */
export function readAnswer<T>(answer: { url: string }, parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof InputError) throw new TransportError('BAD_RESPONSE', err.shortMessage, { url: answer.url, cause: err });
    throw err;
  }
}

function provenList(all: Uint8Array[]): { all: Uint8Array[]; byPlace: Map<number, Uint8Array> } {
  return { all, byPlace: new Map(all.map((c, i) => [i, c])) };
}

/**
 * Asks the endpoints in turn; the first answer that proves out wins. An endpoint that lied or
 * failed is told to onRejected. None: the first lie, else BLOB_TIE_COMMITMENTS_UNPROVEN.
 */
async function firstProven<T>(deps: TieDeps, root: Uint8Array, ask: (source: BeaconBlobSource) => Promise<T | null>): Promise<T> {
  const failures: { url: string; error: VigilError }[] = [];
  for (const source of deps.beacon) {
    try {
      const got = await ask(source);
      if (got !== null) return got;
      failures.push({ url: source.url, error: new TransportError('NOT_AVAILABLE', 'served neither sidecars nor the block', { url: source.url }) });
    } catch (err) {
      if (!(err instanceof VigilError) || err instanceof InputError) throw err;
      failures.push({ url: source.url, error: err });
      deps.onRejected?.(err, source.url);
    }
  }
  const lie = failures.find((f) => f.error instanceof VerificationError);
  if (lie) throw lie.error;
  throw new VerificationError('BLOB_TIE_COMMITMENTS_UNPROVEN', `no beacon endpoint served beacon block ${bytesToHex(root)}'s commitments (its sidecars or the block)`, {
    cause: failures[0]?.error,
    details: failures.map((f) => `${f.url}: ${f.error.code}: ${f.error.shortMessage}`).join('\n'),
  });
}
