/**
 * What the approval window shows of a simulation (src/wallet/transaction-effects.ts): the user's
 * net changes first (outgoing before incoming), approvals with the unlimited ones flagged, the
 * others' changes after; a router's minimum-out as "at least"; and the rule that asks again when
 * the effects at approval differ from those the user saw. The user's token changes are the
 * balances read before and after the run (`holdings`, issue 50): the fixtures carry them beside
 * the logs, and where the two disagree the row is the balances' and flagged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { encodeFunctionCall, eventTopic } from '../../../src/execution/abi.ts';
import { PERMIT2_ADDRESS } from '../../../src/execution/effects.ts';
import { effectsChanged } from '../../../src/wallet/effects-snapshot.ts';
import { routerMinimumOut, type SimulationInput, summarizeEffects, type TransactionEffects } from '../../../src/wallet/transaction-effects.ts';

const ME = '0x' + 'a1'.repeat(20);
const PAIR = '0x' + 'ba'.repeat(20);
const ROUTER = '0x' + '7a'.repeat(20);
const TKA = '0x' + '7a'.repeat(19) + '01';
const WETH = '0x' + '9e'.repeat(20);
const ETH_WEI = 10n ** 18n;
const AT = { blockNumber: '100', blockHash: '0x' + 'ab'.repeat(32) };
const topic = (a: string) => '0x' + a.slice(2).padStart(64, '0');
const word = (v: bigint) => '0x' + v.toString(16).padStart(64, '0');
const transfer = (token: string, from: string, to: string, amount: bigint) => ({ address: token, topics: [eventTopic('Transfer(address,address,uint256)'), topic(from), topic(to)], data: word(amount) });
const approval = (token: string, owner: string, spender: string, amount: bigint) => ({ address: token, topics: [eventTopic('Approval(address,address,uint256)'), topic(owner), topic(spender)], data: word(amount) });
const hex = (v: bigint) => '0x' + v.toString(16);
/** The user's ERC-20 balance of `token` as read before and after the run. */
const held = (token: string, before: bigint, after: bigint, account?: string) => ({ token, standard: 'erc20' as const, ...(account ? { account } : {}), before: hex(before), after: hex(after) });

/** A swap of 1,000 TKA for 0.42 WETH paid out as ETH through the router, and an approval. */
const swap: SimulationInput = {
  calls: [{ status: 'success', returnData: '0x', logs: [approval(TKA, ME, ROUTER, (1n << 256n) - 1n), transfer(TKA, ME, PAIR, 1000n), transfer(WETH, PAIR, ROUTER, 42n)] }],
  balances: [
    { address: ME, before: '100', after: '142' },
    { address: WETH, before: '500', after: '458' },
  ],
  created: [],
  holdings: { holder: ME, read: [held(TKA, 5000n, 4000n), held(WETH, 0n, 0n), held(TKA, 7n, 1007n, PAIR)], notRead: 0 },
};

