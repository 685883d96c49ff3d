/**
 * eth_createAccessList on the devnet: the access list derived from struct logs
 * (test/support/access-list-trace.ts) against a model of the call tree the logs were flattened
 * from, the trace decoder's bounds, and the go-ethereum loop (create-access-list.ts) against a
 * scripted node.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.ts';
import { accessListOfTrace, failureOf, parseTrace, type StructLog } from '../../support/access-list-trace.ts';
import { PRECOMPILES } from '../../support/hardhat-config.ts';
import { createAccessList } from '../../support/create-access-list.ts';

const pad = (hex: string) => hex.replace(/^0x/, '').padStart(64, '0');
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const ME = addr(0xaaaa);
const FROM = addr(0xf0f0);

type CallKind = 'CALL' | 'STATICCALL' | 'DELEGATECALL' | 'CALLCODE';
type Step =
  | { op: 'SLOAD' | 'SSTORE'; slot: string }
  | { op: 'BALANCE' | 'EXTCODESIZE' | 'EXTCODEHASH' | 'EXTCODECOPY' | 'SELFDESTRUCT'; address: string }
  | { op: CallKind; target: string; steps: Step[] }
  | { op: 'CREATE' | 'CREATE2'; created: string | null; steps: Step[] };

/** Flattens a frame's steps into struct logs as a node writes them (stack top last). */
function flatten(steps: readonly Step[], depth: number, out: StructLog[] = []): StructLog[] {
  const log = (op: string, stack: string[], d = depth) => out.push({ op, pc: out.length, depth: d, gas: 1_000_000, gasCost: 3, stack });
  for (const s of steps) {
    if (s.op === 'SLOAD' || s.op === 'SSTORE') log(s.op, s.op === 'SSTORE' ? [pad('0x1'), pad(s.slot)] : [pad(s.slot)]);
    else if ('address' in s) log(s.op, s.op === 'EXTCODECOPY' ? [pad('0x20'), pad('0x0'), pad('0x0'), pad(s.address)] : [pad(s.address)]);
    else if ('target' in s) {
      const args = s.op === 'CALL' || s.op === 'CALLCODE' ? 7 : 6;
      log(s.op, [...Array.from({ length: args - 2 }, () => pad('0x0')), pad(s.target), pad('0xffff')]);
      flatten(s.steps, depth + 1, out);
      log('POP', [pad('0x1')]); // the success flag the call pushed
    } else {
      const c = s as Extract<Step, { created: unknown }>;
      log(c.op, [pad('0x40'), pad('0x0'), pad('0x0')]);
      flatten(c.steps, depth + 1, out);
      log('POP', [pad(c.created ?? '0x0')]); // the created address, zero when the creation failed
    }
  }
  return out;
}

/** What go-ethereum's tracer records for the same tree, from the tree itself. */
function model(steps: readonly Step[], exclude: ReadonlySet<string>): { address: string; storageKeys: string[] }[] {
  const list = new Map<string, Set<string>>();
  const touch = (a: string) => {
    if (!exclude.has(a) && !list.has(a)) list.set(a, new Set());
  };
  const walk = (frame: readonly Step[], account: string | null) => {
    for (const s of frame) {
      if (s.op === 'SLOAD' || s.op === 'SSTORE') {
        if (account === null) continue; // a failed creation's slots: the address is unknown
        if (!list.has(account)) list.set(account, new Set());
        list.get(account)!.add(`0x${pad(s.slot)}`);
      } else if ('address' in s) touch(s.address);
      else if ('target' in s) {
        touch(s.target);
        walk(s.steps, s.op === 'DELEGATECALL' || s.op === 'CALLCODE' ? account : s.target);
      } else {
        const c = s as Extract<Step, { created: unknown }>;
        walk(c.steps, c.created);
      }
    }
  };
  walk(steps, ME);
  return [...list.keys()].sort().map((address) => ({ address, storageKeys: [...list.get(address)!].sort() }));
}

