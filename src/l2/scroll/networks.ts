/**
 * `scroll-v1` configs of Scroll mainnet (534352, on Ethereum mainnet) and Scroll Sepolia (534351,
 * on Sepolia), as JSON the wallet parses with `parseScrollConfig` (config.ts). Each address and slot group
 * cites its source (docs/research/real-rollups.md §4 gathers them).
 *
 * Scroll Sepolia pins no implementation: none was found in a source this project can cite, so
 * following it is refused (L2_IMPLEMENTATION_UNKNOWN, naming the proven implementation)
 * until one is pinned here.
 * @module
 */
import { EIP1967_IMPLEMENTATION_SLOT } from '../slots.ts';
import { SHIPPED_ROLLUPS } from '../shipped.ts';

/** keccak256("eip1967.proxy.implementation") − 1 (EIP-1967). */
export { EIP1967_IMPLEMENTATION_SLOT };

const LAYOUT_SOURCE =
  'scroll-tech/scroll-contracts dfbd661520ac30505a773881728cc5cfb005978b compiled with solc storageLayout and OpenZeppelin contracts-upgradeable 4.9.3 (docs/research/real-rollups.md §4.2)';

/** The storage layout of the EuclidV2-and-later contracts (the same code on both networks). */
const SLOTS = {
  implementation: EIP1967_IMPLEMENTATION_SLOT,
  scrollChain: { paused: 101, finalizedStateRoots: 158, initialEuclidBatchIndex: 160, miscData: 161 },
  miscData: {
    lastCommittedBatchIndex: { offset: 0, bytes: 8 },
    lastFinalizedBatchIndex: { offset: 8, bytes: 8 },
    lastFinalizeTimestamp: { offset: 16, bytes: 4 },
    flags: { offset: 20, bytes: 1 },
    enforcedModeBit: 1,
  },
  messageQueue: {
    messageRollingHashes: 101,
    nextCrossDomainMessageIndex: 103,
    nextUnfinalizedQueueIndex: 104,
    enqueueTime: { offset: 0, bytes: 4 },
  },
  systemConfig: {
    enforcedBatchParameters: 102,
    maxDelayEnterEnforcedMode: { offset: 0, bytes: 3 },
    maxDelayMessageQueue: { offset: 3, bytes: 3 },
  },
};

const SLOT_SOURCES = {
  'slots.implementation': 'EIP-1967: keccak256("eip1967.proxy.implementation") − 1',
  'slots.scrollChain': `${LAYOUT_SOURCE}, src/L1/rollup/ScrollChain.sol: _paused 101 (PausableUpgradeable), finalizedStateRoots 158, initialEuclidBatchIndex 160, miscData 161; finalizedStateRoots = 158 also in openintentsframework/broadcaster (06a75c8) test/provers/scroll/ParentToChildProver.t.sol`,
  'slots.miscData': `${LAYOUT_SOURCE}, struct ScrollChainMiscData { uint64 lastCommittedBatchIndex; uint64 lastFinalizedBatchIndex; uint32 lastFinalizeTimestamp; uint8 flags; uint88 reserved } packed from the least significant byte; flags bit 1 = ENFORCED_MODE_OFFSET`,
  'slots.messageQueue': `${LAYOUT_SOURCE}, src/L1/rollup/L1MessageQueueV2.sol: messageRollingHashes 101 (low 32 bits = enqueue timestamp, _encodeRollingHash), nextCrossDomainMessageIndex 103, nextUnfinalizedQueueIndex 104`,
  'slots.systemConfig': `${LAYOUT_SOURCE}, src/L1/system-contract/SystemConfig.sol: enforcedBatchParameters 102 { uint24 maxDelayEnterEnforcedMode; uint24 maxDelayMessageQueue }`,
  liveness: "Vigil's thresholds, not Scroll's: Scroll publishes no bound on its finalization cadence (docs/research/real-rollups.md §4.5)",
};

const LIVENESS = { delayedAfterSeconds: 4 * 3600, stalledAfterSeconds: 24 * 3600 };

/** The forced exit's slots (the same code on both networks), compiled like LAYOUT_SOURCE. */
const EXIT_SLOTS = {
  withdrawRoots: 159,
  messengerPaused: 101,
  isL2MessageExecuted: 252,
  gatewayPaused: 151,
  messageQueueParameters: 101,
  maxGasLimit: { offset: 0, bytes: 4 },
  baseFeeOverhead: { offset: 4, bytes: 14 },
  baseFeeScalar: { offset: 18, bytes: 14 },
};

