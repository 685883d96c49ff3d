/**
 * The chain methods against the execution-apis test chain: every recorded request whose answer
 * Vigil can prove with the data the fake node has gets geth's answer exactly; the others are
 * listed with what Vigil answers instead, and why.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../src/client/verified/execution-rpc.ts';
import { VerifiedChain } from '../../../src/client/verified/chain.ts';
import { VerifiedHeaders } from '../../../src/client/verified/headers.ts';
import { VigilError } from '../../../src/core/errors.ts';
import { CHAIN_METHODS, type ChainReader, handleChainMethod, isChainMethod, LIMIT_EXCEEDED } from '../../../src/provider/chain-methods.ts';
import { ProviderRpcError, RpcErrorCode } from '../../../src/provider/errors.ts';
import { anchorsAt, type ChainServer, startChainServer } from '../client/verified/chain-server.ts';
import { io } from '../execution/helpers.ts';

let server: ChainServer;
let chain: VerifiedChain;

beforeAll(async () => {
  server = await startChainServer();
  const rpc = new ExecutionRpc({ endpoints: [server.url], timeoutMs: 120_000 });
  // geth's test node calls its head finalized and safe too.
  chain = new VerifiedChain({ rpc, headers: new VerifiedHeaders({ rpc, anchors: () => anchorsAt(54, 54) }), maxLogRange: 100 });
});
afterAll(() => server.close());

/**
 * Recorded requests Vigil answers otherwise. A block above the newest verified head is
 * BLOCK_NOT_VERIFIED, not null (a node answers null for a block it does not have yet; Vigil
 * cannot tell "none" from "not verified yet"). NOT_AVAILABLE: the fake node lacks receipts that
 * the proof needs (geth recorded only some).
 */
const DEPARTURES: Record<string, string> = {
  'eth_getBlockByNumber/get-block-notfound.io': 'BLOCK_NOT_VERIFIED',
  'eth_getBlockReceipts/get-block-receipts-future.io': 'BLOCK_NOT_VERIFIED',
  'eth_getLogs/filter-error-future-block-range.io': 'BLOCK_NOT_VERIFIED',
  'eth_getLogs/contract-addr.io': 'NOT_AVAILABLE',
  'eth_getLogs/filter-with-blockHash.io': 'NOT_AVAILABLE',
  'eth_getLogs/filter-with-blockHash-and-topics.io': 'NOT_AVAILABLE',
  'eth_getLogs/topic-exact-match.io': 'NOT_AVAILABLE',
  'eth_getLogs/topic-null-wildcard.io': 'NOT_AVAILABLE',
  'eth_getLogs/topic-wildcard.io': 'NOT_AVAILABLE',
  'eth_getTransactionReceipt/get-access-list.io': 'NOT_AVAILABLE',
  'eth_getTransactionReceipt/get-blob-tx.io': 'NOT_AVAILABLE',
  'eth_getTransactionReceipt/get-dynamic-fee.io': 'NOT_AVAILABLE',
  'eth_getTransactionReceipt/get-legacy-receipt.io': 'NOT_AVAILABLE',
  'eth_getTransactionReceipt/get-setcode-tx.io': 'NOT_AVAILABLE',
};

const recorded = CHAIN_METHODS.flatMap((method) => {
  let files: string[] = [];
  try {
    files = readdirSync(new URL(`../../fixtures/execution-apis/${method}/`, import.meta.url));
  } catch {
    return [];
  }
  return files.map((f) => `${method}/${f}`);
});

