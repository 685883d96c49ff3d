/**
 * The batch submitters of the shipped OP Stack and OP Succinct chains: their batcher and batch
 * inbox addresses, by L2 chain id, each with its source. The inbox is the chain's rollup config
 * (`batch_inbox_addr`); the batcher the SystemConfig's `batcherHash` as the registry records it.
 * Where the SystemConfig is named, its proven storage gives the batcher (and inbox) at the head
 * (./op-batcher.ts provenBatcherFacts): the pinned ones are the fallback and the cross-check.
 * @module
 */
import type { BatcherFacts } from './op-batcher.ts';

/** SystemConfig.sol: `batcherHash` at slot 103 (snapshots/storageLayout/SystemConfig.json), BATCH_INBOX_SLOT = keccak256("systemconfig.batchinbox") - 1. */
const BATCHER_HASH_SLOT = 103n;
const BATCH_INBOX_SLOT = '0x71ac12829d66ee73d8d95bff50b3589745ce57edae70a3fb111a2342464dc597';
const systemConfig = (address: string, inbox = true) => ({ address, batcherHashSlot: BATCHER_HASH_SLOT, ...(inbox ? { batchInboxSlot: BATCH_INBOX_SLOT } : {}) });

const REGISTRY = 'ethereum-optimism/superchain-registry superchain/configs/{mainnet,sepolia}/*.toml (batch_inbox_addr, roles.BatchSubmitter)';

export const SHIPPED_BATCHERS: Readonly<Record<number, BatcherFacts>> = {
  10: { batcher: '0x6887246668a3b87f54deb3b94ba47a6f63f32985', inbox: '0xff00000000000000000000000000000000000010', source: `${REGISTRY} op.toml`, systemConfig: systemConfig('0x229047fed2591dbec1ef1118d64f7af3db9eb290') },
  11155420: { batcher: '0x8f23bb38f531600e5d8fddaaec41f13fab46e98c', inbox: '0xff00000000000000000000000000000011155420', source: `${REGISTRY} op.toml (sepolia)`, systemConfig: systemConfig('0x034edd2a225f7f429a63e0f1d2084b9e0a93b538') },
  8453: { batcher: '0x5050f69a9786f081509234f1a7f4684b5e5b76c9', inbox: '0xff00000000000000000000000000000000008453', source: `${REGISTRY} base.toml; l2beat base.ts daTracking`, systemConfig: systemConfig('0x73a79fab69143498ed3712e519a88a918e1f4072') },
  84532: { batcher: '0x6cdebe940bc0f26850285caca097c11c33103e47', inbox: '0xff00000000000000000000000000000000084532', source: `${REGISTRY} base.toml (sepolia); docs.base.org base-contracts`, systemConfig: systemConfig('0xf272670eb55e895584501d564afeb048bed26194') },
  5000: {
    batcher: '0x2f40d796917ffb642bd2e2bdd2c762a5e40fd749',
    inbox: '0xffeeddccbbaa0000000000000000000000000000',
    source: "mantle-xyz rollup config batch_inbox_address; SystemConfig batcherHash (research zk-rollups-2026-11 §1.4, l2beat mantle.ts)",
    // Mantle's SystemConfig (l2beat mantle discovery) forks an OP release before the batch inbox slot: only its batcherHash is read.
    systemConfig: systemConfig('0x427ea0710fa5252057f0d88274f7aeb308386caf', false),
    history: "Mantle posted its data to EigenDA until its Arsia upgrade (2026-04), Ethereum blobs since (l2beat mantle.ts): the postings above say which it does now",
  },
};
