/**
 * The tokens an account holds without following them (issue 56), under the followed ones: found
 * in its proven transfers, each balance proven by verified call, each named by its own symbol
 * (proven) with its address beside it. Listed tokens (Vigil's list for the network, a devnet's own)
 * come first; tokens received unasked that are neither followed nor listed are apart, hidden until
 * the user asks ("1 unlisted token received — show"), marked as possibly spam, never with a price
 * or a value in ETH. Any of them can be followed from here.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { AccountBalances, HeldToken, PopupApi } from '../../api.ts';
import { errorLike, explainWalletError, isAddressLike, shortAddress } from '../../format.ts';
import { Amount } from '../amount.ts';
import { priceOf, TokenValue } from './price-line.ts';

/** The held tokens of `account` (its non-zero proven balances), listed first. */
export function heldOf(held: readonly HeldToken[] | undefined, account: string): { token: HeldToken; balance: string }[] {
  const out: { token: HeldToken; balance: string }[] = [];
  for (const token of held ?? []) {
    if (typeof token?.address !== 'string' || !isAddressLike(token.address) || !Array.isArray(token.balances)) continue;
    const b = token.balances.find((x) => typeof x?.account === 'string' && x.account.toLowerCase() === account.toLowerCase());
    if (b && typeof b.balance === 'string' && /^\d{1,80}$/.test(b.balance) && b.balance !== '0') out.push({ token, balance: b.balance });
  }
  return out;
}

function HeldRow({ token: t, balance, spam, onFollow, prices, nowMs }: { token: HeldToken; balance: string; spam: boolean; onFollow: (address: string) => void; prices: AccountBalances['prices']; nowMs: number }): ComponentChild {
  const named = typeof t.symbol === 'string' && t.symbol !== '';
  // A listed token with proven decimals that a feed prices; an unlisted one never has a value here.
  const price = !spam && named && typeof t.decimals === 'number' ? priceOf(prices, t.address) : undefined;
  return h(
    'li',
    { class: spam ? 'marked' : '', 'data-testid': spam ? 'unlisted-token' : 'held-token', 'data-address': t.address, title: t.address },
    h(
      'span',
      { class: 'token-name' },
      named ? t.symbol : shortAddress(t.address),
      named ? h('span', { class: 'mono muted small', 'data-testid': 'token-address-short' }, ` ${shortAddress(t.address)}`) : h('span', { class: 'tag bad' }, 'no proven symbol'),
      spam ? h('span', { class: 'tag warn', 'data-testid': 'unlisted-token-spam' }, 'possibly spam') : null,
    ),
    h('span', { class: 'token-amount', 'data-testid': 'held-token-balance' }, h(Amount, { value: balance, symbol: named ? t.symbol! : '', decimals: named && typeof t.decimals === 'number' ? t.decimals : undefined })),
    price && typeof t.decimals === 'number' ? h(TokenValue, { view: price, balance, decimals: t.decimals, nowMs }) : null,
    h('button', { type: 'button', class: 'secondary small', 'data-testid': 'held-token-follow', onClick: () => onFollow(t.address) }, 'Follow'),
  );
}

/** `held`: the balances' held tokens; `account`: the account shown. */
export function HeldTokens({
  api,
  held,
  account,
  onChanged,
  prices,
  nowMs,
}: {
  api: Pick<PopupApi, 'addToken'>;
  held: readonly HeldToken[] | undefined;
  account: string;
  onChanged: () => void;
  /** The feeds read at the balances' head: a listed token a feed prices shows its value. */
  prices?: AccountBalances['prices'];
  nowMs?: number | undefined;
}): ComponentChild {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  const rows = heldOf(held, account);
  if (rows.length === 0) return null;
  const listed = rows.filter((r) => r.token.listed === true);
  const unlisted = rows.filter((r) => r.token.listed !== true);
  const follow = async (address: string) => {
    try {
      await api.addToken({ address });
      setNote({ tone: 'good', text: 'Followed: its symbol and decimals are its own, and its balance comes from a verified call at each head.' });
      onChanged();
    } catch (err) {
      setNote({ tone: 'bad', text: explainWalletError(errorLike(err)) });
    }
  };
  const row = (spam: boolean) => (r: (typeof rows)[number]) => h(HeldRow, { key: r.token.address, token: r.token, balance: r.balance, spam, onFollow: (a) => void follow(a), prices, nowMs: nowMs ?? Date.now() });
  const count = `${unlisted.length} unlisted token${unlisted.length === 1 ? '' : 's'} received`;
  return h(
    'div',
    { class: 'held-tokens', 'data-testid': 'held-tokens' },
    listed.length > 0 ? h('ul', { class: 'followed', 'data-testid': 'held-listed' }, listed.map(row(false))) : null,
    unlisted.length > 0
      ? h(
          'div',
          { class: 'unlisted', 'data-testid': 'unlisted-tokens' },
          h('button', { type: 'button', class: 'link', 'aria-expanded': String(open), 'data-testid': 'unlisted-toggle', onClick: () => setOpen(!open) }, `${count} — ${open ? 'hide' : 'show'}`),
          open
            ? [
                h('p', { key: 'why', class: 'muted small', 'data-testid': 'unlisted-why' }, 'Sent to you unasked, on no list Vigil knows: possibly spam. Its balance is proven; its name proves nothing, and it has no price here. Do not visit what its name says.'),
                h('ul', { key: 'list', class: 'followed' }, unlisted.map(row(true))),
              ]
            : null,
        )
      : null,
    note ? h('p', { class: `note ${note.tone}`, role: 'status', 'data-testid': 'held-token-note' }, note.text) : null,
  );
}
