/**
 * A transaction's headline in the approval window: what it is, in words, from what Vigil decoded
 * and proved. A call the background named (src/wallet/call-name.ts: a swap on a router Vigil knows
 * by its address, a deposit into a followed rollup's bridge, a contract it knows) is said as named,
 * the contract's address beside its name; an ERC-20 transfer or approval by its token's proven
 * symbol, its short address beside it ("Send 5 VTA (0x5FbD…0aa3) to 0x…", "Approve VTA (0x5FbD…0aa3):
 * unlimited for 0x…"); anything else as the contract and
 * the selector. A token's symbol is shown only as proven (the followed token's, else the one the
 * simulation read by verified call) and only when it keeps the token rule (src/core/token-rules.ts)
 * and is not the network's own currency's: else the token's address, and base units where its
 * decimals are not proven. Amounts are short (4–6 significant digits: rounded up for what leaves
 * the account, down for what comes in), each exact on hover and focus.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { tokenDecimalsProblem, tokenSymbolProblem } from '../../../core/token-rules.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { amountWords, formatNumber, type Rounding, shortAddress } from '../../format.ts';
import { Amount } from '../amount.ts';

/** An ERC-20 transfer or approval decoded from the calldata (src/client/wallet/call-summary.ts), else the selector; null for no data. */
export type DecodedJson =
  | null
  | { kind: 'erc20-transfer'; token: string; recipient: string; amount: string; symbol?: string; decimals?: number }
  | { kind: 'erc20-approve'; token: string; spender: string; amount: string; unlimited: boolean; symbol?: string; decimals?: number }
  | { kind: 'call'; selector: string; bytes: number };

/** What a headline is made of: the transaction's fields, its call decoded, and its effects (./transaction.ts TransactionDetails). */
export interface HeadlineInput {
  tx: { to: string | null; value: string; data: string };
  decoded: DecodedJson;
  effects?: TransactionEffects | undefined;
}

/** One piece of a headline: words, or an amount (base units, decimal) shown short with its exact value on hover and focus. */
export type Part = string | { value: string; symbol: string; decimals: number | undefined; rounding: Rounding };

const ETH = { symbol: 'ETH', decimals: 18 };

/** A token as the headline names it: its proven symbol with its short address, and its decimals; or its short address and no decimals. */
export function tokenLabel(d: Pick<HeadlineInput, 'decoded' | 'effects'>, token: string, effects?: TransactionEffects): { symbol: string; decimals: number | undefined } {
  const dec = d.decoded;
  const followed = dec !== null && dec.kind !== 'call' && dec.token.toLowerCase() === token.toLowerCase() && dec.symbol !== undefined ? { symbol: dec.symbol, decimals: dec.decimals } : undefined;
  const facts = followed ?? factsOf(d.effects ?? effects, token);
  const symbol = facts?.symbol;
  const shown = symbol !== undefined && tokenSymbolProblem(symbol) === undefined && symbol.toUpperCase() !== ETH.symbol;
  const decimals = facts?.decimals !== undefined && tokenDecimalsProblem(facts.decimals) === undefined ? facts.decimals : undefined;
  // The symbol is the token's word for itself: its address beside it says which token it is.
  return { symbol: shown ? `${symbol} (${shortAddress(token)})` : `token ${shortAddress(token)}`, decimals: shown ? decimals : undefined };
}

function factsOf(effects: TransactionEffects | undefined, token: string): { symbol?: string; decimals?: number } | undefined {
  if (effects === undefined) return undefined;
  const key = Object.keys(effects.tokens).find((k) => k.toLowerCase() === token.toLowerCase());
  return key === undefined ? undefined : effects.tokens[key];
}

/**
 * The headline's parts. `batchEffects`: for a call of a batch, the whole batch's effects, where
 * its tokens' symbols were proven (a call of a batch carries no effects of its own).
 */
export function headline(d: HeadlineInput, batchEffects?: TransactionEffects): Part[] {
  const value = BigInt(d.tx.value || '0');
  const eth = (v: bigint | string, rounding: Rounding = 'up'): Part => ({ value: v.toString(), ...ETH, rounding });
  const withValue: Part[] = value > 0n ? [', sending ', eth(value)] : [];
  const dec = d.decoded;
  if (d.tx.to === null) return [`Create a contract (${formatNumber(Math.max(0, (d.tx.data.length - 2) / 2))} bytes of code)`, ...withValue];
  if (dec === null) return ['Send ', eth(value), ` to ${shortAddress(d.tx.to)}`];
  const asset = (a: string, v: string, rounding: Rounding): Part => (a === 'native' ? eth(v, rounding) : { value: v, ...tokenLabel(d, a, batchEffects), rounding });
  const call = d.effects?.call;
  if (call?.kind === 'swap') {
    return ['Swap ', asset(call.send.asset, call.send.amount, 'up'), ' for at least ', asset(call.receive.asset, call.receive.atLeast, 'down'), ` on ${call.exchange} (${shortAddress(call.router)})`];
  }
  if (call?.kind === 'deposit') {
    const account = call.l2Account === undefined ? '' : 'opens' in call.l2Account ? ', opening your L2 account there' : `, to L2 account #${call.l2Account.index}`;
    return ['Deposit ', eth(call.amount), ` into ${call.rollup}'s bridge (its ${call.contract} ${shortAddress(call.address)})${account}`];
  }
  switch (dec.kind) {
    case 'erc20-transfer':
      return ['Send ', asset(dec.token, dec.amount, 'up'), ` to ${shortAddress(dec.recipient)}`, ...withValue];
    case 'erc20-approve': {
      const token = tokenLabel(d, dec.token, batchEffects);
      if (dec.unlimited) return [`Approve ${token.symbol}: unlimited for ${shortAddress(dec.spender)}`, ...withValue];
      if (BigInt(dec.amount) === 0n) return [`Revoke ${shortAddress(dec.spender)}'s allowance of ${token.symbol}`, ...withValue];
      return [`Approve ${token.symbol}: up to `, { value: dec.amount, symbol: '', decimals: token.decimals, rounding: 'up' }, ` for ${shortAddress(dec.spender)}`, ...withValue];
    }
    case 'call': {
      const what = `function ${dec.selector}, ${formatNumber(dec.bytes)} bytes of data`;
      if (call?.kind === 'known') return [`Call ${call.name} ${shortAddress(call.address)} (${what})`, ...withValue];
      return [`Call contract ${shortAddress(d.tx.to)} (${what})`, ...withValue];
    }
  }
}

/** The parts as plain text, amounts short. */
export function partsText(parts: readonly Part[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : amountWords(p.value, { symbol: p.symbol, decimals: p.decimals }, p.rounding).short)).join('');
}

/** The parts rendered, each amount short with its exact value on hover and focus. */
export function Headline({ parts }: { parts: readonly Part[] }): ComponentChild {
  return parts.map((p, i) => (typeof p === 'string' ? p : h(Amount, { key: i, value: p.value, symbol: p.symbol, decimals: p.decimals, rounding: p.rounding })));
}
