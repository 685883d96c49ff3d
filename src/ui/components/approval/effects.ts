/**
 * What a transaction will do, in the approval window: simulated by Vigil on state proven at a
 * block, as the next block will run it, the user's own changes first ("You send", "You receive",
 * with "at least" where a known router's minimum-out guarantees it), the network fee on its own
 * line, then the approvals it sets (unlimited ones flagged), then the other accounts' changes and
 * the contracts it creates. Every line is marked proven at the block the simulation ran at; when
 * the window asks again, why it does. When the effects depend on what the next block holds (its
 * fee recipient, randomness, time, base fee), both are shown and it says so; and always, what no
 * simulation can rule out: a transaction that lands before the user's in the same block.
 *
 * A token is named by its proven symbol and its short address, never by the symbol alone (a
 * contract's symbol() is whatever it says); native ether alone is "ETH". Beside it, what
 * src/wallet/tokens/identity.ts found: a token neither followed nor on the network's list is an
 * "unknown token"; one whose symbol is ether's or another token's is said not to be that one; one
 * whose events and balances disagree, and the tokens the preview did not read, are said so too.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { ApprovalEffect, AssetChange, AssetFlags, BlockDependence, TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { amountWords, formatEth, formatNumber, formatUnits, type Rounding, shortAddress, shortHash } from '../../format.ts';
import { Amount, EthAmount } from '../amount.ts';

/** What each value of the next block is called in the window. */

/** What no simulation can rule out, said in every window that shows effects: the state simulated is a block or more older than the block the transaction lands in (the light client's lag). */
export const SAME_BLOCK_NOTE = 'No simulation can rule out a transaction that lands before yours (in the same block, or in a block between the one Vigil verified and yours) and changes what yours does.';

/** A token by its proven symbol and its short address ("USDC (0xA0b8…eB48)"), or as "token 0xA0b8…eB48". */
export function tokenName(e: TransactionEffects, token: string): string {
  const symbol = e.tokens[token]?.symbol;
  // No symbol: the amount is of "token 0x…", the same words as the headline's (./headline.ts tokenLabel).
  return symbol === undefined ? `token ${shortAddress(token)}` : `${symbol} (${shortAddress(token)})`;
}

/** An amount of an asset in words: "1.5 ETH", "1,000 TKA (0x7a7a…7a7a)", "VCOL #7 (0xAb12…cdEF)". */
export function assetAmount(e: TransactionEffects, c: Pick<AssetChange, 'asset' | 'standard' | 'tokenId'>, amount: bigint): string {
  if (c.asset === 'native') return formatEth(amount);
  const t = e.tokens[c.asset] ?? {};
  const id = `#${c.tokenId ?? '?'}`;
  const item = t.symbol === undefined ? `${shortAddress(c.asset)} ${id}` : `${t.symbol} ${id} (${shortAddress(c.asset)})`;
  if (c.standard === 'erc721') return item;
  if (c.standard === 'erc1155') return `${formatUnits(amount, 0)} of ${item}`;
  return amountWords(amount, { symbol: tokenName(e, c.asset), decimals: t.decimals }).exact;
}

/**
 * What the window says of a token beside its amount, in words, gravest first: not the asset its
 * symbol names, its events not matching its balances, unknown.
 * @example tokenWarnings(e, { asset: fake, flags: { unknown: true, impersonates: true, impersonating: 'native' } })
 *   // [{ kind: 'impersonates', text: 'not ether: a token at 0xfAfA…fAfA calling itself ETH' }, { kind: 'unknown', text: 'unknown token' }]
 */
export function tokenWarnings(e: TransactionEffects, c: { asset: string; flags?: AssetFlags | undefined }): { kind: 'impersonates' | 'eventsDisagree' | 'unknown'; text: string }[] {
  const f = c.flags;
  if (f === undefined || c.asset === 'native') return [];
  const symbol = e.tokens[c.asset]?.symbol ?? '';
  const out: ReturnType<typeof tokenWarnings> = [];
  if (f.impersonates) {
    const real = f.impersonating === 'native' || f.impersonating === undefined ? 'not ether' : `not the ${symbol} at ${shortAddress(f.impersonating)}`;
    out.push({ kind: 'impersonates', text: `${real}: a token at ${shortAddress(c.asset)} calling itself ${symbol}` });
  }
  if (f.eventsDisagree) out.push({ kind: 'eventsDisagree', text: 'its events do not match its balances' });
  if (f.unknown) out.push({ kind: 'unknown', text: 'unknown token' });
  return out;
}

