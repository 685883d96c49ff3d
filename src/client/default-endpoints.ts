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
 * (src/client/l1-sync.ts), unless the user gives one in Settings → Checkpoint.
 *
 * Every URL below comes from public documentation or another project's configuration, named in
 * its `source`. None was probed when this list was made (no network access then): they are the
 * ones documented as serving these APIs, and one that stops doing so is passed over at run time.
 * Left out on purpose: Nimbus's testing beacon APIs (`http://{testing,unstable}.<net>.beacon-api.nimbus.team`,
 * listed by nimbus-eth2's docs and s1na/light-sync-endpoints): plain http, and documented as
 * "please do not rely on them"; ethpandaops' nodes (authenticated, ethpandaops/public-docs
 * docs/onboarding/API.md); a second a16z host (www.lightclientdata.org, still named by Helios's
 * README): one host per operator is what the agreement counts.
 *
 * extension/manifest.json grants exactly these origins at install ({@link defaultHostPermissions}),
 * so they work without a permission prompt; test/unit/client/default-endpoints.test.ts holds
 * the two together.
 * @module
 */

export interface DefaultEndpoint {
  url: string;
  /** Who runs it: two endpoints of one operator are not independent. */
  operator: string;
  /** Where the URL, and what it serves, is documented. */
  source: string;
}

export interface NetworkDefaults {
  /** Different operators, the best documented first. */
  beaconApis: readonly DefaultEndpoint[];
  executionRpcs: readonly DefaultEndpoint[];
}

export type DefaultNetworkId = 'mainnet' | 'sepolia' | 'hoodi';

const LIGHT_SYNC_LIST = 's1na/light-sync-endpoints (the community list of light-sync endpoints, by a geth developer)';

