/**
 * The popup's send: from, to (an address, or an ENS name shown with its proven address beside it:
 * ./recipient-name.ts), an asset (ETH, or a followed token with its proven decimals) and an
 * amount turned into base units with bigint arithmetic only; a token's is an ERC-20 transfer call.
 * The background prepares the transaction on verified state and opens Vigil's approval window;
 * the popup never waits on it — it says "Confirm in the Vigil window" and shows the outcome if
 * it is still open when the answer comes. Review clicked while a name is being looked up waits for
 * the lookup and goes on (or says why not) without a second click. A recipient that looks like an
 * address the wallet sent to before but is another (address poisoning: src/core/look-alike.ts,
 * held against this network's activity) is said near the recipient, and Review waits for the
 * user's tick ("I checked the whole address").
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AccountBalances, ActivityView, PopupApi, WalletState } from '../api.ts';
import { errorLike, explainWalletError, isAddressLike, parseUnits, shortAddress, shortHash, toQuantity } from '../format.ts';
import { lookAlikeOf, sentToOf } from '../../core/look-alike.ts';
import { followedTokenProblem } from '../../core/token-rules.ts';
import { accountName } from '../../core/account-name.ts';
import { Amount, EthAmount } from './amount.ts';
import { isNameLike, lookupPending, RecipientNote, recipientOf, useRecipientName } from './recipient-name.ts';
import { LookAlikeWarning, useLookAlikeAck } from './look-alike.ts';

/** What is sent: ether, or a followed token (its decimals proven when it was followed). */
export type SendAsset = { kind: 'eth' } | { kind: 'token'; address: string; symbol: string; decimals: number };

/** ERC-20 transfer(address,uint256). */
const TRANSFER = '0xa9059cbb';

/** The form's fields as a send request, or what is wrong with them (in words). */
export function readSend(
  fields: { from: string; to: string; value: string },
  asset: SendAsset = { kind: 'eth' },
): { ok: true; request: { from: string; to: string; value: string; data?: string } } | { ok: false; field: 'to' | 'value' | 'from'; reason: string } {
  if (!isAddressLike(fields.from)) return { ok: false, field: 'from', reason: 'Choose the account to send from.' };
  const to = fields.to.trim();
  if (!isAddressLike(to)) return { ok: false, field: 'to', reason: 'Recipient: expected an address (0x and 40 hex digits) or an ENS name.' };
  const amount = parseUnits(fields.value, asset.kind === 'eth' ? 18 : asset.decimals);
  if (!amount.ok) return { ok: false, field: 'value', reason: `Amount: ${amount.reason}.` };
  if (asset.kind === 'eth') return { ok: true, request: { from: fields.from, to, value: toQuantity(amount.value) } };
  if (amount.value >= 1n << 256n) return { ok: false, field: 'value', reason: 'Amount: more than a token can hold.' };
  const data = TRANSFER + to.slice(2).toLowerCase().padStart(64, '0') + amount.value.toString(16).padStart(64, '0');
  return { ok: true, request: { from: fields.from, to: asset.address, value: '0x0', data } };
}

/** The assets the form offers: ether, then the followed tokens that keep the rule (a row stored against it is not offered). */
export function sendAssets(balances: AccountBalances | null): SendAsset[] {
  const tokens = (balances?.tokens ?? []).filter((t) => followedTokenProblem(t) === undefined && t.problem === undefined);
  return [{ kind: 'eth' }, ...tokens.map((t) => ({ kind: 'token' as const, address: t.address, symbol: t.symbol, decimals: t.decimals }))];
}

const assetKey = (a: SendAsset) => (a.kind === 'eth' ? 'eth' : a.address.toLowerCase());

type Note = { tone: 'good' | 'bad' | 'busy'; text: string; code?: string };

