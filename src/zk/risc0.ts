/**
 * RISC Zero's Groth16 receipts as its L1 verifier checks them: `RiscZeroGroth16Verifier.verify(
 * seal, imageId, journalDigest)` of risc0/risc0-ethereum (contracts/src/groth16/
 * RiscZeroGroth16Verifier.sol, tag v3.0.1 = 365e7b2db4f620fa256580c27558d2623362b9ae), over
 * ./groth16.ts (one multi-pairing).
 *
 * - seal = selector ‖ abi.encode(Seal{uint256[2] a; uint256[2][2] b; uint256[2] c}): 4 + 256
 *   bytes, B written x.c1 x.c0 y.c1 y.c0 (EIP-197 order, imaginary part first);
 * - selector = the first 4 bytes of the verifier parameters digest, a tagged struct
 *   ("risc0.Groth16ReceiptVerifierParameters") of the control root, the BN254 control id (byte-
 *   reversed) and the verifying key's digest ("risc0_groth16.VerifyingKey");
 * - claim digest = ReceiptClaim.ok(imageId, sha256(journal)).digest() (IRiscZeroVerifier.sol):
 *   pre-state = imageId, post-state = SystemState{pc 0, root 0}'s digest, exit (Halted, 0),
 *   input 0, output = Output{journalDigest, assumptions 0}'s digest;
 * - public inputs [CONTROL_ROOT_0, CONTROL_ROOT_1, claim₀, claim₁, BN254_CONTROL_ID], a digest's
 *   two halves being its bytes 0–15 and 16–31 each read little-endian (`splitDigest`);
 * - the key is snarkjs's Solidity export in Groth16Verifier.sol (the same for releases 2.0–3.0):
 *   e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ) = 1, which is `verifyGroth16`'s equation.
 *
 * Struct hashing (StructHash.sol): taggedStruct(tag, down, data) =
 *   sha256(sha256(tag) ‖ down₀ ‖ … ‖ data ‖ uint16le(down.length)).
 *
 * DIFF FROM RiscZeroGroth16Verifier.sol (stricter):
 * - the seal must be exactly 260 bytes (abi.decode ignores trailing bytes);
 * - A, B or C at infinity is refused (ZK_POINT_AT_INFINITY), and any coordinate ≥ p
 *   (ZK_FIELD_OUT_OF_RANGE); the contract negates A.y mod p before the precompile sees it;
 * - the key's points are checked (on the curve, G2 in the subgroup); the contract trusts them.
 * @module
 */
import { abytes, bytesToBigInt, bytesToHex, concatBytes, equalBytes, hexToBytes } from '../core/bytes.ts';
import { InputError, VerificationError } from '../core/errors.ts';
import { sha256 } from '../crypto/sha256.ts';
import { type G1, type G2, g1FromAffine, g2FromAffine, millerValue, SCALAR_MODULUS } from './curve.ts';
import { type Groth16Proof, type Groth16VerificationKey, verifyGroth16 } from './groth16.ts';
import { parseGnarkGroth16Proof } from './gnark-groth16.ts';

const SELECTOR_LENGTH = 4;
/** [CONTROL_ROOT_0, CONTROL_ROOT_1, claim₀, claim₁, BN254_CONTROL_ID]. */
const PUBLIC_INPUTS = 5;

// ---- parameters ----------------------------------------------------------------------------------

/**
 * A Groth16 verifying key as snarkjs's Solidity template writes it (Groth16Verifier.sol): G2
 * coordinates `x1` the imaginary part, `x2` the real part; `ic[i]` = [ICix, ICiy].
 */
export interface Risc0Groth16SolidityKey {
  readonly alphax: bigint;
  readonly alphay: bigint;
  readonly betax1: bigint;
  readonly betax2: bigint;
  readonly betay1: bigint;
  readonly betay2: bigint;
  readonly gammax1: bigint;
  readonly gammax2: bigint;
  readonly gammay1: bigint;
  readonly gammay2: bigint;
  readonly deltax1: bigint;
  readonly deltax2: bigint;
  readonly deltay1: bigint;
  readonly deltay2: bigint;
  readonly ic: readonly (readonly [bigint, bigint])[];
}

/** What a RiscZeroGroth16Verifier is deployed with: ControlID.sol's two values and the key. */
export interface Risc0Groth16Params {
  /** ControlID.CONTROL_ROOT, as the contract writes it (32 bytes of hex). */
  readonly controlRoot: string;
  /** ControlID.BN254_CONTROL_ID in the contract's byte order (the reverse of the risc0 repo's). */
  readonly bn254ControlId: string;
  readonly vk: Risc0Groth16SolidityKey;
}

