/**
 * The `linea-v1` config of Linea (59144, on Ethereum mainnet), as JSON the wallet parses with
 * `parseLineaConfig` (config.ts). Sources named per field in `sources`; what no primary source
 * confirms is said there.
 * @module
 */
import { SHIPPED_ROLLUPS } from '../shipped.ts';

const LIN = 'Consensys/linea-monorepo cb180134d7b7904ca588e6d99264b7b10fe06929';
const DOC = 'Consensys/doc.linea 994028bcdd5f4a8d307464972364e2f8944eb8b6';

/** Every key Vigil ships for Linea's mainnet verifiers: the one in the proven verifier's code is used. */
const MAINNET_KEYS = ['linea-full-small-fields-ba3e9119', 'linea-full-small-fields-7.0.7', 'linea-mainnet-7702-v6.1.8', 'linea-mainnet-osaka-beta-v4.4', 'linea-mainnet-full-paris'];

export const LINEA_MAINNET = {
  ...SHIPPED_ROLLUPS.linea,
  rollup: {
    address: '0xd19d4b5d358258f05d7b411e21a1460d11b0876f',
    implementations: [
      { address: '0x59290394ddc1cf84e671701a929710643c343530', layout: 'v4' },
      { address: '0xe68697690e8ff196a6abb3e1385156d87df85332', layout: 'v3-chain' },
      { address: '0x04728bf704a716c26f9ef4085013b760ac885631', layout: 'v3' },
      { address: '0x07ddce60658a61dc1732cacf2220fce4a01c49b0', layout: 'v3' },
    ],
    currentL2BlockNumberSlot: 281,
    stateRootHashesSlot: 282,
    verifiersSlot: 283,
    forcedTransactionRollingHashesSlot: 452,
  },
  // Mainnet finalizes with proof type 1; 0 was set again in April 2026.
  verifiers: [
    { proofType: 1, keys: MAINNET_KEYS },
    { proofType: 0, keys: MAINNET_KEYS },
  ],
  // 7,300 blocks: more than the stalled threshold (a day) at 12 s a block, so a finalization not found in them is stalled.
  finalizationSearchBlocks: 7_300,
  liveness: { delayedAfterSeconds: 8 * 3600, stalledAfterSeconds: 24 * 3600 },
  sources: {
    'rollup.address': `${LIN} contracts/deployments/addresses/mainnet.json (LineaRollup)`,
    'rollup slots': `solc storageLayout of ${LIN} contracts/src/rollup/LineaRollup.sol (currentL2BlockNumber 281, stateRootHashes 282, verifiers 283 in ZkEvmV2; forcedTransactionRollingHashes 452 in LineaRollupBase), the same for every slot ≤ 447 at df304158 (6.0); 283 and 452 read by the 8.0 bytecode in contracts/deployments/bytecode/2026-02-20`,
    'rollup.implementations': `${DOC} security-council-record: 6.0 0x07ddce60 (2024-12), 7.0 0x04728bf7 (Nonce 67, 2026-03-01), 7.1 0xe6869769 (Nonce 70, 2026-03-31), 8.0 0x59290394 (Nonce 77, 2026-07-14; its execution on chain not confirmed offline). Layouts: LineaRollupBase._computePublicInput at 9366e3f6~1 (12 words), e32aa290 (13, with getChainConfiguration), cb180134 (18, FinalizationDataV4)`,
    verifiers: `proof type 1 from ${LIN} prover/config/config-mainnet-limitless.toml (verifier_id = 1); the keys of every mainnet PlonkVerifier linea-monorepo published (test/fixtures/linea/NOTICE.md). The verifier set on 2026-07-14 (0x09ac9f7e, Nonce 77) postdates cb180134: its key is not shipped, and a finalization it verified is shown as L1's word`,
    l2Rpc: `${DOC} network/build/connect.mdx`,
  },
} as const;

export const LINEA_NETWORKS: Record<string, Record<string, unknown>> = { linea: LINEA_MAINNET };
