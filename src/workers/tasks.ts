/**
 * The verification tasks Vigil runs in its workers, and their JSON-safe parameter and result
 * shapes. Pure verification (src/l1, src/proofs, src/crypto); no I/O: the caller fetched the
 * data, the worker says whether it verifies.
 *
 * - `lc.bootstrap`, `lc.process`: the light-client spec functions (initialize_light_client_store,
 *   process_light_client_{,finality_,optimistic_}update) on a serialized store and a response as
 *   the Beacon API sent it: the BLS check of the sync aggregate runs here. The worker keeps the
 *   committee keys it decompressed (one BlsKeyCache per network) for the next update; the caller
 *   may send keys decoded earlier (`committees`, checked when used) and gets back those the
 *   worker decoded, to store.
 * - `bls.fastAggregateVerify`: one sync-aggregate check on its own.
 * - `proof.account`: an `eth_getProof` result (and optionally the code) against a verified state
 *   root, with the address and storage keys the caller asked for.
 * - `zk.verify`: a Groth16 / PLONK / FFLONK proof (snarkjs JSON) on the WASM BN254 kernel, which
 *   each worker instantiates once; keys are parsed and prepared once per worker and kept.
 * - `kzg.verifyCells`, `kzg.verifyBlob`: a blob sampling's cells (verify_cell_kzg_proof_batch) or a
 *   whole blob (verify_blob_kzg_proof) against proven commitments, on the BLS12-381 kernel
 *   (src/client/blobs/sampling.ts).
 * @module
 */
import { bigIntToHex, bytesToHex, hexToBytes } from '../core/bytes.ts';
import { InputError } from '../core/errors.ts';
import { BlsKeyCache, blsBackend, blsReady, fastAggregateVerify, warmUpBls } from '../crypto/bls.ts';
import { cryptoReady, hashBackend } from '../crypto/backend.ts';
import { keccak256 } from '../crypto/keccak.ts';
import { type ChainConfig, parseNetworkConfig } from '../l1/config.ts';
import type { Encoded } from '../l1/decode.ts';
import { createLightClientContext, type LightClientContext } from '../l1/spec/helpers.ts';
import { bootstrapResponse, processResponse } from '../l1/processor.ts';
import { deserializeAnyLightClientStore, serializeLightClientStore } from '../l1/store.ts';
import { verifyCode } from '../proofs/account.ts';
import { parseGetProofResponse, verifyGetProofResponse } from '../proofs/eip1186.ts';
import { expectAnswerTo } from '../proofs/get-proof-request.ts';
import { bn254Ready } from '../crypto/bn254.ts';
import { kzgReady, verifyBlobKzgProof, verifyCellKzgProofBatch } from '../crypto/kzg.ts';
import { type ProofSystem, zkVerifier } from '../zk/index.ts';
import type { UpdateKind } from '../l1/processor.ts';
import { committeeKeysFromWire, committeeKeysToWire, type WireCommitteeKeys, type WireLightClientResponse } from './committee-wire.ts';
import type { TaskHandlers } from './protocol.ts';

export type { UpdateKind };

/** An account proven against a state root, as JSON. Quantities are minimal 0x-hex. */
export interface ProvenAccountJson {
  address: string;
  exists: boolean;
  balance: string;
  nonce: string;
  codeHash: string;
  storageHash: string;
  /** One per requested key, in the order asked: the key as given and its proven 32-byte value. */
  storage: { key: string; value: string }[];
  /** The code, when it was given and hashes to `codeHash`. */
  code?: string;
}

