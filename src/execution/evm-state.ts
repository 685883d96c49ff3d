/**
 * The state the EVM sees during one run: writes land in a journaled overlay (checkpoint, commit,
 * revert per call frame), reads fall through to the proven state. A read of something not proven
 * yet is recorded as missing and answered speculatively (no account, zero storage, no code) so the
 * run can go on and reveal everything else it needs in the same round; a run that recorded a miss
 * is never a result, only a list of what to prove next. With a `guess` (another block's proven
 * state, usually the previous head's), a miss is answered with what that block held, so a call
 * repeated at a new head walks the path it took there and names in one round what it will need.
 *
 * Implements @ethereumjs/common's StateManagerInterface for @ethereumjs/evm.
 * @module
 */
import type { StateManagerInterface } from '@ethereumjs/common';
import { Account as EvmAccount, Address } from '@ethereumjs/util';
import { bigIntToBytes, bytesToHex } from '../core/bytes.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { EMPTY_CODE_HASH } from '../proofs/constants.ts';
import { delegateOf } from './delegation-indicator.ts';
import { type ProvenState, slotKey } from './state.ts';

const EMPTY = new Uint8Array(0);

/** What a run needed that was not proven: accounts (with code), slots, block hashes. */
export class StateMisses {
  readonly accounts = new Set<string>();
  readonly codes = new Set<string>();
  readonly slots = new Map<string, Set<string>>();
  readonly blockHashes = new Set<bigint>();
  /** Misses the guess could not answer: the run went off the path it took at the guessed block. */
  blind = 0;

  get empty(): boolean {
    return this.accounts.size === 0 && this.codes.size === 0 && this.slots.size === 0 && this.blockHashes.size === 0;
  }

  account(address: string): void {
    this.accounts.add(address);
  }

  code(address: string): void {
    this.codes.add(address);
  }

  slot(address: string, slot: string): void {
    let set = this.slots.get(address);
    if (set === undefined) this.slots.set(address, (set = new Set()));
    set.add(slot);
  }

  merge(other: StateMisses): void {
    for (const a of other.accounts) this.account(a);
    for (const a of other.codes) this.code(a);
    for (const [a, slots] of other.slots) for (const s of slots) this.slot(a, s);
    for (const n of other.blockHashes) this.blockHashes.add(n);
    this.blind += other.blind;
  }
}

type Undo = () => void;

/** The state a run created (see {@link ProvenStateManager.newState}). */
export interface NewState {
  accounts: number;
  slots: number;
  codeBytes: number;
  delegations: number;
}

const hasCode = (a: { exists: boolean; codeHash: Uint8Array }) => a.exists && !isEmptyCodeHash(a.codeHash);

export class ProvenStateManager implements StateManagerInterface {
  /** null: deleted in this run. */
  private readonly accounts = new Map<string, EvmAccount | null>();
  private readonly storage = new Map<string, Map<string, Uint8Array>>();
  private readonly codes = new Map<string, Uint8Array>();
  /** Accounts whose storage this run wiped (created over, or deleted): their proven slots no longer apply. */
  private readonly cleared = new Set<string>();
  private readonly undo: Undo[] = [];
  private readonly frames: number[] = [];

  readonly originalStorageCache: StateManagerInterface['originalStorageCache'];

  constructor(
    private readonly base: ProvenState,
    readonly misses: StateMisses,
    /** Read only after a miss is recorded, so a guessed value can steer a run but never end in a result. */
    private readonly guess?: ProvenState,
  ) {
    // The value before the transaction (EIP-2200's original value): what the transactions before it in this run left, else what the proven state says.
    this.originalStorageCache = { get: async (address, key) => this.originalStorage(address.toString(), slotKey(key)), clear: () => {} };
  }

  async getAccount(address: Address): Promise<EvmAccount | undefined> {
    const a = address.toString();
    const written = this.accounts.get(a);
    if (written !== undefined) return written === null ? undefined : copy(written);
    return this.baseAccount(a);
  }

  async putAccount(address: Address, account?: EvmAccount): Promise<void> {
    const a = address.toString();
    this.set(this.accounts, a, account === undefined ? null : copy(account));
  }

  async deleteAccount(address: Address): Promise<void> {
    const a = address.toString();
    this.set(this.accounts, a, null);
    this.set(this.codes, a, EMPTY);
    this.clearSlots(a);
  }

