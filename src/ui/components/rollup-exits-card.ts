/**
 * The wallet tab's forced exits from real rollups (OP Stack, Arbitrum, Scroll: the kinds with an
 * exit plan). Per followed rollup: its liveness, and — when it is delayed, stalled or frozen, or
 * on "Show the exit route" — the route a user takes alone with its real delays in words, and
 * "Start forced exit" with an amount (at most the L2 balance proven against the root L1 accepted).
 * Then each exit: its current step, what it waits for and until when (a date and time), each L1
 * transaction sent, and its problem in words. The background moves an exit only on proven L1
 * facts and verified receipts (src/extension/rollup-exit-controller.ts); this card never claims
 * more than the record holds.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ExitRouteStep } from '../../l2/exit-plan.ts';
import type { PopupApi, ProvenL2Balance, RollupExitRoute, RollupExitView, WalletState } from '../api.ts';
import { aboutDuration, errorLike, explainL2Error, formatEth, LIVENESS_TONE, parseUnits, shortAddress, shortHash, type WalletErrorLike } from '../format.ts';
import { accountName } from './accounts-card.ts';
import { formatUtc } from './rollups-card.ts';

/** A real delay in words: "about 7 days", "about 3.5 days", "about 1 hour", "about 12 minutes". */
const WHO: Record<ExitRouteStep['who'], string> = { you: 'your wallet (an L1 transaction)', anyone: 'anyone', rollup: "the rollup's own process" };

/** The exit's problems in words; the rest as the L2 and wallet errors are said. */
export function explainExitError(e: WalletErrorLike): string {
  switch (e.code) {
    case 'EXIT_UNDER_WAY':
      return 'An exit of this account from this rollup is already under way: one at a time.';
    case 'EXIT_NOT_AVAILABLE':
      return 'Vigil knows no forced-exit route for this rollup.';
    case 'NOT_AVAILABLE':
      return `What the next step needs could not be had at this head (${e.message}): the wallet tries again at the next verified head.`;
    case 'HTTP_STATUS':
      return `A server answered with an error (${e.message}): the wallet tries again at the next verified head.`;
    default:
      return explainL2Error(e);
  }
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

export function RouteSteps({ route }: { route: ExitRouteStep[] }): ComponentChild {
  return h(
    'ol',
    { class: 'exit-route', 'data-testid': 'exit-route' },
    route.map((s) =>
      h(
        'li',
        { key: s.step, 'data-testid': 'exit-route-step', 'data-step': s.step },
        h('strong', null, s.title),
        h('span', { class: 'muted small' }, ` · ${WHO[s.who]}`),
        s.delaySeconds !== undefined ? h('span', { class: 'tag', 'data-testid': 'exit-route-delay' }, `then ${aboutDuration(s.delaySeconds)}`) : null,
        h('div', { class: 'small' }, s.detail),
      ),
    ),
  );
}

/** "until 2027-01-01 10:00 UTC (in about 7 days)" for a wait with a time, by the status' clock. */
function untilText(until: number, nowS: number): string {
  const left = until - nowS;
  return `until ${formatUtc(until)} (${left > 0 ? `in ${aboutDuration(left)}` : 'due now: at the next verified head'})`;
}

export function RollupExitRow({ exit: e, nowS, state, route }: { exit: RollupExitView; nowS: number; state?: WalletState | undefined; route?: ExitRouteStep[] | undefined }): ComponentChild {
  const account = state?.accounts.find((a) => a.address.toLowerCase() === e.owner);
  const owner = account ? `${accountName(account)} · ${shortAddress(account.address)}` : shortAddress(e.owner);
  const title = route?.find((s) => s.step === e.step)?.title ?? e.step;
  const failed = e.terminal && e.step === 'failed';
  const tone = !e.terminal ? 'busy' : failed ? 'bad' : 'good';
  return h(
    'div',
    { class: 'exit-row', 'data-testid': 'rollup-exit-row', 'data-step': e.step, 'data-exit-id': e.id },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name' }, `${formatEth(e.amount)} · owner ${owner}`),
      h('span', { class: `pill small tone-${tone}`, 'data-testid': 'rollup-exit-step' }, e.terminal ? (failed ? 'Failed' : title) : title),
    ),
    !e.terminal && e.waiting
      ? h(
          'div',
          { class: 'small', 'data-testid': 'rollup-exit-waiting', ...(e.waiting.until !== undefined ? { 'data-until': e.waiting.until } : {}) },
          `Waiting: ${e.waiting.reason}`,
          e.waiting.until !== undefined ? h('span', { 'data-testid': 'rollup-exit-until' }, ` — ${untilText(e.waiting.until, nowS)}`) : null,
        )
      : null,
    Object.keys(e.sent).length > 0
      ? h(
          'ul',
          { class: 'small', 'data-testid': 'rollup-exit-sent' },
          Object.entries(e.sent).map(([label, tx]) =>
            h('li', { key: label, 'data-label': label }, `${label}: `, h('span', { class: 'mono', title: tx.hash }, shortHash(tx.hash, 4)), ` sent ${formatUtc(tx.at)}`),
          ),
        )
      : null,
    e.error ? h(ErrorNote, { error: e.error, tone: e.terminal ? 'bad' : 'warn', testid: 'rollup-exit-error' }) : null,
    e.terminal ? null : h('div', { class: 'muted small' }, 'Each L1 step is a transaction the wallet signs itself under the signing policy, at a verified head; the popup may be closed.'),
  );
}

