/**
 * Real proofs made in the tests: circuits compiled with the npm `circom2` compiler (WASM build
 * of circom 2), set up and proven with snarkjs 0.7 over a tiny development powers of tau
 * (2^8) that is made once and cached in the user's cache directory
 * (`$XDG_CACHE_HOME/vigil-test`, default `~/.cache/vigil-test`), not under node_modules.
 *
 * snarkjs is made single-threaded for the whole process by seeding the curve it caches in
 * `globalThis.curve_bn128` with a `singleThread` one: every snarkjs entry point
 * (`getCurveFromName(name)` without options) then returns it, no worker threads are started,
 * and nothing is left running when the tests end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as snarkjs from 'snarkjs';
import type { ZkSystem } from '../../../src/zk/index.ts';

const PTAU_POWER = 8;
const SNARKJS_VERSION = '0.7.6';
const CIRCOM2 = fileURLToPath(new URL('../../../node_modules/circom2/cli.js', import.meta.url));

/** out = a·b·c + a, with c and d public and d ∈ {0, 1}. Public signals: [out, c, d]. */
export const MAIN = `pragma circom 2.0.0;
template Main() {
  signal input a;
  signal input b;
  signal input c;
  signal input d;
  signal output out;
  signal m;
  m <== a * b;
  out <== m * c + a;
  d * d === d;
}
component main {public [c, d]} = Main();
`;

/** No public signal at all: a·b = m, m·a = 12. */
export const SILENT = `pragma circom 2.0.0;
template Silent() {
  signal input a;
  signal input b;
  signal m;
  m <== a * b;
  m * a === 12;
}
component main = Silent();
`;

export interface Artifacts {
  vkey: any;
  proof: any;
  publicSignals: string[];
}

let seeded: Promise<void> | undefined;
/** Makes every snarkjs call of this process use one single-threaded BN254 curve. */
export function singleThreadedSnarkjs(): Promise<void> {
  seeded ??= (async () => {
    const g = globalThis as { curve_bn128?: unknown };
    if (!g.curve_bn128) g.curve_bn128 = await snarkjs.curves.getCurveFromName('bn128', { singleThread: true });
  })();
  return seeded;
}

export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = join(base, 'vigil-test');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The development powers of tau (2^8, one contribution, phase 2 prepared): made on first use
 * (a few seconds), then read from the cache. Written under a temporary name and renamed, so
 * concurrent test files never see half a file. Not a trusted setup: for tests only.
 */
export async function devPtau(): Promise<string> {
  const file = join(cacheDir(), `pot${PTAU_POWER}-snarkjs${SNARKJS_VERSION}.ptau`);
  if (existsSync(file)) return file;
  await singleThreadedSnarkjs();
  const tmp = mkdtempSync(join(cacheDir(), 'tmp-'));
  try {
    const curve = await snarkjs.curves.getCurveFromName('bn128');
    await snarkjs.powersOfTau.newAccumulator(curve, PTAU_POWER, join(tmp, '0.ptau'));
    await snarkjs.powersOfTau.contribute(join(tmp, '0.ptau'), join(tmp, '1.ptau'), 'vigil test', 'vigil test entropy');
    await snarkjs.powersOfTau.preparePhase2(join(tmp, '1.ptau'), join(tmp, 'final.ptau'));
    renameSync(join(tmp, 'final.ptau'), file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return file;
}

/** Compiles `source` with circom2 into a fresh temporary directory: its .r1cs and witness .wasm. */
export function compileCircuit(name: string, source: string): { dir: string; r1cs: string; wasm: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-circom-'));
  writeFileSync(join(dir, `${name}.circom`), source);
  // circom2 resolves paths against its working directory (WASI preopens): run it inside `dir`.
  const r = spawnSync(process.execPath, [CIRCOM2, `${name}.circom`, '--r1cs', '--wasm', '-o', '.'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`circom2 failed (${r.status}): ${r.stderr || r.stdout}`);
  return { dir, r1cs: join(dir, `${name}.r1cs`), wasm: join(dir, `${name}_js`, `${name}.wasm`) };
}

/**
 * Sets up `circuit` for groth16, plonk and fflonk, exports each key's Solidity verifier, and
 * proves each `input` with each system of `prove` (all three by default). Removes the circuit's temporary directory when done.
 */
export async function proveAll(
  circuit: { dir: string; r1cs: string; wasm: string },
  inputs: Record<string, unknown>[],
  prove: readonly ZkSystem[] = ['groth16', 'plonk', 'fflonk'],
): Promise<Record<ZkSystem, { vkey: any; proofs: Artifacts[]; solidity: string }>> {
  await singleThreadedSnarkjs();
  const ptau = await devPtau();
  const out = {} as Record<ZkSystem, { vkey: any; proofs: Artifacts[]; solidity: string }>;
  try {
    for (const system of ['groth16', 'plonk', 'fflonk'] as const) {
      const zkey = join(circuit.dir, `${system}.zkey`);
      if (system === 'groth16') await snarkjs.zKey.newZKey(circuit.r1cs, ptau, zkey);
      else await snarkjs[system].setup(circuit.r1cs, ptau, zkey);
      const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
      const proofs: Artifacts[] = [];
      for (const input of prove.includes(system) ? inputs : []) {
        const { proof, publicSignals } = await snarkjs[system].fullProve(input, circuit.wasm, zkey);
        proofs.push({ vkey, proof, publicSignals });
      }
      const solidity = await snarkjs.zKey.exportSolidityVerifier(zkey, solidityTemplates());
      out[system] = { vkey, proofs, solidity };
    }
  } finally {
    rmSync(circuit.dir, { recursive: true, force: true });
  }
  return out;
}

/** snarkjs's Solidity verifier templates, as its CLI passes them to `zKey.exportSolidityVerifier`. */
export function solidityTemplates(): Record<ZkSystem, string> {
  const dir = new URL('../../../node_modules/snarkjs/templates/', import.meta.url);
  const read = (system: ZkSystem) => readFileSync(new URL(`verifier_${system}.sol.ejs`, dir), 'utf8');
  return { groth16: read('groth16'), plonk: read('plonk'), fflonk: read('fflonk') };
}

/** snarkjs's verdict; a throw (its verifiers throw on some bad inputs) counts as "rejected". */
export async function snarkjsVerdict(system: ZkSystem, vkey: unknown, publicSignals: unknown, proof: unknown): Promise<boolean> {
  await singleThreadedSnarkjs();
  try {
    return await snarkjs[system].verify(vkey, publicSignals as string[], proof);
  } catch {
    return false;
  }
}
