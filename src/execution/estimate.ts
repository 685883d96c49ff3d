/**
 * eth_estimateGas and eth_createAccessList over proven state. Every probe is a full run of the
 * call on the local EVM, so the answer is a gas limit at which the call was seen to succeed on
 * verified state; which of the succeeding limits is returned is policy, and Vigil follows the
 * node kind the dApp expects (the numbers match what that node would have said):
 *
 * - `geth` (go-ethereum eth/gasestimator, and clients that copied it): 21000 for a plain transfer,
 *   else a binary search from the gas used, with an optimistic first probe, stopping within 1.5%.
 * - `hardhat` (Hardhat / EDR): the gas used (at least the intrinsic cost + 1) when it succeeds,
 *   else a binary search bounded by 20 probes and a per-size tolerance.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import type { BlockEnv } from './block-env.ts';
import { defaultCallGas, type ExecutedCall, type InvalidCall, type RunOptions, type RunResult, runCall } from './call.ts';
import type { AccessListEntry, CallRequest } from './call-request.ts';
import { StateMisses } from './evm-state.ts';
import { revertMessage } from './revert.ts';
import type { ProvenState } from './state.ts';
import { intrinsicGas, plainTransferGas, txGasLimitCap } from './tx-gas.ts';

export type Estimator = 'geth' | 'hardhat';

/** Thrown through the search when a probe read unproven state: the caller proves it and starts over. */
export class NeedsState {
  constructor(readonly misses: StateMisses) {}
}

export type EstimateOutcome =
  | { kind: 'estimate'; gas: bigint }
  /** The call fails at any gas the search may use: the failing run, as eth_call would report it. */
  | { kind: 'failed'; run: ExecutedCall | InvalidCall; message: string };

/** geth's RPCGasCap default; a search never goes above it. */
const RPC_GAS_CAP = 50_000_000n;
const CALL_STIPEND = 2_300n;
const TX_GAS = 21_000n;
const GETH_ERROR_RATIO = 0.015;
const HARDHAT_MAX_ITERATIONS = 20;

export async function estimateGas(
  env: BlockEnv,
  request: CallRequest,
  state: ProvenState,
  estimator: Estimator,
  options: Pick<RunOptions, 'blockHashes' | 'stateOverride'> = {},
): Promise<EstimateOutcome> {
  const probe = async (gasLimit: bigint): Promise<ExecutedCall | InvalidCall> => {
    const r: RunResult = await runCall(env, request, state, { ...options, gasLimit });
    if (r.kind === 'missing') throw new NeedsState(r.misses);
    return r;
  };
  return estimator === 'hardhat' ? estimateHardhat(env, request, probe) : estimateGeth(env, request, state, probe, options);
}

async function estimateGeth(
  env: BlockEnv,
  request: CallRequest,
  state: ProvenState,
  probe: (gas: bigint) => Promise<ExecutedCall | InvalidCall>,
  options: Pick<RunOptions, 'blockHashes' | 'stateOverride'>,
): Promise<EstimateOutcome> {
  let hi = request.gas !== undefined && request.gas >= TX_GAS ? request.gas : env.gasLimit;
  const feeCap = request.gasPrice ?? request.maxFeePerGas ?? 0n;
  if (feeCap > 0n) {
    // The sender can pay for no more gas than its balance buys.
    const balance = senderBalance(request, state, options);
    let available = balance;
    if (request.value > 0n) {
      if (request.value >= available) {
        return failedBefore('INSUFFICIENT_FUNDS', 'insufficient funds for transfer');
      }
      available -= request.value;
    }
    const allowance = available / feeCap;
    if (hi > allowance) hi = allowance;
  }
  if (hi > RPC_GAS_CAP) hi = RPC_GAS_CAP;
  const cap = txGasLimitCap(env.fork);
  if (cap !== undefined && hi > cap) hi = cap;

  const ok = (r: ExecutedCall | InvalidCall) => r.kind === 'executed' && r.success;
  // A plain transfer costs 21000, but not one that carries authorizations (geth's gasestimator skips those too);
  // from Amsterdam its intrinsic gas (EIP-2780), or that and a new account's state gas (EIP-8037).
  if (request.data.length === 0 && request.to !== null && (request.authorizationList?.length ?? 0) === 0 && targetCodeSize(request, state, options) === 0) {
    for (const plain of plainTransferGas(request, env.fork)) if (ok(await probe(plain))) return { kind: 'estimate', gas: plain };
  }
  const first = await probe(hi);
  if (first.kind === 'invalid') return { kind: 'failed', run: first, message: first.message };
  if (!first.success) {
    if (first.halt === 'out of gas') return { kind: 'failed', run: first, message: `gas required exceeds allowance (${hi})` };
    return { kind: 'failed', run: first, message: first.reverted ? revertMessage(bytesToHex(first.returnData)) : first.halt ?? 'execution failed' };
  }
  let lo = first.gasUsed - 1n;
  const optimistic = ((first.maxUsedGas + CALL_STIPEND) * 64n) / 63n;
  if (optimistic < hi) {
    if (ok(await probe(optimistic))) hi = optimistic;
    else lo = optimistic;
  }
  while (lo + 1n < hi) {
    if (Number(hi - lo) / Number(hi) < GETH_ERROR_RATIO) break;
    let mid = (hi + lo) / 2n;
    if (mid > lo * 2n) mid = lo * 2n;
    if (ok(await probe(mid))) hi = mid;
    else lo = mid;
  }
  return { kind: 'estimate', gas: hi };
}

