/**
 * The wallet in the background: the vault (Dexie), the unlocked keyring (memory, and
 * storage.session so a stopped service worker wakes up unlocked until the browser closes or the
 * auto-lock runs), per-origin permissions, approvals in their own window, signing under the
 * signing policy, broadcast, and the activity list that turns "confirmed" only on a verified
 * receipt. Free of browser APIs (injected), so it runs in Node tests as in the extension.
 *
 * Never signed twice: an approval moves pending → approved in one Dexie transaction (one click,
 * one background wins); the signed bytes are written down before they are sent; a background
 * that wakes up with an approved approval sends those same bytes again (an idempotent
 * broadcast), never a new signature. The page's request carries a key (the bridge's session and
 * the request id) so that a request sent again after a restart joins its approval.
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError, VigilError } from '../core/errors.ts';
import { prepareTransaction, recheckTransaction, type PreparedTransaction, type WalletChain } from '../client/wallet-transactions.ts';
import type { ChainReader } from '../provider/chain-methods.ts';
import { ProviderRpcError, RpcErrorCode } from '../provider/errors.ts';
import type { PortEvent } from '../provider/page-protocol.ts';
import type { Eip2255Permission, WalletBackend, WalletRequestContext } from '../provider/wallet-methods.ts';
import type { ActivityRow, ApprovalKind, ApprovalRow, PermissionRow, WalletRepo } from '../storage/wallet.ts';
import { formatEth } from '../ui/format.ts';
import { WalletError } from '../wallet/errors.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { toChecksumAddress } from '../wallet/keys.ts';
import { isL2KeyMessage } from '../wallet/l2-keys.ts';
import { parsePersonalMessage } from '../wallet/personal-message.ts';
import { parseTypedData } from '../wallet/typed-data.ts';
import { checkMessagePolicy, type PendingTransaction, type PolicyVerdict, type Refusal, type RequestOrigin } from '../wallet/policy.ts';
import { maxCost, type UnsignedTransaction } from '../wallet/transaction.ts';
import { parseTransactionRequest } from '../wallet/transaction-request.ts';
import type { ScryptParams } from '../wallet/vault.ts';
import { KeyringSession, repoVaultStore, type SessionStore } from '../client/keyring-session.ts';

export type { SessionStore };

export interface WalletControllerDeps {
  repo: WalletRepo;
  session: SessionStore;
  random(length: number): Uint8Array;
  now(): number;
  /** Opens the approval window for this approval (its own window, never an iframe). */
  openApproval(id: string): Promise<void>;
  /** The current network's verified chain for transactions; undefined when it cannot prove. */
  chain(): WalletChain | undefined;
  /** Verified receipts of the current network. */
  chainReader(): ChainReader | undefined;
  network(): { id: string; chainId: number; name: string } | undefined;
  /** Network ids by chain id, of networks Vigil can verify (a profile with a beacon API). */
  networkForChain(chainId: bigint): string | undefined;
  switchNetwork(id: string): Promise<void>;
  /** The chain pages see when it is not the network's own (a followed rollup switched to). */
  activeChainId?(): number | undefined;
  /** Sends an event to the pages of `origin` (every page when undefined). */
  emit(event: PortEvent, origin?: string): void;
  /** scrypt cost (tests pass a small one). */
  scrypt?: ScryptParams;
}

/** The site name of the wallet's own pages (the popup's send). */
export const WALLET_ORIGIN = 'vigil';

/** A dApp's sign-in window stays open at most this long; then the request fails as rejected. */
const APPROVAL_TIMEOUT_MS = 30 * 60 * 1000;

export interface WalletState {
  exists: boolean;
  locked: boolean;
  accounts: { address: string; kind: 'hd' | 'imported'; index?: number; name?: string }[];
  hasMnemonic: boolean;
  autoLockMinutes: number;
  pendingApprovals: string[];
  retryAt: number | null;
}

/** What the approval window shows (JSON). */
export interface ApprovalView {
  id: string;
  kind: ApprovalKind;
  origin: string;
  status: ApprovalRow['status'];
  locked: boolean;
  network: { id: string; chainId: number; name: string } | null;
  /** kind-specific: see the builders below. */
  details: Record<string, unknown>;
  error?: { code: string; message: string };
  result?: unknown;
}

export interface AccountBalances {
  /** The verified head the balances were proven at. */
  at: { blockNumber: number; blockHash: string; timestamp: number } | null;
  accounts: ({ address: string; balance: string; nonce: string; tokens: { token: string; balance: string | null }[] } | { address: string; error: string })[];
  tokens: { address: string; symbol: string; decimals: number }[];
}

interface Waiter {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

export class WalletController implements WalletBackend {
  readonly keyring: KeyringSession;
  private readonly waiters = new Map<string, Waiter[]>();
  /** Approval id → what was prepared for it (a transaction's fields, a parsed message). */
  private readonly prepared = new Map<string, unknown>();
  private tracking = false;

