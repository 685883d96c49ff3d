/** A few-opcode assembler for test contracts: `asm('PUSH1 0x00 SLOAD PUSH0 MSTORE ...')`. */
const OPCODES: Record<string, number> = {
  STOP: 0x00, ADD: 0x01, MUL: 0x02, SUB: 0x03, DIV: 0x04, LT: 0x10, GT: 0x11, EQ: 0x14, ISZERO: 0x15, AND: 0x16, NOT: 0x19, SHL: 0x1b, SHR: 0x1c, CLZ: 0x1e,
  KECCAK256: 0x20, ADDRESS: 0x30, BALANCE: 0x31, ORIGIN: 0x32, CALLER: 0x33, CALLVALUE: 0x34, CALLDATALOAD: 0x35, CALLDATASIZE: 0x36,
  CALLDATACOPY: 0x37, CODESIZE: 0x38, CODECOPY: 0x39, GASPRICE: 0x3a, EXTCODESIZE: 0x3b, EXTCODECOPY: 0x3c, RETURNDATASIZE: 0x3d,
  RETURNDATACOPY: 0x3e, EXTCODEHASH: 0x3f, BLOCKHASH: 0x40, COINBASE: 0x41, TIMESTAMP: 0x42, NUMBER: 0x43, PREVRANDAO: 0x44,
  GASLIMIT: 0x45, CHAINID: 0x46, SELFBALANCE: 0x47, BASEFEE: 0x48, BLOBHASH: 0x49, BLOBBASEFEE: 0x4a, POP: 0x50, MLOAD: 0x51,
  MSTORE: 0x52, SLOAD: 0x54, SSTORE: 0x55, JUMP: 0x56, JUMPI: 0x57, MSIZE: 0x59, GAS: 0x5a, JUMPDEST: 0x5b, TLOAD: 0x5c, TSTORE: 0x5d,
  MCOPY: 0x5e, PUSH0: 0x5f, DUP1: 0x80, DUP2: 0x81, DUP3: 0x82, SWAP1: 0x90, SWAP2: 0x91, LOG0: 0xa0, LOG1: 0xa1, LOG2: 0xa2,
  CREATE: 0xf0, CALL: 0xf1, RETURN: 0xf3, DELEGATECALL: 0xf4, CREATE2: 0xf5, STATICCALL: 0xfa, REVERT: 0xfd, INVALID: 0xfe,
};

export function asm(source: string): string {
  const out: number[] = [];
  const tokens = source.trim().split(/\s+/);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const push = /^PUSH(\d+)$/.exec(t);
    if (push && push[1] !== '0') {
      const n = Number(push[1]);
      const arg = tokens[++i]!.replace(/^0x/, '').padStart(n * 2, '0');
      if (arg.length !== n * 2) throw new Error(`${t} ${arg}: wrong width`);
      out.push(0x5f + n, ...arg.match(/../g)!.map((h) => parseInt(h, 16)));
      continue;
    }
    const op = OPCODES[t];
    if (op === undefined) throw new Error(`unknown opcode ${t}`);
    out.push(op);
  }
  return '0x' + out.map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Code that returns the 32-byte word left on the stack by `body`. */
export const returnsWord = (body: string) => asm(`${body} PUSH0 MSTORE PUSH1 0x20 PUSH0 RETURN`);
