/**
 * The taint arithmetic (src/execution/next-block/taint-values.ts): `evalOp` computes each pure
 * opcode as @ethereumjs/evm does (differential, random words); `apply` over landing points gives
 * at each point what the opcode gives there, and is no taint exactly when every point agrees; over
 * two ends it is kept only while it bounds every value between (property, random monotone chains).
 */
import { createCustomCommon, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Domain } from '../../../src/execution/next-block/landing.ts';
import { apply, evalOp, PURE_OPS, type Taint } from '../../../src/execution/next-block/taint-values.ts';

const M = 1n << 256n;
const OPS = Object.keys(PURE_OPS).map(Number);
/** Words that find the edges: small, near 2^255 and 2^256, and any. */
const word = fc.oneof(fc.bigInt({ min: 0n, max: 300n }), fc.bigInt({ min: (1n << 255n) - 4n, max: (1n << 255n) + 4n }), fc.bigInt({ min: M - 5n, max: M - 1n }), fc.bigInt({ min: 0n, max: M - 1n }));

let evm: EVM;
beforeAll(async () => {
  evm = await createEVM({ common: createCustomCommon({ chainId: 1 }, Mainnet, { hardfork: 'osaka' }) });
});

/** The opcode run by the EVM on `args` (top of the stack first), its one output returned. */
async function onEvm(op: number, args: readonly bigint[]): Promise<bigint> {
  const pushes = [...args].reverse().map((v) => '7f' + v.toString(16).padStart(64, '0')).join('');
  const code = Buffer.from(`${pushes}${op.toString(16).padStart(2, '0')}5f5260205ff3`, 'hex');
  const r = await evm.runCode({ code, gasLimit: 1_000_000n });
  if (r.exceptionError !== undefined) throw new Error(`0x${op.toString(16)}: ${r.exceptionError.error}`);
  return BigInt('0x' + Buffer.from(r.returnValue).toString('hex'));
}

describe('evalOp', () => {
  it('is the EVM on every pure opcode (differential, random words at the edges)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPS), fc.array(word, { minLength: 3, maxLength: 3 }), async (op, words) => {
        const args = words.slice(0, PURE_OPS[op]);
        expect(evalOp(op, args)).toBe(await onEvm(op, args));
      }),
      { numRuns: 600 },
    );
  });
});

describe('apply', () => {
  const points: Domain = { source: 'number', kind: 'points', values: [0n, 1n, 2n, 3n, 4n] };

  it('over landing points: the opcode at each point, or no taint when all agree (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPS), fc.array(fc.array(word, { minLength: 5, maxLength: 5 }), { minLength: 3, maxLength: 3 }), fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), (op, cols, tainted) => {
        const n = PURE_OPS[op]!;
        const ts: (Taint | undefined)[] = cols.slice(0, n).map((vals, i) => (tainted[i] ? { src: 1, dom: points, vals } : undefined));
        const args = cols.slice(0, n).map((vals) => vals[0]!);
        const out = apply(op, args, ts);
        const at = (j: number) => evalOp(op, cols.slice(0, n).map((vals, i) => (tainted[i] ? vals[j]! : vals[0]!)));
        const expected = points.values.map((_, j) => at(j));
        if (!tainted.slice(0, n).some(Boolean)) return out === undefined;
        if (expected.every((v) => v === expected[0])) return out === undefined;
        return out !== undefined && out.vals !== undefined && out.vals.every((v, j) => v === expected[j]);
      }),
      { numRuns: 2000 },
    );
  });

  it('over two ends: no taint only where every value of the range gives the same word; ends only while they are the ends and bound every value between (property, chains of opcodes with constants)', () => {
    const step = fc.record({ op: fc.constantFrom(...OPS), c: word, left: fc.boolean() });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 70n }), fc.bigInt({ min: 0n, max: 1n << 20n }), fc.array(step, { minLength: 1, maxLength: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), (lo, width, steps, at) => {
        const hi = lo + width;
        const dom: Domain = { source: 'baseFee', kind: 'ends', values: [lo, hi] };
        const x = lo + BigInt(Math.floor(Number(width) * at));
        const argsOf = (s: { op: number; c: bigint; left: boolean }, v: bigint) => (PURE_OPS[s.op] === 1 ? [v] : s.left ? [v, s.c, s.c] : [s.c, v, s.c]).slice(0, PURE_OPS[s.op]);
        let t: Taint | undefined = { src: 1, dom, vals: [lo, hi] };
        let [vLo, vX, vHi] = [lo, x, hi];
        for (const s of steps) {
          const ts: (Taint | undefined)[] = PURE_OPS[s.op] === 1 ? [t] : s.left ? [t, undefined, undefined] : [undefined, t, undefined];
          t = t === undefined ? undefined : apply(s.op, argsOf(s, vX), ts.slice(0, PURE_OPS[s.op]));
          [vLo, vX, vHi] = [vLo, vX, vHi].map((v) => evalOp(s.op, argsOf(s, v))) as [bigint, bigint, bigint];
          if (t !== undefined && t.vals === undefined) return true; // no claim made
          // No taint: the same word over the range (here at its ends and at x).
          if (t === undefined && !(vLo === vX && vX === vHi)) return false;
          if (t !== undefined) {
            const [a, b] = t.vals as [bigint, bigint];
            if (a !== vLo || b !== vHi || !((a <= vX && vX <= b) || (b <= vX && vX <= a))) return false;
          }
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