  constructor(private readonly deps: WalletControllerDeps) {
    this.keyring = new KeyringSession({
      vault: repoVaultStore(deps.repo, deps.now),
      session: deps.session,
      random: deps.random,
      now: deps.now,
      ...(deps.scrypt ? { scrypt: deps.scrypt } : {}),
      onLockChange: () => this.emitAccounts(),
    });
  }

  // ------------------------------------------------------------------ vault and keys

  async state(): Promise<WalletState> {
    const pending = await this.deps.repo.listApprovals('pending');
    return { ...(await this.keyring.state()), pendingApprovals: pending.map((a) => a.id) };
  }

  /** A fresh 12-word mnemonic for onboarding (nothing stored until `create`). */
  newMnemonic(): string {
    return this.keyring.newMnemonic();
  }

  /** Creates the vault from a mnemonic (new or restored) or a private key, and unlocks it. */
  async create(params: { password: string; mnemonic?: string; privateKey?: string }): Promise<WalletState> {
    await this.keyring.create(params);
    return this.state();
  }

  async unlock(password: string): Promise<WalletState> {
    await this.keyring.unlock(password);
    // Requests that waited for the unlock go on: their windows poll the state.
    return this.state();
  }

  async lock(): Promise<WalletState> {
    await this.keyring.lock();
    return this.state();
  }

  /** The mnemonic again, only with the password again. */
  revealMnemonic(password: string): Promise<string> {
    return this.keyring.revealMnemonic(password);
  }

  async addAccount(password: string): Promise<WalletState> {
    await this.keyring.addAccount(password);
    return this.state();
  }

  async importKey(privateKey: string, password: string): Promise<WalletState> {
    await this.keyring.importKey(privateKey, password);
    return this.state();
  }

  setAutoLock(minutes: number): Promise<void> {
    return this.keyring.setAutoLock(minutes);
  }

  /** Called by the keep-alive alarm: locks after the idle time. */
  checkAutoLock(): Promise<void> {
    return this.keyring.checkAutoLock();
  }

  private load(): Promise<void> {
    return this.keyring.ready();
  }

  private addresses(): string[] {
    return this.keyring.addresses();
  }

  /** The unlocked wallet's addresses (checksummed); none when locked. */
  async unlockedAddresses(): Promise<string[]> {
    await this.load();
    return this.addresses();
  }

  /**
   * The L2 key of `address` on the rollup `rollupChainId` (derived from its L1 key: src/wallet/l2-keys.ts).
   * @throws WalletError LOCKED, UNKNOWN_ACCOUNT
   */
  l2Key(address: string, rollupChainId: number): ReturnType<KeyringSession['l2Key']> {
    return this.keyring.l2Key(address, rollupChainId);
  }

  /** Pages see the accounts they were given while unlocked, none while locked. */
  private async emitAccounts(): Promise<void> {
    for (const p of await this.deps.repo.listPermissions()) this.deps.emit({ event: 'accountsChanged', data: this.visible(p) }, p.origin);
  }

  // ------------------------------------------------------------------ permissions (EIP-2255)

  private visible(p: PermissionRow | undefined): string[] {
    if (!p || !this.keyring.isUnlocked()) return [];
    const held = new Set(this.addresses());
    return p.accounts.filter((a) => held.has(a));
  }

  async accounts(origin: string): Promise<string[]> {
    await this.load();
    return this.visible(await this.deps.repo.getPermission(origin)).map((a) => a.toLowerCase());
  }

  async requestAccounts(ctx: WalletRequestContext): Promise<string[]> {
    await this.load();
    const granted = await this.accounts(ctx.origin);
    if (granted.length > 0) return granted;
    if ((await this.deps.repo.getVault()) === undefined) {
      throw new WalletError('NOT_PERMITTED', 'Vigil has no wallet yet: create or import one in its popup first');
    }
    return (await this.approve(ctx, 'connect', {}, async () => ({}))) as string[];
  }

  async getPermissions(origin: string): Promise<Eip2255Permission[]> {
    const p = await this.deps.repo.getPermission(origin);
    if (!p) return [];
    return [{ invoker: origin, parentCapability: 'eth_accounts', caveats: [{ type: 'restrictReturnedAccounts', value: p.accounts.map((a) => a.toLowerCase()) }], date: p.grantedAt }];
  }

  async revokePermissions(origin: string, capabilities: string[]): Promise<void> {
    if (!capabilities.includes('eth_accounts')) return;
    await this.revokeOrigin(origin);
  }

  async revokeOrigin(origin: string): Promise<void> {
    await this.deps.repo.deletePermission(origin);
    this.deps.emit({ event: 'accountsChanged', data: [] }, origin);
  }

  listPermissions(): Promise<PermissionRow[]> {
    return this.deps.repo.listPermissions();
  }