/** L2 gas of the forced L2ScrollMessenger.sendMessage: its append to the withdraw trie writes up to one branch per level (~20 at a million messages) besides two new slots; well above its intrinsic 27,560. */
const L2_GAS_LIMIT = 400_000;

const EXIT_SOURCES = {
  'exit.slots': `${LAYOUT_SOURCE}, also compiled here with solc-js 0.8.26 storageLayout: ScrollChain withdrawRoots 159; L1ScrollMessenger (src/L1/L1ScrollMessenger.sol) _paused 101, isL2MessageExecuted 252; EnforcedTxGateway (src/L1/gateways/EnforcedTxGateway.sol) _paused 151 (nonces 255); SystemConfig messageQueueParameters 101 { uint32 maxGasLimit; uint112 baseFeeOverhead; uint112 baseFeeScalar } packed from the least significant byte`,
  'exit.l2GasLimit': "Vigil's choice (see L2_GAS_LIMIT); checked against SystemConfig's proven maxGasLimit and the queue's intrinsic-gas floor (L1MessageQueueV2._validateGasLimit) before sending",
};

const ZKVM_PROVER = 'scroll-tech/zkvm-prover releases/dev/verifier/verifier.bin';

/**
 * What re-verifies mainnet's bundle proofs here (./bundle-proof.ts): the router ScrollChain's
 * implementation carries, and the plonk verifiers Vigil runs, by the keccak of the runtime code
 * their published creation code leaves (computed here; which mainnet address holds which is
 * l2beat's word, not a primary source). A verifier not among them: L1's verdict only, said so.
 */
const PROOFS = {
  committedBatchesSlot: 157,
  router: '0x4CEA3E866e7c57fD75CB0CA3E9F5f1151D4Ead3F',
  latestVerifierSlot: 2,
  plonkVerifiers: [
    { codeHash: '0x91816743ec15118a4ddacb13c830e56e9f8b28f1c875dfc458a27142a88c9fc8', name: 'OpenVM verifier 0.2.0 (EuclidV2)' },
    { codeHash: '0x30af8474d8e13b8ce6a96eae63293310e7c1072b890bde77f96786497a9e5f4b', name: 'OpenVM Feynman verifier' },
    { codeHash: '0xf86ce35d4f5b1478f21194d9c6fc825f8d8afc0468425c981dc017149f0cac5e', name: 'OpenVM Galileo verifier' },
    { codeHash: '0x6a74f16c472ea2698ee461daf35ffb62faaef6280d40390961daa181bc805663', name: 'OpenVM v1.6.0 verifier' },
    { codeHash: '0x00dfb6855747412fa70b8a75aaa4950f1deafaace9d2a4e9923ad2e1a3589928', name: 'OpenVM v2 verifier (0.9.0)' },
  ],
  // The bundle programs (wrapper digests: the executable's and the config's commitments).
  programs: [
    { digest1: '0x001e7bcb266824cb08ad303990e90a9c4b901eaaa52e562e513df47d4c168949', digest2: '0x0038553adf417a6a3df35d2fdfd14b892f1e49ba18937ece7960c1e7cee6e3dc', name: 'bundle program 0.2.0 (EuclidV2)' },
    { digest1: '0x003ac2e012d8a7fb1495d94839fe36559b52fd6d60a532884c7558de2b88bf72', digest2: '0x009305f0762291e3cdd805ff6d6e81f1d135dbfdeb3ecf30ad82c3855dde7909', name: 'bundle program 0.5.2 (Feynman)' },
    { digest1: '0x0091609acb607118f47f756c0f4db9aad227420326cbda96f0303384e0bbf8e3', digest2: '0x009305f0762291e3cdd805ff6d6e81f1d135dbfdeb3ecf30ad82c3855dde7909', name: 'bundle program of protocol version 10 (GalileoV2)' },
  ],
  finalizationSearchBlocks: 7_200,
};

