/**
 * The L2 forms: a deposit (an L1 transaction into the rollup's contract, approved in Vigil's
 * window like a send, so the popup never waits on it) and an L2 transfer (signed and submitted
 * at once: this form is its confirmation); and an account's forced exit to L1 ("Exit to L1",
 * confirmed in place, then run by the background). Amounts in ETH become wei with bigints only.
 * @module
 */
import { type ComponentChild, Fragment, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExitView, L2AccountView, PopupApi, RollupView, WalletState } from '../api.ts';
import { errorLike, explainL2Error, formatEth, isAddressLike, type Liveness, parseUnits, shortAddress, shortHash, toQuantity } from '../format.ts';
import { accountName } from './accounts-card.ts';
import { dataSummary, type DataSummary, ExitDataNote, useDataAck } from './rollup-data.ts';

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
    const submitted = value;
    setNote({ tone: 'busy', text: 'Approve it in the window that opened: the deposit is an L1 transaction Vigil prepares on verified state.' });
    // Not awaited: the answer comes only once the user decided in the approval window.
    api.l2Deposit(read.request).then(
      (hash) => {
        if (!alive.current || n !== latest.current) return;
        setNote({ tone: 'good', text: `Deposit sent: ${shortHash(hash)}. It counts on L2 once a verified batch includes it.` });
        // The form stays usable while the window is open: an amount typed meanwhile is kept.
        setValue((v) => (v === submitted ? '' : v));
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

/**
 * An L2 account's "Exit to L1": offered plainly when the rollup is stalled or frozen, else behind a
 * small disclosure (a normal withdrawal is cheaper while the sequencer works). It asks for a
 * confirmation in place — which says where the rollup's data is and what it means for the escape
 * proof, ticked by the user when Ethereum alone may not rebuild it — then starts the exit in the
 * background (which answers at once with the record; every step after is signed by the wallet
 * under the signing policy).
 */
export function L2ExitAction({
  api,
  row,
  liveness,
  data = null,
  nowS = Date.now() / 1000,
  onStarted,
}: {
  api: Pick<PopupApi, 'startExit'>;
  /** An account with an index and a proven balance above 0. */
  row: L2AccountView;
  /** The rollup's proven liveness, or null when it is not known. */
  liveness: Liveness | null;
  /** Where the rollup's data is (RollupView.data), said in the confirmation; null when not read. */
  data?: RollupView['data'] | undefined;
  /** Now, unix seconds (a past sampling's date). */
  nowS?: number | undefined;
  onStarted?: (exit: ExitView) => void;
}): ComponentChild {
  const urgent = liveness === 'stalled' || liveness === 'frozen';
  const [disclosed, setDisclosed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const summary = dataSummary(data, nowS);
  const { acked, setAcked } = useDataAck(summary.status);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const start = async () => {
    if (summary.ack && !acked) return;
    setBusy(true);
    setFailure(null);
    setNote(null);
    try {
      const exit = await api.startExit({ rollupChainId: row.rollupChainId, address: row.address });
      if (!alive.current) return;
      setConfirming(false);
      // The background answers the exit that closed the account (an escape) rather than start one that could only fail.
      if (exit.terminal) {
        setNote(`This account's earlier exit ended (${exit.step}); Vigil keeps one exit per L2 account, so no new one started.`);
      }
      onStarted?.(exit);
    } catch (err) {
      if (!alive.current) return;
      const like = errorLike(err);
      setFailure({ code: like.code ?? 'ERROR', text: `Not started: ${explainL2Error(like)}` });
    } finally {
      if (alive.current) setBusy(false);
    }
  };

  const balance = row.balance === null ? '' : formatEth(row.balance);
  const button = h(
    'button',
    { type: 'button', class: urgent ? 'primary' : 'secondary small', 'data-testid': 'l2-exit', disabled: confirming || busy, onClick: () => {
        setConfirming(true);
        setFailure(null);
        setNote(null);
      },
    },
    'Exit to L1',
  );
  return h(
    'div',
    { class: `l2-exit ${urgent ? 'urgent' : ''}`, 'data-testid': 'l2-exit-action', 'data-liveness': liveness ?? 'unknown' },
    urgent
      ? [
          h(
            'p',
            { class: 'note warn', 'data-testid': 'l2-exit-advice' },
            liveness === 'frozen'
              ? `The rollup is frozen on L1: its escape hatch is open. Recover your ${balance} on L1 with the account's Merkle proof.`
              : `The sequencer is stalled: recover your ${balance} on L1 without it (a forced exit).`,
          ),
          button,
        ]
      : [
          h(
            'button',
            { type: 'button', class: 'link small', 'aria-expanded': disclosed, 'data-testid': 'l2-exit-disclose', onClick: () => setDisclosed(!disclosed) },
            'Exit without the sequencer…',
          ),
          disclosed
            ? h(
                'div',
                { class: 'l2-exit-disclosed' },
                h('p', { class: 'muted small', 'data-testid': 'l2-exit-advice' }, 'While the sequencer works, a normal withdrawal is cheaper: a forced exit sends several L1 transactions and may wait out the forced deadline.'),
                button,
              )
            : null,
        ],
    confirming ? h(ExitConfirm, { row, frozen: liveness === 'frozen', busy, data: { summary, acked, onAck: setAcked }, onStart: () => void start(), onCancel: () => setConfirming(false) }) : null,
    failure ? h(FailureNote, { testid: 'l2-exit-error', failure }) : null,
    note ? h('p', { class: 'note busy', role: 'status', 'data-testid': 'l2-exit-note' }, note) : null,
  );
}

function ExitConfirm({ row, frozen, busy, data, onStart, onCancel }: { row: L2AccountView; frozen: boolean; busy: boolean; data: { summary: DataSummary; acked: boolean; onAck: (acked: boolean) => void }; onStart: () => void; onCancel: () => void }): ComponentChild {
  const owner = shortAddress(row.address);
  return h(
    'div',
    { class: 'l2-exit-confirm', role: 'group', 'data-testid': 'l2-exit-confirm' },
    h('div', { class: 'form-subtitle' }, `Exit ${row.balance === null ? '' : formatEth(row.balance)} to L1?`),
    h(
      'p',
      { 'data-testid': 'l2-exit-what' },
      frozen
        ? `The rollup is frozen: the wallet escapes at once with L2 account #${row.index}'s Merkle proof against the last finalized root, and the rollup's L1 contract pays the balance to ${owner}.`
        : `The wallet asks the rollup's L1 contract for a forced withdrawal of L2 account #${row.index}. If the sequencer does not process it before the forced deadline, the wallet freezes the rollup and escapes with the account's Merkle proof against the last finalized root. Either way the balance is paid to ${owner} on L1.`,
    ),
    h(ExitDataNote, { ...data, testid: 'l2-exit-data' }),
    h('p', { 'data-testid': 'l2-exit-amount' }, 'Amount: ', h('strong', null, row.balance === null ? 'not proven' : formatEth(row.balance)), ' — the whole balance proven on L2.'),
    h(
      'p',
      { 'data-testid': 'l2-exit-signing' },
      `Each step is an L1 transaction the wallet signs itself, from ${owner}, under the signing policy (no approval window), and each pays L1 gas from this account's L1 balance. It goes on in the background at each verified head: you may close the popup.`,
    ),
    h(
      'div',
      { class: 'row-buttons' },
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'l2-exit-cancel', disabled: busy, onClick: onCancel }, 'Cancel'),
      h('button', { type: 'button', class: 'primary', 'data-testid': 'l2-exit-start', disabled: busy || (data.summary.ack && !data.acked), onClick: onStart }, busy ? 'Starting…' : 'Start the exit'),
    ),
  );
}
