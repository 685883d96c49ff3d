/**
 * A transaction, or a batch run in order, simulated on the local EVM over proven state: what each
 * call returns and emits, every native balance it changes and every contract it creates. Pure:
 * the block is a verified header, the state a ProvenState; a read of anything not proven makes the
 * whole run a list of misses (the engine proves them and runs again), never a partial answer.
 *
 * Calls run as ./call.ts runs them on one overlay, each on what the ones before it wrote (the EVM
 * moves the sender's nonce at each, so creations land where they will), priced as they say: a call
 * with fees buys its gas and gets back what it did not use, as in a block; one without runs free, as
 * eth_call (the wallet's own always carry the fees they will be signed with). The balances reported
 * leave the fees out: they show what the transactions move, and each call's fee is reported beside
 * them (the window shows it on its own line), not mixed in. With `holdings`, one account's token
 * balances are read before and after the run over the same proven state (./effects.ts, its holdings): what the
 * window shows of its tokens comes from those, not from the logs.
 * @module
 */
import { Address } from '@ethereumjs/util';
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import type { BlockEnv } from './block-env.ts';
import { applyStateOverride, type EvmLog, type InvalidCall, runCall, type RunResult, staticCall } from './call.ts';
import type { CallRequest, StateOverride } from './call-request.ts';
import { type NewState, ProvenStateManager, StateMisses } from './evm-state.ts';
import { nextBaseFee } from './fees.ts';
import { holdingProbes, holdingsJson, type HoldingsJson, type HoldingsSpec, readHoldings } from './effects.ts';
import { TaintRun } from './next-block/taint-run.ts';
import type { Taint } from './next-block/taint-values.ts';
import type { ProvenState } from './state.ts';
import { applySystemWrites, BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS, preBlockSystemWrites } from './next-block/system-contracts.ts';
import { hasStateGas } from './gas/tx-gas.ts';

/** What the block's own system calls write is no transaction's new state. */
const SYSTEM_CONTRACT_ADDRESSES: ReadonlySet<string> = new Set([BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS]);

