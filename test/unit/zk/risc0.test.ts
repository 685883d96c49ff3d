/**
 * RISC Zero Groth16 receipts (src/zk/risc0.ts) on real data (test/fixtures/risc0, NOTICE.md):
 * risc0-ethereum's test receipts of the four Groth16 verifier releases 2.0, 2.1, 2.2 and 3.0,
 * their ControlID.sol, and selector.rs's verifier parameters digests, which commit to the control
 * root, the BN254 control id and the verifying key: a digest that matches proves all three.
 *
 * Not run here: the Solidity verifier itself (its Groth16Verifier.sol is GPL-3.0 and not copied).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import { FIELD_MODULUS, SCALAR_MODULUS } from '../../../src/zk/curve.ts';
import {
  parseRisc0Groth16Seal,
  RISC0_GROTH16_RELEASES,
  RISC0_GROTH16_SEAL_LENGTH,
  RISC0_GROTH16_VK,
  RISC0_SYSTEM_STATE_ZERO_DIGEST,
  type Risc0Groth16Params,
  type Risc0Groth16Version,
  type Risc0ReceiptClaim,
  risc0Groth16Verifier,
  risc0OutputDigest,
  risc0ReceiptClaimDigest,
  risc0ReceiptClaimOk,
  risc0SplitDigest,
  risc0SystemStateDigest,
  risc0TaggedList,
  risc0TaggedStruct,
  risc0VerifierParametersDigest,
  verifyRisc0Groth16Integrity,
  verifyRisc0Groth16Receipt,
} from '../../../src/zk/risc0.ts';

const FIXTURES = new URL('../../fixtures/risc0/', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

/** `NAME = hex"…"` of a Solidity library. */
function solidityHex(source: string, name: string): Uint8Array {
  const m = new RegExp(`\\b${name}\\s*=\\s*hex"([0-9a-fA-F]*)"`).exec(source);
  if (!m) throw new Error(`no constant ${name}`);
  return hexToBytes(`0x${m[1]}`);
}

const VERSIONS = Object.keys(RISC0_GROTH16_RELEASES) as Risc0Groth16Version[];
const fileSuffix = (v: Risc0Groth16Version) => v.replace('.', '_'); // 'v3.0' → 'v3_0'

interface Receipt {
  version: Risc0Groth16Version;
  seal: Uint8Array;
  journal: Uint8Array;
  imageId: Uint8Array;
}
const receipt = (v: Risc0Groth16Version): Receipt => {
  const source = text(`TestReceipt${fileSuffix(v).toUpperCase()}.sol`);
  return { version: v, seal: solidityHex(source, 'SEAL'), journal: solidityHex(source, 'JOURNAL'), imageId: solidityHex(source, 'IMAGE_ID') };
};
const RECEIPTS = VERSIONS.map(receipt);
const V3 = receipt('v3.0');
const V3_PARAMS = RISC0_GROTH16_RELEASES['v3.0'];

/** selector.rs: `Selector::Groth16V3_0 => Ok(Digest::from_hex("…"))` and `Groth16V3_0 = 0x73c457ba`. */
function selectorRs(v: Risc0Groth16Version): { selector: string; digest: string } {
  const source = text('selector.rs');
  const name = `Groth16V${fileSuffix(v).slice(1).toUpperCase()}`;
  const selector = new RegExp(`\\b${name} = (0x[0-9a-f]{8}),`).exec(source)?.[1];
  const digest = new RegExp(`Selector::${name} => Ok\\(Digest::from_hex\\(\\s*"([0-9a-f]{64})"`).exec(source)?.[1];
  if (!selector || !digest) throw new Error(`selector.rs has no ${name}`);
  return { selector, digest: `0x${digest}` };
}

/** The verdict as a string: 'ok', a VerificationError code, or 'INPUT' for InputError. */
function verdict(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    if (error instanceof InputError) return 'INPUT';
    throw error;
  }
}

const flip = (bytes: Uint8Array, i: number, bit = 1): Uint8Array => {
  const out = bytes.slice();
  out[i]! ^= bit;
  return out;
};
const hex32 = (v: bigint) => hexToBytes(`0x${v.toString(16).padStart(64, '0')}`, 32);

