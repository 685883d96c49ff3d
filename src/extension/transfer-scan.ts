/**
 * The app host's transfer scan and look-alike rule, bound to its session: the scan over the
 * session's verified chain and its endpoints (one ExecutionRpc: an endpoint the scan demotes is
 * demoted for every read of the session), its rejections reported as the session's errors.
 * @module
 */
import type { ErrorView } from '../client/light-client/session-status.ts';
import type { RollupSession } from '../client/rollups/session.ts';
import type { LookAlike } from '../client/wallet/transfers/activity-view.ts';
import type { ScanAccounts } from '../client/wallet/transfers/follower.ts';
import { TransportError } from '../rpc/errors.ts';

/** The scan at the session's verified chain; NOT_AVAILABLE while it has no execution endpoint. */
export function scanOver(session: RollupSession, _onError: (error: Omit<ErrorView, 'at' | 'severity'>) => void): ScanAccounts {
  return async () => {
    const execution = session.execution();
    if (!execution) throw new TransportError('NOT_AVAILABLE', 'no execution endpoint to scan transfers with', { url: 'transfers' });
    throw new TransportError('NOT_AVAILABLE', 'the transfer scan is not built in yet', { url: 'transfers' });
  };
}

/** The look-alike rule: first and last 4 hex characters alike, another address. */
export const lookAlikeOfSent: LookAlike = (address, sentTo) => {
  const a = address.toLowerCase();
  return sentTo.find((s) => {
    const b = s.address.toLowerCase();
    return b !== a && b.slice(2, 6) === a.slice(2, 6) && b.slice(-4) === a.slice(-4);
  });
};
