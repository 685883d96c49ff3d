/**
 * The L2 forms: a deposit (an L1 transaction into the rollup's contract, approved in Vigil's
 * window like a send, so the popup never waits on it) and an L2 transfer (signed and submitted
 * at once: this form is its confirmation); and an account's forced exit to L1 ("Exit to L1",
 * confirmed in place, then run by the background). Amounts in ETH become wei with bigints only.
 * @module
 */
import { type ComponentChild, Fragment, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExitRouteView, ExitView, L2AccountView, PopupApi, RollupView, WalletState } from '../api.ts';
import { delayWords, errorLike, explainL2Error, formatEth, formatNative, formatUnits, isAddressLike, type Liveness, parseUnits, shortAddress, shortHash, toQuantity } from '../format.ts';
import { accountName } from '../../core/account-name.ts';
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
  route,
  onStarted,
}: {
  api: Pick<PopupApi, 'startExit'>;
  /** An account with an index and a proven balance above 0. */
  row: L2AccountView;
  /** The rollup's exit route with the delays read from L1 (vigil:exit:routes); undefined until read. */
  route?: ExitRouteView | undefined;
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
  const [amount, setAmount] = useState('');
  const summary = dataSummary(data, nowS);
  const { acked, setAcked } = useDataAck(summary.status);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);
  const partial = route?.partial === true;
  const chosen = partial ? readExitAmount(amount, row.balance, row.nativeCurrency.decimals) : null;

  const start = async () => {
    if (summary.ack && !acked) return;
    if (chosen !== null && !chosen.ok) return;
    setBusy(true);
    setFailure(null);
    setNote(null);
    try {
      const exit = await api.startExit({ rollupChainId: row.rollupChainId, address: row.address, ...(chosen?.ok ? { amount: chosen.value.toString() } : {}) });
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
              ? `The rollup is frozen on L1: you can withdraw your ${balance} from L1 now, with a proof from its last finalized state.`
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
    confirming
      ? h(ExitConfirm, { row, route, frozen: liveness === 'frozen', busy, data: { summary, acked, onAck: setAcked }, amount: partial ? { text: amount, read: chosen!, onInput: setAmount } : null, onStart: () => void start(), onCancel: () => setConfirming(false) })
      : null,
    failure ? h(FailureNote, { testid: 'l2-exit-error', failure }) : null,
    note ? h('p', { class: 'note busy', role: 'status', 'data-testid': 'l2-exit-note' }, note) : null,
  );
}

/**
 * An exit's amount typed where the route takes part of the balance: more than 0 and at most the
 * proven L2 balance when it is known (a problem in words, or null while nothing is typed).
 * @example readExitAmount('2.6', '2500000000000000000', 18) // { ok: false, reason: 'more than the proven L2 balance' }
 */
export function readExitAmount(text: string, balance: string | null, decimals: number): { ok: true; value: bigint } | { ok: false; reason: string | null } {
  if (text === '') return { ok: false, reason: null };
  const parsed = parseUnits(text, decimals);
  if (!parsed.ok) return parsed;
  if (parsed.value === 0n) return { ok: false, reason: 'enter more than 0' };
  if (balance !== null && parsed.value > BigInt(balance)) return { ok: false, reason: 'more than the proven L2 balance' };
  return parsed;
}

/**
 * The route's steps as the confirmation says them, numbered, each with how long it may wait by
 * the delays read from L1 (unless its title says it already); a frozen rollup's route starts at
 * its escape step. Without the route (not read yet), one sentence without numbers.
 */
function RouteWords({ route, frozen, index }: { route: ExitRouteView | undefined; frozen: boolean; index: number | null }): ComponentChild {
  if (route === undefined || route.route.length === 0) {
    return h('p', { 'data-testid': 'l2-exit-what' }, `Your wallet takes L2 account #${index} out through L1 alone${frozen ? ', at once: the rollup is frozen' : ''}; each step and its time show once the route is read from L1.`);
  }
  const escape = route.route.findIndex((s) => s.step === 'escape');
  const steps = frozen && escape >= 0 ? route.route.slice(escape).map((s, i) => (i === 0 ? { ...s, title: s.title.replace(/^Then w/, 'W') } : s)) : route.route;
  return h(
    'ol',
    { class: 'exit-route', 'data-testid': 'l2-exit-what' },
    steps.map((s) =>
      h(
        'li',
        { key: s.step, 'data-testid': 'l2-exit-step', 'data-step': s.step },
        s.title,
        s.delaySeconds !== undefined && !s.title.includes(delayWords(s.delaySeconds)) ? h('span', { class: 'muted' }, ` (then ${delayWords(s.delaySeconds)})`) : null,
      ),
    ),
  );
}

