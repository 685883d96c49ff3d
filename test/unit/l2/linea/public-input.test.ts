/**
 * Linea's shnarf and aggregation public input rebuilt (src/l2/linea/public-input.ts) from the
 * prover's files of a real mainnet finalization (blocks 24288348–24288678, prover 6.0.4), and the
 * real aggregation proof verified with gnark PLONK against the rebuilt input. Fixtures:
 * test/fixtures/linea/NOTICE.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBigInt, hexToBytes } from '../../../../src/core/bytes.ts';
import { InputError } from '../../../../src/core/errors.ts';
import { BN254_R } from '../../../../src/crypto/bn254.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import { encodeAbi, encodeFunctionCall, functionSelector } from '../../../../src/execution/abi.ts';
import {
  decodeFinalizeBlocks,
  FINALIZE_BLOCKS_V3,
  FINALIZE_BLOCKS_V4,
  type LineaFinalization,
  lineaPublicInput,
  lineaShnarf,
} from '../../../../src/l2/linea/public-input.ts';
import { parseGnarkPlonkProof, parseGnarkPlonkSolidityVerifyingKey, verifyGnarkPlonk } from '../../../../src/zk/gnark-plonk.ts';

const read = (path: string) => readFileSync(new URL(`../../../fixtures/linea/${path}`, import.meta.url), 'utf8');
const aggregationJson = JSON.parse(read('mainnet-24288348-24288678-getZkAggregatedProof.json')) as Record<string, unknown>;
const l2MerkleRoots = aggregationJson.l2MerkleRoots as string[];
/** A field of the prover's aggregation file, as text (numbers and 0x-hex). */
function field(name: string): string {
  const v = aggregationJson[name];
  if (typeof v !== 'string' && typeof v !== 'number') throw new Error(`the aggregation file has no field ${name}`);
  return String(v);
}
const blob = JSON.parse(read('mainnet-24288348-24288678-getZkBlobCompressionProof.json')) as Record<string, string>;
const b32 = (hex: string) => hexToBytes(hex, 32);

/** The finalization the operator sent for this aggregation (FinalizationDataV3), from the prover's two files. */
const finalization: LineaFinalization = {
  parentStateRootHash: b32(field('parentStateRootHash')),
  endBlockNumber: BigInt(field('finalBlockNumber')),
  shnarfData: {
    parentShnarf: b32(blob.prevShnarf!),
    snarkHash: b32(blob.snarkHash!),
    finalStateRootHash: b32(blob.finalStateRootHash!),
    dataEvaluationPoint: b32(blob.expectedX!),
    dataEvaluationClaim: b32(blob.expectedY!),
  },
  lastFinalizedTimestamp: BigInt(field('parentAggregationLastBlockTimestamp')),
  finalTimestamp: BigInt(field('finalTimestamp')),
  lastFinalizedL1RollingHash: b32(field('parentAggregationLastL1RollingHash')),
  l1RollingHash: b32(field('l1RollingHash')),
  lastFinalizedL1RollingHashMessageNumber: BigInt(field('parentAggregationLastL1RollingHashMessageNumber')),
  l1RollingHashMessageNumber: BigInt(field('l1RollingHashMessageNumber')),
  l2MerkleTreesDepth: BigInt(field('l2MerkleTreesDepth')),
  l2MerkleRoots: l2MerkleRoots.map(b32),
  l2MessagingBlocksOffsets: hexToBytes(field('l2MessagingBlocksOffsets')),
};
const state = { lastFinalizedShnarf: b32(field('parentAggregationFinalShnarf')), lastFinalizedBlockNumber: BigInt(field('lastFinalizedBlockNumber')) };

describe('Linea: shnarf and public input of a real mainnet finalization', () => {
  it("rebuilds the blob's shnarf: the aggregation's finalShnarf", () => {
    expect(bytesToHex(lineaShnarf(finalization.shnarfData))).toBe(blob.expectedShnarf);
    expect(blob.expectedShnarf).toBe(field('finalShnarf'));
    expect(blob.prevShnarf).toBe(field('parentAggregationFinalShnarf'));
  });

  it("rebuilds the aggregation proof's public input (v3 layout, before chain configuration)", () => {
    expect(lineaPublicInput('v3', finalization, state)).toBe(hexToBigInt(field('aggregatedProofPublicInput')));
  });

  it('a changed field changes the input', () => {
    const pi = lineaPublicInput('v3', finalization, state);
    expect(lineaPublicInput('v3', { ...finalization, finalTimestamp: finalization.finalTimestamp + 1n }, state)).not.toBe(pi);
    expect(lineaPublicInput('v3', { ...finalization, l2MerkleRoots: [new Uint8Array(32)] }, state)).not.toBe(pi);
    expect(lineaPublicInput('v3', finalization, { ...state, lastFinalizedBlockNumber: state.lastFinalizedBlockNumber + 1n })).not.toBe(pi);
    const d = finalization.shnarfData;
    expect(lineaPublicInput('v3', { ...finalization, shnarfData: { ...d, dataEvaluationClaim: bigIntToBytesPadded(bytesToBigInt(d.dataEvaluationClaim) ^ 1n, 32) } }, state)).not.toBe(pi);
  });

  it('the real aggregation proof verifies with gnark PLONK against the rebuilt input, and not against a changed one', () => {
    const key = parseGnarkPlonkSolidityVerifyingKey(read('PlonkVerifierMainnetFull.paris.sol'));
    const proof = parseGnarkPlonkProof(key, hexToBytes(field('aggregatedProof')));
    const pi = lineaPublicInput('v3', finalization, state);
    expect(() => verifyGnarkPlonk(key, proof, [pi])).not.toThrow();
    const other = lineaPublicInput('v3', { ...finalization, endBlockNumber: finalization.endBlockNumber + 1n }, state);
    expect(() => verifyGnarkPlonk(key, proof, [other])).toThrow(/./);
  });
});

