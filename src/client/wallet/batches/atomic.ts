/**
 * Whether an account's EIP-5792 batches run atomically, proven: its code read with its proof at the
 * head signatures rest on and classified (../delegation.ts delegationOf: the code checked against
 * the proven code hash, the delegate's code hash proven too), then judged by
 * src/wallet/smart-account/atomic-batch.ts (`supported` only for the pinned delegate). What cannot be proven is
 * said with a typed error, never guessed: a lying endpoint must not make a page believe a batch
 * will be all or nothing.
 * @module
 */
import { VigilError } from '../../../core/errors.ts';
import { atomicStatusOf } from '../../../wallet/smart-account/atomic-batch.ts';
import type { AtomicStatus } from '../../../wallet/call-batch.ts';
import { WalletError } from '../../../wallet/errors.ts';
import { delegationOf } from '../delegation.ts';
import type { WalletChain, WalletHead } from '../transactions.ts';

/** An account's atomic status and the head it was proven at. */
export interface ProvenAtomicStatus {
  status: AtomicStatus;
  /** The signing head's block number it was proven at. */
  blockNumber: bigint;
}

/**
 * @throws WalletError DELEGATION_NOT_PROVEN when there is no signing head, the account's proof or
 *   code fails (CODE_HASH_MISMATCH, a lying proof, no endpoint), or its delegate's code cannot be
 *   proven; the cause is kept.
 */
export async function provenAtomicStatus(chain: Pick<WalletChain, 'signingHead' | 'proveAccount'>, address: string, head: WalletHead | undefined = chain.signingHead()): Promise<ProvenAtomicStatus> {
  if (head === undefined) throw notProven(address, 'no verified head signed by two thirds of the sync committee yet');
  let delegation;
  try {
    delegation = await delegationOf(chain, await chain.proveAccount(address, head, { code: true }), head);
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    throw notProven(address, `${String(err.code)}: ${err.shortMessage}`, err);
  }
  const status = atomicStatusOf(delegation);
  if (status === undefined) {
    const why = delegation.kind === 'delegated' && 'error' in delegation.delegateCode ? delegation.delegateCode.error : 'unknown';
    throw notProven(address, `its delegate ${delegation.kind === 'delegated' ? delegation.delegate : ''} could not be proven (${why})`);
  }
  return { status, blockNumber: head.head.blockNumber };
}

const notProven = (address: string, why: string, cause?: unknown) =>
  new WalletError('DELEGATION_NOT_PROVEN', `whether ${address} runs batches atomically could not be proven: ${why}`, cause === undefined ? {} : { cause });
