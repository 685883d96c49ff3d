/**
 * One-shot (issue 52): what Amsterdam's rules cost Vigil's EVM, in the same run.
 *
 * 1. Simulation before and after: the same transactions (ETH to a new address, an ERC-20 transfer
 *    to a new holder, a Uniswap V2 swap, a token contract's creation, an EIP-7702 delegation) over
 *    the same proven state (a Fulu devnet's head, `--contracts --uniswap`), simulated by the
 *    execution engine (mode 'simulate', driven by verifiedCall: proofs by eth_getProof) in the
 *    head's env with its fork set to 'osaka' (before) and to 'amsterdam' (after: EIP-8037's state
 *    gas and reservoir, the new intrinsic rules; a slot number and Osaka's blob parameters added),
 *    cold (a fresh engine: every account, slot and code proven) and warm (the same engine again:
 *    answered from proven state). Forks alternate first from round to round, warm runs in turns.
 * 2. The re-execution rate: a Glamsterdam devnet (`--gloas-epoch 1 --history 10`) mines blocks
 *    full of ETH and token transfers from nine dev accounts (half to new addresses, half to
 *    existing ones); each block is replayed by test/support/replay-block.ts (checked header, body,
 *    receipts and access list; runs over state proven at the parent until a round needs nothing
 *    new; every receipt, access-list entry and post-state balance compared). Reported: transactions
 *    per second for the whole replay (RPC, proofs, checks) and for the final all-proven round alone.
 *    Anchor: the devnet's own node (@ethereumjs/vm 10.1.3 in a worker thread) started alone with
 *    the same genesis, rebuilding the same blocks from their raw transactions and mine options
 *    (devnet_mine timed over RPC: execution plus state root, receipts and access list), each
 *    rebuilt block's hash checked against the devnet's.
 *
 * Usage: node --import tsx bench/amsterdam.ts [rounds]   (default 40; BENCH_QUICK=1: 3 and fewer
 * transactions). Needs `npm run build:cli` (the devnets run from bin/vigil.mjs). Prints markdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifiedCall } from '../src/client/verified/call.ts';
import { blockEnvOfForkHeader } from '../src/execution/block-env.ts';
import { ExecutionRpc } from '../src/client/verified/execution-rpc.ts';
import { bigIntToHex, bytesToHex, hexToBigInt } from '../src/core/bytes.ts';
import { cryptoReady } from '../src/crypto/backend.ts';
import { encodeFunctionCall } from '../src/execution/abi.ts';
import type { BlockEnv } from '../src/execution/block-env.ts';
import { ExecutionEngine } from '../src/execution/engine.ts';
import { headerHash, parseRpcHeader } from '../src/execution/header.ts';
import { startExecutionNode } from '../src/devnet/execution/node/start.ts';
import { forkEpoch, parseNetworkConfig } from '../src/l1/config.ts';
import { jsonRpcCall } from '../src/rpc/http.ts';
import { type Case, CaseSender, devKeys, freshAddress, tokenDeployData, transferData, UNIT } from '../test/support/amsterdam-cases.ts';
import { mismatchTable, type ReplayedBlock, replayBlock } from '../test/support/replay-block.ts';
import { rpc, startDevnetProcess } from '../test/integration/helpers.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? (QUICK ? 3 : 40));
/** Transactions mined for the replay, and how many times the whole replay runs. */
const TXS = QUICK ? 60 : 240;
const REPLAYS = QUICK ? 2 : 5;
/** Warm simulations per fork, transaction and round. */
const WARM = QUICK ? 3 : 10;
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
const ACCOUNT1 = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8';
const RPC = { timeoutMs: 60_000, maxBytes: 1 << 25 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hex = (n: bigint | number) => '0x' + n.toString(16);
const loadBefore = loadavg()[0]!;
await cryptoReady();

// ---- 1. Simulation before and after, over the same proven state ----

interface SimRow {
  name: string;
  gas: Record<'osaka' | 'amsterdam', string>;
  stateGas?: string;
  cold: Record<'osaka' | 'amsterdam', number[]>;
  warm: Record<'osaka' | 'amsterdam', number[]>;
}
const FORKS = ['osaka', 'amsterdam'] as const;
const simRows: SimRow[] = [];
let simHead = 0n;
{
  const devnet = await startDevnetProcess(['--contracts', '--uniswap'], 120_000);
  try {
    const chainId = BigInt(devnet.info.chainId);
    // A block past the set-up: the swap then finds its pool's last update in an earlier block (its price accumulators written, as in every run).
    const setUp = hexToBigInt(await rpc(devnet.info.nodeRpc, 'eth_blockNumber', []), 'block number');
    while (hexToBigInt(await rpc(devnet.info.nodeRpc, 'eth_blockNumber', []), 'block number') <= setUp) await new Promise((r) => setTimeout(r, 100));
    const json = await rpc(devnet.info.nodeRpc, 'eth_getBlockByNumber', ['latest', false]);
    const { header } = parseRpcHeader(json, 'block', { unknown: 'ignore' });
    simHead = header.number;
    const before = blockEnvOfForkHeader(header, headerHash(header), chainId, 'osaka');
    // The same block under Amsterdam's rules: SLOTNUM's slot (any) and the blob parameters it keeps (Osaka's).
    const envs: Record<(typeof FORKS)[number], BlockEnv> = { osaka: before, amsterdam: { ...before, fork: 'amsterdam', slotNumber: header.number, blobFork: 'osaka' } };
    const { router, weth } = devnet.info.contracts!.uniswap!;
    const token = devnet.info.contracts!.token;
    const fees = { maxFeePerGas: bigIntToHex(2n * header.baseFeePerGas! + 10n ** 9n), maxPriorityFeePerGas: bigIntToHex(10n ** 9n) };
    const nonce1 = hexToBigInt(await rpc(devnet.info.nodeRpc, 'eth_getTransactionCount', [ACCOUNT1, hex(header.number)]), 'nonce');
    // Fixed once: every round simulates the very same transactions.
    const txs: { name: string; call: Record<string, unknown>; own?: boolean }[] = [
      { name: 'ETH to a new address', call: { from: ACCOUNT0, to: freshAddress(), value: bigIntToHex(UNIT), ...fees } },
      { name: 'ERC-20 transfer to a new holder', call: { from: ACCOUNT0, to: token, value: '0x0', data: bytesToHex(transferData(freshAddress(), UNIT)), ...fees } },
      {
        name: 'Uniswap V2 swap (ETH → VTA, Router02)',
        call: { from: ACCOUNT0, to: router, value: bigIntToHex(10n ** 17n), data: encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [1n, [weth, token], ACCOUNT0, 1n << 40n]), ...fees },
      },
      { name: 'creation of an ERC-20 (VigilToken, 1 holder)', call: { from: ACCOUNT0, value: '0x0', data: bytesToHex(tokenDeployData([ACCOUNT0])), ...fees } },
      {
        name: 'EIP-7702 delegation of an existing account',
        call: { from: ACCOUNT0, to: ACCOUNT0, value: '0x0', ...fees, authorizationList: [{ chainId: hex(chainId), address: devnet.info.delegator, nonce: hex(nonce1), authority: ACCOUNT1 }] },
        own: true,
      },
    ];
    const execRpc = new ExecutionRpc({ endpoints: [devnet.info.executionRpc], timeoutMs: 15_000 });
    const simulate = (engine: ExecutionEngine, env: BlockEnv, t: (typeof txs)[number]) =>
      verifiedCall({ rpc: execRpc, executor: engine, env, mode: 'simulate', call: t.call, ...(t.own ? { ownAuthorizations: true } : {}) });
    for (const t of txs) {
      const row: SimRow = { name: t.name, gas: { osaka: '', amsterdam: '' }, cold: { osaka: [], amsterdam: [] }, warm: { osaka: [], amsterdam: [] } };
      for (const fork of FORKS) {
        const r = await simulate(new ExecutionEngine(), envs[fork], t);
        const c = r.outcome.simulation?.calls[0];
        if (c?.status !== 'success') throw new Error(`${t.name} under ${fork}: ${c?.status ?? r.outcome.status} ${c?.message ?? r.outcome.message ?? ''}`);
        row.gas[fork] = BigInt(c.gasUsed).toString();
        if (fork === 'amsterdam' && r.outcome.simulation?.newState !== undefined) row.stateGas = BigInt(r.outcome.simulation.newState.stateGas).toString();
      }
      simRows.push(row);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? FORKS : ([...FORKS].reverse() as unknown as typeof FORKS);
      for (const [i, t] of txs.entries()) {
        const engines = { osaka: new ExecutionEngine(), amsterdam: new ExecutionEngine() };
        for (const fork of order) {
          const t0 = performance.now();
          await simulate(engines[fork], envs[fork], t);
          simRows[i]!.cold[fork].push(performance.now() - t0);
        }
        // Warm: the two forks in turns, WARM times each, so that both see the same load.
        for (let k = 0; k < WARM; k++) {
          for (const fork of k % 2 === 0 ? order : [...order].reverse()) {
            const t0 = performance.now();
            await simulate(engines[fork], envs[fork], t);
            simRows[i]!.warm[fork].push(performance.now() - t0);
          }
        }
      }
    }
  } finally {
    await devnet.stop('SIGKILL');
    rmSync(devnet.dataDir, { recursive: true, force: true });
  }
}

