/**
 * Every provider method a page can call (src/provider/handler.ts createRequestHandler), its
 * params mutated from valid requests, against honest servers: the mainnet account proof behind
 * reads, the execution-apis test chain (served on 127.0.0.1 by test/unit/client/verified/chain-server.ts)
 * behind the chain methods, and a wallet whose every method reads what the page sent with the
 * wallet's own parsers (transaction requests, personal messages, typed data) and follows a token
 * only by the wallet's own rule and proof (src/client/wallet/token-proof.ts).
 *
 * The oracle: every refusal is an EIP-1193 / EIP-1474 error with a code dApps know, never an
 * internal error; with honest servers a page's parameters never come back as a failed
 * verification (-32099) other than for a block Vigil has not verified.
 */
import { chainCall } from '../../../src/provider/chain-call.ts';
import { ExecutionRpc } from '../../../src/client/verified/execution-rpc.ts';
import { VerifiedChain } from '../../../src/client/verified/chain.ts';
import { sendRawTransaction } from '../../../src/client/verified/broadcast.ts';
import { VerifiedHeaders } from '../../../src/client/verified/headers.ts';
import { PooledAccountReader } from '../../../src/client/verified/reads.ts';
import type { ExecutionReader } from '../../../src/client/verified/execution-reader.ts';
import { TransportError } from '../../../src/core/errors.ts';
import { blockEnvFromJson, blockEnvToJson } from '../../../src/execution/block-env.ts';
import { blockEnvOfHeader } from '../../../src/client/verified/execution-env.ts';
import { networkConfig } from '../../../src/l1/networks.ts';
import { parseCallRequest, parseStateOverride } from '../../../src/execution/call-request.ts';
import { planSimulateV1, simulateV1Result } from '../../../src/execution/simulate-v1.ts';
import { parseRpcHeader } from '../../../src/execution/header.ts';
import { CHAIN_METHODS } from '../../../src/provider/chain-methods.ts';
import { ProviderRpcError, RpcErrorCode } from '../../../src/provider/errors.ts';
import { createRequestHandler, type ProviderBackend, SUPPORTED_METHODS, type VerifiedHeadInfo } from '../../../src/provider/handler.ts';
import { filterCall, Filters } from '../../../src/provider/filters.ts';
import { Subscriptions } from '../../../src/provider/subscriptions.ts';
import { OriginRegistry } from '../../../src/provider/origins.ts';
import { OriginQuotas } from '../../../src/provider/quotas.ts';
import type { WalletBackend } from '../../../src/provider/wallet-methods.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { proveToken } from '../../../src/client/wallet/token-proof.ts';
import type { WalletChain } from '../../../src/client/wallet/transactions.ts';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { encodeAbi, functionSelector } from '../../../src/execution/abi.ts';
import { parsePersonalMessage, signPersonalMessage } from '../../../src/wallet/personal-message.ts';
import { parseTransactionRequest } from '../../../src/wallet/transaction-request.ts';
import { parseTypedData } from '../../../src/wallet/typed-data.ts';
import { walletCapabilities } from '../../../src/wallet/call-batch.ts';
import { parseSendCalls } from '../../../src/wallet/send-calls.ts';
import { fixture } from '../../unit/proofs/helpers.ts';
import { anchorsAt, type ChainServer, startChainServer } from '../../unit/client/verified/chain-server.ts';
import { io } from '../../unit/execution/helpers.ts';
import { fakeRpc, inThreadRunner, mainnetBlock, mainnetProof } from '../../unit/provider/helpers.ts';
import { MAIL } from '../../unit/wallet/typed-data-examples.ts';
import { mutateJson } from '../mutators/json.ts';
import { describeError } from '../oracles.ts';
import { defineTarget, type Outcome } from '../target.ts';
import { readdirSync } from 'node:fs';

const ORIGIN = 'https://app.example';
/** The page the fuzzed requests come from (where subscriptions push). */
const PAGE = { tabId: 1, frameId: 0, session: 'fuzz' };
const ACCOUNT = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ADDRESS = mainnetProof.address as string;

/** The codes a dApp may get (EIP-1193, EIP-1474, geth's, Vigil's -32099, and eth_simulateV1's blocks out of order: execution-apis -38020/-38021). */
const KNOWN_CODES = new Set<number>([...Object.values(RpcErrorCode), -32002, -32005, -38020, -38021]);
/** -32099 is "the answer did not verify": with honest servers, only for a block Vigil has not verified. */
const HONEST_VERIFICATION_CODES = new Set(['BLOCK_NOT_VERIFIED', 'NO_VERIFIED_HEAD', 'HEADER_TOO_FAR', 'EXECUTION_UNSUPPORTED']);

