/**
 * Linea's finalization, rebuilt from the calldata L1 accepted: the shnarf of the last submitted
 * data and the one public input of the aggregation proof that `LineaRollup.finalizeBlocks` hands
 * its gnark PLONK verifier (`Verify(bytes, uint256[])`). With them, the aggregation proof is
 * re-verified here (src/zk/gnark-plonk.ts) against an input this code computed, not one read
 * from a server. Pure.
 *
 * Sources (Consensys/linea-monorepo, `contracts/src/rollup/`):
 * - `LineaRollupBase.sol` `_computeShnarf` (at cb180134d7b7904ca588e6d99264b7b10fe06929, L334-350):
 *   shnarf = keccak256(parentShnarf ‖ snarkHash ‖ finalStateRootHash ‖ dataEvaluationPoint ‖ dataEvaluationClaim);
 * - `_computePublicInput`, in three layouts that mainnet has run in turn:
 *   - `v3`: FinalizationDataV3, before "dynamic chain variables" (9366e3f6, 2025-12-18; the code of
 *     its parent 9366e3f6^): keccak of 12 words (below) mod r;
 *   - `v3-chain`: FinalizationDataV3 from 9366e3f6 until 4ddbeba8 (2026-04-29): the 12 words and
 *     the verifier's chain configuration (`IPlonkVerifier.getChainConfiguration()`, an immutable
 *     of the verifier, read from its pinned code by the caller), 13 words;
 *   - `v4`: FinalizationDataV4 (at cb180134): forced-transaction words and the hash of the
 *     filtered addresses too, 18 words.
 *   The words, in order: lastFinalizedShnarf, finalShnarf, lastFinalizedTimestamp, finalTimestamp,
 *   lastFinalizedBlockNumber, endBlockNumber, lastFinalizedL1RollingHash, l1RollingHash,
 *   lastFinalizedL1RollingHashMessageNumber, l1RollingHashMessageNumber, [v4:
 *   lastFinalizedForcedTransactionRollingHash, finalForcedTransactionRollingHash,
 *   lastFinalizedForcedTransactionNumber, finalForcedTransactionNumber], l2MerkleTreesDepth,
 *   keccak256(l2MerkleRoots packed), [v3-chain, v4: chainConfiguration], [v4:
 *   keccak256(filteredAddresses, each a 32-byte word)].
 * `lastFinalizedShnarf` (`currentFinalizedShnarf`), `lastFinalizedBlockNumber`
 * (`currentL2BlockNumber`) and, for v4, the final forced-transaction rolling hash
 * (`forcedTransactionRollingHashes[finalForcedTransactionNumber]`) are L1 storage the contract
 * reads: the caller proves them and passes them in.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, hexToBytes } from '../../core/bytes.ts';
import { InputError } from '../../core/errors.ts';
import { BN254_R } from '../../crypto/bn254.ts';
import { keccak256 } from '../../crypto/keccak.ts';
import { type AbiValue, decodeAbi, functionSelector } from '../../execution/abi.ts';

/** ShnarfData: what one data submission commits to. */
export interface LineaShnarfData {
  parentShnarf: Uint8Array;
  snarkHash: Uint8Array;
  finalStateRootHash: Uint8Array;
  dataEvaluationPoint: Uint8Array;
  dataEvaluationClaim: Uint8Array;
}

/** FinalizationDataV3 and V4's fields (V4's own are absent in V3). */
export interface LineaFinalization {
  parentStateRootHash: Uint8Array;
  endBlockNumber: bigint;
  shnarfData: LineaShnarfData;
  lastFinalizedTimestamp: bigint;
  finalTimestamp: bigint;
  lastFinalizedL1RollingHash: Uint8Array;
  l1RollingHash: Uint8Array;
  lastFinalizedL1RollingHashMessageNumber: bigint;
  l1RollingHashMessageNumber: bigint;
  l2MerkleTreesDepth: bigint;
  l2MerkleRoots: Uint8Array[];
  l2MessagingBlocksOffsets: Uint8Array;
  /** V4 only. */
  forced?: { lastFinalizedForcedTransactionNumber: bigint; finalForcedTransactionNumber: bigint; lastFinalizedForcedTransactionRollingHash: Uint8Array };
  /** V4 only. */
  filteredAddresses?: Uint8Array[];
}

export type LineaPublicInputLayout = 'v3' | 'v3-chain' | 'v4';

