/**
 * What each OP fork runs: the L1 fork its EVM builds on, its differences from that fork's EVM
 * (P256VERIFY's price, the precompile input caps, BLOBBASEFEE, no blob transactions), the gossip
 * version its blocks travel in, its fee formulas and its base-fee rule. One table; everything that
 * asks "which rules hold at this L2 block" reads it through {@link opRulesAt}. Pure.
 *
 * Sources (docs/research/op-stack-forks.md has each with its commit):
 * - L1 base: op-revm `spec.rs` (Bedrock, Regolith → Merge; Canyon, Delta → Shanghai; Ecotone …
 *   Holocene → Cancun; Isthmus, Jovian → Prague; Karst → Osaka).
 * - Precompiles: op-revm `precompiles.rs` (Fjord: P256VERIFY at 0x100, 3450 gas; Granite: bn254
 *   pairing input ≤ 112,687 bytes; Isthmus: BLS12-381 with G1MSM ≤ 513,760, G2MSM ≤ 488,448,
 *   pairing ≤ 235,008; Jovian: bn254 pairing ≤ 81,984, G1MSM ≤ 288,960, G2MSM ≤ 278,784, BLS
 *   pairing ≤ 156,672; Karst: Osaka's MODEXP and P256VERIFY (6900 gas), bn254 pairing ≤ 57,600);
 *   the specs' `<fork>/exec-engine.md` give the same caps. A longer input fails as a precompile
 *   failure does, taking all the gas given.
 * - BLOBBASEFEE pushes 1 from Ecotone (specs `ecotone/overview.md`; op-reth pins the blob price to 1
 *   whatever the header, Jovian's DA footprint in blobGasUsed included). The transaction envelope
 *   has no blob transactions.
 * @module
 */
import type { ExecutionFork, RollupRules } from '../../../execution/block-env.ts';
import type { BaseFeeRules } from '../fees/base-fee.ts';
import type { FeeFork } from '../fees/transaction-fee.ts';
import type { GossipVersion } from '../gossip/payload.ts';
import { type OpFork, opForkAt, opForkAtLeast, type OpForkSchedule } from './schedule.ts';

export interface OpForkRules {
  readonly fork: OpFork;
  /** The L1 fork whose EVM the block runs, with {@link evm}'s differences. */
  readonly l1Fork: ExecutionFork;
  readonly evm: RollupRules;
  /** The version of the unsafe-block gossip message its blocks travel in. */
  readonly gossipVersion: GossipVersion;
  /** The L1 data fee's formula (../fees/transaction-fee.ts); null before Ecotone (Bedrock's formula is not computed here). */
  readonly feeFork: FeeFork | null;
  /** Which rule computes the next block's base fee from this block. */
  readonly baseFee: BaseFeeRules['fork'];
}

const BN254_PAIRING = '0000000000000000000000000000000000000008';
const BLS_G1MSM = '000000000000000000000000000000000000000c';
const BLS_G2MSM = '000000000000000000000000000000000000000e';
const BLS_PAIRING = '000000000000000000000000000000000000000f';

/** RIP-7212's price, which OP charges from Fjord until Karst takes EIP-7951's. */
const P256VERIFY_GAS_FJORD = 3450n;

const GRANITE_CAPS = { [BN254_PAIRING]: 112_687 };
const ISTHMUS_CAPS = { ...GRANITE_CAPS, [BLS_G1MSM]: 513_760, [BLS_G2MSM]: 488_448, [BLS_PAIRING]: 235_008 };
const JOVIAN_CAPS = { [BN254_PAIRING]: 81_984, [BLS_G1MSM]: 288_960, [BLS_G2MSM]: 278_784, [BLS_PAIRING]: 156_672 };
const KARST_CAPS = { ...JOVIAN_CAPS, [BN254_PAIRING]: 57_600 };

type Row = Omit<OpForkRules, 'fork' | 'evm'> & { readonly caps?: Record<string, number>; readonly p256?: bigint };

