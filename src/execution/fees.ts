/**
 * Fee arithmetic over verified headers: the next block's base fee (EIP-1559). Pure.
 * @module
 */

const ELASTICITY_MULTIPLIER = 2n;
const BASE_FEE_MAX_CHANGE_DENOMINATOR = 8n;

/** The base fee of the block after one with these fields (EIP-1559's formula). */
export function nextBaseFee(parent: { gasUsed: bigint; gasLimit: bigint; baseFeePerGas: bigint }): bigint {
  const target = parent.gasLimit / ELASTICITY_MULTIPLIER;
  if (target === 0n || parent.gasUsed === target) return parent.baseFeePerGas;
  if (parent.gasUsed > target) {
    const delta = (parent.baseFeePerGas * (parent.gasUsed - target)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
    return parent.baseFeePerGas + (delta > 1n ? delta : 1n);
  }
  const delta = (parent.baseFeePerGas * (target - parent.gasUsed)) / target / BASE_FEE_MAX_CHANGE_DENOMINATOR;
  return parent.baseFeePerGas - delta;
}

/** The gas price a request pays in a block of `baseFee` (./call.ts charges it; 0 for a call with no fee fields, as eth_call). */
export function effectiveGasPrice(request: { gasPrice?: bigint | undefined; maxFeePerGas?: bigint | undefined; maxPriorityFeePerGas?: bigint | undefined }, baseFee: bigint): bigint {
  if (request.gasPrice !== undefined) return request.gasPrice;
  const cap = request.maxFeePerGas ?? 0n;
  const tip = request.maxPriorityFeePerGas ?? 0n;
  if (cap === 0n && tip === 0n) return 0n;
  return baseFee + tip < cap ? baseFee + tip : cap;
}

/** The lowest base fee the block after one with `baseFee` can have (that block empty). */
export function lowestNextBaseFee(baseFee: bigint): bigint {
  return baseFee - baseFee / BASE_FEE_MAX_CHANGE_DENOMINATOR;
}

const BLOB_BASE_COST = 1n << 13n;
const GAS_PER_BLOB = 1n << 17n;

/** A block's blob gas limits: max and target blobs per block of the fork it is in. */
export interface BlobParams {
  maxBlobs: bigint;
  targetBlobs: bigint;
  /** BLOB_BASE_FEE_UPDATE_FRACTION. */
  updateFraction: bigint;
  /** EIP-7918 (Osaka): the blob base fee is bounded below by the execution base fee. */
  reservePrice: boolean;
}

/**
 * calc_excess_blob_gas of the block after `parent` (EIP-4844, with EIP-7918's reserve price from
 * Osaka on), given the child's blob parameters.
 */
export function nextExcessBlobGas(
  parent: { excessBlobGas: bigint; blobGasUsed: bigint; baseFeePerGas: bigint },
  parentBlobBaseFee: bigint,
  params: BlobParams,
): bigint {
  const target = params.targetBlobs * GAS_PER_BLOB;
  const used = parent.excessBlobGas + parent.blobGasUsed;
  if (used < target) return 0n;
  if (params.reservePrice && BLOB_BASE_COST * parent.baseFeePerGas > GAS_PER_BLOB * parentBlobBaseFee) {
    return parent.excessBlobGas + (parent.blobGasUsed * (params.maxBlobs - params.targetBlobs)) / params.maxBlobs;
  }
  return used - target;
}
