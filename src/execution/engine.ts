/**
 * The execution engine: verified state kept per state root (so a repeated call needs no new
 * proof), and one step of a verified call: verify what the caller fetched, run, and answer either
 * the outcome or what must be proven next. The caller (src/client/verified/call.ts) does the
 * fetching; the engine decides nothing on data it has not verified. In the extension it lives in
 * its own worker; in Node it runs in-process. Tasks and replies are JSON, so they cross threads.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { aarray } from '../core/json.ts';
import { type BlockEnv, type BlockEnvJson, blockEnvFromJson } from './block-env.ts';
import { type ExecutedCall, type InvalidCall, runCall } from './call.ts';
import { type AccessListEntry, parseCallRequest, parseStateOverride } from './call-request.ts';
import { parseAuthorizationList } from './authorizations.ts';
import { createAccessList, estimateGas, type Estimator, NeedsState } from './estimate.ts';
import type { StateMisses } from './evm-state.ts';
import { type HoldingsJson, parseHoldingsSpec } from './effects.ts';
import { exploreLanding, type LandingJson } from './next-block/explore.ts';
import { landingRange } from './next-block/landing.ts';
import { TaintRun } from './next-block/taint-run.ts';
import { type BlocksSimulation, type SimulatedBlockInput, type SimulatedCall, type SimulateOptions, simulateBlocks } from './simulate.ts';
import { revertMessage } from './revert.ts';
import { type PlannedBlock, planSimulateV1, simulateV1Result, validationErrorCode } from './simulate-v1.ts';
import { CodeStore, type ProofRequest, ProvenState } from './state.ts';

export type ExecutionMode = 'call' | 'estimateGas' | 'createAccessList' | 'simulate';

/** An eth_getProof answer (and the code, when it was asked for) for one request. */
export interface FetchedAccount {
  request: ProofRequest;
  proof: unknown;
  /** 0x-hex from eth_getCode. */
  code?: string;
}

export interface ExecutionTask {
  env: BlockEnvJson;
  mode: ExecutionMode;
  /** The JSON-RPC call object (simulate: the first of `calls`, or ignored when `calls` is given). */
  call: unknown;
  /** simulate: the calls of a batch, run in order, each on what the ones before wrote. */
  calls?: unknown[];
  /**
   * simulate: an eth_simulateV1 request's options as a page sent them (./simulate-v1.ts plans its
   * blocks after `env`, runs them on the base block's proven state, and answers its result).
   */
  simulateV1?: unknown;
  /** eth_call's state override set. */
  stateOverride?: unknown;
  /**
   * The wallet's own call (the popup's delegation or revocation, issue 41): its `authorizationList`
   * (EIP-7702) is run. Never set for a page's request, whose lists stay refused.
   */
  ownAuthorizations?: boolean;
  /**
   * simulate (a batch, not `simulateV1`): whose token balances to read before and after the run,
   * over the same proven state (./effects.ts, its holdings): `{ holder, tokens?: [{ token, standard, tokenId? }],
   * max? }`, `tokens` read besides those the run touched, `max` touched tokens read at most.
   */
  holdings?: unknown;
  estimator?: Estimator;
  /** Data fetched since the last step, verified here before anything reads it. */
  fetched?: FetchedAccount[];
  /** [number, hash] of ancestors whose hashes the caller verified through header links. */
  blockHashes?: [string, string][];
  /**
   * The RPC's access list for this call: unverified, only a guess of what to prove ahead. What
   * it names that is not proven yet is added to this step's missing state.
   */
  hint?: { address: string; slots: string[] }[];
}

export interface MissingState {
  accounts: { address: string; slots: string[]; code: boolean }[];
  /** Block numbers (0x-hex) whose hashes BLOCKHASH asked for. */
  blockHashes: string[];
  /**
   * The run went on with another block's proven state after each miss and never left what that
   * block held: this list is a prediction as good as an access list, no hint is needed.
   */
  predicted?: boolean;
}

