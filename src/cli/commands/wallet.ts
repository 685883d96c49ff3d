/**
 * `vigil wallet`: the extension's wallet core in Node, scriptable and testable without a browser.
 * A vault file (src/wallet/vault.ts: scrypt + AES-256-GCM over the encoded keyring), accounts
 * (BIP-39/BIP-32, imported keys), and `send`: a transaction prepared on verified state only
 * (src/client/wallet-transactions.ts, the extension's own path: proven nonce and balance, Vigil's
 * estimate, fees from the verified next base fee), decided by the signing policy, signed, sent,
 * and followed to a receipt proven against a head the light client verified.
 *
 * The password comes from a file or the environment, never from a flag: a flag's value lands in
 * the shell's history and in `ps` for every user of the machine to read.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { blockEnvAt, chainIdOf } from '../../client/execution-env.ts';
import { ExecutionService } from '../../client/execution-service.ts';
import { getVerifiedAccount } from '../../client/verified-reads.ts';
import type { VerifiedAnchors } from '../../client/verified-headers.ts';
import { prepareTransaction, type PreparedTransaction, type WalletChain, type WalletHead } from '../../client/wallet-transactions.ts';
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { ExecutionEngine } from '../../execution/engine.ts';
import { nextBaseFee } from '../../execution/fees.ts';
import { WalletError, type WalletErrorCode } from '../../wallet/errors.ts';
import { accountPrivateKey, addHdAccount, createKeyring, decodeKeyring, encodeKeyring, importAccount, type Keyring, listAccounts } from '../../wallet/keyring.ts';
import { generateMnemonic, validateMnemonic } from '../../wallet/mnemonic.ts';
import type { PolicyVerdict, Refusal, VerifiedFacts } from '../../wallet/policy.ts';
import { signTransaction, type SignedTransaction, type UnsignedTransaction } from '../../wallet/transaction.ts';
import { parseAddress, parseTransactionRequest } from '../../wallet/transaction-request.ts';
import {
  decryptVault,
  DEFAULT_SCRYPT,
  deriveVaultKey,
  encryptVault,
  NONCE_LENGTH,
  openVault,
  parseVaultRecord,
  SALT_LENGTH,
  type ScryptParams,
  sealVault,
  type VaultRecord,
} from '../../wallet/vault.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { headHelp, headOptions, headUsage, type HeadSession, type HeadValues, openHeadSession } from '../verified-head.ts';

export const usage = `vigil wallet create --vault <file> [--words 12|24]                       (password: see below)
vigil wallet import --vault <file> (--mnemonic-file <file> | --private-key-file <file>)
vigil wallet accounts --vault <file> [--add]
vigil wallet send --vault <file> --from <address> --to <address> --value <amount>
             [--data <hex>] [--gas <n>] [--no-wait] [--wait-timeout <seconds>]
             ${headUsage.replace(/\n/g, '\n         ')}
  A wallet in a vault file: the keyring encrypted under a password (scrypt, AES-256-GCM), the
  same vault and core as the extension. The password is read from --password-file <file> (its
  first line) or the environment variable VIGIL_PASSWORD, never from a flag: a flag's value is
  kept in the shell's history and shown by ps. A wrong password exits 1 with WRONG_PASSWORD.
  create: a new recovery phrase (entropy from node:crypto, 12 words unless --words 24) and its
  first account; writes the vault (mode 0600; an existing file is never overwritten) and prints
  {"mnemonic","accounts"}. This is the only time the phrase is shown: write it down.
  import: a new vault from a recovery phrase, or a new vault from a private key (64 hex digits)
  or that key added to an existing vault. Prints {"accounts"[,"added"]}.
  accounts: prints {"accounts","authenticated"}: the addresses the vault keeps in clear (no
  password needed); with a password at hand the vault is opened and they are authenticated
  (tampered addresses make it fail). --add derives the next HD account (the password needed)
  and prints {"accounts","added"}.
  send: syncs the light client as \`vigil balance\` does, proves the sender's nonce and balance at
  the verified head, estimates the gas on the local EVM over proven state (unless --gas), sets
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
  'CHAIN_MISMATCH',
  'NONCE_NOT_VERIFIED',
  'INSUFFICIENT_VERIFIED_BALANCE',
  'NOT_PERMITTED',
  'FEE_BELOW_BASE_FEE',
  'WOULD_REVERT',
]);

/** Bounds on the files read here (a vault of 1000 accounts is under 200 KB). */
const MAX_VAULT_BYTES = 4 * 1024 * 1024;
const MAX_SECRET_FILE_BYTES = 4096;