  private async permitted(origin: string, address: string): Promise<boolean> {
    if (origin === WALLET_ORIGIN) return true;
    const p = await this.deps.repo.getPermission(origin);
    const a = toChecksumAddress(address);
    return p !== undefined && p.accounts.includes(a);
  }

  // ------------------------------------------------------------------ the provider's write side

  async sendTransaction(ctx: WalletRequestContext, params: Record<string, unknown>): Promise<string> {
    await this.load();
    const from = params.from ?? (await this.accounts(ctx.origin))[0];
    if (typeof from !== 'string') throw new WalletError('NOT_PERMITTED', `${ctx.origin} has not been given any account: call eth_requestAccounts first`);
    if (!(await this.permitted(ctx.origin, from))) throw new WalletError('NOT_PERMITTED', `${ctx.origin} may not use ${from}`);
    const request = parseTransactionRequest({ ...params, from });
    const result = await this.approve(ctx, 'transaction', params, async (id) => {
      const prepared = await this.prepare(ctx.origin, request);
      this.prepared.set(id, prepared);
      return this.tokenOf(transactionDetails(prepared, request.from, this.deps.now()));
    });
    return result as string;
  }

  async personalSign(ctx: WalletRequestContext, message: string, address: string): Promise<string> {
    await this.load();
    const permitted = await this.permitted(ctx.origin, address);
    assertMessage(checkMessagePolicy({ origin: originOf(ctx.origin, permitted), from: address, network: { chainId: BigInt(this.deps.network()?.chainId ?? 0) } }));
    const parsed = parsePersonalMessage(message);
    if (isL2KeyMessage(parsed.bytes)) throw new WalletError('RESERVED_MESSAGE', "this message derives the wallet's rollup keys: Vigil signs it for no site");
    return (await this.approve(ctx, 'personalSign', [message, address], async (id) => {
      this.prepared.set(id, { parsed, address });
      return { address: toChecksumAddress(address), preview: parsed.preview };
    })) as string;
  }

  async signTypedData(ctx: WalletRequestContext, address: string, typedData: unknown): Promise<string> {
    await this.load();
    const network = this.deps.network();
    if (!network) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil is not connected to any network yet');
    const permitted = await this.permitted(ctx.origin, address);
    assertMessage(checkMessagePolicy({ origin: originOf(ctx.origin, permitted), from: address, network: { chainId: BigInt(network.chainId), name: network.name } }));
    const parsed = parseTypedData(typedData, BigInt(network.chainId));
    return (await this.approve(ctx, 'typedData', [address, typedData], async (id) => {
      this.prepared.set(id, { parsed, address });
      return { address: toChecksumAddress(address), preview: toJson(parsed.preview) };
    })) as string;
  }

  async switchChain(ctx: WalletRequestContext, chainId: bigint): Promise<void> {
    const seen = this.deps.activeChainId?.() ?? this.deps.network()?.chainId;
    if (seen !== undefined && BigInt(seen) === chainId) return;
    const id = this.deps.networkForChain(chainId);
    if (id === undefined) {
      throw new ProviderRpcError(4902, `Vigil cannot verify chain ${bigIntToHex(chainId)}: add it in Vigil's Settings with a beacon API it can follow`);
    }
    await this.approve(ctx, 'switchChain', { chainId: bigIntToHex(chainId), network: id }, async () => ({ chainId: bigIntToHex(chainId), network: id }));
  }

  async addChain(ctx: WalletRequestContext, params: Record<string, unknown>): Promise<void> {
    const chainId = BigInt(params.chainId as string);
    if (this.deps.networkForChain(chainId) === undefined) {
      // A chain is added only with a light client for it: an RPC URL alone cannot be verified.
      throw new ProviderRpcError(4902, `Vigil adds only chains it can verify: add chain ${bigIntToHex(chainId)} in Vigil's Settings with its beacon API`);
    }
    await this.switchChain(ctx, chainId);
  }

  async watchAsset(ctx: WalletRequestContext, params: Record<string, unknown>): Promise<boolean> {
    const options = (params.options ?? {}) as Record<string, unknown>;
    if (params.type !== 'ERC20' || typeof options.address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(options.address)) {
      throw new ProviderRpcError(RpcErrorCode.INVALID_PARAMS, 'wallet_watchAsset: expected { type: "ERC20", options: { address, symbol?, decimals? } }');
    }
    const token = {
      address: toChecksumAddress(options.address),
      symbol: typeof options.symbol === 'string' ? options.symbol.slice(0, 11) : '',
      decimals: Number.isInteger(options.decimals) ? Number(options.decimals) : 18,
    };
    await this.approve(ctx, 'watchAsset', params, async () => ({ token }));
    return true;
  }

  // ------------------------------------------------------------------ approvals

