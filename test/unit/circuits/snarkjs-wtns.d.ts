/**
 * The snarkjs 0.7 calls the circuit tests make beyond those test/unit/zk/snarkjs.d.ts declares
 * (ambient module declarations merge).
 */
declare module 'snarkjs' {
  /** A file name, or fastfile's in-memory file ({ type: 'mem' }, filled in by the call). */
  type FileRef = string | { type: 'mem'; data?: Uint8Array };
  export const wtns: {
    calculate(input: Record<string, unknown>, wasmFile: string, wtnsFile: FileRef): Promise<void>;
    exportJson(wtnsFile: FileRef): Promise<bigint[]>;
  };
}
