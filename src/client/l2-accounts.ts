/**
 * An L2 account proven against the root a follower accepted, found by index or by its L1 owner.
 * The L2 RPC only says where to look (the owner's index); the proof is checked against the
 * accepted root, and the proven leaf must be that index and belong to that owner.
 * @module
 */
import { bigIntToHex, hexToBigInt } from '../core/bytes.ts';
import { VerificationError } from '../core/errors.ts';
import type { Account, ProvenAccount } from '../l2/vigil-zk/tree.ts';
import type { FollowedRollup, RollupFollower } from './rollup-follower.ts';
import { type L2Endpoint, l2AccountIndex } from './rollup-sources.ts';

export type L2AccountQuery = { index: number } | { owner: string };

export interface ProvenL2Account {
  index: number;
  account: Account;
}

/**
 * @returns null when the L2 RPC knows no account of `owner` (an unproven absence: the caller
 *   shows "no L2 account", never a zero balance as proven).
 * @throws VerificationError L2_ACCOUNT_MISSING (an index proven empty), L2_PROOF_ROOT_MISMATCH
 *   (another index proven), L2_OWNER_MISMATCH (another owner's leaf), and the adapter's proof codes.
 */
export async function provenL2Account(
  follower: RollupFollower<unknown, ProvenAccount>,
  followed: FollowedRollup,
  l2Rpc: L2Endpoint | undefined,
  query: L2AccountQuery,
): Promise<ProvenL2Account | null> {
  let index: number;
  if ('owner' in query) {
    if (l2Rpc === undefined) throw new VerificationError('L2_ACCOUNT_MISSING', 'an owner address is looked up on the L2 RPC, and this rollup has none');
    const found = await l2AccountIndex(l2Rpc, query.owner);
    if (found === null) return null;
    index = found;
  } else {
    index = query.index;
  }
  const proven = await follower.account(followed, { index });
  if (proven.index !== index) throw new VerificationError('L2_PROOF_ROOT_MISMATCH', `the L2 RPC proved account ${proven.index}, not ${index}`);
  if (proven.account === null) throw new VerificationError('L2_ACCOUNT_MISSING', `account ${index} is proven empty at batch ${followed.accepted.batch}`);
  if ('owner' in query && proven.account.owner !== hexToBigInt(query.owner, 'owner')) {
    throw new VerificationError('L2_OWNER_MISMATCH', `account ${index} belongs to another L1 address`, { expected: query.owner, got: bigIntToHex(proven.account.owner) });
  }
  return { index, account: proven.account };
}
