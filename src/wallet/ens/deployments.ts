/**
 * The ENS UniversalResolver of each network Vigil ships that has one, as viem 2.57.20's chain
 * definitions give it (node_modules/viem/_esm/chains/definitions/mainnet.js and sepolia.js,
 * `contracts.ensUniversalResolver`: the same address on both, created at blocks 23,085,558 and
 * 8,928,790). Hoodi has none. A user's own network (a devnet) brings its own (src/client/network/
 * settings.ts NetworkProfile.ensUniversalResolver).
 * @module
 */

export const UNIVERSAL_RESOLVERS: Readonly<Record<string, string>> = {
  mainnet: '0xeeeeeeee14d718c2b47d9923deab1335e144eeee',
  sepolia: '0xeeeeeeee14d718c2b47d9923deab1335e144eeee',
};