/** The start form of one rollup: an account, an amount (Max = the L2 balance proven now), "Start forced exit". */
function StartExit({ api, state, route, busyOwners, onStarted }: { api: PopupApi; state: WalletState; route: RollupExitRoute; busyOwners: Set<string>; onStarted: () => void }): ComponentChild {
  const [address, setAddress] = useState(state.accounts[0]?.address ?? '');
  const [amount, setAmount] = useState('');
  const [balance, setBalance] = useState<ProvenL2Balance | null>(null);
  const [error, setError] = useState<WalletErrorLike | null>(null);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    let alive = true;
    setBalance(null);
    if (!address) return;
    api.rollupExitBalance({ rollupChainId: route.chainId, address }).then(
      (b) => alive && setBalance(b),
      (err: unknown) => alive && setError(errorLike(err)),
    );
    return () => void (alive = false);
  }, [api, address, route.chainId]);
  const busy = busyOwners.has(address.toLowerCase());
  const parsed = parseUnits(amount, 18);
  const over = parsed.ok && balance !== null && parsed.value > BigInt(balance.balance);
  const problem = busy ? 'an exit of this account is under way' : amount === '' ? null : !parsed.ok ? parsed.reason : parsed.value === 0n ? 'enter more than 0' : over ? 'more than the proven L2 balance' : null;
  const start = async () => {
    if (!parsed.ok || problem) return;
    setSending(true);
    setError(null);
    try {
      await api.startRollupExit({ rollupChainId: route.chainId, address, amount: parsed.value.toString() });
      setAmount('');
      onStarted();
    } catch (err) {
      setError(errorLike(err));
    } finally {
      setSending(false);
    }
  };
  return h(
    'div',
    { class: 'exit-start', 'data-testid': 'rollup-exit-start' },
    state.accounts.length > 1
      ? h(
          'select',
          { 'data-testid': 'rollup-exit-account', value: address, onChange: (ev: Event) => setAddress((ev.target as HTMLSelectElement).value) },
          state.accounts.map((a) => h('option', { key: a.address, value: a.address }, `${accountName(a)} · ${shortAddress(a.address)}`)),
        )
      : null,
    h(
      'div',
      { class: 'small', 'data-testid': 'rollup-exit-balance' },
      balance ? `${formatEth(balance.balance)} proven on L2 (block ${balance.l2Block})` : 'proving the L2 balance…',
    ),
    h('input', { 'data-testid': 'rollup-exit-amount', inputMode: 'decimal', placeholder: 'ETH', value: amount, onInput: (ev: Event) => setAmount((ev.target as HTMLInputElement).value) }),
    h(
      'button',
      { type: 'button', class: 'secondary small', 'data-testid': 'rollup-exit-max', disabled: balance === null, onClick: () => balance && setAmount(formatEth(balance.balance).replace(/ ETH$/, '').replace(/,/g, '')) },
      'Max',
    ),
    h('button', { type: 'button', 'data-testid': 'rollup-exit-submit', disabled: sending || amount === '' || problem !== null, onClick: () => void start() }, 'Start forced exit'),
    problem ? h('div', { class: 'note warn small', 'data-testid': 'rollup-exit-problem' }, problem) : null,
    error ? h(ErrorNote, { error: { code: error.code ?? 'ERROR', message: error.message }, tone: 'bad', testid: 'rollup-exit-start-error' }) : null,
  );
}

