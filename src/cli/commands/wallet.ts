/**
 * `vigil wallet`: the extension's wallet core in Node, scriptable and testable without a browser.
 * A vault file (src/wallet/vault.ts: scrypt + AES-256-GCM over the encoded keyring) opened and
 * changed through the extension's keyring session (src/client/wallet/keyring-session.ts), accounts
 * (BIP-39/BIP-32, imported keys), and `send` (./wallet-send.ts): a transaction prepared on
 * verified state only, decided by the signing policy, signed, sent, and followed to a receipt
 * proven against a head the light client verified.
 *
 * The password comes from a file or the environment, never from a flag: a flag's value lands in
 * the shell's history and in `ps` for every user of the machine to read.
 * @module
 */
import { parseArgs } from 'node:util';
import { InputError, VerificationError } from '../../core/errors.ts';
import { WalletError, type WalletErrorCode } from '../../wallet/errors.ts';
import { validateMnemonic } from '../../wallet/mnemonic.ts';
import { DEFAULT_SCRYPT, type ScryptParams } from '../../wallet/vault.ts';
import { EXIT_OK, EXIT_UNVERIFIED } from '../io.ts';
import { headHelp, headUsage } from '../verified-head.ts';
import { cliKeyring, errorJson, optionalPassword, passwordOption, readSecretFile, readVault, readVaultIfAny, refuseExisting, required, requireNewPassword, requirePassword, type WalletContext } from './wallet-io.ts';
import { sendCommand } from './wallet-send.ts';

// `vigil exit` signs with the same vault and chain.

export const usage = `vigil wallet create --vault <file> [--words 12|24]                       (password: see below)
vigil wallet import --vault <file> (--mnemonic-file <file> | --private-key-file <file>)
vigil wallet accounts --vault <file> [--add]
vigil wallet passwd --vault <file> (--new-password-file <file> | VIGIL_NEW_PASSWORD)
vigil wallet send --vault <file> --from <address> --to <address> --value <amount>
             [--data <hex>] [--gas <n>] [--no-wait] [--wait-timeout <seconds>]
             ${headUsage.replace(/\n/g, '\n         ')}
  A wallet in a vault file: the keyring encrypted under a password (scrypt, AES-256-GCM), the
  same vault and core as the extension. The password is read from --password-file <file> (its
  first line) or the environment variable VIGIL_PASSWORD, never from a flag: a flag's value is
  kept in the shell's history and shown by ps. A wrong password exits 1 with WRONG_PASSWORD, and
  counts: wrong passwords in a row are kept in <vault>.attempts beside the vault, and after the
  third every command that asks for the password waits longer (1 s, doubling, at most 5 min)
  before it tries one, or exits 1 with PASSWORD_BACKOFF; the right password clears the count.
  create: a new recovery phrase (entropy from node:crypto, 12 words unless --words 24) and its
  first account; writes the vault (mode 0600; an existing file is never overwritten) and prints
  {"mnemonic","accounts"}. This is the only time the phrase is shown: write it down.
  import: a new vault from a recovery phrase or a private key (64 hex digits), or that phrase or
  key added to an existing vault (a vault holds several phrases; the same phrase or key again
  exits 2 with DUPLICATE_PHRASE or DUPLICATE_ACCOUNT). Prints {"accounts"[,"added"]}.
  accounts: prints {"accounts","authenticated"}: the addresses the vault keeps in clear (no
  password needed); with a password at hand the vault is opened and they are authenticated
  (tampered addresses make it fail). --add derives the next HD account (the password needed)
  and prints {"accounts","added"}.
  passwd: re-seals the vault under a new password (read like the password, from
  --new-password-file or VIGIL_NEW_PASSWORD; at least 8 characters) with a fresh salt and nonce;
  the new vault is opened with it before it replaces the old file. Prints {"accounts","changed":true}.
  send: syncs the light client as \`vigil balance\` does, proves the sender's nonce and balance at
  the verified head (one signed by at least two thirds of its sync committee: a thinly signed
  head is refused with HEAD_THINLY_SIGNED, naming the head it needs), estimates the gas on the local EVM over proven state (unless --gas), sets
  maxFeePerGas to twice the verified next base fee plus the tip (the endpoints' advice, labelled
  so), then runs the signing policy. A refusal prints {"error":{"code","message","refusals",
  "facts"[,"cause"]}} and exits 1 (STALE_HEAD, NONCE_NOT_VERIFIED, INSUFFICIENT_VERIFIED_BALANCE,
  FEE_BELOW_BASE_FEE, …; WOULD_REVERT when the estimate reverts), as does whatever does not
  verify (no fresh head: STALE_HEAD; a lying answer: its code): nothing is decrypted or sent.
  Otherwise it decrypts, signs (EIP-1559), sends with eth_sendRawTransaction and, unless
  --no-wait, follows the light client until a verified head holds the transaction (at most
  --wait-timeout, default 25 slots and at least 60 s). Prints {"hash","from","to","value","nonce",
  "gasLimit","maxFeePerGas","maxPriorityFeePerGas","maxCost","provenAt":{"blockNumber",
  "blockHash","balance","nonce","headAgeSeconds"},"receipt":{"blockNumber","blockHash","status",
  "gasUsed"}} (quantities as minimal hex, block numbers as numbers). When no verified receipt
  comes in time it prints the same with "receipt":null and an "error" (RECEIPT_TIMEOUT, or
  what stopped the light client), and exits 1: the transaction may still be included (see
  \`vigil receipt <hash>\`). --value takes wei (decimal or 0x hex) or a decimal with a unit:
  0.5eth, 30gwei. Pending transactions are not remembered between runs: send the next one from
  an account after the receipt of the previous.
${headHelp}
  --header has no light client to follow a receipt with: it needs --no-wait.`;

