/**
 * Transactions the wallet itself decided on (a forced exit's steps the user started): filled from
 * verified state and signed only when the signing policy agrees, with no window (its tip from
 * verified blocks only: ./tip.ts), and recorded in the activity; a step in no verified
 * block for a while is signed again at its nonce, recorded as its speed-up. Nothing is broadcast on signing: the caller saves the bytes first, then sends them
 * ({@link OwnTransactions.broadcast}, again after a restart: the same bytes).
 * @module
 */
import { bigIntToHex, hexToBytes } from '../../core/bytes.ts';
import type { ExitL2TxRequest } from '../../l2/exit-plan.ts';
import { WalletError } from '../../wallet/errors.ts';
import { DEFAULT_UNATTENDED_MAX_COST, refusalError } from '../../wallet/policy.ts';
import { isAddress, toChecksumAddress } from '../../wallet/keys.ts';
import type { ReplacedTransaction } from '../../wallet/replacement-fees.ts';
import type { ActivityRow } from '../../storage/wallet.ts';
import type { Activity } from './activity.ts';
import type { NetworkInfo } from './approvals.ts';
import type { KeyringSession } from './keyring-session.ts';
import { WALLET_ORIGIN } from './permissions.ts';
import type { TransactionParams } from './requests.ts';
import type { PreparedTransaction, WalletChain } from './transactions.ts';

export interface OwnTransactionsDeps {
  keyring: KeyringSession;
  activity: Activity;
  chain(): WalletChain | undefined;
  network(): NetworkInfo | undefined;
  /**
   * A request prepared from verified state under the signing policy (src/client/wallet/requests.ts),
   * its fees bounded as signed with no window; `replaces`: at that pending transaction's nonce, its
   * fees by the replacement rule (./tip.ts).
   */
  prepare(origin: string, params: TransactionParams, unattended: { maxCost: bigint }, replaces?: ReplacedTransaction): Promise<PreparedTransaction>;
  /** The most one of these transactions may cost without the user's approval (wei; the user's setting). Undefined: the policy's 0.05 ETH. */
  maxUnattendedCost?: () => bigint | undefined;
}

/** An L2 transaction of a forced exit, as the exit plan gives it (less its label). */
export type OwnL2Transaction = Omit<ExitL2TxRequest, 'label'>;

export class OwnTransactions {
  constructor(private readonly deps: OwnTransactionsDeps) {}

  /**
   * An L1 transaction, signed under the signing policy and recorded in the activity as signed.
   * @throws WalletError (LOCKED, DISCONNECTED, a policy refusal).
   */
  async sign(params: {
    from: string;
    to: string;
    data: string;
    summary: string;
    /** Wei sent with it (default 0). */
    value?: bigint;
    /** The most it may cost in fees and value (wei) when the user allowed more than the default. */
    maxCost?: bigint;
    /**
     * The step's own pending transaction this one replaces (it was in no verified block for a
     * while: src/client/exits/plan-runner.ts): signed at its nonce, both fees by the replacement
     * rule, and recorded as its speed-up.
     */
    replaces?: { hash: string; nonce: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint };
  }): Promise<{ hash: string; raw: string }> {
    await this.deps.keyring.ready();
    const network = this.deps.network();
    const value = bigIntToHex(params.value ?? 0n);
    const maxCost = params.maxCost ?? this.deps.maxUnattendedCost?.() ?? DEFAULT_UNATTENDED_MAX_COST;
    const r = params.replaces;
    const request = { from: params.from, to: params.to, data: params.data, value, ...(r ? { nonce: bigIntToHex(r.nonce) } : {}) };
    const prepared = await this.deps.prepare(WALLET_ORIGIN, request, { maxCost }, r ? { nonce: r.nonce, maxFeePerGas: r.maxFeePerGas, maxPriorityFeePerGas: r.maxPriorityFeePerGas } : undefined);
    if (!network) throw new WalletError('DISCONNECTED', 'Vigil is not connected to any network yet');
    if (!prepared.verdict.ok) throw refusalError(prepared.verdict.refusals);
    const s = await this.deps.keyring.signTransaction(params.from, prepared.tx);
    await this.deps.activity.recordSigned(network, s, prepared.tx, WALLET_ORIGIN, params.summary.slice(0, 80), { exitStep: true, ...(r ? { replaces: { hash: r.hash, kind: 'speedUp' as const } } : {}) });
    return { hash: s.hash, raw: s.raw };
  }

