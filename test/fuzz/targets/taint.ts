/**
 * The landing block's taint (src/execution/next-block/taint.ts) on random programs: straight-line
 * code that reads the block's values (number, time, base fee, gas limit, fee recipient, randomness,
 * blob base fee), computes with constants and them, moves words through memory, storage and
 * transient storage, and returns one word. The oracle is the same program run, followed by
 * nothing, in the other blocks of the landing range (each landing point, the base fee's and gas
 * limit's ends, another fee recipient, randomness and blob excess): where the word differs from
 * the first run, the taint must say it may; where the taint gives the word at each point or end,
 * it must be the word there; where it says nothing, the word is the same everywhere.
 *
 * Some programs branch (a forward JUMPI over a step that changes the top word) on a word of the
 * stack or on the number or time against a constant. Those are explored as the window explores
 * them (./taint-run.ts `follow`): a run of all landing points, then a run of each set of points
 * split off, each following its points. The oracle then is each landing block itself (its number
 * and time together): the run that followed that point gives the word there (its taint's value at
 * the point, or its own word where the taint says the word is the same everywhere), and the runs'
 * points are every landing point, each once. A run that met a branch on another value (taken the
 * first block's way, its other side the window's forced run) is not held to the points.
 */
import { createCustomCommon, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { Account, createZeroAddress } from '@ethereumjs/util';
import { blockOf } from '../../../src/execution/call.ts';
import type { BlockEnv } from '../../../src/execution/block-env.ts';
import { type Landing, landingRange } from '../../../src/execution/next-block/landing.ts';
import { followTaint, returnedTaint, setTaint } from '../../../src/execution/next-block/taint.ts';
import { TaintRun } from '../../../src/execution/next-block/taint-run.ts';
import { PURE_OPS } from '../../../src/execution/next-block/taint-values.ts';
import type { Rng } from '../rng.ts';
import { defineTarget, type Outcome } from '../target.ts';

const SOURCES = [0x41, 0x42, 0x43, 0x44, 0x45, 0x48, 0x4a];
const OPS = Object.keys(PURE_OPS).map(Number);

const ENV: BlockEnv = {
  chainId: 1n,
  fork: 'osaka',
  number: 1001n,
  hash: new Uint8Array(32),
  parentHash: new Uint8Array(32).fill(0xaa),
  stateRoot: new Uint8Array(32),
  timestamp: 1_700_000_016n,
  coinbase: new Uint8Array(20).fill(0xc0),
  prevRandao: new Uint8Array(32).fill(0x77),
  gasLimit: 30_000_000n,
  baseFeePerGas: 9_000_000_000n,
  excessBlobGas: 0n,
  upcoming: { slotSeconds: 12n, parentBeaconRoot: new Uint8Array(32) },
};

/** A random program leaving one word: sources, constants, pure opcodes, round trips through memory and storage, and forward branches. */
function program(rng: Rng): { hex: string; branches: number } {
  let depth = 0;
  let branches = 0;
  const out: string[] = [];
  const word = () => (rng.chance(0.5) ? BigInt(rng.int(64)) : rng.bigint(rng.pick([8, 32, 64, 256])));
  const push32 = (v: bigint) => '7f' + v.toString(16).padStart(64, '0');
  const push = (v: bigint) => {
    out.push(push32(v));
    depth++;
  };
  const bytes = (parts: string[]) => parts.join('').length / 2;
  for (let i = rng.range(2, 24); i > 0; i--) {
    const r = rng.int(11);
    if (r < 3 || depth === 0) {
      out.push(rng.pick(SOURCES).toString(16));
      depth++;
    } else if (r < 5) push(word());
    else if (r < 8) {
      const op = rng.pick(OPS);
      const n = PURE_OPS[op]!;
      while (depth < n) push(word());
      out.push(op.toString(16).padStart(2, '0'));
      depth -= n - 1;
    } else if (r < 10) {
      // Through memory, storage or transient storage at a small key: MSTORE/MLOAD, SSTORE/SLOAD, TSTORE/TLOAD.
      const [store, load] = rng.pick([['52', '51'], ['55', '54'], ['5d', '5c']] as const);
      const key = rng.int(4) * (store === '52' ? 32 : 1);
      out.push(`60${key.toString(16).padStart(2, '0')}`, store, `60${key.toString(16).padStart(2, '0')}`, load);
    } else {
      // if (cond) skip { top = top op k }: on bits of the top word (DUP1, AND a mask), or on the number or time against a constant near the range.
      const cond = rng.chance(0.5)
        ? ['80', `60${(1 << rng.int(8)).toString(16).padStart(2, '0')}`, '16']
        : rng.chance(0.5)
          ? ['43', push32(ENV.number + BigInt(rng.int(34))), rng.pick(['10', '11', '14'])]
          : ['42', push32(ENV.timestamp + 12n * BigInt(rng.int(34)) + BigInt(rng.int(3)) - 1n), rng.pick(['10', '11', '14'])];
      const body = [push32(word()), rng.pick(['01', '18', '02'])];
      const dest = bytes(out) + bytes(cond) + 3 + 1 + bytes(body);
      out.push(...cond, `61${dest.toString(16).padStart(4, '0')}`, '57', ...body, '5b');
      branches++;
    }
  }
  // Return the top word.
  return { hex: out.join('') + '5f5260205ff3', branches };
}

async function run(evm: EVM, code: Uint8Array, env: BlockEnv, taint?: TaintRun): Promise<bigint> {
  setTaint(evm, taint);
  try {
    taint?.beginTransaction();
    const r = await evm.runCode({ code, gasLimit: 10_000_000n, block: blockOf(env, env.baseFeePerGas) as never, gasPrice: 10n ** 10n });
    if (r.exceptionError !== undefined) throw new Error(r.exceptionError.error);
    return BigInt('0x' + (Buffer.from(r.returnValue).toString('hex') || '0'));
  } finally {
    setTaint(evm, undefined);
  }
}

/**
 * A branching program explored by landing points as the window explores it, held to each landing
 * block (number and time together) run untainted: what is wrong, or undefined.
 */
async function explored(evm: EVM, code: Uint8Array, l: Landing): Promise<string | undefined> {
  const runs: { pin: readonly number[]; word: bigint; taint: ReturnType<typeof returnedTaint>; other: boolean }[] = [];
  const queue: (readonly number[] | undefined)[] = [undefined];
  while (queue.length > 0) {
    const tr = new TaintRun(l, new Set(), queue.shift());
    const word = await run(evm, code, ENV, tr);
    const r = tr.report();
    runs.push({ pin: r.pin, word, taint: returnedTaint(tr), other: r.branches.length > 0 || r.unbounded.length > 0 || r.moreBranches });
    for (const s of r.splits) queue.push(s.points);
    if (runs.length > l.points) return `more runs (${runs.length}) than landing points`;
  }
  const seen = runs.flatMap((r) => r.pin).sort((a, b) => a - b);
  if (seen.join() !== Array.from({ length: l.points }, (_, j) => j).join()) return `the runs follow points ${seen.join(',')}, not each landing point once`;
  for (let p = 0; p < l.points; p++) {
    const by = runs.find((r) => r.pin.includes(p))!;
    if (by.other) continue;
    const there = await run(evm, code, { ...ENV, number: l.number.values[p]!, timestamp: l.timestamp.values[p]! });
    const t = by.taint;
    if (t === undefined && by.word !== there) return `at landing point ${p} the word is ${there}; the run that followed it gives ${by.word} and says it is the same everywhere`;
    if (t?.vals !== undefined && t.dom?.kind === 'points' && t.vals[p] !== there) return `at landing point ${p} the word is ${there}; the run that followed it gives ${t.vals[p]} there (${t.dom.source})`;
  }
  return undefined;
}

export const taintTarget = defineTarget({
  name: 'landing-taint',
  subject: 'the taint of the word a random program over the block values returns (followTaint, one run at N+1)',
  reference: 'the same program run, untainted, at every landing point, at the base fee and gas limit ends, and under another fee recipient, randomness and blob excess',
  seeds: 'generated programs (sources, constants, every pure opcode, memory, storage and transient round trips, forward branches on the stack or on the number or time)',
  slice: 100,
  async load() {
    const evm = followTaint(await createEVM({ common: createCustomCommon({ chainId: 1 }, Mainnet, { hardfork: 'osaka' }) }));
    // runCode runs as the zero address: its account must exist for SSTORE.
    await evm.stateManager.putAccount(createZeroAddress(), new Account());
    return { evm, landing: landingRange(ENV) };
  },
  async run(ctx, rng): Promise<Outcome> {
    const { hex, branches } = program(rng);
    const code = Uint8Array.from(Buffer.from(hex, 'hex'));
    const op = `program:${hex.length / 2} bytes${branches > 0 ? `, ${branches} branches` : ''}`;
    const l = ctx.landing;
    if (branches > 0) {
      const wrong = await explored(ctx.evm, code, l);
      return { verdict: 'accepted', op, ...(wrong !== undefined ? { wrong, input: hex } : {}) };
    }
    const taint = new TaintRun(l);
    const first = await run(ctx.evm, code, ENV, taint);
    const t = returnedTaint(taint);
    const others: { env: BlockEnv; dom?: object; index?: number }[] = [
      ...l.number.values.map((number, index) => ({ env: { ...ENV, number }, dom: l.number, index })),
      ...l.timestamp.values.map((timestamp, index) => ({ env: { ...ENV, timestamp }, dom: l.timestamp, index })),
      ...l.baseFee.values.map((baseFeePerGas, index) => ({ env: { ...ENV, baseFeePerGas }, dom: l.baseFee, index })),
      ...l.gasLimit.values.map((gasLimit, index) => ({ env: { ...ENV, gasLimit }, dom: l.gasLimit, index })),
      { env: { ...ENV, coinbase: new Uint8Array(20).fill(0xc1), prevRandao: new Uint8Array(32).fill(0x78), excessBlobGas: 1n << 24n } },
    ];
    for (const o of others) {
      const there = await run(ctx.evm, code, o.env);
      if (t === undefined && there !== first) return { verdict: 'accepted', op, wrong: `the word differs in another landing block (${there} vs ${first}) and the taint says it does not`, input: hex };
      if (t?.vals !== undefined && t.dom === o.dom && t.vals[o.index!] !== there) return { verdict: 'accepted', op, wrong: `the taint gives ${t.vals[o.index!]} at ${t.dom!.source} point ${o.index}, the run there ${there}`, input: hex };
      if (t?.vals !== undefined && t.dom !== o.dom && there !== first && o.dom !== undefined) return { verdict: 'accepted', op, wrong: `the taint follows ${t.dom!.source} alone, yet the word moves with ${(o.dom as { source: string }).source}`, input: hex };
    }
    return { verdict: 'accepted', op };
  },
});