export interface ExecutionOutcome {
  status: 'success' | 'reverted' | 'halted' | 'invalid';
  /** The return data, or the revert data. */
  returnData: string;
  gasUsed: string;
  /** Why it halted or could not start; for a reverted eth_call, the node's words (./revert.ts revertMessage); for eth_estimateGas, the node's error message. */
  message?: string;
  /** eth_estimateGas. */
  gas?: string;
  /** eth_createAccessList. */
  accessList?: { address: string; storageKeys: string[] }[];
  logs?: { address: string; topics: string[]; data: string }[];
  /** simulate: each call's outcome, the native balances the batch changed, the contracts it created. */
  simulation?: SimulationJson;
  /** simulate with `simulateV1`: eth_simulateV1's answer, its blocks as a node gives them. */
  simulateV1?: Record<string, unknown>[];
  /** simulate with `simulateV1` and validation on: the first call that failed a transaction's checks, with the code a node answers the whole request with. */
  simulateV1Error?: { code: number; message: string };
  /**
   * simulate in the block after a head (`env.upcoming`), when the calls read a value of the block
   * they land in: what it reached over the blocks they can land in (./next-block/explore.ts).
   */
  landing?: LandingJson<SimulationJson>;
}

export type SimulatedCallJson = {
  status: ExecutionOutcome['status'];
  returnData: string;
  gasUsed: string;
  logs: { address: string; topics: string[]; data: string }[];
  message?: string;
  createdAddress?: string;
  /** What the sender paid for gas, in wei (0x-hex). */
  fee?: string;
};

export interface SimulationJson {
  /** Every call, in order (all blocks'). */
  calls: SimulatedCallJson[];
  /** The calls by block (eth_simulateV1's form; one block for a batch). */
  blocks: SimulatedCallJson[][];
  balances: { address: string; before: string; after: string }[];
  created: string[];
  /** The holder's token balances before and after, when the task asked (./effects.ts, its holdings). */
  holdings?: HoldingsJson;
  /** Amsterdam: what the batch adds to the state, and the state gas (0x-hex) it pays for it (EIP-8037). */
  newState?: NewStateJson;
}

export interface NewStateJson {
  accounts: number;
  slots: number;
  codeBytes: number;
  delegations: number;
  stateGas: string;
}

/** Most calls one simulated batch may hold, in all its blocks (EIP-5792 batches are a handful). */
const MAX_SIMULATED_CALLS = 64;
/** Most blocks one simulation may hold (eth_simulateV1 on public endpoints allows 16). */
const MAX_SIMULATED_BLOCKS = 16;

export type ExecutionReply = { done: false; missing: MissingState } | { done: true; outcome: ExecutionOutcome };

/** Most accounts and slots one step asks for: a speculative run may wander, the first misses are real. */
const MAX_ACCOUNTS_PER_STEP = 128;
const MAX_SLOTS_PER_STEP = 1024;

export class ExecutionEngine {
  private readonly codes = new CodeStore();
  private readonly states = new Map<string, ProvenState>();
  private readonly hashes = new Map<string, Map<bigint, Uint8Array>>();
  private readonly chainOf = new WeakMap<ProvenState, bigint>();

  constructor(private readonly maxStates = 8) {}

