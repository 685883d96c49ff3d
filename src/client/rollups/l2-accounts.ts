/**
 * An L2 account proven against the root a follower accepted, found by index or by its L1 owner.
 * The L2 RPC only says where to look (the owner's index); the proof is checked against the
 * accepted root, and the proven leaf must be that index and belong to that owner.
 * @module
 */
import { bigIntToHex, hexToBigInt } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { TransportError } from '../../rpc/errors.ts';
import type { Account, ProvenAccount } from '../../l2/vigil-zk/tree.ts';
import type { FollowedRollup, RollupFollower } from './follower.ts';
import { type L2Endpoint, l2AccountIndex } from './sources.ts';

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

/** An account of a rollup whose accounts Vigil does not prove (`unproven`): the L2 RPC's word, bounded, never a proof. */
export interface UnprovenL2Account {
  address: string;
  balance: bigint;
  nonce: bigint;
  /**
   * The L2 block it was read at: the one L1 finalized, or `latest` when the L2 RPC keeps no state
   * that old (a node that is not an archive answers an error there).
   */
  l2Block: bigint | 'latest';
  /** What the wallet shows beside it (the adapter's words). */
  notProven: string;
}

/**
 * `address`'s balance and nonce at the L2 block L1 accepted, as the L2 RPC answers them (at its
 * latest block when it keeps no state that old, and the words say so): shown beside the root's
 * tier and labelled not proven, never signed against.
 * @throws TransportError BAD_RESPONSE for an answer that is not a quantity in range (a balance below 2^256, a nonce below 2^64).
 */
export async function unprovenL2Account(
  call: (method: string, params: unknown[]) => Promise<unknown>,
  followed: FollowedRollup,
  address: string,
  notProven: string,
): Promise<UnprovenL2Account> {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) throw new InputError(`expected an L2 address, got ${address.slice(0, 60)}`);
  const read = async (block: string) => {
    const [balance, nonce] = await Promise.all([call('eth_getBalance', [address, block]), call('eth_getTransactionCount', [address, block])]);
    return { balance: quantity(balance, 'eth_getBalance', 256), nonce: quantity(nonce, 'eth_getTransactionCount', 64) };
  };
  let at: bigint | 'latest' = followed.accepted.batch;
  let values: { balance: bigint; nonce: bigint };
  try {
    values = await read(bigIntToHex(at));
  } catch (err) {
    // Its answer is not proven either way: read at its head, and say so.
    if (!(err instanceof TransportError && err.code === 'RPC_ERROR')) throw err;
    at = 'latest';
    values = await read('latest');
  }
  return { address: address.toLowerCase(), ...values, l2Block: at, notProven };
}

function quantity(value: unknown, method: string, bits: number): bigint {
  if (typeof value !== 'string' || !/^0x(0|[1-9a-fA-F][0-9a-fA-F]*)$/.test(value) || value.length > 2 + bits / 4) {
    throw new TransportError('BAD_RESPONSE', `${method} answered ${typeof value === 'string' ? value.slice(0, 70) : typeof value}, not a quantity below 2^${bits}`, { url: method });
  }
  return BigInt(value);
}
