/**
 * Vigil's approval window (approval.html?id=…), one per site: it shows that site's requests one
 * after another, oldest first ("2 of 5"), the queue read from the background every second (new
 * requests of the site join it). For each: polls the approval every second, asks for the password
 * first when the wallet is locked, shows the site's origin as the browser parsed it
 * (./origin-name.ts) and the request by kind, and sends the user's answer. A transaction the
 * signing policy refused offers only Close (Next when more wait). After an answer it shows the
 * outcome and, about a second later, moves to the next request or closes itself when none waits
 * (done or rejected; a failure stays until the user moves on). Closing the window rejects what
 * it showed (the background does that).
 *
 * Approve (and Enter on it) is armed only once this window has had the focus for a moment
 * ({@link ARM_DELAY_MS}) without a break: a click or a key meant for another window, as this one
 * opens over it, approves nothing. Losing the focus disarms it, and so does a change of what the
 * request shows (the effects asked again); each arms again after the same moment. A transaction
 * whose recipient looks like an address the wallet sent to before enables Approve only once the
 * user ticked "I checked the whole address" (./transaction.ts); one whose words (its ERC-7730
 * descriptor's, ./words.ts) disagree with the simulation, or typed data whose words disagree with
 * the permits it grants, only once the user ticked that they read what disagrees. A yes carries
 * the boxes ticked; the background checks every one of these gates again on its own data
 * (src/client/wallet/approval-gates.ts) and refuses a yes that skipped one.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApprovalAcknowledgements } from '../../../client/wallet/approval-gates.ts';
import type { AccountBalances, ApprovalApi, ApprovalView, WalletState } from '../../api.ts';
import { errorLike, explainWalletError, shortHash } from '../../format.ts';
import { usePoll } from '../../poll.ts';
import { BareHashFlag, DelegationFlag, delegationCheck } from '../delegation.ts';
import { ARM_DELAY_MS, useArmed } from './armed.ts';
import { PersonalSignBody, type PersonalSignDetails, TypedDataBody, type TypedDataDetails } from './messages.ts';
import { CallsBody, type CallsDetails, isBatchRefused } from './calls.ts';
import { DelegationBody, type DelegationDetails, isDelegationRefused } from './delegation.ts';
import { isRefused, lookAlikeOfDetails, TransactionBody, type TransactionDetails } from './transaction.ts';
import { useLookAlikeAck } from '../look-alike.ts';
import { OriginName } from '../origin-name.ts';
import { ConnectBody, type ConnectDetails, proposedAccounts } from './connect.ts';
import { UnlockForm } from '../unlock-form.ts';
import { batchWordsOfEffects, WordsFlag, wordsOf } from './words.ts';

/** An approval's ends: from these it moves nowhere (src/client/wallet/approvals.ts). */
const FINAL: ReadonlySet<ApprovalView['status']> = new Set(['done', 'rejected', 'failed']);
/** The wallet's own origin (the popup's send), as src/client/wallet/permissions.ts names it. */
const WALLET_ORIGIN = 'vigil';
/** How often the signing account's balances are asked again while its delegation is not proven. */
const BALANCES_RETRY_MS = 5000;

const APPROVE_LABEL: Record<ApprovalView['kind'], string> = {
  connect: 'Connect',
  transaction: 'Sign and send',
  calls: 'Sign all and send',
  personalSign: 'Sign',
  typedData: 'Sign',
  watchAsset: 'Follow token',
  switchChain: 'Switch network',
  delegation: 'Sign and send',
};


const TITLE: Record<ApprovalView['kind'], string> = {
  connect: 'Connect to a site',
  transaction: 'Transaction',
  calls: 'Batch of calls',
  personalSign: 'Sign a message',
  typedData: 'Sign typed data',
  watchAsset: 'Follow a token',
  switchChain: 'Switch network',
  delegation: 'Smart account (EIP-7702)',
};

