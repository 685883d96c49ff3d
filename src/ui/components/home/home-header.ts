/**
 * The home's header: the network (its name and chain id, a picker among the configured networks
 * that switches as Settings does) and the account (its name and short address, a picker among
 * the wallet's accounts, copy, "Manage accounts"), and Lock.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { Settings } from '../../../extension/messages.ts';
import type { WalletState } from '../../api.ts';
import { shortHash } from '../../format.ts';
import { accountName } from '../../../core/account-name.ts';
import { CopyButton } from './copy-button.ts';
import { NetworkPicker } from '../network-picker.ts';

type Account = WalletState['accounts'][number];

export function HomeHeader({
  network,
  settings,
  onNetwork,
  accounts,
  account,
  onAccount,
  onManage,
  onLock,
}: {
  /** The status' network (what the light client runs now). */
  network: { label: string; chainId: number } | undefined;
  settings: Settings | null | undefined;
  onNetwork?: ((id: string) => Promise<void>) | undefined;
  accounts: Account[];
  account: Account;
  onAccount: (address: string) => void;
  onManage: () => void;
  onLock: () => void;
}): ComponentChild {
  return h(
    'section',
    { class: 'card home-head', 'data-testid': 'home-head' },
    h(
      'div',
      { class: 'home-row' },
      settings && onNetwork
        ? h(NetworkPicker, { settings, onSwitch: onNetwork, testid: 'home-network', compact: true })
        : h('span', { class: 'home-network', 'data-testid': 'home-network' }, network ? `${network.label} · ${network.chainId}` : 'No network yet'),
      h('button', { type: 'button', class: 'secondary small', 'data-testid': 'wallet-lock', onClick: onLock }, 'Lock'),
    ),
    h(
      'div',
      { class: 'home-row home-account-row', 'data-testid': 'home-account', 'data-address': account.address },
      h(
        'select',
        { class: 'home-account-select', 'aria-label': 'Account', value: account.address, 'data-testid': 'home-account-select', onChange: (e: Event) => onAccount((e.currentTarget as HTMLSelectElement).value) },
        accounts.map((a) => h('option', { key: a.address, value: a.address }, `${accountName(a)} · ${shortHash(a.address, 4)}`)),
      ),
      // Together: beside the picker, or under it (right-aligned) when its label needs the row.
      h(
        'span',
        { class: 'home-account-actions' },
        h(CopyButton, { text: account.address, label: 'Copy', testid: 'home-copy', small: true }),
        h('button', { type: 'button', class: 'secondary small', 'data-testid': 'home-manage', 'aria-label': 'Manage accounts', title: 'Manage accounts', onClick: onManage }, 'Manage'),
      ),
    ),
  );
}
