/**
 * A Linea world laid out as the shipped `linea` config expects L1 to hold it, around the real
 * mainnet finalization of L2 blocks 24288348–24288678 (prover 6.0.4; test/fixtures/linea): its
 * finalizeBlocks calldata encoded with viem (independently of src/) from the prover's files, the
 * real aggregation proof, LineaRollup's slots, the previous finalization's log, and the verifier
 * at verifiers[1] compiled from paris/PlonkVerifierMainnetFull.sol.
 */
import { readFileSync } from 'node:fs';
import { encodeAbiParameters, encodeFunctionData, keccak256 as viemKeccak, parseAbi, toEventSelector } from 'viem';
import { bigIntToHex, bytesToHex } from '../../../../src/core/bytes.ts';
import { keccak256 } from '../../../../src/crypto/keccak.ts';
import type { CommitEvidence, FoundL1Log, L1AccountRequest, ProvenL1Storage } from '../../../../src/l2/adapter.ts';
import { parseLineaConfig, type LineaConfig } from '../../../../src/l2/linea/config.ts';
import { requireKnownRollup } from '../../../../src/l2/known-rollups.ts';
import { EIP1967_IMPLEMENTATION_SLOT, storageKey } from '../../../../src/l2/slots.ts';
import { compileRuntime } from '../../zk/solidity-evm.ts';

const read = (path: string) => readFileSync(new URL(`../../../fixtures/linea/${path}`, import.meta.url), 'utf8');
export const AGGREGATION = JSON.parse(read('mainnet-24288348-24288678-getZkAggregatedProof.json')) as Record<string, any>;
export const BLOB = JSON.parse(read('mainnet-24288348-24288678-getZkBlobCompressionProof.json')) as Record<string, string>;

export const config: LineaConfig = parseLineaConfig(requireKnownRollup('linea'));
export const ROLLUP = config.rollup.address;
export const VERIFIER = '0x41a4d93d09f4718fe899d12a4ad2c8a09104bdc7';
export const V6 = '0x07ddce60658a61dc1732cacf2220fce4a01c49b0';
export const V7_1 = '0xe68697690e8ff196a6abb3e1385156d87df85332';
export const V8 = '0x59290394ddc1cf84e671701a929710643c343530';
export const END = BigInt(AGGREGATION.finalBlockNumber);
export const START = BigInt(AGGREGATION.lastFinalizedBlockNumber) + 1n;
export const FINAL_ROOT = BigInt(BLOB.finalStateRootHash!);
export const PARENT_ROOT = BigInt(AGGREGATION.parentStateRootHash);
export const NOW = 1_759_930_000n;
/** When the finalization's L1 block was made (after the L2 blocks it finalizes). */
export const FINALIZED_AT = 1_759_921_000n;
export const TX_HASH = '0x' + 'f1'.repeat(32);
export const TX_BLOCK = 23_500_000n;

export const DATA_FINALIZED_V3_VIEM = toEventSelector('DataFinalizedV3(uint256 indexed startBlockNumber, uint256 indexed endBlockNumber, bytes32 indexed shnarf, bytes32 parentStateRootHash, bytes32 finalStateRootHash)');

const ABI = parseAbi([
  'struct ShnarfData { bytes32 parentShnarf; bytes32 snarkHash; bytes32 finalStateRootHash; bytes32 dataEvaluationPoint; bytes32 dataEvaluationClaim; }',
  'struct FinalizationDataV3 { bytes32 parentStateRootHash; uint256 endBlockNumber; ShnarfData shnarfData; uint256 lastFinalizedTimestamp; uint256 finalTimestamp; bytes32 lastFinalizedL1RollingHash; bytes32 l1RollingHash; uint256 lastFinalizedL1RollingHashMessageNumber; uint256 l1RollingHashMessageNumber; uint256 l2MerkleTreesDepth; bytes32[] l2MerkleRoots; bytes l2MessagingBlocksOffsets; }',
  'function finalizeBlocks(bytes _aggregatedProof, uint256 _proofType, FinalizationDataV3 _finalizationData)',
]);

