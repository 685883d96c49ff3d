/**
 * Whether an account's EIP-5792 batches run atomically, proven: its code read with its proof at the
 * head signatures rest on and classified (../delegation/delegation.ts delegationOf: the code checked against
 * the proven code hash, the delegate's code hash proven too), then judged by
 * src/wallet/call-batch.ts atomicStatusOf (`supported` only for the pinned delegate). What cannot be proven is
 * said with a typed error, never guessed: a lying endpoint must not make a page believe a batch
 * will be all or nothing.
 * @module
 */
import { VigilError } from '../../../core/errors.ts';
import { type AtomicBatchAsk, atomicStatusOf, type AtomicStatus, runsAtomically } from '../../../wallet/call-batch.ts';
import { WalletError } from '../../../wallet/errors.ts';
import { delegationOf } from '../delegation/delegation.ts';
import type { WalletChain, WalletHead } from '../transactions.ts';

/**
 * The atomic status of `address` at the signing head (the app host runs it in the extension, at
 * the service worker's heads: the delegation's proof stays out of the service worker's bundle).
 * @throws WalletError DELEGATION_NOT_PROVEN when there is no chain or no signing head, the account's
 *   proof or code fails (CODE_HASH_MISMATCH, a lying proof, no endpoint), or its delegate's code
 *   cannot be proven; the cause is kept.
 */
export async function provenAtomicStatus(chain: Pick<WalletChain, 'signingHead' | 'proveAccount'> | undefined, address: string): Promise<AtomicStatus> {
  if (chain === undefined) throw notProven(address, 'no execution RPC');
  const head: WalletHead | undefined = chain.signingHead();
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
  return status;
}

/**
 * Whether `address` is proven delegated to the pinned delegate; with `batch`, whether that batch
 * runs as one transaction through it (src/wallet/call-batch.ts runsAtomically).
 * @throws WalletError DELEGATION_NOT_PROVEN; with `batch`, ATOMICITY_NOT_SUPPORTED
 */
export async function provenAtomic(chain: Pick<WalletChain, 'signingHead' | 'proveAccount'> | undefined, address: string, batch?: AtomicBatchAsk): Promise<boolean> {
  const status = await provenAtomicStatus(chain, address);
  return batch === undefined ? status === 'supported' : runsAtomically(status, address, batch);
}

const notProven = (address: string, why: string, cause?: unknown) =>
  new WalletError('DELEGATION_NOT_PROVEN', `whether ${address} runs batches atomically could not be proven: ${why}`, cause === undefined ? {} : { cause });
