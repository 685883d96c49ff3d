/**
 * OP Mainnet, OP Sepolia, Base and Base Sepolia as `op-stack-fault-proofs-v1` config JSON (what a
 * user's config file holds; read with parseOpStackConfig), each fact from
 * docs/research/real-rollups.md §1 (OP) and §2 (Base) and the sources cited beside it.
 * @module
 */
import { SHIPPED_ROLLUPS } from '../shipped.ts';

const REGISTRY = 'ethereum-optimism/superchain-registry superchain/extra/addresses/addresses.json and superchain/configs/{mainnet,sepolia}/op.toml @ 8336d2aedd19b87a57b01ae36ba4afef8ea377d0';
const LAYOUTS =
  'ethereum-optimism/optimism packages/contracts-bedrock/snapshots/storageLayout/{DisputeGameFactory,FaultDisputeGame,AnchorStateRegistry}.json @ op-contracts/v7.0.0 (a7c88c8d636ceb9944ea0edaf7d033da258778ab)';
const CWIA =
  'solady src/utils/LibClone.sol @ 502cc1ea718e6fa73b380635ee0868b0740595f0 (clone with immutable args: args at code offset 0x62); FaultDisputeGame.sol / PermissionedDisputeGame.sol getters @ op-contracts/v7.0.0 (rootClaim 20, gameType 84, l2BlockNumber 88, l2ChainId 212, 244/284 bytes)';
const DELAYS =
  'ethereum-optimism/superchain-registry validation/standard/standard-config-params-{mainnet,sepolia}.toml (dispute_game_finality_delay_seconds = 302400, proof_maturity_delay_seconds = 604800): the standard values, immutables of the deployed implementations, not read from chain';
const RESPECTED = 'ethereum-optimism/superchain-registry validation/standard/standard-config-params-{mainnet,sepolia}.toml (respected_game_type = 0)';

const PORTALS =
  'ethereum-optimism/superchain-registry validation/standard/standard-versions-{mainnet,sepolia}.toml @ 8336d2aedd19b87a57b01ae36ba4afef8ea377d0 (optimism_portal 5.6.1 = 0xe89f13c5… at op-contracts/v7.0.0-rc.2…rc.4 on both; 5.8.0 = 0x1005217a… at v8.0.0-rc.2 and v8.0.0-pcdtest on Sepolia); ethereum-optimism/optimism packages/contracts-bedrock src/L1/OptimismPortal2.sol (the output-root call by factory index; for GameTypes.isSuperGame types 4, 5, 7, 9 the chain output root is rootClaimByChainId(systemConfig.l2ChainId()): in 5.6.1 per #20924/#19816, and in the 5.11.0 source indexed). Which of them OP Mainnet and OP Sepolia run is not in the registry: the exit reads the portal proxy\'s EIP-1967 slot and stops on any other.';

/** OptimismPortal2 5.6.1 and later: output-root proofs, a super-root game's entry read by the portal (src/l2/op-stack/portal-proof.ts). */
const OP_PORTALS = [
  { address: '0xe89f13c5ee4033b2d3cd76c9d6958efbfe26d3c2', proofForm: 'output-root', superGameTypes: [4, 5, 7, 9] },
  { address: '0x1005217ad392dc64cef501fa1777a27d42166748', proofForm: 'output-root', superGameTypes: [4, 5, 7, 9] },
] as const;

/** v2 FaultDisputeGame (2.x) proxies' immutable args (research §1.5). */
export const V2_FAULT_LAYOUT = { argsLength: 244, rootClaim: 20, gameType: 84, l2BlockNumber: 88, l2ChainId: 212 } as const;
/** v2 PermissionedDisputeGame (2.x): the fault layout plus proposer and challenger. */
export const V2_PERMISSIONED_LAYOUT = { ...V2_FAULT_LAYOUT, argsLength: 284 } as const;
/** Games created before the v2 games (FDG ≤ 1.8.0): creator, rootClaim, l1Head, l2BlockNumber. */
export const LEGACY_LAYOUT = { argsLength: 116, rootClaim: 20, l2BlockNumber: 84 } as const;

// ---- Super-root games (research gloas-2026-11.md §5) ----------------------------------------

