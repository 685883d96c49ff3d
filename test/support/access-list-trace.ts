/**
 * EIP-2930 access lists derived from a node's struct-log trace (`debug_traceCall`), as
 * go-ethereum's access-list tracer (core/vm/logger/access_list_tracer.go) derives them from its
 * opcode hooks: SLOAD/SSTORE name a slot of the account whose storage the frame uses;
 * BALANCE, EXTCODESIZE, EXTCODEHASH, EXTCODECOPY, SELFDESTRUCT name their stack-top address;
 * CALL, CALLCODE, DELEGATECALL, STATICCALL name their second stack item. Addresses in `exclude`
 * (the sender, the recipient or created address, the fork's precompiles) are listed only
 * when a slot of theirs was touched.
 *
 * A struct log says which frame depth each step ran at but not which account: the account is
 * tracked here, pushed when a call or create step is followed by a step one level deeper
 * (a call to code-less account or a precompile has no steps of its own). DELEGATECALL and
 * CALLCODE run another account's code on the caller's storage, so they keep the caller's
 * account; a CREATE/CREATE2 frame's account is known only when it returns (the address it
 * pushes), so its slots are held until then, and dropped when the creation failed.
 * @module
 */
import { InputError } from '../../src/core/errors.ts';
import { aarray, aobject, isObject } from '../../src/core/json.ts';

/** One step of a `debug_traceCall` struct-log trace, as far as access lists need it. */
export interface StructLog {
  op: string;
  pc: number;
  depth: number;
  /** Remaining gas before the step. */
  gas: number;
  gasCost: number;
  /** Bottom first, top last; each word as 64 hex digits, lower case, no 0x. */
  stack: string[];
}

export interface Trace {
  failed: boolean;
  /** Gas used by the whole call, intrinsic gas included. */
  gas: number;
  returnValue: string;
  structLogs: StructLog[];
}

export interface AccessTuple {
  address: string;
  storageKeys: string[];
}

/** Bounds on what a node may send back, checked before anything else. */
export const TRACE_LIMITS = { steps: 2_000_000, stack: 1024 } as const;

const WORD_RE = /^(0x)?[0-9a-fA-F]{1,64}$/;

/**
 * Checks a `debug_traceCall` result and normalizes its stack words (geth writes `0x2a`, Hardhat
 * 64 digits without a prefix) to 64 lower-case digits.
 * @throws InputError naming the field when the trace is not of that form.
 * @example parseTrace(await rpc('debug_traceCall', [call, 'latest', { disableMemory: true, disableStorage: true }]))
 */
export function parseTrace(value: unknown): Trace {
  const t = aobject(value, 'trace');
  if (typeof t.failed !== 'boolean') throw new InputError(`"trace.failed" expected a boolean, got ${typeof t.failed}`);
  const logs = aarray(t.structLogs, 'trace.structLogs', TRACE_LIMITS.steps);
  const returnValue = t.returnValue ?? '';
  if (typeof returnValue !== 'string') throw new InputError(`"trace.returnValue" expected hex, got ${typeof returnValue}`);
  return {
    failed: t.failed,
    gas: integer(t.gas, 'trace.gas'),
    returnValue: returnValue === '' || returnValue.startsWith('0x') ? returnValue || '0x' : `0x${returnValue}`,
    structLogs: logs.map((entry, i) => parseStructLog(entry, i)),
  };
}

function parseStructLog(value: unknown, i: number): StructLog {
  if (!isObject(value)) throw new InputError(`"trace.structLogs[${i}]" expected an object, got ${typeof value}`);
  if (typeof value.op !== 'string') throw new InputError(`"trace.structLogs[${i}].op" expected a string, got ${typeof value.op}`);
  const stack = aarray(value.stack ?? [], `trace.structLogs[${i}].stack`, TRACE_LIMITS.stack).map((w, j) => word(w, `trace.structLogs[${i}].stack[${j}]`));
  return {
    op: value.op,
    pc: integer(value.pc, `trace.structLogs[${i}].pc`),
    depth: integer(value.depth, `trace.structLogs[${i}].depth`),
    gas: integer(value.gas, `trace.structLogs[${i}].gas`),
    gasCost: integer(value.gasCost, `trace.structLogs[${i}].gasCost`),
    stack,
  };
}

/** A stack word as 64 lower-case hex digits. */
export function word(value: unknown, title: string): string {
  if (typeof value !== 'string' || !WORD_RE.test(value)) throw new InputError(`"${title}" expected a 256-bit hex word, got ${String(value).slice(0, 80)}`);
  const digits = value.startsWith('0x') ? value.slice(2) : value;
  return digits.toLowerCase().padStart(64, '0');
}

function integer(value: unknown, title: string): number {
  const n = typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new InputError(`"${title}" expected a non-negative integer, got ${String(value)}`);
  return n;
}

/** The low 20 bytes of a stack word, as a 0x-prefixed lower-case address. */
const addressOf = (w: string): string => `0x${w.slice(24)}`;
const slotOf = (w: string): string => `0x${w}`;

const ADDRESS_AT_TOP = new Set(['BALANCE', 'EXTCODESIZE', 'EXTCODEHASH', 'EXTCODECOPY', 'SELFDESTRUCT']);
const CALLS = new Set(['CALL', 'CALLCODE', 'DELEGATECALL', 'STATICCALL']);
const CREATES = new Set(['CREATE', 'CREATE2']);

/** Accounts and slots, kept as go-ethereum's `accessList` map is: address → set of slots. */
export class AccessListBuilder {
  private readonly entries = new Map<string, Set<string>>();

