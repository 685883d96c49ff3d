/**
 * gnark Groth16 keys and SP1's Groth16 proofs (src/zk/gnark-groth16.ts, src/zk/sp1.ts) on real
 * data (test/fixtures/sp1, NOTICE.md): SP1's gnark keys of four releases, the Solidity verifiers
 * exported from them, and proofs of SP1's Fibonacci template for v4.0.0-rc.3 and v6.0.0.
 *
 * References run offline here: the released SP1VerifierGroth16.sol itself (solc-js + the
 * @ethereumjs/evm BN254 precompiles, ./solidity-evm.ts) and snarkjs 0.7 on the same key and proof in
 * its JSON form. sp1's Rust verifier (crates/verifier) would need crates.io: not run.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { sha256 } from '../../../src/crypto/sha256.ts';
import type { G1, G2 } from '../../../src/zk/curve.ts';
import { parseGnarkGroth16Proof, parseGnarkGroth16VerifyingKey, parseGnarkSolidityVerifyingKey } from '../../../src/zk/gnark-groth16.ts';
import { type Groth16Proof, type Groth16VerificationKey, verifyGroth16 } from '../../../src/zk/groth16.ts';
import { verifyZkProof } from '../../../src/zk/index.ts';
import {
  parseSp1Groth16Proof,
  SP1_GROTH16_RELEASES,
  type Sp1Groth16Version,
  sp1Groth16Verifier,
  sp1PublicValuesDigest,
  verifySp1Groth16,
} from '../../../src/zk/sp1.ts';
import { snarkjsVerdict } from './circom.ts';
import { type ReferenceVerifier, sp1ReferenceVerifier } from './solidity-evm.ts';

const FIXTURES = new URL('../../fixtures/sp1/', import.meta.url);
const bin = (path: string) => new Uint8Array(readFileSync(new URL(path, FIXTURES)));
const text = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');
const VERSIONS = Object.keys(SP1_GROTH16_RELEASES) as Sp1Groth16Version[];
/** Releases whose full Groth16Verifier.sol is kept (their proofs run through it); others keep the constants only. */
const FULL_SOLIDITY = new Set(['v4.0.0-rc.3', 'v6.0.0']);
const solidityKey = (v: string) => text(`${v}/Groth16Verifier${FULL_SOLIDITY.has(v) ? '' : '.constants'}.sol`);

interface Fixture {
  version: 'v4.0.0-rc.3' | 'v6.0.0';
  file: string;
  vkey: Uint8Array;
  publicValues: Uint8Array;
  proof: Uint8Array;
}
function fixture(version: Fixture['version'], file: string): Fixture {
  const json = JSON.parse(text(`${version}/${file}`));
  return { version, file, vkey: hexToBytes(json.vkey, 32), publicValues: hexToBytes(json.publicValues), proof: hexToBytes(json.proof) };
}
const FIXTURE_LIST: Fixture[] = [
  fixture('v6.0.0', 'fibonacci-groth16-fixture.json'),
  fixture('v4.0.0-rc.3', 'fibonacci-groth16-fixture.json'),
  fixture('v4.0.0-rc.3', 'fibonacci-groth16-fixture-sp1-4.0.0.json'),
];

const verifierFor = (v: Sp1Groth16Version) => sp1Groth16Verifier(v, bin(`${v}/groth16_vk.bin`));

/** The verdict as a string: 'ok', a VerificationError code, or 'INPUT' for InputError. */
function ours(f: Pick<Fixture, 'version'>, vkey: Uint8Array, publicValues: Uint8Array, proof: Uint8Array): string {
  try {
    verifySp1Groth16(verifierFor(f.version), vkey, publicValues, proof);
    return 'ok';
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    if (e instanceof InputError) return 'INPUT';
    throw e;
  }
}

