/**
 * What a simulated run did to one account's tokens, read from what changed rather than from what the
 * tokens said (issue 50): the holder's ERC-20 `balanceOf`, ERC-721 `ownerOf(id)` and ERC-1155
 * `balanceOf(id)` read before the run (the block's state after its system writes, before its first
 * call) and after its last call, over the same proven state. The run's logs only say which tokens
 * and ids to read (./effects.ts); the tokens the caller names (the ones the user follows) are read
 * whether or not they logged anything (the reads themselves are ./call.ts staticCall, handed in by
 * ./simulate.ts: this module carries no EVM, so the client may import its types and bounds). Where an ERC-20's logs move the holder's tokens to or from
 * other accounts, those accounts' balances are read too (a few per token), so a `transfer` that
 * logs one recipient and pays another is seen; an ERC-721 id's owner is read as it is, so is one
 * that goes elsewhere than its log says. Each read is a {@link staticCall}: no fee, no nonce, bounded
 * in gas, so a hostile `balanceOf` can neither loop forever nor eat the block. A read of state not
 * proven is a miss like any other (the engine proves it and runs again); a read that fails or
 * answers garbage is reported as no answer, never guessed. Pure.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { aarray, aobject, isObject } from '../core/json.ts';
import { encodeAbi, functionSelector } from './abi.ts';
import type { StaticCallResult } from './call.ts';
import { decodeEffects, type EffectLog, ZERO_ADDRESS } from './effects.ts';

/** Gas one read may use: a proxied or rebasing token's balanceOf takes tens of thousands. */
export const HOLDING_READ_GAS = 100_000n;
/** Reads on each side of the run at most (named and touched together). */
export const MAX_HOLDING_READS = 128;
/** Reads the caller may name besides those of the tokens the run touched (the user's followed tokens; a batch's remainders name the whole batch's). */
export const MAX_NAMED_HOLDINGS = MAX_HOLDING_READS;
/** Touched tokens read at most, whatever the caller asks (the caller's own bound is usually lower). */
export const MAX_TOUCHED_TOKENS = 64;
/** Token ids of one ERC-721 or ERC-1155 token read at most: a token with more counts as not read. */
export const MAX_IDS_PER_TOKEN = 16;
/** Other accounts an ERC-20's logs name beside the holder whose balances are read, per token. */
export const MAX_COUNTERPARTIES = 4;

const BALANCE_OF = functionSelector('balanceOf(address)');
const OWNER_OF = functionSelector('ownerOf(uint256)');
const BALANCE_OF_ID = functionSelector('balanceOf(address,uint256)');

export type HoldingStandard = 'erc20' | 'erc721' | 'erc1155';

/** One thing to read: a fungible token's balance (the holder's, or `account`'s), or one id of an ERC-721/1155 token. */
export interface HoldingProbe {
  /** Lower-case address. */
  token: string;
  standard: HoldingStandard;
  /** ERC-721 and ERC-1155 only. */
  tokenId?: bigint;
  /** ERC-20 only: another account whose balance is read (a counterparty its logs name); absent: the holder's. */
  account?: string;
}

/** What the engine is asked to read: whose holdings, which tokens besides the touched ones, and how many touched tokens at most. */
export interface HoldingsSpec {
  holder: string;
  named: HoldingProbe[];
  maxTouched: number;
}

/**
 * One probe's answers (JSON), 0x-hex: ERC-20 and ERC-1155, the amount `account` (absent: the
 * holder) holds; ERC-721, the id's owner (the zero address when `ownerOf` reverts: no owner).
 * `before`/`after` absent: the token gave no usable answer.
 */
export interface HoldingJson {
  token: string;
  standard: HoldingStandard;
  /** 0x-hex. */
  tokenId?: string;
  account?: string;
  before?: string;
  after?: string;
}

