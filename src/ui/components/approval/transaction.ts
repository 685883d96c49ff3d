/**
 * A transaction in the approval window: what it does in words, its fields with where each came
 * from (Vigil's estimate on verified state, the site, the RPC's advice), the facts Vigil proved
 * (balance and nonce at block N, head age, chain, balance after), warnings, and — when the
 * signing policy refused — every refusal in words. A refusal has no "sign anyway". A recipient that
 * looks like an address the wallet sent to before (address poisoning: ../look-alike.ts) is said
 * under the headline, with the box the user ticks before Approve is enabled (./view.ts). A call its
 * ERC-7730 descriptor describes is also said in the descriptor's words, above the simulated
 * effects, which stay, and its raw form (to, value, function, arguments, calldata) is then one
 * click away in place of the data row (./words.ts).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { formatGwei, formatNumber, shortHash } from '../../format.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { EffectsBox } from './effects.ts';
import { Amount, EthAmount } from '../amount.ts';
import { type DecodedJson, Headline, headline, partsText, type RecipientName, tokenLabel } from './headline.ts';
import { type LookupAddress, VerifiedName } from './verified-name.ts';
import { LookAlikeWarning } from '../look-alike.ts';
import { RawCall, WordsBox, wordsOf } from './words.ts';

export type { DecodedJson };

/** One policy rule in words (src/wallet/policy.ts Refusal, as JSON). */
export interface RefusalJson {
  code: string;
  severity: 'refusal' | 'warning';
  message: string;
  expected?: string;
  got?: string;
}

/** src/wallet/policy.ts VerifiedFacts as JSON (bigints as decimal strings); partial when refused. */
export interface FactsJson {
  network?: string;
  chainId?: string;
  blockNumber?: string;
  blockHash?: string;
  headAgeSeconds?: number;
  nonce?: string;
  balance?: string;
  pendingCount?: number;
  pendingMaxCost?: string;
  maxCost?: string;
  balanceAfter?: string;
}

/** What src/client/wallet/transaction-details.ts transactionDetails sends. */
export interface TransactionDetails {
  from: string;
  tx: {
    type: number;
    chainId: string;
    nonce: string;
    gasLimit: string;
    to: string | null;
    value: string;
    data: string;
    maxFeePerGas?: string;
    maxPriorityFeePerGas?: string;
    gasPrice?: string;
  };
  maxCost: string;
  gasSource: 'verified-estimate' | 'dapp' | 'user';
  tipSource: 'verified' | 'advice' | 'verified-p25' | 'dapp' | 'default';
  at?: { blockNumber: string; blockHash: string; timestamp: string };
  verdict?: { ok: boolean; facts?: FactsJson; refusals?: RefusalJson[]; warnings?: RefusalJson[] };
  decoded: DecodedJson;
  summary?: string;
  proofError?: string;
  /** What it does, simulated over proven state (src/client/wallet/transaction-preview.ts). */
  effects?: TransactionEffects;
  /** Why the window asks again: the effects at approval differed from those shown. */
  effectsChanged?: string[];
  /** The name the user chose the recipient by, proven again for the window to resolve to it (src/client/wallet/names/recipient-name.ts). */
  recipientName?: RecipientName & { provenance: string; at: { blockNumber: string; blockHash: string } };
  /** The recipient looks like `looksLike`, sent to at `at` (ms), from the wallet's activity (src/client/wallet/names/recipient-name.ts markLookAlike). */
  lookAlike?: LookAlikeJson;
}

/** src/client/wallet/names/recipient-name.ts LookAlikeRecipient. */
export interface LookAlikeJson {
  recipient: string;
  looksLike: string;
  at: number;
}

/** The details' look-alike mark when it reads as one (a stored approval's field is checked, not trusted to be whole). */
export function lookAlikeOfDetails(d: { lookAlike?: unknown }): LookAlikeJson | undefined {
  const l = d.lookAlike as Partial<LookAlikeJson> | undefined;
  if (typeof l !== 'object' || l === null) return undefined;
  return typeof l.recipient === 'string' && typeof l.looksLike === 'string' && typeof l.at === 'number' ? { recipient: l.recipient, looksLike: l.looksLike, at: l.at } : undefined;
}

