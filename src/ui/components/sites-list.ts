/**
 * Connected sites (EIP-2255 grants): which origin sees which accounts, and a revoke for each.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { PermissionView, PopupApi } from '../api.ts';
import { errorLike, explainWalletError, formatAge, shortAddress } from '../format.ts';

export function SitesList({ api, rows, onChanged, now = Date.now() }: { api: Pick<PopupApi, 'revoke'>; rows: PermissionView[] | null; onChanged: () => void; now?: number }): ComponentChild {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const revoke = async (origin: string) => {
    setBusy(origin);
    setError(null);
    try {
      await api.revoke(origin);
      onChanged();
    } catch (err) {
      setError(explainWalletError(errorLike(err)));
    } finally {
      setBusy(null);
    }
  };
  return h(
    'section',
    { class: 'card section sites', 'data-testid': 'sites' },
    h('div', { class: 'card-title' }, 'Connected sites'),
    rows === null
      ? h('p', { class: 'muted small' }, 'Loading…')
      : rows.length === 0
        ? h('p', { class: 'muted small' }, 'No site is connected.')
        : rows.map((p) =>
            h(
              'div',
              { class: 'site-row', key: p.origin, 'data-testid': 'site-row', 'data-origin': p.origin },
              h(
                'div',
                { class: 'site-text' },
                h('div', { class: 'site-origin' }, p.origin),
                h('div', { class: 'muted small' }, p.accounts.map(shortAddress).join(', ') || 'no accounts', ` · used ${formatAge((now - p.lastUsedAt) / 1000)}`),
              ),
              h('button', { type: 'button', class: 'secondary small', disabled: busy === p.origin, 'data-testid': 'site-revoke', onClick: () => void revoke(p.origin) }, 'Revoke'),
            ),
          ),
    error ? h('p', { class: 'note bad', role: 'alert' }, error) : null,
  );
}
