/**
 * A transaction, or a batch run in order, simulated on the local EVM over proven state: what each
 * call returns and emits, every native balance it changes and every contract it creates. Pure:
 * the block is a verified header, the state a ProvenState; a read of anything not proven makes the
 * whole run a list of misses (the engine proves them and runs again), never a partial answer.
 *
 * Calls run as eth_call runs them (./call.ts) on one overlay, each on what the ones before it wrote
 * (the EVM moves the sender's nonce at each, so creations land where they will). Fees are left out of
 * the run (each call is priced at zero gas): the balances show what the transaction moves, and the
 * fee, bounded by the signing policy, is shown beside them, not mixed in.
 * @module
 */
import { Address } from '@ethereumjs/util';
import { hexToBytes } from '../core/bytes.ts';
import type { BlockEnv } from './block-env.ts';
import { applyStateOverride, type EvmLog, runCall, type RunResult } from './call.ts';
import type { CallRequest, StateOverride } from './call-request.ts';
import { ProvenStateManager, StateMisses } from './evm-state.ts';
import type { ProvenState } from './state.ts';

export interface SimulatedCall {
  status: 'success' | 'reverted' | 'halted' | 'invalid';
  returnData: Uint8Array;
  gasUsed: bigint;
  logs: EvmLog[];
  /** Why it halted, or why it could not start (the node's words). */
  message?: string;
  createdAddress?: Uint8Array;
}

export interface BalanceChange {
  address: string;
  before: bigint;
  after: bigint;
}

export interface Simulation {
  calls: SimulatedCall[];
  /** Accounts whose native balance differs after the batch from before it, in first-touch order. */
  balances: BalanceChange[];
  /** Contracts the batch created (top-level and from inside calls), lower-case hex. */
  created: string[];
}

export type SimulationResult = { kind: 'missing'; misses: StateMisses } | { kind: 'done'; simulation: Simulation };

export interface SimulateOptions {
  stateOverride?: StateOverride;
  blockHashes?: ReadonlyMap<bigint, Uint8Array>;
  guess?: ProvenState;
  /** Ether transfers as logs of 0xEeee…EEeE (eth_simulateV1 traceTransfers). */
  traceTransfers?: boolean;
}

/** One simulated block: its environment (the base block's, or overridden) and its calls; its state override applies at its start. */
export interface SimulatedBlockInput {
  env: BlockEnv;
  calls: readonly CallRequest[];
  stateOverride?: StateOverride;
}

/** Runs `calls` in order in `env` over `state`. */
export async function simulateCalls(env: BlockEnv, calls: readonly CallRequest[], state: ProvenState, options: SimulateOptions = {}): Promise<SimulationResult> {
  const { stateOverride, ...rest } = options;
  const r = await simulateBlocks([{ env, calls, ...(stateOverride !== undefined ? { stateOverride } : {}) }], state, rest);
  return r.kind === 'missing' ? r : { kind: 'done', simulation: { ...r.simulation, calls: r.simulation.blocks.flat() } };
}

/**
 * Runs blocks of calls in order over `state` (eth_simulateV1's blockStateCalls): each call on what
 * every call before it wrote, each block's state override applied at its start.
 */
export async function simulateBlocks(
  blocks: readonly SimulatedBlockInput[],
  state: ProvenState,
  options: Omit<SimulateOptions, 'stateOverride'> = {},
): Promise<{ kind: 'missing'; misses: StateMisses } | { kind: 'done'; simulation: Omit<Simulation, 'calls'> & { blocks: SimulatedCall[][] } }> {
  const manager = new ProvenStateManager(state, new StateMisses(), options.guess);
  const out: SimulatedCall[][] = [];
  const overrides: StateOverride[] = [];
  for (const block of blocks) {
    const results: SimulatedCall[] = [];
    if (block.stateOverride !== undefined) overrides.push(block.stateOverride);
    for (const [k, call] of block.calls.entries()) {
      const free: CallRequest = { ...call, gasPrice: undefined, maxFeePerGas: undefined, maxPriorityFeePerGas: undefined, maxFeePerBlobGas: undefined };
      const r: RunResult = await runCall(block.env, free, state, {
        manager,
        ...(k === 0 && block.stateOverride !== undefined ? { stateOverride: block.stateOverride } : {}),
        ...(options.blockHashes !== undefined ? { blockHashes: options.blockHashes } : {}),
        ...(options.traceTransfers === true ? { traceTransfers: true } : {}),
      });
      if (r.kind === 'missing') return { kind: 'missing', misses: r.misses };
      manager.commitAll();
      if (r.kind === 'invalid') {
        results.push({ status: 'invalid', returnData: new Uint8Array(0), gasUsed: 0n, logs: [], message: r.message });
        continue;
      }
      results.push({
        status: r.success ? 'success' : r.reverted ? 'reverted' : 'halted',
        returnData: r.returnData,
        gasUsed: r.gasUsed,
        logs: r.success ? r.logs : [],
        ...(r.halt !== undefined ? { message: r.halt } : {}),
        ...(r.createdAddress !== undefined ? { createdAddress: r.createdAddress } : {}),
      });
    }
    // An override on a block with no calls still applies to the blocks after it.
    if (block.calls.length === 0 && block.stateOverride !== undefined) {
      await applyStateOverride(manager, block.stateOverride);
      if (!manager.misses.empty) return { kind: 'missing', misses: manager.misses };
      manager.commitAll();
    }
    out.push(results);
  }
  const balances: BalanceChange[] = [];
  for (const address of manager.writtenAccounts()) {
    const before = overriddenBalance(overrides, address) ?? manager.provenBalance(address);
    // Written means read first: an account written but not proven is a miss the run already reported.
    if (before === undefined) continue;
    const after = (await manager.getAccount(new Address(hexAddress(address))))?.balance ?? 0n;
    if (after !== before) balances.push({ address, before, after });
  }
  return { kind: 'done', simulation: { blocks: out, balances, created: manager.writtenCode() } };
}

/** The balance the first override that sets it gave `address` (what "before" means for an overridden account). */
function overriddenBalance(overrides: readonly StateOverride[], address: string): bigint | undefined {
  for (const override of overrides) for (const [a, o] of override) if (a.toLowerCase() === address && o.balance !== undefined) return o.balance;
  return undefined;
}

const hexAddress = (address: string): Uint8Array => hexToBytes(address, 20, 'address');