/** What tests (and only tests) change. */
export interface WalletCommandOptions {
  /** scrypt cost of new vaults; DEFAULT_SCRYPT (about a second) unless given. */
  scrypt?: ScryptParams;
  /** Where VIGIL_PASSWORD is read; process.env unless given. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where notes for the user go (one line each); stderr unless given. */
  warn?: (line: string) => void;
}

/** Wallet errors that are a refusal or a failed check (exit 1, JSON on stdout); the others are unusable input (exit 2). */
const REFUSAL_CODES: ReadonlySet<WalletErrorCode> = new Set<WalletErrorCode>([
  'WRONG_PASSWORD',
  'PASSWORD_BACKOFF',
  'STALE_HEAD',
  'HEAD_THINLY_SIGNED',
  'CHAIN_MISMATCH',
  'NONCE_NOT_VERIFIED',
  'INSUFFICIENT_VERIFIED_BALANCE',
  'NOT_PERMITTED',
  'FEE_BELOW_BASE_FEE',
  'WOULD_REVERT',
]);

const SUBCOMMANDS = ['create', 'import', 'accounts', 'passwd', 'send'] as const;

export async function walletCommand(argv: string[], out: (line: string) => void, options: WalletCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = argv;
  const password = rest.find((a) => a === '--password' || a.startsWith('--password=') || a === '--new-password' || a.startsWith('--new-password='));
  if (password !== undefined) {
    throw new InputError('the password is never a flag value (the shell history and ps would show it): use --password-file <file> or VIGIL_PASSWORD');
  }
  const ctx: WalletContext = {
    out,
    env: options.env ?? process.env,
    scrypt: options.scrypt ?? DEFAULT_SCRYPT,
    warn: options.warn ?? ((line) => process.stderr.write(line + '\n')),
  };
  try {
    switch (sub) {
      case 'create':
        return await createCommand(rest, ctx);
      case 'import':
        return await importCommand(rest, ctx);
      case 'accounts':
        return await accountsCommand(rest, ctx);
      case 'passwd':
        return await passwdCommand(rest, ctx);
      case 'send':
        return await sendCommand(rest, ctx);
      default:
        throw new InputError(sub === undefined ? `missing the wallet command (${SUBCOMMANDS.join(', ')})` : `unknown wallet command "${sub.slice(0, 40)}" (${SUBCOMMANDS.join(', ')})`);
    }
  } catch (err) {
    // What did not verify (a lying proof, no fresh head) or was refused: one JSON line, exit 1.
    if ((err instanceof WalletError && REFUSAL_CODES.has(err.code)) || err instanceof VerificationError) {
      out(JSON.stringify({ error: errorJson(err) }));
      return EXIT_UNVERIFIED;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// create, import, accounts

async function createCommand(argv: string[], ctx: WalletContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { vault: { type: 'string' }, words: { type: 'string' }, ...passwordOption }, strict: true });
  const path = required(values.vault, '--vault');
  const words = values.words ?? '12';
  if (words !== '12' && words !== '24') throw new InputError(`--words expected 12 or 24, got ${words.slice(0, 20)}`);
  refuseExisting(path);
  const password = requirePassword(values, ctx);
  const keyring = cliKeyring(path, ctx.scrypt);
  const mnemonic = await keyring.newMnemonic(words === '12' ? 12 : 24);
  await keyring.create({ password, mnemonic });
  const accounts = await keyring.shownAddresses();
  await keyring.lock();
  ctx.warn('the recovery phrase is shown only this once: write it down, and keep it offline');
  ctx.out(JSON.stringify({ mnemonic, accounts }));
  return EXIT_OK;
}

async function importCommand(argv: string[], ctx: WalletContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { vault: { type: 'string' }, 'mnemonic-file': { type: 'string' }, 'private-key-file': { type: 'string' }, ...passwordOption },
    strict: true,
  });
  const path = required(values.vault, '--vault');
  const mnemonicFile = values['mnemonic-file'];
  const keyFile = values['private-key-file'];
  if ((mnemonicFile === undefined) === (keyFile === undefined)) throw new InputError('give one of --mnemonic-file or --private-key-file');
  const keyring = cliKeyring(path, ctx.scrypt);
  try {
    if (mnemonicFile !== undefined) {
      const mnemonic = validateMnemonic(readSecretFile(mnemonicFile, 'recovery phrase'));
      const password = requirePassword(values, ctx);
      if (readVaultIfAny(path) === undefined) {
        await keyring.create({ password, mnemonic });
        ctx.out(JSON.stringify({ accounts: await keyring.shownAddresses() }));
        return EXIT_OK;
      }
      // A keyring holds several phrases (as the extension's does): the phrase's first account joins
      // the vault; the same phrase, or one whose first account is already there, is refused.
      const added = await keyring.importPhrase(mnemonic, password);
      ctx.out(JSON.stringify({ accounts: await keyring.shownAddresses(), added: added.address }));
      return EXIT_OK;
    }
    const privateKey = readSecretFile(keyFile!, 'private key');
    const existing = readVaultIfAny(path);
    const password = requirePassword(values, ctx);
    if (existing === undefined) {
      await keyring.create({ password, privateKey });
      const accounts = await keyring.shownAddresses();
      ctx.out(JSON.stringify({ accounts, added: accounts[0] }));
      return EXIT_OK;
    }
    const added = await keyring.importKey(privateKey, password);
    ctx.out(JSON.stringify({ accounts: await keyring.shownAddresses(), added: added.address }));
    return EXIT_OK;
  } finally {
    await keyring.lock();
  }
}

