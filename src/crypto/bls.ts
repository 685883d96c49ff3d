/**
 * BLS12-381 signatures as Ethereum's consensus layer uses them: public keys in G1 (48-byte
 * compressed), signatures in G2 (96-byte compressed), ciphersuite
 * BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (draft-irtf-cfrg-bls-signature-04, the version
 * consensus-specs phase0/beacon-chain.md#bls-signatures pins).
 *
 * The light client's hot path is {@link fastAggregateVerify} over a sync committee whose keys
 * were decompressed once by {@link preparePublicKeys} (kept by a {@link BlsKeyCache}). The
 * signer functions ({@link keygen}, {@link sign}, the aggregations) serve the devnet and tests.
 *
 * The curve work is done by a backend (./bls/backend.ts): @noble/curves today, a WASM pairing
 * later, behind this same API. Argument checks, typed errors and the subgroup policy live here.
 *
 * Errors: malformed arguments (wrong type or length, bad secret key) throw `InputError`; public
 * keys that are not valid points throw `VerificationError('BLS_INVALID_PUBKEY')`; a signature
 * that does not verify, including one that does not decode, makes the verify functions return
 * false (as the spec's FastAggregateVerify returns INVALID).
 * @module
 */
import { extract as hkdfExtract, expand as hkdfExpand } from '@noble/hashes/hkdf.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { abytes, anumber, bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, equalBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { type BlsBackend, CURVE_ORDER } from './bls/backend.ts';
import { nobleBls } from './bls/noble.ts';

export const PUBLIC_KEY_LENGTH = 48;
export const SIGNATURE_LENGTH = 96;
export const SECRET_KEY_LENGTH = 32;
/** Domain separation tag of the proof-of-possession scheme Ethereum signs with (draft §4.2.3). */
export const DST_POP = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

type Backend = BlsBackend<unknown, unknown>;

/** The backend new keys and signatures go through. The WASM pairing issue makes this a choice. */
const backend: Backend = nobleBls;

/** The implementation new operations run on: 'noble' for now. */
export function blsBackend(): string {
  return backend.name;
}

// ---------------------------------------------------------------------------------------------
// Public keys

/** A public key decoded to a point, from {@link publicKeyFromBytes}. */
export interface PublicKey {
  /** Whether the G1 subgroup check was run on it (KeyValidate). */
  readonly subgroupChecked: boolean;
  /** The 48-byte compressed encoding it was made from. */
  toBytes(): Uint8Array;
}

/** Sync-committee keys decoded once, for any number of {@link fastAggregateVerify} calls. */
export interface PreparedPublicKeys {
  readonly length: number;
  /** Whether each key passed the G1 subgroup check (see {@link preparePublicKeys}). */
  readonly subgroupChecked: boolean;
}

export interface PublicKeyOptions {
  /** Run the G1 subgroup check on each key (the key half of KeyValidate). */
  subgroupCheck?: boolean;
}

interface KeyState {
  readonly backend: Backend;
  readonly point: unknown;
  readonly bytes: Uint8Array;
}

interface PreparedState {
  readonly backend: Backend;
  readonly points: readonly unknown[];
  readonly bytes: readonly Uint8Array[];
  readonly subgroupChecked: boolean;
  /** Sum of all keys, computed on the first verification with a majority participating. */
  total: unknown;
}

// The points stay out of reach of callers: only objects made here verify.
const keyStates = new WeakMap<PublicKey, KeyState>();
const preparedStates = new WeakMap<PreparedPublicKeys, PreparedState>();

/** Decodes one key or throws BLS_INVALID_PUBKEY naming it. Rejects infinity (KeyValidate). */
function decodePublicKey(bytes: Uint8Array, subgroupCheck: boolean, title: string): unknown {
  const decoded = backend.g1Decompress(bytes);
  let reason: string | undefined;
  if ('error' in decoded) reason = decoded.error;
  else if (backend.g1IsIdentity(decoded.point)) reason = 'the point at infinity';
  else if (subgroupCheck && !backend.g1InSubgroup(decoded.point)) reason = 'not in the G1 subgroup';
  if (reason === undefined && 'point' in decoded) return decoded.point;
  throw new VerificationError('BLS_INVALID_PUBKEY', `${title} is not a valid BLS public key (${reason})`, {
    expected: `a compressed ${subgroupCheck ? 'G1' : 'curve'} point other than infinity`,
    got: bytesToHex(bytes),
  });
}

