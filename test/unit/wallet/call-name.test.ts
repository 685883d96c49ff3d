/**
 * Contract calls named from what Vigil decodes and proves (src/wallet/call-name.ts): a swap on a
 * router Vigil knows, a deposit into a followed rollup's bridge (each kind's adapter decodes its
 * own, src/l2/adapter.ts depositBridge), a known contract otherwise; and what is not named: a
 * truncated or trailing-byte call, another selector, a swap paying someone else, effects that do
 * not move the user's assets as the name would say, an unknown contract.
 */
import { describe, expect, it } from 'vitest';
import { encodeFunctionCall } from '../../../src/execution/abi.ts';
import { depositBridges } from '../../../src/client/rollups/deposit-bridges.ts';
import { arbitrumAdapter } from '../../../src/l2/arbitrum/adapter.ts';
import { requireKnownRollup } from '../../../src/l2/known-rollups.ts';
import { parseRollup } from '../../../src/l2/registry.ts';
import { opStackAdapter } from '../../../src/l2/op-stack/adapter.ts';
import { encodeDeposit, NEW_ACCOUNT } from '../../../src/l2/vigil-zk/abi.ts';
import { vigilZkAdapter } from '../../../src/l2/vigil-zk/adapter.ts';
import { type KnownContracts, nameCall } from '../../../src/wallet/call-name.ts';
import { KNOWN_ROUTERS, type TransactionEffects } from '../../../src/wallet/transaction-effects.ts';

const USER = '0x' + '11'.repeat(20);
const OTHER = '0x' + '22'.repeat(20);
const ROUTER = KNOWN_ROUTERS[1]![0]!;
const WETH = '0x' + 'ee'.repeat(20);
const VTA = '0x' + '5f'.repeat(20);
const UNKNOWN = '0x' + '99'.repeat(20);
const PORTAL = '0x' + 'a0'.repeat(20);
const INBOX = '0x' + 'a1'.repeat(20);
const ROLLUP = '0x' + 'a2'.repeat(20);
const ETH = 10n ** 18n;
const MIN_OUT = 1940n * ETH;

const bridges = depositBridges([
  { adapter: opStackAdapter, config: { optimismPortal: { address: PORTAL.toUpperCase().replace('0X', '0x') } }, identity: { name: 'OP Mainnet' } },
  { adapter: arbitrumAdapter, config: { contracts: { inbox: INBOX } }, identity: { name: 'Arbitrum One' } },
  { adapter: vigilZkAdapter, config: { contract: ROLLUP }, identity: { name: 'Vigil ZK devnet' } },
] as never);
const known: KnownContracts = { routers: new Set([ROUTER]), bridges };

function effects(own: TransactionEffects['own'], ok = true): TransactionEffects {
  return { at: { blockNumber: '7', blockHash: '0x' + 'ab'.repeat(32) }, ok, own, approvals: [], others: [], created: [], tokens: { [VTA]: { symbol: 'VTA', decimals: 18 } } };
}

const swapData = (recipient = USER, path = [WETH, VTA]) => encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [MIN_OUT, path, recipient, 1n << 40n]);
const swapped = effects([
  { asset: 'native', standard: 'native', amount: String(-ETH) },
  { asset: VTA, standard: 'erc20', amount: String(1950n * ETH), atLeast: String(MIN_OUT) },
]);
const swap = (data: string, e: TransactionEffects | undefined = swapped, value = ETH) => nameCall({ from: USER, to: ROUTER, value, data }, e, known);

