/**
 * What every "enter the wallet's password" form does on submit, written once for the unlock form
 * and the inline prompts: one submission at a time, nothing sent while the field is empty, the
 * field cleared after a success, a refusal kept in words with its code (a wrong password, the
 * backoff's wait) for the form's alert line.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import { errorLike, explainWalletError } from '../format.ts';

export interface PasswordSubmit {
  password: string;
  setPassword: (password: string) => void;
  busy: boolean;
  error: { code: string; text: string } | null;
  /** The form's onSubmit. */
  submit: (e: Event) => Promise<void>;
}

/**
 * `send(password)`, then `done` with its result after the field is cleared; a throw of either
 * becomes `error`.
 */
export function usePasswordSubmit<T>(send: (password: string) => Promise<T>, done?: (result: T) => void): PasswordSubmit {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || password === '') return;
    setBusy(true);
    setError(null);
    try {
      const result = await send(password);
      setPassword('');
      done?.(result);
    } catch (err) {
      const like = errorLike(err);
      setError({ code: like.code ?? 'ERROR', text: explainWalletError(like) });
    } finally {
      setBusy(false);
    }
  };
  return { password, setPassword, busy, error, submit };
}

/** The password field: test ids `<prefix>-password`. */
export function passwordField(form: PasswordSubmit, prefix: string, placeholder: string): ComponentChild {
  return h('input', {
    type: 'password',
    autocomplete: 'current-password',
    placeholder,
    value: form.password,
    disabled: form.busy,
    'data-testid': `${prefix}-password`,
    onInput: (e: Event) => form.setPassword((e.currentTarget as HTMLInputElement).value),
  });
}

/** The submit button (`<prefix>-submit`): off while busy or empty. */
export function passwordSubmitButton(form: PasswordSubmit, prefix: string, label: string, busyLabel: string): ComponentChild {
  return h('button', { type: 'submit', class: 'primary', disabled: form.busy || form.password === '', 'data-testid': `${prefix}-submit` }, form.busy ? busyLabel : label);
}

/** The refusal, if any (`<prefix>-error`, its code in data-code). */
export function passwordError(form: PasswordSubmit, prefix: string): ComponentChild {
  return form.error ? h('p', { class: 'note bad', role: 'alert', 'data-testid': `${prefix}-error`, 'data-code': form.error.code }, form.error.text) : null;
}
