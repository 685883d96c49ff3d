/**
 * Which accounts each site may see and ask signatures for (EIP-2255's eth_accounts), kept in
 * Dexie; the pages of a site are told when that changes, and see none while the wallet is locked.
 * @module
 */
import type { PermissionRow, WalletRepo } from '../../storage/wallet.ts';
import { toChecksumAddress } from '../../wallet/keys.ts';
import type { KeyringSession } from './keyring-session.ts';

/** The site name of the wallet's own pages (the popup's send): always permitted. */
export const WALLET_ORIGIN = 'vigil';

/** EIP-2255's permission object. */
export interface OriginPermission {
  invoker: string;
  parentCapability: 'eth_accounts';
  caveats: { type: 'restrictReturnedAccounts'; value: string[] }[];
  date: number;
}

/** An event for the pages of one site (every page when `origin` is undefined). */
export type AccountsEvent = { event: 'accountsChanged'; data: string[] };

export interface PermissionsDeps {
  repo: WalletRepo;
  keyring: KeyringSession;
  now(): number;
  emit(event: AccountsEvent, origin?: string): void;
}

export class Permissions {
  constructor(private readonly deps: PermissionsDeps) {}

  /** The accounts `origin` may see (lower case), none while locked. */
  async accounts(origin: string): Promise<string[]> {
    await this.deps.keyring.ready();
    return this.visible(await this.deps.repo.getPermission(origin)).map((a) => a.toLowerCase());
  }

  async getPermissions(origin: string): Promise<OriginPermission[]> {
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

  list(): Promise<PermissionRow[]> {
    return this.deps.repo.listPermissions();
  }

  /** Whether `origin` may use `address` (the wallet's own pages may use any). */
  async permitted(origin: string, address: string): Promise<boolean> {
    if (origin === WALLET_ORIGIN) return true;
    const p = await this.deps.repo.getPermission(origin);
    return p !== undefined && p.accounts.includes(toChecksumAddress(address));
  }

  /** Grants `accounts` (checksummed) to `origin` and tells its pages; answers what they now see. */
  async grant(origin: string, accounts: string[]): Promise<string[]> {
    const now = this.deps.now();
    const before = await this.deps.repo.getPermission(origin);
    await this.deps.repo.putPermission({ origin, accounts, grantedAt: before?.grantedAt ?? now, lastUsedAt: now });
    const visible = accounts.map((a) => a.toLowerCase());
    this.deps.emit({ event: 'accountsChanged', data: visible }, origin);
    return visible;
  }

  /**
   * Takes `addresses` (removed from the wallet) out of every site's grant, so that an account
   * imported again later is not shown to a site that had it before; a site left with none loses
   * its permission. Each changed site is told what it sees now.
   */
  async dropAccounts(addresses: readonly string[]): Promise<void> {
    const gone = new Set(addresses.map(toChecksumAddress));
    for (const p of await this.deps.repo.listPermissions()) {
      const accounts = p.accounts.filter((a) => !gone.has(a));
      if (accounts.length === p.accounts.length) continue;
      if (accounts.length === 0) await this.deps.repo.deletePermission(p.origin);
      else await this.deps.repo.putPermission({ ...p, accounts });
      this.deps.emit({ event: 'accountsChanged', data: this.visible({ ...p, accounts }) }, p.origin);
    }
  }

  /** Tells every permitted site that it sees no account any more (the wallet is being forgotten). */
  async announceNone(): Promise<void> {
    for (const p of await this.deps.repo.listPermissions()) this.deps.emit({ event: 'accountsChanged', data: [] }, p.origin);
  }

  /** Tells every permitted site what it sees now (after an unlock or a lock). */
  async announce(): Promise<void> {
    for (const p of await this.deps.repo.listPermissions()) this.deps.emit({ event: 'accountsChanged', data: this.visible(p) }, p.origin);
  }

  private visible(p: PermissionRow | undefined): string[] {
    if (!p || !this.deps.keyring.isUnlocked()) return [];
    const held = new Set(this.deps.keyring.addresses());
    return p.accounts.filter((a) => held.has(a));
  }
}
