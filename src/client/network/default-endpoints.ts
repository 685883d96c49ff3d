/**
 * The public endpoints mainnet, sepolia and hoodi start with (and the L2 RPCs of the rollups they
 * follow, {@link DEFAULT_L2_RPCS}), so a fresh install follows the
 * chain without any set-up: several beacon APIs that serve the light-client endpoints
 * (`/eth/v1/beacon/light_client/{bootstrap,updates,finality_update,optimistic_update}`, and
 * `/eth/v1/beacon/headers/finalized` for the checkpoint agreement) and several execution RPCs
 * that serve `eth_getProof`, each list from different operators, tried in this order.
 *
 * None of them is trusted. Every beacon update is checked against the sync committee's
 * signatures and branches, every account and slot against a verified state root; a server that
 * lies is demoted and costs only time. The one thing the beacon APIs are believed on is the first
 * checkpoint, and only when at least two of them on different hosts agree on it
 * (src/client/light-client/sync.ts), unless the user gives one in Settings → Checkpoint.
 *
 * Every URL below comes from public documentation or another project's configuration, named
 * for each in ./default-endpoint-sources.ts (kept apart so the service worker carries only the
 * URLs; the test holds the two together). None was probed when this list was made (no network access then): they are the
 * ones documented as serving these APIs, and one that stops doing so is passed over at run time.
 * Left out on purpose: Nimbus's testing beacon APIs (`http://{testing,unstable}.<net>.beacon-api.nimbus.team`,
 * listed by nimbus-eth2's docs and s1na/light-sync-endpoints): plain http, and documented as
 * "please do not rely on them"; ethpandaops' nodes (authenticated, ethpandaops/public-docs
 * docs/onboarding/API.md); a second a16z host (www.lightclientdata.org, still named by Helios's
 * README): one host per operator is what the agreement counts.
 *
 * extension/manifest.json grants exactly these origins at install ({@link defaultHostPermissions}),
 * so they work without a permission prompt; test/unit/client/network/default-endpoints.test.ts holds
 * the two together.
 * @module
 */

export interface DefaultEndpoint {
  url: string;
  /** Who runs it: two endpoints of one operator are not independent. */
  operator: string;
}

export interface NetworkDefaults {
  /** Different operators, the best documented first. */
  beaconApis: readonly DefaultEndpoint[];
  executionRpcs: readonly DefaultEndpoint[];
}

export type DefaultNetworkId = 'mainnet' | 'sepolia' | 'hoodi';

export const DEFAULT_ENDPOINTS: Readonly<Record<DefaultNetworkId, NetworkDefaults>> = {
  mainnet: {
    beaconApis: [
      { url: 'https://lodestar-mainnet.chainsafe.io', operator: 'ChainSafe (Lodestar)' },
      { url: 'https://ethereum-beacon-api.publicnode.com', operator: 'PublicNode (Allnodes)' },
      { url: 'https://ethereum.operationsolarstorm.org', operator: 'a16z (Helios)' },
      { url: 'https://eth-beacon-chain.drpc.org', operator: 'dRPC' },
    ],
    executionRpcs: [
      { url: 'https://ethereum-rpc.publicnode.com', operator: 'PublicNode (Allnodes)' },
      { url: 'https://eth.drpc.org', operator: 'dRPC' },
      { url: 'https://lodestar-mainnetrpc.chainsafe.io', operator: 'ChainSafe (Lodestar)' },
    ],
  },
  sepolia: {
    beaconApis: [
      { url: 'https://lodestar-sepolia.chainsafe.io', operator: 'ChainSafe (Lodestar)' },
      { url: 'https://ethereum-sepolia-beacon-api.publicnode.com', operator: 'PublicNode (Allnodes)' },
      { url: 'https://sepolia.lightclient.xyz', operator: 'lightclient.xyz' },
    ],
    executionRpcs: [
      { url: 'https://ethereum-sepolia-rpc.publicnode.com', operator: 'PublicNode (Allnodes)' },
      { url: 'https://lodestar-sepoliarpc.chainsafe.io', operator: 'ChainSafe (Lodestar)' },
      { url: 'https://sepolia.drpc.org', operator: 'dRPC' },
    ],
  },
  hoodi: {
    beaconApis: [
      { url: 'https://lodestar-hoodi.chainsafe.io', operator: 'ChainSafe (Lodestar)' },
      { url: 'https://ethereum-hoodi-beacon-api.publicnode.com', operator: 'PublicNode (Allnodes)' },
    ],
    executionRpcs: [
      { url: 'https://ethereum-hoodi-rpc.publicnode.com', operator: 'PublicNode (Allnodes)' },
      { url: 'https://hoodi.drpc.org', operator: 'dRPC' },
    ],
  },
};

