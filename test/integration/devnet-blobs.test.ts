/**
 * Blobs through the whole devnet (issue 51): a blob transaction sent to the execution node in its
 * network form (Electra: the EIP-4844 wrapper, one proof per blob; Fulu: the EIP-7594 wrapper, 128
 * cell proofs per blob) lands in a block with its blob gas, and the beacon API serves its blobs:
 * Electra's blob sidecars (each blob with its commitment and proof, under the header of the
 * beacon block that carries the payload), and from Fulu the blobs and the data column sidecars,
 * whose cells verify against the commitments. Checked with micro-eth-signer's KZG, not the node's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendBlobTx, textBlobs } from '../support/devnet-blob-tx.ts';
import { hexToBigInt } from '../../src/core/bytes.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { devnetKzg } from '../../src/devnet/kzg.ts';
import { rpc } from './helpers.ts';

const GAS_PER_BLOB = 131_072n;
type Hex = `0x${string}`;

describe.each([
  ['electra', 'prague', 0],
  ['fulu', 'osaka', 1],
] as const)('blobs on a %s devnet', (beaconFork, executionFork, wrapper) => {
  let devnet: Devnet;
  const kzg = devnetKzg();
  const blobs = textBlobs(['the first blob', 'vigil: the second, its first byte 0x76 (above 0x74, which a blob written from byte 0 could not hold)']);
  const commitments = blobs.map((b) => kzg.blobToKzgCommitment(b) as Hex);

  beforeAll(async () => {
    devnet = await startDevnet({ fork: beaconFork, secondsPerSlot: 1 });
  }, 120_000);
  afterAll(async () => {
    await devnet?.stop();
  });

  it('a blob transaction lands with its blob gas, and the beacon API serves its blobs under the block that carries it', async () => {
    const sent = await sendBlobTx(devnet.info, blobs, { wrapper, fork: executionFork });
    const hash = sent.hash;
    expect(hash).toBe(sent.txHash);
    const receipt = await waitForReceipt(devnet.info.nodeRpc, hash, 60_000);
    expect(receipt.status).toBe(1);
    const block = (await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', ['0x' + receipt.blockNumber.toString(16), false])) as { timestamp: string; blobGasUsed: string; hash: string };
    expect(BigInt(block.blobGasUsed)).toBe(2n * GAS_PER_BLOB);

    // The beacon block of the payload's slot.
    const network = devnet.info.network as { GENESIS_TIME: number; SECONDS_PER_SLOT: number };
    const slot = (hexToBigInt(block.timestamp) - BigInt(network.GENESIS_TIME)) / BigInt(network.SECONDS_PER_SLOT);
    const get = async (path: string) => {
      const res = await fetch(devnet.info.beaconApi + path);
      expect(res.status, path).toBe(200);
      return (await res.json()) as { data: any };
    };
    // The payload is mined before its beacon block is made: wait for the block (a slot or so).
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${devnet.info.beaconApi}/eth/v1/beacon/headers/${slot}`)).status === 404) {
      if (Date.now() > deadline) throw new Error(`no beacon block at slot ${slot}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const header = (await get(`/eth/v1/beacon/headers/${slot}`)).data;

    if (beaconFork === 'electra') {
      const sidecars = (await get(`/eth/v1/beacon/blob_sidecars/${slot}`)).data as { index: string; blob: Hex; kzg_commitment: Hex; kzg_proof: Hex; signed_block_header: { message: unknown } }[];
      expect(sidecars.map((s) => [s.index, s.blob, s.kzg_commitment])).toEqual(blobs.map((b, i) => [String(i), b, commitments[i]]));
      expect(kzg.verifyBlobProofBatch(sidecars.map((s) => s.blob), sidecars.map((s) => s.kzg_commitment), sidecars.map((s) => s.kzg_proof))).toBe(true);
      for (const s of sidecars) expect(s.signed_block_header.message).toEqual(header.header.message);
      return;
    }
    expect((await get(`/eth/v1/beacon/blobs/${slot}`)).data).toEqual(blobs);
    const columns = (await get(`/eth/v1/debug/beacon/data_column_sidecars/${slot}?indices=0,77,127`)).data as { index: string; column: Hex[]; kzg_commitments: Hex[]; kzg_proofs: Hex[]; signed_block_header: { message: unknown } }[];
    expect(columns.map((c) => c.index)).toEqual(['0', '77', '127']);
    for (const c of columns) {
      expect(c.kzg_commitments).toEqual(commitments);
      expect(c.signed_block_header.message).toEqual(header.header.message);
      const index = Number(c.index);
      expect(kzg.verifyCellKzgProofBatch(commitments, blobs.map(() => index), c.column, c.kzg_proofs)).toBe(true);
    }
  }, 120_000);
});