export function SendForm({
  api,
  state,
  balances,
  onSent,
  account,
  onBack,
  activity,
}: {
  api: Pick<PopupApi, 'send' | 'resolveName'> & Partial<Pick<PopupApi, 'requestHosts'>>;
  state: WalletState;
  balances: AccountBalances | null;
  onSent?: () => void;
  /** The account sent from at first (the home's); the first account without it. */
  account?: string | undefined;
  /** Shown as "← Back" beside the title (the home's Send panel). */
  onBack?: (() => void) | undefined;
  /** This network's activity (the popup's list): the addresses the wallet sent to, for the look-alike check. */
  activity?: readonly ActivityView[] | null | undefined;
}): ComponentChild {
  const [from, setFrom] = useState(account !== undefined && state.accounts.some((a) => a.address === account) ? account : (state.accounts[0]?.address ?? ''));
  const [to, setTo] = useState('');
  const [value, setValue] = useState('');
  const [assetId, setAssetId] = useState('eth');
  const [invalid, setInvalid] = useState<{ field: string; reason: string } | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  /** Review was clicked while the name was being looked up: it goes on once the lookup ends. */
  const [waiting, setWaiting] = useState(false);
  const latest = useRef(0);
  const alive = useRef(true);
  const recipient = useRecipientName(api, to);
  useEffect(() => () => void (alive.current = false), []);
  useEffect(() => {
    if (!state.accounts.some((a) => a.address === from)) setFrom(state.accounts[0]?.address ?? '');
  }, [state.accounts.map((a) => a.address).join()]);

  const assets = sendAssets(balances);
  // A token no longer followed falls back to ether rather than sending something the form does not show.
  const asset = assets.find((a) => assetKey(a) === assetId) ?? assets[0]!;
  const proven = balances?.accounts.find((a) => a.address.toLowerCase() === from.toLowerCase());
  // Short as the home shows it (./amount.ts), the exact amount on hover and focus.
  const provenLabel = (): ComponentChild[] | null => {
    if (!proven || !('balance' in proven)) return null;
    if (asset.kind === 'eth') return [h(EthAmount, { wei: proven.balance, testid: 'send-from-balance' }), ' proven'];
    const row = proven.tokens.find((t) => t.token.toLowerCase() === asset.address.toLowerCase());
    return row?.balance == null ? null : [h(Amount, { value: row.balance, symbol: `${asset.symbol} (${shortAddress(asset.address)})`, decimals: asset.decimals, testid: 'send-from-balance' }), ' proven'];
  };
  const proof = provenLabel();

  // The address the form would pay: the one typed, or the one proven for the name typed.
  const sentTo = sentToOf(activity ?? []);
  const typedTo = to.trim();
  const named = isNameLike(typedTo) ? recipientOf(recipient.lookup, typedTo) : undefined;
  const payee = named === undefined ? (isAddressLike(typedTo) ? typedTo : undefined) : named.ok ? named.address : undefined;
  const lookAlike = payee === undefined ? undefined : lookAlikeOf(payee, sentTo);
  const lookAlikeAck = useLookAlikeAck(lookAlike === undefined ? undefined : payee);
  const unchecked = lookAlike !== undefined && !lookAlikeAck.acked;

  useEffect(() => {
    if (!waiting || lookupPending(recipient.lookup, to)) return;
    setWaiting(false);
    review();
  }, [waiting, recipient.lookup]);

  const submit = (e: Event) => {
    e.preventDefault();
    if (lookupPending(recipient.lookup, to)) {
      // Not an error: the name is on its way; Review goes on when it is proven (or says why not).
      setInvalid(null);
      setWaiting(true);
      return;
    }
    review();
  };

  const review = () => {
    // A name sends to the address proven for it, which the form shows beside it.
    let address = to;
    let name: string | undefined;
    if (isNameLike(to)) {
      const named = recipientOf(recipient.lookup, to);
      if (!named.ok) {
        setInvalid({ field: 'to', reason: named.reason });
        return;
      }
      address = named.address;
      // The name goes along as a claim: the window shows it only once it is proven again to be this address's.
      name = named.name;
    }
    // Checked again for the address about to be paid: a Review that waited for a name reaches here too.
    if (lookAlikeOf(address, sentTo) !== undefined && !(lookAlikeAck.acked && payee?.toLowerCase() === address.toLowerCase())) {
      setInvalid({ field: 'to', reason: 'Recipient: it looks like an address you sent to before but is another one. Check the whole address, then tick the box.' });
      return;
    }
    const read = readSend({ from, to: address, value }, asset);
    if (!read.ok) {
      setInvalid({ field: read.field, reason: read.reason });
      return;
    }
    setInvalid(null);
    const n = ++latest.current;
    setNote({ tone: 'busy', text: 'Confirm in the Vigil window. Vigil prepares the transaction on verified state and shows you what it proved.' });
    // Not awaited: the answer comes only once the user decided in the approval window.
    api.send(name === undefined ? read.request : { ...read.request, name }).then(
      (hash) => {
        if (!alive.current || n !== latest.current) return;
        setNote({ tone: 'good', text: `Sent: ${shortHash(hash)}` });
        setTo('');
        setValue('');
        onSent?.();
      },
      (err: unknown) => {
        if (!alive.current || n !== latest.current) return;
        const like = errorLike(err);
        setNote({ tone: 'bad', text: like.code === 'USER_REJECTED' ? 'Rejected in the Vigil window: nothing was signed.' : `Not sent: ${explainWalletError(like)}`, code: like.code ?? 'ERROR' });
        onSent?.();
      },
    );
  };

  return h(
    'form',
    { class: 'card section send', onSubmit: submit, noValidate: true },
    onBack
      ? h('div', { class: 'panel-head' }, h('button', { type: 'button', class: 'link', 'data-testid': 'send-back', onClick: onBack }, '← Back'), h('span', { class: 'panel-title' }, 'Send'))
      : h('div', { class: 'card-title' }, 'Send'),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'From', proof ? h('small', null, proof) : null),
      h(
        'select',
        { value: from, 'data-testid': 'send-from', onChange: (e: Event) => setFrom((e.currentTarget as HTMLSelectElement).value) },
        state.accounts.map((a) => h('option', { value: a.address, key: a.address }, `${accountName(a)} · ${shortHash(a.address, 4)}`)),
      ),
    ),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'To'),
      h('input', { type: 'text', class: `mono ${invalid?.field === 'to' ? 'invalid' : ''}`, spellcheck: false, autocomplete: 'off', placeholder: '0x… or name.eth', value: to, 'data-testid': 'send-to', onInput: (e: Event) => {
          setTo((e.currentTarget as HTMLInputElement).value);
          // Another recipient: the Review that waited was for the name it replaces, and an error about that name is stale.
          setWaiting(false);
          if (invalid?.field === 'to') setInvalid(null);
        } }),
    ),
    h(RecipientNote, recipient),
    lookAlike !== undefined && payee !== undefined
      ? h(LookAlikeWarning, { address: payee, match: lookAlike, nowMs: Date.now(), acked: lookAlikeAck.acked, onAck: (acked: boolean) => (lookAlikeAck.setAcked(acked), acked && invalid?.field === 'to' && setInvalid(null)), testid: 'send-look-alike' })
      : null,
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'label' }, 'Amount'),
      h(
        'div',
        { class: 'amount-row' },
        h('input', { type: 'text', inputmode: 'decimal', class: invalid?.field === 'value' ? 'invalid' : '', autocomplete: 'off', placeholder: '0.0', value, 'data-testid': 'send-value', onInput: (e: Event) => setValue((e.currentTarget as HTMLInputElement).value) }),
        h(
          'select',
          { value: assetKey(asset), 'aria-label': 'Asset', 'data-testid': 'send-asset', onChange: (e: Event) => setAssetId((e.currentTarget as HTMLSelectElement).value) },
          assets.map((a) => h('option', { value: assetKey(a), key: assetKey(a) }, a.kind === 'eth' ? 'ETH' : `${a.symbol} (${shortAddress(a.address)})`)),
        ),
      ),
    ),
    invalid ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'send-error' }, invalid.reason) : null,
    waiting ? h('p', { class: 'note busy', role: 'status', 'data-testid': 'send-waiting' }, 'Review goes on once the name is looked up.') : null,
    h('button', { type: 'submit', class: 'primary', disabled: unchecked, title: unchecked ? 'Enabled once you tick "I checked the whole address"' : undefined, 'data-testid': 'send-submit' }, 'Review in Vigil'),
    note ? h('p', { class: `note ${note.tone}`, role: 'status', 'data-testid': 'send-note', ...(note.code ? { 'data-code': note.code } : {}) }, note.text) : null,
  );
}
