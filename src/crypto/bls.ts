/**
 * BLS12-381 signatures as Ethereum's consensus layer uses them: public keys in G1 (48-byte
 * compressed), signatures in G2 (96-byte compressed), ciphersuite
 * BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (draft-irtf-cfrg-bls-signature-04, the version
 * consensus-specs phase0/beacon-chain.md#bls-signatures pins).
 *
 * The light client's hot path is {@link fastAggregateVerify} over a sync committee prepared by
 * {@link preparePublicKeys} with the committee's proven `aggregate_pubkey` (kept by a
 * {@link BlsKeyCache}): only the keys of absent members are ever decompressed. The signer
 * functions ({@link keygen}, {@link sign}, the aggregations) serve the devnet and tests.
 *
 * The curve work is done by a backend (./bls/backend.ts): our WebAssembly kernel
 * (./bls/kernel.ts), or @noble/curves where WebAssembly is missing; src/crypto/backend.ts
 * chooses (the kernel is instantiated at the first operation or `blsReady()`, never at import;
 * ./bls/active.ts). Both give identical answers.
 * Argument checks, typed errors and the subgroup policy live here; signing and aggregation in
 * ./bls/sign.ts, re-exported here with the sizes and the backend's state.
 *
 * Errors: malformed arguments (wrong type or length, bad secret key) throw `InputError`; public
 * keys that are not valid points throw `VerificationError('BLS_INVALID_PUBKEY')`; a signature
 * that does not verify, including one that does not decode, makes the verify functions return
 * false (as the spec's FastAggregateVerify returns INVALID); the decoders
 * {@link g1PointFromBytes} and {@link signatureFromBytes} throw `BLS_INVALID_POINT` /
 * `BLS_INVALID_SIGNATURE` with the reason.
 * @module
 */
