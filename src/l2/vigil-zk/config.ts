/**
 * The `vigil-zk-v1` rollup config (circuits/SPEC.md, "The rollup config"): read strictly, each
 * problem an InputError naming the field. The storage slots, depth and batch size are part of
 * the kind (SPEC fixes them) and must be SPEC's; the verification key must be a Groth16 key for
 * the five public inputs, and `verificationKeyHash` must be its hash (verificationKeyHash below).
 * @module
 */
import type { NativeCurrency } from '../adapter.ts';
import { bigIntToBytesPadded, bytesToHex, concatBytes, describe, hexToBytes } from '../../core/bytes.ts';
import { InputError, VerificationError } from '../../core/errors.ts';
import { aobject, field } from '../../core/json.ts';
import { ainteger, identityFields } from '../config-fields.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { readG1, readG2 } from '../../zk/format.ts';
import { parseGroth16VerificationKey } from '../../zk/groth16.ts';
import { DEFAULT_BATCH_SIZE } from './transactions.ts';
import { DEFAULT_DEPTH } from './tree.ts';
import { ROLLUP_KIND } from '../kinds.ts';

export { ROLLUP_KIND };

/** The contract's storage slots (SPEC "The L1 contract"), by the names of its declarations. */
export const ROLLUP_SLOTS = {
  stateRoot: 0n,
  batchCount: 1n,
  lastBatchAt: 2n,
  queueHead: 3n,
  queueTail: 4n,
  queue: 5n,
  queuedAt: 6n,
  batchRoots: 7n,
  nextAccountIndex: 8n,
  frozen: 9n,
  escaped: 10n,
  verifier: 11n,
  forcedDeadline: 12n,
  owed: 13n,
  queueAcc: 14n,
} as const;
export type RollupSlotName = keyof typeof ROLLUP_SLOTS;

/** Public inputs of the rollup's proof (SPEC "Public inputs", inputs.ts): 8 and the blob binding's 45 limbs. */
export const PUBLIC_INPUT_COUNT = 53;

export interface VigilZkConfig {
  readonly kind: typeof ROLLUP_KIND;
  readonly name: string;
  /** The L2's chain id. */
  readonly chainId: number;
  readonly l1ChainId: number;
  /** The rollup contract (lower-case 0x-hex). */
  readonly contract: string;
  readonly slots: Readonly<Record<RollupSlotName, bigint>>;
  readonly verifier: { readonly address: string; readonly codeHash: string };
  /** The snarkjs verification key JSON, as given (checked: Groth16, 53 public inputs, valid points). */
  readonly verificationKey: unknown;
  readonly verificationKeyHash: string;
  readonly depth: number;
  readonly batchSize: number;
  readonly l2Rpc?: string;
  /** The L2 native currency; absent: Ether. */
  readonly nativeCurrency?: NativeCurrency;
  readonly liveness: { readonly delayedAfterSeconds: number; readonly stalledAfterSeconds: number };
}

function ahex(value: unknown, bytes: number, title: string): string {
  return bytesToHex(hexToBytes(value, bytes, title));
}

/**
 * The hash that pins a verification key: keccak256 over its numbers as 32-byte big-endian words,
 * in the order a Solidity verifier holds them: alpha1 (x, y); beta2, gamma2, delta2 each as
 * (x.c1, x.c0, y.c1, y.c0) (EIP-197's order); then IC[0..nPublic] (x, y). Affine points only.
 * Independent of the JSON's formatting and key order. Lower-case 0x-hex.
 * @example verificationKeyHash(JSON.parse(readFileSync('circuits/build/verification_key.json', 'utf8')))
 */
export function verificationKeyHash(vkey: unknown): string {
  const vk = aobject(vkey, 'verificationKey');
  const words: bigint[] = [];
  const g1 = (name: string, value: unknown): void => {
    const p = readG1(value, name);
    if (p[2] !== 1n) throw new InputError(`"${name}" expected an affine point (z = 1)`);
    words.push(p[0], p[1]);
  };
  const g2 = (name: string): void => {
    const p = readG2(field(vk, name, 'verificationKey'), `verificationKey.${name}`);
    if (p[2][0] !== 1n || p[2][1] !== 0n) throw new InputError(`"verificationKey.${name}" expected an affine point (z = [1, 0])`);
    words.push(p[0][1], p[0][0], p[1][1], p[1][0]);
  };
  g1('verificationKey.vk_alpha_1', field(vk, 'vk_alpha_1', 'verificationKey'));
  g2('vk_beta_2');
  g2('vk_gamma_2');
  g2('vk_delta_2');
  const ic = field(vk, 'IC', 'verificationKey');
  if (!Array.isArray(ic)) throw new InputError(`"verificationKey.IC" expected an array, got ${describe(ic)}`);
  ic.forEach((p, i) => g1(`verificationKey.IC[${i}]`, p));
  return bytesToHex(keccak256(concatBytes(...words.map((w) => bigIntToBytesPadded(w, 32)))));
}

