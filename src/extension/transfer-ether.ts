/**
 * The app host's proven reads for ether that moves without a log (src/client/wallet/transfers/
 * ether-pass.ts): balances and nonces by account proof at canonical verified headers (checked in
 * the worker pool, as the wallet's balances are), whether EIP-7708 logs ether there (the proven
 * header carries EIP-7928's block access list hash exactly from Amsterdam on), and the account's
 * own transactions: the wallet's activity rows with verified receipts, then the nonces none of them
 * covers found by proven nonces.
 * @module
 */
import { bytesToHex } from '../core/bytes.ts';
import type { RollupSession } from '../client/rollups/session.ts';
import { verifiedNonceReader } from '../client/verified/nonce-use.ts';
import { type EtherReader, ownTransactionsOf } from '../client/wallet/transfers/ether-pass.ts';
import { findOwnTransactions } from '../client/wallet/transfers/own-transactions.ts';
import { TransportError } from '../rpc/errors.ts';
import type { WalletRepo } from '../storage/wallet.ts';

/** The reader over the session's verified chain; each read throws NOT_AVAILABLE while it has no execution endpoint. */
export function etherReaderOver(session: Pick<RollupSession, 'execution' | 'reader' | 'profile'>, wallet: Pick<WalletRepo, 'listActivity'>): EtherReader {
  const services = () => {
    const execution = session.execution();
    const reader = session.reader();
    if (!execution || !reader) throw new TransportError('NOT_AVAILABLE', 'no execution endpoint to prove balances with', { url: 'transfers' });
    return { chain: execution.chain, reader };
  };
  const prove = async (account: string, at: { blockNumber: bigint; stateRoot: Uint8Array }) => {
    const a = await services().reader.read({ head: { blockNumber: Number(at.blockNumber), stateRoot: bytesToHex(at.stateRoot) }, address: account, storageKeys: [], code: false });
    return { balance: BigInt(a.balance), nonce: BigInt(a.nonce) };
  };
  const accountAt = async (account: string, block: bigint) => prove(account, { blockNumber: block, stateRoot: (await services().chain.headers.byNumber(block)).header.stateRoot });
  return {
    accountAt,
    async blockTime(block) {
      return Number((await services().chain.headers.byNumber(block)).header.timestamp);
    },
    async etherLoggedAt(block) {
      // The header's hash covers the field: a proven header has it exactly from Amsterdam on.
      return (await services().chain.headers.byNumber(block)).header.blockAccessListHash !== undefined;
    },
    async ownTransactions(q) {
      const { chain } = services();
      const chainId = session.profile()?.chainId;
      const activity = (await wallet.listActivity()).filter((a) => a.chainId === chainId);
      const nonces = verifiedNonceReader(chain, async (address, at) => (await prove(address, at)).nonce);
      return ownTransactionsOf({ activity, find: (query) => findOwnTransactions({ nonces, chain }, query) }, q);
    },
  };
}
