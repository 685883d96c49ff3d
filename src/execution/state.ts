/**
 * Proven state: the accounts, storage slots and code of one state root that Vigil verified, and
 * nothing else. Values enter only through `addProof` (an eth_getProof answer checked against the
 * root) and `addCode` (bytes filed under their own keccak, so an account finds its code only when
 * the code hashes to the proven codeHash). The EVM reads from here; what is not here it reports
 * as missing instead of guessing.
 * @module
 */
import { bytesToHex, equalBytes } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import type { Account } from '../proofs/account.ts';
import { EMPTY_CODE_HASH, EMPTY_TRIE_ROOT } from '../proofs/constants.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../proofs/eip1186.ts';
import { expectAnswerTo } from '../proofs/get-proof-request.ts';

const EMPTY = new Uint8Array(0);
const EMPTY_CODE_HASH_HEX = bytesToHex(EMPTY_CODE_HASH);

/**
 * Code by its hash, shared by every state root (code is content-addressed, so it never goes stale),
 * least recently used dropped first past a byte budget.
 */
export class CodeStore {
  private readonly byHash = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  /** Files `code` under keccak256(code); returns that hash (0x-hex). */
  add(code: Uint8Array): string {
    const hash = bytesToHex(keccak256(code));
    if (hash === EMPTY_CODE_HASH_HEX) return hash;
    if (!this.byHash.has(hash)) {
      this.byHash.set(hash, code);
      this.bytes += code.length;
      for (const [oldest, old] of this.byHash) {
        if (this.bytes <= this.maxBytes || oldest === hash) break;
        this.byHash.delete(oldest);
        this.bytes -= old.length;
      }
    }
    return hash;
  }

  get(codeHash: string): Uint8Array | undefined {
    if (codeHash === EMPTY_CODE_HASH_HEX) return EMPTY;
    const code = this.byHash.get(codeHash);
    if (code !== undefined) {
      // Recently used goes to the back of the eviction order.
      this.byHash.delete(codeHash);
      this.byHash.set(codeHash, code);
    }
    return code;
  }
}

/** What one eth_getProof request asked for: the answer must be about exactly this. */
export interface ProofRequest {
  /** Lower-case 0x-hex, 20 bytes. */
  address: string;
  /** 32-byte 0x-hex slots, lower-case. */
  slots: readonly string[];
}

export class ProvenState {
  readonly stateRoot: Uint8Array;
  readonly codes: CodeStore;
  private readonly accounts = new Map<string, Account>();
  private readonly slots = new Map<string, Map<string, bigint>>();

  constructor(stateRoot: Uint8Array, codes = new CodeStore()) {
    this.stateRoot = stateRoot;
    this.codes = codes;
  }

  /**
   * Verifies an eth_getProof answer against this state root and keeps what it proves.
   * @throws VerificationError when a proof does not verify or the answer is about another
   *   address or other slots than `request` (a valid proof of something else is still a lie:
   *   PROOF_ADDRESS_MISMATCH, PROOF_VALUE_MISMATCH); InputError when it is malformed.
   */
  addProof(request: ProofRequest, answer: unknown): void {
    const response = parseGetProofResponse(answer);
    expectAnswerTo({ address: request.address, storageKeys: request.slots }, response);
    const address = bytesToHex(response.address);
    const proven = verifyGetProofResponse(this.stateRoot, response);
    this.accounts.set(address, proven.account);
    if (proven.storage.length > 0) {
      let slots = this.slots.get(address);
      if (slots === undefined) this.slots.set(address, (slots = new Map()));
      for (const s of proven.storage) slots.set(bytesToHex(s.slot), s.value);
    }
  }

  /**
   * Keeps code fetched for `address`. When that account is already proven the code must hash to
   * its codeHash (CODE_HASH_MISMATCH otherwise); either way it is filed under its own hash, so it
   * can only ever serve an account whose proven codeHash it matches.
   */
  addCode(address: string, code: Uint8Array): void {
    const hash = this.codes.add(code);
    const account = this.accounts.get(address);
    if (account !== undefined && bytesToHex(account.codeHash) !== hash) {
      throw new VerificationError('CODE_HASH_MISMATCH', `the code served for ${address} does not hash to its proven codeHash`, {
        expected: bytesToHex(account.codeHash),
        got: hash,
      });
    }
  }

  /** The proven account (`exists: false` when proven absent), or undefined when not proven yet. */
  account(address: string): Account | undefined {
    return this.accounts.get(address);
  }

  /** The proven value of a slot (32-byte lower-case hex), or undefined when not proven yet. */
  storage(address: string, slot: string): bigint | undefined {
    const account = this.accounts.get(address);
    // An absent account or an empty storage trie holds only zeros: nothing to prove.
    if (account !== undefined && (!account.exists || equalBytes(account.storageHash, EMPTY_TRIE_ROOT))) return 0n;
    return this.slots.get(address)?.get(slot);
  }

  /** The account's code, or undefined while the account or its code is not here. */
  code(address: string): Uint8Array | undefined {
    const account = this.accounts.get(address);
    if (account === undefined) return undefined;
    return this.codes.get(bytesToHex(account.codeHash));
  }

  /** Whether the slot's value is proven (or needs no proof). */
  hasStorage(address: string, slot: string): boolean {
    return this.storage(address, slot) !== undefined;
  }

  /** Addresses and slot counts held, for limits and tests. */
  get size(): { accounts: number; slots: number } {
    let slots = 0;
    for (const m of this.slots.values()) slots += m.size;
    return { accounts: this.accounts.size, slots };
  }
}

/** 32-byte lower-case hex of a slot given as bytes. */
export function slotKey(slot: Uint8Array): string {
  return bytesToHex(slot.length === 32 ? slot : padLeft(slot, 32));
}

function padLeft(bytes: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(Math.max(0, bytes.length - length)), length - Math.min(length, bytes.length));
  return out;
}

/** Lower-case 0x-hex of a 20-byte address. */
export function addressKey(address: Uint8Array): string {
  return bytesToHex(address);
}