const PROOF_SOURCES = [
  `router: ScrollChain's immutable verifier, the MultipleVersionRollupVerifier 0x4CEA3E86…Ead3F (l2beat discovered.json, $immutable; checked against the implementation's proven code at each step); latestVerifier at slot 2 and committedBatches at 157: ${LAYOUT_SOURCE}`,
  'plonk verifiers, runtime code keccak computed here by deploying each creation code on a bare EVM: 0.2.0 from scroll-tech/scroll-contracts dfbd6615 scripts/deterministic/scroll/Constants.sol (PLONK_VERIFIER_CREATION_CODE);',
  `Feynman from ${ZKVM_PROVER} at c48a4bc4b131c4d4ac7bd37c0c6ca00ceb8cb09b; Galileo at 17027a8f5609f22fe6533c4f7b896b383bb5002a; v1.6.0 at ed3b964c8d0e93856b089d880ad2eda7e08fb7b4; v2 (0.9.0) at bf8494e57828bc449e9582ca6f97b53bd9b6eaf1.`,
  "⚠ which mainnet address runs which (0xd1638c0C, 0x39854DF3, 0x749fC77A, 0x96cbcC43, 0x0d2A59fd) is l2beat's openvmprover.ts, not a primary source: the proven code hash decides, never the address.",
  'programs: 0.2.0 digest2 = scroll-contracts dfbd6615 scripts/deterministic/scroll/Constants.sol VERIFIER_DIGEST; 0.5.2 = the digests in scroll-tech/zkvm-prover 9fe6b653 crates/verifier/testdata/proofs/bundle-proof-feynman.json (instances 12, 13); ⚠ 0.2.0 digest1 and both names are l2beat packages/config/src/common/programHashes.ts (a secondary source); ⚠ the version-10 pair is from scroll-tech/scroll tests/shadow-testing (b85a20aa, "copied from mainnet"), unconfirmed. A wrapper whose digests are none of these: L1\'s word only',
].join(' ');

/** Scroll mainnet, settling on Ethereum mainnet. */
export const scrollMainnet = {
  ...SHIPPED_ROLLUPS.scroll,
  contracts: {
    scrollChain: { address: '0xa13BAF47339d63B743e7Da8741db5456DAc1E556', implementations: ['0x0a20703878E68E587c59204cc0EA86098B8c3bA7'] },
    messageQueue: { address: '0x56971da63A3C0205184FEF096E9ddFc7A8C2D18a', implementations: ['0x39C36c9026ac18104839A50c61a4507ea5052ECa'] },
    systemConfig: { address: '0x8432728A257646449245558B8b7Dbe51A16c7a4D', implementations: ['0xf15a4b6D1fE2Ca6eE38BC3fb957f43F58b515eeE'] },
    enforcedTxGateway: { address: '0x72CAcBcfDe2d1e19122F8A36a4d6676cd39d7A5d', implementations: ['0x7e87c75BBe7991bbCEBd2C7a56f4cFC923BDDBcc'] },
  },
  slots: SLOTS,
  liveness: LIVENESS,
  proofs: PROOFS,
  exit: {
    l1Messenger: { address: '0x6774Bcbd5ceCeF1336b5300fb5186a12DDD8b367', implementations: ['0x79b6eAbfFAa958FDF2Aa2Bf632878bD323DCbF69'] },
    l2Messenger: '0x781e90f1c8Fc4611c9b7497C3B47F99Ef6969CbC',
    bridgeApi: 'https://mainnet-api-bridge-v2.scroll.io/api',
    l2GasLimit: L2_GAS_LIMIT,
    slots: EXIT_SLOTS,
  },
  sources: {
    ...SLOT_SOURCES,
    ...EXIT_SOURCES,
    proofs: PROOF_SOURCES,
    'exit.l1Messenger':
      'proxy: scroll-tech/scroll-documentation src/content/docs/en/developers/scroll-contracts.mdx (077f041) (docs/research/real-rollups.md §4.1); implementation 0x79b6eA…CbF69 from the 2026-09-29 third-party address book (read from the EIP-1967 slot); checked against the proven slot before any read',
    'exit.l2Messenger':
      "L2ScrollMessenger 0x781e90…9CbC: l2beat/l2beat packages/config/src/projects/scroll diffHistory (L2ScrollMessengerFallback) and the 2026-09-29 address book; checked at each exit against the L1 messenger implementation's proven code (its immutable `counterpart`)",
    'exit.bridgeApi':
      "Scroll's bridge-history API (scroll-tech/scroll bc8f9db bridge-history-api/internal/route/route.go: GET /api/l2/unclaimed/withdrawals; the host as used by scroll-tech/frontends and third-party claim scripts); hints only, every proof recomputed to the proven withdraw root",
    'contracts.enforcedTxGateway.implementations': 'the 2026-09-29 third-party address book (EIP-1967 slot read live); its pause flag is read only under this pin',
    'contracts.scrollChain':
      'proxy: scroll-tech/scroll-documentation src/content/docs/en/developers/scroll-contracts.mdx (077f041); implementation 0x0a2070…3bA7 set by the upgrade of 2025-08-18 (L1 tx 0x0b3de25cab280b3e304b63e11cde6b04ef75023d89bb08d0cb6d743e055daa7c): l2beat/l2beat packages/config/src/projects/scroll/diffHistory.md, "Diff at Mon, 18 Aug 2025 13:31:33 GMT"; the same implementation in a third-party address book read from the EIP-1967 slot on 2026-09-29',
    'contracts.messageQueue':
      'proxy: scroll-tech/rollup-node crates/node/src/constants.rs MAINNET_L1_MESSAGE_QUEUE_V2_CONTRACT_ADDRESS (73d6066); implementation 0x39C36c…2ECa from the same l2beat diff of 2025-08-18 (and the 2026-09-29 address book)',
    'contracts.systemConfig':
      'proxy: scroll-tech/rollup-node crates/node/src/constants.rs MAINNET_SYSTEM_CONTRACT_ADDRESS (73d6066); implementation 0xf15a4b…5eeE from the same l2beat diff of 2025-08-18 (and the 2026-09-29 address book)',
    'contracts.enforcedTxGateway':
      'l2beat/l2beat packages/config/discovery/scroll/ethereum/discovered.json (228cf59, L1 block 21679349), L1MessageQueue.enforcedTxGateway; the same proxy in the 2026-09-29 address book',
    l2Rpc: "Scroll's public RPC (docs.scroll.io, developer quickstart); asked for hints only",
  },
} as const;

