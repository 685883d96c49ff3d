/**
 * A rollup config's kind, checked fields and identity, without its adapter: what settings need
 * to accept or refuse a config and to list rollups (the service worker parses configs; it does
 * not follow rollups). ./registry.ts adds each kind's adapter on top. A config of an unknown kind
 * is refused: Vigil never guesses how to read a contract it has no adapter for.
 * @module
 */
import { describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import type { RollupIdentity } from './adapter.ts';
import { ARBITRUM_KIND, parseArbitrumConfig } from './arbitrum/config.ts';
import { OP_STACK_KIND, parseOpStackConfig } from './op-stack/config.ts';
import { parseScrollConfig, SCROLL_KIND } from './scroll/config.ts';
import { parseRollupConfig, ROLLUP_KIND } from './vigil-zk/config.ts';

type IdentityFields = Omit<RollupIdentity, 'l2Rpc'> & { readonly l2Rpc?: string | undefined };

/** Each kind's config parser; every parsed config carries its identity's fields. */
const PARSERS: Readonly<Record<string, (json: unknown) => IdentityFields>> = {
  [ROLLUP_KIND]: parseRollupConfig,
  [OP_STACK_KIND]: parseOpStackConfig,
  [ARBITRUM_KIND]: parseArbitrumConfig,
  [SCROLL_KIND]: parseScrollConfig,
};

export const ROLLUP_KINDS: readonly string[] = Object.keys(PARSERS);

/** A config's identity: the fields every kind has (liveness thresholds only: a kind's extra liveness fields stay its own). */
export function rollupIdentity(config: IdentityFields): RollupIdentity {
  const { chainId, name, l1ChainId, l2Rpc, liveness } = config;
  return { chainId, name, l1ChainId, l2Rpc, liveness: { delayedAfterSeconds: liveness.delayedAfterSeconds, stalledAfterSeconds: liveness.stalledAfterSeconds } };
}

/** @throws InputError for an unknown kind or a config its kind refuses (naming the field). */
export function parseRollupKindConfig(json: unknown): { kind: string; config: unknown; identity: RollupIdentity } {
  if (!isObject(json)) throw new InputError(`a rollup config expected a JSON object, got ${describe(json)}`);
  const parse = typeof json.kind === 'string' ? PARSERS[json.kind] : undefined;
  if (parse === undefined) throw new InputError(`"kind": Vigil follows no rollup of kind ${describe(json.kind)} (known: ${ROLLUP_KINDS.join(', ')})`);
  const config = parse(json);
  return { kind: json.kind as string, config, identity: rollupIdentity(config) };
}

/**
 * Rollup configs for a network: each one parsed by its kind, settling on `l1ChainId`, one per
 * L2 chain id.
 * @throws InputError naming the config and its field
 */
export function rollupConfigs(value: unknown, l1ChainId: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError('"network.rollups" expected an array of rollup configs');
  const seen = new Set<number>();
  return value.map((json, i) => {
    let identity;
    try {
      identity = parseRollupKindConfig(json).identity;
    } catch (err) {
      throw new InputError(`"network.rollups[${i}]": ${err instanceof InputError ? err.shortMessage : String(err)}`);
    }
    if (identity.l1ChainId !== l1ChainId) throw new InputError(`"network.rollups[${i}]" settles on chain ${identity.l1ChainId}, not on this network's ${l1ChainId}`);
    if (seen.has(identity.chainId) || identity.chainId === l1ChainId) throw new InputError(`"network.rollups[${i}]": chain id ${identity.chainId} is taken`);
    seen.add(identity.chainId);
    return json;
  });
}
