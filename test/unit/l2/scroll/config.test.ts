/**
 * The scroll-v1 config: the shipped mainnet and Sepolia configs parse (addresses checksummed in the
 * sources, lower-cased when read), the layout constants are what Solidity computes, and every
 * malformed field is an InputError naming it, never another error.
 */
import fc from 'fast-check';
import { keccak256, toHex } from 'viem';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../src/core/errors.ts';
import { parseScrollConfig, REQUIRED_SOURCES, SCROLL_KIND } from '../../../../src/l2/scroll/config.ts';
import { EIP1967_IMPLEMENTATION_SLOT, SCROLL_NETWORKS, scrollMainnet, scrollSepolia } from '../../../../src/l2/scroll/networks.ts';

const clone = (): any => structuredClone(scrollMainnet);

function inputError(json: unknown): string {
  try {
    parseScrollConfig(json);
  } catch (err) {
    if (err instanceof InputError) return err.message;
    throw err;
  }
  throw new Error('parsed');
}

describe('shipped Scroll configs', () => {
  it('parse, with lower-cased addresses and the compiled layout', () => {
    const main = parseScrollConfig(scrollMainnet);
    expect(main.kind).toBe(SCROLL_KIND);
    expect([main.chainId, main.l1ChainId]).toEqual([534352, 1]);
    expect(main.contracts.scrollChain).toEqual({ address: '0xa13baf47339d63b743e7da8741db5456dac1e556', implementations: ['0x0a20703878e68e587c59204cc0ea86098b8c3ba7'] });
    expect(main.contracts.enforcedTxGateway?.address).toBe('0x72cacbcfde2d1e19122f8a36a4d6676cd39d7a5d');
    expect(main.slots.scrollChain).toEqual({ paused: 101n, finalizedStateRoots: 158n, initialEuclidBatchIndex: 160n, miscData: 161n });
    expect(main.slots.messageQueue.nextUnfinalizedQueueIndex).toBe(104n);
    const sepolia = parseScrollConfig(scrollSepolia);
    expect([sepolia.chainId, sepolia.l1ChainId]).toEqual([534351, 11155111]);
    expect(sepolia.contracts.scrollChain.implementations).toEqual([]);
    expect(Object.keys(SCROLL_NETWORKS)).toEqual(['scroll', 'scroll-sepolia']);
  });

  it('cite every contract and slot group', () => {
    for (const json of [scrollMainnet, scrollSepolia]) {
      const { sources } = parseScrollConfig(json);
      for (const key of REQUIRED_SOURCES) expect(sources[key]).toMatch(/\S{8}/);
    }
  });

  it('use the EIP-1967 slot keccak256("eip1967.proxy.implementation") − 1', () => {
    const slot = BigInt(keccak256(toHex('eip1967.proxy.implementation'))) - 1n;
    expect(EIP1967_IMPLEMENTATION_SLOT).toBe('0x' + slot.toString(16).padStart(64, '0'));
  });

  it('pack miscData as struct ScrollChainMiscData { uint64; uint64; uint32; uint8; uint88 } does', () => {
    const m = parseScrollConfig(scrollMainnet).slots.miscData;
    const fields = [m.lastCommittedBatchIndex, m.lastFinalizedBatchIndex, m.lastFinalizeTimestamp, m.flags];
    let offset = 0;
    for (const [f, width] of fields.map((f, i) => [f, [8, 8, 4, 1][i]!] as const)) {
      expect(f).toEqual({ offset, bytes: width });
      offset += width;
    }
    expect(m.enforcedModeBit).toBe(1);
  });
});

