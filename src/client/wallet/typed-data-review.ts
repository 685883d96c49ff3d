/**
 * Typed data as the approval window shows it: its digest and preview (src/wallet/typed-data.ts),
 * and, when it is a permit, the approvals it grants (src/wallet/permits.ts) with what is proven of
 * each at the head signatures rest on: the spender's code present or absent (an approval to an
 * address with no code is most often a drainer's account), and the token's own decimals, symbol
 * and total supply by verified calls, so that the window shows the amount in the token's units and
 * flags as unlimited any amount at or above everything the token has issued. What could not be
 * proven is left out and the window says so; nothing is inferred. An ERC-4337 user operation
 * (src/wallet/smart-account/user-operation.ts) is refused before anything else: pages ask for typed data, and a
 * user operation signed is a transaction of the user's delegated account. The extension's app host
 * runs it (the EIP-712 code stays out of the service worker's bundle).
 * @module
 */
import { bytesToHex } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { decodeAbi, functionSelector } from '../../execution/abi.ts';
import { EMPTY_CODE_HASH } from '../../proofs/constants.ts';
import { TransportError } from '../../rpc/errors.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { ClearWords } from '../../wallet/clear-signing/types.ts';
import type { PermitApproval } from '../../wallet/permits.ts';
import { parseTypedData, type TypedDataDigest, type TypedDataVersion, typedDataDigest } from '../../wallet/typed-data.ts';
import { NATIVE_SYMBOL } from '../../wallet/tokens/shipped.ts';
import { type WordsBindings, wordsOfTypedData } from './clear-signing.ts';
import { refuseUserOperation } from '../../wallet/smart-account/user-operation.ts';
import { decodeDecimals, decodeSymbol, tokenCall } from './token-proof.ts';
import type { WalletChain, WalletHead } from './transactions.ts';

/** What is proven of a token at the signing head (each absent when its call gave no valid answer). */
export interface ProvenTokenFacts {
  decimals?: number;
  symbol?: string;
  /** totalSupply(), base units (decimal). */
  totalSupply?: string;
}

export type ReviewedPermit = PermitApproval & { spenderCode: 'contract' | 'none' | 'not proven' } & ProvenTokenFacts;

export interface ReviewedTypedData extends Omit<TypedDataDigest, 'permits'> {
  permits: ReviewedPermit[];
  /** The message in words, by the ERC-7730 descriptor bound to its verifying contract and chain, held against `permits` (src/wallet/clear-signing); absent: no descriptor. */
  words?: ClearWords;
}

const DECIMALS = functionSelector('decimals()');
const SYMBOL = functionSelector('symbol()');
const TOTAL_SUPPLY = functionSelector('totalSupply()');

/**
 * `bindings`: the network's own listed tokens, routers and names the words may bind to and name
 * (default: Vigil's list for the chain only).
 * @throws WalletError USER_OPERATION_REFUSED (whatever its chain), INVALID_TYPED_DATA, PERMIT_WITHOUT_CHAIN (as typedDataDigest) */
export async function reviewTypedData(
  chain: Pick<WalletChain, 'signingHead' | 'proveAccount' | 'execution'> | undefined,
  typedData: unknown,
  verifiedChainId: bigint,
  version: TypedDataVersion = 'v4',
  bindings?: WordsBindings,
): Promise<ReviewedTypedData> {
  refuseUserOperation(typedData);
  const digest = typedDataDigest(typedData, verifiedChainId, version);
  const head = chain?.signingHead();
  // Each token once, however many of its permits the batch holds.
  const facts = new Map<string, Promise<ProvenTokenFacts>>();
  const factsOf = (token: string): Promise<ProvenTokenFacts> => {
    if (!chain || !head) return Promise.resolve({});
    let f = facts.get(token);
    if (f === undefined) facts.set(token, (f = tokenFacts(chain, head, token)));
    return f;
  };
  // One proof per spender: a batch of permits names the same one many times.
  const codes = new Map<string, Promise<ReviewedPermit['spenderCode']>>();
  const codeOf = (spender: string) => {
    const key = spender.toLowerCase();
    let c = codes.get(key);
    if (c === undefined) codes.set(key, (c = spenderCode(chain, head, spender)));
    return c;
  };
  const permits = await Promise.all(
    digest.permits.map(async (p): Promise<ReviewedPermit> => {
      const token = await factsOf(p.token);
      const amount = p.amount === undefined ? undefined : BigInt(p.amount);
      // All the token has issued, or more: nothing less than all of it.
      const unlimited = p.unlimited || (amount !== undefined && amount > 0n && token.totalSupply !== undefined && amount >= BigInt(token.totalSupply));
      return { ...p, unlimited, ...token, spenderCode: await codeOf(p.spender) };
    }),
  );
  const reviewed: ReviewedTypedData = { ...digest, permits };
  const b = bindings ?? { chainId: Number(verifiedChainId), chain: { name: `chain ${verifiedChainId}`, ticker: NATIVE_SYMBOL } };
  // The tokens the permits' facts proved, and the others the words name proven at the same head.
  const known = new Map(permits.map((p) => [p.token, { ...(p.symbol !== undefined ? { symbol: p.symbol } : {}), ...(p.decimals !== undefined ? { decimals: p.decimals } : {}) }] as const));
  const prove = async (tokens: readonly string[]) => new Map(await Promise.all(tokens.map(async (t) => [t, await factsOf(t)] as const)));
  const words = await wordsOfTypedData(parseTypedData(typedData, verifiedChainId, version).typedData, digest.preview.domain, digest.permits, known, b, prove);
  if (words !== undefined) reviewed.words = words;
  return reviewed;
}

async function spenderCode(chain: Pick<WalletChain, 'proveAccount'> | undefined, head: WalletHead | undefined, spender: string): Promise<ReviewedPermit['spenderCode']> {
  if (!chain || !head) return 'not proven';
  try {
    const account = await chain.proveAccount(spender, head);
    return account.codeHash.toLowerCase() === bytesToHex(EMPTY_CODE_HASH) ? 'none' : 'contract';
  } catch (err) {
    if (!unproven(err)) throw err;
    return 'not proven';
  }
}

/** The token's decimals, symbol and total supply, each by a verified call; one that fails is left out. */
async function tokenFacts(chain: Pick<WalletChain, 'execution'>, head: WalletHead, token: string): Promise<ProvenTokenFacts> {
  const read = async <T>(data: string, what: string, decode: (returned: string) => T): Promise<T | undefined> => {
    try {
      return decode(await tokenCall(chain, head, token, data, what));
    } catch (err) {
      if (!unproven(err)) throw err;
      return undefined;
    }
  };
  const [decimals, symbol, totalSupply] = await Promise.all([
    read(DECIMALS, 'decimals()', decodeDecimals),
    read(SYMBOL, 'symbol()', decodeSymbol),
    read(TOTAL_SUPPLY, 'totalSupply()', (data) => (decodeAbi(['uint256'], data)[0] as bigint).toString()),
  ]);
  return { ...(decimals !== undefined ? { decimals } : {}), ...(symbol !== undefined ? { symbol } : {}), ...(totalSupply !== undefined ? { totalSupply } : {}) };
}

/** A failure that leaves a fact unproven (a lying or silent endpoint, a token that answers nothing valid), not a bug. */
function unproven(err: unknown): boolean {
  return err instanceof VerificationError || err instanceof TransportError || err instanceof InputError || err instanceof WalletError;
}
