/**
 * What an exit plan asks for besides its own transactions, gathered at one head: L1 slots and code
 * proven there, the L2 RPC's or a rollup indexer's answers (hints the plan checks against proven
 * data), an L2 transaction signed by the wallet key, and an escape proof (the L2 RPC's, or the L2
 * state rebuilt from L1's commits: calldata, or blobs from the beacon APIs). Driven by ./plan-runner.ts, round by round.
 * @module
 */
import { InputError } from '../../core/errors.ts';
import type { L1AccountRequest, ProvenL1Storage } from '../../l2/adapter.ts';
import type { ExitEscapeProofRequest, ExitL2Request, ExitL2TxRequest, ExitPlanAction } from '../../l2/exit-plan.ts';
import { TransportError } from '../../rpc/errors.ts';
import { httpGet, parseJsonBody } from '../../rpc/http.ts';
import { type EscapeProof, escapeProof, type L1RebuildSources, type RebuildFromL1Options } from './escape-proof.ts';
import { type L1HeadRef, proveL1Accounts, type RollupFollowerDeps, unprovenL1 } from '../rollups/follower.ts';

/** How a rollup indexer's hint is fetched: within 15 s, at most 1 MiB. */
const INDEXER_OPTIONS = { timeoutMs: 15_000, maxBytes: 1 << 20, accept: 'application/json' };

/**
 * The JSON body of an HTTP GET of a rollup's indexer (a hint a plan checks against proven L1
 * data): the extension's `httpGet` for exit plans.
 * @throws TransportError (HTTP_STATUS for anything but 200, TIMEOUT, TOO_LARGE, NETWORK, BAD_RESPONSE).
 */
export async function indexerGet(url: string): Promise<unknown> {
  const response = await httpGet(url, INDEXER_OPTIONS);
  if (response.status !== 200) throw new TransportError('HTTP_STATUS', `the indexer answered HTTP ${response.status}`, { url, status: response.status });
  return parseJsonBody(response.bytes, url);
}

/** An L1 transaction the wallet signed for an exit: its hash and its bytes (0x-hex). */
export interface SignedExitTx {
  hash: string;
  raw: string;
}

/** Where an exit's needs are gathered from (the runner's deps, ./plan-runner.ts ExitPlanRunnerDeps). */
export interface ExitNeedSources {
  /** eth_getProof of `address` with `keys` at `head`, verified (the rollup follower's source). */
  readStorage: RollupFollowerDeps<unknown, unknown>['readStorage'];
  /** eth_getCode at `head` (hashed here against the proven code hash); needed only by plans asking for code. */
  readCode?: RollupFollowerDeps<unknown, unknown>['readCode'];
  /** The rollup's L2 RPC (hints only: a failed request is left out of the inputs). */
  l2Call?(method: string, params: unknown[]): Promise<unknown>;
  /** An HTTP GET's JSON body, for hints a rollup's own indexer gives (requests with a `url`; a failure is left absent like any hint). */
  httpGet?(url: string): Promise<unknown>;
  /** Signs an L2 transaction with the wallet key of `from` (never broadcast: the plan sends its bytes through L1). */
  signL2?(from: string, tx: ExitL2TxRequest): Promise<SignedExitTx>;
  /**
   * Verified L1 logs and proven transactions: an escape proof is rebuilt from them when the L2
   * RPC's (`vigil_getAccountProof` through `l2Call`) is refused or absent.
   */
  l1History?: L1RebuildSources;
  /** How that rebuild reads (first block, log span) and its cache of rebuilt states. */
  rebuild?: RebuildFromL1Options;
  /** Told where an escape proof came from (and why the L2 RPC's was refused, when it was). */
  onEscapeProof?(proof: EscapeProof): void;
}

