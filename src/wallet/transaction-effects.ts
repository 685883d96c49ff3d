/**
 * What a transaction will do, as the approval window shows it and as it is signed against: from a
 * simulation over proven state (src/execution/simulate.ts), the user's own net changes first
 * (native and tokens, outgoing before incoming), then the approvals it sets (unlimited ones
 * flagged), then every other account's changes; and the rule that decides whether a new
 * simulation at approval differs enough from the one the user saw to ask again. Pure.
 *
 * The user's token changes are what changed (issue 50): the differences of the balances read
 * before and after the run (src/execution/effects.ts), never what a contract's logs say. The logs
 * still say which tokens to read, and they are held against the balances: a token whose events do
 * not match them is flagged (`eventsDisagree`) on the user's row, and one that answers no usable
 * balance shows no change, only the flag. Native ether comes from the proven account balances;
 * approvals and the other accounts' changes from the logs (an ERC-20 counterparty of the user's
 * whose balance was read shows that balance's change). A token the logs have the user send whose
 * balance was not read (past the bound on tokens read) is named in `outgoingNotRead`: the loss
 * would be missing from the user's changes, so signing is refused (src/wallet/policy.ts).
 * @module
 */
import type { BatchWords, ClearWords } from './clear-signing/types.ts';
import { decodeAbi, functionSelector } from '../execution/abi.ts';
import { type ApprovalChange, decodeEffects, type EffectLog, type HoldingJson, type HoldingsJson, type TokenMovement, ZERO_ADDRESS } from '../execution/effects.ts';
import { decodeRevert, revertReasonText } from '../execution/revert.ts';

/** One call's part of a simulation, as the engine reports it (JSON). */
export interface SimulatedCallJson {
  status: 'success' | 'reverted' | 'halted' | 'invalid';
  returnData: string;
  logs: EffectLog[];
  message?: string;
  /** 0x-hex, as the engine reports it. */
  gasUsed?: string;
  /** What the sender paid for gas (0x-hex wei), as the engine reports it. */
  fee?: string;
}

export interface SimulationInput {
  calls: SimulatedCallJson[];
  balances: { address: string; before: string; after: string }[];
  created: string[];
  /** The user's token balances before and after the run (src/execution/effects.ts); absent: none were read, and no token change of the user's is shown. */
  holdings?: HoldingsJson;
  /** Amsterdam: the state the run creates and the state gas it pays for it (0x-hex; src/execution/engine.ts NewStateJson). */
  newState?: { accounts: number; slots: number; codeBytes: number; delegations: number; stateGas: string };
}

/** A token as proven at the head (symbol and decimals by verified eth_call; absent when it did not answer). */
export interface TokenFacts {
  symbol?: string;
  decimals?: number;
  /** totalSupply() at the head, when it answered: an approval above it is unlimited in effect. */
  totalSupply?: bigint;
}

/** A net change of one account in one asset: `amount` > 0 received, < 0 sent (decimal strings in JSON). */
export interface AssetChange {
  /** 'native' or the token's address. */
  asset: string;
  standard: 'native' | 'erc20' | 'erc721' | 'erc1155';
  tokenId?: string;
  amount: string;
  /** The least the user receives by a known router's minimum-out (the simulated amount may be more). */
  atLeast?: string;
  /** What the window must say of this asset beside its amount (absent: nothing). */
  flags?: AssetFlags;
}

/**
 * Warnings on one asset of the effects (issue 50). Each is set only when true.
 * - `eventsDisagree`: the token's Transfer events do not match the change of its balances (the
 *   amount shown is the balances'; a token that answers no balance shows no change, only this).
 * - `unknown`: a token neither followed by the user nor on the network's shipped list.
 * - `impersonates`: its symbol is the network's native currency's, or a followed or listed
 *   token's at another address (`impersonating` says whose).
 */
export interface AssetFlags {
  eventsDisagree?: true;
  unknown?: true;
  impersonates?: true;
  /** What it impersonates: 'native', or the lower-case address of the followed or listed token. */
  impersonating?: string;
}

