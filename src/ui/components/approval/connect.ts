/**
 * The connect window's body: the wallet's accounts, each with its balance as proven at the newest
 * head, to choose which a site may see. Proposed: the accounts the site sees now when it asks to
 * change them (EIP-2255 wallet_requestPermissions from a connected site), else the account chosen
 * in the popup, else the first.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { AccountBalances, WalletState } from '../../api.ts';
import { storedAccount } from '../../account-choice.ts';
import { formatEth } from '../../format.ts';
import { accountName } from '../../../core/account-name.ts';

/** What the background put in a connect request's details: the accounts the site sees now, when it asks to change them. */
export interface ConnectDetails {
  granted?: string[];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The accounts the window proposes (in the wallet's form and order); none only for a wallet with none. */
export function proposedAccounts(wallet: WalletState, details: ConnectDetails): string[] {
  const addresses = wallet.accounts.map((a) => a.address);
  const granted = Array.isArray(details.granted) ? addresses.filter((a) => details.granted!.some((g) => typeof g === 'string' && same(a, g))) : [];
  if (granted.length > 0) return granted;
  const chosen = storedAccount();
  const popup = chosen === null ? undefined : addresses.find((a) => same(a, chosen));
  return popup !== undefined ? [popup] : addresses.slice(0, 1);
}

export function ConnectBody({
  wallet,
  details,
  balances,
  selected,
  onSelect,
  pending,
}: {
  wallet: WalletState | null;
  details: ConnectDetails;
  /** Proven at the newest head; null while they are read or when they could not be. */
  balances: AccountBalances | null;
  selected: string[];
  onSelect: (s: string[]) => void;
  pending: boolean;
}): ComponentChild {
  if (!wallet) return h('p', { class: 'muted' }, 'Loading accounts…');
  const toggle = (address: string, on: boolean) => onSelect(on ? [...selected.filter((a) => a !== address), address] : selected.filter((a) => a !== address));
  const sees = Array.isArray(details.granted) ? details.granted.length : 0;
  const balanceOf = (address: string): string => {
    const row = balances?.accounts.find((r) => same(r.address, address));
    return row && 'balance' in row ? `${formatEth(row.balance)} proven` : balances ? 'balance not proven' : 'balance…';
  };
  return h(
    'div',
    { class: 'approval-body connect' },
    h(
      'p',
      { class: 'small', 'data-testid': 'approval-connect-ask' },
      sees > 0 ? `The site sees ${sees} of your accounts now. Choose the accounts it may see from now on:` : 'Choose the accounts this site may see:',
    ),
    h(
      'div',
      { class: 'account-choices' },
      wallet.accounts.map((a) =>
        h(
          'label',
          { class: 'check account-choice', key: a.address },
          h('input', {
            type: 'checkbox',
            value: a.address,
            checked: selected.includes(a.address),
            disabled: !pending,
            'data-testid': 'approval-account',
            onChange: (e: Event) => toggle(a.address, (e.currentTarget as HTMLInputElement).checked),
          }),
          h(
            'span',
            null,
            h('span', { class: 'account-name' }, accountName(a)),
            h('span', { class: 'mono address' }, a.address),
            h('span', { class: 'small muted', 'data-testid': 'approval-account-balance' }, balanceOf(a.address)),
          ),
        ),
      ),
    ),
    h('p', { class: 'muted small' }, 'The site sees only these addresses. Every signature it asks for comes back to a window like this one; you can revoke it in the popup.'),
  );
}
