/**
 * The vault: the keyring's bytes encrypted under a password, as one versioned JSON record that the
 * storage layer keeps. scrypt (RFC 7914) turns the password into an AES-256 key; AES-256-GCM
 * encrypts and authenticates the bytes, and its associated data binds the record's version, KDF
 * parameters, cipher and clear addresses, so none of them can be changed without unlock failing.
 *
 * Pure: the salt and nonce are random bytes the caller draws (`crypto.getRandomValues`), the
 * clock is the caller's (`now` for the password backoff), storage is the caller's. The derived key
 * and decrypted bytes are secrets the functions here wipe when they own them.
 *
 * Sealed through src/crypto/vault-cipher.ts: scrypt from @noble/hashes (it yields every few ms so
 * the popup stays responsive), on the same @noble versions as the rest of Vigil, and AES-256-GCM
 * from the platform's WebCrypto (asynchronous: sealing and opening return promises).
 * @module
 */
import { abytes, anumber, bytesToHex, describe, equalBytes, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { WalletError } from './errors.ts';
import { toChecksumAddress } from './keys.ts';
import { aesGcmOpen, aesGcmSeal, scrypt } from '../crypto/vault-cipher.ts';

// ---------------------------------------------------------------------------------------------
// Parameters and bounds
// ---------------------------------------------------------------------------------------------

/** scrypt's cost: N (CPU/memory, a power of two), r (block size), p (parallelism). */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * Today's parameters, chosen so that an unlock takes 0.5–1.5 s. Measured 2026-11-23 on this
 * project's build machine (Intel Xeon, 2 vCPU, node 20.20.2, shared with other jobs: load 3–7),
 * scryptAsync with r = 8, p = 1, dkLen = 32, median of 3–5 runs: N = 2^16 ≈ 0.5–0.7 s,
 * N = 2^17 ≈ 0.83–1.19 s (bench/wallet-unlock.ts: 830 ms for the whole unlock), N = 2^18 ≈ 1.7–1.9 s.
 * node:crypto's scrypt (OpenSSL) takes about half as long. N = 2^17 holds 128 MiB while it runs.
 * Raise N here when machines get faster: {@link needsRehash} then re-encrypts old vaults.
 */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

/**
 * What a record may ask for, checked before the KDF runs, so that a hostile or corrupted record
 * cannot make an unlock take hours or take more memory than a browser tab has: memory
 * 128·N·r ≤ 256 MiB (2× today's default), work N·r·p ≤ 2^22 (4× today's: a few seconds here).
 */
export const SCRYPT_LIMITS = Object.freeze({ maxMemoryBytes: 256 * 2 ** 20, maxWork: 2 ** 22, maxR: 32, maxP: 16 });

/** Record format version this code reads and writes. */
export const VAULT_VERSION = 1;
/** Salt bytes (fresh per encryption). */
export const SALT_LENGTH = 32;
/** AES-GCM nonce bytes (random, fresh per encryption: never reuse one under the same key). */
export const NONCE_LENGTH = 12;
/** AES-256: the derived key's length, the only dkLen a record may carry. */
const KEY_LENGTH = 32;
/** GCM tag bytes at the end of the ciphertext. */
const TAG_LENGTH = 16;
/** Bound on the plaintext (a keyring of 1000 accounts is ~70 KB). */
export const MAX_PLAINTEXT_BYTES = 2 ** 20;
/** Bound on the clear addresses a record carries. */
const MAX_ADDRESSES = 1000;

/** The KDF as the record stores it. */
export interface VaultKdf extends ScryptParams {
  name: 'scrypt';
  dkLen: 32;
  /** 0x hex, {@link SALT_LENGTH} bytes. */
  salt: string;
}

/**
 * The stored vault.
 *
 * `addresses` are kept in clear, by choice: the popup shows the accounts and their verified
 * balances while the wallet is locked (MetaMask does the same). What leaks to whoever can read the
 * extension's storage (a backup, malware, a shared profile): which addresses are this user's (so
 * that they can be linked to each other and to this device), and how many there are; no key and
 * nothing that helps guess the password. They are in the GCM associated data: a changed list makes
 * the next unlock fail, but until then they are unauthenticated hints. The UI may show them while
 * locked; it must not offer one as a receiving address before an unlock has confirmed the record.
 * Leave `addresses` out to leak nothing.
 */
export interface VaultRecord {
  version: 1;
  kdf: VaultKdf;
  cipher: 'aes-256-gcm';
  /** 0x hex, {@link NONCE_LENGTH} bytes. */
  nonce: string;
  /** 0x hex: the encrypted bytes followed by the 16-byte GCM tag. */
  ciphertext: string;
  /** EIP-55 addresses shown while locked (see above). */
  addresses?: string[];
}

// ---------------------------------------------------------------------------------------------
// Passwords
// ---------------------------------------------------------------------------------------------

/** Shortest password accepted for a new vault, in Unicode code points after NFKC. */
export const MIN_PASSWORD_LENGTH = 8;

/**
 * The password as the KDF receives it: NFKC. The same password typed on another keyboard, OS or
 * input method can reach us in another Unicode form (é as one code point or as e + combining
 * accent; full-width letters from a CJK IME); without one normal form the user would be locked out
 * of their own vault on the next machine. NFKC (composed, compatibility characters folded) is what
 * RFC 8265's OpaqueString profile and most password systems use.
 */
export function normalizePassword(password: string): string {
  if (typeof password !== 'string') throw new InputError(`"password" expected a string, got ${describe(typeof password)}`);
  return password.normalize('NFKC');
}

/**
 * Checks a new password against the policy (at least {@link MIN_PASSWORD_LENGTH} code points once
 * NFKC-normalized: the length counted is the length hashed) and returns the normalized password.
 * Only new passwords are checked: unlocking never refuses a password for its length.
 * @throws WalletError WEAK_PASSWORD
 * @example checkNewPassword('correct horse') // 'correct horse'
 */
export function checkNewPassword(password: string): string {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new WalletError('WEAK_PASSWORD', 'the password is too short', { expected: `at least ${MIN_PASSWORD_LENGTH} characters`, got: `${length}` });
  }
  return normalized;
}

