/**
 * The wallet tab's forced exits to L1, of every followed rollup with an exit route (the devnet
 * rollup, OP Stack, Arbitrum, Scroll). Per rollup: its liveness, and — when it is delayed, stalled
 * or frozen, or on "Show the exit route" — the route a user takes alone with its real delays in
 * words, and "Start forced exit" with the L2 balance proven against the root L1 accepted (an
 * amount where the rollup's exit takes part of it), after where the rollup's data is and what it
 * means for the escape proof (acknowledged when Ethereum alone may not rebuild it). Then each exit: its steps along the route with
 * the current one highlighted, what it waits for and until when (a date and time, counting down
 * against the status' clock), each L1 transaction sent, what was recovered, its problem in words,
 * its history; "Abandon this exit" (confirmed in place) for one that cannot go on; past (archived
 * and abandoned) exits apart.
 *
 * Everything comes from the background as data (src/extension/messages.ts: ExitView,
 * ExitRouteView): the background moves an exit only on proven L1 facts and verified receipts
 * (src/client/exits/exit-service.ts); this card never claims more than the record holds.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ExitBalanceView, ExitRouteView, ExitView, L2AccountView, PopupApi, RollupView, WalletState } from '../api.ts';
import { aboutDuration, delayWords, errorLike, explainExitError, formatClock, formatEth, formatUnits, LIVENESS_TONE, shortAddress, shortHash, type Tone, type WalletErrorLike } from '../format.ts';
import { accountName } from '../../core/account-name.ts';
import { Amount } from './amount.ts';
import { readExitAmount } from './l2-forms.ts';
import { dataSummary, ExitDataNote, useDataAck } from './rollup-data.ts';
import { formatUtc } from './rollups-card.ts';

type RouteStep = ExitRouteView['route'][number];
type Currency = ExitRouteView['nativeCurrency'];
const ETH: Currency = { name: 'Ether', symbol: 'ETH', decimals: 18 };

const WHO: Record<RouteStep['who'], string> = { you: 'your wallet (an L1 transaction)', anyone: 'anyone', rollup: "the rollup's own process" };

/** 'done' and 'skipped' are before the current stage; 'todo' after it; a failed exit ends 'failed'. */
export type StageState = 'done' | 'current' | 'todo' | 'skipped' | 'failed';

/** The route's steps, then 'done': each with its state for this exit (visited in the history, or skipped, before the current one; an abandoned exit stopped, 'failed', where it was). */
export function stageStates(exit: Pick<ExitView, 'step' | 'history' | 'terminal' | 'abandonedAt'>, route: readonly RouteStep[]): { stage: string; state: StageState }[] {
  const stageOf = (step: string) => route.findIndex((s) => (s.steps ?? [s.step]).includes(step));
  const current = exit.terminal ? route.length : stageOf(exit.step);
  const visited = new Set(exit.history.map((e) => stageOf(e.step)));
  return [...route.map((s) => s.step), 'done'].map((stage, i) => {
    let state: StageState = 'todo';
    if (i < current) state = visited.has(i) ? 'done' : 'skipped';
    else if (i === current) state = exit.abandonedAt !== undefined ? 'failed' : !exit.terminal ? 'current' : exit.step === 'failed' ? 'failed' : 'done';
    return { stage, state };
  });
}

function Tx({ hash }: { hash: string }): ComponentChild {
  return h('span', { class: 'mono', title: hash }, shortHash(hash, 4));
}

/** "until 2027-01-01 10:00 UTC (in about 7 days)" for a wait with a time, by the status' clock. */
function Until({ until, nowS }: { until: number; nowS: number }): ComponentChild {
  const left = until - nowS;
  return h('span', { 'data-testid': 'exit-until', 'data-until': until }, ` — until ${formatUtc(until)} (${left > 0 ? `in ${aboutDuration(left)}` : 'due now: at the next verified head'})`);
}

