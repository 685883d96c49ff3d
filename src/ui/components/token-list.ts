/**
 * The tokens the wallet follows on this network, with the account's balance of each (a verified
 * call at the head the balances were proven at), and, under "Manage", a Remove for each and the
 * form that follows one more: only its address is needed, its symbol and decimals are the token's
 * own, read by verified call (what the user types there must match them). A row stored against
 * the rule (an older version let pages store anything) is shown by its address, marked, and can
 * be removed.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { AccountBalances, PopupApi } from '../api.ts';
import { errorLike, explainWalletError, isAddressLike, shortAddress, tokenShown } from '../format.ts';
import { Amount } from './amount.ts';
import { priceOf, TokenValue } from './home/price-line.ts';

type Note = { tone: 'good' | 'bad'; text: string } | null;
type Row = AccountBalances['accounts'][number];

/**
 * `account`: the balances row of the account shown (its token balances beside the names); absent,
 * the list names the tokens only. `managing` starts with Remove and the form shown (Settings).
 */
export function TokenList({
  api,
  tokens,
  onChanged,
  account,
  managing: startManaging = true,
  held,
  prices,
  nowMs,
}: {
  api: Pick<PopupApi, 'addToken' | 'removeToken'>;
  tokens: AccountBalances['tokens'];
  onChanged: () => void;
  account?: Row | undefined;
  managing?: boolean;
  /** Tokens held and not followed (./home/held-tokens.ts), listed right under the followed ones; when it shows any, no "none followed" line. */
  held?: ComponentChild;
  /** The feeds read at the balances' head (./home/price-line.ts): a row a feed prices shows its value. */
  prices?: AccountBalances['prices'];
  nowMs?: number | undefined;
}): ComponentChild {
  const [note, setNote] = useState<Note>(null);
  const [managing, setManaging] = useState(startManaging);
  const remove = async (address: string) => {
    try {
      await api.removeToken(address);
      setNote({ tone: 'good', text: 'No longer followed.' });
      onChanged();
    } catch (err) {
      setNote({ tone: 'bad', text: explainWalletError(errorLike(err)) });
    }
  };
  const rows = Array.isArray(tokens) ? tokens.filter((t) => typeof t?.address === 'string' && isAddressLike(t.address)) : [];
  const balanceOf = (address: string): string | null | undefined => {
    if (account === undefined || !('tokens' in account) || !Array.isArray(account.tokens)) return undefined;
    const b = account.tokens.find((t) => typeof t?.token === 'string' && t.token.toLowerCase() === address.toLowerCase());
    return b === undefined ? undefined : b.balance;
  };
  // Only a token whose decimals are proven (no problem with its row) is valued.
  const valued = (address: string, balance: string | null | undefined, shown: ReturnType<typeof tokenShown>) => {
    const view = shown.problem || shown.decimals === undefined || typeof balance !== 'string' ? undefined : priceOf(prices, address);
    return view && typeof balance === 'string' && shown.decimals !== undefined ? h(TokenValue, { view, balance, decimals: shown.decimals, nowMs: nowMs ?? Date.now() }) : null;
  };
  return h(
    'div',
    { class: 'token-list' },
    rows.length > 0
      ? h(
          'ul',
          { class: 'followed', 'data-testid': 'followed-tokens' },
          rows.map((t, i) => {
            const shown = tokenShown(t, t.address);
            const balance = balanceOf(t.address);
            return h(
              'li',
              { key: `${i}:${t.address}`, class: shown.problem ? 'marked' : '', 'data-testid': 'followed-token', title: shown.problem ? `Not shown as stored: ${shown.problem}` : t.address },
              // A symbol names no one: the address says who the token is (issue 50).
              h('span', { class: 'token-name' }, shown.label, shown.problem ? h('span', { class: 'tag bad' }, 'unchecked') : h('span', { class: 'mono muted small', 'data-testid': 'token-address-short' }, ` ${shortAddress(t.address)}`)),
              balance === undefined
                ? null
                : h(
                    'span',
                    { class: `token-amount${balance === null ? ' unproven' : ''}`, 'data-testid': 'token-balance' },
                    balance === null
                      ? 'no verified answer'
                      : typeof balance === 'string' && /^\d{1,100}$/.test(balance)
                        ? h(Amount, { value: balance, symbol: shown.problem ? '' : shown.label, decimals: shown.decimals })
                        : '?',
                  ),
              valued(t.address, balance, shown),
              managing ? h('button', { type: 'button', class: 'secondary small', 'data-testid': 'token-remove', onClick: () => void remove(t.address) }, 'Remove') : null,
            );
          }),
        )
      : held
        ? null
        : h('p', { class: 'muted small' }, 'No token followed on this network.'),
    held ?? null,
    note ? h('p', { class: `note ${note.tone}`, role: 'status', 'data-testid': 'token-list-note' }, note.text) : null,
    managing
      ? h(TokenForm, { api, onAdded: onChanged })
      : h('button', { type: 'button', class: 'link', 'data-testid': 'tokens-manage', onClick: () => setManaging(true) }, 'Follow or remove tokens'),
  );
}