const SUPER_CWIA =
  'ethereum-optimism/optimism packages/contracts-bedrock src/dispute/SuperFaultDisputeGame.sol 0.8.0 (#18605 "provable output roots", #21311 fixed layout: creator 0, rootClaim 20, l1Head 52, gameType 84, extraData = the super-root preimage from 88, then 124 bytes of game args: absolutePrestate, vm, anchorStateRegistry, weth, l2ChainId 0; initialize requires hashSuperRootProof(decode(extraData)) == rootClaim, l2SequenceNumber = the preimage timestamp at 89) and src/libraries/Encoding.sol encodeSuperRootProof; one-chain preimage confirmed by optimism#20545 (op-challenger create-game: 0x01 ‖ uint64 timestamp ‖ uint256 chainId ‖ bytes32 outputRoot) and polytope-labs/hyperbridge#1300';
const SUPER_LAYOUTS =
  'ethereum-optimism/optimism packages/contracts-bedrock/snapshots/storageLayout/SuperFaultDisputeGame.json @ 949cc5a7c248468c7544175720780b35b29c00aa (slot 0: createdAt 0, resolvedAt 8, status 16, initialized 17 — no block-number challenge, #14431; claimData 1; wasRespectedGameTypeWhenCreated slot 9 offset 0); the same map for 0.8.0 read against live mainnet storage by hiero-ledger (UnichainProfile.sol: game state slot 0, wasRespected slot 9)';
const SUPER_IMPLEMENTATION =
  'SuperFaultDisputeGame 0.8.0 at 0x19AF533Cc2A2A55786DCB8672aA5717e64213208: the DisputeGameFactory gameImpls(9) of OP Sepolia (polytope-labs/hyperbridge#1300, 2026-09-21: "adding game type 9 for OP Sepolia pointing at 0x19AF…3208") and of Unichain on Ethereum mainnet (hiero-ledger UnichainProfile.sol, read 2026-10-01 from gameImpls(9), V2: per-chain values in gameArgs). Its code hash is not pinned: no deployment record found gives it (superchain-registry lists no SuperFaultDisputeGame)';
const SUPER_ROOTS_SOURCE =
  'ethereum-optimism/superchain-registry superchain/configs/{sepolia,mainnet}/op.toml (sepolia @ 02be222f0fdbb15f414d00b0e06c75b52c257c25: genesis.l2_time = 1691802540, genesis.l2.number = 0, block_time = 2; mainnet @ 03dd74e67e643b1be9cbe963fcbdc302c44cd6ea: genesis.l2_time = 1686068903, genesis.l2.number = 105235063, block_time = 2); maxEntries 16 is Vigil\'s bound (a dependency set of a handful of chains)';

/** SuperFaultDisputeGame 0.8.0 proxies' args without the preimage: 88 bytes before it, 124 of game args after. */
export const SUPER_FAULT_LAYOUT = { argsLength: 212, rootClaim: 20, gameType: 84, superRoot: 88, implArgsLength: 124 } as const;
/** Slot 0 of a SuperFaultDisputeGame (and a ZKDisputeGame): createdAt, resolvedAt, status; no challenged flag. */
export const SUPER_GAME_STORAGE = { slot: 0, createdAtOffset: 0, resolvedAtOffset: 8, statusOffset: 16 } as const;
/** A SuperFaultDisputeGame implementation of game type 9. */
export const superFaultGame = (implementation: string) =>
  ({ gameType: 9, kind: 'super-fault', implementation, layout: SUPER_FAULT_LAYOUT, storage: SUPER_GAME_STORAGE, wasRespectedGameTypeWhenCreatedSlot: 9 }) as const;

/**
 * ZKDisputeGame 2.1.0 (type 10; optimism src/dispute/zk/ZKDisputeGame.sol, #21011): creator 0,
 * rootClaim 20, l1Head 52, gameType 84, extraData from 88 = uint32 parentIndex ‖ the super-root
 * preimage, then 140 bytes of game args (absolutePrestate 32, verifier 20, maxChallengeDuration 8,
 * maxProveDuration 8, challengerBond 32, anchorStateRegistry 20, weth 20). Storage
 * (snapshots/storageLayout/ZKDisputeGame.json @ 28d9ec75364534e020fbc456fc2a57ffce746ab2): slot 0
 * as the super fault game's; claimData from slot 1 (parentIndex 0, ProposalStatus 4, challenger 5);
 * wasRespectedGameTypeWhenCreated slot 8 byte 1 (after bondDistributionMode). Not deployed on any
 * chain a shipped config names (gated by DevFeatures.ZK_DISPUTE_GAME, #19685): no shipped network
 * lists it; a user's config may.
 */
