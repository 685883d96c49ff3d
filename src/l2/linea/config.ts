/**
 * A `linea-v1` rollup config: Linea, read from its LineaRollup contract on L1 (research
 * zk-rollups-2026-11 §3; Consensys/linea-monorepo contracts/src/rollup).
 *
 * What it pins:
 * - LineaRollup's slots (`currentL2BlockNumber`, `stateRootHashes`, `verifiers`, and for the v4
 *   layout `forcedTransactionRollingHashes`): the same in every release so far;
 * - the implementations the proxy may run, each with the public-input layout its finalizeBlocks
 *   computes (a release adds words): under another, the root is taken only where its
 *   DataFinalizedV3 log repeats the slots, and its proofs are L1's word (./follow.ts);
 * - per proof type, the gnark PLONK keys Vigil ships (src/zk/gnark-shipped.ts) that its verifier
 *   may hold, and its code hash where a primary source gives one. The verifier's address is not
 *   pinned: it is read from `verifiers[proofType]`, and its proven code must hold one of the keys
 *   (a prover upgrade otherwise: the proof is then L1's word only, and says so).
 * @module
 */
import { describe } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aarray, aobject, field } from '../../core/json.ts';
import { GNARK_SHIPPED_KEYS } from '../../zk/gnark-shipped.ts';
import type { LineaPublicInputLayout } from './public-input.ts';
import type { NativeCurrency } from '../adapter.ts';
import { aaddress, ainteger, astring, identityFields, livenessField, onlyKeys, sourcesField } from '../config-fields.ts';
import { LINEA_KIND } from '../kinds.ts';

export { LINEA_KIND };

export interface LineaVerifierPin {
  /** The `verifiers` key and the `proofType` argument of finalizeBlocks. */
  readonly proofType: bigint;
  /** The gnark PLONK keys Vigil ships that this proof type's verifier may hold: the one in its proven code is used. */
  readonly keys: readonly string[];
  /**
   * keccak256 of the verifier's runtime code where a primary source gives it (lower-case 0x-hex):
   * the proven code must then hash to it. Absent: the keys' constants in the proven code decide.
   */
  readonly codeHash?: string;
}

/** A LineaRollup implementation and the public-input layout its finalizeBlocks computes. */
export interface LineaImplementation {
  readonly address: string;
  readonly layout: LineaPublicInputLayout;
}

export interface LineaConfig {
  readonly kind: typeof LINEA_KIND;
  readonly name: string;
  readonly chainId: number;
  readonly l1ChainId: number;
  readonly l2Rpc?: string;
  readonly nativeCurrency?: NativeCurrency;
  /** LineaRollup (an upgradeable proxy), its storage slots, and the implementations it may run. */
  readonly rollup: {
    readonly address: string;
    readonly implementations: readonly LineaImplementation[];
    readonly currentL2BlockNumberSlot: bigint;
    readonly stateRootHashesSlot: bigint;
    readonly verifiersSlot: bigint;
    /** `forcedTransactionRollingHashes` (mapping(uint256 ⇒ bytes32)): read by the v4 layout only. */
    readonly forcedTransactionRollingHashesSlot?: bigint;
  };
  readonly verifiers: readonly LineaVerifierPin[];
  /** How many L1 blocks back from the head the last finalization's log (and the one before it) is looked for. */
  readonly finalizationSearchBlocks: number;
  readonly liveness: { readonly delayedAfterSeconds: number; readonly stalledAfterSeconds: number };
  readonly sources: Readonly<Record<string, string>>;
}

const KEYS = ['kind', 'name', 'chainId', 'l1ChainId', 'l2Rpc', 'nativeCurrency', 'rollup', 'verifiers', 'finalizationSearchBlocks', 'liveness', 'sources'];
const LAYOUTS: readonly LineaPublicInputLayout[] = ['v3', 'v3-chain', 'v4'];
/** About a day of L1 blocks at most: Linea finalizes every few hours. */
const MAX_SEARCH_BLOCKS = 7_500;

const slot = (value: unknown, title: string) => BigInt(ainteger(value, title, 0));

function implementationField(value: unknown, title: string): LineaImplementation {
  const o = aobject(value, title);
  onlyKeys(o, ['address', 'layout'], title, LINEA_KIND);
  const layout = field(o, 'layout', title);
  if (typeof layout !== 'string' || !(LAYOUTS as readonly string[]).includes(layout)) throw new InputError(`"${title}.layout" expected one of ${LAYOUTS.join(', ')}, got ${describe(layout)}`);
  return { address: aaddress(field(o, 'address', title), `${title}.address`), layout: layout as LineaPublicInputLayout };
}

