/**
 * What `vigil wallet` reads and writes: the vault file (read bounded, written 0600, never over
 * another, replaced atomically), the count of wrong passwords beside it (`<vault>.attempts`, so
 * that the backoff holds across commands as the extension's holds across browser restarts),
 * secret files, the password (a file or the environment, never a flag), and the keyring session
 * over that file (src/client/wallet/keyring-session.ts, the extension's).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { type AttemptStore, KeyringSession, memoryAttemptStore, memorySessionStore, type VaultStore } from '../../client/wallet/keyring-session.ts';
import { InputError, type VigilError } from '../../core/errors.ts';
import { WalletError } from '../../wallet/errors.ts';
import { parseVaultRecord, type ScryptParams, type VaultRecord } from '../../wallet/vault.ts';
import { localVaultWork } from '../../wallet/keyring-changes.ts';

/** What every subcommand is given. */
export interface WalletContext {
  out: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  scrypt: ScryptParams;
  warn: (line: string) => void;
}

export const passwordOption = { 'password-file': { type: 'string' } } as const;

/** Bounds on the files read here (a vault of 1000 accounts is under 200 KB). */
const MAX_VAULT_BYTES = 4 * 1024 * 1024;
const MAX_SECRET_FILE_BYTES = 4096;

/**
 * The keyring session of one command over the vault at `path` (or over a record already read from
 * `path`): in memory only, locked again before the command ends; wrong passwords are counted in
 * `<path>.attempts`.
 */
export function cliKeyring(vault: string | VaultRecord, scrypt?: ScryptParams, path?: string): KeyringSession {
  const file = typeof vault === 'string' ? vault : path;
  return new KeyringSession({
    vault: typeof vault === 'string' ? fileVaultStore(vault) : recordVaultStore(vault),
    session: memorySessionStore(),
    attempts: file === undefined ? memoryAttemptStore() : fileAttemptStore(`${file}.attempts`),
    random: (n) => new Uint8Array(randomBytes(n)),
    now: Date.now,
    ...(scrypt !== undefined ? { scrypt } : {}),
    ...localVaultWork,
  });
}

/** The vault file: a new one is created (O_EXCL), a changed one replaces it atomically. */
function fileVaultStore(path: string): VaultStore {
  return {
    get: async () => {
      const record = readVaultIfAny(path);
      return record === undefined ? undefined : { record, addresses: record.addresses ?? [], names: {} };
    },
    put: async (record, fresh) => (fresh ? writeNewFile(path, record) : replaceFile(path, record)),
  };
}

/**
 * The wrong passwords in a row, in a small JSON file (0600) beside the vault: a missing or
 * unreadable file counts as none (deleting it is no more than an offline attack on the vault
 * file, which the backoff never stopped).
 */
function fileAttemptStore(path: string): AttemptStore {
  return {
    get: async () => {
      try {
        const bytes = readFileSync(path);
        return bytes.length > 4096 ? undefined : JSON.parse(bytes.toString('utf8'));
      } catch {
        return undefined;
      }
    },
    set: async (state) => {
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ failures: state.failures, lastFailureAt: state.lastFailureAt }) + '\n', { mode: 0o600 });
      renameSync(tmp, path);
    },
  };
}

/** A record read before (signing only: nothing is written). */
function recordVaultStore(record: VaultRecord): VaultStore {
  return {
    get: async () => ({ record, addresses: record.addresses ?? [], names: {} }),
    put: async () => {
      throw new InputError('this vault was read for signing only');
    },
  };
}

/** A refusal or a failed check as the JSON the subcommands print. */
export function errorJson(err: VigilError) {
  return {
    code: err.code,
    message: err.shortMessage,
    ...(err instanceof WalletError && err.code === 'WOULD_REVERT' && err.details !== undefined ? { data: err.details } : {}),
  };
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new InputError(`missing ${flag}`);
  return value;
}

export function optionalPassword(values: { 'password-file'?: string | undefined }, ctx: WalletContext): string | undefined {
  const file = values['password-file'];
  // The file a user names outranks what the environment happens to hold.
  if (file !== undefined) {
    const text = readSecretFile(file, 'password', false);
    const password = text.split(/\r?\n/)[0]!;
    if (password === '') throw new InputError(`the password file ${file} is empty`);
    return password;
  }
  const env = ctx.env.VIGIL_PASSWORD;
  return env === undefined || env === '' ? undefined : env;
}

/** The new password of `passwd`: --new-password-file (its first line) or VIGIL_NEW_PASSWORD, never a flag. */
export function requireNewPassword(values: { 'new-password-file'?: string | undefined }, ctx: WalletContext): string {
  const file = values['new-password-file'];
  const password = file !== undefined ? readSecretFile(file, 'new password', false).split(/\r?\n/)[0]! : ctx.env.VIGIL_NEW_PASSWORD;
  if (password === undefined || password === '') throw new InputError('missing the new password: --new-password-file <file> or the environment variable VIGIL_NEW_PASSWORD');
  return password;
}

export function requirePassword(values: { 'password-file'?: string | undefined }, ctx: WalletContext): string {
  const password = optionalPassword(values, ctx);
  if (password === undefined) throw new InputError('missing the password: --password-file <file> or the environment variable VIGIL_PASSWORD');
  return password;
}

/** A small file holding a secret (a phrase, a key, a password); trimmed unless `trim` is false. */
export function readSecretFile(path: string, what: string, trim = true): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    if (bytes.length > MAX_SECRET_FILE_BYTES) throw new InputError(`the ${what} file ${path} is larger than ${MAX_SECRET_FILE_BYTES} bytes`);
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return trim ? text.trim() : text;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`the ${what} file ${path} is not UTF-8 text`);
  } finally {
    bytes.fill(0);
  }
}

export function readVaultIfAny(path: string): VaultRecord | undefined {
  let text: string;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_VAULT_BYTES) throw new InputError(`the vault file ${path} is larger than ${MAX_VAULT_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read the vault file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WalletError('VAULT_INVALID', `the vault file ${path} is not JSON`);
  }
  return parseVaultRecord(json);
}

export function readVault(path: string): VaultRecord {
  const record = readVaultIfAny(path);
  if (record === undefined) throw new InputError(`no vault at ${path} (vigil wallet create or import makes one)`);
  return record;
}

export function refuseExisting(path: string, why = 'refusing to overwrite it'): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new InputError(`cannot check ${path}: ${(err as Error).message}`);
  }
  closeSync(fd);
  throw new InputError(`${path} exists already: ${why}`);
}

/** Writes a new file, mode 0600, failing if it exists (O_EXCL: no race with another writer). */
function writeNewFile(path: string, record: VaultRecord): void {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new InputError(`${path} exists already: refusing to overwrite it`);
    throw new InputError(`cannot create the vault file ${path}: ${(err as Error).message}`);
  }
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, JSON.stringify(record) + '\n');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(path);
    throw err;
  }
  closeSync(fd);
}

/** Replaces a vault file atomically: a new 0600 file beside it, synced, renamed over the old one. */
function replaceFile(path: string, record: VaultRecord): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeNewFile(tmp, record);
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw new InputError(`cannot replace the vault file ${path}: ${(err as Error).message}`);
  }
}
