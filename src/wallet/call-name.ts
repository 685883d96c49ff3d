/**
 * What a contract call is, named from what Vigil decodes and proves, for the approval window's
 * headline: a swap on a router Vigil knows by its address on this chain ("Swap 1 ETH for at least
 * 1,940 VTA on Uniswap V2"), a deposit into a followed rollup's L1 bridge ("Deposit 2 ETH into
 * OP Mainnet"), or a call to a contract it knows whose function it does not name. A name is given
 * only when the calldata decodes whole as that function and the simulation over proven state
 * (./transaction-effects.ts) moved the user's assets as the name says; anything else is unnamed
 * (undefined), and the window says what it said before: the contract and the selector. Names are
 * data, not words (the window words them, with the contract's address beside each name). Pure.
 * @module
 */
import { type CallName, routerSwap, type TransactionEffects } from './transaction-effects.ts';

export type { CallName };

/** A rollup's L1 entry point that takes deposits (src/l2/bridges.ts builds them from the followed configs). */
export interface KnownBridge {
  /** The rollup's name, as its config gives it. */
  rollup: string;
  /** The contract's own name ("OptimismPortal", "Inbox"). */
  contract: string;
  /** What a call to it deposits, when it is a plain deposit of the sender's own ETH to their own L2 account; undefined otherwise. */
  deposit(tx: { from: string; value: bigint; data: string }): BridgeDeposit | undefined;
}

/** A deposit of `amount` wei into the rollup: to the sender's L2 address, or where accounts are numbered to the account it names or a new one. */
export interface BridgeDeposit {
  amount: bigint;
  l2Account?: { index: string } | { opens: true };
}

/** The contracts Vigil knows on one chain, by lower-case address. */
export interface KnownContracts {
  /** Uniswap V2 Router02s (./transaction-effects.ts KNOWN_ROUTERS, and the devnet's). */
  routers: ReadonlySet<string>;
  bridges: ReadonlyMap<string, KnownBridge>;
}

/**
 * The call `tx` makes, named (see the module comment), or undefined. `effects`: the simulation
 * of this one transaction over proven state; without it (not proven) nothing is named but the
 * contract itself.
 * @example nameCall({ from, to: router, value: 10n ** 18n, data: swapData }, effects, known)
 *   // { kind: 'swap', exchange: 'Uniswap V2', router, send: { asset: 'native', amount: '1000000000000000000' }, receive: { asset: vta, atLeast: '1940…' } }
 */
export function nameCall(tx: { from: string; to: string | null; value: bigint; data: string }, effects: TransactionEffects | undefined, known: KnownContracts): CallName | undefined {
  if (tx.to === null || !/^0x([0-9a-fA-F]{2})*$/.test(tx.data)) return undefined;
  const to = tx.to.toLowerCase();
  const from = tx.from.toLowerCase();
  const proven = effects !== undefined && effects.ok;
  if (known.routers.has(to)) {
    const swap = routerSwap(to, tx.data, known.routers);
    const amountIn = swap?.amountIn ?? tx.value;
    // ETH in only with value, tokens in only without: a swap that also sends ETH along is not a plain swap.
    const plain = swap !== undefined && swap.recipient === from && amountIn > 0n && (swap.amountIn === undefined || tx.value === 0n);
    if (plain && proven && sends(effects, swap.assetIn, amountIn) && receivesAtLeast(effects, swap.assetOut, swap.minOut)) {
      return { kind: 'swap', exchange: 'Uniswap V2', router: to, send: { asset: swap.assetIn, amount: amountIn.toString() }, receive: { asset: swap.assetOut, atLeast: swap.minOut.toString() } };
    }
    return { kind: 'known', name: knownContractName(to, known)!, address: to };
  }
  const bridge = known.bridges.get(to);
  if (bridge !== undefined) {
    const deposit = bridge.deposit({ from, value: tx.value, data: tx.data.toLowerCase() });
    if (deposit !== undefined && deposit.amount > 0n && proven && sends(effects, 'native', deposit.amount)) {
      return { kind: 'deposit', rollup: bridge.rollup, contract: bridge.contract, address: to, amount: deposit.amount.toString(), ...(deposit.l2Account ? { l2Account: deposit.l2Account } : {}) };
    }
    return { kind: 'known', name: knownContractName(to, known)!, address: to };
  }
  return undefined;
}

/**
 * A contract Vigil knows on this chain, by its name ("Uniswap V2's router", "OP Mainnet's
 * OptimismPortal"), or undefined: how the window names a spender or an operator it knows.
 * @example knownContractName(router, known) // "Uniswap V2's router"
 */
export function knownContractName(address: string, known: KnownContracts): string | undefined {
  const a = address.toLowerCase();
  if (known.routers.has(a)) return "Uniswap V2's router";
  const bridge = known.bridges.get(a);
  return bridge === undefined ? undefined : `${bridge.rollup}'s ${bridge.contract}`;
}

/**
 * The contracts Vigil knows among the addresses a token call names (`addresses`: its spender,
 * operator, owner or recipient), by lower-case address; undefined when it knows none.
 */
export function knownParties(addresses: readonly string[], known: KnownContracts): Record<string, string> | undefined {
  const named = addresses.flatMap((a) => {
    const name = knownContractName(a, known);
    return name === undefined ? [] : [[a.toLowerCase(), name] as const];
  });
  return named.length === 0 ? undefined : Object.fromEntries(named);
}

/** The user's own net change in `asset` is exactly −`amount`, and it is the only asset leaving them. */
function sends(e: TransactionEffects, asset: string, amount: bigint): boolean {
  const out = e.own.filter((c) => BigInt(c.amount) < 0n);
  return out.length === 1 && out[0]!.asset === asset && out[0]!.standard !== 'erc721' && out[0]!.standard !== 'erc1155' && -BigInt(out[0]!.amount) === amount;
}

/** The user receives `asset` (and only it), at least `least` of it in the simulation. */
function receivesAtLeast(e: TransactionEffects, asset: string, least: bigint): boolean {
  const incoming = e.own.filter((c) => BigInt(c.amount) > 0n);
  return incoming.length === 1 && incoming[0]!.asset === asset && BigInt(incoming[0]!.amount) >= least;
}
