/**
 * What a simulated transaction does, read from the logs it emits: token movements (ERC-20 and
 * ERC-721 Transfer, ERC-1155 TransferSingle/TransferBatch, WETH's Deposit and Withdrawal) and
 * approvals granted or revoked (Approval, ApprovalForAll, Permit2's Approval, Permit and
 * Lockdown). Pure: the logs come from a run of the local EVM over proven state (./simulate.ts).
 *
 * A log is read by its shape, not by who emitted it: an ERC-20 and an ERC-721 Transfer share a
 * topic and differ in where the amount sits (data vs a fourth topic). A log of a known event
 * whose shape is wrong (a contract emitting the topic with other fields) is kept as `unknown`
 * rather than guessed at: the window shows it as an unrecognised event. The logs EIP-7708 has the
 * protocol emit for ether moves (from Amsterdam, emitter {@link EIP7708_EMITTER}) are no token's:
 * they are skipped here, so nothing downstream names that address as a token (ether's moves come
 * from the proven balances).
 *
 * What the user holds is not taken from these logs: they only say which tokens (and token ids) a
 * run touched. The second half of this module is what to read then (issue 50): the holder's ERC-20
 * `balanceOf`, ERC-721 `ownerOf(id)` and ERC-1155 `balanceOf(id)`, read by ./simulate.ts before the
 * run (the block's state after its system writes, before its first call) and after its last call,
 * over the same proven state; the tokens the caller names (the ones the user follows) are read
 * whether or not they logged anything. Where an ERC-20's logs move the holder's tokens to or from
 * other accounts, those accounts' balances are read too (a few per token), so a `transfer` that
 * logs one recipient and pays another is seen; an ERC-721 id's owner is read as it is, so is one
 * that goes elsewhere than its log says. Each read is a bounded static call (./call.ts
 * staticCall, handed in: this module carries no EVM, so the client may import its types and
 * bounds): no fee, no nonce, so a hostile `balanceOf` can neither loop forever nor eat the block. A
 * read of state not proven is a miss like any other; a read that fails or answers garbage is
 * reported as no answer, never guessed.
 * @module
 */
