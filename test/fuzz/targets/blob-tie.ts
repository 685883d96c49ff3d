/**
 * blob-tie: the pure tie of a block's blob commitments to a proven beacon block root (issue 54),
 * one served answer mutated, read as src/client/blobs/tie.ts reads it:
 * - a Fulu data column sidecar answer: parseSidecarsAnswer, its first sidecar through
 *   columnSidecarCommitments (src/l1/blobs/tie.ts) against the root;
 * - a getBlockV2 answer, Fulu and Gloas: parseBlockAnswer (src/l1/block/answer.ts), its root
 *   compared with the proven one.
 * Oracle: the verdict is the true commitments, exactly, or a typed error; never other commitments.
 * Reference: Lodestar's containers (@lodestar-next/types) read and hash the mutated answer (a
 * column's header and its commitments' branch into the body root; a Fulu or Gloas block's
 * hash_tree_root: Lodestar's Gloas containers hash the seed to the root Vigil's do), and the answer
 * is accepted with Lodestar's commitments exactly when its root is the proven one.
 * Seeds: one blob's commitment in a real BeaconBlockBody (test/support/blob-inputs.ts, the devnet's
 * BlobStore for the columns; the devnet's block containers for the blocks).
 */
import { createHash } from 'node:crypto';
import { ssz as lodestar } from '@lodestar-next/types';
import { columnsOf, servedBlock } from '../../../src/client/blobs/tie.ts';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { VerificationError } from '../../../src/core/errors.ts';
import { devnetTypes } from '../../../src/devnet/beacon/containers.ts';
import { DEVNET_PRESETS } from '../../../src/devnet/beacon/presets.ts';
import { columnSidecarCommitments } from '../../../src/l1/blobs/tie.ts';
import type { BlobBlockFork } from '../../../src/l1/block/answer.ts';
import { gloasBlockTypes } from '../../../src/l1/block/gloas.ts';
import { BLOCK_PRESETS } from '../../../src/l1/block/presets.ts';
import { BeaconBlockHeader } from '../../../src/l1/containers.ts';
import { sidecarAnswers, testBlob } from '../../support/blob-inputs.ts';
import { mutateJson } from '../mutators/json.ts';
import { againstReference, attempt, type Reference, verdictOf } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';

const l = lodestar as any;
const ENDPOINT = 'http://fuzz.invalid';
const sha = (a: Uint8Array, b: Uint8Array) => new Uint8Array(createHash('sha256').update(a).update(b).digest());

interface Seed {
  kind: 'column' | 'block';
  fork: BlobBlockFork;
  json: unknown;
  root: Uint8Array;
  commitments: string[];
}

/** What the client does with one served answer; the commitments as hex. */
function vigilTie(seed: Seed, json: unknown): string[] {
  const answer = { url: ENDPOINT, json, version: undefined };
  if (seed.kind === 'column') {
    // An empty answer is none served: the client asks the next endpoint.
    const sidecars = columnsOf(answer);
    if (sidecars.length === 0) throw new VerificationError('BLOB_TIE_COMMITMENTS_UNPROVEN', 'no column served');
    return columnSidecarCommitments(sidecars[0]!, seed.root).map(bytesToHex);
  }
  return servedBlock(answer, seed.fork, BLOCK_PRESETS.mainnet, seed.root).commitments.map(bytesToHex);
}

/** is_valid_merkle_branch at a generalized index, on node:crypto. */
function branchOk(leaf: Uint8Array, branch: Uint8Array[], gindex: bigint, root: Uint8Array): boolean {
  if (branch.length !== gindex.toString(2).length - 1) return false;
  let node = leaf;
  let g = gindex;
  for (const sibling of branch) {
    node = g & 1n ? sha(sibling, node) : sha(node, sibling);
    g >>= 1n;
  }
  return bytesToHex(node) === bytesToHex(root);
}