export const GAS_SOURCE: Record<TransactionDetails['gasSource'], string> = {
  'verified-estimate': "Vigil's estimate on verified state",
  dapp: 'set by the site',
  user: 'set by you',
};

export const TIP_SOURCE: Record<TransactionDetails['tipSource'], string> = {
  verified: 'from the last 5 verified blocks',
  advice: "an endpoint's advice, lower than the last 5 verified blocks suggest (not verified)",
  'verified-p25': 'at least a quarter of the tips in the last 5 verified blocks',
  dapp: 'set by the site',
  default: '1 gwei default: no verified block to price from',
};

/** True when the policy refused: the window then offers only Close. */
export function isRefused(d: TransactionDetails): boolean {
  return d.verdict !== undefined && !d.verdict.ok;
}

/** The transaction in one sentence, amounts short ("Send 1.5 ETH to 0xAb12…cdEF", "Swap 1 ETH for at least 1,940 VTA on Uniswap V2 (0x7a25…488d)"): ./headline.ts. */
export function describeTransaction(d: TransactionDetails, batchEffects?: TransactionEffects): string {
  return partsText(headline(d, batchEffects));
}

/** Where a proven name came from, in words (src/client/wallet/ens/names.ts provenance kinds). */
const NAME_FROM: Record<string, string> = { proven: 'proven', 'resolver-checked': 'checked by the resolver contract', gateway: "the gateway's word" };

/** An address in the fields, with its name: the one proven for it when the window was prepared, else its verified primary name (looked up). */
function Named({ address, d, lookupAddress, testid }: { address: string; d: TransactionDetails; lookupAddress: LookupAddress | undefined; testid: string }): ComponentChild {
  const n = d.recipientName;
  const proven =
    n !== undefined && n.address.toLowerCase() === address.toLowerCase()
      ? h('small', { class: 'verified-name', 'data-testid': 'approval-name', 'data-kind': n.provenance }, ` ${n.name} · ${NAME_FROM[n.provenance] ?? n.provenance} at block ${n.at.blockNumber}`)
      : h(VerifiedName, { address, lookup: lookupAddress, testid: `${testid}-name` });
  return h('dd', { class: 'mono wrap' }, h('span', { 'data-testid': testid }, address), proven);
}

/**
 * `lookupAddress`: the recipient's and the spender's verified names, beside their addresses (absent: none shown).
 * `lookAlikeAck`: the tick a look-alike recipient asks for (absent: the warning without the box, once answered).
 */