export const ZK_DISPUTE_GAME_LAYOUT = { argsLength: 232, rootClaim: 20, gameType: 84, parentIndex: 88, superRoot: 92, implArgsLength: 140 } as const;
/** A ZKDisputeGame implementation of game type 10 (for configs of chains that run one: none shipped). */
export const zkDisputeGame = (implementation: string) =>
  ({
    gameType: 10,
    kind: 'zk',
    implementation,
    layout: ZK_DISPUTE_GAME_LAYOUT,
    storage: SUPER_GAME_STORAGE,
    wasRespectedGameTypeWhenCreatedSlot: 8,
    wasRespectedGameTypeWhenCreatedOffset: 1,
    zkGame: { claimDataSlot: 1, proposalStatusOffset: 4 },
  }) as const;

/** op-contracts v7's DisputeGameFactory slots (`_disputeGames`, `_disputeGameList`): every v7 chain's (research §1.3). */
export const V7_FACTORY_SLOTS = { disputeGamesSlot: 103, disputeGameListSlot: 104 } as const;
/** op-contracts v7's AnchorStateRegistry slots: `anchorGame`, the blacklist, and the word of `respectedGameType` and `retirementTimestamp`. */
export const V7_REGISTRY_SLOTS = { anchorGameSlot: 2, blacklistSlot: 5, respectedGameTypeSlot: 6, respectedGameTypeOffset: 0, retirementTimestampOffset: 4 } as const;
/** Slot 0 of a v7 FaultDisputeGame / PermissionedDisputeGame: createdAt, resolvedAt, status, l2BlockNumberChallenged. */
export const V7_GAME_STORAGE = { slot: 0, createdAtOffset: 0, resolvedAtOffset: 8, statusOffset: 16, l2BlockNumberChallengedOffset: 18 } as const;

/** The v7 slots shared by both networks (research §1.3). */
const SHARED = {
  accept: 'finalized',
  gameStorage: V7_GAME_STORAGE,
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
  sources: { addresses: REGISTRY, storageLayout: LAYOUTS, cwia: CWIA, delays: DELAYS, respectedGameType: RESPECTED, portals: PORTALS },
} as const;

const SUPER_GAME = superFaultGame('0x19AF533Cc2A2A55786DCB8672aA5717e64213208');
const SUPER_SOURCES = { superGames: SUPER_IMPLEMENTATION, superStorageLayout: SUPER_LAYOUTS, superCwia: SUPER_CWIA, superRoots: SUPER_ROOTS_SOURCE } as const;

/**
 * OP Mainnet: still respecting type 0 (no move of OP Mainnet's registry found), but the type-9
 * implementation the Superchain runs on Ethereum mainnet is pinned so that the day its registry
 * moves to 9 the follower follows instead of stopping (if OP Mainnet's factory points type 9 at
 * another implementation, its games are OP_GAME_UNKNOWN until it is added here).
 */
export const OP_MAINNET = {
  ...SHARED,
  games: [...SHARED.games, SUPER_GAME],
  superRoots: { maxEntries: 16, l2GenesisTime: 1686068903, l2GenesisBlock: 105235063, l2BlockTime: 2 },
  sources: { ...SHARED.sources, ...SUPER_SOURCES },
  ...SHIPPED_ROLLUPS['op-mainnet'],
  disputeGameFactory: { address: '0xe5965Ab5962eDc7477C8520243A95517CD252fA9', ...V7_FACTORY_SLOTS },
  anchorStateRegistry: {
    address: '0x23B2C62946350F4246f9f9D027e071f0264FD113',
    ...V7_REGISTRY_SLOTS,
  },
  optimismPortal: { address: '0xbEb5Fc579115071764c7423A4f12eDde41f106Ed', implementations: OP_PORTALS },
} as const;

