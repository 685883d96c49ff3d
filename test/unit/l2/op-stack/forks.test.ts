/**
 * The OP Stack fork table (src/l2/op-stack/forks): a chain's schedule read as OP's rollup configs
 * write it, the fork at a block's time on the shipped chains (each boundary second), forks Vigil
 * does not know refused from their time, each fork's rules (its L1 base, gossip version, fees,
 * base fee, precompiles), and an L2 header's block environment with the shape its fork gives it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headerHash } from '../../../../src/execution/header.ts';
import { baseFeeRulesAt, opRules, opRulesAt } from '../../../../src/l2/op-stack/forks/rules.ts';
import { OP_CHAIN_RULES } from '../../../../src/l2/op-stack/forks/chains.ts';
import { opBlockEnv } from '../../../../src/l2/op-stack/forks/block-env.ts';
import { OP_FORKS, type OpFork, opForkAt, parseOpForkSchedule } from '../../../../src/l2/op-stack/forks/schedule.ts';
import { isthmusHeader } from './l2-header.ts';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code ?? (e as Error).name;
  }
  return undefined;
};

const OP_MAINNET = OP_CHAIN_RULES.get(10)!;
const BASE = OP_CHAIN_RULES.get(8453)!;

describe('parseOpForkSchedule', () => {
  it('reads the registry\'s `<fork>_time` keys and plain names, Regolith from genesis when the registry writes none', () => {
    const s = parseOpForkSchedule({ canyon_time: 10, delta: 20, ecotone_time: 30 });
    expect(s.times).toEqual({ regolith: 0n, canyon: 10n, delta: 20n, ecotone: 30n });
    expect(s.unknown).toEqual([]);
  });

  it('sets aside what changes derivation only, and keeps later forks by name', () => {
    const s = parseOpForkSchedule({ canyon: 1, pectra_blob_schedule: 5, lagoon_time: 90, karst: 80, jovian: 70, isthmus: 60, holocene: 50, granite: 40, fjord: 30, ecotone: 20, delta: 10 });
    expect(s.times.karst).toBe(80n);
    expect(s.unknown).toEqual([{ name: 'lagoon', time: 90n }]);
  });

  it('refuses a fork out of order, a gap, a time that is none, Bedrock, a name twice', () => {
    expect(code(() => parseOpForkSchedule({ canyon: 20, delta: 10 }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule({ canyon: 1, ecotone: 2 }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule({ canyon: -1 }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule({ canyon: 1.5 }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule({ canyon: '1' }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule({ bedrock: 0 }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule({ canyon: 1, canyon_time: 1 }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule({ 'Canyon Time': 1 }))).toBe('INVALID_INPUT');
    expect(code(() => parseOpForkSchedule([]))).toBe('INVALID_INPUT');
  });
});

describe('parseOpForkSchedule on any object (fast-check)', () => {
  const names = fc.constantFrom(...OP_FORKS, 'lagoon', 'azul', 'pectra_blob_schedule', 'Canyon', 'karst_time', 'x-y', '');
  const values = fc.oneof(fc.nat({ max: 2_000_000_000 }), fc.integer({ min: -5, max: 5 }), fc.double(), fc.string(), fc.constant(null), fc.bigInt({ min: -1n, max: 2n ** 65n }));
  it('reads a schedule whose forks ascend and whose fork at a time never goes back, or throws an InputError', () => {
    fc.assert(
      fc.property(fc.dictionary(names, values, { maxKeys: 8 }), fc.array(fc.bigInt({ min: 0n, max: 2_100_000_000n }), { minLength: 2, maxLength: 6 }), (json, times) => {
        let schedule;
        try {
          schedule = parseOpForkSchedule(json);
        } catch (e) {
          expect((e as { code?: string }).code).toBe('INVALID_INPUT');
          return;
        }
        const known = OP_FORKS.slice(1).map((f) => schedule.times[f as Exclude<OpFork, 'bedrock'>]).filter((t) => t !== undefined);
        expect([...known].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0))).toEqual(known);
        const sorted = [...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        let last = -1;
        for (const t of sorted) {
          let fork: OpFork;
          try {
            fork = opForkAt(schedule, t);
          } catch (e) {
            expect((e as { code?: string }).code).toBe('OP_UNSUPPORTED_FORK');
            expect(schedule.unknown.some((u) => t >= u.time)).toBe(true);
            continue;
          }
          expect(OP_FORKS.indexOf(fork)).toBeGreaterThanOrEqual(last);
          last = OP_FORKS.indexOf(fork);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the fork at a block\'s time', () => {
  it('OP Mainnet: each fork from its second, the one before until then (superchain-registry op.toml)', () => {
    const times: [OpFork, bigint][] = [
      ['canyon', 1704992401n], ['delta', 1708560000n], ['ecotone', 1710374401n], ['fjord', 1720627201n], ['granite', 1726070401n],
      ['holocene', 1736445601n], ['isthmus', 1746806401n], ['jovian', 1764691201n], ['karst', 1783526401n],
    ];
    for (const [fork, time] of times) {
      expect(opForkAt(OP_MAINNET.forks, time)).toBe(fork);
      expect(opForkAt(OP_MAINNET.forks, time - 1n)).toBe(OP_FORKS[OP_FORKS.indexOf(fork) - 1]);
    }
    expect(opForkAt(OP_MAINNET.forks, 1686068903n)).toBe('regolith');
  });

  it('Unichain is past Granite from genesis; Holocene on its own time on Sepolia', () => {
    expect(opForkAt(OP_CHAIN_RULES.get(130)!.forks, 1730748359n)).toBe('granite');
    expect(opForkAt(OP_CHAIN_RULES.get(1301)!.forks, 1734559199n)).toBe('granite');
    expect(opForkAt(OP_CHAIN_RULES.get(1301)!.forks, 1734559200n)).toBe('holocene');
    expect(opForkAt(OP_CHAIN_RULES.get(11155420)!.forks, 1781712001n)).toBe('karst');
  });

  it('Base: OP\'s rules through Jovian, then its own upgrades, which Vigil refuses to guess', () => {
    expect(opForkAt(BASE.forks, 1779991199n)).toBe('jovian');
    expect(code(() => opForkAt(BASE.forks, 1779991200n))).toBe('OP_UNSUPPORTED_FORK');
    expect(code(() => opForkAt(OP_CHAIN_RULES.get(84532)!.forks, 1776708000n))).toBe('OP_UNSUPPORTED_FORK');
    expect(BASE.eip1559.elasticity).toBe(6n);
    expect(OP_CHAIN_RULES.get(84532)!.eip1559.elasticity).toBe(10n);
  });
});

describe('the rules of each fork', () => {
  it('builds on the L1 fork op-revm maps it to and travels in its gossip version', () => {
    const l1 = OP_FORKS.map((f) => opRules(f).l1Fork);
    expect(l1).toEqual(['paris', 'paris', 'shanghai', 'shanghai', 'cancun', 'cancun', 'cancun', 'cancun', 'prague', 'prague', 'osaka']);
    expect(OP_FORKS.map((f) => opRules(f).gossipVersion)).toEqual([1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4]);
    expect(OP_FORKS.map((f) => opRules(f).feeFork)).toEqual([null, null, null, null, 'ecotone', 'fjord', 'granite', 'holocene', 'isthmus', 'jovian', 'karst']);
  });

  it('P256VERIFY at RIP-7212\'s price from Fjord to Jovian; Karst takes Osaka\'s with its L1 fork', () => {
    expect(OP_FORKS.map((f) => opRules(f).evm.p256VerifyGas)).toEqual([undefined, undefined, undefined, undefined, undefined, 3450n, 3450n, 3450n, 3450n, 3450n, undefined]);
  });

  it('caps the pairing and MSM inputs as each fork\'s spec says', () => {
    const caps = (f: OpFork) => opRules(f).evm.inputCaps;
    expect(caps('fjord')).toBeUndefined();
    expect(caps('granite')).toEqual({ '0000000000000000000000000000000000000008': 112_687 });
    expect(caps('isthmus')).toEqual({
      '0000000000000000000000000000000000000008': 112_687,
      '000000000000000000000000000000000000000c': 513_760,
      '000000000000000000000000000000000000000e': 488_448,
      '000000000000000000000000000000000000000f': 235_008,
    });
    expect(caps('jovian')).toEqual({
      '0000000000000000000000000000000000000008': 81_984,
      '000000000000000000000000000000000000000c': 288_960,
      '000000000000000000000000000000000000000e': 278_784,
      '000000000000000000000000000000000000000f': 156_672,
    });
    expect(caps('karst')!['0000000000000000000000000000000000000008']).toBe(57_600);
  });

  it('no blob transactions ever; BLOBBASEFEE is 1 from Ecotone', () => {
    for (const f of OP_FORKS) expect(opRules(f).evm.blobTransactions).toBe(false);
    expect(opRules('delta').evm.blobBaseFee).toBeUndefined();
    expect(opRules('ecotone').evm.blobBaseFee).toBe(1n);
    expect(opRules('karst').evm.blobBaseFee).toBe(1n);
  });

  it('the base fee: Canyon\'s denominator by the new block\'s time, Holocene\'s and Jovian\'s header parameters by the parent\'s', () => {
    const s = OP_MAINNET.forks;
    const e = OP_MAINNET.eip1559;
    expect(baseFeeRulesAt(s, 1704992399n, 1704992401n, e)).toEqual({ fork: 'pre-holocene', params: { elasticity: 6n, denominator: 250n } });
    expect(baseFeeRulesAt(s, 1704992397n, 1704992399n, e)).toEqual({ fork: 'pre-holocene', params: { elasticity: 6n, denominator: 50n } });
    expect(baseFeeRulesAt(s, 1736445599n, 1736445601n, e)).toEqual({ fork: 'pre-holocene', params: { elasticity: 6n, denominator: 250n } });
    expect(baseFeeRulesAt(s, 1736445601n, 1736445603n, e)).toEqual({ fork: 'holocene' });
    expect(baseFeeRulesAt(s, 1764691199n, 1764691201n, e)).toEqual({ fork: 'holocene' });
    expect(baseFeeRulesAt(s, 1764691201n, 1764691203n, e)).toEqual({ fork: 'jovian' });
    expect(baseFeeRulesAt(s, 1783526401n, 1783526403n, e)).toEqual({ fork: 'jovian' });
  });

  it('opRulesAt refuses past an unknown fork', () => {
    expect(code(() => opRulesAt(BASE.forks, 1782410400n))).toBe('OP_UNSUPPORTED_FORK');
  });
});

describe('opBlockEnv', () => {
  const jovianHeader = isthmusHeader(140_000_000n, { timestamp: 1770000000n, blobGasUsed: 123_456n });

  it('runs a Jovian block by Prague with OP\'s rules, its DA footprint in blobGasUsed allowed', () => {
    const env = opBlockEnv(jovianHeader, headerHash(jovianHeader), OP_MAINNET);
    expect(env.fork).toBe('prague');
    expect(env.chainId).toBe(10n);
    expect(env.rollup?.id).toBe('op-stack:jovian');
    expect(env.number).toBe(140_000_000n);
    expect(env.coinbase).toEqual(jovianHeader.miner);
  });

  it('runs a Karst block by Osaka', () => {
    const h = isthmusHeader(160_000_000n, { timestamp: 1790000000n });
    expect(opBlockEnv(h, headerHash(h), OP_MAINNET).fork).toBe('osaka');
  });

  it('refuses a header without the fields of its fork, or with a later fork\'s', () => {
    // The shape is judged before anything reads the hash (the caller verified it against the header).
    const hash = new Uint8Array(32).fill(0x11);
    const { requestsHash: _, ...noRequests } = jovianHeader;
    expect(code(() => opBlockEnv(noRequests, hash, OP_MAINNET))).toBe('EXECUTION_FORK_MISMATCH');
    const holocene = { ...jovianHeader, timestamp: 1740000000n, blobGasUsed: 0n };
    expect(code(() => opBlockEnv(holocene, hash, OP_MAINNET))).toBe('EXECUTION_FORK_MISMATCH');
    const { requestsHash: __, ...holoceneShape } = holocene;
    expect(opBlockEnv(holoceneShape, hash, OP_MAINNET).fork).toBe('cancun');
    expect(code(() => opBlockEnv({ ...holoceneShape, blobGasUsed: 5n }, hash, OP_MAINNET))).toBe('EXECUTION_FORK_MISMATCH');
    expect(code(() => opBlockEnv({ ...jovianHeader, excessBlobGas: 1n }, hash, OP_MAINNET))).toBe('EXECUTION_FORK_MISMATCH');
    expect(code(() => opBlockEnv({ ...jovianHeader, slotNumber: 5n }, hash, OP_MAINNET))).toBe('EXECUTION_FORK_MISMATCH');
    const { parentBeaconBlockRoot: ___, ...ecotoneWithoutRoot } = holoceneShape;
    expect(code(() => opBlockEnv(ecotoneWithoutRoot, hash, OP_MAINNET))).toBe('EXECUTION_FORK_MISMATCH');
  });

  it('refuses a Base block from Azul on', () => {
    const h = isthmusHeader(40_000_000n, { timestamp: 1780000000n });
    expect(code(() => opBlockEnv(h, headerHash(h), BASE))).toBe('OP_UNSUPPORTED_FORK');
  });
});
