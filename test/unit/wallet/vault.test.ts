import { createDecipheriv, scryptSync } from 'node:crypto';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError } from '../../../src/core/errors.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { createKeyring, decodeKeyring, encodeKeyring, listAccounts } from '../../../src/wallet/keyring.ts';
import { importAccount } from '../../../src/wallet/keyring-changes.ts';
import {
  assertAttemptAllowed,
  backoffDelay,
  checkNewPassword,
  DEFAULT_BACKOFF,
  DEFAULT_SCRYPT,
  decryptVault,
  deriveVaultKey,
  encryptVault,
  needsRehash,
  nextAttemptAt,
  normalizePassword,
  openVault,
  parseVaultRecord,
  reencryptVault,
  sealVault,
  type VaultRecord,
} from '../../../src/wallet/vault.ts';

// The KDF is spied on (same implementation) so that tests can show it never ran.
vi.mock('@noble/hashes/scrypt.js', async (importOriginal) => {
  const mod = await importOriginal<typeof import('@noble/hashes/scrypt.js')>();
  return { ...mod, scryptAsync: vi.fn(mod.scryptAsync) };
});

/** Cheap parameters for unit tests (the defaults take about a second). */
const FAST = { N: 16, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';
const HARDHAT = 'test test test test test test test test test test test junk';

/** Deterministic "random" bytes: tests pass them as the I/O layer passes getRandomValues' output. */
const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 17 + 7) & 255);
const plaintext = new TextEncoder().encode('{"secret":"the keyring bytes"}');

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

async function code(p: Promise<unknown>): Promise<string> {
  const err = await rejection(p);
  if (err instanceof WalletError || err instanceof InputError) return err.code;
  throw err;
}

const seal = (pt = plaintext, extra: { addresses?: string[]; params?: typeof FAST } = {}) =>
  encryptVault(pt, PASSWORD, { salt: bytes(32, 1), nonce: bytes(12, 2), params: FAST, ...extra });

/** The record with one bit of the hex field `name` flipped (bit index from the start). */
function flip(record: VaultRecord, name: 'nonce' | 'ciphertext', bit: number): VaultRecord {
  const b = hexToBytes(record[name]);
  b[bit >> 3]! ^= 1 << (bit & 7);
  return { ...record, [name]: bytesToHex(b) };
}

beforeEach(() => {
  vi.mocked(scryptAsync).mockClear();
});

