/**
 * snarkjs proofs of the zk tests' circuits (test/unit/zk/circom.ts: MAIN, three public signals;
 * SILENT, none) for Groth16, PLONK and FFLONK, made once and kept in the tests' cache directory
 * (setting up and proving takes seconds; the proofs are random but any valid one is a seed).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keccak256 } from '../../../src/crypto/keccak.ts';
import { bytesToHex } from '../../../src/core/bytes.ts';
import type { ZkSystem } from '../../../src/zk/index.ts';
import { type Artifacts, cacheDir, compileCircuit, MAIN, proveAll, SILENT } from '../../unit/zk/circom.ts';
import { groth16Fixture } from '../../unit/zk/helpers.ts';

export interface ZkSeeds {
  proofs: Record<ZkSystem, Artifacts[]>;
  /** The MAIN circuit's key as the Solidity verifier snarkjs exports. */
  solidity: Record<ZkSystem, string>;
}

const VERSION = 'snarkjs0.7.6-v2';

async function make(): Promise<ZkSeeds> {
  const main = await proveAll(compileCircuit('main', MAIN), [
    { a: 3, b: 5, c: 7, d: 0 },
    { a: 2, b: 9, c: 4, d: 1 },
  ]);
  // snarkjs 0.7.6's PLONK prover fails on a circuit without public signals (see snarkjs.test.ts).
  const silent = await proveAll(compileCircuit('silent', SILENT), [{ a: 2, b: 3 }], ['groth16', 'fflonk']);
  return {
    proofs: {
      groth16: [...main.groth16.proofs, ...silent.groth16.proofs],
      plonk: main.plonk.proofs,
      fflonk: [...main.fflonk.proofs, ...silent.fflonk.proofs],
    },
    solidity: { groth16: main.groth16.solidity, plonk: main.plonk.solidity, fflonk: main.fflonk.solidity },
  };
}

/** The circuits' proofs (from the cache when made before), and for Groth16 the two real fixtures too. */
export async function zkSeeds(): Promise<ZkSeeds> {
  const id = bytesToHex(keccak256(new TextEncoder().encode(VERSION + MAIN + SILENT))).slice(2, 18);
  const file = join(cacheDir(), `fuzz-zk-${id}.json`);
  let made: ZkSeeds;
  if (existsSync(file)) made = JSON.parse(readFileSync(file, 'utf8'));
  else {
    made = await make();
    writeFileSync(`${file}.tmp`, JSON.stringify(made));
    renameSync(`${file}.tmp`, file);
  }
  const fixtures = (['sp1-arithmetic', 'gnark-cubic'] as const).map(groth16Fixture);
  return { ...made, proofs: { ...made.proofs, groth16: [...made.proofs.groth16, ...fixtures] } };
}
