/**
 * The wallet's L2 accounts on the followed rollups, each balance proven against the root L1
 * accepted (and the batch's validity proof re-verified here); the deposit and transfer forms;
 * and the L2 transfers the wallet signed, "confirmed" only once a verified batch applied them.
 * An account that could not be proven shows its error and no number. An account with a proven
 * balance offers "Exit to L1" (plainly when its rollup is stalled or frozen), unless its exit is
 * under way already.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { ExitRouteView, ExitView, L2AccountView, L2TransferView, PopupApi, RollupView, WalletState } from '../api.ts';
import { delayWords, formatAge, formatNative, formatNumber, type Liveness, shortAddress, shortHash, staleBalanceWords, type Tone } from '../format.ts';
import { accountName } from '../../core/account-name.ts';
import { EthAmount } from './amount.ts';
import { L2DepositForm, L2ExitAction, L2TransferForm, type RollupChoice } from './l2-forms.ts';
import { claimText, L2ErrorNote, RollupChangeNote, TierLine } from './rollups-card.ts';

/** The rollups the rows are on, in the rows' order. */
export function rollupsOf(rows: L2AccountView[]): RollupChoice[] {
  const seen = new Map<number, RollupChoice>();
  for (const r of rows) if (!seen.has(r.rollupChainId)) seen.set(r.rollupChainId, { chainId: r.rollupChainId, name: r.rollupName });
  return [...seen.values()];
}

export function L2Card({
  api,
  state,
  rows,
  transfers,
  onChanged,
  rollupViews,
  exits,
  onExitStarted,
  now,
  routes,
}: {
  api: Pick<PopupApi, 'l2Deposit' | 'l2Transfer' | 'startExit'>;
  state: WalletState;
  rows: L2AccountView[];
  transfers: L2TransferView[] | null;
  /** After a deposit or transfer: the accounts and transfers are read again. */
  onChanged?: () => void;
  /** The status' rollups: their liveness decides how plainly "Exit to L1" is offered. */
  rollupViews?: RollupView[] | undefined;
  /** The exits recorded (an account whose exit is under way offers no second one). */
  exits?: ExitView[] | undefined;
  onExitStarted?: (exit: ExitView) => void;
  /** The status' clock, ms (the exit's words date a past sampling). */
  now?: number | undefined;
  /** The followed rollups' exit routes with the delays read from L1: the exit's confirmation says each step and its time. */
  routes?: readonly ExitRouteView[] | undefined;
}): ComponentChild {
  // Deposits and transfers are the devnet rollup's; an EVM rollup's rows show the proven balance only.
  const own = rows.filter((r) => r.evm === undefined);
  const rollups = rollupsOf(own);
  const forms = { state, rollups, rows: own };
  return h(
    'section',
    { class: 'card section l2', 'data-testid': 'l2-card' },
    h('div', { class: 'card-title' }, 'L2 accounts'),
    rows.map((r) =>
      h(L2Row, {
        row: r,
        state,
        api,
        liveness: livenessOf(rollupViews, r.rollupChainId),
        data: rollupViews?.find((x) => x.chainId === r.rollupChainId)?.data ?? null,
        nowS: (now ?? Date.now()) / 1000,
        exit: exits?.find((e) => e.rollupChainId === r.rollupChainId && e.owner === r.address.toLowerCase() && e.archivedAt === undefined && (e.facts.index === undefined || e.facts.index === String(r.index))),
        onExitStarted,
        route: routes?.find((x) => x.chainId === r.rollupChainId),
        key: `${r.rollupChainId}:${r.address.toLowerCase()}`,
      }),
    ),
    rollups.length > 0 ? h(L2DepositForm, { api, ...forms, ...(onChanged ? { onDeposited: onChanged } : {}) }) : null,
    rollups.length > 0 ? h(L2TransferForm, { api, ...forms, ...(onChanged ? { onTransferred: onChanged } : {}) }) : null,
    h(L2TransferList, { transfers, rollups }),
  );
}

/** A rollup's liveness when it is followed (a rollup whose follow failed or waits has none). */
function livenessOf(rollups: RollupView[] | undefined, chainId: number): Liveness | null {
  const rollup = rollups?.find((x) => x.chainId === chainId);
  return rollup?.state === 'following' ? rollup.liveness : null;
}