/**
 * Decodes one public key. Strict by default: encoding, not infinity, and the G1 subgroup check
 * (KeyValidate, draft §2.5). For keys of any provenance other than a sync committee.
 * @throws VerificationError BLS_INVALID_PUBKEY
 * @example const pk = publicKeyFromBytes(bytes); verify(pk, message, signature)
 */
export function publicKeyFromBytes(bytes: Uint8Array, options: PublicKeyOptions = {}): PublicKey {
  abytes(bytes, PUBLIC_KEY_LENGTH, 'publicKey');
  const subgroupChecked = options.subgroupCheck ?? true;
  const state: KeyState = { backend, point: decodePublicKey(bytes, subgroupChecked, 'publicKey'), bytes: bytes.slice() };
  const key: PublicKey = Object.freeze({ subgroupChecked, toBytes: () => state.bytes.slice() });
  keyStates.set(key, state);
  return key;
}

/**
 * Decompresses each sync-committee key once into a point kept for every later verification.
 * Each key must be a valid compressed encoding (compression flag, canonical flags, x < p, on the
 * curve) and not the point at infinity, else `VerificationError('BLS_INVALID_PUBKEY')` naming
 * its index.
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
 *   whole committee; the check would add no security, only cost: with noble ≈ 1.2 ms a key,
 *   ~0.6 s per 512-key committee, four times the decompression itself (~0.3 ms a key).
 * What is still checked: the encoding (cheap, so corrupt data fails here), and at verification
 * the aggregate key gets CoreVerify's KeyValidate (not infinity, in G1: one check per verify).
 * `{ subgroupCheck: true }` restores the per-key check for keys of any other origin.
 * @throws InputError when `pubkeys` is not a non-empty array of 48-byte Uint8Arrays
 * @throws VerificationError BLS_INVALID_PUBKEY
 * @example
 * const keys = preparePublicKeys(committee.pubkeys);
 * fastAggregateVerify(keys, syncAggregate.syncCommitteeBits, signingRoot, syncAggregate.syncCommitteeSignature)
 */
export function preparePublicKeys(pubkeys: readonly Uint8Array[], options: PublicKeyOptions = {}): PreparedPublicKeys {
  if (!Array.isArray(pubkeys) || pubkeys.length === 0) {
    throw new InputError(`"pubkeys" expected a non-empty array, got ${Array.isArray(pubkeys) ? 'an empty one' : typeof pubkeys}`);
  }
  const subgroupChecked = options.subgroupCheck ?? false;
  const points = new Array<unknown>(pubkeys.length);
  const bytes = new Array<Uint8Array>(pubkeys.length);
  for (let i = 0; i < pubkeys.length; i++) {
    const title = `pubkeys[${i}]`;
    abytes(pubkeys[i], PUBLIC_KEY_LENGTH, title);
    points[i] = decodePublicKey(pubkeys[i]!, subgroupChecked, title);
    bytes[i] = pubkeys[i]!.slice();
  }
  const prepared: PreparedPublicKeys = Object.freeze({ length: pubkeys.length, subgroupChecked });
  preparedStates.set(prepared, { backend, points, bytes, subgroupChecked, total: undefined });
  return prepared;
}

// ---------------------------------------------------------------------------------------------
// Verification