/** The mainnet head the reads are proven at, with its block environment. */
function mainnetHead(): VerifiedHeadInfo {
  const { header, hash } = parseRpcHeader(mainnetBlock);
  const env = blockEnvOfHeader(header, hash!, networkConfig('mainnet'));
  return {
    slot: 10_000_000,
    beaconRoot: '0x' + 'ab'.repeat(32),
    blockNumber: Number(header.number),
    blockHash: mainnetBlock.hash,
    stateRoot: mainnetBlock.stateRoot,
    timestamp: Number(header.timestamp),
    finalized: false,
    env: blockEnvToJson(env),
  };
}

/** A wallet that reads what pages send with the wallet's own parsers (as src/client/wallet/requests.ts does), and signs nothing. */
function parsingWallet(): WalletBackend {
  return {
    accounts: async (origin) => (origin === ORIGIN ? [ACCOUNT] : []),
    requestAccounts: async () => [ACCOUNT],
    getPermissions: async () => [],
    revokePermissions: async () => {},
    sendTransaction: async (_ctx, tx) => (parseTransactionRequest({ ...tx, from: tx.from ?? ACCOUNT }), '0x' + '11'.repeat(32)),
    personalSign: async (_ctx, message) => (parsePersonalMessage(message), '0x' + '22'.repeat(65)),
    signTypedData: async (_ctx, _address, data, version) => (parseTypedData(data, 1n, version), '0x' + '33'.repeat(65)),
    switchChain: async (_ctx, chainId) => {
      if (chainId !== 1n) throw new WalletError('UNKNOWN_CHAIN', `Vigil knows no network with chain id ${chainId}`);
    },
    addChain: async () => {
      throw new WalletError('UNKNOWN_CHAIN', 'Vigil adds networks it can verify only from its popup');
    },
    // The wallet's own token rule and proof (src/client/wallet/token-proof.ts), over a chain where the token is "DEP" with 18 decimals.
    watchAsset: async (_ctx, params) => {
      const options = (params.options ?? {}) as Record<string, unknown>;
      const offered = { ...(options.symbol !== undefined ? { symbol: options.symbol } : {}), ...(options.decimals !== undefined ? { decimals: options.decimals } : {}) };
      await proveToken(tokenChain(), options.address as string, offered);
      return true;
    },
    getCapabilities: async (_origin, _address, chainIds) => walletCapabilities((chainIds ?? [1n]).map((chainId) => ({ chainId, atomic: 'unsupported' as const }))),
    sendCalls: async (_ctx, p) => (parseSendCalls(p), { id: '0x' + '44'.repeat(32) }),
    getCallsStatus: async (_origin, id) => {
      throw new WalletError('BATCH_NOT_FOUND', `no batch ${id.slice(0, 20)}`);
    },
  };
}

/** The token's own symbol and decimals, as its verified calls would answer them. */
const TOKEN = { symbol: 'DEP', decimals: 18 };

/** A chain where every address holds the token: its code proven present, symbol() and decimals() answered. */
function tokenChain(): WalletChain {
  const head = mainnetHead();
  const at = { head: { blockNumber: BigInt(head.blockNumber), blockHash: head.blockHash, timestamp: BigInt(head.timestamp), signedBy: 'user' as const }, env: blockEnvFromJson(head.env), nextBaseFee: 1n };
  return {
    network: { chainId: 1n, name: 'Ethereum', maxHeadAgeSeconds: 60 },
    signingHead: () => at,
    newestHead: () => at.head,
    proveAccount: async (address) => ({ address, nonce: 0n, balance: 0n, codeHash: '0x' + '12'.repeat(32), blockNumber: at.head.blockNumber, blockHash: at.head.blockHash }),
    execution: {
      ...parsingExecution(),
      run: async ({ call }) => {
        const data = (call as { data?: string }).data;
        const returnData = data === functionSelector('symbol()') ? bytesToHex(encodeAbi(['string'], [TOKEN.symbol])) : bytesToHex(encodeAbi(['uint256'], [BigInt(TOKEN.decimals)]));
        return { outcome: { status: 'success', returnData, gasUsed: '0x5208' }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] };
      },
    },
  };
}

