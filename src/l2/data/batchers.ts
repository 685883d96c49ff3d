/**
 * The batch submitters of the shipped OP Stack and OP Succinct chains: their batcher and batch
 * inbox addresses, by L2 chain id, each with its source. The inbox is the chain's rollup config
 * (`batch_inbox_addr`); the batcher the SystemConfig's `batcherHash` as the registry records it.
 * A batcher rotated since shows as "no posting found" (the SystemConfig is not read by proof yet).
 * @module
 */
import type { BatcherFacts } from './op-batcher.ts';

const REGISTRY = 'ethereum-optimism/superchain-registry superchain/configs/{mainnet,sepolia}/*.toml (batch_inbox_addr, roles.BatchSubmitter)';

export const SHIPPED_BATCHERS: Readonly<Record<number, BatcherFacts>> = {
  10: { batcher: '0x6887246668a3b87f54deb3b94ba47a6f63f32985', inbox: '0xff00000000000000000000000000000000000010', source: `${REGISTRY} op.toml` },
  11155420: { batcher: '0x8f23bb38f531600e5d8fddaaec41f13fab46e98c', inbox: '0xff00000000000000000000000000000011155420', source: `${REGISTRY} op.toml (sepolia)` },
  8453: { batcher: '0x5050f69a9786f081509234f1a7f4684b5e5b76c9', inbox: '0xff00000000000000000000000000000000008453', source: `${REGISTRY} base.toml; l2beat base.ts daTracking` },
  84532: { batcher: '0x6cdebe940bc0f26850285caca097c11c33103e47', inbox: '0xff00000000000000000000000000000000084532', source: `${REGISTRY} base.toml (sepolia); docs.base.org base-contracts` },
  5000: {
    batcher: '0x2f40d796917ffb642bd2e2bdd2c762a5e40fd749',
    inbox: '0xffeeddccbbaa0000000000000000000000000000',
    source: "mantle-xyz rollup config batch_inbox_address; SystemConfig batcherHash (research zk-rollups-2026-11 §1.4, l2beat mantle.ts)",
    history: "Mantle posted its data to EigenDA until its Arsia upgrade (2026-04), Ethereum blobs since (l2beat mantle.ts): the postings above say which it does now",
  },
};
