/**
 * The devnet of bench/execution-calls.ts, in its own process (so that block production, signing
 * and Hardhat's proxy work do not share the measuring event loop): `startDevnet` with the demo
 * contracts on Deneb (Hardhat's cancun), 1 s slots, minimal preset, and in front of its beacon
 * API a small adapter for @lodestar/prover.
 *
 * Why an adapter: the prover's ProofProvider takes each block's execution payload from the full
 * beacon block (`GET /eth/v2/beacon/blocks/{block_id}`), and its light client subscribes to
 * `GET /eth/v1/events`; the devnet serves light-client data and headers only. The adapter passes
 * every other request through untouched and serves:
 * - `/eth/v2/beacon/blocks/{id}`: the slot's beacon header fields from the devnet
 *   (`/eth/v1/beacon/headers/{id}`), and as `execution_payload` the execution block the devnet
 *   mined for that slot (found by its timestamp, genesis_time + slot × SECONDS_PER_SLOT; slot 0
 *   wraps the fresh node's genesis block; every
 *   field the node's own, transactions as their raw bytes, their hashes checked). The body's other
 *   fields are defaults: the prover reads only `execution_payload`, and checks it against nothing
 *   (bench/execution-calls.ts checks that the payload it calls at is the block its light client
 *   verified).
 * - `/eth/v1/events`: a stream that stays open and sends nothing, so the prover's head stays where
 *   its sync left it (no background verification during the measurements).
 * - `/eth/v1/beacon/light_client/updates` always in JSON: Lodestar's API client decodes the SSZ
 *   form with fork digests computed from the genesis validators root of a network it knows by
 *   CONFIG_NAME, and from zeros otherwise (@lodestar/api routes/lightclient.js), so on the devnet
 *   every SSZ update fails with "Unknown forkDigest 409b3d80" (the right digest: Lodestar computes
 *   the same one given the root). Its light client would stop at the first new sync period.
 *
 * Needs LODESTAR_PRESET=minimal in its environment (the block JSON is checked with Lodestar's
 * types). Prints one JSON line, `{ info, proverBeaconApi }`, then runs until SIGTERM / SIGINT.
 *
 * Usage: LODESTAR_PRESET=minimal node --import tsx bench/execution-devnet.ts
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bytesToHex, equalBytes, hexToBytes } from '../src/core/bytes.ts';
import { keccak256 } from '../src/crypto/keccak.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { startDevnet } from '../src/devnet/devnet.ts';
import { encodeRawTransaction } from '../src/execution/transactions.ts';
import { jsonRpcCall } from '../src/rpc/http.ts';

if (process.env.LODESTAR_PRESET !== 'minimal') throw new Error('run with LODESTAR_PRESET=minimal (Lodestar reads its preset when it loads)');
const { ssz } = await import('@lodestar/types');

await cryptoReady();
const devnet = await startDevnet({ contracts: true, fork: 'deneb', preset: 'minimal', secondsPerSlot: 1, log: (l) => process.stderr.write(`${l}\n`) });
const { info } = devnet;
const RPC = { timeoutMs: 10_000, maxBytes: 1 << 24 };
const secondsPerSlot = Number(info.network.SECONDS_PER_SLOT);

type Json = Record<string, unknown>;
const beaconGet = async (path: string): Promise<Json> => {
  const res = await fetch(`${info.beaconApi}${path}`);
  if (!res.ok) throw new HttpError(res.status, await res.text());
  return (await res.json()) as Json;
};
const genesisTime = BigInt(((await beaconGet('/eth/v1/beacon/genesis')).data as Json).genesis_time as string);

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const dec = (hex: unknown): string => BigInt(hex as string).toString();

/** The node's block mined for `slot` (its timestamp is the slot's), with full transactions. */
async function elBlockForSlot(slot: bigint): Promise<Json> {
  // Slot 0 wraps the node's latest block when the devnet started: its genesis, on a fresh node.
  if (slot === 0n) return (await jsonRpcCall(info.nodeRpc, 'eth_getBlockByNumber', ['0x0', true], RPC)) as Json;
  const want = genesisTime + slot * BigInt(secondsPerSlot);
  const latest = (await jsonRpcCall(info.nodeRpc, 'eth_getBlockByNumber', ['latest', false], RPC)) as Json;
  let n = BigInt(latest.number as string) - (BigInt(latest.timestamp as string) - want) / BigInt(secondsPerSlot);
  for (let i = 0; i < 8 && n >= 0n; i++) {
    const b = (await jsonRpcCall(info.nodeRpc, 'eth_getBlockByNumber', [`0x${n.toString(16)}`, true], RPC)) as Json | null;
    if (b === null) break;
    const ts = BigInt(b.timestamp as string);
    if (ts === want) return b;
    const step = (want - ts) / BigInt(secondsPerSlot);
    n += step === 0n ? (want > ts ? 1n : -1n) : step;
  }
  throw new HttpError(404, `no execution block with the timestamp of slot ${slot}`);
}