  async modifyAccountFields(address: Address, fields: Parameters<StateManagerInterface['modifyAccountFields']>[1]): Promise<void> {
    const account = (await this.getAccount(address)) ?? new EvmAccount();
    if (fields.nonce !== undefined) account.nonce = fields.nonce;
    if (fields.balance !== undefined) account.balance = fields.balance;
    if (fields.storageRoot !== undefined) account.storageRoot = fields.storageRoot;
    if (fields.codeHash !== undefined) account.codeHash = fields.codeHash;
    await this.putAccount(address, account);
  }

  async putCode(address: Address, code: Uint8Array): Promise<void> {
    this.set(this.codes, address.toString(), code);
    await this.modifyAccountFields(address, { codeHash: keccak256(code) });
  }

  async getCode(address: Address): Promise<Uint8Array> {
    const a = address.toString();
    const written = this.codes.get(a);
    if (written !== undefined) return written;
    const account = this.accounts.get(a);
    if (account === null) return EMPTY;
    if (account !== undefined && isEmptyCodeHash(account.codeHash)) return EMPTY;
    const held = this.base.code(a);
    if (held !== undefined) return held;
    // An unproven account's code comes with its proof, unless held from another block (engine.ts).
    if (this.base.account(a) === undefined) this.misses.account(a);
    else this.misses.code(a);
    const guessed = this.guess?.account(a);
    if (guessed !== undefined && (!guessed.exists || isEmptyCodeHash(guessed.codeHash))) return EMPTY;
    const code = guessed && this.guess!.code(a);
    if (code === undefined) this.misses.blind++;
    return code ?? EMPTY;
  }

  async getCodeSize(address: Address): Promise<number> {
    return (await this.getCode(address)).length;
  }

  /**
   * Marks the start of a transaction of this run: from here SSTORE prices against the values the
   * ones before it left (EIP-2200/3529 compare with the slot's value at the start of the transaction).
   */
  beginTransaction(): void {
    this.txStart = this.storage.size === 0 && this.cleared.size === 0 ? undefined : { storage: new Map([...this.storage].map(([a, slots]) => [a, new Map(slots)])), cleared: new Set(this.cleared) };
  }

  private txStart: { storage: Map<string, Map<string, Uint8Array>>; cleared: Set<string> } | undefined;

  private originalStorage(a: string, s: string): Uint8Array {
    const start = this.txStart;
    if (start !== undefined) {
      const written = start.storage.get(a)?.get(s);
      if (written !== undefined) return written;
      if (start.cleared.has(a)) return EMPTY;
    }
    return this.baseStorage(a, s);
  }

  async getStorage(address: Address, key: Uint8Array): Promise<Uint8Array> {
    const a = address.toString();
    const s = slotKey(key);
    const written = this.storage.get(a)?.get(s);
    if (written !== undefined) return written;
    if (this.cleared.has(a)) return EMPTY;
    return this.baseStorage(a, s);
  }

  async putStorage(address: Address, key: Uint8Array, value: Uint8Array): Promise<void> {
    const a = address.toString();
    let slots = this.storage.get(a);
    if (slots === undefined) this.storage.set(a, (slots = new Map()));
    this.set(slots, slotKey(key), stripZeros(value));
  }

  async clearStorage(address: Address): Promise<void> {
    this.clearSlots(address.toString());
  }

  /** Addresses whose account this run wrote (balance, nonce, code or deletion), in first-write order. */
  writtenAccounts(): string[] {
    return [...this.accounts.keys()];
  }

  /**
   * Addresses that got code in this run (contracts created), in first-write order. An account an
   * EIP-7702 authorization delegated got a delegation indicator, not a contract: a created contract
   * never starts with 0xef (EIP-3541), so the indicator is told apart by its bytes.
   */
  writtenCode(): string[] {
    return [...this.codes].filter(([, code]) => code.length > 0 && delegateOf(code) === undefined).map(([a]) => a);
  }