/**
 * Reads a `vigil-zk-v1` rollup config.
 * @throws InputError naming the field that is missing or wrong.
 * @example parseRollupConfig(JSON.parse(readFileSync('rollup.json', 'utf8'))).contract
 */
export function parseRollupConfig(json: unknown): VigilZkConfig {
  const c = aobject(json, 'config');
  const { name, chainId, l1ChainId, l2Rpc, nativeCurrency } = identityFields(c, ROLLUP_KIND);
  const contract = ahex(field(c, 'contract'), 20, 'contract');

  const slotsJson = aobject(field(c, 'slots'), 'slots');
  const slots = {} as Record<RollupSlotName, bigint>;
  for (const [slot, expected] of Object.entries(ROLLUP_SLOTS) as [RollupSlotName, bigint][]) {
    const value = ainteger(field(slotsJson, slot, 'slots'), `slots.${slot}`, 0);
    if (BigInt(value) !== expected) throw new InputError(`"slots.${slot}" expected ${expected} (circuits/SPEC.md), got ${value}`);
    slots[slot] = expected;
  }
  for (const key of Object.keys(slotsJson)) {
    if (!(key in ROLLUP_SLOTS)) throw new InputError(`"slots.${key}" is not a slot of ${ROLLUP_KIND}`);
  }

  const verifierJson = aobject(field(c, 'verifier'), 'verifier');
  const verifier = {
    address: ahex(field(verifierJson, 'address', 'verifier'), 20, 'verifier.address'),
    codeHash: ahex(field(verifierJson, 'codeHash', 'verifier'), 32, 'verifier.codeHash'),
  };

  const verificationKey = field(c, 'verificationKey');
  let nPublic: number;
  try {
    nPublic = parseGroth16VerificationKey(verificationKey).nPublic;
  } catch (error) {
    if (error instanceof VerificationError || error instanceof InputError) {
      throw new InputError(`"verificationKey" is not a valid Groth16 key: ${error.shortMessage}`, { cause: error });
    }
    throw error;
  }
  if (nPublic !== PUBLIC_INPUT_COUNT) throw new InputError(`"verificationKey.nPublic" expected ${PUBLIC_INPUT_COUNT}, got ${nPublic}`);
  const pinned = ahex(field(c, 'verificationKeyHash'), 32, 'verificationKeyHash');
  const actual = verificationKeyHash(verificationKey);
  if (pinned !== actual) throw new InputError(`"verificationKeyHash" does not match the verification key: expected ${actual}, got ${pinned}`);

  const depth = ainteger(field(c, 'depth'), 'depth', 1);
  if (depth !== DEFAULT_DEPTH) throw new InputError(`"depth" expected ${DEFAULT_DEPTH} (circuits/SPEC.md), got ${depth}`);
  const batchSize = ainteger(field(c, 'batchSize'), 'batchSize', 1);
  if (batchSize !== DEFAULT_BATCH_SIZE) throw new InputError(`"batchSize" expected ${DEFAULT_BATCH_SIZE} (circuits/SPEC.md), got ${batchSize}`);

  const livenessJson = aobject(field(c, 'liveness'), 'liveness');
  const delayedAfterSeconds = ainteger(field(livenessJson, 'delayedAfterSeconds', 'liveness'), 'liveness.delayedAfterSeconds', 0);
  const stalledAfterSeconds = ainteger(field(livenessJson, 'stalledAfterSeconds', 'liveness'), 'liveness.stalledAfterSeconds', 0);
  if (stalledAfterSeconds < delayedAfterSeconds) {
    throw new InputError(`"liveness.stalledAfterSeconds" expected ≥ delayedAfterSeconds (${delayedAfterSeconds}), got ${stalledAfterSeconds}`);
  }

  return {
    kind: ROLLUP_KIND,
    name,
    chainId,
    l1ChainId,
    contract,
    slots,
    verifier,
    verificationKey,
    verificationKeyHash: actual,
    depth,
    batchSize,
    ...(l2Rpc !== undefined ? { l2Rpc } : {}),
    ...(nativeCurrency !== undefined ? { nativeCurrency } : {}),
    liveness: { delayedAfterSeconds, stalledAfterSeconds },
  };
}
