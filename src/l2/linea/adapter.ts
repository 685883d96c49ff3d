/**
 * The `linea-v1` rollup adapter: the last finalized L2 block's state root from LineaRollup's proven
 * storage, the finalization's aggregation proof re-verified here (./follow.ts), and how the wallet
 * speaks of it. Linea keeps its accounts in a sparse Merkle trie hashed with MiMC over BLS12-377,
 * which Vigil does not prove yet: a Linea balance is the L2 RPC's at the finalized block, shown
 * with the root's tier and as not proven, never signed against.
 * @module
 */
import { VerificationError } from '../../core/errors.ts';
import type { RollupAdapter } from '../adapter.ts';
import { rollupIdentity } from '../configs.ts';
import { LINEA_KIND, type LineaConfig, parseLineaConfig } from './config.ts';
import {
  lineaAcceptedState,
  lineaL1Slots,
  lineaL2Header,
  lineaLiveness,
  lineaProofSteps,
  lineaProvenance,
  lineaStepLogs,
  lineaStepProof,
  lineaStepSlots,
} from './follow.ts';

export const LINEA_ACCOUNT_NOT_PROVEN = "account not proven (Linea's trie)";

export const lineaAdapter: RollupAdapter<LineaConfig, never> = {
  kind: LINEA_KIND,
  // Finalizations come hours apart.
  followEveryMs: 10 * 60_000,
  accounts: 'unproven',
  words: { unit: 'L2 block', lastBatch: 'last finalization', frozen: 'paused on L1', accountNotProven: LINEA_ACCOUNT_NOT_PROVEN },
  parseConfig: parseLineaConfig,
  identity: rollupIdentity,

  l1Slots: (config, proven) => lineaL1Slots(config, proven),
  l2Header: lineaL2Header,
  acceptedState: lineaAcceptedState,
  liveness: lineaLiveness,

  proofSteps: lineaProofSteps,
  stepSlots: lineaStepSlots,
  stepLogs: lineaStepLogs,
  stepProof: lineaStepProof,
  provenance: (config, _proven, accepted) => lineaProvenance(config, accepted),

  // No proof to ask for: the caller reads the balance and nonce at the finalized block
  // (src/client/rollups/l2-accounts.ts unprovenL2Account) and shows them as not proven.
  verifyAccount: () => {
    throw new VerificationError('L2_ACCOUNT_NOT_PROVABLE', `Linea's accounts are in a sparse Merkle trie hashed with MiMC over BLS12-377, which Vigil does not prove yet: ${LINEA_ACCOUNT_NOT_PROVEN}`);
  },
};