  /**
   * What the run added to the state, as EIP-8037 prices it (the window says it: "creates 2 storage
   * slots and 1 account"): accounts that did not exist and now hold something, slots set from zero,
   * the code bytes of contracts created, and delegation indicators written where an account had none.
   * Read against the proven state; what it does not hold proven counts as not new. `exclude`:
   * accounts whose writes are no transaction's (the block's system calls).
   */
  newState(exclude: ReadonlySet<string> = new Set()): NewState {
    const out: NewState = { accounts: 0, slots: 0, codeBytes: 0, delegations: 0 };
    for (const [a, account] of this.accounts) {
      if (account !== null && !exclude.has(a) && this.base.account(a)?.exists === false && !account.isEmpty()) out.accounts++;
    }
    for (const [a, slots] of this.storage) {
      if (exclude.has(a)) continue;
      for (const [s, value] of slots) {
        if (value.length > 0 && (this.cleared.has(a) || this.base.storage(a, s) === 0n)) out.slots++;
      }
    }
    for (const [a, code] of this.codes) {
      if (code.length === 0) continue;
      if (delegateOf(code) === undefined) out.codeBytes += code.length;
      else if (this.base.account(a) !== undefined && !hasCode(this.base.account(a)!)) out.delegations++;
    }
    return out;
  }

  /** The proven balance before the run (0 for an account proven absent); undefined when not proven. */
  provenBalance(address: string): bigint | undefined {
    const a = this.base.account(address);
    return a === undefined ? undefined : a.exists ? a.balance : 0n;
  }

  /** Makes every write so far permanent for this run (the starting point no revert goes past). */
  commitAll(): void {
    this.undo.length = 0;
    this.frames.length = 0;
  }

  async checkpoint(): Promise<void> {
    this.frames.push(this.undo.length);
  }

  async commit(): Promise<void> {
    this.frames.pop();
  }

  async revert(): Promise<void> {
    const mark = this.frames.pop() ?? 0;
    while (this.undo.length > mark) this.undo.pop()!();
  }

  async getStateRoot(): Promise<Uint8Array> {
    throw new Error('a call over proven state has no state root of its own');
  }

  async setStateRoot(): Promise<void> {
    throw new Error('a call over proven state cannot move to another state root');
  }

  async hasStateRoot(): Promise<boolean> {
    return false;
  }

  clearCaches(): void {}

  /** A fresh overlay over the same proven state (the EVM copies itself for nested uses). */
  shallowCopy(): ProvenStateManager {
    return new ProvenStateManager(this.base, this.misses, this.guess);
  }

  private baseAccount(a: string): EvmAccount | undefined {
    let proven = this.base.account(a);
    if (proven === undefined) {
      this.misses.account(a);
      proven = this.guess?.account(a);
      if (proven === undefined) {
        this.misses.blind++;
        return undefined;
      }
    }
    if (!proven.exists) return undefined;
    return new EvmAccount(proven.nonce, proven.balance, proven.storageHash, proven.codeHash);
  }

  private baseStorage(a: string, s: string): Uint8Array {
    let value = this.base.storage(a, s);
    if (value === undefined) {
      this.misses.slot(a, s);
      value = this.guess?.storage(a, s);
      if (value === undefined) {
        this.misses.blind++;
        return EMPTY;
      }
    }
    return value === 0n ? EMPTY : bigIntToBytes(value);
  }

  private clearSlots(a: string): void {
    if (!this.cleared.has(a)) {
      this.cleared.add(a);
      this.undo.push(() => this.cleared.delete(a));
    }
    const slots = this.storage.get(a);
    if (slots !== undefined && slots.size > 0) {
      this.storage.set(a, new Map());
      this.undo.push(() => this.storage.set(a, slots));
    }
  }

  /** map.set with its undo entry. */
  private set<V>(map: Map<string, V>, key: string, value: V): void {
    const had = map.has(key);
    const before = map.get(key);
    map.set(key, value);
    this.undo.push(had ? () => map.set(key, before as V) : () => map.delete(key));
  }
}

function copy(account: EvmAccount): EvmAccount {
  return new EvmAccount(account.nonce, account.balance, account.storageRoot, account.codeHash);
}

function isEmptyCodeHash(hash: Uint8Array): boolean {
  return hash.length === 32 && bytesToHex(hash) === EMPTY_CODE_HASH_HEX;
}
const EMPTY_CODE_HASH_HEX = bytesToHex(EMPTY_CODE_HASH);

function stripZeros(value: Uint8Array): Uint8Array {
  let i = 0;
  while (i < value.length && value[i] === 0) i++;
  return i === 0 ? value : value.subarray(i);
}

/** The EVM's Address of 0x-hex. */
export function toAddress(bytes: Uint8Array): Address {
  return new Address(bytes);
}