import { bigIntToBytesPadded, bigIntToHex, bytesToBigInt, bytesToHex, concatBytes, describe, hexToBigInt, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { aarray, aobject, isObject } from '../core/json.ts';
import { encodeAbi, eventTopic, functionSelector } from './abi.ts';
import type { StaticCallResult } from './call.ts';

/** Permit2, at the same address on every chain (Uniswap's deployment, CREATE2). */
export const PERMIT2_ADDRESS = '0x000000000022d473030f116ddee9f6b43ac78ba3';

/** EIP-7708's emitter of ether Transfer and Burn logs (the system address): no contract can emit from it. */
export const EIP7708_EMITTER = '0xfffffffffffffffffffffffffffffffffffffffe';

/** The topic0 of each event read here (keccak256 of its signature). */
export const EFFECT_TOPICS = {
  transfer: eventTopic('Transfer(address,address,uint256)'),
  approval: eventTopic('Approval(address,address,uint256)'),
  approvalForAll: eventTopic('ApprovalForAll(address,address,bool)'),
  transferSingle: eventTopic('TransferSingle(address,address,address,uint256,uint256)'),
  transferBatch: eventTopic('TransferBatch(address,address,address,uint256[],uint256[])'),
  deposit: eventTopic('Deposit(address,uint256)'),
  withdrawal: eventTopic('Withdrawal(address,uint256)'),
  permit2Approval: eventTopic('Approval(address,address,address,uint160,uint48)'),
  permit2Permit: eventTopic('Permit(address,address,address,uint160,uint48,uint48)'),
  permit2Lockdown: eventTopic('Lockdown(address,address,address)'),
};

export interface EffectLog {
  address: string;
  topics: readonly string[];
  data: string;
}

/** A token moved: `amount` for fungible ones (ERC-20, ERC-1155), `tokenId` for ERC-721 and ERC-1155. */
export interface TokenMovement {
  standard: 'erc20' | 'erc721' | 'erc1155';
  token: string;
  /** The zero address for a mint (WETH's Deposit is one), the zero address as `to` for a burn. */
  from: string;
  to: string;
  amount?: bigint;
  tokenId?: bigint;
  /** Index of the log it was read from, in the order the run emitted them. */
  logIndex: number;
}

/** An approval set by the run: `amount` 0 (or `approved` false) is a revocation. */
export interface ApprovalChange {
  kind: 'erc20' | 'erc721' | 'operator' | 'permit2';
  /** The token (for Permit2: the token the allowance is of; `via` is Permit2 itself). */
  token: string;
  owner: string;
  spender: string;
  amount?: bigint;
  tokenId?: bigint;
  approved?: boolean;
  /** Permit2: seconds since the epoch after which the allowance is void. */
  expiration?: bigint;
  via?: string;
  logIndex: number;
}

export interface Effects {
  movements: TokenMovement[];
  approvals: ApprovalChange[];
  /** Logs of no event read here, or of a known topic with a shape that does not fit it. */
  unknown: number[];
}

export const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** The effects of a run's logs, in log order (EIP-7708's ether logs left out: they are no token's). */
export function decodeEffects(logs: readonly EffectLog[]): Effects {
  const out: Effects = { movements: [], approvals: [], unknown: [] };
  logs.forEach((log, i) => {
    if (log.address.toLowerCase() === EIP7708_EMITTER) return;
    if (!readLog(log, i, out)) out.unknown.push(i);
  });
  return out;
}

function readLog(log: EffectLog, i: number, out: Effects): boolean {
  const address = log.address.toLowerCase();
  const topics = log.topics.map((t) => t.toLowerCase());
  const data = hexToBytes(log.data, undefined, 'log data');
  const t0 = topics[0];
  const word = (k: number) => bytesToBigInt(data.subarray(32 * k, 32 * k + 32));
  const words = (n: number) => data.length === 32 * n;
  switch (t0) {
    case EFFECT_TOPICS.transfer:
      if (topics.length === 3 && words(1) && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.movements.push({ standard: 'erc20', token: address, from: addr(topics[1]!), to: addr(topics[2]!), amount: word(0), logIndex: i });
        return true;
      }
      if (topics.length === 4 && data.length === 0 && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.movements.push({ standard: 'erc721', token: address, from: addr(topics[1]!), to: addr(topics[2]!), tokenId: BigInt(topics[3]!), logIndex: i });
        return true;
      }
      return false;
    case EFFECT_TOPICS.approval:
      if (topics.length === 3 && words(1) && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.approvals.push({ kind: 'erc20', token: address, owner: addr(topics[1]!), spender: addr(topics[2]!), amount: word(0), logIndex: i });
        return true;
      }
      if (topics.length === 4 && data.length === 0 && isAddressTopic(topics[1]) && isAddressTopic(topics[2])) {
        out.approvals.push({ kind: 'erc721', token: address, owner: addr(topics[1]!), spender: addr(topics[2]!), tokenId: BigInt(topics[3]!), logIndex: i });
        return true;
      }
      return false;
    case EFFECT_TOPICS.approvalForAll:
      if (topics.length === 3 && words(1) && isAddressTopic(topics[1]) && isAddressTopic(topics[2]) && word(0) <= 1n) {
        out.approvals.push({ kind: 'operator', token: address, owner: addr(topics[1]!), spender: addr(topics[2]!), approved: word(0) === 1n, logIndex: i });
        return true;
      }
      return false;
    case EFFECT_TOPICS.transferSingle:
      if (topics.length === 4 && words(2) && topics.slice(1).every(isAddressTopic)) {
        out.movements.push({ standard: 'erc1155', token: address, from: addr(topics[2]!), to: addr(topics[3]!), tokenId: word(0), amount: word(1), logIndex: i });
        return true;
      }
      return false;
    case EFFECT_TOPICS.transferBatch:
      return topics.length === 4 && topics.slice(1).every(isAddressTopic) && readBatch(address, addr(topics[2]!), addr(topics[3]!), data, i, out);
    case EFFECT_TOPICS.deposit:
      if (topics.length === 2 && words(1) && isAddressTopic(topics[1])) {
        out.movements.push({ standard: 'erc20', token: address, from: ZERO_ADDRESS, to: addr(topics[1]!), amount: word(0), logIndex: i });
        return true;
      }
      return false;
    case EFFECT_TOPICS.withdrawal:
      if (topics.length === 2 && words(1) && isAddressTopic(topics[1])) {
        out.movements.push({ standard: 'erc20', token: address, from: addr(topics[1]!), to: ZERO_ADDRESS, amount: word(0), logIndex: i });
        return true;
      }
      return false;
    case EFFECT_TOPICS.permit2Approval:
    case EFFECT_TOPICS.permit2Permit: {
      const n = t0 === EFFECT_TOPICS.permit2Approval ? 2 : 3;
      if (address !== PERMIT2_ADDRESS || topics.length !== 4 || !words(n) || !topics.slice(1).every(isAddressTopic)) return false;
      if (word(0) >> 160n !== 0n || word(1) >> 48n !== 0n) return false;
      out.approvals.push({ kind: 'permit2', token: addr(topics[2]!), owner: addr(topics[1]!), spender: addr(topics[3]!), amount: word(0), expiration: word(1), via: PERMIT2_ADDRESS, logIndex: i });
      return true;
    }
    case EFFECT_TOPICS.permit2Lockdown:
      if (address !== PERMIT2_ADDRESS || topics.length !== 2 || !words(2) || !isAddressTopic(topics[1]) || word(0) >> 160n !== 0n || word(1) >> 160n !== 0n) return false;
      out.approvals.push({ kind: 'permit2', token: wordAddress(word(0)), owner: addr(topics[1]!), spender: wordAddress(word(1)), amount: 0n, expiration: 0n, via: PERMIT2_ADDRESS, logIndex: i });
      return true;
    default:
      return false;
  }
}

/** TransferBatch's data: abi.encode(uint256[] ids, uint256[] values), of equal lengths. */
function readBatch(token: string, from: string, to: string, data: Uint8Array, i: number, out: Effects): boolean {
  const word = (offset: number): bigint | undefined => (offset + 32 <= data.length ? bytesToBigInt(data.subarray(offset, offset + 32)) : undefined);
  const array = (head: number): bigint[] | undefined => {
    const at = word(head);
    if (at === undefined || at > BigInt(data.length)) return undefined;
    const length = word(Number(at));
    if (length === undefined || length > BigInt(Math.floor((data.length - Number(at) - 32) / 32))) return undefined;
    const values: bigint[] = [];
    for (let k = 0; k < Number(length); k++) values.push(word(Number(at) + 32 + 32 * k)!);
    return values;
  };
  const ids = array(0);
  const values = array(32);
  if (ids === undefined || values === undefined || ids.length !== values.length) return false;
  ids.forEach((tokenId, k) => out.movements.push({ standard: 'erc1155', token, from, to, tokenId, amount: values[k]!, logIndex: i }));
  return true;
}

const isAddressTopic = (topic: string | undefined): boolean => topic !== undefined && /^0x0{24}[0-9a-f]{40}$/.test(topic);
const addr = (topic: string): string => `0x${topic.slice(26)}`;
const wordAddress = (w: bigint): string => `0x${w.toString(16).padStart(40, '0')}`;

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
  if (typeof o.holder !== 'string' || !ADDRESS.test(o.holder)) throw new InputError(`holdings.holder expected a 0x-address, got ${describe(o.holder)}`);
  const max = o.max ?? 16;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0 || max > MAX_TOUCHED_TOKENS) throw new InputError(`holdings.max expected an integer from 0 to ${MAX_TOUCHED_TOKENS}, got ${typeof max === 'number' ? max : describe(max)}`);
  const named = aarray(o.tokens ?? [], 'holdings.tokens', MAX_NAMED_HOLDINGS).map((t, i) => parseProbe(t, `holdings.tokens[${i}]`));
  return { holder: o.holder.toLowerCase(), named, maxTouched: max };
}