/** What the exit waits for at the last head, in its plan's words, and until when. */
function Waiting({ waiting, nowS }: { waiting: NonNullable<ExitView['waiting']>; nowS: number }): ComponentChild {
  return h('span', { 'data-testid': 'exit-waiting' }, `Waiting: ${waiting.reason}`, waiting.until !== undefined ? h(Until, { until: waiting.until, nowS }) : null);
}

/** The words for one stage of one exit: what was sent, what is awaited, what was recovered. */
function stageText(e: ExitView, stage: string, state: StageState, nowS: number, currency: Currency): ComponentChild {
  const sent = e.sent[stage];
  if (stage === 'done') {
    if (state === 'todo') return 'the owner is paid on L1';
    if (state === 'failed') return `failed: ${[...e.history].reverse().find((x) => x.note !== undefined)?.note ?? 'nothing more can be recovered'}`;
    const recovered = e.facts.recovered;
    return recovered === undefined ? `ended: ${e.step}` : h('span', { class: 'good', 'data-testid': 'exit-recovered' }, 'recovered ', h(Amount, { value: recovered, symbol: currency.symbol, decimals: currency.decimals }), ' on L1');
  }
  if (state === 'skipped') return 'not needed';
  if (state === 'todo') return null;
  if (state === 'failed') return 'abandoned here by the user: never moved again';
  if (state === 'done') return sent ? ['sent (tx ', h(Tx, { hash: sent.hash }), ')'] : 'done';
  if (e.waiting) return h(Waiting, { waiting: e.waiting, nowS });
  return sent ? ['sent (tx ', h(Tx, { hash: sent.hash }), '): waiting for its receipt in a verified block'] : 'the wallet signs the next transaction at a verified head';
}

function ErrorNote({ error, tone, testid }: { error: { code: string; message: string }; tone: 'bad' | 'warn'; testid: string }): ComponentChild {
  const text = explainExitError(error);
  return h(
    'div',
    { class: `note ${tone}`, role: tone === 'bad' ? 'alert' : 'status', 'data-testid': testid, 'data-code': error.code },
    h('div', null, text),
    h('div', { class: 'small' }, h('code', null, error.code), text === error.message ? null : `: ${error.message}`),
  );
}

export function RouteSteps({ route }: { route: readonly RouteStep[] }): ComponentChild {
  return h(
    'ol',
    { class: 'exit-route', 'data-testid': 'exit-route' },
    route.map((s) =>
      h(
        'li',
        { key: s.step, 'data-testid': 'exit-route-step', 'data-step': s.step },
        h('strong', null, s.title),
        h('span', { class: 'muted small' }, ` · ${WHO[s.who]}`),
        // A title that says its time already ("Wait up to 20 s …") gets no tag repeating it.
        s.delaySeconds !== undefined && !s.title.includes(delayWords(s.delaySeconds)) ? h('span', { class: 'tag', 'data-testid': 'exit-route-delay' }, `then ${aboutDuration(s.delaySeconds)}`) : null,
        h('div', { class: 'small' }, s.detail),
      ),
    ),
  );
}

/** "Abandon this exit", confirmed in place: an exit that cannot go on is given up for good, and a new one may start. */
function Abandon({ onAbandon }: { onAbandon: () => void }): ComponentChild {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) return h('button', { type: 'button', class: 'secondary small', 'data-testid': 'exit-abandon', onClick: () => setConfirming(true) }, 'Abandon this exit');
  return h(
    'div',
    { class: 'note warn small', role: 'group', 'data-testid': 'exit-abandon-confirm' },
    h('div', null, 'Abandon this exit? It stops here for good: kept in the history, never resumed. A transaction it already sent may still land. You can then start a new exit of this account.'),
    h(
      'div',
      { class: 'row-buttons' },
      h('button', { type: 'button', class: 'secondary small', 'data-testid': 'exit-abandon-no', onClick: () => setConfirming(false) }, 'Keep it'),
      h('button', { type: 'button', class: 'primary small', 'data-testid': 'exit-abandon-yes', onClick: () => (setConfirming(false), onAbandon()) }, 'Abandon'),
    ),
  );
}