export type VerifierTasks = {
  ping: { params: null; result: { hash: string; bls: string } };
  'bls.fastAggregateVerify': {
    params: { committeeId?: string; pubkeys: string[]; bits: boolean[]; message: string; signature: string };
    result: boolean;
  };
  'lc.bootstrap': {
    params: { config: unknown; checkpoint: string; response: WireLightClientResponse; committees?: WireCommitteeKeys[] };
    /** The store as 0x-hex of its persisted form (src/l1/store.ts). */
    result: { store: string; committees?: WireCommitteeKeys[] };
  };
  'lc.process': {
    params: {
      config: unknown;
      kind: UpdateKind;
      /** 0x-hex of the store's persisted form. */
      store: string;
      response: WireLightClientResponse;
      currentSlot: string;
      committees?: WireCommitteeKeys[];
    };
    /**
     * The next store (0x-hex of its persisted form); the update's attested header (slot as a
     * decimal string, hash_tree_root as 0x-hex) and how many of the committee signed it.
     */
    result: {
      store: string;
      attested: { slot: string; root: string };
      participation: { participants: number; committeeSize: number };
      committees?: WireCommitteeKeys[];
    };
  };
  'proof.account': {
    params: { stateRoot: string; address: string; storageKeys: string[]; proof: unknown; code?: string };
    result: ProvenAccountJson;
  };
  'zk.verify': {
    params: { system: ProofSystem; vkey: unknown; proof: unknown; publicSignals: unknown };
    result: { valid: true } | { valid: false; reason: string };
  };
  /** verify_cell_kzg_proof_batch: one commitment, cell index, cell and proof per cell (0x-hex). */
  'kzg.verifyCells': {
    params: { commitments: string[]; cellIndices: number[]; cells: string[]; proofs: string[] };
    result: boolean;
  };
  /** verify_blob_kzg_proof (0x-hex). */
  'kzg.verifyBlob': {
    params: { blob: string; commitment: string; proof: string };
    result: boolean;
  };
};

/** Verifiers by key, so a key's points are checked and prepared once per worker. */
const zkVerifiers = new Map<string, ReturnType<typeof zkVerifier>>();

function zkVerifierFor(system: ProofSystem, vkey: unknown): ReturnType<typeof zkVerifier> {
  const id = `${system}:${JSON.stringify(vkey)}`;
  let verify = zkVerifiers.get(id);
  if (verify === undefined) {
    verify = zkVerifier(system, vkey);
    zkVerifiers.set(id, verify);
    if (zkVerifiers.size > 8) zkVerifiers.delete(zkVerifiers.keys().next().value!);
  }
  return verify;
}

const contexts = new Map<string, { config: ChainConfig; ctx: LightClientContext }>();
const blsKeys = new BlsKeyCache({ capacity: 8 });

function contextFor(rawConfig: unknown): LightClientContext {
  const key = JSON.stringify(rawConfig);
  let entry = contexts.get(key);
  if (entry === undefined) {
    const config = parseNetworkConfig(rawConfig);
    entry = { config, ctx: createLightClientContext(config) };
    contexts.set(key, entry);
    if (contexts.size > 4) contexts.delete(contexts.keys().next().value!);
  }
  return entry.ctx;
}

function encodedOf(response: WireLightClientResponse): Encoded {
  if (typeof response.ssz === 'string') return { ssz: hexToBytes(response.ssz, undefined, 'response.ssz') };
  if (response.json === undefined) throw new InputError('response: neither json nor ssz');
  return { json: response.json };
}

/** Offers the caller's stored keys to the worker's cache (ignored for committees it prepared). */
function restoreCommittees(ctx: LightClientContext, committees: unknown): void {
  if (committees === undefined) return;
  for (const { id, snapshot } of committeeKeysFromWire(committees)) ctx.keys.restore(id, snapshot);
}

/** What the worker decoded since the last task, for the caller to store. */
function takeCommittees(ctx: LightClientContext): { committees?: WireCommitteeKeys[] } {
  const changes = ctx.keys.takeChanges();
  return changes.length === 0 ? {} : { committees: changes.map(committeeKeysToWire) };
}


/** Hashing and BLS settled (WASM in place, or @noble final). */
const ready = (): Promise<unknown> => Promise.all([cryptoReady(), blsReady()]);

/**
 * For a worker entry to call when it starts: primes the BLS kernel (warmUpBls) before the first
 * task arrives, while the background is still loading and fetching, so that the first
 * verification after a wake runs optimized code.
 */
export function primeVerifier(): Promise<void> {
  return ready().then(() => warmUpBls());
}