async function accountsCommand(argv: string[], ctx: WalletContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { vault: { type: 'string' }, add: { type: 'boolean' }, ...passwordOption }, strict: true });
  const path = required(values.vault, '--vault');
  const record = readVault(path);
  const keyring = cliKeyring(path, ctx.scrypt);
  if (values.add) {
    const added = await keyring.addAccount(requirePassword(values, ctx));
    ctx.out(JSON.stringify({ accounts: await keyring.shownAddresses(), added: added.address }));
    return EXIT_OK;
  }
  const password = optionalPassword(values, ctx);
  if (password === undefined && record.addresses !== undefined) {
    ctx.out(JSON.stringify({ accounts: record.addresses, authenticated: false }));
    return EXIT_OK;
  }
  if (password === undefined) throw new InputError('this vault keeps no addresses in clear: give the password to list them');
  await keyring.unlock(password);
  const accounts = keyring.addresses();
  await keyring.lock();
  ctx.out(JSON.stringify({ accounts, authenticated: true }));
  return EXIT_OK;
}

async function passwdCommand(argv: string[], ctx: WalletContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { vault: { type: 'string' }, 'new-password-file': { type: 'string' }, ...passwordOption }, strict: true });
  const path = required(values.vault, '--vault');
  readVault(path);
  const password = requirePassword(values, ctx);
  const newPassword = requireNewPassword(values, ctx);
  const keyring = cliKeyring(path, ctx.scrypt);
  await keyring.changePassword(password, newPassword);
  ctx.out(JSON.stringify({ accounts: await keyring.shownAddresses(), changed: true }));
  return EXIT_OK;
}
