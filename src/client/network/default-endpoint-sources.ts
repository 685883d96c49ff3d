/**
 * Where each default endpoint (./default-endpoints.ts) is documented, and what that says it
 * serves: public documentation or another project's configuration, by URL. Kept apart from the
 * list so the service worker's bundle carries only the URLs; test/unit/client/network/default-endpoints.test.ts
 * holds every URL of the list to an entry here, and no entry to a URL the list lacks.
 * @module
 */

const LIGHT_SYNC_LIST = 's1na/light-sync-endpoints (the community list of light-sync endpoints, by a geth developer)';

export const ENDPOINT_SOURCES: Readonly<Record<string, string>> = {
  'https://lodestar-mainnet.chainsafe.io':
    `${LIGHT_SYNC_LIST} endpoints/mainnet.yaml; a16z/helios helios-ts/README.md (consensusRpc); corpus-core/colibri-stateless bindings/emscripten/src/chains.ts (the mainnet beacon API of that light client)`,
  'https://ethereum-beacon-api.publicnode.com':
    'succinctlabs/sp1-helios script/bin/gen_fixture.rs: bootstraps a Helios light client and fetches updates and the finality update from it',
  'https://ethereum.operationsolarstorm.org':
    'a16z/helios ethereum/src/config/networks.rs: the default mainnet consensus RPC of Helios (successor of www.lightclientdata.org). Third-party notes report that its /headers/finalized redirects to plain http, which the checkpoint agreement then counts as no answer',
  'https://eth-beacon-chain.drpc.org':
    'dRPC\'s public beacon-chain endpoint (listed by rollup node guides as https://eth-beacon-chain.drpc.org/rest/); third-party Helios integration notes in public repositories report a light-client sync against the bare host. The least documented of the four, so last',
  'https://ethereum-rpc.publicnode.com':
    'a16z/helios verifiable-api/README.md (the proof-serving API is run against it); corpus-core/colibri-stateless src/cli/config.h (mainnet eth_rpc of a proof-generating client)',
  'https://eth.drpc.org':
    'drpcorg/drpc-nextra components/method-docs/ethereum/EthereumMethod_getProof.tsx (dRPC\'s docs: eth_getProof on https://eth.drpc.org, constants.ts); the default execution RPC of Helios wrappers in public repositories',
  'https://lodestar-mainnetrpc.chainsafe.io':
    'ChainSafe/lodestar packages/prover/scripts/generate_fixtures.ts: the mainnet RPC the Lodestar prover (which verifies with eth_getProof) records its fixtures from',
  'https://lodestar-sepolia.chainsafe.io':
    `ChainSafe/lodestar packages/light-client/README.md and packages/prover/README.md (the beacon API of their light-client examples); ${LIGHT_SYNC_LIST} endpoints/sepolia.yaml`,
  'https://ethereum-sepolia-beacon-api.publicnode.com':
    'corpus-core/colibri-stateless bindings/emscripten/src/chains.ts and src/cli/config.h: the default Sepolia beacon API of that light client; the consensus RPC of SP1-Helios operators in public repositories',
  'https://sepolia.lightclient.xyz':
    `${LIGHT_SYNC_LIST} endpoints/sepolia.yaml`,
  'https://ethereum-sepolia-rpc.publicnode.com':
    'corpus-core/colibri-stateless bindings/emscripten/src/chains.ts and src/cli/config.h: the default Sepolia RPC of that proof-generating client',
  'https://lodestar-sepoliarpc.chainsafe.io':
    'ChainSafe/lodestar packages/prover/README.md: the execution RPC the Lodestar prover verifies (eth_getProof) in its examples',
  'https://sepolia.drpc.org':
    'dRPC\'s public Sepolia endpoint; eth_getProof as drpcorg/drpc-nextra documents it for dRPC\'s Ethereum endpoint',
  'https://lodestar-hoodi.chainsafe.io':
    `${LIGHT_SYNC_LIST} endpoints/hoodi.yaml`,
  'https://ethereum-hoodi-beacon-api.publicnode.com':
    'PublicNode\'s Hoodi beacon API, the same service as its mainnet and Sepolia ones above (light-client use documented there, not for Hoodi by name); the default Hoodi beacon API of Colibri-based tools in public repositories',
  'https://ethereum-hoodi-rpc.publicnode.com':
    'PublicNode\'s Hoodi RPC, the same service as its mainnet and Sepolia RPCs above (eth_getProof documented there)',
  'https://hoodi.drpc.org':
    'dRPC\'s public Hoodi endpoint; eth_getProof as drpcorg/drpc-nextra documents it for dRPC\'s Ethereum endpoint',
  'https://mainnet.optimism.io':
    'https://docs.optimism.io/superchain/networks (OP Mainnet: public RPC URL, rate limited); https://docs.optimism.io/operators/node-operators/json-rpc: op-geth\'s RPC interface "is identical to the upstream Geth RPC interface" (eth_getProof and eth_getBlockByNumber included)',
  'https://sepolia.optimism.io':
    'https://docs.optimism.io/superchain/networks (OP Sepolia: public RPC URL, rate limited); op-geth JSON-RPC as for OP Mainnet',
  'https://mainnet.base.org':
    'https://docs.base.org/docs/network-information/ (Base Mainnet RPC endpoint: "Rate limited and not for production systems"); that page names no methods: eth_getProof is assumed from its execution client (OP Stack-derived, docs/research/real-rollups.md §2), not documented there',
  'https://sepolia.base.org':
    'https://docs.base.org/docs/network-information/ (Base Sepolia RPC endpoint: "Rate limited and not for production systems")',
  'https://arb1.arbitrum.io/rpc':
    'https://docs.arbitrum.io/build-decentralized-apps/reference/node-providers (Arbitrum public RPC endpoints: Arbitrum One, no WebSocket); https://docs.arbitrum.io/build-decentralized-apps/arbitrum-vs-ethereum/rpc-methods: "As Arbitrum has go-ethereum at its core, most of the documented methods there can be used with no modifications" (eth_getProof, eth_getBlockByHash; the header fields Nitro adds are what the adapter reads)',
  'https://sepolia-rollup.arbitrum.io/rpc':
    'https://docs.arbitrum.io/build-decentralized-apps/reference/node-providers (Arbitrum public RPC endpoints: Arbitrum Sepolia)',
  'https://rpc.scroll.io':
    'https://docs.scroll.io/en/developers/developer-quickstart (network configuration: Scroll mainnet RPC URL); https://docs.scroll.io/en/technology/chain/accounts: Scroll uses Ethereum\'s Merkle-Patricia Trie for state and storage, "full compatibility with Ethereum\'s state proof format" (eth_getProof; since Euclid, research §4.3)',
  'https://rpc.mantle.xyz':
    'https://docs.mantle.xyz/network/for-developers/quick-access (Mantle mainnet RPC URL; not read offline); research zk-rollups-2026-11 §1.4: it serves archive eth_getProof (CLPR §7)',
  'https://rpc.mainnet.taiko.xyz':
    'https://docs.taiko.xyz/network-reference/rpc-configuration (Taiko Alethia RPC; not read offline); taikoxyz/taiko-mono b9c5bb2a packages/nfts/package.json (the --rpc-url of its mainnet deployments)',
  'https://rpc.linea.build':
    'https://docs.linea.build/network/build/connect (Linea mainnet, chain 59144; read offline from Consensys/doc.linea 994028bc network/build/connect.mdx and api/reference/index.mdx: "the public RPC endpoint (https://rpc.linea.build)… no API key required"); Vigil asks it for balances it labels not proven, and for nothing it proves',
  'https://sepolia-rpc.scroll.io':
    'https://docs.scroll.io/en/developers/developer-quickstart (network configuration: Scroll Sepolia RPC URL)',
};