// ---------------------------------------------------------------------------------------------
// The record: parsing and bounds
// ---------------------------------------------------------------------------------------------

function invalid(what: string, got?: string): WalletError {
  return new WalletError('VAULT_INVALID', `not a vault this version reads: ${what}`, got === undefined ? {} : { got });
}

/**
 * Throws unless `params` are scrypt parameters within {@link SCRYPT_LIMITS}. Returns them.
 * @throws WalletError VAULT_INVALID
 */
export function checkScryptParams(params: ScryptParams): ScryptParams {
  const { N, r, p } = params;
  const int = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
  if (!int(N) || N < 2) throw invalid('scrypt N expected an integer ≥ 2', describe(N));
  if (!int(r) || r > SCRYPT_LIMITS.maxR) throw invalid(`scrypt r expected 1 … ${SCRYPT_LIMITS.maxR}`, describe(r));
  if (!int(p) || p > SCRYPT_LIMITS.maxP) throw invalid(`scrypt p expected 1 … ${SCRYPT_LIMITS.maxP}`, describe(p));
  if (128 * N * r > SCRYPT_LIMITS.maxMemoryBytes) {
    throw invalid(`scrypt memory 128·N·r expected at most ${SCRYPT_LIMITS.maxMemoryBytes / 2 ** 20} MiB`, `${(128 * N * r) / 2 ** 20} MiB (N=${N}, r=${r})`);
  }
  // N ≤ 2^21 here, so the 32-bit test is exact.
  if ((N & (N - 1)) !== 0) throw invalid('scrypt N expected a power of two', `${N}`);
  if (N * r * p > SCRYPT_LIMITS.maxWork) throw invalid('scrypt work N·r·p expected at most 2^22', `N=${N}, r=${r}, p=${p}`);
  return params;
}

