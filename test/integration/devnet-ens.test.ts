/**
 * ENS on the devnet (`startDevnet({ contracts: true })`): checked against the node directly with
 * viem's own ENS actions (getEnsAddress, getEnsName, getEnsText through the UniversalResolver the
 * devnet deployed, viem's CCIP-read and its local batch gateway), which is what the wallet's
 * verified resolution must agree with. Every name resolves as set, the wildcard answers for names
 * the registry has never heard of, both offchain names resolve through the devnet's gateway, a
 * reverse record that lies gives no name, and a lying gateway is refused by the signed resolver
 * and passed on by the other.
 */
import { createPublicClient, http, labelhash, namehash, type Hex, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENS_ARTIFACTS } from '../../src/devnet/ens/artifacts.ts';
import { ENS_GATEWAY_LIE } from '../../src/devnet/ens/gateway.ts';
import { wildcardAddress } from '../../src/devnet/ens/deploy.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { localDevnetObject } from '../../src/client/network/local-devnet.ts';

let devnet: Devnet;
let ens: NonNullable<Devnet['info']['ens']>;
let client: PublicClient;
let startMs: number;

const address = (name: string) => client.getEnsAddress({ name, universalResolverAddress: ens.universalResolver as Hex });
const reverse = (a: string) => client.getEnsName({ address: a as Hex, universalResolverAddress: ens.universalResolver as Hex });
const text = (name: string, key: string) => client.getEnsText({ name, key, universalResolverAddress: ens.universalResolver as Hex });
const lower = (v: string | null) => v?.toLowerCase() ?? null;

beforeAll(async () => {
  const t0 = performance.now();
  devnet = await startDevnet({ secondsPerSlot: 1, contracts: true, discoveryPort: 0 });
  startMs = performance.now() - t0;
  ens = devnet.info.ens!;
  client = createPublicClient({ transport: http(devnet.info.nodeRpc) }) as PublicClient;
}, 120_000);

afterAll(async () => {
  await devnet?.stop();
});

