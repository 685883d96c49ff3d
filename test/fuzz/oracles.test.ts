/**
 * The campaign's oracles catch what they are there to catch: a plan that turns a mutated exit hint
 * into another transaction, or into a fact the real hints never gave, is flagged wrong (the
 * targets are run against a sabotaged plan), and so is a wallet that follows a token by what the
 * page said. An oracle that cannot fail would count nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ExitPlan } from '../../src/l2/exit-plan.ts';
import { EXIT_PLANS } from '../../src/l2/exit-plans.ts';
import { runTarget } from './runner.ts';
import { scrollExitTarget, vigilZkExitTarget } from './targets/exits.ts';

const restore: (() => void)[] = [];
afterEach(() => restore.splice(0).forEach((f) => f()));

/** Replaces a plan's advance for the test (after the target loaded its seeds, whose answers stay the honest ones). */
function sabotage(kind: string, wrap: (advance: ExitPlan['advance']) => ExitPlan['advance']): void {
  const plan = EXIT_PLANS[kind] as ExitPlan<unknown> & { advance: ExitPlan['advance'] };
  const original = plan.advance;
  plan.advance = wrap(original);
  restore.push(() => (plan.advance = original));
}

describe('the exit targets flag a plan that a hint can bend', () => {
  it('another transaction than the seed\'s own (here: one wei more) is wrong', async () => {
    const ctx = await scrollExitTarget.load({ slice: true });
    sabotage('scroll-v1', (advance) => (config, record, inputs) => {
      const out = advance(config, record, inputs);
      return out.action.kind === 'send' ? { ...out, action: { ...out.action, value: out.action.value + 1n } } : out;
    });
    const stats = await runTarget(scrollExitTarget, ctx, { seed: 23, count: 200 });
    expect(stats.wrong.length).toBeGreaterThan(0);
    expect(stats.wrong[0]!.message).toMatch(/another transaction/);
  });

  it('a fact the real hints never set, accepted from a mutated one, is wrong', async () => {
    const ctx = await vigilZkExitTarget.load({ slice: true });
    sabotage('vigil-zk-v1', (advance) => (config, record, inputs) => {
      const out = advance(config, record, inputs);
      return { ...out, record: { ...out.record, facts: { ...out.record.facts, acceptedRoot: '0x01' } } };
    });
    const stats = await runTarget(vigilZkExitTarget, ctx, { seed: 23, count: 200 });
    expect(stats.wrong.length).toBeGreaterThan(0);
    expect(stats.wrong[0]!.message).toMatch(/sets fact acceptedRoot to 0x01 \(the real hints: none\)/);
  });
});