function L2Row({
  row: r,
  state,
  api,
  liveness,
  data,
  nowS,
  exit,
  onExitStarted,
  route,
}: {
  row: L2AccountView;
  state: WalletState;
  api: Pick<PopupApi, 'startExit'>;
  liveness: Liveness | null;
  data: RollupView['data'];
  nowS: number;
  exit: ExitView | undefined;
  onExitStarted: ((exit: ExitView) => void) | undefined;
  route: ExitRouteView | undefined;
}): ComponentChild {
  if (r.stale !== undefined) return h(StaleRow, { row: r, state });
  if (r.evm !== undefined) return h(EvmRow, { row: r, state });
  const exitable = !r.error && r.index !== null && r.balance !== null && BigInt(r.balance) > 0n;
  const account = state.accounts.find((a) => a.address.toLowerCase() === r.address.toLowerCase());
  // A deposit sent and not yet on L2 (the background sets it only while no account is proven): no error, no number.
  const onWay = r.deposit !== undefined && r.balance === null ? r.deposit : undefined;
  // A number only when it was proven: an error row says why and shows none.
  const balance = onWay ? 'deposit on its way' : r.error ? 'not proven' : r.index === null ? 'no L2 account yet' : r.balance === null ? 'not proven' : formatNative(r.balance, r.nativeCurrency);
  return h(
    'div',
    { class: 'account l2-row', 'data-testid': 'l2-row', 'data-address': r.address.toLowerCase(), 'data-rollup-chain': r.rollupChainId },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name', title: r.address }, account ? accountName(account) : shortAddress(r.address), h('span', { class: 'tag' }, r.rollupName)),
      h('span', { class: `balance ${!r.error && r.balance !== null ? '' : 'unproven'}`, 'data-testid': 'l2-balance' }, balance),
    ),
    r.index !== null ? h('div', { class: 'address mono' }, `L2 account #${r.index} · ${shortAddress(r.address)}`) : null,
    onWay
      ? h(DepositOnTheWay, { deposit: onWay, row: r })
      : r.error
      ? h(L2ErrorNote, { error: r.error, testid: 'l2-error' })
      : [
          r.batch !== null
            ? h('div', { class: 'provenance muted', 'data-testid': 'l2-batch' }, `batch ${formatNumber(r.batch)}`, r.batchAgeSeconds === null ? '' : ` · ${formatAge(r.batchAgeSeconds)}`)
            : null,
          r.tier !== null
            ? h(TierLine, { tier: r.tier, suffix: r.l1BlockNumber === null ? '' : ` · L1 block #${formatNumber(r.l1BlockNumber)}`, testid: 'l2-proof' })
            : r.proof === 'not-applicable'
              ? h('div', { class: 'provenance unproven', 'data-testid': 'l2-proof' }, 'root as L1 accepted it (no validity proof for this rollup)')
              : null,
        ],
    exit && !exit.terminal
      ? h('div', { class: 'provenance', 'data-testid': 'l2-exit-underway', 'data-step': exit.step }, exitUnderWay(exit, route, nowS))
      : exitable
        ? h(L2ExitAction, { api, row: r, liveness, data, nowS, route, ...(onExitStarted ? { onStarted: onExitStarted } : {}) })
        : null,
  );
}

/**
 * A deposit sent from L1 whose L2 account is not proven yet: its amount, its L1 transaction (the
 * hash, no link) and how far it got — sent and waiting for an L1 block, or included in one and
 * waiting for the rollup to take it in a batch.
 */
function DepositOnTheWay({ deposit: d, row }: { deposit: NonNullable<L2AccountView['deposit']>; row: L2AccountView }): ComponentChild {
  return h(
    'div',
    { class: 'provenance', role: 'status', 'data-testid': 'l2-deposit-on-way', 'data-block': d.blockNumber ?? undefined },
    `Your deposit of ${formatNative(d.value, row.nativeCurrency)} is on its way: L1 transaction `,
    h('span', { class: 'mono', title: d.hash }, shortHash(d.hash, 4)),
    d.blockNumber !== undefined ? `, included in block #${formatNumber(d.blockNumber)} — waiting for ${row.rollupName} to take it.` : ', sent — waiting to be included in an L1 block.',
  );
}