/** Which contract errors each of our codes stands for. */
const CONTRACT_ERRORS: Record<string, string[]> = {
  ok: ['ok'],
  SP1_VERIFIER_SELECTOR_MISMATCH: ['WrongVerifierSelector'],
  SP1_EXIT_CODE_NONZERO: ['InvalidExitCode'],
  SP1_VK_ROOT_MISMATCH: ['InvalidVkRoot'],
  ZK_PROOF_INVALID: ['ProofInvalid'],
  // A proof point off the curve (or a coordinate ≥ p): the pairing precompile fails.
  ZK_POINT_NOT_ON_CURVE: ['ProofInvalid'],
  ZK_POINT_NOT_IN_SUBGROUP: ['ProofInvalid'],
  ZK_FIELD_OUT_OF_RANGE: ['ProofInvalid', 'PublicInputNotInField'],
};

const flip = (bytes: Uint8Array, i: number, mask = 1): Uint8Array => {
  const out = bytes.slice();
  out[i]! ^= mask;
  return out;
};
const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? x.toString() : x));
const pointsOf = ({ alphaBeta: _, ...rest }: Groth16VerificationKey) => json(rest);

describe('SP1 releases: the pinned table, the gnark keys and the Solidity verifiers agree', () => {
  it.each(VERSIONS)('%s: sha256(groth16_vk.bin) is VERIFIER_HASH(), VK_ROOT() is pinned', (v) => {
    const release = SP1_GROTH16_RELEASES[v];
    const contract = text(`${v}/SP1VerifierGroth16.sol`);
    const returned = (fn: string) => contract.match(new RegExp(`function ${fn}\\(\\)[^{]*\\{\\s*return (0x[0-9a-f]{64});`))?.[1] ?? null;
    expect(returned('VERIFIER_HASH')).toBe(release.verifierHash);
    expect(returned('VK_ROOT')).toBe(release.vkRoot);
    expect(contract).toContain(`return "${v}";`);
    expect(bytesToHex(sha256(bin(`${v}/groth16_vk.bin`)))).toBe(release.verifierHash);
  });

  it.each(VERSIONS)("%s: the binary key (decompressed) is the Solidity export's, point for point", (v) => {
    const fromBinary = parseGnarkGroth16VerifyingKey(bin(`${v}/groth16_vk.bin`));
    const fromSolidity = parseGnarkSolidityVerifyingKey(solidityKey(v));
    expect(fromBinary.nPublic).toBe(SP1_GROTH16_RELEASES[v].vkRoot === null ? 2 : 5);
    expect(pointsOf(fromBinary)).toBe(pointsOf(fromSolidity));
  });

  it("v6.1.0's key verifies the SP1 v6 wrapper proof already kept in snarkjs JSON (test/fixtures/groth16/sp1-arithmetic)", () => {
    const dir = new URL('../../fixtures/groth16/sp1-arithmetic/', import.meta.url);
    const load = (name: string) => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
    const signals = (load('public.json') as string[]).map(BigInt);
    expect(signals[3]).toBe(BigInt(SP1_GROTH16_RELEASES['v6.1.0'].vkRoot));
    const key = parseGnarkGroth16VerifyingKey(bin('v6.1.0/groth16_vk.bin'));
    const proof = load('proof.json');
    const p: Groth16Proof = {
      a: { x: BigInt(proof.pi_a[0]), y: BigInt(proof.pi_a[1]) },
      b: { x: { c0: BigInt(proof.pi_b[0][0]), c1: BigInt(proof.pi_b[0][1]) }, y: { c0: BigInt(proof.pi_b[1][0]), c1: BigInt(proof.pi_b[1][1]) } },
      c: { x: BigInt(proof.pi_c[0]), y: BigInt(proof.pi_c[1]) },
    };
    expect(() => verifyGroth16(key, p, signals)).not.toThrow();
    expect(() => verifyGroth16(parseGnarkGroth16VerifyingKey(bin('v6.0.0/groth16_vk.bin')), p, signals)).toThrow(VerificationError);
  });
});

