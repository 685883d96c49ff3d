/**
 * Following the landing block's values through a run (./landing.ts says which vary and how): each
 * opcode's handler is wrapped once per EVM; a run that asks (`startTaint`) gets its own shadow of
 * the stack, memory, call data, return data, storage, transient storage and ether moved, kept
 * beside the interpreter's and rolled back with a reverted call. Until a source runs, a handler
 * pays one check: no word can be tainted yet. Pure (no clock: a run's cost is its gas).
 *
 * What a taint reaches is what is judged (src/execution/engine.ts, src/wallet/block-dependence.ts):
 * - a JUMPI whose condition is known at every landing point (./landing.ts) goes where the points
 *   the run follows go; where they part, the run keeps the first point's side and the others are
 *   split off (`follow`), for a run of their own: each landing point's path is run, not guessed;
 * - any other JUMPI whose condition is not the same over the landing range is a branch; every one
 *   is numbered in the order it runs, and a later run can be told to take the other side of any
 *   (`flip`), so that what the other side does is run, not guessed;
 * - a jump, a call target, a created contract's code or a self-destruct's beneficiary chosen by the
 *   block is `unbounded`: what then runs cannot be followed;
 * - ether moved by a tainted amount, and what a read returns (the holdings read around the run), are
 *   kept with the taint: over the range where it is known, unbounded where it is not.
 * @module
 */
import type { EVM } from '@ethereumjs/evm';
import { BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS } from './system-contracts.ts';
import { beaconRootVaries, blockHashOverRange, type Domain, historyVaries, type Source, WARM_SAVING } from './landing.ts';
import { apply, bit, join, PURE_OPS, sameTruth, sourceTaint, type Taint } from './taint-values.ts';
import { type Bytes, clear, type EtherTaint, filled, MAX_BRANCHES, slice, TAKEN, TaintRun, union, wordAt, wordOf, write } from './taint-run.ts';

/** One frame's shadow, kept on the interpreter's run state. */
interface Frame {
  st: (Taint | undefined)[];
  mem: Bytes | undefined;
  cd: Bytes | undefined;
  rd: Bytes | undefined;
  /** A write at a place the block chose: every read of memory carries it. */
  wildMem: Taint | undefined;
  address: string;
  code: string;
  /** A system contract's own code: its branches are its answer's, judged where it is asked (see the call opcodes). */
  opaque: boolean;
}

type RunState = {
  stack: { _store: bigint[]; _len: number };
  memory: { _store: Uint8Array };
  programCounter: number;
  returnBytes: Uint8Array;
  interpreter: { getAddress(): { toString(): string }; _env: { codeAddress: { toString(): string } } };
  taint?: Frame;
};

/** An entry of the interpreter's opcode table, as its handlers are wrapped. */
export type OpcodeEntry = { opcodeInfo: { code: number }; opHandler: (runState: unknown, common: unknown) => unknown };
type TaintedEvm = EVM & { taintRun?: TaintRun | undefined };

/** Points `evm`'s wrapped handlers at `run` (undefined: the EVM follows nothing). */
export function setTaint(evm: EVM, run: TaintRun | undefined): void {
  (evm as TaintedEvm).taintRun = run;
}

/** The taint of the first word the top frame of the last run returned. */
export function returnedTaint(run: TaintRun): Taint | undefined {
  return wordOf(run.lastReturn, 0, 32);
}

const SYSTEM = new Set([BEACON_ROOTS_ADDRESS, HISTORY_STORAGE_ADDRESS]);
const BEACON = BigInt(BEACON_ROOTS_ADDRESS);
const HISTORY = BigInt(HISTORY_STORAGE_ADDRESS);
const A160 = (1n << 160n) - 1n;
const WORD_LIMIT = 1n << 32n;

