/**
 * The fork schedules and EIP-1559 parameters of the OP Stack chains Vigil ships, as their rollup
 * configs give them (docs/research/op-stack-forks.md §1):
 * - OP Mainnet, OP Sepolia, Unichain, Unichain Sepolia: ethereum-optimism/superchain-registry
 *   superchain/configs/{mainnet,sepolia}/{op,unichain}.toml @ 8336d2aedd19b87a57b01ae36ba4afef8ea377d0
 *   (Karst's times added in c600c8d7, #1246). No later fork is scheduled there.
 * - Base and Base Sepolia: the registry's base.toml at 5b055be4d294ce43814a44c8839d89b2436dc8aa, the
 *   last commit that lists them (0d9aefc4 removed them, 2026-04-27), and base/base
 *   crates/common/chains/src/config.rs @ 068fc036f51003ef6bf83c18cfeda99dbaa0f586 for their own
 *   upgrades after Jovian: Azul (Osaka with Jovian's precompile caps) and Beryl (Base's token
 *   precompiles). Vigil does not know those: Base blocks from Azul on are refused, not run by OP's rules.
 * Regolith is from genesis on every one of them (the registry writes no time for it).
 * @module
 */
import { InputError } from '../../../core/errors.ts';
import { type OpForkSchedule, parseOpForkSchedule } from './schedule.ts';
import type { OpChainEip1559 } from './rules.ts';

export interface OpChainRules {
  readonly chainId: number;
  readonly name: string;
  readonly forks: OpForkSchedule;
  readonly eip1559: OpChainEip1559;
}

const OP_EIP1559: OpChainEip1559 = { elasticity: 6n, denominator: 50n, denominatorCanyon: 250n };

const SUPERCHAIN_MAINNET = { canyon: 1704992401, delta: 1708560000, ecotone: 1710374401, fjord: 1720627201, granite: 1726070401, holocene: 1736445601, isthmus: 1746806401, jovian: 1764691201 };
const SUPERCHAIN_SEPOLIA = { canyon: 1699981200, delta: 1703203200, ecotone: 1708534800, fjord: 1716998400, granite: 1723478400, holocene: 1732633200, pectra_blob_schedule: 1742486400, isthmus: 1744905600, jovian: 1763568001 };
const KARST_MAINNET = 1783526401;
const KARST_SEPOLIA = 1781712001;
/** Unichain started past Granite: its earlier forks are at genesis. */
const FROM_GENESIS = { canyon: 0, delta: 0, ecotone: 0, fjord: 0, granite: 0 };

const chain = (chainId: number, name: string, forks: Record<string, number>, eip1559 = OP_EIP1559): OpChainRules => ({ chainId, name, forks: parseOpForkSchedule(forks, `${name} forks`), eip1559 });

/** By L2 chain id. */
export const OP_CHAIN_RULES: ReadonlyMap<number, OpChainRules> = /* @__PURE__ */ new Map(
  [
    chain(10, 'OP Mainnet', { ...SUPERCHAIN_MAINNET, karst: KARST_MAINNET }),
    chain(11155420, 'OP Sepolia', { ...SUPERCHAIN_SEPOLIA, karst: KARST_SEPOLIA }),
    chain(130, 'Unichain', { ...SUPERCHAIN_MAINNET, ...FROM_GENESIS, karst: KARST_MAINNET }),
    chain(1301, 'Unichain Sepolia', { ...SUPERCHAIN_SEPOLIA, ...FROM_GENESIS, holocene: 1734559200, karst: KARST_SEPOLIA }),
    chain(8453, 'Base', { regolith: 1686789347, ...SUPERCHAIN_MAINNET, azul: 1779991200, beryl: 1782410400 }),
    chain(84532, 'Base Sepolia', { regolith: 1695768288, ...SUPERCHAIN_SEPOLIA, azul: 1776708000, beryl: 1781805600 }, { ...OP_EIP1559, elasticity: 10n }),
  ].map((c) => [c.chainId, c]),
);

/**
 * The fork table and EIP-1559 parameters a chain's blocks run by: the shipped ones for a chain Vigil
 * ships them for (a config may repeat them, not change them: a config naming OP Mainnet's chain id
 * with other times would run its blocks by rules the chain does not have), else the config's own.
 * @throws InputError when a shipped chain's config gives other times or parameters, or another chain's gives none.
 */
export function opChainRules(config: { readonly chainId: number; readonly name: string; readonly forks?: OpForkSchedule; readonly eip1559?: OpChainEip1559 }): OpChainRules {
  const shipped = OP_CHAIN_RULES.get(config.chainId);
  if (shipped !== undefined) {
    if (config.forks !== undefined && !sameSchedule(config.forks, shipped.forks)) {
      throw new InputError(`"forks" of chain ${config.chainId} differ from the times Vigil ships for ${shipped.name}: leave them out`);
    }
    if (config.eip1559 !== undefined && !sameEip1559(config.eip1559, shipped.eip1559)) {
      throw new InputError(`"eip1559" of chain ${config.chainId} differs from what Vigil ships for ${shipped.name}: leave it out`);
    }
    return shipped;
  }
  if (config.forks === undefined || config.eip1559 === undefined) {
    throw new InputError(`chain ${config.chainId} (${config.name}): Vigil ships no fork times for it; its config must give "forks" and "eip1559"`);
  }
  return { chainId: config.chainId, name: config.name, forks: config.forks, eip1559: config.eip1559 };
}

function sameSchedule(a: OpForkSchedule, b: OpForkSchedule): boolean {
  const keys = new Set([...Object.keys(a.times), ...Object.keys(b.times)]) as Set<keyof OpForkSchedule['times']>;
  for (const k of keys) if (a.times[k] !== b.times[k]) return false;
  return a.unknown.length === b.unknown.length && a.unknown.every((u, i) => u.name === b.unknown[i]!.name && u.time === b.unknown[i]!.time);
}

const sameEip1559 = (a: OpChainEip1559, b: OpChainEip1559): boolean => a.elasticity === b.elasticity && a.denominator === b.denominator && a.denominatorCanyon === b.denominatorCanyon;