  /**
   * Records an approval (or joins the one this request already has), opens its window and waits
   * for the user. `describe` prepares what the window shows (and keeps what signing needs).
   */
  private async approve(ctx: WalletRequestContext, kind: ApprovalKind, request: unknown, describe: (id: string) => Promise<Record<string, unknown>>): Promise<unknown> {
    if (ctx.requestKey !== undefined) {
      const existing = await this.deps.repo.findApproval(ctx.requestKey);
      if (existing) return this.join(existing);
    }
    const id = bytesToHex(this.deps.random(16)).slice(2);
    const now = this.deps.now();
    const details = await describe(id);
    const row: ApprovalRow = { id, requestKey: ctx.requestKey ?? `local:${id}`, origin: ctx.origin, kind, request: toJson({ request, details }), status: 'pending', createdAt: now, updatedAt: now };
    const refused = (details as { verdict?: { ok: boolean; refusals?: Refusal[] } }).verdict;
    if (refused && !refused.ok) {
      // A refusal has no "sign anyway": the window shows why, the dApp gets the code now.
      const first = refused.refusals![0]!;
      await this.deps.repo.putApproval({ ...row, status: 'failed', error: { code: first.code, message: first.message } });
      void this.deps.openApproval(id).catch(() => {});
      throw refusalError(refused.refusals!);
    }
    await this.deps.repo.putApproval(row);
    const done = this.join(row);
    await this.deps.openApproval(id);
    return done;
  }

  private join(row: ApprovalRow): Promise<unknown> {
    if (row.status === 'done') return Promise.resolve(row.result);
    if (row.status === 'rejected') return Promise.reject(new WalletError('USER_REJECTED', 'the user rejected the request'));
    if (row.status === 'failed') return Promise.reject(errorOf(row.error));
    return new Promise((resolve, reject) => {
      const list = this.waiters.get(row.id) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(row.id, list);
      if (row.status === 'approved') void this.finish(row.id);
      const timer = setTimeout(() => void this.resolveApproval(row.id, false).catch(() => {}), APPROVAL_TIMEOUT_MS);
      (timer as { unref?: () => void }).unref?.();
    });
  }

  private settle(id: string, outcome: { value: unknown } | { error: unknown }): void {
    const list = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    this.prepared.delete(id);
    for (const w of list) 'value' in outcome ? w.resolve(outcome.value) : w.reject(outcome.error);
  }

  async getApproval(id: string): Promise<ApprovalView> {
    await this.load();
    const row = await this.deps.repo.getApproval(id);
    if (!row) throw new InputError(`no approval ${id.slice(0, 40)}`);
    const stored = row.request as { details?: Record<string, unknown> };
    return {
      id,
      kind: row.kind,
      origin: row.origin,
      status: row.status,
      locked: !this.keyring.isUnlocked(),
      network: this.deps.network() ?? null,
      details: stored.details ?? {},
      ...(row.error ? { error: row.error } : {}),
      ...(row.result !== undefined ? { result: row.result } : {}),
    };
  }

  /** The user's answer (connect also names the accounts chosen). */
  async resolveApproval(id: string, approve: boolean, options: { accounts?: string[] } = {}): Promise<ApprovalView> {
    await this.load();
    const row = await this.deps.repo.getApproval(id);
    if (!row) throw new InputError(`no approval ${id.slice(0, 40)}`);
    if (!approve) {
      if (await this.deps.repo.transitionApproval(id, 'pending', { status: 'rejected', error: { code: 'USER_REJECTED', message: 'rejected in the approval window' }, updatedAt: this.deps.now() })) {
        this.settle(id, { error: new WalletError('USER_REJECTED', 'the user rejected the request') });
      }
      return this.getApproval(id);
    }
    this.keyring.requireUnlocked();
    await this.keyring.touch();
    const chosen = row.kind === 'connect' ? (options.accounts?.length ? options.accounts : this.addresses().slice(0, 1)).map(toChecksumAddress) : undefined;
    if (chosen && chosen.some((a) => !this.addresses().includes(a))) throw new WalletError('UNKNOWN_ACCOUNT', 'the wallet holds no such account');
    const patch = chosen ? { request: toJson({ ...(row.request as object), accounts: chosen }) } : {};
    if (!(await this.deps.repo.transitionApproval(id, 'pending', { status: 'approved', updatedAt: this.deps.now(), ...patch }))) return this.getApproval(id);
    await this.finish(id);
    return this.getApproval(id);
  }

  /** Carries an approved approval to its end (again after a restart: idempotent). */
  private async finish(id: string): Promise<void> {
    const row = await this.deps.repo.getApproval(id);
    if (!row || row.status !== 'approved') return;
    try {
      const value = await this.perform(row);
      await this.deps.repo.transitionApproval(id, 'approved', { status: 'done', result: value, updatedAt: this.deps.now() });
      this.settle(id, { value });
    } catch (err) {
      const e = err instanceof VigilError || err instanceof ProviderRpcError ? { code: String((err as { code: unknown }).code), message: err instanceof VigilError ? err.shortMessage : err.message } : { code: 'INTERNAL', message: String(err) };
      await this.deps.repo.transitionApproval(id, 'approved', { status: 'failed', error: e, updatedAt: this.deps.now() });
      this.settle(id, { error: err });
    }
  }

