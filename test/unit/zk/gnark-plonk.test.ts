/**
 * gnark PLONK (src/zk/gnark-plonk.ts) and SP1's PLONK proofs (src/zk/sp1-plonk.ts) on real data:
 * Linea's mainnet and sepolia PlonkVerifier contracts with real aggregation proofs of each
 * (test/fixtures/linea), SP1's PlonkVerifier.sol of v4.0.0-rc.3 and v6.0.0 with proofs of SP1's
 * Fibonacci template (test/fixtures/sp1); NOTICE.md files say where each came from.
 *
 * The reference: the same contracts compiled by solc-js and run in @ethereumjs/evm
 * (./solidity-evm.ts), on the real inputs and on tampered ones (differential). gnark's own Go
 * verifier would need the Go toolchain and modules: not run.
 */
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToBigInt, hexToBytes } from '../../../src/core/bytes.ts';
import { InputError, VerificationError } from '../../../src/core/errors.ts';
import { G1_GENERATOR, g1Mul, SCALAR_MODULUS } from '../../../src/zk/curve.ts';
import {
  bsb22HashToField,
  gnarkPlonkKeyDigest,
  gnarkPlonkProofLength,
  parseGnarkPlonkProof,
  parseGnarkPlonkSolidityVerifyingKey,
  verifyGnarkPlonk,
} from '../../../src/zk/gnark-plonk.ts';
import { SP1_PLONK_RELEASES, type Sp1PlonkVersion, sp1PlonkVerifier, verifySp1Plonk } from '../../../src/zk/sp1-plonk.ts';
import { gnarkPlonkReference, type PlonkReference, type ReferenceVerifier, sp1ReferenceVerifier } from './solidity-evm.ts';

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');
const P = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const flip = (bytes: Uint8Array, i: number, mask = 1): Uint8Array => {
  const out = bytes.slice();
  out[i]! ^= mask;
  return out;
};
const setWord = (bytes: Uint8Array, i: number, value: bigint): Uint8Array => {
  const out = bytes.slice();
  out.set(hexToBytes(`0x${value.toString(16).padStart(64, '0')}`), 32 * i);
  return out;
};

/** A verdict as a string: 'ok', a VerificationError code, or 'INPUT' for InputError. */
function verdict(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof VerificationError) return e.code;
    if (e instanceof InputError) return 'INPUT';
    throw e;
  }
}

/** What the contract answers for each of our verdicts. */
const CONTRACT_ANSWERS: Record<string, string[]> = {
  ok: ['ok'],
  ZK_PROOF_INVALID: ['false', 'InvalidProof'],
  ZK_POINT_NOT_ON_CURVE: ['error ec operation'],
  ZK_FIELD_OUT_OF_RANGE: ['error ec operation', 'openings bigger than r', 'inputs are bigger than r'],
  ZK_PUBLIC_INPUT_COUNT: ['wrong number of public inputs'],
  INPUT: ['wrong proof size'],
  SP1_VERIFIER_SELECTOR_MISMATCH: ['WrongVerifierSelector'],
  SP1_EXIT_CODE_NONZERO: ['InvalidExitCode'],
  SP1_VK_ROOT_MISMATCH: ['InvalidVkRoot'],
};

interface LineaCase {
  network: string;
  contract: string;
  file: string;
  proofFile: string;
}
const LINEA: LineaCase[] = [
  {
    network: 'mainnet',
    contract: 'PlonkVerifierMainnetFull',
    file: 'linea/PlonkVerifierMainnetFull.paris.sol',
    proofFile: 'linea/mainnet-24288348-24288678-getZkAggregatedProof.json',
  },
  {
    network: 'sepolia',
    contract: 'PlonkVerifierSepoliaFull',
    file: 'linea/PlonkVerifierSepoliaFull.beta-v4.1.sol',
    proofFile: 'linea/sepolia-20106872-20107472-getZkAggregatedProof.json',
  },
];
const lineaData = (c: LineaCase) => {
  const json = JSON.parse(text(c.proofFile));
  return { key: parseGnarkPlonkSolidityVerifyingKey(text(c.file)), proof: hexToBytes(json.aggregatedProof), input: BigInt(json.aggregatedProofPublicInput) };
};

