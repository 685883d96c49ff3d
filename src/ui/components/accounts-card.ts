/**
 * The wallet's accounts with their balances as proven at the newest verified head (block and
 * hash shown beside them), the followed tokens' balances by verified call, and what is done to the
 * accounts: each one renamed inline, its address copied, an imported key removed, an imported
 * recovery phrase removed with all its accounts; an account added (from the phrase chosen, when
 * the wallet holds several), a recovery phrase or a private key imported at any time. Everything
 * that changes the vault asks the password again; a removal says first what only the phrase or
 * the key can bring back.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountBalances, PopupApi, WalletState } from '../api.ts';
import { errorLike, formatNumber, shortHash, tokenShown } from '../format.ts';
import { Amount, EthAmount } from './amount.ts';
import { DelegationBadge } from './delegation.ts';
import { DelegationAction } from './delegation-action.ts';
import { CopyButton } from './home/copy-button.ts';
import { readSecret } from './onboarding/onboarding.ts';
import { PasswordPrompt } from './password-prompt.ts';
import { accountName } from '../../core/account-name.ts';

type Account = WalletState['accounts'][number];


/** The phrases the accounts come from, in the keyring's order, each with its accounts. */
export function phrasesOf(accounts: readonly Account[]): { phrase: number; accounts: Account[] }[] {
  const by = new Map<number, Account[]>();
  for (const a of accounts) if (a.kind === 'hd' && a.phrase !== undefined) by.set(a.phrase, [...(by.get(a.phrase) ?? []), a]);
  return [...by].sort(([x], [y]) => x - y).map(([phrase, list]) => ({ phrase, accounts: list }));
}

/** A choice among the wallet's phrases ("This wallet (Account 1)", "Wallet 2 (…)"), by their place in the keyring. */
export function PhraseSelect({ label, phrases, value, onChange, testid }: { label: string; phrases: ReturnType<typeof phrasesOf>; value: number; onChange: (phrase: number) => void; testid: string }): ComponentChild {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'label' }, label),
    h(
      'select',
      { value: String(value), 'data-testid': testid, onChange: (e: Event) => onChange(Number((e.currentTarget as HTMLSelectElement).value)) },
      phrases.map((p) => h('option', { key: p.phrase, value: String(p.phrase) }, `${p.phrase === 0 ? 'This wallet' : `Wallet ${p.phrase + 1}`} (${p.accounts.map(accountName).slice(0, 2).join(', ')}${p.accounts.length > 2 ? ', …' : ''})`)),
    ),
  );
}

/**
 * A refusal of the background as the prompt shows it: DUPLICATE_PHRASE, which the shared wording
 * (../format.ts explainWalletError) does not know, said here with its code kept; the rest as they came.
 */
function sayRefusal(err: unknown): never {
  const e = errorLike(err);
  if (e.code === 'DUPLICATE_PHRASE') throw Object.assign(new Error('That recovery phrase is in the wallet already.'), { code: e.code });
  throw err;
}

type Editing = { kind: 'rename' | 'remove' | 'removePhrase'; address: string } | null;

