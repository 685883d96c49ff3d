/**
 * Auto-lock (Settings → Advanced): the minutes without use after which the wallet locks, read from
 * the wallet's state; nothing shown while there is no wallet.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PopupApi } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';

export function AutoLock({ api }: { api: Pick<PopupApi, 'getWalletState' | 'setAutoLock'> }): ComponentChild {
  const [minutes, setMinutes] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  useEffect(() => {
    let alive = true;
    api.getWalletState().then(
      (s) => alive && s.exists && setMinutes(String(s.autoLockMinutes)),
      () => {},
    );
    return () => void (alive = false);
  }, [api]);
  if (minutes === null) return null;

  const save = async (e: Event) => {
    e.preventDefault();
    const m = Number(minutes);
    if (!/^\d{1,4}$/.test(minutes.trim()) || m < 1 || m > 1440) return setMessage({ tone: 'bad', text: 'Auto-lock: a whole number of minutes from 1 to 1440.' });
    try {
      await api.setAutoLock(m);
      setMessage({ tone: 'good', text: `Vigil locks after ${m} min without use.` });
    } catch (err) {
      setMessage({ tone: 'bad', text: explainWalletError(errorLike(err)) });
    }
  };
  return h(
    'div',
    { class: 'field' },
    h(
      'form',
      { class: 'inline-form', onSubmit: save, noValidate: true },
      h('label', { class: 'grow' }, 'Lock after', h('input', { type: 'number', min: 1, max: 1440, step: 1, value: minutes, 'data-testid': 'autolock-minutes', onInput: (e: Event) => setMinutes((e.currentTarget as HTMLInputElement).value) }), 'min idle'),
      h('button', { type: 'submit', class: 'secondary small', 'data-testid': 'autolock-save' }, 'Save'),
    ),
    message ? h('p', { class: `note ${message.tone}`, role: 'status', 'data-testid': 'autolock-note' }, message.text) : null,
  );
}