const h = (x: string) => x as `0x${string}`;
const word = (x: bigint) => h(bytesToHex(new Uint8Array(32).map((_, i) => Number((x >> BigInt(8 * (31 - i))) & 0xffn))));

/** The finalizeBlocks calldata the operator sent, with fields changed by `over` (viem). */
export function finalizeCalldata(over: { proof?: string; proofType?: bigint; finalTimestamp?: bigint; endBlockNumber?: bigint; dataEvaluationClaim?: string; parentStateRootHash?: string } = {}): string {
  return encodeFunctionData({
    abi: ABI,
    functionName: 'finalizeBlocks',
    args: [
      h(over.proof ?? AGGREGATION.aggregatedProof),
      over.proofType ?? 1n,
      {
        parentStateRootHash: h(over.parentStateRootHash ?? AGGREGATION.parentStateRootHash),
        endBlockNumber: over.endBlockNumber ?? END,
        shnarfData: {
          parentShnarf: h(BLOB.prevShnarf!),
          snarkHash: h(BLOB.snarkHash!),
          finalStateRootHash: h(BLOB.finalStateRootHash!),
          dataEvaluationPoint: h(BLOB.expectedX!),
          dataEvaluationClaim: h(over.dataEvaluationClaim ?? BLOB.expectedY!),
        },
        lastFinalizedTimestamp: BigInt(AGGREGATION.parentAggregationLastBlockTimestamp),
        finalTimestamp: over.finalTimestamp ?? BigInt(AGGREGATION.finalTimestamp),
        lastFinalizedL1RollingHash: h(AGGREGATION.parentAggregationLastL1RollingHash),
        l1RollingHash: h(AGGREGATION.l1RollingHash),
        lastFinalizedL1RollingHashMessageNumber: BigInt(AGGREGATION.parentAggregationLastL1RollingHashMessageNumber),
        l1RollingHashMessageNumber: BigInt(AGGREGATION.l1RollingHashMessageNumber),
        l2MerkleTreesDepth: BigInt(AGGREGATION.l2MerkleTreesDepth),
        l2MerkleRoots: (AGGREGATION.l2MerkleRoots as string[]).map(h),
        l2MessagingBlocksOffsets: h(AGGREGATION.l2MessagingBlocksOffsets),
      },
    ],
  });
}

/** A DataFinalizedV3 log as LineaRollup emits it. */
export function finalizedLog(start: bigint, end: bigint, shnarf: string, parentRoot: bigint, finalRoot: bigint): { address: string; topics: string[]; data: string } {
  return {
    address: ROLLUP,
    topics: [DATA_FINALIZED_V3_VIEM, word(start), word(end), shnarf.toLowerCase()],
    data: encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [word(parentRoot), word(finalRoot)]),
  };
}

/** This finalization's log, and the one before it (ending at START − 1 with the parent shnarf and root). */
export const FINAL_LOG = finalizedLog(START, END, AGGREGATION.finalShnarf, PARENT_ROOT, FINAL_ROOT);
export const PREVIOUS_LOG: FoundL1Log = {
  ...finalizedLog(START - 331n, START - 1n, AGGREGATION.parentAggregationFinalShnarf, 0x1234n, PARENT_ROOT),
  blockNumber: TX_BLOCK - 300n,
  timestamp: FINALIZED_AT - 3600n,
  transactionHash: '0x' + 'f0'.repeat(32),
};
export const FOUND: FoundL1Log = { ...FINAL_LOG, blockNumber: TX_BLOCK, timestamp: FINALIZED_AT, transactionHash: TX_HASH };

let code: Uint8Array | undefined;
/** The mainnet verifier's runtime code as solc-js compiles it (its key constants in it). */
export function verifierCode(): Uint8Array {
  code ??= compileRuntime({ 'PlonkVerifierMainnetFull.sol': read('PlonkVerifierMainnetFull.paris.sol') }, 'PlonkVerifierMainnetFull.sol', 'PlonkVerifierMainnetFull');
  return code;
}

