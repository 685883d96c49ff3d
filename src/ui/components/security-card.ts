/**
 * The wallet's own settings: auto-lock minutes, the recovery phrase shown again (password
 * first), and tokens to follow (their balances come from a verified call).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PopupApi, WalletState } from '../api.ts';
import { errorLike, explainWalletError, isAddressLike } from '../format.ts';
import { PasswordPrompt } from './password-prompt.ts';

export function SecurityCard({ api, state, onTokenAdded }: { api: Pick<PopupApi, 'setAutoLock' | 'revealMnemonic' | 'addToken'>; state: WalletState; onTokenAdded: () => void }): ComponentChild {
  const [minutes, setMinutes] = useState(String(state.autoLockMinutes));
  const [message, setMessage] = useState<{ tone: 'good' | 'bad'; text: string; testid: string } | null>(null);
  const [revealing, setRevealing] = useState(false);
  const [words, setWords] = useState<string[] | null>(null);
  useEffect(() => setMinutes(String(state.autoLockMinutes)), [state.autoLockMinutes]);

  const saveAutoLock = async (e: Event) => {
    e.preventDefault();
    const m = Number(minutes);
    if (!Number.isInteger(m) || m < 1 || m > 1440) return setMessage({ tone: 'bad', text: 'Auto-lock: a whole number of minutes from 1 to 1440.', testid: 'autolock-note' });
    try {
      await api.setAutoLock(m);
      setMessage({ tone: 'good', text: `Vigil locks after ${m} min without use.`, testid: 'autolock-note' });
    } catch (err) {
      setMessage({ tone: 'bad', text: explainWalletError(errorLike(err)), testid: 'autolock-note' });
    }
  };

  return h(
    'section',
    { class: 'card section security' },
    h('div', { class: 'card-title' }, 'Security'),
    h(
      'form',
      { class: 'inline-form', onSubmit: saveAutoLock },
      h('label', { class: 'grow' }, 'Lock after', h('input', { type: 'number', min: 1, max: 1440, step: 1, value: minutes, 'data-testid': 'autolock-minutes', onInput: (e: Event) => setMinutes((e.currentTarget as HTMLInputElement).value) }), 'min idle'),
      h('button', { type: 'submit', class: 'secondary small', 'data-testid': 'autolock-save' }, 'Save'),
    ),
    message ? h('p', { class: `note ${message.tone}`, role: 'status', 'data-testid': message.testid }, message.text) : null,
    state.hasMnemonic
      ? words
        ? h(
            'div',
            { class: 'reveal' },
            h('p', { class: 'warning' }, 'Anyone who sees these words owns your funds. Hide them when you are done.'),
            h('ol', { class: 'words', 'data-testid': 'reveal-words' }, words.map((w, i) => h('li', { key: i }, h('span', { class: 'word-n' }, `${i + 1}`), h('span', { class: 'word', 'data-testid': 'reveal-word' }, w)))),
            h('button', { type: 'button', class: 'secondary', 'data-testid': 'reveal-hide', onClick: () => setWords(null) }, 'Hide the words'),
          )
        : revealing
          ? h(PasswordPrompt, {
              prefix: 'reveal',
              action: 'Show',
              onCancel: () => setRevealing(false),
              onSubmit: async (password: string) => {
                const phrase = await api.revealMnemonic(password);
                setWords(phrase.trim().split(/\s+/));
                setRevealing(false);
              },
            })
          : h('button', { type: 'button', class: 'secondary', 'data-testid': 'reveal-open', onClick: () => setRevealing(true) }, 'Reveal recovery phrase')
      : h('p', { class: 'muted small' }, 'This wallet holds imported keys only: it has no recovery phrase.'),
    h(TokenForm, { api, onAdded: onTokenAdded }),
  );
}

function TokenForm({ api, onAdded }: { api: Pick<PopupApi, 'addToken'>; onAdded: () => void }): ComponentChild {
  const [open, setOpen] = useState(false);
  const [address, setAddress] = useState('');
  const [symbol, setSymbol] = useState('');
  const [decimals, setDecimals] = useState('18');
  const [note, setNote] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  if (!open) return h('button', { type: 'button', class: 'secondary', 'data-testid': 'token-open', onClick: () => setOpen(true) }, 'Follow a token');
  const submit = async (e: Event) => {
    e.preventDefault();
    const d = Number(decimals);
    if (!isAddressLike(address.trim())) return setNote({ tone: 'bad', text: 'Token: expected an address, 0x and 40 hex digits.' });
    if (!Number.isInteger(d) || d < 0 || d > 36) return setNote({ tone: 'bad', text: 'Decimals: a whole number from 0 to 36.' });
    try {
      await api.addToken({ address: address.trim(), symbol: symbol.trim(), decimals: d });
      setNote({ tone: 'good', text: 'Followed: its balances come from a verified call at each head.' });
      setAddress('');
      setSymbol('');
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
      h('input', { type: 'text', placeholder: 'Symbol', maxLength: 11, value: symbol, 'data-testid': 'token-symbol', onInput: (e: Event) => setSymbol((e.currentTarget as HTMLInputElement).value) }),
      h('input', { type: 'number', min: 0, max: 36, placeholder: 'Decimals', value: decimals, 'data-testid': 'token-decimals', onInput: (e: Event) => setDecimals((e.currentTarget as HTMLInputElement).value) }),
    ),
    h('div', { class: 'row-buttons' }, h('button', { type: 'button', class: 'secondary', onClick: () => setOpen(false) }, 'Close'), h('button', { type: 'submit', class: 'primary', 'data-testid': 'token-add' }, 'Follow')),
    note ? h('p', { class: `note ${note.tone}`, role: 'status' }, note.text) : null,
  );
}