describe.each(LINEA)("Linea $network: the $contract key and a real aggregation proof", (c) => {
  const { key, proof, input } = lineaData(c);
  const ours = (bytes: Uint8Array, inputs: readonly bigint[]) => verdict(() => verifyGnarkPlonk(key, parseGnarkPlonkProof(key, bytes), inputs));
  let reference: PlonkReference;
  beforeAll(async () => {
    reference = await gnarkPlonkReference(c.file, c.contract);
  });
  const both = async (bytes: Uint8Array, inputs: readonly bigint[]) => {
    const mine = ours(bytes, inputs);
    const theirs = await reference.verify(bytes, inputs);
    expect(CONTRACT_ANSWERS[mine] ?? [], `ours ${mine}, the contract ${theirs}`).toContain(theirs);
    return mine;
  };

  it('the key is the one the contract was generated from: one public input, one BSB22 gate, domain 2^25', () => {
    expect(key.nPublic).toBe(1);
    expect(key.qcp.length).toBe(1);
    expect(key.size).toBe(1n << 25n);
    expect(proof.length).toBe(gnarkPlonkProofLength(1));
  });

  it('verifies, as the contract does', async () => {
    expect(await both(proof, [input])).toBe('ok');
  });

  it('refuses a one-byte change anywhere in the proof', () => {
    for (let i = 0; i < proof.length; i += c.network === 'mainnet' ? 1 : 5) {
      expect(ours(flip(proof, i), [input]), `byte ${i}`).not.toBe('ok');
    }
  });

  it('refuses one-byte changes with the contract (fast-check: position and mask)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: proof.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, mask) => {
        expect(await both(flip(proof, i, mask), [input])).not.toBe('ok');
      }),
      { numRuns: 25 },
    );
  });

  it('refuses a changed public input, a second input, an input ≥ r, with the contract', async () => {
    expect(await both(proof, [input ^ 1n])).toBe('ZK_PROOF_INVALID');
    expect(await both(proof, [input + 1n])).toBe('ZK_PROOF_INVALID');
    expect(await both(proof, [input, 0n])).toBe('ZK_PUBLIC_INPUT_COUNT');
    expect(await both(proof, [input + SCALAR_MODULUS])).toBe('ZK_FIELD_OUT_OF_RANGE');
  });

  it('refuses an evaluation ≥ r, a coordinate ≥ p, an off-curve point, a wrong length, with the contract', async () => {
    expect(await both(setWord(proof, 12, SCALAR_MODULUS), [input])).toBe('ZK_FIELD_OUT_OF_RANGE'); // l(ζ)
    expect(await both(setWord(proof, 24, SCALAR_MODULUS + 1n), [input])).toBe('ZK_FIELD_OUT_OF_RANGE'); // qcp(ζ)
    expect(await both(setWord(proof, 0, P), [input])).toBe('ZK_FIELD_OUT_OF_RANGE'); // L.x
    expect(await both(setWord(proof, 1, 1n), [input])).toBe('ZK_POINT_NOT_ON_CURVE'); // L.y
    expect(await both(proof.subarray(0, proof.length - 32), [input])).toBe('INPUT');
    expect(await both(new Uint8Array([...proof, 0]), [input])).toBe('INPUT');
  });

  it('refuses another valid point in place of each commitment, with the contract', async () => {
    const g = g1Mul(G1_GENERATOR, 7n);
    for (const at of [0, 2, 4, 6, 8, 10, 17, 20, 22, 25]) {
      const changed = setWord(setWord(proof, at, g.x), at + 1, g.y);
      expect(await both(changed, [input]), `word ${at}`).toBe('ZK_PROOF_INVALID');
    }
  });

  it('DIFF FROM THE CONTRACT: a proof point at infinity (0, 0) is refused before the check', async () => {
    const atInfinity = setWord(setWord(proof, 20, 0n), 21, 0n); // W_ζ
    expect(ours(atInfinity, [input])).toBe('ZK_POINT_AT_INFINITY');
    expect(await reference.verify(atInfinity, [input])).toBe('false');
  });
});

