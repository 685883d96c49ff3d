/**
 * Ether that came in or went out without a log (issue 56): before Amsterdam a plain transaction, a
 * contract call or a withdrawal credits an account without any log, so the follower proves each
 * account's balance and nonce at the end of each pass and sets the next pass's against it, without
 * old state: change = balance(end) − balance(start); explained = the range's proven ether
 * transfers (EIP-7708 logs, from Amsterdam) and the account's own transactions (value and fee),
 * by the one arithmetic of src/wallet/transfers/reconcile.ts. What is left is a stored row, proven
 * by the two balances' blocks.
 * @module
 */
import type { ActivityRow } from '../../../storage/wallet.ts';
import { type EtherMark, type TransferRow, unloggedKey } from '../../../storage/transfers.ts';
import { reconcileAsset, unexplainedReason } from '../../../wallet/transfers/reconcile.ts';
import type { ProvenTransfer } from '../../../wallet/transfers/types.ts';
import { MAX_OWN_TRANSACTIONS } from './own-transactions.ts';
import type { LocatedOwnTransaction } from './reconcile.ts';

/** Proven reads the ether pass needs, at canonical blocks linked to the verified heads. */
export interface EtherReader {
  /** The account's balance and nonce proven after `block`; TransportError when no endpoint keeps that state. */
  accountAt(account: string, block: bigint): Promise<{ balance: bigint; nonce: bigint }>;
  /** The verified header's time (seconds) at `block`. */
  blockTime(block: bigint): Promise<number>;
  /** Whether EIP-7708 logs ether transfers in `block` (Amsterdam is active there). */
  etherLoggedAt(block: bigint): Promise<boolean>;
  /** The account's transactions with nonces `nonceBefore` … `nonceAfter − 1` in blocks `fromBlock` … `toBlock` ({@link ownTransactionsOf}). */
  ownTransactions(params: OwnTransactionQuery): Promise<LocatedOwnTransaction[]>;
}

export interface OwnTransactionQuery {
  account: string;
  fromBlock: bigint;
  toBlock: bigint;
  nonceBefore: bigint;
  nonceAfter: bigint;
}

/** What the pass leaves: the mark the next pass starts from, and the row of what moved without a log. */
export interface EtherPassResult {
  mark: EtherMark;
  row?: TransferRow;
}

export interface EtherPassParams {
  chainId: number;
  /** Lower-case. */
  account: string;
  /** The range (`fromBlock − 1` is where `before` was proven). */
  fromBlock: bigint;
  toBlock: bigint;
  /** The canonical hash of `toBlock`, of `fromBlock − 1`. */
  toHash: string;
  beforeHash: string;
  /** The balance and nonce after `fromBlock − 1`; undefined: the account's first pass, only recorded. */
  before?: EtherMark;
  /** The range's proven transfers (its ether ones explain). */
  transfers: readonly ProvenTransfer[];
  final: boolean;
}

/**
 * Proves the balance at the range's end and, when `before` is there, stores what the range's
 * transfers and own transactions leave unexplained.
 * @throws what the reader throws: the pass fails whole, nothing stored
 */
