/**
 * wallet_getCallsStatus (EIP-5792): a batch's status from the activity's verified settlements of
 * its calls (src/client/wallet/activity.ts) and their receipts proven again when asked. An atomic
 * batch is one transaction: its one verified receipt is the whole batch's. Read-only over
 * the wallet's tables: the app host answers it, beside its verified L1 reads.
 * @module
 */
import { bigIntToHex, hexToBytes } from '../../../core/bytes.ts';
import { TransportError } from '../../../rpc/errors.ts';
import type { CallBatchRow } from '../../../storage/call-batches.ts';
import type { ActivityRow, ActivityStatus, WalletRepo } from '../../../storage/wallet.ts';
import { batchStatusCode, type CallState, CALLS_VERSION } from '../../../wallet/call-batch.ts';
import { WalletError } from '../../../wallet/errors.ts';

/** A sent call as its activity row settles it. */
export function callStateOf(status: ActivityStatus | undefined): CallState {
  switch (status) {
    case 'included':
    case 'final':
      return 'included';
    case 'failed':
      return 'reverted';
    case 'dropped':
    case 'replaced':
      return 'dropped';
    default:
      return 'pending';
  }
}

/** A receipt as EIP-5792 returns it: a subset of eth_getTransactionReceipt's. */
export interface CallReceipt {
  logs: { address: string; topics: string[]; data: string }[];
  status: string;
  blockHash: string;
  blockNumber: string;
  gasUsed: string;
  transactionHash: string;
}

export interface CallsStatus {
  version: string;
  id: string;
  chainId: string;
  status: number;
  /** True for a batch run as one transaction through the account's delegate (its one receipt says it all). */
  atomic: boolean;
  receipts: CallReceipt[];
  /** Vigil's account of each call (EIP-5792 lets a wallet attach its own metadata). */
  capabilities: { vigil: { calls: { state: CallState; transactionHash?: string }[]; stopped?: { call: number; reason: string } } };
}

/** What a status is read from: the wallet's tables, the current network, its verified receipts. */
export interface CallsStatusSource {
  batch(origin: string, id: string): Promise<CallBatchRow | undefined>;
  activity(hash: string): Promise<ActivityRow | undefined>;
  chainId(): number | undefined;
  /** Verified receipts (src/client/verified/chain.ts), null when none is served. */
  receipt(hash: Uint8Array): Promise<unknown>;
}

/**
 * @throws WalletError BATCH_NOT_FOUND (another site's or no batch), BATCH_CHAIN_UNSUPPORTED (sent on
 *   another network: its receipts cannot be proven here); TransportError / VerificationError when a
 *   receipt cannot be proven now
 */
export async function callsStatus(source: CallsStatusSource, origin: string, id: string): Promise<CallsStatus> {
  const row = await source.batch(origin, id);
  if (!row) throw new WalletError('BATCH_NOT_FOUND', `this site has no batch with id ${id.slice(0, 80)}`);
  if (source.chainId() !== row.chainId) {
    throw new WalletError('BATCH_CHAIN_UNSUPPORTED', `the batch was sent on chain ${bigIntToHex(BigInt(row.chainId))}: its receipts are proven only while Vigil is on that network`);
  }
  const states: CallState[] = [];
  const receipts: CallReceipt[] = [];
  for (const [k, call] of row.calls.entries()) {
    if (k >= row.sent) {
      states.push(row.stopped !== undefined ? 'not-sent' : 'waiting');
      continue;
    }
    const state = callStateOf((await source.activity(call.hash))?.status);
    states.push(state);
    if (state === 'included' || state === 'reverted') receipts.push(await provenReceipt(source, call.hash));
  }
  return {
    version: CALLS_VERSION,
    id: row.id,
    chainId: bigIntToHex(BigInt(row.chainId)),
    // An atomic batch is one transaction: included is 200 ("batch included onchain without reverts"),
    // reverted is 500 ("batch reverted completely and only changes related to gas charge may have been included onchain"), EIP-5792's codes.
    status: batchStatusCode(states),
    atomic: row.atomic !== undefined,
    receipts,
    capabilities: {
      vigil: {
        calls: states.map((state, k) => ({ state, ...(k < row.sent ? { transactionHash: row.calls[k]!.hash } : {}) })),
        ...(row.stopped !== undefined ? { stopped: row.stopped } : {}),
      },
    },
  };
}

/** The verified receipt of `hash`, in EIP-5792's subset. */
async function provenReceipt(source: CallsStatusSource, hash: string): Promise<CallReceipt> {
  const r = (await source.receipt(hexToBytes(hash, 32, 'hash'))) as CallReceipt | null;
  // Settled on a verified receipt, yet none is served now (a reorg the activity has not seen yet, or silent endpoints).
  if (r === null) throw new TransportError('NOT_AVAILABLE', `no endpoint serves the receipt of ${hash} now`, { url: 'wallet_getCallsStatus' });
  return {
    logs: r.logs.map((l) => ({ address: l.address, topics: l.topics, data: l.data })),
    status: r.status,
    blockHash: r.blockHash,
    blockNumber: r.blockNumber,
    gasUsed: r.gasUsed,
    transactionHash: hash,
  };
}

/** A status source over the wallet's repository and a verified chain (the app host's; tests run it in place). */
export function repoCallsStatus(repo: WalletRepo, chainId: () => number | undefined, reader: () => { getTransactionReceipt(hash: Uint8Array): Promise<unknown> } | undefined): (origin: string, id: string) => Promise<CallsStatus> {
  return (origin, id) =>
    callsStatus(
      {
        batch: (o, i) => repo.batches.get(o, i),
        activity: (hash) => repo.getActivity(hash),
        chainId,
        receipt: async (hash) => {
          const r = reader();
          if (!r) throw new TransportError('NOT_AVAILABLE', 'no execution endpoint to prove the batch receipts with', { url: 'wallet_getCallsStatus' });
          return r.getTransactionReceipt(hash);
        },
      },
      origin,
      id,
    );
}
