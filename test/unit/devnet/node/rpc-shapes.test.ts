/**
 * The ethereumjs node's JSON-RPC answers, in process (createDevChain + createRpc, and the HTTP
 * server for what only HTTP shows): block, transaction, receipt and log shapes checked by Vigil's
 * own parsers and verifiers (header hash, transactions and withdrawals roots, receipts root,
 * EIP-1186 proofs at a past block and of an absent account), block tags and EIP-1898 hashes,
 * revert data as error 3, eth_getLogs filters, fee methods, batches and errors, devnet_mine's
 * beacon root in the header and in the EIP-4788 contract, snapshots, evm_increaseTime.
 */
import { createCustomCommon, Mainnet } from '@ethereumjs/common';
import { createFeeMarket1559Tx } from '@ethereumjs/tx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { verifyBlockBody } from '../../../../src/execution/block-body.ts';
import { verifyBlockReceipts } from '../../../../src/execution/block-receipts.ts';
import { verifyRpcHeader } from '../../../../src/execution/header.ts';
import { createDevChain } from '../../../../src/devnet/execution/node/chain.ts';
import { createRpc } from '../../../../src/devnet/execution/node/rpc.ts';
import { type RpcServer, serveRpc } from '../../../../src/devnet/execution/node/server.ts';
import { BEACON_ROOTS } from '../../../../src/devnet/execution/node/system-contracts.ts';
import type { DevChain } from '../../../../src/devnet/execution/node/types.ts';
import { storageContractInitCode } from '../../../../src/devnet/execution/dev-tx.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../../../../src/proofs/eip1186.ts';
import { parseRpcReceipt } from '../../../../src/proofs/receipts.ts';

type Json = Record<string, any>;
const GENESIS = 1_700_000_000n;
let chain: DevChain;
let answer: ReturnType<typeof createRpc>;
let server: RpcServer;
let clock = GENESIS + 100n;
let dev: `0x${string}`[];