// ---- 2. The re-execution rate on a Glamsterdam devnet ----

interface MinedBlock {
  number: bigint;
  hash: string;
  raw: string[];
  mine: Record<string, unknown>;
}
const replays: { ms: number; runMs: number; txs: number; blocks: ReplayedBlock[] }[] = [];
const mined: MinedBlock[] = [];
let anchor: { ms: number[]; sameHashes: number; blocks: number; txs: number } | undefined;
let anchorNote = '';
{
  const devnet = await startDevnetProcess(['--gloas-epoch', '1', '--history', '10'], 120_000);
  try {
    const url = devnet.info.nodeRpc;
    const chainId = BigInt(devnet.info.chainId);
    const config = parseNetworkConfig(devnet.info.network);
    const sender = new CaseSender(url, chainId);
    const keys = devKeys(devnet.info.mnemonic, 10);
    const holders = keys.map((k) => k.address.toLowerCase());
    const token = await sender.nextCreateAddress(holders[0]!);
    const deployed = await sender.send([{ label: 'token', key: keys[0]!, to: null, data: tokenDeployData(holders) }]);
    if ((await sender.receipts(deployed)).token!.status !== '0x1') throw new Error('the token deployment failed');
    // One estimate per kind, × 1.25, for every transaction of that kind.
    const estimate = async (call: Record<string, string>) => (hexToBigInt(await sender.call('eth_estimateGas', [call, 'latest']), 'estimate') * 5n) / 4n;
    const gas = {
      ethNew: await estimate({ from: holders[1]!, to: freshAddress(), value: hex(UNIT / 1000n) }),
      ethOld: await estimate({ from: holders[1]!, to: holders[0]!, value: hex(UNIT / 1000n) }),
      tokenNew: await estimate({ from: holders[1]!, to: token, data: bytesToHex(transferData(freshAddress(), UNIT)) }),
      tokenOld: await estimate({ from: holders[1]!, to: token, data: bytesToHex(transferData(holders[0]!, UNIT)) }),
    };
    const cases: Case[] = Array.from({ length: TXS }, (_, i) => {
      const key = keys[1 + (i % 9)]!;
      const existing = holders[(i + 3) % 10]!;
      switch (i % 4) {
        case 0:
          return { label: `eth-new ${i}`, key, to: freshAddress(), value: UNIT / 1000n, gas: gas.ethNew };
        case 1:
          return { label: `eth-old ${i}`, key, to: existing, value: UNIT / 1000n, gas: gas.ethOld };
        case 2:
          return { label: `token-new ${i}`, key, to: token, data: transferData(freshAddress(), UNIT), gas: gas.tokenNew };
        default:
          return { label: `token-old ${i}`, key, to: token, data: transferData(existing, UNIT), gas: gas.tokenOld };
      }
    });
    const sent = await sender.send(cases);
    const receipts = await sender.receipts(sent, 300_000);
    const failed = sent.filter((s) => receipts[s.label]!.status !== '0x1');
    if (failed.length > 0) throw new Error(`${failed.length} transactions failed: ${failed.map((s) => s.label).join(', ')}`);
    const numbers = [...new Set(sent.map((s) => BigInt(receipts[s.label]!.blockNumber)))].sort((a, b) => (a < b ? -1 : 1));

    for (let rep = 0; rep < REPLAYS; rep++) {
      const blocks: ReplayedBlock[] = [];
      const t0 = performance.now();
      for (const n of numbers) blocks.push(await replayBlock(n, { url, chainId, fork: config }));
      const ms = performance.now() - t0;
      const mismatches = blocks.flatMap((b) => b.mismatches);
      if (mismatches.length > 0) throw new Error(`the replay differs from the chain:\n${mismatchTable(mismatches)}`);
      if (blocks.some((b) => b.fork !== 'amsterdam')) throw new Error('a block was not run by Amsterdam\'s rules');
      replays.push({ ms, runMs: blocks.reduce((k, b) => k + b.runMs, 0), txs: blocks.reduce((k, b) => k + b.transactions, 0), blocks });
    }

    // The anchor's input: every block from 1 to the last replayed, its raw transactions and its mine options.
    const last = numbers.at(-1)!;
    for (let n = 1n; n <= last; n++) {
      const b = (await jsonRpcCall(url, 'eth_getBlockByNumber', [hex(n), false], RPC)) as Record<string, unknown> & { transactions: string[] };
      const raw = await Promise.all(b.transactions.map((_, i) => jsonRpcCall(url, 'eth_getRawTransactionByBlockNumberAndIndex', [hex(n), hex(i)], RPC) as Promise<string>));
      const mine: Record<string, unknown> = { timestamp: b.timestamp, parentBeaconBlockRoot: b.parentBeaconBlockRoot, feeRecipient: b.miner, prevRandao: b.mixHash };
      if (b.slotNumber !== undefined) mine.slotNumber = b.slotNumber;
      if (b.withdrawals !== undefined) mine.withdrawals = b.withdrawals;
      mined.push({ number: n, hash: b.hash as string, raw, mine });
    }
    const genesis = (await jsonRpcCall(url, 'eth_getBlockByNumber', ['0x0', false], RPC)) as { timestamp: string; hash: string };
    const slotTime = (epoch: bigint) => Number(genesis.timestamp) + Number(epoch * config.preset.SLOTS_PER_EPOCH) * config.secondsPerSlot;
    const bpo1 = config.blobSchedule.find((e) => e.epoch > forkEpoch(config, 'fulu'));
    await devnet.stop('SIGKILL');

    const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-amsterdam-'));
    const node = await startExecutionNode({
      dir,
      chainId: devnet.info.chainId,
      fork: 'osaka',
      genesisTimestamp: Number(genesis.timestamp),
      amsterdamTime: slotTime(forkEpoch(config, 'gloas')),
      ...(bpo1 !== undefined ? { bpo1Time: slotTime(bpo1.epoch) } : {}),
    });
    try {
      const call = (method: string, params: unknown[]) => jsonRpcCall(node.url, method, params, RPC);
      const ownGenesis = ((await call('eth_getBlockByNumber', ['0x0', false])) as { hash: string }).hash;
      if (ownGenesis !== genesis.hash) anchorNote = `the node alone has another genesis (${ownGenesis} ≠ ${genesis.hash}): `;
      const first = numbers[0]!;
      const timed = new Set(numbers);
      /** Sends each block's raw transactions and mines it with the devnet's options; the replayed blocks' devnet_mine timed. */
      const rebuild = async (blocks: MinedBlock[]) => {
        let same = 0;
        let ms = 0;
        for (const b of blocks) {
          for (const raw of b.raw) await call('eth_sendRawTransaction', [raw]);
          const t = performance.now();
          const hash = await call('devnet_mine', [b.mine]);
          if (timed.has(b.number)) ms += performance.now() - t;
          if (hash === b.hash) same++;
        }
        return { ms, same };
      };
      await rebuild(mined.filter((m) => m.number < first));
      const replayed = mined.filter((m) => m.number >= first);
      anchor = { ms: [], sameHashes: Infinity, blocks: replayed.length, txs: replayed.filter((m) => timed.has(m.number)).reduce((k, m) => k + m.raw.length, 0) };
      for (let rep = 0; rep < REPLAYS; rep++) {
        // Each pass from the block before the first replayed one (a snapshot is used up by its revert).
        const snapshot = (await call('evm_snapshot', [])) as string;
        const r = await rebuild(replayed);
        anchor.ms.push(r.ms);
        anchor.sameHashes = Math.min(anchor.sameHashes, r.same);
        if (!(await call('evm_revert', [snapshot]))) throw new Error('evm_revert refused');
      }
    } finally {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await devnet.stop('SIGKILL');
    rmSync(devnet.dataDir, { recursive: true, force: true });
  }
}

// ---- Report ----

const fmt = (x: number) => x.toFixed(1);
const fmt2 = (x: number) => x.toFixed(2);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
console.log(
  `Machine: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}; ${new Date().toISOString()}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after.\n`,
);
console.log(`### Simulation by Osaka's rules (before) and Amsterdam's (after), the same transactions over the same proven state (block ${simHead} of a Fulu devnet), median of ${ROUNDS} rounds, cold one run each, warm ${WARM} in turns (ms)\n`);
console.log('| transaction | gas before → after (state gas) | cold before | cold after | after/before | warm before | warm after | after/before |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
const sums = { cold: { osaka: 0, amsterdam: 0 }, warm: { osaka: 0, amsterdam: 0 } };
for (const r of simRows) {
  const m = (k: 'cold' | 'warm', f: 'osaka' | 'amsterdam') => {
    const v = median(r[k][f]);
    sums[k][f] += v;
    return v;
  };
  const [co, ca, wo, wa] = [m('cold', 'osaka'), m('cold', 'amsterdam'), m('warm', 'osaka'), m('warm', 'amsterdam')];
  console.log(`| ${r.name} | ${r.gas.osaka} → ${r.gas.amsterdam}${r.stateGas !== undefined ? ` (${r.stateGas})` : ''} | ${fmt(co)} | ${fmt(ca)} | ${ratio(ca, co)} | ${fmt2(wo)} | ${fmt2(wa)} | ${ratio(wa, wo)} |`);
}
console.log(`| all five (sum of medians) | | ${fmt(sums.cold.osaka)} | ${fmt(sums.cold.amsterdam)} | ${ratio(sums.cold.amsterdam, sums.cold.osaka)} | ${fmt2(sums.warm.osaka)} | ${fmt2(sums.warm.amsterdam)} | ${ratio(sums.warm.amsterdam, sums.warm.osaka)} |`);

const b0 = replays[0]!.blocks;
const txs = replays[0]!.txs;
const rate = (ms: number) => Math.round((txs * 1000) / ms);
console.log(
  `\n### Re-execution of Amsterdam blocks (Glamsterdam devnet): ${txs} transactions in ${b0.length} block${b0.length === 1 ? '' : 's'} (${b0.map((b) => b.transactions).join(', ')}), ` +
    `${TXS / 4} each of ETH to a new / an existing address and token transfers to a new / an existing holder, from 9 senders; median of ${REPLAYS} replays, every field equal to the chain's\n`,
);
const range = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
console.log('| measure | ms | range | tx/s |');
console.log('|---|---:|---:|---:|');
const whole = median(replays.map((r) => r.ms));
const runs = median(replays.map((r) => r.runMs));
console.log(`| replayBlock, whole (RPC, checks, ${b0.map((b) => b.rounds).join('/')} proof rounds, ${b0.reduce((k, b) => k + b.proven.accounts, 0)} accounts and ${b0.reduce((k, b) => k + b.proven.slots, 0)} slots proven) | ${Math.round(whole)} | ${range(replays.map((r) => r.ms))} | ${rate(whole)} |`);
console.log(`| the final all-proven round alone (runCall per transaction, on one overlay) | ${Math.round(runs)} | ${range(replays.map((r) => r.runMs))} | ${rate(runs)} |`);
if (anchor !== undefined && anchor.ms.length > 0) {
  const a = median(anchor.ms);
  console.log(
    `| anchor: the devnet's node alone (@ethereumjs/vm 10.1.3, worker thread) rebuilding the same blocks, devnet_mine over RPC (execution + state root, receipts, access list); ${anchorNote}${anchor.sameHashes}/${anchor.blocks} block hashes equal to the devnet's | ${Math.round(a)} | ${range(anchor.ms)} | ${Math.round((anchor.txs * 1000) / a)} |`,
  );
} else console.log('| anchor | none | | |');
