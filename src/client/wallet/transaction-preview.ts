/**
 * A transaction (or a batch, in order) previewed before it is signed: simulated on the local EVM
 * over state proven at the head signatures rest on (the engine's `simulate` mode: everything it
 * reads is proven first, a lie stops it), the tokens it names read by verified eth_call there
 * (symbol, decimals, total supply), and summed up for the user (src/wallet/transaction-effects.ts).
 * What a token does not answer is left out, never guessed: the window then shows its address and
 * raw units. The user's token changes are the differences of the user's balances the engine reads
 * over the same state before and after the run (src/execution/effects.ts): of every token the run
 * touched (at most {@link MAX_TOKENS}; past it the effects say how many were not read), of every
 * token the user follows and of the token an ERC-20 call goes to, whether or not they logged.
 *
 * It runs as the block after the head will run it, so that no contract can tell the simulation
 * from the chain: number head + 1 at the head's time plus a slot (the one block that follows the
 * proven state; not the clock's next slot, a block that never exists), its system calls, the
 * verified next base fee, the fees and gas limit it will be signed with (gas bought from the
 * sender, the balance checked). What the values of the block it lands in reach is followed
 * through the run over every block it can land in, and the other side of each branch they decide
 * is run (src/execution/next-block/); the result is judged here (src/wallet/block-dependence.ts): a
 * transaction that would take more or give nothing somewhere is refused before any window
 * (EFFECTS_DEPEND_ON_BLOCK), one that would fail there is shown with when, one that would do
 * otherwise is shown with both.
 * @module
 */
