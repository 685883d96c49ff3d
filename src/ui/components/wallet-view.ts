/**
 * The wallet's part of the popup's tabs, over one set of reads: `view` "home" (the Wallet tab:
 * onboarding when there is no vault, the unlock form when it is locked, and otherwise the home:
 * network and account, the balance proven with its badge, tokens, Send and Receive, activity),
 * "rollups" (the followed rollups with their tiers and liveness, the forced exits to L1 and the
 * L2 accounts) and "settings" (connected sites and the wallet's security). Exits are read every
 * 2 s while one is under way, else when the head moves. The state is polled; balances are proven
 * again when the verified head moves (at most every few seconds: each is an eth_getProof), and so
 * are the L2 accounts.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '../../extension/messages.ts';
import type { AccountBalances, ActivityView, TransfersView, ExitRouteView, ExitView, L2AccountView, L2TransferView, PermissionView, PopupApi, RollupView, WalletState } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';
import { usePoll } from '../poll.ts';
import { AccountsCard } from './accounts-card.ts';
import { accountName } from '../../core/account-name.ts';
import { ACTIVITY_FIRST_ROWS, ActivityList } from './activity-list.ts';
import { BalanceHero } from './home/balance-hero.ts';
import { priceOf } from './home/price-line.ts';
import { ExitsCard } from './exits-card.ts';
import { HomeHeader } from './home/home-header.ts';
import { HeldTokens, heldOf } from './home/held-tokens.ts';
import { L2Card } from './l2-card.ts';
import { Onboarding } from './onboarding/onboarding.ts';
import { ReceivePanel } from './home/receive-panel.ts';
import { RollupsCard } from './rollups-card.ts';
import { SecurityCard } from './security-card.ts';
import { SendForm } from './send-form.ts';
import { SitesList } from './sites-list.ts';
import { TokenList } from './token-list.ts';
import { UnlockForm } from './unlock-form.ts';
import { storeAccount, storedAccount } from '../account-choice.ts';

export type WalletViewName = 'home' | 'rollups' | 'settings';

/** The least time between two balance proofs driven by the head moving. */
const BALANCES_MIN_INTERVAL_MS = 4000;

export interface WalletViewProps {
  api: PopupApi;
  pollMs?: number;
  view?: WalletViewName;
  /** The newest verified block number (from the status): balances follow it. */
  headBlock?: number | undefined;
  /** The status' rollups: the Rollups tab lists them, and their liveness decides how plainly "Exit to L1" is offered. */
  rollups?: RollupView[] | undefined;
  /** The status' clock (ms): exit countdowns count against it (the popup's clock until a status came). */
  now?: number | undefined;
  /** The status' network: the home's header names it. */
  network?: { label: string; chainId: number } | undefined;
  /** The configured networks (the header's picker), and the switch to one of them (throws what the background refused). */
  settings?: Settings | null | undefined;
  onNetwork?: ((id: string) => Promise<void>) | undefined;
  /** The balance's proof badge opens the Status tab. */
  onOpenStatus?: (() => void) | undefined;
  /** Why no balance is proven yet, in words (./home/balance-hero.ts whyNotProven over the status). */
  notProven?: string | undefined;
  pickPositions?: (count: number, of: number) => number[];
}