/**
 * The L2 RPC each rollup Vigil ships (src/l2/known-rollups.ts, by name) starts with: the public
 * endpoint its project documents. It is asked for hints only — the L2 block header L1 committed
 * to (eth_getBlockByNumber / eth_getBlockByHash, checked against the proven L1 commitment) and
 * account proofs (eth_getProof at the accepted L2 block, checked against its state root); a
 * server that lies is refused and shown, never believed.
 *
 * What these servers are documented to serve: the standard Ethereum JSON-RPC of their execution
 * clients (op-geth, Nitro's geth, Scroll's l2geth), eth_getProof and eth_getBlockByNumber
 * included, each at the page ./default-endpoint-sources.ts names. Not documented for any of
 * them: how far back in state eth_getProof reaches. The accepted L2 block is as old as L1's newest accepted commitment
 * (hours on OP Stack and Scroll, about a week on Arbitrum, whose assertions are confirmed after
 * the challenge period), so a node that keeps only recent state answers "missing trie node":
 * the popup then says so, and Settings → Rollups takes an archive endpoint instead. Every one
 * is rate-limited ("not for production"): Vigil asks each at most once per follow (every 10–15
 * minutes, src/client/rollups/watch.ts) plus one proof per wallet account and accepted root.
 *
 * A rollup without an entry here starts with its config's own `l2Rpc`; the manifest grants the
 * origins of both ({@link defaultHostPermissions}), which the manifest test holds together.
 */
export const DEFAULT_L2_RPCS: Readonly<Record<string, DefaultEndpoint>> = {
  'op-mainnet': { url: 'https://mainnet.optimism.io', operator: 'Optimism (OP Labs)' },
  'op-sepolia': { url: 'https://sepolia.optimism.io', operator: 'Optimism (OP Labs)' },
  base: { url: 'https://mainnet.base.org', operator: 'Base (Coinbase)' },
  'base-sepolia': { url: 'https://sepolia.base.org', operator: 'Base (Coinbase)' },
  'arbitrum-one': { url: 'https://arb1.arbitrum.io/rpc', operator: 'Offchain Labs' },
  'arbitrum-sepolia': { url: 'https://sepolia-rollup.arbitrum.io/rpc', operator: 'Offchain Labs' },
  scroll: { url: 'https://rpc.scroll.io', operator: 'Scroll' },
  'scroll-sepolia': { url: 'https://sepolia-rpc.scroll.io', operator: 'Scroll' },
  // Research zk-rollups-2026-11 §1.4: it serves archive eth_getProof.
  mantle: { url: 'https://rpc.mantle.xyz', operator: 'Mantle' },
  taiko: { url: 'https://rpc.mainnet.taiko.xyz', operator: 'Taiko Labs' },
  // Consensys/doc.linea 994028bc network/build/connect.mdx ("no API key required"); Vigil reads balances there, not proofs.
  linea: { url: 'https://rpc.linea.build', operator: 'Consensys (Linea)' },
};

export function isDefaultNetwork(id: string): id is DefaultNetworkId {
  return Object.hasOwn(DEFAULT_ENDPOINTS, id);
}

/**
 * The endpoint lists a built-in network starts with (fresh copies), or undefined for another id.
 * @example defaultEndpoints('sepolia')?.beaconApis[0] // 'https://lodestar-sepolia.chainsafe.io'
 */
export function defaultEndpoints(id: string): { beaconApis: string[]; executionRpcs: string[] } | undefined {
  if (!isDefaultNetwork(id)) return undefined;
  const d = DEFAULT_ENDPOINTS[id];
  return { beaconApis: d.beaconApis.map((e) => e.url), executionRpcs: d.executionRpcs.map((e) => e.url) };
}

/**
 * The L2 RPC a shipped rollup starts with: its entry in {@link DEFAULT_L2_RPCS}, else the one its
 * config names (`configL2Rpc`), else none.
 * @example defaultL2Rpc('arbitrum-one', undefined) // 'https://arb1.arbitrum.io/rpc'
 */
export function defaultL2Rpc(name: string, configL2Rpc: string | undefined): string | undefined {
  return Object.hasOwn(DEFAULT_L2_RPCS, name) ? DEFAULT_L2_RPCS[name]!.url : configL2Rpc;
}

/**
 * The manifest's match patterns for every default endpoint (`https://host/*`), sorted, once each:
 * what extension/manifest.json's host_permissions must grant besides 127.0.0.1 and localhost.
 * `l2Rpcs`: the shipped rollups' default L2 RPCs (src/client/network/settings.ts shippedL2Rpcs; the
 * table above when not given).
 */
export function defaultHostPermissions(l2Rpcs: readonly string[] = Object.values(DEFAULT_L2_RPCS).map((e) => e.url)): string[] {
  const patterns = new Set<string>();
  for (const d of Object.values(DEFAULT_ENDPOINTS)) {
    for (const e of [...d.beaconApis, ...d.executionRpcs]) patterns.add(originPattern(e.url));
  }
  for (const url of l2Rpcs) patterns.add(originPattern(url));
  return [...patterns].sort();
}

function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}
