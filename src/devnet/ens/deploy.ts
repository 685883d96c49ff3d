/**
 * Deploys ENS on the devnet from the vendored sources (./artifacts.ts; ./vendor/README.md): the
 * registry, the ReverseRegistrar (addr.reverse), the PublicResolver, the UniversalResolver viem
 * calls (its default batch gateway viem's local one, `x-batch-gateway:true`), and our resolvers
 * (./contracts): a wildcard one and two offchain ones served by the devnet's gateway
 * (./gateway.ts). Then names:
 *
 *   vigil.eth            → dev account 0        (PublicResolver; reverse of account 0)
 *   alice.vigil.eth      → dev account 1        (PublicResolver, texts; reverse of account 1)
 *   bob.vigil.eth        → dev account 2        (PublicResolver; reverse of account 2)
 *   account 3's reverse record says alice.vigil.eth: a lie, which the forward check refuses
 *   *.wild.vigil.eth     → an address from the name (ENSIP-10 wildcard: VigilWildcardResolver)
 *   signed.vigil.eth     → dev account 4        (offchain; the resolver checks the gateway's signature)
 *   unsigned.vigil.eth   → dev account 5        (offchain; the gateway's word)
 *
 * And .eth registration as mainnet has it (ENS's ETHRegistrarController, BaseRegistrarImplementation,
 * ExponentialPremiumPriceOracle): any free name of 3 or more characters can be committed to and
 * registered; vigil.eth is the base registrar's already.
 *
 * Fast, as the demo contracts: every address is known from the ENS owner's nonces, so all of it is
 * one JSON-RPC batch from one account (its own: dev account 8, which the demo contracts do not
 * use), landing in one block. The owner is a controller of the ReverseRegistrar, so it sets the
 * reverse records of the other accounts itself.
 * @module
 */
import { encodeDeployData, encodeFunctionData, getContractAddress, keccak256, labelhash, namehash, stringToBytes, type Abi, type Hex } from 'viem';
import { hexToBigInt } from '../../core/bytes.ts';
import { secp256k1PublicKey } from '../../crypto/secp256k1.ts';
import { jsonRpcCall } from '../../rpc/http.ts';
import { type DeployOptions, mined } from '../contracts/deploy.ts';
import type { DevTx } from '../dev-transaction.ts';
import { ENS_ARTIFACTS as A } from './artifacts.ts';
import { type EnsGateway, type EnsGatewayRecord, startEnsGateway } from './gateway.ts';

/** The ENS owner among the dev accounts: no other set-up sends from it. */
export const ENS_OWNER_ACCOUNT = 8;
/** viem's local batch gateway (node_modules/viem/_esm/utils/ens/localBatchGatewayRequest.js). */
export const LOCAL_BATCH_GATEWAY = 'x-batch-gateway:true';
/** The devnet gateway's signing key: fixed, so the signed resolver's pinned signer is too. Devnet only. */
export const ENS_GATEWAY_KEY: Hex = keccak256(stringToBytes('vigil devnet ENS gateway key'));

/** What the ready object's `ens` holds. Addresses lower case. */
export interface EnsInfo {
  registry: string;
  universalResolver: string;
  publicResolver: string;
  reverseRegistrar: string;
  /** The UniversalResolver's default batch gateways (ENS's GatewayProvider): [x-batch-gateway:true]. */
  batchGatewayProvider: string;
  /** The devnet's CCIP-read gateway (http://127.0.0.1:port), serving the two offchain names. */
  gateway: string;
  /** The address whose signatures VigilSignedOffchainResolver accepts (the gateway's key). */
  gatewaySigner: string;
  resolvers: { wildcard: string; signedOffchain: string; offchain: string };
  /** Each name and what it resolves to (its `addr`; for the wildcard, how its addresses are made). */
  names: EnsNames;
  /** .eth registration (commit, wait, register), as on mainnet. */
  registrar: EnsRegistrarInfo;
  /** The block by which all of it exists. */
  deployedAt: number;
}

/** ENS's .eth registrar on the devnet: ENS's own contracts, mainnet's prices, shorter commitment waits. */
export interface EnsRegistrarInfo {
  /** BaseRegistrarImplementation: the .eth names as ERC-721 tokens; owns the eth node. */
  baseRegistrar: string;
  /** ETHRegistrarController: makeCommitment, commit, register, renew, rentPrice. */
  controller: string;
  /** ExponentialPremiumPriceOracle (mainnet's rent per second; a premium that decays over 21 days after a name expires). */
  priceOracle: string;
  /** The DummyOracle it converts USD with (ENS's own, for networks other than mainnet): {@link ENS_USD_PER_ETH}. */
  usdOracle: string;
  defaultReverseRegistrar: string;
  /** Seconds a commitment must wait before `register`, and after which it expires. */
  minCommitmentAge: number;
  maxCommitmentAge: number;
}

