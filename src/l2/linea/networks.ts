/**
 * The `linea-v1` config of Linea (59144, on Ethereum mainnet), as JSON the wallet parses with
 * `parseLineaConfig` (config.ts). Sources named per field in `sources`.
 * @module
 */
import { SHIPPED_ROLLUPS } from '../shipped.ts';

const LIN = 'Consensys/linea-monorepo cb180134d7b7904ca588e6d99264b7b10fe06929';

export const LINEA_MAINNET = {
  ...SHIPPED_ROLLUPS.linea,
  rollup: {
    address: '0xd19d4b5d358258f05d7b411e21a1460d11b0876f',
    currentL2BlockNumberSlot: 281,
    stateRootHashesSlot: 282,
    verifiersSlot: 283,
  },
  verifiers: [{ proofType: 1, key: 'linea-mainnet-full-paris', layout: 'v3' }],
  // 7,200 blocks: a day of L1, the stalled threshold: a finalization not found in it is at least that old.
  finalizationSearchBlocks: 7_200,
  liveness: { delayedAfterSeconds: 8 * 3600, stalledAfterSeconds: 24 * 3600 },
  sources: {
    'rollup.address': `${LIN} contracts/deployments/addresses/mainnet.json (LineaRollup)`,
    'rollup slots': `${LIN} contracts/src/rollup/ZkEvmV2.sol (currentL2BlockNumber 281, stateRootHashes 282, verifiers 283; research zk-rollups-2026-11 §3)`,
    verifiers: 'the mainnet aggregation proof 24288348–24288678 (prover 6.0.4, aggregatedVerifierIndex 1) verifies under paris/PlonkVerifierMainnetFull.sol with the v3 public input (test/fixtures/linea/NOTICE.md)',
  },
} as const;

export const LINEA_NETWORKS: Record<string, Record<string, unknown>> = { linea: LINEA_MAINNET };
