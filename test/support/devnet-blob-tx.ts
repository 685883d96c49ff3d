/**
 * A blob transaction sent on a running devnet by its first dev account, in the network form
 * (wrapper 1: EIP-7594 cell proofs; 0: EIP-4844 blob proofs), made with the devnet's own KZG
 * (micro-eth-signer): the blob tests' one way to put blobs on the chain.
 */
import { createBlob4844Tx } from '@ethereumjs/tx';
import { computeVersionedHash } from '@ethereumjs/util';
import type { Hex } from 'viem';
import { bytesToHex, hexToBigInt } from '../../src/core/bytes.ts';
import { waitForReceipt } from '../../src/devnet/execution/dev-tx.ts';
import { DEV_MNEMONIC } from '../../src/devnet/execution/forks.ts';
import { devAccounts, devCommon, type DevFork } from '../../src/devnet/execution/node/genesis.ts';
import { devnetKzg, encodeBlob } from '../../src/devnet/kzg.ts';
import { jsonRpcCall } from '../../src/rpc/http.ts';

export interface SentBlobTx {
  /** The hash the node answered. */
  hash: string;
  /** The signed transaction's own hash, to compare with. */
  txHash: string;
  blobs: Hex[];
  commitments: Hex[];
  versionedHashes: Hex[];
}

/** The blobs of `texts`, one each, in the devnet's encoding (src/devnet/kzg.ts encodeBlob). */
export const textBlobs = (texts: readonly string[]): Hex[] => texts.map((text) => bytesToHex(encodeBlob(new TextEncoder().encode(text))) as Hex);

/** Sends `blobs` to dev account 5 (21,000 gas, generous fee caps). */
export async function sendBlobTx(devnet: { nodeRpc: string; accounts: readonly string[]; chainId: number }, blobs: Hex[], o: { wrapper?: 0 | 1; fork?: DevFork } = {}): Promise<SentBlobTx> {
  const wrapper = o.wrapper ?? 1;
  const kzg = devnetKzg();
  const commitments = blobs.map((b) => kzg.blobToKzgCommitment(b) as Hex);
  const versionedHashes = commitments.map((c) => computeVersionedHash(c, 1) as Hex);
  const proofs = blobs.flatMap((b, i) => (wrapper === 1 ? (kzg.computeCellsAndProofs(b)[1] as Hex[]) : [kzg.computeBlobProof(b, commitments[i]!) as Hex]));
  const [dev] = devAccounts(DEV_MNEMONIC, 1);
  const call = (method: string, params: unknown[]) => jsonRpcCall(devnet.nodeRpc, method, params, { timeoutMs: 30_000, maxBytes: 1 << 24 });
  const nonce = hexToBigInt((await call('eth_getTransactionCount', [bytesToHex(dev!.address), 'pending'])) as string);
  const tx = createBlob4844Tx(
    {
      nonce,
      to: devnet.accounts[5]! as Hex,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 11n,
      maxPriorityFeePerGas: 10n ** 9n,
      maxFeePerBlobGas: 10n ** 10n,
      chainId: BigInt(devnet.chainId),
      networkWrapperVersion: wrapper,
      blobVersionedHashes: versionedHashes,
      blobs,
      kzgCommitments: commitments,
      kzgProofs: proofs,
    },
    { common: devCommon({ fork: o.fork ?? 'osaka', chainId: BigInt(devnet.chainId) }) },
  ).sign(dev!.privateKey);
  const hash = (await call('eth_sendRawTransaction', [bytesToHex(tx.serializeNetworkWrapper())])) as string;
  return { hash, txHash: bytesToHex(tx.hash()), blobs, commitments, versionedHashes };
}

export { waitForReceipt };
