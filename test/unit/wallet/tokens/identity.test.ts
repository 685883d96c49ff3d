/**
 * Who the tokens of a transaction's effects are (src/wallet/tokens/identity.ts, audit F4): a token
 * neither followed nor listed is unknown; one whose symbol reads as ether's, or as a followed or
 * listed token's at another address, impersonates it, whatever Unicode it is spelled in.
 */
import { describe, expect, it } from 'vitest';
import { tokenNaming } from '../../../../src/wallet/tokens/shipped.ts';
import { nameTokens, symbolSkeleton, tokenFlags, type TokenNaming } from '../../../../src/wallet/tokens/identity.ts';
import type { TransactionEffects } from '../../../../src/wallet/transaction-effects.ts';

const USDC = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48';
const FAKE = '0x' + 'fa'.repeat(20);
const MINE = '0x' + 'ab'.repeat(20);
const OTHER = '0x' + 'cd'.repeat(20);
const ME = '0x' + 'a1'.repeat(20);
const AT = { blockNumber: '100', blockHash: '0x' + 'ab'.repeat(32) };

/** Mainnet: Vigil's list, and one token the user follows (VIG at MINE). */
const naming: TokenNaming = tokenNaming(1, [{ address: MINE.toUpperCase().replace('0X', '0x'), symbol: 'VIG' }]);

describe('symbolSkeleton', () => {
  it('reads a symbol as a person does: width, case, accents, invisible characters and Cyrillic or Greek look-alikes folded', () => {
    for (const s of ['USDC', 'usdc', 'ＵＳＤＣ', 'UЅDC', 'USDС', '𝐔𝐒𝐃𝐂', 'U\u200bSDC', 'U\u00adSDC', 'ÚSDC', 'US\ufe0fDC', ' USDC ']) {
      expect(symbolSkeleton(s), JSON.stringify(s)).toBe('USDC');
    }
    // ETH in Greek (Ε, Τ, Η) and Cyrillic (Е, Т, Н) capitals, lower case, fullwidth.
    for (const s of ['ΕΤΗ', 'ЕТН', 'eth', 'ｅｔｈ', 'Eth']) expect(symbolSkeleton(s), JSON.stringify(s)).toBe('ETH');
    expect(symbolSkeleton('WETH')).not.toBe('ETH');
    expect(symbolSkeleton('USDT')).not.toBe('USDC');
  });
});

describe('tokenFlags', () => {
  it('a token calling itself ETH (in any spelling) impersonates ether, and is unknown', () => {
    for (const s of ['ETH', 'eth', 'ΕΤΗ', 'ＥＴＨ']) expect(tokenFlags(FAKE, s, naming), s).toEqual({ unknown: true, impersonates: true, impersonating: 'native' });
  });

  it("a fake USDC at another address impersonates the listed one, however it spells it", () => {
    for (const s of ['USDC', 'usdc', 'ＵＳＤＣ', 'UЅDC']) expect(tokenFlags(FAKE, s, naming), s).toEqual({ unknown: true, impersonates: true, impersonating: USDC });
  });

  it('a token taking the symbol of one the user follows impersonates that one', () => {
    expect(tokenFlags(FAKE, 'vіg', naming)).toEqual({ unknown: true, impersonates: true, impersonating: MINE });
  });

  it('the listed token itself: no flag (its address in any case)', () => {
    expect(tokenFlags(USDC, 'USDC', naming)).toBeUndefined();
    expect(tokenFlags(USDC.toUpperCase().replace('0X', '0x'), 'USDC', naming)).toBeUndefined();
  });

  it('a followed token: known; flagged only when it passes for ether or a listed token', () => {
    expect(tokenFlags(MINE, 'VIG', naming)).toBeUndefined();
    const follows = (symbol: string) => tokenNaming(1, [{ address: MINE, symbol }, { address: OTHER, symbol }]);
    // Two followed tokens sharing a symbol: the user chose both.
    expect(tokenFlags(MINE, 'SAME', follows('SAME'))).toBeUndefined();
    // A followed "USDC" that is not the listed one (a page had it followed): still not USDC.
    expect(tokenFlags(MINE, 'USDC', follows('USDC'))).toEqual({ impersonates: true, impersonating: USDC });
    expect(tokenFlags(MINE, 'ETH', follows('ETH'))).toEqual({ impersonates: true, impersonating: 'native' });
  });

  it('an unknown token with a symbol of its own is only unknown; one that answered no symbol too', () => {
    expect(tokenFlags(FAKE, 'NEWCOIN', naming)).toEqual({ unknown: true });
    expect(tokenFlags(FAKE, undefined, naming)).toEqual({ unknown: true });
  });

  it("a devnet's own listed token is known there, and a copy of its symbol elsewhere impersonates it", () => {
    const VTA = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
    const devnet = tokenNaming(31337, [], [{ address: VTA, symbol: 'VTA' }]);
    expect(tokenFlags(VTA, 'VTA', devnet)).toBeUndefined();
    expect(tokenFlags(FAKE, 'VTA', devnet)).toEqual({ unknown: true, impersonates: true, impersonating: VTA });
  });

  it("a listed token still never passes for ether (a user's own network lists what its well-known object says)", () => {
    const FAKE_ETH = '0x' + 'ee'.repeat(20);
    const devnet = tokenNaming(31337, [], [{ address: FAKE_ETH, symbol: 'ETH' }]);
    expect(tokenFlags(FAKE_ETH, 'ETH', devnet)).toEqual({ impersonates: true, impersonating: 'native' });
    expect(tokenFlags(FAKE_ETH, 'Εth', devnet)).toEqual({ impersonates: true, impersonating: 'native' });
  });
});

describe('nameTokens', () => {
  const effects: TransactionEffects = {
    at: AT,
    ok: true,
    own: [
      { asset: 'native', standard: 'native', amount: '-1000000000000000000' },
      { asset: FAKE, standard: 'erc20', amount: '2000000000000000000', flags: { eventsDisagree: true } },
      { asset: USDC, standard: 'erc20', amount: '5000000' },
    ],
    approvals: [{ kind: 'erc20', token: FAKE, owner: ME, spender: OTHER, amount: '1', unlimited: false, revoke: false }],
    others: [{ account: OTHER, asset: MINE, standard: 'erc20', amount: '-3' }],
    created: [],
    tokens: { [FAKE]: { symbol: 'ETH', decimals: 18 }, [USDC]: { symbol: 'USDC', decimals: 6 }, [MINE]: { symbol: 'VIG', decimals: 18 } },
    dependsOnBlock: { reads: ['coinbase'], readsInWords: 'fee recipient', where: 'in another block', ok: true, own: [{ asset: FAKE, standard: 'erc20', amount: '1' }], approvals: [], differences: [] },
  };

  it('flags every token change and approval, keeps the flags already set, leaves ether and known tokens alone, and does not change its input', () => {
    const before = structuredClone(effects);
    const named = nameTokens(effects, naming);
    expect(effects).toEqual(before);
    const fake = { unknown: true, impersonates: true, impersonating: 'native' };
    expect(named.own.map((c) => c.flags)).toEqual([undefined, { eventsDisagree: true, ...fake }, undefined]);
    expect(named.approvals[0]!.flags).toEqual(fake);
    expect(named.others[0]!.flags).toBeUndefined();
    expect(named.dependsOnBlock!.own[0]!.flags).toEqual(fake);
    expect({ ...named, own: [], approvals: [], others: [], dependsOnBlock: undefined }).toEqual({ ...effects, own: [], approvals: [], others: [], dependsOnBlock: undefined });
  });
});