/** Opcodes that must be looked at even before anything is tainted: the sources, and the calls that ask the system contracts. */
const SOURCE_OPS = new Set([0x3a, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x48, 0x4a, 0x4b, 0x5a, 0xf1, 0xf2, 0xf4, 0xfa]);
/** Opcodes that push one word the block does not change. */
const CLEAN_PUSH = new Set([0x30, 0x32, 0x33, 0x34, 0x36, 0x38, 0x3d, 0x46, 0x49, 0x58, 0x59, 0x5f]);
/** Opcodes that change no taint: STOP, POP, JUMPDEST, the logs. */
const NO_TAINT = new Set([0x00, 0x50, 0x5b, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xfe]);

/** Wraps every handler of `evm`'s opcode table once. */
export function followTaint(evm: EVM): EVM {
  const map = (evm as unknown as { _opcodeMap: OpcodeEntry[] })._opcodeMap;
  const held = evm as TaintedEvm;
  const seen = new Set<OpcodeEntry>();
  for (let code = 0; code < 256; code++) {
    const entry = map[code];
    // An opcode the fork does not have is INVALID's entry, shared: leave it.
    if (entry === undefined || entry.opcodeInfo.code !== code || seen.has(entry)) continue;
    seen.add(entry);
    const inner = entry.opHandler;
    const source = SOURCE_OPS.has(code);
    entry.opHandler = (rs, common) => {
      const run = held.taintRun;
      if (run === undefined || (!run.live && !source)) return inner(rs, common);
      return step(run, code, rs as RunState, () => inner(rs, common));
    };
  }
  return evm;
}

function frameOf(run: TaintRun, rs: RunState): Frame {
  let f = rs.taint;
  if (f === undefined) {
    const cd = run.pending === TAKEN ? undefined : run.pending;
    run.pending = TAKEN;
    const address = rs.interpreter.getAddress().toString().toLowerCase();
    const code = rs.interpreter._env.codeAddress.toString().toLowerCase();
    f = rs.taint = { st: [], mem: undefined, cd, rd: undefined, wildMem: undefined, address, code, opaque: SYSTEM.has(code) };
  }
  return f;
}

/** The hot opcodes first, with nothing allocated unless a taint is there; the rest in {@link other}. */
function step(run: TaintRun, code: number, rs: RunState, inner: () => unknown): unknown {
  const f = frameOf(run, rs);
  const st = f.st;
  const len = rs.stack._len;
  // The one word an opcode pushes lands where its inputs began: its taint is written there before
  // it runs (the handler never reads the shadow).
  const arity = PURE_OPS[code];
  if (arity !== undefined) {
    let any = false;
    for (let i = 1; i <= arity; i++) if (st[len - i] !== undefined) any = true;
    if (!any) {
      st[len - arity] = undefined;
      return inner();
    }
    const store = rs.stack._store;
    const a: bigint[] = [];
    const ts: (Taint | undefined)[] = [];
    for (let i = 1; i <= arity; i++) {
      a.push(store[len - i]!);
      ts.push(st[len - i]);
    }
    st[len - arity] = apply(code, a, ts);
    return inner();
  }
  if ((code >= 0x60 && code <= 0x7f) || CLEAN_PUSH.has(code)) {
    st[len] = undefined;
    return inner();
  }
  if (code >= 0x80 && code <= 0x8f) {
    st[len] = st[len - 1 - (code - 0x80)];
    return inner();
  }
  if (code >= 0x90 && code <= 0x9f) {
    const n = code - 0x8f;
    if (len > n) [st[len - 1], st[len - 1 - n]] = [st[len - 1 - n], st[len - 1]];
    return inner();
  }
  if (NO_TAINT.has(code)) return inner();
  return other(run, code, rs, inner, f, len);
}