function RollupBlock({ api, state, route, exits, nowS, onStarted }: { api: PopupApi; state: WalletState; route: RollupExitRoute; exits: RollupExitView[]; nowS: number; onStarted: () => void }): ComponentChild {
  const troubled = route.liveness === 'delayed' || route.liveness === 'stalled' || route.liveness === 'frozen';
  const [shown, setShown] = useState(false);
  const open = troubled || shown;
  const current = exits.filter((e) => e.archivedAt === undefined);
  const past = exits.filter((e) => e.archivedAt !== undefined);
  const busyOwners = new Set(current.filter((e) => !e.terminal).map((e) => e.owner));
  return h(
    'div',
    { class: 'rollup-exit', 'data-testid': 'rollup-exit', 'data-chain-id': route.chainId },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name' }, `${route.name} · chain ${route.chainId}`),
      h('span', { class: `pill small tone-${route.liveness ? LIVENESS_TONE[route.liveness] : 'busy'}`, 'data-testid': 'rollup-exit-liveness' }, route.liveness ?? 'not read yet'),
    ),
    troubled ? h('div', { class: 'note warn small' }, `${route.name} is ${route.liveness} (proven on L1): you can take your funds out through L1 alone.`) : null,
    !troubled ? h('button', { type: 'button', class: 'secondary small', 'data-testid': 'rollup-exit-show', onClick: () => setShown(!shown) }, shown ? 'Hide the exit route' : 'Show the exit route') : null,
    open
      ? [
          h(RouteSteps, { route: route.route, key: 'route' }),
          route.l1BlockNumber !== null ? h('div', { class: 'muted small', key: 'at' }, `delays read at L1 block ${route.l1BlockNumber}`) : null,
          h(StartExit, { api, state, route, busyOwners, onStarted, key: 'start' }),
        ]
      : null,
    current.map((e) => h(RollupExitRow, { exit: e, nowS, state, route: route.route, key: e.id })),
    past.length > 0
      ? h('details', { 'data-testid': 'rollup-exit-past' }, h('summary', null, `Past exits (${past.length})`), past.map((e) => h(RollupExitRow, { exit: e, nowS, state, route: route.route, key: e.id })))
      : null,
  );
}

export function RollupExitsCard({
  api,
  state,
  routes,
  exits,
  now,
  onStarted,
}: {
  api: PopupApi;
  state: WalletState;
  routes: RollupExitRoute[];
  exits: RollupExitView[];
  /** The status' clock, ms. */
  now: number;
  onStarted: () => void;
}): ComponentChild {
  const nowS = now / 1000;
  const known = new Set(routes.map((r) => r.chainId));
  const others = exits.filter((e) => !known.has(e.rollupChainId));
  return h(
    'section',
    { class: 'card section rollup-exits', 'data-testid': 'rollup-exits-card' },
    h('div', { class: 'card-title' }, 'Forced exits from rollups'),
    routes.map((r) => h(RollupBlock, { api, state, route: r, exits: exits.filter((e) => e.rollupChainId === r.chainId), nowS, onStarted, key: r.chainId })),
    others.length > 0
      ? h(
          'div',
          { 'data-testid': 'rollup-exit-others' },
          h('div', { class: 'muted small' }, 'Exits of rollups not followed now (moved again once they are):'),
          others.map((e) => h(RollupExitRow, { exit: e, nowS, state, key: e.id })),
        )
      : null,
  );
}
