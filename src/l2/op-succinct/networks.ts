/**
 * `op-succinct-l2oo-v1` configs of Mantle (5000, shipped) and Phala (2035, not shipped: see PHALA), on Ethereum mainnet, as
 * JSON the wallet parses with `parseOpSuccinctConfig` (config.ts). Sources: research
 * zk-rollups-2026-11 §1 and succinctlabs/sp1-contracts d3629729 `contracts/deployments/1.json`.
 *
 * No primary source available offline holds either chain's program keys (aggregation vkey, range
 * vkey commitment, rollup config hash), so neither config pins them: their outputs' proofs are
 * re-verified here against the keys L1 holds and count as "accepted by L1's verifier". A config
 * that pins them (a file given to --rollup-config, or an update here) makes them "re-verified here".
 * The oracle addresses, Mantle's implementation and the gateways the oracles call come from
 * secondary sources and are marked unconfirmed: a proven value that differs stops the rollup
 * (L2_VERIFIER_CHANGED) rather than being believed.
 * @module
 */
import { SHIPPED_ROLLUPS } from '../shipped.ts';

/** sp1-contracts d3629729 contracts/deployments/1.json (lower-cased). */
const SP1_DEPLOYMENTS = {
  groth16Gateway: '0x397a5f7f3dbd538f23de225b51f532c34448da9b',
  plonkGateway: '0x3b6041173b80e77f038f3f2c0f9744f04837185e',
  'groth16-v5.0.0': '0x50acfbedecf4cbe350e1a86fc6f03a821772f1e5',
  'groth16-v6.0.0': '0x99a74a05a0fabeb217c1a329b0dac59a1fa52508',
  'groth16-v6.1.0': '0xb69f2584cbcff99a58c4e7002e8b89af54a6f4e2',
  'plonk-v5.0.0': '0x0459d576a6223feea177fb3df53c9c77bf84c459',
  'plonk-v6.0.0': '0x8a0fd5e825d14368d90fe68f31fceae3e17afc5c',
  'plonk-v6.1.0': '0xc3c6dddac8829b233dc6536ec024775a57b0af2a',
} as const;
const DEPLOYMENTS_SOURCE = 'succinctlabs/sp1-contracts d3629729c3216eb51bd4859d027a8eb729399fa4 contracts/deployments/1.json';

const releases = (ids: (keyof typeof SP1_DEPLOYMENTS)[]) => ids.map((id) => ({ id, verifier: SP1_DEPLOYMENTS[id] }));

export const MANTLE = {
  ...SHIPPED_ROLLUPS.mantle,
  layout: 'v2',
  oracle: { address: '0x31d543e7be1da6efdc2206ef7822879045b9f481', implementation: '0x4059509ffb703b048d1e9ce3118f90e759076f50' },
  program: {},
  // The PLONK gateway per a 2026-10-01 reading of live storage (research §1.4 ⚠); its SP1 5.x and 6.x releases (Mantle's op-succinct pins sp1-sdk 6.1.0).
  verifier: { address: SP1_DEPLOYMENTS.plonkGateway, gateway: true, releases: releases(['plonk-v5.0.0', 'plonk-v6.0.0', 'plonk-v6.1.0']) },
  portal: { address: '0xc54cb22944f2be476e02decfcd7e3e7d3e15a8fb', bridge: 'mantle', sequencingWindowL1Blocks: 3600 },
  verifySteps: 3,
  // Outputs about hourly; the finalization period is 12 h (research §1.4).
  liveness: { delayedAfterSeconds: 3 * 3600, stalledAfterSeconds: 12 * 3600 },
  unconfirmed: ['oracle.address', 'oracle.implementation', 'verifier.address', 'portal.address'],
  sources: {
    layout: 'mantle-xyz/op-succinct 8cc70157 contracts/src/validity/OPSuccinctL2OutputOracle.sol (v2.0.1), slots re-derived with solc (research §1.1)',
    oracle: 'research §1.4: CLPR (index 70892374567) and Whisker17/multica-research (index 55774710296), read from live storage 2026-10-01',
    verifier: `research §1.4 (CLPR) for the gateway; ${DEPLOYMENTS_SOURCE} for the gateways and each release's verifier`,
    nativeCurrency: 'Mantle: gas paid in MNT (research §1.4)',
    portal:
      'research §1.4 and l2beat/l2beat Mantle discovery (OptimismPortal 0xc54cb229…a8fb, version 1.7.0); mantlenetworkio/mantle-v2 feb2a588c packages/contracts-bedrock/deploy-config/mantle-mainnet.json (sequencerWindowSize 3600)',
  },
} as const;

/**
 * Phala's config, not shipped: no public L2 RPC was found in a source this project can cite, and a
 * rollup followed by default needs one. Written out (and tested) for a user to save as a file and
 * follow with --rollup-config and --l2-rpc.
 */
export const PHALA = {
  kind: 'op-succinct-l2oo-v1',
  name: 'Phala',
  chainId: 2035,
  l1ChainId: 1,
  layout: 'v3',
  oracle: { address: '0xb45440830bd8d288bb2b5b01be303ae60fc855d8' },
  // OP Succinct's genesis config name, keccak256("opsuccinct_genesis") (succinctlabs/op-succinct ecfaa08b OPSuccinctL2OutputOracle.sol L119).
  program: { configName: '0xae8304f40f7123e0c87b97f8a600e94ff3a3a25be588fc66b8a3717c8959ce77' },
  verifier: { address: SP1_DEPLOYMENTS.groth16Gateway, gateway: true, releases: releases(['groth16-v5.0.0', 'groth16-v6.0.0', 'groth16-v6.1.0']) },
  verifySteps: 3,
  liveness: { delayedAfterSeconds: 3 * 3600, stalledAfterSeconds: 12 * 3600 },
  unconfirmed: ['oracle.address', 'program.configName', 'verifier.address', 'nativeCurrency'],
  sources: {
    layout: 'succinctlabs/op-succinct ecfaa08b contracts/src/validity/OPSuccinctL2OutputOracle.sol (upstream v3), slots re-derived with solc (research §1.1)',
    oracle: 'research §1.4: l2beat/l2beat packages/config/src/projects/phala/phala.ts (index 7115626383)',
    verifier: `op-succinct's default Groth16 gateway; ${DEPLOYMENTS_SOURCE} for each release's verifier`,
  },
} as const;

export const OP_SUCCINCT_NETWORKS: Record<string, Record<string, unknown>> = { mantle: MANTLE };