function TokenForm({ api, onAdded }: { api: Pick<PopupApi, 'addToken'>; onAdded: () => void }): ComponentChild {
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState('');
  const [symbol, setSymbol] = useState('');
  const [decimals, setDecimals] = useState('');
  const [note, setNote] = useState<Note>(null);
  if (!open) return h('button', { type: 'button', class: 'secondary', 'data-testid': 'token-open', onClick: () => setOpen(true) }, 'Follow a token');
  const submit = async (e: Event) => {
    e.preventDefault();
    const d = decimals.trim() === '' ? undefined : Number(decimals);
    if (!isAddressLike(address.trim())) return setNote({ tone: 'bad', text: 'Token: expected an address, 0x and 40 hex digits.' });
    if (d !== undefined && (!Number.isInteger(d) || d < 0 || d > 36)) return setNote({ tone: 'bad', text: 'Decimals: a whole number from 0 to 36, or leave it empty.' });
    try {
      await api.addToken({ address: address.trim(), ...(symbol.trim() ? { symbol: symbol.trim() } : {}), ...(d !== undefined ? { decimals: d } : {}) });
      setNote({ tone: 'good', text: 'Followed: its symbol and decimals are its own, and its balances come from a verified call at each head.' });
      setAddress('');
      setSymbol('');
      setDecimals('');
      onAdded();
    } catch (err) {
      setNote({ tone: 'bad', text: explainWalletError(errorLike(err)) });
    }
  };
  return h(
    'form',
    { class: 'prompt', onSubmit: submit },
    h('input', { type: 'text', class: 'mono', placeholder: 'Token contract 0x…', spellcheck: false, value: address, 'data-testid': 'token-address', onInput: (e: Event) => setAddress((e.currentTarget as HTMLInputElement).value) }),
    h(
      'div',
      { class: 'row-buttons' },
      h('input', { type: 'text', placeholder: 'Symbol (checked)', maxLength: 11, value: symbol, 'data-testid': 'token-symbol', onInput: (e: Event) => setSymbol((e.currentTarget as HTMLInputElement).value) }),
      h('input', { type: 'number', min: 0, max: 36, placeholder: 'Decimals (checked)', value: decimals, 'data-testid': 'token-decimals', onInput: (e: Event) => setDecimals((e.currentTarget as HTMLInputElement).value) }),
    ),
    h('div', { class: 'row-buttons' }, h('button', { type: 'button', class: 'secondary', onClick: () => setOpen(false) }, 'Close'), h('button', { type: 'submit', class: 'primary', 'data-testid': 'token-add' }, 'Follow')),
    note ? h('p', { class: `note ${note.tone}`, role: 'status', 'data-testid': 'token-note' }, note.text) : null,
  );
}