  private async perform(row: ApprovalRow): Promise<unknown> {
    const stored = row.request as { request: unknown; details: Record<string, unknown>; accounts?: string[]; signed?: { raw: string; hash: string } };
    switch (row.kind) {
      case 'connect': {
        const accounts = stored.accounts ?? this.addresses().slice(0, 1);
        const now = this.deps.now();
        const before = await this.deps.repo.getPermission(row.origin);
        await this.deps.repo.putPermission({ origin: row.origin, accounts, grantedAt: before?.grantedAt ?? now, lastUsedAt: now });
        const visible = accounts.map((a) => a.toLowerCase());
        this.deps.emit({ event: 'accountsChanged', data: visible }, row.origin);
        return visible;
      }
      case 'transaction':
        return this.performTransaction(row, stored);
      case 'personalSign': {
        const p = this.prepared.get(row.id) as { parsed: ReturnType<typeof parsePersonalMessage>; address: string } | undefined;
        const [message, address] = stored.request as [string, string];
        const parsed = p?.parsed ?? parsePersonalMessage(message);
        return this.keyring.signPersonalMessage(address, parsed);
      }
      case 'typedData': {
        const [address, data] = stored.request as [string, unknown];
        const network = this.deps.network();
        const parsed = parseTypedData(data, BigInt(network?.chainId ?? 0));
        return this.keyring.signTypedData(address, parsed);
      }
      case 'switchChain': {
        const { network } = stored.request as { network: string };
        await this.deps.switchNetwork(network);
        return null;
      }
      case 'watchAsset': {
        const network = this.deps.network();
        const token = (stored.details as { token: { address: string; symbol: string; decimals: number } }).token;
        if (network) await this.deps.repo.addToken(network.chainId, token);
        return true;
      }
      default:
        throw new InputError(`unknown approval kind ${row.kind}`);
    }
  }

  private async performTransaction(row: ApprovalRow, stored: { request: unknown; details: Record<string, unknown>; signed?: { raw: string; hash: string } }): Promise<string> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil cannot prove anything on this network: no execution RPC');
    let signed = stored.signed;
    if (signed === undefined) {
      // Signed only here, once: the approval is ours (pending → approved was this call's move).
      const prepared = this.prepared.get(row.id) as PreparedTransaction | undefined;
      const tx = prepared?.tx ?? transactionFromDetails(stored.details);
      const from = String((stored.details as { from: string }).from);
      const pending = await this.pending(network.chainId, from);
      const verdict = await recheckTransaction(chain, prepared ?? ({ tx, gasSource: (stored.details as { gasSource: PreparedTransaction['gasSource'] }).gasSource } as PreparedTransaction), from, {
        origin: originOf(row.origin, await this.permitted(row.origin, from)),
        pending,
        now: Math.floor(this.deps.now() / 1000),
      });
      if (!verdict.ok) throw refusalError(verdict.refusals);
      const s = await this.keyring.signTransaction(from, tx);
      signed = { raw: s.raw, hash: s.hash };
      const now = this.deps.now();
      // Written down before it is sent: a restart sends these bytes, it never signs again.
      await this.deps.repo.putApproval({ ...row, request: toJson({ ...stored, signed }), updatedAt: now });
      await this.deps.repo.putActivity({
        hash: s.hash,
        chainId: network.chainId,
        networkId: network.id,
        from: s.from,
        to: tx.to,
        nonce: tx.nonce.toString(),
        value: tx.value.toString(),
        maxCost: maxCost(tx).toString(),
        raw: s.raw,
        origin: row.origin,
        summary: String((stored.details as { summary?: string }).summary ?? 'Transaction'),
        status: 'signed',
        createdAt: now,
        updatedAt: now,
      });
    }
    const activity = await this.deps.repo.getActivity(signed.hash);
    try {
      await chain.execution.sendRawTransaction(signed.raw);
    } catch (err) {
      // A node that has it already ("already known") is no failure: the bytes are out.
      if (!/already known|known transaction|nonce too low/i.test(err instanceof Error ? err.message : String(err))) {
        if (activity) await this.deps.repo.putActivity({ ...activity, lastError: err instanceof Error ? err.message.slice(0, 200) : 'broadcast failed', updatedAt: this.deps.now() });
        throw err;
      }
    }
    if (activity && activity.status === 'signed') await this.deps.repo.putActivity({ ...activity, status: 'pending', updatedAt: this.deps.now() });
    return signed.hash;
  }