class RpcFailure extends Error {
  constructor(readonly error: { code: number; message: string; data?: string }) {
    super(`${error.code}: ${error.message}`);
  }
}
let nextId = 1;
async function rpc(method: string, params: unknown[] = []): Promise<any> {
  const response = (await answer({ jsonrpc: '2.0', id: nextId++, method, params })) as Json;
  if (response.error) throw new RpcFailure(response.error);
  return response.result;
}
const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('expected an error'), (e: unknown) => (e as RpcFailure).error);
const post = async (body: string) => (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json() as Promise<any>;

/** Deploys `runtime` (hex, no 0x) with the 9-byte copier in front; mines; returns the address. */
async function deploy(runtime: string): Promise<string> {
  const init = '0x60' + (runtime.length / 2).toString(16).padStart(2, '0') + '8060095f395ff3' + runtime;
  const hash = await rpc('eth_sendTransaction', [{ from: dev[0], data: init }]);
  await rpc('evm_mine');
  return (await rpc('eth_getTransactionReceipt', [hash])).contractAddress;
}
/** Error("nope"), ABI-encoded. */
const REVERT_DATA = '08c379a0' + bytesToHex(bigIntToBytesPadded(32n, 32)).slice(2) + bytesToHex(bigIntToBytesPadded(4n, 32)).slice(2) + '6e6f7065'.padEnd(64, '0');
/** Copies REVERT_DATA (after its 10 bytes of code) to memory and reverts with it. */
const REVERTER = '6064600a5f39' + '60645ffd' + REVERT_DATA;
const TOPIC = '0x' + 'ab'.repeat(32);
/** LOG2(topic0 = TOPIC, topic1 = calldata[0:32]) with data calldata[32:64]. */
const LOGGER = '602035' + '5f52' + '5f35' + '7f' + TOPIC.slice(2) + '6020' + '5f' + 'a2' + '00';
const word = (n: bigint) => bytesToHex(bigIntToBytesPadded(n, 32));

let reverter: string;
let logger: string;
let storage: string;
let storageBlock: string;

beforeAll(async () => {
  chain = await createDevChain({ fork: 'osaka', genesisTimestamp: GENESIS, chainId: 31337n });
  answer = createRpc(chain, { clock: () => clock });
  server = await serveRpc(answer, 0, { maxBytes: 4096 });
  dev = await rpc('eth_accounts');
  reverter = await deploy(REVERTER);
  logger = await deploy(LOGGER);
  const hash = await rpc('eth_sendTransaction', [{ from: dev[0], data: storageContractInitCode([[0n, 42n], [1n, 7n]]) }]);
  await rpc('evm_mine');
  const receipt = await rpc('eth_getTransactionReceipt', [hash]);
  storage = receipt.contractAddress;
  storageBlock = receipt.blockNumber;
  for (const [a, b] of [[1n, 10n], [2n, 20n], [1n, 30n]] as const) {
    await rpc('eth_sendTransaction', [{ from: dev[1], to: logger, data: word(a) + word(b).slice(2) }]);
  }
  await rpc('eth_sendTransaction', [{ from: dev[2], to: dev[3], value: '0x1' }]);
  await rpc('evm_mine');
});

afterAll(async () => {
  await server?.close();
});

describe('blocks', () => {
  it('prints every header field, hashing to the block hash, with size, uncles, totalDifficulty and withdrawals', async () => {
    const block = (await rpc('eth_getBlockByNumber', ['latest', false])) as Json;
    const header = verifyRpcHeader(block, hexToBytes(block.hash));
    expect(header.number).toBe(4n);
    for (const key of ['baseFeePerGas', 'withdrawalsRoot', 'blobGasUsed', 'excessBlobGas', 'parentBeaconBlockRoot', 'requestsHash']) expect(block[key], key).toMatch(/^0x/);
    expect(block.blockAccessListHash).toBeUndefined();
    expect(block).toMatchObject({ uncles: [], totalDifficulty: '0x0', withdrawals: [] });
    expect(Number(block.size)).toBeGreaterThan(500);
    expect(block.transactions).toHaveLength(4);
    expect(block.transactions.every((t: unknown) => typeof t === 'string' && t.length === 66)).toBe(true);
    expect(await rpc('eth_getBlockByHash', [block.hash, false])).toEqual(block);
  });

  it('prints full transactions that verify against transactionsRoot, each with its block, index and sender', async () => {
    const block = (await rpc('eth_getBlockByNumber', ['latest', true])) as Json;
    const verified = verifyBlockBody(verifyRpcHeader(block, hexToBytes(block.hash)), hexToBytes(block.hash), block);
    expect(verified.transactions.map((t) => bytesToHex(t.from!))).toEqual([dev[1], dev[1], dev[1], dev[2]]);
    block.transactions.forEach((t: Json, i: number) => expect(t).toMatchObject({ blockHash: block.hash, blockNumber: block.number, transactionIndex: bigIntToHex(i), type: '0x2' }));
    expect(await rpc('eth_getTransactionByBlockNumberAndIndex', ['latest', '0x3'])).toEqual(block.transactions[3]);
    expect(await rpc('eth_getTransactionByBlockHashAndIndex', [block.hash, '0x1'])).toEqual(block.transactions[1]);
    expect(await rpc('eth_getTransactionByHash', [block.transactions[2].hash])).toEqual(block.transactions[2]);
    const raw = await rpc('eth_getRawTransactionByHash', [block.transactions[2].hash]);
    expect(bytesToHex(keccak256(hexToBytes(raw)))).toBe(block.transactions[2].hash);
    expect(await rpc('eth_getBlockTransactionCountByHash', [block.hash])).toBe('0x4');
    expect(await rpc('eth_getTransactionByBlockNumberAndIndex', ['latest', '0x9'])).toBeNull();
  });

  it('resolves tags, numbers and EIP-1898 hashes; unknown blocks are null, or "header not found" for state', async () => {
    const latest = (await rpc('eth_getBlockByNumber', ['latest', false])) as Json;
    for (const tag of ['safe', 'finalized']) expect((await rpc('eth_getBlockByNumber', [tag, false])).hash).toBe(latest.hash);
    expect(await rpc('eth_getBlockByNumber', ['pending', false])).toMatchObject({ hash: null, parentHash: latest.hash, number: bigIntToHex(hexToBigInt(latest.number) + 1n), transactions: [] });
    expect((await rpc('eth_getBlockByNumber', ['earliest', false])).number).toBe('0x0');
    expect(await rpc('eth_getBlockByNumber', ['0x99', false])).toBeNull();
    expect(await rpc('eth_getBlockByHash', ['0x' + '00'.repeat(32), false])).toBeNull();
    expect(await rpc('eth_blockNumber')).toBe(latest.number);
    const genesisBalance = await rpc('eth_getBalance', [dev[2], 'earliest']);
    expect(await rpc('eth_getBalance', [dev[2], { blockHash: (await rpc('eth_getBlockByNumber', ['0x0', false])).hash }])).toBe(genesisBalance);
    expect(await rpc('eth_getBalance', [dev[2], { blockNumber: '0x0' }])).toBe(genesisBalance);
    expect(hexToBigInt(await rpc('eth_getBalance', [dev[2], latest.hash]))).toBeLessThan(hexToBigInt(genesisBalance));
    expect(await failure(rpc('eth_getBalance', [dev[2], '0x99']))).toEqual({ code: -32000, message: 'header not found' });
    expect(await rpc('eth_getUncleCountByBlockNumber', ['latest'])).toBe('0x0');
    expect(await rpc('eth_getUncleByBlockNumberAndIndex', ['latest', '0x0'])).toBeNull();
  });
});

describe('receipts and logs', () => {
  it('prints receipts that rebuild receiptsRoot, with gas, prices, senders and indexed logs', async () => {
    const block = (await rpc('eth_getBlockByNumber', ['latest', true])) as Json;
    const receipts = (await rpc('eth_getBlockReceipts', ['latest'])) as Json[];
    const verified = verifyBlockBody(verifyRpcHeader(block, hexToBytes(block.hash)), hexToBytes(block.hash), block);
    verifyBlockReceipts(verified, receipts.map((r) => parseRpcReceipt(r)));
    expect(receipts.map((r) => r.logs.map((l: Json) => l.logIndex)).flat()).toEqual(['0x0', '0x1', '0x2']);
    expect(receipts[3]).toMatchObject({ status: '0x1', gasUsed: '0x5208', from: dev[2], to: dev[3], contractAddress: null, transactionIndex: '0x3', blockHash: block.hash, type: '0x2' });
    expect(hexToBigInt(receipts[0]!.effectiveGasPrice)).toBe(hexToBigInt(block.baseFeePerGas) + hexToBigInt(block.transactions[0].maxPriorityFeePerGas));
    expect(receipts[0]!.logs[0]).toEqual({
      address: logger, topics: [TOPIC, word(1n)], data: word(10n), blockNumber: block.number, transactionHash: block.transactions[0].hash,
      transactionIndex: '0x0', blockHash: block.hash, blockTimestamp: block.timestamp, logIndex: '0x0', removed: false,
    });
    expect(await rpc('eth_getTransactionReceipt', [block.transactions[2].hash])).toEqual(receipts[2]);
    expect(await rpc('eth_getBlockReceipts', [block.hash])).toEqual(receipts);
    const deployment = await rpc('eth_getBlockReceipts', [storageBlock]);
    expect(deployment[0].contractAddress).toBe(storage);
  });

  it('filters logs by range, block hash, addresses and topic lists with null', async () => {
    const logs = async (filter: Json) => ((await rpc('eth_getLogs', [filter])) as Json[]).map((l) => hexToBigInt(l.data));
    expect(await logs({})).toEqual([10n, 20n, 30n]);
    expect(await logs({ fromBlock: '0x0', toBlock: 'latest', address: [storage, logger] })).toEqual([10n, 20n, 30n]);
    expect(await logs({ fromBlock: '0x0', toBlock: '0x3' })).toEqual([]);
    expect(await logs({ blockHash: (await rpc('eth_getBlockByNumber', ['latest', false])).hash, topics: [null, word(1n)] })).toEqual([10n, 30n]);
    expect(await logs({ fromBlock: 'earliest', topics: [[TOPIC], [word(2n), word(9n)]] })).toEqual([20n]);
    expect(await logs({ fromBlock: 'earliest', topics: [TOPIC, null, null] })).toEqual([]);
    expect(await logs({ fromBlock: 'earliest', address: storage })).toEqual([]);
    expect(await failure(rpc('eth_getLogs', [{ fromBlock: '0x3', toBlock: '0x1' }]))).toMatchObject({ code: -32602 });
    expect(await failure(rpc('eth_getLogs', [{ blockHash: '0x' + '11'.repeat(32) }]))).toEqual({ code: -32000, message: 'unknown block' });
    expect(await failure(rpc('eth_getLogs', [{ blockHash: '0x' + '11'.repeat(32), fromBlock: '0x1' }]))).toMatchObject({ code: -32602 });
  });
});

describe('state', () => {
  it('serves eth_getProof at a past block, verified by Vigil, its keys echoed as go-ethereum echoes them', async () => {
    const block = await rpc('eth_getBlockByNumber', [storageBlock, false]);
    const keys = ['0x0', '0x01', '0x' + '00'.repeat(31) + '01', '0x5'];
    const raw = (await rpc('eth_getProof', [storage, keys, storageBlock])) as Json;
    expect(raw.storageProof.map((s: Json) => s.key)).toEqual(['0x0', '0x1', '0x' + '00'.repeat(31) + '01', '0x5']);
    const proven = verifyGetProofResponse(hexToBytes(block.stateRoot), parseGetProofResponse(raw));
    expect(proven.storage.map((s) => s.value)).toEqual([42n, 7n, 7n, 0n]);
    expect(hexToBigInt(await rpc('eth_getStorageAt', [storage, '0x0', storageBlock]))).toBe(42n);
    expect(await rpc('eth_getStorageAt', [storage, '0x1', 'latest'])).toBe(word(7n));
    expect(await rpc('eth_getCode', [storage, 'latest'])).toBe('0x60005460005260206000f3');
    expect(await rpc('eth_getCode', [storage, '0x1'])).toBe('0x');
  });

  it('answers every key of an absent account with 0 and an empty proof (as go-ethereum)', async () => {
    const absent = '0x' + '42'.repeat(20);
    const raw = (await rpc('eth_getProof', [absent, ['0x1', '0x' + 'ff'.repeat(32)], '0x2'])) as Json;
    expect(raw.storageProof).toEqual([
      { key: '0x1', value: '0x0', proof: [] },
      { key: '0x' + 'ff'.repeat(32), value: '0x0', proof: [] },
    ]);
    const proven = verifyGetProofResponse(hexToBytes((await rpc('eth_getBlockByNumber', ['0x2', false])).stateRoot), parseGetProofResponse(raw));
    expect(proven.account.exists).toBe(false);
    expect(proven.storage.map((s) => s.value)).toEqual([0n, 0n]);
  });

  it('answers a reverted call with error 3, the reason and the revert data (-32000 when it has none)', async () => {
    const error = await failure(rpc('eth_call', [{ to: reverter }, 'latest']));
    expect(error.code).toBe(3);
    expect(error.message).toBe('execution reverted: nope');
    expect(error.data).toBe('0x' + REVERT_DATA);
    const estimate = await failure(rpc('eth_estimateGas', [{ from: dev[0], to: reverter }]));
    expect(estimate).toMatchObject({ code: 3, message: 'execution reverted: nope', data: error.data });
    // A revert without data is -32000 with no data, as go-ethereum answers it.
    expect(await failure(rpc('eth_call', [{ data: '0x5f5ffd' }, 'latest']))).toEqual({ code: -32000, message: 'execution reverted' });
    expect(await failure(rpc('eth_estimateGas', [{ data: '0x5f5ffd' }]))).toEqual({ code: -32000, message: 'execution reverted' });
    expect(await rpc('eth_call', [{ to: storage }, 'latest'])).toBe(word(42n));
  });

  it('counts pending transactions in the pending nonce, and returns them without a block', async () => {
    const nonce = hexToBigInt(await rpc('eth_getTransactionCount', [dev[4], 'latest']));
    const signed = createFeeMarket1559Tx(
      { nonce, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 9n, gasLimit: 21_000n, to: hexToBytes(dev[5]), value: 5n, chainId: 31337n },
      { common: createCustomCommon({ chainId: 31337 }, Mainnet) },
    ).sign(chain.accounts[4]!.privateKey);
    const hash = await rpc('eth_sendRawTransaction', [bytesToHex(signed.serialize())]);
    expect(hash).toBe(bytesToHex(signed.hash()));
    expect(hexToBigInt(await rpc('eth_getTransactionCount', [dev[4], 'pending']))).toBe(nonce + 1n);
    expect(await rpc('eth_getTransactionCount', [dev[4], 'latest'])).toBe(bigIntToHex(nonce));
    expect(await rpc('eth_getTransactionByHash', [hash])).toMatchObject({ hash, from: dev[4], blockHash: null, gasPrice: bigIntToHex(10n ** 11n) });
    expect(await rpc('eth_getRawTransactionByHash', [hash])).toBe(bytesToHex(signed.serialize()));
    // The pending block lists it (the reorg fault reads this to send it again after a revert).
    expect((await rpc('eth_getBlockByNumber', ['pending', true])).transactions).toMatchObject([{ hash, from: dev[4], blockHash: null }]);
    expect(await rpc('eth_getTransactionReceipt', [hash])).toBeNull();
    await rpc('evm_mine');
    expect((await rpc('eth_getTransactionReceipt', [hash])).status).toBe('0x1');
  });
});

describe('fees', () => {
  it('serves gas price, tip, blob base fee and a fee history of the right lengths', async () => {
    const head = await rpc('eth_getBlockByNumber', ['latest', false]);
    expect(await rpc('eth_maxPriorityFeePerGas')).toBe('0x3b9aca00');
    expect(hexToBigInt(await rpc('eth_gasPrice'))).toBe(hexToBigInt(head.baseFeePerGas) + 10n ** 9n);
    expect(await rpc('eth_blobBaseFee')).toBe('0x1');
    const history = (await rpc('eth_feeHistory', ['0x3', 'latest', [0, 50, 100]])) as Json;
    expect(history.oldestBlock).toBe(bigIntToHex(hexToBigInt(head.number) - 2n));
    expect(history.baseFeePerGas).toHaveLength(4);
    expect(history.baseFeePerGas[2]).toBe(head.baseFeePerGas);
    expect(history.gasUsedRatio).toHaveLength(3);
    expect(history.baseFeePerBlobGas).toEqual(['0x1', '0x1', '0x1', '0x1']);
    expect(history.blobGasUsedRatio).toEqual([0, 0, 0]);
    expect(history.reward).toHaveLength(3);
    expect(history.reward[2]).toEqual(['0x3b9aca00', '0x3b9aca00', '0x3b9aca00']);
    expect((await rpc('eth_feeHistory', [100, '0x1'])).baseFeePerGas).toHaveLength(3);
    expect(await failure(rpc('eth_feeHistory', [2, 'latest', [50, 10]]))).toMatchObject({ code: -32602 });
  });
});

describe('devnet methods', () => {
  it('devnet_mine puts the slot fields in the header, and the beacon root in the EIP-4788 contract', async () => {
    const head = await rpc('eth_getBlockByNumber', ['latest', false]);
    const timestamp = hexToBigInt(head.timestamp) + 12n;
    const root = '0x' + 'be'.repeat(32);
    const recipient = '0x' + 'fe'.repeat(20);
    const withdrawal = { index: '0x7', validatorIndex: '0x3', address: '0x' + '77'.repeat(20), amount: '0x3b9aca00' };
    const hash = await rpc('devnet_mine', [{ timestamp: bigIntToHex(timestamp), parentBeaconBlockRoot: root, feeRecipient: recipient, prevRandao: '0x' + '52'.repeat(32), withdrawals: [withdrawal] }]);
    const block = await rpc('eth_getBlockByHash', [hash, false]);
    verifyRpcHeader(block, hexToBytes(hash));
    expect(block).toMatchObject({ parentBeaconBlockRoot: root, miner: recipient, mixHash: '0x' + '52'.repeat(32), timestamp: bigIntToHex(timestamp), withdrawals: [withdrawal] });
    expect(await rpc('eth_getBalance', [withdrawal.address, 'latest'])).toBe(bigIntToHex(10n ** 18n));
    expect(await rpc('eth_call', [{ to: BEACON_ROOTS.address, data: word(timestamp) }, 'latest'])).toBe(root);
    expect(await failure(rpc('devnet_mine', [{ timestamp: bigIntToHex(timestamp), parentBeaconBlockRoot: root, feeRecipient: recipient, prevRandao: root }]))).toMatchObject({ code: -32000 });
    expect(await failure(rpc('devnet_mine', [{ timestamp: '0x1' }]))).toMatchObject({ code: -32602 });
  });

  it('evm_mine derives the slot fields from the timestamp; evm_increaseTime moves the default timestamp', async () => {
    clock = hexToBigInt((await rpc('eth_getBlockByNumber', ['latest', false])).timestamp) + 5n;
    await rpc('evm_mine');
    const first = await rpc('eth_getBlockByNumber', ['latest', false]);
    expect(hexToBigInt(first.timestamp)).toBe(clock);
    expect(await rpc('evm_increaseTime', [100])).toBe(100);
    await rpc('evm_mine');
    expect(hexToBigInt((await rpc('eth_getBlockByNumber', ['latest', false])).timestamp)).toBe(clock + 100n);
    await rpc('evm_mine'); // the clock has not moved: one second after the head
    const third = await rpc('eth_getBlockByNumber', ['latest', false]);
    expect(hexToBigInt(third.timestamp)).toBe(clock + 101n);
    expect(await rpc('eth_call', [{ to: BEACON_ROOTS.address, data: word(hexToBigInt(third.timestamp)) }, 'latest'])).toBe(third.parentBeaconBlockRoot);
    expect(third.parentBeaconBlockRoot).not.toBe(first.parentBeaconBlockRoot);
  });

  it('evm_snapshot and evm_revert drop later blocks and their transactions; what is pending stays pending', async () => {
    const head = await rpc('eth_getBlockByNumber', ['latest', false]);
    const id = await rpc('evm_snapshot');
    const hash = await rpc('eth_sendTransaction', [{ from: dev[6], to: dev[7], value: '0x3' }]);
    await rpc('evm_mine');
    expect((await rpc('eth_getTransactionReceipt', [hash])).status).toBe('0x1');
    const dropped = await rpc('eth_getBlockByNumber', ['latest', false]);
    const pendingHash = await rpc('eth_sendTransaction', [{ from: dev[8], to: dev[7], value: '0x2' }]);
    expect(await rpc('evm_revert', [id])).toBe(true);
    expect(await rpc('eth_getBlockByNumber', ['latest', false])).toEqual(head);
    expect(await rpc('eth_getBlockByHash', [dropped.hash, false])).toBeNull();
    // Mined in a dropped block: gone until sent again. Pending at the revert: still pending.
    expect(await rpc('eth_getTransactionReceipt', [hash])).toBeNull();
    expect(await rpc('eth_getTransactionByHash', [hash])).toBeNull();
    expect((await rpc('eth_getTransactionByHash', [pendingHash])).blockHash).toBeNull();
    expect(await rpc('evm_revert', [id])).toBe(false);
  });

  it('devnet_getBlobsBundle is empty for a block without blob transactions, null for an unknown one', async () => {
    const head = await rpc('eth_getBlockByNumber', ['latest', false]);
    expect(await rpc('devnet_getBlobsBundle', [head.hash])).toEqual({ commitments: [], proofs: [], blobs: [], wrapperVersion: '0x1' });
    expect(await rpc('devnet_getBlobsBundle', ['0x' + '00'.repeat(32)])).toBeNull();
  });
});

describe('JSON-RPC envelope', () => {
  it('answers batches in order, each element on its own, and refuses an empty or oversized one', async () => {
    const batch = [
      { jsonrpc: '2.0', id: 'a', method: 'evm_mine', params: [] },
      { jsonrpc: '2.0', id: 7, method: 'eth_getBlockByNumber', params: ['latest', false] },
      { jsonrpc: '2.0', id: 8, method: 'eth_nope', params: [] },
      { jsonrpc: '2.0', id: 9, method: 'eth_getBalance', params: ['0x12', 'latest'] },
      'not a request',
    ];
    const before = hexToBigInt(await rpc('eth_blockNumber'));
    const out = (await post(JSON.stringify(batch))) as Json[];
    expect(out.map((r) => r.id)).toEqual(['a', 7, 8, 9, null]);
    expect(out[0]).toEqual({ jsonrpc: '2.0', id: 'a', result: '0x0' });
    expect(hexToBigInt(out[1]!.result.number)).toBe(before + 1n);
    expect(out[2]!.error).toEqual({ code: -32601, message: 'the method eth_nope does not exist/is not available' });
    expect(out[3]!.error.code).toBe(-32602);
    expect(out[4]!.error.code).toBe(-32600);
    expect(await post('[]')).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await post(JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'eth_chainId' }))))).toMatchObject({ error: { code: -32600 } });
  });

  it('answers a parse error, an unknown method, bad params, and a body over the bound', async () => {
    expect(await post('{')).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
    expect(await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'hardhat_setCode', params: [] }))).toMatchObject({ id: 1, error: { code: -32601 } });
    expect(await failure(rpc('eth_getBlockByNumber', [{ blockHash: '0x00' }, false]))).toMatchObject({ code: -32602 });
    expect(await failure(rpc('eth_getBalance', [dev[0], 'latest', 'extra']))).toMatchObject({ code: -32602, message: 'invalid argument: too many arguments, want at most 2' });
    expect(await failure(rpc('eth_sendTransaction', [{ to: dev[0] }]))).toMatchObject({ code: -32602 });
    expect(await failure(rpc('eth_sendTransaction', [{ from: '0x' + '99'.repeat(20), to: dev[0] }]))).toMatchObject({ code: -32000 });
    const response = await fetch(server.url, { method: 'POST', body: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect((await fetch(server.url)).status).toBe(405);
    expect(await rpc('web3_clientVersion')).toMatch(/^vigil-devnet\//);
    expect(await rpc('net_version')).toBe('31337');
  });
});
