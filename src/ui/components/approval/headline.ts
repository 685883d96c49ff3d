/**
 * A transaction's headline, in words, from what Vigil decoded and proved: in the approval window
 * ("Send 5 VTA (0x5FbD…0aa3) to alice.vigil.eth (0x7099…79C8)") and, said as done, in the
 * activity ("Sent …", "Deposited …"). A call the background named (src/wallet/call-name.ts: a swap
 * on a router Vigil knows by its address, a deposit into a followed rollup's bridge, a contract it
 * knows) is said as named, the contract's address beside its name; the standard token calls
 * (src/client/wallet/call-summary.ts: ERC-20 transfer, approve, transferFrom, allowance changes;
 * ERC-721 transfers and operators; ERC-1155 transfers) by their token's proven symbol with its
 * short address beside it; anything else as the contract and the selector. A recipient is named
 * only by a name proven for its address when the window was prepared (`recipientName`, set by the
 * background only when the proven address is the recipient), its short address beside the name.
 * A token's symbol is shown only as proven (the followed token's, else the one the simulation read
 * by verified call) and only when it keeps the token rule (src/core/token-rules.ts) and is not the
 * network's own currency's: else "token 0x…", and base units where its decimals are not proven.
 * Amounts are short (4–6 significant digits: rounded up for what leaves the account, down for what
 * comes in), each exact on hover and focus.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { tokenDecimalsProblem, tokenSymbolProblem } from '../../../core/token-rules.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { amountWords, formatNumber, formatUnits, type Rounding, shortAddress } from '../../format.ts';
import { Amount } from '../amount.ts';

type TokenFacts = { symbol?: string; decimals?: number };

/** A call decoded from the calldata (src/client/wallet/call-summary.ts DecodedCall, with a followed token's facts), else the selector; null for no data. */
export type DecodedJson =
  | null
  | ({ kind: 'erc20-transfer'; token: string; recipient: string; amount: string } & TokenFacts)
  | ({ kind: 'erc20-approve'; token: string; spender: string; amount: string; unlimited: boolean } & TokenFacts)
  | ({ kind: 'erc20-allowance'; token: string; spender: string; amount: string; change: 'increase' | 'decrease' } & TokenFacts)
  | ({ kind: 'token-transfer-from'; token: string; owner: string; recipient: string; amount: string } & TokenFacts)
  | ({ kind: 'erc721-transfer'; token: string; owner: string; recipient: string; tokenId: string } & TokenFacts)
  | ({ kind: 'operator'; token: string; operator: string; approved: boolean } & TokenFacts)
  | ({ kind: 'erc1155-transfer'; token: string; owner: string; recipient: string; items: { id: string; amount: string }[] } & TokenFacts)
  | { kind: 'call'; selector: string; bytes: number };

/** A name proven for an address (src/client/wallet/requests.ts recipientNameOf). */
export interface RecipientName {
  name: string;
  address: string;
}

/** What a headline is made of: the transaction's fields, its call decoded, its effects, and a proven name for its recipient. */
export interface HeadlineInput {
  tx: { to: string | null; value: string; data?: string };
  decoded: DecodedJson;
  effects?: TransactionEffects | undefined;
  recipientName?: RecipientName | undefined;
}

/** One piece of a headline: words, or an amount (base units, decimal) shown short with its exact value on hover and focus. */
export type Part = string | { value: string; symbol: string; decimals: number | undefined; rounding: Rounding };

/** 'ask': what the window asks to sign ("Send"); 'done': what the activity says was sent ("Sent"). */
export type Tense = 'ask' | 'done';

const ETH = { symbol: 'ETH', decimals: 18 };

const DONE: Record<string, string> = {
  Send: 'Sent',
  Swap: 'Swapped',
  Deposit: 'Deposited',
  Approve: 'Approved',
  Revoke: 'Revoked',
  Raise: 'Raised',
  Lower: 'Lowered',
  Allow: 'Allowed',
  Call: 'Called',
  Create: 'Created',
};

/** A token as the headline names it: its proven symbol with its short address, and its decimals; or "token 0x…" and no decimals. */
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

function factsOf(effects: TransactionEffects | undefined, token: string): TokenFacts | undefined {
  if (effects === undefined) return undefined;
  const key = Object.keys(effects.tokens).find((k) => k.toLowerCase() === token.toLowerCase());
  return key === undefined ? undefined : effects.tokens[key];
}

/** Whether the effects moved `token` as an ERC-721 (transferFrom's one selector serves both standards). */
function movedAsNft(effects: TransactionEffects | undefined, token: string): boolean {
  const t = token.toLowerCase();
  return effects !== undefined && [...effects.own, ...effects.others].some((c) => c.asset.toLowerCase() === t && c.standard === 'erc721');
}

/**
 * The headline's parts. `batchEffects`: for a call of a batch, the whole batch's effects, where
 * its tokens' symbols were proven (a call of a batch carries no effects of its own).
 */