describe.each(FIXTURE_LIST)('SP1 $version proof ($file)', (f) => {
  let reference: ReferenceVerifier;
  beforeAll(async () => {
    reference = await sp1ReferenceVerifier(f.version);
  });
  const both = async (vkey: Uint8Array, publicValues: Uint8Array, proof: Uint8Array) => {
    const mine = ours(f, vkey, publicValues, proof);
    const theirs = await reference.verify(vkey, publicValues, proof);
    expect(CONTRACT_ERRORS[mine] ?? [], `ours ${mine}, the contract ${theirs}`).toContain(theirs);
    return mine;
  };

  it('verifies, as with the released Solidity verifier', async () => {
    expect(await both(f.vkey, f.publicValues, f.proof)).toBe('ok');
    const checked = verifySp1Groth16(verifierFor(f.version), f.vkey, f.publicValues, f.proof);
    expect(checked.publicInputs[1]).toBe(sp1PublicValuesDigest(f.publicValues));
    expect(checked.publicInputs[1]! >> 253n).toBe(0n);
  });

  it('refuses a one-byte change anywhere in the proof bytes', () => {
    for (let i = 0; i < f.proof.length; i++) {
      expect(ours(f, f.vkey, f.publicValues, flip(f.proof, i)), `byte ${i}`).not.toBe('ok');
    }
    expect(ours(f, f.vkey, f.publicValues, flip(f.proof, 0))).toBe('SP1_VERIFIER_SELECTOR_MISMATCH');
  });

  it('refuses a changed proof, with the contract, byte by byte (selector, and three bytes of every word)', async () => {
    const positions = [0, 1, 2, 3];
    for (let w = 4; w < f.proof.length; w += 32) positions.push(w, w + 15, w + 31);
    for (const i of positions) expect(await both(f.vkey, f.publicValues, flip(f.proof, i)), `byte ${i}`).not.toBe('ok');
  });

  it('refuses changed public values or program vkey, with the contract', async () => {
    for (let i = 0; i < f.publicValues.length; i += 13) {
      expect(await both(f.vkey, flip(f.publicValues, i), f.proof)).toBe('ZK_PROOF_INVALID');
    }
    expect(await both(f.vkey, f.publicValues.subarray(1), f.proof)).toBe('ZK_PROOF_INVALID');
    for (const i of [0, 1, 16, 31]) expect(await both(flip(f.vkey, i), f.publicValues, f.proof)).toBe('ZK_PROOF_INVALID');
    // A program vkey ≥ r: publicInputMSM's range check, before the pairing.
    expect(await both(flip(f.vkey, 0, 0xf0), f.publicValues, f.proof)).toBe('ZK_FIELD_OUT_OF_RANGE');
  });

  it('refuses the proof for another release (selector), and another release key for this one', () => {
    const other: Sp1Groth16Version = f.version === 'v6.0.0' ? 'v6.1.0' : 'v5.0.0';
    expect(ours({ version: other as Fixture['version'] }, f.vkey, f.publicValues, f.proof)).toBe('SP1_VERIFIER_SELECTOR_MISMATCH');
    expect(() => sp1Groth16Verifier(f.version, bin(`${other}/groth16_vk.bin`))).toThrow(
      expect.objectContaining({ code: 'ZK_VKEY_INVALID' }),
    );
  });

  it('DIFF FROM THE CONTRACT: trailing bytes after the ABI body are refused (abi.decode ignores them)', async () => {
    const longer = new Uint8Array([...f.proof, 0]);
    expect(ours(f, f.vkey, f.publicValues, longer)).toBe('INPUT');
    expect(await reference.verify(f.vkey, f.publicValues, longer)).toBe('ok');
    expect(ours(f, f.vkey, f.publicValues, f.proof.subarray(0, f.proof.length - 1))).toBe('INPUT');
  });

  if (f.version === 'v6.0.0') {
    it('v6: a nonzero exit code, another vk root or another nonce are refused, with the contract', async () => {
      const word = (i: number, value: bigint) => {
        const out = f.proof.slice();
        out.set(hexToBytes(`0x${value.toString(16).padStart(64, '0')}`), 4 + 32 * i);
        return out;
      };
      expect(await both(f.vkey, f.publicValues, word(0, 1n))).toBe('SP1_EXIT_CODE_NONZERO');
      expect(await both(f.vkey, f.publicValues, word(1, BigInt(SP1_GROTH16_RELEASES['v6.1.0'].vkRoot)))).toBe('SP1_VK_ROOT_MISMATCH');
      expect(await both(f.vkey, f.publicValues, word(2, 1n))).toBe('ZK_PROOF_INVALID');
      const parts = parseSp1Groth16Proof(SP1_GROTH16_RELEASES['v6.0.0'], f.proof);
      expect([parts.exitCode, parts.vkRoot, parts.nonce]).toEqual([0n, BigInt(SP1_GROTH16_RELEASES['v6.0.0'].vkRoot), 0n]);
    });
  }

  it('verifies in snarkjs too, from the same key and proof in its JSON form', async () => {
    const key = parseGnarkGroth16VerifyingKey(bin(`${f.version}/groth16_vk.bin`));
    const { publicInputs, proof } = verifySp1Groth16(verifierFor(f.version), f.vkey, f.publicValues, f.proof);
    const g1 = (p: G1) => [p.x, p.y, 1n].map(String);
    const g2 = (q: G2) => [[q.x.c0, q.x.c1], [q.y.c0, q.y.c1], [1n, 0n]].map((c) => c.map(String));
    const vkJson = {
      protocol: 'groth16',
      curve: 'bn128',
      nPublic: key.nPublic,
      vk_alpha_1: g1(key.alpha),
      vk_beta_2: g2(key.beta),
      vk_gamma_2: g2(key.gamma),
      vk_delta_2: g2(key.delta),
      IC: key.ic.map(g1),
    };
    const proofJson = { protocol: 'groth16', curve: 'bn128', pi_a: g1(proof.a), pi_b: g2(proof.b), pi_c: g1(proof.c) };
    const signals = publicInputs.map(String);
    expect(verifyZkProof('groth16', vkJson, proofJson, signals)).toEqual({ valid: true });
    expect(await snarkjsVerdict('groth16', vkJson, signals, proofJson)).toBe(true);
    const changed = signals.map((s, i) => (i === 1 ? (BigInt(s) ^ 1n).toString() : s));
    expect(await snarkjsVerdict('groth16', vkJson, changed, proofJson)).toBe(false);
  });
});