  /** Resumes what a stopped background left: approved approvals are finished (sent, not signed again). */
  async resume(): Promise<void> {
    await this.load();
    for (const row of await this.deps.repo.listApprovals('approved')) if (!this.waiters.has(row.id)) void this.finish(row.id);
    await this.deps.repo.pruneApprovals(this.deps.now());
  }

  // ------------------------------------------------------------------ transactions and activity

  async addToken(token: { address: string; symbol: string; decimals: number }): Promise<void> {
    const network = this.deps.network();
    if (!network) throw new InputError('no network is set up');
    if (!/^0x[0-9a-fA-F]{40}$/.test(token.address)) throw new InputError('the token address expected 20 bytes of 0x-hex');
    if (!Number.isInteger(token.decimals) || token.decimals < 0 || token.decimals > 36) throw new InputError('decimals expected 0 to 36');
    await this.deps.repo.addToken(network.chainId, { address: toChecksumAddress(token.address), symbol: String(token.symbol).slice(0, 11), decimals: token.decimals });
  }

  /**
   * A transaction the wallet itself decided on (a forced exit's step the user started): filled
   * from verified state and signed only when the signing policy agrees, with no window; recorded
   * in the activity as signed. Nothing is broadcast: the caller saves the hash first.
   * @throws WalletError (LOCKED, a policy refusal), ProviderRpcError when nothing can be proven.
   */
  async signOwn(params: { from: string; to: string; data: string; summary: string; /** Wei sent with it (default 0). */ value?: bigint }): Promise<{ hash: string; raw: string }> {
    await this.load();
    const network = this.deps.network();
    const value = bigIntToHex(params.value ?? 0n);
    const prepared = await this.prepare(WALLET_ORIGIN, parseTransactionRequest({ from: params.from, to: params.to, data: params.data, value }));
    if (!prepared.verdict.ok || !network) throw refusalError(prepared.verdict.ok ? [] : prepared.verdict.refusals);
    const s = await this.keyring.signTransaction(params.from, prepared.tx);
    const now = this.deps.now();
    await this.deps.repo.putActivity({
      hash: s.hash,
      chainId: network.chainId,
      networkId: network.id,
      from: s.from,
      to: prepared.tx.to,
      nonce: prepared.tx.nonce.toString(),
      value: prepared.tx.value.toString(),
      maxCost: maxCost(prepared.tx).toString(),
      raw: s.raw,
      origin: WALLET_ORIGIN,
      summary: params.summary.slice(0, 80),
      status: 'signed',
      createdAt: now,
      updatedAt: now,
    });
    return { hash: s.hash, raw: s.raw };
  }

  /**
   * An L2 transaction of a forced exit the user started, signed with the account's own key
   * (EIP-1559, on the L2's chain id): nothing is broadcast, the exit sends its bytes through L1.
   * @throws WalletError LOCKED, UNKNOWN_ACCOUNT, INVALID_TRANSACTION.
   */
  async signL2Own(from: string, tx: { chainId: number; nonce: bigint; to: string; value: bigint; data: string; gasLimit: bigint; maxFeePerGas: bigint; maxPriorityFeePerGas: bigint }): Promise<{ hash: string; raw: string }> {
    await this.load();
    const request = parseTransactionRequest({ from, to: tx.to, data: tx.data, value: bigIntToHex(tx.value) });
    const s = await this.keyring.signTransaction(from, { type: 2, chainId: BigInt(tx.chainId), nonce: tx.nonce, gasLimit: tx.gasLimit, maxFeePerGas: tx.maxFeePerGas, maxPriorityFeePerGas: tx.maxPriorityFeePerGas, to: request.to, value: request.value, data: request.data, accessList: [] });
    return { hash: s.hash, raw: s.raw };
  }

  /** Sends bytes signOwn signed (again after a restart: the same bytes; "already known" is no failure). */
  async broadcastOwn(raw: string): Promise<void> {
    const chain = this.deps.chain();
    if (!chain) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil cannot send on this network: no execution RPC');
    try {
      await chain.execution.sendRawTransaction(raw);
    } catch (err) {
      if (!/already known|known transaction|nonce too low/i.test(err instanceof Error ? err.message : String(err))) throw err;
    }
    const hash = bytesToHex(keccak256(hexToBytes(raw)));
    const activity = await this.deps.repo.getActivity(hash);
    if (activity?.status === 'signed') await this.deps.repo.putActivity({ ...activity, status: 'pending', updatedAt: this.deps.now() });
  }

  /** The popup's send: the same path as a dApp's, from the wallet's own origin. */
  async send(params: { from: string; to: string; value: string; data?: string }): Promise<string> {
    return this.sendTransaction({ origin: WALLET_ORIGIN }, { ...params });
  }

