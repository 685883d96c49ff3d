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
  // A finalization every few hours at most in normal operation.
  liveness: { delayedAfterSeconds: 6 * 3600, stalledAfterSeconds: 24 * 3600 },
  sources: {
    addresses: `${TAIKO_MONO}/contracts/layer1/mainnet/LibL1Addrs.sol (INBOX, SIGNAL_SERVICE)`,
    implementation: `${TAIKO_MONO}/script/layer1/proposals/Proposal0019.s.sol (MAINNET_INBOX_NEW_IMPL, ZK_REQUIRED_VERIFIER) and Proposal0019.md`,
    layout: `${TAIKO_MONO}/contracts/layer1/mainnet/MainnetInbox_Layout.sol (_coreState slot 252, 64 bytes), contracts/layer1/core/iface/IInbox.sol (CoreState), contracts/shared/signal/SignalService_Layout.sol (_checkpoints slot 254), SignalService.sol (VERSION 1, CheckpointRecord)`,
  },
} as const;

export const TAIKO_NETWORKS: Record<string, Record<string, unknown>> = { taiko: TAIKO_MAINNET };