async function rawTransaction(tx: Json): Promise<string> {
  const raw = encodeRawTransaction(tx);
  if (!equalBytes(keccak256(raw), hexToBytes(tx.hash, 32))) throw new Error(`transaction ${String(tx.hash)}: its encoding does not hash to it`);
  return bytesToHex(raw);
}

const blocks = new Map<string, Json>();

/** `GET /eth/v2/beacon/blocks/{id}` as a beacon node answers it (JSON), for Deneb. */
async function beaconBlock(id: string): Promise<Json> {
  const headerRes = await beaconGet(`/eth/v1/beacon/headers/${id}`);
  const header = ((headerRes.data as Json).header as Json).message as Json;
  const root = (headerRes.data as Json).root as string;
  const cached = blocks.get(root);
  if (cached) return cached;
  const el = await elBlockForSlot(BigInt(header.slot as string));
  const payload = {
    parent_hash: el.parentHash,
    fee_recipient: el.miner,
    state_root: el.stateRoot,
    receipts_root: el.receiptsRoot,
    logs_bloom: el.logsBloom,
    prev_randao: el.prevRandao ?? el.mixHash,
    block_number: dec(el.number),
    gas_limit: dec(el.gasLimit),
    gas_used: dec(el.gasUsed),
    timestamp: dec(el.timestamp),
    extra_data: el.extraData,
    base_fee_per_gas: dec(el.baseFeePerGas),
    block_hash: el.hash,
    transactions: await Promise.all((el.transactions as Json[]).map(rawTransaction)),
    withdrawals: ((el.withdrawals as Json[] | undefined) ?? []).map((w) => ({
      index: dec(w.index),
      validator_index: dec(w.validatorIndex),
      address: w.address,
      amount: dec(w.amount),
    })),
    blob_gas_used: dec(el.blobGasUsed ?? '0x0'),
    excess_blob_gas: dec(el.excessBlobGas ?? '0x0'),
  };
  const T = ssz.deneb.SignedBeaconBlock;
  const json = T.toJson(T.defaultValue()) as Json;
  const message = json.message as Json;
  Object.assign(message, {
    slot: header.slot,
    proposer_index: header.proposer_index,
    parent_root: header.parent_root,
    state_root: header.state_root,
  });
  (message.body as Json).execution_payload = payload;
  T.fromJson(json); // Lodestar's own check of the shape
  const out = { version: 'deneb', execution_optimistic: false, finalized: headerRes.finalized ?? false, data: json };
  blocks.set(root, out);
  return out;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://adapter');
  const block = /^\/eth\/v2\/beacon\/blocks\/([^/]+)$/.exec(url.pathname);
  if (block) {
    const body = Buffer.from(JSON.stringify(await beaconBlock(block[1]!)));
    res.writeHead(200, { 'content-type': 'application/json', 'eth-consensus-version': 'deneb', 'content-length': String(body.length) });
    res.end(body);
    return;
  }
  if (url.pathname === '/eth/v1/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': no events here\n\n');
    return;
  }
  const accept = url.pathname === '/eth/v1/beacon/light_client/updates' ? 'application/json' : req.headers.accept;
  const upstream = await fetch(`${info.beaconApi}${url.pathname}${url.search}`, {
    method: req.method ?? 'GET',
    headers: accept ? { accept } : {},
  });
  const headers: Record<string, string> = {};
  for (const h of ['content-type', 'eth-consensus-version']) {
    const v = upstream.headers.get(h);
    if (v !== null) headers[h] = v;
  }
  const body = Buffer.from(await upstream.arrayBuffer());
  res.writeHead(upstream.status, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => {
    const status = err instanceof HttpError ? err.status : 500;
    const body = JSON.stringify({ code: status, message: (err as Error).message });
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const proverBeaconApi = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let stopping = false;
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  server.closeAllConnections();
  server.close();
  await devnet.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
// The parent closing our stdin (it exited, whatever the way) stops us too.
process.stdin.resume();
process.stdin.once('end', () => void stop());
process.stdout.write(`${JSON.stringify({ info, proverBeaconApi })}\n`);