describe('vault: encrypt and decrypt', () => {
  it('round-trips, and the record is the documented JSON', async () => {
    const record = await seal();
    expect(record).toEqual({
      version: 1,
      kdf: { name: 'scrypt', N: 16, r: 8, p: 1, dkLen: 32, salt: bytesToHex(bytes(32, 1)) },
      cipher: 'aes-256-gcm',
      nonce: bytesToHex(bytes(12, 2)),
      ciphertext: expect.stringMatching(/^0x[0-9a-f]+$/),
    });
    expect(hexToBytes(record.ciphertext)).toHaveLength(plaintext.length + 16);
    expect(await decryptVault(JSON.parse(JSON.stringify(record)), PASSWORD)).toEqual(plaintext);
  });

  it('is standard scrypt + AES-256-GCM: node:crypto derives the same key and decrypts the record', async () => {
    const record = await seal(plaintext, { addresses: ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'] });
    const key = scryptSync(PASSWORD, bytes(32, 1), 32, FAST);
    expect(bytesToHex(await deriveVaultKey(PASSWORD, record.kdf))).toBe(bytesToHex(key));
    const ct = hexToBytes(record.ciphertext);
    const decipher = createDecipheriv('aes-256-gcm', key, hexToBytes(record.nonce));
    decipher.setAAD(
      new TextEncoder().encode(JSON.stringify(['vigil-vault', 1, 'aes-256-gcm', 'scrypt', 16, 8, 1, 32, record.kdf.salt, record.addresses])),
    );
    decipher.setAuthTag(ct.subarray(ct.length - 16));
    expect(new Uint8Array(Buffer.concat([decipher.update(ct.subarray(0, ct.length - 16)), decipher.final()]))).toEqual(plaintext);
  });

  it('a keyring survives the vault', async () => {
    const keyring = importAccount(createKeyring({ mnemonic: HARDHAT }), '0x' + '11'.repeat(32)).keyring;
    const addresses = listAccounts(keyring).map((a) => a.address);
    const record = await encryptVault(encodeKeyring(keyring), PASSWORD, { salt: bytes(32, 3), nonce: bytes(12, 4), params: FAST, addresses });
    expect(record.addresses).toEqual(addresses);
    expect(listAccounts(decodeKeyring(await decryptVault(record, PASSWORD)))).toEqual(listAccounts(keyring));
  });

  it('wrong password → WRONG_PASSWORD', async () => {
    const record = await seal();
    for (const pw of ['correct horse battery!', 'Correct horse battery', '', 'correct horse batter']) {
      expect(await code(decryptVault(record, pw))).toBe('WRONG_PASSWORD');
    }
  });

  it('every single-bit flip of the nonce, the ciphertext or the tag → WRONG_PASSWORD', async () => {
    const record = await seal();
    const flips: VaultRecord[] = [];
    for (let bit = 0; bit < 12 * 8; bit++) flips.push(flip(record, 'nonce', bit));
    // The ciphertext field holds the encrypted bytes then the 16-byte tag: all of it.
    for (let bit = 0; bit < hexToBytes(record.ciphertext).length * 8; bit++) flips.push(flip(record, 'ciphertext', bit));
    expect(flips).toHaveLength(96 + (plaintext.length + 16) * 8);
    const codes = await Promise.all(flips.map((r) => code(decryptVault(r, PASSWORD))));
    expect(new Set(codes)).toEqual(new Set(['WRONG_PASSWORD']));
  });

  it('changed KDF parameters or salt → WRONG_PASSWORD: they are bound (associated data), never decrypted', async () => {
    const record = await seal();
    const changed: VaultRecord[] = [
      { ...record, kdf: { ...record.kdf, N: 8 } }, // a downgrade
      { ...record, kdf: { ...record.kdf, N: 32 } },
      { ...record, kdf: { ...record.kdf, r: 4 } },
      { ...record, kdf: { ...record.kdf, p: 2 } },
      { ...record, kdf: { ...record.kdf, salt: bytesToHex(bytes(32, 9)) } },
    ];
    for (const r of changed) expect(await code(decryptVault(r, PASSWORD))).toBe('WRONG_PASSWORD');
    // Even under the right key (as if the KDF had not changed it), the header is bound by the AAD.
    const key = await deriveVaultKey(PASSWORD, record.kdf);
    expect(await openVault(record, key)).toEqual(plaintext);
    for (const r of changed) await expect(openVault(r, key)).rejects.toThrow(expect.objectContaining({ code: 'WRONG_PASSWORD' }));
  });

  it('changed, added or removed clear addresses → WRONG_PASSWORD', async () => {
    const a = ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'];
    const record = await seal(plaintext, { addresses: a });
    expect(await decryptVault(record, PASSWORD)).toEqual(plaintext);
    const { addresses: _dropped, ...without } = record;
    for (const r of [{ ...record, addresses: [a[1]!, a[0]!] }, { ...record, addresses: [a[0]!] }, without, { ...(await seal()), addresses: a }]) {
      expect(await code(decryptVault(r, PASSWORD))).toBe('WRONG_PASSWORD');
    }
  });

  it('another version or cipher → VAULT_INVALID before any KDF runs', async () => {
    const record = await seal();
    vi.mocked(scryptAsync).mockClear();
    for (const r of [{ ...record, version: 2 }, { ...record, version: 0 }, { ...record, version: '1' }, { ...record, cipher: 'aes-128-gcm' }, { ...record, cipher: 'chacha20-poly1305' }]) {
      expect(await code(decryptVault(r, PASSWORD))).toBe('VAULT_INVALID');
    }
    expect(scryptAsync).not.toHaveBeenCalled();
  });

  it('hostile or malformed records → VAULT_INVALID without running the KDF', async () => {
    const record = await seal();
    vi.mocked(scryptAsync).mockClear();
    const kdf = (k: Record<string, unknown>) => ({ ...record, kdf: { ...record.kdf, ...k } });
    const hostile: unknown[] = [
      kdf({ N: 2 ** 30 }), // hours, and 128 GiB
      kdf({ N: 2 ** 31 }),
      kdf({ N: 2 ** 21 }), // 2 GiB with r = 8
      kdf({ N: 2 ** 18, r: 16 }), // 512 MiB
      kdf({ N: 2 ** 17, r: 8, p: 8 }), // memory fine, work 8× the default
      kdf({ r: 1000 }),
      kdf({ p: 1000 }),
      kdf({ N: 1000 }), // not a power of two
      kdf({ N: 1 }),
      kdf({ N: 0 }),
      kdf({ N: -16 }),
      kdf({ N: 16.5 }),
      kdf({ N: '16' }),
      kdf({ r: 0 }),
      kdf({ p: 0 }),
      kdf({ dkLen: 16 }),
      kdf({ dkLen: 2 ** 30 }),
      kdf({ name: 'pbkdf2' }),
      kdf({ salt: '0x1234' }),
      kdf({ salt: 'zz' }),
      { ...record, kdf: null },
      { ...record, nonce: bytesToHex(bytes(16, 2)) },
      { ...record, nonce: undefined },
      { ...record, ciphertext: '0x' + '00'.repeat(15) },
      { ...record, ciphertext: '0x' + '00'.repeat(2 ** 20 + 17) }, // over the size bound
      { ...record, ciphertext: 'not hex' },
      { ...record, addresses: ['0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'] }, // not EIP-55
      { ...record, addresses: ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'] },
      { ...record, addresses: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' },
      null,
      'vault',
      [],
    ];
    for (const r of hostile) expect([r, await code(decryptVault(r, PASSWORD))]).toEqual([r, 'VAULT_INVALID']);
    expect(scryptAsync).not.toHaveBeenCalled();
    // N = 2^30 is refused at once, not after trying: the KDF never runs.
    await rejection(decryptVault(kdf({ N: 2 ** 30 }), PASSWORD));
    expect(scryptAsync).not.toHaveBeenCalled();
  });

  it('encryption refuses parameters it could not read back, and wrong-sized salt or nonce', async () => {
    const opts = { salt: bytes(32, 1), nonce: bytes(12, 2) };
    expect(await code(encryptVault(plaintext, PASSWORD, { ...opts, params: { N: 2 ** 20, r: 8, p: 1 } }))).toBe('VAULT_INVALID');
    expect(await code(encryptVault(plaintext, PASSWORD, { ...opts, params: { N: 24, r: 8, p: 1 } }))).toBe('VAULT_INVALID');
    expect(await code(encryptVault(plaintext, PASSWORD, { ...opts, salt: bytes(16, 1), params: FAST }))).toBe('INVALID_INPUT');
    expect(await code(encryptVault(plaintext, PASSWORD, { ...opts, nonce: bytes(16, 1), params: FAST }))).toBe('INVALID_INPUT');
    expect(await code(encryptVault(plaintext, PASSWORD, { ...opts, params: FAST, addresses: ['0x1234'] }))).toBe('VAULT_INVALID');
    expect(scryptAsync).not.toHaveBeenCalled();
  });

  it('with the default parameters (N = 2^17, r = 8, p = 1: about a second per KDF run)', async () => {
    const progress: number[] = [];
    const record = await encryptVault(plaintext, PASSWORD, { salt: bytes(32, 5), nonce: bytes(12, 6) });
    expect(record.kdf).toMatchObject({ ...DEFAULT_SCRYPT, dkLen: 32 });
    expect(needsRehash(record)).toBe(false);
    expect(await decryptVault(record, PASSWORD, { onProgress: (f) => progress.push(f) })).toEqual(plaintext);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(1);
    // How long it takes is bench/wallet-unlock.ts's to say, not a test's on a shared machine.
  });
});

describe('vault: passwords', () => {
  it('WEAK_PASSWORD under 8 code points after NFKC', async () => {
    expect(checkNewPassword('12345678')).toBe('12345678');
    const weak = ['', '1234567', '😀😀😀😀', 'e\u0301'.repeat(7)]; // 4 emoji are 8 UTF-16 units; 7 é decomposed are 14
    for (const pw of weak) {
      expect(() => checkNewPassword(pw)).toThrow(expect.objectContaining({ code: 'WEAK_PASSWORD' }));
      expect(await code(encryptVault(plaintext, pw, { salt: bytes(32, 1), nonce: bytes(12, 2), params: FAST }))).toBe('WEAK_PASSWORD');
    }
    expect(scryptAsync).not.toHaveBeenCalled();
  });

  it('NFKC: the same password in another Unicode form opens the vault', async () => {
    const composed = 'caf\u00e9 au lait';
    const record = await encryptVault(plaintext, composed, { salt: bytes(32, 1), nonce: bytes(12, 2), params: FAST });
    expect(await decryptVault(record, 'cafe\u0301 au lait')).toEqual(plaintext); // e + combining acute
    const fullWidth = await encryptVault(plaintext, 'ｐａｓｓｗｏｒｄ１', { salt: bytes(32, 1), nonce: bytes(12, 2), params: FAST });
    expect(await decryptVault(fullWidth, 'password1')).toEqual(plaintext);
    expect(normalizePassword('Ⅸ ﬁ')).toBe('IX fi');
    expect(() => normalizePassword(7 as unknown as string)).toThrow(InputError);
  });

  it('an old vault with a short password still opens (the policy is for new passwords)', async () => {
    const key = await deriveVaultKey('short', { name: 'scrypt', ...FAST, dkLen: 32, salt: bytesToHex(bytes(32, 1)) });
    const record = await sealVault(key, { name: 'scrypt', ...FAST, dkLen: 32, salt: bytesToHex(bytes(32, 1)) }, plaintext, { nonce: bytes(12, 2) });
    expect(await decryptVault(record, 'short')).toEqual(plaintext);
  });
});

describe('vault: needsRehash and reencrypt', () => {
  it('needsRehash: any of N, r, p below the current parameters', async () => {
    const record = parseVaultRecord({ ...(await seal()), kdf: { ...(await seal()).kdf, N: 2 ** 17 } });
    expect(needsRehash(record)).toBe(false);
    expect(needsRehash(record, { N: 2 ** 18, r: 8, p: 1 })).toBe(true);
    expect(needsRehash(record, { N: 2 ** 17, r: 16, p: 1 })).toBe(true);
    expect(needsRehash(record, { N: 2 ** 17, r: 8, p: 2 })).toBe(true);
    expect(needsRehash(record, { N: 2 ** 16, r: 8, p: 1 })).toBe(false);
    expect(needsRehash(await seal())).toBe(true);
  });

  it('changes the password: the new record opens with the new one only; the old record is untouched', async () => {
    const old = await seal(plaintext, { addresses: ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'] });
    const before = JSON.stringify(old);
    const fresh = await reencryptVault(old, PASSWORD, { newPassword: 'another good one', salt: bytes(32, 7), nonce: bytes(12, 8) });
    expect(JSON.stringify(old)).toBe(before);
    expect(fresh.kdf).toMatchObject(FAST); // parameters kept when not given
    expect(fresh.addresses).toEqual(old.addresses);
    expect(await decryptVault(fresh, 'another good one')).toEqual(plaintext);
    expect(await code(decryptVault(fresh, PASSWORD))).toBe('WRONG_PASSWORD');
    expect(await decryptVault(old, PASSWORD)).toEqual(plaintext);
  });

  it('raises the parameters, keeping the password', async () => {
    const old = await seal();
    const raised = { N: 64, r: 8, p: 2 };
    expect(needsRehash(old, raised)).toBe(true);
    const fresh = await reencryptVault(old, PASSWORD, { params: raised, salt: bytes(32, 7), nonce: bytes(12, 8), addresses: [] });
    expect(needsRehash(fresh, raised)).toBe(false);
    expect(fresh.addresses).toEqual([]);
    expect(await decryptVault(fresh, PASSWORD)).toEqual(plaintext);
  });

  it('refuses a wrong old password, a weak new one, and a reused salt or nonce, producing nothing', async () => {
    const old = await seal();
    const fresh = { salt: bytes(32, 7), nonce: bytes(12, 8) };
    expect(await code(reencryptVault(old, 'not the password', fresh))).toBe('WRONG_PASSWORD');
    expect(await code(reencryptVault(old, PASSWORD, { ...fresh, newPassword: 'short' }))).toBe('WEAK_PASSWORD');
    expect(await code(reencryptVault(old, PASSWORD, { ...fresh, salt: bytes(32, 1) }))).toBe('INVALID_INPUT');
    expect(await code(reencryptVault(old, PASSWORD, { ...fresh, nonce: bytes(12, 2) }))).toBe('INVALID_INPUT');
    expect(await code(reencryptVault({ ...old, version: 9 }, PASSWORD, fresh))).toBe('VAULT_INVALID');
  });
});

describe('vault: backoff after wrong passwords', () => {
  it('3 free failures, then 1 s doubling up to 5 min', () => {
    const delays = Array.from({ length: 16 }, (_, f) => backoffDelay(f));
    expect(delays).toEqual([0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000]);
    expect(backoffDelay(1e9)).toBe(DEFAULT_BACKOFF.maxDelayMs);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER)).toBe(DEFAULT_BACKOFF.maxDelayMs);
    expect(backoffDelay(5, { freeFailures: 0, baseDelayMs: 10, maxDelayMs: 1000 })).toBe(160);
    expect(() => backoffDelay(-1)).toThrow(InputError);
    expect(() => backoffDelay(1.5)).toThrow(InputError);
  });

  it('nextAttemptAt and assertAttemptAllowed use the caller\'s clock', () => {
    const t = 1_700_000_000_000;
    expect(nextAttemptAt({ failures: 0, lastFailureAt: t })).toBe(t);
    expect(nextAttemptAt({ failures: 3, lastFailureAt: t })).toBe(t);
    expect(nextAttemptAt({ failures: 4, lastFailureAt: t })).toBe(t + 1000);
    expect(nextAttemptAt({ failures: 20, lastFailureAt: t })).toBe(t + 300_000);
    expect(() => assertAttemptAllowed({ failures: 3, lastFailureAt: t }, t)).not.toThrow();
    assertAttemptAllowed({ failures: 6, lastFailureAt: t }, t + 4000);
    let err: unknown;
    try {
      assertAttemptAllowed({ failures: 6, lastFailureAt: t }, t + 3999);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WalletError);
    expect((err as WalletError).code).toBe('PASSWORD_BACKOFF');
    expect((err as WalletError).retryAt).toBe(t + 4000);
    // A clock moved backwards waits longer, never less.
    expect(() => assertAttemptAllowed({ failures: 4, lastFailureAt: t }, t - 60_000)).toThrow(WalletError);
    expect(() => nextAttemptAt({ failures: 4, lastFailureAt: NaN })).toThrow(InputError);
  });
});
