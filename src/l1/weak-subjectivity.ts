/**
 * The weak-subjectivity period: how many epochs a trusted checkpoint (or a stored store's finalized
 * header) may be behind the chain before validators who have since left could sign a false chain
 * from it. Pure: the current epoch is passed in.
 *
 * consensus-specs (newest snapshot a08d8a6e, 2026-08): electra/weak-subjectivity.md (#4620 made
 * its divisor `2 * delta * 100`), gloas/weak-subjectivity.md (EIP-8061), the churn functions of
 * electra/beacon-chain.md and gloas/beacon-chain.md, constants from configs/mainnet.yaml and
 * phase0/weak-subjectivity.md. The spec functions take a BeaconState; here they take the state's
 * total active balance (gwei), which is all they read of it.
 *
 * A light client does not know the total active balance. Vigil uses {@link STAKE_BOUND_GWEI}, a
 * lower bound on mainnet's stake: from Gloas on a smaller stake gives a shorter period (the
 * capped activation churn weighs more), so a lower bound is the safe side. Before Gloas the
 * formula gives about 15.7 days at any stake above 8.4 M ETH; Vigil keeps its 14 days there.
 * @module
 */
import { type ChainConfig, forkEpoch } from './config.ts';

/** phase0/weak-subjectivity.md: the tolerated loss of safety, in percent. */
export const SAFETY_DECAY = 10n;
/** configs/mainnet.yaml, 2**8 epochs. */
export const MIN_VALIDATOR_WITHDRAWABILITY_DELAY = 256n;
/** presets/mainnet/phase0.yaml, 1 ETH. */
export const EFFECTIVE_BALANCE_INCREMENT = 10n ** 9n;
/** configs/mainnet.yaml, 2**16. */
export const CHURN_LIMIT_QUOTIENT = 65_536n;
/** configs/mainnet.yaml, 128 ETH. */
export const MIN_PER_EPOCH_CHURN_LIMIT_ELECTRA = 128n * 10n ** 9n;
/** configs/mainnet.yaml (Gloas, EIP-8061), 2**15. */
export const CHURN_LIMIT_QUOTIENT_GLOAS = 32_768n;
/** configs/mainnet.yaml (Gloas, EIP-8061), 2**16. */
export const CONSOLIDATION_CHURN_LIMIT_QUOTIENT = 65_536n;
/** configs/mainnet.yaml (Gloas, EIP-8061), 256 ETH. */
export const MAX_PER_EPOCH_ACTIVATION_CHURN_LIMIT_GLOAS = 256n * 10n ** 9n;

/**
 * The total active balance Vigil assumes: 2**24 ETH (16,777,216 ETH), under half of mainnet's
 * stake since 2024 (about 32-36 M ETH). From Gloas on the period grows with the stake (1,563
 * epochs at 32 M ETH, 1,610 at 64 M), so the low end of the plausible range is the safe bound:
 *
 * - Gloas at 2**24 ETH: exit churn 512 ETH, activation churn 256 ETH (its cap), consolidation churn
 *   256 ETH; delta = 341.33 + 85.33 + 256 = 682.67 ETH; 10 * 2**24 / (200 * 682.67) = 1,228 epochs,
 *   + 256 = **1,484 epochs = 6.6 days** (mainnet preset, 384 s an epoch).
 * - Electra/Fulu at any stake above 8.4 M ETH: about 3,532 epochs (15.7 days); Vigil keeps its
 *   shorter {@link LEGACY_PERIOD_SECONDS} (14 days, 3,150 epochs on mainnet).
 *
 * A stake that halved would take the exit queue months at Gloas's churn, so a checkpoint inside the
 * period cannot have a stake much below the chain's today.
 */
export const STAKE_BOUND_GWEI = 2n ** 24n * 10n ** 9n;

/**
 * computeWeakSubjectivityPeriodGloas(STAKE_BOUND_GWEI), written out: the service worker checks ages
 * at every wake and need not carry the churn arithmetic (test/unit/l1/weak-subjectivity.test.ts
 * holds the two equal).
 */
export const GLOAS_PERIOD_EPOCHS = 1_484n;

/** The period Vigil has always applied before Gloas (and never exceeds): 14 days. */
export const LEGACY_PERIOD_SECONDS = 14 * 24 * 3600;

const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);
const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const roundToIncrement = (churn: bigint): bigint => churn - (churn % EFFECTIVE_BALANCE_INCREMENT);

/** get_balance_churn_limit (Electra) */
export function getBalanceChurnLimit(totalActiveBalance: bigint): bigint {
  return roundToIncrement(max(MIN_PER_EPOCH_CHURN_LIMIT_ELECTRA, totalActiveBalance / CHURN_LIMIT_QUOTIENT));
}

/** get_exit_churn_limit (Gloas, EIP-8061): uncapped. */
export function getExitChurnLimitGloas(totalActiveBalance: bigint): bigint {
  return roundToIncrement(max(MIN_PER_EPOCH_CHURN_LIMIT_ELECTRA, totalActiveBalance / CHURN_LIMIT_QUOTIENT_GLOAS));
}

