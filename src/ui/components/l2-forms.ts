/**
 * The L2 forms: a deposit (an L1 transaction into the rollup's contract, approved in Vigil's
 * window like a send, so the popup never waits on it) and an L2 transfer (signed and submitted
 * at once: this form is its confirmation). Amounts in ETH become wei with bigints only.
 * @module
 */
import { type ComponentChild, Fragment, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { L2AccountView, PopupApi, WalletState } from '../api.ts';
import { errorLike, explainL2Error, formatEth, isAddressLike, parseUnits, shortHash, toQuantity } from '../format.ts';
import { accountName } from './accounts-card.ts';

export interface RollupChoice {
  chainId: number;
  name: string;
}

type Invalid = { ok: false; field: 'from' | 'rollup' | 'to' | 'value'; reason: string };

/** A positive ETH amount as a wei quantity. */
function readAmount(value: string): { ok: true; value: string } | Invalid {
  const amount = parseUnits(value, 18);
  if (!amount.ok) return { ok: false, field: 'value', reason: `Amount: ${amount.reason}.` };
  if (amount.value === 0n) return { ok: false, field: 'value', reason: 'Amount: enter more than 0.' };
  return { ok: true, value: toQuantity(amount.value) };
}

export function readL2Deposit(fields: { from: string; rollup: string; value: string }): { ok: true; request: { from: string; rollupChainId: number; value: string } } | Invalid {
  if (!isAddressLike(fields.from)) return { ok: false, field: 'from', reason: 'Choose the account to deposit from.' };
  const rollupChainId = Number(fields.rollup);
  if (fields.rollup === '' || !Number.isSafeInteger(rollupChainId)) return { ok: false, field: 'rollup', reason: 'Choose a rollup.' };
  const amount = readAmount(fields.value);
  if (!amount.ok) return amount;
  return { ok: true, request: { from: fields.from, rollupChainId, value: amount.value } };
}

/** `to` is the recipient's L1 address (its L2 account's owner) or its L2 account index. */
export function readL2Transfer(fields: { from: string; rollup: string; to: string; value: string }): { ok: true; request: { from: string; rollupChainId: number; to: string; value: string } } | Invalid {
  if (!isAddressLike(fields.from)) return { ok: false, field: 'from', reason: 'Choose the account to send from.' };
  const rollupChainId = Number(fields.rollup);
  if (fields.rollup === '' || !Number.isSafeInteger(rollupChainId)) return { ok: false, field: 'rollup', reason: 'Choose a rollup.' };
  const to = fields.to.trim();
  if (!isAddressLike(to) && !(/^\d+$/.test(to) && Number.isSafeInteger(Number(to)))) {
    return { ok: false, field: 'to', reason: 'Recipient: expected an address (0x and 40 hex digits) or an L2 account index.' };
  }
  const amount = readAmount(fields.value);
  if (!amount.ok) return amount;
  return { ok: true, request: { from: fields.from, rollupChainId, to: /^\d+$/.test(to) ? String(Number(to)) : to, value: amount.value } };
}

type Note = { tone: 'good' | 'busy'; text: string };
/** `code` is the background's; a form field the user got wrong has none. */
type Failure = { code?: string; text: string };

/** The selects both forms share: the wallet's accounts and the rollups, kept valid as they change. */
function useChoices(state: WalletState, rollups: RollupChoice[]) {
  const [from, setFrom] = useState(state.accounts[0]?.address ?? '');
  const [rollup, setRollup] = useState(String(rollups[0]?.chainId ?? ''));
  useEffect(() => {
    if (!state.accounts.some((a) => a.address === from)) setFrom(state.accounts[0]?.address ?? '');
  }, [state.accounts.map((a) => a.address).join()]);
  useEffect(() => {
    if (!rollups.some((r) => String(r.chainId) === rollup)) setRollup(String(rollups[0]?.chainId ?? ''));
  }, [rollups.map((r) => r.chainId).join()]);
  return { from, setFrom, rollup, setRollup };
}

function Selects({ prefix, state, rollups, rows, choices }: { prefix: string; state: WalletState; rollups: RollupChoice[]; rows: L2AccountView[]; choices: ReturnType<typeof useChoices> }): ComponentChild {
  const mine = rows.find((r) => r.address.toLowerCase() === choices.from.toLowerCase() && String(r.rollupChainId) === choices.rollup);
  return h(
    Fragment,
    null,
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'From', mine && mine.balance !== null && !mine.error ? h('small', null, `${formatEth(mine.balance)} proven on L2`) : null),
      h(
        'select',
        { value: choices.from, 'data-testid': `${prefix}-from`, onChange: (e: Event) => choices.setFrom((e.currentTarget as HTMLSelectElement).value) },
        state.accounts.map((a) => h('option', { value: a.address, key: a.address }, `${accountName(a)} · ${shortHash(a.address, 4)}`)),
      ),
    ),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'Rollup'),
      h(
        'select',
        { value: choices.rollup, 'data-testid': `${prefix}-rollup`, onChange: (e: Event) => choices.setRollup((e.currentTarget as HTMLSelectElement).value) },
        rollups.map((r) => h('option', { value: String(r.chainId), key: r.chainId }, `${r.name} · chain ${r.chainId}`)),
      ),
    ),
  );
}