describe('parameters: ControlID.sol and selector.rs of each release', () => {
  it.each(VERSIONS)('%s: control root and BN254 control id are ControlID.sol’s', (v) => {
    const source = text(`ControlID.${fileSuffix(v)}.sol`);
    expect(RISC0_GROTH16_RELEASES[v].controlRoot).toBe(bytesToHex(solidityHex(source, 'CONTROL_ROOT')));
    expect(RISC0_GROTH16_RELEASES[v].bn254ControlId).toBe(bytesToHex(solidityHex(source, 'BN254_CONTROL_ID')));
  });

  it.each(VERSIONS)('%s: the verifier parameters digest is selector.rs’s, and its selector prefixes the release’s seal', (v) => {
    const { selector, digest } = selectorRs(v);
    expect(bytesToHex(risc0VerifierParametersDigest(RISC0_GROTH16_RELEASES[v]))).toBe(digest);
    const verifier = risc0Groth16Verifier(RISC0_GROTH16_RELEASES[v]);
    expect(bytesToHex(verifier.selector)).toBe(selector);
    expect(bytesToHex(receipt(v).seal.subarray(0, 4))).toBe(selector);
  });

  it('v3.0’s selector is 0x73c457ba (RiscZeroGroth16Verifier.t.sol testSelectorIsStable)', () => {
    expect(bytesToHex(risc0Groth16Verifier(V3_PARAMS).selector)).toBe('0x73c457ba');
  });

  it('any change to the key, control root or control id changes the selector', () => {
    const base = bytesToHex(risc0Groth16Verifier(V3_PARAMS).selector);
    const other = (params: Risc0Groth16Params) => bytesToHex(risc0VerifierParametersDigest(params).slice(0, 4));
    expect(other({ ...V3_PARAMS, controlRoot: bytesToHex(flip(hexToBytes(V3_PARAMS.controlRoot), 31)) })).not.toBe(base);
    expect(other({ ...V3_PARAMS, bn254ControlId: bytesToHex(flip(hexToBytes(V3_PARAMS.bn254ControlId), 0)) })).not.toBe(base);
    expect(other({ ...V3_PARAMS, vk: { ...RISC0_GROTH16_VK, deltay2: RISC0_GROTH16_VK.deltay2 ^ 1n } })).not.toBe(base);
    expect(other({ ...V3_PARAMS, vk: { ...RISC0_GROTH16_VK, ic: RISC0_GROTH16_VK.ic.slice(0, 5) } })).not.toBe(base);
  });
});

describe('struct hashing (IRiscZeroVerifier.sol, StructHash.sol)', () => {
  it('SystemState{pc 0, root 0} is ReceiptClaimLib.SYSTEM_STATE_ZERO_DIGEST', () => {
    expect(bytesToHex(risc0SystemStateDigest({ pc: 0, merkleRoot: new Uint8Array(32) }))).toBe(RISC0_SYSTEM_STATE_ZERO_DIGEST);
  });

  it('taggedStruct is sha256(sha256(tag) ‖ down ‖ data ‖ uint16le(len)); taggedList folds from the end', () => {
    const a = sha256(Uint8Array.of(1));
    const b = sha256(Uint8Array.of(2));
    const tag = sha256(new TextEncoder().encode('t'));
    const manual = sha256(new Uint8Array([...tag, ...a, ...b, 7, 0, 0, 0, 2, 0]));
    expect(bytesToHex(risc0TaggedStruct('t', [a, b], Uint8Array.of(7, 0, 0, 0)))).toBe(bytesToHex(manual));
    expect(bytesToHex(risc0TaggedList('t', []))).toBe(bytesToHex(new Uint8Array(32)));
    const inner = risc0TaggedStruct('t', [b, new Uint8Array(32)]);
    expect(bytesToHex(risc0TaggedList('t', [a, b]))).toBe(bytesToHex(risc0TaggedStruct('t', [a, inner])));
  });

  it('ReceiptClaim.ok: pre = imageId, zero post state, (Halted, 0), no input, Output{sha256(journal), 0}', () => {
    const claim = risc0ReceiptClaimOk(V3.imageId, sha256(V3.journal));
    expect(bytesToHex(claim.preStateDigest)).toBe(bytesToHex(V3.imageId));
    expect(bytesToHex(claim.postStateDigest)).toBe(RISC0_SYSTEM_STATE_ZERO_DIGEST);
    expect(claim.exitCode).toEqual({ system: 0, user: 0 });
    expect(bytesToHex(claim.output)).toBe(
      bytesToHex(risc0OutputDigest({ journalDigest: sha256(V3.journal), assumptionsDigest: new Uint8Array(32) })),
    );
  });

  it('splitDigest is reverseByteOrderUint256’s low and high 128 bits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (d) => {
        const reversed = BigInt(bytesToHex(d.slice().reverse()));
        const mask = (1n << 128n) - 1n;
        expect(risc0SplitDigest(d)).toEqual([reversed & mask, reversed >> 128n]);
      }),
    );
  });
});