describe('Linea: the later layouts and the calldata', () => {
  const chainConfiguration = keccak256(new TextEncoder().encode('chain configuration'));
  const words12 = (f: LineaFinalization) => [
    state.lastFinalizedShnarf,
    lineaShnarf(f.shnarfData),
    f.lastFinalizedTimestamp,
    f.finalTimestamp,
    state.lastFinalizedBlockNumber,
    f.endBlockNumber,
    f.lastFinalizedL1RollingHash,
    f.l1RollingHash,
    f.lastFinalizedL1RollingHashMessageNumber,
    f.l1RollingHashMessageNumber,
  ];

  it('v3-chain appends the chain configuration; v4 the forced-transaction words and the filtered addresses', () => {
    const types = (n: number) => Array<string>(n).fill('bytes32');
    const asWord = (v: bigint | Uint8Array) => (typeof v === 'bigint' ? bigIntToBytesPadded(v, 32) : v);
    const root = keccak256(concatBytes(...finalization.l2MerkleRoots));
    const chain = [...words12(finalization), finalization.l2MerkleTreesDepth, root, chainConfiguration].map(asWord);
    const expectChain = bytesToBigInt(keccak256(encodeAbi(types(13), chain))) % BN254_R;
    expect(lineaPublicInput('v3-chain', finalization, { ...state, chainConfiguration })).toBe(expectChain);

    const address = hexToBytes('0x' + '42'.repeat(20));
    const forced = { lastFinalizedForcedTransactionNumber: 7n, finalForcedTransactionNumber: 9n, lastFinalizedForcedTransactionRollingHash: b32('0x' + '01'.repeat(32)) };
    const v4: LineaFinalization = { ...finalization, forced, filteredAddresses: [address] };
    const finalForced = b32('0x' + '02'.repeat(32));
    const words = [
      ...words12(v4),
      forced.lastFinalizedForcedTransactionRollingHash,
      finalForced,
      7n,
      9n,
      v4.l2MerkleTreesDepth,
      root,
      chainConfiguration,
      keccak256(encodeAbi(['address[]'], [[bytesToHex(address)]]).subarray(64)),
    ].map(asWord);
    const expectV4 = bytesToBigInt(keccak256(encodeAbi(types(18), words))) % BN254_R;
    expect(lineaPublicInput('v4', v4, { ...state, chainConfiguration, finalForcedTransactionRollingHash: finalForced })).toBe(expectV4);
  });

  it('refuses a layout without the values it needs', () => {
    expect(() => lineaPublicInput('v3-chain', finalization, state)).toThrow(InputError);
    expect(() => lineaPublicInput('v4', finalization, { ...state, chainConfiguration })).toThrow(InputError);
    expect(() => lineaPublicInput('v5' as never, finalization, state)).toThrow(InputError);
  });

  it("finalizeBlocks V3's selector is mainnet's 0x5603c65f, and its calldata decodes to the same public input", () => {
    expect(functionSelector(FINALIZE_BLOCKS_V3)).toBe('0x5603c65f');
    const f = finalization;
    const s = f.shnarfData;
    const hex = bytesToHex;
    const calldata = encodeFunctionCall(FINALIZE_BLOCKS_V3, [
      hexToBytes(field('aggregatedProof')),
      1n,
      [
        hex(f.parentStateRootHash),
        f.endBlockNumber,
        [hex(s.parentShnarf), hex(s.snarkHash), hex(s.finalStateRootHash), hex(s.dataEvaluationPoint), hex(s.dataEvaluationClaim)],
        f.lastFinalizedTimestamp,
        f.finalTimestamp,
        hex(f.lastFinalizedL1RollingHash),
        hex(f.l1RollingHash),
        f.lastFinalizedL1RollingHashMessageNumber,
        f.l1RollingHashMessageNumber,
        f.l2MerkleTreesDepth,
        [],
        '0x',
      ],
    ]);
    const decoded = decodeFinalizeBlocks(hexToBytes(calldata));
    expect(decoded.version).toBe('v3');
    expect(decoded.proofType).toBe(1n);
    expect(bytesToHex(decoded.aggregatedProof)).toBe(field('aggregatedProof'));
    expect(lineaPublicInput('v3', decoded.finalization, state)).toBe(hexToBigInt(field('aggregatedProofPublicInput')));
    expect(() => decodeFinalizeBlocks(hexToBytes('0x12345678'))).toThrow(InputError);
    // The V4 struct of ILineaRollupBase.sol at cb180134 (its mainnet activation is not confirmed here).
    expect(functionSelector(FINALIZE_BLOCKS_V4)).toBe('0x755bc62f');
  });
});