describe('summarizeEffects', () => {
  it("puts the user's own changes first, outgoing before incoming; approvals flagged; the others after", () => {
    const e = summarizeEffects(swap, ME, AT, new Map([[TKA, { symbol: 'TKA', decimals: 18, totalSupply: 10n ** 24n }]]));
    expect(e.ok).toBe(true);
    expect(e.own).toEqual([
      { asset: TKA, standard: 'erc20', amount: '-1000' },
      { asset: 'native', standard: 'native', amount: '42' },
    ]);
    expect(e.approvals).toEqual([{ kind: 'erc20', token: TKA, owner: ME, spender: ROUTER, amount: String((1n << 256n) - 1n), unlimited: true, revoke: false }]);
    expect(e.others).toEqual([
      { account: WETH, asset: 'native', standard: 'native', amount: '-42' },
      { account: PAIR, asset: TKA, standard: 'erc20', amount: '1000' },
      { account: PAIR, asset: WETH, standard: 'erc20', amount: '-42' },
      { account: ROUTER, asset: WETH, standard: 'erc20', amount: '42' },
    ]);
    expect(e.tokens[TKA]).toEqual({ symbol: 'TKA', decimals: 18 });
    expect(e.tokens[WETH]).toEqual({});
  });

  it('flags an approval unlimited at ≥ 2^255, at uint160 max for Permit2, or above the proven total supply; zero is a revocation', () => {
    const sim = (logs: SimulationInput['calls'][number]['logs']): SimulationInput => ({ calls: [{ status: 'success', returnData: '0x', logs }], balances: [], created: [] });
    const p2 = (amount: bigint) => ({ address: PERMIT2_ADDRESS, topics: [eventTopic('Approval(address,address,address,uint160,uint48)'), topic(ME), topic(TKA), topic(ROUTER)], data: word(amount) + word(9n).slice(2) });
    const facts = new Map([[TKA, { totalSupply: 1000n }]]);
    const flags = (logs: SimulationInput['calls'][number]['logs']) => summarizeEffects(sim(logs), ME, AT, facts).approvals.map((a) => [a.unlimited, a.revoke]);
    expect(flags([approval(TKA, ME, ROUTER, 1n << 255n), approval(TKA, ME, ROUTER, 1001n), approval(TKA, ME, ROUTER, 1000n), approval(TKA, ME, ROUTER, 0n)])).toEqual([
      [true, false],
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(flags([p2((1n << 160n) - 1n), p2(5n)])).toEqual([
      [true, false],
      [false, false],
    ]);
  });

  it('names the first call that failed with its decoded reason', () => {
    const e = summarizeEffects(
      { calls: [{ status: 'success', returnData: '0x', logs: [] }, { status: 'reverted', returnData: encodeFunctionCall('Error(string)', ['UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT']), logs: [] }], balances: [], created: [] },
      ME,
      AT,
      new Map(),
    );
    expect(e).toMatchObject({ ok: false, revert: { call: 1, reason: 'UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT' } });
  });
});

describe('the user\'s token changes come from balances (issue 50)', () => {
  const TKB = '0x' + '7b'.repeat(20);
  const sim = (logs: SimulationInput['calls'][number]['logs'], holdings?: SimulationInput['holdings']): SimulationInput => ({
    calls: [{ status: 'success', returnData: '0x', logs }],
    balances: [],
    created: [],
    ...(holdings ? { holdings } : {}),
  });

  it('shows the balance change where the logs say otherwise, flagged; a token with no usable balance shows 0, flagged', () => {
    const e = summarizeEffects(
      sim([transfer(TKA, TKA, ME, 2000n), transfer(TKB, TKB, ME, 5n)], { holder: ME, read: [held(TKA, 3000n, 0n), { token: TKB, standard: 'erc20', before: '0x0' }], notRead: 0 }),
      ME,
      AT,
      new Map(),
    );
    expect(e.own).toEqual([
      { asset: TKA, standard: 'erc20', amount: '-3000', flags: { eventsDisagree: true } },
      { asset: TKB, standard: 'erc20', amount: '0', flags: { eventsDisagree: true } },
    ]);
  });

  it("a counterparty's balance that is not what the logs say flags the user's row and shows what it got", () => {
    const e = summarizeEffects(sim([transfer(TKA, ME, PAIR, 10n)], { holder: ME, read: [held(TKA, 10n, 0n), held(TKA, 0n, 0n, PAIR)], notRead: 0 }), ME, AT, new Map());
    expect(e.own).toEqual([{ asset: TKA, standard: 'erc20', amount: '-10', flags: { eventsDisagree: true } }]);
    expect(e.others).toEqual([{ account: PAIR, asset: TKA, standard: 'erc20', amount: '0', flags: { eventsDisagree: true } }]);
  });

  it('an ERC-721 id: ownership from its owner before and after; one that ends elsewhere than its log says is flagged', () => {
    const nft = (from: string, to: string, id: bigint) => ({ address: TKA, topics: [eventTopic('Transfer(address,address,uint256)'), topic(from), topic(to), word(id)], data: '0x' });
    const owner = (before: string, after: string) => ({ holder: ME, read: [{ token: TKA, standard: 'erc721' as const, tokenId: '0x7', before, after }], notRead: 0 });
    expect(summarizeEffects(sim([nft(PAIR, ME, 7n)], owner(PAIR, ME)), ME, AT, new Map()).own).toEqual([{ asset: TKA, standard: 'erc721', tokenId: '7', amount: '1' }]);
    expect(summarizeEffects(sim([nft(ME, PAIR, 7n)], owner(ME, ROUTER)), ME, AT, new Map()).own).toEqual([{ asset: TKA, standard: 'erc721', tokenId: '7', amount: '-1', flags: { eventsDisagree: true } }]);
  });

  it('without balances read, no token change of the user is shown: every touched token counts as not read', () => {
    const e = summarizeEffects(sim([transfer(TKA, PAIR, ME, 2000n), transfer(TKB, PAIR, ROUTER, 1n)]), ME, AT, new Map());
    expect(e.own).toEqual([]);
    expect(e.tokensNotRead).toBe(2);
    // Another account's balances are not the user's.
    expect(summarizeEffects(sim([transfer(TKA, PAIR, ME, 2000n)], { holder: PAIR, read: [held(TKA, 0n, 2000n)], notRead: 0 }), ME, AT, new Map()).own).toEqual([]);
    expect(summarizeEffects(sim([transfer(TKA, PAIR, ME, 1n)], { holder: ME, read: [held(TKA, 0n, 1n)], notRead: 3 }), ME, AT, new Map()).tokensNotRead).toBe(3);
  });

  it("EIP-7708's ether logs are no token: not in the effects, not among the tokens", () => {
    const ether = { ...transfer('0xfffffffffffffffffffffffffffffffffffffffe', ME, PAIR, ETH_WEI), address: '0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFE' };
    const e = summarizeEffects({ ...sim([ether], { holder: ME, read: [], notRead: 0 }), balances: [{ address: ME, before: String(ETH_WEI), after: '0' }] }, ME, AT, new Map());
    expect(e.own).toEqual([{ asset: 'native', standard: 'native', amount: String(-ETH_WEI) }]);
    expect(e.others).toEqual([]);
    expect(e.tokens).toEqual({});
    expect(e.tokensNotRead).toBeUndefined();
  });
});

describe('routerMinimumOut', () => {
  const routers = new Set([ROUTER]);
  it("reads a known router's swap: what the user receives at least, native for the …ForETH swaps", () => {
    const forEth = encodeFunctionCall('swapExactTokensForETH(uint256,uint256,address[],address,uint256)', [1000n, 41n, [TKA, WETH], ME, 9n]);
    expect(routerMinimumOut(ROUTER, forEth, ME, routers)).toEqual({ asset: 'native', amount: 41n });
    const ethFor = encodeFunctionCall('swapExactETHForTokens(uint256,address[],address,uint256)', [7n, [WETH, TKA], ME, 9n]);
    expect(routerMinimumOut(ROUTER, ethFor, ME, routers)).toEqual({ asset: TKA, amount: 7n });
    const e = summarizeEffects(swap, ME, AT, new Map(), routerMinimumOut(ROUTER, forEth, ME, routers));
    expect(e.own[1]).toEqual({ asset: 'native', standard: 'native', amount: '42', atLeast: '41' });
  });

  it('says nothing for an unknown router, another recipient, another function or calldata that does not decode', () => {
    const forEth = (to: string) => encodeFunctionCall('swapExactTokensForETH(uint256,uint256,address[],address,uint256)', [1000n, 41n, [TKA, WETH], to, 9n]);
    expect(routerMinimumOut(PAIR, forEth(ME), ME, routers)).toBeUndefined();
    expect(routerMinimumOut(ROUTER, forEth(PAIR), ME, routers)).toBeUndefined();
    expect(routerMinimumOut(ROUTER, encodeFunctionCall('approve(address,uint256)', [ME, 1n]), ME, routers)).toBeUndefined();
    expect(routerMinimumOut(ROUTER, forEth(ME).slice(0, 80), ME, routers)).toBeUndefined();
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => void routerMinimumOut(ROUTER, forEth(ME).slice(0, 10) + bytesToHex(tail).slice(2), ME, routers)));
  });
});