describe('a swap on a router Vigil knows', () => {
  it('is named from its calldata and the proven effects: what goes in, the least that comes out', () => {
    expect(swap(swapData())).toEqual({ kind: 'swap', exchange: 'Uniswap V2', router: ROUTER, send: { asset: 'native', amount: String(ETH) }, receive: { asset: VTA, atLeast: String(MIN_OUT) } });
    // Tokens in, ETH out: the amount in from the calldata, none sent along.
    const data = encodeFunctionCall('swapExactTokensForETH(uint256,uint256,address[],address,uint256)', [10n * ETH, ETH / 2n, [VTA, WETH], USER, 1n << 40n]);
    const e = effects([
      { asset: VTA, standard: 'erc20', amount: String(-10n * ETH) },
      { asset: 'native', standard: 'native', amount: String((ETH * 6n) / 10n) },
    ]);
    expect(nameCall({ from: USER, to: ROUTER.toUpperCase().replace('0X', '0x'), value: 0n, data }, e, known)).toMatchObject({ kind: 'swap', send: { asset: VTA, amount: String(10n * ETH) }, receive: { asset: 'native', atLeast: String(ETH / 2n) } });
  });

  it('hostile calldata: truncated, another selector, a garbled path, a recipient not the user, not hex — only the router named', () => {
    const routerOnly = { kind: 'known', name: "Uniswap V2's router", address: ROUTER };
    expect(swap(swapData().slice(0, -64))).toEqual(routerOnly);
    expect(swap('0x12345678' + swapData().slice(10))).toEqual(routerOnly);
    expect(swap(swapData().slice(0, 10))).toEqual(routerOnly);
    expect(swap(swapData(USER, [WETH]))).toEqual(routerOnly);
    expect(swap(swapData(OTHER))).toEqual(routerOnly);
    expect(swap(swapData() + 'zz')).toBeUndefined();
    // ETH in needs value; tokens in with ETH sent along is more than a swap.
    expect(swap(swapData(), swapped, 0n)).toEqual(routerOnly);
  });

  it('effects that do not move the user as the name says: not named a swap', () => {
    const routerOnly = { kind: 'known', name: "Uniswap V2's router", address: ROUTER };
    // Less than the minimum the calldata claims.
    expect(swap(swapData(), effects([{ asset: 'native', standard: 'native', amount: String(-ETH) }, { asset: VTA, standard: 'erc20', amount: String(MIN_OUT - 1n) }]))).toEqual(routerOnly);
    // Another token comes in than the path's last.
    expect(swap(swapData(), effects([{ asset: 'native', standard: 'native', amount: String(-ETH) }, { asset: OTHER, standard: 'erc20', amount: String(MIN_OUT) }]))).toEqual(routerOnly);
    // More leaves than the call says, or something else leaves too.
    expect(swap(swapData(), effects([{ asset: 'native', standard: 'native', amount: String(-2n * ETH) }, { asset: VTA, standard: 'erc20', amount: String(MIN_OUT) }]))).toEqual(routerOnly);
    expect(swap(swapData(), effects([{ asset: 'native', standard: 'native', amount: String(-ETH) }, { asset: OTHER, standard: 'erc20', amount: '-1' }, { asset: VTA, standard: 'erc20', amount: String(MIN_OUT) }]))).toEqual(routerOnly);
    // Not proven, or failing.
    expect(nameCall({ from: USER, to: ROUTER, value: ETH, data: swapData() }, undefined, known)).toEqual(routerOnly);
    expect(swap(swapData(), { ...swapped, ok: false })).toEqual(routerOnly);
  });

  it('the same calldata to a contract Vigil does not know is not named', () => {
    expect(nameCall({ from: USER, to: UNKNOWN, value: ETH, data: swapData() }, swapped, known)).toBeUndefined();
    expect(nameCall({ from: USER, to: null, value: ETH, data: swapData() }, swapped, known)).toBeUndefined();
  });
});

