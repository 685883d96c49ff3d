/** is_better_update's ranking, rule by rule (no signatures involved: it ranks valid updates). */
import { describe, expect, it } from 'vitest';
import { defaultLightClientHeader, type LightClientUpdate } from '../../../src/l1/containers.ts';
import { networkConfig } from '../../../src/l1/networks.ts';
import { createLightClientContext } from '../../../src/l1/spec/helpers.ts';
import { isBetterUpdate } from '../../../src/l1/spec/isBetterUpdate.ts';

const ctx = createLightClientContext(networkConfig('mainnet'));
const PERIOD = 8192n;
const nonZero = (n: number) => Array.from({ length: n }, () => new Uint8Array(32).fill(1));
const zero = (n: number) => Array.from({ length: n }, () => new Uint8Array(32));

function update(o: { participants: number; committee?: boolean; finality?: boolean; attested?: bigint; finalized?: bigint; signature?: bigint }): LightClientUpdate {
  const attested = defaultLightClientHeader();
  attested.beacon.slot = o.attested ?? 10n * PERIOD + 100n;
  const finalized = defaultLightClientHeader();
  finalized.beacon.slot = o.finalized ?? attested.beacon.slot - 64n;
  return {
    attestedHeader: attested,
    nextSyncCommittee: ctx.types.SyncCommittee.defaultValue(),
    nextSyncCommitteeBranch: o.committee ? nonZero(5) : zero(5),
    finalizedHeader: finalized,
    finalityBranch: o.finality ? nonZero(6) : zero(6),
    syncAggregate: {
      syncCommitteeBits: Array.from({ length: 512 }, (_, i) => i < o.participants),
      syncCommitteeSignature: new Uint8Array(96),
    },
    signatureSlot: o.signature ?? attested.beacon.slot + 1n,
  };
}

const better = (a: LightClientUpdate, b: LightClientUpdate) => isBetterUpdate(ctx, a, b);

describe('isBetterUpdate', () => {
  it('prefers a supermajority, then more participants below it', () => {
    expect(better(update({ participants: 342 }), update({ participants: 500, committee: true, finality: true }))).toBe(false);
    expect(better(update({ participants: 342 }), update({ participants: 341, committee: true, finality: true }))).toBe(true);
    expect(better(update({ participants: 300 }), update({ participants: 200, committee: true, finality: true }))).toBe(true);
  });

  it('then a relevant sync committee (attested and signature in one period)', () => {
    expect(better(update({ participants: 400, committee: true }), update({ participants: 500, finality: true }))).toBe(true);
    const straddling = update({ participants: 500, committee: true, attested: 11n * PERIOD - 1n, signature: 11n * PERIOD });
    expect(better(update({ participants: 400, committee: true }), straddling)).toBe(true);
  });

  it('then any finality, then sync-committee finality', () => {
    expect(better(update({ participants: 400, committee: true, finality: true }), update({ participants: 500, committee: true }))).toBe(true);
    const sameP = update({ participants: 400, committee: true, finality: true });
    const crossP = update({ participants: 500, committee: true, finality: true, finalized: 9n * PERIOD + 5n });
    expect(better(sameP, crossP)).toBe(true);
  });

  it('tie-breaks on participation, then older attested data, then earlier signature', () => {
    const base = { committee: true, finality: true } as const;
    expect(better(update({ participants: 500, ...base }), update({ participants: 450, ...base }))).toBe(true);
    expect(better(update({ participants: 500, ...base, attested: 10n * PERIOD + 90n }), update({ participants: 500, ...base }))).toBe(true);
    expect(better(update({ participants: 500, ...base, signature: 10n * PERIOD + 101n }), update({ participants: 500, ...base, signature: 10n * PERIOD + 110n }))).toBe(true);
    expect(better(update({ participants: 500, ...base }), update({ participants: 500, ...base }))).toBe(false);
  });
});
