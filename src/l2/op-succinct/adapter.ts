/**
 * The `op-succinct-l2oo-v1` rollup adapter (Mantle, Phala): outputs read from the OP Succinct
 * oracle's proven storage and their SP1 proofs re-verified here (./follow.ts), L2 accounts
 * Ethereum's at the output's block, and how the wallet speaks of them.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import type { RollupAdapter } from '../adapter.ts';
import { rollupIdentity } from '../configs.ts';
import { type EvmAccount, evmAccountRequest, verifyEvmAccount } from '../evm-account.ts';
import { OP_SUCCINCT_KIND, type OpSuccinctConfig, parseOpSuccinctConfig } from './config.ts';
import {
  opSuccinctAcceptedState,
  opSuccinctClaimedUntil,
  opSuccinctL1Slots,
  opSuccinctL2Header,
  opSuccinctLiveness,
  opSuccinctProofSteps,
  opSuccinctStepProof,
  opSuccinctStepSlots,
} from './follow.ts';

export const opSuccinctAdapter: RollupAdapter<OpSuccinctConfig, EvmAccount> = {
  kind: OP_SUCCINCT_KIND,
  // Outputs are proposed about hourly on Mantle (submissionInterval; research §1.4).
  followEveryMs: 10 * 60_000,
  accounts: 'evm',
  words: { unit: 'L2 block', lastBatch: 'newest output', frozen: 'paused on L1' },
  parseConfig: parseOpSuccinctConfig,
  identity: rollupIdentity,

  l1Slots: opSuccinctL1Slots,
  l2Header: opSuccinctL2Header,
  acceptedState: opSuccinctAcceptedState,
  liveness: opSuccinctLiveness,
  claimedUntil: opSuccinctClaimedUntil,

  proofSteps: (config, proven) => opSuccinctProofSteps(config, proven),
  stepSlots: opSuccinctStepSlots,
  stepProof: opSuccinctStepProof,
  provenance: (config, _proven, accepted) =>
    `output root of L2 block ${accepted.batch} in ${config.name}'s OP Succinct oracle, checked against the L2 header here` +
    (config.unconfirmed.length > 0 ? `; pins not confirmed from a primary source: ${config.unconfirmed.join(', ')}` : ''),

  // The output's L2 block: its stateRoot is the accepted root.
  l2AccountRequest: (_config, accepted, query) => evmAccountRequest(query, bigIntToHex(accepted.batch)),
  verifyAccount: (_config, root, proof, query) => verifyEvmAccount(root, proof, query),
};