/** OP Sepolia: its registry respects SUPER_CANNON_KONA (type 9) since about 2026-09-17 (polytope-labs/hyperbridge#1300). */
export const OP_SEPOLIA = {
  ...SHARED,
  respectedGameType: 9,
  games: [...SHARED.games, SUPER_GAME],
  superRoots: { maxEntries: 16, l2GenesisTime: 1691802540, l2GenesisBlock: 0, l2BlockTime: 2 },
  sources: {
    ...SHARED.sources,
    ...SUPER_SOURCES,
    respectedGameType: 'polytope-labs/hyperbridge#1300 (2026-09-21): "OP Sepolia moved its dispute games from game type 8 to type 9", every type-9 proof since 17 September; not read from chain here (no network): the follower reads the registry and follows any type listed in games',
  },
  ...SHIPPED_ROLLUPS['op-sepolia'],
  disputeGameFactory: { address: '0x05F9613aDB30026FFd634f38e5C4dFd30a197Fa1', ...V7_FACTORY_SLOTS },
  anchorStateRegistry: {
    address: '0xa1Cec548926eb5d69aa3B7B57d371EdBdD03e64b',
    ...V7_REGISTRY_SLOTS,
  },
  optimismPortal: { address: '0x16Fc5058F25648194471939df75CF27A2fdC48BC', implementations: OP_PORTALS },
} as const;

// ---- Base (since Azul: AggregateVerifier games, type 621; research §2) ------------------------

const BASE_DEPLOYMENTS = 'base/contract-deployments @ 15ac105a2fa16ddcb7153a6b44ff8f8c76d95652';
const BASE_ADDRESSES =
  `base/docs docs/base-chain/network-information/base-contracts.mdx @ 286a22782d947579179d921bab44fc6d21e71593 (proxies, current AggregateVerifier at that commit); ${BASE_DEPLOYMENTS} archive/legacy/{mainnet/2026-05-21,sepolia/2026-04-20}-activate-multiproof/.env (the same proxies) and addresses.json (the factory, registry and portal implementations pinned here, set by that task: validations/*.json state diffs of the EIP-1967 slot)`;
const BASE_LAYOUTS =
  'base/contracts snapshots/storageLayout/{DisputeGameFactory,AnchorStateRegistry,AggregateVerifier}.json @ 1baa168c9db6a946ae47863ea07295bedb3599a6, f3a33c8577c8ca1e037b45e822bfcb75f099270b and 4f7acda51dba4165361b292ae08c119f5bfa1f0d (identical maps: DGF 103/104, ASR 2/5/6, AggregateVerifier slot 0 createdAt 0, resolvedAt 8, status 16, initialized 17, wasRespectedGameTypeWhenCreated 18; counteredByIntermediateRootIndexPlusOne 5; expectedResolution 7:0, proofCount 7:8); ' +
  `${BASE_DEPLOYMENTS} validations/*.json of the activation tasks (recorded state diffs: gameImpls[621], ASR slot 6 = respected 621 ‖ retirement, test/fixtures/op-stack/base-activation-state-diffs.json)`;
const BASE_CWIA =
  'solady src/utils/LibClone.sol @ 502cc1ea718e6fa73b380635ee0868b0740595f0 (base/contracts justfile and base/contract-deployments Makefile deps pin it: args at code offset 0x62); base/contracts src/L1/proofs/DisputeGameFactory.sol (no gameArgs for 621: creator ‖ rootClaim ‖ l1Head ‖ extraData) and AggregateVerifier.sol getters (rootClaim 0x14, l2SequenceNumber 0x54, parentAddress 0x74, intermediate roots from 0x88, last = rootClaim) @ the deployed commits ddd5a09e, 01dad230, 1baa168c, f3a33c85; BLOCK_INTERVAL 600 / INTERMEDIATE_BLOCK_INTERVAL 30 = 20 roots (constructor arguments of every AggregateVerifier below in its records/*.json): 776 bytes of args';
const BASE_DELAYS =
  `${BASE_DEPLOYMENTS}: AnchorStateRegistry implementation constructor argument DISPUTE_GAME_FINALITY_DELAY_SECONDS = 0 (mainnet 0x4483f964…, sepolia 0xb1cc9f84…: records/DeployMultiproofStack.s.sol/*.json and .env) and OptimismPortal2 PROOF_MATURITY_DELAY_SECONDS (mainnet 86400, sepolia 0); immutables of the pinned implementations, not read from chain`;
