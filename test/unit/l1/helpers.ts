/** Shared by the light-client tests: the real mainnet chain in test/fixtures/mainnet-light-client. */
import { readFileSync } from 'node:fs';
import { hexToBytes } from '../../../src/core/bytes.ts';
import type { PreGloasForkName } from '../../../src/l1/config.ts';
import { decodeBootstrap, decodeFinalityUpdate, decodeOptimisticUpdate, decodeUpdate } from '../../../src/l1/decode.ts';
import { networkConfig } from '../../../src/l1/networks.ts';
import { createLightClientContext, type LightClientContext } from '../../../src/l1/spec/helpers.ts';

export const mainnetJson = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../fixtures/mainnet-light-client/${name}`, import.meta.url), 'utf8'));

export const CHECKPOINT = hexToBytes('0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275');

/** One context for the whole file: committee keys are decompressed once. */
export function mainnetChain(ctx: LightClientContext = createLightClientContext(networkConfig('mainnet'))) {
  const b = mainnetJson('bootstrap.json');
  const f = mainnetJson('finality.json');
  const o = mainnetJson('optimistic.json');
  return {
    ctx,
    bootstrap: decodeBootstrap(ctx.types, b.version as PreGloasForkName, { json: b.data }),
    updates: (mainnetJson('updates.json') as any[]).map((u) => decodeUpdate(ctx.types, u.version, { json: u.data })),
    finality: decodeFinalityUpdate(ctx.types, f.version, { json: f.data }),
    optimistic: decodeOptimisticUpdate(ctx.types, o.version, { json: o.data }),
  };
}
