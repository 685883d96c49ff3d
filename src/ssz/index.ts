/**
 * SSZ for the beacon light client: types with strict (de)serialization, hash_tree_root and
 * Beacon API JSON; generalized indices; Merkle branches. consensus-specs ssz/simple-serialize.md
 * and ssz/merkle-proofs.md.
 *
 * @example
 * import * as ssz from './ssz/index.ts';
 * const BeaconBlockHeader = ssz.Container({
 *   slot: ssz.uint64, proposerIndex: ssz.uint64,
 *   parentRoot: ssz.Bytes32, stateRoot: ssz.Bytes32, bodyRoot: ssz.Bytes32,
 * }, { typeName: 'BeaconBlockHeader' });
 * type BeaconBlockHeader = ssz.ValueOf<typeof BeaconBlockHeader>;
 * const header = BeaconBlockHeader.fromJson(json);          // InputError if malformed
 * const same = BeaconBlockHeader.deserialize(bytes);         // VerificationError('SSZ_INVALID')
 * BeaconBlockHeader.hashTreeRoot(header);                    // 32 bytes
 * @module
 */
export type { Json, PathItem, ValueOf } from './types/type.ts';
export { SszType, BasicType, CompositeType } from './types/type.ts';
export { UintNumberType, UintBigintType, uint8, uint16, uint32, uint64, uint128, uint256 } from './types/uint.ts';
export { BooleanType, boolean } from './types/boolean.ts';
export { ByteVectorType, ByteListType, ByteVector, ByteList } from './types/bytes.ts';
export { BitvectorType, BitlistType, Bitvector, Bitlist } from './types/bits.ts';
export { VectorType, Vector } from './types/vector.ts';
export { ListType, List } from './types/list.ts';
export { ContainerType, Container, toSnakeCase } from './types/container.ts';
export type { Fields, ValueOfFields, ContainerOptions } from './types/container.ts';
export { Bytes4, Bytes20, Bytes32, Bytes48, Bytes96 } from './types/aliases.ts';
export { merkleize } from './merkleize.ts';
export { floorLog2, getSubtreeIndex, concatGeneralizedIndices, getGeneralizedIndex } from './gindex.ts';
export {
  isValidMerkleBranch,
  isValidNormalizedMerkleBranch,
  assertValidMerkleBranch,
  createBranch,
  computeMerkleBranchRoot,
  normalizeMerkleBranch,
} from './branch.ts';
export type { MerkleBranch } from './branch.ts';
