/**
 * The exit plans Vigil knows, by rollup kind (the kind of the rollup config): a rollup whose kind
 * has none shows its liveness but offers no forced exit.
 * @module
 */
import { arbitrumExitPlan } from './arbitrum/exit.ts';
import type { ExitPlan } from './exit-plan.ts';
import { opStackExitPlan } from './op-stack/exit.ts';
import { scrollExitPlan } from './scroll/exit.ts';
import { vigilZkExitPlan } from './vigil-zk/exit.ts';

export const EXIT_PLANS: Readonly<Record<string, ExitPlan<any>>> = Object.fromEntries([vigilZkExitPlan, opStackExitPlan, arbitrumExitPlan, scrollExitPlan].map((p) => [p.kind, p]));

/** The plan for a rollup kind, or undefined when Vigil has no forced-exit route for it. */
export function exitPlanOf(kind: string): ExitPlan<any> | undefined {
  return EXIT_PLANS[kind];
}