/**
 * An exit under way in one line: its step of the route (numbered, in the route's words) and, where
 * it waits until a time, how long is left by the status' clock.
 * @example exitUnderWay(exit, route, now / 1000) // 'Exit to L1 under way — step 2 of 4: Wait up to 20 s for the rollup to include it (12 s left). Its steps are shown under Exits to L1.'
 */
export function exitUnderWay(exit: ExitView, route: ExitRouteView | undefined, nowS: number): string {
  const at = route?.route.findIndex((s) => (s.steps ?? [s.step]).includes(exit.step)) ?? -1;
  const until = exit.waiting?.until;
  const left = until === undefined ? '' : until > nowS ? ` (${delayWords(until - nowS)} left)` : ' (due now: at the next verified head)';
  if (at < 0) return `Exit to L1 under way${left}: its steps are shown under Exits to L1.`;
  return `Exit to L1 under way — step ${at + 1} of ${route!.route.length}: ${route!.route[at]!.title}${left}. Its steps are shown under Exits to L1.`;
}

/**
 * A wallet account on an EVM rollup: the same address's balance, proven by eth_getProof against
 * the state root L1 accepted; the accepted L2 block (or batch) and its age, how final it is, and
 * the L1 block it was proven at. An error in words and no number when it could not be proven.
 */
function EvmRow({ row: r, state }: { row: L2AccountView; state: WalletState }): ComponentChild {
  const evm = r.evm!;
  const account = state.accounts.find((a) => a.address.toLowerCase() === r.address.toLowerCase());
  const read = !r.error && r.balance !== null;
  // Linea's accounts: the L2 RPC's number, never shown as proven.
  const proven = read && r.notProven === undefined;
  return h(
    'div',
    { class: 'account l2-row', 'data-testid': 'l2-row', 'data-address': r.address.toLowerCase(), 'data-rollup-chain': r.rollupChainId, 'data-kind': 'evm' },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name', title: r.address }, account ? accountName(account) : shortAddress(r.address), h('span', { class: 'tag' }, r.rollupName)),
      h('span', { class: `balance ${proven ? '' : 'unproven'}`, 'data-testid': 'l2-balance' }, read ? h(EthAmount, { wei: r.balance!, currency: r.nativeCurrency }) : 'not proven'),
    ),
    h('div', { class: 'address mono' }, `same address on ${r.rollupName} · ${shortAddress(r.address)}`),
    r.error
      ? h(L2ErrorNote, { error: r.error, testid: 'l2-error' })
      : [
          r.batch !== null
            ? h(
                'div',
                { class: 'provenance muted', 'data-testid': 'l2-batch' },
                `${evm.unit} ${formatNumber(r.batch)}`,
                evm.acceptedAgeSeconds === null ? '' : ` · accepted on L1 ${formatAge(evm.acceptedAgeSeconds)}`,
              )
            : null,
          evm.status === 'claimed'
            ? h('div', { class: 'provenance warn', 'data-testid': 'l2-status', 'data-status': 'claimed' }, claimText(evm.claim))
            : evm.status === 'finalized'
              ? h('div', { class: 'provenance', 'data-testid': 'l2-status', 'data-status': 'finalized' }, 'finalized on L1: no challenge can undo it')
              : null,
          r.notProven !== undefined
            ? h(
                'div',
                { class: 'provenance unproven', 'data-testid': 'l2-proof', 'data-proven': 'false' },
                `${r.notProven}: the L2 RPC's balance ${r.readLatest === true ? "at its latest block (it keeps no state of the one L1 accepted)" : `at the ${evm.unit} L1 accepted`}`,
                r.l1BlockNumber === null ? '' : ` · root proven at L1 block #${formatNumber(r.l1BlockNumber)}`,
              )
            : h(
                'div',
                { class: 'provenance', 'data-testid': 'l2-proof' },
                '✓ balance proven against the state root L1 accepted',
                r.l1BlockNumber === null ? '' : ` · L1 block #${formatNumber(r.l1BlockNumber)}`,
              ),
          r.tier !== null ? h(TierLine, { tier: r.tier, suffix: '', testid: 'l2-tier' }) : null,
        ],
  );
}

