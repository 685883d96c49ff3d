/**
 * The rollup kinds Vigil can follow, by the `kind` field of their JSON config: each kind's
 * adapter over its parsed config (./configs.ts parses and refuses configs).
 * @module
 */
import type { RollupAdapter, RollupIdentity } from './adapter.ts';
import { arbitrumAdapter } from './arbitrum/adapter.ts';
import { lineaAdapter } from './linea/adapter.ts';
import { opStackAdapter } from './op-stack/adapter.ts';
import { opSuccinctAdapter } from './op-succinct/adapter.ts';
import { scrollAdapter } from './scroll/adapter.ts';
import { taikoAdapter } from './taiko/adapter.ts';
import { parseRollupKindConfig } from './configs.ts';
import { vigilZkAdapter } from './vigil-zk/adapter.ts';

/** Adapters differ in their Config and Account types; each parses and reads only its own. */
export const ROLLUP_ADAPTERS: Readonly<Record<string, RollupAdapter<any, any>>> = Object.fromEntries(
  [vigilZkAdapter, opStackAdapter, arbitrumAdapter, scrollAdapter, opSuccinctAdapter, taikoAdapter, lineaAdapter].map((a) => [a.kind, a]),
);

export interface ParsedRollup {
  adapter: RollupAdapter<any, any>;
  config: unknown;
  identity: RollupIdentity;
}

/** @throws InputError for an unknown kind or a config its kind refuses (naming the field). */
export function parseRollup(json: unknown): ParsedRollup {
  const { kind } = parseRollupKindConfig(json);
  const adapter = ROLLUP_ADAPTERS[kind]!;
  const config = adapter.parseConfig(json);
  return { adapter, config, identity: adapter.identity(config) };
}
