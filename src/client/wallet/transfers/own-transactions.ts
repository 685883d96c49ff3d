/**
 * The account's own transactions in a range, for ether's reconciliation: the proven nonce change
 * says how many it sent; each nonce's block is found by bisecting proven nonces
 * (../../verified/nonce-use.ts), and its value and fee read from the verified transaction and
 * receipt (gasUsed × effectiveGasPrice, plus blob gas as the receipt prices it).
 * @module
 */
import { hexToBytes } from '../../../core/bytes.ts';
import { findNonceUse, type NonceReader } from '../../verified/nonce-use.ts';
import type { LocatedOwnTransaction } from './reconcile.ts';

/** The verified chain's transaction and receipt lookups (src/client/verified/chain.ts VerifiedChain). */
export interface OwnTransactionChain {
  getTransactionByHash(hash: Uint8Array): Promise<Record<string, unknown> | null>;
  getTransactionReceipt(hash: Uint8Array): Promise<Record<string, unknown> | null>;
}

/** Most own transactions looked for in one range (each costs a bisection of proofs). */
export const MAX_OWN_TRANSACTIONS = 64;

/**
 * The transactions with nonces `nonceBefore` … `nonceAfter − 1` of `account` in blocks
 * (`fromBlock − 1`, `toBlock`], at most `max`; one that is not found (past the bound, or a nonce an
 * EIP-7702 authorization used) is left out: the caller says how many are missing.
 */
export async function findOwnTransactions(
  deps: { nonces: NonceReader; chain: OwnTransactionChain },
  params: { account: string; fromBlock: bigint; toBlock: bigint; nonceBefore: bigint; nonceAfter: bigint; max?: number },
): Promise<LocatedOwnTransaction[]> {
  const out: LocatedOwnTransaction[] = [];
  const last = params.nonceBefore + BigInt(params.max ?? MAX_OWN_TRANSACTIONS);
  let from = params.fromBlock - 1n;
  for (let nonce = params.nonceBefore; nonce < params.nonceAfter && nonce < last; nonce++) {
    const use = await findNonceUse(deps.nonces, params.account, nonce, from, params.toBlock);
    if (use === undefined) continue;
    // The next nonce was used at or after this block.
    from = use.blockNumber - 1n;
    if (use.transaction === undefined) continue;
    const hash = hexToBytes(use.transaction.hash, 32, 'transaction hash');
    const [tx, receipt] = await Promise.all([deps.chain.getTransactionByHash(hash), deps.chain.getTransactionReceipt(hash)]);
    if (tx === null || receipt === null) continue;
    const quantity = (v: unknown) => (typeof v === 'string' ? BigInt(v) : 0n);
    const fee = quantity(receipt.gasUsed) * quantity(receipt.effectiveGasPrice) + quantity(receipt.blobGasUsed) * quantity(receipt.blobGasPrice);
    // A reverted transaction pays its fee and moves no value; one to the account itself gets its value back.
    const toSelf = typeof tx.to === 'string' && tx.to.toLowerCase() === params.account.toLowerCase();
    const value = receipt.status === '0x1' && !toSelf ? quantity(tx.value) : 0n;
    out.push({ transactionHash: use.transaction.hash, block: use.blockNumber, value, fee });
  }
  return out;
}