export const DEFAULT_ENDPOINTS: Readonly<Record<DefaultNetworkId, NetworkDefaults>> = {
  mainnet: {
    beaconApis: [
      {
        url: 'https://lodestar-mainnet.chainsafe.io',
        operator: 'ChainSafe (Lodestar)',
        source: `${LIGHT_SYNC_LIST} endpoints/mainnet.yaml; a16z/helios helios-ts/README.md (consensusRpc); corpus-core/colibri-stateless bindings/emscripten/src/chains.ts (the mainnet beacon API of that light client)`,
      },
      {
        url: 'https://ethereum-beacon-api.publicnode.com',
        operator: 'PublicNode (Allnodes)',
        source: 'succinctlabs/sp1-helios script/bin/gen_fixture.rs: bootstraps a Helios light client and fetches updates and the finality update from it',
      },
      {
        url: 'https://ethereum.operationsolarstorm.org',
        operator: 'a16z (Helios)',
        source: 'a16z/helios ethereum/src/config/networks.rs: the default mainnet consensus RPC of Helios (successor of www.lightclientdata.org). Third-party notes report that its /headers/finalized redirects to plain http, which the checkpoint agreement then counts as no answer',
      },
      {
        url: 'https://eth-beacon-chain.drpc.org',
        operator: 'dRPC',
        source: 'dRPC\'s public beacon-chain endpoint (listed by rollup node guides as https://eth-beacon-chain.drpc.org/rest/); third-party Helios integration notes in public repositories report a light-client sync against the bare host. The least documented of the four, so last',
      },
    ],
    executionRpcs: [
      {
        url: 'https://ethereum-rpc.publicnode.com',
        operator: 'PublicNode (Allnodes)',
        source: 'a16z/helios verifiable-api/README.md (the proof-serving API is run against it); corpus-core/colibri-stateless src/cli/config.h (mainnet eth_rpc of a proof-generating client)',
      },
      {
        url: 'https://eth.drpc.org',
        operator: 'dRPC',
        source: 'drpcorg/drpc-nextra components/method-docs/ethereum/EthereumMethod_getProof.tsx (dRPC\'s docs: eth_getProof on https://eth.drpc.org, constants.ts); the default execution RPC of Helios wrappers in public repositories',
      },
      {
        url: 'https://lodestar-mainnetrpc.chainsafe.io',
        operator: 'ChainSafe (Lodestar)',
        source: 'ChainSafe/lodestar packages/prover/scripts/generate_fixtures.ts: the mainnet RPC the Lodestar prover (which verifies with eth_getProof) records its fixtures from',
      },
    ],
  },
  sepolia: {
    beaconApis: [
      {
        url: 'https://lodestar-sepolia.chainsafe.io',
        operator: 'ChainSafe (Lodestar)',
        source: `ChainSafe/lodestar packages/light-client/README.md and packages/prover/README.md (the beacon API of their light-client examples); ${LIGHT_SYNC_LIST} endpoints/sepolia.yaml`,
      },
      {
        url: 'https://ethereum-sepolia-beacon-api.publicnode.com',
        operator: 'PublicNode (Allnodes)',
        source: 'corpus-core/colibri-stateless bindings/emscripten/src/chains.ts and src/cli/config.h: the default Sepolia beacon API of that light client; the consensus RPC of SP1-Helios operators in public repositories',
      },
      {
        url: 'https://sepolia.lightclient.xyz',
        operator: 'lightclient.xyz',
        source: `${LIGHT_SYNC_LIST} endpoints/sepolia.yaml`,
      },
    ],
    executionRpcs: [
      {
        url: 'https://ethereum-sepolia-rpc.publicnode.com',
        operator: 'PublicNode (Allnodes)',
        source: 'corpus-core/colibri-stateless bindings/emscripten/src/chains.ts and src/cli/config.h: the default Sepolia RPC of that proof-generating client',
      },
      {
        url: 'https://lodestar-sepoliarpc.chainsafe.io',
        operator: 'ChainSafe (Lodestar)',
        source: 'ChainSafe/lodestar packages/prover/README.md: the execution RPC the Lodestar prover verifies (eth_getProof) in its examples',
      },
      {
        url: 'https://sepolia.drpc.org',
        operator: 'dRPC',
        source: 'dRPC\'s public Sepolia endpoint; eth_getProof as drpcorg/drpc-nextra documents it for dRPC\'s Ethereum endpoint',
      },
    ],
  },
  hoodi: {
    beaconApis: [
      {
        url: 'https://lodestar-hoodi.chainsafe.io',
        operator: 'ChainSafe (Lodestar)',
        source: `${LIGHT_SYNC_LIST} endpoints/hoodi.yaml`,
      },
      {
        url: 'https://ethereum-hoodi-beacon-api.publicnode.com',
        operator: 'PublicNode (Allnodes)',
        source: 'PublicNode\'s Hoodi beacon API, the same service as its mainnet and Sepolia ones above (light-client use documented there, not for Hoodi by name); the default Hoodi beacon API of Colibri-based tools in public repositories',
      },
    ],
    executionRpcs: [
      {
        url: 'https://ethereum-hoodi-rpc.publicnode.com',
        operator: 'PublicNode (Allnodes)',
        source: 'PublicNode\'s Hoodi RPC, the same service as its mainnet and Sepolia RPCs above (eth_getProof documented there)',
      },
      {
        url: 'https://hoodi.drpc.org',
        operator: 'dRPC',
        source: 'dRPC\'s public Hoodi endpoint; eth_getProof as drpcorg/drpc-nextra documents it for dRPC\'s Ethereum endpoint',
      },
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
 * included, each at the page named in `source`. Not documented for any of them: how far back in
 * state eth_getProof reaches. The accepted L2 block is as old as L1's newest accepted commitment
 * (hours on OP Stack and Scroll, about a week on Arbitrum, whose assertions are confirmed after
 * the challenge period), so a node that keeps only recent state answers "missing trie node":
 * the popup then says so, and Settings → Rollups takes an archive endpoint instead. Every one
 * is rate-limited ("not for production"): Vigil asks each at most once per follow (every 10–15
 * minutes, src/client/rollup-watch.ts) plus one proof per wallet account and accepted root.
 *
 * A rollup without an entry here starts with its config's own `l2Rpc`; the manifest grants the
 * origins of both ({@link defaultHostPermissions}), which the manifest test holds together.
 */
export const DEFAULT_L2_RPCS: Readonly<Record<string, DefaultEndpoint>> = {
  'op-mainnet': {
    url: 'https://mainnet.optimism.io',
    operator: 'Optimism (OP Labs)',
    source: 'https://docs.optimism.io/superchain/networks (OP Mainnet: public RPC URL, rate limited); https://docs.optimism.io/operators/node-operators/json-rpc: op-geth\'s RPC interface "is identical to the upstream Geth RPC interface" (eth_getProof and eth_getBlockByNumber included)',
  },
  'op-sepolia': {
    url: 'https://sepolia.optimism.io',
    operator: 'Optimism (OP Labs)',
    source: 'https://docs.optimism.io/superchain/networks (OP Sepolia: public RPC URL, rate limited); op-geth JSON-RPC as for OP Mainnet',
  },
  base: {
    url: 'https://mainnet.base.org',
    operator: 'Base (Coinbase)',
    source: 'https://docs.base.org/docs/network-information/ (Base Mainnet RPC endpoint: "Rate limited and not for production systems"); that page names no methods: eth_getProof is assumed from its execution client (OP Stack-derived, docs/research/real-rollups.md §2), not documented there',
  },
  'base-sepolia': {
    url: 'https://sepolia.base.org',
    operator: 'Base (Coinbase)',
    source: 'https://docs.base.org/docs/network-information/ (Base Sepolia RPC endpoint: "Rate limited and not for production systems")',
  },
  'arbitrum-one': {
    url: 'https://arb1.arbitrum.io/rpc',
    operator: 'Offchain Labs',
    source: 'https://docs.arbitrum.io/build-decentralized-apps/reference/node-providers (Arbitrum public RPC endpoints: Arbitrum One, no WebSocket); https://docs.arbitrum.io/build-decentralized-apps/arbitrum-vs-ethereum/rpc-methods: "As Arbitrum has go-ethereum at its core, most of the documented methods there can be used with no modifications" (eth_getProof, eth_getBlockByHash; the header fields Nitro adds are what the adapter reads)',
  },
  'arbitrum-sepolia': {
    url: 'https://sepolia-rollup.arbitrum.io/rpc',
    operator: 'Offchain Labs',
    source: 'https://docs.arbitrum.io/build-decentralized-apps/reference/node-providers (Arbitrum public RPC endpoints: Arbitrum Sepolia)',
  },
  scroll: {
    url: 'https://rpc.scroll.io',
    operator: 'Scroll',
    source: 'https://docs.scroll.io/en/developers/developer-quickstart (network configuration: Scroll mainnet RPC URL); https://docs.scroll.io/en/technology/chain/accounts: Scroll uses Ethereum\'s Merkle-Patricia Trie for state and storage, "full compatibility with Ethereum\'s state proof format" (eth_getProof; since Euclid, research §4.3)',
  },
  'scroll-sepolia': {
    url: 'https://sepolia-rpc.scroll.io',
    operator: 'Scroll',
    source: 'https://docs.scroll.io/en/developers/developer-quickstart (network configuration: Scroll Sepolia RPC URL)',
  },
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
 * `l2Rpcs`: the shipped rollups' default L2 RPCs (src/client/settings.ts shippedL2Rpcs; the
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