export interface ApprovalEffect {
  kind: ApprovalChange['kind'];
  token: string;
  owner: string;
  spender: string;
  amount?: string;
  tokenId?: string;
  approved?: boolean;
  expiration?: string;
  /** The approval grants more than the token can ever move from the owner (see UNLIMITED in the module). */
  unlimited: boolean;
  /** Sets an allowance to nothing (amount 0, operator off). */
  revoke: boolean;
  /** What the window must say of its token (`unknown`, `impersonates`: ./tokens/identity.ts); absent: nothing. */
  flags?: AssetFlags;
}

export interface TransactionEffects {
  /** The verified block the state was proven at. */
  at: { blockNumber: string; blockHash: string };
  /** Every call succeeded; else the first that did not, with its decoded reason. */
  ok: boolean;
  revert?: { call: number; reason: string };
  own: AssetChange[];
  approvals: ApprovalEffect[];
  others: (AssetChange & { account: string })[];
  created: string[];
  /** What was proven of each token named above (by lower-case address). */
  tokens: Record<string, { symbol?: string; decimals?: number }>;
  /** How many tokens the run touched whose balances were not read (past the bound per preview): their changes are not in `own`. */
  tokensNotRead?: number;
  /**
   * The tokens (lower-case addresses, in log order) whose logs have the user send (a Transfer,
   * TransferSingle or TransferBatch from the user, a Withdrawal of the user's) and whose balance,
   * or the id's owner, was not read: what the user loses there is not in `own`. Signing is refused
   * while there is one (src/wallet/policy.ts effectsRefusals, EFFECTS_OUTGOING_UNREAD; audit
   * 2026-11-28 F3). Absent: none.
   */
  outgoingNotRead?: string[];
  /** Gas each call used in the simulation (decimal): a batch's later calls are priced from it. */
  gasUsed?: string[];
  /**
   * What the calls pay for gas in the simulation (decimal wei): gas used × the price at the next
   * block's base fee. Left out of `own` (the window shows it on its own line, and the snapshot rule
   * compares effects without it); at most value-free max cost the policy bounds.
   */
  fee?: string;
  /**
   * Amsterdam (EIP-8037): the new state the calls create (accounts, storage slots, code bytes,
   * delegations) and the gas of the fee that pays for it (decimal); absent when they create none
   * or before Amsterdam. A first transfer to a new holder costs several times another.
   */
  newState?: { accounts: number; slots: number; codeBytes: number; delegations: number; stateGas: string };
  /** The values of the block it lands in that the code read and that Vigil cannot know before it is made (src/execution/next-block/landing.ts: the fee recipient, randomness, time, number, base fee, …). */
  blockReads?: string[];
  /** When the user's own changes somewhere in the blocks it can land in differ beyond the tolerance: what they are there (src/wallet/block-dependence.ts). */
  dependsOnBlock?: BlockDependence;
  /** Where in the blocks it can land in it fails ("It fails if it lands at … or later"): a deadline, shown beside effects that hold elsewhere. */
  failsIf?: string[];
  /** What the one transaction is, named from its decoded call and these effects (./call-name.ts nameCall); absent: unnamed. */
  call?: CallName;
  /** The contracts Vigil knows among the addresses its token call names (a spender, an operator), by lower-case address (./call-name.ts knownParties); absent: none. */
  parties?: Record<string, string>;
  /** The one transaction's call in words, by the ERC-7730 descriptor bound to its contract on this chain, held against these effects (./clear-signing); absent: no descriptor. */
  words?: ClearWords;
  /** A batch's calls in words, each by the descriptor bound to its own contract, held together against these (the whole batch's) effects (./clear-signing/agree-batch.ts); absent: one call, or no call of the batch has a descriptor. */
  callWords?: BatchWords;
}

/**
 * A call named from its decoded calldata and these effects (./call-name.ts nameCall; JSON: amounts
 * as decimal strings, addresses lower-case): a swap on a known router, a deposit into a followed
 * rollup's bridge (to the L2 account it names or opens, where accounts are numbered), or a known
 * contract whose function is not named.
 */