export function ExitRow({
  exit: e,
  nowS,
  state,
  route,
  currency = ETH,
  onAllowFee,
  onAbandon,
}: {
  exit: ExitView;
  nowS: number;
  state?: WalletState | undefined;
  route?: readonly RouteStep[] | undefined;
  /** What the exit's amount is counted in (the rollup's native currency; ETH when it is not followed now). */
  currency?: Currency | undefined;
  /** The user lets the held step cost what it asks (FEE_ABOVE_CAP). */
  onAllowFee?: ((id: string) => void) | undefined;
  /** The user gives up this exit (confirmed in place). */
  onAbandon?: ((id: string) => void) | undefined;
}): ComponentChild {
  const account = state?.accounts.find((a) => a.address.toLowerCase() === e.owner);
  const owner = account ? `${accountName(account)} · ${shortAddress(account.address)}` : shortAddress(e.owner);
  const failed = e.terminal && e.step === 'failed';
  const abandoned = e.abandonedAt !== undefined;
  const title = route?.find((s) => (s.steps ?? [s.step]).includes(e.step))?.title ?? e.step;
  const pill: { label: string; tone: Tone } = abandoned
    ? { label: 'Abandoned', tone: 'warn' }
    : !e.terminal
      ? { label: title, tone: 'busy' }
      : failed
        ? { label: 'Failed', tone: 'bad' }
        : { label: e.step[0]!.toUpperCase() + e.step.slice(1), tone: 'good' };
  const underWay = !e.terminal && !abandoned;
  const stages = route ? stageStates(e, route) : [];
  return h(
    'div',
    { class: 'exit-row', 'data-testid': 'exit-row', 'data-step': e.step, 'data-exit-id': e.id },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name', 'data-testid': 'exit-amount' }, h(Amount, { value: e.amount, symbol: currency.symbol, decimals: currency.decimals }), ` · owner ${owner}`, e.facts.index !== undefined ? h('span', { class: 'tag' }, `L2 account #${e.facts.index}`) : null),
      h('span', { class: `pill small tone-${pill.tone}`, 'data-testid': 'exit-step-pill' }, pill.label),
    ),
    stages.length > 0
      ? h(
          'ol',
          { class: 'exit-steps' },
          stages.map(({ stage, state: s }) =>
            h(
              'li',
              { key: stage, class: `exit-step ${s}`, 'data-testid': 'exit-step', 'data-stage': stage, 'data-state': s, ...(s === 'current' || s === 'failed' ? { 'aria-current': 'step' } : {}) },
              h('span', { class: 'exit-step-label' }, stage === 'done' ? (failed ? 'Failed' : 'Done') : route!.find((r) => r.step === stage)!.title),
              h('span', { class: 'exit-step-text' }, stageText(e, stage, s, nowS, currency)),
            ),
          ),
        )
      : null,
    // Ended at a block the light client has not finalized: a reorg could still undo it.
    e.terminal && e.endedAtBlock !== undefined
      ? h('div', { class: 'small', 'data-testid': 'exit-not-final' }, `In block #${Number(e.endedAtBlock).toLocaleString('en-US')}: final once the light client finalizes that block (checked at every head; a reorg sends the exit back a step)`)
      : null,
    // Without its route (a rollup not followed now), the wait stands alone.
    stages.length === 0 && underWay && e.waiting ? h('div', { class: 'small' }, h(Waiting, { waiting: e.waiting, nowS })) : null,
    Object.keys(e.sent).length > 0
      ? h(
          'ul',
          { class: 'small', 'data-testid': 'exit-sent' },
          Object.entries(e.sent).map(([label, tx]) => h('li', { key: label, 'data-label': label }, `${label}: `, h(Tx, { hash: tx.hash }), ` sent ${formatUtc(tx.at)}`)),
        )
      : null,
    // A problem of a step under way is a warning (the next head tries again); a failed or abandoned exit's is final; a finished one's is history.
    e.error && (!e.terminal || failed) ? h(ErrorNote, { error: e.error, tone: failed || abandoned ? 'bad' : 'warn', testid: 'exit-error' }) : null,
    // A step held back as too expensive: the proven cost is in the note above; the user may allow it.
    underWay && onAllowFee && e.feeAsked?.step === e.step && e.feeAllowance?.step !== e.step
      ? h(
          'button',
          { class: 'secondary', 'data-testid': 'exit-allow-fee', onClick: () => onAllowFee(e.id) },
          `Allow up to ${formatEth(e.feeAsked.maxCost)} for this step`,
        )
      : null,
    underWay ? h('div', { class: 'muted small' }, 'Each L1 step is a transaction the wallet signs itself under the signing policy, at a verified head; the popup may be closed.') : null,
    underWay && e.archivedAt === undefined && onAbandon ? h(Abandon, { onAbandon: () => onAbandon(e.id) }) : null,
    h(
      'details',
      { class: 'exit-history', 'data-testid': 'exit-history' },
      h('summary', null, `History (${e.history.length})${e.reverts > 0 ? ` · ${e.reverts} reverted` : ''}`),
      h(
        'ol',
        null,
        e.history.map((x, i) => h('li', { key: i, 'data-testid': 'exit-history-entry', 'data-step': x.step }, h('span', { class: 'mono' }, formatClock(x.at * 1000)), ` ${x.step}`, x.note ? ` — ${x.note}` : '')),
      ),
    ),
  );
}