function hexField(obj: Record<string, unknown>, name: string, length: number | undefined, maxLength?: number): string {
  const v = obj[name];
  // Length is bounded before decoding: a record from storage is untrusted input.
  if (typeof v !== 'string' || (maxLength !== undefined && v.length > 2 + 2 * maxLength)) throw invalid(`"${name}" expected 0x hex`, describe(v));
  try {
    hexToBytes(v, length, name);
  } catch {
    throw invalid(`"${name}" expected 0x hex${length === undefined ? '' : ` of ${length} bytes`}`, describe(v));
  }
  return v.toLowerCase();
}

/**
 * Checks a stored record (any JSON value) and returns it typed. Everything that bounds the work of
 * an unlock is checked here, before any KDF runs.
 * @throws WalletError VAULT_INVALID naming the field.
 */
export function parseVaultRecord(json: unknown): VaultRecord {
  if (!isObject(json)) throw invalid('expected an object', describe(json));
  if (json.version !== VAULT_VERSION) throw invalid(`version expected ${VAULT_VERSION}`, describe(json.version));
  if (json.cipher !== 'aes-256-gcm') throw invalid('cipher expected "aes-256-gcm"', describe(json.cipher));
  const kdf = json.kdf;
  if (!isObject(kdf)) throw invalid('"kdf" expected an object', describe(kdf));
  if (kdf.name !== 'scrypt') throw invalid('kdf expected "scrypt"', describe(kdf.name));
  if (kdf.dkLen !== KEY_LENGTH) throw invalid(`kdf dkLen expected ${KEY_LENGTH}`, describe(kdf.dkLen));
  const { N, r, p } = checkScryptParams({ N: kdf.N as number, r: kdf.r as number, p: kdf.p as number });
  const salt = hexField(kdf, 'salt', SALT_LENGTH);
  const nonce = hexField(json, 'nonce', NONCE_LENGTH);
  const ciphertext = hexField(json, 'ciphertext', undefined, MAX_PLAINTEXT_BYTES + TAG_LENGTH);
  if (ciphertext.length < 2 + 2 * TAG_LENGTH) throw invalid(`"ciphertext" expected at least the ${TAG_LENGTH}-byte tag`, `${(ciphertext.length - 2) / 2} bytes`);
  const record: VaultRecord = { version: VAULT_VERSION, kdf: { name: 'scrypt', N, r, p, dkLen: KEY_LENGTH, salt }, cipher: 'aes-256-gcm', nonce, ciphertext };
  if (json.addresses !== undefined) record.addresses = checkAddresses(json.addresses);
  return record;
}

/** Clear addresses must be distinct EIP-55 strings: one spelling each, so the AAD is canonical. */
function checkAddresses(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_ADDRESSES) throw invalid(`"addresses" expected an array of at most ${MAX_ADDRESSES}`, describe(value));
  for (const a of value) {
    let ok = false;
    try {
      ok = typeof a === 'string' && toChecksumAddress(a) === a;
    } catch {
      ok = false;
    }
    if (!ok) throw invalid('"addresses" expected EIP-55 checksummed addresses', describe(a));
  }
  if (new Set(value).size !== value.length) throw invalid('"addresses" expected distinct addresses');
  return [...(value as string[])];
}

/**
 * The GCM associated data: everything in the record except the nonce (already GCM's IV) and the
 * ciphertext. A record whose version, KDF parameters (e.g. N lowered), cipher or addresses were
 * changed then fails to open, even when the change would leave the key the same.
 */
function associatedData(record: Omit<VaultRecord, 'nonce' | 'ciphertext'>): Uint8Array {
  const { kdf } = record;
  const fields = ['vigil-vault', record.version, record.cipher, kdf.name, kdf.N, kdf.r, kdf.p, kdf.dkLen, kdf.salt.toLowerCase(), record.addresses ?? null];
  return new TextEncoder().encode(JSON.stringify(fields));
}

