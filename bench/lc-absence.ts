/**
 * One-shot: catch-up after the longest absence the weak-subjectivity rule allows, whole process.
 * A client synced `absence` ago (its store on disk, finalized in sync-committee period 1) starts
 * `vigil sync` again: it reads its store, fetches one update per period from a local beacon API
 * (mainnet preset: 512-member committees, real BLS signatures; one update per period is all a
 * light client needs, so the history served skips every other slot), verifies each, then the
 * finality and optimistic updates at the tip, and prints the tip's head. Timed from spawn to that
 * line, a fresh copy of the store each run. Two eras:
 *
 * - Fulu: 14 days away (the period before Gloas, src/l1/weak-subjectivity.ts).
 * - Gloas: GLOAS_PERIOD_EPOCHS (≈ 6.6 days) away; each head's execution block is brought from a
 *   local execution RPC by its proven hash and checked (keccak256(RLP)) before it is printed.
 *
 * The target: ≤ 3 s whole process. `node -e 0` is timed the same way (every run pays it).
 * Usage: node --import tsx bench/lc-absence.ts [runs]   (default 5). Needs `npm run build:cli`.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bytesToHex } from '../src/core/bytes.ts';
import { L1Sync } from '../src/client/light-client/sync.ts';
import { fileStorePersistence } from '../src/cli/file-store.ts';
import { DEVNET_PRESETS } from '../src/devnet/beacon/presets.ts';
import { ValidatorRegistry } from '../src/devnet/beacon/committee.ts';
import { EMPTY_OMMERS_HASH, type BlockHeader, headerHash, headerToJson } from '../src/execution/header.ts';
import { type ChainConfig, computeEpochAtSlot, computeForkDigest, FAR_FUTURE_EPOCH, forkAtSlot, parseNetworkConfig } from '../src/l1/config.ts';
import {
  BeaconBlockHeader,
  CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS,
  EXECUTION_BLOCK_HASH_GINDEX_GLOAS,
  FINALIZED_ROOT_GINDEX_ELECTRA,
  FINALIZED_ROOT_GINDEX_GLOAS,
  type GloasLightClientHeader,
  type LightClientHeader,
  NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA,
  NEXT_SYNC_COMMITTEE_GINDEX_GLOAS,
} from '../src/l1/containers.ts';
import { encodeForFork } from '../src/l1/decode.ts';
import { localProcessorFor } from '../src/l1/processor.ts';
import { createLightClientContext } from '../src/l1/spec/helpers.ts';
import { GLOAS_PERIOD_EPOCHS } from '../src/l1/weak-subjectivity.ts';
import { bytes32, partialTree, preGloasHeader, signedBy } from '../test/unit/l1/gloas-builders.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
const SLOTS_PER_PERIOD = 8192n;
const DAY_SLOTS = 7200n;

type Era = 'fulu' | 'gloas';

function configJson(era: Era, genesisTime: number) {
  const fork = (v: number, epoch: bigint | number) => ({ v: `0x0${v}00abcd`, epoch: String(epoch) });
  const forks = { ALTAIR: fork(1, 0), BELLATRIX: fork(2, 0), CAPELLA: fork(3, 0), DENEB: fork(4, 0), ELECTRA: fork(5, 0), FULU: fork(6, 0), GLOAS: fork(7, era === 'gloas' ? 0 : FAR_FUTURE_EPOCH) };
  return {
    CONFIG_NAME: `absence-${era}`,
    PRESET_BASE: 'mainnet',
    DEPOSIT_CHAIN_ID: 31337,
    SECONDS_PER_SLOT: 12,
    GENESIS_TIME: genesisTime,
    GENESIS_VALIDATORS_ROOT: '0x' + '42'.repeat(32),
    GENESIS_FORK_VERSION: '0x0000abcd',
    ...Object.fromEntries(Object.entries(forks).flatMap(([k, f]) => [[`${k}_FORK_VERSION`, f.v], [`${k}_FORK_EPOCH`, f.epoch]])),
    BLOB_SCHEDULE: [],
  };
}

/** An execution header whose hash a Gloas light-client header can prove. */
function executionBlock(number: bigint, timestamp: bigint): { header: BlockHeader; hash: Uint8Array } {
  const header: BlockHeader = {
    parentHash: bytes32(`parent ${number}`),
    sha3Uncles: EMPTY_OMMERS_HASH,
    miner: new Uint8Array(20).fill(1),
    stateRoot: bytes32(`state ${number}`),
    transactionsRoot: bytes32(`txs ${number}`),
    receiptsRoot: bytes32(`receipts ${number}`),
    logsBloom: new Uint8Array(256),
    difficulty: 0n,
    number,
    gasLimit: 36_000_000n,
    gasUsed: 1_000_000n,
    timestamp,
    extraData: new Uint8Array(0),
    mixHash: bytes32(`randao ${number}`),
    nonce: new Uint8Array(8),
    baseFeePerGas: 7n,
    withdrawalsRoot: bytes32(`withdrawals ${number}`),
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: bytes32(`beacon ${number}`),
    requestsHash: bytes32(`requests ${number}`),
  };
  return { header, hash: headerHash(header) };
}

