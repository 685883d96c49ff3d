/**
 * Dust and poisoning among proven transfers (issue 56): zero is dust always; ether and a token of
 * known decimals below 0.0001 of one unit; an item (ERC-721, ERC-1155) only at zero. A dust
 * transfer whose other side mimics an address the user sent to is marked, incoming or outgoing
 * (the zero-value transferFrom a poisoner emits in the victim's name).
 */
import { describe, expect, it } from 'vitest';
import { DUST_PLACES, isDust, lookAlikeOf, poisoningOf, sentToOf } from '../../../../src/wallet/transfers/look-alike.ts';
import type { ProvenTransfer } from '../../../../src/wallet/transfers/types.ts';

const ME = '0x' + '11'.repeat(20);
const BOB = '0x1234' + '5'.repeat(32) + 'abcd';
const MALLORY = '0x1234' + '6'.repeat(32) + 'abcd';
const STRANGER = '0x' + '77'.repeat(20);
const TOKEN = '0x' + 'aa'.repeat(20);

function transfer(over: Partial<ProvenTransfer>): ProvenTransfer {
  return { asset: TOKEN, standard: 'erc20', from: MALLORY, to: ME, amount: 0n, block: 10n, blockHash: '0x' + '00'.repeat(32), transactionHash: '0x' + '01'.repeat(32), transactionIndex: 0, logIndex: 0, timestamp: 1_700_000_000, found: 'bloom-scan', ...over };
}

describe('isDust', () => {
  it('zero is dust for every standard, decimals known or not', () => {
    for (const standard of ['native', 'erc20', 'erc721', 'erc1155'] as const) expect(isDust({ standard, amount: 0n })).toBe(true);
  });

  it('ether: below 0.0001 ETH (10^14 wei), not at it', () => {
    expect(DUST_PLACES).toBe(4);
    expect(isDust({ standard: 'native', amount: 10n ** 14n - 1n })).toBe(true);
    expect(isDust({ standard: 'native', amount: 10n ** 14n })).toBe(false);
    expect(isDust({ standard: 'native', amount: 1n })).toBe(true);
  });

  it('a token of known decimals: below 10^(decimals − 4) base units', () => {
    expect(isDust({ standard: 'erc20', amount: 99n }, { decimals: 6 })).toBe(true);
    expect(isDust({ standard: 'erc20', amount: 100n }, { decimals: 6 })).toBe(false);
    expect(isDust({ standard: 'erc20', amount: 10n ** 14n - 1n }, { decimals: 18 })).toBe(true);
    expect(isDust({ standard: 'erc20', amount: 10n ** 14n }, { decimals: 18 })).toBe(false);
    // 4 decimals or fewer: nothing but zero is under the line.
    expect(isDust({ standard: 'erc20', amount: 1n }, { decimals: 4 })).toBe(false);
    expect(isDust({ standard: 'erc20', amount: 1n }, { decimals: 0 })).toBe(false);
  });

  it('a token whose decimals are not known, or not a count: only zero', () => {
    expect(isDust({ standard: 'erc20', amount: 1n })).toBe(false);
    expect(isDust({ standard: 'erc20', amount: 1n }, { decimals: -1 })).toBe(false);
    expect(isDust({ standard: 'erc20', amount: 1n }, { decimals: 1.5 })).toBe(false);
  });

  it('items are weighed by nothing but zero', () => {
    expect(isDust({ standard: 'erc721', amount: 1n }, { decimals: 18 })).toBe(false);
    expect(isDust({ standard: 'erc1155', amount: 1n }, { decimals: 18 })).toBe(false);
  });
});

describe('poisoningOf', () => {
  const sentTo = sentToOf([{ to: BOB, decoded: null, createdAt: 1_731_400_000_000 }]);

  it('marks a zero-value transfer in from a look-alike, naming what it mimics', () => {
    expect(poisoningOf(transfer({}), ME, sentTo)).toEqual({ address: BOB, at: 1_731_400_000_000 });
    expect(poisoningOf(transfer({ standard: 'native', asset: 'native', amount: 10n ** 12n }), ME, sentTo)).toEqual({ address: BOB, at: 1_731_400_000_000 });
  });

  it('marks the zero-value transferFrom written in the account’s name to a look-alike', () => {
    expect(poisoningOf(transfer({ from: ME.toUpperCase().replace('0X', '0x'), to: MALLORY }), ME, sentTo)).toEqual({ address: BOB, at: 1_731_400_000_000 });
  });

  it('marks nothing that is worth something, from the address itself, from a stranger, or not the account’s', () => {
    expect(poisoningOf(transfer({ amount: 10n ** 6n }), ME, sentTo, { decimals: 6 })).toBeUndefined();
    expect(poisoningOf(transfer({ amount: 5n }), ME, sentTo)).toBeUndefined(); // decimals unknown: only zero is dust
    expect(poisoningOf(transfer({ from: BOB }), ME, sentTo)).toBeUndefined();
    expect(poisoningOf(transfer({ from: STRANGER }), ME, sentTo)).toBeUndefined();
    expect(poisoningOf(transfer({ from: MALLORY, to: STRANGER }), ME, sentTo)).toBeUndefined();
  });

  it('re-exports the rule the popup runs', () => {
    expect(lookAlikeOf(MALLORY, sentTo)).toEqual({ address: BOB, at: 1_731_400_000_000 });
  });
});
