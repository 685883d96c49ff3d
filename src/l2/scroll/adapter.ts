/**
 * The `scroll-v1` rollup adapter (Scroll, Scroll Sepolia): its last finalized batch read from
 * proven L1 storage by ./follow.ts, its L2 accounts Ethereum's (since Euclid), and how the wallet
 * speaks of them.
 * @module
 */
import type { RollupAdapter } from '../adapter.ts';
import { rollupIdentity } from '../configs.ts';
import { type EvmAccount, evmAccountRequest, verifyEvmAccount } from '../evm-account.ts';
import { parseScrollConfig, SCROLL_KIND, type ScrollConfig } from './config.ts';
import { scrollProofSteps, scrollStepLogs, scrollStepProof, scrollStepSlots } from './bundle-proof.ts';
import { decodeMiscData, scrollAcceptedState, scrollL1Slots, scrollLiveness, scrollProvenance } from './follow.ts';
import { provenSlot } from '../slots.ts';

export const scrollAdapter: RollupAdapter<ScrollConfig, EvmAccount> = {
  kind: SCROLL_KIND,
  // Bundles are finalized about hourly (docs/research/real-rollups.md §4.4).
  followEveryMs: 15 * 60_000,
  accounts: 'evm',
  // miscData.lastFinalizeTimestamp; the oldest unfinalized L1 message's enqueue time.
  words: {
    unit: 'batch',
    lastBatch: 'last finalization',
    queue: { empty: 'L1 message queue empty', waiting: 'oldest L1 message waited', waitProven: true },
    frozen: 'frozen on L1',
  },
  parseConfig: parseScrollConfig,
  identity: rollupIdentity,

  l1Slots: scrollL1Slots,
  acceptedState: scrollAcceptedState,
  provenance: (config, proven) => scrollProvenance(config, proven),
  liveness: scrollLiveness,
  // Its halo2-KZG bundle proofs: the pinned plonk verifier's bytecode run here on the call
  // ScrollChain's verifier makes (./bundle-proof.ts), where the config pins it.
  proofSteps: (config, proven, accepted) => {
    const misc = decodeMiscData(config, provenSlot(proven, config.contracts.scrollChain.address, { slot: config.slots.scrollChain.miscData }, 'ScrollChain'));
    return scrollProofSteps(config, proven, accepted, misc.lastFinalizeTimestamp);
  },
  stepLogs: scrollStepLogs,
  stepSlots: scrollStepSlots,
  stepProof: scrollStepProof,

  // L1's storage names the batch, not its last L2 block: the L2 RPC's finalized block, whose
  // proof verifies only while it is the batch L1 finalized last (a newer one fails until L1 catches up).
  l2AccountRequest: (_config, _accepted, query) => evmAccountRequest(query, 'finalized'),
  verifyAccount: (_config, root, proof, query) => verifyEvmAccount(root, proof, query),
};
