/**
 * The popup (360×600): four tabs over one status polled every second. Wallet is the home (the
 * account's money: network and account, balance with its proof, tokens, Send, Receive, activity);
 * Rollups the followed rollups, the L2 accounts and the forced exits; Status the light client;
 * Settings the network, connected sites, security, and the rest under Advanced.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Settings, Status } from '../extension/messages.ts';
import type { PopupApi } from './api.ts';
import { errorLike } from './format.ts';
import { usePoll } from './poll.ts';
import { SettingsView } from './components/settings-view.ts';
import { whyNotProven } from './components/home/balance-hero.ts';
import { StatusView } from './components/status-view.ts';
import { WalletView } from './components/wallet-view.ts';

type Tab = 'wallet' | 'rollups' | 'status' | 'settings';

export function App({
  api,
  pollMs = 1000,
  initialTab = 'wallet',
  pickPositions,
}: {
  api: PopupApi;
  pollMs?: number;
  initialTab?: Tab;
  /** The onboarding's backup-check positions (tests choose). */
  pickPositions?: (count: number, of: number) => number[];
}): ComponentChild {
  const [tab, setTab] = useState<Tab>(initialTab);
  const [status, setStatus] = useState<Status | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [offline, setOffline] = useState<string | null>(null);

  usePoll(
    () => api.getStatus(),
    (s) => (setStatus(s), setOffline(null)),
    (err) => setOffline(errorLike(err).message),
    pollMs,
    [api],
  );

  // Read again on the way into Settings (another window may have changed them); the home's network picker lists them too.
  useEffect(() => {
    if (tab === 'settings' || settings === null) void api.getSettings().then(setSettings, () => {});
  }, [api, tab]);

  /** The switch Settings makes, from the home's picker: it throws what the background refused. */
  const switchNetwork = async (id: string) => {
    await api.setNetwork(id);
    setSettings(await api.getSettings());
  };
  const wallet = (view: 'home' | 'rollups' | 'settings') =>
    h(WalletView, {
      api,
      pollMs,
      view,
      headBlock: status?.optimistic?.blockNumber,
      rollups: status?.rollups,
      now: status?.now,
      network: status ? { label: status.network.label, chainId: status.network.chainId } : undefined,
      settings,
      onNetwork: switchNetwork,
      onOpenStatus: () => setTab('status'),
      notProven: whyNotProven(status, typeof navigator === 'undefined' || navigator.onLine !== false),
      ...(pickPositions ? { pickPositions } : {}),
    });

  return h(
    'div',
    { class: 'app' },
    h(
      'header',
      { class: 'top' },
      h('img', { class: 'logo', src: 'icons/icon-32.png', width: 28, height: 28, alt: '' }),
      h('span', { class: 'brand' }, 'Vigil'),
      h(TabList, { tab, onSelect: setTab }),
    ),
    h(
      'main',
      // In the tab order (WAI-ARIA's tabs pattern): a panel that scrolls with nothing focusable in it (Status, on a long
      // list of complaints) can still be scrolled from the keyboard.
      { id: 'tab-panel', role: 'tabpanel', 'aria-labelledby': `tab-${tab}`, tabIndex: 0 },
      offline ? h('p', { class: 'note bad' }, `Cannot reach Vigil's background: ${offline}`) : null,
      // The wallet's two tabs render the one WalletView in the same place: its reads carry over between them.
      tab === 'wallet' || tab === 'rollups'
        ? wallet(tab === 'wallet' ? 'home' : 'rollups')
        : tab === 'status'
          ? status
            ? h(StatusView, { status })
            : h('p', { class: 'muted center' }, 'Loading…')
          : settings
            ? h(SettingsView, { api, settings, onSaved: setSettings, ws: status?.network.weakSubjectivity, wallet: wallet('settings') })
            : h('p', { class: 'muted center' }, 'Loading…'),
    ),
  );
}

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'wallet', label: 'Wallet' },
  { id: 'rollups', label: 'Rollups' },
  { id: 'status', label: 'Status' },
  { id: 'settings', label: 'Settings' },
];

/**
 * The popup's tabs as the WAI-ARIA tabs pattern has them: one tab in the Tab order (the selected
 * one), the arrow keys, Home and End moving the selection and the focus along the list.
 */
function TabList({ tab, onSelect }: { tab: Tab; onSelect: (tab: Tab) => void }): ComponentChild {
  const onKeyDown = (e: KeyboardEvent) => {
    const at = TABS.findIndex((t) => t.id === tab);
    const to = e.key === 'ArrowRight' ? (at + 1) % TABS.length : e.key === 'ArrowLeft' ? (at + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    onSelect(TABS[to]!.id);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`#tab-${TABS[to]!.id}`)?.focus();
  };
  return h(
    'nav',
    { class: 'tabs', role: 'tablist', 'aria-label': 'Vigil', onKeyDown },
    TABS.map((t) =>
      h(
        'button',
        {
          key: t.id,
          type: 'button',
          id: `tab-${t.id}`,
          role: 'tab',
          'aria-selected': String(tab === t.id),
          'aria-controls': 'tab-panel',
          tabIndex: tab === t.id ? 0 : -1,
          class: tab === t.id ? 'active' : '',
          onClick: () => onSelect(t.id),
          'data-testid': `tab-${t.id}`,
        },
        t.label,
      ),
    ),
  );
}
