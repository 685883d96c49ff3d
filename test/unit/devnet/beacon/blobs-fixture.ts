/**
 * What the blob tests share: blobs with their commitments and proofs made by the devnet's KZG
 * (cell proofs only when asked: 128 of them take seconds a blob), a beacon chain over the fake EL
 * with its Beacon API, and a Merkle branch check that uses node:crypto, not Vigil's SSZ.
 */
import { createHash } from 'node:crypto';
import { bytesToHex, equalBytes } from '../../../../src/core/bytes.ts';
import { BeaconChain, type ChainParams } from '../../../../src/devnet/beacon/chain.ts';
import { executionPayloadType } from '../../../../src/devnet/beacon/containers.ts';
import { ExecutionClient } from '../../../../src/devnet/beacon/execution.ts';
import { DEVNET_PRESETS } from '../../../../src/devnet/beacon/presets.ts';
import { type BeaconServer, startBeaconServer } from '../../../../src/devnet/beacon/server.ts';
import { devnetKzg, encodeBlob } from '../../../../src/devnet/kzg.ts';
import { type FakeBlobsBundle, type FakeEl, startFakeEl } from './fake-el.ts';

export interface TestBlob {
  blob: string;
  commitment: string;
  /** EIP-4844's one proof. */
  proof: string;
  /** EIP-7594's 128 cell proofs (when made). */
  cellProofs?: string[];
}

/** Blobs holding `texts`, with commitments and blob proofs, and cell proofs if `cells`. */
export function makeBlobs(texts: string[], cells: boolean): TestBlob[] {
  const kzg = devnetKzg();
  return texts.map((text) => {
    const blob = bytesToHex(encodeBlob(new TextEncoder().encode(text.repeat(200))));
    const commitment = kzg.blobToKzgCommitment(blob);
    const proof = kzg.computeBlobProof(blob, commitment);
    return cells ? { blob, commitment, proof, cellProofs: kzg.computeCellsAndProofs(blob)[1] } : { blob, commitment, proof };
  });
}

/** The bundle devnet_getBlobsBundle answers for a block with these blobs. */
export function bundleOf(blobs: TestBlob[], wrapperVersion: 0 | 1): FakeBlobsBundle {
  return {
    commitments: blobs.map((b) => b.commitment),
    proofs: blobs.flatMap((b) => (wrapperVersion === 0 ? [b.proof] : b.cellProofs!)),
    blobs: blobs.map((b) => b.blob),
    wrapperVersion: wrapperVersion === 0 ? '0x0' : '0x1',
  };
}

export interface BlobChain {
  el: FakeEl;
  chain: BeaconChain;
  server: BeaconServer;
  get(path: string, accept?: 'json' | 'ssz'): Promise<Response>;
  close(): Promise<void>;
}

/** A mainnet-preset chain over the fake EL (its blocks' bundles set by the caller before producing) and its Beacon API. */
export async function startBlobChain(params: Pick<ChainParams, 'fork'> & Partial<ChainParams>): Promise<BlobChain> {
  const el = await startFakeEl();
  const preset = DEVNET_PRESETS.mainnet;
  const chain = await BeaconChain.create({
    log: () => {},
    preset,
    secondsPerSlot: 1,
    now: Date.now,
    seed: `blobs-${params.fork}`,
    el: new ExecutionClient(el.url, executionPayloadType(preset)),
    historyPeriods: 1,
    ...params,
  });
  const server = await startBeaconServer(
    chain,
    { withholdUpdates: false, delayUpdatesMs: 0, invalidSignature: false, finalityStall: false, participation: 1, forgedBranch: false, withholdPayload: false, withholdColumns: 'off', badCell: 'off' },
    '127.0.0.1',
    0,
  );
  return {
    el,
    chain,
    server,
    get: (path, accept = 'json') => fetch(server.url + path, { headers: { accept: accept === 'json' ? 'application/json' : 'application/octet-stream' } }),
    async close() {
      await server.close();
      await el.close();
    },
  };
}

const sha256 = (a: Uint8Array, b: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(a).update(b).digest());

/** is_valid_merkle_branch at a generalized index, hashed with node:crypto. */
export function verifyBranch(leaf: Uint8Array, branch: Uint8Array[], gindex: bigint, root: Uint8Array): boolean {
  if (gindex >> BigInt(branch.length) !== 1n) return false;
  let node = leaf;
  branch.forEach((sibling, i) => {
    node = (gindex >> BigInt(i)) & 1n ? sha256(sibling, node) : sha256(node, sibling);
  });
  return equalBytes(node, root);
}