/** What the rollup contract reads from its own storage (and its verifier) when it finalizes. */
export interface LineaFinalizedState {
  /** `currentFinalizedShnarf` before this finalization. */
  lastFinalizedShnarf: Uint8Array;
  /** `currentL2BlockNumber` before this finalization. */
  lastFinalizedBlockNumber: bigint;
  /** `getChainConfiguration()` of the verifier (v3-chain, v4). */
  chainConfiguration?: Uint8Array;
  /** `forcedTransactionRollingHashes[finalForcedTransactionNumber]` (v4). */
  finalForcedTransactionRollingHash?: Uint8Array;
}

const SHNARF_DATA = '(bytes32,bytes32,bytes32,bytes32,bytes32)';
const V3_TUPLE = `(bytes32,uint256,${SHNARF_DATA},uint256,uint256,bytes32,bytes32,uint256,uint256,uint256,bytes32[],bytes)`;
const V4_TUPLE = `(bytes32,uint256,${SHNARF_DATA},uint256,uint256,bytes32,bytes32,uint256,uint256,uint256,uint256,uint256,bytes32,bytes32[],address[],bytes)`;
/** `finalizeBlocks(bytes,uint256,FinalizationDataV3)`: 0x5603c65f. */
export const FINALIZE_BLOCKS_V3 = `finalizeBlocks(bytes,uint256,${V3_TUPLE})`;
/** `finalizeBlocks(bytes,uint256,FinalizationDataV4)`. */
export const FINALIZE_BLOCKS_V4 = `finalizeBlocks(bytes,uint256,${V4_TUPLE})`;

const bytes32 = (v: Uint8Array, title: string): Uint8Array => {
  if (!(v instanceof Uint8Array) || v.length !== 32) throw new InputError(`"${title}" expected 32 bytes, got ${v instanceof Uint8Array ? `length=${v.length}` : typeof v}`);
  return v;
};
const uint = (v: bigint, title: string): Uint8Array => {
  if (typeof v !== 'bigint' || v < 0n || v >= 1n << 256n) throw new InputError(`"${title}" expected a uint256, got ${typeof v === 'bigint' ? v.toString().slice(0, 40) : typeof v}`);
  return bigIntToBytesPadded(v, 32);
};

/**
 * The shnarf of a submission.
 * @example lineaShnarf(f.shnarfData) // equals the finalization's finalShnarf
 */
export function lineaShnarf(d: LineaShnarfData): Uint8Array {
  return keccak256(
    concatBytes(
      bytes32(d.parentShnarf, 'parentShnarf'),
      bytes32(d.snarkHash, 'snarkHash'),
      bytes32(d.finalStateRootHash, 'finalStateRootHash'),
      bytes32(d.dataEvaluationPoint, 'dataEvaluationPoint'),
      bytes32(d.dataEvaluationClaim, 'dataEvaluationClaim'),
    ),
  );
}

/**
 * The aggregation proof's public input for `f` finalized on top of `state`, as the contract of
 * `layout` computes it (the shnarf rebuilt here from `f.shnarfData`).
 * @throws InputError when a field the layout needs is missing or not of its form
 * @example lineaPublicInput('v3', f, { lastFinalizedShnarf, lastFinalizedBlockNumber })
 */
export function lineaPublicInput(layout: LineaPublicInputLayout, f: LineaFinalization, state: LineaFinalizedState): bigint {
  const words: Uint8Array[] = [
    bytes32(state.lastFinalizedShnarf, 'lastFinalizedShnarf'),
    lineaShnarf(f.shnarfData),
    uint(f.lastFinalizedTimestamp, 'lastFinalizedTimestamp'),
    uint(f.finalTimestamp, 'finalTimestamp'),
    uint(state.lastFinalizedBlockNumber, 'lastFinalizedBlockNumber'),
    uint(f.endBlockNumber, 'endBlockNumber'),
    bytes32(f.lastFinalizedL1RollingHash, 'lastFinalizedL1RollingHash'),
    bytes32(f.l1RollingHash, 'l1RollingHash'),
    uint(f.lastFinalizedL1RollingHashMessageNumber, 'lastFinalizedL1RollingHashMessageNumber'),
    uint(f.l1RollingHashMessageNumber, 'l1RollingHashMessageNumber'),
  ];
  if (layout === 'v4') {
    if (f.forced === undefined || f.filteredAddresses === undefined) throw new InputError('"finalization" expected FinalizationDataV4 (forced transactions, filtered addresses) for the v4 layout');
    if (state.finalForcedTransactionRollingHash === undefined) throw new InputError('"finalForcedTransactionRollingHash" expected for the v4 layout');
    words.push(
      bytes32(f.forced.lastFinalizedForcedTransactionRollingHash, 'lastFinalizedForcedTransactionRollingHash'),
      bytes32(state.finalForcedTransactionRollingHash, 'finalForcedTransactionRollingHash'),
      uint(f.forced.lastFinalizedForcedTransactionNumber, 'lastFinalizedForcedTransactionNumber'),
      uint(f.forced.finalForcedTransactionNumber, 'finalForcedTransactionNumber'),
    );
  } else if (layout !== 'v3' && layout !== 'v3-chain') {
    throw new InputError(`"layout" expected v3, v3-chain or v4, got ${String(layout).slice(0, 40)}`);
  }
  words.push(uint(f.l2MerkleTreesDepth, 'l2MerkleTreesDepth'), keccak256(concatBytes(...f.l2MerkleRoots.map((r, i) => bytes32(r, `l2MerkleRoots[${i}]`)))));
  if (layout !== 'v3') {
    if (state.chainConfiguration === undefined) throw new InputError(`"chainConfiguration" expected for the ${layout} layout`);
    words.push(bytes32(state.chainConfiguration, 'chainConfiguration'));
  }
  if (layout === 'v4') {
    const padded = f.filteredAddresses!.map((a, i) => {
      if (!(a instanceof Uint8Array) || a.length !== 20) throw new InputError(`"filteredAddresses[${i}]" expected 20 bytes`);
      return concatBytes(new Uint8Array(12), a);
    });
    words.push(keccak256(concatBytes(...padded)));
  }
  return bytesToBigInt(keccak256(concatBytes(...words))) % BN254_R;
}