/** {@link tokenWarnings} rendered: an impersonation or a disagreement as an alert, "unknown token" as a tag. */
function TokenWarnings({ effects: e, change: c }: { effects: TransactionEffects; change: { asset: string; flags?: AssetFlags | undefined } }): ComponentChild {
  return tokenWarnings(e, c).map((w) =>
    w.kind === 'unknown'
      ? h('span', { key: w.kind, class: 'tag', 'data-testid': 'effect-token-unknown' }, w.text)
      : h('span', { key: w.kind, class: 'warning strong token-warning', role: 'alert', 'data-testid': `effect-token-${w.kind}` }, w.text),
  );
}

/** {@link assetAmount} shown short where it is a fungible amount, its exact value on hover and focus. */
function AssetAmount({ effects: e, change: c, amount, rounding }: { effects: TransactionEffects; change: Pick<AssetChange, 'asset' | 'standard' | 'tokenId'>; amount: bigint; rounding: Rounding }): ComponentChild {
  if (c.asset === 'native') return h(EthAmount, { wei: amount, rounding });
  if (c.standard !== 'erc20') return assetAmount(e, c, amount);
  const t = e.tokens[c.asset] ?? {};
  return h(Amount, { value: amount, symbol: tokenName(e, c.asset), decimals: t.decimals, rounding });
}

function approvalText(e: TransactionEffects, a: ApprovalEffect): string {
  const spender = shortAddress(a.spender);
  const token = tokenName(e, a.token);
  switch (a.kind) {
    case 'operator':
      return a.approved ? `Allow ${spender} to move all of your ${token}` : `Revoke ${spender}'s permission over all of your ${token}`;
    case 'erc721':
      return a.revoke ? `Clear the approval of ${token} #${a.tokenId}` : `Allow ${spender} to move ${token} #${a.tokenId}`;
    default: {
      const via = a.kind === 'permit2' ? ' through Permit2' : '';
      if (a.revoke) return `Revoke ${spender}'s allowance of ${token}${via}`;
      const raw = a.amount ?? '0';
      // An amount that is no integer (a malformed answer) is said as unknown, never made up.
      const amount = a.unlimited ? `an unlimited amount of ${token}` : /^\d{1,100}$/.test(raw) ? amountWords(raw, { symbol: token, decimals: e.tokens[a.token]?.decimals }).exact : `? ${token}`;
      return `Allow ${spender} to spend ${amount}${via}`;
    }
  }
}

/** "You send …" / "You receive …" rows of one set of own changes. */
function ownRows(e: TransactionEffects, own: readonly AssetChange[], prefix: string): ComponentChild[] {
  const sent = own.filter((c) => BigInt(c.amount) < 0n);
  const received = own.filter((c) => BigInt(c.amount) > 0n);
  const row = (c: AssetChange, label: string, text: ComponentChild, testid: string, key: string) =>
    h('li', { key, 'data-testid': testid }, h('span', { class: 'label' }, label), ' ', text, h(TokenWarnings, { effects: e, change: c }), h('small', { class: 'source' }, '✓ proven'));
  const amount = (c: AssetChange, value: bigint, rounding: Rounding) => h(AssetAmount, { effects: e, change: c, amount: value, rounding });
  return [
    ...sent.map((c, i) => row(c, 'You send', amount(c, -BigInt(c.amount), 'up'), `${prefix}effect-send`, `s${i}`)),
    ...received.map((c, i) =>
      row(c, 'You receive', c.atLeast !== undefined ? ['at least ', amount(c, BigInt(c.atLeast), 'down'), ' (simulated: ', amount(c, BigInt(c.amount), 'down'), ')'] : amount(c, BigInt(c.amount), 'down'), `${prefix}effect-receive`, `r${i}`),
    ),
    // A token whose events say it moved while its balances did not: no change to show, only the flag.
    ...own.filter((c) => BigInt(c.amount) === 0n && c.flags?.eventsDisagree === true).map((c, i) => h('li', { key: `z${i}`, 'data-testid': `${prefix}effect-token-flagged` }, tokenName(e, c.asset), h(TokenWarnings, { effects: e, change: c }))),
  ];
}

/** The effects in another plausible next block, when they differ from those shown. */
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function DependsOnBlock({ effects: e, d }: { effects: TransactionEffects; d: BlockDependence }): ComponentChild {
  const reads = d.readsInWords;
  const rows = ownRows(e, d.own, 'other-');
  return h(
    'div',
    { class: 'warning strong', 'data-testid': 'approval-effects-depend' },
    h('p', null, `What it does depends on the block it lands in: it reads the block's ${reads}, which no one knows before that block is made. ${capitalized(d.where ?? 'in another block')} it does otherwise: ${d.differences.join('; ')}.`),
    h(
      'ul',
      { class: 'effects-own' },
      !d.ok ? h('li', { 'data-testid': 'other-effect-fails' }, `It fails there: ${d.revert?.reason ?? 'reverted'}`) : null,
      rows,
      d.ok && rows.length === 0 ? h('li', { 'data-testid': 'other-effect-none' }, 'Your balances do not change there (beyond the network fee).') : null,
      d.approvals.map((a, i) => h('li', { key: `oa${i}` }, approvalText(e, a), h(TokenWarnings, { effects: e, change: { asset: a.token, flags: a.flags } }))),
    ),
  );
}