export function headline(d: HeadlineInput, batchEffects?: TransactionEffects, tense: Tense = 'ask'): Part[] {
  const verb = (w: string) => (tense === 'done' ? (DONE[w] ?? w) : w);
  const value = BigInt(d.tx.value || '0');
  const eth = (v: bigint | string, rounding: Rounding = 'up'): Part => ({ value: v.toString(), ...ETH, rounding });
  const withValue: Part[] = value > 0n ? [', sending ', eth(value)] : [];
  // An address by the name proven for it, or a contract Vigil knows by its name (its short address beside either), else short.
  const who = (address: string) => {
    const n = d.recipientName;
    if (n !== undefined && n.address.toLowerCase() === address.toLowerCase()) return `${n.name} (${shortAddress(address)})`;
    const known = (d.effects ?? batchEffects)?.parties?.[address.toLowerCase()];
    return known !== undefined ? `${known} (${shortAddress(address)})` : shortAddress(address);
  };
  const dec = d.decoded;
  if (d.tx.to === null) {
    // The activity keeps no calldata: its creation is said without its size.
    const size = d.tx.data === undefined ? '' : ` (${formatNumber(Math.max(0, (d.tx.data.length - 2) / 2))} bytes of code)`;
    return [`${verb('Create')} a contract${size}`, ...withValue];
  }
  if (dec === null) return [`${verb('Send')} `, eth(value), ` to ${who(d.tx.to)}`];
  const token = (a: string) => tokenLabel(d, a, batchEffects);
  const asset = (a: string, v: string, rounding: Rounding): Part => (a === 'native' ? eth(v, rounding) : { value: v, ...token(a), rounding });
  const call = d.effects?.call;
  if (call?.kind === 'swap') {
    return [`${verb('Swap')} `, asset(call.send.asset, call.send.amount, 'up'), ' for at least ', asset(call.receive.asset, call.receive.atLeast, 'down'), ` on ${call.exchange} (${shortAddress(call.router)})`];
  }
  if (call?.kind === 'deposit') {
    const account = call.l2Account === undefined ? '' : 'opens' in call.l2Account ? ', opening your L2 account there' : `, to L2 account #${call.l2Account.index}`;
    return [`${verb('Deposit')} `, eth(call.amount), ` into ${call.rollup}'s bridge (its ${call.contract} ${shortAddress(call.address)})${account}`];
  }
  switch (dec.kind) {
    case 'erc20-transfer':
      return [`${verb('Send')} `, asset(dec.token, dec.amount, 'up'), ` to ${who(dec.recipient)}`, ...withValue];
    case 'erc20-approve': {
      const t = token(dec.token);
      if (dec.unlimited) return [`${verb('Approve')} ${who(dec.spender)} to spend unlimited ${t.symbol}`, ...withValue];
      if (BigInt(dec.amount) === 0n) return [`${verb('Revoke')} ${who(dec.spender)}'s allowance of ${t.symbol}`, ...withValue];
      return [`${verb('Approve')} ${who(dec.spender)} to spend up to `, { value: dec.amount, ...t, rounding: 'up' }, ...withValue];
    }
    case 'erc20-allowance':
      return [`${verb(dec.change === 'increase' ? 'Raise' : 'Lower')} ${who(dec.spender)}'s allowance by `, asset(dec.token, dec.amount, 'up'), ...withValue];
    case 'token-transfer-from': {
      const t = token(dec.token);
      const route = ` from ${who(dec.owner)} to ${who(dec.recipient)}`;
      if (movedAsNft(d.effects ?? batchEffects, dec.token)) return [`${verb('Send')} ${t.symbol} #${dec.amount}${route}`, ...withValue];
      if (t.decimals !== undefined) return [`${verb('Send')} `, { value: dec.amount, ...t, rounding: 'up' }, route, ...withValue];
      // Neither proven decimals nor an NFT's move: transferFrom's number is an amount or a token id.
      return [`${verb('Send')} ${t.symbol} (amount or token id ${formatUnits(dec.amount, 0)})${route}`, ...withValue];
    }
    case 'erc721-transfer':
      return [`${verb('Send')} ${token(dec.token).symbol} #${dec.tokenId} from ${who(dec.owner)} to ${who(dec.recipient)}`, ...withValue];
    case 'operator': {
      const t = token(dec.token);
      if (!dec.approved) return [`${verb('Revoke')} ${who(dec.operator)}'s permission to move your ${t.symbol}`, ...withValue];
      return [`${verb('Allow')} ${who(dec.operator)} to move all your ${t.symbol}, now and later`, ...withValue];
    }
    case 'erc1155-transfer': {
      const t = token(dec.token).symbol;
      const route = ` from ${who(dec.owner)} to ${who(dec.recipient)}`;
      const item = (i: { id: string; amount: string }) => `${formatUnits(i.amount, 0)} of ${t} #${i.id}`;
      if (dec.items.length === 1) return [`${verb('Send')} ${item(dec.items[0]!)}${route}`, ...withValue];
      const listed = dec.items.slice(0, 3).map((i) => `#${i.id} ×${formatUnits(i.amount, 0)}`).join(', ');
      return [`${verb('Send')} ${dec.items.length} kinds of ${t} (${listed}${dec.items.length > 3 ? ', …' : ''})${route}`, ...withValue];
    }
    case 'call': {
      const what = `function ${dec.selector}, ${formatNumber(dec.bytes)} bytes of data`;
      if (call?.kind === 'known') return [`${verb('Call')} ${call.name} ${shortAddress(call.address)} (${what})`, ...withValue];
      return [`${verb('Call')} contract ${shortAddress(d.tx.to)} (${what})`, ...withValue];
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
