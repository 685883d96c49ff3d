/**
 * Messages in the approval window: personal_sign (the text, or its bytes when it is not text; a
 * sign-in as one, ./sign-in.ts)
 * and EIP-712 typed data (the primary type, the domain the signature binds, and the message's
 * fields as a nested list, each with its type). Typed data whose domain names no chain says it is
 * valid on every chain. A permit shows each amount in its token's proven units (or in base units,
 * saying its decimals were not proven) and flags an unlimited one, and why it counts as unlimited.
 * Typed data that an ERC-7730 descriptor bound to its verifying contract and chain describes is
 * said in its words first (./words.ts), above the structured message, which stays as it was.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { ReviewedPermit } from '../../../client/wallet/typed-data-review.ts';
import type { TypedFieldPreview, TypedValuePreview } from '../../../wallet/typed-data.ts';
import { SignInBody, type SignInDetails } from './sign-in.ts';
import { type LookupAddress, VerifiedName } from './verified-name.ts';
import { formatTokenAmount, formatUtc, shortAddress } from '../../format.ts';
import type { ClearWords } from '../../../wallet/clear-signing/types.ts';
import { WordsBox, type WordsFacts, wordsOf } from './words.ts';

export interface PersonalSignDetails {
  address: string;
  preview: { kind: 'text'; text: string } | { kind: 'hex'; hex: string };
  /** Present when the message is a sign-in (ERC-4361) the background checked against the origin. */
  siwe?: SignInDetails;
  /** The message is exactly 32 bytes: for a delegated account it may be a user operation's hash (src/wallet/personal-message.ts isBareHash). */
  bareHash?: boolean;
}

export interface TypedDataDetails {
  address: string;
  preview: {
    primaryType: string;
    domain: { name?: string; version?: string; chainId?: string; verifyingContract?: string; salt?: string };
    message: TypedFieldPreview[];
  };
  /** The approvals it grants, when it is a permit (src/wallet/permits.ts), each spender's code as proven at the head. */
  permits?: ReviewedPermit[];
  /** The message in words (src/client/wallet/typed-data-review.ts ReviewedTypedData.words); absent: no descriptor. */
  words?: ClearWords;
}

/** An amount of 2^160 − 1 or more is unlimited in any permit (src/wallet/permits.ts). */
const UNLIMITED_AMOUNT = (1n << 160n) - 1n;

/** What a permit lets the spender take, in words: the token's units when its decimals are proven. */
function permitAmount(p: ReviewedPermit): string {
  const token = p.symbol !== undefined ? `${p.symbol} (token ${shortAddress(p.token)})` : `token ${shortAddress(p.token)}`;
  if (p.revoke) return `nothing of ${token} (it revokes the allowance)`;
  if (p.amount === undefined) return `an unlimited amount of ${token}`;
  const shown = `${formatTokenAmount(p.amount, p.decimals)}${p.decimals === undefined ? ' (its decimals could not be proven)' : ''}`;
  if (!p.unlimited) return `${shown} of ${token}`;
  if (!/^\d{1,100}$/.test(p.amount) || BigInt(p.amount) >= UNLIMITED_AMOUNT) return `an unlimited amount of ${token}`;
  return `an unlimited amount of ${token}: ${shown}, at least all it has issued (its proven total supply: ${formatTokenAmount(p.totalSupply, p.decimals)})`;
}

const PERMIT_KIND: Record<ReviewedPermit['kind'], string> = {
  eip2612: 'a permit (EIP-2612)',
  dai: "a DAI-style permit",
  'permit2-allowance': 'a Permit2 allowance',
  'permit2-transfer': 'a Permit2 transfer (once)',
};

/** A permit's approvals first: the spender, the amount (unlimited flagged), until when, and whether the spender is a contract. */
function PermitsBox({ permits, lookupAddress }: { permits: ReviewedPermit[]; lookupAddress: LookupAddress | undefined }): ComponentChild {
  return h(
    'section',
    { class: 'effects', 'data-testid': 'approval-permits' },
    h('div', { class: 'facts-title' }, `This signature is an approval: ${PERMIT_KIND[permits[0]!.kind]}`),
    h(
      'ul',
      null,
      permits.map((p, i) => {
        const amount = permitAmount(p);
        const when = (s: string) => (BigInt(s) === 0n || BigInt(s) >= 1n << 40n ? 'never' : formatUtc(Number(s)));
        const until = p.deadline !== undefined ? ` Usable until: ${when(p.deadline)}${p.expiration !== undefined ? `; the allowance lapses: ${when(p.expiration)}` : ''}.` : '';
        const code = p.spenderCode === 'none' ? ' The spender holds no code (proven): an account, not a contract — be sure you know it.' : p.spenderCode === 'contract' ? ' The spender is a contract (its code proven present).' : " The spender's code could not be proven.";
        return h(
          'li',
          { key: `p${i}`, class: p.unlimited || p.spenderCode === 'none' ? 'warning strong' : '', 'data-unlimited': String(p.unlimited), 'data-spender-code': p.spenderCode },
          `Allow ${shortAddress(p.spender)} to take ${amount}.${until}${code}`,
          h(VerifiedName, { address: p.spender, lookup: lookupAddress, testid: 'approval-permit-spender-name' }),
        );
      }),
    ),
  );
}

