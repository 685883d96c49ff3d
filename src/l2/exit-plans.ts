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

/**
 * Where Vigil has no plan for a kind: the way out its contracts offer without the sequencer, and
 * why Vigil does not take it yet, with the source (shown by the popup and `vigil exit`).
 */
export const NO_EXIT_PLAN: Readonly<Record<string, string>> = {
  'op-succinct-l2oo-v1':
    "its portal proves withdrawals against the output oracle (OP's flow before dispute games) after a deposit forces the L2 withdrawal; Vigil has not built it: Mantle's portal (its MNT and ETH values) could not be read from a source offline",
  'taiko-shasta-v1':
    "Taiko's Inbox keeps a forced-inclusion queue (taikoxyz/taiko-mono b9c5bb2a, LibForcedInclusion; re-enabled by DAO Proposal0019): an L2 withdrawal forced in by a blob transaction, then claimed from L1's Bridge against a checkpoint; Vigil does not build it yet",
};

/** The plan for a rollup kind, or undefined when Vigil has no forced-exit route for it. */
export function exitPlanOf(kind: string): ExitPlan<any> | undefined {
  return EXIT_PLANS[kind];
}
