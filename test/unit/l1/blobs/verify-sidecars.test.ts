/**
 * Beacon API sidecar answers as the devnet serves them (its BlobStore over a real BeaconBlockBody,
 * proofs by micro-eth-signer): Deneb/Electra blob sidecars and Fulu data column sidecars read and
 * verified against their header and a header answer; hostile ones refused: an inclusion proof off
 * by one node or at another index, sidecars of two headers, a header that does not match or is
 * not its own root, a flipped proof, a non-canonical cell, duplicates, a column index ≥ 128
 * (VerificationError), and sizes, shapes and Gloas sidecars (InputError). The gindex the checks
 * use is Lodestar's.
 */
import { ssz as lodestar } from '@lodestar-next/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '../../../../src/core/bytes.ts';
import { kzgReady } from '../../../../src/crypto/kzg.ts';
import { BLOB_KZG_COMMITMENTS_GINDEX, kzgCommitmentInclusionProofDepth } from '../../../../src/l1/blobs/containers.ts';
import { parseHeaderAnswer, parseSidecarsAnswer } from '../../../../src/l1/blobs/sidecars.ts';
import { verifySidecars } from '../../../../src/l1/blobs/verify-sidecars.ts';
import { computeVersionedHash, sidecarAnswers, type SidecarAnswers, type TestBlob, testBlob } from '../../../support/blob-inputs.ts';
import { thrownCode } from '../../../support/error-code.ts';

let blobs: TestBlob[];
beforeAll(async () => {
  await kzgReady();
  blobs = [testBlob('sidecar blob a ', true), testBlob('sidecar blob b ', true)];
});

const clone = <T>(v: T): T => structuredClone(v);
const verify = (a: SidecarAnswers['sidecars'], h?: SidecarAnswers['header']) => verifySidecars(parseSidecarsAnswer(a), h && parseHeaderAnswer(h));
const code = thrownCode;
/** A hex string with one byte changed at `byte`. */
const flip = (hex: string, byte: number): string => {
  const at = 2 + byte * 2;
  const b = (parseInt(hex.slice(at, at + 2), 16) ^ 1).toString(16).padStart(2, '0');
  return hex.slice(0, at) + b + hex.slice(at + 2);
};

it('uses blob_kzg_commitments\' gindex of Deneb, Electra and Fulu bodies (Lodestar\'s) and the preset\'s proof depth', () => {
  for (const fork of ['deneb', 'electra', 'fulu'] as const) {
    expect(Number((lodestar[fork].BeaconBlockBody as any).getPathInfo(['blobKzgCommitments']).gindex)).toBe(BLOB_KZG_COMMITMENTS_GINDEX);
  }
  expect(kzgCommitmentInclusionProofDepth(4096)).toBe(17);
});

describe.each(['deneb', 'electra'] as const)('blob sidecars, %s', (fork) => {
  let a: SidecarAnswers;
  beforeAll(async () => {
    a = await sidecarAnswers(fork, blobs);
  });

  it('verify: inclusion proofs to the body root, one header, the blob proofs; the header answer matches', () => {
    const r = verify(a.sidecars, a.header);
    expect(r.kind).toBe('blob_sidecars');
    expect(bytesToHex(r.root)).toBe(bytesToHex(a.root));
    expect(r.indices).toEqual([0, 1]);
    expect(r.versionedHashes.map(bytesToHex)).toEqual(blobs.map((b) => computeVersionedHash(bytesToHex(b.commitment) as `0x${string}`, 1)));
    expect(r).toMatchObject({ inclusionProofs: 2, proofsChecked: 2, headerMatched: true });
    // One sidecar alone verifies too.
    expect(verify({ ...a.sidecars, data: [a.sidecars.data[1]!] }).indices).toEqual([1]);
  });

  it('refuses an inclusion proof off by one node, or read at another index', () => {
    const s = clone(a.sidecars);
    const proof = s.data[0]!.kzg_commitment_inclusion_proof as string[];
    proof[16] = flip(proof[16]!, 0);
    expect(code(() => verify(s))).toBe('VerificationError:SIDECAR_INCLUSION_PROOF_INVALID');
    const shifted = clone(a.sidecars);
    shifted.data[0]!.index = '1';
    shifted.data[1]!.index = '0';
    expect(code(() => verify(shifted))).toBe('VerificationError:SIDECAR_INCLUSION_PROOF_INVALID');
    // A node short: not of the form at all.
    const short = clone(a.sidecars);
    (short.data[0]!.kzg_commitment_inclusion_proof as string[]).pop();
    expect(code(() => verify(short))).toBe('InputError:INVALID_INPUT');
  });

  it('refuses sidecars of two headers, a header answer of another block or not its own root', async () => {
    const other = await sidecarAnswers(fork, blobs, { graffiti: 7 });
    expect(code(() => verify({ ...a.sidecars, data: [a.sidecars.data[0]!, other.sidecars.data[1]!] }))).toBe('VerificationError:SIDECAR_HEADER_MISMATCH');
    expect(code(() => verify(a.sidecars, other.header))).toBe('VerificationError:SIDECAR_HEADER_MISMATCH');
    const lying = clone(a.header);
    lying.data.root = other.header.data.root;
    expect(() => verify(a.sidecars, lying)).toThrow(/not hash_tree_root of its message/);
    const resigned = clone(a.header);
    (resigned.data.header as { signature: string }).signature = flip((resigned.data.header as { signature: string }).signature, 95);
    expect(() => verify(a.sidecars, resigned)).toThrow(/another signature/);
  });

  it('refuses a wrong proof, a non-canonical blob, duplicates', () => {
    const swapped = clone(a.sidecars);
    [swapped.data[0]!.kzg_proof, swapped.data[1]!.kzg_proof] = [swapped.data[1]!.kzg_proof, swapped.data[0]!.kzg_proof];
    expect(code(() => verify(swapped))).toBe('VerificationError:BLOB_PROOF_INVALID');
    const flipped = clone(a.sidecars);
    flipped.data[1]!.kzg_proof = flip(flipped.data[1]!.kzg_proof as string, 30);
    expect(code(() => verify(flipped))).toMatch(/^VerificationError:(BLOB_PROOF_INVALID|KZG_INVALID_INPUT)$/);
    // A field element not below the modulus: the spec's assert, not a false.
    const big = clone(a.sidecars);
    big.data[0]!.blob = '0x' + 'ff'.repeat(32) + (big.data[0]!.blob as string).slice(66);
    expect(code(() => verify(big))).toBe('VerificationError:KZG_INVALID_INPUT');
    const twice = { ...a.sidecars, data: [a.sidecars.data[0]!, a.sidecars.data[0]!] };
    expect(code(() => verify(twice))).toBe('VerificationError:SIDECAR_INVALID');
  });

  it('refuses what it cannot read: wrong sizes, no sidecars, another fork\'s version, not an answer', () => {
    const short = clone(a.sidecars);
    short.data[0]!.kzg_commitment = (short.data[0]!.kzg_commitment as string).slice(0, -2);
    expect(code(() => verify(short))).toBe('InputError:INVALID_INPUT');
    expect(code(() => verify({ ...a.sidecars, data: [] }))).toBe('InputError:INVALID_INPUT');
    expect(code(() => verify({ ...a.sidecars, version: 'fulu' }))).toBe('InputError:INVALID_INPUT');
    expect(code(() => parseSidecarsAnswer({ data: [{ index: '0' }] }))).toBe('InputError:INVALID_INPUT');
    expect(code(() => parseHeaderAnswer({ data: { root: '0x00' } }))).toBe('InputError:INVALID_INPUT');
  });
});

