/**
 * What a transaction will do, in the approval window: simulated by Vigil on state proven at a
 * block, the user's own changes first ("You send", "You receive", with "at least" where a known
 * router's minimum-out guarantees it), then the approvals it sets (unlimited ones flagged), then
 * the other accounts' changes and the contracts it creates. Every line is marked proven at the
 * block the simulation ran at; when the window asks again, why it does.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { formatEth, formatNumber, formatTokenAmount, formatUnits, shortAddress, shortHash } from '../format.ts';

/** src/wallet/transaction-effects.ts TransactionEffects, as the window gets it (held equal by test/unit/extension/wire-types.ts). */
export interface EffectsJson {
  at: { blockNumber: string; blockHash: string };
  ok: boolean;
  revert?: { call: number; reason: string };
  own: AssetChangeJson[];
  approvals: ApprovalJson[];
  others: (AssetChangeJson & { account: string })[];
  created: string[];
  tokens: Record<string, { symbol?: string; decimals?: number }>;
  gasUsed?: string[];
}

export interface AssetChangeJson {
  asset: string;
  standard: 'native' | 'erc20' | 'erc721' | 'erc1155';
  tokenId?: string;
  amount: string;
  atLeast?: string;
}

export interface ApprovalJson {
  kind: 'erc20' | 'erc721' | 'operator' | 'permit2';
  token: string;
  owner: string;
  spender: string;
  amount?: string;
  tokenId?: string;
  approved?: boolean;
  expiration?: string;
  unlimited: boolean;
  revoke: boolean;
}

/** An amount of an asset in words: "1.5 ETH", "1,000 TKA", "NFT #7 of 0xAb12…cdEF". */
export function assetAmount(e: EffectsJson, c: Pick<AssetChangeJson, 'asset' | 'standard' | 'tokenId'>, amount: bigint): string {
  if (c.asset === 'native') return formatEth(amount);
  const t = e.tokens[c.asset] ?? {};
  const name = t.symbol ?? shortAddress(c.asset);
  if (c.standard === 'erc721') return `${name} #${c.tokenId ?? '?'}`;
  if (c.standard === 'erc1155') return `${formatUnits(amount, 0)} of ${name} #${c.tokenId ?? '?'}`;
  return `${formatTokenAmount(amount.toString(), t.decimals)} ${name}`;
}

function approvalText(e: EffectsJson, a: ApprovalJson): string {
  const spender = shortAddress(a.spender);
  const token = e.tokens[a.token]?.symbol ?? shortAddress(a.token);
  switch (a.kind) {
    case 'operator':
      return a.approved ? `Allow ${spender} to move all of your ${token}` : `Revoke ${spender}'s permission over all of your ${token}`;
    case 'erc721':
      return a.revoke ? `Clear the approval of ${token} #${a.tokenId}` : `Allow ${spender} to move ${token} #${a.tokenId}`;
    default: {
      const via = a.kind === 'permit2' ? ' through Permit2' : '';
      if (a.revoke) return `Revoke ${spender}'s allowance of ${token}${via}`;
      const amount = a.unlimited ? 'an unlimited amount of' : formatTokenAmount(a.amount ?? '0', e.tokens[a.token]?.decimals);
      return `Allow ${spender} to spend ${amount} ${token}${via}`;
    }
  }
}

export function EffectsBox({ effects: e, changed }: { effects: EffectsJson; changed?: string[] | undefined }): ComponentChild {
  const at = `block ${formatNumber(Number(e.at.blockNumber))} (${shortHash(e.at.blockHash, 4)})`;
  const sent = e.own.filter((c) => BigInt(c.amount) < 0n);
  const received = e.own.filter((c) => BigInt(c.amount) > 0n);
  const row = (label: string, text: string, testid: string, key: string) => h('li', { key, 'data-testid': testid }, h('span', { class: 'label' }, label), ' ', text, h('small', { class: 'source' }, '✓ proven'));
  return h(
    'section',
    { class: 'effects', 'data-testid': 'approval-effects' },
    h('div', { class: 'facts-title' }, `✓ What it does, simulated on state proven at ${at}`),
    changed && changed.length > 0
      ? h('p', { class: 'warning strong', 'data-testid': 'approval-effects-changed' }, `It changed since you approved: ${changed.join('; ')}. Look again before you approve.`)
      : null,
    h(
      'ul',
      { class: 'effects-own' },
      sent.map((c, i) => row('You send', assetAmount(e, c, -BigInt(c.amount)), 'effect-send', `s${i}`)),
      received.map((c, i) => row('You receive', `${c.atLeast !== undefined ? `at least ${assetAmount(e, c, BigInt(c.atLeast))} (simulated: ${assetAmount(e, c, BigInt(c.amount))})` : assetAmount(e, c, BigInt(c.amount))}`, 'effect-receive', `r${i}`)),
      sent.length + received.length === 0 ? h('li', { 'data-testid': 'effect-none' }, 'Your balances do not change (beyond the network fee).') : null,
    ),
    e.approvals.length > 0
      ? h(
          'ul',
          { class: 'effects-approvals', 'data-testid': 'approval-effects-approvals' },
          e.approvals.map((a, i) =>
            h('li', { key: `a${i}`, class: a.unlimited ? 'warning strong' : '', 'data-unlimited': String(a.unlimited) }, approvalText(e, a), a.unlimited ? h('small', null, ' — unlimited: it can take all of it, now and later, until you revoke it') : null),
          ),
        )
      : null,
    e.others.length + e.created.length > 0
      ? h(
          'details',
          { class: 'effects-others', 'data-testid': 'approval-effects-others' },
          h('summary', null, `Other accounts' changes (${e.others.length})${e.created.length > 0 ? ` and ${e.created.length} contract${e.created.length === 1 ? '' : 's'} created` : ''}`),
          h(
            'ul',
            null,
            e.others.map((c, i) => h('li', { key: `o${i}` }, `${shortAddress(c.account)}: ${BigInt(c.amount) < 0n ? '−' : '+'}${assetAmount(e, c, BigInt(c.amount) < 0n ? -BigInt(c.amount) : BigInt(c.amount))}`)),
            e.created.map((a) => h('li', { key: a, class: 'mono' }, `creates ${a}`)),
          ),
        )
      : null,
  );
}