/** Gathers what `need` names that is not held yet; true when something new came. */
export async function gatherNeed(
  deps: ExitNeedSources,
  owner: string,
  head: L1HeadRef,
  need: Extract<ExitPlanAction, { kind: 'need' }>,
  held: {
    l1: ProvenL1Storage;
    l2: Map<string, unknown>;
    signedL2: Map<string, SignedExitTx>;
    askedL2: Set<string>;
    escapeProofs: Map<string, unknown>;
    fetchReceipts(hashes: readonly string[]): Promise<boolean>;
  },
): Promise<boolean> {
  let progress = false;
  const l1: L1AccountRequest[] = need.l1 ?? [];
  if (unprovenL1(l1, held.l1).length > 0) {
    await proveL1Accounts(deps, head, l1, held.l1);
    progress = true;
  }
  if (need.receipts && (await held.fetchReceipts(need.receipts))) progress = true;
  for (const request of need.l2 ?? []) if (await askL2(deps, request, held)) progress = true;
  if (need.signL2 && !held.signedL2.has(need.signL2.label)) {
    if (!deps.signL2) throw new InputError(`the exit needs an L2 transaction signed (${need.signL2.label}) and nothing here signs one`);
    held.signedL2.set(need.signL2.label, await deps.signL2(owner, need.signL2));
    progress = true;
  }
  if (need.escapeProof && !held.escapeProofs.has(need.escapeProof.key)) {
    held.escapeProofs.set(need.escapeProof.key, await gatherEscapeProof(deps, head, need.escapeProof));
    progress = true;
  }
  return progress;
}

/**
 * The account proof an escape needs: the L2 RPC's when it hashes to the proven root, else the L2
 * state rebuilt from L1's commits, calldata or blobs (src/client/exits/escape-proof.ts). The plan checks it again.
 * @throws what the rebuild throws when neither source gives a proof of the root.
 */
async function gatherEscapeProof(deps: ExitNeedSources, head: L1HeadRef, request: ExitEscapeProofRequest): Promise<unknown> {
  const absent = (what: string) => async (): Promise<never> => {
    throw new TransportError('NOT_AVAILABLE', `an escape proof needs ${what} of L1, and nothing here reads them`, { url: 'exit plan' });
  };
  const l2Call = deps.l2Call;
  const sources = {
    getLogs: deps.l1History?.getLogs ?? absent('the logs'),
    transaction: deps.l1History?.transaction ?? absent('the transactions'),
    ...(deps.l1History?.blobs ? { blobs: deps.l1History.blobs } : {}),
    ...(l2Call ? { l2AccountProof: (index: number, batch: bigint) => l2Call('vigil_getAccountProof', [index, Number(batch)]) } : {}),
  };
  const found = await escapeProof(sources, request.rollup, { root: request.root, batch: request.batch, blockNumber: head.blockNumber }, request.index, deps.rebuild);
  deps.onEscapeProof?.(found);
  return found.proof;
}

/** One L2 RPC hint, asked once per head: a failed request stays absent (the plan decides). */
async function askL2(deps: ExitNeedSources, request: ExitL2Request, held: { l2: Map<string, unknown>; askedL2: Set<string> }): Promise<boolean> {
  if (held.l2.has(request.key) || held.askedL2.has(request.key)) return false;
  held.askedL2.add(request.key);
  // A request naming a URL is an HTTP GET of a rollup's indexer; else a JSON-RPC call to the L2 RPC.
  const url = (request as { url?: unknown }).url;
  const ask = typeof url === 'string' ? (deps.httpGet ? () => deps.httpGet!(url) : undefined) : deps.l2Call ? () => deps.l2Call!(request.method, request.params) : undefined;
  if (!ask) return false;
  try {
    held.l2.set(request.key, await ask());
    return true;
  } catch {
    return false;
  }
}

/** What of `need` is still missing, in words. */
export function describeNeed(need: Extract<ExitPlanAction, { kind: 'need' }>, l2: ReadonlyMap<string, unknown>, receipts: ReadonlyMap<string, unknown>): string {
  const missing = [
    ...(need.l2 ?? []).filter((r) => !l2.has(r.key)).map((r) => (typeof (r as { url?: unknown }).url === 'string' ? `the indexer's answer (${r.key})` : `the L2 RPC's ${r.method} (${r.key})`)),
    ...(need.receipts ?? []).filter((h) => !receipts.has(h)).map((h) => `the receipt of ${h}`),
    ...(need.escapeProof ? [`the proof of L2 account ${need.escapeProof.index}`] : []),
  ];
  return missing.length > 0 ? missing.join(', ') : 'what it asked for again';
}
