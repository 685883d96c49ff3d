/**
 * The `taiko-shasta-v1` config of Taiko Alethia (167000, on Ethereum mainnet), as JSON the wallet
 * parses with `parseTaikoConfig` (config.ts). Every address and slot from taikoxyz/taiko-mono
 * b9c5bb2a20 (2026-08-21), packages/protocol.
 * @module
 */
import { SHIPPED_ROLLUPS } from '../shipped.ts';

const TAIKO_MONO = 'taikoxyz/taiko-mono b9c5bb2a2000dc2db94c9dc6e621591e01c1fe7b packages/protocol';

export const TAIKO_MAINNET = {
  ...SHIPPED_ROLLUPS.taiko,
  inbox: {
    address: '0x6f21c543a4af5189ebdb0723827577e1ef57ef1f',
    // Proposal0019 (Unzen): the MainnetInbox implementation baking in the ZkRequiredVerifier 0x7284aaC05555Ae6559bdAd8B4221eC9584254Eec.
    implementation: '0x5253d4c91e80b880ddb54b78e74082abe066f6b9',
    coreStateSlot: 252,
  },
  signalService: { address: '0x9e0a24964e5397b566c1ed39258e21ab5e35c77c', checkpointsSlot: 254, checkpointVersion: 1 },
  zk: {
    risc0Verifier: '0x059daf31f571da48ab4e74ae12f64f907681cd8b',
    sp1Verifier: '0x73a0db393ef87ce781ac7957be10d6628432100f',
    // Proposal0021's new ids (raiko2 v0.8.0-rc1) and the v0.6.0 ids it disables (trusted by Proposal0019 until then).
    risc0ImageIds: [
      '0xd6ab71c22201c23ef512b706f2e2d720f6da1b559fb76834aa9d4e35276f6e10',
      '0xdd9b8abff96c409ae2418edfb51d893ea2bd10f4873a0226f17a6998c1afc1b7',
      '0x5a818b4c7dc80e9ba85d55492c20c263c67238724e3982f76d15a158e501210b',
      '0x9cfcc1b34a98853c3c5873a4d456726e528246f7f03a4ea35f27c2543aa6e7f0',
    ],
    sp1ProgramVkeys: [
      '0x0025425c22e827507428a3d9c7b0f89635be5462f34bb6780563e3d6086be7c7',
      '0x12a12e113a09d41d05147b387b0f89632df2a3174d2ed9e00ac7c7ac086be7c7',
      '0x0051ac1d9e8cfd4196e37f9cfefd08e9b0f7ce653bad4634cd1ee84b71ca3be6',
      '0x28d60ecf233f50655c6ff39f6fd08e9b07be73296eb518d31a3dd09671ca3be6',
      '0x00ad090221a8fa0f09e1be7a53feb67be010f01310d4b2314a69d10152ee1ce0',
      '0x568481106a3e83c23c37cf4a3feb67be008780984352c8c514d3a20252ee1ce0',
      '0x000b11691352e55fcf64f62620cefaa700161600093f2751032fe71ea912264d',
      '0x0588b48954b957f36c9ec4c40cefaa7000b0b00024fc9d44065fce3d2912264d',
    ],
  },
  // A finalization every few hours at most in normal operation.
  liveness: { delayedAfterSeconds: 6 * 3600, stalledAfterSeconds: 24 * 3600 },
  sources: {
    addresses: `${TAIKO_MONO}/contracts/layer1/mainnet/LibL1Addrs.sol (INBOX, SIGNAL_SERVICE)`,
    implementation: `${TAIKO_MONO}/script/layer1/proposals/Proposal0019.s.sol (MAINNET_INBOX_NEW_IMPL, ZK_REQUIRED_VERIFIER) and Proposal0019.md`,
    zk: `${TAIKO_MONO}/script/layer1/proposals/Proposal0021.md (ZK IDs, old and new) and Proposal0019.s.sol (RISC0_RETH_VERIFIER, SP1_RETH_VERIFIER)`,
    layout: `${TAIKO_MONO}/contracts/layer1/mainnet/MainnetInbox_Layout.sol (_coreState slot 252, 64 bytes), contracts/layer1/core/iface/IInbox.sol (CoreState), contracts/shared/signal/SignalService_Layout.sol (_checkpoints slot 254), SignalService.sol (VERSION 1, CheckpointRecord)`,
  },
} as const;

export const TAIKO_NETWORKS: Record<string, Record<string, unknown>> = { taiko: TAIKO_MAINNET };
