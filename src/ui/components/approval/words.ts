/**
 * A call or typed data in words, in the approval window, as its ERC-7730 descriptor says
 * (src/wallet/clear-signing: bound to the call's own contract and chain, each field formatted with
 * what Vigil proved): the sentence with its fields in place, each field's value with what it rests
 * on (on hover and focus, and in the field's row), whose descriptor it is, and — where a field
 * disagrees with the simulated effects — the flag at the field and, above the buttons, every
 * disagreement in words with the box the user ticks before Approve is enabled (./view.ts). Words
 * sit beside the simulated effects, never instead of them; the raw call stays one click away
 * ({@link RawCall}). Without words the window is as it was.
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { BatchWords, ClearField, ClearWords } from '../../../wallet/clear-signing/types.ts';
import { YOURS } from '../../../core/account-name.ts';
import { formatNumber, shortAddress } from '../../format.ts';
import { EthAmount } from '../amount.ts';
import { type LookupAddress, VerifiedName } from './verified-name.ts';

/** What the window knows was proven of the tokens the fields name, and at which block (absent: at the signing head, its number not sent). */
export interface WordsFacts {
  tokens: Record<string, { symbol?: string; decimals?: number }>;
  blockNumber?: string | undefined;
}

const isString = (v: unknown): v is string => typeof v === 'string';

/**
 * The details' words when they read as words (a stored approval's field is checked, not trusted to
 * be whole); undefined otherwise, and the window is as it was without them.
 */
export function wordsOf(v: unknown): ClearWords | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const w = v as Partial<ClearWords>;
  const fieldOk = (f: unknown) => typeof f === 'object' && f !== null && isString((f as ClearField).label) && isString((f as ClearField).value) && isString((f as ClearField).format) && isString((f as ClearField).raw);
  const partOk = (p: unknown, n: number) => isString(p) || (typeof p === 'object' && p !== null && Number.isInteger((p as { field: number }).field) && (p as { field: number }).field >= 0 && (p as { field: number }).field < n);
  if (!isString(w.intent) || !Array.isArray(w.fields) || !w.fields.every(fieldOk)) return undefined;
  if (w.sentence !== undefined && (!Array.isArray(w.sentence) || !w.sentence.every((p) => partOk(p, w.fields!.length)))) return undefined;
  if (!Array.isArray(w.disagreements) || !w.disagreements.every(isString)) return undefined;
  if (typeof w.descriptor !== 'object' || w.descriptor === null || !isString(w.descriptor.source)) return undefined;
  if (typeof w.boundTo !== 'object' || w.boundTo === null || !isString(w.boundTo.address) || typeof w.boundTo.chainId !== 'number') return undefined;
  return w as ClearWords;
}

/** The batch's words when they read as such, each call's checked as {@link wordsOf} does (one that does not read is shown without words); undefined otherwise. */
export function batchWordsOf(v: unknown): BatchWords | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const b = v as Partial<BatchWords>;
  if (!Array.isArray(b.calls) || typeof b.checked !== 'boolean' || !Array.isArray(b.disagreements) || !b.disagreements.every(isString)) return undefined;
  return { calls: b.calls.map((w) => wordsOf(w) ?? null), checked: b.checked, disagreements: b.disagreements };
}

/**
 * A batch's words from its effects: `callWords`, or for a batch of one call its one transaction's
 * words (the preview words one call alone, held against its effects, which are the whole batch's).
 */
export function batchWordsOfEffects(effects: { words?: unknown; callWords?: unknown } | undefined, calls: number): BatchWords | undefined {
  const batch = batchWordsOf(effects?.callWords);
  if (batch !== undefined || calls !== 1) return batch;
  const one = wordsOf(effects?.words);
  return one === undefined ? undefined : { calls: [one], checked: true, disagreements: one.disagreements };
}

/**
 * What the words are held against, after whose descriptor they are: a transaction's simulated
 * effects below; a call of a batch's, the whole batch's effects above, held together or (`checked`
 * false: a call without words, a promised token not read) not at all; a message, the message below.
 */
function heldAgainst(kind: 'call' | 'message', batch: { checked: boolean } | undefined): string {
  if (kind === 'message') return 'What you sign is the message below.';
  if (batch === undefined) return 'What happens is the simulated effects below.';
  return batch.checked
    ? "What happens is the whole batch's simulated effects above: every call's words were held together against them."
    : "What happens is the whole batch's simulated effects above: a call without words, or a token whose balance Vigil did not read, may explain them, so these words were not held against them.";
}

