/**
 * The app host's transfer scan, bound to its session: src/client/wallet/transfers/scan.ts over the
 * session's verified chain and its endpoints (one ExecutionRpc: an endpoint the scan demotes is
 * demoted for every read of the session), each endpoint it refuses reported as the session's
 * errors are. The follower asks at most 1,024 blocks, all scanned by blooms.
 * @module
 */
import type { ErrorView } from '../client/light-client/session-status.ts';
import { describeError } from '../client/light-client/session-status.ts';
import type { RollupSession } from '../client/rollups/session.ts';
import type { ScanAccounts } from '../client/wallet/transfers/follower.ts';
import { scanTransfers } from '../client/wallet/transfers/scan.ts';
import { TransportError } from '../rpc/errors.ts';

/** The scan at the session's verified chain; NOT_AVAILABLE while it has no execution endpoint. */
export function scanOver(session: Pick<RollupSession, 'execution' | 'executionRpc'>, onError: (error: Omit<ErrorView, 'at' | 'severity'>) => void): ScanAccounts {
  return async (query) => {
    const execution = session.execution();
    const rpc = session.executionRpc();
    if (!execution || !rpc) throw new TransportError('NOT_AVAILABLE', 'no execution endpoint to scan transfers with', { url: 'transfers' });
    return scanTransfers({ chain: execution.chain, rpc, onRejected: (err, endpoint) => onError({ source: 'read', ...describeError(err), endpoint }) }, { ...query, bloomWindow: Number(query.toBlock - query.fromBlock + 1n) });
  };
}