const pool = fc.constantFrom(addr(0xb1), addr(0xb2), addr(0xb3), FROM, ME, addr(0x01), addr(0x0a));
const slot = fc.constantFrom('0x0', '0x1', '0x2a', `0x${'ff'.repeat(32)}`);
const { steps } = fc.letrec<{ steps: Step[]; step: Step }>((tie) => ({
  steps: fc.array(tie('step'), { maxLength: 5 }),
  step: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ op: fc.constantFrom('SLOAD' as const, 'SSTORE' as const), slot }),
    fc.record({ op: fc.constantFrom('BALANCE' as const, 'EXTCODESIZE' as const, 'EXTCODEHASH' as const, 'EXTCODECOPY' as const, 'SELFDESTRUCT' as const), address: pool }),
    fc.record({
      op: fc.constantFrom<CallKind>('CALL', 'STATICCALL', 'DELEGATECALL', 'CALLCODE'),
      target: pool,
      steps: fc.array(tie('step'), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Step[]>,
    }),
    fc.record({
      op: fc.constantFrom('CREATE' as const, 'CREATE2' as const),
      created: fc.option(fc.constantFrom(addr(0xc1), addr(0xc2)), { nil: null }),
      steps: fc.array(tie('step'), { minLength: 1, maxLength: 3 }) as fc.Arbitrary<Step[]>,
    }),
  ),
}));

describe('access lists from struct logs', () => {
  const exclude = new Set([FROM, ME, ...PRECOMPILES.osaka]);

  it('name every account and slot the call tree touches, as go-ethereum\'s tracer does', () => {
    fc.assert(
      fc.property(steps, (tree) => {
        expect(accessListOfTrace(flatten(tree, 1), { to: ME, exclude })).toEqual(model(tree, exclude));
      }),
      { numRuns: 500 },
    );
  });

  it('keep the caller\'s storage under DELEGATECALL, resolve a creation\'s slots by its address', () => {
    const tree: Step[] = [
      { op: 'SLOAD', slot: '0x1' },
      { op: 'DELEGATECALL', target: addr(0xb1), steps: [{ op: 'SSTORE', slot: '0x2' }] },
      { op: 'STATICCALL', target: addr(0x01), steps: [{ op: 'SLOAD', slot: '0x3' }] },
      { op: 'CREATE2', created: addr(0xc1), steps: [{ op: 'SSTORE', slot: '0x0' }] },
      { op: 'CREATE', created: null, steps: [{ op: 'SSTORE', slot: '0x9' }] },
      { op: 'BALANCE', address: FROM },
    ];
    expect(accessListOfTrace(flatten(tree, 1), { to: ME, exclude })).toEqual([
      { address: addr(0x01), storageKeys: [`0x${pad('0x3')}`] },
      { address: addr(0xb1), storageKeys: [] },
      { address: addr(0xc1), storageKeys: [`0x${pad('0x0')}`] },
      { address: addr(0xaaaa), storageKeys: [`0x${pad('0x1')}`, `0x${pad('0x2')}`] },
    ]);
  });

  it('keep a given list, excluded addresses only with their slots', () => {
    const initial = [
      { address: FROM, storageKeys: [] },
      { address: addr(0xb2), storageKeys: ['0x' + pad('0x7')] },
    ];
    expect(accessListOfTrace([], { to: ME, exclude, initial })).toEqual([{ address: addr(0xb2), storageKeys: ['0x' + pad('0x7')] }]);
  });

  it('refuse a trace that goes deeper without a call', () => {
    const logs: StructLog[] = [
      { op: 'ADD', pc: 0, depth: 1, gas: 10, gasCost: 3, stack: [] },
      { op: 'SLOAD', pc: 1, depth: 2, gas: 10, gasCost: 3, stack: [pad('0x1')] },
    ];
    expect(() => accessListOfTrace(logs, { to: ME, exclude })).toThrow(InputError);
  });
});

