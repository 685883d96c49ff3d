/**
 * The popup (360×600): the wallet, status and settings, polling the background every second.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Settings, Status } from '../extension/messages.ts';
import type { PopupApi } from './api.ts';
import { errorLike } from './format.ts';
import { usePoll } from './poll.ts';
import { SettingsView } from './components/settings-view.ts';
import { StatusView } from './components/status-view.ts';
import { WalletView } from './components/wallet-view.ts';

type Tab = 'wallet' | 'status' | 'settings';

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

  useEffect(() => {
    if (tab === 'settings') void api.getSettings().then(setSettings, () => {});
  }, [api, tab]);

  return h(
    'div',
    { class: 'app' },
    h(
      'header',
      { class: 'top' },
      h('img', { class: 'logo', src: 'icons/icon-32.png', width: 28, height: 28, alt: '' }),
      h('span', { class: 'brand' }, 'Vigil'),
      h(
        'nav',
        { class: 'tabs' },
        h('button', { class: tab === 'wallet' ? 'active' : '', onClick: () => setTab('wallet'), 'data-testid': 'tab-wallet' }, 'Wallet'),
        h('button', { class: tab === 'status' ? 'active' : '', onClick: () => setTab('status'), 'data-testid': 'tab-status' }, 'Status'),
        h('button', { class: tab === 'settings' ? 'active' : '', onClick: () => setTab('settings'), 'data-testid': 'tab-settings' }, 'Settings'),
      ),
    ),
    h(
      'main',
      null,
      offline ? h('p', { class: 'note bad' }, `Cannot reach Vigil's background: ${offline}`) : null,
      tab === 'wallet'
        ? h(WalletView, { api, pollMs, headBlock: status?.optimistic?.blockNumber, rollups: status?.rollups, now: status?.now, ...(pickPositions ? { pickPositions } : {}) })
        : tab === 'status'
          ? status
            ? h(StatusView, { status })
            : h('p', { class: 'muted center' }, 'Loading…')
          : settings
            ? h(SettingsView, { api, settings, onSaved: setSettings, ws: status?.network.weakSubjectivity })
            : h('p', { class: 'muted center' }, 'Loading…'),
    ),
  );
}