/**
 * FastAggregateVerify (draft §3.3.4) of the keys whose `participation` bit is set: true iff
 * `signature` is their aggregate signature over `message` (here, a sync committee's signature
 * of a signing root). The aggregate key is formed with point additions only (or, with a
 * majority participating, the sum of all keys minus the absent ones); then one pairing check,
 * e(aggregate, H(message)) · e(−g1, signature) == 1, sharing one final exponentiation.
 *
 * Returns false, never throws, for: no participant; a signature that does not decode (flags,
 * x ≥ p, not on the curve) or lies outside the G2 subgroup — the spec's CoreVerify returns
 * INVALID for those; a signature at infinity (cannot verify a non-trivial aggregate); an
 * aggregate key at infinity or outside G1 (CoreVerify's KeyValidate of the aggregate).
 * @throws InputError when `keys` was not made by {@link preparePublicKeys}, `participation`
 *   is not a boolean array of the same length, or `signature` is not 96 bytes
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
  const aggregate = aggregateParticipants(state, participation, participants);
  if (be.g1IsIdentity(aggregate)) return false;
  // When every key was subgroup-checked, so is their sum.
  if (!state.subgroupChecked && !be.g1InSubgroup(aggregate)) return false;
  const hm = be.hashToG2(message, DST_POP);
  if (be.g2IsIdentity(hm)) return false;
  return be.pairingCheck(aggregate, hm, sig.point);
}

function aggregateParticipants(state: PreparedState, participation: readonly boolean[], participants: number): unknown {
  const { backend: be, points } = state;
  const n = points.length;
  // A light-client update typically carries 95–100 % participation: subtracting the few absent
  // keys from the cached total takes a handful of additions instead of ~500.
  if (participants * 2 > n) {
    if (state.total === undefined) state.total = sumPoints(be, points);
    let acc = state.total;
    for (let i = 0; i < n; i++) if (!participation[i]) acc = be.g1Sub(acc, points[i]);
    return acc;
  }
  let acc: unknown;
  for (let i = 0; i < n; i++) {
    if (participation[i]) acc = acc === undefined ? points[i] : be.g1Add(acc, points[i]);
  }
  return acc;
}

function sumPoints(be: Backend, points: readonly unknown[]): unknown {
  let acc = points[0];
  for (let i = 1; i < points.length; i++) acc = be.g1Add(acc, points[i]);
  return acc;
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
 * SyncCommittee's hash_tree_root), so each committee is decompressed once, not per update.
 * The light client needs at most the current and next committee; 4 covers a period change
 * and a re-sync.
 * @example
 * const cache = new BlsKeyCache();
 * const keys = cache.get(bytesToHex(SyncCommittee.hashTreeRoot(committee)), committee.pubkeys);
 */
export class BlsKeyCache {
  readonly capacity: number;
  readonly #subgroupCheck: boolean;
  /** Map iteration order is insertion order: the first entry is the least recently used. */
  readonly #entries = new Map<string, PreparedPublicKeys>();

  constructor(options: BlsKeyCacheOptions = {}) {
    this.capacity = anumber(options.capacity ?? 4, 'capacity');
    if (this.capacity < 1) throw new InputError(`"capacity" expected at least 1, got ${this.capacity}`);
    this.#subgroupCheck = options.subgroupCheck ?? false;
  }

