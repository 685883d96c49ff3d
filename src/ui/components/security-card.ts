/**
 * The wallet's security (Settings): the recovery phrase shown again (password first) and the
 * password changed. (Auto-lock is under Settings → Advanced, auto-lock.ts; the tokens followed
 * are on the home, token-list.ts.)
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { PopupApi, WalletState } from '../api.ts';
import { ChangePassword } from './change-password.ts';
import { PasswordPrompt } from './password-prompt.ts';

export function SecurityCard({ api, state }: { api: Pick<PopupApi, 'revealMnemonic' | 'changePassword'>; state: WalletState }): ComponentChild {
  const [revealing, setRevealing] = useState(false);
  const [words, setWords] = useState<string[] | null>(null);

  return h(
    'section',
    { class: 'card section security' },
    h('div', { class: 'card-title' }, 'Security'),
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
  );
}
