/**
 * The wallet's tables: the encrypted vault, each origin's permissions (EIP-2255), the activity
 * (transactions this wallet signed, until a verified receipt confirms them) and the approvals a
 * dApp is waiting on (kept so that a service worker stopped mid-approval neither loses the
 * request nor signs it twice). Nothing here is key material in clear: the vault record is
 * ciphertext (src/wallet/vault.ts), the rest is public.
 * @module
 */
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { followedTokenProblem } from '../core/token-rules.ts';
import type { EntityTable } from 'dexie';
import { CallBatchRepo, type CallBatchRow, type CallBatchTables } from './call-batches.ts';
import { guardDb } from './errors.ts';
import type { TransactionEffects } from '../wallet/transaction-effects.ts';

/** The single vault (id `main`): the keyring encrypted, and the public list of its accounts. */
export interface VaultRow {
  id: 'main';
  /** The vault record of src/wallet/vault.ts (JSON-safe). */
  record: unknown;
  /** Checksummed addresses in the keyring's order, shown while locked (public: they are on chain). */
  addresses: string[];
  /** Names the user gave, by address. */
  names: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** EIP-2255: what an origin was granted. Only `eth_accounts` exists today. */
export interface PermissionRow {
  origin: string;
  /** Checksummed addresses the origin may see and ask signatures for. */
  accounts: string[];
  grantedAt: number;
  lastUsedAt: number;
}

export type ActivityStatus =
  /** Signed and written down, not yet sent to any RPC. */
  | 'signed'
  /** Sent; no verified receipt yet. Its stored bytes go out again at each new verified head. */
  | 'pending'
  /** A verified receipt with status 1 in a block that is not finalized: a reorg can still undo it. */
  | 'included'
  /** A verified receipt with status 1 in a finalized block. */
  | 'final'
  /** A verified receipt with status 0 (it ran and reverted; the fee was paid). */
  | 'failed'
  /** Its nonce was proven used by another transaction of this wallet (a speed-up or a cancel). */
  | 'replaced'
  /** Its nonce was proven used by a transaction Vigil did not send (or by no transaction of its sender). */
  | 'dropped';

/** The verified block that settled a transaction: its receipt's, or the one where its nonce was used. */
export interface SettledIn {
  blockNumber: number;
  blockHash: string;
  /** At or below the finalized head, and canonical: no longer re-checked. */
  final: boolean;
}

export interface ActivityRow {
  /** Transaction hash, 0x-hex (primary key). */
  hash: string;
  chainId: number;
  networkId: string;
  from: string;
  to: string | null;
  /** Decimal strings (bigints do not survive structured clone everywhere). */
  nonce: string;
  value: string;
  maxCost: string;
  raw: string;
  origin: string;
  /** A short description for the list ("Send 1.5 ETH", "approve USDC"). */
  summary: string;
  status: ActivityStatus;
  createdAt: number;
  updatedAt: number;
  /** `effectiveGasPrice` (decimal wei per gas, from the verified block): absent in rows from before it was kept, and where only the nonce's use was proven. */
  receipt?: { blockNumber: number; blockHash: string; gasUsed: string; status: 0 | 1; effectiveGasPrice?: string };
  /** Where it settled (receipt, or the nonce's use), until final re-checked against the canonical chain at each head. */
  settledIn?: SettledIn;
  /** The transaction that used its nonce (replaced, dropped). */
  replacedBy?: string;
  /** A step of a forced exit: its exit follows it, and a speed-up of it (and plans it again if it is dropped or cancelled). */
  exitStep?: true;
  /** The transaction this one replaces (a speed-up or a cancel), and which. */
  replaces?: { hash: string; kind: 'speedUp' | 'cancel' };
  /** The verified head's block number when it was signed: where a search for its nonce's use starts. */
  signedAtBlock?: number;
  /** Times its bytes were sent again, and the head (its block number, decimal) they last went out at. */
  rebroadcasts?: number;
  lastBroadcastHead?: string;
  /** How many times its block left the canonical chain (a reorg). */
  reorgs?: number;
  /** Why broadcast failed, last time it was tried. */
  lastError?: string;
  /**
   * Unsettled above a nonce no transaction of this wallet holds (decimal): it cannot be included
   * until that nonce is used (the next transaction takes it). Set and cleared at each activity pass.
   */
  waitsFor?: string;
  /** What its simulation showed, proven at the head it was signed against (src/wallet/transaction-effects.ts). */
  effects?: TransactionEffects;
  /** Its call as the window decoded it (src/client/wallet/call-summary.ts DecodedCall, with a followed token's symbol and decimals; null: no data): the activity says what it did from it. Absent in older rows. */
  decoded?: Record<string, unknown> | null;
  /** The name the recipient was chosen by, proven for the window to resolve to `address` (src/client/wallet/names/recipient-name.ts). */
  recipientName?: { name: string; address: string };
}

/** `delegation`: the popup's own EIP-7702 delegation or revocation (src/client/wallet/delegation/requests.ts). */
export type ApprovalKind = 'connect' | 'transaction' | 'calls' | 'personalSign' | 'typedData' | 'watchAsset' | 'switchChain' | 'delegation';

export interface ApprovalRow {
  id: string;
  /** The page request's identity across service-worker restarts (the bridge's session and id). */
  requestKey: string;
  origin: string;
  kind: ApprovalKind;
  /** The request as the dApp sent it (params), for the window and for a retry. */
  request: unknown;
  status: 'pending' | 'approved' | 'rejected' | 'done' | 'failed';
  /** The answer given to the dApp (a hash, a signature, accounts), once done. */
  result?: unknown;
  /** { code, message } when failed or rejected. */
  error?: { code: string; message: string };
  createdAt: number;
  updatedAt: number;
}

export interface WatchedToken {
  address: string;
  symbol: string;
  decimals: number;
}

/** How long finished approvals are kept (a late retry of the same request gets the same answer). */
export const APPROVAL_RETENTION_MS = 60 * 60 * 1000;

/** The tables this repository keeps (the `vigil` database has them: src/storage/db.ts); `settings` holds the tokens. */
export type WalletTables = CallBatchTables & {
  vault: EntityTable<VaultRow, 'id'>;
  permissions: EntityTable<PermissionRow, 'origin'>;
  activity: EntityTable<ActivityRow, 'hash'>;
  approvals: EntityTable<ApprovalRow, 'id'>;
  settings: EntityTable<{ key: string; value: unknown }, 'key'>;
};

export class WalletRepo {
  /** The EIP-5792 batches sites sent (their own table, in the same database). */
  readonly batches: CallBatchRepo;