export function ApprovalApp({
  api,
  id,
  pollMs = 1000,
  closeDelayMs = 1000,
  armDelayMs = ARM_DELAY_MS,
  close = () => window.close(),
}: {
  api: ApprovalApi;
  id: string;
  pollMs?: number;
  closeDelayMs?: number;
  /** How long the window must have had the focus before Approve works. */
  armDelayMs?: number;
  close?: () => void;
}): ComponentChild {
  const [current, setCurrent] = useState(id);
  /** How many requests this window has finished (the position of the current one, less one). */
  const [answered, setAnswered] = useState(0);
  const [waiting, setWaiting] = useState<string[]>([]);
  const moving = useRef(false);

  usePoll(
    () => api.approvalQueue(current),
    (q) => setWaiting(q.pending),
    // The queue is a convenience: the request itself still shows.
    () => {},
    pollMs,
    [api, current],
  );

  /** The current request is finished: the next waiting one of this site, or the window closes. */
  const next = useCallback(async () => {
    if (moving.current) return;
    moving.current = true;
    try {
      // Asked again now: a request may have come since the last poll.
      const pending = (await api.approvalQueue(current).catch(() => ({ pending: waiting }))).pending.filter((p) => p !== current);
      if (pending.length === 0) {
        // Said first: the background forgets this window, so its closing is no one's "no", and a
        // request that arrived after the queue was read gets a window of its own.
        await api.approvalClosing(current).catch(() => {});
        return close();
      }
      setAnswered((n) => n + 1);
      setCurrent(pending[0]!);
    } finally {
      moving.current = false;
    }
  }, [api, current, waiting, close]);

  const others = waiting.filter((p) => p !== current).length;
  return h(ApprovalItem, { key: current, api, id: current, pollMs, closeDelayMs, armDelayMs, onFinished: next, position: { at: answered + 1, of: answered + 1 + others } });
}

