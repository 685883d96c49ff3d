/**
 * `vigil l2-fee`: what an OP Stack chain charges a signed transaction beside its execution gas
 * (the L1 data fee and, from Isthmus, the operator fee), offline, from the fee parameters of the
 * block it lands in. The arithmetic is src/l2/op-stack/fees; this file reads the flags and prints.
 * @module
 */
import { parseArgs } from 'node:util';
import { hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { forkAtLeast } from '../../execution/block-env.ts';
import { decodeTransaction, recoverSender, type Transaction } from '../../execution/transactions.ts';
import { opRules } from '../../l2/op-stack/forks/rules.ts';
import { FEE_FORKS, type FeeFork, l2TransactionFee, operatorFeeFormula } from '../../l2/op-stack/fees/transaction-fee.ts';
import { EXIT_OK } from '../io.ts';

export const usage = `vigil l2-fee --fork <ecotone|fjord|granite|holocene|isthmus|jovian|karst> --tx <signed tx hex>
    --l1-base-fee N --l1-blob-base-fee N --base-fee-scalar N --blob-base-fee-scalar N
    [--operator-fee-scalar N --operator-fee-constant N --gas N]
  The L1 data fee an OP Stack chain charges the transaction (Ecotone: its calldata gas; Fjord on:
  its FastLZ size estimate, at least 100 bytes) and, from Isthmus, the operator fee (Isthmus:
  gas·scalar/1e6 + constant; Jovian and Karst: gas·scalar·100 + constant), from the block's L1Block
  parameters. --tx: the signed transaction's EIP-2718 bytes as hex (0x optional); deposits and blob
  transactions are refused (neither pays these fees on an OP chain). Numbers are decimal or 0x hex:
  the fees uint256, the fee scalars uint32, the operator fee constant and gas uint64. The operator
  fields are required from Isthmus and refused before; --gas defaults to the transaction's gas limit
  (what is charged up front; the unused part is refunded at the same rate).
  Prints {"l1Gas","l1Fee","flzLen"?,"operatorFee"?} in decimal: l1Gas as op-geth writes the
  receipt's l1GasUsed for the fork (calldata gas; from Fjord the estimate at 16 gas a byte), flzLen
  from Fjord. Exit 0 computed; 1 a transaction whose signature has no signer; 2 input it cannot read
  (not hex, not a transaction, a number out of range, operator fields missing or extra).`;

/** Digits of a uint256 in decimal, with room: longer text is refused before BigInt reads it. */
const MAX_NUMBER_CHARS = 80;

function parseUint(flag: string, text: string | undefined, bits: number): bigint {
  if (text === undefined) throw new InputError(`--${flag} is required`);
  const ok = text.length <= MAX_NUMBER_CHARS && (/^[0-9]+$/.test(text) || /^0x[0-9a-fA-F]+$/.test(text));
  if (!ok) throw new InputError(`--${flag} expected a non-negative integer (decimal or 0x hex), got ${JSON.stringify(text.slice(0, 40))}`);
  const value = BigInt(text);
  if (value >> BigInt(bits) !== 0n) throw new InputError(`--${flag} expected a uint${bits}, got ${text}`);
  return value;
}

/** The signed transaction, decoded so that only a transaction an OP chain takes is priced. */
function readTransaction(text: string | undefined, fork: FeeFork): { bytes: Uint8Array; tx: Transaction } {
  if (text === undefined) throw new InputError('--tx <signed tx hex> is required');
  const hex = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  const bytes = hexToBytes('0x' + hex, undefined, '--tx');
  if (bytes.length === 0) throw new InputError('--tx holds no bytes');
  if (bytes[0] === 0x7e) throw new InputError('--tx is a deposit transaction (type 0x7e): deposits pay no L1 or operator fee');
  let tx: Transaction;
  try {
    tx = decodeTransaction(bytes);
  } catch (err) {
    if (err instanceof VerificationError) throw new InputError(`--tx is not a transaction: ${err.shortMessage}`, { cause: err });
    throw err;
  }
  if (tx.type === 3) throw new InputError('--tx is a blob transaction (type 3): OP Stack chains take none');
  if (tx.type === 4 && !forkAtLeast(opRules(fork).l1Fork, 'prague')) throw new InputError(`--tx is an EIP-7702 transaction (type 4): ${fork} takes none (Isthmus brings them)`);
  return { bytes, tx };
}

/** The flags, node's parse errors (an unknown flag, a value that looks like one) as InputErrors. */
function readFlags(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        fork: { type: 'string' },
        tx: { type: 'string' },
        'l1-base-fee': { type: 'string' },
        'l1-blob-base-fee': { type: 'string' },
        'base-fee-scalar': { type: 'string' },
        'blob-base-fee-scalar': { type: 'string' },
        'operator-fee-scalar': { type: 'string' },
        'operator-fee-constant': { type: 'string' },
        gas: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new InputError((err as Error).message.split('\n')[0]!, { cause: err });
  }
}

export async function l2FeeCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = readFlags(argv);
  if (positionals.length > 0) throw new InputError(`unexpected argument ${positionals[0]}`);
  const fork = values.fork as FeeFork | undefined;
  if (fork === undefined || !FEE_FORKS.includes(fork)) throw new InputError(`--fork expected one of ${FEE_FORKS.join(', ')}, got ${fork === undefined ? 'nothing' : JSON.stringify(fork)}`);

  // Everything is read (exit 2 if it cannot be) before the signature is judged.
  const { bytes, tx } = readTransaction(values.tx, fork);
  const l1 = {
    l1BaseFee: parseUint('l1-base-fee', values['l1-base-fee'], 256),
    l1BlobBaseFee: parseUint('l1-blob-base-fee', values['l1-blob-base-fee'], 256),
    baseFeeScalar: parseUint('base-fee-scalar', values['base-fee-scalar'], 32),
    blobBaseFeeScalar: parseUint('blob-base-fee-scalar', values['blob-base-fee-scalar'], 32),
  };
  const operatorGiven = values['operator-fee-scalar'] !== undefined || values['operator-fee-constant'] !== undefined || values.gas !== undefined;
  let operator: { operatorFeeScalar: bigint; operatorFeeConstant: bigint } | undefined;
  let gas: bigint | undefined;
  if (operatorFeeFormula(fork) === null) {
    if (operatorGiven) throw new InputError(`--operator-fee-scalar, --operator-fee-constant and --gas: ${fork} has no operator fee (Isthmus brings it)`);
  } else {
    operator = {
      operatorFeeScalar: parseUint('operator-fee-scalar', values['operator-fee-scalar'], 32),
      operatorFeeConstant: parseUint('operator-fee-constant', values['operator-fee-constant'], 64),
    };
    gas = values.gas === undefined ? tx.gas : parseUint('gas', values.gas, 64);
  }
  recoverSender(tx);

  const fee = l2TransactionFee({ fork, tx: bytes, l1, ...(operator ? { operator, gas } : {}) });
  out(
    JSON.stringify({
      l1Gas: fee.l1Gas.toString(),
      l1Fee: fee.l1Fee.toString(),
      ...(fee.flzLen !== undefined ? { flzLen: fee.flzLen.toString() } : {}),
      ...(fee.operatorFee !== undefined ? { operatorFee: fee.operatorFee.toString() } : {}),
    }),
  );
  return EXIT_OK;
}
