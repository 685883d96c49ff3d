/** The mainnet light-client fixtures (Beacon API JSON) and a digest table for SSZ tests. */
import { readFileSync } from 'node:fs';
import { bytesToHex } from '../../../src/core/bytes.ts';
import type { ForkName } from '../../../src/rpc/beacon.ts';

const dir = new URL('../../fixtures/mainnet-light-client/', import.meta.url);
const load = (name: string): unknown => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));

export const bootstrap = load('bootstrap.json') as { version: string; data: Record<string, unknown> };
export const updates = load('updates.json') as { version: string; data: Record<string, unknown> }[];
export const finality = load('finality.json') as { version: string; data: Record<string, unknown> };
export const optimistic = load('optimistic.json') as { version: string; data: Record<string, unknown> };
/** The trusted checkpoint behind bootstrap.json (test/fixtures/NOTICE.md). */
export const checkpoint = '0x5afc212a7924789b2bc86acad3ab3a6ffb1f6e97253ea50bee7f4f51422c9275';

/** Made-up 4-byte digests for the transport tests (src/l1 computes the real ones). */
export const DIGESTS: Record<string, ForkName> = {
  '0x0a000001': 'altair',
  '0x0a000002': 'bellatrix',
  '0x0a000003': 'capella',
  '0x0a000004': 'deneb',
  '0x0a000005': 'electra',
  '0x0a000006': 'fulu',
};
export const digestOf = (fork: ForkName): Uint8Array => {
  const hex = Object.keys(DIGESTS).find((k) => DIGESTS[k] === fork)!;
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
};
export const forkFromDigest = (digest: Uint8Array): ForkName | undefined => DIGESTS[bytesToHex(digest)];