export interface EnsNames {
  /** vigil.eth → dev account 0, reverse record of account 0. */
  root: { name: 'vigil.eth'; addr: string };
  /** alice.vigil.eth → dev account 1, with texts; account 1's reverse record names it. */
  alice: { name: 'alice.vigil.eth'; addr: string; texts: Record<string, string> };
  /** bob.vigil.eth → dev account 2; account 2's reverse record names it. */
  bob: { name: 'bob.vigil.eth'; addr: string };
  /** Dev account 3's reverse record names alice.vigil.eth, which does not resolve to it: no name. */
  lyingReverse: { address: string; claims: 'alice.vigil.eth' };
  /** Every name under wild.vigil.eth resolves to the last 20 bytes of keccak256(DNS-encoded name). */
  wildcard: { parent: 'wild.vigil.eth'; example: string; exampleAddr: string };
  /** Offchain, checked by the resolver contract (the gateway's signature): → dev account 4. */
  signedOffchain: { name: 'signed.vigil.eth'; addr: string; texts: Record<string, string> };
  /** Offchain, the gateway's word: → dev account 5. */
  offchain: { name: 'unsigned.vigil.eth'; addr: string; texts: Record<string, string> };
}

export interface DevnetEns {
  info: EnsInfo;
  gateway: EnsGateway;
  stop(): Promise<void>;
}

const DEPLOY_GAS = 4_000_000n;
/** The ETH price the DummyOracle answers (8 decimals, as Chainlink's): ENS's own deploy script's value for networks other than mainnet, $1,600. */
export const ENS_USD_PER_ETH = 160_000_000_000n;
/** Mainnet's rent in attoUSD per second for 1–5+ character names ($640 a year for 3, $160 for 4, $5 for 5 and more), as ENS deploys them. */
const ENS_RENT_PRICES = [0n, 0n, 20_294_266_869_609n, 5_073_566_717_402n, 158_548_959_919n];
/** The premium of a just-expired name ($100 million), halving every day for 21 days: mainnet's. */
const ENS_START_PREMIUM = 100_000_000n * 10n ** 18n;
const ENS_PREMIUM_DAYS = 21n;
/** Mainnet waits 60 s between commit and register; the devnet's slots are 1–2 s, so a few slots. */
export const ENS_MIN_COMMITMENT_AGE = 4;
/** Mainnet's: a commitment is good for a day. */
export const ENS_MAX_COMMITMENT_AGE = 86_400;
const CALL_GAS = 200_000n;

/** DNS-encoded name (ENSIP-10), as the wildcard resolver hashes it. */
export function dnsEncode(name: string): Hex {
  const parts = name.split('.').map((l) => stringToBytes(l));
  const out = new Uint8Array(parts.reduce((n, p) => n + 1 + p.length, 1));
  let i = 0;
  for (const p of parts) {
    if (p.length === 0 || p.length > 255) throw new Error(`dnsEncode: bad label in ${name}`);
    out[i++] = p.length;
    out.set(p, i);
    i += p.length;
  }
  return `0x${Buffer.from(out).toString('hex')}`;
}

/** What VigilWildcardResolver answers for `name`. */
export function wildcardAddress(name: string): string {
  return `0x${keccak256(dnsEncode(name)).slice(-40)}`;
}

/**
 * Starts the gateway, deploys ENS and sets the names; the gateway stops with `stop()`.
 * @example const ens = await deployEns({ rpc: node.url, accounts: node.accounts }); // ens.info.universalResolver
 */