  constructor(exclude: ReadonlySet<string>, initial: readonly AccessTuple[] = []) {
    for (const t of initial) {
      const address = t.address.toLowerCase();
      if (!exclude.has(address)) this.addAddress(address);
      for (const key of t.storageKeys) this.addSlot(address, slotOf(word(key, 'accessList storage key')));
    }
  }

  addAddress(address: string): void {
    if (!this.entries.has(address)) this.entries.set(address, new Set());
  }

  addSlot(address: string, slot: string): void {
    this.addAddress(address);
    this.entries.get(address)!.add(slot);
  }

  /** Sorted by address, keys sorted within each, as go-ethereum answers. */
  list(): AccessTuple[] {
    return [...this.entries.keys()].sort().map((address) => ({ address, storageKeys: [...this.entries.get(address)!].sort() }));
  }
}

/**
 * The access list of one traced call: `initial` plus every account and slot its steps touch.
 * @param to the account the call runs as (its recipient, or the address it creates).
 * @param exclude lower-case addresses listed only with slots: sender, `to`, precompiles.
 * @example accessListOfTrace(trace.structLogs, { to: token, exclude: new Set([from, token, ...precompiles]) })
 */
export function accessListOfTrace(
  logs: readonly StructLog[],
  options: { to: string; exclude: ReadonlySet<string>; initial?: readonly AccessTuple[] },
): AccessTuple[] {
  const builder = new AccessListBuilder(options.exclude, options.initial);
  /**
   * Whose storage a frame uses. DELEGATECALL and CALLCODE frames share their caller's; a
   * creation's account is unknown until it returns, its slots held in `pending` meanwhile.
   */
  type Storage = { account: string | undefined; pending: string[] };
  type Frame = { storage: Storage; creates: boolean };
  const frames: Frame[] = [{ storage: { account: options.to.toLowerCase(), pending: [] }, creates: false }];
  const baseDepth = logs[0]?.depth ?? 1;
  const touchAddress = (address: string) => {
    if (!options.exclude.has(address)) builder.addAddress(address);
  };

  for (let i = 0; i < logs.length; i++) {
    const step = logs[i]!;
    const level = step.depth - baseDepth;
    // Back from deeper frames: close them. A creation that returned to this step pushed its
    // address (zero when it failed: its slots are dropped, the address being unknown).
    while (frames.length - 1 > level && frames.length > 1) {
      const done = frames.pop()!;
      if (!done.creates) continue;
      const created = frames.length - 1 === level ? step.stack.at(-1) : undefined;
      if (created !== undefined && !/^0+$/.test(created)) {
        const address = addressOf(created);
        done.storage.account = address;
        for (const slot of done.storage.pending) builder.addSlot(address, slot);
      }
      done.storage.pending = [];
    }
    if (level !== frames.length - 1) {
      throw new InputError(`"trace.structLogs[${i}].depth" expected at most ${baseDepth + frames.length - 1}, got ${step.depth}`);
    }
    const stack = step.stack;
    const top = stack.at(-1);
    if ((step.op === 'SLOAD' || step.op === 'SSTORE') && top !== undefined) {
      const storage = frames.at(-1)!.storage;
      if (storage.account !== undefined) builder.addSlot(storage.account, slotOf(top));
      else storage.pending.push(slotOf(top));
    } else if (ADDRESS_AT_TOP.has(step.op) && top !== undefined) touchAddress(addressOf(top));
    else if (CALLS.has(step.op) && stack.length >= 5) touchAddress(addressOf(stack.at(-2)!));

    const next = logs[i + 1];
    if (next === undefined || next.depth !== step.depth + 1) continue;
    // The step opened a frame.
    if (CALLS.has(step.op) && stack.length >= 5) {
      const keepsStorage = step.op === 'DELEGATECALL' || step.op === 'CALLCODE';
      const storage = keepsStorage ? frames.at(-1)!.storage : { account: addressOf(stack.at(-2)!), pending: [] };
      frames.push({ storage, creates: false });
    } else if (CREATES.has(step.op)) {
      frames.push({ storage: { account: undefined, pending: [] }, creates: true });
    } else {
      throw new InputError(`"trace.structLogs[${i + 1}]" is one frame deeper after ${step.op}, which opens no frame`);
    }
  }
  return builder.list();
}

/** The same steps (op, pc, depth) in the same order: the same path through the code. */
export function samePath(a: readonly StructLog[], b: readonly StructLog[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x.op !== y.op || x.pc !== y.pc || x.depth !== y.depth) return false;
  }
  return true;
}

/** Same accounts and slots (both lists as {@link AccessListBuilder.list} orders them). */
export function sameAccessList(a: readonly AccessTuple[], b: readonly AccessTuple[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The `error` go-ethereum puts in an eth_createAccessList answer for a failed call, told from
 * the trace's last step (a struct log carries no error of its own).
 */
export function failureOf(trace: Trace): string | undefined {
  if (!trace.failed) return undefined;
  const last = trace.structLogs.at(-1);
  if (last === undefined) return 'execution failed';
  if (last.op === 'REVERT') return 'execution reverted';
  if (last.op === 'INVALID' || last.op.startsWith('opcode 0x')) return `invalid opcode: ${last.op}`;
  if (last.gasCost >= last.gas) return 'out of gas';
  if (last.op === 'JUMP' || last.op === 'JUMPI') return 'invalid jump destination';
  return 'execution failed';
}