describe('effectsChanged', () => {
  const seen = summarizeEffects(swap, ME, AT, new Map());
  const variant = (change: (s: SimulationInput) => void): TransactionEffects => {
    const s = structuredClone(swap);
    change(s);
    return summarizeEffects(s, ME, AT, new Map());
  };

  it('stands when nothing moved, or what comes in fell by at most the tolerance', () => {
    expect(effectsChanged(seen, seen)).toEqual([]);
    const richer = variant((s) => (s.balances[0]!.after = '142'));
    expect(effectsChanged(seen, richer)).toEqual([]);
  });

  it('asks again when it now reverts, more goes out, less than the tolerance comes in, or the assets or approvals differ', () => {
    expect(effectsChanged(seen, variant((s) => (s.calls[0]!.status = 'reverted')))[0]).toMatch(/now fails/);
    // The balance moved where the logs did not: that token's events now disagree, a warning of its own.
    expect(effectsChanged(seen, variant((s) => (s.holdings!.read[0]!.after = hex(3999n))))).toEqual([`you would send more of ${TKA} (1001 instead of 1000)`, `${TKA} is now flagged: eventsDisagree`]);
    // 42 → 41 is more than 0.5% less; with a 5% tolerance it stands.
    const less = variant((s) => (s.balances[0]!.after = '141'));
    expect(effectsChanged(seen, less)).toEqual(['you would receive less of native (41 instead of 42)']);
    expect(effectsChanged(seen, less, 500)).toEqual([]);
    const moved = effectsChanged(seen, variant((s) => (s.holdings!.read[1]!.after = hex(1n))));
    expect(moved[0]).toBe('the assets it moves for you changed');
    expect(moved.slice(1)).toEqual([expect.stringMatching(/is now flagged: eventsDisagree$/)]);
    expect(effectsChanged(seen, variant((s) => (s.calls[0]!.logs[0] = approval(TKA, ME, PAIR, 5n))))).toEqual(['the approvals it sets changed']);
  });

  it('asks again when a warning the window did not show appears: a token newly flagged, more tokens left unread', () => {
    const flagged = structuredClone(seen);
    flagged.own = flagged.own.map((c) => (c.asset === TKA ? { ...c, flags: { eventsDisagree: true } } : c));
    expect(effectsChanged(seen, flagged)).toEqual([`${TKA} is now flagged: eventsDisagree`]);
    // The same flag seen before is no news; nor are fewer tokens left unread.
    expect(effectsChanged(flagged, flagged)).toEqual([]);
    expect(effectsChanged({ ...seen, tokensNotRead: 2 }, { ...seen, tokensNotRead: 1 })).toEqual([]);
    expect(effectsChanged(seen, { ...seen, tokensNotRead: 1 })).toEqual(['it now touches 1 tokens whose balances were not read']);
    const impersonating = { ...seen, approvals: [{ kind: 'erc20' as const, token: TKA, owner: ME, spender: PAIR, amount: '5', unlimited: false, revoke: false, flags: { impersonates: true as const, impersonating: 'native' } }] };
    expect(effectsChanged({ ...impersonating, approvals: [{ ...impersonating.approvals[0]!, flags: undefined }] }, impersonating)).toEqual([`${TKA} is now flagged: impersonates`]);
  });
});
