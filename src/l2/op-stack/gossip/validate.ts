/**
 * A signed L2 block, checked: the gossip rules of specs@fd72cf79 specs/protocol/rollup-node-p2p.md
 * "Block validation", in the spec's order, each failure a VerificationError named after its rule
 * (malformed bytes are InputErrors). Pure: the time is passed in (`now`, absent offline), and the
 * blocks seen so far too (./seen.ts); nothing here changes them.
 *
 * DIFF FROM SPEC: a block seen already is still checked through its signature, then reported
 * (`alreadySeen`) rather than dropped unchecked: a relay's duplicate is no reason to skip a check.
 * DIFF FROM SPEC: blobGasUsed ≠ 0 on v4 is Jovian's DA footprint (kona block_validity.rs); the
 * spec still refuses it. It is refused before `jovianTime` when that is given; without it the fork
 * is unknown here and the value stands as the signed block hash binds it.
 * @module
 */
import { bytesToHex, hexToBytes } from '../../../core/bytes.ts';
import { VerificationError } from '../../../core/errors.ts';
import type { BlockHeader } from '../../../execution/header.ts';
import { outputRoot } from '../follow.ts';
import { decodeGossipBlock, type GossipBlock, recoverBlockSigner } from './message.ts';
import { checkBlockHash, type GossipVersion } from './payload.ts';
import { NO_BLOCKS_SEEN, type SeenBlocks, seenBefore } from './seen.ts';

/** specs: REJECT when the timestamp is older than 60 s, or more than 5 s in the future. */
export const MAX_BLOCK_AGE_SECONDS = 60n;
export const MAX_BLOCK_LEAD_SECONDS = 5n;

export interface BlockValidationOptions {
  chainId: bigint;
  /** The unsafe-block signer, proven on L1 (./signer-slot.ts). */
  signer: string;
  /** Unix seconds. Absent: no time window (an offline check of an old block). */
  now?: bigint;
  /** The blocks seen so far. Absent: none. */
  seen?: SeenBlocks;
  /** Jovian's activation time on the chain. Absent: a v4 block's blobGasUsed is not judged. */
  jovianTime?: bigint;
}

/** A block whose signature, hash and encoding verified. */
export interface SignedL2Block {
  version: GossipVersion;
  number: bigint;
  hash: Uint8Array;
  parentHash: Uint8Array;
  timestamp: bigint;
  stateRoot: Uint8Array;
  /** Lower-case 0x-hex. */
  signer: string;
  /** The header the payload builds (hashes to `hash`). */
  header: BlockHeader;
  /** v4: keccak256(0^32 ‖ stateRoot ‖ withdrawalsRoot ‖ hash), comparable with an output root L1 holds. */
  outputRoot?: Uint8Array;
  /** The seen blocks held it already (the spec ignores such a message; it is no less valid). */
  alreadySeen: boolean;
  block: GossipBlock;
}

/**
 * The rules every signed block must meet wherever it came from: its encoding, its block hash, its
 * signature, no time window and no count. What equivocation evidence is checked again by.
 * @throws InputError (encoding), VerificationError OP_GOSSIP_BLOCK_HASH_MISMATCH, OP_GOSSIP_SIGNATURE_INVALID
 */
export function readSignedBlock(wire: Uint8Array, version: GossipVersion, chainId: bigint): Omit<SignedL2Block, 'alreadySeen'> {
  const block = decodeGossipBlock(wire, version);
  const { header, hash } = checkBlockHash(block.payload, version, block.parentBeaconBlockRoot);
  return signedBlockOf(block, header, hash, recoverBlockSigner(block, chainId));
}

function signedBlockOf(block: GossipBlock, header: BlockHeader, hash: Uint8Array, signer: string): Omit<SignedL2Block, 'alreadySeen'> {
  const { payload, version } = block;
  const out: Omit<SignedL2Block, 'alreadySeen'> = {
    version,
    number: payload.blockNumber,
    hash,
    parentHash: payload.parentHash,
    timestamp: payload.timestamp,
    stateRoot: payload.stateRoot,
    signer,
    header,
    block,
  };
  if (version >= 4) out.outputRoot = outputRoot(payload.stateRoot, payload.withdrawalsRoot!, hash);
  return out;
}