const BASE_RESPECTED = `${BASE_DEPLOYMENTS} archive/legacy/{mainnet/2026-05-21,sepolia/2026-04-20}-activate-multiproof (GAME_TYPE=621, ActivateMultiproofStack checks asr.respectedGameType() == 621; recorded ASR slot 6 after the task: 0x…0000026d)`;

/** AggregateVerifier 0.1.0 proxies' immutable args: creator, rootClaim, l1Head, l2SequenceNumber, parentAddress, 20 intermediate roots. */
export const AGGREGATE_VERIFIER_LAYOUT = { argsLength: 776, rootClaim: 20, l2BlockNumber: 84, parentAddress: 116, intermediateRoots: 136 } as const;
/** AggregateVerifier slot 0 (base/contracts snapshots/storageLayout/AggregateVerifier.json). */
export const AGGREGATE_VERIFIER_STORAGE = { slot: 0, createdAtOffset: 0, resolvedAtOffset: 8, statusOffset: 16, wasRespectedGameTypeWhenCreatedOffset: 18 } as const;
/**
 * AggregateVerifier's challenge state: counteredByIntermediateRootIndexPlusOne (slot 5), expectedResolution ‖ proofCount (slot 7);
 * and what its ZK leg reads: startingOutputRoot (slots 1–2), proofTypeToProver (mapping slot 6)
 * (snapshots/storageLayout/AggregateVerifier.json at 1baa168c and f3a33c85, the deployed commits; scheduleId, slot 8, only after 681d04c7).
 */
export const AGGREGATE_VERIFIER_SLOTS = { counteredSlot: 5, proofsSlot: 7, expectedResolutionOffset: 0, proofCountOffset: 8, startingOutputRootSlot: 1, proofTypeToProverSlot: 6 } as const;

/** An AggregateVerifier implementation's ZK immutables (./config.ts AggregateZkPins), from its constructor arguments. */
interface ZkPins {
  aggregateHash: string;
  rangeHash: string;
  configHash: string;
  zkVerifier: string;
  gateway: string;
  scheduleId: boolean;
}

/** An AggregateVerifier implementation of game type 621, with its ZK immutables when its ZK leg is re-verified. */
const aggregateVerifier = (implementation: string, zk?: ZkPins) =>
  ({ gameType: 621, kind: 'aggregate-verifier', implementation, layout: AGGREGATE_VERIFIER_LAYOUT, storage: AGGREGATE_VERIFIER_STORAGE, aggregate: AGGREGATE_VERIFIER_SLOTS, ...(zk !== undefined ? { zk } : {}) }) as const;

/**
 * The ZK legs (./aggregate-zk.ts). Each implementation's ZK_AGGREGATE_HASH, ZK_RANGE_HASH,
 * CONFIG_HASH and ZK_VERIFIER are its constructor arguments (7th: (rangeHash, aggregateHash), 8th,
 * 5th) as ${BASE_DEPLOYMENTS} archive/legacy/<network>/<task>/records/Deploy{MultiproofStack,AggregateVerifier}.s.sol/*.json
 * record them; each ZKVerifier's SP1_VERIFIER (its gateway) its first constructor argument in
 * records/Deploy{MultiproofStack,ZkVerifier}.s.sol. The implementations were built at base/contracts
 * 1baa168c / 01dad230 (earlier) and f3a33c85 (v8.2.1: the tasks' BASE_CONTRACTS_COMMIT), whose journal
 * has no scheduleId (added in 681d04c7, 2026-07-17, not deployed in these records).
 */
const BASE_ZK_SOURCES =
  `${BASE_DEPLOYMENTS} archive/legacy/{mainnet,sepolia}/*/records (constructor arguments of each AggregateVerifier, ZkVerifier, SP1VerifierGateway) and .env (SP1_VERIFIER_ROUTE: the Groth16 v6.1.0 verifier 0xb69f2584… routed for 0x4388a21c by the Succinct gateway, tasks 2026-06-01-update-sp1-gateway; the PLONK v6.1.0 verifier 0xc3c6dDDA… for 0x5a093a2f, tasks 2026-07-2{1,2}-upgrade-plonk-and-verifier-hashes, which also froze Groth16 on Base's gateways; the recorded state diffs in validations/security-council-signer.json of those tasks show both routes at mapping slot 1 of Base's gateways, keys 0x601647bc… (0x4388a21c) and 0x8040770227… (0x5a093a2f), the frozen flag at byte 20. The Succinct gateway's Groth16 route is from the .env comment only, not a state diff); base/contracts src/L1/proofs/AggregateVerifier.sol, zk/ZKVerifier.sol and snapshots/storageLayout/AggregateVerifier.json @ f3a33c8577c8ca1e037b45e822bfcb75f099270b and 4f7acda51dba4165361b292ae08c119f5bfa1f0d`;