describe('Linea: the two networks keys are apart', () => {
  it("the mainnet key does not verify the sepolia proof, nor the other way", () => {
    const [mainnet, sepolia] = LINEA.map(lineaData) as [ReturnType<typeof lineaData>, ReturnType<typeof lineaData>];
    expect(verdict(() => verifyGnarkPlonk(mainnet.key, parseGnarkPlonkProof(mainnet.key, sepolia.proof), [sepolia.input]))).toBe('ZK_PROOF_INVALID');
    expect(verdict(() => verifyGnarkPlonk(sepolia.key, parseGnarkPlonkProof(sepolia.key, mainnet.proof), [mainnet.input]))).toBe('ZK_PROOF_INVALID');
  });
});

interface Sp1Case {
  /** The releases a real proof was found for (test/fixtures/sp1/NOTICE.md). */
  version: Extract<Sp1PlonkVersion, 'v4.0.0-rc.3' | 'v6.0.0'>;
  file: string;
}
const SP1: Sp1Case[] = [
  { version: 'v6.0.0', file: 'fibonacci-plonk-fixture.json' },
  { version: 'v4.0.0-rc.3', file: 'fibonacci-plonk-fixture-sp1-4.0.0.json' },
];

describe.each(SP1)('SP1 $version PLONK proof ($file)', (c) => {
  const json = JSON.parse(text(`sp1/${c.version}/${c.file}`));
  const vkey = hexToBytes(json.vkey, 32);
  const publicValues = hexToBytes(json.publicValues);
  const proof = hexToBytes(json.proof);
  const key = parseGnarkPlonkSolidityVerifyingKey(text(`sp1/${c.version}/PlonkVerifier.sol`));
  const verifier = sp1PlonkVerifier(c.version, key);
  const ours = (k: Uint8Array, v: Uint8Array, p: Uint8Array) => verdict(() => verifySp1Plonk(verifier, k, v, p));
  let reference: ReferenceVerifier;
  beforeAll(async () => {
    reference = await sp1ReferenceVerifier(c.version, 'Plonk');
  });
  const both = async (k: Uint8Array, v: Uint8Array, p: Uint8Array) => {
    const mine = ours(k, v, p);
    const theirs = await reference.verify(k, v, p);
    expect(CONTRACT_ANSWERS[mine] ?? [], `ours ${mine}, the contract ${theirs}`).toContain(theirs);
    return mine;
  };

  it("the pinned release matches the contract: VERIFIER_HASH(), VK_ROOT(), the proof's selector", () => {
    const contract = text(`sp1/${c.version}/SP1VerifierPlonk.sol`);
    const returned = (fn: string) => contract.match(new RegExp(`function ${fn}\\(\\)[^{]*\\{\\s*return (0x[0-9a-f]{64});`))?.[1] ?? null;
    expect(returned('VERIFIER_HASH')).toBe(SP1_PLONK_RELEASES[c.version].verifierHash);
    expect(returned('VK_ROOT')).toBe(SP1_PLONK_RELEASES[c.version].vkRoot);
    expect(json.proof.slice(0, 10)).toBe(SP1_PLONK_RELEASES[c.version].verifierHash.slice(0, 10));
  });

  it('verifies, as the released SP1VerifierPlonk does', async () => {
    expect(await both(vkey, publicValues, proof)).toBe('ok');
  });

  it('refuses a one-byte change anywhere in the proof bytes', () => {
    for (let i = 0; i < proof.length; i += 3) expect(ours(vkey, publicValues, flip(proof, i)), `byte ${i}`).not.toBe('ok');
  });

  it('refuses one-byte changes with the contract (fast-check), and changed public values or program key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: proof.length - 1 }), fc.integer({ min: 1, max: 255 }), async (i, mask) => {
        expect(await both(vkey, publicValues, flip(proof, i, mask))).not.toBe('ok');
      }),
      { numRuns: 20 },
    );
    expect(await both(vkey, flip(publicValues, 5), proof)).toBe('ZK_PROOF_INVALID');
    expect(await both(flip(vkey, 31), publicValues, proof)).toBe('ZK_PROOF_INVALID');
    expect(await both(flip(vkey, 0, 0xf0), publicValues, proof)).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(await both(vkey, publicValues, flip(proof, 0))).toBe('SP1_VERIFIER_SELECTOR_MISMATCH');
  });

  if (c.version === 'v6.0.0') {
    it('v6: exit code, vk root and nonce are checked, with the contract', async () => {
      const header = (i: number, v: bigint) => {
        const out = proof.slice();
        out.set(hexToBytes(`0x${v.toString(16).padStart(64, '0')}`), 4 + 32 * i);
        return out;
      };
      expect(await both(vkey, publicValues, header(0, 1n))).toBe('SP1_EXIT_CODE_NONZERO');
      expect(await both(vkey, publicValues, header(1, 5n))).toBe('SP1_VK_ROOT_MISMATCH');
      expect(await both(vkey, publicValues, header(2, 1n))).toBe('ZK_PROOF_INVALID');
    });
  }

  it("another release's key is refused by its fingerprint", () => {
    const other: Sp1PlonkVersion = c.version === 'v6.0.0' ? 'v4.0.0-rc.3' : 'v6.0.0';
    expect(() => sp1PlonkVerifier(other, key)).toThrow(expect.objectContaining({ code: 'ZK_VKEY_INVALID' }));
    expect(verdict(() => verifySp1Plonk(verifier, vkey, publicValues, proof.subarray(0, 50)))).toBe('INPUT');
  });
});