export function WalletView(props: WalletViewProps): ComponentChild {
  const { api, pollMs = 1000, view = 'home', rollups, now, pickPositions } = props;
  const [state, setState] = useState<WalletState | null>(null);
  const [error, setError] = useState<string | null>(null);

  usePoll(
    () => api.getWalletState(),
    (s) => (setState(s), setError(null)),
    (err) => setError(explainWalletError(errorLike(err))),
    pollMs,
    [api],
  );

  const rollupList = view === 'rollups' ? h(RollupsSection, { rollups, now }) : null;
  const away = (text: string) => (view === 'rollups' ? h('div', { class: 'wallet' }, rollupList, h('p', { class: 'muted small center-text', 'data-testid': 'wallet-away' }, text)) : h('p', { class: 'muted small center-text', 'data-testid': 'wallet-away' }, text));
  if (!state) {
    if (error) return view === 'rollups' ? h('div', { class: 'wallet' }, rollupList, h('p', { class: 'note bad' }, `The wallet is not available: ${error}`)) : h('p', { class: 'note bad' }, `The wallet is not available: ${error}`);
    return view === 'rollups' ? rollupList : h('p', { class: 'muted center' }, 'Loading…');
  }
  if (!state.exists) {
    if (view === 'home') return h(Onboarding, { api, onCreated: setState, ...(pickPositions ? { pickPositions } : {}) });
    return away(view === 'rollups' ? 'Your L2 accounts and exits show here once you have a wallet (Wallet tab).' : 'Connected sites and the wallet\'s security show here once you have a wallet (Wallet tab).');
  }
  if (state.locked) {
    if (view !== 'home') return away(view === 'rollups' ? 'Unlock the wallet (Wallet tab) to see your L2 accounts and exits.' : 'Unlock the wallet (Wallet tab) to see connected sites and its security.');
    return h(
      'div',
      { class: 'wallet locked' },
      h(UnlockForm, { api, prefix: 'unlock', onUnlocked: setState }),
      state.accounts.length > 0 ? h('p', { class: 'muted small center-text' }, `${state.accounts.length} account${state.accounts.length === 1 ? '' : 's'} in this wallet`) : null,
    );
  }
  return h(WalletHome, { ...props, pollMs, view, state, onState: setState });
}

/** The followed rollups (the status' view of them), or why there are none. */
function RollupsSection({ rollups, now }: { rollups: RollupView[] | undefined; now: number | undefined }): ComponentChild {
  if (rollups === undefined) return h('p', { class: 'muted center' }, 'Loading…');
  if (rollups.length === 0) return h('p', { class: 'muted small center-text', 'data-testid': 'rollups-none' }, 'This network follows no rollup. Settings → Advanced lists the rollups Vigil knows for it.');
  return h(RollupsCard, { rollups, now: now ?? Date.now() });
}

type Panel = 'home' | 'send' | 'receive' | 'accounts';

