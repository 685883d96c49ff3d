/**
 * A transaction (or a batch, in order) previewed before it is signed: simulated on the local EVM
 * over state proven at the head signatures rest on (the engine's `simulate` mode: everything it
 * reads is proven first, a lie stops it), the tokens it names read by verified eth_call there
 * (symbol, decimals, total supply), and summed up for the user (src/wallet/transaction-effects.ts).
 * What a token does not answer is left out, never guessed: the window then shows its address and
 * raw units.
 * @module
 */
import { bigIntToHex, bytesToHex } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { decodeAbi, functionSelector } from '../execution/abi.ts';
import { nextBlockEnv } from '../execution/block-env.ts';
import { decodeEffects } from '../execution/effects.ts';
import type { SimulationJson } from '../execution/engine.ts';
import { WalletError } from '../wallet/errors.ts';
import { KNOWN_ROUTERS, routerMinimumOut, summarizeEffects, type TokenFacts, type TransactionEffects } from '../wallet/transaction-effects.ts';
import type { TransactionRequest } from '../wallet/transaction-request.ts';
import { DEFAULT_INCOMING_TOLERANCE_BPS, effectsChanged } from '../wallet/effects-snapshot.ts';
import { decodeDecimals, decodeSymbol } from './token-proof.ts';
import type { ExecutionReader } from './execution-reader.ts';
import { noSigningHead, type WalletChain, type WalletHead } from './wallet-transactions.ts';

/** Tokens read per preview at most (a swap names a handful; a page cannot make one preview cost hundreds of calls). */
const MAX_TOKENS = 16;
const SYMBOL = functionSelector('symbol()');
const DECIMALS = functionSelector('decimals()');
const TOTAL_SUPPLY = functionSelector('totalSupply()');

/** What the window showed (null: nothing, its effects could not be proven then), and the user's tolerance: the snapshot a signature is checked against. */
export interface SeenEffects {
  seen: TransactionEffects | null;
  toleranceBps?: number | undefined;
}

/** A preview, and with `against`, why it differs from what the user saw (empty: the yes stands). */
export interface Preview {
  effects: TransactionEffects;
  changed?: string[];
}

/**
 * {@link previewTransactions}, and with `against` the snapshot rule (src/wallet/effects-snapshot.ts):
 * what the wallet calls before it shows a transaction and again before it signs it.
 */
export async function previewAgainst(chain: PreviewChain, requests: readonly TransactionRequest[], against: SeenEffects | undefined, options: PreviewOptions): Promise<Preview> {
  const effects = await previewTransactions(chain, requests, options);
  if (against === undefined) return { effects };
  const changed = against.seen === null ? ['what it does is proven now; it was not when you approved'] : effectsChanged(against.seen, effects, against.toleranceBps ?? DEFAULT_INCOMING_TOLERANCE_BPS);
  return { effects, changed };
}

/** What a preview reads of the chain: the signing head (unless given one) and verified calls. */
export type PreviewChain = Pick<WalletChain, 'network' | 'signingHead' | 'newestHead'> & { execution: Pick<ExecutionReader, 'run'> };

export interface PreviewOptions {
  now: number;
  /** Routers whose minimum-out Vigil reads as "at least" (default: Uniswap V2's Router02 of the chain, KNOWN_ROUTERS). */
  routers?: ReadonlySet<string>;
  /** The head to simulate at (default: the chain's signing head). */
  at?: WalletHead;
}

/**
 * @throws WalletError STALE_HEAD / HEAD_THINLY_SIGNED (no head to simulate at); the simulation's
 *   VerificationError (a proof that does not verify) or TransportError (no endpoint answered)
 */
export async function previewTransactions(chain: PreviewChain, requests: readonly TransactionRequest[], options: PreviewOptions): Promise<TransactionEffects> {
  if (requests.length === 0) throw new InputError('nothing to preview');
  const head = options.at ?? chain.signingHead() ?? noSigningHead(chain, options.now);
  const calls = requests.map(callOf);
  // In the block the transaction will go in: the head's proven state, the next block's time and base fee.
  const { outcome } = await chain.execution.run({ env: nextBlockEnv(head.env, head.nextBaseFee), mode: 'simulate', call: calls[0], calls });
  const sim = outcome.simulation;
  if (sim === undefined) throw new VerificationError('STATE_INCOMPLETE', 'the execution engine answered a simulation without its effects');
  const tokens = await tokenFacts(chain, head, tokensNamed(sim));
  const from = requests[0]!.from;
  const routers = options.routers ?? new Set(KNOWN_ROUTERS[Number(chain.network.chainId)] ?? []);
  const minimumOut = requests.length === 1 ? routerMinimumOut(requests[0]!.to, bytesToHex(requests[0]!.data), from, routers) : undefined;
  return summarizeEffects(sim, from, { blockNumber: head.head.blockNumber.toString(), blockHash: head.head.blockHash }, tokens, minimumOut);
}

