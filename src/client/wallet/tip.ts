/**
 * The priority fee a wallet transaction is signed with, and its label: what the request set (the
 * dApp's or the user's), else the tip from verified blocks (src/client/verified/execution-service.ts
 * tipChoice). A transaction the user approves in a window may take an endpoint's lower advice,
 * labelled so; one signed with no window (a forced exit's step) takes its tip from verified blocks
 * only, never below the 25th percentile of what they paid, and never a default: when no verified
 * block can be read it is not signed. Re-signing an unattended step that was not included, both
 * fees follow the replacement rule (src/wallet/replacement-fees.ts).
 * @module
 */
import { InputError, VerificationError } from '../../core/errors.ts';
import { TransportError } from '../../rpc/errors.ts';
import { type ReplacedTransaction, replacementFees } from '../../wallet/replacement-fees.ts';
import type { TransactionRequest } from '../../wallet/transaction-request.ts';
import type { ExecutionReader, TipChoice } from '../verified/execution-reader.ts';

/** Where a transaction's tip came from (PreparedTransaction.tipSource): a {@link TipChoice} source, the request's own, or the default. */
export type TipSource = TipChoice['source'] | 'dapp' | 'default';

/** When no verified block can be read to price an attended transaction's tip from: 1 gwei. */
export const DEFAULT_TIP = 10n ** 9n;

export interface WalletFees {
  /** Undefined for a type 0 or 1 request that set its gas price. */
  tip: bigint | undefined;
  tipSource: TipSource;
  /** The fee cap an unattended replacement offers (the replacement rule's); undefined: the caller's usual cap. */
  maxFeePerGas?: bigint;
}

/**
 * The request's tip and its source, for a transaction signed with no window when `unattended`.
 * @param nextBaseFee the verified next base fee (an unattended replacement's fee cap rests on it).
 * @throws for an unattended transaction, what reading the verified blocks throws (VerificationError,
 *   TransportError), and InputError when the reader gives no verified tip at all.
 * @example const { tip, tipSource } = await walletTip(chain.execution, request, { unattended: true }, nextBaseFee)
 */
export async function walletTip(
  execution: ExecutionReader,
  request: TransactionRequest,
  options: { unattended: boolean; replaces?: ReplacedTransaction },
  nextBaseFee: bigint,
): Promise<WalletFees> {
  if (request.maxPriorityFeePerGas !== undefined) return { tip: request.maxPriorityFeePerGas, tipSource: 'dapp' };
  if (request.type !== 2 && request.gasPrice !== undefined) return { tip: undefined, tipSource: 'dapp' };
  if (options.unattended) {
    if (!execution.tipChoice) throw new InputError('no tip from verified blocks: nothing is signed unattended');
    const { tip, source } = await execution.tipChoice({ unattended: true });
    if (!options.replaces) return { tip, tipSource: source };
    const fees = replacementFees(options.replaces, { nextBaseFee, tip });
    return { tip: fees.maxPriorityFeePerGas, tipSource: source, maxFeePerGas: fees.maxFeePerGas };
  }
  try {
    // A reader that cannot say where its tip comes from: shown as the advice it may be.
    const { tip, source } = execution.tipChoice ? await execution.tipChoice({ unattended: false }) : { tip: await execution.suggestedTip(), source: 'advice' as const };
    return { tip, tipSource: source };
  } catch (err) {
    // Blocks that cannot be read (or that no endpoint serves truthfully) are no reason to stop: a modest default, labelled so.
    if (!(err instanceof TransportError || err instanceof InputError || err instanceof VerificationError)) throw err;
    return { tip: DEFAULT_TIP, tipSource: 'default' };
  }
}