function other(run: TaintRun, code: number, rs: RunState, inner: () => unknown, f: Frame, len: number): unknown {
  const store = rs.stack._store;
  const top = (i: number) => store[len - 1 - i]!;
  const tt = (i: number) => f.st[len - 1 - i];
  const after = (post: () => void): unknown => {
    const r = inner();
    if (r instanceof Promise) return r.then(post);
    post();
    return r;
  };
  const put = (inputs: number, t: Taint | undefined) => {
    f.st[len - inputs] = t;
    return inner();
  };
  const push1 = (t: Taint | undefined) => put(0, t);
  switch (code) {
    // The sources.
    case 0x41: return source(run, 'coinbase', undefined, push1);
    case 0x42: return source(run, 'timestamp', run.landing.timestamp, push1);
    case 0x43: return source(run, 'number', run.landing.number, push1);
    case 0x44: return source(run, 'prevRandao', undefined, push1);
    case 0x45: return source(run, 'gasLimit', run.landing.gasLimit, push1);
    case 0x48: return source(run, 'baseFee', run.landing.baseFee, push1);
    case 0x4a: return source(run, 'blobBaseFee', undefined, push1);
    case 0x4b: return source(run, 'slotNumber', run.landing.slotNumber, push1);
    case 0x3a: {
      const price = run.gasPrice;
      if (price === undefined) return push1(undefined);
      const [lo, hi] = run.landing.baseFee.values as [bigint, bigint];
      if (price(lo) === price(hi)) return push1(undefined);
      run.live = true;
      run.read |= bit('gasPrice');
      return push1({ src: bit('gasPrice'), dom: run.landing.baseFee, vals: [price(lo), price(hi)] });
    }
    case 0x5a:
      return after(() => {
        const g = store[rs.stack._len - 1]!;
        run.live = true;
        run.read |= bit('gas');
        const dom: Domain = { source: 'gas', kind: 'ends', values: [g > WARM_SAVING ? g - WARM_SAVING : 0n, g + WARM_SAVING] };
        f.st[rs.stack._len - 1] = sourceTaint('gas', dom);
      });
    case 0x40: {
      const n = top(0);
      const nt = tt(0);
      return after(() => {
        const answer = store[rs.stack._len - 1]!;
        let t: Taint | undefined;
        if (nt !== undefined) t = join(nt, { src: bit('blockHash') });
        else {
          const over = blockHashOverRange(n, answer, run.landing);
          if (over === 'unknown') t = { src: bit('blockHash') };
          else if (over !== undefined) t = { src: bit('blockHash'), dom: run.landing.number, vals: over };
        }
        if (t !== undefined) {
          run.live = true;
          run.read |= bit('blockHash');
        }
        f.st[rs.stack._len - 1] = t;
      });
    }
    // Control.
    case 0x56:
      if (tt(0) !== undefined) run.unbounded.push('it jumps to a place the block decides');
      return inner();
    case 0x57: {
      if (tt(0) !== undefined) run.unbounded.push('it jumps to a place the block decides');
      const c = tt(1);
      if (c !== undefined && !f.opaque) {
        const taken = top(1) !== 0n;
        if (c.dom?.kind === 'points' && c.vals !== undefined) {
          // Known at every landing point: this run goes where its points go; those that go the other way are another run's.
          const go = run.follow(c as Taint & { dom: Domain; vals: readonly bigint[] }, f.code, rs.programCounter - 1);
          if (go !== taken) store[len - 2] = go ? 1n : 0n;
        } else if (!(c.vals !== undefined && sameTruth(c))) {
          const ordinal = run.ordinal++;
          if (run.branches.length < MAX_BRANCHES) run.branches.push({ code: f.code, pc: rs.programCounter - 1, taken, sources: c.src, pin: run.pin });
          else run.moreBranches = true;
          if (run.flip.has(ordinal)) store[len - 2] = taken ? 0n : 1n;
        }
      }
      return inner();
    }
    // Memory.
    case 0x51: {
      const off = top(0);
      return put(1, readAt(off < WORD_LIMIT ? wordOf(f.mem, Number(off), 32) : undefined, tt(0), f.wildMem));
    }
    case 0x52:
    case 0x53: {
      const [off, ot, vt] = [top(0), tt(0), tt(1)];
      return after(() => {
        if (ot !== undefined) f.wildMem = join(f.wildMem, ot);
        const n = code === 0x52 ? 32 : 1;
        if (vt === undefined) clear(f.mem, Number(off), n);
        else {
          f.mem ??= { t: [], o: [] };
          for (let i = 0; i < n; i++) {
            f.mem.t[Number(off) + i] = vt;
            f.mem.o[Number(off) + i] = n === 32 ? i : 31;
          }
        }
      });
    }
    case 0x37:
    case 0x3e:
    case 0x5e: {
      // CALLDATACOPY, RETURNDATACOPY, MCOPY: (dest, offset, size).
      const [dest, off, size] = [top(0), top(1), top(2)];
      const argT = join(tt(0), tt(1), tt(2));
      const from = code === 0x37 ? f.cd : code === 0x3e ? f.rd : f.mem;
      const bytes = size > 0n && size < WORD_LIMIT && off < WORD_LIMIT ? slice(from, Number(off), Number(size)) : undefined;
      return after(() => {
        if (argT !== undefined) f.wildMem = join(f.wildMem, argT);
        if (size > 0n) write(f, Number(dest), Number(size), bytes);
      });
    }
    case 0x39:
    case 0x3c: {
      // CODECOPY (dest, offset, size), EXTCODECOPY (address, dest, offset, size).
      const shift = code === 0x3c ? 1 : 0;
      const [dest, size] = [top(shift), top(shift + 2)];
      const t = join(tt(0), tt(1), tt(2), shift ? tt(3) : undefined);
      return after(() => {
        if (size === 0n) return;
        if (t === undefined) clear(f.mem, Number(dest), Number(size));
        else write(f, Number(dest), Number(size), filled(t, Number(size)));
      });
    }
    case 0x35: {
      const off = top(0);
      return put(1, readAt(off < WORD_LIMIT ? wordOf(f.cd, Number(off), 32) : undefined, tt(0)));
    }
    case 0x20: {
      const [off, size] = [top(0), top(1)];
      const inside = size > 0n && size < WORD_LIMIT && off < WORD_LIMIT ? union(f.mem, Number(off), Number(size)) : undefined;
      return put(2, join(tt(0), tt(1), inside, f.wildMem));
    }
    // Storage.
    case 0x54:
    case 0x5c: {
      const maps = code === 0x54 ? run.storage : run.transient;
      const [key, kt] = [top(0), tt(0)];
      const wild = code === 0x54 ? run.wild.get(f.address) : undefined;
      const held = maps.get(f.address)?.get(key);
      return put(1, readAt(held, kt, wild));
    }
    case 0x55:
    case 0x5d: {
      const maps = code === 0x55 ? run.storage : run.transient;
      const [key, kt, vt] = [top(0), tt(0), tt(1)];
      return after(() => {
        if (kt !== undefined) {
          if (code === 0x55) run.setWild(f.address, join(kt, vt)!);
          else run.unbounded.push('it writes transient storage at a place the block decides');
        } else run.setSlot(maps, f.address, key, vt);
      });
    }
    // Accounts.
    case 0x31:
    case 0x3b:
    case 0x3f: {
      const [who, wt] = [top(0), tt(0)];
      const ether = code === 0x31 ? run.ether.get(hexAddress(who)) : undefined;
      return after(() => {
        const value = store[rs.stack._len - 1]!;
        f.st[rs.stack._len - 1] = wt !== undefined ? join(wt, { src: bit('coinbase') }) : ether !== undefined ? etherTaint(ether, value) : undefined;
      });
    }
    case 0x47: {
      const ether = run.ether.get(f.address);
      return after(() => {
        f.st[rs.stack._len - 1] = ether !== undefined ? etherTaint(ether, store[rs.stack._len - 1]!) : undefined;
      });
    }
    // Frames.
    case 0xf1:
    case 0xf2:
    case 0xf4:
    case 0xfa:
      return call(run, f, code, rs, inner);
    case 0xf0:
    case 0xf5:
      return create(run, f, code, rs, inner);
    case 0xf3:
    case 0xfd: {
      const [off, size] = [top(0), top(1)];
      const t = join(tt(0), tt(1), f.wildMem);
      run.lastReturn = t !== undefined ? filled(t, Number(size < WORD_LIMIT ? size : 0n)) : size > 0n && size < WORD_LIMIT && off < WORD_LIMIT ? slice(f.mem, Number(off), Number(size)) : undefined;
      return inner();
    }
    case 0xff: {
      const [to, t] = [top(0), tt(0)];
      if (t !== undefined) run.unbounded.push('it sends its balance to an address the block decides');
      const mine = run.ether.get(f.address);
      if (mine !== undefined) run.addEther(hexAddress(to), mine);
      run.lastReturn = undefined;
      return inner();
    }
    default:
      run.unbounded.push(`it runs opcode 0x${code.toString(16)}, whose taint Vigil does not follow`);
      return inner();
  }
}