export const verifierHandlers: TaskHandlers<VerifierTasks> = {
  async ping() {
    await ready();
    return { hash: hashBackend(), bls: blsBackend() };
  },

  async 'bls.fastAggregateVerify'({ committeeId, pubkeys, bits, message, signature }) {
    await ready();
    const keys = pubkeys.map((k, i) => hexToBytes(k, 48, `pubkeys[${i}]`));
    const id = committeeId ?? bytesToHex(keccak256(hexToBytes('0x' + pubkeys.map((k) => k.slice(2)).join(''))));
    return fastAggregateVerify(blsKeys.get(id, keys), bits, hexToBytes(message), hexToBytes(signature, 96, 'signature'));
  },

  async 'lc.bootstrap'({ config, checkpoint, response, committees }) {
    await ready();
    const ctx = contextFor(config);
    restoreCommittees(ctx, committees);
    // Either shape: a Gloas store crosses as format 3, which the service worker's side reads or refuses.
    const store = bootstrapResponse(ctx, hexToBytes(checkpoint, 32, 'checkpoint'), response.fork, encodedOf(response));
    return { store: bytesToHex(serializeLightClientStore(ctx.types, ctx.config.preset.name, store)), ...takeCommittees(ctx) };
  },

  async 'lc.process'({ config, kind, store, response, currentSlot, committees }) {
    await ready();
    const ctx = contextFor(config);
    restoreCommittees(ctx, committees);
    const before = deserializeAnyLightClientStore(ctx.types, ctx.config.preset.name, hexToBytes(store, undefined, 'store'));
    const { store: after, attested, participation } = processResponse(ctx, kind, before, response.fork, encodedOf(response), BigInt(currentSlot));
    return {
      store: bytesToHex(serializeLightClientStore(ctx.types, ctx.config.preset.name, after)),
      attested: { slot: attested.slot.toString(), root: bytesToHex(attested.root) },
      participation,
      ...takeCommittees(ctx),
    };
  },

  async 'proof.account'({ stateRoot, address, storageKeys, proof, code }) {
    await cryptoReady();
    return verifyAccount(stateRoot, address, storageKeys, proof, code);
  },

  async 'zk.verify'({ system, vkey, proof, publicSignals }) {
    await Promise.all([cryptoReady(), bn254Ready()]);
    const verdict = zkVerifierFor(system, vkey)(proof, publicSignals);
    return verdict.valid ? { valid: true } : { valid: false, reason: verdict.reason };
  },

  async 'kzg.verifyCells'({ commitments, cellIndices, cells, proofs }) {
    await Promise.all([cryptoReady(), kzgReady()]);
    const bytes = (list: string[], name: string) => list.map((h, i) => hexToBytes(h, undefined, `${name}[${i}]`));
    return verifyCellKzgProofBatch(bytes(commitments, 'commitments'), cellIndices, bytes(cells, 'cells'), bytes(proofs, 'proofs'));
  },

  async 'kzg.verifyBlob'({ blob, commitment, proof }) {
    await Promise.all([cryptoReady(), kzgReady()]);
    return verifyBlobKzgProof(hexToBytes(blob, undefined, 'blob'), hexToBytes(commitment, undefined, 'commitment'), hexToBytes(proof, undefined, 'proof'));
  },
};

/**
 * Verifies an `eth_getProof` result for `address` and `storageKeys` against `stateRoot`: the
 * proofs, every field the server claimed, and that it answered the question asked (the address,
 * and the keys in the order asked: src/proofs/get-proof-request.ts), plus `code` against the
 * proven code hash when given.
 * @throws VerificationError (PROOF_*, CODE_HASH_MISMATCH); InputError for malformed JSON
 */
export function verifyAccount(stateRoot: string, address: string, storageKeys: readonly string[], proof: unknown, code?: string): ProvenAccountJson {
  const root = hexToBytes(stateRoot, 32, 'stateRoot');
  const wanted = bytesToHex(hexToBytes(address, 20, 'address'));
  const response = parseGetProofResponse(proof);
  expectAnswerTo({ address: wanted, storageKeys }, response);
  const proven = verifyGetProofResponse(root, response);
  const storage = storageKeys.map((key, i) => ({ key, value: '0x' + proven.storage[i]!.value.toString(16).padStart(64, '0') }));
  const out: ProvenAccountJson = {
    address: wanted,
    exists: proven.account.exists,
    balance: bigIntToHex(proven.account.balance),
    nonce: bigIntToHex(proven.account.nonce),
    codeHash: bytesToHex(proven.account.codeHash),
    storageHash: bytesToHex(proven.account.storageHash),
    storage,
  };
  if (code !== undefined) {
    const bytes = hexToBytes(code, undefined, 'code');
    verifyCode(proven.account.codeHash, bytes);
    out.code = bytesToHex(bytes);
  }
  return out;
}
