/**
 * What the user's own network (a local devnet's, "Add network") may carry besides its endpoints,
 * each checked here: its Uniswap V2 routers, its own listed tokens, its own price feeds and where
 * its pinned EIP-7702 delegate lives. A network Vigil ships takes none of them (./settings.ts refuses them on the way
 * in and {@link stored} drops them from stored settings). Pure.
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { tokenSymbolProblem } from '../../core/token-rules.ts';
import type { KnownToken } from '../../wallet/tokens/identity.ts';
import { isDefaultNetwork } from './default-endpoints.ts';

/**
 * Where a network's pinned delegate lives: one 20-byte address, lower-cased.
 *
 * Why an address from the devnet may be trusted this far: it is only where to look. Before any
 * authorization names it, the delegate's code is proven at the head and its code hash must be the
 * pin's (src/client/wallet/delegation/delegate.ts); an address holding other code (or none) is refused there.
 * Mainnet and Sepolia take none: eth-infinitism's deployment of Simple7702Account there
 * (0x4Cd241E8d1510e30b2076397afc7508Ae59C66c9, eth-infinitism/account-abstraction
 * deployments/ethereum/Simple7702Account.json at 4066394) runs code whose metadata differs from
 * the published 0.8.0 artifact's, so its code hash is not the pin and it would be refused anyway.
 * @throws InputError for anything but an address (the zero address too: it revokes, it is no delegate)
 */
export function checkDelegator(value: unknown, name = 'delegator'): string {
  const address = address20(value, name);
  if (/^0x0{40}$/.test(address)) throw new InputError(`"${name}" must not be the zero address`);
  return address;
}

/** A network's own routers: a handful (a devnet deploys one). */
export const MAX_ROUTERS = 4;

/**
 * A network's own Uniswap V2 routers (a local devnet's well-known object, ./local-devnet.ts, carried
 * into its profile, ./settings.ts): at most {@link MAX_ROUTERS} 20-byte addresses, lower-cased, without repeats.
 *
 * Why a list from the devnet may be trusted this far: it comes from the loopback server the user
 * chose to add, and it only labels a call and reads its minimum-out. nameCall
 * (src/wallet/call-name.ts) names a swap only when the calldata decodes whole as the router's
 * function and the simulation over proven state moves the user's assets as named, so a wrong list
 * can at worst leave a call unnamed or put a wrong protocol label on a swap whose effects are still
 * proven and shown.
 * @throws InputError for anything else (not an array, too many, not an address)
 */
export function checkRouters(value: unknown, name = 'routers'): string[] {
  if (!Array.isArray(value)) throw new InputError(`"${name}" expected an array of addresses, got ${describe(value)}`);
  if (value.length > MAX_ROUTERS) throw new InputError(`"${name}" expected at most ${MAX_ROUTERS} addresses, got ${value.length}`);
  const out: string[] = [];
  value.forEach((v, i) => {
    const address = address20(v, `${name}[${i}]`);
    if (!out.includes(address)) out.push(address);
  });
  return out;
}

/** A network's own listed tokens: a devnet deploys six (VTA, VTB, VTC; with Uniswap WETH, its VTA/WETH pool's UNI-V2 and VCOL). */
export const MAX_NETWORK_TOKENS = 16;

/**
 * A network's own listed tokens (a local devnet's well-known object, ./local-devnet.ts, carried
 * into its profile, ./settings.ts): at most {@link MAX_NETWORK_TOKENS} `{ address, symbol }`, each address 20
 * bytes (lower-cased, named once), each symbol one the token rule keeps (src/core/token-rules.ts).
 *
 * Why a list from the devnet may be trusted this far: it comes from the loopback server the user
 * chose to add, whose beacon API and RPC define that network anyway, and it only says which of the
 * network's tokens are its own (src/wallet/tokens/identity.ts: a listed token is not marked
 * unknown, and others are held to its symbol). Every amount is still proven and shown with the
 * token's own symbol() and its address; a wrong list can at worst leave a devnet token unmarked.
 * @throws InputError for anything else (not an array, too many, an address named twice, a symbol the rule refuses)
 */
export function checkTokens(value: unknown, name = 'tokens'): KnownToken[] {
  if (!Array.isArray(value) || value.length > MAX_NETWORK_TOKENS) throw new InputError(`"${name}" expected at most ${MAX_NETWORK_TOKENS} { address, symbol }, got ${Array.isArray(value) ? value.length : describe(value)}`);
  const out: KnownToken[] = [];
  value.forEach((v, i) => {
    const at = `${name}[${i}]`;
    if (!isObject(v)) throw new InputError(`"${at}" expected { address, symbol }, got ${describe(v)}`);
    const address = address20(v.address, `${at}.address`);
    const problem = tokenSymbolProblem(v.symbol);
    if (problem !== undefined) throw new InputError(`"${at}.symbol": ${problem}`);
    if (out.some((t) => t.address === address)) throw new InputError(`"${at}.address": ${address} is listed twice`);
    out.push({ address, symbol: v.symbol as string });
  });
  return out;
}