/**
 * What the calls left of a batch will do once the ones before them ran: for k = 1 … n−1, the
 * effects of calls k … n−1 run after calls 0 … k−1, at one head (the full batch, and each prefix
 * for the balances it leaves). A batch is sent one call at a time; before call k goes out, what the
 * calls left do then is held to entry k−1 (src/client/call-batch-progress.ts).
 * @throws as {@link previewTransactions}
 */
export async function previewRemainders(chain: PreviewChain, requests: readonly TransactionRequest[], options: PreviewOptions): Promise<TransactionEffects[]> {
  const head = options.at ?? chain.signingHead() ?? noSigningHead(chain, options.now);
  const env = nextBlockEnv(head.env, head.nextBaseFee);
  const simulate = async (calls: Record<string, unknown>[]): Promise<SimulationJson> => {
    const { outcome } = await chain.execution.run({ env, mode: 'simulate', call: calls[0], calls });
    if (outcome.simulation === undefined) throw new VerificationError('STATE_INCOMPLETE', 'the execution engine answered a simulation without its effects');
    return outcome.simulation;
  };
  const calls = requests.map(callOf);
  const full = await simulate(calls);
  const out: TransactionEffects[] = [];
  for (let k = 1; k < calls.length; k++) {
    const prefix = await simulate(calls.slice(0, k));
    const suffix: SimulationJson = { calls: full.calls.slice(k), blocks: [], balances: balancesBetween(prefix, full), created: full.created.filter((c) => !prefix.created.includes(c)) };
    const tokens = await tokenFacts(chain, head, tokensNamed(suffix));
    out.push(summarizeEffects(suffix, requests[0]!.from, { blockNumber: head.head.blockNumber.toString(), blockHash: head.head.blockHash }, tokens));
  }
  return out;
}

/** The native balances that moved between the end of `prefix` and the end of `full` (both run from the same state). */
function balancesBetween(prefix: SimulationJson, full: SimulationJson): SimulationJson['balances'] {
  const original = new Map<string, string>();
  for (const b of [...prefix.balances, ...full.balances]) original.set(b.address, b.before);
  const afterPrefix = new Map(prefix.balances.map((b) => [b.address, b.after]));
  const afterFull = new Map(full.balances.map((b) => [b.address, b.after]));
  const out: SimulationJson['balances'] = [];
  for (const [address, before] of original) {
    const from = afterPrefix.get(address) ?? before;
    const to = afterFull.get(address) ?? before;
    if (BigInt(from) !== BigInt(to)) out.push({ address, before: from, after: to });
  }
  return out;
}

/** The request as the engine's call object: fees left out (the simulation prices no gas), the gas limit kept when set. */
function callOf(r: TransactionRequest): Record<string, unknown> {
  return {
    from: r.from,
    ...(r.to !== null ? { to: r.to } : {}),
    value: bigIntToHex(r.value),
    data: bytesToHex(r.data),
    ...(r.gasLimit !== undefined ? { gas: bigIntToHex(r.gasLimit) } : {}),
  };
}

function tokensNamed(sim: SimulationJson): string[] {
  const effects = decodeEffects(sim.calls.flatMap((c) => c.logs));
  const named = new Set<string>();
  for (const m of effects.movements) named.add(m.token);
  for (const a of effects.approvals) named.add(a.token);
  return [...named].slice(0, MAX_TOKENS);
}

async function tokenFacts(chain: PreviewChain, head: WalletHead, addresses: readonly string[]): Promise<Map<string, TokenFacts>> {
  const entries = await Promise.all(addresses.map(async (address) => [address, await readToken(chain, head, address)] as const));
  return new Map(entries);
}

/** symbol(), decimals() and totalSupply() by verified eth_call; each left out when it does not answer by the token rule. */
async function readToken(chain: PreviewChain, head: WalletHead, address: string): Promise<TokenFacts> {
  const [symbol, decimals, totalSupply] = await Promise.all([
    read(chain, head, address, SYMBOL, decodeSymbol),
    read(chain, head, address, DECIMALS, decodeDecimals),
    read(chain, head, address, TOTAL_SUPPLY, (d) => decodeAbi(['uint256'], d)[0] as bigint),
  ]);
  return { ...(symbol !== undefined ? { symbol } : {}), ...(decimals !== undefined ? { decimals } : {}), ...(totalSupply !== undefined ? { totalSupply } : {}) };
}

async function read<T>(chain: PreviewChain, head: WalletHead, to: string, data: string, decode: (data: string) => T): Promise<T | undefined> {
  try {
    const { outcome } = await chain.execution.run({ env: head.env, mode: 'call', call: { to, data } });
    return outcome.status === 'success' ? decode(outcome.returnData) : undefined;
  } catch (err) {
    // A token that answers nothing usable is shown by address; a lie or silence of the endpoints stops the preview.
    if (err instanceof WalletError || (err instanceof VerificationError && err.code === 'ABI_MALFORMED') || err instanceof InputError) return undefined;
    throw err;
  }
}
