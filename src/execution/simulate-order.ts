/**
 * The two eth_simulateV1 refusals geth gives codes of their own (-38020, -38021): the engine words
 * them so (./simulate-v1.ts), and the provider knows them by these words across the worker boundary
 * (src/client/verified/simulate-v1.ts). Apart so the service worker carries these strings, not the planner.
 * @module
 */
export const BLOCK_NUMBERS_OUT_OF_ORDER = 'block numbers must be in order';
export const BLOCK_TIMES_OUT_OF_ORDER = 'block timestamps must be in order';
