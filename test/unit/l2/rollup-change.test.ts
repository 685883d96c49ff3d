/**
 * The "rollup changed" fact (src/l2/rollup-change.ts): which follower errors say the rollup's L1
 * contracts changed, since which L1 block (the error's own when it names one, else the head it was
 * seen at, worded "by"), one change told from another, and the sentences for each kind.
 */
import { describe, expect, it } from 'vitest';
import { VerificationError } from '../../../src/core/errors.ts';
import { mergeRollupChange, parseRollupChange, type RollupChange, rollupChangeOf, rollupChangeWords, sameRollupChange } from '../../../src/l2/rollup-change.ts';

const OP_SEPOLIA = { name: 'OP Sepolia', chainId: 11155420 };
const gameType = (got: string) => new VerificationError('OP_RESPECTED_GAME_TYPE_CHANGED', "the AnchorStateRegistry's respected game type is not the config's", { expected: '0', got });

describe('rollupChangeOf', () => {
  it('reads a respected game type change, dated by the head it was seen at', () => {
    const change = rollupChangeOf(gameType('9'), OP_SEPOLIA, 7_000_123n);
    expect(change).toEqual({ kind: 'game-type', code: 'OP_RESPECTED_GAME_TYPE_CHANGED', rollup: OP_SEPOLIA, expected: '0', got: '9', l1Block: { number: 7_000_123, exact: false } });
    expect(rollupChangeWords(change!)).toBe('Vigil needs an update to follow OP Sepolia: its dispute games changed to type 9 by L1 block 7000123');
  });

  it("uses the L1 block the error names, worded 'at'", () => {
    for (const value of [6_999_000n, 6_999_000, '0x6acbd8', '6999000']) {
      const err = Object.assign(gameType('9'), { l1Block: value });
      const change = rollupChangeOf(err, OP_SEPOLIA, 7_000_123n)!;
      expect(change.l1Block).toEqual({ number: 6_999_000, exact: true });
      expect(rollupChangeWords(change)).toBe('Vigil needs an update to follow OP Sepolia: its dispute games changed to type 9 at L1 block 6999000');
    }
    // A field that is not a block number is not believed to be one.
    expect(rollupChangeOf(Object.assign(gameType('9'), { l1Block: 'soon' }), OP_SEPOLIA, 5n)!.l1Block).toEqual({ number: 5, exact: false });
  });

  it('gives implementation upgrades, unknown games and verifier changes their own sentences', () => {
    const impl = new VerificationError('L2_IMPLEMENTATION_UNKNOWN', 'the OptimismPortal runs an implementation this config does not pin: an upgrade', { expected: '0x' + '11'.repeat(20), got: '0x' + 'ab'.repeat(20) });
    expect(rollupChangeWords(rollupChangeOf(impl, OP_SEPOLIA, 10n)!)).toBe('Vigil needs an update to follow OP Sepolia: its L1 contracts were upgraded (to 0xababab…ababab) by L1 block 10');
    const game = new VerificationError('OP_GAME_UNKNOWN', 'game 0x…: its implementation is not one the config knows', { expected: '0x' + '11'.repeat(20), got: '0x' + 'cd'.repeat(20) });
    expect(rollupChangeWords(rollupChangeOf(game, OP_SEPOLIA, 10n)!)).toBe('Vigil needs an update to follow OP Sepolia: its dispute games now run code this version does not know (0xcdcdcd…cdcdcd) by L1 block 10');
    const key = new VerificationError('L2_VERIFIER_CHANGED', "the output oracle's aggregation key is not the one this config pins", { expected: '0x01', got: '0x02' });
    expect(rollupChangeWords(rollupChangeOf(key, { name: 'Base', chainId: 8453 }, 10n)!)).toBe('Vigil needs an update to follow Base: its proof verifier changed (its key, release or route) by L1 block 10');
    const scroll = new VerificationError('SCROLL_VERIFIER_CHANGED', 'a newer proof version was registered', { expected: '1', got: '2' });
    expect(rollupChangeOf(scroll, { name: 'Scroll', chainId: 534352 }, 10n)!.kind).toBe('verifier');
  });

  it('says nothing of errors that are not a change (a lie, a bad proof, a transport failure, not an error)', () => {
    for (const err of [
      new VerificationError('PROOF_NODE_HASH_MISMATCH', 'x'),
      new VerificationError('L2_BATCH_PROOF_INVALID', 'x'),
      new VerificationError('L2_CONTRACT_MISMATCH', 'x'),
      new Error('OP_RESPECTED_GAME_TYPE_CHANGED'),
      { code: 'NOT_A_CODE' },
      'OP_GAME_UNKNOWN',
      null,
    ]) {
      expect(rollupChangeOf(err, OP_SEPOLIA, 1n)).toBeNull();
    }
  });
});

describe('one change told from another', () => {
  const at = (got: string, block: number, exact = false): RollupChange => ({ ...rollupChangeOf(gameType(got), OP_SEPOLIA, BigInt(block))!, l1Block: { number: block, exact } });

  it('is the same change whatever head it is seen at, another when what L1 holds differs', () => {
    expect(sameRollupChange(at('9', 10), at('9', 20))).toBe(true);
    expect(sameRollupChange(at('9', 10), at('1', 10))).toBe(false);
    expect(sameRollupChange(at('9', 10), { ...at('9', 10), rollup: { name: 'OP Sepolia', chainId: 10 } })).toBe(false);
  });

  it('keeps the block it was first seen by, and an exact block over a seen one', () => {
    expect(mergeRollupChange(at('9', 10), at('9', 20)).l1Block).toEqual({ number: 10, exact: false });
    expect(mergeRollupChange(at('9', 20), at('9', 10)).l1Block).toEqual({ number: 10, exact: false });
    expect(mergeRollupChange(at('9', 10), at('9', 15, true)).l1Block).toEqual({ number: 15, exact: true });
    expect(mergeRollupChange(at('9', 15, true), at('9', 30)).l1Block).toEqual({ number: 15, exact: true });
    expect(mergeRollupChange(at('9', 10), at('1', 30)).got).toBe('1');
    expect(mergeRollupChange(undefined, at('1', 30)).l1Block.number).toBe(30);
  });
});

describe('parseRollupChange', () => {
  it('reads back what it wrote, and nothing of another shape', () => {
    const change = rollupChangeOf(gameType('9'), OP_SEPOLIA, 10n)!;
    expect(parseRollupChange(JSON.parse(JSON.stringify(change)))).toEqual(change);
    for (const bad of [
      null,
      { ...change, code: 'X' },
      { ...change, kind: 'verifier' },
      { ...change, rollup: { name: 'x' } },
      { ...change, l1Block: { number: -1, exact: false } },
      { ...change, l1Block: { number: 1 } },
      { ...change, got: 9 },
    ]) {
      expect(parseRollupChange(bad)).toBeNull();
    }
  });
});