function gloasHeaderAt(slot: bigint, blockHash: Uint8Array, stateRoot = bytes32(`state-root ${slot}`)): GloasLightClientHeader {
  const body = partialTree(new Map([[EXECUTION_BLOCK_HASH_GINDEX_GLOAS, blockHash]]), `body ${slot}`);
  return { beacon: { slot, proposerIndex: 7n, parentRoot: bytes32(`parent-root ${slot}`), stateRoot, bodyRoot: body.root }, executionBlockHash: blockHash, executionBranch: body.branch(EXECUTION_BLOCK_HASH_GINDEX_GLOAS) };
}

interface World {
  era: Era;
  config: ChainConfig;
  configFile: string;
  checkpoint: string;
  tipSlot: bigint;
  periods: number;
  /** The beacon API's answers, encoded. */
  bootstrap: { fork: string; ssz: Uint8Array };
  updates: { slot: bigint; ssz: Uint8Array }[];
  finality: { fork: string; ssz: Uint8Array };
  optimistic: { fork: string; ssz: Uint8Array };
  blocks: Map<string, Record<string, string>>;
}

function build(era: Era, registry: ValidatorRegistry, dir: string): World {
  const absence = era === 'gloas' ? GLOAS_PERIOD_EPOCHS * 32n : 14n * DAY_SLOTS;
  const storeSlot = SLOTS_PER_PERIOD + 64n;
  // The longest absence the rule allows, less a few minutes for the runs to happen in.
  const tipSlot = storeSlot + absence - 100n;
  const now = Math.floor(Date.now() / 1000);
  const genesisTime = now - Number(tipSlot + 2n) * 12;
  const json = configJson(era, genesisTime);
  const config = parseNetworkConfig(json);
  const ctx = createLightClientContext(config);
  const configFile = join(dir, `${era}.json`);
  writeFileSync(configFile, JSON.stringify(json));
  const gloas = era === 'gloas';
  const blocks = new Map<string, Record<string, string>>();
  const header = (slot: bigint, stateRoot?: Uint8Array): LightClientHeader | GloasLightClientHeader => {
    if (!gloas) return preGloasHeader(slot, `h${slot}`, undefined, stateRoot);
    const b = executionBlock(slot - 1n, BigInt(genesisTime) + (slot - 1n) * 12n);
    blocks.set(bytesToHex(b.hash), headerToJson(b.header, b.hash));
    return gloasHeaderAt(slot, b.hash, stateRoot);
  };
  const g = gloas
    ? { current: CURRENT_SYNC_COMMITTEE_GINDEX_GLOAS, next: NEXT_SYNC_COMMITTEE_GINDEX_GLOAS, finality: FINALIZED_ROOT_GINDEX_GLOAS }
    : { current: CURRENT_SYNC_COMMITTEE_GINDEX_ELECTRA, next: NEXT_SYNC_COMMITTEE_GINDEX_ELECTRA, finality: FINALIZED_ROOT_GINDEX_ELECTRA };
  const fork = (slot: bigint) => forkAtSlot(config, slot).name;

  const bootState = partialTree(new Map([[g.current, registry.committee(1n).root]]), 'boot-state');
  const bootHeader = header(storeSlot, bootState.root);
  const bootstrap = { fork: fork(storeSlot), ssz: encodeForFork(ctx.types, fork(storeSlot), 'bootstrap', { header: bootHeader, currentSyncCommittee: registry.committee(1n).value, currentSyncCommitteeBranch: bootState.branch(g.current) } as never).ssz };

  // One update per period: attested near the period's end, finalizing two epochs before, bringing the next committee.
  const tipPeriod = tipSlot / SLOTS_PER_PERIOD;
  const updates: World['updates'] = [];
  const signed = (attestedSlot: bigint, finalizedSlot: bigint, period: bigint, withNext: boolean) => {
    const finalized = header(finalizedSlot);
    const leaves = new Map([[g.finality, BeaconBlockHeader.hashTreeRoot(finalized.beacon)]]);
    if (withNext) leaves.set(g.next, registry.committee(period + 1n).root);
    const state = partialTree(leaves, `state ${attestedSlot}`);
    const attested = header(attestedSlot, state.root);
    const signatureSlot = attestedSlot + 1n;
    return {
      attestedHeader: attested,
      ...(withNext ? { nextSyncCommittee: registry.committee(period + 1n).value, nextSyncCommitteeBranch: state.branch(g.next) } : {}),
      finalizedHeader: finalized,
      finalityBranch: state.branch(g.finality),
      syncAggregate: signedBy(config, registry, period, attested as LightClientHeader, signatureSlot),
      signatureSlot,
    };
  };
  for (let p = 1n; p <= tipPeriod; p++) {
    const attestedSlot = p === tipPeriod ? tipSlot - 1n : (p + 1n) * SLOTS_PER_PERIOD - 2n;
    updates.push({ slot: attestedSlot, ssz: encodeForFork(ctx.types, fork(attestedSlot), 'update', signed(attestedSlot, attestedSlot - 64n - (attestedSlot % 32n), p, true) as never).ssz });
  }
  const tip = signed(tipSlot, tipSlot - 64n - (tipSlot % 32n), tipPeriod, false);
  const finality = { fork: fork(tipSlot), ssz: encodeForFork(ctx.types, fork(tipSlot), 'finalityUpdate', tip as never).ssz };
  const optimistic = { fork: fork(tipSlot), ssz: encodeForFork(ctx.types, fork(tipSlot), 'optimisticUpdate', tip as never).ssz };
  return { era, config, configFile, checkpoint: bytesToHex(BeaconBlockHeader.hashTreeRoot(bootHeader.beacon)), tipSlot, periods: Number(tipPeriod), bootstrap, updates, finality, optimistic, blocks };
}