/** What the background says of an account with nothing on the rollup: no L2 account there (yet). */
const NOTHING_THERE = new Set(['L2_NO_ACCOUNT', 'L2_ACCOUNT_MISSING']);

/**
 * The account the start form picks first: the first of the wallet's accounts with a balance above
 * zero on this rollup in the L2 views (not a stale one), else the first account.
 */
export function defaultExitAccount(state: WalletState, chainId: number, l2Accounts: readonly L2AccountView[] | undefined): string {
  const funded = (address: string) =>
    (l2Accounts ?? []).some((a) => a.rollupChainId === chainId && a.address.toLowerCase() === address.toLowerCase() && a.stale === undefined && a.balance !== null && /^\d+$/.test(a.balance) && BigInt(a.balance) > 0n);
  return (state.accounts.find((a) => funded(a.address)) ?? state.accounts[0])?.address ?? '';
}

/**
 * The start form of one rollup: an account, its L2 balance proven now, an amount where the exit
 * may take part of it, where the rollup's data is and what that means for the escape proof (with
 * a box to tick when Ethereum alone may not rebuild it), "Start forced exit".
 */
function StartExit({ api, state, route, data, nowS, busyOwners, l2Accounts, onStarted }: { api: PopupApi; state: WalletState; route: ExitRouteView; data: RollupView['data']; nowS: number; busyOwners: Set<string>; l2Accounts?: readonly L2AccountView[] | undefined; onStarted: () => void }): ComponentChild {
  // The user's pick stands; until they pick, the first account with something there (the L2 views may come after the card).
  const [chosen, setChosen] = useState<string | null>(null);
  const address = chosen ?? defaultExitAccount(state, route.chainId, l2Accounts);
  const [amount, setAmount] = useState('');
  const [balance, setBalance] = useState<ExitBalanceView | null>(null);
  const [error, setError] = useState<WalletErrorLike | null>(null);
  const [sending, setSending] = useState(false);
  const summary = dataSummary(data, nowS);
  const { acked, setAcked } = useDataAck(summary.status);
  const unacked = summary.ack && !acked;
  useEffect(() => {
    let alive = true;
    setBalance(null);
    setError(null);
    if (!address) return;
    api.exitBalance({ rollupChainId: route.chainId, address }).then(
      (b) => alive && setBalance(b),
      (err: unknown) => alive && setError(errorLike(err)),
    );
    return () => void (alive = false);
  }, [api, address, route.chainId]);
  const busy = busyOwners.has(address.toLowerCase());
  // No L2 account there is no failure: the account simply holds nothing on this rollup.
  const nothing = error !== null && error.code !== undefined && NOTHING_THERE.has(error.code);
  const typed = readExitAmount(amount, balance?.balance ?? null, route.nativeCurrency.decimals);
  const problem = busy
    ? 'an exit of this account is under way'
    : nothing
      ? `this account has nothing on ${route.name}`
      : !route.partial
        ? balance !== null && BigInt(balance.balance) === 0n
          ? 'nothing to exit: the proven L2 balance is 0'
          : null
        : typed.ok
          ? null
          : typed.reason;
  const ready = route.partial ? typed.ok : balance !== null;
  const start = async () => {
    if (!ready || problem || unacked) return;
    setSending(true);
    setError(null);
    try {
      await api.startExit({ rollupChainId: route.chainId, address, ...(route.partial && typed.ok ? { amount: typed.value.toString() } : {}) });
      setAmount('');
      onStarted();
    } catch (err) {
      setError(errorLike(err));
    } finally {
      setSending(false);
    }
  };
  const proven: ComponentChild = balance
    ? [h(Amount, { key: 'b', value: balance.balance, symbol: route.nativeCurrency.symbol, decimals: route.nativeCurrency.decimals }), ` proven on L2 (${balance.index !== undefined ? `account #${balance.index}, ` : ''}block ${balance.l2Block})`]
    : nothing
      ? `This account has nothing on ${route.name}.`
      : 'proving the L2 balance…';
  return h(
    'div',
    { class: 'exit-start', 'data-testid': 'exit-start' },
    state.accounts.length > 1
      ? h(
          'select',
          { 'data-testid': 'exit-account', value: address, 'aria-label': 'Account to exit', onChange: (ev: Event) => setChosen((ev.target as HTMLSelectElement).value) },
          state.accounts.map((a) => h('option', { key: a.address, value: a.address }, `${accountName(a)} · ${shortAddress(a.address)}`)),
        )
      : null,
    h('div', { class: nothing ? 'small muted' : 'small', role: nothing ? 'status' : undefined, 'data-testid': 'exit-balance', 'data-nothing': nothing ? 'true' : undefined }, route.partial || balance === null ? proven : [proven, ': the exit takes all of it']),
    route.partial
      ? [
          h(
            'div',
            { key: 'amount', class: 'row-buttons' },
            h('input', { type: 'text', autocomplete: 'off', class: problem !== null && amount !== '' ? 'invalid' : '', 'aria-label': 'Amount to exit', 'data-testid': 'exit-amount-input', inputMode: 'decimal', placeholder: route.nativeCurrency.symbol, value: amount, onInput: (ev: Event) => setAmount((ev.target as HTMLInputElement).value) }),
            h(
              'button',
              { type: 'button', class: 'secondary small', 'data-testid': 'exit-max', disabled: balance === null, onClick: () => balance && setAmount(formatUnits(balance.balance, route.nativeCurrency.decimals).replace(/,/g, '')) },
              'Max',
            ),
          ),
        ]
      : null,
    h(ExitDataNote, { summary, acked, onAck: setAcked }),
    h('button', { type: 'button', class: 'primary', 'data-testid': 'exit-submit', disabled: sending || !ready || problem !== null || unacked, onClick: () => void start() }, 'Start forced exit'),
    // "Nothing there" is said once, calmly, in the balance line above.
    problem && !nothing ? h('div', { class: 'note warn small', 'data-testid': 'exit-problem' }, problem) : null,
    error && !nothing ? h(ErrorNote, { error: { code: error.code ?? 'ERROR', message: error.message }, tone: 'bad', testid: 'exit-start-error' }) : null,
  );
}

function RollupExits({ api, state, route, data, exits, nowS, l2Accounts, onStarted }: { api: PopupApi; state: WalletState; route: ExitRouteView; data: RollupView['data']; exits: ExitView[]; nowS: number; l2Accounts?: readonly L2AccountView[] | undefined; onStarted: () => void }): ComponentChild {
  const troubled = route.liveness === 'delayed' || route.liveness === 'stalled' || route.liveness === 'frozen';
  const [shown, setShown] = useState(false);
  const open = troubled || shown;
  const current = exits.filter((e) => e.archivedAt === undefined);
  const past = exits.filter((e) => e.archivedAt !== undefined);
  const busyOwners = new Set(current.filter((e) => !e.terminal).map((e) => e.owner));
  const row = (e: ExitView) =>
    h(ExitRow, {
      exit: e,
      nowS,
      state,
      route: route.route,
      currency: route.nativeCurrency,
      key: e.id,
      onAllowFee: (id: string) => void api.allowExitFee(id).then(onStarted, () => {}),
      onAbandon: (id: string) => void api.abandonExit(id).then(onStarted, () => {}),
    });
  return h(
    'div',
    { class: 'rollup-exit', 'data-testid': 'exit-rollup', 'data-chain-id': route.chainId },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name' }, `${route.name} · chain ${route.chainId}`),
      h('span', { class: `pill small tone-${route.liveness ? LIVENESS_TONE[route.liveness] : 'busy'}`, 'data-testid': 'exit-liveness' }, route.liveness ?? 'not read yet'),
    ),
    troubled ? h('div', { class: 'note warn small' }, `${route.name} is ${route.liveness} (proven on L1): you can take your funds out through L1 alone.`) : null,
    !troubled ? h('button', { type: 'button', class: 'secondary small', 'data-testid': 'exit-route-show', onClick: () => setShown(!shown) }, shown ? 'Hide the exit route' : 'Show the exit route') : null,
    open
      ? [
          h(RouteSteps, { route: route.route, key: 'route' }),
          route.l1BlockNumber !== null ? h('div', { class: 'muted small', key: 'at' }, `delays read at L1 block ${route.l1BlockNumber}`) : null,
          h(StartExit, { api, state, route, data, nowS, busyOwners, l2Accounts, onStarted, key: 'start' }),
        ]
      : null,
    current.map(row),
    past.length > 0 ? h('details', { 'data-testid': 'exit-past' }, h('summary', null, `Past exits (${past.length})`), past.map(row)) : null,
  );
}

