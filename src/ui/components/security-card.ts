/**
 * The wallet's security (Settings): the recovery phrase shown again (password first), the
 * password changed, and the wallet forgotten: first the reminder that the recovery phrase (and
 * each phrase or key imported) is the only way back, then the word "forget" typed. (Auto-lock is
 * under Settings → Advanced, auto-lock.ts; the tokens followed are on the home, token-list.ts.)
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { PopupApi, WalletState } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';
import { ChangePassword } from './change-password.ts';
import { PhraseSelect, phrasesOf } from './accounts-card.ts';
import { PasswordPrompt } from './password-prompt.ts';

/** The word typed to forget the wallet (src/client/wallet/accounts.ts FORGET_WORD). */
const FORGET_WORD = 'forget';

export function SecurityCard({
  api,
  state,
  onForgotten,
}: {
  api: Pick<PopupApi, 'revealMnemonic' | 'changePassword'> & Partial<Pick<PopupApi, 'forgetWallet'>>;
  state: WalletState;
  /** The state once the wallet is forgotten (onboarding shows next); without it, the next poll shows it. */
  onForgotten?: (state: WalletState) => void;
}): ComponentChild {
  const [revealing, setRevealing] = useState(false);
  const [words, setWords] = useState<string[] | null>(null);
  // With several phrases, which one to show (its place in the keyring; 0: the wallet's own).
  const phrases = phrasesOf(state.accounts);
  const [which, setWhich] = useState(0);

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
                const phrase = await api.revealMnemonic(password, ...(phrases.length > 1 ? [which] : []));
                setWords(phrase.trim().split(/\s+/));
                setRevealing(false);
              },
              children:
                phrases.length > 1 ? h(PhraseSelect, { label: 'The recovery phrase of', phrases, value: which, onChange: setWhich, testid: 'reveal-phrase' }) : null,
            })
          : h('button', { type: 'button', class: 'secondary', 'data-testid': 'reveal-open', onClick: () => setRevealing(true) }, 'Reveal recovery phrase')
      : h('p', { class: 'muted small' }, 'This wallet holds imported keys only: it has no recovery phrase.'),
    h(ChangePassword, { api }),
    api.forgetWallet ? h(ForgetWallet, { forget: api.forgetWallet, state, ...(onForgotten ? { onForgotten } : {}) }) : null,
  );
}

/**
 * Forgetting the wallet, in two steps: what is lost and what brings it back (the recovery phrase,
 * each imported phrase and key), then the word typed. Nothing is sent before both.
 */
function ForgetWallet({ forget, state, onForgotten }: { forget: NonNullable<PopupApi['forgetWallet']>; state: WalletState; onForgotten?: (state: WalletState) => void }): ComponentChild {
  const [step, setStep] = useState<'closed' | 'remind' | 'confirm' | 'done'>('closed');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => (setStep('closed'), setTyped(''), setError(null));
  const others = phrasesOf(state.accounts).length - 1;
  const keys = state.accounts.filter((a) => a.kind === 'imported').length;
  const backups = [
    state.hasMnemonic ? 'your recovery phrase' : null,
    others > 0 ? `the ${others === 1 ? 'recovery phrase' : `${others} recovery phrases`} you imported` : null,
    keys > 0 ? `the ${keys === 1 ? 'private key' : `${keys} private keys`} you imported` : null,
  ].filter((x): x is string => x !== null);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || typed.trim().toLowerCase() !== FORGET_WORD) return;
    setBusy(true);
    setError(null);
    try {
      const next = await forget(typed);
      setStep('done');
      onForgotten?.(next);
    } catch (err) {
      setError(explainWalletError(errorLike(err)));
    } finally {
      setBusy(false);
    }
  };
  if (step === 'closed') {
    return h('button', { type: 'button', class: 'secondary danger', 'data-testid': 'forget-open', onClick: () => setStep('remind') }, 'Forget this wallet…');
  }
  if (step === 'done') return h('p', { class: 'note good', role: 'status', 'data-testid': 'forget-done' }, 'Vigil forgot the wallet. Create or import one to start again.');
  return h(
    'div',
    { class: 'forget', 'data-testid': 'forget-dialog' },
    h(
      'p',
      { class: 'warning', role: 'note', 'data-testid': 'forget-reminder' },
      `Vigil deletes the wallet from this browser: its encrypted keys, its accounts, the sites connected, the activity and the tokens followed. ${
        backups.length > 0 ? `Only ${joinWords(backups)} can bring the accounts back` : 'Nothing can bring the accounts back'
      }: Vigil keeps no copy anywhere else. Have ${backups.length > 1 ? 'them' : 'it'} written down before you go on.`,
    ),
    step === 'remind'
      ? h(
          'div',
          { class: 'row-buttons' },
          h('button', { type: 'button', class: 'secondary', 'data-testid': 'forget-cancel', onClick: close }, 'Cancel'),
          h('button', { type: 'button', class: 'secondary danger', 'data-testid': 'forget-continue', onClick: () => setStep('confirm') }, 'I have it written down'),
        )
      : h(
          'form',
          { class: 'prompt', onSubmit: submit },
          h(
            'label',
            { class: 'field' },
            h('span', { class: 'label' }, `Type "${FORGET_WORD}" to confirm`),
            h('input', { type: 'text', autocomplete: 'off', spellcheck: false, value: typed, disabled: busy, 'data-testid': 'forget-confirm-input', onInput: (e: Event) => setTyped((e.currentTarget as HTMLInputElement).value) }),
          ),
          h(
            'div',
            { class: 'row-buttons' },
            h('button', { type: 'button', class: 'secondary', onClick: close }, 'Cancel'),
            h('button', { type: 'submit', class: 'primary danger', disabled: busy || typed.trim().toLowerCase() !== FORGET_WORD, 'data-testid': 'forget-submit' }, busy ? 'Forgetting…' : 'Forget the wallet'),
          ),
          error ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'forget-error' }, error) : null,
        ),
  );
}

/** "a", "a and b", "a, b and c". */
function joinWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
