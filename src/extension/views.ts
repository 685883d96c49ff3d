/**
 * The application's objects (src/client) as the popup's views (./messages.ts), where they differ:
 * the status with the followed rollups, the wallet's L2 accounts with what they were proven at.
 * @module
 */
import type { L1Session } from '../client/l1-session.ts';
import { isEvmRollup, type L2AccountRead } from '../client/l2-wallet.ts';
import type { RollupFollowing } from '../client/rollup-following.ts';
import type { L2AccountView, Status } from './messages.ts';
import { evmAccountFacts, rollupView } from './rollup-views.ts';

/** The popup's status: the session's, with its followed rollups. */
export function statusView(session: L1Session, following: RollupFollowing): Status {
  const status = session.status();
  const rollups = session.rollups()?.snapshots().map((s) => rollupView(s, following.ownPendingSince(s.rollup.identity.chainId))) ?? [];
  return { ...status, rollups };
}

/** An L2 account row: what was proven fills its fields, what failed leaves them null with the error. */
export function l2AccountView(read: L2AccountRead): L2AccountView {
  const { rollup, followed, account, publicKey } = read;
  const view: L2AccountView = {
    rollupChainId: rollup.identity.chainId,
    rollupName: rollup.identity.name,
    address: read.address,
    index: null,
    balance: null,
    nonce: null,
    publicKey: publicKey ? { ax: publicKey.ax.toString(), ay: publicKey.ay.toString() } : null,
    batch: null,
    batchAgeSeconds: null,
    proof: null,
    l1BlockNumber: null,
    error: read.error,
  };
  if (followed) {
    Object.assign(view, {
      batch: Number(followed.accepted.batch),
      batchAgeSeconds: followed.liveness.lastBatchAgeSeconds,
      proof: followed.proof,
      l1BlockNumber: Number(followed.at.blockNumber),
    });
    if (isEvmRollup(rollup)) view.evm = evmAccountFacts(rollup, followed);
  }
  if (account) Object.assign(view, { index: account.index, balance: account.balance.toString(), nonce: account.nonce.toString() });
  return view;
}

/** A client object sent as the popup's view where the two have one shape: the compiler checks that they do. */
export function asView<View>(value: View): View {
  return value;
}
