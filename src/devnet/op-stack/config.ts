/**
 * The devnet OP chain as Vigil follows any OP Stack chain: an `op-stack-fault-proofs-v1` config
 * (src/l2/op-stack/config.ts) naming the contracts ./deploy-l1.ts deployed, the slots of their
 * v7.0.0 layouts, the permissioned game's implementation and its immutable-args layout, and the
 * devnet's short delays. What the devnet's ready and well-known objects hand a wallet.
 * @module
 */
import { V2_PERMISSIONED_LAYOUT, V7_FACTORY_SLOTS, V7_GAME_STORAGE, V7_REGISTRY_SLOTS } from '../../l2/op-stack/networks.ts';
import { OP_STACK_KIND } from '../../l2/kinds.ts';
import { type OpL1Deployment, PERMISSIONED_GAME_TYPE } from './deploy-l1.ts';

const RELEASE = 'op-contracts/v7.0.0 (a7c88c8d636ceb9944ea0edaf7d033da258778ab), vendored in src/devnet/op-stack/vendor';

/** The config JSON of the devnet's OP chain (read it with parseOpStackConfig). */
export function opDevnetConfig(op: OpL1Deployment, options: { name?: string; l1ChainId: number; l2Rpc?: string }): Record<string, unknown> {
  return {
    kind: OP_STACK_KIND,
    name: options.name ?? 'Vigil devnet OP chain',
    chainId: op.l2ChainId,
    l1ChainId: options.l1ChainId,
    ...(options.l2Rpc !== undefined ? { l2Rpc: options.l2Rpc } : {}),
    accept: 'finalized',
    disputeGameFactory: { address: op.disputeGameFactory, implementation: op.implementations.disputeGameFactory, ...V7_FACTORY_SLOTS },
    anchorStateRegistry: {
      address: op.anchorStateRegistry,
      implementation: op.implementations.anchorStateRegistry,
      ...V7_REGISTRY_SLOTS,
    },
    optimismPortal: {
      address: op.optimismPortal,
      implementation: op.implementations.optimismPortal,
      implementations: [{ address: op.implementations.optimismPortal, proofForm: 'output-root', superGameTypes: [] }],
    },
    gameStorage: V7_GAME_STORAGE,
    respectedGameType: PERMISSIONED_GAME_TYPE,
    games: [{ gameType: PERMISSIONED_GAME_TYPE, implementation: op.implementations.permissionedDisputeGame, layout: V2_PERMISSIONED_LAYOUT, wasRespectedGameTypeWhenCreatedSlot: 10 }],
    delays: { disputeGameFinalityDelaySeconds: op.timing.disputeGameFinalityDelaySeconds, proofMaturityDelaySeconds: op.timing.proofMaturityDelaySeconds },
    maxGamesBack: 16,
    // The devnet's proposer posts within seconds; a minute without a game is already unusual there.
    liveness: { delayedAfterSeconds: 60, stalledAfterSeconds: 300 },
    sources: {
      addresses: `deployed by the devnet (src/devnet/op-stack/deploy-l1.ts) from ${RELEASE}`,
      storageLayout: `${RELEASE} snapshots/storageLayout (DisputeGameFactory, AnchorStateRegistry, FaultDisputeGame)`,
      cwia: `${RELEASE} src/dispute/PermissionedDisputeGame.sol and FaultDisputeGame.sol getters (284 bytes of args)`,
      delays: 'the immutables the devnet deployed the implementations with (src/devnet/op-stack/deploy-l1.ts DEVNET_OP_TIMING)',
      respectedGameType: 'the AnchorStateRegistry initialized by the devnet with PERMISSIONED_CANNON (1)',
    },
  };
}