/** A head this old (or more) is stale for signing: ten slots, never under a minute (as the extension). */
const MIN_SIGNING_HEAD_AGE_SECONDS = 60;
const SIGNING_HEAD_AGE_SLOTS = 10;

const SUBCOMMANDS = ['create', 'import', 'accounts', 'send'] as const;

export async function walletCommand(argv: string[], out: (line: string) => void, options: WalletCommandOptions = {}): Promise<number> {
  const [sub, ...rest] = argv;
  const password = rest.find((a) => a === '--password' || a.startsWith('--password='));
  if (password !== undefined) {
    throw new InputError('the password is never a flag value (the shell history and ps would show it): use --password-file <file> or VIGIL_PASSWORD');
  }
  const ctx: Context = {
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

interface Context {
  out: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  scrypt: ScryptParams;
  warn: (line: string) => void;
}

const passwordOption = { 'password-file': { type: 'string' } } as const;

// ---------------------------------------------------------------------------------------------
// create, import, accounts

async function createCommand(argv: string[], ctx: Context): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { vault: { type: 'string' }, words: { type: 'string' }, ...passwordOption }, strict: true });
  const path = required(values.vault, '--vault');
  const words = values.words ?? '12';
  if (words !== '12' && words !== '24') throw new InputError(`--words expected 12 or 24, got ${words.slice(0, 20)}`);
  refuseExisting(path);
  const password = requirePassword(values, ctx);
  const entropy = new Uint8Array(randomBytes(words === '12' ? 16 : 32));
  const mnemonic = generateMnemonic(entropy);
  entropy.fill(0);
  const keyring = createKeyring({ mnemonic });
  const record = await encryptNew(keyring, password, ctx);
  writeNewFile(path, record);
  ctx.warn('the recovery phrase is shown only this once: write it down, and keep it offline');
  ctx.out(JSON.stringify({ mnemonic, accounts: record.addresses ?? [] }));
  return EXIT_OK;
}

async function importCommand(argv: string[], ctx: Context): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { vault: { type: 'string' }, 'mnemonic-file': { type: 'string' }, 'private-key-file': { type: 'string' }, ...passwordOption },
    strict: true,
  });
  const path = required(values.vault, '--vault');
  const mnemonicFile = values['mnemonic-file'];
  const keyFile = values['private-key-file'];
  if ((mnemonicFile === undefined) === (keyFile === undefined)) throw new InputError('give one of --mnemonic-file or --private-key-file');
  if (mnemonicFile !== undefined) {
    // A keyring holds one recovery phrase: a second one is a second vault.
    refuseExisting(path, 'a vault holds one recovery phrase: import it into a new --vault file');
    const mnemonic = validateMnemonic(readSecretFile(mnemonicFile, 'recovery phrase'));
    const password = requirePassword(values, ctx);
    const record = await encryptNew(createKeyring({ mnemonic }), password, ctx);
    writeNewFile(path, record);
    ctx.out(JSON.stringify({ accounts: record.addresses ?? [] }));
    return EXIT_OK;
  }
  const privateKey = readSecretFile(keyFile!, 'private key');
  const existing = readVaultIfAny(path);
  const password = requirePassword(values, ctx);
  if (existing === undefined) {
    const { keyring, account } = importAccount(createKeyring(), privateKey);
    let record: VaultRecord;
    try {
      record = await encryptNew(keyring, password, ctx);
    } finally {
      wipeKeyring(keyring);
    }
    writeNewFile(path, record);
    ctx.out(JSON.stringify({ accounts: record.addresses ?? [], added: account.address }));
    return EXIT_OK;
  }
  const { record, added } = await changeVault(existing, password, (keyring) => importAccount(keyring, privateKey));
  replaceFile(path, record);
  ctx.out(JSON.stringify({ accounts: record.addresses ?? [], added }));
  return EXIT_OK;
}

