/**
 * The block environment of a call at a verified head: the block's proven fields (src/l1/heads.ts),
 * the chain id, and the execution fork that the network's schedule puts at the block's time. The
 * schedule is the beacon chain's: each execution fork since the merge starts with a beacon fork
 * (Bellatrix → Paris … Fulu → Osaka, Gloas → Amsterdam), after Fulu each blob-schedule entry is a
 * BPO fork, and a network whose Amsterdam time is announced apart ({@link AMSTERDAM_TIMES}) must
 * agree with its config's Gloas time. A proven header that disagrees with the schedule (a block
 * access list hash before Amsterdam, or none from it on) is refused, never guessed through.
 * @module
 */
import { blobBaseFee, blobBaseFeeUpdateFraction, type BlockEnv, blockEnvOfForkHeader, type ExecutionFork, type NextRules } from '../../execution/block-env.ts';
import { type BlobParams, nextExcessBlobGas } from '../../execution/fees.ts';
import type { BlockHeader } from '../../execution/header.ts';
import { type ChainConfig, computeEpochAtSlot, forkAtSlot, forkEpoch, getBlobParameters, slotAtTime } from '../../l1/config.ts';
import type { ExecutionBlock, VerifiedHead } from '../../l1/heads.ts';
import { VerificationError } from '../../core/errors.ts';

const EXECUTION_FORK_OF = {
  bellatrix: 'paris',
  capella: 'shanghai',
  deneb: 'cancun',
  electra: 'prague',
  fulu: 'osaka',
  gloas: 'amsterdam',
} as const satisfies Partial<Record<string, ExecutionFork>>;

/**
 * Amsterdam's activation time by chain id where the network announced it (the execution clients'
 * configs): Sepolia's first Amsterdam block, 11,856,337, has this timestamp (ethereum/pm#2205,
 * Gloas at epoch 353024). Mainnet's and Hoodi's are learned as their Gloas epochs are.
 */
export const AMSTERDAM_TIMES: ReadonlyMap<bigint, bigint> = new Map([[11155111n, 1791294816n]]);

const BPO_FORKS = ['bpo1', 'bpo2', 'bpo3', 'bpo4', 'bpo5'] as const;

/**
 * The execution fork of a proven block: the schedule's at its time, checked against what the
 * header itself says (EIP-7928's block access list hash is in every Amsterdam header and in no
 * other).
 * @throws VerificationError EXECUTION_FORK_MISMATCH when the header and the schedule disagree, or a
 *   pinned Amsterdam time and the config's Gloas time do; EXECUTION_UNSUPPORTED before the merge
 */
export function executionForkOfBlock(config: ChainConfig, block: Pick<ExecutionBlock, 'timestamp' | 'blockAccessListHash'>): ExecutionFork {
  const slot = slotAtTime(config, Number(block.timestamp));
  const beacon = forkAtSlot(config, slot).name;
  const fork = scheduledFork(config, slot, beacon);
  const amsterdam = fork === 'amsterdam';
  if (amsterdam) checkAmsterdamTime(config);
  if (amsterdam !== (block.blockAccessListHash !== undefined)) {
    throw new VerificationError(
      'EXECUTION_FORK_MISMATCH',
      amsterdam
        ? `block at ${block.timestamp} is past ${config.name}'s Amsterdam fork but its proven header has no block access list hash: Vigil will not run it by either fork's rules`
        : `block at ${block.timestamp} is before ${config.name}'s Amsterdam fork but its proven header carries a block access list hash: Vigil will not run it by either fork's rules`,
    );
  }
  return fork;
}

/** A network's pinned Amsterdam time, when it has one, must be its config's Gloas time. */
function checkAmsterdamTime(config: ChainConfig): void {
  const id = depositChainId(config);
  const pinned = id === undefined ? undefined : AMSTERDAM_TIMES.get(id);
  if (pinned === undefined) return;
  const gloas = BigInt(config.genesisTime) + forkEpoch(config, 'gloas') * config.preset.SLOTS_PER_EPOCH * BigInt(config.secondsPerSlot);
  if (gloas !== pinned) {
    throw new VerificationError('EXECUTION_FORK_MISMATCH', `${config.name}'s Amsterdam fork is at ${pinned}, but its config puts Gloas at ${gloas}: Vigil will not guess which rules run`);
  }
}

/** The blob-parameter fork an Amsterdam block at `slot` runs under (BlockEnv.blobFork); none for another fork, whose name says it. */
function amsterdamBlobFork(config: ChainConfig, slot: bigint, fork: ExecutionFork): ExecutionFork | undefined {
  return fork === 'amsterdam' ? blobForkAt(config, slot) : undefined;
}

/**
 * The fork whose blob parameters hold at `slot`: Gloas keeps Fulu's blob schedule (EIP-7892), so
 * a Gloas slot counts its blob-parameter forks as Osaka's do, whatever rules build its blocks.
 */
export function blobForkAt(config: ChainConfig, slot: bigint): ExecutionFork {
  const beacon = forkAtSlot(config, slot).name;
  return scheduledFork(config, slot, beacon === 'gloas' ? 'fulu' : beacon);
}

/** The execution fork a beacon fork runs at `slot` (Osaka's BPO forks by the blob schedule). */
function scheduledFork(config: ChainConfig, slot: bigint, beacon: string): ExecutionFork {
  if (!(beacon in EXECUTION_FORK_OF)) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `slot ${slot} is in ${beacon}, before the merge: no execution to run`);
  }
  const fork = EXECUTION_FORK_OF[beacon as keyof typeof EXECUTION_FORK_OF];
  if (fork !== 'osaka') return fork as ExecutionFork;
  const epoch = computeEpochAtSlot(config, slot);
  const fulu = forkEpoch(config, 'fulu');
  const bpos = config.blobSchedule.filter((e) => e.epoch > fulu && e.epoch <= epoch).length;
  if (bpos === 0) return 'osaka';
  if (bpos > BPO_FORKS.length) {
    throw new VerificationError('EXECUTION_UNSUPPORTED', `slot ${slot} is past blob-parameter fork ${bpos}, which this version of Vigil does not know`);
  }
  return BPO_FORKS[bpos - 1]!;
}

