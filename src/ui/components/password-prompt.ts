/**
 * The wallet's password again, inline, for an action that changes or reads the vault (add an
 * account, import a key, reveal the phrase). Errors in words; the field is cleared after use.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import { errorLike, explainWalletError } from '../format.ts';

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
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || password === '') return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(password);
      setPassword('');
    } catch (err) {
      const like = errorLike(err);
      setError({ code: like.code ?? 'ERROR', text: explainWalletError(like) });
    } finally {
      setBusy(false);
    }
  };
  return h(
    'form',
    { class: 'prompt', onSubmit: submit },
    children,
    h('input', { type: 'password', autocomplete: 'current-password', placeholder: 'Wallet password', value: password, disabled: busy, 'data-testid': `${prefix}-password`, onInput: (e: Event) => setPassword((e.currentTarget as HTMLInputElement).value) }),
    h(
      'div',
      { class: 'row-buttons' },
      h('button', { type: 'button', class: 'secondary', onClick: onCancel }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary', disabled: busy || password === '', 'data-testid': `${prefix}-submit` }, busy ? 'Working…' : action),
    ),
    error ? h('p', { class: 'note bad', role: 'alert', 'data-testid': `${prefix}-error`, 'data-code': error.code }, error.text) : null,
  );
}
