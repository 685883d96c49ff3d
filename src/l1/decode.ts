/**
 * Light-client data from the Beacon API (JSON `data` objects or SSZ bytes) into Vigil's
 * normalized shape, and back into a fork's own containers (for servers and tests). Data of a
 * pre-Gloas fork is lifted to the Deneb shape; `gloas` data keeps the Gloas shape (its header
 * proves only an execution block hash). Malformed JSON throws InputError, malformed SSZ
 * VerificationError('SSZ_INVALID'); a fork name outside FORKS never reaches here (src/rpc
 * refuses it with UNKNOWN_FORK).
 * @module
 */
import { InputError } from '../core/errors.ts';
import type { ForkName, PreGloasForkName } from './config.ts';
import {
  type AnyLightClientBootstrap,
  type AnyLightClientFinalityUpdate,
  type AnyLightClientOptimisticUpdate,
  type AnyLightClientUpdate,
  type ExecutionPayloadHeader,
  type GloasLightClientHeader,
  isGloasHeader,
  lightClientFamily,
  type LightClientBootstrap,
  type LightClientFamily,
  type LightClientFinalityUpdate,
  type LightClientHeader,
  type LightClientOptimisticUpdate,
  type LightClientTypes,
  type LightClientUpdate,
  normalizeHeader,
} from './containers.ts';

/** Light-client data as a transport delivers it: JSON (the `data` object) or SSZ bytes. */
export type Encoded = { json: unknown; ssz?: undefined } | { ssz: Uint8Array; json?: undefined };

type Kind = 'bootstrap' | 'update' | 'finalityUpdate' | 'optimisticUpdate';
type G = GloasLightClientHeader;

function decode(types: LightClientTypes, fork: ForkName, kind: Kind, data: Encoded): { value: any; headerOf: (h: any) => any } {
  const family = lightClientFamily(fork);
  const type = types.families[family][kind];
  // A Gloas header is already in its one shape; earlier ones are lifted to the Deneb shape.
  const headerOf = family === 'gloas' ? (h: G): G => h : (h: any): LightClientHeader => normalizeHeader(h);
  if (data.ssz !== undefined) return { value: type.deserialize(data.ssz), headerOf };
  if (data.json === undefined) throw new InputError(`${kind}: neither JSON nor SSZ was given`);
  return { value: type.fromJson(data.json as never), headerOf };
}

/**
 * Pre-Gloas forks give the Deneb-shaped containers; a fork that may be gloas gives either shape.
 * @example decodeBootstrap(types, 'gloas', { ssz }).header // { beacon, executionBlockHash, executionBranch }
 */
export function decodeBootstrap(types: LightClientTypes, fork: PreGloasForkName, data: Encoded): LightClientBootstrap;
export function decodeBootstrap(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientBootstrap;
export function decodeBootstrap(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientBootstrap {
  const { value: v, headerOf } = decode(types, fork, 'bootstrap', data);
  return { ...v, header: headerOf(v.header) };
}

export function decodeUpdate(types: LightClientTypes, fork: PreGloasForkName, data: Encoded): LightClientUpdate;
export function decodeUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientUpdate;
export function decodeUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientUpdate {
  const { value: v, headerOf } = decode(types, fork, 'update', data);
  return { ...v, attestedHeader: headerOf(v.attestedHeader), finalizedHeader: headerOf(v.finalizedHeader) };
}

export function decodeFinalityUpdate(types: LightClientTypes, fork: PreGloasForkName, data: Encoded): LightClientFinalityUpdate;
export function decodeFinalityUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientFinalityUpdate;
export function decodeFinalityUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientFinalityUpdate {
  const { value: v, headerOf } = decode(types, fork, 'finalityUpdate', data);
  return { ...v, attestedHeader: headerOf(v.attestedHeader), finalizedHeader: headerOf(v.finalizedHeader) };
}

export function decodeOptimisticUpdate(types: LightClientTypes, fork: PreGloasForkName, data: Encoded): LightClientOptimisticUpdate;
export function decodeOptimisticUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientOptimisticUpdate;
export function decodeOptimisticUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): AnyLightClientOptimisticUpdate {
  const { value: v, headerOf } = decode(types, fork, 'optimisticUpdate', data);
  return { ...v, attestedHeader: headerOf(v.attestedHeader) };
}

/**
 * A normalized header in a family's own shape (the inverse of normalizeHeader). A Gloas header
 * goes only to the gloas family and back: the other direction is upgrade_lc_header_to_gloas.
 */
export function headerForFamily(header: LightClientHeader | G, family: LightClientFamily): any {
  if (isGloasHeader(header) !== (family === 'gloas')) {
    throw new InputError(`a ${isGloasHeader(header) ? 'Gloas' : 'pre-Gloas'} header cannot be encoded as ${family} data`);
  }
  if (family === 'altair') return { beacon: header.beacon };
  if (family === 'capella') {
    const { blobGasUsed: _b, excessBlobGas: _e, ...capella } = header.execution as ExecutionPayloadHeader;
    return { ...header, execution: capella };
  }
  return header;
}

/** Encodes normalized light-client data as `fork` serves it: `{json, ssz}`. */
export function encodeForFork(
  types: LightClientTypes,
  fork: ForkName,
  kind: Kind,
  value: AnyLightClientBootstrap | AnyLightClientUpdate | AnyLightClientFinalityUpdate | AnyLightClientOptimisticUpdate,
): { json: unknown; ssz: Uint8Array } {
  const family = lightClientFamily(fork);
  const v: any = { ...value };
  for (const key of ['header', 'attestedHeader', 'finalizedHeader']) {
    if (key in v) v[key] = headerForFamily(v[key], family);
  }
  const type = types.families[family][kind] as any;
  return { json: type.toJson(v), ssz: type.serialize(v) };
}
