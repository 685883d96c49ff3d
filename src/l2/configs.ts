/**
 * A rollup config parsed whole by its kind, without its adapter: what the app host checks before
 * a config is saved or followed. ./registry.ts adds each kind's adapter on top; ./kinds.ts reads
 * a config's kind and identity alone (the service worker's view). A config of an unknown kind is
 * refused: Vigil never guesses how to read a contract it has no adapter for.
 * @module
 */
import { InputError } from '../core/errors.ts';
import { ETHER, type NativeCurrency, type RollupIdentity } from './adapter.ts';
import { parseArbitrumConfig } from './arbitrum/config.ts';
import { parseLineaConfig } from './linea/config.ts';
import { ARBITRUM_KIND, type CheckRollupConfigs, LINEA_KIND, OP_STACK_KIND, OP_SUCCINCT_KIND, ROLLUP_KIND, rollupRef, rollupRefs, SCROLL_KIND, TAIKO_KIND } from './kinds.ts';
import { parseOpStackConfig } from './op-stack/config.ts';
import { parseOpSuccinctConfig } from './op-succinct/config.ts';
import { parseScrollConfig } from './scroll/config.ts';
import { parseTaikoConfig } from './taiko/config.ts';
import { parseRollupConfig } from './vigil-zk/config.ts';

type IdentityFields = Omit<RollupIdentity, 'l2Rpc' | 'nativeCurrency'> & { readonly l2Rpc?: string | undefined; readonly nativeCurrency?: NativeCurrency | undefined };

/** Each kind's config parser; every parsed config carries its identity's fields. */
const PARSERS: Readonly<Record<string, (json: unknown) => IdentityFields>> = {
  [ROLLUP_KIND]: parseRollupConfig,
  [OP_STACK_KIND]: parseOpStackConfig,
  [ARBITRUM_KIND]: parseArbitrumConfig,
  [SCROLL_KIND]: parseScrollConfig,
  [OP_SUCCINCT_KIND]: parseOpSuccinctConfig,
  [TAIKO_KIND]: parseTaikoConfig,
  [LINEA_KIND]: parseLineaConfig,
};

/** A config's identity: the fields every kind has (liveness thresholds only: a kind's extra liveness fields stay its own). */
export function rollupIdentity(config: IdentityFields): RollupIdentity {
  const { chainId, name, l1ChainId, l2Rpc, liveness, nativeCurrency } = config;
  return {
    chainId,
    name,
    l1ChainId,
    l2Rpc,
    nativeCurrency: nativeCurrency ?? ETHER,
    liveness: { delayedAfterSeconds: liveness.delayedAfterSeconds, stalledAfterSeconds: liveness.stalledAfterSeconds },
  };
}

/** @throws InputError for an unknown kind or a config its kind refuses (naming the field). */
export function parseRollupKindConfig(json: unknown): { kind: string; config: unknown; identity: RollupIdentity } {
  const { kind } = rollupRef(json);
  const config = PARSERS[kind]!(json);
  return { kind, config, identity: rollupIdentity(config) };
}

/**
 * Rollup configs for a network: each one parsed by its kind, settling on `l1ChainId`, one per
 * L2 chain id (./kinds.ts rollupRefs). Returns them as given.
 * @throws InputError naming the config and its field
 */
export function rollupConfigs(value: unknown, l1ChainId: number): unknown[] {
  const configs = rollupRefs(value, l1ChainId);
  configs.forEach((json, i) => {
    try {
      parseRollupKindConfig(json);
    } catch (err) {
      throw new InputError(`"network.rollups[${i}]": ${err instanceof InputError ? err.shortMessage : String(err)}`);
    }
  });
  return configs;
}

/** ./kinds.ts CheckRollupConfigs where the kinds' code is: {@link rollupConfigs}. */
export const checkRollupConfigs: CheckRollupConfigs = async (configs, l1ChainId) => {
  rollupConfigs(configs, l1ChainId);
};
