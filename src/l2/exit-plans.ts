/**
 * The exit plans Vigil knows, by rollup kind (the kind of the rollup config): a rollup whose kind
 * has none shows its liveness but offers no forced exit.
 * @module
 */
import { arbitrumExitPlan } from './arbitrum/exit.ts';
import type { ExitPlan } from './exit-plan.ts';
import { opStackExitPlan } from './op-stack/exit.ts';
import { opSuccinctExitPlan } from './op-succinct/exit.ts';
import { scrollExitPlan } from './scroll/exit.ts';
import { vigilZkExitPlan } from './vigil-zk/exit.ts';

export const EXIT_PLANS: Readonly<Record<string, ExitPlan<any>>> = Object.fromEntries([vigilZkExitPlan, opStackExitPlan, opSuccinctExitPlan, arbitrumExitPlan, scrollExitPlan].map((p) => [p.kind, p]));

/**
 * Where Vigil has no plan for a kind: the way out its contracts offer without the sequencer, and
 * why Vigil does not take it yet, with the source (shown by the popup and `vigil exit`).
 */
export const NO_EXIT_PLAN: Readonly<Record<string, string>> = {
  'taiko-shasta-v1':
    "Taiko's Inbox keeps a forced-inclusion queue (taikoxyz/taiko-mono b9c5bb2a, LibForcedInclusion; re-enabled by DAO Proposal0019): an L2 withdrawal forced in by a blob transaction, then claimed from L1's Bridge against a checkpoint; Vigil does not build it yet",
  'linea-v1':
    "Linea's contracts have a permissionless forced transaction (ForcedTransactionGateway.submitForcedTransaction, a fee, an address filter, a deadline past which LineaRollup cannot finalize: Consensys/linea-monorepo cb180134), but it is not live on mainnet (docs.linea.build: 'Forced transactions are not yet live', August 2026; no gateway address published); what mainnet has is LivenessRecovery, which lets anyone finalize through a public operator after about six months without a finalization. Vigil offers no exit until the gateway is deployed",
};

/**
 * The plan for a rollup kind, or undefined when Vigil has no forced-exit route for it; with the
 * rollup's `config`, also undefined when the plan has no route for that config (exitNote says why).
 */
export function exitPlanOf(kind: string, config?: unknown): ExitPlan<any> | undefined {
  const plan = EXIT_PLANS[kind];
  if (plan === undefined || config === undefined) return plan;
  return plan.unavailable?.(config) === undefined ? plan : undefined;
}

/** Why a rollup of `kind` (and `config`) has no forced exit in Vigil: the route its contracts offer and why Vigil does not take it. */
export function noExitNote(kind: string, config?: unknown): string {
  const plan = EXIT_PLANS[kind];
  const why = plan !== undefined && config !== undefined ? plan.unavailable?.(config) : undefined;
  return why ?? NO_EXIT_PLAN[kind] ?? 'Vigil has no forced-exit route for this kind of rollup';
}
