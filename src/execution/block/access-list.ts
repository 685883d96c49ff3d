/**
 * EIP-7928 block access lists (Amsterdam): an `eth_getBlockAccessList` answer read, encoded to the
 * RLP the header's `blockAccessListHash` commits to, and checked against a verified header before
 * any use. A verified list is a proven per-block diff of every account the block touched: an
 * account it does not list did not change in that block (consensus requires the list to be exact),
 * and the values it lists are the block's post-transaction balances, nonces, code and storage.
 *
 * Sources: the RLP shape of EIP-7928 (ethereum/EIPs, `BlockAccessList = [AccountChanges…]`,
 * `AccountChanges = [address, [SlotChanges…], [StorageKey…], [BalanceChange…], [NonceChange…],
 * [CodeChange…]]`, `SlotChanges = [key, [[index, value]…]]`, integers minimal: keys, values,
 * balances, nonces and indices alike); the JSON form of execution-apis PR #726
 * (src/schemas/block-access-list.yaml) as PR #851 made it: every member of an account required,
 * empty lists as `[]`. Ordering (accounts by address, slots and reads by key, changes by index)
 * is not checked here: a list out of order does not hash to a valid block's commitment.
 * @module
 */
import { bytesToBigInt, bytesToHex, describe, equalBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { aarray, aobject } from '../../core/json.ts';
import { encodeRlp, type RlpInput } from '../../core/rlp.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import type { BlockHeader } from '../header.ts';
import { data, quantity } from '../rpc-json.ts';

/** A change at one block access index: 0 the pre-execution system calls, 1..n the transactions, n+1 the post-execution ones. */
export interface IndexedChange<T> {
  index: number;
  value: T;
}

/** What one block did to one account: post-change values, each at the index that set it. */
export interface AccountAccess {
  address: Uint8Array;
  /** Written slots (keys and values as 256-bit integers), each with its writes. */
  storageChanges: { key: bigint; changes: IndexedChange<bigint>[] }[];
  /** Slots read and not written. */
  storageReads: bigint[];
  balanceChanges: IndexedChange<bigint>[];
  nonceChanges: IndexedChange<bigint>[];
  codeChanges: IndexedChange<Uint8Array>[];
}

export type BlockAccessList = AccountAccess[];

/** A block access list whose RLP hashes to its verified header's `blockAccessListHash`: only {@link verifyBlockAccessList} makes one. */
export interface VerifiedBlockAccessList {
  readonly blockHash: Uint8Array;
  readonly blockNumber: bigint;
  readonly accounts: readonly AccountAccess[];
  /** Accounts by lower-case 0x address. */
  readonly byAddress: ReadonlyMap<string, AccountAccess>;
}

/** Most accounts one answer may list (a 60M-gas block touches a few tens of thousands at most). */
const MAX_ACCOUNTS = 1 << 20;
/** Most bytes of one code change (well above any fork's code size limit). */
const MAX_CODE = 1 << 20;

/**
 * Reads an `eth_getBlockAccessList` answer.
 * @throws InputError when it is not of the form (a missing member, hex of the wrong length, a quantity out of its range).
 * @example parseBlockAccessList([{ address: '0x…', storageChanges: [], storageReads: [], balanceChanges: [{ index: '0x1', value: '0x5' }], nonceChanges: [], codeChanges: [] }])
 */
export function parseBlockAccessList(value: unknown, title = 'blockAccessList'): BlockAccessList {
  return aarray(value, title, MAX_ACCOUNTS).map((entry, i) => {
    const t = `${title}[${i}]`;
    const a = aobject(entry, t);
    const list = (key: string) => aarray(a[key], `${t}.${key}`);
    const word = (v: unknown, at: string) => bytesToBigInt(hexToBytes(v, 32, at));
    const change = <T>(v: unknown, at: string, read: (o: Record<string, unknown>) => T): IndexedChange<T> => {
      const o = aobject(v, at);
      return { index: Number(quantity(o, 'index', at, 32)), value: read(o) };
    };
    return {
      address: data(a, 'address', t, 20),
      storageChanges: list('storageChanges').map((s, j) => {
        const at = `${t}.storageChanges[${j}]`;
        const o = aobject(s, at);
        return {
          key: word(o.key, `${at}.key`),
          changes: aarray(o.changes, `${at}.changes`).map((c, k) => change(c, `${at}.changes[${k}]`, (x) => word(x.value, `${at}.changes[${k}].value`))),
        };
      }),
      storageReads: list('storageReads').map((k, j) => word(k, `${t}.storageReads[${j}]`)),
      balanceChanges: list('balanceChanges').map((c, j) => change(c, `${t}.balanceChanges[${j}]`, (x) => quantity(x, 'value', `${t}.balanceChanges[${j}]`, 256))),
      nonceChanges: list('nonceChanges').map((c, j) => change(c, `${t}.nonceChanges[${j}]`, (x) => quantity(x, 'value', `${t}.nonceChanges[${j}]`, 64))),
      codeChanges: list('codeChanges').map((c, j) => change(c, `${t}.codeChanges[${j}]`, (x) => data(x, 'code', `${t}.codeChanges[${j}]`, undefined, MAX_CODE))),
    };
  });
}

/** EIP-7928's RLP of a list, as the header's `blockAccessListHash` commits to it. */
export function encodeBlockAccessList(list: readonly AccountAccess[]): Uint8Array {
  const pairs = <T extends RlpInput>(changes: readonly IndexedChange<T>[]): RlpInput[] => changes.map((c) => [c.index, c.value]);
  return encodeRlp(
    list.map((a): RlpInput => [
      a.address,
      a.storageChanges.map((s) => [s.key, pairs(s.changes)]),
      a.storageReads,
      pairs(a.balanceChanges),
      pairs(a.nonceChanges),
      pairs(a.codeChanges),
    ]),
  );
}

/** keccak256 of the list's RLP: what a header's `blockAccessListHash` must be. */
export function blockAccessListHash(list: readonly AccountAccess[]): Uint8Array {
  return keccak256(encodeBlockAccessList(list));
}

/**
 * Reads an `eth_getBlockAccessList` answer and checks it against the verified header of the block
 * it was asked for.
 * @throws InputError when the answer is malformed, or the header has no `blockAccessListHash`
 *   (a block before Amsterdam has no list); VerificationError BLOCK_ACCESS_LIST_HASH_MISMATCH when
 *   the list does not hash to it.
 * @example const bal = verifyBlockAccessList(verified.header, verified.hash, await rpc('eth_getBlockAccessList', [hash]));
 */
export function verifyBlockAccessList(header: BlockHeader, blockHash: Uint8Array, answer: unknown): VerifiedBlockAccessList {
  const expected = header.blockAccessListHash;
  if (expected === undefined) throw new InputError(`block ${header.number} has no blockAccessListHash: it is before Amsterdam, and has no block access list`);
  const accounts = parseBlockAccessList(answer);
  const got = blockAccessListHash(accounts);
  if (!equalBytes(got, expected)) {
    throw new VerificationError('BLOCK_ACCESS_LIST_HASH_MISMATCH', `the block access list of block ${header.number} does not hash to its header's blockAccessListHash`, {
      expected: bytesToHex(expected),
      got: bytesToHex(got),
    });
  }
  return { blockHash, blockNumber: header.number, accounts, byAddress: new Map(accounts.map((a) => [bytesToHex(a.address), a])) };
}

/** What a verified block did to one account: the values after the block of what it changed. */
export interface AccountBlockChange {
  /** The block lists the account (touched it: read, called, changed). */
  accessed: boolean;
  /** Its balance, nonce or code changed, or one of the slots asked (any slot, when none were asked) was written. */
  changed: boolean;
  /** The balance after the block, when the block changed it. */
  balance?: bigint;
  /** The nonce after the block, when the block changed it. */
  nonce?: bigint;
  /** The code after the block, when the block changed it. */
  code?: Uint8Array;
  /** Slot → value after the block, of the slots written (only those asked, when `slots` is given). */
  storage: Map<bigint, bigint>;
}

/**
 * Did this verified block change `address` (and, optionally, these `slots`), and to what? An
 * account the list does not name was not changed by the block: its state after the block is its
 * state before.
 * @example
 * const c = accountChangeIn(bal, '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045');
 * if (!c.changed) // the balance proven at block N − 1 is still the balance at N
 */
export function accountChangeIn(list: VerifiedBlockAccessList, address: string | Uint8Array, slots?: readonly bigint[]): AccountBlockChange {
  if (typeof address !== 'string' && address.length !== 20) throw new InputError(`"address" expected 20 bytes, got ${describe(address)}`);
  const key = typeof address === 'string' ? bytesToHex(hexToBytes(address, 20, 'address')) : bytesToHex(address);
  const a = list.byAddress.get(key);
  const storage = new Map<bigint, bigint>();
  if (a === undefined) return { accessed: false, changed: false, storage };
  const asked = slots === undefined ? undefined : new Set(slots);
  for (const s of a.storageChanges) {
    const last = lastOf(s.changes);
    if (last !== undefined && (asked === undefined || asked.has(s.key))) storage.set(s.key, last);
  }
  const balance = lastOf(a.balanceChanges);
  const nonce = lastOf(a.nonceChanges);
  const code = lastOf(a.codeChanges);
  return {
    accessed: true,
    changed: balance !== undefined || nonce !== undefined || code !== undefined || storage.size > 0,
    ...(balance !== undefined ? { balance } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    ...(code !== undefined ? { code } : {}),
    storage,
  };
}

/** The value of the change at the highest index (the list orders them, but a caller's list may not be). */
function lastOf<T>(changes: readonly IndexedChange<T>[]): T | undefined {
  let best: IndexedChange<T> | undefined;
  for (const c of changes) if (best === undefined || c.index >= best.index) best = c;
  return best?.value;
}