/** A network's own price feed as its description carries it (the devnet's VigilPriceFeed): where it is, what it prices in USD, its heartbeat. */
export interface NetworkPriceFeed {
  /** "ETH/USD": the base's symbol and the quote, USD only. */
  pair: string;
  /** Lower-case. */
  address: string;
  /** Seconds: a round older than this is stale. */
  heartbeat: number;
  /** The network's ether, or one of its tokens by lower-case address. */
  base: 'native' | { token: string };
}

/** A network's own price feeds: a handful (a devnet deploys one). */
export const MAX_PRICE_FEEDS = 4;
/** The longest heartbeat taken: a week (Chainlink's longest are a day). */
export const MAX_FEED_HEARTBEAT = 604_800;

/**
 * A network's own price feeds (a local devnet's well-known object, ./local-devnet.ts, carried into
 * its profile, ./settings.ts): at most {@link MAX_PRICE_FEEDS} `{ pair, address, heartbeat, base }`,
 * each address 20 bytes (lower-cased, named once), each pair `<symbol>/USD` with a symbol the token
 * rule keeps, each heartbeat whole seconds from 1 to {@link MAX_FEED_HEARTBEAT}, each base `native`
 * or `{ token }` (an address), one feed per base.
 *
 * Why a list from the devnet may be trusted this far: it comes from the loopback server the user
 * chose to add, whose chain is the devnet's own anyway, and it only says where to read a price:
 * every round is then read by verified eth_call and judged at a verified head
 * (src/client/wallet/prices.ts), and the value is labelled with the network's name, never as
 * Chainlink's. A wrong list can at worst show the devnet's own price, or none.
 * @throws InputError for anything else
 */
export function checkPriceFeeds(value: unknown, name = 'priceFeeds'): NetworkPriceFeed[] {
  if (!Array.isArray(value) || value.length > MAX_PRICE_FEEDS) throw new InputError(`"${name}" expected at most ${MAX_PRICE_FEEDS} { pair, address, heartbeat, base }, got ${Array.isArray(value) ? value.length : describe(value)}`);
  const out: NetworkPriceFeed[] = [];
  value.forEach((v, i) => {
    const at = `${name}[${i}]`;
    if (!isObject(v)) throw new InputError(`"${at}" expected { pair, address, heartbeat, base }, got ${describe(v)}`);
    const pair = typeof v.pair === 'string' ? /^(.+)\/USD$/.exec(v.pair) : null;
    const problem = pair === null ? 'expected "<symbol>/USD"' : tokenSymbolProblem(pair[1]);
    if (problem !== undefined) throw new InputError(`"${at}.pair": ${problem}, got ${describe(v.pair)}`);
    const address = address20(v.address, `${at}.address`);
    const { heartbeat } = v;
    if (typeof heartbeat !== 'number' || !Number.isSafeInteger(heartbeat) || heartbeat < 1 || heartbeat > MAX_FEED_HEARTBEAT) throw new InputError(`"${at}.heartbeat" expected whole seconds from 1 to ${MAX_FEED_HEARTBEAT}, got ${describe(heartbeat)}`);
    const base = v.base === 'native' ? 'native' : isObject(v.base) ? { token: address20(v.base.token, `${at}.base.token`) } : undefined;
    if (base === undefined) throw new InputError(`"${at}.base" expected "native" or { token }, got ${describe(v.base)}`);
    if (out.some((f) => f.address === address)) throw new InputError(`"${at}.address": ${address} is listed twice`);
    const key = (b: NetworkPriceFeed['base']) => (b === 'native' ? b : b.token);
    if (out.some((f) => key(f.base) === key(base))) throw new InputError(`"${at}.base": ${key(base)} has a feed already`);
    out.push({ pair: v.pair as string, address, heartbeat, base });
  });
  return out;
}

/** A 20-byte address, lower-cased. @throws InputError naming `name` */
function address20(value: unknown, name: string): string {
  return bytesToHex(hexToBytes(value, 20, name));
}

/**
 * A stored field of the user's own network (its routers, listed tokens, price feeds, delegate address): a
 * built-in network's (never saved by this release) and one that no longer checks are dropped, the network kept.
 */
export function stored<T>(check: (value: unknown) => T, value: unknown, id: string): T | undefined {
  if (value === undefined || isDefaultNetwork(id)) return undefined;
  try {
    return check(value);
  } catch {
    return undefined;
  }
}
