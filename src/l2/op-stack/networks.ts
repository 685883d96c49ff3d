/**
 * OP Mainnet and OP Sepolia as `op-stack-fault-proofs-v1` config JSON (what a user's config file
 * holds; read with parseOpStackConfig), each fact from docs/research/real-rollups.md §1 and the
 * sources it cites. Base is not here: its AggregateVerifier games are another kind (research §2).
 * @module
 */

const REGISTRY = 'ethereum-optimism/superchain-registry superchain/extra/addresses/addresses.json and superchain/configs/{mainnet,sepolia}/op.toml @ 8336d2aedd19b87a57b01ae36ba4afef8ea377d0';
const LAYOUTS =
  'ethereum-optimism/optimism packages/contracts-bedrock/snapshots/storageLayout/{DisputeGameFactory,FaultDisputeGame,AnchorStateRegistry}.json @ op-contracts/v7.0.0 (a7c88c8d636ceb9944ea0edaf7d033da258778ab)';
const CWIA =
  'solady src/utils/LibClone.sol @ 502cc1ea718e6fa73b380635ee0868b0740595f0 (clone with immutable args: args at code offset 0x62); FaultDisputeGame.sol / PermissionedDisputeGame.sol getters @ op-contracts/v7.0.0 (rootClaim 20, gameType 84, l2BlockNumber 88, l2ChainId 212, 244/284 bytes)';
const DELAYS =
  'ethereum-optimism/superchain-registry validation/standard/standard-config-params-{mainnet,sepolia}.toml (dispute_game_finality_delay_seconds = 302400, proof_maturity_delay_seconds = 604800): the standard values, immutables of the deployed implementations, not read from chain';
const RESPECTED = 'ethereum-optimism/superchain-registry validation/standard/standard-config-params-{mainnet,sepolia}.toml (respected_game_type = 0)';

/** v2 FaultDisputeGame (2.x) proxies' immutable args (research §1.5). */
export const V2_FAULT_LAYOUT = { argsLength: 244, rootClaim: 20, gameType: 84, l2BlockNumber: 88, l2ChainId: 212 } as const;
/** v2 PermissionedDisputeGame (2.x): the fault layout plus proposer and challenger. */
export const V2_PERMISSIONED_LAYOUT = { ...V2_FAULT_LAYOUT, argsLength: 284 } as const;
/** Games created before the v2 games (FDG ≤ 1.8.0): creator, rootClaim, l1Head, l2BlockNumber. */
export const LEGACY_LAYOUT = { argsLength: 116, rootClaim: 20, l2BlockNumber: 84 } as const;

/** The v7 slots shared by both networks (research §1.3). */
const SHARED = {
  kind: 'op-stack-fault-proofs-v1',
  accept: 'finalized',
  gameStorage: { slot: 0, createdAtOffset: 0, resolvedAtOffset: 8, statusOffset: 16, l2BlockNumberChallengedOffset: 18 },
  respectedGameType: 0,
  // The registry lists the same v7 implementations for both chains: per-chain values are in the args.
  games: [
    { gameType: 0, implementation: '0x2DDA3584b51eF5236f7726Dea5A0FB6B3cA94AeC', layout: V2_FAULT_LAYOUT, wasRespectedGameTypeWhenCreatedSlot: 10 },
    { gameType: 1, implementation: '0xe1dFFCBE4e22B813F26d2106D943C102e7cAb87e', layout: V2_PERMISSIONED_LAYOUT, wasRespectedGameTypeWhenCreatedSlot: 10 },
  ],
  delays: { disputeGameFinalityDelaySeconds: 302400, proofMaturityDelaySeconds: 604800 },
  maxGamesBack: 16,
  // Games come about hourly (an operational cadence, not a protocol rule: research §1.7).
  liveness: { delayedAfterSeconds: 3 * 3600, stalledAfterSeconds: 12 * 3600 },
  sources: { addresses: REGISTRY, storageLayout: LAYOUTS, cwia: CWIA, delays: DELAYS, respectedGameType: RESPECTED },
} as const;

export const OP_MAINNET = {
  ...SHARED,
  name: 'OP Mainnet',
  chainId: 10,
  l1ChainId: 1,
  l2Rpc: 'https://mainnet.optimism.io',
  disputeGameFactory: { address: '0xe5965Ab5962eDc7477C8520243A95517CD252fA9', disputeGamesSlot: 103, disputeGameListSlot: 104 },
  anchorStateRegistry: {
    address: '0x23B2C62946350F4246f9f9D027e071f0264FD113',
    anchorGameSlot: 2,
    blacklistSlot: 5,
    respectedGameTypeSlot: 6,
    respectedGameTypeOffset: 0,
    retirementTimestampOffset: 4,
  },
  optimismPortal: { address: '0xbEb5Fc579115071764c7423A4f12eDde41f106Ed' },
} as const;

export const OP_SEPOLIA = {
  ...SHARED,
  name: 'OP Sepolia',
  chainId: 11155420,
  l1ChainId: 11155111,
  l2Rpc: 'https://sepolia.optimism.io',
  disputeGameFactory: { address: '0x05F9613aDB30026FFd634f38e5C4dFd30a197Fa1', disputeGamesSlot: 103, disputeGameListSlot: 104 },
  anchorStateRegistry: {
    address: '0xa1Cec548926eb5d69aa3B7B57d371EdBdD03e64b',
    anchorGameSlot: 2,
    blacklistSlot: 5,
    respectedGameTypeSlot: 6,
    respectedGameTypeOffset: 0,
    retirementTimestampOffset: 4,
  },
  optimismPortal: { address: '0x16Fc5058F25648194471939df75CF27A2fdC48BC' },
} as const;

/** By the names `--rollup-config` takes. */
export const OP_STACK_NETWORKS = { 'op-mainnet': OP_MAINNET, 'op-sepolia': OP_SEPOLIA } as const;