function source(run: TaintRun, s: Source, dom: Domain | undefined, push1: (t: Taint | undefined) => unknown): unknown {
  run.live = true;
  run.read |= bit(s);
  return push1(sourceTaint(s, dom));
}

/** Ether moved by a tainted amount as a word's taint: the balance at each point. */
function etherTaint(e: EtherTaint, value: bigint): Taint {
  return e.dom !== undefined && e.deltas !== undefined ? { src: e.src, dom: e.dom, vals: e.deltas.map((d) => value + d) } : { src: e.src };
}

/**
 * A word read at a place: its own taint (values kept) when the block chose nothing of where it is
 * read from; else every taint joined, none of their values (the offset's values are not the word's).
 */
function readAt(word: Taint | undefined, ...where: (Taint | undefined)[]): Taint | undefined {
  return where.every((t) => t === undefined) ? word : join(word, ...where);
}

const hexAddress = (w: bigint) => '0x' + (w & A160).toString(16).padStart(40, '0');

/** A call opcode: the call data's taint handed to the frame it starts, its return data's taken back, reverted writes undone. */
function call(run: TaintRun, f: Frame, code: number, rs: RunState, inner: () => unknown): unknown {
  const store = rs.stack._store;
  const len = rs.stack._len;
  const withValue = code === 0xf1 || code === 0xf2;
  const at = (i: number) => store[len - 1 - i]!;
  const tt = (i: number) => f.st[len - 1 - i];
  const io = withValue ? 3 : 2;
  const [gasT, to, toT] = [tt(0), at(1), tt(1)];
  const [value, valueT] = withValue ? [at(2), tt(2)] : [0n, undefined];
  const [inOff, inSize, outOff, outSize] = [at(io), at(io + 1), at(io + 2), at(io + 3)];
  const argT = join(tt(io), tt(io + 1), tt(io + 2), tt(io + 3));
  if (toT !== undefined) run.unbounded.push('it calls an address the block decides');
  const input = inSize > 0n && inSize < WORD_LIMIT && inOff < WORD_LIMIT ? (argT !== undefined || f.wildMem !== undefined ? filled(join(argT, f.wildMem)!, Number(inSize)) : slice(f.mem, Number(inOff), Number(inSize))) : undefined;
  // A query of a system contract for what the landing block answers otherwise: the answer is that block's.
  const target = to & A160;
  // `asked`: the answer's taint; `askedOk`: whether it answers at all.
  let asked: Taint | undefined;
  let askedOk: Taint | undefined;
  if (target === BEACON || target === HISTORY) {
    const answer = { src: bit(target === BEACON ? 'beaconRoot' : 'blockHash') };
    if (input !== undefined) {
      // Asked with what the block decides: its answer, and whether it answers at all, are the block's;
      // but the landing block's own time (its parent's root) or its parent's number is always answered.
      const q = inSize === 32n ? wordOf(input, 0, 32) : undefined;
      const own = target === BEACON ? run.landing.timestamp : run.landing.number;
      const always = q?.dom === own && q.vals!.every((v, j) => v === own.values[j]! - (target === BEACON ? 0n : 1n));
      asked = join(answer, union(input, 0, input.t.length));
      askedOk = always ? undefined : asked;
    } else if (inSize === 32n && inOff < WORD_LIMIT) {
      const q = wordAt(rs.memory._store, Number(inOff));
      if (target === BEACON ? beaconRootVaries(q, run.landing) : historyVaries(q, run.landing)) asked = askedOk = answer;
    }
  }
  if (asked !== undefined) {
    run.live = true;
    run.read |= asked.src;
  }
  // Followed even before anything is tainted: the callee may read the block and return what it read.
  const mark = run.mark();
  run.pending = input;
  run.lastReturn = undefined;
  const self = f.address;
  return Promise.resolve(inner()).then(() => {
    const ok = store[rs.stack._len - 1]! === 1n;
    const started = run.pending === TAKEN;
    run.pending = TAKEN;
    let rd = started ? run.lastReturn : undefined;
    // A precompile's answer, and whether it gives one, are its input's; an account with no code answers nothing.
    const precompile = !started && target < 0x200n && input !== undefined ? union(input, 0, input.t.length) : undefined;
    if (precompile !== undefined) rd = filled(precompile, rs.returnBytes.length);
    if (asked !== undefined) rd = rs.returnBytes.length > 0 ? filled(join(asked, rd === undefined ? undefined : union(rd, 0, rd.t.length))!, rs.returnBytes.length) : undefined;
    run.lastReturn = undefined;
    if (!ok) run.rollback(mark);
    else if (valueT !== undefined && code === 0xf1) run.moveEther(self, hexAddress(to), value, valueT);
    f.rd = rd;
    const n = Number(outSize < BigInt(rs.returnBytes.length) ? outSize : BigInt(rs.returnBytes.length));
    if (n > 0) write(f, Number(outOff), n, rd === undefined ? undefined : slice(rd, 0, n));
    if (argT !== undefined && outSize > 0n) f.wildMem = join(f.wildMem, argT);
    // Whether it succeeded: the block's where the query was, where its gas or value was the block's and it failed.
    f.st[rs.stack._len - 1] = asked !== undefined ? askedOk : join(precompile, toT, ...(ok ? [] : [gasT, valueT]));
  });
}

