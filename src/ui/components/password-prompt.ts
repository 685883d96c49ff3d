/**
 * The wallet's password again, inline, for an action that changes or reads the vault (add an
 * account, import a key, reveal the phrase). Errors in words; the field is cleared after use.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { passwordError, passwordField, passwordSubmitButton, usePasswordSubmit } from './password-submit.ts';

export function PasswordPrompt({
  prefix,
  action,
  onSubmit,
  onCancel,
  children,
}: {
  /** Test ids: `<prefix>-password`, `<prefix>-submit`, `<prefix>-error`. */
  prefix: string;
  action: string;
  onSubmit: (password: string) => Promise<void>;
  onCancel: () => void;
  /** Fields shown above the password (an import's key). */
  children?: ComponentChild;
}): ComponentChild {
  const form = usePasswordSubmit(onSubmit);
  return h(
    'form',
    { class: 'prompt', onSubmit: form.submit },
    children,
    passwordField(form, prefix, 'Wallet password'),
    h(
      'div',
      { class: 'row-buttons' },
      h('button', { type: 'button', class: 'secondary', onClick: onCancel }, 'Cancel'),
      passwordSubmitButton(form, prefix, action, 'Working…'),
    ),
    passwordError(form, prefix),
  );
}
