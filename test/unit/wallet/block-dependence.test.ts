/**
 * The comparison of what a transaction does for the user in the next block as shown and elsewhere
 * in the blocks it can land in (src/wallet/block-dependence.ts): more sent past the tolerance, an
 * incoming amount gone, an approval only there, or anything the block decides that cannot be
 * followed is a refusal; another side that fails is the deadline pattern, said with where; any
 * other difference past the tolerance is shown; within it, nothing. Properties over random
 * effects, and the cases by name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimulationJson } from '../../../src/execution/engine.ts';
import type { BranchJson, LandingJson } from '../../../src/execution/next-block/explore.ts';
import { compareBlocks, judgeLanding } from '../../../src/wallet/block-dependence.ts';
import { effectsChanged } from '../../../src/wallet/effects-snapshot.ts';
import type { ApprovalEffect, AssetChange, TransactionEffects } from '../../../src/wallet/transaction-effects.ts';

const TOKEN = '0x' + '70'.repeat(20);
const SPENDER = '0x' + '5e'.repeat(20);
const TOL = 50;
const RANGE = { slots: 32, first: { number: '0x3e9', timestamp: '0x10' }, last: { number: '0x409', timestamp: '0x190' } };

/** A landing exploration whose other sides have `others`' effects (each a branch on `reads`, or one from block 1,003 on). */
function judge(shown: TransactionEffects, others: TransactionEffects[], reads: string[], options: { from?: bigint; unbounded?: string[] } = {}) {
  const sims = others.map((_, i) => ({ calls: [], blocks: [], balances: [], created: [], id: i }) as unknown as SimulationJson);
  const branch: BranchJson = { code: '0x' + 'cc'.repeat(20), pc: 7, taken: true, reads: reads as BranchJson['reads'], ...(options.from !== undefined ? { where: { source: 'number', value: '0x' + options.from.toString(16), point: 2 } } : {}) };
  const landing: LandingJson<SimulationJson> = { reads: reads as LandingJson<SimulationJson>['reads'], range: RANGE, unbounded: options.unbounded ?? [], paths: sims.map((simulation) => ({ branch, simulation })), points: [] };
  return judgeLanding(shown, landing, sims[0] ?? ({} as SimulationJson), (sim) => others[(sim as unknown as { id: number }).id]!, TOL);
}

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

  it('a transaction that pays out only on the side shown (a bait) is refused; one that pays more on the other side is shown with both', () => {
    const bait = judge(effects([native(4n * 10n ** 17n)]), [effects([native(-(10n ** 17n))])], ['coinbase']);
    expect(bait.refusal).toMatch(/reads the block's fee recipient, and where the block's fee recipient makes it branch the other way you would send 100000000000000000 of native \(you receive 400000000000000000 in the block shown\)$/);
    const better = judge(effects([native(-(10n ** 17n))]), [effects([native(4n * 10n ** 17n)])], ['number'], { from: 1003n });
    expect(better.refusal).toBeUndefined();
    expect(better.dependsOnBlock).toMatchObject({ reads: ['number'], where: 'if it lands in block 1003 or later', ok: true, own: [native(4n * 10n ** 17n)] });
    expect(better.dependsOnBlock!.differences).toEqual(['native: you receive 400000000000000000 there, you send 100000000000000000 in the block shown']);
  });

  it('what the block decides that cannot be followed is refused, whatever the paths', () => {
    const r = judge(effects([native(-5n)]), [], ['coinbase'], { unbounded: ['it calls an address the block decides'] });
    expect(r.refusal).toMatch(/reads the block's fee recipient, and it calls an address the block decides$/);
  });

  it('an approval only in the other block is refused; one only in the block shown, or a failure that takes nothing, is shown', () => {
    expect(compareBlocks(effects([]), effects([], [approval(5n)]), TOL).refuse).toHaveLength(1);
    expect(compareBlocks(effects([], [approval(5n)]), effects([], [approval(6n)]), TOL).refuse).toHaveLength(1);
    const dropped = compareBlocks(effects([], [approval(5n)]), effects([]), TOL);
    expect(dropped).toEqual({ refuse: [], differ: [`it would not set the approval for ${SPENDER} on ${TOKEN}`] });
    const fails = judge(effects([native(-5n)]), [effects([], [], false)], ['number'], { from: 1003n });
    expect(fails).toEqual({ failsIf: ['It fails if it lands in block 1003 or later (Nope())'] });
  });

  it('the snapshot rule asks again when the effects now depend on the block and the window did not say so', () => {
    const seen = effects([native(-5n)]);
    const now = { ...seen, dependsOnBlock: { reads: ['timestamp'], readsInWords: 'time', where: 'in another block', ok: true, own: [native(5n)], approvals: [], differences: ['x'] } };
    expect(effectsChanged(seen, now)).toEqual(["what it does now depends on the block it lands in (it reads the block's time)"]);
    expect(effectsChanged(now, now)).toEqual([]);
    // A deadline that now falls within the blocks it can land in is said again.
    const failing = { ...seen, failsIf: ['It fails if it lands in block 1003 or later (Expired())'] };
    expect(effectsChanged(seen, failing)).toEqual(['it fails if it lands in block 1003 or later (Expired())']);
    expect(effectsChanged(failing, failing)).toEqual([]);
    // The fee is no effect: a different fee changes nothing the rule compares.
    expect(effectsChanged({ ...seen, fee: '100' }, { ...seen, fee: '900' })).toEqual([]);
  });
});