describe('a deposit into a followed rollup', () => {
  const sent = (wei: bigint) => effects([{ asset: 'native', standard: 'native', amount: String(-wei) }]);
  const deposit = (to: string, data: string, value = 2n * ETH, e: TransactionEffects | undefined = sent(value)) => nameCall({ from: USER, to, value, data }, e, known);

  it("OP Stack's portal: ETH sent to it, or depositTransaction to the sender's own address with that value", () => {
    expect(deposit(PORTAL, '0x')).toEqual({ kind: 'deposit', rollup: 'OP Mainnet', contract: 'OptimismPortal', address: PORTAL, amount: String(2n * ETH) });
    const plain = encodeFunctionCall('depositTransaction(address,uint256,uint64,bool,bytes)', [USER, 2n * ETH, 100_000n, false, '0x']);
    expect(deposit(PORTAL, plain)).toMatchObject({ kind: 'deposit', amount: String(2n * ETH) });
    const portalOnly = { kind: 'known', name: "OP Mainnet's OptimismPortal", address: PORTAL };
    // Another recipient on L2, another amount there, a call or a creation there, trailing bytes: more than a deposit.
    expect(deposit(PORTAL, encodeFunctionCall('depositTransaction(address,uint256,uint64,bool,bytes)', [OTHER, 2n * ETH, 100_000n, false, '0x']))).toEqual(portalOnly);
    expect(deposit(PORTAL, encodeFunctionCall('depositTransaction(address,uint256,uint64,bool,bytes)', [USER, ETH, 100_000n, false, '0x']))).toEqual(portalOnly);
    expect(deposit(PORTAL, encodeFunctionCall('depositTransaction(address,uint256,uint64,bool,bytes)', [USER, 2n * ETH, 100_000n, false, '0xdeadbeef']))).toEqual(portalOnly);
    expect(deposit(PORTAL, encodeFunctionCall('depositTransaction(address,uint256,uint64,bool,bytes)', [USER, 2n * ETH, 100_000n, true, '0x']))).toEqual(portalOnly);
    expect(deposit(PORTAL, plain + '00'.repeat(32))).toEqual(portalOnly);
    expect(deposit(PORTAL, plain.slice(0, -64))).toEqual(portalOnly);
    // Nothing sent, or the effects say more left.
    expect(deposit(PORTAL, '0x', 0n)).toEqual(portalOnly);
    expect(deposit(PORTAL, '0x', 2n * ETH, sent(3n * ETH))).toEqual(portalOnly);
  });

  it("Arbitrum's inbox: depositEth() with ETH, and nothing after its selector", () => {
    expect(deposit(INBOX, '0x439370b1')).toEqual({ kind: 'deposit', rollup: 'Arbitrum One', contract: 'Inbox', address: INBOX, amount: String(2n * ETH) });
    expect(deposit(INBOX, '0x439370b1' + '00'.repeat(32))).toEqual({ kind: 'known', name: "Arbitrum One's Inbox", address: INBOX });
    expect(deposit(INBOX, '0x')).toEqual({ kind: 'known', name: "Arbitrum One's Inbox", address: INBOX });
  });

  it("the devnet rollup: deposit(to, ax, ay), opening an account or topping one up by its index", () => {
    expect(deposit(ROLLUP, encodeDeposit(NEW_ACCOUNT, 5n, 6n))).toMatchObject({ kind: 'deposit', rollup: 'Vigil ZK devnet', contract: 'rollup contract', l2Account: { opens: true } });
    expect(deposit(ROLLUP, encodeDeposit(3n, 0n, 0n))).toMatchObject({ kind: 'deposit', l2Account: { index: '3' } });
    // A top-up that carries a key, a truncated call, another selector.
    const rollupOnly = { kind: 'known', name: "Vigil ZK devnet's rollup contract", address: ROLLUP };
    expect(deposit(ROLLUP, encodeDeposit(3n, 5n, 6n))).toEqual(rollupOnly);
    expect(deposit(ROLLUP, encodeDeposit(3n, 0n, 0n).slice(0, -2))).toEqual(rollupOnly);
    expect(deposit(ROLLUP, '0xdeadbeef' + encodeDeposit(3n, 0n, 0n).slice(10))).toEqual(rollupOnly);
  });
});

describe("the shipped rollups' bridges", () => {
  it("are each config's own deposit contract: OP Mainnet's OptimismPortal, Arbitrum One's Inbox", () => {
    const shipped = depositBridges(['op-mainnet', 'arbitrum-one'].map((name) => parseRollup(requireKnownRollup(name))));
    expect([...shipped].map(([address, b]) => [address, b.rollup, b.contract])).toEqual([
      ['0xbeb5fc579115071764c7423a4f12edde41f106ed', 'OP Mainnet', 'OptimismPortal'],
      ['0x4dbd4fc535ac27206064b68ffcf827b0a60bab3f', 'Arbitrum One', 'Inbox'],
    ]);
  });
});
