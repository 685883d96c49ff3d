/**
 * Generated EVM programs for comparing two EVMs opcode by opcode: each is the init code of a
 * contract-creation call that runs a seeded sequence of opcodes of the fork (every opcode that
 * takes or gives a value, with edge-biased arguments: zero, one, 2^255, 2^256 − 1, random words,
 * the dev accounts, the demo contracts and the precompiles as addresses, memory bounded to 4 KiB),
 * writes each result into memory, reads the gas left (GAS) between them, and returns the results
 * as the created code (behind a zero byte: EIP-3541 refuses code that starts with 0xEF).
 *
 * So one eth_call shows every result and every gas reading, to the unit, and eth_estimateGas and
 * eth_createAccessList of the same call check the gas of the whole run (code deposit included) and
 * what it touched. What the Solidity demo contracts never emit is here: CLZ, MCOPY, the
 * environment opcodes one by one, CALLCODE, SELFDESTRUCT in the creating transaction, memory and
 * returndata copies out of range, calls with value to accounts that do not exist.
 */
import type { Hex } from 'viem';
import { forkAtLeast, type ExecutionFork } from '../../src/execution/block-env.ts';
import { type CallWorld, PRECOMPILES, prng } from './demo-calls.ts';

type Arg = 'word' | 'small' | 'shift' | 'offset' | 'length' | 'address' | 'key' | 'block' | 'gas' | 'value' | 'index';

interface Op {
  code: number;
  name: string;
  /** Arguments, top of the stack first. */
  args: readonly Arg[];
  /** Whether it leaves a value on the stack. */
  out: boolean;
  weight: number;
  since?: ExecutionFork;
}

const op = (code: number, name: string, args: readonly Arg[], out: boolean, weight = 2, since?: ExecutionFork): Op => ({ code, name, args, out, weight, ...(since ? { since } : {}) });
const W2: readonly Arg[] = ['word', 'word'];

/** The opcodes the programs draw from (stack, jump and push opcodes are in every program already). */
const OPS: readonly Op[] = [
  op(0x01, 'ADD', W2, true), op(0x02, 'MUL', W2, true), op(0x03, 'SUB', W2, true), op(0x04, 'DIV', W2, true),
  op(0x05, 'SDIV', W2, true), op(0x06, 'MOD', W2, true), op(0x07, 'SMOD', W2, true),
  op(0x08, 'ADDMOD', ['word', 'word', 'word'], true), op(0x09, 'MULMOD', ['word', 'word', 'word'], true),
  op(0x0a, 'EXP', W2, true, 3), op(0x0b, 'SIGNEXTEND', ['small', 'word'], true),
  op(0x10, 'LT', W2, true, 1), op(0x11, 'GT', W2, true, 1), op(0x12, 'SLT', W2, true), op(0x13, 'SGT', W2, true), op(0x14, 'EQ', W2, true, 1),
  op(0x15, 'ISZERO', ['word'], true, 1), op(0x16, 'AND', W2, true, 1), op(0x17, 'OR', W2, true, 1), op(0x18, 'XOR', W2, true, 1), op(0x19, 'NOT', ['word'], true, 1),
  op(0x1a, 'BYTE', ['small', 'word'], true), op(0x1b, 'SHL', ['shift', 'word'], true), op(0x1c, 'SHR', ['shift', 'word'], true), op(0x1d, 'SAR', ['shift', 'word'], true),
  op(0x1e, 'CLZ', ['word'], true, 3, 'osaka'),
  op(0x20, 'KECCAK256', ['offset', 'length'], true, 3),
  op(0x30, 'ADDRESS', [], true, 1), op(0x31, 'BALANCE', ['address'], true, 3), op(0x32, 'ORIGIN', [], true, 1), op(0x33, 'CALLER', [], true, 1),
  op(0x34, 'CALLVALUE', [], true, 1), op(0x35, 'CALLDATALOAD', ['offset'], true, 1), op(0x36, 'CALLDATASIZE', [], true, 1),
  op(0x37, 'CALLDATACOPY', ['offset', 'offset', 'length'], false), op(0x38, 'CODESIZE', [], true, 1), op(0x39, 'CODECOPY', ['offset', 'offset', 'length'], false),
  op(0x3a, 'GASPRICE', [], true, 1), op(0x3b, 'EXTCODESIZE', ['address'], true, 3), op(0x3c, 'EXTCODECOPY', ['address', 'offset', 'offset', 'length'], false, 3),
  op(0x3d, 'RETURNDATASIZE', [], true, 1), op(0x3e, 'RETURNDATACOPY', ['offset', 'index', 'index'], false, 1), op(0x3f, 'EXTCODEHASH', ['address'], true, 3),
  op(0x40, 'BLOCKHASH', ['block'], true, 3), op(0x41, 'COINBASE', [], true, 1), op(0x42, 'TIMESTAMP', [], true, 1), op(0x43, 'NUMBER', [], true, 1),
  op(0x44, 'PREVRANDAO', [], true, 1), op(0x45, 'GASLIMIT', [], true, 1), op(0x46, 'CHAINID', [], true, 1), op(0x47, 'SELFBALANCE', [], true, 1),
  op(0x48, 'BASEFEE', [], true, 1), op(0x49, 'BLOBHASH', ['index'], true, 1, 'cancun'), op(0x4a, 'BLOBBASEFEE', [], true, 1, 'cancun'),
  op(0x51, 'MLOAD', ['offset'], true), op(0x52, 'MSTORE', ['offset', 'word'], false), op(0x53, 'MSTORE8', ['offset', 'word'], false),
  op(0x54, 'SLOAD', ['key'], true, 3), op(0x55, 'SSTORE', ['key', 'word'], false, 4), op(0x58, 'PC', [], true, 1), op(0x59, 'MSIZE', [], true, 1),
  op(0x5a, 'GAS', [], true, 6), op(0x5c, 'TLOAD', ['key'], true, 2, 'cancun'), op(0x5d, 'TSTORE', ['key', 'word'], false, 2, 'cancun'),
  op(0x5e, 'MCOPY', ['offset', 'offset', 'length'], false, 3, 'cancun'),
  op(0xa0, 'LOG0', ['offset', 'length'], false, 1), op(0xa1, 'LOG1', ['offset', 'length', 'word'], false, 1),
  op(0xa2, 'LOG2', ['offset', 'length', 'word', 'word'], false, 1), op(0xa4, 'LOG4', ['offset', 'length', 'word', 'word', 'word', 'word'], false, 1),
  op(0xf0, 'CREATE', ['value', 'offset', 'length'], true, 2), op(0xf5, 'CREATE2', ['value', 'offset', 'length', 'word'], true, 2),
  op(0xf1, 'CALL', ['gas', 'address', 'value', 'offset', 'length', 'offset', 'length'], true, 6),
  op(0xf2, 'CALLCODE', ['gas', 'address', 'value', 'offset', 'length', 'offset', 'length'], true, 2),
  op(0xf4, 'DELEGATECALL', ['gas', 'address', 'offset', 'length', 'offset', 'length'], true, 3),
  op(0xfa, 'STATICCALL', ['gas', 'address', 'offset', 'length', 'offset', 'length'], true, 4),
];

