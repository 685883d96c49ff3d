/**
 * A `taiko-shasta-v1` rollup config: Taiko Alethia since its Shasta inbox (and the Unzen upgrade,
 * DAO Proposal0019), read from L1 storage (research zk-rollups-2026-11 §2; taikoxyz/taiko-mono
 * b9c5bb2a, packages/protocol).
 *
 * What it pins: the Inbox proxy's implementation. The Inbox keeps its proof verifier as an
 * immutable, so the implementation pins the verifier too (Proposal0019's MainnetInbox bakes in
 * the ZkRequiredVerifier: every finalized proposal carries an SP1 or RISC Zero proof beside an
 * SGX one). Another implementation stops the rollup (L2_IMPLEMENTATION_UNKNOWN).
 * @module
 */
import { bytesToHex, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { aarray, aobject, field } from '../../core/json.ts';
import type { NativeCurrency } from '../adapter.ts';
import { aaddress, identityFields, livenessField, onlyKeys, sourcesField } from '../config-fields.ts';
import { TAIKO_KIND } from '../kinds.ts';

export { TAIKO_KIND };

export interface TaikoConfig {
  readonly kind: typeof TAIKO_KIND;
  readonly name: string;
  readonly chainId: number;
  readonly l1ChainId: number;
  readonly l2Rpc?: string;
  readonly nativeCurrency?: NativeCurrency;
  /** The Shasta Inbox: `_coreState` at `coreStateSlot` (two slots), behind an EIP-1967 proxy running `implementation`. */
  readonly inbox: { readonly address: string; readonly implementation: string; readonly coreStateSlot: bigint };
  /** The SignalService: `_checkpoints[version][blockNumber]` = {blockHash, stateRoot} at `checkpointsSlot`. */
  readonly signalService: { readonly address: string; readonly checkpointsSlot: bigint; readonly checkpointVersion: bigint };
  /**
   * The ZK legs the Inbox's ZkRequiredVerifier takes: each sub-verifier (its address is in the
   * public input) and the program ids it trusts. A leg naming another id stops the rollup.
   */
  readonly zk: { readonly risc0Verifier: string; readonly sp1Verifier: string; readonly risc0ImageIds: readonly string[]; readonly sp1ProgramVkeys: readonly string[] };
  readonly liveness: { readonly delayedAfterSeconds: number; readonly stalledAfterSeconds: number };
  readonly sources: Readonly<Record<string, string>>;
}

const KEYS = ['kind', 'name', 'chainId', 'l1ChainId', 'l2Rpc', 'nativeCurrency', 'inbox', 'signalService', 'zk', 'liveness', 'sources'];

function words(value: unknown, title: string): string[] {
  return aarray(value, title, 32).map((v, i) => bytesToHex(hexToBytes(v, 32, `${title}[${i}]`)));
}

/**
 * Reads a `taiko-shasta-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 */
export function parseTaikoConfig(json: unknown): TaikoConfig {
  const c = aobject(json, 'config');
  onlyKeys(c, KEYS, 'config', TAIKO_KIND);
  const { name, chainId, l1ChainId, l2Rpc, nativeCurrency } = identityFields(c, TAIKO_KIND);
  const i = aobject(field(c, 'inbox'), 'inbox');
  onlyKeys(i, ['address', 'implementation', 'coreStateSlot'], 'inbox', TAIKO_KIND);
  const s = aobject(field(c, 'signalService'), 'signalService');
  onlyKeys(s, ['address', 'checkpointsSlot', 'checkpointVersion'], 'signalService', TAIKO_KIND);
  const z = aobject(field(c, 'zk'), 'zk');
  onlyKeys(z, ['risc0Verifier', 'sp1Verifier', 'risc0ImageIds', 'sp1ProgramVkeys'], 'zk', TAIKO_KIND);
  const zk = {
    risc0Verifier: aaddress(field(z, 'risc0Verifier', 'zk'), 'zk.risc0Verifier'),
    sp1Verifier: aaddress(field(z, 'sp1Verifier', 'zk'), 'zk.sp1Verifier'),
    risc0ImageIds: words(field(z, 'risc0ImageIds', 'zk'), 'zk.risc0ImageIds'),
    sp1ProgramVkeys: words(field(z, 'sp1ProgramVkeys', 'zk'), 'zk.sp1ProgramVkeys'),
  };
  const liveness = livenessField(c);
  const sources = sourcesField(c);
  const slot = (value: unknown, title: string) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new InputError(`"${title}" expected a storage slot number, got ${describe(value)}`);
    return BigInt(value);
  };
  return {
    kind: TAIKO_KIND,
    name,
    chainId,
    l1ChainId,
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    ...(nativeCurrency !== undefined ? { nativeCurrency } : {}),
    inbox: {
      address: aaddress(field(i, 'address', 'inbox'), 'inbox.address'),
      implementation: aaddress(field(i, 'implementation', 'inbox'), 'inbox.implementation'),
      coreStateSlot: slot(field(i, 'coreStateSlot', 'inbox'), 'inbox.coreStateSlot'),
    },
    signalService: {
      address: aaddress(field(s, 'address', 'signalService'), 'signalService.address'),
      checkpointsSlot: slot(field(s, 'checkpointsSlot', 'signalService'), 'signalService.checkpointsSlot'),
      checkpointVersion: slot(field(s, 'checkpointVersion', 'signalService'), 'signalService.checkpointVersion'),
    },
    zk,
    liveness,
    sources,
  };
}
