/**
 * An `op-succinct-l2oo-v1` rollup config: an OP Stack chain whose L1 output oracle is
 * OP Succinct's OPSuccinctL2OutputOracle in validity mode (Mantle, Phala), each output carrying an
 * SP1 aggregation proof (research zk-rollups-2026-11 §1).
 *
 * What it pins, each a fact that proven storage must match or the rollup stops with its alarm
 * (L2_VERIFIER_CHANGED): the oracle's implementation, the SP1 program keys and rollup config hash
 * (the oracle's own slots in layout `v2`; the `opSuccinctConfigs[configName]` entry in `v3`), the
 * verifier the oracle calls (an SP1 gateway, or one release's verifier) and, through a gateway,
 * the verifier each accepted release routes to. `unconfirmed` names the pins that no primary
 * source available offline confirmed: shown beside the rollup, and still enforced. A program key
 * the config leaves out is read from proven storage and not pinned: proofs are still re-verified
 * against it, but count only as "accepted by L1's verifier" (a swapped key would go unnoticed).
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aarray, aobject, field } from '../../core/json.ts';
import type { NativeCurrency } from '../adapter.ts';
import { aaddress, ainteger, astring, identityFields, livenessField, onlyKeys, sourcesField } from '../config-fields.ts';
import { OP_SUCCINCT_KIND } from '../kinds.ts';

export { OP_SUCCINCT_KIND };

/**
 * Storage layouts (research §1.1, re-derived with solc; identical up to slot 16):
 * - `v2`: Mantle's OPSuccinctL2OutputOracle 2.0.1: the keys in slots 9, 10, 12; proposals
 *   `proposeL2Output(bytes32,uint256,uint256,bytes)`, public values of 6 words;
 * - `v3`: upstream 3.x: keys per config name in `opSuccinctConfigs` (slot 18), proposals
 *   `proposeL2Output(bytes32 configName, …, address prover)`, public values of 7 words.
 */
export type OracleLayout = 'v2' | 'v3';

/** One SP1 release the oracle's proofs may use, and the verifier contract it must route to. */
export interface ReleasePin {
  /** A release Vigil ships the key of (src/zk/sp1-shipped.ts), e.g. `plonk-v6.1.0`. */
  readonly id: string;
  /** The release's verifier contract (sp1-contracts deployments) the gateway must route its selector to. */
  readonly verifier: string;
}

export interface OpSuccinctConfig {
  readonly kind: typeof OP_SUCCINCT_KIND;
  readonly name: string;
  readonly chainId: number;
  readonly l1ChainId: number;
  readonly l2Rpc?: string;
  readonly nativeCurrency?: NativeCurrency;
  readonly layout: OracleLayout;
  readonly oracle: { readonly address: string; readonly implementation?: string };
  /**
   * The SP1 program the oracle verifies: its aggregation key and the range key commitment and
   * rollup config hash its proofs commit to; each one left out is not pinned.
   */
  readonly program: {
    readonly aggregationVkey?: string;
    readonly rangeVkeyCommitment?: string;
    readonly rollupConfigHash?: string;
    /** `v3`: the opSuccinctConfigs entry proposals must name. */
    readonly configName?: string;
  };
  /** The address in the oracle's `verifier` slot: an SP1VerifierGateway (routes by proof selector) or a release's verifier. */
  readonly verifier: { readonly address: string; readonly gateway: boolean; readonly releases: readonly ReleasePin[] };
  /**
   * The L1 portal that proves withdrawals against this oracle, and whose bridge it speaks (only
   * Mantle's, which pays MNT, is built): without one Vigil offers no forced exit for the chain.
   */
  readonly portal?: { readonly address: string; readonly bridge: 'mantle'; readonly sequencingWindowL1Blocks: number };
  /** How many outputs back from the newest to re-verify (each proof shows one step from the output before). */
  readonly verifySteps: number;
  /** An output Vigil trusts without a proof (e.g. the oracle's starting output): a chain of re-verified steps reaching it is anchored. */
  readonly anchor?: { readonly index: number; readonly outputRoot: string };
  readonly liveness: { readonly delayedAfterSeconds: number; readonly stalledAfterSeconds: number };
  /** Config fields (dotted paths) whose values no primary source confirmed. */
  readonly unconfirmed: readonly string[];
  readonly sources: Readonly<Record<string, string>>;
}

const KEYS = ['kind', 'name', 'chainId', 'l1ChainId', 'l2Rpc', 'nativeCurrency', 'layout', 'oracle', 'program', 'verifier', 'portal', 'verifySteps', 'anchor', 'liveness', 'unconfirmed', 'sources'];
/** Each step costs a proof verification and a transaction lookup; verified L1 headers reach about a day back. */
const MAX_VERIFY_STEPS = 24;

function word(value: unknown, title: string): string {
  return bytesToHex(hexToBytes(value, 32, title));
}

/**
 * Reads an `op-succinct-l2oo-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 * @example parseOpSuccinctConfig(MANTLE).program.aggregationVkey
 */
