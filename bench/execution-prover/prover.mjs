/**
 * @lodestar/prover 1.23.0, driven as its README says: `createVerifiedExecutionProvider(provider,
 * { transport: LCTransport.Rest, urls, config, wsCheckpoint, mutateProvider: false })`, then JSON-RPC
 * requests on the verified provider it returns. Lives in its own npm project (this directory) so
 * that it loads the @lodestar 1.23.0 packages it was released with, not the root's 1.28.1.
 *
 * The caller must set LODESTAR_PRESET before importing this module when the network is not on
 * the mainnet preset (Lodestar reads its preset once, when @lodestar/params loads).
 */
import { chainConfigFromJson } from '@lodestar/config';
import { chainConfig as defaultChainConfig } from '@lodestar/config/default';
import { ACTIVE_PRESET } from '@lodestar/params';
import { createVerifiedExecutionProvider, LCTransport } from '@lodestar/prover';
import { readFileSync } from 'node:fs';

export const versions = Object.fromEntries(
  ['prover', 'light-client', 'config', 'api'].map((p) => [
    p,
    JSON.parse(readFileSync(new URL(`./node_modules/@lodestar/${p}/package.json`, import.meta.url), 'utf8')).version,
  ]),
);
for (const p of ['vm', 'evm', 'common', 'trie']) {
  versions[`@ethereumjs/${p}`] = JSON.parse(readFileSync(new URL(`./node_modules/@ethereumjs/${p}/package.json`, import.meta.url), 'utf8')).version;
}

/**
 * An EIP-1193 provider over HTTP: a JSON-RPC object or batch (array) in, the node's answer out.
 *
 * One rewrite, in the transport: the prover names its block by *hash* (a plain 32-byte hex string,
 * which geth takes for eth_getProof, eth_getCode and eth_createAccessList), and Hardhat's EDR
 * takes only numbers and tags there (-32602 "expected a 8 byte hex string"; the devnet proxy's
 * eth_createAccessList hands the tag to debug_traceCall, same answer). So such a hash is replaced
 * by its block's number (looked up once per hash, outside the counters): the same state.
 */
export function httpProvider(url, counters) {
  const numbers = new Map();
  const post = async (payload) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    return res.json();
  };
  const numberOf = async (hash) => {
    let n = numbers.get(hash);
    if (n === undefined) {
      const { result } = await post({ jsonrpc: '2.0', id: 0, method: 'eth_getBlockByHash', params: [hash, false] });
      if (!result) throw new Error(`no block ${hash}`);
      numbers.set(hash, (n = result.number));
    }
    return n;
  };
  const BLOCK_PARAM = { eth_getProof: 2, eth_getCode: 1, eth_createAccessList: 1, eth_call: 1, eth_getBalance: 1 };
  const rewrite = async (p) => {
    const i = BLOCK_PARAM[p.method];
    const tag = i === undefined ? undefined : p.params?.[i];
    if (typeof tag !== 'string' || tag.length !== 66) return p;
    const params = [...p.params];
    params[i] = await numberOf(tag);
    return { ...p, params };
  };
  return {
    async request(payload) {
      const list = Array.isArray(payload) ? payload : [payload];
      const t0 = performance.now();
      if (counters) {
        counters.roundTrips++;
        for (const p of list) counters.methods[p.method] = (counters.methods[p.method] ?? 0) + 1;
        if (Array.isArray(payload)) counters.batchSizes.push(payload.length);
      }
      const body = Array.isArray(payload) ? await Promise.all(payload.map(rewrite)) : await rewrite(payload);
      const t1 = performance.now();
      try {
        return await post(body);
      } finally {
        if (counters) {
          counters.rpcMs += performance.now() - t1;
          counters.rewriteMs += t1 - t0;
        }
      }
    },
  };
}

/**
 * Starts the prover against a beacon API and an execution RPC and waits until it is synced: its
 * `waitToBeReady()`, then until the payload it answers `latest` with is the one of its light
 * client's head. (Its light client's start() resolves before the first optimistic update is
 * processed, so the sync may collect payloads up to the bootstrap block only and pick the head up
 * later through an event, or miss it: then this throws, and the caller may start another.)
 * `network` is the spec-named config (numbers allowed; they are turned into the spec's strings).
 */
export async function startProver({ beaconApi, executionRpc, network, checkpoint, logLevel = 'error', headTimeoutMs = 5000 }) {
  const json = Object.fromEntries(Object.entries(network).map(([k, v]) => [k, typeof v === 'object' ? v : String(v)]));
  const config = { ...defaultChainConfig, ...chainConfigFromJson(json) };
  if (config.PRESET_BASE !== ACTIVE_PRESET) {
    throw new Error(`the network is on the ${config.PRESET_BASE} preset and Lodestar loaded ${ACTIVE_PRESET}: set LODESTAR_PRESET before importing`);
  }
  const counters = { roundTrips: 0, methods: {}, batchSizes: [], rpcMs: 0, rewriteMs: 0 };
  const controller = new AbortController();
  const t0 = performance.now();
  const { provider, proofProvider } = createVerifiedExecutionProvider(httpProvider(executionRpc, counters), {
    transport: LCTransport.Rest,
    urls: [beaconApi],
    config,
    wsCheckpoint: checkpoint,
    mutateProvider: false,
    signal: controller.signal,
    logLevel,
  });
  const hex = (b) => `0x${Buffer.from(b).toString('hex')}`;
  const head = () => {
    const h = proofProvider.lightClient.getHead();
    return { slot: h.beacon.slot, blockNumber: h.execution.blockNumber, blockHash: hex(h.execution.blockHash) };
  };
  const latestPayload = () => {
    const p = proofProvider.store.latest;
    return p && { blockNumber: p.blockNumber, blockHash: hex(p.blockHash), stateRoot: hex(p.stateRoot) };
  };
  try {
    await proofProvider.waitToBeReady();
    const deadline = performance.now() + headTimeoutMs;
    for (;;) {
      const h = head();
      if (h.blockNumber > 0 && latestPayload()?.blockHash === h.blockHash) break;
      if (performance.now() > deadline) {
        throw new Error(`its latest payload is block ${latestPayload()?.blockNumber}, its light client's head block ${h.blockNumber}, ${headTimeoutMs} ms after it said it was ready`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } catch (err) {
    controller.abort();
    throw err;
  }
  const syncMs = performance.now() - t0;
  return {
    provider,
    proofProvider,
    counters,
    syncMs,
    /** eth_call through the verified provider: the JSON-RPC response object. */
    call: (tx, block = 'latest') => provider.request('eth_call', [tx, block], { raiseError: false }),
    /** The block the light client verified as its head: slot and execution block. */
    head,
    /** The execution payload the prover runs `latest` calls against. */
    latestPayload,
    stop: () => controller.abort(),
  };
}

/**
 * The prover's own `createVM` (lib/utils/evm.js, not in its package exports: imported by file), as
 * each eth_call makes one: Blockchain.create + VM.create on its Shanghai Common. Milliseconds each.
 */
export async function createVmMs(proofProvider, n) {
  const { createVM } = await import(new URL('./node_modules/@lodestar/prover/lib/utils/evm.js', import.meta.url).href);
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await createVM({ proofProvider });
    out.push(performance.now() - t0);
  }
  return out;
}
