/**
 * Light-client data from the Beacon API (JSON `data` objects or SSZ bytes) into Vigil's
 * normalized shape, and back into a fork's own containers (for servers and tests).
 * @module
 */
import { InputError } from '../core/errors.ts';
import type { ForkName } from './config.ts';
import {
  type ExecutionPayloadHeader,
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

function decode(types: LightClientTypes, fork: ForkName, kind: Kind, data: Encoded): any {
  const type = types.families[lightClientFamily(fork)][kind];
  if (data.ssz !== undefined) return type.deserialize(data.ssz);
  if (data.json === undefined) throw new InputError(`${kind}: neither JSON nor SSZ was given`);
  return type.fromJson(data.json as never);
}

const headerOf = (h: any): LightClientHeader => normalizeHeader(h);

export function decodeBootstrap(types: LightClientTypes, fork: ForkName, data: Encoded): LightClientBootstrap {
  const v = decode(types, fork, 'bootstrap', data);
  return { ...v, header: headerOf(v.header) };
}

export function decodeUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): LightClientUpdate {
  const v = decode(types, fork, 'update', data);
  return { ...v, attestedHeader: headerOf(v.attestedHeader), finalizedHeader: headerOf(v.finalizedHeader) };
}

export function decodeFinalityUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): LightClientFinalityUpdate {
  const v = decode(types, fork, 'finalityUpdate', data);
  return { ...v, attestedHeader: headerOf(v.attestedHeader), finalizedHeader: headerOf(v.finalizedHeader) };
}

export function decodeOptimisticUpdate(types: LightClientTypes, fork: ForkName, data: Encoded): LightClientOptimisticUpdate {
  const v = decode(types, fork, 'optimisticUpdate', data);
  return { ...v, attestedHeader: headerOf(v.attestedHeader) };
}

/** A normalized header in a family's own shape (the inverse of normalizeHeader). */
export function headerForFamily(header: LightClientHeader, family: LightClientFamily): any {
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
  value: LightClientBootstrap | LightClientUpdate | LightClientFinalityUpdate | LightClientOptimisticUpdate,
): { json: unknown; ssz: Uint8Array } {
  const family = lightClientFamily(fork);
  const v: any = { ...value };
  for (const key of ['header', 'attestedHeader', 'finalizedHeader']) {
    if (key in v) v[key] = headerForFamily(v[key], family);
  }
  const type = types.families[family][kind] as any;
  return { json: type.toJson(v), ssz: type.serialize(v) };
}
