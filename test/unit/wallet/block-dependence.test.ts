/**
 * The comparison of what a transaction does for the user in the next block as shown and in
 * another plausible one (src/wallet/block-dependence.ts): more sent past the tolerance, an
 * incoming amount gone, or an approval only there is a refusal; any other difference past the
 * tolerance is shown; within it, nothing. Properties over random effects, and the cases by name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockDependence, compareBlocks } from '../../../src/wallet/block-dependence.ts';
import { effectsChanged } from '../../../src/wallet/effects-snapshot.ts';
import type { ApprovalEffect, AssetChange, TransactionEffects } from '../../../src/wallet/transaction-effects.ts';

const TOKEN = '0x' + '70'.repeat(20);
const SPENDER = '0x' + '5e'.repeat(20);
const TOL = 50;
const BLOCK = { coinbase: '0x' + '00'.repeat(20), prevRandao: '0x' + '00'.repeat(32), timestamp: '0x1', baseFeePerGas: '0x7' };

const effects = (own: AssetChange[], approvals: ApprovalEffect[] = [], ok = true): TransactionEffects => ({
  at: { blockNumber: '1', blockHash: '0x' + '11'.repeat(32) },
  ok,
  ...(ok ? {} : { revert: { call: 0, reason: 'Nope()' } }),
  own,
  approvals,
  others: [],
  created: [],
  tokens: {},
});
const native = (amount: bigint): AssetChange => ({ asset: 'native', standard: 'native', amount: amount.toString() });
const token = (amount: bigint): AssetChange => ({ asset: TOKEN, standard: 'erc20', amount: amount.toString() });
const approval = (amount: bigint): ApprovalEffect => ({ kind: 'erc20', token: TOKEN, owner: '0x' + 'aa'.repeat(20), spender: SPENDER, amount: amount.toString(), unlimited: false, revoke: false });

/** Random own changes: native and one token, each sent, received or absent. */
const ownArb = fc.record({ n: fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), t: fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }) }).map(({ n, t }) => [...(n !== 0n ? [native(n)] : []), ...(t !== 0n ? [token(t)] : [])]);

describe('block dependence', () => {
  it('the same effects in both blocks: nothing to say (property)', () => {
    fc.assert(fc.property(ownArb, (own) => {
      const c = compareBlocks(effects(own), effects(own), TOL);
      return c.refuse.length === 0 && c.differ.length === 0;
    }));
  });

  it('within the tolerance: nothing to say (property)', () => {
    fc.assert(fc.property(ownArb, fc.integer({ min: 0, max: TOL }), fc.boolean(), (own, bps, up) => {
      const other = own.map((c) => {
        const a = BigInt(c.amount);
        const d = (a < 0n ? -a : a) * BigInt(bps) / 10_000n;
        // More received or less sent (up), or less received or more sent, by at most the tolerance.
        return { ...c, amount: (up ? a + d : a - d).toString() };
      });
      const c = compareBlocks(effects(own), effects(other), TOL);
      return c.refuse.length === 0 && c.differ.length === 0;
    }));
  });

  it('an outgoing amount that rises past the tolerance is refused (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 10_000n, max: 10n ** 24n }), fc.bigInt({ min: 51n, max: 100_000n }), (sent, bps) => {
      const more = sent + (sent * bps) / 10_000n + 1n;
      const c = compareBlocks(effects([native(-sent)]), effects([native(-more)]), TOL);
      return c.refuse.length === 1 && c.refuse[0]!.startsWith('you would send');
    }));
  });

  it('an incoming amount that disappears is refused; one that only falls past the tolerance is shown (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: 10_000n, max: 10n ** 24n }), fc.bigInt({ min: 51n, max: 9_998n }), (received, bps) => {
      // At most 99.98% less: at least 1 base unit still comes in (none at all is the case refused above).
      const gone = compareBlocks(effects([token(received)]), effects([]), TOL);
      const less = compareBlocks(effects([token(received)]), effects([token(received - (received * bps) / 10_000n - 1n)]), TOL);
      return gone.refuse.length === 1 && less.refuse.length === 0 && less.differ.length === 1;
    }));
  });

  it('a transaction that pays out only in the block shown (a bait) is refused; one that pays more in the other block is shown with both', () => {
    const bait = blockDependence(effects([native(4n * 10n ** 17n)]), effects([native(-(10n ** 17n))]), ['coinbase'], BLOCK, TOL);
    expect(bait.refusal).toMatch(/reads the block's coinbase, and in another plausible block you would send 100000000000000000 of native \(you receive 400000000000000000 in the block shown\)$/);
    const better = blockDependence(effects([native(-(10n ** 17n))]), effects([native(4n * 10n ** 17n)]), ['prevRandao'], BLOCK, TOL);
    expect(better.refusal).toBeUndefined();
    expect(better.dependsOnBlock).toMatchObject({ reads: ['prevRandao'], block: BLOCK, ok: true, own: [native(4n * 10n ** 17n)] });
    expect(better.dependsOnBlock!.differences).toEqual(['native: you receive 400000000000000000 there, you send 100000000000000000 in the block shown']);
  });

  it('an approval only in the other block is refused; one only in the block shown, or a failure that takes nothing, is shown', () => {
    expect(compareBlocks(effects([]), effects([], [approval(5n)]), TOL).refuse).toHaveLength(1);
    expect(compareBlocks(effects([], [approval(5n)]), effects([], [approval(6n)]), TOL).refuse).toHaveLength(1);
    const dropped = compareBlocks(effects([], [approval(5n)]), effects([]), TOL);
    expect(dropped).toEqual({ refuse: [], differ: [`it would not set the approval for ${SPENDER} on ${TOKEN}`] });
    const fails = blockDependence(effects([native(-5n)]), effects([], [], false), ['timestamp'], BLOCK, TOL);
    expect(fails.refusal).toBeUndefined();
    expect(fails.dependsOnBlock).toMatchObject({ ok: false, revert: { reason: 'Nope()' } });
  });

  it('the snapshot rule asks again when the effects now depend on the block and the window did not say so', () => {
    const seen = effects([native(-5n)]);
    const now = { ...seen, dependsOnBlock: { reads: ['timestamp'], block: BLOCK, ok: true, own: [native(5n)], approvals: [], differences: ['x'] } };
    expect(effectsChanged(seen, now)).toEqual(["what it does now depends on the block it lands in (it reads the block's timestamp)"]);
    expect(effectsChanged(now, now)).toEqual([]);
    // The fee is no effect: a different fee changes nothing the rule compares.
    expect(effectsChanged({ ...seen, fee: '100' }, { ...seen, fee: '900' })).toEqual([]);
  });
});
