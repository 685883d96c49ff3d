/**
 * The part of snarkjs 0.7 (a dev dependency without its own types) that Vigil's tests and
 * benchmarks call: the reference verifiers, the development setup and the provers.
 */
declare module 'snarkjs' {
  type Json = unknown;
  type Signals = (string | bigint)[];
  interface Logger {
    debug(msg: string): void;
    info(msg: string): void;
    warn(msg: string): void;
    error(msg: string): void;
  }
  interface Prover {
    fullProve(input: Record<string, unknown>, wasmFile: string, zkeyFile: string): Promise<{ proof: Json; publicSignals: string[] }>;
    verify(vkey: Json, publicSignals: Signals, proof: Json, logger?: Logger): Promise<boolean>;
  }
  export const groth16: Prover;
  export const plonk: Prover & { setup(r1cs: string, ptau: string, zkey: string): Promise<unknown> };
  export const fflonk: Prover & { setup(r1cs: string, ptau: string, zkey: string): Promise<unknown> };
  export interface Curve {
    terminate(): Promise<void>;
  }
  export const curves: {
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<Curve>;
  };
  export const powersOfTau: {
    newAccumulator(curve: Curve, power: number, file: string): Promise<unknown>;
    contribute(oldFile: string, newFile: string, name: string, entropy: string): Promise<unknown>;
    preparePhase2(oldFile: string, newFile: string): Promise<unknown>;
  };
  export const zKey: {
    newZKey(r1cs: string, ptau: string, zkey: string): Promise<unknown>;
    exportVerificationKey(zkey: string): Promise<Json>;
    exportSolidityVerifier(zkey: string, templates: Record<string, string>): Promise<string>;
  };
}