  /**
   * @throws VerificationError when fetched data does not verify (the data stays out; what
   *   verified before it stays in); InputError for a malformed task or call object.
   */
  async step(task: ExecutionTask): Promise<ExecutionReply> {
    const env = blockEnvFromJson(task.env);
    const state = this.stateFor(env);
    for (const f of aarray(task.fetched ?? [], 'fetched', 4096) as FetchedAccount[]) {
      state.addProof(f.request, f.proof);
      if (f.code !== undefined) state.addCode(f.request.address, hexToBytes(f.code, undefined, 'code'));
    }
    const hashes = this.hashesFor(env);
    for (const [n, h] of task.blockHashes ?? []) hashes.set(hexToBigInt(n, 'block number'), hexToBytes(h, 32, 'block hash'));

    const own = task.ownAuthorizations === true ? { authorizations: parseAuthorizationList } : {};
    const request = parseCallRequest(task.call, env.chainId, own);
    const guess = this.guessFor(state, env.chainId);
    const options = { blockHashes: hashes, stateOverride: parseStateOverride(task.stateOverride), ...(guess ? { guess } : {}) };
    try {
      switch (task.mode) {
        case 'call': {
          const r = await runCall(env, request, state, options);
          if (r.kind === 'missing') throw new NeedsState(r.misses);
          const outcome = outcomeOf(r);
          // A revert worded as a node words it, here beside the run (the service worker then needs no ABI decoding).
          if (outcome.status === 'reverted') outcome.message = revertMessage(outcome.returnData);
          return { done: true, outcome: { ...outcome, logs: r.kind === 'executed' ? r.logs.map(logJson) : [] } };
        }
        case 'estimateGas': {
          const r = await estimateGas(env, request, state, task.estimator ?? 'geth', options);
          if (r.kind === 'estimate') return { done: true, outcome: { status: 'success', returnData: '0x', gasUsed: bigIntToHex(r.gas), gas: bigIntToHex(r.gas) } };
          return { done: true, outcome: { ...outcomeOf(r.run), message: r.message } };
        }
        case 'createAccessList': {
          const r = await createAccessList(env, request, state, options);
          return {
            done: true,
            outcome: {
              ...outcomeOf(r.run),
              gasUsed: bigIntToHex(r.gasUsed),
              accessList: r.accessList.map(accessListJson),
              ...(r.error !== undefined ? { message: r.error } : {}),
            },
          };
        }
        case 'simulate': {
          const common = { blockHashes: hashes, ...(guess ? { guess } : {}) };
          if (task.simulateV1 !== undefined) {
            const v1 = planSimulateV1(env, task.simulateV1);
            const r = await simulateBlocks(v1Blocks(v1.blocks, env), state, {
              ...common,
              blockBaseFee: true,
              ...(v1.traceTransfers ? { traceTransfers: true } : {}),
              ...(v1.validation ? { validate: { nonce: true }, stopAtInvalid: true, ...(env.gasUsed !== undefined ? { parent: { gasUsed: env.gasUsed, gasLimit: env.gasLimit, baseFeePerGas: env.baseFeePerGas } } : {}) } : {}),
            });
            if (r.kind === 'missing') throw new NeedsState(r.misses);
            const bad = r.simulation.invalid;
            if (bad !== undefined) {
              return { done: true, outcome: { status: 'invalid', returnData: '0x', gasUsed: '0x0', message: bad.message, simulateV1Error: { code: validationErrorCode(bad.reason), message: bad.message } } };
            }
            const outcome = simulationOutcome(r.simulation);
            return { done: true, outcome: { ...outcome, simulateV1: simulateV1Result(v1.blocks, outcome.simulation!.blocks, r.simulation.baseFees) } };
          }
          const blocks = simulatedBlocks(task, env);
          const batch = { ...common, ...(task.holdings !== undefined ? { holdings: parseHoldingsSpec(task.holdings) } : {}) };
          if (env.upcoming === undefined) {
            const r = await simulateBlocks(blocks, state, batch);
            if (r.kind === 'missing') throw new NeedsState(r.misses);
            return { done: true, outcome: simulationOutcome(r.simulation) };
          }
          return { done: true, outcome: await this.nextBlockSimulation(blocks[0]!, state, batch) };
        }
        default:
          throw new InputError(`execution mode expected call, estimateGas, createAccessList or simulate, got ${String(task.mode).slice(0, 40)}`);
      }
    } catch (err) {
      if (!(err instanceof NeedsState)) throw err;
      if (guess !== undefined && (task.mode === 'estimateGas' || task.mode === 'createAccessList')) {
        // The estimators stop at their first miss (the sender's balance, the target's code): one
        // speculative run on the guess names the rest of what they will need.
        const r = await runCall(env, request, state, options);
        if (r.kind === 'missing') err.misses.merge(r.misses);
      }
      for (const h of hintOf(task.hint)) {
        if (state.account(h.address) === undefined) err.misses.account(h.address);
        for (const s of h.slots) err.misses.slot(h.address, s);
      }
      const missing = missingJson(err.misses, state, (a) => this.codeKnown(a));
      if (guess !== undefined && err.misses.blind === 0) missing.predicted = true;
      return { done: false, missing };
    }
  }

  /**
   * The wallet's transaction (or batch) in the block after a head, as that block will run it: fees
   * charged and checked as a transaction's, what the values of the block it lands in reach followed
   * (./next-block/taint.ts); when the block decides a branch, the other side run too
   * (./next-block/explore.ts).
   * @throws NeedsState for what any run read that is not proven yet
   */
  private async nextBlockSimulation(block: SimulatedBlockInput, state: ProvenState, common: Pick<SimulateOptions, 'blockHashes' | 'guess' | 'holdings'>): Promise<ExecutionOutcome> {
    const options: Omit<SimulateOptions, 'stateOverride'> = { ...common, validate: { nonce: false }, blockBaseFee: true, capGasToBalance: true };
    const landing = landingRange(block.env);
    const simulate = async (taint: TaintRun) => {
      const r = await simulateBlocks([block], state, { ...options, taint });
      if (r.kind === 'missing') throw new NeedsState(r.misses);
      return r.simulation;
    };
    const run = new TaintRun(landing);
    const sim = await simulate(run);
    const outcome = simulationOutcome(sim);
    if (run.read === 0) return outcome;
    const explored = await exploreLanding(landing, { run, sim }, common.holdings?.holder, simulate, (s) => simulationOutcome(s).simulation!);
    return { ...outcome, landing: explored };
  }