export type CallName =
  | { kind: 'swap'; exchange: 'Uniswap V2'; router: string; send: { asset: string; amount: string }; receive: { asset: string; atLeast: string } }
  | { kind: 'deposit'; rollup: string; contract: string; address: string; amount: string; l2Account?: { index: string } | { opens: true } }
  | { kind: 'known'; name: string; address: string };

/** The user's effects in another plausible next block, beside those shown, and how they differ. */
export interface BlockDependence {
  /** The values the difference comes from (src/execution/next-block/landing.ts Source names). */
  reads: string[];
  /** The same in words ("number, time"). */
  readsInWords: string;
  /** Where it does otherwise, in words ("if it lands in block 1,234 or later"). */
  where: string;
  ok: boolean;
  revert?: { call: number; reason: string };
  own: AssetChange[];
  approvals: ApprovalEffect[];
  /** How they differ from the effects shown, in words. */
  differences: string[];
}

/** Permit2 stores allowances as uint160: its maximum is its "unlimited". */
const PERMIT2_MAX = (1n << 160n) - 1n;
/** An ERC-20 allowance this large is unlimited by intent (type(uint256).max and its halves). */
const UNLIMITED_ERC20 = 1n << 255n;

/** The effects of a simulation for `user`, at the block it was proven at. */
export function summarizeEffects(
  sim: SimulationInput,
  user: string,
  at: TransactionEffects['at'],
  tokens: ReadonlyMap<string, TokenFacts>,
  minimumOut?: { asset: string; amount: bigint },
): TransactionEffects {
  const me = user.toLowerCase();
  const failed = sim.calls.findIndex((c) => c.status !== 'success');
  const logs = sim.calls.flatMap((c) => c.logs);
  const effects = decodeEffects(logs);
  const net = netChanges(effects.movements, sim.balances);
  const holdings = sim.holdings?.holder === me ? sim.holdings : undefined;
  const held = heldChanges(holdings, effects.movements, net, me);
  const outgoingNotRead = sentNotRead(holdings, effects.movements, me);
  const own: AssetChange[] = (net.get(me) ?? []).filter((c) => c.standard === 'native').concat(held.own);
  const others: TransactionEffects['others'] = [];
  for (const [account, changes] of net) {
    if (account === me) continue;
    for (const c of changes) others.push({ account, ...c, ...held.others.get(rowKey(account, c)) });
  }
  // Outgoing first, then what comes in; the router's floor on what the user receives.
  own.sort((a, b) => Number(BigInt(a.amount) > 0n) - Number(BigInt(b.amount) > 0n));
  if (minimumOut !== undefined) {
    const row = own.find((c) => c.asset === minimumOut.asset && BigInt(c.amount) > 0n);
    if (row !== undefined) row.atLeast = minimumOut.amount.toString();
  }
  const approvals = effects.approvals.map((a) => approvalEffect(a, tokens.get(a.token)));
  const named = new Set([...own, ...others].map((c) => c.asset).filter((a) => a !== 'native').concat(approvals.map((a) => a.token)));
  const tokenFacts: TransactionEffects['tokens'] = {};
  for (const t of named) {
    const f = tokens.get(t);
    tokenFacts[t] = { ...(f?.symbol !== undefined ? { symbol: f.symbol } : {}), ...(f?.decimals !== undefined ? { decimals: f.decimals } : {}) };
  }
  return {
    at,
    ok: failed < 0,
    ...(failed >= 0 ? { revert: { call: failed, reason: callFailureText(sim.calls[failed]!) } } : {}),
    own,
    approvals,
    others,
    created: sim.created,
    tokens: tokenFacts,
    ...(held.notRead > 0 ? { tokensNotRead: held.notRead } : {}),
    ...(outgoingNotRead.length > 0 ? { outgoingNotRead } : {}),
    ...(sim.calls.every((c) => c.gasUsed !== undefined) ? { gasUsed: sim.calls.map((c) => BigInt(c.gasUsed!).toString()) } : {}),
    ...(sim.calls.some((c) => c.fee !== undefined) ? { fee: sim.calls.reduce((sum, c) => sum + BigInt(c.fee ?? '0x0'), 0n).toString() } : {}),
    ...(sim.newState !== undefined && BigInt(sim.newState.stateGas) > 0n ? { newState: { ...sim.newState, stateGas: BigInt(sim.newState.stateGas).toString() } } : {}),
  };
}

