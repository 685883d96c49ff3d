/**
 * The wallet tab: onboarding when there is no vault, the unlock form when it is locked, and
 * otherwise the accounts with proven balances, the send form, the forced exits to L1 (when there
 * are any) above the L2 accounts on followed rollups (when there are any), activity, connected
 * sites and the wallet's settings. Exits are read every 2 s while one is under way, else when the
 * head moves. The state is polled; balances are proven again when the verified head
 * moves (at most every few seconds: each is an eth_getProof), and so are the L2 accounts.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AccountBalances, ActivityView, ExitRouteView, ExitView, L2AccountView, L2TransferView, PermissionView, PopupApi, RollupView, WalletState } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';
import { usePoll } from '../poll.ts';
import { AccountsCard } from './accounts-card.ts';
import { ActivityList } from './activity-list.ts';
import { ExitsCard } from './exits-card.ts';
import { L2Card } from './l2-card.ts';
import { Onboarding } from './onboarding.ts';
import { SecurityCard } from './security-card.ts';
import { SendForm } from './send-form.ts';
import { SitesList } from './sites-list.ts';
import { UnlockForm } from './unlock-form.ts';

/** The least time between two balance proofs driven by the head moving. */
const BALANCES_MIN_INTERVAL_MS = 4000;

export function WalletView({
  api,
  pollMs = 1000,
  headBlock,
  rollups,
  now,
  pickPositions,
}: {
  api: PopupApi;
  pollMs?: number;
  /** The newest verified block number (from the status): balances follow it. */
  headBlock?: number | undefined;
  /** The status' rollups: their liveness decides how plainly "Exit to L1" is offered. */
  rollups?: RollupView[] | undefined;
  /** The status' clock (ms): exit countdowns count against it (the popup's clock until a status came). */
  now?: number | undefined;
  pickPositions?: (count: number, of: number) => number[];
}): ComponentChild {
  const [state, setState] = useState<WalletState | null>(null);
  const [error, setError] = useState<string | null>(null);

  usePoll(
    () => api.getWalletState(),
    (s) => (setState(s), setError(null)),
    (err) => setError(explainWalletError(errorLike(err))),
    pollMs,
    [api],
  );

  if (!state) return error ? h('p', { class: 'note bad' }, `The wallet is not available: ${error}`) : h('p', { class: 'muted center' }, 'Loading…');
  if (!state.exists) return h(Onboarding, { api, onCreated: setState, ...(pickPositions ? { pickPositions } : {}) });
  if (state.locked) {
    return h(
      'div',
      { class: 'wallet locked' },
      h(UnlockForm, { api, prefix: 'unlock', onUnlocked: setState }),
      state.accounts.length > 0 ? h('p', { class: 'muted small center-text' }, `${state.accounts.length} account${state.accounts.length === 1 ? '' : 's'} in this wallet`) : null,
    );
  }
  return h(WalletHome, { api, state, onState: setState, pollMs, headBlock, rollups, now });
}