/**
 * The verifying key of RISC Zero's Groth16 circuit: contracts/src/groth16/Groth16Verifier.sol
 * (blob 0023123c5cfa70c21db1a103a7bd811b889a4211 at v3.0.1; the same constants at v2.0.2,
 * v2.1.1, v2.2.2 and v3.0.1). Its digest is pinned by every selector in selector.rs.
 */
export const RISC0_GROTH16_VK: Risc0Groth16SolidityKey = /* @__PURE__ */ Object.freeze({
  alphax: 20491192805390485299153009773594534940189261866228447918068658471970481763042n,
  alphay: 9383485363053290200918347156157836566562967994039712273449902621266178545958n,
  betax1: 4252822878758300859123897981450591353533073413197771768651442665752259397132n,
  betax2: 6375614351688725206403948262868962793625744043794305715222011528459656738731n,
  betay1: 21847035105528745403288232691147584728191162732299865338377159692350059136679n,
  betay2: 10505242626370262277552901082094356697409835680220590971873171140371331206856n,
  gammax1: 11559732032986387107991004021392285783925812861821192530917403151452391805634n,
  gammax2: 10857046999023057135944570762232829481370756359578518086990519993285655852781n,
  gammay1: 4082367875863433681332203403145435568316851327593401208105741076214120093531n,
  gammay2: 8495653923123431417604973247489272438418190587263600148770280649306958101930n,
  deltax1: 1668323501672964604911431804142266013250380587483576094566949227275849579036n,
  deltax2: 12043754404802191763554326994664886008979042643626290185762540825416902247219n,
  deltay1: 7710631539206257456743780535472368339139328733484942210876916214502466455394n,
  deltay2: 13740680757317479711909903993315946540841369848973133181051452051592786724563n,
  ic: Object.freeze([
    [8446592859352799428420270221449902464741693648963397251242447530457567083492n, 1064796367193003797175961162477173481551615790032213185848276823815288302804n],
    [3179835575189816632597428042194253779818690147323192973511715175294048485951n, 20895841676865356752879376687052266198216014795822152491318012491767775979074n],
    [5332723250224941161709478398807683311971555792614491788690328996478511465287n, 21199491073419440416471372042641226693637837098357067793586556692319371762571n],
    [12457994489566736295787256452575216703923664299075106359829199968023158780583n, 19706766271952591897761291684837117091856807401404423804318744964752784280790n],
    [19617808913178163826953378459323299110911217259216006187355745713323154132237n, 21663537384585072695701846972542344484111393047775983928357046779215877070466n],
    [6834578911681792552110317589222010969491336870276623105249474534788043166867n, 15060583660288623605191393599883223885678013570733629274538391874953353488393n],
  ] as const),
});

/** BN254_CONTROL_ID of every release below (contract byte order). */
const BN254_CONTROL_ID = '0x04446e66d300eb7fb45c9726bb53c793dda407a62e9601618bb43c5c14657ac0';

/**
 * Released RiscZeroGroth16Verifier parameters, named as selector.rs names their selectors
 * (Groth16V2_0 = 0x9f39696c, V2_1 = 0xf536085a, V2_2 = 0xbb001d44, V3_0 = 0x73c457ba). CONTROL_ROOT
 * from ControlID.sol at the tags v2.0.2, v2.1.1, v2.2.2 and v3.0.1 (test/fixtures/risc0/NOTICE.md).
 */
export const RISC0_GROTH16_RELEASES = /* @__PURE__ */ Object.freeze({
  'v2.0': {
    controlRoot: '0x539032186827b06719244873b17b2d4c122e2d02cfb1994fe958b2523b844576',
    bn254ControlId: BN254_CONTROL_ID,
    vk: RISC0_GROTH16_VK,
  },
  'v2.1': {
    controlRoot: '0x884389273e128b32475b334dec75ee619b77cb33d41c332021fe7e44c746ee60',
    bn254ControlId: BN254_CONTROL_ID,
    vk: RISC0_GROTH16_VK,
  },
  'v2.2': {
    controlRoot: '0xce52bf56033842021af3cf6db8a50d1b7535c125a34f1a22c6fdcf002c5a1529',
    bn254ControlId: BN254_CONTROL_ID,
    vk: RISC0_GROTH16_VK,
  },
  'v3.0': {
    controlRoot: '0xa54dc85ac99f851c92d7c96d7318af41dbe7c0194edfcc37eb4d422a998c1f56',
    bn254ControlId: BN254_CONTROL_ID,
    vk: RISC0_GROTH16_VK,
  },
} as const satisfies Record<string, Risc0Groth16Params>);

