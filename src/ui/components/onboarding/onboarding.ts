/**
 * First run, no vault yet: create a wallet (12 new words, a check of three of them, a password)
 * or import one (a recovery phrase or a 0x private key, a password). Nothing is stored until the
 * last step: the background seals the vault then. Above it, when the network's endpoints cannot be
 * reached (or none is set), what that means and what to do (./endpoint-notice.ts): creating the
 * wallet does not need them.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { Status } from '../../../extension/messages.ts';
import type { PopupApi, WalletState } from '../../api.ts';
import { errorLike, explainWalletError } from '../../format.ts';
import { usePoll } from '../../poll.ts';
import { EndpointNotice } from './endpoint-notice.ts';

export const MIN_PASSWORD_LENGTH = 8;
const PRIVATE_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

type Step = { kind: 'choose' } | { kind: 'words'; words: string[] } | { kind: 'check'; words: string[]; positions: number[] } | { kind: 'password'; secret: Secret } | { kind: 'import' };
type Secret = { mnemonic: string } | { privateKey: string };

/** `count` distinct positions (1-based) out of `of`, in increasing order, from crypto.getRandomValues. */
export function randomPositions(count: number, of: number): number[] {
  const chosen = new Set<number>();
  const buf = new Uint32Array(1);
  while (chosen.size < Math.min(count, of)) {
    crypto.getRandomValues(buf);
    chosen.add((buf[0]! % of) + 1);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The secret the import box holds: a private key (0x-prefixed) or a phrase (words, single-spaced). */
export function readSecret(text: string): Secret | { error: string } {
  const t = text.trim();
  if (t === '') return { error: 'Enter a recovery phrase or a private key.' };
  if (PRIVATE_KEY.test(t)) return { privateKey: t.startsWith('0x') ? t : `0x${t}` };
  const words = t.toLowerCase().split(/\s+/);
  if (![12, 15, 18, 21, 24].includes(words.length)) return { error: `A recovery phrase has 12, 15, 18, 21 or 24 words; this has ${words.length}. A private key is 64 hex digits.` };
  return { mnemonic: words.join(' ') };
}

export function Onboarding({
  api,
  onCreated,
  pickPositions = randomPositions,
  pollMs = 2000,
}: {
  /** `getStatus` (read every `pollMs`) tells whether the endpoints answer; without it nothing is said of them. */
  api: Pick<PopupApi, 'newMnemonic' | 'createWallet'> & Partial<Pick<PopupApi, 'getStatus'>>;
  onCreated: (state: WalletState) => void;
  /** Which words the backup check asks (tests choose). */
  pickPositions?: (count: number, of: number) => number[];
  pollMs?: number;
}): ComponentChild {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  usePoll(
    async () => (api.getStatus ? api.getStatus() : null),
    setStatus,
    // The background not answering is the wallet view's to say; the notice waits for a status.
    () => {},
    pollMs,
    [api],
  );

  const go = (next: Step) => {
    setError(null);
    setStep(next);
  };

  const startCreate = async () => {
    setBusy(true);
    setError(null);
    try {
      const phrase = await api.newMnemonic();
      go({ kind: 'words', words: phrase.trim().split(/\s+/) });
    } catch (err) {
      setError(explainWalletError(errorLike(err)));
    } finally {
      setBusy(false);
    }
  };

  const create = async (secret: Secret, password: string) => {
    setBusy(true);
    setError(null);
    try {
      const state = await api.createWallet({ password, ...secret });
      onCreated(state);
    } catch (err) {
      setError(explainWalletError(errorLike(err)));
    } finally {
      setBusy(false);
    }
  };

  let body: ComponentChild;
  switch (step.kind) {
    case 'choose':
      body = h(
        'div',
        { class: 'card form' },
        h('div', { class: 'form-title' }, 'Welcome to Vigil'),
        h('p', { class: 'muted small' }, 'A wallet that believes no server: every balance it shows is proven against blocks its own light client verified.'),
        h('button', { type: 'button', class: 'primary', disabled: busy, 'data-testid': 'onboard-create', onClick: () => void startCreate() }, 'Create a new wallet'),
        h('button', { type: 'button', class: 'secondary', disabled: busy, 'data-testid': 'onboard-import', onClick: () => go({ kind: 'import' }) }, 'Import a recovery phrase or a key'),
      );
      break;
    case 'words':
      body = h(
        'div',
        { class: 'card form' },
        h('div', { class: 'form-title' }, 'Your recovery phrase'),
        h('p', { class: 'warning' }, 'Write these 12 words down on paper, in order, and keep them offline. Anyone who has them owns your funds; without them a lost password loses everything.'),
        h(
          'ol',
          { class: 'words', 'data-testid': 'onboard-words' },
          step.words.map((w, i) => h('li', { key: i }, h('span', { class: 'word-n' }, `${i + 1}`), h('span', { class: 'word', 'data-testid': 'onboard-word' }, w))),
        ),
        h('button', { type: 'button', class: 'primary', 'data-testid': 'onboard-words-done', onClick: () => go({ kind: 'check', words: step.words, positions: pickPositions(3, step.words.length) }) }, 'I wrote them down'),
        h('button', { type: 'button', class: 'link', onClick: () => go({ kind: 'choose' }) }, 'Back'),
      );
      break;
    case 'check':
      body = h(BackupCheck, { words: step.words, positions: step.positions, onPassed: () => go({ kind: 'password', secret: { mnemonic: step.words.join(' ') } }), onBack: () => go({ kind: 'words', words: step.words }) });
      break;
    case 'import':
      body = h(ImportForm, { busy, onSubmit: (secret: Secret, password: string) => void create(secret, password), onBack: () => go({ kind: 'choose' }) });
      break;
    case 'password':
      body = h(PasswordForm, { busy, title: 'Choose a password', submitLabel: 'Create the wallet', onSubmit: (password: string) => void create(step.secret, password) });
      break;
  }
  return h('div', { class: 'wallet onboarding' }, h(EndpointNotice, { status }), body, error ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'onboard-error' }, error) : null);
}