/** The Beacon API's four light-client routes (SSZ) and eth_getBlockByHash, from memory. */
async function serve(w: World): Promise<{ beacon: string; rpc: string; close(): Promise<void> }> {
  const servers: Server[] = [];
  const listen = async (s: Server) => {
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  const beacon = await listen(
    createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const one = (o: { fork: string; ssz: Uint8Array }) => res.writeHead(200, { 'content-type': 'application/octet-stream', 'eth-consensus-version': o.fork }).end(o.ssz);
      if (url.pathname.startsWith('/eth/v1/beacon/light_client/bootstrap/')) return one(w.bootstrap);
      if (url.pathname === '/eth/v1/beacon/light_client/finality_update') return one(w.finality);
      if (url.pathname === '/eth/v1/beacon/light_client/optimistic_update') return one(w.optimistic);
      if (url.pathname === '/eth/v1/beacon/light_client/updates') {
        const start = Number(url.searchParams.get('start_period'));
        const count = Number(url.searchParams.get('count'));
        const chunks = w.updates.slice(start - 1, start - 1 + count).map((u) => {
          const chunk = new Uint8Array(12 + u.ssz.length);
          new DataView(chunk.buffer).setBigUint64(0, BigInt(4 + u.ssz.length), true);
          chunk.set(computeForkDigest(w.config, computeEpochAtSlot(w.config, u.slot)), 8);
          chunk.set(u.ssz, 12);
          return chunk;
        });
        return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.concat(chunks));
      }
      res.writeHead(404).end();
    }),
  );
  const rpc = await listen(
    createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const answer = (r: { id: unknown; method: string; params: unknown[] }) => ({ jsonrpc: '2.0', id: r.id, result: r.method === 'eth_getBlockByHash' ? (w.blocks.get(String(r.params[0]).toLowerCase()) ?? null) : null });
        const parsed = JSON.parse(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
      });
    }),
  );
  return { beacon, rpc, close: async () => void (await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))) };
}