/** A `finalizeBlocks` call decoded: the proof, its type (the `verifiers` key) and the finalization data. */
export interface LineaFinalizeCall {
  version: 'v3' | 'v4';
  aggregatedProof: Uint8Array;
  proofType: bigint;
  finalization: LineaFinalization;
}

const SELECTOR_V3 = /* @__PURE__ */ functionSelector(FINALIZE_BLOCKS_V3);
const SELECTOR_V4 = /* @__PURE__ */ functionSelector(FINALIZE_BLOCKS_V4);

/**
 * Decodes the calldata of a `finalizeBlocks` transaction (V3 or V4 by its selector).
 * @throws VerificationError ABI_MALFORMED for calldata that does not decode; InputError for another function
 */
export function decodeFinalizeBlocks(calldata: Uint8Array): LineaFinalizeCall {
  if (!(calldata instanceof Uint8Array) || calldata.length < 4) throw new InputError('"calldata" expected at least a 4-byte selector');
  const selector = bytesToHex(calldata.subarray(0, 4));
  const version = selector === SELECTOR_V3 ? 'v3' : selector === SELECTOR_V4 ? 'v4' : undefined;
  if (version === undefined) throw new InputError(`"calldata" expected finalizeBlocks (${SELECTOR_V3} or ${SELECTOR_V4}), got selector ${selector}`);
  const [proof, proofType, data] = decodeAbi(['bytes', 'uint256', version === 'v3' ? V3_TUPLE : V4_TUPLE], calldata.subarray(4));
  const t = data as readonly AbiValue[];
  const b = (v: AbiValue) => hexToBytes(v as string);
  const n = (v: AbiValue) => v as bigint;
  const s = t[2] as readonly AbiValue[];
  const finalization: LineaFinalization = {
    parentStateRootHash: b(t[0]!),
    endBlockNumber: n(t[1]!),
    shnarfData: { parentShnarf: b(s[0]!), snarkHash: b(s[1]!), finalStateRootHash: b(s[2]!), dataEvaluationPoint: b(s[3]!), dataEvaluationClaim: b(s[4]!) },
    lastFinalizedTimestamp: n(t[3]!),
    finalTimestamp: n(t[4]!),
    lastFinalizedL1RollingHash: b(t[5]!),
    l1RollingHash: b(t[6]!),
    lastFinalizedL1RollingHashMessageNumber: n(t[7]!),
    l1RollingHashMessageNumber: n(t[8]!),
    l2MerkleTreesDepth: n(t[9]!),
    l2MerkleRoots: [],
    l2MessagingBlocksOffsets: new Uint8Array(0),
  };
  if (version === 'v3') {
    finalization.l2MerkleRoots = (t[10] as readonly AbiValue[]).map(b);
    finalization.l2MessagingBlocksOffsets = b(t[11]!);
  } else {
    finalization.forced = { lastFinalizedForcedTransactionNumber: n(t[10]!), finalForcedTransactionNumber: n(t[11]!), lastFinalizedForcedTransactionRollingHash: b(t[12]!) };
    finalization.l2MerkleRoots = (t[13] as readonly AbiValue[]).map(b);
    finalization.filteredAddresses = (t[14] as readonly AbiValue[]).map(b);
    finalization.l2MessagingBlocksOffsets = b(t[15]!);
  }
  return { version, aggregatedProof: b(proof!), proofType: n(proofType!), finalization };
}