export type Risc0Groth16Version = keyof typeof RISC0_GROTH16_RELEASES;

// ---- struct hashing (StructHash.sol, IRiscZeroVerifier.sol) --------------------------------------

const TEXT = /* @__PURE__ */ new TextEncoder();
const ZERO32 = /* @__PURE__ */ new Uint8Array(32);

function u16le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >> 8) & 0xff);
}
function u32le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}
function word(v: bigint): Uint8Array {
  return hexToBytes(`0x${v.toString(16).padStart(64, '0')}`, 32, 'word');
}

/**
 * `StructHash.taggedStruct`: sha256(sha256(tag) ‖ down… ‖ data ‖ uint16le(down.length)).
 * @example risc0TaggedStruct('risc0.Output', [journalDigest, zero]) // OutputLib.digest
 */
export function risc0TaggedStruct(tag: string, down: readonly Uint8Array[], data: Uint8Array = new Uint8Array()): Uint8Array {
  down.forEach((d, i) => abytes(d, 32, `down[${i}]`));
  abytes(data, undefined, 'data');
  if (down.length > 0xffff) throw new InputError(`"down" expected at most 65535 digests, got ${down.length}`);
  return sha256(concatBytes(sha256(TEXT.encode(tag)), ...down, data, u16le(down.length)));
}

/**
 * `StructHash.taggedList`: the list folded from its end, cons(head, tail) a tagged struct of two,
 * the empty list 32 zero bytes.
 */
export function risc0TaggedList(tag: string, list: readonly Uint8Array[]): Uint8Array {
  let current: Uint8Array = ZERO32;
  for (let i = list.length - 1; i >= 0; i--) current = risc0TaggedStruct(tag, [list[i]!, current]);
  return current;
}

/** `SystemStateLib.digest`: tag "risc0.SystemState", down [merkleRoot], data uint32le(pc). */
export function risc0SystemStateDigest(state: { readonly pc: number; readonly merkleRoot: Uint8Array }): Uint8Array {
  if (!Number.isInteger(state.pc) || state.pc < 0 || state.pc > 0xffffffff) {
    throw new InputError(`"pc" expected a uint32, got ${state.pc}`);
  }
  return risc0TaggedStruct('risc0.SystemState', [abytes(state.merkleRoot, 32, 'merkleRoot')], u32le(state.pc));
}

/** `OutputLib.digest`: tag "risc0.Output", down [journalDigest, assumptionsDigest]. */
export function risc0OutputDigest(output: { readonly journalDigest: Uint8Array; readonly assumptionsDigest: Uint8Array }): Uint8Array {
  return risc0TaggedStruct('risc0.Output', [
    abytes(output.journalDigest, 32, 'journalDigest'),
    abytes(output.assumptionsDigest, 32, 'assumptionsDigest'),
  ]);
}

/** `SystemExitCode`: Halted, Paused, SystemSplit. */
export type Risc0SystemExitCode = 0 | 1 | 2;

/** `ReceiptClaim` of IRiscZeroVerifier.sol. */
export interface Risc0ReceiptClaim {
  readonly preStateDigest: Uint8Array;
  readonly postStateDigest: Uint8Array;
  readonly exitCode: { readonly system: Risc0SystemExitCode; readonly user: number };
  readonly input: Uint8Array;
  readonly output: Uint8Array;
}

/** `ReceiptClaimLib.SYSTEM_STATE_ZERO_DIGEST`: SystemState{pc 0, merkle root 0}'s digest. */
export const RISC0_SYSTEM_STATE_ZERO_DIGEST = '0xa3acc27117418996340b84e5a90f3ef4c49d22c79e44aad822ec9c313e1eb8e2';

/**
 * `ReceiptClaimLib.ok(imageId, journalDigest)`: a halted run (exit 0) of `imageId` with no
 * input, the zero post state, and no assumptions.
 */