/** The chain id of a network config (DEPOSIT_CHAIN_ID, as every public network sets it). */
export function chainIdOf(config: ChainConfig): bigint {
  const id = depositChainId(config);
  if (id === undefined) throw new VerificationError('EXECUTION_UNSUPPORTED', `the network config of ${config.name} names no DEPOSIT_CHAIN_ID`);
  return id;
}

/** DEPOSIT_CHAIN_ID, when the config names one. */
function depositChainId(config: ChainConfig): bigint | undefined {
  const id = config.json.DEPOSIT_CHAIN_ID;
  return typeof id === 'number' || typeof id === 'string' ? BigInt(id) : undefined;
}

/** Blob limits of the block at `timestamp`: Deneb 6/3, Electra its config's max and 6, then the blob schedule with target ⅔ of max; undefined before Cancun. */
export function blobParamsAt(config: ChainConfig, timestamp: bigint): BlobParams | undefined {
  const slot = slotAtTime(config, Number(timestamp));
  const fork = blobForkAt(config, slot);
  const updateFraction = blobBaseFeeUpdateFraction(fork);
  if (updateFraction === undefined) return undefined;
  if (fork === 'cancun') return { maxBlobs: 6n, targetBlobs: 3n, updateFraction, reservePrice: false };
  if (fork === 'prague') return { maxBlobs: config.maxBlobsPerBlockElectra, targetBlobs: 6n, updateFraction, reservePrice: false };
  const { maxBlobsPerBlock } = getBlobParameters(config, computeEpochAtSlot(config, slot));
  return { maxBlobs: maxBlobsPerBlock, targetBlobs: (maxBlobsPerBlock * 2n) / 3n, updateFraction, reservePrice: true };
}

/**
 * The block environment of a verified head, with what the block after it takes from it: the
 * beacon block root (its parent beacon block root) and its excess blob gas (from this block's,
 * by the next slot's blob parameters), so a run in that block reads its BLOBBASEFEE, not this one's.
 */
export function blockEnvAt(head: VerifiedHead, config: ChainConfig, chainId = chainIdOf(config)): BlockEnv {
  const e = head.execution;
  // The block's own time: from Gloas on it trails the beacon slot that proved it.
  const fork = executionForkOfBlock(config, e);
  const blobFork = amsterdamBlobFork(config, slotAtTime(config, Number(e.timestamp)), fork);
  const next = blobParamsAt(config, e.timestamp + BigInt(config.secondsPerSlot));
  const nextExcess =
    next !== undefined && blobBaseFeeUpdateFraction(blobFork ?? fork) !== undefined
      ? nextExcessBlobGas({ excessBlobGas: e.excessBlobGas, blobGasUsed: e.blobGasUsed, baseFeePerGas: e.baseFeePerGas }, blobBaseFee({ fork, ...(blobFork !== undefined ? { blobFork } : {}), excessBlobGas: e.excessBlobGas }), next)
      : undefined;
  const nextRules = nextRulesAfter(config, e.timestamp, fork, blobFork);
  return {
    chainId,
    fork,
    ...(nextRules !== undefined ? { nextRules } : {}),
    number: e.blockNumber,
    hash: e.blockHash,
    parentHash: e.parentHash,
    stateRoot: e.stateRoot,
    timestamp: e.timestamp,
    coinbase: e.feeRecipient,
    prevRandao: e.prevRandao,
    gasLimit: e.gasLimit,
    baseFeePerGas: e.baseFeePerGas,
    excessBlobGas: e.excessBlobGas,
    ...(blobFork !== undefined ? { blobFork } : {}),
    ...(e.slotNumber !== undefined ? { slotNumber: e.slotNumber } : {}),
    gasUsed: e.gasUsed,
    beaconRoot: head.nextParentBeaconRoot,
    ...(nextExcess !== undefined ? { nextExcessBlobGas: nextExcess } : {}),
  };
}

/**
 * The rules of the block after one at `timestamp`, when the schedule changes them there: the head
 * is the last block before a fork (Amsterdam, or a BPO fork's blob parameters), and a transaction
 * previewed in the next block runs by the next block's rules.
 */
function nextRulesAfter(config: ChainConfig, timestamp: bigint, fork: ExecutionFork, blobFork: ExecutionFork | undefined): NextRules | undefined {
  const slot = slotAtTime(config, Number(timestamp + BigInt(config.secondsPerSlot)));
  const next = scheduledFork(config, slot, forkAtSlot(config, slot).name);
  const nextBlob = amsterdamBlobFork(config, slot, next);
  if (next === fork && nextBlob === blobFork) return undefined;
  return { fork: next, ...(nextBlob !== undefined ? { blobFork: nextBlob } : {}), ...(next === 'amsterdam' && fork !== 'amsterdam' ? { slotNumber: slot } : {}) };
}

/** The block environment of an execution header verified by its hash (an ancestor of a head). */
export function blockEnvOfHeader(header: BlockHeader, hash: Uint8Array, config: ChainConfig, chainId = chainIdOf(config)): BlockEnv {
  const fork = executionForkOfBlock(config, header);
  const env = blockEnvOfForkHeader(header, hash, chainId, fork);
  const blobFork = amsterdamBlobFork(config, slotAtTime(config, Number(header.timestamp)), fork);
  return blobFork !== undefined ? { ...env, blobFork } : env;
}