function callFailureText(call: SimulatedCallJson): string {
  if (call.status === 'reverted') return revertReasonText(decodeRevert(call.returnData));
  return call.message ?? call.status;
}

/** Net change per account and asset (and token id), native from the proven balances, tokens from the movements. */
function netChanges(movements: readonly TokenMovement[], balances: SimulationInput['balances']): Map<string, AssetChange[]> {
  const sums = new Map<string, Map<string, { asset: string; standard: AssetChange['standard']; tokenId?: bigint; amount: bigint }>>();
  const add = (account: string, asset: string, standard: AssetChange['standard'], amount: bigint, tokenId?: bigint) => {
    if (account === ZERO_ADDRESS) return;
    let m = sums.get(account);
    if (m === undefined) sums.set(account, (m = new Map()));
    const key = `${asset}:${tokenId ?? ''}`;
    const row = m.get(key) ?? { asset, standard, ...(tokenId !== undefined ? { tokenId } : {}), amount: 0n };
    row.amount += amount;
    m.set(key, row);
  };
  for (const b of balances) add(b.address.toLowerCase(), 'native', 'native', BigInt(b.after) - BigInt(b.before));
  for (const m of movements) {
    const amount = m.standard === 'erc721' ? 1n : m.amount!;
    add(m.from, m.token, m.standard, -amount, m.standard === 'erc20' ? undefined : m.tokenId);
    add(m.to, m.token, m.standard, amount, m.standard === 'erc20' ? undefined : m.tokenId);
  }
  const out = new Map<string, AssetChange[]>();
  for (const [account, m] of sums) {
    const changes = [...m.values()]
      .filter((r) => r.amount !== 0n)
      .map((r) => ({ asset: r.asset, standard: r.standard, ...(r.tokenId !== undefined ? { tokenId: r.tokenId.toString() } : {}), amount: r.amount.toString() }));
    if (changes.length > 0) out.set(account, changes);
  }
  return out;
}

const rowKey = (account: string, c: { asset: string; standard: string; tokenId?: string | undefined }) => `${account}:${c.standard}:${c.asset}:${c.tokenId ?? ''}`;
const EVENTS_DISAGREE: AssetFlags = { eventsDisagree: true };

/**
 * The user's token changes from the balances read before and after the run, each held against
 * what the logs said (`net`): where they differ, or the token gave no usable answer while its
 * logs moved something, the row is flagged. A counterparty's balance read beside the user's
 * corrects its row in `others` (by {@link rowKey}) and flags the user's row of that token when it
 * differs. Without holdings nothing of the user's tokens is shown and every touched token counts
 * as not read.
 */
