/**
 * `arbitrum-nitro-v1` configs for Arbitrum One (on Ethereum mainnet) and Arbitrum Sepolia (on
 * Sepolia), in the JSON form a user would load (parseArbitrumConfig reads them), from
 * docs/research/real-rollups.md §3, each value cited in `sources`. No L2 RPC is named: the user
 * adds one (it is asked for hints only).
 *
 * What is pinned and how sure: Arbitrum One's implementations are those l2beat's discovery saw
 * after the BoLD upgrade of 2025-02-12 (and nitro-contracts' arb1DeployedContracts.json lists the
 * same). Arbitrum Sepolia's are nitro-contracts' sepoliaDeployedContracts.json, not seen on chain
 * here: the Sepolia Outbox, its `roots` slot and the rollup address are confirmed by the recorded
 * proofs of openintentsframework/broadcaster (test/fixtures/arbitrum), its implementations are not.
 * A later upgrade makes the adapter refuse (L2_IMPLEMENTATION_UNKNOWN) until these are updated.
 * @module
 */
import { SHIPPED_ROLLUPS } from '../shipped.ts';

const NITRO_CONTRACTS_LAYOUT =
  'OffchainLabs/nitro-contracts test/storage/{Outbox,RollupCore,Bridge,SequencerInbox} (forge inspect storageLayout) at 67487333202561b74492d07de62a4f56be28560e; docs/research/real-rollups.md §3.2';

/** The slots of nitro-contracts v3 (BoLD): the same on both networks. */
const SLOTS = {
  outboxRollup: 0,
  outboxRoots: 3,
  rollupPaused: 51,
  rollupLatestConfirmed: 116,
  rollupAssertions: 117,
  bridgeDelayedInboxAccs: 6,
  sequencerInboxTotalDelayedMessagesRead: 0,
  sequencerInboxBridge: 1,
  // The forced exit's (src/l2/arbitrum/exit.ts), from the same layout tables.
  outboxSpent: 2,
  sequencerInboxMaxTimeVariation: 10,
  sequencerInboxBuffer: 12,
  rollupConfirmPeriodBlocks: 102,
};

const EXIT_SLOTS_SOURCE =
  'exit slots: Outbox spent (2), SequencerInbox delayBlocks (10, offset 0) and buffer (12–13: BufferData of src/bridge/DelayBufferTypes.sol), RollupCore confirmPeriodBlocks (102, offset 0): OffchainLabs/nitro-contracts test/storage/{Outbox,SequencerInbox,RollupCore} at 67487333202561b74492d07de62a4f56be28560e';

const PROXY_SLOTS = {
  implementationSlot: '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc',
  secondaryImplementationSlot: '0x2b1dbce74324248c222f0ec2d5ed7bd323cfc425b336f0253c5ccfda7265546d',
};

/**
 * Liveness reads the age of the latest confirmed assertion's creation (see follow.ts): it is at
 * least the confirmation period (45818 blocks ≈ 6.4 days on Arbitrum One) when all is well, so
 * "delayed" starts a day and a half past it and "stalled" at two weeks.
 */
const LIVENESS = { delayedAfterSeconds: 8 * 86_400, stalledAfterSeconds: 14 * 86_400, l1SecondsPerBlock: 12 };

export const ARBITRUM_ONE = {
  ...SHIPPED_ROLLUPS['arbitrum-one'],
  contracts: {
    rollup: '0x4DCeB440657f21083db8aDd07665f8ddBe1DCfc0',
    outbox: '0x0B9857ae2D4A3DBe74ffE1d7DF045bb7F96E4840',
    bridge: '0x8315177aB297bA92A06054cE80a67Ed4DBd7ed3a',
    sequencerInbox: '0x1c479675ad559DC151F6Ec7ed3FbF8ceE79582B6',
    inbox: '0x4Dbd4fc535Ac27206064B68FfCf827b0A60BAB3f',
  },
  slots: SLOTS,
  ...PROXY_SLOTS,
  implementations: {
    rollupAdmin: ['0x7FC126FF51183a78C5E0437467f325f661D8Df17'],
    rollupUser: ['0x6490bA0a60Cc7d3a59C9eeE135D9eeD24553a60d'],
    outbox: ['0x3FFf9BdC3ce99d3D587b0d06Aa7C4a10075193b4'],
    bridge: ['0x93e8f92327bFa8096F5F6ee5f2a49183D3B3b898'],
    sequencerInbox: ['0x98a58ADAb0f8A66A1BF4544d804bc0475dff32c7'],
  },
  liveness: LIVENESS,
  exit: { forceInclusionDelayBlocks: 7200, confirmPeriodBlocks: 45818 },
  sources: {
    contracts: [
      'OffchainLabs/arbitrum-sdk packages/sdk/src/lib/dataEntities/networks.ts at 7948889f97bdbb01ef0ba03a98507027ff5586fa (bridge, inbox, sequencerInbox, outbox)',
      'l2beat/l2beat packages/config/discovery/arbitrum/ethereum/discovered.json at 014f6007011c1551b9422c73e667c2d4efce719b, L1 block 21892618 (RollupProxy 0x4DCe…CfC0 since the BoLD upgrade, tx 0xe9788a104f8443b5900e54f8c887f0522d121487fc343a1ff90e1e6ed987967e, 2025-02-12)',
    ],
    slots: [NITRO_CONTRACTS_LAYOUT, EXIT_SLOTS_SOURCE],
    implementationSlot: 'EIP-1967 (keccak256("eip1967.proxy.implementation") − 1)',
    secondaryImplementationSlot: 'OffchainLabs/nitro-contracts src/libraries/AdminFallbackProxy.sol (keccak256("eip1967.proxy.implementation.secondary") − 1)',
    implementations: [
      'l2beat/l2beat packages/config/discovery/arbitrum/ethereum/discovered.json at 014f6007011c1551b9422c73e667c2d4efce719b, L1 block 21892618 (Outbox, SequencerInbox, RollupAdminLogic, RollupUserLogic)',
      'l2beat/l2beat packages/config/discovery/arbitrum/ethereum/diffHistory.md, the BoLD upgrade diff (Bridge $implementation 0x1066…6591 → 0x93e8…b898, tx 0xe9788a10…967e)',
      'OffchainLabs/nitro-contracts scripts/files/arb1DeployedContracts.json (the same addresses: outbox, seqInbox, bridge, newRollupAdmin, newRollupUser)',
    ],
    liveness:
      'confirmPeriodBlocks 45818 at L1 block 21892618 (l2beat discovered.json); thresholds chosen here above it; 12 s per L1 block (Ethereum slots, one block per slot at most)',
    exit: [
      'l2beat/l2beat packages/config/discovery/arbitrum/ethereum/discovered.json at 014f6007011c1551b9422c73e667c2d4efce719b, L1 block 21892618: maxTimeVariation.delayBlocks 7200 (isDelayBufferable, buffer max 14400 ≥ it), confirmPeriodBlocks 45818 (docs/research/real-rollups.md §3.5)',
      'OffchainLabs/nitro-contracts scripts/files/configs/arb1.ts at 67487333202561b74492d07de62a4f56be28560e: confirmPeriodBlocks 45818 ("~6.4 days"), bufferConfig max 48 h of blocks',
      'the route shows these only without proven storage: at a head it reads SequencerInbox slot 10 and RollupCore slot 102',
    ],
  },
} as const;

