/**
 * The rollup kinds Vigil can follow, by the `kind` field of their JSON config. A config of an
 * unknown kind is refused: Vigil never guesses how to read a contract it has no adapter for.
 * @module
 */
import { describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { RollupAdapter, RollupIdentity } from './adapter.ts';
import { arbitrumAdapter } from './arbitrum/adapter.ts';
import { opStackAdapter } from './op-stack/adapter.ts';
import { scrollAdapter } from './scroll/adapter.ts';
import { vigilZkAdapter } from './vigil-zk/adapter.ts';

/** Adapters differ in their Config and Account types; each parses and reads only its own. */
export const ROLLUP_ADAPTERS: Readonly<Record<string, RollupAdapter<any, any>>> = Object.fromEntries(
  [vigilZkAdapter, opStackAdapter, arbitrumAdapter, scrollAdapter].map((a) => [a.kind, a]),
);

export interface ParsedRollup {
  adapter: RollupAdapter<any, any>;
  config: unknown;
  identity: RollupIdentity;
}

/** @throws InputError for an unknown kind or a config its adapter refuses (naming the field). */
export function parseRollup(json: unknown): ParsedRollup {
  if (!isObject(json)) throw new InputError(`a rollup config expected a JSON object, got ${describe(json)}`);
  const adapter = typeof json.kind === 'string' ? ROLLUP_ADAPTERS[json.kind] : undefined;
  if (adapter === undefined) {
    throw new InputError(`"kind": Vigil follows no rollup of kind ${describe(json.kind)} (known: ${Object.keys(ROLLUP_ADAPTERS).join(', ')})`);
  }
  const config = adapter.parseConfig(json);
  return { adapter, config, identity: adapter.identity(config) };
}

/**
 * Rollup configs for a network: each one parsed by its kind's adapter, settling on `l1ChainId`,
 * one per L2 chain id.
 * @throws InputError naming the config and its field
 */
export function rollupConfigs(value: unknown, l1ChainId: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError('"network.rollups" expected an array of rollup configs');
  const seen = new Set<number>();
  return value.map((json, i) => {
    let identity;
    try {
      identity = parseRollup(json).identity;
    } catch (err) {
      throw new InputError(`"network.rollups[${i}]": ${err instanceof InputError ? err.shortMessage : String(err)}`);
    }
    if (identity.l1ChainId !== l1ChainId) throw new InputError(`"network.rollups[${i}]" settles on chain ${identity.l1ChainId}, not on this network's ${l1ChainId}`);
    if (seen.has(identity.chainId) || identity.chainId === l1ChainId) throw new InputError(`"network.rollups[${i}]": chain id ${identity.chainId} is taken`);
    seen.add(identity.chainId);
    return json;
  });
}
