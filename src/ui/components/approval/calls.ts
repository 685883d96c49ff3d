/**
 * An EIP-5792 call batch in the approval window: what the whole batch does (simulated in order
 * over proven state), how it is sent (one transaction per call, each only after the one before
 * it is proven included; a failed call stops the rest), then each call as a transaction, and the
 * verified facts once. A refusal of any call refuses the batch: no "sign anyway". An atomic batch
 * (an account delegated to the pinned delegate) is one transaction: all or nothing, its calls
 * listed inside it, its effects those of the whole. A call an ERC-7730 descriptor binds to is also
 * said in its words under its headline, its raw call one click away (./words.ts); the words are held
 * only together against the whole batch's effects (src/wallet/clear-signing/agree-batch.ts).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { formatNumber } from '../../format.ts';
import { EthAmount } from '../amount.ts';
import type { TransactionEffects } from '../../../wallet/transaction-effects.ts';
import { EffectsBox } from './effects.ts';
import type { LookupAddress } from './verified-name.ts';
import type { BatchWords } from '../../../wallet/clear-signing/types.ts';
import { batchWordsOf, batchWordsOfEffects, RawCall, WordsBox, type WordsFacts } from './words.ts';
import { describeTransaction, FactsBox, GAS_SOURCE, type RefusalJson, RefusalBox, type TransactionDetails, WarningsBox } from './transaction.ts';

/** What src/client/wallet/batches/call-batches.ts sends for the window. */
export interface CallsDetails {
  batchId: string;
  from: string;
  calls: TransactionDetails[];
  maxCost: string;
  verdict?: TransactionDetails['verdict'];
  effects?: TransactionEffects;
  effectsChanged?: string[];
  /** An atomic batch: `calls[0]` is its one transaction, which runs these through the account's delegate. */
  atomic?: { calls: { to: string; value: string; data: string }[] };
}

export function isBatchRefused(d: CallsDetails): boolean {
  return d.verdict !== undefined && !d.verdict.ok;
}

/** `lookupAddress`: the verified names of the addresses the calls' words name (absent: none shown). */
export function CallsBody({ details: d, lookupAddress }: { details: CallsDetails; lookupAddress?: LookupAddress | undefined }): ComponentChild {
  if (d.atomic !== undefined) return h(AtomicCallsBody, { details: d, atomic: d.atomic, lookupAddress });
  const n = d.calls.length;
  const words = batchWordsOfEffects(d.effects, n);
  const facts = d.effects ? { tokens: d.effects.tokens, blockNumber: d.effects.at.blockNumber } : { tokens: {} };
  const warnings: RefusalJson[] = d.verdict?.warnings ?? [];
  return h(
    'div',
    { class: 'approval-body transaction' },
    h('p', { class: 'approval-what', 'data-testid': 'approval-what' }, `${n} call${n === 1 ? '' : 's'}, sent as ${n} transaction${n === 1 ? '' : 's'} one after another`),
    n > 1
      ? h('p', { class: 'muted small', 'data-testid': 'approval-sequential' }, 'Each is sent only once the one before it is proven included and successful; if one fails on chain, the rest are never sent (the ones before it stay done). They are all signed now.')
      : null,
    isBatchRefused(d) ? h(RefusalBox, { refusals: d.verdict!.refusals ?? [] }) : null,
    d.effects ? h(EffectsBox, { effects: d.effects, changed: d.effectsChanged }) : null,
    h(
      'ol',
      { class: 'calls', 'data-testid': 'approval-calls' },
      d.calls.map((c, k) =>
        h(
          'li',
          { key: k, 'data-testid': 'approval-call' },
          h('div', null, describeTransaction(c, d.effects)),
          h('small', { class: 'source' }, `nonce ${c.tx.nonce} · gas limit ${formatNumber(Number(c.tx.gasLimit))} (${GAS_SOURCE[c.gasSource] ?? c.gasSource}) · up to `, h(EthAmount, { wei: c.maxCost, rounding: 'up' })),
          // The call's words as for one transaction, its raw call one click away; held against the whole batch's effects as the box says.
          ...callWords(words, k, facts, lookupAddress, c.tx, c.decoded),
        ),
      ),
    ),
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'From'),
      h('dd', { class: 'mono wrap' }, d.from),
      h('dt', null, 'Max cost'),
      h('dd', { class: 'strong', 'data-testid': 'approval-max-cost' }, h(EthAmount, { wei: d.maxCost, rounding: 'up' }), h('small', { class: 'source' }, 'all calls: value + max fee × gas limit')),
    ),
    h(FactsBox, { facts: d.verdict?.facts ?? {}, proofError: d.calls.find((c) => c.proofError !== undefined)?.proofError }),
    h(WarningsBox, { warnings }),
  );
}

