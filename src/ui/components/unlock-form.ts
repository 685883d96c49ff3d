/**
 * The password form that unlocks the vault, in the popup (`unlock-…` test ids) and in the
 * approval window (`approval-unlock-…`), its field focused when it shows (the one thing to do is
 * type the password). Errors in words: a wrong password, the backoff's wait.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { PopupApi, WalletState } from '../api.ts';
import { passwordError, passwordField, passwordSubmitButton, usePasswordSubmit } from './password-submit.ts';

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
  const form = usePasswordSubmit((password) => api.unlock(password), onUnlocked);
  const element = useRef<HTMLFormElement>(null);
  // In the commit that shows the field, not after paint: the form never shows unfocused (a key
  // typed at once lands in it).
  useLayoutEffect(() => element.current?.querySelector<HTMLInputElement>('input[type="password"]')?.focus(), []);

  return h(
    'form',
    { class: 'card form unlock', onSubmit: form.submit, ref: element },
    h('div', { class: 'form-title' }, title),
    h('p', { class: 'muted small' }, 'Enter your password to unlock the wallet.'),
    passwordField(form, prefix, 'Password'),
    passwordSubmitButton(form, prefix, 'Unlock', 'Unlocking…'),
    passwordError(form, prefix),
  );
}
