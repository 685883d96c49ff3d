/**
 * The rollups Vigil ships, by name: each one's kind and identity, written here once. Each kind's
 * networks module builds the whole config on its entry (`...SHIPPED_ROLLUPS.base`), with the
 * sources of every other fact; ./known-rollups.ts serves those configs. The service worker needs
 * only this table (the settings' shipped rollups, chain switches) and carries none of the configs.
 * @module
 */
import { ARBITRUM_KIND, LINEA_KIND, OP_STACK_KIND, OP_SUCCINCT_KIND, type RollupRef, SCROLL_KIND, TAIKO_KIND } from './kinds.ts';

export const SHIPPED_ROLLUPS = {
  'op-mainnet': { kind: OP_STACK_KIND, name: 'OP Mainnet', chainId: 10, l1ChainId: 1, l2Rpc: 'https://mainnet.optimism.io' },
  'op-sepolia': { kind: OP_STACK_KIND, name: 'OP Sepolia', chainId: 11155420, l1ChainId: 11155111, l2Rpc: 'https://sepolia.optimism.io' },
  // base/base crates/consensus/registry/configs/base-mainnet.toml public_rpc.
  base: { kind: OP_STACK_KIND, name: 'Base', chainId: 8453, l1ChainId: 1, l2Rpc: 'https://mainnet.base.org' },
  // base/base crates/consensus/registry/configs/base-sepolia.toml public_rpc.
  'base-sepolia': { kind: OP_STACK_KIND, name: 'Base Sepolia', chainId: 84532, l1ChainId: 11155111, l2Rpc: 'https://sepolia.base.org' },
  'arbitrum-one': { kind: ARBITRUM_KIND, name: 'Arbitrum One', chainId: 42161, l1ChainId: 1 },
  'arbitrum-sepolia': { kind: ARBITRUM_KIND, name: 'Arbitrum Sepolia', chainId: 421614, l1ChainId: 11155111 },
  scroll: { kind: SCROLL_KIND, name: 'Scroll', chainId: 534352, l1ChainId: 1, l2Rpc: 'https://rpc.scroll.io' },
  'scroll-sepolia': { kind: SCROLL_KIND, name: 'Scroll Sepolia', chainId: 534351, l1ChainId: 11155111, l2Rpc: 'https://sepolia-rpc.scroll.io' },
  // Research zk-rollups-2026-11 §1.4: rpc.mantle.xyz serves archive eth_getProof.
  mantle: { kind: OP_SUCCINCT_KIND, name: 'Mantle', chainId: 5000, l1ChainId: 1, l2Rpc: 'https://rpc.mantle.xyz', nativeCurrency: { name: 'Mantle', symbol: 'MNT', decimals: 18 } },
  // taikoxyz/taiko-mono b9c5bb2a packages/nfts/package.json (--rpc-url of its mainnet deployments).
  taiko: { kind: TAIKO_KIND, name: 'Taiko Alethia', chainId: 167000, l1ChainId: 1, l2Rpc: 'https://rpc.mainnet.taiko.xyz' },
  linea: { kind: LINEA_KIND, name: 'Linea', chainId: 59144, l1ChainId: 1, l2Rpc: 'https://rpc.linea.build' },
} as const;

export type ShippedRollupName = keyof typeof SHIPPED_ROLLUPS;

/** A shipped rollup's kind and identity as ./kinds.ts RollupRef has them (undefined: Vigil ships none by that name). */
export function shippedRollupRef(name: string): RollupRef | undefined {
  const entry = (SHIPPED_ROLLUPS as Record<string, { kind: string; name: string; chainId: number; l1ChainId: number; l2Rpc?: string; nativeCurrency?: RollupRef['nativeCurrency'] }>)[name];
  return entry === undefined ? undefined : { ...entry, l2Rpc: entry.l2Rpc };
}

export const SHIPPED_ROLLUP_NAMES: readonly string[] = Object.keys(SHIPPED_ROLLUPS);
