/**
 * The ERC-20 tokens the wallet follows (EIP-747 `wallet_watchAsset`, the popup's form) store what
 * Vigil proved, never what a page said: at the newest verified head the token's account is proven
 * (eth_getProof) to hold code, and its symbol() and decimals() are run by verified eth_call there.
 * What the page offered is compared with them (a mismatch is refused), and each value must keep
 * the rule of src/core/token-rules.ts (refused, never truncated). Rows read back are checked
 * again: one an older version stored against the rule is shown marked and never used, one without
 * a usable address is dropped.
 * @module
 */
import { bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { followedTokenProblem, TOKEN_DECIMALS_MAX, tokenDecimalsProblem, tokenSymbolProblem } from '../core/token-rules.ts';
import { decodeAbi, functionSelector } from '../execution/abi.ts';
import { EMPTY_CODE_HASH } from '../proofs/constants.ts';
import { WalletError } from '../wallet/errors.ts';
import { toChecksumAddress } from '../wallet/keys.ts';
import type { WalletChain, WalletHead } from './wallet-transactions.ts';

/** A token as the wallet keeps it: its checksummed address and its own symbol and decimals. */
export interface TokenMetadata {
  address: string;
  symbol: string;
  decimals: number;
}

/** What {@link proveToken} proved, and where. */
export interface ProvenToken extends TokenMetadata {
  provenAt: { blockNumber: string; blockHash: string };
}

/** A followed token as read back; `problem` (in words) marks a row that breaks the rule: shown, never used. */
export interface FollowedToken extends TokenMetadata {
  problem?: string;
}

const SYMBOL = functionSelector('symbol()');
const DECIMALS = functionSelector('decimals()');
const EMPTY_CODE = bytesToHex(EMPTY_CODE_HASH);

/**
 * The token at `address` as proven at the newest verified head, checked against what a page (or
 * the user) offered: `offered.symbol` and `offered.decimals` when given must keep the rule and
 * equal the token's own.
 * @throws WalletError STALE_HEAD (no verified head), TOKEN_NOT_A_CONTRACT (no code proven there),
 *   TOKEN_METADATA_INVALID (a value, offered or the token's, breaks the rule, or symbol() or
 *   decimals() does not answer one), TOKEN_METADATA_MISMATCH (the offered value is not the
 *   token's); the proof's or the call's VerificationError / TransportError.
 * @example const usdc = await proveToken(chain, '0xA0b8…', { symbol: 'USDC', decimals: 6 });
 */
export async function proveToken(chain: WalletChain, address: string, offered: { symbol?: unknown; decimals?: unknown } = {}): Promise<ProvenToken> {
  // What the page offered is judged before anything is fetched for it.
  if (offered.symbol !== undefined && tokenSymbolProblem(offered.symbol) !== undefined) throw invalid(`the offered symbol: ${tokenSymbolProblem(offered.symbol)}`);
  if (offered.decimals !== undefined && tokenDecimalsProblem(offered.decimals) !== undefined) throw invalid(`the offered decimals: ${tokenDecimalsProblem(offered.decimals)}`);
  const checksummed = toChecksumAddress(address);
  const newest = chain.newestHead();
  if (newest === undefined) throw new WalletError('STALE_HEAD', `the light client has not verified any head of ${chain.network.name} yet`);
  const account = await chain.proveAccount(checksummed, newest);
  if (account.codeHash.toLowerCase() === EMPTY_CODE) {
    throw new WalletError('TOKEN_NOT_A_CONTRACT', `${checksummed} holds no code at the verified block ${newest.head.blockNumber}: it is no token`);
  }
  const [symbolData, decimalsData] = await Promise.all([call(chain, newest, checksummed, SYMBOL, 'symbol()'), call(chain, newest, checksummed, DECIMALS, 'decimals()')]);
  const symbol = decodeSymbol(symbolData);
  const decimals = decodeDecimals(decimalsData);
  if (offered.symbol !== undefined && offered.symbol !== symbol) {
    throw new WalletError('TOKEN_METADATA_MISMATCH', 'the symbol offered is not the token\'s own', { expected: JSON.stringify(symbol), got: JSON.stringify(offered.symbol) });
  }
  if (offered.decimals !== undefined && offered.decimals !== decimals) {
    throw new WalletError('TOKEN_METADATA_MISMATCH', 'the decimals offered are not the token\'s own', { expected: String(decimals), got: String(offered.decimals) });
  }
  return { address: checksummed, symbol, decimals, provenAt: { blockNumber: newest.head.blockNumber.toString(), blockHash: newest.head.blockHash } };
}

/**
 * The stored list as the wallet may show it: rows without a usable address dropped, rows that
 * break the rule marked (their symbol and decimals never passed on), the others as stored.
 */
export function followedTokens(rows: readonly unknown[]): FollowedToken[] {
  const out: FollowedToken[] = [];
  for (const row of rows) {
    if (!isObject(row) || typeof row.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(row.address)) continue;
    const address = toChecksumAddress(row.address);
    const problem = followedTokenProblem(row);
    out.push(problem === undefined ? { address, symbol: row.symbol as string, decimals: row.decimals as number } : { address, symbol: '', decimals: 0, problem });
  }
  return out;
}

async function call(chain: WalletChain, at: WalletHead, to: string, data: string, what: string): Promise<string> {
  const { outcome } = await chain.execution.run({ env: at.env, mode: 'call', call: { to, data } });
  if (outcome.status !== 'success') throw invalid(`${what} did not answer at the verified block (${outcome.status})`);
  return outcome.returnData;
}

/** An ABI string, or a bytes32 (older tokens, MKR among them) zero-padded on the right. */
function decodeSymbol(data: string): string {
  let symbol: string;
  try {
    const bytes = hexToBytes(data, undefined, 'symbol()');
    if (bytes.length === 32) {
      const end = bytes.indexOf(0) < 0 ? 32 : bytes.indexOf(0);
      if (bytes.subarray(end).some((b) => b !== 0)) throw invalid('symbol() answered a bytes32 with bytes after its padding');
      symbol = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    } else symbol = decodeAbi(['string'], bytes)[0] as string;
  } catch (err) {
    if (err instanceof WalletError) throw err;
    if (err instanceof VerificationError || err instanceof InputError || err instanceof TypeError) throw invalid('symbol() answered neither an ABI string nor a UTF-8 bytes32', err);
    throw err;
  }
  const problem = tokenSymbolProblem(symbol);
  if (problem !== undefined) throw invalid(`the token's own symbol: ${problem}`);
  return symbol;
}

function decodeDecimals(data: string): number {
  let value: bigint;
  try {
    value = decodeAbi(['uint256'], data)[0] as bigint;
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) throw invalid('decimals() answered no ABI uint', err);
    throw err;
  }
  if (value > BigInt(TOKEN_DECIMALS_MAX)) throw invalid(`the token's own decimals: ${tokenDecimalsProblem(Number(value))}`, undefined, String(value));
  return Number(value);
}

function invalid(message: string, cause?: unknown, got?: string): WalletError {
  return new WalletError('TOKEN_METADATA_INVALID', message, { ...(cause === undefined ? {} : { cause }), ...(got === undefined ? {} : { got }) });
}
