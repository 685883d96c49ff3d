/**
 * eth_createAccessList's record of one run, kept as go-ethereum's access-list tracer keeps it
 * (eth/tracers/logger/access_list_tracer.go, AccessListTracer.OnOpcode): SLOAD and SSTORE name a
 * slot of the account whose storage the frame uses; BALANCE, EXTCODESIZE, EXTCODECOPY, EXTCODEHASH
 * and SELFDESTRUCT name the address on top of the stack (with at least one item), CALL, CALLCODE,
 * DELEGATECALL and STATICCALL the one below it (with at least five). What no opcode names is not
 * listed: a contract that CREATE or CREATE2 makes is there only when an opcode names it or uses its
 * storage, though the creation warms it.
 *
 * go-ethereum calls that hook for every opcode that starts, also one whose gas then runs out
 * (core/vm/interpreter.go, EVMInterpreter.Run: the deferred OnOpcode for an error before the step
 * was logged). Here each of those opcodes notes what it names from its gas handler, which
 * @ethereumjs/evm calls first, before it checks the stack, charges anything or warms anything: an
 * SSTORE under EIP-2200's 2300 sentry, or a cold EXTCODESIZE without its 2600, is listed, as geth
 * lists it. The handlers are wrapped once per EVM and report to the record of the run that holds it.
 * @module
 */
import type { EVM } from '@ethereumjs/evm';
import { bigIntToBytesPadded, bytesToBigInt } from '../core/bytes.ts';
import type { AccessListEntry } from './call-request.ts';

/** Opcodes whose top stack item is a slot of the frame's storage. */
const SLOT_OPCODES = [0x54 /* SLOAD */, 0x55 /* SSTORE */];
/** Opcodes whose top stack item is an address. */
const ADDRESS_OPCODES = [0x31 /* BALANCE */, 0x3b /* EXTCODESIZE */, 0x3c /* EXTCODECOPY */, 0x3f /* EXTCODEHASH */, 0xff /* SELFDESTRUCT */];
/** Opcodes whose second stack item is an address. */
const CALL_OPCODES = [0xf1 /* CALL */, 0xf2 /* CALLCODE */, 0xf4 /* DELEGATECALL */, 0xfa /* STATICCALL */];
const ADDRESS_MASK = (1n << 160n) - 1n;

/**
 * Accounts and slots as go-ethereum's `accessList` map holds them (address → slots), in the order
 * first seen. Addresses in `excluded` (the sender, the recipient or the address the call creates,
 * precompiles, EIP-7702 authorities) are listed only with a slot.
 */
export class AccessListRecord {
  private readonly entries = new Map<bigint, Set<bigint>>();
  private readonly excluded: Set<bigint>;

  /**
   * @param initial the call's own access list, listed as given (go-ethereum seeds its tracer with it).
   * @example new AccessListRecord(request.accessList, [request.from, request.to!])
   */
  constructor(initial: readonly AccessListEntry[], excluded: Iterable<Uint8Array>) {
    this.excluded = new Set([...excluded].map(bytesToBigInt));
    for (const entry of initial) {
      const address = bytesToBigInt(entry.address);
      if (!this.excluded.has(address)) this.addAddress(address);
      for (const key of entry.storageKeys) this.addSlot(address, bytesToBigInt(key));
    }
  }

  /** Excludes one more address (an authority, known once its authorization is checked). */
  exclude(address: Uint8Array): void {
    this.excluded.add(bytesToBigInt(address));
  }

  addAddress(address: bigint): void {
    if (!this.excluded.has(address) && !this.entries.has(address)) this.entries.set(address, new Set());
  }

  addSlot(address: bigint, slot: bigint): void {
    let slots = this.entries.get(address);
    if (slots === undefined) this.entries.set(address, (slots = new Set()));
    slots.add(slot);
  }

  list(): AccessListEntry[] {
    return [...this.entries].map(([address, slots]) => ({ address: bigIntToBytesPadded(address, 20), storageKeys: [...slots].map((s) => bigIntToBytesPadded(s, 32)) }));
  }
}

/** An EVM whose naming opcodes report to the record of the run that holds it (undefined: none asks). */
type RecordingEvm = EVM & { accessListRecord?: AccessListRecord | undefined };
/** The interpreter's state as a gas handler gets it, read here without a change. */
type RunState = { stack: { length: number; peek(n: number): bigint[] }; interpreter: { getAddress(): { bytes: Uint8Array } } };
type OpcodeEntry = { opcodeInfo: { code: number }; gasHandler?: (runState: RunState, gas: bigint, common: unknown) => unknown };

/** Points `evm`'s naming opcodes at `record` for one run (undefined when the run is over). */
export function setAccessListRecord(evm: EVM, record: AccessListRecord | undefined): void {
  (evm as RecordingEvm).accessListRecord = record;
}

/** Wraps the gas handlers of the opcodes that name a slot or an address, once per EVM. */
export function recordAccessLists(evm: EVM): EVM {
  const recording = evm as RecordingEvm;
  const map = (evm as unknown as { _opcodeMap: OpcodeEntry[] })._opcodeMap;
  const wrap = (code: number, note: (record: AccessListRecord, runState: RunState) => void) => {
    const entry = map[code];
    const inner = entry?.gasHandler;
    // An opcode the fork does not have is INVALID's entry, shared: leave it.
    if (entry === undefined || entry.opcodeInfo.code !== code || inner === undefined) return;
    entry.gasHandler = (runState, gas, common) => {
      const record = recording.accessListRecord;
      if (record !== undefined) note(record, runState);
      return inner(runState, gas, common);
    };
  };
  for (const code of SLOT_OPCODES) {
    wrap(code, (record, { stack, interpreter }) => {
      if (stack.length >= 1) record.addSlot(bytesToBigInt(interpreter.getAddress().bytes), stack.peek(1)[0]!);
    });
  }
  for (const code of ADDRESS_OPCODES) {
    wrap(code, (record, { stack }) => {
      if (stack.length >= 1) record.addAddress(stack.peek(1)[0]! & ADDRESS_MASK);
    });
  }
  for (const code of CALL_OPCODES) {
    wrap(code, (record, { stack }) => {
      if (stack.length >= 5) record.addAddress(stack.peek(2)[1]! & ADDRESS_MASK);
    });
  }
  return evm;
}