export const ARBITRUM_SEPOLIA = {
  ...SHIPPED_ROLLUPS['arbitrum-sepolia'],
  contracts: {
    rollup: '0x042B2E6C5E99d4c521bd49beeD5E99651D9B0Cf4',
    outbox: '0x65f07C7D521164a4d5DaC6eB8Fac8DA067A3B78F',
    bridge: '0x38f918D0E9F1b721EDaA41302E399fa1B79333a9',
    sequencerInbox: '0x6c97864CE4bEf387dE0b3310A44230f7E3F1be0D',
    inbox: '0xaAe29B0366299461418F5324a79Afc425BE5ae21',
  },
  slots: SLOTS,
  ...PROXY_SLOTS,
  implementations: {
    rollupAdmin: ['0x3b7aEa898C7F51551DAAff4dae8aB0F553f2AEF8'],
    rollupUser: ['0xDC2f809Bba33Cbb96a5EA8e9EE2DD4cB104E0BA5'],
    outbox: ['0xFeD2027E956fa0a1F367c03a20555839441E224f'],
    bridge: ['0xED26e46f38957763f83f2C45f6Fb6702cfEBc7D8'],
    sequencerInbox: ['0xBBb2EF6dD70759F6c335c116895c6749ec7427da'],
  },
  liveness: LIVENESS,
  exit: { confirmPeriodBlocks: 20 },
  sources: {
    contracts: [
      'OffchainLabs/arbitrum-sdk packages/sdk/src/lib/dataEntities/networks.ts at 7948889f97bdbb01ef0ba03a98507027ff5586fa (bridge, inbox, sequencerInbox, outbox; its rollup 0xd808…81C8 is the pre-BoLD one)',
      'https://docs.arbitrum.io/for-devs/useful-addresses (rollup 0x042B…0Cf4)',
      'openintentsframework/broadcaster test/payloads/ethereum/output_storage_proof_block_9567705.json at 06a75c8363fcf30128f1643b3dc53ab7838130e9 (a Sepolia proof of this Outbox) and test/Receiver.t.sol (the rollup)',
    ],
    slots: [NITRO_CONTRACTS_LAYOUT, 'outboxRoots (3) checked against the recorded Sepolia proof of roots[sendRoot] (test/fixtures/arbitrum)', EXIT_SLOTS_SOURCE],
    implementationSlot: 'EIP-1967 (keccak256("eip1967.proxy.implementation") − 1)',
    secondaryImplementationSlot: 'OffchainLabs/nitro-contracts src/libraries/AdminFallbackProxy.sol (keccak256("eip1967.proxy.implementation.secondary") − 1)',
    implementations:
      'OffchainLabs/nitro-contracts scripts/files/sepoliaDeployedContracts.json at 86539401bb5808fd42d123a97573b43babe9dce9 (outbox, seqInbox, bridge, newRollupAdmin, newRollupUser); not checked against Sepolia storage here',
    liveness: "Arbitrum One's thresholds; Sepolia's confirmPeriodBlocks was not found (docs/research/real-rollups.md §7.4)",
    exit: [
      'OffchainLabs/nitro-contracts scripts/files/configs/sepolia.ts at 67487333202561b74492d07de62a4f56be28560e (the BoLD upgrade settings): confirmPeriodBlocks 20 ("current is 20 blocks"), isDelayBufferable with buffer max = threshold = 2^32 (disabled)',
      "Sepolia's delayBlocks was not found: without proven storage the route names no force-inclusion delay; at a head it reads SequencerInbox slot 10",
    ],
  },
} as const;

/** The configs by a short name, as a CLI's `--rollup-config <name>` would take them. */
export const ARBITRUM_NETWORKS = { 'arbitrum-one': ARBITRUM_ONE, 'arbitrum-sepolia': ARBITRUM_SEPOLIA } as const;