export function risc0ReceiptClaimOk(imageId: Uint8Array, journalDigest: Uint8Array): Risc0ReceiptClaim {
  return {
    preStateDigest: abytes(imageId, 32, 'imageId'),
    postStateDigest: hexToBytes(RISC0_SYSTEM_STATE_ZERO_DIGEST, 32),
    exitCode: { system: 0, user: 0 },
    input: ZERO32,
    output: risc0OutputDigest({ journalDigest: abytes(journalDigest, 32, 'journalDigest'), assumptionsDigest: ZERO32 }),
  };
}

/**
 * `ReceiptClaimLib.digest`: tag "risc0.ReceiptClaim", down [input, pre, post, output], data
 * uint32le(system) ‖ uint32le(user).
 * @example risc0ReceiptClaimDigest(risc0ReceiptClaimOk(imageId, sha256(journal)))
 */
export function risc0ReceiptClaimDigest(claim: Risc0ReceiptClaim): Uint8Array {
  const { system, user } = claim.exitCode;
  if (system !== 0 && system !== 1 && system !== 2) throw new InputError(`"exitCode.system" expected 0, 1 or 2, got ${String(system)}`);
  if (!Number.isInteger(user) || user < 0 || user > 0xff) throw new InputError(`"exitCode.user" expected a uint8, got ${user}`);
  return risc0TaggedStruct(
    'risc0.ReceiptClaim',
    [
      abytes(claim.input, 32, 'input'),
      abytes(claim.preStateDigest, 32, 'preStateDigest'),
      abytes(claim.postStateDigest, 32, 'postStateDigest'),
      abytes(claim.output, 32, 'output'),
    ],
    concatBytes(u32le(system), u32le(user)),
  );
}

/**
 * `splitDigest`: the digest byte-reversed as a uint256, its low and high 128 bits; that is,
 * bytes 0–15 and bytes 16–31 each read little-endian.
 */
export function risc0SplitDigest(digest: Uint8Array): readonly [bigint, bigint] {
  abytes(digest, 32, 'digest');
  const le = (from: number): bigint => bytesToBigInt(digest.slice(from, from + 16).reverse());
  return [le(0), le(16)];
}

// ---- the verifier's parameters --------------------------------------------------------------------

/** `verifier_key_digest()`: tag "risc0_groth16.VerifyingKey", down [α, β, γ, δ, IC list]. */
export function risc0VerifierKeyDigest(vk: Risc0Groth16SolidityKey): Uint8Array {
  const packed = (...values: bigint[]): Uint8Array => sha256(concatBytes(...values.map(word)));
  return risc0TaggedStruct('risc0_groth16.VerifyingKey', [
    packed(vk.alphax, vk.alphay),
    packed(vk.betax1, vk.betax2, vk.betay1, vk.betay2),
    packed(vk.gammax1, vk.gammax2, vk.gammay1, vk.gammay2),
    packed(vk.deltax1, vk.deltax2, vk.deltay1, vk.deltay2),
    risc0TaggedList('risc0_groth16.VerifyingKey.IC', vk.ic.map(([x, y]) => packed(x, y))),
  ]);
}

/**
 * The constructor's verifier parameters digest: tag "risc0.Groth16ReceiptVerifierParameters",
 * down [controlRoot, reverse(bn254ControlId), verifierKeyDigest]. Its first 4 bytes are SELECTOR.
 * @example bytesToHex(risc0VerifierParametersDigest(RISC0_GROTH16_RELEASES['v3.0']).slice(0, 4)) // '0x73c457ba'
 */
export function risc0VerifierParametersDigest(params: Risc0Groth16Params): Uint8Array {
  const controlRoot = hexToBytes(params.controlRoot, 32, 'controlRoot');
  const controlId = hexToBytes(params.bn254ControlId, 32, 'bn254ControlId');
  return risc0TaggedStruct('risc0.Groth16ReceiptVerifierParameters', [
    controlRoot,
    controlId.slice().reverse(),
    risc0VerifierKeyDigest(params.vk),
  ]);
}

