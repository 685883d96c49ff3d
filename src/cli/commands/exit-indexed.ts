/**
 * `vigil exit` on a rollup whose L2 accounts live in its own tree, found by index (an exit plan
 * whose `accounts` are 'indexed': the devnet rollup, vigil-zk-v1). The owner's index and balance
 * come from the L2 RPC's proof against the root the follower accepted, else from the L2 state
 * rebuilt from L1 alone; a batch's commit (whose validity proof the follower re-verifies) from the
 * L2 RPC's hint, else from the contract's BatchCommitted logs in verified receipts.
 *
 * The one place the CLI knows this account model: an adapter hook naming the commit event would
 * let the follower find commits itself (see the report of issue 21).
 * @module
 */
import { type BlobRebuildSources, ownedAccountIndex, rebuildFromL1, type RebuildFromL1Options, verifiedChainSources } from '../../client/exits/escape-proof.ts';
import { provenL2Account } from '../../client/rollups/l2-accounts.ts';
import type { FollowedRollup, RollupFollower } from '../../client/rollups/follower.ts';
import type { VerifiedChain } from '../../client/verified/chain.ts';
import { hexToBigInt } from '../../core/bytes.ts';
import { VerificationError, VigilError } from '../../core/errors.ts';
import { BATCH_COMMITTED_TOPIC } from '../../l2/vigil-zk/abi.ts';
import type { VigilZkConfig } from '../../l2/vigil-zk/config.ts';
import type { ProvenAccount } from '../../l2/vigil-zk/tree.ts';
import { errorLine } from '../io.ts';
import type { L2Access } from './exit-plan-round.ts';

/** Where the owner's account was proven: the L2 RPC's proof, or the state rebuilt from L1. */
export type AccountSource = 'l2-rpc' | 'l1-rebuild';

/** The owner's L2 account (its index and balance), proven against the root the follower accepted at this head. */
export async function indexedAccount(
  follower: RollupFollower<unknown, unknown>,
  followed: FollowedRollup,
  config: VigilZkConfig,
  chain: VerifiedChain,
  l2: L2Access,
  owner: string,
  rebuild: RebuildFromL1Options,
  warn: (line: string) => void,
  blobs?: BlobRebuildSources,
): Promise<{ index: number; balance: bigint; source: AccountSource }> {
  if (l2.url !== undefined) {
    try {
      const proven = await provenL2Account(follower as RollupFollower<unknown, ProvenAccount>, followed, { url: l2.url, transport: l2.transport }, { owner });
      if (proven !== null) return { index: proven.index, balance: proven.account.balance, source: 'l2-rpc' };
      warn(`the L2 RPC knows no account of ${owner}: looking in the state rebuilt from L1`);
    } catch (err) {
      if (!(err instanceof VigilError)) throw err;
      warn(`the L2 RPC's account of ${owner} was not usable (${errorLine(err)}): rebuilding the state from L1`);
    }
  }
  const at = { root: followed.accepted.root, batch: followed.accepted.batch, blockNumber: followed.at.blockNumber };
  const state = await rebuildFromL1(verifiedChainSources(chain, blobs), { contract: config.contract, depth: config.depth, batchSize: config.batchSize }, at, rebuild);
  const index = ownedAccountIndex(state, owner);
  if (index === null) throw new VerificationError('L2_ACCOUNT_MISSING', `no L2 account of ${owner} in the state rebuilt from L1 at batch ${followed.accepted.batch}`);
  return { index, balance: state.account(index)!.balance, source: 'l1-rebuild' };
}

/** The transaction that committed `batch`, from the contract's BatchCommitted logs up to `head` (verified receipts), or null. */
export async function commitFromL1(chain: VerifiedChain, config: VigilZkConfig, batch: bigint, head: bigint, fromBlock: bigint): Promise<string | null> {
  const sources = verifiedChainSources(chain);
  for (let from = fromBlock; from <= head; from += 1024n) {
    const to = from + 1023n < head ? from + 1023n : head;
    const hit = (await sources.getLogs({ address: config.contract, topic0: BATCH_COMMITTED_TOPIC, fromBlock: from, toBlock: to })).find(
      (l) => l.topics[1] !== undefined && hexToBigInt(l.topics[1], 'batch') === batch,
    );
    if (hit) return hit.transactionHash.toLowerCase();
  }
  return null;
}