export function TransactionBody({
  details: d,
  lookupAddress,
  lookAlikeAck,
}: {
  details: TransactionDetails;
  lookupAddress?: LookupAddress | undefined;
  lookAlikeAck?: { acked: boolean; onAck: (acked: boolean) => void; disabled?: boolean } | undefined;
}): ComponentChild {
  const dec = d.decoded;
  const tx = d.tx;
  const refused = isRefused(d);
  const warnings = d.verdict?.warnings ?? [];
  const tokenCall = dec !== null && dec.kind !== 'call';
  const named = (label: string, address: string, testid: string) => [h('dt', null, label), h(Named, { address, d, lookupAddress, testid })];
  const lookAlike = lookAlikeOfDetails(d);
  const words = d.effects ? wordsOf(d.effects.words) : undefined;
  return h(
    'div',
    { class: 'approval-body transaction' },
    h('p', { class: 'approval-what', 'data-testid': 'approval-what' }, h(Headline, { parts: headline(d) })),
    lookAlike
      ? h(LookAlikeWarning, { address: lookAlike.recipient, match: { address: lookAlike.looksLike, at: lookAlike.at }, nowMs: Date.now(), acked: lookAlikeAck?.acked ?? false, onAck: lookAlikeAck?.onAck, disabled: lookAlikeAck?.disabled === true, testid: 'approval-look-alike' })
      : null,
    dec?.kind === 'erc20-approve' && dec.unlimited
      ? h('p', { class: 'warning strong', 'data-testid': 'approval-unlimited' }, `Unlimited approval: ${dec.spender} could take all of this token from this account, now and later, until you revoke it.`)
      : dec?.kind === 'operator' && dec.approved
        ? h('p', { class: 'warning strong', 'data-testid': 'approval-unlimited' }, `Operator approval: ${dec.operator} could move every token of this contract from this account, now and later, until you revoke it.`)
        : null,
    refused ? h(RefusalBox, { refusals: d.verdict!.refusals ?? [] }) : null,
    // The descriptor's words beside the simulated effects, never instead of them.
    words ? h(WordsBox, { words, facts: { tokens: d.effects!.tokens, blockNumber: d.effects!.at.blockNumber }, lookupAddress, kind: 'call' }) : null,
    d.effects ? h(EffectsBox, { effects: d.effects, changed: d.effectsChanged }) : null,
    h(
      'dl',
      { class: 'fields', 'data-testid': 'approval-fields' },
      h('dt', null, 'From'),
      h('dd', { class: 'mono wrap' }, d.from),
      ...(tx.to === null
        ? [h('dt', null, 'To'), h('dd', { class: 'mono wrap' }, h('span', { 'data-testid': 'approval-to' }, 'a new contract'))]
        : tokenCall
          ? [h('dt', null, 'Token contract'), h('dd', { class: 'mono wrap' }, h('span', { 'data-testid': 'approval-to' }, tx.to))]
          : named('To', tx.to, 'approval-to')),
      ...(dec !== null && 'owner' in dec ? named('Owner', dec.owner, 'approval-owner') : []),
      ...(dec !== null && 'recipient' in dec ? named('Recipient', dec.recipient, 'approval-recipient') : []),
      ...(dec !== null && 'operator' in dec ? named('Operator', dec.operator, 'approval-operator') : []),
      ...(dec !== null && 'spender' in dec ? named('Spender', dec.spender, 'approval-spender') : []),
      ...(dec?.kind === 'erc20-approve' ? [h('dt', null, 'Amount'), h('dd', null, dec.unlimited ? 'unlimited' : h(Amount, { value: dec.amount, rounding: 'up', ...tokenLabel(d, dec.token) }))] : []),
      h('dt', null, 'Value'),
      h('dd', { 'data-testid': 'approval-value' }, h(EthAmount, { wei: tx.value, rounding: 'up' })),
      h('dt', null, 'Gas limit'),
      h('dd', { 'data-testid': 'approval-gas' }, formatNumber(Number(tx.gasLimit)), h('small', { class: 'source' }, GAS_SOURCE[d.gasSource] ?? d.gasSource)),
      ...(tx.maxFeePerGas !== undefined
        ? [
            h('dt', null, 'Max fee per gas'),
            h('dd', null, formatGwei(tx.maxFeePerGas)),
            h('dt', null, 'Tip per gas'),
            h('dd', { 'data-testid': 'approval-tip' }, formatGwei(tx.maxPriorityFeePerGas ?? '0'), h('small', { class: d.tipSource === 'verified' ? 'source' : 'source warn' }, TIP_SOURCE[d.tipSource] ?? d.tipSource)),
          ]
        : tx.gasPrice !== undefined
          ? [h('dt', null, 'Gas price'), h('dd', null, formatGwei(tx.gasPrice), h('small', { class: d.tipSource === 'verified' ? 'source' : 'source warn' }, TIP_SOURCE[d.tipSource] ?? d.tipSource))]
          : []),
      h('dt', null, 'Max cost'),
      h('dd', { class: 'strong', 'data-testid': 'approval-max-cost' }, h(EthAmount, { wei: d.maxCost, rounding: 'up' }), h('small', { class: 'source' }, 'value + max fee × gas limit')),
      h('dt', null, 'Nonce'),
      h('dd', null, tx.nonce),
      ...(!words && (dec?.kind === 'call' || tx.to === null) ? [h('dt', null, 'Data'), h('dd', { class: 'mono', title: tx.data }, shortHash(tx.data, 8))] : []),
    ),
    // In words, the call's raw form is one click away (without, its data is the row above).
    words ? h(RawCall, { tx, decoded: dec, words }) : null,
    h(FactsBox, { facts: d.verdict?.facts ?? {}, proofError: d.proofError }),
    h(WarningsBox, { warnings }),
  );
}

