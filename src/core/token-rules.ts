/**
 * The rule for what Vigil keeps and shows of an ERC-20 it follows (EIP-747 `wallet_watchAsset`,
 * or the popup's form): a symbol of 1 to {@link TOKEN_SYMBOL_MAX} characters with none that can
 * make text read as other text or break a line, and decimals a whole number from 0 to
 * {@link TOKEN_DECIMALS_MAX}. One rule for what a page offers, what a token's own symbol() and
 * decimals() answer, what the store accepts and what the popup shows of rows older versions
 * stored: a value that breaks it is refused (never truncated) or shown marked, never used.
 * @module
 */
import { isObject } from './json.ts';

/** Characters of a symbol (code points), as wallets have shown them since MetaMask's limit. */
export const TOKEN_SYMBOL_MAX = 11;
/** Decimals beyond this are no real token's; 10^decimals of a larger one is a denial of service. */
export const TOKEN_DECIMALS_MAX = 36;

/**
 * Control (C0, C1), format (bidi overrides and isolates, zero-width joiners and spaces, the BOM),
 * surrogate, private-use and unassigned code points, and line and paragraph separators: each can
 * hide or reorder what the user reads, or break the popup's layout.
 */
const UNSAFE = /[\p{C}\p{Zl}\p{Zp}]/u;

/**
 * Why `value` is not a symbol Vigil keeps, in words; undefined when it is one.
 * @example tokenSymbolProblem('USDC') // undefined
 * @example tokenSymbolProblem('USD\u202eC') // 'the symbol has a control, bidi or invisible character (U+202E)'
 */
export function tokenSymbolProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'the symbol is not text';
  // Checked on UTF-16 length first: a page's megabyte string is refused without being walked.
  if (value.length > 2 * TOKEN_SYMBOL_MAX || [...value].length > TOKEN_SYMBOL_MAX) return `the symbol is longer than ${TOKEN_SYMBOL_MAX} characters`;
  if (value.length === 0) return 'the symbol is empty';
  const bad = UNSAFE.exec(value);
  if (bad) return `the symbol has a control, bidi or invisible character (U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
  if (value.trim() !== value) return 'the symbol starts or ends with a space';
  return undefined;
}

/** Why `value` is not a token's decimals, in words; undefined when it is (0 to 36). */
export function tokenDecimalsProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > TOKEN_DECIMALS_MAX) return `the decimals are not a whole number from 0 to ${TOKEN_DECIMALS_MAX}`;
  return undefined;
}

/** Why a stored or offered `{ address, symbol, decimals }` breaks the rule; undefined when it keeps it. */
export function followedTokenProblem(row: unknown): string | undefined {
  if (!isObject(row)) return 'not a token';
  if (typeof row.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(row.address)) return 'the address is not 20 bytes of 0x-hex';
  return tokenSymbolProblem(row.symbol) ?? tokenDecimalsProblem(row.decimals);
}
