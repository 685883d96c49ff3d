/**
 * The ethereumjs node's JSON-RPC across forks: Cancun's header (no requestsHash), a Prague blob
 * transaction sent in its network form through eth_sendRawTransaction (block, receipt, fees and
 * devnet_getBlobsBundle), and Amsterdam from a timestamp on (blockAccessListHash and slotNumber
 * in the block JSON, hashing to the block hash; eth_getBlockAccessList).
 */
import { createBlob4844Tx } from '@ethereumjs/tx';
import { computeVersionedHash } from '@ethereumjs/util';
import { describe, expect, it } from 'vitest';
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../../../src/core/bytes.ts';
import { verifyBlockBody } from '../../../../src/execution/block-body.ts';
import { verifyRpcHeader } from '../../../../src/execution/header.ts';
import { createDevChain, type DevChainOptions } from '../../../../src/devnet/execution/node/chain.ts';
import { createRpc } from '../../../../src/devnet/execution/node/rpc.ts';
import { devnetKzg, encodeBlob } from '../../../../src/devnet/kzg.ts';

type Json = Record<string, any>;
const GENESIS = 1_700_000_000n;

async function node(options: Omit<DevChainOptions, 'genesisTimestamp'>) {
  const chain = await createDevChain({ genesisTimestamp: GENESIS, ...options });
  const answer = createRpc(chain);
  let id = 1;
  const rpc = async (method: string, params: unknown[] = []): Promise<any> => {
    const response = (await answer({ jsonrpc: '2.0', id: id++, method, params })) as Json;
    if (response.error) throw Object.assign(new Error(response.error.message), response.error);
    return response.result;
  };
  /** devnet_mine one slot (12 s) after the head. */
  const mineSlot = async (): Promise<Json> => {
    const head = await rpc('eth_getBlockByNumber', ['latest', false]);
    const slot = (hexToBigInt(head.timestamp) - GENESIS) / 12n + 1n;
    const hash = await rpc('devnet_mine', [{
      timestamp: bigIntToHex(GENESIS + 12n * slot), parentBeaconBlockRoot: '0x' + 'be'.repeat(32), slotNumber: bigIntToHex(slot),
      feeRecipient: '0x' + 'fe'.repeat(20), prevRandao: '0x' + '52'.repeat(32),
    }]);
    return rpc('eth_getBlockByHash', [hash, true]);
  };
  return { chain, rpc, mineSlot };
}

describe('execution node RPC across forks', () => {
  it('Cancun: the block has the blob and beacon root fields but no requestsHash', async () => {
    const { mineSlot } = await node({ fork: 'cancun' });
    const block = await mineSlot();
    verifyRpcHeader(block, hexToBytes(block.hash));
    expect(block.parentBeaconBlockRoot).toBe('0x' + 'be'.repeat(32));
    expect(block.requestsHash).toBeUndefined();
    expect(block.slotNumber).toBeUndefined();
  });

  it('Prague: a blob transaction in its network form lands with its blob gas; its blobs come back from devnet_getBlobsBundle', async () => {
    const { chain, rpc, mineSlot } = await node({ fork: 'prague' });
    const kzg = devnetKzg();
    type Hex = `0x${string}`;
    const blob = bytesToHex(encodeBlob(new TextEncoder().encode('vigil: a blob through eth_sendRawTransaction'))) as Hex;
    const commitment = kzg.blobToKzgCommitment(blob) as Hex;
    const proof = kzg.computeBlobProof(blob, commitment) as Hex;
    const tx = createBlob4844Tx(
      {
        nonce: 0n, to: chain.accounts[5]!.address, gasLimit: 21_000n, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n, maxFeePerBlobGas: 10n ** 10n,
        chainId: chain.chainId, networkWrapperVersion: 0, blobVersionedHashes: [computeVersionedHash(commitment, 1)], blobs: [blob], kzgCommitments: [commitment], kzgProofs: [proof],
      },
      { common: chain.head().common },
    ).sign(chain.accounts[0]!.privateKey);
    const hash = await rpc('eth_sendRawTransaction', [bytesToHex(tx.serializeNetworkWrapper())]);
    expect(hash).toBe(bytesToHex(tx.hash()));
    const block = await mineSlot();
    verifyBlockBody(verifyRpcHeader(block, hexToBytes(block.hash)), hexToBytes(block.hash), block);
    expect(block.blobGasUsed).toBe('0x20000');
    expect(block.transactions[0]).toMatchObject({ hash, type: '0x3', maxFeePerBlobGas: bigIntToHex(10n ** 10n), blobVersionedHashes: [computeVersionedHash(commitment, 1)] });
    expect(await rpc('eth_getRawTransactionByHash', [hash])).toBe(bytesToHex(tx.serialize()));
    expect(await rpc('eth_getTransactionReceipt', [hash])).toMatchObject({ type: '0x3', blobGasUsed: '0x20000', blobGasPrice: '0x1', status: '0x1' });
    expect(await rpc('devnet_getBlobsBundle', [block.hash])).toEqual({ commitments: [commitment], proofs: [proof], blobs: [blob], wrapperVersion: '0x0' });
    const history = await rpc('eth_feeHistory', [1, 'latest']);
    expect(history.blobGasUsedRatio).toEqual([131_072 / Number(chain.head().common.getBlobGasSchedule().maxBlobGasPerBlock)]);
  });

  it('Amsterdam from its timestamp: blockAccessListHash and slotNumber in the block JSON, and eth_getBlockAccessList', async () => {
    const { rpc, mineSlot } = await node({ fork: 'osaka', amsterdamTime: GENESIS + 24n });
    const osaka = await mineSlot();
    expect(osaka.blockAccessListHash).toBeUndefined();
    await expect(rpc('eth_getBlockAccessList', [osaka.hash])).rejects.toMatchObject({ code: -32000 });
    // To an account that exists: gas estimated at Osaka (21,000) would not pay for a new account at
    // Amsterdam (EIP-8037), and this transaction lands in the first Amsterdam block.
    const [from, , , to] = await rpc('eth_accounts');
    await rpc('eth_sendTransaction', [{ from, to, value: '0x5' }]);
    const amsterdam = await mineSlot();
    const header = verifyRpcHeader(amsterdam, hexToBytes(amsterdam.hash));
    expect(header.slotNumber).toBe(2n);
    expect(amsterdam.slotNumber).toBe('0x2');
    expect(amsterdam.blockAccessListHash).toMatch(/^0x[0-9a-f]{64}$/);
    const list = (await rpc('eth_getBlockAccessList', ['latest'])) as Json[];
    expect(Array.isArray(list)).toBe(true);
    expect(list.find((a) => a.address === to)?.balanceChanges).toEqual([{ index: '0x1', value: bigIntToHex(10n ** 24n + 5n) }]);
    expect((await rpc('eth_getTransactionReceipt', [amsterdam.transactions[0].hash])).status).toBe('0x1');
    expect(await rpc('eth_getBlockAccessList', ['0x99'])).toBeNull();
  });
});
