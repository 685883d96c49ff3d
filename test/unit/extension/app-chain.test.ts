/**
 * Pages' chain reads and fees through the app host (src/extension/app-host.ts app:chain and
 * app:fees, src/extension/services.ts appChainCall and appFees) over the in-page link, against
 * the same reads run in place (src/provider/chain-call.ts) over the execution-apis test chain:
 * the same answers, the same errors (a verification failure keeps its code, a quota its
 * resource), and one budget per origin (the service worker's levels go along, the app host's
 * spends come back).
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExecutionRpc } from '../../../src/client/verified/execution-rpc.ts';
import { ChainExecutionService } from '../../../src/client/verified/chain-execution.ts';
import { executionReader } from '../../../src/client/verified/execution-reader.ts';
import type { L1Snapshot } from '../../../src/client/rollups/session.ts';
import type { HeadView } from '../../../src/client/light-client/session-status.ts';
import { defaultSettings } from '../../../src/client/network/settings.ts';
import { localCalls } from '../../../src/client/verified/execution.ts';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { blockEnvToJson } from '../../../src/execution/block-env.ts';
import { ExecutionEngine } from '../../../src/execution/engine.ts';
import { NETWORKS } from '../../../src/l1/networks.ts';
import { parseNetworkConfig } from '../../../src/l1/config.ts';
import { AppHost } from '../../../src/extension/app-host.ts';
import { inPageLink, type LinkRequest } from '../../../src/extension/link.ts';
import { appChainCall, appFees } from '../../../src/extension/services.ts';
import { chainCall } from '../../../src/provider/chain-call.ts';
import { ProviderRpcError } from '../../../src/provider/errors.ts';
import { createRequestHandler, type ProviderBackend, type VerificationFailure } from '../../../src/provider/handler.ts';
import { applySpends, OriginQuotas } from '../../../src/provider/quotas.ts';
import { CallBatchStore } from '../../../src/storage/call-batches.ts';
import { openVigilDb, type VigilDb } from '../../../src/storage/db.ts';
import { ExitRepo } from '../../../src/storage/exits.ts';
import { L2TransferRepo } from '../../../src/storage/l2-transfers.ts';
import { WalletRepo } from '../../../src/storage/wallet.ts';
import { CALL_ENV } from '../provider/helpers.ts';
import { anchorsAt, type ChainServer, chainBlocks, startChainServer } from '../client/verified/chain-server.ts';

const PAGE = 'https://app.example';
const chain = chainBlocks();
let server: ChainServer;
const dbs: VigilDb[] = [];
beforeAll(async () => {
  server = await startChainServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.tamper = undefined;
  for (const db of dbs.splice(0)) db.close();
});

const head = (n: number, finalized: boolean): HeadView =>
  ({ slot: n, beaconRoot: bytesToHex(new Uint8Array(32)), blockNumber: n, blockHash: bytesToHex(chain[n]!.hash), stateRoot: bytesToHex(new Uint8Array(32)), timestamp: 0, finalized, verifiedAt: 0 }) as HeadView;

const answer = (p: Promise<unknown>) =>
  p.then(
    (result) => ({ result }),
    (e: unknown) => ({ error: e instanceof ProviderRpcError ? e.toJSON() : String(e) }),
  );

/** A page's handler in the service worker whose chain reads and fees go to an app host over the link, and the same handler reading in place. */
async function linked(quotas: OriginQuotas) {
  const db = await openVigilDb({ name: `app-chain-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
  dbs.push(db);
  // Mainnet's schedule with every fork to Electra at genesis: the test chain's blocks are in it (their receipts' blob price too).
  const config = { ...NETWORKS.mainnet, GENESIS_TIME: 0, ALTAIR_FORK_EPOCH: 0, BELLATRIX_FORK_EPOCH: 0, CAPELLA_FORK_EPOCH: 0, DENEB_FORK_EPOCH: 0, ELECTRA_FORK_EPOCH: 0 };
  const profile = { ...defaultSettings().profiles.mainnet!, config, executionRpcs: [server.url], shippedRollups: [] };
  // The newest head's block environment (eth_feeHistory ends at its number).
  const newest = { ...head(54, false), env: blockEnvToJson({ ...CALL_ENV, number: 54n, hash: chain[54]!.hash }) };
  const snapshot: L1Snapshot = { profile, heads: { optimistic: newest, finalized: head(40, true), recent: [] } };
  const { background, app } = inPageLink();
  const now = () => 1_000_000;
  const failures: VerificationFailure[] = [];
  background.serve(async (m: LinkRequest) => {
    if (m.type === 'link:snapshot') return snapshot;
    if (m.type === 'link:spent') return void applySpends(quotas, m.spends, now());
    if (m.type === 'link:error') return null;
    throw new Error(`unexpected ${m.type}`);
  });
  new AppHost({ link: app, runner: { run: () => Promise.reject(new Error('no worker here')) } as never, exits: new ExitRepo(db), l2Transfers: new L2TransferRepo(db), wallet: new WalletRepo(db), batches: new CallBatchStore(db), l2Call: () => Promise.reject(new Error('no L2')), now });
  const backend = (reads: Pick<ProviderBackend, 'chain' | 'execution'>): ProviderBackend => ({
    chainId: () => 1,
    verifiedHeads: () => snapshot.heads as never,
    readAccount: () => Promise.reject(new Error('not used')),
    now,
    onVerificationFailure: (f) => void failures.push(f),
    ...reads,
  });
  // The service worker's execution lane for calls and broadcast: not asked here.
  const unused = { run: () => Promise.reject(new Error('not used')), sendRawTransaction: () => Promise.reject(new Error('not used')), envOfBlock: () => Promise.reject(new Error('not used')) };
  const viaApp = createRequestHandler(backend({ chain: () => appChainCall(background, () => snapshot), execution: () => executionReader(unused, appFees(background, 'pages', () => snapshot)) }), undefined, { quotas });
  const local = new ChainExecutionService({ config: parseNetworkConfig(config), rpc: new ExecutionRpc({ endpoints: [server.url], timeoutMs: 120_000 }), calls: localCalls(new ExecutionEngine()), anchors: () => anchorsAt(54, 40) });
  const inPlace = createRequestHandler(backend({ chain: () => chainCall(local.chain), execution: () => local }), undefined, { quotas: new OriginQuotas() });
  return { viaApp, inPlace, failures, now, background, snapshot, newest };
}

describe("pages' chain reads through the app host", () => {
  it("waits, as the service worker's reads did, for a head to reach the block an endpoint places a receipt in", async () => {
    const { viaApp, background, snapshot, newest } = await linked(new OriginQuotas());
    // The service worker has verified up to block 53; the endpoint already has the receipt in 54.
    snapshot.heads = { ...snapshot.heads, optimistic: { ...head(53, false) } };
    const hash = bytesToHex(chain[54]!.transactions[0]!.hash);
    let settled = false;
    const receipt = viaApp(PAGE, { method: 'eth_getTransactionReceipt', params: [hash] }).finally(() => void (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBe(false);
    // The next verified head reaches it: the lookup is asked again and proven.
    await background.request({ type: 'app:adopt', snapshot: { ...snapshot, heads: { ...snapshot.heads, optimistic: newest } }, newHead: true });
    expect(await receipt).toMatchObject({ transactionHash: hash, blockNumber: '0x36' });
  });

  it('answers eth_getBlockByNumber, eth_getLogs and eth_getTransactionReceipt as the same reads in place, and charges them to the one budget', async () => {
    const quotas = new OriginQuotas();
    const { viaApp, inPlace, now } = await linked(quotas);
    const requests = [
      { method: 'eth_getBlockByNumber', params: ['0x36', true] },
      { method: 'eth_getBlockByNumber', params: ['latest', false] },
      { method: 'eth_getBlockByNumber', params: ['finalized', false] },
      { method: 'eth_getLogs', params: [{ fromBlock: '0x1e', toBlock: '0x36', address: '0xb1917d669e2a9307d342d04ab74e68ea94c4d11c' }] },
      { method: 'eth_getTransactionReceipt', params: [bytesToHex(chain[54]!.transactions[0]!.hash)] },
      { method: 'eth_getTransactionReceipt', params: ['0x' + '77'.repeat(32)] },
      { method: 'eth_getTransactionByHash', params: [bytesToHex(chain[54]!.transactions[0]!.hash)] },
      { method: 'eth_getBlockTransactionCountByNumber', params: ['0x36'] },
      { method: 'eth_getBlockReceipts', params: ['latest'] },
      // The page's mistakes and the query limits: the same -32602 and -32005.
      { method: 'eth_getBlockByNumber', params: ['0x36'] },
      { method: 'eth_getLogs', params: [{ fromBlock: '0x36', toBlock: '0x1e' }] },
      { method: 'eth_getLogs', params: [{ fromBlock: '0x0', toBlock: '0x500' }] },
      { method: 'eth_feeHistory', params: ['0x4', 'latest'] },
      { method: 'eth_feeHistory', params: ['0x4', 'latest', [25, 75]] },
      { method: 'eth_maxPriorityFeePerGas', params: [] },
    ];
    for (const request of requests) {
      const [there, here] = [await answer(viaApp(PAGE, request)), await answer(inPlace(PAGE, request))];
      expect(there, request.method).toEqual(here);
    }
    // Answers, not errors alike.
    const block = (await viaApp(PAGE, { method: 'eth_getBlockByNumber', params: ['0x36', false] })) as { hash: string };
    expect(block.hash).toBe(bytesToHex(chain[54]!.hash));
    expect(await viaApp(PAGE, requests[3]!)).toHaveLength(10);
    expect(await viaApp(PAGE, requests[4]!)).toMatchObject({ transactionHash: bytesToHex(chain[54]!.transactions[0]!.hash), blockNumber: '0x36' });
    expect(await viaApp(PAGE, requests[5]!)).toBeNull();
    expect(await viaApp(PAGE, requests[12]!)).toMatchObject({ oldestBlock: '0x33' });
    // What the app host spent came back to the service worker's budget.
    await new Promise((r) => setTimeout(r, 0));
    expect(quotas.available(PAGE, 'logBlocks', now())).toBeLessThan(16_384);
    expect(quotas.available(PAGE, 'receiptBlocks', now())).toBeLessThan(1200);
    expect(quotas.available(PAGE, 'blockBodies', now())).toBeLessThan(256);
  });

  it('refuses in the app host a read whose quota the service worker holds spent, before it fetches anything', async () => {
    // The default quotas, as both contexts keep them (the app host's copy holds the same limits).
    const quotas = new OriginQuotas();
    const { viaApp, now } = await linked(quotas);
    quotas.take(PAGE, 'receiptBlocks', 1200, now());
    server.calls.length = 0;
    const refused = await answer(viaApp(PAGE, { method: 'eth_getTransactionReceipt', params: [bytesToHex(chain[54]!.transactions[0]!.hash)] }));
    expect(refused).toEqual({
      error: { code: -32005, message: "limit exceeded: blocks of receipts: this site's quota is spent, retry later: expected <= 0, got 1", data: { code: 'QUOTA_EXCEEDED', resource: 'receiptBlocks', retryAfterMs: 50 } },
    });
    expect(server.calls).toEqual([]);
    // Another origin's budget is its own.
    expect(await viaApp('https://other.example', { method: 'eth_getTransactionReceipt', params: [bytesToHex(chain[54]!.transactions[0]!.hash)] })).toMatchObject({ transactionHash: bytesToHex(chain[54]!.transactions[0]!.hash) });
  });

  it('keeps a verification failure typed across the link: -32099 with its code, and the service worker records which page asked', async () => {
    const { viaApp, inPlace, failures } = await linked(new OriginQuotas());
    // A forged transaction in block 53's body: its transactions no longer rebuild the verified root.
    server.tamper = (method, _params, r: any) => (method === 'eth_getBlockByHash' && r?.number === '0x35' ? { ...r, transactions: r.transactions.slice(1) } : undefined);
    const request = { method: 'eth_getBlockByNumber', params: ['0x35', false] };
    const there = await answer(viaApp(PAGE, request));
    expect(there).toMatchObject({ error: { code: -32099, data: { code: 'TRANSACTIONS_ROOT_MISMATCH' } } });
    expect(there).toEqual(await answer(inPlace(PAGE, request)));
    expect(failures[0]).toMatchObject({ origin: PAGE, method: 'eth_getBlockByNumber', code: 'TRANSACTIONS_ROOT_MISMATCH' });
  });
});