import { bigIntToHex, bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { decodeAbi, functionSelector } from '../../execution/abi.ts';
import { type BlockEnv, nextBlockEnv } from '../../execution/block-env.ts';
import { decodeEffects, type HoldingJson, type HoldingsJson, type HoldingStandard, MAX_NAMED_HOLDINGS } from '../../execution/effects.ts';
import type { ExecutionOutcome, SimulationJson } from '../../execution/engine.ts';
import { judgeLanding } from '../../wallet/block-dependence.ts';
import { WalletError } from '../../wallet/errors.ts';
import { type KnownBridge, knownContractName, knownParties, nameCall } from '../../wallet/call-name.ts';
import { atomicInnerCalls, type WordsBindings, wordsOfCall, wordsOfCalls } from './clear-signing.ts';
import { decodeCall, tokenCallParties } from './call-summary.ts';
import { type ProvenRecipient, withRecipient } from './names/own-names.ts';
import { recipientOf } from '../../core/recipient.ts';
import { KNOWN_ROUTERS, routerMinimumOut, summarizeEffects, type TokenFacts, type TransactionEffects } from '../../wallet/transaction-effects.ts';
import type { TransactionRequest } from '../../wallet/transaction-request.ts';
import { DEFAULT_INCOMING_TOLERANCE_BPS, effectsChanged } from '../../wallet/effects-snapshot.ts';
import { NATIVE_SYMBOL, tokenNaming } from '../../wallet/tokens/shipped.ts';
import { type KnownToken, nameTokens } from '../../wallet/tokens/identity.ts';
import { decodeDecimals, decodeSymbol } from './token-proof.ts';
import type { ExecutionReader } from '../verified/execution-reader.ts';
import { noSigningHead, type WalletChain, type WalletHead } from './transactions.ts';

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
 * @throws as {@link previewTransactions}
 */
export async function previewAgainst(chain: PreviewChain, requests: readonly TransactionRequest[], against: SeenEffects | undefined, options: PreviewOptions): Promise<Preview> {
  const toleranceBps = against?.toleranceBps ?? options.toleranceBps;
  // The tokens the user saw are read beside the run (most often the run names the same).
  const expected = against?.seen ? Object.keys(against.seen.tokens) : [];
  const effects = await previewTransactions(chain, requests, { ...options, ...(toleranceBps !== undefined ? { toleranceBps } : {}), ...(expected.length > 0 ? { tokens: expected } : {}) });
  if (against === undefined) return { effects };
  const changed = against.seen === null ? ['what it does is proven now; it was not when you approved'] : effectsChanged(against.seen, effects, toleranceBps ?? DEFAULT_INCOMING_TOLERANCE_BPS);
  return { effects, changed };
}

/** What a preview reads of the chain: the signing head (unless given one) and verified calls. */
export type PreviewChain = Pick<WalletChain, 'network' | 'signingHead' | 'newestHead'> & { execution: Pick<ExecutionReader, 'run'> };

export interface PreviewOptions {
  /** Seconds: how old the head may be is judged against it (the block simulated follows the head, whatever the time). */
  now: number;
  /** Routers whose minimum-out Vigil reads as "at least", by lower-case address (default: {@link knownRouters} of the chain). */
  routers?: ReadonlySet<string>;
  /** The followed rollups' L1 deposit contracts, by lower-case address: a call to one is named (src/wallet/call-name.ts). */
  bridges?: ReadonlyMap<string, KnownBridge>;
  /** The head to simulate at (default: the chain's signing head). */
  at?: WalletHead;
  /** How far the user's effects may differ between plausible next blocks before the window says so (basis points; default the snapshot rule's). */
  toleranceBps?: number | undefined;
  /**
   * Tokens the run is expected to name (what the window showed, the token an ERC-20 call goes to):
   * their facts are read at the same head beside the run instead of after it. One it does not name
   * is left out of the effects.
   */
  tokens?: readonly string[];
  /**
   * The tokens the user follows on the network and the network's own listed ones (a local devnet's):
   * with Vigil's list for the chain, who the effects' tokens are (src/wallet/tokens/identity.ts). The
   * followed ones' balances are read before and after the run, whether or not it logs a move of them.
   */
  knownTokens?: { followed?: readonly KnownToken[]; listed?: readonly KnownToken[] };
  /** Names Vigil verified or knows (the user's accounts: ./names/own-names.ts), by lower-case address: the call's words may name them. */
  names?: ReadonlyMap<string, string>;
  /** The name the user chose the recipient by, proven for the window: the words name the address the call pays with it, no other (./names/own-names.ts withRecipient). */
  recipientName?: ProvenRecipient | undefined;
  /** The one request is an atomic batch through the account's proven delegate (src/client/wallet/batches/prepare.ts): the calls inside it are worded. */
  atomic?: boolean;
}

/**
 * The Uniswap V2 routers the wallet knows on a chain: the ones Vigil ships (KNOWN_ROUTERS) and the
 * user's own network's (a local devnet's, src/client/network/own-network.ts checkRouters: why that
 * list may be trusted this far), by lower-case address.
 */
export function knownRouters(chainId: number, own: readonly string[] = []): ReadonlySet<string> {
  return new Set([...(KNOWN_ROUTERS[chainId] ?? []), ...own].map((a) => a.toLowerCase()));
}

/**
 * @throws WalletError STALE_HEAD / HEAD_THINLY_SIGNED (no head to simulate at), EFFECTS_DEPEND_ON_BLOCK
 *   (in another plausible next block it would send more or give nothing: see the module comment);
 *   the simulation's VerificationError (a proof that does not verify) or TransportError (no endpoint answered)
 */
export async function previewTransactions(chain: PreviewChain, requests: readonly TransactionRequest[], options: PreviewOptions): Promise<TransactionEffects> {
  if (requests.length === 0) throw new InputError('nothing to preview');
  const head = options.at ?? chain.signingHead() ?? noSigningHead(chain, options.now);
  const env = nextEnv(chain, head);
  const calls = requests.map((r) => callOf(r, env));
  const expected = new Set([...(options.tokens ?? []), ...requests.flatMap(erc20Target)].map((t) => t.toLowerCase()).slice(0, MAX_TOKENS));
  // Each read caught here and awaited below: a run that fails first leaves no read unhandled.
  const early = new Map([...expected].map((t) => [t, readToken(chain, head, t).then((f) => ({ f }), (error: unknown) => ({ error }))] as const));
  const from = requests[0]!.from;
  const holdings = userHoldings(from, requests, options);
  const { outcome } = await chain.execution.run({ env, mode: 'simulate', call: calls[0], calls, holdings });
  const sim = simulationOf(outcome);
  const at = { blockNumber: head.head.blockNumber.toString(), blockHash: head.head.blockHash };
  const landing = outcome.landing;
  const tokens = await tokenFacts(chain, head, [...new Set([...tokensNamed(sim), ...(landing?.paths.flatMap((p) => tokensNamed(p.simulation)) ?? [])])].slice(0, MAX_TOKENS), early);
  const routers = options.routers ?? knownRouters(Number(chain.network.chainId));
  const minimumOut = requests.length === 1 ? routerMinimumOut(requests[0]!.to, bytesToHex(requests[0]!.data), from, routers) : undefined;
  const effects = summarizeEffects(sim, from, at, tokens, minimumOut);
  if (landing !== undefined && landing.reads.length > 0) effects.blockReads = [...landing.reads];
  // A first run that fails is refused as it is (WOULD_REVERT): what another block does then matters not.
  if (landing !== undefined && effects.ok) {
    const judged = judgeLanding(effects, landing, sim, (other) => summarizeEffects(other, from, at, tokens, minimumOut), options.toleranceBps ?? DEFAULT_INCOMING_TOLERANCE_BPS);
    if (judged.refusal !== undefined) throw new WalletError('EFFECTS_DEPEND_ON_BLOCK', judged.refusal);
    if (judged.dependsOnBlock !== undefined) effects.dependsOnBlock = judged.dependsOnBlock;
    if (judged.failsIf !== undefined) effects.failsIf = judged.failsIf;
  }
  if (requests.length === 1) {
    const r = requests[0]!;
    const known = { routers, bridges: options.bridges ?? new Map() };
    const call = nameCall({ from, to: r.to, value: r.value, data: bytesToHex(r.data) }, effects, known);
    if (call !== undefined) effects.call = call;
    // A spender or an operator Vigil knows is named in the window ("Approve Uniswap V2's router … to spend …").
    const decoded = decodeCall({ to: r.to, data: r.data });
    const parties = decoded === null ? undefined : knownParties(tokenCallParties(decoded), known);
    if (parties !== undefined) effects.parties = parties;
  }
  const named = nameTokens(effects, namingOf(chain, options));
  const asCalls = requests.map((r) => ({ from, to: r.to, value: r.value, data: bytesToHex(r.data) }));
  const prove = (addresses: readonly string[]) => tokenFacts(chain, head, addresses);
  const inner = options.atomic === true && requests.length === 1 ? atomicInnerCalls(asCalls[0]!) : undefined;
  if (requests.length === 1 && inner === undefined && requests[0]!.to !== null) {
    const r = requests[0]!;
    const names = withRecipient(options.names, options.recipientName, recipientOf(r.to, decodeCall(r)));
    const bindings = wordsBindings(chain, { ...options, ...(names !== undefined ? { names } : {}) }, routers);
    const words = await wordsOfCall(asCalls[0]!, named, bindings, prove);
    if (words !== undefined) named.words = words;
  } else if (requests.length > 1 || inner !== undefined) {
    // A batch (an atomic one's calls inside its one transaction): each call's words, held only together against the whole batch's effects.
    const callWords = await wordsOfCalls(inner ?? asCalls, named, wordsBindings(chain, options, routers), prove);
    if (callWords !== undefined) named.callWords = callWords;
  }
  return named;
}

/**
 * What the words may bind to and name on the chain: Vigil's list with the network's own listed
 * tokens and routers (a devnet's), the names given. The typed-data review takes the same
 * (src/extension/app-host.ts).
 */
export function wordsBindings(chain: Pick<PreviewChain, 'network'>, options: Pick<PreviewOptions, 'bridges' | 'names' | 'knownTokens'>, routers: ReadonlySet<string>): WordsBindings {
  const chainId = Number(chain.network.chainId);
  const shipped = new Set((KNOWN_ROUTERS[chainId] ?? []).map((a) => a.toLowerCase()));
  const known = { routers, bridges: options.bridges ?? new Map() };
  const names = new Map(options.names ?? []);
  for (const a of [...routers, ...known.bridges.keys()]) if (!names.has(a)) names.set(a, knownContractName(a, known)!);
  return { chainId, chain: { name: chain.network.name, ticker: NATIVE_SYMBOL }, listed: (options.knownTokens?.listed ?? []).map((t) => t.address), routers: [...routers].filter((r) => !shipped.has(r)), names };
}

/**
 * What the calls left of a batch will do once the ones before them ran: for k = 1 … n−1, the
 * effects of calls k … n−1 run after calls 0 … k−1, at one head (the full batch, and each prefix
 * for the balances it leaves). A batch is sent one call at a time; before call k goes out, what the
 * calls left do then is held to entry k−1 (src/client/wallet/batches/progress.ts). In the next block,
 * fees charged, as {@link previewTransactions} runs them; a batch that depends on that block as
 * the window refuses is refused here too.
 * @throws as {@link previewTransactions}
 */
export async function previewRemainders(chain: PreviewChain, requests: readonly TransactionRequest[], options: PreviewOptions): Promise<TransactionEffects[]> {
  const head = options.at ?? chain.signingHead() ?? noSigningHead(chain, options.now);
  const env = nextEnv(chain, head);
  const at = { blockNumber: head.head.blockNumber.toString(), blockHash: head.head.blockHash };
  const from = requests[0]!.from;
  const simulate = async (calls: Record<string, unknown>[], holdings: HoldingsRequest): Promise<ExecutionOutcome> => (await chain.execution.run({ env, mode: 'simulate', call: calls[0], calls, holdings })).outcome;
  const calls = requests.map((r) => callOf(r, env));
  const whole = await simulate(calls, userHoldings(from, requests, options));
  const full = simulationOf(whole);
  // Each prefix reads what the whole batch read of the user's: the remainder's "before" is the prefix's "after".
  const named = (full.holdings?.read ?? []).filter((h) => h.account === undefined).map(({ token, standard, tokenId }) => ({ token, standard, ...(tokenId !== undefined ? { tokenId } : {}) }));
  const landing = whole.landing;
  if (landing !== undefined) {
    const tokens = await tokenFacts(chain, head, [...new Set([...tokensNamed(full), ...landing.paths.flatMap((p) => tokensNamed(p.simulation))])].slice(0, MAX_TOKENS));
    const shown = summarizeEffects(full, from, at, tokens);
    if (shown.ok) {
      const { refusal } = judgeLanding(shown, landing, full, (other) => summarizeEffects(other, from, at, tokens), options.toleranceBps ?? DEFAULT_INCOMING_TOLERANCE_BPS);
      if (refusal !== undefined) throw new WalletError('EFFECTS_DEPEND_ON_BLOCK', refusal);
    }
  }
  const out: TransactionEffects[] = [];
  for (let k = 1; k < calls.length; k++) {
    const prefix = simulationOf(await simulate(calls.slice(0, k), holdingsOf(from, named)));
    const holdings = holdingsBetween(prefix, full);
    const suffix: SimulationJson = { calls: full.calls.slice(k), blocks: [], balances: balancesBetween(prefix, full), created: full.created.filter((c) => !prefix.created.includes(c)), ...(holdings !== undefined ? { holdings } : {}) };
    const tokens = await tokenFacts(chain, head, tokensNamed(suffix));
    out.push(summarizeEffects(suffix, from, at, tokens));
  }
  return out.map((e) => nameTokens(e, namingOf(chain, options)));
}

/** Who a token is on the chain: ether, the user's followed tokens, Vigil's list and the network's own. */
function namingOf(chain: PreviewChain, options: PreviewOptions) {
  return tokenNaming(Number(chain.network.chainId), options.knownTokens?.followed, options.knownTokens?.listed);
}

/** What the engine is asked to read of the user's tokens (src/execution/effects.ts): `tokens` besides what the run touches, at most {@link MAX_TOKENS} touched tokens. */
type HoldingsRequest = { holder: string; tokens: { token: string; standard: HoldingStandard; tokenId?: string }[]; max: number };

/** The user's ERC-20 balances the engine reads around the run besides what it touches: the followed tokens and the token an ERC-20 call goes to. */
const userHoldings = (from: string, requests: readonly TransactionRequest[], options: PreviewOptions): HoldingsRequest =>
  holdingsOf(from, [...(options.knownTokens?.followed ?? []).map((t) => t.address), ...requests.flatMap(erc20Target)].map((token) => ({ token, standard: 'erc20' as const })));

function holdingsOf(holder: string, named: HoldingsRequest['tokens']): HoldingsRequest {
  const seen = new Set<string>();
  const tokens = named.filter((t) => {
    const key = `${t.standard}:${t.token.toLowerCase()}:${t.tokenId ?? ''}`;
    return !seen.has(key) && seen.add(key);
  });
  return { holder: holder.toLowerCase(), tokens: tokens.slice(0, MAX_NAMED_HOLDINGS), max: MAX_TOKENS };
}

/**
 * The user's holdings between the end of `prefix` and the end of `full` (both run from the same
 * state): what the whole batch read, "before" as the prefix left it. A counterparty's read is the
 * whole batch's only: left out.
 */
function holdingsBetween(prefix: SimulationJson, full: SimulationJson): HoldingsJson | undefined {
  if (full.holdings === undefined) return undefined;
  const key = (h: HoldingJson) => `${h.standard}:${h.token}:${h.tokenId ?? ''}`;
  const afterPrefix = new Map((prefix.holdings?.read ?? []).filter((h) => h.account === undefined).map((h) => [key(h), h.after]));
  const read = full.holdings.read
    .filter((h) => h.account === undefined)
    .map(({ before: _, ...h }) => {
      const before = afterPrefix.get(key(h));
      return { ...h, ...(before !== undefined ? { before } : {}) };
    });
  return { holder: full.holdings.holder, read, notRead: full.holdings.notRead };
}

/** The block after `head` (its time a slot after the head's), at the verified next base fee. */
function nextEnv(chain: PreviewChain, head: WalletHead): BlockEnv {
  const slot = BigInt(chain.network.secondsPerSlot ?? 12);
  return nextBlockEnv(head.env, head.nextBaseFee, slot);
}

function simulationOf(outcome: ExecutionOutcome): SimulationJson {
  if (outcome.simulation === undefined) throw new VerificationError('STATE_INCOMPLETE', 'the execution engine answered a simulation without its effects');
  return outcome.simulation;
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

/**
 * The request as the engine's call object, with the fees and gas limit it will be signed with. A
 * request that names no fee (a batch's first pass, before its calls are filled) pays the next
 * block's base fee and no tip: the least a block takes, never a free run a contract could tell apart.
 */
function callOf(r: TransactionRequest, env: BlockEnv): Record<string, unknown> {
  const fees =
    r.gasPrice !== undefined
      ? { gasPrice: bigIntToHex(r.gasPrice) }
      : r.maxFeePerGas !== undefined
        ? { maxFeePerGas: bigIntToHex(r.maxFeePerGas), maxPriorityFeePerGas: bigIntToHex(r.maxPriorityFeePerGas ?? 0n) }
        : { maxFeePerGas: bigIntToHex(env.baseFeePerGas), maxPriorityFeePerGas: '0x0' };
  return {
    from: r.from,
    ...(r.to !== null ? { to: r.to } : {}),
    value: bigIntToHex(r.value),
    data: bytesToHex(r.data),
    ...(r.gasLimit !== undefined ? { gas: bigIntToHex(r.gasLimit) } : {}),
    ...fees,
    ...(r.accessList.length > 0 ? { accessList: r.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map((k) => bytesToHex(k)) })) } : {}),
  };
}

