/**
 * One-shot: an L2 balance on the devnet's validity rollup, proven from L1 alone, against the L2
 * RPC's unverified answer, in the same run.
 * - The devnet (`vigil devnet --rollup`) runs in a child process (its prover must not share this
 *   event loop); a deposit opens an account and the bench waits for the batch that holds it.
 * - Vigil: an in-process light client (L1Sync) gives the verified head; RollupFollower with the
 *   vigil-zk-v1 adapter: the contract's slots by eth_getProof (two rounds), then, once per batch,
 *   the commit transaction and receipt proven through their block and the Groth16 proof verified
 *   (in-process, on the WASM BN254 kernel), then the account's Merkle proof.
 * - First verification of a new batch: that whole path once, broken down by step.
 * - Steady state: the same balance again at the same head (the batch's verdict cached): slot proofs
 *   + the account proof. Anchor: the L2 RPC's `vigil_getAccountProof` answer taken as it comes
 *   (what a wallet that trusts the L2 RPC shows).
 * Usage: node --import tsx bench/l2-balance.ts   (prints markdown)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeFunctionData } from 'viem';
import { beaconApiFor } from '../src/client/light-client/beacon-api.ts';
import { ExecutionRpc } from '../src/client/verified/execution-rpc.ts';
import { L1Sync } from '../src/client/light-client/sync.ts';
import { RollupFollower } from '../src/client/rollups/follower.ts';
import { rollupSources } from '../src/client/rollups/sources.ts';
import { memoryPersistence } from '../src/client/light-client/store-persistence.ts';
import { blobBaseFeeOn, VerifiedChain } from '../src/client/verified/chain.ts';
import { VerifiedHeaders } from '../src/client/verified/headers.ts';
import { bytesToHex } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { derivePublicKey } from '../src/crypto/babyjub.ts';
import type { DevnetInfo } from '../src/devnet/devnet.ts';
import { ARTIFACTS } from '../src/devnet/rollup/contracts/artifacts.ts';
import { parseNetworkConfig } from '../src/l1/config.ts';
import type { VerifiedHead } from '../src/l1/heads.ts';
import { vigilZkAdapter } from '../src/l2/vigil-zk/adapter.ts';
import type { ProvenAccount } from '../src/l2/vigil-zk/tree.ts';
import type { VigilZkConfig } from '../src/l2/vigil-zk/config.ts';
import { jsonRpcCall } from '../src/rpc/http.ts';
import { bn254Ready } from '../src/crypto/bn254.ts';
import { verifyProofCheck } from '../src/client/verified/proof-checks.ts';
import { readPinnedView } from '../src/execution/verifier-contract.ts';
import { localProcessorFor } from '../src/l1/processor.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = process.env.BENCH_QUICK === '1' ? 10 : 60;
const OPTS = { timeoutMs: 30_000, maxBytes: 1 << 22 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

await Promise.all([cryptoReady(), bn254Ready()]);
const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-l2-'));
const readyFile = join(dir, 'ready.json');
const child = spawn(process.execPath, ['bin/vigil.mjs', 'devnet', '--rollup', '--preset', 'minimal', '--slot-seconds', '1', '--ready-file', readyFile], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
child.stderr!.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
process.once('exit', () => {
  child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});
for (let i = 0; !existsSync(readyFile); i++) {
  if (i > 1800) throw new Error(`devnet not ready:\n${stderr}`);
  await sleep(100);
}
const info = JSON.parse(readFileSync(readyFile, 'utf8')) as DevnetInfo;
const rollup = info.rollup!;
const config = vigilZkAdapter.parseConfig(JSON.parse(readFileSync(rollup.config, 'utf8'))) as VigilZkConfig;

// A deposit opens an account; wait for the batch that holds it.
const owner = info.accounts[4]!.toLowerCase();
const { ax, ay } = derivePublicKey(new Uint8Array(32).fill(9));
const data = encodeFunctionData({ abi: ARTIFACTS.VigilRollup.abi, functionName: 'deposit', args: [(1n << 256n) - 1n, ax, ay] });
await jsonRpcCall(info.nodeRpc, 'eth_sendTransaction', [{ from: owner, to: rollup.contract, data, value: '0xde0b6b3a7640000', gas: '0x200000' }], OPTS);
let index: number | null = null;
for (let i = 0; i < 240 && index === null; i++) {
  await sleep(500);
  const found = (await jsonRpcCall(rollup.l2Rpc, 'vigil_getAccountIndex', [owner], OPTS)) as number | null;
  const batch = (await jsonRpcCall(rollup.l2Rpc, 'vigil_getBatch', ['latest'], OPTS)) as { l1TxHash: string | null } | null;
  if (found !== null && batch?.l1TxHash) {
    const proof = (await jsonRpcCall(rollup.l2Rpc, 'vigil_getAccountProof', [found, 'latest'], OPTS)) as { leaf: unknown };
    if (proof.leaf !== null) index = found;
  }
}
if (index === null) throw new Error(`no batch held the deposit:\n${stderr}`);

// The light client, following the devnet in this process.
const l1 = parseNetworkConfig(info.network);
const sync = new L1Sync({ processor: localProcessorFor(l1), network: 'devnet', config: l1, api: beaconApiFor(l1, [info.beaconApi], { retries: 0 }), persistence: memoryPersistence(), checkpoint: info.checkpoint });
await sync.init();
let head: VerifiedHead | undefined;
const committedAt = Number(((await jsonRpcCall(rollup.l2Rpc, 'vigil_getBatch', ['latest'], OPTS)) as { l1Block: number }).l1Block);
for (let i = 0; i < 120; i++) {
  await sync.step();
  head = sync.optimistic;
  if (head && Number(head.execution.blockNumber) >= committedAt) break;
  await sleep(300);
}
if (!head) throw new Error('no verified head');
const ref = { blockNumber: head.execution.blockNumber, blockHash: bytesToHex(head.execution.blockHash), stateRoot: bytesToHex(head.execution.stateRoot), timestamp: head.execution.timestamp };
const rpc = new ExecutionRpc({ endpoints: [info.executionRpc] });
const anchors = () => ({ latest: { blockNumber: head!.execution.blockNumber, blockHash: head!.execution.blockHash } });
const chain = new VerifiedChain({ rpc, headers: new VerifiedHeaders({ rpc, anchors }), blobBaseFee: blobBaseFeeOn(l1) });

// Instrumented sources: each step timed.
const spans: Record<string, number> = {};
const timed = <A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
  const t0 = performance.now();
  try {
    return await fn(...a);
  } finally {
    spans[name] = (spans[name] ?? 0) + performance.now() - t0;
  }
};
const sources = rollupSources({ rpc, chain, headOf: () => head!, l2Rpc: rollup.l2Rpc, verifyProof: verifyProofCheck, runView: readPinnedView });
const follower = new RollupFollower<VigilZkConfig, ProvenAccount>({
  adapter: vigilZkAdapter,
  config,
  readStorage: timed('L1 slots by eth_getProof (verified)', sources.readStorage),
  transaction: timed('commit transaction, proven through its block', sources.transaction),
  receipt: timed('commit receipt, proven through its block', sources.receipt),
  commitTxOf: timed('where the commit is (L2 RPC hint)', sources.commitTxOf),
  verifyProof: timed('Groth16 verify (WASM BN254, in-process)', sources.verifyProof),
  accountProof: timed('account proof from the L2 RPC', sources.accountProof),
});

const t0 = performance.now();
const followed = await follower.follow(ref);
const account = await follower.account(followed, { index });
const first = performance.now() - t0;
const firstSpans = { ...spans };
if (account.account?.balance !== 10n ** 18n) throw new Error(`proven balance ${account.account?.balance}`);

const vigil: number[] = [];
const anchor: number[] = [];
for (let i = 0; i < RUNS + 5; i++) {
  const a0 = performance.now();
  const f = await follower.follow(ref);
  await follower.account(f, { index });
  const a1 = performance.now();
  await jsonRpcCall(rollup.l2Rpc, 'vigil_getAccountProof', [index, 'latest'], OPTS);
  const a2 = performance.now();
  if (i >= 5) {
    vigil.push(a1 - a0);
    anchor.push(a2 - a1);
  }
}

console.log(`### L2 balance on the devnet rollup, proven from L1 vs the L2 RPC's word (median of ${RUNS})`);
console.log();
console.log('| path | median ms | p90 ms | ÷ anchor |');
console.log('|---|---:|---:|---:|');
console.log(`| Vigil, steady state: the contract's slots proven (2 rounds of eth_getProof), the batch's verdict cached, the account's Merkle proof checked | ${median(vigil).toFixed(2)} | ${p90(vigil).toFixed(2)} | ${(median(vigil) / median(anchor)).toFixed(1)}× |`);
console.log(`| anchor: the L2 RPC's vigil_getAccountProof, believed as it comes | ${median(anchor).toFixed(2)} | ${p90(anchor).toFixed(2)} | 1.00× |`);
console.log();
console.log(`First verification of batch ${followed.accepted.batch} (a new batch: everything once): ${first.toFixed(1)} ms in all —`);
console.log(Object.entries(firstSpans).map(([k, v]) => `${k} ${v.toFixed(1)} ms`).join('; ') + '.');
console.log();
console.log(`- machine: ${cpus()[0]?.model.trim()} × ${cpus().length}; node ${process.version}; ${new Date().toISOString()}; circuit Rollup(6, 2), Groth16, 5 public inputs`);
process.exit(0);