/** Calls parsed as the execution engine parses them (src/execution/engine.ts), then a plain success. */
function parsingExecution(): ExecutionReader {
  const rpc = fakeRpc({ 'http://rpc.test': () => '0x' + '44'.repeat(32) }) as unknown as ExecutionRpc;
  return {
    async run(params) {
      parseCallRequest(params.call, params.env.chainId);
      parseStateOverride(params.stateOverride);
      if (params.simulateV1 !== undefined) {
        // eth_simulateV1 planned and its calls parsed as the engine does (src/execution/simulate-v1.ts), each then a plain success.
        const plan = planSimulateV1(params.env, params.simulateV1);
        const blocks = plan.blocks.filter((b) => !b.filler).map((b) => {
          parseStateOverride(b.stateOverride);
          return b.calls.map((c) => (parseCallRequest(c, params.env.chainId), { status: 'success' as const, returnData: '0x', gasUsed: '0x5208', logs: [] }));
        });
        const simulation = { calls: blocks.flat(), blocks, balances: [], created: [] };
        return { outcome: { status: 'success', returnData: '0x', gasUsed: '0x5208', simulation, simulateV1: simulateV1Result(plan.blocks, blocks) }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] };
      }
      return { outcome: { status: 'success', returnData: '0x', gasUsed: '0x5208', gas: '0x5208', accessList: [] }, steps: 1, proven: { accounts: 1, slots: 0 }, endpoints: [] };
    },
    sendRawTransaction: (raw) => sendRawTransaction(rpc, raw),
    suggestedTip: async () => 1_000_000_000n,
    feeHistory: async (count) => ({ oldestBlock: '0x1', baseFeePerGas: Array.from({ length: count + 1 }, () => '0x1'), gasUsedRatio: [] }),
  };
}

interface ProviderCtx {
  /** A handler with fresh quotas: the target's clock stands still, so buckets spent by earlier mutations would never refill. */
  handle: () => (origin: string, request: { method: string; params?: unknown }, requestKey?: string, page?: typeof PAGE) => Promise<unknown>;
  seeds: { method: string; params?: unknown }[];
  server: ChainServer;
}

/** A valid request of every method: the execution-apis recordings for the chain methods, written out for the rest. */
/** The id every filter the fuzzed backend makes gets. */
const FILTER_ID = '0x' + '01'.repeat(16);