/** The policy's warnings (signable, but the user should know), one line each; nothing when there are none. */
export function WarningsBox({ warnings }: { warnings: RefusalJson[] }): ComponentChild {
  if (warnings.length === 0) return null;
  return h(
    'div',
    { class: 'warnings', 'data-testid': 'approval-warnings' },
    warnings.map((w, k) => h('p', { class: 'warning', key: `${w.code}:${k}`, 'data-code': w.code }, w.message)),
  );
}

export function FactsBox({ facts: f, proofError }: { facts: FactsJson; proofError?: string | undefined }): ComponentChild {
  const at = f.blockNumber !== undefined ? `block ${formatNumber(Number(f.blockNumber))}${f.blockHash ? ` (${shortHash(f.blockHash, 4)})` : ''}` : undefined;
  const unproven = h('span', { class: 'unproven' }, 'not proven');
  return h(
    'section',
    { class: 'facts', 'data-testid': 'approval-facts' },
    h('div', { class: 'facts-title' }, '✓ Verified facts'),
    h(
      'dl',
      null,
      h('dt', null, 'Balance'),
      h('dd', { 'data-testid': 'approval-facts-balance' }, f.balance !== undefined ? [h(EthAmount, { wei: f.balance }), at ? h('span', { title: f.blockHash ?? '' }, `, proven at ${at}`) : ''] : unproven),
      h('dt', null, 'Nonce'),
      h('dd', { 'data-testid': 'approval-facts-nonce' }, f.nonce !== undefined ? `${f.nonce}${at ? `, proven at ${at}` : ''}` : unproven),
      h('dt', null, 'Head age'),
      h('dd', { 'data-testid': 'approval-facts-age' }, f.headAgeSeconds !== undefined ? `${formatNumber(Math.max(0, f.headAgeSeconds))} s` : 'no verified head'),
      h('dt', null, 'Chain'),
      h('dd', { 'data-testid': 'approval-facts-chain' }, f.network !== undefined || f.chainId !== undefined ? `${f.network ?? ''} · chain ${f.chainId ?? '?'}` : '—'),
      ...(f.pendingCount !== undefined && f.pendingCount > 0
        ? [h('dt', null, 'Your pending'), h('dd', null, `${f.pendingCount} transaction${f.pendingCount === 1 ? '' : 's'}, up to `, h(EthAmount, { wei: f.pendingMaxCost ?? '0', rounding: 'up' }))]
        : []),
      h('dt', null, 'Balance after'),
      h('dd', { class: f.balanceAfter !== undefined && BigInt(f.balanceAfter) < 0n ? 'bad' : '', 'data-testid': 'approval-facts-after' }, f.balanceAfter !== undefined ? ['at least ', h(EthAmount, { wei: f.balanceAfter, rounding: BigInt(f.balanceAfter) < 0n ? 'up' : 'down' })] : unproven),
    ),
    proofError ? h('p', { class: 'facts-error', 'data-testid': 'approval-proof-error' }, `The sender could not be proven: ${proofError}`) : null,
  );
}

export function RefusalBox({ refusals }: { refusals: RefusalJson[] }): ComponentChild {
  return h(
    'section',
    { class: 'refusal', role: 'alert', 'data-testid': 'approval-refusal', 'data-code': refusals[0]?.code ?? 'REFUSED' },
    h('div', { class: 'refusal-title' }, 'Vigil will not sign this'),
    h(
      'ul',
      null,
      refusals.map((r) => h('li', { key: r.code, 'data-code': r.code }, r.message)),
    ),
    h('p', { class: 'small' }, 'There is no way to sign it anyway: each reason above comes from verified state. Close this window; the site was told why.'),
  );
}