  constructor(private readonly db: WalletTables) {
    this.batches = new CallBatchRepo(db);
  }

  getVault(): Promise<VaultRow | undefined> {
    return wrap('vault get', () => this.db.vault.get('main'));
  }

  async putVault(row: VaultRow): Promise<void> {
    if (row.id !== 'main') throw new InputError('"vault" id expected "main"');
    await wrap('vault put', () => this.db.vault.put(row));
  }

  /**
   * Forgets the wallet: the vault and everything kept of its accounts, in one transaction: the
   * sites' permissions, the approvals, the activity (its transactions stop being tracked and sent
   * again), the call batches, the followed tokens and the wrong-password count. What a new wallet
   * starts with is what a fresh install has. The rollups' exits and L2 transfers (their own tables,
   * kept by the app host) are not touched: see src/client/wallet/accounts.ts.
   */
  async deleteVault(): Promise<void> {
    await wrap('vault delete', () =>
      this.db.transaction('rw', [this.db.vault, this.db.permissions, this.db.approvals, this.db.activity, this.db.callBatches, this.db.settings], async () => {
        await this.db.vault.delete('main');
        await this.db.permissions.clear();
        await this.db.approvals.clear();
        await this.db.activity.clear();
        await this.db.callBatches.clear();
        await this.db.settings.where('key').startsWith('wallet.').delete();
      }),
    );
  }

  getPermission(origin: string): Promise<PermissionRow | undefined> {
    return wrap('permission get', () => this.db.permissions.get(origin));
  }

  listPermissions(): Promise<PermissionRow[]> {
    return wrap('permission list', () => this.db.permissions.toArray());
  }

  async putPermission(row: PermissionRow): Promise<void> {
    await wrap('permission put', () => this.db.permissions.put(row));
  }

  async deletePermission(origin: string): Promise<void> {
    await wrap('permission delete', () => this.db.permissions.delete(origin));
  }

  getActivity(hash: string): Promise<ActivityRow | undefined> {
    return wrap('activity get', () => this.db.activity.get(hash));
  }

  /** Newest first. */
  async listActivity(limit = 100): Promise<ActivityRow[]> {
    return wrap('activity list', () => this.db.activity.orderBy('createdAt').reverse().limit(limit).toArray());
  }

  async putActivity(row: ActivityRow): Promise<void> {
    await wrap('activity put', () => this.db.activity.put(row));
  }

  /** This sender's transactions on this chain not yet settled by a verified receipt or a proven use of their nonce. */
  async unsettled(chainId: number, from?: string): Promise<ActivityRow[]> {
    const rows = await wrap('activity unsettled', () => this.db.activity.where('status').anyOf('signed', 'pending').toArray());
    return rows.filter((r) => r.chainId === chainId && (from === undefined || r.from.toLowerCase() === from.toLowerCase()));
  }

  /**
   * In one read: the sender's unsettled transactions on this chain and its batches there with calls
   * not yet sent. A batch's call the app host sends meanwhile moves from the one to the other in
   * one write (CallBatchStore.claim), so it is seen in exactly one of them, never in neither.
   */
  async unsettledWithBatches(chainId: number, from: string): Promise<{ unsettled: ActivityRow[]; batches: CallBatchRow[] }> {
    return wrap('pending', () =>
      this.db.transaction('r', this.db.activity, this.db.callBatches, async () => ({ unsettled: await this.unsettled(chainId, from), batches: await this.batches.waiting(chainId, from) })),
    );
  }