function WalletHome({
  api,
  state,
  onState,
  pollMs,
  headBlock,
  rollups,
  now,
}: {
  api: PopupApi;
  state: WalletState;
  onState: (s: WalletState) => void;
  pollMs: number;
  headBlock: number | undefined;
  rollups: RollupView[] | undefined;
  now: number | undefined;
}): ComponentChild {
  const [balances, setBalances] = useState<AccountBalances | null>(null);
  const [activity, setActivity] = useState<ActivityView[] | null>(null);
  const [sites, setSites] = useState<PermissionView[] | null>(null);
  const [lockError, setLockError] = useState<string | null>(null);
  const [l2Rows, setL2Rows] = useState<L2AccountView[]>([]);
  const [l2Transfers, setL2Transfers] = useState<L2TransferView[] | null>(null);
  const [exits, setExits] = useState<ExitView[]>([]);
  const [exitRoutes, setExitRoutes] = useState<ExitRouteView[]>([]);
  const lastBalances = useRef(0);
  const lastL2 = useRef(0);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const loadBalances = useCallback(async () => {
    lastBalances.current = Date.now();
    try {
      const b = await api.balances();
      if (alive.current) setBalances(b);
    } catch {
      // Kept: the last proven values stay until new ones are proven.
    }
  }, [api]);
  const loadL2 = useCallback(async () => {
    lastL2.current = Date.now();
    const [a, t] = await Promise.allSettled([api.l2Accounts(), api.l2Transfers()]);
    if (!alive.current) return;
    // Kept on failure, like balances: the rows say per account what could not be proven.
    if (a.status === 'fulfilled') setL2Rows(a.value);
    if (t.status === 'fulfilled') setL2Transfers(t.value);
  }, [api]);
  // The exits and the followed rollups' routes; on failure the last ones stay until the background answers again.
  const loadExits = useCallback(async () => {
    const [r, e] = await Promise.allSettled([api.exitRoutes(), api.exits()]);
    if (!alive.current) return;
    if (r.status === 'fulfilled') setExitRoutes(r.value);
    if (e.status === 'fulfilled') setExits(e.value);
  }, [api]);
  const loadLists = useCallback(async () => {
    const [a, p] = await Promise.allSettled([api.activity(), api.permissions()]);
    if (!alive.current) return;
    if (a.status === 'fulfilled') setActivity(a.value);
    if (p.status === 'fulfilled') setSites(p.value);
  }, [api]);

  const accountsKey = state.accounts.map((a) => a.address).join();
  useEffect(() => void loadBalances(), [loadBalances, accountsKey]);
  useEffect(() => void loadL2(), [loadL2, accountsKey]);
  useEffect(() => void loadExits(), [loadExits, accountsKey, headBlock]);
  // The background moves an exit at each verified head: while one is under way, its record is read often.
  const exitsActive = exits.some((e) => !e.terminal && e.archivedAt === undefined);
  useEffect(() => {
    if (!exitsActive) return;
    const timer = setInterval(() => void loadExits(), pollMs * 2);
    return () => clearInterval(timer);
  }, [loadExits, exitsActive, pollMs]);
  useEffect(() => {
    if (headBlock === undefined) return;
    if (Date.now() - lastBalances.current >= BALANCES_MIN_INTERVAL_MS) void loadBalances();
    if (Date.now() - lastL2.current >= BALANCES_MIN_INTERVAL_MS) void loadL2();
  }, [headBlock]);
  useEffect(() => {
    void loadLists();
    const timer = setInterval(() => void loadLists(), pollMs * 3);
    return () => clearInterval(timer);
  }, [loadLists, pollMs]);

  const lock = async () => {
    setLockError(null);
    try {
      onState(await api.lock());
    } catch (err) {
      setLockError(explainWalletError(errorLike(err)));
    }
  };

  return h(
    'div',
    { class: 'wallet' },
    h(
      'div',
      { class: 'wallet-bar' },
      h('span', { class: 'pill tone-good' }, 'Unlocked'),
      h('span', { class: 'muted small grow' }, `locks after ${state.autoLockMinutes} min idle`),
      h('button', { type: 'button', class: 'secondary small', 'data-testid': 'wallet-lock', onClick: () => void lock() }, 'Lock'),
    ),
    lockError ? h('p', { class: 'note bad' }, lockError) : null,
    state.pendingApprovals.length > 0
      ? h(
          'div',
          { class: 'note busy pending-approvals', 'data-testid': 'pending-approvals' },
          `${state.pendingApprovals.length} request${state.pendingApprovals.length === 1 ? '' : 's'} waiting in Vigil's window. `,
          state.pendingApprovals.map((id, i) => h('a', { key: id, href: `approval.html?id=${encodeURIComponent(id)}`, target: '_blank', rel: 'noopener', 'data-testid': 'pending-approval' }, i === 0 ? 'Open' : ` #${i + 1}`)),
        )
      : null,
    h(AccountsCard, { api, state, balances, onState }),
    h(SendForm, { api, state, balances, onSent: () => void loadLists() }),
    exitRoutes.length > 0 || exits.length > 0 ? h(ExitsCard, { api, state, routes: exitRoutes, exits, now: now ?? Date.now(), l2Accounts: l2Rows, onStarted: () => void loadExits() }) : null,
    l2Rows.length > 0
      ? h(L2Card, { api, state, rows: l2Rows, transfers: l2Transfers, onChanged: () => void loadL2(), rollupViews: rollups, exits, onExitStarted: () => void loadExits() })
      : null,
    h(ActivityList, { rows: activity, api }),
    h(SitesList, { api, rows: sites, onChanged: () => void loadLists() }),
    h(SecurityCard, { api, state, tokens: balances?.tokens ?? [], onTokensChanged: () => void loadBalances() }),
  );
}