/** The tokens whose facts the window needs: those the logs name, and those whose balance read moved (or gave no answer) without a log. */
function tokensNamed(sim: SimulationJson): string[] {
  const effects = decodeEffects(sim.calls.flatMap((c) => c.logs));
  const named = new Set<string>();
  for (const m of effects.movements) named.add(m.token);
  for (const a of effects.approvals) named.add(a.token);
  for (const h of sim.holdings?.read ?? []) if (h.before === undefined || h.after === undefined || BigInt(h.before) !== BigInt(h.after)) named.add(h.token);
  return [...named].slice(0, MAX_TOKENS);
}

/** The facts of `addresses` at `head`: those already under way in `early` (by lower-case address) taken from there. */
async function tokenFacts(chain: PreviewChain, head: WalletHead, addresses: readonly string[], early?: ReadonlyMap<string, Promise<{ f: TokenFacts } | { error: unknown }>>): Promise<Map<string, TokenFacts>> {
  const entries = await Promise.all(
    addresses.map(async (address) => {
      const started = early?.get(address.toLowerCase());
      if (started === undefined) return [address, await readToken(chain, head, address)] as const;
      const r = await started;
      if ('error' in r) throw r.error;
      return [address, r.f] as const;
    }),
  );
  return new Map(entries);
}

const ERC20_CALLS = new Set(['0xa9059cbb', '0x095ea7b3', '0x23b872dd']);

/** The token an ERC-20 transfer, approve or transferFrom goes to: the run will name it. */
function erc20Target(r: TransactionRequest): string[] {
  return r.to !== null && r.data.length >= 4 && ERC20_CALLS.has(bytesToHex(r.data.subarray(0, 4))) ? [r.to] : [];
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
