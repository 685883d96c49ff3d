/**
 * Blob transactions on the devnet chain, in their network form: at Prague with the EIP-4844
 * wrapper (one proof per blob), at Osaka with the EIP-7594 wrapper (128 cell proofs per blob),
 * KZG-checked at entry; the wrong wrapper for the fork and the bare form are refused; the block
 * holds the transaction without its blobs under the same hash, its header the blob gas; the
 * sidecars come back from blobsBundle; a transaction whose blobs do not fit waits for the next
 * block. One blob and its proofs serve every test (128 cell proofs cost seconds).
 */
import { type Blob4844Tx, createBlob4844Tx } from '@ethereumjs/tx';
import { computeVersionedHash } from '@ethereumjs/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { devnetKzg, encodeBlob } from '../../../../src/devnet/kzg.ts';
import type { DevChain } from '../../../../src/devnet/execution/node/types.ts';
import { chainAt, mineNext } from './helpers.ts';

const GAS_PER_BLOB = 131_072n;

interface Sidecar {
  blob: `0x${string}`;
  commitment: `0x${string}`;
  blobProof: `0x${string}`;
  cellProofs: `0x${string}`[];
}
let sidecar: Sidecar;

beforeAll(() => {
  const kzg = devnetKzg();
  const blob = bytesToHex(encodeBlob(new TextEncoder().encode('vigil devnet: one blob for every test'))) as `0x${string}`;
  const commitment = kzg.blobToKzgCommitment(blob) as `0x${string}`;
  sidecar = { blob, commitment, blobProof: kzg.computeBlobProof(blob, commitment) as `0x${string}`, cellProofs: kzg.computeCellsAndProofs(blob)[1] as `0x${string}`[] };
});

/** A signed blob transaction of `chain`'s; the other fork's wrapper is built with that fork's rules (ethereumjs builds no other). */
async function blobTx(chain: DevChain, from: number, nonce: bigint, count: number, wrapper: 0 | 1): Promise<Blob4844Tx> {
  const native = chain.head().common.isActivatedEIP(7594) === (wrapper === 1);
  const common = native ? chain.head().common : (await chainAt(wrapper === 1 ? 'osaka' : 'prague')).head().common;
  return createBlob4844Tx(
    {
      nonce,
      to: chain.accounts[5]!.address,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
      maxFeePerBlobGas: 10n ** 10n,
      chainId: chain.chainId,
      networkWrapperVersion: wrapper,
      blobVersionedHashes: Array(count).fill(computeVersionedHash(sidecar.commitment, 1)),
      blobs: Array(count).fill(sidecar.blob),
      kzgCommitments: Array(count).fill(sidecar.commitment),
      kzgProofs: Array(count).fill(wrapper === 1 ? sidecar.cellProofs : [sidecar.blobProof]).flat(),
    },
    { common },
  ).sign(chain.accounts[from]!.privateKey);
}

describe.each([
  ['prague', 0],
  ['osaka', 1],
] as const)('devnet chain blob transactions at %s', (fork, wrapper) => {
  it('takes the network form, builds the block with its blob gas and keeps the sidecar', async () => {
    const chain = await chainAt(fork);
    const tx = await blobTx(chain, 0, 0n, 2, wrapper);
    const hash = await chain.sendRawTransaction(tx.serializeNetworkWrapper());
    expect(bytesToHex(hash)).toBe(bytesToHex(tx.hash()));
    const parent = chain.head();
    const block = await mineNext(chain);
    expect(block.transactions.length).toBe(1);
    const inBlock = block.transactions[0] as Blob4844Tx;
    expect(bytesToHex(inBlock.hash())).toBe(bytesToHex(hash));
    expect(inBlock.blobs).toBeUndefined();
    expect(block.header.blobGasUsed).toBe(2n * GAS_PER_BLOB);
    expect(block.header.excessBlobGas).toBe(parent.header.calcNextExcessBlobGas(block.common));
    const receipt = chain.receipts(block.hash())![0]!;
    expect(receipt.blobGasUsed).toBe(2n * GAS_PER_BLOB);
    expect(receipt.blobGasPrice).toBe(block.header.getBlobGasPrice());

    const bundle = chain.blobsBundle(block.hash())!;
    expect(bundle.wrapperVersion).toBe(wrapper);
    expect(bundle.blobs.map(bytesToHex)).toEqual([sidecar.blob, sidecar.blob]);
    expect(bundle.commitments.map(bytesToHex)).toEqual([sidecar.commitment, sidecar.commitment]);
    const proofs = wrapper === 1 ? sidecar.cellProofs : [sidecar.blobProof];
    expect(bundle.proofs.map(bytesToHex)).toEqual([...proofs, ...proofs]);
    expect(chain.blobsBundle(parent.hash())).toEqual({ blobs: [], commitments: [], proofs: [], wrapperVersion: wrapper });
  });

  it('refuses the other fork\'s wrapper and the bare form', async () => {
    const chain = await chainAt(fork);
    const other = await blobTx(chain, 0, 0n, 1, wrapper === 1 ? 0 : 1);
    await expect(chain.sendRawTransaction(other.serializeNetworkWrapper())).rejects.toThrow(wrapper === 1 ? /not accepted from Osaka on/ : /not accepted before Osaka/);
    const bare = await blobTx(chain, 0, 0n, 1, wrapper);
    await expect(chain.sendRawTransaction(bare.serialize())).rejects.toThrow('missing sidecar in blob transaction');
  });

  it('leaves for the next block a transaction whose blobs do not fit', async () => {
    const chain = await chainAt(fork);
    // 9 blobs a block at both forks; Osaka allows 6 a transaction (EIP-7594): 6 + 4 do not fit.
    const max = Number(chain.head().common.getBlobGasSchedule().maxBlobGasPerBlock / GAS_PER_BLOB);
    const first = await chain.sendRawTransaction((await blobTx(chain, 0, 0n, 6, wrapper)).serializeNetworkWrapper());
    const second = await chain.sendRawTransaction((await blobTx(chain, 1, 0n, max - 5, wrapper)).serializeNetworkWrapper());
    const a = await mineNext(chain);
    const b = await mineNext(chain);
    const hashes = [a, b].map((block) => block.transactions.map((t) => bytesToHex(t.hash())));
    // Same tip: the earlier arrival first.
    expect(hashes).toEqual([[bytesToHex(first)], [bytesToHex(second)]]);
    expect(b.header.blobGasUsed).toBe(BigInt(max - 5) * GAS_PER_BLOB);
    expect(chain.blobsBundle(b.hash())!.blobs.length).toBe(max - 5);
  });
});

