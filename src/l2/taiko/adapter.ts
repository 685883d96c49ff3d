/**
 * The `taiko-shasta-v1` rollup adapter (Taiko Alethia): the last finalized L2 block from the
 * Inbox's proven core state and the SignalService checkpoint (./follow.ts), L2 accounts
 * Ethereum's at that block, and how the wallet speaks of them.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import type { RollupAdapter } from '../adapter.ts';
import { rollupIdentity } from '../configs.ts';
import { type EvmAccount, evmAccountRequest, verifyEvmAccount } from '../evm-account.ts';
import { parseTaikoConfig, TAIKO_KIND, type TaikoConfig } from './config.ts';
import { taikoAcceptedState, taikoL1Slots, taikoL2Header, taikoLiveness, taikoProofSteps, taikoProvenance, taikoStepProof } from './follow.ts';

export const taikoAdapter: RollupAdapter<TaikoConfig, EvmAccount> = {
  kind: TAIKO_KIND,
  // Proposals are proven in batches, minutes to hours apart.
  followEveryMs: 10 * 60_000,
  accounts: 'evm',
  words: { unit: 'L2 block', lastBatch: 'last finalization', frozen: 'paused on L1' },
  parseConfig: parseTaikoConfig,
  identity: rollupIdentity,

  l1Slots: taikoL1Slots,
  l2Header: taikoL2Header,
  acceptedState: taikoAcceptedState,
  liveness: taikoLiveness,
  // The last finalization's ZK leg is re-verified here (./follow.ts); the follower derives the tier.
  proofSteps: (config, proven) => taikoProofSteps(config, proven),
  stepProof: taikoStepProof,
  provenance: (config, _proven, accepted) => taikoProvenance(config, accepted),

  l2AccountRequest: (_config, accepted, query) => evmAccountRequest(query, bigIntToHex(accepted.batch)),
  verifyAccount: (_config, root, proof, query) => verifyEvmAccount(root, proof, query),
};