  /** The most recently used other state of the same chain: where a repeated call went last time. */
  private guessFor(current: ProvenState, chainId: bigint): ProvenState | undefined {
    const recent = [...this.states.values()];
    for (let i = recent.length - 1; i >= 0; i--) {
      const s = recent[i]!;
      if (s !== current && this.chainOf.get(s) === chainId && s.size.accounts > 0) return s;
    }
    return undefined;
  }

  /** Whether the code `address` had at another block is held: then it is not fetched again, only its hash proven. */
  private codeKnown(address: string): boolean {
    for (const other of this.states.values()) {
      const account = other.account(address);
      if (account !== undefined && other.codes.get(bytesToHex(account.codeHash)) !== undefined) return true;
    }
    return false;
  }

  private stateFor(env: BlockEnv): ProvenState {
    const key = bytesToHex(env.stateRoot);
    let state = this.states.get(key);
    if (state === undefined) {
      state = new ProvenState(env.stateRoot, this.codes);
      this.states.set(key, state);
      this.chainOf.set(state, env.chainId);
      if (this.states.size > this.maxStates) this.states.delete(this.states.keys().next().value!);
    } else {
      this.states.delete(key);
      this.states.set(key, state);
    }
    return state;
  }

  /** Verified ancestor hashes, kept per parent: a block and its siblings (the next block of a head included, whose own hash is not known) share them. */
  private hashesFor(env: BlockEnv): Map<bigint, Uint8Array> {
    const key = bytesToHex(env.parentHash);
    let m = this.hashes.get(key);
    if (m === undefined) {
      this.hashes.set(key, (m = new Map()));
      if (this.hashes.size > this.maxStates) this.hashes.delete(this.hashes.keys().next().value!);
    }
    return m;
  }
}

function outcomeOf(r: ExecutedCall | InvalidCall): ExecutionOutcome {
  if (r.kind === 'invalid') return { status: 'invalid', returnData: '0x', gasUsed: '0x0', message: r.message };
  return {
    status: r.success ? 'success' : r.reverted ? 'reverted' : 'halted',
    returnData: bytesToHex(r.returnData),
    gasUsed: bigIntToHex(r.gasUsed),
    ...(r.halt !== undefined ? { message: r.halt } : {}),
  };
}

/** The wallet's batch: one block of `calls` at the base block. */
function simulatedBlocks(task: ExecutionTask, base: BlockEnv): SimulatedBlockInput[] {
  const own = task.ownAuthorizations === true ? { authorizations: parseAuthorizationList } : {};
  const calls = (aarray(task.calls ?? [task.call], 'calls', MAX_SIMULATED_CALLS) as unknown[]).map((c) => parseCallRequest(c, base.chainId, own));
  const stateOverride = parseStateOverride(task.stateOverride);
  return [{ env: base, calls, ...(stateOverride !== undefined ? { stateOverride } : {}) }];
}

/**
 * eth_simulateV1's planned blocks (the empty ones between included: with validation each moves the
 * base fee), each in its own environment over the base block's proven state.
 */
function v1Blocks(planned: readonly PlannedBlock[], base: BlockEnv): SimulatedBlockInput[] {
  if (planned.filter((b) => !b.filler).length > MAX_SIMULATED_BLOCKS) throw new InputError(`eth_simulateV1: at most ${MAX_SIMULATED_BLOCKS} blocks with calls`);
  let total = 0;
  const { gasUsed: _, upcoming: __, ...rest } = base;
  return planned.map((b, i) => {
    total += b.calls.length;
    if (total > MAX_SIMULATED_CALLS) throw new InputError(`eth_simulateV1: at most ${MAX_SIMULATED_CALLS} calls`);
    const env: BlockEnv = { ...rest, number: b.number, timestamp: b.timestamp, gasLimit: b.gasLimit, coinbase: hexToBytes(b.coinbase, 20), prevRandao: hexToBytes(b.prevRandao, 32), baseFeePerGas: b.baseFeePerGas ?? 0n, hash: hexToBytes(b.hash, 32), parentHash: hexToBytes(b.parentHash, 32) };
    let stateOverride;
    let calls;
    try {
      stateOverride = parseStateOverride(b.stateOverride);
      calls = b.calls.map((c) => parseCallRequest(c, base.chainId));
    } catch (err) {
      if (err instanceof InputError) throw new InputError(`eth_simulateV1: blockStateCalls[${i}]: ${err.shortMessage}`);
      throw err;
    }
    return { env, calls, ...(stateOverride !== undefined ? { stateOverride } : {}), ...(b.baseFeePerGas === undefined ? { baseFeeFromParent: true } : {}) };
  });
}