export type Storage = Map<string, Map<string, bigint>>;

/** LineaRollup's storage as L1 holds it after the finalization (keys computed with viem). */
export function storage(o: { block?: bigint; root?: bigint; verifier?: bigint; implementation?: string } = {}): Storage {
  const mapKey = (key: bigint, slot: bigint) => viemKeccak(encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [key, slot]));
  const block = o.block ?? END;
  const rollup = new Map<string, bigint>([
    [word(281n), block],
    [mapKey(block, 282n), o.root ?? FINAL_ROOT],
    [mapKey(1n, 283n), o.verifier ?? BigInt(VERIFIER)],
  ]);
  // LineaRollup 6.0, which ran when this finalization was made (the v3 layout).
  rollup.set(EIP1967_IMPLEMENTATION_SLOT, BigInt(o.implementation ?? V6));
  return new Map([[ROLLUP, rollup]]);
}

/** Proves `requests` out of `world` into `proven` (missing slots read 0, as an absent slot proves), code from `codes`. */
export function prove(world: Storage, requests: readonly L1AccountRequest[], proven?: ProvenL1Storage, codes: Map<string, Uint8Array> = new Map([[VERIFIER, verifierCode()]])): ProvenL1Storage {
  const p = proven ?? { blockNumber: TX_BLOCK + 600n, blockHash: '0x' + '99'.repeat(32), timestamp: NOW, accounts: new Map() };
  for (const req of requests) {
    const a = req.address.toLowerCase();
    const c = codes.get(a);
    const held = p.accounts.get(a) ?? { codeHash: bytesToHex(keccak256(c ?? new Uint8Array(0))), storage: new Map<string, bigint>() };
    for (const ref of req.slots) held.storage.set(storageKey(ref), world.get(a)?.get(storageKey(ref)) ?? 0n);
    if (req.code) held.code = c ?? new Uint8Array(0);
    p.accounts.set(a, held);
  }
  return p;
}

/** The finalization's verified transaction and receipt. */
export function evidence(input = finalizeCalldata(), o: { to?: string; status?: string; logs?: CommitEvidence['receipt']['logs'] } = {}): CommitEvidence {
  return {
    tx: { to: o.to ?? ROLLUP, input, hash: TX_HASH, blockNumber: bigIntToHex(TX_BLOCK) },
    receipt: { status: o.status ?? '0x1', logs: o.logs ?? [FINAL_LOG] },
  };
}

const ABI_V4 = parseAbi([
  'struct ShnarfData { bytes32 parentShnarf; bytes32 snarkHash; bytes32 finalStateRootHash; bytes32 dataEvaluationPoint; bytes32 dataEvaluationClaim; }',
  'struct FinalizationDataV4 { bytes32 parentStateRootHash; uint256 endBlockNumber; ShnarfData shnarfData; uint256 lastFinalizedTimestamp; uint256 finalTimestamp; bytes32 lastFinalizedL1RollingHash; bytes32 l1RollingHash; uint256 lastFinalizedL1RollingHashMessageNumber; uint256 l1RollingHashMessageNumber; uint256 l2MerkleTreesDepth; uint256 lastFinalizedForcedTransactionNumber; uint256 finalForcedTransactionNumber; bytes32 lastFinalizedForcedTransactionRollingHash; bytes32[] l2MerkleRoots; address[] filteredAddresses; bytes l2MessagingBlocksOffsets; }',
  'function finalizeBlocks(bytes _aggregatedProof, uint256 _proofType, FinalizationDataV4 _finalizationData)',
]);