/** get_activation_churn_limit (Gloas, EIP-8061): the exit churn capped at 256 ETH. */
export function getActivationChurnLimitGloas(totalActiveBalance: bigint): bigint {
  return min(MAX_PER_EPOCH_ACTIVATION_CHURN_LIMIT_GLOAS, getExitChurnLimitGloas(totalActiveBalance));
}

/** get_consolidation_churn_limit (Gloas, EIP-8061): its own quotient, no floor. */
export function getConsolidationChurnLimitGloas(totalActiveBalance: bigint): bigint {
  return roundToIncrement(totalActiveBalance / CONSOLIDATION_CHURN_LIMIT_QUOTIENT);
}

/** compute_weak_subjectivity_period (electra/weak-subjectivity.md), in epochs. */
export function computeWeakSubjectivityPeriodElectra(totalActiveBalance: bigint): bigint {
  const delta = getBalanceChurnLimit(totalActiveBalance);
  return MIN_VALIDATOR_WITHDRAWABILITY_DELAY + (SAFETY_DECAY * totalActiveBalance) / (2n * delta * 100n);
}

/** compute_weak_subjectivity_period (gloas/weak-subjectivity.md, EIP-8061), in epochs. */
export function computeWeakSubjectivityPeriodGloas(totalActiveBalance: bigint): bigint {
  const delta =
    (2n * getExitChurnLimitGloas(totalActiveBalance)) / 3n +
    getActivationChurnLimitGloas(totalActiveBalance) / 3n +
    getConsolidationChurnLimitGloas(totalActiveBalance);
  return MIN_VALIDATOR_WITHDRAWABILITY_DELAY + (SAFETY_DECAY * totalActiveBalance) / (2n * delta * 100n);
}

/** Vigil's 14 days in whole epochs of this network (3,150 on mainnet). */
export function legacyPeriodEpochs(config: ChainConfig): bigint {
  return BigInt(Math.floor(LEGACY_PERIOD_SECONDS / (config.secondsPerSlot * Number(config.preset.SLOTS_PER_EPOCH))));
}

/**
 * The period Vigil gives a checkpoint whose state is at `epoch`: the fork's formula at
 * {@link STAKE_BOUND_GWEI}, never more than 14 days. Before the config's Gloas epoch (or on a
 * network that does not schedule it) that is the 14 days; from it, 1,484 epochs.
 * @example weakSubjectivityPeriod(networkConfig('mainnet'), 400_000n) // 3150n (no Gloas scheduled)
 */
export function weakSubjectivityPeriod(config: ChainConfig, epoch: bigint): bigint {
  const legacy = legacyPeriodEpochs(config);
  if (epoch < forkEpoch(config, 'gloas')) return legacy;
  return min(legacy, GLOAS_PERIOD_EPOCHS);
}

/**
 * Whether a checkpoint (or a store's finalized header) at `checkpointEpoch` may still be trusted at
 * `currentEpoch`. Within one fork this is the spec's `current_epoch <= ws_state_epoch + ws_period`.
 *
 * DIFF FROM SPEC: the spec takes the period of the checkpoint state's fork alone, so a Fulu
 * checkpoint would keep 14 days even while Gloas's faster churn runs after it. Here each epoch
 * passed uses up 1/period of the margin of the fork it falls in (Fulu's epochs 1/3150, Gloas's
 * 1/1484 on mainnet), and the sum must not pass 1: never longer than the spec allows, and a
 * checkpoint from before the fork ages faster once the fork is behind it.
 */
export function isWithinWeakSubjectivityPeriod(config: ChainConfig, checkpointEpoch: bigint, currentEpoch: bigint): boolean {
  if (currentEpoch <= checkpointEpoch) return true;
  const fork = forkEpoch(config, 'gloas');
  const before = weakSubjectivityPeriod(config, checkpointEpoch);
  if (checkpointEpoch >= fork || currentEpoch <= fork) return currentEpoch - checkpointEpoch <= before;
  const after = weakSubjectivityPeriod(config, fork);
  // (fork - checkpoint) / before + (current - fork) / after <= 1, in integers.
  return (fork - checkpointEpoch) * after + (currentEpoch - fork) * before <= before * after;
}

/**
 * The period, in seconds, that a checkpoint taken at `currentEpoch` gets: how old a new checkpoint
 * may be, and how long Vigil may stay offline after syncing now. What the popup tells the user
 * (the 14 days exactly before Gloas, not their whole epochs).
 */
export function weakSubjectivitySeconds(config: ChainConfig, currentEpoch: bigint): number {
  if (currentEpoch < forkEpoch(config, 'gloas')) return LEGACY_PERIOD_SECONDS;
  const secondsPerEpoch = Number(config.preset.SLOTS_PER_EPOCH) * config.secondsPerSlot;
  return Math.min(LEGACY_PERIOD_SECONDS, Number(weakSubjectivityPeriod(config, currentEpoch)) * secondsPerEpoch);
}
