/**
 * One-shot: the approval window's simulation of a devnet swap through Uniswap V2's Router02 (ETH
 * in, VTA out), over state proven at the light client's head: cold (a fresh execution engine:
 * every account, slot and code proven by eth_getProof), warm (the same engine at the same head:
 * answered from proven state), and the re-simulation at approval when the head has not moved
 * (previewAgainst with the effects the window showed). Anchor: a verified eth_call of the same
 * transaction, cold, in the same run. Targets (issue 26): warm ≤ 50 ms; cold ≤ 2× the cold
 * eth_call; the re-simulation ≤ 30 ms. Issue 68: following the landing block's values through the
 * run (the router reads the time for its deadline, the pair for its accumulators; both resolve over
 * the landing range, so no branch is run twice) costs ≤ 1.3× warm: compared in the same run with
 * the same simulation followed by nothing (the engine given the block without its `upcoming` mark:
 * one run, fees and all else the same).
 *
 * An ENS registration (ETHRegistrarController.register over ENS's ExponentialPremiumPriceOracle)
 * too, warm: the oracle's 16 branches on the time part the landing points, so each set of points
 * that takes one path is run (at most one run per point); against the same followed by nothing.
 *
 * The devnet runs in a child process (`vigil devnet --contracts`); the light client is the
 * wallet's own L1 session in this process (test/integration/wallet-devnet.ts).
 *
 * With BENCH_BASELINE=<a checkout of another commit> (node_modules and the generated WASM kernels
 * beside it), the same previews also run through that commit's preview, engine and verified call,
 * in this process, in turns: the code before issue 68's taint is 9484aec7.
 *
 * Usage: node --import tsx bench/simulation.ts [rounds]   (default 30; BENCH_QUICK=1: 4). Prints markdown.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { ExecutionRpc } from '../src/client/verified/execution-rpc.ts';
import { type PreviewChain, previewAgainst, previewTransactions } from '../src/client/wallet/transaction-preview.ts';
import { verifiedCall } from '../src/client/verified/call.ts';
import { bigIntToHex } from '../src/core/bytes.ts';
import { encodeFunctionData, type Hex, namehash } from 'viem';
import { encodeFunctionCall } from '../src/execution/abi.ts';
import { ENS_ARTIFACTS } from '../src/devnet/ens/artifacts.ts';
import { nextBlockEnv } from '../src/execution/block-env.ts';
import { ExecutionEngine, type ExecutionMode, type ExecutionTask } from '../src/execution/engine.ts';
import type { CallExecutor } from '../src/client/verified/call.ts';
import { parseTransactionRequest } from '../src/wallet/transaction-request.ts';
import { rpc, startDevnetProcess } from '../test/integration/helpers.ts';
import { walletOnDevnet } from '../test/integration/wallet-devnet.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? (QUICK ? 4 : 30));
const ACCOUNT0 = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

/** Another commit's preview path, loaded beside this one's (its own module graph). */
interface Baseline {
  commit: string;
  previewTransactions: typeof previewTransactions;
  verifiedCall: typeof verifiedCall;
  Engine: new () => CallExecutor;
}
async function loadBaseline(root: string | undefined): Promise<Baseline | undefined> {
  if (root === undefined) return undefined;
  const at = (path: string) => import(join(resolve(root), path));
  const [preview, call, engine, crypto] = await Promise.all([at('src/client/wallet/transaction-preview.ts'), at('src/client/verified/call.ts'), at('src/execution/engine.ts'), at('src/crypto/backend.ts')]);
  await crypto.cryptoReady();
  const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short=8', 'HEAD'], { encoding: 'utf8' }).trim();
  return { commit, previewTransactions: preview.previewTransactions, verifiedCall: call.verifiedCall, Engine: engine.ExecutionEngine };
}
const baseline = await loadBaseline(process.env.BENCH_BASELINE);

