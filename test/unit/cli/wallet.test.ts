/**
 * `vigil wallet` create / import / accounts / send (offline refusals), in process with small
 * scrypt parameters, and a few runs of the built CLI (default parameters: about a second per
 * KDF run) for what only a process shows: exit codes, the environment, the file mode.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletCommand } from '../../../src/cli/commands/wallet.ts';
import { parseAmount } from '../../../src/cli/commands/wallet-send.ts';
import { InputError } from '../../../src/core/errors.ts';
import { cryptoReady } from '../../../src/crypto/backend.ts';
import { WalletError } from '../../../src/wallet/errors.ts';
import { validateMnemonic } from '../../../src/wallet/mnemonic.ts';
import { DEFAULT_SCRYPT, parseVaultRecord } from '../../../src/wallet/vault.ts';

const HARDHAT_MNEMONIC = 'test test test test test test test test test test test junk';
const HARDHAT_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const HARDHAT_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
/** Hardhat's account #2 key and address. */
const KEY_2 = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a';
const HARDHAT_2 = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const PASSWORD = 'correct horse battery';
/** 1 KiB of scrypt: milliseconds instead of a second. */
const SMALL_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

const dir = mkdtempSync(join(tmpdir(), 'vigil-wallet-test-'));
let n = 0;
const path = (name: string) => join(dir, `${n++}-${name}`);
const file = (content: string) => {
  const p = path('secret.txt');
  writeFileSync(p, content);
  return p;
};
const passwordFile = file(PASSWORD + '\n');

/** Runs the command in process; thrown errors (exit 2 in the CLI) are returned as `thrown`. */
async function wallet(args: string[], env: Record<string, string> = {}) {
  const lines: string[] = [];
  const warnings: string[] = [];
  try {
    const code = await walletCommand(args, (l) => lines.push(l), { scrypt: SMALL_SCRYPT, env, warn: (l) => warnings.push(l) });
    return { code, out: lines.length === 1 ? JSON.parse(lines[0]!) : undefined, lines, warnings, thrown: undefined };
  } catch (err) {
    return { code: 2, out: undefined, lines, warnings, thrown: err as Error & { code?: string } };
  }
}