// ---------------------------------------------------------------------------------------------
// Key derivation, sealing and opening
// ---------------------------------------------------------------------------------------------

/** Options of the KDF-running functions. */
export interface KdfOptions {
  /** Called with 0 … 1 while scrypt runs (for a progress bar). */
  onProgress?: (fraction: number) => void;
}

/**
 * The AES-256 key of a password under the record's KDF parameters (scrypt, bounded first).
 * A secret: wipe it (`fill(0)`) when done. Exposed for a caller that keeps the key (not the
 * password) for the session to re-seal the keyring after a change.
 * @throws WalletError VAULT_INVALID for parameters outside {@link SCRYPT_LIMITS}.
 */
export async function deriveVaultKey(password: string, kdf: VaultKdf, options: KdfOptions = {}): Promise<Uint8Array> {
  const { N, r, p } = checkScryptParams(kdf);
  const salt = hexToBytes(kdf.salt, SALT_LENGTH, 'salt');
  return scrypt(normalizePassword(password), salt, {
    N,
    r,
    p,
    dkLen: KEY_LENGTH,
    // Defence in depth: noble refuses to allocate past our bound (it counts 128·r·(N+p+1)).
    maxmem: SCRYPT_LIMITS.maxMemoryBytes + 128 * r * (p + 1),
    ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
  });
}

/**
 * Encrypts `plaintext` under an already derived key into a record carrying `kdf` (the parameters
 * that key came from). `nonce` must be fresh random bytes: GCM under a repeated (key, nonce) pair
 * leaks the XOR of the plaintexts and lets the tag be forged.
 */
export async function sealVault(key: Uint8Array, kdf: VaultKdf, plaintext: Uint8Array, options: { nonce: Uint8Array; addresses?: readonly string[] }): Promise<VaultRecord> {
  abytes(key, KEY_LENGTH, 'key');
  abytes(plaintext, undefined, 'plaintext');
  abytes(options.nonce, NONCE_LENGTH, 'nonce');
  if (plaintext.length > MAX_PLAINTEXT_BYTES) throw new InputError(`"plaintext" expected at most ${MAX_PLAINTEXT_BYTES} bytes, got ${plaintext.length}`);
  const header = {
    version: VAULT_VERSION,
    kdf: { name: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, dkLen: KEY_LENGTH, salt: kdf.salt.toLowerCase() },
    cipher: 'aes-256-gcm',
    ...(options.addresses !== undefined && { addresses: [...options.addresses] }),
  } as const;
  // The header goes through the same checks as a stored record: what we write, we can read.
  const checked = parseVaultRecord({ ...header, nonce: bytesToHex(options.nonce), ciphertext: '0x' + '00'.repeat(TAG_LENGTH) });
  const ciphertext = await aesGcmSeal(key, options.nonce, associatedData(checked), plaintext);
  return { ...checked, ciphertext: bytesToHex(ciphertext) };
}

/**
 * Decrypts a checked record under an already derived key.
 * @throws WalletError WRONG_PASSWORD when the GCM tag does not verify. GCM cannot tell a wrong key
 * from a changed nonce, ciphertext, tag or associated data: "wrong password" also means "tampered
 * with", and the UI should say that a password known to be right points to a damaged vault.
 */
export async function openVault(record: VaultRecord, key: Uint8Array): Promise<Uint8Array> {
  abytes(key, KEY_LENGTH, 'key');
  const checked = parseVaultRecord(record);
  const plaintext = await aesGcmOpen(key, hexToBytes(checked.nonce), associatedData(checked), hexToBytes(checked.ciphertext));
  if (plaintext === undefined) throw new WalletError('WRONG_PASSWORD', 'the password does not open the vault (or the vault was changed)');
  return plaintext;
}

