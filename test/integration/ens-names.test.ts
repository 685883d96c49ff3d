/**
 * ENS names resolved by Vigil on the devnet (src/client/wallet/ens/names.ts): the UniversalResolver
 * the devnet deployed, run on the local EVM over state proven at the light client's signing head,
 * agrees with the node's own answers through viem, both ways: the onchain names, the ENSIP-10
 * wildcard, both offchain names with their provenance ("checked by the resolver contract" for the
 * signed resolver, whose proven code hash Vigil pins; "the gateway's word" for the other), a
 * reverse record that lies (no name), a lying gateway (refused by the signed resolver, passed on
 * and labelled by the other), a lying proof (the devnet's fault: refused, never an answer), the
 * gateway never asked unless allowed, and `vigil balance <name>`.
 */
import { createPublicClient, type Hex, http, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceCommand } from '../../src/cli/commands/balance.ts';
import type { L1Session } from '../../src/client/l1-session.ts';
import { universalResolverOf } from '../../src/client/network/ens-resolver.ts';
import { lookupAddress, type NameDeps, resolveName } from '../../src/client/wallet/ens/names.ts';
import type { WalletChain } from '../../src/client/wallet/transactions.ts';
import { bytesToHex, hexToBytes } from '../../src/core/bytes.ts';
import { keccak256 } from '../../src/crypto/keccak.ts';
import { wildcardAddress } from '../../src/devnet/ens/deploy.ts';
import { ENS_GATEWAY_LIE } from '../../src/devnet/ens/gateway.ts';
import { type Devnet, startDevnet } from '../../src/devnet/devnet.ts';
import { askGateway } from '../../src/rpc/ccip-gateway.ts';
import type { GatewayRequest } from '../../src/wallet/ens/ccip.ts';
import { DEVNET_SIGNED_OFFCHAIN_RESOLVER, PINNED_VERIFYING_RESOLVERS } from '../../src/wallet/ens/pins.ts';
import { until } from './helpers.ts';
import { sessionOnDevnet } from './wallet-devnet.ts';

let devnet: Devnet;
let ens: NonNullable<Devnet['info']['ens']>;
let session: L1Session;
let chain: WalletChain;
let node: PublicClient;
const asked: GatewayRequest[] = [];

const names = (options: { allowed?: readonly string[] | 'any' } = {}): NameDeps => ({
  chain,
  universalResolver: universalResolverOf(session.profile()!),
  askGateway: (request) => {
    asked.push(request);
    // The devnet is the user's own network: its gateway on 127.0.0.1 may be asked.
    return askGateway(request, { allowPrivate: true });
  },
  allowedGateways: options.allowed ?? 'any',
  pins: PINNED_VERIFYING_RESOLVERS,
});
const nodeAddress = async (name: string) => (await node.getEnsAddress({ name, universalResolverAddress: ens.universalResolver as Hex }))?.toLowerCase() ?? null;
const nodeName = (address: string) => node.getEnsName({ address: address as Hex, universalResolverAddress: ens.universalResolver as Hex });
const setFault = async (fault: string, on: boolean) => expect((await fetch(`${devnet.info.admin}/faults`, { method: 'POST', body: JSON.stringify({ fault, on }) })).status).toBe(200);

beforeAll(async () => {
  devnet = await startDevnet({ secondsPerSlot: 1, contracts: true, faults: true, discoveryPort: 0 });
  ens = devnet.info.ens!;
  node = createPublicClient({ transport: http(devnet.info.nodeRpc) }) as PublicClient;
  session = await sessionOnDevnet(devnet.info);
  // The devnet's well-known object carries its UniversalResolver into the profile.
  await session.settings.addNetwork(await session.settings.discoverNetwork({ beaconApi: devnet.info.beaconApi, executionRpc: devnet.info.executionRpc, ensUniversalResolver: ens.universalResolver }));
  chain = await until('a verified head past ENS', async () => {
    const c = session.walletChain();
    const head = c?.signingHead();
    return c && head && head.head.blockNumber >= BigInt(ens.deployedAt) && c;
  }, 90_000);
}, 180_000);

afterAll(async () => {
  await session?.stop();
  await devnet?.stop();
});

