/**
 * The password form that unlocks the vault, in the popup (`unlock-…` test ids) and in the
 * approval window (`approval-unlock-…`). Errors in words: a wrong password, the backoff's wait.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { PopupApi, WalletState } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';

export function UnlockForm({
  api,
  prefix,
  onUnlocked,
  title = 'Vigil is locked',
}: {
  api: Pick<PopupApi, 'unlock'>;
  /** Test-id prefix: `unlock` → unlock-password, unlock-submit, unlock-error. */
  prefix: string;
  onUnlocked: (state: WalletState) => void;
  title?: string;
}): ComponentChild {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || password === '') return;
    setBusy(true);
    setError(null);
    try {
      const state = await api.unlock(password);
      setPassword('');
      onUnlocked(state);
    } catch (err) {
      const like = errorLike(err);
      setError({ code: like.code ?? 'ERROR', text: explainWalletError(like) });
    } finally {
      setBusy(false);
    }
  };

  return h(
    'form',
    { class: 'card form unlock', onSubmit: submit },
    h('div', { class: 'form-title' }, title),
    h('p', { class: 'muted small' }, 'Enter your password to unlock the wallet.'),
    h('input', {
      type: 'password',
      autocomplete: 'current-password',
      placeholder: 'Password',
      value: password,
      disabled: busy,
      'data-testid': `${prefix}-password`,
      onInput: (e: Event) => setPassword((e.currentTarget as HTMLInputElement).value),
    }),
    h('button', { type: 'submit', class: 'primary', disabled: busy || password === '', 'data-testid': `${prefix}-submit` }, busy ? 'Unlocking…' : 'Unlock'),
    error ? h('p', { class: 'note bad', role: 'alert', 'data-testid': `${prefix}-error`, 'data-code': error.code }, error.text) : null,
  );
}
