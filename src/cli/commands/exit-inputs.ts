/**
 * What `vigil exit` reads from its flags and files, whatever the rollup: the rollup config (a
 * file or a shipped name), the exit's owner in the vault, the password (the sources `vigil wallet`
 * reads), the amount and the poll interval.
 * @module
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.ts';
import { KNOWN_ROLLUP_NAMES, knownRollupConfig } from '../../l2/known-rollups.ts';
import { WalletError } from '../../wallet/errors.ts';
import type { VaultRecord } from '../../wallet/vault.ts';
import { parseAmount } from './wallet-send.ts';

/** A config file's JSON, or the config Vigil ships under that name. */
export function rollupConfigJson(value: string): unknown {
  const known = knownRollupConfig(value);
  if (known !== undefined) return known;
  try {
    return JSON.parse(readFileSync(value, 'utf8'));
  } catch (err) {
    const names = KNOWN_ROLLUP_NAMES.length > 0 ? ` (or a shipped name: ${KNOWN_ROLLUP_NAMES.join(', ')})` : '';
    throw new InputError(`--rollup-config: cannot read ${value} as JSON${names} (${(err as Error).message})`);
  }
}

/** The exit's owner: --account (which the vault must list when it lists its addresses), else the vault's first account. */
export function ownerOf(vault: VaultRecord, account: string | undefined): string {
  const listed = (vault.addresses ?? []).map((a) => a.toLowerCase());
  if (account !== undefined) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(account)) throw new InputError(`--account expected an address, got ${account.slice(0, 60)}`);
    const a = account.toLowerCase();
    if (vault.addresses !== undefined && !listed.includes(a)) throw new WalletError('UNKNOWN_ACCOUNT', 'the vault holds no account with this address', { got: account });
    return a;
  }
  if (listed[0] === undefined) throw new InputError('this vault keeps no addresses in clear: give --account');
  return listed[0];
}

/** --password-file's first line, else VIGIL_PASSWORD. */
export function passwordOf(file: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read the password file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const password = text.split(/\r?\n/)[0]!;
    if (password === '') throw new InputError(`the password file ${file} is empty`);
    return password;
  }
  const password = env.VIGIL_PASSWORD;
  if (password === undefined || password === '') throw new InputError('missing the password: --password-file <file> or the environment variable VIGIL_PASSWORD');
  return password;
}

/**
 * --amount: ETH when it has no unit (`0.5`), else as `vigil wallet send --value` reads it
 * (`0.5eth`, `1000wei`, `0x3e8`). Exact: more decimals than the unit has are refused.
 * @example amountOf('1.5') // 1_500_000_000_000_000_000n
 */
export function amountOf(text: string, flag = '--amount'): bigint {
  const plain = /^\s*\d+(\.\d+)?\s*$/.test(text);
  let wei: bigint;
  try {
    wei = parseAmount(plain ? `${text.trim()}eth` : text);
  } catch (err) {
    throw new InputError(`${flag} expected ETH (1.5) or an amount with its unit (1500000000000000000wei), got ${text.slice(0, 40)}`, { cause: err });
  }
  if (wei <= 0n) throw new InputError(`${flag} expected more than 0, got ${text.slice(0, 40)}`);
  return wei;
}

export function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new InputError(`missing ${flag}`);
  return value;
}

export function quantity(value: string, flag: string): bigint {
  if (value.length > 30 || !/^(0x[0-9a-fA-F]+|\d+)$/.test(value)) throw new InputError(`${flag} expected a block number, got ${value.slice(0, 40)}`);
  return BigInt(value);
}

export function seconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new InputError(`${flag} expected seconds (up to an hour), got ${value.slice(0, 40)}`);
  return n;
}