/**
 * What a field's value rests on, in one sentence: a token amount on the token's decimals and
 * symbol proven at block N (its whole address, or `short`: its short one), ether on being the
 * network's own currency, a name on the address it stands for in full, anything else on the
 * value the call or message itself carries.
 * @example restsOn({ label: 'Amount', value: '5 VTA', format: 'tokenAmount', raw: '5000000000000000000', asset: '0x5fbd…' }, { tokens: { '0x5fbd…': { symbol: 'VTA', decimals: 18 } }, blockNumber: '120' })
 *   // "VTA's decimals and symbol proven at block 120 (token 0x5fbd…)"
 */
export function restsOn(f: ClearField, facts: WordsFacts, short = false): string {
  const token = (a: string) => `token ${short ? shortAddress(a) : a}`;
  const at = facts.blockNumber !== undefined ? `at block ${formatNumber(Number(facts.blockNumber))}` : 'at the signing head';
  if (f.asset === 'native' || f.format === 'amount') return "ETH, the network's own currency: its amount is the call's own";
  if (f.asset !== undefined) {
    const key = Object.keys(facts.tokens).find((k) => k.toLowerCase() === f.asset!.toLowerCase());
    const t = key === undefined ? {} : facts.tokens[key]!;
    if (t.decimals === undefined) return `${token(f.asset)}: its decimals not proven, the amount is in base units`;
    return `${t.symbol !== undefined ? `${t.symbol}'s decimals and symbol` : 'its decimals'} proven ${at} (${token(f.asset)})`;
  }
  // A name stands for an address: the address in full says which (shown as it is, it is its own word).
  if (f.address !== undefined) {
    if (f.value.toLowerCase() === f.address.toLowerCase()) return 'the address in full, as the call carries it';
    // The user's own account (src/client/wallet/names/own-names.ts): their word for it, not a proof.
    return f.value.endsWith(YOURS) ? `your own account in this wallet: ${f.address}` : `a name Vigil verified or knows, for ${f.address}`;
  }
  if (f.format === 'date') return `the ${f.raw === '' ? 'value' : `value ${f.raw}`} it carries (seconds since 1970), in UTC`;
  if (f.format === 'duration') return `the value it carries: ${f.raw} seconds`;
  return `the value it carries: ${f.raw}`;
}

/** One field's value in the sentence: its words, what it rests on on hover and focus, flagged where it disagrees with the simulation. */
function FieldValue({ field, facts }: { field: ClearField; facts: WordsFacts }): ComponentChild {
  return h(
    'span',
    { class: field.flag ? 'words-field flagged' : 'words-field', tabIndex: 0, title: restsOn(field, facts), 'data-testid': 'approval-words-value', ...(field.flag ? { 'data-flagged': 'true' } : {}) },
    field.flag ? '⚠ ' : '',
    field.value,
  );
}

/** The descriptor's owner and contract, then where Vigil has it from. */
export function descriptorWords(w: ClearWords): string {
  const who = [w.descriptor.owner, w.descriptor.contractName].filter((s) => s !== undefined && s !== '').join(' · ');
  return who === '' ? w.descriptor.source : `${who} · ${w.descriptor.source}`;
}

/**
 * The words box: the sentence (or the intent), the fields as rows, whose descriptor it is and what
 * it is bound to. `kind`: a transaction's call, or a message to sign.
 */
export function WordsBox({
  words: w,
  facts,
  lookupAddress,
  kind,
  batch,
}: {
  words: ClearWords;
  facts: WordsFacts;
  lookupAddress?: LookupAddress | undefined;
  kind: 'call' | 'message';
  /** A call of a batch: whether the batch's words were held together against its effects. */
  batch?: { checked: boolean } | undefined;
}): ComponentChild {
  return h(
    'section',
    { class: 'words', 'data-testid': 'approval-words', 'data-flagged': String(w.disagreements.length > 0) },
    h('div', { class: 'words-title' }, kind === 'call' ? 'In words, as its descriptor says' : 'This message in words, as its descriptor says'),
    h(
      'p',
      { class: 'words-sentence', 'data-testid': 'approval-words-sentence' },
      w.sentence !== undefined && w.sentence.length > 0 ? w.sentence.map((p, i) => (typeof p === 'string' ? p : h(FieldValue, { key: i, field: w.fields[p.field]!, facts }))) : w.intent,
    ),
    w.fields.length > 0
      ? h(
          'dl',
          { class: 'words-fields', 'data-testid': 'approval-words-fields' },
          w.fields.flatMap((f, i) => [
            h('dt', { key: `t${i}` }, f.label),
            h(
              'dd',
              { key: `d${i}`, 'data-testid': 'approval-words-field', 'data-format': f.format, ...(f.flag ? { 'data-flagged': 'true' } : {}) },
              h(FieldValue, { field: f, facts }),
              f.address !== undefined ? h(VerifiedName, { address: f.address, lookup: lookupAddress, testid: 'approval-words-name' }) : null,
              // The row says it short (the token's short address); hover and focus say it whole.
              h('small', { class: 'source' }, restsOn(f, facts, true)),
              f.flag ? h('span', { class: 'warning strong words-flag', 'data-testid': 'approval-words-field-flag' }, f.flag) : null,
            ),
          ]),
        )
      : null,
    h(
      'p',
      { class: 'muted small', 'data-testid': 'approval-words-descriptor' },
      `Descriptor: ${descriptorWords(w)}, bound to ${shortAddress(w.boundTo.address)} on chain ${w.boundTo.chainId}. ${heldAgainst(kind, batch)}`,
    ),
  );
}