describe('ENS on the devnet', () => {
  it('is in the ready object, and its UniversalResolver in the well-known one', async () => {
    for (const a of [ens.registry, ens.universalResolver, ens.publicResolver, ens.reverseRegistrar, ens.resolvers.wildcard, ens.resolvers.signedOffchain, ens.resolvers.offchain]) {
      expect(a).toMatch(/^0x[0-9a-f]{40}$/);
      expect(await client.getCode({ address: a as Hex }), a).not.toBe(undefined);
    }
    const served = await (await fetch(devnet.info.discovery!)).json();
    expect(served).toEqual(JSON.parse(JSON.stringify(localDevnetObject({ chainId: devnet.info.chainId, beaconApi: devnet.info.beaconApi, ...(devnet.info.beaconMirror ? { beaconMirror: devnet.info.beaconMirror } : {}), executionRpc: devnet.info.executionRpc, tokens: devnet.info.tokens!, priceFeeds: devnet.info.priceFeeds!, ensUniversalResolver: ens.universalResolver, delegator: devnet.info.delegator!, network: devnet.info.network }))));
    expect(served.ensUniversalResolver).toBe(ens.universalResolver);
    // Its ETH/USD feed, so that a wallet set up from it shows a proven value.
    expect(served.priceFeeds).toEqual([{ pair: 'ETH/USD', address: devnet.info.contracts!.priceFeed.toLowerCase(), heartbeat: 3600, base: 'native' }]);
    // Its own tokens (without --uniswap, the three VigilTokens, the permit token and the fee token), each answering the symbol listed.
    const { token, tokenB, tokenC, permitToken, feeToken } = devnet.info.contracts!;
    expect(served.tokens).toEqual([{ address: token, symbol: 'VTA' }, { address: tokenB, symbol: 'VTB' }, { address: tokenC, symbol: 'VTC' }, { address: permitToken, symbol: 'VUSD' }, { address: feeToken, symbol: 'VFEE' }]);
    for (const t of served.tokens as { address: Hex; symbol: string }[]) {
      expect(await client.readContract({ address: t.address, abi: [{ type: 'function', name: 'symbol', inputs: [], outputs: [{ type: 'string' }], stateMutability: 'view' }], functionName: 'symbol' })).toBe(t.symbol);
    }
    console.log(`devnet with contracts and ENS started in ${Math.round(startMs)} ms`);
  });

  it('deploys the UniversalResolver from the vendored artifact, unchanged', async () => {
    const code = await client.getCode({ address: ens.universalResolver as Hex });
    // Immutables (registry, batch gateway provider) are filled in at deployment: compare the length and the rest.
    expect(code!.length).toBe(ENS_ARTIFACTS.UniversalResolver.deployedBytecode.length);
    const registry = await client.readContract({ address: ens.universalResolver as Hex, abi: ENS_ARTIFACTS.UniversalResolver.abi, functionName: 'registry' });
    expect(registry.toLowerCase()).toBe(ens.registry);
    const owner = await client.readContract({ address: ens.registry as Hex, abi: ENS_ARTIFACTS.ENSRegistry.abi, functionName: 'owner', args: [namehash('addr.reverse')] });
    expect(owner.toLowerCase()).toBe(ens.reverseRegistrar);
  });

  it('resolves the onchain names forward as set, with texts', async () => {
    const { root, alice, bob } = ens.names;
    expect(lower(await address(root.name))).toBe(devnet.info.accounts[0]);
    expect(lower(await address(alice.name))).toBe(devnet.info.accounts[1]);
    expect(lower(await address(bob.name))).toBe(devnet.info.accounts[2]);
    expect(await text(alice.name, 'description')).toBe(alice.texts.description);
    expect(await text(alice.name, 'url')).toBe(alice.texts.url);
    // A name nobody registered, and one under a name with a plain resolver: no address.
    expect(await address('nobody.eth')).toBe(null);
    expect(await address('carol.vigil.eth')).toBe(null);
  });

  it('resolves the reverse records, checked forward; the lying one gives no name', async () => {
    expect(await reverse(devnet.info.accounts[0]!)).toBe('vigil.eth');
    expect(await reverse(devnet.info.accounts[1]!)).toBe('alice.vigil.eth');
    expect(await reverse(devnet.info.accounts[2]!)).toBe('bob.vigil.eth');
    // Account 3's record says alice.vigil.eth, which resolves to account 1: the UniversalResolver
    // reverts ReverseAddressMismatch, and viem says no name.
    expect(ens.names.lyingReverse.address).toBe(devnet.info.accounts[3]);
    expect(await reverse(devnet.info.accounts[3]!)).toBe(null);
    await expect(client.getEnsName({ address: devnet.info.accounts[3] as Hex, universalResolverAddress: ens.universalResolver as Hex, strict: true })).rejects.toThrow(/ReverseAddressMismatch/);
    // An account with no reverse record at all.
    expect(await reverse(devnet.info.accounts[6]!)).toBe(null);
  });

  it('resolves any name under wild.vigil.eth through the ENSIP-10 wildcard resolver', async () => {
    expect(lower(await address(ens.names.wildcard.example))).toBe(ens.names.wildcard.exampleAddr);
    for (const name of ['wild.vigil.eth', 'x.wild.vigil.eth', 'a.b.c.wild.vigil.eth']) {
      expect(lower(await address(name)), name).toBe(wildcardAddress(name));
    }
    expect(await text('x.wild.vigil.eth', 'description')).toBe("a name of the devnet's wildcard resolver");
    // The registry itself knows none of them.
    const resolverOf = (name: string) => client.readContract({ address: ens.registry as Hex, abi: ENS_ARTIFACTS.ENSRegistry.abi, functionName: 'resolver', args: [namehash(name)] });
    expect(await resolverOf('x.wild.vigil.eth')).toBe('0x0000000000000000000000000000000000000000');
    expect((await resolverOf('wild.vigil.eth')).toLowerCase()).toBe(ens.resolvers.wildcard);
  });

  it('resolves both offchain names through the gateway (EIP-3668: GET for one, POST for the other)', async () => {
    const { signedOffchain, offchain } = ens.names;
    expect(lower(await address(signedOffchain.name))).toBe(devnet.info.accounts[4]);
    expect(lower(await address(offchain.name))).toBe(devnet.info.accounts[5]);
    expect(await text(signedOffchain.name, 'description')).toBe(signedOffchain.texts.description);
    expect(await text(offchain.name, 'description')).toBe(offchain.texts.description);
    // Without CCIP-read there is no answer: the names are not on chain.
    const noCcip = createPublicClient({ transport: http(devnet.info.nodeRpc), ccipRead: false }) as PublicClient;
    await expect(noCcip.getEnsAddress({ name: offchain.name, universalResolverAddress: ens.universalResolver as Hex, strict: true })).rejects.toThrow();
    // A name the gateway has no records for.
    expect(await address(`nobody.${offchain.name}`)).toBe(null);
  });

  it('a lying gateway: the signed resolver refuses the lie, the other passes it on as the gateway’s word', async () => {
    devnet.ens!.gateway.tamper(true);
    try {
      expect(await address(ens.names.signedOffchain.name)).toBe(null);
      await expect(client.getEnsAddress({ name: ens.names.signedOffchain.name, universalResolverAddress: ens.universalResolver as Hex, strict: true })).rejects.toThrow(/ResolverError|InvalidGatewaySignature/);
      expect(lower(await address(ens.names.offchain.name))).toBe(ENS_GATEWAY_LIE);
    } finally {
      devnet.ens!.gateway.tamper(false);
    }
    expect(lower(await address(ens.names.signedOffchain.name))).toBe(devnet.info.accounts[4]);
  });

  it('its gateway answers EIP-3668 GET and POST and refuses what it does not serve', async () => {
    const data = `0x9061b923${'00'.repeat(4)}` as Hex; // not a well-formed resolve(bytes,bytes)
    const post = (body: unknown) => fetch(`${ens.gateway}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ sender: ens.resolvers.offchain, data })).status).toBe(400);
    expect((await post({ sender: ens.registry, data })).status).toBe(404);
    expect((await post({ data })).status).toBe(400);
    expect((await fetch(`${ens.gateway}/${ens.resolvers.signedOffchain}/${data}.json`)).status).toBe(400);
    expect((await fetch(`${ens.gateway}/nothing`)).status).toBe(404);
    expect(labelhash('vigil')).toMatch(/^0x/);
  });
});