/** The tie from the specs' text on Lodestar's containers; throws where it fails. */
function referenceTie(seed: Seed, json: any): string[] {
  if (seed.kind === 'column') {
    const data = Array.isArray(json) ? json : json?.data;
    if (!Array.isArray(data) || data.length === 0 || data.length > 128) throw new Error('no columns');
    if (!Array.isArray(json) && json.version !== undefined && json.version !== 'fulu') throw new Error('version');
    if (typeof data[0] !== 'object' || data[0] === null || !('column' in data[0]) || 'blob' in data[0]) throw new Error('not a column');
    const sidecars = data.map((d: unknown) => l.fulu.DataColumnSidecar.fromJson(d));
    const s = sidecars[0];
    if (bytesToHex(l.phase0.BeaconBlockHeader.hashTreeRoot(s.signedBlockHeader.message)) !== bytesToHex(seed.root)) throw new Error('another header');
    // verify_data_column_sidecar
    if (s.index >= 128 || s.kzgCommitments.length === 0 || s.column.length !== s.kzgCommitments.length || s.column.length !== s.kzgProofs.length) throw new Error('verify_data_column_sidecar');
    const gindex = BigInt(l.fulu.BeaconBlockBody.getPathInfo(['blobKzgCommitments']).gindex);
    if (!branchOk(l.deneb.BlobKzgCommitments.hashTreeRoot(s.kzgCommitments), s.kzgCommitmentsInclusionProof, gindex, s.signedBlockHeader.message.bodyRoot)) throw new Error('branch');
    return s.kzgCommitments.map(bytesToHex);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
  if (json.version !== undefined && json.version !== seed.fork) throw new Error('version');
  const type = l[seed.fork].BeaconBlock;
  const block = type.fromJson(json.data?.message);
  if (bytesToHex(type.hashTreeRoot(block)) !== bytesToHex(seed.root)) throw new Error('another block');
  return (seed.fork === 'gloas' ? block.body.signedExecutionPayloadBid.message.blobKzgCommitments : block.body.blobKzgCommitments).map(bytesToHex);
}

const slot = 12n;
const header = { slot, proposerIndex: 3n, parentRoot: new Uint8Array(32).fill(2), stateRoot: new Uint8Array(32).fill(3) };

/** A getBlockV2 answer of `fork` whose body (Gloas: bid) commits to `commitments`, and its root. */
function blockAnswer(fork: 'fulu' | 'gloas', commitments: Uint8Array[]): { json: unknown; root: Uint8Array } {
  const types = fork === 'gloas' ? gloasBlockTypes(BLOCK_PRESETS.mainnet) : devnetTypes(DEVNET_PRESETS.mainnet, 'fulu');
  const body = types.BeaconBlockBody.defaultValue() as any;
  body.graffiti = new Uint8Array(32).fill(1);
  if (fork === 'gloas') {
    body.signedExecutionPayloadBid.message.blobKzgCommitments = commitments;
    body.signedExecutionPayloadBid.message.blockHash = new Uint8Array(32).fill(9);
  } else {
    body.blobKzgCommitments = commitments;
    body.executionPayload.blockHash = new Uint8Array(32).fill(9);
  }
  const block = { ...header, body };
  const root = BeaconBlockHeader.hashTreeRoot({ ...header, bodyRoot: types.BeaconBlockBody.hashTreeRoot(body) });
  return { json: { version: fork, execution_optimistic: false, finalized: false, data: { message: types.BeaconBlock.toJson(block), signature: '0x' + 'c0' + '00'.repeat(95) } }, root };
}

type Ctx = Seed[];

export const blobTieTarget = defineTarget<Ctx>({
  name: 'blob-tie',
  subject: 'the blob tie\'s pure links: a Fulu data_column_sidecars answer (parseSidecarsAnswer + columnSidecarCommitments) and a getBlockV2 answer, Fulu and Gloas (parseBlockAnswer, its root), against a proven beacon block root',
  reference: 'the true commitments exactly or a typed error (VerificationError/TransportError/InputError); the spec\'s checks on @lodestar-next/types (fromJson, hash_tree_root of a Fulu or Gloas block, the commitments\' gindex), node:crypto sha256 branch: accepted with Lodestar\'s commitments exactly when Lodestar hashes the answer to the proven root',
  seeds: 'two blobs\' commitments in one real BeaconBlockBody (test/support/blob-inputs.ts): its Fulu columns 0 and 77 as the devnet\'s BlobStore serves them; the Fulu block and a Gloas block (bid) carrying them, in the devnet\'s containers',
  stricter: {
    BAD_RESPONSE: 'JSON Lodestar\'s fromJson reads leniently and Vigil\'s SSZ JSON (src/ssz/types/json.ts) refuses (integers as hex, which Lodestar reads as 0 (parseInt base 10), signed, empty, with leading zeros or as JSON numbers (1.5, 2^53); hex without 0x; fields a container does not have; in any sidecar of the answer, the first or not), an InputError the client reports as the endpoint\'s BAD_RESPONSE. The Beacon API writes none of these.',
  },
  async load() {
    // The blob targets' own blobs (testBlob keeps them): the slice computes their cell proofs once.
    const blobs = [testBlob('fuzz sidecar ', true), testBlob('fuzz blob ', true)];
    const commitments = blobs.map((b) => b.commitment);
    const hex = commitments.map(bytesToHex);
    const columns = await sidecarAnswers('fulu', blobs, { slot, columns: [0, 77] });
    const fulu = blockAnswer('fulu', commitments);
    const gloas = blockAnswer('gloas', commitments);
    const seeds: Seed[] = [
      { kind: 'column', fork: 'fulu', json: columns.sidecars, root: columns.root, commitments: hex },
      { kind: 'block', fork: 'fulu', json: fulu.json, root: fulu.root, commitments: hex },
      { kind: 'block', fork: 'gloas', json: gloas.json, root: gloas.root, commitments: hex },
    ];
    for (const s of seeds) {
      if (vigilTie(s, s.json).join() !== hex.join()) throw new Error(`the ${s.fork} ${s.kind} seed does not tie`);
      if (referenceTie(s, s.json).join() !== hex.join()) throw new Error(`the ${s.fork} ${s.kind} seed differs from the reference`);
    }
    return seeds;
  },
  run(seeds, rng): Outcome {
    const seed = rng.pick(seeds);
    const m = mutateJson(rng, seed.json, { keys: ['index', 'column', 'kzg_commitments', 'blob', 'beacon_block_root', 'blob_kzg_commitments', 'signed_execution_payload_bid', 'execution_payload', 'version'] });
    const op = `${seed.fork}-${seed.kind}:${m.op}`;
    const ours = attempt(() => vigilTie(seed, m.value));
    let theirs: Reference<string[]>;
    try {
      theirs = { ok: true, value: referenceTie(seed, m.value) };
    } catch (e) {
      // Lodestar holds slots and indices as JS numbers: a uint64 past 2^53 is its limit, not a verdict.
      if (/MAX_SAFE_INTEGER/.test(String(e))) {
        const out: Outcome = { op, ...verdictOf(ours) };
        if (!out.wrong && ours.ok && ours.value.join() !== seed.commitments.join()) return { ...out, wrong: 'Vigil tied other commitments than the block\'s' };
        return out;
      }
      theirs = { ok: false };
    }
    const out = againstReference(op, ours, theirs);
    if (!out.wrong && ours.ok && ours.value.join() !== seed.commitments.join()) return { ...out, wrong: 'Vigil tied other commitments than the block\'s' };
    return out;
  },
});