describe('real receipts verify', () => {
  it.each(RECEIPTS.map((r) => [r.version, r] as const))('%s: seal + journal + image id', (_v, r) => {
    const params = RISC0_GROTH16_RELEASES[r.version];
    const checked = verifyRisc0Groth16Receipt({ seal: r.seal, imageId: r.imageId, journal: r.journal }, params);
    expect(bytesToHex(checked.journalDigest)).toBe(bytesToHex(sha256(r.journal)));
    expect(checked.publicInputs).toHaveLength(5);
    expect(checked.publicInputs[4]).toBe(BigInt(params.bn254ControlId));
    // the same with the journal digest, and as verifyIntegrity with the claim digest
    expect(verdict(() => verifyRisc0Groth16Receipt({ seal: r.seal, imageId: r.imageId, journalDigest: sha256(r.journal) }, params))).toBe('ok');
    expect(verdict(() => verifyRisc0Groth16Integrity(r.seal, checked.claimDigest, risc0Groth16Verifier(params)))).toBe('ok');
  });

  it('v3.0 is the default release', () => {
    expect(verdict(() => verifyRisc0Groth16Receipt({ seal: V3.seal, imageId: V3.imageId, journal: V3.journal }))).toBe('ok');
  });

  it('a receipt of another release is refused by its selector, naming both', () => {
    const v22 = receipt('v2.2');
    let error: unknown;
    try {
      verifyRisc0Groth16Receipt({ seal: v22.seal, imageId: v22.imageId, journal: v22.journal }, V3_PARAMS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VerificationError);
    expect((error as VerificationError).code).toBe('RISC0_SELECTOR_MISMATCH');
    expect((error as VerificationError).shortMessage).toBe("the seal's selector is not this verifier's: expected 0x73c457ba, got 0xbb001d44");
  });
});

describe('one changed byte is refused', () => {
  const run = (over: Partial<Receipt>) => verdict(() => verifyRisc0Groth16Receipt({ seal: V3.seal, imageId: V3.imageId, journal: V3.journal, ...over }, V3_PARAMS));

  it('every byte of the seal: the selector’s by RISC0_SELECTOR_MISMATCH, the proof’s by a ZK_* code', () => {
    const verdicts = new Map<string, number>();
    for (let i = 0; i < V3.seal.length; i++) {
      const v = run({ seal: flip(V3.seal, i) });
      if (i < 4) expect(v).toBe('RISC0_SELECTOR_MISMATCH');
      else expect(v).toMatch(/^ZK_/);
      verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
    }
    expect(verdicts.get('ok')).toBeUndefined();
  });

  it('every byte of the journal and of the image id: ZK_PROOF_INVALID', () => {
    for (let i = 0; i < V3.journal.length; i++) expect(run({ journal: flip(V3.journal, i) })).toBe('ZK_PROOF_INVALID');
    for (let i = 0; i < 32; i++) expect(run({ imageId: flip(V3.imageId, i, 0x80) })).toBe('ZK_PROOF_INVALID');
    expect(run({ journal: new Uint8Array([...V3.journal, 0]) })).toBe('ZK_PROOF_INVALID');
    expect(run({ journal: V3.journal.subarray(1) })).toBe('ZK_PROOF_INVALID');
  });

  it('the claim fields of RiscZeroGroth16Verifier.t.sol testVerifyMangledReceipts', () => {
    const good = risc0ReceiptClaimOk(V3.imageId, sha256(V3.journal));
    const integrity = (claim: Risc0ReceiptClaim) => verdict(() => verifyRisc0Groth16Integrity(V3.seal, risc0ReceiptClaimDigest(claim), V3_PARAMS));
    expect(integrity(good)).toBe('ok');
    expect(integrity({ ...good, preStateDigest: flip(good.preStateDigest, 31) })).toBe('ZK_PROOF_INVALID');
    expect(integrity({ ...good, postStateDigest: flip(good.postStateDigest, 31) })).toBe('ZK_PROOF_INVALID');
    expect(integrity({ ...good, exitCode: { system: 2, user: 0 } })).toBe('ZK_PROOF_INVALID');
    expect(integrity({ ...good, exitCode: { system: 0, user: 1 } })).toBe('ZK_PROOF_INVALID');
    expect(integrity({ ...good, input: flip(good.input, 31) })).toBe('ZK_PROOF_INVALID');
    expect(integrity({ ...good, output: flip(good.output, 31) })).toBe('ZK_PROOF_INVALID');
    const digest = risc0ReceiptClaimDigest(good);
    expect(verdict(() => verifyRisc0Groth16Integrity(V3.seal, flip(digest, 31), V3_PARAMS))).toBe('ZK_PROOF_INVALID');
    expect(verdict(() => verifyRisc0Groth16Integrity(V3.seal, flip(digest, 0, 0x80), V3_PARAMS))).toBe('ZK_PROOF_INVALID');
  });

  it('another release’s parameters with the selector forced to match: the control root is a public input', () => {
    const v22 = risc0Groth16Verifier(RISC0_GROTH16_RELEASES['v2.2']);
    const seal = V3.seal.slice();
    seal.set(v22.selector, 0);
    expect(run({ seal })).toBe('RISC0_SELECTOR_MISMATCH');
    expect(verdict(() => verifyRisc0Groth16Receipt({ seal, imageId: V3.imageId, journal: V3.journal }, v22))).toBe('ZK_PROOF_INVALID');
  });

  it('a coordinate + p (same residue, not canonical) is ZK_FIELD_OUT_OF_RANGE; A at infinity ZK_POINT_AT_INFINITY', () => {
    const seal = V3.seal.slice();
    const ax = BigInt(bytesToHex(seal.subarray(4, 36)));
    seal.set(hex32(ax + FIELD_MODULUS), 4);
    expect(run({ seal })).toBe('ZK_FIELD_OUT_OF_RANGE');
    const zeroA = V3.seal.slice();
    zeroA.fill(0, 4, 68);
    expect(run({ seal: zeroA })).toBe('ZK_POINT_AT_INFINITY');
  });
});

describe('malformed input', () => {
  it('the seal parser refuses every seal of another length (InputError) and random 260 bytes (ZK_*)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        fc.pre(bytes.length !== RISC0_GROTH16_SEAL_LENGTH);
        expect(() => parseRisc0Groth16Seal(bytes)).toThrow(InputError);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: RISC0_GROTH16_SEAL_LENGTH, maxLength: RISC0_GROTH16_SEAL_LENGTH }), (bytes) => {
        // a random x has a point on y² = x³ + 3 about half the time, but a random (x, y) almost never
        expect(verdict(() => parseRisc0Groth16Seal(bytes))).toMatch(/^ZK_(FIELD_OUT_OF_RANGE|POINT_NOT_ON_CURVE|POINT_AT_INFINITY)$/);
      }),
    );
  });

  it('the real seal with any one word replaced is refused, never accepted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (i, value) => {
        const seal = V3.seal.slice();
        const old = BigInt(bytesToHex(seal.subarray(4 + 32 * i, 36 + 32 * i)));
        fc.pre(value !== old);
        seal.set(hex32(value), 4 + 32 * i);
        expect(verdict(() => verifyRisc0Groth16Receipt({ seal, imageId: V3.imageId, journal: V3.journal }, V3_PARAMS))).toMatch(/^ZK_/);
      }),
      { numRuns: 40 },
    );
  });

  it('receipt shapes: InputError', () => {
    const r = { seal: V3.seal, imageId: V3.imageId };
    expect(verdict(() => verifyRisc0Groth16Receipt({ ...r, journal: V3.journal, journalDigest: sha256(V3.journal) } as never))).toBe('INPUT');
    expect(verdict(() => verifyRisc0Groth16Receipt(r as never))).toBe('INPUT');
    expect(verdict(() => verifyRisc0Groth16Receipt({ ...r, imageId: V3.imageId.subarray(1), journal: V3.journal }))).toBe('INPUT');
    expect(verdict(() => verifyRisc0Groth16Receipt({ ...r, journalDigest: new Uint8Array(31) }))).toBe('INPUT');
    expect(verdict(() => verifyRisc0Groth16Receipt({ ...r, seal: V3.seal.subarray(0, 3), journal: V3.journal }))).toBe('INPUT');
    expect(verdict(() => verifyRisc0Groth16Receipt({ ...r, seal: new Uint8Array([...V3.seal, 0]), journal: V3.journal }))).toBe('INPUT');
    expect(verdict(() => verifyRisc0Groth16Receipt({ ...r, seal: V3.seal.subarray(0, 259), journal: V3.journal }))).toBe('INPUT');
    expect(verdict(() => verifyRisc0Groth16Receipt({ ...r, seal: '0x00' as never, journal: V3.journal }))).toBe('INPUT');
  });

  it('parameters: a control id ≥ r, an IC list of another length, a key written in the other Fp2 order', () => {
    expect(verdict(() => risc0Groth16Verifier({ ...V3_PARAMS, bn254ControlId: bytesToHex(hex32(SCALAR_MODULUS)) }))).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(verdict(() => risc0Groth16Verifier({ ...V3_PARAMS, vk: { ...RISC0_GROTH16_VK, ic: RISC0_GROTH16_VK.ic.slice(1) } }))).toBe('ZK_VKEY_INVALID');
    const k = RISC0_GROTH16_VK;
    const swapped = { ...k, betax1: k.betax2, betax2: k.betax1, betay1: k.betay2, betay2: k.betay1 };
    expect(verdict(() => risc0Groth16Verifier({ ...V3_PARAMS, vk: swapped }))).toMatch(/^ZK_POINT_NOT_(ON_CURVE|IN_SUBGROUP)$/);
    expect(verdict(() => risc0Groth16Verifier({ ...V3_PARAMS, controlRoot: '0x1234' }))).toBe('INPUT');
  });
});

describe("verifyZkProof('risc0'): the front door a rollup follower hands a leg to (Taiko)", () => {
  it.each(VERSIONS)('%s: the real receipt verifies; another journal digest or image does not; an unknown release is InputError', async (v) => {
    const { verifyZkProof } = await import('../../../src/zk/index.ts');
    const r = receipt(v);
    const key = { release: v, imageId: bytesToHex(r.imageId) };
    const digest = bytesToHex(sha256(r.journal));
    expect(verifyZkProof('risc0', key, bytesToHex(r.seal), [digest])).toEqual({ valid: true });
    expect(verifyZkProof('risc0', key, bytesToHex(r.seal), [bytesToHex(flip(sha256(r.journal), 0))]).valid).toBe(false);
    expect(verifyZkProof('risc0', { ...key, imageId: bytesToHex(flip(r.imageId, 31)) }, bytesToHex(r.seal), [digest]).valid).toBe(false);
    expect(() => verifyZkProof('risc0', { ...key, release: 'v9.9' }, bytesToHex(r.seal), [digest])).toThrow(InputError);
  });
});