function WalletHome({
  api,
  state,
  onState,
  pollMs,
  view,
  headBlock,
  rollups,
  now,
  network,
  settings,
  onNetwork,
  onOpenStatus,
  notProven,
}: WalletViewProps & { state: WalletState; onState: (s: WalletState) => void; pollMs: number; view: WalletViewName }): ComponentChild {
  const [balances, setBalances] = useState<AccountBalances | null>(null);
  const [activity, setActivity] = useState<ActivityView[] | null>(null);
  const [transfers, setTransfers] = useState<TransfersView | null>(null);
  const [sites, setSites] = useState<PermissionView[] | null>(null);
  const [lockError, setLockError] = useState<string | null>(null);
  const [networkError, setNetworkError] = useState<string | null>(null);
  const [l2Rows, setL2Rows] = useState<L2AccountView[]>([]);
  const [l2Transfers, setL2Transfers] = useState<L2TransferView[] | null>(null);
  const [exits, setExits] = useState<ExitView[]>([]);
  const [exitRoutes, setExitRoutes] = useState<ExitRouteView[]>([]);
  const [panel, setPanel] = useState<Panel>('home');
  const [chosen, setChosen] = useState<string | null>(storedAccount);
  const lastBalances = useRef(0);
  const lastL2 = useRef(0);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);
  const home = view === 'home';
  const onRollups = view === 'rollups';

  // One ask at a time: on a busy machine an ask outlasts the interval between heads, and asks
  // stacked behind each other would hold up an approval window's own proofs. One asked meanwhile
  // runs once the current one ends (a new account or network is never left unasked).
  const balancesAsk = useRef<'idle' | 'busy' | 'again'>('idle');
  const loadBalances = useCallback(async () => {
    if (balancesAsk.current !== 'idle') {
      balancesAsk.current = 'again';
      return;
    }
    do {
      balancesAsk.current = 'busy';
      lastBalances.current = Date.now();
      try {
        const b = await api.balances();
        if (alive.current) setBalances(b);
      } catch {
        // Kept: the last proven values stay until new ones are proven.
      }
    } while (alive.current && (balancesAsk.current as string) === 'again');
    balancesAsk.current = 'idle';
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
  const listsAsk = useRef<'idle' | 'busy' | 'again'>('idle');
  const loadLists = useCallback(async () => {
    if (listsAsk.current !== 'idle') {
      listsAsk.current = 'again';
      return;
    }
    do {
      listsAsk.current = 'busy';
      const [a, p, t] = await Promise.allSettled([api.activity(), api.permissions(), api.transfers ? api.transfers() : Promise.resolve(null)]);
      if (!alive.current) break;
      if (a.status === 'fulfilled') setActivity(a.value);
      if (p.status === 'fulfilled') setSites(p.value);
      // Kept on failure: the last proven transfers stay until the app host answers again.
      if (t.status === 'fulfilled' && t.value !== null) setTransfers(t.value);
    } while ((listsAsk.current as string) === 'again');
    listsAsk.current = 'idle';
  }, [api]);

  const accountsKey = state.accounts.map((a) => a.address).join();
  // Another network: other balances, tokens and activity.
  const networkKey = network?.chainId;
  useEffect(() => void (home && loadBalances()), [loadBalances, accountsKey, networkKey, home]);
  useEffect(() => void (onRollups && loadL2()), [loadL2, accountsKey, networkKey, onRollups]);
  useEffect(() => void (onRollups && loadExits()), [loadExits, accountsKey, headBlock, onRollups]);
  // The background moves an exit at each verified head: while one is under way, its record is read often.
  const exitsActive = onRollups && exits.some((e) => !e.terminal && e.archivedAt === undefined);
  useEffect(() => {
    if (!exitsActive) return;
    const timer = setInterval(() => void loadExits(), pollMs * 2);
    return () => clearInterval(timer);
  }, [loadExits, exitsActive, pollMs]);
  useEffect(() => {
    if (headBlock === undefined) return;
    if (home && Date.now() - lastBalances.current >= BALANCES_MIN_INTERVAL_MS) void loadBalances();
    if (onRollups && Date.now() - lastL2.current >= BALANCES_MIN_INTERVAL_MS) void loadL2();
  }, [headBlock]);
  useEffect(() => {
    if (onRollups) return;
    void loadLists();
    const timer = setInterval(() => void loadLists(), pollMs * 3);
    return () => clearInterval(timer);
  }, [loadLists, pollMs, onRollups, networkKey]);

  const lock = async () => {
    setLockError(null);
    try {
      onState(await api.lock());
    } catch (err) {
      setLockError(explainWalletError(errorLike(err)));
    }
  };

  if (view === 'rollups') {
    return h(
      'div',
      { class: 'wallet' },
      h(RollupsSection, { rollups, now }),
      exitRoutes.length > 0 || exits.length > 0 ? h(ExitsCard, { api, state, routes: exitRoutes, exits, now: now ?? Date.now(), l2Accounts: l2Rows, rollups, onStarted: () => void loadExits() }) : null,
      l2Rows.length > 0
        ? h(L2Card, { api, state, rows: l2Rows, transfers: l2Transfers, onChanged: () => void loadL2(), rollupViews: rollups, exits, onExitStarted: () => void loadExits(), now, routes: exitRoutes })
        : h('p', { class: 'muted small center-text', 'data-testid': 'l2-none' }, 'No L2 account on the followed rollups yet: a deposit from L1 makes one.'),
    );
  }
  if (view === 'settings') {
    return h(
      'div',
      { class: 'wallet' },
      h(SitesList, { api, rows: sites, onChanged: () => void loadLists() }),
      h(SecurityCard, { api, state, onForgotten: onState }),
    );
  }

  const account = state.accounts.find((a) => a.address === chosen) ?? state.accounts[0]!;
  const row = balances?.accounts.find((a) => a.address.toLowerCase() === account.address.toLowerCase());
  const choose = (address: string) => (setChosen(address), storeAccount(address));
  const switchNetwork = onNetwork
    ? async (id: string) => {
        setNetworkError(null);
        try {
          await onNetwork(id);
        } catch (err) {
          setNetworkError(errorLike(err).message);
          throw err;
        }
      }
    : undefined;
  const back = () => setPanel('home');

  return h(
    'div',
    { class: 'wallet home' },
    h(HomeHeader, { network, settings, onNetwork: switchNetwork, accounts: state.accounts, account, onAccount: choose, onManage: () => setPanel(panel === 'accounts' ? 'home' : 'accounts'), onLock: () => void lock() }),
    lockError ? h('p', { class: 'note bad' }, lockError) : null,
    networkError ? h('p', { class: 'note bad', role: 'alert' }, `The network did not switch: ${networkError}`) : null,
    state.pendingApprovals.length > 0
      ? h(
          'div',
          { class: 'note busy pending-approvals', 'data-testid': 'pending-approvals' },
          `${state.pendingApprovals.length} request${state.pendingApprovals.length === 1 ? '' : 's'} waiting in Vigil's window. `,
          state.pendingApprovals.map((id, i) => h('a', { key: id, href: `approval.html?id=${encodeURIComponent(id)}`, target: '_blank', rel: 'noopener', 'data-testid': 'pending-approval' }, i === 0 ? 'Open' : ` #${i + 1}`)),
        )
      : null,
    panel === 'accounts'
      ? h(
          'div',
          { class: 'panel' },
          h('div', { class: 'panel-head' }, h('button', { type: 'button', class: 'link', 'data-testid': 'accounts-back', onClick: back }, '← Back'), h('span', { class: 'panel-title' }, 'Accounts')),
          h(AccountsCard, { api, state, balances, onState, delegationOffered: Boolean(settings && settings.profiles[settings.current]?.delegator) }),
        )
      : panel === 'receive'
        ? h(ReceivePanel, { address: account.address, name: accountName(account), chainId: network?.chainId ?? 0, networkLabel: network?.label ?? 'this network', onBack: back })
        : panel === 'send'
          ? h(SendForm, { api, state, balances, activity, account: account.address, onBack: back, onSent: () => void loadLists() })
          : [
              h(
                BalanceHero,
                { key: 'balance', row, at: balances?.at ?? null, why: notProven, onOpenStatus, price: priceOf(balances?.prices, 'native'), nowMs: now },
                h(
                  'div',
                  { class: 'row-buttons home-actions' },
                  h('button', { type: 'button', class: 'secondary', 'data-testid': 'home-receive', disabled: !network, onClick: () => setPanel('receive') }, 'Receive'),
                  h('button', { type: 'button', class: 'primary', 'data-testid': 'home-send', onClick: () => setPanel('send') }, 'Send'),
                ),
              ),
              h(
                'section',
                { key: 'tokens', class: 'card section tokens-card', 'data-testid': 'home-tokens' },
                h('div', { class: 'card-title' }, 'Tokens'),
                h(TokenList, {
                  api,
                  tokens: balances?.tokens ?? [],
                  account: row,
                  managing: false,
                  onChanged: () => void loadBalances(),
                  prices: balances?.prices,
                  nowMs: now,
                  ...(heldOf(balances?.held, account.address).length > 0 ? { held: h(HeldTokens, { api, held: balances?.held, account: account.address, onChanged: () => void loadBalances(), prices: balances?.prices, nowMs: now }) } : {}),
                }),
              ),
              h(ActivityList, { key: 'activity', rows: activity, api, limit: ACTIVITY_FIRST_ROWS, transfers, ...(now !== undefined ? { nowMs: now } : {}) }),
            ],
  );
}
