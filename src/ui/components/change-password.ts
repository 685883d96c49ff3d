/**
 * Changing the wallet's password: the current one (a wrong one counts toward the one backoff of
 * every password prompt), the new one twice. The background re-seals the vault with a fresh salt
 * and opens it with the new password before the old vault is replaced.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { PopupApi } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';

export function ChangePassword({ api }: { api: Pick<PopupApi, 'changePassword'> }): ComponentChild {
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ tone: 'good' | 'bad'; text: string; code?: string } | null>(null);
  const close = () => {
    setOpen(false);
    setCurrent('');
    setNext('');
    setAgain('');
  };
  if (!open) {
    return h(
      'div',
      null,
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'passwd-open', onClick: () => (setOpen(true), setNote(null)) }, 'Change password'),
      note ? h('p', { class: `note ${note.tone}`, role: 'status', 'data-testid': 'passwd-note' }, note.text) : null,
    );
  }
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy || current === '') return;
    if (next !== again) return setNote({ tone: 'bad', text: 'The new password and its repetition differ.' });
    setBusy(true);
    setNote(null);
    try {
      await api.changePassword(current, next);
      close();
      setNote({ tone: 'good', text: 'Password changed: the vault is sealed under the new one.' });
    } catch (err) {
      const like = errorLike(err);
      setNote({ tone: 'bad', text: explainWalletError(like), ...(like.code ? { code: like.code } : {}) });
    } finally {
      setBusy(false);
    }
  };
  const field = (testid: string, placeholder: string, value: string, set: (v: string) => void, autocomplete: string) =>
    h('input', { type: 'password', autocomplete, placeholder, value, disabled: busy, 'data-testid': testid, onInput: (e: Event) => set((e.currentTarget as HTMLInputElement).value) });
  return h(
    'form',
    { class: 'prompt', onSubmit: submit },
    field('passwd-current', 'Current password', current, setCurrent, 'current-password'),
    field('passwd-new', 'New password (at least 8 characters)', next, setNext, 'new-password'),
    field('passwd-again', 'New password again', again, setAgain, 'new-password'),
    h(
      'div',
      { class: 'row-buttons' },
      h('button', { type: 'button', class: 'secondary', onClick: close }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary', disabled: busy || current === '' || next === '', 'data-testid': 'passwd-submit' }, busy ? 'Working…' : 'Change'),
    ),
    note ? h('p', { class: `note ${note.tone}`, role: 'alert', 'data-testid': 'passwd-error', 'data-code': note.code ?? '' }, note.text) : null,
  );
}