beforeAll(async () => {
  await cryptoReady();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil wallet create, import, accounts (in process, small scrypt)', () => {
  it('creates a vault (0600, never overwritten) whose phrase restores the same account', async () => {
    const vault = path('vault.json');
    const r = await wallet(['create', '--vault', vault, '--password-file', passwordFile]);
    expect(r.thrown).toBeUndefined();
    expect(r.code).toBe(0);
    expect(Object.keys(r.out)).toEqual(['mnemonic', 'accounts']);
    expect(validateMnemonic(r.out.mnemonic).split(' ')).toHaveLength(12);
    expect(r.out.accounts).toHaveLength(1);
    expect(r.warnings.join('\n')).toMatch(/only this once/);
    expect(statSync(vault).mode & 0o777).toBe(0o600);
    const record = parseVaultRecord(JSON.parse(readFileSync(vault, 'utf8')));
    expect(record.kdf).toMatchObject(SMALL_SCRYPT);
    expect(record.addresses).toEqual(r.out.accounts);
    expect(readFileSync(vault, 'utf8')).not.toContain(r.out.mnemonic.split(' ')[0] + ' ');

    // Listing needs no password (the clear addresses); with one, it is authenticated.
    expect((await wallet(['accounts', '--vault', vault])).out).toEqual({ accounts: r.out.accounts, authenticated: false });
    expect((await wallet(['accounts', '--vault', vault], { VIGIL_PASSWORD: PASSWORD })).out).toEqual({ accounts: r.out.accounts, authenticated: true });

    // The phrase imported into another vault gives the same account.
    const restored = await wallet(['import', '--vault', path('vault.json'), '--mnemonic-file', file(r.out.mnemonic + '\n')], { VIGIL_PASSWORD: PASSWORD });
    expect(restored.out).toEqual({ accounts: r.out.accounts });

    // Never overwritten, before any KDF work and with the file untouched.
    const before = readFileSync(vault, 'utf8');
    const again = await wallet(['create', '--vault', vault, '--password-file', passwordFile]);
    expect(again.thrown).toBeInstanceOf(InputError);
    expect(again.thrown!.message).toMatch(/exists already/);
    expect(again.lines).toEqual([]);
    expect(readFileSync(vault, 'utf8')).toBe(before);
  });

  it('creates 24 words on --words 24, and refuses other counts', async () => {
    const r = await wallet(['create', '--vault', path('vault.json'), '--words', '24'], { VIGIL_PASSWORD: PASSWORD });
    expect(r.out.mnemonic.split(' ')).toHaveLength(24);
    const bad = await wallet(['create', '--vault', path('vault.json'), '--words', '18'], { VIGIL_PASSWORD: PASSWORD });
    expect(bad.thrown).toBeInstanceOf(InputError);
  });

  it('imports the Hardhat mnemonic as 0xf39F…2266, adds the next HD account and an imported key', async () => {
    const vault = path('vault.json');
    const r = await wallet(['import', '--vault', vault, '--mnemonic-file', file(`  ${HARDHAT_MNEMONIC}\n`), '--password-file', passwordFile]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual({ accounts: [HARDHAT_0] });

    const added = await wallet(['accounts', '--vault', vault, '--add', '--password-file', passwordFile]);
    expect(added.out).toEqual({ accounts: [HARDHAT_0, HARDHAT_1], added: HARDHAT_1 });
    expect(statSync(vault).mode & 0o777).toBe(0o600);

    const key = await wallet(['import', '--vault', vault, '--private-key-file', file(KEY_2 + '\n'), '--password-file', passwordFile]);
    expect(key.out).toEqual({ accounts: [HARDHAT_0, HARDHAT_1, HARDHAT_2], added: HARDHAT_2 });
    expect((await wallet(['accounts', '--vault', vault, '--password-file', passwordFile])).out).toEqual({
      accounts: [HARDHAT_0, HARDHAT_1, HARDHAT_2],
      authenticated: true,
    });

    // The same key again, and the same phrase again: refused, unchanged.
    const before = readFileSync(vault, 'utf8');
    const dup = await wallet(['import', '--vault', vault, '--private-key-file', file(KEY_2), '--password-file', passwordFile]);
    expect((dup.thrown as WalletError).code).toBe('DUPLICATE_ACCOUNT');
    const second = await wallet(['import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC), '--password-file', passwordFile]);
    expect((second.thrown as WalletError).code).toBe('DUPLICATE_PHRASE');
    expect(readFileSync(vault, 'utf8')).toBe(before);
  });

  it('creates a vault from a private key alone (no HD account to add)', async () => {
    const vault = path('vault.json');
    const r = await wallet(['import', '--vault', vault, '--private-key-file', file(KEY_2)], { VIGIL_PASSWORD: PASSWORD });
    expect(r.out).toEqual({ accounts: [HARDHAT_2], added: HARDHAT_2 });
    const add = await wallet(['accounts', '--vault', vault, '--add'], { VIGIL_PASSWORD: PASSWORD });
    expect(add.thrown).toBeInstanceOf(InputError);
  });

  it('answers a wrong password with exit 1 and WRONG_PASSWORD, changing nothing', async () => {
    const vault = path('vault.json');
    await wallet(['import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC)], { VIGIL_PASSWORD: PASSWORD });
    const before = readFileSync(vault, 'utf8');
    for (const args of [['accounts', '--vault', vault, '--add'], ['accounts', '--vault', vault], ['import', '--vault', vault, '--private-key-file', file(KEY_2)]]) {
      const r = await wallet(args, { VIGIL_PASSWORD: 'not the password' });
      expect(r.code).toBe(1);
      expect(r.out.error.code).toBe('WRONG_PASSWORD');
    }
    // The file outranks the environment.
    const r = await wallet(['accounts', '--vault', vault, '--add', '--password-file', passwordFile], { VIGIL_PASSWORD: 'not the password' });
    expect(r.out.added).toBe(HARDHAT_1);
    expect(readFileSync(vault, 'utf8')).not.toBe(before);
  });

  it('counts wrong passwords of every command in <vault>.attempts: after the third, each waits; the right one clears it', async () => {
    const vault = path('vault.json');
    await wallet(['import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC)], { VIGIL_PASSWORD: PASSWORD });
    const wrong = { VIGIL_PASSWORD: 'not the password', VIGIL_NEW_PASSWORD: 'another good one' };
    for (const args of [['accounts', '--vault', vault], ['accounts', '--vault', vault, '--add'], ['import', '--vault', vault, '--private-key-file', file(KEY_2)], ['passwd', '--vault', vault]]) {
      const r = await wallet(args, wrong);
      expect(r.out.error.code).toBe('WRONG_PASSWORD');
    }
    expect(JSON.parse(readFileSync(`${vault}.attempts`, 'utf8'))).toMatchObject({ failures: 4 });
    expect(statSync(`${vault}.attempts`).mode & 0o777).toBe(0o600);
    // The right password waits too: the count outlives each command.
    const waiting = await wallet(['accounts', '--vault', vault], { VIGIL_PASSWORD: PASSWORD });
    expect(waiting.code).toBe(1);
    expect(waiting.out.error.code).toBe('PASSWORD_BACKOFF');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await wallet(['accounts', '--vault', vault], { VIGIL_PASSWORD: PASSWORD })).out.authenticated).toBe(true);
    expect(JSON.parse(readFileSync(`${vault}.attempts`, 'utf8'))).toEqual({ failures: 0, lastFailureAt: 0 });
  });

  it('passwd re-seals the vault under a new password with a fresh salt; the old one no longer opens it', async () => {
    const vault = path('vault.json');
    await wallet(['import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC)], { VIGIL_PASSWORD: PASSWORD });
    const before = parseVaultRecord(JSON.parse(readFileSync(vault, 'utf8')));
    expect((await wallet(['passwd', '--vault', vault], { VIGIL_PASSWORD: PASSWORD })).thrown!.message).toMatch(/VIGIL_NEW_PASSWORD/);
    expect(((await wallet(['passwd', '--vault', vault, '--new-password-file', file('short\n')], { VIGIL_PASSWORD: PASSWORD })).thrown as WalletError).code).toBe('WEAK_PASSWORD');
    expect((await wallet(['passwd', '--vault', vault, '--new-password=x'], { VIGIL_PASSWORD: PASSWORD })).thrown!.message).toMatch(/never a flag/);
    const r = await wallet(['passwd', '--vault', vault, '--new-password-file', file('another good one\n'), '--password-file', passwordFile]);
    expect(r.out).toEqual({ accounts: [HARDHAT_0], changed: true });
    const after = parseVaultRecord(JSON.parse(readFileSync(vault, 'utf8')));
    expect(after.kdf.salt).not.toBe(before.kdf.salt);
    expect(after.nonce).not.toBe(before.nonce);
    expect(statSync(vault).mode & 0o777).toBe(0o600);
    expect((await wallet(['accounts', '--vault', vault], { VIGIL_PASSWORD: PASSWORD })).out.error.code).toBe('WRONG_PASSWORD');
    expect((await wallet(['accounts', '--vault', vault], { VIGIL_PASSWORD: 'another good one' })).out).toEqual({ accounts: [HARDHAT_0], authenticated: true });
  });

  it('takes the password from a file or the environment only', async () => {
    const vault = path('vault.json');
    const none = await wallet(['create', '--vault', vault]);
    expect(none.thrown).toBeInstanceOf(InputError);
    expect(none.thrown!.message).toMatch(/--password-file <file> or the environment variable VIGIL_PASSWORD/);
    for (const flag of [['--password', PASSWORD], [`--password=${PASSWORD}`]]) {
      const r = await wallet(['create', '--vault', vault, ...flag]);
      expect(r.thrown!.message).toMatch(/never a flag value/);
      expect(r.thrown!.message).not.toContain(PASSWORD);
    }
    const weak = await wallet(['create', '--vault', vault], { VIGIL_PASSWORD: 'short' });
    expect((weak.thrown as WalletError).code).toBe('WEAK_PASSWORD');
    expect(existsSync(vault)).toBe(false);
    // Only the first line of the file: a trailing newline (or CRLF) is not part of it.
    const crlf = await wallet(['create', '--vault', vault, '--password-file', file(`${PASSWORD}\r\n`)]);
    expect(crlf.code).toBe(0);
    expect((await wallet(['accounts', '--vault', vault, '--add'], { VIGIL_PASSWORD: PASSWORD })).code).toBe(0);
  });

  it('refuses what is not a mnemonic, a key or a vault (exit 2, no secret in the message)', async () => {
    const typo = await wallet(['import', '--vault', path('v.json'), '--mnemonic-file', file('test test test test test test test test test test test junks')], { VIGIL_PASSWORD: PASSWORD });
    expect((typo.thrown as WalletError).code).toBe('INVALID_MNEMONIC');
    expect(typo.thrown!.message).not.toContain('junks');
    const key = await wallet(['import', '--vault', path('v.json'), '--private-key-file', file('0x1234')], { VIGIL_PASSWORD: PASSWORD });
    expect((key.thrown as WalletError).code).toBe('INVALID_PRIVATE_KEY');
    const notVault = await wallet(['accounts', '--vault', file('{"version":2}')]);
    expect((notVault.thrown as WalletError).code).toBe('VAULT_INVALID');
    const missing = await wallet(['accounts', '--vault', join(dir, 'nope.json')]);
    expect(missing.thrown).toBeInstanceOf(InputError);
    expect((await wallet(['export'])).thrown).toBeInstanceOf(InputError);
  });
});

describe('vigil wallet send, offline (no broadcast on a refusal)', () => {
  const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/mainnet-call/${name}`, import.meta.url));
  let vault: string;
  beforeAll(async () => {
    vault = path('vault.json');
    await wallet(['import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC)], { VIGIL_PASSWORD: PASSWORD });
  });
  /** The tip advice only: no proof of the sender, and no eth_sendRawTransaction to answer. */
  const replay = () => file(JSON.stringify([{ request: { method: 'eth_maxPriorityFeePerGas', params: [] }, response: { jsonrpc: '2.0', id: 1, result: '0x3b9aca00' } }]));
  const send = (o: { from?: string; to?: string; value?: string; wait?: boolean } = {}) => [
    'send', '--vault', vault, '--network', 'mainnet', '--header', fixture('header.json'), '--rpc-replay', replay(),
    '--from', o.from ?? HARDHAT_0, '--to', o.to ?? '0x1111111111111111111111111111111111111111', '--value', o.value ?? '0.5eth',
    ...(o.wait ? [] : ['--no-wait']),
  ];

  it('refuses a 2023 head and an unproven sender: exit 1, every refusal, nothing decrypted or sent', async () => {
    // A wrong password shows that the vault was not opened: it would answer WRONG_PASSWORD.
    const r = await wallet(send(), { VIGIL_PASSWORD: 'not the password' });
    expect(r.thrown).toBeUndefined();
    expect(r.code).toBe(1);
    const { error } = r.out;
    expect(error.code).toBe('STALE_HEAD');
    expect(error.refusals.map((x: { code: string }) => x.code)).toEqual(['STALE_HEAD', 'NONCE_NOT_VERIFIED']);
    expect(error.message).toMatch(/17463226/);
    expect(error.cause).toMatch(/NOT_RECORDED/);
    expect(error.facts).toMatchObject({ network: 'mainnet', chainId: '0x1' });
    // The value and at least the 21000 gas of a transfer at the fee cap.
    expect(BigInt(error.facts.maxCost)).toBeGreaterThan(0x6f05b59d3b20000n);
  });

  it('checks its flags before any sync', async () => {
    const env = { VIGIL_PASSWORD: PASSWORD };
    expect((await wallet(send({ wait: true }), env)).thrown!.message).toMatch(/--no-wait/);
    expect(((await wallet(send({ from: HARDHAT_1 }), env)).thrown as WalletError).code).toBe('UNKNOWN_ACCOUNT');
    // One letter's case changed: a typo the EIP-55 checksum catches.
    const typo = await wallet(send({ to: '0xf39fd6e51aad88F6F4ce6aB8827279cffFb92266' }), env);
    expect(typo.thrown!.message).toMatch(/checksum/);
    expect((await wallet(send({ value: '1.5' }), env)).thrown!.message).toMatch(/--value/);
    expect((await wallet(send())).thrown!.message).toMatch(/missing the password/);
  });
});

describe('parseAmount', () => {
  it('reads wei, hex wei and exact decimals with a unit', () => {
    expect(parseAmount('1000')).toBe(1000n);
    expect(parseAmount('0x3e8')).toBe(1000n);
    expect(parseAmount('0.5eth')).toBe(5n * 10n ** 17n);
    expect(parseAmount('0.5 ETH')).toBe(5n * 10n ** 17n);
    expect(parseAmount('2ether')).toBe(2n * 10n ** 18n);
    expect(parseAmount('1.000000000000000001eth')).toBe(10n ** 18n + 1n);
    expect(parseAmount('30gwei')).toBe(30n * 10n ** 9n);
    expect(parseAmount('7wei')).toBe(7n);
  });
  it('never rounds or guesses', () => {
    for (const bad of ['1.5', '0.0000000000000000001eth', '1.5wei', '0x10eth', '1e18', '-1', '', '1 btc', '.5eth', 'eth']) {
      expect(() => parseAmount(bad), bad).toThrow(InputError);
    }
  });
});

describe('vigil wallet, the built CLI (default scrypt)', () => {
  const bin = fileURLToPath(new URL('../../../bin/vigil.mjs', import.meta.url));
  const vigil = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const { VIGIL_PASSWORD: _, ...rest } = process.env;
      const p = spawn(process.execPath, [bin, ...args], { env: { ...rest, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (c) => (stdout += c));
      p.stderr.on('data', (c) => (stderr += c));
      p.once('exit', (code) => resolve({ code, stdout, stderr }));
    });

  it('imports with VIGIL_PASSWORD, refuses to overwrite (exit 2), answers a wrong password with exit 1', async () => {
    const vault = path('vault.json');
    const r = await vigil(['wallet', 'import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC)], { VIGIL_PASSWORD: PASSWORD });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ accounts: [HARDHAT_0] });
    expect(statSync(vault).mode & 0o777).toBe(0o600);
    expect(parseVaultRecord(JSON.parse(readFileSync(vault, 'utf8'))).kdf).toMatchObject(DEFAULT_SCRYPT);

    const over = await vigil(['wallet', 'create', '--vault', vault], { VIGIL_PASSWORD: PASSWORD });
    expect(over.code).toBe(2);
    expect(over.stderr).toMatch(/INVALID_INPUT: .*exists already/);

    const wrong = await vigil(['wallet', 'accounts', '--vault', vault, '--add', '--password-file', file('wrong password\n')]);
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout).error.code).toBe('WRONG_PASSWORD');

    const list = await vigil(['wallet', 'accounts', '--vault', vault]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual({ accounts: [HARDHAT_0], authenticated: false });
  });

  it('imports a second recovery phrase into an existing vault, and refuses the same phrase again (exit 2, DUPLICATE_PHRASE) leaving the vault as it was', async () => {
    const vault = path('two-phrases.json');
    expect((await vigil(['wallet', 'import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC)], { VIGIL_PASSWORD: PASSWORD })).code).toBe(0);
    // BIP-39's all-"abandon" test phrase: its first account is 0x9858…da94 (m/44'/60'/0'/0/0).
    const second = await vigil(['wallet', 'import', '--vault', vault, '--mnemonic-file', file(`${'abandon '.repeat(11)}about\n`)], { VIGIL_PASSWORD: PASSWORD });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const SECOND_0 = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
    expect(JSON.parse(second.stdout)).toEqual({ accounts: [HARDHAT_0, SECOND_0], added: SECOND_0 });
    const before = readFileSync(vault, 'utf8');
    const again = await vigil(['wallet', 'import', '--vault', vault, '--mnemonic-file', file(HARDHAT_MNEMONIC)], { VIGIL_PASSWORD: PASSWORD });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/DUPLICATE_PHRASE/);
    expect(readFileSync(vault, 'utf8')).toBe(before);
    const list = await vigil(['wallet', 'accounts', '--vault', vault], { VIGIL_PASSWORD: PASSWORD });
    expect(JSON.parse(list.stdout)).toEqual({ accounts: [HARDHAT_0, SECOND_0], authenticated: true });
  });

  it('prints its usage, which says the phrase is shown once and the password is no flag', async () => {
    const r = await vigil(['wallet', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/only time the phrase is shown/);
    expect(r.stdout).toMatch(/never from a flag/);
    expect((await vigil(['wallet'])).code).toBe(2);
  });
});