/** The holdings a simulation read, as it crosses the worker boundary. */
export interface HoldingsJson {
  holder: string;
  read: HoldingJson[];
  /** Tokens the run touched that were not read (past the bound): the window says so. */
  notRead: number;
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const STANDARDS: readonly string[] = ['erc20', 'erc721', 'erc1155'];

/**
 * The `holdings` of an engine task, checked (it crossed a worker boundary as JSON).
 * @throws InputError for anything malformed
 * @example parseHoldingsSpec({ holder: '0xa1…', tokens: [{ token: '0x70…', standard: 'erc20' }], max: 16 })
 */
export function parseHoldingsSpec(raw: unknown): HoldingsSpec {
  const o = aobject(raw, 'holdings');
  if (typeof o.holder !== 'string' || !ADDRESS.test(o.holder)) throw new InputError(`holdings.holder expected a 0x-address, got ${String(o.holder).slice(0, 60)}`);
  const max = o.max ?? 16;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > MAX_TOUCHED_TOKENS) throw new InputError(`holdings.max expected an integer from 0 to ${MAX_TOUCHED_TOKENS}, got ${String(max).slice(0, 40)}`);
  const named = aarray(o.tokens ?? [], 'holdings.tokens', MAX_NAMED_HOLDINGS).map((t, i) => parseProbe(t, `holdings.tokens[${i}]`));
  return { holder: o.holder.toLowerCase(), named, maxTouched: max };
}

function parseProbe(raw: unknown, title: string): HoldingProbe {
  if (!isObject(raw)) throw new InputError(`${title} expected an object`);
  const { token, standard, tokenId } = raw;
  if (typeof token !== 'string' || !ADDRESS.test(token)) throw new InputError(`${title}.token expected a 0x-address, got ${String(token).slice(0, 60)}`);
  if (typeof standard !== 'string' || !STANDARDS.includes(standard)) throw new InputError(`${title}.standard expected erc20, erc721 or erc1155, got ${String(standard).slice(0, 20)}`);
  if ((standard === 'erc20') !== (tokenId === undefined)) throw new InputError(`${title}.tokenId expected ${standard === 'erc20' ? 'none for an ERC-20' : 'a token id'}`);
  const probe: HoldingProbe = { token: token.toLowerCase(), standard: standard as HoldingStandard };
  if (tokenId !== undefined) {
    if (typeof tokenId !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(tokenId)) throw new InputError(`${title}.tokenId expected 0x-hex of at most 32 bytes`);
    probe.tokenId = hexToBigInt(tokenId, `${title}.tokenId`);
  }
  return probe;
}

/** A probe's key: token, standard, id and account. */
export const probeKey = (p: { token: string; standard: string; tokenId?: bigint | string | undefined; account?: string | undefined }): string =>
  `${p.standard}:${p.token.toLowerCase()}:${p.tokenId === undefined ? '' : BigInt(p.tokenId).toString()}:${p.account ?? ''}`;

/**
 * What to read after a run that emitted `logs`: the named probes, then the tokens the logs touched
 * (those whose logs name the holder first, in log order), at most `maxTouched` of them, then the
 * counterparties of the holder's ERC-20 moves as room is left; {@link MAX_HOLDING_READS} reads in
 * all. `notRead` counts the touched tokens left out. A token named as an ERC-20 whose logs are
 * all of another standard is read as that one only (an ERC-721's `transferFrom` has an ERC-20's
 * selector; its `balanceOf` counts tokens, it is no amount).
 */
