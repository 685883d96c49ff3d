/**
 * A Sign-In with Ethereum message (ERC-4361) in the approval window: the background parsed it and
 * checked that its domain is the asking origin's and its address the account's (src/wallet/siwe.ts);
 * the window shows it as a sign-in, with every field the ERC asks wallets to show (scheme, domain,
 * address, statement, resources) and the others (URI, chain, nonce, times, request id), and the
 * message itself as signed.
 * @module
 */
import { type ComponentChild, h } from 'preact';

/** src/client/wallet/requests.ts siweDetails. */
export interface SignInDetails {
  scheme?: string;
  domain: string;
  address: string;
  statement?: string;
  uri: string;
  version: string;
  chainId: string;
  nonce: string;
  issuedAt: string;
  expirationTime?: string;
  expired?: boolean;
  notBefore?: string;
  notYetValid?: boolean;
  requestId?: string;
  resources: string[];
}

export function SignInBody({ siwe: s, text }: { siwe: SignInDetails; text: string | undefined }): ComponentChild {
  const site = `${s.scheme !== undefined ? `${s.scheme}://` : ''}${s.domain}`;
  const rows: [string, string | undefined, string][] = [
    ['Account', s.address, 'approval-siwe-address'],
    ['URI', s.uri, 'approval-siwe-uri'],
    ['Chain ID', s.chainId, 'approval-siwe-chain'],
    ['Nonce', s.nonce, 'approval-siwe-nonce'],
    ['Issued at', s.issuedAt, 'approval-siwe-issued'],
    ['Expires', s.expirationTime, 'approval-siwe-expiry'],
    ['Not before', s.notBefore, 'approval-siwe-not-before'],
    ['Request ID', s.requestId, 'approval-siwe-request-id'],
    ['Version', s.version, 'approval-siwe-version'],
  ];
  return h(
    'div',
    { class: 'approval-body message sign-in' },
    h('p', { class: 'approval-what', 'data-testid': 'approval-what' }, 'Sign in to ', h('span', { 'data-testid': 'approval-siwe-domain' }, site)),
    h('p', { class: 'muted small' }, 'Vigil checked that this sign-in names the site asking for it and the account it is for.'),
    s.statement ? h('blockquote', { class: 'siwe-statement', 'data-testid': 'approval-siwe-statement' }, s.statement) : null,
    s.expired ? h('p', { class: 'warning', 'data-testid': 'approval-siwe-expired' }, 'This sign-in has expired: the site should not accept it.') : null,
    s.notYetValid ? h('p', { class: 'warning', 'data-testid': 'approval-siwe-not-yet' }, 'This sign-in is not valid yet (its "not before" time is in the future).') : null,
    h(
      'dl',
      { class: 'fields', 'data-testid': 'approval-siwe' },
      rows.filter(([, v]) => v !== undefined).flatMap(([k, v, id]) => [h('dt', { key: `${id}-t` }, k), h('dd', { key: id, class: 'mono wrap', 'data-testid': id }, v)]),
    ),
    s.resources.length > 0
      ? h('div', null, h('div', { class: 'small' }, 'Resources:'), h('ul', { class: 'siwe-resources', 'data-testid': 'approval-siwe-resources' }, s.resources.map((r, i) => h('li', { key: i, class: 'mono wrap' }, r))))
      : null,
    text !== undefined ? h('details', null, h('summary', { class: 'small' }, 'The message as signed'), h('pre', { class: 'message-text', 'data-testid': 'approval-message', 'data-kind': 'text' }, text)) : null,
  );
}
