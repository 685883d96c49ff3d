/**
 * The `arbitrum-nitro-v1` rollup adapter (Arbitrum One, …): its newest confirmed assertion read
 * from proven L1 storage by ./follow.ts, its L2 accounts Ethereum's, and how the wallet speaks of
 * them.
 * @module
 */
import { bigIntToHex } from '../../core/bytes.ts';
import type { RollupAdapter } from '../adapter.ts';
import { inboxDeposit } from './bridge.ts';
import { rollupIdentity } from '../configs.ts';
import { optimisticTier } from '../tier.ts';
import { type EvmAccount, evmAccountRequest, verifyEvmAccount } from '../evm-account.ts';
import { ARBITRUM_KIND, type ArbitrumConfig, parseArbitrumConfig } from './config.ts';
import { arbitrumAcceptedState, arbitrumL1Slots, arbitrumL2Header, arbitrumLiveness } from './follow.ts';

export const arbitrumAdapter: RollupAdapter<ArbitrumConfig, EvmAccount> = {
  kind: ARBITRUM_KIND,
  // An assertion is confirmed about hourly, after its week-long challenge period (docs/research/real-rollups.md §3.4).
  followEveryMs: 15 * 60_000,
  accounts: 'evm',
  words: {
    unit: 'L2 block',
    // The latest confirmed assertion's creation (its AssertionNode).
    lastBatch: 'latest confirmed assertion created',
    // The delayed inbox's unread messages are proven, their age is not (0 is a lower bound).
    queue: { empty: 'delayed inbox: every message read', waiting: 'delayed inbox: messages waiting (their age is not proven)', waitProven: false },
    frozen: 'paused on L1: nothing is confirmed',
  },
  parseConfig: parseArbitrumConfig,
  identity: rollupIdentity,
  depositBridge: (config) => ({ address: config.contracts.inbox.toLowerCase(), contract: 'Inbox', deposit: inboxDeposit }),

  // BoLD's challenges are settled on L1: nothing to re-run here, so the provenance says what L1 decided.
  // A confirmed assertion's challenge period is over: final; an unconfirmed one would still be open.
  tier: (_config, _proven, accepted) => optimisticTier(accepted.status, null),
  provenance: (_config, _proven, accepted) => `send root of the newest assertion L1 confirmed (L2 block ${accepted.batch}), its L2 header checked against it here`,

  l1Slots: arbitrumL1Slots,
  l2Header: arbitrumL2Header,
  acceptedState: arbitrumAcceptedState,
  liveness: arbitrumLiveness,
  // The confirmed L2 block: its stateRoot is the accepted root.
  l2AccountRequest: (_config, accepted, query) => evmAccountRequest(query, bigIntToHex(accepted.batch)),
  verifyAccount: (_config, root, proof, query) => verifyEvmAccount(root, proof, query),
};