export async function deployEns(options: Pick<DeployOptions, 'rpc' | 'accounts' | 'timeoutMs' | 'together'> & { log?: (line: string) => void }): Promise<DevnetEns> {
  const { rpc } = options;
  const accounts = options.accounts.map((a) => a.toLowerCase() as Hex);
  if (accounts.length <= ENS_OWNER_ACCOUNT) throw new Error(`deployEns needs ${ENS_OWNER_ACCOUNT + 1} dev accounts, got ${accounts.length}`);
  const owner = accounts[ENS_OWNER_ACCOUNT]!;
  const nonce = hexToBigInt(await jsonRpcCall(rpc, 'eth_getTransactionCount', [owner, 'pending'], { timeoutMs: 15_000, maxBytes: 1 << 16 }), 'nonce');
  const at = (k: number) => getContractAddress({ from: owner, nonce: nonce + BigInt(k) }).toLowerCase() as Hex;
  const registry = at(0);
  const reverseRegistrar = at(1);
  const publicResolver = at(4);
  const batchGatewayProvider = at(7);
  const universalResolver = at(8);
  const wildcard = at(9);
  const signedOffchain = at(10);
  const offchain = at(11);

  const key = Buffer.from(ENS_GATEWAY_KEY.slice(2), 'hex');
  const gatewaySigner = `0x${keccak256(secp256k1PublicKey(key).subarray(1)).slice(-40)}` as Hex;
  const names: EnsNames = {
    root: { name: 'vigil.eth', addr: accounts[0]! },
    alice: { name: 'alice.vigil.eth', addr: accounts[1]!, texts: { description: 'Alice, dev account 1', url: 'https://alice.vigil.example' } },
    bob: { name: 'bob.vigil.eth', addr: accounts[2]! },
    lyingReverse: { address: accounts[3]!, claims: 'alice.vigil.eth' },
    wildcard: { parent: 'wild.vigil.eth', example: 'anything.wild.vigil.eth', exampleAddr: wildcardAddress('anything.wild.vigil.eth') },
    signedOffchain: { name: 'signed.vigil.eth', addr: accounts[4]!, texts: { description: 'offchain, signed by the gateway' } },
    offchain: { name: 'unsigned.vigil.eth', addr: accounts[5]!, texts: { description: 'offchain, the gateway’s word' } },
  };
  const records: Record<string, EnsGatewayRecord> = {
    [names.signedOffchain.name]: { addr: names.signedOffchain.addr, texts: names.signedOffchain.texts },
    [names.offchain.name]: { addr: names.offchain.addr, texts: names.offchain.texts },
  };
  const gateway = await startEnsGateway({ signedResolver: signedOffchain, unsignedResolver: offchain, records, signingKey: key, ...(options.log ? { log: options.log } : {}) });
  try {
    const deploy = (data: Hex): DevTx => ({ from: owner, data, gas: DEPLOY_GAS });
    const send = (to: string, abi: Abi, name: string, args: readonly unknown[]): DevTx => ({ from: owner, to, data: fn(abi, name, args), gas: CALL_GAS });
    const R = A.ENSRegistry.abi;
    const P = A.PublicResolver.abi;
    const RR = A.ReverseRegistrar.abi;
    const sub = (parent: string, label: string, resolver: Hex) => send(registry, R, 'setSubnodeRecord', [namehash(parent), labelhash(label), owner, resolver, 0n]);
    /** The names above; the PublicResolver trusts `controller` (as mainnet's trusts its ETHRegistrarController) to set a new name's records. */
    const nameTxs = (controller: Hex): DevTx[] => [
      deploy(A.ENSRegistry.bytecode),
      deploy(encodeDeployData({ abi: RR, bytecode: A.ReverseRegistrar.bytecode, args: [registry] })),
      send(registry, R, 'setSubnodeOwner', [namehash(''), labelhash('reverse'), owner]),
      send(registry, R, 'setSubnodeOwner', [namehash('reverse'), labelhash('addr'), reverseRegistrar]),
      // Its constructor claims its own reverse record: addr.reverse must be the registrar's by now.
      deploy(encodeDeployData({ abi: P, bytecode: A.PublicResolver.bytecode, args: [registry, ZERO, controller, reverseRegistrar] })),
      send(reverseRegistrar, RR, 'setDefaultResolver', [publicResolver]),
      send(reverseRegistrar, RR, 'setController', [owner, true]),
      deploy(encodeDeployData({ abi: A.GatewayProvider.abi, bytecode: A.GatewayProvider.bytecode, args: [owner, [LOCAL_BATCH_GATEWAY]] })),
      deploy(encodeDeployData({ abi: A.UniversalResolver.abi, bytecode: A.UniversalResolver.bytecode, args: [owner, registry, batchGatewayProvider] })),
      deploy(A.VigilWildcardResolver.bytecode),
      deploy(encodeDeployData({ abi: A.VigilSignedOffchainResolver.abi, bytecode: A.VigilSignedOffchainResolver.bytecode, args: [gateway.getTemplate, gatewaySigner] })),
      deploy(encodeDeployData({ abi: A.VigilOffchainResolver.abi, bytecode: A.VigilOffchainResolver.bytecode, args: [gateway.postUrl] })),
      send(registry, R, 'setSubnodeOwner', [namehash(''), labelhash('eth'), owner]),
      sub('eth', 'vigil', publicResolver),
      sub('vigil.eth', 'alice', publicResolver),
      sub('vigil.eth', 'bob', publicResolver),
      sub('vigil.eth', 'wild', wildcard),
      sub('vigil.eth', 'signed', signedOffchain),
      sub('vigil.eth', 'unsigned', offchain),
      send(publicResolver, P, 'setAddr', [namehash(names.root.name), names.root.addr]),
      send(publicResolver, P, 'setAddr', [namehash(names.alice.name), names.alice.addr]),
      send(publicResolver, P, 'setAddr', [namehash(names.bob.name), names.bob.addr]),
      ...Object.entries(names.alice.texts).map(([k, v]) => send(publicResolver, P, 'setText', [namehash(names.alice.name), k, v])),
      ...(
        [
          [names.root.addr, names.root.name],
          [names.alice.addr, names.alice.name],
          [names.bob.addr, names.bob.name],
          [names.lyingReverse.address, names.lyingReverse.claims],
        ] as const
      ).map(([address, name]) => send(reverseRegistrar, RR, 'setNameForAddr', [address, address, publicResolver, name])),
    ];
    // .eth registration after the names, as ENS deploys it (its deploy/ethregistrar scripts): the
    // price oracle over a fixed USD price, the base registrar, the controller, then .eth handed to
    // the base registrar, vigil.eth registered in it (so the controller does not offer it), and the
    // controller made a controller of both reverse registrars.
    const first = nameTxs(ZERO).length;
    const usdOracle = at(first);
    const priceOracle = at(first + 1);
    const baseRegistrar = at(first + 2);
    const defaultReverseRegistrar = at(first + 3);
    const controller = at(first + 4);
    const B = A.BaseRegistrarImplementation.abi;
    const registrar: EnsRegistrarInfo = { baseRegistrar, controller, priceOracle, usdOracle, defaultReverseRegistrar, minCommitmentAge: ENS_MIN_COMMITMENT_AGE, maxCommitmentAge: ENS_MAX_COMMITMENT_AGE };
    const txs: DevTx[] = [
      ...nameTxs(controller),
      deploy(encodeDeployData({ abi: A.DummyOracle.abi, bytecode: A.DummyOracle.bytecode, args: [ENS_USD_PER_ETH] })),
      deploy(encodeDeployData({ abi: A.ExponentialPremiumPriceOracle.abi, bytecode: A.ExponentialPremiumPriceOracle.bytecode, args: [usdOracle, ENS_RENT_PRICES, ENS_START_PREMIUM, ENS_PREMIUM_DAYS] })),
      deploy(encodeDeployData({ abi: B, bytecode: A.BaseRegistrarImplementation.bytecode, args: [registry, namehash('eth')] })),
      deploy(A.DefaultReverseRegistrar.bytecode),
      deploy(
        encodeDeployData({
          abi: A.ETHRegistrarController.abi,
          bytecode: A.ETHRegistrarController.bytecode,
          args: [baseRegistrar, priceOracle, BigInt(ENS_MIN_COMMITMENT_AGE), BigInt(ENS_MAX_COMMITMENT_AGE), reverseRegistrar, defaultReverseRegistrar, registry],
        }),
      ),
      send(registry, R, 'setSubnodeOwner', [namehash(''), labelhash('eth'), baseRegistrar]),
      send(baseRegistrar, B, 'addController', [controller]),
      send(baseRegistrar, B, 'addController', [owner]),
      { ...send(baseRegistrar, B, 'register', [hexToBigInt(labelhash('vigil'), 'labelhash'), owner, 10n * 365n * 86_400n]), gas: DEPLOY_GAS },
      send(reverseRegistrar, RR, 'setController', [controller, true]),
      send(defaultReverseRegistrar, A.DefaultReverseRegistrar.abi, 'setController', [controller, true]),
    ].map((tx, i) => ({ ...tx, nonce: nonce + BigInt(i) }));
    const receipts = await mined(rpc, txs, options.timeoutMs ?? 60_000, 'batch', options.together);
    const failed = receipts.findIndex((r) => r.status !== 1);
    if (failed >= 0) throw new Error(`ENS set-up: transaction ${failed} (${receipts[failed]!.transactionHash}) failed`);
    const info: EnsInfo = {
      registry,
      universalResolver,
      publicResolver,
      reverseRegistrar,
      batchGatewayProvider,
      gateway: gateway.url,
      gatewaySigner,
      resolvers: { wildcard, signedOffchain, offchain },
      names,
      registrar,
      deployedAt: Math.max(...receipts.map((r) => r.blockNumber)),
    };
    return { info, gateway, stop: () => gateway.stop() };
  } catch (err) {
    await gateway.stop();
    throw err;
  }
}

const ZERO = '0x0000000000000000000000000000000000000000';

/** Calldata of `name(args)` (viem throws on a name the ABI lacks or arguments that do not fit). */
function fn(abi: Abi, name: string, args: readonly unknown[]): Hex {
  return encodeFunctionData({ abi, functionName: name, args } as Parameters<typeof encodeFunctionData>[0]);
}
