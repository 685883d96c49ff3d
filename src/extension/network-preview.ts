/**
 * What "Add network" shows before saving: a network read from a beacon API URL (its
 * `/eth/v1/config/spec`, `/eth/v1/beacon/genesis` and fork schedule), checked, with the chain id
 * and the checkpoint Vigil would trust. Plain JSON between the background and the popup; the
 * background checks it again when asked to save it.
 * @module
 */

export interface NetworkPreview {
  /** The profile id it would be saved as (the config's CONFIG_NAME, or a name made from the chain id). */
  id: string;
  label: string;
  chainId: number;
  preset: 'mainnet' | 'minimal';
  secondsPerSlot: number;
  /** Seconds since the epoch. */
  genesisTime: number;
  genesisValidatorsRoot: string;
  /** Every fork the config schedules, in order (epoch null: not scheduled); `active` at the server's current slot. */
  forks: { name: string; epoch: number | null; active: boolean }[];
  /** Forks the config names that Vigil does not know (it refuses to follow past them). */
  unknownForks: string[];
  /** The finalized checkpoint Vigil would start from, and whose word it is. */
  checkpoint: { root: string; slot: number; source: 'beacon-api' } | null;
  beaconApi: string;
  executionRpc: string | null;
  /** The network config in the consensus specs' names (what the profile stores). */
  network: Record<string, unknown>;
  /** Things the user should read before saving (no execution RPC, a checkpoint from one server only, …). */
  warnings: string[];
}