/** The same finalization sent as FinalizationDataV4 (forced-transaction numbers 7 → 9, two filtered addresses), viem. */
export const FORCED = { last: 7n, final: 9n, lastHash: '0x' + '5a'.repeat(32), finalHash: 0xabcdefn, filtered: ['0x' + '01'.repeat(20), '0x' + '02'.repeat(20)] };
export function finalizeCalldataV4(): string {
  return encodeFunctionData({
    abi: ABI_V4,
    functionName: 'finalizeBlocks',
    args: [
      h(AGGREGATION.aggregatedProof),
      1n,
      {
        parentStateRootHash: h(AGGREGATION.parentStateRootHash),
        endBlockNumber: END,
        shnarfData: { parentShnarf: h(BLOB.prevShnarf!), snarkHash: h(BLOB.snarkHash!), finalStateRootHash: h(BLOB.finalStateRootHash!), dataEvaluationPoint: h(BLOB.expectedX!), dataEvaluationClaim: h(BLOB.expectedY!) },
        lastFinalizedTimestamp: BigInt(AGGREGATION.parentAggregationLastBlockTimestamp),
        finalTimestamp: BigInt(AGGREGATION.finalTimestamp),
        lastFinalizedL1RollingHash: h(AGGREGATION.parentAggregationLastL1RollingHash),
        l1RollingHash: h(AGGREGATION.l1RollingHash),
        lastFinalizedL1RollingHashMessageNumber: BigInt(AGGREGATION.parentAggregationLastL1RollingHashMessageNumber),
        l1RollingHashMessageNumber: BigInt(AGGREGATION.l1RollingHashMessageNumber),
        l2MerkleTreesDepth: BigInt(AGGREGATION.l2MerkleTreesDepth),
        lastFinalizedForcedTransactionNumber: FORCED.last,
        finalForcedTransactionNumber: FORCED.final,
        lastFinalizedForcedTransactionRollingHash: h(FORCED.lastHash),
        l2MerkleRoots: (AGGREGATION.l2MerkleRoots as string[]).map(h),
        filteredAddresses: FORCED.filtered.map(h),
        l2MessagingBlocksOffsets: h(AGGREGATION.l2MessagingBlocksOffsets),
      },
    ],
  });
}

/** The public input LineaRollupBase computes, word by word with viem: v3 (12 words), v3-chain (13), v4 (18). */
export function viemPublicInput(layout: 'v3' | 'v3-chain' | 'v4', chainConfiguration = '0x' + '00'.repeat(32)): bigint {
  const w = (x: bigint | string) => (typeof x === 'bigint' ? word(x) : h(x));
  const words = [
    w(AGGREGATION.parentAggregationFinalShnarf),
    w(AGGREGATION.finalShnarf),
    w(BigInt(AGGREGATION.parentAggregationLastBlockTimestamp)),
    w(BigInt(AGGREGATION.finalTimestamp)),
    w(BigInt(AGGREGATION.lastFinalizedBlockNumber)),
    w(END),
    w(AGGREGATION.parentAggregationLastL1RollingHash),
    w(AGGREGATION.l1RollingHash),
    w(BigInt(AGGREGATION.parentAggregationLastL1RollingHashMessageNumber)),
    w(BigInt(AGGREGATION.l1RollingHashMessageNumber)),
  ];
  if (layout === 'v4') words.push(w(FORCED.lastHash), w(FORCED.finalHash), w(FORCED.last), w(FORCED.final));
  words.push(w(BigInt(AGGREGATION.l2MerkleTreesDepth)), viemKeccak(('0x' + (AGGREGATION.l2MerkleRoots as string[]).map((r) => r.slice(2)).join('')) as `0x${string}`));
  if (layout !== 'v3') words.push(w(chainConfiguration));
  // abi.encodePacked(address[]): each address in a 32-byte word.
  if (layout === 'v4') words.push(viemKeccak(('0x' + FORCED.filtered.map((a) => a.slice(2).padStart(64, '0')).join('')) as `0x${string}`));
  const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
  return BigInt(viemKeccak(('0x' + words.map((x) => x.slice(2)).join('')) as `0x${string}`)) % R;
}