describe('chain methods', () => {
  it('cover every method the issue names', () => {
    expect(recorded.length).toBeGreaterThan(40);
    expect(isChainMethod('eth_getLogs')).toBe(true);
    expect(isChainMethod('eth_call')).toBe(false);
  });

  it.each(recorded)('%s', async (file) => {
    const { request, response } = io(file);
    const answer = handleChainMethod(chain, request.method, request.params);
    if (DEPARTURES[file]) {
      await expect(answer).rejects.toSatisfy((err: unknown) => err instanceof VigilError && err.code === DEPARTURES[file]);
    } else if (response.error) {
      await expect(answer).rejects.toSatisfy((err: unknown) => err instanceof ProviderRpcError && err.code === response.error.code);
    } else {
      expect(await answer).toEqual(response.result);
    }
  });

  const never: ChainReader = new Proxy({} as ChainReader, { get: () => () => Promise.reject(new Error('not to be called')) });
  it.each([
    ['eth_getBlockByNumber', ['latest']],
    ['eth_getBlockByNumber', ['latest', 'yes']],
    ['eth_getBlockByNumber', ['next', false]],
    ['eth_getBlockByNumber', ['0x' + '1'.repeat(17), false]],
    ['eth_getBlockByHash', ['0x12', false]],
    ['eth_getTransactionByHash', []],
    ['eth_getTransactionByHash', [42]],
    ['eth_getTransactionByBlockNumberAndIndex', ['latest', '0x1ffffffff']],
    ['eth_getBlockReceipts', [{ blockHash: '0x' + '00'.repeat(32), blockNumber: '0x1' }]],
    ['eth_getLogs', ['latest']],
    ['eth_getLogs', [{ fromBlock: '0x5', toBlock: '0x4' }]],
    ['eth_getLogs', [{ blockHash: '0x' + '00'.repeat(32), fromBlock: '0x1' }]],
    ['eth_getLogs', [{ address: '0x1234' }]],
    ['eth_getLogs', [{ topics: [null, null, null, null, null] }]],
  ])('%s %j: INVALID_PARAMS, as nodes check them', async (method, params) => {
    await expect(handleChainMethod(never, method as never, params)).rejects.toSatisfy(
      (err: unknown) => err instanceof ProviderRpcError && err.code === RpcErrorCode.INVALID_PARAMS,
    );
  });

  it('maps query limits to -32005 and a reversed tag range to -32602', async () => {
    const rpc = new ExecutionRpc({ endpoints: [server.url], timeoutMs: 120_000 });
    const small = new VerifiedChain({ rpc, headers: new VerifiedHeaders({ rpc, anchors: () => anchorsAt(54, 54) }), maxLogRange: 10 });
    await expect(handleChainMethod(small, 'eth_getLogs', [{ fromBlock: '0x0', toBlock: 'latest' }])).rejects.toSatisfy(
      (err: unknown) => err instanceof ProviderRpcError && err.code === LIMIT_EXCEEDED && (err.data as { code: string }).code === 'QUERY_LIMIT_EXCEEDED',
    );
    await expect(handleChainMethod(chain, 'eth_getLogs', [{ fromBlock: 'latest', toBlock: '0x1' }])).rejects.toSatisfy(
      (err: unknown) => err instanceof ProviderRpcError && err.code === RpcErrorCode.INVALID_PARAMS,
    );
  });

  it('reads EIP-1898 block objects and tags; counts uncles from the verified header', async () => {
    const byHash = await handleChainMethod(chain, 'eth_getBlockReceipts', [{ blockHash: io('eth_getBlockReceipts/get-block-receipts-by-hash.io').request.params[0] }]);
    expect(byHash).toEqual(io('eth_getBlockReceipts/get-block-receipts-by-hash.io').response.result);
    expect(await handleChainMethod(chain, 'eth_getUncleCountByBlockNumber', ['latest'])).toBe('0x0');
    expect(await handleChainMethod(chain, 'eth_getUncleCountByBlockNumber', ['0x3'])).toBe('0x1');
    expect(await handleChainMethod(chain, 'eth_getUncleCountByBlockHash', ['0x' + '00'.repeat(32)])).toBeNull();
    expect(await handleChainMethod(chain, 'eth_getBlockTransactionCountByNumber', [{ blockNumber: '0x1' }].map((o) => o.blockNumber))).toBe('0x4');
  });
});
