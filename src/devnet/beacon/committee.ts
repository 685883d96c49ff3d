/**
 * The devnet's validators: real BLS keys derived from a seed, one sync committee per period
 * sampled from them, and the committee's signature over a block root.
 *
 * DIFF FROM SPEC (get_next_sync_committee_indices): members are drawn by hashing the seed,
 * period and position instead of by RANDAO and effective balance, and the genesis state's
 * current and next committees differ (the spec's are equal) so that every period rotates.
 * Members may repeat, as in the spec.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, concatBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { getPublicKey, keygen, sign } from '../../crypto/bls.ts';
import { CURVE_ORDER } from '../../crypto/bls/backend.ts';
import { sha256 } from '../../crypto/sha256.ts';
import type { SyncAggregate, SyncCommittee } from '../../l1/containers.ts';
import { lightClientTypes } from '../../l1/containers.ts';
import type { DevnetPreset } from './presets.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The compressed G2 point at infinity: the spec's signature of an empty sync aggregate. */
export const G2_POINT_AT_INFINITY = /* @__PURE__ */ Uint8Array.from({ length: 96 }, (_, i) => (i === 0 ? 0xc0 : 0));

export interface Committee {
  period: bigint;
  /** Validator index of each member, in committee order (repeats possible). */
  indices: number[];
  /** Each member's secret key, in committee order. */
  memberSecretKeys: Uint8Array[];
  value: SyncCommittee;
  /** hash_tree_root(value), computed once. */
  root: Uint8Array;
  /**
   * Σ sk_i mod r over every member, counted with multiplicity. BLS is linear in the secret key,
   * so sign(Σ sk_i, m) = Σ sign(sk_i, m): one signature per slot yields exactly the bytes that
   * aggregating all members' signatures would, for any committee size. Its public key is the
   * committee's aggregate_pubkey for the same reason.
   */
  aggregateSecretKey: Uint8Array;
  /** A well-formed signature over the wrong message, for the invalidSignature fault (lazy). */
  wrongSignature?: Uint8Array;
  /** Σ sk_i over the first k members, by k (the participation fault's signers), built when first needed. */
  partialSecretKeys?: Map<number, Uint8Array>;
}

export class ValidatorRegistry {
  readonly secretKeys: Uint8Array[];
  readonly pubkeys: Uint8Array[];
  private readonly committees = new Map<bigint, Committee>();

  /**
   * `count` validators, key i = KeyGen(sha256("vigil-devnet/<seed>/validator/<i>")).
   * Costs about 1 ms per key (the public key's scalar multiplication).
   */
  constructor(
    readonly preset: DevnetPreset,
    readonly seed: string,
    count = 2 * preset.SYNC_COMMITTEE_SIZE,
  ) {
    this.secretKeys = Array.from({ length: count }, (_, i) => keygen(sha256(utf8(`vigil-devnet/${seed}/validator/${i}`))));
    this.pubkeys = this.secretKeys.map(getPublicKey);
  }

  get size(): number {
    return this.secretKeys.length;
  }

  /** The sync committee of `period`, built once. */
  committee(period: bigint): Committee {
    let c = this.committees.get(period);
    if (c) return c;
    const size = this.preset.SYNC_COMMITTEE_SIZE;
    const indices = Array.from({ length: size }, (_, i) => this.pick(`sync-committee/${period}/${i}`));
    const memberSecretKeys = indices.map((i) => this.secretKeys[i]!);
    const aggregateSecretKey = sumOfKeys(memberSecretKeys, `sync committee of period ${period}`);
    const value: SyncCommittee = {
      pubkeys: indices.map((i) => this.pubkeys[i]!),
      aggregatePubkey: getPublicKey(aggregateSecretKey),
    };
    c = { period, indices, memberSecretKeys, value, root: lightClientTypes(this.preset).SyncCommittee.hashTreeRoot(value), aggregateSecretKey };
    this.committees.set(period, c);
    return c;
  }

  /** Forgets committees before `period` (bounded memory on long runs). */
  prune(period: bigint): void {
    for (const p of this.committees.keys()) if (p < period) this.committees.delete(p);
  }

  /** The proposer of a slot: a hash of the seed and slot into the registry (not the spec's sampling). */
  proposerIndex(slot: bigint): number {
    return this.pick(`proposer/${slot}`);
  }

  private pick(label: string): number {
    const h = sha256(utf8(`vigil-devnet/${this.seed}/${label}`));
    return Number(bytesToBigInt(h.subarray(0, 8)) % BigInt(this.secretKeys.length));
  }
}

/**
 * The members that sign when `participation` of the committee does: the first
 * round(participation × size), in committee order (the participation fault; 1: all of them).
 * @example signerCount(32, 0.7) // 22: 3 · 22 ≥ 2 · 32, a supermajority; signerCount(32, 0.5) // 16
 */
export function signerCount(size: number, participation: number): number {
  if (!(participation >= 0 && participation <= 1)) throw new InputError(`"participation" expected a fraction from 0 to 1, got ${String(participation)}`);
  return Math.round(participation * size);
}

/**
 * The committee signs `signingRoot`: the sync aggregate a block carries for its parent. With
 * `participation` below 1 only the first {@link signerCount} members do (their bits set, the
 * signature by the sum of their keys: again one signature whatever the count); with none, the
 * spec's empty aggregate.
 */
export function signSyncAggregate(committee: Committee, signingRoot: Uint8Array, participation = 1): SyncAggregate {
  const size = committee.indices.length;
  const k = signerCount(size, participation);
  if (k === 0) return { syncCommitteeBits: committee.indices.map(() => false), syncCommitteeSignature: G2_POINT_AT_INFINITY };
  return {
    syncCommitteeBits: committee.indices.map((_, i) => i < k),
    syncCommitteeSignature: sign(k === size ? committee.aggregateSecretKey : partialSecretKey(committee, k), signingRoot),
  };
}

/** Σ sk_i mod r over the first `k` members (with multiplicity), kept per count. */
function partialSecretKey(committee: Committee, k: number): Uint8Array {
  committee.partialSecretKeys ??= new Map();
  let key = committee.partialSecretKeys.get(k);
  if (key === undefined) {
    key = sumOfKeys(committee.memberSecretKeys.slice(0, k), `the first ${k} members of the sync committee of period ${committee.period}`);
    committee.partialSecretKeys.set(k, key);
  }
  return key;
}

/** Σ sk_i mod r: the secret key of the aggregate of their public keys (BLS is linear in it). */
function sumOfKeys(keys: readonly Uint8Array[], what: string): Uint8Array {
  let sum = 0n;
  for (const sk of keys) sum = (sum + bytesToBigInt(sk)) % CURVE_ORDER;
  // A zero sum would need a collision of ~2^-255 probability; refuse rather than sign with it.
  if (sum === 0n) throw new Error(`${what}: a zero aggregate key`);
  return bigIntToBytesPadded(sum, 32);
}

/** A real signature by the whole committee, but over another message: fails verification. */
export function wrongSignature(committee: Committee): Uint8Array {
  committee.wrongSignature ??= sign(committee.aggregateSecretKey, sha256(concatBytes(utf8('vigil-devnet/wrong'), committee.root)));
  return committee.wrongSignature;
}
