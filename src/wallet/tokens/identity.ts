/**
 * Who the tokens of a transaction's effects are (audit F4): a token's own `symbol()` says nothing
 * of who it is, so a contract calling itself "ETH" or "USDC" must not read as ether or the real
 * USDC. Each token change (the user's, the other accounts', those of the other plausible block)
 * and each approval's token gets the AssetFlags of ../transaction-effects.ts: `unknown` when the
 * user does not follow it and the network's list (./shipped.ts, a local devnet's own) does
 * not hold it; `impersonates` when its symbol, compared as a reader sees it ({@link symbolSkeleton}),
 * is the native currency's or a followed or listed token's at another address. A listed token is
 * taken as the list names it (the list holds a few symbols twice) but never as ether; a followed one is held to the
 * list only (two followed tokens may share a symbol the user chose to follow twice). Pure.
 * @module
 */
import type { ApprovalEffect, AssetChange, AssetFlags, TransactionEffects } from '../transaction-effects.ts';

/** A token known on a network: its lower-case address and its symbol. */
export interface KnownToken {
  address: string;
  symbol: string;
}

/** What a token is compared with: the network's native currency symbol, the user's followed tokens and the network's listed ones. */
export interface TokenNaming {
  nativeSymbol: string;
  followed: readonly KnownToken[];
  /** By lower-case address. */
  listed: ReadonlyMap<string, KnownToken>;
}

/**
 * Letters of other scripts that read as Latin capitals (after upper-casing): Cyrillic and Greek
 * homoglyphs, as Unicode's confusables (UTS #39) pair them with A–Z.
 */
const LATIN_LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  А: 'A', В: 'B', Е: 'E', Ѕ: 'S', І: 'I', Ї: 'I', Ј: 'J', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ү: 'Y', Һ: 'H', Ԁ: 'D', Ԛ: 'Q', Ԝ: 'W', Ӏ: 'I', З: '3',
  // Greek
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X', Ϲ: 'C', Ϳ: 'J',
};
const LOOKALIKE = new RegExp(`[${Object.keys(LATIN_LOOKALIKES).join('')}]`, 'gu');
/** Marks (accents, variation selectors), format and control characters, separators, and the fillers that render as nothing. */
const INVISIBLE = /[\p{M}\p{C}\p{Z}\u115F\u1160\u3164\uFFA0]/gu;

/**
 * A symbol as a reader sees it: compatibility forms folded (NFKC: "ＵＳＤＣ", "𝐔𝐒𝐃𝐂"), accents and
 * invisible characters dropped, case folded, Cyrillic and Greek look-alikes read as Latin ("UЅDC").
 * @example symbolSkeleton('ＵЅdc') // 'USDC'
 */
export function symbolSkeleton(symbol: string): string {
  return symbol.normalize('NFKD').replace(INVISIBLE, '').normalize('NFKC').toUpperCase().replace(LOOKALIKE, (c) => LATIN_LOOKALIKES[c]!);
}

/**
 * The flags of the token at `address` whose own symbol is `symbol` (undefined: it answered none),
 * or undefined when it needs none.
 * @example tokenFlags('0xfa…', 'ETH', naming) // { unknown: true, impersonates: true, impersonating: 'native' }
 */
export function tokenFlags(address: string, symbol: string | undefined, naming: TokenNaming): AssetFlags | undefined {
  const token = address.toLowerCase();
  const listed = naming.listed.has(token);
  const followed = naming.followed.some((f) => f.address.toLowerCase() === token);
  const flags: AssetFlags = {};
  if (!listed && !followed) flags.unknown = true;
  const whose = symbol === undefined ? undefined : impersonated(token, symbolSkeleton(symbol), listed, followed, naming);
  if (whose !== undefined) {
    flags.impersonates = true;
    flags.impersonating = whose;
  }
  return Object.keys(flags).length > 0 ? flags : undefined;
}

/**
 * 'native', or the lower-case address of the listed (then followed) token `token` passes for;
 * undefined: none. No token passes for ether, listed or not (a user's own network lists what its
 * well-known object says); a listed one is held to nothing else.
 */
function impersonated(token: string, skeleton: string, listed: boolean, followed: boolean, naming: TokenNaming): string | undefined {
  if (skeleton === symbolSkeleton(naming.nativeSymbol)) return 'native';
  if (listed) return undefined;
  const others = [...naming.listed.values(), ...(followed ? [] : naming.followed)];
  return others.find((k) => k.address.toLowerCase() !== token && symbolSkeleton(k.symbol) === skeleton)?.address.toLowerCase();
}

/**
 * `effects` with every token change and approval flagged by {@link tokenFlags} (their symbols are
 * those proven in `effects.tokens`); flags already set (`eventsDisagree`) are kept.
 */
export function nameTokens(effects: TransactionEffects, naming: TokenNaming): TransactionEffects {
  const memo = new Map<string, AssetFlags | undefined>();
  const flagsOf = (token: string) => {
    const key = token.toLowerCase();
    if (!memo.has(key)) memo.set(key, tokenFlags(key, symbolOf(effects, key), naming));
    return memo.get(key);
  };
  const change = <C extends AssetChange>(c: C): C => {
    const flags = c.asset === 'native' ? undefined : flagsOf(c.asset);
    return flags === undefined ? c : { ...c, flags: { ...c.flags, ...flags } };
  };
  const approval = (a: ApprovalEffect): ApprovalEffect => {
    const flags = flagsOf(a.token);
    return flags === undefined ? a : { ...a, flags: { ...a.flags, ...flags } };
  };
  const d = effects.dependsOnBlock;
  return {
    ...effects,
    own: effects.own.map(change),
    others: effects.others.map(change),
    approvals: effects.approvals.map(approval),
    ...(d !== undefined ? { dependsOnBlock: { ...d, own: d.own.map(change), approvals: d.approvals.map(approval) } } : {}),
  };
}

function symbolOf(effects: TransactionEffects, token: string): string | undefined {
  const key = Object.keys(effects.tokens).find((k) => k.toLowerCase() === token);
  return key === undefined ? undefined : effects.tokens[key]!.symbol;
}