  /** This chain's transactions a reorg can still change: unsettled, or settled in a block not yet final. */
  async notFinal(chainId: number): Promise<ActivityRow[]> {
    const rows = await wrap('activity not final', () => this.db.activity.where('status').anyOf('signed', 'pending', 'included', 'failed', 'replaced', 'dropped').toArray());
    return rows.filter((r) => r.chainId === chainId && (r.status === 'signed' || r.status === 'pending' || r.settledIn?.final === false));
  }

  getApproval(id: string): Promise<ApprovalRow | undefined> {
    return wrap('approval get', () => this.db.approvals.get(id));
  }

  findApproval(requestKey: string): Promise<ApprovalRow | undefined> {
    return wrap('approval find', () => this.db.approvals.where('requestKey').equals(requestKey).first());
  }

  listApprovals(status?: ApprovalRow['status']): Promise<ApprovalRow[]> {
    return wrap('approval list', () => (status ? this.db.approvals.where('status').equals(status).toArray() : this.db.approvals.toArray()));
  }

  async putApproval(row: ApprovalRow): Promise<void> {
    await wrap('approval put', () => this.db.approvals.put(row));
  }

  /**
   * Moves an approval from `from` to the next state only if it is still in `from` (a second
   * click, or a second background after a restart, finds it moved and does nothing).
   * @returns whether this caller made the move.
   */
  async transitionApproval(id: string, from: ApprovalRow['status'], patch: Partial<ApprovalRow> & { status: ApprovalRow['status'] }): Promise<boolean> {
    return wrap('approval transition', () =>
      this.db.transaction('rw', this.db.approvals, async () => {
        const row = await this.db.approvals.get(id);
        if (!row || row.status !== from) return false;
        await this.db.approvals.put({ ...row, ...patch });
        return true;
      }),
    );
  }

  /**
   * ERC-20 tokens the user follows on a chain (wallet_watchAsset, or added in the popup), as
   * stored: rows an older version kept may break today's rule (src/client/wallet/followed-tokens.ts
   * reads them).
   */
  async tokens(chainId: number): Promise<unknown[]> {
    const row = await wrap('tokens get', () => this.db.settings.get(`wallet.tokens.${chainId}`));
    return Array.isArray(row?.value) ? (row.value as unknown[]) : [];
  }

  /** Follows `token` (in place of a row of the same address). @throws InputError for one that breaks the rule (src/core/token-rules.ts). */
  async addToken(chainId: number, token: WatchedToken): Promise<void> {
    const problem = followedTokenProblem(token);
    if (problem !== undefined) throw new InputError(`the token is not stored: ${problem}`);
    const list = (await this.tokens(chainId)).filter((t) => !sameToken(t, token.address));
    await wrap('tokens put', () => this.db.settings.put({ key: `wallet.tokens.${chainId}`, value: [...list, { address: token.address, symbol: token.symbol, decimals: token.decimals }].slice(-100) }));
  }

  /** Stops following the token at `address` (every row of it, readable or not). */
  async removeToken(chainId: number, address: string): Promise<void> {
    const list = (await this.tokens(chainId)).filter((t) => !sameToken(t, address));
    await wrap('tokens put', () => this.db.settings.put({ key: `wallet.tokens.${chainId}`, value: list }));
  }

  /** The wrong passwords in a row, as src/client/wallet/keyring-session.ts counts them (as stored: read defensively there). */
  async passwordFailures(): Promise<unknown> {
    return (await wrap('password failures get', () => this.db.settings.get('wallet.passwordFailures')))?.value;
  }

  async setPasswordFailures(state: { failures: number; lastFailureAt: number }): Promise<void> {
    await wrap('password failures put', () => this.db.settings.put({ key: 'wallet.passwordFailures', value: { failures: state.failures, lastFailureAt: state.lastFailureAt } }));
  }

  /** Drops finished approvals older than the retention. */
  async pruneApprovals(now: number): Promise<void> {
    await wrap('approval prune', () =>
      this.db.approvals
        .filter((r) => r.status !== 'pending' && r.status !== 'approved' && now - r.updatedAt > APPROVAL_RETENTION_MS)
        .delete(),
    );
  }
}

function sameToken(row: unknown, address: string): boolean {
  return isObject(row) && typeof row.address === 'string' && row.address.toLowerCase() === address.toLowerCase();
}

/** One database operation of this store (./errors.ts guardDb): a failure inside IndexedDB is `DB_ERROR` naming it. */
function wrap<T>(what: string, fn: () => PromiseLike<T>): Promise<T> {
  return guardDb(`wallet ${what}`, fn);
}
