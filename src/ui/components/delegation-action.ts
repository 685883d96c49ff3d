/**
 * The popup's one way to delegate an account (EIP-7702) or take a delegation away: a plain button
 * beside the account's delegation badge. It only opens Vigil's own approval window (the background
 * plans and simulates it over proven state there: src/client/wallet/delegation/requests.ts); the
 * window says what changes and on which chain. "Make this a smart account" is offered where the
 * network names a pinned delegate; "Revoke delegation" for any delegated account, known or not.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { useState } from 'preact/hooks';
import type { AccountDelegation, PopupApi } from '../api.ts';
import { errorLike, explainWalletError } from '../format.ts';

export function DelegationAction({
  api,
  address,
  delegation,
  offered,
}: {
  api: Partial<Pick<PopupApi, 'delegate'>>;
  address: string;
  delegation: AccountDelegation | undefined;
  /** The followed network names a pinned delegate (its profile's `delegator`). */
  offered: boolean;
}): ComponentChild {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'asked' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  if (api.delegate === undefined || delegation === undefined) return null;
  const action = delegation.kind === 'delegated' ? 'revoke' : delegation.kind === 'none' && offered ? 'delegate' : undefined;
  if (action === undefined) return null;
  const ask = () => {
    setState({ kind: 'asked' });
    // Resolves only once the user answered in the window: not awaited here.
    api.delegate!({ from: address, action }).then(
      () => setState({ kind: 'idle' }),
      (err: unknown) => setState({ kind: 'error', message: explainWalletError(errorLike(err)) }),
    );
  };
  return h(
    'div',
    { class: 'delegation-action' },
    h(
      'button',
      { type: 'button', class: `link small${action === 'revoke' ? ' danger' : ''}`, 'data-testid': action === 'delegate' ? 'account-delegate' : 'account-revoke-delegation', disabled: state.kind === 'asked', onClick: ask },
      action === 'delegate' ? 'Make this a smart account' : 'Revoke delegation',
    ),
    state.kind === 'asked' ? h('span', { class: 'muted small', 'data-testid': 'delegation-asked' }, " Answer in Vigil's window.") : null,
    state.kind === 'error' ? h('p', { class: 'note bad', role: 'alert', 'data-testid': 'delegation-error' }, state.message) : null,
  );
}
