/**
 * Super roots: what OP's super-root dispute games (SUPER_CANNON_KONA, type 9; the ZKDisputeGame,
 * type 10) claim instead of one chain's output root. A super root commits to the output roots of
 * every chain of a dependency set at one L2 timestamp:
 * `keccak256(0x01 ‖ uint64 timestamp ‖ (uint256 chainId ‖ bytes32 outputRoot)*)`, the entries
 * sorted by strictly ascending chain id (ethereum-optimism/optimism packages/contracts-bedrock
 * src/libraries/Encoding.sol `encodeSuperRootProof` / `decodeSuperRootProof`, and
 * src/libraries/SuperRoot.sol: version 0x01, at least one entry, OutputRootsNotSorted). A game's
 * extraData is this preimage; its root claim is its hash.
 * @module
 */
import { bigIntToBytesPadded, bytesToBigInt, bytesToHex, concatBytes, equalBytes } from '../../core/bytes.ts';
import { VerificationError } from '../../core/errors.ts';
import { keccak256 } from '../../crypto/keccak.ts';

/** Encoding.sol: the only super-root version. */
export const SUPER_ROOT_VERSION = 0x01;
const HEAD = 1 + 8;
const ENTRY = 64;

/** One chain's output root in a super root. */
export interface SuperRootEntry {
  readonly chainId: bigint;
  readonly outputRoot: Uint8Array;
}

export interface SuperRoot {
  /** The L2 timestamp every entry's output root is taken at. */
  readonly timestamp: bigint;
  readonly entries: readonly SuperRootEntry[];
}

function malformed(why: string, expected?: string, got?: string): VerificationError {
  return new VerificationError('OP_SUPER_ROOT_INVALID', `the super-root preimage ${why}`, {
    ...(expected !== undefined ? { expected } : {}),
    ...(got !== undefined ? { got } : {}),
  });
}

/**
 * Reads a super-root preimage as the contracts' decoder does, bounded in entries.
 * @throws VerificationError OP_SUPER_ROOT_INVALID: another version, a length that is not 9 + 64n,
 *   no entry, more than `maxEntries`, chain ids not strictly ascending.
 * @example decodeSuperRoot(extraData, 16).entries[0].chainId
 */
export function decodeSuperRoot(preimage: Uint8Array, maxEntries: number): SuperRoot {
  if (preimage.length < HEAD + ENTRY) throw malformed('is shorter than one entry', `≥ ${HEAD + ENTRY} bytes`, `${preimage.length} bytes`);
  if (preimage[0] !== SUPER_ROOT_VERSION) throw malformed('is of another version', String(SUPER_ROOT_VERSION), String(preimage[0]));
  if ((preimage.length - HEAD) % ENTRY !== 0) throw malformed('is not a whole number of entries', `9 + 64·n bytes`, `${preimage.length} bytes`);
  const count = (preimage.length - HEAD) / ENTRY;
  if (count > maxEntries) throw malformed('has more entries than a dependency set this config accepts', `≤ ${maxEntries}`, String(count));
  const timestamp = bytesToBigInt(preimage.subarray(1, HEAD));
  const entries: SuperRootEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEAD + i * ENTRY;
    const chainId = bytesToBigInt(preimage.subarray(at, at + 32));
    const previous = entries[i - 1];
    if (previous !== undefined && chainId <= previous.chainId) {
      throw malformed('has chain ids that are not strictly ascending', `> ${previous.chainId}`, String(chainId));
    }
    entries.push({ chainId, outputRoot: preimage.slice(at + 32, at + ENTRY) });
  }
  return { timestamp, entries };
}

/**
 * The preimage of a super root (Encoding.encodeSuperRootProof).
 * @example superRootHash(encodeSuperRoot({ timestamp, entries }))
 */
export function encodeSuperRoot(root: SuperRoot): Uint8Array {
  return concatBytes(
    Uint8Array.of(SUPER_ROOT_VERSION),
    bigIntToBytesPadded(root.timestamp, 8),
    ...root.entries.flatMap((e) => [bigIntToBytesPadded(e.chainId, 32), e.outputRoot]),
  );
}

/** keccak256 of a preimage: what a super-root game claims. */
export const superRootHash = (preimage: Uint8Array): Uint8Array => keccak256(preimage);

/**
 * The followed chain's entry in a super root: its index and output root.
 * @throws VerificationError OP_SUPER_ROOT_CHAIN_MISSING when no entry names the chain.
 * @example superRootEntry(decodeSuperRoot(extraData, 16), 11155420n).outputRoot
 */
export function superRootEntry(root: SuperRoot, chainId: bigint): { index: number; outputRoot: Uint8Array } {
  const index = root.entries.findIndex((e) => e.chainId === chainId);
  if (index < 0) {
    throw new VerificationError('OP_SUPER_ROOT_CHAIN_MISSING', `the super root at L2 time ${root.timestamp} has no output root of chain ${chainId}`, {
      expected: String(chainId),
      got: root.entries.map((e) => String(e.chainId)).join(', ') || 'none',
    });
  }
  return { index, outputRoot: root.entries[index]!.outputRoot };
}

/**
 * That a preimage hashes to the root claim a game holds.
 * @throws VerificationError OP_SUPER_ROOT_INVALID when it does not.
 */
export function checkSuperRootClaim(preimage: Uint8Array, rootClaim: Uint8Array, game: string): void {
  const hash = superRootHash(preimage);
  if (!equalBytes(hash, rootClaim)) {
    throw new VerificationError('OP_SUPER_ROOT_INVALID', `the super-root preimage of game ${game} does not hash to its root claim`, { expected: bytesToHex(rootClaim), got: bytesToHex(hash) });
  }
}
