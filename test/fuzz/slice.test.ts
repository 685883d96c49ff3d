/**
 * `npm test`'s slice of the fuzz campaign: every target of test/fuzz/targets, a few hundred
 * mutations each from the fixed seed 23 (the campaign, `npm run fuzz`, runs 10,000 each), with the
 * same oracles. A wrong verdict fails the target's test and names the mutation, which
 * `npm run fuzz -- --target <name> --from <index> --count 1 --verbose` replays alone.
 */
import { describe, expect, it } from 'vitest';
import { runTarget } from './runner.ts';
import { TARGETS } from './targets/index.ts';

const SEED = 23;

describe('fuzz slice (seed 23)', () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${target.slice ?? 300} mutations, no wrong verdict`, async () => {
      const ctx = await target.load({ slice: true });
      try {
        const stats = await runTarget(target, ctx, { seed: SEED, count: target.slice ?? 300 });
        expect(stats.wrong.map((w) => `#${w.index} (${w.op}, ${w.verdict}): ${w.message}`)).toEqual([]);
        expect(stats.count).toBe(target.slice ?? 300);
      } finally {
        await target.close?.(ctx);
      }
    });
  }
});
