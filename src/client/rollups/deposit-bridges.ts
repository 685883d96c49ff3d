/**
 * The followed rollups' L1 deposit contracts, by lower-case address, as the transaction preview
 * names a call to one ("Deposit 2 ETH into OP Mainnet's OptimismPortal"): each kind's adapter says
 * which contract takes deposits and how a call to it reads (src/l2/adapter.ts depositBridge).
 * @module
 */
import type { ParsedRollup } from '../../l2/registry.ts';
import type { KnownBridge } from '../../wallet/call-name.ts';

/** @example depositBridges([devnetRollup]).get(contract)?.rollup // 'Vigil ZK devnet' */
export function depositBridges(rollups: readonly Pick<ParsedRollup, 'adapter' | 'config' | 'identity'>[]): Map<string, KnownBridge> {
  const out = new Map<string, KnownBridge>();
  for (const { adapter, config, identity } of rollups) {
    const bridge = adapter.depositBridge?.(config);
    if (bridge === undefined) continue;
    out.set(bridge.address.toLowerCase(), { rollup: identity.name, contract: bridge.contract, deposit: (tx) => bridge.deposit(tx) });
  }
  return out;
}
