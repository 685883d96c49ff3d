/**
 * Rollup configs Vigil ships, by name (`vigil l2-balance --rollup-config op-mainnet`): each from
 * its adapter's networks module, where every address and slot cites its source.
 * @module
 */
import { InputError } from '../core/errors.ts';
import { ARBITRUM_NETWORKS } from './arbitrum/networks.ts';
import { OP_STACK_NETWORKS } from './op-stack/networks.ts';
import { OP_SUCCINCT_NETWORKS } from './op-succinct/networks.ts';
import { LINEA_NETWORKS } from './linea/networks.ts';
import { TAIKO_NETWORKS } from './taiko/networks.ts';
import { SCROLL_NETWORKS } from './scroll/networks.ts';

const KNOWN: Record<string, Record<string, unknown>> = { ...OP_STACK_NETWORKS, ...ARBITRUM_NETWORKS, ...SCROLL_NETWORKS, ...OP_SUCCINCT_NETWORKS, ...TAIKO_NETWORKS, ...LINEA_NETWORKS };

export const KNOWN_ROLLUP_NAMES: readonly string[] = Object.keys(KNOWN);

/** The shipped config of `name` (a copy), or undefined when Vigil ships none by that name. */
export function knownRollupConfig(name: string): Record<string, unknown> | undefined {
  const config = KNOWN[name];
  return config === undefined ? undefined : structuredClone(config);
}

/** @throws InputError naming the known ones. */
export function requireKnownRollup(name: string): Record<string, unknown> {
  const config = knownRollupConfig(name);
  if (config === undefined) throw new InputError(`no rollup named ${name} (known: ${KNOWN_ROLLUP_NAMES.join(', ') || 'none'})`);
  return config;
}