import { abytes, anumber, bytesToHex, equalBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { activeBls, type Backend, decodePublicKey, DST_POP, PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH, UNCOMPRESSED_G1_LENGTH } from './bls/active.ts';
import type { G2Affine } from './bls/backend.ts';

export type { G2Affine } from './bls/backend.ts';
export { blsBackend, blsReady, DST_POP, PUBLIC_KEY_LENGTH, SECRET_KEY_LENGTH, SIGNATURE_LENGTH, UNCOMPRESSED_G1_LENGTH, warmUpBls } from './bls/active.ts';
export { aggregatePublicKeys, aggregateSignatures, getPublicKey, keygen, sign } from './bls/sign.ts';

// ---------------------------------------------------------------------------------------------
// Public keys and points

/** A public key decoded to a point, from {@link publicKeyFromBytes}. */
export interface PublicKey {
  /** Whether the G1 subgroup check was run on it (KeyValidate). */
  readonly subgroupChecked: boolean;
  /** The 48-byte compressed encoding it was made from. */
  toBytes(): Uint8Array;
}

/** A decoded point of G1 or G2 (infinity included), from {@link g1PointFromBytes} / {@link signatureFromBytes}. */
export interface BlsPoint {
  readonly isInfinity: boolean;
  /** Its canonical compressed encoding. */
  toBytes(): Uint8Array;
}

/** Sync-committee keys prepared once, for any number of {@link fastAggregateVerify} calls. */
export interface PreparedPublicKeys {
  readonly length: number;
  /** Whether each key passed the G1 subgroup check (see {@link preparePublicKeys}). */
  readonly subgroupChecked: boolean;
}

export interface PublicKeyOptions {
  /** Run the G1 subgroup check on each key (the key half of KeyValidate). */
  subgroupCheck?: boolean;
}

export interface PrepareOptions extends PublicKeyOptions {
  /**
   * The committee's `aggregate_pubkey`, proven together with `pubkeys` (the SyncCommittee
   * container). With it, keys are decompressed lazily, only those of absent members (see
   * {@link fastAggregateVerify}).
   */
  aggregatePubkey?: Uint8Array;
  /** Decoded points from an earlier {@link exportPreparedKeys}, checked against the keys. */
  restore?: PreparedKeysSnapshot;
}

/**
 * What a prepared committee has decoded so far, for storage: each point in the 96-byte
 * uncompressed form. Restoring checks every point against the compressed key it claims to be
 * (on the curve, and compressing to those very bytes), so a damaged record costs a decompression,
 * never a wrong key.
 */
export interface PreparedKeysSnapshot {
  /** The committee's aggregate key, decoded. */
  aggregate?: Uint8Array;
  /** [index in the committee, point]. */
  keys: [number, Uint8Array][];
}

interface KeyState {
  readonly backend: Backend;
  readonly point: unknown;
  readonly bytes: Uint8Array;
}

interface PreparedState {
  readonly backend: Backend;
  readonly bytes: readonly Uint8Array[];
  /** Decoded keys; undefined until needed (lazy committees) or all of them (eager). */
  readonly points: unknown[];
  readonly subgroupChecked: boolean;
  readonly aggregateBytes: Uint8Array | undefined;
  aggregate: unknown;
  /** Whether `aggregate` passed the G1 subgroup check (checked once, when first used alone). */
  aggregateInG1: boolean;
  /** Sum of all keys, for an eager preparation with a majority participating. */
  total: unknown;
  /** Count of points decoded here (not restored), so callers know when to store again. */
  decodedHere: number;
}

// The points stay out of reach of callers: only objects made here verify.
const keyStates = new WeakMap<PublicKey, KeyState>();
const preparedStates = new WeakMap<PreparedPublicKeys, PreparedState>();

/**
 * Decodes one public key. Strict by default: encoding, not infinity, and the G1 subgroup check
 * (KeyValidate, draft §2.5). For keys of any provenance other than a sync committee.
 * @throws VerificationError BLS_INVALID_PUBKEY
 * @example const pk = publicKeyFromBytes(bytes); verify(pk, message, signature)
 */
export function publicKeyFromBytes(bytes: Uint8Array, options: PublicKeyOptions = {}): PublicKey {
  abytes(bytes, PUBLIC_KEY_LENGTH, 'publicKey');
  const subgroupChecked = options.subgroupCheck ?? true;
  const be = activeBls();
  const state: KeyState = { backend: be, point: decodePublicKey(be, bytes, subgroupChecked, 'publicKey'), bytes: bytes.slice() };
  const key: PublicKey = Object.freeze({ subgroupChecked, toBytes: () => state.bytes.slice() });
  keyStates.set(key, state);
  return key;
}

/**
 * Decodes a 48-byte compressed G1 point with every check of the ZCash format (flags, the
 * canonical infinity, x < p, on the curve) and the G1 subgroup check. Infinity is a point here
 * (unlike {@link publicKeyFromBytes}, which is KeyValidate).
 * @throws InputError for a wrong length; VerificationError BLS_INVALID_POINT with the reason
 * @example g1PointFromBytes(bytes).isInfinity // false
 */
export function g1PointFromBytes(bytes: Uint8Array): BlsPoint {
  abytes(bytes, PUBLIC_KEY_LENGTH, 'point');
  const be = activeBls();
  const decoded = be.g1Decompress(bytes);
  const reason = 'error' in decoded ? decoded.error : be.g1InSubgroup(decoded.point) ? undefined : 'not in the G1 subgroup';
  if (reason !== undefined || !('point' in decoded)) {
    throw new VerificationError('BLS_INVALID_POINT', `not a valid G1 point (${reason})`, {
      expected: 'a compressed point of G1',
      got: bytesToHex(bytes),
    });
  }
  return pointHandle(be.g1IsIdentity(decoded.point), be.g1Compress(decoded.point));
}

/**
 * signature_to_point: decodes a 96-byte compressed G2 point with every encoding check, on the
 * curve and in G2. Infinity decodes (it verifies nothing).
 * @throws InputError for a wrong length; VerificationError BLS_INVALID_SIGNATURE with the reason
 * @example signatureFromBytes(sign(sk, message)).isInfinity // false
 */
export function signatureFromBytes(bytes: Uint8Array): BlsPoint {
  abytes(bytes, SIGNATURE_LENGTH, 'signature');
  const be = activeBls();
  const decoded = be.g2Decompress(bytes);
  if ('error' in decoded) {
    throw new VerificationError('BLS_INVALID_SIGNATURE', `not a valid BLS signature (${decoded.error})`, {
      expected: 'a compressed point of G2',
      got: bytesToHex(bytes),
    });
  }
  return pointHandle(be.g2IsIdentity(decoded.point), be.g2Compress(decoded.point));
}

function pointHandle(isInfinity: boolean, encoded: Uint8Array): BlsPoint {
  return Object.freeze({ isInfinity, toBytes: () => encoded.slice() });
}

/**
 * hash_to_curve for G2 (RFC 9380, suite BLS12381G2_XMD:SHA-256_SSWU_RO_) with the given domain
 * separation tag (default: the POP ciphersuite's), as affine coordinates.
 * @example hashToG2(utf8('abc'), 'QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_')
 */
export function hashToG2(message: Uint8Array, dst: string = DST_POP): G2Affine {
  abytes(message, undefined, 'message');
  if (typeof dst !== 'string' || dst.length === 0) throw new InputError('"dst" expected a non-empty string');
  const be = activeBls();
  return be.g2Affine(be.hashToG2(message, dst));
}

/**
 * Prepares a committee's keys for {@link fastAggregateVerify}.
 *
 * With `aggregatePubkey` (the sync committee's, proven with the keys): nothing is decompressed
 * now; the aggregate key and the keys of absent members are decoded when a verification needs
 * them, once each, and `restore` supplies points decoded earlier (each checked against its key).
 * A key that turns out not to decode throws BLS_INVALID_PUBKEY then, naming its index.
 *
 * Without it: every key is decoded now (compression flag, canonical flags, x < p, on the curve,
 * not infinity), else `VerificationError('BLS_INVALID_PUBKEY')` naming its index.
 *
 * No per-key subgroup check by default, because these keys are already known to be valid:
 * - The draft's FastAggregateVerify (§3.3.4) has KeyValidate(PK_i) as a *precondition*, met
 *   once when a key is registered with its proof of possession (§3.3), not at every verify.
 * - In Ethereum that registration is deposit processing (phase0 `process_deposit`, electra
 *   `apply_pending_deposit`): a key enters `state.validators` only if `bls.Verify` accepts the
 *   deposit signature under it, and Verify runs KeyValidate (subgroup check included). Sync
 *   committees are sampled from `state.validators` (`get_next_sync_committee`), and their
 *   `aggregate_pubkey` comes from `eth_aggregate_pubkeys`, which asserts KeyValidate again.
 * - The light client takes a committee only Merkle-proven against a root it trusts: the
 *   checkpoint's state (bootstrap), or an attested state signed by the current committee
 *   (`next_sync_committee`). Whoever could slip in a key outside G1 could as well choose the
 *   whole committee; the check would add no security, only cost.
 * What is still checked: the encoding of every key used, and at verification the aggregate key
 * gets CoreVerify's KeyValidate (not infinity, in G1).
 * `{ subgroupCheck: true }` restores the per-key check for keys of any other origin.
 * @throws InputError when `pubkeys` is not a non-empty array of 48-byte Uint8Arrays
 * @throws VerificationError BLS_INVALID_PUBKEY
 * @example
 * const keys = preparePublicKeys(committee.pubkeys, { aggregatePubkey: committee.aggregatePubkey });
 * fastAggregateVerify(keys, syncAggregate.syncCommitteeBits, signingRoot, syncAggregate.syncCommitteeSignature)
 */
export function preparePublicKeys(pubkeys: readonly Uint8Array[], options: PrepareOptions = {}): PreparedPublicKeys {
  if (!Array.isArray(pubkeys) || pubkeys.length === 0) {
    throw new InputError(`"pubkeys" expected a non-empty array, got ${Array.isArray(pubkeys) ? 'an empty one' : typeof pubkeys}`);
  }
  const subgroupChecked = options.subgroupCheck ?? false;
  const be = activeBls();
  const bytes = pubkeys.map((pk, i) => abytes(pk, PUBLIC_KEY_LENGTH, `pubkeys[${i}]`).slice());
  const aggregateBytes = options.aggregatePubkey === undefined ? undefined : abytes(options.aggregatePubkey, PUBLIC_KEY_LENGTH, 'aggregatePubkey').slice();
  const state: PreparedState = {
    backend: be,
    bytes,
    points: new Array<unknown>(bytes.length),
    subgroupChecked,
    aggregateBytes,
    aggregate: undefined,
    aggregateInG1: false,
    total: undefined,
    decodedHere: 0,
  };
  if (aggregateBytes === undefined) {
    for (let i = 0; i < bytes.length; i++) state.points[i] = decodePublicKey(be, bytes[i]!, subgroupChecked, `pubkeys[${i}]`);
  } else if (options.restore !== undefined) {
    restoreSnapshot(state, options.restore);
  }
  const prepared: PreparedPublicKeys = Object.freeze({ length: bytes.length, subgroupChecked });
  preparedStates.set(prepared, state);
  return prepared;
}

/** Takes each restored point that is on the curve and compresses to the key it stands for. */
function restoreSnapshot(state: PreparedState, snapshot: PreparedKeysSnapshot): void {
  const be = state.backend;
  const accept = (encoded: unknown, expected: Uint8Array): unknown => {
    if (!(encoded instanceof Uint8Array) || encoded.length !== UNCOMPRESSED_G1_LENGTH) return undefined;
    const decoded = be.g1FromUncompressed(encoded);
    if (!('point' in decoded) || be.g1IsIdentity(decoded.point)) return undefined;
    return equalBytes(be.g1Compress(decoded.point), expected) ? decoded.point : undefined;
  };
  if (state.aggregateBytes !== undefined && snapshot.aggregate !== undefined) state.aggregate = accept(snapshot.aggregate, state.aggregateBytes);
  if (!Array.isArray(snapshot.keys)) return;
  for (const entry of snapshot.keys) {
    if (!Array.isArray(entry)) continue;
    const [index, encoded] = entry;
    if (!Number.isInteger(index) || index < 0 || index >= state.bytes.length || state.points[index] !== undefined) continue;
    const point = accept(encoded, state.bytes[index]!);
    // A subgroup-checked preparation takes nothing it did not check itself.
    if (point !== undefined && !state.subgroupChecked) state.points[index] = point;
  }
}

/**
 * The points a lazily prepared committee has decoded, for storage (see {@link PreparedKeysSnapshot}),
 * and how many of them were decoded since preparation (0: nothing new to store).
 */
export function exportPreparedKeys(keys: PreparedPublicKeys): { snapshot: PreparedKeysSnapshot; decodedHere: number } {
  const state = preparedStates.get(keys);
  if (state === undefined) throw new InputError('"keys" expected PreparedPublicKeys made by preparePublicKeys()');
  const be = state.backend;
  const snapshot: PreparedKeysSnapshot = { keys: [] };
  if (state.aggregate !== undefined) snapshot.aggregate = be.g1Uncompressed(state.aggregate);
  state.points.forEach((point, i) => {
    if (point !== undefined) snapshot.keys.push([i, be.g1Uncompressed(point)]);
  });
  return { snapshot, decodedHere: state.decodedHere };
}

function keyAt(state: PreparedState, i: number): unknown {
  let point = state.points[i];
  if (point === undefined) {
    point = decodePublicKey(state.backend, state.bytes[i]!, state.subgroupChecked, `pubkeys[${i}]`);
    state.points[i] = point;
    state.decodedHere++;
  }
  return point;
}

function aggregateOf(state: PreparedState): unknown {
  if (state.aggregate === undefined) {
    state.aggregate = decodePublicKey(state.backend, state.aggregateBytes!, state.subgroupChecked, 'aggregatePubkey');
    state.decodedHere++;
  }
  return state.aggregate;
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * FastAggregateVerify (draft §3.3.4) of the keys whose `participation` bit is set: true iff
 * `signature` is their aggregate signature over `message` (here, a sync committee's signature
 * of a signing root). The aggregate key is formed with point additions only (see
 * {@link preparePublicKeys}: with a majority participating it is the committee's aggregate minus
 * the absent keys); then one pairing check, e(aggregate, H(message)) · e(−g1, signature) == 1,
 * sharing one final exponentiation.
 *
 * Returns false, never throws, for: no participant; a signature that does not decode (flags,
 * x ≥ p, not on the curve) or lies outside the G2 subgroup — the spec's CoreVerify returns
 * INVALID for those; a signature at infinity (cannot verify a non-trivial aggregate); an
 * aggregate key at infinity or outside G1 (CoreVerify's KeyValidate of the aggregate).
 * @throws InputError when `keys` was not made by {@link preparePublicKeys}, `participation`
 *   is not a boolean array of the same length, or `signature` is not 96 bytes
 * @throws VerificationError BLS_INVALID_PUBKEY when a lazily prepared key it needs does not decode
 * @example fastAggregateVerify(keys, bits, signingRoot, signature) // true
 */
export function fastAggregateVerify(
  keys: PreparedPublicKeys,
  participation: readonly boolean[],
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  const state = preparedStates.get(keys);
  if (state === undefined) throw new InputError('"keys" expected PreparedPublicKeys made by preparePublicKeys()');
  if (!Array.isArray(participation) || participation.length !== state.points.length) {
    throw new InputError(
      `"participation" expected ${state.points.length} booleans (one per key), got ${Array.isArray(participation) ? participation.length : typeof participation}`,
    );
  }
  abytes(message, undefined, 'message');
  abytes(signature, SIGNATURE_LENGTH, 'signature');
  let participants = 0;
  for (let i = 0; i < participation.length; i++) {
    const bit = participation[i];
    if (bit === true) participants++;
    else if (bit !== false) throw new InputError(`"participation[${i}]" expected boolean, got ${typeof bit}`);
  }
  if (participants === 0) return false;

  const be = state.backend;
  const sig = be.g2Decompress(signature);
  if ('error' in sig || be.g2IsIdentity(sig.point)) return false;
  const { point: aggregate, isCommitteeAggregate } = aggregateParticipants(state, participation, participants);
  if (be.g1IsIdentity(aggregate)) return false;
  // When every key was subgroup-checked, so is their sum; the committee's own aggregate is
  // checked once, any other sum at each use.
  if (!state.subgroupChecked) {
    if (isCommitteeAggregate) {
      if (!state.aggregateInG1 && !(state.aggregateInG1 = be.g1InSubgroup(aggregate))) return false;
    } else if (!be.g1InSubgroup(aggregate)) {
      return false;
    }
  }
  const hm = be.hashToG2(message, DST_POP);
  if (be.g2IsIdentity(hm)) return false;
  return be.pairingCheck(aggregate, hm, sig.point);
}

/**
 * The participants' aggregate key. A light-client update typically carries 95–100 %
 * participation, so with a majority present it is computed as a total minus the absent keys.
 *
 * DIFF FROM SPEC: FastAggregateVerify sums the participants' keys. With the committee's proven
 * `aggregate_pubkey` we compute aggregate_pubkey − Σ absent keys instead, and never decompress
 * the participants' keys. Sound because the two are the same point whenever the committee is
 * one the light client may use at all:
 * - `aggregate_pubkey` and `pubkeys` are one SyncCommittee container, taken only Merkle-proven
 *   (its hash_tree_root) against a state root the client trusts: the checkpoint's state, or a
 *   state attested by the current committee's signature.
 * - In that state, `get_next_sync_committee` set aggregate_pubkey = eth_aggregate_pubkeys(pubkeys)
 *   = Σ pubkeys, each of which passed KeyValidate (see preparePublicKeys). So
 *   aggregate_pubkey − Σ absent = Σ participants exactly.
 * - A state where this fails is a state no honest chain produces; accepting it would already
 *   mean trusting whoever signed it to choose the committee outright (the spec trusts the
 *   signed `pubkeys` the same way). The trust assumption is unchanged.
 * The keys that are decoded (the absent ones, and the aggregate) get every encoding check, and
 * the resulting aggregate the G1 check, as before. Tests compare both paths on every update of
 * the real mainnet chain and on random participation.
 */
function aggregateParticipants(state: PreparedState, participation: readonly boolean[], participants: number): { point: unknown; isCommitteeAggregate: boolean } {
  const be = state.backend;
  const n = state.points.length;
  if (participants * 2 > n) {
    let total: unknown;
    if (state.aggregateBytes !== undefined) {
      total = aggregateOf(state);
    } else {
      state.total ??= be.g1Combine(state.points, []);
      total = state.total;
    }
    if (participants === n) return { point: total, isCommitteeAggregate: state.aggregateBytes !== undefined };
    const absent: unknown[] = [];
    for (let i = 0; i < n; i++) if (!participation[i]) absent.push(keyAt(state, i));
    return { point: be.g1Combine([total], absent), isCommitteeAggregate: false };
  }
  const present: unknown[] = [];
  for (let i = 0; i < n; i++) if (participation[i]) present.push(keyAt(state, i));
  return { point: be.g1Combine(present, []), isCommitteeAggregate: false };
}

/**
 * The aggregate key {@link fastAggregateVerify} checks a signature against, compressed: the sum
 * of the participants' keys, however it is formed (see `aggregateParticipants`). For tests
 * and diagnostics.
 * @throws InputError as fastAggregateVerify; VerificationError BLS_INVALID_PUBKEY for a key that
 *   does not decode; InputError when nobody participates
 */
export function participantsAggregate(keys: PreparedPublicKeys, participation: readonly boolean[]): Uint8Array {
  const state = preparedStates.get(keys);
  if (state === undefined) throw new InputError('"keys" expected PreparedPublicKeys made by preparePublicKeys()');
  if (!Array.isArray(participation) || participation.length !== state.points.length || participation.some((b) => typeof b !== 'boolean')) {
    throw new InputError(`"participation" expected ${state.points.length} booleans (one per key)`);
  }
  const participants = participation.filter(Boolean).length;
  if (participants === 0) throw new InputError('"participation" has no participant');
  return state.backend.g1Compress(aggregateParticipants(state, participation, participants).point);
}

/**
 * Verify (CoreVerify, draft §2.7) of one signature under one key: false for a signature that
 * does not decode or is outside G2, or a key not subgroup-checked that fails the check now.
 * @example verify(publicKeyFromBytes(getPublicKey(sk)), message, sign(sk, message)) // true
 */
export function verify(publicKey: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  const state = keyStates.get(publicKey);
  if (state === undefined) throw new InputError('"publicKey" expected a PublicKey made by publicKeyFromBytes()');
  abytes(message, undefined, 'message');
  abytes(signature, SIGNATURE_LENGTH, 'signature');
  const be = state.backend;
  const sig = be.g2Decompress(signature);
  if ('error' in sig || be.g2IsIdentity(sig.point)) return false;
  if (!publicKey.subgroupChecked && !be.g1InSubgroup(state.point)) return false;
  const hm = be.hashToG2(message, DST_POP);
  if (be.g2IsIdentity(hm)) return false;
  return be.pairingCheck(state.point, hm, sig.point);
}

// ---------------------------------------------------------------------------------------------
// Key cache

export interface BlsKeyCacheOptions {
  /** Committees kept (least recently used goes first). Default 4. */
  capacity?: number;
  /** Passed to {@link preparePublicKeys}. Default false. */
  subgroupCheck?: boolean;
}

/**
 * A small LRU of prepared committees, keyed by a caller-given id (the hex of the
 * SyncCommittee's hash_tree_root), so each committee is prepared once, not per update.
 * The light client needs at most the current and next committee; 4 covers a period change
 * and a re-sync.
 * @example
 * const cache = new BlsKeyCache();
 * const keys = cache.get(bytesToHex(SyncCommittee.hashTreeRoot(committee)), committee.pubkeys, committee.aggregatePubkey);
 */
export class BlsKeyCache {
  readonly capacity: number;
  readonly #subgroupCheck: boolean;
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  readonly #entries = new Map<string, PreparedPublicKeys>();
  /** Snapshots offered by {@link restore} for committees not prepared yet. */
  readonly #pending = new Map<string, PreparedKeysSnapshot>();
  /** How many decoded points of each entry {@link takeChanges} has handed out. */
  readonly #taken = new WeakMap<PreparedPublicKeys, number>();

  constructor(options: BlsKeyCacheOptions = {}) {
    this.capacity = anumber(options.capacity ?? 4, 'capacity');
    if (this.capacity < 1) throw new InputError(`"capacity" expected at least 1, got ${this.capacity}`);
    this.#subgroupCheck = options.subgroupCheck ?? false;
  }

  /**
   * The prepared keys for `id`, preparing `pubkeys` (lazily, when `aggregatePubkey` is given) on
   * a miss. On a hit, `pubkeys` and `aggregatePubkey` must be what the entry was made from (an
   * id that is not a function of the keys is a caller bug).
   * @throws InputError on an empty id or a hit with different keys; whatever
   *   {@link preparePublicKeys} throws on a miss (nothing is cached then)
   */
  get(id: string, pubkeys: readonly Uint8Array[], aggregatePubkey?: Uint8Array): PreparedPublicKeys {
    if (typeof id !== 'string' || id.length === 0) throw new InputError(`"id" expected a non-empty string, got ${typeof id}`);
    const hit = this.#entries.get(id);
    if (hit !== undefined) {
      const state = preparedStates.get(hit)!;
      const sameAggregate =
        aggregatePubkey === undefined ? state.aggregateBytes === undefined : state.aggregateBytes !== undefined && equalBytes(state.aggregateBytes, aggregatePubkey);
      if (!sameKeys(state.bytes, pubkeys) || !sameAggregate) {
        throw new InputError(`BlsKeyCache: id ${id} is cached for other public keys`);
      }
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit;
    }
    const restore = this.#pending.get(id);
    const prepared = preparePublicKeys(pubkeys, {
      subgroupCheck: this.#subgroupCheck,
      ...(aggregatePubkey !== undefined ? { aggregatePubkey } : {}),
      ...(restore !== undefined ? { restore } : {}),
    });
    this.#pending.delete(id);
    this.#entries.set(id, prepared);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return prepared;
  }

  /**
   * Offers decoded points stored earlier for committee `id`; they are checked and used when
   * the committee is next prepared (see {@link preparePublicKeys}'s `restore`). Ignored for a
   * committee already prepared.
   */
  restore(id: string, snapshot: PreparedKeysSnapshot): void {
    if (typeof id !== 'string' || id.length === 0) throw new InputError(`"id" expected a non-empty string, got ${typeof id}`);
    if (this.#entries.has(id)) return;
    this.#pending.set(id, snapshot);
    if (this.#pending.size > this.capacity) this.#pending.delete(this.#pending.keys().next().value!);
  }

  /** Each cached committee's decoded points (see {@link exportPreparedKeys}). */
  snapshots(): { id: string; snapshot: PreparedKeysSnapshot; decodedHere: number }[] {
    return [...this.#entries].map(([id, keys]) => ({ id, ...exportPreparedKeys(keys) }));
  }

  /**
   * The committees that decoded points since the last call (or since preparation), each with
   * all its decoded points: what is worth storing now. Empty when nothing new was decoded.
   */
  takeChanges(): { id: string; snapshot: PreparedKeysSnapshot }[] {
    const out: { id: string; snapshot: PreparedKeysSnapshot }[] = [];
    for (const [id, keys] of this.#entries) {
      const { snapshot, decodedHere } = exportPreparedKeys(keys);
      if (decodedHere > (this.#taken.get(keys) ?? 0)) {
        this.#taken.set(keys, decodedHere);
        out.push({ id, snapshot });
      }
    }
    return out;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
    this.#pending.clear();
  }
}

function sameKeys(cached: readonly Uint8Array[], given: readonly Uint8Array[]): boolean {
  if (!Array.isArray(given) || given.length !== cached.length) return false;
  for (let i = 0; i < cached.length; i++) {
    const key = given[i];
    if (!(key instanceof Uint8Array) || !equalBytes(cached[i]!, key)) return false;
  }
  return true;
}