  /**
   * An L2 transaction signed with the account's own key (EIP-1559, on the L2's chain id): the exit
   * sends its bytes through L1.
   * @throws WalletError LOCKED, UNKNOWN_ACCOUNT, INVALID_TRANSACTION.
   */
  async signL2(from: string, tx: OwnL2Transaction): Promise<{ hash: string; raw: string }> {
    if (!isAddress(tx.to)) throw new WalletError('INVALID_TRANSACTION', `an L2 transaction's recipient is not an address: ${String(tx.to).slice(0, 60)}`);
    const to = toChecksumAddress(tx.to) as `0x${string}`;
    const s = await this.deps.keyring.signTransaction(from, { type: 2, chainId: BigInt(tx.chainId), nonce: tx.nonce, gasLimit: tx.gasLimit, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, to, value: tx.value, data: hexToBytes(tx.data, undefined, 'L2 transaction data'), accessList: [] });
    return { hash: s.hash, raw: s.raw };
  }

  /** Sends bytes {@link sign} signed (again after a restart: the same bytes; "already known" is no failure). */
  async broadcast(raw: string): Promise<void> {
    const chain = this.deps.chain();
    if (!chain) throw new WalletError('DISCONNECTED', 'Vigil cannot send on this network: no execution RPC');
    await this.deps.activity.broadcast(chain, raw);
  }
}

/** Replacements still able to take a nonce (a dropped or replaced one no longer can). */
const LIVE: ReadonlySet<ActivityRow['status']> = new Set<ActivityRow['status']>(['signed', 'pending', 'included', 'final']);

/** The user's speed-up or cancel of an exit's transaction (from the popup's activity), as the wallet recorded it. */
export interface UserReplacement {
  hash: string;
  raw: string;
  kind: 'speedUp' | 'cancel';
  /** The verified head it was signed at. */
  signedAtBlock?: number;
}

/**
 * The user's speed-ups and cancels among the wallet's activity of the transactions `hashes`, and
 * of what replaced them in turn (the newest of a transaction's, when several), keyed by the
 * replaced hash in lower case: how an exit learns that a step of it was replaced from the popup
 * (src/client/exits/plan-runner.ts ExitPlanRunnerDeps.replacementOf). The activity is listed once.
 */
export async function replacementInActivity(repo: { listActivity(limit?: number): Promise<ActivityRow[]> }, hashes: readonly string[]): Promise<Map<string, UserReplacement>> {
  const byReplaced = new Map<string, ActivityRow>();
  // Newest first: the first row replacing a hash is its newest replacement.
  for (const row of await repo.listActivity()) {
    const key = row.replaces?.hash.toLowerCase();
    if (key !== undefined && LIVE.has(row.status) && !byReplaced.has(key)) byReplaced.set(key, row);
  }
  const out = new Map<string, UserReplacement>();
  const todo = hashes.map((h) => h.toLowerCase());
  for (let key = todo.pop(); key !== undefined; key = todo.pop()) {
    const row = byReplaced.get(key);
    if (row === undefined || out.has(key)) continue;
    out.set(key, { hash: row.hash, raw: row.raw, kind: row.replaces!.kind, ...(row.signedAtBlock !== undefined ? { signedAtBlock: row.signedAtBlock } : {}) });
    todo.push(row.hash.toLowerCase());
  }
  return out;
}