function requestSeeds(): { method: string; params?: unknown }[] {
  const chain = CHAIN_METHODS.flatMap((method) => {
    let files: string[] = [];
    try {
      files = readdirSync(new URL(`../../fixtures/execution-apis/${method}/`, import.meta.url));
    } catch {
      return [];
    }
    return files.map((f) => io(`${method}/${f}`).request).filter((r) => !('error' in r)).map((r) => ({ method: r.method as string, params: r.params as unknown }));
  });
  const slot = mainnetProof.storageProof[0].key;
  return [
    ...chain,
    { method: 'eth_getUncleCountByBlockNumber', params: ['0x1'] },
    { method: 'eth_getUncleCountByBlockHash', params: [io('eth_getBlockByHash/get-block-by-hash.io').request.params[0]] },
    { method: 'eth_chainId' },
    { method: 'net_version', params: [] },
    { method: 'eth_blockNumber' },
    { method: 'eth_getBalance', params: [ADDRESS, 'latest'] },
    { method: 'eth_getTransactionCount', params: [ADDRESS, { blockNumber: '0x' + Number(mainnetBlock.number).toString(16) }] },
    { method: 'eth_getCode', params: [ADDRESS, 'pending'] },
    { method: 'eth_getStorageAt', params: [ADDRESS, slot, { blockHash: mainnetBlock.hash }] },
    { method: 'vigil_getVerifiedBalance', params: [ADDRESS, { chainId: '0x1', blockTag: 'latest' }] },
    { method: 'vigil_getExitStatus', params: [] },
    { method: 'eth_accounts', params: [] },
    { method: 'eth_requestAccounts', params: [] },
    { method: 'wallet_requestPermissions', params: [{ eth_accounts: {} }] },
    { method: 'wallet_getPermissions' },
    { method: 'wallet_revokePermissions', params: [{ eth_accounts: {} }] },
    { method: 'eth_sendTransaction', params: [{ from: ACCOUNT, to: ADDRESS, value: '0x1', data: '0xa9059cbb', gas: '0x5208' }] },
    { method: 'personal_sign', params: ['0x68656c6c6f', ACCOUNT] },
    { method: 'eth_signTypedData_v4', params: [ACCOUNT, JSON.stringify(MAIL)] },
    { method: 'eth_signTypedData_v3', params: [ACCOUNT, JSON.stringify(MAIL)] },
    // A signature of 'hello' by the first test account: the page gets its signer back.
    { method: 'personal_ecRecover', params: ['0x68656c6c6f', signPersonalMessage(parsePersonalMessage('0x68656c6c6f'), hexToBytes('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'))] },
    { method: 'wallet_switchEthereumChain', params: [{ chainId: '0x1' }] },
    { method: 'wallet_addEthereumChain', params: [{ chainId: '0xaa36a7', chainName: 'Sepolia', rpcUrls: ['https://rpc.example'] }] },
    { method: 'wallet_watchAsset', params: { type: 'ERC20', options: { address: ADDRESS, symbol: 'DEP', decimals: 18 } } },
    { method: 'wallet_getCapabilities', params: [ACCOUNT, ['0x1']] },
    { method: 'wallet_sendCalls', params: [{ version: '2.0.0', chainId: '0x1', from: ACCOUNT, atomicRequired: false, calls: [{ to: ADDRESS, value: '0x1' }, { to: ADDRESS, data: '0xa9059cbb' }] }] },
    { method: 'wallet_getCallsStatus', params: ['0x' + '44'.repeat(32)] },
    { method: 'eth_call', params: [{ to: ADDRESS, data: '0x621fd130' }, 'latest', { [ADDRESS]: { balance: '0x1' } }] },
    { method: 'eth_estimateGas', params: [{ from: ACCOUNT, to: ADDRESS, value: '0x1' }] },
    {
      method: 'eth_simulateV1',
      params: [{ blockStateCalls: [{ blockOverrides: { time: '0x' + (mainnetHead().timestamp + 100).toString(16) }, stateOverrides: { [ACCOUNT]: { balance: '0x1000' } }, calls: [{ from: ACCOUNT, to: ADDRESS, value: '0x1' }] }, { calls: [] }], traceTransfers: true }, 'latest'],
    },
    { method: 'eth_createAccessList', params: [{ from: ACCOUNT, to: ADDRESS, data: '0x' }, 'latest'] },
    { method: 'eth_gasPrice', params: [] },
    { method: 'eth_maxPriorityFeePerGas', params: [] },
    { method: 'eth_blobBaseFee', params: [] },
    { method: 'eth_feeHistory', params: ['0x4', 'latest', [25, 75]] },
    { method: 'eth_sendRawTransaction', params: [io('debug_getRawTransaction/get-tx.io').response.result] },
    // Polling filters: the backend's filters give every new one FILTER_ID (a fixed random source).
    { method: 'eth_newFilter', params: [{ address: ADDRESS, fromBlock: '0x36', topics: [null] }] },
    { method: 'eth_newBlockFilter', params: [] },
    { method: 'eth_getFilterChanges', params: [FILTER_ID] },
    { method: 'eth_getFilterLogs', params: [FILTER_ID] },
    { method: 'eth_uninstallFilter', params: [FILTER_ID] },
    // Subscriptions: pushed, never polled; the same fixed ids.
    { method: 'eth_subscribe', params: ['logs', { address: ADDRESS, topics: [null] }] },
    { method: 'eth_subscribe', params: ['newHeads'] },
    { method: 'eth_unsubscribe', params: [FILTER_ID] },
  ];
}