/** A simulation as JSON; the outcome's own fields are the last call's (what eth_call would say of it). */
function simulationOutcome(sim: BlocksSimulation): ExecutionOutcome {
  const callJson = (c: SimulatedCall): SimulatedCallJson => ({
    status: c.status,
    returnData: bytesToHex(c.returnData),
    gasUsed: bigIntToHex(c.gasUsed),
    logs: c.logs.map(logJson),
    fee: bigIntToHex(c.fee),
    ...(c.message !== undefined ? { message: c.message } : {}),
    ...(c.createdAddress !== undefined ? { createdAddress: bytesToHex(c.createdAddress) } : {}),
  });
  const blocks = sim.blocks.map((b) => b.map(callJson));
  const calls = blocks.flat();
  const last = calls.at(-1) ?? { status: 'success' as const, returnData: '0x', gasUsed: '0x0' };
  return {
    status: last.status,
    returnData: last.returnData,
    gasUsed: last.gasUsed,
    ...('message' in last && last.message !== undefined ? { message: last.message } : {}),
    simulation: {
      calls,
      blocks,
      balances: sim.balances.map((b) => ({ address: b.address, before: bigIntToHex(b.before), after: bigIntToHex(b.after) })),
      created: sim.created,
      ...(sim.holdings !== undefined ? { holdings: sim.holdings } : {}),
      ...(sim.newState !== undefined ? { newState: { ...sim.newState, stateGas: bigIntToHex(sim.newState.stateGas) } } : {}),
    },
  };
}

function logJson(log: { address: Uint8Array; topics: Uint8Array[]; data: Uint8Array }) {
  return { address: bytesToHex(log.address), topics: log.topics.map(bytesToHex), data: bytesToHex(log.data) };
}

function accessListJson(e: AccessListEntry) {
  return { address: bytesToHex(e.address), storageKeys: e.storageKeys.map(bytesToHex) };
}

const MAX_HINT_ENTRIES = 256;

/** The hint's entries that are well-formed, bounded; anything odd in it is dropped, never an error. */
function hintOf(hint: unknown): { address: string; slots: string[] }[] {
  if (!Array.isArray(hint)) return [];
  const out: { address: string; slots: string[] }[] = [];
  for (const h of hint.slice(0, MAX_HINT_ENTRIES)) {
    if (typeof h !== 'object' || h === null) continue;
    const { address, slots } = h as { address?: unknown; slots?: unknown };
    if (typeof address !== 'string' || !/^0x[0-9a-f]{40}$/.test(address)) continue;
    const keys = Array.isArray(slots) ? slots.filter((k): k is string => typeof k === 'string' && /^0x[0-9a-f]{64}$/.test(k)) : [];
    out.push({ address, slots: keys });
  }
  return out;
}

/**
 * What to fetch next, bounded. An account's code comes in the same round (the run that needs the
 * account usually runs it next), unless the same account's code is already held from another block.
 */
function missingJson(misses: StateMisses, state: ProvenState, codeKnown: (address: string) => boolean): MissingState {
  const byAddress = new Map<string, { address: string; slots: string[]; code: boolean }>();
  const entry = (address: string) => {
    let e = byAddress.get(address);
    if (e === undefined && byAddress.size < MAX_ACCOUNTS_PER_STEP) byAddress.set(address, (e = { address, slots: [], code: false }));
    return e;
  };
  for (const a of misses.accounts) {
    const e = entry(a);
    if (e && !codeKnown(a)) e.code = true;
  }
  for (const a of misses.codes) {
    const e = entry(a);
    if (e) e.code = true;
  }
  let slots = 0;
  for (const [a, set] of misses.slots) {
    for (const s of set) {
      if (slots >= MAX_SLOTS_PER_STEP) break;
      if (state.hasStorage(a, s)) continue;
      const e = entry(a);
      if (!e) break;
      e.slots.push(s);
      slots++;
    }
  }
  return { accounts: [...byAddress.values()], blockHashes: [...misses.blockHashes].map(bigIntToHex) };
}