async function accountsCommand(argv: string[], ctx: Context): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { vault: { type: 'string' }, add: { type: 'boolean' }, ...passwordOption }, strict: true });
  const path = required(values.vault, '--vault');
  const record = readVault(path);
  if (values.add) {
    const { record: next, added } = await changeVault(record, requirePassword(values, ctx), addHdAccount);
    replaceFile(path, next);
    ctx.out(JSON.stringify({ accounts: next.addresses ?? [], added }));
    return EXIT_OK;
  }
  const password = optionalPassword(values, ctx);
  if (password === undefined && record.addresses !== undefined) {
    ctx.out(JSON.stringify({ accounts: record.addresses, authenticated: false }));
    return EXIT_OK;
  }
  if (password === undefined) throw new InputError('this vault keeps no addresses in clear: give the password to list them');
  const keyring = await unlock(record, password);
  const accounts = listAccounts(keyring).map((a) => a.address);
  wipeKeyring(keyring);
  ctx.out(JSON.stringify({ accounts, authenticated: true }));
  return EXIT_OK;
}

/** A new vault record for `keyring` under a new password (checked: WEAK_PASSWORD), fresh salt and nonce. */
async function encryptNew(keyring: Keyring, password: string, ctx: Context): Promise<VaultRecord> {
  const plaintext = encodeKeyring(keyring);
  try {
    return await encryptVault(plaintext, password, {
      salt: new Uint8Array(randomBytes(SALT_LENGTH)),
      nonce: new Uint8Array(randomBytes(NONCE_LENGTH)),
      params: ctx.scrypt,
      addresses: listAccounts(keyring).map((a) => a.address),
    });
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Opens the vault, applies `change` to its keyring and seals the result under the same derived
 * key (one KDF run) with a fresh nonce; the new record is opened again before it is returned.
 */
async function changeVault(
  record: VaultRecord,
  password: string,
  change: (keyring: Keyring) => { keyring: Keyring; account: { address: string } },
): Promise<{ record: VaultRecord; added: string }> {
  const key = await deriveVaultKey(password, record.kdf);
  let plaintext: Uint8Array | undefined;
  let keyring: Keyring | undefined;
  let next: Keyring | undefined;
  let sealed: Uint8Array | undefined;
  try {
    plaintext = openVault(record, key);
    keyring = decodeKeyring(plaintext);
    const changed = change(keyring);
    next = changed.keyring;
    sealed = encodeKeyring(next);
    const fresh = sealVault(key, record.kdf, sealed, {
      nonce: new Uint8Array(randomBytes(NONCE_LENGTH)),
      addresses: listAccounts(next).map((a) => a.address),
    });
    const reopened = openVault(parseVaultRecord(JSON.parse(JSON.stringify(fresh))), key);
    const same = reopened.length === sealed.length && reopened.every((b, i) => b === sealed![i]);
    reopened.fill(0);
    if (!same) throw new Error('the re-sealed vault does not give back its keyring');
    return { record: fresh, added: changed.account.address };
  } finally {
    key.fill(0);
    plaintext?.fill(0);
    sealed?.fill(0);
    if (keyring) wipeKeyring(keyring);
    if (next) wipeKeyring(next);
  }
}

async function unlock(record: VaultRecord, password: string): Promise<Keyring> {
  const plaintext = await decryptVault(record, password);
  try {
    return decodeKeyring(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

function wipeKeyring(keyring: Keyring): void {
  for (const k of keyring.imported) k.fill(0);
}

// ---------------------------------------------------------------------------------------------
// send

const sendOptions = {
  ...headOptions,
  ...passwordOption,
  vault: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  value: { type: 'string' },
  data: { type: 'string' },
  gas: { type: 'string' },
  'no-wait': { type: 'boolean' },
  'wait-timeout': { type: 'string' },
} as const;

async function sendCommand(argv: string[], ctx: Context): Promise<number> {
  const { values } = parseArgs({ args: argv, options: sendOptions, strict: true });
  const record = readVault(required(values.vault, '--vault'));
  const from = parseAddress(required(values.from, '--from'), '--from');
  if (record.addresses !== undefined && !record.addresses.includes(from)) {
    throw new WalletError('UNKNOWN_ACCOUNT', 'the vault holds no account with this address', { got: from });
  }
  const request = parseTransactionRequest({
    from,
    to: parseAddress(required(values.to, '--to'), '--to'),
    value: bigIntToHex(parseAmount(required(values.value, '--value'))),
    ...(values.data !== undefined ? { data: values.data } : {}),
    ...(values.gas !== undefined ? { gas: bigIntToHex(quantity(values.gas, '--gas')) } : {}),
  });
  const wait = !values['no-wait'];
  if (wait && values.header !== undefined) throw new InputError('--header has no light client to follow the receipt with: add --no-wait');
  const waitFlag = values['wait-timeout'] === undefined ? undefined : positiveSeconds(values['wait-timeout'], '--wait-timeout');
  // Read now, so that a missing password fails before the sync, not after it.
  const password = requirePassword(values, ctx);

  // The sessions that follow the receipt resume the light client where the first one left it.
  const ownDataDir = wait && values['data-dir'] === undefined ? mkdtempSync(join(tmpdir(), 'vigil-wallet-')) : undefined;
  const sessionValues: HeadValues = ownDataDir === undefined ? values : { ...values, 'data-dir': ownDataDir };
  try {
    const session = await openHeadSession(sessionValues, 'latest');
    try {
      const waitSeconds = waitFlag ?? Math.max(60, Math.ceil(25 * session.config.secondsPerSlot));
      let anchors: () => VerifiedAnchors = session.anchors;
      const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
      const execution = new ExecutionService({
        config: session.config,
        rpc: session.rpc,
        executor: new ExecutionEngine(),
        anchors: () => anchors(),
        onRejected,
      });
      const chain = walletChain(session, execution, onRejected);
      const prepared = await prepareTransaction(chain, request, {
        origin: { kind: 'wallet' },
        pending: [],
        now: Math.floor(Date.now() / 1000),
        ...(request.gasLimit !== undefined ? { gasSource: 'user' as const } : {}),
      });
      const { verdict } = prepared;
      if (!verdict.ok) {
        ctx.out(JSON.stringify({ error: refusalJson(verdict, prepared) }));
        return EXIT_UNVERIFIED;
      }
      for (const w of verdict.warnings) session.warn(`warning ${w.code}: ${w.message}`);

      const signed = await signWithVault(record, password, from, prepared.tx);
      session.warn(`signed ${signed.hash} (nonce ${prepared.tx.nonce}); sending`);
      const sent = await execution.sendRawTransaction(signed.raw);
      if (sent.hash !== signed.hash) throw new Error(`unreachable: the hash sent ${sent.hash} is not the hash signed ${signed.hash}`);
      const result = sentJson(signed, prepared.tx, verdict.facts);
      if (!wait) {
        ctx.out(JSON.stringify(result));
        return EXIT_OK;
      }
      // Sent: whatever happens now, the hash must reach the user.
      let waited: { receipt: Record<string, unknown> } | { newest: bigint };
      try {
        waited = await waitForReceipt(signed.hash, execution, sessionValues, waitSeconds, session, (a) => {
          anchors = a;
        });
      } catch (err) {
        if (!(err instanceof VigilError)) throw err;
        ctx.out(JSON.stringify({ ...result, receipt: null, error: errorJson(err) }));
        return EXIT_UNVERIFIED;
      }
      if ('receipt' in waited) {
        ctx.out(JSON.stringify({ ...result, receipt: waited.receipt }));
        return EXIT_OK;
      }
      const error = {
        code: 'RECEIPT_TIMEOUT',
        message: `no verified block up to ${waited.newest} holds the transaction after ${waitSeconds} s; it may still be included (vigil receipt ${signed.hash})`,
      };
      ctx.out(JSON.stringify({ ...result, receipt: null, error }));
      return EXIT_UNVERIFIED;
    } finally {
      session.close();
    }
  } finally {
    if (ownDataDir !== undefined) rmSync(ownDataDir, { recursive: true, force: true });
  }
}

/** The verified chain as the signing path sees it: the session's head, proofs at it, the local EVM. */
/** The verified chain a CLI round signs against (its one verified head). Shared with `vigil exit`. */
export function walletChain(session: HeadSession, execution: ExecutionService, onRejected: (err: VigilError, endpoint: string) => void): WalletChain {
  const { config, head } = session;
  const x = head.execution;
  const newest: WalletHead = {
    head: { blockNumber: x.blockNumber, blockHash: bytesToHex(x.blockHash), timestamp: x.timestamp },
    env: blockEnvAt(head, config),
    nextBaseFee: nextBaseFee({ gasUsed: x.gasUsed, gasLimit: x.gasLimit, baseFeePerGas: x.baseFeePerGas }),
  };
  return {
    network: {
      chainId: chainIdOf(config),
      name: config.name,
      maxHeadAgeSeconds: Math.max(MIN_SIGNING_HEAD_AGE_SECONDS, Math.ceil(SIGNING_HEAD_AGE_SLOTS * config.secondsPerSlot)),
    },
    newestHead: () => newest,
    proveAccount: async (address, at) => {
      if (at.head.blockHash !== newest.head.blockHash) throw new InputError('the head to prove at is not the verified head of this run');
      const { account } = await getVerifiedAccount({ rpc: session.rpc, head, address, finalized: session.finalized, onRejected });
      return { address, nonce: account.nonce, balance: account.balance, blockNumber: x.blockNumber, blockHash: newest.head.blockHash };
    },
    execution,
  };
}

/** Decrypts the vault, signs with the sender's key and wipes every secret it held. */
/** Signs with the vault's key of `from` (decrypted for this signature only, wiped after). */
export async function signWithVault(record: VaultRecord, password: string, from: string, tx: UnsignedTransaction): Promise<SignedTransaction> {
  const keyring = await unlock(record, password);
  let key: Uint8Array | undefined;
  try {
    key = accountPrivateKey(keyring, from);
    const signed = signTransaction(tx, key);
    if (signed.from.toLowerCase() !== from.toLowerCase()) throw new WalletError('INVALID_TRANSACTION', 'the signature is not by the sender', { expected: from, got: signed.from });
    return signed;
  } finally {
    key?.fill(0);
    wipeKeyring(keyring);
  }
}

/**
 * Polls for the receipt, proven through its block, while the light client advances: each round
 * resumes it (from the data directory the first sync wrote) until a head at or after that
 * moment, and then asks again. Gives up after `waitSeconds` with the newest verified block.
 * @throws what the light client or the receipt's proof throws (STALE_HEAD, a lie's code, …)
 */
async function waitForReceipt(
  hash: string,
  execution: ExecutionService,
  values: HeadValues,
  waitSeconds: number,
  first: HeadSession,
  setAnchors: (anchors: () => VerifiedAnchors) => void,
): Promise<{ receipt: Record<string, unknown> } | { newest: bigint }> {
  const hashBytes = hexToBytes(hash, 32, 'hash');
  const deadline = Date.now() + waitSeconds * 1000;
  const pauseMs = Math.max(250, Math.min((first.config.secondsPerSlot * 1000) / 2, 3000));
  let newest = first.head.execution.blockNumber;
  for (;;) {
    const receipt = await execution.chain.getTransactionReceipt(hashBytes);
    if (receipt !== null) return { receipt: receiptJson(receipt) };
    const remaining = Math.ceil((deadline - Date.now()) / 1000);
    if (remaining <= 0) return { newest };
    const next = await openHeadSession({ ...values, timeout: String(remaining) }, 'latest');
    next.close();
    if (next.head.execution.blockNumber > newest) {
      newest = next.head.execution.blockNumber;
      setAnchors(next.anchors);
    } else {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Output

function sentJson(signed: SignedTransaction, tx: UnsignedTransaction, facts: VerifiedFacts) {
  return {
    hash: signed.hash,
    from: signed.from,
    to: tx.to,
    value: bigIntToHex(tx.value),
    nonce: bigIntToHex(tx.nonce),
    gasLimit: bigIntToHex(tx.gasLimit),
    maxFeePerGas: bigIntToHex(tx.type === 2 ? tx.maxFeePerGas : tx.gasPrice),
    maxPriorityFeePerGas: bigIntToHex(tx.type === 2 ? tx.maxPriorityFeePerGas : tx.gasPrice),
    maxCost: bigIntToHex(facts.maxCost),
    provenAt: {
      blockNumber: Number(facts.blockNumber),
      blockHash: facts.blockHash,
      balance: bigIntToHex(facts.balance),
      nonce: bigIntToHex(facts.nonce),
      headAgeSeconds: facts.headAgeSeconds,
    },
  };
}

function refusalJson(verdict: Extract<PolicyVerdict, { ok: false }>, prepared: PreparedTransaction) {
  const first = verdict.refusals[0]!;
  return {
    code: first.code,
    message: first.message,
    refusals: verdict.refusals.map(refusalOut),
    ...(verdict.warnings.length > 0 ? { warnings: verdict.warnings.map(refusalOut) } : {}),
    facts: factsJson(verdict.facts),
    ...(prepared.proofError !== undefined ? { cause: prepared.proofError } : {}),
  };
}

function refusalOut(r: Refusal) {
  return { code: r.code, message: r.message, ...(r.expected !== undefined ? { expected: r.expected } : {}), ...(r.got !== undefined ? { got: r.got } : {}) };
}

/** Facts as JSON: quantities as minimal hex, the block number and the head's age as numbers. */
function factsJson(facts: Partial<VerifiedFacts>): Record<string, unknown> {
  const outFacts: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(facts)) {
    if (value === undefined) continue;
    if (typeof value !== 'bigint') outFacts[name] = value;
    else if (name === 'blockNumber') outFacts[name] = Number(value);
    else outFacts[name] = value < 0n ? '-' + bigIntToHex(-value) : bigIntToHex(value);
  }
  return outFacts;
}

function receiptJson(receipt: unknown): Record<string, unknown> {
  if (!isObject(receipt)) throw new Error('unreachable: a verified receipt that is not an object');
  return {
    blockNumber: Number(hexToBigInt(receipt.blockNumber, 'receipt.blockNumber')),
    blockHash: receipt.blockHash,
    status: Number(hexToBigInt(receipt.status, 'receipt.status')),
    gasUsed: receipt.gasUsed,
  };
}

function errorJson(err: VigilError) {
  return {
    code: err.code,
    message: err.shortMessage,
    ...(err instanceof WalletError && err.code === 'WOULD_REVERT' && err.details !== undefined ? { data: err.details } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Flags, files and the password

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new InputError(`missing ${flag}`);
  return value;
}

function quantity(value: string, title: string): bigint {
  if (value.length > 80 || !/^(0x[0-9a-fA-F]+|\d+)$/.test(value)) throw new InputError(`${title} expected a decimal or 0x-hex number, got ${value.slice(0, 40)}`);
  return BigInt(value);
}

function positiveSeconds(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) throw new InputError(`${flag} expected seconds (up to a day), got ${value.slice(0, 40)}`);
  return n;
}

const UNIT_DECIMALS: Record<string, number> = { wei: 0, gwei: 9, eth: 18, ether: 18 };

/**
 * An amount of wei: `1000` or `0x3e8` (wei), or a decimal with a unit, exactly (`0.5eth`,
 * `1.5 gwei`; more decimals than the unit has are refused, never rounded).
 * @example parseAmount('0.5eth') // 500000000000000000n
 */
export function parseAmount(text: string): bigint {
  if (text.length > 100) throw new InputError('--value is too long');
  const m = /^\s*(0x[0-9a-fA-F]+|\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m?.[2]?.toLowerCase() || 'wei';
  const decimals = UNIT_DECIMALS[unit];
  if (!m || decimals === undefined || (m[1]!.startsWith('0x') && unit !== 'wei')) {
    throw new InputError(`--value expected wei (decimal or 0x hex) or a decimal with a unit (eth, gwei, wei), got ${text.slice(0, 40)}`);
  }
  const number = m[1]!;
  if (number.startsWith('0x')) return BigInt(number);
  const [whole, fraction = ''] = number.split('.');
  if (fraction.length > decimals) throw new InputError(`--value has more decimals than ${unit} has (${decimals}): ${text.slice(0, 40)}`);
  return BigInt(whole!) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

function optionalPassword(values: { 'password-file'?: string | undefined }, ctx: Context): string | undefined {
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

function requirePassword(values: { 'password-file'?: string | undefined }, ctx: Context): string {
  const password = optionalPassword(values, ctx);
  if (password === undefined) throw new InputError('missing the password: --password-file <file> or the environment variable VIGIL_PASSWORD');
  return password;
}

/** A small file holding a secret (a phrase, a key, a password); trimmed unless `trim` is false. */
function readSecretFile(path: string, what: string, trim = true): string {
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

function readVaultIfAny(path: string): VaultRecord | undefined {
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

function refuseExisting(path: string, why = 'refusing to overwrite it'): void {
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