/**
 * What the words and the simulation disagree on, above the buttons, each in the words given, with
 * the box to tick (`approval-words-flag-ack`) when `onAck` is given.
 */
export function WordsFlag({ disagreements, acked, onAck, disabled = false }: { disagreements: string[]; acked: boolean; onAck?: ((acked: boolean) => void) | undefined; disabled?: boolean }): ComponentChild {
  return h(
    'div',
    { class: 'note warn words-disagree', role: 'alert', 'data-testid': 'approval-words-flag' },
    h('p', null, h('strong', null, 'The words and the simulation disagree. '), 'Trust the simulation: it is what Vigil ran on proven state.'),
    h(
      'ul',
      null,
      disagreements.map((d, i) => h('li', { key: i, 'data-testid': 'approval-words-disagreement' }, d)),
    ),
    onAck
      ? h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', 'data-testid': 'approval-words-flag-ack', checked: acked, disabled, onChange: (ev: Event) => onAck((ev.currentTarget as HTMLInputElement).checked) }),
          h('span', null, 'I have read what disagrees'),
        )
      : null,
  );
}

/** The selector's name where the call is one Vigil decodes (src/client/wallet/call-summary.ts), as its signature. */
const DECODED_FUNCTION: Record<string, string> = {
  'erc20-transfer': 'transfer(address,uint256)',
  'erc20-approve': 'approve(address,uint256)',
  'erc20-allowance': 'increaseAllowance / decreaseAllowance(address,uint256)',
  'token-transfer-from': 'transferFrom(address,address,uint256)',
  'erc721-transfer': 'safeTransferFrom(address,address,uint256)',
  operator: 'setApprovalForAll(address,bool)',
  'erc1155-transfer': 'safeTransferFrom / safeBatchTransferFrom',
};

/**
 * The raw call, one click away: to, value, the function and its arguments where known (the
 * words' fields as the call carries them, else the token call Vigil decoded), and the calldata
 * in full. Opened, the calldata is `approval-raw-data`.
 */
export function RawCall({
  tx,
  decoded,
  words,
}: {
  tx: { to: string | null; value: string; data: string };
  decoded: { kind: string; selector?: string } | null;
  words?: ClearWords | undefined;
}): ComponentChild {
  const selector = tx.data.length >= 10 ? tx.data.slice(0, 10) : undefined;
  const fn = decoded !== null && decoded.kind !== 'call' ? DECODED_FUNCTION[decoded.kind] : undefined;
  const args = words !== undefined ? words.fields.map((f) => [f.label, f.raw] as const) : decoded !== null && decoded.kind !== 'call' ? Object.entries(decoded).filter(([k]) => k !== 'kind' && k !== 'symbol' && k !== 'decimals').map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const) : [];
  return h(
    'details',
    { class: 'raw-call', 'data-testid': 'approval-raw' },
    h('summary', { 'data-testid': 'approval-raw-toggle' }, 'Raw call'),
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'To'),
      h('dd', { class: 'mono wrap' }, tx.to ?? 'a new contract'),
      h('dt', null, 'Value'),
      h('dd', null, h(EthAmount, { wei: tx.value, rounding: 'up' }), h('small', { class: 'source mono' }, `${tx.value} wei`)),
      ...(selector !== undefined ? [h('dt', null, 'Function'), h('dd', { class: 'mono wrap', 'data-testid': 'approval-raw-function' }, fn !== undefined ? `${fn} · ${selector}` : words !== undefined ? `${words.intent} · ${selector}` : selector)] : []),
      ...args.flatMap(([k, v], i) => [h('dt', { key: `a${i}` }, k), h('dd', { key: `v${i}`, class: 'mono wrap', 'data-testid': 'approval-raw-arg' }, v)]),
      h('dt', null, 'Calldata'),
      h('dd', { class: 'mono wrap raw-data', 'data-testid': 'approval-raw-data' }, tx.data === '0x' || tx.data === '' ? 'none' : tx.data),
    ),
    tx.data.length > 2 ? h('p', { class: 'muted small' }, `${formatNumber((tx.data.length - 2) / 2)} bytes of calldata, as signed.`) : null,
  );
}