function heldChanges(
  holdings: HoldingsJson | undefined,
  movements: readonly TokenMovement[],
  net: ReadonlyMap<string, AssetChange[]>,
  me: string,
): { own: AssetChange[]; others: Map<string, Pick<AssetChange, 'amount' | 'flags'>>; notRead: number } {
  const touched = new Set(movements.map((m) => `${m.standard}:${m.token}`));
  if (holdings === undefined) return { own: [], others: new Map(), notRead: touched.size };
  const said = new Map<string, bigint>();
  for (const [account, changes] of net) for (const c of changes) said.set(rowKey(account, c), BigInt(c.amount));
  const own = new Map<string, AssetChange>();
  const disagree = new Set<string>();
  const others = new Map<string, Pick<AssetChange, 'amount' | 'flags'>>();
  for (const h of holdings.read) {
    const tokenId = h.tokenId !== undefined ? BigInt(h.tokenId).toString() : undefined;
    const row = { asset: h.token, standard: h.standard, ...(tokenId !== undefined ? { tokenId } : {}) };
    const account = h.account ?? me;
    const logged = said.get(rowKey(account, row)) ?? 0n;
    const moved = touched.has(`${h.standard}:${h.token}`);
    const delta = heldDelta(h, me);
    if (account !== me) {
      if (delta === logged) continue;
      disagree.add(h.token);
      others.set(rowKey(account, row), { amount: (delta ?? 0n).toString(), flags: EVENTS_DISAGREE });
      continue;
    }
    if (delta === undefined) {
      // No usable balance: a token whose logs moved something shows no change, only the flag.
      if (moved) own.set(rowKey(me, row), { ...row, amount: '0', flags: EVENTS_DISAGREE });
      continue;
    }
    const logOwner = h.standard === 'erc721' && moved ? ownerByLogs(movements, h, me) : undefined;
    const elsewhere = logOwner !== undefined && logOwner !== h.after;
    if (delta === 0n && logged === 0n && !elsewhere) continue;
    own.set(rowKey(me, row), { ...row, amount: delta.toString(), ...(delta !== logged || elsewhere ? { flags: EVENTS_DISAGREE } : {}) });
  }
  // A counterparty whose balance is not what the logs say: the user's row of that token is flagged (a row of 0 when it had none).
  for (const token of disagree) {
    const key = rowKey(me, { asset: token, standard: 'erc20' });
    own.set(key, { ...(own.get(key) ?? { asset: token, standard: 'erc20', amount: '0' }), flags: EVENTS_DISAGREE });
  }
  return { own: [...own.values()], others, notRead: holdings.notRead };
}

/**
 * The tokens whose logs have `me` send and of which the user's balance (an ERC-721 or ERC-1155:
 * of each id sent) is not among the holdings read, in the order the logs first name them; without
 * holdings, every token the user sends. Taken from what was read, not from the engine's count: a
 * followed token read by name counts as read whatever the bound on touched tokens.
 */
function sentNotRead(holdings: HoldingsJson | undefined, movements: readonly TokenMovement[], me: string): string[] {
  const key = (standard: string, token: string, tokenId: bigint | string | undefined) => `${standard}:${token.toLowerCase()}:${tokenId === undefined ? '' : BigInt(tokenId).toString()}`;
  const read = new Set((holdings?.read ?? []).filter((h) => h.account === undefined).map((h) => key(h.standard, h.token, h.tokenId)));
  const unread = new Set<string>();
  for (const m of movements) if (m.from === me && !read.has(key(m.standard, m.token, m.standard === 'erc20' ? undefined : m.tokenId))) unread.add(m.token);
  return [...unread];
}

/** The change of a read holding for its account (ERC-721: of the user's ownership, 1 or 0); undefined without both answers. */
function heldDelta(h: HoldingJson, me: string): bigint | undefined {
  if (h.before === undefined || h.after === undefined) return undefined;
  if (h.standard !== 'erc721') return BigInt(h.after) - BigInt(h.before);
  return BigInt(h.after.toLowerCase() === me) - BigInt(h.before.toLowerCase() === me);
}

/** Where the logs say an ERC-721 id the user's logs name ends up (its last Transfer's `to`), or undefined when no log of it names the user. */
function ownerByLogs(movements: readonly TokenMovement[], h: HoldingJson, me: string): string | undefined {
  const id = BigInt(h.tokenId!);
  const moves = movements.filter((m) => m.standard === 'erc721' && m.token === h.token && m.tokenId === id);
  return moves.some((m) => m.from === me || m.to === me) ? moves.at(-1)!.to : undefined;
}

function approvalEffect(a: ApprovalChange, token: TokenFacts | undefined): ApprovalEffect {
  const amount = a.amount;
  let unlimited = false;
  if (a.kind === 'operator') unlimited = a.approved === true;
  else if (amount !== undefined && a.kind !== 'erc721') {
    const cap = a.kind === 'permit2' ? PERMIT2_MAX : UNLIMITED_ERC20;
    unlimited = amount >= cap || (token?.totalSupply !== undefined && amount > token.totalSupply);
  }
  const revoke = a.kind === 'operator' ? a.approved === false : a.kind === 'erc721' ? a.spender === ZERO_ADDRESS : amount === 0n;
  return {
    kind: a.kind,
    token: a.token,
    owner: a.owner,
    spender: a.spender,
    ...(amount !== undefined ? { amount: amount.toString() } : {}),
    ...(a.tokenId !== undefined ? { tokenId: a.tokenId.toString() } : {}),
    ...(a.approved !== undefined ? { approved: a.approved } : {}),
    ...(a.expiration !== undefined ? { expiration: a.expiration.toString() } : {}),
    unlimited,
    revoke,
  };
}

