/**
 * Who signed the light client's heads. The spec's store (src/l1/store.ts) keeps headers, not the
 * sync aggregates that signed them; beside it the sync loop (./sync.ts) records, after each
 * transition, how many of the committee signed the update that put its optimistic and finalized
 * headers there, and keeps the two headers the signing rule (src/wallet/signing-head.ts) rests on:
 * - `signing`: the newest header signed by a supermajority (3 · participants ≥ 2 · committee
 *   size): what transactions are signed against. While the light client follows thinner heads
 *   (the spec takes a header signed by more than half the most participants it saw lately), this
 *   one stays where it was and ages.
 * - `final`: the newest header finalized by an update signed by a supermajority, or the trusted
 *   checkpoint: "finalized" for everything a signature relies on. process_light_client_store_force_update
 *   (after UPDATE_TIMEOUT without finality) applies the best update it has whatever signed it, and
 *   may take an attested header for a finalized one: it moves the store, never `final`.
 *
 * Pure; persisted with the store as a HeadSignersRecord (src/storage/db.ts).
 * @module
 */
import { equalBytes, bytesToHex, hexToBytes } from '../../core/bytes.ts';
import { type AnyLightClientHeader, BeaconBlockHeader } from '../../l1/containers.ts';
import { type SyncParticipation, syncParticipation } from '../../l1/heads.ts';
import type { ProcessedUpdate } from '../../l1/processor.ts';
import { type AnyLightClientStore, deserializeLightClientHeader, serializeLightClientHeader } from '../../l1/store.ts';
import type { HeadSignersOf, HeadSignersRecord, SignedHeaderOf } from '../../storage/db.ts';
import { isSupermajority } from '../../wallet/signing-head.ts';

/** Who signed a head: an aggregate's participation; `checkpoint`: the trusted checkpoint; null: not known. */
export type Signers = SyncParticipation | 'checkpoint' | null;

export type SignedHeader<S> = SignedHeaderOf<AnyLightClientHeader, S>;

/** The signers of the store's heads, with the signing and final headers decoded (src/storage/db.ts HeadSignersOf). */
export type HeadSigners = HeadSignersOf<AnyLightClientHeader>;

/**
 * Whether a head is thinly signed: by fewer than two thirds of its committee, or by a share not
 * known. Shown, never signed against. The trusted checkpoint is not.
 */
export function thinlySigned(signedBy: Signers): boolean {
  return signedBy !== 'checkpoint' && !isSupermajority(signedBy);
}

/** A store saved before Vigil counted signers: nothing of it counts as a supermajority's. */
export const UNKNOWN_SIGNERS: HeadSigners = /* @__PURE__ */ Object.freeze({ optimistic: null, finalized: null, signing: null, final: null });

/** A store just bootstrapped: its finalized (and optimistic) header is the trusted checkpoint's, signed by no aggregate. */
export function bootstrapSigners(store: AnyLightClientStore): HeadSigners {
  return { optimistic: null, finalized: 'checkpoint', signing: null, final: { header: store.finalizedHeader, signedBy: 'checkpoint' } };
}

/**
 * After process_light_client_update took `processed` (its store is `after`): a header the update
 * moved the store to was signed by its aggregate (the attested header itself, or a finalized
 * header its attested state proves); the same attested header signed again by more counts the more.
 */
export function afterUpdate(signers: HeadSigners, before: AnyLightClientStore, processed: ProcessedUpdate<AnyLightClientStore>): HeadSigners {
  const after = processed.store;
  const p = processed.participation;
  let { optimistic, finalized, final } = signers;
  if (!sameHeader(before.optimisticHeader, after.optimisticHeader)) optimistic = p;
  else if (equalBytes(rootOf(after.optimisticHeader), processed.attested.root)) optimistic = more(optimistic, p);
  const finalizedMoved = !sameHeader(before.finalizedHeader, after.finalizedHeader);
  if (finalizedMoved) {
    finalized = p;
    // The spec applies a finality update normally only at this threshold; checked, not assumed.
    if (isSupermajority(p)) final = { header: after.finalizedHeader, signedBy: p };
  }
  let signing = newestSigning(signers.signing, after.optimisticHeader, optimistic);
  if (finalizedMoved) signing = newestSigning(signing, after.finalizedHeader, p);
  return { optimistic, finalized, signing, final };
}

/**
 * After process_light_client_store_force_update moved `before` to `after`: what moved was signed
 * by the best valid update's aggregate, however few; `final` stays.
 */
export function afterForceUpdate(signers: HeadSigners, before: AnyLightClientStore, after: AnyLightClientStore): HeadSigners {
  if (after === before || before.bestValidUpdate === null) return signers;
  const p = syncParticipation(before.bestValidUpdate.syncAggregate);
  const optimistic = sameHeader(before.optimisticHeader, after.optimisticHeader) ? signers.optimistic : p;
  const finalized = sameHeader(before.finalizedHeader, after.finalizedHeader) ? signers.finalized : p;
  return { optimistic, finalized, signing: newestSigning(signers.signing, after.optimisticHeader, optimistic), final: signers.final };
}

/** The persisted form (headers as 0x-hex of src/l1's serialization). */
export function signersToRecord(s: HeadSigners): HeadSignersRecord {
  const header = (h: AnyLightClientHeader) => bytesToHex(serializeLightClientHeader(h));
  return {
    optimistic: s.optimistic,
    finalized: s.finalized,
    signing: s.signing && { header: header(s.signing.header), signedBy: s.signing.signedBy },
    final: s.final && { header: header(s.final.header), signedBy: s.final.signedBy },
  };
}

/**
 * The signers of a stored store (written with it, in one record); a record of older code (none)
 * is not known, and so is a header that does not decode.
 */
export function signersFromRecord(record: HeadSignersRecord | null | undefined): HeadSigners {
  if (record === null || record === undefined) return UNKNOWN_SIGNERS;
  const decode = <S>(r: { header: string; signedBy: S } | null): SignedHeader<S> | null => {
    try {
      return r && { header: deserializeLightClientHeader(hexToBytes(r.header)), signedBy: r.signedBy };
    } catch {
      return null;
    }
  };
  return { optimistic: record.optimistic, finalized: record.finalized, signing: decode(record.signing), final: decode(record.final) };
}

function newestSigning(current: SignedHeader<SyncParticipation> | null, header: AnyLightClientHeader, p: SyncParticipation | null): SignedHeader<SyncParticipation> | null {
  if (p === null || !isSupermajority(p)) return current;
  if (current === null || header.beacon.slot > current.header.beacon.slot) return { header, signedBy: p };
  if (sameHeader(current.header, header)) return { header, signedBy: more(current.signedBy, p) };
  return current;
}

function more(a: SyncParticipation | null, b: SyncParticipation): SyncParticipation {
  return a === null || b.participants * a.committeeSize > a.participants * b.committeeSize ? b : a;
}

const rootOf = (h: AnyLightClientHeader): Uint8Array => BeaconBlockHeader.hashTreeRoot(h.beacon);
const sameHeader = (a: AnyLightClientHeader, b: AnyLightClientHeader): boolean => a === b || equalBytes(rootOf(a), rootOf(b));
