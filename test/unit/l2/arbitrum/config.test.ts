/**
 * The arbitrum-nitro-v1 config: the Arbitrum One and Sepolia configs parse; each wrong field is
 * refused with an InputError naming it; and, as properties, removing any required field names
 * that field, and any junk in any field is an InputError or a config, never a crash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { ARBITRUM_KIND, EIP1967_IMPLEMENTATION_SLOT, EXIT_SLOT_NAMES, parseArbitrumConfig, SECONDARY_IMPLEMENTATION_SLOT } from '../../../../src/l2/arbitrum/config.ts';
import { ETHER } from '../../../../src/l2/adapter.ts';
import { arbitrumAdapter } from '../../../../src/l2/arbitrum/adapter.ts';
import { ARBITRUM_NETWORKS, ARBITRUM_ONE, ARBITRUM_SEPOLIA } from '../../../../src/l2/arbitrum/networks.ts';

const json = (): any => JSON.parse(JSON.stringify(ARBITRUM_ONE));

describe('the arbitrum-nitro-v1 config', () => {
  it('Arbitrum One and Arbitrum Sepolia parse (addresses lower-cased, slots as bigints)', () => {
    const one = parseArbitrumConfig(ARBITRUM_ONE);
    expect(one.kind).toBe(ARBITRUM_KIND);
    expect(one.chainId).toBe(42161);
    expect(one.l1ChainId).toBe(1);
    expect(one.contracts.outbox).toBe('0x0b9857ae2d4a3dbe74ffe1d7df045bb7f96e4840');
    expect(one.slots.outboxRoots).toBe(3n);
    expect(one.slots.rollupLatestConfirmed).toBe(116n);
    expect(one.implementations.rollupUser).toEqual(['0x6490ba0a60cc7d3a59c9eee135d9eed24553a60d']);
    expect(one.implementationSlot).toBe(EIP1967_IMPLEMENTATION_SLOT);
    expect(one.secondaryImplementationSlot).toBe(SECONDARY_IMPLEMENTATION_SLOT);
    expect(one.l2Rpc).toBeUndefined();
    const sepolia = parseArbitrumConfig(ARBITRUM_SEPOLIA);
    expect([sepolia.chainId, sepolia.l1ChainId]).toEqual([421614, 11155111]);
    expect(sepolia.contracts.rollup).toBe('0x042b2e6c5e99d4c521bd49beed5e99651d9b0cf4');
    for (const c of Object.values(ARBITRUM_NETWORKS)) {
      const parsed = arbitrumAdapter.parseConfig(c);
      expect(arbitrumAdapter.identity(parsed)).toEqual({
        chainId: c.chainId,
        name: c.name,
        l1ChainId: c.l1ChainId,
        l2Rpc: undefined,
        liveness: { delayedAfterSeconds: c.liveness.delayedAfterSeconds, stalledAfterSeconds: c.liveness.stalledAfterSeconds },
        nativeCurrency: ETHER,
      });
    }
  });

  it('the EIP-1967 slots are keccak256(label) − 1', async () => {
    const { keccak256, toBytes } = await import('viem');
    const minusOne = (label: string) => '0x' + (BigInt(keccak256(toBytes(label))) - 1n).toString(16).padStart(64, '0');
    expect(EIP1967_IMPLEMENTATION_SLOT).toBe(minusOne('eip1967.proxy.implementation'));
    expect(SECONDARY_IMPLEMENTATION_SLOT).toBe(minusOne('eip1967.proxy.implementation.secondary'));
  });

  it('reads an L2 RPC and hex slots', () => {
    const c = json();
    c.l2Rpc = 'https://arb1.example/rpc';
    c.slots.outboxRoots = '0x03';
    const parsed = parseArbitrumConfig(c);
    expect(parsed.l2Rpc).toBe('https://arb1.example/rpc');
    expect(parsed.slots.outboxRoots).toBe(3n);
  });

  const bad: [string, (c: any) => void, RegExp][] = [
    ['kind', (c) => (c.kind = 'op-stack'), /"kind" expected "arbitrum-nitro-v1"/],
    ['name', (c) => (c.name = ''), /"name" expected a non-empty string/],
    ['chainId', (c) => (c.chainId = 0), /"chainId" expected an integer ≥ 1, got 0/],
    ['l1ChainId', (c) => (c.l1ChainId = 1.5), /"l1ChainId" expected an integer/],
    ['l2Rpc', (c) => (c.l2Rpc = 'ws://x'), /"l2Rpc" expected an http\(s\) URL/],
    ['contracts.outbox', (c) => (c.contracts.outbox = '0x1234'), /"contracts.outbox" expected 20 bytes of hex, got 2/],
    ['contracts (duplicate)', (c) => (c.contracts.inbox = c.contracts.bridge), /"contracts" expected 5 distinct addresses, got 4/],
    ['contracts (unknown)', (c) => (c.contracts.challengeManager = c.contracts.bridge), /"contracts.challengeManager" is not a field/],
    ['slots.outboxRoots', (c) => (c.slots.outboxRoots = -1), /"slots.outboxRoots" expected an integer ≥ 0, got -1/],
    ['slots (too wide)', (c) => (c.slots.outboxRoots = '0x' + '11'.repeat(33)), /"slots.outboxRoots" expected a slot/],
    ['slots (unknown)', (c) => (c.slots.outboxBogus = 2), /"slots.outboxBogus" is not a field/],
    ['implementationSlot', (c) => (c.implementationSlot = '0x' + '00'.repeat(32)), /"implementationSlot" expected 0x3608.* \(EIP-1967\)/],
    ['secondaryImplementationSlot', (c) => (c.secondaryImplementationSlot = EIP1967_IMPLEMENTATION_SLOT), /"secondaryImplementationSlot" expected 0x2b1d/],
    ['implementations.outbox (empty)', (c) => (c.implementations.outbox = []), /"implementations.outbox" expected at least one pinned implementation/],
    ['implementations.bridge[0]', (c) => (c.implementations.bridge = ['nope']), /"implementations.bridge\[0\]" expected 0x-prefixed hex/],
    ['implementations.rollupUser', (c) => (c.implementations.rollupUser = '0x' + '11'.repeat(20)), /"implementations.rollupUser" expected an array/],
    ['liveness.stalledAfterSeconds', (c) => (c.liveness.stalledAfterSeconds = 1), /"liveness.stalledAfterSeconds" expected ≥ delayedAfterSeconds/],
    ['liveness.l1SecondsPerBlock', (c) => (c.liveness.l1SecondsPerBlock = 0), /"liveness.l1SecondsPerBlock" expected an integer ≥ 1, got 0/],
    ['sources.slots', (c) => delete c.sources.slots, /missing field "sources.slots"/],
    ['sources.contracts (empty)', (c) => (c.sources.contracts = []), /"sources.contracts" expected at least one citation/],
    ['sources.liveness', (c) => (c.sources.liveness = 7), /"sources.liveness" expected a non-empty string/],
  ];
  it.each(bad)('refuses a wrong %s, naming it', (_name, mutate, message) => {
    const c = json();
    mutate(c);
    expect(() => parseArbitrumConfig(c)).toThrow(InputError);
    expect(() => parseArbitrumConfig(c)).toThrow(message);
  });

  /** Every required field's path (objects only; sources' optional citations and the exit's optional delays and slots left out). */
  function requiredPaths(): string[][] {
    const c = json();
    delete c.exit;
    for (const k of EXIT_SLOT_NAMES) delete c.slots[k];
    const paths: string[][] = [];
    for (const [key, value] of Object.entries(c)) {
      paths.push([key]);
      if (key === 'sources') for (const k of ['contracts', 'slots', 'implementations', 'liveness']) paths.push([key, k]);
      else if (value !== null && typeof value === 'object' && !Array.isArray(value)) for (const k of Object.keys(value)) paths.push([key, k]);
    }
    return paths;
  }

  it('property: removing any required field is an InputError naming it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...requiredPaths()), (path) => {
        const c = json();
        const parent = path.slice(0, -1).reduce((o, k) => o[k], c);
        delete parent[path.at(-1)!];
        expect(() => parseArbitrumConfig(c)).toThrow(new RegExp(`"${path.join('\\.')}"`));
      }),
      { numRuns: 200 },
    );
  });

  it('property: junk in any field is an InputError or a config, never another error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...requiredPaths()), fc.anything(), (path, junk) => {
        const c = json();
        const parent = path.slice(0, -1).reduce((o, k) => o[k], c);
        parent[path.at(-1)!] = junk;
        try {
          parseArbitrumConfig(c);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
