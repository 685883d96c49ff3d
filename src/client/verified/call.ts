/**
 * Verified calls: eth_call, eth_estimateGas and eth_createAccessList run on the local EVM over
 * state proven against a verified head. This module only fetches; the engine
 * (src/execution/engine.ts, in a worker in the extension) verifies and executes, and says what
 * it is missing. A step that needs nothing new answers from verified state already held (a
 * repeated call costs no round trip).
 *
 * Cold, a call costs two round trips in sequence: the engine's first speculative run names what
 * it reads (the sender, the target and its code, …) and those proofs are fetched in one batch
 * while the RPC is asked for an access list (a hint: whatever it names beyond the first batch is
 * fetched the moment it comes, proven like the rest; what it leaves out is fetched when the run
 * reaches it, in further rounds). At a new head, a call the
 * engine ran at an earlier one costs one round trip: its speculative run follows the earlier
 * state and names every account and slot at once (`predicted`), so no hint is asked.
 *
 * The wallet's own set-code runs (`ownAuthorizations`, the popup's delegation) ask no hint: the call
 * object is the user's transaction before they approved it, and an endpoint learns nothing of it
 * beyond the proofs it is asked for. No call object carrying an `authorizationList` is ever sent.
 *
 * An endpoint whose data does not verify is demoted and the same data is asked of the next; when
 * none verifies, the first lie is thrown.
 * @module
 */
import { bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { type BlockEnv, blockEnvToJson } from '../../execution/block-env.ts';
import type { ExecutionMode, ExecutionOutcome, ExecutionReply, ExecutionTask, FetchedAccount, MissingState } from '../../execution/engine.ts';
import type { Estimator } from '../../execution/estimate.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { JsonRpcRequest } from '../../rpc/http.ts';
import type { ExecutionRpc } from './execution-rpc.ts';
import { CODE_MAX_BYTES, firstFailure, proofAnswerBytes } from './reads.ts';

/** The engine, in-process or behind a worker. */
export interface CallExecutor {
  step(task: ExecutionTask): Promise<ExecutionReply>;
}

export interface VerifiedCallParams {
  rpc: ExecutionRpc;
  executor: CallExecutor;
  env: BlockEnv;
  mode: ExecutionMode;
  /** The JSON-RPC call object, as the dApp sent it (simulate: the batch's first). */
  call: unknown;
  /** simulate: the whole batch, in order. */
  calls?: unknown[];
  /** simulate: an eth_simulateV1 request's options (src/execution/engine.ts ExecutionTask.simulateV1). */
  simulateV1?: unknown;
  stateOverride?: unknown;
  /** The wallet's own set-code transaction: its authorizationList is run (src/execution/engine.ts ExecutionTask.ownAuthorizations). */
  ownAuthorizations?: boolean;
  /** simulate: whose token balances to read before and after (src/execution/engine.ts ExecutionTask.holdings). */
  holdings?: unknown;
  estimator?: Estimator;
  /** The verified hash of an ancestor of `env` (BLOCKHASH); absent, such a call fails. */
  blockHash?: (number: bigint) => Promise<Uint8Array>;
  /** Ask the RPC for an access list to fetch ahead (default true). */
  hint?: boolean;
  /** Bound on engine steps (default 24). */
  maxSteps?: number;
  onRejected?: (error: VigilError, endpoint: string) => void;
  signal?: AbortSignal;
}

export interface VerifiedCallResult {
  outcome: ExecutionOutcome;
  /** Engine steps taken (1 = answered from state already proven). */
  steps: number;
  /** Accounts and slots proven for this call. */
  proven: { accounts: number; slots: number };
  /** Endpoints whose proofs this call used (they vouch for nothing; the proofs do). */
  endpoints: string[];
}

const MAX_HINT_ACCOUNTS = 128;
const MAX_HINT_SLOTS = 1024;

/**
 * @throws VerificationError (a lie, or STATE_INCOMPLETE past `maxSteps`), TransportError (no
 *   endpoint answered), InputError (a malformed call object)
 * @example
 * const { outcome } = await verifiedCall({ rpc, executor: new ExecutionEngine(), env, mode: 'call',
 *   call: { to: token, data: balanceOfCalldata } });
 * outcome.status === 'success' && outcome.returnData
 */
export async function verifiedCall(params: VerifiedCallParams): Promise<VerifiedCallResult> {
  const { executor, env } = params;
  const envJson = blockEnvToJson(env);
  // The block after a head runs on the head's state: proofs are asked at the head.
  const block = bigIntToHex(env.upcoming !== undefined ? env.number - 1n : env.number);
  const maxSteps = params.maxSteps ?? 24;
  const used = new Set<string>();
  const proven = { accounts: 0, slots: 0 };
  let fetched: Fetched = { items: [], endpoints: [] };
  let hashes: [string, string][] = [];
  // The wallet's own delegation is not the endpoint's to see before it is sent (nor any authorization).
  let hinted = params.hint === false || params.ownAuthorizations === true || carriesAuthorizations(params.call);
  const liars = new Set<string>();
  let firstLie: VigilError | undefined;

  for (let step = 1; step <= maxSteps; step++) {
    params.signal?.throwIfAborted();
    const task: ExecutionTask = {
      env: envJson,
      mode: params.mode,
      call: params.call,
      ...(params.calls !== undefined ? { calls: params.calls } : {}),
      ...(params.simulateV1 !== undefined ? { simulateV1: params.simulateV1 } : {}),
      ...(params.stateOverride !== undefined ? { stateOverride: params.stateOverride } : {}),
      ...(params.ownAuthorizations === true ? { ownAuthorizations: true } : {}),
      ...(params.holdings !== undefined ? { holdings: params.holdings } : {}),
      ...(params.estimator !== undefined ? { estimator: params.estimator } : {}),
      fetched: fetched.items,
      blockHashes: hashes,
    };
    let reply: ExecutionReply;
    try {
      reply = await executor.step(task);
    } catch (err) {
      // Data from these endpoints did not verify: ask the others for the same, then step again.
      const lie = err instanceof VerificationError || err instanceof InputError;
      if (!lie || fetched.items.length === 0) throw err;
      firstLie ??= err;
      for (const e of fetched.endpoints) {
        liars.add(e);
        reject(params, err, e);
      }
      fetched = await fetchAccounts(params, block, fetched.items.map(requestOf), liars, firstLie);
      step--;
      continue;
    }
    for (const e of fetched.endpoints) used.add(e);
    proven.accounts += fetched.items.length;
    proven.slots += fetched.items.reduce((n, f) => n + f.request.slots.length, 0);
    if (reply.done) return { outcome: reply.outcome, steps: step, proven, endpoints: [...used] };

    hashes = await resolveHashes(params, reply.missing.blockHashes);
    const wanted = reply.missing.accounts;
    // A call repeated at a new head: the engine's run on the last head's state already names it all.
    if (reply.missing.predicted === true) hinted = true;
    if (!hinted) {
      // The hint is asked while the first proofs come. As soon as it is here the engine turns it
      // into what to prove (it knows which code it holds) and that is fetched at once, beside the
      // first batch: the next step gets both.
      hinted = true;
      const none: Fetched = { items: [], endpoints: [] };
      const ahead = async (): Promise<Fetched> => {
        const entries = await accessListHint(params, block);
        if (entries.length === 0) return none;
        const r = await executor.step({ ...task, fetched: [], blockHashes: hashes, hint: entries });
        const extra = r.done ? [] : beyond(r.missing.accounts, wanted);
        return extra.length > 0 ? fetchAccounts(params, block, extra, liars, firstLie) : none;
      };
      const [first, second] = await Promise.all([wanted.length > 0 ? fetchAccounts(params, block, wanted, liars, firstLie) : none, ahead()]);
      fetched = { items: [...first.items, ...second.items], endpoints: [...new Set([...first.endpoints, ...second.endpoints])] };
    } else {
      fetched = wanted.length > 0 ? await fetchAccounts(params, block, wanted, liars, firstLie) : { items: [], endpoints: [] };
    }
    if (fetched.items.length === 0 && hashes.length === 0) {
      throw new VerificationError('STATE_INCOMPLETE', 'the engine asked for nothing it could be given');
    }
  }
  throw new VerificationError('STATE_INCOMPLETE', `the call still reached unproven state after ${maxSteps} rounds of proofs`, {
    expected: `at most ${maxSteps} rounds`,
  });
}

interface Fetched {
  items: FetchedAccount[];
  endpoints: string[];
}

type AccountWant = MissingState['accounts'][number];

/** What `more` asks beyond `asked`: new accounts, new slots, code not asked yet. */
function beyond(more: readonly AccountWant[], asked: readonly AccountWant[]): AccountWant[] {
  const byAddress = new Map(asked.map((w) => [w.address, w]));
  const out: AccountWant[] = [];
  for (const w of more) {
    const a = byAddress.get(w.address);
    if (a === undefined) {
      out.push(w);
      continue;
    }
    const slots = w.slots.filter((s) => !a.slots.includes(s));
    const code = w.code && !a.code;
    if (slots.length > 0 || code) out.push({ address: w.address, slots, code });
  }
  return out;
}

function requestOf(f: FetchedAccount): AccountWant {
  return { address: f.request.address, slots: [...f.request.slots], code: f.code !== undefined };
}

/**
 * eth_getProof (and eth_getCode) for each account, in one batch from the most preferred endpoint
 * that answers every call; `skip` are endpoints already found lying about these.
 *
 * Not verified-reads' firstVerified: here the proofs are verified by the engine (in a worker,
 * beside the EVM run) after the whole batch came, so a lie is found one step later and the caller
 * asks the others with the liar skipped. The bounds and the failure ranking are verified-reads'.
 */
async function fetchAccounts(
  params: VerifiedCallParams,
  block: string,
  wanted: readonly AccountWant[],
  skip: ReadonlySet<string>,
  lie: VigilError | undefined,
): Promise<Fetched> {
  const calls: JsonRpcRequest[] = [];
  let maxBytes = 0;
  for (const w of wanted) {
    calls.push({ method: 'eth_getProof', params: [w.address, w.slots, block] });
    maxBytes += proofAnswerBytes(w.slots.length);
    if (w.code) {
      calls.push({ method: 'eth_getCode', params: [w.address, block] });
      maxBytes += CODE_MAX_BYTES;
    }
  }
  const failures: TransportError[] = [];
  for (const endpoint of params.rpc.endpoints) {
    if (skip.has(endpoint)) continue;
    params.signal?.throwIfAborted();
    let answers;
    try {
      answers = await params.rpc.batchAt(endpoint, calls, maxBytes);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      failures.push(err);
      params.rpc.demote(endpoint);
      continue;
    }
    const failed = answers.find((a) => !a.ok);
    if (failed !== undefined && !failed.ok) {
      failures.push(failed.error);
      params.rpc.demote(endpoint);
      continue;
    }
    let i = 0;
    const items: FetchedAccount[] = [];
    for (const w of wanted) {
      const proof = (answers[i++] as { result: unknown }).result;
      const item: FetchedAccount = { request: { address: w.address, slots: w.slots }, proof };
      if (w.code) {
        const code = (answers[i++] as { result: unknown }).result;
        if (typeof code !== 'string') {
          const err = new InputError(`eth_getCode from ${endpoint} is not a hex string`);
          reject(params, err, endpoint);
          failures.push(new TransportError('BAD_RESPONSE', err.shortMessage, { url: endpoint }));
          params.rpc.demote(endpoint);
          break;
        }
        item.code = code;
      }
      items.push(item);
    }
    if (items.length === wanted.length) return { items, endpoints: [endpoint] };
  }
  throw firstFailure(lie === undefined ? failures : [lie, ...failures]);
}

interface HintEntry {
  address: string;
  slots: string[];
}

/** Whether a call object names any EIP-7702 authorization (signed or not): such a call is never sent. */
function carriesAuthorizations(call: unknown): boolean {
  return isObject(call) && call.authorizationList !== undefined && call.authorizationList !== null;
}

/** eth_createAccessList as a hint: any failure or odd answer is no hint, never an error. */
async function accessListHint(params: VerifiedCallParams, block: string): Promise<HintEntry[]> {
  if (!isObject(params.call) || params.ownAuthorizations === true || carriesAuthorizations(params.call)) return [];
  try {
    const { result } = await params.rpc.call('eth_createAccessList', [params.call, block], 4 * 1024 * 1024);
    if (!isObject(result) || !Array.isArray(result.accessList)) return [];
    const out: HintEntry[] = [];
    let slots = 0;
    for (const e of result.accessList.slice(0, MAX_HINT_ACCOUNTS)) {
      if (!isObject(e) || typeof e.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(e.address)) continue;
      const keys = Array.isArray(e.storageKeys) ? e.storageKeys.filter((k): k is string => typeof k === 'string' && /^0x[0-9a-fA-F]{64}$/.test(k)) : [];
      const take = keys.slice(0, Math.max(0, MAX_HINT_SLOTS - slots)).map((k) => k.toLowerCase());
      slots += take.length;
      out.push({ address: e.address.toLowerCase(), slots: take });
    }
    return out;
  } catch (err) {
    if (err instanceof VigilError) return [];
    throw err;
  }
}

async function resolveHashes(params: VerifiedCallParams, numbers: readonly string[]): Promise<[string, string][]> {
  if (numbers.length === 0) return [];
  const resolve = params.blockHash;
  if (resolve === undefined) {
    throw new VerificationError('BLOCKHASH_NOT_VERIFIED', 'the call reads BLOCKHASH of an older block and no verified header chain is at hand', {
      got: numbers.join(','),
    });
  }
  return Promise.all(numbers.map(async (n): Promise<[string, string]> => [n, bytesToHex(await resolve(BigInt(n)))]));
}

function reject(params: VerifiedCallParams, err: VigilError, endpoint: string): void {
  params.rpc.demote(endpoint);
  params.onRejected?.(err, endpoint);
}