/** CREATE and CREATE2: code the block chose cannot be followed; a reverted creation's writes are undone. */
function create(run: TaintRun, f: Frame, code: number, rs: RunState, inner: () => unknown): unknown {
  const store = rs.stack._store;
  const len = rs.stack._len;
  const at = (i: number) => store[len - 1 - i]!;
  const tt = (i: number) => f.st[len - 1 - i];
  const [value, valueT, off, size] = [at(0), tt(0), at(1), at(2)];
  const codeT = join(tt(1), tt(2), size > 0n && size < WORD_LIMIT && off < WORD_LIMIT ? union(f.mem, Number(off), Number(size)) : undefined, f.wildMem);
  if (codeT !== undefined) run.unbounded.push('it creates a contract whose code the block decides');
  const saltT = code === 0xf5 ? tt(3) : undefined;
  const mark = run.mark();
  run.pending = undefined;
  run.lastReturn = undefined;
  const self = f.address;
  return Promise.resolve(inner()).then(() => {
    const created = store[rs.stack._len - 1]!;
    run.pending = TAKEN;
    if (created === 0n) {
      f.rd = run.lastReturn;
      run.rollback(mark);
    } else {
      f.rd = undefined;
      if (valueT !== undefined) run.moveEther(self, hexAddress(created), value, valueT);
    }
    run.lastReturn = undefined;
    f.st[rs.stack._len - 1] = join(saltT, codeT, created === 0n ? valueT : undefined);
  });
}
