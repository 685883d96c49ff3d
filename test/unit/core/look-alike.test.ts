/**
 * The look-alike rule (address poisoning, issue 56): an address sharing the first and last 4 hex
 * characters of one the wallet sent to, but another address, mimics it; an address never looks
 * like itself; a token transfer's recipient is what the wallet sent to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookAlikeOf, sentToOf } from '../../../src/core/look-alike.ts';
import { recipientOf } from '../../../src/core/recipient.ts';

const HEX = '0123456789abcdef';
const BOB = '0x1234' + '5'.repeat(32) + 'abcd';
/** Bob's look-alike: the same 4 + 4 ends, another middle. */
const MALLORY = '0x1234' + '6'.repeat(32) + 'abcd';
const hex40 = fc.array(fc.constantFrom(...HEX), { minLength: 40, maxLength: 40 }).map((c) => '0x' + c.join(''));
/** Another hex character than `c`. */
const other = (c: string, k: number) => HEX[(HEX.indexOf(c.toLowerCase()) + 1 + (k % 15)) % 16]!;
const withChar = (a: string, i: number, c: string) => a.slice(0, i) + c + a.slice(i + 1);

describe('lookAlikeOf', () => {
  it('finds the address mimicked, case-insensitively, and says when it was sent to', () => {
    expect(lookAlikeOf(MALLORY, [{ address: BOB.toUpperCase().replace('0X', '0x'), at: 5 }])).toEqual({ address: BOB.toUpperCase().replace('0X', '0x'), at: 5 });
    expect(lookAlikeOf(MALLORY.toUpperCase().replace('0X', '0x'), [{ address: BOB, at: 5 }])).toEqual({ address: BOB, at: 5 });
  });

  it('is not fooled by an exact match: an address the wallet sent to is no look-alike, whatever else it resembles', () => {
    expect(lookAlikeOf(BOB, [{ address: BOB, at: 1 }])).toBeUndefined();
    expect(lookAlikeOf(BOB.toUpperCase().replace('0X', '0x'), [{ address: BOB, at: 1 }])).toBeUndefined();
    // Sent to both: the user's own recipients, however alike, are not warned about.
    expect(lookAlikeOf(MALLORY, [{ address: BOB, at: 9 }, { address: MALLORY, at: 1 }])).toBeUndefined();
  });

  it('names the most recent of the addresses it mimics', () => {
    const bob2 = '0x1234' + '7'.repeat(32) + 'abcd';
    expect(lookAlikeOf(MALLORY, [{ address: BOB, at: 10 }, { address: bob2, at: 30 }, { address: BOB, at: 20 }])).toEqual({ address: bob2, at: 30 });
    expect(lookAlikeOf(MALLORY, [{ address: BOB, at: 10 }, { address: BOB, at: 20 }])).toEqual({ address: BOB, at: 20 });
  });

  it('needs both ends: 4 first and 4 last hex characters after 0x', () => {
    expect(lookAlikeOf('0x1235' + '6'.repeat(32) + 'abcd', [{ address: BOB, at: 1 }])).toBeUndefined();
    expect(lookAlikeOf('0x1234' + '6'.repeat(32) + 'abce', [{ address: BOB, at: 1 }])).toBeUndefined();
    // "0x12" is not part of what is compared: the 4 after it are.
    expect(lookAlikeOf('0x1234' + '6'.repeat(31) + '5abcd', [{ address: BOB, at: 1 }])).toEqual({ address: BOB, at: 1 });
  });

  it('reads no malformed address as one: neither the one checked nor an entry', () => {
    expect(lookAlikeOf(MALLORY.slice(0, 41), [{ address: BOB, at: 1 }])).toBeUndefined();
    expect(lookAlikeOf('1234' + '6'.repeat(34) + 'abcd', [{ address: BOB, at: 1 }])).toBeUndefined();
    expect(lookAlikeOf(MALLORY, [{ address: BOB.slice(0, 40), at: 1 }, { address: null as never, at: 2 }])).toBeUndefined();
    expect(lookAlikeOf(MALLORY, [])).toBeUndefined();
  });

  it('property: an address never looks like itself, in any case', () => {
    fc.assert(fc.property(hex40, fc.boolean(), (a, upper) => lookAlikeOf(upper ? '0x' + a.slice(2).toUpperCase() : a, [{ address: a, at: 1 }]) === undefined));
  });

  it('property: changing any one middle character keeps it a look-alike', () => {
    fc.assert(
      fc.property(hex40, fc.integer({ min: 6, max: 37 }), fc.nat(), (a, i, k) => {
        const b = withChar(a, i, other(a[i]!, k));
        return lookAlikeOf(b, [{ address: a, at: 7 }])?.address === a;
      }),
    );
  });

  it('property: changing any one of the first or last 4 hex characters breaks it', () => {
    fc.assert(
      fc.property(hex40, fc.constantFrom(2, 3, 4, 5, 38, 39, 40, 41), fc.nat(), hex40, (a, i, k, middle) => {
        // Any middle at all: the ends alone decide.
        const b = withChar(a.slice(0, 6) + middle.slice(6, 38) + a.slice(38), i, other(a[i]!, k));
        return lookAlikeOf(b, [{ address: a, at: 7 }]) === undefined;
      }),
    );
  });
});

describe('sentToOf and recipientOf', () => {
  const TOKEN = '0x' + 'aa'.repeat(20);
  it('takes a token transfer’s recipient, a plain send’s address, and nothing from an approval or a contract call', () => {
    const rows = [
      { to: BOB, decoded: null, createdAt: 1 },
      { to: TOKEN, decoded: { kind: 'erc20-transfer', token: TOKEN, recipient: MALLORY, amount: '1' }, createdAt: 2 },
      { to: TOKEN, decoded: { kind: 'erc20-approve', token: TOKEN, spender: BOB, amount: '1', unlimited: false }, createdAt: 3 },
      { to: TOKEN, decoded: { kind: 'call', selector: '0x12345678', bytes: 4 }, createdAt: 4 },
      { to: null, decoded: null, createdAt: 5 },
      // A row from before calls were decoded: its address, as a plain send.
      { to: BOB, createdAt: 6 },
    ];
    expect(sentToOf(rows)).toEqual([
      { address: BOB, at: 1 },
      { address: MALLORY, at: 2 },
      { address: BOB, at: 6 },
    ]);
  });

  it('recipientOf reads what a stored row or a window holds, whatever its shape', () => {
    expect(recipientOf(BOB, null)).toBe(BOB);
    expect(recipientOf(BOB, undefined)).toBe(BOB);
    expect(recipientOf(null, null)).toBeNull();
    expect(recipientOf(TOKEN, { kind: 'erc721-transfer', recipient: MALLORY })).toBe(MALLORY);
    expect(recipientOf(TOKEN, { kind: 'erc20-transfer', recipient: 5 })).toBeNull();
    expect(recipientOf(TOKEN, 'erc20-transfer')).toBeNull();
  });
});