export interface SimulatedCall {
  status: 'success' | 'reverted' | 'halted' | 'invalid';
  returnData: Uint8Array;
  gasUsed: bigint;
  logs: EvmLog[];
  /** Why it halted, or why it could not start (the node's words). */
  message?: string;
  createdAddress?: Uint8Array;
  /** What the sender paid for gas (0 for a free call, or one that could not start). */
  fee: bigint;
  /** Of its gas, what EIP-8037 charged for new state (Amsterdam). */
  stateGas?: bigint;
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

/** What simulateBlocks answers: the calls by block, the base fee each block ran with, and the first call that failed validation, if one did. */
export type BlocksSimulation = Omit<Simulation, 'calls'> & { blocks: SimulatedCall[][]; baseFees: bigint[]; invalid?: InvalidInBlock; holdings?: HoldingsJson; holdingTaints?: HoldingTaints; newState?: NewStateGas };

/** With a taint followed: what each holding read before and after the run depends on of the landing block (in `holdings.read`'s order). */
export interface HoldingTaints {
  before: (Taint | undefined)[];
  after: (Taint | undefined)[];
}

/** What the batch added to the state and the state gas it paid for it (Amsterdam, EIP-8037): what the window says a transaction pays for. */
export type NewStateGas = NewState & { stateGas: bigint };

export interface SimulateOptions {
  stateOverride?: StateOverride;
  blockHashes?: ReadonlyMap<bigint, Uint8Array>;
  guess?: ProvenState;
  /** Ether transfers as logs of 0xEeee…EEeE (eth_simulateV1 traceTransfers). */
  traceTransfers?: boolean;
  /** Each call meets a real transaction's checks (./call.ts `validate`). */
  validate?: { nonce: boolean };
  /** The first call that cannot start stops the run (eth_simulateV1 with validation: the whole request fails). Default: it is reported and the next runs. */
  stopAtInvalid?: boolean;
  /** BASEFEE reads each block's base fee even in a free call (eth_simulateV1). */
  blockBaseFee?: boolean;
  /** A call with no gas limit gets at most what the sender's balance pays for (./call.ts). */
  capGasToBalance?: boolean;
  /** Follows what the landing block's values reach through the batch and the holdings read around it (./next-block/taint.ts). */
  taint?: TaintRun;
  /** The base block's gas used, limit and base fee: a block with `baseFeeFromParent` takes its base fee from its parent. */
  parent?: { gasUsed: bigint; gasLimit: bigint; baseFeePerGas: bigint };
  /** Whose token balances to read before and after the run, and which tokens besides those it touched (./effects.ts, its holdings). */
  holdings?: HoldingsSpec;
}

/** One simulated block: its environment (the base block's, or overridden) and its calls; its state override applies at its start. */
export interface SimulatedBlockInput {
  env: BlockEnv;
  calls: readonly CallRequest[];
  stateOverride?: StateOverride;
  /** Its base fee is EIP-1559's after its parent (the base block, or the simulated block before it), not `env`'s. */
  baseFeeFromParent?: boolean;
}

/** A call that could not start under `stopAtInvalid`: where, and why (the run stops there). */
export interface InvalidInBlock {
  block: number;
  call: number;
  reason: InvalidCall['reason'];
  message: string;
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
): Promise<{ kind: 'missing'; misses: StateMisses } | { kind: 'done'; simulation: BlocksSimulation }> {
  const manager = new ProvenStateManager(state, new StateMisses(), options.guess);
  const out: SimulatedCall[][] = [];
  const overrides: StateOverride[] = [];
  const baseFees: bigint[] = [];
  /** Fees each sender paid (lower-case address): the balances reported leave them out. */
  const fees = new Map<string, bigint>();
  let parent = options.parent;
  let invalid: InvalidInBlock | undefined;
  const envs: BlockEnv[] = [];
  for (const [b, block] of blocks.entries()) {
    const results: SimulatedCall[] = [];
    if (block.stateOverride !== undefined) overrides.push(block.stateOverride);
    const env = block.baseFeeFromParent === true ? { ...block.env, baseFeePerGas: baseFeeAfter(parent, b) } : block.env;
    baseFees.push(env.baseFeePerGas);
    envs.push(env);
    await startBlock(manager, env);
    // The block's gas used, as its header will say it: from Amsterdam the larger of its two dimensions, before refunds (EIP-7778, EIP-8037).
    const blockGas = { regular: 0n, state: 0n };
    for (const [k, call] of block.calls.entries()) {
      const r: RunResult = await runCall(env, call, state, {
        manager,
        ...(k === 0 && block.stateOverride !== undefined ? { stateOverride: block.stateOverride } : {}),
        ...(options.blockHashes !== undefined ? { blockHashes: options.blockHashes } : {}),
        ...(options.traceTransfers === true ? { traceTransfers: true } : {}),
        ...(options.validate !== undefined ? { validate: options.validate } : {}),
        ...(options.blockBaseFee === true ? { blockBaseFee: true } : {}),
        ...(options.capGasToBalance === true ? { capGasToBalance: true } : {}),
        ...(options.taint !== undefined ? { taint: options.taint } : {}),
      });
      if (r.kind === 'missing') return { kind: 'missing', misses: r.misses };
      manager.commitAll();
      if (r.kind === 'invalid') {
        if (options.stopAtInvalid === true) {
          invalid = { block: b, call: k, reason: r.reason, message: r.message };
          break;
        }
        results.push({ status: 'invalid', returnData: new Uint8Array(0), gasUsed: 0n, logs: [], message: r.message, fee: 0n });
        continue;
      }
      blockGas.regular += r.blockGas.regular;
      blockGas.state += r.blockGas.state;
      if (r.fee > 0n) {
        const payer = hexOf(call.from);
        fees.set(payer, (fees.get(payer) ?? 0n) + r.fee);
      }
      results.push({
        status: r.success ? 'success' : r.reverted ? 'reverted' : 'halted',
        returnData: r.returnData,
        gasUsed: r.gasUsed,
        logs: r.success ? r.logs : [],
        fee: r.fee,
        ...(hasStateGas(env.fork) ? { stateGas: r.blockGas.state } : {}),
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
    if (invalid !== undefined) break;
    parent = { gasUsed: blockGas.regular > blockGas.state ? blockGas.regular : blockGas.state, gasLimit: env.gasLimit, baseFeePerGas: env.baseFeePerGas };
  }
  const balances: BalanceChange[] = [];
  for (const address of manager.writtenAccounts()) {
    const before = overriddenBalance(overrides, address) ?? manager.provenBalance(address);
    // Written means read first: an account written but not proven is a miss the run already reported.
    if (before === undefined) continue;
    const after = ((await manager.getAccount(new Address(hexAddress(address))))?.balance ?? 0n) + (fees.get(address) ?? 0n);
    if (after !== before) balances.push({ address, before, after });
  }
  const read = options.holdings === undefined || envs.length === 0 ? undefined : await runHoldings(options.holdings, blocks[0]!, envs, out, state, manager, options);
  const holdings = read?.json;
  const holdingTaints = read?.taints;
  if (!manager.misses.empty) return { kind: 'missing', misses: manager.misses };
  const newState = envs.length > 0 && hasStateGas(envs[0]!.fork) ? { ...manager.newState(SYSTEM_CONTRACT_ADDRESSES), stateGas: out.flat().reduce((sum, c) => sum + (c.stateGas ?? 0n), 0n) } : undefined;
  return { kind: 'done', simulation: { blocks: out, balances, created: manager.writtenCode(), baseFees, ...(invalid !== undefined ? { invalid } : {}), ...(holdings !== undefined ? { holdings } : {}), ...(holdingTaints !== undefined ? { holdingTaints } : {}), ...(newState !== undefined ? { newState } : {}) } };
}

/** The block after a head starts as a real one does: its system calls' writes first. */
async function startBlock(manager: ProvenStateManager, env: BlockEnv): Promise<void> {
  if (env.upcoming === undefined) return;
  await applySystemWrites(manager, preBlockSystemWrites(env, env.upcoming.parentBeaconRoot));
  manager.commitAll();
}

/**
 * The holder's tokens after the last call (in the run's own state) and before the first (a fresh
 * view of the same proven state, started as the first block starts): the tokens to read are known
 * only once the run's logs are. Misses of either side land in `manager.misses`.
 */
async function runHoldings(
  spec: HoldingsSpec,
  first: SimulatedBlockInput,
  envs: readonly BlockEnv[],
  calls: readonly SimulatedCall[][],
  state: ProvenState,
  manager: ProvenStateManager,
  options: Pick<SimulateOptions, 'guess' | 'blockHashes' | 'taint'>,
): Promise<{ json: HoldingsJson; taints?: HoldingTaints }> {
  const logs = calls.flat().flatMap((c) => c.logs.map((l) => ({ address: bytesToHex(l.address), topics: l.topics.map(bytesToHex), data: bytesToHex(l.data) })));
  const { probes, notRead } = holdingProbes(logs, spec);
  const hashes = options.blockHashes !== undefined ? { blockHashes: options.blockHashes } : {};
  // The reads after share the batch's taint (its writes); those before start from the proven state, as their own.
  const taints: HoldingTaints = { before: [], after: [] };
  const after = await readHoldings(
    async (call) => {
      const r = await staticCall(envs.at(-1)!, manager, call, { ...hashes, ...(options.taint !== undefined ? { taint: options.taint } : {}) });
      taints.after.push(r.taint);
      return r;
    },
    spec.holder,
    probes,
  );
  const fresh = new ProvenStateManager(state, new StateMisses(), options.guess);
  await startBlock(fresh, envs[0]!);
  await applyStateOverride(fresh, first.stateOverride);
  const beforeRun = options.taint !== undefined ? new TaintRun(options.taint.landing, new Set(), options.taint.start) : undefined;
  const before = await readHoldings(
    async (call) => {
      const r = await staticCall(envs[0]!, fresh, call, { ...hashes, ...(beforeRun !== undefined ? { taint: beforeRun } : {}) });
      taints.before.push(r.taint);
      return r;
    },
    spec.holder,
    probes,
  );
  if (beforeRun !== undefined) {
    // What the holder held as the landing block starts is the block's too: its reads count as the run's,
    // and a read that branches on the block has no other side run here: refused rather than taken one way.
    const r = beforeRun.report();
    options.taint!.read |= r.read;
    options.taint!.unbounded.push(...r.unbounded);
    if (r.splits.length > 0 || r.branches.length > 0 || r.moreBranches) options.taint!.unbounded.push('what you hold before it is read by a call that branches on the block');
  }
  manager.misses.merge(fresh.misses);
  const json = holdingsJson(spec.holder, probes, before, after, notRead);
  return options.taint !== undefined ? { json, taints } : { json };
}

/** EIP-1559's base fee after `parent` (the base block for the first simulated block). */
function baseFeeAfter(parent: SimulateOptions['parent'], block: number): bigint {
  if (parent === undefined) throw new InputError(`simulated block ${block}: its base fee follows from its parent's gas used, which is not known here`);
  return nextBaseFee(parent);
}

const hexOf = (address: Uint8Array): string => bytesToHex(address);

/** The balance the first override that sets it gave `address` (what "before" means for an overridden account). */
function overriddenBalance(overrides: readonly StateOverride[], address: string): bigint | undefined {
  for (const override of overrides) for (const [a, o] of override) if (a.toLowerCase() === address && o.balance !== undefined) return o.balance;
  return undefined;
}

const hexAddress = (address: string): Uint8Array => hexToBytes(address, 20, 'address');

