/**
 * The wallet's accounts with their balances as proven at the newest verified head (block and
 * hash shown beside them), the followed tokens' balances by verified call, and the actions that
 * add an account (HD, next index) or import a key — each asks the password again.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { AccountBalances, PopupApi, WalletState } from '../api.ts';
import { formatEth, formatNumber, formatTokenAmount, shortHash, tokenShown } from '../format.ts';
import { PasswordPrompt } from './password-prompt.ts';

type Account = WalletState['accounts'][number];

export function accountName(a: Account): string {
  if (a.name) return a.name;
  return a.kind === 'hd' ? `Account ${(a.index ?? 0) + 1}` : 'Imported key';
}

export function AccountsCard({
  api,
  state,
  balances,
  onState,
}: {
  api: Pick<PopupApi, 'addAccount' | 'importKey'>;
  state: WalletState;
  balances: AccountBalances | null;
  onState: (s: WalletState) => void;
}): ComponentChild {
  const [adding, setAdding] = useState<'none' | 'hd' | 'key'>('none');
  const [key, setKey] = useState('');
  const byAddress = new Map((balances?.accounts ?? []).map((a) => [a.address.toLowerCase(), a]));
  const at = balances?.at ?? null;

  return h(
    'section',
    { class: 'card section accounts' },
    h('div', { class: 'card-title' }, 'Accounts', at ? h('span', { class: 'provenance-head', title: at.blockHash }, `block #${formatNumber(at.blockNumber)}`) : null),
    state.accounts.map((a) => {
      const b = byAddress.get(a.address.toLowerCase());
      return h(
        'div',
        { class: 'account', key: a.address, 'data-testid': 'wallet-account', 'data-address': a.address },
        h(
          'div',
          { class: 'account-top' },
          h('span', { class: 'account-name' }, accountName(a), a.kind === 'imported' ? h('span', { class: 'tag' }, 'imported') : null),
          h(
            'span',
            { class: `balance ${b && 'balance' in b ? '' : 'unproven'}`, 'data-testid': 'wallet-balance' },
            b === undefined ? '…' : 'balance' in b ? formatEth(b.balance) : 'not proven',
          ),
        ),
        h('div', { class: 'address mono', 'data-testid': 'wallet-address' }, a.address),
        b && 'balance' in b && at
          ? h('div', { class: 'provenance', 'data-testid': 'wallet-provenance', title: at.blockHash }, `✓ proven at block ${formatNumber(at.blockNumber)} (${shortHash(at.blockHash, 4)}) · nonce ${b.nonce}`)
          : b && 'error' in b
            ? h('div', { class: 'provenance bad', 'data-testid': 'wallet-provenance' }, `Not shown: ${b.error}`)
            : null,
        b && 'tokens' in b && b.tokens.length > 0
          ? h(
              'ul',
              { class: 'tokens' },
              b.tokens.map((t, i) => {
                const meta = balances!.tokens.find((x) => typeof x?.address === 'string' && typeof t.token === 'string' && x.address.toLowerCase() === t.token.toLowerCase());
                const shown = tokenShown(meta, t.token);
                return h(
                  'li',
                  { key: `${i}:${t.token}`, 'data-testid': 'wallet-token', class: shown.problem ? 'marked' : '', title: shown.problem ? `Not shown as stored: ${shown.problem}` : String(t.token) },
                  h('span', null, shown.label, shown.problem ? h('span', { class: 'tag bad', 'data-testid': 'wallet-token-marked' }, '?') : null),
                  h('span', { class: t.balance === null ? 'unproven' : '' }, t.balance === null ? 'no verified answer' : `${formatTokenAmount(t.balance, shown.decimals)}${shown.problem ? '' : ` ${shown.label}`}`),
                );
              }),
            )
          : null,
      );
    }),
    adding === 'none'
      ? h(
          'div',
          { class: 'row-buttons' },
          h('button', { type: 'button', class: 'secondary', 'data-testid': 'wallet-add-account', onClick: () => setAdding('hd') }, 'Add account'),
          h('button', { type: 'button', class: 'secondary', 'data-testid': 'wallet-import-key', onClick: () => setAdding('key') }, 'Import a key'),
        )
      : adding === 'hd'
        ? h(PasswordPrompt, {
            prefix: 'wallet-add',
            action: 'Add account',
            onCancel: () => setAdding('none'),
            onSubmit: async (password: string) => {
              onState(await api.addAccount(password));
              setAdding('none');
            },
          })
        : h(PasswordPrompt, {
            prefix: 'wallet-import',
            action: 'Import',
            onCancel: () => (setKey(''), setAdding('none')),
            onSubmit: async (password: string) => {
              const k = key.trim();
              onState(await api.importKey(k.startsWith('0x') ? k : `0x${k}`, password));
              setKey('');
              setAdding('none');
            },
            children: h('input', { type: 'password', autocomplete: 'off', placeholder: 'Private key (0x + 64 hex digits)', value: key, 'data-testid': 'wallet-import-secret', onInput: (e: Event) => setKey((e.currentTarget as HTMLInputElement).value) }),
          }),
  );
}