export function holdingProbes(logs: readonly EffectLog[], spec: HoldingsSpec): { probes: HoldingProbe[]; notRead: number } {
  const probes: HoldingProbe[] = [];
  const seen = new Set<string>();
  const add = (p: HoldingProbe) => {
    const key = probeKey(p);
    if (!seen.has(key)) seen.add(key), probes.push(p);
  };
  const touched = new Map<string, { token: string; standard: HoldingStandard; ids: Set<bigint>; namesHolder: boolean; counterparties: Set<string> }>();
  for (const m of decodeEffects(logs).movements) {
    const key = `${m.standard}:${m.token}`;
    let t = touched.get(key);
    if (t === undefined) touched.set(key, (t = { token: m.token, standard: m.standard, ids: new Set(), namesHolder: false, counterparties: new Set() }));
    if (m.standard !== 'erc20') t.ids.add(m.tokenId!);
    if (m.from !== spec.holder && m.to !== spec.holder) continue;
    t.namesHolder = true;
    const other = m.from === spec.holder ? m.to : m.from;
    if (m.standard === 'erc20' && other !== spec.holder && other !== ZERO_ADDRESS && t.counterparties.size < MAX_COUNTERPARTIES) t.counterparties.add(other);
  }
  const otherStandard = (token: string) => !touched.has(`erc20:${token}`) && (touched.has(`erc721:${token}`) || touched.has(`erc1155:${token}`));
  for (const p of spec.named.slice(0, MAX_HOLDING_READS)) if (p.standard !== 'erc20' || !otherStandard(p.token)) add(p);
  const order = [...touched.values()].sort((a, b) => Number(b.namesHolder) - Number(a.namesHolder));
  const read: typeof order = [];
  let notRead = 0;
  for (const t of order) {
    const wanted: HoldingProbe[] = t.standard === 'erc20' ? [{ token: t.token, standard: 'erc20' }] : [...t.ids].map((tokenId) => ({ token: t.token, standard: t.standard, tokenId }));
    const fresh = wanted.filter((p) => !seen.has(probeKey(p)));
    if (read.length >= spec.maxTouched || wanted.length > MAX_IDS_PER_TOKEN || probes.length + fresh.length > MAX_HOLDING_READS) {
      notRead++;
      continue;
    }
    read.push(t);
    for (const p of fresh) add(p);
  }
  for (const t of read) for (const account of t.counterparties) if (probes.length < MAX_HOLDING_READS) add({ token: t.token, standard: 'erc20', account });
  return { probes, notRead };
}

/** One bounded read-only call from the holder, over the state a side of the run is read in (./call.ts staticCall). */
export type HoldingRead = (call: { from: Uint8Array; to: Uint8Array; data: Uint8Array; gas: bigint }) => Promise<StaticCallResult>;

/**
 * Each probe's answer by `read` (as {@link HoldingJson} says, as a bigint: an ERC-721 owner as its
 * address's number): undefined where the token gave no usable answer (a revert of balanceOf, a
 * halt, an answer that is not one ABI word, an owner that is no address). An ERC-721 `ownerOf`
 * that reverts says the id has no owner (burned, not minted): 0. The caller checks its state's
 * misses after: with a miss, the answers mean nothing.
 */
export async function readHoldings(read: HoldingRead, holder: string, probes: readonly HoldingProbe[]): Promise<(bigint | undefined)[]> {
  const from = hexToBytes(holder, 20, 'holder');
  const out: (bigint | undefined)[] = [];
  for (const p of probes) {
    const args =
      p.standard === 'erc20' ? encodeAbi(['address'], [p.account ?? holder])
      : p.standard === 'erc721' ? encodeAbi(['uint256'], [p.tokenId!])
      : encodeAbi(['address', 'uint256'], [holder, p.tokenId!]);
    const selector = p.standard === 'erc20' ? BALANCE_OF : p.standard === 'erc721' ? OWNER_OF : BALANCE_OF_ID;
    const data = concatBytes(hexToBytes(selector), args);
    const r = await read({ from, to: hexToBytes(p.token, 20, 'token'), data, gas: HOLDING_READ_GAS });
    if (p.standard === 'erc721' && r.status === 'reverted') out.push(0n);
    else if (r.status !== 'success' || r.returnData.length !== 32) out.push(undefined);
    else if (p.standard === 'erc721' && !isAddressWord(r.returnData)) out.push(undefined);
    else out.push(bytesToBigInt(r.returnData));
  }
  return out;
}

/** The probes and their two answers as JSON. */
export function holdingsJson(holder: string, probes: readonly HoldingProbe[], before: readonly (bigint | undefined)[], after: readonly (bigint | undefined)[], notRead: number): HoldingsJson {
  const json = (p: HoldingProbe, v: bigint) => (p.standard === 'erc721' ? bytesToHex(bigIntToBytesPadded(v, 20)) : bigIntToHex(v));
  return {
    holder,
    read: probes.map((p, i) => ({
      token: p.token,
      standard: p.standard,
      ...(p.tokenId !== undefined ? { tokenId: bigIntToHex(p.tokenId) } : {}),
      ...(p.account !== undefined ? { account: p.account } : {}),
      ...(before[i] !== undefined ? { before: json(p, before[i]) } : {}),
      ...(after[i] !== undefined ? { after: json(p, after[i]) } : {}),
    })),
    notRead,
  };
}

const isAddressWord = (word: Uint8Array): boolean => word.subarray(0, 12).every((b) => b === 0);
