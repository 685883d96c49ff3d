/**
 * One-shot: what recording which opcodes read the next block costs (issue 36,
 * src/execution/next-block/unknowns.ts), two ways, on @ethereumjs/evm itself: the interpreter's `step`
 * event (an event object built at every opcode once anyone listens) against wrapping only the five
 * opcodes' handlers (what src/execution/next-block/trace.ts does). The code: a loop of 20,000 rounds of
 * arithmetic that reads TIMESTAMP once a round, so every way records the same read.
 *
 * Usage: node --import tsx bench/block-read-trace.ts [rounds]   (default 30; BENCH_QUICK=1: 5). Prints markdown.
 */
import { cpus } from 'node:os';
import { createCustomCommon, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { BLOCK_READ_OPCODES, BLOCK_READS, type BlockRead } from '../src/execution/next-block/unknowns.ts';
import { asm } from '../test/unit/execution/asm.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const ROUNDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? (QUICK ? 5 : 30));
const LOOPS = 20_000;

// i = LOOPS; do { TIMESTAMP; POP; i = i - 1 } while (i != 0)
const code = asm(`PUSH2 ${LOOPS.toString(16).padStart(4, '0')} JUMPDEST TIMESTAMP POP PUSH1 0x01 SWAP1 SUB DUP1 PUSH1 0x03 JUMPI STOP`);
const bytes = Uint8Array.from(Buffer.from(code.slice(2), 'hex'));
const common = createCustomCommon({ chainId: 1 }, Mainnet, { hardfork: 'prague' });

type Entry = { opcodeInfo: { code: number }; opHandler: (runState: unknown, common: unknown) => unknown };

async function evmFor(way: 'none' | 'step' | 'wrapped'): Promise<{ evm: EVM; reads: Set<BlockRead> }> {
  const evm = await createEVM({ common });
  const reads = new Set<BlockRead>();
  if (way === 'step') {
    const names = new Map(BLOCK_READS.map((r) => [BLOCK_READ_OPCODES[r] as number, r]));
    evm.events.on('step', (e: { opcode: { code: number } }) => {
      const r = names.get(e.opcode.code);
      if (r !== undefined) reads.add(r);
    });
  }
  if (way === 'wrapped') {
    const map = (evm as unknown as { _opcodeMap: Entry[] })._opcodeMap;
    for (const r of BLOCK_READS) {
      const entry = map[BLOCK_READ_OPCODES[r]]!;
      const inner = entry.opHandler;
      entry.opHandler = (rs, c) => {
        reads.add(r);
        return inner(rs, c);
      };
    }
  }
  return { evm, reads };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ways = ['none', 'step', 'wrapped'] as const;
const times: Record<(typeof ways)[number], number[]> = { none: [], step: [], wrapped: [] };
const evms = Object.fromEntries(await Promise.all(ways.map(async (w) => [w, await evmFor(w)] as const))) as Record<(typeof ways)[number], { evm: EVM; reads: Set<BlockRead> }>;
for (const w of ways) await evms[w].evm.runCode({ code: bytes, gasLimit: 10_000_000n });
for (let round = 0; round < ROUNDS; round++) {
  for (const w of round % 2 === 0 ? ways : [...ways].reverse()) {
    const t = performance.now();
    const r = await evms[w].evm.runCode({ code: bytes, gasLimit: 10_000_000n });
    times[w].push(performance.now() - t);
    if (r.exceptionError !== undefined) throw new Error(`the loop failed: ${r.exceptionError.error}`);
  }
}
if (!evms.step.reads.has('timestamp') || !evms.wrapped.reads.has('timestamp')) throw new Error('a way did not record TIMESTAMP');
const base = median(times.none);
const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(0)} %`;
const row = (name: string, w: (typeof ways)[number]) => `| ${name} | ${median(times[w]).toFixed(1)} | ${w === 'none' ? '—' : pct(((median(times[w]) - base) / base) * 100)} |`;
console.log(`Machine: ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, node ${process.version}; ${ROUNDS} rounds; ${LOOPS} rounds of a loop reading TIMESTAMP (${LOOPS * 9} opcodes).\n`);
console.log('| way (ms per run) | median | added |');
console.log('|---|---:|---:|');
console.log(row('no record', 'none'));
console.log(row("the interpreter's `step` event", 'step'));
console.log(row('the five opcodes wrapped (Vigil)', 'wrapped'));