  /** The followed token a decoded ERC-20 call names (its symbol and decimals are the user's or a site's word). */
  private async tokenOf(details: Record<string, unknown>): Promise<Record<string, unknown>> {
    const decoded = details.decoded as { kind?: string; token?: string } | null;
    const network = this.deps.network();
    if (!decoded || !decoded.token || !network || !decoded.kind?.startsWith('erc20-')) return details;
    const token = (await this.deps.repo.tokens(network.chainId)).find((t) => t.address.toLowerCase() === decoded.token!.toLowerCase());
    return token ? { ...details, decoded: { ...decoded, symbol: token.symbol, decimals: token.decimals } } : details;
  }

  private async prepare(origin: string, request: ReturnType<typeof parseTransactionRequest>): Promise<PreparedTransaction> {
    const chain = this.deps.chain();
    const network = this.deps.network();
    if (!chain || !network) throw new ProviderRpcError(RpcErrorCode.DISCONNECTED, 'Vigil cannot prove anything on this network: no execution RPC');
    return prepareTransaction(chain, request, {
      origin: originOf(origin, await this.permitted(origin, request.from)),
      pending: await this.pending(network.chainId, request.from),
      now: Math.floor(this.deps.now() / 1000),
    });
  }

  private async pending(chainId: number, from: string): Promise<PendingTransaction[]> {
    return (await this.deps.repo.unsettled(chainId, from)).map((r) => ({ nonce: BigInt(r.nonce), maxCost: BigInt(r.maxCost) }));
  }

  /** This network's activity, newest first. */
  async activity(): Promise<ActivityRow[]> {
    const network = this.deps.network();
    return (await this.deps.repo.listActivity()).filter((r) => network === undefined || r.chainId === network.chainId);
  }

  /**
   * Each account's ETH balance proven at the newest verified head, and the followed tokens'
   * balances by verified eth_call there. A value that cannot be proven is left out with why.
   */
  async balances(): Promise<AccountBalances> {
    await this.load();
    const chain = this.deps.chain();
    const network = this.deps.network();
    const vault = await this.deps.repo.getVault();
    const addresses = this.keyring.isUnlocked() ? this.addresses() : (vault?.addresses ?? []);
    const newest = chain?.newestHead();
    if (!chain || !network || !newest) return { at: null, accounts: addresses.map((address) => ({ address, error: 'no verified head or no execution RPC yet' })), tokens: [] };
    const tokens = await this.deps.repo.tokens(network.chainId);
    const accounts = await Promise.all(
      addresses.map(async (address) => {
        try {
          const a = await chain.proveAccount(address, newest);
          const tokenBalances = await Promise.all(
            tokens.map(async (t) => {
              try {
                const data = '0x70a08231' + address.slice(2).toLowerCase().padStart(64, '0');
                const { outcome } = await chain.execution.run({ env: newest.env, mode: 'call', call: { to: t.address, data } });
                return { token: t.address, balance: outcome.status === 'success' && outcome.returnData.length === 66 ? BigInt(outcome.returnData).toString() : null };
              } catch {
                return { token: t.address, balance: null };
              }
            }),
          );
          return { address, balance: a.balance.toString(), nonce: a.nonce.toString(), tokens: tokenBalances };
        } catch (err) {
          return { address, error: err instanceof VigilError ? `${err.code}: ${err.shortMessage}` : String(err) };
        }
      }),
    );
    const head = newest.head;
    return { at: { blockNumber: Number(head.blockNumber), blockHash: head.blockHash, timestamp: Number(head.timestamp) }, accounts, tokens };
  }

  /**
   * Settles pending transactions: "confirmed" (or "failed") only on a receipt proven against a
   * verified block; "dropped" when the proven nonce passed it without one.
   */
  async trackActivity(): Promise<void> {
    // One pass at a time: heads can come faster than receipts are proven.
    if (this.tracking) return;
    this.tracking = true;
    try {
      await this.trackOnce();
    } finally {
      this.tracking = false;
    }
  }

  private async trackOnce(): Promise<void> {
    const reader = this.deps.chainReader();
    const network = this.deps.network();
    if (!reader || !network) return;
    for (const row of await this.deps.repo.unsettled(network.chainId)) {
      try {
        const receipt = (await reader.getTransactionReceipt(hexToBytes(row.hash, 32))) as { blockNumber: string; blockHash: string; gasUsed: string; status: string } | null;
        if (receipt === null) {
          // No receipt, and the proven nonce has passed it: another transaction took its nonce.
          const chain = this.deps.chain();
          const newest = chain?.newestHead();
          if (chain && newest) {
            const account = await chain.proveAccount(row.from, newest);
            const again = account.nonce > BigInt(row.nonce) ? await reader.getTransactionReceipt(hexToBytes(row.hash, 32)) : receipt;
            if (account.nonce > BigInt(row.nonce) && again === null) {
              await this.deps.repo.putActivity({ ...row, status: 'dropped', updatedAt: this.deps.now() });
            }
          }
          continue;
        }
        await this.deps.repo.putActivity({
          ...row,
          status: receipt.status === '0x1' ? 'confirmed' : 'failed',
          receipt: { blockNumber: Number(receipt.blockNumber), blockHash: receipt.blockHash, gasUsed: receipt.gasUsed, status: receipt.status === '0x1' ? 1 : 0 },
          updatedAt: this.deps.now(),
        });
      } catch {
        // Not provable now (a lying or slow RPC): tried again on the next tick.
      }
    }
  }
}

