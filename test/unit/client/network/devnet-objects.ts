/**
 * A local devnet's objects as the network tests build them: its well-known object (what the
 * loopback server serves, src/client/network/local-devnet.ts) and its ready object (what `vigil
 * devnet` prints, src/client/network/settings.ts profileFromReady), each with fields replaced.
 */
import { NETWORKS } from '../../../../src/l1/networks.ts';

export const wellKnown = (over: Record<string, unknown> = {}) => ({
  kind: 'vigil-devnet-v1',
  chainId: 31337,
  beaconApi: 'http://127.0.0.1:5052',
  executionRpc: 'http://127.0.0.1:8545',
  ...over,
});

/** `name` 'mainnet': the same object claiming to be mainnet (chain 1). */
export const ready = (over: Record<string, unknown> = {}, name = 'devnet') => ({
  beaconApi: 'http://127.0.0.1:5052',
  executionRpc: 'http://127.0.0.1:8545',
  chainId: name === 'mainnet' ? 1 : 31337,
  checkpoint: '0x' + '11'.repeat(32),
  network: { ...NETWORKS.mainnet, CONFIG_NAME: name },
  ...over,
});
