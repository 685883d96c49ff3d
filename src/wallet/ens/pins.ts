/**
 * The resolvers Vigil pins as verifying a gateway's answer on chain, by runtime code hash: an
 * offchain name they resolve is "checked by the resolver contract" (./provenance.ts), any other
 * offchain answer is "the gateway's word".
 *
 * Only the devnet's for now: VigilSignedOffchainResolver (src/devnet/ens/contracts/
 * VigilSignedOffchainResolver.sol, compiled by scripts/compile-ens-contracts.mjs with solc 0.8.26,
 * optimizer 200 runs, into src/devnet/ens/artifacts.ts), which accepts an answer only when the
 * gateway's key signed it for this resolver and it has not expired. Its signer is an immutable, so
 * the hash is of the artifact's deployedBytecode with the devnet gateway's signer
 * (0x81da8f8f49e8e08b602360e540fe7de114dab509, the key src/devnet/ens/deploy.ts fixes) in its two
 * immutable slots; test/integration/ens-names.test.ts checks it against the deployed code. A
 * mainnet resolver is pinned only once its code and what it checks have been read and its hash
 * taken from the chain, with its source cited here.
 * @module
 */
import type { VerifyingResolver } from './provenance.ts';

export const DEVNET_SIGNED_OFFCHAIN_RESOLVER: VerifyingResolver = {
  name: 'Vigil devnet signed offchain resolver',
  codeHash: '0xe85813ffb48c14622b4eca4efb752b3d475edbabe5a14bb63392a10d476dd587',
  checks: "the gateway's signature by the key the contract pins, and the answer's expiry",
};

export const PINNED_VERIFYING_RESOLVERS: readonly VerifyingResolver[] = [DEVNET_SIGNED_OFFCHAIN_RESOLVER];
