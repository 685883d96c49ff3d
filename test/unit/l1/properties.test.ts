import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { decodeFinalityUpdate, decodeUpdate, encodeForFork } from '../../../src/l1/decode.ts';
import { initializeLightClientStore } from '../../../src/l1/spec/initializeLightClientStore.ts';
import { processLightClientUpdate } from '../../../src/l1/spec/processLightClientUpdate.ts';
import { deserializeLightClientStore, serializeLightClientStore } from '../../../src/l1/store.ts';
import { CHECKPOINT, mainnetChain, mainnetJson } from './helpers.ts';

const chain = mainnetChain();
const { ctx } = chain;
const store = processLightClientUpdate(ctx, initializeLightClientStore(ctx, CHECKPOINT, chain.bootstrap), chain.updates[0]!, chain.updates[0]!.signatureSlot);
const honest = processLightClientUpdate(ctx, store, chain.updates[1]!, chain.updates[1]!.signatureSlot);
const updateSsz = encodeForFork(ctx.types, 'capella', 'update', chain.updates[1]!).ssz;

const typed = (err: unknown) => err instanceof VerificationError || err instanceof InputError;

describe('light-client properties', () => {
  it('arbitrary JSON never decodes into an update silently, only typed errors', () => {
    const base = mainnetJson('finality.json').data;
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('attested_header', 'finality_branch', 'sync_aggregate', 'signature_slot', 'finalized_header'), (junk, key) => {
        for (const json of [junk, { ...base, [key]: junk }]) {
          try {
            decodeFinalityUpdate(ctx.types, 'capella', { json });
          } catch (err) {
            expect(typed(err)).toBe(true);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a byte changed anywhere in a real SSZ update: a typed rejection, or the same verified headers', () => {
    fc.assert(
      fc.property(fc.nat(updateSsz.length - 1), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const bytes = updateSsz.slice();
        bytes[at] = bytes[at]! ^ delta;
        try {
          const next = processLightClientUpdate(ctx, store, decodeUpdate(ctx.types, 'capella', { ssz: bytes }), chain.updates[1]!.signatureSlot + 10n);
          // Only fields outside the signature and branches (the signature slot) may change unnoticed.
          expect(bytesToHex(next.finalizedHeader.beacon.stateRoot)).toBe(bytesToHex(honest.finalizedHeader.beacon.stateRoot));
          expect(next.finalizedHeader).toEqual(honest.finalizedHeader);
          expect(next.optimisticHeader).toEqual(honest.optimisticHeader);
        } catch (err) {
          expect(typed(err)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('persisted light-client store: properties', () => {
  const bytes = serializeLightClientStore(ctx.types, 'mainnet', honest);

  it('round-trips exactly', () => {
    expect(bytesToHex(serializeLightClientStore(ctx.types, 'mainnet', deserializeLightClientStore(ctx.types, 'mainnet', bytes)))).toBe(bytesToHex(bytes));
  });

  it('a changed, cut or lengthened record: a typed error or a store, never a crash', () => {
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(bytes.length), fc.uint8Array({ maxLength: 40 }), (at, delta, cut, extra) => {
        const changed = bytes.slice();
        changed[at] = changed[at]! ^ delta;
        const record = new Uint8Array([...changed.subarray(0, cut), ...extra]);
        for (const candidate of [changed, record]) {
          try {
            const store = deserializeLightClientStore(ctx.types, 'mainnet', candidate);
            expect(store.currentSyncCommittee.pubkeys).toHaveLength(512);
          } catch (err) {
            expect(typed(err)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