const ROUTER_SWAPS: Record<string, { types: string[]; amountIn: number | undefined; minOut: number; path: number; to: number; fromNative: boolean; toNative: boolean }> = Object.fromEntries(
  [
    ['swapExactTokensForTokens', false, true],
    ['swapExactTokensForTokensSupportingFeeOnTransferTokens', false, true],
    ['swapExactETHForTokens', false, false],
    ['swapExactETHForTokensSupportingFeeOnTransferTokens', false, false],
    ['swapExactTokensForETH', true, true],
    ['swapExactTokensForETHSupportingFeeOnTransferTokens', true, true],
  ].map(([name, toNative, amountIn]) => {
    const types = amountIn ? ['uint256', 'uint256', 'address[]', 'address', 'uint256'] : ['uint256', 'address[]', 'address', 'uint256'];
    const o = amountIn ? 1 : 0;
    return [functionSelector(`${name as string}(${types.join(',')})`), { types, amountIn: amountIn ? 0 : undefined, minOut: o, path: o + 1, to: o + 2, fromNative: !amountIn, toNative: toNative as boolean }];
  }),
);

/** A Uniswap V2 router's exact-input swap, decoded: what goes in (undefined: the transaction's value), the least that comes out, the path and who is paid. */
export interface RouterSwap {
  /** 'native' or the token's lower-case address. */
  assetIn: string;
  /** Undefined when the swap spends the transaction's value (ETH in). */
  amountIn: bigint | undefined;
  assetOut: string;
  minOut: bigint;
  recipient: string;
}

/**
 * The exact-input swap `data` asks a router for, when `to` is a router Vigil knows and the data
 * decodes whole as one; undefined otherwise (another function, a truncated or malformed call, a
 * path of fewer than two tokens).
 */
export function routerSwap(to: string | null, data: string, knownRouters: ReadonlySet<string>): RouterSwap | undefined {
  if (to === null || !knownRouters.has(to.toLowerCase()) || data.length < 10) return undefined;
  const swap = ROUTER_SWAPS[data.slice(0, 10).toLowerCase()];
  if (swap === undefined) return undefined;
  let args: unknown[];
  try {
    args = decodeAbi(swap.types, '0x' + data.slice(10));
  } catch {
    return undefined;
  }
  const path = args[swap.path] as string[];
  if (path.length < 2) return undefined;
  return {
    assetIn: swap.fromNative ? 'native' : path[0]!.toLowerCase(),
    amountIn: swap.amountIn === undefined ? undefined : (args[swap.amountIn] as bigint),
    assetOut: swap.toNative ? 'native' : path.at(-1)!.toLowerCase(),
    minOut: args[swap.minOut] as bigint,
    recipient: (args[swap.to] as string).toLowerCase(),
  };
}

/**
 * The least a Uniswap V2 router swap pays `user`, decoded from its calldata when `to` is a router
 * Vigil knows: the router reverts below it, so "at least" is the contract's word, not a guess.
 */
export function routerMinimumOut(to: string | null, data: string, user: string, knownRouters: ReadonlySet<string>): { asset: string; amount: bigint } | undefined {
  const swap = routerSwap(to, data, knownRouters);
  if (swap === undefined || swap.recipient !== user.toLowerCase()) return undefined;
  return { asset: swap.assetOut, amount: swap.minOut };
}

/** Uniswap V2's Router02 where Vigil knows it (docs.uniswap.org, V2 Deployment Addresses: mainnet and Sepolia; the devnet's comes with the devnet). */
export const KNOWN_ROUTERS: Record<number, readonly string[]> = {
  1: ['0x7a250d5630b4cf539739df2c5dacb4c659f2488d'],
  11155111: ['0xee567fe1712faf6149d80da1e6934e354124cfe3'],
};