function AmountField({ prefix, value, invalid, onInput }: { prefix: string; value: string; invalid: boolean; onInput: (v: string) => void }): ComponentChild {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'label' }, 'Amount', h('small', null, 'ETH')),
    h('input', { type: 'text', inputmode: 'decimal', class: invalid ? 'invalid' : '', autocomplete: 'off', placeholder: '0.0', value, 'data-testid': `${prefix}-value`, onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value) }),
  );
}

function FailureNote({ testid, failure }: { testid: string; failure: Failure }): ComponentChild {
  return h('p', { class: 'note bad', role: 'alert', 'data-testid': testid, ...(failure.code ? { 'data-code': failure.code } : {}) }, failure.text, failure.code ? [' ', h('code', null, failure.code)] : null);
}

export function L2DepositForm({
  api,
  state,
  rollups,
  rows,
  onDeposited,
}: {
  api: Pick<PopupApi, 'l2Deposit'>;
  state: WalletState;
  rollups: RollupChoice[];
  rows: L2AccountView[];
  onDeposited?: () => void;
}): ComponentChild {
  const choices = useChoices(state, rollups);
  const [value, setValue] = useState('');
  const [note, setNote] = useState<Note | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [invalidField, setInvalidField] = useState<string | null>(null);
  const latest = useRef(0);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const submit = (e: Event) => {
    e.preventDefault();
    const read = readL2Deposit({ from: choices.from, rollup: choices.rollup, value });
    if (!read.ok) {
      setInvalidField(read.field);
      setNote(null);
      setFailure({ text: read.reason });
      return;
    }
    setInvalidField(null);
    setFailure(null);
    const n = ++latest.current;
    setNote({ tone: 'busy', text: 'Approve it in the window that opened: the deposit is an L1 transaction Vigil prepares on verified state.' });
    // Not awaited: the answer comes only once the user decided in the approval window.
    api.l2Deposit(read.request).then(
      (hash) => {
        if (!alive.current || n !== latest.current) return;
        setNote({ tone: 'good', text: `Deposit sent: ${shortHash(hash)}. It counts on L2 once a verified batch includes it.` });
        setValue('');
        onDeposited?.();
      },
      (err: unknown) => {
        if (!alive.current || n !== latest.current) return;
        const like = errorLike(err);
        setNote(null);
        setFailure({ code: like.code ?? 'ERROR', text: like.code === 'USER_REJECTED' ? 'Rejected in the Vigil window: nothing was signed.' : `Not deposited: ${explainL2Error(like)}` });
      },
    );
  };

  return h(
    'form',
    { class: 'l2-form', onSubmit: submit, noValidate: true },
    h('div', { class: 'form-subtitle' }, 'Deposit from L1'),
    h(Selects, { prefix: 'l2-deposit', state, rollups, rows, choices }),
    h(AmountField, { prefix: 'l2-deposit', value, invalid: invalidField === 'value', onInput: setValue }),
    failure ? h(FailureNote, { testid: 'l2-deposit-error', failure }) : null,
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'l2-deposit-submit' }, 'Review in Vigil'),
    note ? h('p', { class: `note ${note.tone}`, role: 'status', 'data-testid': 'l2-deposit-note' }, note.text) : null,
  );
}

export function L2TransferForm({
  api,
  state,
  rollups,
  rows,
  onTransferred,
}: {
  api: Pick<PopupApi, 'l2Transfer'>;
  state: WalletState;
  rollups: RollupChoice[];
  rows: L2AccountView[];
  onTransferred?: () => void;
}): ComponentChild {
  const choices = useChoices(state, rollups);
  const [to, setTo] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [invalidField, setInvalidField] = useState<string | null>(null);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const read = readL2Transfer({ from: choices.from, rollup: choices.rollup, to, value });
    setNote(null);
    if (!read.ok) {
      setInvalidField(read.field);
      setFailure({ text: read.reason });
      return;
    }
    setInvalidField(null);
    setFailure(null);
    setBusy(true);
    try {
      const t = await api.l2Transfer(read.request);
      if (!alive.current) return;
      setNote({ tone: 'good', text: `Submitted ${formatEth(t.amount)} to L2 account #${t.toIndex}: waiting for a verified batch.` });
      setTo('');
      setValue('');
      onTransferred?.();
    } catch (err) {
      if (!alive.current) return;
      const like = errorLike(err);
      setFailure({ code: like.code ?? 'ERROR', text: `Not sent: ${explainL2Error(like)}` });
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  return h(
    'form',
    { class: 'l2-form', onSubmit: (e: Event) => void submit(e), noValidate: true },
    h('div', { class: 'form-subtitle' }, 'Transfer on L2'),
    h(Selects, { prefix: 'l2-transfer', state, rollups, rows, choices }),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'To', h('small', null, 'address or L2 account index')),
      h('input', { type: 'text', class: `mono ${invalidField === 'to' ? 'invalid' : ''}`, spellcheck: false, autocomplete: 'off', placeholder: '0x… or 7', value: to, 'data-testid': 'l2-transfer-to', onInput: (e: Event) => setTo((e.currentTarget as HTMLInputElement).value) }),
    ),
    h(AmountField, { prefix: 'l2-transfer', value, invalid: invalidField === 'value', onInput: setValue }),
    failure ? h(FailureNote, { testid: 'l2-transfer-error', failure }) : null,
    h('button', { type: 'submit', class: 'primary', disabled: busy, 'data-testid': 'l2-transfer-submit' }, busy ? 'Signing…' : 'Sign and submit'),
    note ? h('p', { class: `note ${note.tone}`, role: 'status', 'data-testid': 'l2-transfer-note' }, note.text) : null,
  );
}