/** Options of {@link encryptVault}. */
export interface EncryptOptions extends KdfOptions {
  /** {@link SALT_LENGTH} fresh random bytes. */
  salt: Uint8Array;
  /** {@link NONCE_LENGTH} fresh random bytes. */
  nonce: Uint8Array;
  /** scrypt cost; {@link DEFAULT_SCRYPT} unless given (tests pass small ones). */
  params?: ScryptParams;
  /** EIP-55 addresses to keep in clear for the locked popup (see {@link VaultRecord}). */
  addresses?: readonly string[];
}

/**
 * Encrypts the keyring's bytes under a new password (checked against the policy).
 * @throws WalletError WEAK_PASSWORD; VAULT_INVALID for parameters outside the limits.
 * @example
 * const record = await encryptVault(encodeKeyring(keyring), password, {
 *   salt: crypto.getRandomValues(new Uint8Array(32)),
 *   nonce: crypto.getRandomValues(new Uint8Array(12)),
 *   addresses: listAccounts(keyring).map((a) => a.address),
 * });
 */
export async function encryptVault(plaintext: Uint8Array, password: string, options: EncryptOptions): Promise<VaultRecord> {
  abytes(plaintext, undefined, 'plaintext');
  const normalized = checkNewPassword(password);
  abytes(options.salt, SALT_LENGTH, 'salt');
  abytes(options.nonce, NONCE_LENGTH, 'nonce');
  const { N, r, p } = checkScryptParams(options.params ?? DEFAULT_SCRYPT);
  // Everything sealVault will check, checked before the second of KDF work.
  if (options.addresses !== undefined) checkAddresses(options.addresses);
  const kdf: VaultKdf = { name: 'scrypt', N, r, p, dkLen: KEY_LENGTH, salt: bytesToHex(options.salt) };
  const key = await deriveVaultKey(normalized, kdf, options);
  try {
    return await sealVault(key, kdf, plaintext, { nonce: options.nonce, ...(options.addresses !== undefined && { addresses: options.addresses }) });
  } finally {
    key.fill(0);
  }
}

/**
 * Opens a stored record with a password. The record is checked (and bounded) before the KDF runs.
 * The result is the keyring's bytes: a secret to wipe once decoded.
 * @throws WalletError VAULT_INVALID (malformed record, parameters out of bounds), WRONG_PASSWORD
 * (the tag did not verify: wrong password or a tampered record; see {@link openVault}).
 */
export async function decryptVault(record: unknown, password: string, options: KdfOptions = {}): Promise<Uint8Array> {
  const checked = parseVaultRecord(record);
  const key = await deriveVaultKey(password, checked.kdf, options);
  try {
    return await openVault(checked, key);
  } finally {
    key.fill(0);
  }
}

/**
 * Whether a record's scrypt cost is below `current` in any of N, r, p (then re-encrypt it with
 * {@link reencryptVault} after the next successful unlock).
 */
export function needsRehash(record: VaultRecord, current: ScryptParams = DEFAULT_SCRYPT): boolean {
  const { kdf } = parseVaultRecord(record);
  return kdf.N < current.N || kdf.r < current.r || kdf.p < current.p;
}

/** Options of {@link reencryptVault}. */
export interface ReencryptOptions extends EncryptOptions {
  /** The new password (checked against the policy); the old one is kept when absent. */
  newPassword?: string;
}

/**
 * A new record for the same plaintext: a changed password, raised parameters, or new clear
 * addresses. The old record is not touched; the new one is returned only after it has been
 * serialized, parsed back and opened with the new password (a second KDF run, about a second with
 * the defaults) and gave the same bytes, so the caller can replace the stored record knowing the
 * replacement opens. The caller must keep the old record until the new one is stored.
 * @throws WalletError WRONG_PASSWORD (old password), WEAK_PASSWORD (new one), VAULT_INVALID;
 * InputError when `salt` or `nonce` repeat the old record's (they must be fresh).
 */
