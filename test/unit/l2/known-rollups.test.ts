/**
 * The rollup configs Vigil ships parse with their own adapters, name distinct chains on the L1
 * they settle on, and ask the L2 RPC for eth_getProof at the block whose root L1 accepted.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { evmAccountRequest } from '../../../src/l2/evm-account.ts';
import { KNOWN_ROLLUP_NAMES, knownRollupConfig, requireKnownRollup } from '../../../src/l2/known-rollups.ts';
import { parseRollup, ROLLUP_ADAPTERS } from '../../../src/l2/registry.ts';
import { parseRollupKindConfig } from '../../../src/l2/configs.ts';
import { ROLLUP_KINDS, rollupRef } from '../../../src/l2/kinds.ts';
import { SHIPPED_ROLLUP_NAMES, shippedRollupRef } from '../../../src/l2/shipped.ts';

const accepted = { root: 1n, batch: 0x1234n, acceptedAt: 0n, status: 'finalized' as const };
const ADDRESS = '0x' + 'ab'.repeat(20);

describe('shipped rollup configs', () => {
  it('registers every adapter once by kind', () => {
    expect(Object.keys(ROLLUP_ADAPTERS).sort()).toEqual(['arbitrum-nitro-v1', 'linea-v1', 'op-stack-fault-proofs-v1', 'op-succinct-l2oo-v1', 'scroll-v1', 'taiko-shasta-v1', 'vigil-zk-v1']);
  });

  it('ships mainnet and sepolia configs of OP, Base, Arbitrum and Scroll, and Mantle, Taiko and Linea, each parsing with its adapter', () => {
    expect([...KNOWN_ROLLUP_NAMES].sort()).toEqual(['arbitrum-one', 'arbitrum-sepolia', 'base', 'base-sepolia', 'linea', 'mantle', 'op-mainnet', 'op-sepolia', 'scroll', 'scroll-sepolia', 'taiko']);
    const identities = KNOWN_ROLLUP_NAMES.map((name) => parseRollup(requireKnownRollup(name)).identity);
    expect(Object.fromEntries(KNOWN_ROLLUP_NAMES.map((n, i) => [n, [identities[i]!.chainId, identities[i]!.l1ChainId]]))).toEqual({
      'op-mainnet': [10, 1],
      'op-sepolia': [11155420, 11155111],
      base: [8453, 1],
      'base-sepolia': [84532, 11155111],
      'arbitrum-one': [42161, 1],
      'arbitrum-sepolia': [421614, 11155111],
      scroll: [534352, 1],
      'scroll-sepolia': [534351, 11155111],
      mantle: [5000, 1],
      taiko: [167000, 1],
      linea: [59144, 1],
    });
  });

  it("has each shipped config's kind and identity from src/l2/shipped.ts, every kind's parser known by name", () => {
    expect([...KNOWN_ROLLUP_NAMES]).toEqual([...SHIPPED_ROLLUP_NAMES]);
    for (const name of KNOWN_ROLLUP_NAMES) {
      expect(rollupRef(knownRollupConfig(name))).toEqual(shippedRollupRef(name));
      const parsed = parseRollupKindConfig(knownRollupConfig(name));
      // The shipped table names no currency: an ETH rollup's is ETHER, another's is in its config (Mantle: MNT).
      expect({ kind: parsed.kind, ...parsed.identity, liveness: undefined, nativeCurrency: undefined }).toEqual({ ...shippedRollupRef(name), liveness: undefined, nativeCurrency: undefined });
    }
    // The service worker's list of kinds is the parsers' list: a kind without a parser, or a parser
    // the list lacks, would let the two disagree about a config.
    expect([...ROLLUP_KINDS].sort()).toEqual(Object.keys(ROLLUP_ADAPTERS).sort());
    for (const kind of ROLLUP_KINDS) expect(() => parseRollupKindConfig({ kind })).toThrow(/"name"/);
    expect(() => rollupRef({ kind: 'zk-sync-v1', name: 'x', chainId: 2, l1ChainId: 1 })).toThrow(/no rollup of kind "zk-sync-v1"/);
  });

  it('hands out copies, and names the known ones when asked for another', () => {
    const a = knownRollupConfig('op-mainnet')!;
    a.chainId = 1;
    expect(knownRollupConfig('op-mainnet')!.chainId).toBe(10);
    expect(knownRollupConfig('zksync-era')).toBeUndefined();
    expect(() => requireKnownRollup('zksync-era')).toThrow(InputError);
    expect(() => requireKnownRollup('zksync-era')).toThrow(/known: .*op-mainnet.*base/);
  });

  it('asks eth_getProof at the accepted L2 block (OP, Arbitrum) or the finalized one (Scroll: L1 names batches)', () => {
    const request = (name: string) => {
      const { adapter, config } = parseRollup(requireKnownRollup(name));
      return adapter.l2AccountRequest!(config, accepted, { address: ADDRESS });
    };
    expect(request('op-mainnet')).toEqual({ method: 'eth_getProof', params: [ADDRESS, [], '0x1234'] });
    expect(request('base')).toEqual({ method: 'eth_getProof', params: [ADDRESS, [], '0x1234'] });
    expect(request('arbitrum-one')).toEqual({ method: 'eth_getProof', params: [ADDRESS, [], '0x1234'] });
    expect(request('scroll')).toEqual({ method: 'eth_getProof', params: [ADDRESS, [], 'finalized'] });
  });

  it('refuses an account query that is not an address with 32-byte keys', () => {
    for (const bad of [null, {}, { address: '0x12' }, { address: ADDRESS, storageKeys: ['0x' + '0'.repeat(65)] }, { address: ADDRESS, storageKeys: 'x' }]) {
      expect(() => evmAccountRequest(bad, 'latest')).toThrow(InputError);
    }
    expect(evmAccountRequest({ address: ADDRESS, storageKeys: ['0x01'] }, '0x5').params).toEqual([ADDRESS, ['0x01'], '0x5']);
  });
});