/** SP1 verifier gateways: Succinct's (the same address on mainnet and Sepolia) and each network's own, owned by Base's proxy admin owner (2026-06-01). */
const SUCCINCT_GROTH16_GATEWAY = '0x397A5f7f3dBd538f23DE225B51f532c34448dA9B';
const SP1_GROTH16_V610 = { id: 'groth16-v6.1.0', verifier: '0xb69f2584CBcFf99a58C4e7002E8b89Af54a6f4e2' } as const;
const SP1_PLONK_V610 = { id: 'plonk-v6.1.0', verifier: '0xc3c6dDDAc8829b233Dc6536Ec024775a57b0AF2A' } as const;

const MAINNET_CONFIG_HASH = '0x1607709d90d40904f790574404e2ad614eac858f6162faa0ec34c6bf5e5f3c57';
const SEPOLIA_CONFIG_HASH = '0x12e9c45f19f9817c6d4385fad29e7a70c355502cf0883e76a9a7e478a85d1360';
const MAINNET_BASE_GATEWAY = '0xdc32E228636273285Befa5F001dBB5142517C106';
const SEPOLIA_BASE_GATEWAY = '0x07967e51F0d9b60294E7D746162438298B71F868';

const zkPins = (aggregateHash: string, rangeHash: string, configHash: string, zkVerifier: string, gateway: string): ZkPins => ({ aggregateHash, rangeHash, configHash, zkVerifier, gateway, scheduleId: false });

const BASE_SHARED = {
  accept: 'finalized',
  // The fault games' map (Base's pre-Azul FaultDisputeGame v2, types 0/1, retired at activation):
  // the default of implementations without their own; every Base implementation listed has its own.
  gameStorage: SHARED.gameStorage,
  respectedGameType: 621,
  maxGamesBack: 16,
  // Games every 600 L2 blocks (20 minutes at 2 s blocks): an operational cadence, not a protocol rule.
  liveness: { delayedAfterSeconds: 2 * 3600, stalledAfterSeconds: 12 * 3600 },
  sources: { addresses: BASE_ADDRESSES, storageLayout: BASE_LAYOUTS, cwia: BASE_CWIA, delays: BASE_DELAYS, respectedGameType: BASE_RESPECTED, portals: `${BASE_ADDRESSES}: the pinned portal implementation; its AggregateVerifier games are output-root games`, zk: BASE_ZK_SOURCES },
} as const;

/**
 * Base Mainnet (8453). The game implementations are every AggregateVerifier the factory's
 * gameImpls[621] has held, in order (base/contract-deployments validations of the tasks
 * 2026-05-21-activate-multiproof, 2026-05-27-update-aggregate-verifier, 2026-06-01-update-sp1-gateway,
 * 2026-06-18-beryl, 2026-07-22-upgrade-plonk-and-verifier-hashes): games keep the implementation
 * they were created with. A later one is refused (OP_GAME_UNKNOWN) until added here.
 */