describe('data column sidecars, fulu', () => {
  let a: SidecarAnswers;
  beforeAll(async () => {
    a = await sidecarAnswers('fulu', blobs, { columns: [0, 5, 127] });
  });

  it('verify: the commitments list proven into the body, one header, every cell proof of every column', () => {
    const r = verify(a.sidecars, a.header);
    expect(r).toMatchObject({ kind: 'data_column_sidecars', indices: [0, 5, 127], inclusionProofs: 3, proofsChecked: 6, headerMatched: true });
    expect(r.versionedHashes).toHaveLength(2);
  });

  it('refuses an inclusion proof off by one node, a column of another header, a cell proof of another cell, a non-canonical cell', async () => {
    const s = clone(a.sidecars);
    const proof = s.data[1]!.kzg_commitments_inclusion_proof as string[];
    proof[3] = flip(proof[3]!, 31);
    expect(code(() => verify(s))).toBe('VerificationError:SIDECAR_INCLUSION_PROOF_INVALID');
    const other = await sidecarAnswers('fulu', blobs, { columns: [5], graffiti: 9 });
    expect(code(() => verify({ ...a.sidecars, data: [a.sidecars.data[0]!, other.sidecars.data[0]!] }))).toBe('VerificationError:SIDECAR_HEADER_MISMATCH');
    // Column 5's proofs under column 0's index: real points, the wrong cells.
    const moved = clone(a.sidecars);
    moved.data[1]!.index = '0';
    moved.data[0]!.index = '5';
    expect(code(() => verify(moved))).toBe('VerificationError:BLOB_PROOF_INVALID');
    const big = clone(a.sidecars);
    const column = big.data[2]!.column as string[];
    column[0] = '0x' + 'ff'.repeat(32) + column[0]!.slice(66);
    expect(code(() => verify(big))).toBe('VerificationError:KZG_INVALID_INPUT');
  });

  it('refuses what verify_data_column_sidecar refuses: an index ≥ 128, cells and commitments that do not number alike', () => {
    const high = clone(a.sidecars);
    high.data[0]!.index = '128';
    expect(code(() => verify(high))).toBe('VerificationError:SIDECAR_INVALID');
    const fewer = clone(a.sidecars);
    (fewer.data[0]!.column as string[]).pop();
    expect(code(() => verify(fewer))).toBe('VerificationError:BLOB_COUNT_MISMATCH');
  });

  it('refuses Gloas sidecars, saying why: no header, commitments or inclusion proof to check them by', () => {
    const gloas = { version: 'gloas', data: [{ index: '0', column: [], kzg_proofs: [], slot: '1', beacon_block_root: '0x' + '00'.repeat(32) }] };
    expect(() => parseSidecarsAnswer(gloas)).toThrow(/Gloas data column sidecars .* cannot be tied to a header by inclusion proof/);
  });
});