function verifierField(value: unknown, title: string): LineaVerifierPin {
  const o = aobject(value, title);
  onlyKeys(o, ['proofType', 'keys', 'codeHash'], title, LINEA_KIND);
  const keys = aarray(field(o, 'keys', title), `${title}.keys`, 16).map((key, j) => {
    if (typeof key !== 'string' || !Object.hasOwn(GNARK_SHIPPED_KEYS, key)) {
      throw new InputError(`"${title}.keys[${j}]" expected a gnark PLONK key Vigil ships (${Object.keys(GNARK_SHIPPED_KEYS).join(', ')}), got ${describe(key)}`);
    }
    return key;
  });
  if (keys.length === 0) throw new InputError(`"${title}.keys" expected at least one key`);
  const codeHash = o.codeHash === undefined ? undefined : astring(o.codeHash, `${title}.codeHash`).toLowerCase();
  if (codeHash !== undefined && !/^0x[0-9a-f]{64}$/.test(codeHash)) throw new InputError(`"${title}.codeHash" expected 32 bytes as 0x-hex, got ${describe(codeHash)}`);
  return { proofType: slot(field(o, 'proofType', title), `${title}.proofType`), keys, ...(codeHash !== undefined ? { codeHash } : {}) };
}

/**
 * Reads a `linea-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 */
export function parseLineaConfig(json: unknown): LineaConfig {
  const c = aobject(json, 'config');
  onlyKeys(c, KEYS, 'config', LINEA_KIND);
  const { name, chainId, l1ChainId, l2Rpc, nativeCurrency } = identityFields(c, LINEA_KIND);
  const r = aobject(field(c, 'rollup'), 'rollup');
  onlyKeys(r, ['address', 'implementations', 'currentL2BlockNumberSlot', 'stateRootHashesSlot', 'verifiersSlot', 'forcedTransactionRollingHashesSlot'], 'rollup', LINEA_KIND);
  const implementations = aarray(field(r, 'implementations', 'rollup'), 'rollup.implementations', 16).map((v, i) => implementationField(v, `rollup.implementations[${i}]`));
  if (implementations.length === 0) throw new InputError('"rollup.implementations" expected at least one implementation');
  if (new Set(implementations.map((i) => i.address)).size !== implementations.length) throw new InputError('"rollup.implementations" names an implementation twice');
  const forcedSlot = r.forcedTransactionRollingHashesSlot === undefined ? undefined : slot(r.forcedTransactionRollingHashesSlot, 'rollup.forcedTransactionRollingHashesSlot');
  if (forcedSlot === undefined && implementations.some((i) => i.layout === 'v4')) throw new InputError('"rollup.forcedTransactionRollingHashesSlot" expected: the v4 layout reads it');
  const verifiers = aarray(field(c, 'verifiers'), 'verifiers', 8).map((v, i) => verifierField(v, `verifiers[${i}]`));
  if (verifiers.length === 0) throw new InputError('"verifiers" expected at least one pinned proof type');
  if (new Set(verifiers.map((v) => v.proofType)).size !== verifiers.length) throw new InputError('"verifiers" names a proof type twice');
  return {
    kind: LINEA_KIND,
    name,
    chainId,
    l1ChainId,
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    ...(nativeCurrency !== undefined ? { nativeCurrency } : {}),
    rollup: {
      address: aaddress(field(r, 'address', 'rollup'), 'rollup.address'),
      implementations,
      currentL2BlockNumberSlot: slot(field(r, 'currentL2BlockNumberSlot', 'rollup'), 'rollup.currentL2BlockNumberSlot'),
      stateRootHashesSlot: slot(field(r, 'stateRootHashesSlot', 'rollup'), 'rollup.stateRootHashesSlot'),
      verifiersSlot: slot(field(r, 'verifiersSlot', 'rollup'), 'rollup.verifiersSlot'),
      ...(forcedSlot !== undefined ? { forcedTransactionRollingHashesSlot: forcedSlot } : {}),
    },
    verifiers,
    finalizationSearchBlocks: ainteger(field(c, 'finalizationSearchBlocks'), 'finalizationSearchBlocks', 1, MAX_SEARCH_BLOCKS),
    liveness: livenessField(c),
    sources: sourcesField(c),
  };
}