describe('parseScrollConfig refuses, naming the field', () => {
  const cases: [string, (c: any) => void, RegExp][] = [
    ['kind', (c) => (c.kind = 'scroll-v2'), /"kind" expected "scroll-v1"/],
    ['name', (c) => (c.name = ''), /"name"/],
    ['chainId', (c) => (c.chainId = 0), /"chainId"/],
    ['l1ChainId', (c) => delete c.l1ChainId, /missing field "l1ChainId"/],
    ['l2Rpc', (c) => (c.l2Rpc = 'ftp://x'), /"l2Rpc" expected an http/],
    ['an unknown top-level field', (c) => (c.contract = '0x00'), /"config.contract" is not a field/],
    ['a contract address', (c) => (c.contracts.scrollChain.address = '0x1234'), /"contracts.scrollChain.address" expected 20 bytes/],
    ['a missing contract', (c) => delete c.contracts.messageQueue, /missing field "contracts.messageQueue"/],
    ['implementations not an array', (c) => (c.contracts.systemConfig.implementations = '0x' + '11'.repeat(20)), /"contracts.systemConfig.implementations" expected an array/],
    ['an implementation', (c) => (c.contracts.scrollChain.implementations = ['0xzz']), /"contracts.scrollChain.implementations\[0\]"/],
    ['a repeated implementation', (c) => (c.contracts.scrollChain.implementations = ['0x' + '11'.repeat(20), '0x' + '11'.repeat(20)]), /lists an address twice/],
    ['the gateway address', (c) => (c.contracts.enforcedTxGateway.address = 7), /"contracts.enforcedTxGateway.address"/],
    ['the implementation slot', (c) => (c.slots.implementation = '0x01'), /"slots.implementation" expected 32 bytes/],
    ['a slot', (c) => (c.slots.scrollChain.finalizedStateRoots = -1), /"slots.scrollChain.finalizedStateRoots"/],
    ['a slot given as a string', (c) => (c.slots.messageQueue.nextUnfinalizedQueueIndex = '104'), /"slots.messageQueue.nextUnfinalizedQueueIndex"/],
    ['an unknown slot', (c) => (c.slots.scrollChain.lastFinalizedBatchIndex = 156), /"slots.scrollChain.lastFinalizedBatchIndex" is not a field/],
    ['a packed field past the word', (c) => (c.slots.miscData.lastFinalizeTimestamp = { offset: 30, bytes: 4 }), /"slots.miscData.lastFinalizeTimestamp.bytes" expected an integer in \[1, 2\]/],
    ['a packed offset', (c) => (c.slots.systemConfig.maxDelayMessageQueue.offset = 32), /"slots.systemConfig.maxDelayMessageQueue.offset"/],
    ['the enforced-mode bit outside flags', (c) => (c.slots.miscData.enforcedModeBit = 8), /"slots.miscData.enforcedModeBit" expected an integer in \[0, 7\]/],
    ['liveness order', (c) => (c.liveness.stalledAfterSeconds = 1), /"liveness.stalledAfterSeconds" expected ≥/],
    ['a missing source', (c) => delete c.sources['slots.miscData'], /missing field "sources.slots.miscData"/],
    ['the gateway without a source', (c) => delete c.sources['contracts.enforcedTxGateway'], /missing field "sources.contracts.enforcedTxGateway"/],
    ['an empty source', (c) => (c.sources['contracts.scrollChain'] = ''), /"sources.contracts.scrollChain" expected a non-empty string/],
  ];
  for (const [what, mutate, message] of cases) {
    it(what, () => {
      const c = clone();
      mutate(c);
      expect(inputError(c)).toMatch(message);
    });
  }

  it('anything but an object', () => {
    for (const value of [null, 1, 'x', []]) expect(inputError(value)).toMatch(/"config" expected an object/);
  });

  /** Every leaf of the config with its path. */
  function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, Array.isArray(value) ? Number(k) : k]));
    return [path];
  }

  it('any leaf replaced by any JSON value: parsed, or an InputError, never another error', () => {
    const paths = leaves(scrollMainnet);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, value) => {
        const c = clone();
        let obj = c;
        for (const key of path.slice(0, -1)) obj = obj[key];
        obj[path[path.length - 1]!] = value;
        try {
          parseScrollConfig(c);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the exit and verifier sections', () => {
  const refuses = (mutate: (c: any) => void, field: string) => {
    const c: any = structuredClone(scrollMainnet);
    mutate(c);
    expect(() => parseScrollConfig(c)).toThrow(InputError);
    expect(() => parseScrollConfig(c)).toThrow(field);
  };

  it('reads the shipped exit sections (addresses lower-cased, slots as bigints)', () => {
    const m = parseScrollConfig(scrollMainnet);
    expect(m.exit?.l1Messenger.address).toBe('0x6774bcbd5cecef1336b5300fb5186a12ddd8b367');
    expect(m.exit?.slots.isL2MessageExecuted).toBe(252n);
    expect(m.exit?.slots.baseFeeScalar).toEqual({ offset: 18, bytes: 14 });
    expect(m.contracts.enforcedTxGateway?.implementations).toEqual(['0x7e87c75bbe7991bbcebd2c7a56f4cfc923bddbcc']);
    expect(parseScrollConfig(scrollSepolia).contracts.enforcedTxGateway?.address).toBe('0x97f421ca37889269a11ae0fef558114b984c7487');
    expect(m.verifier).toBeUndefined();
  });

  it('refuses a bad exit section, naming the field', () => {
    refuses((c) => (c.exit.l2Messenger = '0x1234'), 'exit.l2Messenger');
    refuses((c) => (c.exit.l2GasLimit = 100), 'exit.l2GasLimit');
    refuses((c) => (c.exit.bridgeApi = 'https://x/api/'), 'exit.bridgeApi');
    refuses((c) => (c.exit.slots.extra = 1), 'extra');
    refuses((c) => delete c.exit.slots.withdrawRoots, 'withdrawRoots');
    refuses((c) => delete c.sources['exit.slots'], 'sources.exit.slots');
    refuses((c) => (c.contracts.enforcedTxGateway.implementations = ['0x' + '11'.repeat(20), '0x' + '11'.repeat(20)]), 'twice');
  });

  it('refuses a bad verifier pin, naming the field', () => {
    const pin = { router: '0x' + '11'.repeat(20), routerCodeHash: '0x' + '22'.repeat(32), latestVerifierSlot: 2, versions: [{ version: 8, address: '0x' + '33'.repeat(20), codeHash: '0x' + '44'.repeat(32) }] };
    const withPin = (p: unknown) => (c: any) => {
      c.verifier = p;
      c.sources.verifier = 'test';
    };
    expect(parseScrollConfig({ ...structuredClone(scrollMainnet), verifier: pin, sources: { ...scrollMainnet.sources, verifier: 'test' } }).verifier?.versions[0]?.version).toBe(8);
    refuses((c) => (c.verifier = pin), 'sources.verifier');
    refuses(withPin({ ...pin, versions: [] }), 'verifier.versions');
    refuses(withPin({ ...pin, versions: [pin.versions[0], pin.versions[0]] }), 'increasing');
    refuses(withPin({ ...pin, routerCodeHash: '0x22' }), 'verifier.routerCodeHash');
    refuses(withPin({ ...pin, versions: [{ ...pin.versions[0], codeHash: undefined }] }), 'codeHash');
  });
});