const devnet = await startDevnetProcess(['--contracts', '--uniswap']);
const w = await walletOnDevnet(devnet.info);
try {
  // A name committed to (by the node's own account 0), old enough at the head the bench previews at.
  const ens = devnet.info.ens!;
  const C = ENS_ARTIFACTS.ETHRegistrarController.abi;
  const label = 'benchmarked';
  const registration = {
    label,
    owner: ACCOUNT0 as Hex,
    duration: 365n * 86_400n,
    secret: `0x${'5e'.repeat(32)}` as Hex,
    resolver: ens.publicResolver as Hex,
    data: [encodeFunctionData({ abi: ENS_ARTIFACTS.PublicResolver.abi, functionName: 'setAddr', args: [namehash(`${label}.eth`), ACCOUNT0 as Hex] })],
    reverseRecord: 1,
    referrer: `0x${'00'.repeat(32)}` as Hex,
  } as const;
  const commitment = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: ens.registrar.controller, data: encodeFunctionData({ abi: C, functionName: 'makeCommitment', args: [registration] }) }, 'latest'])) as Hex;
  await rpc(devnet.info.nodeRpc, 'eth_sendTransaction', [{ from: ACCOUNT0, to: ens.registrar.controller, data: encodeFunctionData({ abi: C, functionName: 'commit', args: [commitment] }), gas: '0x30000' }]);
  const committedAt = Math.floor(Date.now() / 1000);
  const setUp = BigInt((await rpc(devnet.info.nodeRpc, 'eth_blockNumber', [])) as string) + 1n;
  for (let i = 0; (w.session.walletChain()?.signingHead()?.head.blockNumber ?? -1n) < setUp || Number(w.session.walletChain()!.signingHead()!.env.timestamp) < committedAt + ens.registrar.minCommitmentAge + 2; i++) {
    if (i > 1200) throw new Error('no verified head after the set-up');
    await new Promise((r) => setTimeout(r, 100));
  }
  const live = w.session.walletChain()!;
  const head = live.signingHead()!;
  const { router, weth } = devnet.info.contracts!.uniswap!;
  const token = devnet.info.contracts!.token;
  const value = 10n ** 17n;
  const data = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [1n, [weth, token], ACCOUNT0, 1n << 40n]);
  const fees = { maxFeePerGas: bigIntToHex(2n * head.nextBaseFee + 10n ** 9n), maxPriorityFeePerGas: bigIntToHex(10n ** 9n) };
  const call = { from: ACCOUNT0, to: router, value: bigIntToHex(value), data, gas: bigIntToHex(400_000n), ...fees };
  const request = parseTransactionRequest(call);
  const execRpc = new ExecutionRpc({ endpoints: [devnet.info.executionRpc], timeoutMs: 15_000 });
  /** The engine as it is, or (untraced) given the next block without its `upcoming` mark: one run, no trace, the proofs still asked at the head. */
  const executorOf = (engine: ExecutionEngine, untraced: boolean): CallExecutor =>
    untraced ? { step: (task: ExecutionTask) => engine.step({ ...task, env: { ...task.env, upcoming: undefined } }) } : engine;
  const chainWith = (engine: ExecutionEngine, untraced = false): PreviewChain => ({
    network: live.network,
    signingHead: () => head,
    newestHead: () => head.head,
    execution: {
      // The holdings too: the window reads the user's token balances around the run (issue 50).
      run: (p: { env: typeof head.env; mode: ExecutionMode; call: unknown; calls?: unknown[]; holdings?: unknown }) =>
        verifiedCall({ rpc: execRpc, executor: executorOf(engine, untraced), env: p.env, mode: p.mode, call: p.call, ...(p.calls !== undefined ? { calls: p.calls } : {}), ...(p.holdings !== undefined ? { holdings: p.holdings } : {}) }),
    },
  });
  /** The same chain through the baseline's verified call and engine. */
  const baselineChain = (b: Baseline): PreviewChain => {
    const engine = new b.Engine();
    return {
      ...chainWith(new ExecutionEngine()),
      execution: {
        run: (p: { env: typeof head.env; mode: ExecutionMode; call: unknown; calls?: unknown[]; holdings?: unknown }) =>
          b.verifiedCall({ rpc: execRpc, executor: engine, env: p.env, mode: p.mode, call: p.call, ...(p.calls !== undefined ? { calls: p.calls } : {}), ...(p.holdings !== undefined ? { holdings: p.holdings } : {}) } as never),
      },
    };
  };
  const options = { now: Number(head.env.timestamp), routers: new Set([router]) };
  const env = nextBlockEnv(head.env, head.nextBaseFee, BigInt(live.network.secondsPerSlot ?? 12));

  // The registration, paying the rent and 5% (refunded): its price as the controller gives it.
  const price = (await rpc(devnet.info.nodeRpc, 'eth_call', [{ to: ens.registrar.controller, data: encodeFunctionCall('rentPrice(string,uint256)', [label, registration.duration]) }, 'latest'])) as string;
  const rent = BigInt(price.slice(0, 66));
  const register = parseTransactionRequest({ from: ACCOUNT0, to: ens.registrar.controller, value: bigIntToHex((rent * 105n) / 100n), data: encodeFunctionData({ abi: C, functionName: 'register', args: [registration] }), gas: bigIntToHex(600_000n), ...fees });
  const registered = await previewTransactions(chainWith(new ExecutionEngine()), [register], options);
  if (!registered.ok || registered.dependsOnBlock !== undefined || registered.failsIf !== undefined) throw new Error(`the registration was expected plain: ${JSON.stringify(registered.revert ?? registered.dependsOnBlock ?? registered.failsIf)}`);
  /** This code, the same followed by nothing, and the baseline's where one is given. */
  type Variant = 'simulation' | 'untraced' | 'baseline';
  const variants: Variant[] = baseline !== undefined ? ['simulation', 'untraced', 'baseline'] : ['simulation', 'untraced'];
  const chainOf = (v: Variant): PreviewChain => (v === 'baseline' ? baselineChain(baseline!) : chainWith(new ExecutionEngine(), v === 'untraced'));
  const previewOf = (v: Variant) => (v === 'baseline' ? baseline!.previewTransactions : previewTransactions);
  const plainSend = parseTransactionRequest({ from: ACCOUNT0, to: `0x${'5a'.repeat(20)}`, value: bigIntToHex(1n), gas: bigIntToHex(21_000n), ...fees });
  const cases = { swap: request, send: plainSend, register } as const;
  type Case = keyof typeof cases;
  const cold: Record<string, number[]> = { call: [], simulation: [], untraced: [], baseline: [] };
  const warm: Record<Case, Record<Variant, number[]>> = { swap: { simulation: [], untraced: [], baseline: [] }, send: { simulation: [], untraced: [], baseline: [] }, register: { simulation: [], untraced: [], baseline: [] } };
  const refusedBy = new Map<string, string>();
  const again: number[] = [];
  let effects = await previewTransactions(chainWith(new ExecutionEngine()), [request], options);
  if (!effects.ok) throw new Error(`the swap does not simulate: ${effects.revert?.reason}`);
  if (!(effects.blockReads ?? []).includes('timestamp')) throw new Error('the swap was expected to read the time');
  if (effects.failsIf !== undefined) throw new Error(`the swap's deadline was expected beyond the landing range: ${effects.failsIf.join('; ')}`);
  if (effects.dependsOnBlock !== undefined) throw new Error('the honest swap was shown as depending on the block');
  /** A second preview on the same chain (its engine holding the proven state): what the window pays when the head has not moved. */
  const warmOf = async (v: Variant, c: Case): Promise<number | undefined> => {
    const chain = chainOf(v);
    const preview = previewOf(v);
    try {
      await preview(chain, [cases[c]], options);
      const t = performance.now();
      await preview(chain, [cases[c]], options);
      return performance.now() - t;
    } catch (err) {
      refusedBy.set(`${v}:${c}`, (err as { code?: string }).code ?? String(err));
      return undefined;
    }
  };
  for (let round = 0; round < ROUNDS; round++) {
    // Cold, in turns: a fresh engine each (every proof fetched).
    const kinds = ['call', ...variants] as const;
    const order = [...kinds.slice(round % kinds.length), ...kinds.slice(0, round % kinds.length)];
    for (const what of order) {
      const t0 = performance.now();
      if (what === 'call') await verifiedCall({ rpc: execRpc, executor: executorOf(new ExecutionEngine(), true), env, mode: 'call', call });
      else await previewOf(what)(chainOf(what), [request], options);
      cold[what]!.push(performance.now() - t0);
    }
    for (const c of Object.keys(cases) as Case[]) {
      const turn = [...variants.slice(round % variants.length), ...variants.slice(0, round % variants.length)];
      for (const v of turn) {
        const ms = await warmOf(v, c);
        if (ms !== undefined) warm[c][v].push(ms);
      }
    }
    const chain = chainWith(new ExecutionEngine());
    effects = await previewTransactions(chain, [request], options);
    const t2 = performance.now();
    const re = await previewAgainst(chain, [request], { seen: effects }, options);
    again.push(performance.now() - t2);
    if ((re.changed ?? []).length > 0) throw new Error(`the re-simulation at the same head changed: ${re.changed!.join('; ')}`);
  }
  const row = (name: string, xs: number[], target: string) => `| ${name} | ${median(xs).toFixed(1)} | ${p90(xs).toFixed(1)} | ${target} |`;
  const ratio = median(cold.simulation!) / median(cold.call!);
  const added = (with_: number[], without: number[]) => `${(((median(with_) - median(without)) / median(without)) * 100).toFixed(0)} %`;
  console.log(`Machine: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}; ${ROUNDS} rounds; the devnet (Hardhat 2, minimal preset) in a child process; the swap: ${value} wei of ETH for VTA through Router02 (WETH → VTA), simulated as the next block runs it over the head's proven state (it reads the time: followed over the landing range).\n`);
  console.log('| measure (ms) | median | p90 | target |');
  console.log('|---|---:|---:|---|');
  console.log(row('verified eth_call of the swap, cold (anchor)', cold.call!, '—'));
  console.log(row('simulation for the window, cold (effects, token symbol/decimals/supply read)', cold.simulation!, `≤ 2× the anchor: ${ratio.toFixed(2)}×`));
  console.log(row('the same followed by nothing, cold', cold.untraced!, `the taint adds: ${added(cold.simulation!, cold.untraced!)}`));
  const vs = (a: number[], b: number[]) => (b.length === 0 ? 'n/a' : `${(median(a) / median(b)).toFixed(2)}×`);
  const base = baseline !== undefined ? ` (${baseline.commit})` : '';
  if (baseline !== undefined) console.log(row(`the code before the taint${base}, cold`, cold.baseline!, `this code: ${vs(cold.simulation!, cold.baseline!)} it`));
  console.log(row('simulation, warm (same head, state proven)', warm.swap.simulation, '≤ 50'));
  console.log(row('the same followed by nothing, warm', warm.swap.untraced, `≤ 1.3×: ${vs(warm.swap.simulation, warm.swap.untraced)}`));
  if (baseline !== undefined) console.log(row(`the code before the taint${base}, warm`, warm.swap.baseline, `≤ 1.3×: this code ${vs(warm.swap.simulation, warm.swap.baseline)} it`));
  console.log(row('re-simulation at approval, head unchanged (snapshot rule)', again, '≤ 30'));
  console.log(row('a plain send (reads nothing of the block), warm', warm.send.simulation, `unchanged: ${vs(warm.send.simulation, warm.send.untraced)} followed by nothing${baseline !== undefined ? `, ${vs(warm.send.simulation, warm.send.baseline)} the code before` : ''}`));
  console.log(row('ENS registration (register, rent + 5% refunded), warm: each landing path run', warm.register.simulation, `${vs(warm.register.simulation, warm.register.untraced)} the same followed by nothing`));
  console.log(row('the same followed by nothing, warm', warm.register.untraced, '—'));
  if (baseline !== undefined) {
    const why = refusedBy.get('baseline:register');
    console.log(warm.register.baseline.length > 0 ? row(`the code before the taint${base}, warm`, warm.register.baseline, '—') : `| the code before the taint${base} | refused (${why}) | | |`);
  }
  for (const [k, why] of refusedBy) if (!k.startsWith('baseline:')) throw new Error(`${k} refused: ${why}`);
} finally {
  await w.stop();
  await devnet.stop('SIGKILL');
}
