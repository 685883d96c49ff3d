/**
 * What the devnet's Beacon API serves for a block's blobs, built as a proposer builds it from the
 * execution block's blobs bundle: Deneb/Electra blob sidecars (consensus-specs deneb/validator.md
 * get_blob_sidecars), Fulu data column sidecars (fulu/validator.md get_data_column_sidecars: column
 * i holds each blob's cell i and its cell proof), Gloas's (gloas/builder.md: slot and block root,
 * no header or inclusion proof), and the blobs themselves.
 *
 * Per block the store keeps only what is small (commitments, header, the commitments' branch in
 * the body, the execution block's hash) for as long as the chain keeps the block; bundles and
 * computed cells are kept for a few blocks and read again from the EL (`devnet_getBlobsBundle`)
 * when asked for an older one.
 * @module
 */
import { bytesToHex, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { sha256 } from '../../crypto/sha256.ts';
import type { BeaconBlockHeaderValue } from '../../l1/containers.ts';
import { createBranch, type ValueOf } from '../../ssz/index.ts';
import type { BlobsBundle } from '../execution/node/types.ts';
import { devnetKzg } from '../kzg.ts';
import { blobTypes, type BlobTypes, NUMBER_OF_COLUMNS } from './blob-containers.ts';
import { G2_POINT_AT_INFINITY } from './committee.ts';
import type { DevnetFork } from './containers.ts';
import type { DevnetPreset } from './presets.ts';

export type BlobSidecarValue = ValueOf<BlobTypes['BlobSidecar']>;
export type DataColumnSidecarValue = ValueOf<BlobTypes['DataColumnSidecar']>;
export type GloasDataColumnSidecarValue = ValueOf<BlobTypes['GloasDataColumnSidecar']>;

/** A block with blobs, as the store keeps it while the chain does. */
export interface BlobBlock {
  fork: DevnetFork | 'gloas';
  slot: bigint;
  /** hash_tree_root of the beacon block. */
  root: Uint8Array;
  /** The execution block that carried the blobs (its bundle is read again by this hash). */
  blockHash: Uint8Array;
  /** The body's blob_kzg_commitments (Gloas: the bid's), in blob order. */
  commitments: Uint8Array[];
  /** Before Gloas: the block's header and the branch from blob_kzg_commitments to its body root. */
  header?: BeaconBlockHeaderValue;
  commitmentsBranch?: Uint8Array[];
}

/** A block's bundle, and its cells once a column was asked for. */
interface Matrix {
  bundle: BlobsBundle;
  cells?: Uint8Array[][];
}

/** kzg_to_versioned_hash: VERSIONED_HASH_VERSION_KZG ‖ sha256(commitment)[1:]. */
export function kzgToVersionedHash(commitment: Uint8Array): Uint8Array {
  const hash = sha256(commitment);
  hash[0] = 0x01;
  return hash;
}

export class BlobStore {
  readonly types: BlobTypes;
  private readonly blocks = new Map<string, BlobBlock>();
  /** The last blocks' matrices, least recently used first. */
  private readonly matrices = new Map<string, Promise<Matrix>>();

  /**
   * @param readBundle the EL's bundle of an execution block (undefined: it has none)
   * @param keptBundles how many blocks' bundles and cells stay in memory
   */
  constructor(
    preset: DevnetPreset,
    private readonly readBundle: (blockHash: Uint8Array) => Promise<BlobsBundle | undefined>,
    private readonly keptBundles = 4,
  ) {
    this.types = blobTypes(preset);
  }

  /** Records a block with blobs and the bundle it came with. */
  add(block: BlobBlock, bundle: BlobsBundle): void {
    if (!sameCommitments(block.commitments, bundle)) throw new InputError(`block ${bytesToHex(block.root)}: its commitments are not its bundle's`);
    const rootHex = bytesToHex(block.root);
    this.blocks.set(rootHex, block);
    this.remember(rootHex, Promise.resolve({ bundle }));
  }

  /** The block of a root, if it has blobs the store still serves. */
  get(rootHex: string): BlobBlock | undefined {
    return this.blocks.get(rootHex.toLowerCase());
  }

  /** Keeps only the blocks `keep` names (the chain's pruning and reorganisations). */
  retain(keep: (rootHex: string) => boolean): void {
    for (const rootHex of this.blocks.keys()) {
      if (keep(rootHex)) continue;
      this.blocks.delete(rootHex);
      this.matrices.delete(rootHex);
    }
  }

  /** Blocks with blobs held (for tests of the bound). */
  get size(): number {
    return this.blocks.size;
  }

  /** The blobs, in commitment order; only those of `versionedHashes` when given. Empty for a block without blobs. */
  async blobs(rootHex: string, versionedHashes?: Uint8Array[]): Promise<Uint8Array[]> {
    const block = this.get(rootHex);
    if (!block) return [];
    const { bundle } = await this.matrix(block);
    const wanted = versionedHashes && new Set(versionedHashes.map(bytesToHex));
    return bundle.blobs.filter((_, i) => !wanted || wanted.has(bytesToHex(kzgToVersionedHash(block.commitments[i]!))));
  }

  /**
   * get_blob_sidecars (Deneb, Electra): the sidecars of `indices` (default all) that exist.
   * @throws InputError for a Fulu or later block (its bundle has cell proofs)
   */
  async blobSidecars(rootHex: string, indices?: number[]): Promise<BlobSidecarValue[]> {
    const block = this.get(rootHex);
    if (!block) return [];
    const { header, commitmentsBranch } = this.preGloas(block, ['deneb', 'electra'], 'blob sidecars');
    const { bundle } = await this.matrix(block);
    if (bundle.wrapperVersion !== 0) throw new InputError(`block ${rootHex} (${block.fork}): its bundle has cell proofs, a blob sidecar needs a blob proof`);
    const signedBlockHeader = { message: header, signature: G2_POINT_AT_INFINITY };
    return selected(block.commitments.length, indices).map((i) => ({
      index: BigInt(i),
      blob: bundle.blobs[i]!,
      kzgCommitment: block.commitments[i]!,
      kzgProof: bundle.proofs[i]!,
      signedBlockHeader,
      // compute_merkle_proof(body, gindex of blob_kzg_commitments[i]): within the list, then the body.
      kzgCommitmentInclusionProof: [...createBranch(this.types.BlobKzgCommitments, block.commitments, i).branch, ...commitmentsBranch],
    }));
  }

  /** get_data_column_sidecars (Fulu): the columns of `indices` (default all 128); none for a block without blobs. */
  async dataColumnSidecars(rootHex: string, indices?: number[]): Promise<DataColumnSidecarValue[]> {
    const block = this.get(rootHex);
    if (!block) return [];
    const { header, commitmentsBranch } = this.preGloas(block, ['fulu'], 'Fulu data column sidecars');
    const signedBlockHeader = { message: header, signature: G2_POINT_AT_INFINITY };
    const columns = await this.columns(block, indices);
    return columns.map((c) => ({ ...c, kzgCommitments: block.commitments, signedBlockHeader, kzgCommitmentsInclusionProof: commitmentsBranch }));
  }

  /** get_data_column_sidecars (Gloas): the columns of `indices` (default all 128), naming their block by slot and root. */
  async gloasDataColumnSidecars(rootHex: string, indices?: number[]): Promise<GloasDataColumnSidecarValue[]> {
    const block = this.get(rootHex);
    if (!block) return [];
    if (block.fork !== 'gloas') throw new InputError(`block ${rootHex} is a ${block.fork} block: Gloas data column sidecars expected a Gloas one`);
    const columns = await this.columns(block, indices);
    return columns.map((c) => ({ ...c, slot: block.slot, beaconBlockRoot: block.root }));
  }

  private preGloas(block: BlobBlock, forks: BlobBlock['fork'][], what: string): { header: BeaconBlockHeaderValue; commitmentsBranch: Uint8Array[] } {
    if (!forks.includes(block.fork) || !block.header || !block.commitmentsBranch) {
      throw new InputError(`block ${bytesToHex(block.root)} is a ${block.fork} block: ${what} are ${forks.join(', ')}'s`);
    }
    return { header: block.header, commitmentsBranch: block.commitmentsBranch };
  }

  /** Column c: each blob's cell c and its proof (the bundle's proofs are blob-major, 128 a blob). */
  private async columns(block: BlobBlock, indices?: number[]): Promise<{ index: bigint; column: Uint8Array[]; kzgProofs: Uint8Array[] }[]> {
    const matrix = await this.matrix(block);
    const { bundle } = matrix;
    if (bundle.wrapperVersion !== 1) throw new InputError(`block ${bytesToHex(block.root)} (${block.fork}): its bundle has blob proofs, a data column needs cell proofs`);
    matrix.cells ??= bundle.blobs.map((blob) => devnetKzg().computeCells(bytesToHex(blob)).map((cell) => hexToBytes(cell)));
    const cells = matrix.cells;
    return selected(NUMBER_OF_COLUMNS, indices).map((c) => ({
      index: BigInt(c),
      column: cells.map((row) => row[c]!),
      kzgProofs: cells.map((_, b) => bundle.proofs[b * NUMBER_OF_COLUMNS + c]!),
    }));
  }

  /** The block's bundle (and cells): kept, or read again from the EL and checked against the block's commitments. */
  private matrix(block: BlobBlock): Promise<Matrix> {
    const rootHex = bytesToHex(block.root);
    let matrix = this.matrices.get(rootHex);
    if (!matrix) {
      matrix = this.readBundle(block.blockHash).then((bundle) => {
        if (!bundle || !sameCommitments(block.commitments, bundle)) {
          this.matrices.delete(rootHex);
          throw new InputError(`the EL's blobs of block ${bytesToHex(block.blockHash)} are not the ones beacon block ${rootHex} commits to`);
        }
        return { bundle };
      });
    }
    this.remember(rootHex, matrix);
    return matrix;
  }

  private remember(rootHex: string, matrix: Promise<Matrix>): void {
    this.matrices.delete(rootHex);
    this.matrices.set(rootHex, matrix);
    for (const key of this.matrices.keys()) {
      if (this.matrices.size <= this.keptBundles) break;
      this.matrices.delete(key);
    }
  }
}

function sameCommitments(commitments: Uint8Array[], bundle: BlobsBundle): boolean {
  return commitments.length === bundle.commitments.length && commitments.every((c, i) => equalBytes(c, bundle.commitments[i]!));
}

/** The indices below `count` that `indices` asks for (all when absent), ascending, each once. */
function selected(count: number, indices?: number[]): number[] {
  const all = Array.from({ length: count }, (_, i) => i);
  if (!indices) return all;
  const wanted = new Set(indices);
  return all.filter((i) => wanted.has(i));
}

