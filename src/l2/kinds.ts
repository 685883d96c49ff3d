/**
 * The rollup kinds Vigil follows, and what a config of any kind holds alike (its kind and
 * identity), read without the kind's parser. The service worker keeps rollup configs by these
 * (settings, chain switches) and carries no kind's code; the app host parses configs whole
 * (./configs.ts), and each kind's parser reads these fields the same way (./config-fields.ts).
 * @module
 */
import { describe } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { isObject } from '../core/json.ts';
import { identityFields, type RollupIdentityFields } from './config-fields.ts';

/** Vigil's devnet rollup (circuits/SPEC.md). */
export const ROLLUP_KIND = 'vigil-zk-v1';
export const OP_STACK_KIND = 'op-stack-fault-proofs-v1';
export const ARBITRUM_KIND = 'arbitrum-nitro-v1';
export const SCROLL_KIND = 'scroll-v1';
/** An OP Stack chain settled by OP Succinct's validity-mode output oracle (Mantle, Phala). */
export const OP_SUCCINCT_KIND = 'op-succinct-l2oo-v1';
/** Taiko Alethia since its Shasta inbox. */
export const TAIKO_KIND = 'taiko-shasta-v1';
/** Linea, followed from its LineaRollup contract. */
export const LINEA_KIND = 'linea-v1';

export const ROLLUP_KINDS: readonly string[] = [ROLLUP_KIND, OP_STACK_KIND, ARBITRUM_KIND, SCROLL_KIND, OP_SUCCINCT_KIND, TAIKO_KIND, LINEA_KIND];

/** A rollup config's kind and identity, its other fields unread. */
export interface RollupRef extends RollupIdentityFields {
  readonly kind: string;
}

/**
 * The kind and identity of a rollup config; whether its kind accepts the rest is for
 * ./configs.ts parseRollupKindConfig to say.
 * @throws InputError for an unknown kind or an identity field that is missing or malformed
 * @example rollupRef(knownRollupConfig('base')).chainId // 8453
 */
export function rollupRef(json: unknown): RollupRef {
  if (!isObject(json)) throw new InputError(`a rollup config expected a JSON object, got ${describe(json)}`);
  const kind = json.kind;
  if (typeof kind !== 'string' || !ROLLUP_KINDS.includes(kind)) {
    throw new InputError(`"kind": Vigil follows no rollup of kind ${describe(kind)} (known: ${ROLLUP_KINDS.join(', ')})`);
  }
  return { kind, ...identityFields(json, kind) };
}

/**
 * A network's rollup configs checked by identity: each settling on `l1ChainId`, one per L2 chain
 * id, none taking the L1's. Returns them as given.
 * @throws InputError naming the config (`network.rollups[i]`) and its field
 */
export function rollupRefs(value: unknown, l1ChainId: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError('"network.rollups" expected an array of rollup configs');
  const seen = new Set<number>();
  return value.map((json, i) => {
    let ref;
    try {
      ref = rollupRef(json);
    } catch (err) {
      throw new InputError(`"network.rollups[${i}]": ${err instanceof InputError ? err.shortMessage : String(err)}`);
    }
    if (ref.l1ChainId !== l1ChainId) throw new InputError(`"network.rollups[${i}]" settles on chain ${ref.l1ChainId}, not on this network's ${l1ChainId}`);
    if (seen.has(ref.chainId) || ref.chainId === l1ChainId) throw new InputError(`"network.rollups[${i}]": chain id ${ref.chainId} is taken`);
    seen.add(ref.chainId);
    return json;
  });
}

/**
 * Checks a network's rollup configs whole, each by its kind (./configs.ts rollupConfigs, run
 * where the kinds' code is: the app host, the CLI). Rejects with an InputError naming the config.
 */
export type CheckRollupConfigs = (configs: unknown[], l1ChainId: number) => Promise<void>;