export const providerTarget = defineTarget({
  name: 'provider-methods',
  subject: 'createRequestHandler: every supported method (reads, chain data, execution, wallet) with its params mutated, from a page\'s origin',
  reference: 'EIP-1193 / EIP-1474: every refusal a ProviderRpcError with a known code, never an internal error; with honest servers -32099 only for a block Vigil has not verified',
  seeds: 'a valid request of each of the provider\'s methods: the execution-apis recordings of the chain methods, the mainnet deposit contract\'s reads, wallet requests, polling filters, subscriptions',
  async load() {
    const server = await startChainServer();
    const rpc = new ExecutionRpc({ endpoints: [server.url], timeoutMs: 5_000 });
    const chain = new VerifiedChain({ rpc, headers: new VerifiedHeaders({ rpc, anchors: () => anchorsAt(54, 54) }), maxLogRange: 100 });
    const proofs = fakeRpc({
      'http://rpc.test': (method, params) => {
        // An honest server: the proof it has, for the address it has; any other it cannot serve.
        const held = String(params[0]).toLowerCase() === ADDRESS;
        const keys = method === 'eth_getProof' ? (params[1] as string[]) : [];
        if (method === 'eth_getProof' && held && keys.every((k) => BigInt(k) === BigInt(mainnetProof.storageProof[0].key))) {
          return { ...mainnetProof, storageProof: keys.map((key) => ({ ...mainnetProof.storageProof[0], key })) };
        }
        if (method === 'eth_getCode' && held) return fixture('mainnet-proofs/account.json').code;
        return new TransportError('RPC_ERROR', `${method}: this node does not hold that state`, { rpcCode: -32000 });
      },
    });
    const reader = new PooledAccountReader(proofs as never, inThreadRunner);
    const head = mainnetHead();
    const wallet = parsingWallet();
    const execution = parsingExecution();
    const backend: ProviderBackend = {
      chainId: () => 1,
      verifiedHeads: () => ({ optimistic: head, finalized: { ...head, finalized: true }, recent: [] }),
      readAccount: (r) => reader.read(r),
      now: () => (head.timestamp + 12) * 1000,
      execution: () => execution,
      chain: () => chainCall(chain),
      wallet: () => wallet,
    };
    const now = () => (head.timestamp + 12) * 1000;
    const filters = filterCall(new Filters(now, (n) => new Uint8Array(n).fill(1)), () => ({ chainId: 1, reader: chain, heads: backend.verifiedHeads() }), new OriginQuotas(), now);
    backend.filters = () => filters;
    const subscriptions = new Subscriptions({
      filters: new Filters(now, (n) => new Uint8Array(n).fill(1)),
      source: () => ({ chainId: 1, reader: chain, heads: backend.verifiedHeads() }),
      quotas: new OriginQuotas(),
      now,
      push: async () => true,
    });
    backend.subscriptions = () => (origin, page, method, params) => subscriptions.call(origin, page, method, params);
    const seeds = requestSeeds();
    const missing = SUPPORTED_METHODS.filter((m) => !seeds.some((s) => s.method === m));
    if (missing.length > 0) throw new Error(`no seed request of ${missing.join(', ')}`);
    const origins = new OriginRegistry(backend.now);
    return { handle: () => createRequestHandler(backend, origins, { quotas: new OriginQuotas() }), seeds, server };
  },
  async close(ctx: ProviderCtx) {
    await ctx.server.close();
  },
  async run(ctx: ProviderCtx, rng) {
    const seed = rng.pick(ctx.seeds);
    // Mostly the params; now and then the method name or the request's shape.
    const paramsOnly = rng.chance(0.9);
    const m = mutateJson(rng, seed, {
      frozen: (path) => paramsOnly && (path.length === 0 || path[0] !== 'params'),
      keys: ['params', 'method', 'id', 'jsonrpc'],
      dictionary: [ADDRESS, ACCOUNT, 'latest', 'earliest', 'finalized', 'safe', 'pending', '0x0', '0x36', mainnetBlock.hash, { blockHash: mainnetBlock.hash }, { blockNumber: '0x1' }],
    });
    let verdict: string;
    try {
      const request = m.value as { method: string; params?: unknown };
      await ctx.handle()(ORIGIN, request, undefined, PAGE);
      // A token is followed with its own symbol and decimals: what the page offered must be those.
      if (request.method === 'wallet_watchAsset') {
        const options = (request.params as { options?: { symbol?: unknown; decimals?: unknown } }).options ?? {};
        if ((options.symbol !== undefined && options.symbol !== TOKEN.symbol) || (options.decimals !== undefined && options.decimals !== TOKEN.decimals)) {
          return { op: m.op, verdict: 'accepted', input: m.value, wrong: `a token was followed with what the page said, not what it is: ${JSON.stringify(options).slice(0, 160)}` };
        }
      }
      return { op: m.op, verdict: 'accepted' };
    } catch (error) {
      if (!(error instanceof ProviderRpcError)) return { op: m.op, verdict: 'UNTYPED', wrong: `not an EIP-1193 error: ${describeError(error)}` };
      const data = typeof error.data === 'object' && error.data !== null ? (error.data as { code?: unknown }).code : undefined;
      verdict = `${error.code}${typeof data === 'string' ? `:${data}` : ''}`;
      const out: Outcome = { op: m.op, verdict, input: m.value };
      if (!KNOWN_CODES.has(error.code)) return { ...out, wrong: `code ${error.code} is no EIP-1193/1474 code` };
      if (error.code === RpcErrorCode.INTERNAL && data === undefined) return { ...out, wrong: `an internal error reached the page: ${error.message}` };
      if (error.code === RpcErrorCode.VERIFICATION_FAILED && !HONEST_VERIFICATION_CODES.has(String(data))) {
        return { ...out, wrong: `with honest servers, the page's request came back as a failed verification (${String(data)}): ${error.message.slice(0, 160)}` };
      }
      return out;
    }
  },
});