describe('gnark PLONK pieces and malformed input', () => {
  const source = text('linea/PlonkVerifierMainnetFull.paris.sol');
  const { key, proof, input } = lineaData(LINEA[0]!);

  it("hash_fr of a BSB22 commitment is RFC 9380 expand_message_xmd (noble's) mod r", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: SCALAR_MODULUS - 1n }), (k) => {
        const p = g1Mul(G1_GENERATOR, k);
        const msg = hexToBytes(`0x${p.x.toString(16).padStart(64, '0')}${p.y.toString(16).padStart(64, '0')}`);
        const expanded = expand_message_xmd(msg, new TextEncoder().encode('BSB22-Plonk'), 48, nobleSha256);
        expect(bsb22HashToField(p)).toBe(bytesToBigInt(expanded) % SCALAR_MODULUS);
      }),
      { numRuns: 20 },
    );
  });

  it('proof bytes of any other length are InputError; of the right length, never valid and only typed errors', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1000 }), (bytes) => {
        fc.pre(bytes.length !== proof.length);
        expect(() => parseGnarkPlonkProof(key, bytes)).toThrow(InputError);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: proof.length, maxLength: proof.length }), (bytes) => {
        const v = verdict(() => verifyGnarkPlonk(key, parseGnarkPlonkProof(key, bytes), [input]));
        expect(v).not.toBe('ok');
        expect(v).not.toBe('INPUT');
      }),
      { numRuns: 100 },
    );
  });

  const KEY_CONSTANTS = [
    'VK_NB_PUBLIC_INPUTS', 'VK_DOMAIN_SIZE', 'VK_INV_DOMAIN_SIZE', 'VK_OMEGA', 'VK_QL_COM_X', 'VK_QR_COM_Y', 'VK_QM_COM_X',
    'VK_QO_COM_Y', 'VK_QK_COM_X', 'VK_S1_COM_X', 'VK_S2_COM_Y', 'VK_S3_COM_X', 'VK_COSET_SHIFT', 'VK_QCP_0_X',
    'VK_INDEX_COMMIT_API_0', 'VK_NB_CUSTOM_GATES', 'G1_SRS_X', 'G2_SRS_0_X_0', 'G2_SRS_1_Y_1',
  ];
  const without = (name: string) => source.replace(new RegExp(`uint256 private constant ${name} =[^;]*;`), '');

  it.each(KEY_CONSTANTS)('a key without %s is InputError naming it', (name) => {
    expect(without(name)).not.toBe(source);
    expect(() => parseGnarkPlonkSolidityVerifyingKey(without(name))).toThrow(new RegExp(name));
    expect(() => parseGnarkPlonkSolidityVerifyingKey(without(name))).toThrow(InputError);
  });

  it('refuses keys that are not a gnark BN254 key: values, duplicates, extra gates, other curves', () => {
    const replace = (name: string, value: string) => source.replace(new RegExp(`(uint256 private constant ${name} =)[^;]*;`), `$1 ${value};`);
    const code = (src: string) => verdict(() => parseGnarkPlonkSolidityVerifyingKey(src));
    expect(code(replace('VK_DOMAIN_SIZE', '33554431'))).toBe('ZK_VKEY_INVALID');
    expect(code(replace('VK_INV_DOMAIN_SIZE', '5'))).toBe('ZK_VKEY_INVALID');
    expect(code(replace('VK_OMEGA', '5'))).toBe('ZK_VKEY_INVALID');
    expect(code(replace('VK_QL_COM_Y', '5'))).toBe('ZK_POINT_NOT_ON_CURVE');
    expect(code(replace('G2_SRS_1_X_0', '5'))).toBe('ZK_POINT_NOT_ON_CURVE');
    expect(code(replace('VK_S1_COM_X', `${P}`))).toBe('ZK_FIELD_OUT_OF_RANGE');
    expect(code(replace('VK_COSET_SHIFT', '0'))).toBe('ZK_VKEY_INVALID');
    expect(code(replace('VK_OMEGA', 'R_MOD - 1'))).toBe('INPUT');
    expect(code(replace('R_MOD', '7'))).toBe('INPUT');
    expect(code(`${source}\nuint256 private constant VK_OMEGA = 1;`)).toBe('INPUT');
    expect(code(`${source}\nuint256 private constant VK_QCP_1_X = 1;`)).toBe('INPUT');
    expect(code(replace('VK_INDEX_COMMIT_API_0', `${1n << 25n}`))).toBe('ZK_VKEY_INVALID');
    // Hex literals and line breaks read the same; commented-out constants are not read.
    const hex = replace('VK_COSET_SHIFT', '\n    0x5');
    expect(gnarkPlonkKeyDigest(parseGnarkPlonkSolidityVerifyingKey(hex))).toEqual(gnarkPlonkKeyDigest(key));
    expect(code(source.replace('uint256 private constant VK_OMEGA', '// uint256 private constant VK_OMEGA'))).toBe('INPUT');
    expect(verdict(() => parseGnarkPlonkSolidityVerifyingKey(42))).toBe('INPUT');
  });

  it('arbitrary edits of the key source give only typed errors, and a changed key never verifies the proof', () => {
    fc.assert(
      fc.property(fc.nat({ max: source.length - 1 }), fc.constantFrom('0', '1', '7', ' ', ';', 'x'), (i, ch) => {
        fc.pre(source[i] !== ch);
        const edited = source.slice(0, i) + ch + source.slice(i + 1);
        let changed;
        try {
          changed = parseGnarkPlonkSolidityVerifyingKey(edited);
        } catch (e) {
          expect(e instanceof InputError || e instanceof VerificationError, String(e)).toBe(true);
          return;
        }
        const same = Buffer.from(gnarkPlonkKeyDigest(changed)).equals(Buffer.from(gnarkPlonkKeyDigest(key)));
        if (!same) expect(verdict(() => verifyGnarkPlonk(changed, parseGnarkPlonkProof(changed, proof), [input]))).not.toBe('ok');
      }),
      { numRuns: 150 },
    );
  });
});
