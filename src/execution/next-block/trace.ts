/**
 * The trace of what a run reads of its block that Vigil cannot know (./unknowns.ts): the handlers
 * of a few opcodes wrapped once per EVM, reporting to the set of the run that holds the EVM. Pure.
 * @module
 */
import type { EVM } from '@ethereumjs/evm';
import type { BlockEnv } from '../block-env.ts';
import { BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS } from './system-contracts.ts';
import { beaconRootUnknown, BLOCK_READ_OPCODES, BLOCK_READS, type BlockRead, BLOCKHASH, blockHashUnknown, historyUnknown, type KnownBounds, knownBounds, QUERY_OPCODES } from './unknowns.ts';

/** What a traced run collects into, and the bounds of what it knows (./unknowns.ts). */
interface Trace {
  reads: Set<BlockRead>;
  bounds: KnownBounds;
  slotSeconds: bigint;
}

/** An EVM whose block-reading opcodes report to the run that holds it (undefined: no run asks). */
type TracedEvm = EVM & { trace?: Trace | undefined };

/** Points `evm`'s traced opcodes at `reads` for a run in `env` (undefined: the run asks nothing; an idle EVM asks nothing). */
export function setTrace(evm: EVM, env: BlockEnv, reads: Set<BlockRead> | undefined): void {
  (evm as TracedEvm).trace = reads !== undefined ? { reads, bounds: knownBounds(env), slotSeconds: env.upcoming?.slotSeconds ?? 12n } : undefined;
}

/** An entry of the interpreter's opcode table, as its handlers are wrapped. */
export type OpcodeEntry = { opcodeInfo: { code: number }; opHandler: (runState: unknown, common: unknown) => unknown };
/** The interpreter's stack and memory as its handlers see them, read here without a change. */
type RunState = { stack: { length: number; peek(n: number): bigint[] }; memory: { _store: Uint8Array } };

const BEACON_ROOTS = BigInt(BEACON_ROOTS_ADDRESS);
const HISTORY = BigInt(HISTORY_STORAGE_ADDRESS);
const WORD_LIMIT = 1n << 32n;

/**
 * Wraps the handlers of the opcodes that read what the block holds (COINBASE, TIMESTAMP, NUMBER,
 * PREVRANDAO, BASEFEE, GASPRICE) so that each notes itself in the run's set; BLOCKHASH and the
 * four call opcodes look at their operands first (the stack peeked, the input read from memory as
 * it stands: the gas handler has already paid for its expansion, nothing is expanded or charged
 * here) and note a read only when it asks for what Vigil does not know (./unknowns.ts). Only
 * these opcodes pay anything: the interpreter's `step` event would build an event object at every
 * opcode of every run (bench/block-read-trace.ts measures both).
 */
export function traceBlockReads(evm: EVM): EVM {
  const traced = evm as TracedEvm;
  const map = (evm as unknown as { _opcodeMap: OpcodeEntry[] })._opcodeMap;
  const wrap = (code: number, note: (t: Trace, runState: RunState) => void) => {
    const entry = map[code];
    // An opcode the fork does not have is INVALID's entry, shared: leave it.
    if (entry === undefined || entry.opcodeInfo.code !== code) return;
    const inner = entry.opHandler;
    entry.opHandler = (runState, common) => {
      const t = traced.trace;
      if (t !== undefined) note(t, runState as RunState);
      return inner(runState, common);
    };
  };
  for (const read of BLOCK_READS) wrap(BLOCK_READ_OPCODES[read], (t) => t.reads.add(read));
  wrap(BLOCKHASH, (t, { stack }) => {
    if (stack.length >= 1 && blockHashUnknown(stack.peek(1)[0]!, t.bounds)) t.reads.add('blockHash');
  });
  // CALL and CALLCODE carry a value before the input; DELEGATECALL and STATICCALL do not.
  for (const [name, code] of Object.entries(QUERY_OPCODES)) {
    const withValue = name === 'call' || name === 'callCode';
    const depth = withValue ? 5 : 4;
    wrap(code, (t, { stack, memory }) => {
      if (stack.length < depth) return;
      const top = stack.peek(depth);
      const to = top[1]! & ((1n << 160n) - 1n);
      if ((to !== BEACON_ROOTS && to !== HISTORY) || top[depth - 1] !== 32n) return;
      const offset = top[depth - 2]!;
      if (offset >= WORD_LIMIT) return; // the handler fails on such an offset: nothing is asked
      const asked = wordAt(memory._store, Number(offset));
      if (to === BEACON_ROOTS ? beaconRootUnknown(asked, t.bounds, t.slotSeconds) : historyUnknown(asked, t.bounds)) t.reads.add(to === BEACON_ROOTS ? 'beaconRoot' : 'blockHash');
    });
  }
  return evm;
}

/** The 32-byte word at `offset` of memory as the call will send it (zeros past what is stored). */
function wordAt(store: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = 0; i < 32; i++) v = (v << 8n) | BigInt(store[offset + i] ?? 0);
  return v;
}