/**
 * An account whose rollup changed under Vigil: its last proven balance with its age and L2 block,
 * never shown as current, and what changed. No exit or transfer is offered from it: nothing can be
 * proven of the rollup now. The notice goes when the rollup is followed again.
 */
function StaleRow({ row: r, state }: { row: L2AccountView; state: WalletState }): ComponentChild {
  const stale = r.stale!;
  const account = state.accounts.find((a) => a.address.toLowerCase() === r.address.toLowerCase());
  const amount = r.balance === null ? 'not proven' : formatNative(r.balance, r.nativeCurrency);
  return h(
    'div',
    { class: 'account l2-row', 'data-testid': 'l2-row', 'data-address': r.address.toLowerCase(), 'data-rollup-chain': r.rollupChainId, 'data-stale': 'true' },
    h(
      'div',
      { class: 'account-top' },
      h('span', { class: 'account-name', title: r.address }, account ? accountName(account) : shortAddress(r.address), h('span', { class: 'tag' }, r.rollupName)),
      h('span', { class: 'balance unproven', 'data-testid': 'l2-balance' }, `${amount} (not current)`),
    ),
    h('div', { class: 'provenance warn', 'data-testid': 'l2-stale' }, staleBalanceWords(amount, stale.provenAgeSeconds, stale.l2Block, r.rollupName, r.evm?.unit ?? 'batch')),
    h(RollupChangeNote, { change: stale.change, testid: 'l2-change' }),
  );
}

const TRANSFER_STATUS: Record<L2TransferView['status'], { label: string; tone: Tone }> = {
  submitted: { label: 'Submitted', tone: 'busy' },
  confirmed: { label: 'Confirmed', tone: 'good' },
  dropped: { label: 'Dropped', tone: 'warn' },
};

/** The line under an L2 transfer: what is known of it. */
export function l2TransferDetail(t: L2TransferView): string {
  switch (t.status) {
    case 'submitted':
      return 'submitted — waiting for a verified batch';
    case 'confirmed': {
      const base = t.batch === undefined ? 'confirmed (proof re-verified)' : `confirmed in batch ${formatNumber(t.batch)} (proof re-verified)`;
      // Read at an L1 head the light client has not finalized: a reorg there could undo it.
      return t.confirmedAt === undefined ? base : `${base}; final once L1 block #${formatNumber(Number(t.confirmedAt.blockNumber))} is finalized`;
    }
    case 'dropped':
      return 'dropped';
  }
}

function L2TransferList({ transfers, rollups }: { transfers: L2TransferView[] | null; rollups: RollupChoice[] }): ComponentChild {
  if (transfers === null || transfers.length === 0) return null;
  const sorted = [...transfers].sort((a, b) => b.createdAt - a.createdAt);
  const party = (index: number, address: string | null) => (address ? `#${index} (${shortAddress(address)})` : `#${index}`);
  return h(
    'div',
    { class: 'l2-transfers', 'data-testid': 'l2-transfers' },
    h('div', { class: 'form-subtitle' }, 'L2 transfers'),
    sorted.map((t) => {
      const s = TRANSFER_STATUS[t.status] ?? { label: t.status, tone: 'idle' as Tone };
      const rollup = rollups.find((r) => r.chainId === t.rollupChainId)?.name ?? `chain ${t.rollupChainId}`;
      return h(
        'div',
        { class: 'activity-row', key: t.id, 'data-testid': 'l2-transfer-row', 'data-status': t.status },
        h('div', { class: 'activity-top' }, h('span', { class: 'activity-summary' }, h(EthAmount, { wei: t.amount })), h('span', { class: `pill small tone-${s.tone}` }, s.label)),
        h('div', { class: 'activity-meta', title: t.id }, `${party(t.fromIndex, t.from)} → ${party(t.toIndex, t.to)} · ${rollup}`),
        h('div', { class: `activity-detail ${t.status === 'confirmed' ? 'good' : ''}`, 'data-testid': 'l2-transfer-detail' }, l2TransferDetail(t)),
      );
    }),
  );
}
