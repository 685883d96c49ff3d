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
  /**
   * The finalized checkpoint Vigil would start from, and whose word it is: `beacon-api` when only
   * the one server vouches for it, `beacon-apis` when servers on other hosts (`agreedBy`, the
   * hosts, the reading one first) have the same block at that slot.
   */
  checkpoint: { root: string; slot: number; source: 'beacon-api' | 'beacon-apis'; agreedBy: string[] } | null;
  beaconApi: string;
  /** The other beacon APIs the checkpoint was compared with (saved after `beaconApi`, in order). */
  moreBeaconApis: string[];
  executionRpc: string | null;
  /** The network config in the consensus specs' names (what the profile stores). */
  network: Record<string, unknown>;
  /** Rollups to follow on this network (configs as given, checked when saved), with what the list shows. */
  rollups: { kind: string; chainId: number; label: string; config: Record<string, unknown> }[];
  /** Things the user should read before saving (no execution RPC, a checkpoint from one server only, …). */
  warnings: string[];
}

/** What the popup asks "Add network" to read (messages.ts vigil:discoverNetwork). */
export interface DiscoverNetworkRequest {
  beaconApi: string;
  /** Other beacon APIs of the same network: they must agree on the checkpoint. */
  moreBeaconApis?: string[];
  executionRpc?: string;
  /** Rollup configs to follow on it (the local devnet's). */
  rollups?: unknown[];
}
