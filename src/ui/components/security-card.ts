/**
 * The wallet's own settings: auto-lock minutes, the recovery phrase shown again (password
 * first), the password changed, and the tokens followed (their symbol and decimals the token's
 * own, their balances from a verified call).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AccountBalances, PopupApi, WalletState } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';
import { ChangePassword } from './change-password.ts';
import { PasswordPrompt } from './password-prompt.ts';
import { TokenList } from './token-list.ts';

export function SecurityCard({
  api,
  state,
  tokens,
  onTokensChanged,
}: {
  api: Pick<PopupApi, 'setAutoLock' | 'revealMnemonic' | 'changePassword' | 'addToken' | 'removeToken'>;
  state: WalletState;
  tokens: AccountBalances['tokens'];
  onTokensChanged: () => void;
}): ComponentChild {
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
    h(ChangePassword, { api }),
    h(TokenList, { api, tokens, onChanged: onTokensChanged }),
  );
}