export function AccountsCard({
  api,
  state,
  balances,
  onState,
  delegationOffered = false,
}: {
  api: Pick<PopupApi, 'addAccount' | 'importKey'> & Partial<Pick<PopupApi, 'importSecret' | 'renameAccount' | 'removeImportedKey' | 'removePhrase' | 'delegate'>>;
  state: WalletState;
  balances: AccountBalances | null;
  onState: (s: WalletState) => void;
  /** The followed network names a pinned EIP-7702 delegate: "Make this a smart account" is offered. */
  delegationOffered?: boolean;
}): ComponentChild {
  const [adding, setAdding] = useState<'none' | 'hd' | 'key'>('none');
  const [secret, setSecret] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const phrases = phrasesOf(state.accounts);
  const [fromPhrase, setFromPhrase] = useState(0);
  const byAddress = new Map((balances?.accounts ?? []).map((a) => [a.address.toLowerCase(), a]));
  const at = balances?.at ?? null;
  const edit = (kind: NonNullable<Editing>['kind'], address: string) => setEditing(editing?.kind === kind && editing.address === address ? null : { kind, address });

  return h(
    'section',
    { class: 'card section accounts' },
    h('div', { class: 'card-title' }, 'Accounts', at ? h('span', { class: 'provenance-head', title: at.blockHash }, `block #${formatNumber(at.blockNumber)}`) : null),
    state.accounts.map((a) => {
      const b = byAddress.get(a.address.toLowerCase());
      // An imported phrase is removed from its first account listed.
      const phraseHead = a.kind === 'hd' && (a.phrase ?? 0) > 0 ? phrases.find((p) => p.phrase === a.phrase) : undefined;
      const removesPhrase = phraseHead !== undefined && phraseHead.accounts[0]!.address === a.address ? phraseHead : undefined;
      const open = editing?.address === a.address ? editing.kind : null;
      return h(
        'div',
        { class: 'account', key: a.address, 'data-testid': 'wallet-account', 'data-address': a.address },
        h(
          'div',
          { class: 'account-top' },
          h('span', { class: 'account-name', 'data-testid': 'account-name' }, accountName(a), a.kind === 'imported' ? h('span', { class: 'tag' }, 'imported') : null),
          h(
            'span',
            { class: `balance ${b && 'balance' in b ? '' : 'unproven'}`, 'data-testid': 'wallet-balance' },
            b === undefined ? '…' : 'balance' in b ? h(EthAmount, { wei: b.balance }) : 'not proven',
          ),
        ),
        h('div', { class: 'address mono', 'data-testid': 'wallet-address' }, a.address),
        b && 'balance' in b && at
          ? h('div', { class: 'provenance', 'data-testid': 'wallet-provenance', title: at.blockHash }, `✓ proven at block ${formatNumber(at.blockNumber)} (${shortHash(at.blockHash, 4)}) · nonce ${b.nonce}`)
          : b && 'error' in b
            ? h('div', { class: 'provenance bad', 'data-testid': 'wallet-provenance' }, `Not shown: ${b.error}`)
            : null,
        b && 'delegation' in b ? h(DelegationBadge, { delegation: b.delegation }) : null,
        b && 'delegation' in b ? h(DelegationAction, { api, address: a.address, delegation: b.delegation, offered: delegationOffered }) : null,
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
                  h('span', { class: t.balance === null ? 'unproven' : '' }, t.balance === null ? 'no verified answer' : typeof t.balance === 'string' && /^\d{1,100}$/.test(t.balance) ? h(Amount, { value: t.balance, symbol: shown.problem ? '' : shown.label, decimals: shown.decimals }) : '?'),
                );
              }),
            )
          : null,
        h(
          'div',
          { class: 'account-actions' },
          api.renameAccount ? h('button', { type: 'button', class: 'link small', 'aria-expanded': String(open === 'rename'), 'data-testid': 'account-rename', onClick: () => edit('rename', a.address) }, 'Rename') : null,
          h(CopyButton, { text: a.address, label: 'Copy address', testid: 'account-copy', small: true }),
          a.kind === 'imported' && api.removeImportedKey
            ? h('button', { type: 'button', class: 'link small danger', 'aria-expanded': String(open === 'remove'), 'data-testid': 'account-remove', onClick: () => edit('remove', a.address) }, 'Remove')
            : null,
          removesPhrase && api.removePhrase
            ? h('button', { type: 'button', class: 'link small danger', 'aria-expanded': String(open === 'removePhrase'), 'data-testid': 'account-remove-phrase', onClick: () => edit('removePhrase', a.address) }, 'Remove phrase')
            : null,
        ),
        open === 'rename' && api.renameAccount ? h(RenameForm, { account: a, rename: api.renameAccount, onDone: (s: WalletState) => (onState(s), setEditing(null)), onCancel: () => setEditing(null) }) : null,
        open === 'remove' && api.removeImportedKey
          ? h(PasswordPrompt, {
              prefix: 'account-remove',
              action: 'Remove the key',
              onCancel: () => setEditing(null),
              onSubmit: async (password: string) => {
                onState(await api.removeImportedKey!(a.address, password));
                setEditing(null);
              },
              children: h('p', { class: 'warning', role: 'note' }, `Vigil forgets the private key of ${shortHash(a.address, 4)}. Only that key brings the account back: keep a copy of it before you remove it.`),
            })
          : null,
        open === 'removePhrase' && removesPhrase && api.removePhrase
          ? h(PasswordPrompt, {
              prefix: 'account-remove-phrase',
              action: `Remove ${removesPhrase.accounts.length} account${removesPhrase.accounts.length === 1 ? '' : 's'}`,
              onCancel: () => setEditing(null),
              onSubmit: async (password: string) => {
                onState(await api.removePhrase!(a.address, password));
                setEditing(null);
              },
              children: h(
                'p',
                { class: 'warning', role: 'note' },
                `Vigil forgets this imported recovery phrase and its ${removesPhrase.accounts.length} account${removesPhrase.accounts.length === 1 ? '' : 's'} (${removesPhrase.accounts.map(accountName).join(', ')}). Only the phrase brings them back: make sure it is written down.`,
              ),
            })
          : null,
      );
    }),
    adding === 'none'
      ? h(
          'div',
          { class: 'row-buttons' },
          h('button', { type: 'button', class: 'secondary', 'data-testid': 'wallet-add-account', onClick: () => setAdding('hd') }, 'Add account'),
          h('button', { type: 'button', class: 'secondary', 'data-testid': 'wallet-import-key', onClick: () => setAdding('key') }, api.importSecret ? 'Import a phrase or key' : 'Import a key'),
        )
      : adding === 'hd'
        ? h(PasswordPrompt, {
            prefix: 'wallet-add',
            action: 'Add account',
            onCancel: () => setAdding('none'),
            onSubmit: async (password: string) => {
              onState(await api.addAccount(password, ...(phrases.length > 1 ? [fromPhrase] : [])));
              setAdding('none');
            },
            children:
              phrases.length > 1 ? h(PhraseSelect, { label: 'From the recovery phrase of', phrases, value: fromPhrase, onChange: setFromPhrase, testid: 'wallet-add-phrase' }) : null,
          })
        : h(PasswordPrompt, {
            prefix: 'wallet-import',
            action: 'Import',
            onCancel: () => (setSecret(''), setAdding('none')),
            onSubmit: async (password: string) => {
              const read = readSecret(secret);
              if ('error' in read) throw Object.assign(new Error(read.error), { code: 'NOT_A_SECRET' });
              try {
                if ('privateKey' in read) onState(await api.importKey(read.privateKey, password));
                else if (api.importSecret) onState(await api.importSecret(read.mnemonic, password));
                else throw new Error('This popup imports private keys only.');
              } catch (err) {
                sayRefusal(err);
              }
              setSecret('');
              setAdding('none');
            },
            children: [
              h('input', {
                type: 'password',
                autocomplete: 'off',
                spellcheck: false,
                'aria-label': api.importSecret ? 'Recovery phrase or private key' : 'Private key',
                placeholder: api.importSecret ? 'Recovery phrase (12–24 words) or private key' : 'Private key (0x + 64 hex digits)',
                value: secret,
                'data-testid': 'wallet-import-secret',
                onInput: (e: Event) => setSecret((e.currentTarget as HTMLInputElement).value),
              }),
              api.importSecret ? h('p', { class: 'muted small' }, 'A phrase adds its first account (add more from it with Add account); it stays on this device, encrypted with your password.') : null,
            ],
          }),
  );
}

/** The account's name, edited in place (at most 64 characters; empty: the default name again). */
function RenameForm({ account, rename, onDone, onCancel }: { account: Account; rename: NonNullable<PopupApi['renameAccount']>; onDone: (s: WalletState) => void; onCancel: () => void }): ComponentChild {
  const [name, setName] = useState(account.name ?? '');
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  return h(PasswordPrompt, {
    prefix: 'account-rename',
    action: 'Save name',
    onCancel,
    onSubmit: async (password: string) => onDone(await rename(account.address, name, password)),
    children: h('input', {
      type: 'text',
      maxLength: 64,
      autocomplete: 'off',
      'aria-label': 'Account name',
      placeholder: accountName({ ...account, name: undefined }),
      value: name,
      'data-testid': 'account-rename-input',
      ref: field,
      onInput: (e: Event) => setName((e.currentTarget as HTMLInputElement).value),
    }),
  });
}
