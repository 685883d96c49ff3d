/**
 * Proven token transfers in the activity (issue 56), beside the wallet's own transactions: each
 * in words ("Received 5 VGL from 0x7099…79C8", an NFT as "Received VGLC #3 from …"), marked
 * proven with its block (its log in a receipt proven against a verified header), a look-alike
 * sender's dust marked with the one sentence of ./look-alike.ts; and where the list stops:
 * "Transfers known from block A to B (every block checked)", a scan that failed after B said
 * beside it, and what reconciliation found unexplained ("Transfers not reported: X unexplained
 * between blocks A and B"). Ether that moved without a log is a row of its own ("Received 0.5 ETH
 * in block N", proven by the balances at the two ends of its range).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import type { TransfersView, TransferView } from '../api.ts';
import { formatNumber, shortAddress, shortHash } from '../format.ts';
import { Amount } from './amount.ts';
import { lookAlikeWords } from './look-alike.ts';

type Coverage = TransfersView['coverage'][number];
type Unexplained = TransfersView['unexplained'][number];

const DIGITS = /^-?\d{1,80}$/;
const ZERO = '0x0000000000000000000000000000000000000000';

/** What moved: an amount in the token's units, an NFT by its id, or base units of a token not named. */
function What({ t }: { t: TransferView }): ComponentChild {
  const label = t.token?.symbol ?? shortAddress(t.asset);
  if ((t.standard === 'erc721' || t.standard === 'erc1155') && t.tokenId !== undefined && DIGITS.test(t.tokenId)) {
    const count = t.standard === 'erc1155' && t.amount !== '1' && DIGITS.test(t.amount) ? `${formatNumber(Number(t.amount))} × ` : '';
    return h('span', { class: 'transfer-what' }, `${count}${label} #${t.tokenId}`);
  }
  if (!DIGITS.test(t.amount)) return h('span', null, '?');
  if (t.token) return h(Amount, { value: t.amount, symbol: t.token.symbol, decimals: t.token.decimals, testid: 'transfer-amount' });
  return h('span', { class: 'transfer-what', title: t.asset }, h(Amount, { value: t.amount, symbol: '', decimals: undefined, testid: 'transfer-amount' }), ` of ${label}`);
}

/** The row's words: Received … from …, Sent … to …, Moved … between your accounts. */
export function TransferWords({ t }: { t: TransferView }): ComponentChild {
  const what = h(What, { t });
  const who = (address: string) => h('span', { class: 'mono', title: address }, shortAddress(address));
  // The zero address is no one: a token made for you (a mint) or destroyed (a burn).
  if (t.direction === 'in' && t.from.toLowerCase() === ZERO) return h('span', { class: 'activity-summary', 'data-testid': 'transfer-words' }, 'Received ', what, ', newly minted');
  if (t.direction === 'out' && t.to.toLowerCase() === ZERO) return h('span', { class: 'activity-summary', 'data-testid': 'transfer-words' }, 'Burned ', what);
  if (t.direction === 'in') return h('span', { class: 'activity-summary', 'data-testid': 'transfer-words' }, 'Received ', what, ' from ', who(t.from));
  if (t.direction === 'out') return h('span', { class: 'activity-summary', 'data-testid': 'transfer-words' }, 'Sent ', what, ' to ', who(t.to));
  return h('span', { class: 'activity-summary', 'data-testid': 'transfer-words' }, 'Moved ', what, ' from ', who(t.from), ' to ', who(t.to), ' (your accounts)');
}

/** The blocks a range of ether without a log spans, in words: "in block N" or "between blocks A and B". */
function unloggedBlocks(u: NonNullable<TransferView['unlogged']>, block: number, between: string): string {
  return u.fromBlock >= block ? `in block ${formatNumber(block)}` : `${between} ${formatNumber(u.fromBlock)}${between === 'in blocks' ? '–' : ' and '}${formatNumber(block)}`;
}

/**
 * Ether without a log: "Received 0.5 ETH in block N" (or between blocks A and B); "0.2 ETH left
 * this account without a transaction of this wallet in blocks A–B", or what the own-transaction
 * search found missing.
 */
function UnloggedWords({ t, u }: { t: TransferView; u: NonNullable<TransferView['unlogged']> }): ComponentChild {
  const amount = DIGITS.test(t.amount) ? h(Amount, { value: t.amount, symbol: 'ETH', decimals: 18, testid: 'transfer-amount', ...(t.direction === 'out' ? { rounding: 'up' as const } : {}) }) : '?';
  if (t.direction === 'in') return h('span', { class: 'activity-summary', 'data-testid': 'transfer-words' }, 'Received ', amount, ` ${unloggedBlocks(u, t.block, 'between blocks')}`);
  const where = unloggedBlocks(u, t.block, 'in blocks');
  const missing = u.missing ? `: ${u.missing === 1 ? 'one of its transactions was' : `${formatNumber(u.missing)} of its transactions were`} not found` : ' without a transaction of this wallet';
  return h('span', { class: 'activity-summary', 'data-testid': 'transfer-words' }, amount, ` left this account${u.missing ? ` ${where}${missing}` : `${missing} ${where}`}`);
}