const SELFDESTRUCT = 0xff;
/** Memory below this is the programs' scratch space; each result is a word above it. */
const RESULTS = 0x1000;
const MAX_OPS = 40;

/** A program and what it is made of (the opcodes' names, to read a disagreement by). */
export interface OpcodeProgram {
  label: string;
  call: Record<string, string>;
  ops: string[];
}

/** `count` programs for `fork`, from the generator seeded with `seed`. */
export function opcodePrograms(w: CallWorld, fork: ExecutionFork, seed: number, count: number): OpcodeProgram[] {
  const g = prng(seed);
  const ops = OPS.filter((o) => o.since === undefined || forkAtLeast(fork, o.since));
  const weights = ops.reduce((n, o) => n + o.weight, 0);
  const C = w.contracts;
  const addresses = [...w.accounts, C.token, C.pair, C.quoter, C.precompiles, C.inspector, ...PRECOMPILES.map((p) => p.address), '0x0000000000000000000000000000000000000000'];
  const word = (): bigint => g.pick([0n, 1n, 2n ** 255n, 2n ** 256n - 1n, 2n ** 255n - 1n, g.big(256), g.big(256), g.big(64), g.big(8)]);
  const arg = (kind: Arg): bigint => {
    switch (kind) {
      case 'word':
        return word();
      case 'small':
        return BigInt(g.pick([g.int(40), g.int(40), g.int(300)]));
      case 'shift':
        return BigInt(g.pick([g.int(257), g.int(300), 255, 256]));
      case 'offset':
        return BigInt(g.int(RESULTS - 0x100));
      case 'length':
        return BigInt(g.pick([0, g.int(33), g.int(0x100)]));
      case 'address':
        return BigInt(g.next() < 0.85 ? g.pick(addresses) : g.hex(20));
      case 'key':
        return g.bool() ? BigInt(g.int(4)) : g.big(256);
      case 'block': {
        const n = w.block.number - BigInt(g.int(6)) + BigInt(g.int(3));
        return n < 0n ? 0n : n;
      }
      case 'gas':
        return g.pick([0n, BigInt(g.int(30_000)), 100_000n, 2n ** 64n]);
      case 'value':
        return g.pick([0n, 0n, BigInt(g.int(1000)), 10n ** 30n]);
      case 'index':
        return BigInt(g.pick([0, 1, g.int(64)]));
    }
  };

  const programs: OpcodeProgram[] = [];
  for (let i = 0; i < count; i++) {
    const code: number[] = [];
    const names: string[] = [];
    let results = 0;
    const n = 1 + g.int(MAX_OPS);
    for (let k = 0; k < n; k++) {
      let r = g.int(weights);
      let j = 0;
      while (r >= ops[j]!.weight) r -= ops[j++]!.weight;
      const o = ops[j]!;
      names.push(o.name);
      for (const a of [...o.args].reverse()) code.push(...push(arg(a)));
      code.push(o.code);
      if (o.out) code.push(...push(BigInt(RESULTS + 32 * results++)), 0x52);
    }
    if (g.next() < 0.05) {
      names.push('SELFDESTRUCT');
      code.push(...push(arg('address')), SELFDESTRUCT);
    } else {
      // MSTORE8(RESULTS − 1, 0); RETURN(RESULTS − 1, 32 × results + 1)
      code.push(0x5f, ...push(BigInt(RESULTS - 1)), 0x53, ...push(BigInt(32 * results + 1)), ...push(BigInt(RESULTS - 1)), 0xf3);
    }
    const gas = g.pick(['0x30000', '0x100000', '0x100000', '0xf00000']);
    const value = g.pick(['0x0', '0x0', `0x${(1 + g.int(1 << 20)).toString(16)}`]);
    const call = { from: g.pick(w.accounts), data: toHex(code), gas, value };
    programs.push({ label: `program #${i} (${names.length} ops)`, call, ops: names });
  }
  return programs;
}

/** The shortest push of `v`: PUSH0 for zero. */
function push(v: bigint): number[] {
  if (v === 0n) return [0x5f];
  const bytes: number[] = [];
  for (let x = v; x > 0n; x >>= 8n) bytes.unshift(Number(x & 0xffn));
  return [0x5f + bytes.length, ...bytes];
}

function toHex(code: readonly number[]): Hex {
  return `0x${code.map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