  /**
   * The prepared keys for `id`, preparing `pubkeys` on a miss. On a hit, `pubkeys` must be the
   * keys the entry was made from (an id that is not a function of the keys is a caller bug).
   * @throws InputError on an empty id or a hit with different keys; whatever
   *   {@link preparePublicKeys} throws on a miss (nothing is cached then)
   */
  get(id: string, pubkeys: readonly Uint8Array[]): PreparedPublicKeys {
    if (typeof id !== 'string' || id.length === 0) throw new InputError(`"id" expected a non-empty string, got ${typeof id}`);
    const hit = this.#entries.get(id);
    if (hit !== undefined) {
      if (!sameKeys(preparedStates.get(hit)!.bytes, pubkeys)) {
        throw new InputError(`BlsKeyCache: id ${id} is cached for other public keys`);
      }
      this.#entries.delete(id);
      this.#entries.set(id, hit);
      return hit;
    }
    const prepared = preparePublicKeys(pubkeys, { subgroupCheck: this.#subgroupCheck });
    this.#entries.set(id, prepared);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!);
    return prepared;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
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

// ---------------------------------------------------------------------------------------------
// Signing and aggregation (devnet and tests)

const KEYGEN_SALT = /* @__PURE__ */ new TextEncoder().encode('BLS-SIG-KEYGEN-SALT-');

/**
 * KeyGen (draft-irtf-cfrg-bls-signature-04 §2.3): a secret key derived from at least 32 bytes
 * of input keying material by HKDF-SHA256, reduced mod r. With an empty `keyInfo` this is
 * EIP-2333's derive_master_SK; deterministic, so the devnet's committee is reproducible from
 * its seeds. Returns the 32-byte big-endian secret key.
 * @example keygen(sha256(utf8('vigil devnet validator 7')))
 */
export function keygen(ikm: Uint8Array, keyInfo: Uint8Array = new Uint8Array()): Uint8Array {
  abytes(ikm, undefined, 'ikm');
  abytes(keyInfo, undefined, 'keyInfo');
  if (ikm.length < 32) throw new InputError(`"ikm" expected at least 32 bytes, got length=${ikm.length}`);
  const input = concatBytes(ikm, Uint8Array.of(0)); // IKM ‖ I2OSP(0, 1)
  const info = concatBytes(keyInfo, Uint8Array.of(0, 48)); // key_info ‖ I2OSP(L, 2), L = 48
  let salt = KEYGEN_SALT;
  for (;;) {
    salt = nobleSha256(salt);
    const okm = hkdfExpand(nobleSha256, hkdfExtract(nobleSha256, input, salt), info, 48);
    const sk = bytesToBigInt(okm) % CURVE_ORDER;
    if (sk !== 0n) return bigIntToBytesPadded(sk, SECRET_KEY_LENGTH);
  }
}

/** 32 big-endian bytes in 1..r-1. The value is never echoed in the error. */
function secretScalar(secretKey: Uint8Array): bigint {
  abytes(secretKey, SECRET_KEY_LENGTH, 'secretKey');
  const sk = bytesToBigInt(secretKey);
  if (sk === 0n || sk >= CURVE_ORDER) {
    throw new InputError(`"secretKey" expected an integer in 1..r-1, got ${sk === 0n ? 'zero' : 'a value ≥ r'}`);
  }
  return sk;
}

/**
 * SkToPk: the 48-byte compressed public key of a secret key.
 * @example getPublicKey(keygen(seed)) // Uint8Array(48)
 */
export function getPublicKey(secretKey: Uint8Array): Uint8Array {
  return backend.g1Compress(backend.g1MulBase(secretScalar(secretKey)));
}

/**
 * Sign: [sk]·H(message) with the POP ciphersuite's hash to G2; 96 bytes compressed.
 * @example sign(secretKey, signingRoot) // Uint8Array(96)
 */
export function sign(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  const sk = secretScalar(secretKey);
  abytes(message, undefined, 'message');
  return backend.g2Compress(backend.g2Mul(backend.hashToG2(message, DST_POP), sk));
}

/**
 * Aggregate (draft §2.8): the sum of the signatures, each decoded and subgroup-checked.
 * @throws InputError on an empty list or a wrong length; VerificationError BLS_INVALID_SIGNATURE
 *   naming the first signature that does not decode
 * @example aggregateSignatures(members.map((sk) => sign(sk, root)))
 */
export function aggregateSignatures(signatures: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(signatures) || signatures.length === 0) throw new InputError('"signatures" expected a non-empty array');
  let acc: unknown;
  for (let i = 0; i < signatures.length; i++) {
    const title = `signatures[${i}]`;
    const bytes = abytes(signatures[i], SIGNATURE_LENGTH, title);
    const decoded = backend.g2Decompress(bytes);
    if ('error' in decoded) {
      throw new VerificationError('BLS_INVALID_SIGNATURE', `${title} is not a valid BLS signature (${decoded.error})`, {
        expected: 'a compressed G2 point',
        got: bytesToHex(bytes),
      });
    }
    acc = acc === undefined ? decoded.point : backend.g2Add(acc, decoded.point);
  }
  return backend.g2Compress(acc);
}

/**
 * The sum of the public keys, each KeyValidate'd (as consensus-specs `eth_aggregate_pubkeys`
 * asserts): what a SyncCommittee's `aggregate_pubkey` holds.
 * @throws InputError on an empty list or a wrong length; VerificationError BLS_INVALID_PUBKEY
 * @example aggregatePublicKeys(committee.pubkeys) // equals committee.aggregatePubkey
 */
export function aggregatePublicKeys(pubkeys: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(pubkeys) || pubkeys.length === 0) throw new InputError('"pubkeys" expected a non-empty array');
  let acc: unknown;
  for (let i = 0; i < pubkeys.length; i++) {
    const title = `pubkeys[${i}]`;
    const point = decodePublicKey(abytes(pubkeys[i], PUBLIC_KEY_LENGTH, title), true, title);
    acc = acc === undefined ? point : backend.g1Add(acc, point);
  }
  return backend.g1Compress(acc);
}