/** The line under a transfer: how it is proven, and where. */
export function transferProof(t: TransferView): string {
  const final = t.final ? 'final' : 'not final yet';
  if (t.unlogged) return `proven by the balance at blocks ${formatNumber(t.unlogged.fromBlock - 1)} and ${formatNumber(t.block)}, no log: ${t.unlogged.because}; ${final}`;
  const how = t.found === 'bloom-scan' ? 'found by the blooms of verified headers' : "named by an endpoint's logs";
  return `proven in block ${formatNumber(t.block)} (its log in a verified receipt, ${how}; ${t.final ? 'final' : 'not final yet'})`;
}

/** How it was proven, one click away: the row stays two lines (the home shows the newest three). */
function ProofDetails({ t }: { t: TransferView }): ComponentChild {
  return h('details', { class: 'transfer-how' }, h('summary', { class: 'small' }, 'How it was proven'), h('div', { class: 'activity-detail good', 'data-testid': 'transfer-proof', title: t.blockHash }, transferProof(t)));
}

export function TransferRowView({ t, nowMs }: { t: TransferView; nowMs: number }): ComponentChild {
  if (t.unlogged) {
    return h(
      'div',
      { class: 'activity-row transfer', 'data-testid': 'transfer-row', 'data-direction': t.direction, 'data-kind': 'unlogged', 'data-block': String(t.block) },
      h('span', { class: 'activity-top' }, h(UnloggedWords, { t, u: t.unlogged }), h('span', { class: 'pill small tone-good', 'data-testid': 'transfer-proven' }, 'Proven')),
      h('span', { class: 'activity-meta' }, t.unlogged.fromBlock >= t.block ? `block ${formatNumber(t.block)}` : `blocks ${formatNumber(t.unlogged.fromBlock)}–${formatNumber(t.block)}`, ' · no transaction or log'),
      h(ProofDetails, { t }),
    );
  }
  return h(
    'div',
    { class: `activity-row transfer${t.lookAlike ? ' look-alike' : ''}`, 'data-testid': 'transfer-row', 'data-direction': t.direction, 'data-block': String(t.block) },
    h('span', { class: 'activity-top' }, h(TransferWords, { t }), h('span', { class: 'pill small tone-good', 'data-testid': 'transfer-proven' }, 'Proven')),
    h('span', { class: 'activity-meta' }, h('span', { class: 'mono', title: t.transactionHash }, shortHash(t.transactionHash, 5)), ` · block ${formatNumber(t.block)}`),
    h(ProofDetails, { t }),
    t.lookAlike
      ? h(
          'p',
          { class: 'note warn', role: 'note', 'data-testid': 'transfer-look-alike', 'data-looks-like': t.lookAlike.address },
          `${t.direction === 'in' ? 'The sender' : 'The recipient'} ${lookAlikeWords({ address: t.lookAlike.address, at: t.lookAlike.sentAt }, nowMs)}. Do not copy it from here.`,
        )
      : null,
  );
}

/** "Transfers known from block A to B (every block checked)", and a failed scan after B. */
export function coverageWords(c: Coverage): string {
  const range = c.fromBlock !== null && c.toBlock !== null ? `Transfers known from block ${formatNumber(c.fromBlock)} to ${formatNumber(c.toBlock)} (every block checked)` : 'Transfers not known yet';
  const skipped = c.skipped && c.skipped.toBlock >= c.skipped.fromBlock ? `; blocks ${formatNumber(c.skipped.fromBlock)} to ${formatNumber(c.skipped.toBlock)} not checked (too far back when Vigil ran again)` : '';
  const known = range + skipped;
  if (!c.failure) return `${known}.`;
  const after = c.toBlock !== null ? `; after block ${formatNumber(c.toBlock)} not checked: ` : ': ';
  return `${known}${after}${c.failure.message.slice(0, 160)} (tried again at each new block).`;
}

/** "Transfers not reported: 5 VGL unexplained between blocks A and B". */
export function UnexplainedWords({ u }: { u: Unexplained }): ComponentChild {
  const amount = DIGITS.test(u.unexplained) ? h(Amount, { value: u.unexplained, symbol: u.token?.symbol ?? '', decimals: u.token?.decimals }) : '?';
  const of = u.token ? '' : ` of ${shortAddress(u.asset)}`;
  const because = u.because ?? 'transfers not reported';
  return h('span', null, `${because[0]!.toUpperCase()}${because.slice(1)}: `, amount, `${of} unexplained between blocks ${formatNumber(u.fromBlock)} and ${formatNumber(u.toBlock)}`);
}

/** Where the transfers shown stop: one line per account range (one line when all accounts share it), then what is unexplained. */
export function TransferCoverage({ view }: { view: TransfersView }): ComponentChild {
  const lines = new Map<string, Coverage[]>();
  for (const c of view.coverage) {
    const words = coverageWords(c);
    lines.set(words, [...(lines.get(words) ?? []), c]);
  }
  const many = lines.size > 1;
  return h(
    'div',
    { class: 'transfer-coverage small', 'data-testid': 'transfer-coverage' },
    [...lines].map(([words, accounts]) =>
      h('p', { key: words, class: accounts.some((c) => c.failure) ? 'note warn' : 'muted', 'data-testid': 'transfer-known' }, many ? `${accounts.map((c) => shortAddress(c.account)).join(', ')}: ${words}` : words),
    ),
    view.unexplained.map((u, i) => h('p', { key: `u${i}`, class: 'note warn', 'data-testid': 'transfer-unexplained' }, many ? `${shortAddress(u.account)}: ` : '', h(UnexplainedWords, { u }))),
  );
}
