/**
 * A real blob transaction's blobs tied to a verified beacon block on a running devnet (issue 54),
 * on Fulu and on Gloas (`gloasEpoch`): an in-process light client follows the devnet's mirror
 * beacon API (its light-client routes serve there too), the verified chain proves block N and
 * N+1, and tieBlobs proves the transaction's commitments against N+1's parentBeaconBlockRoot;
 * the columns of both beacon APIs verify with KZG against them. Then the faults, each on one
 * endpoint: beacon-withhold-columns (that one serves none; the tie still stands, from the block if
 * need be) and beacon-bad-cell (that one's cells fail their proofs, the other's verify).
 */
import { computeVersionedHash } from '@ethereumjs/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendBlobTx, textBlobs } from '../support/devnet-blob-tx.ts';
import { BeaconBlobEndpoint } from '../../src/client/blobs/endpoints.ts';
import { tieBlobs, type TieDeps, tieChainOf } from '../../src/client/blobs/tie.ts';
import type { ProvenBlobs, ServedColumn } from '../../src/client/blobs/types.ts';
import { VerifiedChain } from '../../src/client/verified/chain.ts';
import { ExecutionRpc } from '../../src/client/verified/execution-rpc.ts';
import { VerifiedHeaders } from '../../src/client/verified/headers.ts';
import { bytesToHex } from '../../src/core/bytes.ts';
import type { VigilError } from '../../src/core/errors.ts';
import { kzgReady, verifyCellKzgProofBatch } from '../../src/crypto/kzg.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { devnetKzg } from '../../src/devnet/kzg.ts';
import { RestBeaconBlobs } from '../../src/rpc/beacon-blobs.ts';
import { type Follower, follow, stepUntil } from './helpers.ts';

type Hex = `0x${string}`;

describe.each([
  ['fulu', {}],
  ['gloas', { gloasEpoch: 1, historySlots: 12 }],
] as const)('the blob tie on a %s devnet', (fork, options) => {
  let devnet: Devnet;
  let f: Follower;
  let deps: TieDeps;
  let proven: ProvenBlobs;
  let blockNumber: bigint;
  const kzg = devnetKzg();
  const blobs = textBlobs([`vigil tie ${fork}: the first blob`, `vigil tie ${fork}: the second`]);
  const commitments = blobs.map((b) => kzg.blobToKzgCommitment(b) as Hex);
  const versionedHashes = commitments.map((c) => computeVersionedHash(c, 1));
  let hash: string;

  beforeAll(async () => {
    await kzgReady();
    devnet = await startDevnet({ secondsPerSlot: 1, faults: true, ...options });
    // The light client on the mirror: its light-client routes are the primary's.
    f = await follow({ ...devnet.info, beaconApi: devnet.info.beaconMirror });
    const rpcClient = new ExecutionRpc({ endpoints: [devnet.info.nodeRpc], timeoutMs: 20_000 });
    const headers = new VerifiedHeaders({ rpc: rpcClient, anchors: () => ({ latest: f.sync.optimistic?.execution, finalized: f.sync.finalized?.execution }) });
    const chain = new VerifiedChain({ rpc: rpcClient, headers });
    deps = { chain: tieChainOf(chain), config: f.config, beacon: [new RestBeaconBlobs(devnet.info.beaconApi), new RestBeaconBlobs(devnet.info.beaconMirror)] };

    hash = (await sendBlobTx(devnet.info, blobs)).hash;
    blockNumber = BigInt((await waitForReceipt(devnet.info.nodeRpc, hash, 60_000)).blockNumber);
    // The light client verifies a head above N + 1: N's child names the beacon block.
    expect(await stepUntil(f, () => (f.sync.optimistic?.execution?.blockNumber ?? 0n) > blockNumber + 1n, 90_000)).toBe(true);
  }, 240_000);
  afterAll(async () => {
    await devnet?.stop();
  });

  it('ties the transaction\'s blobs to the beacon block N+1 names, its commitments proven, its versioned hashes matched', async () => {
    proven = await tieBlobs(deps, { hash, blockNumber });
    expect(proven.fork).toBe(fork);
    expect(proven.blobs.map((b) => bytesToHex(b.commitment))).toEqual(commitments);
    expect(proven.blobs.map((b) => b.versionedHash)).toEqual(versionedHashes);
    const header = (await (await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/headers/${proven.slot}`)).json()) as { data: { root: string } };
    expect(proven.beaconRoot).toBe(header.data.root);
    expect(proven.checked.length).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('both beacon APIs serve the columns, whose cells verify against the proven commitments', async () => {
    for (const url of [devnet.info.beaconApi, devnet.info.beaconMirror]) {
      const cols = await new BeaconBlobEndpoint(new RestBeaconBlobs(url)).columns(proven, [0, 64, 127]);
      expect(cols.map((c) => c.column)).toEqual([0, 64, 127]);
      expect(verify(proven, cols), url).toBe(true);
    }
  }, 60_000);

  it('beacon-withhold-columns on one endpoint: it serves none, the other does, and the tie stands (from the block when both withhold)', async () => {
    const primary = new BeaconBlobEndpoint(new RestBeaconBlobs(devnet.info.beaconApi));
    const mirror = new BeaconBlobEndpoint(new RestBeaconBlobs(devnet.info.beaconMirror));
    try {
      devnet.switchboard.set('beacon-withhold-columns', true, { endpoint: 'primary' });
      expect(await primary.columns(proven, [1, 2])).toEqual([]);
      expect(await mirror.columns(proven, [1, 2])).toHaveLength(2);
      devnet.switchboard.set('beacon-withhold-columns', true);
      expect(await mirror.columns(proven, [1, 2])).toEqual([]);
      const again = await tieBlobs(deps, { hash, blockNumber });
      expect(again.beaconRoot).toBe(proven.beaconRoot);
      expect(again.checked.join('\n')).toMatch(/hash_tree_root is the proven root/);
    } finally {
      devnet.switchboard.set('beacon-withhold-columns', false);
    }
  }, 60_000);

  it('beacon-bad-cell on the mirror: its cells fail their proofs, the primary\'s verify', async () => {
    try {
      devnet.switchboard.set('beacon-bad-cell', true, { endpoint: 'mirror' });
      const bad = await new BeaconBlobEndpoint(new RestBeaconBlobs(devnet.info.beaconMirror)).columns(proven, [9]);
      expect(bad).toHaveLength(1);
      expect(verify(proven, bad)).toBe(false);
      expect(verify(proven, await new BeaconBlobEndpoint(new RestBeaconBlobs(devnet.info.beaconApi)).columns(proven, [9]))).toBe(true);
    } finally {
      devnet.switchboard.set('beacon-bad-cell', false);
    }
  }, 60_000);

  it('a block whose child is not verified yet: BLOB_TIE_CHILD_NOT_VERIFIED', async () => {
    const head = f.sync.optimistic!.execution!.blockNumber;
    const err = (await tieBlobs(deps, { hash, blockNumber: head }).catch((e: unknown) => e)) as VigilError;
    expect(err.code).toBe('BLOB_TIE_CHILD_NOT_VERIFIED');
  }, 60_000);
});

function verify(p: ProvenBlobs, cols: ServedColumn[]): boolean {
  return verifyCellKzgProofBatch(
    cols.flatMap(() => p.blobs.map((b) => b.commitment)),
    cols.flatMap((c) => c.cells.map(() => c.column)),
    cols.flatMap((c) => c.cells),
    cols.flatMap((c) => c.proofs),
  );
}