/** Spawn to the line that prints the tip's optimistic head (the process is then stopped). */
function timeRun(args: string[], done: (line: string) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`no tip head within 60 s\n${err.slice(-2000)}`));
    }, 60_000);
    child.stderr.on('data', (c) => (err += c));
    child.stdout.on('data', (c) => {
      out += c;
      for (const line of out.split('\n')) {
        if (line && done(line)) {
          const ms = performance.now() - start;
          clearTimeout(timer);
          child.kill();
          return resolve(ms);
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== null && code !== 0) reject(new Error(`exit ${code}\n${err.slice(-2000)}`));
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-absence-'));
  const registry = new ValidatorRegistry(DEVNET_PRESETS.mainnet, 'absence-bench', 1024);
  const rows: string[] = [];
  const node: number[] = [];
  for (let i = 0; i < RUNS; i++) node.push(await timeRun(['-e', 'console.log(1)'], () => true));
  for (const era of ['fulu', 'gloas'] as const) {
    const w = build(era, registry, dir);
    const servers = await serve(w);
    // The store as the client left it: bootstrapped in period 1, saved to its data directory.
    const template = join(dir, `${era}-store`);
    const sync = new L1Sync({
      processor: localProcessorFor(w.config),
      network: w.config.name,
      config: w.config,
      api: (await import('../src/client/light-client/beacon-api.ts')).beaconApiFor(w.config, [servers.beacon]),
      persistence: fileStorePersistence(template),
      checkpoint: w.checkpoint,
    });
    await sync.init();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const data = join(dir, `${era}-run-${i}`);
      cpSync(template, data, { recursive: true });
      const args = ['bin/vigil.mjs', 'sync', '--network-config', w.configFile, '--beacon-api', servers.beacon, '--execution-rpc', servers.rpc, '--data-dir', data];
      times.push(await timeRun(args, (line) => line.includes('"kind":"optimistic"') && line.includes(`"slot":${w.tipSlot}`)));
    }
    await servers.close();
    const days = (Number(w.tipSlot - SLOTS_PER_PERIOD - 64n) * 12) / 86400;
    rows.push(`| ${era === 'gloas' ? 'Gloas' : 'Fulu'}: ${days.toFixed(1)} days away, ${w.periods} period updates + finality + optimistic | ${median(times).toFixed(0)} | ${Math.min(...times).toFixed(0)} | ${Math.max(...times).toFixed(0)} | ${median(times) <= 3000 ? '≤ 3 s ✅ met' : '≤ 3 s ❌ missed'} |`);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`### Catch-up after the longest absence the weak-subjectivity rule allows, whole process (\`vigil sync\` from its stored store to the tip's head; mainnet preset, 512-member committees, local beacon API and execution RPC), median of ${RUNS} fresh processes\n`);
  console.log('| case | median ms | min | max | target |\n|---|---:|---:|---:|---|');
  console.log(`| \`node -e\` (startup every run pays) | ${median(node).toFixed(0)} | ${Math.min(...node).toFixed(0)} | ${Math.max(...node).toFixed(0)} |  |`);
  for (const r of rows) console.log(r);
}

await main();