/**
 * A gossip message of topic `version` checked by every rule: encoding, time window (against `now`),
 * block hash, the version's withdrawal and blob-gas rules, the count at its height, and its signer.
 * @throws InputError (encoding, options); VerificationError OP_GOSSIP_* naming the rule that failed
 * @example const head = validateBlock(wire, 4, { chainId: 10n, signer: provenSigner, now: BigInt(nowSeconds), seen })
 */
export function validateBlock(wire: Uint8Array, version: GossipVersion, options: BlockValidationOptions): SignedL2Block {
  const expected = bytesToHex(hexToBytes(options.signer, 20, 'signer'));
  const block = decodeGossipBlock(wire, version);
  const { payload } = block;
  const number = payload.blockNumber;
  if (options.now !== undefined) checkTimestamp(payload.timestamp, options.now, number);
  const { header, hash } = checkBlockHash(payload, version, block.parentBeaconBlockRoot);
  if (version >= 2 && payload.withdrawals!.length !== 0) {
    throw new VerificationError('OP_GOSSIP_WITHDRAWALS_NOT_EMPTY', `L2 block ${number} (v${version}) carries withdrawals`, { expected: '0', got: `${payload.withdrawals!.length}` });
  }
  if (version >= 3) checkBlobGas(payload.blobGasUsed!, payload.excessBlobGas!, version, payload.timestamp, options.jovianTime, number);
  const alreadySeen = seenBefore(options.seen ?? NO_BLOCKS_SEEN, number, bytesToHex(hash));
  const signer = recoverBlockSigner(block, options.chainId);
  if (signer !== expected) {
    throw new VerificationError('OP_GOSSIP_SIGNER_MISMATCH', `L2 block ${number} is not signed by the unsafe-block signer`, { expected, got: signer });
  }
  return { ...signedBlockOf(block, header, hash, signer), alreadySeen };
}

function checkTimestamp(timestamp: bigint, now: bigint, number: bigint): void {
  if (timestamp < now - MAX_BLOCK_AGE_SECONDS) {
    throw new VerificationError('OP_GOSSIP_TIMESTAMP_TOO_OLD', `L2 block ${number} is more than ${MAX_BLOCK_AGE_SECONDS} s old`, {
      expected: `timestamp ≥ ${now - MAX_BLOCK_AGE_SECONDS}`,
      got: `${timestamp} (${now - timestamp} s before ${now})`,
    });
  }
  if (timestamp > now + MAX_BLOCK_LEAD_SECONDS) {
    throw new VerificationError('OP_GOSSIP_TIMESTAMP_TOO_NEW', `L2 block ${number} is more than ${MAX_BLOCK_LEAD_SECONDS} s in the future`, {
      expected: `timestamp ≤ ${now + MAX_BLOCK_LEAD_SECONDS}`,
      got: `${timestamp} (${timestamp - now} s after ${now})`,
    });
  }
}

function checkBlobGas(blobGasUsed: bigint, excessBlobGas: bigint, version: GossipVersion, timestamp: bigint, jovianTime: bigint | undefined, number: bigint): void {
  if (excessBlobGas !== 0n) {
    throw new VerificationError('OP_GOSSIP_BLOB_GAS_NOT_ZERO', `L2 block ${number} has a non-zero excessBlobGas`, { expected: '0', got: `${excessBlobGas}` });
  }
  if (blobGasUsed === 0n) return;
  // Jovian (a v4 fork) made blobGasUsed the DA footprint; before it, and on v3 always, it is zero.
  const judged = version === 3 || (jovianTime !== undefined && timestamp < jovianTime);
  if (judged) {
    throw new VerificationError('OP_GOSSIP_BLOB_GAS_NOT_ZERO', `L2 block ${number} has a non-zero blobGasUsed before Jovian`, { expected: '0', got: `${blobGasUsed}` });
  }
}