describe('parseTrace', () => {
  it('reads geth\'s 0x-minimal words and Hardhat\'s 64-digit ones alike', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), (v) => {
        const trace = (w: string) => ({ failed: false, gas: 21000, returnValue: '', structLogs: [{ op: 'SLOAD', pc: 0, depth: 1, gas: 9, gasCost: 2100, stack: [w] }] });
        const geth = parseTrace(trace(`0x${v.toString(16)}`));
        const hardhat = parseTrace(trace(v.toString(16).padStart(64, '0').toUpperCase()));
        expect(geth).toEqual(hardhat);
        expect(geth.structLogs[0]!.stack[0]).toBe(v.toString(16).padStart(64, '0'));
      }),
    );
  });

  it('refuses what is not a trace, naming the field', () => {
    const ok = { failed: false, gas: 1, returnValue: '0x', structLogs: [{ op: 'STOP', pc: 0, depth: 1, gas: 1, gasCost: 0, stack: [] }] };
    for (const [bad, field] of [
      [null, 'trace'],
      [{ ...ok, failed: 'no' }, 'trace.failed'],
      [{ ...ok, gas: -1 }, 'trace.gas'],
      [{ ...ok, structLogs: [{ ...ok.structLogs[0], depth: 'x' }] }, 'trace.structLogs[0].depth'],
      [{ ...ok, structLogs: [{ ...ok.structLogs[0], stack: ['0x' + '1'.repeat(65)] }] }, 'trace.structLogs[0].stack[0]'],
      [{ ...ok, structLogs: [{ ...ok.structLogs[0], op: 7 }] }, 'trace.structLogs[0].op'],
    ] as const) {
      expect(() => parseTrace(bad)).toThrow(InputError);
      expect(() => parseTrace(bad)).toThrow(`"${field}`);
    }
  });

  it('says why a call failed as go-ethereum does', () => {
    const t = (op: string, gas = 100, gasCost = 3) => ({ failed: true, gas: 1, returnValue: '0x', structLogs: [{ op, pc: 0, depth: 1, gas, gasCost, stack: [] }] });
    expect(failureOf(parseTrace(t('REVERT')))).toBe('execution reverted');
    expect(failureOf(parseTrace(t('INVALID')))).toBe('invalid opcode: INVALID');
    expect(failureOf(parseTrace(t('SLOAD', 245, 245)))).toBe('out of gas');
    expect(failureOf(parseTrace({ ...t('STOP'), failed: false }))).toBeUndefined();
  });
});

describe('createAccessList', () => {
  /** A node whose call reads slot 1 of ME, and B's balance only when it runs with a warm ME (gas-dependent). */
  function scriptedNode() {
    const calls: { method: string; params: unknown[] }[] = [];
    const node = async (method: string, params: unknown[]): Promise<unknown> => {
      calls.push({ method, params });
      if (method === 'eth_getTransactionCount') return '0x5';
      const [tx, , options] = params as [{ accessList: { address: string }[] }, unknown, { disableStack?: boolean }];
      const warm = tx.accessList.some((t) => t.address === ME);
      const steps = [
        { op: 'SLOAD', pc: 0, depth: 1, gas: 100_000, gasCost: warm ? 100 : 2100, stack: [pad('0x1')] },
        ...(warm ? [{ op: 'BALANCE', pc: 1, depth: 1, gas: 90_000, gasCost: 2600, stack: [pad(addr(0xb1))] }] : []),
        { op: 'REVERT', pc: 2, depth: 1, gas: 80_000, gasCost: 0, stack: [pad('0x0'), pad('0x0')] },
      ];
      return {
        failed: true,
        gas: warm ? 30_000 : 25_000,
        returnValue: '',
        structLogs: options.disableStack ? steps.map(({ stack: _, ...s }) => s) : steps,
      };
    };
    return { node, calls };
  }

  it('repeats until the list stops growing, tracing the path before the stacks', async () => {
    const { node, calls } = scriptedNode();
    const result = await createAccessList(node, [{ from: FROM, to: ME, data: '0x' }, '0x10'], PRECOMPILES.osaka);
    expect(result).toEqual({
      accessList: [
        { address: addr(0xb1), storageKeys: [] },
        { address: ME, storageKeys: [`0x${pad('0x1')}`] },
      ],
      gasUsed: '0x7530',
      error: 'execution reverted',
    });
    // Full trace (ME found), path trace (path changed), full trace (B found), path trace (same path): stable.
    expect(calls.map((c) => (c.params[2] as { disableStack?: boolean }).disableStack ?? false)).toEqual([false, true, false, true]);
    expect(calls.every((c) => c.method === 'debug_traceCall' && c.params[1] === '0x10' && (c.params[0] as { from: string }).from === FROM)).toBe(true);
  });

  it('names a creation\'s address from the sender\'s nonce, and a missing sender as the zero address', async () => {
    const { node, calls } = scriptedNode();
    await createAccessList(node, [{ data: '0x00' }], PRECOMPILES.cancun);
    expect(calls[0]).toEqual({ method: 'eth_getTransactionCount', params: [addr(0), 'latest'] });
    expect((calls[1]!.params[0] as { from: string }).from).toBe(addr(0));
  });

  it('refuses parameters that are not [transaction, block]', async () => {
    const { node } = scriptedNode();
    for (const bad of [[], ['0x1'], {}, [{ to: ME, accessList: [{ address: '0x12', storageKeys: [] }] }]]) {
      await expect(createAccessList(node, bad, PRECOMPILES.osaka)).rejects.toThrow(InputError);
    }
  });
});
