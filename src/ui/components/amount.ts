/**
 * An amount as the popup and the approval window show it: short (4–6 significant digits,
 * ../format.ts shortUnits, truncated toward zero unless it is what leaves the account), with the
 * exact value on hover (its title) and on focus (it takes the keyboard focus and shows the exact
 * value beside it, popup.css "amounts"); its aria-label is the exact value, so a screen reader
 * reads that rather than the short text (axe lists an aria-label on a span as "needs review",
 * not as a violation, when the span has text).
 * @module
 */
import { type ComponentChild, h } from 'preact';
import { amountWords, type Rounding } from '../format.ts';

export interface AmountProps {
  /** Base units, as a bigint or a decimal string. */
  value: bigint | string;
  /** '' for a bare number. */
  symbol: string;
  /** Undefined for a token whose decimals are not proven: base units, whole. */
  decimals: number | undefined;
  /** 'up' for what leaves the account (a send, a fee, a max cost); default 'down'. */
  rounding?: Rounding;
  testid?: string;
  class?: string;
}

export function Amount({ value, symbol, decimals, rounding = 'down', testid, class: extra }: AmountProps): ComponentChild {
  const { short, exact } = amountWords(value, { symbol, decimals }, rounding);
  return h(
    'span',
    { class: extra ? `amount ${extra}` : 'amount', tabIndex: 0, title: exact, 'aria-label': exact, 'data-exact': exact, ...(testid ? { 'data-testid': testid } : {}) },
    short,
  );
}

/** Wei as ETH (or a rollup's native currency), short, exact on hover and focus. */
export function EthAmount({ wei, rounding, testid, currency }: { wei: bigint | string; rounding?: Rounding; testid?: string; currency?: { symbol: string; decimals: number } }): ComponentChild {
  return h(Amount, { value: wei, symbol: currency?.symbol ?? 'ETH', decimals: currency?.decimals ?? 18, ...(rounding ? { rounding } : {}), ...(testid ? { testid } : {}) });
}
