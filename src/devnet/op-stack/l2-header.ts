/**
 * The devnet OP chain's block header, as op-geth seals an Isthmus or Jovian block
 * (ethereum-optimism/specs protocol/isthmus/exec-engine.md, protocol/jovian/exec-engine.md;
 * op-geth consensus/misc/eip1559): the Prague header's 21 fields with the L2ToL1MessagePasser's
 * storage root as `withdrawalsRoot`, no requests (`requestsHash` = sha256 of nothing), no blobs
 * (`excessBlobGas` 0; Jovian's `blobGasUsed` is the block's DA footprint), the L1 origin's parent
 * beacon block root and prevRandao, and the EIP-1559 parameters and minimum base fee in
 * `extraData`. Written for the devnet on viem, apart from Vigil's reading of the same header
 * (src/l2/op-stack/gossip/payload.ts, fees/base-fee.ts), so that each checks the other.
 * @module
 */
import { concatHex, keccak256, numberToHex, padHex, sha256, toRlp, type Hex } from 'viem';

/** The chain's EIP-1559 parameters as Jovian's extraData carries them. */
export interface OpEip1559 {
  /** uint32, non-zero. */
  denominator: number;
  /** uint32, non-zero. */
  elasticity: number;
  /** uint64, wei. */
  minBaseFee: bigint;
}

/** op-deployer's defaults for a new chain (Canyon's denominator 250, elasticity 6) and no minimum base fee. */
export const DEVNET_OP_EIP1559: OpEip1559 = { denominator: 250, elasticity: 6, minBaseFee: 0n };

/** Jovian's extraData: version 1 ‖ u32 denominator ‖ u32 elasticity ‖ u64 minBaseFee (17 bytes). */
export function jovianExtraData(p: OpEip1559): Hex {
  return concatHex(['0x01', padHex(numberToHex(p.denominator), { size: 4 }), padHex(numberToHex(p.elasticity), { size: 4 }), padHex(numberToHex(p.minBaseFee), { size: 8 })]);
}

/**
 * The base fee of the block after `parent`, by Jovian's rules (op-geth CalcBaseFee): EIP-1559 with
 * the parent's own parameters, metering the larger of its gas used and its DA footprint, then
 * raised to the minimum base fee. A rise is at least 1 wei.
 */
export function nextL2BaseFee(parent: { gasLimit: bigint; gasUsed: bigint; daFootprint: bigint; baseFee: bigint }, p: OpEip1559): bigint {
  const target = parent.gasLimit / BigInt(p.elasticity);
  const used = parent.gasUsed > parent.daFootprint ? parent.gasUsed : parent.daFootprint;
  let next: bigint;
  if (used === target) next = parent.baseFee;
  else if (used > target) {
    const delta = (parent.baseFee * (used - target)) / target / BigInt(p.denominator);
    next = parent.baseFee + (delta > 1n ? delta : 1n);
  } else {
    const delta = (parent.baseFee * (target - used)) / target / BigInt(p.denominator);
    next = parent.baseFee > delta ? parent.baseFee - delta : 0n;
  }
  return next > p.minBaseFee ? next : p.minBaseFee;
}

/** What a block's header is built from. */
export interface L2HeaderFields {
  parentHash: Hex;
  /** The SequencerFeeVault: priority fees go there. */
  feeRecipient: Hex;
  stateRoot: Hex;
  transactionsRoot: Hex;
  receiptsRoot: Hex;
  logsBloom: Hex;
  /** The L1 origin's prevRandao. */
  prevRandao: Hex;
  number: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  timestamp: bigint;
  extraData: Hex;
  baseFee: bigint;
  /** The L2ToL1MessagePasser's storage root after the block. */
  messagePasserStorageRoot: Hex;
  /** Jovian: the DA footprint; 0 before. */
  blobGasUsed: bigint;
  /** The L1 origin's parent beacon block root. */
  parentBeaconBlockRoot: Hex;
}

/** keccak256(rlp([])): no ommers. */
const EMPTY_OMMERS = keccak256(toRlp([]));
/** sha256 of no requests: an OP block has none (Isthmus). */
const EMPTY_REQUESTS = sha256('0x');

/** The header's RLP and its hash (the block hash). */
export function sealL2Header(h: L2HeaderFields): { rlp: Hex; hash: Hex } {
  const q = (n: bigint): Hex => (n === 0n ? '0x' : numberToHex(n));
  const rlp = toRlp([
    h.parentHash,
    EMPTY_OMMERS,
    h.feeRecipient,
    h.stateRoot,
    h.transactionsRoot,
    h.receiptsRoot,
    h.logsBloom,
    '0x', // difficulty
    q(h.number),
    q(h.gasLimit),
    q(h.gasUsed),
    q(h.timestamp),
    h.extraData,
    h.prevRandao,
    '0x0000000000000000', // nonce
    q(h.baseFee),
    h.messagePasserStorageRoot,
    q(h.blobGasUsed),
    '0x', // excessBlobGas
    h.parentBeaconBlockRoot,
    EMPTY_REQUESTS,
  ]);
  return { rlp, hash: keccak256(rlp) };
}
