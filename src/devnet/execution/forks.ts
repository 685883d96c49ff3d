/**
 * The devnet's execution forks and dev accounts: which execution fork goes with each beacon fork
 * the devnet starts at (Amsterdam comes with Gloas, at its time), and the dev accounts' mnemonic.
 * @module
 */

/** The execution fork that goes with each beacon fork. */
export const HARDFORK_FOR = { deneb: 'cancun', electra: 'prague', fulu: 'osaka' } as const;
export type BeaconFork = keyof typeof HARDFORK_FOR;
export type Hardfork = (typeof HARDFORK_FOR)[BeaconFork];

/** Well-known development mnemonic (the one Hardhat and Anvil use): never hold value with it. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