/** Scroll Sepolia, settling on Sepolia. Its implementations are not pinned (see the module comment). */
export const scrollSepolia = {
  ...SHIPPED_ROLLUPS['scroll-sepolia'],
  contracts: {
    scrollChain: { address: '0x2D567EcE699Eabe5afCd141eDB7A4f2D0D6ce8a0', implementations: [] },
    messageQueue: { address: '0xA0673eC0A48aa924f067F1274EcD281A10c5f19F', implementations: [] },
    systemConfig: { address: '0xC706Ba9fa4fedF4507CB7A898b4766c1bbf9be57', implementations: [] },
    enforcedTxGateway: { address: '0x97f421CA37889269a11ae0fef558114b984C7487' },
  },
  slots: SLOTS,
  liveness: LIVENESS,
  exit: {
    l1Messenger: { address: '0x50c7d3e7f7c656493D1D76aaa1a836CedfCBB16A', implementations: [] },
    l2Messenger: '0xBa50f5340FB9F3Bd074bD638c9BE13eCB36E603d',
    bridgeApi: 'https://sepolia-api-bridge-v2.scroll.io/api',
    l2GasLimit: L2_GAS_LIMIT,
    slots: EXIT_SLOTS,
  },
  sources: {
    ...SLOT_SOURCES,
    ...EXIT_SOURCES,
    'contracts.enforcedTxGateway':
      "⚠ from a third-party Python client's Scroll Sepolia contract table (ENFORCED_TX_GATEWAY, chains/scroll layout; no first-party list names it): the exit sends nothing unless the proven code of L1MessageQueueV2's implementation carries it as its immutable `enforcedTxGateway`",
    'exit.l1Messenger': 'proxy: scroll-tech/scroll-documentation scroll-contracts.mdx (077f041); ⚠ implementation not pinned (the exit refuses until it is)',
    'exit.l2Messenger': "developeruche/scroll-sdks core/src/addresses/scroll-sepolia.ts (L2ScrollMessenger_testnet); checked against the L1 messenger implementation's proven code",
    'exit.bridgeApi': "Scroll's Sepolia bridge-history API (as used by third-party claim scripts); hints only",
    'contracts.scrollChain':
      'proxy: scroll-tech/scroll-documentation src/content/docs/en/developers/scroll-contracts.mdx (077f041); ⚠ implementation not pinned: none found in a citable source',
    'contracts.messageQueue': 'proxy: scroll-tech/rollup-node crates/node/src/constants.rs (73d6066); ⚠ implementation not pinned',
    'contracts.systemConfig': 'proxy: scroll-tech/rollup-node crates/node/src/constants.rs (73d6066); ⚠ implementation not pinned',
    'slots.layout': 'assumed the same contracts as mainnet; only a pinned implementation makes that certain',
    l2Rpc: "Scroll's public Sepolia RPC (docs.scroll.io, developer quickstart); asked for hints only",
  },
} as const;

/** The shipped Scroll configs by the name the CLI and the wallet use. */
export const SCROLL_NETWORKS = { scroll: scrollMainnet, 'scroll-sepolia': scrollSepolia } as const;