const TABLE: Readonly<Record<OpFork, Row>> = {
  bedrock: { l1Fork: 'paris', gossipVersion: 1, feeFork: null, baseFee: 'pre-holocene' },
  regolith: { l1Fork: 'paris', gossipVersion: 1, feeFork: null, baseFee: 'pre-holocene' },
  canyon: { l1Fork: 'shanghai', gossipVersion: 2, feeFork: null, baseFee: 'pre-holocene' },
  delta: { l1Fork: 'shanghai', gossipVersion: 2, feeFork: null, baseFee: 'pre-holocene' },
  ecotone: { l1Fork: 'cancun', gossipVersion: 3, feeFork: 'ecotone', baseFee: 'pre-holocene' },
  fjord: { l1Fork: 'cancun', gossipVersion: 3, feeFork: 'fjord', baseFee: 'pre-holocene', p256: P256VERIFY_GAS_FJORD },
  granite: { l1Fork: 'cancun', gossipVersion: 3, feeFork: 'granite', baseFee: 'pre-holocene', p256: P256VERIFY_GAS_FJORD, caps: GRANITE_CAPS },
  holocene: { l1Fork: 'cancun', gossipVersion: 3, feeFork: 'holocene', baseFee: 'holocene', p256: P256VERIFY_GAS_FJORD, caps: GRANITE_CAPS },
  isthmus: { l1Fork: 'prague', gossipVersion: 4, feeFork: 'isthmus', baseFee: 'holocene', p256: P256VERIFY_GAS_FJORD, caps: ISTHMUS_CAPS },
  jovian: { l1Fork: 'prague', gossipVersion: 4, feeFork: 'jovian', baseFee: 'jovian', p256: P256VERIFY_GAS_FJORD, caps: JOVIAN_CAPS },
  // Osaka's P256VERIFY (6900 gas) and MODEXP come with the L1 fork.
  karst: { l1Fork: 'osaka', gossipVersion: 4, feeFork: 'karst', baseFee: 'jovian', caps: KARST_CAPS },
};

/** The rules of an OP fork. */
export function opRules(fork: OpFork): OpForkRules {
  const { caps, p256, ...row } = TABLE[fork];
  const fromEcotone = row.feeFork !== null;
  const evm: RollupRules = {
    id: `op-stack:${fork}`,
    ...(p256 !== undefined ? { p256VerifyGas: p256 } : {}),
    ...(caps !== undefined ? { inputCaps: { ...caps } } : {}),
    blobTransactions: false,
    ...(fromEcotone ? { blobBaseFee: 1n } : {}),
  };
  return { fork, ...row, evm };
}

/**
 * The rules of the L2 block at `timestamp` on a chain with `schedule`.
 * @throws VerificationError OP_UNSUPPORTED_FORK past a fork Vigil does not know.
 */
export function opRulesAt(schedule: OpForkSchedule, timestamp: bigint): OpForkRules {
  return opRules(opForkAt(schedule, timestamp));
}

/** A chain's EIP-1559 parameters before Holocene (its rollup config: `eip1559Elasticity`, `eip1559Denominator`, `eip1559DenominatorCanyon`). */
export interface OpChainEip1559 {
  readonly elasticity: bigint;
  readonly denominator: bigint;
  /** From Canyon. */
  readonly denominatorCanyon: bigint;
}

/**
 * The base-fee rule for a block at `timestamp` whose parent is at `parentTimestamp`, as op-geth's
 * CalcBaseFee decides it: Holocene's and Jovian's header parameters by the parent's time, the
 * chain's denominator before Holocene by the new block's time (Canyon's from Canyon on).
 */
export function baseFeeRulesAt(schedule: OpForkSchedule, parentTimestamp: bigint, timestamp: bigint, chain: OpChainEip1559): BaseFeeRules {
  const fork = opRulesAt(schedule, parentTimestamp).baseFee;
  if (fork !== 'pre-holocene') return { fork };
  const canyon = opForkAtLeast(opForkAt(schedule, timestamp), 'canyon');
  return { fork, params: { elasticity: chain.elasticity, denominator: canyon ? chain.denominatorCanyon : chain.denominator } };
}