async function estimateHardhat(
  env: BlockEnv,
  request: CallRequest,
  probe: (gas: bigint) => Promise<ExecutedCall | InvalidCall>,
): Promise<EstimateOutcome> {
  const first = await probe(request.gas ?? defaultCallGas(env));
  if (first.kind === 'invalid') return { kind: 'failed', run: first, message: first.message };
  if (!first.success) return { kind: 'failed', run: first, message: first.reverted ? revertMessage(bytesToHex(first.returnData)) : first.halt ?? 'execution failed' };
  const { intrinsic } = intrinsicGas(request, env);
  let estimate = first.gasUsed <= intrinsic ? intrinsic + 1n : first.gasUsed;
  const succeeds = async (gas: bigint) => {
    const r = await probe(gas);
    return r.kind === 'executed' && r.success;
  };
  if (await succeeds(estimate)) return { kind: 'estimate', gas: estimate };
  let lower = estimate;
  let upper = defaultCallGas(env);
  for (let i = 0; upper - lower > hardhatMinDifference(lower) && i < HARDHAT_MAX_ITERATIONS; i++) {
    let mid = lower + (upper - lower) / 2n;
    if (i === 0 && mid > 3n * lower) mid = 3n * lower;
    if (await succeeds(mid)) upper = mid;
    else lower = mid + 1n;
  }
  estimate = upper;
  return { kind: 'estimate', gas: estimate };
}

function hardhatMinDifference(lower: bigint): bigint {
  if (lower >= 4_000_000n) return 50_000n;
  if (lower >= 1_000_000n) return 10_000n;
  if (lower >= 100_000n) return 1_000n;
  if (lower >= 50_000n) return 500n;
  if (lower >= 30_000n) return 300n;
  return 200n;
}

export interface AccessListOutcome {
  accessList: AccessListEntry[];
  gasUsed: bigint;
  /** Why the call fails with this list, when it does. */
  error?: string;
  run: ExecutedCall | InvalidCall;
}

const MAX_ACCESS_LIST_ROUNDS = 16;

/**
 * eth_createAccessList as geth computes it: run with the list so far, collect what the run's
 * opcodes named (./access-list-trace.ts), repeat until the list no longer changes.
 */
export async function createAccessList(
  env: BlockEnv,
  request: CallRequest,
  state: ProvenState,
  options: Pick<RunOptions, 'blockHashes' | 'stateOverride'> = {},
): Promise<AccessListOutcome> {
  let list = request.accessList;
  for (let round = 0; round < MAX_ACCESS_LIST_ROUNDS; round++) {
    const r = await runCall(env, { ...request, accessList: list }, state, { ...options, reportAccessList: true });
    if (r.kind === 'missing') throw new NeedsState(r.misses);
    if (r.kind === 'invalid') return { accessList: list, gasUsed: 0n, error: r.message, run: r };
    const next = r.accessList ?? [];
    if (sameList(next, list)) {
      const error = r.success ? undefined : r.reverted ? 'execution reverted' : r.halt;
      return { accessList: next, gasUsed: r.gasUsed, ...(error !== undefined ? { error } : {}), run: r };
    }
    list = next;
  }
  return { accessList: list, gasUsed: 0n, error: 'the access list did not settle', run: { kind: 'invalid', reason: 'INTRINSIC_GAS', message: 'the access list did not settle' } };
}

function sameList(a: readonly AccessListEntry[], b: readonly AccessListEntry[]): boolean {
  const flat = (l: readonly AccessListEntry[]) =>
    l.map((e) => `${bytesToHex(e.address)}:${e.storageKeys.map(bytesToHex).sort().join(',')}`).sort().join('|');
  return flat(a) === flat(b);
}

function failedBefore(reason: InvalidCall['reason'], message: string): EstimateOutcome {
  const run: InvalidCall = { kind: 'invalid', reason, message };
  return { kind: 'failed', run, message };
}

function senderBalance(request: CallRequest, state: ProvenState, options: Pick<RunOptions, 'stateOverride'>): bigint {
  const override = options.stateOverride?.get(bytesToHex(request.from))?.balance;
  if (override !== undefined) return override;
  const account = state.account(bytesToHex(request.from));
  if (account === undefined) throw new NeedsState(missingAccount(bytesToHex(request.from)));
  return account.exists ? account.balance : 0n;
}

function targetCodeSize(request: CallRequest, state: ProvenState, options: Pick<RunOptions, 'stateOverride'>): number {
  const to = bytesToHex(request.to!);
  const override = options.stateOverride?.get(to)?.code;
  if (override !== undefined) return override.length;
  const code = state.code(to);
  if (code === undefined) {
    const misses = missingAccount(to);
    misses.code(to);
    throw new NeedsState(misses);
  }
  return code.length;
}

function missingAccount(address: string): StateMisses {
  const m = new StateMisses();
  m.account(address);
  return m;
}