export function ExitsCard({
  api,
  state,
  routes,
  exits,
  now,
  l2Accounts,
  rollups,
  onStarted,
}: {
  api: PopupApi;
  state: WalletState;
  routes: ExitRouteView[];
  exits: ExitView[];
  /** The status' clock, ms. */
  now: number;
  /** The wallet's L2 accounts as the popup last read them: the start form picks first an account with something on the rollup. */
  l2Accounts?: readonly L2AccountView[] | undefined;
  /** The status' rollups: where each one's data is (RollupView.data), said before an exit starts. */
  rollups?: readonly RollupView[] | undefined;
  onStarted: () => void;
}): ComponentChild {
  const nowS = now / 1000;
  const known = new Set(routes.map((r) => r.chainId));
  const others = exits.filter((e) => !known.has(e.rollupChainId));
  return h(
    'section',
    { class: 'card section exits', 'data-testid': 'exits-card' },
    h('div', { class: 'card-title' }, 'Exits to L1'),
    routes.map((r) => h(RollupExits, { api, state, route: r, data: rollups?.find((x) => x.chainId === r.chainId)?.data ?? null, exits: exits.filter((e) => e.rollupChainId === r.chainId), nowS, l2Accounts, onStarted, key: r.chainId })),
    others.length > 0
      ? h(
          'div',
          { 'data-testid': 'exit-others' },
          h('div', { class: 'muted small' }, 'Exits of rollups not followed now (moved again once they are):'),
          others.map((e) => h(ExitRow, { exit: e, nowS, state, key: e.id, onAbandon: (id: string) => void api.abandonExit(id).then(onStarted, () => {}) })),
        )
      : null,
  );
}