// ------------------------------------------------------------------ helpers

function originOf(origin: string, permitted: boolean): RequestOrigin {
  return origin === WALLET_ORIGIN ? { kind: 'wallet' } : { kind: 'site', origin, permitted };
}

function assertMessage(verdict: ReturnType<typeof checkMessagePolicy>): void {
  if (!verdict.ok) throw refusalError(verdict.refusals);
}

function refusalError(refusals: readonly Refusal[]): WalletError {
  const first = refusals[0]!;
  return new WalletError(first.code, first.message, {
    ...(first.expected !== undefined ? { expected: first.expected } : {}),
    ...(first.got !== undefined ? { got: first.got } : {}),
    ...(refusals.length > 1 ? { details: refusals.slice(1).map((r) => `${r.code}: ${r.message}`).join('; ') } : {}),
  });
}

function errorOf(e: { code: string; message: string } | undefined): Error {
  if (!e) return new WalletError('USER_REJECTED', 'the request failed');
  const code = e.code as ConstructorParameters<typeof WalletError>[0];
  return new WalletError(code, e.message);
}

/** What the transaction window shows, as JSON: the fields, the verified facts, the refusals. */
function transactionDetails(prepared: PreparedTransaction, from: string, now: number): Record<string, unknown> {
  const tx = prepared.tx;
  const verdict: PolicyVerdict = prepared.verdict;
  return toJson({
    from,
    tx: { ...tx, data: bytesToHex(tx.data), ...('accessList' in tx ? { accessList: tx.accessList.map((e) => ({ address: e.address, storageKeys: e.storageKeys.map(bytesToHex) })) } : {}) },
    maxCost: maxCost(tx),
    gasSource: prepared.gasSource,
    tipSource: prepared.tipSource,
    at: prepared.at,
    verdict,
    decoded: decodeCall(tx),
    summary: summaryOf(tx),
    ...(prepared.proofError !== undefined ? { proofError: prepared.proofError } : {}),
    preparedAt: now,
  });
}

function transactionFromDetails(details: Record<string, unknown>): UnsignedTransaction {
  const t = details.tx as Record<string, unknown>;
  const big = (k: string) => BigInt(t[k] as string);
  const common = { chainId: big('chainId'), nonce: big('nonce'), gasLimit: big('gasLimit'), to: (t.to as `0x${string}` | null) ?? null, value: big('value'), data: hexToBytes(t.data as string) };
  const accessList = ((t.accessList as { address: `0x${string}`; storageKeys: string[] }[] | undefined) ?? []).map((e) => ({ address: e.address, storageKeys: e.storageKeys.map((k) => hexToBytes(k, 32)) }));
  if (t.type === 0) return { ...common, type: 0, gasPrice: big('gasPrice') };
  if (t.type === 1) return { ...common, type: 1, gasPrice: big('gasPrice'), accessList };
  return { ...common, type: 2, maxFeePerGas: big('maxFeePerGas'), maxPriorityFeePerGas: big('maxPriorityFeePerGas'), accessList };
}

const TRANSFER = '0xa9059cbb';
const APPROVE = '0x095ea7b3';

/** ERC-20 transfer and approve, decoded for the window (anything else: the selector). */
export function decodeCall(tx: UnsignedTransaction): Record<string, unknown> | null {
  if (tx.data.length === 0) return null;
  const hex = bytesToHex(tx.data);
  const selector = hex.slice(0, 10);
  if ((selector === TRANSFER || selector === APPROVE) && tx.data.length === 68) {
    const who = '0x' + hex.slice(34, 74);
    const amount = BigInt('0x' + hex.slice(74, 138));
    return selector === TRANSFER
      ? { kind: 'erc20-transfer', token: tx.to, recipient: toChecksumAddress(who), amount: amount.toString() }
      : { kind: 'erc20-approve', token: tx.to, spender: toChecksumAddress(who), amount: amount.toString(), unlimited: amount === (1n << 256n) - 1n };
  }
  return { kind: 'call', selector, bytes: tx.data.length };
}

function summaryOf(tx: UnsignedTransaction): string {
  const d = decodeCall(tx);
  if (d?.kind === 'erc20-transfer') return 'Token transfer';
  if (d?.kind === 'erc20-approve') return 'Token approval';
  if (tx.to === null) return 'Contract creation';
  if (d === null) return `Send ${formatEth(tx.value)}`;
  return 'Contract call';
}

/** bigints → decimal strings, Uint8Arrays → hex: what survives a runtime message and Dexie. */
export function toJson(value: unknown): any {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}