export function EffectsBox({ effects: e, changed }: { effects: TransactionEffects; changed?: string[] | undefined }): ComponentChild {
  const at = `block ${formatNumber(Number(e.at.blockNumber))} (${shortHash(e.at.blockHash, 4)})`;
  const rows = ownRows(e, e.own, '');
  return h(
    'section',
    { class: 'effects', 'data-testid': 'approval-effects' },
    h('div', { class: 'facts-title' }, `✓ What it does, simulated on state proven at ${at}, as the next block will run it`),
    changed && changed.length > 0
      ? h('p', { class: 'warning strong', 'data-testid': 'approval-effects-changed' }, `It changed since you approved: ${changed.join('; ')}. Look again before you approve.`)
      : null,
    h(
      'ul',
      { class: 'effects-own' },
      rows,
      rows.length === 0 ? h('li', { 'data-testid': 'effect-none' }, 'Your balances do not change (beyond the network fee).') : null,
      notRead(e) ?? null,
      e.newState !== undefined ? h('li', { 'data-testid': 'effect-new-state' }, newStateText(e.newState), h('small', { class: 'source' }, 'simulated; new state is priced apart since Amsterdam (EIP-8037)')) : null,
      e.fee !== undefined
        ? h('li', { 'data-testid': 'effect-fee' }, h('span', { class: 'label' }, 'Network fee'), ' ', h(EthAmount, { wei: e.fee, rounding: 'up' }), h('small', { class: 'source' }, 'simulated at the next block\'s base fee; at most the max cost below'))
        : null,
    ),
    e.dependsOnBlock ? h(DependsOnBlock, { effects: e, d: e.dependsOnBlock }) : null,
    e.failsIf !== undefined && e.failsIf.length > 0 ? h('ul', { class: 'notes', 'data-testid': 'approval-fails-if' }, e.failsIf.map((f, i) => h('li', { key: `f${i}` }, `${f}: it then takes only the network fee.`))) : null,
    e.approvals.length > 0
      ? h(
          'ul',
          { class: 'effects-approvals', 'data-testid': 'approval-effects-approvals' },
          e.approvals.map((a, i) =>
            h(
              'li',
              { key: `a${i}`, class: a.unlimited ? 'warning strong' : '', 'data-unlimited': String(a.unlimited) },
              approvalText(e, a),
              a.unlimited ? h('small', null, ' — unlimited: it can take all of it, now and later, until you revoke it') : null,
              h(TokenWarnings, { effects: e, change: { asset: a.token, flags: a.flags } }),
            ),
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
            e.others.map((c, i) => h('li', { key: `o${i}` }, `${shortAddress(c.account)}: ${BigInt(c.amount) < 0n ? '−' : '+'}${assetAmount(e, c, BigInt(c.amount) < 0n ? -BigInt(c.amount) : BigInt(c.amount))}`, h(TokenWarnings, { effects: e, change: c }))),
            e.created.map((a) => h('li', { key: a, class: 'mono' }, `creates ${a}`)),
          ),
        )
      : null,
    h('p', { class: 'note', 'data-testid': 'approval-effects-same-block' }, SAME_BLOCK_NOTE),
  );
}

/** "Creates 1 account and 2 storage slots: 379,440 gas of the fee pays for new state." */
export function newStateText(n: NonNullable<TransactionEffects['newState']>): string {
  const count = (k: number, one: string, many: string) => (k === 1 ? `1 ${one}` : `${formatNumber(k)} ${many}`);
  const parts = [
    n.accounts > 0 ? count(n.accounts, 'account', 'accounts') : undefined,
    n.slots > 0 ? count(n.slots, 'storage slot', 'storage slots') : undefined,
    n.codeBytes > 0 ? `${formatNumber(n.codeBytes)} bytes of contract code` : undefined,
    n.delegations > 0 ? count(n.delegations, 'delegation', 'delegations') : undefined,
  ].filter((p): p is string => p !== undefined);
  const what = parts.length === 0 ? 'new state' : parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`;
  return `Creates ${what}: ${formatNumber(Number(n.stateGas))} gas of the fee pays for new state`;
}

/** How many tokens the run touched that were not read, when some were not: their changes are not shown. */
function notRead(e: TransactionEffects): ComponentChild | undefined {
  const n = e.tokensNotRead;
  if (n === undefined || !(n > 0)) return undefined;
  const tokens = n === 1 ? '1 token it touches was' : `${formatNumber(n)} tokens it touches were`;
  return h('li', { class: 'warning strong', 'data-testid': 'effect-tokens-not-read' }, `${tokens} not read: what it does with ${n === 1 ? 'it' : 'them'} is not shown.`);
}