/** Call k's words box and raw call (`tx`: the call as sent, or as the atomic transaction runs it), when it has words. */
function callWords(words: BatchWords | undefined, k: number, facts: WordsFacts, lookupAddress: LookupAddress | undefined, tx: { to: string | null; value: string; data: string }, decoded: TransactionDetails['decoded']): ComponentChild[] {
  const w = words?.calls[k] ?? undefined;
  if (w === undefined || words === undefined) return [];
  return [h(WordsBox, { key: 'w', words: w, facts, lookupAddress, kind: 'call', batch: { checked: words.checked } }), h(RawCall, { key: 'r', tx, decoded, words: w })];
}

/** An atomic batch: one transaction through the account's delegate, its calls inside it. */
function AtomicCallsBody({ details: d, atomic, lookupAddress }: { details: CallsDetails; atomic: NonNullable<CallsDetails['atomic']>; lookupAddress?: LookupAddress | undefined }): ComponentChild {
  const n = atomic.calls.length;
  const words = batchWordsOf(d.effects?.callWords);
  const facts = d.effects ? { tokens: d.effects.tokens, blockNumber: d.effects.at.blockNumber } : { tokens: {} };
  const tx = d.calls[0]!;
  const warnings: RefusalJson[] = d.verdict?.warnings ?? [];
  return h(
    'div',
    { class: 'approval-body transaction' },
    h('p', { class: 'approval-what', 'data-testid': 'approval-what' }, `${n} calls, all or nothing, one transaction`),
    h(
      'p',
      { class: 'muted small', 'data-testid': 'approval-atomic' },
      'Your account runs them in order through its delegate (Simple7702Account, which Vigil pins): if one fails, none of them happens. You sign once.',
    ),
    isBatchRefused(d) ? h(RefusalBox, { refusals: d.verdict!.refusals ?? [] }) : null,
    d.effects ? h(EffectsBox, { effects: d.effects, changed: d.effectsChanged }) : null,
    h(
      'ol',
      { class: 'calls', 'data-testid': 'approval-calls' },
      atomic.calls.map((c, k) =>
        h(
          'li',
          { key: k, 'data-testid': 'approval-call' },
          h('div', { class: 'mono wrap' }, `to ${c.to}`),
          h('small', { class: 'source' }, BigInt(c.value) > 0n ? h(EthAmount, { wei: c.value, rounding: 'up' }) : 'no ETH', c.data.length > 2 ? ` · calls ${c.data.slice(0, 10)} (${(c.data.length - 2) / 2} bytes)` : ''),
          ...callWords(words, k, facts, lookupAddress, c, null),
        ),
      ),
    ),
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'From'),
      h('dd', { class: 'mono wrap' }, d.from),
      h('dt', null, 'Transaction'),
      h('dd', null, `to your own account · nonce ${tx.tx.nonce} · gas limit ${formatNumber(Number(tx.tx.gasLimit))} (${GAS_SOURCE[tx.gasSource] ?? tx.gasSource})`),
      h('dt', null, 'Max cost'),
      h('dd', { class: 'strong', 'data-testid': 'approval-max-cost' }, h(EthAmount, { wei: d.maxCost, rounding: 'up' }), h('small', { class: 'source' }, 'the calls\' values + max fee × gas limit')),
    ),
    h(FactsBox, { facts: d.verdict?.facts ?? {}, proofError: tx.proofError }),
    h(WarningsBox, { warnings }),
  );
}