export const BASE_MAINNET = {
  ...BASE_SHARED,
  ...SHIPPED_ROLLUPS.base,
  disputeGameFactory: { address: '0x43edB88C4B80fDD2AdFF2412A7BebF9dF42cB40e', implementation: '0x468C2345D1d409d5b0F2f8bE4aE2082150cC1a0c', ...V7_FACTORY_SLOTS },
  anchorStateRegistry: {
    address: '0x909f6cf47ed12f010A796527f562bFc26C7F4E72',
    implementation: '0x4483F964F6711Cb55f633820ED174E780369b99D',
    ...V7_REGISTRY_SLOTS,
  },
  // Its AggregateVerifier games (621) are no super game: output-root proofs against the claim. Whether this portal reads super games' entries is not researched, so none is listed.
  optimismPortal: { address: '0x49048044D57e1C92A77f79988d21Fa8fAF74E97e', implementation: '0x66d94eE8F529b683ED6013729784e8bb44697A64', implementations: [{ address: '0x66d94eE8F529b683ED6013729784e8bb44697A64', proofForm: 'output-root', superGameTypes: [] }] },
  games: [
    aggregateVerifier('0x4c0DAF5d9ABe92e8A26a60698a657B03538a3028', zkPins('0x003147cde8e7d519d3dbae6b76f1198a70d4ff477a3aaea73bee4153f250288a', '0x5d6ea48b16e1c18602eb2c1d7d7c0f2e73bba152580c930f4324cd972b1358b6', MAINNET_CONFIG_HASH, '0x9e51DeFb019D1942d1210767f4A21bE5E24E3c3b', SUCCINCT_GROTH16_GATEWAY)),
    aggregateVerifier('0x327DdE84C9173DD799A4f74b04a69d9d385D31a4', zkPins('0x003147cde8e7d519d3dbae6b76f1198a70d4ff477a3aaea73bee4153f250288a', '0x44f625fa2a41367670d74a7b0d9899412dc1ca406f90df7a5bd9f8ae581ee47f', MAINNET_CONFIG_HASH, '0x9e51DeFb019D1942d1210767f4A21bE5E24E3c3b', SUCCINCT_GROTH16_GATEWAY)),
    aggregateVerifier('0xeEcb8A5944B217585817E802702b1262a049D259', zkPins('0x003147cde8e7d519d3dbae6b76f1198a70d4ff477a3aaea73bee4153f250288a', '0x44f625fa2a41367670d74a7b0d9899412dc1ca406f90df7a5bd9f8ae581ee47f', MAINNET_CONFIG_HASH, '0xB88D95bDf6972508942d184866890c1834219B75', MAINNET_BASE_GATEWAY)),
    aggregateVerifier('0x1bd8db5139Ba7aC9277684650c15e6E341761919', zkPins('0x001df6dffb10eebfa70e392bb6a4d0d1e3e5ac48cf07d473b6c244bdd8243a3b', '0x505c97f13a996b722a90d54753fb82de5ce1b9e94bd499a46d42b2982188d677', MAINNET_CONFIG_HASH, '0xB88D95bDf6972508942d184866890c1834219B75', MAINNET_BASE_GATEWAY)),
    aggregateVerifier('0xee303ba054c5f1e14a8ef87f1c7e285af45a1ba2', zkPins('0x00a147f0c69da81e3d530cca91310f9605f980dc155726bb33fbde0e493a3836', '0x5fd09a2f4338ca7063bc37b02f9411645d0ef2784fe644cc71ab48ae64200beb', MAINNET_CONFIG_HASH, '0xB88D95bDf6972508942d184866890c1834219B75', MAINNET_BASE_GATEWAY)),
  ],
  zkGateways: [
    { gateway: MAINNET_BASE_GATEWAY, releases: [SP1_PLONK_V610, SP1_GROTH16_V610] },
    { gateway: SUCCINCT_GROTH16_GATEWAY, releases: [SP1_GROTH16_V610] },
  ],
  zkVerifySteps: 2,
  delays: { disputeGameFinalityDelaySeconds: 0, proofMaturityDelaySeconds: 86400 },
} as const;

/**
 * Base Sepolia (84532), as Base Mainnet: gameImpls[621] history from the tasks
 * 2026-04-20-activate-multiproof, 2026-04-23-update-zk-config, 2026-05-18 and 2026-05-28
 * -upgrade-zk-and-tee-hash, 2026-06-01-update-sp1-gateway, 2026-06-12-beryl,
 * 2026-07-21-upgrade-plonk-and-verifier-hashes.
 */
