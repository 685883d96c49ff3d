/**
 * Typed data as the approval window shows it: its digest and preview (src/wallet/typed-data.ts),
 * and, when it is a permit, the approvals it grants (src/wallet/permits.ts) with each spender's
 * code proven present or absent at the head signatures rest on (an approval to an address with no
 * code is most often a drainer's account), or 'not proven' when it could not be read: the window
 * says so and nothing is inferred. The extension's app host runs it (the EIP-712 code stays out of
 * the service worker's bundle).
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { EMPTY_CODE_HASH } from '../proofs/constants.ts';
import { TransportError } from '../rpc/errors.ts';
import type { PermitApproval } from '../wallet/permits.ts';
import { type TypedDataDigest, typedDataDigest } from '../wallet/typed-data.ts';
import type { WalletChain } from './wallet-transactions.ts';

export type ReviewedPermit = PermitApproval & { spenderCode: 'contract' | 'none' | 'not proven' };

export interface ReviewedTypedData extends Omit<TypedDataDigest, 'permits'> {
  permits: ReviewedPermit[];
}

/** @throws WalletError INVALID_TYPED_DATA (as typedDataDigest) */
export async function reviewTypedData(chain: Pick<WalletChain, 'signingHead' | 'proveAccount'> | undefined, typedData: unknown, verifiedChainId: bigint): Promise<ReviewedTypedData> {
  const digest = typedDataDigest(typedData, verifiedChainId);
  const head = chain?.signingHead();
  const permits = await Promise.all(
    digest.permits.map(async (p): Promise<ReviewedPermit> => {
      if (!chain || !head) return { ...p, spenderCode: 'not proven' };
      try {
        const account = await chain.proveAccount(p.spender, head);
        return { ...p, spenderCode: account.codeHash.toLowerCase() === bytesToHex(EMPTY_CODE_HASH) ? 'none' : 'contract' };
      } catch (err) {
        if (!(err instanceof VerificationError || err instanceof TransportError || err instanceof InputError)) throw err;
        return { ...p, spenderCode: 'not proven' };
      }
    }),
  );
  return { ...digest, permits };
}