export async function etherPass(reader: EtherReader, p: EtherPassParams): Promise<EtherPassResult> {
  const after = await reader.accountAt(p.account, p.toBlock);
  const mark: EtherMark = { block: Number(p.toBlock), hash: p.toHash.toLowerCase(), balance: after.balance.toString(), nonce: after.nonce.toString() };
  if (p.before === undefined || p.before.block !== Number(p.fromBlock) - 1) return { mark };
  const nonceBefore = BigInt(p.before.nonce);
  const own = after.nonce > nonceBefore ? await reader.ownTransactions({ account: p.account, fromBlock: p.fromBlock, toBlock: p.toBlock, nonceBefore, nonceAfter: after.nonce }) : [];
  const etherLogged = await reader.etherLoggedAt(p.fromBlock);
  const input = {
    account: p.account,
    key: { asset: 'native', standard: 'native' as const },
    fromBlock: p.fromBlock,
    toBlock: p.toBlock,
    before: BigInt(p.before.balance),
    after: after.balance,
    transfers: p.transfers.filter((t) => t.standard === 'native'),
    coverage: 'bloom-scan' as const,
    ownTransactions: own,
    ownTransactionCount: after.nonce - nonceBefore,
    etherLogged,
  };
  const unexplained = reconcileAsset(input).unexplained ?? 0n;
  if (unexplained === 0n) return { mark };
  const missing = Number(after.nonce - nonceBefore) - own.length;
  const incoming = unexplained > 0n;
  const row: TransferRow = {
    key: unloggedKey(p.chainId, p.toHash, p.account),
    chainId: p.chainId,
    asset: 'native',
    standard: 'native',
    from: incoming ? '' : p.account,
    to: incoming ? p.account : '',
    amount: (incoming ? unexplained : -unexplained).toString(),
    block: Number(p.toBlock),
    blockHash: p.toHash.toLowerCase(),
    transactionHash: '',
    transactionIndex: -1,
    logIndex: -1,
    timestamp: await reader.blockTime(p.toBlock),
    found: 'bloom-scan',
    final: p.final,
    unlogged: { fromBlock: Number(p.fromBlock), beforeHash: p.beforeHash.toLowerCase(), because: unexplainedReason(input.key, unexplained, input), ...(missing > 0 ? { missing } : {}) },
  };
  return { mark, row };
}

/**
 * The account's own transactions over a range: the wallet's activity rows with a verified receipt
 * in the range give their value and fee (the fee needs its effectiveGasPrice); the nonces none of
 * them covers (sent from another wallet of the same key) are looked for by `find`
 * (./own-transactions.ts findOwnTransactions), at most {@link MAX_OWN_TRANSACTIONS} of them.
 */
export async function ownTransactionsOf(
  deps: { activity: readonly ActivityRow[]; find: (q: OwnTransactionQuery) => Promise<LocatedOwnTransaction[]> },
  q: OwnTransactionQuery,
): Promise<LocatedOwnTransaction[]> {
  const byNonce = new Map<bigint, LocatedOwnTransaction>();
  for (const a of deps.activity) {
    const r = a.receipt;
    if (a.from.toLowerCase() !== q.account || r === undefined || r.effectiveGasPrice === undefined) continue;
    const nonce = BigInt(a.nonce);
    if (nonce < q.nonceBefore || nonce >= q.nonceAfter || BigInt(r.blockNumber) < q.fromBlock || BigInt(r.blockNumber) > q.toBlock) continue;
    // A reverted transaction pays its fee and moves no value; one to the account itself gets its value back.
    const value = r.status === 1 && a.to?.toLowerCase() !== q.account ? BigInt(a.value) : 0n;
    byNonce.set(nonce, { transactionHash: a.hash.toLowerCase(), block: BigInt(r.blockNumber), value, fee: BigInt(r.gasUsed) * BigInt(r.effectiveGasPrice) });
  }
  let asked = 0;
  for (let nonce = q.nonceBefore; nonce < q.nonceAfter && asked < MAX_OWN_TRANSACTIONS; nonce++) {
    if (byNonce.has(nonce)) continue;
    asked++;
    // Its block lies between the known neighbours' (nonces are used in order).
    const below = [...byNonce].filter(([n]) => n < nonce).reduce((b, [, t]) => (t.block > b ? t.block : b), q.fromBlock);
    const above = [...byNonce].filter(([n]) => n > nonce).reduce((b, [, t]) => (t.block < b ? t.block : b), q.toBlock);
    for (const t of await deps.find({ account: q.account, fromBlock: below, toBlock: above, nonceBefore: nonce, nonceAfter: nonce + 1n })) byNonce.set(nonce, t);
  }
  return [...byNonce.values()].sort((a, b) => (a.block < b.block ? -1 : a.block > b.block ? 1 : 0));
}