/** snarkjs's Solidity constants as src/zk/groth16.ts's key, every point checked. */
function groth16Key(vk: Risc0Groth16SolidityKey): Groth16VerificationKey {
  if (!Array.isArray(vk.ic) || vk.ic.length !== PUBLIC_INPUTS + 1) {
    throw new VerificationError('ZK_VKEY_INVALID', `the RISC Zero key must hold ${PUBLIC_INPUTS + 1} IC points`, {
      expected: `${PUBLIC_INPUTS + 1}`,
      got: `${Array.isArray(vk.ic) ? vk.ic.length : typeof vk.ic}`,
    });
  }
  // x1/y1 are the imaginary parts, x2/y2 the real ones: [c0, c1] = [x2, x1].
  const g2 = (x1: bigint, x2: bigint, y1: bigint, y2: bigint, title: string): G2 => g2FromAffine([x2, x1], [y2, y1], title);
  const alpha = g1FromAffine(vk.alphax, vk.alphay, 'vk.alpha');
  const beta = g2(vk.betax1, vk.betax2, vk.betay1, vk.betay2, 'vk.beta');
  const ic: G1[] = vk.ic.map(([x, y], i) => g1FromAffine(x, y, `vk.IC${i}`));
  return {
    nPublic: PUBLIC_INPUTS,
    alpha,
    beta,
    gamma: g2(vk.gammax1, vk.gammax2, vk.gammay1, vk.gammay2, 'vk.gamma'),
    delta: g2(vk.deltax1, vk.deltax2, vk.deltay1, vk.deltay2, 'vk.delta'),
    ic,
    alphaBeta: millerValue([[alpha, beta]]),
  };
}

/** A RiscZeroGroth16Verifier as deployed: its selector, public-input constants and checked key. */
export interface Risc0Groth16Verifier {
  readonly params: Risc0Groth16Params;
  readonly parametersDigest: Uint8Array;
  /** SELECTOR: the parameters digest's first 4 bytes. */
  readonly selector: Uint8Array;
  /** CONTROL_ROOT_0, CONTROL_ROOT_1 as public inputs. */
  readonly controlRoot: readonly [bigint, bigint];
  readonly bn254ControlId: bigint;
  readonly key: Groth16VerificationKey;
}

const PREPARED = /* @__PURE__ */ new WeakMap<Risc0Groth16Params, Risc0Groth16Verifier>();

/**
 * The verifier the contract's constructor builds from `params` (selector, control root halves),
 * with the key's points checked once. A BN254 control id ≥ r (which no proof can match: the
 * contract's checkField refuses it) is ZK_FIELD_OUT_OF_RANGE. Cached per params object.
 * @example const v = risc0Groth16Verifier(RISC0_GROTH16_RELEASES['v3.0'])
 */
export function risc0Groth16Verifier(params: Risc0Groth16Params): Risc0Groth16Verifier {
  const cached = PREPARED.get(params);
  if (cached) return cached;
  const parametersDigest = risc0VerifierParametersDigest(params);
  const bn254ControlId = bytesToBigInt(hexToBytes(params.bn254ControlId, 32, 'bn254ControlId'));
  if (bn254ControlId >= SCALAR_MODULUS) {
    throw new VerificationError('ZK_FIELD_OUT_OF_RANGE', '"bn254ControlId" is not below the scalar field modulus r', {
      expected: `< ${SCALAR_MODULUS}`,
      got: bn254ControlId.toString(),
    });
  }
  const verifier: Risc0Groth16Verifier = {
    params,
    parametersDigest,
    selector: parametersDigest.slice(0, SELECTOR_LENGTH),
    controlRoot: risc0SplitDigest(hexToBytes(params.controlRoot, 32, 'controlRoot')),
    bn254ControlId,
    key: groth16Key(params.vk),
  };
  PREPARED.set(params, verifier);
  return verifier;
}

// ---- the seal -------------------------------------------------------------------------------------

/** selector ‖ Seal{a, b, c}: eight 32-byte words. */
export const RISC0_GROTH16_SEAL_LENGTH = SELECTOR_LENGTH + 8 * 32;

export interface Risc0Groth16Seal {
  readonly selector: Uint8Array;
  readonly proof: Groth16Proof;
}

/**
 * The seal: a 4-byte selector and the ABI-encoded `Seal` (a.x a.y, b.x.c1 b.x.c0 b.y.c1 b.y.c0,
 * c.x c.y). Not a 260-byte Uint8Array: InputError. A coordinate ≥ p, a point off the curve (B off
 * the order-r subgroup) or at infinity: VerificationError (ZK_*). The selector is not judged here.
 * @example parseRisc0Groth16Seal(seal).proof
 */
export function parseRisc0Groth16Seal(seal: Uint8Array): Risc0Groth16Seal {
  abytes(seal, RISC0_GROTH16_SEAL_LENGTH, 'seal');
  // The Seal is gnark's Solidity proof layout (snarkjs-exported verifier, the same eight words).
  return { selector: seal.slice(0, SELECTOR_LENGTH), proof: parseGnarkGroth16Proof(seal.subarray(SELECTOR_LENGTH)) };
}

