/**
 * What `vigil blob-verify` reads, built by code that is not Vigil's checker: blobs, commitments,
 * blob and cell proofs by micro-eth-signer's KZG (src/devnet/kzg.ts), blob transactions in their
 * network form by @ethereumjs/tx, sidecars and their inclusion proofs by the devnet's BlobStore
 * over a real BeaconBlockBody (src/devnet/beacon), as the devnet's Beacon API serves them.
 * Cell proofs cost about a second a blob: they are made once per process and text.
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createBlob4844Tx } from '@ethereumjs/tx';
import { computeVersionedHash } from '@ethereumjs/util';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { BlobStore } from '../../src/devnet/beacon/blobs.ts';
import { G2_POINT_AT_INFINITY } from '../../src/devnet/beacon/committee.ts';
import { devnetTypes, type DevnetFork } from '../../src/devnet/beacon/containers.ts';
import { DEVNET_PRESETS } from '../../src/devnet/beacon/presets.ts';
import { devnetKzg, encodeBlob } from '../../src/devnet/kzg.ts';
import { BeaconBlockHeader } from '../../src/l1/containers.ts';
import { SignedBeaconBlockHeader } from '../../src/l1/blobs/containers.ts';
import { createBranch } from '../../src/ssz/index.ts';

export interface TestBlob {
  blob: Uint8Array;
  commitment: Uint8Array;
  proof: Uint8Array;
  cellProofs: Uint8Array[] | undefined;
}

const made = new Map<string, TestBlob>();

/** A blob holding `text` (repeated), its commitment and blob proof, and its 128 cell proofs if `cells`. */
export function testBlob(text: string, cells: boolean): TestBlob {
  const kept = made.get(text);
  if (kept && (kept.cellProofs || !cells)) return kept;
  const kzg = devnetKzg();
  const blob = bytesToHex(encodeBlob(new TextEncoder().encode(text.repeat(200))));
  const commitment = kzg.blobToKzgCommitment(blob);
  const b: TestBlob = {
    blob: hexToBytes(blob),
    commitment: hexToBytes(commitment),
    proof: hexToBytes(kzg.computeBlobProof(blob, commitment)),
    cellProofs: cells ? kzg.computeCellsAndProofs(blob)[1].map((p) => hexToBytes(p)) : undefined,
  };
  made.set(text, b);
  return b;
}

/** kzg_to_versioned_hash, as @ethereumjs/util computes it (independently of src/crypto). */
export { computeVersionedHash };

const KEY = hexToBytes('0x' + '42'.repeat(32));

/**
 * A signed blob transaction carrying `blobs`, in its network form (EIP-4844's wrapper before
 * Osaka, EIP-7594's with cell proofs from it), by @ethereumjs/tx; its hash and sender.
 */
export function blobTransaction(blobs: TestBlob[], form: 'eip4844' | 'eip7594', accessList: { address: `0x${string}`; storageKeys: `0x${string}`[] }[] = []): { raw: Uint8Array; hash: Uint8Array; from: string } {
  const common = new Common({ chain: Mainnet, hardfork: form === 'eip4844' ? Hardfork.Prague : Hardfork.Osaka, customCrypto: { kzg: devnetKzg() } });
  const tx = createBlob4844Tx(
    {
      nonce: 7n,
      to: `0x${'11'.repeat(20)}`,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
      maxFeePerBlobGas: 10n ** 10n,
      chainId: 1n,
      accessList,
      networkWrapperVersion: form === 'eip4844' ? 0 : 1,
      blobVersionedHashes: blobs.map((b) => computeVersionedHash(bytesToHex(b.commitment) as `0x${string}`, 1)),
      blobs: blobs.map((b) => bytesToHex(b.blob) as `0x${string}`),
      kzgCommitments: blobs.map((b) => bytesToHex(b.commitment) as `0x${string}`),
      kzgProofs: blobs.flatMap((b) => (form === 'eip4844' ? [b.proof] : b.cellProofs!)).map((p) => bytesToHex(p) as `0x${string}`),
    },
    { common },
  ).sign(KEY);
  return { raw: tx.serializeNetworkWrapper(), hash: tx.hash(), from: tx.getSenderAddress().toString().toLowerCase() };
}

/** Beacon API answers for a block carrying `blobs`: its sidecars, and its header. */
export interface SidecarAnswers {
  /** `GET /eth/v1/beacon/blob_sidecars` (Deneb, Electra) or `/eth/v1/debug/beacon/data_column_sidecars` (Fulu). */
  sidecars: { version: string; execution_optimistic: boolean; finalized: boolean; data: Record<string, unknown>[] };
  /** `GET /eth/v1/beacon/headers/{root}`. */
  header: { execution_optimistic: boolean; finalized: boolean; data: { root: string; canonical: boolean; header: unknown } };
  root: Uint8Array;
  bodyRoot: Uint8Array;
}

/**
 * The sidecars of a block at `slot` of `fork` whose body commits to `blobs` (a real
 * BeaconBlockBody, graffiti `graffiti` so that two blocks differ), as the devnet serves them;
 * `columns`: which columns (Fulu; default all 128).
 */
export async function sidecarAnswers(fork: DevnetFork, blobs: TestBlob[], options: { slot?: bigint; graffiti?: number; columns?: number[] } = {}): Promise<SidecarAnswers> {
  const preset = DEVNET_PRESETS.mainnet;
  const types = devnetTypes(preset, fork);
  const body = types.BeaconBlockBody.defaultValue();
  body.blobKzgCommitments = blobs.map((b) => b.commitment);
  body.graffiti = new Uint8Array(32).fill(options.graffiti ?? 1);
  const bodyRoot = types.BeaconBlockBody.hashTreeRoot(body);
  const header = { slot: options.slot ?? 12n, proposerIndex: 3n, parentRoot: new Uint8Array(32).fill(2), stateRoot: new Uint8Array(32).fill(3), bodyRoot };
  const root = BeaconBlockHeader.hashTreeRoot(header);
  const cells = fork === 'fulu';
  const bundle = { commitments: blobs.map((b) => b.commitment), blobs: blobs.map((b) => b.blob), proofs: blobs.flatMap((b) => (cells ? b.cellProofs! : [b.proof])), wrapperVersion: cells ? (1 as const) : (0 as const) };
  const store = new BlobStore(preset, async () => bundle);
  const commitmentsBranch = createBranch(types.BeaconBlockBody, body, 'blob_kzg_commitments').branch;
  store.add({ fork, slot: header.slot, root, blockHash: new Uint8Array(32).fill(9), commitments: bundle.commitments, header, commitmentsBranch }, bundle);
  const rootHex = bytesToHex(root);
  const data = cells
    ? (await store.dataColumnSidecars(rootHex, options.columns)).map((s) => store.types.DataColumnSidecar.toJson(s))
    : (await store.blobSidecars(rootHex)).map((s) => store.types.BlobSidecar.toJson(s));
  return {
    sidecars: { version: fork, execution_optimistic: false, finalized: false, data: data as Record<string, unknown>[] },
    header: {
      execution_optimistic: false,
      finalized: false,
      data: { root: rootHex, canonical: true, header: SignedBeaconBlockHeader.toJson({ message: header, signature: G2_POINT_AT_INFINITY }) },
    },
    root,
    bodyRoot,
  };
}
