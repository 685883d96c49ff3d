/**
 * The names the words may show for the user's own accounts (src/client/wallet/names/own-names.ts): each
 * account of the keyring by the name the popup shows it by, marked as theirs; only what the
 * keyring's state says (a locked keyring's unnamed accounts left out: their place is not known);
 * a recipient's proven name for the address paid and no other. Typed data's address fields are
 * named through the same map; what the message itself says names nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordsOfTypedData } from '../../../../../src/client/wallet/clear-signing.ts';
import { ownLabel, ownNames, withRecipient } from '../../../../../src/client/wallet/names/own-names.ts';
import { parseTypedData } from '../../../../../src/wallet/typed-data.ts';

const A0 = '0xAAaA000000000000000000000000000000000001';
const A1 = '0xaaaa000000000000000000000000000000000002';
const KEY = '0xaaaa000000000000000000000000000000000003';
const W2 = '0xaaaa000000000000000000000000000000000004';
const OTHER = '0xbbbb000000000000000000000000000000000005';
const accounts = [
  { address: A0, kind: 'hd', index: 0, phrase: 0 },
  { address: A1, kind: 'hd', index: 1, phrase: 0, name: 'Savings' },
  { address: KEY, kind: 'imported' },
  { address: W2, kind: 'hd', index: 0, phrase: 1 },
];

describe('ownNames', () => {
  it('each account by the popup’s name for it, marked as the user’s, by lower-case address', () => {
    expect(ownNames({ locked: false, accounts })).toEqual(
      new Map([
        [A0.toLowerCase(), 'Account 1 (yours)'],
        [A1, 'Savings (yours)'],
        [KEY, 'Imported key (yours)'],
        [W2, 'Wallet 2 · Account 1 (yours)'],
      ]),
    );
    expect(ownLabel({ kind: 'hd', index: 4, phrase: 0 })).toBe('Account 5 (yours)');
  });

  it('locked: only the names the user gave (an unnamed account’s place is not in clear)', () => {
    expect(ownNames({ locked: true, accounts: accounts.map((a) => ({ address: a.address, kind: 'hd', ...(a.name ? { name: a.name } : {}) })) })).toEqual(new Map([[A1, 'Savings (yours)']]));
  });

  it('what is not a keyring state names nothing; a row that is not an account is left out', () => {
    for (const bad of [undefined, null, 7, 'x', [], { accounts }, { locked: 'no', accounts }, { locked: false, accounts: 'all' }]) expect(ownNames(bad).size).toBe(0);
    const rows = [null, { address: 'alice.eth', kind: 'hd' }, { address: OTHER, kind: 'contract' }, { address: OTHER, kind: 'hd', index: -1 }, { address: OTHER, kind: 'hd', index: 1.5 }, { address: A0, kind: 'hd', index: 0 }];
    expect([...ownNames({ locked: false, accounts: rows }).keys()]).toEqual([A0.toLowerCase()]);
    // Whatever crosses: a map of addresses to labels, or nothing, never a throw.
    fc.assert(
      fc.property(fc.anything(), (state) => {
        for (const [a, label] of ownNames(state)) expect(/^0x[0-9a-f]{40}$/.test(a) && label.endsWith(' (yours)')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('withRecipient', () => {
  const own = ownNames({ locked: false, accounts });
  it('the proven name for the address paid only; the user’s own account keeps its label', () => {
    expect(withRecipient(own, { name: 'bob.eth', address: OTHER }, OTHER.toUpperCase().replace('0X', '0x'))?.get(OTHER)).toBe('bob.eth');
    expect(withRecipient(own, { name: 'bob.eth', address: OTHER }, A0)).toBe(own);
    expect(withRecipient(own, { name: 'bob.eth', address: OTHER }, null)).toBe(own);
    expect(withRecipient(own, { name: 'bob.eth', address: A1 }, A1)?.get(A1)).toBe('Savings (yours)');
    expect(withRecipient(undefined, undefined, OTHER)).toBeUndefined();
  });
});

describe("typed data's words name the user's accounts", () => {
  const seaport = '0x0000000000000068F116a894984e2DB1123eB395';
  const zero = '0x0000000000000000000000000000000000000000';
  const order = (offerer: string, paidTo: string) =>
    parseTypedData(
      {
        types: {
          EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
          OrderComponents: [
            { name: 'offerer', type: 'address' }, { name: 'zone', type: 'address' }, { name: 'offer', type: 'OfferItem[]' }, { name: 'consideration', type: 'ConsiderationItem[]' }, { name: 'orderType', type: 'uint8' }, { name: 'startTime', type: 'uint256' },
            { name: 'endTime', type: 'uint256' }, { name: 'zoneHash', type: 'bytes32' }, { name: 'salt', type: 'uint256' }, { name: 'conduitKey', type: 'bytes32' }, { name: 'counter', type: 'uint256' },
          ],
          OfferItem: [{ name: 'itemType', type: 'uint8' }, { name: 'token', type: 'address' }, { name: 'identifierOrCriteria', type: 'uint256' }, { name: 'startAmount', type: 'uint256' }, { name: 'endAmount', type: 'uint256' }],
          ConsiderationItem: [{ name: 'itemType', type: 'uint8' }, { name: 'token', type: 'address' }, { name: 'identifierOrCriteria', type: 'uint256' }, { name: 'startAmount', type: 'uint256' }, { name: 'endAmount', type: 'uint256' }, { name: 'recipient', type: 'address' }],
        },
        primaryType: 'OrderComponents',
        domain: { name: 'Seaport', version: '1.6', chainId: 1, verifyingContract: seaport },
        message: {
          offerer, zone: zero,
          offer: [{ itemType: '2', token: OTHER, identifierOrCriteria: '1', startAmount: '1', endAmount: '1' }],
          consideration: [{ itemType: '0', token: zero, identifierOrCriteria: '0', startAmount: '1000000000000000000', endAmount: '1000000000000000000', recipient: paidTo }],
          orderType: '0', startTime: '1700000000', endTime: '1893456000', zoneHash: `0x${'00'.repeat(32)}`, salt: '1', conduitKey: `0x${'00'.repeat(32)}`, counter: '0',
        },
      },
      1n,
    ).typedData;
  const words = (typed: unknown, names?: ReadonlyMap<string, string>) =>
    wordsOfTypedData(typed, { chainId: 1n, verifyingContract: seaport }, [], new Map(), { chainId: 1, chain: { name: 'Ethereum', ticker: 'ETH' }, ...(names ? { names } : {}) });
  const field = async (typed: unknown, label: string, names?: ReadonlyMap<string, string>) => (await words(typed, names))!.fields.find((f) => f.label === label)!;

  it("a Seaport order whose offerer is the user's account says so; a recipient not theirs stays an address", async () => {
    const own = ownNames({ locked: false, accounts });
    const typed = order(A0, OTHER);
    expect(await field(typed, 'Offerer', own)).toMatchObject({ value: 'Account 1 (yours)', address: A0.toLowerCase() });
    expect((await field(typed, 'Paid to', own)).value).toBe(OTHER);
    // Without the keyring's names, the address.
    expect((await field(typed, 'Offerer')).value.toLowerCase()).toBe(A0.toLowerCase());
    expect((await field(order(A0, A1), 'Paid to', own)).value).toBe('Savings (yours)');
  });
});