// ---- verification ---------------------------------------------------------------------------------

/** A receipt as `verify(seal, imageId, journalDigest)` takes it, or with the journal itself. */
export type Risc0Receipt =
  | { readonly seal: Uint8Array; readonly imageId: Uint8Array; readonly journalDigest: Uint8Array; readonly journal?: undefined }
  | { readonly seal: Uint8Array; readonly imageId: Uint8Array; readonly journal: Uint8Array; readonly journalDigest?: undefined };

/** What a verification used: what a caller may log or compare. */
export interface Risc0Groth16Checked {
  readonly journalDigest: Uint8Array;
  readonly claimDigest: Uint8Array;
  readonly publicInputs: readonly bigint[];
  readonly proof: Groth16Proof;
}

/**
 * `_verifyIntegrity(seal, claimDigest)`: selector, then the seal, then the pairing check with
 * public inputs [CONTROL_ROOT_0, CONTROL_ROOT_1, claim₀, claim₁, BN254_CONTROL_ID]. Throws
 * VerificationError: RISC0_SELECTOR_MISMATCH, ZK_FIELD_OUT_OF_RANGE / ZK_POINT_* (the seal's
 * points), ZK_PROOF_INVALID (the pairing check). InputError for a seal that is not 260 bytes.
 * @example verifyRisc0Groth16Integrity(seal, claimDigest, risc0Groth16Verifier(RISC0_GROTH16_RELEASES['v3.0']))
 */
export function verifyRisc0Groth16Integrity(
  seal: Uint8Array,
  claimDigest: Uint8Array,
  verifier: Risc0Groth16Verifier | Risc0Groth16Params,
): Omit<Risc0Groth16Checked, 'journalDigest'> {
  abytes(seal, undefined, 'seal');
  abytes(claimDigest, 32, 'claimDigest');
  const v = 'key' in verifier ? verifier : risc0Groth16Verifier(verifier);
  // The contract reads seal[:4] first (and reverts on a shorter seal).
  if (seal.length < SELECTOR_LENGTH) abytes(seal, RISC0_GROTH16_SEAL_LENGTH, 'seal');
  if (!equalBytes(seal.subarray(0, SELECTOR_LENGTH), v.selector)) {
    throw new VerificationError('RISC0_SELECTOR_MISMATCH', "the seal's selector is not this verifier's", {
      expected: bytesToHex(v.selector),
      got: bytesToHex(seal.subarray(0, SELECTOR_LENGTH)),
    });
  }
  const { proof } = parseRisc0Groth16Seal(seal);
  const [claim0, claim1] = risc0SplitDigest(claimDigest);
  const publicInputs = [v.controlRoot[0], v.controlRoot[1], claim0, claim1, v.bn254ControlId];
  verifyGroth16(v.key, proof, publicInputs);
  return { claimDigest, publicInputs, proof };
}

/**
 * `RiscZeroGroth16Verifier.verify(seal, imageId, journalDigest)`: the receipt of a halted run
 * (exit 0, no assumptions) of `imageId` committing the journal. `journal` is hashed with sha256;
 * give one of `journal` and `journalDigest`. Throws as verifyRisc0Groth16Integrity. Pure.
 * @example verifyRisc0Groth16Receipt({ seal, imageId, journal }, RISC0_GROTH16_RELEASES['v3.0'])
 */
export function verifyRisc0Groth16Receipt(
  receipt: Risc0Receipt,
  params: Risc0Groth16Params | Risc0Groth16Verifier = RISC0_GROTH16_RELEASES['v3.0'],
): Risc0Groth16Checked {
  if (typeof receipt !== 'object' || receipt === null) throw new InputError(`"receipt" expected an object, got ${typeof receipt}`);
  const { seal, imageId, journal, journalDigest } = receipt;
  abytes(seal, undefined, 'seal');
  abytes(imageId, 32, 'imageId');
  if ((journal === undefined) === (journalDigest === undefined)) {
    throw new InputError('"receipt" expected exactly one of "journal" and "journalDigest"');
  }
  const digest = journal !== undefined ? sha256(abytes(journal, undefined, 'journal')) : abytes(journalDigest, 32, 'journalDigest');
  const claimDigest = risc0ReceiptClaimDigest(risc0ReceiptClaimOk(imageId, digest));
  return { journalDigest: digest, ...verifyRisc0Groth16Integrity(seal, claimDigest, params) };
}
