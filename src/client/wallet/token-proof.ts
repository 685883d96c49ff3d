/**
 * A token's own symbol and decimals, proven: at the newest verified head its account is proven
 * (eth_getProof) to hold code, and its symbol() and decimals() are run by verified eth_call
 * there; what a page (or the user) offered must keep the rule of src/core/token-rules.ts and equal
 * them. The app host runs it (the ABI codec stays out of the service worker's bundle):
 * src/extension/app-host.ts `app:proveToken`; ./followed-tokens.ts keeps the rows.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { TOKEN_DECIMALS_MAX, tokenDecimalsProblem, tokenSymbolProblem } from '../../core/token-rules.ts';
import { decodeAbi, functionSelector } from '../../execution/abi.ts';
import { EMPTY_CODE_HASH } from '../../proofs/constants.ts';
import { WalletError } from '../../wallet/errors.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';
import type { OfferedToken, ProvenToken } from './followed-tokens.ts';
import type { WalletChain, WalletHead } from './transactions.ts';

/** @throws WalletError TOKEN_METADATA_INVALID when what was offered breaks the rule (before anything is fetched for it). */
export function checkOffered(offered: OfferedToken): void {
  if (offered.symbol !== undefined && tokenSymbolProblem(offered.symbol) !== undefined) throw invalidToken(`the offered symbol: ${tokenSymbolProblem(offered.symbol)}`);
  if (offered.decimals !== undefined && tokenDecimalsProblem(offered.decimals) !== undefined) throw invalidToken(`the offered decimals: ${tokenDecimalsProblem(offered.decimals)}`);
}

function invalidToken(message: string, cause?: unknown, got?: string): WalletError {
  return new WalletError('TOKEN_METADATA_INVALID', message, { ...(cause === undefined ? {} : { cause }), ...(got === undefined ? {} : { got }) });
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
export async function proveToken(chain: WalletChain, address: string, offered: OfferedToken = {}): Promise<ProvenToken> {
  // What the page offered is judged before anything is fetched for it.
  checkOffered(offered);
  const checksummed = toChecksumAddress(address);
  // Read where a signature would be: the newest head two thirds of its sync committee signed.
  const newest = chain.signingHead();
  if (newest === undefined) throw new WalletError('STALE_HEAD', `the light client has no head of ${chain.network.name} two thirds of its sync committee signed yet`);
  const account = await chain.proveAccount(checksummed, newest);
  if (account.codeHash.toLowerCase() === EMPTY_CODE) {
    throw new WalletError('TOKEN_NOT_A_CONTRACT', `${checksummed} holds no code at the verified block ${newest.head.blockNumber}: it is no token`);
  }
  const [symbolData, decimalsData] = await Promise.all([tokenCall(chain, newest, checksummed, SYMBOL, 'symbol()'), tokenCall(chain, newest, checksummed, DECIMALS, 'decimals()')]);
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

/** A token's answer to `data` by a verified call at `at`. @throws WalletError TOKEN_METADATA_INVALID when it does not succeed */
export async function tokenCall(chain: Pick<WalletChain, 'execution'>, at: WalletHead, to: string, data: string, what: string): Promise<string> {
  const { outcome } = await chain.execution.run({ env: at.env, mode: 'call', call: { to, data } });
  if (outcome.status !== 'success') throw invalidToken(`${what} did not answer at the verified block (${outcome.status})`);
  return outcome.returnData;
}

/** An ABI string, or a bytes32 (older tokens, MKR among them) zero-padded on the right. @throws WalletError TOKEN_METADATA_INVALID */
export function decodeSymbol(data: string): string {
  let symbol: string;
  try {
    const bytes = hexToBytes(data, undefined, 'symbol()');
    if (bytes.length === 32) {
      const end = bytes.indexOf(0) < 0 ? 32 : bytes.indexOf(0);
      if (bytes.subarray(end).some((b) => b !== 0)) throw invalidToken('symbol() answered a bytes32 with bytes after its padding');
      symbol = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    } else symbol = decodeAbi(['string'], bytes)[0] as string;
  } catch (err) {
    if (err instanceof WalletError) throw err;
    if (err instanceof VerificationError || err instanceof InputError || err instanceof TypeError) throw invalidToken('symbol() answered neither an ABI string nor a UTF-8 bytes32', err);
    throw err;
  }
  const problem = tokenSymbolProblem(symbol);
  if (problem !== undefined) throw invalidToken(`the token's own symbol: ${problem}`);
  return symbol;
}

/** decimals() as a number within the token rule. @throws WalletError TOKEN_METADATA_INVALID */
export function decodeDecimals(data: string): number {
  let value: bigint;
  try {
    value = decodeAbi(['uint256'], data)[0] as bigint;
  } catch (err) {
    if (err instanceof VerificationError || err instanceof InputError) throw invalidToken('decimals() answered no ABI uint', err);
    throw err;
  }
  if (value > BigInt(TOKEN_DECIMALS_MAX)) throw invalidToken(`the token's own decimals: ${tokenDecimalsProblem(Number(value))}`, undefined, String(value));
  return Number(value);
}