/** One request: what it asks, the answer, the outcome; `onFinished` once the user is done with it. */
function ApprovalItem({
  api,
  id,
  pollMs,
  closeDelayMs,
  armDelayMs,
  onFinished,
  position,
}: {
  api: ApprovalApi;
  id: string;
  pollMs: number;
  closeDelayMs: number;
  armDelayMs: number;
  onFinished: () => void;
  position: { at: number; of: number };
}): ComponentChild {
  const close = onFinished;
  const [view, setView] = useState<ApprovalView | null>(null);
  const [wallet, setWallet] = useState<WalletState | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [resolveError, setResolveError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string[] | null>(null);
  const answered = useRef(false);
  const sawPending = useRef(false);
  const closing = useRef(false);
  // The signing account's delegation, proven with the balances (read at the newest head; asked again while it could not be).
  const [balances, setBalances] = useState<AccountBalances | null>(null);
  const [balancesFailure, setBalancesFailure] = useState<string | null>(null);
  const signsFor = view ? signingAccount(view) : undefined;
  const check = signsFor !== undefined ? delegationCheck(balances, signsFor, api.balances === undefined ? 'this window cannot read balances' : balancesFailure) : undefined;
  const checked = check?.checked === true;
  // A signature (a message, typed data) has no simulation: what the account's code does with it is only known once its delegation is.
  const waitsForDelegation = view !== null && (view.kind === 'personalSign' || view.kind === 'typedData') && !checked;

  // What the request shows: a change (its effects asked again, the delegation proven) arms Approve anew.
  const armed = useArmed(armDelayMs, view ? `${view.status} ${JSON.stringify(view.details)} ${check?.checked ? JSON.stringify(check.delegation) : 'unchecked'}` : '');
  // A look-alike recipient: Approve waits for the user's tick, held for this request's recipient.
  const lookAlike = view?.kind === 'transaction' ? lookAlikeOfDetails(view.details) : undefined;
  const lookAlikeAck = useLookAlikeAck(lookAlike === undefined ? undefined : `${id} ${lookAlike.recipient}`);
  // Words that disagree with the simulation: Approve waits for the user's tick, held for this request's disagreements.
  const disagreements = view ? disagreementsOf(view) : undefined;
  const wordsAck = useLookAlikeAck(disagreements === undefined ? undefined : `${id} ${disagreements.join('\n')}`);
  const unread = disagreements !== undefined && !wordsAck.acked;
  const unchecked = (lookAlike !== undefined && !lookAlikeAck.acked) || unread;
  const armedNow = useRef(false);
  armedNow.current = armed && !waitsForDelegation && !unchecked;

  // An answer is never undone by an older read: the background answers reads in any order, and a poll
  // asked while the request was being sent can arrive after the answer that says it is done.
  const show = useCallback((next: ApprovalView) => setView((shown) => (shown !== null && FINAL.has(shown.status) && !FINAL.has(next.status) ? shown : next)), []);

  const refresh = useCallback(async () => {
    const [v, w] = await Promise.allSettled([api.getApproval(id), api.getWalletState()]);
    if (v.status === 'fulfilled') {
      show(v.value);
      setLoadError(null);
      if (v.value.status === 'pending') sawPending.current = true;
    } else setLoadError(explainWalletError(errorLike(v.reason)));
    if (w.status === 'fulfilled') setWallet(w.value);
  }, [api, id, show]);

  useEffect(() => {
    let alive = true;
    const tick = () => void (alive && refresh());
    tick();
    const timer = setInterval(tick, pollMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [refresh, pollMs]);

  // Connect: the site's accounts when it asks to change them, else the popup's, else the first, until the user chooses.
  useEffect(() => {
    if (selected === null && view?.kind === 'connect' && wallet && wallet.accounts.length > 0) setSelected(proposedAccounts(wallet, view.details as ConnectDetails));
  }, [wallet, selected, view]);

  // Connect: each account's balance beside it (read once; one that could not be proven says so).
  const connecting = view?.kind === 'connect';
  useEffect(() => {
    const read = api.balances;
    if (!connecting || read === undefined) return;
    let alive = true;
    read().then(
      (b) => void (alive && setBalances(b)),
      () => void (alive && setBalances({ at: null, accounts: [], tokens: [] })),
    );
    return () => void (alive = false);
  }, [api, connecting]);

  useEffect(() => {
    const read = api.balances;
    if (signsFor === undefined || read === undefined || checked) return;
    let alive = true;
    let asking = false;
    const ask = () => {
      if (asking) return;
      asking = true;
      read().then(
        (b) => void (alive && (setBalances(b), setBalancesFailure(null))),
        (err: unknown) => void (alive && setBalancesFailure(explainWalletError(errorLike(err)))),
      ).finally(() => (asking = false));
    };
    ask();
    // Not proven yet (a slow or refused proof): asked again, never taken as "not delegated".
    const timer = setInterval(ask, Math.max(pollMs, BALANCES_RETRY_MS));
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [api, signsFor, checked, pollMs]);

  const status = view?.status;
  useEffect(() => {
    if (status !== 'done' && status !== 'rejected') return;
    if (!answered.current && !sawPending.current) return;
    // Marked closing only when it moves on: a pause cut short is started again, never lost.
    const timer = setTimeout(() => {
      if (closing.current) return;
      closing.current = true;
      close();
    }, closeDelayMs);
    return () => clearTimeout(timer);
  }, [status]);

  const answer = async (approve: boolean) => {
    if (!view || busy) return;
    // A yes before the window had the focus for a moment is no one's (a disabled button takes no click; this guards the rest).
    if (approve && !armedNow.current) return;
    setBusy(true);
    setResolveError(null);
    answered.current = true;
    try {
      // In the wallet's order, whatever the order of the clicks.
      const accounts = view.kind === 'connect' && approve ? (wallet?.accounts ?? []).map((a) => a.address).filter((a) => (selected ?? []).includes(a)) : undefined;
      // The boxes ticked go with the yes: the background checks the gates again (src/client/wallet/approval-gates.ts).
      const acknowledged = approve ? acknowledgements(lookAlike !== undefined && lookAlikeAck.acked, disagreements !== undefined && wordsAck.acked) : undefined;
      show(await api.resolveApproval(view.id, approve, accounts, acknowledged));
    } catch (err) {
      answered.current = false;
      setResolveError(explainWalletError(errorLike(err)));
      void refresh();
    } finally {
      setBusy(false);
    }
  };

  // Escape says no: a pending request is rejected, an answered or refused one closed (closing rejects what is still pending).
  const onEscape = useRef<() => void>(() => {});
  onEscape.current = () => {
    if (!view || busy) return;
    if (view.status === 'pending' && !isRefusedView(view)) void answer(false);
    else if (view.status !== 'approved') close();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      onEscape.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The keyboard starts on the request's first control (the password when locked), once per request and once unlocked;
  // the window stays at its top, where it says what is asked, even when that control is further down.
  const focusedFor = useRef<string | null>(null);
  const focusKey = view ? `${view.id} ${view.locked}` : null;
  useEffect(() => {
    if (focusKey === null || focusedFor.current === focusKey) return;
    const frame = document.querySelector<HTMLElement>(`[data-approval-id="${CSS.escape(view!.id)}"]`);
    const first = frame?.querySelector<HTMLElement>(FIRST_CONTROL);
    if (first === null || first === undefined) return;
    focusedFor.current = focusKey;
    first.focus({ preventScroll: true });
  });

  if (!view) {
    return h(Frame, { view: null, position }, loadError ? h('p', { class: 'note bad', 'data-testid': 'approval-load-error' }, `This request cannot be shown: ${loadError}`) : h('p', { class: 'muted center' }, 'Loading…'));
  }

  const refused = isRefusedView(view);
  const signer = signingAccount(view);
  const needsUnlock = view.locked && view.status === 'pending' && !refused;
  const canAnswer = view.status === 'pending' && !refused && !needsUnlock;

  return h(
    Frame,
    { view, position },
    h(Origin, { origin: view.origin, kind: view.kind, signIn: isSignIn(view) }),
    signer !== undefined && check !== undefined && view.status === 'pending' ? h(DelegationFlag, { address: signer, check }) : null,
    signer !== undefined && check !== undefined && view.status === 'pending' && view.kind === 'personalSign' && (view.details as unknown as PersonalSignDetails).bareHash === true
      ? h(BareHashFlag, { address: signer, check })
      : null,
    needsUnlock
      ? h(UnlockForm, { api, prefix: 'approval-unlock', title: 'Unlock Vigil to answer', onUnlocked: (s: WalletState) => (setWallet(s), void refresh()) })
      : h(Body, {
          view,
          wallet,
          balances,
          selected: selected ?? [],
          onSelect: setSelected,
          ...(api.lookupAddress ? { lookupAddress: api.lookupAddress } : {}),
          // Like Approve, the tick waits for the window to be armed: a key meant for another window ticks nothing.
          ...(canAnswer ? { lookAlikeAck: { acked: lookAlikeAck.acked, onAck: lookAlikeAck.setAcked, disabled: !armed || busy } } : {}),
        }),
    h(Outcome, { view }),
    resolveError ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'approval-resolve-error' }, resolveError) : null,
    disagreements !== undefined && view.status === 'pending' && !needsUnlock
      ? h(WordsFlag, { disagreements, acked: wordsAck.acked, ...(canAnswer ? { onAck: wordsAck.setAcked, disabled: !armed || busy } : {}) })
      : null,
    h(
      'div',
      { class: 'approval-actions' },
      canAnswer
        ? [
            h('button', { type: 'button', class: 'secondary', key: 'reject', disabled: busy, 'data-testid': 'approval-reject', onClick: () => void answer(false) }, 'Reject'),
            h(
              'button',
              {
                type: 'button',
                class: 'primary',
                key: 'approve',
                disabled: busy || !armed || waitsForDelegation || unchecked || (view.kind === 'connect' && (selected ?? []).length === 0),
                'data-testid': 'approval-approve',
                'data-armed': String(armed && !waitsForDelegation && !unchecked),
                title: waitsForDelegation
                  ? "Enabled once Vigil has proven this account's delegation"
                  : unread
                    ? 'Enabled once you tick "I have read what disagrees"'
                    : unchecked
                    ? 'Enabled once you tick "I checked the whole address"'
                    : armed
                      ? undefined
                      : 'Enabled a moment after this window has the focus',
                onClick: () => void answer(true),
              },
              // An atomic batch is one transaction, signed once.
              busy ? 'Working…' : view.kind === 'calls' && (view.details as unknown as CallsDetails).atomic !== undefined ? APPROVE_LABEL.transaction : APPROVE_LABEL[view.kind],
            ),
          ]
        : view.status === 'pending' && needsUnlock
          ? h('button', { type: 'button', class: 'secondary', disabled: busy, 'data-testid': 'approval-reject', onClick: () => void answer(false) }, 'Reject')
          : view.status === 'approved'
            ? null
            : h('button', { type: 'button', class: 'secondary', 'data-testid': 'approval-close', onClick: close }, position.of > position.at ? 'Next' : 'Close'),
    ),
  );
}

/**
 * What takes the keyboard first in a request: its first enabled control, in the page's order
 * (Approve is disabled until armed). An amount, and a value of the words (./words.ts), is
 * focusable (its exact value, or what it rests on, shows) but is not a control.
 */
const FIRST_CONTROL = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), summary, a[href], [tabindex]:not([tabindex="-1"]):not(.amount):not(.words-field)';

/** The account a request signs for (a transaction's or batch's sender, a message's signer); none for the others. */
function signingAccount(view: ApprovalView): string | undefined {
  const d = view.details as { from?: unknown; address?: unknown };
  const address = view.kind === 'transaction' || view.kind === 'calls' || view.kind === 'delegation' ? d.from : view.kind === 'personalSign' || view.kind === 'typedData' ? d.address : undefined;
  return typeof address === 'string' ? address : undefined;
}

/** What a request's words disagree on (a transaction's with its simulation, a batch's with the whole batch's, typed data's with its permits); undefined when they agree or there are none. */
function disagreementsOf(view: ApprovalView): string[] | undefined {
  const d = view.details as { effects?: { words?: unknown; callWords?: unknown }; words?: unknown; calls?: unknown; atomic?: unknown };
  const calls = view.kind === 'calls' ? (d.atomic === undefined && Array.isArray(d.calls) ? d.calls.length : 0) : 0;
  const words = view.kind === 'transaction' ? wordsOf(d.effects?.words) : view.kind === 'calls' ? batchWordsOfEffects(d.effects, calls) : view.kind === 'typedData' ? wordsOf(d.words) : undefined;
  return words !== undefined && words.disagreements.length > 0 ? words.disagreements : undefined;
}

/** The boxes ticked, as the background reads them; none when no box was ticked. */
function acknowledgements(lookAlike: boolean, wordsDisagree: boolean): ApprovalAcknowledgements | undefined {
  return lookAlike || wordsDisagree ? { ...(lookAlike ? { lookAlike } : {}), ...(wordsDisagree ? { wordsDisagree } : {}) } : undefined;
}

/** A request the wallet refused to sign (every refusal listed, only Close offered). */
function isRefusedView(view: ApprovalView): boolean {
  return (
    (view.kind === 'transaction' && isRefused(view.details as unknown as TransactionDetails)) ||
    (view.kind === 'calls' && isBatchRefused(view.details as unknown as CallsDetails)) ||
    (view.kind === 'delegation' && isDelegationRefused(view.details as unknown as DelegationDetails))
  );
}

function Frame({ view, position, children }: { view: ApprovalView | null; position: { at: number; of: number }; children?: ComponentChild }): ComponentChild {
  return h(
    'div',
    { class: 'app approval', ...(view ? { 'data-approval-id': view.id, 'data-status': view.status } : {}) },
    h(
      'header',
      { class: 'top' },
      h('img', { class: 'logo', src: 'icons/icon-32.png', width: 28, height: 28, alt: '' }),
      h('span', { class: 'brand' }, view ? (isSignIn(view) ? 'Sign in' : TITLE[view.kind] ?? 'Request') : 'Vigil'),
      position.of > 1 ? h('span', { class: 'net-pill', 'data-testid': 'approval-position', title: 'Requests from this site, answered in turn' }, `${position.at} of ${position.of}`) : null,
      view?.network ? h('span', { class: 'net-pill', 'data-testid': 'approval-network' }, `${view.network.name} · ${view.network.chainId}`) : null,
    ),
    h('main', null, children),
  );
}

/** A personal_sign the background recognised as a Sign-In with Ethereum message for this origin. */
function isSignIn(view: ApprovalView): boolean {
  return view.kind === 'personalSign' && typeof view.details.siwe === 'object' && view.details.siwe !== null;
}

function Origin({ origin, kind, signIn }: { origin: string; kind: ApprovalView['kind']; signIn: boolean }): ComponentChild {
  const own = origin === WALLET_ORIGIN;
  const asks: Record<ApprovalView['kind'], string> = {
    connect: 'wants to see your address and ask you for signatures',
    transaction: 'asks you to sign and send a transaction',
    calls: 'asks you to sign and send a batch of calls',
    personalSign: 'asks you to sign a message',
    typedData: 'asks you to sign typed data',
    watchAsset: 'asks you to follow a token',
    switchChain: 'asks to switch the network',
    delegation: 'asks you to change what code your account runs',
  };
  return h(
    'section',
    { class: 'origin' },
    own ? h('div', { class: 'origin-name', 'data-testid': 'approval-origin' }, 'Vigil (from your popup)') : h(OriginName, { origin, testid: 'approval-origin' }),
    h('div', { class: 'muted small' }, own ? 'You started this in Vigil.' : signIn ? 'asks you to sign in with your account' : asks[kind] ?? 'asks for your approval'),
  );
}

function Body({
  view,
  wallet,
  balances,
  selected,
  onSelect,
  lookupAddress,
  lookAlikeAck,
}: {
  view: ApprovalView;
  wallet: WalletState | null;
  balances: AccountBalances | null;
  selected: string[];
  onSelect: (s: string[]) => void;
  lookupAddress?: ApprovalApi['lookupAddress'];
  lookAlikeAck?: { acked: boolean; onAck: (acked: boolean) => void; disabled: boolean };
}): ComponentChild {
  const d = view.details;
  switch (view.kind) {
    case 'connect':
      return h(ConnectBody, { wallet, details: d as ConnectDetails, balances, selected, onSelect, pending: view.status === 'pending' });
    case 'transaction':
      return h(TransactionBody, { details: d as unknown as TransactionDetails, lookupAddress, lookAlikeAck });
    case 'calls':
      return h(CallsBody, { details: d as unknown as CallsDetails, lookupAddress });
    case 'delegation':
      return h(DelegationBody, { details: d as unknown as DelegationDetails });
    case 'personalSign':
      return h(PersonalSignBody, { details: d as unknown as PersonalSignDetails });
    case 'typedData':
      return h(TypedDataBody, { details: d as unknown as TypedDataDetails, lookupAddress });
    case 'watchAsset': {
      const t = (d as { token?: { address: string; symbol: string; decimals: number } }).token;
      return h(
        'div',
        { class: 'approval-body' },
        h('p', { class: 'approval-what', 'data-testid': 'approval-what' }, `Follow ${t?.symbol || 'a token'}`),
        h('dl', { class: 'fields' }, h('dt', null, 'Contract'), h('dd', { class: 'mono wrap' }, t?.address ?? '?'), h('dt', null, 'Symbol'), h('dd', null, t?.symbol || '—'), h('dt', null, 'Decimals'), h('dd', null, String(t?.decimals ?? '?'))),
        h('p', { class: 'muted small', 'data-testid': 'approval-token-proof' }, `The symbol and decimals are the token's own, read by a verified call at block ${String((d as { provenAt?: { blockNumber?: unknown } }).provenAt?.blockNumber ?? '?')} (the site's were only compared). Vigil shows its balance from a verified call at each head.`),
      );
    }
    case 'switchChain': {
      const s = d as { chainId?: string; network?: string };
      let chain = s.chainId ?? '?';
      try {
        chain = BigInt(chain).toString();
      } catch {
        // shown as it came
      }
      return h(
        'div',
        { class: 'approval-body' },
        h('p', { class: 'approval-what', 'data-testid': 'approval-what' }, `Switch Vigil to ${s.network ?? 'another network'} (chain ${chain})`),
        h('p', { class: 'muted small' }, 'Vigil follows that chain with its own light client: only chains it can verify are offered.'),
      );
    }
    default:
      return h('pre', { class: 'message-text' }, JSON.stringify(d, null, 2));
  }
}

function Outcome({ view }: { view: ApprovalView }): ComponentChild {
  switch (view.status) {
    case 'pending':
      return null;
    case 'approved':
      return h('p', { class: 'note busy', 'data-testid': 'approval-outcome', 'data-status': 'approved' }, view.kind === 'transaction' || view.kind === 'calls' || view.kind === 'delegation' ? 'Approved: signing and sending…' : 'Approved: working…');
    case 'rejected':
      return h('p', { class: 'note bad', 'data-testid': 'approval-outcome', 'data-status': 'rejected' }, 'Rejected: nothing was signed.');
    case 'done':
      return h('div', { class: 'note good', 'data-testid': 'approval-outcome', 'data-status': 'done' }, doneText(view));
    case 'failed': {
      const e = view.error ?? { code: 'FAILED', message: 'the request failed' };
      return h(
        'div',
        { class: 'note bad', role: 'alert', 'data-testid': 'approval-error', 'data-code': e.code },
        h('strong', null, 'Not signed. '),
        explainWalletError(e),
        h('div', { class: 'small' }, h('code', null, e.code)),
      );
    }
    default:
      return null;
  }
}

function doneText(view: ApprovalView): ComponentChild {
  switch (view.kind) {
    case 'transaction':
      return ['Signed and sent: ', h('span', { class: 'mono', title: String(view.result ?? ''), 'data-testid': 'approval-result' }, shortHash(String(view.result ?? ''), 8))];
    case 'delegation':
      return ['Signed and sent: ', h('span', { class: 'mono', title: String(view.result ?? ''), 'data-testid': 'approval-result' }, shortHash(String(view.result ?? ''), 8)), '. The account shows its new code once a verified block includes it.'];
    case 'calls':
      return 'Signed; the first call is sent, each next one once the one before it is proven included.';
    case 'connect': {
      const n = Array.isArray(view.result) ? view.result.length : 0;
      return `Connected: the site sees ${n} account${n === 1 ? '' : 's'}.`;
    }
    case 'watchAsset':
      return 'Token followed.';
    case 'switchChain':
      return 'Network switched.';
    default:
      return 'Signed.';
  }
}
