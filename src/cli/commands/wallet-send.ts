/**
 * `vigil wallet send`: a transaction prepared on verified state only (src/client/wallet/transactions.ts,
 * the extension's own path: proven nonce and balance, Vigil's estimate, fees from the verified
 * next base fee), decided by the signing policy, signed with the vault's key, sent, and followed
 * to a receipt proven against a head the light client verified.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { blockEnvAt, chainIdOf } from '../../client/verified/execution-env.ts';
import { ChainExecutionService } from '../../client/verified/chain-execution.ts';
import { getVerifiedAccount } from '../../client/verified/reads.ts';
import type { VerifiedAnchors } from '../../client/verified/headers.ts';
import { prepareTransaction, type PreparedTransaction, type WalletChain, type WalletHead } from '../../client/wallet/transactions.ts';
import { bigIntToHex, bytesToHex, hexToBigInt, hexToBytes } from '../../core/bytes.ts';
import { InputError, VigilError } from '../../core/errors.ts';
import { isObject } from '../../core/json.ts';
import { ExecutionEngine } from '../../execution/engine.ts';
import { nextBaseFee } from '../../execution/fees.ts';
import { WalletError } from '../../wallet/errors.ts';
import { policyHead, signsFor, type PolicyVerdict, type Refusal, signingHeadAgeSeconds, type VerifiedFacts } from '../../wallet/policy.ts';
import { headToJson, type VerifiedHead } from '../../l1/heads.ts';
import type { Signers } from '../../client/light-client/sync.ts';
import { feeCap, priorityFee, type SignedTransaction, type UnsignedTransaction } from '../../wallet/transaction.ts';
import { parseAddress, parseTransactionRequest } from '../../wallet/transaction-request.ts';
import type { VaultRecord } from '../../wallet/vault.ts';
import { EXIT_OK, EXIT_UNVERIFIED, errorLine } from '../io.ts';
import { headOptions, type HeadSession, type HeadValues, openHeadSession } from '../verified-head.ts';
import { cliKeyring, errorJson, passwordOption, readVault, required, requirePassword, type WalletContext } from './wallet-io.ts';
import { sleep } from '../../core/sleep.ts';
import { localCalls } from '../../client/verified/execution.ts';

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

export async function sendCommand(argv: string[], ctx: WalletContext): Promise<number> {
  const { values } = parseArgs({ args: argv, options: sendOptions, strict: true });
  const vaultPath = required(values.vault, '--vault');
  const record = readVault(vaultPath);
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
    // Signed against a head two thirds of its sync committee signed (src/wallet/signing-head.ts).
    const session = await openHeadSession(sessionValues, 'signing');
    try {
      const waitSeconds = waitFlag ?? Math.max(60, Math.ceil(25 * session.config.secondsPerSlot));
      let anchors: () => VerifiedAnchors = session.anchors;
      const onRejected = (err: VigilError, endpoint: string) => session.warn(`rejected the answer of ${endpoint}: ${errorLine(err)}`);
      const execution = new ChainExecutionService({
        config: session.config,
        rpc: session.rpc,
        calls: localCalls(new ExecutionEngine()),
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

      const signed = await signWithVault(record, password, from, prepared.tx, vaultPath);
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

/**
 * The verified chain a CLI round signs against: its verified head when two thirds of its sync
 * committee signed it (a `signing` session's) or the user gave it (--header), else none, and the
 * newest head for the refusal to name. Shared with `vigil exit`.
 */
export function walletChain(session: HeadSession, execution: ChainExecutionService, onRejected: (err: VigilError, endpoint: string) => void): WalletChain {
  const { config, head } = session;
  const x = head.execution;
  const policyHeadOf = (h: VerifiedHead, signedBy: Signers | 'user') => policyHead(headToJson(h), signedBy);
  const newest: WalletHead = {
    head: policyHeadOf(head, session.signedBy),
    env: blockEnvAt(head, config),
    nextBaseFee: nextBaseFee({ gasUsed: x.gasUsed, gasLimit: x.gasLimit, baseFeePerGas: x.baseFeePerGas }),
  };
  return {
    network: {
      chainId: chainIdOf(config),
      name: config.name,
      maxHeadAgeSeconds: signingHeadAgeSeconds(config.secondsPerSlot),
    },
    signingHead: () => (signsFor(newest.head.signedBy) ? newest : undefined),
    newestHead: () => (session.newest ? policyHeadOf(session.newest.head, session.newest.signedBy) : newest.head),
    proveAccount: async (address, at, options) => {
      if (at.head.blockHash !== newest.head.blockHash) throw new InputError('the head to prove at is not the verified head of this run');
      const read = await getVerifiedAccount({ rpc: session.rpc, head, address, finalized: session.finalized, onRejected, code: options?.code ?? false });
      const { account } = read;
      return { address, nonce: account.nonce, balance: account.balance, codeHash: bytesToHex(account.codeHash), ...(read.code !== undefined ? { code: bytesToHex(read.code) } : {}), blockNumber: x.blockNumber, blockHash: newest.head.blockHash };
    },
    execution,
  };
}

/**
 * Signs with the vault's key of `from` (the vault opened for this signature only, locked after);
 * a wrong password is counted beside the vault file at `path` (./wallet-io.ts).
 */
export async function signWithVault(record: VaultRecord, password: string, from: string, tx: UnsignedTransaction, path?: string): Promise<SignedTransaction> {
  const keyring = cliKeyring(record, undefined, path);
  await keyring.unlock(password);
  try {
    const signed = await keyring.signTransaction(from, tx);
    if (signed.from.toLowerCase() !== from.toLowerCase()) throw new WalletError('INVALID_TRANSACTION', 'the signature is not by the sender', { expected: from, got: signed.from });
    return signed;
  } finally {
    await keyring.lock();
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
  execution: ChainExecutionService,
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
      await sleep(pauseMs);
    }
  }
}

function sentJson(signed: SignedTransaction, tx: UnsignedTransaction, facts: VerifiedFacts) {
  return {
    hash: signed.hash,
    from: signed.from,
    to: tx.to,
    value: bigIntToHex(tx.value),
    nonce: bigIntToHex(tx.nonce),
    gasLimit: bigIntToHex(tx.gasLimit),
    maxFeePerGas: bigIntToHex(feeCap(tx)),
    maxPriorityFeePerGas: bigIntToHex(priorityFee(tx)),
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
    ...(prepared.facts.proofError !== undefined ? { cause: prepared.facts.proofError } : {}),
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

// ---------------------------------------------------------------------------------------------
// Flags

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