function BackupCheck({ words, positions, onPassed, onBack }: { words: string[]; positions: number[]; onPassed: () => void; onBack: () => void }): ComponentChild {
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [wrong, setWrong] = useState<number[] | null>(null);
  const check = (e: Event) => {
    e.preventDefault();
    const bad = positions.filter((p) => (answers[p] ?? '').trim().toLowerCase() !== words[p - 1]);
    if (bad.length > 0) setWrong(bad);
    else onPassed();
  };
  return h(
    'form',
    { class: 'card form', onSubmit: check },
    h('div', { class: 'form-title' }, 'Check your copy'),
    h('p', { class: 'muted small' }, 'Type these words from what you wrote down.'),
    positions.map((p) =>
      h(
        'label',
        { class: 'field inline', key: p },
        h('span', { class: 'label' }, `Word #${p}`),
        h('input', {
          type: 'text',
          autocomplete: 'off',
          spellcheck: false,
          value: answers[p] ?? '',
          class: wrong?.includes(p) ? 'invalid' : '',
          'aria-invalid': wrong?.includes(p) ? 'true' : undefined,
          'data-testid': `onboard-check-${p}`,
          onInput: (e: Event) => setAnswers({ ...answers, [p]: (e.currentTarget as HTMLInputElement).value }),
        }),
      ),
    ),
    wrong
      ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'onboard-check-error' }, `${wrong.length === 1 ? 'Word' : 'Words'} ${wrong.map((p) => `#${p}`).join(', ')} ${wrong.length === 1 ? 'does' : 'do'} not match. Look at your copy again.`)
      : null,
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'onboard-verify' }, 'Check'),
    h('button', { type: 'button', class: 'link', onClick: onBack }, 'Show the words again'),
  );
}

function ImportForm({ busy, onSubmit, onBack }: { busy: boolean; onSubmit: (secret: Secret, password: string) => void; onBack: () => void }): ComponentChild {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  return h(
    'div',
    { class: 'card form' },
    h('div', { class: 'form-title' }, 'Import a wallet'),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'Recovery phrase or private key', h('small', null, 'stays on this device')),
      h('textarea', { rows: 3, value: text, spellcheck: false, autocomplete: 'off', 'data-testid': 'onboard-secret', placeholder: 'twelve words … or 0x + 64 hex digits', onInput: (e: Event) => setText((e.currentTarget as HTMLTextAreaElement).value) }),
    ),
    error ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'onboard-secret-error' }, error) : null,
    h(PasswordForm, {
      busy,
      title: null,
      submitLabel: 'Import',
      onSubmit: (password: string) => {
        const secret = readSecret(text);
        if ('error' in secret) return setError(secret.error);
        setError(null);
        onSubmit(secret, password);
      },
    }),
    h('button', { type: 'button', class: 'link', onClick: onBack }, 'Back'),
  );
}

/** A new password twice (min 8 characters). */
function PasswordForm({ busy, title, submitLabel, onSubmit }: { busy: boolean; title: string | null; submitLabel: string; onSubmit: (password: string) => void }): ComponentChild {
  const [p1, setP1] = useState('');
  const [p2, setP2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: Event) => {
    e.preventDefault();
    if ([...p1].length < MIN_PASSWORD_LENGTH) return setError(`The password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
    if (p1 !== p2) return setError('The two passwords differ.');
    setError(null);
    onSubmit(p1);
  };
  return h(
    'form',
    { class: title ? 'card form' : 'form', onSubmit: submit },
    title ? h('div', { class: 'form-title' }, title) : null,
    title ? h('p', { class: 'muted small' }, 'It encrypts the wallet on this device. Vigil cannot recover it: your recovery phrase can.') : null,
    h('input', { type: 'password', autocomplete: 'new-password', placeholder: `Password (at least ${MIN_PASSWORD_LENGTH} characters)`, value: p1, 'data-testid': 'onboard-password', onInput: (e: Event) => setP1((e.currentTarget as HTMLInputElement).value) }),
    h('input', { type: 'password', autocomplete: 'new-password', placeholder: 'The same password again', value: p2, 'data-testid': 'onboard-password2', onInput: (e: Event) => setP2((e.currentTarget as HTMLInputElement).value) }),
    error ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'onboard-password-error' }, error) : null,
    h('button', { type: 'submit', class: 'primary', disabled: busy, 'data-testid': 'onboard-submit' }, busy ? 'Encrypting…' : submitLabel),
  );
}
