/**
 * The weak-subjectivity period by fork (src/l1/weak-subjectivity.ts) against values computed by
 * hand from the spec's formulas with mainnet's config (consensus-specs electra/ and
 * gloas/weak-subjectivity.md): Electra's `delta` is the balance churn, Gloas's (EIP-8061)
 * 2/3 exit + 1/3 activation + consolidation churn; the period is
 * 256 + 10 * t // (2 * delta * 100) epochs.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { FAR_FUTURE_EPOCH, forkEpoch, parseNetworkConfig } from '../../../src/l1/config.ts';
import { NETWORKS, networkConfig } from '../../../src/l1/networks.ts';
import {
  computeWeakSubjectivityPeriodElectra,
  computeWeakSubjectivityPeriodGloas,
  getActivationChurnLimitGloas,
  getBalanceChurnLimit,
  getConsolidationChurnLimitGloas,
  getExitChurnLimitGloas,
  GLOAS_PERIOD_EPOCHS,
  isWithinWeakSubjectivityPeriod,
  legacyPeriodEpochs,
  STAKE_BOUND_GWEI,
  weakSubjectivityPeriod,
  weakSubjectivitySeconds,
} from '../../../src/l1/weak-subjectivity.ts';

const ETH = 10n ** 9n;
const M = 1_000_000n * ETH;
/** Mainnet's config with Gloas scheduled at `epoch` (as the config JSON would carry it). */
const withGloas = (epoch: bigint | string) => parseNetworkConfig({ ...NETWORKS.mainnet, GLOAS_FORK_EPOCH: String(epoch) });

describe('the Gloas period Vigil applies', () => {
  it('is the spec formula at the stake bound, written out', () => {
    expect(computeWeakSubjectivityPeriodGloas(STAKE_BOUND_GWEI)).toBe(GLOAS_PERIOD_EPOCHS);
  });
});

describe('the churn limits (mainnet config)', () => {
  it('at 32 M ETH staked', () => {
    // 32e6 / 65536 = 488.28 → 488 ETH; / 32768 = 976.56 → 976 ETH, activation capped at 256.
    expect(getBalanceChurnLimit(32n * M)).toBe(488n * ETH);
    expect(getExitChurnLimitGloas(32n * M)).toBe(976n * ETH);
    expect(getActivationChurnLimitGloas(32n * M)).toBe(256n * ETH);
    expect(getConsolidationChurnLimitGloas(32n * M)).toBe(488n * ETH);
  });

  it('at a small stake: the 128 ETH floor for exits and activations, none for consolidations', () => {
    expect(getBalanceChurnLimit(1n * M)).toBe(128n * ETH);
    expect(getExitChurnLimitGloas(1n * M)).toBe(128n * ETH);
    expect(getActivationChurnLimitGloas(1n * M)).toBe(128n * ETH);
    expect(getConsolidationChurnLimitGloas(1n * M)).toBe(15n * ETH); // 1e6 / 65536 = 15.26
  });
});

describe('compute_weak_subjectivity_period', () => {
  it('Electra/Fulu: about 3,532 epochs (15.7 days) at any stake above 8.4 M ETH', () => {
    // 32 M: delta 488 ETH, 10 * 32e6 / (200 * 488) = 3278.7 → 256 + 3278.
    expect(computeWeakSubjectivityPeriodElectra(32n * M)).toBe(3534n);
    // 2**24 ETH: delta exactly 256 ETH, 167772160 / 51200 = 3276.8 → 256 + 3276.
    expect(computeWeakSubjectivityPeriodElectra(STAKE_BOUND_GWEI)).toBe(3532n);
    // 4 M ETH: the 128 ETH floor, 4e7 / 25600 = 1562.5 → 256 + 1562.
    expect(computeWeakSubjectivityPeriodElectra(4n * M)).toBe(1818n);
  });

  it('Gloas (EIP-8061): less than half, growing with the stake', () => {
    // 2**23 ETH: exit 256, activation 256, consolidation 128 ETH; delta = 170.67 + 85.33 + 128
    // = 383.999999999 ETH; 83886080 / 76800 = 1092.3 → 256 + 1092.
    expect(computeWeakSubjectivityPeriodGloas(2n ** 23n * ETH)).toBe(1348n);
    // 2**24 ETH (the bound): exit 512, activation 256, consolidation 256 ETH; delta = 682.67 ETH;
    // 167772160 / 136533.33 = 1228.8 → 256 + 1228.
    expect(computeWeakSubjectivityPeriodGloas(STAKE_BOUND_GWEI)).toBe(1484n);
    // 32 M ETH: exit 976, activation 256, consolidation 488 ETH; delta = 650.67 + 85.33 + 488
    // = 1224 ETH; 3.2e8 / 244800 = 1307.2 → 256 + 1307.
    expect(computeWeakSubjectivityPeriodGloas(32n * M)).toBe(1563n);
    // 64 M ETH: exit 1953, activation 256, consolidation 976 ETH; delta = 2363.33 ETH;
    // 6.4e8 / 472666.67 = 1354.0 → 256 + 1354.
    expect(computeWeakSubjectivityPeriodGloas(64n * M)).toBe(1610n);
  });

  it('the stake bound gives the shortest Gloas period from 2**24 ETH up to 2**26 ETH', () => {
    const atBound = computeWeakSubjectivityPeriodGloas(STAKE_BOUND_GWEI);
    for (let eth = 2n ** 24n; eth <= 2n ** 26n; eth += 250_000n) {
      expect(computeWeakSubjectivityPeriodGloas(eth * ETH)).toBeGreaterThanOrEqual(atBound);
    }
  });
});