export function parseOpSuccinctConfig(json: unknown): OpSuccinctConfig {
  const c = aobject(json, 'config');
  onlyKeys(c, KEYS, 'config', OP_SUCCINCT_KIND);
  const { name, chainId, l1ChainId, l2Rpc, nativeCurrency } = identityFields(c, OP_SUCCINCT_KIND);
  const layout = field(c, 'layout');
  if (layout !== 'v2' && layout !== 'v3') throw new InputError(`"layout" expected "v2" or "v3", got ${describe(layout)}`);

  const o = aobject(field(c, 'oracle'), 'oracle');
  onlyKeys(o, ['address', 'implementation'], 'oracle', OP_SUCCINCT_KIND);
  const oracle = { address: aaddress(field(o, 'address', 'oracle'), 'oracle.address'), ...(o.implementation !== undefined ? { implementation: aaddress(o.implementation, 'oracle.implementation') } : {}) };

  const p = aobject(field(c, 'program'), 'program');
  onlyKeys(p, ['aggregationVkey', 'rangeVkeyCommitment', 'rollupConfigHash', 'configName'], 'program', OP_SUCCINCT_KIND);
  const program: OpSuccinctConfig['program'] = {};
  for (const key of ['aggregationVkey', 'rangeVkeyCommitment', 'rollupConfigHash', 'configName'] as const) {
    if (p[key] !== undefined) Object.assign(program, { [key]: word(p[key], `program.${key}`) });
  }
  if (layout === 'v3' && program.configName === undefined) throw new InputError('"program.configName" is needed with layout "v3" (the opSuccinctConfigs entry proposals name)');
  if (layout === 'v2' && program.configName !== undefined) throw new InputError('"program.configName" has no meaning with layout "v2" (its keys are the oracle\'s own slots)');

  const v = aobject(field(c, 'verifier'), 'verifier');
  onlyKeys(v, ['address', 'gateway', 'releases'], 'verifier', OP_SUCCINCT_KIND);
  const gateway = field(v, 'gateway', 'verifier');
  if (typeof gateway !== 'boolean') throw new InputError(`"verifier.gateway" expected true or false, got ${describe(gateway)}`);
  const releases = aarray(field(v, 'releases', 'verifier'), 'verifier.releases', 16).map((r, i) => {
    const title = `verifier.releases[${i}]`;
    const obj = aobject(r, title);
    onlyKeys(obj, ['id', 'verifier'], title, OP_SUCCINCT_KIND);
    return { id: astring(field(obj, 'id', title), `${title}.id`), verifier: aaddress(field(obj, 'verifier', title), `${title}.verifier`) };
  });
  if (releases.length === 0) throw new InputError('"verifier.releases" expected at least one SP1 release');
  if (!gateway && releases.length !== 1) throw new InputError('"verifier.releases" expected exactly one release when the oracle calls a verifier directly');
  const verifier = { address: aaddress(field(v, 'address', 'verifier'), 'verifier.address'), gateway, releases };
  if (!gateway && verifier.address !== releases[0]!.verifier) throw new InputError('"verifier.address" must be its one release\'s verifier when it is not a gateway');

  let portal: OpSuccinctConfig['portal'];
  if (c.portal !== undefined) {
    const q = aobject(c.portal, 'portal');
    onlyKeys(q, ['address', 'bridge', 'sequencingWindowL1Blocks'], 'portal', OP_SUCCINCT_KIND);
    const bridge = field(q, 'bridge', 'portal');
    if (bridge !== 'mantle') throw new InputError(`"portal.bridge" expected "mantle" (the one portal Vigil speaks for this kind), got ${describe(bridge)}`);
    portal = { address: aaddress(field(q, 'address', 'portal'), 'portal.address'), bridge, sequencingWindowL1Blocks: ainteger(field(q, 'sequencingWindowL1Blocks', 'portal'), 'portal.sequencingWindowL1Blocks', 1, 1_000_000) };
  }

  const verifySteps = ainteger(field(c, 'verifySteps'), 'verifySteps', 1, MAX_VERIFY_STEPS);
  let anchor: OpSuccinctConfig['anchor'];
  if (c.anchor !== undefined) {
    const a = aobject(c.anchor, 'anchor');
    onlyKeys(a, ['index', 'outputRoot'], 'anchor', OP_SUCCINCT_KIND);
    anchor = { index: ainteger(field(a, 'index', 'anchor'), 'anchor.index', 0), outputRoot: word(field(a, 'outputRoot', 'anchor'), 'anchor.outputRoot') };
  }

  const liveness = livenessField(c);

  const unconfirmed = c.unconfirmed === undefined ? [] : aarray(c.unconfirmed, 'unconfirmed', 32).map((u, i) => astring(u, `unconfirmed[${i}]`));
  const sources = sourcesField(c);

  return {
    kind: OP_SUCCINCT_KIND,
    name,
    chainId,
    l1ChainId,
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    ...(nativeCurrency !== undefined ? { nativeCurrency } : {}),
    layout,
    oracle,
    program,
    verifier,
    ...(portal !== undefined ? { portal } : {}),
    verifySteps,
    ...(anchor !== undefined ? { anchor } : {}),
    liveness,
    unconfirmed,
    sources,
  };
}