describe('parsers refuse malformed input', () => {
  const v6 = SP1_GROTH16_RELEASES['v6.0.0'];
  const vk6 = bin('v6.0.0/groth16_vk.bin');

  it('proof bytes of any length but the ABI body are InputError, whatever they hold', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...VERSIONS), (bytes, v) => {
        const release = SP1_GROTH16_RELEASES[v];
        const expected = 4 + (release.vkRoot === null ? 0 : 96) + 256;
        fc.pre(bytes.length !== expected);
        expect(() => parseSp1Groth16Proof(release, bytes)).toThrow(InputError);
      }),
    );
  });

  it('proof bytes of the right length with the right selector never verify and fail only with typed errors', () => {
    const verifier = verifierFor('v6.0.0');
    const fx = FIXTURE_LIST[0]!;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 352, maxLength: 352 }), fc.boolean(), (body, keepHeader) => {
        const bytes = new Uint8Array(356);
        bytes.set(verifier.selector);
        bytes.set(body, 4);
        // Half the cases keep exit code 0 and v6's vk root, so that the points are reached.
        if (keepHeader) bytes.set(fx.proof.subarray(4, 100), 4);
        let code = 'ok';
        try {
          verifySp1Groth16(verifier, fx.vkey, fx.publicValues, bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(VerificationError);
          code = (e as VerificationError).code;
        }
        expect(code).not.toBe('ok');
        if (!keepHeader) expect(['SP1_EXIT_CODE_NONZERO', 'SP1_VK_ROOT_MISMATCH']).toContain(code);
      }),
      { numRuns: 200 },
    );
  });

  it('gnark proof words: off-curve points, coordinates ≥ p and points at infinity are VerificationErrors', () => {
    const proof = FIXTURE_LIST[0]!.proof.slice(100);
    expect(() => parseGnarkGroth16Proof(proof)).not.toThrow();
    const setWord = (i: number, value: bigint) => {
      const out = proof.slice();
      out.set(hexToBytes(`0x${value.toString(16).padStart(64, '0')}`), 32 * i);
      return out;
    };
    const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    const code = (bytes: Uint8Array) => {
      try {
        parseGnarkGroth16Proof(bytes);
        return 'ok';
      } catch (e) {
        return (e as VerificationError).code;
      }
    };
    expect(code(setWord(1, 1n))).toBe('ZK_POINT_NOT_ON_CURVE');
    expect(code(setWord(0, P))).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(code(setWord(1, 0n).fill(0, 0, 64))).toBe('ZK_POINT_AT_INFINITY');
    expect(code(proof.slice().fill(0, 64, 192))).toBe('ZK_POINT_AT_INFINITY');
    expect(() => parseGnarkGroth16Proof(proof.subarray(1))).toThrow(InputError);
  });

  it('gnark binary keys: truncations are InputError, arbitrary bytes give only typed errors', () => {
    for (let n = 0; n < vk6.length; n += 7) {
      if (n === 484) continue; // a whole key without the (optional) commitment counts
      expect(() => parseGnarkGroth16VerifyingKey(vk6.subarray(0, n)), `${n} bytes`).toThrow(InputError);
    }
    expect(pointsOf(parseGnarkGroth16VerifyingKey(vk6.subarray(0, 484)))).toBe(pointsOf(parseGnarkGroth16VerifyingKey(vk6)));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        try {
          parseGnarkGroth16VerifyingKey(bytes);
        } catch (e) {
          expect(e instanceof InputError || e instanceof VerificationError, String(e)).toBe(true);
        }
      }),
    );
  });

  it('gnark binary keys: commitments refused, the infinity flag refused, the y flag picks the other root', () => {
    const withCommitment = vk6.slice();
    withCommitment[vk6.length - 1] = 1;
    expect(() => parseGnarkGroth16VerifyingKey(withCommitment)).toThrow(expect.objectContaining({ code: 'ZK_VKEY_INVALID' }));
    const infinity = vk6.slice();
    infinity.fill(0, 0, 32);
    infinity[0] = 0x40;
    expect(() => parseGnarkGroth16VerifyingKey(infinity)).toThrow(expect.objectContaining({ code: 'ZK_POINT_AT_INFINITY' }));
    const otherRoot = flip(vk6, 0, 0x40); // 0b10 ↔ 0b11: smaller ↔ larger y
    const a = parseGnarkGroth16VerifyingKey(vk6).alpha;
    const b = parseGnarkGroth16VerifyingKey(otherRoot).alpha;
    expect(b.x).toBe(a.x);
    expect(b.y + a.y).toBe(21888242871839275222246405745257275088696311157297823662689037894645226208583n);
    // …which is why the key is taken only when its sha256 is the pinned verifier hash.
    expect(() => sp1Groth16Verifier('v6.0.0', otherRoot)).toThrow(expect.objectContaining({ code: 'ZK_VKEY_INVALID' }));
    expect(() => sp1Groth16Verifier(v6, vk6)).not.toThrow();
  });

  it('Solidity keys: a missing, repeated or out-of-sequence constant is InputError; Pedersen constants are refused', () => {
    const source = solidityKey('v6.0.0');
    expect(() => parseGnarkSolidityVerifyingKey(source.replace(/uint256 constant ALPHA_Y[^;]*;/, ''))).toThrow(InputError);
    expect(() => parseGnarkSolidityVerifyingKey(`${source}\nuint256 constant PUB_0_X = 1;`)).toThrow(InputError);
    expect(() => parseGnarkSolidityVerifyingKey(source.replace(/uint256 constant PUB_2_X[^;]*;/, ''))).toThrow(InputError);
    expect(() => parseGnarkSolidityVerifyingKey(`${source}\nuint256 constant PEDERSEN_G_X_0 = 1;`)).toThrow(
      expect.objectContaining({ code: 'ZK_VKEY_INVALID' }),
    );
    const offCurve = source.replace(/(uint256 constant ALPHA_Y = )(\d+)/, (_, head, n) => `${head}${BigInt(n) + 1n}`);
    expect(() => parseGnarkSolidityVerifyingKey(offCurve)).toThrow(expect.objectContaining({ code: 'ZK_POINT_NOT_ON_CURVE' }));
  });
});