export function PersonalSignBody({ details: d }: { details: PersonalSignDetails }): ComponentChild {
  if (d.siwe) return h(SignInBody, { siwe: d.siwe, text: d.preview.kind === 'text' ? d.preview.text : undefined });
  return h(
    'div',
    { class: 'approval-body message' },
    h('p', { class: 'approval-what' }, 'Sign this message with ', h('span', { class: 'mono wrap', 'data-testid': 'approval-address' }, d.address)),
    d.preview.kind === 'text'
      ? h('pre', { class: 'message-text', 'data-testid': 'approval-message', 'data-kind': 'text' }, d.preview.text)
      : h(
          'div',
          null,
          h('p', { class: 'warning' }, 'This message is not readable text: Vigil shows its bytes. Sign bytes only when you know what they are.'),
          h('pre', { class: 'message-text mono', 'data-testid': 'approval-message', 'data-kind': 'hex' }, d.preview.hex),
        ),
    h('p', { class: 'muted small' }, 'A signature costs nothing and sends nothing, but a site can use it as your word (a login, an order).'),
  );
}

/** `lookupAddress`: each permit's spender named beside it when it has a verified name (./verified-name.ts). */
export function TypedDataBody({ details: d, lookupAddress }: { details: TypedDataDetails; lookupAddress?: LookupAddress | undefined }): ComponentChild {
  const p = d.preview;
  const dom = p.domain ?? {};
  const words = wordsOf(d.words);
  // What the permits' tokens were proven to be at the signing head: the words' amounts rest on it.
  const facts: WordsFacts = { tokens: Object.fromEntries((d.permits ?? []).map((q) => [q.token, { ...(q.symbol !== undefined ? { symbol: q.symbol } : {}), ...(q.decimals !== undefined ? { decimals: q.decimals } : {}) }])) };
  const rows: [string, string | undefined][] = [
    ['Name', dom.name],
    ['Version', dom.version],
    ['Chain id', dom.chainId],
    ['Contract', dom.verifyingContract],
    ['Salt', dom.salt],
  ];
  return h(
    'div',
    { class: 'approval-body typed' },
    h('div', { class: 'typed-title', 'data-testid': 'approval-typed-title' }, p.primaryType),
    h('p', { class: 'approval-what' }, 'Sign structured data with ', h('span', { class: 'mono wrap', 'data-testid': 'approval-address' }, d.address)),
    dom.chainId === undefined
      ? h('p', { class: 'warning strong', role: 'alert', 'data-testid': 'approval-typed-any-chain' }, 'This signature names no chain: it is valid on every chain, wherever this contract (or one at its address) accepts it. Sign it only if you mean that.')
      : null,
    words ? h(WordsBox, { words, facts, lookupAddress, kind: 'message' }) : null,
    d.permits && d.permits.length > 0 ? h(PermitsBox, { permits: d.permits, lookupAddress }) : null,
    h(
      'dl',
      { class: 'fields', 'data-testid': 'approval-typed-domain' },
      rows.filter(([, v]) => v !== undefined && v !== null).flatMap(([k, v]) => [h('dt', { key: `${k}-t` }, k), h('dd', { key: `${k}-d`, class: k === 'Contract' || k === 'Salt' ? 'mono wrap' : '' }, v)]),
    ),
    p.message.length > 0
      ? h('div', { class: 'typed-message', 'data-testid': 'approval-typed-message' }, h(FieldList, { fields: p.message }))
      : h('p', { class: 'muted small' }, 'The message is the domain alone.'),
  );
}

function FieldList({ fields }: { fields: TypedFieldPreview[] }): ComponentChild {
  return h(
    'ul',
    { class: 'tree' },
    fields.map((f, i) => h('li', { key: `${f.name}-${i}` }, h('span', { class: 'tree-name' }, f.name), h(TypedValue, { value: f.value }))),
  );
}

function TypedValue({ value }: { value: TypedValuePreview }): ComponentChild {
  switch (value.kind) {
    case 'value':
      return h('span', { class: 'tree-value' }, h('span', { class: 'tree-text' }, value.text), h('small', { class: 'tree-type' }, value.type));
    case 'struct':
      return h('span', { class: 'tree-struct' }, h('small', { class: 'tree-type' }, value.type), h(FieldList, { fields: value.fields }));
    case 'array':
      return h(
        'span',
        { class: 'tree-struct' },
        h('small', { class: 'tree-type' }, `${value.type} · ${value.items.length} item${value.items.length === 1 ? '' : 's'}`),
        h(
          'ol',
          { class: 'tree', start: 0 },
          value.items.map((item, i) => h('li', { key: i }, h(TypedValue, { value: item }))),
        ),
      );
    default:
      return h('span', null, JSON.stringify(value));
  }
}