describe("the period Vigil applies, by the checkpoint's fork", () => {
  it('mainnet without Gloas scheduled keeps the 14 days (3,150 epochs)', () => {
    const mainnet = networkConfig('mainnet');
    expect(forkEpoch(mainnet, 'gloas')).toBe(FAR_FUTURE_EPOCH);
    expect(legacyPeriodEpochs(mainnet)).toBe(3150n);
    expect(weakSubjectivityPeriod(mainnet, 420_000n)).toBe(3150n);
    expect(weakSubjectivitySeconds(mainnet, 420_000n)).toBe(14 * 24 * 3600);
  });

  it('with Gloas scheduled: 3,150 epochs before it, 1,484 (6.6 days) from it', () => {
    const config = withGloas(500_000n);
    expect(weakSubjectivityPeriod(config, 499_999n)).toBe(3150n);
    expect(weakSubjectivityPeriod(config, 500_000n)).toBe(1484n);
    expect(weakSubjectivitySeconds(config, 499_999n)).toBe(1_209_600);
    expect(weakSubjectivitySeconds(config, 500_000n)).toBe(1484 * 384); // 569,856 s, 6.6 days
  });

  it('a checkpoint older than the Gloas period: refused past the fork, accepted before it', () => {
    const fork = 500_000n;
    const config = withGloas(fork);
    // A Gloas checkpoint: 1,484 epochs and no more (the spec's current <= ws_epoch + period).
    expect(isWithinWeakSubjectivityPeriod(config, fork, fork + 1484n)).toBe(true);
    expect(isWithinWeakSubjectivityPeriod(config, fork, fork + 1485n)).toBe(false);
    // Seven days (1,575 epochs) old: refused from Gloas on, accepted in Fulu.
    expect(isWithinWeakSubjectivityPeriod(config, fork + 10n, fork + 10n + 1575n)).toBe(false);
    expect(isWithinWeakSubjectivityPeriod(config, fork - 1575n - 1n, fork - 1n)).toBe(true);
    expect(isWithinWeakSubjectivityPeriod(networkConfig('mainnet'), fork + 10n, fork + 10n + 1575n)).toBe(true);
    // Fulu all the way: 3,150 epochs.
    expect(isWithinWeakSubjectivityPeriod(config, fork - 3150n, fork)).toBe(true);
    expect(isWithinWeakSubjectivityPeriod(config, fork - 3151n, fork)).toBe(false);
  });

  it('a checkpoint from before the fork ages at each fork’s rate once the fork is passed', () => {
    const fork = 500_000n;
    const config = withGloas(fork);
    // Half of Fulu's 3,150 before the fork, half of Gloas's 1,484 after: exactly used up.
    expect(isWithinWeakSubjectivityPeriod(config, fork - 1575n, fork + 742n)).toBe(true);
    expect(isWithinWeakSubjectivityPeriod(config, fork - 1575n, fork + 743n)).toBe(false);
    // The spec alone would keep the Fulu checkpoint for 3,150 epochs; here it is refused sooner.
    expect(isWithinWeakSubjectivityPeriod(config, fork - 100n, fork + 1500n)).toBe(false);
  });

  it('reads GLOAS_FORK_EPOCH from the config JSON (absent: not scheduled), as parseNetworkConfig checked it', () => {
    expect(forkEpoch(withGloas('500000'), 'gloas')).toBe(500000n);
    expect(forkEpoch(parseNetworkConfig({ ...NETWORKS.sepolia, GLOAS_FORK_EPOCH: 353024 }), 'gloas')).toBe(353024n);
    expect(forkEpoch(withGloas(FAR_FUTURE_EPOCH), 'gloas')).toBe(FAR_FUTURE_EPOCH);
    expect(() => withGloas('-1')).toThrow(InputError);
  });
});
