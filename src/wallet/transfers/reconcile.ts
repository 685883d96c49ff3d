/**
 * Reconciliation's arithmetic (issue 56): per asset, the proven balance change of an account over
 * a range set against the proven transfers in it. change = after − before; explained = Σ in − Σ
 * out of the transfers (ether: less the account's own transactions' value and fees);
 * unexplained = change − explained. The words say why an amount is unexplained, never blaming an
 * endpoint for what no log records. Pure: balances, transfers and the fork arrive as values.
 * @module
 */
import type { AssetReconciliation, ProvenTransfer, RangeCoverage, TransferStandard } from './types.ts';

/** One asset an account's balance is read for: ERC-1155 balances are per token id. */
export interface AssetKey {
  asset: string;
  standard: TransferStandard;
  /** ERC-1155 only. */
  tokenId?: bigint;
}

/** A transaction the account sent in the range, from its verified receipt. */
export interface OwnTransaction {
  transactionHash: string;
  /** Wei sent with it (0 when it failed: a reverted transaction moves no value). */
  value: bigint;
  /** gasUsed × effectiveGasPrice (+ blobGasUsed × blobGasPrice). */
  fee: bigint;
}

export interface ReconcileInput {
  account: string;
  key: AssetKey;
  fromBlock: bigint;
  toBlock: bigint;
  /** Proven balances after fromBlock − 1 and after toBlock; undefined when they could not be proven. */
  before?: bigint;
  after?: bigint;
  /** All the range's proven transfers (the asset's are picked out). */
  transfers: readonly ProvenTransfer[];
  coverage: Exclude<RangeCoverage, 'unreconciled'>;
  /** Ether: the account's own transactions found in the range. */
  ownTransactions?: readonly OwnTransaction[];
  /** Ether: how many the proven nonce change says it sent (more than found: their fees are unexplained). */
  ownTransactionCount?: bigint;
  /** Ether: whether EIP-7708 logs ether transfers over the whole range (Amsterdam active at fromBlock). */
  etherLogged?: boolean;
  /** `unreconciled`: the oldest block whose state an endpoint serves, when found. */
  reach?: bigint;
}

/** The asset key's identity as a string (ERC-1155 ids apart). */
export function assetId(key: AssetKey): string {
  return key.tokenId === undefined ? key.asset : `${key.asset}#${key.tokenId}`;
}

/** The distinct assets the transfers move (ERC-1155 per id), ether first, then in order of appearance. */
export function assetsOf(transfers: readonly ProvenTransfer[]): AssetKey[] {
  const keys = new Map<string, AssetKey>([['native', { asset: 'native', standard: 'native' }]]);
  for (const t of transfers) {
    const key: AssetKey = t.standard === 'erc1155' ? { asset: t.asset, standard: t.standard, tokenId: t.tokenId ?? 0n } : { asset: t.asset, standard: t.standard };
    if (!keys.has(assetId(key))) keys.set(assetId(key), key);
  }
  return [...keys.values()];
}

/** Σ in − Σ out of `key`'s transfers for `account` (a transfer to itself nets nothing). */
export function transferDelta(account: string, key: AssetKey, transfers: readonly ProvenTransfer[]): bigint {
  const me = account.toLowerCase();
  let delta = 0n;
  for (const t of transfers) {
    if (t.asset !== key.asset || t.standard !== key.standard) continue;
    if (key.tokenId !== undefined && t.tokenId !== key.tokenId) continue;
    if (t.to === me) delta += t.amount;
    if (t.from === me) delta -= t.amount;
  }
  return delta;
}

/**
 * One asset's reconciliation. A token's unexplained amount under a bloom scan is not thrown: a
 * rebasing or fee-on-transfer token changes balances without logs, so it is said, not refused.
 */
export function reconcileAsset(input: ReconcileInput): AssetReconciliation {
  const { key, fromBlock, toBlock } = input;
  let explained = transferDelta(input.account, key, input.transfers);
  const notes: string[] = [];
  if (key.standard === 'native') {
    const logged = new Set(input.transfers.filter((t) => t.standard === 'native' && t.from === input.account.toLowerCase()).map((t) => t.transactionHash.toLowerCase()));
    for (const tx of input.ownTransactions ?? []) {
      // From Amsterdam a transaction's value is an EIP-7708 log already counted among the transfers.
      if (!logged.has(tx.transactionHash.toLowerCase())) explained -= tx.value;
      explained -= tx.fee;
    }
    const found = BigInt(input.ownTransactions?.length ?? 0);
    if (input.ownTransactionCount !== undefined && input.ownTransactionCount > found) {
      notes.push(`${input.ownTransactionCount - found} of the account's ${input.ownTransactionCount} own transactions were not found: their value and fees are not explained`);
    }
  }
  const base = { asset: key.asset, standard: key.standard, ...(key.tokenId !== undefined ? { tokenId: key.tokenId } : {}), fromBlock, toBlock, explained };
  if (input.before === undefined || input.after === undefined) {
    const reach = input.reach === undefined ? 'no endpoint serves state that old' : `endpoints serve state from block ${input.reach} on`;
    return { ...base, coverage: 'unreconciled', because: `balances at blocks ${fromBlock - 1n} and ${toBlock} could not be proven (${reach})`, ...(input.reach !== undefined ? { reach: input.reach } : {}) };
  }
  const change = input.after - input.before;
  const unexplained = change - explained;
  if (unexplained !== 0n) notes.unshift(unexplainedWords(key, unexplained, input));
  return { ...base, change, unexplained, coverage: input.coverage, ...(notes.length > 0 ? { because: notes.join('; ') } : {}) };
}

function unexplainedWords(key: AssetKey, unexplained: bigint, input: ReconcileInput): string {
  const between = `between blocks ${input.fromBlock} and ${input.toBlock}`;
  const reason = unexplainedReason(key, unexplained, input);
  if (key.standard === 'native') return `${unexplained} wei unexplained ${between}: ${reason}`;
  if (input.coverage === 'bloom-scan') return `${unexplained} unexplained ${between} ${reason}`;
  return `${reason}: ${unexplained} unexplained ${between}`;
}

/**
 * Why an amount is unexplained, in words without the amount (the activity's ether row says it
 * beside its own): before Amsterdam ether moves by transactions, calls and withdrawals without a
 * log, which is never an endpoint's fault.
 */
export function unexplainedReason(key: Pick<AssetKey, 'standard'>, unexplained: bigint, input: Pick<ReconcileInput, 'coverage' | 'etherLogged'>): string {
  if (key.standard === 'native') {
    // Ether leaves an account without a transaction of its own only through code it delegates to (EIP-7702), or by one not found.
    if (unexplained < 0n && input.etherLogged !== true) return 'sent by a call into code the account delegates to (EIP-7702) or by a transaction of it not found (no log records these before Amsterdam)';
    if (unexplained < 0n && input.coverage === 'bloom-scan') return 'fees of transactions not found (a fee leaves no log)';
    if (input.etherLogged !== true) return 'received by a transaction, a contract call or a withdrawal (no log records these before Amsterdam)';
    if (input.coverage === 'bloom-scan') return 'withdrawals and fees paid to a block\'s proposer leave no log';
    return 'transfers not reported, or withdrawals and proposer fees (no log records these)';
  }
  // Every log of the range was read: the token moved balances without one (rebasing, fee on transfer, or a broken token).
  if (input.coverage === 'bloom-scan') return 'although every block was scanned: the token changes balances without Transfer logs';
  return 'transfers not reported';
}
