/**
 * The popup's EIP-7702 delegation or revocation in the approval window (src/client/wallet/delegation/requests.ts):
 * what the account's code is now and what it becomes, both as the simulation over proven state
 * read them; the delegate by its pinned name and address; the chain it applies on (delegations are
 * per chain, and Vigil never signs one for every chain); the fee; and, when the signing policy
 * refused, every refusal. A refusal has no "sign anyway".
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { shortAddress } from '../../format.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { EthAmount } from '../amount.ts';
import { EffectsBox } from './effects.ts';
import { FactsBox, type FactsJson, RefusalBox, type RefusalJson } from './transaction.ts';

type CodeStateJson = { kind: 'none' } | { kind: 'delegated'; delegate: string; known: string | null };

/** The delegation approval's details as JSON. */
export interface DelegationDetails {
  from: string;
  action: 'delegate' | 'revoke';
  chainId: number;
  chainName: string;
  before: CodeStateJson;
  after: CodeStateJson;
  delegate: string;
  delegateName: string;
  authorizationNonce?: string;
  maxCost?: string;
  effects?: TransactionEffects;
  verdict?: { ok: boolean; facts?: FactsJson; refusals?: RefusalJson[]; warnings?: RefusalJson[] };
}

export function isDelegationRefused(d: DelegationDetails): boolean {
  return d.verdict !== undefined && !d.verdict.ok;
}

function codeText(c: CodeStateJson | undefined): string {
  if (c === undefined) return '?';
  if (c.kind === 'none') return 'No code: a plain account';
  return `Delegated to ${c.known ?? 'unknown code'} (${shortAddress(c.delegate)})`;
}

export function DelegationBody({ details: d }: { details: DelegationDetails }): ComponentChild {
  const refused = isDelegationRefused(d);
  const chain = `${d.chainName} (chain ${d.chainId})`;
  return h(
    'div',
    { class: 'approval-body', 'data-testid': 'approval-delegation' },
    h('p', { class: 'approval-what', 'data-testid': 'approval-what' }, d.action === 'delegate' ? `Make ${shortAddress(d.from)} a smart account on ${d.chainName}` : `Revoke the delegation of ${shortAddress(d.from)} on ${d.chainName}`),
    refused ? h(RefusalBox, { refusals: d.verdict!.refusals ?? [] }) : null,
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'Account'),
      h('dd', { class: 'mono wrap' }, d.from),
      h('dt', null, 'Code now'),
      h('dd', { 'data-testid': 'delegation-before' }, codeText(d.before)),
      h('dt', null, 'Code after'),
      h('dd', { 'data-testid': 'delegation-after' }, codeText(d.after)),
      h('dt', null, d.action === 'delegate' ? 'Delegate' : 'Authorization names'),
      h('dd', { class: 'mono wrap', title: d.delegate }, d.action === 'delegate' ? `${d.delegateName} · ${d.delegate}` : `${d.delegate} (clears the code)`),
      h('dt', null, 'Chain'),
      h('dd', { 'data-testid': 'delegation-chain' }, chain),
      d.maxCost !== undefined ? h('dt', null, 'Most it can cost') : null,
      d.maxCost !== undefined ? h('dd', null, h(EthAmount, { wei: d.maxCost, testid: 'delegation-max-cost' })) : null,
    ),
    h(
      'p',
      { class: 'muted small', 'data-testid': 'delegation-per-chain' },
      `Delegations are per chain: this one applies on ${chain} only; on other chains the account stays as it is there. `,
      d.action === 'delegate'
        ? `The delegate's code was proven at the head and is the ${d.delegateName} Vigil pins. Once delegated, this code acts for the account when it is called; you can revoke it here at any time.`
        : 'Afterwards the account runs no code, as before it was delegated.',
    ),
    d.effects ? h(EffectsBox, { effects: d.effects }) : null,
    h(FactsBox, { facts: d.verdict?.facts ?? {} }),
  );
}