describe('ENS names by verified call on the devnet', () => {
  it("takes the devnet's UniversalResolver from its profile", () => {
    expect(universalResolverOf(session.profile()!)).toBe(ens.universalResolver);
  });

  it('resolves the onchain names forward, proven, as the node does', async () => {
    const accounts = devnet.info.accounts;
    for (const [name, want] of [
      [ens.names.root.name, accounts[0]],
      [ens.names.alice.name, accounts[1]],
      [ens.names.bob.name, accounts[2]],
    ] as const) {
      const r = await resolveName(names(), name);
      expect(r.address?.toLowerCase(), name).toBe(want);
      expect(r.address?.toLowerCase()).toBe(await nodeAddress(name));
      expect(r.provenance).toEqual({ kind: 'proven' });
    }
    // Upper case in, normalized out.
    expect((await resolveName(names(), 'ALICE.Vigil.eth')).name).toBe('alice.vigil.eth');
    expect((await resolveName(names(), 'nobody.eth')).address).toBeNull();
    expect(asked).toEqual([]);
  }, 120_000);

  it('resolves any name under the ENSIP-10 wildcard', async () => {
    for (const name of ['wild.vigil.eth', 'x.wild.vigil.eth', 'a.b.c.wild.vigil.eth']) {
      const r = await resolveName(names(), name);
      expect(r.address?.toLowerCase(), name).toBe(wildcardAddress(name));
      expect(r.provenance.kind).toBe('proven');
    }
  }, 120_000);

  it('resolves the reverse records, checked forward; the lying one is no name', async () => {
    const accounts = devnet.info.accounts;
    for (const [i, want] of [[0, 'vigil.eth'], [1, 'alice.vigil.eth'], [2, 'bob.vigil.eth']] as const) {
      const r = await lookupAddress(names(), accounts[i]!);
      expect(r.name).toBe(want);
      expect(r.name).toBe(await nodeName(accounts[i]!));
      expect(r.provenance.kind).toBe('proven');
    }
    expect(await lookupAddress(names(), accounts[3]!)).toMatchObject({ name: null, why: 'forward-mismatch' });
    expect(await nodeName(accounts[3]!)).toBeNull();
    expect(await lookupAddress(names(), accounts[6]!)).toMatchObject({ name: null });
  }, 120_000);

  it("pins the devnet's signed resolver by the code hash it has on chain", async () => {
    const code = await node.getCode({ address: ens.resolvers.signedOffchain as Hex });
    expect(bytesToHex(keccak256(hexToBytes(code!)))).toBe(DEVNET_SIGNED_OFFCHAIN_RESOLVER.codeHash);
  });

  it("resolves both offchain names, each with its provenance; asks no gateway not allowed", async () => {
    const { signedOffchain, offchain } = ens.names;
    const gateway = new URL(ens.gateway).origin;
    await expect(resolveName(names({ allowed: [] }), offchain.name)).rejects.toMatchObject({ code: 'GATEWAY_NOT_ALLOWED', got: gateway });
    expect(asked).toEqual([]);

    const signed = await resolveName(names({ allowed: [gateway] }), signedOffchain.name);
    expect(signed.address?.toLowerCase()).toBe(devnet.info.accounts[4]);
    expect(signed.address?.toLowerCase()).toBe(await nodeAddress(signedOffchain.name));
    expect(signed.provenance).toEqual({ kind: 'resolver-checked', gateways: [gateway], resolvers: [{ address: ens.resolvers.signedOffchain, name: DEVNET_SIGNED_OFFCHAIN_RESOLVER.name }] });

    const unsigned = await resolveName(names({ allowed: [gateway] }), offchain.name);
    expect(unsigned.address?.toLowerCase()).toBe(devnet.info.accounts[5]);
    expect(unsigned.address?.toLowerCase()).toBe(await nodeAddress(offchain.name));
    expect(unsigned.provenance).toEqual({ kind: 'gateway', gateways: [gateway], unpinned: [ens.resolvers.offchain] });
    expect(asked.length).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it("refuses a lying gateway on the signed resolver; the other's lie is shown only as the gateway's word", async () => {
    devnet.ens!.gateway.tamper(true);
    try {
      await expect(resolveName(names(), ens.names.signedOffchain.name)).rejects.toMatchObject({ code: 'RESOLVER_REFUSED' });
      const lie = await resolveName(names(), ens.names.offchain.name);
      expect(lie.address?.toLowerCase()).toBe(ENS_GATEWAY_LIE);
      expect(lie.provenance.kind).toBe('gateway');
    } finally {
      devnet.ens!.gateway.tamper(false);
    }
  }, 120_000);

  it('refuses a lying proof: the error, never an answer', async () => {
    for (const fault of ['proof-storage-value', 'proof-account-node']) {
      // A name never resolved before (the registry's slots for it are new), at a head whose state
      // nothing has proven yet: its proofs come from the lying endpoint.
      const name = `${fault}.wild.vigil.eth`;
      await setFault(fault, true);
      try {
        const before = chain.signingHead()!.head.blockNumber;
        await until('a new signing head', async () => chain.signingHead()!.head.blockNumber > before, 30_000);
        const err = await resolveName(names(), name).then(
          (r) => r,
          (e: unknown) => e,
        );
        expect((err as { code?: string }).code ?? `an answer: ${JSON.stringify(err)}`, fault).toMatch(/^PROOF_/);
      } finally {
        await setFault(fault, false);
      }
      expect((await resolveName(names(), name)).address?.toLowerCase()).toBe(wildcardAddress(name));
    }
  }, 120_000);

  it('vigil balance takes a name and proves the balance of its address', async () => {
    const lines: string[] = [];
    const code = await balanceCommand(['--network-config', devnet.info.networkConfig, '--beacon-api', devnet.info.beaconApi, '--execution-rpc', devnet.info.executionRpc, '--checkpoint', devnet.info.checkpoint, '--ens-resolver', ens.universalResolver, 'bob.vigil.eth'], (l) => lines.push(l));
    expect(code).toBe(0);
    const out = JSON.parse(lines.at(-1)!);
    expect(out).toMatchObject({ address: devnet.info.accounts[2], name: 'bob.vigil.eth', nameProvenance: { kind: 'proven', words: 'proven' } });
    expect(BigInt(out.balance)).toBe(await node.getBalance({ address: devnet.info.accounts[2] as Hex }));
    // An offchain name without --gateways: refused, naming the gateway; nothing asked.
    await expect(balanceCommand(['--network-config', devnet.info.networkConfig, '--beacon-api', devnet.info.beaconApi, '--execution-rpc', devnet.info.executionRpc, '--checkpoint', devnet.info.checkpoint, '--ens-resolver', ens.universalResolver, ens.names.offchain.name], () => {})).rejects.toMatchObject({ code: 'GATEWAY_NOT_ALLOWED' });
  }, 120_000);
});