export const BASE_SEPOLIA = {
  ...BASE_SHARED,
  ...SHIPPED_ROLLUPS['base-sepolia'],
  disputeGameFactory: { address: '0xd6E6dBf4F7EA0ac412fD8b65ED297e64BB7a06E1', implementation: '0xE7f2E3C6286375C102e482c0Aa2385D8bAAcac26', ...V7_FACTORY_SLOTS },
  anchorStateRegistry: {
    address: '0x2fF5cC82dBf333Ea30D8ee462178ab1707315355',
    implementation: '0xb1CC9F8422042eDA9EB36A408002517d7c772Ac7',
    ...V7_REGISTRY_SLOTS,
  },
  optimismPortal: { address: '0x49f53e41452C74589E85cA1677426Ba426459e85', implementation: '0x45fA7cFfa725e238a46a35fdE9F339b63fDEDBdD', implementations: [{ address: '0x45fA7cFfa725e238a46a35fdE9F339b63fDEDBdD', proofForm: 'output-root', superGameTypes: [] }] },
  games: [
    // ZK_VERIFIER 0 at activation (2026-04-20): its games carry no ZK leg to re-verify.
    aggregateVerifier('0x498313fB340CD5055c5568546364008299A47517'),
    aggregateVerifier('0xF3f0fA3124b7b0feB048A00404Fe4D5D49E60796', zkPins('0x0020f5df94945d8d40bc2b11128cbf2535565f5cde58960029017ee2ccef46d7', '0x23081d5f7a4d3ce04d41c2f03b386bad4f42a99d5b4c8ef44f4c362c2c595464', SEPOLIA_CONFIG_HASH, '0xF9780104117C0FaD3A9b1386FbF40a9F5857988A', SUCCINCT_GROTH16_GATEWAY)),
    aggregateVerifier('0xdc3e4db1947f57fb18b093924ca95b96ddc1ef2e', zkPins('0x003147cde8e7d519d3dbae6b76f1198a70d4ff477a3aaea73bee4153f250288a', '0x5d6ea48b16e1c18602eb2c1d7d7c0f2e73bba152580c930f4324cd972b1358b6', SEPOLIA_CONFIG_HASH, '0xF9780104117C0FaD3A9b1386FbF40a9F5857988A', SUCCINCT_GROTH16_GATEWAY)),
    aggregateVerifier('0xece9c5b9dca09f1a0ed85da97f8f1396dc5634ce', zkPins('0x003147cde8e7d519d3dbae6b76f1198a70d4ff477a3aaea73bee4153f250288a', '0x44f625fa2a41367670d74a7b0d9899412dc1ca406f90df7a5bd9f8ae581ee47f', SEPOLIA_CONFIG_HASH, '0xF9780104117C0FaD3A9b1386FbF40a9F5857988A', SUCCINCT_GROTH16_GATEWAY)),
    aggregateVerifier('0xc45dc8a279b2fdb7efef72044e53514ed1bc2c08', zkPins('0x003147cde8e7d519d3dbae6b76f1198a70d4ff477a3aaea73bee4153f250288a', '0x44f625fa2a41367670d74a7b0d9899412dc1ca406f90df7a5bd9f8ae581ee47f', SEPOLIA_CONFIG_HASH, '0xa738E13d97A3f10b307C2CD190edd3E227A72D68', SEPOLIA_BASE_GATEWAY)),
    aggregateVerifier('0x7db62c503ba562911d8a79967d19590f47b8f39d', zkPins('0x0079eb47fae3287155f38d8733a2f809fcbb28da00063330d3db126a0fb0f274', '0x0d561a5146c64c983616b7433ad3a4244298c85f27b724d239167ffb1720c160', SEPOLIA_CONFIG_HASH, '0xa738E13d97A3f10b307C2CD190edd3E227A72D68', SEPOLIA_BASE_GATEWAY)),
    aggregateVerifier('0x48cb1a96036b76ed420d4b8ed6977ac3a939764c', zkPins('0x00a147f0c69da81e3d530cca91310f9605f980dc155726bb33fbde0e493a3836', '0x5fd09a2f4338ca7063bc37b02f9411645d0ef2784fe644cc71ab48ae64200beb', SEPOLIA_CONFIG_HASH, '0xa738E13d97A3f10b307C2CD190edd3E227A72D68', SEPOLIA_BASE_GATEWAY)),
  ],
  zkGateways: [
    { gateway: SEPOLIA_BASE_GATEWAY, releases: [SP1_PLONK_V610, SP1_GROTH16_V610] },
    { gateway: SUCCINCT_GROTH16_GATEWAY, releases: [SP1_GROTH16_V610] },
  ],
  zkVerifySteps: 2,
  delays: { disputeGameFinalityDelaySeconds: 0, proofMaturityDelaySeconds: 0 },
} as const;

/** By the names `--rollup-config` takes. */
export const OP_STACK_NETWORKS = { 'op-mainnet': OP_MAINNET, 'op-sepolia': OP_SEPOLIA, base: BASE_MAINNET, 'base-sepolia': BASE_SEPOLIA } as const;