/** The amount: typed (at most the proven balance, Max fills it) where the route takes part of it, else the whole balance, said as such. */
function ExitAmount({ row, amount }: { row: L2AccountView; amount: { text: string; read: ReturnType<typeof readExitAmount>; onInput: (v: string) => void } | null }): ComponentChild {
  const proven = row.balance === null ? 'not proven' : formatNative(row.balance, row.nativeCurrency);
  if (amount === null) {
    return h('p', { 'data-testid': 'l2-exit-amount' }, 'Amount: ', h('strong', null, proven), " — your whole L2 balance: this rollup's forced exit always takes all of it, never part.");
  }
  const problem = amount.read.ok ? null : amount.read.reason;
  return h(
    'label',
    { class: 'field', 'data-testid': 'l2-exit-amount' },
    h('span', { class: 'label' }, 'Amount', h('small', null, `at most ${proven} (proven on L2)`)),
    h(
      'div',
      { class: 'row-buttons' },
      h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: problem ? 'invalid' : '', placeholder: row.nativeCurrency.symbol, value: amount.text, 'data-testid': 'l2-exit-amount-input', onInput: (e: Event) => amount.onInput((e.currentTarget as HTMLInputElement).value) }),
      h(
        'button',
        { type: 'button', class: 'secondary small', 'data-testid': 'l2-exit-max', disabled: row.balance === null, onClick: () => row.balance !== null && amount.onInput(formatUnits(row.balance, row.nativeCurrency.decimals).replace(/,/g, '')) },
        'Max',
      ),
    ),
    problem ? h('span', { class: 'note warn small', role: 'status', 'data-testid': 'l2-exit-amount-problem' }, `Amount: ${problem}.`) : null,
  );
}

function ExitConfirm({
  row,
  route,
  frozen,
  busy,
  data,
  amount,
  onStart,
  onCancel,
}: {
  row: L2AccountView;
  route: ExitRouteView | undefined;
  frozen: boolean;
  busy: boolean;
  data: { summary: DataSummary; acked: boolean; onAck: (acked: boolean) => void };
  amount: { text: string; read: ReturnType<typeof readExitAmount>; onInput: (v: string) => void } | null;
  onStart: () => void;
  onCancel: () => void;
}): ComponentChild {
  const owner = shortAddress(row.address);
  const whole = row.balance === null ? '' : ` ${formatNative(row.balance, row.nativeCurrency)}`;
  return h(
    'div',
    { class: 'l2-exit-confirm', role: 'group', 'data-testid': 'l2-exit-confirm' },
    h('div', { class: 'form-subtitle' }, amount === null ? `Exit${whole} to L1?` : 'Exit to L1?'),
    h(RouteWords, { route, frozen, index: row.index }),
    h('p', { 'data-testid': 'l2-exit-paid' }, `The ${amount === null ? 'balance' : 'amount'} is paid to ${owner} on L1.`),
    h(ExitDataNote, { ...data, testid: 'l2-exit-data' }),
    h(ExitAmount, { row, amount }),
    h(
      'p',
      { 'data-testid': 'l2-exit-signing' },
      `Each step is an L1 transaction the wallet signs itself, from ${owner}, under the signing policy (no approval window), and each pays L1 gas from this account's L1 balance. It goes on in the background at each verified head: you may close the popup.`,
    ),
    h(
      'div',
      { class: 'row-buttons' },
      h('button', { type: 'button', class: 'secondary', 'data-testid': 'l2-exit-cancel', disabled: busy, onClick: onCancel }, 'Cancel'),
      h('button', { type: 'button', class: 'primary', 'data-testid': 'l2-exit-start', disabled: busy || (data.summary.ack && !data.acked) || (amount !== null && !amount.read.ok), onClick: onStart }, busy ? 'Starting…' : 'Start the exit'),
    ),
  );
}