function parseProbe(raw: unknown, title: string): HoldingProbe {
  if (!isObject(raw)) throw new InputError(`${title} expected an object`);
  const { token, standard, tokenId } = raw;
  if (typeof token !== 'string' || !ADDRESS.test(token)) throw new InputError(`${title}.token expected a 0x-address, got ${describe(token)}`);
  if (typeof standard !== 'string' || !STANDARDS.includes(standard)) throw new InputError(`${title}.standard expected erc20, erc721 or erc1155, got ${describe(standard)}`);
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
 * What to read after a run that emitted `logs`: the named probes, then the tokens the logs touched,
 * at most `maxTouched` of them: those whose logs have the holder send first (a Transfer,
 * TransferSingle or TransferBatch from the holder, a Withdrawal of the holder's), then those whose
 * logs have the holder receive, then the rest, each group in the order the logs first name its
 * tokens; then the counterparties of the holder's ERC-20 moves as room is left;
 * {@link MAX_HOLDING_READS} reads in all. Sends come first so that tokens the run hands the holder
 * cannot push a loss past the bound (audit 2026-11-28 F3); a send left unread all the same is
 * refused for signing (src/wallet/transaction-effects.ts `outgoingNotRead`, EFFECTS_OUTGOING_UNREAD).
 * `notRead` counts the touched tokens left out. A token named as an ERC-20 whose logs are
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
  // rank: 0 the holder sends, 1 the holder only receives, 2 the logs name the holder nowhere.
  const touched = new Map<string, { token: string; standard: HoldingStandard; ids: Set<bigint>; rank: number; counterparties: Set<string> }>();
  for (const m of decodeEffects(logs).movements) {
    const key = `${m.standard}:${m.token}`;
    let t = touched.get(key);
    if (t === undefined) touched.set(key, (t = { token: m.token, standard: m.standard, ids: new Set(), rank: 2, counterparties: new Set() }));
    if (m.standard !== 'erc20') t.ids.add(m.tokenId!);
    if (m.from !== spec.holder && m.to !== spec.holder) continue;
    t.rank = Math.min(t.rank, m.from === spec.holder ? 0 : 1);
    const other = m.from === spec.holder ? m.to : m.from;
    if (m.standard === 'erc20' && other !== spec.holder && other !== ZERO_ADDRESS && t.counterparties.size < MAX_COUNTERPARTIES) t.counterparties.add(other);
  }
  const otherStandard = (token: string) => !touched.has(`erc20:${token}`) && (touched.has(`erc721:${token}`) || touched.has(`erc1155:${token}`));
  for (const p of spec.named.slice(0, MAX_HOLDING_READS)) if (p.standard !== 'erc20' || !otherStandard(p.token)) add(p);
  // A stable sort: within a rank, the order the logs first name the tokens in.
  const order = [...touched.values()].sort((a, b) => a.rank - b.rank);
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
