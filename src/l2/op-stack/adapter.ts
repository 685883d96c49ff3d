/**
 * The `op-stack-fault-proofs-v1` rollup adapter (OP Mainnet, Base, …): its games read from proven
 * L1 storage by ./follow.ts, its L2 accounts Ethereum's, and how the wallet speaks of them.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import type { RollupAdapter } from '../adapter.ts';
import { portalDeposit } from './bridge.ts';
import { rollupIdentity } from '../configs.ts';
import { optimisticTier } from '../tier.ts';
import { type EvmAccount, evmAccountRequest, verifyEvmAccount } from '../evm-account.ts';
import { OP_STACK_KIND, type OpStackConfig, parseOpStackConfig } from './config.ts';
import { opStackAcceptedState, opStackGames, opStackL1Slots, opStackL2Header, opStackLiveness } from './follow.ts';
import { aggregateResolution, aggregateZkL1Slots, hasZkLeg, aggregateZkProofSteps, aggregateZkStepProof, aggregateZkStepSlots } from './aggregate-zk.ts';

export const opStackAdapter: RollupAdapter<OpStackConfig, EvmAccount> = {
  kind: OP_STACK_KIND,
  // Dispute games are created about hourly (docs/research/real-rollups.md §1.7).
  followEveryMs: 10 * 60_000,
  accounts: 'evm',
  // The factory's newest games (./follow.ts opStackLiveness); deposits not seen on L2 are not in
  // L1 storage, so no queue fact.
  words: { unit: 'L2 block', lastBatch: 'newest dispute game', frozen: 'paused on L1' },
  parseConfig: parseOpStackConfig,
  identity: rollupIdentity,
  depositBridge: (config) => ({ address: config.optimismPortal.address.toLowerCase(), contract: 'OptimismPortal', deposit: portalDeposit }),

  // Fault proofs are an interactive game on L1: nothing to re-run here, so the provenance says what L1 decided.
  tier(config, proven, accepted) {
    return optimisticTier(accepted.status, accepted.status === 'claimed' ? (this.claimedUntil?.(config, proven).until ?? null) : null);
  },
  provenance: (_config, _proven, accepted) =>
    accepted.status === 'finalized'
      ? `output root of a dispute game L1 resolved for its defender and finalized (L2 block ${accepted.batch}), checked against the L2 header here`
      : `output root claimed by a dispute game still open on L1 (L2 block ${accepted.batch}), checked against the L2 header here: a challenge may still undo it`,

  // Base's AggregateVerifier games: the accepted game's ZK leg (and its parents') re-verified here
  // (./aggregate-zk.ts) when the config pins it; otherwise (OP's fault games) no step, the tier above.
  l1Slots: (config, proven) => [...opStackL1Slots(config, proven), ...aggregateZkL1Slots(config, proven)],
  hasProofSteps: hasZkLeg,
  proofSteps: (config, proven) => aggregateZkProofSteps(config, proven),
  stepSlots: aggregateZkStepSlots,
  stepProof: aggregateZkStepProof,
  l2Header: opStackL2Header,
  acceptedState: opStackAcceptedState,
  liveness: opStackLiveness,

  // The accepted game's L2 block: its stateRoot is the accepted root.
  l2AccountRequest: (_config, accepted, query) => evmAccountRequest(query, bigIntToHex(accepted.batch)),
  verifyAccount: (_config, root, proof, query) => verifyEvmAccount(root, proof, query),

  /**
   * The game's resolution time plus the finality delay (AnchorStateRegistry.isGameFinalized), or,
   * while the game runs, "its game is resolved and the delay passes".
   */
  claimedUntil(config, proven) {
    const delay = config.delays.disputeGameFinalityDelaySeconds;
    const days = `${Math.round((delay / 86_400) * 10) / 10} days`;
    let resolvedAt = 0n;
    let resolution: ReturnType<typeof aggregateResolution> = null;
    try {
      if (proven) {
        const game = opStackGames(config, proven).chosen;
        resolvedAt = game.resolvedAt;
        // An AggregateVerifier game resolves at its expectedResolution: 1 day after its second proof, 5 after its only one.
        if (game.kind === 'aggregate-verifier') resolution = aggregateResolution(game.expectedResolution, game.proofCount);
      }
    } catch {
      // The storage it was read from no longer names the game: the words below still hold.
    }
    if (resolvedAt > 0n) return { until: Number(resolvedAt) + delay, note: `its game was resolved and ${days} pass` };
    if (resolution !== null) return { until: resolution.until === null ? null : resolution.until + delay, note: delay > 0 ? `${resolution.note} and ${days} pass` : resolution.note };
    return { until: null, note: `its dispute game is resolved and ${days} more pass` };
  },
};