export async function reencryptVault(record: unknown, oldPassword: string, options: ReencryptOptions): Promise<VaultRecord> {
  const old = parseVaultRecord(record);
  abytes(options.salt, SALT_LENGTH, 'salt');
  abytes(options.nonce, NONCE_LENGTH, 'nonce');
  if (equalBytes(options.salt, hexToBytes(old.kdf.salt)) || equalBytes(options.nonce, hexToBytes(old.nonce))) {
    throw new InputError('"salt" and "nonce" expected fresh random bytes, got the old record\'s');
  }
  const newPassword = options.newPassword ?? oldPassword;
  if (options.newPassword !== undefined) checkNewPassword(options.newPassword);
  const plaintext = await decryptVault(old, oldPassword, options);
  let reopened: Uint8Array | undefined;
  try {
    const fresh = await encryptVault(plaintext, newPassword, {
      salt: options.salt,
      nonce: options.nonce,
      params: options.params ?? { N: old.kdf.N, r: old.kdf.r, p: old.kdf.p },
      ...(options.addresses !== undefined ? { addresses: options.addresses } : old.addresses !== undefined && { addresses: old.addresses }),
      ...(options.onProgress !== undefined && { onProgress: options.onProgress }),
    });
    reopened = await decryptVault(JSON.parse(JSON.stringify(fresh)), newPassword, options);
    if (!equalBytes(reopened, plaintext)) throw new Error('reencryptVault: the new record does not give back the plaintext');
    return fresh;
  } finally {
    plaintext.fill(0);
    reopened?.fill(0);
  }
}

// ---------------------------------------------------------------------------------------------
// Backoff after wrong passwords
// ---------------------------------------------------------------------------------------------

/** The backoff schedule: `freeFailures` wrong passwords cost nothing, then the wait doubles. */
export interface BackoffPolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** 3 free tries, then 1 s, 2 s, 4 s, … up to 5 min between tries. */
export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 5 * 60_000 });

/** What the caller keeps between attempts (reset to 0 failures after a successful unlock). */
export interface FailureState {
  /** Wrong passwords in a row. */
  failures: number;
  /** When the last one happened (ms, the caller's clock). */
  lastFailureAt: number;
}

/**
 * The wait after `failures` wrong passwords in a row: 0 up to `freeFailures`, then
 * `baseDelayMs · 2^(failures − freeFailures − 1)`, capped at `maxDelayMs`.
 * @example [3, 4, 5, 12, 50].map((f) => backoffDelay(f)) // [0, 1000, 2000, 256000, 300000]
 */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  anumber(failures, 'failures');
  if (failures <= policy.freeFailures) return 0;
  const doublings = failures - policy.freeFailures - 1;
  // 2^doublings overflows nothing below the cap's exponent; past it the cap holds anyway.
  return doublings >= 52 ? policy.maxDelayMs : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** doublings);
}

/**
 * The earliest time (ms, the caller's clock) the next password attempt is allowed.
 * @example nextAttemptAt({ failures: 4, lastFailureAt: 10_000 }) // 11_000
 */
export function nextAttemptAt(state: FailureState, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (typeof state.lastFailureAt !== 'number' || !Number.isFinite(state.lastFailureAt)) {
    throw new InputError(`"lastFailureAt" expected a finite number, got ${describe(state.lastFailureAt)}`);
  }
  return state.lastFailureAt + backoffDelay(state.failures, policy);
}

/**
 * Throws unless a password attempt is allowed at `now` (call it before {@link decryptVault}; a
 * clock moved backwards only makes the wait longer).
 * @throws WalletError PASSWORD_BACKOFF with `retryAt`.
 */
export function assertAttemptAllowed(state: FailureState, now: number, policy: BackoffPolicy = DEFAULT_BACKOFF): void {
  const retryAt = nextAttemptAt(state, policy);
  if (now < retryAt) {
    throw new WalletError('PASSWORD_BACKOFF', 'too many wrong passwords: wait before the next try', {
      expected: `a try at or after ${retryAt}`,
      got: `${now}`,
      retryAt,
    });
  }
}
